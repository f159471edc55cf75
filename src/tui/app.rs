//! The TUI's state and every change to it.
//!
//! `App::update` takes an [`Action`] and returns what the outside world must
//! do, if anything, as an [`Effect`] (copy text, open a URL). It performs no
//! I/O, so every behaviour here is tested without a terminal; the event loop
//! in `tui.rs` maps keys to actions and carries out effects.

use std::cell::RefCell;
use std::sync::Arc;

use nucleo_matcher::Matcher;

use crate::catalog::{Catalog, Dataset};
use crate::download;
use crate::lang::Lang;
use crate::links::cache::{LinkCache, LinkStatus, Status};
use crate::links::check::UrlResult;
use crate::sanitize;
use crate::search::{self, Extension, Hit, Index, Query, SortOrder};
use crate::tui::layout::{self, Areas};
use crate::tui::picker::Picker;
use crate::tui::ui::Theme;

/// Something the user asked for, already decoded from the terminal's events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    Top,
    Bottom,
    PageUp,
    PageDown,
    /// `h` / `←`: collapse, or go to the parent category.
    Left,
    /// `l` / `→`: expand, or move into the detail panel.
    Right,
    /// `Enter`: keep the filter while typing; else like `Right` (toggles a category).
    Enter,
    /// `Tab` / `Shift-Tab`.
    SwitchFocus,
    /// `/`: start typing a filter.
    StartFilter,
    /// A character typed into the filter.
    Type(char),
    /// Text pasted into the filter.
    Paste(String),
    Backspace,
    /// `Ctrl-u`.
    ClearQuery,
    /// `Ctrl-w`.
    DeleteWord,
    /// `Esc`: close, clear, or quit when there is nothing left to clear.
    Escape,
    /// `y`.
    CopyPrimary,
    /// `1`–`9`.
    CopyNumbered(usize),
    /// `Y`.
    CopyAll,
    /// `o`.
    OpenPrimary,
    /// `c`: copy the download command of the current link.
    CopyCommand,
    /// `s`: next sort order.
    CycleSort,
    /// `f`: open the facet picker.
    OpenPicker,
    /// Space in the facet picker.
    TogglePick,
    /// `r`: check the selected dataset's links again, in the background.
    Recheck,
    /// One link's result came back from the background check.
    LinkChecked(UrlResult),
    /// Nothing else to do: search the next slice of an unfinished search.
    ContinueSearch,
    /// `?`.
    ToggleHelp,
    /// `L`.
    ToggleLang,
    Quit,
    Resize(u16, u16),
    Click(u16, u16),
    ScrollUp(u16, u16),
    ScrollDown(u16, u16),
}

/// Work for the edge of the program, returned by [`App::update`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Put `text` on the clipboard; `what` says what it is, for the status line.
    Copy { text: String, what: String },
    /// Open an http(s) URL in the browser.
    Open(String),
    /// Check these URLs in the background; results come back as
    /// [`Action::LinkChecked`].
    CheckLinks(Vec<String>),
    /// Write the link cache (a check finished).
    SaveLinks,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Tree,
    Detail,
}

/// One line of the category tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Category(usize),
    Dataset { category: usize, dataset: usize },
}

impl Row {
    pub fn category(self) -> usize {
        match self {
            Row::Category(c) | Row::Dataset { category: c, .. } => c,
        }
    }

    pub fn dataset(self) -> Option<usize> {
        match self {
            Row::Category(_) => None,
            Row::Dataset { dataset, .. } => Some(dataset),
        }
    }
}

/// A search over more candidates than this is done in slices of this many:
/// about 10 ms of matching each on the machines measured.
pub const SEARCH_CHUNK: usize = 20_000;

/// What a search goes through.
enum Work {
    /// Every dataset.
    All,
    /// These datasets (the hits of a query this one narrows).
    Among(Vec<usize>),
    /// The hits of the previous query, scoring only the last word.
    Extend(Vec<Hit>, Extension),
}

impl Work {
    fn len(&self, catalog_size: usize) -> usize {
        match self {
            Work::All => catalog_size,
            Work::Among(candidates) => candidates.len(),
            Work::Extend(base, _) => base.len(),
        }
    }
}

/// A search that is not finished yet.
struct PendingSearch {
    work: Work,
    /// The first candidate not searched yet.
    next: usize,
    /// Hits so far, best first.
    found: Vec<Hit>,
}

/// How many earlier queries' results are kept for backspace.
const HISTORY_LIMIT: usize = 64;

/// How many lines a mouse wheel step scrolls.
const WHEEL_STEP: usize = 3;

pub struct App {
    catalog: Catalog,
    /// Shared with the thread that adds its summary filters after start-up
    /// (see [`App::background_indexing`]).
    index: Arc<Index>,
    /// Scratch space for matching; in a cell so that drawing (which only
    /// reads the state) can compute highlights for the rows it draws.
    matcher: RefCell<Matcher>,
    lang: Lang,
    query: Query,
    typing: bool,
    /// Matches of the current query, best first; every dataset when the
    /// query is empty.
    hits: Vec<Hit>,
    /// Category positions of each dataset.
    dataset_categories: Vec<Vec<usize>>,
    /// How many datasets each category has in all.
    category_sizes: Vec<usize>,
    /// Matching datasets of each category in display order: best first
    /// while filtering, catalog order otherwise. Rebuilt from `hits`, which
    /// are already in that order, so no sorting per keystroke.
    visible: Vec<Vec<usize>>,
    collapsed: Vec<bool>,
    rows: Vec<Row>,
    selected: usize,
    tree_offset: usize,
    detail_scroll: usize,
    focus: Focus,
    show_help: bool,
    status: Option<String>,
    size: (u16, u16),
    quit: bool,
    theme: Theme,
    sort: SortOrder,
    /// The link of the detail panel that `c` acts on (0-based).
    link: usize,
    picker: Option<Picker>,
    /// What the last link checks found, by URL.
    links: LinkCache,
    help_scroll: usize,
    /// Results of the queries typed on the way to this one, score-ordered,
    /// so backspace is a lookup rather than a search.
    history: Vec<(String, Vec<Hit>)>,
    pending: Option<PendingSearch>,
    chunk: usize,
    /// Unix time the ages of link checks are measured from.
    now: u64,
    /// The link check in flight: results still to come, and those received.
    checking: usize,
    checked: Vec<UrlResult>,
}

