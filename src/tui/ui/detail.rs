//! The detail panel: everything about the selected dataset, or an overview
//! of the selected category. Text is wrapped here, by display width, so the
//! scroll position and scrollbar are exact.

use ratatui::Frame;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Borders, Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState,
};
use unicode_width::UnicodeWidthStr;

use super::{Theme, fit_line};
use crate::catalog::{Category, Dataset};
use crate::describe::{self, FactKey};
use crate::format;
use crate::links::cache::{self as link_cache, Status};
use crate::sanitize;
use crate::tui::action::{Action, Focus, Mode};
use crate::tui::app::App;
use crate::tui::keymap;
use crate::tui::layout::Areas;
use crate::tui::outline::Row;

/// At most this many datasets are listed in a category's overview.
const MAX_LISTED: usize = 200;

/// Width of the label column of the facts block.
const LABEL_WIDTH: usize = 11;

/// Draws the panel and returns (first line shown, largest first line):
/// the wanted scroll, clamped to the text. `None` when the pane is hidden.
pub fn render(app: &App, theme: Theme, areas: &Areas, frame: &mut Frame) -> Option<(usize, usize)> {
    if areas.detail.area() == 0 {
        return None;
    }
    if areas.bordered {
        let title = match app.selected_row() {
            Some(Row::Dataset { .. }) => " Details ",
            _ => " Category ",
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border(app.focus() == Focus::Detail))
            .title(Span::styled(title, theme.title()));
        frame.render_widget(block, areas.detail);
    }
    let body = areas.detail_body;
    let all = lines(app, theme, body.width);
    let total = all.len();
    let height = usize::from(body.height);
    let max_scroll = total.saturating_sub(height);
    let scroll = app.detail_scroll().min(max_scroll);
    let visible: Vec<Line> = all.into_iter().skip(scroll).take(height).collect();
    frame.render_widget(Paragraph::new(visible), body);
    if total > height && areas.scrollbar.area() > 0 {
        let mut state = ScrollbarState::new(total.saturating_sub(height))
            .position(scroll)
            .viewport_content_length(height);
        let scrollbar = Scrollbar::new(ScrollbarOrientation::VerticalRight)
            .begin_symbol(None)
            .end_symbol(None)
            .thumb_style(theme.title())
            .track_style(theme.dim());
        frame.render_stateful_widget(scrollbar, areas.scrollbar, &mut state);
    }
    Some((scroll, max_scroll))
}

/// The panel's content, wrapped to `width` columns.
pub fn lines(app: &App, theme: Theme, width: u16) -> Vec<Line<'static>> {
    let width = usize::from(width).max(1);
    let mut out = Writer {
        lines: Vec::new(),
        width,
        theme,
    };
    match app.selected_row() {
        Some(Row::Dataset { dataset, .. }) => {
            dataset_lines(&mut out, app, &app.catalog().datasets[dataset]);
        }
        Some(Row::Category(c)) => category_lines(&mut out, app, c),
        None => out.wrap(
            "Nothing matches the filter. Esc clears it.",
            Style::default(),
        ),
    }
    out.lines
}

struct Writer {
    lines: Vec<Line<'static>>,
    width: usize,
    theme: Theme,
}

impl Writer {
    fn blank(&mut self) {
        self.lines.push(Line::default());
    }

    /// Wrapped text, every line in one style.
    fn wrap(&mut self, text: &str, style: Style) {
        for paragraph in sanitize::block(text).split('\n') {
            for piece in wrap(paragraph, self.width) {
                self.lines.push(Line::styled(piece, style));
            }
        }
    }

    /// `Label      value`, the value wrapped under itself.
    fn fact(&mut self, label: &str, value: &str, style: Style) {
        let indent = LABEL_WIDTH.min(self.width / 3);
        let value_width = self.width.saturating_sub(indent).max(1);
        let pieces = wrap(&sanitize::line(value), value_width);
        for (i, piece) in pieces.into_iter().enumerate() {
            let head = if i == 0 {
                Span::styled(
                    format::pad(&super::fit_str(label, indent.saturating_sub(1)), indent),
                    self.theme.label(),
                )
            } else {
                Span::raw(" ".repeat(indent))
            };
            let line = Line::from(vec![head, Span::styled(piece, style)]);
            self.lines.push(fit_line(line, self.width, false));
        }
    }

