//! Table structure as reports publish it, on the `tables` fixture: spanning column headers,
//! total and subtotal rows set apart, missing values read as "no data", and one dataset
//! filtered and ordered for several figures (charts leave its totals out). The bad inputs are
//! `invalid/table-group-*`, `invalid/chart-filter-*`, `invalid/chart-rows-*` and
//! `invalid/*-totals-*`.

use crate::{TestBrief, select, text};

fn built() -> (TestBrief, scraper::Html) {
    let brief = TestBrief::fixture("tables");
    brief.build().assert_success();
    let page = brief.page();
    (brief, page)
}

fn attr(element: &scraper::ElementRef<'_>, name: &str) -> String {
    element.value().attr(name).unwrap_or_default().to_string()
}

#[test]
fn spanning_headers_make_two_header_rows_and_column_groups() {
    let (_brief, page) = built();
    let rows = select(&page, "#tbl-holdings thead tr");
    assert_eq!(rows.len(), 2, "two header rows under spanning headers");
    let groups = select(&page, "#tbl-holdings thead th[scope=colgroup]");
    let described: Vec<(String, String)> = groups
        .iter()
        .map(|g| (text(g), attr(g, "colspan")))
        .collect();
    assert_eq!(
        described,
        [
            ("December 2025".to_string(), "2".to_string()),
            ("December 2021".to_string(), "2".to_string())
        ]
    );
    // Ungrouped columns' headers span both rows; each group is a <colgroup> of its span, so
    // that scope="colgroup" names the columns it heads.
    let tall: Vec<String> = select(&page, "#tbl-holdings thead th[rowspan='2']")
        .iter()
        .map(text)
        .collect();
    assert_eq!(tall, ["Holder", "Region of the holder"]);
    let spans: Vec<String> = select(&page, "#tbl-holdings colgroup")
        .iter()
        .map(|c| attr(c, "span"))
        .collect();
    assert_eq!(spans, ["", "", "2", "2"]);
    let under: Vec<String> = select(&page, "#tbl-holdings thead tr:nth-child(2) th")
        .iter()
        .map(text)
        .collect();
    assert_eq!(under.len(), 4);
    assert_eq!(under[1], "Share of all holdings, end of year (%)");
}

#[test]
fn a_grand_total_goes_in_the_footer_and_subtotals_are_marked_in_place() {
    let (_brief, page) = built();
    let foot: Vec<String> = select(&page, "#tbl-holdings tfoot tr.total th[scope=row]")
        .iter()
        .map(text)
        .collect();
    assert_eq!(foot, ["Total"]);
    assert!(
        select(&page, "#tbl-holdings tbody th")
            .iter()
            .all(|th| text(th) != "Total"),
        "the total is not repeated in the body"
    );
    let body: Vec<(String, String)> = select(&page, "#tbl-holdings tbody tr")
        .iter()
        .map(|tr| {
            let th = tr
                .select(&scraper::Selector::parse("th").unwrap())
                .next()
                .unwrap();
            (text(&th), attr(tr, "class"))
        })
        .collect();
    let marked: Vec<&str> = body
        .iter()
        .filter(|(_, class)| class == "subtotal")
        .map(|(label, _)| label.as_str())
        .collect();
    assert_eq!(marked, ["Asia, subtotal", "Europe, subtotal"]);
    assert_eq!(
        body[3].0, "Asia, subtotal",
        "subtotals stay where they stand"
    );
    assert_eq!(body.len(), 9);
}

#[test]
fn a_missing_number_is_aligned_as_a_number_and_read_as_no_data() {
    let (_brief, page) = built();
    let belgium = select(&page, "#tbl-holdings tbody tr")
        .into_iter()
        .find(|tr| text(tr).starts_with("Belgium"))
        .expect("a Belgium row");
    let cells: Vec<_> = belgium
        .select(&scraper::Selector::parse("td").unwrap())
        .collect();
    let missing = &cells[3];
    assert_eq!(attr(missing, "class"), "num");
    let hidden = missing
        .select(&scraper::Selector::parse("[aria-hidden=true]").unwrap())
        .next()
        .expect("the dash is hidden from screen readers");
    assert_eq!(text(&hidden), "–");
    let spoken = missing
        .select(&scraper::Selector::parse(".visually-hidden").unwrap())
        .next()
        .expect("a screen reader hears the gap");
    assert_eq!(text(&spoken), "no data");
}

#[test]
fn one_dataset_is_filtered_and_ordered_for_each_figure_and_charts_leave_totals_out() {
    let (brief, page) = built();
    // The hbar: Asia and Europe, no subtotal, no total.
    let shares: Vec<String> = select(&page, "#fig-shares .figure-data tbody th")
        .iter()
        .map(text)
        .collect();
    assert_eq!(
        shares,
        [
            "Japan",
            "China",
            "India",
            "United Kingdom",
            "Luxembourg",
            "Belgium"
        ]
    );
    let svg = brief.output("charts/shares.svg");
    assert!(
        !svg.contains("subtotal") && !svg.contains(">Total<"),
        "{svg}"
    );
    // `rows:` picks rows by label, in the listed order.
    let largest: Vec<String> = select(&page, "#fig-largest .figure-data tbody th")
        .iter()
        .map(text)
        .collect();
    assert_eq!(largest, ["Japan", "China", "United Kingdom", "Belgium"]);
    // A table filtered to one region keeps that region's subtotal, and no grand total.
    let asia: Vec<String> = select(&page, "#tbl-asia tbody th")
        .iter()
        .map(text)
        .collect();
    assert_eq!(asia, ["Japan", "China", "India", "Asia, subtotal"]);
    assert!(select(&page, "#tbl-asia tfoot").is_empty());
}

#[test]
fn a_charts_description_and_data_table_print_numbers_as_the_table_does() {
    let (brief, page) = built();
    // The column's format (as its CSV printed it: `12.35%`, `$1,150.2`) and its unit.
    let svg = brief.output("charts/shares.svg");
    assert!(
        svg.contains(
            "Share of all holdings, end of year (%): Japan 12.35%, China 8.15%, India 2.43%"
        ),
        "{svg}"
    );
    assert!(svg.contains("Belgium 4.20%"), "trailing zeros kept: {svg}");
    let largest = brief.output("charts/largest.svg");
    assert!(
        largest.contains("2025 (US$ bn): Japan $1,150.2, China $759.0"),
        "{largest}"
    );
    let headers: Vec<String> = select(&page, "#fig-largest .figure-data thead th")
        .iter()
        .map(text)
        .collect();
    assert_eq!(headers, ["Holder", "2021 (US$ bn)", "2025 (US$ bn)"]);
    let japan: Vec<String> = select(&page, "#fig-largest .figure-data tbody tr:first-child td")
        .iter()
        .map(text)
        .collect();
    assert_eq!(japan, ["$1,302.0", "$1,150.2"]);
    // Belgium's missing 2021 value: a dash, read "no data", as in a table.
    let gap = &select(&page, "#fig-largest .figure-data tbody tr:last-child td")[0];
    assert_eq!(attr(gap, "class"), "num");
    let hidden = select(
        &page,
        "#fig-largest .figure-data tbody tr:last-child td .visually-hidden",
    );
    assert_eq!(text(&hidden[0]), "no data");
}
