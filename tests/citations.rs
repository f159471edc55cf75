//! Citing datasets, as a researcher does: `medsets cite` in every format,
//! the embedded citations against each dataset's own paper record, and the
//! lineage between datasets.

mod common;

use biblatex::{Bibliography, ChunksExt};
use common::medsets;
use medsets::catalog::{Catalog, CitationRole, RelationKind};
use predicates::prelude::*;
use serde_json::Value;

fn stdout(args: &[&str]) -> String {
    let output = medsets().args(args).output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn field(entry: &biblatex::Entry, key: &str) -> Option<String> {
    entry.get(key).map(|chunks| chunks.format_verbatim())
}

#[test]
fn every_dataset_has_a_paper_or_data_citation_that_parses() {
    let catalog = Catalog::embedded();
    for d in &catalog.datasets {
        assert!(!d.citations.is_empty(), "{} has no citation", d.id);
        for citation in &d.citations {
            let parsed =
                Bibliography::parse(&citation.bibtex).unwrap_or_else(|e| panic!("{}: {e:?}", d.id));
            assert_eq!(parsed.len(), 1, "{}", d.id);
            let entry = parsed.iter().next().unwrap();
            assert!(
                field(entry, "doi").is_some()
                    || field(entry, "eprint").is_some()
                    || field(entry, "url").is_some(),
                "{}: {} has no DOI, eprint or URL",
                d.id,
                entry.key
            );
        }
    }
}

#[test]
fn the_paper_citation_matches_the_paper_record() {
    let catalog = Catalog::embedded();
    for d in &catalog.datasets {
        let Some(paper) = &d.paper else { continue };
        let papers: Vec<_> = d
            .citations
            .iter()
            .filter(|c| c.role == CitationRole::Paper)
            .map(|c| Bibliography::parse(&c.bibtex).unwrap())
            .collect();
        assert!(
            !papers.is_empty(),
            "{}: a paper but no paper citation",
            d.id
        );
        let entry = papers[0].iter().next().unwrap();
        if let Some(id) = &paper.id {
            let id = id.to_lowercase();
            let matches = if let Some(doi) = id.strip_prefix("doi:") {
                field(entry, "doi").is_some_and(|d| d.to_lowercase() == doi)
            } else if let Some(arxiv) = id.strip_prefix("arxiv:") {
                field(entry, "eprint").is_some_and(|e| e.to_lowercase() == arxiv)
                    || field(entry, "doi").is_some_and(|d| d.to_lowercase().contains(arxiv))
            } else {
                true
            };
            assert!(
                matches,
                "{}: paper id {id} differs from the citation {}",
                d.id, entry.key
            );
        }
        if let Some(year) = paper.year {
            assert_eq!(
                field(entry, "year").and_then(|y| y.parse::<u16>().ok()),
                Some(year),
                "{}: year",
                d.id
            );
        }
    }
}

#[test]
fn tcia_and_physionet_collections_cite_their_data() {
    let catalog = Catalog::embedded();
    let lidc = catalog.dataset("lidc-idri").unwrap();
    assert!(lidc.citations.iter().any(
        |c| c.role == CitationRole::Data && c.bibtex.contains("10.7937/K9/TCIA.2015.LO9QL9SX")
    ));
    let mimic = catalog.dataset("mimic-cxr").unwrap();
    assert!(
        mimic
            .citations
            .iter()
            .any(|c| c.role == CitationRole::Platform)
    );
    assert!(mimic.citations.iter().any(|c| c.role == CitationRole::Data));
}

#[test]
fn cite_bibtex_round_trips_and_shares_entries_once() {
    let text = stdout(&["cite", "mimic-cxr", "vindr-cxr", "vqa-rad"]);
    let parsed = Bibliography::parse(&text).expect("cite's BibTeX parses back");
    let keys: Vec<String> = parsed.iter().map(|e| e.key.clone()).collect();
    let unique: std::collections::HashSet<_> = keys.iter().collect();
    assert_eq!(unique.len(), keys.len(), "{keys:?}");
    // Both PhysioNet sets ask for the platform paper; it is printed once.
    assert_eq!(text.matches("@article{goldberger2000").count(), 1, "{text}");
}

#[test]
fn cite_csl_json_is_what_reference_managers_read() {
    let text = stdout(&["cite", "vqa-rad", "lidc-idri", "--format", "csl-json"]);
    let items: Vec<Value> = serde_json::from_str(&text).expect("CSL-JSON is JSON");
    assert!(items.len() >= 3, "{items:?}");
    for item in &items {
        for key in ["id", "type", "title", "issued"] {
            assert!(item.get(key).is_some(), "{key} missing in {item}");
        }
        assert!(
            item.get("DOI").is_some() || item.get("URL").is_some(),
            "{item}"
        );
        assert!(item["issued"]["date-parts"][0][0].is_u64(), "{item}");
    }
    let vqa = items
        .iter()
        .find(|i| i["DOI"] == "10.1038/sdata.2018.251")
        .unwrap();
    assert_eq!(vqa["type"], "article-journal");
    assert_eq!(vqa["author"][0]["family"], "Lau");
}

#[test]
fn cite_text_is_one_reference_a_line() {
    let text = stdout(&["cite", "VQA-RAD", "--format", "text"]);
    let first = text.lines().next().unwrap();
    assert!(first.starts_with("Lau JJ"), "{text}");
    assert!(first.contains("(2018)") && first.contains("https://doi.org/10.1038/sdata.2018.251"));
}

#[test]
fn cite_unknown_id_suggests_and_exits_1() {
    medsets()
        .args(["cite", "vqa-ra"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("did you mean"));
    medsets().args(["cite"]).assert().code(2);
}

#[test]
fn sat_ds_and_its_members_agree() {
    let catalog = Catalog::embedded();
    let sat = catalog.dataset("sat-ds").unwrap();
    let members: Vec<&str> = sat
        .related
        .iter()
        .filter(|r| r.relation == RelationKind::HasMember)
        .map(|r| r.id.as_ref())
        .collect();
    for id in [
        "abdomenct-1k",
        "atlas-v2",
        "fdg-pet-ct-lesions",
        "ct-org",
        "fumpe",
        "pancreas-ct",
        "medical-segmentation-decathlon",
        "amos",
        "couinaud",
        "ctpelvic1k",
    ] {
        assert!(members.contains(&id), "{id} not a member: {members:?}");
    }
    assert!(
        !members.contains(&"lidc-idri"),
        "LIDC-IDRI is marked absent from SAT-DS"
    );
}

#[test]
fn show_has_cite_and_related_blocks_and_notes() {
    let text = stdout(&["show", "ct-org"]);
    assert!(text.contains("\nCite\n"), "{text}");
    assert!(
        text.contains("\nRelated\n") && text.contains("SAT-DS (sat-ds)"),
        "{text}"
    );
}

#[test]
fn no_summary_talks_about_the_source_list() {
    let catalog = Catalog::embedded();
    for d in &catalog.datasets {
        for text in [Some(d.summary.as_ref()), d.summary_zh.as_deref()]
            .into_iter()
            .flatten()
        {
            let lower = text.to_lowercase();
            assert!(
                !lower.contains("source list") && !text.contains("清单"),
                "{}: {text}",
                d.id
            );
        }
    }
}
