//! The furniture of a chart's own file (`charts/<id>.svg`): what the page shows around the
//! chart in HTML (title, subtitle, legend, source, notes), drawn in SVG and wrapped to the
//! chart's width, so the file stands alone and nothing in it is clipped.

use std::fmt::Write as _;

use super::layout::{Layout, text_width, wrap};
use super::measure::{self, Weight};
use super::style::{
    FILE_EDGE_PX, FILE_GAP_PX, FILE_NOTE_PX, FILE_SUBTITLE_PX, FILE_SWATCH_PX, FILE_TITLE_PX,
    LINE_HEIGHT,
};
use crate::text::{escape_text, strip_tags};

/// What is drawn around the chart, as the page shows it.
pub(crate) struct Furniture<'a> {
    pub(crate) title: &'a str,
    pub(crate) subtitle: &'a str,
    /// Each series' label and colour class, when there are several.
    pub(crate) legend: &'a [(String, String)],
    /// The source line with its label ("Source: World Bank"), as the page prints it.
    pub(crate) source: &'a str,
    /// The notes as [`notes_text`] gives them, after their label ("Note:" in the language).
    pub(crate) notes: &'a NotesText,
    pub(crate) note_label: &'a str,
}

/// The notes as plain text, each empty link to an id of the page kept as a stand-in word.
#[derive(Default)]
pub(crate) struct NotesText {
    text: String,
    /// The `href` (as written in the HTML) of each stand-in, by its number.
    links: Vec<String>,
}

/// A stand-in for a link: starts with `LINK_OPEN` and its number, padded with `LINK_PAD`
/// (private-use characters: no text from data is changed by them, and escaping keeps them).
const LINK_OPEN: char = '\u{E000}';
const LINK_PAD: char = '\u{E001}';
/// A link's stand-in is as wide as the longest label it may get ("Section 12"), or its id,
/// which an id with no label reads as.
const LINK_CHARS: usize = 10;

/// The notes' HTML (from `block_html`) as plain text for the file. An empty link to an id
/// (`[](#fig-2)`) reads "Figure 2" only once the document is numbered, after the chart is
/// drawn: it is kept as a stand-in word as wide as its label may be, written back as the same
/// empty link, which the cross-references fill as they fill the page's (`markdown/refs.rs`).
pub(crate) fn notes_text(html: &str) -> NotesText {
    const OPEN: &str = "<a href=\"#";
    const CLOSE: &str = "\"></a>";
    // Notes that hold the stand-ins' characters themselves keep them as text (their
    // cross-references are left out of the file).
    if html.contains([LINK_OPEN, LINK_PAD]) {
        return NotesText {
            text: strip_tags(html).trim().to_string(),
            links: Vec::new(),
        };
    }
    let mut links = Vec::new();
    let mut marked = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(OPEN) {
        let after = &rest[at + OPEN.len()..];
        let Some(end) = after
            .find('"')
            .filter(|&end| after[end..].starts_with(CLOSE))
        else {
            marked.push_str(&rest[..at + OPEN.len()]);
            rest = after;
            continue;
        };
        let href = &after[..end];
        marked.push_str(&rest[..at]);
        let number = links.len().to_string();
        marked.push(LINK_OPEN);
        marked.push_str(&number);
        let width = href.chars().count().max(LINK_CHARS);
        marked.extend(std::iter::repeat_n(
            LINK_PAD,
            width.saturating_sub(number.len() + 1),
        ));
        links.push(href.to_string());
        rest = &after[end + CLOSE.len()..];
    }
    marked.push_str(rest);
    NotesText {
        text: strip_tags(&marked).trim().to_string(),
        links,
    }
}

impl NotesText {
    fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The target of each cross-reference the notes hold, as written (`fig-2`).
    pub(crate) fn links(&self) -> &[String] {
        &self.links
    }

