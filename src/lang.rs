//! The display language of summaries and category names.

use clap::ValueEnum;

use crate::catalog::{Category, Dataset};

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

impl Category {
    pub fn name_in(&self, lang: Lang) -> &str {
        match (lang, &self.name_zh) {
            (Lang::Zh, Some(zh)) if !zh.trim().is_empty() => zh,
            _ => &self.name,
        }
    }

    pub fn description_in(&self, lang: Lang) -> Option<&str> {
        match (lang, &self.description_zh, &self.description) {
            (Lang::Zh, Some(zh), _) if !zh.trim().is_empty() => Some(zh),
            (_, _, Some(en)) => Some(en),
            (_, zh, None) => zh.as_deref(),
        }
    }
}

impl Dataset {
    /// The summary in `lang`, falling back to English where no translation exists.
    pub fn summary_in(&self, lang: Lang) -> &str {
        match (lang, &self.summary_zh) {
            (Lang::Zh, Some(zh)) if !zh.trim().is_empty() => zh,
            _ => &self.summary,
        }
    }

    /// The summary in the other language, when there is one.
    pub fn other_summary(&self, lang: Lang) -> Option<&str> {
        match lang {
            Lang::En => self
                .summary_zh
                .as_deref()
                .filter(|zh| !zh.trim().is_empty()),
            Lang::Zh
                if self
                    .summary_zh
                    .as_deref()
                    .is_some_and(|zh| !zh.trim().is_empty()) =>
            {
                Some(&self.summary)
            }
            Lang::Zh => None,
        }
    }
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
    fn summaries_fall_back_to_english() {
        let catalog = crate::catalog::Catalog::embedded();
        let mut d = catalog.datasets[0].clone();
        d.summary_zh = None;
        assert_eq!(d.summary_in(Lang::Zh), d.summary);
        assert_eq!(d.other_summary(Lang::Zh), None);
        assert_eq!(d.other_summary(Lang::En), None);
    }
}
