//! `medsets export --format croissant`: the documents as a user gets them,
//! parsed back, and checked by MLCommons' own validator when it is at hand.
//!
//! The validator check runs when `MEDSETS_MLCROISSANT` names the
//! `mlcroissant` command (CI installs it in a virtual environment, see
//! `.ci/run`) and fails when the tool rejects a document; without the
//! variable it says in one line that it was skipped.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use common::medsets;
use serde_json::Value;

const CONFORMS_TO: &str = "http://mlcommons.org/croissant/1.0";

/// stdout of `medsets ARGS`, which must succeed, as JSON.
fn export(args: &[&str]) -> Value {
    let output = medsets().args(args).output().unwrap();
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

fn croissant(ids: &[&str]) -> Value {
    let mut args = vec!["export", "--format", "croissant"];
    args.extend(ids);
    export(&args)
}

fn strings(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {value}"))
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect()
}

/// A line on the terminal even though the test harness captures output.
fn say(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

#[test]
fn every_embedded_dataset_exports_a_croissant_document() {
    let all = croissant(&[]);
    let catalog = export(&["export"]);
    let datasets = catalog["datasets"].as_array().unwrap();
    let documents = all.as_array().expect("no ids: an array");
    assert_eq!(documents.len(), datasets.len());
    assert_eq!(documents.len(), 40);
    for (doc, dataset) in documents.iter().zip(datasets) {
        let id = dataset["id"].as_str().unwrap();
        assert_eq!(doc["@type"], "sc:Dataset", "{id}");
        assert_eq!(doc["conformsTo"], CONFORMS_TO, "{id}");
        assert_eq!(
            doc["@context"]["cr"], "http://mlcommons.org/croissant/",
            "{id}"
        );
        assert_eq!(doc["@context"]["citeAs"], "cr:citeAs", "{id}");
        assert_eq!(doc["@context"]["conformsTo"], "dct:conformsTo", "{id}");
        assert_eq!(doc["name"], dataset["name"], "{id}");
        assert_eq!(doc["description"], dataset["summary"], "{id}");
        assert!(doc["url"].as_str().unwrap().starts_with("http"), "{id}");
        assert!(
            doc["conditionsOfAccess"]
                .as_str()
                .unwrap()
                .starts_with(&format!(
                    "Access: {}. Requires: ",
                    dataset["access"].as_str().unwrap()
                ))
        );
        assert!(doc["isAccessibleForFree"].is_boolean(), "{id}");
        assert!(!strings(&doc["sameAs"]).is_empty(), "{id}");
        assert!(
            doc.get("distribution").is_none(),
            "{id}: no files without checksums"
        );
        // One dataset named alone gives exactly its element of the array.
        if ["vqa-rad", "mimic-cxr", "quilt-1m"].contains(&id) {
            assert_eq!(&croissant(&[id]), doc, "{id}");
        }
    }
}

#[test]
fn vqa_rad_round_trips() {
    let doc = croissant(&["vqa-rad"]);
    assert!(doc.is_object(), "one id: one object");
    assert_eq!(doc["name"], "VQA-RAD");
    assert_eq!(doc["url"], "https://osf.io/89kps/");
    assert_eq!(doc["license"], "CC0 1.0");
    assert_eq!(doc["datePublished"], "2018");
    assert!(doc.get("version").is_none(), "its data citation names none");
    let cite = doc["citeAs"].as_str().unwrap();
    assert!(cite.starts_with("@article{lau2018dataset,"), "{cite}");
    assert!(
        cite.contains("@misc{lau2018vqaraddata,"),
        "the data DOI too: {cite}"
    );
    let keywords = strings(&doc["keywords"]);
    for word in ["CT", "MRI", "X-ray", "Chest", "VQA"] {
        assert!(keywords.contains(&word), "{word} in {keywords:?}");
    }
    assert_eq!(
        strings(&doc["sameAs"]),
        [
            "https://osf.io/89kps/",
            "https://huggingface.co/datasets/flaviagiammarino/vqa-rad"
        ],
        "download links; the paper page is cited, not the dataset"
    );
    assert_eq!(
        doc["conditionsOfAccess"],
        "Access: open. Requires: none: direct download."
    );
    assert_eq!(doc["isAccessibleForFree"], true);
    assert_eq!(
        doc["subjectOf"][0]["url"],
        "https://huggingface.co/api/datasets/flaviagiammarino/vqa-rad/croissant"
    );
}

#[test]
fn hosts_with_their_own_croissant_are_named() {
    let docs = croissant(&["slake", "fumpe", "pmc-casereport"]);
    let urls = |i: usize| -> Vec<&str> {
        docs[i]["subjectOf"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["url"].as_str().unwrap())
            .collect()
    };
    assert_eq!(
        urls(0),
        ["https://huggingface.co/api/datasets/BoKelvin/SLAKE/croissant"]
    );
    assert_eq!(
        docs[0]["subjectOf"][0]["encodingFormat"],
        "application/ld+json"
    );
    assert_eq!(
        urls(1),
        [
            "https://www.kaggle.com/datasets/andrewmvd/pulmonary-embolism-in-ct-images/croissant/download"
        ]
    );
    assert_eq!(urls(2).len(), 2, "one per Hugging Face repository");
}

#[test]
fn credentialed_physionet_data_is_not_free_and_says_why() {
    let doc = croissant(&["MIMIC-CXR"]);
    assert_eq!(doc["name"], "MIMIC-CXR");
    assert_eq!(doc["isAccessibleForFree"], false);
    assert_eq!(
        doc["conditionsOfAccess"],
        "Access: credentialed. Requires: identity check, human-subjects training and a \
         signed DUA."
    );
    assert_eq!(
        doc["license"],
        "PhysioNet Credentialed Health Data License 1.5.0"
    );
    assert_eq!(doc["datePublished"], "2019");
    assert_eq!(doc["version"], "2.1.0", "from the PhysioNet data citation");
    let cite = doc["citeAs"].as_str().unwrap();
    for key in [
        "johnson2019mimiccxr",
        "johnson2024mimiccxrdata",
        "goldberger2000physiobank",
    ] {
        assert!(cite.contains(key), "{key} in {cite}");
    }
    assert_eq!(
        strings(&doc["sameAs"])[0],
        "https://physionet.org/content/mimic-cxr/2.1.0/"
    );
    assert!(doc.get("subjectOf").is_none(), "PhysioNet publishes none");
}

#[test]
fn several_ids_give_an_array_and_an_unknown_one_fails() {
    let docs = croissant(&["vqa-rad", "mimic-cxr", "vqa-rad"]);
    let names: Vec<&str> = docs
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["VQA-RAD", "MIMIC-CXR"], "each once, in order");
    let out = medsets()
        .args(["export", "--format", "croissant", "mimic-cx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean: mimic-cxr"));
}

#[test]
fn the_shortlist_works_as_for_other_formats() {
    let state = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        medsets()
            .env("MEDSETS_STATE_DIR", state.path())
            .args(args)
            .output()
            .unwrap()
    };
    assert!(run(&["shortlist", "add", "lidc-idri"]).status.success());
    let one: Value =
        serde_json::from_slice(&run(&["export", "--format", "croissant", "--shortlist"]).stdout)
            .unwrap();
    assert_eq!(one["name"], "LIDC-IDRI");
    let two: Value = serde_json::from_slice(
        &run(&["export", "--format", "croissant", "--shortlist", "fumpe"]).stdout,
    )
    .unwrap();
    assert_eq!(two.as_array().unwrap().len(), 2);
    // Ids narrow the other formats too.
    let json: Value = serde_json::from_slice(&run(&["export", "ct-org"]).stdout).unwrap();
    assert_eq!(json["datasets"].as_array().unwrap().len(), 1);
    assert_eq!(json["categories"].as_array().unwrap().len(), 5);
}

