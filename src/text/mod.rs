//! The ground floor: text helpers every stage uses (ids and slugs, escaping for each context,
//! word counts, plurals), Markdown from data and metadata ([`markup`]) and what a URL names
//! ([`url`]). Nothing here knows about briefs: this module imports no other of the crate.

mod autolink;
mod markup;
mod url;

pub(crate) use autolink::{autolinks, url_link_start};
pub use markup::options;
pub use markup::smart_text;
pub(crate) use markup::{
    block_html, fill_empty_links, inline_html, local_link_targets, title_html,
};
pub(crate) use url::{is_safe_url, site_key, site_path};

/// Whether a source's name starts by saying it is one ("Source brief: …", "Sources: A and
/// B"): the page then prints it without its own "Source:" label, which would double it.
pub(crate) fn says_source(name: &str) -> bool {
    let first = name
        .trim_start()
        .split(|c: char| !c.is_alphanumeric())
        .next();
    first.is_some_and(|w| w.eq_ignore_ascii_case("source") || w.eq_ignore_ascii_case("sources"))
}

/// A cross-reference's label as a reader sees it: the space before its number a no-break
/// space ("Figure 2" never ends a line at "Figure"). Text extraction from the PDF gives the
/// space back as a plain one. Labels without a final number are kept as they are.
pub(crate) fn glue_number(label: &str) -> String {
    match label.rsplit_once(' ') {
        Some((word, number))
            if !word.is_empty()
                && !number.is_empty()
                && number.chars().all(|c| c.is_ascii_digit()) =>
        {
            format!("{word}\u{a0}{number}")
        }
        _ => label.to_string(),
    }
}

/// An id the author gave (`id:` in front matter or a table block): letters, digits, `-` and
/// `_` are kept, anything else becomes `-`, so the id is safe in an attribute and a URL.
pub(crate) fn clean_id(id: &str) -> String {
    let cleaned: String = id
        .trim()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    cleaned.trim_matches('-').to_string()
}

/// A URL fragment from a title: lowercase ASCII letters, digits and hyphens; other scripts
/// (e.g. Devanagari) are kept as they are, since browsers handle Unicode fragments.
pub(crate) fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut dash = false;
    for ch in text.chars() {
        if ch.is_alphanumeric() {
            if dash && !slug.is_empty() {
                slug.push('-');
            }
            dash = false;
            slug.extend(ch.to_lowercase());
        } else if matches!(ch, '\'' | '’' | '.' | '\u{200C}' | '\u{200D}') {
            // "India's" → "indias", "U.S." → "us"; a zero-width (non-)joiner only shapes.
        } else if !dash && !slug.is_empty() && is_mark(ch) {
            // A combining mark belongs to its letter: Devanagari's virama and nukta, Arabic's
            // vowel marks are not alphabetic, and "व्यापार" must not become "व-यापार".
            slug.push(ch);
        } else {
            dash = true;
        }
    }
    slug
}

/// Whether `ch` is a combining mark (Unicode general category M).
fn is_mark(ch: char) -> bool {
    use icu_properties::CodePointMapData;
    use icu_properties::props::{GeneralCategory, GeneralCategoryGroup};
    !ch.is_ascii()
        && GeneralCategoryGroup::Mark.contains(CodePointMapData::<GeneralCategory>::new().get(ch))
}

/// Words as `str::split_whitespace` finds them. It runs on every text run of the document, so
/// ASCII text (the usual case) is counted without a loop-carried state: a word starts at each
/// non-space byte that follows a space. Counting in `u8` lanes, 255 bytes at a time, lets the
/// compiler use vector instructions.
pub(crate) fn count_words(text: &str) -> usize {
    if !text.is_ascii() {
        return text.split_whitespace().count();
    }
    // `char::is_whitespace` in ASCII: tab, line feed, vertical tab, form feed, carriage return
    // and space.
    fn space(b: u8) -> bool {
        (b == b' ') | (b.wrapping_sub(b'\t') < 5)
    }
    let bytes = text.as_bytes();
    let Some(&first) = bytes.first() else {
        return 0;
    };
    let pairs = bytes[..bytes.len() - 1]
        .chunks(255)
        .zip(bytes[1..].chunks(255));
    let starts: usize = pairs
        .map(|(before, after)| {
            let starts = before
                .iter()
                .zip(after)
                .map(|(&a, &b)| u8::from(space(a) & !space(b)))
                .fold(0u8, u8::wrapping_add);
            usize::from(starts)
        })
        .sum();
    starts + usize::from(!space(first))
}

