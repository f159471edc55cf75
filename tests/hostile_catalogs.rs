//! Hostile catalog files: the loader never panics, never hangs, and answers
//! every input with either a catalog that keeps the validation invariants or
//! a list of located problems.
//!
//! Two kinds of test: a table of named hostile inputs (each also checked for
//! its specific answer below), and property tests over arbitrary bytes, JSON
//! token soup and mutated valid catalogs. `hostile_input_count` prints how
//! many inputs one run of this file tries.

use std::collections::HashSet;
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use medsets::catalog::{self, Catalog, LoadError, Problem, check_web_url, is_kebab_case};
use medsets::sanitize;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, TestCaseError, TestError, TestRunner};
use serde_json::{Value, json};

// ---------------------------------------------------------------------------
// The contract

/// Longer than this for one input is a hang, not a slow debug build: the
/// largest input here (5 MB) loads in well under a second.
const DEADLINE: Duration = Duration::from_secs(20);

/// Loads `bytes` on a worker thread so that a hang fails the test instead of
/// stalling the suite, and a panic is reported as a failure of this input.
/// The in-place loader (`medsets search`'s) must give the same answer.
fn load(bytes: &[u8]) -> Result<Result<Catalog, LoadError>, String> {
    let (tx, rx) = mpsc::channel();
    let owned = bytes.to_vec();
    std::thread::Builder::new()
        .name("load".into())
        .spawn(move || {
            let result = catalog::load_bytes(&owned, "hostile.json");
            let agreed = match std::str::from_utf8(&owned) {
                Ok(text) => views_agree(text, &result),
                Err(_) => Ok(()),
            };
            let _ = tx.send((result, agreed));
        })
        .map_err(|err| format!("cannot spawn: {err}"))?;
    match rx.recv_timeout(DEADLINE) {
        Ok((result, agreed)) => agreed.map(|()| result),
        Err(RecvTimeoutError::Timeout) => Err(format!("no answer within {DEADLINE:?} (a hang)")),
        Err(RecvTimeoutError::Disconnected) => Err("the loader panicked".into()),
    }
}

/// Whether reading `text` in place accepts exactly what the owned loader
/// accepts (with the same datasets) and rejects the rest with the same
/// problems.
fn views_agree(text: &str, owned: &Result<Catalog, LoadError>) -> Result<(), String> {
    match (catalog::load_views(text, "hostile.json"), owned) {
        (Ok(views), Ok(catalog)) => {
            let datasets: Vec<_> = views.datasets.iter().map(|d| d.to_dataset()).collect();
            if views.version == catalog.version
                && views.categories == catalog.categories
                && datasets == catalog.datasets
            {
                Ok(())
            } else {
                Err("the in-place loader read different datasets".into())
            }
        }
        (Err(in_place), Err(owned)) if in_place == *owned => Ok(()),
        (Err(in_place), Err(owned)) => Err(format!(
            "the loaders disagree on the problems:\nin place: {in_place}\nowned: {owned}"
        )),
        (Ok(_), Err(owned)) => Err(format!("only the owned loader rejects it: {owned}")),
        (Err(in_place), Ok(_)) => Err(format!("only the in-place loader rejects it: {in_place}")),
    }
}

/// The loader's contract for one input; `Err` says how it was broken.
fn contract(bytes: &[u8]) -> Result<Result<Catalog, LoadError>, String> {
    let result = load(bytes)?;
    match &result {
        Ok(catalog) => invariants(catalog)?,
        Err(err) => located(bytes, err)?,
    }
    Ok(result)
}

/// Every problem has a place inside the text and something to say, and the
/// rendered error is one line per problem.
fn located(bytes: &[u8], err: &LoadError) -> Result<(), String> {
    if err.unreadable {
        return Err("load_bytes never reads a file, so nothing is unreadable".into());
    }
    if err.problems.is_empty() {
        return Err("an error without problems".into());
    }
    let lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
    for p in &err.problems {
        let Problem {
            line,
            column,
            message,
            ..
        } = p;
        if *line < 1 || *column < 1 {
            return Err(format!("problem without a place: {p:?}"));
        }
        if message.trim().is_empty() {
            return Err(format!("problem without a message: {p:?}"));
        }
        // Columns count characters, so a line's byte length bounds them.
        let Some(text) = lines.get(line - 1) else {
            return Err(format!(
                "line {line} is past the end ({} lines): {p:?}",
                lines.len()
            ));
        };
        if *column > text.len() + 1 {
            return Err(format!(
                "column {column} is past the end of line {line} ({} bytes): {p:?}",
                text.len()
            ));
        }
    }
    let shown = err.to_string();
    if shown.lines().count() != err.problems.len() {
        return Err(format!(
            "{} problems rendered as {} lines",
            err.problems.len(),
            shown.lines().count()
        ));
    }
    Ok(())
}

/// What a loaded catalog promises everyone who uses it; it also survives
/// `export` and a second load unchanged.
fn invariants(catalog: &Catalog) -> Result<(), String> {
    let fail = |what: String| Err(what);
    if catalog.version != 1 || catalog.categories.is_empty() || catalog.datasets.is_empty() {
        return fail(format!(
            "version {} with {} categories and {} datasets",
            catalog.version,
            catalog.categories.len(),
            catalog.datasets.len()
        ));
    }
    let mut category_ids = HashSet::new();
    for c in &catalog.categories {
        if !is_kebab_case(&c.id) || !category_ids.insert(c.id.as_str()) {
            return fail(format!("category id {:?} not unique kebab-case", c.id));
        }
        if c.name.trim().is_empty() {
            return fail(format!("category {:?} has an empty name", c.id));
        }
    }
    let mut ids = HashSet::new();
    for d in &catalog.datasets {
        if !is_kebab_case(&d.id) || !ids.insert(d.id.as_ref()) {
            return fail(format!("dataset id {:?} not unique kebab-case", d.id));
        }
        if d.name.trim().is_empty() || d.summary.trim().is_empty() {
            return fail(format!("{}: empty name or summary", d.id));
        }
        if d.categories.is_empty()
            || d.categories
                .iter()
                .any(|c| !category_ids.contains(c.as_ref()))
        {
            return fail(format!("{}: categories {:?}", d.id, d.categories));
        }
        if d.urls.is_empty() {
            return fail(format!("{}: no URLs", d.id));
        }
        for url in d.urls.iter().map(|l| &l.url).chain(&d.homepage) {
            if let Err(why) = check_web_url(url) {
                return fail(format!("{}: URL {url:?} loaded: {why}", d.id));
            }
            if !(url.to_ascii_lowercase().starts_with("http://")
                || url.to_ascii_lowercase().starts_with("https://"))
            {
                return fail(format!("{}: URL {url:?} is not http(s)", d.id));
            }
        }
        if d.urls.iter().any(|l| l.label.trim().is_empty()) {
            return fail(format!("{}: empty URL label", d.id));
        }
    }
    let exported = serde_json::to_string_pretty(catalog).map_err(|e| e.to_string())?;
    match catalog::load_str(&exported, "exported.json") {
        Ok(again) if &again == catalog => Ok(()),
        Ok(_) => fail("export and reload changed the catalog".into()),
        Err(err) => fail(format!(
            "the export of a valid catalog does not load:\n{err}"
        )),
    }
}

