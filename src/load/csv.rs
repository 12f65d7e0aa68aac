//! Load stage, CSV datasets: `content/data/NAME.csv` (or `.tsv`) read with the `csv` crate,
//! described by an optional sidecar `NAME.yaml` (the metadata of a YAML dataset, without
//! `rows`). Each cell is text; numeric columns (declared, or inferred when every non-empty
//! cell reads as a number) are read by `number.rs`, and a cell that does not read is an error
//! at its line and column. Columns keep what the source printed: the most decimals in the
//! column, and a currency sign or `%` every cell carries, become the column's format.

use std::path::{Path, PathBuf};

use ::csv::{ReaderBuilder, StringRecord};

use super::dataset::check_dataset_size;
use super::number::{DecimalMark, NotANumber, Printed, read_number};
use super::raw::{RawColumn, RawKind, humanize};
use super::sidecar::{Sidecar, check_declared, read_sidecar};
use crate::diagnostics::{Diagnostic, Diagnostics, line_col};
use crate::format::{CustomFormat, NamedFormat, NumberFormat};
use crate::model::{Cell, Column, ColumnKind, Dataset, Rows, RowsBuilder, SourceFile};
use crate::source::read_source;

/// The files of one dataset: the one holding its rows, and a CSV's sidecar.
#[derive(Debug)]
pub(crate) struct DatasetFiles {
    pub(crate) data: PathBuf,
    pub(crate) sidecar: Option<PathBuf>,
}

impl DatasetFiles {
    /// Whether the rows are in a CSV or TSV file.
    pub(crate) fn is_tabular(&self) -> bool {
        is_tabular(&self.data)
    }
}

/// Whether `path` is a CSV or TSV file.
fn is_tabular(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("csv" | "tsv")
    )
}

/// The datasets among `paths` (sorted): each CSV or TSV file with the `.yaml` (or `.yml`) of
/// the same name as its sidecar, and every other YAML file as a dataset of its own.
pub(crate) fn dataset_files(paths: Vec<PathBuf>) -> Vec<DatasetFiles> {
    let sidecar_of = |csv: &Path| {
        ["yaml", "yml"]
            .iter()
            .map(|ext| csv.with_extension(ext))
            .find(|p| paths.contains(p))
    };
    let sidecars: Vec<PathBuf> = paths
        .iter()
        .filter(|p| is_tabular(p))
        .filter_map(|p| sidecar_of(p))
        .collect();
    paths
        .iter()
        .filter(|p| !sidecars.contains(p))
        .map(|p| DatasetFiles {
            data: p.clone(),
            sidecar: if is_tabular(p) { sidecar_of(p) } else { None },
        })
        .collect()
}

/// Reads a CSV dataset and its sidecar (refusing a file too large to read) and checks them.
pub(crate) fn read_csv_dataset(root: &Path, files: &DatasetFiles) -> Result<Dataset, Diagnostics> {
    check_dataset_size(root, &files.data)?;
    let file = read_source(root, &files.data)?;
    let sidecar = match &files.sidecar {
        Some(path) => Some(read_source(root, path)?),
        None => None,
    };
    load_csv_dataset(file, sidecar)
}

