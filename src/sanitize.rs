//! The one place where catalog text is made safe for a terminal.
//!
//! A catalog is data from someone else. Any control character could start an
//! escape sequence (clear the screen, set the window title, write the
//! clipboard through OSC 52), and bidi overrides can make text read other
//! than it is. So every string from a catalog goes through here before it is
//! drawn, printed as text or copied; JSON output is escaped by serde instead.

use std::borrow::Cow;

/// What replaces a character that must not reach the terminal.
pub const REPLACEMENT: char = '\u{fffd}';

/// Bidirectional formatting characters: embeddings, overrides, isolates and marks.
fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
    )
}

/// A character that can change how a terminal behaves or how text reads.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

/// One line of display text: tabs and line breaks become spaces; every other
/// control character (C0, DEL, C1 including CSI/OSC/ST) and every bidi
/// control becomes U+FFFD, so the text stays visibly altered rather than
/// silently different. ESC is replaced, which defangs any sequence it starts.
pub fn line(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                '\t' | '\n' | '\r' => ' ',
                c if is_unsafe(c) => REPLACEMENT,
                c => c,
            })
            .collect(),
    )
}

/// Multi-line text: line breaks are kept, everything else as in [`line`].
pub fn block(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c != '\n' && is_unsafe(c)) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                '\n' => '\n',
                '\t' | '\r' => ' ',
                c if is_unsafe(c) => REPLACEMENT,
                c => c,
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        assert!(matches!(line("MIMIC-CXR 胸部 X 线"), Cow::Borrowed(_)));
        assert!(matches!(block("a\nb"), Cow::Borrowed(_)));
    }

    #[test]
    fn escape_sequences_lose_their_escape() {
        let hostile = "a\u{1b}[2Jb\u{1b}]0;pwned\u{7}c\u{1b}]52;c;ZXZpbA==\u{1b}\\d";
        let safe = line(hostile);
        assert!(!safe.chars().any(|c| c.is_control()), "{safe:?}");
        assert_eq!(
            safe,
            "a\u{fffd}[2Jb\u{fffd}]0;pwned\u{fffd}c\u{fffd}]52;c;ZXZpbA==\u{fffd}\\d"
        );
    }

    #[test]
    fn c1_controls_nul_del_and_bidi_are_replaced() {
        for c in [
            '\u{0}', '\u{7f}', '\u{9b}', '\u{9d}', '\u{85}', '\u{202e}', '\u{2066}', '\u{200f}',
        ] {
            let text = format!("x{c}y");
            assert_eq!(line(&text), "x\u{fffd}y", "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn whitespace_controls_become_spaces_in_a_line() {
        assert_eq!(line("a\tb\nc\rd"), "a b c d");
        assert_eq!(block("a\tb\nc\rd"), "a b\nc d");
    }
}
