//! The reader's page: title block, contents, numbering, citations, metadata, sub-paths.

use crate::{TestBrief, select, text};

fn built() -> (TestBrief, scraper::Html) {
    let brief = TestBrief::fixture("basic");
    brief.build().assert_success();
    let page = brief.page();
    (brief, page)
}

fn meta(page: &scraper::Html, selector: &str) -> String {
    let found = select(page, selector);
    assert_eq!(found.len(), 1, "{selector}");
    found[0].value().attr("content").unwrap().to_string()
}

#[test]
fn title_block_shows_authors_dates_and_reading_time() {
    let (_brief, page) = built();
    let header = &select(&page, "header.title-block")[0];
    assert_eq!(text(&select(&page, "header h1")[0]), "Test Brief");
    assert_eq!(
        text(&select(&page, "header .subtitle")[0]),
        "A small brief for tests"
    );
    let authors: Vec<String> = select(&page, "header .authors li")
        .iter()
        .map(text)
        .collect();
    assert_eq!(authors, ["Ada AnalystTest Institute", "Policy Lab"]);
    assert_eq!(
        text(&select(&page, "header time[datetime='2025-01-15']")[0]),
        "15 January 2025"
    );
    assert_eq!(
        text(&select(&page, "header time[datetime='2025-02-01']")[0]),
        "1 February 2025"
    );
    assert!(text(header).contains("1 min read"), "{}", text(header));
}

#[test]
fn contents_list_every_section_in_order_and_every_target_exists() {
    let (_brief, page) = built();
    let links: Vec<String> = select(&page, "nav.toc a")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(
        links,
        [
            "#key-takeaways",
            "#summary",
            "#first-section",
            "#second",
            "#notes",
            "#data",
            "#cite"
        ]
    );
    for link in &links {
        let id = link.trim_start_matches('#');
        assert_eq!(
            select(&page, &format!("[id='{id}']")).len(),
            1,
            "target of {link}"
        );
    }
    // Sections are numbered in order, in the contents and in their headings.
    let numbers: Vec<String> = select(&page, "section.brief-section h2 .section-number")
        .iter()
        .map(text)
        .collect();
    assert_eq!(numbers, ["1", "2"]);
}

#[test]
fn figures_and_tables_are_numbered_in_document_order() {
    let (_brief, page) = built();
    let figures: Vec<String> = select(&page, "figure.chart .figure-number")
        .iter()
        .map(text)
        .collect();
    assert_eq!(figures, ["Figure 1.", "Figure 2."]);
    let tables: Vec<String> = select(&page, "figure.data-table figcaption")
        .iter()
        .map(text)
        .collect();
    assert_eq!(tables.len(), 1);
    assert!(tables[0].starts_with("Table 1"), "{tables:?}");
}

#[test]
fn citations_in_apa_chicago_bibtex_and_ris() {
    let (brief, page) = built();
    let apa = text(&select(&page, ".citation-apa")[0]);
    assert_eq!(
        apa,
        "Analyst, A., & Policy Lab. (2025). Test Brief: A small brief for tests. Test Institute. https://example.org/test/"
    );
    assert_eq!(
        select(&page, ".citation-apa em").len(),
        1,
        "the title is italic"
    );
    let chicago = text(&select(&page, ".citation-chicago")[0]);
    assert_eq!(
        chicago,
        "Analyst, Ada, and Policy Lab. 2025. Test Brief: A small brief for tests. Test Institute. https://example.org/test/."
    );
    let bib = brief.output("cite.bib");
    assert!(bib.starts_with("@techreport{analyst2025,\n"), "{bib}");
    assert!(
        bib.contains("  author = {Analyst, Ada and {Policy Lab}},\n"),
        "{bib}"
    );
    assert!(bib.contains("  year = {2025},\n"), "{bib}");
    let ris = brief.output("cite.ris");
    let lines: Vec<&str> = ris.lines().collect();
    assert_eq!(lines.first(), Some(&"TY  - RPRT"));
    assert!(lines.contains(&"AU  - Analyst, Ada"));
    assert!(lines.contains(&"DA  - 2025/01/15"));
    assert_eq!(lines.last(), Some(&"ER  - "));
    for (label, href) in [("BibTeX", "cite.bib"), ("RIS", "cite.ris")] {
        let link = select(&page, &format!("#cite a[href='{href}']"));
        assert_eq!(text(&link[0]), label);
    }
}

