//! The shapes of a list: which headings are categories, which are one
//! dataset each, which sections hold no datasets at all, and how a list
//! item, a table row or a heading with its body becomes a draft entry.

use super::parse::{Block, Inline, Kind};
use super::report::Skip;
use super::text::{
    clean, is_chinese, is_han, short_name, size_figure, split_name, strip_numbering, url_label,
    year,
};
use crate::catalog::SizeFigure;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DraftCategory {
    pub line: usize,
    pub name: String,
    pub description: Option<String>,
}

/// One dataset as the list gives it, before ids and merging.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Entry {
    pub line: usize,
    pub name: String,
    pub category: usize,
    pub aliases: Vec<String>,
    pub summary: Vec<String>,
    pub summary_zh: Vec<String>,
    /// (label, url), in the order written; not yet checked.
    pub links: Vec<(String, String)>,
    pub year: Option<u16>,
    pub license: Option<String>,
    pub size: Vec<SizeFigure>,
    /// Text the vocabulary is run over besides name and summary.
    pub keywords: String,
}

#[derive(Debug, Default)]
pub struct Draft {
    pub categories: Vec<DraftCategory>,
    pub entries: Vec<Entry>,
    pub skipped: Vec<Skip>,
}

struct Frame {
    level: u8,
    line: usize,
    name: String,
    skip: Option<String>,
    category: Option<usize>,
}

/// Reads the blocks of one list into categories and entries.
pub fn read(blocks: &[Block]) -> Draft {
    let mut draft = Draft::default();
    let has_sections = blocks
        .iter()
        .any(|b| matches!(b.kind, Kind::Heading { level } if level >= 2));
    let mut stack: Vec<Frame> = Vec::new();
    let mut fallback: Option<usize> = None;
    // The entry a nested item's URLs belong to.
    let mut last_item: Option<usize> = None;
    let mut i = 0;
    while i < blocks.len() {
        let block = &blocks[i];
        match &block.kind {
            Kind::Heading { level } => {
                let level = *level;
                stack.retain(|f| f.level < level);
                last_item = None;
                let text = clean(&block.inline.text, false);
                let inherited = stack.iter().find_map(|f| f.skip.clone());
                let skip = inherited.or_else(|| (level > 1).then(|| not_datasets(&text)).flatten());
                let end = blocks[i + 1..]
                    .iter()
                    .position(|b| matches!(b.kind, Kind::Heading { .. }))
                    .map_or(blocks.len(), |p| i + 1 + p);
                let body = &blocks[i + 1..end];
                if skip.is_none()
                    && !(level == 1 && has_sections)
                    && is_dataset_heading(&block.inline, body)
                {
                    let category = category_of(&mut stack, &mut fallback, &mut draft, has_sections);
                    match category {
                        Some(category) => match heading_entry(block, body, category) {
                            Ok(entry) => draft.entries.push(entry),
                            Err(why) => draft.skipped.push(Skip::new(block.line, &text, why)),
                        },
                        None => draft.skipped.push(Skip::new(
                            block.line,
                            &text,
                            "before the first section heading (the list's introduction)".into(),
                        )),
                    }
                    i = end;
                    continue;
                }
                stack.push(Frame {
                    level,
                    line: block.line,
                    name: text,
                    skip,
                    category: None,
                });
            }
            Kind::Paragraph => {}
            Kind::Item { depth } if *depth > 0 => {
                if let Some(entry) = last_item.and_then(|n| draft.entries.get_mut(n)) {
                    entry.links.extend(links(&block.inline));
                }
            }
            Kind::Item { .. } | Kind::Row { .. } => {
                last_item = None;
                let what = clean(&block.inline.text, false);
                if let Some(why) = stack.iter().find_map(|f| f.skip.clone()) {
                    draft.skipped.push(Skip::new(block.line, &what, why));
                } else if let Some(why) = table_not_datasets(&block.kind) {
                    draft.skipped.push(Skip::new(block.line, &what, why));
                } else {
                    match category_of(&mut stack, &mut fallback, &mut draft, has_sections) {
                        None => draft.skipped.push(Skip::new(
                            block.line,
                            &what,
                            "before the first section heading (the list's introduction)".into(),
                        )),
                        Some(category) => {
                            let made = match &block.kind {
                                Kind::Row { header, cells } => {
                                    row_entry(block.line, header, cells, category)
                                }
                                _ => item_entry(block.line, &block.inline, category),
                            };
                            match made {
                                Ok(entry) => {
                                    draft.entries.push(entry);
                                    if matches!(block.kind, Kind::Item { .. }) {
                                        last_item = Some(draft.entries.len() - 1);
                                    }
                                }
                                Err(why) => draft.skipped.push(Skip::new(block.line, &what, why)),
                            }
                        }
                    }
                }
            }
        }
        i += 1;
    }
    draft
}

