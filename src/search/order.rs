//! The orders results can be listed in: `--sort` and the TUI's `s` key.

use crate::catalog::Catalog;

use super::fold::fold;
use super::index::Hit;

/// How hits are ordered: `medsets search/list --sort` and the TUI's `s` key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum SortOrder {
    /// Best score first; with no query (or facets only) that is catalog order.
    #[default]
    Relevance,
    /// By name, ignoring case.
    Name,
    /// Newest first; undated last.
    Year,
    /// Largest first: by size in bytes, then by the first size figure; unknown last.
    Size,
}

impl SortOrder {
    pub const ALL: [SortOrder; 4] = [
        SortOrder::Relevance,
        SortOrder::Name,
        SortOrder::Year,
        SortOrder::Size,
    ];

    /// The order after this one, wrapping round: what `s` switches to.
    pub fn next(self) -> SortOrder {
        match self {
            SortOrder::Relevance => SortOrder::Name,
            SortOrder::Name => SortOrder::Year,
            SortOrder::Year => SortOrder::Size,
            SortOrder::Size => SortOrder::Relevance,
        }
    }

    /// The name used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            SortOrder::Relevance => "relevance",
            SortOrder::Name => "name",
            SortOrder::Year => "year",
            SortOrder::Size => "size",
        }
    }

    /// For the status line: `sort: year (newest first)`.
    pub fn label(self) -> &'static str {
        match self {
            SortOrder::Relevance => "relevance",
            SortOrder::Name => "name (A–Z)",
            SortOrder::Year => "year (newest first)",
            SortOrder::Size => "size (largest first)",
        }
    }
}

/// Orders hits in place. Relevance is score (best first), then catalog
/// order. The others sort stably, so ties keep the order the hits came in
/// (relevance, from [`Index::search`]); unknown years and sizes go last.
pub fn sort_hits(hits: &mut [Hit], order: SortOrder, catalog: &Catalog) {
    let dataset = |hit: &Hit| catalog.datasets.get(hit.dataset);
    match order {
        SortOrder::Relevance => {
            hits.sort_by(|a, b| b.score.cmp(&a.score).then(a.dataset.cmp(&b.dataset)))
        }
        SortOrder::Name => hits.sort_by_cached_key(|hit| {
            dataset(hit).map(|d| {
                let name = fold(&d.name);
                (name.to_lowercase(), name)
            })
        }),
        SortOrder::Year => {
            hits.sort_by_key(|hit| std::cmp::Reverse(dataset(hit).and_then(|d| d.year)))
        }
        SortOrder::Size => hits.sort_by_key(|hit| {
            std::cmp::Reverse(
                dataset(hit).map(|d| (d.size_bytes, d.size.first().map(|figure| figure.value))),
            )
        }),
    }
}
