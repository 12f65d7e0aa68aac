//! ` ```chart ` blocks: the spec, its checks against the dataset, and drawing with plotters'
//! SVG backend in the house style (see `svg.rs`), inside the theme's `figure.html`.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use super::svg::{self, SvgMeta};
use super::{BlockKind, BlockOrigin, RenderedBlock, find_column, find_dataset, source_fields};
use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::format::{NamedFormat, NumberFormat};
use crate::model::{Brief, Cell, ColumnKind, Dataset};
use crate::text::{block_html, inline_html, slugify};
use crate::theme::Theme;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChartType {
    Line,
    Area,
    Bar,
    Hbar,
    GroupedBar,
    StackedBar,
}

impl ChartType {
    fn describe(self) -> &'static str {
        match self {
            ChartType::Line => "Line chart",
            ChartType::Area => "Area chart",
            ChartType::Bar => "Bar chart",
            ChartType::Hbar => "Horizontal bar chart",
            ChartType::GroupedBar => "Grouped bar chart",
            ChartType::StackedBar => "Stacked bar chart",
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
pub const MAX_CHART_POINTS: usize = 20_000;

/// The largest magnitude a chart draws (data, `y_min`, `y_max`): beyond it axis spans can
/// overflow to infinity.
pub const MAX_CHART_MAGNITUDE: f64 = 1e100;

/// A chart checked against its dataset.
#[derive(Debug, Clone)]
pub struct CheckedChart {
    pub spec: ChartSpec,
    pub dataset: String,
    pub x: usize,
    pub y: Vec<usize>,
    pub number: usize,
    /// The file name stem: `charts/<id>.svg`.
    pub id: String,
    /// The HTML id: `fig-<id>`.
    pub anchor: String,
}

pub fn check(
    brief: &Brief,
    origin: BlockOrigin,
    spec: ChartSpec,
    number: usize,
) -> Result<CheckedChart, Vec<Diagnostic>> {
    let dataset = find_dataset(brief, &origin, &spec.data).map_err(|d| vec![d])?;
    check_against(dataset, &origin, spec, number)
}

/// Checks a chart spec against the dataset it names.
pub fn check_against(
    dataset: &Dataset,
    origin: &BlockOrigin,
    spec: ChartSpec,
    number: usize,
) -> Result<CheckedChart, Vec<Diagnostic>> {
    let origin = origin.clone();
    let mut problems = Vec::new();
    let x = find_column(dataset, &origin, &spec.x)
        .map_err(|d| problems.push(d))
        .ok();
    let mut y = Vec::new();
    let y_names = spec.y.value.list();
    if y_names.is_empty() {
        problems.push(
            origin
                .error_at(
                    spec.y.referenced.line(),
                    spec.y.referenced.column(),
                    "`y` names no column",
                )
                .with_hint("name a numeric column, or a list of them: `y: [a, b]`"),
        );
    }
    for name in &y_names {
        let located = Spanned {
            value: name.clone(),
            referenced: spec.y.referenced,
            defined: spec.y.defined,
        };
        match find_column(dataset, &origin, &located) {
            Ok(i) if dataset.columns[i].kind != ColumnKind::Number => problems.push(
                origin
                    .error_at(
                        spec.y.referenced.line(),
                        spec.y.referenced.column(),
                        format!("the column `{name}` holds {}, not numbers", dataset.columns[i].kind.name()),
                    )
                    .with_hint(format!(
                        "a chart's `y` must be numeric: fix the values in {} or declare `type: number`",
                        dataset.file.display.display()
                    )),
            ),
            Ok(i) => y.push(i),
            Err(d) => problems.push(d),
        }
    }
    // plotters' tick search loops forever on an infinite span (`y_min: -1e308, y_max: 1e308`
    // was a fuzzing timeout), so values beyond ±1e100 are refused, which keeps every span finite.
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
    let numeric_x = x.filter(|&i| dataset.columns[i].kind == ColumnKind::Number);
    let too_large = dataset.rows.iter().find_map(|row| {
        y.iter()
            .chain(numeric_x.as_ref())
            .filter_map(|&i| row.cells[i].as_number().map(|v| (i, v)))
            .find(|(_, v)| v.abs() > MAX_CHART_MAGNITUDE)
            .map(|(i, v)| (row.line, &dataset.columns[i].key, v))
    });
    if let Some((line, key, value)) = too_large {
        // The row knows its line; find the column's key on it for the caret.
        let column = dataset
            .file
            .text
            .lines()
            .nth(line.saturating_sub(1))
            .and_then(|text| {
                text.find(&format!("{key}:"))
                    .map(|b| text[..b].chars().count())
            })
            .map_or(1, |c| c + 1);
        problems.push(
            Diagnostic::error(
                &dataset.file.display,
                format!("the value {value:e} in `{key}` is too large to chart"),
            )
            .at(&dataset.file.text, line, column)
            .with_hint("charts draw values up to ±1e100: express the column in larger units"),
        );
    }
    let points = dataset.rows.len() * y_names.len().max(1);
    if points > MAX_CHART_POINTS {
        problems.push(
            origin
                .error_at(
                    spec.data.referenced.line(),
                    spec.data.referenced.column(),
                    format!(
                        "the chart would draw {points} values; at most {MAX_CHART_POINTS} stay readable"
                    ),
                )
                .with_hint("aggregate the data for the chart (by year, by category) in a smaller dataset"),
        );
    }
    if let (Some(highlight), Some(x)) = (&spec.highlight, x) {
        let categories: Vec<String> = dataset
            .rows
            .iter()
            .map(|r| r.cells[x].plain_text())
            .collect();
        if !categories.contains(&highlight.value) {
            let hint = match did_you_mean(&highlight.value, categories.iter().map(String::as_str)) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!(
                    "`highlight` names a value of the `{}` column",
                    dataset.columns[x].key
                ),
            };
            problems.push(
                origin
                    .error_at(
                        highlight.referenced.line(),
                        highlight.referenced.column(),
                        format!("no category `{}` to highlight", highlight.value),
                    )
                    .with_hint(hint),
            );
        }
    }
    if let Some(labels) = &spec.series_labels
        && labels.value.len() != y_names.len()
    {
        problems.push(
            origin
                .error_at(
                    labels.referenced.line(),
                    labels.referenced.column(),
                    format!(
                        "{} series labels for {} series",
                        labels.value.len(),
                        y_names.len()
                    ),
                )
                .with_hint("give one label per column in `y`"),
        );
    }
    if let (Some(min), Some(max)) = (&spec.y_min, &spec.y_max)
        && min.value >= max.value
    {
        problems.push(
            origin
                .error_at(
                    max.referenced.line(),
                    max.referenced.column(),
                    format!(
                        "`y_max` ({}) is not above `y_min` ({})",
                        max.value, min.value
                    ),
                )
                .with_hint("swap the two values, or remove one to let the chart choose it"),
        );
    }
    if !y.is_empty()
        && dataset
            .rows
            .iter()
            .all(|r| y.iter().all(|&i| r.cells[i] == Cell::Missing))
    {
        problems.push(
            origin
                .error_at(
                    spec.y.referenced.line(),
                    spec.y.referenced.column(),
                    "every value to plot is missing",
                )
                .with_hint("the chart needs at least one number"),
        );
    }
    if let (Some(x), false) = (x, y.is_empty()) {
        let data = ChartData::from_columns(dataset, x, &y, &spec);
        for annotation in &spec.annotations {
            let at = annotation.referenced;
            if spec.kind == ChartType::Hbar {
                problems.push(
                    origin
                        .error_at(
                            at.line(),
                            at.column(),
                            "annotations are not drawn on hbar charts",
                        )
                        .with_hint("use a line, area or bar chart, or say it in the caption"),
                );
            } else if annotation_x(&annotation.value.x, &data, spec.kind).is_none() {
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
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let id = spec
        .id
        .clone()
        .map(|id| slugify(&id))
        .filter(|id| !id.is_empty())
        .unwrap_or_else(|| slugify(spec.title.as_deref().unwrap_or(&dataset.name)));
    Ok(CheckedChart {
        anchor: format!("fig-{id}"),
        id,
        dataset: dataset.name.clone(),
        x: x.unwrap_or(0),
        y,
        number,
        spec,
    })
}

/// The numbers a chart draws, taken from its dataset (sorted if asked).
struct ChartData {
    categories: Vec<String>,
    /// The x values when the x column is numeric (line and area charts use them).
    xs: Option<Vec<f64>>,
    series: Vec<Series>,
    x_format: NumberFormat,
}

struct Series {
    label: String,
    values: Vec<Option<f64>>,
}

impl ChartData {
    fn from(dataset: &Dataset, chart: &CheckedChart) -> ChartData {
        ChartData::from_columns(dataset, chart.x, &chart.y, &chart.spec)
    }

    fn from_columns(dataset: &Dataset, x: usize, y: &[usize], spec: &ChartSpec) -> ChartData {
        let x_column = &dataset.columns[x];
        let x_numeric = x_column.kind == ColumnKind::Number;
        let xs_raw: Vec<Option<f64>> = dataset
            .rows
            .iter()
            .map(|r| r.cells[x].as_number())
            .collect();
        let looks_like_years = x_numeric
            && xs_raw
                .iter()
                .flatten()
                .all(|v| v.fract() == 0.0 && (1000.0..=3000.0).contains(v));
        let x_format = if looks_like_years {
            NumberFormat::Named(NamedFormat::Year)
        } else {
            NumberFormat::Auto
        };
        let mut order: Vec<usize> = (0..dataset.rows.len()).collect();
        let first = y[0];
        let key = |i: &usize| {
            dataset.rows[*i].cells[first]
                .as_number()
                .unwrap_or(f64::NEG_INFINITY)
        };
        match spec.sort {
            Some(Sort::Ascending) => order.sort_by(|a, b| key(a).total_cmp(&key(b))),
            Some(Sort::Descending) => order.sort_by(|a, b| key(b).total_cmp(&key(a))),
            _ => {}
        }
        let categories = order
            .iter()
            .map(|&i| match &dataset.rows[i].cells[x] {
                Cell::Number(n) => x_format.format(*n),
                other => other.plain_text(),
            })
            .collect();
        let xs = (x_numeric && xs_raw.iter().all(Option::is_some))
            .then(|| order.iter().map(|&i| xs_raw[i].unwrap_or(0.0)).collect());
        let series = y
            .iter()
            .enumerate()
            .map(|(s, &col)| Series {
                label: spec
                    .series_labels
                    .as_ref()
                    .and_then(|l| l.value.get(s).cloned())
                    .unwrap_or_else(|| dataset.columns[col].label.clone()),
                values: order
                    .iter()
                    .map(|&i| dataset.rows[i].cells[col].as_number())
                    .collect(),
            })
            .collect();
        ChartData {
            categories,
            xs,
            series,
            x_format,
        }
    }
}

/// Chart geometry, in SVG user units (the viewBox): the chart scales with its column. Each
/// chart is drawn twice, wide and narrow; CSS shows the one that fits its column, so text
/// stays readable (about 13 px) from a 360 px phone to a desktop.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    pub width: u32,
    height: u32,
    /// Text size in px (user units) for ticks and labels.
    text: f64,
    max_x_ticks: usize,
    /// `wide` or `narrow`: the SVG's class, and part of its element ids.
    pub variant: &'static str,
}

pub const WIDE: Layout = Layout {
    width: 640,
    height: 360,
    text: 13.0,
    max_x_ticks: 8,
    variant: "wide",
};

pub const NARROW: Layout = Layout {
    width: 340,
    height: 280,
    text: 12.5,
    max_x_ticks: 4,
    variant: "narrow",
};

/// Average advance of a character of the system sans at 1 px, for estimating label widths.
const CHAR_EM: f64 = 0.56;
/// plotters' SVG backend writes `font-size` as the requested size divided by this.
const PLOTTERS_FONT_SCALE: f64 = 1.24;

#[derive(Serialize)]
struct LegendItem {
    label: String,
    class: String,
}

#[derive(Serialize)]
struct DataTable {
    caption: String,
    headers: Vec<String>,
    rows: Vec<Vec<DataCell>>,
}

#[derive(Serialize)]
struct DataCell {
    text: String,
    numeric: bool,
}

#[derive(Serialize)]
struct FigureContext<'a> {
    id: &'a str,
    number: usize,
    title: String,
    subtitle: String,
    caption_html: String,
    svg: String,
    legend: Vec<LegendItem>,
    source_name: String,
    source_url: String,
    notes_html: String,
    csv: String,
    svg_file: String,
    table: DataTable,
}

pub fn render(
    brief: &Brief,
    theme: &Theme,
    chart: &CheckedChart,
) -> Result<RenderedBlock, Vec<Diagnostic>> {
    let dataset = brief
        .dataset(&chart.dataset)
        .expect("checked charts name an existing dataset");
    let spec = &chart.spec;
    let data = ChartData::from(dataset, chart);
    let format = spec.format.clone().unwrap_or_default();
    let title = spec.title.clone().unwrap_or_else(|| dataset.title.clone());

    let desc = spec
        .alt
        .clone()
        .unwrap_or_else(|| describe(spec.kind, &data, &format));
    let (source_name, source_url) = source_fields(dataset, spec.source.as_deref());
    let source_line = if source_url.is_empty() {
        source_name.clone()
    } else {
        format!("{source_name} ({source_url})")
    };
    let mut inline_svg = String::new();
    let mut standalone_svg = String::new();
    for layout in [WIDE, NARROW] {
        let (raw, height) = draw(spec, &data, &format, &layout).map_err(|e| {
            vec![
                Diagnostic::error(
                    &dataset.file.display,
                    format!("could not draw the chart: {e}"),
                )
                .with_hint("this is a bug in brief; please report it with the dataset"),
            ]
        })?;
        let id = format!("{}-{}", chart.anchor, layout.variant);
        let meta = SvgMeta {
            id: &id,
            class: layout.variant,
            title: &title,
            desc: &desc,
            width: layout.width,
            height,
        };
        // The wide drawing is both inline and the standalone file.
        inline_svg.push_str(&svg::wrap(&meta, None, &raw));
        if layout.variant == WIDE.variant {
            let extra = svg::Standalone {
                css: theme.chart_css(),
                source: &source_line,
            };
            standalone_svg = svg::wrap(&meta, Some(&extra), &raw);
        }
    }

    let legend = if data.series.len() > 1 {
        data.series
            .iter()
            .enumerate()
            .map(|(i, s)| LegendItem {
                label: s.label.clone(),
                class: format!("series-{}", i % 8),
            })
            .collect()
    } else {
        Vec::new()
    };
    let notes = spec.notes.as_ref().or(dataset.notes.as_ref());
    let context = FigureContext {
        id: &chart.anchor,
        number: chart.number,
        title: title.clone(),
        subtitle: spec.subtitle.clone().unwrap_or_default(),
        caption_html: spec.caption.as_deref().map(inline_html).unwrap_or_default(),
        svg: inline_svg,
        legend,
        source_name,
        source_url,
        notes_html: notes.map(|n| block_html(n)).unwrap_or_default(),
        csv: dataset.csv_path(),
        svg_file: format!("charts/{}.svg", chart.id),
        table: data_table(dataset, chart, &data, &format, &title),
    };
    let html = theme
        .render_fragment("figure.html", "fig", &context)
        .map_err(|d| vec![d])?;
    Ok(RenderedBlock {
        kind: BlockKind::Chart,
        anchor: chart.anchor.clone(),
        html,
        svg_file: Some((format!("charts/{}.svg", chart.id), standalone_svg)),
        dataset: dataset.name.clone(),
    })
}

/// Draws a checked chart as one SVG in the house style (the wide drawing, as in
/// `charts/<id>.svg` but without the page): for benchmarks and fuzzing.
pub fn house_svg(dataset: &Dataset, chart: &CheckedChart) -> Result<String, String> {
    let data = ChartData::from(dataset, chart);
    let format = chart.spec.format.clone().unwrap_or_default();
    let (raw, height) = draw(&chart.spec, &data, &format, &WIDE).map_err(|e| e.to_string())?;
    let desc = describe(chart.spec.kind, &data, &format);
    let title = chart.spec.title.clone().unwrap_or_default();
    let meta = SvgMeta {
        id: &chart.anchor,
        class: WIDE.variant,
        title: &title,
        desc: &desc,
        width: WIDE.width,
        height,
    };
    Ok(svg::wrap(&meta, None, &raw))
}

/// The chart's numbers as a table, for readers who cannot see the chart.
fn data_table(
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
    headers.extend(data.series.iter().map(|s| s.label.clone()));
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
fn describe(kind: ChartType, data: &ChartData, format: &NumberFormat) -> String {
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
        if points.len() <= 12 {
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
            out.push_str(&format!(" No data for {}.", missing.join(", ")));
        }
    }
    out
}

type DrawResult<T> = Result<T, Box<dyn std::error::Error>>;

/// Draws the chart with plotters in the house style (see `svg.rs`); returns the inside of
/// its `<svg>` and its height.
fn draw(
    spec: &ChartSpec,
    data: &ChartData,
    format: &NumberFormat,
    layout: &Layout,
) -> DrawResult<(String, u32)> {
    let height = chart_height(spec, data, layout);
    let mut out = String::new();
    draw_on(
        svg::HouseSvg::new(&mut out, (layout.width, height)),
        spec,
        data,
        format,
        layout,
    )?;
    Ok((out, height))
}

fn chart_height(spec: &ChartSpec, data: &ChartData, layout: &Layout) -> u32 {
    match spec.kind {
        ChartType::Hbar => HbarRows::new(data, layout).height(),
        _ => layout.height,
    }
}

/// Draws the chart on any plotters backend (the tests draw on plotters' own SVG backend too).
fn draw_on<DB: DrawingBackend>(
    backend: DB,
    spec: &ChartSpec,
    data: &ChartData,
    format: &NumberFormat,
    layout: &Layout,
) -> DrawResult<()>
where
    DB::ErrorType: 'static,
{
    let root = backend.into_drawing_area();
    match spec.kind {
        ChartType::Hbar => draw_hbar(&root, spec, data, format, layout)?,
        ChartType::Line | ChartType::Area => draw_line(&root, spec, data, format, layout)?,
        ChartType::Bar | ChartType::GroupedBar | ChartType::StackedBar => {
            draw_columns(&root, spec, data, format, layout)?
        }
    }
    root.present()?;
    Ok(())
}

/// A text style of `px` user units (plotters scales what it is given; undo that).
fn font(px: f64, colour: RGBColor) -> TextStyle<'static> {
    ("sans-serif", px * PLOTTERS_FONT_SCALE)
        .into_font()
        .color(&colour)
}

/// Nice axis bounds: round outward to a step of 1, 2 or 5 × 10ⁿ (about five ticks).
fn nice_bounds(lo: f64, hi: f64) -> (f64, f64, f64) {
    let (lo, hi) = if (hi - lo).abs() < f64::EPSILON {
        if hi == 0.0 {
            (0.0, 1.0)
        } else {
            (lo.min(0.0), hi.max(0.0) + hi.abs() * 0.1)
        }
    } else {
        (lo, hi)
    };
    let raw_step = (hi - lo) / 5.0;
    let magnitude = 10f64.powf(raw_step.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw_step)
        .unwrap_or(10.0 * magnitude);
    ((lo / step).floor() * step, (hi / step).ceil() * step, step)
}

/// The value range a chart shows: bars always include zero.
fn value_bounds(
    spec: &ChartSpec,
    values: impl Iterator<Item = f64>,
    zero: bool,
) -> (f64, f64, f64) {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in values {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if !lo.is_finite() {
        (lo, hi) = (0.0, 1.0);
    }
    if zero {
        lo = lo.min(0.0);
        hi = hi.max(0.0);
    }
    let (mut lo, mut hi, step) = nice_bounds(lo, hi);
    if let Some(min) = &spec.y_min {
        lo = min.value;
    }
    if let Some(max) = &spec.y_max {
        hi = max.value;
    }
    // One bound set beyond the data: keep the range non-empty.
    if hi <= lo {
        if spec.y_max.is_some() {
            lo = hi - step;
        } else {
            hi = lo + step;
        }
    }
    (lo, hi, step)
}

fn tick_count(lo: f64, hi: f64, step: f64) -> usize {
    // Clamped as a float: `y_min`/`y_max` far from the data's step (1e308) made the count
    // overflow usize (found by the fuzz smoke test).
    let intervals = ((hi - lo) / step).round();
    if intervals.is_finite() {
        intervals.clamp(1.0, 10.0) as usize + 1
    } else {
        2
    }
}

/// The number printed on a bar: exact in the author's format; shortened (`29.2T`) when the
/// author set none.
fn value_label(format: &NumberFormat, value: f64) -> String {
    match format {
        NumberFormat::Auto => format.axis(value),
        _ => format.format(value),
    }
}

/// Estimated width in px of the widest of `labels` at `px` text size, plus a gap.
fn label_width(labels: impl Iterator<Item = String>, px: f64) -> u32 {
    let chars = labels.map(|l| l.chars().count()).max().unwrap_or(1) as f64;
    (chars * CHAR_EM * px).ceil() as u32 + 12
}

fn axis_title<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    text: &str,
    at: (i32, i32),
    layout: &Layout,
) -> DrawResult<()>
where
    DB::ErrorType: 'static,
{
    let style = font(layout.text, svg::AXIS_TITLE).pos(Pos::new(HPos::Left, VPos::Top));
    root.draw(&Text::new(text.to_string(), at, style))?;
    Ok(())
}

/// Where an annotation's `x` falls in chart coordinates, if it is on the axis: by value on a
/// numeric (year) axis, by category otherwise (bars are centred in their slot).
fn annotation_x(x: &AxisValue, data: &ChartData, kind: ChartType) -> Option<f64> {
    let by_value = matches!(kind, ChartType::Line | ChartType::Area);
    if let (true, Some(xs)) = (by_value, &data.xs) {
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
        AxisValue::Number(n) => data.x_format.format(*n),
        AxisValue::Text(t) => t.clone(),
    };
    let index = data.categories.iter().position(|c| *c == wanted)? as f64;
    Some(if by_value { index } else { index + 0.5 })
}

type Chart<'a, DB> = ChartContext<
    'a,
    DB,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// Draws the spec's annotations: a dashed vertical line (or a point) and its wrapped label.
fn draw_annotations<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &mut Chart<'_, DB>,
    spec: &ChartSpec,
    data: &ChartData,
    layout: &Layout,
) -> DrawResult<()>
where
    DB::ErrorType: 'static,
{
    let (x_range, y_range) = (chart.x_range(), chart.y_range());
    let plot_width = chart.plotting_area().dim_in_pixel().0 as f64;
    let max_chars = ((plot_width * 0.45) / (CHAR_EM * layout.text)).max(10.0) as usize;
    // Label boxes already drawn (x0, y0, x1, y1): a label that would overlap one moves down.
    let mut placed: Vec<(f64, f64, f64, f64)> = Vec::new();
    for annotation in &spec.annotations {
        let annotation = &annotation.value;
        let Some(x) = annotation_x(&annotation.x, data, spec.kind) else {
            continue;
        };
        let anchor_y = match annotation.y {
            Some(y) => {
                chart.draw_series(std::iter::once(Circle::new(
                    (x, y),
                    5,
                    svg::ANNOTATION.stroke_width(2),
                )))?;
                y
            }
            None => {
                chart.draw_series(LineSeries::new(
                    [(x, y_range.start), (x, y_range.end)],
                    svg::ANNOTATION,
                ))?;
                y_range.end
            }
        };
        let (px, py) = chart.backend_coord(&(x, anchor_y));
        // Label to the right of the mark, or to its left in the right part of the chart.
        let right_half = (x - x_range.start) / (x_range.end - x_range.start) > 0.55;
        let (pos, dx) = if right_half {
            (HPos::Right, -6)
        } else {
            (HPos::Left, 6)
        };
        let line_px = (layout.text * 1.25).round() as i32;
        let lines = wrap(&annotation.label, max_chars);
        let width = f64::from(label_width(lines.iter().cloned(), layout.text)) - 12.0;
        let height = f64::from(line_px) * lines.len() as f64;
        let x0 = if right_half {
            f64::from(px + dx) - width
        } else {
            f64::from(px + dx)
        };
        let mut top = f64::from(py + if annotation.y.is_some() { -line_px } else { 2 });
        while let Some(clash) = placed
            .iter()
            .find(|b| x0 < b.2 && x0 + width > b.0 && top < b.3 && top + height > b.1)
        {
            top = clash.3 + 2.0;
        }
        placed.push((x0, top, x0 + width, top + height));
        for (j, line) in lines.iter().enumerate() {
            root.draw(&Text::new(
                line.clone(),
                (px + dx, top as i32 + j as i32 * line_px),
                font(layout.text, svg::ANNOTATION).pos(Pos::new(pos, VPos::Top)),
            ))?;
        }
    }
    Ok(())
}

