//! Labels on generated bar charts, read back from both drawings (wide and narrow): no
//! category label is dropped or overlaps another, and a stacked bar's values sit inside their
//! own segment or, for the stack's total, beyond the stack.

use std::path::PathBuf;

use brief::internals::chart::{self, ChartSpec};
use brief::internals::{BlockOrigin, Cell, Column, ColumnKind, Dataset, Row, SourceFile};
use proptest::prelude::*;
use roxmltree::{Document, Node};

/// A dataset of text categories and `values[s][i]` for series `s`.
pub(super) fn dataset(categories: &[String], values: &[Vec<Option<f64>>]) -> Dataset {
    let file = SourceFile {
        path: PathBuf::from("generated.yaml"),
        display: PathBuf::from("generated.yaml"),
        text: String::new(),
    };
    let column = |key: String, kind: ColumnKind| Column {
        label: key.clone(),
        key,
        kind,
        format: None,
        unit: None,
    };
    let mut columns = vec![column("category".into(), ColumnKind::Text)];
    columns.extend((0..values.len()).map(|s| column(format!("s{s}"), ColumnKind::Number)));
    let rows = categories
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mut cells = vec![Cell::Text(c.clone())];
            cells.extend(
                values
                    .iter()
                    .map(|v| v[i].map_or(Cell::Missing, Cell::Number)),
            );
            Row { line: i + 1, cells }
        })
        .collect();
    Dataset {
        name: "generated".into(),
        file,
        sidecar: None,
        title: "Generated".into(),
        description: None,
        unit: None,
        source: None,
        notes: None,
        columns,
        rows,
        totals: Default::default(),
        digest: 0,
    }
}

/// Both drawings of a `kind` chart of the dataset, with `extra` spec lines.
pub(super) fn drawings(kind: &str, dataset: &Dataset, series: usize, extra: &str) -> [String; 2] {
    let y: Vec<String> = (0..series).map(|s| format!("s{s}")).collect();
    let yaml = format!(
        "data: generated\ntype: {kind}\nx: category\ny: [{}]\nsort: none\n{extra}",
        y.join(", ")
    );
    let spec: ChartSpec = serde_saphyr::from_str(&yaml).expect("spec");
    let origin = BlockOrigin {
        file: dataset.file.clone(),
        fence_line: 1,
    };
    let checked = chart::check_against(dataset, &origin, spec, 1).expect("checked");
    chart::house_drawings(dataset, &checked).expect("drawn")
}

pub(super) fn has_class(node: &Node<'_, '_>, class: &str) -> bool {
    node.attribute("class")
        .is_some_and(|c| c.split(' ').any(|k| k == class))
}

pub(super) fn number(node: &Node<'_, '_>, attribute: &str) -> f64 {
    node.attribute(attribute)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("{attribute} of {node:?}"))
}

/// The numbers of an SVG's viewBox: x, y, width, height.
pub(super) fn view_box(doc: &Document<'_>) -> Vec<f64> {
    doc.root_element()
        .attribute("viewBox")
        .unwrap()
        .split(' ')
        .map(|v| v.parse().unwrap())
        .collect()
}

/// An estimated box: x0, y0, x1, y1.
pub(super) type Box = (f64, f64, f64, f64);

/// Whether a text element draws in the bold face (value labels are semibold, titles bold).
pub(super) fn is_bold(node: &Node<'_, '_>) -> bool {
    has_class(node, "value-label")
        || has_class(node, "svg-title")
        || node.attribute("font-weight") == Some("bold")
}

/// A text element's box, from its anchor, size and text, its width measured with the chart
/// font as the layout measures it (which a browser test checks against Chromium's).
pub(super) fn text_box(node: &Node<'_, '_>) -> Box {
    let size = number(node, "font-size");
    box_of_width(
        node,
        chart::text_width(node.text().unwrap_or(""), size, is_bold(node)),
    )
}

/// A text element's box from its anchor and size, `width` wide.
pub(super) fn box_of_width(node: &Node<'_, '_>, width: f64) -> Box {
    let (x, y) = (number(node, "x"), number(node, "y"));
    let size = number(node, "font-size");
    let x0 = match node.attribute("text-anchor") {
        Some("middle") => x - width / 2.0,
        Some("end") => x - width,
        _ => x,
    };
    let y0 = match node.attribute("dy") {
        Some("0.76em") => y,
        Some("0.5ex") => y - size / 2.0,
        _ => y - size,
    };
    (x0, y0, x0 + width, y0 + size)
}

