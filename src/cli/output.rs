//! CSV and Markdown renderings of a catalog (or of some of its datasets),
//! for `medsets export --format …` and `list`/`search --format …`.
//!
//! Both are for other programs and people, so every text from the catalog
//! is sanitized first; Markdown text is also escaped so a name such as
//! `VQA_RAD` or a `[bracket]` cannot turn into formatting or a link.

use std::io::{self, Write};
use std::process::ExitCode;

use super::context::EXIT_NOT_FOUND;

use crate::catalog::{Catalog, Dataset, Text};
use crate::compare;
use crate::describe::{self, FactKey};
use crate::format;
use crate::lang::Lang;
use crate::sanitize;

/// The CSV columns, in order.
pub const CSV_HEADER: [&str; 23] = [
    "id",
    "name",
    "aliases",
    "categories",
    "modalities",
    "body_regions",
    "tasks",
    "size",
    "size_bytes",
    "languages",
    "access",
    "license",
    "year",
    "domain",
    "paper_title",
    "paper_venue",
    "paper_year",
    "paper_id",
    "homepage",
    "urls",
    "url_labels",
    "summary",
    "summary_zh",
];

/// What separates the items of a list inside one CSV cell.
pub const LIST_SEPARATOR: &str = "; ";

/// One row per dataset, after a header; lists joined with `"; "`, empty
/// cells for absent values, quoting by the `csv` crate. With `scores`, a
/// last `score` column holds each row's score (as `search` ranks it).
pub fn write_csv(
    out: &mut dyn Write,
    datasets: &[&Dataset],
    scores: Option<&[u32]>,
) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    let mut header: Vec<&str> = CSV_HEADER.to_vec();
    if scores.is_some() {
        header.push("score");
    }
    writer.write_record(&header).map_err(csv_error)?;
    for (i, d) in datasets.iter().enumerate() {
        let mut row = csv_row(d);
        if let Some(scores) = scores {
            row.push(scores.get(i).map(u32::to_string).unwrap_or_default());
        }
        writer.write_record(&row).map_err(csv_error)?;
    }
    writer.flush()
}

fn csv_row(d: &Dataset) -> Vec<String> {
    let list = |items: &[Text]| {
        items
            .iter()
            .map(|s| cell(s))
            .collect::<Vec<_>>()
            .join(LIST_SEPARATOR)
    };
    let opt = |value: Option<&str>| value.map(cell).unwrap_or_default();
    let number = |value: Option<u64>| value.map(|n| n.to_string()).unwrap_or_default();
    let size = d
        .size
        .iter()
        .map(|f| format!("{} {}", f.value, cell(&f.unit)))
        .collect::<Vec<_>>()
        .join(LIST_SEPARATOR);
    let paper = d.paper.as_ref();
    vec![
        cell(&d.id),
        cell(&d.name),
        list(&d.aliases),
        list(&d.categories),
        list(&d.modalities),
        list(&d.body_regions),
        list(&d.tasks),
        size,
        number(d.size_bytes),
        list(&d.languages),
        d.access.as_str().to_string(),
        opt(d.license.as_deref()),
        number(d.year.map(u64::from)),
        d.domain.as_str().to_string(),
        opt(paper.map(|p| p.title.as_ref())),
        opt(paper.and_then(|p| p.venue.as_deref())),
        number(paper.and_then(|p| p.year).map(u64::from)),
        opt(paper.and_then(|p| p.id.as_deref())),
        opt(d.homepage.as_deref()),
        d.urls
            .iter()
            .map(|l| cell(&l.url))
            .collect::<Vec<_>>()
            .join(LIST_SEPARATOR),
        d.urls
            .iter()
            .map(|l| cell(&l.label))
            .collect::<Vec<_>>()
            .join(LIST_SEPARATOR),
        block_cell(&d.summary),
        d.summary_zh.as_deref().map(block_cell).unwrap_or_default(),
    ]
}

/// One-line catalog text as a CSV cell: sanitized, and defused as a
/// spreadsheet formula (a leading `=`, `+`, `@`, or `-` before a
/// non-digit gets a `'`, as OWASP advises against CSV injection).
fn cell(text: &str) -> String {
    defuse_formula(sanitize::line(text).into_owned())
}

