//! Page stage: the one place the page is put together. Its shell is laid out from the
//! document's outline ([`lay_out`]), the sections' HTML put into it ([`assemble`]); build,
//! serve and the standalone file all go through here. The page's metadata (JSON-LD, sitemap,
//! robots.txt) is in [`meta`].

use std::sync::Arc;

use serde::Serialize;
use tera::{Context, Value};

use crate::cache::{Cache, Digest};
use crate::diagnostics::Diagnostic;
use crate::markdown::{Document, Outline, SectionHead, TocEntry};
use crate::model::{Author, Brief};
use crate::text::{block_html, inline_html, title_html};
use crate::theme::Theme;
use serde_saphyr::Spanned;

mod meta;

use meta::description;
pub(crate) use meta::{generator, json_ld, robots, sitemap};

/// Words per minute for the "min read" estimate.
const READING_SPEED: usize = 230;

#[derive(Serialize)]
struct BriefContext<'a> {
    title: &'a str,
    title_html: String,
    subtitle: &'a str,
    authors: &'a [Spanned<Author>],
    organization: &'a str,
    date: &'a str,
    date_display: String,
    updated: &'a str,
    updated_display: String,
    language: &'a str,
    /// `rtl` for a language written right to left, else `ltr`.
    direction: &'static str,
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
    /// The section's language when it is not the page's, so the contents entry of an
    /// untranslated section is read in its language, as the section is.
    lang: Option<&'a str>,
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
pub(crate) struct Downloads {
    pub pdf: String,
    pub standalone: String,
}

/// Settings that vary per output (the website, the standalone file, the dev server).
#[derive(Debug, Clone, Default)]
pub(crate) struct PageOptions {
    pub downloads: Downloads,
    /// A script the dev server injects to reload the page.
    pub reload_script: String,
    /// The stylesheet's text, for the self-contained file (`None`: link `style.css`).
    pub inline_css: Option<String>,
    /// The paper size (`@page { size }`) when the brief sets one; `None` leaves the
    /// stylesheet's own (A4).
    pub page_size: Option<&'static str>,
    /// A page that stands alone (the single-file HTML): no links to the other editions.
    pub alone: bool,
}

/// Another edition (or this one), as the page links to it: `<link rel="alternate">` and the
/// language switcher.
#[derive(Serialize)]
struct EditionView<'a> {
    language: &'a str,
    name: &'a str,
    href: String,
    current: bool,
}

/// The page's links to every edition, itself included; empty for a brief without
/// translations or a page that stands alone.
fn edition_views<'a>(brief: &'a Brief, options: &PageOptions) -> Vec<EditionView<'a>> {
    if options.alone {
        return Vec::new();
    }
    let editions = &brief.editions;
    let up = editions.to_root();
    editions
        .all
        .iter()
        .enumerate()
        .map(|(i, e)| EditionView {
            language: &e.language,
            name: &e.name,
            href: match &e.url {
                Some(url) => url.clone(),
                None if up.is_empty() && e.dir.is_empty() => "./".to_string(),
                None => format!("{up}{}", e.dir),
            },
            current: i == editions.this,
        })
        .collect()
}

/// The page laid out from the document's [`Outline`], with a marker in place of each
/// section's HTML, which [`assemble`] replaces: it can be made while the sections are.
///
/// The default page templates only print each section's HTML (`{{ s.html | safe }}`), so
/// they can take a short marker instead: megabytes of sections are then not copied through
/// Tera's values three times. A brief with its own page templates (the page's or one it
/// extends or includes) gets no shell: its templates may do anything with the HTML, so they
/// are given it.
pub(crate) struct Shell(Option<Result<Arc<String>, Diagnostic>>);

/// Shells rendered by earlier builds (see [`crate::cache`]), by a digest of everything they
/// are rendered from: an edit that changes no title, heading, note or metadata reuses the
/// shell.
pub(crate) type ShellCache = Cache<Arc<String>>;

/// Lays out the page's shell (see [`Shell`]), taking it from `cache` when nothing it is
/// rendered from changed.
pub(crate) fn lay_out(
    brief: &Brief,
    theme: &Theme,
    outline: &Outline,
    options: &PageOptions,
    cache: Option<&ShellCache>,
) -> Shell {
    let splice = PAGE_TEMPLATES.iter().all(|name| theme.is_default(name));
    if !splice {
        return Shell(None);
    }
    let parts = PageParts::new(brief, theme, outline, options);
    let render = |parts| {
        theme
            .render("brief.html", &context(parts, outline, None))
            .map(Arc::new)
    };
    Shell(Some(match cache {
        Some(cache) => cache.get_or_try(shell_key(theme, &parts, outline), || render(parts)),
        None => render(parts),
    }))
}

