//! ` ```chart ` blocks: the entry points. A chart's spec is checked against its dataset
//! (`spec.rs`), its numbers read from the dataset (`series.rs`), laid out (`layout.rs`) and
//! drawn with plotters (`draw/`) in the house style (`style.rs`, and the backend in
//! `../svg.rs`), described in words and as a data table (`describe.rs`), and placed in the
//! theme's `figure.html`.

mod describe;
mod draw;
mod embed;
mod file;
mod layout;
mod measure;
mod mislead;
mod series;
mod share;
mod spec;
pub(crate) mod style;

use serde::Serialize;

use super::svg::{self, SvgMeta};
use super::{BlockKind, BlockOrigin, RenderedBlock, find_dataset, source_fields};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::format::NumberFormat;
use crate::locale::Locale;
use crate::model::{Brief, Dataset};
use crate::text::{block_html, inline_html, says_source, smart_text};
use crate::theme::Theme;
use describe::{DataTable, FigureLabels, data_table, describe};
use draw::draw;
use layout::{NARROW, WIDE};
use series::ChartData;
use style::{SERIES_CLASSES, series_slot};

/// Charts and tables filter rows alike.
pub use super::rows::RowFilter;
pub(crate) use mislead::{duplicate_categories, misleading};
pub use spec::{
    Annotation, AxisValue, ChartSpec, ChartType, CheckedChart, Columns, Sort, check_against,
};

/// Checks a chart spec against the dataset it names in `brief` (numbered 0 until planning
/// numbers it).
pub(crate) fn check(
    brief: &Brief,
    origin: BlockOrigin,
    spec: ChartSpec,
) -> Result<CheckedChart, Diagnostics> {
    let dataset = find_dataset(brief, &origin, &spec.data).map_err(Diagnostics::from)?;
    check_against(dataset, &origin, spec, 0)
}

/// One series in the figure's legend: its label and its colour class.
#[derive(Serialize)]
struct LegendItem {
    label: String,
    class: String,
}

/// What the theme's `figure.html` receives.
#[derive(Serialize)]
struct FigureContext<'a> {
    id: &'a str,
    number: usize,
    /// The catalogue's `figure`, `data_for_figure` and `figure_continued` filled with the
    /// number once here, where the template would fill them up to seven times a figure.
    labels: FigureLabels,
    title: String,
    subtitle: String,
    caption_html: String,
    svg: String,
    /// A tall chart printed in pieces: each piece's `<svg>`, the first labelled as the chart.
    print_pieces: Vec<String>,
    legend: Vec<LegendItem>,
    source_name: String,
    source_url: String,
    notes_html: String,
    csv: String,
    svg_file: String,
    table: DataTable,
}

/// How the drawing prints values (the labels on bars, the value axis): the chart's `format`,
/// else the first series' column's, as its data table and description print them.
fn drawing_format(spec: &ChartSpec, data: &ChartData) -> NumberFormat {
    match (&spec.format, data.series.first()) {
        (Some(format), _) => format.clone(),
        (None, Some(series)) => series.format.clone(),
        (None, None) => NumberFormat::default(),
    }
}

