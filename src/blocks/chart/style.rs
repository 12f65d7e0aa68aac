//! The house style's numbers: every size, margin and cut-off of a chart's layout, named once,
//! with why it is what it is. Sizes are px, that is SVG user units (see `layout.rs`: a chart
//! scales with its column). The colours are CSS classes: see `../svg.rs` and `chart.css`.

use std::ops::RangeInclusive;

// Text.

/// plotters' SVG backend writes `font-size` as the requested size divided by this, so sizes
/// are asked for multiplied by it.
pub(crate) const PLOTTERS_FONT_SCALE: f64 = 1.24;
/// Line height of wrapped labels, in ems: the lines of a label read as one block.
pub(crate) const LINE_HEIGHT: f64 = 1.25;
/// Space kept after a measured label's width (a y tick label's from the axis), so neighbours
/// and edges never touch it.
pub(crate) const LABEL_GAP_PX: u32 = 12;
/// Text keeps this far from the chart's edges (the axis titles, hbar labels).
pub(crate) const EDGE_PX: u32 = 4;
/// Text set beside its mark (an hbar's value, an annotation's label) starts this far from it.
pub(crate) const BESIDE_PX: i32 = 6;

// Margins of the x/y charts (bars and lines).

/// Above the plot: room for the y axis title when there is one, else a little air.
pub(crate) const TOP_WITH_TITLE_PX: i32 = 28;
pub(crate) const TOP_PX: i32 = 10;
/// Below the plot: the category or tick labels, and the x axis title when there is one.
pub(crate) const X_AXIS_WITH_TITLE_PX: i32 = 52;
pub(crate) const X_AXIS_PX: i32 = 34;
/// Right of vertical bars: the last bar sits inside its slot, so little is needed.
pub(crate) const COLUMNS_RIGHT_PX: i32 = 8;
/// Right of a line chart: its last x tick label is centred on the plot's right edge.
pub(crate) const LINE_RIGHT_PX: i32 = 24;

// Vertical bars.

/// The share of its category's slot a group of bars fills: the rest separates the groups.
pub(crate) const BAND: f64 = 0.72;
/// A bar is inset this much on each side, so the bars of a group stay apart.
pub(crate) const BAR_INSET_PX: u32 = 1;
/// A value label stands this far above its bar (below a negative one).
pub(crate) const VALUE_RISE_PX: i32 = 4;
/// Shown by default only when the widest value label is at most this much wider than a bar.
pub(crate) const VALUE_OVERHANG_PX: f64 = 6.0;
/// Category labels hang this far below the axis, and one closer than `CATEGORY_SPACE_PX` to
/// the previous label shown is left out.
pub(crate) const CATEGORY_DROP_PX: i32 = 8;
pub(crate) const CATEGORY_SPACE_PX: f64 = 6.0;
/// A category label wraps to at most this many lines under its slot; a longer one is shortened
/// (its full text kept in a `<title>` and in the data table).
pub(crate) const CATEGORY_MAX_LINES: usize = 3;
/// A slot narrower than this many ems (less `CATEGORY_SPACE_PX`; about eight characters)
/// cannot show a word: the column chart is drawn as horizontal bars instead, each label in
/// full above its bar.
pub(crate) const CATEGORY_MIN_EMS: f64 = 4.5;
/// Marks a shortened label: what follows it is the full text, written as the label's
/// `<title>` by the backend (a control character, so no text from data holds it).
pub(crate) const FULL_TEXT_MARK: char = '\u{1f}';
/// A segment's value is written inside it only with this much room on each side.
pub(crate) const SEGMENT_PAD_PX: f64 = 2.0;

// Missing values.

/// A bar for a missing value is this mark at the baseline (its `<title>` says which); a slot
/// too narrow for it has `NO_DATA_SHORT`.
pub(crate) const NO_DATA_MARK: &str = "n/a";
pub(crate) const NO_DATA_SHORT: &str = "–";

// Horizontal bars: each row is its label's lines, a gap, the bar, and a gap to the next row.

/// Above the first row: room for the axis title.
pub(crate) const HBAR_TOP_PX: i32 = 26;
/// Below the last row: the value axis and its tick labels.
pub(crate) const HBAR_AXIS_PX: u32 = 28;
/// Below the value axis.
pub(crate) const HBAR_BOTTOM_PX: u32 = 8;
/// The first tick label is centred on the plot's left edge: its left half, plus this, is kept
/// free (it was cut off at the edge of the page in print).
pub(crate) const HBAR_TICK_PAD_PX: u32 = 2;
/// A bar's thickness.
pub(crate) const HBAR_BAR_PX: f64 = 18.0;
/// Between one row's bar and the next row's label.
pub(crate) const HBAR_GAP_PX: f64 = 12.0;
/// From the row's top to its label; from the label to the bar.
pub(crate) const HBAR_LABEL_TOP_PX: f64 = 2.0;
pub(crate) const HBAR_LABEL_BAR_PX: f64 = 4.0;
/// Labels wrap from the plot's left edge to the chart's (less `EDGE_PX`), and never to less
/// than `HBAR_MIN_EMS` (about eight characters: a narrow chart still shows words).
pub(crate) const HBAR_MIN_EMS: f64 = 4.5;
/// The zero line drawn per bar (when values go negative) overhangs the bar by this.
pub(crate) const HBAR_ZERO_OVERHANG_PX: f64 = 3.0;

