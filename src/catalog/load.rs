//! The one loader: a catalog's text, from the binary or a file, read into
//! owned datasets (the TUI and most commands) or into views borrowed from
//! the text (`medsets search`), with the same checks and the same problems.
//!
//! Loading happens in two passes so that one file can report every problem
//! it has: the top level is parsed with each category and dataset kept as raw
//! JSON text, then every entry is parsed and validated on its own. The raw
//! slices point into the source, which is how a validation problem (a
//! duplicate id, a `file:` URL) gets a line and column, not just an id.

use std::collections::HashSet;
use std::path::Path;

use rayon::prelude::*;
use serde::Deserialize;
use serde_json::value::RawValue;

use super::validate::*;
use super::{
    Catalog, Category, Dataset, DatasetText, DatasetView, EMBEDDED_JSON, EMBEDDED_NAME,
    SUPPORTED_VERSION,
};

impl Catalog {
    /// The catalog compiled into the binary. The test suite runs the
    /// loader on it and proves this start-up read equal
    /// (`catalog/embedded.rs`), so failing here is a build defect, not a
    /// user error.
    pub fn embedded() -> Catalog {
        super::embedded::catalog()
    }
}

/// A catalog's text, from the binary or from a file, read once: the start
/// of every load, owned ([`SourceText::load`]) or borrowed
/// ([`SourceText::views`]).
pub struct SourceText {
    bytes: Option<FileBytes>,
    name: String,
}

impl SourceText {
    /// The file at `path`, or the embedded catalog when there is none.
    pub fn open(path: Option<&Path>) -> Result<SourceText, LoadError> {
        Ok(match path {
            Some(path) => SourceText {
                bytes: Some(read_file(path)?),
                name: path.display().to_string(),
            },
            None => SourceText {
                bytes: None,
                name: EMBEDDED_NAME.to_string(),
            },
        })
    }

    /// The file as given, or the embedded catalog's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn text(&self) -> Result<&str, LoadError> {
        match &self.bytes {
            Some(bytes) => text_of(bytes, &self.name),
            None => Ok(EMBEDDED_JSON),
        }
    }

    /// Validated, owned datasets. The embedded catalog was validated by
    /// the test suite and is only read (`catalog/embedded.rs`); a file
    /// always goes through the loader.
    pub fn load(&self) -> Result<Catalog, LoadError> {
        match &self.bytes {
            None => Ok(Catalog::embedded()),
            Some(_) => load_str(self.text()?, &self.name),
        }
    }

    /// Gives a mapped file's pages back to the system once its datasets
    /// have been copied out: at 100,000 datasets that is 176 MB less
    /// resident memory while the browser builds its index and writes the
    /// catalog cache.
    pub fn release_pages(&self) {
        if let Some(FileBytes::Mapped(map)) = &self.bytes {
            // SAFETY: the map is shared and read-only, so a page dropped
            // here is read again from the file when it is touched later
            // (a merge problem's line and column), never seen as zeros.
            let _ = unsafe { map.unchecked_advise(memmap2::UncheckedAdvice::DontNeed) };
        }
    }

    /// Validated exactly as [`SourceText::load`], datasets left in the text.
    pub fn views(&self) -> Result<CatalogView<'_>, LoadError> {
        match &self.bytes {
            None => {
                let (version, categories, datasets) = super::embedded::views();
                Ok(CatalogView {
                    version,
                    categories,
                    datasets,
                })
            }
            Some(_) => load_views(self.text()?, &self.name),
        }
    }
}

/// Loads the catalog file at `path`, or the embedded one.
pub fn load(path: Option<&Path>) -> Result<Catalog, LoadError> {
    SourceText::open(path)?.load()
}

/// Reads and validates a catalog file.
pub fn load_file(path: &Path) -> Result<Catalog, LoadError> {
    let name = path.display().to_string();
    let bytes = read_file(path)?;
    load_str(text_of(&bytes, &name)?, &name)
}

