//! Ready-to-run download commands, derived from each URL's host and path.
//!
//! Commands are never stored in the catalog: a rule per source turns a URL
//! into the command a researcher would run (`hf download …`, `zenodo_get …`,
//! `wget -r -N -c -np …`, `kaggle datasets download …`, `gdown …`,
//! `git clone …`, `curl -fL -C - -O …`), with a `#` line of prerequisites worded
//! for the dataset's access level. Portals with no command-line path (TCIA
//! collection pages, request forms, paper pages, other landing pages) get no
//! command but one line saying what to do.
//!
//! Every value taken from a URL is either checked against a strict pattern
//! (owner and repository names, record ids, Drive ids) or quoted for a POSIX
//! shell, and nothing that looks like a secret reaches a command: PhysioNet
//! logins use `--user "$PHYSIONET_USER" --ask-password`, and URLs carrying a
//! user name or password get no command.

use std::borrow::Cow;

use url::Url;

use crate::catalog::{Access, Dataset};
use crate::sanitize;

/// Where a URL points, as far as downloading goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    HuggingFace,
    Zenodo,
    PhysioNet,
    Kaggle,
    GoogleDrive,
    GitHub,
    Osf,
    /// A link straight to an archive or data file.
    DirectFile,
    Tcia,
    /// A request or sign-up form.
    Form,
    /// A paper, not data.
    Paper,
    /// A dataset DOI that resolves to a landing page.
    DatasetDoi,
    BaiduNetdisk,
    /// NCI Imaging Data Commons (`idc-index`), which serves many TCIA
    /// collections openly.
    Idc,
    /// Any other page: a project site, a portal, a challenge.
    Page,
}

/// How to download from one URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Download {
    pub source: Source,
    /// One line for a POSIX shell, arguments quoted; `None` where there is
    /// no command-line path.
    pub command: Option<String>,
    /// With a command: its prerequisites. Without: what to do instead.
    /// Printed after `# `.
    pub note: String,
}

impl Download {
    /// The note as a shell comment: `# pip install zenodo_get`.
    pub fn comment(&self) -> String {
        format!("# {}", self.note)
    }

    /// What `medsets cmd` prints for this URL: the command (if any), then
    /// the comment. Sanitized for the terminal.
    pub fn lines(&self) -> Vec<String> {
        self.command
            .iter()
            .cloned()
            .chain(std::iter::once(self.comment()))
            .map(|line| sanitize::line(&line).into_owned())
            .collect()
    }

    /// A command with its prerequisites; when the command could not be
    /// built safely, a line saying so instead.
    fn command(source: Source, command: Option<String>, note: impl Into<String>) -> Download {
        match command {
            Some(command) => Download {
                source,
                command: Some(command),
                note: note.into(),
            },
            None => Download::guidance(
                source,
                "no safe command for this link (it holds characters a shell cannot quote): \
                 open it in a browser",
            ),
        }
    }

    /// The programs the command runs, for a script's check of
    /// prerequisites; none without a command.
    pub fn tools(&self) -> Vec<&'static str> {
        let Some(command) = &self.command else {
            return Vec::new();
        };
        let main = match self.source {
            Source::HuggingFace => "hf",
            Source::Zenodo if command.starts_with("wget") => "wget",
            Source::Zenodo => "zenodo_get",
            Source::PhysioNet => "wget",
            Source::Kaggle => "kaggle",
            Source::GoogleDrive => "gdown",
            Source::GitHub => "git",
            Source::Osf => "osf",
            Source::DirectFile if command.contains("wget ") => "wget",
            Source::DirectFile => "curl",
            Source::Idc => "idc",
            Source::Tcia
            | Source::Form
            | Source::Paper
            | Source::DatasetDoi
            | Source::BaiduNetdisk
            | Source::Page => return Vec::new(),
        };
        let mut tools = vec![main];
        for check in ["md5sum", "sha256sum"] {
            if command.contains(check) {
                tools.push(check);
            }
        }
        tools
    }

    /// Where the command's tool looks for the user's credentials, for a
    /// step that needs an account: an environment variable, never a
    /// password written into a script.
    pub fn credentials(&self) -> Option<&'static str> {
        match self.source {
            Source::PhysioNet => {
                Some("set PHYSIONET_USER to your PhysioNet username (wget asks for the password)")
            }
            Source::HuggingFace => {
                Some("set HF_TOKEN to a Hugging Face access token (or run `hf auth login`)")
            }
            Source::Kaggle => {
                Some("set KAGGLE_USERNAME and KAGGLE_KEY (or put kaggle.json in ~/.kaggle/)")
            }
            _ => None,
        }
    }

    fn guidance(source: Source, note: impl Into<String>) -> Download {
        Download {
            source,
            command: None,
            note: note.into(),
        }
    }
}

/// Where a command puts what it downloads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Destination {
    /// A directory named after the dataset (or after the repository, for
    /// Hugging Face and GitHub), below the current one: what `medsets cmd`
    /// prints for a researcher at a prompt.
    Named,
    /// The current directory, which a download script has made the
    /// dataset's own; commands are also written to be run again safely.
    Here,
}

/// The download of every URL of a dataset, in order (primary first).
pub fn for_dataset(dataset: &Dataset) -> Vec<Download> {
    dataset
        .urls
        .iter()
        .map(|link| for_url(dataset, &link.url))
        .collect()
}

/// How to download `url`, one of `dataset`'s links. Output directories are
/// named after the dataset id; the notes depend on the dataset's access.
pub fn for_url(dataset: &Dataset, url: &str) -> Download {
    for_url_into(dataset, url, Destination::Named)
}

/// [`for_url`], with the files going to `destination`.
pub fn for_url_into(dataset: &Dataset, url: &str, destination: Destination) -> Download {
    let Ok(parsed) = Url::parse(url) else {
        return page(dataset.access);
    };
    if !matches!(parsed.scheme(), "http" | "https") {
        return page(dataset.access);
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Download::guidance(
            Source::Page,
            "the link carries a user name or password: open it in a browser rather than \
             putting credentials on a command line",
        );
    }
    let host = parsed.host_str().unwrap_or_default().to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    let segments: Vec<String> = parsed
        .path_segments()
        .map(|s| s.filter(|s| !s.is_empty()).map(String::from).collect())
        .unwrap_or_default();
    let rule = Rule {
        dataset,
        url: &parsed,
        host: &host,
        segments: &segments,
        destination,
    };
    rule.apply().unwrap_or_else(|| page(dataset.access))
}

