//! `medsets import`, end to end: each fixture list (tests/fixtures/import/,
//! sources in its README) imported by the binary, the counts asserted, the
//! draft validated and browsed with `--catalog`.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::medsets;
use predicates::prelude::*;
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

struct Imported {
    catalog: Value,
    report: String,
    file: tempfile::NamedTempFile,
}

impl Imported {
    fn datasets(&self) -> &Vec<Value> {
        self.catalog["datasets"].as_array().unwrap()
    }
    fn categories(&self) -> &Vec<Value> {
        self.catalog["categories"].as_array().unwrap()
    }
    fn urls(&self) -> BTreeSet<String> {
        self.datasets()
            .iter()
            .flat_map(|d| d["urls"].as_array().unwrap())
            .map(|u| u["url"].as_str().unwrap().to_string())
            .collect()
    }
    fn path(&self) -> &Path {
        self.file.path()
    }
    fn by_name(&self, name: &str) -> &Value {
        self.datasets()
            .iter()
            .find(|d| d["name"] == name)
            .unwrap_or_else(|| panic!("no dataset named {name}"))
    }
}

/// Imports a fixture, checks the draft with `medsets validate` and keeps it
/// in a file for `--catalog`.
fn import(name: &str) -> Imported {
    let output = medsets()
        .args(["import"])
        .arg(fixture(name))
        .output()
        .unwrap();
    let report = String::from_utf8(output.stderr).unwrap();
    assert!(output.status.success(), "{report}");
    let catalog: Value = serde_json::from_slice(&output.stdout).expect("stdout is the catalog");
    let file = tempfile::NamedTempFile::new_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    std::fs::write(file.path(), &output.stdout).unwrap();
    medsets()
        .arg("validate")
        .arg(file.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("valid catalog"));
    let imported = Imported {
        catalog,
        report,
        file,
    };
    let (d, c, u) = (
        imported.datasets().len(),
        imported.categories().len(),
        imported
            .datasets()
            .iter()
            .map(|d| d["urls"].as_array().unwrap().len())
            .sum::<usize>(),
    );
    assert!(
        imported.report.contains(&format!(
            "imported {d} datasets in {c} categories with {u} URLs"
        )),
        "{}",
        imported.report
    );
    for dataset in imported.datasets() {
        assert_eq!(dataset["access"], "unknown", "{dataset}");
    }
    imported
}

