//! A dataset's rows, stored by column: numbers as `f64`s, text as an index into the column's
//! distinct values, lists as cells. A 50 MB CSV has millions of cells; one [`Cell`] each
//! (32 bytes, and a heap string per text) took about five times the file's size, stored so
//! they take less than the file (see `benches/big_dataset.sh`). Readers see rows and cells.

use rustc_hash::FxHashMap;

use super::{Cell, Row};

/// A dataset's rows, by column.
#[derive(Debug, Clone, Default)]
pub struct Rows {
    /// The line of each row in its file.
    lines: Vec<u32>,
    columns: Vec<Values>,
    /// What the source printed in a missing cell when it printed a word the dataset declares
    /// for one (`Not applicable`), by (row, column): few cells have one, so they are kept apart.
    printed_missing: FxHashMap<(u32, u32), Box<str>>,
}

/// One column's values.
#[derive(Debug, Clone)]
enum Values {
    /// As many rows, every value missing so far (the column takes the kind of its first value).
    Missing(usize),
    /// NaN where a value is missing: a dataset's numbers are finite (load refuses others).
    Numbers(Vec<f64>),
    /// Each distinct text once; per row its index, [`MISSING`] where a value is missing.
    Texts { ids: Vec<u32>, texts: Vec<Box<str>> },
    /// Any cells (lists, and a column whose cells are of mixed kinds).
    Cells(Vec<Cell>),
}

/// The index of a missing text.
const MISSING: u32 = u32::MAX;

impl Values {
    fn get(&self, row: usize) -> Cell {
        match self {
            Values::Missing(_) => Cell::Missing,
            Values::Numbers(values) => match values[row] {
                v if v.is_nan() => Cell::Missing,
                v => Cell::Number(v),
            },
            Values::Texts { ids, texts } => match ids[row] {
                MISSING => Cell::Missing,
                id => Cell::Text(texts[id as usize].to_string()),
            },
            Values::Cells(cells) => cells[row].clone(),
        }
    }

    fn number(&self, row: usize) -> Option<f64> {
        match self {
            Values::Numbers(values) => Some(values[row]).filter(|v| !v.is_nan()),
            Values::Missing(_) | Values::Texts { .. } => None,
            Values::Cells(cells) => cells[row].as_number(),
        }
    }

    fn is_missing(&self, row: usize) -> bool {
        match self {
            Values::Missing(_) => true,
            Values::Numbers(values) => values[row].is_nan(),
            Values::Texts { ids, .. } => ids[row] == MISSING,
            Values::Cells(cells) => cells[row] == Cell::Missing,
        }
    }
}

impl Rows {
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Row `index` (which must be below [`Rows::len`]).
    pub fn get(&self, index: usize) -> RowRef<'_> {
        RowRef { rows: self, index }
    }

    /// The distinct texts of column `column` when it stores texts (each once), else `None`.
    pub fn distinct_texts(&self, column: usize) -> Option<&[Box<str>]> {
        match self.columns.get(column)? {
            Values::Texts { texts, .. } => Some(texts),
            _ => None,
        }
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = RowRef<'_>> + '_ {
        (0..self.len()).map(|index| RowRef { rows: self, index })
    }
}

/// One row of a dataset.
#[derive(Debug, Clone, Copy)]
pub struct RowRef<'a> {
    rows: &'a Rows,
    index: usize,
}

impl<'a> RowRef<'a> {
    /// The row's line in its file.
    pub fn line(&self) -> usize {
        self.rows.lines[self.index] as usize
    }

    /// The cell of column `column` (an owned copy: text is stored once per column).
    pub fn cell(&self, column: usize) -> Cell {
        self.rows.columns[column].get(self.index)
    }

    /// The text in column `column` when the column stores texts (borrowed, not copied), else
    /// `None` (a missing text, or a column of another kind: see [`RowRef::cell`]).
    pub fn text(&self, column: usize) -> Option<&'a str> {
        match &self.rows.columns[column] {
            Values::Texts { ids, texts } if ids[self.index] != MISSING => {
                Some(&texts[ids[self.index] as usize])
            }
            _ => None,
        }
    }

    /// The number in column `column`, if it holds one.
    pub fn number(&self, column: usize) -> Option<f64> {
        self.rows.columns[column].number(self.index)
    }

    pub fn is_missing(&self, column: usize) -> bool {
        self.rows.columns[column].is_missing(self.index)
    }

    /// The word the source printed in this missing cell, when it is one the dataset declares
    /// (`missing: ["Not applicable"]`): a table shows it as printed.
    pub fn printed_missing(&self, column: usize) -> Option<&'a str> {
        let key = (u32::try_from(self.index).ok()?, u32::try_from(column).ok()?);
        self.rows.printed_missing.get(&key).map(|w| &**w)
    }

    /// The row's cells, in column order.
    pub fn cells(&self) -> impl Iterator<Item = Cell> + 'a {
        let (rows, index) = (self.rows, self.index);
        rows.columns.iter().map(move |values| values.get(index))
    }
}

