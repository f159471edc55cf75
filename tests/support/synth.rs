//! Synthetic catalogs for benchmarks and stress tests.
//!
//! [`catalog`] builds N datasets shaped like the real ones: names and aliases
//! made of organ, modality and task words with the suffixes real datasets
//! carry (`-1K`, `v2`, `Net`), 1–3 modalities from the catalog's own
//! vocabulary, a 200–600 character English summary from sentence templates,
//! a Chinese summary on about 30 % of entries, and 1–3 URLs on the hosts real
//! datasets live on. The output depends only on `n` and the seed: the PRNG is
//! a few lines of splitmix64 here, not a crate whose stream could change.
//!
//! [`write_json`] streams the same catalog, one dataset at a time, in exactly
//! the layout `serde_json::to_writer_pretty` (and `medsets export`) gives, so
//! 100,000 entries never sit in memory at once.
//!
//! It is support code, not part of the library: the test suite, the
//! keystroke bench and `examples/synth.rs` each include this file with
//! `#[path]`, and each uses only part of it.
#![allow(dead_code)]

use std::collections::HashSet;
use std::io::{self, Write};

use medsets::catalog::{
    Access, Catalog, Category, Dataset, Domain, Link, Paper, SizeFigure, Text, texts,
};

/// `1234567` -> `1,234,567`, as the catalog writes counts.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The seed `examples/synth.rs` uses unless told otherwise.
pub const DEFAULT_SEED: u64 = 0x6d65_6473_6574_7331;

/// Summary length bounds, in characters.
pub const SUMMARY_MIN: usize = 200;
pub const SUMMARY_MAX: usize = 600;

/// A catalog of `n` synthetic datasets in the real catalog's five categories.
pub fn catalog(n: usize, seed: u64) -> Catalog {
    let mut generator = Generator::new(seed);
    Catalog {
        version: medsets::catalog::SUPPORTED_VERSION,
        categories: categories(),
        datasets: (0..n).map(|_| generator.dataset()).collect(),
    }
}

/// Writes `catalog(n, seed)` as pretty JSON plus a final newline, streaming:
/// the bytes equal `serde_json::to_string_pretty(&catalog(n, seed))` + `"\n"`.
pub fn write_json(n: usize, seed: u64, out: &mut dyn Write) -> io::Result<()> {
    let mut generator = Generator::new(seed);
    let mut buf = Vec::with_capacity(4096);
    out.write_all(b"{\n  \"version\": ")?;
    write!(out, "{}", medsets::catalog::SUPPORTED_VERSION)?;
    out.write_all(b",\n  \"categories\": ")?;
    serde_json::to_writer_pretty(&mut buf, &categories()).map_err(io::Error::from)?;
    write_indented(out, &buf, b"  ")?;
    out.write_all(b",\n  \"datasets\": [")?;
    for i in 0..n {
        out.write_all(if i == 0 { b"\n    " } else { b",\n    " })?;
        buf.clear();
        serde_json::to_writer_pretty(&mut buf, &generator.dataset()).map_err(io::Error::from)?;
        write_indented(out, &buf, b"    ")?;
    }
    if n > 0 {
        out.write_all(b"\n  ")?;
    }
    out.write_all(b"]\n}\n")
}

/// Pretty JSON nested one level deeper: every line after the first gets
/// `indent`. JSON strings never hold a raw newline, so this is safe.
fn write_indented(out: &mut dyn Write, json: &[u8], indent: &[u8]) -> io::Result<()> {
    let mut lines = json.split(|&b| b == b'\n');
    if let Some(first) = lines.next() {
        out.write_all(first)?;
    }
    for line in lines {
        out.write_all(b"\n")?;
        out.write_all(indent)?;
        out.write_all(line)?;
    }
    Ok(())
}

