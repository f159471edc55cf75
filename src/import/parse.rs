//! Markdown → a flat list of blocks with line numbers: headings, list
//! items, paragraphs and table rows, each with its plain text, its links
//! (written links and bare URLs alike) and its bold spans. pulldown-cmark
//! does the parsing; this file only walks its events.

use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

/// Text of one block, with what the importer looks for in it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inline {
    /// Plain text; soft and hard breaks become `\n`; images are left out.
    pub text: String,
    pub links: Vec<InlineLink>,
    /// Bold spans, with the byte offset in `text` where each starts.
    pub bolds: Vec<(usize, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlineLink {
    /// The link text of a written link (`[text](url)`); `None` for a bare
    /// URL or an autolink.
    pub text: Option<String>,
    pub url: String,
    /// Where the link starts and ends in [`Inline::text`] (bytes).
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    Heading {
        level: u8,
    },
    /// A list item; `depth` 0 for a top-level list.
    Item {
        depth: usize,
    },
    Paragraph,
    /// A body row of a table, with the table's header cells.
    Row {
        header: Vec<String>,
        cells: Vec<Inline>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: Kind,
    /// 1-based line where the block starts.
    pub line: usize,
    /// The block's own text (for a row: every cell, joined by ` | `).
    pub inline: Inline,
}

/// Parses `text` into blocks, in document order.
pub fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    parse_into(text, 0, &mut out);
    out
}

fn parse_into(text: &str, first_line: usize, out: &mut Vec<Block>) {
    let lines = LineIndex::new(text);
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut walker = Walker::default();
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        let line = first_line + lines.line(range.start);
        match event {
            // A table written inside an HTML block (`<details>` with no
            // blank line before the table) is HTML to CommonMark: read the
            // block's Markdown lines again on their own.
            Event::Start(Tag::HtmlBlock) => {
                let html = &text[range.clone()];
                if let Some(at) = html.lines().position(|l| l.trim_start().starts_with('|')) {
                    let offset: usize = html.lines().take(at).map(|l| l.len() + 1).sum();
                    if offset < html.len() {
                        parse_into(&html[offset..], line + at - 1, out);
                    }
                }
            }
            Event::Start(tag) => walker.start(tag, line, out),
            Event::End(tag) => walker.end(tag, out),
            Event::Text(t) | Event::Code(t) => walker.text(&t),
            Event::SoftBreak | Event::HardBreak => walker.text("\n"),
            _ => {}
        }
    }
}

/// Byte offset → 1-based line.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(at, _)| at + 1));
        LineIndex { starts }
    }

    fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset)
    }
}

/// One block being collected.
struct Open {
    index: usize,
    inline: Inline,
}

#[derive(Default)]
struct Walker {
    /// Blocks whose text is being collected: items nest, a paragraph or
    /// heading sits inside at most one item.
    open: Vec<Open>,
    list_depth: usize,
    /// Open links: (start in text, url, autolink).
    links: Vec<(usize, String, bool)>,
    bolds: Vec<usize>,
    image_depth: usize,
    table: Option<Table>,
}

#[derive(Default)]
struct Table {
    header: Vec<String>,
    in_head: bool,
    line: usize,
    cells: Vec<Inline>,
    cell: Option<Inline>,
}

impl Walker {
    fn current(&mut self) -> Option<&mut Inline> {
        if let Some(table) = &mut self.table {
            return table.cell.as_mut();
        }
        self.open.last_mut().map(|o| &mut o.inline)
    }

