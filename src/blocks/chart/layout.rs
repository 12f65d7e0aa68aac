//! Chart geometry: the wide and narrow layouts, the height of a chart, nice axis bounds and
//! ticks, measured label widths, word wrap, a column chart's category labels (or its switch
//! to horizontal bars), stacked totals, and the rows of a horizontal bar chart.

use super::measure::{self, Weight, measure};
use super::series::ChartData;
use super::spec::{ChartSpec, ChartType};
use super::style::{
    BESIDE_PX, CATEGORY_MAX_LINES, CATEGORY_MIN_EMS, CATEGORY_SPACE_PX, COLUMNS_RIGHT_PX, EDGE_PX,
    FULL_TEXT_MARK, HBAR_AXIS_PX, HBAR_BAR_PX, HBAR_BOTTOM_PX, HBAR_GAP_PX, HBAR_LABEL_BAR_PX,
    HBAR_MIN_EMS, HBAR_TICK_PAD_PX, HBAR_TOP_PX, LABEL_GAP_PX, LINE_HEIGHT, MAX_TICK_INTERVALS,
    TICK_INTERVALS,
};
use crate::format::NumberFormat;
use crate::text::markup_text;

/// Chart geometry, in SVG user units (the viewBox): the chart scales with its column. Each
/// chart is drawn twice, wide and narrow; CSS shows the one that fits its column, so text
/// stays readable (about 13 px) from a 360 px phone to a desktop.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Layout {
    pub(crate) width: u32,
    pub(crate) height: u32,
    /// Text size in px (user units) for ticks and labels: whole px, as the backend writes it,
    /// so the layout measures text at the size drawn.
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
    text: 13.0,
    max_x_ticks: 4,
    variant: "narrow",
};

impl Layout {
    /// The distance between the lines of a wrapped label, in whole px.
    pub(crate) fn line_px(&self) -> f64 {
        (self.text * LINE_HEIGHT).round()
    }
}

/// The height of a chart drawn at `layout`: hbar charts (and column charts drawn as hbars)
/// grow with their rows.
pub(crate) fn chart_height(
    spec: &ChartSpec,
    data: &ChartData,
    format: &NumberFormat,
    layout: &Layout,
) -> u32 {
    match spec.kind {
        ChartType::Hbar => HbarRows::of(spec, data, format, layout).height(),
        // A donut's height is its own layout's (`draw/donut.rs`).
        ChartType::Line | ChartType::Area | ChartType::Donut => layout.height,
        ChartType::Bar | ChartType::GroupedBar | ChartType::StackedBar => {
            match ColumnLayout::new(spec, data, format, layout).axis {
                Some(_) => layout.height,
                None => HbarRows::of(spec, data, format, layout).height(),
            }
        }
    }
}

/// Bars in one hbar row: one stack when stacked, else one per series (several series side by
/// side, whether the chart is `grouped-bar`, `bar` or `hbar`: every series named is drawn).
pub(crate) fn hbar_bars_per_row(spec: &ChartSpec, data: &ChartData) -> usize {
    if spec.kind == ChartType::StackedBar {
        1
    } else {
        data.series.len().max(1)
    }
}

/// The geometry of a column chart (vertical bars) decided before drawing: its value axis, and
/// how its category labels are set, or `axis: None` when the slots are too narrow for any
/// label and the chart is drawn as horizontal bars.
pub(crate) struct ColumnLayout {
    pub(crate) lo: f64,
    pub(crate) hi: f64,
    pub(crate) step: f64,
    /// Width of the y axis' tick labels.
    pub(crate) y_area: u32,
    /// Width of the plot: the slots of the categories.
    pub(crate) plot_px: f64,
    pub(crate) axis: Option<CategoryAxis>,
}

/// What a column chart's x axis shows under its slots.
pub(crate) enum CategoryAxis {
    /// A numeric x axis (years): continuous, so a label too close to the previous one shown is
    /// left out, as on a time axis.
    Thinned,
    /// Categories: every label, wrapped to its slot (shortened when it cannot be).
    Labels(Vec<CategoryLabel>),
}

/// One category's label under its slot.
pub(crate) struct CategoryLabel {
    pub(crate) lines: Vec<String>,
    /// The full text, when `lines` shorten it.
    pub(crate) full: Option<String>,
}

