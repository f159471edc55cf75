//! The matcher shared by the TUI and `medsets search`.
//!
//! Each dataset gets its search text once (at load for the TUI's [`Index`];
//! as it is read for [`search_once`]): short fields (name, id, aliases,
//! modalities, body regions, tasks) joined into one nucleo `Utf32String` for
//! fuzzy matching, and the prose (both summaries) as one folded, lowercased
//! string for word/substring matching. Fuzzy matching long prose is both the slowest
//! part and the noisiest ranking, so prose only counts when a word of the
//! query appears in it literally, and then for less than any short-field hit.
//!
//! Text is folded with NFKC before matching so that a query typed with ASCII
//! punctuation finds the fullwidth forms common in Chinese text.
//!
//! Words of the form `key:value` are facet terms (see [`crate::facets`]):
//! they filter on catalog facts and do not score. A query of facet terms
//! only lists every match in catalog order.

use std::borrow::Cow;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use memchr::memmem;
use nucleo_matcher::{Config, Matcher, Utf32Str, Utf32String};
use rayon::prelude::*;

use crate::catalog::DatasetText;
use crate::catalog::{Catalog, Category, Text};

use super::facts::{Facts, Interner};
use super::fold::{fold_borrowed, fold_lower};
use super::prose::Needle;
use super::prose::Prose;
use super::query::{Extension, Kind, MIN_SCATTERED_LEN, Query, Term};
use super::rank::{self, Place};

/// Below this many candidates a search runs on the calling thread: spreading
/// the work over cores costs more than it saves.
const PARALLEL_MIN: usize = 4096;

/// One dataset's search text.
struct Entry {
    /// Every short field, folded, joined by newlines, in this order: name,
    /// id, aliases (the naming fields), then modalities, body regions and
    /// tasks. Scattered (fuzzy) matches and name highlights are found in
    /// it; field `i` ends at character `field_ends[i]`.
    short_text: Utf32String,
    field_ends: Box<[u32]>,
    /// The same fields lowercased, joined by newlines: one byte search over
    /// it rules most datasets out of a word; field `i` ends at byte
    /// `lower_ends[i]`.
    lower: Box<str>,
    lower_ends: Box<[u32]>,
    /// How many fields (from the start) name the dataset: name, id,
    /// aliases. Scattered matches count only there: "chest" spread over a
    /// list of tasks is noise, "msd" spread over a name is an abbreviation.
    naming_fields: usize,
    /// The field index where modalities, regions and tasks end.
    fact_ends: [u32; 3],
    /// Both summaries, for literal matching.
    prose: Prose,
    /// Whether character i of the name field is character i of the
    /// displayed name (and of its lowercase form), which is what lets
    /// match positions be drawn as highlights.
    name_aligned: bool,
    /// The facts facet terms (and vocabulary facts) test; `None` when the
    /// entry was built for one query that needs none.
    facts: Option<Facts>,
}

/// Precomputed search text for every dataset of a catalog, in catalog order.
pub struct Index {
    entries: Vec<Entry>,
}

/// A catalog's [`Index`], built once by whoever needs it first: the TUI's
/// background thread after the first frame (which needs no search text:
/// it shows every dataset in catalog order), or a search that cannot wait,
/// which then waits for a build under way rather than start another.
pub struct SharedIndex {
    catalog: Arc<Catalog>,
    index: OnceLock<Index>,
    /// Set when a thread has been handed the build ([`SharedIndex::handed_over`]).
    handed_over: AtomicBool,
}

impl SharedIndex {
    pub fn new(catalog: Arc<Catalog>) -> SharedIndex {
        SharedIndex {
            catalog,
            index: OnceLock::new(),
            handed_over: AtomicBool::new(false),
        }
    }

    /// Says that another thread will build the index: until it is built, a
    /// search can answer its key at once and run when the index is there
    /// ([`SharedIndex::is_coming`]) instead of building it itself.
    pub fn handed_over(&self) {
        self.handed_over.store(true, Ordering::Release);
    }

    /// Whether another thread is building the index and has not finished.
    pub fn is_coming(&self) -> bool {
        self.handed_over.load(Ordering::Acquire) && !self.is_built()
    }

    /// The index, built now if nobody has yet.
    pub fn get(&self) -> &Index {
        self.index.get_or_init(|| Index::new(&self.catalog))
    }

    /// Whether [`SharedIndex::get`] would answer at once.
    pub fn is_built(&self) -> bool {
        self.index.get().is_some()
    }

    /// How many datasets it indexes, without building it.
    pub fn len(&self) -> usize {
        self.catalog.datasets.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// One dataset that matched, by its position in the catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub dataset: usize,
    pub score: u32,
    /// The part of `score` from every word but the last: when the next
    /// keystroke only changes the last word, only that word is scored again.
    pub settled: u32,
}

impl Index {
    /// The index the TUI keeps, complete and searchable; its summary
    /// filters, which let the searches of later keystrokes skip most
    /// summaries, are added by [`Index::add_prose_filters`] (the TUI does
    /// that on a thread of its own after the first frame). A single search
    /// needs no index: see [`search_once`].
    pub fn new(catalog: &Catalog) -> Index {
        // Each dataset's search text is built on every core.
        let interner = Interner::new(&catalog.categories);
        let entries = map_chunks(
            &catalog.datasets,
            &mut interner.clone(),
            || interner.clone(),
            |_, dataset, interner| {
                let facts = Facts::build(dataset, interner);
                Some(Entry::new(dataset, Some(facts)))
            },
        );
        Index { entries }
    }

