//! The terminal: set-up and a restore that always runs, the event loop, and
//! the mapping from key presses to [`Action`]s.

pub mod action;
pub mod app;
mod edge;
pub mod keymap;
pub mod layout;
pub mod loading;
mod outline;
mod picker;
mod signals;
pub mod theme;
pub mod ui;

use std::io::{self, IsTerminal, Stdout, Write};
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError, TryLockError};

use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, MouseButton, MouseEvent, MouseEventKind,
};
use crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use std::collections::VecDeque;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::catalog::{Catalog, Deferred, LoadError};
use crate::lang::Lang;
use crate::links::cache::{self as link_cache, LinkCache};
use crate::links::check::{self, CheckOptions, UrlResult};
use crate::shortlist::Shortlist;
use action::Action;
use action::Effect;
use app::App;
use edge::{BrowserAccess, SystemClipboard};
use loading::{LayerNote, Loading, Taken};
use theme::Theme;

pub struct Options {
    pub lang: Lang,
    pub theme: Theme,
}

/// Whether the terminal is in raw mode / the alternate screen right now.
static ACTIVE: AtomicBool = AtomicBool::new(false);
static PANIC_HOOK: Once = Once::new();

/// Held while a frame is written and while the terminal is restored, so a
/// panic on a background thread (whose hook restores the terminal) never
/// interleaves with a frame the main thread is writing, and no frame
/// follows the restore (see [`draw`]).
static OUTPUT: Mutex<()> = Mutex::new(());

/// Puts the terminal back as it was. Safe to call any number of times, from
/// any path: the guard's drop, the panic hook, an error.
pub fn restore() {
    // A frame being written is let finish; a panic while this thread holds
    // the lock (mid-frame) restores all the same after a moment.
    let _writing = lock_output(Duration::from_millis(200));
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let mut out = io::stdout();
    // Each step is attempted even if an earlier one fails.
    let _ = execute!(out, DisableMouseCapture);
    let _ = execute!(out, DisableBracketedPaste);
    let _ = execute!(out, LeaveAlternateScreen);
    let _ = execute!(out, cursor::Show);
    let _ = terminal::disable_raw_mode();
    let _ = out.flush();
}

fn lock_output(patience: Duration) -> Option<MutexGuard<'static, ()>> {
    let deadline = Instant::now() + patience;
    loop {
        match OUTPUT.try_lock() {
            Ok(guard) => return Some(guard),
            Err(TryLockError::Poisoned(poisoned)) => return Some(poisoned.into_inner()),
            Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(1));
            }
            Err(TryLockError::WouldBlock) => return None,
        }
    }
}

/// Draws a frame, unless the terminal has been restored meanwhile: while
/// the loop runs, only the panic hook of another thread does that, and
/// that thread ends the process next; this one ends it the same way.
fn draw(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    render: impl FnOnce(&mut ratatui::Frame),
) -> io::Result<()> {
    let _writing = OUTPUT.lock().unwrap_or_else(PoisonError::into_inner);
    if !ACTIVE.load(Ordering::SeqCst) {
        std::process::exit(PANIC_EXIT);
    }
    terminal.draw(render).map(|_| ())
}

/// The exit code of a Rust panic.
const PANIC_EXIT: i32 = 101;

/// Restores the terminal when dropped, including while unwinding.
struct Guard;

impl Guard {
    fn enter() -> io::Result<Guard> {
        PANIC_HOOK.call_once(|| {
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                // Restore first so the message lands on a usable terminal.
                restore();
                previous(info);
            }));
        });
        // Before raw mode: the settings a fatal signal puts back.
        signals::install();
        ACTIVE.store(true, Ordering::SeqCst);
        let guard = Guard;
        terminal::enable_raw_mode()?;
        let mut out = io::stdout();
        execute!(
            out,
            EnterAlternateScreen,
            EnableMouseCapture,
            EnableBracketedPaste,
            cursor::Hide
        )?;
        Ok(guard)
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

/// The catalog the browser starts on.
pub enum Start {
    /// Already in memory (the embedded catalog reads in well under a frame).
    Ready(Catalog),
    /// Still to be read (catalog files): the browser shows what it reads and
    /// keeps the keys typed meanwhile (see [`loading`]).
    Read {
        layers: Vec<LayerNote>,
        read: ReadCatalog,
    },
}

/// Reads the catalog files: the catalog, and the caches of files just
/// parsed, which the browser writes after its first frame
/// ([`crate::catalog::Layers::load_deferring`]).
pub type ReadCatalog = Box<dyn FnOnce() -> Result<(Catalog, Vec<Deferred>), LoadError> + Send>;