impl CategoryLabel {
    /// The text to draw for line `j`: the last line of a shortened label carries the full text
    /// after `FULL_TEXT_MARK` (the backend makes it the label's `<title>`).
    pub(crate) fn drawn(&self, j: usize) -> String {
        match &self.full {
            Some(full) if j + 1 == self.lines.len() => {
                format!("{}{FULL_TEXT_MARK}{full}", self.lines[j])
            }
            _ => self.lines[j].clone(),
        }
    }
}

impl CategoryAxis {
    /// The most lines a label takes.
    pub(crate) fn lines(&self) -> usize {
        match self {
            CategoryAxis::Thinned => 1,
            CategoryAxis::Labels(labels) => labels.iter().map(|l| l.lines.len()).max().unwrap_or(1),
        }
    }
}

impl ColumnLayout {
    pub(crate) fn new(
        spec: &ChartSpec,
        data: &ChartData,
        format: &NumberFormat,
        layout: &Layout,
    ) -> ColumnLayout {
        let stacked = spec.kind == ChartType::StackedBar;
        let (lo, hi, step) = value_bounds(spec, column_values(data, stacked).into_iter(), true);
        let y_area = label_width(
            tick_labels(lo, hi, step, format),
            layout.text,
            Weight::Regular,
        );
        let plot = f64::from(layout.width) - f64::from(y_area) - f64::from(COLUMNS_RIGHT_PX);
        let slot = plot / data.categories.len().max(1) as f64;
        // Totals wider than their slot would run into the next stack's: horizontal bars
        // write them at the end of each row instead.
        let totals_fit = !(stacked && spec.value_labels == Some(true) && !spec.is_percent())
            || totals_width(data, format, layout) <= slot - CATEGORY_SPACE_PX;
        ColumnLayout {
            lo,
            hi,
            step,
            y_area,
            plot_px: plot,
            axis: category_axis(data, slot, layout).filter(|_| totals_fit),
        }
    }
}

/// The number printed on a bar: exact in the author's format; shortened (`29.2T`) when the
/// author set none.
pub(crate) fn value_label(format: &NumberFormat, value: f64) -> String {
    match format.unlocalized() {
        NumberFormat::Auto => format.axis(value),
        _ => format.format(value),
    }
}

/// Width of the widest stack total (value labels are semibold: the bold face draws them).
fn totals_width(data: &ChartData, format: &NumberFormat, layout: &Layout) -> f64 {
    let totals =
        (0..data.categories.len()).map(|i| value_label(format, Stack::of(data, i).total().0));
    text_width(totals, layout.text, Weight::Bold)
}

/// How the category labels fit slots `slot` px wide; `None` when a slot is narrower than
/// `CATEGORY_MIN_EMS`.
fn category_axis(data: &ChartData, slot: f64, layout: &Layout) -> Option<CategoryAxis> {
    if data.xs.is_some() {
        return Some(CategoryAxis::Thinned);
    }
    let max_px = slot - CATEGORY_SPACE_PX;
    if max_px < CATEGORY_MIN_EMS * layout.text {
        return None;
    }
    Some(CategoryAxis::Labels(
        data.categories
            .iter()
            .map(|c| fit_label(c, max_px, CATEGORY_MAX_LINES, layout.text))
            .collect(),
    ))
}

/// A label wrapped to lines `max_px` wide at `px` text size, at most `max_lines` of them: a
/// word wider than a line, or a last line that does not fit, is cut with an ellipsis, and the
/// full text kept.
pub(crate) fn fit_label(text: &str, max_px: f64, max_lines: usize, px: f64) -> CategoryLabel {
    let text = markup_text(text);
    let fits = |s: &str| measure(s, px, Weight::Regular) <= max_px;
    let cut = |s: &str| measure::ellipsis(s, max_px, px, Weight::Regular);
    let mut shortened = false;
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| {
            if fits(w) {
                w.to_string()
            } else {
                shortened = true;
                cut(w)
            }
        })
        .collect();
    let mut lines = wrap(&words.join(" "), max_px, px);
    if lines.len() > max_lines {
        shortened = true;
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            *last = cut(last);
        }
    }
    CategoryLabel {
        lines,
        full: shortened.then(|| text.into_owned()),
    }
}

