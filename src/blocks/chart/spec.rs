//! What a chart block says (`ChartSpec` and its parts, as written in YAML), and its checks
//! against the dataset it names, which make a `CheckedChart` or say what is wrong.

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::series::ChartData;
use crate::blocks::rows::{RowChoice, RowFilter, select_rows};
use crate::blocks::{BlockKind, BlockOrigin, find_column};
use crate::diagnostics::{Diagnostic, Diagnostics, did_you_mean};
use crate::format::NumberFormat;
use crate::model::{ColumnKind, Dataset};
use crate::text::slugify;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChartType {
    Line,
    Area,
    Bar,
    Hbar,
    GroupedBar,
    StackedBar,
    /// A ring of slices, one per category (part to whole, one series).
    Donut,
}

impl ChartType {
    /// The catalogue key of the description's first sentence ("Bar chart.").
    pub(crate) fn describe_key(self) -> &'static str {
        match self {
            ChartType::Line => "describe_line",
            ChartType::Area => "describe_area",
            ChartType::Bar => "describe_bar",
            ChartType::Hbar => "describe_hbar",
            ChartType::GroupedBar => "describe_grouped_bar",
            ChartType::StackedBar => "describe_stacked_bar",
            ChartType::Donut => "describe_donut",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    None,
    Ascending,
    Descending,
}

/// One column or several.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Columns {
    One(String),
    Many(Vec<String>),
}

impl Columns {
    fn list(&self) -> Vec<String> {
        match self {
            Columns::One(c) => vec![c.clone()],
            Columns::Many(cs) => cs.clone(),
        }
    }
}

/// A chart block as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChartSpec {
    pub data: Spanned<String>,
    #[serde(rename = "type")]
    pub kind: ChartType,
    pub x: Spanned<String>,
    pub y: Spanned<Columns>,
    /// Names the figure (`fig-<id>`) and its file (`charts/<id>.svg`).
    pub id: Option<String>,
    pub title: Option<String>,
    pub subtitle: Option<String>,
    pub caption: Option<String>,
    pub x_label: Option<String>,
    pub y_label: Option<String>,
    /// Labels for the series, in the order of `y` (default: the columns' labels).
    pub series_labels: Option<Spanned<Vec<String>>>,
    pub format: Option<NumberFormat>,
    pub sort: Option<Sort>,
    /// The categories of `x` in the order they are drawn (those left out follow, in the
    /// data's order). Without it, numeric and year values of `x` are drawn ascending.
    pub order: Option<Spanned<Vec<String>>>,
    /// A category drawn in the accent colour; the others are muted.
    pub highlight: Option<Spanned<String>>,
    /// Numbers at the end of each bar (default: on for bar and hbar).
    pub value_labels: Option<bool>,
    pub y_min: Option<Spanned<f64>>,
    pub y_max: Option<Spanned<f64>>,
    /// Overrides the dataset's source line.
    pub source: Option<String>,
    pub notes: Option<String>,
    /// The author's description for screen readers (otherwise generated from the data).
    pub alt: Option<String>,
    /// Notes drawn on the chart: a vertical line at `x`, or a point at (`x`, `y`), labelled.
    #[serde(default)]
    pub annotations: Vec<Spanned<Annotation>>,
    /// Keep the rows whose value in a column is listed.
    pub filter: Option<RowFilter>,
    /// Which rows, by their label (the first column), in this order.
    pub rows: Option<Spanned<Vec<Spanned<String>>>>,
    /// Chart the dataset's total and subtotal rows too (default: left out).
    #[serde(default)]
    pub include_totals: bool,
    /// A stacked bar whose stacks each show 100 %: every segment its share of the stack.
    pub percent: Option<Spanned<bool>>,
    /// A donut's slice for the categories folded together (default: "Other" in the brief's
    /// language).
    pub other_label: Option<Spanned<String>>,
    /// A donut's total written in its centre (default: true).
    pub center_total: Option<Spanned<bool>>,
}

impl ChartSpec {
    /// A 100 % stacked bar: `type: stacked-bar` with `percent: true`.
    pub(crate) fn is_percent(&self) -> bool {
        self.kind == ChartType::StackedBar && self.percent.as_ref().is_some_and(|p| p.value)
    }
}

/// A labelled vertical line (`x` only) or point (`x` and `y`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Annotation {
    pub x: AxisValue,
    pub y: Option<f64>,
    pub label: String,
}

/// A position on the x axis: a number (a year) or a category.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum AxisValue {
    Number(f64),
    Text(String),
}

/// The most values (rows × series) a chart draws. Beyond this a chart is unreadable and its
/// SVG and data table grow into megabytes (see RELIABILITY.md for the measurements).
pub(crate) const MAX_CHART_POINTS: usize = 20_000;

