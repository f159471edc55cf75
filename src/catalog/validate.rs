//! What makes a catalog valid, and where a problem is: every check the
//! loader runs on an entry or across entries, the URL rules, and line and
//! column lookups that stay cheap for files with thousands of problems.

use std::cell::{Cell, OnceCell};
use std::collections::{HashMap, HashSet};
use std::fmt;

use rustc_hash::FxHashMap;
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::sanitize;

use super::{CHECKABLE_FIELDS, Category, DatasetText};

/// One thing wrong with a catalog file, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line; 0 when the problem has no place in the text (an unreadable file).
    pub line: usize,
    /// 1-based column in characters.
    pub column: usize,
    /// The dataset (or category) the problem belongs to, when known.
    pub entry: Option<String>,
    pub message: String,
}

/// Everything wrong with one catalog file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub file: String,
    pub problems: Vec<Problem>,
    /// The file could not be read at all (missing, a directory, no permission),
    /// as opposed to read and found invalid.
    pub unreadable: bool,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, problem) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            // One line per problem, whatever the catalog's text or the file's
            // name holds: a line break in either must not forge a line.
            let file = sanitize::line(&self.file);
            if problem.line == 0 {
                write!(f, "{file}: ")?;
            } else {
                write!(f, "{file}:{}:{}: ", problem.line, problem.column)?;
            }
            if let Some(entry) = &problem.entry {
                write!(f, "[{}] ", sanitize::line(entry))?;
            }
            write!(f, "{}", sanitize::line(&problem.message))?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadError {}

pub(super) fn validate_categories(
    at: &Positions,
    raws: &[&RawValue],
    categories: &[Option<Category>],
    problems: &mut Vec<Problem>,
) {
    let source = at.source;
    // Where each id was first seen, as a byte offset: lines are worked out
    // only for a duplicate, so a large valid file costs no position lookups.
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (raw, category) in raws.iter().zip(categories) {
        let Some(category) = category else { continue };
        let start = offset_in(source, raw.get());
        let end = start + raw.get().len();
        let mut report = |key: &str, message: String| {
            let (line, column) = find_key(at, start, end, key);
            problems.push(Problem {
                line,
                column,
                entry: Some(format!("category {}", category.id)),
                message,
            });
        };
        if !is_kebab_case(&category.id) {
            report("id", kebab_message(&category.id));
        }
        if let Some(&first) = seen.get(category.id.as_str()) {
            let first_line = at.line(first);
            report(
                "id",
                format!(
                    "duplicate category id \"{}\" (first used on line {first_line})",
                    category.id
                ),
            );
        } else {
            seen.insert(&category.id, start);
        }
        if category.name.trim().is_empty() {
            report("name", "empty name".into());
        }
    }
}

/// Places each dataset's own problems (found as it was parsed) and checks
/// what datasets say together: that ids are unique.
pub(super) fn validate_datasets<D: DatasetText>(
    at: &Positions,
    raws: &[&RawValue],
    datasets: &[Option<D>],
    own_problems: Vec<OwnProblems>,
    problems: &mut Vec<Problem>,
) {
    let source = at.source;
    if raws.is_empty() {
        let (line, column) = find_key(at, 0, source.len(), "datasets");
        problems.push(Problem {
            line,
            column,
            entry: None,
            message: "no datasets: a catalog needs at least one".into(),
        });
    }
    let span = |raw: &RawValue| {
        let start = offset_in(source, raw.get());
        (start, start + raw.get().len())
    };
    let mut seen: FxHashMap<&str, (usize, usize)> = FxHashMap::default();
    for ((raw, dataset), own) in raws.iter().zip(datasets).zip(own_problems) {
        let Some(dataset) = dataset else { continue };
        let (start, end) = span(raw);
        let id = dataset.id();
        let mut report_at = |offset: usize, message: String| {
            let (line, column) = at.line_column(offset);
            problems.push(Problem {
                line,
                column,
                entry: Some(id.to_string()),
                message,
            });
        };
        let key_in = |start: usize, end: usize| find_key_offset(source, start, end, "id");
        if !is_kebab_case(id) {
            report_at(key_in(start, end).unwrap_or(start), kebab_message(id));
        }
        // Where the first of each id is stays a span until a duplicate
        // needs its line: a valid file looks up no positions.
        if let Some(&(first_start, first_end)) = seen.get(id) {
            let first_line = at.line(key_in(first_start, first_end).unwrap_or(first_start));
            report_at(
                key_in(start, end).unwrap_or(start),
                format!("duplicate dataset id \"{id}\" (first used on line {first_line})"),
            );
        } else {
            seen.insert(id, (start, end));
        }
        for (offset, message) in own {
            report_at(offset, message);
        }
    }
    validate_related(at, raws, datasets, problems);
}