/// The category of what follows: the nearest heading, made a category on
/// first use. `None` under the list's title when the list has sections
/// (its introduction).
fn category_of(
    stack: &mut [Frame],
    fallback: &mut Option<usize>,
    draft: &mut Draft,
    has_sections: bool,
) -> Option<usize> {
    let Some(frame) = stack.last_mut() else {
        return Some(*fallback.get_or_insert_with(|| {
            draft.categories.push(DraftCategory {
                line: 1,
                name: "Uncategorised".into(),
                description: None,
            });
            draft.categories.len() - 1
        }));
    };
    if frame.level == 1 && has_sections {
        return None;
    }
    if frame.category.is_none() {
        let (name, description) = category_name(&frame.name);
        draft.categories.push(DraftCategory {
            line: frame.line,
            name,
            description,
        });
        frame.category = Some(draft.categories.len() - 1);
    }
    frame.category
}

/// `一. QA类型与语言类型的数据集:` → `QA类型与语言类型的数据集`;
/// `Captioning datasets（The task is …）` → the name and, as its
/// description, the bracketed text.
fn category_name(heading: &str) -> (String, Option<String>) {
    let text = strip_numbering(heading)
        .trim_end_matches([':', '：', ' '])
        .to_string();
    for (open, close) in [('（', '）'), ('(', ')')] {
        if text.ends_with(close)
            && let Some(at) = text.find(open)
            && at > 0
        {
            let name = text[..at].trim().to_string();
            let inner = text[at + open.len_utf8()..text.len() - close.len_utf8()].trim();
            return (name, (!inner.is_empty()).then(|| inner.to_string()));
        }
    }
    let name = if text.is_empty() {
        "Untitled".to_string()
    } else {
        text
    };
    (name, None)
}

/// Sections that list something other than datasets, and why.
fn not_datasets(heading: &str) -> Option<String> {
    let lower = heading.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let has = |list: &[&str]| words.iter().any(|w| list.contains(w));
    let what = if has(&["platform", "platforms"]) {
        "platforms"
    } else if has(&["benchmark", "benchmarks", "leaderboard", "leaderboards"]) {
        "benchmarks"
    } else if has(&["method", "methods", "sota", "models"]) || lower.contains("state of the art") {
        "methods and results"
    } else if has(&[
        "toolbox",
        "toolboxes",
        "tools",
        "library",
        "libraries",
        "software",
    ]) {
        "tools"
    } else if has(&["awesome", "projects", "lists"]) {
        "other projects and lists"
    } else if has(&["contents", "content", "toc"]) {
        "the list's table of contents"
    } else if has(&[
        "contributing",
        "contribute",
        "license",
        "licence",
        "citation",
        "cite",
        "acknowledgements",
        "acknowledgments",
        "papers",
        "surveys",
        "tutorials",
        "courses",
        "contact",
    ]) {
        "no datasets (about the list itself, or papers and courses)"
    } else {
        return None;
    };
    Some(format!(
        "in section \"{}\", which lists {what}, not datasets",
        short_name(heading)
    ))
}

