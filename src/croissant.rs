//! A dataset as Croissant 1.0 metadata (MLCommons' JSON-LD extension of
//! schema.org/Dataset), for `medsets export --format croissant`.
//!
//! Metadata only: what the catalog knows (name, summary, links, licence,
//! citations, year, facets, access), no `distribution`, because Croissant
//! `FileObject`s need checksums the catalog does not hold and the validator
//! rejects them without one. Facts the catalog does not know (a licence, a
//! year, a version where no data citation names one) are left out rather
//! than guessed; `mlcroissant` only warns about those.
//!
//! Text is passed through as data: serde escapes it for JSON, and nothing
//! here is meant for a terminal. The description is the English summary,
//! as the context's `@language` says.

use serde::Serialize;
use serde_json::{Value, json};

use crate::catalog::{Access, CitationRole, Dataset};
use crate::cite;
use crate::download::{self, Source};

/// The version of Croissant the documents conform to, as `conformsTo`
/// names it.
pub const CONFORMS_TO: &str = "http://mlcommons.org/croissant/1.0";

/// The JSON-LD `@context` of a Croissant 1.0 document: exactly the one
/// `mlcroissant` (1.1) builds for 1.0 (`mlcroissant/_src/core/rdf.py`,
/// `make_context`) and compares documents against; any key it lacks makes
/// the validator warn that the context is not standard.
pub fn context() -> Value {
    json!({
        "@language": "en",
        "@vocab": "https://schema.org/",
        "citeAs": "cr:citeAs",
        "column": "cr:column",
        "conformsTo": "dct:conformsTo",
        "cr": "http://mlcommons.org/croissant/",
        "rai": "http://mlcommons.org/croissant/RAI/",
        "data": { "@id": "cr:data", "@type": "@json" },
        "dataType": { "@id": "cr:dataType", "@type": "@vocab" },
        "dct": "http://purl.org/dc/terms/",
        "equivalentProperty": "cr:equivalentProperty",
        "examples": { "@id": "cr:examples", "@type": "@json" },
        "extract": "cr:extract",
        "field": "cr:field",
        "fileProperty": "cr:fileProperty",
        "fileObject": "cr:fileObject",
        "fileSet": "cr:fileSet",
        "format": "cr:format",
        "includes": "cr:includes",
        "isLiveDataset": "cr:isLiveDataset",
        "jsonPath": "cr:jsonPath",
        "key": "cr:key",
        "md5": "cr:md5",
        "parentField": "cr:parentField",
        "path": "cr:path",
        "recordSet": "cr:recordSet",
        "references": "cr:references",
        "regex": "cr:regex",
        "repeated": "cr:repeated",
        "replace": "cr:replace",
        "samplingRate": "cr:samplingRate",
        "sc": "https://schema.org/",
        "separator": "cr:separator",
        "source": "cr:source",
        "subField": "cr:subField",
        "transform": "cr:transform"
    })
}

/// One dataset's Croissant document; serialize it with serde.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Document<'a> {
    #[serde(rename = "@context")]
    pub context: Value,
    #[serde(rename = "@type")]
    pub kind: &'static str,
    pub conforms_to: &'static str,
    pub name: &'a str,
    pub description: &'a str,
    /// The homepage, else the primary download link.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<&'a str>,
    /// The catalog's licence text as it stands (often not an SPDX id).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub license: Option<&'a str>,
    /// BibTeX: every entry the dataset asks to be cited with, as
    /// `medsets cite ID` prints them; else a plain reference to its paper.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cite_as: Option<String>,
    /// The year (ISO 8601 allows a year alone).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_published: Option<String>,
    /// The version of the data the catalog cites (a data citation's BibTeX
    /// `version`, when there is one and it is confirmed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Modalities, body regions and tasks, each once.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub in_language: Vec<&'a str>,
    /// Every download link, primary first (paper pages left out).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub same_as: Vec<&'a str>,
    pub conditions_of_access: String,
    pub is_accessible_for_free: bool,
    /// The Croissant documents the hosts publish of their own (Hugging
    /// Face, Kaggle), which describe the files.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub subject_of: Vec<HostDocument>,
}