/// The text of an HTML fragment (tags dropped, entities decoded).
pub(crate) fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for ch in html.chars() {
        match ch {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    decode_entities(&out)
}

/// Character references in an attribute value as lol_html hands it over (raw): the named ones
/// an escaper writes, and numeric ones.
pub(crate) fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest.find(';').filter(|&s| s <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..semi];
        let decoded = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => name
                .strip_prefix("#x")
                .or_else(|| name.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Escapes text for HTML element content (or SVG/XML text), after [`markup_text`].
pub(crate) fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html_body_text(&mut out, &markup_text(text)).ok();
    out
}

/// Writes `text` escaped as Tera's `escape_html` escapes it (`&`, `<`, `>`, `"` and `'`, the
/// last as `&#39;`), after [`markup_text`]: the templates' autoescape. The text between two
/// such characters is written in one piece, where Tera's writes each byte on its own (about
/// 300,000 writes for the 1,000-section brief's templates).
pub(crate) fn write_escaped(text: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    // One pass: the text is read for `markup_text`'s characters as it is escaped. Before the
    // first, the text is as `markup_text` leaves it; from there on, it goes through it.
    let suspect = write_entities_until(text, out, markup_suspect)?;
    if suspect < text.len() {
        write_entities_until(&markup_text(&text[suspect..]), out, |_| false)?;
    }
    Ok(())
}

/// The entity Tera's `escape_html` writes for `b`, if any.
fn html_entity(b: u8) -> Option<&'static [u8]> {
    match b {
        b'&' => Some(b"&amp;"),
        b'<' => Some(b"&lt;"),
        b'>' => Some(b"&gt;"),
        b'"' => Some(b"&quot;"),
        b'\'' => Some(b"&#39;"),
        _ => None,
    }
}

/// Writes `text` with each of [`html_entity`]'s characters as its entity, up to the first byte
/// `stop` holds for; where it stopped (the text's length if at none).
fn write_entities_until(
    text: &str,
    out: &mut dyn std::io::Write,
    stop: impl Fn(u8) -> bool,
) -> std::io::Result<usize> {
    let bytes = text.as_bytes();
    let mut done = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if stop(b) {
            out.write_all(&bytes[done..i])?;
            return Ok(i);
        }
        if let Some(entity) = html_entity(b) {
            out.write_all(&bytes[done..i])?;
            out.write_all(entity)?;
            done = i + 1;
        }
    }
    out.write_all(&bytes[done..])?;
    Ok(bytes.len())
}

/// Escapes text for a double-quoted HTML (or SVG/XML) attribute, after [`markup_text`].
pub(crate) fn escape_attr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html(&mut out, &markup_text(text)).ok();
    out
}

/// `text` as HTML and XML can hold it. XML 1.0 forbids the C0 controls but tab and line ends
/// even as character references (an SVG holding one is not well-formed), and HTML calls every
/// control character a parse error: a form feed (whitespace in HTML) becomes a space, and any
/// other control character (C0 but tab, line feed and carriage return; DEL; C1) and the
/// noncharacters U+FFFE and U+FFFF become U+FFFD, the replacement character, as CSS does with
/// NUL: the reader sees that something was there, and the author can find it. A carriage
/// return (alone or before a line feed) becomes the line feed every HTML and XML parser reads
/// it as, so that the page and the SVG files say the same whatever reads them.
pub(crate) fn markup_text(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.bytes().any(markup_suspect) {
        return std::borrow::Cow::Borrowed(text);
    }
    text.replace("\r\n", "\n")
        .chars()
        .map(|c| match c {
            '\r' => '\n',
            '\u{c}' => ' ',
            c if unholdable(c) => '\u{fffd}',
            c => c,
        })
        .collect()
}

/// Whether `b` may start a character [`markup_text`] changes: a control character but tab and
/// line feed, or a byte that starts every other such character in UTF-8 (0xC2 starts
/// U+0080..U+00BF, 0xEF U+F000..U+FFFF). Most text has none and is returned as it is.
fn markup_suspect(b: u8) -> bool {
    (b < 0x20 && !matches!(b, b'\t' | b'\n')) || b == 0x7f || b == 0xc2 || b == 0xef
}

