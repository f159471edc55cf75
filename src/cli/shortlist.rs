//! `medsets shortlist add|rm|clear|list`, and the `--shortlist` option of
//! `list`, `export`, `urls` and `cite`: the marks of the browser, from the
//! command line.

use std::io::{self, Write};
use std::process::ExitCode;

use super::args::{Format, ShortlistAction};
use super::context::{Context, EXIT_BAD_INPUT, EXIT_NOT_FOUND, EXIT_OK};
use super::output::write_not_found;
use crate::catalog::Catalog;
use crate::sanitize;
use crate::shortlist::Shortlist;

/// Loads the shortlist, reporting a problem with its file on stderr.
fn load(err: &mut dyn Write) -> io::Result<(Shortlist, bool)> {
    let (list, warning) = Shortlist::load();
    let broken = warning.is_some();
    if let Some(warning) = warning {
        writeln!(err, "{warning}")?;
    }
    Ok((list, broken))
}

pub fn run(
    catalog: &Catalog,
    action: ShortlistAction,
    ctx: &Context,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<ExitCode> {
    let (mut list, _) = load(err)?;
    match action {
        ShortlistAction::Add { ids } => {
            let mut found = Vec::new();
            for wanted in &ids {
                match catalog.find(wanted) {
                    Some(d) => found.push(d.id.to_string()),
                    None => {
                        write_not_found(catalog, wanted, err)?;
                        return Ok(ExitCode::from(EXIT_NOT_FOUND));
                    }
                }
            }
            let added = list.add(found);
            save(&list, err)?;
            writeln!(err, "added {added}; {} marked", list.len())?;
        }
        ShortlistAction::Rm { ids } => {
            // By id as given or as the catalog resolves it: an id another
            // catalog had can still be removed.
            let resolved: Vec<String> = ids
                .iter()
                .map(|w| catalog.find(w).map_or(w.clone(), |d| d.id.to_string()))
                .collect();
            let removed = list.remove(resolved.iter().map(String::as_str));
            save(&list, err)?;
            writeln!(err, "removed {removed}; {} marked", list.len())?;
        }
        ShortlistAction::Clear => {
            list.clear();
            save(&list, err)?;
            writeln!(err, "cleared the shortlist")?;
        }
        ShortlistAction::List { format } => {
            let marked = restrict(catalog, &list, err)?;
            let rows: Vec<&crate::catalog::Dataset> = marked.datasets.iter().collect();
            if format == Format::Json {
                super::write_json(out, &rows)?;
            } else {
                super::write_datasets(out, &marked, &rows, super::Shown::plain(), format, ctx)?;
            }
            return Ok(ExitCode::from(if rows.is_empty() {
                EXIT_NOT_FOUND
            } else {
                EXIT_OK
            }));
        }
    }
    Ok(ExitCode::from(EXIT_OK))
}

fn save(list: &Shortlist, err: &mut dyn Write) -> io::Result<()> {
    if let Err(e) = list.save() {
        let path = list
            .path()
            .map(|p| sanitize::line(&p.display().to_string()).into_owned())
            .unwrap_or_default();
        writeln!(err, "medsets: could not save the shortlist {path}: {e}")?;
        return Err(io::Error::other("shortlist not saved"));
    }
    Ok(())
}

/// The catalog with only the datasets of `list`, in catalog order; ids the
/// catalog does not have are named on stderr (and kept in the shortlist).
pub fn restrict(catalog: &Catalog, list: &Shortlist, err: &mut dyn Write) -> io::Result<Catalog> {
    let missing: Vec<&str> = list
        .ids()
        .iter()
        .filter(|id| catalog.dataset(id).is_none())
        .map(String::as_str)
        .collect();
    if !missing.is_empty() {
        writeln!(
            err,
            "medsets: not in this catalog (kept in the shortlist): {}",
            sanitize::line(&missing.join(", "))
        )?;
    }
    Ok(Catalog {
        version: catalog.version,
        categories: catalog.categories.clone(),
        datasets: catalog
            .datasets
            .iter()
            .filter(|d| list.contains(&d.id))
            .cloned()
            .collect(),
    })
}

/// For `--shortlist`: the shortlist's datasets, or why there are none.
pub fn marked(catalog: &Catalog, err: &mut dyn Write) -> io::Result<Result<Catalog, ExitCode>> {
    let (list, broken) = load(err)?;
    if broken {
        return Ok(Err(ExitCode::from(EXIT_BAD_INPUT)));
    }
    let marked = restrict(catalog, &list, err)?;
    if marked.datasets.is_empty() {
        writeln!(
            err,
            "medsets: the shortlist has no dataset of this catalog (mark some with Space in the browser, or `medsets shortlist add ID`)"
        )?;
        return Ok(Err(ExitCode::from(EXIT_NOT_FOUND)));
    }
    Ok(Ok(marked))
}
