//! Facet terms of a query: `m:ct`, `!a:credentialed`, `year:2018..2021`.
//!
//! A word of the query is a facet term when it reads `key:value` with an
//! alphabetic key (after an optional leading `!`). Known keys filter on a
//! catalog fact; an unknown alphabetic key is an error, so a typo such as
//! `mod:ct` is reported rather than silently searched for as text. Words
//! whose "key" is not alphabetic (`10:30`, `^m:x`) and URLs (`https://…`) stay
//! ordinary search words.
//!
//! Values match case-insensitively by prefix on the NFKC-folded text (`m:pet`
//! finds "PET" and "PET/CT"), a comma separates alternatives (`m:ct,mri`), a
//! value with spaces or commas can be double-quoted (`t:"report generation"`),
//! and `year:` takes a year, a comparison (`>=2020`, `>`, `<`, `<=`) or an
//! inclusive range (`2018..2021`, open ends allowed: `..2019`, `2020..`).
//!
//! This module also holds what the TUI's facet picker needs: the values of
//! every facet with live counts ([`facet_values`]) and edits of the query
//! text ([`toggle_facet_value`]), so the query text stays the one source of
//! truth.

use crate::sanitize;

use super::facts::{FacetKey, Facts, normalize, valid_keys};

/// One parsed facet term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetTerm {
    pub key: FacetKey,
    /// `!key:value`: the term excludes what it would match.
    pub negated: bool,
    pub values: FacetValues,
}

/// The alternatives of a facet term; a dataset matches when one of them does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FacetValues {
    /// Folded, lowercased prefixes.
    Prefixes(Vec<String>),
    /// Inclusive year ranges.
    Years(Vec<(u16, u16)>),
}

impl FacetTerm {
    /// Whether a dataset's facts satisfy the term (negation included).
    pub fn matches(&self, facts: &Facts) -> bool {
        let hit = match &self.values {
            FacetValues::Prefixes(prefixes) => facts.any_value(self.key, |v| {
                prefixes.iter().any(|p| v.starts_with(p.as_str()))
            }),
            FacetValues::Years(ranges) => facts
                .year
                .is_some_and(|y| ranges.iter().any(|&(lo, hi)| lo <= y && y <= hi)),
        };
        hit != self.negated
    }

    /// True when every dataset this term accepts is also accepted by
    /// `wider`: equal terms, or positive terms on the same key whose every
    /// alternative lies inside one of `wider`'s (a longer prefix, a
    /// narrower year range). Negated terms only when equal: `!m:ct` excludes
    /// less than `!m:c`.
    pub fn narrows(&self, wider: &FacetTerm) -> bool {
        if self == wider {
            return true;
        }
        if self.key != wider.key || self.negated || wider.negated {
            return false;
        }
        match (&self.values, &wider.values) {
            (FacetValues::Prefixes(mine), FacetValues::Prefixes(theirs)) => mine
                .iter()
                .all(|m| theirs.iter().any(|t| m.starts_with(t.as_str()))),
            (FacetValues::Years(mine), FacetValues::Years(theirs)) => mine
                .iter()
                .all(|&(lo, hi)| theirs.iter().any(|&(tlo, thi)| tlo <= lo && hi <= thi)),
            _ => false,
        }
    }
}

/// What one word of a query is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Word {
    /// An ordinary search word, for the fuzzy matcher.
    Plain,
    Facet(FacetTerm),
    /// A facet term that cannot be used; the message names it and says why.
    Invalid(String),
}

/// The facet-shaped parts of a word: negation, the key as typed, the value text.
fn facet_parts(word: &str) -> Option<(bool, &str, &str)> {
    let (negated, body) = match word.strip_prefix('!') {
        Some(body) => (true, body),
        None => (false, word),
    };
    let (key, rest) = body.split_once(':')?;
    if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphabetic()) || rest.starts_with("//") {
        return None;
    }
    Some((negated, key, rest))
}

