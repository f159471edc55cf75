//! Command-line arguments (clap derive). The surface is fixed in the design notes.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::catalog::Layers;
use crate::lang::Lang;
use crate::search::SortOrder;

#[derive(Debug, Parser)]
#[command(
    name = "medsets",
    version = concat!(env!("CARGO_PKG_VERSION"), " (", env!("MEDSETS_CATALOG_SUMMARY"), ")"),
    about = "Browse, filter and fetch medical-imaging and medical-AI datasets",
    long_about = "Browse, filter and fetch medical-imaging and medical-AI datasets.\n\n\
        With no subcommand, opens the two-pane TUI on the catalog built into the binary.\n\
        Exit codes: 0 ok, 1 nothing found (or an invalid catalog in `validate`), \
        2 usage error or unreadable/invalid input."
)]
pub struct Cli {
    /// Add the catalog in FILE, after the embedded one (repeat for more;
    /// MEDSETS_CATALOG takes a `:`-separated list)
    #[arg(
        long,
        global = true,
        value_name = "FILE",
        env = "MEDSETS_CATALOG",
        value_delimiter = ':'
    )]
    pub catalog: Vec<PathBuf>,

    /// Leave the embedded catalog out: only the --catalog files
    #[arg(long, global = true)]
    pub no_embedded: bool,

    /// Language of summaries and category names [default: from the locale]
    #[arg(long, global = true, value_enum, env = "MEDSETS_LANG")]
    pub lang: Option<Lang>,

    /// When to use colour in output (NO_COLOR is honoured for `auto`)
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Option<Command>,
}

