//! Chart and table blocks: rendered from their datasets, checked, accessible.

use crate::{TestBrief, select, text};

fn parse_svg(svg: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("invalid SVG: {e}\n{svg}"))
}

#[test]
fn table_blocks_render_labels_lists_markdown_and_numbers() {
    let brief = TestBrief::fixture("basic");
    brief.build().assert_success();
    let page = brief.page();
    let table = &select(&page, "figure#tbl-things")[0];
    assert!(text(table).contains("Table 1"));
    assert!(text(&select(&page, "figure#tbl-things figcaption")[0]).contains("Things, listed"));
    let headers: Vec<String> = select(&page, "#tbl-things thead th")
        .iter()
        .map(text)
        .collect();
    assert_eq!(headers, ["Name", "Items", "Amount"]);
    // Inline Markdown in a cell; a list cell as a list; numbers formatted and right-aligned.
    assert_eq!(
        select(&page, "#tbl-things tbody tr:first-child strong").len(),
        1
    );
    assert_eq!(
        select(&page, "#tbl-things tbody tr:first-child ul li").len(),
        2
    );
    assert_eq!(
        select(&page, "#tbl-things tbody tr:first-child ul li em").len(),
        1
    );
    let amount = &select(&page, "#tbl-things tbody tr:first-child td.num")[0];
    assert_eq!(text(amount), "1,234,567.5");
    assert_eq!(select(&page, "#tbl-things thead th.num").len(), 1);
    // A missing number is shown as missing, not 0.
    assert!(!text(&select(&page, "#tbl-things tbody tr:nth-child(3)")[0]).contains('0'));
}

#[test]
fn hbar_chart_has_one_bar_per_row_sorted_with_formatted_labels() {
    let brief = TestBrief::fixture("basic");
    brief.build().assert_success();
    let svg = brief.output("charts/growth.svg");
    let doc = parse_svg(&svg);
    let root = doc.root_element();
    assert_eq!(root.attribute("role"), Some("img"));
    assert!(root.attribute("width").is_none() && root.attribute("viewBox").is_some());
    let bars: Vec<_> = doc
        .descendants()
        .filter(|n| {
            n.has_tag_name("rect") && n.attribute("class").is_some_and(|c| c.contains("bar"))
        })
        .collect();
    assert_eq!(bars.len(), 3);
    // Sorted descending; the highlighted category takes the accent class.
    let labels: Vec<&str> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("category-label"))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(labels, ["Chips", "Pharma", "ICT"]);
    let values: Vec<&str> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("value-label"))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(values, ["900%", "766%", "233%"]);
    assert_eq!(
        bars.iter()
            .filter(|b| b.attribute("class") == Some("bar highlight"))
            .count(),
        1
    );
    let title = doc.descendants().find(|n| n.has_tag_name("title")).unwrap();
    assert_eq!(title.text(), Some("Growth by category"));
    let desc = doc
        .descendants()
        .find(|n| n.has_tag_name("desc"))
        .unwrap()
        .text()
        .unwrap();
    assert_eq!(
        desc,
        "Horizontal bar chart. Chips 900%, Pharma 766%, ICT 233%."
    );
    // Ticks are formatted, never "200.0".
    let ticks: Vec<&str> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("tick"))
        .filter_map(|n| n.text())
        .collect();
    assert!(ticks.contains(&"200%"), "{ticks:?}");
    assert!(ticks.iter().all(|t| !t.contains(".0")), "{ticks:?}");
}

#[test]
fn line_chart_leaves_a_gap_for_missing_values() {
    let brief = TestBrief::fixture("basic");
    brief.build().assert_success();
    let svg = brief.output("charts/trend.svg");
    let doc = parse_svg(&svg);
    let lines: Vec<_> = doc
        .descendants()
        .filter(|n| n.attribute("class").is_some_and(|c| c.starts_with("line ")))
        .collect();
    // 2007–2008, then a gap (2009 is null), then 2010–2011: two separate lines.
    assert_eq!(lines.len(), 2, "{svg}");
    let points: Vec<_> = doc
        .descendants()
        .filter(|n| {
            n.attribute("class")
                .is_some_and(|c| c.starts_with("point "))
        })
        .collect();
    assert_eq!(points.len(), 4);
    let ticks: Vec<&str> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("tick"))
        .filter_map(|n| n.text())
        .collect();
    assert!(ticks.contains(&"2008"), "years are not grouped: {ticks:?}");
    let desc = doc
        .descendants()
        .find(|n| n.has_tag_name("desc"))
        .unwrap()
        .text()
        .unwrap();
    assert!(desc.contains("No data for 2009"), "{desc}");
}

#[test]
fn figures_carry_caption_source_data_table_and_downloads() {
    let brief = TestBrief::fixture("basic");
    brief.build().assert_success();
    let page = brief.page();
    let figure = &select(&page, "figure#fig-growth")[0];
    assert!(text(figure).contains("Figure 1"));
    assert!(text(figure).contains("Chips grew fastest."));
    let source = &select(
        &page,
        "figure#fig-growth a[href='https://example.org/source']",
    );
    assert_eq!(source.len(), 1);
    // The same numbers as a table.
    let cells: Vec<String> = select(&page, "figure#fig-growth details table tbody td")
        .iter()
        .map(text)
        .collect();
    assert_eq!(cells, ["900%", "766%", "233%"]);
    let links: Vec<&str> = select(&page, "figure#fig-growth a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(
        links.contains(&"charts/growth.svg") && links.contains(&"data/growth.csv"),
        "{links:?}"
    );
    // The inline SVG is labelled by its title and description.
    let svgs = select(&page, "figure#fig-growth svg");
    assert_eq!(svgs.len(), 2, "a wide and a narrow drawing");
    assert_eq!(
        svgs[0].value().attr("aria-labelledby"),
        Some("fig-growth-wide-title fig-growth-wide-desc")
    );
    assert_eq!(
        svgs[1].value().attr("aria-labelledby"),
        Some("fig-growth-narrow-title fig-growth-narrow-desc")
    );
}

#[test]
fn cross_references_read_as_figure_and_table_numbers() {
    let brief = TestBrief::fixture("basic");
    brief.build().assert_success();
    let page = brief.page();
    let link = &select(&page, "section#second a[href='#fig-growth']")[0];
    assert_eq!(text(link), "Figure 1");
    let link = &select(&page, "section#second a[href='#tbl-things']")[0];
    assert_eq!(text(link), "Table 1");
}

#[test]
fn hostile_data_is_escaped_in_tables_and_svg() {
    let brief = TestBrief::fixture("basic");
    brief.write(
        "content/data/growth.yaml",
        "columns:\n  category: {type: text}\n  pct: {type: number}\nrows:\n  - {category: \"<script>alert(1)</script>\", pct: 5}\n  - {category: \"\\\" onerror=x\", pct: 6}\n",
    );
    brief.write("content/01-first.md", "---\ntitle: First\n---\n\n```chart\nid: growth\ndata: growth\ntype: hbar\nx: category\ny: pct\ntitle: \"</title><script>x</script>\"\n```\n\n```table\ndata: growth\n```\n");
    brief.build().assert_success();
    let html = brief.output("index.html");
    assert!(!html.contains("<script>alert(1)"), "raw script in page");
    assert!(!html.contains("</title><script>"), "title broke out");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    let svg = brief.output("charts/growth.svg");
    parse_svg(&svg);
    assert!(!svg.contains("<script>"));
}
