//! Spreadsheet datasets (`.xlsx`, `.ods`): the same table and chart as the CSV of the same
//! data, and problems named by sheet and cell. The workbooks are written here with
//! rust_xlsxwriter; the `.ods` fixture is made by `tests/testsuite/fixtures/sheets/make_ods.py`.

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use crate::invalid::failing_build_with;
use crate::{TestBrief, repo_root, select};

/// A cell to write: text, or a number with its format code, or a date.
enum Put {
    Text(&'static str),
    Number(f64, &'static str),
    Date(u16, u8, u8),
}

/// A workbook with a first sheet `Notes` and a sheet `name` holding `rows` from `top` (0-based
/// row) in column A, with a title above them and a note under them after an empty row.
fn workbook(name: &str, top: u32, rows: &[Vec<Put>]) -> Vec<u8> {
    let mut book = Workbook::new();
    book.add_worksheet()
        .set_name("Notes")
        .unwrap()
        .write_string(0, 0, "See the next sheet")
        .unwrap();
    let sheet = book.add_worksheet().set_name(name).unwrap();
    sheet
        .write_string(0, 0, "Table 2. Exports by partner")
        .unwrap();
    for (r, row) in rows.iter().enumerate() {
        let r = top + r as u32;
        for (c, put) in row.iter().enumerate() {
            let c = c as u16;
            match put {
                Put::Text(text) => sheet.write_string(r, c, *text).map(|_| ()),
                Put::Number(v, code) => sheet
                    .write_number_with_format(r, c, *v, &Format::new().set_num_format(*code))
                    .map(|_| ()),
                Put::Date(y, m, d) => sheet
                    .write_datetime_with_format(
                        r,
                        c,
                        ExcelDateTime::from_ymd(*y, *m, *d).unwrap(),
                        &Format::new().set_num_format("d mmm yyyy"),
                    )
                    .map(|_| ()),
            }
            .unwrap();
        }
    }
    let below = top + rows.len() as u32 + 1;
    sheet
        .write_string(below, 0, "Source: Statistics office")
        .unwrap();
    book.save_to_buffer().unwrap()
}

/// The trade table as a spreadsheet holds it: numbers typed and formatted, dates as dates,
/// and the publisher's marks for missing values as text.
fn trade_rows() -> Vec<Vec<Put>> {
    use Put::*;
    vec![
        vec![
            Text("Year"),
            Text("Partner"),
            Text("Exports"),
            Text("Share"),
            Text("Price"),
            Text("Code"),
            Text("Updated"),
        ],
        vec![
            Number(2025.0, "General"),
            Text("Germany"),
            Number(1234.5, "#,##0.0"),
            Number(0.1234, "0.00%"),
            Number(3.4, "\"$\"#,##0.00"),
            Text("0012"),
            Date(2025, 1, 31),
        ],
        vec![
            Number(2024.0, "General"),
            Text("France"),
            Number(450.0, "#,##0.0"),
            Number(0.034, "0.00%"),
            Number(12.0, "\"$\"#,##0.00"),
            Text("0013"),
            Date(2024, 12, 1),
        ],
        vec![
            Number(2023.0, "General"),
            Text("Spain"),
            Text("–"),
            Text("n/a"),
            Text("$1.50"),
            Text("0014"),
            Date(2023, 6, 30),
        ],
    ]
}

/// The same table as its CSV.
const TRADE_CSV: &str = "Year,Partner,Exports,Share,Price,Code,Updated\n\
    2025,Germany,\"1,234.5\",12.34%,$3.40,0012,2025-01-31\n\
    2024,France,450.0,3.40%,$12.00,0013,2024-12-01\n\
    2023,Spain,–,n/a,$1.50,0014,2023-06-30\n";

const SIDECAR: &str = "title: Exports by partner\nunit: US$ bn\n\
    columns:\n  Code: {type: id}\n";

const BLOCKS: &str = "```table\nid: trade\ndata: trade\n```\n\n\
    ```chart\nid: exports\ntype: bar\ndata: trade\nx: Year\ny: Exports\n```\n";

/// The `basic` brief with `files` under `content/data/` and a section showing the trade
/// table and a chart of it.
fn brief_with(files: &[(&str, &[u8])]) -> TestBrief {
    let brief = TestBrief::fixture("basic");
    for (name, content) in files {
        brief.write(&format!("content/data/{name}"), content);
    }
    brief.write(
        "content/03-tables.md",
        format!("---\ntitle: Tables\n---\n\n{BLOCKS}"),
    );
    brief
}

/// The table's and the chart's HTML on the built page.
fn figures(brief: &TestBrief) -> Vec<String> {
    let page = brief.page();
    ["#tbl-trade", "#fig-exports"]
        .iter()
        .map(|id| {
            let found = select(&page, id);
            assert_eq!(found.len(), 1, "{id} on the page");
            found[0].html()
        })
        .collect()
}

#[test]
fn a_workbook_shows_as_its_csv_does() {
    let csv = brief_with(&[
        ("trade.csv", TRADE_CSV.as_bytes()),
        ("trade.yaml", SIDECAR.as_bytes()),
    ]);
    csv.build().assert_success();
    let from_csv = figures(&csv);
    // The table starts on row 3 of the second sheet, under a title; a note follows it.
    let sidecar = format!("{SIDECAR}sheet: Table 2\nheader_row: 3\n");
    let xlsx = brief_with(&[
        ("trade.xlsx", &workbook("Table 2", 2, &trade_rows())),
        ("trade.yaml", sidecar.as_bytes()),
    ]);
    xlsx.build().assert_success();
    assert_eq!(figures(&xlsx), from_csv);
    assert!(from_csv[0].contains("12.34%") && from_csv[0].contains("2025-01-31"));
    // The same with a range instead of a header row.
    let ranged = format!("{SIDECAR}sheet: Table 2\nrange: \"A3:G6\"\n");
    xlsx.write("content/data/trade.yaml", ranged);
    xlsx.build().assert_success();
    assert_eq!(figures(&xlsx), from_csv);
}

#[test]
fn an_ods_workbook_shows_as_its_csv_does() {
    // The fixture holds the trade table with plain numbers (ods formats are not read).
    let ods = std::fs::read(repo_root().join("tests/testsuite/fixtures/sheets/trade.ods")).unwrap();
    let csv_text = "Year,Partner,Exports,Updated\n2025,Germany,1234.5,2025-01-31\n\
        2024,France,450.25,2024-12-01\n";
    let csv = brief_with(&[("trade.csv", csv_text.as_bytes())]);
    csv.write(
        "content/03-tables.md",
        "---\ntitle: Tables\n---\n\n```table\nid: trade\ndata: trade\n```\n",
    );
    csv.build().assert_success();
    let from_ods = brief_with(&[("trade.ods", &ods)]);
    from_ods.write(
        "content/03-tables.md",
        "---\ntitle: Tables\n---\n\n```table\nid: trade\ndata: trade\n```\n",
    );
    from_ods.build().assert_success();
    let table = |b: &TestBrief| select(&b.page(), "#tbl-trade")[0].html();
    assert_eq!(table(&from_ods), table(&csv));
}

#[test]
fn a_bad_cell_is_named_by_its_sheet_and_cell() {
    let mut rows = trade_rows();
    rows[2][2] = Put::Text("about 450");
    // Declared numeric: a cell that does not read is an error, not a reason to read text.
    let sidecar = format!("{SIDECAR}  Exports: {{type: number}}\nsheet: Table 2\nheader_row: 3\n");
    let stderr = failing_build_with(
        |b| {
            b.write("content/data/trade.xlsx", workbook("Table 2", 2, &rows));
            b.write("content/data/trade.yaml", &sidecar);
            b.write(
                "content/03-tables.md",
                format!("---\ntitle: Tables\n---\n\n{BLOCKS}"),
            );
        },
        &[],
    );
    insta::assert_snapshot!(stderr);
}

/// The stderr of a failing build with the trade workbook and `sidecar`.
fn failing_with_sidecar(sidecar: &str) -> String {
    failing_build_with(
        |b| {
            b.write(
                "content/data/trade.xlsx",
                workbook("Table 2", 2, &trade_rows()),
            );
            b.write("content/data/trade.yaml", sidecar);
        },
        &[],
    )
}

#[test]
fn a_missing_sheet_lists_the_sheets_there_are() {
    let stderr = failing_with_sidecar(&format!("{SIDECAR}sheet: Table 3\n"));
    insta::assert_snapshot!(stderr);
}

#[test]
fn a_dataset_in_two_forms_is_refused() {
    let stderr = failing_build_with(
        |b| {
            b.write("content/data/trade.csv", TRADE_CSV);
            b.write(
                "content/data/trade.xlsx",
                workbook("Table 2", 0, &trade_rows()),
            );
        },
        &[],
    );
    assert!(
        stderr.contains("the dataset `trade` is in two files: `content/data/trade.csv`"),
        "{stderr}"
    );
}

#[test]
fn a_spreadsheet_over_its_limit_is_refused_before_it_is_opened() {
    let stderr = failing_build_with(
        |b| {
            // A sparse file: as large as the limit says; opened, it would not even read.
            let file = std::fs::File::create(b.path().join("content/data/huge.xlsx")).unwrap();
            file.set_len(brief::MAX_SHEET_BYTES + 1).unwrap();
        },
        &[],
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn sheet_keys_in_a_csv_sidecar_are_refused() {
    let stderr = failing_build_with(
        |b| {
            b.write("content/data/trade.csv", TRADE_CSV);
            b.write("content/data/trade.yaml", "sheet: Table 2\n");
        },
        &[],
    );
    assert!(
        stderr.contains("`sheet:` applies to a spreadsheet, and the rows are in a CSV")
            && stderr.contains("content/data/trade.yaml:1:1"),
        "{stderr}"
    );
}

#[test]
fn a_cell_holding_an_error_is_named() {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "Year").unwrap();
    sheet.write_string(0, 1, "Value").unwrap();
    sheet.write_number(1, 0, 2025.0).unwrap();
    sheet.write_number(1, 1, 1.0).unwrap();
    sheet.write_number(2, 0, 2024.0).unwrap();
    sheet
        .write_formula(
            2,
            1,
            rust_xlsxwriter::Formula::new("=1/0").set_result("#DIV/0!"),
        )
        .unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let stderr = failing_build_with(
        |b| {
            b.write("content/data/values.xlsx", &bytes);
        },
        &[],
    );
    assert!(
        stderr.contains("error: the cell holds the error `#DIV/0!`")
            && stderr.contains("content/data/values.xlsx, sheet \"Sheet1\", cell B3"),
        "{stderr}"
    );
}

#[test]
fn where_the_table_is_must_be_said_once_and_readably() {
    for (sidecar, error, place) in [
        (
            "range: \"A3:G6\"\nheader_row: 3\n",
            "`header_row:` and `range:` both say where the table starts",
            "content/data/trade.yaml:3:13",
        ),
        (
            "header_row: 0\n",
            "there is no row 0",
            "content/data/trade.yaml:2:13",
        ),
        (
            "range: \"A3-G6\"\n",
            "`A3-G6` is not a range of cells",
            "content/data/trade.yaml:2:8",
        ),
    ] {
        let stderr = failing_with_sidecar(&format!("sheet: Table 2\n{sidecar}"));
        assert!(
            stderr.contains(&format!("error: {error}")) && stderr.contains(place),
            "{stderr}"
        );
    }
}