/// The real catalog's five categories, in its order.
pub fn categories() -> Vec<Category> {
    let category = |id: &str, name: &str, name_zh: &str, description: &str, zh: &str| Category {
        id: id.into(),
        name: name.into(),
        name_zh: Some(name_zh.into()),
        description: Some(description.into()),
        description_zh: Some(zh.into()),
    };
    vec![
        category(
            "qa-language",
            "QA & language",
            "QA类型与语言类型的数据集",
            "Question-answering, dialogue and text-corpus datasets for medical language and vision-language models.",
            "问答、医患对话和文本语料类数据集，用于训练和评测医学语言模型及视觉-语言模型。",
        ),
        category(
            "imaging",
            "Medical imaging",
            "医学图像类数据集",
            "Collections of medical images with labels, masks or reports.",
            "附有标签、分割掩码或报告的医学图像数据集。",
        ),
        category(
            "captioning",
            "Captioning",
            "图像描述（Captioning）数据集",
            "Datasets for writing a caption or report given one or more images.",
            "给定一张或一组图像，生成描述或报告的数据集。",
        ),
        category(
            "multi-collection",
            "Multi-collection",
            "集合多种数据集类型的数据集",
            "Meta-collections that gather many existing datasets under one index.",
            "把多个已有数据集汇集到统一索引或格式下的集合型数据集。",
        ),
        category(
            "organ-specific",
            "Organ-specific",
            "专门针对一个部位/器官的数据集",
            "Datasets that focus on a single body part or organ.",
            "专门针对某一身体部位或器官的数据集。",
        ),
    ]
}

/// splitmix64: tiny, fast, and good enough to make data look varied.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (the modulo bias is irrelevant at these sizes).
    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// Uniform in `lo..=hi`.
    fn between(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo + 1)
    }

    fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// Roughly log-uniform in `lo..=hi`, rounded to two significant digits as
    /// real counts are usually quoted.
    fn size(&mut self, lo: u64, hi: u64) -> u64 {
        let (a, b) = ((lo as f64).ln(), (hi as f64).ln());
        let unit = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        let value = (a + (b - a) * unit).exp() as u64;
        let scale = 10u64.pow((value.max(1).ilog10()).saturating_sub(1));
        (value / scale * scale).clamp(lo, hi)
    }

    /// `k` distinct items in the order drawn.
    fn distinct<T: Copy + PartialEq>(&mut self, items: &[T], k: usize) -> Vec<T> {
        let mut chosen = Vec::with_capacity(k);
        while chosen.len() < k.min(items.len()) {
            let item = *self.pick(items);
            if !chosen.contains(&item) {
                chosen.push(item);
            }
        }
        chosen
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Language,
    Imaging,
    Captioning,
    Collection,
    Organ,
}

impl Kind {
    fn category(self) -> &'static str {
        match self {
            Kind::Language => "qa-language",
            Kind::Imaging => "imaging",
            Kind::Captioning => "captioning",
            Kind::Collection => "multi-collection",
            Kind::Organ => "organ-specific",
        }
    }
}

/// (English, Chinese, short form for names, regions it is usually seen with).
type Modality = (
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
);

#[rustfmt::skip]
const MODALITIES: &[Modality] = &[
    ("CT", "CT", "CT", &["Chest", "Abdomen", "Lung", "Liver", "Pancreas", "Kidney", "Pelvis", "Spine", "Whole body", "Brain"]),
    ("MRI", "MRI", "MR", &["Brain", "Knee", "Prostate", "Heart", "Spine", "Liver", "Breast"]),
    ("X-ray", "X 线", "CXR", &["Chest", "Spine", "Knee", "Pelvis"]),
    ("PET", "PET", "PET", &["Whole body", "Brain"]),
    ("PET/CT", "PET/CT", "PETCT", &["Whole body", "Lung"]),
    ("Mammography", "乳腺 X 线摄影", "Mammo", &["Breast"]),
    ("Ultrasound", "超声", "US", &["Heart", "Breast", "Thyroid", "Abdomen", "Fetus"]),
    ("Histopathology", "组织病理", "Path", &["Breast", "Colon", "Prostate", "Lung", "Multiple"]),
    ("Fundus", "眼底照相", "Fundus", &["Eye"]),
    ("OCT", "光学相干断层成像", "OCT", &["Eye"]),
    ("Endoscopy", "内镜", "Endo", &["Colon", "Stomach"]),
    ("Dermoscopy", "皮肤镜", "Derm", &["Skin"]),
];

