//! Part-to-whole charts drawn from generated data and read back from both drawings: a 100 %
//! stack fills the whole axis with its shares inside their segments; a donut's labels stay in
//! the drawing, never overlap, and every category is labelled or folded into "Other".

use proptest::prelude::*;
use roxmltree::{Document, Node};

use super::labels::{
    Box, chart_data, dataset, drawings, has_class, number, overlap, text_box, view_box,
};

/// A text element's box, measured as the layout measures text (the chart font's metrics).
fn measured_box(node: &Node<'_, '_>) -> Box {
    text_box(node)
}

fn texts<'a, 'i>(doc: &'a Document<'i>) -> Vec<Node<'a, 'i>> {
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .collect()
}

/// No two texts overlap and none leaves the viewBox.
fn assert_texts_clear(svg: &str) {
    let doc = Document::parse(svg).expect("well-formed SVG");
    let view = view_box(&doc);
    let boxes: Vec<Box> = texts(&doc).iter().map(measured_box).collect();
    for (i, a) in boxes.iter().enumerate() {
        assert!(
            a.0 >= view[0] && a.1 >= view[1] && a.2 <= view[2] && a.3 <= view[3],
            "text outside the drawing: {a:?}\n{svg}"
        );
        for b in &boxes[i + 1..] {
            assert!(!overlap(*a, *b), "texts overlap: {a:?} {b:?}\n{svg}");
        }
    }
}

fn squeeze(s: &str) -> String {
    s.split_whitespace().collect()
}

