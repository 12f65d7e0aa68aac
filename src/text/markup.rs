//! Markdown from data and metadata (titles, cells, notes, summaries), and the parser options
//! every Markdown text of a brief is read with.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

use super::url::is_safe_url;

/// Markdown extensions: CommonMark plus GFM tables, footnotes, strikethrough, task lists,
/// alerts, smart punctuation and `{#id}` heading attributes.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

// Renders a line of inline Markdown from data or metadata (a title, a table cell, a
/// takeaway) without `<p>`. Raw HTML in such values is shown as text, never interpreted, and
/// links to `javascript:` (or another unsafe scheme) keep their text but lose the link.
pub(crate) fn inline_html(text: &str) -> String {
    let mut out = String::new();
    let parser = untrusted(Parser::new_ext(text, options())).filter(|e| {
        !matches!(
            e,
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph)
        )
    });
    html::push_html(&mut out, parser);
    out.trim_end().to_string()
}

/// Renders block Markdown from data or metadata (a summary, notes), as [`inline_html`] does.
pub(crate) fn block_html(text: &str) -> String {
    let mut out = String::new();
    html::push_html(&mut out, untrusted(Parser::new_ext(text, options())));
    out
}

/// Markdown events from data or metadata made safe: raw HTML becomes text; a link or image
/// whose URL has an unsafe scheme is dropped (a link keeps its text). Links cannot nest, so
/// one flag pairs a dropped link's start with its end.
fn untrusted<'a>(events: impl Iterator<Item = Event<'a>>) -> impl Iterator<Item = Event<'a>> {
    let mut dropped_link = false;
    events.filter_map(move |event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(Tag::Link { ref dest_url, .. }) if !is_safe_url(dest_url) => {
            dropped_link = true;
            None
        }
        Event::End(TagEnd::Link) if dropped_link => {
            dropped_link = false;
            None
        }
        Event::Start(Tag::Image {
            link_type,
            ref dest_url,
            title,
            id,
        }) if !is_safe_url(dest_url) => Some(Event::Start(Tag::Image {
            link_type,
            dest_url: CowStr::from(""),
            title,
            id,
        })),
        other => Some(other),
    })
}
