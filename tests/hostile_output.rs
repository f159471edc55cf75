//! Terminal injection through the command line: a catalog whose every string
//! field carries escape sequences, C1 controls and bidi overrides is valid
//! data, and the real binary shows it defanged everywhere. Text output never
//! holds a raw control or bidi character; JSON output escapes them and parses
//! back to the very same strings.

mod common;

use std::path::{Path, PathBuf};

use common::medsets;
use medsets::catalog::{self, Catalog};
use serde_json::{Value, json};

/// Each one would act on a terminal or on how text reads if printed raw.
const PAYLOADS: &[&str] = &[
    "\u{1b}[2J",                                                    // CSI: clear the screen
    "\u{1b}[31;1m",                                                 // CSI: SGR colour
    "\u{1b}]52;c;cHduZWQ=\u{7}", // OSC 52: write the clipboard, BEL-terminated
    "\u{1b}]52;c;cHduZWQ=\u{1b}\\", // OSC 52, ST-terminated
    "\u{1b}]0;pwned\u{7}",       // OSC 0: window title
    "\u{1b}]8;;https://evil.example\u{1b}\\link\u{1b}]8;;\u{1b}\\", // OSC 8 hyperlink
    "\u{1b}P+q544e\u{1b}\\",     // DCS: terminal query
    "\u{1b}c",                   // RIS: full reset
    "\u{7}",                     // BEL
    "\u{0}",                     // NUL
    "\u{8}\u{8}\u{8}",           // backspaces over visible text
    "\r",                        // carriage return: overwrite the line
    "\u{7f}",                    // DEL
    "\u{9b}2J",                  // C1 CSI
    "\u{9d}0;pwned\u{9c}",       // C1 OSC ... ST
    "\u{90}+q\u{9c}",            // C1 DCS
    "\u{80}\u{85}\u{8d}\u{9f}",  // more C1: PAD, NEL, RI, APC
    "\u{202e}exe.txt",           // RLO
    "\u{202a}\u{202b}\u{202c}\u{202d}", // LRE RLE PDF LRO
    "\u{2066}\u{2067}\u{2068}\u{2069}", // LRI RLI FSI PDI
    "\u{200e}\u{200f}\u{61c}",   // LRM RLM ALM
];

/// A tagged hostile string: the tag shows which field reached the output.
fn hostile(tag: &str) -> String {
    format!("{tag}<{}>", PAYLOADS.concat())
}

/// A character that must never reach a terminal raw (an independent
/// definition, so a weakened sanitizer cannot weaken this test).
fn forbidden(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Every string field of the catalog format carries payloads.
fn hostile_catalog() -> Value {
    let h = hostile;
    json!({
        "version": 1,
        "categories": [
            { "id": "imaging", "name": h("cat-name"), "name_zh": h("cat-name-zh"),
              "description": h("cat-desc"), "description_zh": h("cat-desc-zh") },
            { "id": "other", "name": "Other" }
        ],
        "datasets": [
            {
                "id": "evil", "name": h("name-evil"), "aliases": [h("alias-1"), h("alias-2")],
                "categories": ["imaging", "other"],
                "summary": format!("{}\nsecond paragraph {}", h("summary"), h("summary-2")),
                "summary_zh": h("summary-zh"),
                "modalities": [h("modality"), "CT"], "body_regions": [h("region")], "tasks": [h("task")],
                "size": [ { "value": 1200, "unit": h("unit") } ], "size_bytes": 34000000,
                "languages": [h("language")], "access": "open", "license": h("license"), "year": 2020,
                "paper": { "title": h("paper-title"), "venue": h("paper-venue"), "year": 2020, "id": h("paper-id") },
                "homepage": "https://example.org/home",
                "urls": [
                    { "label": h("url-label-1"), "url": "https://example.org/evil" },
                    { "label": h("url-label-2"), "url": "https://example.org/evil/2" }
                ],
                "domain": "general"
            },
            {
                "id": "plain", "name": "Plain", "categories": ["other"], "summary": "Nothing to see.",
                "access": "open", "urls": [ { "label": "Home", "url": "https://example.org/plain" } ]
            }
        ]
    })
}

/// Tags `show` prints in English and in Chinese.
const SHOWN_EN: &[&str] = &[
    "name-evil",
    "alias-1",
    "alias-2",
    "cat-name",
    "modality",
    "region",
    "task",
    "unit",
    "license",
    "language",
    "paper-title",
    "paper-venue",
    "paper-id",
    "summary",
    "summary-2",
    "url-label-1",
    "url-label-2",
];

struct Fixture {
    _dir: tempfile::TempDir,
    path: PathBuf,
    catalog: Catalog,
}

fn write_catalog(dir: &Path, name: &str, value: &Value) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_vec_pretty(value).unwrap()).unwrap();
    path
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = write_catalog(dir.path(), "hostile.json", &hostile_catalog());
    let catalog = catalog::load_file(&path)
        .unwrap_or_else(|err| panic!("hostile text is valid data:\n{err}"));
    Fixture {
        _dir: dir,
        path,
        catalog,
    }
}