fn rect_box(node: &Node<'_, '_>) -> Box {
    let (x, y) = (number(node, "x"), number(node, "y"));
    (x, y, x + number(node, "width"), y + number(node, "height"))
}

pub(super) fn overlap(a: Box, b: Box) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

fn inside(inner: Box, outer: Box) -> bool {
    inner.0 >= outer.0 && inner.2 <= outer.2 && inner.1 >= outer.1 && inner.3 <= outer.3
}

fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every category is labelled, in order: in full, or shortened with its full text as the
/// label's `<title>`, or the chart is drawn as horizontal bars with every label in full; and
/// no two labels' estimated boxes overlap.
fn assert_categories_labelled(svg: &str, categories: &[String]) {
    let doc = Document::parse(svg).expect("well-formed SVG");
    let labels: Vec<Node<'_, '_>> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text") && has_class(n, "category-label"))
        .collect();
    let boxes: Vec<Box> = labels.iter().map(text_box).collect();
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            assert!(!overlap(*a, *b), "labels overlap: {a:?} {b:?}\n{svg}");
        }
    }
    let horizontal = labels
        .iter()
        .all(|n| n.attribute("text-anchor") == Some("start"));
    if horizontal {
        // Each label above its bar, wrapped (a long word split), never shortened.
        let drawn: String = labels.iter().filter_map(|n| n.text()).collect();
        let wanted: String = categories.iter().map(|c| c.as_str()).collect();
        let squeeze = |s: &str| s.split_whitespace().collect::<String>();
        assert_eq!(squeeze(&drawn), squeeze(&wanted), "{svg}");
        return;
    }
    // Under the columns: the lines of one label share their x, the labels left to right.
    let mut groups: Vec<(f64, Vec<Node<'_, '_>>)> = Vec::new();
    for label in &labels {
        let x = number(label, "x");
        match groups.iter_mut().find(|(gx, _)| *gx == x) {
            Some((_, lines)) => lines.push(*label),
            None => groups.push((x, vec![*label])),
        }
    }
    groups.sort_by(|a, b| a.0.total_cmp(&b.0));
    assert_eq!(
        groups.len(),
        categories.len(),
        "one label per category\n{svg}"
    );
    for ((_, lines), category) in groups.iter().zip(categories) {
        let title = lines
            .iter()
            .flat_map(|l| l.children())
            .find(|c| c.has_tag_name("title"))
            .and_then(|t| t.text());
        match title {
            Some(full) => assert_eq!(full, category, "shortened label keeps its text"),
            None => {
                let shown: Vec<&str> = lines.iter().filter_map(|l| l.text()).collect();
                assert_eq!(words(&shown.join(" ")), words(category), "{svg}");
            }
        }
    }
}

/// Each segment's value lies inside a bar; each total lies outside every bar; no other value
/// label is drawn; one total per stack with values.
fn assert_stack_values(svg: &str, stacks: usize) {
    let doc = Document::parse(svg).expect("well-formed SVG");
    let bar_nodes: Vec<Node<'_, '_>> = doc
        .descendants()
        .filter(|n| n.has_tag_name("rect") && has_class(n, "bar"))
        .collect();
    let bars: Vec<Box> = bar_nodes.iter().map(rect_box).collect();
    let view = view_box(&doc);
    let mut totals = 0;
    for label in doc
        .descendants()
        .filter(|n| n.has_tag_name("text") && has_class(n, "value-label"))
    {
        let at = text_box(&label);
        if has_class(&label, "segment") {
            let holders: Vec<&Node<'_, '_>> = bar_nodes
                .iter()
                .zip(&bars)
                .filter(|(_, b)| inside(at, **b))
                .map(|(n, _)| n)
                .collect();
            assert!(
                holders.len() == 1,
                "segment value outside its segment: {at:?}\n{svg}"
            );
            // Its colour class names the fill it sits on (white or black to match).
            let series = holders[0]
                .attribute("class")
                .unwrap()
                .split(' ')
                .find(|c| c.starts_with("series-"))
                .expect("a segment's series");
            assert!(
                has_class(&label, &format!("on-{series}")),
                "segment value not coloured for {series}: {label:?}"
            );
        } else {
            assert!(
                has_class(&label, "total"),
                "a stacked value neither segment nor total"
            );
            assert!(
                bars.iter().all(|b| !overlap(at, *b)),
                "total on a bar: {at:?}\n{svg}"
            );
            assert!(
                inside(at, (view[0], view[1], view[2], view[3])),
                "total outside the drawing: {at:?}\n{svg}"
            );
            totals += 1;
        }
    }
    assert_eq!(totals, stacks, "{svg}");
    // No value over another, or over a category's label.
    let texts: Vec<Box> = doc
        .descendants()
        .filter(|n| has_class(n, "value-label") || has_class(n, "category-label"))
        .map(|n| text_box(&n))
        .collect();
    for (i, a) in texts.iter().enumerate() {
        for b in &texts[i + 1..] {
            assert!(!overlap(*a, *b), "labels overlap: {a:?} {b:?}\n{svg}");
        }
    }
}

