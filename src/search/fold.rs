//! Text as it is matched: NFKC-folded (so ASCII `(` finds fullwidth `（`),
//! and lowercased where matching ignores case.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

/// NFKC-folded text, the form all matching is done on. ASCII is already in
/// NFKC, which is most of any catalog and the reason for the shortcut.
pub fn fold(text: &str) -> String {
    fold_borrowed(text).into_owned()
}

/// [`fold`], copying only when folding changes the text.
pub(crate) fn fold_borrowed(text: &str) -> Cow<'_, str> {
    if text.is_ascii()
        || unicode_normalization::is_nfkc_quick(text.chars())
            == unicode_normalization::IsNormalized::Yes
    {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.nfkc().collect())
    }
}

/// Folded and lowercased.
pub(crate) fn fold_lower(text: &str) -> String {
    if text.is_ascii() {
        text.to_ascii_lowercase()
    } else {
        fold_borrowed(text).to_lowercase()
    }
}
