//! The embedded catalog at start-up: read from records made ahead of time,
//! not parsed, and without the loader's checks, because the test suite has
//! already run every one of them on the very same data.
//!
//! `assets/catalog.json` is the source; `assets/catalog.records` holds what
//! the strict loader makes of it, as the catalog cache's records
//! (`record.rs`): strings end to end and integer words, so a start reads
//! them in place, copies no text and patches no pointers (a Rust-literal
//! form would hold one relocated pointer per string). Both files are part
//! of the binary (`include_bytes!`), so neither can change between the test
//! run and a user's start. Checking the JSON again on every start cost more
//! than everything else `medsets search` does on it (2.6–3.1 ms of a 4–5 ms
//! process on the project's 2-core machine), and even a plain serde pass
//! over it took 0.3 ms. The loader stays the one authority: the tests below
//! prove that the records are exactly the loader's result (and say how to
//! write them again when the JSON changed), that reading them gives the
//! catalog [`load_str`](super::load_str) / [`load_views`](super::load_views)
//! give, and that the strict loader accepts the JSON, so an invalid catalog
//! or stale records fail CI. Why records written by a test rather than by
//! `build.rs`: a build script cannot call the loader (crate code on
//! `biblatex`, `url`, rayon) without compiling it twice. Nothing else takes
//! this path: a `--catalog` file, and `medsets validate`, always get the
//! full loader.

use super::{Catalog, Category, DatasetView};

/// The embedded catalog as records (`record::encode_catalog` of what the
/// loader makes of `assets/catalog.json`), kept beside the JSON; the tests
/// below fail when the two differ, and say how to write it again.
static RECORDS: &[u8] = include_bytes!("../../assets/catalog.records");

fn read() -> (u32, Vec<Category>, Vec<DatasetView<'static>>) {
    super::record::decode_catalog(RECORDS)
        .expect("assets/catalog.records holds the records of assets/catalog.json (the tests check)")
}

/// The embedded catalog, owned: equal to what the loader makes of it; its
/// strings borrowed from the binary.
pub(super) fn catalog() -> Catalog {
    let (version, categories, datasets) = read();
    Catalog {
        version,
        categories,
        datasets: datasets
            .into_iter()
            .map(DatasetView::into_dataset)
            .collect(),
    }
}

/// The embedded catalog's version, categories and datasets read in place.
pub(super) fn views() -> (u32, Vec<Category>, Vec<DatasetView<'static>>) {
    read()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{
        Dataset, DatasetText, EMBEDDED_JSON, EMBEDDED_NAME, load_str, load_views,
    };

    /// Where `include_bytes!` reads the records from.
    const RECORDS_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/catalog.records");

    #[test]
    fn the_records_are_those_of_the_json_catalog() {
        let strict = load_str(EMBEDDED_JSON, EMBEDDED_NAME).expect("valid");
        let fresh = super::super::record::encode_catalog(&strict).expect("encodes");
        if fresh != RECORDS {
            if std::env::var_os("MEDSETS_WRITE_RECORDS").is_some() {
                std::fs::write(RECORDS_PATH, &fresh).expect("write the records");
                panic!("wrote {RECORDS_PATH}: build and test again");
            }
            panic!(
                "assets/catalog.records is out of date with assets/catalog.json: run \
                 `MEDSETS_WRITE_RECORDS=1 cargo test --lib embedded::tests::the_records`, \
                 then the tests again, and commit both files"
            );
        }
    }

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
