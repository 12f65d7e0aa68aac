//! The chart house style: plotters draws into [`HouseSvg`], a drawing backend that writes SVG
//! in which colours are CSS classes (so dark mode and print restyle a chart) and font sizes
//! are whole pixels; [`wrap`] adds the viewBox (no fixed width/height) and the accessible
//! `<title>`/`<desc>`.

use std::convert::Infallible;
use std::fmt::Write as _;

use plotters::style::RGBColor;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontStyle, FontTransform,
};

use super::chart::style::{PLOTTERS_FONT_SCALE, SERIES_CLASSES, series_slot};
use crate::text::{escape_attr, escape_text};

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

/// The classes a marker colour stands for: one or two.
fn classes_of((r, g, b): (u8, u8, u8)) -> Option<(&'static str, Option<&'static str>)> {
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
        (2, _, 0) => ("bar", Some(series()?)),
        (3, _, 0) => ("line", Some(series()?)),
        (4, _, 0) => ("point", Some(series()?)),
        (5, _, 0) => ("area", Some(series()?)),
        _ => return None,
    };
    Some(classes)
}

/// A plotters drawing backend that writes the house style directly: one element per line,
/// marker colours as a `class`, no opacity of 1 and no font family, font sizes rounded. (It
/// writes what plotters' `SVGBackend` writes, restyled; the tests check that against the
/// text rewrite this replaced. Drawing straight into the house style costs a third of
/// drawing and then rewriting.) The output is the inside of an `<svg>`: see [`wrap`].
pub(crate) struct HouseSvg<'a> {
    out: &'a mut String,
    size: (u32, u32),
}

impl<'a> HouseSvg<'a> {
    pub(crate) fn new(out: &'a mut String, size: (u32, u32)) -> HouseSvg<'a> {
        HouseSvg { out, size }
    }

    /// `<tag`, and the classes of `colour` if it is a marker colour.
    fn open(&mut self, tag: &str, colour: BackendColor) {
        self.out.push('<');
        self.out.push_str(tag);
        if let Some((first, second)) = classes_of(colour.rgb) {
            self.out.push_str(" class=\"");
            self.out.push_str(first);
            if let Some(second) = second {
                self.out.push(' ');
                self.out.push_str(second);
            }
            self.out.push('"');
        }
    }

    /// ` opacity="…"`, unless it is 1.
    fn opacity(&mut self, colour: BackendColor) {
        if colour.alpha != 1.0 {
            let _ = write!(self.out, " opacity=\"{}\"", colour.alpha);
        }
    }

    /// ` name="#RRGGBB"` for a colour that is not a marker (a marker is a class).
    fn colour(&mut self, name: &str, colour: BackendColor) {
        if classes_of(colour.rgb).is_none() {
            let (r, g, b) = colour.rgb;
            let _ = write!(self.out, " {name}=\"#{r:02X}{g:02X}{b:02X}\"");
        }
    }

    fn points(&mut self, path: impl IntoIterator<Item = BackendCoord>) {
        self.out.push_str(" points=\"");
        for (x, y) in path {
            let _ = write!(self.out, "{x},{y} ");
        }
        self.out.push('"');
    }
}

/// Escapes text for SVG content as plotters does, after [`crate::text::markup_text`] (XML
/// cannot hold most control characters).
fn push_escaped(out: &mut String, text: &str) {
    for c in crate::text::markup_text(text).chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            other => out.push(other),
        }
    }
}

type BackendResult = Result<(), DrawingErrorKind<Infallible>>;

