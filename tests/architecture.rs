//! The shape ARCHITECTURE.md describes, checked: dependencies point one way
//! (tui, cli → describe → search, download, links → catalog → text helpers),
//! wings of one layer do not use each other, the TUI's state does not know
//! how it is drawn, and no file grows past what a reader can hold.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// The layer of each top-level module ("wing"). A wing may use only wings
/// of a lower layer.
fn layer(wing: &str) -> Option<u8> {
    Some(match wing {
        "sanitize" => 0,
        "format" | "lang" | "files" => 1,
        "catalog" | "shortlist" => 2,
        "search" | "download" | "links" | "cite" => 3,
        "describe" | "script" | "croissant" => 4,
        "compare" | "import" => 5,
        "cli" | "tui" => 6,
        _ => return None,
    })
}

/// The non-test part of every Rust file under src/ (lib.rs and main.rs
/// excepted: they only wire wings together).
fn sources() -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let relative = path.strip_prefix(&root).unwrap().to_path_buf();
                if relative == Path::new("lib.rs") || relative == Path::new("main.rs") {
                    continue;
                }
                let text = fs::read_to_string(&path).unwrap();
                out.push((relative, without_tests(&text).to_string()));
            }
        }
    }
    out.sort();
    assert!(out.len() > 20, "found only {} source files", out.len());
    out
}

/// The text before the file's unit-test module.
fn without_tests(text: &str) -> &str {
    match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => &text[..at],
        None => text,
    }
}

fn wing_of(relative: &Path) -> String {
    let first = relative.components().next().unwrap();
    let first = first.as_os_str().to_str().unwrap();
    first.strip_suffix(".rs").unwrap_or(first).to_string()
}

/// Every `crate::name` the text mentions, outside comments.
fn crate_references(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            // `crate::{a, b}` names several.
            if let Some(group) = rest.strip_prefix('{') {
                let end = group.find('}').unwrap_or(group.len());
                for part in group[..end].split(',') {
                    let name: String = part
                        .trim()
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if !name.is_empty() {
                        out.insert(name);
                    }
                }
                continue;
            }
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            out.insert(name);
        }
    }
    out
}

#[test]
fn dependencies_point_down_the_layers() {
    let mut wrong = Vec::new();
    for (path, text) in sources() {
        let wing = wing_of(&path);
        let Some(own) = layer(&wing) else {
            wrong.push(format!("{}: wing {wing:?} has no layer", path.display()));
            continue;
        };
        for used in crate_references(&text) {
            if used == wing {
                continue;
            }
            match layer(&used) {
                Some(theirs) if theirs < own => {}
                Some(theirs) => wrong.push(format!(
                    "{}: {wing} (layer {own}) uses {used} (layer {theirs})",
                    path.display()
                )),
                None => wrong.push(format!("{}: unknown crate::{used}", path.display())),
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn tui_state_does_not_know_how_it_is_drawn() {
    // The state, its keymap and its models are plain Rust, testable without
    // a terminal; only ui/ (drawing), layout, theme and the edges
    // (terminal, clipboard, browser) touch ratatui or crossterm's I/O.
    let state = [
        "tui/app.rs",
        "tui/app/marks.rs",
        "tui/app/related.rs",
        "tui/action.rs",
        "tui/outline.rs",
        "tui/picker.rs",
        "tui/keymap.rs",
    ];
    // Plain geometry (ratatui's Rect, as reported back by a drawn frame)
    // is data, not drawing.
    let forbidden = [
        "ui::",
        "tui::layout",
        "super::layout",
        "theme",
        "Theme",
        "ratatui::widgets",
        "ratatui::text",
        "ratatui::style",
        "ratatui::Frame",
        "ratatui::Terminal",
        "crossterm::terminal",
        "crossterm::execute",
    ];
    let mut wrong = Vec::new();
    for (path, text) in sources() {
        let name = path.to_str().unwrap().replace('\\', "/");
        if !state.contains(&name.as_str()) {
            continue;
        }
        for line in text.lines() {
            let code = line.split("//").next().unwrap_or("");
            for word in forbidden {
                if mentions(code, word) {
                    wrong.push(format!("{name}: {}", line.trim()));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// `word` occurs in `code` not as the tail of a longer name (`ui::` is not
/// in `ratatui::`).
fn mentions(code: &str, word: &str) -> bool {
    code.match_indices(word).any(|(at, _)| {
        !code[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

#[test]
fn no_file_outgrows_a_reader() {
    const MAX_LINES: usize = 1000;
    let long: Vec<String> = sources()
        .into_iter()
        .map(|(path, text)| (path, text.lines().count()))
        .filter(|(_, lines)| *lines > MAX_LINES)
        .map(|(path, lines)| format!("{}: {lines} lines before its tests", path.display()))
        .collect();
    assert!(long.is_empty(), "{}", long.join("\n"));
}

#[test]
fn the_reference_scanner_sees_what_it_should() {
    let text = "use crate::catalog::Catalog;\nuse crate::{format, lang::Lang};\n// crate::tui\n";
    let found: Vec<String> = crate_references(text).into_iter().collect();
    assert_eq!(found, ["catalog", "format", "lang"]);
    assert!(mentions("use super::ui::tree;", "ui::"));
    assert!(!mentions("use ratatui::layout::Rect;", "ui::"));
    assert_eq!(
        without_tests("a\n#[cfg(test)]\nmod tests {\nuse crate::tui;\n}"),
        "a\n"
    );
}
