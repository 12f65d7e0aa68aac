//! The chart gallery: every chart type and option, and the edge cases (a gap, one point, 200
//! points, negative values, huge values, Devanagari and hostile labels), checked in the SVG.

use roxmltree::{Document, Node};

use crate::{TestBrief, select, text, visible_text};

mod annotations;
mod baselines;
mod files;
mod labels;
mod shares;

fn gallery() -> TestBrief {
    let brief = TestBrief::fixture("gallery");
    brief.build().assert_success();
    brief
}

fn with_class<'a, 'i>(doc: &'a Document<'i>, class: &str) -> Vec<Node<'a, 'i>> {
    doc.descendants()
        .filter(|n| {
            n.attribute("class")
                .is_some_and(|c| c.split(' ').any(|k| k == class))
        })
        .collect()
}

fn texts<'a>(nodes: &[Node<'a, '_>]) -> Vec<&'a str> {
    nodes.iter().filter_map(|n| n.text()).collect()
}

const CHARTS: [&str; 18] = [
    "line-multi",
    "area",
    "single-point",
    "two-hundred",
    "hbar",
    "bar-negative",
    "grouped",
    "stacked",
    "large",
    "stacked-labels",
    "grouped-twelve",
    "survey-line",
    "survey-bars",
    "annotated",
    "hbar-three",
    "donut",
    "donut-small",
    "stacked-percent",
];

#[test]
fn every_chart_is_well_formed_accessible_svg() {
    let brief = gallery();
    for id in CHARTS {
        let svg = brief.output(&format!("charts/{id}.svg"));
        let doc = Document::parse(&svg).unwrap_or_else(|e| panic!("{id}: {e}"));
        let root = doc.root_element();
        assert_eq!(root.attribute("role"), Some("img"), "{id}");
        assert!(
            root.attribute("viewBox").is_some() && root.attribute("width").is_none(),
            "{id}"
        );
        let title = doc.descendants().find(|n| n.has_tag_name("title")).unwrap();
        let desc = doc.descendants().find(|n| n.has_tag_name("desc")).unwrap();
        assert!(
            !title.text().unwrap_or("").is_empty() && !desc.text().unwrap_or("").is_empty(),
            "{id}"
        );
        // Standalone files show their title (wrapped to the width: one line or more).
        assert_eq!(
            texts(&with_class(&doc, "svg-title")).join(" "),
            title.text().unwrap(),
            "{id}"
        );
        // No colour is hard-coded on a data mark: CSS classes carry them (dark mode, print).
        for node in doc
            .descendants()
            .filter(|n| n.has_tag_name("rect") || n.has_tag_name("polyline"))
        {
            assert!(
                node.attribute("fill").is_none_or(|f| f == "none"),
                "{id}: {node:?}"
            );
        }
    }
    // The page's inline copies parse too (a wide and a narrow drawing per chart).
    let page = brief.page();
    let inline = select(&page, "figure.chart svg");
    assert_eq!(inline.len(), CHARTS.len() * 2);
    for svg in inline {
        Document::parse(&svg.html()).unwrap();
    }
}

#[test]
fn bars_match_rows_and_ticks_are_formatted() {
    let brief = gallery();
    let count_bars = |id: &str| {
        let svg = brief.output(&format!("charts/{id}.svg"));
        let doc = Document::parse(&svg).unwrap();
        with_class(&doc, "bar").len()
    };
    assert_eq!(count_bars("hbar"), 5);
    assert_eq!(count_bars("bar-negative"), 6, "2021 is null: no bar");
    assert_eq!(count_bars("grouped"), 13, "7 exports + 6 imports");
    assert_eq!(count_bars("stacked"), 13);
    assert_eq!(count_bars("large"), 3);

    let svg = brief.output("charts/bar-negative.svg");
    let doc = Document::parse(&svg).unwrap();
    let ticks = texts(&with_class(&doc, "tick"));
    assert!(
        ticks.contains(&"−$20B") && ticks.contains(&"$0B"),
        "{ticks:?}"
    );
    assert!(texts(&with_class(&doc, "value-label")).contains(&"−$21.7B"));
    let svg = brief.output("charts/large.svg");
    let doc = Document::parse(&svg).unwrap();
    let ticks = texts(&with_class(&doc, "tick"));
    assert!(
        ticks.contains(&"30T") && ticks.contains(&"10T"),
        "{ticks:?}"
    );
}

