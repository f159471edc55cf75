//! The `=` view: the marked datasets side by side, a column each, fitted
//! to the terminal; `h`/`l` scroll the columns, `j`/`k` the rows.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::detail::wrap;
use super::{Theme, fit_line, overlay};
use crate::compare;
use crate::format;
use crate::tui::app::App;

/// A column is never narrower than this (fewer columns show instead).
const MIN_COLUMN: usize = 22;
const MAX_COLUMN: usize = 44;
/// Lines a cell may wrap to before it is cut with `…`.
const MAX_CELL_LINES: usize = 3;

pub fn render(app: &App, theme: Theme, area: Rect, frame: &mut Frame) {
    let Some((first_column, first_row)) = app.compare_view() else {
        return;
    };
    let datasets = app.compared();
    let table = compare::table(app.catalog(), &datasets, app.lang());
    let box_area = Rect::new(
        area.x,
        area.y,
        area.width,
        area.height.saturating_sub(2).max(1),
    );
    let title = format!(
        " Compare {} dataset{} (h/l columns, = or Esc closes) ",
        table.ids.len(),
        if table.ids.len() == 1 { "" } else { "s" }
    );
    let inner = overlay(frame, box_area, &title, theme);
    if inner.width < 4 || inner.height == 0 {
        return;
    }
    let width = usize::from(inner.width);
    let label_width = table.rows.iter().map(|(l, _)| l.width()).max().unwrap_or(0) + 2;
    let room = width.saturating_sub(label_width).max(1);
    let fit = (room / MIN_COLUMN).max(1).min(table.ids.len().max(1));
    let column_width = (room / fit).clamp(1, MAX_COLUMN);
    let first = first_column.min(table.ids.len().saturating_sub(fit));
    let shown = first..(first + fit).min(table.ids.len());
    let cell_width = column_width.saturating_sub(2).max(1);

    let mut lines: Vec<Line> = Vec::new();
    let mut header = vec![Span::raw(" ".repeat(label_width))];
    for c in shown.clone() {
        let name = format::ellipsize(&table.names[c], cell_width);
        header.push(Span::styled(
            format::pad(&name, column_width),
            theme.title(),
        ));
    }
    lines.push(fit_line(Line::from(header), width, false));
    for (label, cells) in table.rows.iter().skip(first_row) {
        let wrapped: Vec<Vec<String>> = shown
            .clone()
            .map(|c| {
                let mut pieces = wrap(&cells[c], cell_width);
                if pieces.len() > MAX_CELL_LINES {
                    pieces.truncate(MAX_CELL_LINES);
                    let last = pieces.pop().unwrap_or_default();
                    pieces.push(format::ellipsize(&format!("{last}…"), cell_width));
                }
                pieces
            })
            .collect();
        let height = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
        for line in 0..height {
            let head = if line == 0 {
                format::pad(label, label_width)
            } else {
                " ".repeat(label_width)
            };
            let mut spans = vec![Span::styled(head, theme.label())];
            for pieces in &wrapped {
                let piece = pieces.get(line).map_or("", String::as_str);
                spans.push(Span::raw(format::pad(piece, column_width)));
            }
            lines.push(fit_line(Line::from(spans), width, false));
        }
    }
    if shown.end < table.ids.len() || first > 0 {
        lines.push(Line::styled(
            format!(
                " columns {}-{} of {}",
                shown.start + 1,
                shown.end,
                table.ids.len()
            ),
            theme.dim(),
        ));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
