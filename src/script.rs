//! A bash script that downloads several datasets: `medsets script`.
//!
//! The script is meant to be read before it is run, and run again as often
//! as needed: it checks its prerequisites first (naming each missing tool
//! with its install line), gives every dataset its own directory, uses
//! resumable commands (from [`crate::download`], in their
//! [`Destination::Here`] form) and verifies checksums where the host
//! publishes them, and marks a finished dataset with a file so a second
//! run skips it. A dataset that needs an account, credentials or someone's
//! approval is written out as a commented step that says what to set; no
//! secret is ever written into the script.
//!
//! Every value that reaches a command is quoted by the download rules;
//! ids are quoted here; every other text (names, labels, URLs, notes) only
//! appears in `#` comments, sanitized to one line.

use std::fmt::Write as _;

use crate::catalog::{Access, Dataset, Link};
use crate::download::{self, Destination, Download};
use crate::sanitize;

/// The file that marks a dataset's directory as complete.
pub const COMPLETE_MARKER: &str = ".medsets-complete";

/// How one of a dataset's links is used by the script.
struct Step<'a> {
    number: usize,
    link: &'a Link,
    download: Download,
}

/// What the script does with one dataset.
struct Plan<'a> {
    dataset: &'a Dataset,
    /// Links whose commands run, in order.
    run: Vec<Step<'a>>,
    /// Other routes to the same data (mirrors, copies), left as comments.
    alternatives: Vec<Step<'a>>,
    /// Links with no command: what to do instead.
    manual: Vec<Step<'a>>,
}

