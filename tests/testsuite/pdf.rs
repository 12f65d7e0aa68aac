//! `brief build --pdf`: the PDF Chromium prints, read back with poppler (`pdfinfo`,
//! `pdftotext`, `pdfimages`, `pdftohtml -xml` for the outline and links), and what happens
//! when there is no browser or printing fails. Needs Chromium and poppler-utils
//! (`scripts/test` installs them); missing tools fail with what to install.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::{TestBrief, select, text};

/// The bundled brief's `slug:`.
const SLUG_BUNDLED: &str = "us-india-tech-brief";

#[track_caller]
fn require_tools() {
    crate::browser::require_tools();
    assert!(
        Command::new("pdfinfo").arg("-v").output().is_ok(),
        "the PDF tests need poppler-utils (pdfinfo, pdftotext, pdfimages, pdftohtml): run `scripts/test`, or `apt-get install poppler-utils`"
    );
}

/// Runs a poppler tool and returns its standard output.
fn poppler(tool: &str, args: &[&OsStr]) -> String {
    let output = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {tool} (apt-get install poppler-utils): {e}"));
    assert!(
        output.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// `pdfinfo` as key → value.
fn pdf_info(pdf: &Path) -> BTreeMap<String, String> {
    poppler("pdfinfo", &[pdf.as_os_str()])
        .lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

/// The text of each page (`pdftotext`, in reading order), ligatures spelled out.
pub(crate) fn page_texts(pdf: &Path) -> Vec<String> {
    let pages: usize = pdf_info(pdf)["Pages"].parse().unwrap();
    (1..=pages)
        .map(|page| {
            let n = page.to_string();
            let text = poppler(
                "pdftotext",
                &[
                    "-f".as_ref(),
                    n.as_ref(),
                    "-l".as_ref(),
                    n.as_ref(),
                    pdf.as_os_str(),
                    "-".as_ref(),
                ],
            );
            text.replace('ﬁ', "fi")
                .replace('ﬂ', "fl")
                .replace('ﬃ', "ffi")
                .replace('ﬄ', "ffl")
                .replace('ﬀ', "ff")
        })
        .collect()
}

/// Text with all white space removed, so that line wrapping does not matter.
pub(crate) fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// `pdftohtml -xml`: the outline items as (page, title), and every link target.
fn outline_and_links(pdf: &Path) -> (Vec<(usize, String)>, Vec<String>) {
    let xml = poppler(
        "pdftohtml",
        &[
            "-xml".as_ref(),
            "-stdout".as_ref(),
            "-i".as_ref(),
            "-q".as_ref(),
            pdf.as_os_str(),
        ],
    );
    let mut items = Vec::new();
    let mut links = Vec::new();
    for line in xml.lines() {
        if let Some(rest) = line.trim().strip_prefix("<item page=\"")
            && let Some((page, rest)) = rest.split_once("\">")
        {
            let title = rest.trim_end_matches("</item>");
            items.push((page.parse().unwrap(), unescape(title)));
        }
        let mut rest = line;
        while let Some(start) = rest.find("<a href=\"") {
            rest = &rest[start + 9..];
            let end = rest.find('"').unwrap();
            links.push(unescape(&rest[..end]));
        }
    }
    (items, links)
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Builds `brief` with `args` and returns the PDF's path.
#[track_caller]
pub(crate) fn build_pdf(brief: &TestBrief, args: &[&str], slug: &str) -> PathBuf {
    require_tools();
    let run = brief.run(args);
    run.assert_success();
    assert!(
        run.stdout.contains(&format!("PDF: {slug}.pdf")),
        "{}",
        run.stdout
    );
    let pdf = brief.path().join("public").join(format!("{slug}.pdf"));
    assert!(pdf.is_file(), "no {}", pdf.display());
    pdf
}

#[test]
fn bundled_brief_prints_a_tagged_a4_pdf_with_every_heading_table_cell_and_chart_label() {
    let brief = TestBrief::bundled();
    let pdf = build_pdf(&brief, &["build", "--pdf"], SLUG_BUNDLED);
    let page = brief.page();

    let info = pdf_info(&pdf);
    let pages: usize = info["Pages"].parse().unwrap();
    assert!((5..=12).contains(&pages), "{pages} pages");
    assert_eq!(info["Page size"], "594.96 x 841.92 pts (A4)");
    assert_eq!(info["Tagged"], "yes");
    assert!(
        info["Title"].starts_with("Beyond the Headlines"),
        "{info:?}"
    );

    let texts = page_texts(&pdf);
    let all = squeeze(&texts.concat());
    let mut expected: Vec<String> = Vec::new();
    for heading in select(&page, ".brief h2, .brief h3") {
        // The heading's text without its self-link (hidden in print).
        let own: String = heading
            .children()
            .filter(|c| {
                c.value()
                    .as_element()
                    .is_none_or(|e| !e.classes().any(|k| k == "heading-anchor"))
            })
            .map(|c| {
                scraper::ElementRef::wrap(c).map_or_else(
                    || {
                        c.value()
                            .as_text()
                            .map(|t| t.to_string())
                            .unwrap_or_default()
                    },
                    |e| text(&e),
                )
            })
            .collect();
        expected.push(own.split_whitespace().collect::<Vec<_>>().join(" "));
    }
    for cell in select(&page, "#tbl-sectors td, #tbl-sectors th") {
        for item in cell.text().filter(|t| !t.trim().is_empty()) {
            expected.push(item.trim().to_string());
        }
    }
    let mut labels = 0;
    for label in select(&page, ".chart-svg text") {
        // What is drawn: the text's own words, not its `<title>` (a tooltip, never printed).
        let drawn: String = label
            .children()
            .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
            .collect();
        expected.push(drawn.split_whitespace().collect::<Vec<_>>().join(" "));
        labels += 1;
    }
    assert!(labels > 20, "only {labels} chart labels");
    let all = all.to_lowercase();
    for wanted in &expected {
        // A table cell wraps, and text extraction may put a neighbouring cell between its
        // lines: each line must be there, and no cell may fall into more than three pieces.
        let mut pieces: Vec<String> = Vec::new();
        for word in wanted.to_lowercase().split_whitespace() {
            match pieces.last_mut() {
                Some(piece) if all.contains(&format!("{piece}{word}")) => piece.push_str(word),
                _ => pieces.push(word.to_string()),
            }
        }
        assert!(
            pieces.len() <= 3 && pieces.iter().all(|p| all.contains(p.as_str())),
            "`{wanted}` is not in the PDF's text (found as {pieces:?})"
        );
    }

    // Charts are vector graphics: no raster image at all in the PDF.
    let images = poppler("pdfimages", &["-list".as_ref(), pdf.as_os_str()]);
    assert_eq!(
        images.lines().count(),
        2,
        "raster images in the PDF:\n{images}"
    );

    // "Page N of M" and the license on every page, and the running title on every page but
    // the first. The site's footer is not printed (it used to end the PDF alone on a page).
    for (i, text) in texts.iter().enumerate() {
        assert!(
            text.contains(&format!("Page {} of {pages}", i + 1)),
            "page {}: no page number\n{text}",
            i + 1
        );
        assert!(
            text.contains("License: CC BY 4.0"),
            "page {}: no license\n{text}",
            i + 1
        );
        assert!(!text.contains("Built with brief"), "page {}", i + 1);
        assert_eq!(
            text.lines().next().unwrap_or("")
                == "Beyond the Headlines: Promise and Peril in the U.S.–India Technology Partnership",
            i > 0,
            "page {}: the running title heads every page but the first",
            i + 1
        );
    }

    // The outline lists every section, in order, on the page where it starts.
    let (outline, links) = outline_and_links(&pdf);
    let titles: Vec<&str> = outline.iter().map(|(_, t)| t.as_str()).collect();
    // Regression: the title wraps on page 1, and Chromium used to drop the space at the
    // line break from the bookmark ("Peril in" → "Perilin").
    assert_eq!(
        titles[0],
        "Beyond the Headlines: Promise and Peril in the U.S.–India Technology Partnership"
    );
    let sections: Vec<String> = select(&page, ".brief-section > h2")
        .iter()
        .map(|h| text(h).trim_end_matches('#').trim().to_string())
        .collect();
    assert_eq!(sections.len(), 5);
    let mut last = 0;
    for section in sections
        .iter()
        .chain(&["Notes".to_string(), "Cite this brief".to_string()])
    {
        let position = titles.iter().position(|t| squeeze(t) == squeeze(section));
        let position =
            position.unwrap_or_else(|| panic!("`{section}` not in the outline {titles:?}"));
        assert!(position >= last, "outline out of order: {titles:?}");
        last = position;
        let (page, _) = outline[position];
        assert!(
            squeeze(&texts[page - 1]).contains(&squeeze(section)),
            "`{section}` is not on page {page}, where the outline points"
        );
    }

    // Links: external ones keep their URL, cross-references and endnotes jump inside the PDF,
    // and nothing points at the temporary folder the page was printed from.
    assert!(
        links.iter().any(|l| l.starts_with("https://ustr.gov/")),
        "{links:?}"
    );
    assert!(
        links.iter().any(|l| l.contains(".html#")),
        "no internal links: {links:?}"
    );
    assert!(
        !links
            .iter()
            .any(|l| l.starts_with("file:") || l.contains("brief-tmp")),
        "{links:?}"
    );

    // Page breaks a publisher signs off: a chart's title, chart and "Source:" line share a
    // page (only its notes may go on to the next); a table's caption shares a page with its
    // first row, and its source line with its last row (a table may break between rows); a
    // callout or the takeaways box is never split.
    let squeezed: Vec<String> = texts.iter().map(|t| squeeze(t).to_lowercase()).collect();
    // Lower case: titles may be upper-cased by the stylesheet.
    let head = |text: &str| squeeze(&text.chars().take(40).collect::<String>()).to_lowercase();
    let tail = |text: &str| {
        let text = squeeze(text).to_lowercase();
        let from = text.char_indices().rev().nth(30).map_or(0, |(i, _)| i);
        text[from..].to_string()
    };
    let same_page = |first: &str, second: &str| {
        let on = squeezed
            .iter()
            .position(|t| t.contains(first))
            .unwrap_or_else(|| panic!("`{first}` not in the PDF"));
        assert!(
            squeezed[on].contains(second),
            "`{first}` is on page {} but `{second}` is not",
            on + 1
        );
    };
    let mut blocks = 0;
    for block in select(&page, "figure.chart") {
        let source = select_in(&block, ".figure-source");
        same_page(&head(&text(&block)), &tail(&text(&source[0])));
        blocks += 1;
    }
    for block in select(&page, "figure.data-table") {
        let caption = text(&select_in(&block, "figcaption")[0]);
        let rows = select_in(&block, "tbody tr > :first-child");
        let (first_row, last_row) = (text(&rows[0]), text(rows.last().unwrap()));
        same_page(&head(&caption), &squeeze(&first_row).to_lowercase());
        let source = text(&select_in(&block, ".figure-source")[0]);
        same_page(&squeeze(&last_row).to_lowercase(), &tail(&source));
        blocks += 1;
    }
    for block in select(&page, ".callout, .key-takeaways") {
        same_page(&head(&text(&block)), &tail(&text(&block)));
        blocks += 1;
    }
    assert_eq!(
        blocks,
        3 + 1 + 1 + 1,
        "3 figures, 1 table, 1 callout, the takeaways"
    );

    // The citations never end the PDF alone: the last page holds something before "Cite this
    // brief", and the download line is on the page of the last citation.
    let last_page = texts.last().unwrap();
    let cite = last_page
        .find("Cite this brief")
        .expect("the citation block is on the last page");
    let before: Vec<&str> = last_page[..cite]
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("Beyond the Headlines"))
        .collect();
    assert!(
        !before.is_empty(),
        "the last page holds only the citation block:\n{last_page}"
    );
    assert!(last_page.contains("Chicago") && last_page.contains("Download the citation"));

    // Headings are kept with what follows: no page ends with one.
    let headings: Vec<String> = select(&page, "h2, h3, h4")
        .iter()
        .map(|h| squeeze(text(h).trim_end_matches('#')))
        .collect();
    for (i, text) in texts.iter().enumerate() {
        let body: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with("Page "))
            .collect();
        let last = squeeze(body.last().unwrap_or(&""));
        assert!(
            !headings.contains(&last),
            "page {} ends with the heading `{last}`",
            i + 1
        );
    }

    // The web page links the PDF it was printed with.
    let link = select(&page, ".brief-downloads a[href$='.pdf']");
    assert_eq!(
        link[0].value().attr("href"),
        Some(format!("{SLUG_BUNDLED}.pdf").as_str())
    );
}

fn select_in<'a>(
    element: &scraper::ElementRef<'a>,
    selector: &str,
) -> Vec<scraper::ElementRef<'a>> {
    element
        .select(&scraper::Selector::parse(selector).unwrap())
        .collect()
}

