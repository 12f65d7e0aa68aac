//! Load stage, CSV datasets: `content/data/NAME.csv` (or `.tsv`) read with the `csv` crate,
//! described by an optional sidecar `NAME.yaml` (the metadata of a YAML dataset, without
//! `rows`). Each cell is text; numeric columns (declared, or inferred when every non-empty
//! cell reads as a number) are read by `number.rs`, and a cell that does not read is an error
//! at its line and column. Columns keep what the source printed: the most decimals in the
//! column, and a currency sign or `%` every cell carries (a bare zero aside), become the
//! column's format.

use std::fs::File;
use std::hash::Hasher;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use ::csv::{ReaderBuilder, StringRecord};

use super::dataset::{check_dataset_size, content_digest};
use super::sidecar::{Sidecar, check_declared, read_sidecar};
use super::table::{
    BadCells, Given, NumberRead, Plan, Survey, dataset_name, not_a_number, tabular_dataset,
};
use super::totals::sidecar_totals;
use crate::diagnostics::{Diagnostic, Diagnostics, line_col};
use crate::model::{Cell, Column, ColumnKind, Dataset, Rows, RowsBuilder, SourceFile};
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
        // The new file is tested first: a brief of YAML datasets then never scans `kept`
        // (it was 19,900 `is_tabular` calls for 200 datasets).
        let first = is_tabular(&files.data)
            .then(|| {
                kept.iter()
                    .find(|k| is_tabular(&k.data) && k.data.file_stem() == files.data.file_stem())
            })
            .flatten();
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
/// The file is read a row at a time, once (twice when a column turns out text after its
/// first cells were kept as numbers), and its text is not kept: a 50 MB file would double the peak memory (`benches/big_dataset.sh`). When
/// that finds a problem, the text is read whole and the dataset loaded from it again, to
/// place each problem at its line and column.
pub(crate) fn read_csv_dataset(root: &Path, files: &DatasetFiles) -> Result<Dataset, Diagnostics> {
    check_dataset_size(root, &files.data)?;
    let sidecar = match &files.sidecar {
        Some(path) => Some(read_source(root, path)?),
        None => None,
    };
    if let Some(file) = header_line(root, &files.data)
        && let Ok(dataset) = load_csv_dataset(file, sidecar.clone(), Bytes::File)
    {
        return Ok(dataset);
    }
    load_csv_dataset(read_source(root, &files.data)?, sidecar, Bytes::Text)
}

/// The file with only its first line as its text (all a loaded dataset quotes of it), or
/// `None` when it cannot be read (reading it whole then says why).
fn header_line(root: &Path, path: &Path) -> Option<SourceFile> {
    let mut reader = BufReader::new(File::open(path).ok()?);
    let mut line = Vec::new();
    reader.read_until(b'\n', &mut line).ok()?;
    let text = String::from_utf8(line).ok()?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    Some(SourceFile {
        path: path.to_path_buf(),
        display: crate::diagnostics::display_path(root, path),
        text: text.trim_end_matches(['\r', '\n']).to_string(),
    })
}

/// Where the rows are read from: the file itself, a row at a time, or its text in memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bytes {
    File,
    Text,
}

/// The bytes a CSV reader reads, hashed as they are read (the dataset's digest).
struct Hashing<R> {
    inner: R,
    hasher: rustc_hash::FxHasher,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.write(&buf[..n]);
        Ok(n)
    }
}

/// A file's bytes with each `\r\n` read as `\n`, as its text is when read whole (the `csv`
/// reader counts lines wrongly after a `\r\n`, and a quoted line break reads alike either way).
struct UnixLines<R> {
    inner: R,
    /// A `\r` at the end of the last buffer, dropped if a `\n` follows.
    held_cr: bool,
}

