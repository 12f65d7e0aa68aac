//! Markdown features: CommonMark + GFM, footnotes, alerts, pull quotes, heading ids.

use crate::{TestBrief, select, text};

fn built() -> (TestBrief, scraper::Html) {
    let brief = TestBrief::fixture("markdown");
    brief.build().assert_success();
    let page = brief.page();
    (brief, page)
}

#[test]
fn gfm_features_render() {
    let (_brief, page) = built();
    let section = &select(&page, "section#features")[0];
    let html = section.html();
    // Smart punctuation.
    assert!(
        html.contains("“Smart quotes” – and dashes — work…"),
        "{html}"
    );
    // Strikethrough, table alignment, task lists.
    assert_eq!(select(&page, "section#features del").len(), 1);
    assert_eq!(select(&page, "section#features table th").len(), 2);
    assert!(html.contains("style=\"text-align: right\""), "{html}");
    assert_eq!(
        select(&page, "section#features input[type='checkbox'][disabled]").len(),
        2
    );
    assert_eq!(select(&page, "section#features input[checked]").len(), 1);
}

#[test]
fn alerts_become_callouts_and_attributed_quotes_become_pull_quotes() {
    let (_brief, page) = built();
    let callouts = select(&page, "div.callout.callout-warning[role='note']");
    assert_eq!(callouts.len(), 1);
    assert_eq!(
        text(&select(&page, "div.callout-warning .callout-title")[0]),
        "Warning"
    );
    assert!(text(&callouts[0]).contains("Mind the gap."));

    let pull = select(&page, "figure.pull-quote");
    assert_eq!(pull.len(), 1);
    assert_eq!(
        text(&select(&page, "figure.pull-quote blockquote")[0]),
        "“Without those keys, there is no deal.”"
    );
    assert_eq!(
        text(&select(&page, "figure.pull-quote figcaption")[0]),
        "— An official"
    );
    // A quote without an attribution stays a plain blockquote.
    let plain: Vec<_> = select(&page, "section#features > blockquote");
    assert_eq!(plain.len(), 1);
}

#[test]
fn every_heading_gets_a_unique_stable_id_and_a_self_link() {
    let (_brief, page) = built();
    let ids: Vec<String> = select(&page, "article h3, article h4")
        .iter()
        .map(|h| h.value().attr("id").unwrap().to_string())
        .collect();
    // `{#custom-id}` is kept; repeated titles get -1, -2, across sections too.
    assert_eq!(
        ids,
        [
            "custom-id",
            "overview",
            "overview-1",
            "overview-2",
            "starts-at-three",
            "then-four"
        ]
    );
    // Levels never skip: a section whose top heading is `###` still starts at <h3>.
    assert_eq!(select(&page, "section#deep h3#starts-at-three").len(), 1);
    assert_eq!(select(&page, "section#deep h4#then-four").len(), 1);
    assert_eq!(
        select(&page, "h3#custom-id.lead").len(),
        1,
        "heading classes are kept"
    );
    for id in &ids {
        let link = select(&page, &format!("#{id} > a.heading-anchor"));
        assert_eq!(link.len(), 1);
        assert_eq!(
            link[0].value().attr("href"),
            Some(format!("#{id}").as_str())
        );
    }
    // A section without front matter takes its title (and id) from its first `#` heading.
    assert_eq!(select(&page, "section#more-features h2").len(), 1);
    assert!(text(&select(&page, "section#more-features h2")[0]).contains("More Features"));
}

#[test]
fn footnotes_are_numbered_across_sections_with_back_links() {
    let (_brief, page) = built();
    let refs: Vec<String> = select(&page, "sup.footnote-ref a")
        .iter()
        .map(text)
        .collect();
    // [^a] twice in section one shares number 1; section two's [^a] is a different note (the
    // fourth is the links section's).
    assert_eq!(refs, ["1", "2", "1", "3", "4"]);
    let notes = select(&page, "#notes ol > li");
    assert_eq!(notes.len(), 4);
    let ids: Vec<&str> = notes
        .iter()
        .map(|n| n.value().attr("id").unwrap())
        .collect();
    let unique: std::collections::HashSet<_> = ids.iter().collect();
    assert_eq!(
        unique.len(),
        4,
        "note ids are unique across sections: {ids:?}"
    );
    assert!(text(&notes[0]).contains("Note A."));
    assert!(text(&notes[2]).contains("Note A of section two."));
    // The first note was cited twice: two back-links, each to a reference that exists.
    let backrefs = select(&page, &format!("li#{} a.footnote-backref", ids[0]));
    assert_eq!(backrefs.len(), 2);
    for b in backrefs {
        let target = b.value().attr("href").unwrap().trim_start_matches('#');
        assert_eq!(select(&page, &format!("[id='{target}']")).len(), 1);
    }
}

