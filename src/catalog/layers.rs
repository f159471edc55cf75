//! Catalogs in layers: the embedded catalog first (unless left out), then
//! each file named with `--catalog` (or in `MEDSETS_CATALOG`), merged by id.
//!
//! Every file is loaded and validated on its own, exactly as a single
//! catalog is, so it must define the categories its datasets use. Then:
//! - categories merge by id: the first definition names the category; a
//!   later one may add the fields the first lacks (a Chinese name, a
//!   description);
//! - a dataset id seen in an earlier layer is an error naming both sources,
//!   unless the later dataset says `"override": true`: then it replaces the
//!   earlier one, in the earlier one's place. `"override": true` on a
//!   dataset no earlier layer has is an error too (a typo would otherwise
//!   add a dataset silently);
//! - every dataset remembers its [`Source`].
//!
//! A file's own load may come from the catalog cache ([`super::cache`])
//! when [`Layers::cache`] names a directory; merging always runs.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::SystemTime;

use super::cache::{self, CacheFile, Identity};
use super::load::{CatalogView, SourceText};
use super::validate::{LoadError, Problem, line_column};
use super::{Catalog, Category, DatasetText, EMBEDDED_NAME, Source};

/// Which catalogs make up the one in use, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layers {
    /// The embedded catalog comes first (`--no-embedded` leaves it out).
    pub embedded: bool,
    pub files: Vec<PathBuf>,
    /// Where each file's validated load is remembered (the user's cache
    /// directory); `None`: every file is parsed.
    pub cache: Option<PathBuf>,
}

impl Default for Layers {
    fn default() -> Layers {
        Layers::embedded_only()
    }
}

impl Layers {
    pub fn embedded_only() -> Layers {
        Layers {
            embedded: true,
            files: Vec::new(),
            cache: None,
        }
    }

    /// Only this file: what `--no-embedded --catalog FILE` means.
    pub fn file_only(path: impl Into<PathBuf>) -> Layers {
        Layers {
            embedded: false,
            files: vec![path.into()],
            cache: None,
        }
    }

    pub fn is_empty(&self) -> bool {
        !self.embedded && self.files.is_empty()
    }

    /// Every layer's text, read once, with its source and, for a file
    /// that may be cached, its identity taken before it was read.
    fn open(&self) -> Result<Vec<Opened>, LoadError> {
        let mut texts = Vec::with_capacity(self.files.len() + 1);
        if self.embedded {
            texts.push(Opened {
                text: SourceText::open(None)?,
                source: Source::Embedded,
                key: None,
                started: SystemTime::now(),
            });
        }
        for path in &self.files {
            let label = path.display().to_string();
            let started = SystemTime::now();
            let key = self.cache.as_ref().and_then(|_| Identity::of(path));
            texts.push(Opened {
                text: SourceText::open(Some(path))?,
                source: Source::File(label.as_str().into()),
                key,
                started,
            });
        }
        Ok(texts)
    }

    /// The cache of `opened`'s file, when there is one that matches.
    fn cached(&self, opened: &Opened) -> Option<CacheFile> {
        CacheFile::open(self.cache.as_ref()?, opened.key.as_ref()?)
    }

    /// The merged catalog, every layer validated (or its validated load
    /// remembered), and each file just parsed remembered in the cache as
    /// soon as it is loaded (even if merging then fails: the file is valid).
    pub fn load(&self) -> Result<Catalog, LoadError> {
        self.load_layers(false).map(|(catalog, _)| catalog)
    }

    /// As [`Layers::load`], but the caches of the files just parsed are
    /// left for the caller to write, from the merged catalog, when it has
    /// time ([`Deferred::store`]; the browser does it after its first
    /// frame: at 100,000 datasets the write is 0.2 s of a 0.9 s cold
    /// start). That is only when the merged catalog holds each such file's
    /// load exactly, in its order: when no layer says `"override": true`,
    /// so that every dataset of every layer is appended as it was read.
    /// Otherwise they are written here, before merging, as always.
    pub fn load_deferring(&self) -> Result<(Catalog, Vec<Deferred>), LoadError> {
        self.load_layers(true)
    }

