//! A query as typed: fzf-style words for the matcher and `key:value` facet
//! terms, and how a query relates to the one typed before it.

use nucleo_matcher::pattern::{Atom, AtomKind, CaseMatching, Normalization};

use super::facets::{self, FacetTerm, Word};
use super::fold::fold;
use super::prose::Needle;
use super::vocabulary::Vocabulary;

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

/// What a word of the query asks for, in fzf's syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `word`: contiguous anywhere, or its letters in order in a name.
    Fuzzy,
    /// `'word`: contiguous anywhere.
    Exact,
    /// `'word'`: a whole word (fzf 0.55's exact-boundary match).
    Boundary,
    /// `^word`: the start of a field.
    Prefix,
    /// `word$`: the end of a field.
    Suffix,
    /// `^word$`: a whole field.
    Equal,
}

impl Kind {
    /// Whether every match of this kind is a match of `other` for the
    /// same word: a contiguous match is a fuzzy one, a field's start is
    /// somewhere in it, a whole field is its start and its end.
    fn is_stricter_than(self, other: Kind) -> bool {
        match other {
            Kind::Fuzzy => self != Kind::Fuzzy,
            Kind::Exact => !matches!(self, Kind::Fuzzy | Kind::Exact),
            Kind::Prefix | Kind::Suffix => self == Kind::Equal,
            Kind::Boundary | Kind::Equal => false,
        }
    }
}

/// One word of the query, with what it takes to score it.
pub(crate) struct Term {
    pub(super) kind: Kind,
    /// `!word`: excludes the datasets it matches (fzf: an inverse exact match).
    pub(super) negative: bool,
    /// The word lowercased, as fields and prose are searched for it.
    pub(super) prose: Needle,
    /// For a fuzzy word, the atom that finds its letters scattered in a name.
    pub(super) atom: Option<Atom>,
    /// Other words of its vocabulary group, lowercased, when the word is a
    /// vocabulary word.
    pub(super) synonyms: Vec<Needle>,
    /// Facts its vocabulary group stands for (`chinese` → `l:zh`).
    pub(super) synonym_facets: Vec<FacetTerm>,
    /// `a | b`: the alternatives after this one; the term matches when any does.
    pub(super) either: Vec<Term>,
}

impl Term {
    /// The word's length in characters, as typed.
    pub(super) fn needle_len(&self) -> usize {
        self.prose.chars()
    }

    /// The lowercased word.
    pub(super) fn needle(&self) -> &str {
        self.prose.as_str()
    }

    /// Whether the word stands for more than itself.
    pub(super) fn has_synonyms(&self) -> bool {
        !self.synonyms.is_empty() || !self.synonym_facets.is_empty()
    }

    /// The same word, syntax and alternatives.
    fn same(&self, other: &Term) -> bool {
        self.kind == other.kind
            && self.negative == other.negative
            && self.needle() == other.needle()
            && self.either.len() == other.either.len()
            && self
                .either
                .iter()
                .zip(&other.either)
                .all(|(a, b)| a.same(b))
    }

    /// Parses one word (`!^word$`, `'word'`, …); `None` for syntax alone
    /// (`'`, `^`, `!'`: fzf matches everything with them), except `$`,
    /// which fzf reads as the character.
    fn parse(word: &str) -> Option<Term> {
        let unescaped = word.replace("\\ ", " ");
        if matches!(
            unescaped.as_str(),
            "'" | "^" | "!" | "!'" | "!^" | "''" | "^$"
        ) {
            return None;
        }
        let mut w = unescaped.as_str();
        let negative = w.len() > 1 && w.starts_with('!');
        if negative {
            w = &w[1..];
        }
        let mut kind = Kind::Fuzzy;
        if w.len() > 1 && w.starts_with('^') {
            w = &w[1..];
            kind = Kind::Prefix;
        }
        if w.len() > 1 && w.ends_with('$') && !w.ends_with("\\$") {
            w = &w[..w.len() - 1];
            kind = if kind == Kind::Prefix {
                Kind::Equal
            } else {
                Kind::Suffix
            };
        }
        if kind == Kind::Fuzzy && w.len() > 1 && w.starts_with('\'') {
            w = &w[1..];
            kind = Kind::Exact;
            if w.len() > 1 && w.ends_with('\'') {
                w = &w[..w.len() - 1];
                kind = Kind::Boundary;
            }
        }
        if negative && kind == Kind::Fuzzy {
            kind = Kind::Exact;
        }
        let folded = fold(w);
        let lower = folded.to_lowercase();
        if lower.is_empty() {
            return None;
        }
        let atom = (kind == Kind::Fuzzy).then(|| {
            Atom::new(
                &folded,
                CaseMatching::Ignore,
                Normalization::Smart,
                AtomKind::Fuzzy,
                false,
            )
        });
        let group = (kind == Kind::Fuzzy && !negative)
            .then(|| Vocabulary::embedded().group_of(&lower))
            .flatten();
        let (synonyms, synonym_facets) = match group {
            Some(group) => (
                group
                    .words
                    .iter()
                    .filter(|other| **other != lower)
                    .map(|other| Needle::new(other.clone(), other.chars().count()))
                    .collect(),
                group.facets.clone(),
            ),
            None => (Vec::new(), Vec::new()),
        };
        Some(Term {
            kind,
            negative,
            prose: Needle::new(lower, folded.chars().count()),
            atom,
            synonyms,
            synonym_facets,
            either: Vec::new(),
        })
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
        let mut terms: Vec<Term> = Vec::new();
        let mut or_next = false;
        for word in &plain {
            // fzf: `a | b` — a bar between two words joins them; a bar with
            // no word before it is a word itself, and a trailing one is ignored.
            if *word == "|" && !or_next && !terms.is_empty() {
                or_next = true;
                continue;
            }
            let Some(term) = Term::parse(word) else {
                continue;
            };
            match terms.last_mut() {
                Some(previous) if or_next => previous.either.push(term),
                _ => terms.push(term),
            }
            or_next = false;
        }
        Query {
            text: text.to_string(),
            fuzzy,
            terms,
            facets,
            error,
        }
    }

    /// Whether scoring reads the datasets' facts: for facet terms, and for
    /// vocabulary words that stand for facts.
    pub(super) fn needs_facts(&self) -> bool {
        !self.facets.is_empty()
            || self.terms.iter().any(|t| {
                std::iter::once(t)
                    .chain(&t.either)
                    .any(|t| !t.synonym_facets.is_empty())
            })
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
        let same =
            |a: &[Term], b: &[Term]| a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.same(y));
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
            && !self.fuzzy.contains('|')
            && !previous.fuzzy.ends_with('^')
            && !previous.fuzzy.ends_with('\'')
            // A word that became a vocabulary word finds more than its letters.
            && self.terms.iter().enumerate().all(|(i, now)| {
                !now.has_synonyms() || previous.terms.get(i).is_none_or(|before| before.same(now))
            })
            // A word growing past the short-needle threshold starts to accept
            // scattered matches, so it may match more than before.
            && !previous.terms.iter().zip(&self.terms).any(|(before, now)| {
                before.needle_len() < MIN_SCATTERED_LEN && now.needle_len() >= MIN_SCATTERED_LEN
            })
            // The syntax of a word may change as it grows (`'ab` → `'ab'`,
            // `ab` → `ab$`): only the same kind narrows, or a stricter one.
            && previous.terms.iter().zip(&self.terms).all(|(before, now)| {
                before.kind == now.kind || now.kind.is_stricter_than(before.kind)
            })
    }
}
