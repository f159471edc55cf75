//! What every command shares: exit codes, the language and whether to
//! colour output.

use crate::cli::args::ColorChoice;
use crate::lang::Lang;

/// Exit codes of the command surface.
pub const EXIT_OK: u8 = 0;
pub const EXIT_NOT_FOUND: u8 = 1;
pub const EXIT_BAD_INPUT: u8 = 2;

/// What every command needs besides its own arguments.
pub struct Context {
    pub lang: Lang,
    pub paint: Paint,
}

/// ANSI styling for human output, off when not wanted.
#[derive(Debug, Clone, Copy)]
pub struct Paint {
    pub enabled: bool,
}

impl Paint {
    /// `auto` colours a terminal unless NO_COLOR is set (to anything non-empty)
    /// or TERM is `dumb`; `always` and `never` mean what they say.
    pub fn decide(choice: ColorChoice, is_tty: bool, no_color: bool, dumb_term: bool) -> Paint {
        let enabled = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => is_tty && !no_color && !dumb_term,
        };
        Paint { enabled }
    }

    fn wrap(self, code: &str, text: &str) -> String {
        if self.enabled {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    pub fn bold(self, text: &str) -> String {
        self.wrap("1", text)
    }

    pub fn dim(self, text: &str) -> String {
        self.wrap("2", text)
    }

    pub fn link(self, text: &str) -> String {
        self.wrap("4;36", text)
    }
}