/// Loads a CSV (or TSV, by its extension) dataset with its sidecar, if any.
pub(crate) fn load_csv_dataset(
    file: SourceFile,
    sidecar_file: Option<SourceFile>,
) -> Result<Dataset, Diagnostics> {
    let name = file
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut problems = Diagnostics::default();
    let sidecar = match &sidecar_file {
        Some(side) => read_sidecar(side, &file, &mut problems),
        None => Sidecar::default(),
    };
    if file.text.trim().is_empty() {
        problems.push(
            Diagnostic::error(&file.display, "the dataset file is empty")
                .with_hint("a CSV dataset needs a header row (the column names) and rows"),
        );
        return Err(problems);
    }
    let tsv = file.path.extension().is_some_and(|e| e == "tsv");
    let header = match header(&file, tsv) {
        Ok(header) => header,
        Err(problem) => {
            problems.push(problem);
            return Err(problems);
        }
    };
    check_header(&file, &header, &mut problems);
    if let (Some(side), Some(declared)) = (&sidecar_file, &sidecar.columns) {
        check_declared(side, declared, &header, &mut problems);
    }
    let plans: Vec<Plan> = header.iter().map(|key| Plan::new(key, &sidecar)).collect();
    let surveys = match survey(&file, tsv, &plans) {
        Ok(surveys) => surveys,
        Err(problem) => {
            problems.push(problem);
            return Err(problems);
        }
    };
    let columns: Vec<Column> = plans
        .iter()
        .zip(&surveys)
        .map(|(plan, survey)| plan.column(survey))
        .collect();
    let rows = match typed_rows(&file, tsv, &plans, &columns, &mut problems) {
        Ok(rows) => rows,
        Err(problem) => {
            problems.push(problem);
            return Err(problems);
        }
    };
    if rows.is_empty() {
        problems.push(
            Diagnostic::error(&file.display, format!("the dataset `{name}` has no rows"))
                .at(&file.text, 1, 1)
                .with_hint(
                    "add rows under the header: one line per row, values separated by commas",
                ),
        );
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Dataset {
        title: sidecar.title.unwrap_or_else(|| humanize(&name)),
        name,
        description: sidecar.description,
        unit: sidecar.unit,
        source: sidecar.source,
        notes: sidecar.notes,
        columns,
        rows,
        file,
        sidecar: sidecar_file,
    })
}

/// A reader over the file's text: RFC 4180 CSV, or tab-separated values (which quote nothing).
fn reader(text: &str, tsv: bool) -> ::csv::Reader<&[u8]> {
    ReaderBuilder::new()
        .delimiter(if tsv { b'\t' } else { b',' })
        .quoting(!tsv)
        .has_headers(true)
        .from_reader(text.as_bytes())
}

/// The column names of the first row.
fn header(file: &SourceFile, tsv: bool) -> Result<Vec<String>, Diagnostic> {
    let mut reader = reader(&file.text, tsv);
    let header = reader.headers().map_err(|e| read_error(file, &e))?;
    Ok(header.iter().map(|h| h.trim().to_string()).collect())
}

/// A column name missing or written twice, at its place in the header.
fn check_header(file: &SourceFile, header: &[String], problems: &mut Diagnostics) {
    let mut record = StringRecord::from(header.to_vec());
    record.set_position(Some(::csv::Position::new()));
    for (i, key) in header.iter().enumerate() {
        let problem = if key.is_empty() {
            Diagnostic::error(
                &file.display,
                format!("column {} of the header has no name", i + 1),
            )
            .with_hint(
                "name every column in the first row; a table shows the name (or its sidecar label)",
            )
        } else if header[..i].contains(key) {
            Diagnostic::error(&file.display, format!("the header names `{key}` twice"))
                .with_hint("give each column its own name")
        } else {
            continue;
        };
        let (line, column) = cell_place(&file.text, 0, &record, i);
        problems.push(problem.at(&file.text, line, column));
    }
}

/// What the sidecar says of one column of the header (nothing, when it does not describe it).
struct Plan {
    column: Column,
    declared_kind: Option<RawKind>,
    declared_format: bool,
    mark: DecimalMark,
}

impl Plan {
    fn new(key: &str, sidecar: &Sidecar) -> Plan {
        let raw = sidecar
            .columns
            .as_ref()
            .and_then(|cols| cols.iter().find(|(k, _)| k.value == key))
            .map(|(_, c)| c);
        let default = RawColumn::default();
        let raw = raw.unwrap_or(&default);
        Plan {
            column: raw.column(key),
            declared_kind: raw.kind,
            declared_format: raw.format.is_some(),
            mark: raw.decimal.unwrap_or(sidecar.decimal),
        }
    }

    /// Whether the column's cells are read as numbers: declared so, or every one reads.
    fn numeric(&self, survey: &Survey) -> bool {
        match self.declared_kind {
            Some(kind) => kind.kind() == ColumnKind::Number,
            None => survey.present > 0 && survey.numbers == survey.present,
        }
    }