/// The largest magnitude a chart draws (data, `y_min`, `y_max`): beyond it axis spans can
/// overflow to infinity.
pub(crate) const MAX_CHART_MAGNITUDE: f64 = 1e100;

/// A chart checked against its dataset.
#[derive(Debug, Clone)]
pub struct CheckedChart {
    pub spec: ChartSpec,
    pub dataset: String,
    pub x: usize,
    pub y: Vec<usize>,
    /// The rows charted (dataset indices), before `sort` or `order`.
    pub rows: Vec<usize>,
    pub number: usize,
    /// The file name stem: `charts/<id>.svg`.
    pub id: String,
    /// The HTML id: `fig-<id>`.
    pub anchor: String,
}

/// Checks a chart spec against the dataset it names. Every problem found is reported, in the
/// order of the checks below.
pub fn check_against(
    dataset: &Dataset,
    origin: &BlockOrigin,
    spec: ChartSpec,
    number: usize,
) -> Result<CheckedChart, Diagnostics> {
    let mut problems = Diagnostics::default();
    let x = find_column(dataset, origin, &spec.x)
        .map_err(|d| problems.push(d))
        .ok();
    let y_names = spec.y.value.list();
    let y = y_columns(dataset, origin, &spec.y, &y_names, &mut problems);
    let choice = RowChoice {
        filter: spec.filter.as_ref(),
        rows: spec.rows.as_ref(),
        totals: spec.include_totals,
    };
    let rows = select_rows(dataset, origin, &choice).unwrap_or_else(|found| {
        problems.extend(found);
        Vec::new()
    });
    problems.extend(bounds_too_large(origin, &spec));
    problems.extend(value_too_large(dataset, x, &y));
    problems.extend(too_many_points(origin, &spec, rows.len(), y_names.len()));
    if let (Some(highlight), Some(x)) = (&spec.highlight, x) {
        problems.extend(unknown_highlight(dataset, &rows, origin, highlight, x));
    }
    if let (Some(order), Some(x)) = (&spec.order, x) {
        problems.extend(bad_order(dataset, &rows, origin, &spec, order, x));
    }
    problems.extend(series_label_count(origin, &spec, y_names.len()));
    problems.extend(empty_y_range(origin, &spec));
    problems.extend(all_missing(dataset, &rows, origin, &spec, &y));
    problems.extend(super::share::part_to_whole_problems(
        dataset, &rows, origin, &spec, &y,
    ));
    if let (Some(x), false) = (x, y.is_empty() || rows.is_empty()) {
        problems.extend(annotations_not_drawn(dataset, &rows, origin, &spec, x, &y));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let id = chart_id(&spec, dataset);
    Ok(CheckedChart {
        anchor: BlockKind::Chart.anchor(&id),
        id,
        dataset: dataset.name.clone(),
        x: x.unwrap_or(0),
        y,
        rows,
        number,
        spec,
    })
}

/// The file name stem: the spec's `id`, else its title, else the dataset's name, slugified.
fn chart_id(spec: &ChartSpec, dataset: &Dataset) -> String {
    spec.id
        .clone()
        .map(|id| slugify(&id))
        .filter(|id| !id.is_empty())
        .unwrap_or_else(|| slugify(spec.title.as_deref().unwrap_or(&dataset.name)))
}

/// The columns `y` names (those found and numeric), and what is wrong with the others.
fn y_columns(
    dataset: &Dataset,
    origin: &BlockOrigin,
    y: &Spanned<Columns>,
    names: &[String],
    problems: &mut Diagnostics,
) -> Vec<usize> {
    let mut columns = Vec::new();
    if names.is_empty() {
        problems.push(
            origin
                .error_at(
                    y.referenced.line(),
                    y.referenced.column(),
                    "`y` names no column",
                )
                .with_hint("name a numeric column, or a list of them: `y: [a, b]`"),
        );
    }
    for name in names {
        match y_column(dataset, origin, y, name) {
            Ok(i) => columns.push(i),
            Err(d) => problems.push(d),
        }
    }
    columns
}

/// The column `name` of `y`, if the dataset has it and it holds numbers.
fn y_column(
    dataset: &Dataset,
    origin: &BlockOrigin,
    y: &Spanned<Columns>,
    name: &str,
) -> Result<usize, Diagnostic> {
    let located = Spanned {
        value: name.to_string(),
        referenced: y.referenced,
        defined: y.defined,
    };
    let i = find_column(dataset, origin, &located)?;
    if dataset.columns[i].kind != ColumnKind::Number {
        return Err(origin
            .error_at(
                y.referenced.line(),
                y.referenced.column(),
                format!(
                    "the column `{name}` holds {}, not numbers",
                    dataset.columns[i].kind.name()
                ),
            )
            .with_hint(format!(
                "a chart's `y` must be numeric: fix the values in {} or declare `type: number`",
                dataset.file.display.display()
            )));
    }
    Ok(i)
}

/// `y_min` or `y_max` beyond what a chart draws. plotters' tick search loops forever on an
/// infinite span (`y_min: -1e308, y_max: 1e308` was a fuzzing timeout), so values beyond
/// ±1e100 are refused, which keeps every span finite.
fn bounds_too_large(origin: &BlockOrigin, spec: &ChartSpec) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (key, bound) in [("y_min", &spec.y_min), ("y_max", &spec.y_max)] {
        let Some(bound) = bound else { continue };
        if bound.value.abs() > MAX_CHART_MAGNITUDE {
            problems.push(
                origin
                    .error_at(
                        bound.referenced.line(),
                        bound.referenced.column(),
                        format!("`{key}` ({:e}) is too large to draw", bound.value),
                    )
                    .with_hint("charts draw values up to ±1e100"),
            );
        }
    }
    problems
}