/// Builds [`Rows`] a row at a time, each column stored by the kind of its first value.
#[derive(Debug, Default)]
pub(crate) struct RowsBuilder {
    rows: Rows,
    /// Per text column: its texts so far, by text.
    seen: Vec<FxHashMap<Box<str>, u32>>,
    /// The capacity to give each column when it is made.
    capacity: usize,
}

impl RowsBuilder {
    /// A builder for about `capacity` rows (reserved up front: growing a vector of millions
    /// briefly holds it twice).
    pub(crate) fn with_capacity(capacity: usize) -> RowsBuilder {
        RowsBuilder {
            rows: Rows {
                lines: Vec::with_capacity(capacity),
                columns: Vec::new(),
                printed_missing: FxHashMap::default(),
            },
            seen: Vec::new(),
            capacity,
        }
    }

    /// Adds a row at `line`; `cells` has one cell per column, in column order.
    pub(crate) fn push(&mut self, line: usize, cells: impl IntoIterator<Item = Cell>) {
        let row = self.rows.lines.len();
        self.start_row(line);
        let mut count = 0;
        for (column, cell) in cells.into_iter().enumerate() {
            count = column + 1;
            self.push_cell(row, column, cell);
        }
        // A short row: its other cells are missing.
        for column in count..self.rows.columns.len() {
            self.push_cell(row, column, Cell::Missing);
        }
    }

    /// Starts a row at `line`; its cells follow, one per column in column order
    /// ([`RowsBuilder::push_at`], [`RowsBuilder::push_text_at`]).
    pub(crate) fn start_row(&mut self, line: usize) {
        self.rows
            .lines
            .push(u32::try_from(line).unwrap_or(u32::MAX));
    }

    /// Adds the cell of `column` to the row last started.
    pub(crate) fn push_at(&mut self, column: usize, cell: Cell) {
        let row = self.rows.lines.len().saturating_sub(1);
        self.push_cell(row, column, cell);
    }

    /// Adds a number to `column` of the row last started.
    pub(crate) fn push_number_at(&mut self, column: usize, value: f64) {
        // The column's kind is settled by its first value: most cells go straight in.
        match self.rows.columns.get_mut(column) {
            Some(Values::Numbers(numbers)) if !value.is_nan() => numbers.push(value),
            _ => self.push_at(column, Cell::Number(value)),
        }
    }

    /// Adds a text to `column` of the row last started: copied only the first time the column
    /// holds it (a large dataset repeats a few texts in millions of cells).
    pub(crate) fn push_text_at(&mut self, column: usize, text: &str) {
        if let (Some(Values::Texts { ids, .. }), Some(seen)) =
            (self.rows.columns.get_mut(column), self.seen.get(column))
            && let Some(&id) = seen.get(text)
        {
            ids.push(id);
            return;
        }
        self.push_at(column, Cell::Text(text.to_string()));
    }

    /// Keeps the word the last row printed in its missing cell of `column`.
    pub(crate) fn print_missing(&mut self, column: usize, word: &str) {
        let row = self.rows.lines.len().saturating_sub(1);
        if let (Ok(row), Ok(column)) = (u32::try_from(row), u32::try_from(column)) {
            self.rows.printed_missing.insert((row, column), word.into());
        }
    }