fn block_cell(text: &str) -> String {
    defuse_formula(sanitize::block(text).into_owned())
}

fn defuse_formula(text: String) -> String {
    let mut chars = text.chars();
    let risky = match chars.next() {
        Some('=' | '+' | '@') => true,
        Some('-') => !chars.next().is_some_and(|c| c.is_ascii_digit()),
        _ => false,
    };
    if risky { format!("'{text}") } else { text }
}

fn csv_error(err: csv::Error) -> io::Error {
    match err.into_kind() {
        csv::ErrorKind::Io(err) => err,
        other => io::Error::other(format!("CSV: {other:?}")),
    }
}

/// A categorised Markdown list: a heading per category (English and
/// Chinese name) that has any of `datasets`, then an entry per dataset of
/// that category, in the order given, with its facts, summary (in `lang`)
/// and numbered links. A dataset in two categories appears under both.
/// With `only`, just that category's heading is written.
pub fn write_markdown(
    out: &mut dyn Write,
    catalog: &Catalog,
    datasets: &[&Dataset],
    only: Option<&str>,
    lang: Lang,
) -> io::Result<()> {
    let categories: Vec<_> = catalog
        .categories
        .iter()
        .filter(|c| only.is_none_or(|id| c.id == id))
        .filter(|c| {
            datasets
                .iter()
                .any(|d| d.categories.iter().any(|id| *id == c.id))
        })
        .collect();
    writeln!(out, "# Medical datasets")?;
    writeln!(out)?;
    let in_categories = categories.len();
    writeln!(
        out,
        "{} dataset{} in {} categor{}, generated by medsets from its catalog.",
        datasets.len(),
        if datasets.len() == 1 { "" } else { "s" },
        in_categories,
        if in_categories == 1 { "y" } else { "ies" }
    )?;
    for category in categories {
        let members = datasets
            .iter()
            .filter(|d| d.categories.iter().any(|id| *id == category.id));
        writeln!(out)?;
        let mut heading = inline(&category.name);
        if let Some(zh) = category
            .name_zh
            .as_deref()
            .filter(|zh| !zh.trim().is_empty())
        {
            heading.push_str(" · ");
            heading.push_str(&inline(zh));
        }
        writeln!(out, "## {heading}")?;
        if let Some(description) = category.description_in(lang) {
            writeln!(out)?;
            writeln!(out, "{}", paragraph(description))?;
        }
        for dataset in members {
            writeln!(out)?;
            write_markdown_entry(out, catalog, dataset, lang)?;
        }
    }
    Ok(())
}

fn write_markdown_entry(
    out: &mut dyn Write,
    catalog: &Catalog,
    d: &Dataset,
    lang: Lang,
) -> io::Result<()> {
    let description = describe::describe(catalog, d, lang);
    writeln!(out, "### {}", escape(&description.name))?;
    writeln!(out)?;
    for fact in &description.facts {
        let value = match fact.key {
            FactKey::Homepage => autolink(&fact.value),
            _ => escape(&fact.value),
        };
        writeln!(out, "- **{}:** {value}", fact.label)?;
    }
    writeln!(out)?;
    writeln!(out, "{}", paragraph(description.summary))?;
    writeln!(out)?;
    writeln!(out, "**{}:**", description.links_heading)?;
    writeln!(out)?;
    for (i, link) in description.links.iter().enumerate() {
        writeln!(
            out,
            "{}. [{}]({})",
            i + 1,
            escape(&link.label),
            destination(&link.url)
        )?;
    }
    if !description.citations.is_empty() {
        writeln!(out)?;
        writeln!(out, "**{}:**", description.cite_heading)?;
        writeln!(out)?;
        for line in &description.citations {
            let mark = if line.unconfirmed {
                format!(" {}", describe::unconfirmed_mark(lang))
            } else {
                String::new()
            };
            writeln!(out, "- ({}) {}{mark}", line.role, escape(&line.text))?;
        }
    }
    if !description.related.is_empty() {
        writeln!(out)?;
        writeln!(out, "**{}:**", description.related_heading)?;
        writeln!(out)?;
        for line in &description.related {
            writeln!(out, "- {}: {}", line.relation, escape(&line.name))?;
        }
    }
    if let Some(notes) = description.notes {
        writeln!(out)?;
        writeln!(
            out,
            "**{}:** {}",
            description.notes_heading,
            paragraph(notes)
        )?;
    }
    Ok(())
}