/// How a run of the browser ended.
pub enum Ended {
    Quit,
    /// The catalog read in the background was refused; the terminal is
    /// restored by the time the caller sees this.
    Refused(LoadError),
}

/// Whether the browser can run here: it needs a terminal on both ends.
pub fn has_terminal() -> bool {
    io::stdout().is_terminal() && io::stdin().is_terminal()
}

/// Runs the TUI until the user quits.
pub fn run(start: Start, options: Options) -> io::Result<Ended> {
    if !has_terminal() {
        return Err(io::Error::other(
            "the browser needs a terminal; for scripts use a subcommand such as `medsets list` or `medsets search QUERY`",
        ));
    }
    // Read before the screen changes, so a warning can go to the status line.
    let (links, cache_warning) = LinkCache::load();
    let (shortlist, shortlist_warning) = Shortlist::load();
    let _guard = Guard::enter()?;
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    let size = terminal.size()?;
    let (app, waiting, deferred) = match start {
        Start::Ready(catalog) => (
            App::new(catalog, options.lang, (size.width, size.height)),
            Vec::new(),
            Vec::new(),
        ),
        Start::Read { layers, read } => {
            match read_while_showing(&mut terminal, layers, read, &options)? {
                Read::Ready(app, waiting, deferred) => (*app, waiting, deferred),
                Read::Quit => return Ok(Ended::Quit),
                Read::Refused(problems) => return Ok(Ended::Refused(problems)),
            }
        }
    };
    let mut app = app
        .with_links(links, link_cache::unix_now())
        .with_shortlist(shortlist);
    // The shortlist's problem matters more: the user's marks are at stake.
    if let Some(warning) = shortlist_warning.or(cache_warning) {
        app.set_status(warning);
    }
    // The summary filters are not needed for the first frame: their thread
    // starts once that frame is out, so the two do not share the cores.
    let mut indexing = Some(app.background_indexing());
    let mut deferred = Some(deferred);
    let mut caching: Option<std::thread::JoinHandle<()>> = None;
    let (results_tx, results) = mpsc::channel();
    let (opened_tx, opened) = mpsc::channel();
    let mut edge = Edge {
        clipboard: None,
        browser: BrowserAccess::detect(),
        results: results_tx,
        opened: opened_tx,
        opening: 0,
    };
    // Keys typed while the catalog was read come first, in order.
    let mut replay = VecDeque::from(waiting);
    let mut dirty = true;
    loop {
        if dirty {
            let mut drawn = None;
            draw(&mut terminal, |frame| {
                drawn = Some(ui::render(&app, options.theme, frame))
            })?;
            if let Some(drawn) = drawn {
                app.frame_drawn(drawn);
            }
            dirty = false;
        }
        if let Some(indexing) = indexing.take() {
            std::thread::Builder::new()
                .name("index".into())
                .spawn(move || {
                    // The panic hook has restored the terminal by the time
                    // this sees a panic; end the process as a panic on the
                    // main thread would, rather than leave the UI drawing on
                    // a restored screen.
                    if std::panic::catch_unwind(std::panic::AssertUnwindSafe(indexing)).is_err() {
                        std::process::exit(PANIC_EXIT);
                    }
                })?;
        }
        // The caches of catalog files just parsed, written once the
        // browser is up rather than before it (waited for on quit).
        if let Some(stores) = deferred.take().filter(|stores| !stores.is_empty()) {
            let catalog = app.shared_catalog();
            let write = move || stores.iter().for_each(|store| store.store(&catalog));
            caching = Some(
                std::thread::Builder::new()
                    .name("cache".into())
                    .spawn(move || {
                        if std::panic::catch_unwind(std::panic::AssertUnwindSafe(write)).is_err() {
                            std::process::exit(PANIC_EXIT);
                        }
                    })?,
            );
        }
        // An opener's answer is shown at once (drawn before waiting for a key).
        let mut answered = false;
        for (url, result) in opened.try_iter() {
            edge.opened(&url, result, &mut app, terminal.backend_mut());
            answered = true;
        }
        if answered {
            dirty = true;
            continue;
        }
        // Link results arrive from a background thread; while a check is in
        // flight (or an opener is out), wake up now and then to show them.
        let mut actions: Vec<Action> = results.try_iter().map(Action::LinkChecked).collect();
        // An unfinished search goes on whenever no key is waiting.
        let ready = if !replay.is_empty() {
            true
        } else if app.search_waits_for_index() {
            // Keys are answered (and echoed) while the search text is
            // built; the search itself runs once it is there.
            event::poll(INDEX_POLL)?
        } else if app.search_progress().is_some() {
            event::poll(Duration::ZERO)?
        } else if app.links_pending() > 0 || edge.opening > 0 {
            event::poll(CHECK_POLL)?
        } else {
            true
        };
        if ready {
            let event = match replay.pop_front() {
                Some(event) => event,
                None => event::read()?,
            };
            debug_panic_hook(&event);
            actions.extend(map_event(&event, &app));
        } else if app.search_progress().is_some() && !app.search_waits_for_index() {
            actions.push(Action::ContinueSearch);
        }
        for action in actions {
            if let Some(effect) = app.update(action) {
                edge.perform(effect, &mut app, terminal.backend_mut());
            }
            dirty = true;
        }
        if app.should_quit() {
            // A cache half written would be thrown away: let it finish
            // (0.2 s at 100,000 datasets, just after a cold start).
            if let Some(caching) = caching.take() {
                let _ = caching.join();
            }
            // The process ends next: freeing every dataset one by one would
            // hold the terminal for a tenth of a second at 100,000.
            std::mem::forget(app);
            return Ok(Ended::Quit);
        }
    }
}