    fn push_cell(&mut self, row: usize, column: usize, cell: Cell) {
        while self.rows.columns.len() <= column {
            // A column first seen after earlier rows: they had nothing in it.
            self.rows.columns.push(Values::Missing(row));
            self.seen.push(FxHashMap::default());
        }
        let values = &mut self.rows.columns[column];
        let seen = &mut self.seen[column];
        if let Values::Missing(count) = values {
            let count = *count;
            *values = match &cell {
                Cell::Missing => Values::Missing(count + 1),
                Cell::Number(_) => Values::Numbers(filled(count, self.capacity, f64::NAN)),
                Cell::Text(_) => Values::Texts {
                    ids: filled(count, self.capacity, MISSING),
                    texts: Vec::new(),
                },
                Cell::List(_) => Values::Cells(filled(count, self.capacity, Cell::Missing)),
            };
            if cell == Cell::Missing {
                return;
            }
        }
        match (values, cell) {
            (Values::Numbers(numbers), Cell::Number(n)) if !n.is_nan() => numbers.push(n),
            (Values::Numbers(numbers), Cell::Missing) => numbers.push(f64::NAN),
            (Values::Texts { ids, .. }, Cell::Missing) => ids.push(MISSING),
            (Values::Texts { ids, .. }, Cell::Text(text)) => {
                let next = u32::try_from(seen.len()).unwrap_or(MISSING);
                let id = *seen.entry(text.into_boxed_str()).or_insert(next);
                ids.push(id);
            }
            (Values::Cells(cells), cell) => cells.push(cell),
            (values, cell) => {
                // A value of another kind than the column's: the column is kept as cells.
                let mut texts = vec![""; seen.len()];
                for (text, &id) in seen.iter() {
                    texts[id as usize] = text;
                }
                let built = &*values;
                let mut cells: Vec<Cell> = (0..row)
                    .map(|r| match built {
                        Values::Texts { ids, .. } if ids[r] != MISSING => {
                            Cell::Text(texts[ids[r] as usize].to_string())
                        }
                        other => other.get(r),
                    })
                    .collect();
                cells.push(cell);
                *values = Values::Cells(cells);
                seen.clear();
            }
        }
    }

    pub(crate) fn finish(self) -> Rows {
        let mut rows = self.rows;
        for (values, seen) in rows.columns.iter_mut().zip(self.seen) {
            if let Values::Texts { texts, .. } = values {
                let mut by_id: Vec<(u32, Box<str>)> =
                    seen.into_iter().map(|(t, id)| (id, t)).collect();
                by_id.sort_unstable_by_key(|(id, _)| *id);
                *texts = by_id.into_iter().map(|(_, t)| t).collect();
            }
        }
        rows
    }
}

/// `count` copies of `value` in a vector with room for `capacity`.
fn filled<T: Clone>(count: usize, capacity: usize, value: T) -> Vec<T> {
    let mut values = Vec::with_capacity(capacity.max(count));
    values.resize(count, value);
    values
}

impl FromIterator<Row> for Rows {
    fn from_iter<I: IntoIterator<Item = Row>>(rows: I) -> Rows {
        let rows = rows.into_iter();
        let mut builder = RowsBuilder::with_capacity(rows.size_hint().0);
        for row in rows {
            builder.push(row.line, row.cells);
        }
        builder.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_come_back_as_they_went_in() {
        let input = [
            vec![
                Cell::Number(2025.0),
                Cell::Text("Germany".into()),
                Cell::Missing,
            ],
            vec![
                Cell::Missing,
                Cell::Text("Germany".into()),
                Cell::List(vec!["a".into()]),
            ],
            vec![Cell::Number(-1.5), Cell::Missing, Cell::Missing],
        ];
        let rows: Rows = input
            .iter()
            .enumerate()
            .map(|(i, cells)| Row {
                line: i + 2,
                cells: cells.clone(),
            })
            .collect();
        assert_eq!(rows.len(), 3);
        for (i, row) in rows.iter().enumerate() {
            assert_eq!(row.line(), i + 2);
            assert_eq!(row.cells().collect::<Vec<_>>(), input[i]);
        }
        assert_eq!(rows.get(2).number(0), Some(-1.5));
        assert!(rows.get(1).is_missing(0));
    }

    #[test]
    fn a_missing_cell_keeps_the_word_it_printed() {
        let mut builder = RowsBuilder::with_capacity(2);
        builder.push(2, [Cell::Number(1.0), Cell::Missing]);
        builder.push(3, [Cell::Missing, Cell::Missing]);
        builder.print_missing(1, "Not applicable");
        let rows = builder.finish();
        assert_eq!(rows.get(1).printed_missing(1), Some("Not applicable"));
        assert!(rows.get(1).is_missing(1));
        assert_eq!(rows.get(1).printed_missing(0), None);
        assert_eq!(rows.get(0).printed_missing(1), None);
    }

    #[test]
    fn a_column_of_mixed_kinds_keeps_every_cell() {
        let input = [
            vec![Cell::Missing],
            vec![Cell::Text("x".into())],
            vec![Cell::Number(1.0)],
            vec![Cell::Text("x".into())],
        ];
        let rows: Rows = input
            .iter()
            .map(|cells| Row {
                line: 1,
                cells: cells.clone(),
            })
            .collect();
        let back: Vec<Cell> = rows.iter().map(|r| r.cell(0)).collect();
        assert_eq!(back, input.concat());
    }
}
