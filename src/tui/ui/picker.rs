//! The facet picker popup: facets, their values and live counts.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Theme, centered, fit_line, overlay};
use crate::sanitize;
use crate::tui::picker::{Picker, PickerRow, display_value};

pub fn render(picker: &Picker, theme: Theme, area: Rect, frame: &mut Frame) {
    let box_area = centered(area, 64, area.height.saturating_sub(2).max(3));
    let inner = overlay(
        frame,
        box_area,
        " Facets: Space tick, Enter apply, Tab next, type to narrow ",
        theme,
    );
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let width = usize::from(inner.width);
    // The last line shows the query being built.
    let list_height = usize::from(inner.height.saturating_sub(1)).max(1);
    let offset = picker
        .cursor()
        .saturating_sub(list_height / 2)
        .min(picker.rows().len().saturating_sub(list_height));
    let mut lines: Vec<Line> = picker
        .rows()
        .iter()
        .enumerate()
        .skip(offset)
        .take(list_height)
        .map(|(i, row)| {
            let at_cursor = i == picker.cursor();
            let line = match row {
                PickerRow::Heading(key) => {
                    let short = key.short().map(|s| format!(" ({s}:)")).unwrap_or_default();
                    Line::from(vec![Span::styled(
                        format!(" {}{short}", key.label()),
                        theme.category(),
                    )])
                }
                PickerRow::Value {
                    key,
                    value,
                    count,
                    selected,
                } => {
                    let check = if *selected { "[x] " } else { "[ ] " };
                    let style = if *count == 0 {
                        theme.dim()
                    } else {
                        ratatui::style::Style::default()
                    };
                    Line::from(vec![
                        Span::raw(if at_cursor { ">  " } else { "   " }),
                        Span::raw(check),
                        Span::styled(
                            sanitize::line(&display_value(*key, value)).into_owned(),
                            style,
                        ),
                        Span::styled(format!("  {count}"), theme.dim()),
                    ])
                }
            };
            if at_cursor {
                fit_line(line, width, true).style(theme.selected())
            } else {
                fit_line(line, width, false)
            }
        })
        .collect();
    while lines.len() < list_height {
        lines.push(Line::default());
    }
    let mut query = vec![
        Span::styled("query: ", theme.dim()),
        Span::styled(sanitize::line(picker.draft()).into_owned(), theme.prompt()),
    ];
    if !picker.filter().is_empty() {
        query.push(Span::styled("   values: ", theme.dim()));
        query.push(Span::styled(
            sanitize::line(picker.filter()).into_owned(),
            theme.prompt(),
        ));
        if picker.rows().is_empty() {
            query.push(Span::styled(" (none)", theme.dim()));
        }
    }
    let query = Line::from(query);
    lines.push(fit_line(query, width, false));
    frame.render_widget(Paragraph::new(lines), inner);
}
