//! Annotations on generated line charts: each label is placed clear of the lines and of the
//! other labels, inside the drawing. The data fills the lower half of the plot (`y_max` is
//! twice the highest value), so a clear place always exists beside each mark.

use proptest::prelude::*;
use roxmltree::Document;

use super::labels::{Box, dataset, drawings, has_class, overlap, text_box};

/// The segments of every drawn line (class `line`), in pixels.
fn line_segments(doc: &Document<'_>) -> Vec<((f64, f64), (f64, f64))> {
    let mut segments = Vec::new();
    for line in doc
        .descendants()
        .filter(|n| n.has_tag_name("polyline") && has_class(n, "line"))
    {
        let points: Vec<(f64, f64)> = line
            .attribute("points")
            .unwrap()
            .split_whitespace()
            .map(|p| {
                let (x, y) = p.split_once(',').unwrap();
                (x.parse().unwrap(), y.parse().unwrap())
            })
            .collect();
        segments.extend(points.windows(2).map(|w| (w[0], w[1])));
    }
    segments
}

/// Whether a segment passes through a box: sampled finely (the test's own reading, not the
/// layout's clipping).
fn crosses(((x0, y0), (x1, y1)): ((f64, f64), (f64, f64)), b: Box) -> bool {
    (0..=200).any(|i| {
        let t = f64::from(i) / 200.0;
        let (x, y) = (x0 + (x1 - x0) * t, y0 + (y1 - y0) * t);
        x > b.0 && x < b.2 && y > b.1 && y < b.3
    })
}

fn label() -> impl Strategy<Value = String> {
    "[A-Za-z]{1,9}( [A-Za-z]{1,9}){0,2}"
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn annotation_labels_keep_clear_of_the_lines_and_each_other(
        (values, notes) in (3usize..=12).prop_flat_map(|n| (
            prop::collection::vec(prop::collection::vec(10i32..100, n), 1..=2),
            prop::collection::vec((0..n, any::<bool>(), label()), 1..=3),
        ))
    ) {
        let n = values[0].len();
        let categories: Vec<String> = (0..n).map(|i| format!("C{i}")).collect();
        let series: Vec<Vec<Option<f64>>> = values
            .iter()
            .map(|s| s.iter().map(|v| Some(f64::from(*v))).collect())
            .collect();
        let max = values.iter().flatten().max().copied().unwrap_or(1);
        let mut extra = format!("y_max: {}\nannotations:\n", 2 * max);
        for (at, point, text) in &notes {
            let y = if *point { format!(", y: {}", values[0][*at]) } else { String::new() };
            extra.push_str(&format!("  - {{x: C{at}{y}, label: \"{text}\"}}\n"));
        }
        let data = dataset(&categories, &series);
        for svg in drawings("line", &data, series.len(), &extra) {
            let labels = assert_labels_clear(&svg);
            prop_assert!(labels >= notes.len(), "{}", svg);
        }
    }
}

/// The gallery's crowded chart: two event lines a year apart and two marked points, wide and
/// narrow; no label on a line of data or on another label, each label inside the drawing.
#[test]
fn the_gallery_annotations_keep_clear_of_the_lines_and_each_other() {
    let brief = super::gallery();
    let page = brief.output("index.html");
    for variant in ["wide", "narrow"] {
        let svg = super::inline_svg(&page, "annotated", variant);
        assert!(assert_labels_clear(&svg) >= 4, "{variant}");
    }
}

/// Checks no annotation label crosses a line of data or another label, or leaves the
/// drawing; returns how many label lines there are.
fn assert_labels_clear(svg: &str) -> usize {
    let doc = Document::parse(svg).unwrap();
    let labels: Vec<Box> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text") && has_class(n, "annotation"))
        .map(|n| text_box(&n))
        .collect();
    let segments = line_segments(&doc);
    let width: f64 = doc
        .root_element()
        .attribute("viewBox")
        .unwrap()
        .split(' ')
        .nth(2)
        .unwrap()
        .parse()
        .unwrap();
    for (i, a) in labels.iter().enumerate() {
        assert!(a.0 >= 0.0 && a.2 <= width, "label outside: {a:?}\n{svg}");
        for b in &labels[i + 1..] {
            assert!(!overlap(*a, *b), "labels overlap: {a:?} {b:?}\n{svg}");
        }
        for s in &segments {
            assert!(!crosses(*s, *a), "label on the line: {a:?} {s:?}\n{svg}");
        }
    }
    labels.len()
}
