//! Load stage, datasets: read one `content/data/*.yaml` file and check it (its size, its
//! columns, every cell against its column's type) into a [`Dataset`].

use std::path::Path;

use serde_saphyr::Spanned;

use super::raw::{Located, Plain, RawCell, RawColumn, RawDataset, RawRow, humanize};
use super::totals::check_totals;
use crate::diagnostics::{Diagnostic, Diagnostics, did_you_mean, display_path};
use crate::format::{NamedFormat, NumberFormat};
use crate::model::{Cell, Column, ColumnKind, DataSource, Dataset, Row, SourceFile};
use crate::source::read_source;
use crate::yaml;

/// The largest dataset file read (a clear error beyond it; see RELIABILITY.md).
pub const MAX_DATASET_BYTES: u64 = 64 * 1024 * 1024;

/// Reads the dataset file at `path` (refusing one too large to read) and checks it.
pub(crate) fn read_dataset(root: &Path, path: &Path) -> Result<Dataset, Diagnostics> {
    check_dataset_size(root, path)
        .and_then(|()| read_source(root, path))
        .map_err(Diagnostics::from)
        .and_then(load_dataset)
}

/// A digest of a dataset's files: the bytes holding its rows, and its sidecar.
pub(super) fn content_digest(data: &[u8], sidecar: Option<&SourceFile>) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = rustc_hash::FxHasher::default();
    data.hash(&mut hasher);
    sidecar.map(|s| &s.text).hash(&mut hasher);
    hasher.finish()
}

/// A dataset file too large to read is refused before it is read.
pub(super) fn check_dataset_size(root: &Path, path: &Path) -> Result<(), Diagnostic> {
    check_size(
        root,
        path,
        (MAX_DATASET_BYTES, "dataset file"),
        "a brief shows a summary: aggregate the data (by year, by category) before adding it",
    )
}

/// A file larger than `limit` bytes (a `what`) is refused before it is opened, with `hint`.
pub(super) fn check_size(
    root: &Path,
    path: &Path,
    (limit, what): (u64, &str),
    hint: &str,
) -> Result<(), Diagnostic> {
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    if size <= limit {
        return Ok(());
    }
    Err(Diagnostic::error(
        display_path(root, path),
        format!(
            "the {what} is larger than the {} MB brief reads ({size} bytes)",
            limit / (1024 * 1024)
        ),
    )
    .with_hint(hint))
}

/// Whether a numeric column holds years, to print them `2025` rather than `2,025`: it is
/// named `year`, or (its type not declared) every value is a whole number from 1000 to 3000.
fn is_year_column(declared: bool, key: &str, mut values: impl Iterator<Item = f64>) -> bool {
    if key.eq_ignore_ascii_case("year") {
        return true;
    }
    if declared {
        return false;
    }
    let mut any = false;
    values.all(|v| {
        any = true;
        v.fract() == 0.0 && (1000.0..=3000.0).contains(&v)
    }) && any
}

/// Loads one dataset and checks every cell against its column's type.
pub(crate) fn load_dataset(file: SourceFile) -> Result<Dataset, Diagnostics> {
    let name = file
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if file.text.trim().is_empty() {
        return Err(
            Diagnostic::error(&file.display, "the dataset file is empty")
                .with_hint("a dataset needs `rows:` (a list of mappings), see the README")
                .into(),
        );
    }
    let parse_error = Diagnostics::from;
    let raw: RawDataset<Plain<String>, Plain<RawCell>> =
        yaml::parse(&file.display, &file.text, &file.text, 0).map_err(parse_error)?;
    let checked = match check_dataset(&file, &name, raw) {
        Ok(checked) => checked,
        // Parse again, keeping every cell's place, to say where the problems are.
        Err(_) => {
            let raw: RawDataset<Spanned<String>, Spanned<RawCell>> =
                yaml::parse(&file.display, &file.text, &file.text, 0).map_err(parse_error)?;
            check_dataset(&file, &name, raw)?
        }
    };
    let (raw, columns, rows) = checked;
    let rows: crate::model::Rows = rows.into_iter().collect();
    let mut problems = Diagnostics::default();
    let totals = check_totals(
        &file,
        &raw.totals,
        &raw.subtotals,
        &columns,
        &rows,
        &mut problems,
    );
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Dataset {
        title: raw.title.unwrap_or_else(|| humanize(&name)),
        name,
        sidecar: None,
        description: raw.description,
        unit: raw.unit,
        source: raw.source,
        notes: raw.notes,
        columns,
        rows,
        totals,
        digest: content_digest(file.text.as_bytes(), None),
        file,
    })
}

/// The fields of a dataset that pass on as they are, its columns and its typed rows.
type CheckedDataset = (DatasetInfo, Vec<Column>, Vec<Row>);

