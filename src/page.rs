//! Page stage: the rendered sections and the brief's metadata become the page context, and
//! Tera renders `brief.html`. Also the page's metadata: dates, JSON-LD, citation, sitemap.

use serde::Serialize;
use tera::{Context, Value};

use crate::date::Date;
use crate::diagnostics::Diagnostic;
use crate::markdown::{RenderedDocument, RenderedSection, TocEntry};
use crate::model::{Author, Brief};
use crate::text::{block_html, inline_html};
use crate::theme::Theme;

/// Words per minute for the "min read" estimate.
const READING_SPEED: usize = 230;

#[derive(Serialize)]
struct BriefContext<'a> {
    title: &'a str,
    title_html: String,
    subtitle: &'a str,
    authors: &'a [Author],
    organization: &'a str,
    date: &'a str,
    date_display: String,
    updated: &'a str,
    updated_display: String,
    language: &'a str,
    base_url: &'a str,
    license: &'a str,
    keywords: &'a [String],
    summary_html: String,
    key_takeaways_html: Vec<String>,
    cite_text: String,
    reading_minutes: usize,
}

#[derive(Serialize)]
struct TocItem<'a> {
    id: &'a str,
    number: usize,
    title_html: &'a str,
    children: &'a [TocEntry],
}

#[derive(Serialize)]
struct DatasetLink<'a> {
    name: &'a str,
    title: &'a str,
    csv: String,
    source_name: &'a str,
    source_url: &'a str,
}

/// Optional extra outputs the page links to when they are built.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Downloads {
    pub pdf: String,
    pub standalone: String,
}

/// Settings that vary per output (the website, the standalone file, the dev server).
#[derive(Debug, Clone, Default)]
pub struct PageOptions {
    pub downloads: Downloads,
    /// A script the dev server injects to reload the page.
    pub reload_script: String,
    /// The stylesheet's text, for the self-contained file (`None`: link `style.css`).
    pub inline_css: Option<String>,
    /// The paper size (`@page { size }`) when the brief sets one; `None` leaves the
    /// stylesheet's own (A4).
    pub page_size: Option<&'static str>,
}

/// Renders the report page.
pub fn render_page(
    brief: &Brief,
    theme: &Theme,
    document: &RenderedDocument,
    options: &PageOptions,
) -> Result<String, Diagnostic> {
    match render_shell(brief, theme, document, options) {
        Some(shell) => finish_page(&shell?, brief, theme, document, options),
        None => render_plain(brief, theme, document, options),
    }
}

/// The page with a marker in place of each section's HTML, which [`splice`] puts in: it
/// needs only the document's outline, so it can be made while the sections are. `None` when
/// the brief has its own page templates, which get the HTML itself.
///
/// The default page templates only print each section's HTML (`{{ s.html | safe }}`), so
/// they can take a short marker instead: megabytes of sections are then not copied through
/// Tera's values three times. A user's own template (the page's or one it extends or
/// includes) may do anything with the HTML.
pub fn render_shell(
    brief: &Brief,
    theme: &Theme,
    outline: &RenderedDocument,
    options: &PageOptions,
) -> Option<Result<String, Diagnostic>> {
    let splice = PAGE_TEMPLATES.iter().all(|name| theme.is_default(name));
    splice.then(|| theme.render("brief.html", &context(brief, outline, options, true)))
}

/// The page: `shell` with each section's HTML in place of its marker.
fn finish_page(
    shell: &str,
    brief: &Brief,
    theme: &Theme,
    document: &RenderedDocument,
    options: &PageOptions,
) -> Result<String, Diagnostic> {
    match splice(shell, &document.sections) {
        Some(pieces) => Ok(pieces.concat()),
        None => render_plain(brief, theme, document, options),
    }
}

/// The page rendered with each section's HTML passed to the templates: what a brief's own
/// templates get, and what the default ones get when a marker went missing or appears where
/// it should not (the brief's own text can hold anything). Gives the same page.
pub fn render_plain(
    brief: &Brief,
    theme: &Theme,
    document: &RenderedDocument,
    options: &PageOptions,
) -> Result<String, Diagnostic> {
    theme.render("brief.html", &context(brief, document, options, false))
}