    fn load_layers(&self, defer: bool) -> Result<(Catalog, Vec<Deferred>), LoadError> {
        let texts = self.open()?;
        let mut layers = Vec::with_capacity(texts.len());
        // The layers parsed rather than read from their cache.
        let mut parsed = Vec::new();
        for opened in &texts {
            let text = &opened.text;
            let catalog = match self.cached(opened).and_then(|cache| cache.catalog()) {
                Some(catalog) => catalog,
                None => {
                    let catalog = text.load()?;
                    text.release_pages();
                    parsed.push((layers.len(), opened));
                    catalog
                }
            };
            layers.push(Layer {
                name: text.name(),
                text,
                source: opened.source.clone(),
                version: catalog.version,
                categories: catalog.categories,
                datasets: catalog.datasets,
            });
        }
        // An override may move or replace a file's datasets in the merge.
        // (Looked for only when a file was parsed: a start from the cache
        // need not read every dataset once more.)
        let write_now = !defer
            || (!parsed.is_empty()
                && layers
                    .iter()
                    .any(|layer| layer.datasets.iter().any(|d| d.overrides())));
        let mut deferred = Vec::new();
        for (at, opened) in parsed {
            let layer = &layers[at];
            let (Some(dir), Some(key)) = (&self.cache, &opened.key) else {
                continue;
            };
            if write_now {
                self.remember(opened, layer.version, &layer.categories, &layer.datasets);
            } else {
                let start: usize = layers[..at].iter().map(|l| l.datasets.len()).sum();
                deferred.push(Deferred {
                    dir: dir.clone(),
                    key: key.clone(),
                    started: opened.started,
                    version: layer.version,
                    categories: layer.categories.clone(),
                    datasets: start..start + layer.datasets.len(),
                });
            }
        }
        let (version, categories, datasets) = merge(layers)?;
        let catalog = Catalog {
            version,
            categories,
            datasets,
        };
        Ok((catalog, deferred))
    }

    /// Stores a file's validated load in the cache, if there is one.
    fn remember<D: cache::Storable>(
        &self,
        opened: &Opened,
        version: u32,
        categories: &[Category],
        datasets: &[D],
    ) {
        if let (Some(dir), Some(key)) = (&self.cache, &opened.key) {
            cache::store(dir, key, opened.started, version, categories, datasets);
        }
    }
}

/// A file's validated load, still to be remembered in the cache: its
/// datasets are `datasets` of the merged catalog (see
/// [`Layers::load_deferring`]).
#[derive(Debug)]
pub struct Deferred {
    dir: PathBuf,
    key: Identity,
    started: SystemTime,
    version: u32,
    categories: Vec<Category>,
    datasets: std::ops::Range<usize>,
}

impl Deferred {
    /// Writes the cache, unless the file changed since it was read (the
    /// cache's own rule). `catalog` is the one `load_deferring` returned.
    pub fn store(&self, catalog: &Catalog) {
        if let Some(datasets) = catalog.datasets.get(self.datasets.clone()) {
            cache::store(
                &self.dir,
                &self.key,
                self.started,
                self.version,
                &self.categories,
                datasets,
            );
        }
    }
}

/// One layer's text, read.
struct Opened {
    text: SourceText,
    source: Source,
    /// The file's identity before it was read, when it may be cached.
    key: Option<Identity>,
    /// When it was about to be read.
    started: SystemTime,
}

/// The layers' texts, kept so that a merged [`CatalogView`] can borrow
/// from them (`medsets search`).
pub struct LayeredViews {
    layers: Layers,
    texts: Vec<Opened>,
    /// Each text's cache, when one matched.
    caches: Vec<Option<CacheFile>>,
}

impl LayeredViews {
    pub fn open(layers: &Layers) -> Result<LayeredViews, LoadError> {
        let texts = layers.open()?;
        let caches = texts.iter().map(|opened| layers.cached(opened)).collect();
        Ok(LayeredViews {
            layers: layers.clone(),
            texts,
            caches,
        })
    }

    /// Validated and merged exactly as [`Layers::load`], datasets left in
    /// the texts (or in their caches).
    pub fn views(&self) -> Result<CatalogView<'_>, LoadError> {
        let mut layers = Vec::with_capacity(self.texts.len());
        for (opened, cache) in self.texts.iter().zip(&self.caches) {
            let text = &opened.text;
            let view = match cache.as_ref().and_then(CacheFile::views) {
                Some(view) => view,
                None => {
                    let view = text.views()?;
                    self.layers
                        .remember(opened, view.version, &view.categories, &view.datasets);
                    view
                }
            };
            layers.push(Layer {
                name: text.name(),
                text,
                source: opened.source.clone(),
                version: view.version,
                categories: view.categories,
                datasets: view.datasets,
            });
        }
        let (version, categories, datasets) = merge(layers)?;
        Ok(CatalogView {
            version,
            categories,
            datasets,
        })
    }
}