/// The finished page: the shell's text with the sections' HTML between its pieces, or the
/// page rendered in one piece.
pub(crate) enum Page<'a> {
    Pieces(Vec<&'a str>),
    Whole(String),
}

impl Page<'_> {
    /// The pieces to write one after another (a build writes them straight to the file, so
    /// the page is never copied whole).
    pub(crate) fn pieces(&self) -> Vec<&str> {
        match self {
            Page::Pieces(pieces) => pieces.clone(),
            Page::Whole(html) => vec![html.as_str()],
        }
    }

    pub(crate) fn into_string(self) -> String {
        match self {
            Page::Pieces(pieces) => pieces.concat(),
            Page::Whole(html) => html,
        }
    }
}

/// Puts the sections' HTML into the shell. When there is no shell (a brief's own templates),
/// or a marker went missing or appears where it should not (the brief's own text can hold
/// anything), the page is rendered with each section's HTML passed to the templates: the
/// same page.
pub(crate) fn assemble<'a>(
    shell: &'a Shell,
    brief: &Brief,
    theme: &Theme,
    document: &'a Document,
    options: &PageOptions,
) -> Result<Page<'a>, Diagnostic> {
    match &shell.0 {
        Some(Err(d)) => return Err(d.clone()),
        Some(Ok(shell)) => {
            if let Some(pieces) = splice(shell, &document.bodies) {
                return Ok(Page::Pieces(pieces));
            }
        }
        None => {}
    }
    let parts = PageParts::new(brief, theme, &document.outline, options);
    let context = context(parts, &document.outline, Some(&document.bodies));
    theme.render("brief.html", &context).map(Page::Whole)
}

/// The whole page, laid out and assembled in one go (the standalone file).
pub(crate) fn render_page(
    brief: &Brief,
    theme: &Theme,
    document: &Document,
    options: &PageOptions,
) -> Result<String, Diagnostic> {
    let shell = lay_out(brief, theme, &document.outline, options, None);
    assemble(&shell, brief, theme, document, options).map(Page::into_string)
}

/// What the page templates see besides the sections, the contents and the notes: small
/// values made from the brief's metadata and the outline's cross-references.
#[derive(Serialize)]
struct PageParts<'a> {
    brief: BriefContext<'a>,
    description: String,
    canonical_url: &'a str,
    datasets: Vec<DatasetLink<'a>>,
    downloads: &'a Downloads,
    json_ld: String,
    cite: crate::cite::Citations,
    generator: String,
    reload_script: &'a str,
    /// The path to the site's root, where the files every edition shares are (the theme's).
    root: &'a str,
    inline_css: &'a Option<String>,
    page_size: &'a Option<&'static str>,
    /// The language's strings (`t.contents`) and the print footer's counter made from them.
    t: &'a indexmap::IndexMap<String, String>,
    page_counter: String,
    /// Every edition of the brief, as the page links to it, and the edition's own note.
    editions: Vec<EditionView<'a>>,
    edition_note_html: String,
    /// Each section's language when it is not the page's (a translation's section shown in
    /// the original).
    section_langs: Vec<Option<&'a str>>,
}

