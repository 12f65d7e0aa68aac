//! ` ```table ` blocks: a dataset rendered as an HTML table through the theme's `table.html`.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use super::{BlockKind, BlockOrigin, RenderedBlock, find_column, find_dataset, source_fields};
use crate::diagnostics::Diagnostics;
use crate::format::NumberFormat;
use crate::model::{Brief, Cell, Column, ColumnKind, Dataset};
use crate::text::{block_html, inline_html, slugify};
use crate::theme::Theme;

/// A table block as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TableSpec {
    pub data: Spanned<String>,
    pub id: Option<String>,
    /// Which columns, in which order (default: all).
    pub columns: Option<Vec<Spanned<String>>>,
    pub caption: Option<String>,
    pub notes: Option<String>,
    /// Overrides the dataset's source line.
    pub source: Option<String>,
    /// How numbers show in every numeric column but a year column (default: each column's
    /// own format, else thousands separators and up to two decimals).
    pub format: Option<NumberFormat>,
    /// A format for one column, by its key: overrides `format` and the dataset's.
    #[serde(default)]
    pub formats: IndexMap<Spanned<String>, NumberFormat>,
}

/// The most rows a table block shows (a page, not a spreadsheet; see RELIABILITY.md).
pub(crate) const MAX_TABLE_ROWS: usize = 5_000;

/// A table block checked against its dataset.
#[derive(Debug, Clone)]
pub(crate) struct CheckedTable {
    pub spec: TableSpec,
    pub dataset: String,
    pub columns: Vec<usize>,
    pub number: usize,
    pub anchor: String,
}

/// Checks a table spec against the dataset it names in `brief` (numbered 0 until planning
/// numbers it).
pub(crate) fn check(
    brief: &Brief,
    origin: BlockOrigin,
    spec: TableSpec,
) -> Result<CheckedTable, Diagnostics> {
    let dataset = find_dataset(brief, &origin, &spec.data).map_err(Diagnostics::from)?;
    let mut problems = Diagnostics::default();
    let columns = match &spec.columns {
        Some(list) => list
            .iter()
            .filter_map(|c| {
                find_column(dataset, &origin, c)
                    .map_err(|d| problems.push(d))
                    .ok()
            })
            .collect(),
        None => (0..dataset.columns.len()).collect(),
    };
    for key in spec.formats.keys() {
        if let Err(problem) = find_column(dataset, &origin, key) {
            problems.push(problem);
        }
    }
    if dataset.rows.len() > MAX_TABLE_ROWS {
        problems.push(
            origin
                .error_at(
                    spec.data.referenced.line(),
                    spec.data.referenced.column(),
                    format!(
                        "the table would show {} rows; at most {MAX_TABLE_ROWS} fit a page",
                        dataset.rows.len()
                    ),
                )
                .with_hint("show a summary in a smaller dataset; readers get the whole data as CSV from its figures"),
        );
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let id = spec
        .id
        .as_deref()
        .map(crate::text::clean_id)
        .filter(|id| !id.is_empty())
        .unwrap_or_else(|| slugify(&dataset.name));
    Ok(CheckedTable {
        anchor: BlockKind::Table.anchor(&id),
        dataset: dataset.name.clone(),
        columns,
        number: 0,
        spec,
    })
}

#[derive(Serialize)]
struct TableColumn {
    label: String,
    numeric: bool,
}

#[derive(Serialize)]
struct TableCell {
    html: String,
    numeric: bool,
}

#[derive(Serialize)]
struct TableContext<'a> {
    id: &'a str,
    number: usize,
    caption_html: String,
    columns: Vec<TableColumn>,
    rows: Vec<Vec<TableCell>>,
    source_name: String,
    source_url: String,
    notes_html: String,
    csv: String,
}

