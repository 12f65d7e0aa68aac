//! The page's metadata, for search engines, social cards and crawlers: the description,
//! schema.org JSON-LD, `robots.txt`, `sitemap.xml` and the generator's name.

use crate::markdown::CrossRefs;
use crate::model::{Author, Brief};

pub(crate) fn generator() -> String {
    format!("brief {}", env!("CARGO_PKG_VERSION"))
}

/// The page description: the summary's first sentences as plain text, ~160 characters; its
/// cross-references read as on the page ("Figure 2").
pub(super) fn description(brief: &Brief, refs: &CrossRefs) -> String {
    let text = brief
        .meta
        .summary
        .as_deref()
        .or(brief.meta.subtitle.as_deref())
        .unwrap_or(&brief.meta.title);
    let plain: String = plain_text(text, refs);
    if plain.chars().count() <= 200 {
        return plain;
    }
    let mut out = String::new();
    for word in plain.split_whitespace() {
        if out.chars().count() + word.chars().count() > 190 {
            out.push('…');
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Markdown to plain text (for meta tags and JSON-LD), an empty `[](#id)` given its label.
fn plain_text(markdown: &str, refs: &CrossRefs) -> String {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut out = String::new();
    let mut events = Parser::new_ext(markdown, crate::text::options()).peekable();
    while let Some(event) = events.next() {
        match event {
            Event::Start(Tag::Link { dest_url, .. })
                if matches!(events.peek(), Some(Event::End(TagEnd::Link))) =>
            {
                let label = dest_url.strip_prefix('#').and_then(|id| refs.text(id));
                out.push_str(&label.unwrap_or_default());
            }
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_),
            ) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A schema.org `Person` (with the given and family names citations use) or `Organization`.
fn author(author: &Author) -> serde_json::Value {
    let Some(parts) = author.name_parts() else {
        return serde_json::json!({"@type": "Organization", "name": author.name});
    };
    let mut person = serde_json::json!({"@type": "Person", "name": author.name});
    person["familyName"] = parts.family.into();
    if let Some(given) = parts.given {
        person["givenName"] = given.into();
    }
    if let Some(suffix) = parts.suffix {
        person["honorificSuffix"] = suffix.into();
    }
    if let Some(aff) = &author.affiliation {
        person["affiliation"] = serde_json::json!({"@type": "Organization", "name": aff});
    }
    person
}

/// schema.org `Report` as JSON, safe to place inside `<script>`: `<`, `>` and `&` are escaped
/// as `\u003c`… so `</script>` in any value cannot close the element.
pub(crate) fn json_ld(brief: &Brief, refs: &CrossRefs) -> String {
    let meta = &brief.meta;
    let mut report = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Report",
        "headline": meta.title,
        "name": meta.title,
        "inLanguage": meta.language,
        "description": description(brief, refs),
        "author": meta.authors.iter().map(|a| author(&a.value)).collect::<Vec<_>>(),
    });
    if let Some(subtitle) = &meta.subtitle {
        report["alternativeHeadline"] = subtitle.clone().into();
    }
    if let Some(date) = &meta.date {
        report["datePublished"] = date.clone().into();
    }
    if let Some(updated) = &meta.updated {
        report["dateModified"] = updated.clone().into();
    }
    if let Some(org) = &meta.organization {
        report["publisher"] = serde_json::json!({"@type": "Organization", "name": org});
    }
    if let Some(url) = &meta.base_url {
        report["url"] = url.clone().into();
    }
    if let Some(license) = &meta.license {
        report["license"] = license.clone().into();
    }
    if !meta.keywords.is_empty() {
        report["keywords"] = meta.keywords.join(", ").into();
    }
    let json = serde_json::to_string(&report).unwrap_or_default();
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// `robots.txt`: everything may be crawled; the sitemap is named when `base_url` is known.
pub(crate) fn robots(brief: &Brief) -> String {
    let mut out = String::from("User-agent: *\nAllow: /\n");
    if let Some(base) = brief.meta.base_url.as_deref() {
        let base = base.trim_end_matches('/');
        out.push_str(&format!(
            "Sitemap: {}/sitemap.xml\n",
            base.split_whitespace().collect::<String>()
        ));
    }
    out
}

/// `sitemap.xml` for the site (one page per edition), when `base_url` is known.
pub(crate) fn sitemap(brief: &Brief) -> Option<String> {
    let base = brief.meta.base_url.as_deref()?;
    let base = if base.ends_with('/') {
        base.to_string()
    } else {
        format!("{base}/")
    };
    let lastmod = brief
        .meta
        .updated
        .as_deref()
        .or(brief.meta.date.as_deref())
        .map(|d| format!("<lastmod>{}</lastmod>", crate::text::escape_text(d)))
        .unwrap_or_default();
    if brief.editions.all.is_empty() {
        return Some(format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n  <url><loc>{}</loc>{lastmod}</url>\n</urlset>\n",
            crate::text::escape_text(&base)
        ));
    }
    // One entry per edition, each naming every edition (itself included) and the original
    // as x-default, as search engines read hreflang alternates from a sitemap.
    let url = |dir: &str| crate::text::escape_attr(&format!("{base}{dir}"));
    let mut alternates = String::new();
    for edition in &brief.editions.all {
        alternates.push_str(&format!(
            "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
            crate::text::escape_attr(&edition.language),
            url(&edition.dir)
        ));
    }
    alternates.push_str(&format!(
        "<xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>",
        url("")
    ));
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for edition in &brief.editions.all {
        out.push_str(&format!(
            "  <url><loc>{}</loc>{lastmod}{alternates}</url>\n",
            url(&edition.dir)
        ));
    }
    out.push_str("</urlset>\n");
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_plain_text() {
        assert_eq!(
            plain_text("A **bold** [link](x).\n\nNext.", &CrossRefs::default()),
            "A bold link. Next."
        );
    }
}