/// Classifies one whitespace-separated word of a query.
pub fn classify(word: &str) -> Word {
    let Some((negated, key, rest)) = facet_parts(word) else {
        return Word::Plain;
    };
    let shown = sanitize::line(word);
    let Some(key) = FacetKey::from_key(key) else {
        return Word::Invalid(format!(
            "unknown facet \"{}:\" — valid keys: {}",
            sanitize::line(key),
            valid_keys()
        ));
    };
    let alternatives: Vec<String> = split_alternatives(rest)
        .into_iter()
        .map(|(_, value)| value)
        .filter(|value| !value.trim().is_empty())
        .collect();
    if alternatives.is_empty() {
        return Word::Invalid(format!(
            "facet \"{shown}\" needs a value, e.g. {}",
            key.example()
        ));
    }
    let values = match key {
        FacetKey::Year => {
            let mut ranges = Vec::new();
            for alt in &alternatives {
                match parse_years(alt.trim()) {
                    Some(range) => ranges.push(range),
                    None => {
                        return Word::Invalid(format!(
                            "bad year \"{}\" in \"{shown}\" — use year:2020, year:>=2020, \
                             year:<2015 or year:2018..2021",
                            sanitize::line(alt)
                        ));
                    }
                }
            }
            FacetValues::Years(ranges)
        }
        _ => {
            let prefixes: Vec<String> = alternatives.iter().map(|a| normalize(a)).collect();
            let closed: Option<&[&str]> = match key {
                FacetKey::Access => {
                    Some(&["open", "registration", "credentialed", "request", "unknown"])
                }
                FacetKey::Domain => Some(&["medical", "general"]),
                _ => None,
            };
            if let Some(allowed) = closed
                && let Some(bad) = prefixes
                    .iter()
                    .find(|p| !allowed.iter().any(|a| a.starts_with(p.as_str())))
            {
                return Word::Invalid(format!(
                    "unknown {} \"{}\" in \"{shown}\" — values: {}",
                    key.name(),
                    sanitize::line(bad),
                    allowed.join(", ")
                ));
            }
            FacetValues::Prefixes(prefixes)
        }
    };
    Word::Facet(FacetTerm {
        key,
        negated,
        values,
    })
}

/// `2020`, `=2020`, `>=2020`, `>2020`, `<2020`, `<=2020`, `2018..2021`,
/// `..2019`, `2020..` as an inclusive range; None when malformed or empty.
fn parse_years(text: &str) -> Option<(u16, u16)> {
    let year = |s: &str| -> Option<u16> {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let range = if let Some(rest) = text.strip_prefix(">=") {
        (year(rest)?, u16::MAX)
    } else if let Some(rest) = text.strip_prefix("<=") {
        (0, year(rest)?)
    } else if let Some(rest) = text.strip_prefix('>') {
        (year(rest)?.checked_add(1)?, u16::MAX)
    } else if let Some(rest) = text.strip_prefix('<') {
        (0, year(rest)?.checked_sub(1)?)
    } else if let Some(rest) = text.strip_prefix('=') {
        let y = year(rest)?;
        (y, y)
    } else if let Some((lo, hi)) = text.split_once("..") {
        match (lo.is_empty(), hi.is_empty()) {
            (true, true) => return None,
            (true, false) => (0, year(hi)?),
            (false, true) => (year(lo)?, u16::MAX),
            (false, false) => (year(lo)?, year(hi)?),
        }
    } else {
        let y = year(text)?;
        (y, y)
    };
    (range.0 <= range.1).then_some(range)
}

/// The comma-separated alternatives of a value text, each with its byte
/// range in `text` (quotes included) and its value (quotes removed).
/// Commas inside double quotes do not separate; an unclosed quote runs to
/// the end.
fn split_alternatives(text: &str) -> Vec<(std::ops::Range<usize>, String)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    let mut value = String::new();
    for (i, c) in text.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => {
                out.push((start..i, std::mem::take(&mut value)));
                start = i + 1;
            }
            c => value.push(c),
        }
    }
    out.push((start..text.len(), value));
    out
}

/// The words of a query as byte ranges: whitespace separates words except
/// inside double quotes or after a backslash (which nucleo reads as an
/// escaped space).
pub fn split_words(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut words = Vec::new();
    let mut start: Option<usize> = None;
    let mut quoted = false;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        if start.is_none() {
            if c.is_whitespace() {
                continue;
            }
            start = Some(i);
        }
        if escaped {
            escaped = false;
        } else if c == '\\' && !quoted {
            escaped = true;
        } else if c == '"' {
            quoted = !quoted;
        } else if c.is_whitespace() && !quoted {
            words.push(start.take().unwrap_or(i)..i);
        }
    }
    if let Some(start) = start {
        words.push(start..text.len());
    }
    words
}