/// A dataset's descriptive fields.
struct DatasetInfo {
    title: Option<String>,
    description: Option<String>,
    unit: Option<String>,
    source: Option<DataSource>,
    notes: Option<String>,
    totals: Vec<Spanned<String>>,
    subtotals: Vec<Spanned<String>>,
}

/// `diagnostic` at `place` in `file`, when the place is known.
fn placed(diagnostic: Diagnostic, file: &SourceFile, place: Option<(usize, usize)>) -> Diagnostic {
    match place {
        Some((line, column)) => diagnostic.at(&file.text, line, column),
        None => diagnostic,
    }
}

/// Checks a parsed dataset: its source URL, its columns (declared, or found in the rows, with
/// their types inferred) and every cell against its column's type.
fn check_dataset<K, C>(
    file: &SourceFile,
    name: &str,
    raw: RawDataset<K, C>,
) -> Result<CheckedDataset, Diagnostics>
where
    K: Located<Value = String>,
    C: Located<Value = RawCell>,
{
    let mut problems = Diagnostics::default();
    if let Some(url) = raw.source.as_ref().and_then(|s| s.url.as_deref())
        && !crate::text::is_safe_url(url)
    {
        problems.push(unsafe_source_url(file, url));
    }
    if raw.rows.value.is_empty() {
        let (line, column) = (
            raw.rows.referenced.line() as usize,
            raw.rows.referenced.column() as usize,
        );
        problems.push(
            Diagnostic::error(&file.display, format!("the dataset `{name}` has no rows"))
                .at(&file.text, line, column)
                .with_hint("add rows: `- {column: value, ...}`"),
        );
    }
    let mut columns = check_columns(file, &raw, &mut problems);
    let rows = typed_rows(file, &raw.rows.value, &columns, &mut problems);
    let declared: Vec<bool> = columns
        .iter()
        .map(|c| {
            raw.columns.as_ref().is_some_and(|decl| {
                decl.iter()
                    .any(|(k, col)| k.value == c.key && col.kind.is_some())
            })
        })
        .collect();
    mark_years(&mut columns, &declared, &rows);

    if !problems.is_empty() {
        return Err(problems);
    }
    let info = DatasetInfo {
        title: raw.title,
        description: raw.description,
        unit: raw.unit,
        source: raw.source,
        notes: raw.notes,
        totals: raw.totals,
        subtotals: raw.subtotals,
    };
    Ok((info, columns, rows))
}

/// The error for a source URL that is not a web address, at the line that writes it.
pub(super) fn unsafe_source_url(file: &SourceFile, url: &str) -> Diagnostic {
    let line = file
        .text
        .lines()
        .position(|l| l.contains("url:") && l.contains(url))
        .map_or(1, |i| i + 1);
    let column = file
        .text
        .lines()
        .nth(line - 1)
        .and_then(|l| l.find(url).map(|i| l[..i].chars().count()))
        .map_or(1, |n| n + 1);
    Diagnostic::error(&file.display, "the source URL is not a web address")
        .at(&file.text, line, column)
        .with_hint(
            "use an http:// or https:// URL (other schemes, such as javascript:, are not linked)",
        )
}

/// The dataset's columns: declared ones first (in order), then any a row uses that were not
/// declared (when columns are declared, such a key is a problem instead). A column whose type
/// is not declared gets one inferred from its values.
fn check_columns<K, C>(
    file: &SourceFile,
    raw: &RawDataset<K, C>,
    problems: &mut Diagnostics,
) -> Vec<Column>
where
    K: Located<Value = String>,
    C: Located<Value = RawCell>,
{
    let mut columns: Vec<Column> = Vec::new();
    // Per column: whether its type is to be inferred.
    let mut inferred: Vec<bool> = Vec::new();
    let declared = raw.columns.is_some();
    if let Some(decl) = &raw.columns {
        for (key, col) in decl {
            columns.push(col.column(&key.value));
            inferred.push(col.kind.is_none());
        }
    }

    for row in &raw.rows.value {
        for (key, _) in &row.value {
            let key_place = key.place();
            let key = key.value();
            if columns.iter().any(|c| c.key == *key) {
                continue;
            }
            if declared {
                let keys: Vec<&str> = columns.iter().map(|c| c.key.as_str()).collect();
                let hint = match did_you_mean(key, keys.iter().copied()) {
                    Some(best) => {
                        format!("did you mean `{best}`? (or declare it under `columns:`)")
                    }
                    None => format!(
                        "declare it under `columns:` (declared: {})",
                        keys.join(", ")
                    ),
                };
                problems.push(placed(
                    Diagnostic::error(&file.display, format!("unknown column `{key}` in a row"))
                        .with_hint(hint),
                    file,
                    key_place,
                ));
            } else {
                columns.push(RawColumn::default().column(key));
                inferred.push(true);
            }
        }
    }

    for (i, column) in columns.iter_mut().enumerate() {
        if inferred[i] {
            column.kind = inferred_kind(&raw.rows.value, &column.key);
        }
    }
    columns
}