    /// Gives every summary its filters, on every core: they make the
    /// searches of later keystrokes skip most summaries, so the sooner they
    /// are done the better (the keys typed meanwhile are the slow ones).
    /// Searches may run meanwhile (on other threads) and find the same
    /// results, only slower until it is done. Without this an index is
    /// complete but slower.
    pub fn add_prose_filters(&self) {
        self.entries
            .par_chunks(PARALLEL_MIN)
            .for_each(|chunk| chunk.iter().for_each(|entry| entry.prose.add_filters()));
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// All datasets matching `query`, best first; ties keep catalog order.
    pub fn search(&self, query: &Query, matcher: &mut Matcher) -> Vec<Hit> {
        if query.terms.is_empty() && query.facets.is_empty() {
            // Everything matches with score 0, already in catalog order.
            return (0..self.entries.len())
                .map(|dataset| Hit {
                    dataset,
                    score: 0,
                    settled: 0,
                })
                .collect();
        }
        self.search_among(query, 0..self.entries.len(), matcher)
    }

    /// Like [`Index::search`], over a subset (e.g. the hits of a query this
    /// one narrows).
    pub fn search_among(
        &self,
        query: &Query,
        candidates: impl IntoIterator<Item = usize>,
        matcher: &mut Matcher,
    ) -> Vec<Hit> {
        let candidates: Vec<usize> = candidates.into_iter().collect();
        let score = |dataset: usize, matcher: &mut Matcher| {
            self.entries
                .get(dataset)
                .and_then(|entry| entry.score(query, matcher))
                .map(|(score, last)| Hit {
                    dataset,
                    score,
                    settled: score - last,
                })
        };
        Self::collect_hits(&candidates, matcher, score)
    }

    /// Scores only the last word of `query` over `base`, the hits of the
    /// query before it, which [`Query::extends`] found it `extension` of.
    /// Gives exactly what [`Index::search_among`] would over `base`.
    pub fn extend(
        &self,
        query: &Query,
        base: &[Hit],
        extension: Extension,
        matcher: &mut Matcher,
    ) -> Vec<Hit> {
        let Some(last) = query.terms.last() else {
            return self.search_among(query, base.iter().map(|h| h.dataset), matcher);
        };
        let settled: Vec<(usize, u32)> = base
            .iter()
            .map(|h| {
                let settled = match extension {
                    Extension::LastWord => h.settled,
                    Extension::NewWord => h.score,
                };
                (h.dataset, settled)
            })
            .collect();
        let score = |(dataset, settled): (usize, u32), matcher: &mut Matcher| {
            self.entries
                .get(dataset)
                .and_then(|entry| entry.word_score(last, matcher))
                .map(|word| Hit {
                    dataset,
                    score: settled + word,
                    settled,
                })
        };
        Self::collect_hits(&settled, matcher, score)
    }

    /// Runs `score` over `items` (on every core when there are many) and
    /// sorts the hits best first, ties in catalog order.
    fn collect_hits<T: Copy + Sync>(
        items: &[T],
        matcher: &mut Matcher,
        score: impl Fn(T, &mut Matcher) -> Option<Hit> + Sync,
    ) -> Vec<Hit> {
        // Matchers hold scratch space, not state: one per chunk.
        let mut hits = map_chunks(items, matcher, new_matcher, |_, &item, matcher| {
            score(item, matcher)
        });
        sort_by_score(&mut hits);
        hits
    }

    /// Character positions in the dataset's displayed name that the query
    /// matched, sorted and unique. Empty when nothing in the name matched or
    /// when folding changed the name so positions would not line up.
    pub fn name_highlights(
        &self,
        dataset: usize,
        query: &Query,
        matcher: &mut Matcher,
    ) -> Vec<usize> {
        let Some(entry) = self.entries.get(dataset) else {
            return Vec::new();
        };
        if !entry.name_aligned {
            return Vec::new();
        }
        let mut indices = Vec::new();
        for term in query.terms.iter().filter(|t| !t.negative) {
            // Highlight what ranked the dataset: the contiguous match when
            // there is one, else the scattered one.
            if let Some(range) = entry.name_match(term) {
                indices.extend(range.map(|i| i as u32));
            } else if let Some(atom) = &term.atom
                && term.needle_len() >= MIN_SCATTERED_LEN
            {
                atom.indices(entry.name(), matcher, &mut indices);
            }
        }
        indices.sort_unstable();
        indices.dedup();
        indices.into_iter().map(|i| i as usize).collect()
    }
}

/// Every one of `datasets` matching `query`, best first (ties in catalog
/// order), without keeping an index: for a single search over datasets read
/// once (`medsets search`). Each dataset's search text is built, scored and
/// dropped on the core that reads it, so nothing is kept but the hits, which
/// equal [`Index::search`]'s.
pub fn search_once<D: DatasetText>(
    categories: &[Category],
    datasets: &[D],
    query: &Query,
) -> Vec<Hit> {
    if query.is_empty() {
        return (0..datasets.len())
            .map(|dataset| Hit {
                dataset,
                score: 0,
                settled: 0,
            })
            .collect();
    }
    let interner = Interner::new(categories);
    let mut hits = map_chunks(
        datasets,
        &mut (new_matcher(), interner.clone()),
        || (new_matcher(), interner.clone()),
        |i, dataset, (matcher, interner)| {
            // Only facet terms read the facts, and they are tried before
            // the search text is built: most datasets then need none.
            let facts = query.needs_facts().then(|| Facts::build(dataset, interner));
            if let Some(facts) = &facts
                && !query.facets.iter().all(|term| term.matches(facts))
            {
                return None;
            }
            let (score, last) = Entry::new(dataset, facts).score(query, matcher)?;
            Some(Hit {
                dataset: i,
                score,
                settled: score - last,
            })
        },
    );
    sort_by_score(&mut hits);
    hits
}

/// Which of `lines` match `query`, each read as a dataset whose name is the
/// line and nothing else: fzf's `--filter` over plain text, in input order.
/// The fzf parity tests use it.
pub fn filter_lines(lines: &[&str], query: &str) -> Vec<usize> {
    let query = Query::parse(query);
    let datasets: Vec<crate::catalog::Dataset> = lines
        .iter()
        .map(|line| crate::catalog::Dataset {
            id: Text::Borrowed(""),
            name: (*line).to_string().into(),
            aliases: Vec::new(),
            categories: Vec::new(),
            summary: Text::Borrowed(""),
            summary_zh: None,
            modalities: Vec::new(),
            body_regions: Vec::new(),
            tasks: Vec::new(),
            size: Vec::new(),
            size_bytes: None,
            languages: Vec::new(),
            access: crate::catalog::Access::Open,
            license: None,
            year: None,
            paper: None,
            homepage: None,
            urls: Vec::new(),
            domain: crate::catalog::Domain::Medical,
            citations: Vec::new(),
            related: Vec::new(),
            notes: None,
            notes_zh: None,
            verified: None,
            overrides: false,
            source: Default::default(),
        })
        .collect();
    let mut found: Vec<usize> = search_once(&[], &datasets, &query)
        .into_iter()
        .map(|hit| hit.dataset)
        .collect();
    found.sort_unstable();
    found
}

/// `f` of each of `items` (with its position) that gives something, in
/// order, on every core when there are many. `f` gets scratch state (a
/// matcher, an interner) that a thread reuses but never shares: `local` on
/// this thread when the items are few, one `new_scratch()` per chunk
/// otherwise.
fn map_chunks<T: Sync, S, R: Send>(
    items: &[T],
    local: &mut S,
    new_scratch: impl Fn() -> S + Sync,
    f: impl Fn(usize, &T, &mut S) -> Option<R> + Sync,
) -> Vec<R> {
    let run = |first: usize, items: &[T], scratch: &mut S| {
        items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| f(first + i, item, scratch))
            .collect::<Vec<R>>()
    };
    if items.len() < PARALLEL_MIN {
        return run(0, items, local);
    }
    items
        .par_chunks(PARALLEL_MIN)
        .enumerate()
        .flat_map_iter(|(n, chunk)| run(n * PARALLEL_MIN, chunk, &mut new_scratch()))
        .collect()
}

/// Best score first, ties in catalog order.
fn sort_by_score(hits: &mut [Hit]) {
    hits.par_sort_unstable_by(|a, b| b.score.cmp(&a.score).then(a.dataset.cmp(&b.dataset)));
}

/// A fresh matcher with the settings the index expects.
pub fn new_matcher() -> Matcher {
    Matcher::new(Config::DEFAULT)
}

impl Entry {
    /// A dataset's search text; its summary filters come later, if at all
    /// (see [`Index::add_prose_filters`]).
    fn new<D: DatasetText>(dataset: &D, facts: Option<Facts>) -> Entry {
        let mut fields: Vec<Cow<str>> = Vec::with_capacity(16);
        fields.push(fold_borrowed(dataset.name()));
        fields.push(fold_borrowed(dataset.id()));
        fields.extend(dataset.aliases().map(fold_borrowed));
        let naming_fields = fields.len();
        let mut fact_ends = [0u32; 3];
        for (slot, values) in [
            dataset.modalities().collect::<Vec<_>>(),
            dataset.body_regions().collect(),
            dataset.tasks().collect(),
        ]
        .into_iter()
        .enumerate()
        {
            fields.extend(values.into_iter().map(fold_borrowed));
            fact_ends[slot] = u32::try_from(fields.len()).unwrap_or(u32::MAX);
        }
        let (short_text, field_ends) = join_fields(&fields);
        let mut lower = String::with_capacity(fields.iter().map(|f| f.len() + 1).sum());
        let mut lower_ends = Vec::with_capacity(fields.len());
        for field in &fields {
            if !lower_ends.is_empty() {
                lower.push('\n');
            }
            lower.extend(field.chars().flat_map(char::to_lowercase));
            lower_ends.push(u32::try_from(lower.len()).unwrap_or(u32::MAX));
        }
        // The name field's end is its length in the matcher's characters,
        // and lowercasing kept its length.
        let name_chars = dataset.name().chars().count();
        let name_aligned = fields[0] == dataset.name()
            && field_ends[0] as usize == name_chars
            && lower[..lower_ends[0] as usize].chars().count() == name_chars;
        let mut prose = fold_lower(dataset.summary());
        if let Some(zh) = dataset.summary_zh() {
            prose.push('\n');
            prose.push_str(&fold_lower(zh));
        }
        Entry {
            short_text,
            field_ends,
            lower: lower.into_boxed_str(),
            lower_ends: lower_ends.into_boxed_slice(),
            naming_fields,
            fact_ends,
            prose: Prose::unfiltered(prose),
            name_aligned,
            facts,
        }
    }