fn search(catalog: &Path, query: &str) -> String {
    let output = medsets()
        .args(["--no-embedded", "--catalog"])
        .arg(catalog)
        .args(["search", query, "--format", "json"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{query}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let hits: Value = serde_json::from_slice(&output.stdout).unwrap();
    hits[0]["id"].as_str().unwrap().to_string()
}

/// Every http(s) URL written in a text, as the seed writes them (ending at
/// whitespace, CJK brackets and full-width colons).
fn urls_in(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (at, _) in text.match_indices("http") {
        let rest = &text[at..];
        if !(rest.starts_with("http://") || rest.starts_with("https://")) {
            continue;
        }
        let end = rest
            .find(|c: char| c.is_whitespace() || !c.is_ascii() || c == ')')
            .unwrap_or(rest.len());
        out.insert(rest[..end].trim_end_matches(['.', ',']).to_string());
    }
    out
}

#[test]
fn the_seed_list_gives_back_its_5_categories_40_datasets_and_every_url() {
    let imported = import("seed-medical-imaging-datasets.md");
    assert_eq!(imported.categories().len(), 5);
    assert_eq!(imported.datasets().len(), 40);
    let seed = std::fs::read_to_string(fixture("seed-medical-imaging-datasets.md")).unwrap();
    let written = urls_in(&seed);
    assert_eq!(written.len(), 45);
    assert_eq!(imported.urls(), written);

    // MIMIC-CXR, listed in two categories, is one dataset in both.
    let mimic: Vec<&Value> = imported
        .datasets()
        .iter()
        .filter(|d| d["name"].as_str().unwrap().starts_with("MIMIC-CXR"))
        .collect();
    assert_eq!(mimic.len(), 1);
    assert_eq!(mimic[0]["categories"].as_array().unwrap().len(), 2);
    assert!(
        imported
            .report
            .contains("\"MIMIC-CXR Database\" is \"MIMIC-CXR\"")
    );
    assert_eq!(mimic[0]["modalities"][0], "X-ray");
    assert_eq!(mimic[0]["body_regions"][0], "Chest");

    // Chinese headings and summaries go to the _zh fields.
    let first = &imported.categories()[0];
    assert_eq!(first["name_zh"], "QA类型与语言类型的数据集");
    let padchest = imported.by_name("PadChest");
    assert!(padchest["summary_zh"].as_str().unwrap().contains("胸部"));
    // Labels: link text, a short label before the URL, or the host.
    let chat = imported.by_name("Chat-Doctor");
    assert_eq!(chat["urls"][0]["label"], "InstructorDoctor-5K");
    assert_eq!(
        imported.by_name("SLAKE")["urls"][0]["label"],
        "huggingface.co"
    );
    assert_eq!(imported.by_name("SLAKE")["license"], Value::Null);

    // Browsable: search, facets and download commands on the draft.
    assert_eq!(search(imported.path(), "vindr mammo"), "vindr-mammo");
    assert_eq!(
        search(imported.path(), "m:x-ray a:unknown cxr"),
        "mimic-cxr"
    );
    medsets()
        .args(["--no-embedded", "--catalog"])
        .arg(imported.path())
        .args(["cmd", "slake"])
        .assert()
        .success()
        .stdout(predicate::str::contains("hf download BoKelvin/SLAKE"));
    medsets()
        .args(["--no-embedded", "--catalog"])
        .arg(imported.path())
        .args(["show", "slake"])
        .assert()
        .success()
        .stdout(predicate::str::contains("UNKNOWN"))
        .stdout(predicate::str::contains("not stated"));
}

#[test]
fn the_openmedlab_tables_give_their_dataset_rows_and_skip_the_other_sections() {
    let imported = import("openmedlab-awesome-medical-dataset.md");
    // 375 dataset rows: one without an absolute URL is skipped, one repeated
    // row is merged.
    assert_eq!(imported.datasets().len(), 373);
    assert_eq!(imported.categories().len(), 12);
    assert_eq!(imported.urls().len(), 350);
    assert!(
        imported.report.contains("skipped 50 items"),
        "{}",
        imported.report
    );
    for section in [
        "Dataset Platforms",
        "Evaluation Benchmark",
        "SOTA Methods",
        "Related Foundation Toolbox Projects",
        "Other Medical Awesome Collection Projects",
    ] {
        assert!(
            imported
                .report
                .contains(&format!("in section \"{section}\", which lists")),
            "{section}: {}",
            imported.report
        );
    }
    assert!(
        imported.report.contains("line 354: \"Retina"),
        "{}",
        imported.report
    );
    let ct_org = imported.by_name("CT-ORG");
    assert_eq!(ct_org["categories"][0], "whole-body");
    assert_eq!(ct_org["modalities"][0], "CT");
    assert_eq!(ct_org["year"], 2020);
    assert_eq!(ct_org["size"][0]["value"], 140);
    assert_eq!(ct_org["urls"][0]["label"], "Github");
    assert_eq!(
        search(imported.path(), "totalsegmentator mri"),
        "totalsegmentator-mri"
    );
}

#[test]
fn the_sfikas_bullets_with_bare_urls_become_datasets() {
    let imported = import("sfikas-medical-imaging-datasets.md");
    assert_eq!(imported.datasets().len(), 45);
    assert_eq!(imported.categories().len(), 3);
    assert_eq!(imported.urls().len(), 52);
    let civm = &imported.datasets()[0];
    assert_eq!(civm["urls"][1]["label"], "user guide");
    assert!(imported.report.contains("before the first section heading"));
    assert!(imported.report.contains("no name (a bare URL only)"));
    assert!(imported.report.contains("which lists methods and results"));
    // BCNB is listed under two headings: one dataset in both.
    let bcnb = imported.by_name("BCNB: Early Breast Cancer Core-Needle Biopsy WSI Dataset");
    assert_eq!(bcnb["categories"].as_array().unwrap().len(), 2);
    assert_eq!(
        search(imported.path(), "ddsm"),
        "ddsm-digital-database-for-screening-mammography"
    );
}

#[test]
fn headings_that_are_links_with_a_keywords_line_become_datasets() {
    let imported = import("keywords-headings.md");
    assert_eq!(imported.datasets().len(), 6);
    assert_eq!(imported.categories().len(), 3);
    assert_eq!(imported.urls().len(), 7);
    let chexpert = imported.by_name("CheXpert");
    assert_eq!(chexpert["size"][0]["value"], 224316);
    assert_eq!(chexpert["size"][0]["unit"], "images");
    assert_eq!(chexpert["modalities"][0], "X-ray");
    assert_eq!(chexpert["urls"][1]["label"], "Azure download page");
    let medpix = imported.by_name("MedPix 2.0");
    assert!(
        medpix["summary_zh"]
            .as_str()
            .unwrap()
            .starts_with("数据集包含")
    );
    assert!(!medpix["summary"].as_str().unwrap().contains('数'));
    assert_eq!(
        search(imported.path(), "m:histopathology prostate"),
        "panda"
    );
    medsets()
        .args(["--no-embedded", "--catalog"])
        .arg(imported.path())
        .args(["cmd", "panda"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "kaggle competitions download -c prostate-cancer-grade-assessment",
        ));
}

#[test]
fn an_unreadable_file_or_a_list_without_datasets_says_so_on_stderr() {
    medsets()
        .args(["import", "/nonexistent/list.md"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("cannot read"));
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let empty = dir.path().join("empty.md");
    std::fs::write(&empty, "# Nothing\n\n- just \u{1b}[31mtext\n").unwrap();
    medsets()
        .arg("import")
        .arg(&empty)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("imported 0 datasets"))
        .stderr(predicate::str::contains("\u{1b}").not());
    let binary = dir.path().join("binary.md");
    std::fs::write(&binary, b"\xff\xfe# x").unwrap();
    medsets()
        .arg("import")
        .arg(&binary)
        .assert()
        .code(2)
        .stdout("");
}

mod property {
    use proptest::prelude::*;

    /// Words of every kind a list has: plain, CJK, vocabulary words,
    /// controls and escapes, bidi overrides, Markdown punctuation.
    fn word() -> impl Strategy<Value = String> {
        prop_oneof![
            "[A-Za-z0-9-]{1,10}",
            Just("数据集".to_string()),
            Just("（1）胸部CT".to_string()),
            Just("CT".to_string()),
            Just("chest X-ray".to_string()),
            Just("\u{1b}[31m".to_string()),
            Just("\u{202e}evil".to_string()),
            Just("\u{7}\u{0}\u{9b}".to_string()),
            Just("**".to_string()),
            Just("|".to_string()),
            Just("：".to_string()),
            Just("https://".to_string()),
            Just("1,018 cases".to_string()),
            "\\PC{0,6}",
        ]
    }

    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(word(), 0..5).prop_map(|w| w.join(" "))
    }

    fn url() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("https://example.org/a".to_string()),
            Just("https://huggingface.co/datasets/o/n".to_string()),
            Just("http://x.y/p?q=1#f".to_string()),
            Just("javascript:alert(1)".to_string()),
            Just("https://exa mple.org".to_string()),
            Just("https:/broken".to_string()),
            Just("./resources/a.md".to_string()),
            Just("#anchor".to_string()),
            "https://[a-z]{1,8}\\.org/[a-z\u{202e}\u{1b}]{0,5}",
        ]
    }

    fn line() -> impl Strategy<Value = String> {
        prop_oneof![
            (1..5usize, text()).prop_map(|(n, t)| format!("{} {t}", "#".repeat(n))),
            (1..4usize, text(), url())
                .prop_map(|(n, t, u)| format!("{} [{t}]({u})", "#".repeat(n))),
            (text(), url()).prop_map(|(t, u)| format!("- {t} {u}")),
            (text(), url(), text()).prop_map(|(t, u, d)| format!("* [{t}]({u}): {d}")),
            (text(), url()).prop_map(|(t, u)| format!("  - {t}：{u}")),
            (text(), text()).prop_map(|(l, t)| format!("- **{l}：**{t}")),
            text().prop_map(|t| format!("**Keywords**: {t}")),
            Just("| Dataset | Description | Official Website | Release Date |".to_string()),
            Just("|:--|:--|:--|:--|".to_string()),
            (text(), text(), url(), text())
                .prop_map(|(n, d, u, y)| format!("| [{n}](./r.md) | {d} | [Site]({u}) | {y} |")),
            Just("<details>".to_string()),
            Just("</details>".to_string()),
            Just(String::new()),
            text(),
            any::<String>(),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Whatever the Markdown, the draft (when there is one) is a valid
        /// catalog, and the report carries no terminal controls.
        #[test]
        fn import_never_emits_an_invalid_catalog(lines in prop::collection::vec(line(), 0..40)) {
            let markdown = lines.join("\n");
            let imported = medsets::import::import(&markdown);
            if let Some(catalog) = &imported.catalog {
                let json = serde_json::to_string_pretty(catalog).unwrap();
                if let Err(problems) = medsets::catalog::load_str(&json, "draft.json") {
                    panic!("{problems}\n--- markdown:\n{markdown}\n--- json:\n{json}");
                }
                prop_assert_eq!(imported.report.datasets, catalog.datasets.len());
            } else {
                prop_assert_eq!(imported.report.datasets, 0);
            }
            let report = imported.report.to_string();
            prop_assert!(
                !report.chars().any(|c| c != '\n' && (c.is_control() || medsets::sanitize::is_unsafe(c))),
                "{:?}",
                report
            );
        }
    }
}
