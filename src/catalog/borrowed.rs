//! Datasets read in place from the catalog text, and the one trait that lets
//! validation and search text treat them like owned [`Dataset`]s.
//!
//! `medsets search` reads a catalog once and prints a few of its datasets.
//! Copying every string of a 100,000-entry file into owned datasets, only to
//! drop nearly all of them, was most of its time; a [`DatasetView`] borrows
//! each string that has no JSON escapes and copies only those that do.
//! It has exactly the fields and types of [`Dataset`], so a file is valid
//! read either way (the tests compare the two loaders on every hostile
//! catalog they generate).

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::{Deserializer, Visitor};

use crate::catalog::{
    Access, Citation, CitationRole, Dataset, Domain, Link, Paper, Relation, RelationKind,
    SizeFigure, Verified,
};

/// What validation and the search index read of a dataset, whether it is
/// owned or borrowed from the catalog text.
pub trait DatasetText: Sync {
    fn id(&self) -> &str;
    fn name(&self) -> &str;
    fn aliases(&self) -> impl Iterator<Item = &str>;
    fn category_ids(&self) -> impl Iterator<Item = &str>;
    fn summary(&self) -> &str;
    fn summary_zh(&self) -> Option<&str>;
    fn modalities(&self) -> impl Iterator<Item = &str>;
    fn body_regions(&self) -> impl Iterator<Item = &str>;
    fn tasks(&self) -> impl Iterator<Item = &str>;
    fn languages(&self) -> impl Iterator<Item = &str>;
    fn license(&self) -> Option<&str>;
    fn homepage(&self) -> Option<&str>;
    /// Each download link as (label, url).
    fn links(&self) -> impl Iterator<Item = (&str, &str)>;
    fn access(&self) -> Access;
    fn domain(&self) -> Domain;
    fn year(&self) -> Option<u16>;
    fn citations(&self) -> Vec<CitationRef<'_>>;
    /// Each relation as (other id, relation).
    fn related(&self) -> impl Iterator<Item = (&str, RelationKind)>;
    fn notes(&self) -> Option<&str>;
    fn notes_zh(&self) -> Option<&str>;
    fn verified(&self) -> Option<VerifiedRef<'_>>;
    /// The catalog it came from.
    fn source(&self) -> &crate::catalog::Source;
    /// `"override": true`: it replaces an earlier catalog's dataset.
    fn overrides(&self) -> bool;
    /// Sets where it came from, and consumes `override` (see [`crate::catalog::Layers`]).
    fn settle(&mut self, source: &crate::catalog::Source);
}

/// A citation as validation reads it, owned or borrowed alike.
pub struct CitationRef<'a> {
    pub role: CitationRole,
    pub bibtex: &'a str,
    pub unconfirmed: Vec<&'a str>,
}

/// `verified` as validation reads it.
pub struct VerifiedRef<'a> {
    pub date: &'a str,
    pub sources: Vec<&'a str>,
    pub unconfirmed: Vec<&'a str>,
}

