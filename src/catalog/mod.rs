//! The catalog: its types and lookups. Loading and validation live in
//! [`load`] and [`validate`]; [`borrowed`] reads datasets in place.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::lang::Lang;

mod borrowed;
mod cache;
mod embedded;
mod layers;
mod load;
mod record;
mod validate;

pub use borrowed::{CitationRef, DatasetText, DatasetView, VerifiedRef};
pub use layers::{Deferred, LayeredViews, Layers};
pub use load::{
    CatalogView, FileBytes, SourceText, load, load_bytes, load_file, load_str, load_views,
    read_file, text_of,
};
pub use validate::{LoadError, Problem, check_web_url, is_kebab_case, line_column};

/// The catalog built into the binary, so the tool works offline anywhere.
pub const EMBEDDED_JSON: &str = include_str!("../../assets/catalog.json");
/// The name the embedded catalog goes by in messages.
pub const EMBEDDED_NAME: &str = "<embedded catalog>";

/// A string of a dataset: owned when read from a catalog's JSON, borrowed
/// when read from the catalog cache, whose map stays for the life of the
/// process (`cache.rs`), so a start from the cache copies no text.
pub type Text = std::borrow::Cow<'static, str>;

/// Owned strings as a dataset's texts.
pub fn texts(strings: impl IntoIterator<Item = String>) -> Vec<Text> {
    strings.into_iter().map(Text::Owned).collect()
}

pub const SUPPORTED_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    pub version: u32,
    pub categories: Vec<Category>,
    pub datasets: Vec<Dataset>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub name_zh: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub description_zh: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dataset {
    pub id: Text,
    pub name: Text,
    #[serde(default)]
    pub aliases: Vec<Text>,
    pub categories: Vec<Text>,
    pub summary: Text,
    #[serde(default)]
    pub summary_zh: Option<Text>,
    #[serde(default)]
    pub modalities: Vec<Text>,
    #[serde(default)]
    pub body_regions: Vec<Text>,
    #[serde(default)]
    pub tasks: Vec<Text>,
    #[serde(default)]
    pub size: Vec<SizeFigure>,
    #[serde(default)]
    pub size_bytes: Option<u64>,
    #[serde(default)]
    pub languages: Vec<Text>,
    pub access: Access,
    #[serde(default)]
    pub license: Option<Text>,
    #[serde(default)]
    pub year: Option<u16>,
    #[serde(default)]
    pub paper: Option<Paper>,
    #[serde(default)]
    pub homepage: Option<Text>,
    pub urls: Vec<Link>,
    #[serde(default)]
    pub domain: Domain,
    /// What to cite when using the dataset, as its hosts ask.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub citations: Vec<Citation>,
    /// Lineage: collections it belongs to, sources it was derived from, mirrors.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Relation>,
    /// Provenance and corrections of the source list, kept out of the summary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes_zh: Option<Text>,
    /// What was checked, when, against what, and what could not be confirmed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified: Option<Verified>,
    /// `"override": true`: in a catalog layered over others, this dataset
    /// replaces the earlier one with its id (without it, a repeated id is an
    /// error). Layering consumes it: a merged catalog's datasets never carry
    /// it.
    #[serde(default, rename = "override", skip_serializing_if = "is_false")]
    pub overrides: bool,
    /// The catalog the dataset came from ([`Source`]); not part of the
    /// dataset's JSON object.
    #[serde(skip)]
    pub source: Source,
}

fn is_false(value: &bool) -> bool {
    !value
}

/// Where a dataset came from: the catalog built into the binary, or a file
/// named on the command line. Shared by every dataset of one file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub enum Source {
    #[default]
    Embedded,
    File(std::sync::Arc<str>),
}

impl Source {
    /// How the source is named to people: `embedded`, or the file as given.
    pub fn label(&self) -> &str {
        match self {
            Source::Embedded => "embedded",
            Source::File(path) => path,
        }
    }

    /// The names a `src:` facet term matches: the label and, for a file,
    /// its file name alone.
    pub fn facet_names(&self) -> impl Iterator<Item = &str> {
        let label = self.label();
        let file_name = match self {
            Source::Embedded => None,
            Source::File(path) => std::path::Path::new(&**path)
                .file_name()
                .and_then(|name| name.to_str())
                .filter(|name| *name != label),
        };
        std::iter::once(label).chain(file_name)
    }

