//! The command surface, run as a user runs it: the built binary, its stdout,
//! stderr and exit code.

mod common;

use std::path::PathBuf;

use assert_cmd::Command;
use common::medsets;
use predicates::prelude::*;
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/invalid_catalogs")
        .join(name)
}

fn json_stdout(cmd: &mut Command) -> Value {
    let output = cmd.output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn urls_prints_the_primary_link_first() {
    medsets()
        .args(["urls", "vqa-rad"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "https://osf.io/89kps/\nhttps://huggingface.co/datasets/flaviagiammarino/vqa-rad\n",
        ));
}

#[test]
fn list_json_holds_all_datasets_and_memberships() {
    let value = json_stdout(medsets().args(["list", "--json"]));
    let datasets = value.as_array().unwrap();
    assert_eq!(datasets.len(), 40);
    let memberships: usize = datasets
        .iter()
        .map(|d| d["categories"].as_array().unwrap().len())
        .sum();
    assert_eq!(memberships, 41);
    // The catalog's own shape: spot-check one object.
    let mimic = datasets.iter().find(|d| d["id"] == "mimic-cxr").unwrap();
    assert_eq!(
        mimic["categories"],
        serde_json::json!(["imaging", "captioning"])
    );
    assert_eq!(mimic["access"], "credentialed");
}

#[test]
fn list_by_category_and_unknown_category() {
    let value = json_stdout(medsets().args(["list", "--category", "captioning", "--json"]));
    let ids: Vec<&str> = value
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["mimic-cxr", "pmc-oa"]);
    medsets()
        .args(["list", "--category", "nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("qa-language, imaging, captioning"));
}

#[test]
fn list_text_is_one_plain_line_per_dataset() {
    let output = medsets().arg("list").output().unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert_eq!(text.lines().count(), 40);
    assert!(text.lines().next().unwrap().starts_with("chatdoctor "));
    assert!(!text.contains('\u{1b}'), "no colour in a pipe");
}

#[test]
fn color_always_colours_and_no_color_is_honoured() {
    medsets()
        .args(["--color", "always", "list"])
        .assert()
        .stdout(predicate::str::contains("\u{1b}[1m"));
    medsets()
        .env("NO_COLOR", "1")
        .arg("list")
        .assert()
        .stdout(predicate::str::contains("\u{1b}").not());
}

#[test]
fn search_ranks_vqa_rad_first() {
    let output = medsets().args(["search", "vqa rad"]).output().unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.starts_with("vqa-rad "), "{text}");
}

#[test]
fn search_json_has_scores_in_descending_order_and_limit() {
    let value = json_stdout(medsets().args(["search", "chest", "--json", "--limit", "5"]));
    let hits = value.as_array().unwrap();
    assert_eq!(hits.len(), 5);
    let scores: Vec<u64> = hits.iter().map(|h| h["score"].as_u64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    assert!(hits[0]["urls"].is_array());
}

#[test]
fn search_with_no_match_exits_1() {
    medsets()
        .args(["search", "'zzqqxxyy"])
        .assert()
        .code(1)
        .stdout("");
}

#[test]
fn search_words_can_be_separate_arguments() {
    medsets()
        .args(["search", "vqa", "rad", "--limit", "1"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("vqa-rad "));
}

/// A catalog file is mapped when it can be; a pipe (process substitution,
/// `/dev/stdin`) cannot, and is read instead, with the same answers.
#[test]
fn catalog_from_a_file_or_a_pipe_gives_the_same_search() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/catalog.json");
    let from_file = medsets()
        .args(["--no-embedded", "--catalog"])
        .arg(&path)
        .args(["search", "chest x-ray", "--json"])
        .output()
        .unwrap();
    let from_pipe = medsets()
        .args([
            "--no-embedded",
            "--catalog",
            "/dev/stdin",
            "search",
            "chest x-ray",
            "--json",
        ])
        .write_stdin(std::fs::read(&path).unwrap())
        .output()
        .unwrap();
    let embedded = medsets()
        .args(["search", "chest x-ray", "--json"])
        .output()
        .unwrap();
    assert!(from_file.status.success());
    assert!(!from_file.stdout.is_empty());
    // The same datasets, each saying where it came from.
    let without_source = |stdout: &[u8], source: &str| -> Value {
        let mut found: Value = serde_json::from_slice(stdout).unwrap();
        for dataset in found.as_array_mut().unwrap() {
            let object = dataset.as_object_mut().unwrap();
            assert_eq!(object.remove("source").unwrap(), source);
        }
        found
    };
    let expected = without_source(&embedded.stdout, "embedded");
    assert_eq!(
        without_source(&from_file.stdout, &path.display().to_string()),
        expected
    );
    assert_eq!(without_source(&from_pipe.stdout, "/dev/stdin"), expected);
    assert_eq!(from_pipe.status.code(), Some(0));
}

#[test]
fn chinese_search_finds_nlm_tb() {
    medsets()
        .args(["search", "结核"])
        .assert()
        .success()
        .stdout(predicate::str::contains("nlm-tb"));
}

#[test]
fn show_by_id_name_or_alias() {
    medsets()
        .args(["show", "MIMIC-CXR"])
        .assert()
        .success()
        .stdout(predicate::str::contains("377,110 images"))
        .stdout(predicate::str::contains("[1] "));
    let value = json_stdout(medsets().args(["show", "Amos", "--json"]));
    assert_eq!(value["id"], "amos");
}

#[test]
fn show_unknown_suggests_the_closest_id() {
    medsets()
        .args(["show", "mimic-cx"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("did you mean: mimic-cxr"));
}

#[test]
fn lang_zh_shows_chinese_first() {
    let output = medsets()
        .args(["--lang", "zh", "show", "nlm-tb"])
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    // One language at a time: the Chinese summary, not the English one.
    assert!(text.contains("肺结核"), "{text}");
    assert!(!text.contains("computer-aided tuberculosis"), "{text}");
    assert!(text.contains("QA类型与语言类型的数据集"));
    medsets()
        .env("MEDSETS_LANG", "zh")
        .args(["show", "nlm-tb"])
        .assert()
        .stdout(predicate::str::contains("QA类型与语言类型的数据集"));
}

#[test]
fn export_round_trips_through_validate_and_catalog() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.json");
    let output = medsets().arg("export").output().unwrap();
    assert!(output.status.success());
    std::fs::write(&path, &output.stdout).unwrap();
    medsets()
        .arg("validate")
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "40 datasets (41 memberships) in 5 categories",
        ));
    // A custom catalog is used by every command, by flag or environment.
    let mut edited: Value = serde_json::from_slice(&output.stdout).unwrap();
    edited["datasets"][0]["name"] = "Renamed In My Copy".into();
    std::fs::write(&path, serde_json::to_vec(&edited).unwrap()).unwrap();
    medsets()
        .args(["--no-embedded", "--catalog"])
        .arg(&path)
        .args(["show", "chatdoctor"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("Renamed In My Copy"));
    medsets()
        .env("MEDSETS_CATALOG", &path)
        .args(["--no-embedded", "search", "renamed copy"])
        .assert()
        .success()
        .stdout(predicate::str::contains("chatdoctor"));
}

/// Each malformed file: where `validate` must point and what it must say.
const INVALID: &[(&str, &str, &str)] = &[
    ("empty.json", "1:1", "the file is empty"),
    ("truncated.json", "5:56", "unexpected end of file"),
    (
        "wrong_type.json",
        "5:78",
        "[good-one] invalid type: sequence, expected a string",
    ),
    (
        "unknown_field.json",
        "5:99",
        "[good-one] unknown field `acess`",
    ),
    (
        "duplicate_id.json",
        "6:7",
        "duplicate dataset id \"good-one\" (first used on line 5)",
    ),
    (
        "bad_url_scheme.json",
        "5:147",
        "scheme \"javascript\" is not allowed",
    ),
    ("relative_url.json", "5:147", "not absolute"),
    ("invalid_utf8.json", "3:15", "invalid UTF-8"),
    ("deep_nesting.json", "1:1", "a catalog is a JSON object"),
    ("deep_nesting_in_object.json", "1:16", "no categories"),
    ("empty_name.json", "5:25", "[good-one] empty name"),
    (
        "unknown_category.json",
        "5:56",
        "unknown category \"nowhere\" (known: imaging)",
    ),
    (
        "null_byte.json",
        "5:147",
        "contains whitespace or control characters",
    ),
];

#[test]
fn validate_reports_each_malformed_file_with_line_and_column() {
    medsets()
        .arg("validate")
        .arg(fixture("deep_nesting_in_object.json"))
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            ":1:47: each dataset must be a JSON object",
        ));
    for (name, place, message) in INVALID {
        let path = fixture(name);
        let output = medsets().arg("validate").arg(&path).output().unwrap();
        assert_eq!(output.status.code(), Some(1), "{name}");
        let text = String::from_utf8(output.stdout).unwrap();
        let expected = format!("{}:{place}", path.display());
        assert!(
            text.starts_with(&expected),
            "{name}: expected {expected:?} in\n{text}"
        );
        assert!(
            text.contains(message),
            "{name}: expected {message:?} in\n{text}"
        );
    }
}

