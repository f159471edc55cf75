//! The `?` overlay: every key, grouped.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::{centered, fit_line};
use crate::tui::app::App;

/// Every key of the TUI, grouped; the single list the overlay draws.
pub const KEYS: &[(&str, &[(&str, &str)])] = &[
    (
        "Move",
        &[
            ("j k  Up Down", "move the selection"),
            ("Ctrl-n Ctrl-p", "move the selection (also while typing)"),
            ("g G  Home End", "first / last row"),
            ("PgUp PgDn", "one page up / down"),
            ("mouse", "click selects; wheel scrolls the pane under it"),
        ],
    ),
    (
        "Filter",
        &[
            ("/", "start filtering; every key updates the panes"),
            ("Enter", "keep the filter, back to the tree"),
            ("Esc", "clear the filter"),
            ("Ctrl-u  Ctrl-w", "clear the query / delete a word"),
            ("'x ^x x$ !x", "exact, prefix, suffix, exclude"),
            (
                "m:ct a:open",
                "facets: m r t a c l d license year (year:>=2020)",
            ),
            ("f", "facet picker: Space toggles a value, Enter applies"),
            ("s", "sort: relevance, name, year, size"),
        ],
    ),
    (
        "Tree and details",
        &[
            (
                "h l  Left Right",
                "collapse / expand; on a dataset l opens details",
            ),
            ("Enter", "toggle a category; on a dataset, focus details"),
            ("Tab  Shift-Tab", "switch focus between tree and details"),
            ("j k PgUp PgDn", "in details: scroll"),
        ],
    ),
    (
        "Act",
        &[
            ("y", "copy the primary download URL"),
            ("1 - 9", "copy the URL with that number"),
            ("Y", "copy all URLs, one per line"),
            ("c", "copy the download command of the link marked >"),
            ("r", "re-check the dataset's links in the background"),
            ("o", "open the primary URL in the browser"),
        ],
    ),
    (
        "Other",
        &[
            (
                "r C ?",
                "tree: registration / credentialed / request access",
            ),
            ("!", "tree: the last link check found a broken link"),
            ("L", "English / 中文"),
            ("?", "this help (Esc closes)"),
            (
                "q  Ctrl-c",
                "quit (Esc quits when nothing is left to clear)",
            ),
        ],
    ),
];

const KEY_COLUMN: usize = 18;

/// Lines of the overlay: a heading per group, a line per key.
pub fn line_count() -> usize {
    KEYS.iter().map(|(_, keys)| keys.len() + 1).sum()
}

pub fn render(app: &App, area: Rect, frame: &mut Frame) {
    let theme = app.theme();
    let rows = line_count();
    let box_area = centered(area, 80, u16::try_from(rows + 2).unwrap_or(u16::MAX));
    frame.render_widget(Clear, box_area);
    let title = if rows + 2 > usize::from(area.height) {
        " Keys (j/k scroll, Esc closes) "
    } else {
        " Keys (Esc or ? closes) "
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border(true))
        .title(Span::styled(title, theme.title()));
    let inner = block.inner(box_area);
    frame.render_widget(block, box_area);
    let width = usize::from(inner.width);
    let mut lines = Vec::new();
    for (group, keys) in KEYS {
        lines.push(Line::styled(*group, theme.category()));
        for (key, action) in *keys {
            let line = Line::from(vec![
                Span::styled(format!("  {key:<KEY_COLUMN$}"), theme.title()),
                Span::raw(*action),
            ]);
            lines.push(fit_line(line, width, false));
        }
    }
    let scroll = app
        .help_scroll()
        .min(rows.saturating_sub(usize::from(inner.height)));
    let visible: Vec<Line> = lines.into_iter().skip(scroll).collect();
    frame.render_widget(Paragraph::new(visible), inner);
}