/// Horizontal-bar rows: each category's label (wrapped to the chart's width) above its bar.
struct HbarRows {
    labels: Vec<Vec<String>>,
    line_px: f64,
    /// Height of one row in px: label lines, the bar, a gap.
    row_px: f64,
}

const HBAR_BAR_PX: f64 = 18.0;
const HBAR_GAP_PX: f64 = 12.0;
const HBAR_TOP_PX: i32 = 26;
const HBAR_AXIS_PX: u32 = 28;

impl HbarRows {
    fn new(data: &ChartData, layout: &Layout) -> HbarRows {
        let max_chars =
            ((f64::from(layout.width) - 12.0) / (CHAR_EM * layout.text)).floor() as usize;
        let labels: Vec<Vec<String>> = data
            .categories
            .iter()
            .map(|c| wrap(c, max_chars.max(8)))
            .collect();
        let lines = labels.iter().map(Vec::len).max().unwrap_or(1) as f64;
        let line_px = (layout.text * 1.25).round();
        HbarRows {
            row_px: lines * line_px + 4.0 + HBAR_BAR_PX + HBAR_GAP_PX,
            line_px,
            labels,
        }
    }

    fn height(&self) -> u32 {
        (self.labels.len() as f64 * self.row_px).ceil() as u32
            + HBAR_TOP_PX as u32
            + HBAR_AXIS_PX
            + 8
    }
}