/// Runs medsets, checks the exit code, and that neither stream holds a
/// forbidden character; returns stdout and stderr.
fn run(args: &[&str], catalog: Option<&Path>, code: i32) -> (String, String) {
    run_any(args, catalog, Some(code))
}

/// As [`run`], with any exit code when `code` is `None`.
fn run_any(args: &[&str], catalog: Option<&Path>, code: Option<i32>) -> (String, String) {
    let mut cmd = medsets();
    if let Some(path) = catalog {
        cmd.args(["--no-embedded", "--catalog"]).arg(path);
    }
    let output = cmd.args(args).output().unwrap();
    let stdout = String::from_utf8(output.stdout).expect("stdout is UTF-8");
    let stderr = String::from_utf8(output.stderr).expect("stderr is UTF-8");
    if code.is_some() {
        assert_eq!(
            output.status.code(),
            code,
            "{args:?}\nstdout: {stdout}\nstderr: {stderr}"
        );
    }
    for (stream, text) in [("stdout", &stdout), ("stderr", &stderr)] {
        let leaked: Vec<char> = text.chars().filter(|&c| forbidden(c)).collect();
        assert!(
            leaked.is_empty(),
            "{args:?}: {stream} leaked {leaked:?}:\n{text:?}"
        );
    }
    (stdout, stderr)
}

#[test]
fn show_prints_every_field_defanged() {
    let f = fixture();
    let (out, _) = run(&["show", "evil"], Some(&f.path), 0);
    for tag in SHOWN_EN {
        assert!(
            out.contains(&format!("{tag}<")),
            "`show` lost {tag}:\n{out}"
        );
    }
    // The summary keeps its paragraph break, and nothing else of the payload.
    assert!(out.contains(">\nsecond paragraph summary-2<"), "{out}");
    let (out, _) = run(&["--lang", "zh", "show", "evil"], Some(&f.path), 0);
    // One language at a time: the Chinese summary in place of the English.
    for tag in ["cat-name-zh", "summary-zh"] {
        assert!(
            out.contains(&format!("{tag}<")),
            "`show --lang zh` lost {tag}:\n{out}"
        );
    }
    assert!(!out.contains(">\nsecond paragraph summary-2<"), "{out}");
    // By exact name, which is itself hostile (NUL cannot be an argument).
    let name = hostile("name-evil").replace('\u{0}', "");
    let (_, err) = run(&["show", &name], Some(&f.path), 1);
    assert!(err.contains("no dataset"), "{err}");
}

