//! Baselines on generated charts: bars and areas start at zero; a line chart whose value axis
//! does not reach zero says so (its axes drawn as quietly as the grid, a break mark on the
//! value axis), and one whose axis does has no break.

use proptest::prelude::*;
use roxmltree::Document;

use super::labels::{dataset, drawings, has_class};

/// The values of the value axis' tick labels (plain numbers: the generated values are under a
/// thousand, so no tick is shortened to `1K`).
fn tick_values(doc: &Document<'_>) -> Vec<f64> {
    doc.descendants()
        .filter(|n| n.has_tag_name("text") && has_class(n, "tick"))
        .filter(|n| n.attribute("text-anchor") == Some("end"))
        .filter_map(|n| n.text()?.replace('−', "-").replace(',', "").parse().ok())
        .collect()
}

/// Whether the drawing has an axis break, and checks it is drawn as one: on the value axis
/// line, every axis line quiet; without it, no axis line is.
fn axis_break(svg: &str) -> bool {
    let doc = Document::parse(svg).expect("well-formed SVG");
    let breaks: Vec<_> = doc
        .descendants()
        .filter(|n| has_class(n, "axis-break"))
        .collect();
    let axes: Vec<_> = doc.descendants().filter(|n| has_class(n, "axis")).collect();
    assert!(breaks.len() <= 1, "{svg}");
    let Some(mark) = breaks.first() else {
        assert!(axes.iter().all(|n| !has_class(n, "floating")), "{svg}");
        return false;
    };
    assert!(axes.iter().all(|n| has_class(n, "floating")), "{svg}");
    // The value axis: the longest vertical axis line; the mark's points straddle it.
    let value_axis_x = axes
        .iter()
        .filter_map(|n| {
            let points: Vec<(f64, f64)> = n
                .attribute("points")?
                .split_whitespace()
                .filter_map(|p| {
                    let (x, y) = p.split_once(',')?;
                    Some((x.parse().ok()?, y.parse().ok()?))
                })
                .collect();
            let [(x0, y0), (x1, y1)] = points[..] else {
                return None;
            };
            (x0 == x1).then_some((x0, (y1 - y0).abs()))
        })
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .expect("a value axis")
        .0;
    let xs: Vec<f64> = mark
        .attribute("points")
        .unwrap()
        .split_whitespace()
        .map(|p| p.split_once(',').unwrap().0.parse().unwrap())
        .collect();
    let (min, max) = xs
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| {
            (a.min(*x), b.max(*x))
        });
    assert!(min < value_axis_x && value_axis_x < max, "{svg}");
    assert!(doc.descendants().any(|n| has_class(&n, "axis-gap")));
    true
}

/// Values of one sign, away from zero or across it, under a thousand.
fn values() -> impl Strategy<Value = (Vec<String>, Vec<Vec<Option<f64>>>)> {
    (2usize..=20, -900i32..900, 1i32..300).prop_flat_map(|(n, base, spread)| {
        let value = (0..spread).prop_map(move |d| Some(f64::from(base + d)));
        let values = prop::collection::vec(prop_oneof![1 => Just(None), 6 => value], n);
        (Just((0..n).map(|i| format!("C{i}")).collect()), values).prop_map(
            move |(c, mut v): (Vec<String>, Vec<Option<f64>>)| {
                v[0] = Some(f64::from(base));
                (c, vec![v])
            },
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// A line's axis is broken exactly when its ticks do not reach zero.
    #[test]
    fn a_line_off_zero_shows_a_break_and_only_then((categories, values) in values()) {
        let data = dataset(&categories, &values);
        for svg in drawings("line", &data, 1, "") {
            let doc = Document::parse(&svg).unwrap();
            let ticks = tick_values(&doc);
            prop_assert!(ticks.len() >= 2, "{}", svg);
            let lo = ticks.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = ticks.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            prop_assert_eq!(axis_break(&svg), lo > 0.0 || hi < 0.0, "{}", svg);
        }
        // `y_min: 0` is the one line that brings zero back.
        for svg in drawings("line", &data, 1, "y_min: 0\n") {
            if values[0].iter().flatten().all(|v| *v >= 0.0) {
                prop_assert!(!axis_break(&svg), "{}", svg);
            }
        }
    }

    /// Bars and areas start at zero: their axis reaches it, and is never broken.
    #[test]
    fn bars_and_areas_reach_zero(
        kind in prop_oneof![Just("bar"), Just("area"), Just("hbar")],
        (categories, values) in values()
    ) {
        let data = dataset(&categories, &values);
        for svg in drawings(kind, &data, 1, "") {
            prop_assert!(!axis_break(&svg), "{}", svg);
            let doc = Document::parse(&svg).unwrap();
            let ticks = tick_values(&doc);
            // Columns (horizontal bars label their value axis below it, centred).
            if !ticks.is_empty() {
                let lo = ticks.iter().copied().fold(f64::INFINITY, f64::min);
                let hi = ticks.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                prop_assert!(lo <= 0.0 && hi >= 0.0, "{:?}\n{}", ticks, svg);
            }
        }
    }
}
