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
    /// Check that download links are alive (all datasets, or the ones named)
    #[command(
        long_about = "Check that download links are alive: every URL of the catalog, or of the \
            datasets named. Each URL gets one status: ok, moved (permanent redirect), gated \
            (401/403 or a login page), broken (404/410/other 4xx/5xx, DNS, TLS or connection \
            failure) or timeout. Results are remembered in the link cache \
            ($XDG_CACHE_HOME/medsets/links.json, or $MEDSETS_CACHE_DIR/links.json) and shown \
            by `medsets show`.\n\n\
            Exit codes: 0 no broken link, 1 a broken link (or no network at all), \
            2 usage error or unknown dataset."
    )]
    Check {
        /// Dataset ids, names or aliases [default: every dataset]
        #[arg(value_name = "ID")]
        ids: Vec<String>,
        /// Seconds allowed for one URL, redirects included (1-300)
        #[arg(long, value_name = "SECS", default_value_t = 10,
              value_parser = clap::value_parser!(u64).range(1..=300))]
        timeout: u64,
        /// Requests in flight at once (1-64); at most 2 go to one host
        #[arg(long, value_name = "N", default_value_t = 8,
              value_parser = clap::value_parser!(u64).range(1..=64))]
        jobs: u64,
        /// Print the results as JSON
        #[arg(long)]
        json: bool,
    },
}