/// A reference to a footnote that is never defined stays as text in Markdown; brief says so,
/// where it is, without failing the build.
#[test]
fn an_undefined_footnote_reference_is_a_located_warning() {
    let brief = TestBrief::fixture("basic");
    brief.write(
        "content/03-third.md",
        "---\ntitle: Third\n---\n\nA claim.[^sourse] A defined one.[^source]\n\n`[^code]` and [^not a label] stay quiet.\n\n[^source]: The source.\n",
    );
    let run = brief.build();
    run.assert_success();
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning"))
        .collect();
    assert_eq!(
        warnings,
        ["warning: the footnote `[^sourse]` has no definition"],
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/03-third.md:5:9"),
        "{}",
        run.stderr
    );
    // It shows as text; the defined one is a note.
    let page = brief.page();
    let section = text(&select(&page, "section#third")[0]);
    assert!(section.contains("A claim.[^sourse]"), "{section}");
    assert_eq!(select(&page, "section#third sup.footnote-ref").len(), 1);
}

#[test]
fn notes_figures_and_cross_references_land_in_place_inside_quotes_lists_and_tables() {
    // Each section is written in one pass with holes for what only the whole brief knows
    // (ids, numbers, figures, "Figure 2"); this puts every kind of hole inside other markup.
    let brief = TestBrief::fixture("basic");
    brief.write(
        "content/03-nested.md",
        "---\ntitle: Nested\n---\n\n\
         > ## Quoted heading[^q]\n>\n\
         > See [](#fig-line) and [](#tbl-nested-things).[^q]\n>\n\
         > — Someone, in [](#first-section)\n\n\
         - item one[^q]\n\
         - item two\n\n  ```chart\n  id: line\n  data: series\n  type: line\n  x: year\n  y: value\n  ```\n\n\
         | Cell | Note |\n|---|---|\n| [](#fig-growth) | x[^t] |\n\n\
         ```table\nid: nested-things\ndata: things\n```\n\n\
         ![The chart, [](#fig-line)](img.png)\n\n\
         [^q]: The quoted note.\n[^t]: The table note.\n",
    );
    brief.build().assert_success();
    let page = brief.page();
    let section = &select(&page, "section#nested")[0];
    let html = section.html();
    // "Figure 2" or "Table 3", as the block's own caption numbers it.
    let label = |anchor: &str| {
        let caption = text(&select(&page, &format!("figure#{anchor} figcaption"))[0]);
        let words: Vec<&str> = caption.split_whitespace().take(2).collect();
        assert!(matches!(words[0], "Figure" | "Table"), "{caption}");
        format!("{} {}", words[0], words[1].trim_end_matches(['.', ':']))
    };
    // The pull quote holds its heading, its cross-references and its note.
    let quote = &select(&page, "section#nested figure.pull-quote")[0];
    let heading = &select(&page, "section#nested figure.pull-quote h3[id]")[0];
    assert_eq!(heading.value().attr("id"), Some("quoted-heading"));
    let quote_text = text(quote);
    assert!(
        quote_text.contains(&format!("See {}", label("fig-line"))),
        "{quote_text}"
    );
    assert!(
        quote_text.contains(&format!("and {}.", label("tbl-nested-things"))),
        "{quote_text}"
    );
    assert_eq!(
        text(&select(&page, "section#nested figure.pull-quote figcaption")[0]),
        "— Someone, in Section 1"
    );
    // The note is numbered once, after the first brief's notes, and every reference links to
    // it and back.
    let refs = select(&page, "section#nested sup.footnote-ref a");
    let numbers: Vec<String> = refs.iter().map(text).collect();
    let q = numbers[0].clone();
    assert_eq!(
        numbers.iter().filter(|n| **n == q).count(),
        3,
        "{numbers:?}"
    );
    for a in &refs {
        let target = a.value().attr("href").unwrap().trim_start_matches('#');
        assert_eq!(select(&page, &format!("li#{target}")).len(), 1, "{target}");
    }
    // A note in a heading is linked like any other; the contents list shows the heading
    // without it (a link inside a link is not valid HTML).
    assert_eq!(
        select(&page, "section#nested h3#quoted-heading sup.footnote-ref a").len(),
        1
    );
    let entry = &select(&page, "a[href='#quoted-heading']")[0];
    assert_eq!(text(entry), "Quoted heading");
    assert!(select(&page, "a a").is_empty());
    // A figure inside a list item, a note and a cross-reference inside a table cell.
    assert_eq!(select(&page, "section#nested li figure#fig-line").len(), 1);
    let cell = text(&select(&page, "section#nested > div.table-scroll td")[0]);
    assert_eq!(cell, label("fig-growth"));
    assert_eq!(
        select(
            &page,
            "section#nested > div.table-scroll td sup.footnote-ref"
        )
        .len(),
        1
    );
    assert_eq!(
        select(&page, "section#nested figure#tbl-nested-things").len(),
        1
    );
    // An image's text is its `alt` attribute: the cross-reference's text goes there.
    assert_eq!(
        select(&page, "section#nested img")[0].value().attr("alt"),
        Some(format!("The chart, {}", label("fig-line")).as_str())
    );
    assert!(html.contains("alt=\"The chart, Figure"), "{html}");
}