impl<R: BufRead> Read for UnixLines<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let mut n = 0;
        while n < out.len() {
            let buf = self.inner.fill_buf()?;
            if self.held_cr {
                self.held_cr = false;
                if buf.first() != Some(&b'\n') {
                    out[n] = b'\r';
                    n += 1;
                }
                continue;
            }
            if buf.is_empty() {
                break;
            }
            let take = buf.len().min(out.len() - n);
            // Most buffers hold no `\r`: `contains` looks for one faster than `position`.
            let cr = match buf[..take].contains(&b'\r') {
                true => buf[..take].iter().position(|&b| b == b'\r'),
                false => None,
            };
            match cr {
                Some(i) => {
                    out[n..n + i].copy_from_slice(&buf[..i]);
                    n += i;
                    self.inner.consume(i + 1);
                    self.held_cr = true;
                }
                None => {
                    out[n..n + take].copy_from_slice(&buf[..take]);
                    n += take;
                    self.inner.consume(take);
                }
            }
        }
        Ok(n)
    }
}

/// Loads a CSV (or TSV, by its extension) dataset with its sidecar, if any, from its file or
/// from its text (`file.text`, which is all of it then).
fn load_csv_dataset(
    file: SourceFile,
    sidecar_file: Option<SourceFile>,
    bytes: Bytes,
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
    let source = Source {
        file: &file,
        tsv,
        bytes,
    };
    let header = match header(&source) {
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
    let pass = match one_pass(&source, &plans) {
        Ok(pass) => pass,
        Err(problem) => {
            problems.push(problem);
            return Err(problems);
        }
    };
    let columns: Vec<Column> = plans
        .iter()
        .zip(&pass.surveys)
        .map(|(plan, survey)| plan.column(survey))
        .collect();
    let digest = pass.digest;
    let rows = match pass.rows(&columns) {
        Some((rows, bad)) => {
            for problem in bad.problems {
                problems.push(problem);
            }
            bad.cells
                .report_rest(&file.display, &columns, &mut problems);
            rows
        }
        None => match typed_rows(&source, &plans, &columns, &mut problems) {
            Ok(rows) => rows,
            Err(problem) => {
                problems.push(problem);
                return Err(problems);
            }
        },
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
    let totals = sidecar_totals(
        sidecar_file.as_ref(),
        &sidecar,
        &columns,
        &rows,
        &mut problems,
    );
    if !problems.is_empty() {
        return Err(problems);
    }
    let digest = {
        let mut hasher = rustc_hash::FxHasher::default();
        hasher.write_u64(digest);
        hasher.write_u64(content_digest(&[], sidecar_file.as_ref()));
        hasher.finish()
    };
    Ok(tabular_dataset(
        sidecar,
        columns,
        rows,
        totals,
        file,
        sidecar_file,
        digest,
    ))
}

/// A CSV dataset's file, and how to read it.
struct Source<'a> {
    file: &'a SourceFile,
    tsv: bool,
    bytes: Bytes,
}

/// How the one pass keeps a column's cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keeping {
    /// As numbers (or missing): the column is declared numbers, or each cell so far read as a
    /// number or a missing mark. `lost_text` when one of them printed something a column of
    /// text would keep (`12`, `n/a`).
    Numbers { lost_text: bool },
    /// As text (or lists): declared so, or a cell did not read as a number before any was lost.
    Texts,
    /// Not kept: a cell did not read as a number after others had been kept as numbers.
    Lost,
}

/// What the one pass over the rows found: each column's survey and the file's digest, and
/// the cells typed as they were read.
struct OnePass {
    surveys: Vec<Survey>,
    digest: u64,
    keeping: Vec<Keeping>,
    built: RowsBuilder,
    bad: Bad,
}

/// The cells of columns declared numbers that do not read as numbers.
struct Bad {
    cells: BadCells,
    /// The first few of each column, placed.
    problems: Vec<Diagnostic>,
}

impl OnePass {
    /// The rows, typed by the settled `columns`, unless a column's cells were not all kept
    /// (it turned out text after some were kept as numbers): then `None`, and a second pass
    /// types them.
    fn rows(self, columns: &[Column]) -> Option<(Rows, Bad)> {
        let kept = columns
            .iter()
            .zip(&self.keeping)
            .all(|(column, keeping)| match keeping {
                Keeping::Numbers { lost_text } => column.kind == ColumnKind::Number || !lost_text,
                Keeping::Texts => true,
                Keeping::Lost => false,
            });
        kept.then(|| (self.built.finish(), self.bad))
    }
}

