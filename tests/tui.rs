//! The TUI without a terminal: keys go through the real key map into
//! `App::update`, and screens are drawn into ratatui's `TestBackend`.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use medsets::catalog::Catalog;
use medsets::lang::Lang;
use medsets::tui::action::{Action, Effect, Focus};
use medsets::tui::app::App;
use medsets::tui::keymap;
use medsets::tui::{theme::Theme, ui};
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;

fn app(width: u16, height: u16) -> App {
    App::new(Catalog::embedded(), Lang::En, (width, height))
}

/// Presses each key as the event loop would; returns the last effect.
fn press(app: &mut App, keys: &[KeyCode]) -> Option<Effect> {
    let mut effect = None;
    for &code in keys {
        if let Some(action) = keymap::map_key(&KeyEvent::new(code, KeyModifiers::NONE), app.mode())
        {
            effect = app.update(action).or(effect);
        }
        draw(app);
    }
    effect
}

fn type_str(app: &mut App, text: &str) {
    let keys: Vec<KeyCode> = text.chars().map(KeyCode::Char).collect();
    press(app, &keys);
}

/// Draws a frame as the event loop does, handing its geometry back.
fn draw(app: &mut App) -> Buffer {
    let (w, h) = app.size();
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    let mut drawn = None;
    terminal
        .draw(|frame| drawn = Some(ui::render(app, Theme::MONO, frame)))
        .unwrap();
    app.frame_drawn(drawn.unwrap());
    terminal.backend().buffer().clone()
}

fn text(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in 0..area.height {
        let mut skip = 0;
        for x in 0..area.width {
            let symbol = buffer[(x, y)].symbol();
            // A wide character occupies two cells; the second is empty.
            if skip > 0 {
                skip -= 1;
                continue;
            }
            skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
            out.push_str(symbol);
        }
        out.push('\n');
    }
    out
}

fn screen(app: &mut App) -> String {
    text(&draw(app))
}

#[test]
fn first_screen() {
    let mut app = app(120, 35);
    let screen = screen(&mut app);
    assert!(
        screen.contains(">    ChatDoctor datasets"),
        "first dataset selected"
    );
    for part in [
        "Access",
        "Requires",
        "Download",
        "https://drive.google.com/",
        "[+] Organ-specific (3)",
    ] {
        assert!(
            screen.contains(part),
            "the first screen shows every category and the links: {part}"
        );
    }
    insta::assert_snapshot!("first_screen", screen);
}

#[test]
fn filtered_screen_highlights_the_match() {
    let mut app = app(100, 30);
    press(&mut app, &[KeyCode::Char('/')]);
    type_str(&mut app, "vqa");
    let buffer = draw(&mut app);
    let screen = text(&buffer);
    assert!(
        screen.contains("/vqa"),
        "the query shows in the status line"
    );
    assert!(
        screen.contains("(5/14)") || screen.contains("/14)"),
        "{screen}"
    );
    assert!(
        screen.contains("Organ-specific (0/3)"),
        "categories without matches stay, empty: {screen}"
    );
    assert!(screen.contains("Multi-collection (0/1)"), "{screen}");
    // The matched letters of the row carry the highlight style.
    let row = (0..buffer.area.height)
        .find(|&y| row_text(&buffer, y).contains("    VQA-RAD"))
        .expect("VQA-RAD row");
    let line = row_text(&buffer, row);
    let start = line[..line.find("VQA-RAD").unwrap()].chars().count() as u16;
    for dx in 0..3 {
        let cell = &buffer[(start + dx, row)];
        assert!(
            cell.modifier.contains(Modifier::UNDERLINED),
            "V Q A highlighted"
        );
    }
    assert!(
        !buffer[(start + 3, row)]
            .modifier
            .contains(Modifier::UNDERLINED),
        "'-' not highlighted"
    );
    insta::assert_snapshot!("filtered_vqa", screen);
}

fn row_text(buffer: &Buffer, y: u16) -> String {
    (0..buffer.area.width)
        .map(|x| buffer[(x, y)].symbol())
        .collect()
}

