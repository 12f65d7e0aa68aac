//! Write stage, standalone file: the page made self-contained — an e-mail attachment that
//! works offline.
//!
//! The page is rendered as for the website; then every reference to another file of the site
//! is replaced by that file's content: stylesheets become `<style>` elements, images and the
//! favicon `data:` URIs, and links to files (the datasets' CSV, the charts' SVG) `data:` URIs
//! with a `download` name, so "download the data" still works from the attachment. The
//! rewriting uses a real HTML tokenizer (lol_html), so it sees every `src` and `href` the
//! way a browser does, whether it came from a template, the Markdown or raw HTML in it.

use std::cell::RefCell;

use lol_html::html_content::{ContentType, Element};
use lol_html::{RewriteStrSettings, element, rewrite_str};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::text::{base64, decode_entities, site_path};
use crate::write::SiteFiles;

/// Inlines every reference of `html` (a page at the site's root) to a file in `files`.
/// References to files the site does not have are left as they are, with a warning each in
/// `diagnostics`.
pub(crate) fn inline(
    html: &str,
    files: &SiteFiles,
    file_name: &str,
    diagnostics: &mut Diagnostics,
) -> Result<String, Diagnostic> {
    let inliner = &Inliner {
        files,
        page: html,
        file_name,
        warnings: RefCell::new(Vec::new()),
    };
    let attr = |selector: &str, attr: &'static str, download: bool| {
        element!(selector, move |el| {
            inliner.inline_attr(el, attr, download);
            Ok(())
        })
    };
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(element!("link[href]", |el| {
            inliner.link(el);
            Ok(())
        }))
        .append_element_content_handler(attr(
            "img[src], source[src], video[src], audio[src], track[src], embed[src], input[src], iframe[src], script[src]",
            "src",
            false,
        ))
        .append_element_content_handler(attr("video[poster]", "poster", false))
        .append_element_content_handler(attr("object[data]", "data", false))
        .append_element_content_handler(element!("img[srcset], source[srcset]", |el| {
            inliner.srcset(el);
            Ok(())
        }))
        .append_element_content_handler(attr("a[href], area[href]", "href", true))
        .append_element_content_handler(element!("[style]", |el| {
            if let Some(style) = el.get_attribute("style")
                && style.contains("url(")
            {
                let css = inline_css_urls(&decode_entities(&style), "", files);
                let _ = el.set_attribute("style", &css);
            }
            Ok(())
        }));

    let out = rewrite_str(html, settings).map_err(|e| {
        Diagnostic::error(
            file_name,
            format!("cannot make the page self-contained: {e}"),
        )
        .with_hint("this is a bug in brief; please report it with the page's templates")
    })?;
    diagnostics.extend(inliner.warnings.take());
    Ok(out)
}

/// What the element handlers share: the site's files, and the warnings about references to
/// files it does not have.
struct Inliner<'a> {
    files: &'a SiteFiles,
    /// The page being made self-contained: which fonts it needs.
    page: &'a str,
    file_name: &'a str,
    warnings: RefCell<Vec<Diagnostic>>,
}

impl Inliner<'_> {
    fn missing(&self, url: &str, what: &str) {
        self.warnings.borrow_mut().push(
            Diagnostic::warning(
                self.file_name,
                format!("the standalone file refers to `{url}` ({what}), which the build does not produce, so it stays a reference to another file"),
            )
            .with_hint("put the file in static/, or link it with a full https:// URL"),
        );
    }

    /// The value of `attr` with the site file it names replaced by a data: URI (with a
    /// `download` name for a link to a file).
    fn inline_attr(&self, el: &mut Element, attr: &str, download: bool) {
        let Some(raw) = el.get_attribute(attr) else {
            return;
        };
        let url = decode_entities(&raw);
        let Some(path) = site_path(&url) else {
            return;
        };
        match self.files.get(&path) {
            Some(bytes) => {
                let _ = el.set_attribute(attr, &data_uri(&path, bytes));
                if download && el.get_attribute("download").is_none_or(|d| d.is_empty()) {
                    let name = path.rsplit('/').next().unwrap_or(&path);
                    let _ = el.set_attribute("download", name);
                }
            }
            None => self.missing(&url, &format!("<{} {attr}>", el.tag_name())),
        }
    }

    /// A stylesheet link becomes a `<style>` element; any other link's file a data: URI.
    fn link(&self, el: &mut Element) {
        let rel = el.get_attribute("rel").unwrap_or_default().to_lowercase();
        let href = decode_entities(&el.get_attribute("href").unwrap_or_default());
        let Some(path) =
            site_path(&href).filter(|_| rel.split_whitespace().any(|r| r == "stylesheet"))
        else {
            self.inline_attr(el, "href", false);
            return;
        };
        match stylesheet(&path, self.files, self.page) {
            Some(css) => {
                let media = el
                    .get_attribute("media")
                    .map(|m| format!(" media=\"{}\"", crate::text::escape_attr(&m)))
                    .unwrap_or_default();
                el.replace(&format!("<style{media}>{css}</style>"), ContentType::Html);
            }
            None => self.missing(&href, "<link rel=stylesheet>"),
        }
    }

    /// Keeps the first candidate of a `srcset` that is a site file: one image, not every
    /// resolution.
    fn srcset(&self, el: &mut Element) {
        let srcset = decode_entities(&el.get_attribute("srcset").unwrap_or_default());
        let mut candidates = srcset.split(',').map(str::trim).filter(|c| !c.is_empty());
        if let Some(first) = candidates.next()
            && let Some(path) = site_path(first.split_whitespace().next().unwrap_or(""))
        {
            match self.files.get(&path) {
                Some(bytes) => {
                    let _ = el.set_attribute("srcset", &data_uri(&path, bytes));
                }
                None => self.missing(first, "srcset"),
            }
        }
    }
}

