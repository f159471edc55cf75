//! How much a match says, as one number per word: where the word matched
//! (name, then id and aliases, then modality/region/task values, then the
//! summaries), how (a whole field, a whole word, the start of a word, inside
//! a word, letters scattered through a name) and among how many values of
//! its kind (a dataset whose regions are only `Pelvis` says more about the
//! pelvis than one listing six, as BM25F's length normalisation has it).
//!
//! The numbers are chosen so that the tiers never cross: any contiguous
//! match in a field beats a word in a summary, which beats letters scattered
//! through a name, which beat a short word (`ct`, `pet`) found inside a
//! longer one ("Doctor", "competition") — kept as a match, ranked last.

/// Match quality inside one field.
pub const WHOLE_FIELD: u32 = 100;
pub const WHOLE_WORD: u32 = 80;
pub const WORD_START: u32 = 60;
pub const INSIDE: u32 = 30;

/// Field weights (the name says most).
pub const NAME: u32 = 6;
pub const ID_ALIAS: u32 = 5;
pub const FACT: u32 = 4;

/// A word in the summaries.
pub const PROSE_WHOLE_WORD: u32 = 40;
pub const PROSE_WORD_START: u32 = 35;
pub const PROSE_INSIDE: u32 = 30;

/// Letters of the word scattered through a name, id or alias, in order.
pub const SCATTERED_BASE: u32 = 20;
pub const SCATTERED_SPREAD: u32 = 9;

/// A short word inside a longer one, anywhere: last.
pub const SHORT_INSIDE: u32 = 1;

/// Words this long or shorter match inside other words only as a last
/// resort (`ct` in "Doctor").
pub const SHORT_WORD: usize = 3;

/// A synonym's or fact's match counts this fraction (in quarters) of a
/// literal match of the same strength.
pub const SYNONYM_QUARTERS: u32 = 3;

/// Where an occurrence of a needle sits in a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Place {
    Inside,
    WordStart,
    WholeWord,
    WholeField,
}

/// A letter or digit that continues a word. Non-ASCII text (CJK) is
/// treated as its own word boundary on the needle's side: see [`place`].
fn joins(byte: u8) -> bool {
    byte.is_ascii_alphanumeric()
}

/// Where the occurrence of `needle` at byte `at` of `field` sits.
pub fn place(field: &[u8], at: usize, needle: &[u8]) -> Place {
    let mut end = at + needle.len();
    // A plural is the same word: "kidney" is whole in "kidneys",
    // "lesion" in "lesions" (a needle of a few letters only).
    if needle.len() > SHORT_WORD {
        for suffix in [&b"es"[..], b"s"] {
            if field[end..].starts_with(suffix)
                && field.get(end + suffix.len()).is_none_or(|&b| !joins(b))
            {
                end += suffix.len();
                break;
            }
        }
    }
    // A needle that starts (ends) with a non-ASCII character, such as a
    // CJK word, is taken to start (end) a word: CJK text has no spaces.
    let starts = at == 0 || !joins(field[at - 1]) || needle.first().is_some_and(|b| *b >= 0x80);
    let ends =
        end == field.len() || !joins(field[end]) || needle.last().is_some_and(|b| *b >= 0x80);
    match (
        at == 0 && end == field.len() && end == at + needle.len(),
        starts,
        ends,
    ) {
        (true, _, _) => Place::WholeField,
        (_, true, true) => Place::WholeWord,
        (_, true, false) => Place::WordStart,
        _ => Place::Inside,
    }
}

/// The quality of the best occurrence of `needle` in `field` (both
/// lowercased), with the needle's length in characters. `None` when it
/// does not occur.
pub fn best_place(field: &[u8], needle: &[u8], finder: &memchr::memmem::Finder) -> Option<Place> {
    let mut best = None;
    for at in finder.find_iter(field) {
        let here = place(field, at, needle);
        best = best.max(Some(here));
        if here == Place::WholeField {
            break;
        }
    }
    best
}