impl DrawingBackend for HouseSvg<'_> {
    type ErrorType = Infallible;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> BackendResult {
        Ok(())
    }

    fn present(&mut self) -> BackendResult {
        Ok(())
    }

    fn draw_pixel(&mut self, (x, y): BackendCoord, colour: BackendColor) -> BackendResult {
        if colour.alpha == 0.0 {
            return Ok(());
        }
        self.open("rect", colour);
        let _ = write!(
            self.out,
            " x=\"{x}\" y=\"{y}\" width=\"1\" height=\"1\" stroke=\"none\""
        );
        self.opacity(colour);
        self.colour("fill", colour);
        self.out.push_str("/>\n");
        Ok(())
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        (x1, y1): BackendCoord,
        (x2, y2): BackendCoord,
        style: &S,
    ) -> BackendResult {
        let colour = style.color();
        if colour.alpha == 0.0 {
            return Ok(());
        }
        self.open("line", colour);
        self.opacity(colour);
        self.colour("stroke", colour);
        let _ = writeln!(
            self.out,
            " stroke-width=\"{}\" x1=\"{x1}\" y1=\"{y1}\" x2=\"{x2}\" y2=\"{y2}\"/>",
            style.stroke_width()
        );
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        (x0, y0): BackendCoord,
        (x1, y1): BackendCoord,
        style: &S,
        fill: bool,
    ) -> BackendResult {
        let colour = style.color();
        if colour.alpha == 0.0 {
            return Ok(());
        }
        self.open("rect", colour);
        let _ = write!(
            self.out,
            " x=\"{x0}\" y=\"{y0}\" width=\"{}\" height=\"{}\"",
            x1 - x0,
            y1 - y0
        );
        self.opacity(colour);
        if fill {
            self.colour("fill", colour);
            self.out.push_str(" stroke=\"none\"");
        } else {
            self.out.push_str(" fill=\"none\"");
            self.colour("stroke", colour);
        }
        self.out.push_str("/>\n");
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> BackendResult {
        let colour = style.color();
        if colour.alpha == 0.0 {
            return Ok(());
        }
        self.open("polyline", colour);
        self.out.push_str(" fill=\"none\"");
        self.opacity(colour);
        self.colour("stroke", colour);
        let _ = write!(self.out, " stroke-width=\"{}\"", style.stroke_width());
        self.points(path);
        self.out.push_str("/>\n");
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> BackendResult {
        let colour = style.color();
        if colour.alpha == 0.0 {
            return Ok(());
        }
        self.open("polygon", colour);
        self.opacity(colour);
        self.colour("fill", colour);
        self.points(path);
        self.out.push_str("/>\n");
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        (cx, cy): BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> BackendResult {
        let colour = style.color();
        if colour.alpha == 0.0 {
            return Ok(());
        }
        self.open("circle", colour);
        let _ = write!(self.out, " cx=\"{cx}\" cy=\"{cy}\" r=\"{radius}\"");
        self.opacity(colour);
        if fill {
            self.colour("fill", colour);
            self.out.push_str(" stroke=\"none\"");
        } else {
            self.out.push_str(" fill=\"none\"");
            self.colour("stroke", colour);
        }
        let _ = writeln!(self.out, " stroke-width=\"{}\"/>", style.stroke_width());
        Ok(())
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        (x, y): BackendCoord,
    ) -> BackendResult {
        let colour = style.color();
        if colour.alpha == 0.0 {
            return Ok(());
        }
        let anchor = match style.anchor().h_pos {
            HPos::Left => "start",
            HPos::Right => "end",
            HPos::Center => "middle",
        };
        let dy = match style.anchor().v_pos {
            VPos::Top => "0.76em",
            VPos::Center => "0.5ex",
            VPos::Bottom => "-0.5ex",
        };
        self.open("text", colour);
        // plotters scales the size it is given (see `PLOTTERS_FONT_SCALE`).
        let _ = write!(
            self.out,
            " x=\"{x}\" y=\"{y}\" dy=\"{dy}\" text-anchor=\"{anchor}\" font-size=\"{}\"",
            (style.size() / PLOTTERS_FONT_SCALE).round()
        );
        self.opacity(colour);
        self.colour("fill", colour);
        match style.style() {
            FontStyle::Normal => {}
            FontStyle::Bold => self.out.push_str(" font-weight=\"bold\""),
            other => {
                let _ = write!(self.out, " font-style=\"{}\"", other.as_str());
            }
        }
        let degrees = match style.transform() {
            FontTransform::Rotate90 => Some(90),
            FontTransform::Rotate180 => Some(180),
            FontTransform::Rotate270 => Some(270),
            _ => None,
        };
        if let Some(degrees) = degrees {
            let _ = write!(self.out, " transform=\"rotate({degrees}, {x}, {y})\"");
        }
        self.out.push('>');
        // The text on the tag's line, each of its lines trimmed.
        let mut escaped = String::with_capacity(text.len());
        push_escaped(&mut escaped, text);
        for line in escaped.lines() {
            self.out.push_str(line.trim());
        }
        self.out.push_str("</text>\n");
        Ok(())
    }
}

/// What the finished `<svg>` says about itself.
pub(crate) struct SvgMeta<'a> {
    /// Unique within the page; prefixes the title/desc ids.
    pub id: &'a str,
    /// Extra class on the `<svg>` (`wide` / `narrow`: CSS shows the one that fits).
    pub class: &'a str,
    pub title: &'a str,
    pub desc: &'a str,
    pub width: u32,
    pub height: u32,
}

/// What a chart saved on its own adds: its stylesheet, and a visible title and source line.
pub(crate) struct Standalone<'a> {
    pub css: &'a str,
    pub source: &'a str,
}

