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

use super::index::{Hit, SharedIndex, new_matcher};
use super::order::{SortOrder, sort_hits};
use super::query::{Extension, Query};

/// A search over more candidates than this is done in slices of this many:
/// about 4 ms of matching each on a quiet 2-core machine. Two of the
/// index's parallel chunks, so both cores get an equal share. Slices
/// are merged in one pass (`merge_by_score`), so small ones stay cheap.
pub const SEARCH_CHUNK: usize = 8_192;

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
    /// Shared with the thread that builds it (and adds its summary
    /// filters) after start-up; a search waits for it if it must.
    index: Arc<SharedIndex>,
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
    /// The hits the last slice of a search added to those shown, when the
    /// shown ones are best first: the rest of the list is as before.
    added: Option<Vec<Hit>>,
}

impl Session {
    /// A session showing every dataset of `catalog`, indexed by `index`.
    pub fn new(index: Arc<SharedIndex>, catalog: &Catalog) -> Session {
        let mut session = Session {
            index,
            matcher: RefCell::new(new_matcher()),
            query: Query::parse(""),
            hits: Vec::new(),
            sort: SortOrder::Relevance,
            history: Vec::new(),
            pending: None,
            chunk: SEARCH_CHUNK,
            added: None,
        };
        session.refilter(None, catalog);
        session
    }

    /// Search in slices of `chunk` candidates (tests use small ones).
    pub fn with_chunk(mut self, chunk: usize) -> Session {
        self.chunk = chunk.max(1);
        self
    }