/// The values the value axis must show: every bar's, or for stacked bars each stack's
/// negative and positive totals.
pub(crate) fn column_values(data: &ChartData, stacked: bool) -> Vec<f64> {
    if stacked {
        (0..data.categories.len())
            .flat_map(|i| {
                let stack = Stack::of(data, i);
                [stack.neg, stack.pos]
            })
            .collect()
    } else {
        data.series
            .iter()
            .flat_map(|s| s.values.iter().flatten().copied())
            .collect()
    }
}

/// The running totals of a stacked bar: negative values stack down from zero, positive up.
#[derive(Default)]
pub(crate) struct Stack {
    pub(crate) neg: f64,
    pub(crate) pos: f64,
}

impl Stack {
    /// The whole stack of category `i`.
    pub(crate) fn of(data: &ChartData, i: usize) -> Stack {
        let mut stack = Stack::default();
        for value in data.series.iter().filter_map(|s| s.values[i]) {
            stack.push(value);
        }
        stack
    }

    /// Where the next segment runs: from the total of its sign so far to the new total.
    pub(crate) fn push(&mut self, value: f64) -> (f64, f64) {
        let base = if value < 0.0 {
            &mut self.neg
        } else {
            &mut self.pos
        };
        let y0 = *base;
        *base += value;
        (y0, *base)
    }