/// Printed, a chart is 140 mm wide at most (`static/style.css`): a wide drawing (640 units)
/// this tall prints 235 mm tall, what fits on a page under its title, with its 13 px text at
/// 8 pt. A taller hbar chart would be scaled down to fit (its text below 7 pt): it is printed
/// in pieces instead, each drawn at full size with the value axis repeated.
pub(crate) const PRINT_WHOLE_PX: u32 = 1074;
/// The tallest piece of a chart printed in pieces (210 mm): a page also holds the figure's
/// title, subtitle and legend above the first piece, or "(continued)" above a later one, on A4
/// and on US Letter.
pub(crate) const PRINT_PIECE_PX: u32 = 960;

// Lines.

pub(crate) const LINE_STROKE_PX: u32 = 3;
pub(crate) const POINT_RADIUS_PX: i32 = 3;
/// A value whose neighbours are both missing is a point with no line: its marker is drawn
/// larger than the others, and always, so it cannot pass for a stray pixel.
pub(crate) const LONE_POINT_RADIUS_PX: i32 = 5;
/// Points mark each value up to this many categories; beyond, they would crowd the line (a
/// lone value between gaps keeps its point).
pub(crate) const MAX_POINTS_MARKED: usize = 40;

// Baselines.

/// A line chart's value axis that does not reach zero is broken by a zig-zag this tall, its
/// teeth this wide each side of the axis, this far from the plot's bottom (or top, for an
/// axis below zero).
pub(crate) const AXIS_BREAK_PX: i32 = 12;
pub(crate) const AXIS_BREAK_TOOTH_PX: i32 = 4;
pub(crate) const AXIS_BREAK_INSET_PX: i32 = 3;

// Annotations.

/// An annotation's label wraps to this share of the plot's width, but to no less than
/// `ANNOTATION_MIN_EMS` (about ten characters).
pub(crate) const ANNOTATION_WIDTH_SHARE: f64 = 0.45;
pub(crate) const ANNOTATION_MIN_EMS: f64 = 5.6;
/// A mark further right than this share of the x axis has its label on its left, inside the
/// chart.
pub(crate) const ANNOTATION_FLIP_SHARE: f64 = 0.55;
/// An annotated point: its circle.
pub(crate) const ANNOTATION_RADIUS_PX: i32 = 5;
pub(crate) const ANNOTATION_STROKE_PX: u32 = 2;
/// A line's label starts this far below the top of the plot; a point's label this far below
/// the point when it goes under it.
pub(crate) const ANNOTATION_SPACE_PX: i32 = 2;
/// A label keeps this far from the data, the marks and the other labels.
pub(crate) const ANNOTATION_CLEAR_PX: f64 = 2.0;

// A chart's own file: the title, legend, source and notes drawn around it.

/// Text keeps this far from the file's edges; the bands keep this far from the chart.
pub(crate) const FILE_EDGE_PX: u32 = 8;
pub(crate) const FILE_GAP_PX: u32 = 8;
/// Text sizes of the title, subtitle, and source and notes (the legend's is the chart's).
pub(crate) const FILE_TITLE_PX: f64 = 18.0;
pub(crate) const FILE_SUBTITLE_PX: f64 = 14.0;
pub(crate) const FILE_NOTE_PX: f64 = 12.0;
/// A legend swatch's side.
pub(crate) const FILE_SWATCH_PX: u32 = 12;

// Axes.

/// A value axis aims at this many intervals between ticks, and shows at most
/// `MAX_TICK_INTERVALS` (bounds set by the author can be far apart).
pub(crate) const TICK_INTERVALS: f64 = 5.0;
pub(crate) const MAX_TICK_INTERVALS: f64 = 10.0;
/// Whole numbers in this range on a numeric x axis are years: written without a thousands
/// separator.
pub(crate) const YEARS: RangeInclusive<f64> = 1000.0..=3000.0;

// Words.

/// A chart's description lists every value of a series up to this many; beyond, it says the
/// first, the last and the highest.
pub(crate) const MAX_VALUES_LISTED: usize = 12;

// Donuts.