/// The site's stylesheet at `path`, ready to go inside a `<style>` element for the page
/// `page`: what it refers to inlined, the fonts the page has no character for left out, and no
/// `</` that could close the element.
pub(crate) fn stylesheet(path: &str, files: &SiteFiles, page: &str) -> Option<String> {
    let css = String::from_utf8_lossy(files.get(path)?);
    let css = without_unused_faces(&css, page);
    Some(inline_css_urls(&css, path, files).replace("</", "<\\/"))
}

/// `css` without the `@font-face` rules whose `unicode-range` no character of `page` falls
/// in. A browser would never fetch such a font for this page; inlined, it would only make the
/// file bigger (the Devanagari faces add about 120 kB of base64 to an English brief). A rule
/// without `unicode-range` covers every character and stays.
fn without_unused_faces(css: &str, page: &str) -> String {
    use cssparser::{Parser, ParserInput, Token};
    let mut input = ParserInput::new(css);
    let mut parser = Parser::new(&mut input);
    let mut out = String::with_capacity(css.len());
    let mut kept_from = parser.position();
    loop {
        let start = parser.position();
        let is_face = match parser.next_including_whitespace_and_comments() {
            Ok(Token::AtKeyword(name)) => name.eq_ignore_ascii_case("font-face"),
            Ok(_) => false,
            Err(_) => break,
        };
        if !is_face {
            continue;
        }
        // The prelude (empty for @font-face), then the rule's block.
        let ranges = loop {
            match parser.next() {
                Ok(Token::CurlyBracketBlock) => {
                    break parser
                        .parse_nested_block(|block| {
                            Ok::<_, cssparser::ParseError<'_, ()>>(unicode_ranges(block))
                        })
                        .unwrap_or_default();
                }
                Ok(_) => {}
                Err(_) => break Vec::new(),
            }
        };
        let used = ranges.is_empty()
            || page.chars().any(|c| {
                let c = u32::from(c);
                ranges.iter().any(|r| r.start <= c && c <= r.end)
            });
        if !used {
            out.push_str(parser.slice(kept_from..start));
            kept_from = parser.position();
        }
    }
    out.push_str(parser.slice_from(kept_from));
    out
}

/// The `unicode-range` of an `@font-face` block (empty when it has none or it cannot be read,
/// which keeps the rule).
fn unicode_ranges(block: &mut cssparser::Parser<'_, '_>) -> Vec<cssparser::UnicodeRange> {
    let mut ranges = Vec::new();
    while !block.is_exhausted() {
        let declaration = block.parse_until_after(cssparser::Delimiter::Semicolon, |decl| {
            let name = decl.expect_ident_cloned()?;
            decl.expect_colon()?;
            if !name.eq_ignore_ascii_case("unicode-range") {
                while decl.next().is_ok() {}
                return Ok(Vec::new());
            }
            decl.parse_comma_separated(|item| {
                cssparser::UnicodeRange::parse(item).map_err(Into::into)
            })
        });
        match declaration {
            Ok(found) => ranges.extend(found),
            Err::<_, cssparser::ParseError<'_, ()>>(_) => return Vec::new(),
        }
    }
    ranges
}

