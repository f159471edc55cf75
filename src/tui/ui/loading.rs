//! The screen while the catalogs are read (see [`crate::tui::loading`]):
//! the browser's two panes, empty, with what is being read and the keys
//! waiting for it.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::{Theme, fit_line, fit_str};
use crate::format;
use crate::sanitize;
use crate::tui::action::Focus;
use crate::tui::layout;
use crate::tui::loading::Loading;

pub fn render(loading: &Loading, theme: Theme, frame: &mut Frame) {
    let area = frame.area();
    let areas = layout::areas(area.width, area.height, Focus::Tree);
    let reading = format!(
        "reading the catalog… {:.1} s",
        loading.elapsed.as_secs_f64()
    );
    if areas.too_small {
        let notice = fit_str(&reading, usize::from(area.width));
        frame.render_widget(Paragraph::new(notice), areas.status);
        return;
    }
    if areas.bordered {
        for (pane, title) in [(areas.tree, " Datasets "), (areas.detail, "")] {
            let block = Block::default()
                .borders(Borders::ALL)
                .border_style(theme.border(pane == areas.tree))
                .title(Span::styled(title, theme.title()));
            frame.render_widget(block, pane);
        }
    }
    let width = usize::from(areas.tree_body.width);
    let mut lines = vec![Line::styled(fit_str("Reading", width), theme.category())];
    for layer in &loading.layers {
        lines.push(fit_line(
            Line::from(Span::raw(format!("  {}", sanitize::line(&layer.name)))),
            width,
            false,
        ));
        if let Some(bytes) = layer.bytes {
            lines.push(Line::styled(
                fit_str(&format!("    {}", format::bytes(bytes)), width),
                theme.label(),
            ));
        }
    }
    lines.push(Line::default());
    for note in [
        "The browser opens when every dataset is read and its search text built.",
        "Keys typed now are kept and applied then; Ctrl-C quits.",
    ] {
        for row in textwrap::wrap(note, width.max(1)) {
            lines.push(Line::styled(row.into_owned(), theme.label()));
        }
    }
    frame.render_widget(Paragraph::new(lines), areas.tree_body);
    let typed = loading.typed();
    let status = if typed.is_empty() {
        format!(" {reading}")
    } else {
        format!(" {reading}   keys waiting: {}", sanitize::line(&typed))
    };
    frame.render_widget(
        Paragraph::new(fit_line(
            Line::from(status),
            usize::from(areas.status.width),
            false,
        )),
        areas.status,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::loading::LayerNote;
    use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    fn screen(loading: &Loading, width: u16, height: u16) -> String {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal
            .draw(|frame| render(loading, Theme::MONO, frame))
            .unwrap();
        let buffer = terminal.backend().buffer();
        (0..height)
            .map(|y| {
                (0..width)
                    .map(|x| buffer[(x, y)].symbol())
                    .collect::<String>()
                    .trim_end()
                    .to_string()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn names_each_catalog_its_size_and_the_keys_waiting() {
        let mut loading = Loading::new(vec![
            LayerNote {
                name: "embedded catalog".into(),
                bytes: None,
            },
            LayerNote {
                name: "/data/big\u{1b}[31m.json".into(),
                bytes: Some(175_804_794),
            },
        ]);
        loading.elapsed = std::time::Duration::from_millis(420);
        for c in "/chest".chars() {
            loading.take(Event::Key(KeyEvent::new(
                KeyCode::Char(c),
                KeyModifiers::NONE,
            )));
        }
        let text = screen(&loading, 120, 35);
        assert!(text.contains("embedded catalog"), "{text}");
        assert!(text.contains("176 MB") || text.contains("175"), "{text}");
        assert!(!text.contains('\u{1b}'), "{text}");
        assert!(
            text.contains("reading the catalog… 0.4 s   keys waiting: /chest"),
            "{text}"
        );
    }

    #[test]
    fn any_size_draws_without_panicking() {
        let loading = Loading::new(vec![LayerNote {
            name: "x".repeat(500),
            bytes: Some(1),
        }]);
        for (w, h) in [(1, 1), (10, 3), (40, 10), (300, 80)] {
            screen(&loading, w, h);
        }
    }
}
