//! The category tree as rows: which categories are collapsed, which
//! datasets of each are shown (the hits, in display order), the rows that
//! result and which of them is selected. Plain data: the TUI's state owns
//! one and tells it what the search found.

use crate::catalog::Catalog;
use crate::search::Hit;

/// One line of the category tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Category(usize),
    Dataset { category: usize, dataset: usize },
}

impl Row {
    pub fn category(self) -> usize {
        match self {
            Row::Category(c) | Row::Dataset { category: c, .. } => c,
        }
    }

    pub fn dataset(self) -> Option<usize> {
        match self {
            Row::Category(_) => None,
            Row::Dataset { dataset, .. } => Some(dataset),
        }
    }
}

pub struct Outline {
    /// Category positions of each dataset.
    dataset_categories: Memberships,
    /// How many datasets each category has in all.
    category_sizes: Vec<usize>,
    /// Shown datasets of each category in display order. Rebuilt from the
    /// hits, which are already in that order, so no sorting per keystroke.
    visible: Vec<Vec<usize>>,
    collapsed: Vec<bool>,
    /// Whether the rows show a filter's hits (categories without any are
    /// left out) or the whole catalog.
    filtering: bool,
    /// The row of each category's heading; its datasets' rows follow
    /// unless it is collapsed. The rows themselves are never stored: a
    /// frame reads only the few it draws, so a search's slice costs
    /// O(categories) here rather than O(hits).
    starts: Vec<usize>,
    /// How many rows in all.
    row_count: usize,
    selected: usize,
    /// Whether the shown datasets are hits best first (`show_ranked`), so
    /// that a search's next slice can be merged into them.
    ranked: bool,
    /// The score of each shown dataset, by catalog position, while ranked.
    scores: Vec<u32>,
}

/// The rows of an outline, read on demand from its categories' members.
#[derive(Clone, Copy)]
pub struct Rows<'a> {
    outline: &'a Outline,
}

impl<'a> Rows<'a> {
    pub fn len(&self) -> usize {
        self.outline.row_count
    }

    pub fn is_empty(&self) -> bool {
        self.outline.row_count == 0
    }

    /// Row `row`, if there is one: its category found by binary search.
    pub fn get(&self, row: usize) -> Option<Row> {
        let outline = self.outline;
        if row >= outline.row_count {
            return None;
        }
        let category = outline.starts.partition_point(|&start| start <= row) - 1;
        let at = row - outline.starts[category];
        Some(match at {
            0 => Row::Category(category),
            _ => Row::Dataset {
                category,
                dataset: outline.visible[category][at - 1],
            },
        })
    }

    /// Every row from `first` on, in order: O(1) to reach, whatever
    /// `first` is.
    pub fn iter_from(&self, first: usize) -> impl Iterator<Item = Row> + 'a {
        let outline = self.outline;
        let (category, at) = if first >= outline.row_count {
            (outline.starts.len(), 0)
        } else {
            let category = outline.starts.partition_point(|&start| start <= first) - 1;
            (category, first - outline.starts[category])
        };
        (category..outline.starts.len()).flat_map(move |c| {
            // In the first category, `at` rows in: its heading is row 0.
            let skip = if c == category { at } else { 0 };
            let members: &'a [usize] = if outline.collapsed[c] {
                &[]
            } else {
                &outline.visible[c]
            };
            let heading = (skip == 0).then_some(Row::Category(c));
            heading
                .into_iter()
                .chain(
                    members[skip.saturating_sub(1)..]
                        .iter()
                        .map(move |&dataset| Row::Dataset {
                            category: c,
                            dataset,
                        }),
                )
        })
    }

    /// Every row, in order.
    pub fn iter(&self) -> impl Iterator<Item = Row> + 'a {
        self.iter_from(0)
    }

    /// Where `row` is, if shown.
    pub fn position(&self, row: Row) -> Option<usize> {
        let outline = self.outline;
        let start = *outline.starts.get(row.category())?;
        match row {
            Row::Category(_) => Some(start),
            Row::Dataset { category, dataset } => {
                if outline.collapsed[category] {
                    return None;
                }
                let at = outline.visible[category]
                    .iter()
                    .position(|&d| d == dataset)?;
                Some(start + 1 + at)
            }
        }
    }
}