/// Relations name datasets of the catalog, and both ends say the same:
/// `member-of` is answered by `has-member`, `derived-from` by `source-of`,
/// `mirror-of` and `version-of` by themselves.
fn validate_related<D: DatasetText>(
    at: &Positions,
    raws: &[&RawValue],
    datasets: &[Option<D>],
    problems: &mut Vec<Problem>,
) {
    if !datasets
        .iter()
        .flatten()
        .any(|d| d.related().next().is_some())
    {
        return;
    }
    let source = at.source;
    let by_id: FxHashMap<&str, &D> = datasets.iter().flatten().map(|d| (d.id(), d)).collect();
    for (raw, dataset) in raws.iter().zip(datasets) {
        let Some(dataset) = dataset else { continue };
        let id = dataset.id();
        let start = offset_in(source, raw.get());
        let end = start + raw.get().len();
        for (other, relation) in dataset.related() {
            if other == id {
                continue; // reported with the entry's own problems
            }
            let message = match by_id.get(other) {
                None => format!("related: unknown dataset id {other:?}"),
                Some(them) => {
                    let answer = relation.inverse();
                    if them.related().any(|(back, r)| back == id && r == answer) {
                        continue;
                    }
                    format!(
                        "related: {} {other:?} is not answered: {other:?} must list {{ \"id\": \"{id}\", \"relation\": \"{}\" }}",
                        relation.as_str(),
                        answer.as_str()
                    )
                }
            };
            let offset = find_string_value(source, start, end, other)
                .or_else(|| find_key_offset(source, start, end, "related"))
                .unwrap_or(start);
            let (line, column) = at.line_column(offset);
            problems.push(Problem {
                line,
                column,
                entry: Some(id.to_string()),
                message,
            });
        }
    }
}

/// Problems an entry has on its own, in the order they are reported, each
/// at a byte offset of the catalog text: worked out on every core, placed
/// (as lines and columns) on one.
pub(super) type OwnProblems = Vec<(usize, String)>;