#[test]
fn search_social_and_scholar_metadata() {
    let (_brief, page) = built();
    assert_eq!(
        text(&select(&page, "head title")[0]),
        "Test Brief | Test Institute"
    );
    assert_eq!(
        meta(&page, "meta[name='description']"),
        "A short summary of the brief."
    );
    assert_eq!(
        select(&page, "link[rel='canonical']")[0]
            .value()
            .attr("href"),
        Some("https://example.org/test/")
    );
    assert_eq!(meta(&page, "meta[property='og:title']"), "Test Brief");
    assert_eq!(
        meta(&page, "meta[property='og:url']"),
        "https://example.org/test/"
    );
    assert_eq!(meta(&page, "meta[name='twitter:card']"), "summary");
    assert_eq!(meta(&page, "meta[name='citation_title']"), "Test Brief");
    assert_eq!(
        meta(&page, "meta[name='citation_publication_date']"),
        "2025/01/15"
    );
    let authors: Vec<&str> = select(&page, "meta[name='citation_author']")
        .iter()
        .filter_map(|m| m.value().attr("content"))
        .collect();
    assert_eq!(authors, ["Ada Analyst", "Policy Lab"]);
    assert_eq!(select(&page, "link[rel='icon']").len(), 1);
}

#[test]
fn json_ld_is_a_schema_org_report_and_cannot_break_out() {
    let brief = TestBrief::fixture("basic");
    brief.write("content/brief.yaml", "title: \"A </script><script>alert(1)</script> & co\"\nsummary: x\nauthors: [{name: \"<b>Eve</b>\"}]\ndate: \"2025-01-15\"\n");
    brief.build().assert_success();
    let page = brief.page();
    let scripts = select(&page, "script[type='application/ld+json']");
    assert_eq!(scripts.len(), 1);
    assert_eq!(select(&page, "script").len(), 1, "no script was injected");
    let json: serde_json::Value = serde_json::from_str(&scripts[0].inner_html()).unwrap();
    assert_eq!(json["@type"], "Report");
    assert_eq!(
        json["headline"],
        "A </script><script>alert(1)</script> & co"
    );
    assert_eq!(json["author"][0]["name"], "<b>Eve</b>");
    assert_eq!(json["datePublished"], "2025-01-15");
}

#[test]
fn sitemap_and_robots_name_the_canonical_url() {
    let (brief, _page) = built();
    let sitemap = brief.output("sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(locs, ["https://example.org/test/"]);
    let lastmod: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("lastmod"))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(lastmod, ["2025-02-01"]);
    assert_eq!(
        brief.output("robots.txt"),
        "User-agent: *\nAllow: /\nSitemap: https://example.org/test/sitemap.xml\n"
    );
}

#[test]
fn every_link_is_relative_so_the_site_works_from_a_sub_path() {
    let (brief, page) = built();
    let public = brief.path().join("public");
    let mut checked = 0;
    for element in select(&page, "[href], [src]") {
        let value = element
            .value()
            .attr("href")
            .or(element.value().attr("src"))
            .unwrap();
        if value.starts_with("https://") || value.starts_with('#') {
            continue;
        }
        assert!(
            !value.starts_with('/'),
            "root-relative link breaks under a sub-path: {value}"
        );
        assert!(!value.contains(':'), "unexpected scheme: {value}");
        assert!(
            public.join(value).is_file(),
            "link to a missing file: {value}"
        );
        checked += 1;
    }
    assert!(checked >= 8, "{checked}");
}

