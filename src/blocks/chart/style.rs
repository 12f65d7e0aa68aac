//! The house style's numbers: every size, margin and cut-off of a chart's layout, named once
//! with why it is what it is. (The colours are CSS classes: see `../svg.rs` and `chart.css`.)

/// Average advance of a character of the system sans at 1 px, for estimating label widths.
pub(crate) const CHAR_EM: f64 = 0.56;
/// plotters' SVG backend writes `font-size` as the requested size divided by this.
pub(crate) const PLOTTERS_FONT_SCALE: f64 = 1.24;

pub(crate) const HBAR_BAR_PX: f64 = 18.0;
pub(crate) const HBAR_GAP_PX: f64 = 12.0;
pub(crate) const HBAR_TOP_PX: i32 = 26;
pub(crate) const HBAR_AXIS_PX: u32 = 28;