/// A table whose first column names models, projects or benchmarks.
fn table_not_datasets(kind: &Kind) -> Option<String> {
    let Kind::Row { header, .. } = kind else {
        return None;
    };
    let first = header.first()?.to_lowercase();
    let first = first.trim();
    const OTHERS: [&str; 14] = [
        "model",
        "models",
        "method",
        "methods",
        "project",
        "projects",
        "benchmark",
        "benchmarks",
        "tool",
        "tools",
        "paper",
        "papers",
        "platform",
        "platforms",
    ];
    OTHERS
        .contains(&first)
        .then(|| format!("a table of {first} (its first column is \"{first}\"), not datasets"))
}

/// A heading that is one dataset: its text is a link, or its body is
/// labelled fields (`**Keywords**:`, `**数据集下载地址：**`).
fn is_dataset_heading(heading: &Inline, body: &[Block]) -> bool {
    let text = heading.text.trim();
    let heading_is_link = heading.links.iter().any(|l| {
        is_absolute(&l.url)
            && l.text
                .as_deref()
                .is_some_and(|t| !t.is_empty() && text.starts_with(t.trim()))
    }) && heading
        .links
        .first()
        .is_some_and(|l| heading.text[..l.start].trim().is_empty());
    heading_is_link
        || body.iter().any(|b| {
            matches!(b.kind, Kind::Item { .. } | Kind::Paragraph) && label(&b.inline).is_some()
        })
}

fn is_absolute(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// A bold label at the start of a block (`**Keywords**:`), with the text
/// after it.
fn label(inline: &Inline) -> Option<(String, String)> {
    let lead = inline.text.len() - inline.text.trim_start().len();
    let (start, bold) = inline.bolds.iter().min_by_key(|(s, _)| *s)?;
    if *start != lead {
        return None;
    }
    let after = &inline.text[(start + bold.len()).min(inline.text.len())..];
    let colon_inside = bold.trim_end().ends_with([':', '：']) || bold.contains('：');
    let colon_after = after.trim_start().starts_with([':', '：']);
    if !(colon_inside || colon_after) {
        return None;
    }
    let name = bold.trim().trim_end_matches([':', '：']).trim().to_string();
    let rest = after
        .trim_start()
        .trim_start_matches([':', '：'])
        .trim()
        .to_string();
    Some((name, rest))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Keywords,
    Download,
    License,
    Text,
}

fn field(label: &str) -> Field {
    let lower = label.to_lowercase();
    let any = |words: &[&str]| words.iter().any(|w| lower.contains(w));
    if any(&["keyword", "关键词", "tags"]) {
        Field::Keywords
    } else if any(&["licen", "许可", "协议"]) {
        Field::License
    } else if any(&[
        "下载", "地址", "download", "link", "url", "website", "homepage", "主页", "官网",
    ]) {
        Field::Download
    } else {
        Field::Text
    }
}

/// The absolute links of a block, labelled.
fn links(inline: &Inline) -> Vec<(String, String)> {
    inline
        .links
        .iter()
        .filter(|l| is_absolute(&l.url))
        .map(|l| {
            let before = &inline.text[..l.start.min(inline.text.len())];
            let before = before.rsplit(['\n']).next().unwrap_or("");
            // Only the text since the previous link can label this one.
            let since = inline
                .links
                .iter()
                .filter(|o| o.end <= l.start)
                .map(|o| o.end)
                .max()
                .unwrap_or(0);
            let from = since.max(l.start - before.len());
            (
                url_label(l.text.as_deref(), &inline.text[from..l.start], &l.url),
                l.url.clone(),
            )
        })
        .collect()
}

/// Text without its bare URLs (written links keep their text).
fn prose(inline: &Inline, from: usize) -> String {
    let mut out = String::new();
    let mut at = from.min(inline.text.len());
    for l in &inline.links {
        if l.text.is_none() && l.start >= at {
            out.push_str(&inline.text[at..l.start]);
            at = l.end;
        }
    }
    out.push_str(&inline.text[at..]);
    let out = out.replace("[]", "").replace("()", "").replace("（）", "");
    clean(&out, true)
}

/// Adds a block's text to the summaries, sentence by sentence: Chinese
/// sentences to `summary_zh`, the others to `summary`. Lines wrapped in
/// the source are joined first.
fn push_lines(entry: &mut Entry, text: &str) {
    for line in text.lines() {
        let line = line
            .trim()
            .trim_start_matches(['-', '*', ' '])
            .trim_end_matches([':', '：', ' '])
            .trim();
        if line.is_empty() || !line.chars().any(char::is_alphanumeric) {
            continue;
        }
        let (mut en, mut zh) = (String::new(), String::new());
        for sentence in sentences(line) {
            let target = if is_chinese(sentence) {
                &mut zh
            } else {
                &mut en
            };
            if !target.is_empty() && !is_chinese(sentence) {
                target.push(' ');
            }
            target.push_str(sentence.trim());
        }
        for (text, list) in [(en, &mut entry.summary), (zh, &mut entry.summary_zh)] {
            let text = text.trim();
            if !text.is_empty() {
                // A sentence wrapped over lines continues the previous one.
                match list.last_mut() {
                    Some(last) if !last.ends_with(['.', '。', '!', '?', '！', '？', ')', '）']) =>
                    {
                        last.push(' ');
                        last.push_str(text);
                    }
                    _ => list.push(text.to_string()),
                }
            }
        }
    }
}

/// Sentences of a line, each with its closing punctuation.
fn sentences(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let end = i + c.len_utf8();
        let closes = matches!(c, '。' | '！' | '？')
            || (matches!(c, '.' | '!' | '?') && chars.peek().is_some_and(|(_, n)| *n == ' '));
        if closes {
            out.push(&line[start..end]);
            start = end;
        }
    }
    if start < line.len() && !line[start..].trim().is_empty() {
        out.push(&line[start..]);
    }
    out
}

