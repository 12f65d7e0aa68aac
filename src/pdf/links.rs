//! Descriptions for the PDF's link annotations. PDF/UA-1 (7.18.5) asks every link annotation
//! for an alternate description in its `/Contents`; Chromium writes none. Each link of the
//! printed page is described by what a screen reader says for it on the page: its
//! `aria-label`, else its text ("Figure 2", "Note 1", the text of an external link).

use std::cell::RefCell;
use std::collections::BTreeMap;

use lopdf::{Document, Object, text_string};

/// The page's links: each target (`#fig-x`, `https://…`) with the description of its first
/// link, the way the reader meets it first.
pub(crate) fn link_descriptions(html: &str) -> BTreeMap<String, String> {
    use lol_html::{RewriteStrSettings, element, rewrite_str, text};
    // The link being read: its target, its text so far (its label when it has one), and
    // whether it is labelled. Text handlers fire only inside links, so a link's text ends
    // where the next link starts.
    let open: RefCell<Option<(String, String, bool)>> = RefCell::new(None);
    let found = RefCell::new(BTreeMap::new());
    let close = || {
        if let Some((href, text, _)) = open.borrow_mut().take() {
            let text = squeeze(&text);
            if !text.is_empty() {
                found.borrow_mut().entry(href).or_insert(text);
            }
        }
    };
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(element!("a[href]", |el| {
            close();
            let href = crate::text::decode_entities(&el.get_attribute("href").unwrap_or_default());
            let label = el
                .get_attribute("aria-label")
                .map(|l| crate::text::decode_entities(&l));
            let labelled = label.as_deref().is_some_and(|l| !l.trim().is_empty());
            *open.borrow_mut() = Some((href, label.unwrap_or_default(), labelled));
            Ok(())
        }))
        .append_element_content_handler(text!("a[href]", |chunk| {
            if let Some((_, text, false)) = open.borrow_mut().as_mut() {
                text.push_str(&crate::text::decode_entities(chunk.as_str()));
            }
            Ok(())
        }));
    // The page was written by brief and rewritten once already: it parses.
    let _ = rewrite_str(html, settings);
    close();
    found.into_inner()
}

/// Text on one line, runs of white space as one space.
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Gives every link annotation without a `/Contents` one: the description of the page's link
/// to the same target, else the target itself (an address reads as itself).
pub(super) fn describe(doc: &mut Document, descriptions: &BTreeMap<String, String>) {
    let annotations: Vec<lopdf::ObjectId> = doc
        .get_pages()
        .values()
        .filter_map(|&page| doc.get_dictionary(page).ok())
        .filter_map(|page| page.get(b"Annots").ok())
        .filter_map(|annots| doc.dereference(annots).ok()?.1.as_array().ok().cloned())
        .flatten()
        .filter_map(|a| a.as_reference().ok())
        .collect();
    for id in annotations {
        let Ok(annot) = doc.get_dictionary(id) else {
            continue;
        };
        let is_link = annot.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Link");
        if !is_link || annot.has(b"Contents") {
            continue;
        }
        let Some(target) = link_target(doc, annot) else {
            continue;
        };
        let description = descriptions
            .get(&target)
            .cloned()
            .unwrap_or_else(|| target.trim_start_matches('#').to_string());
        if let Ok(annot) = doc.get_dictionary_mut(id) {
            annot.set("Contents", text_string(&description));
        }
    }
}

/// Where a link annotation leads, written as the page's `href`: `#id` for a place in the
/// document, the address for a URI action.
fn link_target(doc: &Document, annot: &lopdf::Dictionary) -> Option<String> {
    let as_text = |object: &Object| match object {
        Object::Name(name) => Some(String::from_utf8_lossy(name).into_owned()),
        Object::String(..) => lopdf::decode_text_string(object).ok(),
        _ => None,
    };
    if let Ok(dest) = annot.get(b"Dest") {
        return as_text(doc.dereference(dest).ok()?.1).map(|name| format!("#{name}"));
    }
    let action = doc
        .dereference(annot.get(b"A").ok()?)
        .ok()?
        .1
        .as_dict()
        .ok()?;
    as_text(doc.dereference(action.get(b"URI").ok()?).ok()?.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_target_is_described_by_its_first_links_label_or_text() {
        let html = r##"<p>See <a href="#fig-a">Figure <b>2</b></a> and <a href="#fig-a">it again</a>.
            <sup><a href="#fn-x" aria-label="Note 1">1</a></sup>
            <a href="https://e.org/?a=1&amp;b=2">the   source &amp; data</a> <a href="#empty"></a></p>"##;
        let found = link_descriptions(html);
        assert_eq!(found.get("#fig-a").map(String::as_str), Some("Figure 2"));
        assert_eq!(found.get("#fn-x").map(String::as_str), Some("Note 1"));
        assert_eq!(
            found.get("https://e.org/?a=1&b=2").map(String::as_str),
            Some("the source & data")
        );
        assert!(
            !found.contains_key("#empty"),
            "an empty link describes nothing"
        );
    }
}
