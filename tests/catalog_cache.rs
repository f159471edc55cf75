//! The catalog cache as a user meets it: a `--catalog` file's second start
//! reads the cache, and every command prints exactly what it printed from
//! the parse; a cache that went bad is rebuilt; a cache directory that
//! cannot be written costs one line on stderr; pipes are not cached; the
//! layering rules run on a cached file too.

mod common;

#[path = "support/synth.rs"]
mod synth;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::medsets;

/// A synthetic catalog file, old enough to be cached (a file changed in
/// the last two seconds is not).
fn settled_catalog(dir: &Path, n: usize) -> PathBuf {
    let path = dir.join("big.json");
    let mut bytes = Vec::new();
    synth::write_json(n, synth::DEFAULT_SEED, &mut bytes).unwrap();
    std::fs::write(&path, bytes).unwrap();
    std::thread::sleep(Duration::from_millis(2100));
    path
}

/// stdout, stderr and the exit code of `medsets --no-embedded --catalog
/// FILE ARGS` with its cache in `cache`.
fn run(cache: &Path, catalog: &Path, args: &[&str]) -> (Vec<u8>, String, Option<i32>) {
    let output = medsets()
        .env("MEDSETS_CACHE_DIR", cache)
        .arg("--no-embedded")
        .arg("--catalog")
        .arg(catalog)
        .args(args)
        .output()
        .unwrap();
    (
        output.stdout,
        String::from_utf8(output.stderr).unwrap(),
        output.status.code(),
    )
}

fn cache_files(cache: &Path) -> Vec<PathBuf> {
    match std::fs::read_dir(cache.join("catalogs")) {
        Ok(entries) => entries.map(|e| e.unwrap().path()).collect(),
        Err(_) => Vec::new(),
    }
}

fn inode(path: &Path) -> u64 {
    std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(path).unwrap())
}

const COMMANDS: &[&[&str]] = &[
    &["search", "chest ct", "--limit", "20"],
    &["search", "lung seg", "--json"],
    &["search", "m:ct a:open", "--sort", "year", "--format", "csv"],
    &["search", "zzqqxx"],
    &["list"],
    &["list", "--json"],
    &["export", "--format", "markdown"],
    &["export", "--format", "croissant"],
];

#[test]
fn cold_and_warm_starts_print_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = settled_catalog(dir.path(), 300);
    let cache = dir.path().join("cache");
    let first_id = {
        let (json, _, _) = run(&cache, &catalog, &["list", "--json"]);
        let list: Vec<serde_json::Value> = serde_json::from_slice(&json).unwrap();
        list[0]["id"].as_str().unwrap().to_string()
    };
    let show: &[&str] = &["show", &first_id];
    let show_json: &[&str] = &["show", &first_id, "--json"];
    let commands: Vec<&[&str]> = COMMANDS.iter().copied().chain([show, show_json]).collect();
    for args in commands {
        std::fs::remove_dir_all(&cache).ok();
        let cold = run(&cache, &catalog, args);
        assert_eq!(
            cache_files(&cache).len(),
            1,
            "{args:?}: the cold start wrote the cache"
        );
        let warm = run(&cache, &catalog, args);
        assert_eq!(cold, warm, "{args:?}");
        assert!(
            cold.1.is_empty() || args.get(1) == Some(&"zzqqxx"),
            "{args:?}: {}",
            cold.1
        );
    }
}

#[test]
fn a_bad_cache_is_rebuilt_and_a_changed_file_is_read_again() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = settled_catalog(dir.path(), 50);
    let cache = dir.path().join("cache");
    let args: &[&str] = &["list", "--json"];
    let cold = run(&cache, &catalog, args);
    let [file] = cache_files(&cache).try_into().unwrap();
    let good = std::fs::read(&file).unwrap();
    // Flipped, cut short: read from the file again, same output, and the
    // cache written anew.
    let mut flipped = good.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 1;
    for bad in [flipped, good[..good.len() - 10].to_vec()] {
        std::fs::write(&file, &bad).unwrap();
        assert_eq!(run(&cache, &catalog, args), cold);
        assert_eq!(std::fs::read(&file).unwrap(), good, "rebuilt");
        let rebuilt = inode(&file);
        assert_eq!(run(&cache, &catalog, args), cold);
        assert_eq!(inode(&file), rebuilt, "and used");
    }
    // The catalog itself changed (a dataset renamed, same length): the new
    // text is what is printed.
    let text = std::fs::read_to_string(&catalog).unwrap();
    let list: Vec<serde_json::Value> = serde_json::from_slice(&cold.0).unwrap();
    let name = list[0]["name"].as_str().unwrap();
    let renamed: String = name.chars().rev().collect();
    std::fs::write(&catalog, text.replacen(name, &renamed, 1)).unwrap();
    let after = run(&cache, &catalog, args);
    let list: Vec<serde_json::Value> = serde_json::from_slice(&after.0).unwrap();
    assert_eq!(list[0]["name"].as_str(), Some(renamed.as_str()));
}

