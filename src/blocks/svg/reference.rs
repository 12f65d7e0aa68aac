//! The house style as it was first made: plotters' own `SVGBackend`, then a rewrite of its
//! text. Kept as the reference [`HouseSvg`] is tested against.

use std::fmt::Write as _;

use super::classes_of;
use crate::blocks::chart::style::FULL_TEXT_MARK;

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
            // Text content (already escaped by plotters): keep it on the tag's line; a
            // shortened label's full text (after the mark) becomes its `<title>`.
            match trimmed.split_once(FULL_TEXT_MARK) {
                Some((shown, full)) => {
                    let _ = write!(out, "{}<title>{}</title>", shown.trim(), full.trim());
                }
                None => out.push_str(trimmed),
            }
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
