//! Lookup quality, measured: a judged query set (queries → the datasets a
//! researcher expects on top, `tests/fixtures/search/queries.json`) run
//! through the ranking the TUI and `medsets search` share. It prints
//! precision@k and the share of queries whose first hit is right, and holds
//! the ranking to them. Change the ranking by general rules and watch these
//! figures; never tune it query by query.

use medsets::catalog::Catalog;
use medsets::search::{Query, did_you_mean, is_weak, search_once};
use serde::Deserialize;

#[derive(Deserialize)]
struct Judged {
    query: String,
    kind: String,
    k: usize,
    relevant: Vec<String>,
    #[serde(default)]
    acceptable: Vec<String>,
    #[serde(default)]
    why: String,
}

/// Queries whose judgement the project promises (issue 13's table).
const PROMISED: [&str; 12] = [
    "chest ct",
    "chinese",
    "pelvis",
    "mammo",
    "x-ray report",
    "liver seg",
    "pathology",
    "vqa",
    "tuberculosis",
    "pet",
    "spine",
    "brain mri",
];

#[test]
fn judged_queries_rank_what_researchers_expect() {
    let judged: Vec<Judged> = serde_json::from_str(include_str!("fixtures/search/queries.json"))
        .expect("queries.json parses");
    assert!(judged.len() >= 30, "a query set of at least 30");
    let catalog = Catalog::embedded();
    let ids: Vec<&str> = catalog.datasets.iter().map(|d| d.id.as_ref()).collect();
    let mut first_right = 0;
    let mut precision_sum = 0.0;
    let mut failures = Vec::new();
    for j in &judged {
        for id in j.relevant.iter().chain(&j.acceptable) {
            assert!(ids.contains(&id.as_str()), "{:?}: unknown id {id}", j.query);
        }
        let mut query = Query::parse(&j.query);
        let mut hits = search_once(&catalog.categories, &catalog.datasets, &query);
        // What a user sees next to weak results, one key away.
        if is_weak(&query, &hits)
            && let Some(fixed) = did_you_mean(&j.query, &catalog.datasets)
        {
            query = Query::parse(&fixed);
            hits = search_once(&catalog.categories, &catalog.datasets, &query);
        }
        let top: Vec<&str> = hits.iter().take(j.k).map(|h| ids[h.dataset]).collect();
        let good = |id: &&str| j.relevant.iter().chain(&j.acceptable).any(|r| r == id);
        let relevant_in_top = top
            .iter()
            .filter(|id| j.relevant.iter().any(|r| r == *id))
            .count();
        precision_sum += relevant_in_top as f64 / j.k.max(1) as f64;
        let first_ok = top
            .first()
            .is_some_and(|id| j.relevant.iter().any(|r| r == id));
        if first_ok {
            first_right += 1;
        }
        let all_ok =
            top.len() == j.k.min(j.relevant.len() + j.acceptable.len()) && top.iter().all(good);
        if !(first_ok && all_ok) {
            failures.push(format!(
                "{:<22} [{}] top {}: {top:?}  expected {:?} (+{:?})  {}",
                format!("{:?}", j.query),
                j.kind,
                j.k,
                j.relevant,
                j.acceptable,
                j.why
            ));
        }
    }
    let n = judged.len() as f64;
    println!(
        "search quality: {} queries, first hit right {:.1}%, mean precision@k {:.3}, {} failing",
        judged.len(),
        100.0 * first_right as f64 / n,
        precision_sum / n,
        failures.len()
    );
    for failure in &failures {
        println!("  FAIL {failure}");
    }
    let promised: Vec<&String> = failures
        .iter()
        .filter(|f| PROMISED.iter().any(|p| f.starts_with(&format!("{p:?}"))))
        .collect();
    assert!(promised.is_empty(), "promised queries fail:\n{promised:#?}");
    assert!(
        failures.len() * 10 <= judged.len(),
        "more than a tenth of the judged queries fail:\n{}",
        failures.join("\n")
    );
}
