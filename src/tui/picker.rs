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
    /// Every facet and value; `rows` are those the filter lets through.
    all_rows: Vec<PickerRow>,
    rows: Vec<PickerRow>,
    filter: String,
    cursor: usize,
}

/// A value as the picker shows it: languages by name with their code
/// (`Chinese (zh)`), everything else as the catalog spells it.
pub fn display_value(key: FacetKey, value: &str) -> String {
    if key == FacetKey::Lang
        && let Some(name) = crate::lang::language_name(value)
    {
        return format!("{name} ({value})");
    }
    value.to_string()
}

fn same_value(a: &PickerRow, b: &PickerRow) -> bool {
    match (a, b) {
        (
            PickerRow::Value { key, value, .. },
            PickerRow::Value {
                key: k2, value: v2, ..
            },
        ) => key == k2 && value == v2,
        _ => a == b,
    }
}

impl Picker {
    pub fn open(query: &str, catalog: &Catalog, index: &Index) -> Picker {
        let mut picker = Picker {
            draft: query.to_string(),
            all_rows: Vec::new(),
            rows: Vec::new(),
            filter: String::new(),
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

    /// Counts what toggling each value would give: values of one facet are
    /// OR-ed, facets AND-ed, so a facet's counts are taken under the draft
    /// without that facet's own terms.
    fn recount(&mut self, catalog: &Catalog, index: &Index) {
        let mut matcher = crate::search::new_matcher();
        let mut all = Vec::new();
        for key in FacetKey::ALL {
            let base_query = Query::parse(&facets::without_facet(&self.draft, key));
            let base: Vec<usize> = index
                .search(&base_query, &mut matcher)
                .iter()
                .map(|h| h.dataset)
                .collect();
            let values = facets::facet_values(catalog, base.iter().copied())
                .into_iter()
                .find(|(k, _)| *k == key)
                .map(|(_, values)| values)
                .unwrap_or_default();
            let selected: Vec<&str> = values
                .iter()
                .map(|(v, _)| v.as_str())
                .filter(|v| facets::is_facet_value_selected(&self.draft, key, v))
                .collect();
            let selected: Vec<String> = selected.iter().map(|v| v.to_string()).collect();
            all.push(PickerRow::Heading(key));
            for (value, in_base) in values {
                let is_selected = selected.contains(&value);
                let mut after: Vec<&str> = selected
                    .iter()
                    .map(String::as_str)
                    .filter(|v| *v != value)
                    .collect();
                if !is_selected {
                    after.push(&value);
                }
                let count = if selected.is_empty() {
                    in_base
                } else if after.is_empty() {
                    base.len()
                } else {
                    facets::count_with_any(catalog, &base, key, &after)
                };
                all.push(PickerRow::Value {
                    key,
                    value,
                    count,
                    selected: is_selected,
                });
            }
        }
        self.all_rows = all;
        self.apply_filter();
    }

    /// The rows whose values contain the filter text, with their headings.
    fn apply_filter(&mut self) {
        let needle = self.filter.to_lowercase();
        let mut rows: Vec<PickerRow> = Vec::new();
        let mut heading: Option<PickerRow> = None;
        for row in &self.all_rows {
            match row {
                PickerRow::Heading(_) => heading = Some(row.clone()),
                PickerRow::Value { key, value, .. } => {
                    let shown = display_value(*key, value).to_lowercase();
                    if needle.is_empty() || shown.contains(&needle) {
                        if let Some(h) = heading.take() {
                            rows.push(h);
                        }
                        rows.push(row.clone());
                    }
                }
            }
        }
        let current = self.rows.get(self.cursor).cloned();
        self.rows = rows;
        self.cursor = current
            .and_then(|c| self.rows.iter().position(|r| same_value(r, &c)))
            .or_else(|| self.first_value_from(0, 1))
            .unwrap_or(0);
    }

    /// Typing narrows the values shown.
    pub fn filter(&self) -> &str {
        &self.filter
    }

    pub fn edit_filter(&mut self, edit: impl FnOnce(&mut String)) {
        edit(&mut self.filter);
        self.apply_filter();
    }

    /// Tab / Shift-Tab: the first value of the next (previous) facet.
    pub fn jump_facet(&mut self, forward: bool) {
        let heading_rows: Vec<usize> = self
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| matches!(r, PickerRow::Heading(_)))
            .map(|(i, _)| i)
            .collect();
        let current = heading_rows
            .iter()
            .rposition(|&h| h <= self.cursor)
            .unwrap_or(0);
        let target = if forward {
            (current + 1) % heading_rows.len().max(1)
        } else {
            (current + heading_rows.len().max(1) - 1) % heading_rows.len().max(1)
        };
        if let Some(&h) = heading_rows.get(target)
            && let Some(row) = self.first_value_from(h, 1)
        {
            self.cursor = row;
        }
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

    fn row_of<'a>(picker: &'a Picker, key: FacetKey, value: &str) -> &'a PickerRow {
        picker
            .rows()
            .iter()
            .find(|r| matches!(r, PickerRow::Value { key: k, value: v, .. } if *k == key && v == value))
            .unwrap_or_else(|| panic!("{key:?} {value}"))
    }

    fn count(row: &PickerRow) -> usize {
        match row {
            PickerRow::Value { count, .. } => *count,
            PickerRow::Heading(_) => panic!(),
        }
    }

    #[test]
    fn counts_say_what_toggling_would_give() {
        let (catalog, index) = setup();
        let found = |q: &str| {
            index
                .search(&Query::parse(q), &mut crate::search::new_matcher())
                .len()
        };
        let picker = Picker::open("a:open", &catalog, &index);
        // Values of one facet are OR-ed: ticking registration adds to open.
        let registration = row_of(&picker, FacetKey::Access, "registration");
        assert_eq!(count(registration), found("a:open,registration"));
        assert!(count(registration) > found("a:open"));
        // Unticking the only ticked value gives everything.
        assert_eq!(count(row_of(&picker, FacetKey::Access, "open")), 40);
        // Other facets are AND-ed with it.
        let ct = row_of(&picker, FacetKey::Modality, "CT");
        assert_eq!(count(ct), found("a:open m:ct"));
    }

    #[test]
    fn typing_narrows_the_values_and_tab_jumps_between_facets() {
        let (catalog, index) = setup();
        let mut picker = Picker::open("", &catalog, &index);
        let first_key = match &picker.rows()[picker.cursor()] {
            PickerRow::Value { key, .. } => *key,
            PickerRow::Heading(_) => panic!(),
        };
        picker.jump_facet(true);
        let (key, _, _, _) = value_at(&picker);
        assert_ne!(key, first_key);
        picker.jump_facet(false);
        assert_eq!(value_at(&picker).0, first_key);
        // Languages are listed by name with their code, and found by either.
        picker.edit_filter(|f| f.push_str("chinese"));
        let (key, value, _, _) = value_at(&picker);
        assert_eq!((key, value.as_str()), (FacetKey::Lang, "zh"));
        assert_eq!(display_value(key, &value), "Chinese (zh)");
        // zh, and Wu and Yue Chinese: the heading and three values.
        assert_eq!(picker.rows().len(), 4, "{:?}", picker.rows());
        picker.edit_filter(String::clear);
        assert!(picker.rows().len() > 100);
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
