//! The facts facet terms filter on: the keys (`m:`, `a:`, …), each
//! dataset's values in the form terms compare against, and every value the
//! catalog has with live counts (for the TUI's facet picker).

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::catalog::{Access, Catalog, Category, Dataset, DatasetText, Domain, Text};

use super::fold::fold;

/// A catalog fact a query can filter on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FacetKey {
    Modality,
    Region,
    Task,
    Access,
    Category,
    Lang,
    Domain,
    License,
    Year,
    /// The catalog a dataset came from (`src:embedded`, `src:lab.json`).
    Source,
}

impl FacetKey {
    /// Every key, in the order the picker and messages list them.
    pub const ALL: [FacetKey; 10] = [
        FacetKey::Modality,
        FacetKey::Region,
        FacetKey::Task,
        FacetKey::Access,
        FacetKey::Category,
        FacetKey::Lang,
        FacetKey::Domain,
        FacetKey::License,
        FacetKey::Year,
        FacetKey::Source,
    ];

    /// The long key: `modality`.
    pub fn name(self) -> &'static str {
        match self {
            FacetKey::Modality => "modality",
            FacetKey::Region => "region",
            FacetKey::Task => "task",
            FacetKey::Access => "access",
            FacetKey::Category => "category",
            FacetKey::Lang => "lang",
            FacetKey::Domain => "domain",
            FacetKey::License => "license",
            FacetKey::Year => "year",
            FacetKey::Source => "source",
        }
    }

    /// The one-letter key, where there is one: `m`.
    pub fn short(self) -> Option<&'static str> {
        match self {
            FacetKey::Modality => Some("m"),
            FacetKey::Region => Some("r"),
            FacetKey::Task => Some("t"),
            FacetKey::Access => Some("a"),
            FacetKey::Category => Some("c"),
            FacetKey::Lang => Some("l"),
            FacetKey::Domain => Some("d"),
            FacetKey::Source => Some("src"),
            FacetKey::License | FacetKey::Year => None,
        }
    }

    /// The key the picker writes into a query: the short one where there is one.
    pub fn query_key(self) -> &'static str {
        self.short().unwrap_or(self.name())
    }

    /// A heading for the picker: `Modality`.
    pub fn label(self) -> &'static str {
        match self {
            FacetKey::Modality => "Modality",
            FacetKey::Region => "Body region",
            FacetKey::Task => "Task",
            FacetKey::Access => "Access",
            FacetKey::Category => "Category",
            FacetKey::Lang => "Language",
            FacetKey::Domain => "Domain",
            FacetKey::License => "Licence",
            FacetKey::Year => "Year",
            FacetKey::Source => "Catalog",
        }
    }

    /// The key a user typed, ignoring case: long or short form (`licence`
    /// is accepted for `license`).
    pub fn from_key(key: &str) -> Option<FacetKey> {
        let key = key.to_ascii_lowercase();
        if key == "licence" {
            return Some(FacetKey::License);
        }
        FacetKey::ALL
            .into_iter()
            .find(|k| k.name() == key || k.short() == Some(key.as_str()))
    }

    /// An example term, for messages.
    pub(super) fn example(self) -> &'static str {
        match self {
            FacetKey::Modality => "m:ct",
            FacetKey::Region => "r:chest",
            FacetKey::Task => "t:segmentation",
            FacetKey::Access => "a:open",
            FacetKey::Category => "c:imaging",
            FacetKey::Lang => "l:en",
            FacetKey::Domain => "d:medical",
            FacetKey::License => "license:cc",
            FacetKey::Year => "year:2020",
            FacetKey::Source => "src:embedded",
        }
    }
}