/// The parts of a comma-separated list; `224,316 images` stays whole.
fn parts(text: &str) -> impl Iterator<Item = &str> {
    text.split("; ")
        .flat_map(|p| p.split(", "))
        .flat_map(|p| p.split(['，', '、', '；']))
        .map(str::trim)
}

fn no_url_reason(inline: &Inline) -> String {
    if inline.links.is_empty() {
        "no URL".into()
    } else if inline.links.iter().all(|l| l.url.starts_with('#')) {
        "only in-page links (a table of contents)".into()
    } else {
        "no absolute http(s) URL (only relative links, such as pages not included with the list)"
            .into()
    }
}

fn item_entry(line: usize, inline: &Inline, category: usize) -> Result<Entry, String> {
    let links = links(inline);
    if links.is_empty() {
        return Err(no_url_reason(inline));
    }
    let text = &inline.text;
    let lead = text.len() - text.trim_start().len();
    let first = inline
        .links
        .iter()
        .find(|l| is_absolute(&l.url) || l.text.is_some());
    let name = if let Some((_, bold)) = inline.bolds.iter().find(|(s, _)| *s == lead) {
        bold.trim().trim_end_matches([':', '：']).to_string()
    } else if let Some(l) = first
        .filter(|l| l.text.is_some() && text[..l.start].trim().trim_start_matches('[').is_empty())
    {
        l.text.clone().unwrap_or_default()
    } else {
        let before = first.map_or(text.as_str(), |l| &text[..l.start]);
        let before = before.lines().next().unwrap_or("");
        let before = clean(before, false);
        let before = before.trim_end_matches([':', '：', ',', '，', '-', '–', '(', ' ']);
        if before.is_empty() {
            first.and_then(|l| l.text.clone()).unwrap_or_default()
        } else {
            before.to_string()
        }
    };
    let name = short_name(&name);
    if name.is_empty() || !name.chars().any(char::is_alphanumeric) {
        return Err("no name (a bare URL only)".into());
    }
    let mut entry = Entry {
        line,
        name: name.clone(),
        category,
        links,
        ..Entry::default()
    };
    let text = prose(inline, 0);
    push_lines(&mut entry, &text);
    entry.keywords = text;
    Ok(entry)
}

