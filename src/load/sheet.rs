//! Load stage, spreadsheets: `content/data/NAME.xlsx` or `.ods` read with calamine, described
//! by the same sidecar as a CSV, which may also say which sheet (`sheet:`) and where on it the
//! table is (`header_row:`, or `range: "A3:F40"`). Cells come as the spreadsheet typed them: a
//! numeric cell is a number shown with its number format's decimals, `%` and currency sign
//! (xlsx; an ods file's formats are not read, so its numbers show the decimals they hold), a
//! date cell an ISO date, and a text cell in a numeric column is read as a CSV cell is. A
//! problem names the sheet and the cell.

use std::borrow::Cow;
use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Range, Reader, StyleRange, open_workbook_auto_from_rs};
use serde_saphyr::Spanned;

use super::csv::DatasetFiles;
use super::dataset::{check_dataset_size, check_size, content_digest};
use super::number::{CURRENCIES, Printed};
use super::sidecar::{Sidecar, check_declared, read_sidecar};
use super::table::{BadCells, Given, Plan, Survey, not_a_number, tabular_dataset};
use super::totals::sidecar_totals;
use crate::diagnostics::{Diagnostic, Diagnostics, SheetCell, did_you_mean, display_path};
use crate::model::{Cell, Column, Dataset, RowsBuilder, SourceFile};
use crate::source::read_source;

/// The largest spreadsheet read. Its cells are compressed, and calamine holds a sheet whole:
/// a file this size can hold a hundred times as many bytes of cells, so the limit is lower
/// than a CSV's (see RELIABILITY.md).
pub const MAX_SHEET_BYTES: u64 = 16 * 1024 * 1024;

/// Whether `path` is a spreadsheet brief reads.
pub(super) fn is_sheet(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("xlsx" | "ods")
    )
}