#[test]
fn an_unwritable_cache_directory_costs_one_line_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = settled_catalog(dir.path(), 50);
    let good_cache = dir.path().join("cache");
    let expected = run(&good_cache, &catalog, &["search", "chest", "--json"]);
    // A directory that cannot be made (its parent is a file: this works
    // for root too, who may write to read-only directories).
    let blocker = dir.path().join("not-a-dir");
    std::fs::write(&blocker, "").unwrap();
    let cache = blocker.join("medsets");
    let other = dir.path().join("other.json");
    let body = serde_json::json!({
        "version": 1,
        "categories": [{"id": "lab", "name": "Lab"}],
        "datasets": [{"id": "lab-only-ct", "name": "Lab chest CT",
            "categories": ["lab"], "summary": "s", "access": "open",
            "urls": [{"label": "Home", "url": "https://lab.example.org/"}]}]
    });
    std::fs::write(&other, body.to_string()).unwrap();
    std::thread::sleep(Duration::from_millis(2100));
    for catalogs in [vec![&catalog], vec![&catalog, &other]] {
        let mut cmd = medsets();
        cmd.env("MEDSETS_CACHE_DIR", &cache).arg("--no-embedded");
        for path in &catalogs {
            cmd.arg("--catalog").arg(path);
        }
        let output = cmd.args(["search", "chest", "--json"]).output().unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(
            stderr.contains("cannot write the catalog cache"),
            "{stderr}"
        );
        assert!(output.status.success());
        if catalogs.len() == 1 {
            assert_eq!(output.stdout, expected.0);
        } else {
            let found = String::from_utf8(output.stdout).unwrap();
            assert!(found.contains("lab-only-ct"), "{found}");
        }
    }
}

#[test]
fn pipes_are_read_and_not_cached() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = settled_catalog(dir.path(), 20);
    let cache = dir.path().join("cache");
    let output = medsets()
        .env("MEDSETS_CACHE_DIR", &cache)
        .args(["--no-embedded", "--catalog", "/dev/stdin", "list"])
        .pipe_stdin(&catalog)
        .unwrap()
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(output.stderr.is_empty());
    assert!(cache_files(&cache).is_empty());
    assert_eq!(output.stdout, run(&cache, &catalog, &["list"]).0);
}

#[test]
fn the_layering_rules_run_on_a_cached_file() {
    let dir = tempfile::tempdir().unwrap();
    let lab = dir.path().join("lab.json");
    let body = serde_json::json!({
        "version": 1,
        "categories": [{"id": "imaging", "name": "Imaging"}],
        "datasets": [{"id": "vqa-rad", "name": "VQA-RAD (lab copy)", "override": true,
            "categories": ["imaging"], "summary": "s", "access": "open",
            "urls": [{"label": "Home", "url": "https://lab.example.org/"}]}]
    });
    std::fs::write(&lab, serde_json::to_string_pretty(&body).unwrap()).unwrap();
    std::thread::sleep(Duration::from_millis(2100));
    let cache = dir.path().join("cache");
    let layered = |embedded: bool| {
        let mut cmd = medsets();
        cmd.env("MEDSETS_CACHE_DIR", &cache);
        if !embedded {
            cmd.arg("--no-embedded");
        }
        let output = cmd
            .arg("--catalog")
            .arg(&lab)
            .args(["show", "vqa-rad", "--json"])
            .output()
            .unwrap();
        (
            output.stdout,
            String::from_utf8(output.stderr).unwrap(),
            output.status.code(),
        )
    };
    // Over the embedded catalog the override replaces; alone it has
    // nothing to replace — cold and warm alike.
    let over = layered(true);
    assert_eq!(over.2, Some(0), "{}", over.1);
    assert_eq!(cache_files(&cache).len(), 1);
    assert_eq!(layered(true), over);
    let alone = layered(false);
    assert_eq!(alone.2, Some(2));
    assert!(alone.1.contains("no earlier catalog"), "{}", alone.1);
    assert_eq!(layered(false), alone);
}
