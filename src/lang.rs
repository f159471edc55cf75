//! The display language of summaries and category names.

use clap::ValueEnum;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    /// The language the user's locale asks for: Chinese for any `zh*` locale.
    pub fn from_locale() -> Lang {
        Self::from_locale_vars(|name| std::env::var(name).ok())
    }

    /// POSIX precedence: the first of LC_ALL, LC_MESSAGES, LANG that is set.
    pub fn from_locale_vars(get: impl Fn(&str) -> Option<String>) -> Lang {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .filter_map(get)
            .find(|value| !value.is_empty());
        match locale {
            Some(value) if value.to_ascii_lowercase().starts_with("zh") => Lang::Zh,
            _ => Lang::En,
        }
    }

    pub fn toggled(self) -> Lang {
        match self {
            Lang::En => Lang::Zh,
            Lang::Zh => Lang::En,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }
}

/// The English name of an ISO 639-1 (`zh`) or 639-3 (`zho`) language
/// code, for lists that show codes (the facet picker): `Chinese`.
pub fn language_name(code: &str) -> Option<&'static str> {
    let code = code.trim().to_ascii_lowercase();
    let row = match *code.as_bytes() {
        [a, b] => {
            let at = table::BY_639_1.binary_search_by_key(&[a, b], |&(short, _)| short);
            usize::from(table::BY_639_1[at.ok()?].1)
        }
        [a, b, c] => table::BY_639_3
            .binary_search_by_key(&[a, b, c], |&(long, _, _)| long)
            .ok()?,
        _ => return None,
    };
    let (_, start, len) = table::BY_639_3[row];
    let start = start as usize;
    table::NAMES.get(start..start + usize::from(len))
}

/// isolang's names and codes, laid out by `build.rs` without pointers.
mod table {
    include!(concat!(env!("OUT_DIR"), "/languages.rs"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_precedence() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(Lang::from_locale_vars(env(&[])), Lang::En);
        assert_eq!(
            Lang::from_locale_vars(env(&[("LANG", "zh_CN.UTF-8")])),
            Lang::Zh
        );
        assert_eq!(
            Lang::from_locale_vars(env(&[("LC_ALL", "en_US.UTF-8"), ("LANG", "zh_CN.UTF-8")])),
            Lang::En
        );
        assert_eq!(
            Lang::from_locale_vars(env(&[
                ("LC_ALL", ""),
                ("LC_MESSAGES", "zh_TW"),
                ("LANG", "C")
            ])),
            Lang::Zh
        );
    }

    #[test]
    fn language_names_by_either_code() {
        assert_eq!(language_name("zh"), Some("Chinese"));
        assert_eq!(language_name("zho"), Some("Chinese"));
        assert_eq!(language_name(" EN "), Some("English"));
        assert_eq!(language_name("yue"), Some("Yue Chinese"));
        assert_eq!(language_name("wuu"), Some("Wu Chinese"));
        assert_eq!(language_name("de"), Some("German"));
        for unknown in ["", "z", "zz", "qqq", "zhoo", "中文"] {
            assert_eq!(language_name(unknown), None, "{unknown:?}");
        }
    }

    #[test]
    fn every_code_names_what_isolang_names() {
        for language in isolang::languages() {
            let name = Some(language.to_name());
            assert_eq!(language_name(language.to_639_3()), name);
            if let Some(short) = language.to_639_1() {
                assert_eq!(language_name(short), name);
            }
        }
    }

    #[test]
    fn the_table_is_ordered_and_every_name_is_whole() {
        assert!(table::BY_639_3.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(table::BY_639_1.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(table::BY_639_3.len() > 7_000);
        for &(code, start, len) in &table::BY_639_3 {
            let start = start as usize;
            let name = table::NAMES.get(start..start + usize::from(len));
            assert!(name.is_some_and(|name| !name.is_empty()), "{code:?}");
        }
    }
}