    fn spans(&mut self, spans: Vec<Span<'static>>) {
        self.lines
            .push(fit_line(Line::from(spans), self.width, false));
    }
}

fn dataset_lines(out: &mut Writer, app: &App, d: &Dataset) {
    let theme = out.theme;
    let lang = app.lang();
    let description = describe::describe(app.catalog(), d, lang);
    out.wrap(&description.name, theme.title());
    out.wrap(&description.id, theme.dim());
    out.blank();
    // What getting it takes and where to get it come first, so the links
    // are on the first screen; the summary and the other facts follow.
    let (access, rest) = description.facts.split_at(description.access_facts);
    let fact = |out: &mut Writer, fact: &describe::Fact| {
        let style = match fact.key {
            FactKey::Access(access) => theme.access(access),
            FactKey::Homepage => theme.link(),
            _ => Style::default(),
        };
        out.fact(fact.label, &fact.value, style);
    };
    for f in access {
        fact(out, f);
    }
    out.blank();
    // The keys that act on these links, as the keymap words them.
    let keys: Vec<String> = [
        Action::CopyPrimary,
        Action::CopyNumbered(1),
        Action::CopyAll,
        Action::CopyCommand,
        Action::OpenPrimary,
    ]
    .iter()
    .filter_map(|action| keymap::reminder(action, Mode::Detail, lang))
    .collect();
    let heading = format!("{}  ({})", description.links_heading, keys.join(", "));
    out.wrap(&heading, theme.title());
    for (i, link) in description.links.iter().enumerate() {
        // `>` marks the link that `c` acts on (chosen with 1-9).
        let current = if i == app.current_link() { ">" } else { " " };
        let number = format!("{current}[{}] ", i + 1);
        let indent = number.width();
        let label_lines = wrap(&link.label, out.width.saturating_sub(indent).max(1));
        for (j, piece) in label_lines.into_iter().enumerate() {
            let head = if j == 0 {
                number.clone()
            } else {
                " ".repeat(indent)
            };
            out.spans(vec![Span::styled(head, theme.title()), Span::raw(piece)]);
        }
        for piece in wrap(&link.url, out.width.saturating_sub(indent).max(1)) {
            out.spans(vec![
                Span::raw(" ".repeat(indent)),
                Span::styled(piece, theme.link()),
            ]);
        }
        if let Some(status) = app.link_status(&d.urls[i].url) {
            let text = link_cache::describe(status, app.now());
            // Narrow ASCII in place of the ambiguous-width arrow and dot.
            let text = text.replace(" → ", " -> ").replace(" · ", ", ");
            let style = match status.status {
                Status::Broken => theme.error(),
                Status::Ok => theme.dim(),
                _ => theme.prompt(),
            };
            for piece in wrap(&text, out.width.saturating_sub(indent).max(1)) {
                out.spans(vec![
                    Span::raw(" ".repeat(indent)),
                    Span::styled(piece, style),
                ]);
            }
        }
        // How to fetch it from a shell, derived from the URL.
        for text in &link.command {
            for piece in wrap(text, out.width.saturating_sub(indent).max(1)) {
                out.spans(vec![
                    Span::raw(" ".repeat(indent)),
                    Span::styled(piece, theme.dim()),
                ]);
            }
        }
    }
    out.blank();
    out.wrap(description.summary, Style::default());
    out.blank();
    for f in rest {
        fact(out, f);
    }
    if !description.citations.is_empty() {
        out.blank();
        let keys = keymap::reminder(&Action::CopyBibtex, Mode::Detail, lang).unwrap_or_default();
        out.wrap(
            &format!("{}  ({keys})", description.cite_heading),
            theme.title(),
        );
        for line in &description.citations {
            let mut text = format!("[{}] {}", line.role, line.text);
            if line.unconfirmed {
                text.push(' ');
                text.push_str(describe::unconfirmed_mark(lang));
            }
            out.wrap(&text, Style::default());
        }
    }
    if !description.related.is_empty() {
        out.blank();
        let keys: Vec<String> = [Action::FollowRelated, Action::JumpBack]
            .iter()
            .filter_map(|action| keymap::reminder(action, Mode::Detail, lang))
            .collect();
        out.wrap(
            &format!("{}  ({})", description.related_heading, keys.join(", ")),
            theme.title(),
        );
        for line in &description.related {
            out.fact(
                line.relation,
                &format!("{} ({})", line.name, line.id),
                Style::default(),
            );
        }
    }
    if let Some(notes) = description.notes {
        out.blank();
        out.wrap(description.notes_heading, theme.title());
        out.wrap(notes, theme.dim());
    }
}

