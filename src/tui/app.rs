//! The TUI's state and every change to it.
//!
//! `App::update` takes an [`Action`] and returns what the outside world must
//! do, if anything, as an [`Effect`] (copy text, open a URL). It performs no
//! I/O and imports no drawing code: where panes are on screen and how much
//! text they hold is what the last frame reported ([`Drawn`]), as a pane
//! remembers where it was drawn. So every behaviour here is tested without
//! a terminal; the event loop in `tui/mod.rs` maps keys to actions, carries
//! out effects and hands each frame's geometry back.

mod marks;
mod related;

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use ratatui::layout::Rect;

use super::action::{Action, Effect, Focus, Mode};
use super::outline::{Outline, Row, Rows};
use super::picker::Picker;
use crate::catalog::{Catalog, Dataset};
use crate::lang::Lang;
use crate::links::batch::{self, Batch};
use crate::links::cache::{LinkCache, LinkStatus, Status};
use crate::links::check::UrlResult;
use crate::sanitize;
use crate::search::session::Session;
use crate::search::{self, Lexicon, SharedIndex, SortOrder};
use crate::shortlist::Shortlist;

/// How many lines a mouse wheel step scrolls.
const WHEEL_STEP: usize = 3;

/// What the last frame showed, as drawing reports it: where the panes were
/// and where their scrolling ended up. Keys that page or scroll, and mouse
/// clicks, are answered from it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Drawn {
    /// The tree pane with its border, and the rows inside it.
    pub tree: Rect,
    pub tree_body: Rect,
    /// The detail pane with its border, and the text inside it.
    pub detail: Rect,
    pub detail_body: Rect,
    /// The first tree row on screen.
    pub tree_offset: usize,
    /// The first detail line on screen, and the last line it can start at.
    pub detail_scroll: usize,
    pub detail_max_scroll: usize,
    /// The first line of the help overlay on screen, and its largest value.
    pub help_scroll: usize,
    pub help_max_scroll: usize,
}

pub struct App {
    /// Shared with the thread that finishes the index after start-up.
    catalog: Arc<Catalog>,
    session: Session,
    outline: Outline,
    lang: Lang,
    typing: bool,
    focus: Focus,
    show_help: bool,
    help_scroll: usize,
    status: Option<String>,
    size: (u16, u16),
    quit: bool,
    /// The link of the detail panel that `c` acts on (0-based).
    link: usize,
    picker: Option<Picker>,
    /// What the last link checks found, by URL.
    links: LinkCache,
    /// Unix time the ages of link checks are measured from.
    now: u64,
    /// The link check in flight.
    checking: Batch,
    /// The tree row wanted at the top of the pane; drawing moves it to keep
    /// the selection in view.
    tree_offset: usize,
    /// The detail line wanted at the top; drawing clamps it to the text.
    detail_scroll: usize,
    drawn: Drawn,
    /// The corrected query offered when the current one finds only weak
    /// matches, and the words corrections may use (built when first needed).
    suggestion: Option<String>,
    /// The words a correction may use: gathered by the start-up thread
    /// after the summary filters, or by the first weak query before then.
    lexicon: Arc<OnceLock<Lexicon>>,
    /// The compare view: its first column and first row on screen.
    compare: Option<(usize, usize)>,
    /// The marked datasets, kept as the user's shortlist.
    marks: Shortlist,
    /// `M`: the tree shows the marked datasets only.
    only_marked: bool,
    /// How many datasets of the catalog are marked.
    marked_count: usize,
    /// Datasets `]` left, most recent last; `[` returns to them.
    came_from: Vec<usize>,
    /// Per dataset, which of its related datasets `]` goes to next.
    next_related: HashMap<usize, usize>,
}

impl App {
    pub fn new(catalog: Catalog, lang: Lang, size: (u16, u16)) -> App {
        let catalog = Arc::new(catalog);
        // Built after the first frame (`background_indexing`), which shows
        // every dataset and needs no search text, or by the first search.
        let index = Arc::new(SharedIndex::new(Arc::clone(&catalog)));
        let session = Session::new(index, &catalog);
        let mut outline = Outline::new(&catalog);
        outline.show(session.hits().iter().map(|h| h.dataset), false);
        // All categories in view, the first one open (see the README's
        // "The browser" for why).
        outline.fold_all_but_the_first();
        // The first screen shows a full detail panel: select the first dataset.
        if let Some(first) = outline.first_dataset_row() {
            outline.select(first);
        }
        App {
            catalog,
            session,
            outline,
            lang,
            typing: false,
            focus: Focus::Tree,
            show_help: false,
            help_scroll: 0,
            status: None,
            size,
            quit: false,
            link: 0,
            picker: None,
            links: LinkCache::default(),
            now: 0,
            checking: Batch::default(),
            tree_offset: 0,
            detail_scroll: 0,
            drawn: Drawn::default(),
            suggestion: None,
            lexicon: Arc::default(),
            compare: None,
            marks: Shortlist::default(),
            only_marked: false,
            marked_count: 0,
            came_from: Vec::new(),
            next_related: HashMap::new(),
        }
    }

    /// Search every dataset in slices of `chunk` (tests use small ones).
    pub fn with_search_chunk(mut self, chunk: usize) -> App {
        self.session =
            Session::new(Arc::clone(self.session.index()), &self.catalog).with_chunk(chunk);
        self
    }

    /// Start with the marks of `shortlist` (and save changes to its file).
    pub fn with_shortlist(mut self, shortlist: Shortlist) -> App {
        self.marks = shortlist;
        self.count_marks();
        self
    }

