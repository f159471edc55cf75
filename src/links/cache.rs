//! What medsets remembers about its links: the last check of each URL.
//!
//! One JSON file, `links.json`, in the user's cache directory
//! (`$XDG_CACHE_HOME/medsets/` on Linux; `MEDSETS_CACHE_DIR` overrides the
//! directory, which is how tests keep away from a user's cache). It is only a
//! memory: a missing file is an empty cache, and a corrupt or unreadable one
//! is reported once and treated as empty, so that the next save replaces it.
//! Saves are atomic (a temporary file in the same directory, then a rename),
//! so a reader never sees half a file.

use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::files;

use crate::sanitize;

pub use crate::files::{CACHE_DIR_ENV, cache_dir};
/// The file name inside the cache directory.
pub const FILE_NAME: &str = "links.json";
/// The version of the file's shape; a file with another version is replaced.
const FORMAT_VERSION: u32 = 1;
/// A cache larger than this is not a cache medsets wrote: refuse to read it.
const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// The verdict on one URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// The URL answers with a success (2xx, or 206/416 to a ranged GET).
    Ok,
    /// A permanent redirect (301/308) to a different URL: the link should be updated.
    Moved,
    /// 401/403 or a redirect to a login page: the data is behind an account,
    /// which is expected for registration, credentialed and request datasets.
    Gated,
    /// 404/410, another 4xx, 5xx, or a DNS, TLS or connection failure.
    Broken,
    /// No answer within the time allowed.
    Timeout,
}

impl Status {
    /// Every status, in the order summaries list them.
    pub const ALL: [Status; 5] = [
        Status::Ok,
        Status::Moved,
        Status::Gated,
        Status::Broken,
        Status::Timeout,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Moved => "moved",
            Status::Gated => "gated",
            Status::Broken => "broken",
            Status::Timeout => "timeout",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The last check of one URL, as remembered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkStatus {
    pub status: Status,
    /// The HTTP status code that decided the verdict, if a server answered.
    #[serde(default)]
    pub http: Option<u16>,
    /// Where the redirects ended, when that is not the URL itself.
    #[serde(default)]
    pub final_url: Option<String>,
    /// For `moved`: the URL the link has permanently moved to.
    #[serde(default)]
    pub moved_to: Option<String>,
    /// A short reason when no code tells it: `connection refused`, `no such host`, …
    #[serde(default)]
    pub detail: Option<String>,
    /// When the check ran, in seconds since the Unix epoch.
    pub checked_at: u64,
}

/// Everything remembered, by URL.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinkCache {
    links: BTreeMap<String, LinkStatus>,
    path: Option<PathBuf>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileShape {
    version: u32,
    links: BTreeMap<String, LinkStatus>,
}

/// The cache file, `<cache dir>/links.json`.
pub fn default_path() -> Option<PathBuf> {
    cache_dir().map(|dir| dir.join(FILE_NAME))
}

/// Seconds since the Unix epoch (0 if the clock is before it).
pub fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl LinkCache {
    /// The user's cache. Never fails: the warning, if any, says why the
    /// cache was treated as empty (it is printed once by the caller).
    pub fn load() -> (LinkCache, Option<String>) {
        match default_path() {
            Some(path) => LinkCache::load_from(&path),
            None => (
                LinkCache::default(),
                Some(format!(
                    "medsets: no cache directory on this system (set {CACHE_DIR_ENV}); \
                     link results will not be remembered"
                )),
            ),
        }
    }

    /// The cache at `path`; missing is empty without a warning, corrupt or
    /// unreadable is empty with one. A later [`save`](Self::save) replaces it.
    pub fn load_from(path: &Path) -> (LinkCache, Option<String>) {
        let empty = LinkCache {
            links: BTreeMap::new(),
            path: Some(path.to_path_buf()),
        };
        let shown = sanitize::line(&path.display().to_string()).into_owned();
        let bytes = match read_limited(path) {
            Ok(bytes) => bytes,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return (empty, None),
            Err(err) => {
                let warning =
                    format!("medsets: cannot read the link cache {shown}: {err}; starting afresh");
                return (empty, Some(warning));
            }
        };
        match serde_json::from_slice::<FileShape>(&bytes) {
            Ok(file) if file.version == FORMAT_VERSION => (
                LinkCache {
                    links: file.links,
                    path: Some(path.to_path_buf()),
                },
                None,
            ),
            Ok(file) => {
                let warning = format!(
                    "medsets: the link cache {shown} has unknown version {}; it will be replaced",
                    file.version
                );
                (empty, Some(warning))
            }
            Err(err) => {
                let reason = sanitize::line(&err.to_string()).into_owned();
                let warning = format!(
                    "medsets: the link cache {shown} is corrupt ({reason}); it will be replaced"
                );
                (empty, Some(warning))
            }
        }
    }

    /// An empty cache that saves to `path`.
    #[cfg(test)]
    pub fn empty_at(path: PathBuf) -> LinkCache {
        LinkCache {
            links: BTreeMap::new(),
            path: Some(path),
        }
    }

    /// Where this cache saves to, if anywhere.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The last check of `url`, if any.
    pub fn get(&self, url: &str) -> Option<&LinkStatus> {
        self.links.get(url)
    }

    /// Remembers a check, unless the cache already holds a newer one.
    pub fn insert(&mut self, url: String, status: LinkStatus) {
        match self.links.get(&url) {
            Some(old) if old.checked_at > status.checked_at => {}
            _ => {
                self.links.insert(url, status);
            }
        }
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.links.len()
    }

    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.links.is_empty()
    }

    /// Every remembered URL and its status, sorted by URL.
    #[cfg(test)]
    pub fn iter(&self) -> impl Iterator<Item = (&str, &LinkStatus)> {
        self.links
            .iter()
            .map(|(url, status)| (url.as_str(), status))
    }

    /// Writes the cache atomically: a temporary file beside the target, then
    /// a rename over it. Creates the directory if needed.
    pub fn save(&self) -> io::Result<()> {
        let Some(path) = &self.path else {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!("no cache directory on this system (set {CACHE_DIR_ENV})"),
            ));
        };
        let file = FileShape {
            version: FORMAT_VERSION,
            links: self.links.clone(),
        };
        let mut text = serde_json::to_vec_pretty(&file).map_err(io::Error::from)?;
        text.push(b'\n');
        write_atomically(path, &text)
    }

    /// Re-reads the file (another medsets may have written since this one
    /// loaded), adds this cache's newer entries, and saves. What the disk
    /// held is kept unless this cache has a newer check of the same URL.
    pub fn merge_and_save(&mut self) -> io::Result<()> {
        if let Some(path) = self.path.clone() {
            let (on_disk, _ignored_warning) = LinkCache::load_from(&path);
            for (url, status) in on_disk.links {
                self.insert(url, status);
            }
        }
        self.save()
    }
}