#[test]
fn a_malformed_catalog_flag_is_bad_input() {
    for (name, place, message) in INVALID {
        let path = fixture(name);
        let output = medsets()
            .args(["--no-embedded", "--catalog"])
            .arg(&path)
            .arg("list")
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{name}");
        assert!(output.stdout.is_empty(), "{name}");
        let text = String::from_utf8(output.stderr).unwrap();
        assert!(
            text.contains(&format!("{}:{place}", path.display())),
            "{name}: {text}"
        );
        assert!(text.contains(message), "{name}: {text}");
    }
}

#[test]
fn missing_file_and_directory_are_unreadable_input() {
    medsets()
        .args(["validate", "/definitely/not/here.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "/definitely/not/here.json: cannot read",
        ));
    let dir = tempfile::tempdir().unwrap();
    medsets()
        .arg("validate")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is a directory"));
    medsets()
        .args(["--no-embedded", "--catalog"])
        .arg(dir.path())
        .arg("list")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is a directory"));
}

#[test]
fn all_problems_of_a_file_are_listed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.json");
    let entry = |id: &str, url: &str| {
        format!(
            r#"{{ "id": "{id}", "name": "N", "categories": ["imaging"], "summary": "S", "access": "open", "urls": [ {{ "label": "L", "url": "{url}" }} ] }}"#
        )
    };
    let text = format!(
        "{{\"version\": 1, \"categories\": [{{\"id\": \"imaging\", \"name\": \"I\"}}], \"datasets\": [\n{},\n{},\n{}\n]}}",
        entry("Bad_Id", "https://example.org"),
        entry("fine", "file:///etc/passwd"),
        entry("fine", "https://example.org"),
    );
    std::fs::write(&path, text).unwrap();
    medsets()
        .arg("validate")
        .arg(&path)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(":2:").and(predicate::str::contains("kebab-case")))
        .stdout(predicate::str::contains(":3:").and(predicate::str::contains("scheme \"file\"")))
        .stdout(
            predicate::str::contains(":4:").and(predicate::str::contains("duplicate dataset id")),
        )
        .stdout(predicate::str::contains("3 problems"));
}