/// A dataset's own problems (all but its id's); `start..end` is its text in
/// `source`.
pub(super) fn dataset_problems<D: DatasetText>(
    source: &str,
    start: usize,
    end: usize,
    dataset: &D,
    known: &HashSet<&str>,
    categories: &[Option<Category>],
) -> OwnProblems {
    let mut found = Vec::new();
    let key_at = |key: &str| find_key_offset(source, start, end, key).unwrap_or(start);
    let value_at = |value: &str| find_string_value(source, start, end, value);
    if dataset.name().trim().is_empty() {
        found.push((key_at("name"), "empty name".into()));
    }
    if dataset.summary().trim().is_empty() {
        found.push((key_at("summary"), "empty summary".into()));
    }
    if dataset.category_ids().next().is_none() {
        found.push((
            key_at("categories"),
            "no categories: a dataset must sit in at least one".into(),
        ));
    }
    for category in dataset.category_ids() {
        if !known.contains(category) {
            found.push((
                value_at(category).unwrap_or_else(|| key_at("categories")),
                format!(
                    "unknown category {category:?} (known: {})",
                    known_list(categories)
                ),
            ));
        }
    }
    if dataset.links().next().is_none() {
        found.push((
            key_at("urls"),
            "no download URLs: a dataset needs at least one".into(),
        ));
    }
    for (label, url) in dataset.links() {
        if let Err(why) = check_web_url(url) {
            found.push((
                value_at(url).unwrap_or_else(|| key_at("urls")),
                format!("bad URL {url:?}: {why}"),
            ));
        }
        if label.trim().is_empty() {
            found.push((
                value_at(url).unwrap_or_else(|| key_at("urls")),
                "URL with an empty label".into(),
            ));
        }
    }
    if let Some(homepage) = dataset.homepage()
        && let Err(why) = check_web_url(homepage)
    {
        found.push((
            value_at(homepage).unwrap_or_else(|| key_at("homepage")),
            format!("bad homepage {homepage:?}: {why}"),
        ));
    }
    for (n, citation) in dataset.citations().iter().enumerate() {
        let at =
            nth_key_offset(source, start, end, "bibtex", n).unwrap_or_else(|| key_at("citations"));
        for why in bibtex_problems(citation.bibtex, &citation.unconfirmed) {
            found.push((at, format!("citation {}: {why}", n + 1)));
        }
    }
    let mut seen_related = HashSet::new();
    for (other, _) in dataset.related() {
        let at = value_at(other).unwrap_or_else(|| key_at("related"));
        if other == dataset.id() {
            found.push((at, format!("related: {other:?} refers to itself")));
        } else if !seen_related.insert(other) {
            found.push((at, format!("related: {other:?} is listed twice")));
        }
    }
    for (key, notes) in [("notes", dataset.notes()), ("notes_zh", dataset.notes_zh())] {
        if notes.is_some_and(|n| n.trim().is_empty()) {
            found.push((key_at(key), format!("empty {key} (leave it out instead)")));
        }
    }
    if let Some(verified) = dataset.verified() {
        if !is_iso_date(verified.date) {
            found.push((
                value_at(verified.date).unwrap_or_else(|| key_at("verified")),
                format!("verified: date {:?} is not YYYY-MM-DD", verified.date),
            ));
        }
        for url in &verified.sources {
            if let Err(why) = check_web_url(url) {
                found.push((
                    value_at(url).unwrap_or_else(|| key_at("verified")),
                    format!("verified: bad source URL {url:?}: {why}"),
                ));
            }
        }
        for field in &verified.unconfirmed {
            if !CHECKABLE_FIELDS.contains(field) {
                found.push((
                    value_at(field).unwrap_or_else(|| key_at("verified")),
                    format!(
                        "verified: unknown field {field:?} in unconfirmed (known: {})",
                        CHECKABLE_FIELDS.join(", ")
                    ),
                ));
            }
        }
    }
    found
}

/// What is wrong with one citation's BibTeX: it must be exactly one entry
/// that a BibTeX parser reads, with the fields its type requires and a
/// year, and `unconfirmed` may only name fields it has.
pub fn bibtex_problems(bibtex: &str, unconfirmed: &[&str]) -> Vec<String> {
    let bibliography = match biblatex::Bibliography::parse(bibtex) {
        Ok(bibliography) => bibliography,
        Err(err) => {
            let (line, column) = line_column(bibtex, err.span.start.min(bibtex.len()));
            return vec![format!(
                "BibTeX does not parse at its line {line}, column {column}: {}",
                err.kind
            )];
        }
    };
    let entries: Vec<&biblatex::Entry> = bibliography.iter().collect();
    let [entry] = entries.as_slice() else {
        return vec![format!(
            "expected one BibTeX entry, found {}",
            entries.len()
        )];
    };
    let mut problems = Vec::new();
    let report = entry.verify();
    if !report.missing.is_empty() {
        problems.push(format!(
            "BibTeX entry {:?} ({}) lacks {}",
            entry.key,
            entry.entry_type,
            report.missing.join(", ")
        ));
    }
    for (field, err) in &report.malformed {
        // Electronic article numbers (e40895, e215--e220) are how journals
        // such as Cureus and Circulation number pages; BibTeX takes them,
        // biblatex's page-range type does not.
        if field == "pages" {
            continue;
        }
        problems.push(format!(
            "BibTeX entry {:?}: field {field} is malformed ({err})",
            entry.key
        ));
    }
    if entry.get("year").is_none() && entry.get("date").is_none() {
        problems.push(format!("BibTeX entry {:?} has no year", entry.key));
    }
    for field in unconfirmed {
        if entry.get(&field.to_lowercase()).is_none() {
            problems.push(format!(
                "unconfirmed names {field:?}, which BibTeX entry {:?} does not have",
                entry.key
            ));
        }
    }
    problems
}