/// Widest a column of `compare`'s text table gets; longer cells wrap.
const COMPARE_CELL: usize = 32;

/// `compare` as aligned text: a label column, then one column per dataset,
/// each cell wrapped to its column (nothing is cut). The last row, the
/// primary links, is written a link a line, each whole, after the dataset's
/// name: a URL cut or wrapped to a column could not be copied.
pub fn write_compare_text(out: &mut dyn Write, table: &compare::Table) -> io::Result<()> {
    use unicode_width::UnicodeWidthStr;
    let (facts, links) = table.rows.split_at(table.rows.len().saturating_sub(1));
    let label_width = table.rows.iter().map(|(l, _)| l.width()).max().unwrap_or(0);
    let widths: Vec<usize> = (0..table.ids.len())
        .map(|c| {
            std::iter::once(table.names[c].width())
                .chain(facts.iter().map(|(_, cells)| cells[c].width()))
                .max()
                .unwrap_or(0)
                .clamp(1, COMPARE_CELL)
        })
        .collect();
    let row = |out: &mut dyn Write, label: &str, cells: &[String]| -> io::Result<()> {
        let wrapped: Vec<Vec<_>> = cells
            .iter()
            .zip(&widths)
            .map(|(cell, &width)| textwrap::wrap(cell, width))
            .collect();
        let height = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
        for at in 0..height {
            let mut text = format::pad(if at == 0 { label } else { "" }, label_width);
            for (lines, &width) in wrapped.iter().zip(&widths) {
                text.push_str("  ");
                text.push_str(&format::pad(lines.get(at).map_or("", |l| l), width));
            }
            writeln!(out, "{}", text.trim_end())?;
        }
        Ok(())
    };
    row(out, "", &table.names)?;
    for (label, cells) in facts {
        row(out, label, cells)?;
    }
    for (label, urls) in links {
        let name_width = table.names.iter().map(|n| n.width()).max().unwrap_or(0);
        for (at, (name, url)) in table.names.iter().zip(urls).enumerate() {
            let label = format::pad(if at == 0 { label } else { "" }, label_width);
            writeln!(out, "{label}  {}  {url}", format::pad(name, name_width))?;
        }
    }
    Ok(())
}

