//! The shortlist: the datasets a researcher marked, kept across runs in
//! `$XDG_STATE_HOME/medsets/shortlist.json` (the platform's state or local
//! data directory where that variable is unset; `MEDSETS_STATE_DIR`
//! replaces the directory, which is how tests keep away from a user's).
//!
//! It is the user's work, so it is handled with care: written atomically;
//! a corrupt or unreadable file is reported with its path and left alone
//! (not overwritten) until the marks are changed; ids that the catalog in
//! use does not have are kept, since another catalog may have them.

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::files;
use crate::sanitize;

/// Replaces the state directory (tests, or a shortlist per project).
pub const STATE_DIR_ENV: &str = "MEDSETS_STATE_DIR";
pub const FILE_NAME: &str = "shortlist.json";
const FORMAT_VERSION: u32 = 1;
const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileShape {
    version: u32,
    ids: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shortlist {
    /// In the order they were marked, each once.
    ids: Vec<String>,
    /// The same ids, for `contains` in constant time: the browser asks it
    /// for every row it draws, and `*` may mark a hundred thousand.
    index: HashSet<String>,
    path: Option<PathBuf>,
}

/// Where the shortlist lives: `MEDSETS_STATE_DIR`, else the state
/// directory (`$XDG_STATE_HOME`, `~/.local/state`), else the local data
/// directory (macOS, Windows), each with `medsets/`.
pub fn default_path() -> Option<PathBuf> {
    match std::env::var_os(STATE_DIR_ENV) {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir).join(FILE_NAME)),
        _ => dirs::state_dir()
            .or_else(dirs::data_local_dir)
            .map(|dir| dir.join("medsets").join(FILE_NAME)),
    }
}

impl Shortlist {
    /// The user's shortlist, and a warning when its file could not be used.
    pub fn load() -> (Shortlist, Option<String>) {
        match default_path() {
            Some(path) => Shortlist::load_from(&path),
            None => (
                Shortlist::default(),
                Some(format!(
                    "medsets: no state directory on this system (set {STATE_DIR_ENV}); marks are not kept"
                )),
            ),
        }
    }

    /// The shortlist in `path`: empty when there is no file; empty, with
    /// a warning naming the file, when it cannot be read or parsed.
    pub fn load_from(path: &Path) -> (Shortlist, Option<String>) {
        let empty = Shortlist::empty_at(path.to_path_buf());
        let shown = sanitize::line(&path.display().to_string()).into_owned();
        let bytes = match files::read_limited(path, MAX_FILE_BYTES) {
            Ok(bytes) => bytes,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return (empty, None),
            Err(err) => {
                return (
                    empty,
                    Some(format!(
                        "medsets: cannot read the shortlist {shown}: {err}; it is left as it is until the marks change"
                    )),
                );
            }
        };
        match serde_json::from_slice::<FileShape>(&bytes) {
            Ok(file) if file.version == FORMAT_VERSION => {
                let mut shortlist = empty;
                shortlist.add(file.ids);
                (shortlist, None)
            }
            Ok(file) => (
                empty,
                Some(format!(
                    "medsets: the shortlist {shown} has unknown version {}; it is left as it is until the marks change",
                    file.version
                )),
            ),
            Err(err) => (
                empty,
                Some(format!(
                    "medsets: the shortlist {shown} is corrupt ({}); it is left as it is until the marks change",
                    sanitize::line(&err.to_string())
                )),
            ),
        }
    }

    /// An empty shortlist that saves to `path`.
    pub fn empty_at(path: PathBuf) -> Shortlist {
        Shortlist {
            path: Some(path),
            ..Shortlist::default()
        }
    }

    pub fn ids(&self) -> &[String] {
        &self.ids
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    pub fn contains(&self, id: &str) -> bool {
        self.index.contains(id)
    }

    /// Marks `id`, or unmarks it; true when it is now marked.
    pub fn toggle(&mut self, id: &str) -> bool {
        if self.index.remove(id) {
            self.ids.retain(|i| i != id);
            false
        } else {
            self.index.insert(id.to_string());
            self.ids.push(id.to_string());
            true
        }
    }

    /// Marks each of `ids` not marked yet; returns how many were added.
    pub fn add(&mut self, ids: impl IntoIterator<Item = String>) -> usize {
        let before = self.ids.len();
        for id in ids {
            if self.index.insert(id.clone()) {
                self.ids.push(id);
            }
        }
        self.ids.len() - before
    }

    /// Unmarks each of `ids`; returns how many were marked.
    pub fn remove<'a>(&mut self, ids: impl IntoIterator<Item = &'a str>) -> usize {
        let before = self.ids.len();
        for id in ids {
            self.index.remove(id);
        }
        self.ids.retain(|i| self.index.contains(i));
        before - self.ids.len()
    }

    pub fn clear(&mut self) {
        self.ids.clear();
        self.index.clear();
    }

    /// Writes the shortlist atomically.
    pub fn save(&self) -> io::Result<()> {
        let Some(path) = &self.path else {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!("no state directory on this system (set {STATE_DIR_ENV})"),
            ));
        };
        let file = FileShape {
            version: FORMAT_VERSION,
            ids: self.ids.clone(),
        };
        let mut text = serde_json::to_vec_pretty(&file).map_err(io::Error::from)?;
        text.push(b'\n');
        files::write_atomically(path, &text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_round_trip_in_order_each_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state/shortlist.json");
        let mut list = Shortlist::empty_at(path.clone());
        assert!(list.toggle("lidc-idri"));
        assert_eq!(list.add(["fumpe".to_string(), "lidc-idri".to_string()]), 1);
        assert!(list.toggle("not-in-this-catalog"));
        list.save().unwrap();
        let (again, warning) = Shortlist::load_from(&path);
        assert_eq!(warning, None);
        assert_eq!(again.ids(), ["lidc-idri", "fumpe", "not-in-this-catalog"]);
        let mut again = again;
        assert_eq!(again.remove(["fumpe", "nope"]), 1);
        assert!(!again.toggle("lidc-idri"));
        assert_eq!(again.ids(), ["not-in-this-catalog"]);
    }

    #[test]
    fn a_corrupt_file_is_reported_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("shortlist.json");
        std::fs::write(&path, b"{ not json \x1b[31m").unwrap();
        let (list, warning) = Shortlist::load_from(&path);
        let warning = warning.expect("reported");
        assert!(warning.contains("is corrupt") && warning.contains("shortlist.json"));
        assert!(!warning.contains('\x1b'));
        assert!(list.is_empty());
        // Loading does not touch the file.
        assert_eq!(std::fs::read(&path).unwrap(), b"{ not json \x1b[31m");
        let (_, missing) = Shortlist::load_from(&dir.path().join("none.json"));
        assert_eq!(missing, None, "no file is an empty shortlist");
    }
}