fn problems(bytes: impl AsRef<[u8]>) -> Vec<Problem> {
    match contract(bytes.as_ref()) {
        Ok(Err(err)) => err.problems,
        Ok(Ok(_)) => panic!("accepted: {}", String::from_utf8_lossy(bytes.as_ref())),
        Err(why) => panic!("{why}"),
    }
}

fn accepted(bytes: impl AsRef<[u8]>) -> Catalog {
    match contract(bytes.as_ref()) {
        Ok(Ok(catalog)) => catalog,
        Ok(Err(err)) => panic!("rejected:\n{err}"),
        Err(why) => panic!("{why}"),
    }
}

fn has(problems: &[Problem], needle: &str) -> bool {
    problems.iter().any(|p| p.message.contains(needle))
}

// ---------------------------------------------------------------------------
// A small valid catalog that uses every field, and ways to change it

fn base() -> Value {
    json!({
        "version": 1,
        "categories": [
            { "id": "imaging", "name": "Medical imaging", "name_zh": "医学图像类数据集",
              "description": "Images.", "description_zh": "图像。" },
            { "id": "qa-language", "name": "QA & language" }
        ],
        "datasets": [
            {
                "id": "chest-ct-1k", "name": "ChestCT-1K", "aliases": ["Chest CT 1K", "胸部CT"],
                "categories": ["imaging"],
                "summary": "A thousand chest CT scans with nodule masks.",
                "summary_zh": "一千例带结节掩码的胸部 CT。",
                "modalities": ["CT"], "body_regions": ["Chest"], "tasks": ["Segmentation"],
                "size": [ { "value": 1000, "unit": "scans" } ], "size_bytes": 12000000000u64,
                "languages": [], "access": "open", "license": "CC BY 4.0", "year": 2021,
                "paper": { "title": "ChestCT-1K", "venue": "MICCAI", "year": 2021, "id": "arXiv:2101.00001" },
                "homepage": "https://example.org/chest",
                "urls": [ { "label": "Zenodo", "url": "https://zenodo.org/records/1234567" },
                          { "label": "Mirror", "url": "http://mirror.example.org/chest-ct-1k/" } ],
                "domain": "medical"
            },
            {
                "id": "med-qa", "name": "MedQA", "categories": ["qa-language", "imaging"],
                "summary": "Exam questions.", "access": "registration",
                "urls": [ { "label": "HF", "url": "https://huggingface.co/datasets/x/med-qa" } ]
            },
            {
                "id": "scan-qa", "name": "ScanQA", "categories": ["qa-language"],
                "summary": "General-domain 3D QA.", "access": "request", "domain": "general",
                "paper": { "title": "ScanQA" }, "year": null, "paper_zh": null,
                "urls": [ { "label": "GitHub", "url": "https://github.com/a/b" } ]
            }
        ]
    })
}

/// The base catalog without the deliberate unknown field in its last entry.
fn valid_base() -> Value {
    let mut value = base();
    value["datasets"][2]
        .as_object_mut()
        .unwrap()
        .remove("paper_zh");
    value
}

fn valid_text() -> String {
    serde_json::to_string_pretty(&valid_base()).unwrap()
}

/// The valid base with one dataset field set to `value` (JSON text).
fn with_field(dataset: usize, field: &str, value: Value) -> String {
    let mut catalog = valid_base();
    catalog["datasets"][dataset][field] = value;
    serde_json::to_string_pretty(&catalog).unwrap()
}

