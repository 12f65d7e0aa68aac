//! [`wrap`]: the drawing made a chart: its viewBox, accessible title and description, and for a
//! chart's own file its stylesheet and the furniture drawn above and below it.

use std::fmt::Write as _;

use crate::text::{escape_attr, markup_text};

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

/// What a chart saved on its own adds: its stylesheet, and what the page shows around the
/// chart (title, legend, source, notes), drawn above (`head`) and below (`foot`) it, each
/// with its height: the viewBox grows by both, so nothing is clipped.
pub(crate) struct Standalone<'a> {
    /// `@font-face` rules written before `css` (as is: they hold no `]]>`).
    pub fonts: &'a [&'a str],
    pub css: &'a str,
    pub head: (&'a str, u32),
    pub foot: (&'a str, u32),
}

/// The `<svg>` element around a drawing that repeats what a labelled one says (a later piece
/// of a chart printed in pieces): hidden from assistive technology, with no title or
/// description of its own.
pub(crate) fn wrap_hidden(class: &str, (width, height): (u32, u32), body: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart-svg chart-{}\" viewBox=\"0 0 {width} {height}\" aria-hidden=\"true\">\n{body}</svg>",
        escape_attr(class),
    )
}

/// The `<svg>` element around a drawing made with [`HouseSvg`]: the opening tag with its
/// viewBox, role, title and description. `standalone` adds the stylesheet, the title and the
/// source line so the file looks right, and says what it shows, on its own.
pub(crate) fn wrap(meta: &SvgMeta<'_>, standalone: Option<&Standalone<'_>>, body: &str) -> String {
    let mut out = String::new();
    wrap_into(&mut out, meta, standalone, body);
    out
}

/// [`wrap`] written at the end of `out`, which is given room for all of it first (a chart
/// file is mostly its fonts and stylesheet: growing the text as it is written copied them
/// again).
pub(crate) fn wrap_into(
    out: &mut String,
    meta: &SvgMeta<'_>,
    standalone: Option<&Standalone<'_>>,
    body: &str,
) {
    out.reserve(
        body.len()
            + 512
            + meta.title.len()
            + meta.desc.len()
            + standalone.map_or(0, |s| {
                s.fonts.iter().map(|f| f.len()).sum::<usize>()
                    + s.css.len()
                    + s.head.0.len()
                    + s.foot.0.len()
            }),
    );
    let height = match standalone {
        Some(extra) => meta.height + extra.head.1 + extra.foot.1,
        None => meta.height,
    };
    // The ids are `<id>-title` and `<id>-desc`, escaped as one attribute each.
    let id = markup_text(meta.id);
    let class = markup_text(meta.class);
    out.push_str("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart-svg chart-");
    attr(out, &class);
    let _ = write!(
        out,
        "\" viewBox=\"0 0 {} {height}\" role=\"img\" aria-labelledby=\"",
        meta.width
    );
    attr(out, &id);
    out.push_str("-title ");
    attr(out, &id);
    out.push_str("-desc\">\n<title id=\"");
    attr(out, &id);
    out.push_str("-title\">");
    body_text(out, meta.title);
    out.push_str("</title>\n<desc id=\"");
    attr(out, &id);
    out.push_str("-desc\">");
    body_text(out, meta.desc);
    out.push_str("</desc>\n");
    if let Some(extra) = standalone {
        // CDATA keeps `<` and `&` in the stylesheet from breaking the XML.
        out.push_str("<style><![CDATA[\n");
        for rule in extra.fonts {
            out.push_str(rule);
        }
        // (Searched for first: the stylesheet is written into every chart file.)
        if memchr::memmem::find(extra.css.as_bytes(), b"]]>").is_some() {
            out.push_str(&extra.css.replace("]]>", "]]]]><![CDATA[>"));
        } else {
            out.push_str(extra.css);
        }
        out.push_str("]]></style>\n");
        out.push_str(extra.head.0);
        let _ = writeln!(out, "<g transform=\"translate(0 {})\">", extra.head.1);
    }
    out.push_str(body);
    if let Some(extra) = standalone {
        let _ = writeln!(
            out,
            "</g>\n<g transform=\"translate(0 {})\">",
            extra.head.1 + meta.height
        );
        out.push_str(extra.foot.0);
        out.push_str("</g>\n");
    }
    out.push_str("</svg>");
}

/// `text` (already through [`markup_text`]) escaped into `out` as an attribute's value, as
/// [`escape_attr`] escapes it.
fn attr(out: &mut String, text: &str) {
    let _ = pulldown_cmark_escape::escape_html(&mut *out, text);
}

/// `text` escaped into `out` as [`crate::text::escape_text`] escapes it.
fn body_text(out: &mut String, text: &str) {
    let _ = pulldown_cmark_escape::escape_html_body_text(&mut *out, &markup_text(text));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::escape_text;

    /// The opening of [`wrap`] as it was first written: each piece escaped on its own and
    /// joined with `format!`.
    fn opening(meta: &SvgMeta<'_>, height: u32) -> String {
        let title_id = format!("{}-title", meta.id);
        let desc_id = format!("{}-desc", meta.id);
        format!(
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
        )
    }

    proptest::proptest! {
        /// Written piece by piece into one buffer, a chart's `<svg>` is what escaping each
        /// attribute and text whole gives, for any id, class, title and description (markup
        /// characters, quotes, control characters, line ends).
        #[test]
        fn written_in_place_as_escaped_whole(
            id in "[a-z0-9&<>\"'\r\n\t\u{0}\u{7f}\u{85}\u{fffe}é-]{0,12}",
            class in "[a-z&<\"\r\u{1}-]{0,8}",
            title in "[A-Za-z &<>\"'\r\n\u{c}\u{9f}’]{0,20}",
            desc in "[a-z &<>\"\r\n\u{b}\u{ffff}…]{0,20}",
            width in 0u32..2000,
            height in 0u32..2000,
            (head_h, foot_h) in (0u32..200, 0u32..200),
        ) {
            let meta = SvgMeta { id: &id, class: &class, title: &title, desc: &desc, width, height };
            let body = "<g>\n<rect/>\n</g>\n";
            let inline = wrap(&meta, None, body);
            proptest::prop_assert_eq!(&inline, &format!("{}{body}</svg>", opening(&meta, height)));

            let fonts = ["@font-face{a}\n", "@font-face{b}\n"];
            let extra = Standalone {
                fonts: &fonts,
                css: ".a{}]]>.b{}\n",
                head: ("<text>head</text>\n", head_h),
                foot: ("<text>foot</text>\n", foot_h),
            };
            let mut file = String::from("kept ");
            wrap_into(&mut file, &meta, Some(&extra), body);
            let expected = format!(
                "kept {}<style><![CDATA[\n@font-face{{a}}\n@font-face{{b}}\n.a{{}}]]]]><![CDATA[>.b{{}}\n]]></style>\n<text>head</text>\n<g transform=\"translate(0 {head_h})\">\n{body}</g>\n<g transform=\"translate(0 {})\">\n<text>foot</text>\n</g>\n</svg>",
                opening(&meta, height + head_h + foot_h),
                head_h + height,
            );
            proptest::prop_assert_eq!(file, expected);
        }
    }
}
