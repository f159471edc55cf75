//! The domain vocabulary (`assets/vocabulary.json`, embedded): groups of
//! words researchers use for the same thing (`ct`, `computed tomography`;
//! `mammo`, `mammography`) and the facts each group stands for (`m:CT`;
//! `chinese` → `l:zh`). A query word that is a vocabulary word also finds
//! datasets through the other words of its group and through those facts,
//! ranked below a literal match of the same strength. The file is data,
//! reviewed like the catalog, and checked by the tests below.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

use super::facets::{self, FacetTerm, Word};
use super::fold::fold;

pub const VOCABULARY_JSON: &str = include_str!("../../assets/vocabulary.json");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    groups: Vec<RawGroup>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    words: Vec<String>,
    #[serde(default)]
    facets: Vec<String>,
}

/// One group: its words (folded, lowercased) and the facts it stands for.
pub struct Group {
    pub words: Vec<String>,
    pub facets: Vec<FacetTerm>,
}

pub struct Vocabulary {
    groups: Vec<Group>,
    by_word: HashMap<String, usize>,
}

impl Vocabulary {
    /// The embedded vocabulary. Checked by the test suite, so a failure
    /// here is a build defect.
    pub fn embedded() -> &'static Vocabulary {
        static VOCABULARY: OnceLock<Vocabulary> = OnceLock::new();
        VOCABULARY.get_or_init(|| {
            Vocabulary::parse(VOCABULARY_JSON)
                .unwrap_or_else(|err| panic!("assets/vocabulary.json is invalid: {err}"))
        })
    }

    pub fn parse(text: &str) -> Result<Vocabulary, String> {
        let file: File = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if file.version != 1 {
            return Err(format!("unsupported version {}", file.version));
        }
        let mut groups = Vec::with_capacity(file.groups.len());
        let mut by_word = HashMap::new();
        for raw in file.groups {
            let words: Vec<String> = raw.words.iter().map(|w| normalize(w)).collect();
            let mut terms = Vec::new();
            for facet in &raw.facets {
                match facets::classify(facet) {
                    Word::Facet(term) if !term.negated => terms.push(term),
                    _ => return Err(format!("bad facet {facet:?} in group {words:?}")),
                }
            }
            for word in &words {
                if word.is_empty() {
                    return Err(format!("empty word in group {words:?}"));
                }
                if by_word.insert(word.clone(), groups.len()).is_some() {
                    return Err(format!("{word:?} is in two groups"));
                }
            }
            groups.push(Group {
                words,
                facets: terms,
            });
        }
        Ok(Vocabulary { groups, by_word })
    }

    /// The group `word` belongs to (folded, case-insensitive).
    pub fn group_of(&self, word: &str) -> Option<&Group> {
        self.by_word.get(&normalize(word)).map(|&i| &self.groups[i])
    }

    #[cfg(test)]
    pub fn groups(&self) -> &[Group] {
        &self.groups
    }

    /// Every word, for suggestions.
    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.by_word.keys().map(String::as_str)
    }
}

fn normalize(word: &str) -> String {
    fold(word.trim()).to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::search::facts::{Facts, Interner};

    #[test]
    fn the_embedded_vocabulary_is_valid_and_every_facet_finds_a_dataset() {
        let vocabulary = Vocabulary::embedded();
        assert!(vocabulary.groups().len() >= 20);
        let catalog = Catalog::embedded();
        let mut interner = Interner::new(&catalog.categories);
        let facts: Vec<Facts> = catalog
            .datasets
            .iter()
            .map(|d| Facts::build(d, &mut interner))
            .collect();
        for group in vocabulary.groups() {
            for term in &group.facets {
                assert!(
                    facts.iter().any(|f| term.matches(f)),
                    "{:?}: a facet no dataset has",
                    group.words
                );
            }
        }
        for word in ["ct", "mri", "mammo", "chinese", "cxr", "seg", "vqa"] {
            assert!(vocabulary.group_of(word).is_some(), "{word}");
        }
    }

    #[test]
    fn bad_files_are_refused() {
        for bad in [
            r#"{"version": 2, "groups": []}"#,
            r#"{"version": 1, "groups": [{"words": ["a"]}, {"words": ["A"]}]}"#,
            r#"{"version": 1, "groups": [{"words": ["a"], "facets": ["zz:x"]}]}"#,
            r#"{"version": 1, "groups": [{"words": [" "]}]}"#,
            r#"{"version": 1, "groups": [{"words": ["a"], "extra": 1}]}"#,
        ] {
            assert!(Vocabulary::parse(bad).is_err(), "{bad}");
        }
    }
}
