//! What the end-to-end tests share: the binary, run with an environment the
//! user's own cannot leak into.

use std::path::Path;
use std::sync::OnceLock;

use assert_cmd::Command;

/// An empty link cache shared by the tests of one binary, so a user's cache
/// never shows up in `show`.
pub fn empty_cache_dir() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap())
        .path()
}

/// `medsets`, with no catalog, language, colour or locale settings from the
/// environment, and an empty link cache.
pub fn medsets() -> Command {
    let mut cmd = Command::cargo_bin("medsets").unwrap();
    cmd.env("MEDSETS_CACHE_DIR", empty_cache_dir())
        .env("MEDSETS_STATE_DIR", empty_cache_dir().join("state"))
        .env_remove("MEDSETS_CATALOG")
        .env_remove("MEDSETS_LANG")
        .env_remove("NO_COLOR")
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES");
    cmd
}