/// What the page templates see. With `markers`, each section's HTML is a marker.
fn context(
    brief: &Brief,
    document: &RenderedDocument,
    options: &PageOptions,
    markers: bool,
) -> Context {
    let meta = &brief.meta;
    let words: usize = document.sections.iter().map(|s| s.words).sum::<usize>()
        + crate::text::count_words(meta.summary.as_deref().unwrap_or(""));
    let brief_context = BriefContext {
        title: &meta.title,
        title_html: inline_html(&meta.title),
        subtitle: meta.subtitle.as_deref().unwrap_or(""),
        authors: &meta.authors,
        organization: meta.organization.as_deref().unwrap_or(""),
        date: meta.date.as_deref().unwrap_or(""),
        date_display: brief.date.map(Date::long).unwrap_or_default(),
        updated: meta.updated.as_deref().unwrap_or(""),
        updated_display: brief.updated.map(Date::long).unwrap_or_default(),
        language: &meta.language,
        base_url: meta.base_url.as_deref().unwrap_or(""),
        license: meta.license.as_deref().unwrap_or(""),
        keywords: &meta.keywords,
        summary_html: meta.summary.as_deref().map(block_html).unwrap_or_default(),
        key_takeaways_html: meta.key_takeaways.iter().map(|t| inline_html(t)).collect(),
        cite_text: meta
            .cite_as
            .clone()
            .unwrap_or_else(|| crate::text::strip_tags(&crate::cite::apa_html(brief))),
        reading_minutes: words.div_ceil(READING_SPEED).max(1),
    };
    let toc: Vec<TocItem> = document.sections.iter().map(toc_item).collect();
    let used: std::collections::BTreeSet<&str> =
        document.datasets.iter().map(String::as_str).collect();
    let datasets: Vec<DatasetLink> = brief
        .datasets
        .iter()
        .filter(|d| used.contains(d.name.as_str()))
        .map(|d| DatasetLink {
            name: &d.name,
            title: &d.title,
            csv: d.csv_path(),
            source_name: d.source.as_ref().map_or("", |s| s.name.as_str()),
            source_url: d
                .source
                .as_ref()
                .and_then(|s| s.url.as_deref())
                .unwrap_or(""),
        })
        .collect();

    let mut context = Context::new();
    context.insert("brief", &brief_context);
    context.insert("description", &description(brief));
    context.insert("canonical_url", meta.base_url.as_deref().unwrap_or(""));
    let views: Vec<SectionView> = document
        .sections
        .iter()
        .enumerate()
        .map(|(i, section)| SectionView::new(section, markers.then_some(i)))
        .collect();
    // The three lists that grow with the brief are turned into Tera's values side by side.
    let (sections_value, (toc_value, footnotes_value)) = rayon::join(
        || Value::from_serializable(&views),
        || {
            rayon::join(
                || Value::from_serializable(&toc),
                || Value::from_serializable(&document.footnotes),
            )
        },
    );
    context.insert_value("sections", sections_value);
    context.insert_value("toc", toc_value);
    context.insert_value("footnotes", footnotes_value);
    context.insert("datasets", &datasets);
    context.insert("downloads", &options.downloads);
    context.insert("json_ld", &json_ld(brief));
    context.insert("cite", &crate::cite::citations(brief));
    context.insert("generator", &generator());
    context.insert("root", "");
    context.insert("reload_script", &options.reload_script);
    context.insert("inline_css", &options.inline_css);
    context.insert("page_size", &options.page_size);
    context
}

/// The templates that render the page and see its context: `brief.html`, the one it extends
/// and the one that one includes.
const PAGE_TEMPLATES: [&str; 3] = ["brief.html", "base.html", "partials/head_meta.html"];

/// A section as the page template sees it: [`RenderedSection`] with, when spliced, a marker
/// in place of its HTML.
#[derive(Serialize)]
struct SectionView<'a> {
    id: &'a str,
    number: usize,
    title_html: &'a str,
    title_text: &'a str,
    html: std::borrow::Cow<'a, str>,
    children: &'a [TocEntry],
    words: usize,
}

impl<'a> SectionView<'a> {
    fn new(section: &'a RenderedSection, marker: Option<usize>) -> Self {
        SectionView {
            id: &section.id,
            number: section.number,
            title_html: &section.title_html,
            title_text: &section.title_text,
            html: match marker {
                Some(index) => format!("{SECTION_MARKER}{index}{MARKER_END}").into(),
                None => section.html.as_str().into(),
            },
            children: &section.children,
            words: section.words,
        }
    }
}

/// Stands for a section's HTML in the rendered page. Escaping would change its `<`, so a
/// template that printed it escaped leaves no marker and the page is rendered plainly.
const SECTION_MARKER: &str = "<!--\u{1}brief-section:";
const MARKER_END: &str = "\u{1}-->";

