//! Several editions of one brief: a translation in `content/<language>/` is built at
//! `/<language>/` beside the original, and every edition's page links every edition.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::{TestBrief, select, text};

/// The `<link rel="alternate" hreflang>` of a built page: hreflang → the site path of the
/// page it names (`index.html`, `hi/index.html`), read from `href` whether it is absolute
/// (under `base`) or relative to the page at `page`.
fn alternates(public: &Path, page: &str, base: Option<&str>) -> BTreeMap<String, String> {
    let html = std::fs::read_to_string(public.join(page)).unwrap();
    let html = scraper::Html::parse_document(&html);
    let mut found = BTreeMap::new();
    for link in select(&html, "link[rel=alternate][hreflang]") {
        let hreflang = link.value().attr("hreflang").unwrap().to_string();
        let href = link.value().attr("href").unwrap();
        let previous = found.insert(hreflang.clone(), site_page(page, href, base));
        assert!(previous.is_none(), "{page}: two alternates for {hreflang}");
    }
    found
}

/// The site path of the page `href` (on the page at `page`) leads to.
fn site_page(page: &str, href: &str, base: Option<&str>) -> String {
    let path = match base.and_then(|base| href.strip_prefix(base)) {
        Some(rest) => rest.to_string(),
        None => {
            assert!(
                !href.contains("://"),
                "{page}: {href} is not under the base URL"
            );
            let dir = page.rsplit_once('/').map_or("", |(dir, _)| dir);
            resolve(dir, href)
        }
    };
    format!("{path}index.html")
}

/// `href` relative to the folder `dir` (no leading `/`), as a site path ending in `/` or empty.
fn resolve(dir: &str, href: &str) -> String {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in href.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                assert!(parts.pop().is_some(), "{href} leaves the site");
            }
            other => parts.push(other),
        }
    }
    parts.iter().map(|p| format!("{p}/")).collect()
}

/// Every edition's page names every edition (itself included) and the original as
/// x-default, and the page it names for a language is the page in that language: the graph
/// is complete and symmetric.
fn assert_hreflang_graph(public: &Path, pages: &[(&str, &str)], base: Option<&str>) {
    let expected: BTreeMap<String, String> = pages
        .iter()
        .map(|(lang, page)| (lang.to_string(), page.to_string()))
        .chain([("x-default".to_string(), pages[0].1.to_string())])
        .collect();
    for (lang, page) in pages {
        let html = std::fs::read_to_string(public.join(page)).unwrap();
        let parsed = scraper::Html::parse_document(&html);
        let html_lang = select(&parsed, "html")[0]
            .value()
            .attr("lang")
            .unwrap()
            .to_string();
        assert_eq!(&html_lang, lang, "{page}");
        assert_eq!(alternates(public, page, base), expected, "{page}");
        // The switcher: a plain link per edition, each in its own language, this one current.
        let links = select(&parsed, "nav.editions a[hreflang][lang]");
        assert_eq!(links.len(), pages.len(), "{page}");
        for link in &links {
            let (hreflang, lang_attr) = (link.value().attr("hreflang"), link.value().attr("lang"));
            assert_eq!(hreflang, lang_attr, "{page}");
            let target = site_page(page, link.value().attr("href").unwrap(), base);
            assert_eq!(Some(&target), expected.get(hreflang.unwrap()), "{page}");
        }
        let current: Vec<_> = select(&parsed, "nav.editions a[aria-current=page]");
        assert_eq!(current.len(), 1, "{page}");
        assert_eq!(current[0].value().attr("hreflang"), Some(*lang), "{page}");
    }
}

/// Every relative `href` and `src` of the page at `page` names a file of the built site.
fn assert_links_resolve(public: &Path, page: &str) {
    let html = std::fs::read_to_string(public.join(page)).unwrap();
    let parsed = scraper::Html::parse_document(&html);
    let dir = page.rsplit_once('/').map_or("", |(dir, _)| dir);
    for element in select(&parsed, "[href], [src]") {
        let url = element
            .value()
            .attr("href")
            .or(element.value().attr("src"))
            .unwrap();
        if url.starts_with('#') || url.contains(':') {
            continue;
        }
        let path = url.split('#').next().unwrap();
        let resolved = resolve(dir, path);
        let file = if path.ends_with('/') || path.is_empty() {
            format!("{resolved}index.html")
        } else {
            resolved.trim_end_matches('/').to_string()
        };
        assert!(
            public.join(&file).is_file(),
            "{page}: `{url}` → {file} is missing"
        );
    }
}

