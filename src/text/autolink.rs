//! GFM autolink literals: a bare `https://…`, `http://…` or `www.…` in Markdown text becomes
//! a link. pulldown-cmark has no option for them, so this adapter runs over its events: the
//! URLs are found by `linkify` (which leaves trailing punctuation and unbalanced brackets out,
//! as GFM does) in text events only — never in code, an existing link or image, a heading
//! (its HTML is reused inside the contents' links), a code block or raw HTML.

use std::collections::VecDeque;
use std::ops::Range;

use linkify::{LinkFinder, LinkKind};
use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use super::url::is_safe_url;

/// A parser event with its source range (the range of a split text run is the whole run's).
type Item<'a> = (Event<'a>, Range<usize>);

/// The events of `events` with each bare URL in their text made a link.
pub(crate) fn autolinks<'a>(
    events: impl Iterator<Item = Item<'a>>,
) -> impl Iterator<Item = Item<'a>> {
    Autolinks {
        events,
        out: VecDeque::new(),
        run: Vec::new(),
        sign: Sign::default(),
        held: None,
        no_links: 0,
        raw_links: 0,
    }
}

struct Autolinks<'a, I> {
    events: I,
    /// Events ready to give.
    out: VecDeque<Item<'a>>,
    /// Consecutive text events (the parser splits a run at `_`, `*`, quotes and the like).
    run: Vec<Item<'a>>,
    /// Whether the run's text, read so far, could hold a URL.
    sign: Sign,
    /// The event that ended a run, given after it.
    held: Option<Item<'a>>,
    /// Depth of the links, images, headings and code blocks the events are in.
    no_links: usize,
    /// Raw `<a …>` elements open (inline HTML).
    raw_links: usize,
}

impl<'a, I: Iterator<Item = Item<'a>>> Iterator for Autolinks<'a, I> {
    type Item = Item<'a>;

    fn next(&mut self) -> Option<Item<'a>> {
        loop {
            if let Some(item) = self.out.pop_front() {
                return Some(item);
            }
            if let Some(item) = self.held.take() {
                self.track(&item.0);
                return Some(item);
            }
            match self.events.next() {
                Some((Event::Text(text), range)) if self.no_links == 0 && self.raw_links == 0 => {
                    self.sign.read(&text);
                    self.run.push((Event::Text(text), range));
                }
                next => {
                    if self.run.is_empty() {
                        let item = next?;
                        self.track(&item.0);
                        return Some(item);
                    }
                    self.held = next;
                    if std::mem::take(&mut self.sign).seen {
                        let run = std::mem::take(&mut self.run);
                        self.out.extend(linked(run));
                    } else if self.run.len() == 1 {
                        // Most runs: one text event without a URL, given as it came.
                        return self.run.pop();
                    } else {
                        self.out.extend(self.run.drain(..));
                    }
                }
            }
        }
    }
}

impl<I> Autolinks<'_, I> {
    fn track(&mut self, event: &Event<'_>) {
        match event {
            Event::Start(
                Tag::Link { .. } | Tag::Image { .. } | Tag::Heading { .. } | Tag::CodeBlock(_),
            ) => self.no_links += 1,
            Event::End(TagEnd::Link | TagEnd::Image | TagEnd::Heading(_) | TagEnd::CodeBlock) => {
                self.no_links = self.no_links.saturating_sub(1)
            }
            Event::InlineHtml(raw) => match raw_link_tag(raw) {
                Some(true) => self.raw_links += 1,
                Some(false) => self.raw_links = self.raw_links.saturating_sub(1),
                None => {}
            },
            _ => {}
        }
    }
}

/// Whether an inline HTML tag opens (`true`) or closes (`false`) an `a` element.
fn raw_link_tag(raw: &str) -> Option<bool> {
    let (closing, name) = match raw.strip_prefix("</") {
        Some(rest) => (true, rest),
        None => (false, raw.strip_prefix('<')?),
    };
    let mut chars = name.chars();
    let is_a = chars.next().is_some_and(|c| c.eq_ignore_ascii_case(&'a'))
        && chars
            .next()
            .is_none_or(|c| c.is_ascii_whitespace() || c == '>' || c == '/');
    is_a.then_some(!closing)
}

