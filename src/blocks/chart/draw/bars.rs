//! Bar charts: horizontal bars (one row per category, its label above the bar) and vertical
//! bars (simple, grouped or stacked; drawn as horizontal bars when their labels cannot fit).

use std::ops::Range;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{
    Chart, DrawResult, Drawn, axis_title, finish, font, top_margin, value_label, x_axis_area,
};
use crate::blocks::chart::layout::{
    CategoryAxis, CategoryLabel, ColumnLayout, HbarRows, Layout, Stack, hbar_bars_per_row,
    hbar_bounds, hbar_plot_left, hbar_shows_values, label_width, text_width, tick_count,
};
use crate::blocks::chart::measure::Weight;
use crate::blocks::chart::series::{ChartData, Series};
use crate::blocks::chart::spec::{ChartSpec, ChartType};
use crate::blocks::chart::style::{
    BAND, BAR_INSET_PX, BESIDE_PX, CATEGORY_DROP_PX, CATEGORY_SPACE_PX, COLUMNS_RIGHT_PX, EDGE_PX,
    FULL_TEXT_MARK, HBAR_AXIS_PX, HBAR_BAR_PX, HBAR_LABEL_BAR_PX, HBAR_LABEL_TOP_PX, HBAR_TOP_PX,
    HBAR_ZERO_OVERHANG_PX, LABEL_GAP_PX, NO_DATA_MARK, NO_DATA_SHORT, SEGMENT_PAD_PX,
    VALUE_OVERHANG_PX, VALUE_RISE_PX,
};
use crate::blocks::svg;
use crate::format::NumberFormat;

/// Horizontal bars, one row per category: its label above the bar(s), the value at the end.
/// Several series are drawn as grouped bars (one bar per series in a row), or stacked. Column
/// charts whose labels cannot fit under their slots are drawn this way too. Only the rows in
/// `shown` are drawn (a piece of a chart printed in pieces), laid out as in the whole chart:
/// same scale, label column and row height.
pub(crate) fn draw_hbar<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    spec: &ChartSpec,
    data: &ChartData,
    format: &NumberFormat,
    layout: &Layout,
    shown: Range<usize>,
) -> DrawResult<()>
where
    DB::ErrorType: 'static,
{
    let stacked = spec.kind == ChartType::StackedBar;
    let series = &data.series[..];
    let left = hbar_plot_left(spec, data, format, layout);
    let rows = HbarRows::new(data, layout, hbar_bars_per_row(spec, data), left);
    let n = shown.len();
    let (lo, hi, step) = hbar_bounds(spec, data);
    let show_values = hbar_shows_values(spec, data);
    // A 100 % stack has no total to write beyond it.
    let percent = spec.is_percent();
    let totals = show_values && !percent;
    let value_room = hbar_value_room(data, series, stacked, format, layout, totals);
    let mut chart = ChartBuilder::on(root)
        .margin_top(HBAR_TOP_PX)
        .margin_left(left)
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
    let rows_ctx = HbarRowsContext {
        series,
        stacked,
        show_values,
        percent,
        highlight: spec.highlight.as_ref().map(|h| h.value.as_str()),
        rows: &rows,
        range: (lo, hi),
        n,
        format,
        layout,
    };
    for (at, i) in shown.enumerate() {
        draw_hbar_row(root, &mut chart, &rows_ctx, (i, at), &data.categories[i])?;
    }
    Ok(())
}

/// What every row of a horizontal bar chart is drawn with.
struct HbarRowsContext<'a> {
    series: &'a [Series],
    stacked: bool,
    show_values: bool,
    /// A 100 % stack: every segment labelled (a lone one too), no total.
    percent: bool,
    highlight: Option<&'a str>,
    rows: &'a HbarRows,
    /// The value axis' bounds.
    range: (f64, f64),
    /// How many rows are drawn.
    n: usize,
    format: &'a NumberFormat,
    layout: &'a Layout,
}