/// `type: hbar` with several `y` columns draws every series, grouped in each row (it drew the
/// first alone while the legend named all three), and no bar runs into another row.
#[test]
fn hbar_with_several_series_draws_every_series_grouped() {
    let brief = gallery();
    let page = brief.output("index.html");
    for variant in ["wide", "narrow"] {
        let svg = inline_svg(&page, "hbar-three", variant);
        let doc = Document::parse(&svg).unwrap();
        let bars = with_class(&doc, "bar");
        for s in 0..3 {
            let series: Vec<_> = bars
                .iter()
                .filter(|b| {
                    b.attribute("class")
                        .unwrap()
                        .contains(&format!("series-{s}"))
                })
                .collect();
            assert_eq!(series.len(), 4, "{variant}: series {s}");
        }
        let edges = |b: &Node<'_, '_>| {
            let y: f64 = b.attribute("y").unwrap().parse().unwrap();
            let h: f64 = b.attribute("height").unwrap().parse().unwrap();
            (y, y + h)
        };
        for (i, a) in bars.iter().enumerate() {
            for b in &bars[i + 1..] {
                let ((a0, a1), (b0, b1)) = (edges(a), edges(b));
                assert!(a1 <= b0 || b1 <= a0, "{variant}: bars overlap: {a:?} {b:?}");
            }
        }
        // Each row's label sits above its own three bars.
        let labels = with_class(&doc, "category-label");
        assert_eq!(labels.len(), 4, "{variant}");
        for (row, label) in labels.iter().enumerate() {
            let y: f64 = label.attribute("y").unwrap().parse().unwrap();
            let (top, _) = edges(&bars[row * 3]);
            assert!(y < top, "{variant}: row {row}");
            if let Some(next) = bars.get(row * 3 + 3) {
                assert!(edges(&bars[row * 3 + 2]).1 < edges(next).0);
                let next_label: f64 = labels[row + 1].attribute("y").unwrap().parse().unwrap();
                assert!(
                    edges(&bars[row * 3 + 2]).1 < next_label,
                    "{variant}: row {row}"
                );
            }
        }
    }
}

/// The `id` drawing (`wide` or `narrow`) of a chart as inlined in the page.
fn inline_svg(page: &str, id: &str, variant: &str) -> String {
    let start = page
        .find(&format!("id=\"fig-{id}-{variant}-title\""))
        .unwrap();
    let svg = &page[page[..start].rfind("<svg").unwrap()..];
    svg[..svg.find("</svg>").unwrap() + 6].to_string()
}

#[test]
fn stacked_values_and_totals_never_read_as_each_other() {
    let brief = gallery();
    let page = brief.output("index.html");
    for variant in ["wide", "narrow"] {
        let svg = inline_svg(&page, "stacked-labels", variant);
        let doc = Document::parse(&svg).unwrap();
        // Net totals: South Asia 42 + 35 + 18; Latin America 25 + 28 − 31.
        let totals = texts(&with_class(&doc, "total"));
        assert_eq!(totals, ["$95B", "$15B", "$56B", "$22B"], "{variant}");
        let segments = texts(&with_class(&doc, "segment"));
        assert!(segments.contains(&"$42B"), "{variant}: {segments:?}");
        assert!(
            with_class(&doc, "value-label")
                .iter()
                .all(|n| n.attribute("class").unwrap().contains(' ')),
            "{variant}: every value is a segment's or a total"
        );
        let labels = texts(&with_class(&doc, "category-label"));
        assert_eq!(labels.join(" ").split_whitespace().count(), 8, "{labels:?}");
    }
}

#[test]
fn twelve_categories_keep_twelve_labels() {
    let brief = gallery();
    let page = brief.output("index.html");
    for variant in ["wide", "narrow"] {
        let svg = inline_svg(&page, "grouped-twelve", variant);
        let doc = Document::parse(&svg).unwrap();
        let labels = with_class(&doc, "category-label");
        let drawn: String = texts(&labels).concat();
        for country in ["United Arab Emirates", "Republic of Korea", "Hong Kong"] {
            let squeezed: String = country.split_whitespace().collect();
            assert!(
                drawn
                    .split_whitespace()
                    .collect::<String>()
                    .contains(&squeezed),
                "{variant}: {country} in {drawn}"
            );
        }
        assert_eq!(with_class(&doc, "bar").len(), 24, "{variant}");
    }
}