/// Whether a double quote opened in `text` is still open at its end (as
/// [`split_words`] reads it).
fn ends_in_open_quote(text: &str) -> bool {
    let mut quoted = false;
    let mut escaped = false;
    for c in text.chars() {
        if escaped {
            escaped = false;
        } else if c == '\\' && !quoted {
            escaped = true;
        } else if c == '"' {
            quoted = !quoted;
        }
    }
    quoted
}

/// A positive, valid facet term on `key` in the query text: the word's byte
/// range and the byte offset where its value text starts.
fn positive_term(text: &str, key: FacetKey) -> Option<(std::ops::Range<usize>, usize)> {
    split_words(text).into_iter().find_map(|range| {
        let word = &text[range.clone()];
        match classify(word) {
            Word::Facet(term) if term.key == key && !term.negated => {
                let colon = word.find(':')?;
                Some((range.clone(), range.start + colon + 1))
            }
            _ => None,
        }
    })
}

/// A value as written into a query: double-quoted when it holds whitespace
/// or a comma, or starts like a URL's `//`. A value can hold no double quote, so one and what follows is
/// dropped (values match by prefix, so the rest still finds it).
fn quote_value(value: &str) -> String {
    let value = value.split('"').next().unwrap_or_default().trim();
    if value.is_empty()
        || value.starts_with("//")
        || value.contains(|c: char| c.is_whitespace() || c == ',')
    {
        format!("\"{value}\"")
    } else {
        value.to_string()
    }
}

