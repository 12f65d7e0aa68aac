//! Bar charts: horizontal bars (one row per category, its label above the bar) and vertical
//! bars (simple, grouped or stacked).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{DrawResult, axis_title, finish, font, top_margin, value_label, x_axis_area};
use crate::blocks::chart::layout::{
    HbarRows, Layout, label_width, text_width, tick_count, value_bounds,
};
use crate::blocks::chart::series::{ChartData, Series};
use crate::blocks::chart::spec::{ChartSpec, ChartType};
use crate::blocks::chart::style::{
    BAND, BAR_INSET_PX, BESIDE_PX, CATEGORY_DROP_PX, CATEGORY_SPACE_PX, COLUMNS_RIGHT_PX, EDGE_PX,
    HBAR_AXIS_PX, HBAR_BAR_PX, HBAR_LABEL_BAR_PX, HBAR_LABEL_TOP_PX, HBAR_TICK_PAD_PX, HBAR_TOP_PX,
    HBAR_ZERO_OVERHANG_PX, LABEL_GAP_PX, VALUE_OVERHANG_PX, VALUE_RISE_PX,
};
use crate::blocks::svg;
use crate::format::NumberFormat;

/// Horizontal bars, one row per category: its label above the bar, its value at the end.
pub(crate) fn draw_hbar<DB: DrawingBackend>(
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
    let value_room = hbar_value_room(series, format, layout, show_values);
    // The first tick label is centred on the plot's left edge: leave room for its left half
    // (it was cut off at the edge of the page in print).
    let first_tick = label_width(std::iter::once(format.axis(lo)), layout.text);
    let mut chart = ChartBuilder::on(root)
        .margin_top(HBAR_TOP_PX)
        .margin_left((first_tick / 2 + HBAR_TICK_PAD_PX).max(EDGE_PX))
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
        axis_title(root, label, layout)?;
    }
    let highlight = spec.highlight.as_ref().map(|h| h.value.as_str());
    let unit = 1.0 / rows.row_px; // one px in row coordinates
    for (i, (category, value)) in data.categories.iter().zip(&series.values).enumerate() {
        // Row i runs from y = n-i (top) to n-i-1 (bottom): the label lines, then the bar.
        let row_top = (n - i) as f64;
        let (left, label_y) = chart.backend_coord(&(lo, row_top - HBAR_LABEL_TOP_PX * unit));
        for (j, line) in rows.labels[i].iter().enumerate() {
            root.draw(&Text::new(
                line.clone(),
                (
                    left.max(EDGE_PX as i32),
                    label_y + (j as f64 * rows.line_px) as i32,
                ),
                font(layout.text, svg::CATEGORY_LABEL).pos(Pos::new(HPos::Left, VPos::Top)),
            ))?;
        }
        let Some(value) = *value else { continue };
        let colour = match highlight {
            Some(h) if h == category => svg::BAR_HIGHLIGHT,
            Some(_) => svg::BAR_MUTED,
            None => svg::bar_colour(0),
        };
        let label_block = rows.labels[i].len() as f64 * rows.line_px + HBAR_LABEL_BAR_PX;
        let bar_hi = row_top - label_block * unit;
        let bar_lo = bar_hi - HBAR_BAR_PX * unit;
        chart.draw_series(std::iter::once(Rectangle::new(
            [(0f64.clamp(lo, hi), bar_lo), (value, bar_hi)],
            colour.filled(),
        )))?;
        if lo < 0.0 {
            // A baseline per bar, not through the labels above it.
            let pad = HBAR_ZERO_OVERHANG_PX * unit;
            chart.draw_series(LineSeries::new(
                [(0.0, bar_lo - pad), (0.0, bar_hi + pad)],
                svg::ZERO_LINE,
            ))?;
        }
        if show_values {
            let (x, y) = chart.backend_coord(&(value, (bar_lo + bar_hi) / 2.0));
            let (pos, dx) = if value >= 0.0 {
                (HPos::Left, BESIDE_PX)
            } else {
                (HPos::Right, -BESIDE_PX)
            };
            let anchor = Pos::new(pos, VPos::Center);
            draw_value_label(root, format, value, (x + dx, y), anchor, layout)?;
        }
    }
    Ok(())
}

/// The margin after the longest bar: room for its value label.
fn hbar_value_room(
    series: &Series,
    format: &NumberFormat,
    layout: &Layout,
    show_values: bool,
) -> u32 {
    if show_values {
        label_width(
            series
                .values
                .iter()
                .flatten()
                .map(|v| value_label(format, *v)),
            layout.text,
        )
    } else {
        LABEL_GAP_PX
    }
}

