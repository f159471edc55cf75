//! Drawing: a pure function of the [`App`] state onto a ratatui `Frame`.
//!
//! Every string from the catalog is sanitized before it is drawn, and text is
//! measured in display columns so CJK never splits or overflows a pane.

pub mod compare;
pub mod detail;
pub mod help;
pub mod loading;
pub mod picker;
pub mod status;
pub mod tree;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::tui::app::{App, Drawn};

use crate::tui::layout;
pub use crate::tui::theme::Theme;

/// Draws `app` and reports what was drawn where, for the state to answer
/// paging and mouse clicks from (see [`Drawn`]).
pub fn render(app: &App, theme: Theme, frame: &mut Frame) -> Drawn {
    let area = frame.area();
    let areas = layout::areas(area.width, area.height, app.focus());
    let mut drawn = Drawn {
        tree: areas.tree,
        tree_body: areas.tree_body,
        detail: areas.detail,
        detail_body: areas.detail_body,
        tree_offset: app.tree_offset(),
        detail_scroll: app.detail_scroll(),
        detail_max_scroll: app.detail_scroll(),
        help_scroll: app.help_scroll(),
        help_max_scroll: app.help_scroll(),
    };
    if areas.too_small {
        let notice = fit_str("terminal too small for medsets", usize::from(area.width));
        frame.render_widget(Paragraph::new(notice), areas.status);
        return drawn;
    }
    if let Some(offset) = tree::render(app, theme, &areas, frame) {
        drawn.tree_offset = offset;
    }
    if let Some((scroll, max)) = detail::render(app, theme, &areas, frame) {
        drawn.detail_scroll = scroll;
        drawn.detail_max_scroll = max;
    }
    status::render(app, theme, &areas, frame);
    if let Some(facets) = app.picker() {
        picker::render(facets, theme, area, frame);
    }
    compare::render(app, theme, area, frame);
    if app.show_help() {
        let (scroll, max) = help::render(app, theme, area, frame);
        drawn.help_scroll = scroll;
        drawn.help_max_scroll = max;
    }
    drawn
}

/// `text` cut to at most `width` display columns, never through a wide character.
pub fn fit_str(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width {
            break;
        }
        used += w;
        out.push(c);
    }
    out
}

/// A line cut to `width` display columns, span styles kept, ending in `…`
/// where text was cut; padded with spaces to exactly `width` when `pad` is
/// set (so a selection bar spans the row).
pub fn fit_line(line: Line<'static>, width: usize, pad: bool) -> Line<'static> {
    let total: usize = line.spans.iter().map(|s| s.content.width()).sum();
    let (room, ellipsis) = if total > width && width > 1 {
        (width - 1, true)
    } else {
        (width, false)
    };
    let mut used = 0;
    let mut spans: Vec<Span<'static>> = Vec::new();
    for span in line.spans {
        if used >= room {
            break;
        }
        let text = fit_str(&span.content, room - used);
        used += unicode_width::UnicodeWidthStr::width(text.as_str());
        let cut = text.len() < span.content.len();
        spans.push(Span::styled(text, span.style));
        if cut {
            break;
        }
    }
    if ellipsis {
        let style = spans.last().map(|s| s.style).unwrap_or_default();
        spans.push(Span::styled("…", style));
        used += 1;
    }
    if pad && used < width {
        spans.push(Span::raw(" ".repeat(width - used)));
    }
    Line::from(spans).style(line.style)
}

/// An overlay box over whatever was drawn at `area`: cleared, framed and
/// titled; returns the space inside the frame.
pub fn overlay(frame: &mut Frame, area: Rect, title: &str, theme: Theme) -> Rect {
    frame.render_widget(Clear, area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border(true))
        .title(Span::styled(title.to_string(), theme.title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}

/// A rectangle of `width`×`height` centred in `area`, clipped to it.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fitting_never_splits_a_wide_character() {
        assert_eq!(fit_str("胸部X线", 3), "胸");
        assert_eq!(fit_str("胸部X线", 4), "胸部");
        assert_eq!(fit_str("胸部X线", 5), "胸部X");
        assert_eq!(fit_str("abc", 0), "");
        let line = fit_line(
            Line::from(vec![Span::raw("ab"), Span::raw("胸部")]),
            5,
            true,
        );
        let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(
            text, "ab胸…",
            "cut text ends in an ellipsis, padded to the width"
        );
        let line = fit_line(
            Line::from(vec![Span::raw("ab"), Span::raw("胸部")]),
            6,
            true,
        );
        let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(text, "ab胸部", "what fits is not cut");
    }
}