impl fmt::Display for FacetKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// `modality (m), region (r), …, license, year`: the keys for messages.
pub fn valid_keys() -> String {
    FacetKey::ALL
        .iter()
        .map(|k| match k.short() {
            Some(short) => format!("{} ({short})", k.name()),
            None => k.name().to_string(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Folded, lowercased and trimmed: the form values are compared in.
pub(super) fn normalize(value: &str) -> String {
    fold(value.trim()).to_lowercase()
}

/// A dataset's facts in the form facet terms compare against: folded and
/// lowercased, computed once per dataset. The strings are shared between
/// datasets (see [`Interner`]): a large catalog repeats "ct" a hundred
/// thousand times, and stores it once.
///
/// The values of every listed key sit in one list, one key after another
/// (one allocation per dataset rather than one per key).
#[derive(Debug, Clone)]
pub struct Facts {
    /// Modalities, regions, tasks, categories (id, English and Chinese name
    /// of each), languages, licence, source (label and file name), in that
    /// order.
    values: Box<[Arc<str>]>,
    /// Where each of those keys' values end in `values`.
    ends: [u32; LISTED_KEYS],
    access: Access,
    domain: Domain,
    pub(super) year: Option<u16>,
}

/// Keys whose values `Facts` keeps as text, in the order it keeps them.
const LISTED: [FacetKey; 7] = [
    FacetKey::Modality,
    FacetKey::Region,
    FacetKey::Task,
    FacetKey::Category,
    FacetKey::Lang,
    FacetKey::License,
    FacetKey::Source,
];
const LISTED_KEYS: usize = LISTED.len();

/// Hands out one shared copy of each normalized fact string. Building an
/// index, each thread keeps its own, cloned from one that knows the
/// categories: a value it has seen costs one lookup and no normalizing, and
/// no thread waits on another.
#[derive(Debug, Clone, Default)]
pub struct Interner {
    /// By the text as the catalog spells it.
    seen: FxHashMap<String, Arc<str>>,
    strings: FxHashMap<String, Arc<str>>,
    /// Normalized id and names of each category, by category id.
    categories: FxHashMap<String, Vec<Arc<str>>>,
}

impl Interner {
    /// An interner that knows the names of `categories` (facet terms on
    /// categories match ids and names alike).
    pub fn new(categories: &[Category]) -> Interner {
        let mut interner = Interner::default();
        for category in categories {
            let names = std::iter::once(category.id.as_str())
                .chain(std::iter::once(category.name.as_str()))
                .chain(category.name_zh.as_deref())
                .map(|name| interner.normalized(name))
                .collect();
            interner.categories.insert(category.id.clone(), names);
        }
        interner
    }

    /// The normalized form of `value`, shared.
    pub fn normalized(&mut self, value: &str) -> Arc<str> {
        if let Some(shared) = self.seen.get(value) {
            return Arc::clone(shared);
        }
        let shared = self.normalize_new(value);
        self.seen.insert(value.to_string(), Arc::clone(&shared));
        shared
    }

    fn normalize_new(&mut self, value: &str) -> Arc<str> {
        let key = normalize(value);
        if let Some(shared) = self.strings.get(&key) {
            return Arc::clone(shared);
        }
        let shared: Arc<str> = Arc::from(key.as_str());
        self.strings.insert(key, Arc::clone(&shared));
        shared
    }
}

impl Facts {
    /// Facts of one dataset, on its own.
    #[cfg(test)]
    pub fn new(dataset: &Dataset, catalog: &Catalog) -> Facts {
        Facts::build(dataset, &mut Interner::new(&catalog.categories))
    }

    pub fn build<D: DatasetText>(dataset: &D, interner: &mut Interner) -> Facts {
        let mut values = Vec::with_capacity(16);
        let mut ends = [0; LISTED_KEYS];
        for (slot, key) in LISTED.iter().enumerate() {
            match key {
                FacetKey::Modality => {
                    values.extend(dataset.modalities().map(|v| interner.normalized(v)))
                }
                FacetKey::Region => {
                    values.extend(dataset.body_regions().map(|v| interner.normalized(v)))
                }
                FacetKey::Task => values.extend(dataset.tasks().map(|v| interner.normalized(v))),
                FacetKey::Category => {
                    for id in dataset.category_ids() {
                        match interner.categories.get(id) {
                            Some(names) => values.extend(names.iter().cloned()),
                            None => values.push(interner.normalized(id)),
                        }
                    }
                }
                FacetKey::Lang => {
                    values.extend(dataset.languages().map(|v| interner.normalized(v)))
                }
                FacetKey::License => {
                    values.extend(dataset.license().map(|v| interner.normalized(v)))
                }
                FacetKey::Source => values.extend(
                    dataset
                        .source()
                        .facet_names()
                        .map(|v| interner.normalized(v)),
                ),
                _ => {}
            }
            // Saturating keeps the slices in bounds, however absurd a
            // catalog is.
            ends[slot] = u32::try_from(values.len()).unwrap_or(u32::MAX);
        }
        values.truncate(ends[LISTED_KEYS - 1] as usize);
        Facts {
            values: values.into_boxed_slice(),
            ends,
            access: dataset.access(),
            domain: dataset.domain(),
            year: dataset.year(),
        }
    }

    /// The values kept for a listed key.
    fn listed(&self, key: FacetKey) -> &[Arc<str>] {
        let Some(slot) = LISTED.iter().position(|&k| k == key) else {
            return &[];
        };
        let start = if slot == 0 { 0 } else { self.ends[slot - 1] };
        &self.values[start as usize..self.ends[slot] as usize]
    }

    /// Whether any of the dataset's values for `key` satisfies `test`.
    /// How many values the dataset has for `key` (1 for access, domain, year).
    pub(super) fn value_count(&self, key: FacetKey) -> usize {
        match key {
            FacetKey::Access | FacetKey::Domain | FacetKey::Year => 1,
            listed => self.listed(listed).len(),
        }
    }

    pub(super) fn any_value(&self, key: FacetKey, test: impl Fn(&str) -> bool) -> bool {
        match key {
            FacetKey::Access => test(self.access.as_str()),
            FacetKey::Domain => test(self.domain.as_str()),
            FacetKey::Year => false,
            listed => self.listed(listed).iter().any(|v| test(v)),
        }
    }
}

/// The values a dataset has for one facet, as the picker shows them (the
/// catalog's spelling; category ids; years as digits).
fn dataset_values(dataset: &Dataset, key: FacetKey) -> Vec<String> {
    match key {
        FacetKey::Modality => strings(&dataset.modalities),
        FacetKey::Region => strings(&dataset.body_regions),
        FacetKey::Task => strings(&dataset.tasks),
        FacetKey::Access => vec![dataset.access.as_str().to_string()],
        FacetKey::Category => strings(&dataset.categories),
        FacetKey::Lang => strings(&dataset.languages),
        FacetKey::Domain => vec![dataset.domain.as_str().to_string()],
        FacetKey::License => strings(dataset.license.as_slice()),
        FacetKey::Year => dataset.year.iter().map(u16::to_string).collect(),
        FacetKey::Source => vec![dataset.source.label().to_string()],
    }
}

/// How many of `datasets` have any of `values` for `key` (values compared
/// as facet terms compare them: folded, lowercased).
pub fn count_with_any(
    catalog: &Catalog,
    datasets: &[usize],
    key: FacetKey,
    values: &[&str],
) -> usize {
    let wanted: Vec<String> = values.iter().map(|v| normalize(v)).collect();
    datasets
        .iter()
        .filter_map(|&i| catalog.datasets.get(i))
        .filter(|d| {
            dataset_values(d, key)
                .iter()
                .any(|v| wanted.contains(&normalize(v)))
        })
        .count()
}

/// Every facet with every value the catalog has for it, each with the
/// number of `datasets` (catalog positions, e.g. the current hits) that
/// have it. The lists are the same whatever `datasets` is — only counts
/// change — so a picker's rows stay put while the query changes; a count
/// of 0 means the value would find nothing under the current query.
///
/// Order: access levels and domains in their natural order, categories in
/// catalog order, years newest first, everything else most common in the
/// catalog first (ties alphabetical). Values that differ only in case are
/// one value, under the spelling seen first. Values are raw catalog text:
/// sanitize them before display.
pub fn facet_values(
    catalog: &Catalog,
    datasets: impl IntoIterator<Item = usize>,
) -> Vec<(FacetKey, Vec<(String, usize)>)> {
    let chosen: Vec<&Dataset> = datasets
        .into_iter()
        .filter_map(|i| catalog.datasets.get(i))
        .collect();
    FacetKey::ALL
        .into_iter()
        .map(|key| {
            // normalized value -> (spelling, catalog frequency, first seen)
            let mut known: HashMap<String, (String, usize, usize)> = HashMap::new();
            for dataset in &catalog.datasets {
                for value in unique(dataset_values(dataset, key)) {
                    let order = known.len();
                    known
                        .entry(normalize(&value))
                        .or_insert((value, 0, order))
                        .1 += 1;
                }
            }
            let mut values: Vec<(String, usize, usize)> = match key {
                // `unknown` is offered only where a catalog has it (an
                // imported one), so a curated catalog's picker stays short.
                FacetKey::Access => Access::ALL
                    .iter()
                    .filter(|a| **a != Access::Unknown || known.contains_key(a.as_str()))
                    .enumerate()
                    .map(|(i, a)| (a.as_str().to_string(), 0, i))
                    .collect(),
                FacetKey::Domain => Domain::ALL
                    .iter()
                    .enumerate()
                    .map(|(i, d)| (d.as_str().to_string(), 0, i))
                    .collect(),
                FacetKey::Category => catalog
                    .categories
                    .iter()
                    .enumerate()
                    .map(|(i, c)| (c.id.clone(), 0, i))
                    .collect(),
                _ => known.into_values().collect(),
            };
            match key {
                FacetKey::Access | FacetKey::Domain | FacetKey::Category => {
                    values.sort_by_key(|v| v.2)
                }
                FacetKey::Year => values.sort_by(|a, b| b.0.cmp(&a.0)),
                _ => values.sort_by(|a, b| {
                    b.1.cmp(&a.1)
                        .then_with(|| a.0.to_lowercase().cmp(&b.0.to_lowercase()))
                        .then_with(|| a.0.cmp(&b.0))
                }),
            }
            let mut counts: HashMap<String, usize> = HashMap::new();
            for dataset in &chosen {
                for value in unique(dataset_values(dataset, key)) {
                    *counts.entry(normalize(&value)).or_default() += 1;
                }
            }
            let values = values
                .into_iter()
                .map(|(value, _, _)| {
                    let count = counts.get(&normalize(&value)).copied().unwrap_or(0);
                    (value, count)
                })
                .collect();
            (key, values)
        })
        .collect()
}

/// The values with case-insensitive duplicates removed, first spelling kept.
fn strings(texts: &[Text]) -> Vec<String> {
    texts.iter().map(|text| text.to_string()).collect()
}

fn unique(values: Vec<String>) -> Vec<String> {
    let mut seen = Vec::new();
    values
        .into_iter()
        .filter(|v| {
            let n = normalize(v);
            let new = !seen.contains(&n);
            seen.push(n);
            new
        })
        .collect()
}