#[test]
fn bare_urls_become_links_in_sections_cells_notes_and_data() {
    let (_brief, page) = built();
    let links: Vec<(String, String)> = select(&page, "section#links a[href^='http']")
        .iter()
        .chain(select(&page, "#notes a[href^='http']").iter())
        .chain(select(&page, "#data a[href^='http']").iter())
        .map(|a| (a.value().attr("href").unwrap().to_string(), text(a)))
        .collect();
    let has = |href: &str, label: &str| {
        assert!(
            links.contains(&(href.to_string(), label.to_string())),
            "{href} {label}: {links:?}"
        );
    };
    // In a paragraph, the final dot left out; `www.` given `https://`.
    has(
        "https://example.org/report.pdf",
        "https://example.org/report.pdf",
    );
    has("https://www.example.net/mirror", "www.example.net/mirror");
    // In a table cell of the section, a table's caption and cells, a dataset's notes, a note.
    has(
        "https://stats.example.gov/table_1",
        "https://stats.example.gov/table_1",
    );
    has("https://example.org/sites", "https://example.org/sites");
    has("https://alpha.example.org", "https://alpha.example.org");
    has("https://www.beta.example.org", "www.beta.example.org");
    has(
        "https://www.example.org/sites-list",
        "www.example.org/sites-list",
    );
    has("https://example.org/note", "https://example.org/note");
    // A link whose text is its address is marked so that print does not repeat the address;
    // a named link is not.
    assert_eq!(
        select(
            &page,
            "section#links a.url[href='https://example.org/report.pdf']"
        )
        .len(),
        1
    );
    assert!(select(&page, "a.url[href='https://example.org/named']").is_empty());
    // Existing links are kept as they are, and code is not linked.
    has("https://example.org/named", "a named one");
    assert_eq!(
        select(&page, "section#links a[href='https://example.org/already']").len(),
        1
    );
    let code = text(&select(&page, "section#links code")[0]);
    assert_eq!(code, "https://example.org/code");
    assert!(select(&page, "section#links code a").is_empty());
    assert!(select(&page, "a a").is_empty(), "a link inside a link");
}

#[test]
fn note_markers_and_figure_numbers_stay_on_the_line_of_the_word_before_them() {
    let brief = TestBrief::fixture("basic");
    brief.write(
        "content/03-glue.md",
        "---\ntitle: Glue\n---\n\n\
         A claim.[^a] “A quote.”[^a] *Emphasis*[^a] after a space [^a] See [](#fig-growth).\n\n\
         [^a]: The note.\n",
    );
    brief.build().assert_success();
    let page = brief.page();
    let glued: Vec<String> = select(&page, "section#glue span.nowrap")
        .iter()
        .map(|span| {
            let html = span.html();
            assert!(html.ends_with("</sup></span>"), "{html}");
            let marker = html.matches("footnote-ref").count();
            assert_eq!(marker, 1, "{html}");
            let word = span.text().next().unwrap_or_default();
            word.to_string()
        })
        .collect();
    // Each marker with the word before it (its brackets are the stylesheet's); after a tag or
    // a space there is no break to prevent, and nothing is wrapped.
    assert_eq!(glued, ["claim.", "quote.”"]);
    assert_eq!(select(&page, "section#glue sup.footnote-ref").len(), 4);
    // "Figure 1" with a no-break space.
    let link = &select(&page, "section#glue a[href='#fig-growth']")[0];
    assert_eq!(
        link.text().collect::<String>(),
        "Figure\u{a0}1",
        "{}",
        link.html()
    );
}
