//! Hostile strings in every input an author's collaborators or data sources might control —
//! `brief.yaml`, front matter, dataset titles, sources, notes, column labels and cells, chart
//! and table specs — come out escaped in every sink: HTML text and attributes, inline and
//! standalone SVG, JSON-LD, meta tags and CSV. The output is parsed (scraper, roxmltree,
//! serde_json, csv) rather than grepped wherever possible.

use crate::{TestBrief, select};

/// Breaks out of text, attributes, `<script>`, CDATA and Tera, all at once.
const HOSTILE: &str =
    r#"<script>alert(1)</script>" onerror="alert(2)" ']]> {{ 7*7 }} {% if true %}T{% endif %}"#;
/// Runs as a formula when a spreadsheet opens the CSV.
const FORMULA: &str = "=cmd|' /C calc'!A0";

/// A YAML double-quoted string (JSON strings are YAML).
fn q(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

fn hostile_brief() -> TestBrief {
    let h = q(HOSTILE);
    let brief = TestBrief::fixture("basic");
    brief.write(
        "content/brief.yaml",
        format!(
            "title: {h}\nsubtitle: {h}\nauthors:\n  - name: {h}\n    affiliation: {h}\norganization: {h}\ndate: \"2025-01-15\"\nlicense: {h}\nkeywords: [{h}]\nsummary: {}\nkey_takeaways:\n  - {h}\nbase_url: https://example.org/x/\nstandalone: true\n",
            q(&format!("{HOSTILE} [click](javascript:alert(3))"))
        ),
    );
    brief.write(
        "content/01-first.md",
        format!(
            "---\ntitle: {h}\nid: {}\n---\n\nText.[^n]\n\n```chart\nid: {}\ndata: growth\ntype: hbar\nx: category\ny: pct\ntitle: {h}\nsubtitle: {h}\ncaption: {h}\nx_label: {h}\ny_label: {h}\nnotes: {h}\nsource: {h}\nhighlight: {h}\n```\n\n```chart\nid: lines\ndata: growth\ntype: grouped-bar\nx: category\ny: [pct, share]\nseries_labels: [{h}, {h}]\nalt: {h}\n```\n\n[^n]: A note (the section's own Markdown is the author's, see below).\n",
            q(r#"first" onmouseover="alert(4)"#),
            q(r#"growth"><script>alert(5)</script>"#),
        ),
    );
    brief.write(
        "content/02-second.md",
        format!(
            "---\ntitle: Second\n---\n\n```table\nid: {}\ndata: growth\ncaption: {h}\nnotes: {}\n```\n",
            q(r#"t" onclick="alert(6)"#),
            q(&format!("{HOSTILE} [x](javascript:alert(7))"))
        ),
    );
    brief.write(
        "content/data/growth.yaml",
        format!(
            "title: {h}\ndescription: {h}\nsource:\n  name: {h}\n  url: https://example.org/?a=1&b=\"2\"\nnotes: {h}\ncolumns:\n  category: {{label: {h}, type: text}}\n  pct: {{label: {h}, type: number}}\n  share: {{label: {h}, type: number}}\nrows:\n  - {{category: {h}, pct: 10, share: 1}}\n  - {{category: {}, pct: 20, share: 2}}\n  - {{category: Plain, pct: 30, share: 3}}\n",
            q(FORMULA)
        ),
    );
    brief.remove("content/data/series.yaml");
    brief.remove("content/data/things.yaml");
    brief.build().assert_success();
    brief
}

/// No element or attribute that could run script made it into the page.
fn assert_inert(html: &scraper::Html) {
    for script in select(html, "script") {
        assert_eq!(
            script.value().attr("type"),
            Some("application/ld+json"),
            "a script element: {}",
            script.html()
        );
    }
    for element in select(html, "*") {
        for (name, value) in element.value().attrs() {
            assert!(
                !name.starts_with("on"),
                "event handler attribute {name}={value:?} on <{}>",
                element.value().name()
            );
            if matches!(name, "href" | "src" | "xlink:href") {
                assert!(
                    !value.trim().to_ascii_lowercase().starts_with("javascript:"),
                    "{name}={value:?}"
                );
            }
        }
    }
}

#[test]
fn hostile_strings_are_escaped_in_every_sink_of_the_page() {
    let brief = hostile_brief();
    let page = brief.output("index.html");
    let html = brief.page();
    assert_inert(&html);
    // Tera never evaluates data: the expression is shown as written.
    assert!(
        page.contains("{{ 7*7 }}") && !page.contains(" 49 "),
        "Tera ran data"
    );

    // HTML text: the title, the subtitle, authors, takeaways, figure titles, table captions,
    // section titles and footnotes show the string as text.
    let texts = |sel: &str| -> Vec<String> {
        select(&html, sel)
            .iter()
            .map(|e| e.text().collect::<String>())
            .collect()
    };
    assert_eq!(texts("h1"), [HOSTILE]);
    // Plain text from data reads with smart punctuation (“ ’), as Markdown does.
    let shown = shown(HOSTILE);
    for sel in [
        ".figure-title",
        "figcaption",
        ".figure-caption",
        "table caption",
        "h2",
    ] {
        assert!(
            texts(sel)
                .iter()
                .any(|t| t.contains(HOSTILE) || t.contains(&shown)),
            "{sel}: {:?}",
            texts(sel)
        );
    }
    // Attributes: meta tags hold the exact string.
    let meta = |sel: &str| {
        select(&html, sel)
            .first()
            .and_then(|e| e.value().attr("content").map(str::to_string))
    };
    assert_eq!(meta("meta[property='og:title']").as_deref(), Some(HOSTILE));
    assert_eq!(
        meta("meta[name='citation_author']").as_deref(),
        Some(HOSTILE)
    );
    assert!(meta("meta[name='description']").is_some());
    // Ids from front matter and specs are cleaned into safe ids.
    for id in select(&html, "[id]") {
        let id = id.value().attr("id").unwrap();
        assert!(
            !id.contains(['"', '<', '>', ' ']),
            "an id with markup characters: {id:?}"
        );
    }
    // JSON-LD parses, holds the exact strings, and cannot close its <script>.
    let ld = select(&html, "script[type='application/ld+json']");
    assert_eq!(ld.len(), 1);
    let raw = ld[0].inner_html();
    assert!(!raw.contains("</script"), "{raw}");
    let json: serde_json::Value = serde_json::from_str(&raw).unwrap();
    assert_eq!(json["headline"], HOSTILE);
    assert_eq!(json["author"][0]["name"], HOSTILE);
    // The print style holds the title and the license as CSS strings: no data can close the
    // <style> or a string (four strings, eight quotes, all brief's own: the title, the
    // license and the two words of the page counter, "Page " and " of ").
    let print_style = select(&html, "head style")
        .into_iter()
        .map(|s| s.inner_html())
        .find(|css| css.contains("@bottom-left"))
        .expect("the license is in the print style");
    assert!(!print_style.contains('<'), "{print_style}");
    assert_eq!(print_style.matches('"').count(), 8, "{print_style}");
    // Links to javascript: from data and metadata Markdown keep their text, lose the link.
    assert!(texts("body").iter().any(|t| t.contains("click")));

    // The self-contained copy (CSS inlined) is as inert, and its title as exact.
    let standalone: Vec<_> = brief
        .output_tree()
        .into_keys()
        .filter(|p| p.extension().is_some_and(|e| e == "html") && !p.ends_with("index.html"))
        .collect();
    assert_eq!(standalone.len(), 1, "{standalone:?}");
    let copy = scraper::Html::parse_document(&brief.output(standalone[0].to_str().unwrap()));
    assert_inert(&copy);
    assert_eq!(
        select(&copy, "h1")
            .iter()
            .map(|e| e.text().collect::<String>())
            .collect::<Vec<_>>(),
        [HOSTILE]
    );
}

#[test]
fn hostile_strings_are_escaped_in_svg_and_csv() {
    let brief = hostile_brief();
    let html = brief.page();
    // Inline SVG: the title is text.
    let titles: Vec<String> = select(&html, "svg title")
        .iter()
        .map(|e| e.text().collect())
        .collect();
    assert!(titles.iter().any(|t| *t == shown(HOSTILE)), "{titles:?}");
    // Standalone SVG files are well-formed XML whose text is the string, whatever it holds.
    let chart_files: Vec<_> = brief
        .output_tree()
        .into_keys()
        .filter(|p| p.starts_with("charts"))
        .collect();
    assert_eq!(chart_files.len(), 2, "{chart_files:?}");
    for path in chart_files {
        let svg = brief.output(path.to_str().unwrap());
        let doc = roxmltree::Document::parse(&svg)
            .unwrap_or_else(|e| panic!("{} is not XML: {e}", path.display()));
        assert!(
            doc.descendants().all(|n| !n.has_tag_name("script")
                && n.attributes().all(|a| !a.name().starts_with("on"))),
            "{}",
            path.display()
        );
        let text: String = doc
            .descendants()
            .filter(|n| n.is_text())
            .map(|n| n.text().unwrap())
            .collect();
        assert!(text.contains(&shown(HOSTILE)), "{}: {text}", path.display());
    }
    // CSV: parses, keeps the strings as written (no smart punctuation), and neutralises the formula.
    let csv_text = brief.output("data/growth.csv");
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(&rows[0][0], HOSTILE);
    assert_eq!(&rows[1][0], format!("'{FORMULA}"));
}

#[test]
fn an_unsafe_source_url_is_an_error() {
    let stderr = crate::invalid::failing_build_with(
        |b| {
            b.write(
                "content/data/growth.yaml",
                "source:\n  name: Evil\n  url: \"javascript:alert(1)\"\nrows:\n  - {category: Chips, pct: 900}\n",
            );
        },
        &[],
    );
    assert!(stderr.contains("content/data/growth.yaml:3:9"), "{stderr}");
    assert!(
        stderr.contains("the source URL is not a web address"),
        "{stderr}"
    );
}

/// A section of third-party Markdown with raw HTML, built with and without `sanitize`.
fn raw_html_brief(sanitize: bool) -> TestBrief {
    let brief = TestBrief::fixture("basic");
    let yaml = std::fs::read_to_string(brief.path().join("content/brief.yaml")).unwrap();
    brief.write(
        "content/brief.yaml",
        format!("{yaml}sanitize: {sanitize}\n"),
    );
    brief.write(
        "content/02-second.md",
        "---\ntitle: Second\n---\n\n<div class=\"box\" onclick=\"alert(1)\">A <b>box</b>.<script>alert(2)</script></div>\n\n<iframe src=\"https://evil.example\"></iframe>\n\nSee [me](javascript:alert(3)) and [](#fig-growth).\n\n- [x] done\n\n## Heading {#kept}\n\n```table\nid: things\ndata: things\n```\n\n<brief-block data-index=\"0\"></brief-block>\n",
    );
    brief.build().assert_success();
    brief
}

#[test]
fn raw_html_in_sections_is_the_authors_and_passes_by_default() {
    let brief = raw_html_brief(false);
    let page = brief.output("index.html");
    assert!(
        page.contains("<script>alert(2)</script>"),
        "raw HTML passes by default"
    );
    assert!(page.contains("onclick=\"alert(1)\""));
}

#[test]
fn sanitize_cleans_raw_html_and_keeps_what_brief_writes() {
    let brief = raw_html_brief(true);
    let html = brief.page();
    assert_inert(&html);
    assert!(select(&html, "iframe").is_empty());
    // The author's harmless HTML, the heading id, the checkbox, the figures and the table
    // survive; the cross-reference still reads "Figure 1".
    assert_eq!(select(&html, "div.box b").len(), 1);
    assert_eq!(select(&html, "h3#kept").len(), 1);
    assert_eq!(select(&html, "input[type=checkbox][disabled]").len(), 1);
    assert_eq!(
        select(&html, "#fig-growth svg").len(),
        2,
        "both chart sizes"
    );
    assert_eq!(select(&html, "figure#tbl-things table").len(), 1);
    assert_eq!(
        select(&html, "#fig-trend, #tbl-things").len(),
        1,
        "a block whose spec is in the other section is absent, a placeholder typed by the author adds nothing"
    );
    let link = select(&html, "a[href='#fig-growth']");
    assert_eq!(crate::text(&link[0]), "Figure 1");
    assert!(select(&html, "brief-block").is_empty());
}

/// A YAML double-quoted string for any text: every character outside printable ASCII is a
/// `\u`/`\U` escape, so control characters reach brief as they are.
fn yaml_quote(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            ' '..='~' => out.push(c),
            c if u32::from(c) <= 0xffff => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push_str(&format!("\\U{:08X}", u32::from(c))),
        }
    }
    out.push('"');
    out
}

/// Hostile text for the print strings: every C0 control, DEL, C1 controls, quotes,
/// backslashes, `</style>`, `]]>`, a CSS break-out, bidi and line marks, U+FFFD, long runs.
fn hostile_text() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let pieces = prop_oneof![
        (0u32..0x20).prop_map(|c| char::from_u32(c).unwrap().to_string()),
        Just("\u{7f}".to_string()),
        (0x80u32..0xa0).prop_map(|c| char::from_u32(c).unwrap().to_string()),
        Just("\"".to_string()),
        Just("\\".to_string()),
        Just("</style><script>alert(1)</script>".to_string()),
        Just("]]>".to_string()),
        Just("}}body{background:url(http://127.0.0.1:9/leak.png)}/*".to_string()),
        Just("\u{202e}\u{2066}\u{200f}\u{2028}\u{2029}".to_string()),
        Just("\u{fffd}".to_string()),
        "[a-zA-Z0-9 .,:;&'!?()-]{0,12}",
        Just("x".repeat(300)),
    ];
    prop::collection::vec(pieces, 0..24).prop_map(|parts| parts.concat())
}

/// The print stylesheet's tokens (the `<style>` holding `@page`), nested blocks included; a
/// string token as `QuotedString("…")`.
fn print_css_tokens(html: &str) -> Vec<String> {
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
    let page = scraper::Html::parse_document(html);
    let styles: Vec<String> = select(&page, "style")
        .iter()
        .map(|s| s.text().collect::<String>())
        .filter(|css| css.starts_with("@page { @top-left"))
        .collect();
    assert_eq!(styles.len(), 1, "one print stylesheet: {styles:?}");
    let mut input = cssparser::ParserInput::new(&styles[0]);
    let mut parser = cssparser::Parser::new(&mut input);
    let mut out = Vec::new();
    walk(&mut parser, &mut out);
    out
}

/// The license as the page footer prints it: cut at 48 characters, with "…", so the footer
/// stays one line (templates/base.html), then as a CSS string holds it.
fn print_license(license: &str) -> String {
    let cut = match license.char_indices().nth(48) {
        Some((at, _)) => format!("{}…", &license[..at]),
        None => license.to_string(),
    };
    as_css_reads(&cut)
}

/// What a CSS string can hold of `text`: line ends and tabs become spaces (the running head is
/// one line), and NUL, which CSS cannot hold, reads as U+FFFD.
fn as_css_reads(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' | '\u{c}' => ' ',
            '\0' => '\u{fffd}',
            c => c,
        })
        .collect()
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

    /// Regression guard: `license:` with a carriage return or form feed used to end the print
    /// stylesheet's `content: "…"` string (the template escaped only `\`, `"`, `<` and `\n`),
    /// so the rest of the value ran as CSS in every page and in the standalone file.
    #[test]
    fn titles_and_licenses_stay_inside_the_print_strings(
        title in hostile_text(),
        license in hostile_text(),
    ) {
        // A title or license of only spaces and controls is empty, which is another error.
        let (title, license) = (format!("T{title}"), format!("L{license}"));
        let brief = TestBrief::fixture("basic");
        let meta = |title: &str, license: &str| {
            format!(
                "title: {}\nlicense: {}\nslug: plain\nstandalone: true\n",
                yaml_quote(title),
                yaml_quote(license)
            )
        };
        brief.write("content/brief.yaml", meta("Plain", "Plain"));
        brief.build().assert_success();
        let plain = print_css_tokens(&brief.output("index.html"));
        brief.write("content/brief.yaml", meta(&title, &license));
        brief.build().assert_success();
        let strings = [
            as_css_reads(&shown(&title)),
            format!("License: {}", print_license(&license)),
            "Page ".to_string(),
            " of ".to_string(),
        ];
        for file in ["index.html", "plain.html"] {
            let tokens = print_css_tokens(&brief.output(file));
            // The same rules, at-rules and blocks as with a plain title; only the strings differ,
            // and they read back as the values.
            proptest::prop_assert_eq!(tokens.len(), plain.len(), "{}: {:?}", file, tokens);
            let mut got_strings = Vec::new();
            for (got, want) in tokens.iter().zip(&plain) {
                if want.starts_with("QuotedString") {
                    got_strings.push(got.clone());
                } else {
                    proptest::prop_assert_eq!(got, want, "{}", file);
                }
            }
            let want_strings: Vec<String> =
                strings.iter().map(|s| format!("QuotedString({s:?})")).collect();
            proptest::prop_assert_eq!(got_strings, want_strings, "{}", file);
        }
    }
}