/// Reads a spreadsheet dataset and its sidecar (refusing a file too large to read) and checks
/// them.
pub(crate) fn read_sheet_dataset(
    root: &Path,
    files: &DatasetFiles,
) -> Result<Dataset, Diagnostics> {
    check_dataset_size(root, &files.data)?;
    check_sheet_size(root, &files.data)?;
    let sidecar_file = match &files.sidecar {
        Some(path) => Some(read_source(root, path)?),
        None => None,
    };
    // The workbook is not text: diagnostics name its cells rather than quote its lines.
    let file = SourceFile {
        path: files.data.clone(),
        display: display_path(root, &files.data),
        text: String::new(),
    };
    let bytes = std::fs::read(&files.data).map_err(|e| {
        Diagnostic::error(
            &file.display,
            format!("the spreadsheet cannot be read: {e}"),
        )
        .with_hint("check that the file exists and can be read")
    })?;
    let mut problems = Diagnostics::default();
    let sidecar = match &sidecar_file {
        Some(side) => read_sidecar(side, &file, &mut problems),
        None => Sidecar::default(),
    };
    let table = match open_table(&file, &bytes, &sidecar, sidecar_file.as_ref()) {
        Ok(table) => table,
        Err(problem) => {
            problems.push(problem);
            return Err(problems);
        }
    };
    let header = table.header(&file, &mut problems);
    if let (Some(side), Some(declared)) = (&sidecar_file, &sidecar.columns) {
        check_declared(side, declared, &header, "sheet", &mut problems);
    }
    let plans: Vec<Plan> = header.iter().map(|key| Plan::new(key, &sidecar)).collect();
    let mut surveys: Vec<Survey> = plans.iter().map(|_| Survey::default()).collect();
    for row in table.rows() {
        for ((col, plan), survey) in table.columns().zip(&plans).zip(&mut surveys) {
            if let Ok(value) = table.value(row, col) {
                plan.survey(survey, value.given());
            }
        }
    }
    let columns: Vec<Column> = plans
        .iter()
        .zip(&surveys)
        .map(|(plan, survey)| plan.column(survey))
        .collect();
    let rows = table.typed_rows(&file, &plans, &columns, &mut problems);
    if rows.is_empty() {
        problems.push(
            Diagnostic::error(
                &file.display,
                format!(
                    "the table has no rows under its header (row {})",
                    table.header_row + 1
                ),
            )
            .in_cell(table.cell(table.header_row, table.first_col))
            .with_hint(
                "a table runs from its header row down to the first empty row: \
                 set `header_row:` or `range:` in the sidecar if it starts lower",
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
    let digest = content_digest(&bytes, sidecar_file.as_ref());
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

/// A spreadsheet too large to open is refused before it is opened.
fn check_sheet_size(root: &Path, path: &Path) -> Result<(), Diagnostic> {
    check_size(
        root,
        path,
        (MAX_SHEET_BYTES, "spreadsheet"),
        "aggregate the data before adding it, or save the table as CSV \
         (a CSV is read up to 64 MB, a row at a time)",
    )
}

/// The table on its sheet: where it is, and the cells and number formats it is read from.
struct Table {
    sheet: String,
    cells: Range<Data>,
    styles: StyleRange,
    /// Absolute, from 0.
    header_row: u32,
    first_col: u32,
    last_col: u32,
    /// The last row that may belong to the table (the first empty row ends it sooner unless
    /// a range was given).
    last_row: u32,
    /// Whether the rows were given by `range:` (empty rows inside it are skipped).
    ranged: bool,
}

/// Opens the workbook, finds the sheet and where the table is on it.
fn open_table(
    file: &SourceFile,
    bytes: &[u8],
    sidecar: &Sidecar,
    sidecar_file: Option<&SourceFile>,
) -> Result<Table, Diagnostic> {
    let mut workbook = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        Diagnostic::error(
            &file.display,
            format!("the spreadsheet cannot be read: {e}"),
        )
        .with_hint("save it again from your spreadsheet program as .xlsx or .ods")
    })?;
    let names = workbook.sheet_names();
    let sheet = match &sidecar.sheet {
        Some(wanted) if !names.contains(&wanted.value) => {
            return Err(missing_sheet(file, sidecar_file, wanted, &names));
        }
        Some(wanted) => wanted.value.clone(),
        None => names.first().cloned().ok_or_else(|| {
            Diagnostic::error(&file.display, "the workbook has no sheets")
                .with_hint("save the table in the workbook's first sheet")
        })?,
    };
    let cells = workbook.worksheet_range(&sheet).map_err(|e| {
        Diagnostic::error(
            &file.display,
            format!("the sheet \"{sheet}\" cannot be read: {e}"),
        )
        .with_hint("save the workbook again from your spreadsheet program")
    })?;
    // Number formats are read from xlsx only; without them numbers show what they hold.
    let styles = workbook
        .worksheet_style(&sheet)
        .unwrap_or_else(|_| StyleRange::empty());
    let (Some(start), Some(end)) = (cells.start(), cells.end()) else {
        return Err(
            Diagnostic::error(&file.display, format!("the sheet \"{sheet}\" is empty")).with_hint(
                "put the table on this sheet, or name its sheet with `sheet:` in the sidecar",
            ),
        );
    };
    let mut table = Table {
        sheet,
        cells,
        styles,
        header_row: start.0,
        first_col: start.1,
        last_col: end.1,
        last_row: end.0,
        ranged: false,
    };
    if let (Some(range), Some(side)) = (&sidecar.range, sidecar_file) {
        let ((top, left), (bottom, right)) = parse_range(&range.value).ok_or_else(|| {
            Diagnostic::error(
                &side.display,
                format!("`{}` is not a range of cells", range.value),
            )
            .at_value(side, range)
            .with_hint("write the cells at the table's corners, header first: `range: \"A3:F40\"`")
        })?;
        table.header_row = top;
        table.first_col = left;
        table.last_col = right;
        table.last_row = bottom;
        table.ranged = true;
        if let Some(row) = &sidecar.header_row {
            return Err(Diagnostic::error(
                &side.display,
                "`header_row:` and `range:` both say where the table starts",
            )
            .at_value(side, row)
            .with_hint("keep one: `range:` gives the header row too (its first row)"));
        }
    } else {
        if let (Some(row), Some(side)) = (&sidecar.header_row, sidecar_file) {
            if row.value == 0 {
                return Err(Diagnostic::error(&side.display, "there is no row 0")
                    .at_value(side, row)
                    .with_hint("rows count from 1, as the spreadsheet shows them"));
            }
            table.header_row = row.value - 1;
        }
        table.trim_columns();
    }
    Ok(table)
}

/// Placing a diagnostic at a value of the sidecar.
trait AtValue {
    fn at_value<T>(self, side: &SourceFile, value: &Spanned<T>) -> Self;
}

impl AtValue for Diagnostic {
    fn at_value<T>(self, side: &SourceFile, value: &Spanned<T>) -> Diagnostic {
        let (line, column) = (value.referenced.line(), value.referenced.column());
        self.at(&side.text, line as usize, column as usize)
    }
}

/// A sheet the sidecar names that the workbook does not have: the sheets it has.
fn missing_sheet(
    file: &SourceFile,
    sidecar_file: Option<&SourceFile>,
    wanted: &Spanned<String>,
    names: &[String],
) -> Diagnostic {
    let (spanned, wanted) = (wanted, wanted.value.as_str());
    let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    let hint = match did_you_mean(wanted, names.iter().map(String::as_str)) {
        Some(best) => format!(
            "did you mean \"{best}\"? (its sheets are: {})",
            quoted.join(", ")
        ),
        None => format!("its sheets are: {}", quoted.join(", ")),
    };
    let message = format!(
        "the workbook `{}` has no sheet \"{wanted}\"",
        file.display.display()
    );
    match sidecar_file {
        Some(side) => Diagnostic::error(&side.display, message).at_value(side, spanned),
        None => Diagnostic::error(&file.display, message),
    }
    .with_hint(hint)
}

/// `A3:F40` → the rows and columns of its corners, from 0 (in either order).
fn parse_range(text: &str) -> Option<((u32, u32), (u32, u32))> {
    let (a, b) = text.trim().split_once(':')?;
    let (a, b) = (parse_cell(a)?, parse_cell(b)?);
    Some(((a.0.min(b.0), a.1.min(b.1)), (a.0.max(b.0), a.1.max(b.1))))
}

/// `B7` → (6, 1).
fn parse_cell(text: &str) -> Option<(u32, u32)> {
    let text = text.trim().replace('$', "");
    let split = text.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = text.split_at(split);
    if letters.is_empty() || letters.len() > 3 || !letters.chars().all(|c| c.is_ascii_alphabetic())
    {
        return None;
    }
    let col = letters
        .to_ascii_uppercase()
        .bytes()
        .fold(0u32, |n, b| n * 26 + u32::from(b - b'A' + 1));
    let row: u32 = digits.parse().ok().filter(|&r| r > 0)?;
    Some((row - 1, col - 1))
}

/// A cell's value as brief reads it.
enum Value<'a> {
    Text(Cow<'a, str>),
    Number(Printed),
}

impl Value<'_> {
    /// The value as text: a column's name, or a cell quoted in a problem.
    fn text(&self) -> Cow<'_, str> {
        match self {
            Value::Text(text) => Cow::Borrowed(text),
            Value::Number(printed) => Cow::Owned(crate::format::plain_number(printed.value)),
        }
    }

    fn given(&self) -> Given<'_> {
        match self {
            Value::Text(text) => Given::Text(text),
            Value::Number(printed) => Given::Number(*printed),
        }
    }
}

