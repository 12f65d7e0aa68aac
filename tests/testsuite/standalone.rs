//! `brief build --standalone`: one self-contained HTML file, checked for references to other
//! files, then opened alone (in an otherwise empty folder) in headless Chromium.

use crate::{TestBrief, select};

/// The bundled brief's `slug:`.
const SLUG_BUNDLED: &str = "us-india-tech-brief";

/// Every URL-valued attribute of the page.
fn references(html: &scraper::Html) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for element in select(html, "[src], [href], [srcset], [poster], object[data]") {
        for attr in ["src", "href", "srcset", "poster", "data"] {
            if let Some(value) = element.value().attr(attr) {
                out.push((
                    format!("<{} {attr}>", element.value().name()),
                    value.to_string(),
                ));
            }
        }
    }
    out
}

#[test]
fn the_standalone_file_refers_to_no_other_file() {
    let brief = TestBrief::bundled();
    let run = brief.run(&["build", "--standalone"]);
    run.assert_success();
    assert!(
        run.stdout
            .contains(&format!("standalone HTML: {SLUG_BUNDLED}.html")),
        "{}",
        run.stdout
    );
    // The Hindi edition's untranslated sections are its only warnings.
    assert!(
        run.stderr
            .lines()
            .filter(|l| l.starts_with("warning"))
            .all(|l| l.contains("is not translated")),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("standalone"), "{}", run.stderr);
    let alone = scraper::Html::parse_document(&brief.output(&format!("{SLUG_BUNDLED}.html")));

    for (element, url) in references(&alone) {
        let allowed = ["#", "data:", "https://", "http://", "mailto:"];
        assert!(
            allowed.iter().any(|p| url.starts_with(p)),
            "{element} refers to another file: {url}"
        );
    }
    // The stylesheet is inlined, the favicon and the charts too; the datasets are links that
    // download the CSV under its own name.
    assert!(select(&alone, "link[rel=stylesheet]").is_empty());
    let styles = select(&alone, "style");
    assert!(styles.iter().any(|s| s.inner_html().contains(".chart-svg")));
    assert!(
        select(&alone, "link[rel=icon]")[0]
            .value()
            .attr("href")
            .unwrap()
            .starts_with("data:image/svg+xml;base64,")
    );
    // Three charts, each drawn wide and narrow.
    assert_eq!(select(&alone, "figure.chart svg.chart-svg").len(), 6);
    let csv = select(&alone, ".dataset-download");
    assert_eq!(csv.len(), 4);
    for link in csv {
        let href = link.value().attr("href").unwrap();
        assert!(
            href.starts_with("data:text/csv;charset=utf-8;base64,"),
            "{href}"
        );
        assert!(link.value().attr("download").unwrap().ends_with(".csv"));
    }
    // No links to the other outputs: the file travels alone.
    assert!(select(&alone, ".brief-downloads a[href$='.pdf']").is_empty());

    // The web page links the standalone file.
    let page = brief.page();
    let link = select(&page, ".brief-downloads a[href$='.html']");
    assert_eq!(
        link[0].value().attr("href"),
        Some(format!("{SLUG_BUNDLED}.html").as_str())
    );
}

#[test]
fn an_image_in_the_content_becomes_a_data_uri_and_a_missing_one_a_warning() {
    let brief = TestBrief::fixture("basic");
    brief.write(
        "static/img/map.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    let first = std::fs::read_to_string(brief.path().join("content/01-first.md")).unwrap();
    brief.write(
        "content/01-first.md",
        format!("{first}\n![A map](img/map.svg)\n\n<img src=\"img/gone.png\" alt=\"Gone\">\n"),
    );
    let yaml = std::fs::read_to_string(brief.path().join("content/brief.yaml")).unwrap();
    brief.write("content/brief.yaml", format!("{yaml}standalone: true\n"));
    let run = brief.build();
    run.assert_success();
    assert!(
        run.stderr
            .contains("the standalone file refers to `img/gone.png`"),
        "{}",
        run.stderr
    );
    let alone = scraper::Html::parse_document(&brief.output("test-brief.html"));
    let images = select(&alone, "img");
    assert_eq!(
        images[0].value().attr("src"),
        Some("data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4=")
    );
    assert_eq!(images[1].value().attr("src"), Some("img/gone.png"));
}

#[test]
fn the_standalone_file_works_alone_in_a_browser_and_is_valid_html() {
    let brief = TestBrief::bundled();
    brief.run(&["build", "--standalone"]).assert_success();
    // Alone in a folder: any reference to another file would be a failed request.
    let alone = tempfile::tempdir().unwrap();
    let name = format!("{SLUG_BUNDLED}.html");
    std::fs::copy(
        brief.path().join("public").join(&name),
        alone.path().join(&name),
    )
    .unwrap();
    crate::browser::browser_check_pages(alone.path(), "standalone", &[&name]);
    // The checker reads CSS inside <style> (not linked stylesheets) with a CSS validator that
    // predates color-mix(); every browser the theme targets supports it.
    crate::browser::nu_check_filtered(
        &[alone.path().join(&name)],
        Some(crate::browser::MODERN_CSS),
    );
}

/// The Devanagari font goes into the standalone file of a brief with Devanagari text (it must
/// work offline) and not into an English brief's, which would never use it.
#[test]
fn the_standalone_file_carries_the_devanagari_font_only_when_the_page_has_devanagari() {
    for (fixture, slug, wanted) in [
        ("lang-hi", "test-brief", true),
        ("basic", "test-brief", false),
    ] {
        let brief = TestBrief::fixture(fixture);
        brief.run(&["build", "--standalone"]).assert_success();
        let alone = brief.output(&format!("{slug}.html"));
        let has_font = alone.contains("font-family: \"Noto Sans Devanagari\"")
            && alone.contains("src: url(\"data:font/woff2;base64,");
        assert_eq!(has_font, wanted, "{fixture}");
        assert!(
            !alone.contains("url(fonts/"),
            "{fixture}: a reference to another file"
        );
    }
}
