//! Numbers and lists as people read them: `3,515`, `25.5B`, `36 GB`,
//! `CT, MRI`. Knows nothing of the catalog; `describe` builds on it.

use unicode_width::UnicodeWidthStr;

use crate::sanitize;

/// `1234567` -> `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Large counts read better rounded: `25500000000` -> `25.5B`; small ones exact.
pub fn count(n: u64) -> String {
    const STEPS: [(u64, &str); 3] = [
        (1_000_000_000_000, "T"),
        (1_000_000_000, "B"),
        (1_000_000, "M"),
    ];
    for (step, suffix) in STEPS {
        if n >= step {
            return format!("{}{suffix}", trim_decimal(n as f64 / step as f64));
        }
    }
    thousands(n)
}

/// Decimal (SI) byte sizes, as dataset hosts quote them: `36000000000` -> `36 GB`.
pub fn bytes(n: u64) -> String {
    const UNITS: [&str; 6] = ["B", "kB", "MB", "GB", "TB", "PB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    format!("{} {}", trim_decimal(value), UNITS[unit])
}

fn trim_decimal(value: f64) -> String {
    if value >= 100.0 || (value - value.round()).abs() < 0.05 {
        format!("{}", value.round() as u64)
    } else {
        format!("{value:.1}")
    }
}

/// A list of short strings joined for one line, or a dash when empty.
pub fn list(items: &[impl AsRef<str>]) -> String {
    if items.is_empty() {
        return "-".into();
    }
    items
        .iter()
        .map(|s| sanitize::line(s.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `text` cut to `width` display columns, ending in `…` where it was cut.
/// Wide (CJK) characters count two columns and are never split.
pub fn ellipsize(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(c);
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// `text` padded with spaces to `width` display columns.
pub fn pad(text: &str, width: usize) -> String {
    format!("{text}{}", " ".repeat(width.saturating_sub(text.width())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ellipsis_and_padding_by_display_width() {
        assert_eq!(
            ellipsize("Medical Segmentation Decathlon", 12),
            "Medical Seg…"
        );
        assert_eq!(ellipsize("short", 12), "short");
        assert_eq!(ellipsize("肺结核筛查", 5), "肺结…");
        assert_eq!(pad("肺", 4), "肺  ");
        assert_eq!(pad("toolong", 3), "toolong");
    }

    #[test]
    fn numbers() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(3515), "3,515");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(count(377110), "377,110");
        assert_eq!(count(1_600_000), "1.6M");
        assert_eq!(count(25_500_000_000), "25.5B");
        assert_eq!(count(6_300_000_000_000), "6.3T");
        assert_eq!(count(571_000_000), "571M");
    }

    #[test]
    fn byte_sizes() {
        assert_eq!(bytes(550_000), "550 kB");
        assert_eq!(bytes(34_496_718), "34.5 MB");
        assert_eq!(bytes(36_000_000_000), "36 GB");
        assert_eq!(bytes(4_700_000_000_000), "4.7 TB");
        assert_eq!(bytes(0), "0 B");
        assert_eq!(bytes(u64::MAX), "18447 PB");
    }
}