/// Row `i` of a horizontal bar chart, drawn `at` rows from the top: its label lines, then its
/// bar(s), their values, a baseline when the axis goes below zero, and a stack's total.
fn draw_hbar_row<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &mut Chart<'_, DB>,
    ctx: &HbarRowsContext<'_>,
    (i, at): (usize, usize),
    category: &str,
) -> DrawResult<()>
where
    DB::ErrorType: 'static,
{
    let HbarRowsContext {
        series,
        stacked,
        show_values,
        percent,
        highlight,
        rows,
        range: (lo, hi),
        n,
        format,
        layout,
    } = *ctx;
    let k = series.len();
    let unit = 1.0 / rows.row_px; // one px in row coordinates
    // The row drawn `at` runs from y = n-at (top) to n-at-1 (bottom): the label lines, then
    // the bars.
    let row_top = (n - at) as f64;
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
    let label_block = rows.labels[i].len() as f64 * rows.line_px + HBAR_LABEL_BAR_PX;
    let bars_top = row_top - label_block * unit;
    let mut stack = Stack::default();
    let mut bars_bottom = None;
    let segments = series.iter().filter(|s| s.values[i].is_some()).count();
    for (s, one) in series.iter().enumerate() {
        let offset = if stacked { 0.0 } else { s as f64 };
        let bar_hi = bars_top - offset * HBAR_BAR_PX * unit;
        let bar_lo = bar_hi - HBAR_BAR_PX * unit;
        let Some(value) = one.values[i] else {
            // A missing bar is marked; in a stack, only a stack with no segment at all.
            if !stacked || (s == 0 && segments == 0) {
                let which = (k > 1 && !stacked).then_some(s);
                let title = no_data_title(category, which.map(|s| series[s].label.as_str()));
                let (x, y) = chart.backend_coord(&(0f64.clamp(lo, hi), (bar_lo + bar_hi) / 2.0));
                let (pos, dx) = if 0.0 < hi {
                    (HPos::Left, BESIDE_PX)
                } else {
                    (HPos::Right, -BESIDE_PX)
                };
                let style = font(layout.text, svg::NO_DATA).pos(Pos::new(pos, VPos::Center));
                let text = format!("{NO_DATA_MARK}{FULL_TEXT_MARK}{title}");
                root.draw(&Text::new(text, (x + dx, y), style))?;
            }
            continue;
        };
        let colour = match highlight {
            Some(h) if k == 1 && h == category => svg::BAR_HIGHLIGHT,
            Some(_) if k == 1 => svg::BAR_MUTED,
            _ => svg::bar_colour(s),
        };
        bars_bottom = Some(bar_lo);
        let (x0, x1) = if stacked {
            stack.push(value)
        } else {
            (0f64.clamp(lo, hi), value)
        };
        chart.draw_series(std::iter::once(Rectangle::new(
            [(x0, bar_lo), (x1, bar_hi)],
            colour.filled(),
        )))?;
        if !show_values {
            continue;
        }
        if stacked {
            if segments > 1 || percent {
                let corners = [(x0, bar_lo), (x1, bar_hi)];
                draw_segment_value(root, chart, format, (s, value), corners, layout)?;
            }
        } else {
            let (x, y) = chart.backend_coord(&(value, (bar_lo + bar_hi) / 2.0));
            draw_value_beside(
                root,
                format,
                (value, value),
                (x, y),
                layout,
                svg::VALUE_LABEL,
            )?;
        }
    }
    let Some(bars_bottom) = bars_bottom else {
        return Ok(());
    };
    if lo < 0.0 {
        // A baseline per row, not through the labels above it.
        let pad = HBAR_ZERO_OVERHANG_PX * unit;
        chart.draw_series(LineSeries::new(
            [(0.0, bars_bottom - pad), (0.0, bars_top + pad)],
            svg::ZERO_LINE,
        ))?;
    }
    if stacked && show_values && !percent {
        let (total, end) = stack.total();
        let (x, y) = chart.backend_coord(&(end, (bars_top + bars_bottom) / 2.0));
        draw_value_beside(root, format, (total, end), (x, y), layout, svg::VALUE_TOTAL)?;
    }
    Ok(())
}

