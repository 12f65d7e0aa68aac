//! GFM autolink literals: a bare `https://…`, `http://…` or `www.…` in Markdown text becomes
//! a link. pulldown-cmark has no option for them, so this adapter runs over its events: the
//! URLs are found by `linkify` (which leaves trailing punctuation and unbalanced brackets out,
//! as GFM does) in text events only — never in code, an existing link or image, a heading
//! (its HTML is reused inside the contents' links), a code block or raw HTML. The source is
//! searched once for the signs of a URL (`://`, `www`): a text event is tested by looking its
//! place up, and a source with none (and nothing decoded into one) skips the adapter.

use std::ops::Range;

use linkify::{LinkFinder, LinkKind};
use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use super::url::is_safe_url;

/// A parser event with its source range (the range of a split text run is the whole run's).
type Item<'a> = (Event<'a>, Range<usize>);

/// The events of `events`, parsed from `source`, with each bare URL in their text made a link.
pub(crate) fn autolinks<'a>(
    source: &'a str,
    events: impl Iterator<Item = Item<'a>>,
) -> impl Iterator<Item = Item<'a>> {
    Autolinks {
        events,
        signs: Signs::of(source),
        ready: Vec::new(),
        run: Vec::new(),
        depth: Depth::default(),
    }
}

struct Autolinks<'a, I> {
    events: I,
    /// Where the source holds a URL's sign; `None` when no text of it can hold one: every
    /// event is then given as it comes.
    signs: Option<Signs<'a>>,
    /// Events to give before reading on, the next one last.
    ready: Vec<Item<'a>>,
    /// Consecutive text events (the parser splits a run at `_`, `*`, quotes and the like).
    run: Vec<Item<'a>>,
    depth: Depth,
}

/// Where the events are: in what no URL is linked in, or not.
#[derive(Default)]
struct Depth {
    /// Depth of the links, images, headings and code blocks the events are in.
    no_links: usize,
    /// Raw `<a …>` elements open (inline HTML).
    raw_links: usize,
}

impl<'a, I: Iterator<Item = Item<'a>>> Iterator for Autolinks<'a, I> {
    type Item = Item<'a>;

    fn next(&mut self) -> Option<Item<'a>> {
        let Some(signs) = &self.signs else {
            return self.events.next();
        };
        loop {
            if let Some(item) = self.ready.pop() {
                self.depth.track(&item.0);
                return Some(item);
            }
            let item = self.events.next()?;
            let Event::Text(text) = &item.0 else {
                self.depth.track(&item.0);
                return Some(item);
            };
            if self.depth.no_links > 0 || self.depth.raw_links > 0 {
                return Some(item);
            }
            // A text where a URL is linked: the run it starts is read to its end.
            let after = match self.events.next() {
                Some(next @ (Event::Text(_), _)) => next,
                after => {
                    // Most runs: one text event, given as it came when it holds no sign.
                    self.ready.extend(after);
                    if !signs.in_text(text) {
                        return Some(item);
                    }
                    self.ready.extend(linked(vec![item]).into_iter().rev());
                    continue;
                }
            };
            let mut sign = Sign::default();
            for (event, _) in [&item, &after] {
                if let Event::Text(text) = event {
                    sign.read(text, signs);
                }
            }
            self.run.push(item);
            self.run.push(after);
            let held = loop {
                match self.events.next() {
                    Some(next @ (Event::Text(_), _)) => {
                        if let Event::Text(text) = &next.0 {
                            sign.read(text, signs);
                        }
                        self.run.push(next);
                    }
                    held => break held,
                }
            };
            self.ready.extend(held);
            if sign.seen {
                let run = std::mem::take(&mut self.run);
                self.ready.extend(linked(run).into_iter().rev());
            } else {
                self.ready.extend(self.run.drain(..).rev());
            }
        }
    }
}