/// Positive values across magnitudes, some missing, at least one present.
fn positive_data(
    n: std::ops::RangeInclusive<usize>,
) -> impl Strategy<Value = (Vec<String>, Vec<Option<f64>>)> {
    let value = prop_oneof![
        1 => Just(None),
        8 => (1u32..10_000, 0i32..6).prop_map(|(v, e)| Some(f64::from(v) * 10f64.powi(e) / 100.0)),
    ];
    n.prop_flat_map(move |n| {
        (
            chart_data(n..=n, 1..=1).prop_map(|(c, _)| c),
            prop::collection::vec(value.clone(), n),
        )
    })
    .prop_map(|(categories, mut values)| {
        if values.iter().all(Option::is_none) {
            values[0] = Some(1.0);
        }
        (categories, values)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Every category with a value is labelled in full (wrapped) or folded into "Other",
    /// which is drawn exactly when there are more than six; every missing one is listed as
    /// n/a; no label leaves the drawing or touches another.
    #[test]
    fn donut_labels_every_category_or_folds_it((categories, values) in positive_data(1..=40)) {
        let data = dataset(&categories, std::slice::from_ref(&values));
        let present = values.iter().filter(|v| v.is_some()).count();
        for svg in drawings("donut", &data, 1, "") {
            assert_texts_clear(&svg);
            let doc = Document::parse(&svg).unwrap();
            let labels: String = texts(&doc)
                .iter()
                .filter(|n| has_class(n, "category-label"))
                .filter_map(|n| n.text())
                .collect();
            let labels = squeeze(&labels);
            let slices = doc.descendants().filter(|n| n.has_tag_name("polygon")).count();
            prop_assert_eq!(slices, present.min(6), "{}", svg);
            let folded = present > 6;
            prop_assert_eq!(labels.contains("Other"), folded || categories.iter().any(|c| c.contains("Other")));
            if !folded {
                for (c, v) in categories.iter().zip(&values) {
                    if v.is_some() {
                        prop_assert!(labels.contains(&squeeze(c)), "{} not labelled\n{}", c, svg);
                    }
                }
            }
            let listed: String = texts(&doc)
                .iter()
                .filter(|n| has_class(n, "no-data"))
                .filter_map(|n| n.text())
                .collect();
            let listed = squeeze(&listed);
            for (c, v) in categories.iter().zip(&values) {
                if v.is_none() {
                    prop_assert!(listed.contains(&format!("{}:n/a", squeeze(c))), "{} not listed\n{}", c, svg);
                }
            }
        }
    }

    /// Each 100 % stack spans the whole axis, from the 0% tick to the 100% tick; each share
    /// written sits inside its segment; no total is written; no text overlaps.
    #[test]
    fn percent_stacks_fill_the_axis(
        (categories, values) in chart_data(1..=12, 1..=5)
    ) {
        let values: Vec<Vec<Option<f64>>> = values
            .iter()
            .map(|s| s.iter().map(|v| v.map(f64::abs)).collect())
            .collect();
        let data = dataset(&categories, &values);
        for svg in drawings("stacked-bar", &data, values.len(), "percent: true\n") {
            let doc = Document::parse(&svg).unwrap();
            let tick = |label: &str| {
                texts(&doc)
                    .into_iter()
                    .find(|n| has_class(n, "tick") && n.text() == Some(label))
                    .map(|n| (number(&n, "x"), number(&n, "y")))
                    .unwrap_or_else(|| panic!("no {label} tick\n{svg}"))
            };
            let (zero, full) = (tick("0%"), tick("100%"));
            let vertical = (zero.0 - full.0).abs() < 0.5;
            let bars: Vec<Box> = doc
                .descendants()
                .filter(|n| n.has_tag_name("rect") && has_class(n, "bar"))
                .map(|n| {
                    let (x, y) = (number(&n, "x"), number(&n, "y"));
                    (x, y, x + number(&n, "width"), y + number(&n, "height"))
                })
                .collect();
            // Stacks: bars grouped by their cross-axis position.
            let mut stacks: Vec<(f64, f64, f64)> = Vec::new();
            for b in &bars {
                let (key, lo, hi) = if vertical { (b.0, b.1, b.3) } else { (b.1, b.0, b.2) };
                match stacks.iter_mut().find(|s| (s.0 - key).abs() < 0.5) {
                    Some(s) => { s.1 = s.1.min(lo); s.2 = s.2.max(hi); }
                    None => stacks.push((key, lo, hi)),
                }
            }
            let (a, b) = if vertical { (full.1, zero.1) } else { (zero.0, full.0) };
            // Each segment rounds to whole pixels: a pixel of slack per series.
            let slack = values.len() as f64 + 1.0;
            for s in &stacks {
                prop_assert!((s.1 - a).abs() <= slack && (s.2 - b).abs() <= slack,
                    "stack {:?} does not fill {}..{}\n{}", s, a, b, svg);
            }
            for label in texts(&doc).iter().filter(|n| has_class(n, "value-label")) {
                prop_assert!(has_class(label, "segment"), "only shares are written\n{}", svg);
                let at = measured_box(label);
                prop_assert!(bars.iter().any(|b| at.0 >= b.0 && at.2 <= b.2 && at.1 >= b.1 && at.3 <= b.3),
                    "share outside its segment {:?}\n{}", at, svg);
            }
        }
    }
}

/// More than six categories: the five largest keep their slices, the rest are one "Other",
/// named in the description; the data table lists every category with its share.
#[test]
fn a_donut_folds_small_slices_into_other_and_lists_them() {
    let brief = super::gallery();
    let page = brief.page();
    let svg = brief.output("charts/donut.svg");
    assert!(
        svg.contains("Other (Nuclear, Bioenergy and Oil) 4.3% (94)"),
        "{svg}"
    );
    assert!(svg.contains("No data for Geothermal."), "{svg}");
    let rows: Vec<String> = crate::select(&page, "figure#fig-donut details tbody tr")
        .iter()
        .map(crate::text)
        .collect();
    assert_eq!(rows.len(), 9, "every category, folded or missing: {rows:?}");
    assert!(
        rows.iter().any(|r| r.contains("Oil") && r.contains("0.3%")),
        "{rows:?}"
    );
    let headers: Vec<String> = crate::select(&page, "figure#fig-donut details thead th")
        .iter()
        .map(crate::text)
        .collect();
    assert_eq!(
        headers.last().map(String::as_str),
        Some("Generation, share")
    );
}

/// A negative share, a zero slice and keys on the wrong chart are errors with a hint, never a
/// drawing.
#[test]
fn values_that_cannot_be_parts_of_a_whole_are_errors() {
    use brief::internals::BlockOrigin;
    use brief::internals::chart::{self, ChartSpec};
    let categories: Vec<String> = ["A", "B"].iter().map(|c| c.to_string()).collect();
    let cases = [
        (
            "stacked-bar",
            "percent: true\n",
            vec![Some(3.0), Some(-1.0)],
            "a share cannot be",
        ),
        (
            "donut",
            "",
            vec![Some(3.0), Some(0.0)],
            "cannot be a donut's slice",
        ),
        (
            "bar",
            "percent: true\n",
            vec![Some(3.0), Some(1.0)],
            "`percent` draws a 100 % stacked bar",
        ),
        (
            "bar",
            "other_label: Rest\n",
            vec![Some(3.0), Some(1.0)],
            "`other_label` is a donut's key",
        ),
        (
            "donut",
            "y_max: 10\n",
            vec![Some(3.0), Some(1.0)],
            "`y_max` has no use",
        ),
    ];
    for (kind, extra, values, wanted) in cases {
        let data = dataset(&categories, &[values]);
        let yaml = format!("data: generated\ntype: {kind}\nx: category\ny: [s0]\n{extra}");
        let spec: ChartSpec = serde_saphyr::from_str(&yaml).expect("spec");
        let origin = BlockOrigin {
            file: data.file.clone(),
            fence_line: 1,
        };
        let problems = chart::check_against(&data, &origin, spec, 1).expect_err(wanted);
        let text = format!("{problems:?}");
        assert!(text.contains(wanted), "{kind}: {text}");
        assert!(text.contains("hint"), "{kind}: a hint\n{text}");
    }
}
