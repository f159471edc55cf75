//! `medsets script`: choose the datasets, print the download script.

use std::io::{self, Write};
use std::process::ExitCode;

use super::{EXIT_BAD_INPUT, EXIT_NOT_FOUND, EXIT_OK, chosen};
use crate::catalog::{Catalog, Dataset};
use crate::sanitize;
use crate::search::{self, Query, SortOrder};

/// The datasets named, the shortlist's and those `query` finds (best
/// first), each once; then the script that fetches them.
pub(super) fn run(
    catalog: &Catalog,
    ids: Vec<String>,
    shortlist: bool,
    query: Option<&str>,
    dir: &str,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<ExitCode> {
    if ids.is_empty() && !shortlist && query.is_none() {
        writeln!(
            err,
            "medsets: script needs datasets: name them, or add --shortlist or --query QUERY"
        )?;
        return Ok(ExitCode::from(EXIT_BAD_INPUT));
    }
    let mut datasets: Vec<&Dataset> = match chosen(catalog, ids, shortlist, err)? {
        Ok(datasets) => datasets,
        Err(code) => return Ok(code),
    };
    if let Some(text) = query {
        let query = Query::parse(text);
        if let Some(problem) = query.error() {
            writeln!(err, "medsets: {}", sanitize::line(problem))?;
            return Ok(ExitCode::from(EXIT_BAD_INPUT));
        }
        let mut hits = search::search_once(&catalog.categories, &catalog.datasets, &query);
        search::sort_hits(&mut hits, SortOrder::Relevance, catalog);
        for hit in hits {
            let dataset = &catalog.datasets[hit.dataset];
            if !datasets.iter().any(|d| d.id == dataset.id) {
                datasets.push(dataset);
            }
        }
    }
    if datasets.is_empty() {
        writeln!(err, "medsets: no dataset to fetch")?;
        return Ok(ExitCode::from(EXIT_NOT_FOUND));
    }
    let generator = format!("medsets {}", env!("CARGO_PKG_VERSION"));
    out.write_all(crate::script::script(&datasets, dir, &generator).as_bytes())?;
    Ok(ExitCode::from(EXIT_OK))
}
