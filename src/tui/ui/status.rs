//! The status line (match count, query, focus, last action) and the key hint.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::fit_line;
use crate::lang::Lang;
use crate::sanitize;
use crate::tui::app::{App, Focus};
use crate::tui::layout::Areas;

pub fn render(app: &App, areas: &Areas, frame: &mut Frame) {
    let theme = app.theme();
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
        let hint = hint_text(app);
        let line = fit_line(
            Line::styled(hint, theme.dim()),
            usize::from(areas.hint.width),
            false,
        );
        frame.render_widget(Paragraph::new(line), areas.hint);
    }
}

fn hint_text(app: &App) -> &'static str {
    match (app.lang(), app.is_typing(), app.focus()) {
        (Lang::En, true, _) => {
            " type to filter  Up/Down move  Enter keep  Esc clear  Ctrl-u clear  Ctrl-w word  'exact ^prefix !not"
        }
        (Lang::En, false, Focus::Tree) => {
            " / filter  f facets  j/k move  Enter details  y copy link  1-9 copy [n]  c command  s sort  L 中文  ? help  q quit"
        }
        (Lang::En, false, Focus::Detail) => {
            " j/k scroll  PgUp/PgDn page  Tab/h back  y copy link  1-9 pick+copy [n]  c copy command  Y copy all  ? help  q quit"
        }
        (Lang::Zh, true, _) => {
            " 输入以筛选  Up/Down 移动  Enter 保留  Esc 清除  Ctrl-u 清空  Ctrl-w 删词"
        }
        (Lang::Zh, false, Focus::Tree) => {
            " / 筛选  f 分面  j/k 移动  Enter 详情  y 复制链接  1-9 复制 [n]  c 命令  s 排序  L English  ? 帮助  q 退出"
        }
        (Lang::Zh, false, Focus::Detail) => {
            " j/k 滚动  PgUp/PgDn 翻页  Tab/h 返回  y 复制链接  1-9 复制 [n]  Y 复制全部  ? 帮助  q 退出"
        }
    }
}