const REGIONS: &[(&str, &str)] = &[
    ("Chest", "胸部"),
    ("Abdomen", "腹部"),
    ("Brain", "脑部"),
    ("Lung", "肺部"),
    ("Liver", "肝脏"),
    ("Pelvis", "骨盆"),
    ("Pancreas", "胰腺"),
    ("Kidney", "肾脏"),
    ("Whole body", "全身"),
    ("Spine", "脊柱"),
    ("Breast", "乳腺"),
    ("Heart", "心脏"),
    ("Prostate", "前列腺"),
    ("Knee", "膝关节"),
    ("Eye", "眼部"),
    ("Skin", "皮肤"),
    ("Colon", "结肠"),
    ("Stomach", "胃部"),
    ("Thyroid", "甲状腺"),
    ("Fetus", "胎儿"),
    ("Multiple", "多个部位"),
];

const IMAGE_TASKS: &[(&str, &str)] = &[
    ("Segmentation", "分割"),
    ("Classification", "分类"),
    ("Detection", "检测"),
    ("Registration", "配准"),
    ("Reconstruction", "重建"),
    ("Survival prediction", "生存预测"),
];

const TEXT_TASKS: &[(&str, &str)] = &[
    ("QA", "问答"),
    ("MCQA", "多项选择问答"),
    ("VQA", "视觉问答"),
    ("Dialogue", "医患对话"),
    ("Language modeling", "语言建模"),
    ("Summarization", "摘要生成"),
    ("Named entity recognition", "命名实体识别"),
];

const CAPTION_TASKS: &[(&str, &str)] = &[
    ("Report generation", "报告生成"),
    ("Captioning", "图像描述"),
    ("Image-text pretraining", "图文预训练"),
];

#[rustfmt::skip]
const PREFIXES: &[&str] = &[
    "VinDr", "MIMIC", "RAD", "PMC", "Med", "Open", "Deep", "UK", "BIMCV", "NIH", "TCIA", "Quilt",
    "CheX", "Radio", "Clin", "Uni", "Omni", "Total", "Multi", "Path", "Derm", "Retina", "Echo",
    "Neuro", "Onco", "Cardio", "Pneumo", "Hepa", "Kvasir", "ISIC", "LIDC", "AMOS", "FLARE", "KiTS",
    "BraTS", "CAMUS", "ACDC", "SAT", "Mendeley", "Shenzhen",
];

#[rustfmt::skip]
const SUFFIXES: &[&str] = &[
    "Net", "Bench", "Set", "DB", "Seg", "Det", "QA", "VQA", "Cap", "Report", "Atlas", "Zoo",
    "Scope", "Vision", "Instruct", "Chat", "Corpus", "Pile",
];

#[rustfmt::skip]
const VERSIONS: &[&str] = &[
    " v2", " v3", " 2.0", "-2023", "-2024", "+", "-XL", "-Lite", " Plus", " (extended)",
];

#[rustfmt::skip]
const LANGUAGE_STEMS: &[&str] = &[
    "MedQA", "ClinicalDialog", "HealthQA", "MedInstruct", "PubMedCorpus", "RadQA", "NurseQA",
    "DrugQA", "SymptomChat", "MedExam", "PharmaQA", "ClinNotes", "EHRQA", "MedWiki", "CaseQA",
];

#[rustfmt::skip]
const OWNERS: &[&str] = &[
    "vindr", "stanfordaimi", "xmcmic", "openmedlab", "ucsd-ai4h", "medalpaca", "bowang-lab",
    "MIC-DKFZ", "nih-cc", "rsna", "ai4bio", "uw-madison-ml", "mila-health", "tum-ai", "fudan-med",
    "sjtu-mmlab", "zju-radiology", "kaist-mi", "oxford-ibme", "charite-ai", "hku-medai", "BAAI",
    "Henrychur", "qanastek", "flaviagiammarino",
];