/// The dataset repository `url` names on a host that publishes Croissant
/// metadata of its own (Hugging Face and Kaggle datasets), as the host and
/// `owner/name`; `None` for any other URL, a Hugging Face organisation page
/// or a Kaggle competition.
pub fn repository(url: &str) -> Option<(Source, String)> {
    let parsed = Url::parse(url).ok()?;
    if !matches!(parsed.scheme(), "http" | "https")
        || !parsed.username().is_empty()
        || parsed.password().is_some()
    {
        return None;
    }
    let host = parsed.host_str()?.to_ascii_lowercase();
    let source = match host.strip_prefix("www.").unwrap_or(&host) {
        "huggingface.co" | "hf.co" => Source::HuggingFace,
        "kaggle.com" => Source::Kaggle,
        _ => return None,
    };
    let mut segments = parsed.path_segments()?.filter(|s| !s.is_empty());
    match (segments.next(), segments.next(), segments.next()) {
        (Some("datasets"), Some(owner), Some(name)) if is_name(owner) && is_name(name) => {
            Some((source, format!("{owner}/{name}")))
        }
        _ => None,
    }
}

/// One URL being matched against the rules.
struct Rule<'a> {
    dataset: &'a Dataset,
    url: &'a Url,
    host: &'a str,
    segments: &'a [String],
    destination: Destination,
}

