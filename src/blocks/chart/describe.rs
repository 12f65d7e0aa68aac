//! A chart in words and numbers, for readers who cannot see it: the description a screen
//! reader says (the SVG's `<desc>`) and the data table under the figure.

use serde::Serialize;

use super::series::ChartData;
use super::spec::{ChartType, CheckedChart};
use super::style::MAX_VALUES_LISTED;
use crate::blocks::table::with_unit;
use crate::format::NumberFormat;
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
}

/// The chart's numbers as a table, for readers who cannot see the chart.
pub(crate) fn data_table(
    dataset: &Dataset,
    chart: &CheckedChart,
    data: &ChartData,
    format: &NumberFormat,
    title: &str,
) -> DataTable {
    let mut headers = vec![
        chart
            .spec
            .x_label
            .clone()
            .unwrap_or_else(|| dataset.columns[chart.x].label.clone()),
    ];
    headers.extend(
        data.series
            .iter()
            .zip(&chart.y)
            .map(|(s, &col)| with_unit(&s.label, dataset, &dataset.columns[col])),
    );
    let rows = data
        .categories
        .iter()
        .enumerate()
        .map(|(i, category)| {
            let mut row = vec![DataCell {
                text: category.clone(),
                numeric: false,
            }];
            row.extend(data.series.iter().map(|s| DataCell {
                text: s.values[i].map_or_else(|| "no data".to_string(), |v| format.format(v)),
                numeric: true,
            }));
            row
        })
        .collect();
    DataTable {
        caption: format!("Data for Figure {}: {}", chart.number, title),
        headers,
        rows,
    }
}

/// A sentence or two a screen reader can say: the chart type and its numbers.
pub(crate) fn describe(kind: ChartType, data: &ChartData, format: &NumberFormat) -> String {
    let mut out = format!("{}.", kind.describe());
    for series in &data.series {
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
        if data.series.len() > 1 {
            out.push_str(&format!(" {}:", series.label));
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
            out.push_str(&format!(
                " {} values, from {} in {} to {} in {}; highest {} in {}.",
                values.len(),
                format.format(first.1),
                data.categories[first.0],
                format.format(last.1),
                data.categories[last.0],
                format.format(max.1),
                data.categories[max.0]
            ));
        }
        if !missing.is_empty() {
            out.push_str(&format!(" No data for {}.", and_list(&missing)));
        }
    }
    out
}

/// Items as a reader says them: "a", "a and b", "a, b and c".
fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blocks::chart::series::Series;

    #[test]
    fn the_description_names_every_category_with_no_data() {
        let data = ChartData {
            categories: ["2018", "2019", "2020", "2021"].map(String::from).to_vec(),
            xs: None,
            series: vec![Series {
                label: "Exports".into(),
                values: vec![Some(1.0), None, Some(2.0), None],
            }],
            x_format: NumberFormat::Auto,
        };
        let text = describe(ChartType::Bar, &data, &NumberFormat::Auto);
        assert!(text.ends_with(" No data for 2019 and 2021."), "{text}");
        assert_eq!(and_list(&["a", "b", "c"]), "a, b and c");
        assert_eq!(and_list(&["a"]), "a");
    }
}