/// Greedy word wrap to `max` characters a line (a longer word is split).
fn wrap(text: &str, max: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        while word.len() > max {
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            lines.push(word.drain(..max).collect());
        }
        let word: String = word.into_iter().collect();
        if line.is_empty() {
            line = word;
        } else if line.chars().count() + 1 + word.chars().count() <= max {
            line.push(' ');
            line.push_str(&word);
        } else {
            lines.push(std::mem::replace(&mut line, word));
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Horizontal bars, one row per category: its label above the bar, its value at the end.
fn draw_hbar<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    spec: &ChartSpec,
    data: &ChartData,
    format: &NumberFormat,
    layout: &Layout,
) -> DrawResult<()>
where
    DB::ErrorType: 'static,
{
    let series = &data.series[0];
    let rows = HbarRows::new(data, layout);
    let n = data.categories.len();
    let (lo, hi, step) = value_bounds(spec, series.values.iter().flatten().copied(), true);
    let show_values = spec.value_labels.unwrap_or(true);
    // Leave room after the longest bar for its value label.
    let value_room = if show_values {
        label_width(
            series
                .values
                .iter()
                .flatten()
                .map(|v| value_label(format, *v)),
            layout.text,
        )
    } else {
        12
    };
    // The first tick label is centred on the plot's left edge: leave room for its left half
    // (it was cut off at the edge of the page in print).
    let first_tick = label_width(std::iter::once(format.axis(lo)), layout.text);
    let mut chart = ChartBuilder::on(root)
        .margin_top(HBAR_TOP_PX)
        .margin_left((first_tick / 2 + 2).max(4))
        .margin_right(value_room as i32)
        .x_label_area_size(HBAR_AXIS_PX)
        .build_cartesian_2d(lo..hi, 0f64..n as f64)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .disable_y_axis()
        .x_labels(tick_count(lo, hi, step))
        .x_label_formatter(&|v| format.axis(*v))
        .x_label_style(font(layout.text, svg::TICK))
        .bold_line_style(svg::GRID)
        .light_line_style(TRANSPARENT)
        .axis_style(svg::AXIS)
        .draw()?;
    if let Some(label) = spec.y_label.as_ref().or(spec.x_label.as_ref()) {
        axis_title(root, label, (4, 4), layout)?;
    }
    let highlight = spec.highlight.as_ref().map(|h| h.value.as_str());
    let unit = 1.0 / rows.row_px; // one px in row coordinates
    for (i, (category, value)) in data.categories.iter().zip(&series.values).enumerate() {
        // Row i runs from y = n-i (top) to n-i-1 (bottom): the label lines, then the bar.
        let row_top = (n - i) as f64;
        let (left, label_y) = chart.backend_coord(&(lo, row_top - 2.0 * unit));
        for (j, line) in rows.labels[i].iter().enumerate() {
            root.draw(&Text::new(
                line.clone(),
                (left.max(4), label_y + (j as f64 * rows.line_px) as i32),
                font(layout.text, svg::CATEGORY_LABEL).pos(Pos::new(HPos::Left, VPos::Top)),
            ))?;
        }
        let Some(value) = *value else { continue };
        let colour = match highlight {
            Some(h) if h == category => svg::BAR_HIGHLIGHT,
            Some(_) => svg::BAR_MUTED,
            None => svg::bar_colour(0),
        };
        let label_block = rows.labels[i].len() as f64 * rows.line_px + 4.0;
        let bar_hi = row_top - label_block * unit;
        let bar_lo = bar_hi - HBAR_BAR_PX * unit;
        chart.draw_series(std::iter::once(Rectangle::new(
            [(0f64.clamp(lo, hi), bar_lo), (value, bar_hi)],
            colour.filled(),
        )))?;
        if lo < 0.0 {
            // A baseline per bar, not through the labels above it.
            let pad = 3.0 * unit;
            chart.draw_series(LineSeries::new(
                [(0.0, bar_lo - pad), (0.0, bar_hi + pad)],
                svg::ZERO_LINE,
            ))?;
        }
        if show_values {
            let (x, y) = chart.backend_coord(&(value, (bar_lo + bar_hi) / 2.0));
            let (pos, dx) = if value >= 0.0 {
                (HPos::Left, 6)
            } else {
                (HPos::Right, -6)
            };
            root.draw(&Text::new(
                value_label(format, value),
                (x + dx, y),
                font(layout.text, svg::VALUE_LABEL).pos(Pos::new(pos, VPos::Center)),
            ))?;
        }
    }
    Ok(())
}

/// Vertical bars: simple, grouped (several series side by side) or stacked.
fn draw_columns<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    spec: &ChartSpec,
    data: &ChartData,
    format: &NumberFormat,
    layout: &Layout,
) -> DrawResult<()>
where
    DB::ErrorType: 'static,
{
    let n = data.categories.len();
    let k = data.series.len();
    let stacked = spec.kind == ChartType::StackedBar;
    let totals: Vec<(f64, f64)> = (0..n)
        .map(|i| {
            data.series
                .iter()
                .filter_map(|s| s.values[i])
                .fold((0.0, 0.0), |(neg, pos), v| {
                    if v < 0.0 {
                        (neg + v, pos)
                    } else {
                        (neg, pos + v)
                    }
                })
        })
        .collect();
    let all: Vec<f64> = if stacked {
        totals.iter().flat_map(|(a, b)| [*a, *b]).collect()
    } else {
        data.series
            .iter()
            .flat_map(|s| s.values.iter().flatten().copied())
            .collect()
    };
    let (lo, hi, step) = value_bounds(spec, all.into_iter(), true);
    let y_area = label_width([format.axis(lo), format.axis(hi)].into_iter(), layout.text);
    let top = if spec.y_label.is_some() { 28 } else { 10 };
    let mut chart = ChartBuilder::on(root)
        .margin_top(top)
        .margin_right(8)
        .x_label_area_size(if spec.x_label.is_some() { 52 } else { 34 })
        .y_label_area_size(y_area)
        .build_cartesian_2d(0f64..n as f64, lo..hi)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_labels(tick_count(lo, hi, step))
        .y_label_formatter(&|v| format.axis(*v))
        .y_label_style(font(layout.text, svg::TICK))
        .bold_line_style(svg::GRID)
        .light_line_style(TRANSPARENT)
        .axis_style(svg::AXIS)
        .draw()?;
    if let Some(label) = &spec.y_label {
        axis_title(root, label, (4, 4), layout)?;
    }
    let highlight = spec.highlight.as_ref().map(|h| h.value.as_str());
    // Value labels by default only where each fits over its bar.
    let bar_px = chart.plotting_area().dim_in_pixel().0 as f64 * 0.72 / (n * k) as f64;
    let widest = data
        .series
        .iter()
        .flat_map(|s| s.values.iter().flatten().map(|v| value_label(format, *v)));
    let fits = f64::from(label_width(widest, layout.text)) - 12.0 <= bar_px + 6.0;
    let show_values = spec.value_labels.unwrap_or(k == 1 && fits);
    // A category label that would touch the previous one shown is left out.
    let mut last_label_right = f64::NEG_INFINITY;
    let band = 0.72;
    for (i, category) in data.categories.iter().enumerate() {
        let left = i as f64 + (1.0 - band) / 2.0;
        let (mut neg_base, mut pos_base) = (0.0, 0.0);
        for (s, series) in data.series.iter().enumerate() {
            let Some(value) = series.values[i] else {
                continue;
            };
            let colour = match highlight {
                Some(h) if k == 1 && h == category => svg::BAR_HIGHLIGHT,
                Some(_) if k == 1 => svg::BAR_MUTED,
                _ => svg::bar_colour(s),
            };
            let (x0, x1, y0, y1) = if stacked {
                let base = if value < 0.0 {
                    &mut neg_base
                } else {
                    &mut pos_base
                };
                let y0 = *base;
                *base += value;
                (left, left + band, y0, *base)
            } else {
                let w = band / k as f64;
                (left + w * s as f64, left + w * (s as f64 + 1.0), 0.0, value)
            };
            let mut bar = Rectangle::new([(x0, y0), (x1, y1)], colour.filled());
            bar.set_margin(0, 0, 1, 1);
            chart.draw_series(std::iter::once(bar))?;
            if show_values {
                let (x, y) = chart.backend_coord(&((x0 + x1) / 2.0, y1));
                let (vpos, dy) = if value >= 0.0 {
                    (VPos::Bottom, -4)
                } else {
                    (VPos::Top, 4)
                };
                root.draw(&Text::new(
                    value_label(format, value),
                    (x, y + dy),
                    font(layout.text, svg::VALUE_LABEL).pos(Pos::new(HPos::Center, vpos)),
                ))?;
            }
        }
        let (x, y) = chart.backend_coord(&(i as f64 + 0.5, lo));
        let half =
            (f64::from(label_width(std::iter::once(category.clone()), layout.text)) - 12.0) / 2.0;
        if f64::from(x) - half > last_label_right + 6.0 {
            last_label_right = f64::from(x) + half;
            root.draw(&Text::new(
                category.clone(),
                (x, y + 8),
                font(layout.text, svg::TICK).pos(Pos::new(HPos::Center, VPos::Top)),
            ))?;
        }
    }
    finish(root, &mut chart, spec, data, layout)
}