/// Every missing bar has its "no data" mark, whose `<title>` names the category (and the
/// series, when there are several); a stack is marked only when it has no segment at all.
/// No mark overlaps a bar, a label or another mark.
fn assert_missing_marked(
    svg: &str,
    categories: &[String],
    values: &[Vec<Option<f64>>],
    stacked: bool,
) {
    let doc = Document::parse(svg).expect("well-formed SVG");
    let k = values.len();
    let mut wanted: Vec<String> = Vec::new();
    for (i, category) in categories.iter().enumerate() {
        if stacked {
            if values.iter().all(|s| s[i].is_none()) {
                wanted.push(format!("No data for {category}"));
            }
            continue;
        }
        for (s, series) in values.iter().enumerate() {
            if series[i].is_none() {
                wanted.push(if k > 1 {
                    format!("No data for {category} (s{s})")
                } else {
                    format!("No data for {category}")
                });
            }
        }
    }
    let marks: Vec<Node<'_, '_>> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text") && has_class(n, "no-data"))
        .collect();
    let mut titles: Vec<String> = marks
        .iter()
        .map(|n| {
            n.children()
                .find(|c| c.has_tag_name("title"))
                .and_then(|t| t.text())
                .expect("a no-data mark has a title")
                .to_string()
        })
        .collect();
    titles.sort();
    wanted.sort();
    assert_eq!(titles, wanted, "{svg}");
    let others: Vec<Box> = doc
        .descendants()
        .filter(|n| {
            (n.has_tag_name("rect") && has_class(n, "bar"))
                || (n.has_tag_name("text")
                    && (has_class(n, "category-label") || has_class(n, "value-label")))
        })
        .map(|n| {
            if n.has_tag_name("rect") {
                rect_box(&n)
            } else {
                text_box(&n)
            }
        })
        .collect();
    let boxes: Vec<Box> = marks.iter().map(text_box).collect();
    for (i, a) in boxes.iter().enumerate() {
        for b in boxes[i + 1..].iter().chain(&others) {
            assert!(
                !overlap(*a, *b),
                "no-data mark overlaps: {a:?} {b:?}\n{svg}"
            );
        }
    }
}

/// A category label: 1 to 60 characters of words, some longer than any slot.
fn label() -> impl Strategy<Value = String> {
    "[A-Za-z]{1,30}( [A-Za-z]{1,12}){0,6}".prop_map(|s| {
        let cut: String = s.chars().take(60).collect();
        cut.trim().to_string()
    })
}

fn value() -> impl Strategy<Value = Option<f64>> {
    prop_oneof![
        1 => Just(None),
        // Up to a million and to one decimal: value labels of every width.
        8 => (-600i32..1200, 0i32..5).prop_map(|(v, e)| Some(f64::from(v) * 10f64.powi(e) / 10.0)),
    ]
}

