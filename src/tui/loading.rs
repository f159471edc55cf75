//! The browser while its catalogs are still being read: what it reads, how
//! long it has taken, and the keys typed meanwhile, which are kept and
//! applied in order once the browser is ready — the way fzf takes keys
//! while its input still streams in.
//!
//! Reading 100,000 datasets and building their search text takes a
//! noticeable fraction of a second even from the catalog cache; this screen
//! is drawn before any of it, so a start never looks like a hang.

use std::path::Path;
use std::time::Duration;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::catalog::Layers;

/// One catalog being read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayerNote {
    /// As the user named it (a path), or "embedded catalog".
    pub name: String,
    /// The file's size, when it could be read.
    pub bytes: Option<u64>,
}

/// What the loading screen shows, and the events it keeps.
#[derive(Debug, Clone, Default)]
pub struct Loading {
    pub layers: Vec<LayerNote>,
    /// Since the screen was first drawn.
    pub elapsed: Duration,
    waiting: Vec<Event>,
}

/// What an event did to the loading screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Taken {
    /// Kept for the browser.
    Kept,
    /// Ctrl-C, or `q` as the first key: the user wants out now.
    Quit,
    /// Nothing to keep (a mouse event means nothing on this screen).
    Ignored,
}

impl Loading {
    pub fn new(layers: Vec<LayerNote>) -> Loading {
        Loading {
            layers,
            ..Loading::default()
        }
    }

    /// One terminal event while the catalogs are read.
    pub fn take(&mut self, event: Event) -> Taken {
        match &event {
            Event::Key(key) if key.kind == KeyEventKind::Release => Taken::Ignored,
            Event::Key(key) if is_quit(key, self.waiting.is_empty()) => Taken::Quit,
            Event::Key(_) | Event::Paste(_) | Event::Resize(..) => {
                self.waiting.push(event);
                Taken::Kept
            }
            _ => Taken::Ignored,
        }
    }

    /// The characters typed so far, as the status line echoes them (keys
    /// that are not characters leave no trace here; they are kept all the
    /// same).
    pub fn typed(&self) -> String {
        let mut typed = String::new();
        for event in &self.waiting {
            match event {
                Event::Key(KeyEvent {
                    code: KeyCode::Char(c),
                    modifiers,
                    ..
                }) if !modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) => {
                    typed.push(*c)
                }
                Event::Key(KeyEvent {
                    code: KeyCode::Backspace,
                    ..
                }) => {
                    typed.pop();
                }
                Event::Paste(text) => typed.push_str(text),
                _ => {}
            }
        }
        typed
    }

    /// The kept events, in the order they came.
    pub fn into_waiting(self) -> Vec<Event> {
        self.waiting
    }
}

/// Ctrl-C always; `q` only when nothing was typed before it (after `/` it
/// is a letter of the query, which only the browser can tell).
fn is_quit(key: &KeyEvent, first: bool) -> bool {
    let ctrl_c = key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL);
    let q = key.code == KeyCode::Char('q') && key.modifiers.is_empty() && first;
    ctrl_c || q
}

/// One note per layer of `layers`, in order.
pub fn notes(layers: &Layers) -> Vec<LayerNote> {
    let embedded = layers.embedded.then(|| LayerNote {
        name: "embedded catalog".to_string(),
        bytes: None,
    });
    let files = layers.files.iter().map(|path| LayerNote {
        name: path.display().to_string(),
        bytes: file_size(path),
    });
    embedded.into_iter().chain(files).collect()
}

fn file_size(path: &Path) -> Option<u64> {
    std::fs::metadata(path).ok().map(|m| m.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(c: char) -> Event {
        Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
    }

    #[test]
    fn keys_are_kept_in_order_and_echoed() {
        let mut loading = Loading::new(Vec::new());
        for c in "/chesx".chars() {
            assert_eq!(loading.take(key(c)), Taken::Kept);
        }
        loading.take(Event::Key(KeyEvent::new(
            KeyCode::Backspace,
            KeyModifiers::NONE,
        )));
        loading.take(key('t'));
        loading.take(Event::Paste(" ct".into()));
        assert_eq!(loading.typed(), "/chest ct");
        assert_eq!(loading.into_waiting().len(), 9);
    }

    #[test]
    fn q_quits_only_as_the_first_key_and_ctrl_c_always() {
        let mut loading = Loading::new(Vec::new());
        assert_eq!(loading.take(key('q')), Taken::Quit);
        loading.take(key('/'));
        assert_eq!(loading.take(key('q')), Taken::Kept);
        let ctrl_c = Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
        assert_eq!(loading.take(ctrl_c), Taken::Quit);
        assert_eq!(loading.typed(), "/q");
    }

    #[test]
    fn mouse_and_key_releases_are_not_kept() {
        let mut loading = Loading::new(Vec::new());
        let click = Event::Mouse(crossterm::event::MouseEvent {
            kind: crossterm::event::MouseEventKind::Down(crossterm::event::MouseButton::Left),
            column: 3,
            row: 4,
            modifiers: KeyModifiers::NONE,
        });
        assert_eq!(loading.take(click), Taken::Ignored);
        let mut release = KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE);
        release.kind = KeyEventKind::Release;
        assert_eq!(loading.take(Event::Key(release)), Taken::Ignored);
        assert_eq!(loading.take(Event::Resize(80, 24)), Taken::Kept);
        assert!(loading.typed().is_empty());
    }

    #[test]
    fn notes_name_each_layer_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("lab.json");
        std::fs::write(&file, "12345").unwrap();
        let mut layers = Layers::embedded_only();
        layers.files = vec![file.clone(), dir.path().join("missing.json")];
        let notes = notes(&layers);
        assert_eq!(notes[0].name, "embedded catalog");
        assert_eq!(notes[1].bytes, Some(5));
        assert_eq!(notes[2].bytes, None);
    }
}
