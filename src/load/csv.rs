//! Load stage, CSV datasets: `content/data/NAME.csv` (or `.tsv`) read with the `csv` crate,
//! described by an optional sidecar `NAME.yaml` (the metadata of a YAML dataset, without
//! `rows`). Each cell is text; numeric columns (declared, or inferred when every non-empty
//! cell reads as a number) are read by `number.rs`, and a cell that does not read is an error
//! at its line and column. Columns keep what the source printed: the most decimals in the
//! column, and a currency sign or `%` every cell carries, become the column's format.

use std::path::{Path, PathBuf};

use ::csv::{ReaderBuilder, StringRecord};

use super::dataset::{check_dataset_size, content_digest};
use super::sidecar::{Sidecar, check_declared, read_sidecar};
use super::table::{BadCells, Given, Plan, Survey, dataset_name, not_a_number, tabular_dataset};
use crate::diagnostics::{Diagnostic, Diagnostics, line_col};
use crate::model::{Cell, Column, Dataset, Rows, RowsBuilder, SourceFile};
use crate::source::read_source;

/// The files of one dataset: the one holding its rows, and a CSV's or spreadsheet's sidecar.
#[derive(Debug)]
pub(crate) struct DatasetFiles {
    pub(crate) data: PathBuf,
    pub(crate) sidecar: Option<PathBuf>,
}

impl DatasetFiles {
    /// Whether the rows are in a CSV or TSV file.
    pub(crate) fn is_csv(&self) -> bool {
        is_csv(&self.data)
    }
}

/// Whether `path` is a CSV or TSV file.
fn is_csv(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("csv" | "tsv")
    )
}

/// Whether `path` holds rows that a sidecar describes: a CSV, TSV or spreadsheet.
fn is_tabular(path: &Path) -> bool {
    is_csv(path) || super::sheet::is_sheet(path)
}

/// The datasets among `paths` (sorted): each CSV, TSV or spreadsheet with the `.yaml` (or
/// `.yml`) of the same name as its sidecar, and every other YAML file as a dataset of its own.
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

/// The datasets, each name once: a second file holding the rows of a dataset (`x.csv` and
/// `x.xlsx`) is reported and left out, so that the dataset is read from one of them.
pub(crate) fn one_form_each(
    root: &Path,
    files: Vec<DatasetFiles>,
    problems: &mut Diagnostics,
) -> Vec<DatasetFiles> {
    let mut kept: Vec<DatasetFiles> = Vec::with_capacity(files.len());
    for files in files {
        let first = kept.iter().find(|k| {
            is_tabular(&k.data)
                && is_tabular(&files.data)
                && k.data.file_stem() == files.data.file_stem()
        });
        let Some(first) = first else {
            kept.push(files);
            continue;
        };
        let show = |p: &Path| {
            crate::diagnostics::display_path(root, p)
                .display()
                .to_string()
        };
        problems.push(
            Diagnostic::error(
                crate::diagnostics::display_path(root, &files.data),
                format!(
                    "the dataset `{}` is in two files: `{}` and this one",
                    dataset_name(&files.data),
                    show(&first.data)
                ),
            )
            .with_hint("keep the rows in one file: remove the other (or rename it)"),
        );
    }
    kept
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
    let name = dataset_name(&file.path);
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
        check_declared(side, declared, &header, "CSV", &mut problems);
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
    let digest = content_digest(file.text.as_bytes(), sidecar_file.as_ref());
    Ok(tabular_dataset(
        sidecar,
        columns,
        rows,
        file,
        sidecar_file,
        digest,
    ))
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
            plan.survey(survey, Given::Text(cell));
        }
    }
    Ok(surveys)
}

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
    let mut bad = BadCells::new(columns.len());
    while reader
        .read_record(&mut record)
        .map_err(|e| read_error(file, &e))?
    {
        let line = record.position().map_or(0, |p| p.line() as usize);
        let start = record.position().map_or(0, |p| p.byte() as usize);
        let mut cells = Vec::with_capacity(columns.len());
        for (i, (cell, column)) in record.iter().zip(columns).enumerate() {
            cells.push(match plans[i].cell(column, Given::Text(cell)) {
                Ok(cell) => cell,
                Err(why) => {
                    if bad.count(i) {
                        let (line, col) = cell_place(&file.text, start, &record, i);
                        problems.push(
                            not_a_number(&file.display, column, cell, &why)
                                .at(&file.text, line, col),
                        );
                    }
                    Cell::Missing
                }
            });
        }
        rows.push(line, cells);
    }
    bad.report_rest(&file.display, columns, problems);
    Ok(rows.finish())
}

/// The number of line breaks in `text`.
fn line_breaks(text: &str) -> usize {
    text.bytes().filter(|&b| b == b'\n').count()
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
