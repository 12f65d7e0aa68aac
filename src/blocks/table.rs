//! ` ```table ` blocks: a dataset rendered as an HTML table through the theme's `table.html`.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use super::rows::{RowChoice, RowFilter, select_rows};
use super::{BlockKind, BlockOrigin, RenderedBlock, find_column, find_dataset, source_fields};
use crate::diagnostics::Diagnostics;
use crate::format::NumberFormat;
use crate::model::{Brief, Cell, Column, ColumnKind, Dataset, RowRole};
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
    /// Spanning headers over adjacent columns: `[{label: "2025", columns: [a, b]}]`.
    #[serde(default)]
    pub groups: Vec<Spanned<ColumnGroup>>,
    /// Keep the rows whose value in a column is listed.
    pub filter: Option<RowFilter>,
    /// Which rows, by their label (the first column), in this order.
    pub rows: Option<Spanned<Vec<Spanned<String>>>>,
}

/// A spanning header as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ColumnGroup {
    pub label: String,
    pub columns: Vec<Spanned<String>>,
}

/// A spanning header checked: its label over `len` shown columns from position `start`.
#[derive(Debug, Clone)]
pub(crate) struct Span {
    label: String,
    start: usize,
    len: usize,
}

/// The most rows a table block shows (a page, not a spreadsheet; see RELIABILITY.md).
pub(crate) const MAX_TABLE_ROWS: usize = 5_000;