#[test]
fn list_search_and_urls_are_defanged() {
    let f = fixture();
    for (args, tags) in [
        (&["list"][..], &["name-evil", "modality"][..]),
        (&["list", "--category", "imaging"], &["name-evil"]),
        (&["--lang", "zh", "list"], &["name-evil"]),
        (&["search", "evil"], &["name-evil"]),
        (&["search", "name", "evil", "--limit", "1"], &["name-evil"]),
    ] {
        let (out, _) = run(args, Some(&f.path), 0);
        for tag in tags {
            assert!(
                out.contains(&format!("{tag}<")),
                "{args:?} lost {tag}:\n{out}"
            );
        }
    }
    let (out, _) = run(&["urls", "evil"], Some(&f.path), 0);
    assert_eq!(
        out,
        "https://example.org/evil\nhttps://example.org/evil/2\n"
    );
    // Hostile arguments are echoed defanged too.
    let query = PAYLOADS.concat().replace('\u{0}', "");
    // Fuzzy matching may or may not find the payload inside the name.
    run_any(&["search", &query], Some(&f.path), None);
    run(&["show", &query], Some(&f.path), 1);
    run(&["urls", &query], Some(&f.path), 1);
    let (_, err) = run(&["list", "--category", &query], Some(&f.path), 2);
    assert!(err.contains("no category"), "{err}");
}

/// With colour on, the only escape sequences are medsets' own SGR codes.
#[test]
fn colour_adds_only_its_own_sgr_codes() {
    let f = fixture();
    for args in [&["show", "evil"][..], &["list"], &["search", "evil"]] {
        let output = medsets()
            .args(["--no-embedded", "--catalog"])
            .arg(&f.path)
            .args(["--color", "always"])
            .args(args)
            .output()
            .unwrap();
        assert!(output.status.success(), "{args:?}");
        let text = String::from_utf8(output.stdout).unwrap();
        assert!(text.contains("\u{1b}[1m"), "{args:?}: colour is on");
        let stripped = strip_sgr(&text);
        let leaked: Vec<char> = stripped.chars().filter(|&c| forbidden(c)).collect();
        assert!(
            leaked.is_empty(),
            "{args:?} leaked {leaked:?}:\n{stripped:?}"
        );
    }
}

