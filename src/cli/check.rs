//! `medsets check`: picks the links, runs the checker with a progress bar,
//! remembers the results, and prints the summary (text or JSON).
//!
//! Exit codes: 0 when no link is broken, 1 when one is (or when no host
//! could be reached at all: no network), 2 for an unknown dataset.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use super::context::{Context, EXIT_BAD_INPUT, EXIT_NOT_FOUND, EXIT_OK};
use super::output::write_not_found;
use crate::catalog::{Catalog, Dataset};
use crate::links::batch;
use crate::links::cache::{LinkCache, LinkStatus, Status};
use crate::links::check::{self, CheckOptions, Hop, UrlResult};
use crate::sanitize;

/// How long the host lookups before a check may take to find one host.
const DNS_DEADLINE: Duration = Duration::from_secs(4);

/// One link of one dataset, with its result.
#[derive(Serialize)]
struct Row<'a> {
    dataset: &'a str,
    url: &'a str,
    #[serde(flatten)]
    status: &'a LinkStatus,
    chain: &'a [Hop],
}

#[derive(Serialize)]
struct Summary {
    links: usize,
    urls: usize,
    datasets: usize,
    seconds: f64,
    counts: BTreeMap<&'static str, usize>,
    no_network: bool,
}

#[derive(Serialize)]
struct Report<'a> {
    summary: Summary,
    results: Vec<Row<'a>>,
}

/// Runs `medsets check`.
pub fn run(
    catalog: &Catalog,
    ids: &[String],
    opts: &CheckOptions,
    json: bool,
    ctx: &Context,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<ExitCode> {
    let datasets = match select(catalog, ids, err)? {
        Some(datasets) => datasets,
        None => return Ok(ExitCode::from(EXIT_BAD_INPUT)),
    };
    let links: Vec<(&Dataset, &str)> = datasets
        .iter()
        .flat_map(|d| d.urls.iter().map(move |link| (*d, link.url.as_ref())))
        .collect();
    let mut seen = HashSet::new();
    let urls: Vec<String> = links
        .iter()
        .filter(|(_, url)| seen.insert(*url))
        .map(|(_, url)| url.to_string())
        .collect();

    // Read the cache first, so a corrupt one is reported before the wait.
    let (mut cache, warning) = LinkCache::load();
    if let Some(warning) = warning {
        writeln!(err, "{warning}")?;
    }

    let started = Instant::now();
    // Without a network every lookup fails at once: say so in seconds,
    // before any link is counted as broken.
    if let Err(why) = check::any_host_resolves(&urls, DNS_DEADLINE) {
        let hosts: HashSet<&str> = urls
            .iter()
            .filter_map(|u| u.split("//").nth(1)?.split(['/', ':', '?', '#']).next())
            .collect();
        writeln!(
            err,
            "medsets: no network: could not resolve any of {} host{} ({} URL{}: {}); \
             the link cache was left as it was",
            hosts.len(),
            if hosts.len() == 1 { "" } else { "s" },
            urls.len(),
            if urls.len() == 1 { "" } else { "s" },
            sanitize::line(&why)
        )?;
        if json {
            let summary = Summary {
                links: 0,
                urls: urls.len(),
                datasets: datasets.len(),
                seconds: (started.elapsed().as_secs_f64() * 10.0).round() / 10.0,
                counts: Status::ALL.iter().map(|s| (s.as_str(), 0)).collect(),
                no_network: true,
            };
            let report = Report {
                summary,
                results: Vec::new(),
            };
            serde_json::to_writer_pretty(&mut *out, &report).map_err(io::Error::from)?;
            writeln!(out)?;
        }
        return Ok(ExitCode::from(EXIT_NOT_FOUND));
    }
    let progress = progress_bar(urls.len() as u64);
    let results: Mutex<HashMap<String, UrlResult>> = Mutex::new(HashMap::new());
    check::check_urls(urls.clone(), opts, |result| {
        progress.inc(1);
        let mut results = results.lock().unwrap_or_else(|e| e.into_inner());
        if result.status.status == Status::Broken {
            let broken = results
                .values()
                .filter(|r| r.status.status == Status::Broken)
                .count()
                + 1;
            progress.set_message(format!("{broken} broken"));
        }
        results.insert(result.url.clone(), result);
    });
    progress.finish_and_clear();
    let elapsed = started.elapsed();
    let results = results.into_inner().unwrap_or_else(|e| e.into_inner());

    let attempted: Vec<&UrlResult> = results.values().filter(|r| r.attempted).collect();
    let no_network = !batch::remember(&mut cache, results.values());
    if !no_network && let Err(e) = cache.merge_and_save() {
        let path = cache
            .path()
            .map(|p| sanitize::line(&p.display().to_string()).into_owned())
            .unwrap_or_default();
        writeln!(err, "medsets: could not save the link cache {path}: {e}")?;
    }

    let rows: Vec<Row> = links
        .iter()
        .filter_map(|(dataset, url)| {
            let result = results.get(*url)?;
            Some(Row {
                dataset: &dataset.id,
                url,
                status: &result.status,
                chain: &result.chain,
            })
        })
        .collect();
    let mut counts: BTreeMap<&'static str, usize> =
        Status::ALL.iter().map(|s| (s.as_str(), 0)).collect();
    for row in &rows {
        *counts.entry(row.status.status.as_str()).or_default() += 1;
    }
    let any_broken = rows.iter().any(|r| r.status.status == Status::Broken);
    let summary = Summary {
        links: rows.len(),
        urls: urls.len(),
        datasets: datasets.len(),
        seconds: (elapsed.as_secs_f64() * 10.0).round() / 10.0,
        counts,
        no_network,
    };

    if no_network {
        writeln!(err, "{}", no_network_message(&attempted))?;
    }
    if json {
        let report = Report {
            summary,
            results: rows,
        };
        serde_json::to_writer_pretty(&mut *out, &report).map_err(io::Error::from)?;
        writeln!(out)?;
    } else if !no_network {
        write_summary(out, &summary, &rows, elapsed, ctx)?;
    }
    Ok(ExitCode::from(if any_broken || no_network {
        EXIT_NOT_FOUND
    } else {
        EXIT_OK
    }))
}

/// The datasets named (all when none is), or `None` after reporting the
/// unknown ones with suggestions.
fn select<'a>(
    catalog: &'a Catalog,
    ids: &[String],
    err: &mut dyn Write,
) -> io::Result<Option<Vec<&'a Dataset>>> {
    if ids.is_empty() {
        return Ok(Some(catalog.datasets.iter().collect()));
    }
    let mut chosen: Vec<&Dataset> = Vec::new();
    let mut unknown = false;
    for wanted in ids {
        match catalog.find(wanted) {
            Some(d) => {
                if !chosen.iter().any(|c| c.id == d.id) {
                    chosen.push(d);
                }
            }
            None => {
                unknown = true;
                write_not_found(catalog, wanted, err)?;
            }
        }
    }
    Ok(if unknown { None } else { Some(chosen) })
}

