//! A real report, ported as an analyst would: `examples/gao-nmtc/` is GAO-09-536 (public
//! domain), its tables kept as CSV exactly as GAO printed them. Every table of the built page,
//! the report's own and the charts' data tables, must read character for character as its
//! CSV, headers as the sidecar labels them; the few cells brief prints otherwise are listed
//! below with the rule that makes them so, so any other difference fails.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use serde::Deserialize;

use crate::{TestBrief, repo_root, select, text};

const EXAMPLE: &str = "examples/gao-nmtc";

/// A table of the page and the dataset it shows.
struct Shown {
    /// Selects the `<table>`.
    selector: &'static str,
    dataset: &'static str,
    /// Headers a chart sets (its `series_labels`), in place of the columns' labels.
    series_labels: Option<[&'static str; 2]>,
}

const TABLES: [Shown; 8] = [
    table("#tbl-cde-type table", "table1_cde_type"),
    table("#tbl-minority-by-year table", "table2_minority_by_year"),
    table("#tbl-minority-scores table", "table4_minority_scores"),
    chart("#fig-section-scores table", "figure2_section_scores"),
    chart("#fig-type-scores table", "figure3_type_scores"),
    table("#tbl-asset-size table", "table5_asset_size"),
    table(
        "#tbl-minority-asset-size table",
        "table6_minority_asset_size",
    ),
    table("#tbl-repeat-applicants table", "table7_repeat_applicants"),
];

const fn table(selector: &'static str, dataset: &'static str) -> Shown {
    Shown {
        selector,
        dataset,
        series_labels: None,
    }
}

const fn chart(selector: &'static str, dataset: &'static str) -> Shown {
    Shown {
        selector,
        dataset,
        series_labels: Some(["Minority CDEs", "Non-minority CDEs"]),
    }
}

/// Cells brief prints otherwise than GAO did, by a documented rule: a zero printed bare
/// (`0`, `0.0`) in a column whose other cells carry `$` or `%` is shown with the sign
/// (README, "A CSV dataset"); a column shows as many decimals as the most it printed, so
/// figure 3's `73` and `77` beside `72.9` read `73.0` and `77.0`, in the chart's data table as
/// in a table. (dataset, body row, column) → what the page shows.
const NORMALISED: [(&str, usize, usize, &str, &str); 5] = [
    ("table1_cde_type", 7, 4, "0.0", "0.0%"),
    ("table1_cde_type", 7, 6, "0", "$0"),
    ("table1_cde_type", 7, 7, "0.0", "0.0%"),
    ("figure3_type_scores", 0, 2, "73", "73.0"),
    ("figure3_type_scores", 3, 2, "77", "77.0"),
];

#[derive(Deserialize, Default)]
struct Sidecar {
    #[serde(default)]
    columns: BTreeMap<String, SidecarColumn>,
}

#[derive(Deserialize, Default)]
struct SidecarColumn {
    label: Option<String>,
}

/// A CSV of the example: its header and its rows, as text.
fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let header = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

fn cells(row: &scraper::ElementRef<'_>) -> Vec<String> {
    let selector = scraper::Selector::parse("th, td").unwrap();
    row.select(&selector).map(|c| text(&c)).collect()
}

#[test]
fn every_table_reads_as_the_publisher_printed_it() {
    let brief = TestBrief::copy_of(&repo_root().join(EXAMPLE));
    brief.build().assert_success();
    let page = brief.page();
    // Every table of the page is one of those checked here.
    assert_eq!(select(&page, "table").len(), TABLES.len());
    let data = repo_root().join(EXAMPLE).join("content/data");
    let mut normalised_seen = 0;
    for shown in TABLES {
        let (header, rows) = read_csv(&data.join(format!("{}.csv", shown.dataset)));
        let sidecar: Sidecar = serde_saphyr::from_str(
            &fs::read_to_string(data.join(format!("{}.yaml", shown.dataset))).unwrap(),
        )
        .unwrap();
        let table = select(&page, shown.selector);
        assert_eq!(table.len(), 1, "{}", shown.selector);
        let table = table[0];

        let mut expected_header: Vec<String> = header
            .iter()
            .map(|key| {
                let column = sidecar.columns.get(key);
                column.and_then(|c| c.label.clone()).unwrap_or(key.clone())
            })
            .collect();
        if let Some(labels) = shown.series_labels {
            expected_header.truncate(1);
            expected_header.extend(labels.map(String::from));
        }
        let head_row = scraper::Selector::parse("thead tr").unwrap();
        let head: Vec<String> = table.select(&head_row).flat_map(|r| cells(&r)).collect();
        assert_eq!(head, expected_header, "the headers of {}", shown.dataset);

        let body_row = scraper::Selector::parse("tbody tr").unwrap();
        let body: Vec<Vec<String>> = table.select(&body_row).map(|r| cells(&r)).collect();
        assert_eq!(body.len(), rows.len(), "the rows of {}", shown.dataset);
        for (r, (shown_row, source_row)) in body.iter().zip(&rows).enumerate() {
            assert_eq!(
                shown_row.len(),
                source_row.len(),
                "{} row {r}",
                shown.dataset
            );
            for (c, (cell, source)) in shown_row.iter().zip(source_row).enumerate() {
                let rule = NORMALISED
                    .iter()
                    .find(|(d, row, col, _, _)| *d == shown.dataset && *row == r && *col == c);
                match rule {
                    Some((_, _, _, printed, shows)) => {
                        assert_eq!(source, printed, "the CSV changed under the rule");
                        assert_eq!(cell, shows, "{} row {r} column {c}", shown.dataset);
                        normalised_seen += 1;
                    }
                    None => assert_eq!(
                        cell, source,
                        "{} row {r} column {c}: the page shows {cell:?}, GAO printed {source:?}",
                        shown.dataset
                    ),
                }
            }
        }
    }
    assert_eq!(normalised_seen, NORMALISED.len());
}

#[test]
fn the_port_checks_clean_and_its_cross_references_resolve() {
    let brief = TestBrief::copy_of(&repo_root().join(EXAMPLE));
    let check = brief.run(&["check"]);
    check.assert_success();
    assert!(
        check.stdout.contains("No errors (0 warnings)."),
        "{}",
        check.stdout
    );
    brief.build().assert_success();
    let page = brief.page();
    // Every empty-text link to a figure, table or section reads as its number.
    let links = select(&page, "p a[href^='#tbl-'], p a[href^='#fig-']");
    assert!(links.len() >= 8, "{} cross-references", links.len());
    for link in links {
        let label = text(&link);
        assert!(
            label.starts_with("Table ") || label.starts_with("Figure "),
            "{label:?}"
        );
    }
    // The endnotes are the report's, numbered across the brief.
    assert_eq!(select(&page, "li[id^='fn-']").len(), 10);
}

#[test]
fn the_pdf_prints_every_column_of_the_widest_table() {
    // Table 1 has eight columns under long headers. When numeric headers could not wrap, the
    // table was wider than the page: Chromium shrank every page to fit and still cut off the
    // last column ("percentage awarded"), whose cells were then missing from the PDF.
    let brief = TestBrief::copy_of(&repo_root().join(EXAMPLE));
    let pdf = crate::pdf::build_pdf(&brief, &["build", "--pdf"], "gao-09-536");
    let text = crate::pdf::squeeze(&crate::pdf::page_texts(&pdf).concat());
    let data = repo_root().join(EXAMPLE).join("content/data");
    let (_, rows) = read_csv(&data.join("table1_cde_type.csv"));
    for row in &rows {
        let last = row.last().unwrap();
        let shown = if last == "0.0" { "0.0%" } else { last.as_str() };
        assert!(text.contains(shown), "{shown} is not in the PDF");
    }
    // The last column's header, "Dollar amounts: percentage awarded", between the table's
    // caption and its first row, beside "Dollar amounts: awarded". (pdftotext reads a wrapped
    // header's lines in an order that depends on where the table falls on its page: its
    // words are not always together.)
    let start = text.find("Table1.").expect("Table 1's caption");
    let header = &text[start..start + text[start..].find("For-profit").expect("first row")];
    assert!(
        header.contains("Dollaramounts:percentage") && header.matches("awarded").count() == 2,
        "{header}"
    );
}