/// `compare` as a Markdown table: a column per dataset.
pub fn write_compare_markdown(out: &mut dyn Write, table: &compare::Table) -> io::Result<()> {
    let cell = |text: &str| inline(text).replace('\n', " ");
    write!(out, "| |")?;
    for name in &table.names {
        write!(out, " {} |", cell(name))?;
    }
    writeln!(out)?;
    writeln!(out, "|---|{}", "---|".repeat(table.names.len()))?;
    for (label, cells) in &table.rows {
        write!(out, "| **{}** |", cell(label))?;
        for value in cells {
            write!(out, " {} |", cell(value))?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// `compare` as CSV: a row per dataset, a column per fact.
pub fn write_compare_csv(out: &mut dyn Write, table: &compare::Table) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    let mut header = vec!["id".to_string(), "name".to_string()];
    header.extend(table.rows.iter().map(|(l, _)| l.to_string()));
    writer.write_record(&header).map_err(csv_error)?;
    for c in 0..table.ids.len() {
        let mut record = vec![cell(&table.ids[c]), cell(&table.names[c])];
        record.extend(table.rows.iter().map(|(_, cells)| cell(&cells[c])));
        writer.write_record(&record).map_err(csv_error)?;
    }
    writer.flush()
}

/// One line of catalog text, sanitized and escaped for Markdown.
fn inline(text: &str) -> String {
    escape(&sanitize::line(text))
}

/// Prose as one Markdown paragraph: sanitized, escaped, and with line
/// breaks folded into spaces so it cannot start a heading or a list.
fn paragraph(text: &str) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let escaped = inline(&joined);
    // A paragraph that opens like a list item or a numbered list.
    let starts_list = escaped.starts_with(['-', '+'])
        || escaped
            .find(|c: char| !c.is_ascii_digit())
            .is_some_and(|i| i > 0 && escaped[i..].starts_with(['.', ')']));
    if starts_list {
        let at = escaped
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or_default();
        format!("{}\\{}", &escaped[..at], &escaped[at..])
    } else {
        escaped
    }
}

/// Backslash-escapes the characters that make inline Markdown (emphasis,
/// code, links, HTML, tables, headings).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A URL as a link destination: in angle brackets, so parentheses in it
/// need no escaping; characters that would end it are percent-encoded.
fn destination(url: &str) -> String {
    let mut out = String::from("<");
    for c in sanitize::line(url).chars() {
        match c {
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            ' ' => out.push_str("%20"),
            '\\' => out.push_str("%5C"),
            c => out.push(c),
        }
    }
    out.push('>');
    out
}

/// A bare URL shown as a clickable link whose text is the URL itself.
fn autolink(url: &str) -> String {
    format!("[{}]({})", escape(&sanitize::line(url)), destination(url))
}

pub(super) fn not_found(
    catalog: &Catalog,
    wanted: &str,
    err: &mut dyn Write,
) -> io::Result<ExitCode> {
    write_not_found(catalog, wanted, err)?;
    Ok(ExitCode::from(EXIT_NOT_FOUND))
}

/// `medsets: no dataset "x"; did you mean: y?` (or a hint to search).
pub(super) fn write_not_found(
    catalog: &Catalog,
    wanted: &str,
    err: &mut dyn Write,
) -> io::Result<()> {
    write!(
        err,
        "medsets: no dataset {:?}",
        sanitize::line(wanted).as_ref()
    )?;
    let close = catalog.suggest(wanted);
    if close.is_empty() {
        writeln!(err, " (try `medsets search {}`)", sanitize::line(wanted))?;
    } else {
        writeln!(err, "; did you mean: {}?", close.join(", "))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escaping() {
        assert_eq!(
            escape("VQA_RAD [x] *a* `c` <b> #1 a|b"),
            "VQA\\_RAD \\[x\\] \\*a\\* \\`c\\` \\<b\\> \\#1 a\\|b"
        );
        assert_eq!(paragraph("- not a list"), "\\- not a list");
        assert_eq!(paragraph("12. not a list"), "12\\. not a list");
        assert_eq!(
            paragraph("line one\n# not a heading"),
            "line one \\# not a heading"
        );
        assert_eq!(
            destination("https://a.org/x_(y) z>"),
            "<https://a.org/x_(y)%20z%3E>"
        );
        assert_eq!(inline("a\u{1b}[2Jb"), "a\u{fffd}\\[2Jb");
    }

    #[test]
    fn hostile_text_is_sanitized_in_both_formats() {
        let json = r#"{ "version": 1,
          "categories": [ { "id": "imaging", "name": "Img\u001b]0;x\u0007" } ],
          "datasets": [ { "id": "evil", "name": "Evil\u001b[2J_[x](y)", "categories": ["imaging"],
            "summary": "- a\u202eb\nc", "access": "open", "modalities": ["=cmd\u0007"],
            "urls": [ { "label": "L\u001b", "url": "https://example.org/a" } ] } ] }"#;
        let catalog = crate::catalog::load_str(json, "t.json").unwrap();
        let all: Vec<&Dataset> = catalog.datasets.iter().collect();
        let mut csv = Vec::new();
        write_csv(&mut csv, &all, None).unwrap();
        let mut md = Vec::new();
        write_markdown(&mut md, &catalog, &all, None, Lang::En).unwrap();
        for out in [csv, md] {
            let text = String::from_utf8(out).unwrap();
            assert!(
                !text
                    .chars()
                    .any(|c| (c.is_control() && c != '\n') || c == '\u{202e}'),
                "{text:?}"
            );
        }
        let mut md = Vec::new();
        write_markdown(&mut md, &catalog, &all, None, Lang::En).unwrap();
        let text = String::from_utf8(md).unwrap();
        assert!(
            text.contains("### Evil\u{fffd}\\[2J\\_\\[x\\](y)\n"),
            "{text}"
        );
        assert!(text.contains("\n\\- a\u{fffd}b c\n"), "{text}");
    }

    #[test]
    fn formulas_are_defused() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(cell("+1"), "'+1");
        assert_eq!(cell("@sum"), "'@sum");
        assert_eq!(cell("-x"), "'-x");
        assert_eq!(cell("-5"), "-5");
        assert_eq!(cell("CT"), "CT");
    }
}
