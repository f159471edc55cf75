//! Small text rules of the importer: cleaning, names, ids, languages,
//! URL labels, sizes and the domain vocabulary.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::catalog::{Catalog, SizeFigure, check_web_url};
use crate::sanitize;
use crate::search::{FacetKey, FacetValues, Vocabulary, fold};

/// Text from a list made fit for a catalog: controls, escapes and bidi
/// overrides dropped, whitespace collapsed (newlines kept when `lines`).
pub fn clean(text: &str, lines: bool) -> String {
    let kept: String = text
        .chars()
        .filter(|&c| {
            (c == '\n' && lines)
                || !(c.is_control() || sanitize::is_unsafe(c))
                || c == ' '
                || c == '\t'
        })
        .map(|c| if c == '\n' && !lines { ' ' } else { c })
        .collect();
    let mut out = String::with_capacity(kept.len());
    for (n, line) in kept.split('\n').enumerate() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if n > 0 && !out.is_empty() && !line.is_empty() {
            out.push('\n');
        }
        out.push_str(&line);
    }
    out.trim().to_string()
}

pub fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}')
}

/// Mostly Chinese: one Han character weighs as much as three Latin letters.
pub fn is_chinese(text: &str) -> bool {
    let han = text.chars().filter(|&c| is_han(c)).count();
    let latin = text.chars().filter(char::is_ascii_alphabetic).count();
    han > 0 && han * 3 >= latin
}

/// A heading or item without its numbering: `（1）`, `(1)`, `1.`, `1)`,
/// `一.`, `一、`.
pub fn strip_numbering(text: &str) -> &str {
    let t = text.trim_start();
    let paired = [('（', '）'), ('(', ')'), ('[', ']')];
    for (open, close) in paired {
        if let Some(rest) = t.strip_prefix(open)
            && let Some(end) = rest.find(close)
            && end > 0
            && rest[..end]
                .chars()
                .all(|c| c.is_ascii_digit() || is_cjk_numeral(c))
        {
            return rest[end + close.len_utf8()..].trim_start();
        }
    }
    let digits = t
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || is_cjk_numeral(*c)))
        .map_or(t.len(), |(i, _)| i);
    if digits > 0 {
        let rest = &t[digits..];
        for mark in ['.', ')', '、', '．', '：'] {
            if let Some(after) = rest.strip_prefix(mark) {
                return after.trim_start();
            }
        }
    }
    t
}

fn is_cjk_numeral(c: char) -> bool {
    "一二三四五六七八九十百".contains(c)
}

/// A heading's name and what its brackets held: `PubMedQA（Jin 等人，2019 年）`
/// → (`PubMedQA`, [`Jin 等人，2019 年`]). Trailing words that only say
/// "dataset" (`的数据集`, ` Dataset`) go.
pub fn split_name(text: &str) -> (String, Vec<String>) {
    let mut name = String::new();
    let mut notes = Vec::new();
    let mut depth = 0usize;
    let mut note = String::new();
    for c in text.chars() {
        match c {
            '（' | '(' | '【' | '[' => {
                if depth > 0 {
                    note.push(c);
                }
                depth += 1;
            }
            '）' | ')' | '】' | ']' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    notes.push(std::mem::take(&mut note).trim().to_string());
                } else {
                    note.push(c);
                }
            }
            c if depth > 0 => note.push(c),
            c => name.push(c),
        }
    }
    if !note.trim().is_empty() {
        notes.push(note.trim().to_string());
    }
    let mut name = clean(&name, false);
    for suffix in [
        "数据集",
        "的",
        "模型",
        " dataset",
        " datasets",
        " Dataset",
        " Datasets",
    ] {
        if let Some(rest) = name.strip_suffix(suffix)
            && !rest.trim().is_empty()
        {
            name = rest.trim_end().to_string();
        }
    }
    let name = name
        .trim_end_matches([':', '：', ',', '，', '-', '–', ' '])
        .to_string();
    if name.is_empty() {
        // Everything was in brackets: keep it whole.
        return (clean(text, false), Vec::new());
    }
    notes.retain(|n| !n.is_empty());
    (name, notes)
}

