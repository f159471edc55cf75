//! The status line (match count, query, focus, last action) and the key hint.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::{Theme, fit_line};
use crate::sanitize;
use crate::tui::action::Focus;
use crate::tui::app::App;
use crate::tui::keymap;
use crate::tui::layout::Areas;

/// `text` in `width` columns: whole when it fits, else its start, `…` and
/// its end.
pub fn elide_middle(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    if width < 8 {
        return super::fit_str(text, width);
    }
    let head_width = (width - 1) * 2 / 3;
    let tail_width = width - 1 - head_width;
    let head = super::fit_str(text, head_width);
    let mut tail: Vec<char> = Vec::new();
    let mut used = 0;
    for c in text.chars().rev() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > tail_width {
            break;
        }
        used += w;
        tail.push(c);
    }
    let tail: String = tail.into_iter().rev().collect();
    format!("{head}…{tail}")
}

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
    if app.search_waits_for_index() {
        // Just after start-up: the rows are still the previous ones, and
        // no part of the search has run.
        spans.push(Span::styled(" preparing the search…", theme.prompt()));
    } else if let Some((done, total)) = app.search_progress() {
        let percent = done * 100 / total.max(1);
        spans.push(Span::styled(
            format!(" searching {percent}%"),
            theme.prompt(),
        ));
    }
    let marked = app.marked_count();
    if marked > 0 || app.only_marked() {
        let only = if app.only_marked() {
            ", shown only"
        } else {
            ""
        };
        spans.push(Span::styled(
            format!(" {marked} marked{only}"),
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
        // A long message keeps its start and its end (the file name, the
        // URL's last part): the middle gives way.
        let used: usize = spans.iter().map(|s| s.content.width()).sum::<usize>() + 2;
        spans.push(Span::raw("  "));
        spans.push(Span::raw(elide_middle(
            &sanitize::line(message),
            width.saturating_sub(used),
        )));
    }
    let line = fit_line(Line::from(spans), width, false);
    frame.render_widget(Paragraph::new(line), areas.status);

    if areas.hint.area() > 0 {
        // Whole hints only: the last ones give way on a narrow screen.
        let room = usize::from(areas.hint.width);
        let mut hint = String::new();
        for item in keymap::hint_items(app.mode(), app.lang()) {
            if hint.width() + 2 + item.width() > room {
                break;
            }
            hint.push_str(if hint.is_empty() { " " } else { "  " });
            hint.push_str(&item);
        }
        let line = fit_line(
            Line::styled(hint, theme.dim()),
            usize::from(areas.hint.width),
            false,
        );
        frame.render_widget(Paragraph::new(line), areas.hint);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_messages_lose_their_middle() {
        let url = "Copied https://huggingface.co/datasets/ibrahimhamamci/CT-RATE (OSC 52)";
        let short = elide_middle(url, 40);
        assert_eq!(short.width(), 40, "{short}");
        assert!(
            short.starts_with("Copied https://") && short.ends_with("(OSC 52)"),
            "{short}"
        );
        assert_eq!(elide_middle("fits", 10), "fits");
        assert!(elide_middle("肺结核肺结核肺结核肺结核", 9).width() <= 9);
    }
}