/// `url(...)` references in a stylesheet at `css_path` made into data: URIs.
fn inline_css_urls(css: &str, css_path: &str, files: &SiteFiles) -> String {
    let base = css_path.rsplit_once('/').map_or("", |(dir, _)| dir);
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("url(") {
        out.push_str(&rest[..start + 4]);
        rest = &rest[start + 4..];
        let Some(end) = rest.find(')') else {
            break;
        };
        let inner = rest[..end].trim();
        let unquoted = inner.trim_matches(['"', '\'']);
        let resolved = site_path(unquoted).and_then(|p| {
            let path = if base.is_empty() || unquoted.starts_with('/') {
                p
            } else {
                site_path(&format!("{base}/{unquoted}"))?
            };
            files.get(&path).map(|bytes| data_uri(&path, bytes))
        });
        match resolved {
            Some(uri) => out.push_str(&format!("\"{uri}\"")),
            None => out.push_str(inner),
        }
        out.push(')');
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// A file as a `data:` URI, base64-encoded, with the media type its extension implies.
pub(crate) fn data_uri(path: &str, bytes: &[u8]) -> String {
    format!("data:{};base64,{}", media_type(path), base64(bytes))
}

fn media_type(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map_or("", |(_, e)| e);
    match extension.to_ascii_lowercase().as_str() {
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "css" => "text/css",
        "csv" => "text/csv;charset=utf-8",
        "txt" => "text/plain;charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "html" | "htm" => "text/html;charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> SiteFiles {
        let mut files = SiteFiles::new();
        files.insert(
            "style.css".into(),
            b"body{background:url(img/bg.png)}".to_vec(),
        );
        files.insert("img/bg.png".into(), b"PNG".to_vec());
        files.insert("favicon.svg".into(), b"<svg/>".to_vec());
        files.insert("data/a b.csv".into(), b"x,y\r\n1,2\r\n".to_vec());
        files
    }

    #[test]
    fn stylesheets_images_and_file_links_are_inlined() {
        let html = r##"<html><head><link rel="icon" href="favicon.svg"><link rel="stylesheet" href="style.css"></head><body><a href="data&#x2F;a%20b.csv" download>CSV</a><a href="https://example.org/">ext</a><a href="#x">in</a><img src="missing.png" alt=""></body></html>"##;
        let mut diagnostics = Diagnostics::default();
        let out = inline(html, &files(), "brief.html", &mut diagnostics).unwrap();
        let warnings = diagnostics.into_sorted();
        assert!(
            out.contains("<style>body{background:url(\"data:image/png;base64,UE5H\")}</style>"),
            "{out}"
        );
        assert!(
            out.contains(r#"<link rel="icon" href="data:image/svg+xml;base64,PHN2Zy8+">"#),
            "{out}"
        );
        assert!(
            out.contains(
                r#"href="data:text/csv;charset=utf-8;base64,eCx5DQoxLDINCg==" download="a b.csv""#
            ),
            "{out}"
        );
        assert!(out.contains(r#"<a href="https://example.org/">"#));
        assert!(out.contains(r##"<a href="#x">"##));
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].to_string().contains("missing.png"),
            "{}",
            warnings[0]
        );
    }

    #[test]
    fn a_font_the_page_has_no_character_for_is_left_out() {
        let mut files = SiteFiles::new();
        files.insert(
            "style.css".into(),
            concat!(
                "@font-face{font-family:D;src:url(fonts/d.woff2);unicode-range:U+0900-097F,U+25CC}",
                "@font-face{font-family:L;src:url(fonts/l.woff2);unicode-range:U+00??}",
                "@font-face{font-family:All;src:url(fonts/a.woff2)}",
                "body{font-family:L,D,All}"
            )
            .as_bytes()
            .to_vec(),
        );
        for font in ["d", "l", "a"] {
            files.insert(format!("fonts/{font}.woff2"), font.as_bytes().to_vec());
        }
        let page = |body: &str| {
            let html = format!(r#"<link rel="stylesheet" href="style.css"><p>{body}</p>"#);
            inline(&html, &files, "x.html", &mut Diagnostics::default()).unwrap()
        };
        // base64 of "d", "l" and "a".
        let (d, l, a) = ("ZA==", "bA==", "YQ==");
        let english = page("Trade grew.");
        assert!(
            !english.contains(d) && !english.contains("font-family:D"),
            "{english}"
        );
        assert!(english.contains(l) && english.contains(a), "{english}");
        assert!(english.contains("body{font-family:L,D,All}"), "{english}");
        let hindi = page("व्यापार");
        assert!(hindi.contains(d) && hindi.contains(a), "{hindi}");
        // A character on the range's last code point counts.
        assert!(page("\u{25CC}").contains(d));
    }

    #[test]
    fn a_style_element_cannot_be_closed_by_the_stylesheet() {
        let mut files = SiteFiles::new();
        files.insert(
            "style.css".into(),
            b"a::after{content:\"</style><script>\"}".to_vec(),
        );
        let out = inline(
            r#"<link rel="stylesheet" href="style.css">"#,
            &files,
            "x.html",
            &mut Diagnostics::default(),
        )
        .unwrap();
        assert!(!out.contains("</style><script>"), "{out}");
    }
}