const LICENSES: &[Option<&str>] = &[
    Some("CC BY 4.0"),
    Some("CC BY 4.0"),
    Some("CC BY-NC-SA 4.0"),
    Some("CC BY-SA 4.0"),
    Some("CC0 1.0"),
    Some("MIT"),
    Some("Apache-2.0"),
    Some("ODC-BY 1.0"),
    Some("PhysioNet Credentialed Health Data License 1.5.0"),
    Some("TCIA Restricted"),
    Some("Research use only (custom data use agreement)"),
    None,
];

const VENUES: &[&str] = &[
    "MICCAI",
    "Scientific Data",
    "Medical Image Analysis",
    "NeurIPS Datasets and Benchmarks",
    "CVPR",
    "Radiology: Artificial Intelligence",
    "IEEE Transactions on Medical Imaging",
    "Nature Communications",
    "ACL",
    "EMNLP",
    "arXiv preprint",
];

#[rustfmt::skip]
const SIZE_UNITS: &[&str] = &[
    "images", "scans", "volumes", "patients", "studies", "cases", "masks", "slides",
];

#[rustfmt::skip]
const TEXT_UNITS: &[&str] = &[
    "QA pairs", "questions", "dialogues", "documents", "tokens", "image-text pairs",
];

#[rustfmt::skip]
const COUNTRIES: &[&str] = &[
    "Vietnam", "China", "the United States", "Germany", "Spain", "the Netherlands", "Korea",
    "Japan", "Brazil", "the United Kingdom", "France", "India",
];

const ANNOTATORS: &[&str] = &[
    "board-certified radiologists",
    "two senior pathologists",
    "medical students under supervision",
    "a panel of three clinicians",
    "crowd workers checked by experts",
    "an automatic pipeline reviewed by radiologists",
];

#[rustfmt::skip]
const FINDINGS: &[&str] = &[
    "nodules", "effusion", "pneumothorax", "cardiomegaly", "fractures", "tumours", "cysts",
    "haemorrhage", "lesions", "calcifications", "polyps", "oedema", "atelectasis", "metastases",
];

#[rustfmt::skip]
const MODELS: &[&str] = &[
    "nnU-Net", "U-Net", "ResNet-50", "ViT-B/16", "Swin UNETR", "CLIP", "BLIP-2", "LLaVA-Med",
    "DenseNet-121", "YOLOv8",
];

/// Makes datasets one after another; ids stay unique across the run.
struct Generator {
    rng: Rng,
    ids: HashSet<String>,
}

impl Generator {
    fn new(seed: u64) -> Generator {
        Generator {
            rng: Rng(seed),
            ids: HashSet::new(),
        }
    }