/// Every node's JSON pointer, parents before children.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let key = key.replace('~', "~0").replace('/', "~1");
                pointers(child, format!("{at}/{key}"), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                pointers(child, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

// ---------------------------------------------------------------------------
// Named hostile inputs

const HOSTILE_STRINGS: &[&str] = &[
    "",
    "   ",
    "\t\n",
    "\u{0}",
    "a\u{0}b",
    "\u{1b}[2J",
    "\u{1b}]52;c;cHduZWQ=\u{7}",
    "\u{1b}]0;pwned\u{7}",
    "\u{9b}31m",
    "\u{202e}txt.exe",
    "\u{2066}x\u{2069}",
    "\u{feff}",
    "line\nbreak",
    "javascript:alert(1)",
    "file:///etc/passwd",
    "/relative/path",
    "https://",
    "https://example.org/ok",
    "Bad_Id",
    "-x",
    "x--y",
    "é",
    "imaging",
    "open",
    "general",
    "胸部 X 线（正位）",
    "😀",
];

const BAD_URLS: &[(&str, &str)] = &[
    ("javascript:alert(1)", "scheme \"javascript\""),
    ("JavaScript:alert(1)", "scheme \"javascript\""),
    ("file:///etc/passwd", "scheme \"file\""),
    (
        "data:text/html,<script>alert(1)</script>",
        "scheme \"data\"",
    ),
    ("ftp://example.org/x", "scheme \"ftp\""),
    ("vbscript:msgbox", "scheme \"vbscript\""),
    ("/relative/path", "not absolute"),
    ("relative/path", "not absolute"),
    ("//example.org/x", "not absolute"),
    ("", "not absolute"),
    ("http://", "empty host"),
    (" https://example.org/", "whitespace"),
    ("https://exa mple.org/", "whitespace"),
    ("https://example.org/\u{0}", "control"),
    ("https://exa\u{0}mple.org/", "control"),
    ("https://example.org/\u{1b}[2J", "control"),
    ("https://example.org/\u{1b}]52;c;cHduZWQ=\u{7}", "control"),
    ("https://example.org/\u{9b}31m", "control"),
    ("https://example.org/\u{7f}", "control"),
    // Found by `mutated_small_catalogs`: the URL parser repairs these into
    // `https://…`, so they used to load while the text said otherwise.
    ("https:/example.org/x", "must begin with \"https://\""),
    ("https:example.org/x", "must begin with \"https://\""),
    ("http:///example.org/x", "must begin with \"http://\""),
    ("https:\\\\example.org\\x", "backslash"),
    ("https://example.org\\@evil.example/", "backslash"),
    ("https://example.org/\u{202e}gpj.exe", "bidi"),
    ("https://example.org/\u{2066}x", "bidi"),
    ("https://exa\u{200b}mple.org/", "invisible"),
];

const NAMED_CASES: &str = "named";

/// Every named hostile input, with a label for messages.
fn named_inputs() -> Vec<(String, Vec<u8>)> {
    let mut inputs: Vec<(String, Vec<u8>)> = Vec::new();
    let mut add = |label: &str, bytes: Vec<u8>| inputs.push((label.to_string(), bytes));
    let valid = valid_text();

    add("empty file", vec![]);
    add("whitespace only", b"  \n\t\r\n ".to_vec());
    add("BOM then catalog", format!("\u{feff}{valid}").into_bytes());
    add("BOM only", "\u{feff}".as_bytes().to_vec());
    add("two BOMs", format!("\u{feff}\u{feff}{valid}").into_bytes());
    add(
        "BOM inside",
        format!("{{\u{feff}{}", &valid[1..]).into_bytes(),
    );
    add("UTF-16 LE BOM", vec![0xff, 0xfe, b'{', 0, b'}', 0]);
    for (label, text) in [
        ("null", "null"),
        ("array", "[]"),
        ("string", "\"catalog\""),
        ("number", "1"),
        ("empty object", "{}"),
        (
            "trailing garbage",
            "{\"version\":1,\"categories\":[],\"datasets\":[]} x",
        ),
        ("two objects", &format!("{valid}{valid}")),
        ("comment", &format!("// catalog\n{valid}")),
        (
            "trailing comma",
            &valid.replacen("\"medical\"", "\"medical\",", 1),
        ),
        ("single quotes", "{'version': 1}"),
        ("NaN", "{\"version\": NaN}"),
        (
            "huge version",
            "{\"version\": 18446744073709551616, \"categories\": [], \"datasets\": []}",
        ),
        (
            "negative version",
            "{\"version\": -1, \"categories\": [], \"datasets\": []}",
        ),
        (
            "float version",
            "{\"version\": 1.0, \"categories\": [], \"datasets\": []}",
        ),
        (
            "version 2",
            &valid.replacen("\"version\": 1", "\"version\": 2", 1),
        ),
        (
            "duplicate key",
            &valid.replacen("\"version\": 1,", "\"version\": 1, \"version\": 1,", 1),
        ),
        (
            "lone surrogate",
            &valid.replacen("ChestCT-1K\"", "ChestCT-1K\\ud800\"", 1),
        ),
        (
            "bad escape",
            &valid.replacen("ChestCT-1K\"", "ChestCT-1K\\x41\"", 1),
        ),
        (
            "raw NUL in a string",
            &valid.replacen("ChestCT-1K", "Chest\u{0}CT", 1),
        ),
        (
            "raw NUL outside strings",
            &valid.replacen("\"version\"", "\u{0}\"version\"", 1),
        ),
        (
            "raw ESC in a string",
            &valid.replacen("ChestCT-1K", "Chest\u{1b}[2JCT", 1),
        ),
        (
            "raw newline in a string",
            &valid.replacen("ChestCT-1K", "Chest\nCT", 1),
        ),
        ("CRLF line ends", &valid.replace('\n', "\r\n")),
        ("CR line ends", &valid.replace('\n', "\r")),
        ("minified", &serde_json::to_string(&valid_base()).unwrap()),
        (
            "datasets an object",
            "{\"version\":1,\"categories\":[],\"datasets\":{}}",
        ),
        (
            "dataset a number",
            &valid.replacen("\"datasets\": [", "\"datasets\": [ 7,", 1),
        ),
        (
            "dataset a string",
            &valid.replacen("\"datasets\": [", "\"datasets\": [ \"x\",", 1),
        ),
        (
            "dataset null",
            &valid.replacen("\"datasets\": [", "\"datasets\": [ null,", 1),
        ),
        (
            "dataset an array",
            &valid.replacen("\"datasets\": [", "\"datasets\": [ [],", 1),
        ),
        (
            "no categories",
            "{\"version\":1,\"categories\":[],\"datasets\":[]}",
        ),
    ] {
        add(label, text.as_bytes().to_vec());
    }

    // Truncation at every byte of a valid catalog, and of a catalog with CJK.
    for cut in 0..valid.len() {
        add("truncated", valid.as_bytes()[..cut].to_vec());
    }

    // Deep nesting, both at the top level and where entries are expected.
    for depth in [129, 10_000, 100_000] {
        add("deep arrays", "[".repeat(depth).into_bytes());
        add(
            "deep balanced arrays",
            format!("{}{}", "[".repeat(depth), "]".repeat(depth)).into_bytes(),
        );
        add("deep objects", "{\"a\":".repeat(depth).into_bytes());
        add(
            "deep arrays in datasets",
            format!(
                "{{\"version\":1,\"categories\":[],\"datasets\":[{}",
                "[".repeat(depth)
            )
            .into_bytes(),
        );
        add(
            "deep balanced arrays in datasets",
            format!(
                "{{\"version\":1,\"categories\":[],\"datasets\":[{}{}]}}",
                "[".repeat(depth),
                "]".repeat(depth)
            )
            .into_bytes(),
        );
        add(
            "deep objects in a summary",
            valid
                .replacen(
                    "\"Exam questions.\"",
                    &format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth)),
                    1,
                )
                .into_bytes(),
        );
    }

    // Invalid UTF-8 of every kind, at the start, inside a string and at the end.
    for bad in [
        &[0xff][..],
        &[0xfe],
        &[0x80],
        &[0xc0, 0xaf],
        &[0xe0, 0x80, 0xaf],
        &[0xed, 0xa0, 0x80],
        &[0xf4, 0x90, 0x80, 0x80],
        &[0xe4, 0xb8],
    ] {
        add("invalid UTF-8 first", [bad, valid.as_bytes()].concat());
        let at = valid.find("ChestCT").unwrap();
        add(
            "invalid UTF-8 in a name",
            [&valid.as_bytes()[..at], bad, &valid.as_bytes()[at..]].concat(),
        );
        add("invalid UTF-8 last", [valid.as_bytes(), bad].concat());
    }
    add(
        "latin-1 text",
        b"{\"version\":1,\"name\":\"Caf\xe9\"}".to_vec(),
    );

    // Duplicates.
    let mut dup = valid_base();
    let first = dup["datasets"][0].clone();
    dup["datasets"].as_array_mut().unwrap().push(first);
    add(
        "duplicate dataset id",
        serde_json::to_vec_pretty(&dup).unwrap(),
    );
    let mut dup = valid_base();
    let first = dup["categories"][0].clone();
    dup["categories"].as_array_mut().unwrap().push(first);
    add(
        "duplicate category id",
        serde_json::to_vec_pretty(&dup).unwrap(),
    );

    // Unknown fields at every level.
    add(
        "unknown top-level field",
        base_with(|v| v["extra"] = json!(1)),
    );
    add(
        "unknown category field",
        base_with(|v| v["categories"][0]["colour"] = json!("red")),
    );
    add(
        "unknown dataset field",
        serde_json::to_vec_pretty(&base()).unwrap(),
    );
    add(
        "unknown paper field",
        base_with(|v| v["datasets"][0]["paper"]["doi"] = json!("x")),
    );
    add(
        "unknown size field",
        base_with(|v| v["datasets"][0]["size"][0]["approx"] = json!(true)),
    );
    add(
        "unknown link field",
        base_with(|v| v["datasets"][0]["urls"][0]["mirror"] = json!(true)),
    );

    // Wrong types in every dataset field.
    for field in [
        "id",
        "name",
        "aliases",
        "categories",
        "summary",
        "summary_zh",
        "modalities",
        "body_regions",
        "tasks",
        "size",
        "size_bytes",
        "languages",
        "access",
        "license",
        "year",
        "paper",
        "homepage",
        "urls",
        "domain",
    ] {
        for value in [
            json!(null),
            json!(true),
            json!(-1),
            json!(1.5),
            json!(70000),
            json!("text"),
            json!([]),
            json!([1]),
            json!({}),
        ] {
            add("wrong type", with_field(0, field, value).into_bytes());
        }
    }
    add(
        "access unknown",
        with_field(0, "access", json!("free")).into_bytes(),
    );
    add(
        "domain unknown",
        with_field(0, "domain", json!("veterinary")).into_bytes(),
    );
    add(
        "negative size",
        base_with(|v| v["datasets"][0]["size"][0]["value"] = json!(-5)),
    );

    // URLs and homepages that must not load.
    for (url, _) in BAD_URLS {
        add(
            "bad URL",
            base_with(|v| v["datasets"][0]["urls"][0]["url"] = json!(url)),
        );
        add(
            "bad homepage",
            with_field(0, "homepage", json!(url)).into_bytes(),
        );
    }

    // Empty names, summaries and labels.
    for empty in ["", "   ", "\t\n\r"] {
        add(
            "empty dataset name",
            with_field(0, "name", json!(empty)).into_bytes(),
        );
        add(
            "empty summary",
            with_field(0, "summary", json!(empty)).into_bytes(),
        );
        add(
            "empty category name",
            base_with(|v| v["categories"][0]["name"] = json!(empty)),
        );
        add(
            "empty URL label",
            base_with(|v| v["datasets"][0]["urls"][0]["label"] = json!(empty)),
        );
    }

    // Big strings.
    add(
        "5 MB summary",
        with_field(0, "summary", json!(big_summary())).into_bytes(),
    );
    add(
        "10,000-character name",
        with_field(0, "name", json!("N".repeat(10_000))).into_bytes(),
    );
    add(
        "10,000-character CJK name",
        with_field(0, "name", json!("胸".repeat(10_000))).into_bytes(),
    );
    add(
        "10,000-character id",
        with_field(0, "id", json!("a".repeat(10_000))).into_bytes(),
    );

    // NUL (as the \u0000 escape; a raw NUL is not JSON) everywhere it can go.
    add(
        "NUL in a name",
        with_field(0, "name", json!("Chest\u{0}CT")).into_bytes(),
    );
    add(
        "name only NUL",
        with_field(0, "name", json!("\u{0}")).into_bytes(),
    );
    add(
        "NUL in an id",
        with_field(0, "id", json!("chest\u{0}ct")).into_bytes(),
    );
    add(
        "NUL in a URL",
        base_with(|v| v["datasets"][0]["urls"][0]["url"] = json!("https://example.org/\u{0}")),
    );

    // Every hostile string in every string field of the first dataset.
    let mut fields = Vec::new();
    pointers(&valid_base()["datasets"][0], String::new(), &mut fields);
    for pointer in fields {
        for text in HOSTILE_STRINGS {
            let mut value = valid_base();
            let node = value["datasets"][0].pointer_mut(&pointer).unwrap();
            if node.is_string() {
                *node = json!(text);
                add("hostile string", serde_json::to_vec_pretty(&value).unwrap());
            }
        }
    }

    // Many problems in one file: linear, not quadratic, in their number.
    add(
        "20,000 duplicates, one per line",
        many_duplicates(20_000, "\n"),
    );
    add("20,000 duplicates on one line", many_duplicates(20_000, ""));
    add(
        "2,000 unknown categories against 2,000 categories",
        many_unknown_categories(2_000),
    );
    add(
        "50,000 non-object datasets",
        format!(
            "{{\"version\":1,\"categories\":[],\"datasets\":[{}1]}}",
            "1,".repeat(50_000)
        )
        .into_bytes(),
    );
    inputs
}

