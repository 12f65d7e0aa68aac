//! `sanitize: true`: a section's HTML cleaned of what third-party Markdown could smuggle in,
//! brief's own markup and figures kept.

use std::sync::Arc;

use crate::blocks::RenderedBlock;

/// `sanitize: true`: the section's HTML, raw HTML included, is cleaned with ammonia (no
/// scripts, event handlers, styles, iframes, forms or unsafe URLs), keeping what brief itself
/// writes (ids, classes, ARIA, the task-list checkboxes). Figures and tables are generated
/// from data (already escaped) and cleaning would strip their SVG, so they stand in the HTML
/// as `<brief-block>` placeholders while it is cleaned and are put back after.
pub(super) fn sanitize(html: &str, blocks: &[Arc<RenderedBlock>]) -> String {
    let mut builder = ammonia::Builder::default();
    builder
        .link_rel(None)
        .add_generic_attributes([
            "id",
            "class",
            "role",
            "tabindex",
            "aria-label",
            "aria-hidden",
            "aria-labelledby",
        ])
        .add_tags(["input", "brief-block"])
        .add_tag_attributes("input", ["type", "disabled", "checked"])
        .add_tag_attributes("brief-block", ["data-index"])
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"]);
    let clean = builder.clean(html).to_string();
    // Each placeholder once, in order: one that the author typed is left empty.
    let mut out = String::with_capacity(clean.len());
    let mut rest = clean.as_str();
    let mut next = 0;
    while let Some(start) = rest.find("<brief-block data-index=\"") {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let end = after
            .find("</brief-block>")
            .map_or(after.len(), |e| e + "</brief-block>".len());
        let wanted = format!("<brief-block data-index=\"{next}\"></brief-block>");
        if after[..end] == wanted
            && let Some(block) = blocks.get(next)
        {
            out.push_str(&block.html);
            next += 1;
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}