/// Each dataset's categories (positions, in order, each once), end to end
/// in one list: at 100,000 datasets, one allocation instead of one each
/// (which made the browser's state take 30 ms to build).
struct Memberships {
    /// Where each dataset's categories end in `categories`.
    ends: Vec<usize>,
    categories: Vec<usize>,
}

impl Memberships {
    fn with_capacity(datasets: usize) -> Memberships {
        Memberships {
            ends: Vec::with_capacity(datasets),
            categories: Vec::with_capacity(datasets + datasets / 2),
        }
    }

    /// Adds the next dataset's categories; returns them, sorted, each once.
    fn push(&mut self, categories: impl Iterator<Item = usize>) -> &[usize] {
        let start = self.categories.len();
        self.categories.extend(categories);
        self.categories[start..].sort_unstable();
        let mut kept = start;
        for at in start..self.categories.len() {
            if kept == start || self.categories[kept - 1] != self.categories[at] {
                self.categories[kept] = self.categories[at];
                kept += 1;
            }
        }
        self.categories.truncate(kept);
        self.ends.push(kept);
        &self.categories[start..]
    }

    fn of(&self, dataset: usize) -> &[usize] {
        let start = dataset.checked_sub(1).map_or(0, |before| self.ends[before]);
        &self.categories[start..self.ends[dataset]]
    }

    fn len(&self) -> usize {
        self.ends.len()
    }
}

