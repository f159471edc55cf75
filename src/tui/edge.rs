//! The edges: the clipboard and the browser.
//!
//! Copying writes an OSC 52 sequence to the terminal, which reaches the local
//! clipboard over SSH and through tmux (`set -g set-clipboard on`), and also
//! sets the system clipboard when a display is reachable. Either is enough.

use std::io::{self, Write};
use std::process::Stdio;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use crate::catalog::check_web_url;
use crate::sanitize;

/// The OSC 52 "set clipboard" sequence for `text`.
pub fn osc52(text: &str) -> String {
    format!("\x1b]52;c;{}\x07", STANDARD.encode(text))
}

/// Writes OSC 52 for `text` to `terminal` (the tty, never a piped stdout).
pub fn write_osc52(terminal: &mut impl Write, text: &str) -> io::Result<()> {
    terminal.write_all(osc52(text).as_bytes())?;
    terminal.flush()
}

/// Text that must not be copied: it would act on whatever it is pasted into.
pub fn refuse_copy(text: &str) -> Option<&'static str> {
    text.chars()
        .any(|c| c != '\n' && sanitize::is_unsafe(c))
        .then_some("refused to copy text with control characters")
}

/// The system clipboard, kept for the life of the app: on X11 and Wayland
/// the copied text is served by this process, so dropping it would lose it.
pub struct SystemClipboard {
    inner: Option<arboard::Clipboard>,
    unavailable: Option<String>,
}

impl SystemClipboard {
    pub fn open() -> SystemClipboard {
        match arboard::Clipboard::new() {
            Ok(clipboard) => SystemClipboard {
                inner: Some(clipboard),
                unavailable: None,
            },
            Err(err) => SystemClipboard {
                inner: None,
                unavailable: Some(err.to_string()),
            },
        }
    }

    #[cfg(test)]
    pub fn none() -> SystemClipboard {
        SystemClipboard {
            inner: None,
            unavailable: Some("disabled".into()),
        }
    }

    pub fn set(&mut self, text: &str) -> Result<(), String> {
        match &mut self.inner {
            Some(clipboard) => clipboard
                .set_text(text.to_string())
                .map_err(|e| e.to_string()),
            None => Err(self.unavailable.clone().unwrap_or_default()),
        }
    }
}

/// Copies through both paths and says which worked, for the status line.
pub fn copy(
    terminal: &mut impl Write,
    system: &mut SystemClipboard,
    text: &str,
    what: &str,
) -> String {
    if let Some(why) = refuse_copy(text) {
        return format!("Not copied: {why}");
    }
    let osc = write_osc52(terminal, text).is_ok();
    let sys = system.set(text).is_ok();
    let how = match (osc, sys) {
        (true, true) => "OSC 52 + system clipboard",
        (true, false) => "OSC 52",
        (false, true) => "system clipboard",
        (false, false) => {
            return "Copy failed: no terminal clipboard (OSC 52) and no system clipboard".into();
        }
    };
    format!("Copied {} ({how})", shorten(&sanitize::line(what), 60))
}

/// Where a browser can be opened from this session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BrowserAccess {
    Local,
    /// Over SSH a browser would open on the remote machine, if at all.
    Remote,
}

impl BrowserAccess {
    pub fn detect() -> BrowserAccess {
        let set = |v: &str| std::env::var_os(v).is_some_and(|value| !value.is_empty());
        let ssh = ["SSH_TTY", "SSH_CONNECTION", "SSH_CLIENT"]
            .iter()
            .any(|v| set(v));
        // On Linux and the BSDs a browser needs a display; macOS and
        // Windows always have one.
        let no_display =
            cfg!(all(unix, not(target_os = "macos"))) && !set("DISPLAY") && !set("WAYLAND_DISPLAY");
        if ssh || no_display {
            BrowserAccess::Remote
        } else {
            BrowserAccess::Local
        }
    }
}

/// Opens an http(s) URL with the platform's opener, without a shell and
/// without waiting: the URL is one argument, stdio is detached.
pub fn open_url(url: &str) -> Result<(), String> {
    check_web_url(url).map_err(|why| format!("refused to open {url:?}: {why}"))?;
    open_with(open::commands(url), OPENER_PATIENCE)
}

