//! The facet picker behind `f`: every facet with its values and live counts,
//! like a hub's filter sidebar. It edits a draft of the query text, so the
//! query stays the single source of truth: what the picker builds can be
//! read, copied and typed by hand next time.

use crate::catalog::Catalog;
use crate::search::{self as facets, FacetKey};
use crate::search::{Index, Query};

/// One line of the picker: a facet's heading or one of its values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickerRow {
    Heading(FacetKey),
    Value {
        key: FacetKey,
        value: String,
        /// Datasets the draft query would find that have this value.
        count: usize,
        selected: bool,
    },
}

#[derive(Debug, Clone)]
pub struct Picker {
    draft: String,
    rows: Vec<PickerRow>,
    cursor: usize,
}

impl Picker {
    pub fn open(query: &str, catalog: &Catalog, index: &Index) -> Picker {
        let mut picker = Picker {
            draft: query.to_string(),
            rows: Vec::new(),
            cursor: 0,
        };
        picker.recount(catalog, index);
        picker.cursor = picker.first_value_from(0, 1).unwrap_or(0);
        picker
    }

    pub fn draft(&self) -> &str {
        &self.draft
    }

    pub fn rows(&self) -> &[PickerRow] {
        &self.rows
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// Moves the cursor by `delta` values, skipping headings.
    pub fn move_by(&mut self, delta: isize) {
        let step = delta.signum();
        for _ in 0..delta.unsigned_abs() {
            let next = self
                .cursor
                .checked_add_signed(step)
                .and_then(|start| self.first_value_from(start, step));
            match next {
                Some(next) => self.cursor = next,
                None => break,
            }
        }
    }

    pub fn jump_to_end(&mut self, end: bool) {
        let found = if end {
            self.first_value_from(self.rows.len().saturating_sub(1), -1)
        } else {
            self.first_value_from(0, 1)
        };
        if let Some(row) = found {
            self.cursor = row;
        }
    }

    /// Space: adds or removes the value under the cursor in the draft.
    pub fn toggle(&mut self, catalog: &Catalog, index: &Index) {
        if let Some(PickerRow::Value { key, value, .. }) = self.rows.get(self.cursor) {
            self.draft = facets::toggle_facet_value(&self.draft, *key, value);
            self.recount(catalog, index);
        }
    }

    fn first_value_from(&self, start: usize, step: isize) -> Option<usize> {
        let mut at = start;
        loop {
            if matches!(self.rows.get(at), Some(PickerRow::Value { .. })) {
                return Some(at);
            }
            at = at.checked_add_signed(step)?;
            if at >= self.rows.len() {
                return None;
            }
        }
    }

    fn recount(&mut self, catalog: &Catalog, index: &Index) {
        let query = Query::parse(&self.draft);
        let mut matcher = crate::search::new_matcher();
        let hits = index.search(&query, &mut matcher);
        let mut rows = Vec::new();
        for (key, values) in facets::facet_values(catalog, hits.iter().map(|h| h.dataset)) {
            rows.push(PickerRow::Heading(key));
            for (value, count) in values {
                let selected = facets::is_facet_value_selected(&self.draft, key, &value);
                rows.push(PickerRow::Value {
                    key,
                    value,
                    count,
                    selected,
                });
            }
        }
        self.rows = rows;
        self.cursor = self.cursor.min(self.rows.len().saturating_sub(1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup() -> (Catalog, Index) {
        let catalog = Catalog::embedded();
        let index = Index::new(&catalog);
        (catalog, index)
    }

    fn value_at(picker: &Picker) -> (FacetKey, String, usize, bool) {
        match &picker.rows()[picker.cursor()] {
            PickerRow::Value {
                key,
                value,
                count,
                selected,
            } => (*key, value.clone(), *count, *selected),
            PickerRow::Heading(_) => panic!("cursor on a heading"),
        }
    }

    #[test]
    fn opens_on_the_first_value_with_counts() {
        let (catalog, index) = setup();
        let picker = Picker::open("", &catalog, &index);
        assert_eq!(picker.rows()[0], PickerRow::Heading(FacetKey::ALL[0]));
        let (_, _, count, selected) = value_at(&picker);
        assert!(count > 0);
        assert!(!selected);
    }

    #[test]
    fn toggling_edits_the_draft_and_recounts() {
        let (catalog, index) = setup();
        let mut picker = Picker::open("chest", &catalog, &index);
        let (key, value, _, _) = value_at(&picker);
        picker.toggle(&catalog, &index);
        assert_ne!(picker.draft(), "chest");
        assert!(picker.draft().starts_with("chest "));
        let (k2, v2, _, selected) = value_at(&picker);
        assert_eq!((k2, v2.clone()), (key, value));
        assert!(selected);
        picker.toggle(&catalog, &index);
        assert_eq!(picker.draft(), "chest");
        let _ = v2;
    }

    #[test]
    fn the_cursor_skips_headings_and_stays_in_bounds() {
        let (catalog, index) = setup();
        let mut picker = Picker::open("", &catalog, &index);
        picker.move_by(-5);
        let first = picker.cursor();
        picker.move_by(10_000);
        let last = picker.cursor();
        assert!(last > first);
        assert!(matches!(picker.rows()[last], PickerRow::Value { .. }));
        picker.jump_to_end(false);
        assert_eq!(picker.cursor(), first);
        picker.jump_to_end(true);
        assert_eq!(picker.cursor(), last);
    }
}
