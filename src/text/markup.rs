//! Markdown from data and metadata (titles, cells, notes, summaries), and the parser options
//! every Markdown text of a brief is read with.

use std::borrow::Cow;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd, html};

use super::autolink::{autolinks, url_link_start};
use super::url::{is_safe_url, percent_decode, site_path};
use super::{decode_entities, escape_text, glue_number, markup_text};

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

/// Renders a line of inline Markdown from data or metadata (a title, a table cell, a
/// takeaway) without `<p>`. Raw HTML in such values is shown as text, never interpreted, and
/// links to `javascript:` (or another unsafe scheme) keep their text but lose the link.
/// Control characters are replaced first ([`markup_text`]): pulldown-cmark passes them on.
/// Bare URLs become links.
pub(crate) fn inline_html(text: &str) -> String {
    let text = markup_text(text);
    let events = autolinks(&text, Parser::new_ext(&text, options()).into_offset_iter());
    inline(events.map(|(e, _)| e))
}

/// A title as [`inline_html`] renders it, but with bare URLs left as text: a title is also
/// the text of its link in the contents, and links do not nest.
pub(crate) fn title_html(text: &str) -> String {
    let text = markup_text(text);
    inline(Parser::new_ext(&text, options()))
}

fn inline<'a>(events: impl Iterator<Item = Event<'a>>) -> String {
    let mut out = String::new();
    let parser = untrusted(events).filter(|e| {
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
    let text = markup_text(text);
    // Bare URLs are linked before `untrusted` makes raw HTML text: a URL inside it stays text.
    let events = autolinks(&text, Parser::new_ext(&text, options()).into_offset_iter());
    html::push_html(&mut out, untrusted(events.map(|(e, _)| e)));
    out
}

/// Plain text from data or metadata (a dataset's title, a source's name, a column's label, a
/// chart's title) with the smart punctuation sections get: “quotes”, ’ apostrophes, – and —
/// for `--` and `---`, … for `...`. pulldown-cmark does it, so both read alike: every other
/// ASCII punctuation character is escaped first and the text starts with an entity (a zero
/// width space, removed after), so nothing in it is read as Markdown (no list, heading,
/// emphasis or code). Line ends become spaces. For what a reader sees only: CSV, JSON-LD,
/// BibTeX and RIS keep the text as written.
pub fn smart_text(text: &str) -> Cow<'_, str> {
    if !text.contains(['\'', '"', '-', '.', '\n', '\r']) {
        return Cow::Borrowed(text);
    }
    // Control characters replaced first, as every HTML sink does: they would read as
    // neither space nor punctuation, and change where a quote opens.
    let text = markup_text(text);
    // A `-` or `.` alone changes nothing ("2.5", "US-India"): only quotes, `--`, `...` and
    // line ends do, and most labels and numbers have none.
    if !text.contains(['\'', '"', '\n', '\r']) && !text.contains("--") && !text.contains("...") {
        return text;
    }
    Cow::Owned(smart_slow(&text))
}

/// [`smart_text`] by pulldown-cmark, for a text (control characters replaced) that may change.
fn smart_slow(text: &str) -> String {
    const START: char = '\u{200b}';
    let mut source = String::with_capacity(text.len() + 16);
    source.push_str("&#x200b;");
    for c in text.chars() {
        match c {
            '\'' | '"' | '-' | '.' => source.push(c),
            '\n' | '\r' => source.push(' '),
            c if c.is_ascii_punctuation() => {
                source.push('\\');
                source.push(c);
            }
            c => source.push(c),
        }
    }
    let mut out = String::with_capacity(text.len());
    for event in Parser::new_ext(&source, Options::ENABLE_SMART_PUNCTUATION) {
        match event {
            Event::Text(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    let out = out.strip_prefix(START).unwrap_or(&out);
    // The paragraph's own trimming took leading and trailing spaces; give them back.
    let spaces = |s: &str| s.replace(['\n', '\r'], " ");
    let core = text.trim();
    if core.is_empty() {
        return spaces(text);
    }
    let lead = &text[..text.len() - text.trim_start().len()];
    let trail = &text[text.trim_end().len()..];
    format!("{}{}{}", spaces(lead), out.trim(), spaces(trail))
}

/// The targets of the in-page links (`[text](#id)`, `[](#id)`) in Markdown from data or
/// metadata, as written (without `#`), in order.
pub(crate) fn local_link_targets(text: &str) -> Vec<String> {
    Parser::new_ext(text, options())
        .filter_map(|event| match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                dest_url.strip_prefix('#').map(str::to_string)
            }
            _ => None,
        })
        .collect()
}

/// Gives each empty in-page link of `html` (made by [`inline_html`] or [`block_html`] from
/// `[](#id)`: `<a href="#id"></a>`) the text `label` finds for its target, as a section's
/// cross-references read ("Figure 2"). Not a parse of any HTML: only the exact shape those two
/// functions write is matched. `None` when nothing was filled.
pub(crate) fn fill_empty_links(
    html: &str,
    label: impl Fn(&str) -> Option<String>,
) -> Option<String> {
    const OPEN: &str = "<a href=\"#";
    const CLOSE: &str = "\"></a>";
    if !html.contains(CLOSE) {
        return None;
    }
    let mut out = String::with_capacity(html.len() + 32);
    let mut rest = html;
    let mut filled = false;
    while let Some(at) = rest.find(OPEN) {
        let after = &rest[at + OPEN.len()..];
        let Some(end) = after.find('"') else {
            break;
        };
        let href = &after[..end];
        let text = after[end..]
            .starts_with(CLOSE)
            .then(|| label(&href_target(href)))
            .flatten();
        let Some(text) = text else {
            out.push_str(&rest[..at + OPEN.len()]);
            rest = after;
            continue;
        };
        out.push_str(&rest[..at + OPEN.len()]);
        out.push_str(href);
        out.push_str("\">");
        out.push_str(&escape_text(&glue_number(&text)));
        out.push_str("</a>");
        rest = &after[end + CLOSE.len()..];
        filled = true;
    }
    out.push_str(rest);
    filled.then_some(out)
}

/// A link's target as the author wrote it, from its `href` as pulldown-cmark escaped it
/// (entities for `&` and quotes, `%XX` for what a URL may not hold).
fn href_target(href: &str) -> String {
    let (bytes, _) = percent_decode(&decode_entities(href));
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Markdown events from data or metadata made safe: raw HTML becomes text; a link whose URL
/// has an unsafe scheme is dropped (its text kept). An image fetches nothing from elsewhere: one
/// of the site's own files stays an image, one from another server becomes a link to it (its
/// alt text the link's text: the reader can still open it, the page loads nothing), and an
/// unsafe one, or one from elsewhere inside a link (no link may nest), leaves its alt text.
fn untrusted<'a>(events: impl Iterator<Item = Event<'a>>) -> impl Iterator<Item = Event<'a>> {
    // What each open link or image became: the end to write, or none when it was dropped.
    let mut open: Vec<Option<TagEnd>> = Vec::new();
    events.filter_map(move |event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let in_link = open.contains(&Some(TagEnd::Link));
            let kept = is_safe_url(&dest_url) && !in_link;
            open.push(kept.then_some(TagEnd::Link));
            // Not inside an image, whose alt text takes only text.
            let in_image = open.contains(&Some(TagEnd::Image));
            if kept && link_type == LinkType::Autolink && !in_image {
                return Some(url_link_start(&dest_url));
            }
            kept.then_some(Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }))
        }
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let in_link = open.contains(&Some(TagEnd::Link));
            let (end, start) = if !is_safe_url(&dest_url) {
                (None, None)
            } else if site_path(&dest_url).is_some() {
                let image = Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                };
                (Some(TagEnd::Image), Some(image))
            } else if in_link {
                (None, None)
            } else {
                let link = Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                };
                (Some(TagEnd::Link), Some(link))
            };
            open.push(end);
            start.map(Event::Start)
        }
        Event::End(TagEnd::Link | TagEnd::Image) => open.pop().flatten().map(Event::End),
        other => Some(other),
    })
}