    /// The name as matched: field 0.
    fn name(&self) -> Utf32Str<'_> {
        self.short_text.slice(..self.field_ends[0] as usize)
    }

    /// Each field's lowercase bytes, its weight and how many values of its
    /// kind the dataset has.
    fn lower_fields(&self) -> impl Iterator<Item = (&[u8], u32, usize)> + '_ {
        let bytes = self.lower.as_bytes();
        let mut start = 0;
        self.lower_ends.iter().enumerate().map(move |(i, &end)| {
            let end = end as usize;
            let text = &bytes[start..end];
            start = end + 1;
            let (weight, values) = self.weight_of(i);
            (text, weight, values)
        })
    }

    fn weight_of(&self, field: usize) -> (u32, usize) {
        if field == 0 {
            return (rank::NAME, 1);
        }
        if field < self.naming_fields {
            return (rank::ID_ALIAS, 1);
        }
        let mut start = self.naming_fields;
        for &end in &self.fact_ends {
            let end = end as usize;
            if field < end {
                return (rank::FACT, end - start);
            }
            start = end;
        }
        (rank::FACT, 1)
    }

    /// Where the naming fields end in `lower`.
    fn naming_bytes(&self) -> usize {
        self.lower_ends[self.naming_fields - 1] as usize
    }

    /// The total score, and the part of it from the last word.
    fn score(&self, query: &Query, matcher: &mut Matcher) -> Option<(u32, u32)> {
        if !self.has_facets(query) {
            return None;
        }
        let mut total = 0;
        let mut last = 0;
        for term in &query.terms {
            last = self.word_score(term, matcher)?;
            total += last;
        }
        Some((total, last))
    }

    /// Whether every facet term of `query` holds.
    fn has_facets(&self, query: &Query) -> bool {
        query.facets.is_empty()
            || self
                .facts
                .as_ref()
                .is_some_and(|facts| query.facets.iter().all(|term| term.matches(facts)))
    }

    /// One word's score: the best of its `|` alternatives; a negated
    /// alternative scores 0 where it rejects nothing.
    fn word_score(&self, term: &Term, matcher: &mut Matcher) -> Option<u32> {
        std::iter::once(term)
            .chain(&term.either)
            .filter_map(|alternative| {
                if alternative.negative {
                    (!self.rejected_by(alternative)).then_some(0)
                } else {
                    self.term_score(alternative, matcher)
                }
            })
            .max()
    }

    /// The best field match of `needle` as `kind` asks for it.
    fn fields_score(&self, needle: &Needle, kind: Kind) -> Option<u32> {
        let bytes = needle.as_str().as_bytes();
        // One byte search over every field at once rules most datasets out.
        needle.finder().find(self.lower.as_bytes())?;
        let chars = needle.chars();
        self.lower_fields()
            .filter_map(|(field, weight, values)| {
                let place = field_place(field, bytes, needle.finder(), kind)?;
                Some(rank::field_score(place, chars, weight, values))
            })
            .max()
    }

    /// Letters of a fuzzy word in order through a name, id or alias.
    fn scattered_score(&self, term: &Term, matcher: &mut Matcher) -> Option<u32> {
        let atom = term.atom.as_ref()?;
        if term.needle_len() < MIN_SCATTERED_LEN
            || !is_subsequence(
                &self.lower.as_bytes()[..self.naming_bytes()],
                term.needle().as_bytes(),
            )
        {
            return None;
        }
        let mut start = 0;
        let mut best = None;
        for &end in &self.field_ends[..self.naming_fields] {
            let end = end as usize;
            if let Some(score) = atom.score(self.short_text.slice(start..end), matcher) {
                best = best.max(Some(rank::scattered(score)));
            }
            start = end + 1;
        }
        best
    }

    /// A positive word: the best of its literal matches and, for a
    /// vocabulary word, of its synonyms' and facts' (ranked lower).
    fn term_score(&self, term: &Term, matcher: &mut Matcher) -> Option<u32> {
        let literal = self.literal_score(term, matcher);
        if !term.has_synonyms() {
            return literal;
        }
        let synonym = term
            .synonyms
            .iter()
            .filter_map(|synonym| {
                self.fields_score(synonym, Kind::Boundary)
                    .or_else(|| {
                        self.prose
                            .score(synonym)
                            .filter(|&s| s >= rank::PROSE_WHOLE_WORD)
                    })
                    .map(rank::as_synonym)
            })
            .chain(self.facts.iter().flat_map(|facts| {
                term.synonym_facets
                    .iter()
                    .filter(|facet| facet.matches(facts))
                    .map(|facet| rank::fact_score(facts.value_count(facet.key)))
            }))
            .max();
        literal.max(synonym)
    }

    fn literal_score(&self, term: &Term, matcher: &mut Matcher) -> Option<u32> {
        let fields = self.fields_score(&term.prose, term.kind);
        // Summaries count for unanchored words; they can only beat a
        // field match that is a short word inside a longer one.
        let in_prose = || match term.kind {
            Kind::Fuzzy | Kind::Exact => self.prose.score(&term.prose),
            Kind::Boundary => self
                .prose
                .score(&term.prose)
                .filter(|&s| s >= rank::PROSE_WHOLE_WORD),
            _ => None,
        };
        match fields {
            Some(score) if score > rank::PROSE_WHOLE_WORD => Some(score),
            _ => {
                let scattered = if fields.is_none() && term.kind == Kind::Fuzzy {
                    self.scattered_score(term, matcher)
                } else {
                    None
                };
                fields.max(in_prose()).max(scattered)
            }
        }
    }

    /// A negated word rejects a dataset when it matches anywhere, as its
    /// kind asks (`!word` anywhere, `!^word` at a field's start, …).
    fn rejected_by(&self, term: &Term) -> bool {
        let needle = term.prose.as_str().as_bytes();
        let in_fields = self.lower_fields().any(|(field, _, _)| {
            field_place(field, needle, term.prose.finder(), term.kind).is_some()
        });
        in_fields
            || match term.kind {
                Kind::Exact | Kind::Fuzzy => self.prose.contains(&term.prose),
                Kind::Boundary => self
                    .prose
                    .score(&term.prose)
                    .is_some_and(|s| s >= rank::PROSE_WHOLE_WORD),
                _ => false,
            }
    }

    /// Character positions in the name that `term` matched contiguously.
    fn name_match(&self, term: &Term) -> Option<std::ops::Range<usize>> {
        let name = &self.lower[..self.lower_ends[0] as usize];
        let needle = term.prose.as_str();
        let at = match term.kind {
            Kind::Prefix | Kind::Equal => name.starts_with(needle).then_some(0)?,
            Kind::Suffix => name
                .len()
                .checked_sub(needle.len())
                .filter(|_| name.ends_with(needle))?,
            _ => name.find(needle)?,
        };
        let first = name[..at].chars().count();
        Some(first..first + needle.chars().count())
    }
}

