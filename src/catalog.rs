//! The catalog: its types, the strict loader and the embedded copy.
//!
//! Loading happens in two passes so that one file can report every problem
//! it has: the top level is parsed with each category and dataset kept as raw
//! JSON text, then every entry is parsed and validated on its own. The raw
//! slices point into the source, which is how a validation problem (a
//! duplicate id, a `file:` URL) gets a line and column, not just an id.

use std::cell::{Cell, OnceCell};
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::Path;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

pub use crate::view::{DatasetText, DatasetView};

use crate::sanitize;

/// The catalog built into the binary, so the tool works offline anywhere.
pub const EMBEDDED_JSON: &str = include_str!("../assets/catalog.json");
/// The name the embedded catalog goes by in messages.
pub const EMBEDDED_NAME: &str = "<embedded catalog>";

pub const SUPPORTED_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    pub version: u32,
    pub categories: Vec<Category>,
    pub datasets: Vec<Dataset>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub name_zh: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub description_zh: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dataset {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub categories: Vec<String>,
    pub summary: String,
    #[serde(default)]
    pub summary_zh: Option<String>,
    #[serde(default)]
    pub modalities: Vec<String>,
    #[serde(default)]
    pub body_regions: Vec<String>,
    #[serde(default)]
    pub tasks: Vec<String>,
    #[serde(default)]
    pub size: Vec<SizeFigure>,
    #[serde(default)]
    pub size_bytes: Option<u64>,
    #[serde(default)]
    pub languages: Vec<String>,
    pub access: Access,
    #[serde(default)]
    pub license: Option<String>,
    #[serde(default)]
    pub year: Option<u16>,
    #[serde(default)]
    pub paper: Option<Paper>,
    #[serde(default)]
    pub homepage: Option<String>,
    pub urls: Vec<Link>,
    #[serde(default)]
    pub domain: Domain,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SizeFigure {
    pub value: u64,
    pub unit: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Paper {
    pub title: String,
    #[serde(default)]
    pub venue: Option<String>,
    #[serde(default)]
    pub year: Option<u16>,
    #[serde(default)]
    pub id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    pub label: String,
    pub url: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Access {
    Open,
    Registration,
    Credentialed,
    Request,
}

impl Access {
    pub const ALL: [Access; 4] = [
        Access::Open,
        Access::Registration,
        Access::Credentialed,
        Access::Request,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Access::Open => "open",
            Access::Registration => "registration",
            Access::Credentialed => "credentialed",
            Access::Request => "request",
        }
    }

    /// The level as a badge for the detail view: `OPEN`, `REGISTRATION`,
    /// `CREDENTIALED`, `REQUEST`.
    pub fn badge(self) -> &'static str {
        match self {
            Access::Open => "OPEN",
            Access::Registration => "REGISTRATION",
            Access::Credentialed => "CREDENTIALED",
            Access::Request => "REQUEST",
        }
    }

    /// One narrow ASCII character per level, for a column in a list: blank
    /// for open (nothing to do), `r` registration, `C` credentialed, `?`
    /// request (someone has to say yes). ASCII only, so it is one cell wide
    /// in every terminal and survives NO_COLOR.
    pub fn marker(self) -> char {
        match self {
            Access::Open => ' ',
            Access::Registration => 'r',
            Access::Credentialed => 'C',
            Access::Request => '?',
        }
    }

    /// What getting the data takes, in a few words.
    pub fn requirements(self) -> &'static str {
        match self {
            Access::Open => "none: direct download",
            Access::Registration => "free account and click-through terms",
            Access::Credentialed => "identity check, human-subjects training and a signed DUA",
            Access::Request => "an application reviewed by the data owners",
        }
    }
}

impl fmt::Display for Access {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Domain {
    #[default]
    Medical,
    General,
}

impl Domain {
    pub fn as_str(self) -> &'static str {
        match self {
            Domain::Medical => "medical",
            Domain::General => "general",
        }
    }
}

impl Dataset {
    /// The URL that `y`, `o` and `urls | head -1` act on.
    pub fn primary_url(&self) -> Option<&str> {
        self.urls.first().map(|link| link.url.as_str())
    }
}

impl Catalog {
    /// The catalog compiled into the binary. It is checked by the test suite,
    /// so failing here is a build defect, not a user error.
    pub fn embedded() -> Catalog {
        load_str(EMBEDDED_JSON, EMBEDDED_NAME)
            .unwrap_or_else(|err| panic!("the embedded catalog is invalid:\n{err}"))
    }

    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    pub fn dataset(&self, id: &str) -> Option<&Dataset> {
        self.datasets.iter().find(|d| d.id == id)
    }