impl DatasetText for Dataset {
    fn source(&self) -> &crate::catalog::Source {
        &self.source
    }
    fn overrides(&self) -> bool {
        self.overrides
    }
    fn settle(&mut self, source: &crate::catalog::Source) {
        self.source = source.clone();
        self.overrides = false;
    }
    fn id(&self) -> &str {
        &self.id
    }
    fn name(&self) -> &str {
        &self.name
    }
    fn aliases(&self) -> impl Iterator<Item = &str> {
        self.aliases.iter().map(|text| text.as_ref())
    }
    fn category_ids(&self) -> impl Iterator<Item = &str> {
        self.categories.iter().map(|text| text.as_ref())
    }
    fn summary(&self) -> &str {
        &self.summary
    }
    fn summary_zh(&self) -> Option<&str> {
        self.summary_zh.as_deref()
    }
    fn modalities(&self) -> impl Iterator<Item = &str> {
        self.modalities.iter().map(|text| text.as_ref())
    }
    fn body_regions(&self) -> impl Iterator<Item = &str> {
        self.body_regions.iter().map(|text| text.as_ref())
    }
    fn tasks(&self) -> impl Iterator<Item = &str> {
        self.tasks.iter().map(|text| text.as_ref())
    }
    fn languages(&self) -> impl Iterator<Item = &str> {
        self.languages.iter().map(|text| text.as_ref())
    }
    fn license(&self) -> Option<&str> {
        self.license.as_deref()
    }
    fn homepage(&self) -> Option<&str> {
        self.homepage.as_deref()
    }
    fn links(&self) -> impl Iterator<Item = (&str, &str)> {
        self.urls
            .iter()
            .map(|link| (link.label.as_ref(), link.url.as_ref()))
    }
    fn access(&self) -> Access {
        self.access
    }
    fn domain(&self) -> Domain {
        self.domain
    }
    fn year(&self) -> Option<u16> {
        self.year
    }
    fn citations(&self) -> Vec<CitationRef<'_>> {
        self.citations
            .iter()
            .map(|c| CitationRef {
                role: c.role,
                bibtex: &c.bibtex,
                unconfirmed: c.unconfirmed.iter().map(|text| text.as_ref()).collect(),
            })
            .collect()
    }
    fn related(&self) -> impl Iterator<Item = (&str, RelationKind)> {
        self.related.iter().map(|r| (r.id.as_ref(), r.relation))
    }
    fn notes(&self) -> Option<&str> {
        self.notes.as_deref()
    }
    fn notes_zh(&self) -> Option<&str> {
        self.notes_zh.as_deref()
    }
    fn verified(&self) -> Option<VerifiedRef<'_>> {
        self.verified.as_ref().map(|v| VerifiedRef {
            date: &v.date,
            sources: v.sources.iter().map(|text| text.as_ref()).collect(),
            unconfirmed: v.unconfirmed.iter().map(|text| text.as_ref()).collect(),
        })
    }
}

/// A JSON string of the catalog: borrowed when it has no escapes.
#[derive(Debug, Clone, PartialEq)]
pub struct Text<'a>(Cow<'a, str>);

impl<'a> Text<'a> {
    pub(super) fn borrowed(text: &'a str) -> Text<'a> {
        Text(Cow::Borrowed(text))
    }
}

impl Text<'_> {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    fn owned(&self) -> crate::catalog::Text {
        Cow::Owned(self.0.clone().into_owned())
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Cow<'de, str>;
            // The words `String` uses, so type errors read the same either way.
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, text: &'de str) -> Result<Self::Value, E> {
                Ok(Cow::Borrowed(text))
            }
            fn visit_str<E>(self, text: &str) -> Result<Self::Value, E> {
                Ok(Cow::Owned(text.to_owned()))
            }
            fn visit_string<E>(self, text: String) -> Result<Self::Value, E> {
                Ok(Cow::Owned(text))
            }
        }
        deserializer.deserialize_string(TextVisitor).map(Text)
    }
}

/// The borrowed forms carry the owned forms' type names, because serde
/// names the type in its messages ("expected struct Paper with 4
/// elements") and a catalog's problems must read the same however it is
/// loaded.
mod same_names {
    use serde::Deserialize;

    use super::Text;
    use crate::catalog::{Access, CitationRole, Domain, RelationKind};

