//! The embedded catalog at start-up: read in one serde pass, without the
//! loader's checks, because the test suite has already run every one of
//! them on the very same text.
//!
//! `assets/catalog.json` is part of the binary (`include_str!`), so it
//! cannot change between the test run and a user's start. Checking it again
//! on every start cost more than everything else `medsets search` does on
//! it: the two passes, every URL parsed, every BibTeX citation parsed by
//! `biblatex`, the cross-dataset rules, and the thread pool they run on
//! (2.6–3.1 ms of a 4–5 ms process on the project's 2-core machine; this
//! pass takes 0.3–0.5 ms). The loader stays the one authority: the tests
//! below prove that this pass and [`load_str`](super::load_str) /
//! [`load_views`](super::load_views) give equal catalogs, and that the
//! strict loader accepts the text, so an invalid or differently read
//! embedded catalog fails CI. Nothing else takes this path: a
//! `--catalog` file, and `medsets validate`, always get the full loader.
//!
//! Why not a `build.rs` that emits a pre-parsed form: the loader is crate
//! code (validation, `biblatex`, `url`, rayon) that a build script cannot
//! call without compiling it twice, and a hand-written generator of Rust
//! literals would be a second reader of the catalog to keep in step; the
//! JSON pass that remains is a tenth of the start-up it replaces.

use serde::Deserialize;

use super::{Catalog, Category, Dataset, DatasetView, EMBEDDED_JSON};

/// The shape the loader's first pass checks, read in one go.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Checked<D> {
    version: u32,
    categories: Vec<Category>,
    datasets: Vec<D>,
}

fn read<'a, D: Deserialize<'a>>() -> Checked<D> {
    serde_json::from_str(EMBEDDED_JSON)
        .unwrap_or_else(|err| panic!("the embedded catalog is invalid: {err}"))
}

/// The embedded catalog, owned: equal to what the loader makes of it.
pub(super) fn catalog() -> Catalog {
    let checked: Checked<Dataset> = read();
    Catalog {
        version: checked.version,
        categories: checked.categories,
        datasets: checked.datasets,
    }
}

/// The embedded catalog's version, categories and datasets read in place.
pub(super) fn views() -> (u32, Vec<Category>, Vec<DatasetView<'static>>) {
    let checked: Checked<DatasetView<'static>> = read();
    (checked.version, checked.categories, checked.datasets)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{DatasetText, EMBEDDED_NAME, load_str, load_views};

    #[test]
    fn the_strict_loader_accepts_the_embedded_catalog() {
        if let Err(err) = load_str(EMBEDDED_JSON, EMBEDDED_NAME) {
            panic!("assets/catalog.json is invalid:\n{err}");
        }
    }

    #[test]
    fn the_start_up_pass_reads_exactly_what_the_loader_reads() {
        let strict = load_str(EMBEDDED_JSON, EMBEDDED_NAME).expect("valid");
        assert_eq!(catalog(), strict, "owned datasets differ");

        let strict_views = load_views(EMBEDDED_JSON, EMBEDDED_NAME).expect("valid");
        let (version, categories, views) = views();
        assert_eq!(version, strict_views.version);
        assert_eq!(categories, strict_views.categories);
        assert_eq!(views.len(), strict_views.datasets.len());
        for (fast, strict) in views.iter().zip(&strict_views.datasets) {
            assert_eq!(fast.to_dataset(), strict.to_dataset(), "{}", strict.id());
        }
        // And the views hold what the owned datasets hold.
        let owned: Vec<Dataset> = views.iter().map(DatasetView::to_dataset).collect();
        assert_eq!(owned, strict.datasets);
    }
}
