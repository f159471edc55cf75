//! The non-interactive subcommands and their text and JSON output.
//!
//! Every function writes to a `Write` it is given and returns an exit code,
//! so tests can drive them without a process, and a closed pipe
//! (`medsets list | head -1`) is an ordinary `BrokenPipe` error for `main`
//! to end quietly on, not a panic.

pub mod args;
mod check;
mod context;
pub mod output;
mod script;
mod shortlist;

pub use context::{Context, EXIT_BAD_INPUT, EXIT_NOT_FOUND, EXIT_OK, Paint};

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use rayon::prelude::*;
use serde_json::Value;
use unicode_width::UnicodeWidthStr;

use crate::catalog::{self, Catalog, Dataset, Layers, LoadError};
use crate::cite;
use crate::describe::{self, FactKey};
use crate::download;
use crate::format;
use crate::links::cache::{self as link_cache, LinkCache};
use crate::links::check::CheckOptions;
use crate::sanitize;
use crate::search::{self, Hit, Query, SortOrder};
use args::{CiteFormat, Command, Format};
use output::not_found;

/// Runs one subcommand. `validate` reads its own file; the others use `catalog`.
pub fn run(
    command: Command,
    layers: &Layers,
    ctx: &Context,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<ExitCode> {
    if layers.is_empty() {
        writeln!(
            err,
            "medsets: --no-embedded leaves no catalog: add one with --catalog FILE"
        )?;
        return Ok(ExitCode::from(EXIT_BAD_INPUT));
    }
    let command = match command {
        Command::Validate { file } => return validate(&file, out, err),
        Command::Import { file } => return import(&file, out, err),
        Command::Completions { shell } => {
            let mut cli = <args::Cli as clap::CommandFactory>::command();
            // Into memory first: clap_complete panics when its writer fails
            // (`medsets completions zsh | head`), a broken pipe must not.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut cli, "medsets", &mut script);
            out.write_all(&script)?;
            return Ok(ExitCode::from(EXIT_OK));
        }
        Command::Man => {
            let cli = <args::Cli as clap::CommandFactory>::command();
            clap_mangen::Man::new(cli).render(out)?;
            return Ok(ExitCode::from(EXIT_OK));
        }
        Command::Search {
            query,
            limit,
            sort,
            format,
            json,
        } => {
            let format = if json { Format::Json } else { format };
            let shape = Shape {
                limit,
                sort,
                format,
            };
            return search(layers, &query.join(" "), shape, ctx, out, err);
        }
        command => command,
    };
    // Not freed: the process ends after the command, and freeing a large
    // catalog string by string only delays the exit.
    let catalog = match layers.load() {
        Ok(catalog) => std::mem::ManuallyDrop::new(catalog),
        Err(problems) => return unusable(&problems, err),
    };
    match command {
        Command::List {
            category,
            sort,
            format,
            json,
            shortlist,
        } => {
            let format = if json { Format::Json } else { format };
            let marked;
            let catalog: &Catalog = if shortlist {
                marked = match shortlist::marked(&catalog, err)? {
                    Ok(marked) => marked,
                    Err(code) => return Ok(code),
                };
                &marked
            } else {
                &catalog
            };
            list(catalog, category.as_deref(), sort, format, ctx, out, err)
        }
        Command::Compare {
            ids,
            shortlist,
            format,
        } => {
            let datasets = match chosen(&catalog, ids, shortlist, err)? {
                Ok(datasets) => datasets,
                Err(code) => return Ok(code),
            };
            let table = crate::compare::table(&catalog, &datasets, ctx.lang);
            match format {
                args::CompareFormat::Text => output::write_compare_text(out, &table)?,
                args::CompareFormat::Markdown => output::write_compare_markdown(out, &table)?,
                args::CompareFormat::Csv => output::write_compare_csv(out, &table)?,
            }
            Ok(ExitCode::from(EXIT_OK))
        }
        Command::Script {
            ids,
            shortlist,
            query,
            dir,
        } => script::run(&catalog, ids, shortlist, query.as_deref(), &dir, out, err),
        Command::Shortlist { action } => shortlist::run(&catalog, action, ctx, out, err),
        Command::Show {
            ids,
            json,
            shortlist,
        } => match chosen(&catalog, ids, shortlist, err)? {
            Ok(datasets) => show(&catalog, &datasets, json, ctx, out, err),
            Err(code) => Ok(code),
        },
        Command::Urls { ids, shortlist } => match chosen(&catalog, ids, shortlist, err)? {
            Ok(datasets) => urls(&datasets, out),
            Err(code) => Ok(code),
        },
        Command::Cite {
            ids,
            format,
            shortlist,
        } => match chosen(&catalog, ids, shortlist, err)? {
            Ok(datasets) => cite(&datasets, format, out, err),
            Err(code) => Ok(code),
        },
        Command::Cmd {
            ids,
            url,
            shortlist,
        } => {
            let datasets = match chosen(&catalog, ids, shortlist, err)? {
                Ok(datasets) => datasets,
                Err(code) => return Ok(code),
            };
            let several = datasets.len() > 1;
            let mut code = ExitCode::from(EXIT_OK);
            for (i, dataset) in datasets.into_iter().enumerate() {
                if several {
                    if i > 0 {
                        writeln!(out)?;
                    }
                    writeln!(out, "# === {} ===", sanitize::line(&dataset.id))?;
                }
                code = cmd(dataset, url, out, err)?;
                if code != ExitCode::from(EXIT_OK) {
                    break;
                }
            }
            Ok(code)
        }
        Command::Export {
            ids,
            format,
            shortlist,
        } => {
            let everything = ids.is_empty() && !shortlist;
            let datasets = if everything {
                catalog.datasets.iter().collect()
            } else {
                match chosen(&catalog, ids, shortlist, err)? {
                    Ok(datasets) => datasets,
                    Err(code) => return Ok(code),
                }
            };
            match format.listing() {
                None => croissant(&datasets, everything, out),
                Some(format) if everything => export(&catalog, format, ctx, out),
                Some(format) => {
                    let chosen = Catalog {
                        version: catalog.version,
                        categories: catalog.categories.clone(),
                        datasets: datasets.into_iter().cloned().collect(),
                    };
                    export(&chosen, format, ctx, out)
                }
            }
        }
        Command::Check {
            ids,
            timeout,
            jobs,
            json,
        } => {
            let mut opts = CheckOptions::with_timeout(Duration::from_secs(timeout));
            opts.jobs = usize::try_from(jobs).unwrap_or(opts.jobs);
            check::run(&catalog, &ids, &opts, json, ctx, out, err)
        }
        Command::Validate { .. }
        | Command::Import { .. }
        | Command::Search { .. }
        | Command::Completions { .. }
        | Command::Man => unreachable!("handled above"),
    }
}

/// Reports a catalog that cannot be used, and the exit code for it.
fn unusable(problems: &LoadError, err: &mut dyn Write) -> io::Result<ExitCode> {
    writeln!(err, "{}", sanitize::block(&problems.to_string()))?;
    writeln!(
        err,
        "medsets: cannot use this catalog (see `medsets validate FILE`)"
    )?;
    Ok(ExitCode::from(EXIT_BAD_INPUT))
}

fn list(
    catalog: &Catalog,
    category: Option<&str>,
    sort: SortOrder,
    format: Format,
    ctx: &Context,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<ExitCode> {
    if let Some(wanted) = category
        && catalog.category(wanted).is_none()
    {
        let known: Vec<&str> = catalog.categories.iter().map(|c| c.id.as_str()).collect();
        writeln!(
            err,
            "medsets: no category {:?}; categories are: {}",
            sanitize::line(wanted),
            known.join(", ")
        )?;
        return Ok(ExitCode::from(EXIT_BAD_INPUT));
    }
    let mut hits: Vec<Hit> = catalog
        .datasets
        .iter()
        .enumerate()
        .filter(|(_, d)| category.is_none_or(|c| d.categories.iter().any(|dc| dc == c)))
        .map(|(dataset, _)| Hit {
            dataset,
            score: 0,
            settled: 0,
        })
        .collect();
    search::sort_hits(&mut hits, sort, catalog);
    let chosen: Vec<&Dataset> = hits.iter().map(|h| &catalog.datasets[h.dataset]).collect();
    let shown = Shown {
        scores: None,
        category,
    };
    write_datasets(out, catalog, &chosen, shown, format, ctx)?;
    Ok(ExitCode::from(if chosen.is_empty() {
        EXIT_NOT_FOUND
    } else {
        EXIT_OK
    }))
}

/// Below this many datasets to print, `search` copies them out on one core.
const COPY_IN_PARALLEL: usize = 1024;

/// How `search` shapes its results.
struct Shape {
    limit: Option<usize>,
    sort: SortOrder,
    format: Format,
}

/// `medsets search`: the catalog is validated as for any command, but its
/// datasets stay views into the file's text; only those printed are copied
/// out (see [`crate::view`]).
fn search(
    layers: &Layers,
    text: &str,
    shape: Shape,
    ctx: &Context,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<ExitCode> {
    // Not freed, like the catalog of other commands: the process ends
    // right after printing.
    let source = match catalog::LayeredViews::open(layers) {
        Ok(source) => std::mem::ManuallyDrop::new(source),
        Err(problems) => return unusable(&problems, err),
    };
    let views = match source.views() {
        Ok(views) => std::mem::ManuallyDrop::new(views),
        Err(problems) => return unusable(&problems, err),
    };
    let query = Query::parse(text);
    if let Some(problem) = query.error() {
        writeln!(err, "medsets: {}", sanitize::line(problem))?;
        return Ok(ExitCode::from(EXIT_BAD_INPUT));
    }
    let mut hits = search::search_once(&views.categories, &views.datasets, &query);
    if search::is_weak(&query, &hits)
        && let Some(fixed) = search::did_you_mean(text, &views.datasets)
    {
        let nothing = if hits.is_empty() {
            "nothing matches; "
        } else {
            "only weak matches; "
        };
        writeln!(
            err,
            "medsets: {nothing}did you mean: {}?",
            sanitize::line(&fixed)
        )?;
    }
    // Relevance order is known now, so only the first `limit` datasets are
    // copied out; any other order needs every hit's facts to sort on.
    if shape.sort == SortOrder::Relevance
        && let Some(limit) = shape.limit
    {
        hits.truncate(limit);
    }
    // The datasets found, in hit order, as a catalog of their own (the
    // output formats name categories).
    // Copied on every core only when there are many: for a few, starting
    // rayon's threads costs more than the copies (0.3–0.5 ms on 2 cores).
    let copy = |hit: &Hit| views.datasets[hit.dataset].to_dataset();
    let datasets = if hits.len() < COPY_IN_PARALLEL {
        hits.iter().map(copy).collect()
    } else {
        hits.par_iter().map(copy).collect()
    };
    let found = std::mem::ManuallyDrop::new(Catalog {
        version: views.version,
        categories: views.categories.clone(),
        datasets,
    });
    let mut hits: Vec<Hit> = hits
        .iter()
        .enumerate()
        .map(|(dataset, hit)| Hit { dataset, ..*hit })
        .collect();
    search::sort_hits(&mut hits, shape.sort, &found);
    if let Some(limit) = shape.limit {
        hits.truncate(limit);
    }
    let rows: Vec<&Dataset> = hits
        .iter()
        .map(|hit| &found.datasets[hit.dataset])
        .collect();
    let scores: Vec<u32> = hits.iter().map(|hit| hit.score).collect();
    let shown = Shown {
        scores: Some(&scores),
        category: None,
    };
    write_datasets(out, &found, &rows, shown, shape.format, ctx)?;
    Ok(ExitCode::from(if hits.is_empty() {
        EXIT_NOT_FOUND
    } else {
        EXIT_OK
    }))
}

/// Each of `wanted` found in the catalog, each once, in order; or the
/// not-found exit after naming the first unknown one with suggestions.
fn resolve<'a>(
    catalog: &'a Catalog,
    wanted: &[String],
    err: &mut dyn Write,
) -> io::Result<Result<Vec<&'a Dataset>, ExitCode>> {
    let mut datasets: Vec<&Dataset> = Vec::new();
    for id in wanted {
        let Some(dataset) = catalog.find(id) else {
            return not_found(catalog, id, err).map(Err);
        };
        if !datasets.iter().any(|d| d.id == dataset.id) {
            datasets.push(dataset);
        }
    }
    Ok(Ok(datasets))
}

/// The datasets a command names: `ids`, then (with `--shortlist`) the
/// shortlist's, each once; or the exit code after saying what is wrong.
fn chosen<'a>(
    catalog: &'a Catalog,
    ids: Vec<String>,
    shortlist: bool,
    err: &mut dyn Write,
) -> io::Result<Result<Vec<&'a Dataset>, ExitCode>> {
    match with_shortlist(catalog, ids, shortlist, err)? {
        Ok(ids) => resolve(catalog, &ids, err),
        Err(code) => Ok(Err(code)),
    }
}