/// Where `needle` best matches one `field`, as `kind` asks; `None` when it
/// does not.
fn field_place(field: &[u8], needle: &[u8], finder: &memmem::Finder, kind: Kind) -> Option<Place> {
    match kind {
        Kind::Fuzzy | Kind::Exact => rank::best_place(field, needle, finder),
        Kind::Boundary => {
            rank::best_place(field, needle, finder).filter(|&place| place >= Place::WholeWord)
        }
        Kind::Prefix => field
            .starts_with(needle)
            .then(|| rank::place(field, 0, needle)),
        Kind::Suffix => field
            .ends_with(needle)
            .then(|| rank::place(field, field.len() - needle.len(), needle)),
        Kind::Equal => (field == needle).then_some(Place::WholeField),
    }
}

/// Whether `needle`'s bytes occur in `haystack` in order, gaps allowed.
fn is_subsequence(haystack: &[u8], needle: &[u8]) -> bool {
    let mut wanted = needle.iter();
    let mut next = wanted.next();
    for byte in haystack {
        match next {
            None => return true,
            Some(b) if b == byte => next = wanted.next(),
            Some(_) => {}
        }
    }
    next.is_none()
}

/// Joins folded fields with newlines into one matcher string, and where
/// each field ends in it, in the matcher's characters (one per grapheme,
/// which is why a non-ASCII field is measured on its own: no grapheme
/// crosses the newline, but "\r" then "\n" would make one).
fn join_fields(fields: &[Cow<str>]) -> (Utf32String, Box<[u32]>) {
    let mut ends = Vec::with_capacity(fields.len());
    if fields.iter().all(|field| field.is_ascii()) {
        let mut text = String::with_capacity(fields.iter().map(|f| f.len() + 1).sum());
        for field in fields {
            if !ends.is_empty() {
                text.push('\n');
            }
            text.push_str(field);
            ends.push(text.len() as u32);
        }
        return (
            Utf32String::Ascii(text.into_boxed_str()),
            ends.into_boxed_slice(),
        );
    }
    let mut chars: Vec<char> = Vec::new();
    for field in fields {
        if !ends.is_empty() {
            chars.push('\n');
        }
        chars.extend(nucleo_matcher::chars::graphemes(field));
        ends.push(chars.len() as u32);
    }
    (
        Utf32String::Unicode(chars.into_boxed_slice()),
        ends.into_boxed_slice(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::fold::fold;
    use crate::search::order::{SortOrder, sort_hits};

    fn catalog() -> Catalog {
        Catalog::embedded()
    }

    fn ids(catalog: &Catalog, query: &str) -> Vec<String> {
        let index = Index::new(catalog);
        let mut matcher = new_matcher();
        index
            .search(&Query::parse(query), &mut matcher)
            .iter()
            .map(|hit| catalog.datasets[hit.dataset].id.to_string())
            .collect()
    }

    #[test]
    fn empty_query_matches_everything_in_catalog_order() {
        let catalog = catalog();
        let all: Vec<String> = catalog.datasets.iter().map(|d| d.id.to_string()).collect();
        assert_eq!(ids(&catalog, ""), all);
        assert_eq!(ids(&catalog, "   "), all);
    }

    #[test]
    fn vqa_rad_ranks_first() {
        let catalog = catalog();
        assert_eq!(
            ids(&catalog, "vqa rad").first().map(String::as_str),
            Some("vqa-rad")
        );
        assert_eq!(
            ids(&catalog, "vqa-rad").first().map(String::as_str),
            Some("vqa-rad")
        );
    }

    #[test]
    fn name_hits_outrank_fact_hits() {
        let catalog = catalog();
        let found = ids(&catalog, "mimic");
        assert_eq!(found.first().map(String::as_str), Some("mimic-cxr"));
    }

    #[test]
    fn chinese_query_finds_nlm_tb_through_its_chinese_summary() {
        let catalog = catalog();
        assert!(ids(&catalog, "结核").contains(&"nlm-tb".to_string()));
    }

    #[test]
    fn fzf_syntax_exact_prefix_and_negation() {
        let catalog = catalog();
        let vindr = ids(&catalog, "^vindr");
        assert!(vindr.len() >= 4, "{vindr:?}");
        assert!(vindr.iter().all(|id| id.starts_with("vindr")), "{vindr:?}");
        let without_mammo = ids(&catalog, "^vindr !mammo");
        assert!(!without_mammo.contains(&"vindr-mammo".to_string()));
        assert_eq!(without_mammo.len(), vindr.len() - 1);
        assert!(ids(&catalog, "'zzqqxx").is_empty());
    }

    #[test]
    fn prose_words_match_but_rank_below_names() {
        let catalog = catalog();
        // "tuberculosis" is in NLM-TB's prose; nothing names it.
        let found = ids(&catalog, "tuberculosis");
        assert!(found.contains(&"nlm-tb".to_string()), "{found:?}");
    }

    #[test]
    fn narrowing_rules() {
        let q = |t| Query::parse(t);
        assert!(q("vqa r").narrows(&q("vqa")));
        assert!(q("ct$").narrows(&q("ct")));
        assert!(!q("ct").narrows(&q("ct$")));
        assert!(!q("!ab").narrows(&q("!a")));
        assert!(!q("mri").narrows(&q("ct")));
        assert!(q("ch").narrows(&q("c")));
        assert!(
            !q("che").narrows(&q("ch")),
            "3 letters allow scattered matches"
        );
        assert!(q("ches").narrows(&q("che")));
    }

    #[test]
    fn narrowed_search_equals_full_search() {
        let catalog = catalog();
        let index = Index::new(&catalog);
        let mut matcher = new_matcher();
        let mut previous = Query::parse("");
        let mut hits = index.search(&previous, &mut matcher);
        for text in [
            "c",
            "ch",
            "che",
            "ches",
            "chest",
            "chest ",
            "chest c",
            "chest ct",
            "chest ct$",
        ] {
            let query = Query::parse(text);
            let full = index.search(&query, &mut matcher);
            if !query.narrows(&previous) {
                hits = full;
                previous = query;
                continue;
            }
            let narrowed = index.search_among(&query, hits.iter().map(|h| h.dataset), &mut matcher);
            assert_eq!(narrowed, full, "{text}");
            hits = narrowed;
            previous = query;
        }
    }

    /// The embedded catalog's index with its summary filters, as the TUI
    /// has it once start-up work is done. (Tests that build `Index::new`
    /// alone search without filters, so both ways are covered.)
    fn filtered_embedded_index() -> Index {
        let index = Index::new(&Catalog::embedded());
        index.add_prose_filters();
        index
    }

    /// Query text for the property tests: fuzzy syntax, facet keys and the
    /// characters of facet values.
    const QUERY_PIECES: &str = "((m|a|c|r|t|l|d|license|year):|[a-z ^'$!0-9,:.<>=-]){0,6}";

    /// Scoring without the shortcuts (the byte search over all fields at
    /// once, the subsequence test before the fuzzy matcher): every field
    /// asked on its own.
    fn reference_score(entry: &Entry, query: &Query, matcher: &mut Matcher) -> Option<u32> {
        if !entry.has_facets(query) {
            return None;
        }
        let fields = |needle: &Needle, kind: Kind| {
            entry
                .lower_fields()
                .filter_map(|(field, weight, values)| {
                    field_place(field, needle.as_str().as_bytes(), needle.finder(), kind)
                        .map(|place| rank::field_score(place, needle.chars(), weight, values))
                })
                .max()
        };
        let scattered = |term: &Term, matcher: &mut Matcher| {
            let atom = term.atom.as_ref()?;
            if term.needle_len() < MIN_SCATTERED_LEN {
                return None;
            }
            let mut start = 0;
            let mut best = None;
            for &end in &entry.field_ends[..entry.naming_fields] {
                let end = end as usize;
                best = best.max(
                    atom.score(entry.short_text.slice(start..end), matcher)
                        .map(rank::scattered),
                );
                start = end + 1;
            }
            best
        };
        let mut total = 0;
        for term in &query.terms {
            let mut best = None;
            for alt in std::iter::once(term).chain(&term.either) {
                let score = if alt.negative {
                    (!entry.rejected_by(alt)).then_some(0)
                } else {
                    let literal = fields(&alt.prose, alt.kind);
                    let prose = match alt.kind {
                        Kind::Fuzzy | Kind::Exact => entry.prose.score(&alt.prose),
                        Kind::Boundary => entry
                            .prose
                            .score(&alt.prose)
                            .filter(|&s| s >= rank::PROSE_WHOLE_WORD),
                        _ => None,
                    };
                    let literal = match literal {
                        Some(s) if s > rank::PROSE_WHOLE_WORD => Some(s),
                        _ => {
                            let sc = if literal.is_none() && alt.kind == Kind::Fuzzy {
                                scattered(alt, matcher)
                            } else {
                                None
                            };
                            literal.max(prose).max(sc)
                        }
                    };
                    let synonyms = alt
                        .synonyms
                        .iter()
                        .filter_map(|syn| {
                            fields(syn, Kind::Boundary)
                                .or_else(|| {
                                    entry
                                        .prose
                                        .score(syn)
                                        .filter(|&s| s >= rank::PROSE_WHOLE_WORD)
                                })
                                .map(rank::as_synonym)
                        })
                        .max();
                    let facts = entry.facts.as_ref().and_then(|facts| {
                        alt.synonym_facets
                            .iter()
                            .filter(|f| f.matches(facts))
                            .map(|f| rank::fact_score(facts.value_count(f.key)))
                            .max()
                    });
                    literal.max(synonyms).max(facts)
                };
                best = best.max(score);
            }
            total += best?;
        }
        Some(total)
    }

    use proptest::prelude::Strategy;

    proptest::proptest! {
        /// The joined-text shortcut changes no score and loses no match.
        #[test]
        fn shortcut_scores_equal_field_by_field_scores(
            query in proptest::prop_oneof![
                "[a-zA-Z ^'$!-]{1,8}",
                proptest::sample::select(vec!["ct", "mri", "chest", "vqa", "seg", "x-ray", "^vindr", "'lung", "rad$", "^mimic-cxr$", "结核", "!ct"])
                    .prop_flat_map(|w| "( [a-z]{1,4})?".prop_map(move |tail| format!("{w}{tail}"))),
            ]
        ) {
            static INDEX: std::sync::LazyLock<Index> =
                std::sync::LazyLock::new(filtered_embedded_index);
            let query = Query::parse(&query);
            let mut matcher = new_matcher();
            for entry in &INDEX.entries {
                proptest::prop_assert_eq!(
                    entry.score(&query, &mut matcher).map(|(total, _)| total),
                    reference_score(entry, &query, &mut matcher)
                );
            }
        }

        /// A search without an index finds what the TUI's index finds, in
        /// the same order with the same scores, on datasets read in place.
        #[test]
        fn search_once_equals_the_index(query in QUERY_PIECES) {
            static INDEX: std::sync::LazyLock<Index> =
                std::sync::LazyLock::new(filtered_embedded_index);
            let views = crate::catalog::load_views(
                crate::catalog::EMBEDDED_JSON,
                crate::catalog::EMBEDDED_NAME,
            )
            .unwrap();
            let query = Query::parse(&query);
            proptest::prop_assert_eq!(
                search_once(&views.categories, &views.datasets, &query),
                INDEX.search(&query, &mut new_matcher())
            );
        }

        /// Whenever `narrows` says so, searching the previous hits gives
        /// exactly what a full search gives.
        #[test]
        fn narrowing_never_loses_a_hit(
            base in QUERY_PIECES,
            extension in "((m|a|c|r|t|l|d|license|year):|[a-z ^'$!0-9,:.<>=-]){1,4}",
        ) {
            static INDEX: std::sync::LazyLock<Index> =
                std::sync::LazyLock::new(filtered_embedded_index);
            let index = &*INDEX;
            let mut matcher = new_matcher();
            let before = Query::parse(&base);
            let after = Query::parse(&format!("{base}{extension}"));
            let full = index.search(&after, &mut matcher);
            let hits = index.search(&before, &mut matcher);
            if after.narrows(&before) {
                let narrowed = index.search_among(&after, hits.iter().map(|h| h.dataset), &mut matcher);
                proptest::prop_assert_eq!(&narrowed, &full);
            }
            if let Some(extension) = after.extends(&before) {
                let extended = index.extend(&after, &hits, extension, &mut matcher);
                proptest::prop_assert_eq!(&extended, &full);
            }
        }
    }

    #[test]
    fn facet_terms_filter_and_and_with_words() {
        let catalog = catalog();
        let open_ct = ids(&catalog, "m:ct a:open");
        assert!(!open_ct.is_empty());
        for id in &open_ct {
            let d = catalog.dataset(id).unwrap();
            assert_eq!(d.access, crate::catalog::Access::Open, "{id}");
            assert!(
                d.modalities.iter().any(|m| m.eq_ignore_ascii_case("ct")),
                "{id}"
            );
        }
        // Facets only: catalog order.
        let positions: Vec<usize> = open_ct
            .iter()
            .map(|id| catalog.datasets.iter().position(|d| &d.id == id).unwrap())
            .collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{open_ct:?}");
        let xray = ids(&catalog, "!a:credentialed m:x-ray");
        assert!(!xray.contains(&"mimic-cxr".to_string()));
        assert!(xray.contains(&"nlm-tb".to_string()));
        // Words and facets together: the word ranks, the facet filters.
        let chest_ct = ids(&catalog, "chest m:ct");
        assert!(!chest_ct.is_empty());
        assert!(chest_ct.iter().all(|id| has_ct(&catalog, id)));
        assert!(ids(&catalog, "m:ct,mri").contains(&"atlas-v2".to_string()));
        assert!(ids(&catalog, "m:zzz").is_empty());
    }

    fn has_ct(catalog: &Catalog, id: &str) -> bool {
        let d = catalog.dataset(id).unwrap();
        d.modalities
            .iter()
            .any(|m| m.to_lowercase().starts_with("ct"))
    }

    #[test]
    fn facet_only_queries_score_zero() {
        let catalog = catalog();
        let index = Index::new(&catalog);
        let mut matcher = new_matcher();
        let hits = index.search(&Query::parse("year:>=2023"), &mut matcher);
        assert!(!hits.is_empty());
        assert!(hits.iter().all(|h| h.score == 0));
        assert!(!Query::parse("year:>=2023").is_empty());
    }

    #[test]
    fn bad_facets_are_reported_and_ignored() {
        let catalog = catalog();
        let query = Query::parse("mod:ct chest");
        let error = query.error().unwrap();
        assert!(error.contains("\"mod:\""), "{error}");
        assert!(error.contains("modality (m)"), "{error}");
        assert_eq!(ids(&catalog, "mod:ct chest"), ids(&catalog, "chest"));
        assert!(Query::parse("m:ct year:2020").error().is_none());
        assert!(
            Query::parse("year:soon")
                .error()
                .unwrap()
                .contains("year:soon")
        );
        // URLs and words with a non-alphabetic key are ordinary words.
        assert!(
            Query::parse("https://physionet.org 10:30")
                .error()
                .is_none()
        );
    }

    #[test]
    fn narrowing_with_facets() {
        let q = |t| Query::parse(t);
        assert!(q("m:ct").narrows(&q("m:c")));
        assert!(q("m:ct chest").narrows(&q("m:ct")));
        assert!(q("chest m:ct").narrows(&q("chest")));
        assert!(q("a:open m:ct").narrows(&q("m:ct")));
        assert!(
            q("m:ct,").narrows(&q("m:ct")),
            "a trailing comma changes nothing"
        );
        assert!(!q("m:ct,m").narrows(&q("m:ct,")));
        assert!(!q("!m:ct").narrows(&q("!m:c")));
        assert!(
            q("m").narrows(&q("m:")),
            "an invalid term matched everything"
        );
        assert!(!q("m:").narrows(&q("m")), "a word turning into a facet");
        assert!(
            !q("year:2020x").narrows(&q("year:2020")),
            "a valid facet turning invalid"
        );
    }

    #[test]
    fn sort_orders_cycle_and_sort() {
        let mut order = SortOrder::default();
        let mut seen = Vec::new();
        for _ in 0..4 {
            seen.push(order);
            order = order.next();
        }
        assert_eq!(seen, SortOrder::ALL);
        assert_eq!(order, SortOrder::Relevance);

        let catalog = catalog();
        let index = Index::new(&catalog);
        let mut matcher = new_matcher();
        let relevance = index.search(&Query::parse("chest"), &mut matcher);
        let mut hits = relevance.clone();
        sort_hits(&mut hits, SortOrder::Year, &catalog);
        let year = |h: &Hit| catalog.datasets[h.dataset].year;
        assert!(
            hits.windows(2)
                .all(|w| year(&w[0]) >= year(&w[1]) || year(&w[1]).is_none())
        );
        // Ties keep relevance order.
        for pair in hits.windows(2) {
            if year(&pair[0]) == year(&pair[1]) {
                let rank = |h: &Hit| relevance.iter().position(|r| r == h).unwrap();
                assert!(rank(&pair[0]) < rank(&pair[1]));
            }
        }
        sort_hits(&mut hits, SortOrder::Relevance, &catalog);
        assert_eq!(hits, relevance);
        sort_hits(&mut hits, SortOrder::Size, &catalog);
        let size = |h: &Hit| {
            let d = &catalog.datasets[h.dataset];
            (d.size_bytes, d.size.first().map(|f| f.value))
        };
        assert!(hits.windows(2).all(|w| size(&w[0]) >= size(&w[1])));
        sort_hits(&mut hits, SortOrder::Name, &catalog);
        let name = |h: &Hit| catalog.datasets[h.dataset].name.to_lowercase();
        assert!(hits.windows(2).all(|w| name(&w[0]) <= name(&w[1])));
    }

    #[test]
    fn highlights_are_sorted_unique_char_positions() {
        let catalog = catalog();
        let index = Index::new(&catalog);
        let mut matcher = new_matcher();
        let pos = catalog
            .datasets
            .iter()
            .position(|d| d.id == "vqa-rad")
            .unwrap();
        let marks = index.name_highlights(pos, &Query::parse("vqa rad"), &mut matcher);
        assert_eq!(marks, vec![0, 1, 2, 4, 5, 6]);
    }

    #[test]
    fn fullwidth_punctuation_is_folded() {
        assert_eq!(fold("（ＣＴ）"), "(CT)");
    }
}
