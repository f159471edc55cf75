//! medsets: a terminal browser for medical-imaging and medical-AI datasets.
//!
//! The binary is a thin shell over this library so that tests, examples and
//! benchmarks drive the same code a user does.

pub mod args;
pub mod catalog;
pub mod cli;
pub mod format;
pub mod lang;
pub mod sanitize;
pub mod search;
pub mod synth;