    /// An escaped line with its stand-ins made empty links again.
    fn relink(&self, escaped: &str) -> String {
        if self.links.is_empty() {
            return escaped.to_string();
        }
        let mut out = String::with_capacity(escaped.len());
        let mut chars = escaped.chars().peekable();
        while let Some(c) = chars.next() {
            if c != LINK_OPEN {
                out.push(c);
                continue;
            }
            let mut number = String::new();
            while let Some(d) = chars.next_if(char::is_ascii_digit) {
                number.push(d);
            }
            while chars.next_if_eq(&LINK_PAD).is_some() {}
            if let Some(href) = number.parse::<usize>().ok().and_then(|n| self.links.get(n)) {
                out.push_str(&format!("<a href=\"#{href}\"></a>"));
            }
        }
        out
    }
}

/// SVG elements stacked down from the top of a band, and the band's height so far.
struct Band {
    svg: String,
    y: f64,
    /// Left edge and usable width.
    left: f64,
    width: f64,
}

impl Band {
    fn new(layout: &Layout) -> Band {
        Band {
            svg: String::new(),
            y: f64::from(FILE_EDGE_PX),
            left: f64::from(FILE_EDGE_PX),
            width: f64::from(layout.width - 2 * FILE_EDGE_PX),
        }
    }

    /// `text` in `weight`, wrapped to the band's width, one `<text>` a line.
    fn paragraph(&mut self, class: &str, text: &str, px: f64, weight: Weight) {
        self.paragraph_with(class, text, (px, weight), &NotesText::default());
    }

    /// [`Band::paragraph`] with the stand-ins of `notes`' links made links again.
    fn paragraph_with(
        &mut self,
        class: &str,
        text: &str,
        (px, weight): (f64, Weight),
        notes: &NotesText,
    ) {
        let line_px = (px * LINE_HEIGHT).round();
        for line in measure::wrap(text, self.width, px, weight) {
            let escaped = notes.relink(&escape_text(&line));
            self.text_escaped(class, self.left, line_px, px, &escaped);
            self.y += line_px;
        }
    }

    /// One line of text whose line box starts at the band's `y`.
    fn text(&mut self, class: &str, x: f64, line_px: f64, px: f64, line: &str) {
        self.text_escaped(class, x, line_px, px, &escape_text(line));
    }

    fn text_escaped(&mut self, class: &str, x: f64, line_px: f64, px: f64, escaped: &str) {
        // The baseline sits so that the em box is centred in the line box.
        let baseline = self.y + (line_px + px) / 2.0 - px * 0.1;
        let _ = writeln!(
            self.svg,
            "<text class=\"{class}\" x=\"{x}\" y=\"{baseline:.1}\" font-size=\"{px}\">{escaped}</text>"
        );
    }

    /// The legend: a swatch and a label per series, flowed left to right and onto new rows;
    /// a label wider than the band wraps.
    fn legend(&mut self, items: &[(String, String)], px: f64) {
        let line_px = (px * LINE_HEIGHT).round();
        let swatch = f64::from(FILE_SWATCH_PX);
        let indent = swatch + px * 0.5;
        let gap = px * 1.5;

        let mut x = self.left;
        let mut row_lines = 0usize;
        for (label, class) in items {
            let lines = wrap(label, self.width - indent, px);
            let width = indent + text_width(lines.iter().cloned(), px, Weight::Regular);
            if x > self.left && x + width > self.left + self.width {
                self.y += row_lines as f64 * line_px;
                x = self.left;
                row_lines = 0;
            }
            let _ = writeln!(
                self.svg,
                "<rect class=\"legend-swatch {class}\" x=\"{x}\" y=\"{:.1}\" width=\"{swatch}\" height=\"{swatch}\"/>",
                self.y + (line_px - swatch) / 2.0
            );
            let top = self.y;
            for (j, line) in lines.iter().enumerate() {
                self.y = top + j as f64 * line_px;
                self.text("svg-legend", x + indent, line_px, px, line);
            }
            self.y = top;
            row_lines = row_lines.max(lines.len());
            x += width + gap;
        }
        self.y += row_lines as f64 * line_px;
    }