#[test]
fn letter_paper_from_the_command_line_or_brief_yaml() {
    let brief = TestBrief::fixture("basic");
    let pdf = build_pdf(
        &brief,
        &["build", "--pdf", "--paper", "letter"],
        "test-brief",
    );
    assert_eq!(pdf_info(&pdf)["Page size"], "612 x 792 pts (letter)");
    // The web page asks for the same paper when printed from a browser.
    assert!(
        brief
            .output("index.html")
            .contains("@page { size: letter; }")
    );

    let yaml = std::fs::read_to_string(brief.path().join("content/brief.yaml")).unwrap();
    brief.write(
        "content/brief.yaml",
        format!("{yaml}pdf: true\npaper: letter\n"),
    );
    let pdf = build_pdf(&brief, &["build"], "test-brief");
    assert_eq!(pdf_info(&pdf)["Page size"], "612 x 792 pts (letter)");
    // ... and the command line wins over brief.yaml.
    let pdf = build_pdf(&brief, &["build", "--paper", "a4"], "test-brief");
    assert_eq!(pdf_info(&pdf)["Page size"], "594.96 x 841.92 pts (A4)");
    // An output folder whose path needs percent-encoding in a file:// URL.
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("my site é#1");
    let run = brief.run(&["build", "--out", site.to_str().unwrap()]);
    run.assert_success();
    assert_eq!(
        pdf_info(&site.join("test-brief.pdf"))["Page size"],
        "612 x 792 pts (letter)"
    );
    // `--no-pdf` overrides `pdf: true`.
    brief.run(&["build", "--no-pdf"]).assert_success();
    assert!(!brief.path().join("public/test-brief.pdf").exists());
    assert!(!brief.output("index.html").contains("test-brief.pdf"));
}