/// Pieces of the strings fed through every field: all C0 controls, DEL, C1, quotes,
/// backslashes, what ends a `<style>`, a `<script>` or a CDATA section, Tera's delimiters,
/// raw HTML, an image from elsewhere, bidi and line marks, U+FFFD, Devanagari, long runs.
fn any_field_text() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let pieces = prop_oneof![
        (0u32..0x20).prop_map(|c| char::from_u32(c).unwrap().to_string()),
        Just("\u{7f}".to_string()),
        (0x80u32..0xa0).prop_map(|c| char::from_u32(c).unwrap().to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("\\".to_string()),
        Just("{".to_string()),
        Just("}".to_string()),
        Just("</style></script><script>alert(1)</script>".to_string()),
        Just("]]>".to_string()),
        Just("{{ 7*7 }}{% if true %}T{% endif %}".to_string()),
        Just("<b onclick=\"alert(2)\">b</b>".to_string()),
        Just("![i](https://tracker.example/p.png)".to_string()),
        Just("\u{202e}\u{2066}\u{200f}\u{2028}\u{2029}".to_string()),
        Just("\u{fffd}".to_string()),
        Just("भारत और अमेरिका".to_string()),
        "[a-zA-Z0-9 .,:;&'!?()=@-]{0,12}",
        Just("x".repeat(300)),
    ];
    prop::collection::vec(pieces, 0..16).prop_map(|parts| parts.concat())
}

