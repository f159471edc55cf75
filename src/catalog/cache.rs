//! A `--catalog` file's load, remembered: what a full, validated load of the
//! file produced, kept in the user's cache directory so that the next start
//! reads it in place instead of parsing and checking the JSON again.
//!
//! One cache file per catalog path, `catalogs/<hash of the path>.bin`:
//!
//! ```text
//! "MEDSETS\x01" · format u32 · header offset, length, checksum (u64 LE)
//! datasets, each one record: its strings, then words (see `record.rs`)
//! header (MessagePack): the key, the catalog's version and categories, and
//!   for each dataset where its record ends and its checksum
//! ```
//!
//! **The key** is the file's identity: its canonical path, device, inode,
//! size, modification and change times (nanoseconds), and a fingerprint of
//! its content (xxh3 of its first and last 64 KiB and 16 blocks between);
//! and the program's: medsets' version and its executable's size and
//! modification time, so that a rebuilt medsets, whose rules may differ,
//! never trusts what an older one accepted. Any difference is a miss.
//!
//! **Never trusted:** the header and every dataset carry xxh3 checksums,
//! checked before anything is read, and the file must have exactly the
//! length the header says; a cache that fails any check, or does not
//! deserialize, is a miss, and the catalog is parsed and the cache rebuilt.
//! **Only a validated load is stored**, per file and before layering, so
//! the layering rules run on every start; and only when the file did not
//! change while it was read, nor in the two seconds before (a change within
//! one tick of the file system's clock could otherwise go unseen).
//! **Written atomically** (a temporary file in the same directory, then a
//! rename: [`crate::files::write_streamed`]); a cache that cannot be written
//! is said once on stderr, and the catalog is used as parsed.
//! Pipes, devices and other files that are not regular are not cached.
//!
//! Reading is zero-copy: the cache is memory-mapped and every dataset's
//! strings are borrowed from the map — by a [`DatasetView`] for `medsets
//! search`, and by the owned [`Dataset`]s of [`CacheFile::catalog`], for
//! which the map is kept for the rest of the process.