fn base_with(change: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut value = valid_base();
    change(&mut value);
    serde_json::to_vec_pretty(&value).unwrap()
}

fn big_summary() -> String {
    "Chest CT scans with nodule masks, 胸部 CT. ".repeat(5 * 1024 * 1024 / 45)
}

fn many_duplicates(n: usize, separator: &str) -> Vec<u8> {
    let entry = r#"{"id":"same","name":"Same","categories":["imaging"],"summary":"S.","access":"open","urls":[{"label":"L","url":"https://example.org/"}]}"#;
    let entries = vec![entry; n].join(&format!(",{separator}"));
    format!(r#"{{"version":1,"categories":[{{"id":"imaging","name":"Imaging"}}],"datasets":[{separator}{entries}]}}"#)
        .into_bytes()
}

fn many_unknown_categories(n: usize) -> Vec<u8> {
    let categories: Vec<Value> = (0..n)
        .map(|i| json!({ "id": format!("category-{i}"), "name": format!("Category {i}") }))
        .collect();
    let datasets: Vec<Value> = (0..n)
        .map(|i| {
            json!({ "id": format!("d-{i}"), "name": "D", "categories": ["nowhere"], "summary": "S.",
                    "access": "open", "urls": [{ "label": "L", "url": "https://example.org/" }] })
        })
        .collect();
    serde_json::to_vec(&json!({ "version": 1, "categories": categories, "datasets": datasets }))
        .unwrap()
}

#[test]
fn every_named_input_keeps_the_contract() {
    let mut broken = Vec::new();
    for (label, bytes) in named_inputs() {
        if let Err(why) = contract(&bytes) {
            broken.push(format!("{label}: {why}"));
        }
    }
    assert!(
        broken.is_empty(),
        "{} {NAMED_CASES} inputs broke the contract:\n{}",
        broken.len(),
        broken.join("\n")
    );
}

// ---------------------------------------------------------------------------
// What the named inputs must answer

#[test]
fn the_base_catalog_is_valid_and_its_unknown_field_is_named() {
    let catalog = accepted(valid_text());
    assert_eq!(catalog.datasets.len(), 3);
    let p = problems(serde_json::to_vec_pretty(&base()).unwrap());
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(p[0].message.contains("unknown field `paper_zh`"), "{p:?}");
    assert_eq!(p[0].entry.as_deref(), Some("scan-qa"));
}

#[test]
fn empty_file_and_bom() {
    for empty in [
        &b""[..],
        b"  \n\t",
        "\u{feff}".as_bytes(),
        "\u{feff} \n".as_bytes(),
    ] {
        let p = problems(empty);
        assert_eq!(p.len(), 1);
        assert_eq!((p[0].line, p[0].column), (1, 1));
        assert!(p[0].message.contains("empty"), "{p:?}");
    }
    accepted(format!("\u{feff}{}", valid_text()));
    // Only one BOM is a BOM; a second is a stray character, reported at 1:1.
    let p = problems(format!("\u{feff}\u{feff}{}", valid_text()));
    assert_eq!((p[0].line, p[0].column), (1, 1), "{p:?}");
    // Positions are counted after the BOM, as an editor shows them.
    let text = format!(
        "\u{feff}{}",
        valid_text().replacen("\"open\"", "\"free\"", 1)
    );
    let line = valid_text()
        .lines()
        .position(|l| l.contains("\"open\""))
        .unwrap()
        + 1;
    assert_eq!(problems(text)[0].line, line);
}

#[test]
fn truncated_json_says_where_the_file_ends() {
    let text = valid_text();
    for cut in [1, text.len() / 3, text.len() / 2, text.len() - 1] {
        // A cut inside a character is an encoding problem, tested elsewhere.
        let cut = (0..=cut).rev().find(|&i| text.is_char_boundary(i)).unwrap();
        let p = problems(&text.as_bytes()[..cut]);
        assert!(
            p.iter().any(|p| p.message.contains("end of file")),
            "cut at {cut}: {p:?}"
        );
        let last_line = text[..cut].lines().count().max(1);
        assert!(p[0].line <= last_line + 1, "cut at {cut}: {p:?}");
    }
}

#[test]
fn deep_nesting_is_one_error_not_a_stack_overflow() {
    for text in [
        "[".repeat(100_000),
        "{\"a\":".repeat(100_000),
        format!(
            "{{\"version\":1,\"categories\":[],\"datasets\":[{}",
            "[".repeat(100_000)
        ),
        format!(
            "{{\"version\":1,\"categories\":[],\"datasets\":[{}{}]}}",
            "[".repeat(100_000),
            "]".repeat(100_000)
        ),
    ] {
        let p = problems(&text);
        assert!(!p.is_empty());
        assert!(p.iter().all(|p| p.line == 1), "{p:?}");
    }
    let p = problems(format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)));
    assert!(p[0].message.contains("JSON object"), "{p:?}");
}