#[test]
fn usage_errors_exit_2() {
    medsets().arg("frobnicate").assert().code(2);
    medsets().args(["search"]).assert().code(2);
    medsets()
        .args(["--color", "sometimes", "list"])
        .assert()
        .code(2);
    medsets().args(["--lang", "fr", "list"]).assert().code(2);
}

#[test]
fn closed_pipe_is_not_a_panic() {
    // `medsets export | head -c 10`: the reader leaves early.
    use std::io::Read;
    use std::process::Stdio;
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("medsets"))
        .arg("export")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 10];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(output.status.code(), Some(0), "{stderr}");
}

#[test]
fn hostile_catalog_text_is_defanged_in_text_and_escaped_in_json() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hostile.json");
    let hostile = "Evil\u{1b}]52;c;cHduZWQ=\u{7}\u{1b}[2J\u{9b}31m\u{202e}txt.exe";
    let catalog = serde_json::json!({
        "version": 1,
        "categories": [{"id": "imaging", "name": hostile}],
        "datasets": [{
            "id": "evil", "name": hostile, "aliases": [hostile], "categories": ["imaging"],
            "summary": hostile, "summary_zh": hostile, "modalities": [hostile], "access": "open",
            "license": hostile,
            "urls": [{"label": hostile, "url": "https://example.org/x"}]
        }]
    });
    std::fs::write(&path, serde_json::to_vec(&catalog).unwrap()).unwrap();
    for args in [
        vec!["show", "evil"],
        vec!["list"],
        vec!["search", "evil"],
        vec!["urls", "evil"],
    ] {
        let output = medsets()
            .args(["--no-embedded", "--catalog"])
            .arg(&path)
            .args(&args)
            .output()
            .unwrap();
        assert!(output.status.success(), "{args:?}");
        let text = String::from_utf8(output.stdout).unwrap();
        assert!(
            !text
                .chars()
                .any(|c| (c.is_control() && c != '\n') || c == '\u{202e}'),
            "{args:?} leaked a control character: {text:?}"
        );
    }
    let output = medsets()
        .args(["--no-embedded", "--catalog"])
        .arg(&path)
        .args(["show", "evil", "--json"])
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(!text.contains('\u{1b}'), "JSON must escape ESC");
    let value: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["name"], hostile, "JSON keeps the data itself intact");
}

