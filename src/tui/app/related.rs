//! Following the lineage between datasets: `]` to a related one (the
//! next on each press), `[` back.

use super::App;
use crate::sanitize;
use crate::tui::action::Focus;
use crate::tui::outline::Row;

impl App {
    pub(super) fn selected_dataset_index(&self) -> Option<usize> {
        self.selected_row().and_then(Row::dataset)
    }

    pub(super) fn follow_related(&mut self) {
        let Some(from) = self.selected_dataset_index() else {
            self.status = Some("Select a dataset to follow its related ones".into());
            return;
        };
        let related = &self.catalog.datasets[from].related;
        if related.is_empty() {
            self.status = Some("No related datasets".into());
            return;
        }
        let n = self.next_related.get(&from).copied().unwrap_or(0) % related.len();
        let relation = &related[n];
        let Some(to) = self
            .catalog
            .datasets
            .iter()
            .position(|d| d.id == relation.id)
        else {
            return;
        };
        let kind = relation.relation;
        self.next_related.insert(from, n + 1);
        self.came_from.push(from);
        self.reveal(to);
        let of = related_len_text(n, self.catalog.datasets[from].related.len());
        self.status = Some(format!(
            "{} {} {}{of}; [ goes back",
            sanitize::line(&self.catalog.datasets[from].name),
            crate::describe::relation_label(kind, self.lang),
            sanitize::line(&self.catalog.datasets[to].name),
        ));
    }

    pub(super) fn jump_back(&mut self) {
        match self.came_from.pop() {
            Some(dataset) => {
                self.reveal(dataset);
                self.status = Some(format!(
                    "Back to {}",
                    sanitize::line(&self.catalog.datasets[dataset].name)
                ));
            }
            None => self.status = Some("Nothing to go back to".into()),
        }
    }

    /// Selects `dataset` in the tree: clears a filter that hides it and
    /// unfolds its category when needed.
    pub(super) fn reveal(&mut self, dataset: usize) {
        if self.outline.row_of(dataset).is_none() && !self.query().is_empty() {
            self.edit_query(String::clear);
            self.typing = false;
        }
        if self.outline.row_of(dataset).is_none() {
            let first = self.catalog.datasets[dataset]
                .categories
                .first()
                .and_then(|id| self.catalog.categories.iter().position(|c| &c.id == id));
            if let Some(category) = first {
                self.outline.set_collapsed(category, false);
            }
        }
        if let Some(row) = self.outline.row_of(dataset) {
            self.select(row);
            self.focus = Focus::Tree;
        }
    }
}

/// `(2 of 10)` when a dataset has several related ones, else nothing.
fn related_len_text(n: usize, len: usize) -> String {
    if len > 1 {
        format!(" ({} of {len})", n + 1)
    } else {
        String::new()
    }
}