#[test]
fn long_entry_scrolled_in_the_detail_panel() {
    let mut app = app(90, 24);
    press(&mut app, &[KeyCode::Char('/')]);
    type_str(&mut app, "mimic");
    press(&mut app, &[KeyCode::Enter, KeyCode::Enter]);
    assert_eq!(app.focus(), Focus::Detail);
    press(&mut app, &[KeyCode::PageDown]);
    assert!(app.detail_scroll() > 0);
    let screen = screen(&mut app);
    assert!(screen.contains("[detail]"));
    insta::assert_snapshot!("mimic_scrolled", screen);
}

#[test]
fn help_overlay_lists_every_key() {
    let mut app = app(120, 35);
    press(&mut app, &[KeyCode::Char('?')]);
    let screen = screen(&mut app);
    assert!(screen.contains("Keys (Esc or ? closes)"), "fits:\n{screen}");
    for key in [
        "Ctrl-n", "PgUp", "Tab", "Esc", "1-9", "Y ", "o ", "L ", "Ctrl-c", "/ ", "Space",
    ] {
        assert!(screen.contains(key), "help lacks {key:?}");
    }
    insta::assert_snapshot!("help", screen);
    press(&mut app, &[KeyCode::Esc]);
    assert!(!app.show_help());
}

#[test]
fn tiny_screen_still_shows_the_tree() {
    let mut app = app(20, 6);
    let screen = screen(&mut app);
    assert!(screen.contains(">"), "{screen}");
    insta::assert_snapshot!("tiny_20x6", screen);
    let mut app = self::app(10, 3);
    assert!(self::screen(&mut app).starts_with("terminal t"));
}

#[test]
fn chinese_entry_lays_out_by_display_width() {
    let mut app = App::new(Catalog::embedded(), Lang::Zh, (84, 60));
    press(&mut app, &[KeyCode::Char('/')]);
    type_str(&mut app, "结核");
    press(&mut app, &[KeyCode::Enter]);
    assert_eq!(app.selected_dataset().unwrap().id, "nlm-tb");
    let buffer = draw(&mut app);
    let screen = text(&buffer);
    assert!(screen.contains("肺结核"), "{screen}");
    // Every row is exactly as wide as the screen: nothing overflowed.
    for line in screen.lines() {
        assert_eq!(unicode_width::UnicodeWidthStr::width(line), 84, "{line:?}");
    }
    insta::assert_snapshot!("nlm_tb_zh", screen);
}

#[test]
fn selection_is_visible_without_colour_or_attributes() {
    let mut app = app(80, 20);
    let screen = screen(&mut app);
    let selected: Vec<&str> = screen.lines().filter(|l| l.contains(">    ")).collect();
    assert_eq!(selected.len(), 1, "exactly one `>` marker");
}

#[test]
fn copy_keys_produce_the_right_urls() {
    let mut app = app(100, 30);
    press(&mut app, &[KeyCode::Char('/')]);
    type_str(&mut app, "vqa-rad");
    press(&mut app, &[KeyCode::Enter]);
    let Some(Effect::Copy { text, .. }) = press(&mut app, &[KeyCode::Char('y')]) else {
        panic!("y copies")
    };
    assert_eq!(text, "https://osf.io/89kps/");
    let Some(Effect::Copy { text, .. }) = press(&mut app, &[KeyCode::Char('2')]) else {
        panic!("2 copies")
    };
    assert_eq!(
        text,
        "https://huggingface.co/datasets/flaviagiammarino/vqa-rad"
    );
    let Some(Effect::Copy { text, .. }) = press(&mut app, &[KeyCode::Char('Y')]) else {
        panic!("Y copies")
    };
    assert_eq!(
        text.lines().collect::<Vec<_>>()[1],
        "https://huggingface.co/datasets/flaviagiammarino/vqa-rad"
    );
}