/// The first value of the data (in `y`, or in a numeric `x`) beyond what a chart draws,
/// located in the dataset's file.
fn value_too_large(dataset: &Dataset, x: Option<usize>, y: &[usize]) -> Option<Diagnostic> {
    let numeric_x = x.filter(|&i| dataset.columns[i].kind == ColumnKind::Number);
    let (line, key, value) = dataset.rows.iter().find_map(|row| {
        y.iter()
            .chain(numeric_x.as_ref())
            .filter_map(|&i| row.number(i).map(|v| (i, v)))
            .find(|(_, v)| v.abs() > MAX_CHART_MAGNITUDE)
            .map(|(i, v)| (row.line(), &dataset.columns[i].key, v))
    })?;
    let column = key_column(dataset, line, key);
    Some(
        Diagnostic::error(
            &dataset.file.display,
            format!("the value {value:e} in `{key}` is too large to chart"),
        )
        .at(&dataset.file.text, line, column)
        .with_hint("charts draw values up to ±1e100: express the column in larger units"),
    )
}

/// The column of `key` on line `line` of the dataset's file, for the caret: a row knows its
/// line, not where its cells are (1 when the key is not written there, as in a CSV).
pub(super) fn key_column(dataset: &Dataset, line: usize, key: &str) -> usize {
    dataset
        .file
        .text
        .lines()
        .nth(line.saturating_sub(1))
        .and_then(|text| {
            text.find(&format!("{key}:"))
                .map(|b| text[..b].chars().count())
        })
        .map_or(1, |c| c + 1)
}

/// More values (rows × series) than `MAX_CHART_POINTS`.
fn too_many_points(
    origin: &BlockOrigin,
    spec: &ChartSpec,
    rows: usize,
    series: usize,
) -> Option<Diagnostic> {
    let points = rows * series.max(1);
    (points > MAX_CHART_POINTS).then(|| {
        origin
            .error_at(
                spec.data.referenced.line(),
                spec.data.referenced.column(),
                format!(
                    "the chart would draw {points} values; at most {MAX_CHART_POINTS} stay readable"
                ),
            )
            .with_hint(
                "aggregate the data for the chart (by year, by category) in a smaller dataset",
            )
    })
}

/// A `highlight` that is none of the x column's categories.
fn unknown_highlight(
    dataset: &Dataset,
    rows: &[usize],
    origin: &BlockOrigin,
    highlight: &Spanned<String>,
    x: usize,
) -> Option<Diagnostic> {
    let categories = categories(dataset, rows, x);
    if categories.contains(&highlight.value) {
        return None;
    }
    let hint = match did_you_mean(&highlight.value, categories.iter().map(String::as_str)) {
        Some(best) => format!("did you mean `{best}`?"),
        None => format!(
            "`highlight` names a value of the `{}` column",
            dataset.columns[x].key
        ),
    };
    Some(
        origin
            .error_at(
                highlight.referenced.line(),
                highlight.referenced.column(),
                format!("no category `{}` to highlight", highlight.value),
            )
            .with_hint(hint),
    )
}

/// An `order` that names a category the x column does not have, or that comes with `sort`
/// (which orders by value: one of the two decides).
fn bad_order(
    dataset: &Dataset,
    rows: &[usize],
    origin: &BlockOrigin,
    spec: &ChartSpec,
    order: &Spanned<Vec<String>>,
    x: usize,
) -> Vec<Diagnostic> {
    let at = |message: String| {
        origin.error_at(order.referenced.line(), order.referenced.column(), message)
    };
    if matches!(spec.sort, Some(Sort::Ascending | Sort::Descending)) {
        return vec![
            at("`order` and `sort` both set the order of the categories".to_string())
                .with_hint("keep `order` (a list of categories) or `sort` (by value), not both"),
        ];
    }
    let categories = categories(dataset, rows, x);
    order
        .value
        .iter()
        .filter(|wanted| !categories.contains(wanted))
        .map(|wanted| {
            let hint = match did_you_mean(wanted, categories.iter().map(String::as_str)) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!(
                    "`order` lists values of the `{}` column",
                    dataset.columns[x].key
                ),
            };
            at(format!("`order` names `{wanted}`, which is not a category")).with_hint(hint)
        })
        .collect()
}

