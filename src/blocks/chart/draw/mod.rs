//! Drawing with plotters in the house style: the entry point, the helpers every chart type
//! uses (fonts, axis titles, value labels), and what every x/y chart ends with (zero line,
//! annotations, x axis title). The chart types are drawn in `bars.rs` and `line.rs`, the
//! annotations in `annotate.rs`.

mod annotate;
mod bars;
mod donut;
mod line;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

pub(crate) use super::layout::value_label;
use super::layout::{ColumnLayout, HbarRows, Layout, chart_height};
use super::series::ChartData;
use super::share;
use super::spec::{ChartSpec, ChartType};
use super::style::{
    EDGE_PX, PLOTTERS_FONT_SCALE, PRINT_PIECE_PX, PRINT_WHOLE_PX, TOP_PX, TOP_WITH_TITLE_PX,
    X_AXIS_PX, X_AXIS_WITH_TITLE_PX,
};
use crate::blocks::svg;
use crate::format::NumberFormat;
use annotate::{Drawn, draw_annotations};
use bars::{draw_columns, draw_hbar};
use line::draw_line;

pub(crate) type DrawResult<T> = Result<T, Box<dyn std::error::Error>>;

/// Draws the chart with plotters in the house style (see `svg.rs`); returns the inside of
/// its `<svg>` and its height.
pub(crate) fn draw(
    spec: &ChartSpec,
    data: &ChartData,
    format: &NumberFormat,
    layout: &Layout,
) -> DrawResult<(String, u32)> {
    if spec.kind == ChartType::Donut {
        return donut::draw_donut(spec, data, format, layout);
    }
    as_drawn(spec, data, format, |data, format| {
        let height = chart_height(spec, data, format, layout);
        let mut out = String::new();
        draw_on(
            svg::HouseSvg::new(&mut out, (layout.width, height)),
            spec,
            data,
            format,
            layout,
        )?;
        Ok((out, height))
    })
}

/// `then` with the values the chart draws: a 100 % stack draws each value's share of its
/// stack.
fn as_drawn<R>(
    spec: &ChartSpec,
    data: &ChartData,
    format: &NumberFormat,
    then: impl FnOnce(&ChartData, &NumberFormat) -> R,
) -> R {
    if spec.is_percent() {
        then(&share::shares(data), &share::share_format(format, 0))
    } else {
        then(data, format)
    }
}

/// A chart drawn as horizontal bars that is too tall to print whole on a page without
/// shrinking its text (taller than [`PRINT_WHOLE_PX`]), drawn again in pieces of whole rows
/// for print: each at most [`PRINT_PIECE_PX`] tall, with the scale, label column and row
/// height of the whole chart and the value axis under each; the pieces differ by at most one
/// row. Empty for every other chart. Each piece: the inside of its `<svg>` and its height.
pub(crate) fn print_pieces(
    spec: &ChartSpec,
    data: &ChartData,
    format: &NumberFormat,
    layout: &Layout,
) -> DrawResult<Vec<(String, u32)>> {
    if matches!(
        spec.kind,
        ChartType::Donut | ChartType::Line | ChartType::Area
    ) {
        return Ok(Vec::new());
    }
    as_drawn(spec, data, format, |data, format| {
        let as_hbar = spec.kind == ChartType::Hbar
            || ColumnLayout::new(spec, data, format, layout).axis.is_none();
        let rows = HbarRows::of(spec, data, format, layout);
        if !as_hbar || rows.height() <= PRINT_WHOLE_PX {
            return Ok(Vec::new());
        }
        let n = data.categories.len();
        let count = n.div_ceil(rows.rows_within(PRINT_PIECE_PX));
        let mut pieces = Vec::with_capacity(count);
        let mut start = 0;
        for k in 0..count {
            // The first `n % count` pieces take one row more.
            let end = start + n / count + usize::from(k < n % count);
            let height = rows.height_of(end - start);
            let mut out = String::new();
            let root = svg::HouseSvg::new(&mut out, (layout.width, height)).into_drawing_area();
            draw_hbar(&root, spec, data, format, layout, start..end)?;
            root.present()?;
            drop(root);
            pieces.push((out, height));
            start = end;
        }
        Ok(pieces)
    })
}

/// The room above the plot: more when the y axis has a title (drawn there).
fn top_margin(spec: &ChartSpec) -> i32 {
    if spec.y_label.is_some() {
        TOP_WITH_TITLE_PX
    } else {
        TOP_PX
    }
}

