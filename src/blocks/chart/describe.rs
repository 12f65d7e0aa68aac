//! A chart in words and numbers, for readers who cannot see it: the description a screen
//! reader says (the SVG's `<desc>`) and the data table under the figure.

use serde::Serialize;

use super::series::{ChartData, Series};
use super::share::{OTHER, share_format, shares, slices};
use super::spec::{ChartSpec, ChartType, CheckedChart};
use super::style::MAX_VALUES_LISTED;
use crate::locale::Locale;
use crate::model::Dataset;

#[derive(Serialize)]
pub(crate) struct DataTable {
    caption: String,
    headers: Vec<String>,
    rows: Vec<Vec<DataCell>>,
}

#[derive(Serialize)]
pub(crate) struct DataCell {
    text: String,
    numeric: bool,
    /// No value: shown as a table shows one, a dash read "no data".
    missing: bool,
}

/// A figure's number as the page writes it: "Figure 3", "Data for Figure 3" and, over a tall
/// chart's later printed pieces, "Figure 3 (continued)", in the brief's language.
#[derive(Serialize)]
pub(crate) struct FigureLabels {
    figure: String,
    data: String,
    continued: String,
}

impl FigureLabels {
    pub(crate) fn new(locale: &Locale, number: usize) -> FigureLabels {
        let number = number.to_string();
        let fill = |key| locale.fill(key, &[("number", &number)]);
        FigureLabels {
            figure: fill("figure"),
            data: fill("data_for_figure"),
            continued: fill("figure_continued"),
        }
    }
}

/// The chart's numbers as a table, for readers who cannot see the chart. A cell's text has the
/// smart punctuation the page shows (the template would otherwise run the `smart` filter on each
/// of thousands of cells).
pub(crate) fn data_table(
    dataset: &Dataset,
    chart: &CheckedChart,
    data: &ChartData,
    title: &str,
    locale: &Locale,
) -> DataTable {
    let mut headers = vec![
        chart
            .spec
            .x_label
            .clone()
            .unwrap_or_else(|| dataset.columns[chart.x].label.clone()),
    ];
    headers.extend(data.series.iter().map(|s| s.heading.clone()));
    // A part-to-whole chart's table has each value's share beside it.
    let part_to_whole = chart.spec.is_percent() || chart.spec.kind == ChartType::Donut;
    let donut = chart.spec.kind == ChartType::Donut;
    let shared = part_to_whole.then(|| whole_shares(data, donut));
    if shared.is_some() {
        headers.extend(
            data.series
                .iter()
                .map(|s| locale.fill("share_column", &[("series", &s.label)])),
        );
    }
    let rows = data
        .categories
        .iter()
        .enumerate()
        .map(|(i, category)| {
            let mut row = vec![DataCell {
                text: smart(category.clone()),
                numeric: false,
                missing: false,
            }];
            row.extend(data.series.iter().map(|s| DataCell {
                text: smart(s.values[i].map_or_else(String::new, |v| s.format.format(v))),
                numeric: true,
                missing: s.values[i].is_none(),
            }));
            for s in shared.iter().flat_map(|d| &d.series) {
                row.push(DataCell {
                    text: smart(s.values[i].map_or_else(String::new, |v| s.format.format(v))),
                    numeric: true,
                    missing: s.values[i].is_none(),
                });
            }
            row
        })
        .collect();
    DataTable {
        caption: locale.fill(
            "data_table_caption",
            &[("number", &chart.number.to_string()), ("title", title)],
        ),
        headers,
        rows,
    }
}

/// `text` with smart punctuation, kept as it is when that changes nothing (a number, most
/// categories).
fn smart(text: String) -> String {
    match crate::text::smart_text(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(smart) => smart,
    }
}

/// Each value's share of its whole, to one decimal: of its stack (a 100 % stacked bar) or of
/// the series' total (a donut, whose one series is the whole).
fn whole_shares(data: &ChartData, donut: bool) -> ChartData {
    let mut shared = if donut {
        // One series: the whole is the column's total, not each row's.
        let total: f64 = data.series[0].values.iter().flatten().sum();
        let mut one = shares(data);
        one.series[0].values = data.series[0]
            .values
            .iter()
            .map(|v| v.filter(|_| total > 0.0).map(|v| v / total * 100.0))
            .collect();
        one
    } else {
        shares(data)
    };
    for series in &mut shared.series {
        series.format = share_format(&series.format, 1);
    }
    shared
}

/// A sentence or two a screen reader can say: the chart type and its numbers, each series
/// named with its unit (when it has one, or when there are several) and its values in its
/// format, as a table prints them. A 100 % stacked bar says each value's share; a donut each
/// slice's share and value, and which categories its "Other" slice holds.
pub(crate) fn describe(spec: &ChartSpec, data: &ChartData, locale: &Locale) -> String {
    if spec.kind == ChartType::Donut {
        return describe_donut(spec, data, locale);
    }
    if spec.is_percent() {
        let mut shared = shares(data);
        for series in &mut shared.series {
            series.format = share_format(&series.format, 1);
        }
        let mut out = locale.text("describe_stacked_percent").to_string();
        out.push_str(&describe_series(&shared, locale));
        return out;
    }
    let mut out = locale.text(spec.kind.describe_key()).to_string();
    out.push_str(&describe_series(data, locale));
    out
}