fn is_iso_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit())
        && matches!(text[5..7].parse::<u8>(), Ok(1..=12))
        && matches!(text[8..10].parse::<u8>(), Ok(1..=31))
}

/// An absolute http(s) URL with a host, written out as `http://` or
/// `https://`, with no whitespace, control, bidi or invisible characters.
///
/// The text is what gets copied and opened, so it is checked as written, not
/// only as the URL parser reads it: the parser quietly repairs `https:/host`,
/// `https:host` and `https:\\host` into `https://host`, but `wget` and a
/// reader of the catalog see the text.
pub fn check_web_url(text: &str) -> Result<(), String> {
    let invisible = |c: char| {
        matches!(
            c,
            '\u{ad}' | '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}'
        )
    };
    // Every bidi and invisible character is outside ASCII, as is every
    // whitespace or control character but these.
    let ascii_unsafe = |b: u8| b <= b' ' || b == 0x7f;
    if text.is_ascii() {
        if text.bytes().any(ascii_unsafe) {
            return Err("contains whitespace or control characters".into());
        }
    } else {
        if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err("contains whitespace or control characters".into());
        }
        if text.chars().any(|c| sanitize::is_unsafe(c) || invisible(c)) {
            return Err("contains bidi or invisible formatting characters".into());
        }
    }
    if text.contains('\\') {
        return Err("contains a backslash (browsers read it as /)".into());
    }
    let parsed = url::Url::parse(text).map_err(|err| match err {
        url::ParseError::RelativeUrlWithoutBase => {
            "not absolute (needs http:// or https://)".to_string()
        }
        other => other.to_string(),
    })?;
    match parsed.scheme() {
        "http" | "https" => {}
        other => {
            return Err(format!(
                "scheme \"{other}\" is not allowed (only http and https)"
            ));
        }
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err("no host".into());
    }
    let scheme = parsed.scheme();
    let prefix_len = scheme.len() + "://".len();
    let written_out = text.get(..prefix_len).is_some_and(|start| {
        start
            .get(..scheme.len())
            .is_some_and(|written| written.eq_ignore_ascii_case(scheme))
            && start.ends_with("://")
            && !text[prefix_len..].starts_with('/')
    });
    if !written_out {
        return Err(format!("must begin with \"{scheme}://\" and the host"));
    }
    Ok(())
}

pub fn is_kebab_case(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

pub(super) fn kebab_message(id: &str) -> String {
    format!("id {id:?} is not kebab-case (lowercase letters and digits joined by single hyphens)")
}

pub(super) fn describe_json_error(err: &serde_json::Error) -> String {
    use serde_json::error::Category as Kind;
    let text = err.to_string();
    // serde_json appends " at line L column C"; we print the place ourselves.
    let message = match text.rfind(" at line ") {
        Some(cut) => text[..cut].to_string(),
        None => text,
    };
    match err.classify() {
        Kind::Syntax => format!("JSON syntax error: {message}"),
        Kind::Eof => format!("unexpected end of file: {message}"),
        Kind::Data => message,
        Kind::Io => format!("read error: {message}"),
    }
}

/// Byte offset of `inner` (a slice of `source`) within `source`.
pub(super) fn offset_in(source: &str, inner: &str) -> usize {
    (inner.as_ptr() as usize).saturating_sub(source.as_ptr() as usize)
}

/// 1-based line and character column of a byte offset.
pub fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Line and column lookups for one source text that stay cheap when a file
/// has thousands of problems: line starts are indexed once, on first use, and
/// found by binary search; columns are counted from the previous lookup when it
/// was earlier on the same line, which is the usual order of validation.
pub(super) struct Positions<'a> {
    pub(super) source: &'a str,
    line_starts: OnceCell<Vec<usize>>,
    /// (byte offset, its column) of the last lookup.
    last: Cell<(usize, usize)>,
}