/// The page as pieces to put one after another: the shell's text between markers and each
/// section's HTML in its marker's place. `None` unless every marker appears exactly once, in
/// order, and nothing else looks like one. A build writes the pieces straight to the file, so
/// the page is never copied whole.
pub fn splice<'a>(shell: &'a str, sections: &'a [RenderedSection]) -> Option<Vec<&'a str>> {
    let mut pieces = Vec::with_capacity(2 * sections.len() + 1);
    let mut rest = shell;
    for (index, section) in sections.iter().enumerate() {
        let at = rest.find(SECTION_MARKER)?;
        let after = &rest[at + SECTION_MARKER.len()..];
        let end = after.find(MARKER_END)?;
        if after[..end] != *index.to_string() {
            return None;
        }
        pieces.push(&rest[..at]);
        pieces.push(section.html.as_str());
        rest = &after[end + MARKER_END.len()..];
    }
    if rest.contains(SECTION_MARKER) {
        return None;
    }
    pieces.push(rest);
    Some(pieces)
}

fn toc_item(section: &RenderedSection) -> TocItem<'_> {
    TocItem {
        id: &section.id,
        number: section.number,
        title_html: &section.title_html,
        children: &section.children,
    }
}

pub fn generator() -> String {
    format!("brief {}", env!("CARGO_PKG_VERSION"))
}

/// The page description: the summary's first sentences as plain text, ~160 characters.
fn description(brief: &Brief) -> String {
    let text = brief
        .meta
        .summary
        .as_deref()
        .or(brief.meta.subtitle.as_deref())
        .unwrap_or(&brief.meta.title);
    let plain: String = plain_text(text);
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

/// Markdown to plain text (for meta tags and JSON-LD).
fn plain_text(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser, TagEnd};
    let mut out = String::new();
    for event in Parser::new_ext(markdown, crate::text::options()) {
        match event {
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

/// schema.org `Report` as JSON, safe to place inside `<script>`: `<`, `>` and `&` are escaped
/// as `\u003c`… so `</script>` in any value cannot close the element.
pub fn json_ld(brief: &Brief) -> String {
    let meta = &brief.meta;
    let mut report = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Report",
        "headline": meta.title,
        "name": meta.title,
        "inLanguage": meta.language,
        "description": description(brief),
        "author": meta.authors.iter().map(|a| {
            let mut person = serde_json::json!({"@type": "Person", "name": a.name});
            if let Some(aff) = &a.affiliation {
                person["affiliation"] = serde_json::json!({"@type": "Organization", "name": aff});
            }
            person
        }).collect::<Vec<_>>(),
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
pub fn robots(brief: &Brief) -> String {
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

/// `sitemap.xml` for the site (one page), when `base_url` is known.
pub fn sitemap(brief: &Brief) -> Option<String> {
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
    Some(format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n  <url><loc>{}</loc>{lastmod}</url>\n</urlset>\n",
        crate::text::escape_text(&base)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(html: &str) -> RenderedSection {
        RenderedSection {
            id: "s".into(),
            number: 1,
            title_html: String::new(),
            title_text: String::new(),
            html: html.into(),
            children: Vec::new(),
            words: 0,
        }
    }

    fn marker(index: usize) -> String {
        format!("{SECTION_MARKER}{index}{MARKER_END}")
    }

    #[test]
    fn sections_are_spliced_in_place_of_their_markers() {
        let sections = [section("<p>one</p>"), section("<p>two</p>")];
        let page = format!("<main>{}|{}</main>", marker(0), marker(1));
        assert_eq!(
            splice(&page, &sections).map(|p| p.concat()).as_deref(),
            Some("<main><p>one</p>|<p>two</p></main>")
        );
    }

    #[test]
    fn a_missing_repeated_or_stray_marker_refuses_the_splice() {
        let sections = [section("<p>one</p>"), section("<p>two</p>")];
        for page in [
            marker(0),
            format!("{}{}", marker(1), marker(0)),
            format!("{}{}{}", marker(0), marker(1), marker(1)),
            format!("{}{}", marker(0), marker(0)),
            format!("{}{}{SECTION_MARKER}", marker(0), marker(1)),
            // Printed escaped: no `<` left, no marker found.
            format!("{}&lt;{}", marker(0), &marker(1)[1..]),
        ] {
            assert_eq!(splice(&page, &sections), None, "{page:?}");
        }
    }

    #[test]
    fn markdown_becomes_plain_text() {
        assert_eq!(
            plain_text("A **bold** [link](x).\n\nNext."),
            "A bold link. Next."
        );
    }
}