pub(crate) fn render(
    brief: &Brief,
    theme: &Theme,
    table: &CheckedTable,
) -> Result<RenderedBlock, Diagnostics> {
    let dataset = brief
        .dataset(&table.dataset)
        .expect("checked tables name an existing dataset");
    let formats: Vec<NumberFormat> = table
        .columns
        .iter()
        .map(|&i| column_format(&table.spec, &dataset.columns[i]).in_style(&brief.locale.numbers))
        .collect();
    let columns = table
        .columns
        .iter()
        .map(|&i| TableColumn {
            label: header_label(dataset, &dataset.columns[i]),
            numeric: dataset.columns[i].kind == ColumnKind::Number,
        })
        .collect();
    let rows = dataset
        .rows
        .iter()
        .map(|row| {
            table
                .columns
                .iter()
                .zip(&formats)
                .map(|(&i, format)| cell_html(&row.cell(i), format))
                .collect()
        })
        .collect();
    let caption = table.spec.caption.as_deref().unwrap_or(&dataset.title);
    let (source_name, source_url) = source_fields(dataset, table.spec.source.as_deref());
    let notes = table.spec.notes.as_ref().or(dataset.notes.as_ref());
    let context = TableContext {
        id: &table.anchor,
        number: table.number,
        caption_html: inline_html(caption),
        columns,
        rows,
        source_name,
        source_url,
        notes_html: notes.map(|n| block_html(n)).unwrap_or_default(),
        csv: dataset.csv_path(),
    };
    let html = theme
        .render_fragment("table.html", "tbl", &context, brief.locale.strings())
        .map_err(Diagnostics::from)?;
    Ok(RenderedBlock {
        kind: BlockKind::Table,
        html,
        svg_file: None,
    })
}

/// How a column's numbers show: the block's format for that column, else the block's format
/// (which a year column ignores: `{decimals: 1}` would print `2025.0`), else the column's own
/// (declared, or as its CSV source printed it), else the house style.
fn column_format(spec: &TableSpec, column: &Column) -> NumberFormat {
    if let Some((_, format)) = spec.formats.iter().find(|(k, _)| k.value == column.key) {
        return format.clone();
    }
    match (&spec.format, &column.format) {
        (Some(table), _) if !column.is_year() => table.clone(),
        (_, Some(own)) => own.clone(),
        _ => NumberFormat::Auto,
    }
}

/// A column's header: its label, and for numbers its unit (the column's, else the dataset's)
/// unless the label already says it: "Exports (US$ bn)". Years have no unit.
fn header_label(dataset: &Dataset, column: &Column) -> String {
    with_unit(&column.label, dataset, column)
}

/// `label` for the values of `column`, with their unit as [`header_label`] adds it (a chart's
/// data table labels its series so, whatever their labels).
pub(crate) fn with_unit(label: &str, dataset: &Dataset, column: &Column) -> String {
    let unit = column.unit.as_deref().or(dataset.unit.as_deref());
    match unit.map(str::trim) {
        Some(unit)
            if column.kind == ColumnKind::Number
                && !column.is_year()
                && !unit.is_empty()
                && !label.contains(&format!("({unit})")) =>
        {
            format!("{label} ({unit})")
        }
        _ => label.to_string(),
    }
}

/// A cell as HTML: inline Markdown for text, a list for lists, a formatted number.
fn cell_html(cell: &Cell, format: &NumberFormat) -> TableCell {
    match cell {
        Cell::Missing => TableCell {
            html: "<span class=\"missing\" title=\"No data\">–</span>".to_string(),
            numeric: false,
        },
        Cell::Number(n) => TableCell {
            html: crate::text::escape_text(&format.format(*n)),
            numeric: true,
        },
        Cell::Text(text) => TableCell {
            html: inline_html(text),
            numeric: false,
        },
        Cell::List(items) => {
            let mut html = String::from("<ul>");
            for item in items {
                html.push_str("<li>");
                html.push_str(&inline_html(item));
                html.push_str("</li>");
            }
            html.push_str("</ul>");
            TableCell {
                html,
                numeric: false,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// README documents every key of a table block.
    #[test]
    fn readme_documents_every_key_of_a_table() {
        crate::testing::assert_documented("table", &[&crate::testing::serde_keys::<TableSpec>()]);
    }
}