    pub fn is_embedded(&self) -> bool {
        matches!(self, Source::Embedded)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    pub role: CitationRole,
    /// One BibTeX entry, checked with a BibTeX parser at load time.
    pub bibtex: Text,
    /// BibTeX fields seen only in secondary sources.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unconfirmed: Vec<Text>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CitationRole {
    /// The paper that describes the dataset.
    Paper,
    /// A data DOI the host asks users to cite (TCIA, PhysioNet, Zenodo).
    Data,
    /// The host's own paper, where it asks for it (PhysioNet).
    Platform,
}

impl CitationRole {
    pub const ALL: [CitationRole; 3] = [
        CitationRole::Paper,
        CitationRole::Data,
        CitationRole::Platform,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CitationRole::Paper => "paper",
            CitationRole::Data => "data",
            CitationRole::Platform => "platform",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Relation {
    pub id: Text,
    pub relation: RelationKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RelationKind {
    MemberOf,
    HasMember,
    DerivedFrom,
    SourceOf,
    MirrorOf,
    VersionOf,
}

impl RelationKind {
    pub const ALL: [RelationKind; 6] = [
        RelationKind::MemberOf,
        RelationKind::HasMember,
        RelationKind::DerivedFrom,
        RelationKind::SourceOf,
        RelationKind::MirrorOf,
        RelationKind::VersionOf,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RelationKind::MemberOf => "member-of",
            RelationKind::HasMember => "has-member",
            RelationKind::DerivedFrom => "derived-from",
            RelationKind::SourceOf => "source-of",
            RelationKind::MirrorOf => "mirror-of",
            RelationKind::VersionOf => "version-of",
        }
    }

    /// What the other dataset must say back.
    pub fn inverse(self) -> RelationKind {
        match self {
            RelationKind::MemberOf => RelationKind::HasMember,
            RelationKind::HasMember => RelationKind::MemberOf,
            RelationKind::DerivedFrom => RelationKind::SourceOf,
            RelationKind::SourceOf => RelationKind::DerivedFrom,
            RelationKind::MirrorOf => RelationKind::MirrorOf,
            RelationKind::VersionOf => RelationKind::VersionOf,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Verified {
    /// `YYYY-MM-DD`.
    pub date: Text,
    /// The pages the facts were checked against.
    #[serde(default)]
    pub sources: Vec<Text>,
    /// Fields whose values could not be confirmed (names of dataset fields).
    #[serde(default)]
    pub unconfirmed: Vec<Text>,
}

/// The dataset fields `verified.unconfirmed` may name.
pub const CHECKABLE_FIELDS: [&str; 12] = [
    "size",
    "size_bytes",
    "license",
    "access",
    "year",
    "paper",
    "modalities",
    "body_regions",
    "tasks",
    "languages",
    "urls",
    "homepage",
];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SizeFigure {
    pub value: u64,
    pub unit: Text,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Paper {
    pub title: Text,
    #[serde(default)]
    pub venue: Option<Text>,
    #[serde(default)]
    pub year: Option<u16>,
    #[serde(default)]
    pub id: Option<Text>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    pub label: Text,
    pub url: Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Access {
    Open,
    Registration,
    Credentialed,
    Request,
    /// The source does not say (what `medsets import` writes for a list
    /// that names no access level): shown as such, never guessed.
    Unknown,
}

impl Access {
    pub const ALL: [Access; 5] = [
        Access::Open,
        Access::Registration,
        Access::Credentialed,
        Access::Request,
        Access::Unknown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Access::Open => "open",
            Access::Registration => "registration",
            Access::Credentialed => "credentialed",
            Access::Request => "request",
            Access::Unknown => "unknown",
        }
    }

    /// The level as a badge for the detail view: `OPEN`, `REGISTRATION`,
    /// `CREDENTIALED`, `REQUEST`, `UNKNOWN`.
    pub fn badge(self) -> &'static str {
        match self {
            Access::Open => "OPEN",
            Access::Registration => "REGISTRATION",
            Access::Credentialed => "CREDENTIALED",
            Access::Request => "REQUEST",
            Access::Unknown => "UNKNOWN",
        }
    }

    /// One narrow ASCII character per level, for a column in a list: blank
    /// for open (nothing to do), `r` registration, `C` credentialed, `?`
    /// request (someone has to say yes), `~` unknown (the source did not
    /// say). ASCII only, so it is one cell wide in every terminal and
    /// survives NO_COLOR.
    pub fn marker(self) -> char {
        match self {
            Access::Open => ' ',
            Access::Registration => 'r',
            Access::Credentialed => 'C',
            Access::Request => '?',
            Access::Unknown => '~',
        }
    }

    /// What getting the data takes, in a few words.
    pub fn requirements(self) -> &'static str {
        match self {
            Access::Open => "none: direct download",
            Access::Registration => "free account and click-through terms",
            Access::Credentialed => "identity check, human-subjects training and a signed DUA",
            Access::Request => "an application reviewed by the data owners",
            Access::Unknown => "not stated by the source: check the dataset's page",
        }
    }
}

impl fmt::Display for Access {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Domain {
    #[default]
    Medical,
    General,
}

impl Domain {
    pub const ALL: [Domain; 2] = [Domain::Medical, Domain::General];

    pub fn as_str(self) -> &'static str {
        match self {
            Domain::Medical => "medical",
            Domain::General => "general",
        }
    }
}

impl Dataset {
    /// Whether `field` (a [`CHECKABLE_FIELDS`] name) is marked unconfirmed.
    pub fn is_unconfirmed(&self, field: &str) -> bool {
        self.verified
            .as_ref()
            .is_some_and(|v| v.unconfirmed.iter().any(|f| f == field))
    }

    /// The notes in `lang`, falling back to English.
    pub fn notes_in(&self, lang: Lang) -> Option<&str> {
        match (lang, &self.notes_zh) {
            (Lang::Zh, Some(zh)) if !zh.trim().is_empty() => Some(zh),
            _ => self.notes.as_deref().filter(|n| !n.trim().is_empty()),
        }
    }

    /// The URL that `y`, `o` and `urls | head -1` act on.
    pub fn primary_url(&self) -> Option<&str> {
        self.urls.first().map(|link| link.url.as_ref())
    }
}

impl Catalog {
    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    pub fn dataset(&self, id: &str) -> Option<&Dataset> {
        self.datasets.iter().find(|d| d.id == id)
    }

    /// A dataset by id, name or alias, ignoring case.
    pub fn find(&self, wanted: &str) -> Option<&Dataset> {
        let wanted = wanted.trim();
        self.datasets
            .iter()
            .find(|d| d.id.eq_ignore_ascii_case(wanted))
            .or_else(|| {
                let lower = wanted.to_lowercase();
                self.datasets.iter().find(|d| {
                    d.name.to_lowercase() == lower
                        || d.aliases.iter().any(|a| a.to_lowercase() == lower)
                })
            })
    }

    /// The ids closest to a mistyped one, best first.
    pub fn suggest(&self, wanted: &str) -> Vec<String> {
        let lower = wanted.trim().to_lowercase();
        let mut scored: Vec<(f64, &str)> = self
            .datasets
            .iter()
            .map(|d| {
                let names = std::iter::once(d.id.to_lowercase())
                    .chain(std::iter::once(d.name.to_lowercase()))
                    .chain(d.aliases.iter().map(|a| a.to_lowercase()));
                let best = names
                    .map(|name| {
                        let similarity = strsim::jaro_winkler(&lower, &name);
                        if !lower.is_empty()
                            && (name.starts_with(&lower) || lower.starts_with(&name))
                        {
                            similarity.max(0.9)
                        } else {
                            similarity
                        }
                    })
                    .fold(0.0, f64::max);
                (best, d.id.as_ref())
            })
            .filter(|(score, _)| *score >= 0.75)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        scored
            .into_iter()
            .take(3)
            .map(|(_, id)| id.to_string())
            .collect()
    }

    /// Number of (category, dataset) pairs: a dataset in two categories counts twice.
    pub fn membership_count(&self) -> usize {
        self.datasets.iter().map(|d| d.categories.len()).sum()
    }
}

impl Category {
    pub fn name_in(&self, lang: Lang) -> &str {
        match (lang, &self.name_zh) {
            (Lang::Zh, Some(zh)) if !zh.trim().is_empty() => zh,
            _ => &self.name,
        }
    }

    pub fn description_in(&self, lang: Lang) -> Option<&str> {
        match (lang, &self.description_zh, &self.description) {
            (Lang::Zh, Some(zh), _) if !zh.trim().is_empty() => Some(zh),
            (_, _, Some(en)) => Some(en),
            (_, zh, None) => zh.as_deref(),
        }
    }
}

impl Dataset {
    /// The summary in `lang`, falling back to English where no translation exists.
    pub fn summary_in(&self, lang: Lang) -> &str {
        match (lang, &self.summary_zh) {
            (Lang::Zh, Some(zh)) if !zh.trim().is_empty() => zh,
            _ => &self.summary,
        }
    }

    /// The summary in the other language, when there is one.
    pub fn other_summary(&self, lang: Lang) -> Option<&str> {
        match lang {
            Lang::En => self
                .summary_zh
                .as_deref()
                .filter(|zh| !zh.trim().is_empty()),
            Lang::Zh
                if self
                    .summary_zh
                    .as_deref()
                    .is_some_and(|zh| !zh.trim().is_empty()) =>
            {
                Some(&self.summary)
            }
            Lang::Zh => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_fall_back_to_english() {
        let catalog = crate::catalog::Catalog::embedded();
        let mut d = catalog.datasets[0].clone();
        d.summary_zh = None;
        assert_eq!(d.summary_in(Lang::Zh), d.summary);
        assert_eq!(d.other_summary(Lang::Zh), None);
        assert_eq!(d.other_summary(Lang::En), None);
    }
}
