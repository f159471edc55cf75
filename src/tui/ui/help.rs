//! The `?` overlay: every binding of the keymap, grouped, and what the
//! marks in the tree mean. Generated from [`crate::tui::keymap`], so it
//! lists exactly the keys there are.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use unicode_width::UnicodeWidthStr;

use super::detail::wrap;
use super::{Theme, centered, fit_line, overlay};
use crate::lang::Lang;
use crate::tui::app::App;
use crate::tui::keymap::{BINDINGS, Group};

/// The key column is as wide as the widest keys, up to this.
const MAX_KEY_COLUMN: usize = 22;
/// From this width on the overlay is laid out in two columns.
const TWO_COLUMNS: u16 = 110;

/// What is not a key but is read with them: the query syntax, the mouse
/// and the marks drawn before names in the tree. (English, Chinese) titles,
/// then (what, English, Chinese) lines.
type Notes = (
    (&'static str, &'static str),
    &'static [(&'static str, &'static str, &'static str)],
);

const NOTES: &[Notes] = &[
    (
        ("Query syntax", "查询语法"),
        &[
            (
                "'x ^x x$ !x",
                "exact, prefix, suffix, not",
                "精确、前缀、后缀、排除",
            ),
            (
                "m:ct a:open",
                "facets: m r t a c l d license year",
                "分面：m r t a c l d license year",
            ),
        ],
    ),
    (
        ("Mouse and marks", "鼠标与标记"),
        &[
            (
                "mouse",
                "click selects; wheel scrolls",
                "单击选择；滚轮滚动",
            ),
            (
                "r C ?",
                "registration, credentialed, request",
                "注册、资质认证、申请",
            ),
            (
                "~",
                "access not stated (imported lists)",
                "访问方式未注明（导入的清单）",
            ),
            (
                "!",
                "a link was broken at the last check",
                "上次检查发现失效链接",
            ),
            (
                "*",
                "marked (kept as your shortlist)",
                "已标记（保存为候选清单）",
            ),
        ],
    ),
];

/// One entry of the overlay: keys and what they do.
struct Entry {
    keys: String,
    text: &'static str,
}

/// The overlay's sections: each group of the keymap, then the marks. Keys
/// with the same help text (`g G`, `Home End`) share a line.
fn sections(lang: Lang) -> Vec<(&'static str, Vec<Entry>)> {
    let mut sections = Vec::new();
    for group in Group::ALL {
        let mut entries: Vec<Entry> = Vec::new();
        for binding in BINDINGS.iter().filter(|b| b.group == group) {
            let text = binding.help(lang);
            match entries.last_mut() {
                Some(last) if last.text == text => {
                    last.keys = format!("{} {}", last.keys, binding.key_names());
                }
                _ => entries.push(Entry {
                    keys: binding.key_names(),
                    text,
                }),
            }
        }
        sections.push((group.title(lang), entries));
    }
    for ((en, zh), lines) in NOTES {
        let entries = lines
            .iter()
            .map(|(what, en, zh)| Entry {
                keys: (*what).to_string(),
                text: match lang {
                    Lang::En => en,
                    Lang::Zh => zh,
                },
            })
            .collect();
        sections.push((
            match lang {
                Lang::En => *en,
                Lang::Zh => *zh,
            },
            entries,
        ));
    }
    sections
}

/// A section as lines `width` columns wide: the keys in a column of
/// their own, the text wrapped beside them.
fn section_lines(
    (title, entries): &(&'static str, Vec<Entry>),
    key_column: usize,
    width: usize,
    theme: Theme,
) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled(*title, theme.category())];
    let indent = key_column + 3;
    let text_width = width.saturating_sub(indent).max(8);
    for entry in entries {
        let keys = format!("  {:<key_column$} ", entry.keys);
        // Keys wider than their column push the text to the next line.
        let (first, pieces) = if keys.width() > indent {
            lines.push(Line::styled(keys, theme.title()));
            (" ".repeat(indent), wrap(entry.text, text_width))
        } else {
            (keys, wrap(entry.text, text_width))
        };
        for (i, piece) in pieces.into_iter().enumerate() {
            let head = if i == 0 {
                first.clone()
            } else {
                " ".repeat(indent)
            };
            lines.push(Line::from(vec![
                Span::styled(head, theme.title()),
                Span::raw(piece),
            ]));
        }
    }
    lines
}

