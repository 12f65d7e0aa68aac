//! Annotations: a dashed vertical line (or a marked point) and its wrapped label, the label
//! placed clear of the data and of the other annotations. The chart knows its geometry (the
//! lines' segments, the bars' rectangles), so each label tries places beside its mark, nearest
//! first, and takes the first that touches nothing; when none is free, the one that touches
//! least.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{Chart, DrawResult, font};
use crate::blocks::chart::layout::{Layout, text_width, wrap};
use crate::blocks::chart::measure::Weight;
use crate::blocks::chart::series::ChartData;
use crate::blocks::chart::spec::ChartSpec;
use crate::blocks::chart::style::{
    ANNOTATION_CLEAR_PX, ANNOTATION_FLIP_SHARE, ANNOTATION_MIN_EMS, ANNOTATION_RADIUS_PX,
    ANNOTATION_SPACE_PX, ANNOTATION_STROKE_PX, ANNOTATION_WIDTH_SHARE, BESIDE_PX, EDGE_PX,
};
use crate::blocks::svg;

/// A box in pixels: x0, y0, x1, y1.
type PxBox = (f64, f64, f64, f64);
type Segment = ((f64, f64), (f64, f64));

/// What the chart drew that a label must keep clear of, in chart coordinates.
#[derive(Default)]
pub(crate) struct Drawn {
    /// The lines' segments (a lone point is a segment of no length).
    pub(crate) segments: Vec<Segment>,
    /// The bars: two opposite corners each.
    pub(crate) rects: Vec<[(f64, f64); 2]>,
}

/// Where everything already on the plot is, in pixels.
struct Obstacles {
    segments: Vec<Segment>,
    boxes: Vec<PxBox>,
}

impl Obstacles {
    /// How many things `b` touches (kept `ANNOTATION_CLEAR_PX` apart from).
    fn hits(&self, b: PxBox) -> usize {
        let pad = ANNOTATION_CLEAR_PX;
        let grown = (b.0 - pad, b.1 - pad, b.2 + pad, b.3 + pad);
        self.segments
            .iter()
            .filter(|s| segment_meets_box(**s, grown))
            .count()
            + self.boxes.iter().filter(|o| overlap(**o, grown)).count()
    }
}

fn overlap(a: PxBox, b: PxBox) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// Whether a segment crosses or lies in a box (Liang–Barsky clipping).
fn segment_meets_box(((x0, y0), (x1, y1)): Segment, b: PxBox) -> bool {
    let (dx, dy) = (x1 - x0, y1 - y0);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [
        (-dx, x0 - b.0),
        (dx, b.2 - x0),
        (-dy, y0 - b.1),
        (dy, b.3 - y0),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return false;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
            if t0 > t1 {
                return false;
            }
        }
    }
    true
}

/// One annotation resolved on the plot: its mark's position in pixels and its label.
struct Mark {
    px: f64,
    py: f64,
    point: bool,
    /// Its label to the right of the mark (else to the left).
    right: bool,
    lines: Vec<String>,
    width: f64,
}

