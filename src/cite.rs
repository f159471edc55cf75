//! Citations as researchers paste them: the catalog's BibTeX read with a
//! BibTeX parser into a [`Reference`], then written as one readable line or
//! as CSL-JSON (what Zotero and pandoc read). The BibTeX itself is passed
//! through as the catalog holds it.

use biblatex::{Bibliography, ChunksExt, Entry, EntryType};
use serde_json::{Map, Value, json};

use crate::catalog::{Citation, CitationRole, Dataset};

/// One citation, read from its BibTeX.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub key: String,
    pub role: CitationRole,
    entry_type: EntryType,
    /// (family, given) per author, in order.
    pub authors: Vec<(String, String)>,
    /// The author list ends in "and others".
    pub more_authors: bool,
    pub title: String,
    /// Journal, proceedings or publishing host.
    pub container: Option<String>,
    pub volume: Option<String>,
    pub issue: Option<String>,
    pub pages: Option<String>,
    pub year: Option<i32>,
    pub month: Option<u8>,
    pub doi: Option<String>,
    pub url: Option<String>,
    pub eprint: Option<String>,
    pub publisher: Option<String>,
    /// The version of the data a data citation names (BibLaTeX `version`).
    pub version: Option<String>,
}

/// The references of a dataset's citations, in catalog order. Entries that
/// do not parse are skipped: the loader has already refused them.
pub fn references(dataset: &Dataset) -> Vec<Reference> {
    dataset.citations.iter().filter_map(reference).collect()
}

pub fn reference(citation: &Citation) -> Option<Reference> {
    let bibliography = Bibliography::parse(&citation.bibtex).ok()?;
    let entry = bibliography.iter().next()?;
    Some(read(entry, citation.role))
}

fn field(entry: &Entry, key: &str) -> Option<String> {
    let text = entry.get(key)?.format_verbatim();
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

fn read(entry: &Entry, role: CitationRole) -> Reference {
    let mut authors = Vec::new();
    let mut more_authors = false;
    for person in entry.author().unwrap_or_default() {
        if person.name.eq_ignore_ascii_case("others") && person.given_name.is_empty() {
            more_authors = true;
        } else {
            let family = [person.prefix.as_str(), person.name.as_str()]
                .iter()
                .filter(|p| !p.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" ");
            let family = if person.suffix.is_empty() {
                family
            } else {
                format!("{family} {}", person.suffix)
            };
            authors.push((family, person.given_name.clone()));
        }
    }
    let year = field(entry, "year")
        .and_then(|y| y.get(..4).and_then(|y| y.parse().ok()))
        .or_else(|| field(entry, "date").and_then(|d| d.get(..4)?.parse().ok()));
    let month = field(entry, "month").and_then(|m| month_number(&m));
    let container = field(entry, "journal")
        .or_else(|| field(entry, "journaltitle"))
        .or_else(|| field(entry, "booktitle"))
        .or_else(|| field(entry, "howpublished"));
    Reference {
        key: entry.key.clone(),
        role,
        entry_type: entry.entry_type.clone(),
        authors,
        more_authors,
        title: field(entry, "title").unwrap_or_default(),
        container,
        volume: field(entry, "volume"),
        issue: field(entry, "number"),
        pages: field(entry, "pages").map(|p| p.replace("--", "–")),
        year,
        month,
        doi: field(entry, "doi"),
        url: field(entry, "url"),
        eprint: field(entry, "eprint"),
        publisher: field(entry, "publisher").or_else(|| field(entry, "organization")),
        version: field(entry, "version"),
    }
}

fn month_number(text: &str) -> Option<u8> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let lower = text.trim().to_lowercase();
    if let Ok(n) = lower.parse::<u8>() {
        return (1..=12).contains(&n).then_some(n);
    }
    MONTHS
        .iter()
        .position(|m| lower.starts_with(m))
        .map(|i| i as u8 + 1)
}

