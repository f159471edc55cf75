//! The search the TUI keeps while the user types: the current query, its
//! hits in display order, the results of the prefixes typed on the way
//! (so backspace is a lookup), and a search too large for one frame that
//! is finished a slice at a time.
//!
//! It never touches a terminal: the TUI's state owns one and asks it to
//! change the query, go on with a sliced search, or sort.

use std::cell::RefCell;
use std::sync::Arc;

use nucleo_matcher::Matcher;

use crate::catalog::Catalog;

use super::index::{Hit, Index, new_matcher};
use super::order::{SortOrder, sort_hits};
use super::query::{Extension, Query};

/// A search over more candidates than this is done in slices of this many:
/// about 10 ms of matching each on the machines measured.
pub const SEARCH_CHUNK: usize = 20_000;

/// How many earlier queries' results are kept for backspace.
const HISTORY_LIMIT: usize = 64;

/// What a search goes through.
enum Work {
    /// Every dataset.
    All,
    /// These datasets (the hits of a query this one narrows).
    Among(Vec<usize>),
    /// The hits of the previous query, scoring only the last word.
    Extend(Vec<Hit>, Extension),
}

impl Work {
    fn len(&self, catalog_size: usize) -> usize {
        match self {
            Work::All => catalog_size,
            Work::Among(candidates) => candidates.len(),
            Work::Extend(base, _) => base.len(),
        }
    }
}

/// A search that is not finished yet.
struct Pending {
    work: Work,
    /// The first candidate not searched yet.
    next: usize,
    /// Hits so far, best first.
    found: Vec<Hit>,
}

pub struct Session {
    /// Shared with the thread that adds its summary filters after start-up.
    index: Arc<Index>,
    /// Scratch space for matching; in a cell so that drawing (which only
    /// reads the state) can compute highlights for the rows it draws.
    matcher: RefCell<Matcher>,
    query: Query,
    /// Matches of the current query in display order (best first unless
    /// sorted otherwise); every dataset when the query is empty.
    hits: Vec<Hit>,
    sort: SortOrder,
    /// Results of the queries typed on the way to this one, score-ordered.
    history: Vec<(String, Vec<Hit>)>,
    pending: Option<Pending>,
    chunk: usize,
}

impl Session {
    /// A session showing every dataset of `catalog`, indexed by `index`.
    pub fn new(index: Arc<Index>, catalog: &Catalog) -> Session {
        let mut session = Session {
            index,
            matcher: RefCell::new(new_matcher()),
            query: Query::parse(""),
            hits: Vec::new(),
            sort: SortOrder::Relevance,
            history: Vec::new(),
            pending: None,
            chunk: SEARCH_CHUNK,
        };
        session.refilter(None, catalog);
        session
    }

    /// Search in slices of `chunk` candidates (tests use small ones).
    pub fn with_chunk(mut self, chunk: usize) -> Session {
        self.chunk = chunk.max(1);
        self
    }

    pub fn index(&self) -> &Arc<Index> {
        &self.index
    }

    pub fn query(&self) -> &Query {
        &self.query
    }

    pub fn hits(&self) -> &[Hit] {
        &self.hits
    }

    pub fn sort(&self) -> SortOrder {
        self.sort
    }

    /// The dataset that ranks first for the query, whatever the sort order.
    pub fn best(&self) -> Option<usize> {
        if self.sort == SortOrder::Relevance {
            return self.hits.first().map(|h| h.dataset);
        }
        // Sorting is stable on score order, so the best is the highest
        // score, the earliest in the catalog among equals.
        self.hits
            .iter()
            .max_by(|a, b| a.score.cmp(&b.score).then(b.dataset.cmp(&a.dataset)))
            .map(|h| h.dataset)
    }

    /// (searched, total) candidates while a search is still running in slices.
    pub fn progress(&self) -> Option<(usize, usize)> {
        self.pending
            .as_ref()
            .map(|p| (p.next, p.work.len(self.index.len())))
    }

    /// Replaces the query with `text`; false when it is the same text.
    pub fn set_query(&mut self, text: &str, catalog: &Catalog) -> bool {
        if text == self.query.text() {
            return false;
        }
        let previous = std::mem::replace(&mut self.query, Query::parse(text));
        self.refilter(Some(&previous), catalog);
        true
    }

    /// Orders the hits by `sort` from now on.
    pub fn set_sort(&mut self, sort: SortOrder, catalog: &Catalog) {
        self.sort = sort;
        let hits = std::mem::take(&mut self.hits);
        self.show(hits, catalog);
    }

    /// Character positions of the query's match in a dataset's name.
    pub fn name_highlights(&self, dataset: usize) -> Vec<usize> {
        if self.query.is_empty() {
            return Vec::new();
        }
        self.index
            .name_highlights(dataset, &self.query, &mut self.matcher.borrow_mut())
    }

    /// The next slice of an unfinished search: its hits join those shown.
    /// False when nothing was pending.
    pub fn continue_search(&mut self, catalog: &Catalog) -> bool {
        let Some(mut pending) = self.pending.take() else {
            return false;
        };
        let total = pending.work.len(self.index.len());
        let end = (pending.next + self.chunk).min(total);
        let more = self.run_slice(&pending.work, pending.next..end);
        pending.found.extend(more);
        pending
            .found
            .sort_by(|a, b| b.score.cmp(&a.score).then(a.dataset.cmp(&b.dataset)));
        pending.next = end;
        let hits = pending.found.clone();
        if end >= total {
            self.remember(hits.clone());
        } else {
            self.pending = Some(pending);
        }
        self.show(hits, catalog);
        true
    }