impl<'a> PageParts<'a> {
    fn new(
        brief: &'a Brief,
        theme: &'a Theme,
        outline: &Outline,
        options: &'a PageOptions,
    ) -> Self {
        let meta = &brief.meta;
        let words: usize = outline.sections.iter().map(|s| s.words).sum::<usize>()
            + crate::text::count_words(meta.summary.as_deref().unwrap_or(""));
        let brief_context = BriefContext {
            title: &meta.title,
            title_html: title_html(&meta.title),
            subtitle: meta.subtitle.as_deref().unwrap_or(""),
            authors: &meta.authors,
            organization: meta.organization.as_deref().unwrap_or(""),
            date: meta.date.as_deref().unwrap_or(""),
            date_display: brief.date.map(|d| brief.locale.date(d)).unwrap_or_default(),
            updated: meta.updated.as_deref().unwrap_or(""),
            updated_display: brief
                .updated
                .map(|d| brief.locale.date(d))
                .unwrap_or_default(),
            language: &meta.language,
            direction: if brief.locale.right_to_left {
                "rtl"
            } else {
                "ltr"
            },
            base_url: meta.base_url.as_deref().unwrap_or(""),
            license: meta.license.as_deref().unwrap_or(""),
            keywords: &meta.keywords,
            summary_html: meta
                .summary
                .as_deref()
                .map(|s| outline.refs.fill(block_html(s)))
                .unwrap_or_default(),
            key_takeaways_html: meta
                .key_takeaways
                .iter()
                .map(|t| outline.refs.fill(inline_html(t)))
                .collect(),
            cite_text: meta
                .cite_as
                .clone()
                .unwrap_or_else(|| crate::text::strip_tags(&crate::cite::apa_html(brief))),
            reading_minutes: words.div_ceil(READING_SPEED).max(1),
        };
        let datasets: Vec<DatasetLink> = outline
            .datasets
            .iter()
            .filter_map(|name| brief.dataset(name))
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
        PageParts {
            brief: brief_context,
            description: description(brief, &outline.refs),
            canonical_url: meta.base_url.as_deref().unwrap_or(""),
            datasets,
            downloads: &options.downloads,
            json_ld: json_ld(brief, &outline.refs),
            cite: crate::cite::citations(brief),
            generator: generator(),
            reload_script: &options.reload_script,
            root: theme.root(),
            inline_css: &options.inline_css,
            page_size: &options.page_size,
            t: brief.locale.strings(),
            page_counter: page_counter(brief.locale.text("page_of")),
            editions: edition_views(brief, options),
            edition_note_html: brief
                .editions
                .note
                .as_deref()
                .map(|n| outline.refs.fill(block_html(n)))
                .unwrap_or_default(),
            section_langs: brief.sections.iter().map(|s| s.lang.as_deref()).collect(),
        }
    }
}

/// A digest of everything the shell is rendered from: the templates, the page's small values,
/// and the outline's sections and notes (what the contents and the sections' markers are made
/// from). Serialized as the templates would see them, so that nothing they read is left out.
fn shell_key(theme: &Theme, parts: &PageParts<'_>, outline: &Outline) -> u64 {
    let mut digest = Digest::default();
    digest.add(&theme.fingerprint());
    digest.add(parts);
    // Each section but its word count, which the page templates do not show (only the
    // reading time, in `parts`): an edit that changes no title, heading or note keeps the
    // shell (`the_page_templates_show_no_sections_words` checks the templates).
    for s in &outline.sections {
        digest.add(&(&s.id, s.number, &s.title_html, &s.title_text, &s.children));
    }
    digest.add(&outline.footnotes);
    digest.finish()
}

/// What the page templates see. Without `bodies`, each section's HTML is a marker.
fn context(parts: PageParts<'_>, outline: &Outline, bodies: Option<&[Arc<String>]>) -> Context {
    let toc: Vec<TocItem> = outline
        .sections
        .iter()
        .enumerate()
        .map(|(i, section)| TocItem {
            lang: parts.section_langs.get(i).copied().flatten(),
            ..toc_item(section)
        })
        .collect();
    let mut context = Context::new();
    context.insert("brief", &parts.brief);
    context.insert("description", &parts.description);
    context.insert("canonical_url", parts.canonical_url);
    let views: Vec<SectionView> = outline
        .sections
        .iter()
        .enumerate()
        .map(|(i, section)| {
            let mut view = SectionView::new(section, bodies.map(|b| b[i].as_str()), i);
            view.lang = parts.section_langs.get(i).copied().flatten();
            view
        })
        .collect();
    // The three lists that grow with the brief are turned into Tera's values side by side.
    let (sections_value, (toc_value, footnotes_value)) = rayon::join(
        || Value::from_serializable(&views),
        || {
            rayon::join(
                || Value::from_serializable(&toc),
                || Value::from_serializable(&footnote_views(outline, parts.t)),
            )
        },
    );
    context.insert_value("sections", sections_value);
    context.insert_value("toc", toc_value);
    context.insert_value("footnotes", footnotes_value);
    context.insert("datasets", &parts.datasets);
    context.insert("downloads", parts.downloads);
    context.insert("json_ld", &parts.json_ld);
    context.insert("cite", &parts.cite);
    context.insert("generator", &parts.generator);
    context.insert("root", parts.root);
    context.insert("reload_script", parts.reload_script);
    context.insert("inline_css", parts.inline_css);
    context.insert("page_size", parts.page_size);
    context.insert("t", parts.t);
    context.insert("page_counter", &parts.page_counter);
    context.insert("editions", &parts.editions);
    context.insert("edition_note_html", &parts.edition_note_html);
    context
}

/// A note as the page template sees it: the [`crate::markdown::Footnote`]'s fields, and each link back with the
/// label assistive technology reads ("Back to reference 3 (2)").
#[derive(Serialize)]
struct FootnoteView<'a> {
    id: &'a str,
    number: usize,
    html: &'a str,
    backrefs: Vec<BackrefView<'a>>,
}

