//! A donut: one series as slices of a ring, largest first clockwise from twelve o'clock, each
//! labelled directly with its category, share and value. In the wide drawing the labels sit
//! beside the ring (right half's slices on the right, left half's on the left), moved apart
//! so no two touch, each joined to its slice by a leader line; in the narrow drawing (a
//! phone) they are listed under the ring, each with a swatch of its slice's colour. The total
//! is written in the hole when it fits; missing values are listed as "n/a" under the chart.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{DrawResult, font, value_label};
use crate::blocks::chart::layout::{Layout, text_width};
use crate::blocks::chart::measure::Weight;
use crate::blocks::chart::series::ChartData;
use crate::blocks::chart::share::{OTHER, Slice, slices};
use crate::blocks::chart::spec::ChartSpec;
use crate::blocks::chart::style::{
    BESIDE_PX, DONUT_ARC_STEP_DEG, DONUT_BESIDE_MIN_WIDTH, DONUT_BLOCK_GAP_PX, DONUT_HOLE,
    DONUT_LEADER_PX, DONUT_MARGIN_PX, DONUT_RADIUS_PX, DONUT_RADIUS_SHARE, DONUT_TOTAL_EM, EDGE_PX,
    FILE_SWATCH_PX, NO_DATA_MARK,
};
use crate::blocks::svg;
use crate::format::NumberFormat;

/// Draws a donut; returns the inside of its `<svg>` and its height.
pub(crate) fn draw_donut(
    spec: &ChartSpec,
    data: &ChartData,
    format: &NumberFormat,
    layout: &Layout,
) -> DrawResult<(String, u32)> {
    let other = spec
        .other_label
        .as_ref()
        .map_or(OTHER, |l| l.value.as_str());
    let plan = DonutPlan::new(data, &slices(data, other), format, layout);
    let height = plan.height.ceil() as u32;
    let mut out = String::new();
    let root = svg::HouseSvg::new(&mut out, (layout.width, height)).into_drawing_area();
    let mut start = 0.0;
    for (i, slice) in plan.slices.iter().enumerate() {
        let end = start + slice.share * 3.6;
        let colour = if slice.other {
            svg::BAR_MUTED
        } else {
            svg::bar_colour(i)
        };
        let points = ring_points(plan.centre, (plan.inner, plan.outer), (start, end));
        root.draw(&Polygon::new(points, colour.filled()))?;
        start = end;
    }
    for block in &plan.blocks {
        draw_block(&root, block, &plan, layout)?;
    }
    if spec.center_total.as_ref().is_none_or(|t| t.value) {
        draw_total(&root, &plan, format, layout)?;
    }
    let line_px = layout.line_px();
    for (j, category) in plan.missing.iter().enumerate() {
        let y = plan.missing_top + j as f64 * line_px;
        root.draw(&Text::new(
            category.clone(),
            (EDGE_PX as i32, y.round() as i32),
            font(layout.text, svg::NO_DATA).pos(Pos::new(HPos::Left, VPos::Top)),
        ))?;
    }
    root.present()?;
    drop(root);
    Ok((out, height))
}

/// The ring between radii `inner` and `outer` from `start` to `end` degrees (clockwise from
/// twelve o'clock), as a polygon: the outer arc, then the inner one back.
fn ring_points(
    (cx, cy): (f64, f64),
    (inner, outer): (f64, f64),
    (start, end): (f64, f64),
) -> Vec<(i32, i32)> {
    let steps = ((end - start) / DONUT_ARC_STEP_DEG).ceil().max(1.0) as usize;
    let at = |r: f64, deg: f64| {
        let (sin, cos) = deg.to_radians().sin_cos();
        ((cx + r * sin).round() as i32, (cy - r * cos).round() as i32)
    };
    let angle = |j: usize| start + (end - start) * j as f64 / steps as f64;
    let mut points: Vec<(i32, i32)> = (0..=steps).map(|j| at(outer, angle(j))).collect();
    points.extend((0..=steps).rev().map(|j| at(inner, angle(j))));
    points
}

/// One slice's label: its category's lines, then its share and value.
struct Block {
    lines: Vec<String>,
    value: String,
    slice: usize,
    /// Where its lines start (left edge, or right edge when `right_aligned`) and its top.
    x: f64,
    top: f64,
    right_aligned: bool,
    /// The slice's edge the leader line starts from (labels beside the ring).
    leader_from: Option<(f64, f64)>,
}

impl Block {
    fn height(&self, line_px: f64) -> f64 {
        (self.lines.len() + 1) as f64 * line_px
    }
}

/// Where everything of a donut goes.
struct DonutPlan {
    slices: Vec<Slice>,
    blocks: Vec<Block>,
    centre: (f64, f64),
    inner: f64,
    outer: f64,
    /// "Category: n/a" for each missing value (wrapped to the width), from `missing_top`.
    missing: Vec<String>,
    missing_top: f64,
    total: f64,
    height: f64,
}

