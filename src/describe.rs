//! The one description of a dataset: its facts in order, each with a label
//! in English and Chinese, its summaries and its download links with the
//! shell command for each. The TUI detail panel, `medsets show` and the
//! Markdown export all render this, so they cannot disagree about what a
//! dataset is or how a fact is worded; they differ only in layout.
//!
//! Values are sanitized here (one line each), so renderers need not.

use crate::catalog::{Access, Catalog, Dataset, Domain, Paper, RelationKind, SizeFigure};
use crate::cite;
use crate::download;
use crate::format;
use crate::lang::Lang;
use crate::sanitize;

/// One labelled fact, e.g. `Modality: CT, MRI`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    pub key: FactKey,
    pub label: &'static str,
    pub value: String,
}

/// Which fact this is, so a renderer can style one (the access badge, a
/// link) without matching on wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactKey {
    Aliases,
    Categories,
    Access(Access),
    Licence,
    Requires,
    Modality,
    Region,
    Tasks,
    Size,
    Year,
    Languages,
    Domain,
    Paper,
    Homepage,
    Verified,
    /// The catalog file a dataset came from (not said for the embedded one).
    Source,
}

impl FactKey {
    /// The catalog fields behind a fact, as `verified.unconfirmed` names them.
    fn fields(self) -> &'static [&'static str] {
        match self {
            FactKey::Access(_) => &["access"],
            FactKey::Licence => &["license"],
            FactKey::Modality => &["modalities"],
            FactKey::Region => &["body_regions"],
            FactKey::Tasks => &["tasks"],
            FactKey::Size => &["size", "size_bytes"],
            FactKey::Year => &["year"],
            FactKey::Languages => &["languages"],
            FactKey::Paper => &["paper"],
            FactKey::Homepage => &["homepage"],
            _ => &[],
        }
    }
}

/// One citation as the Cite block shows it: its role and a readable line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CiteLine {
    pub role: &'static str,
    pub text: String,
    /// Some of its fields were seen only in secondary sources.
    pub unconfirmed: bool,
}

/// One related dataset: how it relates, its id and name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelatedLine {
    pub relation: &'static str,
    pub id: String,
    pub name: String,
}

/// A download link as shown: its label, URL and how to fetch it (the
/// command, if any, then a `# note` line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkLine {
    pub label: String,
    pub url: String,
    pub command: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Description<'a> {
    pub name: String,
    pub id: String,
    pub facts: Vec<Fact>,
    /// The summary in the chosen language, or in the other one where it
    /// has none: one language at a time.
    pub summary: &'a str,
    /// How many of `facts` (from the start) say what getting the data
    /// takes: access, licence, requirements. The TUI puts the download
    /// links right after them.
    pub access_facts: usize,
    /// "Download" in the chosen language.
    pub links_heading: &'static str,
    pub links: Vec<LinkLine>,
    pub cite_heading: &'static str,
    pub citations: Vec<CiteLine>,
    pub related_heading: &'static str,
    pub related: Vec<RelatedLine>,
    pub notes_heading: &'static str,
    /// Provenance and corrections of the source list.
    pub notes: Option<&'a str>,
}

/// The words after "unconfirmed" facts and citations.
pub fn unconfirmed_mark(lang: Lang) -> &'static str {
    pick(lang, "(unconfirmed)", "（未证实）")
}

/// How `kind` reads between two names: "CT-ORG *is part of* SAT-DS".
pub fn relation_label(kind: RelationKind, lang: Lang) -> &'static str {
    let (en, zh) = match kind {
        RelationKind::MemberOf => ("is part of", "属于"),
        RelationKind::HasMember => ("includes", "包含"),
        RelationKind::DerivedFrom => ("is derived from", "源自"),
        RelationKind::SourceOf => ("is a source of", "派生出"),
        RelationKind::MirrorOf => ("mirrors", "镜像"),
        RelationKind::VersionOf => ("is a version of", "版本"),
    };
    pick(lang, en, zh)
}

/// How `kind` heads a line of the Related block: "Part of  SAT-DS".
pub fn relation_heading(kind: RelationKind, lang: Lang) -> &'static str {
    let (en, zh) = match kind {
        RelationKind::MemberOf => ("Part of", "属于"),
        RelationKind::HasMember => ("Includes", "包含"),
        RelationKind::DerivedFrom => ("Derived from", "源自"),
        RelationKind::SourceOf => ("Source of", "派生出"),
        RelationKind::MirrorOf => ("Mirror of", "镜像"),
        RelationKind::VersionOf => ("Version of", "版本"),
    };
    pick(lang, en, zh)
}

