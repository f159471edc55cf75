//! A query as typed: fzf-style words for the matcher and `key:value` facet
//! terms, and how a query relates to the one typed before it.

use memchr::memmem;
use nucleo_matcher::pattern::{Atom, AtomKind, CaseMatching, Normalization, Pattern};

use super::facets::{self, FacetTerm, Word};
use super::fold::fold;
use super::prose::Needle;

/// Needles this short only match contiguously: scattered two-letter matches
/// are nearly always noise.
pub(super) const MIN_SCATTERED_LEN: usize = 3;

/// How a query relates to the one before it, when only its last word needs
/// scoring (see [`Query::extends`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extension {
    /// The last word grew (and the query narrows): reuse each hit's `settled`.
    LastWord,
    /// A word was added: each hit's whole score is now settled.
    NewWord,
}

/// A parsed query: fuzzy words and facet terms. Keeps the text so a later
/// query can tell whether it only narrows this one.
pub struct Query {
    pub(super) text: String,
    /// The words that are not facet terms, joined by single spaces: what the
    /// fuzzy matcher parsed.
    pub(super) fuzzy: String,
    pub(super) terms: Vec<Term>,
    /// The valid facet terms; all must hold.
    pub(super) facets: Vec<FacetTerm>,
    /// The first invalid facet term, described for the user.
    pub(super) error: Option<String>,
}

/// One word of the query, with what it takes to score it.
pub(crate) struct Term {
    pub(super) atom: Atom,
    /// For a fuzzy word, the same needle as a substring atom: contiguous
    /// matches are tried first and rank above scattered ones.
    pub(super) contiguous: Option<Atom>,
    /// The word lowercased, as prose is searched for it.
    pub(super) prose: Needle,
    /// Whether the lowercased word is ASCII (and not empty): then its byte
    /// search rules datasets out before the matcher scores them.
    pub(super) ascii: bool,
}

impl Term {
    /// The word's length in characters, as typed.
    pub(super) fn needle_len(&self) -> usize {
        self.prose.chars()
    }

    /// The byte search for an ASCII word; see `ascii`.
    pub(super) fn finder(&self) -> Option<&memmem::Finder<'static>> {
        self.ascii.then(|| self.prose.finder())
    }
}

impl Query {
    /// Parses a query; never fails. A facet term that cannot be used (an
    /// unknown key, a malformed value) is left out of matching and reported
    /// by [`Query::error`].
    pub fn parse(text: &str) -> Query {
        let mut plain = Vec::new();
        let mut facets = Vec::new();
        let mut error = None;
        for range in facets::split_words(text) {
            let word = &text[range];
            match facets::classify(word) {
                Word::Plain => plain.push(word),
                Word::Facet(term) => facets.push(term),
                Word::Invalid(message) => {
                    error.get_or_insert(message);
                }
            }
        }
        let fuzzy = plain.join(" ");
        let folded = fold(&fuzzy);
        let pattern = Pattern::parse(&folded, CaseMatching::Smart, Normalization::Smart);
        let terms = pattern
            .atoms
            .into_iter()
            .map(|atom| {
                let needle: String = atom.needle_text().chars().collect();
                let contiguous = (atom.kind == AtomKind::Fuzzy && !atom.negative).then(|| {
                    Atom::new(
                        &needle,
                        CaseMatching::Smart,
                        Normalization::Smart,
                        AtomKind::Substring,
                        false,
                    )
                });
                let lower = needle.to_lowercase();
                let ascii = lower.is_ascii() && !lower.is_empty();
                Term {
                    prose: Needle::new(lower, needle.chars().count()),
                    ascii,
                    contiguous,
                    atom,
                }
            })
            .collect();
        Query {
            text: text.to_string(),
            fuzzy,
            terms,
            facets,
            error,
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// What is wrong with the query's facet terms, for the status line or
    /// stderr: the first bad term and why, with the valid keys or values.
    /// While this is `Some`, the bad terms are ignored for matching.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// A query with no search words and no (valid) facet terms matches
    /// everything, in catalog order.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty() && self.facets.is_empty()
    }

    /// True when every dataset matching `self` also matched `previous`, so
    /// only the previous hits need to be searched again. Appending to a query
    /// narrows it, except where the syntax can widen: a negation (`!ab`
    /// excludes less than `!a`) or a half-typed term whose meaning flips.
    /// Facet terms are compared as parsed: every term of `previous` must
    /// have one here that accepts no more than it (the same term, a longer
    /// prefix, fewer alternatives); anything else is a full search.
    /// Whether this query differs from `previous` only in its last word, in
    /// a way that lets [`Index::extend`] score that word alone over the
    /// previous hits.
    pub fn extends(&self, previous: &Query) -> Option<Extension> {
        if self.facets != previous.facets || self.terms.is_empty() {
            return None;
        }
        let n = self.terms.len();
        let same = |a: &[Term], b: &[Term]| {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.atom == y.atom)
        };
        if previous.terms.len() == n
            && same(&self.terms[..n - 1], &previous.terms[..n - 1])
            && self.narrows(previous)
        {
            Some(Extension::LastWord)
        } else if previous.terms.len() + 1 == n && same(&self.terms[..n - 1], &previous.terms) {
            Some(Extension::NewWord)
        } else {
            None
        }
    }

    pub fn narrows(&self, previous: &Query) -> bool {
        previous
            .facets
            .iter()
            .all(|before| self.facets.iter().any(|now| now.narrows(before)))
            && self.fuzzy.starts_with(&previous.fuzzy)
            && !self.fuzzy.contains('!')
            && !self.fuzzy.contains('\\')
            && !previous.fuzzy.ends_with('^')
            // A word growing past the short-needle threshold starts to accept
            // scattered matches, so it may match more than before.
            && !previous.terms.iter().zip(&self.terms).any(|(before, now)| {
                before.needle_len() < MIN_SCATTERED_LEN && now.needle_len() >= MIN_SCATTERED_LEN
            })
    }
}
