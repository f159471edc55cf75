//! Command-line arguments (clap derive). The surface is fixed in the design notes.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::lang::Lang;

#[derive(Debug, Parser)]
#[command(
    name = "medsets",
    version,
    about = "Browse, filter and fetch medical-imaging and medical-AI datasets",
    long_about = "Browse, filter and fetch medical-imaging and medical-AI datasets.\n\n\
        With no subcommand, opens the two-pane TUI on the catalog built into the binary.\n\
        Exit codes: 0 ok, 1 nothing found (or an invalid catalog in `validate`), \
        2 usage error or unreadable/invalid input."
)]
pub struct Cli {
    /// Use FILE instead of the embedded catalog
    #[arg(long, global = true, value_name = "FILE", env = "MEDSETS_CATALOG")]
    pub catalog: Option<PathBuf>,

    /// Language of summaries and category names [default: from the locale]
    #[arg(long, global = true, value_enum, env = "MEDSETS_LANG")]
    pub lang: Option<Lang>,

    /// When to use colour in output (NO_COLOR is honoured for `auto`)
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List datasets, in catalog order
    List {
        /// Only datasets in this category (an id such as `imaging`)
        #[arg(long, value_name = "ID")]
        category: Option<String>,
        /// Print a JSON array of dataset objects
        #[arg(long)]
        json: bool,
    },
    /// Search with the TUI's matcher and ranking (fzf syntax: 'exact ^prefix suffix$ !not)
    Search {
        /// The query; several words must all match
        #[arg(required = true, num_args = 1.., value_name = "QUERY")]
        query: Vec<String>,
        /// Print at most N results
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
        /// Print a JSON array of dataset objects, each with a "score"
        #[arg(long)]
        json: bool,
    },
    /// Show one dataset in full (by id, name or alias; case-insensitive)
    Show {
        #[arg(value_name = "ID")]
        id: String,
        /// Print the dataset object as JSON
        #[arg(long)]
        json: bool,
    },
    /// Print a dataset's download URLs, one per line, primary first
    Urls {
        #[arg(value_name = "ID")]
        id: String,
    },
    /// Print the catalog in use as JSON (a starting point for a custom catalog)
    Export,
    /// Check a catalog file and list every problem with line:column
    Validate {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
}
