//! The numbers a chart draws: its categories and series, read from the dataset (sorted if
//! the spec asks), and where a value of the x axis falls among them.

use super::spec::{AxisValue, ChartSpec, ChartType, CheckedChart, Sort};
use super::style::YEARS;
use crate::blocks::table::with_unit;
use crate::format::{NamedFormat, NumberFormat};
use crate::model::{Cell, ColumnKind, Dataset};
use crate::text::smart_text;

/// The numbers a chart draws, taken from its dataset (sorted if asked).
pub(crate) struct ChartData {
    pub(crate) categories: Vec<String>,
    /// The x values when the x column is numeric (line and area charts use them).
    pub(crate) xs: Option<Vec<f64>>,
    pub(crate) series: Vec<Series>,
    pub(crate) x_format: NumberFormat,
}

/// One `y` column: its label and its values in the chart's order (`None` where missing).
pub(crate) struct Series {
    pub(crate) label: String,
    pub(crate) values: Vec<Option<f64>>,
    /// How its values read in words and in the data table: the chart's `format`, else the
    /// column's (as a table shows it), else the house style.
    pub(crate) format: NumberFormat,
    /// Its label with the column's unit, as a table's header gives it: "Exports (US$ bn)".
    pub(crate) heading: String,
}

impl ChartData {
    pub(crate) fn from(dataset: &Dataset, chart: &CheckedChart) -> ChartData {
        ChartData::from_columns(dataset, &chart.rows, chart.x, &chart.y, &chart.spec)
    }

    /// The data of the dataset's `rows` (indices, in the data's order before sorting).
    pub(crate) fn from_columns(
        dataset: &Dataset,
        rows: &[usize],
        x: usize,
        y: &[usize],
        spec: &ChartSpec,
    ) -> ChartData {
        let x_column = &dataset.columns[x];
        let x_numeric = x_column.kind == ColumnKind::Number;
        // Indexed by position in `rows`, as `order` is.
        let xs_raw: Vec<Option<f64>> = rows
            .iter()
            .map(|&r| dataset.rows.get(r).number(x))
            .collect();
        let looks_like_years = x_numeric
            && xs_raw
                .iter()
                .flatten()
                .all(|v| v.fract() == 0.0 && YEARS.contains(v));
        let x_format = if looks_like_years {
            NumberFormat::Named(NamedFormat::Year)
        } else {
            NumberFormat::Auto
        };
        let mut order: Vec<usize> = (0..rows.len()).collect();
        let first = y[0];
        let key = |i: &usize| {
            dataset
                .rows
                .get(rows[*i])
                .cell(first)
                .as_number()
                .unwrap_or(f64::NEG_INFINITY)
        };
        match (spec.sort, &spec.order) {
            (Some(Sort::Ascending), _) => order.sort_by(|a, b| key(a).total_cmp(&key(b))),
            (Some(Sort::Descending), _) => order.sort_by(|a, b| key(b).total_cmp(&key(a))),
            // A donut's slices run largest first from twelve o'clock, unless ordered.
            (None, None) if spec.kind == ChartType::Donut => {
                order.sort_by(|a, b| key(b).total_cmp(&key(a)))
            }
            (_, Some(listed)) => {
                // Listed categories first, in the list's order; the others after, as they come.
                let rank = |i: &usize| {
                    let category = dataset.rows.get(rows[*i]).cell(x).plain_text();
                    listed
                        .value
                        .iter()
                        .position(|c| *c == category)
                        .unwrap_or(usize::MAX)
                };
                order.sort_by_key(rank);
            }
            // `sort: none` keeps the file's order.
            (Some(Sort::None), None) => {}
            // Time runs left to right even when the source lists the newest first; a missing
            // x value goes last. The sort is stable: equal values keep the file's order.
            (None, None) if x_numeric => order.sort_by(|a, b| {
                let x = |i: &usize| xs_raw[*i].unwrap_or(f64::INFINITY);
                x(a).total_cmp(&x(b))
            }),
            (None, None) => {}
        }
        // Labels are what a reader sees: they get the sections' smart punctuation.
        let categories = order
            .iter()
            .map(|&i| match dataset.rows.get(rows[i]).cell(x) {
                Cell::Number(n) => x_format.format(n),
                other => smart_text(&other.plain_text()).into_owned(),
            })
            .collect();
        let xs = (x_numeric && xs_raw.iter().all(Option::is_some))
            .then(|| order.iter().map(|&i| xs_raw[i].unwrap_or(0.0)).collect());
        let series = y
            .iter()
            .enumerate()
            .map(|(s, &col)| {
                let column = &dataset.columns[col];
                let label = spec
                    .series_labels
                    .as_ref()
                    .and_then(|l| l.value.get(s))
                    .unwrap_or(&column.label);
                let label = smart_text(label).into_owned();
                Series {
                    heading: with_unit(&label, dataset, column),
                    label,
                    values: order
                        .iter()
                        .map(|&i| dataset.rows.get(rows[i]).number(col))
                        .collect(),
                    format: spec
                        .format
                        .clone()
                        .or_else(|| column.format.clone())
                        .unwrap_or_default(),
                }
            })
            .collect();
        ChartData {
            categories,
            xs,
            series,
            x_format,
        }
    }

    /// Where an annotation's `x` falls in chart coordinates, if it is on the axis: by value on a
    /// numeric (year) axis, by category otherwise (bars are centred in their slot).
    pub(crate) fn annotation_x(&self, x: &AxisValue, kind: ChartType) -> Option<f64> {
        let by_value = matches!(kind, ChartType::Line | ChartType::Area);
        if let (true, Some(xs)) = (by_value, &self.xs) {
            let value = match x {
                AxisValue::Number(n) => *n,
                AxisValue::Text(t) => t.trim().parse().ok()?,
            };
            let (lo, hi) = xs
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
                    (a.min(*v), b.max(*v))
                });
            return (lo..=hi).contains(&value).then_some(value);
        }
        let wanted = match x {
            AxisValue::Number(n) => self.x_format.format(*n),
            AxisValue::Text(t) => smart_text(t).into_owned(),
        };
        let index = self.categories.iter().position(|c| *c == wanted)? as f64;
        Some(if by_value { index } else { index + 0.5 })
    }
}
