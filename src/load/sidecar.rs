//! A CSV dataset's sidecar, `NAME.yaml` beside `NAME.csv`: the metadata of a YAML dataset
//! (title, source, notes, unit, columns) and the decimal mark of its numbers, but no rows.

use indexmap::IndexMap;
use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_saphyr::Spanned;

use super::dataset::unsafe_source_url;
use super::number::{DecimalMark, unfit_missing_word};
use super::raw::RawColumn;
use super::sheet::is_sheet;
use crate::diagnostics::{Diagnostic, Diagnostics, did_you_mean};
use crate::model::{DataSource, SourceFile};
use crate::source::line_of_key;
use crate::yaml;

/// A CSV's sidecar: the metadata of a YAML dataset, and the decimal mark of its numbers.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Sidecar {
    pub(super) title: Option<String>,
    pub(super) description: Option<String>,
    pub(super) unit: Option<String>,
    pub(super) source: Option<DataSource>,
    pub(super) notes: Option<String>,
    #[serde(default)]
    pub(super) decimal: DecimalMark,
    /// Words its cells print for a missing value (`Not applicable`), besides the usual marks.
    #[serde(default)]
    pub(super) missing: Vec<Spanned<String>>,
    pub(super) columns: Option<IndexMap<Spanned<String>, RawColumn>>,
    #[serde(default)]
    pub(super) totals: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) subtotals: Vec<Spanned<String>>,
    /// A spreadsheet's sheet holding the table (the first when unset).
    pub(super) sheet: Option<Spanned<String>>,
    /// A spreadsheet's row holding the column names, counted from 1.
    pub(super) header_row: Option<Spanned<u32>>,
    /// A spreadsheet's cells holding the table, corner to corner: `A3:F40`.
    pub(super) range: Option<Spanned<String>>,
    /// Read only to refuse it: the CSV holds the rows.
    pub(super) rows: Option<Spanned<IgnoredAny>>,
}

/// Reads the sidecar, reporting its problems (the dataset then loads without its metadata,
/// so the CSV's own problems are reported too).
pub(super) fn read_sidecar(
    file: &SourceFile,
    csv: &SourceFile,
    problems: &mut Diagnostics,
) -> Sidecar {
    let blank = file
        .text
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'));
    if blank {
        return Sidecar::default();
    }
    let sidecar: Sidecar = match yaml::parse(&file.display, &file.text, &file.text, 0) {
        Ok(sidecar) => sidecar,
        Err(problem) => {
            problems.push(problem);
            return Sidecar::default();
        }
    };
    if let Some(rows) = &sidecar.rows {
        problems.push(
            Diagnostic::error(
                &file.display,
                format!(
                    "the dataset has rows here and in `{}`",
                    csv.display.display()
                ),
            )
            // At the `rows:` key (the value's place is its first row).
            .at(
                &file.text,
                line_of_key(&file.text, "rows").unwrap_or(rows.referenced.line() as usize),
                1,
            )
            .with_hint(
                "keep the rows in one place: remove `rows:` (this file then describes the CSV), \
                 or remove the CSV file",
            ),
        );
    }
    if !is_sheet(&csv.path) {
        for (key, set) in [
            ("sheet", sidecar.sheet.as_ref().map(|s| s.referenced)),
            (
                "header_row",
                sidecar.header_row.as_ref().map(|s| s.referenced),
            ),
            ("range", sidecar.range.as_ref().map(|s| s.referenced)),
        ] {
            if set.is_some() {
                problems.push(
                    Diagnostic::error(
                        &file.display,
                        format!("`{key}:` applies to a spreadsheet, and the rows are in a CSV"),
                    )
                    .at(&file.text, line_of_key(&file.text, key).unwrap_or(1), 1)
                    .with_hint(format!(
                        "remove `{key}:` (a CSV's table starts at its first line)"
                    )),
                );
            }
        }
    }
    if let Some(url) = sidecar.source.as_ref().and_then(|s| s.url.as_deref())
        && !crate::text::is_safe_url(url)
    {
        problems.push(unsafe_source_url(file, url));
    }
    check_missing_words(file, &sidecar, problems);
    sidecar
}

/// Every declared missing word, the dataset's and its columns', must be one a cell can print
/// in place of a number: not blank, not itself a number.
fn check_missing_words(file: &SourceFile, sidecar: &Sidecar, problems: &mut Diagnostics) {
    let columns = sidecar.columns.iter().flat_map(|c| c.values());
    let words = sidecar
        .missing
        .iter()
        .chain(columns.flat_map(|c| c.missing.iter().flatten()));
    for word in words {
        let Some(cause) = unfit_missing_word(&word.value) else {
            continue;
        };
        problems.push(
            Diagnostic::error(
                &file.display,
                format!("`{}` cannot mark a missing value: {cause}", word.value),
            )
            .at(
                &file.text,
                word.referenced.line() as usize,
                word.referenced.column() as usize,
            )
            .with_hint(
                "list the words the CSV prints where a value is missing, as printed: \
                 `missing: [\"Not applicable\"]`; an empty cell is missing already, and a \
                 number is a value",
            ),
        );
    }
}

/// A column the sidecar describes that the CSV does not have, at its key in the sidecar.
/// A column the sidecar describes that the table (`what`: the CSV, the sheet) does not have, at its key in the sidecar.
pub(super) fn check_declared(
    side: &SourceFile,
    declared: &IndexMap<Spanned<String>, RawColumn>,
    header: &[String],
    what: &str,
    problems: &mut Diagnostics,
) {
    for key in declared.keys() {
        if header.contains(&key.value) {
            continue;
        }
        let hint = match did_you_mean(&key.value, header.iter().map(String::as_str)) {
            Some(best) => format!("did you mean `{best}`? (the {what}'s header names its columns)"),
            None => format!("the {what}'s columns are: {}", header.join(", ")),
        };
        problems.push(
            Diagnostic::error(
                &side.display,
                format!(
                    "the sidecar describes a column `{}` the {what} does not have",
                    key.value
                ),
            )
            .at(
                &side.text,
                key.referenced.line() as usize,
                key.referenced.column() as usize,
            )
            .with_hint(hint),
        );
    }
}
