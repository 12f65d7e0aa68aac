//! The page as it is printed: the website's page, rewritten for the PDF.

use std::cell::Cell;

use crate::diagnostics::Diagnostic;

/// The id given to an unnamed figure that has none, followed by its number in the page.
const FIGURE_ID_PREFIX: &str = "brief-print-figure-";

/// The page as it is printed, from the website's page:
///
/// - every link to another file of the site is made absolute with `site_url`, the address of
///   the site's root (so that it works from the PDF, and the print stylesheet shows its
///   address), or made plain text without one. A relative link is read from the page's folder
///   in the site, `dir` (`hi/` for a translation, whose `../data/…` is the root's `data/…`).
///   Left relative, such a link would point into the temporary folder the page is printed from;
/// - every `<figure>` without an accessible name (a pull quote, a figure in raw HTML) is named
///   by its own content (`aria-labelledby` pointing to itself): Chromium writes a figure's
///   accessible name as the `/Alt` of its `Figure` structure element, and a `Figure` without
///   one is unreadable to a screen reader (PDF/UA-1 requires it).
pub(crate) fn print_page(
    html: &str,
    site_url: Option<&str>,
    dir: &str,
) -> Result<String, Diagnostic> {
    use lol_html::{RewriteStrSettings, element, rewrite_str};
    let base = site_url.map(|b| format!("{}/", b.trim_end_matches('/')));
    let figures = Cell::new(0usize);
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(element!("a[href], area[href]", |el| {
            let href = crate::text::decode_entities(&el.get_attribute("href").unwrap_or_default());
            // From the page's folder, unless it starts at the root.
            let in_site = |href: &str| {
                if href.starts_with('/') {
                    crate::text::site_path(href)
                } else {
                    crate::text::site_path(&format!("{dir}{href}"))
                }
            };
            if let Some(path) = crate::text::site_path(&href).and_then(|_| in_site(&href)) {
                match &base {
                    Some(base) => {
                        let suffix = href.find(['?', '#']).map_or("", |i| &href[i..]);
                        el.set_attribute("href", &format!("{base}{path}{suffix}"))?;
                    }
                    None => el.remove_attribute("href"),
                }
            }
            Ok(())
        }))
        .append_element_content_handler(element!("figure", |el| {
            figures.set(figures.get() + 1);
            let named = ["aria-label", "aria-labelledby"]
                .iter()
                .any(|name| el.get_attribute(name).is_some_and(|v| !v.trim().is_empty()));
            if !named {
                let id = match el.get_attribute("id").filter(|id| !id.trim().is_empty()) {
                    Some(id) => id,
                    None => {
                        let id = format!("{FIGURE_ID_PREFIX}{}", figures.get());
                        el.set_attribute("id", &id)?;
                        id
                    }
                };
                el.set_attribute("aria-labelledby", &id)?;
            }
            Ok(())
        }));
    rewrite_str(html, settings).map_err(|e| {
        Diagnostic::error(
            "index.html",
            format!("cannot prepare the page for printing: {e}"),
        )
        .with_hint("this is a bug in brief; please report it with the page's templates")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_to_site_files_become_absolute_or_plain_text_for_print() {
        let html = r##"<a href="data/a.csv">a</a> <a href="#x">x</a> <a href="https://e.org/">e</a> <link rel="stylesheet" href="style.css">"##;
        assert_eq!(
            print_page(html, Some("https://example.org/brief"), "").unwrap(),
            r##"<a href="https://example.org/brief/data/a.csv">a</a> <a href="#x">x</a> <a href="https://e.org/">e</a> <link rel="stylesheet" href="style.css">"##
        );
        assert_eq!(
            print_page(html, None, "").unwrap(),
            r##"<a>a</a> <a href="#x">x</a> <a href="https://e.org/">e</a> <link rel="stylesheet" href="style.css">"##
        );
    }

    #[test]
    fn a_translations_links_are_read_from_its_folder() {
        let html = r##"<a href="../data/a.csv">a</a> <a href="charts/f.svg">c</a> <a href="#x">x</a> <a href="/robots.txt">r</a>"##;
        assert_eq!(
            print_page(html, Some("https://example.org/brief/"), "hi/").unwrap(),
            r##"<a href="https://example.org/brief/data/a.csv">a</a> <a href="https://example.org/brief/hi/charts/f.svg">c</a> <a href="#x">x</a> <a href="https://example.org/brief/robots.txt">r</a>"##
        );
    }

    #[test]
    fn a_figure_without_a_name_is_named_by_its_content() {
        let html = concat!(
            r#"<figure class="chart" id="fig-a" aria-labelledby="fig-a-label"></figure>"#,
            r#"<figure class="pull-quote"><blockquote>“Q”</blockquote></figure>"#,
            r#"<figure id="mine"><img src="a.png" alt="A"></figure>"#,
            r#"<figure aria-label="Named"></figure>"#,
        );
        assert_eq!(
            print_page(html, None, "").unwrap(),
            concat!(
                r#"<figure class="chart" id="fig-a" aria-labelledby="fig-a-label"></figure>"#,
                r#"<figure class="pull-quote" id="brief-print-figure-2" aria-labelledby="brief-print-figure-2"><blockquote>“Q”</blockquote></figure>"#,
                r#"<figure id="mine" aria-labelledby="mine"><img src="a.png" alt="A"></figure>"#,
                r#"<figure aria-label="Named"></figure>"#,
            )
        );
    }
}
