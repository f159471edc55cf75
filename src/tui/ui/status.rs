//! The status line (match count, query, focus, last action) and the key hint.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Theme, fit_line};
use crate::sanitize;
use crate::tui::action::Focus;
use crate::tui::app::App;
use crate::tui::keymap;
use crate::tui::layout::Areas;

pub fn render(app: &App, theme: Theme, areas: &Areas, frame: &mut Frame) {
    let width = usize::from(areas.status.width);
    let mut spans = vec![Span::styled(
        format!(" {}/{} ", app.match_count(), app.catalog().datasets.len()),
        theme.title(),
    )];
    if app.is_typing() {
        spans.push(Span::styled("/", theme.prompt()));
        spans.push(Span::raw(sanitize::line(app.query()).into_owned()));
        spans.push(Span::styled(" ", theme.cursor()));
        spans.push(Span::raw(" "));
    } else if !app.query().is_empty() {
        spans.push(Span::styled("filter: ", theme.dim()));
        spans.push(Span::styled(
            sanitize::line(app.query()).into_owned(),
            theme.prompt(),
        ));
        spans.push(Span::raw(" "));
    }
    let focus = match app.focus() {
        Focus::Tree => "[tree]",
        Focus::Detail => "[detail]",
    };
    spans.push(Span::styled(focus, theme.dim()));
    if let Some((done, total)) = app.search_progress() {
        let percent = done * 100 / total.max(1);
        spans.push(Span::styled(
            format!(" searching {percent}%"),
            theme.prompt(),
        ));
    }
    if app.sort() != crate::search::SortOrder::Relevance {
        spans.push(Span::styled(
            format!(" sort: {}", app.sort().as_str()),
            theme.dim(),
        ));
    }
    if let Some(error) = app.query_error() {
        spans.push(Span::raw("  "));
        spans.push(Span::styled(
            sanitize::line(error).into_owned(),
            theme.error(),
        ));
    } else if let Some(message) = app.status() {
        spans.push(Span::raw("  "));
        spans.push(Span::raw(sanitize::line(message).into_owned()));
    }
    let line = fit_line(Line::from(spans), width, false);
    frame.render_widget(Paragraph::new(line), areas.status);

    if areas.hint.area() > 0 {
        let hint = format!(" {}", keymap::hints(app.mode(), app.lang()));
        let line = fit_line(
            Line::styled(hint, theme.dim()),
            usize::from(areas.hint.width),
            false,
        );
        frame.render_widget(Paragraph::new(line), areas.hint);
    }
}