/// One validated catalog, before merging.
struct Layer<'t, D> {
    name: &'t str,
    /// Read again only to place a problem.
    text: &'t SourceText,
    source: Source,
    version: u32,
    categories: Vec<Category>,
    datasets: Vec<D>,
}

fn merge<D: DatasetText>(
    layers: Vec<Layer<'_, D>>,
) -> Result<(u32, Vec<Category>, Vec<D>), LoadError> {
    let count = layers.len();
    let mut version = super::SUPPORTED_VERSION;
    let mut categories: Vec<Category> = Vec::new();
    let mut datasets: Vec<D> = Vec::new();
    // Where each id of the layers so far sits: (index in `datasets`, name
    // of its source). The last layer's ids are only looked up, never kept:
    // with one large file over the embedded catalog, nothing of it is
    // copied into the map.
    let mut seen: HashMap<String, (usize, &str)> = HashMap::new();
    for (number, layer) in layers.into_iter().enumerate() {
        version = layer.version;
        merge_categories(&mut categories, layer.categories);
        let last = number + 1 == count;
        let mut problems = Vec::new();
        let nothing_to_override = |dataset: &D| {
            problem(
                layer.text.text().unwrap_or_default(),
                dataset.id(),
                format!(
                    "\"override\": true, but no earlier catalog has a dataset \"{}\" to \
                     replace",
                    dataset.id()
                ),
            )
        };
        if datasets.is_empty() {
            // The first layer's datasets become the merged ones where they
            // are: moving 100,000 of them (70 MB) cost more than the rest of
            // a start from the cache. Its ids are unique (the loader checks).
            let mut first = layer.datasets;
            for (at, dataset) in first.iter_mut().enumerate() {
                if dataset.overrides() {
                    problems.push(nothing_to_override(dataset));
                } else {
                    dataset.settle(&layer.source);
                    if !last {
                        seen.insert(dataset.id().to_string(), (at, layer.name));
                    }
                }
            }
            datasets = first;
        } else {
            // Grown once: growing by doubling moved every dataset already
            // in several times.
            datasets.reserve(layer.datasets.len());
            for mut dataset in layer.datasets {
                let earlier = seen.get(dataset.id()).copied();
                match (earlier, dataset.overrides()) {
                    (Some((at, _)), true) => {
                        dataset.settle(&layer.source);
                        if !last {
                            seen.insert(dataset.id().to_string(), (at, layer.name));
                        }
                        datasets[at] = dataset;
                    }
                    (Some((_, from)), false) => problems.push(problem(
                        layer.text.text().unwrap_or_default(),
                        dataset.id(),
                        format!(
                            "dataset id \"{}\" is already in {}; add \"override\": true to \
                             this dataset to replace that one, or give it another id (catalogs \
                             used together share one set of ids)",
                            dataset.id(),
                            display_name(from)
                        ),
                    )),
                    (None, true) => problems.push(nothing_to_override(&dataset)),
                    (None, false) => {
                        dataset.settle(&layer.source);
                        if !last {
                            seen.insert(dataset.id().to_string(), (datasets.len(), layer.name));
                        }
                        datasets.push(dataset);
                    }
                }
            }
        }
        if !problems.is_empty() {
            problems.sort_by_key(|p| (p.line, p.column));
            return Err(LoadError {
                file: layer.name.to_string(),
                problems,
                unreadable: false,
            });
        }
    }
    Ok((version, categories, datasets))
}

/// The first definition of a category names it; a later one only fills in
/// what the first lacks.
fn merge_categories(merged: &mut Vec<Category>, more: Vec<Category>) {
    for category in more {
        match merged.iter_mut().find(|c| c.id == category.id) {
            Some(first) => {
                first.name_zh = first.name_zh.take().or(category.name_zh);
                first.description = first.description.take().or(category.description);
                first.description_zh = first.description_zh.take().or(category.description_zh);
            }
            None => merged.push(category),
        }
    }
}

fn display_name(name: &str) -> &str {
    if name == EMBEDDED_NAME {
        "the embedded catalog"
    } else {
        name
    }
}

/// A problem placed at the dataset's `"id"` value in its file.
fn problem(text: &str, id: &str, message: String) -> Problem {
    let (line, column) = id_position(text, id).unwrap_or((1, 1));
    Problem {
        line,
        column,
        entry: Some(id.to_string()),
        message,
    }
}

