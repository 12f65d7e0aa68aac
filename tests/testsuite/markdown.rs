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
    // [^a] twice in section one shares number 1; section two's [^a] is a different note.
    assert_eq!(refs, ["1", "2", "1", "3"]);
    let notes = select(&page, "#notes ol > li");
    assert_eq!(notes.len(), 3);
    let ids: Vec<&str> = notes
        .iter()
        .map(|n| n.value().attr("id").unwrap())
        .collect();
    let unique: std::collections::HashSet<_> = ids.iter().collect();
    assert_eq!(
        unique.len(),
        3,
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
