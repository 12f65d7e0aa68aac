//! Load stage, the columns of a table read cell by cell (a CSV's, a spreadsheet's): what the
//! sidecar declares of each column, what a first pass over the cells finds (numbers or not,
//! and how they were printed), and each cell typed by its column. The readers of each format
//! give cells as [`Given`] and locate the problems.

use std::path::Path;

use super::number::{DecimalMark, NotANumber, Printed, declared_missing, read_number};
use super::raw::{RawColumn, RawKind, humanize};
use super::sidecar::Sidecar;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::format::{CustomFormat, NamedFormat, NumberFormat};
use crate::model::{Cell, Column, ColumnKind, Dataset, Rows, SourceFile, Totals};

/// A cell as its file gives it: text (read by the publisher-number rules when its column
/// holds numbers), or a number the file typed, with how it is shown.
#[derive(Debug, Clone, Copy)]
pub(super) enum Given<'a> {
    Text(&'a str),
    Number(Printed),
}

/// What the sidecar says of one column of the header (nothing, when it does not describe it).
pub(super) struct Plan {
    column: Column,
    declared_kind: Option<RawKind>,
    declared_format: bool,
    mark: DecimalMark,
    /// The words its cells print for a missing value (the column's, else the dataset's).
    missing: Vec<String>,
}