#[test]
fn hbar_sorts_highlights_wraps_and_escapes_labels() {
    let brief = gallery();
    let svg = brief.output("charts/hbar.svg");
    let doc = Document::parse(&svg).unwrap();
    let labels = texts(&with_class(&doc, "category-label"));
    assert_eq!(labels[0], "Semiconductors", "sorted descending");
    assert!(labels.contains(&"सेमीकंडक्टर (अर्धचालक)"), "{labels:?}");
    // The hostile label is text, never markup (with smart punctuation, as a reader sees it).
    assert!(
        labels.contains(&"<script>alert(‘x’)</script> & “quotes”"),
        "{labels:?}"
    );
    assert!(!svg.contains("<script>"));
    assert_eq!(with_class(&doc, "highlight").len(), 1);
    assert_eq!(with_class(&doc, "muted").len(), 4);
    // The narrow drawing wraps the long label onto several lines.
    let page = brief.output("index.html");
    let start = page.find("id=\"fig-hbar-narrow-title\"").unwrap();
    let narrow = &page[page[..start].rfind("<svg").unwrap()..];
    let narrow = &narrow[..narrow.find("</svg>").unwrap() + 6];
    let doc = Document::parse(narrow).unwrap();
    let labels = texts(&with_class(&doc, "category-label"));
    assert!(labels.len() > 5, "wrapped lines: {labels:?}");
    assert!(labels.iter().all(|l| l.chars().count() <= 50), "{labels:?}");
}

#[test]
fn lines_break_at_missing_values_and_mark_lone_points() {
    let brief = gallery();
    let svg = brief.output("charts/line-multi.svg");
    let doc = Document::parse(&svg).unwrap();
    assert_eq!(
        with_class(&doc, "series-0")
            .iter()
            .filter(|n| n.has_tag_name("polyline"))
            .count(),
        1
    );
    assert_eq!(
        with_class(&doc, "series-1")
            .iter()
            .filter(|n| n.has_tag_name("polyline"))
            .count(),
        2,
        "imports has a gap in 2021"
    );
    let desc = doc
        .descendants()
        .find(|n| n.has_tag_name("desc"))
        .unwrap()
        .text()
        .unwrap();
    assert!(
        desc.contains("Imports:") && desc.contains("No data for 2021"),
        "{desc}"
    );
    // Annotations: a dashed line and a marked point, both labelled.
    let notes = texts(&with_class(&doc, "annotation"));
    assert!(
        notes.contains(&"2020: pandemic trough") && notes.contains(&"Imports peak"),
        "{notes:?}"
    );

    let svg = brief.output("charts/single-point.svg");
    let doc = Document::parse(&svg).unwrap();
    assert_eq!(
        doc.descendants()
            .filter(|n| n.has_tag_name("polyline")
                && n.attribute("class").is_some_and(|c| c.starts_with("line")))
            .count(),
        0
    );
    assert_eq!(with_class(&doc, "point").len(), 1);

    let svg = brief.output("charts/two-hundred.svg");
    let doc = Document::parse(&svg).unwrap();
    let line = with_class(&doc, "line");
    assert_eq!(line.len(), 1);
    assert_eq!(
        line[0]
            .attribute("points")
            .unwrap()
            .split_whitespace()
            .count(),
        200
    );
}