/// Every key the app knows, plus some it does not.
fn any_key() -> impl Strategy<Value = KeyEvent> {
    let codes = prop_oneof![
        Just(KeyCode::Up),
        Just(KeyCode::Down),
        Just(KeyCode::Left),
        Just(KeyCode::Right),
        Just(KeyCode::Home),
        Just(KeyCode::End),
        Just(KeyCode::PageUp),
        Just(KeyCode::PageDown),
        Just(KeyCode::Enter),
        Just(KeyCode::Esc),
        Just(KeyCode::Tab),
        Just(KeyCode::BackTab),
        Just(KeyCode::Backspace),
        Just(KeyCode::F(1)),
        prop::char::range(' ', '~')
            .prop_filter("not quit", |c| *c != 'q')
            .prop_map(KeyCode::Char),
        prop::sample::select(vec!['结', '核', '胸', 'é', '（']).prop_map(KeyCode::Char),
    ];
    let modifiers = prop_oneof![
        8 => Just(KeyModifiers::NONE),
        1 => Just(KeyModifiers::CONTROL),
        1 => Just(KeyModifiers::SHIFT),
    ];
    (codes, modifiers).prop_map(|(code, modifiers)| KeyEvent::new(code, modifiers))
}

#[derive(Debug, Clone)]
enum Step {
    Key(KeyEvent),
    Resize(u16, u16),
    Click(u16, u16),
    Wheel(u16, u16, bool),
    /// An idle moment: an unfinished search takes its next slice.
    Idle,
}