    pub fn index(&self) -> &Arc<SharedIndex> {
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

    /// What the last `continue_search` added to the hits, best first, when
    /// they are shown best first (relevance order): the hits are the ones
    /// before it and these, merged. `None` after any other change.
    pub fn added(&self) -> Option<&[Hit]> {
        self.added.as_deref()
    }

    /// (searched, total) candidates while a search is still running in slices.
    pub fn progress(&self) -> Option<(usize, usize)> {
        self.pending
            .as_ref()
            .map(|p| (p.next, p.work.len(self.index.len())))
    }

    /// Whether the search under way waits for the search text, which
    /// another thread is building: `continue_search` would block until it
    /// is there.
    pub fn waits_for_index(&self) -> bool {
        self.pending.is_some() && self.index.is_coming()
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
        self.added = None;
        self.sort = sort;
        // The hits may be in another order: sorted, not assumed best first.
        sort_hits(&mut self.hits, sort, catalog);
    }

    /// Character positions of the query's match in a dataset's name.
    pub fn name_highlights(&self, dataset: usize) -> Vec<usize> {
        // None while the search waits for the search text: the rows drawn
        // then are the ones from before the query.
        if self.query.is_empty() || self.index.is_coming() {
            return Vec::new();
        }
        self.index
            .get()
            .name_highlights(dataset, &self.query, &mut self.matcher.borrow_mut())
    }

    /// The next slice of an unfinished search: its hits join those shown.
    /// False when nothing was pending.
    pub fn continue_search(&mut self, catalog: &Catalog) -> bool {
        let Some(mut pending) = self.pending.take() else {
            return false;
        };
        let total = pending.work.len(self.index.len());
        // Later slices are twice the first: a key that arrives during one
        // waits for it and then gets its own first slice, three chunks of
        // matching in all (about 12 ms), still within a frame; and a
        // search over the whole catalog draws half as many partial frames.
        let end = (pending.next + 2 * self.chunk).min(total);
        let more = self.run_slice(&pending.work, pending.next..end);
        // A first slice (a search that waited for the search text) replaces
        // rows shown before it rather than adding to them.
        self.added = (self.sort == SortOrder::Relevance && pending.next > 0).then(|| more.clone());
        // Both runs are best first: one linear merge, no sorting again.
        pending.found = merge_by_score(std::mem::take(&mut pending.found), more);
        pending.next = end;
        self.show_found(&pending.found, catalog);
        if end >= total {
            self.remember(pending.found);
        } else {
            self.pending = Some(pending);
        }
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
        // Best first is relevance order already.
        if self.sort != SortOrder::Relevance {
            sort_hits(&mut hits, self.sort, catalog);
        }
        self.hits = hits;
    }

    /// Shows a copy of `found` (best first), reusing the shown list's memory.
    fn show_found(&mut self, found: &[Hit], catalog: &Catalog) {
        let mut hits = std::mem::take(&mut self.hits);
        hits.clear();
        hits.extend_from_slice(found);
        self.show(hits, catalog);
    }

    fn refilter(&mut self, previous: Option<&Query>, catalog: &Catalog) {
        self.added = None;
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
        if !self.query.is_empty() && self.index.is_coming() {
            // Just after start-up the search text is still being built: the
            // key is answered now (the rows stay as they were, the search
            // shows as under way) and the search runs once the text is
            // there (`continue_search`, which waits for it).
            self.pending = Some(Pending {
                work: self.narrowable_prefix().unwrap_or(Work::All),
                next: 0,
                found: Vec::new(),
            });
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
            _ => self.narrowable_prefix().unwrap_or(Work::All),
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
        self.show_found(&hits, catalog);
        if end < total {
            self.pending = Some(Pending {
                work,
                next: end,
                found: hits,
            });
        } else {
            self.remember(hits);
        }
    }

    /// When the query cannot build on the previous one (a word became a
    /// vocabulary word: `chest c` → `chest ct`), the results of an earlier
    /// prefix it does narrow (`chest `), the longest such: exact for the
    /// same reasons as narrowing the previous query, and far fewer
    /// candidates than the whole catalog. Every remembered query is a
    /// prefix of this one and was searched to the end.
    fn narrowable_prefix(&self) -> Option<Work> {
        let mut remembered: Vec<&(String, Vec<Hit>)> = self.history.iter().collect();
        remembered.sort_by_key(|(typed, _)| std::cmp::Reverse(typed.len()));
        remembered.into_iter().find_map(|(typed, hits)| {
            let before = Query::parse(typed);
            if let Some(extension) = self.query.extends(&before) {
                Some(Work::Extend(hits.clone(), extension))
            } else if self.query.narrows(&before) {
                Some(Work::Among(hits.iter().map(|h| h.dataset).collect()))
            } else {
                None
            }
        })
    }

    /// Searches part of `work`: candidates `range` of it.
    fn run_slice(&self, work: &Work, range: std::ops::Range<usize>) -> Vec<Hit> {
        if self.query.is_empty() && matches!(work, Work::All) {
            // Every dataset, in catalog order: no search text needed, so
            // the first frame never waits for the index.
            return range
                .map(|dataset| Hit {
                    dataset,
                    score: 0,
                    settled: 0,
                })
                .collect();
        }
        let index = self.index.get();
        let mut matcher = self.matcher.borrow_mut();
        match work {
            Work::All if range.len() == index.len() => index.search(&self.query, &mut matcher),
            Work::All => index.search_among(&self.query, range, &mut matcher),
            Work::Among(candidates) => {
                index.search_among(&self.query, candidates[range].iter().copied(), &mut matcher)
            }
            Work::Extend(base, extension) => {
                index.extend(&self.query, &base[range], *extension, &mut matcher)
            }
        }
    }
}

/// Two lists of hits, each best first (ties in catalog order), as one list
/// in that order: what sorting them together gives, in one pass.
fn merge_by_score(a: Vec<Hit>, b: Vec<Hit>) -> Vec<Hit> {
    if b.is_empty() {
        return a;
    }
    if a.is_empty() {
        return b;
    }
    let before = |x: &Hit, y: &Hit| {
        (std::cmp::Reverse(x.score), x.dataset) <= (std::cmp::Reverse(y.score), y.dataset)
    };
    let mut merged = Vec::with_capacity(a.len() + b.len());
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    while let (Some(x), Some(y)) = (a.peek(), b.peek()) {
        let next = if before(x, y) { a.next() } else { b.next() };
        merged.extend(next);
    }
    merged.extend(a);
    merged.extend(b);
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(chunk: usize) -> (Catalog, Session) {
        let catalog = Catalog::embedded();
        let index = Arc::new(SharedIndex::new(Arc::new(catalog.clone())));
        let session = Session::new(index, &catalog).with_chunk(chunk);
        (catalog, session)
    }

    fn finish(session: &mut Session, catalog: &Catalog) {
        while session.continue_search(catalog) {}
    }

    #[test]
    fn a_key_before_the_search_text_is_answered_at_once_and_searched_later() {
        let catalog = Catalog::embedded();
        let index = Arc::new(SharedIndex::new(Arc::new(catalog.clone())));
        let mut session = Session::new(Arc::clone(&index), &catalog);
        index.handed_over();
        assert!(session.set_query("chest ct", &catalog));
        assert!(!index.is_built(), "the key did not build it");
        assert!(session.waits_for_index());
        assert_eq!(session.progress(), Some((0, catalog.datasets.len())));
        assert_eq!(
            session.hits().len(),
            catalog.datasets.len(),
            "rows as they were"
        );
        // Another key meanwhile is answered the same way.
        assert!(session.set_query("chest c", &catalog));
        assert!(session.waits_for_index());
        index.get(); // as the background thread does
        assert!(!session.waits_for_index());
        finish(&mut session, &catalog);
        let (_, mut eager) = self::session(SEARCH_CHUNK);
        eager.set_query("chest c", &catalog);
        finish(&mut eager, &catalog);
        assert_eq!(session.hits(), eager.hits());
        assert!(session.hits().len() < catalog.datasets.len());
    }

    fn best_first(mut hits: Vec<Hit>) -> Vec<Hit> {
        hits.sort_by(|a, b| b.score.cmp(&a.score).then(a.dataset.cmp(&b.dataset)));
        hits
    }

    proptest::proptest! {
        /// Merging the sorted hits of slices gives what sorting them all
        /// together gives (scores tie often: few distinct values).
        #[test]
        fn merging_sorted_slices_equals_sorting_the_whole(
            scores in proptest::collection::vec(0u32..8, 0..200),
            cut in 0usize..200,
        ) {
            let hits: Vec<Hit> = scores
                .iter()
                .enumerate()
                .map(|(dataset, &score)| Hit { dataset, score, settled: 0 })
                .collect();
            let cut = cut.min(hits.len());
            let (first, second) = hits.split_at(cut);
            let merged = merge_by_score(best_first(first.to_vec()), best_first(second.to_vec()));
            proptest::prop_assert_eq!(merged, best_first(hits.clone()));
        }
    }

    #[test]
    fn merging_keeps_ties_in_catalog_order_whichever_slice_they_came_from() {
        let hit = |dataset, score| Hit {
            dataset,
            score,
            settled: 0,
        };
        // Slices need not be contiguous in the catalog (narrowed searches).
        let a = vec![hit(3, 9), hit(1, 5), hit(7, 5)];
        let b = vec![hit(2, 9), hit(0, 5), hit(4, 1)];
        assert_eq!(
            merge_by_score(a.clone(), b.clone()),
            best_first([a, b].concat())
        );
    }

    #[test]
    fn sliced_searches_end_like_whole_ones_in_every_sort_order() {
        let (catalog, mut whole) = session(SEARCH_CHUNK);
        let (_, mut sliced) = session(3);
        for order in SortOrder::ALL {
            whole.set_sort(order, &catalog);
            sliced.set_sort(order, &catalog);
            for query in [
                "", "c", "ch", "chest", "chest ct", "ct", "m:ct", "lung seg", "lung",
            ] {
                whole.set_query(query, &catalog);
                sliced.set_query(query, &catalog);
                finish(&mut sliced, &catalog);
                assert_eq!(whole.hits(), sliced.hits(), "{query} {order:?}");
            }
        }
    }

    #[test]
    fn a_word_that_becomes_a_vocabulary_word_narrows_an_earlier_prefix() {
        let (catalog, mut s) = session(1);
        let mut typed = String::new();
        for c in "chest c".chars() {
            typed.push(c);
            s.set_query(&typed, &catalog);
            finish(&mut s, &catalog);
        }
        let chest = s
            .history
            .iter()
            .find(|(t, _)| t == "chest ")
            .map(|(_, h)| h.len());
        // `ct` is a vocabulary word: `chest c`'s hits cannot be narrowed,
        // `chest `'s can, and only they are searched.
        s.set_query("chest ct", &catalog);
        assert_eq!(s.progress().map(|(_, total)| total), chest);
        assert!(chest.unwrap() < catalog.datasets.len());
        finish(&mut s, &catalog);
        let (_, mut fresh) = session(SEARCH_CHUNK);
        fresh.set_query("chest ct", &catalog);
        assert_eq!(s.hits(), fresh.hits());
    }

    #[test]
    fn typing_word_by_word_ends_like_a_fresh_search() {
        for query in [
            "chest ct",
            "brain mri",
            "lung ct seg",
            "vqa rad",
            "m:ct ct",
            "ct chest",
        ] {
            let (catalog, mut s) = session(5);
            let mut typed = String::new();
            for c in query.chars() {
                typed.push(c);
                s.set_query(&typed, &catalog);
                finish(&mut s, &catalog);
            }
            let (_, mut fresh) = session(SEARCH_CHUNK);
            fresh.set_query(query, &catalog);
            assert_eq!(s.hits(), fresh.hits(), "{query}");
        }
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
    fn a_slice_reports_what_it_added_to_the_hits_in_relevance_order() {
        let (catalog, mut s) = session(4);
        s.set_query("c", &catalog);
        assert_eq!(s.added(), None, "a new query replaces the hits");
        let mut before = s.hits().to_vec();
        while s.continue_search(&catalog) {
            let added = s.added().expect("relevance order").to_vec();
            assert!(added.iter().all(|h| !before.contains(h)));
            assert_eq!(merge_by_score(before, added), s.hits());
            before = s.hits().to_vec();
        }
        s.set_query("ch", &catalog);
        s.set_sort(SortOrder::Size, &catalog);
        assert_eq!(s.added(), None);
        s.set_query("c", &catalog);
        s.set_query("l", &catalog);
        assert!(s.continue_search(&catalog));
        assert_eq!(s.added(), None, "sorted by size, the hits are re-sorted");
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