#[test]
fn invalid_utf8_is_located_where_it_starts() {
    let text = valid_text();
    let at = text.find("ChestCT").unwrap();
    let (line, column) = catalog::line_column(&text, at);
    for bad in [
        &[0xff][..],
        &[0xc0, 0xaf],
        &[0xed, 0xa0, 0x80],
        &[0xe4, 0xb8],
    ] {
        let bytes = [&text.as_bytes()[..at], bad, &text.as_bytes()[at..]].concat();
        let p = problems(&bytes);
        assert_eq!(p.len(), 1);
        assert_eq!((p[0].line, p[0].column), (line, column), "{bad:x?}");
        assert!(p[0].message.contains("UTF-8"));
    }
}

#[test]
fn duplicate_ids_name_the_first_line() {
    let mut dup = valid_base();
    let first = dup["datasets"][0].clone();
    dup["datasets"].as_array_mut().unwrap().push(first);
    let text = serde_json::to_string_pretty(&dup).unwrap();
    let p = problems(&text);
    assert_eq!(p.len(), 1, "{p:?}");
    let first_line = text
        .lines()
        .position(|l| l.contains("\"chest-ct-1k\""))
        .unwrap()
        + 1;
    assert!(
        p[0].message.contains(&format!(
            "duplicate dataset id \"chest-ct-1k\" (first used on line {first_line})"
        )),
        "{p:?}"
    );
    assert!(p[0].line > first_line);

    let mut dup = valid_base();
    let first = dup["categories"][0].clone();
    dup["categories"].as_array_mut().unwrap().push(first);
    let p = problems(serde_json::to_vec_pretty(&dup).unwrap());
    assert!(has(&p, "duplicate category id \"imaging\""), "{p:?}");
}

