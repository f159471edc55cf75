//! "Did you mean …": when a query finds nothing, or only weak matches, the
//! nearest names and vocabulary words for each word that appears nowhere
//! in the catalog (`plevic` → `pelvic`).

use std::collections::HashSet;

use crate::catalog::DatasetText;

use super::Hit;
use super::facets::{self, Word};
use super::fold::fold;
use super::query::Query;
use super::rank;
use super::vocabulary::Vocabulary;

/// Words shorter than this are not corrected: too many near neighbours.
const MIN_LEN: usize = 4;

/// Whether `hits` are weak for `query`: none, or none better than letters
/// scattered through a name for each word.
pub fn is_weak(query: &Query, hits: &[Hit]) -> bool {
    let words = query.terms.iter().filter(|t| !t.negative).count() as u32;
    words > 0
        && hits
            .first()
            .is_none_or(|best| best.score < rank::PROSE_INSIDE * words)
}

/// The words a correction may use: the vocabulary and every word of the
/// names, ids, aliases, modalities, regions and tasks. Built once; a
/// session keeps it.
pub struct Lexicon {
    known: HashSet<String>,
}

impl Lexicon {
    pub fn new<D: DatasetText>(datasets: &[D]) -> Lexicon {
        let mut known: HashSet<String> =
            Vocabulary::embedded().words().map(str::to_string).collect();
        for d in datasets {
            let fields = std::iter::once(d.name())
                .chain(std::iter::once(d.id()))
                .chain(d.aliases())
                .chain(d.modalities())
                .chain(d.body_regions())
                .chain(d.tasks());
            for field in fields {
                for word in fold(field)
                    .to_lowercase()
                    .split(|c: char| !c.is_alphanumeric())
                {
                    if word.chars().count() >= MIN_LEN && !known.contains(word) {
                        known.insert(word.to_string());
                    }
                }
            }
        }
        Lexicon { known }
    }

    /// The query with each word that is part of no known word replaced by
    /// the nearest known word; `None` when no word needs it or none is
    /// near. Ask only when the query's hits are weak (see [`is_weak`]): a
    /// word found in summaries then counts as misspelt too, since it found
    /// nothing better than scattered letters.
    pub fn did_you_mean(&self, text: &str) -> Option<String> {
        let mut changed = false;
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        for range in facets::split_words(text) {
            let word = &text[range.clone()];
            out.push_str(&text[last..range.start]);
            last = range.end;
            let plain = matches!(facets::classify(word), Word::Plain)
                && word.chars().all(|c| c.is_alphanumeric() || c == '-');
            let lower = fold(word).to_lowercase();
            if plain
                && lower.chars().count() >= MIN_LEN
                && !self.known.iter().any(|k| k.contains(&lower))
                && let Some(nearest) = nearest(&lower, &self.known)
            {
                out.push_str(&nearest);
                changed = true;
                continue;
            }
            out.push_str(word);
        }
        out.push_str(&text[last..]);
        changed.then_some(out)
    }
}

/// [`Lexicon::did_you_mean`] over `datasets`, for a single search.
pub fn did_you_mean<D: DatasetText>(text: &str, datasets: &[D]) -> Option<String> {
    Lexicon::new(datasets).did_you_mean(text)
}

/// The known word nearest to `word` within a small edit distance (one edit
/// for short words, two for longer), the most similar among equals.
fn nearest(word: &str, known: &HashSet<String>) -> Option<String> {
    let allowed = if word.chars().count() <= 5 { 1 } else { 2 };
    known
        .iter()
        .filter_map(|candidate| {
            let distance = strsim::damerau_levenshtein(word, candidate);
            (distance <= allowed).then(|| {
                let similarity = strsim::jaro_winkler(word, candidate);
                (distance, -(similarity * 1e6) as i64, candidate)
            })
        })
        .min()
        .map(|(_, _, candidate)| candidate.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    #[test]
    fn misspelt_words_get_the_nearest_known_word() {
        let catalog = Catalog::embedded();
        let fix = |q: &str| did_you_mean(q, &catalog.datasets);
        assert_eq!(fix("plevic").as_deref(), Some("pelvic"));
        assert_eq!(fix("decathalon").as_deref(), Some("decathlon"));
        assert_eq!(fix("pancrease ct").as_deref(), Some("pancreas ct"));
        assert_eq!(
            fix("m:ct histopatology").as_deref(),
            Some("m:ct histopathology")
        );
        assert_eq!(fix("chest ct"), None, "known words stay");
        assert_eq!(fix("qwzxv"), None, "nothing near");
    }
}
