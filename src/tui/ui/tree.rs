//! The category tree: only the rows that fit are built and highlighted.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::{Theme, fit_line};
use crate::sanitize;
use crate::tui::action::Focus;
use crate::tui::app::App;
use crate::tui::layout::Areas;
use crate::tui::outline::Row;

/// Draws the tree and returns the first row shown: the wanted one, moved
/// so that the selection is in view. `None` when the pane is hidden.
pub fn render(app: &App, theme: Theme, areas: &Areas, frame: &mut Frame) -> Option<usize> {
    if areas.tree.area() == 0 {
        return None;
    }
    if areas.bordered {
        let focused = app.focus() == Focus::Tree;
        let title = if app.query().is_empty() {
            " Datasets ".to_string()
        } else {
            format!(
                " Datasets {}/{} ",
                app.match_count(),
                app.catalog().datasets.len()
            )
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border(focused))
            .title(Span::styled(title, theme.title()));
        frame.render_widget(block, areas.tree);
    }
    let body = areas.tree_body;
    let width = usize::from(body.width);
    let height = usize::from(body.height);
    let offset = offset_for(
        app.tree_offset(),
        app.selected_index(),
        app.rows().len(),
        height,
    );
    let lines: Vec<Line> = app
        .rows()
        .iter_from(offset)
        .zip(offset..)
        .take(height)
        .map(|(row, i)| {
            let selected = i == app.selected_index();
            let line = row_line(app, row, selected, theme, width);
            if selected {
                let style = if app.focus() == Focus::Tree {
                    theme.selected()
                } else {
                    theme.selected_unfocused()
                };
                fit_line(line, width, true).style(style)
            } else {
                fit_line(line, width, false)
            }
        })
        .collect();
    if lines.is_empty() {
        let empty = if app.query().is_empty() {
            "(empty catalog)"
        } else {
            "no match: Esc clears the filter"
        };
        frame.render_widget(
            Paragraph::new(super::fit_str(empty, width)).style(theme.dim()),
            body,
        );
        return Some(0);
    }
    frame.render_widget(Paragraph::new(lines), body);
    Some(offset)
}

/// The first row to show in `height` rows: `wanted`, moved as little as
/// possible to keep `selected` in view, and no further down than needed
/// to fill the pane.
pub fn offset_for(wanted: usize, selected: usize, rows: usize, height: usize) -> usize {
    let height = height.max(1);
    let mut offset = wanted;
    if selected < offset {
        offset = selected;
    } else if selected >= offset + height {
        offset = selected + 1 - height;
    }
    offset.min(rows.saturating_sub(height))
}

fn row_line(app: &App, row: Row, selected: bool, theme: Theme, width: usize) -> Line<'static> {
    // A plain `>` keeps the selection visible with no colour and no attributes.
    let marker = Span::raw(if selected { ">" } else { " " });
    match row {
        Row::Category(c) => {
            let category = &app.catalog().categories[c];
            let fold = if app.is_collapsed(c) { "[+] " } else { "[-] " };
            let (matching, total) = app.category_counts(c);
            let count = if app.query().is_empty() {
                format!(" ({total})")
            } else {
                format!(" ({matching}/{total})")
            };
            // The count stays whole; a long name gives way, with `…`.
            let name = sanitize::line(category.name_in(app.lang())).into_owned();
            let room = width.saturating_sub(1 + fold.len() + count.width());
            let name = if name.width() > room && room > 1 {
                format!("{}…", super::fit_str(&name, room - 1))
            } else {
                name
            };
            Line::from(vec![
                marker,
                Span::raw(fold),
                Span::styled(name, theme.category()),
                Span::styled(count, theme.dim()),
            ])
        }
        Row::Dataset { dataset, .. } => {
            let d = &app.catalog().datasets[dataset];
            let name = sanitize::line(&d.name).into_owned();
            let marks = app.name_highlights(dataset);
            // One cell for the access level (explained in the help).
            let access = Span::styled(d.access.marker().to_string(), theme.access(d.access));
            // `!`: the last link check found a broken link.
            let broken = if app.has_broken_link(dataset) {
                Span::styled("!", theme.error())
            } else {
                Span::raw(" ")
            };
            // `*`: marked (the shortlist).
            let mark = if app.is_marked(dataset) {
                Span::styled("*", theme.prompt())
            } else {
                Span::raw(" ")
            };
            let mut spans = vec![marker, broken, mark, access, Span::raw(" ")];
            spans.extend(highlighted(&name, &marks, theme));
            Line::from(spans)
        }
    }
}

/// Splits `text` into spans, styling the characters at `marks` (sorted char positions).
fn highlighted(text: &str, marks: &[usize], theme: Theme) -> Vec<Span<'static>> {
    if marks.is_empty() {
        return vec![Span::raw(text.to_string())];
    }
    let mut spans = Vec::new();
    let mut current = String::new();
    let mut current_marked = false;
    for (i, c) in text.chars().enumerate() {
        let marked = marks.binary_search(&i).is_ok();
        if marked != current_marked && !current.is_empty() {
            spans.push(span(std::mem::take(&mut current), current_marked, theme));
        }
        current_marked = marked;
        current.push(c);
    }
    if !current.is_empty() {
        spans.push(span(current, current_marked, theme));
    }
    spans
}

fn span(text: String, marked: bool, theme: Theme) -> Span<'static> {
    if marked {
        Span::styled(text, theme.highlight())
    } else {
        Span::raw(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlighted_splits_runs() {
        let spans = highlighted("VQA-RAD", &[0, 1, 2, 4], Theme::MONO);
        let parts: Vec<&str> = spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(parts, ["VQA", "-", "R", "AD"]);
        assert_eq!(spans[0].style, Theme::MONO.highlight());
        assert_eq!(spans[1].style, ratatui::style::Style::default());
    }
}