#[test]
fn unknown_fields_are_named_at_every_level() {
    for (bytes, field) in [
        (base_with(|v| v["extra"] = json!(1)), "extra"),
        (
            base_with(|v| v["categories"][0]["colour"] = json!("red")),
            "colour",
        ),
        (
            base_with(|v| v["datasets"][0]["paper"]["doi"] = json!("x")),
            "doi",
        ),
        (
            base_with(|v| v["datasets"][0]["size"][0]["approx"] = json!(true)),
            "approx",
        ),
        (
            base_with(|v| v["datasets"][0]["urls"][0]["mirror"] = json!(true)),
            "mirror",
        ),
    ] {
        let p = problems(&bytes);
        assert!(
            has(&p, &format!("unknown field `{field}`")),
            "{field}: {p:?}"
        );
    }
}

#[test]
fn wrong_types_point_into_the_dataset_that_has_them() {
    for field in [
        "name",
        "aliases",
        "summary",
        "size",
        "size_bytes",
        "access",
        "year",
        "paper",
        "urls",
        "domain",
    ] {
        let text = with_field(0, field, json!({ "oops": true }));
        let p = problems(&text);
        assert_eq!(p.len(), 1, "{field}: {p:?}");
        assert_eq!(p[0].entry.as_deref(), Some("chest-ct-1k"), "{field}: {p:?}");
        // The only object-valued field with this name is the one just set.
        let at = text.find(&format!("\"{field}\": {{")).unwrap();
        let line = catalog::line_column(&text, at).0;
        assert!(
            (line..=line + 2).contains(&p[0].line),
            "{field}: problem on line {} for a field on line {line}: {p:?}",
            p[0].line
        );
    }
    let p = problems(with_field(0, "year", json!(70000)));
    assert!(has(&p, "u16"), "{p:?}");
}

#[test]
fn only_absolute_http_urls_load() {
    for (url, why) in BAD_URLS {
        for bytes in [
            base_with(|v| v["datasets"][0]["urls"][0]["url"] = json!(url)),
            with_field(0, "homepage", json!(url)).into_bytes(),
        ] {
            let p = problems(&bytes);
            let hit = p.iter().find(|p| p.message.contains(why));
            let hit = hit.unwrap_or_else(|| panic!("{url:?}: wanted {why:?} in {p:?}"));
            assert_eq!(hit.entry.as_deref(), Some("chest-ct-1k"), "{url:?}");
            // The URL is quoted escaped, so the message itself stays plain.
            assert!(
                !hit.message.chars().any(sanitize::is_unsafe),
                "{:?}",
                hit.message
            );
        }
    }
    for url in [
        "https://example.org/",
        "HTTPS://EXAMPLE.ORG/x",
        "http://[::1]:8080/a?b=c#d",
        "https://例子.中国/数据",
    ] {
        accepted(base_with(|v| {
            v["datasets"][0]["urls"][0]["url"] = json!(url)
        }));
    }
}

#[test]
fn empty_names_summaries_and_labels_are_rejected() {
    for empty in ["", "   ", "\t\n\r"] {
        assert!(has(
            &problems(with_field(0, "name", json!(empty))),
            "empty name"
        ));
        assert!(has(
            &problems(with_field(0, "summary", json!(empty))),
            "empty summary"
        ));
        assert!(has(
            &problems(base_with(|v| v["categories"][0]["name"] = json!(empty))),
            "empty name"
        ));
        assert!(has(
            &problems(base_with(
                |v| v["datasets"][0]["urls"][0]["label"] = json!(empty)
            )),
            "empty label"
        ));
    }
}

#[test]
fn a_five_megabyte_summary_and_ten_thousand_character_names_load() {
    let summary = big_summary();
    assert!(summary.len() >= 5_000_000);
    let started = std::time::Instant::now();
    let catalog = accepted(with_field(0, "summary", json!(summary)));
    assert_eq!(catalog.datasets[0].summary, summary);
    // Generous for a debug build on a busy machine; a quadratic step would not make it.
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );

    for name in ["N".repeat(10_000), "胸".repeat(10_000)] {
        let catalog = accepted(with_field(0, "name", json!(name)));
        assert_eq!(catalog.datasets[0].name, name);
    }
    // An id is a short handle: a long one is fine if it is kebab-case.
    accepted(with_field(0, "id", json!("a".repeat(10_000))));
    // A problem after a 5 MB line is still placed by character column.
    let text = with_field(0, "summary", json!(big_summary())).replacen("\"open\"", "\"free\"", 1);
    let p = problems(&text);
    let at = text.find("\"free\"").unwrap();
    assert_eq!(p[0].line, catalog::line_column(&text, at).0, "{p:?}");
}

