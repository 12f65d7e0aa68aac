//! Which rows of a dataset a chart or table shows: `filter: {column, in: [...]}` keeps the
//! rows whose value in a column is listed, `rows: [...]` picks rows by their label (the first
//! column) in the listed order, and a chart leaves total rows out unless it asks for them. So
//! one dataset serves several figures.

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::{BlockOrigin, find_column};
use crate::diagnostics::{Diagnostic, Diagnostics, did_you_mean};
use crate::model::{Dataset, RowRole};

/// `filter:` as written: keep the rows whose `column` reads one of `in`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RowFilter {
    pub column: Spanned<String>,
    #[serde(rename = "in")]
    pub values: Spanned<Vec<Spanned<String>>>,
}

/// What a block says about its rows.
pub(crate) struct RowChoice<'a> {
    pub filter: Option<&'a RowFilter>,
    pub rows: Option<&'a Spanned<Vec<Spanned<String>>>>,
    /// Whether total and subtotal rows stay (tables: yes; charts: when they ask).
    pub totals: bool,
}

/// The indices of the rows the block shows, in the order it shows them, or what is wrong
/// with its `filter` and `rows`.
pub(crate) fn select_rows(
    dataset: &Dataset,
    origin: &BlockOrigin,
    choice: &RowChoice,
) -> Result<Vec<usize>, Diagnostics> {
    let mut problems = Diagnostics::default();
    let mut kept: Vec<usize> = (0..dataset.rows.len())
        .filter(|&i| choice.totals || dataset.row_role(i) == RowRole::Data)
        .collect();
    if let Some(filter) = choice.filter {
        match find_column(dataset, origin, &filter.column) {
            Ok(column) => {
                let values: Vec<String> = dataset
                    .rows
                    .iter()
                    .map(|r| r.cell(column).plain_text())
                    .collect();
                for wanted in &filter.values.value {
                    if !values.contains(&wanted.value) {
                        problems.push(unknown_value(
                            origin,
                            wanted,
                            &values,
                            "filter",
                            &filter.column.value,
                        ));
                    }
                }
                kept.retain(|&i| filter.values.value.iter().any(|w| w.value == values[i]));
            }
            Err(problem) => problems.push(problem),
        }
    }
    if let Some(listed) = choice.rows {
        let label = |i: usize| dataset.rows.get(i).cell(0).plain_text();
        let first = dataset.columns.first().map_or("", |c| c.key.as_str());
        let labels: Vec<String> = (0..dataset.rows.len()).map(label).collect();
        let mut picked = Vec::new();
        for wanted in &listed.value {
            match kept.iter().find(|&&i| labels[i] == wanted.value) {
                Some(&i) => picked.push(i),
                None => problems.push(missing_row(dataset, origin, wanted, &labels, choice, first)),
            }
        }
        kept = picked;
    }
    if problems.is_empty() && kept.is_empty() {
        let (line, column) = choice
            .filter
            .map(|f| (f.values.referenced.line(), f.values.referenced.column()))
            .or(choice
                .rows
                .map(|r| (r.referenced.line(), r.referenced.column())))
            .unwrap_or((0, 1));
        problems.push(
            origin
                .error_at(line, column, "no rows are left to show")
                .with_hint("keep at least one row that is not a total"),
        );
    }
    if problems.is_empty() {
        Ok(kept)
    } else {
        Err(problems)
    }
}

/// A `rows:` label that names no row the block keeps: misspelt, filtered out, or a total a
/// chart leaves out.
fn missing_row(
    dataset: &Dataset,
    origin: &BlockOrigin,
    wanted: &Spanned<String>,
    labels: &[String],
    choice: &RowChoice,
    first: &str,
) -> Diagnostic {
    let at = |message: String| {
        origin.error_at(
            wanted.referenced.line(),
            wanted.referenced.column(),
            message,
        )
    };
    match labels.iter().position(|l| *l == wanted.value) {
        Some(i) if !choice.totals && dataset.row_role(i) != RowRole::Data => at(format!(
            "the row `{}` is a total, which a chart leaves out",
            wanted.value
        ))
        .with_hint("add `include_totals: true` to chart it"),
        Some(_) => at(format!(
            "the row `{}` is not among the rows `filter` keeps",
            wanted.value
        ))
        .with_hint("list only rows the filter keeps, or widen the filter"),
        None => unknown_value(origin, wanted, labels, "rows", first),
    }
}