impl Outline {
    /// Every category expanded, nothing shown yet.
    pub fn new(catalog: &Catalog) -> Outline {
        // Looked up once per dataset and category: a fast hash, not SipHash
        // (category ids are the catalog's, not an attacker's keys).
        let position: rustc_hash::FxHashMap<&str, usize> = catalog
            .categories
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), i))
            .collect();
        let mut dataset_categories = Memberships::with_capacity(catalog.datasets.len());
        let mut category_sizes = vec![0; catalog.categories.len()];
        for d in &catalog.datasets {
            let at = dataset_categories.push(
                d.categories
                    .iter()
                    .filter_map(|id| position.get(id.as_ref()).copied()),
            );
            for &c in at {
                category_sizes[c] += 1;
            }
        }
        Outline {
            dataset_categories,
            category_sizes,
            visible: vec![Vec::new(); catalog.categories.len()],
            collapsed: vec![false; catalog.categories.len()],
            filtering: false,
            starts: Vec::new(),
            row_count: 0,
            selected: 0,
            ranked: false,
            scores: Vec::new(),
        }
    }

    /// Shows `datasets` (in display order) under their categories. While
    /// filtering, every category with a match unfolds, so no match hides.
    pub fn show(&mut self, datasets: impl Iterator<Item = usize>, filtering: bool) {
        self.ranked = false;
        self.visible.iter_mut().for_each(Vec::clear);
        for dataset in datasets {
            for &c in self.dataset_categories.of(dataset) {
                self.visible[c].push(dataset);
            }
        }
        self.filtering = filtering;
        if filtering {
            for (collapsed, visible) in self.collapsed.iter_mut().zip(&self.visible) {
                *collapsed &= visible.is_empty();
            }
        }
        self.rebuild_rows();
    }

    /// Shows `hits`, best first (ties in catalog order), like `show`; a
    /// search's later slices can then be merged in (`merge_ranked`).
    pub fn show_ranked(&mut self, hits: &[Hit], filtering: bool) {
        self.show(hits.iter().map(|h| h.dataset), filtering);
        self.scores.resize(self.dataset_categories.len(), 0);
        for hit in hits {
            self.scores[hit.dataset] = hit.score;
        }
        self.ranked = true;
    }

    /// Adds `added`, hits best first that are not shown yet, to the hits
    /// shown by `show_ranked`: each category's members are merged with the
    /// added ones in one pass, so the result is what `show_ranked` of all
    /// the hits would give, without placing the earlier hits again. False
    /// (and nothing done) when the shown datasets are not ranked hits.
    pub fn merge_ranked(&mut self, added: &[Hit]) -> bool {
        if !self.ranked {
            return false;
        }
        let mut new: Vec<Vec<usize>> = vec![Vec::new(); self.visible.len()];
        for hit in added {
            self.scores[hit.dataset] = hit.score;
            for &c in self.dataset_categories.of(hit.dataset) {
                new[c].push(hit.dataset);
            }
        }
        let scores = &self.scores;
        let before = |x: usize, y: usize| {
            (std::cmp::Reverse(scores[x]), x) <= (std::cmp::Reverse(scores[y]), y)
        };
        for (visible, new) in self.visible.iter_mut().zip(new) {
            if new.is_empty() {
                continue;
            }
            let old = std::mem::take(visible);
            let mut merged = Vec::with_capacity(old.len() + new.len());
            let (mut a, mut b) = (old.into_iter().peekable(), new.into_iter().peekable());
            while let (Some(&x), Some(&y)) = (a.peek(), b.peek()) {
                let next = if before(x, y) { a.next() } else { b.next() };
                merged.extend(next);
            }
            merged.extend(a);
            merged.extend(b);
            *visible = merged;
        }
        if self.filtering {
            for (collapsed, visible) in self.collapsed.iter_mut().zip(&self.visible) {
                *collapsed &= visible.is_empty();
            }
        }
        self.rebuild_rows();
        true
    }

    /// Folds every category but the first that has datasets: the first
    /// screen shows the shape of the whole catalog and one category's
    /// datasets.
    pub fn fold_all_but_the_first(&mut self) {
        let open = self.visible.iter().position(|v| !v.is_empty()).unwrap_or(0);
        for (category, collapsed) in self.collapsed.iter_mut().enumerate() {
            *collapsed = category != open;
        }
        self.rebuild_rows();
    }

    /// Where each category's rows start: O(categories), whatever is shown.
    fn rebuild_rows(&mut self) {
        self.starts.clear();
        let mut row = 0;
        for (category, visible) in self.visible.iter().enumerate() {
            // A category with no match stays, as "(0/n)": the shape of the
            // catalog does not jump about while typing.
            self.starts.push(row);
            row += 1;
            if !self.collapsed[category] {
                row += visible.len();
            }
        }
        self.row_count = row;
        self.selected = self.selected.min(self.row_count.saturating_sub(1));
    }

    pub fn rows(&self) -> Rows<'_> {
        Rows { outline: self }
    }

    pub fn selected(&self) -> usize {
        self.selected
    }

    pub fn selected_row(&self) -> Option<Row> {
        self.rows().get(self.selected)
    }

    /// Selects row `row` (clamped); true when the selection changed.
    pub fn select(&mut self, row: usize) -> bool {
        let row = row.min(self.row_count.saturating_sub(1));
        let changed = row != self.selected;
        self.selected = row;
        changed
    }

    /// The row of `dataset` (its first open category), if shown. Found
    /// from where its categories start rather than by scanning the rows:
    /// the best match, looked up after every slice of a search, comes first
    /// in its category, wherever that category is.
    pub fn row_of(&self, dataset: usize) -> Option<usize> {
        if dataset >= self.dataset_categories.len() {
            return None;
        }
        let categories = self.dataset_categories.of(dataset);
        categories.iter().find_map(|&category| {
            if self.collapsed[category] {
                return None;
            }
            let at = self.visible[category].iter().position(|&d| d == dataset)?;
            Some(self.starts[category] + 1 + at)
        })
    }

    /// The first dataset row.
    pub fn first_dataset_row(&self) -> Option<usize> {
        (0..self.visible.len())
            .find(|&c| !self.collapsed[c] && !self.visible[c].is_empty())
            .map(|c| self.starts[c] + 1)
    }

    /// Selects `row` again after the rows changed, or its category, or the top.
    pub fn reselect(&mut self, row: Option<Row>) {
        let Some(row) = row else { return };
        let rows = self.rows();
        self.selected = rows
            .position(row)
            .or_else(|| rows.position(Row::Category(row.category())))
            .unwrap_or(0);
    }

    pub fn is_collapsed(&self, category: usize) -> bool {
        self.collapsed.get(category).copied().unwrap_or(false)
    }

    /// Collapses or expands a category, keeping the selection on its row.
    pub fn set_collapsed(&mut self, category: usize, collapsed: bool) {
        if self.collapsed[category] == collapsed {
            return;
        }
        let row = self.selected_row();
        self.collapsed[category] = collapsed;
        self.rebuild_rows();
        self.reselect(row);
    }

    /// (shown, total) members of a category.
    pub fn category_counts(&self, category: usize) -> (usize, usize) {
        (self.visible[category].len(), self.category_sizes[category])
    }

    /// Shown members of a category in display order.
    pub fn members(&self, category: usize) -> &[usize] {
        &self.visible[category]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memberships_keep_each_datasets_categories_sorted_and_once() {
        let mut m = Memberships::with_capacity(0);
        assert_eq!(m.push([3, 1, 3, 0, 1].into_iter()), [0, 1, 3]);
        assert_eq!(m.push(std::iter::empty()), [] as [usize; 0]);
        assert_eq!(m.push([2, 2].into_iter()), [2]);
        assert_eq!(m.len(), 3);
        assert_eq!(
            (m.of(0), m.of(1), m.of(2)),
            (&[0, 1, 3][..], &[][..], &[2][..])
        );
    }

    #[test]
    fn rows_follow_what_is_shown_and_what_is_collapsed() {
        let catalog = Catalog::embedded();
        let mut outline = Outline::new(&catalog);
        outline.show(0..catalog.datasets.len(), false);
        assert_eq!(
            outline.rows().len(),
            catalog.categories.len() + catalog.membership_count()
        );
        outline.set_collapsed(0, true);
        assert_eq!(outline.rows().get(1).unwrap(), Row::Category(1));
        // A filter unfolds the categories with a hit; the others stay, empty.
        outline.show(std::iter::once(0), true);
        assert_eq!(outline.rows().len(), catalog.categories.len() + 1);
        assert_eq!(
            outline.rows().get(1).unwrap(),
            Row::Dataset {
                category: 0,
                dataset: 0
            }
        );
        assert_eq!(outline.category_counts(0), (1, 14));
        assert_eq!(outline.category_counts(1), (0, 21));
        outline.set_collapsed(0, true);
        assert_eq!(outline.rows().len(), catalog.categories.len());
    }

    #[test]
    fn the_row_of_a_dataset_is_its_first_shown_row() {
        let catalog = Catalog::embedded();
        let mut outline = Outline::new(&catalog);
        let scan = |outline: &Outline, d: usize| {
            outline.rows().iter().position(|r| r.dataset() == Some(d))
        };
        // Every dataset, then every other one in reverse, with categories
        // collapsed on the way (datasets in several categories included).
        let every: Vec<usize> = (0..catalog.datasets.len()).collect();
        let some: Vec<usize> = every.iter().rev().step_by(2).copied().collect();
        for (shown, filtering) in [(&every, false), (&some, true)] {
            outline.show(shown.iter().copied(), filtering);
            for collapse in 0..3 {
                for d in 0..catalog.datasets.len() {
                    assert_eq!(outline.row_of(d), scan(&outline, d), "{d}");
                }
                outline.set_collapsed(collapse, true);
            }
        }
    }

    /// The rows as they used to be stored: every category's heading, then
    /// its shown datasets unless it is collapsed.
    fn materialized(outline: &Outline) -> Vec<Row> {
        let mut rows = Vec::new();
        for (category, visible) in outline.visible.iter().enumerate() {
            rows.push(Row::Category(category));
            if !outline.collapsed[category] {
                rows.extend(
                    visible
                        .iter()
                        .map(|&dataset| Row::Dataset { category, dataset }),
                );
            }
        }
        rows
    }

    #[test]
    fn rows_read_on_demand_equal_the_rows_built_in_full() {
        let catalog = Catalog::embedded();
        let mut outline = Outline::new(&catalog);
        let every: Vec<usize> = (0..catalog.datasets.len()).collect();
        let some: Vec<usize> = every.iter().rev().step_by(3).copied().collect();
        let none: Vec<usize> = Vec::new();
        for (shown, filtering) in [(&every, false), (&some, true), (&none, true)] {
            outline.show(shown.iter().copied(), filtering);
            for collapse in [None, Some(0), Some(2), Some(4), Some(1)] {
                if let Some(c) = collapse {
                    outline.set_collapsed(c, true);
                }
                let full = materialized(&outline);
                let rows = outline.rows();
                assert_eq!(rows.len(), full.len());
                assert_eq!(rows.iter().collect::<Vec<_>>(), full);
                for (i, &row) in full.iter().enumerate() {
                    assert_eq!(rows.get(i), Some(row), "{i}");
                    assert_eq!(rows.position(row), Some(i), "{row:?}");
                    assert_eq!(rows.iter_from(i).collect::<Vec<_>>(), full[i..], "{i}");
                }
                assert_eq!(rows.get(full.len()), None);
                assert_eq!(rows.iter_from(full.len() + 3).count(), 0);
                assert_eq!(
                    outline.first_dataset_row(),
                    full.iter().position(|r| r.dataset().is_some())
                );
            }
            for c in 0..catalog.categories.len() {
                outline.set_collapsed(c, false);
            }
        }
    }

    proptest::proptest! {
        /// A search's slices merged in one by one leave the outline as
        /// showing all their hits at once would: members, folding, rows.
        #[test]
        fn merged_slices_equal_the_hits_shown_at_once(
            scores in proptest::collection::vec(proptest::option::of(0u32..6), 40),
            cuts in proptest::collection::vec(0usize..40, 0..4),
            collapsed in proptest::collection::vec(proptest::bool::ANY, 5),
        ) {
            let catalog = Catalog::embedded();
            let hits: Vec<Hit> = scores
                .iter()
                .enumerate()
                .filter_map(|(dataset, score)| score.map(|score| Hit { dataset, score, settled: 0 }))
                .collect();
            let best_first = |mut hits: Vec<Hit>| {
                hits.sort_by(|a, b| b.score.cmp(&a.score).then(a.dataset.cmp(&b.dataset)));
                hits
            };
            // Slices of the catalog, each searched best first.
            let mut cuts: Vec<usize> = cuts.into_iter().chain([0, 40]).collect();
            cuts.sort_unstable();
            let slices: Vec<Vec<Hit>> = cuts
                .windows(2)
                .map(|w| best_first(hits.iter().filter(|h| (w[0]..w[1]).contains(&h.dataset)).copied().collect()))
                .collect();
            let fold = |outline: &mut Outline| {
                for (c, &fold) in collapsed.iter().enumerate() {
                    outline.set_collapsed(c, fold);
                }
            };
            let mut merged = Outline::new(&catalog);
            fold(&mut merged);
            merged.show_ranked(&slices[0], true);
            let mut found = slices[0].clone();
            for slice in &slices[1..] {
                proptest::prop_assert!(merged.merge_ranked(slice));
                found = best_first([found, slice.clone()].concat());
                let mut whole = Outline::new(&catalog);
                fold(&mut whole);
                whole.show_ranked(&found, true);
                proptest::prop_assert_eq!(&merged.visible, &whole.visible);
                proptest::prop_assert_eq!(&merged.collapsed, &whole.collapsed);
                proptest::prop_assert_eq!(merged.rows().iter().collect::<Vec<_>>(), materialized(&whole));
            }
            // Shown without scores, nothing can be merged.
            merged.show(0..3, true);
            proptest::prop_assert!(!merged.merge_ranked(&slices[0]));
        }
    }
}