    fn start(&mut self, tag: Tag, line: usize, out: &mut Vec<Block>) {
        match tag {
            Tag::Heading { level, .. } => self.open_block(
                Kind::Heading {
                    level: level_of(level),
                },
                line,
                out,
            ),
            Tag::List(_) => self.list_depth += 1,
            Tag::Item => self.open_block(
                Kind::Item {
                    depth: self.list_depth.saturating_sub(1),
                },
                line,
                out,
            ),
            Tag::Paragraph => {
                // Inside an item the paragraph is the item's text.
                if self.open.is_empty() && self.table.is_none() {
                    self.open_block(Kind::Paragraph, line, out);
                } else if let Some(inline) = self.current()
                    && !inline.text.is_empty()
                    && !inline.text.ends_with('\n')
                {
                    inline.text.push('\n');
                }
            }
            Tag::Table(_) => {
                self.table = Some(Table {
                    line,
                    ..Table::default()
                })
            }
            Tag::TableHead => {
                if let Some(t) = &mut self.table {
                    t.in_head = true;
                }
            }
            Tag::TableRow => {
                if let Some(t) = &mut self.table {
                    t.line = line;
                    t.cells.clear();
                }
            }
            Tag::TableCell => {
                if let Some(t) = &mut self.table {
                    t.cell = Some(Inline::default());
                }
            }
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => {
                let at = self.current().map_or(0, |i| i.text.len());
                let auto = matches!(link_type, LinkType::Autolink | LinkType::Email);
                self.links.push((at, dest_url.to_string(), auto));
            }
            Tag::Image { .. } => self.image_depth += 1,
            Tag::Strong => {
                let at = self.current().map_or(0, |i| i.text.len());
                self.bolds.push(at);
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd, out: &mut Vec<Block>) {
        match tag {
            TagEnd::Heading(_) | TagEnd::Item => self.close_block(out),
            TagEnd::Paragraph => {
                if matches!(self.open.last(), Some(o) if matches!(out[o.index].kind, Kind::Paragraph))
                {
                    self.close_block(out);
                }
            }
            TagEnd::List(_) => self.list_depth = self.list_depth.saturating_sub(1),
            TagEnd::TableHead => {
                if let Some(t) = &mut self.table {
                    t.in_head = false;
                    t.header = t
                        .cells
                        .drain(..)
                        .map(|c| c.text.trim().to_string())
                        .collect();
                }
            }
            TagEnd::TableCell => {
                if let Some(t) = &mut self.table
                    && let Some(cell) = t.cell.take()
                {
                    t.cells.push(cell);
                }
            }
            TagEnd::TableRow => {
                if let Some(t) = &mut self.table
                    && !t.in_head
                {
                    let cells = std::mem::take(&mut t.cells);
                    let mut inline = Inline::default();
                    for (n, cell) in cells.iter().enumerate() {
                        if n > 0 {
                            inline.text.push_str(" | ");
                        }
                        let base = inline.text.len();
                        inline.text.push_str(&cell.text);
                        inline.links.extend(cell.links.iter().map(|l| InlineLink {
                            start: l.start + base,
                            end: l.end + base,
                            ..l.clone()
                        }));
                    }
                    out.push(Block {
                        kind: Kind::Row {
                            header: t.header.clone(),
                            cells,
                        },
                        line: t.line,
                        inline,
                    });
                }
            }
            TagEnd::Table => {
                self.table = None;
            }
            TagEnd::Link => {
                if let Some((start, url, auto)) = self.links.pop()
                    && self.image_depth == 0
                    && let Some(inline) = self.current()
                {
                    let end = inline.text.len();
                    let text = inline.text[start..end].trim().to_string();
                    inline.links.push(InlineLink {
                        text: (!auto && !text.is_empty()).then_some(text),
                        url,
                        start,
                        end,
                    });
                }
            }
            TagEnd::Image => self.image_depth = self.image_depth.saturating_sub(1),
            TagEnd::Strong => {
                if let Some(start) = self.bolds.pop()
                    && let Some(inline) = self.current()
                {
                    let text = inline.text[start.min(inline.text.len())..].to_string();
                    inline.bolds.push((start, text));
                }
            }
            _ => {}
        }
    }

    fn text(&mut self, text: &str) {
        if self.image_depth > 0 {
            return;
        }
        let in_link = !self.links.is_empty();
        if let Some(inline) = self.current() {
            let base = inline.text.len();
            inline.text.push_str(text);
            if !in_link {
                for (start, end) in bare_urls(text) {
                    inline.links.push(InlineLink {
                        text: None,
                        url: text[start..end].to_string(),
                        start: base + start,
                        end: base + end,
                    });
                }
            }
        }
    }

    fn open_block(&mut self, kind: Kind, line: usize, out: &mut Vec<Block>) {
        out.push(Block {
            kind,
            line,
            inline: Inline::default(),
        });
        self.open.push(Open {
            index: out.len() - 1,
            inline: Inline::default(),
        });
    }

    fn close_block(&mut self, out: &mut [Block]) {
        if let Some(open) = self.open.pop() {
            let mut inline = open.inline;
            inline.links.sort_by_key(|l| l.start);
            out[open.index].inline = inline;
        }
    }
}

fn level_of(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Byte ranges of the `http://` and `https://` URLs written out in plain
/// text. A URL ends at whitespace, at a CJK character or full-width
/// punctuation (the seed writes `地址：https://…）`), at `<>"` and at an
/// unbalanced `)`; trailing sentence punctuation is not part of it.
pub fn bare_urls(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = find_scheme(&text[from..]) {
        let start = from + found;
        let mut end = start;
        let mut depth = 0i32;
        for (i, c) in text[start..].char_indices() {
            let stop = c.is_whitespace()
                || c.is_control()
                || !c.is_ascii() && !c.is_alphanumeric()
                || is_wide(c)
                || matches!(c, '<' | '>' | '"' | '`' | '|')
                || (c == ')' && depth == 0);
            if stop {
                break;
            }
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                _ => {}
            }
            end = start + i + c.len_utf8();
        }
        while end > start && text[..end].ends_with(['.', ',', ';', ':', '!', '?', '\'', '*', '_']) {
            end -= 1;
        }
        if end > start + "https://".len() {
            out.push((start, end));
        }
        from = end.max(start + 1);
    }
    out
}

fn find_scheme(text: &str) -> Option<usize> {
    let lower = text.to_ascii_lowercase();
    match (lower.find("http://"), lower.find("https://")) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// CJK ideographs, kana, hangul and full-width forms.
pub fn is_wide(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{115f}'
        | '\u{2e80}'..='\u{a4cf}'
        | '\u{ac00}'..='\u{d7a3}'
        | '\u{f900}'..='\u{faff}'
        | '\u{fe30}'..='\u{fe4f}'
        | '\u{ff00}'..='\u{ff60}'
        | '\u{ffe0}'..='\u{ffe6}'
        | '\u{20000}'..='\u{3fffd}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_urls_end_at_cjk_punctuation_and_unbalanced_brackets() {
        let text = "地址：https://a.org/x）and (see http://b.org/y). www.c.org";
        let found: Vec<&str> = bare_urls(text).iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(found, ["https://a.org/x", "http://b.org/y"]);
    }

    #[test]
    fn blocks_carry_lines_links_and_tables_inside_details() {
        let md = "# T\n\n## Cat\n<details>\n<summary> </summary>\n| Dataset | Site |\n|--|--|\n| [A](./a.md) | [Web](https://a.org) |\n</details>\n\n- **B**: text https://b.org\n";
        let blocks = blocks(md);
        let row = blocks
            .iter()
            .find(|b| matches!(b.kind, Kind::Row { .. }))
            .unwrap();
        assert_eq!(row.line, 8);
        assert_eq!(row.inline.links[1].url, "https://a.org");
        assert_eq!(row.inline.links[1].text.as_deref(), Some("Web"));
        let item = blocks.last().unwrap();
        assert_eq!(item.line, 11);
        assert_eq!(item.inline.bolds[0], (0, "B".to_string()));
        assert_eq!(item.inline.links[0].url, "https://b.org");
        assert_eq!(item.inline.links[0].text, None);
    }
}