impl Reference {
    /// One readable line: `Lau JJ, Gayen S, … (2018). Title. Journal
    /// 5:180251. https://doi.org/…`. Up to six authors are named; more
    /// become the first three and "et al.".
    pub fn text(&self) -> String {
        let names: Vec<String> = self
            .authors
            .iter()
            .map(|(family, given)| {
                let initials: String = given
                    .split([' ', '-', '.'])
                    .filter_map(|part| part.chars().next())
                    .filter(|c| c.is_alphabetic())
                    .collect();
                if initials.is_empty() {
                    family.clone()
                } else {
                    format!("{family} {initials}")
                }
            })
            .collect();
        let mut out = if names.len() > 6 {
            format!("{} et al.", names[..3].join(", "))
        } else if self.more_authors && !names.is_empty() {
            format!("{} et al.", names.join(", "))
        } else {
            names.join(", ")
        };
        if let Some(year) = self.year {
            out.push_str(&format!(" ({year})"));
        }
        if !out.is_empty() {
            out.push_str(". ");
        }
        out.push_str(self.title.trim_end_matches('.'));
        out.push('.');
        let mut source = self.container.clone().unwrap_or_default();
        if source.is_empty()
            && let Some(publisher) = &self.publisher
        {
            source = publisher.clone();
        }
        if let Some(volume) = &self.volume {
            source.push_str(&format!(" {volume}"));
            if let Some(issue) = &self.issue {
                source.push_str(&format!("({issue})"));
            }
        }
        if let Some(pages) = &self.pages {
            source.push_str(if self.volume.is_some() { ":" } else { " " });
            source.push_str(pages);
        }
        let source = source.trim();
        if !source.is_empty() {
            out.push(' ');
            out.push_str(source);
            out.push('.');
        }
        if let Some(doi) = &self.doi {
            out.push_str(&format!(" https://doi.org/{doi}"));
        } else if let Some(eprint) = &self.eprint {
            out.push_str(&format!(" arXiv:{eprint}"));
        } else if let Some(url) = &self.url {
            out.push_str(&format!(" {url}"));
        }
        out
    }

    /// The CSL type: what a reference manager files it as.
    fn csl_type(&self) -> &'static str {
        match (&self.entry_type, self.role) {
            (EntryType::Article, _) => "article-journal",
            (EntryType::InProceedings | EntryType::Proceedings, _) => "paper-conference",
            (EntryType::Book | EntryType::MvBook, _) => "book",
            (EntryType::InBook | EntryType::InCollection, _) => "chapter",
            (EntryType::TechReport | EntryType::Report, _) => "report",
            (EntryType::Thesis | EntryType::PhdThesis | EntryType::MastersThesis, _) => "thesis",
            (EntryType::Online, _) => "webpage",
            (EntryType::Software, _) => "software",
            (EntryType::Dataset, _) | (_, CitationRole::Data) => "dataset",
            (EntryType::Misc, _) if self.eprint.is_some() => "article",
            _ => "document",
        }
    }

    /// A CSL-JSON item.
    pub fn csl_json(&self) -> Value {
        let mut item = Map::new();
        item.insert("id".into(), json!(self.key));
        item.insert("type".into(), json!(self.csl_type()));
        item.insert("title".into(), json!(self.title));
        let authors: Vec<Value> = self
            .authors
            .iter()
            .map(|(family, given)| {
                if given.is_empty() {
                    json!({ "literal": family })
                } else {
                    json!({ "family": family, "given": given })
                }
            })
            .collect();
        if !authors.is_empty() {
            item.insert("author".into(), Value::Array(authors));
        }
        if let Some(year) = self.year {
            let parts = match self.month {
                Some(month) => json!([[year, month]]),
                None => json!([[year]]),
            };
            item.insert("issued".into(), json!({ "date-parts": parts }));
        }
        let optional = [
            ("container-title", &self.container),
            ("volume", &self.volume),
            ("issue", &self.issue),
            ("page", &self.pages),
            ("DOI", &self.doi),
            ("URL", &self.url),
            ("publisher", &self.publisher),
        ];
        for (key, value) in optional {
            if let Some(value) = value {
                item.insert(key.into(), json!(value));
            }
        }
        if let Some(eprint) = &self.eprint {
            item.insert("number".into(), json!(format!("arXiv:{eprint}")));
            if self.url.is_none() {
                item.insert(
                    "URL".into(),
                    json!(format!("https://arxiv.org/abs/{eprint}")),
                );
            }
        }
        Value::Object(item)
    }
}

