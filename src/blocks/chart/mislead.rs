//! What `brief check` warns about a chart that draws but may mislead its reader: two rows with
//! the same category, more series than the palette tells apart, bars or areas cut off above
//! zero, stacks that mix signs, a highlight that highlights nothing. Each warning is located
//! where the author fixes it: the chart's spec, or the dataset's row.

use std::collections::HashMap;

use serde_saphyr::Spanned;

use super::spec::{ChartType, CheckedChart, key_column};
use super::style::SERIES_CLASSES;
use crate::blocks::BlockOrigin;
use crate::diagnostics::Diagnostic;
use crate::model::{Cell, Dataset};

/// At most this many categories are named in one warning; the rest are counted.
const NAMED: usize = 3;

/// The warnings about `chart` (checked against `dataset`; its spec at `origin`), except
/// duplicate categories, which belong to the dataset and its x column (see
/// [`duplicate_categories`]).
pub(crate) fn misleading(
    dataset: &Dataset,
    origin: &BlockOrigin,
    chart: &CheckedChart,
) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    warnings.extend(too_many_series(origin, chart));
    warnings.extend(cut_above_zero(origin, chart));
    warnings.extend(mixed_stack(dataset, chart));
    warnings.extend(idle_highlight(origin, chart));
    warnings
}

/// A warning at the value of a key of the chart's spec.
fn at_key<T>(origin: &BlockOrigin, key: &Spanned<T>, message: String) -> Diagnostic {
    origin.warning_at(key.referenced.line(), key.referenced.column(), message)
}

/// Rows whose x value another row has already: the chart draws two marks with one label. One
/// warning per repeated row, at its x cell, naming the first row's line.
pub(crate) fn duplicate_categories(dataset: &Dataset, x: usize) -> Vec<Diagnostic> {
    let key = &dataset.columns[x].key;
    let mut first_line: HashMap<String, usize> = HashMap::new();
    let mut warnings = Vec::new();
    for row in dataset.rows.iter() {
        let category = match row.cell(x) {
            Cell::Missing => continue,
            Cell::Number(n) => format!("{n}"),
            other => other.plain_text(),
        };
        let line = row.line();
        match first_line.get(&category) {
            None => {
                first_line.insert(category, line);
            }
            Some(&first) => warnings.push(
                Diagnostic::warning(
                    &dataset.file.display,
                    format!(
                        "the category `{category}` is on line {first} and again on line {line}: a chart of `{key}` draws two marks with the same label",
                    ),
                )
                .at(&dataset.file.text, line, key_column(dataset, line, key))
                .with_hint(
                    "add the two rows up (or keep one), or tell them apart in their label",
                ),
            ),
        }
    }
    warnings
}

/// More series than the palette has colours: the later ones repeat the first ones' colours.
fn too_many_series(origin: &BlockOrigin, chart: &CheckedChart) -> Option<Diagnostic> {
    let series = chart.y.len();
    let colours = SERIES_CLASSES.len();
    // A horizontal bar chart draws its first series only.
    if series <= colours || chart.spec.kind == ChartType::Hbar {
        return None;
    }
    let repeats = if series == colours + 1 {
        format!("series {series} has the colour of series 1")
    } else {
        format!(
            "series {} to {series} have the colours of series 1 to {}",
            colours + 1,
            series - colours
        )
    };
    Some(
        at_key(
            origin,
            &chart.spec.y,
            format!("the chart has {series} series and the palette tells {colours} apart: {repeats}"),
        )
            .with_hint(format!(
                "keep at most {colours} series (sum the smallest into an “Other” column), or split the chart in two"
            )),
    )
}

/// `y_min` above zero on bars or an area: their length or area no longer stands for the value.
fn cut_above_zero(origin: &BlockOrigin, chart: &CheckedChart) -> Option<Diagnostic> {
    let y_min = chart.spec.y_min.as_ref()?;
    let kind = chart.spec.kind;
    if y_min.value <= 0.0 || kind == ChartType::Line {
        return None;
    }
    let what = if kind == ChartType::Area {
        "an area"
    } else {
        "bars"
    };
    Some(
        at_key(
            origin,
            y_min,
            format!(
                "`y_min: {}` cuts {what} off above zero: a value twice another no longer looks twice as big",
                y_min.value
            ),
        )
            .with_hint("remove `y_min` (bars and areas start at zero), or show the change as a `type: line` chart"),
    )
}

/// A stack with positive and negative segments: they stack both ways from zero and the
/// stack's height is not its total. Located at the first such row, naming the categories.
fn mixed_stack(dataset: &Dataset, chart: &CheckedChart) -> Option<Diagnostic> {
    if chart.spec.kind != ChartType::StackedBar {
        return None;
    }
    let mixed: Vec<(usize, String)> = dataset
        .rows
        .iter()
        .filter(|row| {
            let values: Vec<f64> = chart.y.iter().filter_map(|&c| row.number(c)).collect();
            values.iter().any(|v| *v > 0.0) && values.iter().any(|v| *v < 0.0)
        })
        .map(|row| (row.line(), row.cell(chart.x).plain_text()))
        .collect();
    let (line, _) = mixed.first()?;
    let mut named: Vec<String> = mixed
        .iter()
        .take(NAMED)
        .map(|(_, c)| format!("`{c}`"))
        .collect();
    if mixed.len() > NAMED {
        named.push(format!("{} more", mixed.len() - NAMED));
    }
    let key = &dataset.columns[chart.x].key;
    Some(
        Diagnostic::warning(
            &dataset.file.display,
            format!(
                "the stacked bar `{}` mixes positive and negative values in a stack ({}): its segments go both ways from zero, so the stack's height is not its total",
                chart.id,
                named.join(", ")
            ),
        )
        .at(&dataset.file.text, *line, key_column(dataset, *line, key))
        .with_hint("show the parts side by side (`type: grouped-bar`), or chart the net total on its own"),
    )
}

/// `highlight` where it draws nothing: only the bars of a one-series chart are drawn
/// highlighted, so on a line or a chart of several series the category looks like every
/// other. (A `highlight` naming no category is an error of the build.)
fn idle_highlight(origin: &BlockOrigin, chart: &CheckedChart) -> Option<Diagnostic> {
    let highlight = chart.spec.highlight.as_ref()?;
    let series = chart.y.len();
    let kind = chart.spec.kind;
    let why = match kind {
        ChartType::Line => "a line chart".to_string(),
        ChartType::Area => "an area chart".to_string(),
        ChartType::Hbar => return None,
        _ if series > 1 => format!("a chart of {series} series"),
        _ => return None,
    };
    Some(
        at_key(
            origin,
            highlight,
            format!(
                "`highlight: {}` marks nothing on {why}: only the bars of a single series are drawn highlighted",
                highlight.value
            ),
        )
            .with_hint("remove `highlight`, or chart one series as bars"),
    )
}
