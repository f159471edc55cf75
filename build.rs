//! Names the embedded catalog in `medsets --version`: how many datasets it
//! holds and when its facts were last checked, read from the file that
//! `include_str!` embeds.

use std::fs;

fn main() {
    println!("cargo:rerun-if-changed=assets/catalog.json");
    let text = fs::read_to_string("assets/catalog.json").expect("assets/catalog.json");
    let catalog: serde_json::Value = serde_json::from_str(&text).expect("catalog JSON");
    let datasets = catalog["datasets"].as_array().map_or(0, Vec::len);
    let checked = catalog["datasets"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["verified"]["date"].as_str())
        .max()
        .unwrap_or("never");
    let schema = catalog["version"].as_u64().unwrap_or(0);
    println!(
        "cargo:rustc-env=MEDSETS_CATALOG_SUMMARY=embedded catalog: {datasets} datasets, schema {schema}, facts checked {checked}"
    );
}
