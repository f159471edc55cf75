//! The research-workflow surface of issue 4, run as a user runs it: facet
//! terms in `search`, `cmd`, `--sort` and `--format`.

mod common;

use assert_cmd::Command;
use common::medsets;
use predicates::prelude::*;
use serde_json::Value;

fn stdout(cmd: &mut Command) -> String {
    let output = cmd.output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn json_ids(cmd: &mut Command) -> Vec<String> {
    let value: Value = serde_json::from_str(&stdout(cmd)).unwrap();
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn open_ct_datasets_only() {
    let value: Value =
        serde_json::from_str(&stdout(medsets().args(["search", "m:ct a:open", "--json"]))).unwrap();
    let hits = value.as_array().unwrap();
    assert!(hits.len() >= 5, "{hits:?}");
    for hit in hits {
        assert_eq!(hit["access"], "open", "{}", hit["id"]);
        assert!(
            hit["modalities"].as_array().unwrap().iter().any(|m| m
                .as_str()
                .unwrap()
                .to_lowercase()
                .starts_with("ct")),
            "{}",
            hit["id"]
        );
        assert_eq!(hit["score"], 0, "facets alone do not score");
    }
}

#[test]
fn negated_access_excludes_mimic_cxr() {
    let ids = json_ids(medsets().args(["search", "!a:credentialed m:x-ray", "--json"]));
    assert!(!ids.contains(&"mimic-cxr".to_string()), "{ids:?}");
    assert!(!ids.contains(&"vindr-cxr".to_string()), "{ids:?}");
    assert!(ids.contains(&"nih-chestx-ray14".to_string()), "{ids:?}");
}

#[test]
fn facets_only_list_in_catalog_order() {
    let ids = json_ids(medsets().args(["search", "year:2018..2019", "--json"]));
    let all = json_ids(medsets().args(["list", "--json"]));
    let positions: Vec<usize> = ids
        .iter()
        .map(|id| all.iter().position(|a| a == id).unwrap())
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{ids:?}");
    assert!(ids.contains(&"vqa-rad".to_string()));
}

#[test]
fn an_unknown_facet_is_a_usage_error_listing_the_keys() {
    medsets()
        .args(["search", "mod:ct"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("unknown facet \"mod:\""))
        .stderr(predicate::str::contains(
            "modality (m), region (r), task (t), access (a), category (c), lang (l), \
             domain (d), license, year",
        ));
    medsets()
        .args(["search", "year:next"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad year \"next\""));
}

#[test]
fn csv_export_parses_back_with_every_dataset() {
    let text = stdout(medsets().args(["export", "--format", "csv"]));
    let catalog = medsets::catalog::Catalog::embedded();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, medsets::cli::output::CSV_HEADER);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 40);
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    for (row, dataset) in rows.iter().zip(&catalog.datasets) {
        assert_eq!(&row[column("id")], dataset.id);
        assert_eq!(&row[column("name")], dataset.name);
        assert_eq!(&row[column("access")], dataset.access.as_str());
        assert_eq!(row[column("categories")], dataset.categories.join("; "));
        assert_eq!(row[column("modalities")], dataset.modalities.join("; "));
        assert_eq!(row[column("tasks")], dataset.tasks.join("; "));
        assert_eq!(
            &row[column("license")],
            dataset.license.as_deref().unwrap_or("")
        );
        assert_eq!(
            row[column("year")],
            dataset.year.map(|y| y.to_string()).unwrap_or_default()
        );
        let urls: Vec<&str> = row[column("urls")].split("; ").collect();
        let expected: Vec<&str> = dataset.urls.iter().map(|l| l.url.as_ref()).collect();
        assert_eq!(urls, expected);
        assert_eq!(&row[column("summary")], dataset.summary);
    }
    let mimic = rows.iter().find(|r| &r[0] == "mimic-cxr").unwrap();
    assert_eq!(&mimic[column("categories")], "imaging; captioning");
    assert_eq!(&mimic[column("size_bytes")], "4700000000000");
    assert_eq!(
        &mimic[column("size")],
        "377110 images; 227835 studies; 65379 patients"
    );
}

#[test]
fn markdown_export_has_every_category_dataset_and_url() {
    let text = stdout(medsets().args(["export", "--format", "markdown"]));
    let catalog = medsets::catalog::Catalog::embedded();
    for category in &catalog.categories {
        let heading = format!(
            "\n## {} · {}\n",
            medsets::cli::output::escape(&category.name),
            medsets::cli::output::escape(category.name_zh.as_deref().unwrap())
        );
        assert!(text.contains(&heading), "missing {heading:?}");
    }
    let mut entries = 0;
    for dataset in &catalog.datasets {
        let heading = format!("\n### {}\n", medsets::cli::output::escape(&dataset.name));
        let count = text.matches(&heading).count();
        assert_eq!(count, dataset.categories.len(), "{heading:?}");
        entries += count;
        for link in &dataset.urls {
            assert!(text.contains(&format!("(<{}>)", link.url)), "{}", link.url);
        }
    }
    assert_eq!(entries, 41, "one entry per dataset and category");
    assert!(text.contains("### VQA-RAD\n"));
    assert!(text.contains(
        "\n1. [PhysioNet v2.1.0 (credentialed)](<https://physionet.org/content/mimic-cxr/2.1.0/>)"
    ));
    assert!(!text.contains('\u{1b}'));
}

#[test]
fn list_and_search_take_format_and_json_stays_an_alias() {
    let by_flag = stdout(medsets().args(["search", "m:ct", "--json"]));
    let by_format = stdout(medsets().args(["search", "m:ct", "--format", "json"]));
    assert_eq!(by_flag, by_format);
    let csv = stdout(medsets().args(["search", "vqa rad", "--format", "csv", "--limit", "2"]));
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(reader.headers().unwrap().iter().next_back(), Some("score"));
    let rows: Vec<_> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][0], "vqa-rad");
    let markdown =
        stdout(medsets().args(["list", "--category", "captioning", "--format", "markdown"]));
    assert!(markdown.contains("## Captioning"));
    assert!(!markdown.contains("## Medical imaging"));
    assert!(markdown.contains("### MIMIC-CXR"));
    medsets()
        .args(["list", "--json", "--format", "csv"])
        .assert()
        .code(2);
}