/// A table block checked against its dataset.
#[derive(Debug, Clone)]
pub(crate) struct CheckedTable {
    pub spec: TableSpec,
    pub dataset: String,
    pub columns: Vec<usize>,
    /// The rows shown, in order (dataset indices).
    pub rows: Vec<usize>,
    pub groups: Vec<Span>,
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
    let columns: Vec<usize> = match &spec.columns {
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
    let groups = check_groups(dataset, &origin, &spec.groups, &columns, &mut problems);
    let choice = RowChoice {
        filter: spec.filter.as_ref(),
        rows: spec.rows.as_ref(),
        totals: true,
    };
    let rows = select_rows(dataset, &origin, &choice).unwrap_or_else(|found| {
        problems.extend(found);
        Vec::new()
    });
    if rows.len() > MAX_TABLE_ROWS {
        problems.push(
            origin
                .error_at(
                    spec.data.referenced.line(),
                    spec.data.referenced.column(),
                    format!(
                        "the table would show {} rows; at most {MAX_TABLE_ROWS} fit a page",
                        rows.len()
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
        rows,
        groups,
        number: 0,
        spec,
    })
}

/// The spanning headers, each over columns the table shows side by side, none in two groups.
fn check_groups(
    dataset: &Dataset,
    origin: &BlockOrigin,
    groups: &[Spanned<ColumnGroup>],
    shown: &[usize],
    problems: &mut Diagnostics,
) -> Vec<Span> {
    let mut spans: Vec<Span> = Vec::new();
    for group in groups {
        let at = |message: String| {
            origin.error_at(group.referenced.line(), group.referenced.column(), message)
        };
        let mut positions = Vec::new();
        for key in &group.value.columns {
            let Ok(index) = find_column(dataset, origin, key).map_err(|d| problems.push(d)) else {
                continue;
            };
            match shown.iter().position(|&c| c == index) {
                Some(p) => positions.push(p),
                None => problems.push(
                    origin
                        .error_at(
                            key.referenced.line(),
                            key.referenced.column(),
                            format!(
                                "the group `{}` spans `{}`, which the table does not show",
                                group.value.label, key.value
                            ),
                        )
                        .with_hint("add the column to `columns`, or leave it out of the group"),
                ),
            }
        }
        if positions.len() != group.value.columns.len() {
            continue;
        }
        positions.sort_unstable();
        let (Some(&start), Some(&end)) = (positions.first(), positions.last()) else {
            problems.push(
                at(format!("the group `{}` spans no column", group.value.label))
                    .with_hint("list the columns it spans: `columns: [a, b]`"),
            );
            continue;
        };
        let len = end - start + 1;
        if len != positions.len() {
            problems.push(
                at(format!(
                    "the columns of the group `{}` are not side by side",
                    group.value.label
                ))
                .with_hint("order `columns` so that a group's columns are next to each other"),
            );
        } else if let Some(other) = spans
            .iter()
            .find(|s| start < s.start + s.len && s.start < start + len)
        {
            problems.push(
                at(format!(
                    "the groups `{}` and `{}` share a column",
                    other.label, group.value.label
                ))
                .with_hint("a column sits under one spanning header at most"),
            );
        } else {
            spans.push(Span {
                label: group.value.label.clone(),
                start,
                len,
            });
        }
    }
    spans.sort_by_key(|s| s.start);
    spans
}

/// A header cell: a column's, or a group's spanning several.
#[derive(Serialize)]
struct HeadCell {
    label: String,
    numeric: bool,
    /// `col` or `colgroup`.
    scope: &'static str,
    colspan: usize,
    rowspan: usize,
}

#[derive(Serialize)]
struct TableCell {
    html: String,
    numeric: bool,
}

/// A body or footer row, and what it is: `data`, `subtotal` or `total`.
#[derive(Serialize)]
struct TableRow {
    role: &'static str,
    cells: Vec<TableCell>,
}

/// A `<tbody>` or `<tfoot>` and its rows.
#[derive(Serialize)]
struct TablePart {
    tag: &'static str,
    rows: Vec<TableRow>,
}

#[derive(Serialize)]
struct TableContext<'a> {
    id: &'a str,
    number: usize,
    caption_html: String,
    /// The span of each `<colgroup>`, left to right (one per group, one per other column).
    colgroups: Vec<usize>,
    /// One header row, or two under spanning headers.
    head: Vec<Vec<HeadCell>>,
    /// The `<tbody>`, and a `<tfoot>` when the table shows grand totals.
    parts: Vec<TablePart>,
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
    let (colgroups, head) = header_rows(dataset, table);
    let mut rows = Vec::new();
    let mut foot = Vec::new();
    for &r in &table.rows {
        let row = dataset.rows.get(r);
        let cells = table
            .columns
            .iter()
            .zip(&formats)
            .map(|(&i, format)| {
                // Written only for a missing value (most cells have one).
                let missing = || match row.printed_missing(i) {
                    Some(word) => printed_missing_html(word),
                    None => no_data_html(brief.locale.text("no_data")),
                };
                cell_html(&row.cell(i), &dataset.columns[i], format, missing)
            })
            .collect();
        match dataset.row_role(r) {
            RowRole::Total => foot.push(TableRow {
                role: "total",
                cells,
            }),
            RowRole::Subtotal => rows.push(TableRow {
                role: "subtotal",
                cells,
            }),
            RowRole::Data => rows.push(TableRow {
                role: "data",
                cells,
            }),
        }
    }
    let caption = table.spec.caption.as_deref().unwrap_or(&dataset.title);
    let (source_name, source_url) = source_fields(dataset, table.spec.source.as_deref());
    let notes = table.spec.notes.as_ref().or(dataset.notes.as_ref());
    let context = TableContext {
        id: &table.anchor,
        number: table.number,
        caption_html: inline_html(caption),
        colgroups,
        head,
        parts: [("tbody", rows), ("tfoot", foot)]
            .into_iter()
            .filter(|(tag, rows)| *tag == "tbody" || !rows.is_empty())
            .map(|(tag, rows)| TablePart { tag, rows })
            .collect(),
        source_name,
        source_url,
        notes_html: notes.map(|n| block_html(n)).unwrap_or_default(),
        csv: dataset.csv_path(),
    };
    let html = theme
        .render_fragment(
            "table.html",
            "tbl",
            &context,
            brief.locale.template_strings(),
        )
        .map_err(Diagnostics::from)?;
    Ok(RenderedBlock {
        kind: BlockKind::Table,
        html,
        svg_file: None,
    })
}

/// The `<colgroup>` spans and the header rows: one row of column headers, or, under spanning
/// headers, a row of groups (the other columns' headers spanning both rows) and a row of the
/// grouped columns' headers.
fn header_rows(dataset: &Dataset, table: &CheckedTable) -> (Vec<usize>, Vec<Vec<HeadCell>>) {
    let grouped = !table.groups.is_empty();
    let column = |p: usize| {
        let c = &dataset.columns[table.columns[p]];
        HeadCell {
            label: header_label(dataset, c),
            numeric: c.kind == ColumnKind::Number,
            scope: "col",
            colspan: 1,
            rowspan: if grouped { 2 } else { 1 },
        }
    };
    let (mut colgroups, mut top, mut under) = (Vec::new(), Vec::new(), Vec::new());
    let mut p = 0;
    while p < table.columns.len() {
        match table.groups.iter().find(|g| g.start == p) {
            Some(group) => {
                colgroups.push(group.len);
                top.push(HeadCell {
                    label: group.label.clone(),
                    numeric: (p..p + group.len).all(|q| column(q).numeric),
                    scope: "colgroup",
                    colspan: group.len,
                    rowspan: 1,
                });
                under.extend((p..p + group.len).map(|q| HeadCell {
                    rowspan: 1,
                    ..column(q)
                }));
                p += group.len;
            }
            None => {
                colgroups.push(1);
                top.push(column(p));
                p += 1;
            }
        }
    }
    let head = if grouped { vec![top, under] } else { vec![top] };
    (colgroups, head)
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

/// A missing value as a table shows it: a dash for the eye, "no data" (in the brief's
/// language) for a screen reader.
fn no_data_html(no_data: &str) -> String {
    format!(
        "<span class=\"missing\" aria-hidden=\"true\">–</span><span class=\"visually-hidden\">{}</span>",
        crate::text::escape_text(no_data)
    )
}

/// A missing value the source printed in words of its own (`Not applicable`), which the
/// dataset declared: shown and read as printed, quiet as the dash is.
fn printed_missing_html(word: &str) -> String {
    format!(
        "<span class=\"missing\">{}</span>",
        crate::text::escape_text(word)
    )
}

/// A cell as HTML: inline Markdown for text, a list for lists, a formatted number; a missing
/// value (`missing` writes its HTML) aligned as its column's values are.
fn cell_html(
    cell: &Cell,
    column: &Column,
    format: &NumberFormat,
    missing: impl FnOnce() -> String,
) -> TableCell {
    match cell {
        Cell::Missing => TableCell {
            html: missing(),
            numeric: column.kind == ColumnKind::Number,
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