/// A value written beside the end of a horizontal bar: after it, or before it when the bar
/// runs below zero (`end` is where it ends: a stack's net total can be negative while its
/// positive end is the one it is written beyond).
fn draw_value_beside<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    format: &NumberFormat,
    (value, end): (f64, f64),
    (x, y): (i32, i32),
    layout: &Layout,
    colour: RGBColor,
) -> DrawResult<()>
where
    DB::ErrorType: 'static,
{
    let (pos, dx) = if end >= 0.0 {
        (HPos::Left, BESIDE_PX)
    } else {
        (HPos::Right, -BESIDE_PX)
    };
    let anchor = Pos::new(pos, VPos::Center);
    draw_value_label(root, format, value, (x + dx, y), anchor, layout, colour)
}

/// The margin after the longest bar: room for its value label (a stack's total).
fn hbar_value_room(
    data: &ChartData,
    series: &[Series],
    stacked: bool,
    format: &NumberFormat,
    layout: &Layout,
    show_values: bool,
) -> u32 {
    if !show_values {
        return LABEL_GAP_PX;
    }
    let labels: Vec<String> = if stacked {
        (0..data.categories.len())
            .map(|i| value_label(format, Stack::of(data, i).total().0))
            .collect()
    } else {
        series
            .iter()
            .flat_map(|s| s.values.iter().flatten().map(|v| value_label(format, *v)))
            .collect()
    };
    label_width(labels.into_iter(), layout.text, Weight::Bold)
}