/// Draws the spec's annotations: each mark, then each label where it is clear of `drawn`, of
/// every mark and of the labels placed before it.
pub(crate) fn draw_annotations<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &mut Chart<'_, DB>,
    spec: &ChartSpec,
    data: &ChartData,
    drawn: &Drawn,
    layout: &Layout,
) -> DrawResult<()>
where
    DB::ErrorType: 'static,
{
    let (x_range, y_range) = (chart.x_range(), chart.y_range());
    let plot_width = chart.plotting_area().dim_in_pixel().0 as f64;
    let max_px = (plot_width * ANNOTATION_WIDTH_SHARE).max(ANNOTATION_MIN_EMS * layout.text);
    let mut obstacles = Obstacles {
        segments: drawn
            .segments
            .iter()
            .map(|(a, b)| (px(chart, a), px(chart, b)))
            .collect(),
        boxes: drawn
            .rects
            .iter()
            .map(|[a, b]| {
                let (a, b) = (px(chart, a), px(chart, b));
                (a.0.min(b.0), a.1.min(b.1), a.0.max(b.0), a.1.max(b.1))
            })
            .collect(),
    };
    let plot = {
        let (left, top) = px(chart, &(x_range.start, y_range.end));
        let (right, bottom) = px(chart, &(x_range.end, y_range.start));
        (left, top, right, bottom)
    };
    // A label may reach into the margins beside the plot, not beyond the drawing's edges.
    let edge = f64::from(EDGE_PX);
    let bounds = (
        edge,
        plot.1,
        f64::from(root.dim_in_pixel().0) - edge,
        plot.3,
    );
    // The marks first, so every label keeps clear of every mark.
    let mut marks = Vec::new();
    for annotation in &spec.annotations {
        let annotation = &annotation.value;
        let Some(x) = data.annotation_x(&annotation.x, spec.kind) else {
            continue;
        };
        let anchor_y = match annotation.y {
            Some(y) => {
                chart.draw_series(std::iter::once(Circle::new(
                    (x, y),
                    ANNOTATION_RADIUS_PX,
                    svg::ANNOTATION.stroke_width(ANNOTATION_STROKE_PX),
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
        let (mx, my) = px(chart, &(x, anchor_y));
        if annotation.y.is_some() {
            let r = f64::from(ANNOTATION_RADIUS_PX + 1);
            obstacles.boxes.push((mx - r, my - r, mx + r, my + r));
        } else {
            obstacles.segments.push(((mx, plot.1), (mx, plot.3)));
        }
        let lines = wrap(&annotation.label, max_px, layout.text);
        // Italic is the regular face slanted by the browser: the same advances.
        let width = text_width(lines.iter().cloned(), layout.text, Weight::Regular);
        marks.push(Mark {
            px: mx,
            py: my,
            point: annotation.y.is_some(),
            right: (x - x_range.start) / (x_range.end - x_range.start) <= ANNOTATION_FLIP_SHARE,
            lines,
            width,
        });
    }
    let line_px = layout.line_px();
    for mark in &marks {
        let height = line_px * mark.lines.len() as f64;
        let (x0, top, right) = place(mark, height, bounds, &obstacles, line_px);
        obstacles
            .boxes
            .push((x0, top, x0 + mark.width, top + height));
        let (pos, x) = if right {
            (HPos::Left, x0)
        } else {
            (HPos::Right, x0 + mark.width)
        };
        for (j, line) in mark.lines.iter().enumerate() {
            root.draw(&Text::new(
                line.clone(),
                (x.round() as i32, (top + j as f64 * line_px).round() as i32),
                font(layout.text, svg::ANNOTATION).pos(Pos::new(pos, VPos::Top)),
            ))?;
        }
    }
    Ok(())
}

/// A point of the chart in pixels.
fn px<DB: DrawingBackend>(chart: &Chart<'_, DB>, p: &(f64, f64)) -> (f64, f64) {
    let (x, y) = chart.backend_coord(p);
    (f64::from(x), f64::from(y))
}

/// Where a label of `height` goes: its box's left and top, and whether it is on the mark's
/// right. Places beside the mark are tried nearest first, its preferred side before the
/// other: down from the plot's top beside a line, above then below a point, further away
/// each round. The first that touches nothing wins; else the one that touches least.
fn place(
    mark: &Mark,
    height: f64,
    bounds: PxBox,
    obstacles: &Obstacles,
    step: f64,
) -> (f64, f64, bool) {
    let beside = f64::from(BESIDE_PX);
    let space = f64::from(ANNOTATION_SPACE_PX);
    // A point's label starts beyond its circle.
    let gap = if mark.point {
        beside + f64::from(ANNOTATION_RADIUS_PX)
    } else {
        beside
    };
    // Beside the mark, moved in from an edge it would cross.
    let left_of = |right: bool| {
        let x0 = if right {
            mark.px + gap
        } else {
            mark.px - gap - mark.width
        };
        x0.min(bounds.2 - mark.width).max(bounds.0)
    };
    let mut candidates: Vec<(f64, f64, bool)> = Vec::new();
    let rounds = ((bounds.3 - bounds.1) / (step / 2.0)).ceil().max(1.0) as usize;
    for k in 0..=rounds {
        let shift = k as f64 * step / 2.0;
        for right in [mark.right, !mark.right] {
            let x0 = left_of(right);
            if mark.point {
                candidates.push((x0, mark.py - step - shift, right));
                candidates.push((x0, mark.py + space + shift, right));
            } else {
                candidates.push((x0, bounds.1 + space + shift, right));
            }
        }
    }
    let inside = |&(x0, top, _): &(f64, f64, bool)| {
        x0 >= bounds.0 && x0 + mark.width <= bounds.2 && top >= bounds.1 && top + height <= bounds.3
    };
    let hits =
        |&(x0, top, _): &(f64, f64, bool)| obstacles.hits((x0, top, x0 + mark.width, top + height));
    let first = candidates[0];
    candidates
        .iter()
        .filter(|c| inside(c))
        .find(|c| hits(c) == 0)
        .or_else(|| {
            candidates
                .iter()
                .filter(|c| inside(c))
                .min_by_key(|c| hits(c))
        })
        .copied()
        .unwrap_or(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_meet_boxes_they_cross_or_enter() {
        let b = (10.0, 10.0, 20.0, 20.0);
        assert!(segment_meets_box(((0.0, 15.0), (30.0, 15.0)), b), "across");
        assert!(segment_meets_box(((12.0, 12.0), (14.0, 14.0)), b), "inside");
        assert!(segment_meets_box(((0.0, 0.0), (30.0, 30.0)), b), "diagonal");
        assert!(!segment_meets_box(((0.0, 0.0), (30.0, 5.0)), b), "above");
        assert!(
            !segment_meets_box(((0.0, 30.0), (9.0, 21.0)), b),
            "beside a corner"
        );
        assert!(
            segment_meets_box(((15.0, 15.0), (15.0, 15.0)), b),
            "a point inside"
        );
    }
}