fn category_lines(out: &mut Writer, app: &App, c: usize) {
    let theme = out.theme;
    let category: &Category = &app.catalog().categories[c];
    let lang = app.lang();
    let (matching, total) = app.category_counts(c);
    let count = if app.query().is_empty() {
        format!("{total} datasets")
    } else {
        format!("{matching} of {total} datasets match")
    };
    out.wrap(category.name_in(lang), theme.title());
    out.wrap(&count, theme.dim());
    out.blank();
    if let Some(description) = category.description_in(lang) {
        out.wrap(description, Style::default());
        out.blank();
    }
    let all = app.visible_members(c);
    // A huge category lists its first entries; the tree has them all.
    let members = &all[..all.len().min(MAX_LISTED)];
    let names: Vec<String> = members
        .iter()
        .map(|&d| sanitize::line(&app.catalog().datasets[d].name).into_owned())
        .collect();
    let name_width = names
        .iter()
        .map(|n| n.width())
        .max()
        .unwrap_or(0)
        .min(out.width / 2);
    // Columns aligned by display width; long cells end in `…`.
    let modalities: Vec<String> = members
        .iter()
        .map(|&d| format::ellipsize(&format::list(&app.catalog().datasets[d].modalities), 24))
        .collect();
    let modality_width = modalities.iter().map(|m| m.width()).max().unwrap_or(0);
    for ((&d, name), modality) in members.iter().zip(&names).zip(&modalities) {
        let dataset = &app.catalog().datasets[d];
        let name = format::pad(&format::ellipsize(name, name_width), name_width);
        out.spans(vec![
            Span::styled(name, theme.title()),
            Span::raw("  "),
            Span::raw(format::pad(modality, modality_width)),
            Span::styled(format!("  {}", describe::short_size(dataset)), theme.dim()),
        ]);
    }
    if all.len() > members.len() {
        out.wrap(
            &format!("... and {} more", all.len() - members.len()),
            theme.dim(),
        );
    }
}

/// Word-wraps by display width; breaks inside CJK runs and over-long words.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    if text.is_empty() {
        return vec![String::new()];
    }
    let options = textwrap::Options::new(width.max(1)).break_words(true);
    textwrap::wrap(text, options)
        .into_iter()
        .map(|piece| super::fit_str(&piece, width.max(1)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_respects_display_width_for_cjk() {
        let text = "由临床医生针对 MedPix 教学病例中的放射影像编写的问答数据集";
        for width in [1, 2, 3, 7, 20] {
            for piece in wrap(text, width) {
                assert!(piece.width() <= width.max(1), "{width}: {piece:?}");
            }
        }
        let joined: String = wrap(text, 9).concat().replace(' ', "");
        assert_eq!(joined, text.replace(' ', ""));
    }

    #[test]
    fn wrap_breaks_long_urls() {
        let url =
            "https://data.lhncbc.nlm.nih.gov/public/Tuberculosis-Chest-X-ray-Datasets/index.html";
        let pieces = wrap(url, 30);
        assert!(pieces.len() > 2);
        assert_eq!(pieces.concat(), url);
    }
}