impl Rule<'_> {
    fn seg(&self, i: usize) -> Option<&str> {
        self.segments.get(i).map(String::as_str)
    }

    fn query(&self, key: &str) -> Option<String> {
        self.url
            .query_pairs()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.into_owned())
    }

    fn access(&self) -> Access {
        self.dataset.access
    }

    /// The directory a download goes into: the dataset id, or the current
    /// one.
    fn dir(&self) -> &str {
        match self.destination {
            Destination::Named => &self.dataset.id,
            Destination::Here => ".",
        }
    }

    fn apply(&self) -> Option<Download> {
        match self.host {
            "huggingface.co" | "hf.co" => Some(self.hugging_face()),
            "zenodo.org" => self.zenodo(),
            "physionet.org" => self.physionet(),
            "kaggle.com" => self.kaggle(),
            "drive.google.com" => self.google_drive(),
            "docs.google.com" if self.seg(0) == Some("forms") => Some(form()),
            "docs.google.com" => self.google_drive(),
            "forms.gle" => Some(form()),
            "github.com" => self.github(),
            "osf.io" => self.osf(),
            "doi.org" | "dx.doi.org" => Some(self.doi()),
            "pan.baidu.com" => Some(Download::guidance(
                Source::BaiduNetdisk,
                "Baidu Netdisk share: open it in a browser or the Baidu Netdisk client \
                 (the extraction code is the link's pwd= part)",
            )),
            host if host == "cancerimagingarchive.net"
                || host.ends_with(".cancerimagingarchive.net") =>
            {
                // A collection NCI's Imaging Data Commons also serves has a
                // command-line path; the TCIA route stays in the note.
                match (self.seg(0), self.seg(1).and_then(idc_collection)) {
                    (Some("collection"), Some(id)) => Some(self.idc(id, true)),
                    _ => Some(tcia(self.access())),
                }
            }
            "portal.imaging.datacommons.cancer.gov" => self
                .query("collection_id")
                .filter(|id| is_idc_id(id))
                .map(|id| self.idc(&id, false)),
            "msd-for-monai.s3-us-west-2.amazonaws.com" => self.decathlon(),
            host if is_paper_host(host) => Some(paper()),
            _ => None,
        }
        .or_else(|| self.direct_file())
    }

    fn hugging_face(&self) -> Download {
        match (self.seg(0), self.seg(1), self.seg(2)) {
            (Some("datasets"), Some(owner), Some(name)) if is_name(owner) && is_name(name) => {
                let command = shell(&[
                    Lit("hf download"),
                    Arg(&format!("{owner}/{name}")),
                    Lit("--repo-type dataset --local-dir"),
                    Arg(name),
                ]);
                let note = match self.access() {
                    Access::Open => "pip install -U huggingface_hub".to_string(),
                    Access::Request => "pip install -U huggingface_hub (gated: run `hf auth \
                                        login` and request access on the dataset page first; \
                                        the owners approve it)"
                        .to_string(),
                    Access::Registration | Access::Credentialed => {
                        "pip install -U huggingface_hub (gated: run `hf auth login` and accept \
                         the terms on the dataset page first)"
                            .to_string()
                    }
                    Access::Unknown => "pip install -U huggingface_hub (if the dataset is gated: \
                                        run `hf auth login` and accept its terms on the dataset \
                                        page first)"
                        .to_string(),
                };
                Download::command(Source::HuggingFace, command, note)
            }
            _ => Download::guidance(
                Source::HuggingFace,
                "Hugging Face page, not a dataset repository: open it, pick a dataset, then \
                 use `hf download OWNER/NAME --repo-type dataset`",
            ),
        }
    }

    fn zenodo(&self) -> Option<Download> {
        let record = match (self.seg(0), self.seg(1)) {
            (Some("records" | "record"), Some(id)) if is_digits(id) => id,
            _ => return None,
        };
        let restricted = match self.access() {
            Access::Open => "",
            Access::Registration => {
                "; restricted record: accept its terms on the Zenodo page first \
                 (zenodo_get sees only files your access allows)"
            }
            Access::Credentialed | Access::Request => {
                "; restricted record: request access on the Zenodo page and wait for approval \
                 first (zenodo_get sees only files your access allows)"
            }
            Access::Unknown => {
                "; access not stated: if the record is restricted, request access on the \
                 Zenodo page first (zenodo_get sees only files your access allows)"
            }
        };
        if let (Some("files"), Some(_)) = (self.seg(2), self.seg(3)) {
            // One file: /records/ID/files/NAME
            let encoded = self.segments[3..].join("/");
            let name = percent_decode(self.segments.last()?);
            let name = if name.contains('/') || name.is_empty() {
                return None;
            } else if name.starts_with('-') {
                format!("./{name}")
            } else {
                name
            };
            let url = format!("https://zenodo.org/records/{record}/files/{encoded}?download=1");
            let command = shell(&[Lit("wget -c -O"), Arg(&name), Arg(&url)]);
            let note = format!("needs wget (one file of Zenodo record {record}){restricted}");
            return Some(Download::command(Source::Zenodo, command, note));
        }
        Some(Download::command(
            Source::Zenodo,
            zenodo_get(record, self.dir()),
            format!("pip install zenodo_get{restricted}; the md5 sums of the record are checked"),
        ))
    }

    /// `idc download`: the collection from NCI Imaging Data Commons.
    fn idc(&self, collection: &str, from_tcia: bool) -> Download {
        let command = shell(&[
            Lit("idc download"),
            Arg(collection),
            Lit("--download-dir"),
            Arg(self.dir()),
        ]);
        let mut note = "pip install idc-index (NCI Imaging Data Commons; add --dry-run true to \
                        see the size first)"
            .to_string();
        if from_tcia {
            note.push_str(
                "; or TCIA's route: the manifest (.tcia) from this page in NBIA Data Retriever",
            );
        }
        Download::command(Source::Idc, command, note)
    }

    /// The Decathlon's AWS mirror holds one tarball per task: fetch all
    /// ten, resuming any that stopped half-way.
    fn decathlon(&self) -> Option<Download> {
        const TASKS: [&str; 10] = [
            "Task01_BrainTumour",
            "Task02_Heart",
            "Task03_Liver",
            "Task04_Hippocampus",
            "Task05_Prostate",
            "Task06_Lung",
            "Task07_Pancreas",
            "Task08_HepaticVessel",
            "Task09_Spleen",
            "Task10_Colon",
        ];
        let name = self.seg(0)?;
        let task = name.strip_suffix(".tar")?;
        if !TASKS.contains(&task) {
            return None;
        }
        let dir = shell(&[Arg(self.dir())])?;
        // In a script's subshell, a failed task stops the step rather than
        // letting the loop's status be the last task's.
        // A script runs this again after an interruption: wget -c takes a
        // finished tarball's 416 reply as done, where curl -f fails.
        let command = match self.destination {
            Destination::Named => format!(
                "mkdir -p {dir} && for t in {}; do curl -fL -C - -o {dir}/\"$t.tar\" \"https://msd-for-monai.s3-us-west-2.amazonaws.com/$t.tar\"; done",
                TASKS.join(" ")
            ),
            Destination::Here => format!(
                "for t in {}; do wget -c -O \"$t.tar\" \"https://msd-for-monai.s3-us-west-2.amazonaws.com/$t.tar\" || exit 1; done",
                TASKS.join(" ")
            ),
        };
        Some(Download::command(
            Source::DirectFile,
            Some(command),
            match self.destination {
                Destination::Named => {
                    "needs curl; all ten task tarballs, resumed where they stopped (-C -)"
                }
                Destination::Here => {
                    "needs wget; all ten task tarballs, resumed where they stopped (-c)"
                }
            },
        ))
    }

    fn physionet(&self) -> Option<Download> {
        let (slug, version) = match (self.seg(0), self.seg(1), self.seg(2)) {
            (Some("content" | "files"), Some(slug), Some(version))
                if is_slug(slug) && is_version(version) =>
            {
                (slug, version)
            }
            (Some("content" | "files"), Some(slug), None) if is_slug(slug) => {
                return Some(Download::guidance(
                    Source::PhysioNet,
                    format!(
                        "PhysioNet project page without a version: open it, pick a version, \
                         then run `wget -r -N -c -np https://physionet.org/files/{slug}/VERSION/`"
                    ),
                ));
            }
            _ => return None,
        };
        let files = format!("https://physionet.org/files/{slug}/{version}/");
        // Unknown: the open form, with the login spelled out in the note.
        let login = !matches!(self.access(), Access::Open | Access::Unknown);
        let mut parts = vec![Lit("wget -r -N -c -np")];
        if login {
            parts.push(Lit("--user \"$PHYSIONET_USER\" --ask-password"));
        }
        parts.push(Arg(&files));
        let mut command = shell(&parts);
        if self.destination == Destination::Here {
            // Every published PhysioNet project lists its files' SHA-256
            // sums in SHA256SUMS.txt; wget -r mirrors it with the rest.
            let tree = format!("physionet.org/files/{slug}/{version}");
            command = command.map(|get| {
                format!(
                    "{get} && (cd {tree} && if [ -f SHA256SUMS.txt ]; then sha256sum -c --quiet SHA256SUMS.txt; fi)"
                )
            });
        }
        let who = "set PHYSIONET_USER to your PhysioNet username; wget asks for the password";
        let note = match self.access() {
            Access::Open => "needs wget; open-access project, no account needed".to_string(),
            Access::Registration => format!(
                "needs a PhysioNet account and the project's signed data use agreement \
                 (restricted access); {who}"
            ),
            Access::Credentialed => {
                format!("needs PhysioNet credentialed access and the signed DUA; {who}")
            }
            Access::Request => format!(
                "needs access granted by the data owners on PhysioNet and the signed DUA; {who}"
            ),
            Access::Unknown => format!(
                "needs wget; access not stated: for a restricted or credentialed project add \
                 --user \"$PHYSIONET_USER\" --ask-password; {who}"
            ),
        };
        Some(Download::command(Source::PhysioNet, command, note))
    }

    fn kaggle(&self) -> Option<Download> {
        let token = "pip install kaggle; needs ~/.kaggle/kaggle.json (an API token from your \
                     Kaggle account settings)";
        match (self.seg(0), self.seg(1), self.seg(2)) {
            (Some("datasets"), Some(owner), Some(slug)) if is_name(owner) && is_name(slug) => {
                let command = shell(&[
                    Lit("kaggle datasets download"),
                    Arg(&format!("{owner}/{slug}")),
                    Lit("-p"),
                    Arg(self.dir()),
                    Lit("--unzip"),
                ]);
                Some(Download::command(Source::Kaggle, command, token))
            }
            (Some("competitions" | "c"), Some(name), _) if is_name(name) => {
                let command = shell(&[
                    Lit("kaggle competitions download -c"),
                    Arg(name),
                    Lit("-p"),
                    Arg(self.dir()),
                ]);
                Some(Download::command(
                    Source::Kaggle,
                    command,
                    format!("{token}; accept the competition rules on its page first"),
                ))
            }
            _ => None,
        }
    }

    fn google_drive(&self) -> Option<Download> {
        let segments: Vec<&str> = self.segments.iter().map(String::as_str).collect();
        let file_id = match segments.as_slice() {
            ["file", "d", id, ..] => Some(id.to_string()),
            ["open"] | ["uc"] => self.query("id"),
            _ => None,
        };
        let note = "pip install gdown";
        if let Some(id) = file_id.filter(|id| is_drive_id(id)) {
            let out = format!("{}/", self.dir());
            let command = shell(&[Lit("gdown"), Arg(&id), Lit("-O"), Arg(&out)]);
            return Some(Download::command(
                Source::GoogleDrive,
                command,
                format!("{note} (the file keeps its own name inside {out})"),
            ));
        }
        // /drive/folders/ID, /drive/u/0/folders/ID
        let folder = segments
            .iter()
            .position(|s| *s == "folders")
            .and_then(|i| segments.get(i + 1))
            .filter(|id| segments.first() == Some(&"drive") && is_drive_id(id));
        if let Some(id) = folder {
            let url = format!("https://drive.google.com/drive/folders/{id}");
            let command = shell(&[Lit("gdown --folder"), Arg(&url), Lit("-O"), Arg(self.dir())]);
            return Some(Download::command(
                Source::GoogleDrive,
                command,
                format!("{note} (a folder of more than 50 files needs a browser download)"),
            ));
        }
        None
    }

    fn github(&self) -> Option<Download> {
        const NOT_OWNERS: [&str; 12] = [
            "orgs",
            "topics",
            "features",
            "settings",
            "marketplace",
            "sponsors",
            "login",
            "about",
            "site",
            "collections",
            "explore",
            "search",
        ];
        let owner = self.seg(0)?;
        if NOT_OWNERS.contains(&owner) || !is_name(owner) {
            return None;
        }
        let Some(repo) = self.seg(1) else {
            return Some(Download::guidance(
                Source::GitHub,
                "GitHub profile page: open it and pick a repository",
            ));
        };
        let repo = repo.strip_suffix(".git").unwrap_or(repo);
        if !is_name(repo) {
            return None;
        }
        if self.seg(2) == Some("releases") && self.seg(3) == Some("download") {
            return self.direct_file();
        }
        let url = format!("https://github.com/{owner}/{repo}");
        let command = match self.destination {
            Destination::Named => shell(&[Lit("git clone --depth 1"), Arg(&url)]),
            // A clone that stopped half-way leaves no .git behind.
            Destination::Here => shell(&[
                Lit("{ test -d"),
                Arg(&format!("{repo}/.git")),
                Lit("|| git clone --depth 1"),
                Arg(&url),
                Arg(repo),
                Lit("; }"),
            ]),
        };
        let inside = match self.seg(2) {
            Some("blob" | "tree") if self.segments.len() > 4 => {
                format!(
                    "; the link points at {} in it",
                    percent_decode(&self.segments[4..].join("/"))
                )
            }
            _ => String::new(),
        };
        Some(Download::command(
            Source::GitHub,
            command,
            format!(
                "needs git{inside}; data kept elsewhere is linked from the repository's README"
            ),
        ))
    }

    fn osf(&self) -> Option<Download> {
        let project = self.seg(0)?;
        if project.len() != 5 || !project.chars().all(|c| c.is_ascii_alphanumeric()) {
            return None;
        }
        let command = shell(&[Lit("osf -p"), Arg(project), Lit("clone"), Arg(self.dir())]);
        Some(Download::command(
            Source::Osf,
            command,
            "pip install osfclient",
        ))
    }

    fn doi(&self) -> Download {
        let doi = self.segments.join("/");
        let prefix = doi.split('/').next().unwrap_or_default();
        if let Some(record) = doi.strip_prefix("10.5281/zenodo.").filter(|r| is_digits(r)) {
            return Download::command(
                Source::Zenodo,
                zenodo_get(record, self.dir()),
                "pip install zenodo_get; the md5 sums of the record are checked",
            );
        }
        match prefix {
            "10.7937" => Download::guidance(
                Source::Tcia,
                format!(
                    "TCIA dataset DOI, resolves to the collection page. {}",
                    tcia(self.access()).note
                ),
            ),
            // PhysioNet, figshare, ICPSR, Dryad, Mendeley Data, Dataverse.
            "10.13026" | "10.6084" | "10.3886" | "10.5061" | "10.17632" | "10.7910" => {
                Download::guidance(
                    Source::DatasetDoi,
                    format!(
                        "dataset DOI, resolves to the dataset's page: {}",
                        page(self.access()).note
                    ),
                )
            }
            _ => paper(),
        }
    }

    /// A link whose path ends in a data or archive file name.
    fn direct_file(&self) -> Option<Download> {
        const EXTENSIONS: [&str; 22] = [
            ".zip", ".tar", ".tar.gz", ".tgz", ".gz", ".bz2", ".xz", ".zst", ".7z", ".rar",
            ".json", ".jsonl", ".csv", ".tsv", ".parquet", ".h5", ".hdf5", ".npz", ".npy", ".nii",
            ".mha", ".nrrd",
        ];
        let last = self.segments.last()?.to_ascii_lowercase();
        if !EXTENSIONS.iter().any(|ext| last.ends_with(ext)) {
            return None;
        }
        let command = match self.destination {
            Destination::Named => shell(&[Lit("curl -fL -C - -O"), Arg(self.url.as_str())]),
            // Run again on a finished file, curl -f fails on the server's
            // 416 reply; wget -c says there is nothing to do.
            Destination::Here => shell(&[Lit("wget -c"), Arg(self.url.as_str())]),
        };
        let tool = match self.destination {
            Destination::Named => "curl",
            Destination::Here => "wget",
        };
        let note = match self.access() {
            Access::Open => format!("needs {tool}"),
            other => format!(
                "needs {tool}; the host may refuse it until you have access ({})",
                other.requirements()
            ),
        };
        Some(Download::command(Source::DirectFile, command, note))
    }
}