/// Decision: NUL in display text (names, summaries, labels) is data and is
/// accepted verbatim, like any other control character; every display path
/// replaces it (`sanitize`), and JSON output escapes it. NUL in a URL or an
/// id is rejected, because those are acted on rather than read.
#[test]
fn nul_is_accepted_and_sanitized_in_text_rejected_in_urls_and_ids() {
    let catalog = accepted(with_field(0, "name", json!("Chest\u{0}CT")));
    let name = &catalog.datasets[0].name;
    assert_eq!(name, "Chest\u{0}CT");
    assert_eq!(sanitize::line(name), "Chest\u{fffd}CT");
    let catalog = accepted(with_field(0, "name", json!("\u{0}")));
    assert_eq!(sanitize::line(&catalog.datasets[0].name), "\u{fffd}");

    let p = problems(base_with(|v| {
        v["datasets"][0]["urls"][0]["url"] = json!("https://example.org/\u{0}")
    }));
    assert!(has(&p, "control"), "{p:?}");
    assert_eq!(p[0].entry.as_deref(), Some("chest-ct-1k"));
    assert!(has(
        &problems(with_field(0, "id", json!("chest\u{0}ct"))),
        "kebab-case"
    ));
    // A raw NUL byte is not JSON at all.
    let p = problems(valid_text().replacen("ChestCT-1K", "Chest\u{0}CT", 1));
    assert!(has(&p, "control character"), "{p:?}");
}

#[test]
fn a_line_break_in_an_id_cannot_forge_a_line_of_output() {
    let forged = "x\nhostile.json:1:1: all good";
    let err = catalog::load_str(&with_field(0, "id", json!(forged)), "t.json").unwrap_err();
    let shown = err.to_string();
    assert_eq!(shown.lines().count(), err.problems.len(), "{shown}");
    assert!(
        !shown.chars().any(|c| c != '\n' && sanitize::is_unsafe(c)),
        "{shown:?}"
    );
}

#[test]
fn thousands_of_problems_stay_fast_and_bounded() {
    for separator in ["\n", ""] {
        let p = problems(many_duplicates(20_000, separator));
        assert_eq!(p.len(), 19_999);
    }
    let p = problems(many_unknown_categories(2_000));
    assert_eq!(p.len(), 2_000);
    let total: usize = p.iter().map(|p| p.message.len()).sum();
    assert!(total < 1_000_000, "{total} bytes of messages");
    assert!(p[0].message.contains("and 1990 more"), "{}", p[0].message);
}

// ---------------------------------------------------------------------------
// Property tests

const ARBITRARY_BYTES_CASES: u32 = 1_500;
const TOKEN_SOUP_CASES: u32 = 1_500;
const MUTATED_SMALL_CASES: u32 = 1_500;
const MUTATED_EMBEDDED_CASES: u32 = 120;

/// Runs `cases` generated inputs through the contract and returns how many
/// were tried; on failure, panics with the minimal failing input.
fn fuzz<S: Strategy>(cases: u32, strategy: S, to_bytes: impl Fn(&S::Value) -> Vec<u8>) -> usize
where
    S::Value: std::fmt::Debug,
{
    let config = Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: 2_000,
        ..Config::default()
    };
    let tried = AtomicUsize::new(0);
    let mut runner = TestRunner::new(config);
    let result = runner.run(&strategy, |value| {
        tried.fetch_add(1, Ordering::Relaxed);
        let bytes = to_bytes(&value);
        contract(&bytes).map(drop).map_err(|why| {
            TestCaseError::fail(format!(
                "{why}\ninput: {:?}",
                String::from_utf8_lossy(&bytes[..bytes.len().min(2_000)])
            ))
        })
    });
    match result {
        Ok(()) => tried.into_inner(),
        Err(TestError::Fail(why, value)) => panic!("{why}\nminimal case: {value:?}"),
        Err(TestError::Abort(why)) => panic!("aborted: {why}"),
    }
}

#[test]
fn arbitrary_bytes() {
    let strategy = prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..512),
        // Mostly ASCII with JSON's punctuation, so the parser gets further in.
        proptest::collection::vec(prop_oneof![4 => 0x20u8..0x7f, 1 => any::<u8>()], 0..512),
    ];
    let tried = fuzz(ARBITRARY_BYTES_CASES, strategy, |bytes| bytes.clone());
    assert_eq!(tried, ARBITRARY_BYTES_CASES as usize);
}

const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "\\",
    " ",
    "\n",
    "\r\n",
    "\t",
    "null",
    "true",
    "false",
    "0",
    "-1",
    "1.5",
    "1e999",
    "65536",
    "18446744073709551616",
    "\"x\"",
    "\"\\u0000\"",
    "\"\\ud800\"",
    "\"\\u001b[2J\"",
    "\"\\u202e\"",
    "\"胸部\"",
    "\"version\"",
    "1",
    "\"categories\"",
    "\"datasets\"",
    "\"id\"",
    "\"name\"",
    "\"summary\"",
    "\"access\"",
    "\"open\"",
    "\"urls\"",
    "\"label\"",
    "\"url\"",
    "\"https://example.org/\"",
    "\"javascript:alert(1)\"",
    "\"imaging\"",
    "\"a-b\"",
    "\u{feff}",
    "/*",
    "*/",
];

#[test]
fn token_soup() {
    let tokens = proptest::collection::vec(proptest::sample::select(TOKENS), 0..120);
    let strategy = (any::<bool>(), tokens);
    let tried = fuzz(TOKEN_SOUP_CASES, strategy, |(prefixed, tokens)| {
        let prefix = if *prefixed {
            "{\"version\": 1, \"categories\": [{\"id\": \"imaging\", \"name\": \"I\"}], \"datasets\": ["
        } else {
            ""
        };
        format!("{prefix}{}", tokens.concat()).into_bytes()
    });
    assert_eq!(tried, TOKEN_SOUP_CASES as usize);
}

/// A change to the parsed catalog, before it is printed.
#[derive(Debug, Clone)]
enum Structural {
    DuplicateDataset(Index),
    SwapType(Index, Index),
    RemoveField(Index),
    AddUnknownField(Index),
    HostileString(Index, Index),
    ArbitraryString(Index, String),
}

/// A change to the printed text.
#[derive(Debug, Clone)]
enum Textual {
    FlipByte(Index, u8),
    Truncate(Index),
    Insert(Index, Index),
    Delete(Index, u8),
    InsertBytes(Index, Vec<u8>),
}