/// Whether the query text selects `value` for `key`: a positive facet term
/// on that key lists it (ignoring case) as one of its alternatives.
/// `text` without its positive facet terms on `key` (negated ones stay):
/// the query a facet's counts are taken under, since values of one facet
/// are OR-ed together and AND-ed with everything else.
pub fn without_facet(text: &str, key: FacetKey) -> String {
    split_words(text)
        .into_iter()
        .map(|range| &text[range])
        .filter(
            |word| !matches!(classify(word), Word::Facet(term) if term.key == key && !term.negated),
        )
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn is_facet_value_selected(text: &str, key: FacetKey, value: &str) -> bool {
    let wanted = normalize(value);
    positive_term(text, key).is_some_and(|(range, value_start)| {
        split_alternatives(&text[value_start..range.end])
            .iter()
            .any(|(_, alt)| normalize(alt) == wanted)
    })
}

/// The query text with `value` toggled for `key`, the rest left as typed:
/// when the first positive term on `key` lists the value, it is removed
/// (and the term with it, if it was the only one); otherwise it is added to
/// that term as another alternative (`m:ct` -> `m:ct,MRI`), or, with no
/// such term, appended as a new term (`chest` -> `chest m:CT`). Negated
/// terms are left alone.
pub fn toggle_facet_value(text: &str, key: FacetKey, value: &str) -> String {
    let wanted = normalize(value);
    let Some((range, value_start)) = positive_term(text, key) else {
        let mut out = text.to_string();
        if ends_in_open_quote(text) {
            // A half-typed quote would swallow the new term.
            out.push('"');
        }
        if !out.is_empty() && !out.ends_with(char::is_whitespace) {
            out.push(' ');
        }
        out.push_str(key.query_key());
        out.push(':');
        out.push_str(&quote_value(value));
        return out;
    };
    let alternatives = split_alternatives(&text[value_start..range.end]);
    let kept: Vec<&str> = alternatives
        .iter()
        .filter(|(_, alt)| normalize(alt) != wanted)
        .map(|(r, _)| &text[value_start + r.start..value_start + r.end])
        .filter(|raw| !raw.is_empty())
        .collect();
    let selected = alternatives.iter().any(|(_, alt)| normalize(alt) == wanted);
    let (replacement, cut) = if !selected {
        // Not selected: add it.
        let mut word = text[range.clone()].trim_end_matches(',').to_string();
        word.push(',');
        word.push_str(&quote_value(value));
        (word, range.clone())
    } else if kept.is_empty() {
        // The only value: remove the whole word and the space after it (or
        // before it, at the end of the text).
        let mut cut = range.clone();
        let after = text[cut.end..].len() - text[cut.end..].trim_start().len();
        if after > 0 {
            cut.end += after;
        } else {
            cut.start -= text[..cut.start].len() - text[..cut.start].trim_end().len();
        }
        (String::new(), cut)
    } else {
        (
            format!("{}{}", &text[range.start..value_start], kept.join(",")),
            range.clone(),
        )
    };
    format!("{}{replacement}{}", &text[..cut.start], &text[cut.end..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::search::facts::facet_values;

    fn facet(word: &str) -> FacetTerm {
        match classify(word) {
            Word::Facet(term) => term,
            other => panic!("{word}: {other:?}"),
        }
    }

    fn error(word: &str) -> String {
        match classify(word) {
            Word::Invalid(message) => message,
            other => panic!("{word}: {other:?}"),
        }
    }

    fn prefixes(items: &[&str]) -> FacetValues {
        FacetValues::Prefixes(items.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn keys_long_short_and_any_case() {
        for key in FacetKey::ALL {
            assert_eq!(FacetKey::from_key(key.name()), Some(key));
            assert_eq!(FacetKey::from_key(&key.name().to_uppercase()), Some(key));
            if let Some(short) = key.short() {
                assert_eq!(FacetKey::from_key(short), Some(key));
            }
        }
        assert_eq!(FacetKey::from_key("licence"), Some(FacetKey::License));
        assert_eq!(FacetKey::from_key("mod"), None);
        assert_eq!(
            valid_keys(),
            "modality (m), region (r), task (t), access (a), category (c), lang (l), \
             domain (d), license, year, source (src)"
        );
    }

    #[test]
    fn text_facets_fold_case_and_split_on_commas() {
        assert_eq!(
            facet("m:CT,Mri"),
            FacetTerm {
                key: FacetKey::Modality,
                negated: false,
                values: prefixes(&["ct", "mri"]),
            }
        );
        assert_eq!(facet("a:unknown").key, FacetKey::Access);
        let negated = facet("!a:credentialed");
        assert!(negated.negated);
        assert_eq!(negated.key, FacetKey::Access);
        assert_eq!(facet("modality:ＰＥＴ").values, prefixes(&["pet"]));
        assert_eq!(facet("t:\"report gen\"").values, prefixes(&["report gen"]));
        assert_eq!(
            facet("license:\"cc by 4.0, x\",mit").values,
            prefixes(&["cc by 4.0, x", "mit"])
        );
        // A trailing comma is a value still being typed, not an error.
        assert_eq!(facet("m:ct,").values, prefixes(&["ct"]));
        assert_eq!(facet("c:医学").values, prefixes(&["医学"]));
    }

    #[test]
    fn year_forms() {
        let years = |word: &str| match facet(word).values {
            FacetValues::Years(r) => r,
            other => panic!("{other:?}"),
        };
        assert_eq!(years("year:2020"), [(2020, 2020)]);
        assert_eq!(years("year:=2020"), [(2020, 2020)]);
        assert_eq!(years("year:>=2020"), [(2020, u16::MAX)]);
        assert_eq!(years("year:>2020"), [(2021, u16::MAX)]);
        assert_eq!(years("year:<2020"), [(0, 2019)]);
        assert_eq!(years("year:<=2020"), [(0, 2020)]);
        assert_eq!(years("year:2018..2021"), [(2018, 2021)]);
        assert_eq!(years("year:..2019"), [(0, 2019)]);
        assert_eq!(years("year:2022.."), [(2022, u16::MAX)]);
        assert_eq!(years("YEAR:2018,2020"), [(2018, 2018), (2020, 2020)]);
    }

    #[test]
    fn bad_input_is_an_error_naming_the_term() {
        let unknown = error("mod:ct");
        assert_eq!(
            unknown,
            "unknown facet \"mod:\" — valid keys: modality (m), region (r), task (t), \
             access (a), category (c), lang (l), domain (d), license, year, source (src)"
        );
        assert!(error("!doi:10.1038/x").starts_with("unknown facet \"doi:\""));
        assert_eq!(error("m:"), "facet \"m:\" needs a value, e.g. m:ct");
        assert_eq!(
            error("year:,"),
            "facet \"year:,\" needs a value, e.g. year:2020"
        );
        for bad in [
            "year:20x0",
            "year:2021..2018",
            "year:..",
            "year:<0",
            "year:>=",
            "year:99999",
            "year:2020..2021..2022",
            "year:-5",
        ] {
            assert!(error(bad).starts_with("bad year"), "{bad}: {}", error(bad));
        }
        assert_eq!(
            error("a:free"),
            "unknown access \"free\" in \"a:free\" — values: open, registration, \
             credentialed, request, unknown"
        );
        assert!(error("d:vet").starts_with("unknown domain \"vet\""));
        // Control characters typed or pasted into a query are not echoed raw.
        assert!(!error("year:\u{1b}[2J").contains('\u{1b}'));
    }

    #[test]
    fn words_that_are_not_facets() {
        for word in [
            "ct",
            "https://physionet.org/x",
            "http://a",
            "10:30",
            "^m:ct",
            "'m:ct",
            "m1:ct",
            ":ct",
            "!!m:ct",
            "vqa-rad",
        ] {
            assert_eq!(classify(word), Word::Plain, "{word}");
        }
    }

    #[test]
    fn words_split_on_whitespace_outside_quotes_and_escapes() {
        let text = "  chest t:\"report gen\" foo\\ bar  m:ct ";
        let words: Vec<&str> = split_words(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(words, ["chest", "t:\"report gen\"", "foo\\ bar", "m:ct"]);
        assert!(split_words("   ").is_empty());
        let unclosed = "t:\"a b";
        let words: Vec<&str> = split_words(unclosed)
            .into_iter()
            .map(|r| &unclosed[r])
            .collect();
        assert_eq!(words, [unclosed]);
    }

    #[test]
    fn term_narrowing() {
        let n = |a: &str, b: &str| facet(a).narrows(&facet(b));
        assert!(n("m:ct", "m:c"));
        assert!(n("m:ct", "m:ct,mri"));
        assert!(!n("m:ct,mri", "m:ct"));
        assert!(!n("m:c", "m:ct"));
        assert!(n("!m:ct", "!m:ct"));
        assert!(!n("!m:ct", "!m:c"));
        assert!(!n("r:ct", "m:ct"));
        assert!(n("year:2019..2020", "year:2018..2021"));
        assert!(n("year:2020", "year:>=2019"));
        assert!(!n("year:>=2019", "year:2020"));
    }

    fn catalog() -> Catalog {
        Catalog::embedded()
    }

    fn matching(catalog: &Catalog, word: &str) -> Vec<String> {
        let term = facet(word);
        catalog
            .datasets
            .iter()
            .filter(|d| term.matches(&Facts::new(d, catalog)))
            .map(|d| d.id.to_string())
            .collect()
    }

    #[test]
    fn matching_by_prefix_any_value() {
        let catalog = catalog();
        let pet = matching(&catalog, "m:pet");
        assert!(pet.contains(&"fdg-pet-ct-lesions".to_string()), "{pet:?}");
        assert!(pet.contains(&"sat-ds".to_string()), "{pet:?}");
        let ct = matching(&catalog, "m:ct");
        assert!(ct.contains(&"amos".to_string()));
        assert!(!ct.contains(&"mimic-cxr".to_string()));
        let not_cred = matching(&catalog, "!a:credentialed");
        assert!(!not_cred.contains(&"mimic-cxr".to_string()));
        assert_eq!(not_cred.len(), catalog.datasets.len() - 2);
        // Category by id, English name or Chinese name.
        let captioning = ["mimic-cxr", "pmc-oa"].map(String::from).to_vec();
        assert_eq!(matching(&catalog, "c:captioning"), captioning);
        assert_eq!(matching(&catalog, "c:Captio"), captioning);
        assert_eq!(matching(&catalog, "c:图像描述"), captioning);
        assert_eq!(
            matching(&catalog, "d:general"),
            ["scanqa", "culturax", "mmc4"].map(String::from).to_vec()
        );
        assert!(matching(&catalog, "l:fr").contains(&"frenchmedmcqa".to_string()));
        assert!(matching(&catalog, "license:cc0").contains(&"vqa-rad".to_string()));
        let years = matching(&catalog, "year:2018..2019");
        assert!(years.contains(&"vqa-rad".to_string()));
        assert!(years.contains(&"mimic-cxr".to_string()));
        assert!(!years.contains(&"amos".to_string()));
        assert_eq!(matching(&catalog, "year:<2012"), ["lidc-idri"]);
        assert!(matching(&catalog, "t:\"report gen\"").contains(&"mimic-cxr".to_string()));
    }

    #[test]
    fn facet_values_count_the_given_datasets() {
        let catalog = catalog();
        let all = facet_values(&catalog, 0..catalog.datasets.len());
        let keys: Vec<FacetKey> = all.iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, FacetKey::ALL);
        let values = |list: &[(FacetKey, Vec<(String, usize)>)], key| {
            list.iter().find(|(k, _)| *k == key).unwrap().1.clone()
        };
        let access = values(&all, FacetKey::Access);
        let total: usize = access.iter().map(|(_, n)| n).sum();
        assert_eq!(total, catalog.datasets.len());
        assert_eq!(access[0].0, "open");
        assert_eq!(access[2], ("credentialed".to_string(), 2));
        // `unknown` is offered only by a catalog that has it.
        assert_eq!(access.len(), 4, "{access:?}");
        let mut imported = catalog.clone();
        imported.datasets[0].access = crate::catalog::Access::Unknown;
        let unknown = facet_values(&imported, 0..imported.datasets.len());
        let unknown = values(&unknown, FacetKey::Access);
        assert_eq!(unknown.last(), Some(&("unknown".to_string(), 1)));
        assert_eq!(
            matching(&imported, "a:unknown"),
            [imported.datasets[0].id.clone()]
        );
        let categories = values(&all, FacetKey::Category);
        assert_eq!(categories.len(), catalog.categories.len());
        assert_eq!(categories.iter().map(|(_, n)| n).sum::<usize>(), 41);
        let modalities = values(&all, FacetKey::Modality);
        assert_eq!(
            modalities[0].0, "CT",
            "the most common first: {modalities:?}"
        );
        let years = values(&all, FacetKey::Year);
        assert!(years.windows(2).all(|w| w[0].0 > w[1].0), "{years:?}");

        // Counts among a subset; the rows stay the same.
        let mimic = catalog
            .datasets
            .iter()
            .position(|d| d.id == "mimic-cxr")
            .unwrap();
        let one = facet_values(&catalog, [mimic]);
        for ((key, a), (_, b)) in all.iter().zip(&one) {
            let names =
                |v: &Vec<(String, usize)>| v.iter().map(|(s, _)| s.clone()).collect::<Vec<_>>();
            assert_eq!(names(a), names(b), "{key}");
        }
        let modalities = values(&one, FacetKey::Modality);
        let count =
            |v: &[(String, usize)], name: &str| v.iter().find(|(s, _)| s == name).map(|(_, n)| *n);
        assert_eq!(count(&modalities, "X-ray"), Some(1));
        assert_eq!(count(&modalities, "CT"), Some(0));
        assert_eq!(count(&values(&one, FacetKey::Year), "2019"), Some(1));
        assert_eq!(
            count(&values(&one, FacetKey::Category), "captioning"),
            Some(1)
        );
        assert!(
            facet_values(&catalog, [usize::MAX])
                .iter()
                .all(|(_, v)| v.iter().all(|(_, n)| *n == 0))
        );
    }

    #[test]
    fn toggling_values_edits_the_query_text() {
        use FacetKey::*;
        assert_eq!(toggle_facet_value("", Modality, "CT"), "m:CT");
        assert_eq!(toggle_facet_value("chest", Modality, "CT"), "chest m:CT");
        assert_eq!(toggle_facet_value("chest ", Modality, "CT"), "chest m:CT");
        assert_eq!(
            toggle_facet_value("chest m:CT", Modality, "MRI"),
            "chest m:CT,MRI"
        );
        assert_eq!(toggle_facet_value("m:ct, x", Modality, "MRI"), "m:ct,MRI x");
        assert_eq!(
            toggle_facet_value("chest m:CT,MRI", Modality, "ct"),
            "chest m:MRI"
        );
        assert_eq!(
            toggle_facet_value("chest m:CT,MRI", Modality, "MRI"),
            "chest m:CT"
        );
        assert_eq!(toggle_facet_value("chest m:CT", Modality, "CT"), "chest");
        assert_eq!(toggle_facet_value("m:CT chest", Modality, "CT"), "chest");
        assert_eq!(toggle_facet_value("a m:CT b", Modality, "CT"), "a b");
        assert_eq!(
            toggle_facet_value("modality:ct x", Modality, "PET"),
            "modality:ct,PET x"
        );
        assert_eq!(
            toggle_facet_value("x", Task, "Report generation"),
            "x t:\"Report generation\""
        );
        assert_eq!(
            toggle_facet_value("x t:\"Report generation\",VQA", Task, "Report generation"),
            "x t:VQA"
        );
        assert_eq!(
            toggle_facet_value("", License, "CC BY 4.0"),
            "license:\"CC BY 4.0\""
        );
        assert_eq!(toggle_facet_value("", Year, "2020"), "year:2020");
        assert_eq!(
            toggle_facet_value("year:>=2020", Year, "2018"),
            "year:>=2020,2018"
        );
        assert_eq!(
            toggle_facet_value("", Category, "qa-language"),
            "c:qa-language"
        );
        assert_eq!(
            toggle_facet_value("x t:\"rep", Modality, "CT"),
            "x t:\"rep\" m:CT"
        );
        // Negated and invalid terms are left alone.
        assert_eq!(toggle_facet_value("!m:ct", Modality, "ct"), "!m:ct m:ct");
        assert_eq!(toggle_facet_value("a:zzz", Access, "open"), "a:zzz a:open");
        // The result parses back, with the value selected.
        for (text, key, value) in [
            ("chest", Task, "Report generation"),
            ("", License, "Apache-2.0 (per repository badge)"),
            ("x m:ct", Modality, "PET/CT"),
        ] {
            let toggled = toggle_facet_value(text, key, value);
            assert!(is_facet_value_selected(&toggled, key, value), "{toggled}");
            assert!(
                split_words(&toggled)
                    .iter()
                    .all(|r| !matches!(classify(&toggled[r.clone()]), Word::Invalid(_)))
            );
            assert_eq!(toggle_facet_value(&toggled, key, value).trim(), text.trim());
        }
    }

    proptest::proptest! {
        /// Any text, however odd (quotes, escapes, multibyte characters),
        /// parses and toggles without panicking, and a toggled value in a
        /// text without a term on that key is selected afterwards.
        #[test]
        fn parsing_and_toggling_never_panic(
            text in "[a-z:,!\"\\ .<>=0-9年ＣＴ\t]{0,16}",
            value in "[A-Za-z ,\"/年-]{0,8}",
        ) {
            for range in split_words(&text) {
                let _ = classify(&text[range]);
            }
            let toggled = toggle_facet_value(&text, FacetKey::Task, &value);
            let _ = toggle_facet_value(&toggled, FacetKey::Task, &value);
            if positive_term(&text, FacetKey::Task).is_none()
                && !value.split('"').next().unwrap_or_default().trim().is_empty()
            {
                proptest::prop_assert!(is_facet_value_selected(&toggled, FacetKey::Task, value.split('"').next().unwrap()), "{:?}", toggled);
            }
        }
    }

    #[test]
    fn selected_values() {
        assert!(is_facet_value_selected(
            "x m:CT,mri",
            FacetKey::Modality,
            "MRI"
        ));
        assert!(!is_facet_value_selected(
            "x m:CT,mri",
            FacetKey::Modality,
            "PET"
        ));
        assert!(!is_facet_value_selected("x m:c", FacetKey::Modality, "CT"));
        assert!(!is_facet_value_selected("!m:ct", FacetKey::Modality, "CT"));
        assert!(!is_facet_value_selected("r:ct", FacetKey::Modality, "CT"));
    }
}
