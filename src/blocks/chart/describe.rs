//! A chart in words and numbers, for readers who cannot see it: the description a screen
//! reader says (the SVG's `<desc>`) and the data table under the figure.

use serde::Serialize;

use super::series::ChartData;
use super::spec::{ChartType, CheckedChart};
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

/// The chart's numbers as a table, for readers who cannot see the chart.
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
    let rows = data
        .categories
        .iter()
        .enumerate()
        .map(|(i, category)| {
            let mut row = vec![DataCell {
                text: category.clone(),
                numeric: false,
                missing: false,
            }];
            row.extend(data.series.iter().map(|s| DataCell {
                text: s.values[i].map_or_else(String::new, |v| s.format.format(v)),
                numeric: true,
                missing: s.values[i].is_none(),
            }));
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

/// A sentence or two a screen reader can say: the chart type and its numbers, each series
/// named with its unit (when it has one, or when there are several) and its values in its
/// format, as a table prints them.
pub(crate) fn describe(kind: ChartType, data: &ChartData, locale: &Locale) -> String {
    let mut out = locale.text(kind.describe_key()).to_string();
    for series in &data.series {
        let format = &series.format;
        let points: Vec<String> = data
            .categories
            .iter()
            .zip(&series.values)
            .filter_map(|(c, v)| v.map(|v| format!("{c} {}", format.format(v))))
            .collect();
        let missing: Vec<&str> = data
            .categories
            .iter()
            .zip(&series.values)
            .filter(|(_, v)| v.is_none())
            .map(|(c, _)| c.as_str())
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
        if !missing.is_empty() {
            let categories = and_list(&missing, locale);
            out.push(' ');
            out.push_str(&locale.fill("no_data_for", &[("categories", &categories)]));
        }
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
        let text = describe(ChartType::Bar, &data, &english);
        assert!(text.ends_with(" No data for 2019 and 2021."), "{text}");
        assert_eq!(and_list(&["a", "b", "c"], &english), "a, b and c");
        assert_eq!(and_list(&["a"], &english), "a");
        let french = Locale::new("fr", Locale::built_in_strings("fr").0).unwrap();
        assert_eq!(and_list(&["a", "b", "c"], &french), "a, b et c");
    }
}