/// A Croissant document a host publishes about the same dataset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HostDocument {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    pub name: String,
    pub encoding_format: &'static str,
    pub url: String,
}

/// `dataset` as a Croissant 1.0 document.
pub fn document(dataset: &Dataset) -> Document<'_> {
    Document {
        context: context(),
        kind: "sc:Dataset",
        conforms_to: CONFORMS_TO,
        name: &dataset.name,
        description: &dataset.summary,
        url: dataset
            .homepage
            .as_deref()
            .or_else(|| dataset.urls.first().map(|link| link.url.as_ref())),
        license: dataset.license.as_deref(),
        cite_as: cite_as(dataset),
        date_published: dataset.year.map(|year| format!("{year:04}")),
        version: version(dataset),
        keywords: keywords(dataset),
        in_language: dataset.languages.iter().map(|text| text.as_ref()).collect(),
        same_as: download_links(dataset),
        conditions_of_access: conditions_of_access(dataset.access),
        is_accessible_for_free: is_free(dataset.access),
        subject_of: host_documents(dataset),
    }
}

/// What getting the data takes, in the words `medsets show` uses.
pub fn conditions_of_access(access: Access) -> String {
    format!(
        "Access: {}. Requires: {}.",
        access.as_str(),
        access.requirements()
    )
}

/// Free to anyone without someone's approval: open data, or a free account
/// and click-through terms. Credentialed and request-only data are not
/// (no fee is asked, but access depends on a review), nor is a level the
/// catalog does not know, so a new `Access` level counts as not free until
/// it is added here.
pub fn is_free(access: Access) -> bool {
    matches!(access, Access::Open | Access::Registration)
}

fn cite_as(dataset: &Dataset) -> Option<String> {
    let bibtex = cite::bibtex([dataset]);
    let bibtex = bibtex.trim();
    if !bibtex.is_empty() {
        return Some(bibtex.to_string());
    }
    let paper = dataset.paper.as_ref()?;
    let mut text = paper.title.trim().to_string();
    for part in [
        paper.venue.as_deref().map(str::to_string),
        paper.year.map(|y| y.to_string()),
        paper.id.as_deref().map(str::to_string),
    ]
    .into_iter()
    .flatten()
    {
        text.push_str(". ");
        text.push_str(part.trim());
    }
    Some(text)
}

/// The dataset's links but its paper's (a paper is cited, in `citeAs`; it
/// is not the dataset).
fn download_links(dataset: &Dataset) -> Vec<&str> {
    once_each(
        dataset
            .urls
            .iter()
            .filter(|link| download::for_url(dataset, &link.url).source != Source::Paper)
            .map(|link| link.url.as_ref()),
    )
}

/// The one version the dataset's data citations name; none when they name
/// none, several, or one only a secondary source gives.
fn version(dataset: &Dataset) -> Option<String> {
    let mut versions = dataset
        .citations
        .iter()
        .filter(|c| c.role == CitationRole::Data)
        .filter(|c| !c.unconfirmed.iter().any(|f| f == "version"))
        .filter_map(|c| cite::reference(c)?.version);
    let first = versions.next()?;
    versions.all(|v| v == first).then_some(first)
}

fn keywords(dataset: &Dataset) -> Vec<&str> {
    once_each(
        dataset
            .modalities
            .iter()
            .chain(&dataset.body_regions)
            .chain(&dataset.tasks)
            .map(|text| text.as_ref()),
    )
}

/// Each item once (ignoring case), in order.
fn once_each<'a>(items: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for item in items {
        if !out.iter().any(|seen| seen.eq_ignore_ascii_case(item)) {
            out.push(item);
        }
    }
    out
}

