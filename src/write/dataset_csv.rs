//! A dataset as its CSV download: RFC 4180, safe to open in a spreadsheet.

use crate::model::{Cell, Dataset};

/// A dataset as CSV (RFC 4180), with text that a spreadsheet would run as a formula
/// (`=`, `+`, `-`, `@`, tab, carriage return first) prefixed with `'`.
pub(crate) fn dataset_csv(dataset: &Dataset) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        // Sized up front: doubling a buffer of tens of megabytes holds it twice while it copies.
        .from_writer(Vec::with_capacity(dataset.file.text.len() + 1024));
    let header: Vec<String> = dataset.columns.iter().map(|c| neutralise(&c.key)).collect();
    let _ = writer.write_record(&header);
    for row in dataset.rows.iter() {
        let record: Vec<String> = row
            .cells()
            .map(|cell| match cell {
                Cell::Number(_) | Cell::Missing => cell.plain_text(),
                other => neutralise(&other.plain_text()),
            })
            .collect();
        let _ = writer.write_record(&record);
    }
    writer.into_inner().unwrap_or_default()
}

fn neutralise(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(neutralise("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
        assert_eq!(neutralise("Semiconductors"), "Semiconductors");
    }
}
