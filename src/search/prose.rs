//! Literal matching in the summaries, with small Bloom filters in front.
//!
//! Summaries are long (hundreds of characters in two languages) and most of
//! them do not contain a given word, so scanning every one on every
//! keystroke is the biggest cost of a search over a large catalog. Each
//! summary therefore carries two bit sets, filled once at load: the byte
//! trigrams it contains, and the one- and two-byte beginnings of its words.
//! A needle whose trigrams are not all in the set cannot occur, and one
//! whose beginning is not in the word-start set cannot start a word; only
//! what passes is scanned. The filters can say "maybe" wrongly, never "no"
//! wrongly, so results are exactly those of a full scan.
//!
//! Filters are only ever an accelerator, so they can be added after the
//! prose is in use (see [`Prose::add_filters`]): the TUI builds them on a
//! background thread after its first frame, and searches meanwhile scan
//! what has none yet.

/// Needles this short count only at the start of a word ("ct" in
/// "collected" is noise). Counted in characters.
pub const MIN_INSIDE_LEN: usize = 3;

use std::sync::OnceLock;

use memchr::memmem;

use super::rank::{self, Place};

const TRIGRAM_WORDS: usize = 32; // 2,048 bits
const START_WORDS: usize = 4; // 256 bits

pub struct Prose {
    /// Both summaries, folded and lowercased, joined by a newline.
    text: Box<str>,
    /// Empty until [`Prose::add_filters`]; set once, read by any thread.
    filters: OnceLock<Box<Filters>>,
}

struct Filters {
    trigrams: [u64; TRIGRAM_WORDS],
    starts: [u64; START_WORDS],
}

impl Prose {
    /// Prose without filters (yet): every search scans it.
    pub fn unfiltered(text: String) -> Prose {
        Prose {
            text: text.into_boxed_str(),
            filters: OnceLock::new(),
        }
    }

    #[cfg(test)]
    /// Prose with its filters.
    pub fn new(text: String) -> Prose {
        let prose = Prose::unfiltered(text);
        prose.add_filters();
        prose
    }

    /// Builds the filters unless they are there; through a shared
    /// reference, so searches can go on meanwhile.
    pub fn add_filters(&self) {
        self.filters
            .get_or_init(|| Box::new(Filters::build(&self.text)));
    }
}

impl Filters {
    fn build(text: &str) -> Filters {
        let mut prose = Filters {
            trigrams: [0; TRIGRAM_WORDS],
            starts: [0; START_WORDS],
        };
        let bytes = text.as_bytes();
        for window in bytes.windows(3) {
            set(
                &mut prose.trigrams,
                trigram_bit(window[0], window[1], window[2]),
            );
        }
        // One pass: a word starts at a CJK character or after anything that
        // is not a letter or digit (or after CJK). Most prose is ASCII,
        // which is told apart without decoding.
        let mut previous_joins = false;
        for (at, c) in text.char_indices() {
            let (starts_word, joins) = if c.is_ascii() {
                (!previous_joins, c.is_ascii_alphanumeric())
            } else {
                let cjk = is_cjk(c);
                (cjk || !previous_joins, !cjk && c.is_alphanumeric())
            };
            if starts_word {
                // The first two bytes, whatever they encode: a two-byte
                // needle is one accented letter or two ASCII ones.
                let first = bytes[at];
                set(&mut prose.starts, start_bit(first, None));
                if let Some(&second) = bytes.get(at + 1) {
                    set(&mut prose.starts, start_bit(first, Some(second)));
                }
            }
            previous_joins = joins;
        }
        prose
    }
}

/// A word of a query as prose is searched for it: lowercased, with its
/// length in characters as typed, and a substring searcher built once per
/// query rather than once per summary.
pub struct Needle {
    text: String,
    chars: usize,
    finder: memmem::Finder<'static>,
}

impl Needle {
    /// `lowercased` is the word lowercased; `chars` its length as typed.
    pub fn new(lowercased: String, chars: usize) -> Needle {
        Needle {
            finder: memmem::Finder::new(lowercased.as_bytes()).into_owned(),
            text: lowercased,
            chars,
        }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The word's length in characters, as typed.
    pub fn chars(&self) -> usize {
        self.chars
    }

    pub fn finder(&self) -> &memmem::Finder<'static> {
        &self.finder
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
}

impl Prose {
    /// Score of a literal `needle` (see [`rank::prose_score`]): a whole
    /// word, the start of a word, or inside one for a long enough needle;
    /// `None` when it does not occur.
    pub fn score(&self, needle: &Needle) -> Option<u32> {
        if needle.is_empty() {
            return Some(0);
        }
        if !self.may_contain(&needle.text, needle.chars) {
            return None;
        }
        let mut best = None;
        for at in needle.finder.find_iter(self.text.as_bytes()) {
            let place = if is_word_start(&self.text, at) {
                if is_word_end(&self.text, at + needle.text.len()) {
                    Place::WholeWord
                } else {
                    Place::WordStart
                }
            } else if needle.chars >= MIN_INSIDE_LEN {
                Place::Inside
            } else {
                continue;
            };
            best = best.max(Some(place));
            if place == Place::WholeWord {
                break;
            }
        }
        best.map(|place| rank::prose_score(place, needle.chars))
    }

    /// Whether `needle` occurs anywhere (for negation).
    pub fn contains(&self, needle: &Needle) -> bool {
        let bytes = needle.text.as_bytes();
        if let Some(filters) = self.filters.get()
            && bytes.len() >= 3
            && !filters.has_trigrams_of(bytes)
        {
            return false;
        }
        needle.finder.find(self.text.as_bytes()).is_some()
    }