/// Removes `ESC [ digits/semicolons m`, leaving any other escape in place.
fn strip_sgr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("\u{1b}[") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let params = after
            .find(|c: char| !(c.is_ascii_digit() || c == ';'))
            .unwrap_or(after.len());
        if after[params..].starts_with('m') {
            rest = &after[params + 1..];
        } else {
            out.push_str("\u{1b}[");
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn json_output_escapes_and_round_trips() {
    let f = fixture();
    let evil = serde_json::to_value(&f.catalog.datasets[0]).unwrap();

    // The catalog's object, plus where it came from (not part of it).
    let with_source = |mut dataset: Value| {
        dataset["source"] = f.path.display().to_string().into();
        dataset
    };
    let (out, _) = run(&["show", "evil", "--json"], Some(&f.path), 0);
    assert_eq!(
        serde_json::from_str::<Value>(&out).unwrap(),
        with_source(evil.clone())
    );
    // The payload is there, escaped: ESC, C1 CSI and RLO as \u escapes.
    for escape in [
        "\\u001b]52;c;",
        "\\u009b2J",
        "\\u202eexe.txt",
        "\\u0000",
        "\\u007f",
    ] {
        assert!(out.contains(escape), "no {escape} in\n{out}");
    }

    let (out, _) = run(&["list", "--json"], Some(&f.path), 0);
    let all: Value = serde_json::from_str(&out).unwrap();
    let expected: Vec<Value> = f
        .catalog
        .datasets
        .iter()
        .map(|d| with_source(serde_json::to_value(d).unwrap()))
        .collect();
    assert_eq!(all, Value::from(expected));

    let (out, _) = run(&["search", "evil", "--json"], Some(&f.path), 0);
    let mut hits: Vec<Value> = serde_json::from_str(&out).unwrap();
    let first = hits[0].as_object_mut().unwrap();
    assert!(first.remove("score").is_some_and(|s| s.is_u64()));
    assert_eq!(hits[0], with_source(evil));

    let (out, _) = run(&["export"], Some(&f.path), 0);
    let exported: Catalog = serde_json::from_str(&out).unwrap();
    assert_eq!(
        exported, f.catalog,
        "export keeps every hostile string intact"
    );
    assert_eq!(
        exported.categories[0].description_zh.as_deref(),
        Some(hostile("cat-desc-zh").as_str())
    );
}

#[test]
fn validate_of_a_valid_hostile_catalog_and_a_hostile_path() {
    let f = fixture();
    let (out, _) = run(&["validate", f.path.to_str().unwrap()], None, 0);
    assert!(out.contains("valid catalog: 2 datasets"), "{out}");

    // A file name is text from outside too.
    let dir = tempfile::tempdir().unwrap();
    let name = "evil\u{1b}]0;pwned\u{7}\u{9b}2J\u{202e}\n.json";
    let path = write_catalog(dir.path(), name, &hostile_catalog());
    let (out, _) = run(&["validate", path.to_str().unwrap()], None, 0);
    assert_eq!(out.lines().count(), 1, "{out:?}");
    let mut broken = hostile_catalog();
    broken["datasets"][0]["access"] = json!("free");
    let path = write_catalog(dir.path(), name, &broken);
    let (out, _) = run(&["validate", path.to_str().unwrap()], None, 1);
    assert_eq!(out.lines().count(), 2, "{out:?}");
    let (_, err) = run(&["list"], Some(&path), 2);
    assert!(err.contains("unknown variant `free`"), "{err}");
}

/// Problems quote hostile keys, values and ids; each stays on its own line
/// and nothing in it acts on the terminal.
#[test]
fn validate_messages_quoting_hostile_text_are_defanged() {
    let dir = tempfile::tempdir().unwrap();
    let payload = format!("x\n{}", PAYLOADS.concat());
    let mut broken = hostile_catalog();
    let evil = broken["datasets"][0].as_object_mut().unwrap();
    evil.insert(payload.clone(), json!(1)); // unknown field, named in the message
    let plain = broken["datasets"][1].as_object_mut().unwrap();
    plain.insert("access".into(), json!(payload)); // unknown variant
    plain.insert("categories".into(), json!([payload])); // unknown category
    plain.insert("id".into(), json!(payload)); // not kebab-case, named as the entry
    plain.insert("year".into(), json!(payload)); // wrong type, quoted
    let path = write_catalog(dir.path(), "broken.json", &broken);
    let (out, _) = run(&["validate", path.to_str().unwrap()], None, 1);
    let problems = catalog::load_file(&path).unwrap_err().problems.len();
    assert!(problems >= 2, "{out}");
    assert_eq!(
        out.lines().count(),
        problems + 1,
        "one line per problem:\n{out}"
    );
    assert!(out.contains("unknown field `x"), "{out}");
    let (_, err) = run(&["search", "x"], Some(&path), 2);
    assert!(err.contains("medsets validate"), "{err}");
}

/// A URL is acted on (copied, opened, fed to wget), so one holding a control
/// or bidi character is not defanged but refused, naming the dataset.
#[test]
fn a_url_with_a_control_or_bidi_character_is_rejected() {
    let dir = tempfile::tempdir().unwrap();
    for bad in [
        "https://example.org/\u{1b}]52;c;cHduZWQ=\u{7}",
        "https://example.org/\u{1b}[2J",
        "https://example.org/\u{7}",
        "https://example.org/\u{0}",
        "https://example.org/\u{9b}2J",
        "https://example.org/\u{85}",
        "https://example.org/\u{202e}gpj.exe",
        "https://example.org/\u{2067}x",
    ] {
        for field in ["url", "homepage"] {
            let mut value = hostile_catalog();
            if field == "url" {
                value["datasets"][0]["urls"][1]["url"] = json!(bad);
            } else {
                value["datasets"][0]["homepage"] = json!(bad);
            }
            let path = write_catalog(dir.path(), "bad-url.json", &value);
            let (out, _) = run(&["validate", path.to_str().unwrap()], None, 1);
            assert!(out.contains("[evil] bad "), "{bad:?} in {field}:\n{out}");
            assert!(out.contains("characters"), "{bad:?} in {field}:\n{out}");
            let (_, err) = run(&["urls", "evil"], Some(&path), 2);
            assert!(err.contains("[evil]"), "{err}");
        }
    }
}