#[test]
fn data_tables_repeat_the_dataset_values_and_legends_name_the_series() {
    let brief = gallery();
    let page = brief.page();
    let rows: Vec<Vec<String>> = select(&page, "figure#fig-grouped details tbody tr")
        .iter()
        .map(|tr| {
            tr.children()
                .filter_map(scraper::ElementRef::wrap)
                .map(|c| visible_text(&c))
                .collect()
        })
        .collect();
    assert_eq!(rows.len(), 7);
    assert_eq!(rows[0], ["2018", "$33B", "$55B"]);
    // A missing value: a dash, as in a table (and "no data" for screen readers).
    assert_eq!(rows[3], ["2021", "$40B", "–"]);
    let spoken = select(
        &page,
        "figure#fig-grouped details tbody tr:nth-child(4) .visually-hidden",
    );
    assert_eq!(text(&spoken[0]), "no data");
    let csv = brief.output("data/trade.csv");
    assert!(csv.contains("2021,40.1,,\r\n"), "{csv}");
    let legend: Vec<String> = select(&page, "figure#fig-grouped .chart-legend li")
        .iter()
        .map(text)
        .collect();
    assert_eq!(legend, ["Goods exports", "Goods imports"]);
    assert!(
        select(&page, "figure#fig-hbar .chart-legend").is_empty(),
        "one series: no legend"
    );
}

#[test]
fn annotation_errors_are_located() {
    let brief = gallery();
    brief.write(
        "content/03-bad.md",
        "---\ntitle: Bad\n---\n\n```chart\ndata: trade\ntype: line\nx: year\ny: exports\nannotations:\n  - {x: 1999, label: Too early}\n```\n",
    );
    let run = brief.build();
    run.assert_failure();
    assert!(
        run.stderr
            .contains("the annotation's x `1999` is not on the chart's x axis"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/03-bad.md:11:5"),
        "{}",
        run.stderr
    );
}

/// Missing data is visible: a lone value between gaps is a larger point, a missing bar an
/// "n/a" whose title names its year, and the description lists the years with no data.
#[test]
fn missing_values_are_marked_and_described() {
    let brief = gallery();
    let svg = brief.output("charts/survey-line.svg");
    let doc = Document::parse(&svg).unwrap();
    let lone = |class: &str| {
        with_class(&doc, "point")
            .iter()
            .filter(|n| n.attribute("class").unwrap().contains(class))
            .filter(|n| n.attribute("r") == Some("5"))
            .count()
    };
    // Urban: 2014, 2020 and 2022 stand alone (2016–2018 is a line); rural: every year.
    assert_eq!(lone("series-0"), 3);
    assert_eq!(lone("series-1"), 5);

    let svg = brief.output("charts/survey-bars.svg");
    let doc = Document::parse(&svg).unwrap();
    let marks: Vec<(&str, &str)> = with_class(&doc, "no-data")
        .iter()
        .map(|n| {
            let title = n.children().find(|c| c.has_tag_name("title")).unwrap();
            (n.text().unwrap(), title.text().unwrap())
        })
        .collect();
    assert_eq!(
        marks,
        [
            ("n/a", "No data for 2015"),
            ("n/a", "No data for 2019"),
            ("n/a", "No data for 2021")
        ]
    );
    let desc = doc.descendants().find(|n| n.has_tag_name("desc")).unwrap();
    assert!(
        desc.text()
            .unwrap()
            .ends_with("No data for 2015, 2019 and 2021."),
        "{:?}",
        desc.text()
    );
}

/// A line whose axis does not reach zero is drawn with a break and quiet axes; `y_min: 0`
/// draws it from zero, unbroken; bars of the same data start at zero.
#[test]
fn a_line_off_zero_is_broken_until_y_min_is_zero() {
    let brief = gallery();
    let svg = brief.output("charts/survey-line.svg");
    let doc = Document::parse(&svg).unwrap();
    assert_eq!(with_class(&doc, "axis-break").len(), 1);
    assert!(
        with_class(&doc, "axis")
            .iter()
            .all(|n| n.attribute("class") == Some("axis floating"))
    );
    let svg = brief.output("charts/survey-bars.svg");
    let doc = Document::parse(&svg).unwrap();
    assert!(with_class(&doc, "axis-break").is_empty() && with_class(&doc, "floating").is_empty());

    brief.write(
        "content/03-zero.md",
        "---\ntitle: Zero\n---\n\n```chart\nid: from-zero\ndata: survey\ntype: line\nx: year\ny: urban\ny_min: 0\n```\n",
    );
    brief.build().assert_success();
    let svg = brief.output("charts/from-zero.svg");
    let doc = Document::parse(&svg).unwrap();
    assert!(with_class(&doc, "axis-break").is_empty());
    // The chart sets no format: its ticks take the column's (`format: percent`).
    assert!(texts(&with_class(&doc, "tick")).contains(&"0%"));
}