#[test]
fn the_bundled_brief_builds_its_hindi_edition_beside_the_original() {
    let brief = TestBrief::bundled();
    let run = brief.build();
    run.assert_success();
    assert!(run.stdout.contains("translations: hi/"), "{}", run.stdout);
    let public = brief.path().join("public");
    let base = Some("https://example.org/us-india-tech/");
    assert_hreflang_graph(
        &public,
        &[("en", "index.html"), ("hi", "hi/index.html")],
        base,
    );
    for page in ["index.html", "hi/index.html"] {
        assert_links_resolve(&public, page);
    }

    let hi = scraper::Html::parse_document(&brief.output("hi/index.html"));
    assert!(text(&select(&hi, "h1")[0]).contains("अमेरिका–भारत"));
    // Marked as an example translation, visibly.
    let note = select(&hi, ".edition-note");
    assert_eq!(note.len(), 1);
    assert!(
        text(&note[0]).contains("उदाहरण अनुवाद"),
        "{}",
        text(&note[0])
    );
    // The sections it translates are in Hindi; the others are the original's, marked English.
    let sections: Vec<(String, Option<String>)> = select(&hi, "section.brief-section")
        .iter()
        .map(|s| {
            let v = s.value();
            (
                v.attr("id").unwrap().to_string(),
                v.attr("lang").map(str::to_string),
            )
        })
        .collect();
    let english = Some("en".to_string());
    assert_eq!(
        sections,
        [
            ("introduction".to_string(), None),
            ("partnership".to_string(), None),
            ("roadblocks".to_string(), english.clone()),
            ("path-forward".to_string(), english.clone()),
            ("conclusion".to_string(), english),
        ]
    );
    // Its charts are its own, in Hindi; the data is the original's, written once.
    let chart = brief.output("hi/charts/trade-growth.svg");
    assert!(chart.contains("श्रेणी के अनुसार"), "{chart}");
    assert!(!brief.output("charts/trade-growth.svg").contains("श्रेणी"));
    assert!(!select(&hi, "a[href='../data/sectors.csv']").is_empty());
    assert!(!public.join("hi/data").exists());
    assert!(!public.join("hi/style.css").exists());
    // The table's header is the translated column label.
    let headers: Vec<String> = select(&hi, "#tbl-sectors th").iter().map(text).collect();
    assert!(headers.iter().any(|h| h == "क्षेत्र"), "{headers:?}");
    // Its citations are its own.
    assert!(brief.output("hi/cite.bib").contains("सुर्ख़ियों से आगे"));
}

