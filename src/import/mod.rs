//! `medsets import FILE.md`: an awesome-list in Markdown turned into a
//! draft catalog, with a report of what was made and what was skipped.
//!
//! [`parse`] reads the Markdown (pulldown-cmark) into blocks with line
//! numbers; [`shapes`] decides which headings are categories, which are one
//! dataset each and which sections list no datasets, and makes draft
//! entries from list items, table rows and headings; this file merges
//! entries listed twice, checks URLs, gives ids and builds the catalog;
//! [`report`] says what happened. What a list does not say stays unknown:
//! access is `unknown`, the licence `null` (not stated).

mod parse;
mod report;
mod shapes;
mod text;

pub use report::{Merge, Report, Skip};

use std::collections::HashSet;

use crate::catalog::{
    Access, Catalog, Category, Dataset, Domain, Link, SUPPORTED_VERSION, Text, texts,
};
use shapes::{Draft, Entry};
use text::{host, kebab, name_key, recognise, usable_url};

/// The draft catalog (none when the list gave no dataset: a catalog
/// needs one) and the report.
pub struct Import {
    pub catalog: Option<Catalog>,
    pub report: Report,
}

/// Imports a Markdown list. Never fails: what cannot be used is reported.
pub fn import(markdown: &str) -> Import {
    let blocks = parse::blocks(markdown);
    let Draft {
        categories,
        entries,
        mut skipped,
    } = shapes::read(&blocks);
    let mut merged = Vec::new();
    let mut kept: Vec<Entry> = Vec::new();
    // Per kept entry: the categories it is in.
    let mut memberships: Vec<Vec<usize>> = Vec::new();
    for mut entry in entries {
        let mut seen = HashSet::new();
        let mut links = Vec::new();
        for (label, url) in std::mem::take(&mut entry.links) {
            match usable_url(&url) {
                Ok(()) if seen.insert(url.clone()) => links.push((label, url)),
                Ok(()) => {}
                Err(why) => {
                    skipped.push(Skip::new(entry.line, &url, format!("URL left out: {why}")))
                }
            }
        }
        if links.is_empty() {
            skipped.push(Skip::new(entry.line, &entry.name, "no usable URL".into()));
            continue;
        }
        entry.links = links;
        match kept.iter().position(|k| same_dataset(k, &entry)) {
            Some(n) => {
                merged.push(Merge {
                    line: entry.line,
                    name: entry.name.clone(),
                    into: kept[n].name.clone(),
                    into_line: kept[n].line,
                });
                if !memberships[n].contains(&entry.category) {
                    memberships[n].push(entry.category);
                }
                absorb(&mut kept[n], entry);
            }
            None => {
                memberships.push(vec![entry.category]);
                kept.push(entry);
            }
        }
    }

    // Categories in the list's order, those that hold a dataset.
    let used: HashSet<usize> = memberships.iter().flatten().copied().collect();
    let mut category_ids: Vec<Option<String>> = vec![None; categories.len()];
    let mut taken = HashSet::new();
    let mut out_categories = Vec::new();
    for (n, draft) in categories.iter().enumerate() {
        if !used.contains(&n) {
            continue;
        }
        let base = kebab(&draft.name)
            .filter(|id| id.len() >= 2)
            .unwrap_or_else(|| format!("category-{}", out_categories.len() + 1));
        let id = unique(base, &mut taken);
        let chinese = draft.name.chars().any(text::is_han);
        out_categories.push(Category {
            id: id.clone(),
            name: draft.name.clone(),
            name_zh: chinese.then(|| draft.name.clone()),
            description: draft
                .description
                .clone()
                .filter(|d| !d.chars().any(text::is_han)),
            description_zh: draft
                .description
                .clone()
                .filter(|d| d.chars().any(text::is_han)),
        });
        category_ids[n] = Some(id);
    }

    let mut ids = HashSet::new();
    let mut datasets = Vec::with_capacity(kept.len());
    for (entry, member_of) in kept.into_iter().zip(memberships) {
        let base = kebab(&entry.name)
            .or_else(|| kebab(&host(&entry.links[0].1)).map(|h| format!("{h}-dataset")))
            .unwrap_or_else(|| "dataset".to_string());
        let id = unique(base, &mut ids);
        datasets.push(dataset(
            id,
            entry,
            member_of
                .iter()
                .filter_map(|&n| category_ids[n].clone())
                .collect(),
        ));
    }
    let report = Report {
        datasets: datasets.len(),
        categories: out_categories.len(),
        urls: datasets.iter().map(|d| d.urls.len()).sum(),
        merged,
        skipped: {
            skipped.sort_by_key(|s| s.line);
            skipped
        },
    };
    let catalog = (!datasets.is_empty()).then_some(Catalog {
        version: SUPPORTED_VERSION,
        categories: out_categories,
        datasets,
    });
    Import { catalog, report }
}