/// A name short enough for a list: up to the first sentence break, else cut
/// at a word.
pub fn short_name(text: &str) -> String {
    const MAX: usize = 80;
    let text = clean(text, false);
    if text.chars().count() <= MAX {
        return text;
    }
    for sep in [". ", ": ", " - ", " – ", ", ", "，", "。"] {
        if let Some(at) = text.find(sep)
            && at > 0
            && text[..at].chars().count() <= MAX
        {
            return text[..at].to_string();
        }
    }
    let mut out = String::new();
    for word in text.split(' ') {
        if out.chars().count() + word.chars().count() + 1 > MAX - 1 {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.is_empty() {
        out = text.chars().take(MAX - 1).collect();
    }
    out.push('…');
    out
}

/// A kebab-case id from a name (ASCII letters and digits), at most 60
/// characters, or `None` when the name has none.
pub fn kebab(name: &str) -> Option<String> {
    let mut out = String::new();
    for c in fold(name).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.len() > 60 {
        match out.rfind('-') {
            Some(at) => out.truncate(at),
            None => out.truncate(60),
        }
    }
    let out = out.trim_end_matches('-').to_string();
    (!out.is_empty()).then_some(out)
}

/// A name in the form duplicates are found by: letters and digits, lowercase.
pub fn name_key(name: &str) -> String {
    fold(name)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The label of a URL: its link text, else a short `label:` just before it
/// (`user guide: http://…`, `InstructorDoctor-5K：https://…`), else its host.
pub fn url_label(link_text: Option<&str>, before: &str, url: &str) -> String {
    if let Some(text) = link_text.map(|t| clean(t, false))
        && !text.is_empty()
    {
        return text;
    }
    let line = before.rsplit('\n').next().unwrap_or("");
    let trimmed = line.trim_end();
    if let Some(label) = trimmed
        .strip_suffix(':')
        .or_else(|| trimmed.strip_suffix('：'))
    {
        let label = label
            .rsplit(['(', '（', '.', ';', '。'])
            .next()
            .unwrap_or("");
        let label = clean(label.trim_start_matches(['-', '*', ' ']), false);
        let words = label.split_whitespace().count();
        if !label.is_empty() && words <= 5 && label.chars().count() <= 40 {
            return label;
        }
    }
    host(url)
}

pub fn host(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|u| {
            u.host_str()
                .map(|h| h.trim_start_matches("www.").to_string())
        })
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "link".to_string())
}

/// Whether a URL may go into a catalog (absolute http(s), nothing hidden).
pub fn usable_url(url: &str) -> Result<(), String> {
    check_web_url(url)
}

/// A size figure written as `140 Cases`, `1,018 CT scans`, `108K images`.
pub fn size_figure(part: &str) -> Option<SizeFigure> {
    const UNITS: [&str; 22] = [
        "cases",
        "images",
        "scans",
        "volumes",
        "studies",
        "patients",
        "subjects",
        "videos",
        "slides",
        "questions",
        "reports",
        "tokens",
        "frames",
        "series",
        "exams",
        "pairs",
        "samples",
        "dialogues",
        "conversations",
        "documents",
        "sequences",
        "recordings",
    ];
    let part = part.trim();
    let number_end = part
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == ',' || *c == '.'))
        .map_or(part.len(), |(i, _)| i);
    let number = part[..number_end].replace(',', "");
    let mut rest = &part[number_end..];
    let value: f64 = number.parse().ok()?;
    let scale = match rest.chars().next() {
        Some('k' | 'K') => 1e3,
        Some('m' | 'M') if !rest[1..].starts_with(|c: char| c.is_alphabetic()) => 1e6,
        Some('b' | 'B') if !rest[1..].starts_with(|c: char| c.is_alphabetic()) => 1e9,
        _ => 1.0,
    };
    if scale > 1.0 {
        rest = &rest[1..];
    }
    if !rest.starts_with(' ') {
        return None;
    }
    let words: Vec<&str> = rest.split_whitespace().collect();
    let unit_words = words.iter().position(|w| {
        let w = w.to_lowercase();
        UNITS
            .iter()
            .any(|u| w == *u || w.strip_suffix('s') == Some(u) || format!("{w}s") == *u)
    })?;
    if unit_words > 2 || words.len() > unit_words + 2 {
        return None;
    }
    let unit = words[..=unit_words].join(" ").to_lowercase();
    let value = (value * scale).round();
    (1.0..1e15).contains(&value).then_some(SizeFigure {
        value: value as u64,
        unit: unit.into(),
    })
}

/// A year (1950–2099) at the start of a date such as `2022-04`.
pub fn year(text: &str) -> Option<u16> {
    let digits: String = text.trim().chars().take(4).collect();
    let year: u16 = digits.parse().ok()?;
    (1950..=2099).contains(&year).then_some(year)
}

/// Modalities, body regions and tasks named in `text`, through the same
/// vocabulary search uses, spelled as the embedded catalog spells them.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Recognised {
    pub modalities: Vec<String>,
    pub body_regions: Vec<String>,
    pub tasks: Vec<String>,
}