    /// The stack's net total, and the end it is written beyond: the top of its positive part,
    /// or the bottom of its negative part when it has none.
    pub(crate) fn total(&self) -> (f64, f64) {
        let end = if self.pos > 0.0 || self.neg == 0.0 {
            self.pos
        } else {
            self.neg
        };
        (self.pos + self.neg, end)
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
    // A 100 % stack's axis is the whole, always.
    if spec.is_percent() {
        return (0.0, 100.0, 25.0);
    }
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

/// The labels of a value axis' ticks, as estimated for its width: every multiple of `step`
/// between the bounds (an inner label, `0.45%`, can be wider than both bounds', `0.5%`).
pub(crate) fn tick_labels(
    lo: f64,
    hi: f64,
    step: f64,
    format: &NumberFormat,
) -> impl Iterator<Item = String> {
    let intervals = tick_count(lo, hi, step) - 1;
    let step = (hi - lo) / intervals as f64;
    let inner = (0..=intervals).map(move |j| lo + step * j as f64);
    let format = format.clone();
    inner.map(move |v| format.axis(v))
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

/// Width in px of the widest of `labels` at `px` text size in `weight`, rounded up, plus a gap.
pub(crate) fn label_width(labels: impl Iterator<Item = String>, px: f64, weight: Weight) -> u32 {
    text_width(labels, px, weight).ceil() as u32 + LABEL_GAP_PX
}

/// Width in px of the widest of `labels` at `px` text size in `weight` (measured with the
/// chart font: see `measure.rs`).
pub(crate) fn text_width(labels: impl Iterator<Item = String>, px: f64, weight: Weight) -> f64 {
    labels.map(|l| measure(&l, px, weight)).fold(0.0, f64::max)
}

/// An hbar chart's value range: bars, or stacks, from zero.
pub(crate) fn hbar_bounds(spec: &ChartSpec, data: &ChartData) -> (f64, f64, f64) {
    let values = column_values(data, spec.kind == ChartType::StackedBar);
    value_bounds(spec, values.into_iter(), true)
}

/// Whether an hbar chart writes its values: by default, as under columns, for one series
/// (several crowd a row); a 100 % stack's shares are its point, written wherever they fit.
pub(crate) fn hbar_shows_values(spec: &ChartSpec, data: &ChartData) -> bool {
    spec.value_labels
        .unwrap_or(data.series.len() == 1 || spec.is_percent())
}

/// Where an hbar chart's plot, and its rows' labels, start: room for the first tick label's
/// left half (it is centred on the plot's left edge, and was cut off at the edge of the page
/// in print), and for a value written left of its bar (a negative bar's, or the total of a
/// stack with nothing above zero).
pub(crate) fn hbar_plot_left(
    spec: &ChartSpec,
    data: &ChartData,
    format: &NumberFormat,
    layout: &Layout,
) -> u32 {
    let (lo, _, _) = hbar_bounds(spec, data);
    let first_tick = label_width(
        std::iter::once(format.axis(lo)),
        layout.text,
        Weight::Regular,
    );
    // A 100 % stack writes no total, and has no negative value.
    let values: Vec<String> = if !hbar_shows_values(spec, data) || spec.is_percent() {
        Vec::new()
    } else if spec.kind == ChartType::StackedBar {
        (0..data.categories.len())
            .map(|i| Stack::of(data, i).total())
            .filter(|(_, end)| *end < 0.0)
            .map(|(total, _)| value_label(format, total))
            .collect()
    } else {
        data.series
            .iter()
            .flat_map(|s| s.values.iter().flatten())
            .filter(|v| **v < 0.0)
            .map(|v| value_label(format, *v))
            .collect()
    };
    let left_values = if values.is_empty() {
        0
    } else {
        label_width(values.into_iter(), layout.text, Weight::Bold) + BESIDE_PX as u32
    };
    (first_tick / 2 + HBAR_TICK_PAD_PX)
        .max(left_values)
        .max(EDGE_PX)
}

/// Horizontal-bar rows: each category's label (wrapped to the chart's width) above its bar.
pub(crate) struct HbarRows {
    pub(crate) labels: Vec<Vec<String>>,
    pub(crate) line_px: f64,
    /// Height of one row in px: label lines, the bar, a gap.
    pub(crate) row_px: f64,
}

impl HbarRows {
    /// The rows of an hbar chart (or of a column chart drawn as one).
    pub(crate) fn of(
        spec: &ChartSpec,
        data: &ChartData,
        format: &NumberFormat,
        layout: &Layout,
    ) -> HbarRows {
        let left = hbar_plot_left(spec, data, format, layout);
        HbarRows::new(data, layout, hbar_bars_per_row(spec, data), left)
    }

    /// Rows of `bars` bars each (a grouped chart drawn as hbars has one per series), their
    /// labels starting at `left` and wrapped to the chart's right edge.
    pub(crate) fn new(data: &ChartData, layout: &Layout, bars: usize, left: u32) -> HbarRows {
        let max_px = (f64::from(layout.width) - f64::from(left.max(EDGE_PX) + EDGE_PX))
            .max(HBAR_MIN_EMS * layout.text);
        let labels: Vec<Vec<String>> = data
            .categories
            .iter()
            .map(|c| wrap(c, max_px, layout.text))
            .collect();
        let lines = labels.iter().map(Vec::len).max().unwrap_or(1) as f64;
        let line_px = layout.line_px();
        HbarRows {
            row_px: lines * line_px + HBAR_LABEL_BAR_PX + HBAR_BAR_PX * bars as f64 + HBAR_GAP_PX,
            line_px,
            labels,
        }
    }

    pub(crate) fn height(&self) -> u32 {
        self.height_of(self.labels.len())
    }

    /// The height of a drawing of `rows` of these rows (a piece of a chart printed in pieces).
    pub(crate) fn height_of(&self, rows: usize) -> u32 {
        (rows as f64 * self.row_px).ceil() as u32 + self.frame_px()
    }

    /// How many rows a drawing at most `max_px` tall holds (at least one).
    pub(crate) fn rows_within(&self, max_px: u32) -> usize {
        let room = f64::from(max_px.saturating_sub(self.frame_px()));
        ((room / self.row_px).floor() as usize).max(1)
    }

    /// Above and below the rows: the axis title's room, the value axis, the bottom edge.
    fn frame_px(&self) -> u32 {
        HBAR_TOP_PX as u32 + HBAR_AXIS_PX + HBAR_BOTTOM_PX
    }
}

/// Greedy word wrap of regular text to lines `max_px` wide at `px` (a wider word is split).
pub(crate) fn wrap(text: &str, max_px: f64, px: f64) -> Vec<String> {
    measure::wrap(text, max_px, px, Weight::Regular)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_labels_wrap_at_word_boundaries() {
        let px = 13.0;
        let label = "Clean Energy & Critical Minerals";
        // As wide as "Clean Energy &": the words after it go to their own lines.
        let width = measure("Clean Energy &", px, Weight::Regular) + 0.01;
        assert_eq!(
            wrap(label, width, px),
            ["Clean Energy &", "Critical", "Minerals"]
        );
        // A word wider than the line is split, to lines that each fit.
        let lines = wrap("Supercalifragilistic", 50.0, px);
        assert!(lines.len() > 2, "{lines:?}");
        assert_eq!(lines.concat(), "Supercalifragilistic");
        assert!(
            lines
                .iter()
                .all(|l| measure(l, px, Weight::Regular) <= 50.0)
        );
        assert_eq!(wrap("", 50.0, px), [""]);
    }

    #[test]
    fn long_category_labels_are_shortened_with_their_full_text_kept() {
        let px = 13.0;
        let width = measure("Democratic", px, Weight::Regular);
        let fitted = fit_label("Democratic Republic of the Congo", width, 2, px);
        assert_eq!(fitted.lines[0], "Democratic");
        assert!(fitted.lines[1].starts_with("Rep") && fitted.lines[1].ends_with('…'));
        assert_eq!(
            fitted.full.as_deref(),
            Some("Democratic Republic of the Congo")
        );
        let fitted = fit_label("Supercalifragilistic", 60.0, 3, px);
        assert_eq!(fitted.lines.len(), 1);
        assert!(fitted.lines[0].ends_with('…'));
        assert!(measure(&fitted.lines[0], px, Weight::Regular) <= 60.0);
        let fitted = fit_label("Viet Nam", 60.0, 3, px);
        assert_eq!(
            (fitted.lines, fitted.full),
            (vec!["Viet Nam".to_string()], None)
        );
    }

    #[test]
    fn stack_totals_are_net_and_written_beyond_the_positive_end() {
        let mut stack = Stack::default();
        for v in [3.0, -1.0, 2.0] {
            stack.push(v);
        }
        assert_eq!(stack.total(), (4.0, 5.0));
        let mut stack = Stack::default();
        stack.push(-2.0);
        assert_eq!(stack.total(), (-2.0, -2.0));
    }

    #[test]
    fn tick_count_stays_small_for_extreme_bounds() {
        // Regression: `y_min: 1e308` made `(hi - lo) / step` overflow usize.
        assert_eq!(tick_count(0.0, 1e200, 1e-10), 11);
        assert_eq!(tick_count(-1e308, 1e308, 1e-300), 2);
        assert_eq!(tick_count(0.0, 1.0, 0.0), 2);
        assert_eq!(tick_count(0.0, 1000.0, 200.0), 6);
    }

    /// An hbar chart grows with its rows and its series (never squeezed into a fixed height:
    /// that printed a 12-row chart with 3 pt labels), in both drawings.
    #[test]
    fn hbar_height_grows_with_rows_and_series() {
        use super::super::series::Series;
        let data = |rows: usize, series: usize| ChartData {
            categories: (0..rows).map(|i| format!("Category {i}")).collect(),
            xs: None,
            series: (0..series)
                .map(|s| Series {
                    label: format!("s{s}"),
                    heading: format!("s{s}"),
                    format: NumberFormat::Auto,
                    values: vec![Some(1.0); rows],
                })
                .collect(),
            x_format: NumberFormat::Auto,
        };
        for kind in ["hbar", "grouped-bar"] {
            let spec: ChartSpec =
                serde_saphyr::from_str(&format!("data: d\ntype: {kind}\nx: x\ny: [a, b]\n"))
                    .expect("spec");
            for layout in [WIDE, NARROW] {
                for series in 1..4 {
                    let height = |rows| {
                        let data = data(rows, series);
                        HbarRows::new(&data, &layout, hbar_bars_per_row(&spec, &data), 0).height()
                    };
                    assert!(height(13) > height(12) && height(12) > height(1));
                    // Each row keeps a bar's thickness per series and its label line.
                    assert!(
                        f64::from(height(12)) - f64::from(height(1))
                            >= 11.0 * (HBAR_BAR_PX * series as f64 + layout.line_px())
                    );
                }
                if kind == "hbar" {
                    let drawn = chart_height(&spec, &data(12, 1), &NumberFormat::Auto, &layout);
                    assert_eq!(
                        drawn,
                        HbarRows::of(&spec, &data(12, 1), &NumberFormat::Auto, &layout).height()
                    );
                }
            }
        }
    }

    #[test]
    fn nice_bounds_round_outward() {
        assert_eq!(nice_bounds(0.0, 900.0), (0.0, 1000.0, 200.0));
        assert_eq!(nice_bounds(0.0, 128.9), (0.0, 150.0, 50.0));
        assert_eq!(nice_bounds(-3.0, 7.0), (-4.0, 8.0, 2.0));
    }
}