#[test]
fn sort_orders() {
    let years: Vec<Option<u64>> = {
        let value: Value = serde_json::from_str(&stdout(
            medsets().args(["list", "--sort", "year", "--json"]),
        ))
        .unwrap();
        value
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["year"].as_u64())
            .collect()
    };
    assert_eq!(years.len(), 40);
    let dated: Vec<u64> = years.iter().map_while(|y| *y).collect();
    assert!(dated.windows(2).all(|w| w[0] >= w[1]), "{years:?}");
    assert!(years[dated.len()..].iter().all(Option::is_none));

    let names = json_ids(medsets().args(["search", "m:ct", "--sort", "name", "--json"]));
    let catalog = medsets::catalog::Catalog::embedded();
    let lowered: Vec<String> = names
        .iter()
        .map(|id| catalog.dataset(id).unwrap().name.to_lowercase())
        .collect();
    assert!(lowered.windows(2).all(|w| w[0] <= w[1]), "{lowered:?}");

    let sizes = json_ids(medsets().args(["list", "--sort", "size", "--json"]));
    assert_eq!(sizes[0], "culturax", "16 TB, the largest");
    assert_eq!(sizes[1], "mimic-cxr");

    // --limit applies after sorting; relevance is the default.
    let relevance = json_ids(medsets().args(["search", "chest", "--json"]));
    let explicit = json_ids(medsets().args(["search", "chest", "--sort", "relevance", "--json"]));
    assert_eq!(relevance, explicit);
    let newest =
        json_ids(medsets().args(["search", "m:ct", "--sort", "year", "--limit", "1", "--json"]));
    assert_eq!(newest, ["ct-rate"]);
}

#[test]
fn every_catalog_url_has_a_command_or_one_line_of_guidance() {
    use medsets::download::{self, Source};
    let catalog = medsets::catalog::Catalog::embedded();
    let mut commands = 0;
    for dataset in &catalog.datasets {
        let downloads = download::for_dataset(dataset);
        assert_eq!(downloads.len(), dataset.urls.len());
        for (link, d) in dataset.urls.iter().zip(&downloads) {
            let context = format!("{} {}", dataset.id, link.url);
            assert!(!d.note.trim().is_empty(), "{context}");
            assert!(!d.note.contains('\n'), "{context}");
            let lines = d.lines();
            assert_eq!(
                lines.len(),
                1 + usize::from(d.command.is_some()),
                "{context}"
            );
            assert!(lines.last().unwrap().starts_with("# "), "{context}");
            let Some(command) = &d.command else { continue };
            commands += 1;
            assert!(
                !command.contains('\n') && !command.starts_with('#'),
                "{context}"
            );
            // No password ever: only wget's interactive prompt.
            let lowered = command.to_lowercase();
            assert!(!lowered.contains("pwd="), "{context}: {command}");
            assert!(
                !lowered.replace("--ask-password", "").contains("password"),
                "{context}: {command}"
            );
            assert!(!lowered.contains("token"), "{context}: {command}");
            assert!(
                !lowered.contains("://")
                    || !lowered
                        .split("://")
                        .nth(1)
                        .unwrap()
                        .split('/')
                        .next()
                        .unwrap()
                        .contains('@'),
                "{context}: {command}"
            );
            if d.source == Source::PhysioNet && dataset.access != medsets::catalog::Access::Open {
                assert!(
                    command.contains("--user \"$PHYSIONET_USER\" --ask-password"),
                    "{context}"
                );
            }
        }
    }
    assert!(commands >= 40, "{commands}");
}