fn structural() -> impl Strategy<Value = Structural> {
    prop_oneof![
        any::<Index>().prop_map(Structural::DuplicateDataset),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Structural::SwapType(a, b)),
        any::<Index>().prop_map(Structural::RemoveField),
        any::<Index>().prop_map(Structural::AddUnknownField),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Structural::HostileString(a, b)),
        (any::<Index>(), any::<String>()).prop_map(|(a, s)| Structural::ArbitraryString(a, s)),
    ]
}

fn textual() -> impl Strategy<Value = Textual> {
    prop_oneof![
        3 => (any::<Index>(), 1u8..=255).prop_map(|(at, mask)| Textual::FlipByte(at, mask)),
        1 => any::<Index>().prop_map(Textual::Truncate),
        3 => (any::<Index>(), any::<Index>()).prop_map(|(at, t)| Textual::Insert(at, t)),
        2 => (any::<Index>(), any::<u8>()).prop_map(|(at, n)| Textual::Delete(at, n)),
        1 => (any::<Index>(), proptest::collection::vec(any::<u8>(), 1..8)).prop_map(|(at, b)| Textual::InsertBytes(at, b)),
    ]
}

const REPLACEMENTS: &[fn() -> Value] = &[
    || json!(null),
    || json!(true),
    || json!(0),
    || json!(-1),
    || json!(1.5),
    || json!(65536),
    || json!(u64::MAX),
    || json!(""),
    || json!("text"),
    || json!([]),
    || json!([null]),
    || json!({}),
    || json!({ "id": "x" }),
];

fn apply_structural(value: &mut Value, change: &Structural) {
    let mut all = Vec::new();
    pointers(value, String::new(), &mut all);
    let pick = |index: &Index| all[index.index(all.len())].clone();
    match change {
        Structural::DuplicateDataset(i) => {
            if let Some(datasets) = value.get_mut("datasets").and_then(Value::as_array_mut)
                && !datasets.is_empty()
            {
                let copy = datasets[i.index(datasets.len())].clone();
                datasets.push(copy);
            }
        }
        Structural::SwapType(at, with) => {
            let pointer = pick(at);
            if let Some(node) = value.pointer_mut(&pointer) {
                *node = REPLACEMENTS[with.index(REPLACEMENTS.len())]();
            }
        }
        Structural::RemoveField(at) => {
            let pointer = pick(at);
            if let Some((parent, key)) = pointer.rsplit_once('/')
                && let Some(Value::Object(map)) = value.pointer_mut(parent)
            {
                map.remove(&key.replace("~1", "/").replace("~0", "~"));
            }
        }
        Structural::AddUnknownField(at) => {
            let pointer = pick(at);
            if let Some(Value::Object(map)) = value.pointer_mut(&pointer) {
                map.insert("unexpected".into(), json!(1));
            }
        }
        Structural::HostileString(at, which) => {
            let pointer = pick(at);
            if let Some(node) = value.pointer_mut(&pointer) {
                *node = json!(HOSTILE_STRINGS[which.index(HOSTILE_STRINGS.len())]);
            }
        }
        Structural::ArbitraryString(at, text) => {
            let pointer = pick(at);
            if let Some(node @ Value::String(_)) = value.pointer_mut(&pointer) {
                *node = json!(text);
            }
        }
    }
}

fn apply_textual(bytes: &mut Vec<u8>, change: &Textual) {
    let len = bytes.len();
    let at = |index: &Index| index.index(len + 1);
    match change {
        Textual::FlipByte(i, mask) => {
            if len > 0 {
                bytes[i.index(len)] ^= mask;
            }
        }
        Textual::Truncate(i) => bytes.truncate(at(i)),
        Textual::Insert(i, token) => {
            let token = TOKENS[token.index(TOKENS.len())].as_bytes();
            let at = at(i);
            bytes.splice(at..at, token.iter().copied());
        }
        Textual::Delete(i, n) => {
            let start = at(i);
            let end = (start + *n as usize).min(len);
            bytes.drain(start..end);
        }
        Textual::InsertBytes(i, new) => {
            let at = at(i);
            bytes.splice(at..at, new.iter().copied());
        }
    }
}

fn mutate(base: &Value, structure: &[Structural], pretty: bool, text: &[Textual]) -> Vec<u8> {
    let mut value = base.clone();
    for change in structure {
        apply_structural(&mut value, change);
    }
    let mut bytes = if pretty {
        serde_json::to_vec_pretty(&value).unwrap()
    } else {
        serde_json::to_vec(&value).unwrap()
    };
    for change in text {
        apply_textual(&mut bytes, change);
    }
    bytes
}

fn mutations() -> impl Strategy<Value = (Vec<Structural>, bool, Vec<Textual>)> {
    (
        proptest::collection::vec(structural(), 0..4),
        any::<bool>(),
        proptest::collection::vec(textual(), 0..4),
    )
}

#[test]
fn mutated_small_catalogs() {
    let base = valid_base();
    let tried = fuzz(
        MUTATED_SMALL_CASES,
        mutations(),
        |(structure, pretty, text)| mutate(&base, structure, *pretty, text),
    );
    assert_eq!(tried, MUTATED_SMALL_CASES as usize);
}

#[test]
fn mutated_embedded_catalog() {
    let base: Value = serde_json::from_str(catalog::EMBEDDED_JSON).unwrap();
    let tried = fuzz(
        MUTATED_EMBEDDED_CASES,
        mutations(),
        |(structure, pretty, text)| mutate(&base, structure, *pretty, text),
    );
    assert_eq!(tried, MUTATED_EMBEDDED_CASES as usize);
}

/// How many hostile inputs one run of this file tries: the named table plus
/// the property tests' cases (each of which asserts it ran exactly that many).
#[test]
fn hostile_input_count() {
    let named = named_inputs().len();
    let generated = [
        ARBITRARY_BYTES_CASES,
        TOKEN_SOUP_CASES,
        MUTATED_SMALL_CASES,
        MUTATED_EMBEDDED_CASES,
    ]
    .iter()
    .sum::<u32>() as usize;
    // Straight to the stream: the test harness captures `eprintln!`.
    let _ = writeln!(
        std::io::stderr(),
        "hostile_catalogs: {} hostile inputs per run ({named} named, {generated} generated)",
        named + generated
    );
    assert!(named > 1_000, "{named}");
}
