//! The chart house style, applied to plotters' SVG: colours become CSS classes (so dark mode
//! and print restyle a chart), fixed width/height give way to a viewBox, numbers are rounded,
//! and the accessible `<title>`/`<desc>` are added.

use plotters::style::RGBColor;

use crate::markdown::{escape_attr, escape_text};

/// Plotters draws with these marker colours; each becomes a class on the element.
/// (Nothing a reader sees is drawn in these colours: they are replaced, never shown.)
pub const GRID: RGBColor = RGBColor(1, 1, 2);
pub const AXIS: RGBColor = RGBColor(1, 1, 3);
pub const TICK: RGBColor = RGBColor(1, 1, 4);
pub const VALUE_LABEL: RGBColor = RGBColor(1, 1, 5);
pub const BAR_MUTED: RGBColor = RGBColor(1, 1, 6);
pub const BAR_HIGHLIGHT: RGBColor = RGBColor(1, 1, 7);
pub const CATEGORY_LABEL: RGBColor = RGBColor(1, 1, 8);
pub const AXIS_TITLE: RGBColor = RGBColor(1, 1, 9);
pub const ANNOTATION: RGBColor = RGBColor(1, 1, 10);
pub const ZERO_LINE: RGBColor = RGBColor(1, 1, 11);

/// Marker colours for series `i` (up to 8 distinct; more wrap around).
pub fn bar_colour(i: usize) -> RGBColor {
    RGBColor(2, (i % 8) as u8, 0)
}
pub fn line_colour(i: usize) -> RGBColor {
    RGBColor(3, (i % 8) as u8, 0)
}
pub fn point_colour(i: usize) -> RGBColor {
    RGBColor(4, (i % 8) as u8, 0)
}
pub fn area_colour(i: usize) -> RGBColor {
    RGBColor(5, (i % 8) as u8, 0)
}

fn class_for(hex: &str) -> Option<String> {
    let bytes = u32::from_str_radix(hex, 16).ok()?;
    let (r, g, b) = ((bytes >> 16) as u8, (bytes >> 8) as u8, bytes as u8);
    let class = match (r, g, b) {
        (1, 1, 2) => "grid".to_string(),
        (1, 1, 3) => "axis".to_string(),
        (1, 1, 4) => "tick".to_string(),
        (1, 1, 5) => "value-label".to_string(),
        (1, 1, 6) => "bar muted".to_string(),
        (1, 1, 7) => "bar highlight".to_string(),
        (1, 1, 8) => "category-label".to_string(),
        (1, 1, 9) => "axis-title".to_string(),
        (1, 1, 10) => "annotation".to_string(),
        (1, 1, 11) => "zero-line".to_string(),
        (2, i, 0) => format!("bar series-{i}"),
        (3, i, 0) => format!("line series-{i}"),
        (4, i, 0) => format!("point series-{i}"),
        (5, i, 0) => format!("area series-{i}"),
        _ => return None,
    };
    Some(class)
}

/// What the finished `<svg>` says about itself.
pub struct SvgMeta<'a> {
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
pub struct Standalone<'a> {
    pub css: &'a str,
    pub source: &'a str,
}

/// Height of the visible title band and source band of a standalone chart.
const TITLE_BAND: u32 = 44;
const SOURCE_BAND: u32 = 30;

/// Rewrites plotters' SVG in the house style. `standalone` adds the stylesheet, the title and
/// the source line so the file looks right, and says what it shows, on its own.
pub fn house_style(raw: &str, meta: &SvgMeta<'_>, standalone: Option<&Standalone<'_>>) -> String {
    let mut out = String::with_capacity(raw.len());
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
                out.push_str(&rewrite_element(trimmed));
            } else if trimmed.starts_with("</text>") {
                in_text = false;
                out.push_str(trimmed);
                out.push('\n');
            } else {
                out.push_str(&rewrite_element(trimmed));
                out.push('\n');
            }
        } else if in_text {
            // Text content (already escaped by plotters): keep it on the tag's line.
            out.push_str(trimmed);
        }
    }
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

/// Replaces marker colours by classes and drops presentation noise from one element.
fn rewrite_element(element: &str) -> String {
    let mut classes: Vec<String> = Vec::new();
    let mut attrs = String::with_capacity(element.len());
    let (tag, rest) = element.split_once(' ').unwrap_or((element, ""));
    let (rest, close) = if let Some(r) = rest.strip_suffix("/>") {
        (r, "/>")
    } else if let Some(r) = rest.strip_suffix('>') {
        (r, ">")
    } else {
        (rest, "")
    };
    for attr in split_attrs(rest) {
        let (name, value) = attr.split_once('=').unwrap_or((attr, ""));
        let value = value.trim_matches('"');
        match name {
            "opacity" if value == "1" => {}
            "font-family" => {}
            "fill" | "stroke" if value.starts_with('#') => match class_for(&value[1..]) {
                Some(class) => {
                    for c in class.split(' ') {
                        if !classes.iter().any(|k| k == c) {
                            classes.push(c.to_string());
                        }
                    }
                }
                None => attrs.push_str(&format!(" {name}=\"{value}\"")),
            },
            "font-size" => {
                let size: f64 = value.parse().unwrap_or(12.0);
                attrs.push_str(&format!(" font-size=\"{}\"", size.round()));
            }
            _ => attrs.push_str(&format!(" {attr}")),
        }
    }
    let class_attr = if classes.is_empty() {
        String::new()
    } else {
        format!(" class=\"{}\"", classes.join(" "))
    };
    format!("{tag}{class_attr}{attrs}{close}")
}

/// Splits `a="1" b="x y"` into attributes, respecting quotes.
fn split_attrs(text: &str) -> Vec<&str> {
    let mut attrs = Vec::new();
    let mut start = None;
    let mut in_quotes = false;
    for (i, ch) in text.char_indices() {
        match ch {
            '"' => in_quotes = !in_quotes,
            c if c.is_whitespace() && !in_quotes => {
                if let Some(s) = start.take() {
                    attrs.push(&text[s..i]);
                }
                continue;
            }
            _ => {}
        }
        if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        attrs.push(&text[s..]);
    }
    attrs
}

#[cfg(test)]
mod tests {
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
        let svg = house_style(raw, &meta, None);
        assert!(!svg.contains("width=\"10\""));
        assert!(svg.contains("viewBox=\"0 0 10 10\""));
        assert!(svg.contains("<title id=\"c-title\">&lt;b&gt;</title>"));
        assert!(svg.contains("<desc id=\"c-desc\">d &amp; e</desc>"));
    }
}