/// A catalog file's bytes: mapped when the file can be mapped, else read.
pub enum FileBytes {
    Mapped(memmap2::Mmap),
    Read(Vec<u8>),
}

impl std::ops::Deref for FileBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            FileBytes::Mapped(map) => map,
            FileBytes::Read(bytes) => bytes,
        }
    }
}

/// The bytes of a catalog file; a file that cannot be read is reported as
/// [`load_file`] reports it.
///
/// A regular file is mapped rather than copied: a 176 MB catalog reads in
/// about 30 ms mapped and 120 ms copied into fresh memory. Anything that
/// cannot be mapped (a pipe from process substitution, an empty file) is
/// read instead.
pub fn read_file(path: &Path) -> Result<FileBytes, LoadError> {
    let unreadable = |message: String| LoadError {
        file: path.display().to_string(),
        problems: vec![Problem {
            line: 0,
            column: 0,
            entry: None,
            message,
        }],
        unreadable: true,
    };
    if path.is_dir() {
        return Err(unreadable("is a directory, not a catalog file".into()));
    }
    let mut file =
        std::fs::File::open(path).map_err(|err| unreadable(format!("cannot read: {err}")))?;
    let regular = file
        .metadata()
        .is_ok_and(|meta| meta.is_file() && meta.len() > 0);
    if regular {
        // SAFETY: the map is read-only and only read while the catalog is
        // parsed (and, for `medsets search`, printed). Were another program
        // to truncate the file meanwhile, reading past its new end would
        // stop the process with SIGBUS; that is the trade every tool that
        // maps its input makes (the browser reads behind its loading
        // screen; its signal handler puts the terminal back first).
        if let Ok(map) = unsafe { memmap2::Mmap::map(&file) } {
            return Ok(FileBytes::Mapped(map));
        }
    }
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut file, &mut bytes)
        .map_err(|err| unreadable(format!("cannot read: {err}")))?;
    Ok(FileBytes::Read(bytes))
}

/// `bytes` as catalog text, or where its UTF-8 goes wrong.
pub fn text_of<'a>(bytes: &'a [u8], name: &str) -> Result<&'a str, LoadError> {
    std::str::from_utf8(bytes).map_err(|err| invalid_utf8(bytes, err, name))
}

/// Validates raw bytes as a catalog; `name` is used in messages.
pub fn load_bytes(bytes: &[u8], name: &str) -> Result<Catalog, LoadError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => load_str(text, name),
        Err(err) => Err(invalid_utf8(bytes, err, name)),
    }
}

fn invalid_utf8(bytes: &[u8], err: std::str::Utf8Error, name: &str) -> LoadError {
    let valid = &bytes[..err.valid_up_to()];
    // The prefix is valid UTF-8 by construction.
    let prefix = std::str::from_utf8(valid).unwrap_or_default();
    let (line, column) = line_column(prefix, prefix.len());
    LoadError {
        file: name.to_string(),
        problems: vec![Problem {
            line,
            column,
            entry: None,
            message: "invalid UTF-8 (a catalog must be UTF-8 text)".into(),
        }],
        unreadable: false,
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCatalog<'a> {
    version: u32,
    #[serde(borrow)]
    categories: Vec<&'a RawValue>,
    #[serde(borrow)]
    datasets: Vec<&'a RawValue>,
}

/// A valid catalog whose datasets are read in place from its text: for a
/// single pass over them (`medsets search`), where copying every string out
/// would cost more than the search.
pub struct CatalogView<'a> {
    pub version: u32,
    pub categories: Vec<Category>,
    pub datasets: Vec<DatasetView<'a>>,
}

/// Validates catalog text; `name` is used in messages.
pub fn load_str(text: &str, name: &str) -> Result<Catalog, LoadError> {
    let (version, categories, datasets) = load_with::<Dataset>(text, name)?;
    Ok(Catalog {
        version,
        categories,
        datasets,
    })
}