impl Source<'_> {
    /// The number of line feeds in the file: at least its number of rows (a quoted cell may
    /// hold more), counted in a quick read of its bytes.
    fn line_count(&self) -> Result<usize, Diagnostic> {
        let count = |bytes: &[u8]| bytes.iter().filter(|&&b| b == b'\n').count();
        match self.bytes {
            Bytes::Text => Ok(count(self.file.text.as_bytes())),
            Bytes::File => {
                let mut file =
                    File::open(&self.file.path).map_err(|e| cannot_read(self.file, &e))?;
                let mut buf = vec![0; 64 * 1024];
                let mut lines = 0;
                loop {
                    match file.read(&mut buf) {
                        Ok(0) => return Ok(lines),
                        Ok(n) => lines += count(&buf[..n]),
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                        Err(e) => return Err(cannot_read(self.file, &e)),
                    }
                }
            }
        }
    }

    /// A reader from the first byte (after a byte-order mark): RFC 4180 CSV, or
    /// tab-separated values (which quote nothing).
    fn reader(&self) -> Result<::csv::Reader<Hashing<Box<dyn Read + '_>>>, Diagnostic> {
        let inner: Box<dyn Read + '_> = match self.bytes {
            Bytes::Text => Box::new(self.file.text.as_bytes()),
            Bytes::File => {
                // Reads of 64 KiB: a large file in fewer system calls.
                let mut file = BufReader::with_capacity(
                    64 * 1024,
                    File::open(&self.file.path).map_err(|e| cannot_read(self.file, &e))?,
                );
                let bom = file
                    .fill_buf()
                    .is_ok_and(|b| b.starts_with(b"\xEF\xBB\xBF"));
                if bom {
                    file.consume(3);
                }
                Box::new(UnixLines {
                    inner: file,
                    held_cr: false,
                })
            }
        };
        Ok(ReaderBuilder::new()
            .delimiter(if self.tsv { b'\t' } else { b',' })
            .quoting(!self.tsv)
            .has_headers(true)
            .buffer_capacity(64 * 1024)
            .from_reader(Hashing {
                inner,
                hasher: rustc_hash::FxHasher::default(),
            }))
    }
}

/// The file cannot be read (its permissions, most likely).
fn cannot_read(file: &SourceFile, err: &std::io::Error) -> Diagnostic {
    Diagnostic::error(&file.display, format!("cannot read the file: {err}"))
        .with_hint("check the file's permissions")
}