/// A catalog whose one dataset knows little and holds hostile text: no
/// licence, year, paper, citations or homepage.
fn sparse_catalog(dir: &Path) -> PathBuf {
    let mut catalog = export(&["export", "vqa-rad"]);
    let dataset = &mut catalog["datasets"][0];
    let object = dataset.as_object_mut().unwrap();
    for field in [
        "license",
        "year",
        "paper",
        "citations",
        "homepage",
        "verified",
    ] {
        object.remove(field);
    }
    object.insert("id".into(), "sparse-set".into());
    object.insert(
        "name".into(),
        "Sparse \"set\" <b>&amp; \\ {braces} 中文".into(),
    );
    object.insert(
        "summary".into(),
        "Nothing known but this line; it says \"quoted\" things, ends with a backslash \\".into(),
    );
    object.insert(
        "urls".into(),
        serde_json::json!([{ "label": "Home", "url": "https://example.org/sparse?a=1&b=2" }]),
    );
    object.remove("related");
    let path = dir.join("sparse.json");
    std::fs::write(&path, serde_json::to_vec_pretty(&catalog).unwrap()).unwrap();
    path
}

#[test]
fn a_dataset_that_knows_little_still_exports() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = sparse_catalog(dir.path());
    let catalog = catalog.to_str().unwrap();
    let doc = export(&[
        "--catalog",
        catalog,
        "export",
        "--format",
        "croissant",
        "sparse-set",
    ]);
    for absent in ["license", "datePublished", "citeAs", "version"] {
        assert!(doc.get(absent).is_none(), "{absent} left out: {doc}");
    }
    assert_eq!(doc["name"], "Sparse \"set\" <b>&amp; \\ {braces} 中文");
    assert_eq!(doc["url"], "https://example.org/sparse?a=1&b=2");
    assert_eq!(doc["conformsTo"], CONFORMS_TO);
}

