//! What an import did, for stderr: counts, merges and every item skipped
//! with its line and why. List text is quoted sanitized.

use std::fmt;

use crate::sanitize;

/// An item of the list that did not become a dataset (or a URL that did
/// not become a link).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip {
    pub line: usize,
    /// The start of the item's text.
    pub what: String,
    pub why: String,
}

impl Skip {
    pub fn new(line: usize, what: &str, why: String) -> Skip {
        Skip {
            line,
            what: excerpt(what),
            why,
        }
    }
}

/// A dataset listed again, merged into its first entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merge {
    pub line: usize,
    pub name: String,
    pub into: String,
    pub into_line: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub datasets: usize,
    pub categories: usize,
    pub urls: usize,
    pub merged: Vec<Merge>,
    pub skipped: Vec<Skip>,
}

fn excerpt(text: &str) -> String {
    const MAX: usize = 60;
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= MAX {
        text
    } else {
        let mut cut: String = text.chars().take(MAX - 1).collect();
        cut.push('…');
        cut
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        writeln!(
            f,
            "imported {} in {} with {}",
            plural(self.datasets, "dataset", "datasets"),
            plural(self.categories, "category", "categories"),
            plural(self.urls, "URL", "URLs"),
        )?;
        if !self.merged.is_empty() {
            writeln!(
                f,
                "merged {} listed again:",
                plural(self.merged.len(), "entry", "entries")
            )?;
            for m in &self.merged {
                writeln!(
                    f,
                    "  line {}: \"{}\" is \"{}\" (line {}): one dataset, in each category it is listed under",
                    m.line,
                    sanitize::line(&m.name),
                    sanitize::line(&m.into),
                    m.into_line
                )?;
            }
        }
        if !self.skipped.is_empty() {
            writeln!(
                f,
                "skipped {}:",
                plural(self.skipped.len(), "item", "items")
            )?;
            for s in &self.skipped {
                writeln!(
                    f,
                    "  line {}: \"{}\": {}",
                    s.line,
                    sanitize::line(&s.what),
                    sanitize::line(&s.why)
                )?;
            }
        }
        writeln!(
            f,
            "access is \"unknown\" and the licence not stated wherever the list does not say: review the draft before use"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_quotes_list_text_sanitized() {
        let report = Report {
            datasets: 1,
            categories: 1,
            urls: 2,
            merged: vec![],
            skipped: vec![Skip::new(7, "evil \u{1b}[31mred\u{202e}", "no URL".into())],
        };
        let text = report.to_string();
        assert!(
            text.starts_with("imported 1 dataset in 1 category with 2 URLs\n"),
            "{text}"
        );
        assert!(text.contains("line 7: \"evil"), "{text}");
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{202e}'),
            "{text:?}"
        );
    }
}
