//! Files medsets keeps for the user (the link cache, the shortlist, the
//! catalog cache): read with a size limit, written atomically — a
//! temporary file in the same directory, then a rename — so a reader, or a
//! second medsets writing at the same moment, never sees half a file.

use std::fs;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// The environment variable that replaces the cache directory.
pub const CACHE_DIR_ENV: &str = "MEDSETS_CACHE_DIR";

/// The cache directory: `MEDSETS_CACHE_DIR` if set and non-empty, else
/// `<user cache dir>/medsets` (`$XDG_CACHE_HOME/medsets` on Linux). `None`
/// when the platform has no cache dir.
pub fn cache_dir() -> Option<PathBuf> {
    match std::env::var_os(CACHE_DIR_ENV) {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
        _ => dirs::cache_dir().map(|dir| dir.join("medsets")),
    }
}

/// The file's bytes, refusing one larger than `max` bytes.
pub fn read_limited(path: &Path, max: u64) -> io::Result<Vec<u8>> {
    let file = fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("larger than {} MiB", max / (1024 * 1024)),
        ));
    }
    Ok(bytes)
}

/// Writes `bytes` to `path` through a temporary file and a rename,
/// creating the directory if needed, and syncs it before the rename.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    through_temporary(path, |file| {
        file.write_all(bytes)?;
        file.sync_all()
    })
}

/// Writes a large file at `path` through a temporary file and a rename,
/// `write` filling it through a buffer. Unlike [`write_atomically`] the file
/// is not synced: it is for caches whose readers check what they read, so a
/// file cut short by a crash is detected and rebuilt, and a sync of a large
/// file would cost more than the cache saves.
pub fn write_streamed(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<&mut fs::File>) -> io::Result<()>,
) -> io::Result<()> {
    through_temporary(path, |file| {
        let mut buffered = BufWriter::with_capacity(1 << 20, file);
        write(&mut buffered)?;
        buffered.flush()
    })
}

/// `fill` writes the temporary file, which is renamed over `path` only when
/// it succeeded, and removed otherwise. The directory is created if needed.
/// The temporary name carries the process id and a counter, so no two
/// writers (processes or threads) share one.
fn through_temporary(
    path: &Path,
    fill: impl FnOnce(&mut fs::File) -> io::Result<()>,
) -> io::Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map_or("medsets".into(), |n| n.to_string_lossy().into_owned());
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let temp = dir.join(format!(".{name}.{}.{count}.tmp", std::process::id()));
    let result = (|| {
        let mut file = fs::File::create(&temp)?;
        fill(&mut file)?;
        drop(file);
        fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_replace_whole_files_and_reads_are_limited() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("deep/er/file.json");
        write_atomically(&path, b"first").unwrap();
        write_atomically(&path, b"second").unwrap();
        assert_eq!(read_limited(&path, 100).unwrap(), b"second");
        assert!(read_limited(&path, 3).is_err());
        let leftovers: Vec<_> = fs::read_dir(path.parent().unwrap())
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "no temporary file is left");
    }
}