/// Height of the visible title band and source band of a standalone chart.
const TITLE_BAND: u32 = 44;
const SOURCE_BAND: u32 = 30;

/// The `<svg>` element around a drawing made with [`HouseSvg`]: the opening tag with its
/// viewBox, role, title and description. `standalone` adds the stylesheet, the title and the
/// source line so the file looks right, and says what it shows, on its own.
pub(crate) fn wrap(meta: &SvgMeta<'_>, standalone: Option<&Standalone<'_>>, body: &str) -> String {
    let mut out = String::with_capacity(body.len() + 512 + standalone.map_or(0, |s| s.css.len()));
    let title_id = format!("{}-title", meta.id);
    let desc_id = format!("{}-desc", meta.id);
    let height = match standalone {
        Some(_) => meta.height + TITLE_BAND + SOURCE_BAND,
        None => meta.height,
    };
    out.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart-svg chart-{}\" viewBox=\"0 0 {} {}\" role=\"img\" aria-labelledby=\"{} {}\">\n<title id=\"{}\">{}</title>\n<desc id=\"{}\">{}</desc>\n",
        escape_attr(meta.class),
        meta.width,
        height,
        escape_attr(&title_id),
        escape_attr(&desc_id),
        escape_attr(&title_id),
        escape_text(meta.title),
        escape_attr(&desc_id),
        escape_text(meta.desc),
    ));
    if let Some(extra) = standalone {
        // CDATA keeps `<` and `&` in the stylesheet from breaking the XML.
        out.push_str("<style><![CDATA[\n");
        out.push_str(&extra.css.replace("]]>", "]]]]><![CDATA[>"));
        out.push_str("]]></style>\n");
        out.push_str(&format!(
            "<text class=\"svg-title\" x=\"8\" y=\"28\" font-size=\"18\">{}</text>\n<g transform=\"translate(0 {TITLE_BAND})\">\n",
            escape_text(meta.title)
        ));
    }
    out.push_str(body);
    if let Some(extra) = standalone {
        out.push_str("</g>\n");
        if !extra.source.is_empty() {
            out.push_str(&format!(
                "<text class=\"svg-source\" x=\"8\" y=\"{}\" font-size=\"12\">Source: {}</text>\n",
                height - 10,
                escape_text(extra.source)
            ));
        }
    }
    out.push_str("</svg>");
    out
}

/// The house style as it was first made: plotters' own `SVGBackend`, then a rewrite of its
/// text. Kept as the reference [`HouseSvg`] is tested against.
#[cfg(test)]
pub(crate) mod reference {
    use super::*;

    /// Parses `rrggbb`.
    fn classes_for(hex: &str) -> Option<(&'static str, Option<&'static str>)> {
        let bytes = u32::from_str_radix(hex, 16).ok()?;
        classes_of(((bytes >> 16) as u8, (bytes >> 8) as u8, bytes as u8))
    }

