//! [`wrap`]: the drawing made a chart: its viewBox, accessible title and description, and for a
//! chart's own file its title band and source line.

use crate::text::{escape_attr, escape_text, says_source};

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
            // No "Source: " before a name that says it already ("Source brief: …").
            let label = if says_source(extra.source) {
                ""
            } else {
                "Source: "
            };
            out.push_str(&format!(
                "<text class=\"svg-source\" x=\"8\" y=\"{}\" font-size=\"12\">{label}{}</text>\n",
                height - 10,
                escape_text(extra.source)
            ));
        }
    }
    out.push_str("</svg>");
    out
}