/// How long an opener may take to say it failed. `xdg-open` and `gio`
/// hand the URL to a browser and exit at once; one still running after
/// this is taken to be the browser itself.
const OPENER_PATIENCE: std::time::Duration = std::time::Duration::from_millis(1500);

/// Tries each opener until one works: it exits successfully, or is still
/// running after `patience`. A failed exit (`gio: exit 4` on a machine
/// without a browser) is a failure, reported, and the next opener is
/// tried. Every child is reaped, here or on a thread of its own, so none
/// is left `<defunct>`.
pub fn open_with(
    commands: impl IntoIterator<Item = std::process::Command>,
    patience: std::time::Duration,
) -> Result<(), String> {
    let mut failures = Vec::new();
    for mut command in commands {
        command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let program = command.get_program().to_string_lossy().into_owned();
        let mut child = match command.spawn() {
            Ok(child) => child,
            Err(err) => {
                failures.push(format!("{program}: {err}"));
                continue;
            }
        };
        let started = std::time::Instant::now();
        loop {
            match child.try_wait() {
                Ok(Some(status)) if status.success() => return Ok(()),
                Ok(Some(status)) => {
                    failures.push(format!("{program}: {status}"));
                    break;
                }
                Ok(None) if started.elapsed() >= patience => {
                    std::thread::spawn(move || child.wait());
                    return Ok(());
                }
                Ok(None) => std::thread::sleep(std::time::Duration::from_millis(20)),
                Err(err) => {
                    failures.push(format!("{program}: {err}"));
                    std::thread::spawn(move || child.wait());
                    break;
                }
            }
        }
    }
    if failures.is_empty() {
        failures.push("no opener found".into());
    }
    Err(failures.join("; "))
}

fn shorten(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let kept: String = text.chars().take(max_chars.saturating_sub(3)).collect();
    format!("{kept}...")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sh(script: &str) -> std::process::Command {
        let mut command = std::process::Command::new("sh");
        command.args(["-c", script]);
        command
    }

    #[test]
    fn a_failing_opener_is_a_failure_and_the_next_one_is_tried() {
        let quick = std::time::Duration::from_millis(300);
        let err = open_with([sh("exit 4")], quick).unwrap_err();
        assert!(err.contains("exit status: 4"), "{err}");
        assert!(open_with([sh("exit 4"), sh("exit 0")], quick).is_ok());
        // Still running after the patience: taken to be the browser.
        assert!(open_with([sh("sleep 2")], quick).is_ok());
        let err =
            open_with([std::process::Command::new("/nonexistent/opener")], quick).unwrap_err();
        assert!(err.contains("/nonexistent/opener"), "{err}");
        assert_eq!(open_with([], quick).unwrap_err(), "no opener found");
    }

    #[test]
    fn osc52_encodes_the_text() {
        assert_eq!(
            osc52("https://osf.io/89kps/"),
            "\x1b]52;c;aHR0cHM6Ly9vc2YuaW8vODlrcHMv\x07"
        );
        let mut out = Vec::new();
        write_osc52(&mut out, "a\nb").unwrap();
        assert_eq!(out, b"\x1b]52;c;YQpi\x07");
    }

    #[test]
    fn copy_reports_which_path_worked() {
        let mut out = Vec::new();
        let message = copy(
            &mut out,
            &mut SystemClipboard::none(),
            "https://x.org/",
            "https://x.org/",
        );
        assert_eq!(message, "Copied https://x.org/ (OSC 52)");
        assert!(!out.is_empty());
    }

    #[test]
    fn control_characters_are_never_copied() {
        let mut out = Vec::new();
        let message = copy(
            &mut out,
            &mut SystemClipboard::none(),
            "https://x.org/\x1b[2J",
            "x",
        );
        assert!(message.starts_with("Not copied"), "{message}");
        assert!(out.is_empty());
        assert_eq!(refuse_copy("a\nb"), None, "newlines join Y's list");
    }

    #[test]
    fn only_web_urls_are_opened() {
        for url in [
            "file:///etc/passwd",
            "javascript:alert(1)",
            "https://x.org/\n",
            "ftp://x.org",
        ] {
            assert!(open_url(url).unwrap_err().starts_with("refused"), "{url}");
        }
    }

    #[test]
    fn long_status_text_is_shortened() {
        assert_eq!(shorten("abcdef", 10), "abcdef");
        assert_eq!(shorten("abcdefghijkl", 6), "abc...");
    }
}