impl Table {
    fn cell(&self, row: u32, col: u32) -> SheetCell {
        SheetCell {
            sheet: self.sheet.clone(),
            row: row + 1,
            column: col + 1,
        }
    }

    fn data(&self, row: u32, col: u32) -> &Data {
        self.cells.get_value((row, col)).unwrap_or(&Data::Empty)
    }

    /// Without a range, the columns are those the header row names, from its first named
    /// cell to its last.
    fn trim_columns(&mut self) {
        let named = |col: &u32| !matches!(self.data(self.header_row, *col), Data::Empty);
        let first = (self.first_col..=self.last_col).find(named);
        let last = (self.first_col..=self.last_col).rev().find(named);
        if let (Some(first), Some(last)) = (first, last) {
            (self.first_col, self.last_col) = (first, last);
        }
    }

    fn columns(&self) -> impl Iterator<Item = u32> + '_ {
        self.first_col..=self.last_col
    }

    fn is_empty_row(&self, row: u32) -> bool {
        self.columns().all(|col| match self.data(row, col) {
            Data::Empty => true,
            Data::String(s) => s.trim().is_empty(),
            _ => false,
        })
    }

    /// The rows of the table under its header: to the first empty row, or every row of the
    /// range that is not empty.
    fn rows(&self) -> impl Iterator<Item = u32> + '_ {
        let mut ended = false;
        (self.header_row.saturating_add(1)..=self.last_row).filter(move |&row| {
            if ended {
                return false;
            }
            let empty = self.is_empty_row(row);
            ended = empty && !self.ranged;
            !empty
        })
    }

    /// The column names, each problem (a name missing or written twice) at its cell.
    fn header(&self, file: &SourceFile, problems: &mut Diagnostics) -> Vec<String> {
        let mut header: Vec<String> = Vec::new();
        for col in self.columns() {
            let key = match self.value(self.header_row, col) {
                Ok(value) => value.text().trim().to_string(),
                Err(_) => String::new(),
            };
            let problem = if key.is_empty() {
                Diagnostic::error(
                    &file.display,
                    "this cell of the header row has no column name",
                )
                .with_hint(
                    "name every column in the header row (or set `header_row:` or `range:` \
                         in the sidecar); a table shows the name, or its sidecar label",
                )
            } else if header.contains(&key) {
                Diagnostic::error(&file.display, format!("the header names `{key}` twice"))
                    .with_hint("give each column its own name")
            } else {
                header.push(key);
                continue;
            };
            problems.push(problem.in_cell(self.cell(self.header_row, col)));
            header.push(key);
        }
        header
    }

    /// The cell at `row`, `col` as brief reads it; an error value (`#DIV/0!`) as the problem.
    fn value(&self, row: u32, col: u32) -> Result<Value<'_>, String> {
        let number = |value: f64| {
            let format = self
                .styles
                .get((row, col))
                .and_then(|s| s.number_format.as_ref());
            Value::Number(shown(
                value,
                format.map_or("General", |f| f.format_code.as_str()),
            ))
        };
        Ok(match self.data(row, col) {
            Data::Empty => Value::Text(Cow::Borrowed("")),
            Data::String(text) => Value::Text(Cow::Borrowed(text)),
            Data::Int(n) => number(*n as f64),
            Data::Float(v) => number(*v),
            Data::Bool(b) => Value::Text(Cow::Borrowed(if *b { "true" } else { "false" })),
            Data::DateTime(when) if when.is_datetime() => {
                let (y, m, d, h, min, s, _) = when.to_ymd_hms_milli();
                Value::Text(Cow::Owned(if (h, min, s) == (0, 0, 0) {
                    format!("{y:04}-{m:02}-{d:02}")
                } else {
                    format!("{y:04}-{m:02}-{d:02}T{h:02}:{min:02}:{s:02}")
                }))
            }
            // A duration: its number of days.
            Data::DateTime(when) => number(when.as_f64()),
            Data::DateTimeIso(text) => Value::Text(Cow::Borrowed(
                text.strip_suffix("T00:00:00").unwrap_or(text),
            )),
            Data::DurationIso(text) => Value::Text(Cow::Borrowed(text)),
            Data::Error(e) => return Err(e.to_string()),
        })
    }

    /// Every row's cells typed by their column, each problem at its cell.
    fn typed_rows(
        &self,
        file: &SourceFile,
        plans: &[Plan],
        columns: &[Column],
        problems: &mut Diagnostics,
    ) -> crate::model::Rows {
        let mut rows = RowsBuilder::with_capacity(0);
        let mut bad = BadCells::new(columns.len());
        for row in self.rows() {
            let mut cells = Vec::with_capacity(columns.len());
            let mut printed = Vec::new();
            for (i, col) in self.columns().enumerate() {
                let (plan, column) = (&plans[i], &columns[i]);
                let problem = match self.value(row, col) {
                    Ok(value) if plan.missing_word(value.given()).is_some() => {
                        printed.extend(plan.missing_word(value.given()).map(|w| (i, w)));
                        cells.push(Cell::Missing);
                        continue;
                    }
                    Ok(value) => match plan.cell(column, value.given()) {
                        Ok(cell) => {
                            cells.push(cell);
                            continue;
                        }
                        Err(why) => not_a_number(&file.display, column, &value.text(), &why),
                    },
                    Err(error) => Diagnostic::error(
                        &file.display,
                        format!("the cell holds the error `{error}`"),
                    )
                    .with_hint(
                        "fix the formula or the value in the spreadsheet, or leave the cell empty",
                    ),
                };
                if bad.count(i) {
                    problems.push(problem.in_cell(self.cell(row, col)));
                }
                cells.push(Cell::Missing);
            }
            rows.push(row as usize + 1, cells);
            for (column, word) in printed {
                rows.print_missing(column, word);
            }
        }
        bad.report_rest(&file.display, columns, problems);
        rows.finish()
    }
}