    /// False only when the needle certainly cannot score.
    fn may_contain(&self, needle: &str, needle_len: usize) -> bool {
        let Some(filters) = self.filters.get() else {
            return true;
        };
        let bytes = needle.as_bytes();
        if bytes.len() >= 3 {
            return filters.has_trigrams_of(bytes);
        }
        // One or two bytes (ASCII): short needles count only at a word start.
        debug_assert!(needle_len < MIN_INSIDE_LEN);
        let second = bytes.get(1).copied();
        get(&filters.starts, start_bit(bytes[0], second))
    }
}

impl Filters {
    fn has_trigrams_of(&self, bytes: &[u8]) -> bool {
        bytes
            .windows(3)
            .all(|w| get(&self.trigrams, trigram_bit(w[0], w[1], w[2])))
    }
}

/// CJK text has no spaces, so any position inside it counts as a word start.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xac00..=0xd7af | 0xf900..=0xfaff)
}

fn is_word_end(text: &str, at: usize) -> bool {
    let before_cjk = text[..at].chars().next_back().is_some_and(is_cjk);
    before_cjk
        || text[at..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric() || is_cjk(c))
}

fn is_word_start(text: &str, at: usize) -> bool {
    let here_cjk = text[at..].chars().next().is_some_and(is_cjk);
    here_cjk
        || text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric() || is_cjk(c))
}

/// Multiplicative hashing of the three bytes as one number: the top bits
/// of the product pick one of the filter's 2,048 bits.
fn trigram_bit(a: u8, b: u8, c: u8) -> usize {
    const BITS: u32 = (TRIGRAM_WORDS * 64).trailing_zeros();
    let key = u32::from(a) << 16 | u32::from(b) << 8 | u32::from(c);
    (key.wrapping_mul(0x9E37_79B1) >> (32 - BITS)) as usize
}

fn start_bit(first: u8, second: Option<u8>) -> usize {
    let h = u32::from(first).wrapping_mul(0x9E37_79B1)
        ^ u32::from(second.map_or(0u16, |b| u16::from(b) + 1)).wrapping_mul(0x85EB_CA77);
    (h.wrapping_mul(0x2745_937F) >> 24) as usize % (START_WORDS * 64)
}

fn set(bits: &mut [u64], bit: usize) {
    bits[bit / 64] |= 1 << (bit % 64);
}

fn get(bits: &[u64], bit: usize) -> bool {
    bits[bit / 64] & (1 << (bit % 64)) != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The unfiltered answer, to compare the filters against.
    fn scan(text: &str, needle: &str, needle_len: usize) -> Option<u32> {
        let mut best = None;
        for (at, _) in text.match_indices(needle) {
            let place = if is_word_start(text, at) {
                if is_word_end(text, at + needle.len()) {
                    Place::WholeWord
                } else {
                    Place::WordStart
                }
            } else if needle_len >= MIN_INSIDE_LEN {
                Place::Inside
            } else {
                continue;
            };
            best = best.max(Some(rank::prose_score(place, needle_len)));
        }
        best
    }

    fn needle(text: &str, chars: usize) -> Needle {
        Needle::new(text.to_string(), chars)
    }

    #[test]
    fn word_starts_and_inside_words() {
        let prose = Prose::new(
            "chest x-ray collected for tuberculosis screening\n胸部 x 线肺结核筛查".into(),
        );
        assert_eq!(prose.score(&needle("ch", 2)), Some(rank::PROSE_WORD_START));
        assert_eq!(
            prose.score(&needle("chest", 5)),
            Some(rank::PROSE_WHOLE_WORD)
        );
        assert_eq!(
            prose.score(&needle("ct", 2)),
            None,
            "two letters inside a word do not count"
        );
        assert_eq!(prose.score(&needle("lect", 4)), Some(rank::PROSE_INSIDE));
        assert_eq!(prose.score(&needle("lle", 3)), Some(rank::SHORT_INSIDE));
        assert_eq!(
            prose.score(&needle("ray", 3)),
            Some(rank::PROSE_WHOLE_WORD),
            "after a hyphen"
        );
        assert_eq!(
            prose.score(&needle("结核", 2)),
            Some(rank::PROSE_WHOLE_WORD),
            "any CJK position starts a word"
        );
        assert_eq!(prose.score(&needle("核", 1)), Some(rank::PROSE_WHOLE_WORD));
        assert_eq!(prose.score(&needle("zebra", 5)), None);
        assert!(prose.contains(&needle("ected", 0)));
        assert!(!prose.contains(&needle("mri", 0)));
    }

    proptest::proptest! {
        /// The filters never hide a match: the result always equals a plain scan.
        #[test]
        fn filters_never_change_the_answer(
            text in "([a-zé]{1,8}[ ,.-]){0,40}|[a-z é胸部线结核筛查]{0,60}",
            needle in "[a-z]{1,5}|[胸部线结核]{1,2}|[a-z]-[a-z]|é|[a-z]é",
        ) {
            let prose = Prose::new(text.clone());
            let len = needle.chars().count();
            let searched = Needle::new(needle.clone(), len);
            proptest::prop_assert_eq!(prose.score(&searched), scan(&text, &needle, len));
            proptest::prop_assert_eq!(prose.contains(&searched), text.contains(&needle));
            let unfiltered = Prose::unfiltered(text.clone());
            proptest::prop_assert_eq!(unfiltered.score(&searched), scan(&text, &needle, len));
        }
    }
}