/// The room below the plot for the x axis' labels, and its title when it has one.
fn x_axis_area(spec: &ChartSpec) -> i32 {
    if spec.x_label.is_some() {
        X_AXIS_WITH_TITLE_PX
    } else {
        X_AXIS_PX
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
        ChartType::Hbar => draw_hbar(&root, spec, data, format, layout, all_rows(data))?,
        ChartType::Line | ChartType::Area => draw_line(&root, spec, data, format, layout)?,
        // Drawn by `draw` before it comes here.
        ChartType::Donut => {}
        ChartType::Bar | ChartType::GroupedBar | ChartType::StackedBar => {
            let columns = ColumnLayout::new(spec, data, format, layout);
            match &columns.axis {
                Some(axis) => draw_columns(&root, spec, data, format, layout, (&columns, axis))?,
                // No label fits under its slot: every category keeps its label above a bar.
                None => draw_hbar(&root, spec, data, format, layout, all_rows(data))?,
            }
        }
    }
    root.present()?;
    Ok(())
}

/// Every row of an hbar chart.
fn all_rows(data: &ChartData) -> std::ops::Range<usize> {
    0..data.categories.len()
}

/// A text style of `px` user units (plotters scales what it is given; undo that).
pub(crate) fn font(px: f64, colour: RGBColor) -> TextStyle<'static> {
    ("sans-serif", px * PLOTTERS_FONT_SCALE)
        .into_font()
        .color(&colour)
}

/// The y axis title (an hbar chart's only axis title), at the top left.
pub(crate) fn axis_title<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    text: &str,
    layout: &Layout,
) -> DrawResult<()>
where
    DB::ErrorType: 'static,
{
    let style = font(layout.text, svg::AXIS_TITLE).pos(Pos::new(HPos::Left, VPos::Top));
    let at = (EDGE_PX as i32, EDGE_PX as i32);
    root.draw(&Text::new(text.to_string(), at, style))?;
    Ok(())
}

pub(crate) type Chart<'a, DB> = ChartContext<
    'a,
    DB,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// What every x/y chart ends with: a zero line when values go negative, the annotations
/// (clear of what the chart `drawn`), and the x axis title.
pub(crate) fn finish<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &mut Chart<'_, DB>,
    (spec, data): (&ChartSpec, &ChartData),
    drawn: &Drawn,
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
    draw_annotations(root, chart, spec, data, drawn, layout)?;
    if let Some(label) = &spec.x_label {
        let (w, h) = root.dim_in_pixel();
        root.draw(&Text::new(
            label.clone(),
            ((w / 2) as i32, h as i32 - EDGE_PX as i32),
            font(layout.text, svg::AXIS_TITLE).pos(Pos::new(HPos::Center, VPos::Bottom)),
        ))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::layout::{NARROW, WIDE};
    use super::super::series::Series;
    use super::*;
    use crate::format::NamedFormat;

    /// The charts drawn on plotters' own SVG backend and restyled by the text rewrite that came
    /// first: the house-style backend must write exactly the same.
    #[test]
    fn house_backend_matches_the_restyled_plotters_svg() {
        let series = |label: &str, values: &[Option<f64>]| Series {
            label: label.to_string(),
            values: values.to_vec(),
            format: NumberFormat::Auto,
            heading: label.to_string(),
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
                let height = chart_height(&spec, &data, &format, &layout);
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

    /// For every row count: an hbar that prints whole has no pieces; a taller one has pieces
    /// no taller than a printed piece may be, that hold every row once, in order, and differ
    /// by at most one row.
    #[test]
    fn a_tall_hbar_prints_in_balanced_pieces_of_every_row() {
        let spec: ChartSpec =
            serde_saphyr::from_str("data: d\ntype: hbar\nx: x\ny: v\n").expect("spec");
        let format = NumberFormat::Auto;
        for n in 1..=150 {
            let data = ChartData {
                categories: (0..n).map(|i| format!("Row {i}")).collect(),
                xs: None,
                series: vec![Series {
                    label: "v".to_string(),
                    values: (0..n).map(|i| Some(i as f64)).collect(),
                    format: NumberFormat::Auto,
                    heading: "v".to_string(),
                }],
                x_format: NumberFormat::Auto,
            };
            let (_, height) = draw(&spec, &data, &format, &WIDE).expect("drawn");
            let pieces = print_pieces(&spec, &data, &format, &WIDE).expect("pieces");
            if height <= PRINT_WHOLE_PX {
                assert!(pieces.is_empty(), "{n} rows");
                continue;
            }
            assert!(pieces.len() > 1, "{n} rows");
            let rows: Vec<Vec<usize>> = pieces
                .iter()
                .map(|(svg, h)| {
                    assert!(*h <= PRINT_PIECE_PX, "{n} rows: a piece {h} tall");
                    svg.split("Row ")
                        .skip(1)
                        .map(|rest| rest[..rest.find('<').unwrap()].parse().unwrap())
                        .collect()
                })
                .collect();
            assert_eq!(rows.concat(), (0..n).collect::<Vec<_>>(), "{n} rows");
            let sizes: Vec<usize> = rows.iter().map(Vec::len).collect();
            assert!(
                sizes.iter().max().unwrap() - sizes.iter().min().unwrap() <= 1,
                "{n} rows: {sizes:?}"
            );
        }
    }
}