/// A fact's label in `lang`.
pub fn label(key: FactKey, lang: Lang) -> &'static str {
    let (en, zh) = match key {
        FactKey::Aliases => ("Also", "别名"),
        FactKey::Categories => ("Categories", "类别"),
        FactKey::Access(_) => ("Access", "访问"),
        FactKey::Licence => ("Licence", "许可"),
        FactKey::Requires => ("Requires", "需要"),
        FactKey::Modality => ("Modality", "模态"),
        FactKey::Region => ("Region", "部位"),
        FactKey::Tasks => ("Tasks", "任务"),
        FactKey::Size => ("Size", "规模"),
        FactKey::Year => ("Year", "年份"),
        FactKey::Languages => ("Languages", "语言"),
        FactKey::Domain => ("Domain", "领域"),
        FactKey::Paper => ("Paper", "论文"),
        FactKey::Homepage => ("Homepage", "主页"),
        FactKey::Verified => ("Checked", "核对"),
        FactKey::Source => ("Catalog", "目录"),
    };
    pick(lang, en, zh)
}

fn pick(lang: Lang, en: &'static str, zh: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Zh => zh,
    }
}

/// Describes `d` in `lang`; category ids are named through `catalog`.
pub fn describe<'a>(catalog: &Catalog, d: &'a Dataset, lang: Lang) -> Description<'a> {
    let mut facts = Vec::with_capacity(14);
    let mut fact = |key: FactKey, value: String| {
        facts.push(Fact {
            key,
            label: label(key, lang),
            value,
        })
    };
    fact(FactKey::Access(d.access), d.access.badge().to_string());
    fact(
        FactKey::Licence,
        d.license.as_deref().map_or_else(
            || pick(lang, "not stated", "未注明").to_string(),
            |l| sanitize::line(l).into_owned(),
        ),
    );
    fact(FactKey::Requires, requirements(d.access, lang).to_string());
    if !d.aliases.is_empty() {
        fact(FactKey::Aliases, format::list(&d.aliases));
    }
    let categories: Vec<String> = d
        .categories
        .iter()
        .map(|id| {
            catalog
                .category(id)
                .map_or(id.to_string(), |c| c.name_in(lang).to_string())
        })
        .collect();
    fact(FactKey::Categories, format::list(&categories));
    fact(FactKey::Modality, format::list(&d.modalities));
    fact(FactKey::Region, format::list(&d.body_regions));
    fact(FactKey::Tasks, format::list(&d.tasks));
    fact(FactKey::Size, size(d));
    fact(
        FactKey::Year,
        d.year.map_or_else(|| "-".to_string(), |y| y.to_string()),
    );
    fact(FactKey::Languages, format::list(&d.languages));
    if d.domain == Domain::General {
        fact(
            FactKey::Domain,
            pick(
                lang,
                "general-domain corpus (not medical)",
                "通用领域语料（非医学）",
            )
            .to_string(),
        );
    }
    if let Some(p) = &d.paper {
        fact(FactKey::Paper, paper(p));
    }
    if let Some(home) = &d.homepage {
        fact(FactKey::Homepage, sanitize::line(home).into_owned());
    }
    if let Some(verified) = &d.verified {
        let mut value = sanitize::line(&verified.date).into_owned();
        let n = verified.sources.len();
        if n > 0 {
            value.push_str(&match lang {
                Lang::En => format!(" against {n} source{}", if n == 1 { "" } else { "s" }),
                Lang::Zh => format!("，依据 {n} 个来源"),
            });
        }
        if !verified.unconfirmed.is_empty() {
            value.push_str(pick(lang, "; unconfirmed: ", "；未证实："));
            value.push_str(&format::list(&verified.unconfirmed));
        }
        fact(FactKey::Verified, value);
    }
    if !d.source.is_embedded() {
        fact(
            FactKey::Source,
            sanitize::line(d.source.label()).into_owned(),
        );
    }
    // A fact resting on a source that could not be confirmed says so.
    for fact in &mut facts {
        if fact.key.fields().iter().any(|f| d.is_unconfirmed(f)) {
            fact.value.push(' ');
            fact.value.push_str(unconfirmed_mark(lang));
        }
    }
    let citations = d
        .citations
        .iter()
        .filter_map(|citation| {
            let reference = cite::reference(citation)?;
            Some(CiteLine {
                role: citation.role.as_str(),
                text: sanitize::line(&reference.text()).into_owned(),
                unconfirmed: !citation.unconfirmed.is_empty(),
            })
        })
        .collect();
    let related = d
        .related
        .iter()
        .map(|r| RelatedLine {
            relation: relation_heading(r.relation, lang),
            id: sanitize::line(&r.id).into_owned(),
            name: catalog.dataset(&r.id).map_or_else(
                || sanitize::line(&r.id).into_owned(),
                |o| sanitize::line(&o.name).into_owned(),
            ),
        })
        .collect();
    let links = d
        .urls
        .iter()
        .map(|link| LinkLine {
            label: sanitize::line(&link.label).into_owned(),
            url: sanitize::line(&link.url).into_owned(),
            command: download::for_url(d, &link.url).lines(),
        })
        .collect();
    Description {
        name: sanitize::line(&d.name).into_owned(),
        id: sanitize::line(&d.id).into_owned(),
        facts,
        summary: d.summary_in(lang),
        access_facts: 3,
        links_heading: pick(lang, "Download", "下载"),
        links,
        cite_heading: pick(lang, "Cite", "引用"),
        citations,
        related_heading: pick(lang, "Related", "相关"),
        related,
        notes_heading: pick(lang, "Notes", "备注"),
        notes: d.notes_in(lang),
    }
}