fn show(
    catalog: &Catalog,
    datasets: &[&Dataset],
    json: bool,
    ctx: &Context,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<ExitCode> {
    if json {
        // One object for one dataset (as before), an array for several.
        match datasets {
            [one] => write_json(out, &json_object(one, None))?,
            several => {
                let objects: Vec<Value> = several.iter().map(|d| json_object(d, None)).collect();
                write_json(out, &objects)?
            }
        }
    } else {
        let (links, warning) = LinkCache::load();
        if let Some(warning) = warning {
            writeln!(err, "{warning}")?;
        }
        for (i, dataset) in datasets.iter().enumerate() {
            if i > 0 {
                writeln!(out)?;
                writeln!(out, "{}", "-".repeat(40))?;
                writeln!(out)?;
            }
            write_detail_with_links(out, catalog, dataset, ctx, Some(&links))?;
        }
    }
    Ok(ExitCode::from(EXIT_OK))
}

fn cite(
    datasets: &[&Dataset],
    format: CiteFormat,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<ExitCode> {
    let uncited: Vec<&str> = datasets
        .iter()
        .filter(|d| d.citations.is_empty())
        .map(|d| d.id.as_ref())
        .collect();
    if !uncited.is_empty() {
        writeln!(
            err,
            "medsets: no citation recorded for {}",
            sanitize::line(&uncited.join(", "))
        )?;
    }
    match format {
        CiteFormat::Bibtex => write!(
            out,
            "{}",
            sanitize::block(&cite::bibtex(datasets.iter().copied()))
        )?,
        CiteFormat::Text | CiteFormat::CslJson => {
            let mut seen = std::collections::HashSet::new();
            let references: Vec<cite::Reference> = datasets
                .iter()
                .flat_map(|d| cite::references(d))
                .filter(|r| seen.insert(r.key.clone()))
                .collect();
            if format == CiteFormat::Text {
                for reference in &references {
                    writeln!(out, "{}", sanitize::line(&reference.text()))?;
                }
            } else {
                let items: Vec<Value> = references.iter().map(cite::Reference::csl_json).collect();
                serde_json::to_writer_pretty(&mut *out, &items)?;
                writeln!(out)?;
            }
        }
    }
    Ok(ExitCode::from(if uncited.len() == datasets.len() {
        EXIT_NOT_FOUND
    } else {
        EXIT_OK
    }))
}

/// `ids`, then (with `--shortlist`) the shortlist's ids this catalog has.
fn with_shortlist(
    catalog: &Catalog,
    mut ids: Vec<String>,
    shortlist: bool,
    err: &mut dyn Write,
) -> io::Result<Result<Vec<String>, ExitCode>> {
    if shortlist {
        match shortlist::marked(catalog, err)? {
            Ok(marked) => ids.extend(marked.datasets.into_iter().map(|d| d.id.into_owned())),
            Err(code) => return Ok(Err(code)),
        }
    }
    Ok(Ok(ids))
}

fn urls(datasets: &[&Dataset], out: &mut dyn Write) -> io::Result<ExitCode> {
    for link in datasets.iter().flat_map(|d| &d.urls) {
        // Loaded URLs were checked to hold no control characters; sanitizing
        // again costs nothing and keeps this output safe on its own.
        writeln!(out, "{}", sanitize::line(&link.url))?;
    }
    Ok(ExitCode::from(EXIT_OK))
}

/// `medsets cmd ID [--url N]`: for each URL (or the Nth) the command, then
/// a `#` line; with every URL, each block opens with a `# [N] label` line
/// so the whole output is still a valid shell script.
fn cmd(
    dataset: &Dataset,
    url: Option<usize>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<ExitCode> {
    let count = dataset.urls.len();
    match url {
        Some(n) if n == 0 || n > count => {
            writeln!(
                err,
                "medsets: {} has {count} URL{}; --url takes 1 to {count}",
                sanitize::line(&dataset.id),
                if count == 1 { "" } else { "s" }
            )?;
            Ok(ExitCode::from(EXIT_BAD_INPUT))
        }
        Some(n) => {
            let link = &dataset.urls[n - 1];
            for line in download::for_url(dataset, &link.url).lines() {
                writeln!(out, "{line}")?;
            }
            Ok(ExitCode::from(EXIT_OK))
        }
        None => {
            for (i, link) in dataset.urls.iter().enumerate() {
                if i > 0 {
                    writeln!(out)?;
                }
                writeln!(out, "# [{}] {}", i + 1, sanitize::line(&link.label))?;
                for line in download::for_url(dataset, &link.url).lines() {
                    writeln!(out, "{line}")?;
                }
            }
            Ok(ExitCode::from(EXIT_OK))
        }
    }
}

fn export(
    catalog: &Catalog,
    format: Format,
    ctx: &Context,
    out: &mut dyn Write,
) -> io::Result<ExitCode> {
    if format == Format::Json {
        write_json(out, catalog)?;
    } else {
        let all: Vec<&Dataset> = catalog.datasets.iter().collect();
        write_datasets(out, catalog, &all, Shown::plain(), format, ctx)?;
    }
    Ok(ExitCode::from(EXIT_OK))
}

/// `export --format croissant`: one Croissant document for one dataset
/// named, an array for several or for the whole catalog.
fn croissant(datasets: &[&Dataset], everything: bool, out: &mut dyn Write) -> io::Result<ExitCode> {
    let documents: Vec<crate::croissant::Document> = datasets
        .iter()
        .map(|d| crate::croissant::document(d))
        .collect();
    match documents.as_slice() {
        [one] if !everything => write_json(out, one)?,
        all => write_json(out, all)?,
    }
    Ok(ExitCode::from(EXIT_OK))
}

/// What else `write_datasets` shows besides the datasets.
pub(super) struct Shown<'a> {
    /// From `search`: into JSON objects as `"score"`, into CSV as a last column.
    scores: Option<&'a [u32]>,
    /// From `list --category`: the only category heading in Markdown.
    category: Option<&'a str>,
}

/// Datasets in the chosen format.
impl Shown<'_> {
    pub(super) fn plain() -> Self {
        Shown {
            scores: None,
            category: None,
        }
    }
}

pub(super) fn write_datasets(
    out: &mut dyn Write,
    catalog: &Catalog,
    datasets: &[&Dataset],
    shown: Shown<'_>,
    format: Format,
    ctx: &Context,
) -> io::Result<()> {
    let Shown { scores, category } = shown;
    match format {
        Format::Text => write_rows(out, datasets, ctx),
        Format::Json => {
            let objects: Vec<Value> = datasets
                .iter()
                .enumerate()
                .map(|(i, dataset)| json_object(dataset, scores.map(|s| s[i])))
                .collect();
            write_json(out, &objects)
        }
        Format::Csv => output::write_csv(out, datasets, scores),
        Format::Markdown => output::write_markdown(out, catalog, datasets, category, ctx.lang),
    }
}

/// A dataset as `--json` prints it: its catalog object, plus the fields
/// that are about it rather than part of it: `source` (the catalog it came
/// from) and, for a search, its `score`.
fn json_object(dataset: &Dataset, score: Option<u32>) -> Value {
    let mut value = serde_json::to_value(dataset).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut value {
        map.insert("source".into(), dataset.source.label().into());
        if let Some(score) = score {
            map.insert("score".into(), score.into());
        }
    }
    value
}

fn validate(file: &Path, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<ExitCode> {
    match catalog::load_file(file) {
        Ok(catalog) => {
            writeln!(
                out,
                "{}: valid catalog: {} datasets ({} memberships) in {} categories",
                sanitize::line(&file.display().to_string()),
                catalog.datasets.len(),
                catalog.membership_count(),
                catalog.categories.len()
            )?;
            Ok(ExitCode::from(EXIT_OK))
        }
        Err(problems) if problems.unreadable => {
            writeln!(err, "{}", sanitize::block(&problems.to_string()))?;
            Ok(ExitCode::from(EXIT_BAD_INPUT))
        }
        Err(problems) => {
            writeln!(out, "{}", sanitize::block(&problems.to_string()))?;
            let n = problems.problems.len();
            writeln!(out, "{n} problem{}", if n == 1 { "" } else { "s" })?;
            Ok(ExitCode::from(EXIT_NOT_FOUND))
        }
    }
}

/// `medsets import`: the draft catalog on `out`, the report on `err`.
fn import(file: &Path, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<ExitCode> {
    let name = sanitize::line(&file.display().to_string()).into_owned();
    let text = match std::fs::read(file) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(_) => {
                writeln!(err, "medsets: {name}: not UTF-8 text")?;
                return Ok(ExitCode::from(EXIT_BAD_INPUT));
            }
        },
        Err(why) => {
            writeln!(err, "medsets: cannot read {name}: {why}")?;
            return Ok(ExitCode::from(EXIT_BAD_INPUT));
        }
    };
    let imported = crate::import::import(&text);
    if let Some(catalog) = &imported.catalog {
        write_json(out, catalog)?;
    }
    write!(err, "{name}: {}", imported.report)?;
    if let Some(catalog) = &imported.catalog {
        // Ids the embedded catalog has too would clash when the draft is
        // used beside it: say so now, with the two ways out.
        let embedded = Catalog::embedded();
        let shared: Vec<&str> = catalog
            .datasets
            .iter()
            .filter(|d| embedded.datasets.iter().any(|e| e.id == d.id))
            .map(|d| d.id.as_ref())
            .collect();
        if shared.is_empty() {
            writeln!(
                err,
                "browse it beside the embedded catalog: medsets --catalog FILE"
            )?;
        } else {
            writeln!(
                err,
                "{} id{} also in the embedded catalog ({}): browse the draft alone with \
                 medsets --no-embedded --catalog FILE, or rename those datasets (or mark them \
                 \"override\": true) to use it beside the embedded one",
                shared.len(),
                if shared.len() == 1 { " is" } else { "s are" },
                sanitize::line(&format::ellipsize(&shared.join(", "), 120))
            )?;
        }
    }
    Ok(ExitCode::from(if imported.catalog.is_none() {
        EXIT_NOT_FOUND
    } else {
        EXIT_OK
    }))
}

/// JSON output: the data intact, with every character that could act on a
/// terminal escaped (serde_json alone leaves DEL, C1 and bidi controls raw).
pub(super) fn write_json<T: serde::Serialize + ?Sized>(
    out: &mut dyn Write,
    value: &T,
) -> io::Result<()> {
    sanitize::write_json(out, value)?;
    writeln!(out)
}

/// One dataset a line: id, name, modalities, access; aligned by display width.
fn write_rows(out: &mut dyn Write, rows: &[&Dataset], ctx: &Context) -> io::Result<()> {
    // Columns aligned by display width, as `ls -l` does; a long name or
    // modality list is cut with `…` so the columns after it stay in line.
    let ids: Vec<_> = rows.iter().map(|d| sanitize::line(&d.id)).collect();
    let names: Vec<_> = rows
        .iter()
        .map(|d| format::ellipsize(&sanitize::line(&d.name), 40))
        .collect();
    let modalities: Vec<_> = rows
        .iter()
        .map(|d| format::ellipsize(&format::list(&d.modalities), 28))
        .collect();
    let width = |column: &[String]| column.iter().map(|s| s.width()).max().unwrap_or(0);
    let id_width = ids.iter().map(|s| s.width()).max().unwrap_or(0);
    let (name_width, modality_width) = (width(&names), width(&modalities));
    for (((dataset, id), name), modality) in rows.iter().zip(&ids).zip(&names).zip(&modalities) {
        writeln!(
            out,
            "{}  {}  {}  {}",
            pad(&ctx.paint.bold(id), id.width(), id_width),
            format::pad(name, name_width),
            format::pad(modality, modality_width),
            ctx.paint.dim(dataset.access.as_str())
        )?;
    }
    Ok(())
}

fn pad(text: &str, width: usize, to: usize) -> String {
    format!("{text}{}", " ".repeat(to.saturating_sub(width)))
}

/// The full human view of one dataset (`medsets show`): each download URL
/// is followed by its last check (`ok · 3d ago`) when `links` has one.
pub fn write_detail_with_links(
    out: &mut dyn Write,
    catalog: &Catalog,
    d: &Dataset,
    ctx: &Context,
    links: Option<&LinkCache>,
) -> io::Result<()> {
    let p = ctx.paint;
    let description = describe::describe(catalog, d, ctx.lang);
    writeln!(out, "{}  ({})", p.bold(&description.name), description.id)?;
    for fact in &description.facts {
        let value = match fact.key {
            FactKey::Homepage => p.link(&fact.value),
            _ => fact.value.clone(),
        };
        writeln!(out, "{}{value}", p.dim(&pad_label(fact.label)))?;
    }
    writeln!(out)?;
    writeln!(out, "{}", sanitize::block(description.summary))?;
    writeln!(out)?;
    writeln!(out, "{}", p.bold(description.links_heading))?;
    for (i, link) in description.links.iter().enumerate() {
        writeln!(out, "  [{}] {}", i + 1, link.label)?;
        writeln!(out, "      {}", p.link(&link.url))?;
        if let Some(status) = links.and_then(|cache| cache.get(&d.urls[i].url)) {
            let text = link_cache::describe(status, link_cache::unix_now());
            writeln!(out, "      {}", p.dim(&text))?;
        }
        for line in &link.command {
            writeln!(out, "      {}", p.dim(line))?;
        }
    }
    if !description.citations.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", p.bold(description.cite_heading))?;
        for line in &description.citations {
            let mark = if line.unconfirmed {
                format!(" {}", describe::unconfirmed_mark(ctx.lang))
            } else {
                String::new()
            };
            writeln!(out, "  [{}] {}{mark}", line.role, line.text)?;
        }
    }
    if !description.related.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", p.bold(description.related_heading))?;
        for line in &description.related {
            writeln!(
                out,
                "  {}{} ({})",
                p.dim(&pad_label(line.relation)),
                line.name,
                line.id
            )?;
        }
    }
    if let Some(notes) = description.notes {
        writeln!(out)?;
        writeln!(out, "{}", p.bold(description.notes_heading))?;
        writeln!(out, "{}", p.dim(&sanitize::block(notes)))?;
    }
    Ok(())
}