    /// The drawing inside plotters' `<svg>` element, in the house style: marker colours become
    /// classes, presentation noise is dropped, one element per line.
    pub(crate) fn body(raw: &str) -> String {
        let mut out = String::with_capacity(raw.len());
        let mut lines = raw.lines().peekable();
        // Skip plotters' own <svg …> opening tag.
        if lines.peek().is_some_and(|l| l.starts_with("<svg")) {
            lines.next();
        }
        let mut in_text = false;
        for line in lines {
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed == "</svg>" {
                continue;
            }
            if trimmed.starts_with('<') {
                if trimmed.starts_with("<text") {
                    in_text = true;
                    rewrite_element_into(&mut out, trimmed);
                } else if trimmed.starts_with("</text>") {
                    in_text = false;
                    out.push_str(trimmed);
                    out.push('\n');
                } else {
                    rewrite_element_into(&mut out, trimmed);
                    out.push('\n');
                }
            } else if in_text {
                // Text content (already escaped by plotters): keep it on the tag's line.
                out.push_str(trimmed);
            }
        }
        out
    }

    /// Replaces marker colours by classes and drops presentation noise from one element.
    pub(crate) fn rewrite_element(element: &str) -> String {
        let mut out = String::new();
        rewrite_element_into(&mut out, element);
        out
    }

    /// `rewrite_element`, appending to `out`: it runs for every element of every chart, so it
    /// allocates nothing of its own.
    fn rewrite_element_into(out: &mut String, element: &str) {
        let (tag, rest) = element.split_once(' ').unwrap_or((element, ""));
        let (rest, close) = if let Some(r) = rest.strip_suffix("/>") {
            (r, "/>")
        } else if let Some(r) = rest.strip_suffix('>') {
            (r, ">")
        } else {
            (rest, "")
        };
        let attrs = || {
            Attrs { text: rest }.map(|attr| {
                let (name, value) = attr.split_once('=').unwrap_or((attr, ""));
                (attr, name, value.trim_matches('"'))
            })
        };
        let marker = |name: &str, value: &str| {
            if matches!(name, "fill" | "stroke") {
                value.strip_prefix('#').and_then(classes_for)
            } else {
                None
            }
        };
        // First the classes (in order of appearance, without repeats), then the other attributes.
        let mut classes: [&str; 4] = [""; 4];
        let mut count = 0;
        for (_, name, value) in attrs() {
            if let Some((first, second)) = marker(name, value) {
                for class in std::iter::once(first).chain(second) {
                    if count < classes.len() && !classes[..count].contains(&class) {
                        classes[count] = class;
                        count += 1;
                    }
                }
            }
        }
        out.push_str(tag);
        if count > 0 {
            out.push_str(" class=\"");
            for (i, class) in classes[..count].iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(class);
            }
            out.push('"');
        }
        for (attr, name, value) in attrs() {
            match name {
                "opacity" if value == "1" => {}
                "font-family" => {}
                "fill" | "stroke" if value.starts_with('#') => {
                    if marker(name, value).is_none() {
                        out.push(' ');
                        out.push_str(name);
                        out.push_str("=\"");
                        out.push_str(value);
                        out.push('"');
                    }
                }
                "font-size" => {
                    let size: f64 = value.parse().unwrap_or(12.0);
                    let _ = write!(out, " font-size=\"{}\"", size.round());
                }
                _ => {
                    out.push(' ');
                    out.push_str(attr);
                }
            }
        }
        out.push_str(close);
    }

    /// The attributes of `a="1" b="x y"`, split on whitespace outside quotes.
    struct Attrs<'a> {
        text: &'a str,
    }

    impl<'a> Iterator for Attrs<'a> {
        type Item = &'a str;

        fn next(&mut self) -> Option<&'a str> {
            // Bytes, not chars: the delimiters are ASCII (plotters separates attributes with
            // spaces), and no byte of a multi-byte character is ASCII.
            let text = self
                .text
                .trim_start_matches(|c: char| c.is_ascii_whitespace());
            if text.is_empty() {
                self.text = text;
                return None;
            }
            let mut in_quotes = false;
            let end = text
                .bytes()
                .position(|b| {
                    if b == b'"' {
                        in_quotes = !in_quotes;
                    }
                    b.is_ascii_whitespace() && !in_quotes
                })
                .unwrap_or(text.len());
            self.text = &text[end..];
            Some(&text[..end])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::reference::{body, rewrite_element};
    use super::*;

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
