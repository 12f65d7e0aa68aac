//! Part-to-whole charts: a 100 % stacked bar (`percent: true`) and a donut. Their checks (a
//! share cannot be negative, a slice cannot be empty), each value's share of its whole, and a
//! donut's slices: the largest `MAX_SLICES - 1` categories, the rest folded into one "Other".

use super::series::ChartData;
use super::spec::{ChartSpec, ChartType, key_column};
use crate::blocks::BlockOrigin;
use crate::diagnostics::Diagnostic;
use crate::format::{CustomFormat, NumberFormat};
use crate::model::Dataset;

/// The most slices a donut draws: beyond about six, slices are too thin to compare or label
/// (Datawrapper's advice is fewer still). With more categories, the largest five are drawn
/// and the rest folded into one "Other" slice.
pub(crate) const MAX_SLICES: usize = 6;

/// What is wrong with a part-to-whole spec: its keys on a chart that is not one, an axis
/// bound (the axis is the whole), several series in a donut, and values that cannot be parts
/// of a whole (negative in a 100 % stack, zero or negative in a donut).
pub(crate) fn part_to_whole_problems(
    dataset: &Dataset,
    rows: &[usize],
    origin: &BlockOrigin,
    spec: &ChartSpec,
    y: &[usize],
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let donut = spec.kind == ChartType::Donut;
    if let Some(percent) = &spec.percent
        && percent.value
        && spec.kind != ChartType::StackedBar
    {
        problems.push(
            origin
                .error_at(
                    percent.referenced.line(),
                    percent.referenced.column(),
                    "`percent` draws a 100 % stacked bar; this chart is not a stacked bar",
                )
                .with_hint(
                    "use `type: stacked-bar` with `percent: true`, or `type: donut` for one series",
                ),
        );
    }
    let donut_keys = [
        (
            "other_label",
            spec.other_label.as_ref().map(|k| k.referenced),
        ),
        (
            "center_total",
            spec.center_total.as_ref().map(|k| k.referenced),
        ),
    ];
    for (key, at) in donut_keys {
        if let (Some(at), false) = (at, donut) {
            problems.push(
                origin
                    .error_at(at.line(), at.column(), format!("`{key}` is a donut's key"))
                    .with_hint("remove it, or use `type: donut`"),
            );
        }
    }
    if !(donut || spec.is_percent()) {
        return problems;
    }
    for (key, bound) in [("y_min", &spec.y_min), ("y_max", &spec.y_max)] {
        if let Some(bound) = bound {
            problems.push(
                origin
                    .error_at(
                        bound.referenced.line(),
                        bound.referenced.column(),
                        format!("`{key}` has no use on a part-to-whole chart"),
                    )
                    .with_hint("its scale is the whole (0 to 100 %): remove the key"),
            );
        }
    }
    if donut && y.len() > 1 {
        problems.push(
            origin
                .error_at(
                    spec.y.referenced.line(),
                    spec.y.referenced.column(),
                    format!("a donut draws one series; `y` names {}", y.len()),
                )
                .with_hint("name one column, or use `type: stacked-bar` with `percent: true` to compare several wholes"),
        );
    }
    problems.extend(first_bad_value(dataset, rows, y, donut));
    problems
}

/// The first value that cannot be a part of a whole, located in the dataset's file.
fn first_bad_value(
    dataset: &Dataset,
    rows: &[usize],
    y: &[usize],
    donut: bool,
) -> Option<Diagnostic> {
    let bad = |v: f64| if donut { v <= 0.0 } else { v < 0.0 };
    let (line, key, value) = rows.iter().find_map(|&r| {
        let row = dataset.rows.get(r);
        y.iter()
            .filter_map(|&i| row.number(i).map(|v| (i, v)))
            .find(|(_, v)| bad(*v))
            .map(|(i, v)| (row.line(), &dataset.columns[i].key, v))
    })?;
    let shown = crate::format::plain_number(value);
    let (message, hint) = if donut {
        (
            format!("the value {shown} in `{key}` cannot be a donut's slice"),
            "a donut's slices are parts of a positive whole: leave the row out (`filter`, `rows`) or chart the values with a bar chart",
        )
    } else {
        (
            format!("the value {shown} in `{key}` is negative: a share cannot be"),
            "a 100 % stacked bar shows parts of a whole: chart values of both signs as a stacked bar without `percent`",
        )
    };
    Some(
        Diagnostic::error(&dataset.file.display, message)
            .at(&dataset.file.text, line, key_column(dataset, line, key))
            .with_hint(hint),
    )
}

/// Each value as its share (in %) of its category's total: what a 100 % stacked bar draws. A
/// category whose values are all zero or missing has no shares (it is marked "no data").
pub(crate) fn shares(data: &ChartData) -> ChartData {
    let totals: Vec<f64> = (0..data.categories.len())
        .map(|i| data.series.iter().filter_map(|s| s.values[i]).sum())
        .collect();
    let series = data
        .series
        .iter()
        .map(|s| super::series::Series {
            label: s.label.clone(),
            heading: s.heading.clone(),
            format: share_format(&s.format, 0),
            values: s
                .values
                .iter()
                .zip(&totals)
                .map(|(v, total)| v.filter(|_| *total > 0.0).map(|v| v / total * 100.0))
                .collect(),
        })
        .collect();
    ChartData {
        categories: data.categories.clone(),
        xs: data.xs.clone(),
        series,
        x_format: data.x_format.clone(),
    }
}

/// How a share reads: a whole percent on the chart (`34%`), with `decimals` in words and the
/// data table; in the brief's language when `like` is.
pub(crate) fn share_format(like: &NumberFormat, decimals: usize) -> NumberFormat {
    let share = NumberFormat::Custom(CustomFormat {
        prefix: String::new(),
        suffix: "%".to_string(),
        decimals: Some(decimals),
        thousands: Some(true),
    });
    match like {
        NumberFormat::Localized(_, style) => {
            NumberFormat::Localized(Box::new(share), style.clone())
        }
        _ => share,
    }
}