/// A donut in words: each slice's label, share and value, largest first as drawn; the
/// categories folded into the last slice; the categories with no value.
fn describe_donut(spec: &ChartSpec, data: &ChartData, locale: &Locale) -> String {
    let mut out = locale.text(ChartType::Donut.describe_key()).to_string();
    let Some(series) = data.series.first() else {
        return out;
    };
    let other = spec
        .other_label
        .as_ref()
        .map_or(OTHER, |l| l.value.as_str());
    let share = share_format(&series.format, 1);
    let parts: Vec<String> = slices(data, other)
        .iter()
        .map(|slice| {
            let label = if slice.other {
                let members: Vec<&str> = slice
                    .members
                    .iter()
                    .map(|&i| data.categories[i].as_str())
                    .collect();
                locale.fill(
                    "donut_other_slice",
                    &[
                        ("label", &slice.label),
                        ("categories", &and_list(&members, locale)),
                    ],
                )
            } else {
                slice.label.clone()
            };
            format!(
                "{label} {} ({})",
                share.format(slice.share),
                series.format.format(slice.value)
            )
        })
        .collect();
    if series.heading != series.label {
        out.push_str(&format!(" {}:", series.heading));
    }
    out.push_str(&format!(" {}.", parts.join(", ")));
    push_no_data(&mut out, data, series, locale);
    out
}

/// " No data for 2019 and 2021.": the categories `series` has no value for, if any.
fn push_no_data(out: &mut String, data: &ChartData, series: &Series, locale: &Locale) {
    let missing: Vec<&str> = data
        .categories
        .iter()
        .zip(&series.values)
        .filter(|(_, v)| v.is_none())
        .map(|(c, _)| c.as_str())
        .collect();
    if !missing.is_empty() {
        let categories = and_list(&missing, locale);
        out.push(' ');
        out.push_str(&locale.fill("no_data_for", &[("categories", &categories)]));
    }
}

/// Each series in words: its heading when needed, its values (or a summary), its gaps.
fn describe_series(data: &ChartData, locale: &Locale) -> String {
    let mut out = String::new();
    for series in &data.series {
        let format = &series.format;
        let points: Vec<String> = data
            .categories
            .iter()
            .zip(&series.values)
            .filter_map(|(c, v)| v.map(|v| format!("{c} {}", format.format(v))))
            .collect();
        if data.series.len() > 1 || series.heading != series.label {
            out.push_str(&format!(" {}:", series.heading));
        }
        if points.len() <= MAX_VALUES_LISTED {
            out.push_str(&format!(" {}.", points.join(", ")));
        } else {
            let values: Vec<(usize, f64)> = series
                .values
                .iter()
                .enumerate()
                .filter_map(|(i, v)| v.map(|v| (i, v)))
                .collect();
            let (first, last) = (values[0], values[values.len() - 1]);
            let max = values
                .iter()
                .copied()
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .unwrap_or(first);
            let summary = locale.fill(
                "values_summary",
                &[
                    ("count", &values.len().to_string()),
                    ("first", &format.format(first.1)),
                    ("first_at", &data.categories[first.0]),
                    ("last", &format.format(last.1)),
                    ("last_at", &data.categories[last.0]),
                    ("max", &format.format(max.1)),
                    ("max_at", &data.categories[max.0]),
                ],
            );
            out.push(' ');
            out.push_str(&summary);
        }
        push_no_data(&mut out, data, series, locale);
    }
    out
}

/// Items as a reader says them, in the brief's language: "a", "a and b", "a, b and c".
fn and_list(items: &[&str], locale: &Locale) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => {
            locale.fill("list_last", &[("rest", &rest.join(", ")), ("last", last)])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blocks::chart::series::Series;
    use crate::format::NumberFormat;

    #[test]
    fn the_description_names_every_category_with_no_data() {
        let data = ChartData {
            categories: ["2018", "2019", "2020", "2021"].map(String::from).to_vec(),
            xs: None,
            series: vec![Series {
                label: "Exports".into(),
                heading: "Exports".into(),
                format: NumberFormat::Auto,
                values: vec![Some(1.0), None, Some(2.0), None],
            }],
            x_format: NumberFormat::Auto,
        };
        let english = Locale::english();
        let spec: ChartSpec =
            serde_saphyr::from_str("data: d\ntype: bar\nx: x\ny: a\n").expect("spec");
        let text = describe(&spec, &data, &english);
        assert!(text.ends_with(" No data for 2019 and 2021."), "{text}");
        assert_eq!(and_list(&["a", "b", "c"], &english), "a, b and c");
        assert_eq!(and_list(&["a"], &english), "a");
        let french = Locale::new("fr", Locale::built_in_strings("fr").0).unwrap();
        assert_eq!(and_list(&["a", "b", "c"], &french), "a, b et c");
    }
}