/// A label padded to the facts' column, by display width (Chinese labels
/// are two columns per character).
fn pad_label(label: &str) -> String {
    let width = label.width();
    format!(
        "{label}{}",
        " ".repeat(11usize.saturating_sub(width).max(1))
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    fn ctx() -> Context {
        Context {
            lang: Lang::En,
            paint: Paint { enabled: false },
        }
    }

    #[test]
    fn find_by_id_name_and_alias_ignoring_case() {
        let catalog = Catalog::embedded();
        assert_eq!(
            catalog.find("MIMIC-CXR").map(|d| d.id.as_ref()),
            Some("mimic-cxr")
        );
        assert_eq!(
            catalog.find("vqa-rad").map(|d| d.id.as_ref()),
            Some("vqa-rad")
        );
        assert_eq!(catalog.find("amos").map(|d| d.id.as_ref()), Some("amos"));
        assert!(catalog.find("mimic-cx").is_none());
    }

    #[test]
    fn suggestions_for_a_typo() {
        let catalog = Catalog::embedded();
        assert_eq!(
            catalog.suggest("mimic-cx").first().map(String::as_str),
            Some("mimic-cxr")
        );
        assert!(catalog.suggest("zzzzzzzzzz").is_empty());
    }

    #[test]
    fn colour_decision() {
        use args::ColorChoice::*;
        assert!(Paint::decide(Auto, true, false, false).enabled);
        assert!(!Paint::decide(Auto, false, false, false).enabled);
        assert!(!Paint::decide(Auto, true, true, false).enabled);
        assert!(!Paint::decide(Auto, true, false, true).enabled);
        assert!(Paint::decide(Always, false, true, false).enabled);
        assert!(!Paint::decide(Never, true, false, false).enabled);
    }

    #[test]
    fn detail_has_every_section_and_numbered_urls() {
        let catalog = Catalog::embedded();
        let d = catalog.dataset("mimic-cxr").unwrap();
        let mut out = Vec::new();
        write_detail_with_links(&mut out, &catalog, d, &ctx(), None).unwrap();
        let text = String::from_utf8(out).unwrap();
        for needle in [
            "MIMIC-CXR",
            "Categories",
            "Access     CREDENTIALED",
            "Licence    PhysioNet Credentialed Health Data License 1.5.0",
            "Requires   identity check, human-subjects training and a signed DUA",
            "377,110 images",
            "[1]",
            "https://physionet.org/content/mimic-cxr/2.1.0/",
        ] {
            assert!(text.contains(needle), "missing {needle:?} in\n{text}");
        }
        assert!(!text.contains('\u{1b}'));
    }

    #[test]
    fn broken_pipe_surfaces_as_an_error_not_a_panic() {
        struct Closed;
        impl Write for Closed {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::Error::from(io::ErrorKind::BrokenPipe))
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let result = run(
            Command::List {
                category: None,
                sort: SortOrder::Relevance,
                format: Format::Text,
                json: false,
                shortlist: false,
            },
            &Layers::embedded_only(),
            &ctx(),
            &mut Closed,
            &mut Vec::new(),
        );
        assert_eq!(result.unwrap_err().kind(), io::ErrorKind::BrokenPipe);
    }
}