/// The same dataset listed again: the same name, or (in another category)
/// the same first URL under a name that extends the other
/// (`MIMIC-CXR` / `MIMIC-CXR Database`).
fn same_dataset(kept: &Entry, new: &Entry) -> bool {
    let (a, b) = (name_key(&kept.name), name_key(&new.name));
    if !a.is_empty() && a == b {
        return true;
    }
    kept.category != new.category
        && kept.links.first().map(|l| &l.1) == new.links.first().map(|l| &l.1)
        && !a.is_empty()
        && !b.is_empty()
        && (a.starts_with(&b) || b.starts_with(&a))
}

fn absorb(kept: &mut Entry, new: Entry) {
    if name_key(&new.name) != name_key(&kept.name) && !kept.aliases.contains(&new.name) {
        kept.aliases.push(new.name);
    }
    for link in new.links {
        if !kept.links.iter().any(|l| l.1 == link.1) {
            kept.links.push(link);
        }
    }
    if kept.summary.is_empty() {
        kept.summary = new.summary;
    }
    if kept.summary_zh.is_empty() {
        kept.summary_zh = new.summary_zh;
    }
    kept.year = kept.year.or(new.year);
    kept.license = kept.license.take().or(new.license);
    if kept.size.is_empty() {
        kept.size = new.size;
    }
    kept.keywords.push(' ');
    kept.keywords.push_str(&new.keywords);
}

fn unique(base: String, taken: &mut HashSet<String>) -> String {
    let mut id = base.clone();
    let mut n = 2;
    while !taken.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

fn dataset(id: String, entry: Entry, categories: Vec<String>) -> Dataset {
    let summary_zh = (!entry.summary_zh.is_empty()).then(|| entry.summary_zh.join(" "));
    let summary = if !entry.summary.is_empty() {
        entry.summary.join(" ")
    } else if summary_zh.is_some() {
        "No English description in the list; see the Chinese summary.".to_string()
    } else {
        entry.name.clone()
    };
    // The name, the first lines of each summary and the keywords: a long
    // abstract names modalities and organs in passing.
    let found = recognise(&format!(
        "{}\n{}\n{}\n{}",
        entry.name,
        entry
            .summary
            .iter()
            .take(2)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n"),
        entry.summary_zh.first().map_or("", String::as_str),
        entry.keywords
    ));
    let mut aliases: Vec<String> = Vec::new();
    for alias in entry.aliases {
        if !alias.is_empty() && alias != entry.name && !aliases.contains(&alias) {
            aliases.push(alias);
        }
    }
    Dataset {
        id: id.into(),
        name: entry.name.into(),
        aliases: texts(aliases),
        categories: texts(categories),
        summary: summary.into(),
        summary_zh: summary_zh.map(Text::from),
        modalities: texts(found.modalities),
        body_regions: texts(found.body_regions),
        tasks: texts(found.tasks),
        size: entry.size,
        size_bytes: None,
        languages: Vec::new(),
        access: Access::Unknown,
        license: entry.license.map(Text::from),
        year: entry.year,
        paper: None,
        homepage: None,
        urls: entry
            .links
            .into_iter()
            .map(|(label, url)| Link {
                label: label.into(),
                url: url.into(),
            })
            .collect(),
        domain: Domain::Medical,
        citations: Vec::new(),
        related: Vec::new(),
        notes: Some(
            format!(
                "Imported from a Markdown list (line {}); access and licence as the list states them, unknown otherwise.",
                entry.line
            )
            .into(),
        ),
        notes_zh: None,
        verified: None,
        overrides: false,
        source: Default::default(),
    }
}