/// The BibTeX of several datasets' citations, each entry once (platform
/// papers are shared), separated by blank lines.
pub fn bibtex<'a>(datasets: impl IntoIterator<Item = &'a Dataset>) -> String {
    let mut seen = std::collections::HashSet::new();
    let mut out = String::new();
    for dataset in datasets {
        for citation in &dataset.citations {
            let key = reference(citation).map(|r| r.key);
            if key.is_some_and(|key| !seen.insert(key)) {
                continue;
            }
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(citation.bibtex.trim());
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Citation;

    fn citation(bibtex: &str, role: CitationRole) -> Reference {
        reference(&Citation {
            role,
            bibtex: bibtex.to_string().into(),
            unconfirmed: Vec::new(),
        })
        .expect("parses")
    }

    #[test]
    fn an_article_as_text_and_csl() {
        let r = citation(
            r#"@article{lau2018dataset,
  author = {Lau, Jason J. and Gayen, Soumya and Ben Abacha, Asma and Demner-Fushman, Dina},
  title = {A dataset of clinically generated visual questions and answers about radiology images},
  journal = {Scientific Data},
  volume = {5},
  number = {1},
  pages = {180251},
  year = {2018},
  month = nov,
  doi = {10.1038/sdata.2018.251}
}"#,
            CitationRole::Paper,
        );
        assert_eq!(
            r.text(),
            "Lau JJ, Gayen S, Ben Abacha A, Demner-Fushman D (2018). A dataset of clinically \
             generated visual questions and answers about radiology images. Scientific Data \
             5(1):180251. https://doi.org/10.1038/sdata.2018.251"
        );
        let csl = r.csl_json();
        assert_eq!(csl["type"], "article-journal");
        assert_eq!(csl["author"][2]["family"], "Ben Abacha");
        assert_eq!(csl["issued"]["date-parts"][0][0], 2018);
        assert_eq!(csl["issued"]["date-parts"][0][1], 11);
        assert_eq!(csl["DOI"], "10.1038/sdata.2018.251");
    }

    #[test]
    fn others_and_long_lists_become_et_al() {
        let r = citation(
            "@misc{d, author = {Armato III, S. G. and McLennan, G. and others}, title = {Data From LIDC-IDRI}, publisher = {The Cancer Imaging Archive}, year = {2015}, doi = {10.7937/K9/TCIA.2015.LO9QL9SX}}",
            CitationRole::Data,
        );
        assert!(r.more_authors);
        assert!(
            r.text().starts_with("Armato III SG, McLennan G et al. (2015). Data From LIDC-IDRI. The Cancer Imaging Archive."),
            "{}",
            r.text()
        );
        assert_eq!(r.csl_json()["type"], "dataset");
        let names = (1..=8)
            .map(|i| format!("Name{i}, A."))
            .collect::<Vec<_>>()
            .join(" and ");
        let r = citation(
            &format!(
                "@article{{m, author = {{{names}}}, title = {{T}}, journal = {{J}}, year = {{2020}}}}"
            ),
            CitationRole::Paper,
        );
        assert!(
            r.text()
                .starts_with("Name1 A, Name2 A, Name3 A et al. (2020).")
        );
    }

    #[test]
    fn shared_entries_are_written_once() {
        let catalog = crate::catalog::Catalog::embedded();
        let all = bibtex(&catalog.datasets);
        let parsed = Bibliography::parse(&all).expect("the joined BibTeX parses");
        let keys: std::collections::HashSet<_> = parsed.iter().map(|e| e.key.clone()).collect();
        assert_eq!(keys.len(), parsed.len(), "no duplicate keys");
    }
}
