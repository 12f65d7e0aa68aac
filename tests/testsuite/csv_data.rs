//! CSV and TSV datasets: read as publishers print numbers, shown in tables as printed, with
//! their sidecar's metadata; charts draw years in order. (The bad inputs are `invalid/csv-*`.)

use crate::{TestBrief, select, text, visible_text};

/// The `basic` brief with `data` as `content/data/<name>` (and its sidecar), and one more
/// section holding `blocks`.
fn brief_with(files: &[(&str, &str)], blocks: &str) -> TestBrief {
    let brief = TestBrief::fixture("basic");
    for (name, content) in files {
        brief.write(&format!("content/data/{name}"), content);
    }
    brief.write(
        "content/03-tables.md",
        format!("---\ntitle: Tables\n---\n\n{blocks}\n"),
    );
    brief
}

/// The text of every cell of a table's body, row by row.
fn body(page: &scraper::Html, table: &str) -> Vec<Vec<String>> {
    select(page, &format!("#{table} tbody tr"))
        .iter()
        .map(|row| {
            let cells = scraper::Selector::parse("th, td").unwrap();
            row.select(&cells).map(|c| visible_text(&c)).collect()
        })
        .collect()
}

fn headers(page: &scraper::Html, table: &str) -> Vec<String> {
    select(page, &format!("#{table} thead th"))
        .iter()
        .map(text)
        .collect()
}

const TRADE: &str = "\u{feff}Year,Partner,Exports,Share,Price,Code\r\n\
    2025,Germany,\"1,234.5\",12.34%,$3.40,0012\r\n\
    2024,France,450.0,3.40%,$12.00,0013\r\n\
    2023,Spain,–,n/a,$1.50,0014\r\n";

const TRADE_SIDECAR: &str = "title: Exports by partner\n\
    unit: US$ bn\n\
    source: {name: Statistics office}\n\
    columns:\n  \
      Share: {label: Share of total, unit: \"%\"}\n  \
      Price: {format: {prefix: \"$\", decimals: 2}, unit: \"\"}\n";

#[test]
fn cells_print_in_the_table_as_in_the_source() {
    let brief = brief_with(
        &[("trade.csv", TRADE), ("trade.yaml", TRADE_SIDECAR)],
        "```table\nid: trade\ndata: trade\n```",
    );
    brief.build().assert_success();
    let page = brief.page();
    // Character for character: decimals as printed (the most in the column), a `%` and a
    // currency sign every cell carries, grouping as printed; the year ungrouped; codes kept.
    assert_eq!(
        body(&page, "tbl-trade"),
        [
            ["2025", "Germany", "1,234.5", "12.34%", "$3.40", "0012"],
            ["2024", "France", "450.0", "3.40%", "$12.00", "0013"],
            ["2023", "Spain", "–", "–", "$1.50", "0014"],
        ]
    );
    // The dataset's unit after numeric headers, a column's own unit instead, none for
    // `unit: ""`, the year or text; the sidecar's title as the caption.
    assert_eq!(
        headers(&page, "tbl-trade"),
        [
            "Year",
            "Partner",
            "Exports (US$ bn)",
            "Share of total (%)",
            "Price",
            "Code"
        ]
    );
    assert!(text(&select(&page, "#tbl-trade figcaption")[0]).contains("Exports by partner"));
    assert!(text(&select(&page, "#tbl-trade .figure-source")[0]).contains("Statistics office"));
}

#[test]
fn a_table_format_leaves_the_year_alone_and_a_column_format_wins() {
    let brief = brief_with(
        &[("trade.csv", TRADE)],
        "```table\nid: trade\ndata: trade\ncolumns: [Year, Exports, Share]\n\
         format: {decimals: 2}\nformats:\n  Share: percent\n```",
    );
    brief.build().assert_success();
    let page = brief.page();
    assert_eq!(
        body(&page, "tbl-trade"),
        [
            ["2025", "1,234.50", "12.34%"],
            ["2024", "450.00", "3.4%"],
            ["2023", "–", "–"],
        ]
    );
}

#[test]
fn a_year_column_in_a_yaml_dataset_is_not_grouped() {
    let brief = brief_with(
        &[(
            "years.yaml",
            "columns:\n  year: {}\n  value: {type: number}\n  start: {}\n\
             rows:\n  - {year: 2024, value: 1234, start: 1990}\n  - {year: 2025, value: 1300, start: 2001}\n",
        )],
        "```table\nid: years\ndata: years\nformat: {decimals: 1}\n```",
    );
    brief.build().assert_success();
    // `year` by its name, `start` by its values; `value` is declared a number: a quantity.
    assert_eq!(
        body(&brief.page(), "tbl-years"),
        [["2024", "1,234.0", "1990"], ["2025", "1,300.0", "2001"]]
    );
}