/// The hosts' own Croissant endpoints, as the Croissant project's README
/// (mlcommons/croissant, "Integrations") documents them: Hugging Face's API
/// `/api/datasets/OWNER/NAME/croissant`, Kaggle's
/// `/datasets/OWNER/SLUG/croissant/download`.
fn host_documents(dataset: &Dataset) -> Vec<HostDocument> {
    let mut out: Vec<HostDocument> = Vec::new();
    for link in &dataset.urls {
        let Some((source, repo)) = download::repository(&link.url) else {
            continue;
        };
        let (host, url) = match source {
            Source::HuggingFace => (
                "Hugging Face",
                format!("https://huggingface.co/api/datasets/{repo}/croissant"),
            ),
            Source::Kaggle => (
                "Kaggle",
                format!("https://www.kaggle.com/datasets/{repo}/croissant/download"),
            ),
            _ => continue,
        };
        if out.iter().all(|d| d.url != url) {
            out.push(HostDocument {
                kind: "sc:CreativeWork",
                name: format!("Croissant metadata of {repo}, published by {host}"),
                encoding_format: "application/ld+json",
                url,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    fn embedded(id: &str) -> Dataset {
        Catalog::embedded()
            .dataset(id)
            .unwrap_or_else(|| panic!("{id} is in the embedded catalog"))
            .clone()
    }

    #[test]
    fn every_level_says_what_it_takes() {
        for access in Access::ALL {
            let text = conditions_of_access(access);
            assert!(text.starts_with(&format!("Access: {}. ", access.as_str())));
            assert!(text.contains(access.requirements()), "{text}");
        }
        assert!(is_free(Access::Open) && is_free(Access::Registration));
        assert!(!is_free(Access::Credentialed) && !is_free(Access::Request));
    }

    #[test]
    fn a_hugging_face_dataset_names_the_hosts_document() {
        let hosts = |id: &str| -> Vec<String> {
            host_documents(&embedded(id))
                .into_iter()
                .map(|d| d.url)
                .collect()
        };
        assert_eq!(
            hosts("vqa-rad"),
            ["https://huggingface.co/api/datasets/flaviagiammarino/vqa-rad/croissant"]
        );
        assert_eq!(
            hosts("fumpe"),
            [
                "https://www.kaggle.com/datasets/andrewmvd/pulmonary-embolism-in-ct-images/croissant/download"
            ]
        );
        // An organisation page is not a dataset; PhysioNet has no endpoint.
        assert_eq!(hosts("medical-meadow").len(), 1);
        assert!(hosts("mimic-cxr").is_empty());
    }

    #[test]
    fn unknown_facts_are_left_out_and_text_stays_data() {
        let mut d = embedded("vqa-rad");
        d.license = None;
        d.year = None;
        d.citations.clear();
        d.paper = None;
        d.homepage = None;
        d.name = "A \"quoted\"\u{202e} name\n\u{1b}[31m".into();
        let value = serde_json::to_value(document(&d)).unwrap();
        for absent in ["license", "datePublished", "citeAs"] {
            assert!(value.get(absent).is_none(), "{absent}: {value}");
        }
        assert_eq!(value["url"], d.urls[0].url.as_ref());
        let text = serde_json::to_string(&document(&d)).unwrap();
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["name"], d.name.as_ref());
    }

    #[test]
    fn a_paper_without_bibtex_is_cited_in_plain_text() {
        let mut d = embedded("vqa-rad");
        d.citations.clear();
        let cite = cite_as(&d).expect("the paper");
        assert!(
            cite.starts_with(d.paper.as_ref().unwrap().title.trim()),
            "{cite}"
        );
    }

    #[test]
    fn the_version_is_the_one_data_citations_name() {
        assert_eq!(version(&embedded("mimic-cxr")).as_deref(), Some("2.1.0"));
        assert_eq!(version(&embedded("vqa-rad")), None);
        let mut d = embedded("mimic-cxr");
        let mut other = d.citations[1].clone();
        other.bibtex = other.bibtex.replace("2.1.0}", "2.0.0}").into();
        d.citations.push(other);
        assert_eq!(version(&d), None, "two versions: neither");
        let mut d = embedded("mimic-cxr");
        d.citations[1].unconfirmed.push("version".into());
        assert_eq!(version(&d), None, "unconfirmed");
    }

    #[test]
    fn keywords_are_facets_each_once() {
        let mut d = embedded("vqa-rad");
        d.modalities = vec!["CT".into(), "X-ray".into()];
        d.body_regions = vec!["Chest".into(), "ct".into()];
        d.tasks = vec!["VQA".into()];
        assert_eq!(keywords(&d), ["CT", "X-ray", "Chest", "VQA"]);
    }
}