/// What mlcroissant said about one document.
struct Verdict {
    file: PathBuf,
    ok: bool,
    warnings: Vec<String>,
    output: String,
}

/// Runs in the validator's own interpreter: for each file, the call
/// `mlcroissant validate --jsonld FILE` makes (`mlc.Dataset(FILE)`), with
/// its warnings. Exit 3 when mlcroissant cannot be imported.
const BATCH: &str = r#"
import json, sys
try:
    import mlcroissant as mlc
except ImportError:
    sys.exit(3)
for path in sys.argv[1:]:
    try:
        warnings = sorted(mlc.Dataset(path).metadata.ctx.issues.warnings)
        print("MEDSETS\t" + json.dumps({"file": path, "ok": True, "warnings": warnings}), flush=True)
    except mlc.ValidationError as error:
        print("MEDSETS\t" + json.dumps({"file": path, "ok": False, "warnings": [str(error)]}), flush=True)
"#;

/// The Python of the environment `tool` is installed in: its `#!` line, or
/// a `python3` beside it.
fn interpreter(tool: &Path) -> Option<PathBuf> {
    let tool = tool.canonicalize().ok()?;
    let text = std::fs::read(&tool).ok()?;
    let first = text.split(|&b| b == b'\n').next()?;
    let shebang = std::str::from_utf8(first).ok()?.strip_prefix("#!")?.trim();
    let candidate = PathBuf::from(shebang.split_whitespace().next()?);
    let named_python = candidate
        .file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with("python"));
    if named_python && candidate.is_file() {
        return Some(candidate);
    }
    let beside = tool.parent()?.join("python3");
    beside.is_file().then_some(beside)
}

/// All files in one Python process; `None` when that cannot be done.
fn validate_in_one_process(tool: &Path, files: &[PathBuf]) -> Option<Vec<Verdict>> {
    let python = interpreter(tool)?;
    let output = Process::new(python)
        .arg("-c")
        .arg(BATCH)
        .args(files)
        .stdin(Stdio::null())
        .output()
        .ok()?;
    if output.status.code() == Some(3) {
        return None;
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "mlcroissant failed outside validation:\n{stdout}\n{stderr}"
    );
    let verdicts: Vec<Verdict> = stdout
        .lines()
        .filter_map(|line| line.strip_prefix("MEDSETS\t"))
        .map(|line| {
            let v: Value = serde_json::from_str(line).unwrap();
            Verdict {
                file: PathBuf::from(v["file"].as_str().unwrap()),
                ok: v["ok"] == true,
                warnings: strings(&v["warnings"])
                    .into_iter()
                    .map(String::from)
                    .collect(),
                output: stderr.to_string(),
            }
        })
        .collect();
    assert_eq!(verdicts.len(), files.len(), "{stdout}\n{stderr}");
    Some(verdicts)
}