/// Numeric columns without a declared format that hold years are printed as years: named
/// `year`, or, when their type is not declared (`type: number` says they are quantities),
/// holding whole numbers from 1000 to 3000.
fn mark_years(columns: &mut [Column], declared: &[bool], rows: &[Row]) {
    for (i, column) in columns.iter_mut().enumerate() {
        if column.kind == ColumnKind::Number
            && column.format.is_none()
            && is_year_column(
                declared[i],
                &column.key,
                rows.iter().filter_map(|r| r.cells[i].as_number()),
            )
        {
            column.format = Some(NumberFormat::Named(NamedFormat::Year));
        }
    }
}

/// The type of an undeclared column: numbers if every value is one, lists likewise, else text.
fn inferred_kind<K, C>(rows: &[RawRow<K, C>], key: &str) -> ColumnKind
where
    K: Located<Value = String>,
    C: Located<Value = RawCell>,
{
    let values: Vec<&RawCell> = rows
        .iter()
        .filter_map(|r| {
            r.value
                .iter()
                .find(|(k, _)| *k.value() == key)
                .map(|(_, v)| v.value())
        })
        .filter(|v| **v != RawCell::Null)
        .collect();
    if !values.is_empty() && values.iter().all(|v| matches!(v, RawCell::Number(_))) {
        ColumnKind::Number
    } else if !values.is_empty() && values.iter().all(|v| matches!(v, RawCell::List(_))) {
        ColumnKind::List
    } else {
        ColumnKind::Text
    }
}

/// Every row's cells, in column order, each checked against its column's type.
fn typed_rows<K, C>(
    file: &SourceFile,
    raw_rows: &[RawRow<K, C>],
    columns: &[Column],
    problems: &mut Diagnostics,
) -> Vec<Row>
where
    K: Located<Value = String>,
    C: Located<Value = RawCell>,
{
    let mut rows = Vec::with_capacity(raw_rows.len());
    for row in raw_rows {
        let mut cells = vec![Cell::Missing; columns.len()];
        for (key, value) in &row.value {
            let Some(index) = columns.iter().position(|c| c.key == *key.value()) else {
                continue;
            };
            let column = &columns[index];
            match to_cell(value.value(), column.kind) {
                Ok(cell) => cells[index] = cell,
                Err(message) => problems.push(placed(
                    Diagnostic::error(&file.display, message).with_hint(type_hint(column)),
                    file,
                    value.place(),
                )),
            }
        }
        rows.push(Row {
            line: row.referenced.line() as usize,
            cells,
        });
    }
    rows
}

fn type_hint(column: &Column) -> String {
    match column.kind {
        ColumnKind::Number => format!(
            "column `{}` holds numbers: write a number such as 43.4, or null for a missing value",
            column.key
        ),
        ColumnKind::Text => format!("column `{}` holds text: quote the value", column.key),
        ColumnKind::List => format!(
            "column `{}` holds lists: write `[item, item]` or a `- item` list",
            column.key
        ),
    }
}

fn to_cell(raw: &RawCell, kind: ColumnKind) -> Result<Cell, String> {
    match (raw, kind) {
        (RawCell::Null, _) => Ok(Cell::Missing),
        (RawCell::Number(n), ColumnKind::Number) if n.is_finite() => Ok(Cell::Number(*n)),
        (RawCell::Number(n), ColumnKind::Number) => Err(format!("`{n}` is not a finite number")),
        (RawCell::Number(n), ColumnKind::Text) => Ok(Cell::Text(crate::format::plain_number(*n))),
        (RawCell::Text(s), ColumnKind::Text) => Ok(Cell::Text(s.clone())),
        (RawCell::Bool(b), ColumnKind::Text) => Ok(Cell::Text(b.to_string())),
        (RawCell::Text(s), ColumnKind::List) => Ok(Cell::List(vec![s.clone()])),
        (RawCell::List(items), ColumnKind::List) => items
            .iter()
            .map(|item| match item {
                RawCell::Text(s) => Ok(s.clone()),
                RawCell::Number(n) => Ok(crate::format::plain_number(*n)),
                other => Err(format!(
                    "a list item is {}, expected text",
                    other.describe()
                )),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Cell::List),
        (other, kind) => Err(format!(
            "expected {} here, found {}",
            match kind {
                ColumnKind::Number => "a number",
                ColumnKind::Text => "text",
                ColumnKind::List => "a list",
            },
            other.describe()
        )),
    }
}

#[cfg(test)]
#[path = "dataset_tests.rs"]
mod tests;