    /// The column, its type and format settled by what its cells hold.
    fn column(&self, survey: &Survey) -> Column {
        let mut column = self.column.clone();
        if self.declared_kind.is_none() {
            column.kind = if self.numeric(survey) {
                ColumnKind::Number
            } else {
                ColumnKind::Text
            };
        }
        if column.kind != ColumnKind::Number || self.declared_format {
            return column;
        }
        let year = self.declared_kind == Some(RawKind::Year)
            || column.key.eq_ignore_ascii_case("year")
            || (self.declared_kind.is_none()
                && survey.present > 0
                && survey.years == survey.present);
        column.format = Some(if year {
            NumberFormat::Named(NamedFormat::Year)
        } else {
            // What every cell printed: the most decimals, and a sign all of them carry.
            NumberFormat::Custom(CustomFormat {
                prefix: survey
                    .currency
                    .flatten()
                    .map(String::from)
                    .unwrap_or_default(),
                suffix: if survey.percent == survey.numbers && survey.numbers > 0 {
                    "%".to_string()
                } else {
                    String::new()
                },
                decimals: Some(survey.decimals),
                thousands: None,
            })
        });
        column
    }
}

/// What a first read of a column's cells found.
#[derive(Debug, Default)]
struct Survey {
    /// Cells that are not missing.
    present: usize,
    /// Of those, the ones that read as numbers.
    numbers: usize,
    /// The most decimals printed.
    decimals: usize,
    /// The currency sign every number carried: unset before the first, `None` when they differ.
    currency: Option<Option<char>>,
    /// Numbers printed with `%`.
    percent: usize,
    /// Numbers printed as a year is (`2025`: four digits, no sign, from 1000 to 3000).
    years: usize,
}

impl Survey {
    fn add(&mut self, printed: &Printed) {
        self.numbers += 1;
        self.decimals = self.decimals.max(printed.decimals);
        self.currency = match self.currency {
            None => Some(printed.currency),
            Some(sign) if sign == printed.currency => Some(sign),
            Some(_) => Some(None),
        };
        self.percent += usize::from(printed.percent);
        let year = printed.plain_integer
            && printed.currency.is_none()
            && !printed.percent
            && (1000.0..=3000.0).contains(&printed.value);
        self.years += usize::from(year);
    }
}

/// A first pass over the rows: which columns read as numbers, and how they were printed.
fn survey(file: &SourceFile, tsv: bool, plans: &[Plan]) -> Result<Vec<Survey>, Diagnostic> {
    let mut surveys: Vec<Survey> = plans.iter().map(|_| Survey::default()).collect();
    let mut reader = reader(&file.text, tsv);
    let mut record = StringRecord::new();
    while reader
        .read_record(&mut record)
        .map_err(|e| read_error(file, &e))?
    {
        for ((cell, plan), survey) in record.iter().zip(plans).zip(&mut surveys) {
            if plan.column.kind != ColumnKind::Number && plan.declared_kind.is_some() {
                continue;
            }
            match read_number(cell, plan.mark) {
                Ok(None) => {}
                Ok(Some(printed)) => {
                    survey.present += 1;
                    survey.add(&printed);
                }
                Err(_) => survey.present += 1,
            }
        }
    }
    Ok(surveys)
}

/// At most this many cells of one column are reported; the rest are counted.
const MAX_REPORTED_PER_COLUMN: usize = 10;

