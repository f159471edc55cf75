//! The embedded catalog checked against its sources: the seed list it was
//! built from (`tests/fixtures/medical-imaging-datasets.md`) and the verified
//! reference facts (`tests/fixtures/reference-facts.json`), copies of the
//! project's shared sources kept beside the tests so the suite runs anywhere.

use std::collections::{BTreeSet, HashMap};

use medsets::catalog::{Access, Catalog, Domain, check_web_url};
use serde_json::Value;

const SEED: &str = include_str!("fixtures/medical-imaging-datasets.md");
const REFERENCE: &str = include_str!("fixtures/reference-facts.json");

/// Category ids in the order of the seed's five sections.
const SECTIONS: [&str; 5] = [
    "qa-language",
    "imaging",
    "captioning",
    "multi-collection",
    "organ-specific",
];

struct SeedEntry {
    section: usize,
    heading: String,
    urls: Vec<String>,
}

/// The seed's entries: `## ` starts a section, `### ` an entry; URLs are
/// taken up to whitespace or a closing parenthesis (ASCII or fullwidth).
fn seed_entries() -> Vec<SeedEntry> {
    let mut entries: Vec<SeedEntry> = Vec::new();
    let mut section: Option<usize> = None;
    for line in SEED.lines() {
        if line.starts_with("## ") {
            section = Some(section.map_or(0, |s| s + 1));
        } else if let Some(heading) = line.strip_prefix("### ") {
            entries.push(SeedEntry {
                section: section.expect("entry before any section"),
                heading: heading.trim().to_string(),
                urls: Vec::new(),
            });
        } else if let Some(entry) = entries.last_mut() {
            let mut rest = line;
            while let Some(at) = rest.find("http") {
                let tail = &rest[at..];
                let end = tail
                    .find(|c: char| c.is_whitespace() || c == ')' || c == '）')
                    .unwrap_or(tail.len());
                entry.urls.push(tail[..end].to_string());
                rest = &tail[end..];
            }
        }
    }
    entries
}

/// The corrections the reference documents: tracking fragments and UI
/// queries dropped, and link text glued onto a URL removed.
fn normalise(url: &str) -> String {
    let mut url = url.split('#').next().unwrap().to_string();
    if let Some(cut) = url.find("?tab=") {
        url.truncate(cut);
    }
    if let Some(stripped) = url.strip_suffix("Zenodo") {
        url = stripped.to_string();
    }
    url
}

#[test]
fn the_seed_parses_into_41_entries_in_5_sections() {
    let entries = seed_entries();
    assert_eq!(entries.len(), 41);
    let per_section: Vec<usize> = (0..5)
        .map(|s| entries.iter().filter(|e| e.section == s).count())
        .collect();
    assert_eq!(per_section, [14, 21, 2, 1, 3]);
    assert!(
        entries.iter().all(|e| !e.urls.is_empty()),
        "every seed entry has a link"
    );
}

#[test]
fn catalog_has_40_datasets_and_41_memberships_in_seed_order() {
    let catalog = Catalog::embedded();
    assert_eq!(catalog.datasets.len(), 40);
    assert_eq!(catalog.membership_count(), 41);
    let ids: Vec<&str> = catalog.categories.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, SECTIONS);
    let entries = seed_entries();
    for (s, category) in SECTIONS.iter().enumerate() {
        let members = catalog
            .datasets
            .iter()
            .filter(|d| d.categories.iter().any(|c| c == category))
            .count();
        let seeded = entries.iter().filter(|e| e.section == s).count();
        assert_eq!(members, seeded, "{category}");
    }
}