impl App {
    pub fn new(catalog: Catalog, lang: Lang, size: (u16, u16)) -> App {
        let index = Arc::new(Index::new(&catalog));
        let dataset_categories: Vec<Vec<usize>> = catalog
            .datasets
            .iter()
            .map(|d| {
                catalog
                    .categories
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| d.categories.contains(&c.id))
                    .map(|(i, _)| i)
                    .collect()
            })
            .collect();
        let mut category_sizes = vec![0; catalog.categories.len()];
        for categories in &dataset_categories {
            for &c in categories {
                category_sizes[c] += 1;
            }
        }
        let mut app = App {
            collapsed: vec![false; catalog.categories.len()],
            visible: vec![Vec::new(); catalog.categories.len()],
            hits: Vec::new(),
            dataset_categories,
            category_sizes,
            index,
            catalog,
            matcher: RefCell::new(search::new_matcher()),
            lang,
            query: Query::parse(""),
            typing: false,
            rows: Vec::new(),
            selected: 0,
            tree_offset: 0,
            detail_scroll: 0,
            focus: Focus::Tree,
            show_help: false,
            status: None,
            size,
            quit: false,
            theme: Theme::COLOR,
            sort: SortOrder::Relevance,
            link: 0,
            picker: None,
            links: LinkCache::default(),
            help_scroll: 0,
            history: Vec::new(),
            pending: None,
            chunk: SEARCH_CHUNK,
            now: 0,
            checking: 0,
            checked: Vec::new(),
        };
        app.refilter(None);
        app.rebuild_rows();
        // The first screen shows a full detail panel: select the first dataset.
        app.selected = app
            .rows
            .iter()
            .position(|r| r.dataset().is_some())
            .unwrap_or(0);
        app
    }

    /// Draw with `theme` (monochrome for NO_COLOR and `--color never`).
    pub fn with_theme(mut self, theme: Theme) -> App {
        self.theme = theme;
        self
    }

    /// Search every dataset in slices of `chunk` (tests use small ones).
    pub fn with_search_chunk(mut self, chunk: usize) -> App {
        self.chunk = chunk.max(1);
        self
    }

    /// Show link statuses from `links`, with ages measured from `now`.
    pub fn with_links(mut self, links: LinkCache, now: u64) -> App {
        self.links = links;
        self.now = now;
        self
    }

    // ----- read access for drawing and tests -----

    /// First line of the help overlay on screen.
    pub fn help_scroll(&self) -> usize {
        self.help_scroll
    }

    pub fn links(&self) -> &LinkCache {
        &self.links
    }

    pub fn link_status(&self, url: &str) -> Option<&LinkStatus> {
        self.links.get(url)
    }

    pub fn now(&self) -> u64 {
        self.now
    }

    /// Whether the last check found one of the dataset's links broken.
    pub fn has_broken_link(&self, dataset: usize) -> bool {
        self.catalog.datasets[dataset].urls.iter().any(|l| {
            self.links
                .get(&l.url)
                .is_some_and(|s| s.status == Status::Broken)
        })
    }

    /// The work that finishes the search index after the first frame: its
    /// summary filters, which only make later searches faster. The caller
    /// runs it on a thread of its own (one core, so the other stays free
    /// for the keys typed meanwhile); results are the same before, during
    /// and after.
    pub fn background_indexing(&self) -> impl FnOnce() + Send + 'static {
        let index = Arc::clone(&self.index);
        move || index.add_prose_filters()
    }

    /// (searched, total) candidates while a search is still running in slices.
    pub fn search_progress(&self) -> Option<(usize, usize)> {
        self.pending
            .as_ref()
            .map(|p| (p.next, p.work.len(self.index.len())))
    }

    /// Links of the check in flight that have not answered yet.
    pub fn links_pending(&self) -> usize {
        self.checking
    }

    pub fn theme(&self) -> Theme {
        self.theme
    }

    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    pub fn query(&self) -> &str {
        self.query.text()
    }

    pub fn is_typing(&self) -> bool {
        self.typing
    }

    pub fn focus(&self) -> Focus {
        self.focus
    }

    pub fn show_help(&self) -> bool {
        self.show_help
    }

    pub fn status(&self) -> Option<&str> {
        self.status.as_deref()
    }

    pub fn size(&self) -> (u16, u16) {
        self.size
    }

    pub fn sort(&self) -> SortOrder {
        self.sort
    }

    /// The current link of the detail panel (0-based), for `c`.
    pub fn current_link(&self) -> usize {
        self.link
    }

    pub fn picker(&self) -> Option<&Picker> {
        self.picker.as_ref()
    }

    /// What is wrong with the query, if anything (an unknown facet key…).
    pub fn query_error(&self) -> Option<&str> {
        self.query.error()
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    pub fn selected_index(&self) -> usize {
        self.selected
    }

    pub fn selected_row(&self) -> Option<Row> {
        self.rows.get(self.selected).copied()
    }

    pub fn selected_dataset(&self) -> Option<&Dataset> {
        self.selected_row()?
            .dataset()
            .map(|d| &self.catalog.datasets[d])
    }

    pub fn tree_offset(&self) -> usize {
        self.tree_offset
    }

    pub fn detail_scroll(&self) -> usize {
        self.detail_scroll
    }

    pub fn is_collapsed(&self, category: usize) -> bool {
        self.collapsed.get(category).copied().unwrap_or(false)
    }

    /// Datasets matching the current query.
    pub fn match_count(&self) -> usize {
        self.hits.len()
    }

    /// (matching, total) members of a category.
    pub fn category_counts(&self, category: usize) -> (usize, usize) {
        (self.visible[category].len(), self.category_sizes[category])
    }

    /// Matching members of a category in display order: by score while
    /// filtering, else catalog order.
    pub fn visible_members(&self, category: usize) -> &[usize] {
        &self.visible[category]
    }

    /// Character positions of the query's match in a dataset's name.
    pub fn name_highlights(&self, dataset: usize) -> Vec<usize> {
        if self.query.is_empty() {
            return Vec::new();
        }
        self.index
            .name_highlights(dataset, &self.query, &mut self.matcher.borrow_mut())
    }

    pub fn areas(&self) -> Areas {
        layout::areas(self.size.0, self.size.1, self.focus)
    }

    // ----- updates -----

    pub fn update(&mut self, action: Action) -> Option<Effect> {
        if let Action::LinkChecked(result) = action {
            return self.link_checked(result);
        }
        if action == Action::ContinueSearch {
            self.continue_search();
            return None;
        }
        if self.picker.is_some() {
            return self.update_picker(action);
        }
        if self.show_help {
            // The overlay takes every key: `?`, Esc or q close it; the
            // movement keys scroll it on a short terminal.
            return match action {
                Action::ToggleHelp | Action::Escape => {
                    self.show_help = false;
                    self.help_scroll = 0;
                    None
                }
                Action::Up | Action::PageUp | Action::ScrollUp(..) => {
                    self.help_scroll = self.help_scroll.saturating_sub(3);
                    None
                }
                Action::Down | Action::PageDown | Action::ScrollDown(..) => {
                    let rows = crate::tui::ui::help::line_count();
                    let visible = usize::from(self.size.1.saturating_sub(2));
                    self.help_scroll = (self.help_scroll + 3).min(rows.saturating_sub(visible));
                    None
                }
                Action::Quit => {
                    self.quit = true;
                    None
                }
                Action::Resize(w, h) => {
                    self.resize(w, h);
                    None
                }
                _ => None,
            };
        }
        if self.typing {
            match action {
                Action::Type(c) => {
                    self.edit_query(|q| q.push(c));
                    return None;
                }
                Action::Paste(text) => {
                    let clean = sanitize::line(&text).replace(sanitize::REPLACEMENT, "");
                    self.edit_query(|q| q.push_str(&clean));
                    return None;
                }
                Action::Backspace => {
                    self.edit_query(|q| {
                        q.pop();
                    });
                    return None;
                }
                Action::Enter => {
                    self.typing = false;
                    return None;
                }
                _ => {}
            }
        }
        match action {
            Action::Up => self.move_by(-1),
            Action::Down => self.move_by(1),
            Action::Top => self.jump(0),
            Action::Bottom => self.jump(self.rows.len().saturating_sub(1)),
            Action::PageUp => self.page(-1),
            Action::PageDown => self.page(1),
            Action::Left => self.left(),
            Action::Right => self.right(),
            Action::Enter => self.right(),
            Action::SwitchFocus => {
                self.focus = match self.focus {
                    Focus::Tree => Focus::Detail,
                    Focus::Detail => Focus::Tree,
                }
            }
            Action::StartFilter => {
                self.typing = true;
                self.focus = Focus::Tree;
            }
            Action::Type(_) | Action::Paste(_) | Action::Backspace => {}
            Action::ClearQuery => self.edit_query(String::clear),
            Action::DeleteWord => self.edit_query(delete_word),
            Action::Escape => self.escape(),
            Action::CopyPrimary => return self.copy_link(0),
            Action::CopyNumbered(n) => {
                let n = n.saturating_sub(1);
                if self.selected_dataset().is_some_and(|d| n < d.urls.len()) {
                    self.link = n;
                }
                return self.copy_link(n);
            }
            Action::CopyAll => return self.copy_all(),
            Action::OpenPrimary => return self.open_primary(),
            Action::CopyCommand => return self.copy_command(),
            Action::CycleSort => {
                self.sort = self.sort.next();
                let row = self.selected_row();
                self.refilter(None);
                self.rebuild_rows();
                self.reselect(row);
                self.clamp_scrolls();
                self.status = Some(format!("Sorted by {}", self.sort.label()));
            }
            Action::OpenPicker => {
                self.picker = Some(Picker::open(self.query.text(), &self.catalog, &self.index));
            }
            Action::TogglePick => {}
            Action::Recheck => return self.recheck(),
            Action::ContinueSearch => self.continue_search(),
            Action::LinkChecked(result) => return self.link_checked(result),
            Action::ToggleHelp => self.show_help = true,
            Action::ToggleLang => {
                self.lang = self.lang.toggled();
                self.status = Some(match self.lang {
                    Lang::En => "Language: English".into(),
                    Lang::Zh => "语言：中文".into(),
                });
            }
            Action::Quit => self.quit = true,
            Action::Resize(w, h) => self.resize(w, h),
            Action::Click(x, y) => self.click(x, y),
            Action::ScrollUp(x, y) => self.wheel(x, y, -1),
            Action::ScrollDown(x, y) => self.wheel(x, y, 1),
        }
        None
    }

    /// What the edge reports back after performing an effect.
    pub fn set_status(&mut self, message: impl Into<String>) {
        self.status = Some(message.into());
    }

    fn resize(&mut self, w: u16, h: u16) {
        self.size = (w, h);
        self.clamp_scrolls();
    }

    fn edit_query(&mut self, edit: impl FnOnce(&mut String)) {
        let mut text = self.query.text().to_string();
        edit(&mut text);
        if text == self.query.text() {
            return;
        }
        let remembered = self.selected_row();
        let query = Query::parse(&text);
        let previous = std::mem::replace(&mut self.query, query);
        self.refilter(Some(&previous));
        self.rebuild_rows();
        if self.query.is_empty() {
            self.reselect(remembered);
        } else {
            self.select_best_match();
        }
        self.clamp_scrolls();
    }

    /// Follows the best match, where the eye goes while typing.
    fn select_best_match(&mut self) {
        let best = self.hits.first().map(|h| h.dataset);
        self.selected = best
            .and_then(|d| self.rows.iter().position(|r| r.dataset() == Some(d)))
            .or_else(|| self.rows.iter().position(|r| r.dataset().is_some()))
            .unwrap_or(0);
        self.detail_scroll = 0;
    }

    /// The next slice of an unfinished search: its hits join those shown.
    fn continue_search(&mut self) {
        let Some(mut pending) = self.pending.take() else {
            return;
        };
        let total = pending.work.len(self.index.len());
        let end = (pending.next + self.chunk).min(total);
        let more = self.run_slice(&pending.work, pending.next..end);
        pending.found.extend(more);
        pending
            .found
            .sort_by(|a, b| b.score.cmp(&a.score).then(a.dataset.cmp(&b.dataset)));
        pending.next = end;
        let hits = pending.found.clone();
        if end >= total {
            self.remember(hits.clone());
        } else {
            self.pending = Some(pending);
        }
        self.show_hits(hits);
        self.rebuild_rows();
        self.select_best_match();
        self.clamp_scrolls();
    }

    fn remember(&mut self, hits: Vec<Hit>) {
        let text = self.query.text().to_string();
        if !self.history.iter().any(|(typed, _)| *typed == text) {
            if self.history.len() >= HISTORY_LIMIT {
                self.history.remove(0);
            }
            self.history.push((text, hits));
        }
    }

    /// Shows `hits` (best first), in the current sort order.
    fn show_hits(&mut self, hits: Vec<Hit>) {
        self.hits = hits;
        search::sort_hits(&mut self.hits, self.sort, &self.catalog);
        self.visible.iter_mut().for_each(Vec::clear);
        for hit in &self.hits {
            for &c in &self.dataset_categories[hit.dataset] {
                self.visible[c].push(hit.dataset);
            }
        }
    }

    fn refilter(&mut self, previous: Option<&Query>) {
        // The hits of an unfinished search are partial: nothing may be
        // derived from them, so the new query is searched afresh.
        let previous = if self.pending.take().is_some() {
            None
        } else {
            previous
        };
        let text = self.query.text().to_string();
        // Only the results of prefixes of this query can be reused.
        self.history
            .retain(|(typed, _)| text.starts_with(typed.as_str()));
        let remembered = self
            .history
            .iter()
            .rev()
            .find(|(typed, _)| *typed == text)
            .map(|(_, hits)| hits.clone());
        if let Some(hits) = remembered {
            // Backspace, or Esc after narrowing: already computed.
            self.show_hits(hits);
            return;
        }
        let extension = previous.and_then(|previous| self.query.extends(previous));
        let work = match (extension, previous) {
            (Some(extension), _) => Work::Extend(std::mem::take(&mut self.hits), extension),
            (None, Some(previous)) if self.query.narrows(previous) => {
                Work::Among(self.hits.iter().map(|h| h.dataset).collect())
            }
            _ => Work::All,
        };
        let total = work.len(self.index.len());
        // A search over more datasets than one slice is done a slice per
        // frame: the keystroke is answered at once with the first slice's
        // hits, the rest follow (`ContinueSearch`) while no key is waiting.
        let end = if self.query.is_empty() {
            total
        } else {
            total.min(self.chunk)
        };
        let hits = self.run_slice(&work, 0..end);
        if end < total {
            self.pending = Some(PendingSearch {
                work,
                next: end,
                found: hits.clone(),
            });
        } else {
            self.remember(hits.clone());
        }
        self.show_hits(hits);
    }

    /// Searches part of `work`: candidates `range` of it.
    fn run_slice(&self, work: &Work, range: std::ops::Range<usize>) -> Vec<Hit> {
        let mut matcher = self.matcher.borrow_mut();
        match work {
            Work::All if range.len() == self.index.len() => {
                self.index.search(&self.query, &mut matcher)
            }
            Work::All => self.index.search_among(&self.query, range, &mut matcher),
            Work::Among(candidates) => self.index.search_among(
                &self.query,
                candidates[range].iter().copied(),
                &mut matcher,
            ),
            Work::Extend(base, extension) => {
                self.index
                    .extend(&self.query, &base[range], *extension, &mut matcher)
            }
        }
    }

    fn rebuild_rows(&mut self) {
        let filtering = !self.query.is_empty();
        let mut rows = Vec::new();
        for category in 0..self.catalog.categories.len() {
            let visible = self.visible_members(category);
            if filtering && visible.is_empty() {
                continue;
            }
            rows.push(Row::Category(category));
            if !self.collapsed[category] {
                rows.extend(
                    visible
                        .iter()
                        .map(|&dataset| Row::Dataset { category, dataset }),
                );
            }
        }
        self.rows = rows;
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
    }

    /// Selects `row` again after the tree changed, or the nearest thing to it.
    fn reselect(&mut self, row: Option<Row>) {
        let Some(row) = row else { return };
        self.selected = self
            .rows
            .iter()
            .position(|r| *r == row)
            .or_else(|| {
                self.rows
                    .iter()
                    .position(|r| *r == Row::Category(row.category()))
            })
            .unwrap_or(0);
    }

    fn move_by(&mut self, delta: isize) {
        if self.focus == Focus::Detail && !self.typing {
            self.scroll_detail(delta);
            return;
        }
        let target = self.selected.saturating_add_signed(delta);
        self.select(target.min(self.rows.len().saturating_sub(1)));
    }

    fn jump(&mut self, row: usize) {
        if self.focus == Focus::Detail && !self.typing {
            self.detail_scroll = if row == 0 { 0 } else { usize::MAX };
            self.clamp_scrolls();
            return;
        }
        self.select(row);
    }

    fn page(&mut self, direction: isize) {
        let areas = self.areas();
        if self.focus == Focus::Detail && !self.typing {
            let step = areas.detail_body.height.saturating_sub(1).max(1) as isize;
            self.scroll_detail(direction * step);
        } else {
            let step = areas.tree_body.height.saturating_sub(1).max(1) as isize;
            let target = self.selected.saturating_add_signed(direction * step);
            self.select(target.min(self.rows.len().saturating_sub(1)));
        }
    }

    fn select(&mut self, row: usize) {
        if row != self.selected {
            self.selected = row;
            self.detail_scroll = 0;
            self.link = 0;
        }
        self.clamp_scrolls();
    }

    fn scroll_detail(&mut self, delta: isize) {
        self.detail_scroll = self.detail_scroll.saturating_add_signed(delta);
        self.clamp_scrolls();
    }

    fn left(&mut self) {
        if self.focus == Focus::Detail {
            self.focus = Focus::Tree;
            return;
        }
        match self.selected_row() {
            Some(Row::Category(c)) => self.set_collapsed(c, true),
            Some(Row::Dataset { category, .. }) => {
                if let Some(at) = self.rows.iter().position(|r| *r == Row::Category(category)) {
                    self.select(at);
                }
            }
            None => {}
        }
    }

    fn right(&mut self) {
        match self.selected_row() {
            Some(Row::Category(c)) => {
                let collapsed = self.is_collapsed(c);
                self.set_collapsed(c, !collapsed);
            }
            Some(Row::Dataset { .. }) => self.focus = Focus::Detail,
            None => {}
        }
    }

    fn set_collapsed(&mut self, category: usize, collapsed: bool) {
        if self.collapsed[category] == collapsed {
            return;
        }
        let row = self.selected_row();
        self.collapsed[category] = collapsed;
        self.rebuild_rows();
        self.reselect(row);
        self.clamp_scrolls();
    }

    fn escape(&mut self) {
        if self.typing || !self.query.is_empty() {
            self.typing = false;
            self.edit_query(String::clear);
        } else if self.focus == Focus::Detail {
            self.focus = Focus::Tree;
        } else if self.status.is_some() {
            self.status = None;
        } else {
            self.quit = true;
        }
    }

    fn copy_link(&mut self, n: usize) -> Option<Effect> {
        let Some(dataset) = self.selected_dataset() else {
            self.status = Some("Select a dataset to copy its link".into());
            return None;
        };
        let Some(link) = dataset.urls.get(n) else {
            let count = dataset.urls.len();
            self.status = Some(format!(
                "No link [{}]: {} has {count} link{}",
                n + 1,
                sanitize::line(&dataset.name),
                if count == 1 { "" } else { "s" }
            ));
            return None;
        };
        Some(Effect::Copy {
            text: link.url.clone(),
            what: link.url.clone(),
        })
    }

    fn copy_all(&mut self) -> Option<Effect> {
        let Some(dataset) = self.selected_dataset() else {
            self.status = Some("Select a dataset to copy its links".into());
            return None;
        };
        let text = dataset
            .urls
            .iter()
            .map(|l| l.url.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        let what = format!(
            "{} links of {}",
            dataset.urls.len(),
            sanitize::line(&dataset.name)
        );
        Some(Effect::Copy { text, what })
    }

    fn open_primary(&mut self) -> Option<Effect> {
        let Some(dataset) = self.selected_dataset() else {
            self.status = Some("Select a dataset to open its link".into());
            return None;
        };
        let url = dataset.primary_url()?.to_string();
        Some(Effect::Open(url))
    }

    fn copy_command(&mut self) -> Option<Effect> {
        let Some(dataset) = self.selected_dataset() else {
            self.status = Some("Select a dataset to copy a download command".into());
            return None;
        };
        let link = dataset.urls.get(self.link).or(dataset.urls.first())?;
        let number = self.link.min(dataset.urls.len() - 1) + 1;
        let plan = download::for_url(dataset, &link.url);
        match plan.command {
            Some(command) => Some(Effect::Copy {
                text: command,
                what: format!("the command for [{number}]"),
            }),
            None => {
                self.status = Some(format!("[{number}] has no download command: {}", plan.note));
                None
            }
        }
    }

    fn recheck(&mut self) -> Option<Effect> {
        if self.checking > 0 {
            self.status = Some(format!("Still checking {} links...", self.checking));
            return None;
        }
        let Some(dataset) = self.selected_dataset() else {
            self.status = Some("Select a dataset to check its links".into());
            return None;
        };
        let urls: Vec<String> = dataset.urls.iter().map(|l| l.url.clone()).collect();
        let mut unique = urls.clone();
        unique.sort();
        unique.dedup();
        let message = format!(
            "Checking {} links of {}...",
            unique.len(),
            sanitize::line(&dataset.name)
        );
        self.checking = unique.len();
        self.checked.clear();
        self.status = Some(message);
        Some(Effect::CheckLinks(urls))
    }

    /// A result of the background check: shown at once, remembered unless
    /// every link of the batch was unreachable (the machine is offline).
    fn link_checked(&mut self, result: UrlResult) -> Option<Effect> {
        if self.checking == 0 {
            return None;
        }
        self.checking -= 1;
        self.now = self.now.max(result.status.checked_at);
        if result.attempted && !result.unreachable {
            self.links.insert(result.url.clone(), result.status.clone());
        }
        self.checked.push(result);
        if self.checking > 0 {
            self.status = Some(format!("Checking links... {} to go", self.checking));
            return None;
        }
        let batch = std::mem::take(&mut self.checked);
        if batch.iter().all(|r| r.unreachable) {
            self.status =
                Some("No network: could not reach any host; nothing was remembered".into());
            return None;
        }
        for r in batch.iter().filter(|r| r.attempted && r.unreachable) {
            self.links.insert(r.url.clone(), r.status.clone());
        }
        let count = |wanted: Status| batch.iter().filter(|r| r.status.status == wanted).count();
        let summary: Vec<String> = Status::ALL
            .iter()
            .map(|&st| (st, count(st)))
            .filter(|(_, n)| *n > 0)
            .map(|(st, n)| format!("{n} {st}"))
            .collect();
        self.status = Some(format!(
            "Checked {} links: {}",
            batch.len(),
            summary.join(", ")
        ));
        Some(Effect::SaveLinks)
    }

    fn update_picker(&mut self, action: Action) -> Option<Effect> {
        let picker = self.picker.as_mut()?;
        let page = self.size.1.saturating_sub(8).max(1) as isize;
        match action {
            Action::Up => picker.move_by(-1),
            Action::Down => picker.move_by(1),
            Action::PageUp => picker.move_by(-page),
            Action::PageDown => picker.move_by(page),
            Action::Top => picker.jump_to_end(false),
            Action::Bottom => picker.jump_to_end(true),
            Action::TogglePick => picker.toggle(&self.catalog, &self.index),
            Action::Enter => {
                let draft = picker.draft().to_string();
                self.picker = None;
                self.edit_query(|q| *q = draft);
            }
            Action::Escape | Action::OpenPicker => self.picker = None,
            Action::Quit => self.quit = true,
            Action::Resize(w, h) => self.resize(w, h),
            _ => {}
        }
        None
    }

    fn click(&mut self, x: u16, y: u16) {
        let areas = self.areas();
        if areas.tree_body.contains_point(x, y) {
            self.focus = Focus::Tree;
            let row = self.tree_offset + usize::from(y - areas.tree_body.y);
            if row < self.rows.len() {
                if row == self.selected {
                    // A click on the selected category toggles it, like Enter.
                    if let Some(Row::Category(c)) = self.selected_row() {
                        let collapsed = self.is_collapsed(c);
                        self.set_collapsed(c, !collapsed);
                    }
                } else {
                    self.select(row);
                }
            }
        } else if areas.detail.contains_point(x, y) && self.selected_dataset().is_some() {
            self.focus = Focus::Detail;
        }
    }

    fn wheel(&mut self, x: u16, y: u16, direction: isize) {
        let areas = self.areas();
        let step = direction * WHEEL_STEP as isize;
        if areas.detail.contains_point(x, y) {
            self.scroll_detail(step);
        } else if areas.tree.contains_point(x, y) {
            let target = self.selected.saturating_add_signed(step);
            self.select(target.min(self.rows.len().saturating_sub(1)));
        }
    }

    /// Keeps the selection on screen and the detail scroll within its text.
    fn clamp_scrolls(&mut self) {
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
        let areas = self.areas();
        let height = usize::from(areas.tree_body.height).max(1);
        if self.selected < self.tree_offset {
            self.tree_offset = self.selected;
        } else if self.selected >= self.tree_offset + height {
            self.tree_offset = self.selected + 1 - height;
        }
        let max_offset = self.rows.len().saturating_sub(height);
        self.tree_offset = self.tree_offset.min(max_offset);
        let content = crate::tui::ui::detail::line_count(self, areas.detail_body.width);
        let max_scroll = content.saturating_sub(usize::from(areas.detail_body.height));
        self.detail_scroll = self.detail_scroll.min(max_scroll);
    }
}

/// `Ctrl-w`: drop trailing spaces, then the word before them.
fn delete_word(text: &mut String) {
    let trimmed = text.trim_end_matches(' ').len();
    text.truncate(trimmed);
    let cut = text.rfind(' ').map_or(0, |i| i + 1);
    text.truncate(cut);
}

trait ContainsPoint {
    fn contains_point(&self, x: u16, y: u16) -> bool;
}

impl ContainsPoint for ratatui::layout::Rect {
    fn contains_point(&self, x: u16, y: u16) -> bool {
        x >= self.x && x < self.right() && y >= self.y && y < self.bottom()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app() -> App {
        App::new(Catalog::embedded(), Lang::En, (120, 35))
    }

    fn type_text(app: &mut App, text: &str) {
        app.update(Action::StartFilter);
        for c in text.chars() {
            app.update(Action::Type(c));
        }
    }

    fn selected_id(app: &App) -> Option<String> {
        app.selected_dataset().map(|d| d.id.clone())
    }

    #[test]
    fn starts_expanded_on_the_first_dataset() {
        let app = app();
        assert_eq!(app.rows()[0], Row::Category(0));
        assert_eq!(selected_id(&app).as_deref(), Some("chatdoctor"));
        assert_eq!(app.match_count(), 40);
        // 5 category rows + 41 memberships.
        assert_eq!(app.rows().len(), 46);
        assert_eq!(app.category_counts(1), (21, 21));
    }

    #[test]
    fn a_dataset_in_two_categories_appears_under_both() {
        let app = app();
        let mimic = app
            .catalog()
            .datasets
            .iter()
            .position(|d| d.id == "mimic-cxr")
            .unwrap();
        let rows: Vec<_> = app
            .rows()
            .iter()
            .filter(|r| r.dataset() == Some(mimic))
            .collect();
        assert_eq!(rows.len(), 2);
    }

    #[test]
    fn moving_stays_in_bounds() {
        let mut app = app();
        app.update(Action::Up);
        app.update(Action::Up);
        assert_eq!(app.selected_index(), 0);
        app.update(Action::Bottom);
        assert_eq!(app.selected_index(), 45);
        app.update(Action::Down);
        assert_eq!(app.selected_index(), 45);
        app.update(Action::Top);
        assert_eq!(app.selected_index(), 0);
        app.update(Action::PageDown);
        assert!(app.selected_index() > 10);
        app.update(Action::PageUp);
        assert_eq!(app.selected_index(), 0);
    }

    #[test]
    fn typing_filters_live_and_selects_the_best_match() {
        let mut app = app();
        type_text(&mut app, "vqa-rad");
        assert!(app.is_typing());
        assert_eq!(app.query(), "vqa-rad");
        assert_eq!(selected_id(&app).as_deref(), Some("vqa-rad"));
        assert!(app.match_count() < 40);
        // Categories without matches are hidden; the rest show counts.
        assert!(app.rows().iter().all(|r| {
            let (matching, _) = app.category_counts(r.category());
            matching > 0
        }));
        app.update(Action::Enter);
        assert!(!app.is_typing());
        assert_eq!(app.query(), "vqa-rad", "Enter keeps the filter");
    }

    #[test]
    fn letters_are_text_while_typing_and_commands_otherwise() {
        let mut app = app();
        type_text(&mut app, "q");
        assert!(!app.should_quit());
        assert_eq!(app.query(), "q");
        app.update(Action::Enter);
        app.update(Action::Quit);
        assert!(app.should_quit());
    }

    #[test]
    fn escape_clears_then_closes_then_quits() {
        let mut app = app();
        type_text(&mut app, "ct");
        app.update(Action::Escape);
        assert_eq!(app.query(), "");
        assert!(!app.is_typing());
        assert_eq!(app.match_count(), 40);
        assert!(!app.should_quit());
        app.update(Action::Escape);
        assert!(app.should_quit());
    }

    #[test]
    fn clearing_the_filter_keeps_the_selected_dataset() {
        let mut app = app();
        type_text(&mut app, "slake");
        assert_eq!(selected_id(&app).as_deref(), Some("slake"));
        app.update(Action::Escape);
        assert_eq!(selected_id(&app).as_deref(), Some("slake"));
    }

    #[test]
    fn backspace_ctrl_u_and_ctrl_w_edit_the_query() {
        let mut app = app();
        type_text(&mut app, "chest ct");
        app.update(Action::Backspace);
        assert_eq!(app.query(), "chest c");
        app.update(Action::DeleteWord);
        assert_eq!(app.query(), "chest ");
        app.update(Action::DeleteWord);
        assert_eq!(app.query(), "");
        type_text(&mut app, "abc");
        app.update(Action::ClearQuery);
        assert_eq!(app.query(), "");
        assert_eq!(app.match_count(), 40);
    }

    #[test]
    fn backspace_after_narrowing_restores_every_match() {
        let mut app = app();
        type_text(&mut app, "vqa");
        let broad = app.match_count();
        type_text(&mut app, " rad");
        for _ in 0..4 {
            app.update(Action::Backspace);
        }
        assert_eq!(app.match_count(), broad);
    }

    #[test]
    fn arrows_move_while_typing() {
        let mut app = app();
        type_text(&mut app, "vindr");
        let first = app.selected_index();
        app.update(Action::Down);
        assert_eq!(app.selected_index(), first + 1);
        assert!(app.is_typing());
    }

    #[test]
    fn collapse_and_expand_categories() {
        let mut app = app();
        app.update(Action::Left); // dataset -> its category
        assert_eq!(app.selected_row(), Some(Row::Category(0)));
        app.update(Action::Left); // collapse
        assert!(app.is_collapsed(0));
        assert_eq!(app.rows()[1], Row::Category(1));
        app.update(Action::Right); // expand
        assert!(!app.is_collapsed(0));
        app.update(Action::Enter); // toggle
        assert!(app.is_collapsed(0));
    }

    #[test]
    fn entering_a_dataset_focuses_the_detail_panel_and_jk_scroll_it() {
        let mut app = App::new(Catalog::embedded(), Lang::En, (80, 12));
        app.update(Action::Enter);
        assert_eq!(app.focus(), Focus::Detail);
        let row = app.selected_index();
        app.update(Action::Down);
        assert_eq!(app.selected_index(), row, "j scrolls, does not move");
        assert_eq!(app.detail_scroll(), 1);
        app.update(Action::Bottom);
        let bottom = app.detail_scroll();
        assert!(bottom > 1);
        app.update(Action::Down);
        assert_eq!(app.detail_scroll(), bottom, "clamped at the end");
        app.update(Action::Top);
        assert_eq!(app.detail_scroll(), 0);
        app.update(Action::SwitchFocus);
        assert_eq!(app.focus(), Focus::Tree);
    }

    #[test]
    fn copy_actions_return_effects() {
        let mut app = app();
        type_text(&mut app, "vqa-rad");
        app.update(Action::Enter);
        assert_eq!(
            app.update(Action::CopyPrimary),
            Some(Effect::Copy {
                text: "https://huggingface.co/datasets/flaviagiammarino/vqa-rad".into(),
                what: "https://huggingface.co/datasets/flaviagiammarino/vqa-rad".into(),
            })
        );
        let Some(Effect::Copy { text, .. }) = app.update(Action::CopyNumbered(2)) else {
            panic!()
        };
        assert_eq!(text, "https://osf.io/89kps/");
        let Some(Effect::Copy { text, .. }) = app.update(Action::CopyAll) else {
            panic!()
        };
        assert_eq!(text.lines().count(), 3);
        assert_eq!(app.update(Action::CopyNumbered(9)), None);
        assert!(app.status().unwrap().contains("No link [9]"));
        assert_eq!(
            app.update(Action::OpenPrimary),
            Some(Effect::Open(
                "https://huggingface.co/datasets/flaviagiammarino/vqa-rad".into()
            ))
        );
    }

    #[test]
    fn copy_on_a_category_explains_itself() {
        let mut app = app();
        app.update(Action::Top);
        assert_eq!(app.update(Action::CopyPrimary), None);
        assert!(app.status().unwrap().contains("Select a dataset"));
    }

    #[test]
    fn help_overlay_takes_keys_until_closed() {
        let mut app = app();
        app.update(Action::ToggleHelp);
        assert!(app.show_help());
        let row = app.selected_index();
        app.update(Action::Down);
        assert_eq!(app.selected_index(), row);
        app.update(Action::Escape);
        assert!(!app.show_help());
        assert!(!app.should_quit());
    }

    #[test]
    fn language_toggles() {
        let mut app = app();
        app.update(Action::ToggleLang);
        assert_eq!(app.lang(), Lang::Zh);
        app.update(Action::ToggleLang);
        assert_eq!(app.lang(), Lang::En);
    }

    #[test]
    fn chinese_query_finds_nlm_tb() {
        let mut app = app();
        type_text(&mut app, "结核");
        assert_eq!(selected_id(&app).as_deref(), Some("nlm-tb"));
    }

    #[test]
    fn mouse_click_selects_and_wheel_scrolls() {
        let mut app = app();
        let areas = app.areas();
        app.update(Action::Click(areas.tree_body.x + 2, areas.tree_body.y + 3));
        assert_eq!(app.selected_index(), 3);
        app.update(Action::ScrollDown(areas.detail.x + 2, areas.detail.y + 2));
        assert_eq!(
            app.selected_index(),
            3,
            "wheel over the detail scrolls the detail"
        );
        app.update(Action::ScrollDown(areas.tree.x + 2, areas.tree.y + 2));
        assert_eq!(app.selected_index(), 6);
        app.update(Action::Click(areas.detail.x + 2, areas.detail.y + 2));
        assert_eq!(app.focus(), Focus::Detail);
    }

    #[test]
    fn paste_is_sanitized_into_the_query() {
        let mut app = app();
        app.update(Action::StartFilter);
        app.update(Action::Paste("vqa\u{1b}[2J\nrad".into()));
        assert_eq!(app.query(), "vqa[2J rad");
    }

    #[test]
    fn selection_follows_resize() {
        let mut app = app();
        app.update(Action::Bottom);
        app.update(Action::Resize(40, 8));
        let height = usize::from(app.areas().tree_body.height);
        assert!(app.selected_index() < app.tree_offset() + height.max(1));
        app.update(Action::Resize(1, 1));
        app.update(Action::Resize(0, 0));
        app.update(Action::Down);
    }

    #[test]
    fn c_copies_the_command_of_the_current_link() {
        let mut app = app();
        type_text(&mut app, "vqa-rad");
        app.update(Action::Enter);
        let Some(Effect::Copy { text, .. }) = app.update(Action::CopyCommand) else {
            panic!("c copies")
        };
        assert!(
            text.starts_with("hf download flaviagiammarino/vqa-rad --repo-type dataset"),
            "{text}"
        );
        app.update(Action::CopyNumbered(3));
        assert_eq!(app.current_link(), 2);
        assert_eq!(
            app.update(Action::CopyCommand),
            None,
            "a paper link has no command"
        );
        assert!(
            app.status()
                .unwrap()
                .contains("[3] has no download command"),
            "{:?}",
            app.status()
        );
        app.update(Action::CopyNumbered(9));
        assert_eq!(
            app.current_link(),
            2,
            "a missing number does not move the marker"
        );
        app.update(Action::Up);
        app.update(Action::Down);
        assert_eq!(app.current_link(), 0, "a new selection starts at [1]");
    }

    #[test]
    fn s_cycles_the_sort_order_within_categories() {
        let mut app = app();
        app.update(Action::CycleSort);
        assert_eq!(app.sort(), SortOrder::Name);
        let names: Vec<String> = app
            .visible_members(0)
            .iter()
            .map(|&d| app.catalog().datasets[d].name.to_lowercase())
            .collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted);
        for _ in 0..3 {
            app.update(Action::CycleSort);
        }
        assert_eq!(app.sort(), SortOrder::Relevance);
    }

    #[test]
    fn the_facet_picker_edits_the_query() {
        let mut app = app();
        app.update(Action::OpenPicker);
        assert!(app.picker().is_some());
        app.update(Action::Down);
        app.update(Action::TogglePick);
        let draft = app.picker().unwrap().draft().to_string();
        assert!(draft.starts_with("m:"), "{draft}");
        assert_eq!(app.query(), "", "nothing applies before Enter");
        app.update(Action::Enter);
        assert!(app.picker().is_none());
        assert_eq!(app.query(), draft);
        assert!(app.match_count() < 40);
        app.update(Action::OpenPicker);
        app.update(Action::Escape);
        assert!(app.picker().is_none());
        assert_eq!(app.query(), draft, "Esc cancels the picker only");
    }

    #[test]
    fn facet_errors_are_reported_not_ignored() {
        let mut app = app();
        type_text(&mut app, "mod:ct");
        assert!(
            app.query_error().is_some_and(|e| e.contains("modality")),
            "{:?}",
            app.query_error()
        );
        app.update(Action::ClearQuery);
        type_text(&mut app, "m:ct a:open");
        assert_eq!(app.query_error(), None);
        for id in app.rows().iter().filter_map(|r| r.dataset()) {
            let d = &app.catalog().datasets[id];
            assert!(
                d.modalities
                    .iter()
                    .any(|m| m.to_lowercase().starts_with("ct"))
            );
            assert_eq!(d.access, crate::catalog::Access::Open);
        }
    }

    fn result(url: &str, status: Status, unreachable: bool) -> UrlResult {
        UrlResult {
            url: url.into(),
            status: LinkStatus {
                status,
                http: Some(if status == Status::Broken { 404 } else { 200 }),
                final_url: None,
                moved_to: None,
                detail: None,
                checked_at: 1_000,
            },
            chain: Vec::new(),
            attempted: true,
            unreachable,
        }
    }

    #[test]
    fn r_checks_in_the_background_and_remembers_results() {
        let mut app = app();
        type_text(&mut app, "vqa-rad");
        app.update(Action::Enter);
        let Some(Effect::CheckLinks(urls)) = app.update(Action::Recheck) else {
            panic!("r starts a check")
        };
        assert_eq!(urls.len(), 3);
        assert_eq!(app.links_pending(), 3);
        assert_eq!(app.update(Action::Recheck), None, "one check at a time");
        assert_eq!(
            app.update(Action::LinkChecked(result(&urls[0], Status::Ok, false))),
            None
        );
        assert!(
            app.link_status(&urls[0]).is_some(),
            "shown as soon as it arrives"
        );
        app.update(Action::LinkChecked(result(&urls[1], Status::Broken, false)));
        let last = app.update(Action::LinkChecked(result(&urls[2], Status::Ok, false)));
        assert_eq!(last, Some(Effect::SaveLinks));
        assert_eq!(app.status(), Some("Checked 3 links: 2 ok, 1 broken"));
        let vqa = app
            .catalog()
            .datasets
            .iter()
            .position(|d| d.id == "vqa-rad")
            .unwrap();
        assert!(app.has_broken_link(vqa));
        assert_eq!(app.links_pending(), 0);
    }

    #[test]
    fn an_offline_check_remembers_nothing() {
        let mut app = app();
        let Some(Effect::CheckLinks(urls)) = app.update(Action::Recheck) else {
            panic!("r starts a check")
        };
        let mut last = None;
        for url in &urls {
            last = app.update(Action::LinkChecked(result(url, Status::Broken, true)));
        }
        assert_eq!(last, None, "nothing to save");
        assert!(app.status().unwrap().starts_with("No network"));
        assert!(urls.iter().all(|u| app.link_status(u).is_none()));
    }

    #[test]
    fn a_large_search_is_done_in_slices_and_ends_like_a_whole_one() {
        let catalog = Catalog::embedded();
        let index = Index::new(&catalog);
        let full: Vec<usize> = index
            .search(&Query::parse("ct"), &mut search::new_matcher())
            .iter()
            .map(|h| h.dataset)
            .collect();
        let mut app = App::new(catalog, Lang::En, (120, 35)).with_search_chunk(7);
        type_text(&mut app, "c");
        assert_eq!(app.search_progress(), Some((7, 40)), "the first slice only");
        // A key while the search runs starts the new query afresh.
        app.update(Action::Type('t'));
        assert_eq!(app.search_progress(), Some((7, 40)));
        let mut steps = 0;
        while app.search_progress().is_some() {
            app.update(Action::ContinueSearch);
            steps += 1;
        }
        assert_eq!(steps, 5);
        let shown: Vec<usize> = app.hits.iter().map(|h| h.dataset).collect();
        assert_eq!(shown, full);
        assert_eq!(
            selected_id(&app).as_deref(),
            Some(app.catalog().datasets[full[0]].id.as_str())
        );
        // Finished results are remembered; interrupted ones are not.
        app.update(Action::Backspace);
        assert!(app.search_progress().is_some(), "\"c\" was never finished");
        while app.search_progress().is_some() {
            app.update(Action::ContinueSearch);
        }
        // Then "ct" narrows "c": only its hits are scored, still in slices.
        app.update(Action::Type('t'));
        while app.search_progress().is_some() {
            app.update(Action::ContinueSearch);
        }
        let shown: Vec<usize> = app.hits.iter().map(|h| h.dataset).collect();
        assert_eq!(shown, full);
        // Backspace to "c" and forward again: both remembered now.
        app.update(Action::Backspace);
        assert_eq!(app.search_progress(), None, "\"c\" is remembered");
    }

    #[test]
    fn delete_word_rules() {
        let cases = [
            ("a b", "a "),
            ("a b  ", "a "),
            ("ab", ""),
            ("", ""),
            ("a ", ""),
        ];
        for (before, after) in cases {
            let mut text = before.to_string();
            delete_word(&mut text);
            assert_eq!(text, after, "{before:?}");
        }
    }
}
