//! The synthetic catalog generator behind `examples/synth.rs`: deterministic,
//! valid, and shaped like the real catalog.

#[path = "support/synth.rs"]
mod synth;

use std::collections::HashSet;

use assert_cmd::Command;
use medsets::catalog::{self, Catalog, check_web_url, is_kebab_case};
use synth::{DEFAULT_SEED, SUMMARY_MAX, SUMMARY_MIN};

fn json(n: usize, seed: u64) -> String {
    let mut out = Vec::new();
    synth::write_json(n, seed, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn has_cjk(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    assert_eq!(json(300, DEFAULT_SEED), json(300, DEFAULT_SEED));
    assert_ne!(json(300, DEFAULT_SEED), json(300, DEFAULT_SEED + 1));
    // A longer run starts with the shorter one: entry i depends only on the seed.
    let short = synth::catalog(50, 7);
    let long = synth::catalog(80, 7);
    assert_eq!(short.datasets[..], long.datasets[..50]);
}

#[test]
fn streamed_output_equals_the_pretty_printed_catalog() {
    for n in [0, 1, 2, 37] {
        let expected = serde_json::to_string_pretty(&synth::catalog(n, 3)).unwrap() + "\n";
        assert_eq!(json(n, 3), expected, "n = {n}");
    }
}

#[test]
fn output_loads_through_the_strict_loader() {
    for n in [1, 10, 1000] {
        let text = json(n, DEFAULT_SEED);
        let loaded = catalog::load_str(&text, "synth.json").unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(loaded, synth::catalog(n, DEFAULT_SEED));
        assert_eq!(loaded.datasets.len(), n);
        assert_eq!(loaded.categories.len(), 5);
    }
}

#[test]
fn shape_is_like_the_real_catalog() {
    let catalog = synth::catalog(2000, DEFAULT_SEED);
    let real = Catalog::embedded();
    let real_ids: Vec<&str> = real.categories.iter().map(|c| c.id.as_str()).collect();
    let ids: Vec<&str> = catalog.categories.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, real_ids, "the real catalog's categories, in order");
    assert!(
        catalog
            .categories
            .iter()
            .all(|c| c.name_zh.as_deref().is_some_and(has_cjk))
    );

    let mut seen = HashSet::new();
    let mut with_zh = 0;
    let mut hosts = HashSet::new();
    for d in &catalog.datasets {
        assert!(is_kebab_case(&d.id), "{}", d.id);
        assert!(seen.insert(d.id.as_ref()), "duplicate id {}", d.id);
        assert!(!d.name.trim().is_empty());
        let len = d.summary.chars().count();
        assert!(
            (SUMMARY_MIN..=SUMMARY_MAX).contains(&len),
            "{}: summary of {len} characters",
            d.id
        );
        assert!((1..=3).contains(&d.modalities.len()), "{}", d.id);
        assert!((1..=3).contains(&d.urls.len()), "{}", d.id);
        assert!(!d.tasks.is_empty(), "{}", d.id);
        assert!((2010..=2025).contains(&d.year.unwrap()), "{}", d.id);
        for link in &d.urls {
            check_web_url(&link.url).unwrap();
            hosts.insert(
                url::Url::parse(&link.url)
                    .unwrap()
                    .host_str()
                    .unwrap()
                    .to_string(),
            );
        }
        if let Some(zh) = &d.summary_zh {
            assert!(has_cjk(zh), "{}", d.id);
            with_zh += 1;
        }
    }
    let ratio = with_zh as f64 / catalog.datasets.len() as f64;
    assert!(
        (0.25..=0.35).contains(&ratio),
        "Chinese summaries on {ratio:.2}"
    );
    for host in [
        "huggingface.co",
        "zenodo.org",
        "physionet.org",
        "github.com",
        "www.kaggle.com",
        "www.cancerimagingarchive.net",
        "drive.google.com",
    ] {
        assert!(hosts.contains(host), "no URL on {host}");
    }
    // Every modality comes from the vocabulary the real catalog and the
    // generator share, so facet tests see familiar values.
    let known: HashSet<&str> = [
        "CT",
        "MRI",
        "X-ray",
        "PET",
        "PET/CT",
        "Mammography",
        "Ultrasound",
        "Histopathology",
        "Fundus",
        "OCT",
        "Endoscopy",
        "Dermoscopy",
        "Text",
    ]
    .into();
    for d in &catalog.datasets {
        for m in &d.modalities {
            assert!(known.contains(m.as_ref()), "{}: {m}", d.id);
        }
    }
}

#[test]
fn medsets_validate_accepts_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("synth.json");
    std::fs::write(&path, json(500, DEFAULT_SEED)).unwrap();
    Command::cargo_bin("medsets")
        .unwrap()
        .arg("validate")
        .arg(&path)
        .assert()
        .success()
        .stdout(predicates::str::contains("valid catalog: 500 datasets"));
}

/// `medsets search` reads datasets in place and keeps no index; on a
/// catalog large enough to be searched on every core it must still find
/// exactly what the TUI's index finds, in the same order.
#[test]
fn one_shot_search_equals_the_index_on_a_large_catalog() {
    use medsets::search::{self, Index, Query};
    let text = json(6000, DEFAULT_SEED);
    let catalog = catalog::load_str(&text, "synthetic.json").unwrap();
    let views = catalog::load_views(&text, "synthetic.json").unwrap();
    let index = Index::new(&catalog);
    index.add_prose_filters();
    let mut matcher = search::new_matcher();
    for query in [
        "chest ct",
        "lung seg",
        "mri brain",
        "m:ct",
        "m:ct a:open seg",
        "^brats",
        "!ct x-ray",
        "结核",
        "tuberculosis",
        "c",
        "ch",
        "ct$",
        "'chest",
        "",
    ] {
        let query = Query::parse(query);
        let expected = index.search(&query, &mut matcher);
        assert_eq!(
            search::search_once(&views.categories, &views.datasets, &query),
            expected,
            "{}",
            query.text()
        );
    }
}
