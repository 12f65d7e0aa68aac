//! The bundled U.S.–India brief: it builds, and the page has everything the brief promises.

use crate::{TestBrief, select, text};

#[test]
fn the_bundled_brief_builds_into_a_complete_report() {
    let brief = TestBrief::bundled();
    let run = brief.build();
    run.assert_success();
    assert!(
        run.stdout.contains("Built 5 sections, 3 charts, 1 table "),
        "{}",
        run.stdout
    );
    let page = brief.page();

    // Title block.
    let h1 = select(&page, "header h1");
    assert_eq!(h1.len(), 1);
    assert!(
        text(&h1[0]).contains("U.S.–India Technology Partnership"),
        "{}",
        text(&h1[0])
    );
    assert!(!select(&page, "header time[datetime='2025-11-30']").is_empty());

    // Key takeaways, from brief.yaml.
    let takeaways = select(&page, "#key-takeaways li");
    assert_eq!(takeaways.len(), 5);

    // A table of contents that links to every section, in order.
    let sections: Vec<String> = select(&page, "section.brief-section")
        .iter()
        .map(|s| s.value().attr("id").unwrap().to_string())
        .collect();
    assert_eq!(
        sections,
        [
            "introduction",
            "partnership",
            "roadblocks",
            "path-forward",
            "conclusion"
        ]
    );
    let toc_links: Vec<String> = select(&page, "nav.toc a")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    for id in &sections {
        assert!(
            toc_links.contains(&format!("#{id}")),
            "TOC lacks #{id}: {toc_links:?}"
        );
    }

    // The sector table: 5 sectors, list cells.
    let rows = select(&page, "#tbl-sectors tbody tr");
    assert_eq!(rows.len(), 5);
    assert!(text(&rows[0]).starts_with("Defense & Aerospace"));
    assert!(!select(&page, "#tbl-sectors tbody td ul li").is_empty());

    // The charts, inline SVG.
    // Each drawn wide and narrow (CSS shows the one that fits the column).
    for figure in ["fig-trade-growth", "fig-two-way-trade"] {
        for variant in ["wide", "narrow"] {
            let svg = select(
                &page,
                &format!("figure#{figure} svg.chart-{variant}[role='img']"),
            );
            assert_eq!(svg.len(), 1, "{figure} {variant}");
        }
    }

    // Footnotes, gathered at the end with back-links.
    let notes = select(&page, "#notes li");
    assert!(notes.len() >= 3, "{}", notes.len());
    for note in &notes {
        let id = note.value().attr("id").unwrap();
        assert_eq!(
            select(&page, &format!("a[href='#{id}']")).len(),
            1,
            "one reference to {id}"
        );
        assert!(!select(&page, &format!("li#{id} a.footnote-backref")).is_empty());
    }

    // Downloads for every chart and dataset exist.
    for file in [
        "charts/trade-growth.svg",
        "charts/two-way-trade.svg",
        "data/sectors.csv",
        "data/trade_growth.csv",
        "style.css",
    ] {
        assert!(
            brief.path().join("public").join(file).is_file(),
            "{file} missing"
        );
    }
}

#[test]
fn the_bundled_datasets_name_their_sources_and_keep_gaps() {
    let brief = TestBrief::bundled();
    brief.build().assert_success();
    for name in ["trade_growth", "goods_trade", "total_trade", "sectors"] {
        let yaml = std::fs::read_to_string(brief.path().join(format!("content/data/{name}.yaml")))
            .unwrap();
        assert!(yaml.contains("source:"), "{name} names no source");
    }
    // 2011 has no sourced figure: an empty cell, never a zero or an invented value.
    let csv = brief.output("data/goods_trade.csv");
    let row_2011 = csv.lines().find(|l| l.starts_with("2011,")).unwrap();
    assert_eq!(row_2011.split(',').nth(1), Some(""));
    let row_2008 = csv.lines().find(|l| l.starts_with("2008,")).unwrap();
    assert_eq!(row_2008.split(',').nth(1), Some("43.4"));
}