/// Validates catalog text exactly as [`load_str`] does, but leaves the
/// datasets in the text.
pub fn load_views<'a>(text: &'a str, name: &str) -> Result<CatalogView<'a>, LoadError> {
    let (version, categories, datasets) = load_with::<DatasetView<'a>>(text, name)?;
    Ok(CatalogView {
        version,
        categories,
        datasets,
    })
}

/// The catalog's version, categories and datasets, read as `D`.
fn load_with<'a, D>(text: &'a str, name: &str) -> Result<(u32, Vec<Category>, Vec<D>), LoadError>
where
    D: Deserialize<'a> + DatasetText + Send,
{
    // A byte-order mark is harmless; editors on some systems add one.
    // Positions are counted after it, as an editor shows them.
    let source = text.strip_prefix('\u{feff}').unwrap_or(text);
    let fail = |problems: Vec<Problem>| LoadError {
        file: name.to_string(),
        problems,
        unreadable: false,
    };

    if source.trim().is_empty() {
        return Err(fail(vec![Problem {
            line: 1,
            column: 1,
            entry: None,
            message: "the file is empty (expected a JSON object with \"version\", \"categories\" and \"datasets\")".into(),
        }]));
    }

    let first = source.trim_start().chars().next().unwrap_or(' ');
    if first != '{' {
        let (line, column) = line_column(source, source.len() - source.trim_start().len());
        let found = match first {
            '[' => "an array".to_string(),
            '"' => "a string".to_string(),
            c => format!("{c:?}"),
        };
        return Err(fail(vec![Problem {
            line,
            column,
            entry: None,
            message: format!(
                "a catalog is a JSON object ({{ \"version\": 1, ... }}), but this file starts with {found}"
            ),
        }]));
    }

    let raw: RawCatalog<'a> = serde_json::from_str(source).map_err(|err| {
        fail(vec![Problem {
            line: err.line().max(1),
            column: char_column(source, err.line(), err.column()),
            entry: None,
            message: describe_json_error(&err),
        }])
    })?;

    let at = Positions::new(source);
    let mut problems = Vec::new();
    if raw.version != SUPPORTED_VERSION {
        let (line, column) = find_key(&at, 0, source.len(), "version");
        problems.push(Problem {
            line,
            column,
            entry: None,
            message: format!(
                "unsupported catalog version {} (this medsets reads version {SUPPORTED_VERSION})",
                raw.version
            ),
        });
    }

    let (categories, _) = parse_entries::<Category>(
        &at,
        &raw.categories,
        "category",
        &mut problems,
        |_, _, _| OwnProblems::new(),
    );
    let known: HashSet<&str> = categories.iter().flatten().map(|c| c.id.as_str()).collect();
    let (datasets, own_problems) = parse_entries::<D>(
        &at,
        &raw.datasets,
        "dataset",
        &mut problems,
        |start, end, dataset| dataset_problems(source, start, end, dataset, &known, &categories),
    );

    validate_categories(&at, &raw.categories, &categories, &mut problems);
    validate_datasets(&at, &raw.datasets, &datasets, own_problems, &mut problems);

    if raw.categories.is_empty() {
        let (line, column) = find_key(&at, 0, source.len(), "categories");
        problems.push(Problem {
            line,
            column,
            entry: None,
            message: "no categories: a catalog needs at least one".into(),
        });
    }

    if !problems.is_empty() {
        problems.sort_by_key(|p| (p.line, p.column));
        return Err(fail(problems));
    }

    Ok((
        raw.version,
        categories.into_iter().flatten().collect(),
        all_present(datasets),
    ))
}

/// The entries of a list where none failed. `filter_map` (unlike
/// `flatten`) lets the list be reused in place; copying 100,000 datasets
/// into fresh memory took 38 ms.
#[allow(clippy::filter_map_identity)]
fn all_present<T>(entries: Vec<Option<T>>) -> Vec<T> {
    entries.into_iter().filter_map(|entry| entry).collect()
}