    /// Recounts the marks this catalog has; the status line shows the
    /// count on every frame, so it is kept rather than counted there.
    pub(super) fn count_marks(&mut self) {
        self.marked_count = self
            .catalog
            .datasets
            .iter()
            .filter(|d| self.marks.contains(&d.id))
            .count();
    }

    pub fn marks(&self) -> &Shortlist {
        &self.marks
    }

    pub fn is_marked(&self, dataset: usize) -> bool {
        self.catalog
            .datasets
            .get(dataset)
            .is_some_and(|d| self.marks.contains(&d.id))
    }

    /// How many of the marks name a dataset of this catalog.
    pub fn marked_count(&self) -> usize {
        self.marked_count
    }

    pub fn only_marked(&self) -> bool {
        self.only_marked
    }

    /// The compare view's first column and row, when it is open.
    pub fn compare_view(&self) -> Option<(usize, usize)> {
        self.compare
    }

    /// What `=` compares: the marked datasets, or the selected one.
    pub fn compared(&self) -> Vec<&Dataset> {
        self.targets()
    }

    /// Show link statuses from `links`, with ages measured from `now`.
    pub fn with_links(mut self, links: LinkCache, now: u64) -> App {
        self.links = links;
        self.now = now;
        self
    }

    // ----- read access for drawing and tests -----

    /// What keys mean now.
    pub fn mode(&self) -> Mode {
        if self.picker.is_some() {
            Mode::Picker
        } else if self.compare.is_some() {
            Mode::Compare
        } else if self.show_help {
            Mode::Help
        } else if self.typing {
            Mode::Typing
        } else {
            match self.focus {
                Focus::Tree => Mode::Tree,
                Focus::Detail => Mode::Detail,
            }
        }
    }

    /// First line of the help overlay wanted on screen.
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