/// Lines (or areas): one per series; a missing value breaks the line (a gap, never a zero).
fn draw_line<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    spec: &ChartSpec,
    data: &ChartData,
    format: &NumberFormat,
    layout: &Layout,
) -> DrawResult<()>
where
    DB::ErrorType: 'static,
{
    let n = data.categories.len();
    // Numeric x (years) is placed by value; text categories are evenly spaced.
    let xs: Vec<f64> = data
        .xs
        .clone()
        .unwrap_or_else(|| (0..n).map(|i| i as f64).collect());
    let (x_lo, x_hi) = xs
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| {
            (a.min(*x), b.max(*x))
        });
    let (x_lo, x_hi) = if x_hi > x_lo {
        (x_lo, x_hi)
    } else {
        (x_lo - 1.0, x_hi + 1.0)
    };
    let area = spec.kind == ChartType::Area;
    let values = data
        .series
        .iter()
        .flat_map(|s| s.values.iter().flatten().copied());
    let (lo, hi, step) = value_bounds(spec, values, area);
    let y_area = label_width([format.axis(lo), format.axis(hi)].into_iter(), layout.text);
    let top = if spec.y_label.is_some() { 28 } else { 10 };
    let mut chart = ChartBuilder::on(root)
        .margin_top(top)
        .margin_right(24)
        .x_label_area_size(if spec.x_label.is_some() { 52 } else { 34 })
        .y_label_area_size(y_area)
        .build_cartesian_2d(x_lo..x_hi, lo..hi)?;
    let x_format = &data.x_format;
    let categories = &data.categories;
    let numeric_x = data.xs.is_some();
    let x_ticks = layout.max_x_ticks.min(if numeric_x { n.max(2) } else { n });
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(x_ticks)
        .x_label_formatter(&|v| {
            if numeric_x {
                x_format.axis(*v)
            } else {
                categories
                    .get(v.round() as usize)
                    .cloned()
                    .unwrap_or_default()
            }
        })
        .x_label_style(font(layout.text, svg::TICK))
        .y_labels(tick_count(lo, hi, step))
        .y_label_formatter(&|v| format.axis(*v))
        .y_label_style(font(layout.text, svg::TICK))
        .bold_line_style(svg::GRID)
        .light_line_style(TRANSPARENT)
        .axis_style(svg::AXIS)
        .draw()?;
    if let Some(label) = &spec.y_label {
        axis_title(root, label, (4, 4), layout)?;
    }
    for (s, series) in data.series.iter().enumerate() {
        // Split into runs of consecutive known values.
        let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
        for (x, v) in xs.iter().zip(&series.values) {
            match v {
                Some(v) => runs
                    .last_mut()
                    .expect("runs starts non-empty")
                    .push((*x, *v)),
                None if runs.last().is_some_and(|r| !r.is_empty()) => runs.push(Vec::new()),
                None => {}
            }
        }
        for run in runs.into_iter().filter(|r| !r.is_empty()) {
            if area && run.len() > 1 {
                chart.draw_series(AreaSeries::new(
                    run.clone(),
                    lo.max(0.0),
                    svg::area_colour(s).filled(),
                ))?;
            }
            if run.len() > 1 {
                chart.draw_series(LineSeries::new(
                    run.clone(),
                    svg::line_colour(s).stroke_width(3),
                ))?;
            }
            // Points mark the data (and make a lone value between gaps visible).
            if n <= 40 || run.len() == 1 {
                chart.draw_series(
                    run.iter()
                        .map(|p| Circle::new(*p, 3, svg::point_colour(s).filled())),
                )?;
            }
        }
    }
    finish(root, &mut chart, spec, data, layout)
}