/// A character no markup output holds: see [`markup_text`] (form feed aside).
fn unholdable(c: char) -> bool {
    matches!(
        c,
        '\0'..='\u{8}' | '\u{b}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}'
    )
}

/// Escapes text for the inside of a double-quoted CSS string (`content: "…"`). A character
/// outside a safe set (letters, digits, space, punctuation that cannot end or break out of a
/// string or its element, any non-ASCII character other than controls and line or bidi marks) is written as
/// a hex escape, `\HEX ` with the one space that ends it. Tabs and line ends become spaces: a
/// running head is one line. A control character, quote, backslash or `<` can so never end
/// the string, the rule or the `<style>` element it sits in.
pub(crate) fn css_string(text: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '\t' | '\n' | '\r' | '\u{c}' => out.push(' '),
            c if css_safe(c) => out.push(c),
            c => {
                let _ = write!(out, "\\{:X} ", u32::from(c));
            }
        }
    }
    out
}

/// Characters a CSS string may hold as they are, in a `<style>` element of an HTML page.
fn css_safe(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' | ' ' => true,
        // `'` cannot end a double-quoted string, and `&` and `>` mean nothing in a `<style>`
        // element: titles such as "India's R&D" stay readable in the page source.
        '!' | '#' | '$' | '%' | '&' | '\'' | '(' | ')' | '*' | '+' | ',' | '-' | '.' | '/'
        | ':' | ';' | '=' | '>' | '?' | '@' | '[' | ']' | '^' | '_' | '`' | '{' | '|' | '}'
        | '~' => true,
        // `"`, `\\`, `<` and the ASCII controls.
        c if c.is_ascii() => false,
        // C1 controls, line and paragraph separators, bidi embeddings, overrides and isolates.
        '\u{80}'..='\u{9f}'
        | '\u{2028}'
        | '\u{2029}'
        | '\u{200e}'
        | '\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}'
        | '\u{feff}' => false,
        _ => true,
    }
}

/// Names that differ only in case, as `(earlier, later)` pairs in the order given: as file
/// names they are one file on macOS and Windows (and in most unzip tools), so one would
/// overwrite the other in a checkout or a copy of the site.
pub(crate) fn case_collisions<'a>(
    names: impl IntoIterator<Item = &'a str>,
) -> Vec<(&'a str, &'a str)> {
    let mut first: std::collections::HashMap<String, &'a str> = std::collections::HashMap::new();
    let mut pairs = Vec::new();
    for name in names {
        match first.entry(name.to_lowercase()) {
            std::collections::hash_map::Entry::Occupied(earlier) => {
                if *earlier.get() != name {
                    pairs.push((*earlier.get(), name));
                }
            }
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(name);
            }
        }
    }
    pairs
}