impl Depth {
    // Inlined: it runs for every event of every section.
    #[inline]
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
    fn read(&mut self, text: &str, signs: &Signs<'_>) {
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
        if (self.tail_len > 0 && has_sign(joined)) || signs.in_text(text) {
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

/// Where a Markdown source holds a URL's sign (`://` or `www`, any case), found in one search
/// of the whole source: a text event that is a slice of the source is tested by a look-up
/// instead of a search of its own (129 k short searches cost 33 M instructions at N = 1,000).
struct Signs<'a> {
    source: &'a [u8],
    /// Where each sign starts, in order.
    starts: Vec<usize>,
}

impl<'a> Signs<'a> {
    /// The signs of `source`; `None` when no text event parsed from it can hold one: it has no
    /// sign, and no entity or backslash escape to make one (the parser's texts are slices of
    /// the source, those decoded, and the smart punctuation's quotes, dashes and ellipses).
    fn of(source: &'a str) -> Option<Signs<'a>> {
        let signs = Signs::new(source);
        let decoded = || memchr::memchr2(b'&', b'\\', signs.source).is_some();
        (!signs.starts.is_empty() || decoded()).then_some(signs)
    }

    fn new(source: &'a str) -> Signs<'a> {
        let source = source.as_bytes();
        let starts = memchr::memchr3_iter(b':', b'w', b'W', source)
            .filter(|&at| sign_at(source, at))
            .collect();
        Signs { source, starts }
    }

    /// Whether `text` holds a sign: as [`has_sign`], looked up when `text` is a slice of the
    /// source (its bytes are the source's there).
    fn in_text(&self, text: &str) -> bool {
        let at = (text.as_ptr() as usize).wrapping_sub(self.source.as_ptr() as usize);
        if at > self.source.len() || text.len() > self.source.len() - at {
            return has_sign(text.as_bytes());
        }
        let first = self.starts.partition_point(|&start| start < at);
        self.starts
            .get(first)
            .is_some_and(|&start| start + 3 <= at + text.len())
    }
}

/// Whether `bytes` holds `://` or `www` in any case: the test [`find_urls`] starts with.
/// One vector search for the sign's first byte, then a look at the two after it.
fn has_sign(bytes: &[u8]) -> bool {
    memchr::memchr3_iter(b':', b'w', b'W', bytes).any(|at| sign_at(bytes, at))
}

/// Whether a sign starts at `at`, where `bytes` holds `:`, `w` or `W`.
fn sign_at(bytes: &[u8], at: usize) -> bool {
    let next = bytes.get(at + 1..at + 3);
    if bytes[at] == b':' {
        next == Some(b"//")
    } else {
        next.is_some_and(|w| w.eq_ignore_ascii_case(b"ww"))
    }
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
    use pulldown_cmark::Parser;

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

    /// Markdown of every construct a text event comes from (entities, escapes, smart
    /// punctuation, emphasis, code, links, raw HTML, headings, lists, tables, notes, quotes),
    /// with signs of URLs whole and in pieces, or none at all.
    fn markdown_with_signs() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let piece = prop_oneof![
            4 => "[ a-z.]{0,6}".prop_map(String::from),
            4 => "[wW:/. ]{1,4}".prop_map(String::from),
            6 => prop::sample::select(vec![
                "https://x.org/a_b", "www.example.org", "WwW.a.b", "http://y.example/(c)",
                "&#58;", "&colon;", "&sol;", "&#x2F;", "&#119;", "&#x57;", "&amp;", "&",
                "http\\://x.org", "https:\\//x.org", "http&#58;//x.org", "https:&sol;/x.org",
                "&#119;ww.x.org", "w&#x57;w.x.org", "http", "x.org",
                "\\:", "\\/", "\\_", "\\\\", "\\*", "\\w", "\\\n",
                "*", "_", "**", "~~", "`", "'", "\"", "--", "...", "[", "]", "(", ")", "!", "<",
                ">", "|", "^", "\n", "\n\n", "  \n", "\t", "\0",
                "[a](https://x.org)", "[w](#s1)", "<https://x.org>", "![w www.a.b](i.png)",
                "<a href=\"x\">", "</a>", "<b>", "`www.x.y`", "[^a]", "\n\n[^a]: ",
                "\n# ", "\n- ", "\n1. ", "\n> ", "\n> [!NOTE]\n> ", "\n```\n",
                "\n\n| a | b |\n|---|---|\n| ", " | ", "\n[r]: https://r.org\n", "[r]",
            ])
            .prop_map(String::from),
        ];
        proptest::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
    }

    /// The test [`find_urls`] used to start with, over the whole run's text.
    fn sign_by_windows(text: &str) -> bool {
        text.as_bytes()
            .windows(3)
            .any(|w| w == b"://" || w.eq_ignore_ascii_case(b"www"))
    }

    proptest::proptest! {
        /// The sign read a text event at a time is the sign of the run's whole text, wherever
        /// the parser split it (a sign across two or three events included), the events
        /// slices of the source or texts of their own.
        #[test]
        fn a_runs_sign_is_read_across_its_events(
            parts in proptest::collection::vec("[wW:/ a.]{0,4}", 0..8),
            own in proptest::collection::vec(proptest::bool::ANY, 8),
        ) {
            let source = parts.concat();
            let signs = Signs::new(&source);
            let mut sign = Sign::default();
            let mut at = 0;
            for (part, own) in parts.iter().zip(&own) {
                let slice = &source[at..at + part.len()];
                at += part.len();
                sign.read(if *own { part } else { slice }, &signs);
            }
            proptest::prop_assert_eq!(sign.seen, sign_by_windows(&source), "{:?}", parts);
            proptest::prop_assert_eq!(has_sign(source.as_bytes()), sign_by_windows(&source));
        }

        /// A slice of the source looked up in its signs holds a sign when a search of it
        /// finds one; a text of its own is searched.
        #[test]
        fn a_sign_looked_up_is_a_sign_searched(
            source in "[wW:/ a.&\\\\]{0,40}",
            from in 0usize..40,
            len in 0usize..40,
        ) {
            let signs = Signs::new(&source);
            let from = from.min(source.len());
            let slice = &source[from..(from + len).min(source.len())];
            proptest::prop_assert_eq!(signs.in_text(slice), has_sign(slice.as_bytes()));
            let own = slice.to_string();
            proptest::prop_assert_eq!(signs.in_text(&own), has_sign(own.as_bytes()));
        }

        /// The adapter with its signs looked up, and left out for a source with no sign, gives
        /// the events the adapter gives when it searches every text run.
        #[test]
        fn signs_looked_up_link_what_a_search_links(source in markdown_with_signs()) {
            let parse = || Parser::new_ext(&source, crate::text::options()).into_offset_iter();
            let fast: Vec<Item<'_>> = autolinks(&source, parse()).collect();
            let searched: Vec<Item<'_>> = Autolinks {
                events: parse(),
                signs: Some(Signs { source: &[], starts: Vec::new() }),
                ready: Vec::new(),
                run: Vec::new(),
                depth: Depth::default(),
            }
            .collect();
            proptest::prop_assert_eq!(fast, searched);
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