/// A run of text events, with each bare URL in it made a link; the run as it was when it
/// holds none.
fn linked(run: Vec<Item<'_>>) -> Vec<Item<'_>> {
    let text: String = run
        .iter()
        .filter_map(|(event, _)| match event {
            Event::Text(t) => Some(t.as_ref()),
            _ => None,
        })
        .collect();
    let urls = find_urls(&text);
    if urls.is_empty() {
        return run;
    }
    let range = run[0].1.start..run[run.len() - 1].1.end;
    let mut out = Vec::with_capacity(urls.len() * 4 + 1);
    let mut at = 0;
    for (span, href) in urls {
        if span.start > at {
            out.push(text_event(&text[at..span.start], &range));
        }
        let link = Tag::Link {
            link_type: LinkType::Autolink,
            dest_url: CowStr::from(href),
            title: CowStr::Borrowed(""),
            id: CowStr::Borrowed(""),
        };
        out.push((Event::Start(link), range.clone()));
        out.push(text_event(&text[span.clone()], &range));
        out.push((Event::End(TagEnd::Link), range.clone()));
        at = span.end;
    }
    if at < text.len() {
        out.push(text_event(&text[at..], &range));
    }
    out
}

/// The opening tag of a link whose text is its address (a bare URL, or `<https://…>`),
/// written as pulldown-cmark writes a link's, with the class `url`: print leaves out the
/// address it adds after other links, which would repeat it.
pub(crate) fn url_link_start(dest_url: &str) -> Event<'static> {
    let mut tag = String::from("<a class=\"url\" href=\"");
    // What pulldown-cmark writes for `href`: URL-escaped, `&` and `'` as entities.
    pulldown_cmark_escape::escape_href(&mut tag, dest_url).ok();
    tag.push_str("\">");
    Event::InlineHtml(CowStr::from(tag))
}

fn text_event<'a>(text: &str, range: &Range<usize>) -> Item<'a> {
    (Event::Text(CowStr::from(text.to_string())), range.clone())
}

/// Whether a run of text could hold a URL, read a text event at a time as the parser gives
/// them: [`find_urls`] finds none in a text without `://` or `www` (in any case), and the
/// run's text is only put together when it has one. A sign may straddle two events, so the
/// run's last two bytes are kept.
#[derive(Default)]
struct Sign {
    seen: bool,
    /// The run's last bytes (up to two), oldest first.
    tail: [u8; 2],
    tail_len: usize,
}

impl Sign {
    fn read(&mut self, text: &str) {
        if self.seen {
            return;
        }
        let bytes = text.as_bytes();
        // The windows of three bytes that start in the tail and end in `text`.
        let mut join = [0u8; 4];
        join[..self.tail_len].copy_from_slice(&self.tail[..self.tail_len]);
        let head = bytes.len().min(2);
        join[self.tail_len..self.tail_len + head].copy_from_slice(&bytes[..head]);
        let joined = &join[..self.tail_len + head];
        if (self.tail_len > 0 && has_sign(joined)) || has_sign(bytes) {
            self.seen = true;
            return;
        }
        // The new tail: the last two bytes of the tail followed by `text`.
        let keep = joined.len().min(2);
        let last = if bytes.len() >= 2 {
            &bytes[bytes.len() - 2..]
        } else {
            &joined[joined.len() - keep..]
        };
        self.tail[..last.len()].copy_from_slice(last);
        self.tail_len = last.len();
    }
}

/// Whether `bytes` holds `://` or `www` in any case: the test [`find_urls`] starts with.
/// One vector search for the sign's first byte, then a look at the two after it.
fn has_sign(bytes: &[u8]) -> bool {
    memchr::memchr3_iter(b':', b'w', b'W', bytes).any(|at| {
        let next = bytes.get(at + 1..at + 3);
        if bytes[at] == b':' {
            next == Some(b"//")
        } else {
            next.is_some_and(|w| w.eq_ignore_ascii_case(b"ww"))
        }
    })
}

/// The bare URLs in `text`: where each is and the address it links to (`www.` given
/// `https://`). Only `http`, `https` and `www.` count, as in GFM; other schemes and plain
/// domains (`example.org`) stay text.
pub(crate) fn find_urls(text: &str) -> Vec<(Range<usize>, String)> {
    // Cheap test first: most text runs hold no URL.
    if !has_sign(text.as_bytes()) {
        return Vec::new();
    }
    let mut finder = LinkFinder::new();
    finder.kinds(&[LinkKind::Url]).url_must_have_scheme(false);
    finder
        .links(text)
        .filter_map(|link| {
            let url = link.as_str();
            let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
            let href = if lower.starts_with("http://") || lower.starts_with("https://") {
                url.to_string()
            } else if lower.starts_with("www.") && preceded_by_boundary(text, link.start()) {
                format!("https://{url}")
            } else {
                return None;
            };
            is_safe_url(&href).then_some((link.start()..link.end(), href))
        })
        .collect()
}