    fn remember(&mut self, hits: Vec<Hit>) {
        let text = self.query.text().to_string();
        if !self.history.iter().any(|(typed, _)| *typed == text) {
            if self.history.len() >= HISTORY_LIMIT {
                self.history.remove(0);
            }
            self.history.push((text, hits));
        }
    }

    /// Shows `hits` (best first), in the current sort order.
    fn show(&mut self, mut hits: Vec<Hit>, catalog: &Catalog) {
        sort_hits(&mut hits, self.sort, catalog);
        self.hits = hits;
    }

    fn refilter(&mut self, previous: Option<&Query>, catalog: &Catalog) {
        // The hits of an unfinished search are partial: nothing may be
        // derived from them, so the new query is searched afresh.
        let previous = if self.pending.take().is_some() {
            None
        } else {
            previous
        };
        let text = self.query.text().to_string();
        // Only the results of prefixes of this query can be reused.
        self.history
            .retain(|(typed, _)| text.starts_with(typed.as_str()));
        let remembered = self
            .history
            .iter()
            .rev()
            .find(|(typed, _)| *typed == text)
            .map(|(_, hits)| hits.clone());
        if let Some(hits) = remembered {
            // Backspace, or Esc after narrowing: already computed.
            self.show(hits, catalog);
            return;
        }
        // Narrowing reuses the previous hits, which must be in score order.
        let mut base = std::mem::take(&mut self.hits);
        if self.sort != SortOrder::Relevance {
            sort_hits(&mut base, SortOrder::Relevance, catalog);
        }
        let extension = previous.and_then(|previous| self.query.extends(previous));
        let work = match (extension, previous) {
            (Some(extension), _) => Work::Extend(base, extension),
            (None, Some(previous)) if self.query.narrows(previous) => {
                Work::Among(base.iter().map(|h| h.dataset).collect())
            }
            _ => Work::All,
        };
        let total = work.len(self.index.len());
        // A search over more datasets than one slice is done a slice per
        // frame: the keystroke is answered at once with the first slice's
        // hits, the rest follow (`continue_search`) while no key is waiting.
        let end = if self.query.is_empty() {
            total
        } else {
            total.min(self.chunk)
        };
        let hits = self.run_slice(&work, 0..end);
        if end < total {
            self.pending = Some(Pending {
                work,
                next: end,
                found: hits.clone(),
            });
        } else {
            self.remember(hits.clone());
        }
        self.show(hits, catalog);
    }

    /// Searches part of `work`: candidates `range` of it.
    fn run_slice(&self, work: &Work, range: std::ops::Range<usize>) -> Vec<Hit> {
        let mut matcher = self.matcher.borrow_mut();
        match work {
            Work::All if range.len() == self.index.len() => {
                self.index.search(&self.query, &mut matcher)
            }
            Work::All => self.index.search_among(&self.query, range, &mut matcher),
            Work::Among(candidates) => self.index.search_among(
                &self.query,
                candidates[range].iter().copied(),
                &mut matcher,
            ),
            Work::Extend(base, extension) => {
                self.index
                    .extend(&self.query, &base[range], *extension, &mut matcher)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(chunk: usize) -> (Catalog, Session) {
        let catalog = Catalog::embedded();
        let index = Arc::new(Index::new(&catalog));
        let session = Session::new(index, &catalog).with_chunk(chunk);
        (catalog, session)
    }

    fn finish(session: &mut Session, catalog: &Catalog) {
        while session.continue_search(catalog) {}
    }

    #[test]
    fn typing_narrows_and_backspace_restores() {
        let (catalog, mut s) = session(SEARCH_CHUNK);
        assert_eq!(s.hits().len(), catalog.datasets.len());
        let mut typed = String::new();
        for c in "chest ct".chars() {
            typed.push(c);
            s.set_query(&typed, &catalog);
        }
        let narrowed: Vec<Hit> = s.hits().to_vec();
        let fresh = {
            let (_, mut f) = session(SEARCH_CHUNK);
            f.set_query("chest ct", &catalog);
            f.hits().to_vec()
        };
        assert_eq!(narrowed, fresh, "incremental and fresh searches agree");
        s.set_query("chest", &catalog);
        let (_, mut f) = session(SEARCH_CHUNK);
        f.set_query("chest", &catalog);
        assert_eq!(s.hits(), f.hits());
    }

    #[test]
    fn sliced_searches_end_like_whole_ones() {
        let (catalog, mut whole) = session(SEARCH_CHUNK);
        let (_, mut sliced) = session(7);
        for query in ["c", "ch", "chest", "m:ct", "lung seg"] {
            whole.set_query(query, &catalog);
            sliced.set_query(query, &catalog);
            finish(&mut sliced, &catalog);
            assert_eq!(whole.hits(), sliced.hits(), "{query}");
            assert_eq!(sliced.progress(), None);
        }
    }

    #[test]
    fn the_best_match_is_known_in_any_sort_order() {
        let (catalog, mut s) = session(SEARCH_CHUNK);
        s.set_query("vqa rad", &catalog);
        let best = s.best();
        for order in SortOrder::ALL {
            s.set_sort(order, &catalog);
            assert_eq!(s.best(), best, "{order:?}");
        }
        // Narrowing while sorted by size still ranks by score.
        s.set_sort(SortOrder::Size, &catalog);
        s.set_query("vqa", &catalog);
        s.set_query("vqa rad", &catalog);
        assert_eq!(s.best(), best);
    }
}