fn any_step() -> impl Strategy<Value = Step> {
    prop_oneof![
        20 => any_key().prop_map(Step::Key),
        1 => (1u16..300, 1u16..100).prop_map(|(w, h)| Step::Resize(w, h)),
        2 => (0u16..300, 0u16..100).prop_map(|(x, y)| Step::Click(x, y)),
        2 => (0u16..300, 0u16..100, any::<bool>()).prop_map(|(x, y, up)| Step::Wheel(x, y, up)),
        3 => Just(Step::Idle),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    /// Any size, any keys: never a panic, and the selection and scroll
    /// positions stay valid after every step.
    #[test]
    fn random_sizes_and_keys_keep_the_state_valid(
        size in (1u16..300, 1u16..100),
        steps in prop::collection::vec(any_step(), 1..60),
    ) {
        // Small slices, so searches are often unfinished when keys arrive.
        let mut app = app(size.0, size.1).with_search_chunk(9);
        for step in steps {
            let action = match step {
                Step::Key(key) => keymap::map_key(&key, app.mode()),
                Step::Resize(w, h) => Some(Action::Resize(w, h)),
                Step::Click(x, y) => Some(Action::Click(x, y)),
                Step::Wheel(x, y, up) => Some(if up { Action::ScrollUp(x, y) } else { Action::ScrollDown(x, y) }),
                Step::Idle => Some(Action::ContinueSearch),
            };
            if let Some(action) = action {
                app.update(action);
            }
            // As the loop does: a frame after the keys, its geometry handed back.
            draw(&mut app);
            let rows = app.rows().len();
            prop_assert!(rows == 0 || app.selected_index() < rows);
            let drawn = app.drawn();
            let height = usize::from(drawn.tree_body.height);
            if height > 0 && rows > 0 {
                prop_assert!(app.tree_offset() <= app.selected_index());
                prop_assert!(app.selected_index() < app.tree_offset() + height);
            }
            if drawn.detail_body.area() > 0 {
                let content = ui::detail::lines(&app, Theme::MONO, drawn.detail_body.width).len();
                prop_assert!(app.detail_scroll() <= content.saturating_sub(usize::from(drawn.detail_body.height)));
            }
            if app.should_quit() {
                break;
            }
        }
    }
}

#[test]
fn hostile_text_is_replaced_in_every_view() {
    let hostile = "Evil\u{1b}]0;T\u{7}\u{1b}[2J\u{9b}31m\u{0}\u{202e}\u{2066}x";
    let catalog = serde_json::json!({
        "version": 1,
        "categories": [{"id": "imaging", "name": hostile, "name_zh": hostile, "description": hostile}],
        "datasets": [{
            "id": "evil", "name": hostile, "aliases": [hostile], "categories": ["imaging"],
            "summary": hostile, "summary_zh": hostile, "modalities": [hostile], "body_regions": [hostile],
            "tasks": [hostile], "size": [{"value": 1, "unit": hostile}], "languages": [hostile],
            "access": "open", "license": hostile,
            "paper": {"title": hostile, "venue": hostile, "id": hostile},
            "urls": [{"label": hostile, "url": "https://example.org/safe"}]
        }]
    });
    let catalog = medsets::catalog::load_str(&catalog.to_string(), "hostile.json").unwrap();
    let mut app = App::new(catalog, Lang::En, (100, 40));
    let check = |app: &mut App| {
        let buffer = draw(app);
        let screen = text(&buffer);
        assert!(screen.contains('\u{fffd}'), "replacement shown:\n{screen}");
        assert!(
            !screen
                .chars()
                .any(|c| c != '\n' && medsets::sanitize::is_unsafe(c)),
            "unsafe character on screen:\n{screen:?}"
        );
    };
    check(&mut app);
    press(&mut app, &[KeyCode::Up]);
    check(&mut app);
    press(&mut app, &[KeyCode::Char('L')]);
    check(&mut app);
    press(&mut app, &[KeyCode::Char('y'), KeyCode::Char('/')]);
    type_str(&mut app, "evil");
    check(&mut app);
}

#[test]
fn compare_view_fits_120x35_and_80x24() {
    for (w, h, all_fit) in [(120, 35, true), (80, 24, false)] {
        let mut app = app(w, h);
        for id in ["lidc-idri", "fumpe", "ct-org", "rad-chestct"] {
            press(&mut app, &[KeyCode::Esc, KeyCode::Char('/')]);
            type_str(&mut app, id);
            press(&mut app, &[KeyCode::Enter, KeyCode::Char(' ')]);
        }
        press(&mut app, &[KeyCode::Esc, KeyCode::Char('=')]);
        let shown = screen(&mut app);
        assert!(shown.contains("Compare 4 datasets"), "{shown}");
        for part in [
            "Modality",
            "Licence",
            "Link [1]",
            "RAD-ChestCT",
            "LIDC-IDRI",
            "FUMPE",
        ] {
            assert!(shown.contains(part), "{part} at {w}x{h}:\n{shown}");
        }
        // Columns in catalog order; at 80 columns the last one is off to the right.
        assert_eq!(shown.contains("CT-ORG  "), all_fit, "{shown}");
        for line in shown.lines() {
            assert_eq!(unicode_width::UnicodeWidthStr::width(line), usize::from(w));
        }
        if !all_fit {
            // l scrolls the columns: the last one comes into view.
            press(&mut app, &[KeyCode::Char('l')]);
            let scrolled = screen(&mut app);
            assert!(scrolled.contains("columns 2-4 of 4"), "{scrolled}");
            assert!(scrolled.contains("CT-ORG"), "{scrolled}");
        }
        press(&mut app, &[KeyCode::Char('=')]);
        assert!(!screen(&mut app).contains("Compare 4"));
    }
}

/// While typing, the best match is selected wherever it is; when it lands
/// in a later category out of view, it is shown under its own heading, not
/// at the foot of the pane under another category's rows.
#[test]
fn a_match_out_of_view_is_shown_under_its_category_heading() {
    // Every modality, body region and task of the catalog, as a query.
    let catalog = Catalog::embedded();
    let mut queries: Vec<&str> = catalog
        .datasets
        .iter()
        .flat_map(|d| d.modalities.iter().chain(&d.body_regions).chain(&d.tasks))
        .map(|text| text.as_ref())
        .collect();
    queries.sort_unstable();
    queries.dedup();
    assert!(queries.len() > 30);
    for query in queries {
        let mut app = app(100, 10);
        draw(&mut app);
        type_str(&mut app, &format!("/{query}"));
        let screen = screen(&mut app);
        let Some(row) = app.selected_row().filter(|row| row.dataset().is_some()) else {
            continue;
        };
        let heading: String = app.catalog().categories[row.category()]
            .name
            .chars()
            .take(8)
            .collect();
        let lines: Vec<&str> = screen.lines().collect();
        let selected = lines
            .iter()
            .position(|line| line.trim_start_matches('│').starts_with('>'))
            .unwrap_or_else(|| panic!("{query}: the selection is on screen:\n{screen}"));
        let heading_at = lines.iter().position(|line| line.contains(&heading));
        assert!(
            heading_at.is_some_and(|at| at < selected),
            "{query}: the heading {heading:?} is above the selection:\n{screen}"
        );
    }
}