/// GFM: a `www.` autolink starts a line or follows a space or one of `*`, `_`, `~`, `(`.
fn preceded_by_boundary(text: &str, start: usize) -> bool {
    text[..start]
        .chars()
        .next_back()
        .is_none_or(|c| c.is_whitespace() || matches!(c, '*' | '_' | '~' | '('))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{block_html, inline_html};

    fn urls(text: &str) -> Vec<(&str, String)> {
        find_urls(text)
            .into_iter()
            .map(|(span, href)| (&text[span], href))
            .collect()
    }

    #[test]
    fn bare_urls_are_found_without_trailing_punctuation() {
        assert_eq!(
            urls("see https://x.org/a."),
            [("https://x.org/a", "https://x.org/a".to_string())]
        );
        assert_eq!(
            urls("(at www.example.org/report), then http://a.example/c?d=1&e=2!"),
            [
                (
                    "www.example.org/report",
                    "https://www.example.org/report".into()
                ),
                (
                    "http://a.example/c?d=1&e=2",
                    "http://a.example/c?d=1&e=2".into()
                ),
            ]
        );
        assert_eq!(
            urls("https://en.wikipedia.org/wiki/Foo_(bar), done"),
            [(
                "https://en.wikipedia.org/wiki/Foo_(bar)",
                "https://en.wikipedia.org/wiki/Foo_(bar)".into()
            )]
        );
    }

    #[test]
    fn only_http_https_and_www_become_links() {
        for text in [
            "example.org",
            "ftp://example.org/file",
            "javascript://example.org/%0aalert(1)",
            "data://text/html,x",
            "mail me at someone@example.org",
            "awww.example.org",
            "no url here",
        ] {
            assert_eq!(urls(text), [], "{text}");
        }
    }

    #[test]
    fn text_urls_are_linked_but_not_in_code_links_headings_or_raw_html() {
        assert_eq!(
            inline_html("Data: https://data.example.org/a_b_c."),
            "Data: <a class=\"url\" href=\"https://data.example.org/a_b_c\">https://data.example.org/a_b_c</a>."
        );
        assert_eq!(
            inline_html("*see www.un.org*"),
            "<em>see <a class=\"url\" href=\"https://www.un.org\">www.un.org</a></em>"
        );
        for (kept, links) in [
            ("`https://x.org`", 0),
            ("[https://x.org](https://y.org)", 1),
            ("<https://x.org>", 1),
        ] {
            let html = inline_html(kept);
            assert_eq!(html.matches("<a ").count(), links, "{html}");
        }
        // Marked as links whose text is their address (print adds no second copy), but
        // not inside an image's alt text.
        assert_eq!(
            inline_html("<https://x.org/?a=1&b=\"2\"> ![alt <https://y.org>](i.png)"),
            "<a class=\"url\" href=\"https://x.org/?a=1&amp;b=%222%22\">https://x.org/?a=1&amp;b=\"2\"</a> \
             <img src=\"i.png\" alt=\"alt https://y.org\" />"
        );
        let html = block_html("# https://x.org\n\n```\nhttps://x.org\n```\n");
        assert!(!html.contains("<a "), "{html}");
        // Raw HTML from data is shown as text, the URL inside it not linked.
        let html = inline_html("<a href=\"https://x.org\">https://x.org</a>");
        assert!(!html.contains("<a "), "{html}");
    }

    /// Text with URLs, Markdown punctuation and code spans, in any order.
    fn markdown_with_urls() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let piece = prop_oneof![
            Just("https://x.org/a_b".to_string()),
            Just("www.example.org".to_string()),
            Just("http://y.example/(c)".to_string()),
            "[ a-z.,;:!?()*_~`<>\\[\\]'\"&-]{0,6}".prop_map(String::from),
        ];
        proptest::collection::vec(piece, 0..8).prop_map(|pieces| pieces.concat())
    }

    /// The test [`find_urls`] used to start with, over the whole run's text.
    fn sign_by_windows(text: &str) -> bool {
        text.as_bytes()
            .windows(3)
            .any(|w| w == b"://" || w.eq_ignore_ascii_case(b"www"))
    }

    proptest::proptest! {
        /// The sign read a text event at a time is the sign of the run's whole text, wherever
        /// the parser split it (a sign across two or three events included).
        #[test]
        fn a_runs_sign_is_read_across_its_events(
            parts in proptest::collection::vec("[wW:/ a.]{0,4}", 0..8)
        ) {
            let mut sign = Sign::default();
            for part in &parts {
                sign.read(part);
            }
            proptest::prop_assert_eq!(sign.seen, sign_by_windows(&parts.concat()), "{:?}", parts);
            proptest::prop_assert_eq!(has_sign(parts.concat().as_bytes()), sign_by_windows(&parts.concat()));
        }

        /// The word-at-a-time test agrees with the windows over any text, a sign at any
        /// place in it (across two reads included).
        #[test]
        fn the_sign_test_reads_every_place(text in "[wW:/ a.b]{0,40}") {
            proptest::prop_assert_eq!(has_sign(text.as_bytes()), sign_by_windows(&text));
        }

        /// Autolinking only adds links: the text a reader sees is the same, and no link is
        /// put inside another.
        #[test]
        fn autolinks_keep_the_text_and_never_nest(text in markdown_with_urls()) {
            use crate::text::{strip_tags, title_html};
            let linked = inline_html(&text);
            proptest::prop_assert_eq!(strip_tags(&linked), strip_tags(&title_html(&text)));
            let mut depth = 0i32;
            for (i, _) in linked.match_indices('<') {
                if linked[i..].starts_with("<a ") {
                    depth += 1;
                    proptest::prop_assert!(depth == 1, "{}", linked);
                } else if linked[i..].starts_with("</a>") {
                    depth -= 1;
                }
            }
        }
    }
}