    /// Number of (category, dataset) pairs: a dataset in two categories counts twice.
    pub fn membership_count(&self) -> usize {
        self.datasets.iter().map(|d| d.categories.len()).sum()
    }
}

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
        // maps its input makes, and it happens before the TUI touches the
        // terminal.
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

fn validate_categories(
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
fn validate_datasets<D: DatasetText>(
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
}

/// Problems an entry has on its own, in the order they are reported, each
/// at a byte offset of the catalog text: worked out on every core, placed
/// (as lines and columns) on one.
type OwnProblems = Vec<(usize, String)>;

/// A dataset's own problems (all but its id's); `start..end` is its text in
/// `source`.
fn dataset_problems<D: DatasetText>(
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
    found
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

fn kebab_message(id: &str) -> String {
    format!("id {id:?} is not kebab-case (lowercase letters and digits joined by single hyphens)")
}

fn describe_json_error(err: &serde_json::Error) -> String {
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
fn offset_in(source: &str, inner: &str) -> usize {
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
struct Positions<'a> {
    source: &'a str,
    line_starts: OnceCell<Vec<usize>>,
    /// (byte offset, its column) of the last lookup.
    last: Cell<(usize, usize)>,
}

impl<'a> Positions<'a> {
    fn new(source: &'a str) -> Positions<'a> {
        Positions {
            source,
            line_starts: OnceCell::new(),
            last: Cell::new((0, 1)),
        }
    }

    fn line_start(&self, offset: usize) -> (usize, usize) {
        let starts = self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.source.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        // starts[0] == 0 <= offset, so the line number is at least 1.
        let line = starts.partition_point(|&start| start <= offset);
        (line, starts[line - 1])
    }

    fn line(&self, offset: usize) -> usize {
        self.line_start(offset).0
    }

    /// 1-based line and character column of a byte offset, as [`line_column`].
    fn line_column(&self, offset: usize) -> (usize, usize) {
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

fn nth_line_start(text: &str, line: usize) -> usize {
    if line <= 1 {
        return 0;
    }
    text.match_indices('\n')
        .nth(line - 2)
        .map_or(text.len(), |(i, _)| i + 1)
}

/// serde_json reports columns in bytes; convert to a byte offset within the line.
fn byte_of_char_column(text: &str, line: usize, column: usize) -> usize {
    let start = nth_line_start(text, line);
    let rest = &text[start..];
    let line_len = rest.find('\n').unwrap_or(rest.len());
    column.saturating_sub(1).min(line_len)
}

/// serde_json's byte column converted to a character column.
fn char_column(source: &str, line: usize, byte_column: usize) -> usize {
    let start = nth_line_start(source, line);
    let byte = start + byte_of_char_column(source, line, byte_column);
    line_column(source, byte).1
}

fn find_key_offset(source: &str, start: usize, end: usize, key: &str) -> Option<usize> {
    let needle = format!("\"{key}\"");
    source.get(start..end)?.find(&needle).map(|i| start + i)
}

fn find_key(at: &Positions, start: usize, end: usize, key: &str) -> (usize, usize) {
    at.line_column(find_key_offset(at.source, start, end, key).unwrap_or(start))
}

/// The known category ids for a message, in file order; a long list is cut
/// short so that thousands of bad entries cannot make gigabytes of messages.
fn known_list(categories: &[Option<Category>]) -> String {
    const SHOWN: usize = 10;
    let ids: Vec<&str> = categories.iter().flatten().map(|c| c.id.as_str()).collect();
    let mut list = ids[..ids.len().min(SHOWN)].join(", ");
    if ids.len() > SHOWN {
        list.push_str(&format!(" and {} more", ids.len() - SHOWN));
    }
    list
}

/// Where a string value sits in the raw text, found by its JSON encoding.
fn find_string_value(source: &str, start: usize, end: usize, value: &str) -> Option<usize> {
    let encoded = serde_json::to_string(value).ok()?;
    source.get(start..end)?.find(&encoded).map(|i| start + i)
}

/// The `id` of an entry that failed to parse, read loosely so the message can name it.
fn entry_id(text: &str) -> Option<String> {
    #[derive(Deserialize)]
    struct JustId {
        id: String,
    }
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    serde_json::from_value::<JustId>(value).ok().map(|j| j.id)
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(badges.len(), 4);
        assert_eq!(markers.len(), 4);
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