/// The x column's values of the charted rows.
fn categories(dataset: &Dataset, rows: &[usize], x: usize) -> Vec<String> {
    rows.iter()
        .map(|&r| dataset.rows.get(r).cell(x).plain_text())
        .collect()
}

/// `series_labels` that are not one per column of `y`.
fn series_label_count(origin: &BlockOrigin, spec: &ChartSpec, series: usize) -> Option<Diagnostic> {
    let labels = spec.series_labels.as_ref()?;
    (labels.value.len() != series).then(|| {
        origin
            .error_at(
                labels.referenced.line(),
                labels.referenced.column(),
                format!("{} series labels for {} series", labels.value.len(), series),
            )
            .with_hint("give one label per column in `y`")
    })
}

/// A `y_max` that is not above `y_min`.
fn empty_y_range(origin: &BlockOrigin, spec: &ChartSpec) -> Option<Diagnostic> {
    let (min, max) = (spec.y_min.as_ref()?, spec.y_max.as_ref()?);
    (min.value >= max.value).then(|| {
        origin
            .error_at(
                max.referenced.line(),
                max.referenced.column(),
                format!(
                    "`y_max` ({}) is not above `y_min` ({})",
                    max.value, min.value
                ),
            )
            .with_hint("swap the two values, or remove one to let the chart choose it")
    })
}

/// Nothing to plot: every value of every `y` column is missing.
fn all_missing(
    dataset: &Dataset,
    rows: &[usize],
    origin: &BlockOrigin,
    spec: &ChartSpec,
    y: &[usize],
) -> Option<Diagnostic> {
    // No rows at all is `filter` or `rows` at fault, reported there.
    let missing = !y.is_empty()
        && !rows.is_empty()
        && rows
            .iter()
            .all(|&r| y.iter().all(|&i| dataset.rows.get(r).is_missing(i)));
    missing.then(|| {
        origin
            .error_at(
                spec.y.referenced.line(),
                spec.y.referenced.column(),
                "every value to plot is missing",
            )
            .with_hint("the chart needs at least one number")
    })
}

/// Annotations the chart cannot draw: any on an hbar chart, and those whose `x` is not on the
/// x axis.
fn annotations_not_drawn(
    dataset: &Dataset,
    rows: &[usize],
    origin: &BlockOrigin,
    spec: &ChartSpec,
    x: usize,
    y: &[usize],
) -> Vec<Diagnostic> {
    let data = ChartData::from_columns(dataset, rows, x, y, spec);
    let mut problems = Vec::new();
    for annotation in &spec.annotations {
        let at = annotation.referenced;
        if matches!(spec.kind, ChartType::Hbar | ChartType::Donut) {
            let kind = if spec.kind == ChartType::Hbar {
                "hbar"
            } else {
                "donut"
            };
            problems.push(
                origin
                    .error_at(
                        at.line(),
                        at.column(),
                        format!("annotations are not drawn on {kind} charts"),
                    )
                    .with_hint("use a line, area or bar chart, or say it in the caption"),
            );
        } else if data.annotation_x(&annotation.value.x, spec.kind).is_none() {
            let shown = match &annotation.value.x {
                AxisValue::Number(n) => crate::format::plain_number(*n),
                AxisValue::Text(t) => t.clone(),
            };
            problems.push(
                origin
                    .error_at(
                        at.line(),
                        at.column(),
                        format!("the annotation's x `{shown}` is not on the chart's x axis"),
                    )
                    .with_hint(format!(
                        "use a value of the `{}` column within the data's range",
                        dataset.columns[x].key
                    )),
            );
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    /// README documents every key of a chart block, of an annotation and of a number format.
    #[test]
    fn readme_documents_every_key_of_a_chart() {
        use crate::testing::{assert_documented, assert_values_documented, serde_keys};
        assert_documented("chart", &[&serde_keys::<ChartSpec>()]);
        assert_documented("annotation", &[&serde_keys::<Annotation>()]);
        assert_values_documented("chart", "type", &serde_keys::<ChartType>());
        assert_values_documented("chart", "sort", &serde_keys::<Sort>());
        assert_documented(
            "number format",
            &[&serde_keys::<crate::format::CustomFormat>()],
        );
    }
}