    /// The work that builds the search index after the first frame: each
    /// dataset's search text (a key typed meanwhile is answered at once and
    /// searched once it is there), then the summary filters, which only
    /// make later searches faster. The caller runs it on a thread of its
    /// own; results are the same before, during and after.
    pub fn background_indexing(&self) -> impl FnOnce() + Send + 'static {
        let index = Arc::clone(self.session.index());
        // Keys typed before it is built are answered at once and searched
        // when it is (see `Session`).
        index.handed_over();
        let catalog = Arc::clone(&self.catalog);
        let lexicon = Arc::clone(&self.lexicon);
        move || {
            index.get().add_prose_filters();
            // Then the words a correction may use, gathered from every
            // dataset's names: a weak query finds them ready instead of
            // gathering them while its key waits.
            lexicon.get_or_init(|| Lexicon::new(&catalog.datasets));
        }
    }

    /// (searched, total) candidates while a search is still running in slices.
    pub fn search_progress(&self) -> Option<(usize, usize)> {
        self.session.progress()
    }

    /// Whether the search under way waits for the search text, still
    /// being built after start-up (the event loop then waits for keys
    /// rather than for it).
    pub fn search_waits_for_index(&self) -> bool {
        self.session.waits_for_index()
    }

    /// Links of the check in flight that have not answered yet.
    pub fn links_pending(&self) -> usize {
        self.checking.pending()
    }

    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// The catalog, for work on another thread (the deferred cache write).
    pub fn shared_catalog(&self) -> Arc<Catalog> {
        Arc::clone(&self.catalog)
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    pub fn query(&self) -> &str {
        self.session.query().text()
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
        self.session.sort()
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
        self.session.query().error()
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    pub fn rows(&self) -> Rows<'_> {
        self.outline.rows()
    }

    pub fn selected_index(&self) -> usize {
        self.outline.selected()
    }

    pub fn selected_row(&self) -> Option<Row> {
        self.outline.selected_row()
    }

    pub fn selected_dataset(&self) -> Option<&Dataset> {
        self.selected_row()?
            .dataset()
            .map(|d| &self.catalog.datasets[d])
    }

    /// The tree row wanted at the top of the pane.
    pub fn tree_offset(&self) -> usize {
        self.tree_offset
    }

    /// The detail line wanted at the top of the pane.
    pub fn detail_scroll(&self) -> usize {
        self.detail_scroll
    }

    /// What the last frame showed.
    pub fn drawn(&self) -> Drawn {
        self.drawn
    }

    pub fn is_collapsed(&self, category: usize) -> bool {
        self.outline.is_collapsed(category)
    }

    /// Datasets matching the current query.
    pub fn match_count(&self) -> usize {
        self.session.hits().len()
    }

    /// (matching, total) members of a category.
    pub fn category_counts(&self, category: usize) -> (usize, usize) {
        self.outline.category_counts(category)
    }

    /// Matching members of a category in display order: by score while
    /// filtering, else catalog order.
    pub fn visible_members(&self, category: usize) -> &[usize] {
        self.outline.members(category)
    }

    /// Character positions of the query's match in a dataset's name.
    pub fn name_highlights(&self, dataset: usize) -> Vec<usize> {
        self.session.name_highlights(dataset)
    }

    // ----- updates -----

    /// Takes what the frame just drawn showed. It never needs a redraw:
    /// the frame already shows the positions it reports.
    pub fn frame_drawn(&mut self, drawn: Drawn) {
        self.drawn = drawn;
        self.tree_offset = drawn.tree_offset;
        self.detail_scroll = drawn.detail_scroll;
        self.help_scroll = drawn.help_scroll;
    }

    pub fn update(&mut self, action: Action) -> Option<Effect> {
        // A status message answers the last action: the next one clears it.
        let answered = match action {
            Action::LinkChecked(_)
            | Action::ContinueSearch
            | Action::Resize(..)
            | Action::ScrollUp(..)
            | Action::ScrollDown(..) => None,
            _ => self.status.take(),
        };
        if let Action::LinkChecked(result) = action {
            return self.link_checked(result);
        }
        if action == Action::ContinueSearch {
            if self.session.continue_search(&self.catalog) {
                // The slice's hits are merged into the tree's categories,
                // unless the tree shows something else than the hits best first.
                let merged = !self.only_marked
                    && self
                        .session
                        .added()
                        .is_some_and(|added| self.outline.merge_ranked(added));
                if !merged {
                    self.show_hits();
                }
                self.select_best_match();
                self.offer_suggestion();
            }
            return None;
        }
        if self.picker.is_some() {
            return self.update_picker(action);
        }
        if let Some((column, row)) = self.compare.as_mut() {
            match action {
                Action::ToggleCompare | Action::Escape => self.compare = None,
                Action::Left => *column = column.saturating_sub(1),
                Action::Right => *column += 1,
                Action::Up => *row = row.saturating_sub(1),
                Action::Down => *row += 1,
                Action::Quit => self.quit = true,
                Action::Resize(w, h) => self.size = (w, h),
                _ => {}
            }
            return None;
        }
        if self.show_help {
            // The overlay takes every key: `?`, Esc or q close it; the
            // movement keys scroll it on a short terminal.
            match action {
                Action::ToggleHelp | Action::Escape => {
                    self.show_help = false;
                    self.help_scroll = 0;
                }
                Action::Up | Action::PageUp | Action::ScrollUp(..) => {
                    self.help_scroll = self.help_scroll.saturating_sub(3);
                }
                Action::Down | Action::PageDown | Action::ScrollDown(..) => {
                    self.help_scroll = (self.help_scroll + 3)
                        .min(self.drawn.help_max_scroll.max(self.help_scroll));
                }
                Action::Quit => self.quit = true,
                Action::Resize(w, h) => self.size = (w, h),
                _ => {}
            }
            return None;
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
            Action::Top => self.jump(false),
            Action::Bottom => self.jump(true),
            Action::PageUp => self.page(-1),
            Action::PageDown => self.page(1),
            Action::Left => self.left(),
            Action::Right => self.right(),
            Action::Enter => self.right(),
            Action::SwitchFocus => self.update_focus(),
            Action::ApplySuggestion => self.apply_suggestion(),
            Action::StartFilter => {
                self.typing = true;
                self.focus = Focus::Tree;
            }
            Action::Type(_) | Action::Paste(_) | Action::Backspace => {}
            Action::ClearQuery => self.edit_query(String::clear),
            Action::DeleteWord => self.edit_query(delete_word),
            Action::Escape => self.escape(answered.is_some()),
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
            Action::CopyBibtex => return self.copy_bibtex(),
            Action::FollowRelated => self.follow_related(),
            Action::NextFacet | Action::PreviousFacet => {}
            Action::ToggleMark => return self.toggle_mark(),
            Action::ToggleCompare => {
                if self.compared().is_empty() {
                    self.status = Some("Select a dataset, or mark several with Space".into());
                } else {
                    if self.marked_count() == 0 {
                        self.status =
                            Some("Mark datasets with Space to compare them side by side".into());
                    }
                    self.compare = Some((0, 0));
                }
            }
            Action::MarkAllShown => return self.mark_all_shown(),
            Action::ClearMarks => return self.clear_marks(),
            Action::OnlyMarked => {
                self.only_marked = !self.only_marked;
                let row = self.selected_row();
                self.show_hits();
                self.outline.reselect(row);
                self.status = Some(if self.only_marked {
                    format!("Showing the {} marked; M shows all", self.marked_count())
                } else {
                    "Showing all datasets".into()
                });
            }
            Action::CollapseAll => self.set_all_collapsed(true),
            Action::ExpandAll => self.set_all_collapsed(false),
            Action::JumpBack => self.jump_back(),
            Action::CycleSort => {
                let sort = self.session.sort().next();
                let row = self.selected_row();
                self.session.set_sort(sort, &self.catalog);
                self.show_hits();
                self.outline.reselect(row);
                self.status = Some(format!("Sorted by {}", sort.label()));
            }
            Action::OpenPicker => {
                self.picker = Some(Picker::open(
                    self.query(),
                    &self.catalog,
                    self.session.index().get(),
                ));
            }
            Action::TogglePick => {}
            Action::Recheck => return self.recheck(),
            Action::ContinueSearch | Action::LinkChecked(_) => {}
            Action::ToggleHelp => self.show_help = true,
            Action::ToggleLang => {
                self.lang = self.lang.toggled();
                self.status = Some(match self.lang {
                    Lang::En => "Language: English".into(),
                    Lang::Zh => "语言：中文".into(),
                });
            }
            Action::Quit => self.quit = true,
            Action::Resize(w, h) => self.size = (w, h),
            Action::Click(x, y) => self.click(x, y),
            Action::ScrollUp(x, y) => self.wheel(x, y, -1),
            Action::ScrollDown(x, y) => self.wheel(x, y, 1),
        }
        None
    }

    fn set_all_collapsed(&mut self, collapsed: bool) {
        for category in 0..self.catalog.categories.len() {
            self.outline.set_collapsed(category, collapsed);
        }
        self.detail_scroll = 0;
    }

    fn update_focus(&mut self) {
        self.focus = match self.focus {
            Focus::Tree => Focus::Detail,
            Focus::Detail => Focus::Tree,
        }
    }

    /// What the edge reports back after performing an effect.
    pub fn set_status(&mut self, message: impl Into<String>) {
        self.status = Some(message.into());
    }

    fn edit_query(&mut self, edit: impl FnOnce(&mut String)) {
        let mut text = self.query().to_string();
        edit(&mut text);
        let remembered = self.selected_row();
        if !self.session.set_query(&text, &self.catalog) {
            return;
        }
        self.show_hits();
        if self.session.query().is_empty() {
            self.outline.reselect(remembered);
        } else {
            self.select_best_match();
        }
        self.offer_suggestion();
    }

    /// Once a search is complete and found only weak matches, offers the
    /// nearest known words in the status line (`Tab` applies them).
    fn offer_suggestion(&mut self) {
        let was = self.suggestion.take();
        if self.session.progress().is_some()
            || !search::is_weak(self.session.query(), self.session.hits())
        {
            if was.is_some() {
                self.status = None;
            }
            return;
        }
        let lexicon = self
            .lexicon
            .get_or_init(|| Lexicon::new(&self.catalog.datasets));
        self.suggestion = lexicon.did_you_mean(self.session.query().text());
        if let Some(fixed) = &self.suggestion {
            self.status = Some(format!(
                "Did you mean {}? Tab applies it",
                sanitize::line(fixed)
            ));
        }
    }

    fn apply_suggestion(&mut self) {
        match self.suggestion.take() {
            Some(fixed) => {
                self.edit_query(|q| *q = fixed);
                if self.suggestion.is_none() {
                    self.status = None;
                }
            }
            None => self.update_focus(),
        }
    }

    /// Puts the session's hits in the tree (the marked ones only, after `M`).
    fn show_hits(&mut self) {
        let filtering = !self.session.query().is_empty() || self.only_marked;
        if !self.only_marked && self.session.sort() == SortOrder::Relevance {
            self.outline.show_ranked(self.session.hits(), filtering);
            return;
        }
        let (catalog, marks, only) = (&self.catalog, &self.marks, self.only_marked);
        self.outline.show(
            self.session
                .hits()
                .iter()
                .map(|h| h.dataset)
                .filter(|&d| !only || marks.contains(&catalog.datasets[d].id)),
            filtering,
        );
    }

    /// Follows the best match, where the eye goes while typing.
    fn select_best_match(&mut self) {
        // The best match, whatever the sort order shows first.
        let best = self.session.best();
        let row = best
            .and_then(|d| self.outline.row_of(d))
            .or_else(|| self.outline.first_dataset_row())
            .unwrap_or(0);
        self.outline.select(row);
        self.detail_scroll = 0;
        self.reveal_with_its_category(row);
    }

    /// Scrolls the tree so that `row` is read under its category's
    /// heading: when either is out of the last frame's view, the heading
    /// becomes the top row. A match that lands in a later category is then
    /// not shown at the foot of the pane under another category's rows, nor
    /// at its top with its heading scrolled away. (Drawing still moves the
    /// view as little as needed to keep the selection in it.)
    fn reveal_with_its_category(&mut self, row: usize) {
        let height = usize::from(self.drawn.tree_body.height);
        let rows = self.outline.rows();
        let Some(heading) = rows
            .get(row)
            .and_then(|shown| rows.position(Row::Category(shown.category())))
        else {
            return;
        };
        let view = self.tree_offset..self.tree_offset + height;
        if height > 0 && !(view.contains(&heading) && view.contains(&row)) {
            self.tree_offset = heading;
        }
    }

    fn move_by(&mut self, delta: isize) {
        if self.focus == Focus::Detail && !self.typing {
            self.scroll_detail(delta);
            return;
        }
        let target = self.outline.selected().saturating_add_signed(delta);
        self.select(target);
    }

    fn jump(&mut self, to_end: bool) {
        if self.focus == Focus::Detail && !self.typing {
            // Drawing clamps "the end" to the last screenful.
            self.detail_scroll = if to_end { usize::MAX } else { 0 };
            return;
        }
        self.select(if to_end { usize::MAX } else { 0 });
    }

    fn page(&mut self, direction: isize) {
        let height = |r: Rect| r.height.saturating_sub(1).max(1) as isize;
        if self.focus == Focus::Detail && !self.typing {
            self.scroll_detail(direction * height(self.drawn.detail_body));
        } else {
            let target = self
                .outline
                .selected()
                .saturating_add_signed(direction * height(self.drawn.tree_body));
            self.select(target);
        }
    }

    fn select(&mut self, row: usize) {
        if self.outline.select(row) {
            self.detail_scroll = 0;
            self.link = 0;
        }
    }

    fn scroll_detail(&mut self, delta: isize) {
        let scrolled = self.detail_scroll.saturating_add_signed(delta);
        // Clamped to what the last frame could show, so scrolling back
        // from past the end moves at once.
        self.detail_scroll = if self.drawn.detail_body.area() > 0 {
            scrolled.min(self.drawn.detail_max_scroll)
        } else {
            scrolled
        };
    }

    fn left(&mut self) {
        if self.focus == Focus::Detail {
            self.focus = Focus::Tree;
            return;
        }
        match self.selected_row() {
            Some(Row::Category(c)) => self.outline.set_collapsed(c, true),
            Some(Row::Dataset { category, .. }) => {
                if let Some(at) = self.rows().position(Row::Category(category)) {
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
                self.outline.set_collapsed(c, !collapsed);
            }
            Some(Row::Dataset { .. }) => self.focus = Focus::Detail,
            None => {}
        }
    }

    /// `had_status`: a message was on screen, and this Esc dismissed it.
    fn escape(&mut self, had_status: bool) {
        if self.typing || !self.session.query().is_empty() {
            self.typing = false;
            self.edit_query(String::clear);
        } else if self.focus == Focus::Detail {
            self.focus = Focus::Tree;
        } else if !had_status {
            // Esc steps back and never quits, as in lazygit or k9s.
            self.status = Some("Nothing to close; q quits".into());
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
            text: link.url.to_string(),
            what: link.url.to_string(),
        })
    }

    fn open_primary(&mut self) -> Option<Effect> {
        let Some(dataset) = self.selected_dataset() else {
            self.status = Some("Select a dataset to open its link".into());
            return None;
        };
        let url = dataset.primary_url()?.to_string();
        Some(Effect::Open(url))
    }

    fn recheck(&mut self) -> Option<Effect> {
        if self.checking.pending() > 0 {
            self.status = Some(format!(
                "Still checking {} links...",
                self.checking.pending()
            ));
            return None;
        }
        let Some(dataset) = self.selected_dataset() else {
            self.status = Some("Select a dataset to check its links".into());
            return None;
        };
        let urls: Vec<String> = dataset.urls.iter().map(|l| l.url.to_string()).collect();
        let mut unique = urls.clone();
        unique.sort();
        unique.dedup();
        let message = format!(
            "Checking {} links of {}...",
            unique.len(),
            sanitize::line(&dataset.name)
        );
        self.checking = Batch::expecting(unique.len());
        self.status = Some(message);
        Some(Effect::CheckLinks(urls))
    }

    /// A result of the background check: a link that answered is shown at
    /// once; the batch is remembered when it is whole, unless it says the
    /// machine is offline (see [`batch::no_network`]).
    fn link_checked(&mut self, result: UrlResult) -> Option<Effect> {
        if self.checking.pending() == 0 {
            return None;
        }
        self.now = self.now.max(result.status.checked_at);
        if result.attempted && !result.unreachable {
            self.links.insert(result.url.clone(), result.status.clone());
        }
        let batch = self.checking.receive(result)?;
        if !batch::remember(&mut self.links, &batch) {
            self.status =
                Some("No network: could not reach any host; nothing was remembered".into());
            return None;
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
            Action::TogglePick => picker.toggle(&self.catalog, self.session.index().get()),
            Action::Type(c) => picker.edit_filter(|f| f.push(c)),
            Action::Paste(text) => {
                let clean = sanitize::line(&text).replace(sanitize::REPLACEMENT, "");
                picker.edit_filter(|f| f.push_str(&clean));
            }
            Action::Backspace => picker.edit_filter(|f| {
                f.pop();
            }),
            Action::NextFacet => picker.jump_facet(true),
            Action::PreviousFacet => picker.jump_facet(false),
            Action::Escape if !picker.filter().is_empty() => picker.edit_filter(String::clear),
            Action::Enter => {
                let draft = picker.draft().to_string();
                self.picker = None;
                self.edit_query(|q| *q = draft);
            }
            Action::Escape => self.picker = None,
            Action::Quit => self.quit = true,
            Action::Resize(w, h) => self.size = (w, h),
            _ => {}
        }
        None
    }

    fn click(&mut self, x: u16, y: u16) {
        let drawn = self.drawn;
        if drawn.tree_body.contains_point(x, y) {
            self.focus = Focus::Tree;
            let row = drawn.tree_offset + usize::from(y - drawn.tree_body.y);
            if row < self.rows().len() {
                if row == self.selected_index() {
                    // A click on the selected category toggles it, like Enter.
                    if let Some(Row::Category(c)) = self.selected_row() {
                        let collapsed = self.is_collapsed(c);
                        self.outline.set_collapsed(c, !collapsed);
                    }
                } else {
                    self.select(row);
                }
            }
        } else if drawn.detail.contains_point(x, y) && self.selected_dataset().is_some() {
            self.focus = Focus::Detail;
        }
    }

    fn wheel(&mut self, x: u16, y: u16, direction: isize) {
        let step = direction * WHEEL_STEP as isize;
        if self.drawn.detail.contains_point(x, y) {
            self.scroll_detail(step);
        } else if self.drawn.tree.contains_point(x, y) {
            let target = self.selected_index().saturating_add_signed(step);
            self.select(target);
        }
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

impl ContainsPoint for Rect {
    fn contains_point(&self, x: u16, y: u16) -> bool {
        x >= self.x && x < self.right() && y >= self.y && y < self.bottom()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::links::cache::{LinkStatus, Status};
    use crate::search::{self, Query};
    use crate::tui::theme::Theme;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    /// Draws a frame and hands its geometry back, as the event loop does
    /// after every batch of actions. (Test code may draw; the state may not.)
    fn settle(app: &mut App) {
        let (w, h) = app.size();
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        let mut drawn = None;
        terminal
            .draw(|frame| drawn = Some(crate::tui::ui::render(app, Theme::MONO, frame)))
            .unwrap();
        app.frame_drawn(drawn.unwrap());
    }

    /// The text of the frame `app` draws now.
    fn screen(app: &App) -> String {
        let (w, h) = app.size();
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        terminal
            .draw(|frame| {
                crate::tui::ui::render(app, Theme::MONO, frame);
            })
            .unwrap();
        let buffer = terminal.backend().buffer();
        buffer.content().iter().map(|cell| cell.symbol()).collect()
    }

    /// An action, then the frame that follows it.
    fn act(app: &mut App, action: Action) -> Option<Effect> {
        let effect = app.update(action);
        settle(app);
        effect
    }

    fn app() -> App {
        let mut app = App::new(Catalog::embedded(), Lang::En, (120, 35));
        settle(&mut app);
        app
    }

    fn type_text(app: &mut App, text: &str) {
        app.update(Action::StartFilter);
        for c in text.chars() {
            app.update(Action::Type(c));
        }
    }

    fn selected_id(app: &App) -> Option<String> {
        app.selected_dataset().map(|d| d.id.to_string())
    }

    #[test]
    fn brackets_walk_the_related_datasets_and_come_back() {
        let mut app = app();
        type_text(&mut app, "sat-ds");
        app.update(Action::Enter);
        let members: Vec<String> = app
            .selected_dataset()
            .unwrap()
            .related
            .iter()
            .map(|r| r.id.to_string())
            .collect();
        assert!(members.len() >= 10);
        // Each ] from SAT-DS goes to its next member; [ comes back.
        for member in &members[..3] {
            app.update(Action::FollowRelated);
            assert_eq!(selected_id(&app).as_ref(), Some(member));
            assert!(
                app.query().is_empty(),
                "a filter hiding the target is cleared"
            );
            app.update(Action::JumpBack);
            assert_eq!(selected_id(&app).as_deref(), Some("sat-ds"));
        }
        app.update(Action::JumpBack);
        assert!(app.status().unwrap().contains("Nothing to go back to"));
        // A folded category opens to show the target.
        let multi = app
            .catalog()
            .categories
            .iter()
            .position(|c| c.id == "multi-collection")
            .unwrap();
        type_text(&mut app, "ct-org");
        app.update(Action::Enter);
        app.outline.set_collapsed(multi, true);
        app.update(Action::FollowRelated);
        assert_eq!(selected_id(&app).as_deref(), Some("sat-ds"));
        // A dataset with no relations says so.
        type_text(&mut app, "vqa-rad");
        app.update(Action::Enter);
        app.update(Action::FollowRelated);
        assert_eq!(app.status(), Some("No related datasets"));
    }

    #[test]
    fn a_typo_offers_the_nearest_word_and_tab_applies_it() {
        let mut app = app();
        type_text(&mut app, "plevic");
        settle(&mut app);
        assert_eq!(app.status(), Some("Did you mean pelvic? Tab applies it"));
        app.update(Action::ApplySuggestion);
        assert_eq!(app.query(), "pelvic");
        assert_eq!(selected_id(&app).as_deref(), Some("ctpelvic1k"));
        assert_eq!(app.status(), None);
        // Without a suggestion, Tab switches focus as before.
        app.update(Action::ApplySuggestion);
        assert_eq!(app.focus(), Focus::Detail);
    }

    #[test]
    fn marks_toggle_fill_clear_and_narrow_the_tree() {
        let mut app = app();
        assert_eq!(app.update(Action::ToggleMark), Some(Effect::SaveShortlist));
        assert!(app.marks().contains("chatdoctor"));
        assert_eq!(app.marked_count(), 1);
        assert_eq!(app.status(), Some("Marked ChatDoctor datasets; 1 marked"));
        type_text(&mut app, "m:ct a:open");
        app.update(Action::Enter);
        let shown = app.match_count();
        app.update(Action::MarkAllShown);
        assert_eq!(app.marked_count(), shown + 1);
        // Only the marked: the filter's matches and ChatDoctor.
        app.update(Action::Escape);
        app.update(Action::OnlyMarked);
        assert!(app.only_marked());
        let shown_ids: Vec<usize> = app.rows().iter().filter_map(|r| r.dataset()).collect();
        assert!(shown_ids.iter().all(|&d| app.is_marked(d)));
        assert!(!shown_ids.is_empty());
        assert_eq!(app.update(Action::ClearMarks), Some(Effect::SaveShortlist));
        assert_eq!(app.marked_count(), 0);
        assert!(
            app.rows().iter().all(|r| r.dataset().is_none()),
            "nothing marked, nothing shown"
        );
        app.update(Action::OnlyMarked);
        assert_eq!(app.update(Action::ClearMarks), None);
    }

    #[test]
    fn batch_keys_act_on_the_marked_and_single_keys_still_on_the_selected() {
        let mut app = app();
        for id in ["vqa-rad", "lidc-idri"] {
            app.update(Action::Escape);
            type_text(&mut app, id);
            app.update(Action::Enter);
            app.update(Action::ToggleMark);
        }
        let Some(Effect::Copy { text, what }) = app.update(Action::CopyAll) else {
            panic!("Y copies")
        };
        assert!(text.contains("https://osf.io/89kps/") && text.contains("cancerimagingarchive"));
        assert!(what.contains("2 marked"), "{what}");
        let Some(Effect::Copy { text, .. }) = app.update(Action::CopyCommand) else {
            panic!("c copies")
        };
        assert!(text.contains("# vqa-rad [1]") && text.contains("osf -p 89kps clone vqa-rad"));
        assert!(text.contains("# lidc-idri [1]"));
        let Some(Effect::Copy { text, .. }) = app.update(Action::CopyBibtex) else {
            panic!("b copies")
        };
        assert!(
            text.contains("10.1038/sdata.2018.251")
                && text.contains("10.7937/K9/TCIA.2015.LO9QL9SX")
        );
        // y still copies the selected dataset's primary link.
        let Some(Effect::Copy { text, .. }) = app.update(Action::CopyPrimary) else {
            panic!("y copies")
        };
        assert_eq!(text, app.selected_dataset().unwrap().urls[0].url);
    }

    #[test]
    fn b_copies_every_bibtex_entry() {
        let mut app = app();
        type_text(&mut app, "mimic-cxr");
        app.update(Action::Enter);
        let Some(Effect::Copy { text, what }) = app.update(Action::CopyBibtex) else {
            panic!("b copies")
        };
        let n = app.selected_dataset().unwrap().citations.len();
        assert!(n >= 3, "paper, data DOI and the PhysioNet platform paper");
        assert_eq!(text.matches("\n@").count() + 1, n, "{text}");
        assert!(what.contains(&format!("{n} entries")), "{what}");
    }

    #[test]
    fn starts_with_every_category_and_the_first_one_open() {
        let mut app = app();
        assert_eq!(app.rows().get(0), Some(Row::Category(0)));
        assert_eq!(selected_id(&app).as_deref(), Some("chatdoctor"));
        assert_eq!(app.match_count(), 40);
        // 5 category rows + the first category's 14 datasets.
        assert_eq!(app.rows().len(), 5 + 14);
        assert!((1..5).all(|c| app.is_collapsed(c)));
        assert_eq!(app.category_counts(1), (21, 21));
        // + unfolds all: 5 category rows + 41 memberships; - folds all.
        act(&mut app, Action::ExpandAll);
        assert_eq!(app.rows().len(), 46);
        act(&mut app, Action::CollapseAll);
        assert_eq!(app.rows().len(), 5);
    }

    #[test]
    fn a_filter_unfolds_categories_with_hits_and_keeps_empty_ones() {
        let mut app = app();
        act(&mut app, Action::CollapseAll);
        type_text(&mut app, "mimic");
        assert_eq!(selected_id(&app).as_deref(), Some("mimic-cxr"));
        // Every category stays, those without a match as (0/n).
        assert_eq!(
            app.rows().iter().filter(|r| r.dataset().is_none()).count(),
            5
        );
        assert!((0..5).any(|c| app.category_counts(c).0 == 0));
    }

    #[test]
    fn a_sort_keeps_the_best_match_selected() {
        let mut app = app();
        for _ in 0..3 {
            act(&mut app, Action::CycleSort);
        }
        assert_eq!(app.sort(), SortOrder::Size);
        type_text(&mut app, "vqa rad");
        assert_eq!(selected_id(&app).as_deref(), Some("vqa-rad"));
    }

    #[test]
    fn a_dataset_in_two_categories_appears_under_both() {
        let mut app = app();
        act(&mut app, Action::ExpandAll);
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
        act(&mut app, Action::ExpandAll);
        act(&mut app, Action::Up);
        act(&mut app, Action::Up);
        assert_eq!(app.selected_index(), 0);
        act(&mut app, Action::Bottom);
        assert_eq!(app.selected_index(), 45);
        act(&mut app, Action::Down);
        assert_eq!(app.selected_index(), 45);
        act(&mut app, Action::Top);
        assert_eq!(app.selected_index(), 0);
        act(&mut app, Action::PageDown);
        assert!(app.selected_index() > 10);
        act(&mut app, Action::PageUp);
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
        // Datasets shown are matches; categories show their counts.
        assert!(app.rows().iter().all(|r| {
            let (matching, _) = app.category_counts(r.category());
            matching > 0 || r.dataset().is_none()
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
    fn escape_clears_then_closes_and_never_quits() {
        let mut app = app();
        type_text(&mut app, "ct");
        app.update(Action::Escape);
        assert_eq!(app.query(), "");
        assert!(!app.is_typing());
        assert_eq!(app.match_count(), 40);
        assert!(!app.should_quit());
        app.update(Action::Escape);
        assert!(!app.should_quit());
        assert_eq!(app.status(), Some("Nothing to close; q quits"));
        app.update(Action::Escape);
        assert!(!app.should_quit());
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
        assert_eq!(app.rows().get(1), Some(Row::Category(1)));
        app.update(Action::Right); // expand
        assert!(!app.is_collapsed(0));
        app.update(Action::Enter); // toggle
        assert!(app.is_collapsed(0));
    }

    #[test]
    fn entering_a_dataset_focuses_the_detail_panel_and_jk_scroll_it() {
        let mut app = App::new(Catalog::embedded(), Lang::En, (80, 12));
        settle(&mut app);
        act(&mut app, Action::Enter);
        assert_eq!(app.focus(), Focus::Detail);
        let row = app.selected_index();
        act(&mut app, Action::Down);
        assert_eq!(app.selected_index(), row, "j scrolls, does not move");
        assert_eq!(app.detail_scroll(), 1);
        act(&mut app, Action::Bottom);
        let bottom = app.detail_scroll();
        assert!(bottom > 1);
        act(&mut app, Action::Down);
        assert_eq!(app.detail_scroll(), bottom, "clamped at the end");
        act(&mut app, Action::Top);
        assert_eq!(app.detail_scroll(), 0);
        act(&mut app, Action::SwitchFocus);
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
                text: "https://osf.io/89kps/".into(),
                what: "https://osf.io/89kps/".into(),
            })
        );
        let Some(Effect::Copy { text, .. }) = app.update(Action::CopyNumbered(2)) else {
            panic!()
        };
        assert_eq!(
            text,
            "https://huggingface.co/datasets/flaviagiammarino/vqa-rad"
        );
        let Some(Effect::Copy { text, .. }) = app.update(Action::CopyAll) else {
            panic!()
        };
        assert_eq!(text.lines().count(), 3);
        assert_eq!(app.update(Action::CopyNumbered(9)), None);
        assert!(app.status().unwrap().contains("No link [9]"));
        assert_eq!(
            app.update(Action::OpenPrimary),
            Some(Effect::Open("https://osf.io/89kps/".into()))
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
        let areas = app.drawn();
        act(
            &mut app,
            Action::Click(areas.tree_body.x + 2, areas.tree_body.y + 3),
        );
        assert_eq!(app.selected_index(), 3);
        act(
            &mut app,
            Action::ScrollDown(areas.detail.x + 2, areas.detail.y + 2),
        );
        assert_eq!(
            app.selected_index(),
            3,
            "wheel over the detail scrolls the detail"
        );
        act(
            &mut app,
            Action::ScrollDown(areas.tree.x + 2, areas.tree.y + 2),
        );
        assert_eq!(app.selected_index(), 6);
        act(
            &mut app,
            Action::Click(areas.detail.x + 2, areas.detail.y + 2),
        );
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
        act(&mut app, Action::Bottom);
        act(&mut app, Action::Resize(40, 8));
        let height = usize::from(app.drawn().tree_body.height);
        assert!(app.selected_index() < app.tree_offset() + height.max(1));
        act(&mut app, Action::Resize(1, 1));
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
        assert_eq!(text, "osf -p 89kps clone vqa-rad");
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
    fn the_first_frame_needs_no_index_and_the_first_search_builds_it() {
        let mut app = app();
        assert!(!app.session.index().is_built(), "built for the first frame");
        act(&mut app, Action::Down);
        act(&mut app, Action::ToggleLang);
        assert!(!app.session.index().is_built(), "built without a search");
        type_text(&mut app, "ct");
        assert!(app.session.index().is_built());
        assert!(app.match_count() < app.catalog().datasets.len());
        // Handed to the background: a key is answered before it is built,
        // and searched once it is.
        let mut app = self::app();
        let work = app.background_indexing();
        type_text(&mut app, "ct");
        assert!(app.search_waits_for_index());
        assert_eq!(app.match_count(), app.catalog().datasets.len());
        assert!(screen(&app).contains("preparing the search"));
        work();
        assert!(app.session.index().is_built());
        assert!(!app.search_waits_for_index());
        assert!(!screen(&app).contains("preparing"));
        while app.search_progress().is_some() {
            app.update(Action::ContinueSearch);
        }
        let mut eager = self::app();
        type_text(&mut eager, "ct");
        assert_eq!(app.match_count(), eager.match_count());
        assert!(app.match_count() < app.catalog().datasets.len());
        // The tree shows the matches, not the rows from before the search.
        assert_eq!(app.rows().len(), eager.rows().len());
        assert_eq!(app.selected_index(), eager.selected_index());
        assert_eq!(app.selected_dataset(), eager.selected_dataset());
    }

    #[test]
    fn a_large_search_is_done_in_slices_and_ends_like_a_whole_one() {
        let catalog = Catalog::embedded();
        let index = search::Index::new(&catalog);
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
        // 33 candidates left, in slices twice the first: 14, 14, 5.
        assert_eq!(steps, 3);
        let shown: Vec<usize> = app.session.hits().iter().map(|h| h.dataset).collect();
        assert_eq!(shown, full);
        assert_eq!(
            selected_id(&app).as_deref(),
            Some(app.catalog().datasets[full[0]].id.as_ref())
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
        let shown: Vec<usize> = app.session.hits().iter().map(|h| h.dataset).collect();
        assert_eq!(shown, full);
        // Backspace to "c" and forward again: both remembered now.
        app.update(Action::Backspace);
        assert_eq!(app.search_progress(), None, "\"c\" is remembered");
    }

    #[test]
    fn the_tree_of_a_sliced_search_is_the_tree_of_its_hits_after_every_slice() {
        let rows = |app: &App| app.rows().iter().collect::<Vec<_>>();
        for query in ["c", "ct", "lung", "chest ct"] {
            let mut sliced =
                App::new(Catalog::embedded(), Lang::En, (120, 35)).with_search_chunk(3);
            let mut whole = App::new(Catalog::embedded(), Lang::En, (120, 35));
            act(&mut sliced, Action::CollapseAll);
            act(&mut whole, Action::CollapseAll);
            type_text(&mut sliced, query);
            type_text(&mut whole, query);
            while sliced.search_progress().is_some() {
                sliced.update(Action::ContinueSearch);
                // What merging the slice gave, against the hits shown afresh.
                let mut fresh = Outline::new(sliced.catalog());
                fresh.show_ranked(sliced.session.hits(), true);
                for c in 0..sliced.catalog().categories.len() {
                    assert_eq!(sliced.visible_members(c), fresh.members(c), "{query}");
                }
            }
            assert_eq!(rows(&sliced), rows(&whole), "{query}");
            assert_eq!(sliced.selected_row(), whole.selected_row(), "{query}");
        }
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
