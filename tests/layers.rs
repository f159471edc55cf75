//! Layered catalogs as a user meets them: `--catalog` adds to the embedded
//! catalog, `MEDSETS_CATALOG` takes a list, `--no-embedded` leaves it out,
//! repeated ids are errors unless overridden, every dataset says where it
//! came from and `src:` filters on it.

mod common;

use std::path::{Path, PathBuf};

use common::medsets;
use predicates::prelude::*;
use serde_json::{Value, json};

fn dataset(id: &str, name: &str) -> Value {
    json!({"id": id, "name": name, "categories": ["imaging"],
        "summary": "A lab's own scans.", "access": "open", "modalities": ["CT"],
        "urls": [{"label": "Lab server", "url": format!("https://lab.example.org/{id}.zip")}]})
}

fn write_catalog(dir: &Path, name: &str, datasets: Vec<Value>) -> PathBuf {
    let path = dir.join(name);
    let body = json!({
        "version": 1,
        "categories": [{"id": "imaging", "name": "Imaging"}],
        "datasets": datasets
    });
    std::fs::write(&path, serde_json::to_string_pretty(&body).unwrap()).unwrap();
    path
}

fn stdout(args: &[&str], catalogs: &[&Path]) -> String {
    let mut cmd = medsets();
    for path in catalogs {
        cmd.arg("--catalog").arg(path);
    }
    let output = cmd.args(args).output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn ids(json: &str) -> Vec<String> {
    serde_json::from_str::<Vec<Value>>(json)
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_lab_catalog_sits_beside_the_embedded_one() {
    let dir = tempfile::tempdir().unwrap();
    let lab = write_catalog(
        dir.path(),
        "lab.json",
        vec![dataset("lab-liver-ct", "Lab liver CT")],
    );
    let all = ids(&stdout(&["list", "--json"], &[&lab]));
    assert_eq!(all.len(), 41);
    assert_eq!(all.last().unwrap(), "lab-liver-ct");
    assert!(all.contains(&"vqa-rad".to_string()));

    // Each dataset says where it came from: in show, and beside its object
    // in --json output.
    let shown = stdout(&["show", "lab-liver-ct"], &[&lab]);
    let catalog_line = format!("Catalog    {}", lab.display());
    assert!(shown.contains(&catalog_line), "{shown}");
    assert!(!stdout(&["show", "vqa-rad"], &[&lab]).contains("Catalog  "));
    let object: Value =
        serde_json::from_str(&stdout(&["show", "lab-liver-ct", "--json"], &[&lab])).unwrap();
    assert_eq!(object["source"], lab.display().to_string());
    let embedded: Value =
        serde_json::from_str(&stdout(&["show", "vqa-rad", "--json"], &[&lab])).unwrap();
    assert_eq!(embedded["source"], "embedded");
    // Not part of the catalog's shape: export leaves it out.
    assert!(!stdout(&["export"], &[&lab]).contains("\"source\""));

    // src: filters by file name, path or "embedded"; other facets still work.
    assert_eq!(
        ids(&stdout(&["search", "src:lab", "--json"], &[&lab])),
        ["lab-liver-ct"]
    );
    let from_path = format!("src:{}", lab.display());
    assert_eq!(
        ids(&stdout(&["search", &from_path, "--json"], &[&lab])),
        ["lab-liver-ct"]
    );
    assert_eq!(
        ids(&stdout(&["search", "src:embedded", "--json"], &[&lab])).len(),
        40
    );
    assert!(
        !ids(&stdout(
            &["search", "!src:embedded m:ct", "--json"],
            &[&lab]
        ))
        .iter()
        .any(|id| id != "lab-liver-ct")
    );
    assert!(
        ids(&stdout(&["search", "liver ct", "--json"], &[&lab]))
            .contains(&"lab-liver-ct".to_string())
    );
}

#[test]
fn several_files_from_flags_or_the_environment_layer_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let a = write_catalog(dir.path(), "a.json", vec![dataset("lab-a", "A")]);
    let b = write_catalog(dir.path(), "b.json", vec![dataset("lab-b", "B")]);
    let listed = ids(&stdout(&["--no-embedded", "list", "--json"], &[&a, &b]));
    assert_eq!(listed, ["lab-a", "lab-b"]);
    let joined = format!("{}:{}", a.display(), b.display());
    let output = medsets()
        .env("MEDSETS_CATALOG", &joined)
        .args(["list", "--json"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let listed = ids(&String::from_utf8(output.stdout).unwrap());
    assert_eq!(listed.len(), 42);
    assert_eq!(&listed[40..], ["lab-a", "lab-b"]);
}

#[test]
fn a_repeated_id_is_an_error_naming_both_sources() {
    let dir = tempfile::tempdir().unwrap();
    let mine = write_catalog(dir.path(), "mine.json", vec![dataset("vqa-rad", "Mine")]);
    medsets()
        .arg("--catalog")
        .arg(&mine)
        .args(["list"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            predicate::str::contains(format!("{}:", mine.display()))
                .and(predicate::str::contains(
                    "\"vqa-rad\" is already in the embedded catalog",
                ))
                .and(predicate::str::contains("\"override\": true")),
        );
    // Between two files: the later one's place, the earlier one's name.
    let first = write_catalog(dir.path(), "first.json", vec![dataset("lab-x", "X")]);
    let second = write_catalog(dir.path(), "second.json", vec![dataset("lab-x", "X again")]);
    let text = std::fs::read_to_string(&second).unwrap();
    let line = 1 + text
        .lines()
        .position(|l| l.contains("\"id\": \"lab-x\""))
        .unwrap();
    medsets()
        .args(["--catalog"])
        .arg(&first)
        .arg("--catalog")
        .arg(&second)
        .args(["search", "x"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains(format!("{}:{line}:", second.display())).and(
                predicate::str::contains(format!("already in {}", first.display())),
            ),
        );
}

#[test]
fn an_explicit_override_replaces_the_earlier_dataset_in_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let mut fixed = dataset("vqa-rad", "VQA-RAD (our mirror)");
    fixed["override"] = true.into();
    let ours = write_catalog(dir.path(), "ours.json", vec![fixed]);
    let listed: Vec<Value> = serde_json::from_str(&stdout(&["list", "--json"], &[&ours])).unwrap();
    assert_eq!(listed.len(), 40);
    let embedded = ids(&stdout(&["list", "--json"], &[]));
    let at = embedded.iter().position(|id| id == "vqa-rad").unwrap();
    assert_eq!(listed[at]["name"], "VQA-RAD (our mirror)");
    assert_eq!(listed[at]["source"], ours.display().to_string());
    assert!(listed[at].get("override").is_none());
    let shown = stdout(&["show", "vqa-rad"], &[&ours]);
    assert!(shown.contains("lab.example.org/vqa-rad.zip"), "{shown}");
    // An override of nothing is a mistake, said as one.
    medsets()
        .arg("--no-embedded")
        .arg("--catalog")
        .arg(&ours)
        .arg("list")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no earlier catalog has a dataset \"vqa-rad\"",
        ));
}

#[test]
fn no_catalog_at_all_is_a_usage_error() {
    medsets()
        .args(["--no-embedded", "list"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--catalog FILE"));
    medsets()
        .args(["--no-embedded"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--catalog FILE"));
}

#[test]
fn validate_still_checks_one_file_on_its_own() {
    let dir = tempfile::tempdir().unwrap();
    // A lab file that reuses an embedded id is a valid file; only using
    // it over the embedded catalog needs "override".
    let mine = write_catalog(dir.path(), "mine.json", vec![dataset("vqa-rad", "Mine")]);
    medsets()
        .arg("validate")
        .arg(&mine)
        .assert()
        .success()
        .stdout(predicate::str::contains("valid catalog: 1 datasets"));
}