#[test]
fn every_seed_url_is_kept_under_the_right_category() {
    let catalog = Catalog::embedded();
    for entry in seed_entries() {
        let category = SECTIONS[entry.section];
        for raw in &entry.urls {
            let url = normalise(raw);
            let holder = catalog
                .datasets
                .iter()
                .find(|d| d.urls.iter().any(|link| link.url == url));
            let holder =
                holder.unwrap_or_else(|| panic!("seed URL {url} ({}) is missing", entry.heading));
            assert!(
                holder.categories.iter().any(|c| c == category),
                "{url} sits in {} but the seed files {} under {category}",
                holder.id,
                entry.heading
            );
        }
    }
}

/// The first link is what `y`, `o`, `c` and `urls | head -1` act on, so it
/// is the official, complete source; the seed's own first link is kept and,
/// where it is a mirror, partial copy or legacy location, comes later and
/// says so.
#[test]
fn the_first_url_is_the_official_complete_source() {
    let catalog = Catalog::embedded();
    let second_hand = ["mirror", "legacy", "partial", "third party", "unofficial"];
    for dataset in &catalog.datasets {
        let label = dataset.urls[0].label.to_lowercase();
        assert!(
            !second_hand.iter().any(|word| label.contains(word)),
            "{}: the primary link is second-hand: {label}",
            dataset.id
        );
    }
    // The seed's first links that were second-hand, and what they now say.
    for (id, url, says) in [
        (
            "vqa-rad",
            "https://huggingface.co/datasets/flaviagiammarino/vqa-rad",
            "mirror",
        ),
        (
            "fumpe",
            "https://www.kaggle.com/datasets/andrewmvd/pulmonary-embolism-in-ct-images",
            "mirror",
        ),
        (
            "nih-chestx-ray14",
            "https://huggingface.co/datasets/alkzar90/NIH-Chest-X-ray-dataset",
            "mirror",
        ),
        (
            "nlm-tb",
            "https://openi.nlm.nih.gov/imgs/collections/NLM-MontgomeryCXRSet.zip",
            "legacy",
        ),
        (
            "medical-meadow",
            "https://huggingface.co/datasets/medalpaca/medical_meadow_medqa",
            "partial",
        ),
    ] {
        let dataset = catalog.dataset(id).unwrap();
        let link = dataset.urls.iter().position(|l| l.url == url);
        let Some(at) = link else {
            panic!("{id}: {url} was dropped")
        };
        assert!(at > 0, "{id}: {url} is still first");
        assert!(
            dataset.urls[at].label.to_lowercase().contains(says),
            "{id}: {}",
            dataset.urls[at].label
        );
    }
    for entry in seed_entries() {
        let first = normalise(&entry.urls[0]);
        assert!(
            catalog
                .datasets
                .iter()
                .any(|d| d.urls.iter().any(|l| l.url == first)),
            "{}: the seed's first link {first} is missing",
            entry.heading
        );
    }
}

#[test]
fn every_url_is_a_clean_absolute_web_address() {
    let catalog = Catalog::embedded();
    for dataset in &catalog.datasets {
        for link in &dataset.urls {
            check_web_url(&link.url)
                .unwrap_or_else(|why| panic!("{}: {}: {why}", dataset.id, link.url));
            assert!(
                !link.url.contains(['{', '}']),
                "{}: template URL {}",
                dataset.id,
                link.url
            );
            assert!(!link.label.trim().is_empty());
        }
        let mut seen = BTreeSet::new();
        for link in &dataset.urls {
            assert!(seen.insert(&link.url), "{}: {} twice", dataset.id, link.url);
        }
    }
}

#[test]
fn every_dataset_and_category_speaks_both_languages() {
    let catalog = Catalog::embedded();
    for category in &catalog.categories {
        assert!(
            category
                .name_zh
                .as_deref()
                .is_some_and(|s| !s.trim().is_empty()),
            "{}",
            category.id
        );
        assert!(
            category.description.is_some() && category.description_zh.is_some(),
            "{}",
            category.id
        );
    }
    for dataset in &catalog.datasets {
        let zh = dataset.summary_zh.as_deref().unwrap_or_default();
        assert!(
            zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{} has no Chinese summary",
            dataset.id
        );
        let sentences = dataset.summary.matches(". ").count() + 1;
        assert!(
            (2..=6).contains(&sentences),
            "{}: {sentences} sentences",
            dataset.id
        );
    }
}