use std::fs::File;
use std::io::{self, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

use super::{Catalog, Category, Dataset, DatasetText, DatasetView};

const MAGIC: &[u8; 8] = b"MEDSETS\x01";
/// The layout of the file; a cache with another is a miss. (1: datasets as
/// MessagePack maps.)
const FORMAT: u32 = 2;
/// Magic, format, where the header starts, its length and its checksum.
const PREAMBLE: usize = 8 + 4 + 8 + 8 + 8;
/// A file changed this recently is not cached yet (see the module docs).
const SETTLED: Duration = Duration::from_secs(2);
/// A temporary file this old was left by a write that never finished.
const ABANDONED: Duration = Duration::from_secs(600);
/// Datasets serialized at a time while writing: bounds the memory a write
/// needs beside the catalog.
const CHUNK: usize = 4096;

/// Who a catalog file is, and which medsets read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    build: String,
    path: String,
    dev: u64,
    ino: u64,
    size: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
    fingerprint: u64,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Header {
    key: Identity,
    version: u32,
    categories: Vec<Category>,
    /// Per dataset: where its bytes end (from the start of the datasets)
    /// and their xxh3.
    entries: Vec<(u64, u64)>,
}

impl Identity {
    /// The file's identity now; `None` when it is not a regular, non-empty
    /// file medsets can cache (a pipe, `/dev/stdin`, a device), or the
    /// platform or the program cannot say who it is.
    pub fn of(path: &Path) -> Option<Identity> {
        let canonical = std::fs::canonicalize(path).ok()?;
        if [path, canonical.as_path()]
            .iter()
            .any(|p| p.starts_with("/dev") || p.starts_with("/proc"))
        {
            return None;
        }
        let file = File::open(&canonical).ok()?;
        let meta = file.metadata().ok()?;
        if !meta.is_file() || meta.len() == 0 {
            return None;
        }
        platform::identity(build()?, canonical, &file, &meta)
    }

    /// Whether the file was last changed at least [`SETTLED`] before `start`.
    fn settled(&self, start: SystemTime) -> bool {
        let Ok(start) = start.duration_since(SystemTime::UNIX_EPOCH) else {
            return false;
        };
        let Some(before) = start.checked_sub(SETTLED) else {
            return false;
        };
        let before = (before.as_secs() as i64, i64::from(before.subsec_nanos()));
        self.mtime < before && self.ctime < before
    }
}

/// medsets' version and its executable's size and modification time.
fn build() -> Option<String> {
    static BUILD: OnceLock<Option<String>> = OnceLock::new();
    BUILD
        .get_or_init(|| {
            let exe = std::env::current_exe().ok()?;
            let meta = std::fs::metadata(exe).ok()?;
            let modified = meta
                .modified()
                .ok()?
                .duration_since(SystemTime::UNIX_EPOCH)
                .ok()?;
            Some(format!(
                "{} {} {}",
                env!("CARGO_PKG_VERSION"),
                meta.len(),
                modified.as_nanos()
            ))
        })
        .clone()
}

#[cfg(unix)]
mod platform {
    use std::fs::{File, Metadata};
    use std::os::unix::fs::{FileExt, MetadataExt};
    use std::path::PathBuf;

    use super::Identity;

    pub fn identity(
        build: String,
        canonical: PathBuf,
        file: &File,
        meta: &Metadata,
    ) -> Option<Identity> {
        Some(Identity {
            build,
            path: canonical.into_os_string().into_string().ok()?,
            dev: meta.dev(),
            ino: meta.ino(),
            size: meta.len(),
            mtime: (meta.mtime(), meta.mtime_nsec()),
            ctime: (meta.ctime(), meta.ctime_nsec()),
            fingerprint: fingerprint(file, meta.len()).ok()?,
        })
    }

    /// xxh3 of the first and last 64 KiB and of 16 blocks of 4 KiB spread
    /// between them.
    fn fingerprint(file: &File, size: u64) -> std::io::Result<u64> {
        const ENDS: u64 = 64 * 1024;
        const BLOCK: u64 = 4096;
        let mut spans = vec![(0, ENDS.min(size))];
        for i in 1..=16 {
            let at = size / 17 * i;
            spans.push((at, BLOCK.min(size - at)));
        }
        spans.push((size.saturating_sub(ENDS), ENDS.min(size)));
        let mut bytes = Vec::with_capacity(200 * 1024);
        for (at, len) in spans {
            let start = bytes.len();
            bytes.resize(start + len as usize, 0);
            file.read_exact_at(&mut bytes[start..], at)?;
        }
        Ok(super::xxh3_64(&bytes))
    }
}

#[cfg(not(unix))]
mod platform {
    use std::fs::{File, Metadata};
    use std::path::PathBuf;

    use super::Identity;

    /// Without inodes and change times a file's identity is too weak to
    /// trust: no cache.
    pub fn identity(_: String, _: PathBuf, _: &File, _: &Metadata) -> Option<Identity> {
        None
    }
}

/// Where the cache of the catalog at `identity.path` lives in `dir`.
fn cache_path(dir: &Path, identity: &Identity) -> PathBuf {
    let name = format!("{:016x}.bin", xxh3_64(identity.path.as_bytes()));
    dir.join("catalogs").join(name)
}

/// A cache file whose key matched, mapped, its header checked; the datasets
/// are checked as they are read.
pub struct CacheFile {
    map: memmap2::Mmap,
    header: Header,
    data: usize,
}

impl CacheFile {
    /// The cache of the file `identity` names, if there is one that matches.
    pub fn open(dir: &Path, identity: &Identity) -> Option<CacheFile> {
        let file = File::open(cache_path(dir, identity)).ok()?;
        // SAFETY: medsets never writes a cache file in place (it writes a new
        // file and renames it over the old one), so the map does not change
        // under the reader; another program truncating it would stop the
        // process with SIGBUS, as for any mapped input.
        // Not populated: every page is read, but MAP_POPULATE maps all of
        // them on this thread before any is used, while faults taken as the
        // datasets are read fall on every core reading them (warm browser
        // start at 100,000 datasets: medians 364-471 ms populated,
        // 345-434 ms not, four rounds of 11 interleaved).
        let map = unsafe { memmap2::MmapOptions::new().map(&file) }.ok()?;
        let header = read_header(&map)?;
        if header.key != *identity {
            return None;
        }
        let data = PREAMBLE;
        Some(CacheFile { map, header, data })
    }

    /// The catalog stored, or `None` when any dataset fails its check. Its
    /// strings stay in the map, which is therefore kept for the rest of the
    /// process (the browser's catalog lives that long anyway): a start from
    /// the cache allocates no string and copies no text.
    pub fn catalog(self) -> Option<Catalog> {
        let CacheFile { map, header, data } = self;
        let map: &'static [u8] = Box::leak(Box::new(map));
        Some(Catalog {
            version: header.version,
            categories: header.categories,
            datasets: read(
                slices(map, data, &header.entries),
                DatasetView::into_dataset,
            )?,
        })
    }

    /// The catalog stored, its datasets borrowed from the map.
    pub fn views(&self) -> Option<super::CatalogView<'_>> {
        Some(super::CatalogView {
            version: self.header.version,
            categories: self.header.categories.clone(),
            datasets: read(slices(&self.map, self.data, &self.header.entries), |view| {
                view
            })?,
        })
    }
}