/// Vertical bars: simple, grouped (several series side by side) or stacked, laid out by
/// `columns` (whose category axis says how the labels are set).
pub(crate) fn draw_columns<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    spec: &ChartSpec,
    data: &ChartData,
    format: &NumberFormat,
    layout: &Layout,
    (columns, axis): (&ColumnLayout, &CategoryAxis),
) -> DrawResult<()>
where
    DB::ErrorType: 'static,
{
    let n = data.categories.len();
    let k = data.series.len();
    let stacked = spec.kind == ChartType::StackedBar;
    let (lo, hi) = (columns.lo, columns.hi);
    // Value labels by default only where each fits over its bar.
    let bar_px = columns.plot_px * BAND / (n * k) as f64;
    let fits = value_labels_fit(data, format, layout, bar_px);
    let percent = spec.is_percent();
    let show_values = spec.value_labels.unwrap_or((k == 1 && fits) || percent);
    // A bar's value (a stack's total) is written beyond the bar, which can reach the plot's
    // edge: room for it above, and below when a stack ends below zero (the category labels
    // move down). A 100 % stack writes its shares inside, and no total.
    let total_px = (layout.text.ceil() as i32) + VALUE_RISE_PX;
    let totals = stacked && show_values && !percent;
    let above = if show_values && !percent { total_px } else { 0 };
    let below = if totals && (0..n).any(|i| Stack::of(data, i).total().1 < 0.0) {
        total_px
    } else {
        0
    };
    // Wrapped labels take more room under the axis.
    let extra_lines = (axis.lines() - 1) as f64 * layout.line_px();
    let mut chart = ChartBuilder::on(root)
        .margin_top(top_margin(spec) + above)
        .margin_right(COLUMNS_RIGHT_PX)
        .x_label_area_size(x_axis_area(spec) + extra_lines as i32 + below)
        .y_label_area_size(columns.y_area)
        .build_cartesian_2d(0f64..n as f64, lo..hi)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_labels(tick_count(lo, hi, columns.step))
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
    // On a numeric axis, a label that would touch the previous one shown is left out.
    let mut last_label_right = f64::NEG_INFINITY;
    let mut drawn = Drawn::default();
    for (i, category) in data.categories.iter().enumerate() {
        let left = i as f64 + (1.0 - BAND) / 2.0;
        let mut stack = Stack::default();
        let segments = data.series.iter().filter(|s| s.values[i].is_some()).count();
        if stacked && segments == 0 {
            let slot = (left, left + BAND);
            draw_no_data(
                root,
                &chart,
                slot,
                (lo, hi),
                &no_data_title(category, None),
                layout,
            )?;
        }
        for (s, series) in data.series.iter().enumerate() {
            let Some(value) = series.values[i] else {
                if !stacked {
                    let w = BAND / k as f64;
                    let slot = (left + w * s as f64, left + w * (s as f64 + 1.0));
                    let title = no_data_title(category, (k > 1).then_some(series.label.as_str()));
                    draw_no_data(root, &chart, slot, (lo, hi), &title, layout)?;
                }
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
            drawn.rects.push([(x0, y0), (x1, y1)]);
            let mut bar = Rectangle::new([(x0, y0), (x1, y1)], colour.filled());
            bar.set_margin(0, 0, BAR_INSET_PX, BAR_INSET_PX);
            chart.draw_series(std::iter::once(bar))?;
            if !show_values {
                continue;
            }
            if stacked {
                // Inside its segment, or not at all: above the stack it would read as the
                // total. A lone segment's value is the total, written once.
                if segments > 1 || percent {
                    let corners = [(x0, y0), (x1, y1)];
                    draw_segment_value(root, &chart, format, (s, value), corners, layout)?;
                }
            } else {
                let at = chart.backend_coord(&((x0 + x1) / 2.0, y1));
                draw_value_over(root, format, (value, value), at, layout, svg::VALUE_LABEL)?;
            }
        }
        if totals && segments > 0 {
            let (total, end) = stack.total();
            let at = chart.backend_coord(&(i as f64 + 0.5, end));
            draw_value_over(root, format, (total, end), at, layout, svg::VALUE_TOTAL)?;
        }
        let (x, y) = chart.backend_coord(&(i as f64 + 0.5, lo));
        let at = (x, y + below);
        match axis {
            CategoryAxis::Thinned => {
                draw_thinned_label(root, category, at, layout, &mut last_label_right)?
            }
            CategoryAxis::Labels(labels) => draw_category_label(root, &labels[i], at, layout)?,
        }
    }
    finish(root, &mut chart, (spec, data), &drawn, layout)
}

/// A value over the end of a vertical bar, or under it when the bar runs below zero (`end` is
/// where it ends, as for [`draw_value_beside`]).
fn draw_value_over<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    format: &NumberFormat,
    (value, end): (f64, f64),
    (x, y): (i32, i32),
    layout: &Layout,
    colour: RGBColor,
) -> DrawResult<()>
where
    DB::ErrorType: 'static,
{
    let (vpos, dy) = if end >= 0.0 {
        (VPos::Bottom, -VALUE_RISE_PX)
    } else {
        (VPos::Top, VALUE_RISE_PX)
    };
    let anchor = Pos::new(HPos::Center, vpos);
    draw_value_label(root, format, value, (x, y + dy), anchor, layout, colour)
}

/// Series `s`'s segment value, centred inside the segment between `corners` (chart
/// coordinates) when it fits there with `SEGMENT_PAD_PX` around it; else left out (the data
/// table under the chart has it). Its colour is the one that reads on the series' fill.
fn draw_segment_value<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &Chart<'_, DB>,
    format: &NumberFormat,
    (s, value): (usize, f64),
    corners: [(f64, f64); 2],
    layout: &Layout,
) -> DrawResult<()>
where
    DB::ErrorType: 'static,
{
    let (ax, ay) = chart.backend_coord(&corners[0]);
    let (bx, by) = chart.backend_coord(&corners[1]);
    let width = f64::from((ax - bx).abs()) - 2.0 * f64::from(BAR_INSET_PX);
    let height = f64::from((ay - by).abs());
    let text = value_label(format, value);
    let room = 2.0 * SEGMENT_PAD_PX;
    let fits = text_width(std::iter::once(text), layout.text, Weight::Bold) + room <= width
        && layout.text + room <= height;
    if fits {
        let centre = ((ax + bx) / 2, (ay + by) / 2);
        let anchor = Pos::new(HPos::Center, VPos::Center);
        draw_value_label(
            root,
            format,
            value,
            centre,
            anchor,
            layout,
            svg::segment_value_colour(s),
        )?;
    }
    Ok(())
}