/// One slice of a donut: a category, or the categories folded into "Other".
#[derive(Debug, Clone)]
pub(crate) struct Slice {
    pub(crate) label: String,
    pub(crate) value: f64,
    /// Its share of the whole, in %.
    pub(crate) share: f64,
    /// The categories it stands for (indices into the data's categories).
    pub(crate) members: Vec<usize>,
    pub(crate) other: bool,
}

/// A donut's slices, in the data's order (largest first unless the spec set an order): every
/// category with a value when there are at most `MAX_SLICES`; else the `MAX_SLICES - 1`
/// largest, and one last slice, `other_label`, for the rest. Missing values have no slice.
pub(crate) fn slices(data: &ChartData, other_label: &str) -> Vec<Slice> {
    let Some(series) = data.series.first() else {
        return Vec::new();
    };
    let present: Vec<(usize, f64)> = series
        .values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| (i, v)))
        .collect();
    let total: f64 = present.iter().map(|(_, v)| v).sum();
    let share = |v: f64| if total > 0.0 { v / total * 100.0 } else { 0.0 };
    let kept: Vec<usize> = if present.len() <= MAX_SLICES {
        present.iter().map(|(i, _)| *i).collect()
    } else {
        let mut ranked = present.clone();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
        ranked
            .iter()
            .take(MAX_SLICES - 1)
            .map(|(i, _)| *i)
            .collect()
    };
    let mut out: Vec<Slice> = present
        .iter()
        .filter(|(i, _)| kept.contains(i))
        .map(|&(i, v)| Slice {
            label: data.categories[i].clone(),
            value: v,
            share: share(v),
            members: vec![i],
            other: false,
        })
        .collect();
    let folded: Vec<(usize, f64)> = present
        .iter()
        .copied()
        .filter(|(i, _)| !kept.contains(i))
        .collect();
    if !folded.is_empty() {
        let value = folded.iter().map(|(_, v)| v).sum();
        out.push(Slice {
            label: other_label.to_string(),
            value,
            share: share(value),
            members: folded.iter().map(|(i, _)| *i).collect(),
            other: true,
        });
    }
    out
}

/// The default label of the folded slice when the spec gives none (charts drawn without the
/// brief's language: benchmarks, fuzzing, tests).
pub(crate) const OTHER: &str = "Other";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blocks::chart::series::Series;
    use proptest::prelude::*;

    fn data(values: Vec<Option<f64>>) -> ChartData {
        ChartData {
            categories: (0..values.len()).map(|i| format!("c{i}")).collect(),
            xs: None,
            series: vec![Series {
                label: "s".into(),
                heading: "s".into(),
                format: NumberFormat::Auto,
                values,
            }],
            x_format: NumberFormat::Auto,
        }
    }

    proptest! {
        /// Slices' shares make the whole (360°); there are at most `MAX_SLICES`; every
        /// category with a value is in exactly one slice; a folded category is never larger
        /// than a kept one.
        #[test]
        fn slices_make_the_whole_and_fold_the_smallest(
            values in prop::collection::vec(
                prop_oneof![1 => Just(None), 6 => (1u32..100_000, 0i32..6)
                    .prop_map(|(v, e)| Some(f64::from(v) * 10f64.powi(e - 2)))],
                1..40,
            )
        ) {
            prop_assume!(values.iter().any(Option::is_some));
            let d = data(values.clone());
            let slices = slices(&d, OTHER);
            prop_assert!(slices.len() <= MAX_SLICES);
            let degrees: f64 = slices.iter().map(|s| s.share * 3.6).sum();
            prop_assert!((degrees - 360.0).abs() < 1e-6, "{}", degrees);
            let mut members: Vec<usize> = slices.iter().flat_map(|s| s.members.clone()).collect();
            members.sort_unstable();
            let present: Vec<usize> = (0..values.len()).filter(|&i| values[i].is_some()).collect();
            prop_assert_eq!(members, present);
            if let Some(other) = slices.iter().find(|s| s.other) {
                let smallest_kept = slices.iter().filter(|s| !s.other).map(|s| s.value)
                    .fold(f64::INFINITY, f64::min);
                for &i in &other.members {
                    prop_assert!(values[i].unwrap() <= smallest_kept);
                }
            }
        }

        /// Each category's shares in a 100 % stack add up to the whole.
        #[test]
        fn shares_of_a_stack_add_up_to_100(
            values in prop::collection::vec(prop::collection::vec(
                prop_oneof![1 => Just(None), 4 => (0u32..1_000_000).prop_map(|v| Some(f64::from(v) / 7.0))],
                1..12), 1..6)
        ) {
            let n = values[0].len();
            let d = ChartData {
                categories: (0..n).map(|i| format!("c{i}")).collect(),
                xs: None,
                series: values.iter().map(|v| {
                    let mut v = v.clone();
                    v.resize(n, None);
                    Series { label: "s".into(), heading: "s".into(), format: NumberFormat::Auto, values: v }
                }).collect(),
                x_format: NumberFormat::Auto,
            };
            let shared = shares(&d);
            for i in 0..n {
                let sum: f64 = shared.series.iter().filter_map(|s| s.values[i]).sum();
                let any = d.series.iter().filter_map(|s| s.values[i]).any(|v| v > 0.0);
                if any {
                    prop_assert!((sum - 100.0).abs() < 1e-9, "{}", sum);
                } else {
                    prop_assert_eq!(sum, 0.0);
                }
            }
        }
    }
}