/// The default page template gets a marker for each section's HTML and the HTML is spliced
/// in after rendering (a speed-up, see src/page.rs). The page must be the one Tera prints
/// from the HTML itself, which an edited template (any text but the default's) gets.
#[test]
fn spliced_sections_give_the_page_tera_would_print() {
    let default_template =
        std::fs::read_to_string(crate::repo_root().join("templates/brief.html")).unwrap();
    let edited_template = format!("{default_template}{{# edited #}}");
    let page_of = |brief: &TestBrief| {
        brief.build().assert_success();
        brief.output("index.html")
    };

    let spliced = TestBrief::fixture("basic");
    let plain = TestBrief::fixture("basic");
    plain.write("templates/brief.html", &edited_template);
    let spliced_page = page_of(&spliced);
    assert!(spliced_page.contains("<section class=\"brief-section\""));
    assert!(
        !spliced_page.contains("brief-section:"),
        "a marker was left"
    );
    assert_eq!(spliced_page, page_of(&plain));

    // A copy of the default template is the default: spliced too, same page.
    let copied = TestBrief::fixture("basic");
    copied.write("templates/brief.html", &default_template);
    assert_eq!(page_of(&copied), spliced_page);

    // A brief's own base.html sees the sections too (here, the first one's length): it gets
    // the HTML itself, as the plain way gives it.
    let default_base =
        std::fs::read_to_string(crate::repo_root().join("templates/base.html")).unwrap();
    let measuring_base = default_base.replacen(
        "</head>",
        "<meta name=\"x-length\" content=\"{{ sections[0].html | length }}\">\n</head>",
        1,
    );
    assert_ne!(measuring_base, default_base);
    let base_only = TestBrief::fixture("basic");
    base_only.write("templates/base.html", &measuring_base);
    let both = TestBrief::fixture("basic");
    both.write("templates/base.html", &measuring_base);
    both.write("templates/brief.html", &edited_template);
    let measured = page_of(&base_only);
    assert!(
        !measured.contains("content=\"24\""),
        "the marker was measured"
    );
    assert_eq!(measured, page_of(&both));

    // A section whose own text holds a marker: the splice is refused and the page is
    // rendered the plain way, marker text and all.
    let hostile = "\n\n<!--\u{1}brief-section:0\u{1}-->\n";
    for brief in [&spliced, &plain] {
        let path = brief.path().join("content/02-second.md");
        let text = std::fs::read_to_string(&path).unwrap();
        brief.write("content/02-second.md", format!("{text}{hostile}"));
    }
    let spliced_page = page_of(&spliced);
    assert!(spliced_page.contains(hostile.trim()));
    assert_eq!(spliced_page, page_of(&plain));
}

/// APA 7 moves the title to the author's place when a work has no author.
#[test]
fn a_brief_without_authors_is_cited_by_its_title_first() {
    let brief = TestBrief::fixture("basic");
    let meta = std::fs::read_to_string(brief.path().join("content/brief.yaml")).unwrap();
    let start = meta.find("authors:").unwrap();
    let end = meta.find("date:").unwrap();
    let meta =
        format!("{}{}", &meta[..start], &meta[end..]).replace("organization: Test Institute\n", "");
    brief.write("content/brief.yaml", meta);
    brief.build().assert_success();
    let page = brief.page();
    assert_eq!(
        text(&select(&page, ".citation-apa")[0]),
        "Test Brief: A small brief for tests. (2025). https://example.org/test/"
    );
}

#[test]
fn data_and_sources_lists_datasets_in_the_order_readers_meet_them() {
    // Regression guard: the list was alphabetical by file name, so a dataset shown last in
    // the text could head it.
    let brief = TestBrief::fixture("basic");
    brief.write(
        "content/03-third.md",
        "---\ntitle: Third\n---\n\nThe things first, then growth again.\n\n```table\nid: again\ndata: things\n```\n",
    );
    let first = std::fs::read_to_string(brief.path().join("content/01-first.md")).unwrap();
    // The first section shows `things` before anything else, `growth` after it.
    brief.write(
        "content/01-first.md",
        first.replacen(
            "```chart",
            "```table\nid: things-early\ndata: things\n```\n\n```chart",
            1,
        ),
    );
    brief.build().assert_success();
    let page = brief.page();
    let titles: Vec<String> = select(&page, ".dataset-list .dataset-title")
        .iter()
        .map(crate::text)
        .collect();
    let name = |file: &str| {
        let yaml = std::fs::read_to_string(brief.path().join("content/data").join(file)).unwrap();
        let line = yaml.lines().find(|l| l.starts_with("title:")).unwrap();
        line["title:".len()..].trim().trim_matches('"').to_string()
    };
    assert_eq!(
        titles,
        [
            name("things.yaml"),
            name("growth.yaml"),
            name("series.yaml")
        ],
        "things (first figure), growth, series"
    );
}