/// A donut's outer radius at most, and as a share of the drawing's width (a phone's narrow
/// drawing is 340 px wide: the ring keeps room for nothing beside it there).
pub(crate) const DONUT_RADIUS_PX: f64 = 110.0;
pub(crate) const DONUT_RADIUS_SHARE: f64 = 0.3;
/// The hole's radius as a share of the outer radius: a ring thick enough to compare slices'
/// lengths of arc, a hole wide enough for the total.
pub(crate) const DONUT_HOLE: f64 = 0.58;
/// Labels beside the ring start this far beyond it (their leader line's length).
pub(crate) const DONUT_LEADER_PX: f64 = 14.0;
/// Room above and below the ring, and between two label blocks.
pub(crate) const DONUT_MARGIN_PX: f64 = 12.0;
pub(crate) const DONUT_BLOCK_GAP_PX: f64 = 6.0;
/// Labels go beside the ring from this drawing width up; below it, listed under the ring.
pub(crate) const DONUT_BESIDE_MIN_WIDTH: u32 = 480;
/// The largest step between two points of an arc, in degrees: smooth at print resolution.
pub(crate) const DONUT_ARC_STEP_DEG: f64 = 1.5;
/// The total in the hole is this much larger than the labels.
pub(crate) const DONUT_TOTAL_EM: f64 = 1.5;

// Series.

/// The series classes, in order: `chart.css` colours eight series; a ninth takes the first
/// colour again.
pub(crate) const SERIES_CLASSES: [&str; 8] = [
    "series-0", "series-1", "series-2", "series-3", "series-4", "series-5", "series-6", "series-7",
];

/// The classes of a value written inside a segment of each series: `on-series-N` takes the
/// label colour that reads on that series' fill (see `chart.css`, `style.css`, and the test
/// below).
pub(crate) const SEGMENT_CLASSES: [&str; 8] = [
    "segment on-series-0",
    "segment on-series-1",
    "segment on-series-2",
    "segment on-series-3",
    "segment on-series-4",
    "segment on-series-5",
    "segment on-series-6",
    "segment on-series-7",
];

/// Where series `i` falls in the colour cycle.
pub(crate) fn series_slot(i: usize) -> usize {
    i % SERIES_CLASSES.len()
}

#[cfg(test)]
mod tests {
    use super::SERIES_CLASSES;

    /// WCAG 2's relative luminance of `#rrggbb`.
    fn luminance(hex: &str) -> f64 {
        let channel = |i: usize| {
            let c = f64::from(u8::from_str_radix(&hex[1 + 2 * i..3 + 2 * i], 16).unwrap()) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2)
    }

    fn contrast(a: &str, b: &str) -> f64 {
        let (a, b) = (luminance(a), luminance(b));
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    /// The `#rrggbb` after `key` in `css`, for every slot: `key` holds `{}` for the slot.
    fn palette(css: &str, key: &str) -> Vec<String> {
        (0..SERIES_CLASSES.len())
            .map(|n| {
                let key = key.replace("{}", &n.to_string());
                let at = css.find(&key).unwrap_or_else(|| panic!("{key} in\n{css}")) + key.len();
                css[at..].trim_start()[..7].to_string()
            })
            .collect()
    }

    /// Every segment value (small, semibold text) reads on its series' fill at WCAG AA
    /// (4.5:1), in every palette the theme ships: the page's light, dark and print palettes,
    /// and a chart file's light and dark ones.
    #[test]
    fn segment_values_meet_aa_contrast_on_every_series_fill() {
        let page = include_str!("../../../static/style.css");
        let file = include_str!("../../../templates/chart.css");
        let mut palettes: Vec<(String, Vec<String>, Vec<String>)> = Vec::new();
        // The page: each palette declares its series, then the colours written on them.
        for (i, block) in page.split("--series-0:").skip(1).enumerate() {
            let block = format!("--series-0:{block}");
            palettes.push((
                format!("page palette {i}"),
                palette(&block, "--series-{}:"),
                palette(&block, "--on-series-{}:"),
            ));
        }
        assert_eq!(palettes.len(), 3, "light, dark and print");
        let dark = "@media (prefers-color-scheme: dark)";
        let (light, dark) = file.split_once(dark).expect("a dark palette");
        for (name, css) in [("file light", light), ("file dark", dark)] {
            palettes.push((
                name.to_string(),
                palette(css, ".series-{} { fill:"),
                palette(css, "text.on-series-{} { fill:"),
            ));
        }
        for (name, fills, labels) in palettes {
            for (slot, (fill, label)) in fills.iter().zip(&labels).enumerate() {
                assert!(
                    ["#ffffff", "#000000"].contains(&label.as_str()),
                    "{name} slot {slot}: {label}"
                );
                let ratio = contrast(fill, label);
                assert!(
                    ratio >= 4.5,
                    "{name} slot {slot}: {label} on {fill} is {ratio:.2}:1"
                );
            }
        }
    }
}
