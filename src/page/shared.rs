//! A translation's page sits one folder down (`/hi/index.html`) and shares the original's
//! stylesheet, static files and datasets: its links to them are made to go up to the root.

use lol_html::{RewriteStrSettings, element, rewrite_str};

use crate::diagnostics::Diagnostic;
use crate::text::{decode_entities, site_path};

/// `html` with every relative `href` and `src` naming a file for which `shared` is true
/// prefixed with `up` (`../`). Links with a scheme, a leading `/` or only a fragment are left
/// as they are.
pub(crate) fn link_shared_files(
    html: &str,
    up: &str,
    shared: &(dyn Fn(&str) -> bool + Sync),
) -> Result<String, Diagnostic> {
    let rewrite = |el: &mut lol_html::html_content::Element, attr: &str| {
        let Some(raw) = el.get_attribute(attr) else {
            return;
        };
        let url = decode_entities(&raw);
        if url.starts_with('/') || url.starts_with("..") {
            return;
        }
        if site_path(&url).is_some_and(|path| shared(&path)) {
            let _ = el.set_attribute(attr, &format!("{up}{url}"));
        }
    };
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(element!("[href]", |el| {
            rewrite(el, "href");
            Ok(())
        }))
        .append_element_content_handler(element!("[src]", |el| {
            rewrite(el, "src");
            Ok(())
        }));
    rewrite_str(html, settings).map_err(|e| {
        Diagnostic::error(
            "index.html",
            format!("cannot link the edition's page to the shared files: {e}"),
        )
        .with_hint("this is a bug in brief; please report it with the page's templates")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_relative_links_to_shared_files_go_up() {
        let html = r##"<link href="style.css"><a href="data/x.csv">d</a><a href="charts/f.svg">c</a><a href="#x">x</a><a href="https://e.org/style.css">e</a><img src="static.png">"##;
        let shared = |p: &str| p == "style.css" || p.starts_with("data/") || p == "static.png";
        let out = link_shared_files(html, "../", &shared).unwrap();
        assert_eq!(
            out,
            r##"<link href="../style.css"><a href="../data/x.csv">d</a><a href="charts/f.svg">c</a><a href="#x">x</a><a href="https://e.org/style.css">e</a><img src="../static.png">"##
        );
    }
}