/// What a "no data" mark's `<title>` says: the category, and the series when there are
/// several.
fn no_data_title(category: &str, series: Option<&str>) -> String {
    match series {
        Some(label) => format!("No data for {category} ({label})"),
        None => format!("No data for {category}"),
    }
}

/// The mark of a missing column: "n/a" (or a dash, in a slot too narrow for it) centred on
/// the slot `x0..x1` (chart coordinates), on the baseline's side of the plot that has room,
/// its `title` kept as the text's `<title>`. An empty slot alone reads as a broken chart.
fn draw_no_data<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &Chart<'_, DB>,
    (x0, x1): (f64, f64),
    (lo, hi): (f64, f64),
    title: &str,
    layout: &Layout,
) -> DrawResult<()>
where
    DB::ErrorType: 'static,
{
    let baseline = 0f64.clamp(lo, hi);
    let (ax, y) = chart.backend_coord(&(x0, baseline));
    let (bx, _) = chart.backend_coord(&(x1, baseline));
    let width = f64::from(bx - ax) - 2.0 * f64::from(BAR_INSET_PX);
    let fits = |mark: &str| {
        text_width(
            std::iter::once(mark.to_string()),
            layout.text,
            Weight::Regular,
        ) <= width
    };
    let mark = if fits(NO_DATA_MARK) {
        NO_DATA_MARK
    } else {
        NO_DATA_SHORT
    };
    // Above the baseline, unless it is the plot's top (every value below zero).
    let (vpos, dy) = if baseline < hi {
        (VPos::Bottom, -VALUE_RISE_PX)
    } else {
        (VPos::Top, VALUE_RISE_PX)
    };
    let style = font(layout.text, svg::NO_DATA).pos(Pos::new(HPos::Center, vpos));
    let text = format!("{mark}{FULL_TEXT_MARK}{title}");
    root.draw(&Text::new(text, ((ax + bx) / 2, y + dy), style))?;
    Ok(())
}

/// Whether the widest value label fits over a bar `bar_px` wide.
fn value_labels_fit(data: &ChartData, format: &NumberFormat, layout: &Layout, bar_px: f64) -> bool {
    let widest = data
        .series
        .iter()
        .flat_map(|s| s.values.iter().flatten().map(|v| value_label(format, *v)));
    text_width(widest, layout.text, Weight::Bold) <= bar_px + VALUE_OVERHANG_PX
}

/// A bar's value, written at `at`.
fn draw_value_label<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    format: &NumberFormat,
    value: f64,
    at: (i32, i32),
    anchor: Pos,
    layout: &Layout,
    colour: RGBColor,
) -> DrawResult<()>
where
    DB::ErrorType: 'static,
{
    let style = font(layout.text, colour).pos(anchor);
    root.draw(&Text::new(value_label(format, value), at, style))?;
    Ok(())
}

/// A numeric x axis' label under its bars, centred at `at`, unless it would touch the
/// previous label shown (which ends at `last_right`).
fn draw_thinned_label<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    category: &str,
    (x, y): (i32, i32),
    layout: &Layout,
    last_right: &mut f64,
) -> DrawResult<()>
where
    DB::ErrorType: 'static,
{
    let half = text_width(
        std::iter::once(category.to_string()),
        layout.text,
        Weight::Regular,
    ) / 2.0;
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

/// A category's label under its slot, centred at `at`: its lines one under the other, the
/// full text of a shortened one kept as its `<title>`.
fn draw_category_label<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    label: &CategoryLabel,
    (x, y): (i32, i32),
    layout: &Layout,
) -> DrawResult<()>
where
    DB::ErrorType: 'static,
{
    let line_px = layout.line_px();
    for j in 0..label.lines.len() {
        let top = y + CATEGORY_DROP_PX + (j as f64 * line_px) as i32;
        root.draw(&Text::new(
            label.drawn(j),
            (x, top),
            font(layout.text, svg::CATEGORY_LABEL).pos(Pos::new(HPos::Center, VPos::Top)),
        ))?;
    }
    Ok(())
}