impl<'a> Positions<'a> {
    pub(super) fn new(source: &'a str) -> Positions<'a> {
        Positions {
            source,
            line_starts: OnceCell::new(),
            last: Cell::new((0, 1)),
        }
    }

    pub(super) fn line_start(&self, offset: usize) -> (usize, usize) {
        let starts = self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.source.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        // starts[0] == 0 <= offset, so the line number is at least 1.
        let line = starts.partition_point(|&start| start <= offset);
        (line, starts[line - 1])
    }

    pub(super) fn line(&self, offset: usize) -> usize {
        self.line_start(offset).0
    }

    /// 1-based line and character column of a byte offset, as [`line_column`].
    pub(super) fn line_column(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.source.len());
        while !self.source.is_char_boundary(offset) {
            offset -= 1;
        }
        let (line, start) = self.line_start(offset);
        let (last_offset, last_column) = self.last.get();
        let column = if (start..=offset).contains(&last_offset) {
            last_column + self.source[last_offset..offset].chars().count()
        } else {
            self.source[start..offset].chars().count() + 1
        };
        self.last.set((offset, column));
        (line, column)
    }
}

pub(super) fn nth_line_start(text: &str, line: usize) -> usize {
    if line <= 1 {
        return 0;
    }
    text.match_indices('\n')
        .nth(line - 2)
        .map_or(text.len(), |(i, _)| i + 1)
}

/// serde_json reports columns in bytes; convert to a byte offset within the line.
pub(super) fn byte_of_char_column(text: &str, line: usize, column: usize) -> usize {
    let start = nth_line_start(text, line);
    let rest = &text[start..];
    let line_len = rest.find('\n').unwrap_or(rest.len());
    column.saturating_sub(1).min(line_len)
}

/// serde_json's byte column converted to a character column.
pub(super) fn char_column(source: &str, line: usize, byte_column: usize) -> usize {
    let start = nth_line_start(source, line);
    let byte = start + byte_of_char_column(source, line, byte_column);
    line_column(source, byte).1
}

pub(super) fn find_key_offset(source: &str, start: usize, end: usize, key: &str) -> Option<usize> {
    let needle = format!("\"{key}\"");
    source.get(start..end)?.find(&needle).map(|i| start + i)
}

/// Where the `n`-th (0-based) `"key"` of `source[start..end]` is.
pub(super) fn nth_key_offset(
    source: &str,
    start: usize,
    end: usize,
    key: &str,
    n: usize,
) -> Option<usize> {
    let needle = format!("\"{key}\"");
    source
        .get(start..end)?
        .match_indices(&needle)
        .nth(n)
        .map(|(i, _)| start + i)
}

pub(super) fn find_key(at: &Positions, start: usize, end: usize, key: &str) -> (usize, usize) {
    at.line_column(find_key_offset(at.source, start, end, key).unwrap_or(start))
}

/// The known category ids for a message, in file order; a long list is cut
/// short so that thousands of bad entries cannot make gigabytes of messages.
pub(super) fn known_list(categories: &[Option<Category>]) -> String {
    const SHOWN: usize = 10;
    let ids: Vec<&str> = categories.iter().flatten().map(|c| c.id.as_str()).collect();
    let mut list = ids[..ids.len().min(SHOWN)].join(", ");
    if ids.len() > SHOWN {
        list.push_str(&format!(" and {} more", ids.len() - SHOWN));
    }
    list
}

/// Where a string value sits in the raw text, found by its JSON encoding.
pub(super) fn find_string_value(
    source: &str,
    start: usize,
    end: usize,
    value: &str,
) -> Option<usize> {
    let encoded = serde_json::to_string(value).ok()?;
    source.get(start..end)?.find(&encoded).map(|i| start + i)
}

/// The `id` of an entry that failed to parse, read loosely so the message can name it.
pub(super) fn entry_id(text: &str) -> Option<String> {
    #[derive(Deserialize)]
    struct JustId {
        id: String,
    }
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    serde_json::from_value::<JustId>(value).ok().map(|j| j.id)
}