impl DonutPlan {
    fn new(data: &ChartData, slices: &[Slice], format: &NumberFormat, layout: &Layout) -> Self {
        let width = f64::from(layout.width);
        let outer = DONUT_RADIUS_PX.min(width * DONUT_RADIUS_SHARE);
        let line_px = layout.line_px();
        let value = |s: &Slice| {
            let share = crate::blocks::chart::share::share_format(format, 0).format(s.share);
            format!("{share} ({})", value_label(format, s.value))
        };
        let missing: Vec<String> = data
            .series
            .first()
            .map(|s| {
                data.categories
                    .iter()
                    .zip(&s.values)
                    .filter(|(_, v)| v.is_none())
                    .flat_map(|(c, _)| {
                        let edge = 2.0 * f64::from(EDGE_PX);
                        wrap_px(&format!("{c}: {NO_DATA_MARK}"), width - edge, layout.text)
                    })
                    .collect()
            })
            .unwrap_or_default();
        let missing_px = missing.len() as f64 * line_px;
        let total = slices.iter().map(|s| s.value).sum();
        let mut blocks = Vec::new();
        let (centre, height, missing_top);
        if layout.width >= DONUT_BESIDE_MIN_WIDTH {
            // Beside the ring: a column each side.
            let column =
                width / 2.0 - outer - DONUT_LEADER_PX - f64::from(BESIDE_PX) - f64::from(EDGE_PX);
            let mut start = 0.0;
            let mut mids = Vec::new();
            for (i, slice) in slices.iter().enumerate() {
                let mid = start + slice.share * 1.8;
                start += slice.share * 3.6;
                mids.push(mid);
                blocks.push(Block {
                    lines: wrap_px(&slice.label, column, layout.text),
                    value: value(slice),
                    slice: i,
                    x: 0.0,
                    top: 0.0,
                    right_aligned: mid >= 180.0,
                    leader_from: None,
                });
            }
            let side_px = |right: bool| -> f64 {
                blocks
                    .iter()
                    .filter(|b| b.right_aligned != right)
                    .map(|b| b.height(line_px) + DONUT_BLOCK_GAP_PX)
                    .sum()
            };
            let needed = side_px(true).max(side_px(false));
            let ring = 2.0 * (outer + DONUT_MARGIN_PX);
            let chart = ring.max(needed + 2.0 * DONUT_MARGIN_PX);
            centre = (width / 2.0, chart / 2.0);
            missing_top = chart;
            height = chart
                + missing_px
                + if missing.is_empty() {
                    0.0
                } else {
                    DONUT_MARGIN_PX
                };
            for (block, mid) in blocks.iter_mut().zip(&mids) {
                let (sin, cos) = mid.to_radians().sin_cos();
                let reach = outer + DONUT_LEADER_PX;
                block.leader_from = Some((centre.0 + outer * sin, centre.1 - outer * cos));
                block.x = if block.right_aligned {
                    centre.0 - reach - f64::from(BESIDE_PX)
                } else {
                    centre.0 + reach + f64::from(BESIDE_PX)
                };
                // Wanted: the block's middle level with where the leader points.
                block.top = centre.1 - reach * cos - block.height(line_px) / 2.0;
            }
            for right in [false, true] {
                let mut side: Vec<&mut Block> = blocks
                    .iter_mut()
                    .filter(|b| b.right_aligned == right)
                    .collect();
                spread(
                    &mut side,
                    line_px,
                    (DONUT_MARGIN_PX, chart - DONUT_MARGIN_PX),
                );
            }
        } else {
            // Under the ring: a list, each label after a swatch of its slice's colour.
            let swatch = f64::from(FILE_SWATCH_PX) + f64::from(BESIDE_PX);
            let column = width - 2.0 * f64::from(EDGE_PX) - swatch;
            centre = (width / 2.0, DONUT_MARGIN_PX + outer);
            let mut top = 2.0 * (outer + DONUT_MARGIN_PX);
            for (i, slice) in slices.iter().enumerate() {
                let block = Block {
                    lines: wrap_px(&slice.label, column, layout.text),
                    value: value(slice),
                    slice: i,
                    x: f64::from(EDGE_PX) + swatch,
                    top,
                    right_aligned: false,
                    leader_from: None,
                };
                top += block.height(line_px) + DONUT_BLOCK_GAP_PX;
                blocks.push(block);
            }
            missing_top = top;
            height = top + missing_px + DONUT_MARGIN_PX;
        }
        DonutPlan {
            slices: slices.to_vec(),
            blocks,
            centre,
            inner: outer * DONUT_HOLE,
            outer,
            missing,
            missing_top,
            total,
            height,
        }
    }
}

