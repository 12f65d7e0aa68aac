//! [`HouseSvg`]: the plotters drawing backend that writes the house-style SVG.

use std::convert::Infallible;
use std::fmt::Write as _;

use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontStyle, FontTransform,
};

use super::classes_of;
use crate::blocks::chart::style::{FULL_TEXT_MARK, PLOTTERS_FONT_SCALE};

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
        // A shortened label carries its full text after the mark: it becomes the `<title>`
        // (after the shown text, so the element's text is what the reader sees).
        let (shown, full) = match text.split_once(FULL_TEXT_MARK) {
            Some((shown, full)) => (shown, Some(full)),
            None => (text, None),
        };
        // The text on the tag's line, each of its lines trimmed.
        let mut escaped = String::with_capacity(shown.len());
        push_escaped(&mut escaped, shown);
        for line in escaped.lines() {
            self.out.push_str(line.trim());
        }
        if let Some(full) = full {
            self.out.push_str("<title>");
            push_escaped(self.out, full);
            self.out.push_str("</title>");
        }
        self.out.push_str("</text>\n");
        Ok(())
    }
}
