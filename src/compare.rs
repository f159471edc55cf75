//! Datasets side by side: the facts a choice turns on (modality, region,
//! tasks, size, access, licence, year, languages, primary link) as rows,
//! one column per dataset. The TUI's `=` view and `medsets compare` render
//! this one table; the values are those of [`crate::describe`], unconfirmed
//! marks included.

use crate::catalog::{Catalog, Dataset};
use crate::describe::{self, FactKey};
use crate::lang::Lang;
use crate::sanitize;

/// The compared facts, in order.
const ROWS: [FactKey; 8] = [
    FactKey::Modality,
    FactKey::Region,
    FactKey::Tasks,
    FactKey::Size,
    FactKey::Access(crate::catalog::Access::Open),
    FactKey::Licence,
    FactKey::Year,
    FactKey::Languages,
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// Dataset ids and names, one per column.
    pub ids: Vec<String>,
    pub names: Vec<String>,
    /// Each row: its label and one cell per dataset.
    pub rows: Vec<(&'static str, Vec<String>)>,
}

pub fn table(catalog: &Catalog, datasets: &[&Dataset], lang: Lang) -> Table {
    let descriptions: Vec<_> = datasets
        .iter()
        .map(|d| describe::describe(catalog, d, lang))
        .collect();
    let mut rows: Vec<(&'static str, Vec<String>)> = ROWS
        .iter()
        .map(|&key| {
            let cells = descriptions
                .iter()
                .map(|d| {
                    d.facts
                        .iter()
                        .find(|f| same_key(f.key, key))
                        .map_or_else(|| "-".to_string(), |f| f.value.clone())
                })
                .collect();
            (describe::label(key, lang), cells)
        })
        .collect();
    let link = match lang {
        Lang::En => "Link [1]",
        Lang::Zh => "链接 [1]",
    };
    rows.push((
        link,
        datasets
            .iter()
            .map(|d| {
                d.primary_url()
                    .map_or("-".into(), |u| sanitize::line(u).into_owned())
            })
            .collect(),
    ));
    Table {
        ids: descriptions.iter().map(|d| d.id.clone()).collect(),
        names: descriptions.iter().map(|d| d.name.clone()).collect(),
        rows,
    }
}

/// Access facts carry their level; any level is the Access row.
fn same_key(a: FactKey, b: FactKey) -> bool {
    matches!((a, b), (FactKey::Access(_), FactKey::Access(_))) || a == b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_column_per_dataset_one_row_per_fact() {
        let catalog = Catalog::embedded();
        let chosen: Vec<&Dataset> = ["lidc-idri", "fumpe", "ct-org"]
            .iter()
            .map(|id| catalog.dataset(id).unwrap())
            .collect();
        let t = table(&catalog, &chosen, Lang::En);
        assert_eq!(t.ids, ["lidc-idri", "fumpe", "ct-org"]);
        assert_eq!(t.rows.len(), 9);
        assert!(t.rows.iter().all(|(_, cells)| cells.len() == 3));
        let access = &t.rows.iter().find(|(l, _)| *l == "Access").unwrap().1;
        assert!(access.iter().all(|a| a.starts_with("OPEN")), "{access:?}");
        let link = &t.rows.last().unwrap().1;
        assert!(link[0].starts_with("https://"));
        let zh = table(&catalog, &chosen, Lang::Zh);
        assert_eq!(zh.rows[0].0, "模态");
    }
}