    fn dataset(&mut self) -> Dataset {
        let rng = &mut self.rng;
        let kind = match rng.below(100) {
            0..20 => Kind::Language,
            20..60 => Kind::Imaging,
            60..70 => Kind::Captioning,
            70..80 => Kind::Collection,
            _ => Kind::Organ,
        };

        // Modalities first, then regions that go with the primary one.
        let primary = *rng.pick(MODALITIES);
        let mut modalities: Vec<&str> = match kind {
            Kind::Language => {
                if rng.chance(0.3) {
                    vec!["Text", primary.0]
                } else {
                    vec!["Text"]
                }
            }
            Kind::Captioning => vec![primary.0, "Text"],
            Kind::Collection => {
                let mut m = vec![primary.0];
                for extra in rng.distinct(&["CT", "MRI", "X-ray", "PET", "Ultrasound"], 2) {
                    if !m.contains(&extra) {
                        m.push(extra);
                    }
                }
                m
            }
            Kind::Imaging | Kind::Organ => {
                let mut m = vec![primary.0];
                if rng.chance(0.3) {
                    let extra = rng.pick(MODALITIES).0;
                    if extra != primary.0 {
                        m.push(extra);
                    }
                }
                m
            }
        };
        modalities.truncate(3);

        let region = *rng.pick(primary.3);
        let body_regions: Vec<&str> = match kind {
            Kind::Language if modalities.len() == 1 => vec![],
            Kind::Collection => {
                if rng.chance(0.5) {
                    vec!["Multiple"]
                } else {
                    rng.distinct(primary.3, 2)
                }
            }
            Kind::Organ => vec![region],
            _ => {
                let mut r = vec![region];
                if rng.chance(0.25) {
                    let extra = *rng.pick(primary.3);
                    if extra != region {
                        r.push(extra);
                    }
                }
                r
            }
        };

        let tasks: Vec<(&str, &str)> = match kind {
            Kind::Language => {
                let n = rng.between(1, 2) as usize;
                rng.distinct(TEXT_TASKS, n)
            }
            Kind::Captioning => {
                let mut t = rng.distinct(CAPTION_TASKS, 1);
                if rng.chance(0.3) {
                    t.push(IMAGE_TASKS[1]);
                }
                t
            }
            _ => {
                let n = rng.between(1, 3) as usize;
                rng.distinct(IMAGE_TASKS, n)
            }
        };

        let year = rng.between(2010, 2025) as u16;
        let name = self.name(kind, primary, region, tasks[0].0, year);
        let id = self.unique_id(&name);
        let rng = &mut self.rng;

        let mut categories = vec![kind.category().to_string()];
        if rng.chance(0.08) {
            let other = [
                "qa-language",
                "imaging",
                "captioning",
                "multi-collection",
                "organ-specific",
            ][rng.below(5)];
            if other != categories[0] {
                categories.push(other.into());
            }
        }

        let text_kind = kind == Kind::Language;
        let unit = if text_kind {
            *rng.pick(TEXT_UNITS)
        } else {
            *rng.pick(SIZE_UNITS)
        };
        let count = rng.size(100, if text_kind { 5_000_000 } else { 2_000_000 });
        let mut size = vec![SizeFigure {
            value: count,
            unit: unit.into(),
        }];
        if !text_kind && rng.chance(0.4) {
            size.push(SizeFigure {
                value: rng.size(20, count.max(21)),
                unit: "patients".into(),
            });
            size.dedup_by(|a, b| a.unit == b.unit);
        }
        let size_bytes = rng
            .chance(0.7)
            .then(|| rng.size(10_000_000, 5_000_000_000_000));

        let access = match rng.below(100) {
            0..60 => Access::Open,
            60..82 => Access::Registration,
            82..92 => Access::Request,
            _ => Access::Credentialed,
        };
        let license = match access {
            Access::Credentialed => Some("PhysioNet Credentialed Health Data License 1.5.0"),
            _ => *rng.pick(LICENSES),
        };

        let languages: Vec<String> = if text_kind {
            let mut l = vec!["en".to_string()];
            if rng.chance(0.3) {
                l.push((*rng.pick(&["zh", "es", "fr", "de", "ja", "vi"])).into());
            }
            l
        } else if kind == Kind::Captioning {
            vec!["en".into()]
        } else {
            vec![]
        };

        let urls = urls(rng, &id, access);
        let homepage = rng.chance(0.4).then(|| {
            if rng.chance(0.5) {
                urls[0].url.clone()
            } else {
                format!(
                    "https://{}.github.io/{id}/",
                    rng.pick(OWNERS).to_lowercase()
                )
                .into()
            }
        });

        let paper = rng.chance(0.8).then(|| Paper {
            title: paper_title(rng, &name, region, modalities[0], tasks[0].0).into(),
            venue: Some((*rng.pick(VENUES)).into()),
            year: Some(year),
            id: Some(
                if rng.chance(0.5) {
                    format!(
                        "arXiv:{:02}{:02}.{:05}",
                        year % 100,
                        rng.between(1, 12),
                        rng.between(1, 29_999)
                    )
                } else {
                    format!(
                        "doi:10.{}/{}.{year}.{}",
                        rng.between(1000, 9999),
                        id,
                        rng.between(1, 999)
                    )
                }
                .into(),
            ),
        });

        let summary = summary(
            rng,
            &name,
            kind,
            &modalities,
            &body_regions,
            &tasks,
            count,
            unit,
            year,
            access,
        );
        let summary_zh = rng
            .chance(0.3)
            .then(|| summary_zh(rng, kind, primary, region, &tasks, count, access));
        let aliases = aliases(rng, &name, &id, region, primary.0, tasks[0].0);

        Dataset {
            id: id.into(),
            name: name.into(),
            aliases: texts(aliases),
            categories: texts(categories),
            summary: summary.into(),
            summary_zh: summary_zh.map(Text::from),
            modalities: modalities.into_iter().map(Text::from).collect(),
            body_regions: body_regions.into_iter().map(Text::from).collect(),
            tasks: tasks.iter().map(|t| Text::from(t.0)).collect(),
            size,
            size_bytes,
            languages: texts(languages),
            access,
            license: license.map(Text::from),
            year: Some(year),
            paper,
            homepage,
            urls,
            domain: if rng.chance(0.03) {
                Domain::General
            } else {
                Domain::Medical
            },
            citations: Vec::new(),
            related: Vec::new(),
            notes: None,
            notes_zh: None,
            verified: None,
            overrides: false,
            source: Default::default(),
        }
    }