/// A value listed under `key` that no row of `column` reads, with the nearest one.
fn unknown_value(
    origin: &BlockOrigin,
    wanted: &Spanned<String>,
    values: &[String],
    key: &str,
    column: &str,
) -> Diagnostic {
    let hint = match did_you_mean(&wanted.value, values.iter().map(String::as_str)) {
        Some(best) => format!("did you mean `{best}`?"),
        None => format!("`{key}` lists values of the `{column}` column, as the rows write them"),
    };
    origin
        .error_at(
            wanted.referenced.line(),
            wanted.referenced.column(),
            format!("no row's `{column}` reads `{}`", wanted.value),
        )
        .with_hint(hint)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use proptest::prelude::*;
    use serde::Deserialize;
    use serde_saphyr::Spanned;

    use super::*;
    use crate::model::SourceFile;

    fn file(path: &str, text: String) -> SourceFile {
        SourceFile {
            path: PathBuf::from(path),
            display: PathBuf::from(path),
            text,
        }
    }

    /// The keys of a block that choose its rows, parsed as a block's YAML is.
    #[derive(Deserialize)]
    struct Written {
        filter: Option<RowFilter>,
        rows: Option<Spanned<Vec<Spanned<String>>>>,
    }

    /// A dataset of `regions.len()` rows labelled `r0`, `r1`…, each in a region; the last
    /// `totals` rows are totals.
    fn dataset(regions: &[u8], totals: usize) -> Dataset {
        let mut text = String::from("totals: [");
        let first_total = regions.len() - totals;
        let names: Vec<String> = (first_total..regions.len())
            .map(|i| format!("r{i}"))
            .collect();
        text.push_str(&names.join(", "));
        text.push_str("]\nrows:\n");
        for (i, region) in regions.iter().enumerate() {
            text.push_str(&format!("  - {{label: r{i}, region: g{region}, v: {i}}}\n"));
        }
        crate::load::load_dataset(file("content/data/d.yaml", text)).expect("a valid dataset")
    }

    proptest! {
        /// Whatever the filter and the list: the rows shown are those listed (in the list's
        /// order) or, without a list, every row the filter keeps in the file's order; never a
        /// total unless totals are kept.
        #[test]
        fn the_rows_shown_are_those_chosen_in_order(
            regions in proptest::collection::vec(0u8..4, 1..12),
            wanted_regions in proptest::collection::btree_set(0u8..4, 1..4),
            listed in proptest::collection::vec(0usize..12, 0..6),
            use_filter: bool,
            totals in 0usize..3,
            keep_totals: bool,
        ) {
            let totals = totals.min(regions.len() - 1);
            let data = dataset(&regions, totals);
            let present: Vec<u8> = wanted_regions.iter().copied().filter(|r| regions.contains(r)).collect();
            let is_total = |i: usize| i >= regions.len() - totals;
            // A filter listing no region of the data is not written.
            let use_filter = use_filter && !present.is_empty();
            let keeps = |i: usize| {
                (keep_totals || !is_total(i)) && (!use_filter || present.contains(&regions[i]))
            };
            let mut listed: Vec<usize> = listed.into_iter().filter(|&i| i < regions.len() && keeps(i)).collect();
            listed.dedup();
            let mut yaml = String::new();
            if use_filter {
                let values: Vec<String> = present.iter().map(|r| format!("g{r}")).collect();
                yaml.push_str(&format!("filter: {{column: region, in: [{}]}}\n", values.join(", ")));
            }
            if !listed.is_empty() {
                let labels: Vec<String> = listed.iter().map(|i| format!("r{i}")).collect();
                yaml.push_str(&format!("rows: [{}]\n", labels.join(", ")));
            }
            let written: Written = crate::yaml::parse(&PathBuf::from("s.md"), &yaml, &yaml, 0).unwrap();
            let origin = BlockOrigin { file: file("s.md", yaml.clone()), fence_line: 0 };
            let choice = RowChoice { filter: written.filter.as_ref(), rows: written.rows.as_ref(), totals: keep_totals };
            let expected: Vec<usize> = if listed.is_empty() {
                (0..regions.len()).filter(|&i| keeps(i)).collect()
            } else {
                listed.clone()
            };
            match select_rows(&data, &origin, &choice) {
                Ok(shown) => {
                    prop_assert_eq!(&shown, &expected);
                    prop_assert!(keep_totals || shown.iter().all(|&i| !is_total(i)));
                }
                Err(_) => prop_assert!(expected.is_empty(), "refused {yaml} though {expected:?} fit"),
            }
        }
    }
}
