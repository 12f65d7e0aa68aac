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
    /// GAO's spanning headers: each label over the CSV columns it spans.
    groups: &'static [(&'static str, &'static [&'static str])],
}

/// GAO's two-level header of tables 1, 2, 5 and 6, as printed.
const GAO_GROUPS: &[(&str, &[&str])] = &[
    (
        "Applications",
        &["Number", "Number successful", "Percentage successful"],
    ),
    (
        "Dollar amounts",
        &["Applied for", "Awarded", "Percentage awarded"],
    ),
];

const TABLES: [Shown; 8] = [
    grouped("#tbl-cde-type table", "table1_cde_type"),
    grouped("#tbl-minority-by-year table", "table2_minority_by_year"),
    table("#tbl-minority-scores table", "table4_minority_scores"),
    chart("#fig-section-scores table", "figure2_section_scores"),
    chart("#fig-type-scores table", "figure3_type_scores"),
    grouped("#tbl-asset-size table", "table5_asset_size"),
    grouped(
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
        groups: &[],
    }
}

const fn grouped(selector: &'static str, dataset: &'static str) -> Shown {
    Shown {
        groups: GAO_GROUPS,
        ..table(selector, dataset)
    }
}

const fn chart(selector: &'static str, dataset: &'static str) -> Shown {
    Shown {
        series_labels: Some(["Minority CDEs", "Non-minority CDEs"]),
        ..table(selector, dataset)
    }
}

/// The label of GAO's total rows, table by table ("All applicants" closes tables 1, 5 and 6;
/// in table 1, twice: non-minority and minority).
const GAO_TOTALS: [(&str, &str); 5] = [
    ("table1_cde_type", "All applicants[B]"),
    ("table2_minority_by_year", "Total"),
    ("table4_minority_scores", "Average all years[A]"),
    ("table5_asset_size", "All applicants"),
    ("table6_minority_asset_size", "All applicants"),
];

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
    #[serde(default)]
    totals: Vec<String>,
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

/// A header cell as the test compares it: its text, colspan and rowspan.
type HeaderCell = (String, usize, usize);

fn header_cells(row: &scraper::ElementRef<'_>) -> Vec<HeaderCell> {
    let selector = scraper::Selector::parse("th, td").unwrap();
    let span = |c: &scraper::ElementRef<'_>, name| {
        c.value().attr(name).map_or(1, |v: &str| v.parse().unwrap())
    };
    row.select(&selector)
        .map(|c| (text(&c), span(&c, "colspan"), span(&c, "rowspan")))
        .collect()
}

/// The header rows a table must show: with spanning headers, the group labels over their
/// columns and each ungrouped column's label over both rows; without, one row of labels.
fn expected_header(
    labels: &[String],
    keys: &[String],
    groups: &[(&str, &[&str])],
) -> Vec<Vec<HeaderCell>> {
    if groups.is_empty() {
        return vec![labels.iter().map(|l| (l.clone(), 1, 1)).collect()];
    }
    let (mut top, mut under) = (Vec::new(), Vec::new());
    for (key, label) in keys.iter().zip(labels) {
        match groups.iter().find(|(_, cols)| cols.contains(&key.as_str())) {
            Some((group, cols)) => {
                if cols[0] == key {
                    // A group spans columns side by side, in the CSV's order.
                    let at = keys.iter().position(|k| k == key).unwrap();
                    assert_eq!(&keys[at..at + cols.len()], *cols, "{group}");
                    top.push((group.to_string(), cols.len(), 1));
                }
                under.push((label.clone(), 1, 1));
            }
            None => top.push((label.clone(), 1, 2)),
        }
    }
    vec![top, under]
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

        let mut labels: Vec<String> = header
            .iter()
            .map(|key| {
                let column = sidecar.columns.get(key);
                column.and_then(|c| c.label.clone()).unwrap_or(key.clone())
            })
            .collect();
        if let Some(series) = shown.series_labels {
            labels.truncate(1);
            labels.extend(series.map(String::from));
        }
        let head_row = scraper::Selector::parse("thead tr").unwrap();
        let head: Vec<Vec<HeaderCell>> =
            table.select(&head_row).map(|r| header_cells(&r)).collect();
        assert_eq!(
            head,
            expected_header(&labels, &header, shown.groups),
            "the headers of {}",
            shown.dataset
        );

        // The body, then the footer: GAO's total rows close its tables, as in the CSV.
        let body_row = scraper::Selector::parse("tbody tr, tfoot tr").unwrap();
        let body: Vec<Vec<String>> = table.select(&body_row).map(|r| cells(&r)).collect();
        assert_eq!(body.len(), rows.len(), "the rows of {}", shown.dataset);
        // GAO's total rows are marked so, and they, and only they, are the footer's.
        let printed_totals = GAO_TOTALS
            .iter()
            .find(|(d, _)| *d == shown.dataset)
            .map(|(_, label)| vec![label.to_string()]);
        assert_eq!(
            sidecar.totals,
            printed_totals.unwrap_or_default(),
            "{}",
            shown.dataset
        );
        let foot_row = scraper::Selector::parse("tfoot tr.total").unwrap();
        let foot: Vec<String> = table
            .select(&foot_row)
            .map(|r| cells(&r)[0].clone())
            .collect();
        let totals: Vec<String> = rows
            .iter()
            .filter(|r| sidecar.totals.contains(&r[0]))
            .map(|r| r[0].clone())
            .collect();
        assert_eq!(foot, totals, "the total rows of {}", shown.dataset);
        assert_eq!(
            select(&page, &format!("{} tfoot tr", shown.selector)).len(),
            totals.len()
        );
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
    // Table 7's "Not applicable", declared a missing word, leaves its percentage columns
    // numeric (aligned as numbers), and is shown as GAO printed it (checked above).
    assert_eq!(
        select(&page, "#tbl-repeat-applicants thead th.num").len(),
        4
    );
    assert_eq!(
        select(&page, "#tbl-repeat-applicants td.num > span.missing").len(),
        6
    );
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
    // The last column's header, "Percentage awarded" under the spanning "Dollar amounts", in
    // the table (between its caption and its source line). pdftotext reads a table's cells in
    // an order that depends on where it falls on its page, so only the words are checked:
    // "Percentage" twice (successful, awarded), "awarded" in lower case only there.
    let start = text.find("Table1.").expect("Table 1's caption");
    let table = &text[start..start + text[start..].find("Source:").expect("source line")];
    for header in [
        "Applications",
        "Dollaramounts",
        "Appliedfor",
        "Awarded",
        "awarded",
    ] {
        assert!(table.contains(header), "{header} is not in {table}");
    }
    assert_eq!(table.matches("Percentage").count(), 2, "{table}");
}
