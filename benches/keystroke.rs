//! Key press to finished frame, at 1,000, 10,000 and 100,000 datasets.
//!
//! `cargo bench --bench keystroke` builds a synthetic catalog (the same
//! generator as `examples/synth.rs`), loads it from JSON as `--catalog`
//! would, builds the browser's state and draws the first 120x40 frame
//! (startup; the search text is built on a thread of its own from there,
//! as in the TUI; a key before it is answered at once and its search
//! finishes once the text is built), then replays a
//! scripted session: typing queries character by character,
//! moving the selection, deleting with backspace. Each key is timed from
//! the key event through the state update, the filtering and the render of
//! a whole frame into ratatui's `TestBackend`.
//!
//! A search over more datasets than one slice answers the key with the
//! first slice's hits and finishes over the following frames; `keystroke`
//! times the key to its first frame, `complete` to the last.
//!
//! Prints, per size, exactly:
//!   keystroke entries=N p50_ms=… p95_ms=… max_ms=…
//!   startup entries=N ms=…
//! then a per-phase breakdown. Sizes can be chosen: `-- 1000 50000`.
//! With `KEYS_VERBOSE` set, every key's query, times and hit count go to
//! stderr (which keys make the tail of `complete`).

#[path = "../tests/support/synth.rs"]
mod synth;

use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use medsets::catalog;
use medsets::lang::Lang;
use medsets::tui::action::Action;
use medsets::tui::app::App;
use medsets::tui::keymap::map_key;
use medsets::tui::{theme::Theme, ui};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const WIDTH: u16 = 120;
const HEIGHT: u16 = 40;

/// Queries a researcher types; facet terms included.
const QUERIES: &[&str] = &[
    "chest ct",
    "lung seg",
    "mri brain",
    "m:ct a:open",
    "vqa rad",
    "结核",
];

struct Timings {
    typing: Vec<Duration>,
    moving: Vec<Duration>,
    deleting: Vec<Duration>,
    /// Key to complete results: the key, then every slice of a search
    /// that did not fit in the first frame, each drawn.
    complete: Vec<Duration>,
}

fn main() {
    let sizes: Vec<usize> = {
        let args: Vec<usize> = std::env::args()
            .skip(1)
            .filter_map(|a| a.replace('_', "").parse().ok())
            .collect();
        if args.is_empty() {
            vec![1_000, 10_000, 100_000]
        } else {
            args
        }
    };
    println!(
        "machine: {} cores; frame {WIDTH}x{HEIGHT} into TestBackend",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    embedded();
    for n in sizes {
        run(n);
    }
}

/// The catalog built into the binary: parse, browser state and first frame.
fn embedded() {
    let start = Instant::now();
    let catalog = catalog::Catalog::embedded();
    let n = catalog.datasets.len();
    let mut app = App::new(catalog, Lang::En, (WIDTH, HEIGHT));
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("terminal");
    draw(&mut terminal, &mut app);
    println!(
        "startup entries={n} (embedded) ms={:.2}",
        ms(start.elapsed())
    );
}

fn run(n: usize) {
    let mut json = Vec::new();
    synth::write_json(n, synth::DEFAULT_SEED, &mut json).expect("generate");
    let json = String::from_utf8(json).expect("utf-8");

    let start = Instant::now();
    let catalog = catalog::load_str(&json, "synthetic.json").expect("valid synthetic catalog");
    let loaded = start.elapsed();
    let mut app = App::new(catalog, Lang::En, (WIDTH, HEIGHT));
    let indexed = start.elapsed();
    // As the TUI does: the search text and then the summary filters are
    // built on a thread of their own while the session below already types
    // (its first key waits for the search text if it is not built yet).
    let background = std::thread::spawn({
        let work = app.background_indexing();
        move || {
            work();
            start.elapsed()
        }
    });
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("terminal");
    draw(&mut terminal, &mut app);
    let startup = start.elapsed();

    let mut timings = Timings {
        typing: Vec::new(),
        moving: Vec::new(),
        deleting: Vec::new(),
        complete: Vec::new(),
    };
    let mut complete = Vec::new();
    let mut press = |app: &mut App, code: KeyCode| -> Duration {
        let t = Instant::now();
        if let Some(action) = map_key(&KeyEvent::new(code, KeyModifiers::NONE), app.mode()) {
            app.update(action);
        }
        draw(&mut terminal, app);
        let first_frame = t.elapsed();
        // What the event loop does while no key is waiting.
        while app.search_progress().is_some() {
            app.update(Action::ContinueSearch);
            draw(&mut terminal, app);
        }
        complete.push(t.elapsed());
        if std::env::var_os("KEYS_VERBOSE").is_some() {
            eprintln!(
                "key {:?} q={:?} first {:.1} complete {:.1} hits {}",
                code,
                app.query(),
                ms(first_frame),
                ms(t.elapsed()),
                app.match_count()
            );
        }
        first_frame
    };
    for query in QUERIES {
        press(&mut app, KeyCode::Char('/'));
        for c in query.chars() {
            timings.typing.push(press(&mut app, KeyCode::Char(c)));
        }
        for _ in 0..5 {
            timings.moving.push(press(&mut app, KeyCode::Down));
        }
        timings.moving.push(press(&mut app, KeyCode::PageDown));
        for _ in query.chars() {
            timings.deleting.push(press(&mut app, KeyCode::Backspace));
        }
        press(&mut app, KeyCode::Esc);
    }
    timings.complete = complete;
    let all: Vec<Duration> = timings
        .typing
        .iter()
        .chain(&timings.moving)
        .chain(&timings.deleting)
        .copied()
        .collect();
    let (p50, p95, max) = percentiles(&all);
    println!("keystroke entries={n} p50_ms={p50:.2} p95_ms={p95:.2} max_ms={max:.2}");
    println!("startup entries={n} ms={:.1}", ms(startup));
    println!(
        "  startup: parse+validate {:.1} ms, browser state {:.1} ms, first frame {:.1} ms; catalog JSON {:.1} MB",
        ms(loaded),
        ms(indexed - loaded),
        ms(startup - indexed),
        json.len() as f64 / 1e6
    );
    let filtered = background.join().expect("background indexing");
    println!(
        "  background: search text and summary filters complete {:.1} ms after the first frame (a key before the search text is answered at once and searched once it is built; searches before the filters scan summaries unfiltered)",
        ms(filtered.saturating_sub(startup))
    );
    for (name, list) in [
        ("typing", &timings.typing),
        ("moving", &timings.moving),
        ("backspace", &timings.deleting),
        ("complete", &timings.complete),
    ] {
        let (p50, p95, max) = percentiles(list);
        println!(
            "  {name:<9} n={:<3} p50_ms={p50:.2} p95_ms={p95:.2} max_ms={max:.2}",
            list.len()
        );
    }
}

/// A frame, as the event loop draws it: rendered, its geometry handed back.
fn draw(terminal: &mut Terminal<TestBackend>, app: &mut App) {
    let mut drawn = None;
    terminal
        .draw(|frame| drawn = Some(ui::render(app, Theme::COLOR, frame)))
        .expect("draw");
    app.frame_drawn(drawn.expect("drawn"));
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn percentiles(samples: &[Duration]) -> (f64, f64, f64) {
    let mut sorted: Vec<f64> = samples.iter().map(|d| ms(*d)).collect();
    sorted.sort_by(f64::total_cmp);
    if sorted.is_empty() {
        return (0.0, 0.0, 0.0);
    }
    let at = |q: f64| sorted[((sorted.len() - 1) as f64 * q).round() as usize];
    (at(0.5), at(0.95), *sorted.last().unwrap())
}
