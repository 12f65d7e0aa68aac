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