#[cfg(test)]
mod tests {
    use super::smart_text;

    #[test]
    fn plain_text_gets_the_sections_smart_punctuation_and_nothing_else() {
        assert_eq!(
            smart_text("Viet Nam's \"exports\" -- 2020---2024..."),
            "Viet Nam’s “exports” – 2020—2024…"
        );
        // Read as text, not Markdown: no list, heading, emphasis, code, link or entity.
        for kept in [
            "- not a list",
            "1. not a list",
            "# not a heading",
            "*not em* `not code` [not](a link) &amp; <b> \\ _x_",
            "    not code",
            "x\ny",
            "plain",
        ] {
            let smart = smart_text(kept);
            assert_eq!(smart, kept.replace('\n', " "), "{kept}");
        }
    }

    /// Smart punctuation changes only quotes, dashes and dots.
    fn normalized(text: &str) -> String {
        text.replace(['‘', '’'], "'")
            .replace(['“', '”'], "\"")
            .replace('—', "---")
            .replace('–', "--")
            .replace('…', "...")
            .replace(['\n', '\r'], " ")
    }

    /// Texts of labels and numbers: `-` and `.` alone and in runs, quotes, spaces of every
    /// kind, control characters, Markdown punctuation and other scripts.
    fn label_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let piece = prop_oneof![
            "[0-9]{1,4}".prop_map(String::from),
            "[-.]{1,4}".prop_map(String::from),
            "[ a-zA-Z%$,:;()*_`#<>&|~!\\[\\]\\\\]{0,6}".prop_map(String::from),
            prop::sample::select(vec![
                "'",
                "\"",
                "\n",
                "\r",
                "\t",
                "\u{c}",
                "\u{b}",
                "\0",
                "\u{85}",
                "\u{a0}",
                "\u{2028}",
                "\u{200b}",
                "&#x200b;",
                "&amp;",
                "  ",
                "भारत",
                "\u{fffe}",
            ])
            .prop_map(String::from),
        ];
        prop::collection::vec(piece, 0..10).prop_map(|pieces| pieces.concat())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2048))]

        /// The fast path gives what pulldown-cmark gives.
        #[test]
        fn smart_text_without_quotes_dashes_or_ellipses_is_what_pulldown_cmark_gives(
            text in label_text()
        ) {
            let slow = if text.contains(['\'', '"', '-', '.', '\n', '\r']) {
                super::smart_slow(&super::markup_text(&text))
            } else {
                text.clone()
            };
            proptest::prop_assert_eq!(smart_text(&text), slow);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2048))]

        /// Text given smart punctuation once (a chart's data table cells are, before the
        /// template) reads the same when a theme's `smart` filter runs over it again.
        #[test]
        fn smart_text_twice_is_smart_text_once(text in label_text()) {
            let once = smart_text(&text).into_owned();
            proptest::prop_assert_eq!(smart_text(&once), once.as_str());
        }
    }

    proptest::proptest! {
        #[test]
        fn smart_text_changes_only_quotes_dashes_and_dots(
            text in "[ a-zA-Z0-9'\".*_`#<>&\\[\\]()!\\\\\n-]{0,40}"
        ) {
            proptest::prop_assert_eq!(normalized(&smart_text(&text)), normalized(&text));
        }
    }
}