/// `""` for one, `"s"` for any other count: "1 error", "2 errors".
pub(crate) fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Standard base64 with padding (RFC 4648 §4), for `data:` URIs.
pub(crate) fn base64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carriage_returns_read_as_the_line_feeds_parsers_make_of_them() {
        assert_eq!(escape_text("a\r\nb\rc</t>\r"), "a\nb\nc&lt;/t&gt;\n");
        assert_eq!(escape_attr("x\ry"), "x\ny");
        assert!(matches!(
            markup_text("plain\ttext\n"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn a_name_that_says_it_is_a_source_is_not_labelled_again() {
        for says in ["Source brief: “X”", "sources: A and B", " SOURCE: x"] {
            assert!(says_source(says), "{says}");
        }
        for not in ["Sourcebook of trade", "World Bank", "Open source data", ""] {
            assert!(!says_source(not), "{not}");
        }
    }

    #[test]
    fn a_label_keeps_its_number_on_its_line() {
        assert_eq!(glue_number("Figure 2"), "Figure\u{a0}2");
        assert_eq!(glue_number("Table 12"), "Table\u{a0}12");
        for kept in ["Overview", "Part two", "2", " 2", "Figure 2a"] {
            assert_eq!(glue_number(kept), kept);
        }
    }

    #[test]
    fn base64_matches_the_rfc_examples() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (input, expected) in cases {
            assert_eq!(base64(input.as_bytes()), expected);
        }
    }

    #[test]
    fn slugs_are_stable_and_readable() {
        assert_eq!(
            slugify("The Path Forward: From Friction to Trust"),
            "the-path-forward-from-friction-to-trust"
        );
        assert_eq!(slugify("U.S.–India trade"), "us-india-trade");
        assert_eq!(slugify("India's role"), "indias-role");
        assert_eq!(slugify("भारत और अमेरिका"), "भारत-और-अमेरिका");
        // The virama (U+094D) and nukta (U+093C) are marks, not letters: the word stays whole.
        assert_eq!(slugify("व्यापार का ज़माना"), "व्यापार-का-ज़माना");
        assert_eq!(slugify("التِّجارة"), "التِّجارة");
        assert_eq!(slugify("\u{94D}क"), "क");
    }

    #[test]
    fn empty_in_page_links_from_data_are_filled_and_others_kept() {
        let html = block_html(
            "From [](#fig-a), [](#caf\u{e9}), [b](#fig-a), [](#gone) & [](https://x.org).",
        );
        let label = |id: &str| (id != "gone").then(|| format!("<{id}>"));
        assert_eq!(
            fill_empty_links(&html, label).unwrap(),
            "<p>From <a href=\"#fig-a\">&lt;fig-a&gt;</a>, <a href=\"#caf%C3%A9\">&lt;caf\u{e9}&gt;</a>, \
             <a href=\"#fig-a\">b</a>, <a href=\"#gone\"></a> &amp; <a href=\"https://x.org\"></a>.</p>\n"
        );
        assert_eq!(fill_empty_links("<p>no links</p>", label), None);
        assert_eq!(
            local_link_targets("[](#a) [b](#c) [d](https://x.org) ![e](#f)"),
            ["a", "c"]
        );
    }

    #[test]
    fn unsafe_links_from_data_lose_their_link_but_keep_their_text() {
        let html = inline_html("[click](javascript:alert(1)) and [ok](https://example.org)");
        assert_eq!(
            html, "click and <a href=\"https://example.org\">ok</a>",
            "{html}"
        );
        assert!(!block_html("[x](JaVa\tScRiPt:alert(1))").contains("href"));
        assert_eq!(block_html("![x](javascript:alert(1))"), "<p>x</p>\n");
        // Images from data load nothing from elsewhere: a link to the image instead, or only
        // the alt text inside a link; the site's own files stay images.
        assert_eq!(
            inline_html("![chart](https://tracker.example/c.png \"t\")"),
            "<a href=\"https://tracker.example/c.png\" title=\"t\">chart</a>"
        );
        assert_eq!(
            inline_html("[![badge](//cdn.example/b.svg)](https://example.org)"),
            "<a href=\"https://example.org\">badge</a>"
        );
        assert_eq!(
            inline_html("![flag](flags/in.svg)"),
            "<img src=\"flags/in.svg\" alt=\"flag\" />"
        );
        assert!(is_safe_url("#fig-1") && is_safe_url("data/x.csv") && is_safe_url("a/b:c"));
        assert!(!is_safe_url("vbscript:x") && !is_safe_url("data:text/html,x"));
    }

    #[test]
    fn words_are_counted_as_split_whitespace_does() {
        for text in [
            "",
            "  ",
            "one",
            "a",
            "a ",
            " a",
            "ab\n\ncd ef.",
            " two  words ",
            "a\tb\nc\x0bd\x0ce\rf",
            "नमस्ते दुनिया\u{a0}x",
        ] {
            assert_eq!(
                count_words(text),
                text.split_whitespace().count(),
                "{text:?}"
            );
        }
        // Longer than the 255-byte lanes, with words across their edges.
        for text in ["ab ".repeat(300), "x".repeat(600), " abcdefg\t".repeat(90)] {
            assert_eq!(count_words(&text), text.split_whitespace().count());
        }
    }

    #[test]
    fn names_that_differ_only_in_case_are_found() {
        assert_eq!(
            case_collisions(["data/Sectors.csv", "a", "data/sectors.csv", "A", "a"]),
            [("data/Sectors.csv", "data/sectors.csv"), ("a", "A")]
        );
        assert!(case_collisions(["résumé", "resume"]).is_empty());
        assert_eq!(case_collisions(["Ä", "ä"]), [("Ä", "ä")]);
    }

    #[test]
    fn escaping_covers_quotes_in_attributes() {
        assert_eq!(escape_attr("\" onerror=x"), "&quot; onerror=x");
        assert_eq!(escape_text("<script>"), "&lt;script&gt;");
    }

    /// Hostile pieces a generated string is made of: every C0 control, DEL, C1 controls,
    /// quotes, backslashes, what ends a `<style>` element or a CDATA section, bidi and line
    /// marks, U+FFFD, and ordinary text in two scripts.
    fn hostile_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let pieces = prop_oneof![
            (0u32..0x20).prop_map(|c| char::from_u32(c).unwrap().to_string()),
            Just("\u{7f}".to_string()),
            (0x80u32..0xa0).prop_map(|c| char::from_u32(c).unwrap().to_string()),
            Just("\"".to_string()),
            Just("'".to_string()),
            Just("\\".to_string()),
            Just("</style>".to_string()),
            Just("]]>".to_string()),
            Just("}body{background:url(x)}/*".to_string()),
            Just("\u{202e}\u{2066}\u{200f}\u{2028}\u{2029}\u{feff}".to_string()),
            Just("\u{fffd}".to_string()),
            Just("भारत".to_string()),
            "[a-zA-Z0-9 .,:;&!?()-]{0,12}",
        ];
        prop::collection::vec(pieces, 0..40).prop_map(|parts| parts.concat())
    }

    /// The tokens of a stylesheet, nested blocks included, as text; strings as
    /// `String(value)`.
    fn css_tokens(css: &str) -> Vec<String> {
        fn walk(parser: &mut cssparser::Parser<'_, '_>, out: &mut Vec<String>) {
            while let Ok(token) = parser.next_including_whitespace_and_comments() {
                let token = token.clone();
                out.push(format!("{token:?}"));
                if matches!(
                    token,
                    cssparser::Token::CurlyBracketBlock
                        | cssparser::Token::SquareBracketBlock
                        | cssparser::Token::ParenthesisBlock
                        | cssparser::Token::Function(_)
                ) {
                    let _ = parser.parse_nested_block(|inner| {
                        walk(inner, out);
                        Ok::<(), cssparser::ParseError<'_, ()>>(())
                    });
                    out.push("end".into());
                }
            }
        }
        let mut input = cssparser::ParserInput::new(css);
        let mut parser = cssparser::Parser::new(&mut input);
        let mut out = Vec::new();
        walk(&mut parser, &mut out);
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1024))]

        /// The templates' escape writes what Tera's own gives for the same text.
        #[test]
        fn write_escaped_writes_what_teras_escape_does(
            text in escapable_text()
        ) {
            let mut ours = Vec::new();
            write_escaped(&text, &mut ours).unwrap();
            let mut teras = Vec::new();
            tera::escape_html(&markup_text(&text), &mut teras).unwrap();
            proptest::prop_assert_eq!(ours, teras);
        }
    }

    /// Hostile text, or text made only of the characters HTML escapes and letters.
    fn escapable_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        prop_oneof![hostile_text(), "[&<>\"'a ]{0,12}"]
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

        /// Regression guard: a carriage return or form feed in `license:` used to end the
        /// print stylesheet's string and let the rest of the value run as CSS.
        #[test]
        fn css_strings_hold_any_text(text in hostile_text()) {
            let css = format!("a {{ content: \"{}\"; }} b {{ color: red }}", css_string(&text));
            let expected: String = text
                .chars()
                .map(|c| match c {
                    '\t' | '\n' | '\r' | '\u{c}' => ' ',
                    // CSS has no NUL: escaped or not, it reads as U+FFFD.
                    '\0' => '\u{fffd}',
                    c => c,
                })
                .collect();
            let tokens = css_tokens(&css);
            let benign = css_tokens("a { content: \"x\"; } b { color: red }");
            proptest::prop_assert_eq!(tokens.len(), benign.len(), "{:?}", tokens);
            for (got, want) in tokens.iter().zip(&benign) {
                if want.starts_with("QuotedString") {
                    proptest::prop_assert_eq!(got, &format!("QuotedString({expected:?})"));
                } else {
                    proptest::prop_assert_eq!(got, want);
                }
            }
            proptest::prop_assert!(!css.contains("</"));
        }
    }
}