/// How to install one of the tools of [`Download::tools`].
pub fn install_hint(tool: &str) -> &'static str {
    match tool {
        "hf" => "pip install -U huggingface_hub",
        "zenodo_get" => "pip install zenodo_get",
        "kaggle" => "pip install kaggle",
        "gdown" => "pip install gdown",
        "osf" => "pip install osfclient",
        "idc" => "pip install idc-index",
        "wget" => "apt-get install wget",
        "curl" => "apt-get install curl",
        "git" => "apt-get install git",
        "md5sum" | "sha256sum" => "apt-get install coreutils",
        _ => "see the tool's documentation",
    }
}

/// The TCIA collections (by their TCIA slug) that NCI Imaging Data
/// Commons also serves openly, with their IDC collection ids (checked
/// against idc-index's collection table; CT-ORG, NLM-TB and RAD-ChestCT
/// are not there).
fn idc_collection(slug: &str) -> Option<&'static str> {
    match slug {
        "lidc-idri" => Some("lidc_idri"),
        "pancreas-ct" => Some("pancreas_ct"),
        "fdg-pet-ct-lesions" => Some("fdg_pet_ct_lesions"),
        _ => None,
    }
}

fn is_idc_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 100
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Download a Zenodo record, then check every file against the record's
/// md5 sums (`zenodo_get -m` writes them to md5sums.txt).
fn zenodo_get(record: &str, dir: &str) -> Option<String> {
    let get = shell(&[Lit("zenodo_get"), Arg(record), Lit("-o"), Arg(dir)])?;
    let sums = shell(&[Lit("zenodo_get -m"), Arg(record), Lit("-o"), Arg(dir)])?;
    let check = if dir == "." {
        "md5sum -c md5sums.txt".to_string()
    } else {
        shell(&[Lit("(cd"), Arg(dir), Lit("&& md5sum -c md5sums.txt)")])?
    };
    Some(format!("{get} && {sums} && {check}"))
}