/// Vertical bars: simple, grouped (several series side by side) or stacked.
pub(crate) fn draw_columns<DB: DrawingBackend>(
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
    let all = column_values(data, stacked);
    let (lo, hi, step) = value_bounds(spec, all.into_iter(), true);
    let y_area = label_width([format.axis(lo), format.axis(hi)].into_iter(), layout.text);
    let mut chart = ChartBuilder::on(root)
        .margin_top(top_margin(spec))
        .margin_right(COLUMNS_RIGHT_PX)
        .x_label_area_size(x_axis_area(spec))
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
        axis_title(root, label, layout)?;
    }
    let highlight = spec.highlight.as_ref().map(|h| h.value.as_str());
    // Value labels by default only where each fits over its bar.
    let bar_px = chart.plotting_area().dim_in_pixel().0 as f64 * BAND / (n * k) as f64;
    let fits = value_labels_fit(data, format, layout, bar_px);
    let show_values = spec.value_labels.unwrap_or(k == 1 && fits);
    // A category label that would touch the previous one shown is left out.
    let mut last_label_right = f64::NEG_INFINITY;
    for (i, category) in data.categories.iter().enumerate() {
        let left = i as f64 + (1.0 - BAND) / 2.0;
        let mut stack = Stack::default();
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
                let (y0, y1) = stack.push(value);
                (left, left + BAND, y0, y1)
            } else {
                let w = BAND / k as f64;
                (left + w * s as f64, left + w * (s as f64 + 1.0), 0.0, value)
            };
            let mut bar = Rectangle::new([(x0, y0), (x1, y1)], colour.filled());
            bar.set_margin(0, 0, BAR_INSET_PX, BAR_INSET_PX);
            chart.draw_series(std::iter::once(bar))?;
            if show_values {
                let (x, y) = chart.backend_coord(&((x0 + x1) / 2.0, y1));
                let (vpos, dy) = if value >= 0.0 {
                    (VPos::Bottom, -VALUE_RISE_PX)
                } else {
                    (VPos::Top, VALUE_RISE_PX)
                };
                let anchor = Pos::new(HPos::Center, vpos);
                draw_value_label(root, format, value, (x, y + dy), anchor, layout)?;
            }
        }
        let at = chart.backend_coord(&(i as f64 + 0.5, lo));
        draw_category_label(root, category, at, layout, &mut last_label_right)?;
    }
    finish(root, &mut chart, spec, data, layout)
}

/// The values the value axis must show: every bar's, or for stacked bars each stack's
/// negative and positive totals.
fn column_values(data: &ChartData, stacked: bool) -> Vec<f64> {
    if stacked {
        (0..data.categories.len())
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
            .flat_map(|(a, b)| [a, b])
            .collect()
    } else {
        data.series
            .iter()
            .flat_map(|s| s.values.iter().flatten().copied())
            .collect()
    }
}

/// Whether the widest value label fits over a bar `bar_px` wide.
fn value_labels_fit(data: &ChartData, format: &NumberFormat, layout: &Layout, bar_px: f64) -> bool {
    let widest = data
        .series
        .iter()
        .flat_map(|s| s.values.iter().flatten().map(|v| value_label(format, *v)));
    text_width(widest, layout.text) <= bar_px + VALUE_OVERHANG_PX
}

/// The running totals of a stacked bar: negative values stack down from zero, positive up.
#[derive(Default)]
struct Stack {
    neg: f64,
    pos: f64,
}

impl Stack {
    /// Where the next segment runs: from the total of its sign so far to the new total.
    fn push(&mut self, value: f64) -> (f64, f64) {
        let base = if value < 0.0 {
            &mut self.neg
        } else {
            &mut self.pos
        };
        let y0 = *base;
        *base += value;
        (y0, *base)
    }
}

/// A bar's value, written at `at`.
fn draw_value_label<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    format: &NumberFormat,
    value: f64,
    at: (i32, i32),
    anchor: Pos,
    layout: &Layout,
) -> DrawResult<()>
where
    DB::ErrorType: 'static,
{
    let style = font(layout.text, svg::VALUE_LABEL).pos(anchor);
    root.draw(&Text::new(value_label(format, value), at, style))?;
    Ok(())
}

/// A category's label under its bars, centred at `at`, unless it would touch the previous
/// label shown (which ends at `last_right`).
fn draw_category_label<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    category: &str,
    (x, y): (i32, i32),
    layout: &Layout,
    last_right: &mut f64,
) -> DrawResult<()>
where
    DB::ErrorType: 'static,
{
    let half = text_width(std::iter::once(category.to_string()), layout.text) / 2.0;
    if f64::from(x) - half > *last_right + CATEGORY_SPACE_PX {
        *last_right = f64::from(x) + half;
        root.draw(&Text::new(
            category.to_string(),
            (x, y + CATEGORY_DROP_PX),
            font(layout.text, svg::TICK).pos(Pos::new(HPos::Center, VPos::Top)),
        ))?;
    }
    Ok(())
}