/// A numeric cell as its number format shows it: the decimals, `%` (the value then counted in
/// percent, as a CSV's `12.3%` is) and a currency sign. Without a format (`General`), the
/// decimals the value holds.
fn shown(value: f64, code: &str) -> Printed {
    // The format of positive numbers: the first of its sections, quoted text read for a sign.
    let section = code.split(';').next().unwrap_or("");
    let general = section.trim().is_empty() || section.eq_ignore_ascii_case("general");
    let mut plain = String::new();
    let mut in_brackets = false;
    let mut currency = None;
    for c in section.chars() {
        match c {
            '[' => in_brackets = true,
            ']' => in_brackets = false,
            _ if CURRENCIES.contains(&c) => currency = currency.or(Some(c)),
            // `[Red]`, `[$-409]` and quotes say nothing of the digits.
            _ if in_brackets || c == '"' || c == '\\' => {}
            _ => plain.push(c),
        }
    }
    let percent = plain.contains('%');
    let value = if percent { value * 100.0 } else { value };
    let decimals = if general {
        let digits = format!("{value}");
        digits.split_once('.').map_or(0, |(_, f)| f.len())
    } else {
        plain.split_once('.').map_or(0, |(_, after)| {
            after
                .chars()
                .take_while(|c| matches!(c, '0' | '#' | '?'))
                .count()
        })
    };
    // `0.1234` shown as `12.34%`: the value as shown, not 12.340000000000002.
    let value = if percent {
        let scale = 10f64.powi(decimals as i32 + 6);
        (value * scale).round() / scale
    } else {
        value
    };
    Printed {
        value,
        decimals,
        currency,
        percent,
        plain_integer: !plain.contains(',') && decimals == 0 && value.fract() == 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_and_cells_read_as_spreadsheets_write_them() {
        assert_eq!(parse_cell("B7"), Some((6, 1)));
        assert_eq!(parse_cell("$AA$12"), Some((11, 26)));
        assert_eq!(parse_range("A3:F40"), Some(((2, 0), (39, 5))));
        assert_eq!(parse_range("F40:A3"), Some(((2, 0), (39, 5))));
        assert_eq!(parse_range("A3-F40"), None);
        assert_eq!(parse_cell("7B"), None);
        assert_eq!(parse_cell("A0"), None);
    }

    #[test]
    fn a_number_format_gives_the_decimals_percent_and_currency() {
        let read = shown;
        assert_eq!(read(450.0, "0.0").decimals, 1);
        assert_eq!(read(3.4, "#,##0.00").decimals, 2);
        let percent = read(0.1234, "0.00%");
        assert_eq!(
            (percent.value, percent.decimals, percent.percent),
            (12.34, 2, true)
        );
        let money = read(3.4, "[$$-409]#,##0.00;[Red]-[$$-409]#,##0.00");
        assert_eq!((money.currency, money.decimals), (Some('$'), 2));
        assert_eq!(read(12.0, "\"£\"#,##0").currency, Some('£'));
        assert_eq!(shown(2.125, "General").decimals, 3);
        assert!(shown(2025.0, "General").plain_integer);
        assert!(!read(2025.0, "#,##0").plain_integer);
    }
}
