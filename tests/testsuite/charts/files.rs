//! A chart's own file (`charts/<id>.svg`) stands alone: it shows what the page shows around
//! the chart (title, subtitle, legend, source, notes), wrapped to its width, nothing clipped.

use brief::internals::chart::text_width;
use roxmltree::{Document, Node};

use super::labels::{is_bold, number, view_box};
use super::{CHARTS, gallery, texts, with_class};

/// The sum of the `translate(x y)` of the groups around `node`.
fn offset(node: &Node<'_, '_>) -> (f64, f64) {
    node.ancestors()
        .filter_map(|a| a.attribute("transform"))
        .map(|t| {
            let inner = t
                .strip_prefix("translate(")
                .and_then(|t| t.strip_suffix(')'))
                .unwrap_or_else(|| panic!("unexpected transform {t}"));
            let mut parts = inner.split([' ', ',']).map(|p| p.parse::<f64>().unwrap());
            (parts.next().unwrap(), parts.next().unwrap_or(0.0))
        })
        .fold((0.0, 0.0), |(x, y), (dx, dy)| (x + dx, y + dy))
}

/// The text of an element and of the elements inside it (a note's link).
fn all_text(node: &Node<'_, '_>) -> String {
    node.descendants()
        .filter(|d| d.is_text())
        .filter_map(|d| d.text())
        .collect()
}

/// A text element's box in the file's coordinates, its width measured as the layout measures
/// text, from its anchor, its size and its vertical alignment.
fn text_box(node: &Node<'_, '_>) -> (f64, f64, f64, f64) {
    let (dx, dy) = offset(node);
    let (x, y) = (number(node, "x") + dx, number(node, "y") + dy);
    let size = number(node, "font-size");
    let width = text_width(&all_text(node), size, is_bold(node));
    let x0 = match node.attribute("text-anchor") {
        Some("middle") => x - width / 2.0,
        Some("end") => x - width,
        _ => x,
    };
    // The em box: from the baseline up by an em; descenders reach a fifth of an em below.
    let baseline = match node.attribute("dy") {
        Some("0.76em") => y + 0.76 * size,
        Some("0.5ex") => y + 0.25 * size,
        Some("-0.5ex") => y - 0.25 * size,
        None => y,
        Some(other) => panic!("unexpected dy {other}"),
    };
    (x0, baseline - 0.8 * size, x0 + width, baseline + 0.2 * size)
}

#[test]
fn chart_files_show_legend_source_and_notes_and_clip_nothing() {
    let brief = gallery();
    for id in CHARTS {
        let svg = brief.output(&format!("charts/{id}.svg"));
        let doc = Document::parse(&svg).unwrap();
        let view = view_box(&doc);
        for text in doc.descendants().filter(|n| n.has_tag_name("text")) {
            let (x0, y0, x1, y1) = text_box(&text);
            assert!(
                x0 >= view[0] && y0 >= view[1] && x1 <= view[2] && y1 <= view[3],
                "{id}: {:?} at {:?} leaves the viewBox {view:?}",
                text.text(),
                (x0, y0, x1, y1)
            );
        }
    }
    // Three series, a 241-character source and a long note.
    let svg = brief.output("charts/hbar-three.svg");
    let doc = Document::parse(&svg).unwrap();
    assert_eq!(
        texts(&with_class(&doc, "svg-legend")),
        ["Grids", "Solar", "Fossil fuels"]
    );
    let swatches = with_class(&doc, "legend-swatch");
    for (i, swatch) in swatches.iter().enumerate() {
        assert!(
            swatch
                .attribute("class")
                .unwrap()
                .contains(&format!("series-{i}"))
        );
    }
    assert_eq!(swatches.len(), 3);
    let source = texts(&with_class(&doc, "svg-source"));
    assert!(source.len() > 1, "a long source wraps: {source:?}");
    assert_eq!(
        source.join(" "),
        "Source: International Energy Agency, World Energy Investment 2024, annex tables A.1 \
         to A.4 (investment in electricity grids, utility-scale and distributed solar \
         photovoltaics, and upstream and midstream fossil fuel supply), compiled for this gallery"
    );
    // A cross-reference reads as on the page, a link to the figure it names.
    let note_lines = with_class(&doc, "svg-note");
    let notes = note_lines
        .iter()
        .map(all_text)
        .collect::<Vec<_>>()
        .join(" ");
    let link = doc
        .descendants()
        .find(|n| n.has_tag_name("a"))
        .expect("the note's cross-reference");
    // The figure's label as the page numbers it ("Figure 12." less its period).
    let page = scraper::Html::parse_document(&brief.output("index.html"));
    let number = crate::text(&crate::select(&page, "#fig-stacked-labels .figure-number")[0]);
    // The link's label keeps its number on its word's line (a no-break space).
    let label = number.trim_end_matches('.').replace(' ', "\u{a0}");
    assert_eq!(
        (link.attribute("href"), link.text()),
        (Some("#fig-stacked-labels"), Some(label.as_str()))
    );
    assert!(
        notes.starts_with(&format!(
            "Note: Regions as the World Energy Investment report groups them; the same data as \
             {label}, stacked."
        )) && notes.ends_with("wraps to the chart’s width in the chart’s own file."),
        "{notes}"
    );
    assert!(
        texts(&with_class(&doc, "svg-subtitle"))
            .join(" ")
            .starts_with("Billions of dollars, 2024")
    );
    // One series: no legend.
    let svg = brief.output("charts/hbar.svg");
    let doc = Document::parse(&svg).unwrap();
    assert!(with_class(&doc, "svg-legend").is_empty());
}