/// `mlcroissant validate --jsonld FILE`, as a user runs it.
fn validate_with_the_command(tool: &Path, file: &Path) -> Verdict {
    let output = Process::new(tool)
        .args(["validate", "--jsonld"])
        .arg(file)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", tool.display()));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let warnings = text
        .lines()
        .filter_map(|line| line.strip_prefix("  -  "))
        .map(String::from)
        .collect();
    Verdict {
        file: file.to_path_buf(),
        ok: output.status.success(),
        warnings,
        output: text,
    }
}

/// Every file through the command, a few processes at a time.
fn validate_with_the_command_in_parallel(tool: &Path, files: &[PathBuf]) -> Vec<Verdict> {
    let next = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(2, 4);
    let mut verdicts: Vec<Verdict> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    while let Some(file) = files.get(next.fetch_add(1, Ordering::Relaxed)) {
                        mine.push(validate_with_the_command(tool, file));
                    }
                    mine
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    verdicts.sort_by(|a, b| a.file.cmp(&b.file));
    verdicts
}

#[test]
fn every_document_passes_mlcroissant() {
    let Some(tool) = std::env::var_os("MEDSETS_MLCROISSANT") else {
        say(
            "croissant: mlcroissant check skipped (set MEDSETS_MLCROISSANT to the mlcroissant \
             command; .ci/run does)",
        );
        return;
    };
    let tool = PathBuf::from(tool);
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    let catalog = export(&["export"]);
    let ids = catalog["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap());
    for (doc, id) in croissant(&[]).as_array().unwrap().iter().zip(ids) {
        let file = dir.path().join(format!("{id}.json"));
        std::fs::write(&file, serde_json::to_vec_pretty(doc).unwrap()).unwrap();
        files.push(file);
    }
    let sparse = sparse_catalog(dir.path());
    let sparse_doc = medsets()
        .args(["--catalog", sparse.to_str().unwrap()])
        .args(["export", "--format", "croissant", "sparse-set"])
        .output()
        .unwrap();
    assert!(sparse_doc.status.success());
    let sparse_file = dir.path().join("sparse-set.croissant.json");
    std::fs::write(&sparse_file, &sparse_doc.stdout).unwrap();
    files.push(sparse_file.clone());

    let started = Instant::now();
    // Every document in one Python process when the tool's interpreter can
    // be found (start-up is most of mlcroissant's time), and the command
    // itself, as a user runs it, on two of them; else the command on each,
    // a few at a time.
    let (verdicts, commands, how) = match validate_in_one_process(&tool, &files) {
        Some(all) => (
            all,
            vec![
                validate_with_the_command(&tool, &files[0]),
                validate_with_the_command(&tool, &sparse_file),
            ],
            "all in one Python process, and the command on 2",
        ),
        None => (
            validate_with_the_command_in_parallel(&tool, &files),
            Vec::new(),
            "the command on each, in parallel",
        ),
    };
    let elapsed = started.elapsed();

    let mut problems = Vec::new();
    let mut warnings: std::collections::BTreeMap<String, usize> = Default::default();
    for (i, verdict) in verdicts.iter().chain(&commands).enumerate() {
        let counted = i < verdicts.len();
        let name = verdict.file.display();
        if !verdict.ok {
            problems.push(format!("{name}: rejected\n{}", verdict.output));
        }
        for warning in &verdict.warnings {
            // Only "recommended property missing" (a version, or a licence
            // or year the catalog does not know) is expected.
            let Some(at) = warning.find("Property ") else {
                problems.push(format!("{name}: unexpected warning: {warning}"));
                continue;
            };
            let what = &warning[at..];
            if what.ends_with("is recommended, but does not exist.") {
                if counted {
                    *warnings.entry(what.to_string()).or_default() += 1;
                }
            } else {
                problems.push(format!("{name}: unexpected warning: {warning}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let warned: Vec<String> = warnings
        .iter()
        .map(|(what, n)| format!("{n}x {what}"))
        .collect();
    say(&format!(
        "croissant: mlcroissant accepts all {} documents ({how}, {:.1} s); warnings: {}",
        files.len(),
        elapsed.as_secs_f64(),
        if warned.is_empty() {
            "none".to_string()
        } else {
            warned.join("; ")
        }
    ));
}
