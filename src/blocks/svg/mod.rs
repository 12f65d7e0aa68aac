//! The chart house style: plotters draws into [`HouseSvg`] (`backend.rs`), a drawing backend
//! that writes SVG in which colours are CSS classes (so dark mode and print restyle a chart)
//! and font sizes are whole pixels; [`wrap`] (`frame.rs`) adds the viewBox (no fixed
//! width/height) and the accessible `<title>`/`<desc>`. This file: the marker colours plotters
//! draws with, and the classes each becomes.

use plotters::style::RGBColor;

use super::chart::style::{SEGMENT_CLASSES, SERIES_CLASSES, series_slot};

mod backend;
mod frame;
#[cfg(test)]
pub(crate) mod reference;

pub(crate) use backend::HouseSvg;
pub(crate) use frame::{Standalone, SvgMeta, wrap, wrap_hidden, wrap_into};

/// Plotters draws with these marker colours; each becomes a class on the element.
/// (Nothing a reader sees is drawn in these colours: they are replaced, never shown.)
pub(crate) const GRID: RGBColor = RGBColor(1, 1, 2);
pub(crate) const AXIS: RGBColor = RGBColor(1, 1, 3);
pub(crate) const TICK: RGBColor = RGBColor(1, 1, 4);
pub(crate) const VALUE_LABEL: RGBColor = RGBColor(1, 1, 5);
pub(crate) const BAR_MUTED: RGBColor = RGBColor(1, 1, 6);
pub(crate) const BAR_HIGHLIGHT: RGBColor = RGBColor(1, 1, 7);
pub(crate) const CATEGORY_LABEL: RGBColor = RGBColor(1, 1, 8);
pub(crate) const AXIS_TITLE: RGBColor = RGBColor(1, 1, 9);
pub(crate) const ANNOTATION: RGBColor = RGBColor(1, 1, 10);
pub(crate) const ZERO_LINE: RGBColor = RGBColor(1, 1, 11);
/// A stacked bar's total, written beyond the stack (a segment's value, inside it, is
/// [`segment_value_colour`]).
pub(crate) const VALUE_TOTAL: RGBColor = RGBColor(1, 1, 13);
/// The mark drawn where a bar has no value.
pub(crate) const NO_DATA: RGBColor = RGBColor(1, 1, 14);
/// The axes of a line chart whose value axis does not reach zero: drawn as quietly as the
/// grid, so no line reads as the zero line; the break mark on the value axis says so.
pub(crate) const AXIS_FLOATING: RGBColor = RGBColor(1, 1, 15);
pub(crate) const AXIS_BREAK: RGBColor = RGBColor(1, 1, 16);
/// The page's background, laid over the value axis where the break mark stands.
pub(crate) const AXIS_GAP: RGBColor = RGBColor(1, 1, 17);

/// Marker colours for series `i` (as many distinct as `SERIES_CLASSES`; more wrap around).
pub(crate) fn bar_colour(i: usize) -> RGBColor {
    RGBColor(2, series_slot(i) as u8, 0)
}
pub(crate) fn line_colour(i: usize) -> RGBColor {
    RGBColor(3, series_slot(i) as u8, 0)
}
pub(crate) fn point_colour(i: usize) -> RGBColor {
    RGBColor(4, series_slot(i) as u8, 0)
}
pub(crate) fn area_colour(i: usize) -> RGBColor {
    RGBColor(5, series_slot(i) as u8, 0)
}
/// A value written inside series `i`'s segment: its class names the fill it sits on, so its
/// colour (white or black) follows the fill in every theme.
pub(crate) fn segment_value_colour(i: usize) -> RGBColor {
    RGBColor(6, series_slot(i) as u8, 0)
}

/// The classes a marker colour stands for: one or two.
pub(super) fn classes_of((r, g, b): (u8, u8, u8)) -> Option<(&'static str, Option<&'static str>)> {
    let series = || SERIES_CLASSES.get(usize::from(g)).copied();
    let classes = match (r, g, b) {
        (1, 1, 2) => ("grid", None),
        (1, 1, 3) => ("axis", None),
        (1, 1, 4) => ("tick", None),
        (1, 1, 5) => ("value-label", None),
        (1, 1, 6) => ("bar", Some("muted")),
        (1, 1, 7) => ("bar", Some("highlight")),
        (1, 1, 8) => ("category-label", None),
        (1, 1, 9) => ("axis-title", None),
        (1, 1, 10) => ("annotation", None),
        (1, 1, 11) => ("zero-line", None),
        (1, 1, 13) => ("value-label", Some("total")),
        (1, 1, 14) => ("no-data", None),
        (1, 1, 15) => ("axis", Some("floating")),
        (1, 1, 16) => ("axis-break", None),
        (1, 1, 17) => ("axis-gap", None),
        (2, _, 0) => ("bar", Some(series()?)),
        (3, _, 0) => ("line", Some(series()?)),
        (4, _, 0) => ("point", Some(series()?)),
        (5, _, 0) => ("area", Some(series()?)),
        (6, _, 0) => (
            "value-label",
            Some(SEGMENT_CLASSES.get(usize::from(g)).copied()?),
        ),
        _ => return None,
    };
    Some(classes)
}

#[cfg(test)]
mod tests {
    use super::reference::{body, rewrite_element};
    use crate::blocks::svg::frame::{SvgMeta, wrap};

    #[test]
    fn marker_colours_become_classes() {
        let el = rewrite_element(
            r##"<rect x="1" y="2" width="3" height="4" opacity="1" fill="#020100" stroke="none"/>"##,
        );
        assert_eq!(
            el,
            r#"<rect class="bar series-1" x="1" y="2" width="3" height="4" stroke="none"/>"#
        );
    }

    #[test]
    fn viewbox_replaces_fixed_size_and_title_is_escaped() {
        let raw = "<svg width=\"10\" height=\"10\" viewBox=\"0 0 10 10\" xmlns=\"http://www.w3.org/2000/svg\">\n</svg>\n";
        let meta = SvgMeta {
            id: "c",
            class: "wide",
            title: "<b>",
            desc: "d & e",
            width: 10,
            height: 10,
        };
        let svg = wrap(&meta, None, &body(raw));
        assert!(!svg.contains("width=\"10\""));
        assert!(svg.contains("viewBox=\"0 0 10 10\""));
        assert!(svg.contains("<title id=\"c-title\">&lt;b&gt;</title>"));
        assert!(svg.contains("<desc id=\"c-desc\">d &amp; e</desc>"));
    }
}