fn read_limited(path: &Path) -> io::Result<Vec<u8>> {
    files::read_limited(path, MAX_FILE_BYTES)
}

fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    files::write_atomically(path, bytes)
}

/// How long ago, in the words the detail panel uses: `today`, `3d ago`,
/// `2mo ago`, `1y ago`. A time in the future (clock skew) reads `today`.
pub fn age(checked_at: u64, now: u64) -> String {
    const DAY: u64 = 24 * 60 * 60;
    let days = now.saturating_sub(checked_at) / DAY;
    match days {
        0 => "today".to_string(),
        1..=59 => format!("{days}d ago"),
        60..=729 => format!("{}mo ago", days / 30),
        _ => format!("{}y ago", days / 365),
    }
}

/// One line for a URL's last check: `ok · 3d ago`, `broken 404 · today`,
/// `moved → https://… · 2d ago`, `gated 403 · today`,
/// `broken (connection refused) · today`. Safe to print: cached text is sanitized.
pub fn describe(status: &LinkStatus, now: u64) -> String {
    let mut text = status.status.as_str().to_string();
    match (status.status, &status.moved_to, status.http) {
        (Status::Moved, Some(target), _) => {
            text.push_str(" → ");
            text.push_str(&sanitize::line(target));
        }
        (Status::Ok | Status::Moved, _, _) => {}
        // A redirect code says less than the reason (`gated (login page)`).
        (_, _, Some(code)) if !(300..=399).contains(&code) || status.detail.is_none() => {
            text.push(' ');
            text.push_str(&code.to_string());
        }
        _ => {
            if let Some(detail) = &status.detail {
                text.push_str(" (");
                text.push_str(&sanitize::line(detail));
                text.push(')');
            }
        }
    }
    text.push_str(" · ");
    text.push_str(&age(status.checked_at, now));
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    const DAY: u64 = 86_400;
    const NOW: u64 = 1_750_000_000;

    fn status(status: Status, http: Option<u16>) -> LinkStatus {
        LinkStatus {
            status,
            http,
            final_url: None,
            moved_to: None,
            detail: None,
            checked_at: NOW,
        }
    }

    #[test]
    fn age_in_days_months_years() {
        assert_eq!(age(NOW, NOW), "today");
        assert_eq!(age(NOW - DAY + 1, NOW), "today");
        assert_eq!(age(NOW - DAY, NOW), "1d ago");
        assert_eq!(age(NOW - 3 * DAY - 5, NOW), "3d ago");
        assert_eq!(age(NOW - 59 * DAY, NOW), "59d ago");
        assert_eq!(age(NOW - 60 * DAY, NOW), "2mo ago");
        assert_eq!(age(NOW - 400 * DAY, NOW), "13mo ago");
        assert_eq!(age(NOW - 800 * DAY, NOW), "2y ago");
        assert_eq!(age(NOW + 5 * DAY, NOW), "today", "future is today");
        assert_eq!(age(0, NOW), "55y ago");
    }

    #[test]
    fn describe_each_status() {
        let mut ok = status(Status::Ok, Some(200));
        ok.checked_at = NOW - 3 * DAY;
        assert_eq!(describe(&ok, NOW), "ok · 3d ago");
        assert_eq!(
            describe(&status(Status::Broken, Some(404)), NOW),
            "broken 404 · today"
        );
        assert_eq!(
            describe(&status(Status::Gated, Some(403)), NOW),
            "gated 403 · today"
        );
        let mut moved = status(Status::Moved, Some(301));
        moved.moved_to = Some("https://example.org/new".into());
        moved.checked_at = NOW - 2 * DAY;
        assert_eq!(
            describe(&moved, NOW),
            "moved → https://example.org/new · 2d ago"
        );
        let mut refused = status(Status::Broken, None);
        refused.detail = Some("connection refused".into());
        assert_eq!(
            describe(&refused, NOW),
            "broken (connection refused) · today"
        );
        assert_eq!(
            describe(&status(Status::Timeout, None), NOW),
            "timeout · today"
        );
        let mut login = status(Status::Gated, Some(302));
        login.detail = Some("login page".into());
        assert_eq!(describe(&login, NOW), "gated (login page) · today");
    }

    #[test]
    fn describe_sanitizes_cached_text() {
        let mut moved = status(Status::Moved, Some(308));
        moved.moved_to = Some("https://x/\u{1b}]52;c;AAAA\u{7}".into());
        let text = describe(&moved, NOW);
        assert!(!text.chars().any(sanitize::is_unsafe), "{text:?}");
    }

    #[test]
    fn missing_file_is_an_empty_cache_without_warning() {
        let dir = tempfile::tempdir().unwrap();
        let (cache, warning) = LinkCache::load_from(&dir.path().join("links.json"));
        assert!(cache.is_empty());
        assert!(warning.is_none());
    }

    #[test]
    fn save_and_load_round_trip_atomically() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/links.json");
        let mut cache = LinkCache::empty_at(path.clone());
        cache.insert("https://a/".into(), status(Status::Ok, Some(200)));
        cache.save().unwrap();
        let (back, warning) = LinkCache::load_from(&path);
        assert!(warning.is_none());
        assert_eq!(back.get("https://a/"), cache.get("https://a/"));
        // No temporary file is left beside it.
        let names: Vec<_> = fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["links.json"]);
    }

    #[test]
    fn corrupt_file_warns_and_is_replaced_on_save() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("links.json");
        fs::write(&path, b"\x00\xffnot json{{").unwrap();
        let (mut cache, warning) = LinkCache::load_from(&path);
        assert!(warning.unwrap().contains("corrupt"));
        assert!(cache.is_empty());
        cache.insert("https://a/".into(), status(Status::Gated, Some(401)));
        cache.save().unwrap();
        let (back, warning) = LinkCache::load_from(&path);
        assert!(warning.is_none());
        assert_eq!(back.len(), 1);
    }

    #[test]
    fn unknown_version_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("links.json");
        fs::write(&path, br#"{"version": 99, "links": {}}"#).unwrap();
        let (_, warning) = LinkCache::load_from(&path);
        assert!(warning.unwrap().contains("version 99"));
    }

    #[test]
    fn merge_keeps_newer_entries_from_disk_and_memory() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("links.json");
        let mut other = LinkCache::empty_at(path.clone());
        let mut newer = status(Status::Broken, Some(404));
        newer.checked_at = NOW + 10;
        other.insert("https://a/".into(), newer.clone());
        other.insert("https://b/".into(), status(Status::Ok, Some(200)));
        other.save().unwrap();

        let mut mine = LinkCache::empty_at(path.clone());
        mine.insert("https://a/".into(), status(Status::Ok, Some(200)));
        mine.insert("https://c/".into(), status(Status::Ok, Some(200)));
        mine.merge_and_save().unwrap();
        let (back, _) = LinkCache::load_from(&path);
        assert_eq!(back.len(), 3);
        assert_eq!(back.get("https://a/"), Some(&newer));
    }

    #[test]
    fn insert_does_not_replace_a_newer_check() {
        let mut cache = LinkCache::default();
        let mut new = status(Status::Ok, Some(200));
        new.checked_at = NOW + 1;
        cache.insert("u".into(), new.clone());
        cache.insert("u".into(), status(Status::Broken, Some(500)));
        assert_eq!(cache.get("u"), Some(&new));
    }
}