#[test]
fn the_sitemap_names_every_edition_with_its_alternates() {
    let brief = TestBrief::bundled();
    brief.build().assert_success();
    let sitemap = brief.output("sitemap.xml");
    assert!(sitemap.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
    let urls: Vec<&str> = sitemap.split("<url>").skip(1).collect();
    assert_eq!(urls.len(), 2, "{sitemap}");
    let locs: BTreeSet<&str> = urls
        .iter()
        .map(|u| {
            u.split("<loc>")
                .nth(1)
                .unwrap()
                .split("</loc>")
                .next()
                .unwrap()
        })
        .collect();
    let expected = [
        ("en", "https://example.org/us-india-tech/"),
        ("hi", "https://example.org/us-india-tech/hi/"),
        ("x-default", "https://example.org/us-india-tech/"),
    ];
    assert_eq!(locs, BTreeSet::from([expected[0].1, expected[1].1]));
    for url in urls {
        let links = url.matches("<xhtml:link ").count();
        assert_eq!(links, expected.len(), "{url}");
        for (lang, href) in expected {
            let link =
                format!("<xhtml:link rel=\"alternate\" hreflang=\"{lang}\" href=\"{href}\"/>");
            assert!(url.contains(&link), "{url} lacks {link}");
        }
    }
}

/// The `basic` fixture (no base URL here) with a French edition that translates one of its
/// two sections, and one section with no original.
fn basic_with_french() -> TestBrief {
    let brief = TestBrief::fixture("basic");
    let yaml = std::fs::read_to_string(brief.path().join("content/brief.yaml")).unwrap();
    let without_base: String = yaml
        .lines()
        .filter(|l| !l.starts_with("base_url"))
        .map(|l| format!("{l}\n"))
        .collect();
    brief.write("content/brief.yaml", without_base);
    brief.write(
        "content/fr/brief.yaml",
        "title: Un brief d'essai\nnote: Traduction d'exemple.\n",
    );
    // The translated section keeps the original's blocks (the other section refers to them).
    let first = std::fs::read_to_string(brief.path().join("content/01-first.md")).unwrap();
    let first = first.replace("title: First Section", "title: Premier");
    brief.write("content/fr/01-first.md", first);
    brief.write("content/fr/09-stray.md", "# Égaré\n\nSans original.\n");
    brief
}

#[test]
fn an_untranslated_section_falls_back_to_the_original_with_a_warning() {
    let brief = basic_with_french();
    let run = brief.build();
    run.assert_success();
    assert!(
        run.stderr.contains("`02-second.md` is not translated")
            && run.stderr.contains("--> content/fr")
            && run.stderr.contains("content/fr/02-second.md"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/fr/09-stray.md") && run.stderr.contains("has no original"),
        "{}",
        run.stderr
    );
    let public = brief.path().join("public");
    assert_hreflang_graph(
        &public,
        &[("en", "index.html"), ("fr", "fr/index.html")],
        None,
    );
    for page in ["index.html", "fr/index.html"] {
        assert_links_resolve(&public, page);
    }
    let fr = scraper::Html::parse_document(&brief.output("fr/index.html"));
    let langs: Vec<Option<&str>> = select(&fr, "section.brief-section")
        .iter()
        .map(|s| s.value().attr("lang"))
        .collect();
    assert_eq!(langs, [None, Some("en")]);
    assert!(!brief.output("fr/index.html").contains("Égaré"));
    assert!(
        text(&select(&fr, "#first-section-title, section.brief-section h2")[0]).contains("Premier")
    );

    // `brief check` reports both, once each.
    let check = brief.run(&["check"]);
    check.assert_success();
    assert_eq!(
        check.stderr.matches("is not translated").count(),
        1,
        "{}",
        check.stderr
    );
    assert_eq!(
        check.stderr.matches("has no original").count(),
        1,
        "{}",
        check.stderr
    );
    // The texts of brief.yaml the translation leaves in the original's language, once.
    assert_eq!(
        check
            .stderr
            .matches("the `fr` edition keeps the original's `subtitle`, `summary` and `key_takeaways`: not translated")
            .count(),
        1,
        "{}",
        check.stderr
    );
}

/// A translation's page sits in its folder: its links to the files it shares with the
/// original (data, static files) go up to the root, whether drawn by the theme or written in
/// a section, translated or not; its links to its own files (charts, citations) stay in its
/// folder.
#[test]
fn a_translations_links_lead_to_the_shared_files_and_to_its_own() {
    let brief = basic_with_french();
    brief.write(
        "static/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    let second = std::fs::read_to_string(brief.path().join("content/02-second.md")).unwrap();
    brief.write(
        "content/02-second.md",
        format!("{second}\nSee [the data](data/growth.csv) and ![the logo](logo.svg).\n"),
    );
    let first = std::fs::read_to_string(brief.path().join("content/fr/01-first.md")).unwrap();
    brief.write(
        "content/fr/01-first.md",
        format!("{first}\nVoir [le graphique](charts/growth.svg), [les données](data/growth.csv#l2), [la citation](cite.bib) et [l'original](../).\n"),
    );
    brief.build().assert_success();
    let public = brief.path().join("public");
    for page in ["index.html", "fr/index.html"] {
        assert_links_resolve(&public, page);
    }
    let fr = brief.output("fr/index.html");
    for link in [
        "href=\"../style.css\"",
        "href=\"../favicon.svg\"",
        "href=\"../data/growth.csv\"",
        "src=\"../logo.svg\"",
        "href=\"../data/growth.csv#l2\"",
        "href=\"charts/growth.svg\"",
        "href=\"cite.bib\"",
        "href=\"../\"",
    ] {
        assert!(fr.contains(link), "{link} not in the French page");
    }
    assert!(!fr.contains("../charts/"), "a chart of the original's");
    assert!(!fr.contains("../../"));
    // The original's page is as it was.
    let en = brief.output("index.html");
    assert!(en.contains("href=\"data/growth.csv\"") && en.contains("src=\"logo.svg\""));
    assert!(!en.contains("href=\"../"));
}

#[test]
fn a_brief_without_translations_links_no_other_edition() {
    let brief = TestBrief::fixture("basic");
    brief.build().assert_success();
    let page = brief.page();
    assert!(select(&page, "link[rel=alternate][hreflang]").is_empty());
    assert!(select(&page, "nav.editions").is_empty());
    assert!(!brief.output("sitemap.xml").contains("xhtml"));
}

#[test]
fn a_translation_naming_another_language_is_an_error() {
    let brief = basic_with_french();
    brief.write("content/fr/brief.yaml", "title: Un brief\nlanguage: es\n");
    let run = brief.build();
    run.assert_failure();
    assert!(
        run.stderr.contains("`language: es` in the folder `fr/`")
            && run.stderr.contains("content/fr/brief.yaml:2:1"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_new_brief_in_hindi_builds_in_hindi() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("नया");
    let new = std::process::Command::new(env!("CARGO_BIN_EXE_brief"))
        .args(["new", "--language", "hi"])
        .arg(&target)
        .output()
        .unwrap();
    assert!(
        new.status.success(),
        "{}",
        String::from_utf8_lossy(&new.stderr)
    );
    let brief = TestBrief::copy_of(&target);
    let run = brief.build();
    run.assert_success();
    assert_eq!(run.stderr, "");
    let page = brief.page();
    assert_eq!(select(&page, "html")[0].value().attr("lang"), Some("hi"));
    assert_eq!(text(&select(&page, "#summary-title")[0]), "सारांश");
}

/// `brief check` names the dataset and chart texts a translation leaves in the original's
/// language, once each, where the edition's page shows them; `build` does not.
#[test]
fn check_names_the_dataset_and_chart_texts_a_translation_leaves() {
    let brief = basic_with_french();
    // The title and one label translated; `pct`'s label is left. `series` and `things` (shown
    // by the untranslated section) have no translation at all.
    brief.write(
        "content/fr/data/growth.yaml",
        "title: Croissance\ncolumns:\n  category: {label: Catégorie}\n",
    );
    let check = brief.run(&["check", "--format", "json"]);
    check.assert_success();
    let findings: Vec<serde_json::Value> = serde_json::from_str(&check.stdout).unwrap();
    let left: Vec<String> = findings
        .iter()
        .filter(|f| f["message"].as_str().unwrap().ends_with(": not translated"))
        .filter(|f| !f["path"].as_str().unwrap().ends_with("brief.yaml"))
        .map(|f| {
            format!(
                "{}:{} {}",
                f["path"].as_str().unwrap(),
                f["line"],
                f["message"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        left,
        [
            "content/fr:0 the dataset `series` in the `fr` edition keeps the original's `title` and labels of `year` and `value`: not translated",
            "content/fr:0 the dataset `things` in the `fr` edition keeps the original's `title` and labels of `name`, `items` and `amount`: not translated",
            "content/fr/01-first.md:7 the chart `growth` keeps the original's `title` and `caption`: not translated",
            "content/fr/data/growth.yaml:1 the dataset `growth` in the `fr` edition keeps the original's label of `pct`: not translated",
        ]
    );
    // Translated, they are not reported.
    brief.write(
        "content/fr/data/growth.yaml",
        "title: Croissance\ncolumns:\n  category: {label: Catégorie}\n  pct: {label: Croissance (%)}\n",
    );
    let first = std::fs::read_to_string(brief.path().join("content/fr/01-first.md")).unwrap();
    brief.write(
        "content/fr/01-first.md",
        first
            .replace(
                "title: Growth by category",
                "title: Croissance par catégorie",
            )
            .replace("Chips grew fastest.", "Les puces ont crû le plus vite."),
    );
    let check = brief.run(&["check"]);
    assert!(
        !check.stderr.contains("dataset `growth`") && !check.stderr.contains("chart `growth`"),
        "{}",
        check.stderr
    );
    // `build` keeps to the sections and brief.yaml.
    let build = brief.build();
    assert!(!build.stderr.contains("of the dataset"), "{}", build.stderr);
}

/// The Hindi edition of a trimmed brief, whole: `lang="hi"` on the page and `lang="en"` on
/// the untranslated section and its contents entry, the alternates and the switcher (the
/// edition being read `aria-current`), Devanagari ids kept whole (virama included), the date
/// and the labels in Hindi, and the table's numbers grouped in lakhs (`12,34,567.5`).
#[test]
fn the_hindi_edition_page_snapshot() {
    let brief = TestBrief::fixture("edition-hi");
    brief.build().assert_success();
    let page = brief
        .output("hi/index.html")
        .replace(env!("CARGO_PKG_VERSION"), "[version]");
    insta::assert_snapshot!(page);
}
