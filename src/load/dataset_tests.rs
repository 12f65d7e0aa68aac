//! Tests of reading a YAML dataset.

use std::path::PathBuf;

use super::*;

fn dataset(text: &str) -> Result<Dataset, Diagnostics> {
    load_dataset(SourceFile {
        path: PathBuf::from("content/data/t.yaml"),
        display: PathBuf::from("content/data/t.yaml"),
        text: text.to_string(),
    })
}

#[test]
fn norway_problem_values_stay_text() {
    // Regression: YAML 1.1 reads NO as false and 0012 as 12 (or octal); country and
    // product codes must survive as written.
    let d = dataset("rows:\n  - {code: NO, hs: 0012, n: 5}\n  - {code: IN, hs: '0013', n: 6}\n")
        .unwrap();
    assert_eq!(d.rows.get(0).cell(0), Cell::Text("NO".into()));
    assert_eq!(d.rows.get(0).cell(1), Cell::Text("0012".into()));
    assert_eq!(d.columns[2].kind, ColumnKind::Number);
}

#[test]
fn null_is_a_gap_not_a_zero() {
    let d =
        dataset("rows:\n  - {year: 2010, v: 1.5}\n  - {year: 2011, v: null}\n  - {year: 2012}\n")
            .unwrap();
    assert_eq!(d.rows.get(1).cell(1), Cell::Missing);
    assert_eq!(d.rows.get(2).cell(1), Cell::Missing);
}

#[test]
fn a_text_value_in_a_number_column_is_located() {
    let text = "columns:\n  v: {type: number}\nrows:\n  - {v: 1}\n  - {v: lots}\n";
    let err: Vec<Diagnostic> = dataset(text).unwrap_err().into_iter().collect();
    // Found by the fast parse, which keeps no places; located by the second.
    assert_eq!((err[0].line, err[0].column), (5, 9));
    assert!(
        err[0].message.contains("expected a number"),
        "{}",
        err[0].message
    );
}