fn row_entry(
    line: usize,
    header: &[String],
    cells: &[Inline],
    category: usize,
) -> Result<Entry, String> {
    let lower: Vec<String> = header.iter().map(|h| h.to_lowercase()).collect();
    let column = |words: &[&str]| {
        lower
            .iter()
            .position(|h| words.iter().any(|w| h.contains(w)))
    };
    let name_col = column(&["dataset", "name", "数据集", "名称"]).unwrap_or(0);
    let description = column(&["description", "summary", "简介", "描述", "说明"]);
    let year_col = column(&["date", "year", "年份"]);
    let license_col = column(&["licen", "许可"]);
    let name = cells
        .get(name_col)
        .map(|c| clean(&c.text, false))
        .unwrap_or_default();
    if name.is_empty() || !name.chars().any(char::is_alphanumeric) {
        return Err("no name in the table's name column".into());
    }
    let mut entry = Entry {
        line,
        name: short_name(&name),
        category,
        ..Entry::default()
    };
    for cell in cells {
        entry.links.extend(links(cell));
    }
    if entry.links.is_empty() {
        let mut all = Inline::default();
        for cell in cells {
            all.links.extend(cell.links.iter().cloned());
        }
        return Err(no_url_reason(&all));
    }
    let mut summary = String::new();
    let mut extra = Vec::new();
    for (n, cell) in cells.iter().enumerate() {
        let value = clean(&cell.text, false);
        if n == name_col || value.is_empty() || value == "-" {
            continue;
        }
        if Some(n) == description {
            summary = value.clone();
            entry.size = parts(&value).filter_map(size_figure).collect();
        } else if Some(n) == year_col {
            entry.year = year(&value);
        } else if Some(n) == license_col {
            entry.license = Some(value);
        } else if cell.links.is_empty()
            && let Some(h) = header.get(n).filter(|h| !h.is_empty())
        {
            extra.push(format!("{}: {value}", clean(h, false)));
        }
    }
    if !extra.is_empty() {
        if !summary.is_empty() {
            summary.push_str(". ");
        }
        summary.push_str(&extra.join(". "));
    }
    entry.keywords = summary.clone();
    push_lines(&mut entry, &summary);
    Ok(entry)
}