fn reference() -> HashMap<String, Value> {
    let records: Vec<Value> = serde_json::from_str(REFERENCE).unwrap();
    records
        .into_iter()
        .map(|r| (r["id"].as_str().unwrap().to_string(), r))
        .collect()
}

/// Fields an audit after the reference corrected, each checked against its
/// source (the commit that changed it says where): the test holds them to
/// the values in `the_audits_corrections_hold` instead.
fn corrected_since(id: &str, field: &str) -> bool {
    const CORRECTED: &[(&str, &str)] = &[
        ("quilt-1m", "access"),
        ("abdomenct-1k", "license"),
        ("fdg-pet-ct-lesions", "access"),
        ("fdg-pet-ct-lesions", "license"),
        ("fdg-pet-ct-lesions", "size_bytes"),
        ("medical-meadow", "languages"),
        ("pmc-vqa", "license"),
        ("chestx-det", "license"),
        ("couinaud", "paper"),
        ("pmc-vqa", "paper"),
        ("pmc-casereport", "paper"),
        ("ct-rate", "paper"),
        ("head-qa", "paper"),
        ("slake", "paper"),
        ("frenchmedmcqa", "paper"),
        ("vindr-spinexr", "paper"),
        ("culturax", "paper"),
        ("sat-ds", "paper"),
    ];
    CORRECTED.contains(&(id, field))
}

#[test]
fn the_audits_corrections_hold() {
    let catalog = Catalog::embedded();
    let get = |id: &str| catalog.dataset(id).unwrap_or_else(|| panic!("{id}"));
    let quilt = get("quilt-1m");
    assert_eq!(quilt.access, Access::Request);
    assert!(
        quilt
            .urls
            .iter()
            .any(|l| l.url == "https://forms.gle/TKohQ7zLwYfFn8qRA")
    );
    let abdomen = get("abdomenct-1k");
    assert!(
        abdomen
            .urls
            .iter()
            .any(|l| l.url == "https://forms.gle/XDrxSgoCXs3jzn8U7")
    );
    assert!(
        abdomen
            .license
            .as_deref()
            .unwrap()
            .starts_with("No data licence stated")
    );
    assert!(abdomen.summary.contains("13-organ") && abdomen.summary.contains("773"));
    let fdg = get("fdg-pet-ct-lesions");
    assert_eq!(fdg.access, Access::Open);
    assert_eq!(fdg.size_bytes, Some(418_954_035_378));
    assert!(
        fdg.primary_url()
            .unwrap()
            .contains("collection_id=fdg_pet_ct_lesions")
    );
    assert_eq!(get("medical-meadow").languages, ["en"]);
    let couinaud = get("couinaud").paper.as_ref().unwrap();
    assert_eq!(
        couinaud.id.as_deref(),
        Some("doi:10.1007/978-3-030-32692-0_32")
    );
    assert_eq!(get("culturax").paper.as_ref().unwrap().year, Some(2024));
    assert_eq!(get("rad-chestct").license, None);
    assert_eq!(
        get("chestx-det")
            .license
            .as_deref()
            .map(|l| l.starts_with("Apache-2.0")),
        Some(true)
    );
    assert!(
        get("pmc-vqa")
            .license
            .as_deref()
            .unwrap()
            .starts_with("CC BY-SA")
    );
    let ct_rate = get("ct-rate").summary_zh.clone().unwrap();
    assert!(ct_rate.contains("50,188 个三维体数据"), "{ct_rate}");
    assert!(
        !get("padchest")
            .summary_zh
            .clone()
            .unwrap()
            .contains("大规模、高分辨率")
    );
}