/// Every record checked against its checksum and read, then made a `T`,
/// or `None`. The datasets are written once, where they stay: made in the
/// same pass, collected in place by index (rayon collects an `Option<Vec>`
/// through per-thread lists, then copies them, 70 MB at 100,000), and the
/// `Option`s dropped in place.
fn read<'a, T: Send>(
    records: Vec<(&'a [u8], u64)>,
    make: impl Fn(DatasetView<'a>) -> T + Sync,
) -> Option<Vec<T>> {
    let read: Vec<Option<T>> = records
        .into_par_iter()
        .map(|(bytes, sum)| {
            (xxh3_64(bytes) == sum)
                .then(|| super::record::decode(bytes).map(&make))
                .flatten()
        })
        .collect();
    if read.iter().any(Option::is_none) {
        return None;
    }
    // `map` keeps the allocation (`flatten` would not): none is `None`.
    Some(read.into_iter().map(Option::unwrap).collect())
}

/// Each dataset's record and checksum, in `map` from `data` on.
fn slices<'a>(map: &'a [u8], data: usize, entries: &[(u64, u64)]) -> Vec<(&'a [u8], u64)> {
    let data = &map[data..];
    let mut start = 0usize;
    entries
        .iter()
        .map(|&(end, sum)| {
            let end = end as usize;
            // Ends only grow and the last one is the data's length
            // (checked in `read_header`).
            let bytes = &data[start..end];
            start = end;
            (bytes, sum)
        })
        .collect()
}

/// The header, when the preamble, the checksum and the shape all hold:
/// the header ends the file, and the datasets fill the space before it.
fn read_header(map: &[u8]) -> Option<Header> {
    let preamble = map.get(..PREAMBLE)?;
    if &preamble[..8] != MAGIC || preamble[8..12] != FORMAT.to_le_bytes() {
        return None;
    }
    let word = |at: usize| -> Option<usize> {
        usize::try_from(u64::from_le_bytes(preamble[at..at + 8].try_into().ok()?)).ok()
    };
    let (start, len) = (word(12)?, word(20)?);
    let sum = u64::from_le_bytes(preamble[28..36].try_into().ok()?);
    if start < PREAMBLE || start.checked_add(len)? != map.len() {
        return None;
    }
    let bytes = &map[start..];
    if xxh3_64(bytes) != sum {
        return None;
    }
    let header: Header = rmp_serde::from_slice(bytes).ok()?;
    let ends_in_order = header.entries.windows(2).all(|pair| pair[0].0 <= pair[1].0);
    let last = header.entries.last().map_or(0, |&(end, _)| end);
    (ends_in_order && last == (start - PREAMBLE) as u64).then_some(header)
}

/// Something that can be written into the cache: an owned dataset, or a
/// view copied out to one.
pub trait Storable: DatasetText {
    fn to_owned_dataset(&self) -> std::borrow::Cow<'_, Dataset>;
}

impl Storable for Dataset {
    fn to_owned_dataset(&self) -> std::borrow::Cow<'_, Dataset> {
        std::borrow::Cow::Borrowed(self)
    }
}