fn heading_entry(heading: &Block, body: &[Block], category: usize) -> Result<Entry, String> {
    let inline = &heading.inline;
    let link_name = inline
        .links
        .first()
        .filter(|l| is_absolute(&l.url))
        .and_then(|l| l.text.clone());
    let (name, notes) = split_name(strip_numbering(
        &link_name.unwrap_or_else(|| inline.text.clone()),
    ));
    let mut entry = Entry {
        line: heading.line,
        name: short_name(&name),
        category,
        links: links(inline),
        ..Entry::default()
    };
    for note in notes {
        if note.contains("et al") || note.contains("等人") {
            // An author and year: the paper, not the dataset's name.
        } else if note.chars().any(is_han) {
            entry.summary_zh.push(clean(&note, false));
        } else if !note.chars().any(|c| c.is_ascii_digit()) {
            entry.aliases.push(clean(&note, false));
        }
    }
    // The field each nested item belongs to, by list depth.
    let mut fields: Vec<(usize, Field)> = Vec::new();
    let mut keywords = Vec::new();
    for block in body {
        let depth = match block.kind {
            Kind::Item { depth } => depth,
            Kind::Paragraph => usize::MAX,
            _ => {
                entry.links.extend(links(&block.inline));
                continue;
            }
        };
        if depth != usize::MAX {
            fields.retain(|(d, _)| *d < depth);
        }
        let labelled = label(&block.inline);
        let (kind, text) = match &labelled {
            Some((name, rest)) => {
                let kind = field(name);
                if depth != usize::MAX {
                    fields.push((depth, kind));
                }
                (kind, rest.clone())
            }
            None => (
                fields.last().map_or(Field::Text, |(_, f)| *f),
                prose(&block.inline, 0),
            ),
        };
        entry.links.extend(links(&block.inline));
        let text = if labelled.is_some() {
            // The label's own text is gone; drop its bare URLs too.
            let inner = Inline {
                text: text.clone(),
                links: super::parse::bare_urls(&text)
                    .into_iter()
                    .map(|(start, end)| super::parse::InlineLink {
                        text: None,
                        url: text[start..end].to_string(),
                        start,
                        end,
                    })
                    .collect(),
                bolds: Vec::new(),
            };
            prose(&inner, 0)
        } else {
            text
        };
        match kind {
            Field::Keywords => keywords.push(clean(&text, false)),
            Field::License if !text.trim().is_empty() => entry.license = Some(clean(&text, false)),
            Field::Download | Field::License => {}
            Field::Text => push_lines(&mut entry, &text),
        }
    }
    if entry.links.is_empty() {
        return Err("a heading per dataset, but no URL under it".into());
    }
    if !entry.name.chars().any(char::is_alphanumeric) {
        return Err("a heading per dataset, but without a name".into());
    }
    for part in keywords.iter().flat_map(|k| parts(k)) {
        if let Some(size) = size_figure(part) {
            entry.size.push(size);
        }
    }
    if !keywords.is_empty() {
        entry
            .summary
            .push(format!("Keywords: {}", keywords.join("; ")));
    }
    entry.keywords = keywords.join(", ");
    Ok(entry)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_that_list_other_things_are_named_with_the_reason() {
        assert!(
            not_datasets("Dataset Platforms")
                .unwrap()
                .contains("platforms")
        );
        assert!(not_datasets("SOTA Methods").unwrap().contains("methods"));
        assert!(
            not_datasets("Table of Content")
                .unwrap()
                .contains("table of contents")
        );
        assert_eq!(not_datasets("Databases you can use for benchmarking"), None);
        assert_eq!(not_datasets("Chest"), None);
        assert_eq!(
            category_name("三. Captioning datasets（The task.）")
                .1
                .as_deref(),
            Some("The task.")
        );
    }

    #[test]
    fn a_heading_per_dataset_with_labels_and_a_list_of_bullets() {
        let md = "# L\n\n## 一. 类别\n\n### （1）X-Set（Doe et al. 2020）\n- **数据集官方简介：**\n  An open chest CT set.\n  这是一个胸部数据集。\n- **数据集下载地址：**\n  - Mirror：https://m.org/x\n\n## Other\n\n- [Y](https://y.org): Y data\n  - https://y2.org\n- no link here\n";
        let draft = read(&super::super::parse::blocks(md));
        assert_eq!(draft.categories.len(), 2);
        let x = &draft.entries[0];
        assert_eq!(x.name, "X-Set");
        assert_eq!(x.summary, ["An open chest CT set."]);
        assert_eq!(x.summary_zh, ["这是一个胸部数据集。"]);
        assert_eq!(
            x.links,
            [("Mirror".to_string(), "https://m.org/x".to_string())]
        );
        let y = &draft.entries[1];
        assert_eq!(y.name, "Y");
        assert_eq!(y.links.len(), 2);
        assert_eq!(draft.skipped.len(), 1);
        assert_eq!(draft.skipped[0].why, "no URL");
    }
}