/// A name without `type: organization` is a person's: an author that looks like an
/// organisation is still built, with a warning at its line saying how it is cited and what
/// to write.
#[test]
fn an_organisation_not_marked_so_is_cited_as_a_person_with_a_located_warning() {
    let brief = TestBrief::fixture("basic");
    let meta = std::fs::read_to_string(brief.path().join("content/brief.yaml")).unwrap();
    brief.write(
        "content/brief.yaml",
        meta.replace(
            "  - {name: Policy Lab, type: organization}",
            "  - name: Policy Lab",
        ),
    );
    let run = brief.run(&["check"]);
    run.assert_success();
    assert!(
        run.stderr
            .contains("warning: `Policy Lab` is cited as a person's name, `Lab, P.`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/brief.yaml:8:5"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("add `type: organization`"),
        "{}",
        run.stderr
    );
}

#[test]
fn text_from_data_and_metadata_gets_smart_punctuation_where_readers_see_it() {
    let brief = TestBrief::fixture("basic");
    brief.write(
        "content/brief.yaml",
        "title: \"Viet Nam's \\\"new\\\" exports -- a brief\"\n\
         subtitle: What's next...\n\
         organization: O'Neill Institute\n\
         date: \"2025-01-15\"\n\
         authors:\n  - {name: Ada O'Brien, given: Ada, family: O'Brien}\n",
    );
    brief.write(
        "content/data/growth.yaml",
        "title: Viet Nam's growth\n\
         source: {name: 'Source brief: \"Trade\''s rise\"'}\n\
         columns:\n  category: {label: \"Partner's name\", type: text}\n  pct: {label: Growth, type: number}\n\
         rows:\n  - {category: \"Côte d'Ivoire\", pct: 766}\n  - {category: Chips, pct: 900}\n",
    );
    let second = std::fs::read_to_string(brief.path().join("content/02-second.md")).unwrap();
    brief.write(
        "content/02-second.md",
        second.replace(
            "title: A trend with a gap\n",
            "title: A trend with a gap\ny_label: \"Partner's share\"\nannotations:\n  - {x: 2009, label: \"The 'gap' year\"}\n",
        ),
    );
    brief.build().assert_success();
    let page = brief.page();
    let shown =
        |selector: &str| -> Vec<String> { select(&page, selector).iter().map(text).collect() };
    // Axis titles and annotation labels too, in the page's drawing and the chart's file.
    for svg in [brief.output("index.html"), brief.output("charts/trend.svg")] {
        assert!(svg.contains("Partner’s share"), "the axis title");
        assert!(svg.contains("The ‘gap’ year"), "the annotation");
    }
    assert_eq!(
        shown("title")[0],
        "Viet Nam’s “new” exports – a brief | O’Neill Institute"
    );
    assert_eq!(shown("p.subtitle"), ["What’s next…"]);
    assert_eq!(shown("h1"), ["Viet Nam’s “new” exports – a brief"]);
    let dataset = &shown("#data .dataset-list li")[0];
    assert!(dataset.starts_with("Viet Nam’s growth"), "{dataset}");
    // A source named "Source …" is not labelled "Source:" again.
    assert!(
        dataset.contains("Source brief: “Trade’s rise”") && !dataset.contains("Source: Source"),
        "{dataset}"
    );
    let figure = &shown("figure#fig-growth")[0];
    assert!(
        figure.contains("Côte d’Ivoire") && figure.contains("Partner’s name"),
        "{figure}"
    );
    assert!(!figure.contains("Source: Source"), "{figure}");
    // The data table under the chart, not only the drawing (its cells are made smart in Rust).
    let rows = shown("figure#fig-growth .figure-data tbody th");
    assert!(rows.iter().any(|r| r == "Côte d’Ivoire"), "{rows:?}");
    assert!(
        shown(".citation-apa")[0].contains("O’Brien, A."),
        "the visible citation"
    );
    // The chart's own file: its title and labels.
    let svg = brief.output("charts/growth.svg");
    assert!(svg.contains("Côte d’Ivoire"), "{svg}");
    assert!(svg.contains(">Source brief: “Trade’s rise”<"), "{svg}");
    // What machines read keeps the text as written.
    assert!(brief.output("data/growth.csv").contains("Côte d'Ivoire"));
    assert!(brief.output("cite.bib").contains("O'Brien"));
    assert!(brief.output("cite.ris").contains("Viet Nam's"));
    let json_ld = &select(&page, "script[type='application/ld+json']")[0];
    assert!(json_ld.inner_html().contains("Viet Nam's"), "the JSON-LD");
    assert!(meta(&page, "meta[name='citation_title']").contains("Viet Nam's"));
}