/// Fields the page shows as text, and whether the text is Markdown there. Every field's value
/// is a tag (`B…` brief.yaml, `S…` front matter, `D…` the dataset, `C…` a chart spec, `T…` a
/// table spec) followed by the generated text, so each can be found on its own.
const PAGE_TEXT: &[(&str, bool)] = &[
    ("Btitle", true),
    ("Bsubtitle", false),
    ("Bname", false),
    ("Baffil", false),
    ("Borg", false),
    ("Bsummary", true),
    ("Btakeaway", true),
    ("Blicense", false),
    ("Bcite", false),
    ("Ssection", true),
    ("Dtitle", false),
    ("Dsource", false),
    ("Dnotes", true),
    ("Dcell", true),
    ("Ctitle", false),
    ("Ccaption", true),
    ("Cnotes", true),
    ("Tcaption", true),
    ("Tnotes", true),
];

/// A brief whose every text field is `tag + text`.
fn write_field_brief(brief: &TestBrief, text: &str) {
    let v = |tag: &str| yaml_quote(&format!("{tag}{text}"));
    brief.write(
        "content/brief.yaml",
        format!(
            "title: {}\nsubtitle: {}\nauthors:\n  - {{name: {}, affiliation: {}, given: {}, family: {}}}\n  - {{name: Second}}\norganization: {}\ndate: \"2025-01-15\"\nsummary: {}\nkey_takeaways: [{}]\nbase_url: https://example.org/x/\nlicense: {}\nkeywords: [{}]\ncite_as: {}\nslug: plain\nstandalone: true\n",
            v("Btitle"), v("Bsubtitle"), v("Bname"), v("Baffil"), v("Bgiven"), v("Bfamily"),
            v("Borg"), v("Bsummary"), v("Btakeaway"), v("Blicense"), v("Bkeyword"), v("Bcite"),
        ),
    );
    brief.write(
        "content/01-first.md",
        format!(
            "---\ntitle: {}\n---\n\nText.\n\n```chart\nid: growth\ndata: growth\ntype: hbar\nx: category\ny: pct\ntitle: {}\nsubtitle: {}\ncaption: {}\nnotes: {}\nx_label: {}\ny_label: {}\nsource: {}\n```\n\n```chart\nid: grouped\ndata: growth\ntype: grouped-bar\nx: category\ny: [pct, share]\nseries_labels: [{}, {}]\nalt: {}\n```\n",
            v("Ssection"), v("Ctitle"), v("Csubtitle"), v("Ccaption"), v("Cnotes"),
            v("Cxlabel"), v("Cylabel"), v("Csource"), v("Cseries"), v("Cseries"), v("Calt"),
        ),
    );
    brief.write(
        "content/02-second.md",
        format!(
            "---\ntitle: Second\n---\n\n```table\nid: t\ndata: growth\ncaption: {}\nnotes: {}\n```\n",
            v("Tcaption"), v("Tnotes"),
        ),
    );
    brief.write(
        "content/data/growth.yaml",
        format!(
            "title: {}\ndescription: {}\nsource:\n  name: {}\n  url: https://example.org/s\nnotes: {}\ncolumns:\n  category: {{label: {}, type: text}}\n  items: {{label: {}, type: list}}\n  pct: {{label: {}, type: number}}\n  share: {{label: {}, type: number}}\nrows:\n  - {{category: {}, items: [{}, b], pct: 10, share: 1}}\n  - {{category: Plain, items: [], pct: 30, share: 3}}\n",
            v("Dtitle"), v("Ddesc"), v("Dsource"), v("Dnotes"), v("Dlabel"), v("Dlabel"),
            v("Dlabel"), v("Dlabel"), v("Dcell"), v("Dlist"),
        ),
    );
}

