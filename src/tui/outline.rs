//! The category tree as rows: which categories are collapsed, which
//! datasets of each are shown (the hits, in display order), the rows that
//! result and which of them is selected. Plain data: the TUI's state owns
//! one and tells it what the search found.

use crate::catalog::Catalog;

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
    dataset_categories: Vec<Vec<usize>>,
    /// How many datasets each category has in all.
    category_sizes: Vec<usize>,
    /// Shown datasets of each category in display order. Rebuilt from the
    /// hits, which are already in that order, so no sorting per keystroke.
    visible: Vec<Vec<usize>>,
    collapsed: Vec<bool>,
    /// Whether the rows show a filter's hits (categories without any are
    /// left out) or the whole catalog.
    filtering: bool,
    rows: Vec<Row>,
    selected: usize,
}

impl Outline {
    /// Every category expanded, nothing shown yet.
    pub fn new(catalog: &Catalog) -> Outline {
        let position: std::collections::HashMap<&str, usize> = catalog
            .categories
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), i))
            .collect();
        let dataset_categories: Vec<Vec<usize>> = catalog
            .datasets
            .iter()
            .map(|d| {
                let mut at: Vec<usize> = d
                    .categories
                    .iter()
                    .filter_map(|id| position.get(id.as_str()).copied())
                    .collect();
                at.sort_unstable();
                at.dedup();
                at
            })
            .collect();
        let mut category_sizes = vec![0; catalog.categories.len()];
        for categories in &dataset_categories {
            for &c in categories {
                category_sizes[c] += 1;
            }
        }
        Outline {
            dataset_categories,
            category_sizes,
            visible: vec![Vec::new(); catalog.categories.len()],
            collapsed: vec![false; catalog.categories.len()],
            filtering: false,
            rows: Vec::new(),
            selected: 0,
        }
    }

    /// Shows `datasets` (in display order) under their categories. While
    /// filtering, every category with a match unfolds, so no match hides.
    pub fn show(&mut self, datasets: impl Iterator<Item = usize>, filtering: bool) {
        self.visible.iter_mut().for_each(Vec::clear);
        for dataset in datasets {
            for &c in &self.dataset_categories[dataset] {
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

    fn rebuild_rows(&mut self) {
        let mut rows = Vec::new();
        for (category, visible) in self.visible.iter().enumerate() {
            // A category with no match stays, as "(0/n)": the shape of the
            // catalog does not jump about while typing.
            rows.push(Row::Category(category));
            if !self.collapsed[category] {
                rows.extend(
                    visible
                        .iter()
                        .map(|&dataset| Row::Dataset { category, dataset }),
                );
            }
        }
        self.rows = rows;
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
    }

    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    pub fn selected(&self) -> usize {
        self.selected
    }

    pub fn selected_row(&self) -> Option<Row> {
        self.rows.get(self.selected).copied()
    }

    /// Selects row `row` (clamped); true when the selection changed.
    pub fn select(&mut self, row: usize) -> bool {
        let row = row.min(self.rows.len().saturating_sub(1));
        let changed = row != self.selected;
        self.selected = row;
        changed
    }

    /// The row of `dataset` (its first open category), if shown. Counted
    /// from the categories' sizes rather than by scanning the rows: the
    /// best match, looked up after every slice of a search, comes first in
    /// its category, wherever that category is.
    pub fn row_of(&self, dataset: usize) -> Option<usize> {
        let categories = self.dataset_categories.get(dataset)?;
        let mut row = 0;
        for (category, visible) in self.visible.iter().enumerate() {
            row += 1;
            if self.collapsed[category] {
                continue;
            }
            if categories.binary_search(&category).is_ok()
                && let Some(at) = visible.iter().position(|&d| d == dataset)
            {
                return Some(row + at);
            }
            row += visible.len();
        }
        None
    }

    /// The first dataset row.
    pub fn first_dataset_row(&self) -> Option<usize> {
        self.rows.iter().position(|r| r.dataset().is_some())
    }

    /// Selects `row` again after the rows changed, or its category, or the top.
    pub fn reselect(&mut self, row: Option<Row>) {
        let Some(row) = row else { return };
        self.selected = self
            .rows
            .iter()
            .position(|r| *r == row)
            .or_else(|| {
                self.rows
                    .iter()
                    .position(|r| *r == Row::Category(row.category()))
            })
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
    fn rows_follow_what_is_shown_and_what_is_collapsed() {
        let catalog = Catalog::embedded();
        let mut outline = Outline::new(&catalog);
        outline.show(0..catalog.datasets.len(), false);
        assert_eq!(
            outline.rows().len(),
            catalog.categories.len() + catalog.membership_count()
        );
        outline.set_collapsed(0, true);
        assert_eq!(outline.rows()[1], Row::Category(1));
        // A filter unfolds the categories with a hit; the others stay, empty.
        outline.show(std::iter::once(0), true);
        assert_eq!(outline.rows().len(), catalog.categories.len() + 1);
        assert_eq!(
            outline.rows()[1],
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
}