#[derive(Serialize)]
struct BackrefView<'a> {
    id: &'a str,
    label: &'a str,
    /// The catalogue's `footnote_back` filled with `label`, here once per link: the template
    /// would run the `fill` filter for each of the thousands of links back.
    aria_label: String,
}

fn footnote_views<'a>(
    outline: &'a Outline,
    t: &indexmap::IndexMap<String, String>,
) -> Vec<FootnoteView<'a>> {
    let back = t.get("footnote_back").map_or("", String::as_str);
    outline
        .footnotes
        .iter()
        .map(|f| FootnoteView {
            id: &f.id,
            number: f.number,
            html: &f.html,
            backrefs: f
                .backrefs
                .iter()
                .map(|b| BackrefView {
                    id: &b.id,
                    label: &b.label,
                    aria_label: crate::locale::fill(back, &[("label", &b.label)]),
                })
                .collect(),
        })
        .collect()
}

/// The PDF's page numbers as a CSS `content` value, from the catalogue's `Page {page} of
/// {pages}`: `"Page " counter(page) " of " counter(pages)`, the text escaped for CSS strings.
fn page_counter(pattern: &str) -> String {
    let mut out = Vec::new();
    let mut rest = pattern;
    while let Some(at) = rest.find('{') {
        let (counter, len) = if rest[at..].starts_with("{pages}") {
            ("counter(pages)", "{pages}".len())
        } else if rest[at..].starts_with("{page}") {
            ("counter(page)", "{page}".len())
        } else {
            break;
        };
        if at > 0 {
            out.push(format!("\"{}\"", crate::text::css_string(&rest[..at])));
        }
        out.push(counter.to_string());
        rest = &rest[at + len..];
    }
    if !rest.is_empty() {
        out.push(format!("\"{}\"", crate::text::css_string(rest)));
    }
    out.join(" ")
}

/// The templates that render the page and see its context: `brief.html`, the one it extends
/// and the one that one includes.
const PAGE_TEMPLATES: [&str; 3] = ["brief.html", "base.html", "partials/head_meta.html"];

/// A section as the page template sees it: its [`SectionHead`] and its HTML, or a marker in
/// its place.
#[derive(Serialize)]
struct SectionView<'a> {
    id: &'a str,
    number: usize,
    title_html: &'a str,
    title_text: &'a str,
    html: std::borrow::Cow<'a, str>,
    children: &'a [TocEntry],
    words: usize,
    /// The section's language when it is not the page's (a translation's untranslated section).
    lang: Option<&'a str>,
}

impl<'a> SectionView<'a> {
    fn new(section: &'a SectionHead, body: Option<&'a str>, index: usize) -> Self {
        SectionView {
            id: &section.id,
            number: section.number,
            title_html: &section.title_html,
            title_text: &section.title_text,
            html: match body {
                Some(body) => body.into(),
                None => format!("{SECTION_MARKER}{index}{MARKER_END}").into(),
            },
            children: &section.children,
            words: section.words,
            lang: None,
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
fn splice<'a>(shell: &'a str, bodies: &'a [Arc<String>]) -> Option<Vec<&'a str>> {
    let mut pieces = Vec::with_capacity(2 * bodies.len() + 1);
    let mut rest = shell;
    for (index, body) in bodies.iter().enumerate() {
        let at = rest.find(SECTION_MARKER)?;
        let after = &rest[at + SECTION_MARKER.len()..];
        let end = after.find(MARKER_END)?;
        if after[..end] != *index.to_string() {
            return None;
        }
        pieces.push(&rest[..at]);
        pieces.push(body);
        rest = &after[end + MARKER_END.len()..];
    }
    if rest.contains(SECTION_MARKER) {
        return None;
    }
    pieces.push(rest);
    Some(pieces)
}

fn toc_item(section: &SectionHead) -> TocItem<'_> {
    TocItem {
        id: &section.id,
        number: section.number,
        title_html: &section.title_html,
        children: &section.children,
        lang: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(html: &str) -> Arc<String> {
        Arc::new(html.to_string())
    }

    fn marker(index: usize) -> String {
        format!("{SECTION_MARKER}{index}{MARKER_END}")
    }

    #[test]
    fn the_page_templates_show_no_sections_words() {
        // `shell_key` leaves each section's word count out: the shell is made only with
        // these templates, and they must not show it.
        for name in PAGE_TEMPLATES {
            let (_, text) = crate::theme::DEFAULT_TEMPLATES
                .iter()
                .find(|(n, _)| *n == name)
                .unwrap();
            assert!(!text.contains("words"), "{name} shows `words`");
        }
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
}
