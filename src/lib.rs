//! medsets: a terminal browser for medical-imaging and medical-AI datasets.
//!
//! The binary is a thin shell over this library so that tests, examples and
//! benchmarks drive the same code a user does. ARCHITECTURE.md maps it.

pub mod catalog;
pub mod cite;
pub mod cli;
pub mod compare;
pub mod croissant;
pub mod describe;
pub mod download;
pub(crate) mod files;
pub(crate) mod format;
pub mod import;
pub mod lang;
pub(crate) mod links;
pub mod sanitize;
pub mod script;
pub mod search;
pub mod shortlist;
pub mod tui;
