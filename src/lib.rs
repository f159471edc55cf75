//! medsets: a terminal browser for medical-imaging and medical-AI datasets.
//!
//! The binary is a thin shell over this library so that tests, examples and
//! benchmarks drive the same code a user does.

pub mod actions;
pub mod app;
pub mod args;
pub mod catalog;
pub mod check;
pub mod check_cmd;
pub mod cli;
pub mod download;
pub mod export;
pub mod facets;
pub mod format;
pub mod lang;
pub mod link_cache;
pub mod picker;
pub mod prose;
pub mod sanitize;
pub mod search;
pub mod synth;
pub mod tui;
pub mod ui;
pub mod view;