/// What HTML and XML hold of a value (brief's documented rule): a form feed reads as a
/// space, any other control character but tab and line ends as U+FFFD; and a parser reads a
/// carriage return as a line feed.
fn as_markup_reads(text: &str) -> String {
    text.replace("\r\n", "\n")
        .chars()
        .map(|c| match c {
            '\r' => '\n',
            '\u{c}' => ' ',
            '\0'..='\u{8}' | '\u{b}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => '\u{fffd}',
            c => c,
        })
        .collect()
}

/// The text a reader sees of Markdown `text` (after the markup rule), without whitespace: raw
/// HTML and images' alt text are text too.
fn markdown_reads(text: &str) -> String {
    use pulldown_cmark::{Event, Parser};
    let text = as_markup_reads(text);
    Parser::new_ext(&text, brief::internals::markdown_options())
        .filter_map(|e| match e {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                Some(t.to_string())
            }
            _ => None,
        })
        .collect::<String>()
        .split_whitespace()
        .collect()
}

/// Plain text from data as the page shows it: with the sections' smart punctuation.
fn shown(text: &str) -> String {
    brief::internals::smart_text(text).into_owned()
}

fn no_whitespace(text: &str) -> String {
    text.split_whitespace().collect()
}

/// What the plain brief's outputs look like, to compare shapes with.
struct Shapes {
    elements: std::collections::BTreeSet<String>,
    attributes: std::collections::BTreeSet<String>,
    svg_elements: std::collections::BTreeSet<String>,
    csv: Vec<usize>,
    ris_tags: Vec<String>,
    bib_fields: Vec<String>,
}