/// A bar on a terminal's stderr; hidden otherwise (pipes, CI, tests).
fn progress_bar(len: u64) -> ProgressBar {
    if !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("checking links {bar:30} {pos}/{len} {elapsed} {msg}")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

/// One line instead of a wall of per-URL errors when nothing answered.
fn no_network_message(attempted: &[&UrlResult]) -> String {
    let hosts: HashSet<String> = attempted
        .iter()
        .map(|r| {
            url::Url::parse(&r.url)
                .ok()
                .and_then(|u| u.host_str().map(str::to_string))
                .unwrap_or_default()
        })
        .collect();
    let mut reasons: Vec<&str> = attempted
        .iter()
        .filter_map(|r| r.status.detail.as_deref())
        .collect();
    reasons.sort_unstable();
    reasons.dedup();
    reasons.truncate(3);
    let (urls, n) = (attempted.len(), hosts.len());
    format!(
        "medsets: no network: could not reach any host ({urls} URL{} on {n} host{}: {}); \
         the link cache was left as it was",
        if urls == 1 { "" } else { "s" },
        if n == 1 { "" } else { "s" },
        reasons.join(", ")
    )
}

fn write_summary(
    out: &mut dyn Write,
    summary: &Summary,
    rows: &[Row],
    elapsed: Duration,
    ctx: &Context,
) -> io::Result<()> {
    let p = ctx.paint;
    let urls = if summary.urls == summary.links {
        String::new()
    } else {
        format!(" ({} distinct URLs)", summary.urls)
    };
    writeln!(
        out,
        "Checked {} link{}{urls} of {} dataset{} in {:.1}s",
        summary.links,
        if summary.links == 1 { "" } else { "s" },
        summary.datasets,
        if summary.datasets == 1 { "" } else { "s" },
        elapsed.as_secs_f64()
    )?;
    writeln!(out)?;
    for status in Status::ALL {
        let n = summary.counts.get(status.as_str()).copied().unwrap_or(0);
        writeln!(out, "  {:<8}{n:>5}", status.as_str())?;
    }
    let mut problems: Vec<&Row> = rows
        .iter()
        .filter(|r| r.status.status != Status::Ok)
        .collect();
    if problems.is_empty() {
        return Ok(());
    }
    // Most actionable first; catalog order within a status (the sort is stable).
    problems.sort_by_key(|r| match r.status.status {
        Status::Broken => 0,
        Status::Timeout => 1,
        Status::Moved => 2,
        Status::Gated => 3,
        Status::Ok => 4,
    });
    let ids: Vec<String> = problems
        .iter()
        .map(|r| sanitize::line(r.dataset).into_owned())
        .collect();
    let id_width = ids.iter().map(|s| s.width()).max().unwrap_or(0).max(7);
    let indent = " ".repeat(id_width + 2 + 9 + 6);
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        p.bold(&format!(
            "{:<id_width$}  {:<9}{:<6}URL",
            "DATASET", "STATUS", "HTTP"
        ))
    )?;
    for (row, id) in problems.iter().zip(&ids) {
        let status = &row.status;
        let code = status.http.map_or("-".to_string(), |c| c.to_string());
        writeln!(
            out,
            "{id}{}  {:<9}{code:<6}{}",
            " ".repeat(id_width - id.width()),
            status.status.as_str(),
            sanitize::line(row.url)
        )?;
        if let Some(note) = note(status) {
            writeln!(out, "{indent}{}", p.dim(&note))?;
        }
    }
    Ok(())
}

/// The second line under a problem: where it moved or ended, or why.
fn note(status: &LinkStatus) -> Option<String> {
    let target = status.moved_to.as_ref().or(status.final_url.as_ref());
    match (target, &status.detail) {
        (Some(target), Some(detail)) => Some(format!(
            "→ {} ({})",
            sanitize::line(target),
            sanitize::line(detail)
        )),
        (Some(target), None) => Some(format!("→ {}", sanitize::line(target))),
        (None, Some(detail)) => Some(sanitize::line(detail).into_owned()),
        (None, None) => None,
    }
}