fn cmd(id: &str) -> String {
    stdout(medsets().args(["cmd", id]))
}

#[test]
fn cmd_prints_the_right_commands() {
    let vqa = cmd("vqa-rad");
    assert!(
        vqa.starts_with(
            "# [1] Official OSF release (3,515 QA pairs, 315 images)\n\
         osf -p 89kps clone vqa-rad\n\
         # pip install osfclient\n\
         \n\
         # [2] Hugging Face mirror (third party; partial: ~2,248 QA pairs on 314 images)\n\
         hf download flaviagiammarino/vqa-rad --repo-type dataset --local-dir vqa-rad\n\
         # pip install -U huggingface_hub\n"
        ),
        "{vqa}"
    );
    assert!(vqa.contains("# paper, not a download\n"));

    let mimic = cmd("mimic-cxr");
    assert!(
        mimic.contains(
            "wget -r -N -c -np --user \"$PHYSIONET_USER\" --ask-password \
         https://physionet.org/files/mimic-cxr/2.1.0/\n\
         # needs PhysioNet credentialed access and the signed DUA"
        ),
        "{mimic}"
    );
    assert!(mimic.contains("git clone --depth 1 https://github.com/MIT-LCP/mimic-cxr\n"));

    assert!(cmd("amos").contains(
        "zenodo_get 7262581 -o amos && zenodo_get -m 7262581 -o amos && (cd amos && md5sum -c md5sums.txt)\n\
         # pip install zenodo_get; the md5 sums of the record are checked\n"
    ));
    assert!(cmd("covidx-cxr-4").contains(
        "kaggle datasets download andyczhao/covidx-cxr2 -p covidx-cxr-4 --unzip\n\
         # pip install kaggle; needs ~/.kaggle/kaggle.json"
    ));
    assert!(cmd("fumpe").contains(
        "kaggle datasets download andrewmvd/pulmonary-embolism-in-ct-images -p fumpe --unzip\n"
    ));
    assert!(
        cmd("chatdoctor").contains(
            "gdown 1nDTKZ3wZbZWTkFMBkxlamrzbNz0frugg -O chatdoctor/\n# pip install gdown"
        )
    );
    assert!(cmd("medmcqa").contains("gdown 15VkJdq5eyWIkfb_aoD3oS8i4tScbHYky -O medmcqa/\n"));
    assert!(cmd("scanqa").contains(
        "gdown --folder https://drive.google.com/drive/folders/1-21A3TBE0QuofEwDg5oDz2z0HEdbVgL2 -O scanqa\n"
    ));
    assert!(cmd("pubmedqa").contains("gdown 1RsGLINVce-0GsDkCLDuLZmoLuzfmoCuQ -O pubmedqa/\n"));
    assert!(cmd("vindr-mammo").contains("--user \"$PHYSIONET_USER\" --ask-password"));
}

#[test]
fn tcia_gets_guidance_not_a_made_up_command() {
    // CT-ORG is on TCIA only: guidance, no command.
    medsets()
        .args(["cmd", "ct-org", "--url", "1"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "# TCIA: download the manifest (.tcia) from the collection page",
        ));
    // LIDC-IDRI is also on NCI Imaging Data Commons, with a command.
    medsets()
        .args(["cmd", "lidc-idri", "--url", "1"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "idc download lidc_idri --download-dir lidc-idri\n# pip install idc-index",
        ));
}

#[test]
fn cmd_url_n_and_errors() {
    medsets()
        .args(["cmd", "amos", "--url", "1"])
        .assert()
        .success()
        .stdout(
            "zenodo_get 7262581 -o amos && zenodo_get -m 7262581 -o amos && (cd amos && md5sum -c md5sums.txt)\n\
             # pip install zenodo_get; the md5 sums of the record are checked\n",
        );
    medsets()
        .args(["cmd", "amos", "--url", "4"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "amos has 3 URLs; --url takes 1 to 3",
        ));
    medsets()
        .args(["cmd", "amos", "--url", "0"])
        .assert()
        .code(2);
    medsets()
        .args(["cmd", "mimic-cx"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("did you mean: mimic-cxr"));
}

#[test]
fn show_prints_the_access_badge_licence_and_requirements() {
    let text = stdout(medsets().args(["show", "mimic-cxr"]));
    assert!(
        text.contains(
            "Access     CREDENTIALED\n\
             Licence    PhysioNet Credentialed Health Data License 1.5.0 (unconfirmed)\n\
             Requires   identity check, human-subjects training and a signed DUA\n"
        ),
        "{text}"
    );
    let text = stdout(medsets().args(["show", "vqa-rad"]));
    assert!(
        text.contains(
            "Access     OPEN\nLicence    CC0 1.0 (unconfirmed)\nRequires   none: direct download\n"
        ),
        "{text}"
    );
}