#[test]
fn facts_match_the_verified_reference() {
    let catalog = Catalog::embedded();
    let reference = reference();
    assert_eq!(reference.len(), catalog.datasets.len());
    for dataset in &catalog.datasets {
        let fact = reference
            .get(dataset.id.as_ref())
            .unwrap_or_else(|| panic!("{} not in reference", dataset.id));
        let ours = serde_json::to_value(dataset).unwrap();
        for field in [
            "categories",
            "modalities",
            "body_regions",
            "tasks",
            "size",
            "size_bytes",
            "languages",
            "license",
            "year",
            "paper",
            "homepage",
            "domain",
        ] {
            if corrected_since(&dataset.id, field) {
                continue;
            }
            assert_eq!(ours[field], fact[field], "{}: {field}", dataset.id);
        }
        // The reference README overrides one record: RAD-ChestCT files are
        // released by the record owner on request.
        let expected_access = if corrected_since(&dataset.id, "access") {
            dataset.access.as_str()
        } else if dataset.id == "rad-chestct" {
            "request"
        } else {
            fact["access"].as_str().unwrap()
        };
        assert_eq!(dataset.access.as_str(), expected_access, "{}", dataset.id);
        // Every reference URL is kept, except the mmc4 shard template.
        for link in fact["urls"].as_array().unwrap() {
            let url = link["url"].as_str().unwrap();
            if url.contains('{') {
                continue;
            }
            assert!(
                dataset.urls.iter().any(|l| l.url == url),
                "{}: reference URL {url} missing",
                dataset.id
            );
        }
    }
}

#[test]
fn the_seeds_known_errors_are_corrected() {
    let catalog = Catalog::embedded();
    let get = |id: &str| catalog.dataset(id).unwrap_or_else(|| panic!("{id}"));

    let pmc_oa = get("pmc-oa");
    assert!(
        !pmc_oa.summary.contains("visual question-answering dataset"),
        "PMC-OA must not carry PMC-VQA's text"
    );
    assert!(pmc_oa.summary.contains("1.6"), "{}", pmc_oa.summary);
    assert!(pmc_oa.summary.to_lowercase().contains("caption"));

    let nlm = get("nlm-tb");
    let zh = nlm.summary_zh.as_deref().unwrap();
    assert!(
        zh.contains("结核") && zh.contains("138") && zh.contains("662"),
        "{zh}"
    );
    assert!(
        !zh.contains("文献"),
        "the seed's wrong 'literature database' text"
    );

    let couinaud = get("couinaud");
    let zh = couinaud.summary_zh.as_deref().unwrap();
    assert!(zh.contains("161") && !zh.contains("手术风险"), "{zh}");

    assert!(
        get("quilt-1m")
            .urls
            .iter()
            .any(|l| l.url == "https://zenodo.org/records/8239942")
    );
    let mimic = get("mimic-cxr");
    assert_eq!(mimic.categories, ["imaging", "captioning"]);
    assert_eq!(mimic.access, Access::Credentialed);
    assert!(!mimic.summary.contains("studie "));

    let vqa = get("vqa-rad");
    assert!(
        vqa.summary.contains("mirror") && vqa.summary.contains("3,515"),
        "{}",
        vqa.summary
    );
    assert!(vqa.urls.iter().any(|l| l.url == "https://osf.io/89kps/"));

    assert_eq!(get("vindr-cxr").access, Access::Credentialed);
    for id in ["vindr-mammo", "vindr-spinexr", "vindr-pcxr", "culturax"] {
        assert_eq!(get(id).access, Access::Registration, "{id}");
    }
    for id in ["quilt-1m", "padchest", "atlas-v2", "rad-chestct"] {
        assert_eq!(get(id).access, Access::Request, "{id}");
    }
    let general: Vec<&str> = catalog
        .datasets
        .iter()
        .filter(|d| d.domain == Domain::General)
        .map(|d| d.id.as_ref())
        .collect();
    assert_eq!(general, ["scanqa", "culturax", "mmc4"]);
}