#[test]
fn every_number_rule_reads_and_a_tsv_declares_its_decimal_comma() {
    // Inferred numbers: grouping, currency signs, `%`, both minus signs, every null mark. A
    // sign every cell of a column carries is kept; signs that differ (`b`) are not.
    let csv = "label,a,b,c,d\n\
        one,\"1,234.5\",€3,−2.5%,-$4\n\
        two,–,£1.25,10%,$-1\n\
        three,—,₹7,n/a,NA\n\
        four,..,-,,$2\n";
    // A TSV with a decimal comma, declared for the dataset.
    let tsv = "label\tvalue\none\t1.234,5\ntwo\t0,25\n";
    let brief = brief_with(
        &[
            ("rules.csv", csv),
            ("comma.tsv", tsv),
            ("comma.yaml", "decimal: \",\"\n"),
        ],
        "```table\nid: rules\ndata: rules\n```\n\n```table\nid: comma\ndata: comma\n```",
    );
    brief.build().assert_success();
    let page = brief.page();
    assert_eq!(select(&page, "#tbl-rules thead th.num").len(), 4);
    assert_eq!(
        body(&page, "tbl-rules"),
        [
            ["one", "1,234.5", "3.00", "−2.5%", "−$4"],
            ["two", "–", "1.25", "10.0%", "−$1"],
            ["three", "–", "7.00", "–", "–"],
            ["four", "–", "–", "–", "$2"],
        ]
    );
    // Decimals as printed; the table prints the point of the house style.
    assert_eq!(
        body(&page, "tbl-comma"),
        [["one", "1,234.50"], ["two", "0.25"]]
    );
    // The download holds the numbers, not their printing.
    let download = brief.output("data/rules.csv");
    assert!(download.contains("one,1234.5,3,-2.5,-4"), "{download}");
}

#[test]
fn a_bare_zero_keeps_the_sign_the_rest_of_its_column_carries() {
    // As GAO-09-536 prints it: `0` in a dollar column, `0.0` in a percent column. The sign
    // the other cells carry stays on the column (the zero is shown with it); a zero alone
    // in its column, or a column whose signs differ, gets none.
    let csv = "label,awarded,share,zeros,mixed\n\
        a,\"$7,881,750,000\",25.1%,0,$5\n\
        b,0,0.0,0.0,€5\n\
        c,$0,4.0%,0,0\n";
    let brief = brief_with(
        &[("zeros.csv", csv)],
        "```table\nid: zeros\ndata: zeros\n```",
    );
    brief.build().assert_success();
    assert_eq!(
        body(&brief.page(), "tbl-zeros"),
        [
            ["a", "$7,881,750,000", "25.1%", "0.0", "5"],
            ["b", "$0", "0.0%", "0.0", "5"],
            ["c", "$0", "4.0%", "0.0", "0"],
        ]
    );
}

#[test]
fn declared_missing_words_read_as_no_data_and_show_as_printed() {
    // As GAO-09-536's table 7 prints it: "Not applicable" in percentage columns. Declared for
    // the dataset (and, for one column, a word of its own), the columns stay numeric: right
    // aligned, a `%` kept, the words shown as printed, the download empty there.
    let csv = "applications,one,two,count\n\
        One,10.7%,Not applicable,(D)\n\
        Two,29.5%,9.3%,12\n\
        Three,67.2%,Not applicable,\"1,204\"\n";
    let sidecar = "missing: [\"Not applicable\"]\n\
        columns:\n  count: {missing: [\"(D)\"]}\n";
    let blocks = "```table\nid: repeat\ndata: repeat\n```\n\n\
        ```chart\nid: two\ndata: repeat\ntype: bar\nx: applications\ny: two\n```";
    let brief = brief_with(&[("repeat.csv", csv), ("repeat.yaml", sidecar)], blocks);
    brief.build().assert_success();
    let page = brief.page();
    assert_eq!(select(&page, "#tbl-repeat thead th.num").len(), 3);
    assert_eq!(
        body(&page, "tbl-repeat"),
        [
            ["One", "10.7%", "Not applicable", "(D)"],
            ["Two", "29.5%", "9.3%", "12"],
            ["Three", "67.2%", "Not applicable", "1,204"],
        ]
    );
    // The word is the cell's whole text, for the eye and for a screen reader, aligned with
    // the numbers of its column.
    let words = select(&page, "#tbl-repeat td.num > span.missing");
    assert_eq!(words.len(), 3);
    assert_eq!(select(&page, "#tbl-repeat td .visually-hidden").len(), 0);
    // A chart reads them as gaps: no data for One and Three, never zeros.
    let figure = select(&page, "#fig-two");
    assert!(
        text(&figure[0]).contains("No data for One and Three"),
        "{}",
        text(&figure[0])
    );
    let download = brief.output("data/repeat.csv");
    let lines: Vec<&str> = download.lines().collect();
    assert_eq!(
        lines[1..],
        ["One,10.7,,", "Two,29.5,9.3,12", "Three,67.2,,1204"]
    );

    // Undeclared, the word makes its column text (the control: the declaration is what reads it).
    let brief = brief_with(&[("repeat.csv", csv)], blocks.split("\n\n").next().unwrap());
    brief.build().assert_success();
    assert_eq!(select(&brief.page(), "#tbl-repeat thead th.num").len(), 1);
}

