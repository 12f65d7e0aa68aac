//! A dataset as its CSV download: RFC 4180, safe to open in a spreadsheet.

use crate::model::{Cell, Dataset, RowRef};

/// A dataset as CSV (RFC 4180), with text that a spreadsheet would run as a formula
/// (`=`, `+`, `-`, `@`, tab, carriage return first) prefixed with `'`.
pub(crate) fn dataset_csv(dataset: &Dataset) -> Vec<u8> {
    let mut builder = csv::WriterBuilder::new();
    builder.terminator(csv::Terminator::CRLF);
    let mut out = Vec::with_capacity(64 * 1024);
    let mut rows = dataset.rows.iter();
    let mut writer = builder.from_writer(&mut out);
    let header: Vec<String> = dataset.columns.iter().map(|c| neutralise(&c.key)).collect();
    let _ = writer.write_record(&header);
    let mut record = Record::default();
    for row in rows.by_ref().take(SAMPLE_ROWS) {
        let _ = writer.write_byte_record(record.of(row, dataset.columns.len()));
    }
    let _ = writer.flush();
    drop(writer);
    // The rest sized from the first rows: doubling a buffer of tens of megabytes would hold it
    // twice while it copies (the dataset's file is not kept to size it by).
    let rest = rows.len() * (out.len() / SAMPLE_ROWS + 1);
    out.reserve_exact(rest + rest / 16);
    let mut writer = builder.from_writer(&mut out);
    for row in rows {
        let _ = writer.write_byte_record(record.of(row, dataset.columns.len()));
    }
    let _ = writer.flush();
    drop(writer);
    out
}

/// A row's cells as the CSV writes them, in buffers used again for each row (a large
/// dataset has millions of cells).
#[derive(Default)]
struct Record {
    fields: csv::ByteRecord,
    cell: String,
}

impl Record {
    fn of(&mut self, row: RowRef<'_>, columns: usize) -> &csv::ByteRecord {
        self.fields.clear();
        for column in 0..columns {
            self.cell.clear();
            match row.text(column) {
                Some(text) => push_neutralised(&mut self.cell, text),
                None => match row.cell(column) {
                    Cell::Missing => {}
                    Cell::Number(n) => crate::format::push_plain_number(&mut self.cell, n),
                    other => push_neutralised(&mut self.cell, &other.plain_text()),
                },
            }
            self.fields.push_field(self.cell.as_bytes());
        }
        &self.fields
    }
}

/// The rows written before the buffer is sized for the rest, from their length.
const SAMPLE_ROWS: usize = 1000;

fn neutralise(text: &str) -> String {
    let mut out = String::new();
    push_neutralised(&mut out, text);
    out
}

/// [`neutralise`] written at the end of `out`.
fn push_neutralised(out: &mut String, text: &str) {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        out.push('\'');
    }
    out.push_str(text);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(neutralise("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
        assert_eq!(neutralise("Semiconductors"), "Semiconductors");
    }

    #[test]
    fn every_row_is_written_into_a_buffer_sized_once() {
        let yaml = (0..13_000).fold(String::from("rows:\n"), |text, i| {
            text + &format!(
                "  - {{year: {}, partner: \"=P{}\"}}\n",
                1990 + i % 30,
                i % 7
            )
        });
        let dataset = crate::load::load_dataset(crate::model::SourceFile {
            path: "data/d.yaml".into(),
            display: "data/d.yaml".into(),
            text: yaml,
        })
        .unwrap();
        let out = dataset_csv(&dataset);
        let text = String::from_utf8(out.clone()).unwrap();
        let lines: Vec<&str> = text.split_terminator("\r\n").collect();
        assert_eq!(lines.len(), 13_001);
        assert_eq!(lines[0], "year,partner");
        assert_eq!(lines[1], "1990,'=P0");
        assert_eq!(
            lines[13_000],
            format!("{},'=P{}", 1990 + 12_999 % 30, 12_999 % 7)
        );
        // Rows of one length: the buffer was sized from the first ones, not doubled (143 kB
        // doubled from 64 kB would take 256 kB).
        assert!(
            out.capacity() < out.len() * 5 / 4,
            "{} for {}",
            out.capacity(),
            out.len()
        );
    }

    #[test]
    fn each_cell_is_written_as_its_plain_text() {
        // Every kind of cell: text (a formula among them), numbers, missing, lists, and a
        // column of mixed kinds; written from the cells one by one, as a reader gets them.
        let yaml = "rows:\n  - {a: \"-x\", b: 1.5, c: [p, q], d: 3, e: \"x,y\"}\n  \
                    - {a: null, b: null, c: null, d: \"@d\", e: \"q\\\"t\"}\n  \
                    - {a: plain, b: -2, c: [r], d: 1e20, e: null}\n";
        let dataset = crate::load::load_dataset(crate::model::SourceFile {
            path: "data/d.yaml".into(),
            display: "data/d.yaml".into(),
            text: yaml.into(),
        })
        .unwrap();
        let mut expected = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::new());
        expected.write_record(["a", "b", "c", "d", "e"]).unwrap();
        for row in dataset.rows.iter() {
            let cells: Vec<String> = row
                .cells()
                .map(|cell| match cell {
                    Cell::Number(_) | Cell::Missing => cell.plain_text(),
                    other => neutralise(&other.plain_text()),
                })
                .collect();
            expected.write_record(&cells).unwrap();
        }
        let expected = expected.into_inner().unwrap();
        assert_eq!(
            String::from_utf8(dataset_csv(&dataset)).unwrap(),
            String::from_utf8(expected).unwrap()
        );
    }
}