/// What getting the data takes, in a few words.
pub fn requirements(access: Access, lang: Lang) -> &'static str {
    match lang {
        Lang::En => access.requirements(),
        Lang::Zh => match access {
            Access::Open => "无：直接下载",
            Access::Registration => "免费账号并同意使用条款",
            Access::Credentialed => "身份核验、人类受试者培训并签署数据使用协议",
            Access::Request => "提交申请，由数据所有者审核",
            Access::Unknown => "来源未注明：请查看数据集页面",
        },
    }
}

pub fn size_figure(figure: &SizeFigure) -> String {
    format!(
        "{} {}",
        format::count(figure.value),
        sanitize::line(&figure.unit)
    )
}

/// `3,515 QA pairs; 315 images (34.5 MB)`, or `unknown`.
pub fn size(dataset: &Dataset) -> String {
    let mut out = dataset
        .size
        .iter()
        .map(size_figure)
        .collect::<Vec<_>>()
        .join("; ");
    if let Some(n) = dataset.size_bytes {
        if out.is_empty() {
            out = format::bytes(n);
        } else {
            out.push_str(&format!(" ({})", format::bytes(n)));
        }
    }
    if out.is_empty() {
        out.push_str("unknown");
    }
    out
}

/// The first size figure alone, for compact lists.
pub fn short_size(dataset: &Dataset) -> String {
    match (dataset.size.first(), dataset.size_bytes) {
        (Some(figure), _) => size_figure(figure),
        (None, Some(n)) => format::bytes(n),
        (None, None) => "size unknown".into(),
    }
}

/// `Title. Venue (2019). doi:…`
pub fn paper(paper: &Paper) -> String {
    let mut out = sanitize::line(&paper.title).into_owned();
    if let Some(venue) = &paper.venue {
        out.push_str(". ");
        out.push_str(&sanitize::line(venue));
    }
    if let Some(year) = paper.year {
        out.push_str(&format!(" ({year})"));
    }
    if let Some(id) = &paper.id {
        out.push_str(". ");
        out.push_str(&sanitize::line(id));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts_of(id: &str, lang: Lang) -> Vec<(FactKey, String)> {
        let catalog = Catalog::embedded();
        let d = catalog.find(id).expect("in the catalog");
        describe(&catalog, d, lang)
            .facts
            .into_iter()
            .map(|f| (f.key, f.value))
            .collect()
    }

    #[test]
    fn every_dataset_has_the_core_facts_in_order() {
        let catalog = Catalog::embedded();
        for d in &catalog.datasets {
            let keys: Vec<FactKey> = describe(&catalog, d, Lang::En)
                .facts
                .iter()
                .map(|f| f.key)
                .filter(|k| !matches!(k, FactKey::Aliases | FactKey::Domain))
                .filter(|k| !matches!(k, FactKey::Paper | FactKey::Homepage | FactKey::Verified))
                .collect();
            assert_eq!(
                keys,
                [
                    FactKey::Access(d.access),
                    FactKey::Licence,
                    FactKey::Requires,
                    FactKey::Categories,
                    FactKey::Modality,
                    FactKey::Region,
                    FactKey::Tasks,
                    FactKey::Size,
                    FactKey::Year,
                    FactKey::Languages,
                ],
                "{}",
                d.id
            );
        }
    }

    #[test]
    fn labels_and_wording_follow_the_language() {
        let en = facts_of("mimic-cxr", Lang::En);
        let zh = facts_of("mimic-cxr", Lang::Zh);
        assert!(en.iter().any(|(k, v)| *k == FactKey::Requires
            && v == "identity check, human-subjects training and a signed DUA"));
        assert!(
            zh.iter()
                .any(|(k, v)| *k == FactKey::Requires && v.contains("数据使用协议"))
        );
        assert_eq!(label(FactKey::Modality, Lang::Zh), "模态");
    }

    #[test]
    fn every_link_has_a_command() {
        let catalog = Catalog::embedded();
        for d in &catalog.datasets {
            let description = describe(&catalog, d, Lang::En);
            assert_eq!(description.links.len(), d.urls.len());
            assert!(description.links.iter().all(|l| !l.command.is_empty()));
        }
    }

    #[test]
    fn values_are_single_sanitized_lines() {
        let mut catalog = Catalog::embedded();
        let d = &mut catalog.datasets[0];
        d.name = "evil\x1b[2Jname".into();
        d.license = Some("MIT\nrm -rf".into());
        let d = catalog.datasets[0].clone();
        let description = describe(&catalog, &d, Lang::En);
        assert!(!description.name.contains('\x1b'));
        assert!(
            description
                .facts
                .iter()
                .all(|f| !f.value.contains(['\n', '\x1b']))
        );
    }
}
