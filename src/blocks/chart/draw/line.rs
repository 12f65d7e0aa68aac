//! Line and area charts: one line per series, broken where a value is missing.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{Chart, DrawResult, Drawn, axis_title, finish, font, top_margin, x_axis_area};
use crate::blocks::chart::layout::{Layout, label_width, tick_count, tick_labels, value_bounds};
use crate::blocks::chart::measure::Weight;
use crate::blocks::chart::series::ChartData;
use crate::blocks::chart::spec::{ChartSpec, ChartType};
use crate::blocks::chart::style::{
    AXIS_BREAK_INSET_PX, AXIS_BREAK_PX, AXIS_BREAK_TOOTH_PX, LINE_RIGHT_PX, LINE_STROKE_PX,
    LONE_POINT_RADIUS_PX, MAX_POINTS_MARKED, POINT_RADIUS_PX,
};
use crate::blocks::svg;
use crate::format::NumberFormat;

/// Lines (or areas): one per series; a missing value breaks the line (a gap, never a zero).
pub(crate) fn draw_line<DB: DrawingBackend>(
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
    let (x_lo, x_hi) = x_range(&xs);
    let area = spec.kind == ChartType::Area;
    let values = data
        .series
        .iter()
        .flat_map(|s| s.values.iter().flatten().copied());
    let (lo, hi, step) = value_bounds(spec, values, area);
    let y_area = label_width(
        tick_labels(lo, hi, step, format),
        layout.text,
        Weight::Regular,
    );
    // Off zero, no line of the plot may read as the zero line (see `draw_axis_break`).
    let floating = !area && (lo > 0.0 || hi < 0.0);
    let axis_style = if floating {
        svg::AXIS_FLOATING
    } else {
        svg::AXIS
    };
    let mut chart = ChartBuilder::on(root)
        .margin_top(top_margin(spec))
        .margin_right(LINE_RIGHT_PX)
        .x_label_area_size(x_axis_area(spec))
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
        .axis_style(axis_style)
        .draw()?;
    if floating {
        draw_axis_break(root, &chart, hi < 0.0)?;
    }
    if let Some(label) = &spec.y_label {
        axis_title(root, label, layout)?;
    }
    let mut drawn = Drawn::default();
    for (s, series) in data.series.iter().enumerate() {
        for run in runs(&xs, &series.values) {
            drawn.segments.extend(match run[..] {
                [lone] => vec![(lone, lone)],
                _ => run.windows(2).map(|w| (w[0], w[1])).collect(),
            });
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
                    svg::line_colour(s).stroke_width(LINE_STROKE_PX),
                ))?;
            }
            // Points mark the data; a lone value between gaps is always marked, larger (it
            // has no line to be seen by).
            let radius = if run.len() == 1 {
                LONE_POINT_RADIUS_PX
            } else {
                POINT_RADIUS_PX
            };
            if n <= MAX_POINTS_MARKED || run.len() == 1 {
                chart.draw_series(
                    run.iter()
                        .map(|p| Circle::new(*p, radius, svg::point_colour(s).filled())),
                )?;
            }
        }
    }
    finish(root, &mut chart, (spec, data), &drawn, layout)
}

/// The break mark of a value axis that does not reach zero: a zig-zag across the axis near
/// its end toward zero (the bottom, or the top when every value is below zero), over a gap in
/// the axis line. With the axes drawn as quietly as the grid, the reader sees the axis is cut.
fn draw_axis_break<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &Chart<'_, DB>,
    at_top: bool,
) -> DrawResult<()>
where
    DB::ErrorType: 'static,
{
    let (x_range, y_range) = (chart.x_range(), chart.y_range());
    let end = if at_top { y_range.end } else { y_range.start };
    let (x, y) = chart.backend_coord(&(x_range.start, end));
    // From `near` (toward the axis' end) to `far`, the teeth alternating left and right.
    let sign = if at_top { 1 } else { -1 };
    let near = y + sign * AXIS_BREAK_INSET_PX;
    let far = near + sign * AXIS_BREAK_PX;
    let tooth = AXIS_BREAK_TOOTH_PX;
    let (top, bottom) = (near.min(far), near.max(far));
    root.draw(&Rectangle::new(
        [(x - 1, top), (x + 2, bottom)],
        svg::AXIS_GAP.filled(),
    ))?;
    let quarter = AXIS_BREAK_PX / 4;
    let points = vec![
        (x, near),
        (x - tooth, near + sign * quarter),
        (x + tooth, near + sign * 3 * quarter),
        (x, far),
    ];
    root.draw(&PathElement::new(points, svg::AXIS_BREAK.stroke_width(2)))?;
    Ok(())
}

/// The x range of the plot: the data's, widened by one each way when it is a single x.
fn x_range(xs: &[f64]) -> (f64, f64) {
    let (x_lo, x_hi) = xs
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| {
            (a.min(*x), b.max(*x))
        });
    if x_hi > x_lo {
        (x_lo, x_hi)
    } else {
        (x_lo - 1.0, x_hi + 1.0)
    }
}

/// A series split into runs of consecutive known values (a missing value ends a run).
fn runs(xs: &[f64], values: &[Option<f64>]) -> Vec<Vec<(f64, f64)>> {
    let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
    for (x, v) in xs.iter().zip(values) {
        match v {
            Some(v) => runs
                .last_mut()
                .expect("runs starts non-empty")
                .push((*x, *v)),
            None if runs.last().is_some_and(|r| !r.is_empty()) => runs.push(Vec::new()),
            None => {}
        }
    }
    runs.retain(|r| !r.is_empty());
    runs
}
