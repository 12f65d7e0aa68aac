//! Chart geometry: the wide and narrow layouts, the height of a chart, nice axis bounds and
//! ticks, estimated label widths, word wrap, and the rows of a horizontal bar chart.

use super::series::ChartData;
use super::spec::{ChartSpec, ChartType};
use super::style::{
    CHAR_EM, HBAR_AXIS_PX, HBAR_BAR_PX, HBAR_BOTTOM_PX, HBAR_GAP_PX, HBAR_LABEL_BAR_PX,
    HBAR_LABEL_INSET_PX, HBAR_MIN_CHARS, HBAR_TOP_PX, LABEL_GAP_PX, LINE_HEIGHT,
    MAX_TICK_INTERVALS, TICK_INTERVALS,
};

/// Chart geometry, in SVG user units (the viewBox): the chart scales with its column. Each
/// chart is drawn twice, wide and narrow; CSS shows the one that fits its column, so text
/// stays readable (about 13 px) from a 360 px phone to a desktop.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Layout {
    pub(crate) width: u32,
    pub(crate) height: u32,
    /// Text size in px (user units) for ticks and labels.
    pub(crate) text: f64,
    pub(crate) max_x_ticks: usize,
    /// `wide` or `narrow`: the SVG's class, and part of its element ids.
    pub(crate) variant: &'static str,
}

pub(crate) const WIDE: Layout = Layout {
    width: 640,
    height: 360,
    text: 13.0,
    max_x_ticks: 8,
    variant: "wide",
};

pub(crate) const NARROW: Layout = Layout {
    width: 340,
    height: 280,
    text: 12.5,
    max_x_ticks: 4,
    variant: "narrow",
};

impl Layout {
    /// The distance between the lines of a wrapped label, in whole px.
    pub(crate) fn line_px(&self) -> f64 {
        (self.text * LINE_HEIGHT).round()
    }
}

/// The height of a chart drawn at `layout`: hbar charts grow with their rows.
pub(crate) fn chart_height(spec: &ChartSpec, data: &ChartData, layout: &Layout) -> u32 {
    match spec.kind {
        ChartType::Hbar => HbarRows::new(data, layout).height(),
        _ => layout.height,
    }
}

/// Nice axis bounds: round outward to a step of 1, 2, 2.5 or 5 × 10ⁿ (about `TICK_INTERVALS`
/// intervals).
pub(crate) fn nice_bounds(lo: f64, hi: f64) -> (f64, f64, f64) {
    let (lo, hi) = if (hi - lo).abs() < f64::EPSILON {
        if hi == 0.0 {
            (0.0, 1.0)
        } else {
            (lo.min(0.0), hi.max(0.0) + hi.abs() * 0.1)
        }
    } else {
        (lo, hi)
    };
    let raw_step = (hi - lo) / TICK_INTERVALS;
    let magnitude = 10f64.powf(raw_step.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw_step)
        .unwrap_or(10.0 * magnitude);
    ((lo / step).floor() * step, (hi / step).ceil() * step, step)
}

/// The value range a chart shows: bars always include zero.
pub(crate) fn value_bounds(
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

pub(crate) fn tick_count(lo: f64, hi: f64, step: f64) -> usize {
    // Clamped as a float: `y_min`/`y_max` far from the data's step (1e308) made the count
    // overflow usize (found by the fuzz smoke test).
    let intervals = ((hi - lo) / step).round();
    if intervals.is_finite() {
        intervals.clamp(1.0, MAX_TICK_INTERVALS) as usize + 1
    } else {
        2
    }
}

/// Estimated width in px of the widest of `labels` at `px` text size, plus a gap.
pub(crate) fn label_width(labels: impl Iterator<Item = String>, px: f64) -> u32 {
    let chars = labels.map(|l| l.chars().count()).max().unwrap_or(1) as f64;
    (chars * CHAR_EM * px).ceil() as u32 + LABEL_GAP_PX
}

/// Estimated width in px of the widest of `labels` at `px` text size, without the gap.
pub(crate) fn text_width(labels: impl Iterator<Item = String>, px: f64) -> f64 {
    f64::from(label_width(labels, px)) - f64::from(LABEL_GAP_PX)
}

/// Horizontal-bar rows: each category's label (wrapped to the chart's width) above its bar.
pub(crate) struct HbarRows {
    pub(crate) labels: Vec<Vec<String>>,
    pub(crate) line_px: f64,
    /// Height of one row in px: label lines, the bar, a gap.
    pub(crate) row_px: f64,
}

impl HbarRows {
    pub(crate) fn new(data: &ChartData, layout: &Layout) -> HbarRows {
        let max_chars = ((f64::from(layout.width) - HBAR_LABEL_INSET_PX) / (CHAR_EM * layout.text))
            .floor() as usize;
        let labels: Vec<Vec<String>> = data
            .categories
            .iter()
            .map(|c| wrap(c, max_chars.max(HBAR_MIN_CHARS)))
            .collect();
        let lines = labels.iter().map(Vec::len).max().unwrap_or(1) as f64;
        let line_px = layout.line_px();
        HbarRows {
            row_px: lines * line_px + HBAR_LABEL_BAR_PX + HBAR_BAR_PX + HBAR_GAP_PX,
            line_px,
            labels,
        }
    }

    pub(crate) fn height(&self) -> u32 {
        (self.labels.len() as f64 * self.row_px).ceil() as u32
            + HBAR_TOP_PX as u32
            + HBAR_AXIS_PX
            + HBAR_BOTTOM_PX
    }
}

/// Greedy word wrap to `max` characters a line (a longer word is split).
pub(crate) fn wrap(text: &str, max: usize) -> Vec<String> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