    fn name(
        &mut self,
        kind: Kind,
        primary: Modality,
        region: &str,
        task: &str,
        year: u16,
    ) -> String {
        let rng = &mut self.rng;
        let region_word = match region {
            "Multiple" => "Multi".to_string(),
            other => other.replace(' ', ""),
        };
        let mut name = match (kind, rng.below(5)) {
            (Kind::Language, 0..3) => {
                let stem = *rng.pick(LANGUAGE_STEMS);
                match rng.below(3) {
                    0 => format!("{stem}-{}k", rng.pick(&[5, 10, 50, 100, 200])),
                    1 => format!("{}{stem}", rng.pick(&["Chinese", "Multi", "Open", "Mini"])),
                    _ => stem.to_string(),
                }
            }
            // Text datasets never take an imaging modality's name.
            (Kind::Language, _) => format!(
                "{}{}",
                rng.pick(PREFIXES),
                rng.pick(&["QA", "Instruct", "Chat", "Corpus", "Bench"])
            ),
            (_, 0) => format!("{}-{}", rng.pick(PREFIXES), primary.2),
            (_, 1) => format!(
                "{region_word}{}-{}K",
                primary.2,
                rng.pick(&[1, 2, 5, 10, 20, 100])
            ),
            (_, 2) => format!("{}{}", rng.pick(PREFIXES), rng.pick(SUFFIXES)),
            (_, 3) => format!("{}-{region_word}{}", rng.pick(PREFIXES), rng.pick(SUFFIXES)),
            _ => format!(
                "{} {region} {} {task} Dataset",
                rng.pick(&[
                    "Multi-centre",
                    "Large-scale",
                    "Open",
                    "Annotated",
                    "Paediatric",
                    "Longitudinal"
                ]),
                primary.0
            ),
        };
        if rng.chance(0.3) {
            let version = *rng.pick(VERSIONS);
            name.push_str(version);
        } else if rng.chance(0.05) {
            name.push_str(&format!(" {year}"));
        }
        name
    }

    /// The kebab-case id of `name`, made unique with a numeric suffix.
    fn unique_id(&mut self, name: &str) -> String {
        let base = kebab(name);
        let mut id = base.clone();
        let mut n = 2;
        while self.ids.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.ids.insert(id.clone());
        id
    }
}

/// Lowercase ASCII letters and digits joined by single hyphens.
fn kebab(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        out.push_str("dataset");
    }
    out
}

fn aliases(
    rng: &mut Rng,
    name: &str,
    id: &str,
    region: &str,
    modality: &str,
    task: &str,
) -> Vec<String> {
    let mut aliases = Vec::new();
    for _ in 0..rng.below(4) {
        let alias = match rng.below(4) {
            0 => format!("{}/{id}", rng.pick(OWNERS)),
            1 => name.replace(['-', ' '], "_"),
            2 => format!("{name}: A {region} {modality} Dataset for {task}"),
            _ if name.len() <= 24 => name.to_uppercase(),
            _ => continue,
        };
        if alias != name && !aliases.contains(&alias) {
            aliases.push(alias);
        }
    }
    aliases
}