/// Where `"id": "<id>"` is written (ids are kebab-case: no escapes).
fn id_position(text: &str, id: &str) -> Option<(usize, usize)> {
    let quoted = format!("\"{id}\"");
    let mut from = 0;
    while let Some(found) = text[from..].find(&quoted) {
        let at = from + found;
        let before = text[..at].trim_end();
        if let Some(key) = before.strip_suffix(':')
            && key.trim_end().ends_with("\"id\"")
        {
            return Some(line_column(text, at));
        }
        from = at + quoted.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(dir: &tempfile::TempDir, name: &str, body: serde_json::Value) -> PathBuf {
        let path = dir.path().join(name);
        std::fs::write(&path, serde_json::to_string_pretty(&body).unwrap()).unwrap();
        path
    }

    fn catalog(datasets: serde_json::Value) -> serde_json::Value {
        serde_json::json!({
            "version": 1,
            "categories": [{"id": "imaging", "name": "Imaging", "name_zh": "影像"}],
            "datasets": datasets
        })
    }

    fn dataset(id: &str, name: &str) -> serde_json::Value {
        serde_json::json!({"id": id, "name": name, "categories": ["imaging"],
            "summary": "s", "access": "open",
            "urls": [{"label": "Home", "url": "https://example.org/"}]})
    }

    /// The cache files under `dir`, by name, with their bytes.
    fn caches(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<_> = std::fs::read_dir(dir.join("catalogs"))
            .map(|entries| {
                entries
                    .map(|e| e.unwrap())
                    .map(|e| {
                        (
                            e.file_name().into_string().unwrap(),
                            std::fs::read(e.path()).unwrap(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        files
    }

    /// Waits until files written now are old enough to be cached (a file
    /// changed in the last two seconds is not; its change time cannot be
    /// set back).
    fn settle() {
        std::thread::sleep(std::time::Duration::from_millis(2100));
    }

    #[test]
    fn a_deferred_cache_is_the_one_written_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let lab = file(
            &dir,
            "lab.json",
            catalog(serde_json::json!([
                dataset("lab-ct", "Lab CT"),
                dataset("lab-mr", "Lab MR")
            ])),
        );
        let more = file(
            &dir,
            "more.json",
            catalog(serde_json::json!([dataset("more-ct", "More CT")])),
        );
        settle();
        let layers = |cache: &str| Layers {
            embedded: true,
            files: vec![lab.clone(), more.clone()],
            cache: Some(dir.path().join(cache)),
        };
        layers("at-once").load().unwrap();
        let (catalog, deferred) = layers("deferred").load_deferring().unwrap();
        assert_eq!(deferred.len(), 2, "both files were parsed");
        assert!(
            caches(&dir.path().join("deferred")).is_empty(),
            "nothing yet"
        );
        for store in &deferred {
            store.store(&catalog);
        }
        let (at_once, later) = (
            caches(&dir.path().join("at-once")),
            caches(&dir.path().join("deferred")),
        );
        assert_eq!(at_once.len(), 2);
        assert_eq!(at_once, later, "the same bytes");
        // And they are used: nothing is left to write the next time.
        let (again, deferred) = layers("deferred").load_deferring().unwrap();
        assert!(deferred.is_empty());
        assert_eq!(again, catalog);
    }

    #[test]
    fn with_an_override_the_caches_are_written_before_merging() {
        let dir = tempfile::tempdir().unwrap();
        let mut replacing = dataset("vqa-rad", "VQA-RAD, local copy");
        replacing["override"] = serde_json::json!(true);
        let lab = file(&dir, "lab.json", catalog(serde_json::json!([replacing])));
        settle();
        let layers = Layers {
            embedded: true,
            files: vec![lab],
            cache: Some(dir.path().join("cache")),
        };
        let (catalog, deferred) = layers.load_deferring().unwrap();
        assert!(deferred.is_empty());
        assert_eq!(
            caches(&dir.path().join("cache")).len(),
            1,
            "written already"
        );
        let replaced = catalog.datasets.iter().find(|d| d.id == "vqa-rad").unwrap();
        assert_eq!(replaced.name, "VQA-RAD, local copy");
        // The cache keeps the file's own load, override included.
        let (again, _) = layers.load_deferring().unwrap();
        assert_eq!(again, catalog);
    }

    #[test]
    fn a_file_adds_its_datasets_after_the_embedded_ones() {
        let dir = tempfile::tempdir().unwrap();
        let lab = file(
            &dir,
            "lab.json",
            catalog(serde_json::json!([dataset("lab-ct", "Lab CT")])),
        );
        let layers = Layers {
            embedded: true,
            files: vec![lab.clone()],
            cache: None,
        };
        let merged = layers.load().unwrap();
        let embedded = Catalog::embedded();
        assert_eq!(merged.datasets.len(), embedded.datasets.len() + 1);
        let last = merged.datasets.last().unwrap();
        assert_eq!(last.id, "lab-ct");
        assert_eq!(last.source.label(), lab.display().to_string());
        assert!(merged.datasets[0].source.is_embedded());
        // The shared category is the embedded one, once.
        let imaging: Vec<_> = merged
            .categories
            .iter()
            .filter(|c| c.id == "imaging")
            .collect();
        assert_eq!(imaging.len(), 1);
        assert_eq!(merged.categories.len(), embedded.categories.len());
        // Views merge the same way.
        let views = LayeredViews::open(&layers).unwrap();
        let views = views.views().unwrap();
        assert_eq!(views.datasets.len(), merged.datasets.len());
        assert_eq!(views.datasets.last().unwrap().source(), &last.source);
    }

    #[test]
    fn a_repeated_id_names_both_sources_and_its_place() {
        let dir = tempfile::tempdir().unwrap();
        let lab = file(
            &dir,
            "lab.json",
            catalog(serde_json::json!([dataset("vqa-rad", "Mine")])),
        );
        let layers = Layers {
            embedded: true,
            files: vec![lab.clone()],
            cache: None,
        };
        let err = layers.load().unwrap_err();
        assert_eq!(err.file, lab.display().to_string());
        let text = err.to_string();
        assert!(text.contains("the embedded catalog"), "{text}");
        assert!(text.contains("\"override\": true"), "{text}");
        let (line, column) = (err.problems[0].line, err.problems[0].column);
        let body = std::fs::read_to_string(&lab).unwrap();
        let at_line = body.lines().nth(line - 1).unwrap();
        assert!(
            at_line.contains("\"id\": \"vqa-rad\""),
            "{at_line} {column}"
        );
        // Between two files, both named.
        let other = file(
            &dir,
            "other.json",
            catalog(serde_json::json!([dataset("vqa-rad", "Again")])),
        );
        let err = Layers {
            embedded: false,
            files: vec![lab.clone(), other.clone()],
            cache: None,
        }
        .load()
        .unwrap_err();
        assert_eq!(err.file, other.display().to_string());
        assert!(err.to_string().contains(&lab.display().to_string()));
    }

    #[test]
    fn an_explicit_override_replaces_in_place_and_must_replace_something() {
        let dir = tempfile::tempdir().unwrap();
        let mut mine = dataset("vqa-rad", "VQA-RAD (lab copy)");
        mine["override"] = true.into();
        let lab = file(&dir, "lab.json", catalog(serde_json::json!([mine])));
        let merged = Layers {
            embedded: true,
            files: vec![lab.clone()],
            cache: None,
        }
        .load()
        .unwrap();
        let embedded = Catalog::embedded();
        assert_eq!(merged.datasets.len(), embedded.datasets.len());
        let at = embedded
            .datasets
            .iter()
            .position(|d| d.id == "vqa-rad")
            .unwrap();
        assert_eq!(merged.datasets[at].name, "VQA-RAD (lab copy)");
        assert!(!merged.datasets[at].overrides, "consumed by the merge");
        assert!(!merged.datasets[at].source.is_embedded());
        // Alone, the override has nothing to replace.
        let err = Layers::file_only(&lab).load().unwrap_err();
        assert!(err.to_string().contains("no earlier catalog"), "{err}");
    }

    #[test]
    fn a_later_category_fills_in_what_the_first_lacks() {
        let mut merged = vec![Category {
            id: "x".into(),
            name: "X".into(),
            name_zh: None,
            description: None,
            description_zh: None,
        }];
        merge_categories(
            &mut merged,
            vec![Category {
                id: "x".into(),
                name: "Other".into(),
                name_zh: Some("叉".into()),
                description: None,
                description_zh: None,
            }],
        );
        assert_eq!(merged.len(), 1);
        assert_eq!(merged[0].name, "X");
        assert_eq!(merged[0].name_zh.as_deref(), Some("叉"));
    }
}