impl Storable for DatasetView<'_> {
    fn to_owned_dataset(&self) -> std::borrow::Cow<'_, Dataset> {
        std::borrow::Cow::Owned(self.to_dataset())
    }
}

/// Remembers a validated load of the file `before` named, if the file is
/// still that file and has settled (see the module docs). A failure to
/// write is said once per process on stderr.
pub fn store<D: Storable>(
    dir: &Path,
    before: &Identity,
    started: SystemTime,
    version: u32,
    categories: &[Category],
    datasets: &[D],
) {
    let path = Path::new(&before.path);
    if !before.settled(started) || Identity::of(path).as_ref() != Some(before) {
        return;
    }
    if let Err(err) = write(dir, before, version, categories, datasets) {
        static SAID: AtomicBool = AtomicBool::new(false);
        if !SAID.swap(true, Ordering::Relaxed) {
            let shown = crate::sanitize::line(&dir.display().to_string()).into_owned();
            let reason = crate::sanitize::line(&err.to_string()).into_owned();
            eprintln!(
                "medsets: cannot write the catalog cache in {shown} ({reason}); the catalog \
                 was read without it"
            );
        }
    }
}

fn write<D: Storable>(
    dir: &Path,
    key: &Identity,
    version: u32,
    categories: &[Category],
    datasets: &[D],
) -> io::Result<()> {
    let invalid = |err: rmp_serde::encode::Error| io::Error::new(io::ErrorKind::InvalidData, err);
    let path = cache_path(dir, key);
    if let Some(parent) = path.parent() {
        remove_abandoned(parent);
    }
    crate::files::write_streamed(&path, |out| {
        // The preamble is filled in last, when the header is known.
        out.write_all(&[0; PREAMBLE])?;
        let mut entries = Vec::with_capacity(datasets.len());
        let mut end = 0u64;
        // A chunk at a time, so that no copy of the whole catalog is held
        // beside it.
        for chunk in datasets.chunks(CHUNK) {
            for bytes in encode(chunk)? {
                end += bytes.len() as u64;
                entries.push((end, xxh3_64(&bytes)));
                out.write_all(&bytes)?;
            }
        }
        let header = Header {
            key: key.clone(),
            version,
            categories: categories.to_vec(),
            entries,
        };
        let header = rmp_serde::to_vec_named(&header).map_err(invalid)?;
        out.write_all(&header)?;
        out.seek(SeekFrom::Start(0))?;
        out.write_all(MAGIC)?;
        out.write_all(&FORMAT.to_le_bytes())?;
        out.write_all(&(PREAMBLE as u64 + end).to_le_bytes())?;
        out.write_all(&(header.len() as u64).to_le_bytes())?;
        out.write_all(&xxh3_64(&header).to_le_bytes())?;
        Ok(())
    })
}