impl Cli {
    /// The catalogs the options name, in order.
    pub fn layers(&self) -> Layers {
        Layers {
            embedded: !self.no_embedded,
            files: self
                .catalog
                .iter()
                .filter(|path| !path.as_os_str().is_empty())
                .cloned()
                .collect(),
            cache: crate::files::cache_dir(),
        }
    }
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
        /// Order: relevance (here: catalog order), name, year (newest first),
        /// size (largest first)
        #[arg(long, value_enum, default_value_t = SortOrder::Relevance)]
        sort: SortOrder,
        /// Output format
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Print a JSON array of dataset objects (same as --format json)
        #[arg(long, conflicts_with = "format")]
        json: bool,
        /// Only the datasets of the shortlist
        #[arg(long)]
        shortlist: bool,
    },
    /// Search with the TUI's matcher and ranking (fzf syntax: 'exact ^prefix
    /// suffix$ !not; facets: m:ct a:open !a:credentialed year:>=2020 …)
    Search {
        /// The query; several words must all match
        #[arg(required = true, num_args = 1.., value_name = "QUERY")]
        query: Vec<String>,
        /// Print at most N results (after sorting)
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
        /// Order: relevance (best match first), name, year (newest first),
        /// size (largest first)
        #[arg(long, value_enum, default_value_t = SortOrder::Relevance)]
        sort: SortOrder,
        /// Output format (json and csv add each result's score)
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Print a JSON array of dataset objects, each with a "score" (same
        /// as --format json)
        #[arg(long, conflicts_with = "format")]
        json: bool,
    },
    /// Show one dataset in full (by id, name or alias; case-insensitive)
    Show {
        /// Dataset ids, names or aliases (shown in turn)
        #[arg(value_name = "ID", required_unless_present = "shortlist")]
        ids: Vec<String>,
        /// Print the dataset object as JSON (an array for several)
        #[arg(long)]
        json: bool,
        /// Also every dataset of the shortlist
        #[arg(long)]
        shortlist: bool,
    },
    /// Print a dataset's download URLs, one per line, primary first
    Urls {
        /// Dataset ids, names or aliases (their URLs in turn)
        #[arg(value_name = "ID", required_unless_present = "shortlist")]
        ids: Vec<String>,
        /// Also every dataset of the shortlist (the marks of the browser)
        #[arg(long)]
        shortlist: bool,
    },
    /// Print the commands that download a dataset, one per URL, each with a
    /// `#` line of prerequisites (or a `#` line saying what to do instead)
    Cmd {
        /// Dataset ids, names or aliases (their commands in turn)
        #[arg(value_name = "ID", required_unless_present = "shortlist")]
        ids: Vec<String>,
        /// Only the Nth URL (1-based, as numbered by `show`)
        #[arg(long, value_name = "N")]
        url: Option<usize>,
        /// Also every dataset of the shortlist
        #[arg(long)]
        shortlist: bool,
    },
    /// Print a bash script that downloads datasets, one directory each
    #[command(
        long_about = "Print a bash script that downloads datasets: the ones named, the \
            shortlist's (--shortlist) and those a search finds (--query), each once. The script \
            checks its prerequisites first (naming each missing tool and how to install it), \
            puts every dataset in its own directory under DIR, resumes interrupted downloads, \
            verifies checksums where the host publishes them (Zenodo md5, PhysioNet SHA-256), \
            and skips datasets an earlier run finished. Datasets that need an account, \
            credentials or approval are commented steps naming what to set; no secret is \
            written into the script. Mirrors and copies of data an earlier link fetches are \
            listed as comments.\n\n\
            Exit codes: 0 printed, 1 nothing chosen or found, 2 usage error or unknown dataset."
    )]
    Script {
        /// Dataset ids, names or aliases
        #[arg(value_name = "ID")]
        ids: Vec<String>,
        /// Also every dataset of the shortlist
        #[arg(long)]
        shortlist: bool,
        /// Also every dataset this search finds (the syntax of `search`)
        #[arg(long, value_name = "QUERY")]
        query: Option<String>,
        /// Where the datasets' directories go (the script's first argument
        /// overrides it)
        #[arg(long, value_name = "DIR", default_value = ".")]
        dir: String,
    },
    /// Compare datasets side by side: modality, region, tasks, size,
    /// access, licence, year, languages, primary link
    Compare {
        /// Dataset ids, names or aliases (one column each)
        #[arg(value_name = "ID", required_unless_present = "shortlist")]
        ids: Vec<String>,
        /// Also every dataset of the shortlist
        #[arg(long)]
        shortlist: bool,
        #[arg(long, value_enum, default_value_t = CompareFormat::Text)]
        format: CompareFormat,
    },
    /// Print what to cite for datasets: every citation each asks for
    /// (its paper, the data DOI its host asks for, the host's own paper)
    #[command(
        long_about = "Print what to cite for datasets: every citation each one asks for — its \
            paper, the data DOI its host asks users to cite (TCIA, PhysioNet, Zenodo), and the \
            host's own paper where it asks for it (PhysioNet). An entry shared by several \
            datasets is printed once.\n\n\
            Exit codes: 0 printed, 1 an unknown dataset (with a suggestion), 2 usage error."
    )]
    Cite {
        /// Dataset ids, names or aliases
        #[arg(value_name = "ID", required_unless_present = "shortlist")]
        ids: Vec<String>,
        /// Also every dataset of the shortlist (the marks of the browser)
        #[arg(long)]
        shortlist: bool,
        #[arg(long, value_enum, default_value_t = CiteFormat::Bibtex)]
        format: CiteFormat,
    },
    /// Print a shell completion script: `medsets completions bash >
    /// ~/.local/share/bash-completion/completions/medsets`
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `medsets man | man -l -`
    Man,
    /// Print the catalog in use: JSON (a starting point for a custom
    /// catalog), CSV (one row per dataset), a Markdown list by category, or
    /// Croissant metadata
    Export {
        /// Only these datasets (ids, names or aliases) [default: every dataset]
        #[arg(value_name = "ID")]
        ids: Vec<String>,
        #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
        format: ExportFormat,
        /// Only the datasets of the shortlist (with IDs: those as well)
        #[arg(long)]
        shortlist: bool,
    },
    /// The shortlist: datasets marked in the browser (Space), kept in
    /// $XDG_STATE_HOME/medsets/shortlist.json
    Shortlist {
        #[command(subcommand)]
        action: ShortlistAction,
    },
    /// Check a catalog file and list every problem with line:column
    Validate {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Turn a Markdown list of datasets (an awesome-list) into a draft catalog
    #[command(
        long_about = "Turn a Markdown list of datasets (an awesome-list) into a draft catalog: \
            categories from headings; datasets from list items, table rows or a heading per \
            dataset; every URL with a label. The catalog JSON goes to stdout; a report (counts, \
            entries merged, every item skipped with its line and why) to stderr. Access is \
            \"unknown\" and the licence not stated wherever the list does not say.\n\n\
            Exit codes: 0 datasets found, 1 none found (nothing on stdout), \
            2 unreadable file."
    )]
    Import {
        #[arg(value_name = "FILE.md")]
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

#[derive(Debug, Subcommand)]
pub enum ShortlistAction {
    /// Mark datasets (ids, names or aliases)
    Add {
        #[arg(value_name = "ID", required = true)]
        ids: Vec<String>,
    },
    /// Unmark datasets
    Rm {
        #[arg(value_name = "ID", required = true)]
        ids: Vec<String>,
    },
    /// Unmark everything
    Clear,
    /// The marked datasets of the catalog in use
    List {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

/// Output of `compare`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompareFormat {
    /// Aligned columns, one per dataset
    Text,
    /// A Markdown table, one column per dataset
    Markdown,
    /// One row per dataset, one column per fact
    Csv,
}

/// Output of `cite`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CiteFormat {
    /// BibTeX entries, as the catalog holds them
    Bibtex,
    /// A CSL-JSON array (Zotero, pandoc --citeproc)
    CslJson,
    /// One readable reference per line
    Text,
}

/// Output of `list` and `search`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned rows for reading
    Text,
    /// A JSON array of dataset objects in the catalog's shape
    Json,
    /// One row per dataset with a header; lists joined with "; "
    Csv,
    /// A Markdown list: a heading per category, an entry per dataset
    Markdown,
}

/// Output of `export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// The whole catalog as JSON, in the catalog file's shape
    Json,
    /// One row per dataset with a header; lists joined with "; "
    Csv,
    /// A Markdown list: a heading per category, an entry per dataset
    Markdown,
    /// Croissant 1.0 JSON-LD metadata: an object for one dataset named, an
    /// array otherwise
    Croissant,
}

impl ExportFormat {
    /// The format of `list` this export shares, if it is one of them.
    pub fn listing(self) -> Option<Format> {
        match self {
            ExportFormat::Json => Some(Format::Json),
            ExportFormat::Csv => Some(Format::Csv),
            ExportFormat::Markdown => Some(Format::Markdown),
            ExportFormat::Croissant => None,
        }
    }
}