fn shapes_of(brief: &TestBrief) -> Shapes {
    let page = brief.page();
    let svg_text = brief.output("charts/growth.svg");
    let svg = roxmltree::Document::parse(&svg_text).unwrap();
    Shapes {
        elements: select(&page, "*")
            .iter()
            .map(|e| e.value().name().to_string())
            .collect(),
        attributes: select(&page, "*")
            .iter()
            .flat_map(|e| e.value().attrs().map(|(n, _)| n.to_string()))
            .collect(),
        svg_elements: svg
            .descendants()
            .filter(|n| n.is_element())
            .map(|n| n.tag_name().name().to_string())
            .collect(),
        csv: csv::Reader::from_reader(brief.output("data/growth.csv").as_bytes())
            .records()
            .map(|r| r.unwrap().len())
            .collect(),
        ris_tags: ris_fields(&brief.output("cite.ris"))
            .into_iter()
            .map(|(tag, _)| tag)
            .collect(),
        bib_fields: bib_fields(&brief.output("cite.bib"))
            .into_iter()
            .map(|(name, _)| name)
            .collect(),
    }
}

/// An RIS record's `TAG  - value` lines; panics on a line that is not one.
fn ris_fields(ris: &str) -> Vec<(String, String)> {
    let body = ris.strip_suffix("\r\n").expect("ends with CRLF");
    body.split("\r\n")
        .map(|line| {
            let (tag, value) = line.split_at_checked(6).unwrap_or((line, ""));
            let b = tag.as_bytes();
            assert!(
                b.len() == 6
                    && b[0].is_ascii_uppercase()
                    && b[1].is_ascii_alphanumeric()
                    && &b[2..] == b"  - ",
                "not an RIS line: {line:?}"
            );
            assert!(!value.contains(['\n', '\r']), "{line:?}");
            (tag[..2].to_string(), value.to_string())
        })
        .collect()
}

