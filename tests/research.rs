//! The research-workflow surface of issue 4, run as a user runs it: facet
//! terms in `search`, `cmd`, `--sort` and `--format`.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn medsets() -> Command {
    let mut cmd = Command::cargo_bin("medsets").unwrap();
    cmd.env_remove("MEDSETS_CATALOG")
        .env_remove("MEDSETS_LANG")
        .env_remove("NO_COLOR")
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES");
    cmd
}

fn stdout(cmd: &mut Command) -> String {
    let output = cmd.output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn json_ids(cmd: &mut Command) -> Vec<String> {
    let value: Value = serde_json::from_str(&stdout(cmd)).unwrap();
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn open_ct_datasets_only() {
    let value: Value =
        serde_json::from_str(&stdout(medsets().args(["search", "m:ct a:open", "--json"]))).unwrap();
    let hits = value.as_array().unwrap();
    assert!(hits.len() >= 5, "{hits:?}");
    for hit in hits {
        assert_eq!(hit["access"], "open", "{}", hit["id"]);
        assert!(
            hit["modalities"].as_array().unwrap().iter().any(|m| m
                .as_str()
                .unwrap()
                .to_lowercase()
                .starts_with("ct")),
            "{}",
            hit["id"]
        );
        assert_eq!(hit["score"], 0, "facets alone do not score");
    }
}

#[test]
fn negated_access_excludes_mimic_cxr() {
    let ids = json_ids(medsets().args(["search", "!a:credentialed m:x-ray", "--json"]));
    assert!(!ids.contains(&"mimic-cxr".to_string()), "{ids:?}");
    assert!(!ids.contains(&"vindr-cxr".to_string()), "{ids:?}");
    assert!(ids.contains(&"nih-chestx-ray14".to_string()), "{ids:?}");
}

#[test]
fn facets_only_list_in_catalog_order() {
    let ids = json_ids(medsets().args(["search", "year:2018..2019", "--json"]));
    let all = json_ids(medsets().args(["list", "--json"]));
    let positions: Vec<usize> = ids
        .iter()
        .map(|id| all.iter().position(|a| a == id).unwrap())
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{ids:?}");
    assert!(ids.contains(&"vqa-rad".to_string()));
}

#[test]
fn an_unknown_facet_is_a_usage_error_listing_the_keys() {
    medsets()
        .args(["search", "mod:ct"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("unknown facet \"mod:\""))
        .stderr(predicate::str::contains(
            "modality (m), region (r), task (t), access (a), category (c), lang (l), \
             domain (d), license, year",
        ));
    medsets()
        .args(["search", "year:next"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad year \"next\""));
}