impl Plan {
    pub(super) fn new(key: &str, sidecar: &Sidecar) -> Plan {
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
            missing: raw
                .missing
                .as_ref()
                .unwrap_or(&sidecar.missing)
                .iter()
                .map(|w| w.value.clone())
                .collect(),
        }
    }

    /// The declared missing word `cell` prints, if it prints one (`Not applicable`).
    pub(super) fn missing_word(&self, cell: Given) -> Option<&str> {
        match cell {
            Given::Text(text) => declared_missing(text, &self.missing),
            Given::Number(_) => None,
        }
    }

    /// Whether the column's cells are read as numbers: declared so, or every one reads.
    fn numeric(&self, survey: &Survey) -> bool {
        match self.declared_kind {
            Some(kind) => kind.kind() == ColumnKind::Number,
            None => survey.present > 0 && survey.numbers == survey.present,
        }
    }

    /// Counts a cell of the first pass.
    pub(super) fn survey(&self, survey: &mut Survey, cell: Given) {
        if self.declared_text() {
            return;
        }
        self.read(survey, cell);
    }

    /// Whether the sidecar declares the column's cells other than numbers (they are never read
    /// as numbers then).
    pub(super) fn declared_text(&self) -> bool {
        self.declared_kind.is_some() && self.column.kind != ColumnKind::Number
    }

    /// Whether the sidecar declares the column numbers (a cell that does not read is an error).
    pub(super) fn declared_number(&self) -> bool {
        self.declared_kind.is_some() && self.column.kind == ColumnKind::Number
    }

    /// Reads a cell of a column that may hold numbers, counting it in `survey`.
    pub(super) fn read(&self, survey: &mut Survey, cell: Given) -> NumberRead<'_> {
        if let Some(word) = self.missing_word(cell) {
            return NumberRead::Missing(Some(word));
        }
        let read = match cell {
            Given::Number(printed) => Ok(Some(printed)),
            Given::Text(text) => read_number(text, self.mark),
        };
        match read {
            Ok(None) => NumberRead::Missing(None),
            Ok(Some(printed)) => {
                survey.present += 1;
                survey.add(&printed);
                NumberRead::Number(printed.value)
            }
            Err(why) => {
                survey.present += 1;
                NumberRead::NotANumber(why)
            }
        }
    }

    /// The column, its type and format settled by what its cells hold.
    pub(super) fn column(&self, survey: &Survey) -> Column {
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
                suffix: if survey.percent > 0
                    && survey.percent + survey.bare_zeros == survey.numbers
                {
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

    /// The cell typed by its column (settled by [`Plan::column`]).
    pub(super) fn cell(&self, column: &Column, cell: Given) -> Result<Cell, NotANumber> {
        let text = match (column.kind, cell) {
            (ColumnKind::Number, Given::Number(printed)) => return Ok(Cell::Number(printed.value)),
            (ColumnKind::Number, Given::Text(text)) => {
                let read = read_number(text, self.mark)?;
                return Ok(read.map_or(Cell::Missing, |p| Cell::Number(p.value)));
            }
            (_, Given::Text(text)) => std::borrow::Cow::Borrowed(text),
            (_, Given::Number(printed)) => crate::format::plain_number(printed.value).into(),
        };
        Ok(match column.kind {
            _ if text.trim().is_empty() => Cell::Missing,
            ColumnKind::List => Cell::List(
                text.split(';')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect(),
            ),
            _ => Cell::Text(text.into_owned()),
        })
    }
}

/// A cell read as a number (or as missing): what a column of numbers holds for it.
pub(super) enum NumberRead<'p> {
    /// Missing: a declared word it printed (kept to show it), or a blank or missing mark.
    Missing(Option<&'p str>),
    Number(f64),
    NotANumber(NotANumber),
}

/// What a first read of a column's cells found.
#[derive(Debug, Default)]
pub(super) struct Survey {
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
    /// Zeros printed bare (`0`, `0.0`): publishers often leave the sign off a zero, so these
    /// neither give nor take away the column's currency sign or `%`.
    bare_zeros: usize,
    /// Numbers printed as a year is (`2025`: four digits, no sign, from 1000 to 3000).
    years: usize,
}

impl Survey {
    fn add(&mut self, printed: &Printed) {
        self.numbers += 1;
        self.decimals = self.decimals.max(printed.decimals);
        if printed.value == 0.0 && printed.currency.is_none() && !printed.percent {
            self.bare_zeros += 1;
            return;
        }
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

/// At most this many cells of one column are reported; the rest are counted.
const MAX_REPORTED_PER_COLUMN: usize = 10;

/// The cells that did not read as numbers, counted per column: each of the first few is
/// reported where it is, the rest in one line.
pub(super) struct BadCells {
    counts: Vec<usize>,
}

impl BadCells {
    pub(super) fn new(columns: usize) -> BadCells {
        BadCells {
            counts: vec![0; columns],
        }
    }

    /// Counts a bad cell of column `index`; whether to report it.
    pub(super) fn count(&mut self, index: usize) -> bool {
        self.counts[index] += 1;
        self.counts[index] <= MAX_REPORTED_PER_COLUMN
    }

    /// One line per column with more bad cells than were reported.
    pub(super) fn report_rest(&self, file: &Path, columns: &[Column], problems: &mut Diagnostics) {
        for (count, column) in self.counts.iter().zip(columns) {
            if *count > MAX_REPORTED_PER_COLUMN {
                problems.push(
                    Diagnostic::error(
                        file,
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
    }
}

/// A cell of a numeric column that does not read as a number: the cause first, then how to
/// write it.
pub(super) fn not_a_number(
    file: &Path,
    column: &Column,
    cell: &str,
    why: &NotANumber,
) -> Diagnostic {
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
        file,
        format!("`{}` is not a number: {}", cell.trim(), why.cause),
    )
    .with_hint(hint)
}

/// The dataset of a table read from `file`, with the metadata of its sidecar.
pub(super) fn tabular_dataset(
    sidecar: Sidecar,
    columns: Vec<Column>,
    rows: Rows,
    totals: Totals,
    file: SourceFile,
    sidecar_file: Option<SourceFile>,
    digest: u64,
) -> Dataset {
    let name = dataset_name(&file.path);
    Dataset {
        title: sidecar.title.unwrap_or_else(|| humanize(&name)),
        name,
        description: sidecar.description,
        unit: sidecar.unit,
        source: sidecar.source,
        notes: sidecar.notes,
        columns,
        rows,
        totals,
        file,
        sidecar: sidecar_file,
        digest,
    }
}

/// A dataset's name: its file's, without the extension.
pub(super) fn dataset_name(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}