/// What every x/y chart ends with: a zero line when values go negative, the annotations,
/// and the x axis title.
fn finish<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &mut Chart<'_, DB>,
    spec: &ChartSpec,
    data: &ChartData,
    layout: &Layout,
) -> DrawResult<()>
where
    DB::ErrorType: 'static,
{
    let (x_range, y_range) = (chart.x_range(), chart.y_range());
    if y_range.start < 0.0 {
        chart.draw_series(LineSeries::new(
            [(x_range.start, 0.0), (x_range.end, 0.0)],
            svg::ZERO_LINE,
        ))?;
    }
    draw_annotations(root, chart, spec, data, layout)?;
    if let Some(label) = &spec.x_label {
        let (w, h) = root.dim_in_pixel();
        root.draw(&Text::new(
            label.clone(),
            ((w / 2) as i32, h as i32 - 4),
            font(layout.text, svg::AXIS_TITLE).pos(Pos::new(HPos::Center, VPos::Bottom)),
        ))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The charts drawn on plotters' own SVG backend and restyled by the text rewrite that came
    /// first: the house-style backend must write exactly the same.
    #[test]
    fn house_backend_matches_the_restyled_plotters_svg() {
        let series = |label: &str, values: &[Option<f64>]| Series {
            label: label.to_string(),
            values: values.to_vec(),
        };
        let categories: Vec<String> = ["Semiconductors", "Pharma & <chemicals>", "ICT", "Défense"]
            .iter()
            .map(|c| c.to_string())
            .collect();
        let text_data = || ChartData {
            categories: categories.clone(),
            xs: None,
            series: vec![
                series("Exports", &[Some(900.0), Some(-12.5), None, Some(0.25)]),
                series("Imports", &[Some(120.0), Some(30.0), Some(45.0), None]),
            ],
            x_format: NumberFormat::Auto,
        };
        let years = || ChartData {
            categories: (2016..2025).map(|y| y.to_string()).collect(),
            xs: Some((2016..2025).map(f64::from).collect()),
            series: vec![series(
                "Total",
                &[
                    Some(114.2),
                    Some(126.2),
                    Some(142.6),
                    None,
                    Some(122.0),
                    Some(157.0),
                    None,
                    None,
                    Some(212.3),
                ],
            )],
            x_format: NumberFormat::Named(NamedFormat::Year),
        };
        let specs = [
            ("hbar", "highlight: ICT\nx_label: Growth\n", text_data()),
            (
                "bar",
                "y_label: Billions\nvalue_labels: true\n",
                text_data(),
            ),
            ("grouped-bar", "x_label: Category\n", text_data()),
            ("stacked-bar", "format: percent\n", text_data()),
            ("line", "y_label: USD bn\nx_label: Year\n", years()),
            ("area", "", years()),
            ("line", "", text_data()),
        ];
        for (kind, extra, data) in specs {
            let yaml = format!("data: d\ntype: {kind}\nx: x\ny: [a, b]\n{extra}");
            let spec: ChartSpec = serde_saphyr::from_str(&yaml).expect("spec");
            let format = spec.format.clone().unwrap_or_default();
            for layout in [WIDE, NARROW] {
                let height = chart_height(&spec, &data, &layout);
                let mut raw = String::new();
                draw_on(
                    SVGBackend::with_string(&mut raw, (layout.width, height)),
                    &spec,
                    &data,
                    &format,
                    &layout,
                )
                .expect("plotters' SVG");
                let (house, _) = draw(&spec, &data, &format, &layout).expect("house SVG");
                assert_eq!(
                    house,
                    svg::reference::body(&raw),
                    "{kind} {}",
                    layout.variant
                );
            }
        }
    }

    #[test]
    fn long_labels_wrap_at_word_boundaries() {
        assert_eq!(
            wrap("Clean Energy & Critical Minerals", 14),
            ["Clean Energy &", "Critical", "Minerals"]
        );
        assert_eq!(
            wrap("Supercalifragilistic", 8),
            ["Supercal", "ifragili", "stic"]
        );
        assert_eq!(wrap("", 8), [""]);
    }

    #[test]
    fn tick_count_stays_small_for_extreme_bounds() {
        // Regression: `y_min: 1e308` made `(hi - lo) / step` overflow usize.
        assert_eq!(tick_count(0.0, 1e200, 1e-10), 11);
        assert_eq!(tick_count(-1e308, 1e308, 1e-300), 2);
        assert_eq!(tick_count(0.0, 1.0, 0.0), 2);
        assert_eq!(tick_count(0.0, 1000.0, 200.0), 6);
    }

    #[test]
    fn nice_bounds_round_outward() {
        assert_eq!(nice_bounds(0.0, 900.0), (0.0, 1000.0, 200.0));
        assert_eq!(nice_bounds(0.0, 128.9), (0.0, 150.0, 50.0));
        assert_eq!(nice_bounds(-3.0, 7.0), (-4.0, 8.0, 2.0));
    }
}
