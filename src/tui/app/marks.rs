//! Marks and the actions that copy: one dataset's links, command or
//! BibTeX, or every marked dataset's when marks exist.

use super::App;
use crate::catalog::Dataset;
use crate::cite;
use crate::download;
use crate::sanitize;
use crate::tui::action::Effect;

impl App {
    pub(super) fn marks_changed(&mut self, what: String) -> Option<Effect> {
        self.count_marks();
        if self.only_marked {
            let row = self.selected_row();
            self.show_hits();
            self.outline.reselect(row);
        }
        self.status = Some(format!("{what}; {} marked", self.marked_count()));
        Some(Effect::SaveShortlist)
    }

    pub(super) fn toggle_mark(&mut self) -> Option<Effect> {
        let Some(dataset) = self.selected_dataset() else {
            self.status = Some("Select a dataset to mark it".into());
            return None;
        };
        let (id, name) = (
            dataset.id.clone(),
            sanitize::line(&dataset.name).into_owned(),
        );
        let marked = self.marks.toggle(&id);
        self.marks_changed(format!(
            "{} {name}",
            if marked { "Marked" } else { "Unmarked" }
        ))
    }

    pub(super) fn mark_all_shown(&mut self) -> Option<Effect> {
        // Folded categories hide rows, not matches: mark every match.
        // A dataset in two categories is one id; the shortlist keeps it once.
        let shown: Vec<String> = (0..self.catalog.categories.len())
            .flat_map(|category| self.outline.members(category))
            .map(|&d| self.catalog.datasets[d].id.to_string())
            .collect();
        let added = self.marks.add(shown);
        self.marks_changed(format!("Marked {added} more"))
    }

    pub(super) fn clear_marks(&mut self) -> Option<Effect> {
        if self.marks.is_empty() {
            self.status = Some("No marks to clear".into());
            return None;
        }
        self.marks.clear();
        self.marks_changed("Cleared the marks".into())
    }

    /// The datasets batch actions work on: the marked ones of this
    /// catalog, in catalog order, or the selected one when none is marked.
    pub(super) fn targets(&self) -> Vec<&Dataset> {
        let marked: Vec<&Dataset> = self
            .catalog
            .datasets
            .iter()
            .filter(|d| self.marks.contains(&d.id))
            .collect();
        if marked.is_empty() {
            self.selected_dataset().into_iter().collect()
        } else {
            marked
        }
    }

    pub(super) fn copy_all(&mut self) -> Option<Effect> {
        if self.marked_count() > 0 {
            let targets = self.targets();
            let urls: Vec<&str> = targets
                .iter()
                .flat_map(|d| d.urls.iter().map(|l| l.url.as_ref()))
                .collect();
            let what = format!("{} links of {} marked datasets", urls.len(), targets.len());
            return Some(Effect::Copy {
                text: urls.join("\n"),
                what,
            });
        }
        let Some(dataset) = self.selected_dataset() else {
            self.status = Some("Select a dataset to copy its links".into());
            return None;
        };
        let text = dataset
            .urls
            .iter()
            .map(|l| l.url.as_ref())
            .collect::<Vec<_>>()
            .join("\n");
        let what = format!(
            "{} links of {}",
            dataset.urls.len(),
            sanitize::line(&dataset.name)
        );
        Some(Effect::Copy { text, what })
    }

    pub(super) fn copy_command(&mut self) -> Option<Effect> {
        if self.marked_count() > 0 {
            // Every marked dataset's commands, as `medsets cmd` prints them.
            let targets = self.targets();
            let mut text = String::new();
            for d in &targets {
                for (i, link) in d.urls.iter().enumerate() {
                    let plan = download::for_url(d, &link.url);
                    text.push_str(&format!("# {} [{}] {}\n", d.id, i + 1, link.label));
                    for line in plan.lines() {
                        text.push_str(&line);
                        text.push('\n');
                    }
                }
            }
            return Some(Effect::Copy {
                text: sanitize::block(&text).into_owned(),
                what: format!("the download commands of {} marked datasets", targets.len()),
            });
        }
        let Some(dataset) = self.selected_dataset() else {
            self.status = Some("Select a dataset to copy a download command".into());
            return None;
        };
        let link = dataset.urls.get(self.link).or(dataset.urls.first())?;
        let number = self.link.min(dataset.urls.len() - 1) + 1;
        let plan = download::for_url(dataset, &link.url);
        match plan.command {
            Some(command) => Some(Effect::Copy {
                text: command,
                what: format!("the command for [{number}]"),
            }),
            None => {
                self.status = Some(format!("[{number}] has no download command: {}", plan.note));
                None
            }
        }
    }

    pub(super) fn copy_bibtex(&mut self) -> Option<Effect> {
        if self.marked_count() > 0 {
            let targets = self.targets();
            let text = cite::bibtex(targets.iter().copied());
            let what = format!("BibTeX of {} marked datasets", targets.len());
            return Some(Effect::Copy { text, what });
        }
        let Some(dataset) = self.selected_dataset() else {
            self.status = Some("Select a dataset to copy its citations".into());
            return None;
        };
        if dataset.citations.is_empty() {
            self.status = Some(format!(
                "No citation recorded for {}",
                sanitize::line(&dataset.name)
            ));
            return None;
        }
        let text = cite::bibtex(std::iter::once(dataset));
        let n = dataset.citations.len();
        let what = format!(
            "BibTeX of {} ({n} entr{})",
            sanitize::line(&dataset.name),
            if n == 1 { "y" } else { "ies" }
        );
        Some(Effect::Copy { text, what })
    }
}