/// How often the loading screen looks for the catalog and redraws its clock.
const LOADING_TICK: Duration = Duration::from_millis(10);
const LOADING_REDRAW: Duration = Duration::from_millis(100);

enum Read {
    /// The browser, built on the reading thread, and the events kept meanwhile.
    Ready(Box<App>, Vec<Event>, Vec<Deferred>),
    Quit,
    Refused(LoadError),
}

/// Reads the catalog and builds the browser's state on a thread of its own
/// while this one shows the loading screen and keeps the keys typed.
fn read_while_showing(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    layers: Vec<LayerNote>,
    read: ReadCatalog,
    options: &Options,
) -> io::Result<Read> {
    let size = terminal.size()?;
    let lang = options.lang;
    let (sender, built) = mpsc::channel();
    std::thread::Builder::new()
        .name("catalog".into())
        .spawn(move || {
            let app = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                debug_panic_while_reading();
                read().map(|(catalog, deferred)| {
                    let app = App::new(catalog, lang, (size.width, size.height));
                    (Box::new(app), deferred)
                })
            }));
            match app {
                Ok(app) => {
                    let _ = sender.send(app);
                }
                // The panic hook has restored the terminal and said why; end
                // the process as a panic on the main thread would, rather
                // than leave the loading screen drawing on a restored one.
                Err(_) => std::process::exit(PANIC_EXIT),
            }
        })?;
    let started = Instant::now();
    let mut loading = Loading::new(layers);
    let mut drawn_at: Option<Instant> = None;
    loop {
        match built.try_recv() {
            Ok(Ok((app, deferred))) => {
                return Ok(Read::Ready(app, loading.into_waiting(), deferred));
            }
            Ok(Err(problems)) => return Ok(Read::Refused(problems)),
            // Only if the thread ended without a word (a panic ends the
            // process there).
            Err(mpsc::TryRecvError::Disconnected) => {
                return Err(io::Error::other("reading the catalog stopped unexpectedly"));
            }
            Err(mpsc::TryRecvError::Empty) => {}
        }
        if drawn_at.is_none_or(|at| at.elapsed() >= LOADING_REDRAW) {
            loading.elapsed = started.elapsed();
            draw(terminal, |frame| {
                ui::loading::render(&loading, options.theme, frame)
            })?;
            drawn_at = Some(Instant::now());
        }
        if event::poll(LOADING_TICK)? {
            match loading.take(event::read()?) {
                Taken::Quit => return Ok(Read::Quit),
                // Show the key at once.
                Taken::Kept => drawn_at = None,
                Taken::Ignored => {}
            }
        }
    }
}

/// How often the loop looks for link results while a check runs.
const CHECK_POLL: Duration = Duration::from_millis(100);
/// How often it looks whether the search text is built, when a search
/// waits for it.
const INDEX_POLL: Duration = Duration::from_millis(5);

/// The side effects, carried out after the state has been updated.
struct Edge {
    /// Opened on first use: connecting to a display costs start-up time.
    clipboard: Option<SystemClipboard>,
    browser: BrowserAccess,
    results: mpsc::Sender<UrlResult>,
    /// What each opener said, from its thread.
    opened: mpsc::Sender<(String, Result<(), String>)>,
    /// Openers not heard from yet.
    opening: usize,
}