/// A field match as a score: `weight` is the field's, `values` how many
/// values its kind has (1 for names, ids and aliases).
pub fn field_score(place: Place, needle_chars: usize, weight: u32, values: usize) -> u32 {
    let quality = match place {
        Place::WholeField => WHOLE_FIELD,
        Place::WholeWord => WHOLE_WORD,
        Place::WordStart => WORD_START,
        Place::Inside if needle_chars <= SHORT_WORD => return SHORT_INSIDE,
        Place::Inside => INSIDE,
    };
    normalised(quality * weight, values)
}

/// BM25F-like length normalisation: one value keeps its whole score, six
/// keep two thirds, a hundred about a tenth.
pub fn normalised(score: u32, values: usize) -> u32 {
    let values = u32::try_from(values.max(1)).unwrap_or(u32::MAX);
    score.saturating_mul(10) / values.saturating_add(9)
}

/// A fact that a vocabulary word stands for (`chinese` → `l:zh`), as a
/// score: a whole-field fact match among `values` values, counted as a
/// synonym. Long lists (a corpus in 167 languages) are normalised as if
/// they had a dozen: such a corpus does hold the language.
pub fn fact_score(values: usize) -> u32 {
    as_synonym(field_score(
        Place::WholeField,
        usize::MAX,
        FACT,
        values.min(12),
    ))
}

/// A synonym's or fact's score, from what the same match would score literally.
pub fn as_synonym(score: u32) -> u32 {
    (score * SYNONYM_QUARTERS / 4).max(SHORT_INSIDE)
}

/// A scattered match's score from the fuzzy matcher's.
pub fn scattered(matcher_score: u16) -> u32 {
    SCATTERED_BASE + (u32::from(matcher_score) / 16).min(SCATTERED_SPREAD)
}

/// A summary match's score.
pub fn prose_score(place: Place, needle_chars: usize) -> u32 {
    match place {
        Place::WholeField | Place::WholeWord => PROSE_WHOLE_WORD,
        Place::WordStart => PROSE_WORD_START,
        Place::Inside if needle_chars <= SHORT_WORD => SHORT_INSIDE,
        Place::Inside => PROSE_INSIDE,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(field: &str, needle: &str) -> Option<Place> {
        let finder = memchr::memmem::Finder::new(needle.as_bytes());
        best_place(field.as_bytes(), needle.as_bytes(), &finder)
    }

    #[test]
    fn places() {
        assert_eq!(at("ct", "ct"), Some(Place::WholeField));
        assert_eq!(at("ct-org", "ct"), Some(Place::WholeWord));
        assert_eq!(at("rad-chestct", "chest"), Some(Place::WordStart));
        assert_eq!(at("doctor", "ct"), Some(Place::Inside));
        assert_eq!(at("the doctor and ct", "ct"), Some(Place::WholeWord));
        assert_eq!(at("肺结核筛查", "结核"), Some(Place::WholeWord));
        assert_eq!(at("pelvis", "pelvic"), None);
        assert_eq!(at("left kidneys", "kidney"), Some(Place::WholeWord));
        assert_eq!(at("kidneysx", "kidney"), Some(Place::WordStart));
        assert_eq!(
            at("cts", "ct"),
            Some(Place::WordStart),
            "short words take no plural"
        );
        assert_eq!(
            at("lesions", "lesion"),
            Some(Place::WholeWord),
            "a plural is a word, not the field"
        );
    }

    #[test]
    fn tiers_never_cross() {
        let weakest_field = [NAME, ID_ALIAS, FACT]
            .iter()
            .map(|&w| {
                field_score(Place::WordStart, 4, w, 6).min(field_score(Place::Inside, 4, w, 1))
            })
            .min()
            .unwrap();
        assert!(weakest_field > PROSE_WHOLE_WORD, "{weakest_field}");
        assert!(PROSE_INSIDE > scattered(u16::MAX));
        assert!(scattered(0) > SHORT_INSIDE);
        assert!(
            as_synonym(field_score(Place::WholeField, 3, FACT, 1))
                < field_score(Place::WholeField, 3, FACT, 1)
        );
        assert!(
            normalised(400, 1) > normalised(400, 2) && normalised(400, 6) > normalised(400, 167)
        );
    }
}
