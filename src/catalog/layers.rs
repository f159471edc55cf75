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
    /// remembered).
    pub fn load(&self) -> Result<Catalog, LoadError> {
        let texts = self.open()?;
        let mut layers = Vec::with_capacity(texts.len());
        for opened in &texts {
            let text = &opened.text;
            let catalog = match self.cached(opened).and_then(|cache| cache.catalog()) {
                Some(catalog) => catalog,
                None => {
                    let catalog = text.load()?;
                    text.release_pages();
                    self.remember(
                        opened,
                        catalog.version,
                        &catalog.categories,
                        &catalog.datasets,
                    );
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
        let (version, categories, datasets) = merge(layers)?;
        Ok(Catalog {
            version,
            categories,
            datasets,
        })
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