impl<'a> Plan<'a> {
    fn of(dataset: &'a Dataset) -> Plan<'a> {
        let mut plan = Plan {
            dataset,
            run: Vec::new(),
            alternatives: Vec::new(),
            manual: Vec::new(),
        };
        for (i, link) in dataset.urls.iter().enumerate() {
            let step = Step {
                number: i + 1,
                link,
                download: download::for_url_into(dataset, &link.url, Destination::Here),
            };
            match step.download.command {
                None if step.download.source == download::Source::Paper => {}
                None => plan.manual.push(step),
                // A mirror or copy is another route to data an earlier
                // link already fetches; it stays a comment. When no earlier
                // link has a command, the mirror is the route.
                Some(_) if is_another_route(link) && !plan.run.is_empty() => {
                    plan.alternatives.push(step)
                }
                Some(_) => plan.run.push(step),
            }
        }
        plan
    }

    /// Whether the script runs this dataset's commands itself: only open
    /// datasets, which need no account and no one's approval.
    fn runs(&self) -> bool {
        self.dataset.access == Access::Open && !self.run.is_empty()
    }
}

/// A link the catalog labels as a mirror or a copy of the data.
fn is_another_route(link: &Link) -> bool {
    let label = link.label.to_lowercase();
    label.contains("mirror") || label.contains("copy")
}

/// The script for `datasets`, their directories under `dir` (which the
/// script's first argument overrides).
pub fn script(datasets: &[&Dataset], dir: &str, generator: &str) -> String {
    let plans: Vec<Plan> = datasets.iter().map(|d| Plan::of(d)).collect();
    let mut out = String::new();
    header(&mut out, &plans, dir, generator);
    prerequisites(&mut out, &plans);
    helpers(&mut out);
    for plan in &plans {
        dataset_block(&mut out, plan);
    }
    footer(&mut out);
    out
}

fn header(out: &mut String, plans: &[Plan], dir: &str, generator: &str) {
    let running = plans.iter().filter(|p| p.runs()).count();
    let ids: Vec<&str> = plans.iter().map(|p| p.dataset.id.as_ref()).collect();
    out.push_str("#!/usr/bin/env bash\n");
    let _ = writeln!(
        out,
        "# Download {} dataset{} ({running} fetched by this script), written by {}.",
        plans.len(),
        plural(plans.len()),
        comment(generator)
    );
    let _ = writeln!(out, "# Datasets: {}", comment(&ids.join(" ")));
    out.push_str(
        "#\n\
         # Usage: bash THIS_SCRIPT [DIR]   (DIR defaults to the one below)\n\
         # Each dataset gets its own directory under DIR. Run it again at any time:\n\
         # a finished dataset is skipped (it holds a .medsets-complete file; delete\n\
         # it to fetch again) and an interrupted download resumes where it stopped.\n\
         # Datasets that need an account, credentials or approval (or whose access\n\
         # the catalog does not state) are commented steps: each says what to do\n\
         # and which variable to set; then uncomment it.\n\
         set -euo pipefail\n\n",
    );
    let _ = writeln!(out, "dir=${{1:-{}}}", quote(dir));
    out.push('\n');
}

/// The tools the running steps use, each checked once, with what to do
/// when one is missing.
fn prerequisites(out: &mut String, plans: &[Plan]) {
    let mut tools: Vec<&str> = Vec::new();
    let mut kaggle = false;
    for step in plans.iter().filter(|p| p.runs()).flat_map(|p| &p.run) {
        for tool in step.download.tools() {
            if !tools.contains(&tool) {
                tools.push(tool);
            }
        }
        kaggle |= step.download.source == download::Source::Kaggle;
    }
    out.push_str(
        "# Prerequisites: every tool the steps below run.\n\
         missing=0\n\
         need() {\n\
         \x20   if ! command -v \"$1\" >/dev/null 2>&1; then\n\
         \x20       printf 'missing: %s (install: %s)\\n' \"$1\" \"$2\" >&2\n\
         \x20       missing=1\n\
         \x20   fi\n\
         }\n",
    );
    for tool in &tools {
        let _ = writeln!(
            out,
            "need {} {}",
            quote(tool),
            quote(download::install_hint(tool))
        );
    }
    if kaggle {
        out.push_str(
            "if [ -z \"${KAGGLE_USERNAME:-}\" ] && [ ! -f \"$HOME/.kaggle/kaggle.json\" ]; then\n\
             \x20   echo 'missing: Kaggle credentials (set KAGGLE_USERNAME and KAGGLE_KEY, or put kaggle.json in ~/.kaggle/)' >&2\n\
             \x20   missing=1\n\
             fi\n",
        );
    }
    out.push_str(
        "if [ \"$missing\" -ne 0 ]; then\n\
         \x20   echo 'install what is missing above, then run this script again' >&2\n\
         \x20   exit 1\n\
         fi\n\n",
    );
}

fn helpers(out: &mut String) {
    let _ = write!(
        out,
        "mkdir -p -- \"$dir\"\n\
         cd -- \"$dir\"\n\
         failed=()\n\
         \n\
         # begin ID: succeeds when ID still has to be fetched (its directory then\n\
         # exists); fails when an earlier run finished it.\n\
         begin() {{\n\
         \x20   if [ -e \"$1/{COMPLETE_MARKER}\" ]; then\n\
         \x20       printf '%s: complete, skipped\\n' \"$1\"\n\
         \x20       return 1\n\
         \x20   fi\n\
         \x20   mkdir -p -- \"$1\"\n\
         \x20   printf '%s: fetching\\n' \"$1\"\n\
         }}\n\
         finish() {{\n\
         \x20   touch -- \"$1/{COMPLETE_MARKER}\"\n\
         \x20   printf '%s: done\\n' \"$1\"\n\
         }}\n\
         fail() {{\n\
         \x20   failed+=(\"$1\")\n\
         \x20   printf '%s: FAILED (run the script again to resume)\\n' \"$1\" >&2\n\
         }}\n"
    );
}

fn dataset_block(out: &mut String, plan: &Plan) {
    let dataset = plan.dataset;
    let id = quote(&dataset.id);
    out.push('\n');
    let _ = writeln!(
        out,
        "# == {} ({}): {}",
        comment(&dataset.id),
        comment(&dataset.name),
        dataset.access
    );
    if plan.run.is_empty() {
        out.push_str("# No command-line route; by hand:\n");
        manual(out, plan);
        return;
    }
    let prefix = if plan.runs() {
        ""
    } else {
        let _ = match dataset.access {
            Access::Unknown => writeln!(
                out,
                "# Not run: the catalog does not say what access it takes; check the page first."
            ),
            access => writeln!(out, "# Not run: needs {}.", comment(access.requirements())),
        };
        let mut said = Vec::new();
        for step in &plan.run {
            for line in [step.download.credentials(), Some(&step.download.note[..])]
                .into_iter()
                .flatten()
            {
                if !said.contains(&line) {
                    said.push(line);
                    let _ = writeln!(out, "# {}", comment(line));
                }
            }
        }
        out.push_str("# Once you have access, uncomment the lines below.\n");
        "# "
    };
    for step in &plan.run {
        let _ = writeln!(
            out,
            "# [{}] {}: {}",
            step.number,
            comment(&step.link.label),
            comment(&step.link.url)
        );
        if is_another_route(step.link) {
            out.push_str(if plan.manual.is_empty() {
                "#     (a mirror or copy, not the official release)\n"
            } else {
                "#     (a mirror or copy, not the official release: see below)\n"
            });
        }
    }
    let commands: Vec<&str> = plan
        .run
        .iter()
        .filter_map(|step| step.download.command.as_deref())
        .collect();
    let _ = writeln!(out, "{prefix}if begin {id}; then");
    let _ = writeln!(out, "{prefix}    if (");
    let _ = writeln!(out, "{prefix}        cd {id} &&");
    for (i, command) in commands.iter().enumerate() {
        let and = if i + 1 < commands.len() { " &&" } else { "" };
        let _ = writeln!(out, "{prefix}        {command}{and}");
    }
    let _ = writeln!(out, "{prefix}    ); then finish {id}; else fail {id}; fi");
    let _ = writeln!(out, "{prefix}fi");
    if !plan.alternatives.is_empty() {
        out.push_str("# Other routes to the same data (run inside the dataset's directory):\n");
        for step in &plan.alternatives {
            let _ = writeln!(
                out,
                "#   [{}] {}: {}",
                step.number,
                comment(&step.link.label),
                comment(step.download.command.as_deref().unwrap_or_default())
            );
        }
    }
    if !plan.manual.is_empty() {
        out.push_str("# Also, by hand:\n");
        manual(out, plan);
    }
}

fn manual(out: &mut String, plan: &Plan) {
    for step in &plan.manual {
        let _ = writeln!(
            out,
            "#   [{}] {}: {}\n#       {}",
            step.number,
            comment(&step.link.label),
            comment(&step.link.url),
            comment(&step.download.note)
        );
    }
}

fn footer(out: &mut String) {
    out.push_str(
        "\nif [ \"${#failed[@]}\" -gt 0 ]; then\n\
         \x20   printf 'not finished: %s\\n' \"${failed[*]}\" >&2\n\
         \x20   exit 1\n\
         fi\n\
         echo 'all done'\n",
    );
}

/// Text for a `#` comment: one line, nothing a terminal would act on.
fn comment(text: &str) -> String {
    sanitize::line(text).into_owned()
}

/// A value quoted for bash (ids are kebab-case already; this keeps any
/// other value safe too).
fn quote(value: &str) -> String {
    let clean = sanitize::line(value);
    shlex::try_quote(&clean)
        .map(|q| q.into_owned())
        .unwrap_or_else(|_| "''".to_string())
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog;

    fn embedded() -> catalog::Catalog {
        catalog::load(None).expect("embedded catalog loads")
    }

    fn for_ids(ids: &[&str]) -> String {
        let catalog = embedded();
        let datasets: Vec<&Dataset> = ids
            .iter()
            .map(|id| catalog.find(id).expect("known id"))
            .collect();
        script(&datasets, "data", "medsets test")
    }

    #[test]
    fn open_dataset_runs_with_its_tools_checked() {
        let text = for_ids(&["vqa-rad"]);
        assert!(text.starts_with("#!/usr/bin/env bash\n"));
        assert!(text.contains("set -euo pipefail\n"));
        assert!(
            text.contains("need osf 'pip install osfclient'\n"),
            "{text}"
        );
        assert!(text.contains("if begin vqa-rad; then\n"));
        assert!(text.contains("        osf -p 89kps clone .\n"), "{text}");
        // The Hugging Face mirror is another route to the same data.
        assert!(text.contains("#   [2] Hugging Face mirror"), "{text}");
        assert!(!text.contains("need hf"), "{text}");
    }

    #[test]
    fn several_parts_of_one_dataset_all_run() {
        let text = for_ids(&["chestx-det"]);
        assert!(
            text.contains("{ test -d ChestX-Det-Dataset/.git || git clone"),
            "{text}"
        );
        assert!(
            text.contains("wget -c http://resource.deepwise.com/ChestX-Det/train_data.zip &&"),
            "{text}"
        );
    }

    #[test]
    fn credentialed_dataset_is_a_commented_step_naming_the_variable() {
        let text = for_ids(&["mimic-cxr"]);
        assert!(text.contains("# Not run: needs identity check"), "{text}");
        assert!(text.contains("# set PHYSIONET_USER"), "{text}");
        assert!(text.contains("# if begin mimic-cxr; then"), "{text}");
        assert!(
            text.contains("sha256sum -c --quiet SHA256SUMS.txt"),
            "{text}"
        );
        // Nothing it would run is checked for, and nothing secret is written.
        assert!(!text.contains("need wget"), "{text}");
        assert!(!text.to_lowercase().contains("password="), "{text}");
    }

    #[test]
    fn a_mirror_is_the_route_when_nothing_before_it_has_a_command() {
        let text = for_ids(&["medical-segmentation-decathlon"]);
        assert!(text.contains("if begin medical-segmentation-decathlon; then"));
        assert!(text.contains("for t in Task01_BrainTumour"), "{text}");
        assert!(text.contains("need wget"), "{text}");
    }

    #[test]
    fn no_route_is_said_in_comments_only() {
        let text = for_ids(&["padchest"]);
        assert!(text.contains("# No command-line route; by hand:"), "{text}");
        assert!(!text.contains("begin padchest"), "{text}");
    }

    #[test]
    fn hostile_text_stays_inside_comments() {
        let mut catalog = embedded();
        let d = catalog
            .datasets
            .iter_mut()
            .find(|d| d.id == "vqa-rad")
            .unwrap();
        d.name = "x\nrm -rf ~\n\u{1b}[2J".into();
        d.urls[0].label = "y\n$(reboot)".into();
        let text = script(&[&*d], "dir'; rm -rf ~; '", "g\nrm");
        for line in text.lines() {
            assert!(!line.starts_with("rm"), "{line}");
            assert!(!line.contains('\u{1b}'), "{line}");
        }
        assert!(
            text.contains("\ndir=${1:-\"dir'; rm -rf ~; '\"}\n"),
            "{text}"
        );
    }
}