/// The overlay's lines in `columns` columns of `width`, sections kept
/// whole and the columns about equally long.
pub fn help_columns(
    lang: Lang,
    theme: Theme,
    columns: usize,
    width: usize,
) -> Vec<Vec<Line<'static>>> {
    let sections = sections(lang);
    let key_column = sections
        .iter()
        .flat_map(|(_, entries)| entries.iter().map(|e| e.keys.width()))
        .filter(|&w| w <= MAX_KEY_COLUMN)
        .max()
        .unwrap_or(0)
        .min(width / 3);
    let blocks: Vec<Vec<Line>> = sections
        .iter()
        .map(|section| section_lines(section, key_column, width, theme))
        .collect();
    let total: usize = blocks.iter().map(Vec::len).sum();
    if columns == 2 && blocks.len() > 1 {
        // The split between sections that makes the longer column shortest.
        let mut before = 0;
        let mut best = (usize::MAX, 1);
        for (i, block) in blocks.iter().enumerate().take(blocks.len() - 1) {
            before += block.len();
            let longer = before.max(total - before);
            if longer < best.0 {
                best = (longer, i + 1);
            }
        }
        let mut blocks = blocks;
        let right: Vec<Line> = blocks.split_off(best.1).into_iter().flatten().collect();
        let left: Vec<Line> = blocks.into_iter().flatten().collect();
        return vec![left, right];
    }
    let per_column = total.div_ceil(columns.max(1));
    let mut out: Vec<Vec<Line>> = vec![Vec::new()];
    for block in blocks {
        let current = out.last().map_or(0, Vec::len);
        if current > 0 && current + block.len() / 2 > per_column && out.len() < columns {
            out.push(Vec::new());
        }
        if let Some(column) = out.last_mut() {
            column.extend(block);
        }
    }
    out
}

/// Draws the overlay; returns (first line shown, largest first line).
pub fn render(app: &App, theme: Theme, area: Rect, frame: &mut Frame) -> (usize, usize) {
    let two = area.width >= TWO_COLUMNS;
    let count: u16 = if two { 2 } else { 1 };
    let width = area.width.min(if two { 160 } else { 88 });
    // Inside the border, each column keeps one blank column on its right.
    let column_width = width.saturating_sub(2) / count;
    let columns = help_columns(
        app.lang(),
        theme,
        usize::from(count),
        usize::from(column_width.saturating_sub(1)),
    );
    let rows = columns.iter().map(Vec::len).max().unwrap_or(0);
    let box_area = centered(area, width, u16::try_from(rows + 2).unwrap_or(u16::MAX));
    let title = if rows + 2 > usize::from(area.height) {
        " Keys (j/k scroll, Esc closes) "
    } else {
        " Keys (Esc or ? closes) "
    };
    let inner = overlay(frame, box_area, title, theme);
    let max_scroll = rows.saturating_sub(usize::from(inner.height));
    let scroll = app.help_scroll().min(max_scroll);
    for (i, column) in columns.into_iter().enumerate() {
        let x = inner.x + column_width * u16::try_from(i).unwrap_or(0);
        let rect = Rect::new(x, inner.y, column_width, inner.height);
        let fitted: Vec<Line> = column
            .into_iter()
            .skip(scroll)
            .map(|line| fit_line(line, usize::from(column_width.saturating_sub(1)), false))
            .collect();
        frame.render_widget(Paragraph::new(fitted), rect);
    }
    (scroll, max_scroll)
}