/// Removes the temporary files of writes that never finished (a medsets
/// killed while writing): each is as large as a cache. A write takes
/// seconds, so one untouched for ten minutes is abandoned.
fn remove_abandoned(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let old = entry
            .metadata()
            .and_then(|meta| meta.modified())
            .ok()
            .and_then(|modified| modified.elapsed().ok())
            .is_some_and(|age| age > ABANDONED);
        if name.starts_with('.') && name.ends_with(".tmp") && old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn encode<D: Storable>(chunk: &[D]) -> io::Result<Vec<Vec<u8>>> {
    chunk
        .par_iter()
        .map(|dataset| {
            super::record::encode(dataset.to_owned_dataset().as_ref()).ok_or_else(|| {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    "a dataset's text is too large to cache",
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{EMBEDDED_JSON, load_str};

    /// The embedded catalog (every kind of field, escapes, Chinese) as a
    /// file, its load, and its identity.
    fn fixture(dir: &Path) -> (PathBuf, Catalog, Identity) {
        let path = dir.join("catalog.json");
        std::fs::write(&path, EMBEDDED_JSON).unwrap();
        let catalog = load_str(EMBEDDED_JSON, "catalog.json").unwrap();
        let key = Identity::of(&path).unwrap();
        (path, catalog, key)
    }

    /// As if the file had been read long after it was written (the
    /// settling rule is tested on its own).
    fn later() -> SystemTime {
        SystemTime::now() + Duration::from_secs(60)
    }

    fn stored(dir: &Path) -> (PathBuf, Catalog, Identity, PathBuf) {
        let (path, catalog, key) = fixture(dir);
        let cache = dir.join("cache");
        store(
            &cache,
            &key,
            later(),
            1,
            &catalog.categories,
            &catalog.datasets,
        );
        let file = cache_path(&cache, &key);
        assert!(file.is_file(), "the cache was written");
        (path, catalog, key, cache)
    }

    fn views_equal(cache: &CacheFile, catalog: &Catalog) -> bool {
        cache.views().is_some_and(|view| {
            view.categories == catalog.categories
                && view.datasets.len() == catalog.datasets.len()
                && view
                    .datasets
                    .iter()
                    .zip(&catalog.datasets)
                    .all(|(view, owned)| view.to_dataset() == *owned)
        })
    }

    #[test]
    fn a_stored_load_reads_back_the_same_owned_and_borrowed() {
        let dir = tempfile::tempdir().unwrap();
        let (_, catalog, key, cache) = stored(dir.path());
        let file = CacheFile::open(&cache, &key).expect("a hit");
        assert!(views_equal(&file, &catalog));
        // Views borrow their strings from the map: no copy.
        let view = file.views().unwrap();
        let name = view.datasets[0].name();
        let map = file.map.as_ptr_range();
        assert!(map.contains(&name.as_ptr()), "borrowed from the map");
        // So do the owned datasets, and every string of them.
        let file = CacheFile::open(&cache, &key).expect("a hit");
        let map = file.map.as_ptr_range();
        let owned = file.catalog().unwrap();
        assert_eq!(owned, catalog);
        for d in &owned.datasets {
            let mut texts = vec![&d.id, &d.name, &d.summary];
            texts.extend(d.urls.iter().flat_map(|link| [&link.label, &link.url]));
            texts.extend(d.citations.iter().map(|c| &c.bibtex));
            for text in texts {
                assert!(matches!(text, std::borrow::Cow::Borrowed(_)), "{text}");
                assert!(map.contains(&text.as_ptr()), "{text}");
            }
        }
    }

    #[test]
    fn a_changed_file_is_a_miss() {
        let dir = tempfile::tempdir().unwrap();
        let (path, _, key, cache) = stored(dir.path());
        let modified = std::fs::metadata(&path).unwrap().modified().unwrap();

        // Same size, same modification time, one byte changed: the change
        // time and the fingerprint differ.
        let mut bytes = std::fs::read(&path).unwrap();
        let at = bytes.iter().position(|&b| b == b'a').unwrap();
        bytes[at] = b'b';
        std::fs::write(&path, &bytes).unwrap();
        let file = File::options().write(true).open(&path).unwrap();
        file.set_modified(modified).unwrap();
        let now = Identity::of(&path).unwrap();
        assert_eq!((now.size, now.mtime), (key.size, key.mtime));
        assert_ne!(now.fingerprint, key.fingerprint);
        assert!(CacheFile::open(&cache, &now).is_none());

        // Another size.
        bytes.push(b'\n');
        std::fs::write(&path, &bytes).unwrap();
        let now = Identity::of(&path).unwrap();
        assert_ne!(now.size, key.size);
        assert!(CacheFile::open(&cache, &now).is_none());

        // Only the modification time.
        let mut moved = key.clone();
        moved.mtime.1 += 1;
        assert!(CacheFile::open(&cache, &moved).is_none());
        // The key as stored still opens: the misses above are the key's.
        assert!(CacheFile::open(&cache, &key).is_some());
    }

    #[test]
    fn a_truncated_or_corrupt_cache_is_never_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let (_, catalog, key, cache) = stored(dir.path());
        let file = cache_path(&cache, &key);
        let good = std::fs::read(&file).unwrap();
        let opens = |bytes: &[u8]| {
            std::fs::write(&file, bytes).unwrap();
            CacheFile::open(&cache, &key)
        };
        for len in [0, 7, PREAMBLE, PREAMBLE + 1, good.len() / 2, good.len() - 1] {
            assert!(opens(&good[..len]).is_none(), "cut to {len}");
        }
        let mut longer = good.clone();
        longer.push(0);
        assert!(opens(&longer).is_none(), "one byte more");
        // One byte flipped anywhere: in the preamble, in a dataset, in the
        // header. Every position of the preamble, then a spread.
        let positions = (0..PREAMBLE).chain((PREAMBLE..good.len()).step_by(good.len() / 397));
        for at in positions.chain([good.len() - 1]) {
            let mut bad = good.clone();
            bad[at] ^= 0x20;
            let trusted = opens(&bad).is_some_and(|f| f.views().is_some() || f.catalog().is_some());
            assert!(!trusted, "byte {at} of {} flipped", good.len());
        }
        assert!(views_equal(&opens(&good).unwrap(), &catalog));
    }

    #[test]
    fn a_foreign_version_is_a_miss() {
        let dir = tempfile::tempdir().unwrap();
        let (_, catalog, key, cache) = stored(dir.path());
        let file = cache_path(&cache, &key);
        let good = std::fs::read(&file).unwrap();
        // Another layout.
        let mut other = good.clone();
        other[8..12].copy_from_slice(&(FORMAT + 1).to_le_bytes());
        std::fs::write(&file, &other).unwrap();
        assert!(CacheFile::open(&cache, &key).is_none());
        // Another medsets (version or build) wrote it, for the same file.
        let mut foreign = key.clone();
        foreign.build = "0.0.1 1234 5678".into();
        write(&cache, &foreign, 1, &catalog.categories, &catalog.datasets).unwrap();
        assert!(file.is_file());
        assert!(CacheFile::open(&cache, &key).is_none());
    }

    #[test]
    fn writers_at_once_leave_a_valid_cache() {
        let dir = tempfile::tempdir().unwrap();
        let (_, catalog, key, cache) = stored(dir.path());
        std::thread::scope(|scope| {
            for _ in 0..4 {
                scope.spawn(|| {
                    for _ in 0..3 {
                        write(&cache, &key, 1, &catalog.categories, &catalog.datasets).unwrap();
                        // A reader meanwhile sees a whole cache or none.
                        if let Some(file) = CacheFile::open(&cache, &key) {
                            assert_eq!(file.catalog().as_ref(), Some(&catalog));
                        }
                    }
                });
            }
        });
        let file = CacheFile::open(&cache, &key).unwrap();
        assert_eq!(file.catalog().as_ref(), Some(&catalog));
        let names: Vec<_> = std::fs::read_dir(cache.join("catalogs"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names.len(), 1, "no temporary file is left: {names:?}");
    }

    #[test]
    fn abandoned_temporary_files_are_removed_and_fresh_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let (_, catalog, key) = fixture(dir.path());
        let cache = dir.path().join("cache");
        let catalogs = cache.join("catalogs");
        std::fs::create_dir_all(&catalogs).unwrap();
        let abandoned = catalogs.join(".x.bin.1.0.tmp");
        let writing = catalogs.join(".x.bin.2.0.tmp");
        for path in [&abandoned, &writing] {
            std::fs::write(path, "partial").unwrap();
        }
        let hour_ago = SystemTime::now() - Duration::from_secs(3600);
        File::options()
            .write(true)
            .open(&abandoned)
            .unwrap()
            .set_modified(hour_ago)
            .unwrap();
        write(&cache, &key, 1, &catalog.categories, &catalog.datasets).unwrap();
        assert!(!abandoned.exists());
        assert!(writing.exists(), "another writer's file is left alone");
    }

    #[test]
    fn only_settled_regular_files_are_stored() {
        let dir = tempfile::tempdir().unwrap();
        let (_, catalog, key) = fixture(dir.path());
        let cache = dir.path().join("cache");
        // Just written: not yet.
        let now = SystemTime::now();
        store(&cache, &key, now, 1, &catalog.categories, &catalog.datasets);
        assert!(!cache_path(&cache, &key).exists());
        // Pipes, devices, directories, empty files: no identity, no cache.
        for path in ["/dev/stdin", "/dev/null", "/proc/self/status"] {
            assert!(Identity::of(Path::new(path)).is_none(), "{path}");
        }
        assert!(Identity::of(dir.path()).is_none());
        let empty = dir.path().join("empty.json");
        std::fs::write(&empty, "").unwrap();
        assert!(Identity::of(&empty).is_none());
    }
}