/// A BibTeX entry's fields read as BibTeX reads them: `{…}` values whose braces balance, a
/// backslash protecting none (BibTeX counts the brace of `\{` too).
fn bib_fields(bib: &str) -> Vec<(String, String)> {
    let rest = bib.strip_prefix("@techreport{").expect("an entry");
    let (key, mut rest) = rest.split_once(",\n").expect("a key");
    assert!(key.chars().all(|c| c.is_ascii_alphanumeric()), "{key:?}");
    let mut fields = Vec::new();
    loop {
        let (name, after) = rest.split_once(" = {").expect("a field");
        let name = name.trim().to_string();
        assert!(
            name.chars().all(|c| c.is_ascii_lowercase()),
            "{name:?} in {bib}"
        );
        let mut depth = 1;
        let end = after
            .char_indices()
            .find(|&(_, c)| {
                depth += match c {
                    '{' => 1,
                    '}' => -1,
                    _ => 0,
                };
                depth == 0
            })
            .map(|(i, _)| i)
            .unwrap_or_else(|| panic!("an unbalanced {name}: {bib}"));
        fields.push((name, after[..end].to_string()));
        rest = &after[end + 1..];
        match rest.strip_prefix(",\n") {
            Some(next) => rest = next,
            None => {
                assert_eq!(rest, "\n}\n", "the entry ends after {fields:?}");
                return fields;
            }
        }
    }
}