/// The column names of the first row.
fn header(source: &Source) -> Result<Vec<String>, Diagnostic> {
    let mut reader = source.reader()?;
    let header = reader.headers().map_err(|e| read_error(source.file, &e))?;
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

/// One pass over the rows: which columns read as numbers and how they were printed, and each
/// cell typed as it is read (a column's numbers are kept as numbers until one of its cells
/// does not read as one; most text columns show it in their first cell).
fn one_pass(source: &Source, plans: &[Plan]) -> Result<OnePass, Diagnostic> {
    let file = source.file;
    // The columns as declared (their names, for a problem; the kind of a column of text).
    let named: Vec<Column> = plans
        .iter()
        .map(|plan| plan.column(&Survey::default()))
        .collect();
    let mut surveys: Vec<Survey> = plans.iter().map(|_| Survey::default()).collect();
    let mut keeping: Vec<Keeping> = plans
        .iter()
        .map(|plan| {
            if plan.declared_text() {
                Keeping::Texts
            } else {
                Keeping::Numbers { lost_text: false }
            }
        })
        .collect();
    // Room for every row up front (a line each, at most): growing a column of millions
    // briefly holds it twice.
    let mut built = RowsBuilder::with_capacity(source.line_count()?);
    let mut bad = Bad {
        cells: BadCells::new(plans.len()),
        problems: Vec::new(),
    };
    let mut printed: Vec<(usize, &str)> = Vec::new();
    let mut reader = source.reader()?;
    let mut record = StringRecord::new();
    while reader
        .read_record(&mut record)
        .map_err(|e| read_error(file, &e))?
    {
        built.start_row(record.position().map_or(0, |p| p.line() as usize));
        for (i, cell) in record.iter().enumerate() {
            let plan = &plans[i];
            match keeping[i] {
                Keeping::Lost => {}
                Keeping::Texts => match plan.missing_word(Given::Text(cell)) {
                    Some(word) => {
                        printed.push((i, word));
                        built.push_at(i, Cell::Missing);
                    }
                    None => keep_text(&mut built, i, plan, &named[i], cell),
                },
                Keeping::Numbers { lost_text } => {
                    match plan.read(&mut surveys[i], Given::Text(cell)) {
                        NumberRead::Missing(word) => {
                            match word {
                                Some(word) => printed.push((i, word)),
                                None if !cell.trim().is_empty() => {
                                    keeping[i] = Keeping::Numbers { lost_text: true };
                                }
                                None => {}
                            }
                            built.push_at(i, Cell::Missing);
                        }
                        NumberRead::Number(value) => {
                            keeping[i] = Keeping::Numbers { lost_text: true };
                            built.push_number_at(i, value);
                        }
                        NumberRead::NotANumber(why) if plan.declared_number() => {
                            if bad.cells.count(i) {
                                let start = record.position().map_or(0, |p| p.byte() as usize);
                                let (line, col) = cell_place(&file.text, start, &record, i);
                                // The caret under the whole cell as written (its quotes aside).
                                let len = cell.trim().chars().count();
                                bad.problems.push(
                                    not_a_number(&file.display, &named[i], cell, &why)
                                        .at(&file.text, line, col)
                                        .with_span_len(len),
                                );
                            }
                            built.push_at(i, Cell::Missing);
                        }
                        NumberRead::NotANumber(_) if lost_text => keeping[i] = Keeping::Lost,
                        NumberRead::NotANumber(_) => {
                            keeping[i] = Keeping::Texts;
                            keep_text(&mut built, i, plan, &named[i], cell);
                        }
                    }
                }
            }
        }
        for (column, word) in printed.drain(..) {
            built.print_missing(column, word);
        }
    }
    let digest = reader.into_inner().hasher.finish();
    Ok(OnePass {
        surveys,
        digest,
        keeping,
        built,
        bad,
    })
}

/// Keeps a cell of a column of text (or lists): the text itself, stored once per column.
fn keep_text(built: &mut RowsBuilder, i: usize, plan: &Plan, column: &Column, cell: &str) {
    if column.kind == ColumnKind::List || cell.trim().is_empty() {
        let cell = plan.cell(column, Given::Text(cell));
        built.push_at(i, cell.unwrap_or(Cell::Missing));
    } else {
        built.push_text_at(i, cell);
    }
}

/// A second pass, when the first could not keep every cell: every row's cells, typed by
/// their column.
fn typed_rows(
    source: &Source,
    plans: &[Plan],
    columns: &[Column],
    problems: &mut Diagnostics,
) -> Result<Rows, Diagnostic> {
    let file = source.file;
    let mut reader = source.reader()?;
    let mut record = StringRecord::new();
    let mut rows = RowsBuilder::with_capacity(0);
    let mut bad = BadCells::new(columns.len());
    while reader
        .read_record(&mut record)
        .map_err(|e| read_error(file, &e))?
    {
        let line = record.position().map_or(0, |p| p.line() as usize);
        let start = record.position().map_or(0, |p| p.byte() as usize);
        let mut cells = Vec::with_capacity(columns.len());
        let mut printed = Vec::new();
        for (i, (cell, column)) in record.iter().zip(columns).enumerate() {
            if let Some(word) = plans[i].missing_word(Given::Text(cell)) {
                printed.push((i, word));
                cells.push(Cell::Missing);
                continue;
            }
            cells.push(match plans[i].cell(column, Given::Text(cell)) {
                Ok(cell) => cell,
                Err(why) => {
                    if bad.count(i) {
                        let (line, col) = cell_place(&file.text, start, &record, i);
                        // The caret under the whole cell as written (its quotes aside).
                        let len = cell.trim().chars().count();
                        problems.push(
                            not_a_number(&file.display, column, cell, &why)
                                .at(&file.text, line, col)
                                .with_span_len(len),
                        );
                    }
                    Cell::Missing
                }
            });
        }
        rows.push(line, cells);
        for (column, word) in printed {
            rows.print_missing(column, word);
        }
    }
    bad.report_rest(&file.display, columns, problems);
    Ok(rows.finish())
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The dataset from its file a row at a time, and from its text: the same, or `None`
    /// when the file alone does not load (the text then places the problems).
    fn both(text: &str) -> (Option<Dataset>, Dataset) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("trade.csv");
        std::fs::write(&path, text).unwrap();
        let streamed = header_line(dir.path(), &path)
            .and_then(|file| load_csv_dataset(file, None, Bytes::File).ok());
        let file = read_source(dir.path(), &path).unwrap();
        (streamed, load_csv_dataset(file, None, Bytes::Text).unwrap())
    }

    fn cells(dataset: &Dataset) -> Vec<Vec<crate::model::Cell>> {
        dataset.rows.iter().map(|r| r.cells().collect()).collect()
    }

    proptest::proptest! {
        /// Read through any buffer sizes, `\r\n` becomes `\n` and nothing else changes.
        #[test]
        fn unix_lines_drops_only_the_cr_of_crlf(
            text in "[a\r\n]{0,40}",
            capacity in 1usize..8,
            chunk in 1usize..8,
        ) {
            let mut reader = UnixLines {
                inner: BufReader::with_capacity(capacity, text.as_bytes()),
                held_cr: false,
            };
            let mut out = Vec::new();
            let mut buf = vec![0; chunk];
            loop {
                let n = reader.read(&mut buf).unwrap();
                if n == 0 {
                    break;
                }
                out.extend_from_slice(&buf[..n]);
            }
            proptest::prop_assert_eq!(String::from_utf8(out).unwrap(), text.replace("\r\n", "\n"));
        }
    }

    #[test]
    fn a_column_that_turns_out_text_keeps_every_cell_as_printed() {
        use crate::model::Cell::{Missing, Number, Text};
        // `code` reads as numbers until its third row (a second pass keeps its texts); `note`
        // is blank, then text (kept in one pass); `gap` prints only missing marks (text).
        let text = "code,note,gap,value\n12,,n/a,1.5\nn/a, ,,2\nAB,x,..,3\n";
        let (streamed, whole) = both(text);
        let streamed = streamed.expect("the file loads a row at a time");
        let t = |s: &str| Text(s.to_string());
        let expected = vec![
            vec![t("12"), Missing, t("n/a"), Number(1.5)],
            vec![t("n/a"), Missing, Missing, Number(2.0)],
            vec![t("AB"), t("x"), t(".."), Number(3.0)],
        ];
        assert_eq!(cells(&streamed), expected);
        assert_eq!(cells(&whole), expected);
        let kinds: Vec<_> = whole.columns.iter().map(|c| c.kind).collect();
        use crate::model::ColumnKind::{Number as N, Text as T};
        assert_eq!(kinds, [T, T, T, N]);
    }

    #[test]
    fn a_file_read_a_row_at_a_time_loads_as_its_text_does() {
        // A byte-order mark, Windows line ends, a quoted cell with a comma and a line break.
        let text = "\u{feff}Year,Partner,Exports\r\n2025,\"Germany,\nWest\",\"1,234.5\"\r\n\
                    2024,France,450.0\r\n";
        let (streamed, whole) = both(text);
        let streamed = streamed.expect("the file loads a row at a time");
        assert_eq!(
            format!("{:?}", streamed.columns),
            format!("{:?}", whole.columns)
        );
        assert_eq!(cells(&streamed), cells(&whole));
        let lines: Vec<usize> = streamed.rows.iter().map(|r| r.line()).collect();
        assert_eq!(
            lines,
            whole.rows.iter().map(|r| r.line()).collect::<Vec<_>>()
        );
        // Only the header line is kept.
        assert_eq!(streamed.file.text, "Year,Partner,Exports");
    }
}