fn tcia(access: Access) -> Download {
    let steps = "TCIA: download the manifest (.tcia) from the collection page, then open it \
                 with NBIA Data Retriever";
    let note = match access {
        Access::Open => steps.to_string(),
        Access::Unknown => format!(
            "{steps}; access not stated: if the collection is restricted, request access \
             (TCIA restricted licence agreement) first"
        ),
        _ => format!(
            "{steps}; restricted collection: request access (TCIA restricted licence \
             agreement) first"
        ),
    };
    Download::guidance(Source::Tcia, note)
}

fn form() -> Download {
    Download::guidance(Source::Form, "request access via the form")
}

fn paper() -> Download {
    Download::guidance(Source::Paper, "paper, not a download")
}

fn page(access: Access) -> Download {
    let note = match access {
        Access::Open => "open the page and follow its download instructions",
        Access::Registration => {
            "open the page, sign up or accept its terms, then follow its download instructions"
        }
        Access::Credentialed => {
            "open the page, complete the credentialing it asks for, then follow its download \
             instructions"
        }
        Access::Request => {
            "open the page and apply for access (the data owners review it), then follow its \
             download instructions"
        }
        Access::Unknown => {
            "open the page and follow its download instructions (the source does not say what \
             access takes)"
        }
    };
    Download::guidance(Source::Page, note)
}

fn is_paper_host(host: &str) -> bool {
    const PAPER_HOSTS: [&str; 19] = [
        "arxiv.org",
        "nature.com",
        "aclanthology.org",
        "proceedings.mlr.press",
        "papers.nips.cc",
        "proceedings.neurips.cc",
        "ieeexplore.ieee.org",
        "openreview.net",
        "pubmed.ncbi.nlm.nih.gov",
        "sciencedirect.com",
        "link.springer.com",
        "onlinelibrary.wiley.com",
        "academic.oup.com",
        "dl.acm.org",
        "cureus.com",
        "biorxiv.org",
        "medrxiv.org",
        "openaccess.thecvf.com",
        "aapm.onlinelibrary.wiley.com",
    ];
    PAPER_HOSTS.contains(&host)
}

/// A name GitHub, Hugging Face and Kaggle accept for owners and
/// repositories: ASCII letters, digits, `-`, `_`, `.`; not starting with a
/// `-` or a dot, so it can never read as an option or a path.
fn is_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 100
        && !s.starts_with(['-', '.'])
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.len() <= 20 && s.bytes().all(|b| b.is_ascii_digit())
}

/// A PhysioNet project slug: lowercase letters, digits and dashes.
fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// A PhysioNet version: digits and dots, `2.1.0`.
fn is_version(s: &str) -> bool {
    !s.is_empty()
        && s.starts_with(|c: char| c.is_ascii_digit())
        && s.chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// A Google Drive file or folder id.
fn is_drive_id(s: &str) -> bool {
    s.len() >= 10
        && s.len() <= 200
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
}

fn percent_decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("x={}", s.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| s.to_string())
}