/// Moves one side's blocks (each at its wanted top) apart so none overlaps the next, within
/// `(top, bottom)`: down from the top, then back up from the bottom if the last runs over.
fn spread(side: &mut [&mut Block], line_px: f64, (top, bottom): (f64, f64)) {
    side.sort_by(|a, b| a.top.total_cmp(&b.top));
    let mut next = top;
    for block in side.iter_mut() {
        block.top = block.top.max(next);
        next = block.top + block.height(line_px) + DONUT_BLOCK_GAP_PX;
    }
    let mut limit = bottom;
    for block in side.iter_mut().rev() {
        let h = block.height(line_px);
        block.top = block.top.min(limit - h);
        limit = block.top - DONUT_BLOCK_GAP_PX;
    }
}

/// A label block: its leader line or swatch, the category's lines, the share and value.
fn draw_block<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    block: &Block,
    plan: &DonutPlan,
    layout: &Layout,
) -> DrawResult<()>
where
    DB::ErrorType: 'static,
{
    let line_px = layout.line_px();
    let other = plan.slices[block.slice].other;
    let colour = if other {
        svg::BAR_MUTED
    } else {
        svg::bar_colour(block.slice)
    };
    let h = if block.right_aligned {
        HPos::Right
    } else {
        HPos::Left
    };
    let x = block.x.round() as i32;
    let first_middle = block.top + line_px / 2.0;
    match block.leader_from {
        Some((fx, fy)) => {
            let dx = if block.right_aligned { 3.0 } else { -3.0 };
            let to = ((block.x + dx).round() as i32, first_middle.round() as i32);
            let from = (fx.round() as i32, fy.round() as i32);
            root.draw(&PathElement::new(vec![from, to], svg::AXIS.stroke_width(1)))?;
        }
        None => {
            let size = FILE_SWATCH_PX as i32;
            let left = x - size - BESIDE_PX;
            let top = (first_middle - f64::from(size) / 2.0).round() as i32;
            root.draw(&Rectangle::new(
                [(left, top), (left + size, top + size)],
                colour.filled(),
            ))?;
        }
    }
    let lines = block.lines.iter().map(|l| (l, svg::CATEGORY_LABEL));
    let value = std::iter::once((&block.value, svg::VALUE_LABEL));
    for (j, (text, class)) in lines.chain(value).enumerate() {
        let y = (block.top + j as f64 * line_px).round() as i32;
        root.draw(&Text::new(
            text.clone(),
            (x, y),
            font(layout.text, class).pos(Pos::new(h, VPos::Top)),
        ))?;
    }
    Ok(())
}

/// The total in the hole: larger than the labels when it fits so, else at their size, else
/// left out (the data table has every value).
fn draw_total<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    plan: &DonutPlan,
    format: &NumberFormat,
    layout: &Layout,
) -> DrawResult<()>
where
    DB::ErrorType: 'static,
{
    let text = value_label(format, plan.total);
    let room = 2.0 * plan.inner * 0.85;
    let size = [layout.text * DONUT_TOTAL_EM, layout.text]
        .into_iter()
        .find(|px| text_width(std::iter::once(text.clone()), px.ceil(), Weight::Bold) <= room);
    if let Some(px) = size {
        let at = (plan.centre.0.round() as i32, plan.centre.1.round() as i32);
        let style = font(px, svg::VALUE_TOTAL).pos(Pos::new(HPos::Center, VPos::Center));
        root.draw(&Text::new(text, at, style))?;
    }
    Ok(())
}

/// `text` wrapped to lines at most `max_px` wide at `px` text size, as the layout measures
/// text: at spaces, and a word wider than a line split where it must be.
fn wrap_px(text: &str, max_px: f64, px: f64) -> Vec<String> {
    let fits =
        |s: &str| text_width(std::iter::once(s.to_string()), px.ceil(), Weight::Regular) <= max_px;
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if fits(&candidate) {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        // The word alone, split while it does not fit.
        let mut rest: Vec<char> = word.chars().collect();
        while !fits(&rest.iter().collect::<String>()) && rest.len() > 1 {
            let mut cut = rest.len() - 1;
            while cut > 1 && !fits(&rest[..cut].iter().collect::<String>()) {
                cut -= 1;
            }
            lines.push(rest.drain(..cut).collect());
        }
        line = rest.into_iter().collect();
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lines_fit_and_keep_every_character() {
        let text = "Pneumonoultramicroscopicsilicovolcanoconiosis and the Democratic Republic";
        let lines = wrap_px(text, 90.0, 13.0);
        assert!(lines.len() > 2, "{lines:?}");
        for line in &lines {
            assert!(
                text_width(std::iter::once(line.clone()), 13.0, Weight::Regular) <= 90.0,
                "{line}"
            );
        }
        let joined: String = lines.concat();
        let squeezed: String = text.split_whitespace().collect();
        assert_eq!(joined.replace(' ', ""), squeezed);
    }
}