#[test]
fn completions_for_every_shell_and_a_man_page() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let output = medsets().args(["completions", shell]).output().unwrap();
        assert!(output.status.success(), "{shell}");
        let script = String::from_utf8(output.stdout).unwrap();
        assert!(
            script.contains("medsets") && script.contains("search"),
            "{shell}"
        );
    }
    // The bash script is valid bash.
    let script = medsets()
        .args(["completions", "bash"])
        .output()
        .unwrap()
        .stdout;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("medsets.bash");
    std::fs::write(&path, script).unwrap();
    let check = std::process::Command::new("bash")
        .arg("-n")
        .arg(&path)
        .status()
        .unwrap();
    assert!(check.success());

    let man = medsets().arg("man").output().unwrap();
    let man = String::from_utf8(man.stdout).unwrap();
    assert!(
        man.contains(".TH medsets 1") && man.contains(".SH NAME"),
        "{man}"
    );
    assert!(man.contains("cite") && man.contains("completions"));
}

#[test]
fn version_names_the_embedded_catalog() {
    medsets().arg("--version").assert().success().stdout(
        predicate::str::contains("embedded catalog: 40 datasets")
            .and(predicate::str::contains("facts checked 2026-12-02")),
    );
}

#[test]
fn shortlist_from_the_command_line() {
    let state = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        medsets()
            .env("MEDSETS_STATE_DIR", state.path())
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&["shortlist", "add", "lidc-idri", "FUMPE"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("added 2; 2 marked"));
    let list = String::from_utf8(run(&["shortlist", "list"]).stdout).unwrap();
    assert!(
        list.starts_with("lidc-idri") && list.contains("\nfumpe"),
        "{list}"
    );
    let urls = String::from_utf8(run(&["urls", "--shortlist"]).stdout).unwrap();
    assert!(
        urls.contains("cancerimagingarchive.net") && urls.contains("figshare"),
        "{urls}"
    );
    let bib = String::from_utf8(run(&["cite", "--shortlist"]).stdout).unwrap();
    assert!(bib.contains("10.1038/sdata.2018.180"), "{bib}");
    let json: Value = serde_json::from_slice(&run(&["export", "--shortlist"]).stdout).unwrap();
    assert_eq!(json["datasets"].as_array().unwrap().len(), 2);
    // An id no longer in the catalog is kept and named, not dropped.
    let file = state.path().join("shortlist.json");
    let text = std::fs::read_to_string(&file)
        .unwrap()
        .replace("\"fumpe\"", "\"fumpe\", \"lab-only-set\"");
    std::fs::write(&file, text).unwrap();
    let out = run(&["shortlist", "list"]);
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("not in this catalog (kept in the shortlist): lab-only-set")
    );
    run(&["shortlist", "rm", "fumpe"]);
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("lab-only-set")
    );
    // Unknown ids are refused with a suggestion.
    let out = run(&["shortlist", "add", "lidc-idr"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean"));
    run(&["shortlist", "clear"]);
    assert_eq!(run(&["urls", "--shortlist"]).status.code(), Some(1));
    // A corrupt file is reported with its path and not overwritten by reads.
    std::fs::write(&file, b"{ broken").unwrap();
    let out = run(&["list", "--shortlist"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("shortlist.json is corrupt"));
    assert_eq!(std::fs::read(&file).unwrap(), b"{ broken");
}

#[test]
fn compare_in_every_format() {
    let text = medsets()
        .args(["compare", "lidc-idri", "fumpe", "ct-org"])
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    let first = text.lines().next().unwrap();
    assert!(first.contains("LIDC-IDRI") && first.contains("FUMPE") && first.contains("CT-ORG"));
    assert!(
        text.lines()
            .any(|l| l.starts_with("Access ") && l.matches("OPEN").count() == 3)
    );
    // Nothing is cut: long cells wrap in their column, and each primary
    // link is written whole on a line of its own.
    assert!(!text.contains('…'), "{text}");
    for id in ["lidc-idri", "fumpe", "ct-org"] {
        let urls = medsets().args(["urls", id]).output().unwrap().stdout;
        let primary = String::from_utf8(urls).unwrap();
        let primary = primary.lines().next().unwrap();
        assert!(
            text.lines()
                .any(|l| l.trim_end().ends_with(&format!("  {primary}"))),
            "{primary}:\n{text}"
        );
    }
    let md = String::from_utf8(
        medsets()
            .args(["compare", "lidc-idri", "fumpe", "--format", "markdown"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(
        md.starts_with("| | LIDC-IDRI | FUMPE |\n|---|---|---|\n"),
        "{md}"
    );
    let csv = medsets()
        .args(["compare", "lidc-idri", "fumpe", "--format", "csv"])
        .output()
        .unwrap()
        .stdout;
    let mut reader = csv::Reader::from_reader(csv.as_slice());
    assert_eq!(reader.records().count(), 2);
    medsets().args(["compare", "nope"]).assert().code(1);
}