/// The second pass: every row's cells, typed by their column.
fn typed_rows(
    file: &SourceFile,
    tsv: bool,
    plans: &[Plan],
    columns: &[Column],
    problems: &mut Diagnostics,
) -> Result<Rows, Diagnostic> {
    let mut reader = reader(&file.text, tsv);
    let mut record = StringRecord::new();
    // One row a line, but for the header (a quoted cell may hold a line break: then fewer).
    let mut rows = RowsBuilder::with_capacity(line_breaks(&file.text));
    let mut bad = vec![0usize; columns.len()];
    while reader
        .read_record(&mut record)
        .map_err(|e| read_error(file, &e))?
    {
        let line = record.position().map_or(0, |p| p.line() as usize);
        let start = record.position().map_or(0, |p| p.byte() as usize);
        let mut cells = Vec::with_capacity(columns.len());
        for (i, (cell, column)) in record.iter().zip(columns).enumerate() {
            cells.push(match column.kind {
                ColumnKind::Number => match read_number(cell, plans[i].mark) {
                    Ok(value) => value.map_or(Cell::Missing, |p| Cell::Number(p.value)),
                    Err(why) => {
                        bad[i] += 1;
                        if bad[i] <= MAX_REPORTED_PER_COLUMN {
                            let (line, col) = cell_place(&file.text, start, &record, i);
                            // The caret under the whole cell as written (its quotes aside).
                            let len = cell.trim().chars().count();
                            problems.push(
                                not_a_number(file, column, cell, &why)
                                    .at(&file.text, line, col)
                                    .with_span_len(len),
                            );
                        }
                        Cell::Missing
                    }
                },
                _ if cell.trim().is_empty() => Cell::Missing,
                ColumnKind::Text => Cell::Text(cell.to_string()),
                ColumnKind::List => Cell::List(
                    cell.split(';')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(String::from)
                        .collect(),
                ),
            });
        }
        rows.push(line, cells);
    }
    for (count, column) in bad.iter().zip(columns) {
        if *count > MAX_REPORTED_PER_COLUMN {
            problems.push(
                Diagnostic::error(
                    &file.display,
                    format!(
                        "{} more cells of column `{}` do not read as numbers",
                        count - MAX_REPORTED_PER_COLUMN,
                        column.key
                    ),
                )
                .with_hint("fix the cells above first: the others are likely the same mistake"),
            );
        }
    }
    Ok(rows.finish())
}

/// The number of line breaks in `text`.
fn line_breaks(text: &str) -> usize {
    text.bytes().filter(|&b| b == b'\n').count()
}

/// A cell of a numeric column that does not read as a number: the cause first, then how to
/// write it.
fn not_a_number(file: &SourceFile, column: &Column, cell: &str, why: &NotANumber) -> Diagnostic {
    let hint = if why.other_mark {
        format!(
            "if `,` is the decimal mark here, declare `decimal: \",\"` for the column `{}` or the dataset in its sidecar",
            column.key
        )
    } else {
        format!(
            "column `{}` holds numbers: write one as `1,234.5`, `$12`, `−3.40` or `45%`, \
             leave the cell empty (or `n/a`, `–`, `..`) when it is missing, \
             or declare `type: text` (or `id`) for the column in its sidecar",
            column.key
        )
    };
    Diagnostic::error(
        &file.display,
        format!("`{}` is not a number: {}", cell.trim(), why.cause),
    )
    .with_hint(hint)
}

/// A problem the `csv` reader found (a row with too many or too few cells), at its line.
fn read_error(file: &SourceFile, err: &::csv::Error) -> Diagnostic {
    let line = err.position().map_or(1, |p| p.line() as usize);
    match err.kind() {
        ::csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => Diagnostic::error(
            &file.display,
            format!(
                "this row has {len} {}; the header has {expected_len}",
                if *len == 1 { "cell" } else { "cells" }
            ),
        )
        .at(&file.text, line, 1)
        .with_hint(
            "quote a value that holds a comma (`\"1,234\"`), and leave a missing value empty \
             rather than out (`a,,c`)",
        ),
        _ => Diagnostic::error(&file.display, format!("the CSV cannot be read: {err}"))
            .at(&file.text, line, 1)
            .with_hint("save the file as CSV (RFC 4180): a header row, then one line per row"),
    }
}

/// The line and column of cell `index` of a record starting at byte `start` of `text`. The
/// reader gives the record's place, not its cells'; the cell is found on the record's text
/// from the earliest byte it can start at (the cells before it, unquoted, and their commas).
fn cell_place(text: &str, start: usize, record: &StringRecord, index: usize) -> (usize, usize) {
    let earliest = start + record.iter().take(index).map(str::len).sum::<usize>() + index;
    let mut from = earliest.min(text.len());
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let value = record.get(index).unwrap_or("").trim();
    let rest = &text[from..];
    // A quoted cell sits a few bytes later; an escaped quote inside it (`""`) defeats the
    // search, and then the earliest place is as close as it gets.
    let offset = match rest.find(value) {
        Some(found) if !value.is_empty() && !rest[..found].contains('\n') => from + found,
        _ => from,
    };
    line_col(text, offset)
}