/// Parses each raw entry on its own; a failed entry becomes a problem and a `None`.
///
/// `check` is run on each entry that parses, in the same pass (while its
/// text is fresh in the cache), and gives the problems the entry has on its
/// own, at byte offsets, for the caller to place; see [`OwnProblems`].
fn parse_entries<'a, T: Deserialize<'a> + Send>(
    at: &Positions,
    raws: &[&'a RawValue],
    what: &str,
    problems: &mut Vec<Problem>,
    check: impl Fn(usize, usize, &T) -> OwnProblems + Sync,
) -> (Vec<Option<T>>, Vec<OwnProblems>) {
    let source = at.source;
    // Parsing is the bulk of loading a large catalog; entries are
    // independent, so they are parsed on every core. Problems are then
    // placed in order, on this thread.
    let (parsed, own): (Vec<Option<Result<T, serde_json::Error>>>, Vec<OwnProblems>) = raws
        .par_iter()
        .map(|&raw| {
            let text: &'a str = raw.get();
            let parsed = text
                .starts_with('{')
                .then(|| serde_json::from_str::<T>(text));
            let own = match &parsed {
                Some(Ok(entry)) => {
                    let start = offset_in(source, text);
                    check(start, start + text.len(), entry)
                }
                _ => OwnProblems::new(),
            };
            (parsed, own)
        })
        .unzip();
    let entries = raws
        .iter()
        .zip(parsed)
        .map(|(raw, parsed)| {
            let text = raw.get();
            match parsed {
                None => {
                    let (line, column) = at.line_column(offset_in(source, text));
                    problems.push(Problem {
                        line,
                        column,
                        entry: None,
                        message: format!("each {what} must be a JSON object {{ ... }}"),
                    });
                    None
                }
                Some(Ok(entry)) => Some(entry),
                Some(Err(err)) => {
                    let start = offset_in(source, text);
                    // serde_json counts lines and columns within the entry's own text.
                    let inner = nth_line_start(text, err.line())
                        + byte_of_char_column(text, err.line(), err.column());
                    let (line, column) = at.line_column(start + inner.min(text.len()));
                    // The entry is valid JSON (the first pass read it), so a
                    // "syntax" error here is serde_json's word for a value of
                    // the wrong type where an enum string was expected.
                    let message = if err.classify() == serde_json::error::Category::Syntax {
                        "invalid type: expected a string here".to_string()
                    } else {
                        describe_json_error(&err)
                    };
                    problems.push(Problem {
                        line,
                        column,
                        entry: entry_id(text),
                        message,
                    });
                    None
                }
            }
        })
        .collect();
    (entries, own)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Access, Domain};

    fn minimal(datasets: &str) -> String {
        format!(
            r#"{{
  "version": 1,
  "categories": [ {{ "id": "imaging", "name": "Imaging" }} ],
  "datasets": [{datasets}]
}}"#
        )
    }

    const GOOD: &str = r#"{ "id": "good-one", "name": "Good", "categories": ["imaging"],
      "summary": "A dataset.", "access": "open",
      "urls": [ { "label": "Home", "url": "https://example.org/data" } ] }"#;

    fn problems(text: &str) -> Vec<Problem> {
        load_str(text, "t.json").expect_err("should fail").problems
    }

    #[test]
    fn access_badges_markers_and_requirements_are_distinct_and_narrow() {
        let badges: std::collections::HashSet<_> = Access::ALL.iter().map(|a| a.badge()).collect();
        let markers: std::collections::HashSet<_> =
            Access::ALL.iter().map(|a| a.marker()).collect();
        assert_eq!(badges.len(), 5);
        assert_eq!(markers.len(), 5);
        for access in Access::ALL {
            assert_eq!(access.badge(), access.as_str().to_uppercase());
            let marker = access.marker();
            assert!(
                marker.is_ascii() && !marker.is_ascii_control(),
                "{marker:?}"
            );
            assert!(!access.requirements().is_empty());
        }
        assert_eq!(Access::Open.requirements(), "none: direct download");
        assert!(Access::Credentialed.requirements().contains("DUA"));
    }

    fn with_fields(id: &str, extra: &str) -> String {
        format!(
            r#"{{ "id": "{id}", "name": "N", "categories": ["imaging"],
      "summary": "A dataset.", "access": "open",
      "urls": [ {{ "label": "Home", "url": "https://example.org/{id}" }} ]{extra} }}"#
        )
    }

    const BIB: &str = r#"@article{doe2020x,\n  author = {Doe, Jane},\n  title = {A Title},\n  journal = {Journal},\n  year = {2020},\n  doi = {10.1000/xyz}\n}"#;

    #[test]
    fn an_unknown_access_and_an_unstated_licence_load_both_ways() {
        let text = minimal(&GOOD.replace(r#""open""#, r#""unknown", "license": null"#));
        let catalog = load_str(&text, "t.json").unwrap();
        assert_eq!(catalog.datasets[0].access, Access::Unknown);
        assert_eq!(catalog.datasets[0].license, None);
        let views = load_views(&text, "t.json").unwrap();
        assert_eq!(views.datasets[0].access(), Access::Unknown);
        // Still strict: a level that is not one of the five is refused.
        let bad = minimal(&GOOD.replace(r#""open""#, r#""maybe""#));
        assert!(load_str(&bad, "t.json").is_err());
    }

    #[test]
    fn citations_related_notes_and_verified_load_and_round_trip() {
        let a = with_fields(
            "a-set",
            &format!(
                r#", "citations": [ {{ "role": "paper", "bibtex": "{BIB}", "unconfirmed": ["doi"] }} ],
      "related": [ {{ "id": "b-set", "relation": "member-of" }} ],
      "notes": "The list called it X.", "notes_zh": "清单称其为 X。",
      "verified": {{ "date": "2026-12-02", "sources": ["https://example.org/a"], "unconfirmed": ["size"] }}"#
            ),
        );
        let b = with_fields(
            "b-set",
            r#", "related": [ { "id": "a-set", "relation": "has-member" } ]"#,
        );
        let text = minimal(&format!("{a},\n{b}"));
        let catalog = load_str(&text, "t.json").unwrap();
        let d = &catalog.datasets[0];
        assert_eq!(d.citations[0].role, crate::catalog::CitationRole::Paper);
        assert!(d.is_unconfirmed("size") && !d.is_unconfirmed("license"));
        assert_eq!(d.notes_in(crate::lang::Lang::Zh), Some("清单称其为 X。"));
        // Both loaders read the new fields the same way.
        let views = load_views(&text, "t.json").unwrap();
        assert_eq!(views.datasets[0].to_dataset(), *d);
        // And what is written back loads again.
        let json = serde_json::to_string(&catalog).unwrap();
        assert_eq!(load_str(&json, "again.json").unwrap(), catalog);
    }

    #[test]
    fn bad_citations_relations_and_verification_are_placed() {
        let cases: &[(&str, &str)] = &[
            (
                r#", "citations": [ { "role": "paper", "bibtex": "@article{x, title = {T}" } ]"#,
                "does not parse",
            ),
            (
                r#", "citations": [ { "role": "paper", "bibtex": "@misc{a, title={A}, year={2020}, author={B}} @misc{b, title={B}, year={2020}, author={C}}" } ]"#,
                "expected one BibTeX entry, found 2",
            ),
            (
                r#", "citations": [ { "role": "paper", "bibtex": "@article{x, title = {T}, author = {A}, journal = {J}}" } ]"#,
                "no year",
            ),
            (
                r#", "citations": [ { "role": "paper", "bibtex": "@article{x, title = {T}, year = {2020}, journal = {J}}" } ]"#,
                "lacks author",
            ),
            (
                r#", "citations": [ { "role": "paper", "bibtex": "@misc{x, title = {T}, author = {A}, year = {2020}}", "unconfirmed": ["doi"] } ]"#,
                "does not have",
            ),
            (
                r#", "citations": [ { "role": "thesis", "bibtex": "@misc{x}" } ]"#,
                "unknown variant",
            ),
            (
                r#", "related": [ { "id": "nope", "relation": "member-of" } ]"#,
                "unknown dataset id \"nope\"",
            ),
            (
                r#", "related": [ { "id": "a-set", "relation": "mirror-of" } ]"#,
                "refers to itself",
            ),
            (
                r#", "related": [ { "id": "b-set", "relation": "derived-from" } ]"#,
                "must list { \"id\": \"a-set\", \"relation\": \"source-of\" }",
            ),
            (
                r#", "related": [ { "id": "b-set", "relation": "cousin-of" } ]"#,
                "unknown variant",
            ),
            (r#", "notes": "  ""#, "empty notes"),
            (
                r#", "verified": { "date": "2026-13-01" }"#,
                "not YYYY-MM-DD",
            ),
            (
                r#", "verified": { "date": "2026-12-02", "sources": ["ftp://x.org/"] }"#,
                "bad source URL",
            ),
            (
                r#", "verified": { "date": "2026-12-02", "unconfirmed": ["colour"] }"#,
                "unknown field \"colour\"",
            ),
        ];
        for (extra, expected) in cases {
            let text = minimal(&format!(
                "{},\n{}",
                with_fields("a-set", extra),
                with_fields("b-set", "")
            ));
            let found = problems(&text);
            assert!(
                found
                    .iter()
                    .any(|p| p.message.contains(expected) && p.line > 0),
                "{extra}: expected {expected:?} in {found:?}"
            );
            // The borrowed loader finds the same problems.
            let views = load_views(&text, "t.json").err().expect("views fail too");
            assert_eq!(views.problems, found, "{extra}");
        }
    }

    #[test]
    fn embedded_catalog_loads() {
        let catalog = Catalog::embedded();
        assert_eq!(catalog.version, 1);
        assert!(!catalog.datasets.is_empty());
    }

    #[test]
    fn minimal_catalog_loads_with_defaults() {
        let catalog = load_str(&minimal(GOOD), "t.json").unwrap();
        let d = &catalog.datasets[0];
        assert_eq!(d.domain, Domain::Medical);
        assert!(d.aliases.is_empty());
        assert_eq!(d.primary_url(), Some("https://example.org/data"));
    }

    #[test]
    fn bom_is_accepted() {
        let text = format!("\u{feff}{}", minimal(GOOD));
        assert!(load_str(&text, "t.json").is_ok());
    }

    #[test]
    fn empty_file_is_one_clear_problem() {
        let p = problems("  \n");
        assert_eq!(p.len(), 1);
        assert!(p[0].message.contains("empty"), "{p:?}");
    }

    #[test]
    fn syntax_error_has_line_and_column() {
        let p = problems("{\n  \"version\": 1,\n  \"categories\": [,]\n}");
        assert_eq!((p[0].line, p[0].column), (3, 18), "{p:?}");
        assert!(p[0].message.contains("syntax"), "{p:?}");
    }

    #[test]
    fn truncated_json_is_reported() {
        let text = minimal(GOOD);
        let p = problems(&text[..text.len() / 2]);
        assert!(p[0].message.contains("end of file"), "{p:?}");
    }

    #[test]
    fn wrong_type_inside_a_dataset_points_into_it() {
        let bad = GOOD.replace(
            "\"access\": \"open\"",
            "\"access\": \"open\", \"year\": \"2019\"",
        );
        let text = minimal(&bad);
        let p = problems(&text);
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].entry.as_deref(), Some("good-one"));
        // serde_json points at the last character of the offending value.
        let at = text.find("\"2019\"").unwrap() + "\"2019\"".len() - 1;
        assert_eq!((p[0].line, p[0].column), line_column(&text, at), "{p:?}");
        assert!(
            p[0].message
                .contains("invalid type: string \"2019\", expected u16"),
            "{p:?}"
        );
        let bad = GOOD.replace("\"access\": \"open\"", "\"access\": 7");
        let p = problems(&minimal(&bad));
        assert_eq!(
            p[0].message, "invalid type: expected a string here",
            "{p:?}"
        );
    }

    #[test]
    fn unknown_field_is_rejected_with_its_name() {
        let bad = GOOD.replace("\"access\"", "\"acess\": \"open\", \"access\"");
        let p = problems(&minimal(&bad));
        assert!(p[0].message.contains("unknown field `acess`"), "{p:?}");
    }

    #[test]
    fn unknown_top_level_field_is_rejected() {
        let text = minimal(GOOD).replacen("\"version\": 1,", "\"version\": 1, \"extra\": 2,", 1);
        let p = problems(&text);
        assert!(p[0].message.contains("unknown field `extra`"), "{p:?}");
    }

    #[test]
    fn every_problem_is_reported_not_just_the_first() {
        let dup = format!("{GOOD}, {GOOD}");
        let bad_url = GOOD
            .replace("good-one", "bad-url")
            .replace("https://example.org/data", "file:///etc/passwd");
        let bad_type = GOOD
            .replace("good-one", "bad-type")
            .replace("\"open\"", "\"free\"");
        let p = problems(&minimal(&format!("{dup}, {bad_url}, {bad_type}")));
        let text: Vec<String> = p.iter().map(|p| p.message.clone()).collect();
        assert_eq!(p.len(), 3, "{text:?}");
        assert!(text.iter().any(|m| m.contains("duplicate dataset id")));
        assert!(text.iter().any(|m| m.contains("scheme \"file\"")));
        assert!(text.iter().any(|m| m.contains("unknown variant `free`")));
    }

    #[test]
    fn duplicate_id_points_at_the_second_and_names_the_first() {
        let text = minimal(&format!("{GOOD},\n{GOOD}"));
        let p = problems(&text);
        assert_eq!(p.len(), 1);
        let first_line = line_column(&text, text.find("\"id\": \"good-one\"").unwrap()).0;
        let second_line = line_column(&text, text.rfind("\"id\": \"good-one\"").unwrap()).0;
        assert_eq!(p[0].line, second_line);
        assert!(
            p[0].message.contains(&format!("line {first_line}")),
            "{p:?}"
        );
    }

    #[test]
    fn urls_must_be_absolute_http() {
        for (url, why) in [
            ("javascript:alert(1)", "scheme \"javascript\""),
            ("file:///etc/passwd", "scheme \"file\""),
            ("/relative/path", "not absolute"),
            ("https://exa mple.org", "whitespace"),
            ("https://example.org/\u{1b}[2J", "control"),
            ("https:/example.org/data", "must begin with"),
            ("https:\\\\example.org", "backslash"),
        ] {
            let bad = GOOD.replace(
                "https://example.org/data",
                &url.replace('\u{1b}', "\\u001b"),
            );
            let p = problems(&minimal(&bad));
            assert!(p.iter().any(|p| p.message.contains(why)), "{url}: {p:?}");
        }
    }

    #[test]
    fn ids_must_be_kebab_case_and_categories_known() {
        let bad = GOOD
            .replace("good-one", "Bad_Id")
            .replace("[\"imaging\"]", "[\"nowhere\"]");
        let p = problems(&minimal(&bad));
        assert!(p.iter().any(|p| p.message.contains("kebab-case")), "{p:?}");
        assert!(
            p.iter()
                .any(|p| p.message.contains("unknown category \"nowhere\"")),
            "{p:?}"
        );
    }

    #[test]
    fn empty_names_summaries_and_url_lists_are_rejected() {
        let bad = GOOD
            .replace("\"Good\"", "\"  \"")
            .replace("\"A dataset.\"", "\"\"")
            .replace(
                "[ { \"label\": \"Home\", \"url\": \"https://example.org/data\" } ]",
                "[]",
            );
        let p = problems(&minimal(&bad));
        let text: Vec<&str> = p.iter().map(|p| p.message.as_str()).collect();
        assert!(text.iter().any(|m| m.contains("empty name")), "{text:?}");
        assert!(text.iter().any(|m| m.contains("empty summary")), "{text:?}");
        assert!(
            text.iter().any(|m| m.contains("no download URLs")),
            "{text:?}"
        );
    }

    #[test]
    fn invalid_utf8_is_located() {
        let mut bytes = b"{\n  \"version\": 1,\n  \"x\": \"ab".to_vec();
        bytes.push(0xff);
        let err = load_bytes(&bytes, "t.json").unwrap_err();
        assert_eq!((err.problems[0].line, err.problems[0].column), (3, 11));
        assert!(err.problems[0].message.contains("UTF-8"));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = "[".repeat(100_000);
        let p = problems(&text);
        assert_eq!(p.len(), 1);
        let text = format!(
            "{{\"version\":1,\"categories\":[],\"datasets\":[{}]}}",
            "[".repeat(100_000)
        );
        assert!(!problems(&text).is_empty());
    }

    #[test]
    fn unsupported_version_is_named() {
        let text = minimal(GOOD).replacen("\"version\": 1", "\"version\": 2", 1);
        let p = problems(&text);
        assert!(
            p[0].message.contains("unsupported catalog version 2"),
            "{p:?}"
        );
        assert_eq!(p[0].line, 2);
    }

    #[test]
    fn display_names_file_line_column_and_entry() {
        let bad = GOOD.replace("https://example.org/data", "ftp://example.org/x");
        let err = load_str(&minimal(&bad), "my.json").unwrap_err();
        let shown = err.to_string();
        assert!(shown.starts_with("my.json:"), "{shown}");
        assert!(
            shown.contains("[good-one] bad URL \"ftp://example.org/x\""),
            "{shown}"
        );
    }

    #[test]
    fn missing_file_and_directory_are_unreadable() {
        let err = load_file(Path::new("/definitely/not/here.json")).unwrap_err();
        assert!(err.unreadable);
        assert!(err.to_string().contains("cannot read"));
        let dir = std::env::temp_dir();
        let err = load_file(&dir).unwrap_err();
        assert!(err.unreadable);
        assert!(err.to_string().contains("directory"));
    }

    #[test]
    fn positions_agree_with_line_column_in_any_order() {
        let text = "{\n  \"名前\": \"胸部 X 线\",\r\n\t\"x\": [1, 2]\n\n}é";
        let at = Positions::new(text);
        let mut offsets: Vec<usize> = (0..=text.len() + 2).collect();
        // Forwards (the cached path), then backwards and jumping (the fresh path).
        let backwards: Vec<usize> = offsets.iter().rev().copied().collect();
        offsets.extend(backwards);
        offsets.extend([7, 30, 2, 2, 31, 0]);
        for offset in offsets {
            assert_eq!(
                at.line_column(offset),
                line_column(text, offset),
                "offset {offset}"
            );
            assert_eq!(at.line(offset.min(text.len())), line_column(text, offset).0);
        }
    }

    #[test]
    fn kebab_case_rules() {
        assert!(is_kebab_case("mimic-cxr"));
        assert!(is_kebab_case("ct-org"));
        assert!(is_kebab_case("a1"));
        for bad in ["", "-a", "a-", "a--b", "A", "a_b", "a b", "é"] {
            assert!(!is_kebab_case(bad), "{bad:?}");
        }
    }
}