/// `n` categories and `k` series of values, at least one of the first series' present (a
/// chart of no value is refused before drawing, and a one-series chart reads the first).
pub(super) fn chart_data(
    n: std::ops::RangeInclusive<usize>,
    k: std::ops::RangeInclusive<usize>,
) -> impl Strategy<Value = (Vec<String>, Vec<Vec<Option<f64>>>)> {
    (n, k).prop_flat_map(|(n, k)| {
        (
            prop::collection::vec(label(), n),
            prop::collection::vec(prop::collection::vec(value(), n), k),
            -60i32..120,
        )
            .prop_map(|(categories, mut values, first)| {
                if values[0].iter().all(Option::is_none) {
                    values[0][0] = Some(f64::from(first));
                }
                (categories, values)
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn stacked_values_sit_in_their_segment_or_total_the_stack(
        (categories, values) in chart_data(1..=12, 1..=6)
    ) {
        let data = dataset(&categories, &values);
        let stacks = (0..categories.len())
            .filter(|&i| values.iter().any(|s| s[i].is_some()))
            .count();
        for svg in drawings("stacked-bar", &data, values.len(), "value_labels: true\n") {
            assert_stack_values(&svg, stacks);
            assert_categories_labelled(&svg, &categories);
            assert_missing_marked(&svg, &categories, &values, true);
        }
    }

    #[test]
    fn every_category_keeps_a_label_and_none_overlap(
        kind in prop_oneof![Just("bar"), Just("grouped-bar")],
        (categories, values) in chart_data(1..=40, 1..=3)
    ) {
        let data = dataset(&categories, &values);
        let series = if kind == "bar" { 1 } else { values.len() };
        for svg in drawings(kind, &data, series, "") {
            assert_categories_labelled(&svg, &categories);
            assert_missing_marked(&svg, &categories, &values[..series], false);
        }
    }

    /// A value whose neighbours are missing (or the edge) has a marker, larger than the
    /// others, however many points the line has: a lone value is never invisible.
    #[test]
    fn every_lone_line_value_has_a_marker(
        (categories, values) in chart_data(1..=60, 1..=3)
    ) {
        let data = dataset(&categories, &values);
        for svg in drawings("line", &data, values.len(), "") {
            let doc = Document::parse(&svg).expect("well-formed SVG");
            for (s, series) in values.iter().enumerate() {
                let lone = (0..series.len())
                    .filter(|&i| {
                        series[i].is_some()
                            && (i == 0 || series[i - 1].is_none())
                            && series.get(i + 1).is_none_or(Option::is_none)
                    })
                    .count();
                let class = format!("series-{}", s % 8);
                let big = doc
                    .descendants()
                    .filter(|n| n.has_tag_name("circle") && has_class(n, "point"))
                    .filter(|n| has_class(n, &class) && number(n, "r") > 3.0)
                    .count();
                prop_assert_eq!(big, lone, "series {}\n{}", s, svg);
            }
        }
    }
}

/// The report's case: a grouped bar of 12 countries keeps all 12 labels, wide and narrow
/// (as horizontal bars: a slot holds too few characters for the names).
#[test]
fn twelve_countries_keep_twelve_labels() {
    let countries: Vec<String> = [
        "United States",
        "China",
        "Germany",
        "Japan",
        "India",
        "United Kingdom",
        "France",
        "Italy",
        "Brazil",
        "Canada",
        "Republic of Korea",
        "Australia",
    ]
    .iter()
    .map(|c| c.to_string())
    .collect();
    let values: Vec<Vec<Option<f64>>> = (0..2)
        .map(|s| {
            (0..12)
                .map(|i| Some(f64::from(10 + i * 3 + s * 5)))
                .collect()
        })
        .collect();
    let data = dataset(&countries, &values);
    for svg in drawings("grouped-bar", &data, 2, "") {
        assert_categories_labelled(&svg, &countries);
        let doc = Document::parse(&svg).unwrap();
        let rows = doc
            .descendants()
            .filter(|n| has_class(n, "category-label"))
            .filter(|n| n.attribute("text-anchor") == Some("start"))
            .count();
        assert_eq!(rows, 12, "one row per country, each name whole");
        let bars = doc.descendants().filter(|n| has_class(n, "bar")).count();
        assert_eq!(bars, 24, "both series in every row");
    }
}

/// Under wide columns, a word longer than its slot is shortened, its full text the label's
/// `<title>`; a short label stays whole and has none.
#[test]
fn a_long_word_is_shortened_with_its_full_text_as_title() {
    let categories: Vec<String> = [
        "Chad",
        "Pneumonoultramicroscopicsilicovolcanoconiosis",
        "Mali",
    ]
    .iter()
    .map(|c| c.to_string())
    .collect();
    let values = vec![vec![Some(3.0), Some(5.0), Some(4.0)]];
    let data = dataset(&categories, &values);
    let [wide, _] = drawings("bar", &data, 1, "");
    assert_categories_labelled(&wide, &categories);
    let doc = Document::parse(&wide).unwrap();
    let titled: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text") && has_class(n, "category-label"))
        .filter_map(|n| n.children().find(|c| c.has_tag_name("title")))
        .filter_map(|t| t.text())
        .collect();
    assert_eq!(titled, [categories[1].as_str()]);
}