/// A folder holding no browser, for a `PATH` on which none is found.
fn empty_path() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
fn without_a_browser_the_website_is_written_and_the_error_says_how_to_install_one() {
    let brief = TestBrief::fixture("basic");
    let bin = empty_path();
    let run = brief.run_env(
        &["build", "--pdf", "--standalone"],
        &[
            ("PATH", Some(bin.path().as_os_str())),
            ("BRIEF_CHROME", None),
        ],
    );
    assert_eq!(run.status, 1, "{}", run.stderr);
    insta::assert_snapshot!(
        run.stderr
            .replace(&brief.path().display().to_string(), "[ROOT]")
    );
    // The website and the standalone file are there, without a link to a PDF that is not.
    assert!(brief.path().join("public/index.html").is_file());
    assert!(brief.path().join("public/test-brief.html").is_file());
    assert!(!brief.path().join("public/test-brief.pdf").exists());
    assert!(!brief.output("index.html").contains("test-brief.pdf"));

    // Asked for by brief.yaml, the error points there.
    let yaml = std::fs::read_to_string(brief.path().join("content/brief.yaml")).unwrap();
    brief.write("content/brief.yaml", format!("{yaml}pdf: true\n"));
    let run = brief.run_env(
        &["build"],
        &[
            ("PATH", Some(bin.path().as_os_str())),
            ("BRIEF_CHROME", None),
        ],
    );
    assert_eq!(run.status, 1, "{}", run.stderr);
    let pdf_line = yaml.lines().count() + 1;
    assert!(
        run.stderr
            .contains(&format!("--> content/brief.yaml:{pdf_line}:1")),
        "{}",
        run.stderr
    );

    // A browser named by BRIEF_CHROME or --chrome that does not exist is the same error.
    let run = brief.run_env(
        &["build"],
        &[("BRIEF_CHROME", Some("/nonexistent/chrome".as_ref()))],
    );
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("the browser named by BRIEF_CHROME was not found"),
        "{}",
        run.stderr
    );
}