/// Renders a checked chart: its `<figure>` (both drawings inline, the legend, the data table)
/// and its standalone file, `charts/<id>.svg`.
pub(crate) fn render(
    brief: &Brief,
    theme: &Theme,
    chart: &CheckedChart,
) -> Result<RenderedBlock, Diagnostics> {
    let dataset = brief
        .dataset(&chart.dataset)
        .expect("checked charts name an existing dataset");
    let locale = &brief.locale;
    // A donut's folded slice is named in the brief's language unless the spec names it.
    let mut spec_in_language = chart.spec.clone();
    if spec_in_language.other_label.is_none() {
        spec_in_language.other_label = Some(serde_saphyr::Spanned {
            value: locale.text("chart_other").to_string(),
            referenced: chart.spec.data.referenced,
            defined: chart.spec.data.defined,
        });
    }
    // Axis titles and annotation labels get the sections' smart punctuation, as titles do.
    for text in [&mut spec_in_language.x_label, &mut spec_in_language.y_label]
        .into_iter()
        .flatten()
    {
        *text = smart_text(text).into_owned();
    }
    for annotation in &mut spec_in_language.annotations {
        annotation.value.label = smart_text(&annotation.value.label).into_owned();
    }
    let spec = &spec_in_language;
    let mut data = ChartData::from(dataset, chart);
    // Each series reads in the brief's language, in words and in the data table.
    for series in &mut data.series {
        series.format = std::mem::take(&mut series.format).in_style(&locale.numbers);
    }
    // Drawn in the chart's format, else its first column's, in the brief's language.
    let format = drawing_format(spec, &data).in_style(&locale.numbers);
    // What a reader sees gets the sections' smart punctuation (the CSV keeps the data as is).
    let title = smart_text(spec.title.as_ref().unwrap_or(&dataset.title)).into_owned();

    let desc = spec
        .alt
        .as_deref()
        .map(|alt| smart_text(alt).into_owned())
        .unwrap_or_else(|| describe(spec, &data, locale));
    let (source_name, source_url) = source_fields(dataset, spec.source.as_deref());
    let source_line = if source_url.is_empty() {
        source_name.clone()
    } else {
        format!("{source_name} ({source_url})")
    };
    let notes = spec.notes.as_ref().or(dataset.notes.as_ref());
    let subtitle = spec.subtitle.clone().unwrap_or_default();
    let legend = legend(&data);
    let mut inline_svg = String::new();
    let mut standalone_svg = String::new();
    let mut print_pieces = Vec::new();
    for layout in [WIDE, NARROW] {
        let (raw, height) =
            draw(spec, &data, &format, &layout).map_err(|e| draw_failed(dataset, &*e))?;
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
        svg::wrap_into(&mut inline_svg, &meta, None, &raw);
        if layout.variant == WIDE.variant {
            // Printed at the wide drawing's size; only a tall one is printed in pieces.
            if height > style::PRINT_WHOLE_PX {
                print_pieces = pieces(spec, &data, &format, (&chart.anchor, &meta))
                    .map_err(|e| draw_failed(dataset, &*e))?;
            }
            let items: Vec<(String, String)> = legend
                .iter()
                .map(|l| (l.label.clone(), l.class.clone()))
                .collect();
            let notes_text = notes
                .map(|n| file::notes_text(&block_html(n)))
                .unwrap_or_default();
            // Labelled as the page labels it: no second "Source:" before "Source brief: …".
            let source_labelled = if source_line.is_empty() || says_source(&source_line) {
                source_line.clone()
            } else {
                format!("{} {source_line}", brief.locale.text("source"))
            };
            let (head, foot) = file::furniture(
                &file::Furniture {
                    title: &title,
                    subtitle: &subtitle,
                    legend: &items,
                    source: &source_labelled,
                    notes: &notes_text,
                    note_label: brief.locale.text("note"),
                },
                &layout,
            );
            // The file carries the chart font, cut down to what it draws; a cross-reference
            // in its notes is filled later, with a label in the brief's language (or an id).
            let mut drawn = embed::Drawn::new();
            drawn.markup(&head.0);
            drawn.markup(&raw);
            drawn.markup(&foot.0);
            if !notes_text.links().is_empty() {
                for kind in ["figure", "table", "section"] {
                    drawn.text(locale.text(kind));
                }
                drawn.text("0123456789.");
                for link in notes_text.links() {
                    drawn.text(link);
                }
            }
            let fonts = embed::font_faces(&drawn);
            let fonts = fonts.each_ref().map(|rule| &**rule);
            let extra = svg::Standalone {
                fonts: &fonts,
                css: theme.chart_css(),
                head: (&head.0, head.1),
                foot: (&foot.0, foot.1),
            };
            standalone_svg = svg::wrap(&meta, Some(&extra), &raw);
        }
    }

    let context = FigureContext {
        id: &chart.anchor,
        number: chart.number,
        labels: FigureLabels::new(locale, chart.number),
        title: title.clone(),
        subtitle,
        caption_html: spec.caption.as_deref().map(inline_html).unwrap_or_default(),
        svg: inline_svg,
        print_pieces,
        legend,
        source_name,
        source_url,
        notes_html: notes.map(|n| block_html(n)).unwrap_or_default(),
        csv: dataset.csv_path(),
        svg_file: format!("charts/{}.svg", chart.id),
        table: data_table(dataset, chart, &data, &title, locale),
    };
    let html = theme
        .render_fragment(
            "figure.html",
            "fig",
            &context,
            brief.locale.template_strings(),
        )
        .map_err(Diagnostics::from)?;
    Ok(RenderedBlock {
        kind: BlockKind::Chart,
        html,
        svg_file: Some((format!("charts/{}.svg", chart.id), standalone_svg)),
    })
}