    /// A [`crate::catalog::Dataset`] borrowed from the catalog text: the same fields, types,
    /// defaults and unknown-field rule, and the same names in error messages.
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Dataset<'a> {
        #[serde(borrow)]
        pub(in crate::catalog) id: Text<'a>,
        #[serde(borrow)]
        pub(in crate::catalog) name: Text<'a>,
        #[serde(default, borrow)]
        pub(in crate::catalog) aliases: Vec<Text<'a>>,
        #[serde(borrow)]
        pub(in crate::catalog) categories: Vec<Text<'a>>,
        #[serde(borrow)]
        pub(in crate::catalog) summary: Text<'a>,
        #[serde(default, borrow)]
        pub(in crate::catalog) summary_zh: Option<Text<'a>>,
        #[serde(default, borrow)]
        pub(in crate::catalog) modalities: Vec<Text<'a>>,
        #[serde(default, borrow)]
        pub(in crate::catalog) body_regions: Vec<Text<'a>>,
        #[serde(default, borrow)]
        pub(in crate::catalog) tasks: Vec<Text<'a>>,
        #[serde(default, borrow)]
        pub(in crate::catalog) size: Vec<SizeFigure<'a>>,
        #[serde(default)]
        pub(in crate::catalog) size_bytes: Option<u64>,
        #[serde(default, borrow)]
        pub(in crate::catalog) languages: Vec<Text<'a>>,
        pub(in crate::catalog) access: Access,
        #[serde(default, borrow)]
        pub(in crate::catalog) license: Option<Text<'a>>,
        #[serde(default)]
        pub(in crate::catalog) year: Option<u16>,
        #[serde(default, borrow)]
        pub(in crate::catalog) paper: Option<Paper<'a>>,
        #[serde(default, borrow)]
        pub(in crate::catalog) homepage: Option<Text<'a>>,
        #[serde(borrow)]
        pub(in crate::catalog) urls: Vec<Link<'a>>,
        #[serde(default)]
        pub(in crate::catalog) domain: Domain,
        #[serde(default, borrow)]
        pub(in crate::catalog) citations: Vec<Citation<'a>>,
        #[serde(default, borrow)]
        pub(in crate::catalog) related: Vec<Relation<'a>>,
        #[serde(default, borrow)]
        pub(in crate::catalog) notes: Option<Text<'a>>,
        #[serde(default, borrow)]
        pub(in crate::catalog) notes_zh: Option<Text<'a>>,
        #[serde(default, borrow)]
        pub(in crate::catalog) verified: Option<Verified<'a>>,
        #[serde(default, rename = "override")]
        pub(crate) overrides: bool,
        #[serde(skip)]
        pub(crate) source: crate::catalog::Source,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Citation<'a> {
        pub(in crate::catalog) role: CitationRole,
        #[serde(borrow)]
        pub(in crate::catalog) bibtex: Text<'a>,
        #[serde(default, borrow)]
        pub(in crate::catalog) unconfirmed: Vec<Text<'a>>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Relation<'a> {
        #[serde(borrow)]
        pub(in crate::catalog) id: Text<'a>,
        pub(in crate::catalog) relation: RelationKind,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Verified<'a> {
        #[serde(borrow)]
        pub(in crate::catalog) date: Text<'a>,
        #[serde(default, borrow)]
        pub(in crate::catalog) sources: Vec<Text<'a>>,
        #[serde(default, borrow)]
        pub(in crate::catalog) unconfirmed: Vec<Text<'a>>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct SizeFigure<'a> {
        pub(in crate::catalog) value: u64,
        #[serde(borrow)]
        pub(in crate::catalog) unit: Text<'a>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Paper<'a> {
        #[serde(borrow)]
        pub(in crate::catalog) title: Text<'a>,
        #[serde(default, borrow)]
        pub(in crate::catalog) venue: Option<Text<'a>>,
        #[serde(default)]
        pub(in crate::catalog) year: Option<u16>,
        #[serde(default, borrow)]
        pub(in crate::catalog) id: Option<Text<'a>>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Link<'a> {
        #[serde(borrow)]
        pub(in crate::catalog) label: Text<'a>,
        #[serde(borrow)]
        pub(in crate::catalog) url: Text<'a>,
    }
}

pub use same_names::Dataset as DatasetView;
pub(super) use same_names::{
    Citation as CitationView, Link as LinkView, Paper as PaperView, Relation as RelationView,
    SizeFigure as SizeFigureView, Verified as VerifiedView,
};

fn strs<'s>(texts: &'s [Text<'_>]) -> impl Iterator<Item = &'s str> {
    texts.iter().map(Text::as_str)
}

fn owned(texts: &[Text<'_>]) -> Vec<crate::catalog::Text> {
    texts.iter().map(Text::owned).collect()
}

impl DatasetView<'_> {
    /// The owned dataset, for the few that get printed.
    pub fn to_dataset(&self) -> Dataset {
        Dataset {
            id: self.id.owned(),
            name: self.name.owned(),
            aliases: owned(&self.aliases),
            categories: owned(&self.categories),
            summary: self.summary.owned(),
            summary_zh: self.summary_zh.as_ref().map(Text::owned),
            modalities: owned(&self.modalities),
            body_regions: owned(&self.body_regions),
            tasks: owned(&self.tasks),
            size: self
                .size
                .iter()
                .map(|figure| SizeFigure {
                    value: figure.value,
                    unit: figure.unit.owned(),
                })
                .collect(),
            size_bytes: self.size_bytes,
            languages: owned(&self.languages),
            access: self.access,
            license: self.license.as_ref().map(Text::owned),
            year: self.year,
            paper: self.paper.as_ref().map(|paper| Paper {
                title: paper.title.owned(),
                venue: paper.venue.as_ref().map(Text::owned),
                year: paper.year,
                id: paper.id.as_ref().map(Text::owned),
            }),
            homepage: self.homepage.as_ref().map(Text::owned),
            urls: self
                .urls
                .iter()
                .map(|link| Link {
                    label: link.label.owned(),
                    url: link.url.owned(),
                })
                .collect(),
            domain: self.domain,
            citations: self
                .citations
                .iter()
                .map(|c| Citation {
                    role: c.role,
                    bibtex: c.bibtex.owned(),
                    unconfirmed: owned(&c.unconfirmed),
                })
                .collect(),
            related: self
                .related
                .iter()
                .map(|r| Relation {
                    id: r.id.owned(),
                    relation: r.relation,
                })
                .collect(),
            notes: self.notes.as_ref().map(Text::owned),
            notes_zh: self.notes_zh.as_ref().map(Text::owned),
            verified: self.verified.as_ref().map(|v| Verified {
                date: v.date.owned(),
                sources: owned(&v.sources),
                unconfirmed: owned(&v.unconfirmed),
            }),
            overrides: self.overrides,
            source: self.source.clone(),
        }
    }
}

fn moved(texts: Vec<Text<'static>>) -> Vec<crate::catalog::Text> {
    texts.into_iter().map(|text| text.0).collect()
}

impl DatasetView<'static> {
    /// The dataset, its strings moved, not copied: those borrowed from
    /// text that lives as long as the process stay borrowed.
    pub fn into_dataset(self) -> Dataset {
        Dataset {
            id: self.id.0,
            name: self.name.0,
            aliases: moved(self.aliases),
            categories: moved(self.categories),
            summary: self.summary.0,
            summary_zh: self.summary_zh.map(|text| text.0),
            modalities: moved(self.modalities),
            body_regions: moved(self.body_regions),
            tasks: moved(self.tasks),
            size: self
                .size
                .into_iter()
                .map(|figure| SizeFigure {
                    value: figure.value,
                    unit: figure.unit.0,
                })
                .collect(),
            size_bytes: self.size_bytes,
            languages: moved(self.languages),
            access: self.access,
            license: self.license.map(|text| text.0),
            year: self.year,
            paper: self.paper.map(|paper| Paper {
                title: paper.title.0,
                venue: paper.venue.map(|text| text.0),
                year: paper.year,
                id: paper.id.map(|text| text.0),
            }),
            homepage: self.homepage.map(|text| text.0),
            urls: self
                .urls
                .into_iter()
                .map(|link| Link {
                    label: link.label.0,
                    url: link.url.0,
                })
                .collect(),
            domain: self.domain,
            citations: self
                .citations
                .into_iter()
                .map(|c| Citation {
                    role: c.role,
                    bibtex: c.bibtex.0,
                    unconfirmed: moved(c.unconfirmed),
                })
                .collect(),
            related: self
                .related
                .into_iter()
                .map(|r| Relation {
                    id: r.id.0,
                    relation: r.relation,
                })
                .collect(),
            notes: self.notes.map(|text| text.0),
            notes_zh: self.notes_zh.map(|text| text.0),
            verified: self.verified.map(|v| Verified {
                date: v.date.0,
                sources: moved(v.sources),
                unconfirmed: moved(v.unconfirmed),
            }),
            overrides: self.overrides,
            source: self.source,
        }
    }
}

impl DatasetText for DatasetView<'_> {
    fn source(&self) -> &crate::catalog::Source {
        &self.source
    }
    fn overrides(&self) -> bool {
        self.overrides
    }
    fn settle(&mut self, source: &crate::catalog::Source) {
        self.source = source.clone();
        self.overrides = false;
    }
    fn id(&self) -> &str {
        self.id.as_str()
    }
    fn name(&self) -> &str {
        self.name.as_str()
    }
    fn aliases(&self) -> impl Iterator<Item = &str> {
        strs(&self.aliases)
    }
    fn category_ids(&self) -> impl Iterator<Item = &str> {
        strs(&self.categories)
    }
    fn summary(&self) -> &str {
        self.summary.as_str()
    }
    fn summary_zh(&self) -> Option<&str> {
        self.summary_zh.as_ref().map(Text::as_str)
    }
    fn modalities(&self) -> impl Iterator<Item = &str> {
        strs(&self.modalities)
    }
    fn body_regions(&self) -> impl Iterator<Item = &str> {
        strs(&self.body_regions)
    }
    fn tasks(&self) -> impl Iterator<Item = &str> {
        strs(&self.tasks)
    }
    fn languages(&self) -> impl Iterator<Item = &str> {
        strs(&self.languages)
    }
    fn license(&self) -> Option<&str> {
        self.license.as_ref().map(Text::as_str)
    }
    fn homepage(&self) -> Option<&str> {
        self.homepage.as_ref().map(Text::as_str)
    }
    fn links(&self) -> impl Iterator<Item = (&str, &str)> {
        self.urls
            .iter()
            .map(|link| (link.label.as_str(), link.url.as_str()))
    }
    fn access(&self) -> Access {
        self.access
    }
    fn domain(&self) -> Domain {
        self.domain
    }
    fn year(&self) -> Option<u16> {
        self.year
    }
    fn citations(&self) -> Vec<CitationRef<'_>> {
        self.citations
            .iter()
            .map(|c| CitationRef {
                role: c.role,
                bibtex: c.bibtex.as_str(),
                unconfirmed: strs(&c.unconfirmed).collect(),
            })
            .collect()
    }
    fn related(&self) -> impl Iterator<Item = (&str, RelationKind)> {
        self.related.iter().map(|r| (r.id.as_str(), r.relation))
    }
    fn notes(&self) -> Option<&str> {
        self.notes.as_ref().map(Text::as_str)
    }
    fn notes_zh(&self) -> Option<&str> {
        self.notes_zh.as_ref().map(Text::as_str)
    }
    fn verified(&self) -> Option<VerifiedRef<'_>> {
        self.verified.as_ref().map(|v| VerifiedRef {
            date: v.date.as_str(),
            sources: strs(&v.sources).collect(),
            unconfirmed: strs(&v.unconfirmed).collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Catalog, EMBEDDED_JSON};

    #[test]
    fn views_of_the_embedded_catalog_equal_its_datasets() {
        #[derive(Deserialize)]
        struct Views<'a> {
            #[serde(borrow)]
            datasets: Vec<DatasetView<'a>>,
        }
        let owned = Catalog::embedded();
        let views: Views = serde_json::from_str(EMBEDDED_JSON).unwrap();
        let converted: Vec<Dataset> = views.datasets.iter().map(DatasetView::to_dataset).collect();
        assert_eq!(converted, owned.datasets);
    }

    #[test]
    fn strings_without_escapes_are_borrowed_and_escaped_ones_decoded() {
        let json = r#"{"id":"a","name":"A \"quoted\" name","categories":["c"],"summary":"s","access":"open","urls":[{"label":"l","url":"https://x.org"}]}"#;
        let view: DatasetView = serde_json::from_str(json).unwrap();
        assert!(matches!(view.id.0, Cow::Borrowed("a")));
        assert_eq!(view.name.as_str(), "A \"quoted\" name");
        assert!(matches!(view.name.0, Cow::Owned(_)));
    }

    #[test]
    fn type_errors_read_as_they_do_for_owned_datasets() {
        let json =
            r#"{"id":5,"name":"n","categories":["c"],"summary":"s","access":"open","urls":[]}"#;
        let owned = serde_json::from_str::<Dataset>(json).unwrap_err();
        let view = serde_json::from_str::<DatasetView>(json).unwrap_err();
        assert_eq!(owned.to_string(), view.to_string());
    }
}