/// A piece of a command line: fixed text, or a value to quote.
enum Part<'a> {
    Lit(&'a str),
    Arg(&'a str),
}
use Part::{Arg, Lit};

/// The parts joined by spaces, values quoted for a POSIX shell; `None`
/// when a value cannot be quoted safely (a NUL or another control
/// character).
fn shell(parts: &[Part<'_>]) -> Option<String> {
    let mut words = Vec::with_capacity(parts.len());
    for part in parts {
        words.push(match part {
            Lit(text) => Cow::Borrowed(*text),
            Arg(value) => {
                if value.chars().any(sanitize::is_unsafe) {
                    return None;
                }
                shlex::try_quote(value).ok()?
            }
        });
    }
    Some(words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Domain, Link};

    fn dataset(id: &str, access: Access) -> Dataset {
        Dataset {
            id: id.to_string().into(),
            name: id.to_string().into(),
            aliases: vec![],
            categories: vec!["imaging".into()],
            summary: "s".into(),
            summary_zh: None,
            modalities: vec![],
            body_regions: vec![],
            tasks: vec![],
            size: vec![],
            size_bytes: None,
            languages: vec![],
            access,
            license: None,
            year: None,
            paper: None,
            homepage: None,
            urls: vec![Link {
                label: "l".into(),
                url: "https://example.org/".into(),
            }],
            domain: Domain::Medical,
            citations: Vec::new(),
            related: Vec::new(),
            notes: None,
            notes_zh: None,
            verified: None,
            overrides: false,
            source: Default::default(),
        }
    }

    fn get(url: &str, access: Access) -> Download {
        for_url(&dataset("my-set", access), url)
    }

    fn command(url: &str, access: Access) -> String {
        let download = get(url, access);
        download
            .command
            .unwrap_or_else(|| panic!("no command for {url}: {}", download.note))
    }

    fn guidance(url: &str, access: Access) -> Download {
        let download = get(url, access);
        assert!(download.command.is_none(), "{url}: {download:?}");
        download
    }

    use Access::*;

    #[test]
    fn an_unknown_access_level_is_never_taken_for_open_or_restricted() {
        let hf = get("https://huggingface.co/datasets/xmcmic/PMC-VQA", Unknown);
        assert!(hf.note.contains("if the dataset is gated"), "{}", hf.note);
        let physionet = get("https://physionet.org/content/mimic-cxr/2.1.0/", Unknown);
        let line = physionet.command.expect("a wget line");
        assert!(!line.contains("--user"), "{line}");
        assert!(
            physionet.note.contains("access not stated"),
            "{}",
            physionet.note
        );
        let zenodo = get("https://zenodo.org/records/7262581", Unknown);
        assert!(zenodo.note.contains("access not stated"), "{}", zenodo.note);
        let tcia = get(
            "https://www.cancerimagingarchive.net/collection/ct-org/",
            Unknown,
        );
        assert!(tcia.note.contains("access not stated"), "{}", tcia.note);
        let page = get("https://example.org/some/page", Unknown);
        assert!(page.note.contains("does not say"), "{}", page.note);
    }

    #[test]
    fn hugging_face_dataset() {
        let url = "https://huggingface.co/datasets/xmcmic/PMC-VQA";
        assert_eq!(
            command(url, Open),
            "hf download xmcmic/PMC-VQA --repo-type dataset --local-dir PMC-VQA"
        );
        assert_eq!(get(url, Open).note, "pip install -U huggingface_hub");
        assert_eq!(get(url, Open).source, Source::HuggingFace);
        let gated = get(
            "https://huggingface.co/datasets/uonlp/CulturaX",
            Registration,
        );
        assert_eq!(
            gated.note,
            "pip install -U huggingface_hub (gated: run `hf auth login` and accept the terms on \
             the dataset page first)"
        );
        assert!(get(url, Request).note.contains("request access"));
        // Deeper links and hf.co still name the repository.
        assert_eq!(
            command("https://hf.co/datasets/a/b/tree/main/data", Open),
            "hf download a/b --repo-type dataset --local-dir b"
        );
        // An organisation page is not a dataset.
        let org = guidance("https://huggingface.co/medalpaca", Open);
        assert!(org.note.contains("pick a dataset"), "{}", org.note);
        guidance("https://huggingface.co/datasets/-x/y", Open);
    }

    #[test]
    fn idc_serves_the_tcia_collections_it_holds() {
        let lidc = get(
            "https://www.cancerimagingarchive.net/collection/lidc-idri/",
            Open,
        );
        assert_eq!(lidc.source, Source::Idc);
        assert_eq!(
            lidc.command.as_deref(),
            Some("idc download lidc_idri --download-dir my-set")
        );
        assert!(lidc.note.contains("pip install idc-index") && lidc.note.contains("NBIA"));
        assert_eq!(
            command(
                "https://portal.imaging.datacommons.cancer.gov/explore/filters/?collection_id=fdg_pet_ct_lesions",
                Open
            ),
            "idc download fdg_pet_ct_lesions --download-dir my-set"
        );
        // A collection IDC does not hold keeps TCIA's guidance.
        guidance(
            "https://www.cancerimagingarchive.net/collection/ct-org/",
            Open,
        );
    }

    #[test]
    fn the_decathlon_mirror_fetches_all_ten_tasks_resumably() {
        let cmd = command(
            "https://msd-for-monai.s3-us-west-2.amazonaws.com/Task09_Spleen.tar",
            Open,
        );
        assert_eq!(cmd.matches(" Task").count(), 10, "{cmd}");
        assert!(cmd.contains("curl -fL -C - -o my-set/\"$t.tar\""), "{cmd}");
        assert!(cmd.starts_with("mkdir -p my-set && for t in Task01_BrainTumour "));
        // Another file on that host is a plain file.
        assert_eq!(
            command(
                "https://msd-for-monai.s3-us-west-2.amazonaws.com/other.tar",
                Open
            ),
            "curl -fL -C - -O https://msd-for-monai.s3-us-west-2.amazonaws.com/other.tar"
        );
    }

    #[test]
    fn zenodo_record_and_single_file() {
        assert_eq!(
            command("https://zenodo.org/records/7262581", Open),
            "zenodo_get 7262581 -o my-set && zenodo_get -m 7262581 -o my-set && (cd my-set && md5sum -c md5sums.txt)"
        );
        assert_eq!(
            command("https://zenodo.org/record/7262581", Open),
            "zenodo_get 7262581 -o my-set && zenodo_get -m 7262581 -o my-set && (cd my-set && md5sum -c md5sums.txt)"
        );
        assert_eq!(
            get("https://zenodo.org/records/1", Open).note,
            "pip install zenodo_get; the md5 sums of the record are checked"
        );
        assert!(
            get("https://zenodo.org/records/1", Request)
                .note
                .contains("request access on the Zenodo page")
        );
        assert!(
            get("https://zenodo.org/records/1", Registration)
                .note
                .contains("accept its terms")
        );
        assert_eq!(
            command(
                "https://zenodo.org/records/4588403/files/CTPelvic1K.zip?download=1",
                Open
            ),
            "wget -c -O CTPelvic1K.zip 'https://zenodo.org/records/4588403/files/CTPelvic1K.zip?download=1'"
        );
        assert_eq!(
            command("https://zenodo.org/records/1/files/my%20data.zip", Open),
            "wget -c -O 'my data.zip' 'https://zenodo.org/records/1/files/my%20data.zip?download=1'"
        );
        assert_eq!(
            command("https://doi.org/10.5281/zenodo.7262581", Open),
            "zenodo_get 7262581 -o my-set && zenodo_get -m 7262581 -o my-set && (cd my-set && md5sum -c md5sums.txt)"
        );
        // Not a record: the generic page line.
        assert_eq!(
            get("https://zenodo.org/communities/x", Open).source,
            Source::Page
        );
    }

    #[test]
    fn physionet_login_only_when_not_open() {
        let url = "https://physionet.org/content/mimic-cxr/2.1.0/";
        assert_eq!(
            command(url, Credentialed),
            "wget -r -N -c -np --user \"$PHYSIONET_USER\" --ask-password \
             https://physionet.org/files/mimic-cxr/2.1.0/"
        );
        assert!(
            get(url, Credentialed)
                .note
                .starts_with("needs PhysioNet credentialed access and the signed DUA")
        );
        assert_eq!(
            command(
                "https://physionet.org/content/vindr-mammo/1.0.0/",
                Registration
            ),
            "wget -r -N -c -np --user \"$PHYSIONET_USER\" --ask-password \
             https://physionet.org/files/vindr-mammo/1.0.0/"
        );
        assert!(get(url, Registration).note.contains("data use agreement"));
        assert_eq!(
            command("https://physionet.org/content/open-set/1.0/", Open),
            "wget -r -N -c -np https://physionet.org/files/open-set/1.0/"
        );
        assert_eq!(
            command(
                "https://physionet.org/files/mimic-cxr/2.1.0/files/",
                Credentialed
            ),
            command(url, Credentialed)
        );
        let unversioned = guidance("https://physionet.org/content/mimic-cxr/", Credentialed);
        assert!(unversioned.note.contains("pick a version"));
        assert_eq!(
            get("https://physionet.org/about/", Open).source,
            Source::Page
        );
    }

    #[test]
    fn repositories_on_hosts_with_their_own_croissant() {
        assert_eq!(
            repository("https://huggingface.co/datasets/flaviagiammarino/vqa-rad"),
            Some((Source::HuggingFace, "flaviagiammarino/vqa-rad".into()))
        );
        assert_eq!(
            repository("https://www.kaggle.com/datasets/andyczhao/covidx-cxr2/data"),
            Some((Source::Kaggle, "andyczhao/covidx-cxr2".into()))
        );
        for other in [
            "https://huggingface.co/medalpaca",
            "https://huggingface.co/datasets/-x/y",
            "https://www.kaggle.com/c/rsna-pneumonia-detection-challenge/data",
            "https://user:pw@huggingface.co/datasets/a/b",
            "https://github.com/datasets/a/b",
            "not a url",
        ] {
            assert_eq!(repository(other), None, "{other}");
        }
    }

    #[test]
    fn kaggle_dataset_and_competition() {
        let url = "https://www.kaggle.com/datasets/andyczhao/covidx-cxr2";
        assert_eq!(
            command(url, Registration),
            "kaggle datasets download andyczhao/covidx-cxr2 -p my-set --unzip"
        );
        assert_eq!(
            get(url, Open).note,
            "pip install kaggle; needs ~/.kaggle/kaggle.json (an API token from your Kaggle \
             account settings)"
        );
        assert_eq!(
            command(
                "https://www.kaggle.com/c/rsna-pneumonia-detection-challenge/data",
                Open
            ),
            "kaggle competitions download -c rsna-pneumonia-detection-challenge -p my-set"
        );
        assert_eq!(
            get("https://www.kaggle.com/andyczhao", Open).source,
            Source::Page
        );
    }

    #[test]
    fn google_drive_files_and_folders() {
        let id = "1nDTKZ3wZbZWTkFMBkxlamrzbNz0frugg";
        let expected = format!("gdown {id} -O my-set/");
        for url in [
            format!("https://drive.google.com/file/d/{id}/view"),
            format!("https://drive.google.com/file/d/{id}/view?usp=sharing"),
            format!("https://drive.google.com/file/d/{id}"),
            format!("https://drive.google.com/open?id={id}"),
            format!("https://drive.google.com/uc?id={id}"),
            format!("https://drive.google.com/uc?export=download&id={id}"),
            format!("https://docs.google.com/uc?export=download&id={id}"),
        ] {
            assert_eq!(command(&url, Open), expected, "{url}");
        }
        assert!(
            get(&format!("https://drive.google.com/uc?id={id}"), Open)
                .note
                .starts_with("pip install gdown")
        );
        let folder = "1-21A3TBE0QuofEwDg5oDz2z0HEdbVgL2";
        let expected =
            format!("gdown --folder https://drive.google.com/drive/folders/{folder} -O my-set");
        for url in [
            format!("https://drive.google.com/drive/folders/{folder}"),
            format!("https://drive.google.com/drive/folders/{folder}?usp=sharing"),
            format!("https://drive.google.com/drive/u/0/folders/{folder}"),
        ] {
            assert_eq!(command(&url, Open), expected, "{url}");
        }
        // No usable id: the page line, not a made-up command.
        assert_eq!(
            get("https://drive.google.com/open?id=x;rm", Open).source,
            Source::Page
        );
        assert_eq!(
            get("https://drive.google.com/drive/my-drive", Open).source,
            Source::Page
        );
    }

    #[test]
    fn github_repositories_are_cloned_without_blob_tree_or_query() {
        let expected = "git clone --depth 1 https://github.com/ATR-DBI/ScanQA";
        for url in [
            "https://github.com/ATR-DBI/ScanQA",
            "https://github.com/ATR-DBI/ScanQA/",
            "https://github.com/ATR-DBI/ScanQA.git",
            "https://github.com/ATR-DBI/ScanQA/blob/main/docs/dataset.md",
            "https://github.com/ATR-DBI/ScanQA/tree/main/docs",
            "https://github.com/ATR-DBI/ScanQA?tab=readme-ov-file",
            "https://github.com/ATR-DBI/ScanQA#readme",
        ] {
            assert_eq!(command(url, Open), expected, "{url}");
        }
        let blob = get(
            "https://github.com/ATR-DBI/ScanQA/blob/main/docs/dataset.md",
            Open,
        );
        assert!(
            blob.note
                .starts_with("needs git; the link points at docs/dataset.md in it"),
            "{}",
            blob.note
        );
        assert!(
            guidance("https://github.com/medalpaca", Open)
                .note
                .contains("pick a repository")
        );
        // A release asset is a file.
        assert_eq!(
            command("https://github.com/o/r/releases/download/v1/data.zip", Open),
            "curl -fL -C - -O https://github.com/o/r/releases/download/v1/data.zip"
        );
        assert_eq!(
            get("https://github.com/topics/medical", Open).source,
            Source::Page
        );
    }

    #[test]
    fn osf_project() {
        assert_eq!(
            command("https://osf.io/89kps/", Open),
            "osf -p 89kps clone my-set"
        );
        assert_eq!(
            get("https://osf.io/89kps/", Open).note,
            "pip install osfclient"
        );
        assert_eq!(get("https://osf.io/search/", Open).source, Source::Page);
    }

    #[test]
    fn direct_files_are_curled_and_quoted() {
        for url in [
            "http://resource.deepwise.com/ChestX-Det/train_data.zip",
            "https://example.org/a/b.tar.gz",
            "https://example.org/a/b.TGZ",
            "https://example.org/data.parquet",
            "https://example.org/qa.json",
            "https://example.org/table.csv",
        ] {
            assert_eq!(command(url, Open), format!("curl -fL -C - -O {url}"));
        }
        assert_eq!(get("https://example.org/a.zip", Open).note, "needs curl");
        assert_eq!(
            command("https://example.org/a.zip?x=1&y=$(rm -rf ~)", Open),
            "curl -fL -C - -O 'https://example.org/a.zip?x=1&y=$(rm%20-rf%20~)'"
        );
        assert!(
            get("https://example.org/a.zip", Request)
                .note
                .contains("may refuse")
        );
        assert_eq!(
            get("https://example.org/paper.pdf", Open).source,
            Source::Page
        );
    }

    #[test]
    fn portals_get_one_line_of_guidance() {
        let tcia = guidance(
            "https://www.cancerimagingarchive.net/collection/ct-org/",
            Open,
        );
        assert_eq!(tcia.source, Source::Tcia);
        assert_eq!(
            tcia.note,
            "TCIA: download the manifest (.tcia) from the collection page, then open it with \
             NBIA Data Retriever"
        );
        let restricted = guidance(
            "https://www.cancerimagingarchive.net/collection/x/",
            Request,
        );
        assert!(restricted.note.contains("restricted collection"));
        assert_eq!(
            guidance("https://doi.org/10.7937/TCIA.2018.h7umfurq", Open).source,
            Source::Tcia
        );
        for form in [
            "https://docs.google.com/forms/d/e/1FAIpQLSdSe06DIbPn71jA2rCxe_5tUPfyHhSH1Z7ZTJBxWM26cnpZFg/viewform",
            "https://forms.gle/CUesSpXu7xeXZYKp8",
        ] {
            assert_eq!(guidance(form, Request).note, "request access via the form");
        }
        for paper in [
            "https://doi.org/10.1038/s41597-019-0322-0",
            "https://arxiv.org/abs/2303.14070",
            "https://www.nature.com/articles/sdata2018251",
            "https://aclanthology.org/D19-1259/",
            "https://proceedings.mlr.press/v174/pal22a.html",
            "https://ieeexplore.ieee.org/document/9497733",
            "http://papers.nips.cc/paper_files/paper/2023/hash/x.html",
        ] {
            assert_eq!(
                guidance(paper, Open).note,
                "paper, not a download",
                "{paper}"
            );
        }
        for data_doi in [
            "https://doi.org/10.13026/4jqj-jw95",
            "https://doi.org/10.6084/m9.figshare.c.4107803",
            "https://doi.org/10.3886/ICPSR36684.v4",
        ] {
            let d = guidance(data_doi, Open);
            assert_eq!(d.source, Source::DatasetDoi, "{data_doi}");
            assert!(d.note.starts_with("dataset DOI"), "{}", d.note);
        }
        let baidu = guidance(
            "https://pan.baidu.com/s/1Src_rhXsaOFp8zJ_3zMFsQ?pwd=p3ne",
            Open,
        );
        assert_eq!(baidu.source, Source::BaiduNetdisk);
        assert_eq!(
            guidance("https://amos22.grand-challenge.org/", Open).note,
            "open the page and follow its download instructions"
        );
        assert!(
            guidance("https://bimcv.cipf.es/bimcv-projects/padchest/", Request)
                .note
                .contains("apply for access")
        );
        assert!(
            guidance("https://example.org/", Registration)
                .note
                .contains("sign up")
        );
    }

    #[test]
    fn credentials_in_a_url_never_reach_a_command() {
        let d = guidance("https://user:secret@example.org/data.zip", Open);
        assert!(!d.note.contains("secret"));
        guidance("https://user@example.org/data.zip", Open);
    }

    #[test]
    fn output_lines() {
        let d = get("https://zenodo.org/records/7262581", Open);
        assert_eq!(
            d.lines(),
            [
                "zenodo_get 7262581 -o my-set && zenodo_get -m 7262581 -o my-set && (cd my-set && md5sum -c md5sums.txt)",
                "# pip install zenodo_get; the md5 sums of the record are checked"
            ]
        );
        let d = get("https://arxiv.org/abs/1", Open);
        assert_eq!(d.lines(), ["# paper, not a download"]);
    }

    #[test]
    fn hostile_ids_are_quoted() {
        let evil = dataset("x; rm -rf ~", Open);
        let d = for_url(&evil, "https://zenodo.org/records/1");
        assert_eq!(
            d.command.unwrap(),
            "zenodo_get 1 -o 'x; rm -rf ~' && zenodo_get -m 1 -o 'x; rm -rf ~' && (cd 'x; rm -rf ~' && md5sum -c md5sums.txt)"
        );
        let d = for_url(
            &evil,
            "https://msd-for-monai.s3-us-west-2.amazonaws.com/Task09_Spleen.tar",
        );
        assert!(
            d.command
                .unwrap()
                .starts_with("mkdir -p 'x; rm -rf ~' && for t in"),
            "the directory is quoted"
        );
        let control = dataset("x\u{1b}[2J", Open);
        let d = for_url(&control, "https://zenodo.org/records/1");
        assert_eq!(
            d.command, None,
            "no way to quote a control character safely"
        );
    }
}