#[test]
fn a_column_with_a_cell_that_is_no_number_is_text() {
    let brief = brief_with(
        &[("mixed.csv", "name,value\na,12\nb,12 kg\n")],
        "```table\nid: mixed\ndata: mixed\n```",
    );
    brief.build().assert_success();
    let page = brief.page();
    assert_eq!(select(&page, "#tbl-mixed thead th.num").len(), 0);
    assert_eq!(body(&page, "tbl-mixed"), [["a", "12"], ["b", "12 kg"]]);
}

/// The categories of a chart's data table, in order.
fn chart_categories(page: &scraper::Html, figure: &str) -> Vec<String> {
    select(page, &format!("#{figure} table tbody tr th"))
        .iter()
        .map(text)
        .collect()
}

#[test]
fn years_are_drawn_ascending_and_order_sets_any_other() {
    let newest_first = "year,value\n2025,3\n2024,2\n2023,1\n";
    let partners = "partner,value\nSpain,1\nFrance,2\nGermany,3\n";
    let brief = brief_with(
        &[("newest.csv", newest_first), ("partners.csv", partners)],
        "```chart\nid: years\ndata: newest\ntype: line\nx: year\ny: value\n```\n\n\
         ```chart\nid: kept\ndata: newest\ntype: bar\nx: year\ny: value\nsort: none\n```\n\n\
         ```chart\nid: ordered\ndata: partners\ntype: bar\nx: partner\ny: value\n\
         order: [Germany, Spain]\n```",
    );
    brief.build().assert_success();
    let page = brief.page();
    assert_eq!(
        chart_categories(&page, "fig-years"),
        ["2023", "2024", "2025"]
    );
    assert_eq!(
        chart_categories(&page, "fig-kept"),
        ["2025", "2024", "2023"]
    );
    assert_eq!(
        chart_categories(&page, "fig-ordered"),
        ["Germany", "Spain", "France"]
    );
    // The line is drawn left to right in time: its description lists 2023 first.
    let desc = text(&select(&page, "#fig-years desc")[0]);
    assert!(
        desc.starts_with("Line chart. 2023 1, 2024 2, 2025 3"),
        "{desc}"
    );
}

#[test]
fn a_chart_data_table_shows_the_unit() {
    let brief = brief_with(
        &[("trade.csv", TRADE), ("trade.yaml", "unit: US$ bn\n")],
        "```chart\nid: exports\ndata: trade\ntype: bar\nx: Partner\ny: Exports\n```",
    );
    brief.build().assert_success();
    let page = brief.page();
    let headers: Vec<String> = select(&page, "#fig-exports table thead th")
        .iter()
        .map(text)
        .collect();
    assert_eq!(headers, ["Partner", "Exports (US$ bn)"]);
}

/// The texts of the elements of class `class` in a figure's drawings, each once.
fn drawn(page: &scraper::Html, figure: &str, class: &str) -> Vec<String> {
    let mut texts: Vec<String> = select(page, &format!("#{figure} svg .{class}"))
        .iter()
        .map(text)
        .collect();
    texts.sort();
    texts.dedup();
    texts
}

#[test]
fn a_chart_draws_its_column_format_unless_it_sets_its_own() {
    let brief = brief_with(
        &[("trade.csv", TRADE)],
        "```chart\nid: shares\ndata: trade\ntype: bar\nx: Partner\ny: Share\n```\n\n\
         ```chart\nid: rounded\ndata: trade\ntype: bar\nx: Partner\ny: Share\n\
         format: {decimals: 1}\n```",
    );
    brief.build().assert_success();
    let page = brief.page();
    // On the bars as in the data table (`3.40%`, not `3.4`); the axis in short (`10%`).
    assert_eq!(
        drawn(&page, "fig-shares", "value-label"),
        ["12.34%", "3.40%"]
    );
    let table: Vec<String> = select(&page, "#fig-shares table tbody td")
        .iter()
        .map(text)
        .collect();
    assert!(table.contains(&"3.40%".to_string()), "{table:?}");
    let ticks = drawn(&page, "fig-shares", "tick");
    assert!(
        !ticks.is_empty() && ticks.iter().all(|t| t.ends_with('%') && !t.contains('.')),
        "{ticks:?}"
    );
    // A chart's own format wins.
    assert_eq!(drawn(&page, "fig-rounded", "value-label"), ["12.3", "3.4"]);
}