/// A stand-in browser: a shell script in `dir`.
fn fake_browser(dir: &Path, script: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join("fake-chrome");
    std::fs::write(&path, format!("#!/bin/sh\n{script}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

#[test]
fn a_failed_print_leaves_the_previous_output_as_it_was_and_shows_what_the_browser_said() {
    let brief = TestBrief::fixture("basic");
    brief.build().assert_success();
    let before = brief.output_tree();
    let bin = tempfile::tempdir().unwrap();

    let crashing = fake_browser(
        bin.path(),
        "echo 'GPU process exited unexpectedly' >&2; exit 3",
    );
    let run = brief.run(&["build", "--pdf", "--chrome", crashing.to_str().unwrap()]);
    run.assert_failure();
    assert!(
        run.stderr.contains("it exited with exit status: 3"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("GPU process exited unexpectedly"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("the previous output was left unchanged"),
        "{}",
        run.stderr
    );
    assert_eq!(before, brief.output_tree());

    // Chromium exits 0 when it cannot write the PDF: the missing file is the error.
    let silent = fake_browser(bin.path(), "exit 0");
    let run = brief.run(&["build", "--pdf", "--chrome", silent.to_str().unwrap()]);
    run.assert_failure();
    assert!(run.stderr.contains("it wrote no PDF"), "{}", run.stderr);
    assert_eq!(before, brief.output_tree());

    // A browser that hangs is stopped at the timeout, helpers and all.
    let hanging = fake_browser(bin.path(), "sleep 30 & sleep 30");
    let start = Instant::now();
    let run = brief.run(&[
        "build",
        "--pdf",
        "--pdf-timeout",
        "1",
        "--chrome",
        hanging.to_str().unwrap(),
    ]);
    run.assert_failure();
    assert!(start.elapsed().as_secs() < 10, "took {:?}", start.elapsed());
    assert!(
        run.stderr.contains("did not finish printing within 1 s"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--pdf-timeout"), "{}", run.stderr);
    assert_eq!(before, brief.output_tree());
    let leftovers: Vec<_> = std::fs::read_dir(brief.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("brief-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_timeout_that_is_not_a_positive_number_is_a_usage_error() {
    let brief = TestBrief::fixture("basic");
    for bad in ["0", "-1", "soon"] {
        let run = brief.run(&["build", "--pdf", "--pdf-timeout", bad]);
        assert_eq!(run.status, 2, "--pdf-timeout {bad}: {}", run.stderr);
        assert!(!brief.path().join("public").exists());
    }
}

#[test]
fn a_link_to_a_file_of_the_site_points_to_the_published_site_in_the_pdf() {
    // A relative link used to point into the temporary folder the page was printed from
    // (file:///…/.public.brief-tmp-123/data/growth.csv).
    let brief = TestBrief::fixture("basic");
    let first = std::fs::read_to_string(brief.path().join("content/01-first.md")).unwrap();
    brief.write(
        "content/01-first.md",
        format!("{first}\nSee [the growth data](data/growth.csv).\n"),
    );
    let pdf = build_pdf(&brief, &["build", "--pdf"], "test-brief");
    let (_, links) = outline_and_links(&pdf);
    assert!(
        links.contains(&"https://example.org/test/data/growth.csv".to_string()),
        "{links:?}"
    );
    assert!(!links.iter().any(|l| l.starts_with("file:")), "{links:?}");
    // The website keeps the relative link, and the page that was printed is gone.
    assert!(
        brief
            .output("index.html")
            .contains("href=\"data/growth.csv\"")
    );
    assert!(!brief.path().join("public/.brief-print.html").exists());

    // Without base_url the link becomes plain text in the PDF.
    let yaml = std::fs::read_to_string(brief.path().join("content/brief.yaml")).unwrap();
    brief.write(
        "content/brief.yaml",
        yaml.replace("base_url: https://example.org/test/\n", ""),
    );
    let pdf = build_pdf(&brief, &["build", "--pdf"], "test-brief");
    let (_, links) = outline_and_links(&pdf);
    assert!(!links.iter().any(|l| l.contains("growth.csv")), "{links:?}");
    assert!(squeeze(&page_texts(&pdf).concat()).contains("Seethegrowthdata."));
}

/// A translation's PDF links the downloads it shares with the original where they are
/// published, at the site's root (they used to point into its folder: `…/hi/data/…`, which
/// does not exist), and its own charts and citations in its folder.
#[test]
fn a_translations_pdf_links_the_shared_downloads_at_the_sites_root() {
    let brief = TestBrief::bundled();
    // The theme's own download links are not printed; the sections' links are, in a
    // translated section and in one the translation shows in the original.
    let append = |rel: &str, text: &str| {
        let before = std::fs::read_to_string(brief.path().join(rel)).unwrap();
        brief.write(rel, format!("{before}\n{text}\n"));
    };
    append(
        "content/hi/01-introduction.md",
        "[क्षेत्रों का डेटा](data/sectors.csv) और [आरेख](charts/trade-growth.svg)।",
    );
    append(
        "content/03-roadblocks.md",
        "[The trade data](data/trade_growth.csv).",
    );
    build_pdf(&brief, &["build", "--pdf"], SLUG_BUNDLED);
    let site = "https://example.org/us-india-tech/";
    let public = brief.path().join("public");
    let links_of = |pdf: &str| {
        let doc = lopdf::Document::load(public.join(pdf)).unwrap();
        let links: Vec<String> = link_descriptions(&doc)
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        links
    };
    let hindi = links_of(&format!("hi/{SLUG_BUNDLED}.pdf"));
    for expected in [
        format!("{site}data/sectors.csv"),
        format!("{site}data/trade_growth.csv"),
        format!("{site}hi/charts/trade-growth.svg"),
        format!("{site}hi/cite.bib"),
    ] {
        assert!(hindi.contains(&expected), "{expected} not in {hindi:?}");
    }
    assert!(!hindi.iter().any(|l| l.contains("/hi/data/")), "{hindi:?}");
    assert!(!hindi.iter().any(|l| l.starts_with("file:")), "{hindi:?}");
    // The original's PDF links the same data.
    let original = links_of(&format!("{SLUG_BUNDLED}.pdf"));
    let data = format!("{site}data/trade_growth.csv");
    assert!(original.contains(&data), "{original:?}");
    // Printed from its folder with the shared stylesheet: the theme's Devanagari font.
    let hindi_pdf = public.join(format!("hi/{SLUG_BUNDLED}.pdf"));
    let fonts = poppler("pdffonts", &[hindi_pdf.as_os_str()]);
    assert!(fonts.contains("NotoSansDevanagari"), "{fonts}");
}

/// Chromium stamps the time of printing; brief writes the brief's dates over it, so the same
/// brief prints the same bytes.
#[test]
fn the_same_brief_prints_a_byte_identical_pdf_dated_by_the_brief() {
    let brief = TestBrief::fixture("basic");
    let pdf = build_pdf(&brief, &["build", "--pdf"], "test-brief");
    let first = std::fs::read(&pdf).unwrap();
    // Chromium's stamp has a resolution of one second.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let pdf = build_pdf(&brief, &["build", "--pdf"], "test-brief");
    let second = std::fs::read(&pdf).unwrap();
    if second != first {
        // Where they differ, to see what the browser stamped.
        let at = first.iter().zip(&second).position(|(a, b)| a != b);
        let show = |bytes: &[u8]| {
            let at = at.unwrap_or(bytes.len().min(first.len()));
            String::from_utf8_lossy(&bytes[at.saturating_sub(80)..(at + 80).min(bytes.len())])
                .into_owned()
        };
        panic!(
            "the two PDFs differ ({} and {} bytes) at {at:?}:\n{}\n---\n{}",
            first.len(),
            second.len(),
            show(&first),
            show(&second)
        );
    }
    let info = pdf_info(&pdf);
    // basic: date 2025-01-15, updated 2025-02-01.
    assert_eq!(info["CreationDate"], "Wed Jan 15 00:00:00 2025 UTC");
    assert_eq!(info["ModDate"], "Sat Feb  1 00:00:00 2025 UTC");
}

/// Every structure element of the PDF's tagged structure, depth first, with its type (`/S`).
fn structure_elements(doc: &lopdf::Document) -> Vec<(String, lopdf::Dictionary)> {
    fn walk(
        doc: &lopdf::Document,
        kid: &lopdf::Object,
        out: &mut Vec<(String, lopdf::Dictionary)>,
    ) {
        let Ok((_, object)) = doc.dereference(kid) else {
            return;
        };
        match object {
            lopdf::Object::Array(kids) => kids.iter().for_each(|k| walk(doc, k, out)),
            lopdf::Object::Dictionary(dict) => {
                if let Ok(kind) = dict.get(b"S").and_then(lopdf::Object::as_name) {
                    out.push((String::from_utf8_lossy(kind).into_owned(), dict.clone()));
                }
                if let Ok(kids) = dict.get(b"K") {
                    walk(doc, kids, out);
                }
            }
            _ => {}
        }
    }
    let root = doc.catalog().unwrap().get(b"StructTreeRoot").unwrap();
    let (_, root) = doc.dereference(root).unwrap();
    let mut out = Vec::new();
    walk(doc, root.as_dict().unwrap().get(b"K").unwrap(), &mut out);
    out
}

/// A text string of a PDF dictionary (PDFDocEncoding or UTF-16), decoded.
fn pdf_text(dict: &lopdf::Dictionary, key: &str) -> String {
    let value = dict
        .get(key.as_bytes())
        .unwrap_or_else(|_| panic!("no /{key} in {dict:?}"));
    lopdf::decode_text_string(value).unwrap()
}

/// The values of one XMP property: each `rdf:li`, or the element's own text.
fn xmp_values(xmp: &roxmltree::Document<'_>, namespace: &str, name: &str) -> Vec<String> {
    let rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    let Some(node) = xmp
        .descendants()
        .find(|n| n.tag_name().namespace() == Some(namespace) && n.tag_name().name() == name)
    else {
        return Vec::new();
    };
    let items: Vec<String> = node
        .descendants()
        .filter(|n| n.tag_name().namespace() == Some(rdf) && n.tag_name().name() == "li")
        .map(|n| n.text().unwrap_or("").to_string())
        .collect();
    if items.is_empty() {
        vec![node.text().unwrap_or("").to_string()]
    } else {
        items
    }
}

/// The PDF read back with lopdf: the brief's metadata in the document information and in
/// XMP (parsed as XML), escaped so that a title with markup, XML's end of CDATA, a control
/// character and non-Latin text comes back as written; the language and the tagged mark on the
/// catalog; alternate text on every `Figure` (a pull quote has no accessible name on the
/// website); structure ids numbered 1, 2, 3… and nothing left of the browser's own stamps;
/// every link annotation described as its link reads on the page.
#[test]
fn the_pdf_carries_the_briefs_metadata_xmp_language_and_figure_alt_text() {
    let brief = TestBrief::fixture("basic");
    let yaml = std::fs::read_to_string(brief.path().join("content/brief.yaml")).unwrap();
    let yaml = yaml.replace(
        "title: Test Brief\n",
        "title: \"Chips <&> ]]> \\x01tab\\tend: नमस्ते 世界 — \\\"quoted\\\" 🌏\"\nslug: metadata\nlanguage: en-GB\n",
    );
    brief.write("content/brief.yaml", yaml);
    let first = std::fs::read_to_string(brief.path().join("content/01-first.md")).unwrap();
    brief.write(
        "content/01-first.md",
        format!("{first}\n> “Without those keys, there is no deal.”\n>\n> — An official\n\nSee [the  source](https://example.org/data?a=1&b=2).\n"),
    );
    let pdf = build_pdf(&brief, &["build", "--pdf"], "metadata");
    // As the page shows it: Markdown's typographic quotes, the control character U+FFFD (what
    // HTML and XML can hold of it), the tab a space.
    let title = "Chips <&> ]]> \u{fffd}tab end: नमस्ते 世界 — “quoted” 🌏";
    let bytes = std::fs::read(&pdf).unwrap();
    let doc = lopdf::Document::load_mem(&bytes).unwrap();

    let (_, info) = doc.dereference(doc.trailer.get(b"Info").unwrap()).unwrap();
    let info = info.as_dict().unwrap();
    assert_eq!(pdf_text(info, "Title"), title);
    assert_eq!(pdf_text(info, "Author"), "Ada Analyst; Policy Lab");
    assert_eq!(pdf_text(info, "Subject"), "A small brief for tests");
    assert_eq!(pdf_text(info, "Keywords"), "trade, chips");
    let creator = format!("brief {}", env!("CARGO_PKG_VERSION"));
    assert_eq!(pdf_text(info, "Creator"), creator);
    assert!(
        pdf_text(info, "Producer").starts_with("Skia/PDF"),
        "{info:?}"
    );
    assert_eq!(pdf_text(info, "CreationDate"), "D:20250115000000+00'00'");
    assert_eq!(pdf_text(info, "ModDate"), "D:20250201000000+00'00'");
    // poppler reads the same title.
    assert_eq!(pdf_info(&pdf)["Title"], title);
    // Nothing is left of what the browser wrote: its user agent, the time of printing.
    let raw = String::from_utf8_lossy(&bytes);
    assert!(
        !raw.contains("HeadlessChrome"),
        "the browser's Creator is still in the file"
    );
    assert_eq!(raw.matches("/CreationDate").count(), 1);

    let catalog = doc.catalog().unwrap();
    assert_eq!(pdf_text(catalog, "Lang"), "en-GB");
    let mark = catalog.get(b"MarkInfo").unwrap().as_dict().unwrap();
    assert_eq!(mark.get(b"Marked").unwrap(), &lopdf::Object::Boolean(true));
    let preferences = catalog
        .get(b"ViewerPreferences")
        .unwrap()
        .as_dict()
        .unwrap();
    assert_eq!(
        preferences.get(b"DisplayDocTitle").unwrap(),
        &lopdf::Object::Boolean(true)
    );

    let (_, xmp) = doc.dereference(catalog.get(b"Metadata").unwrap()).unwrap();
    let xmp = xmp.as_stream().unwrap();
    assert_eq!(
        xmp.dict.get(b"Type").unwrap().as_name().unwrap(),
        b"Metadata"
    );
    assert_eq!(xmp.dict.get(b"Subtype").unwrap().as_name().unwrap(), b"XML");
    let xmp = String::from_utf8(xmp.content.clone()).unwrap();
    let xml = roxmltree::Document::parse(&xmp).unwrap_or_else(|e| panic!("{e}\n{xmp}"));
    let dc = "http://purl.org/dc/elements/1.1/";
    assert_eq!(xmp_values(&xml, dc, "title"), vec![title]);
    assert_eq!(
        xmp_values(&xml, dc, "creator"),
        vec!["Ada Analyst", "Policy Lab"]
    );
    assert_eq!(xmp_values(&xml, dc, "language"), vec!["en-GB"]);
    assert_eq!(
        xmp_values(&xml, dc, "description"),
        vec!["A small brief for tests"]
    );
    assert_eq!(xmp_values(&xml, dc, "subject"), vec!["trade", "chips"]);
    let pdfuaid = "http://www.aiim.org/pdfua/ns/id/";
    assert_eq!(xmp_values(&xml, pdfuaid, "part"), vec!["1"]);
    let tool = xmp_values(&xml, "http://ns.adobe.com/xap/1.0/", "CreatorTool");
    assert_eq!(tool, vec![creator]);
    let created = xmp_values(&xml, "http://ns.adobe.com/xap/1.0/", "CreateDate");
    assert_eq!(created, vec!["2025-01-15T00:00:00+00:00"]);

    let elements = structure_elements(&doc);
    let figures: Vec<&lopdf::Dictionary> = elements
        .iter()
        .filter(|(kind, _)| kind == "Figure")
        .map(|(_, dict)| dict)
        .collect();
    // Two charts (the figure and its drawing), the table's figure, the pull quote.
    assert!(figures.len() >= 4, "{} figures", figures.len());
    let alts: Vec<String> = figures
        .iter()
        .map(|f| {
            let alt = f.get(b"Alt").map(|a| lopdf::decode_text_string(a).unwrap());
            alt.unwrap_or_else(|_| panic!("a Figure without /Alt: {f:?}"))
        })
        .collect();
    assert!(alts.iter().all(|a| !a.trim().is_empty()), "{alts:?}");
    assert!(
        alts.contains(&"“Without those keys, there is no deal.” — An official".to_string()),
        "{alts:?}"
    );
    assert!(alts.iter().any(|a| a.starts_with("Figure 1.")), "{alts:?}");

    // The structure ids Chromium names after DOM nodes are numbered in order from 1.
    let mut ids: Vec<String> = elements
        .iter()
        .filter_map(|(_, dict)| dict.get(b"ID").ok())
        .map(|id| String::from_utf8(id.as_str().unwrap().to_vec()).unwrap())
        .collect();
    assert!(!ids.is_empty());
    ids.sort();
    ids.dedup();
    let numbers: Vec<usize> = ids
        .iter()
        .map(|id| id.strip_prefix("node").unwrap().parse().unwrap())
        .collect();
    assert_eq!(numbers, (1..=ids.len()).collect::<Vec<_>>(), "{ids:?}");

    // Every link annotation is described as its link reads on the page (PDF/UA-1 7.18.5).
    let links = link_descriptions(&doc);
    assert!(
        links
            .iter()
            .all(|(_, contents)| !contents.trim().is_empty()),
        "{links:?}"
    );
    for (target, contents) in [
        ("#fig-growth", "Figure 1"),
        ("#tbl-things", "Table 1"),
        ("#fn-first-section-one", "Note 1"),
        ("https://example.org/data?a=1&b=2", "the source"),
    ] {
        assert!(
            links.contains(&(target.to_string(), contents.to_string())),
            "no link to {target} described as {contents:?}: {links:?}"
        );
    }
}

/// Each link annotation of the PDF: where it leads (`#name` or the address) and its
/// `/Contents` (empty when it has none).
fn link_descriptions(doc: &lopdf::Document) -> Vec<(String, String)> {
    let mut links = Vec::new();
    for page in doc.get_pages().values() {
        let page = doc.get_dictionary(*page).unwrap();
        let Ok(annots) = page.get(b"Annots") else {
            continue;
        };
        for annot in doc.dereference(annots).unwrap().1.as_array().unwrap() {
            let annot = doc.dereference(annot).unwrap().1.as_dict().unwrap();
            if annot.get(b"Subtype").unwrap().as_name().unwrap() != b"Link" {
                continue;
            }
            let target = match annot.get(b"Dest") {
                Ok(dest) => format!("#{}", String::from_utf8_lossy(dest.as_name().unwrap())),
                Err(_) => {
                    let action = doc.dereference(annot.get(b"A").unwrap()).unwrap().1;
                    let uri = action.as_dict().unwrap().get(b"URI").unwrap();
                    lopdf::decode_text_string(uri).unwrap()
                }
            };
            let contents = annot
                .get(b"Contents")
                .map(|c| lopdf::decode_text_string(c).unwrap());
            links.push((target, contents.unwrap_or_default()));
        }
    }
    links
}

/// The page footer is one line whatever the license: a long license is cut with an ellipsis,
/// and the page number beside it never wraps.
#[test]
fn a_long_license_leaves_the_page_footer_on_one_line() {
    let brief = TestBrief::fixture("basic");
    let yaml = std::fs::read_to_string(brief.path().join("content/brief.yaml")).unwrap();
    brief.write(
        "content/brief.yaml",
        format!(
            "{yaml}license: \"Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International; \
reuse of the charts requires the permission of every data provider named\"\n"
        ),
    );
    let pdf = build_pdf(&brief, &["build", "--pdf"], "test-brief");
    let pages: usize = pdf_info(&pdf)["Pages"].parse().unwrap();
    for page in 1..=pages {
        let n = page.to_string();
        let layout = poppler(
            "pdftotext",
            &[
                "-layout".as_ref(),
                "-f".as_ref(),
                n.as_ref(),
                "-l".as_ref(),
                n.as_ref(),
                pdf.as_os_str(),
                "-".as_ref(),
            ],
        );
        let footer: Vec<&str> = layout
            .lines()
            .filter(|l| l.contains("License:") || l.contains("Page ") || l.contains("of "))
            .filter(|l| !l.trim().is_empty())
            .collect();
        let last = footer.last().copied().unwrap_or("");
        assert!(
            last.trim_start()
                .starts_with("License: Creative Commons Attribution")
                && last.contains('…')
                && last
                    .trim_end()
                    .ends_with(&format!("Page {page} of {pages}")),
            "page {page}: the footer is not one line:\n{layout}"
        );
    }
}

/// The Hindi fixture prints its Devanagari with the theme's Noto Sans Devanagari (regular for
/// text, bold for headings), embedded, and `pdftotext` gives back the sentences as written:
/// conjuncts, matras, nukta and danda in order.
#[test]
fn a_hindi_brief_prints_its_devanagari_with_the_font_embedded_and_the_text_intact() {
    let brief = TestBrief::fixture("lang-hi");
    let pdf = build_pdf(&brief, &["build", "--pdf"], "test-brief");
    let fonts = poppler("pdffonts", &[pdf.as_os_str()]);
    for face in ["NotoSansDevanagari-Regular", "NotoSansDevanagari-Bold"] {
        // Columns from the end: gen, object, uni, sub, emb.
        let embedded = fonts.lines().any(|line| {
            line.contains(&format!("+{face}"))
                && line.split_whitespace().rev().nth(4) == Some("yes")
        });
        assert!(embedded, "{face} is not embedded:\n{fonts}");
    }
    let text = squeeze(&page_texts(&pdf).join("\n"));
    for written in [
        "भारत और अमेरिका के बीच व्यापार तेज़ी से बढ़ा है।",
        "चित्र 1. श्रेणी के अनुसार वृद्धि",
        "प्रमुख निष्कर्ष",
    ] {
        assert!(
            text.contains(&squeeze(written)),
            "{written:?} not in:\n{text}"
        );
    }
}
