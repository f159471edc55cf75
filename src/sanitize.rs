//! The one place where catalog text is made safe for a terminal.
//!
//! A catalog is data from someone else. Any control character could start an
//! escape sequence (clear the screen, set the window title, write the
//! clipboard through OSC 52), and bidi overrides can make text read other
//! than it is. So every string from a catalog goes through here before it is
//! drawn, printed as text or copied. JSON output keeps the data intact and
//! escapes instead: see [`write_json`].

use std::borrow::Cow;
use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};

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

/// Pretty-prints `value` as JSON in which every character that [`is_unsafe`]
/// flags is written as a `\uXXXX` escape. serde_json escapes only the C0
/// controls; DEL, the C1 controls (U+009B is a one-character CSI to some
/// terminals) and bidi controls would otherwise reach the terminal raw. The
/// output parses back to exactly the same strings.
pub fn write_json<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    let mut serializer =
        serde_json::Serializer::with_formatter(out, EscapingFormatter(PrettyFormatter::new()));
    value.serialize(&mut serializer).map_err(io::Error::from)
}

/// serde_json's pretty layout, with [`is_unsafe`] characters escaped in strings.
struct EscapingFormatter<'a>(PrettyFormatter<'a>);

/// Forwards the layout methods `PrettyFormatter` overrides.
macro_rules! pretty {
    ($($name:ident($($arg:ident: $ty:ty),*);)*) => {$(
        fn $name<W: ?Sized + Write>(&mut self, writer: &mut W $(, $arg: $ty)*) -> io::Result<()> {
            self.0.$name(writer $(, $arg)*)
        }
    )*};
}

impl Formatter for EscapingFormatter<'_> {
    pretty! {
        begin_array();
        end_array();
        begin_array_value(first: bool);
        end_array_value();
        begin_object();
        end_object();
        begin_object_key(first: bool);
        begin_object_value();
        end_object_value();
    }

    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut clean = 0;
        for (i, c) in fragment.char_indices() {
            if is_unsafe(c) {
                writer.write_all(&fragment.as_bytes()[clean..i])?;
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    write!(writer, "\\u{unit:04x}")?;
                }
                clean = i + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[clean..])
    }
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
    fn json_escapes_every_unsafe_character_and_round_trips() {
        let hostile = "a\u{1b}[2J\u{7}\u{0}\u{7f}\u{9b}31m\u{85}\u{202e}\u{2066}b\n胸部";
        let value = serde_json::json!({ hostile: [hostile, 1, null], "plain": {} });
        let mut out = Vec::new();
        write_json(&mut out, &value).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(!text.chars().any(|c| c != '\n' && is_unsafe(c)), "{text:?}");
        assert!(
            text.contains("\\u009b31m\\u0085\\u202e\\u2066b\\n胸部"),
            "{text}"
        );
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
        // Without hostile text the layout is serde_json's own.
        let plain = serde_json::json!({ "a": [1, "胸部"], "b": {} });
        let mut out = Vec::new();
        write_json(&mut out, &plain).unwrap();
        assert_eq!(out, serde_json::to_vec_pretty(&plain).unwrap());
    }

    #[test]
    fn whitespace_controls_become_spaces_in_a_line() {
        assert_eq!(line("a\tb\nc\rd"), "a b c d");
        assert_eq!(block("a\tb\nc\rd"), "a b\nc d");
    }
}