/// The pieces a tall chart is printed in, each in its `<svg>`: the first says what the chart
/// shows as the drawing of `meta` does; the others repeat it, hidden from assistive technology.
fn pieces(
    spec: &ChartSpec,
    data: &ChartData,
    format: &NumberFormat,
    (anchor, meta): (&str, &SvgMeta<'_>),
) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let id = format!("{anchor}-print");
    let class = "print";
    Ok(draw::print_pieces(spec, data, format, &WIDE)?
        .into_iter()
        .enumerate()
        .map(|(k, (raw, height))| {
            if k == 0 {
                let first = SvgMeta {
                    id: &id,
                    class,
                    height,
                    ..*meta
                };
                svg::wrap(&first, None, &raw)
            } else {
                svg::wrap_hidden(class, (WIDE.width, height), &raw)
            }
        })
        .collect())
}

/// The figure's legend: one item per series, when there are several.
fn legend(data: &ChartData) -> Vec<LegendItem> {
    if data.series.len() > 1 {
        data.series
            .iter()
            .enumerate()
            .map(|(i, s)| LegendItem {
                label: s.label.clone(),
                class: SERIES_CLASSES[series_slot(i)].to_string(),
            })
            .collect()
    } else {
        Vec::new()
    }
}

/// What to say when plotters could not draw a checked chart: a bug in brief.
fn draw_failed(dataset: &Dataset, e: &dyn std::error::Error) -> Diagnostic {
    Diagnostic::error(
        &dataset.file.display,
        format!("could not draw the chart: {e}"),
    )
    .with_hint("this is a bug in brief; please report it with the dataset")
}

/// The width in px of `text` at `px` text size (`bold`: the bold face, which draws CSS
/// weights from 600), as every chart layout measures it: for the tests that check text stays
/// inside a chart, and the browser test that compares it with Chromium's.
pub fn text_width(text: &str, px: f64, bold: bool) -> f64 {
    let weight = if bold {
        measure::Weight::Bold
    } else {
        measure::Weight::Regular
    };
    measure::measure(text, px, weight)
}

/// Draws a checked chart as one SVG in the house style (the wide drawing, as in
/// `charts/<id>.svg` but without the page): for benchmarks and fuzzing.
pub fn house_svg(dataset: &Dataset, chart: &CheckedChart) -> Result<String, String> {
    house_svg_at(dataset, chart, &WIDE)
}

/// Both drawings of a checked chart, wide then narrow, as the page inlines them: for the tests
/// that read every label of generated charts.
pub fn house_drawings(dataset: &Dataset, chart: &CheckedChart) -> Result<[String; 2], String> {
    Ok([
        house_svg_at(dataset, chart, &WIDE)?,
        house_svg_at(dataset, chart, &NARROW)?,
    ])
}

/// One drawing of a checked chart, at `layout`, in its `<svg>`.
fn house_svg_at(
    dataset: &Dataset,
    chart: &CheckedChart,
    layout: &layout::Layout,
) -> Result<String, String> {
    let data = ChartData::from(dataset, chart);
    let format = drawing_format(&chart.spec, &data);
    let (raw, height) = draw(&chart.spec, &data, &format, layout).map_err(|e| e.to_string())?;
    let desc = describe(&chart.spec, &data, &Locale::english());
    let title = chart.spec.title.clone().unwrap_or_default();
    let meta = SvgMeta {
        id: &chart.anchor,
        class: layout.variant,
        title: &title,
        desc: &desc,
        width: layout.width,
        height,
    };
    Ok(svg::wrap(&meta, None, &raw))
}