fn paper_title(rng: &mut Rng, name: &str, region: &str, modality: &str, task: &str) -> String {
    let region = region.to_lowercase();
    if modality == "Text" {
        return match rng.below(2) {
            0 => format!("{name}: a benchmark for medical {}", task.to_lowercase()),
            _ => format!("{name}: towards trustworthy clinical language models"),
        };
    }
    match rng.below(3) {
        0 => format!(
            "{name}: a large-scale {region} {modality} dataset for {}",
            task.to_lowercase()
        ),
        1 => format!(
            "{name}: benchmarking {} of the {region} across centres",
            task.to_lowercase()
        ),
        _ => format!(
            "An open {modality} resource for {} research",
            task.to_lowercase()
        ),
    }
}

fn urls(rng: &mut Rng, id: &str, access: Access) -> Vec<Link> {
    let n = rng.between(1, 3) as usize;
    let mut hosts = rng.distinct(&[0u8, 1, 2, 3, 4, 5, 6], n);
    if access == Access::Credentialed {
        hosts.retain(|&h| h != 2);
        hosts.insert(0, 2);
    }
    hosts
        .into_iter()
        .take(3)
        .map(|host| {
            let owner = rng.pick(OWNERS);
            let (label, url) = match host {
                0 => (
                    "Hugging Face",
                    format!("https://huggingface.co/datasets/{owner}/{id}"),
                ),
                1 => (
                    "Zenodo record",
                    format!(
                        "https://zenodo.org/records/{}",
                        rng.between(1_000_000, 15_999_999)
                    ),
                ),
                2 => (
                    "PhysioNet",
                    format!(
                        "https://physionet.org/content/{id}/{}.0.0/",
                        rng.between(1, 3)
                    ),
                ),
                3 => (
                    "GitHub repository",
                    format!("https://github.com/{owner}/{id}"),
                ),
                4 => (
                    "Kaggle mirror",
                    format!(
                        "https://www.kaggle.com/datasets/{}/{id}",
                        owner.to_lowercase()
                    ),
                ),
                5 => (
                    "TCIA collection",
                    format!("https://www.cancerimagingarchive.net/collection/{id}/"),
                ),
                _ => {
                    const ALPHABET: &[u8] =
                        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
                    let file: String = (0..33).map(|_| *rng.pick(ALPHABET) as char).collect();
                    (
                        "Google Drive (full archive)",
                        format!("https://drive.google.com/file/d/{file}/view"),
                    )
                }
            };
            Link {
                label: label.into(),
                url: url.into(),
            }
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn summary(
    rng: &mut Rng,
    name: &str,
    kind: Kind,
    modalities: &[&str],
    regions: &[&str],
    tasks: &[(&str, &str)],
    count: u64,
    unit: &str,
    year: u16,
    access: Access,
) -> String {
    let modality = modalities[0];
    let region = match regions.first() {
        None | Some(&"Multiple") => "several body regions".to_string(),
        Some(region) => format!("the {}", region.to_lowercase()),
    };
    let task = tasks[0].0.to_lowercase();
    let count = thousands(count);
    let sites = rng.between(1, 40);
    // Opening sentence: what it is.
    let mut text = match kind {
        Kind::Language => format!(
            "{name} is a corpus of {count} {unit} collected from {} and cleaned for training medical language models.",
            rng.pick(&[
                "online health forums",
                "medical licensing exams",
                "PubMed abstracts",
                "clinical notes",
                "textbooks and guidelines"
            ])
        ),
        Kind::Collection => format!(
            "{name} gathers {} existing public datasets into one index with a common format, covering {} and more.",
            rng.between(5, 120),
            modalities.join(", ")
        ),
        _ => format!(
            "{name} holds {count} {unit} of {modality} imaging of {region}, acquired at {sites} {} in {} between {} and {year}.",
            if sites == 1 { "hospital" } else { "hospitals" },
            rng.pick(COUNTRIES),
            year.saturating_sub(rng.between(1, 8) as u16)
        ),
    };
    // Each template at most once; prose about images only for image datasets.
    let mut templates: Vec<u8> = if kind == Kind::Language {
        vec![0, 1, 3, 4, 5, 6, 8]
    } else {
        (0..9).collect()
    };
    let target = rng.between(SUMMARY_MIN as u64 + 20, SUMMARY_MAX as u64 - 20) as usize;
    while text.len() < target && !templates.is_empty() {
        let template = templates.swap_remove(rng.below(templates.len()));
        let sentence = match template {
            0 => format!("Annotations were made by {}.", rng.pick(ANNOTATORS)),
            1 => format!(
                "It is intended for {task} and ships with official training, validation and test splits."
            ),
            2 => {
                let findings = rng.distinct(FINDINGS, 3);
                format!(
                    "Labels cover {} findings, including {}, {} and {}.",
                    rng.between(3, 40),
                    findings[0],
                    findings[1],
                    findings[2]
                )
            }
            3 => {
                let models = rng.distinct(MODELS, 2);
                format!(
                    "Baseline results for {} and {} are reported in the accompanying paper.",
                    models[0], models[1]
                )
            }
            4 => format!(
                "The data are released as {} files together with a CSV of per-case metadata.",
                rng.pick(&["NIfTI", "DICOM", "PNG", "JPEG", "parquet", "JSON lines"])
            ),
            5 => match access {
                Access::Open => "Everything can be downloaded directly without an account.".to_string(),
                Access::Registration => "Downloading requires a free account and accepting the terms of use.".to_string(),
                Access::Credentialed => "Access requires PhysioNet credentialing, a training course and a signed data use agreement.".to_string(),
                Access::Request => "Access is granted on request after the owners review an application.".to_string(),
                Access::Unknown => "The source does not say how access is granted.".to_string(),
            },
            6 => format!(
                "A mirror on Hugging Face hosts a subset of about {} {unit}; the full release is larger.",
                thousands(rng.size(50, 50_000))
            ),
            7 => "Images were de-identified, and patient identifiers were replaced with random codes.".to_string(),
            _ => format!(
                "Version {}.{} fixed label errors found by users in the first release.",
                rng.between(1, 3),
                rng.between(0, 9)
            ),
        };
        if text.len() + 1 + sentence.len() <= SUMMARY_MAX {
            text.push(' ');
            text.push_str(&sentence);
        }
    }
    // Only a summary whose templates ran out can still be short.
    while text.len() < SUMMARY_MIN {
        text.push_str(" It is widely used as a benchmark.");
    }
    text
}

fn summary_zh(
    rng: &mut Rng,
    kind: Kind,
    primary: Modality,
    region: &str,
    tasks: &[(&str, &str)],
    count: u64,
    access: Access,
) -> String {
    let region_zh = REGIONS
        .iter()
        .find(|r| r.0 == region)
        .map_or("多个部位", |r| r.1);
    let tasks_zh: Vec<&str> = tasks.iter().map(|t| t.1).collect();
    let mut text = match kind {
        Kind::Language => format!(
            "该语料包含 {} 条医学文本，来源于{}，用于{}任务。",
            thousands(count),
            rng.pick(&[
                "在线问诊平台",
                "医学执业考试",
                "PubMed 摘要",
                "临床病历",
                "医学教材与指南"
            ]),
            tasks_zh.join("、")
        ),
        Kind::Collection => format!(
            "该集合把 {} 个公开数据集整理为统一格式，覆盖多种模态和身体部位，可用于{}。",
            rng.between(5, 120),
            tasks_zh.join("、")
        ),
        _ => format!(
            "该数据集包含 {} 例{region_zh}{}数据，采集自{}家医院，用于{}。",
            thousands(count),
            primary.1,
            rng.between(1, 40),
            tasks_zh.join("、")
        ),
    };
    text.push_str(match rng.below(3) {
        0 => "标注由经验丰富的放射科医生完成并经过复核。",
        1 => "官方提供训练集、验证集和测试集划分，并附有基线模型结果。",
        _ => "影像已去标识化处理，可直接用于模型训练和评测。",
    });
    text.push_str(match access {
        Access::Open => "数据可直接下载。",
        Access::Registration => "下载前需要注册账号并同意使用条款。",
        Access::Credentialed => "访问需要完成 PhysioNet 资质认证并签署数据使用协议。",
        Access::Request => "需要向数据所有者提交申请，审核通过后方可获取。",
        Access::Unknown => "来源未说明访问方式。",
    });
    text
}