impl Edge {
    fn perform(&mut self, effect: Effect, app: &mut App, terminal: &mut CrosstermBackend<Stdout>) {
        match effect {
            Effect::Copy { text, what } => {
                let message = self.copy(terminal, &text, &what);
                app.set_status(message);
            }
            Effect::CheckLinks(urls) => {
                let results = self.results.clone();
                std::thread::spawn(move || {
                    check::check_urls(urls, &CheckOptions::default(), |result| {
                        let _ = results.send(result);
                    });
                });
            }
            Effect::SaveShortlist => {
                if let Err(err) = app.marks().save() {
                    let path = app
                        .marks()
                        .path()
                        .map(|p| p.display().to_string())
                        .unwrap_or_default();
                    app.set_status(
                        crate::sanitize::line(&format!(
                            "Could not save the shortlist {path}: {err} (the marks stay here)"
                        ))
                        .into_owned(),
                    );
                }
            }
            Effect::SaveLinks => {
                let mut cache = app.links().clone();
                if let Err(err) = cache.merge_and_save() {
                    app.set_status(format!("Could not save the link cache: {err}"));
                }
            }
            Effect::Open(url) => {
                let message = match self.browser {
                    BrowserAccess::Remote => {
                        let copied = self.copy(terminal, &url, &url);
                        format!("No browser here (SSH or no display). {copied}")
                    }
                    BrowserAccess::Local => {
                        // An opener may take its time to fail (up to
                        // `edge::OPENER_PATIENCE`): the keys go on meanwhile.
                        let opened = self.opened.clone();
                        let shown = url.clone();
                        std::thread::spawn(move || {
                            let result = edge::open_url(&url);
                            let _ = opened.send((url, result));
                        });
                        self.opening += 1;
                        format!("Opening {shown} …")
                    }
                };
                app.set_status(crate::sanitize::line(&message).into_owned());
            }
        }
    }

    /// An opener's answer, as `Effect::Open` asked for it.
    fn opened(
        &mut self,
        url: &str,
        result: Result<(), String>,
        app: &mut App,
        terminal: &mut CrosstermBackend<Stdout>,
    ) {
        self.opening = self.opening.saturating_sub(1);
        let message = match result {
            Ok(()) => format!("Opened {url} in the browser"),
            Err(why) => {
                // Say so, and leave the URL where it is useful.
                let copied = self.copy(terminal, url, url);
                format!("Could not open a browser ({why}). {copied}")
            }
        };
        app.set_status(crate::sanitize::line(&message).into_owned());
    }

    fn copy(&mut self, terminal: &mut CrosstermBackend<Stdout>, text: &str, what: &str) -> String {
        let clipboard = self.clipboard.get_or_insert_with(SystemClipboard::open);
        edge::copy(terminal, clipboard, text, what)
    }
}

/// A forced panic for the end-to-end test of terminal restoration; exists
/// only in debug builds, which is what `cargo test` runs.
fn debug_panic_hook(event: &Event) {
    #[cfg(debug_assertions)]
    if let Event::Key(key) = event
        && let Ok(trigger) = std::env::var("MEDSETS_DEBUG_PANIC_KEY")
        && key.code == crossterm::event::KeyCode::Char(trigger.chars().next().unwrap_or('\0'))
    {
        panic!("forced panic for testing (MEDSETS_DEBUG_PANIC_KEY)");
    }
    #[cfg(not(debug_assertions))]
    let _ = event;
}

/// A forced panic on the thread that reads the catalogs, for the
/// end-to-end test of terminal restoration; debug builds only.
fn debug_panic_while_reading() {
    #[cfg(debug_assertions)]
    if std::env::var_os("MEDSETS_DEBUG_PANIC_READING").is_some() {
        panic!("forced panic while reading the catalog (MEDSETS_DEBUG_PANIC_READING)");
    }
}

/// Decodes one terminal event: keys through the keymap, in the mode the
/// state is in.
pub fn map_event(event: &Event, app: &App) -> Option<Action> {
    match event {
        Event::Key(key) => keymap::map_key(key, app.mode()),
        Event::Mouse(mouse) => map_mouse(*mouse),
        Event::Resize(w, h) => Some(Action::Resize(*w, *h)),
        Event::Paste(text) if app.is_typing() => Some(Action::Paste(text.clone())),
        _ => None,
    }
}

fn map_mouse(mouse: MouseEvent) -> Option<Action> {
    match mouse.kind {
        MouseEventKind::Down(MouseButton::Left) => Some(Action::Click(mouse.column, mouse.row)),
        MouseEventKind::ScrollUp => Some(Action::ScrollUp(mouse.column, mouse.row)),
        MouseEventKind::ScrollDown => Some(Action::ScrollDown(mouse.column, mouse.row)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restore_is_idempotent_when_nothing_was_set_up() {
        restore();
        restore();
    }
}
