//! [`wrap`]: the drawing made a chart: its viewBox, accessible title and description, and for a
//! chart's own file its stylesheet and the furniture drawn above and below it.

use crate::text::{escape_attr, escape_text};

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
    let mut out = String::with_capacity(
        body.len()
            + 512
            + standalone.map_or(0, |s| {
                s.fonts.iter().map(|f| f.len()).sum::<usize>() + s.css.len()
            }),
    );
    let title_id = format!("{}-title", meta.id);
    let desc_id = format!("{}-desc", meta.id);
    let height = match standalone {
        Some(extra) => meta.height + extra.head.1 + extra.foot.1,
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
        out.push_str(&format!(
            "<g transform=\"translate(0 {})\">\n",
            extra.head.1
        ));
    }
    out.push_str(body);
    if let Some(extra) = standalone {
        out.push_str(&format!(
            "</g>\n<g transform=\"translate(0 {})\">\n",
            extra.head.1 + meta.height
        ));
        out.push_str(extra.foot.0);
        out.push_str("</g>\n");
    }
    out.push_str("</svg>");
    out
}