fn plain_shapes() -> &'static Shapes {
    static SHAPES: std::sync::OnceLock<Shapes> = std::sync::OnceLock::new();
    SHAPES.get_or_init(|| {
        let brief = TestBrief::fixture("basic");
        brief.remove("content/data/series.yaml");
        brief.remove("content/data/things.yaml");
        write_field_brief(&brief, " plain");
        brief.build().assert_success();
        shapes_of(&brief)
    })
}

/// The page (or the standalone copy): inert, made of the plain page's elements and Markdown's
/// own, and showing each field as text.
fn check_page(html_text: &str, text: &str, file: &str) {
    let shapes = plain_shapes();
    let html = scraper::Html::parse_document(html_text);
    assert_inert(&html);
    const MARKDOWN: &[&str] = &[
        "p",
        "em",
        "strong",
        "del",
        "a",
        "code",
        "pre",
        "ul",
        "ol",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "br",
        "blockquote",
    ];
    for element in select(&html, "*") {
        let name = element.value().name();
        assert!(
            shapes.elements.contains(name) || MARKDOWN.contains(&name),
            "{file}: a new element <{name}>: {}",
            element.html()
        );
        for (attr, value) in element.value().attrs() {
            assert!(
                shapes.attributes.contains(attr) || matches!(attr, "start" | "title"),
                "{file}: a new attribute {attr}={value:?} on <{name}>"
            );
        }
    }
    let images = select(&html, "img");
    assert!(
        images.is_empty(),
        "{file}: an image from data: {}",
        images[0].html()
    );
    let body: String = no_whitespace(&select(&html, "body")[0].text().collect::<String>());
    for (tag, markdown) in PAGE_TEXT {
        let value = format!("{tag}{text}");
        let want = if *markdown {
            markdown_reads(&value)
        } else {
            no_whitespace(&shown(&as_markup_reads(&value)))
        };
        assert!(
            body.contains(&want),
            "{file}: {tag} is not shown as {want:?}"
        );
    }
    let meta = |sel: &str| {
        select(&html, sel)[0]
            .value()
            .attr("content")
            .unwrap()
            .to_string()
    };
    assert_eq!(
        meta("meta[property='og:title']"),
        as_markup_reads(&format!("Btitle{text}"))
    );
    let title: String = select(&html, "title")[0].text().collect();
    assert_eq!(
        title,
        format!(
            "{} | {}",
            shown(&as_markup_reads(&format!("Btitle{text}"))),
            shown(&as_markup_reads(&format!("Borg{text}")))
        ),
        "{file}"
    );
    let ld = select(&html, "script[type='application/ld+json']");
    let json: serde_json::Value = serde_json::from_str(&ld[0].inner_html()).unwrap();
    assert_eq!(json["headline"], format!("Btitle{text}"), "{file}");
    assert_eq!(
        json["author"][0]["affiliation"]["name"],
        format!("Baffil{text}")
    );
    assert_eq!(json["license"], format!("Blicense{text}"));
    assert!(
        select(&html, "svg title")
            .iter()
            .any(|t| t.text().collect::<String>()
                == shown(&as_markup_reads(&format!("Ctitle{text}")))),
        "{file}: the inline chart's title"
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

    /// Every text field of `brief.yaml`, front matter, datasets and chart and table specs,
    /// built with any characters, comes back as text in every output, each parsed: the page
    /// and the standalone copy (html5ever), the print strings (cssparser), the SVG files
    /// (roxmltree), JSON-LD (serde_json), the sitemap (roxmltree), the CSV (csv), the RIS
    /// and BibTeX files (as their readers split them). Nothing adds an element, an attribute,
    /// a CSS rule, a CSV column or record, an RIS line or a BibTeX field.
    #[test]
    fn every_field_holds_any_text_in_every_output(text in any_field_text()) {
        let shapes = plain_shapes();
        let brief = TestBrief::fixture("basic");
        brief.remove("content/data/series.yaml");
        brief.remove("content/data/things.yaml");
        write_field_brief(&brief, &text);
        brief.build().assert_success();
        let page = brief.output("index.html");
        check_page(&page, &text, "index.html");
        check_page(&brief.output("plain.html"), &text, "plain.html");
        // The print strings: the license, the title and the page counter's words, nothing more.
        let tokens = print_css_tokens(&page);
        let strings: Vec<&String> = tokens.iter().filter(|t| t.starts_with("QuotedString")).collect();
        proptest::prop_assert_eq!(strings.len(), 4, "{:?}", tokens);
        proptest::prop_assert_eq!(strings[2], "QuotedString(\"Page \")");
        proptest::prop_assert_eq!(
            strings[1],
            &format!("QuotedString({:?})", format!("License: {}", print_license(&format!("Blicense{text}"))))
        );
        // SVG files: well-formed, the plain chart's elements, the title as text.
        for chart in ["growth", "grouped"] {
            let svg = brief.output(&format!("charts/{chart}.svg"));
            let doc = roxmltree::Document::parse(&svg)
                .unwrap_or_else(|e| panic!("charts/{chart}.svg is not XML: {e}"));
            for node in doc.descendants().filter(|n| n.is_element()) {
                proptest::prop_assert!(shapes.svg_elements.contains(node.tag_name().name()), "<{}>", node.tag_name().name());
                proptest::prop_assert!(node.attributes().all(|a| !a.name().starts_with("on")));
            }
            if chart == "growth" {
                let title = doc.descendants().find(|n| n.has_tag_name("title")).unwrap();
                proptest::prop_assert_eq!(title.text().unwrap_or(""), shown(&as_markup_reads(&format!("Ctitle{text}"))));
            }
        }
        roxmltree::Document::parse(&brief.output("sitemap.xml")).unwrap();
        // CSV: the same records and columns; the cells hold the exact text.
        let records: Vec<csv::StringRecord> = csv::Reader::from_reader(brief.output("data/growth.csv").as_bytes())
            .records()
            .map(Result::unwrap)
            .collect();
        proptest::prop_assert_eq!(records.iter().map(|r| r.len()).collect::<Vec<_>>(), shapes.csv.clone());
        proptest::prop_assert_eq!(&records[0][0], format!("Dcell{text}"));
        // RIS: the same tags; the title on its line.
        let ris = ris_fields(&brief.output("cite.ris"));
        proptest::prop_assert_eq!(ris.iter().map(|(t, _)| t.clone()).collect::<Vec<_>>(), shapes.ris_tags.clone());
        let title = format!("Btitle{text}");
        let full = format!("{}: Bsubtitle{text}", title.trim_end_matches([':', '.']));
        proptest::prop_assert_eq!(&ris[1].1, &no_whitespace_but_one(&as_markup_reads(&full)));
        // BibTeX: the same fields, each one balanced value.
        let bib = bib_fields(&brief.output("cite.bib"));
        proptest::prop_assert_eq!(bib.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>(), shapes.bib_fields.clone());
        for (name, value) in &bib {
            proptest::prop_assert!(!value.chars().any(|c| c.is_control() && c != '\t'), "{}: {:?}", name, value);
        }
    }
}

/// Whitespace runs as one space, ends trimmed (an RIS value).
fn no_whitespace_but_one(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