pub fn recognise(text: &str) -> Recognised {
    let vocabulary = Vocabulary::embedded();
    let mut found = Recognised::default();
    let mut add = |key: FacetKey, values: &FacetValues| {
        let FacetValues::Prefixes(prefixes) = values else {
            return;
        };
        let list = match key {
            FacetKey::Modality => &mut found.modalities,
            FacetKey::Region => &mut found.body_regions,
            FacetKey::Task => &mut found.tasks,
            _ => return,
        };
        for prefix in prefixes {
            let value = spelling(key, prefix);
            if !list.contains(&value) {
                list.push(value);
            }
        }
    };
    let mut consider = |phrase: &str| {
        if let Some(group) = vocabulary.group_of(phrase) {
            for term in &group.facets {
                if !term.negated {
                    add(term.key, &term.values);
                }
            }
        }
    };
    // Latin words and phrases of up to four words. Short words count only
    // in capitals (`CT`, `MR`, `PET`): `pet` or `seg` in prose may mean
    // something else.
    let tokens: Vec<&str> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '/') || is_han(c))
        .filter(|t| !t.is_empty())
        .collect();
    for start in 0..tokens.len() {
        for len in 1..=4.min(tokens.len() - start) {
            let words = &tokens[start..start + len];
            if len == 1 {
                let w = words[0];
                if w.chars().count() <= 3 && w.chars().any(|c| c.is_lowercase()) {
                    continue;
                }
            }
            consider(&words.join(" "));
        }
    }
    // Chinese words of two characters or more, found as substrings.
    if text.chars().any(is_han) {
        for word in vocabulary.words() {
            if word.chars().count() >= 2 && word.chars().all(is_han) && text.contains(word) {
                consider(word);
            }
        }
    }
    found
}

/// How the embedded catalog spells a vocabulary value (`ct` → `CT`).
fn spelling(key: FacetKey, prefix: &str) -> String {
    static SPELLINGS: OnceLock<HashMap<(FacetKey, String), String>> = OnceLock::new();
    let spellings = SPELLINGS.get_or_init(|| {
        let mut map = HashMap::new();
        for d in &Catalog::embedded().datasets {
            for (key, values) in [
                (FacetKey::Modality, &d.modalities),
                (FacetKey::Region, &d.body_regions),
                (FacetKey::Task, &d.tasks),
            ] {
                for v in values {
                    map.entry((key, fold(v).to_lowercase()))
                        .or_insert_with(|| v.to_string());
                }
            }
        }
        map
    });
    spellings
        .get(&(key, prefix.to_string()))
        .cloned()
        .unwrap_or_else(|| {
            let mut c = prefix.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_numbering_brackets_and_dataset_words() {
        assert_eq!(strip_numbering("（12）PadChest"), "PadChest");
        assert_eq!(strip_numbering("一. QA类型"), "QA类型");
        assert_eq!(strip_numbering("3) X"), "X");
        assert_eq!(strip_numbering("3D CT"), "3D CT");
        let (name, notes) = split_name("PubMedQA（Jin 等人，2019 年）");
        assert_eq!((name.as_str(), notes.len()), ("PubMedQA", 1));
        assert_eq!(split_name("ScanQA模型的数据集").0, "ScanQA");
        assert_eq!(split_name("ChestX-ray dataset").0, "ChestX-ray");
        assert_eq!(
            kebab("Alzheimer’s Disease (ADNI)").as_deref(),
            Some("alzheimer-s-disease-adni")
        );
        assert_eq!(kebab("医学图像"), None);
        assert!(short_name(&"word ".repeat(40)).ends_with('…'));
    }

    #[test]
    fn sizes_years_labels_and_languages() {
        let size = size_figure("224,316 images").unwrap();
        assert_eq!((size.value, size.unit.as_ref()), (224_316, "images"));
        assert_eq!(size_figure("108K Cases").unwrap().value, 108_000);
        assert_eq!(size_figure("6 Categories of Organ Segmentation"), None);
        assert_eq!(year("2022-04"), Some(2022));
        assert_eq!(year("-"), None);
        assert_eq!(
            url_label(None, "user guide: ", "http://a.org/x"),
            "user guide"
        );
        assert_eq!(url_label(None, "see ", "http://www.a.org/x"), "a.org");
        assert_eq!(url_label(Some("Github"), "", "http://a.org"), "Github");
        assert!(is_chinese("这是一个大型胸部 X 射线数据集"));
        assert!(!is_chinese("Anesthesia、Anatomy、Biochemistry"));
    }

    #[test]
    fn the_search_vocabulary_recognises_modalities_regions_and_tasks() {
        let found = recognise("3D CT, 140 Cases, chest X-ray segmentation; 胸部");
        assert_eq!(found.modalities, ["CT", "X-ray"]);
        assert_eq!(found.body_regions, ["Chest"]);
        assert_eq!(found.tasks, ["Segmentation"]);
        // Short words count only in capitals: "pet" here is an animal.
        assert!(recognise("a pet dataset").modalities.is_empty());
    }
}