    fn gap(&mut self) {
        self.y += f64::from(FILE_GAP_PX);
    }

    fn finish(mut self) -> (String, u32) {
        self.y += f64::from(FILE_EDGE_PX);
        (self.svg, self.y.ceil() as u32)
    }
}

/// The band above the chart (title, subtitle, legend) and the band below it (source, notes),
/// each with its height, for a chart drawn at `layout`.
pub(crate) fn furniture(f: &Furniture<'_>, layout: &Layout) -> ((String, u32), (String, u32)) {
    let mut head = Band::new(layout);
    head.paragraph("svg-title", f.title, FILE_TITLE_PX, Weight::Bold);
    if !f.subtitle.is_empty() {
        head.paragraph(
            "svg-subtitle",
            f.subtitle,
            FILE_SUBTITLE_PX,
            Weight::Regular,
        );
    }
    if !f.legend.is_empty() {
        head.gap();
        head.legend(f.legend, layout.text);
    }
    head.gap();
    let mut foot = Band::new(layout);
    if !f.source.is_empty() {
        foot.paragraph("svg-source", f.source, FILE_NOTE_PX, Weight::Regular);
    }
    if !f.notes.is_empty() {
        foot.paragraph_with(
            "svg-note",
            &format!("{} {}", f.note_label, f.notes.text),
            (FILE_NOTE_PX, Weight::Regular),
            f.notes,
        );
    }
    (head.finish(), foot.finish())
}

#[cfg(test)]
mod tests {
    use super::super::layout::WIDE;
    use super::*;

    #[test]
    fn long_lines_wrap_and_the_bands_grow_with_them() {
        let legend = [
            ("Grids".to_string(), "series-0".to_string()),
            ("Solar".to_string(), "series-1".to_string()),
        ];
        let none = NotesText::default();
        let short = Furniture {
            title: "T",
            subtitle: "",
            legend: &legend,
            source: "S",
            notes: &none,
            note_label: "Note:",
        };
        let long_source = "word ".repeat(60);
        let note = notes_text("<p>A note &amp; more</p>\n");
        let long = Furniture {
            source: &long_source,
            notes: &note,
            note_label: "Note:",
            ..short
        };
        let ((_, head), (_, foot_short)) = furniture(&short, &WIDE);
        let ((_, _), (foot, foot_long)) = furniture(&long, &WIDE);
        assert!(head > 40, "{head}");
        assert!(foot_long > foot_short * 2, "{foot_short} {foot_long}");
        assert!(foot.matches("svg-source").count() > 2, "{foot}");
        assert!(foot.contains("Note: A note &amp; more"), "{foot}");
    }

    /// A cross-reference in the notes stays an empty link in the file, for the document's
    /// numbering to fill; the line it is on is wrapped as if it held its label.
    #[test]
    fn cross_references_in_notes_stay_links_to_fill() {
        let html = "<p>As in <a href=\"#fig-a\"></a> and <a href=\"#tbl-b\"></a>; \
                    see <a href=\"https://x.org\">the data</a>.</p>\n";
        let notes = notes_text(html);
        let f = Furniture {
            title: "T",
            subtitle: "",
            legend: &[],
            source: "",
            notes: &notes,
            note_label: "Note:",
        };
        let ((_, _), (foot, _)) = furniture(&f, &WIDE);
        assert!(
            foot.contains(
                "Note: As in <a href=\"#fig-a\"></a> and <a href=\"#tbl-b\"></a>; see the data."
            ),
            "{foot}"
        );
        assert!(!foot.contains(LINK_OPEN) && !foot.contains(LINK_PAD));
        // Notes holding those characters keep them as they are, and make no link.
        let odd = notes_text("<p>\u{E000}0 <a href=\"#fig-a\"></a></p>");
        assert_eq!(odd.relink(&odd.text), "\u{E000}0");
        // Each stand-in counts as ten characters when the line is wrapped.
        assert_eq!(
            notes.text.chars().count(),
            "As in  and ; see the data.".len() + 20
        );
    }
}
