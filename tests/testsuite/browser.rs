//! Checks in real tools: headless Chromium (axe-core WCAG 2.2 AA, console, requests, overflow)
//! and the Nu HTML checker. They need Chromium, Java and `npm ci --prefix tests/browser`;
//! `scripts/test` installs them. Missing tools fail the test with what to install: never a
//! silent skip.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{TestBrief, repo_root};

fn browser_dir() -> PathBuf {
    repo_root().join("tests/browser")
}

#[track_caller]
pub(crate) fn require_tools() {
    assert!(
        browser_dir().join("node_modules/playwright-core").is_dir(),
        "the browser checks need their npm packages: run `scripts/test`, or `npm ci --prefix tests/browser`"
    );
    let chromium = [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ];
    assert!(
        std::env::var_os("BRIEF_CHROME").is_some()
            || chromium.iter().any(|c| Path::new(c).exists()),
        "the browser checks need Chromium: run `scripts/test` (Debian, as root), or `apt-get install chromium`, or set BRIEF_CHROME"
    );
}

/// Runs the Chromium checks on a built site; screenshots go to target/screenshots/<name>.
pub(crate) fn browser_check(site: &Path, name: &str) {
    browser_check_pages(site, name, &["index.html"]);
}

/// [`browser_check`] on one page of the site (its path relative to `site`).
pub(crate) fn browser_check_pages(site: &Path, name: &str, pages: &[&str]) {
    require_tools();
    let shots = repo_root().join("target/screenshots").join(name);
    let output = Command::new("node")
        .arg(browser_dir().join("check.mjs"))
        .arg(site)
        .arg(&shots)
        .args(pages)
        .output()
        .expect("node is needed for the browser checks (Debian: apt-get install nodejs npm)");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "browser checks failed for {name}:\n{stderr}\n{stdout}"
    );
    assert!(
        stdout.contains(&format!("{} page views passed", 4 * pages.len())),
        "{stdout}"
    );
}

/// The smallest chart text of a built site's page, measured in Chromium (`chart-text.mjs`): no
/// chart text below 11 px on a 390 px screen, nor below 7 pt printed on A4.
pub(crate) fn chart_text_check(site: &Path) -> String {
    require_tools();
    let output = Command::new("node")
        .arg(browser_dir().join("chart-text.mjs"))
        .arg(site)
        .output()
        .expect("node is needed for the browser checks (Debian: apt-get install nodejs npm)");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "chart text too small:\n{}\n{stdout}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("chart text sizes passed"), "{stdout}");
    stdout
}

/// Runs the Nu HTML checker on files of a built site: 0 errors.
pub(crate) fn nu_check(files: &[PathBuf]) {
    nu_check_filtered(files, None);
}

/// CSS the Nu checker's CSS validator predates (all in Chromium since 2023–2024): reported only
/// when the stylesheet is inlined, as in the standalone file.
pub(crate) const MODERN_CSS: &str =
    ".*CSS: .*(color-mix|details-content|container-type|@container).*";

/// [`nu_check`], ignoring the messages that match `filter` (a Java regular expression).
pub(crate) fn nu_check_filtered(files: &[PathBuf], filter: Option<&str>) {
    require_tools();
    let jar = browser_dir().join("node_modules/vnu-jar/build/dist/vnu.jar");
    let output = Command::new("java")
        .arg("-jar")
        .arg(jar)
        .arg("--errors-only")
        .args(filter.map(|f| ["--filterpattern", f]).into_iter().flatten())
        .args(files)
        .output()
        .expect("Java 17 is needed for the Nu HTML checker (Debian: apt-get install default-jre-headless)");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stderr.trim().is_empty(),
        "Nu HTML checker errors:\n{stderr}"
    );
}

#[test]
fn bundled_brief_passes_accessibility_and_browser_checks() {
    let brief = TestBrief::bundled();
    brief.build().assert_success();
    // The original and its Hindi edition.
    browser_check_pages(
        &brief.path().join("public"),
        "bundled",
        &["index.html", "hi/index.html"],
    );
}

#[test]
fn fixture_briefs_pass_accessibility_and_browser_checks() {
    for name in [
        "basic", "markdown", "gallery", "tables", "lang-hi", "lang-ar",
    ] {
        let brief = TestBrief::fixture(name);
        brief.build().assert_success();
        browser_check(&brief.path().join("public"), name);
    }
    // A trimmed brief with a Hindi edition: both editions.
    let brief = TestBrief::fixture("edition-hi");
    brief.build().assert_success();
    browser_check_pages(
        &brief.path().join("public"),
        "edition-hi",
        &["index.html", "hi/index.html"],
    );
}

/// How many chart texts `chart-text.mjs` measured in `case`.
fn texts_measured(report: &str, case: &str) -> usize {
    let line = report
        .lines()
        .find(|l| l.starts_with(case))
        .unwrap_or_else(|| panic!("{report}"));
    line.split(": ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{line}"))
}

#[test]
fn chart_text_is_readable_on_a_phone_and_in_print() {
    let brief = TestBrief::fixture("gallery");
    brief.build().assert_success();
    let report = chart_text_check(&brief.path().join("public"));
    // Every chart was measured in both cases: the gallery's charts hold over a hundred texts.
    for case in ["390 px screen", "print (A4)"] {
        assert!(texts_measured(&report, case) > 100, "{report}");
    }
}

/// An hbar of 60 rows is taller than a printed page: scaled down to fit one, its text printed
/// at 2.8 pt. It prints in pieces of whole rows instead, each on a page at full size.
#[test]
fn a_tall_hbar_prints_in_pieces_with_readable_text() {
    let brief = TestBrief::fixture("tall-hbar");
    brief.build().assert_success();
    let report = chart_text_check(&brief.path().join("public"));
    // Every row's label and value, and each piece's value axis.
    assert!(texts_measured(&report, "print (A4)") > 120, "{report}");
}

#[test]
fn every_page_is_valid_html() {
    let mut files = Vec::new();
    let briefs = [
        TestBrief::bundled(),
        TestBrief::fixture("basic"),
        TestBrief::fixture("markdown"),
        TestBrief::fixture("gallery"),
        TestBrief::fixture("tables"),
        TestBrief::fixture("lang-hi"),
        TestBrief::fixture("lang-ar"),
        // A chart printed in pieces.
        TestBrief::fixture("tall-hbar"),
    ];
    for brief in &briefs {
        brief.build().assert_success();
        files.push(brief.path().join("public/index.html"));
    }
    // The bundled brief's Hindi edition, and the trimmed one's.
    files.push(briefs[0].path().join("public/hi/index.html"));
    let edition = TestBrief::fixture("edition-hi");
    edition.build().assert_success();
    files.push(edition.path().join("public/index.html"));
    files.push(edition.path().join("public/hi/index.html"));
    nu_check(&files);
}

/// The `tables` fixture (six columns, long numeric headers, spanning headers, totals) in
/// Chromium: at 1280 px every table fits the text column; at 390 px the text column does not
/// overflow, the widest table scrolls in its box, and scrolled to its end every row label
/// stays in view, on top of the cells under it (tests/browser/tables.mjs).
#[test]
fn tables_fit_the_text_column_and_keep_their_row_labels_in_view_on_a_phone() {
    require_tools();
    let brief = TestBrief::fixture("tables");
    brief.build().assert_success();
    let output = Command::new("node")
        .arg(browser_dir().join("tables.mjs"))
        .arg(brief.path().join("public/index.html"))
        .output()
        .expect("node is needed for the browser checks (Debian: apt-get install nodejs npm)");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}\n{stdout}");
    assert!(
        stdout.contains("table layout checks passed at 390 and 1280 px"),
        "{stdout}"
    );
}

/// The Hindi fixture's page and its single-file copy (offline) load the theme's Devanagari
/// faces (regular and bold) in Chromium, and the Arabic fixture (the built-in `ar`
/// catalogue) is laid out mirrored at 1280 px: contents on the right, text starting at the right edge, the sticky first table
/// column at the right of its box, charts left to right (tests/browser/scripts.mjs).
#[test]
fn devanagari_loads_its_font_and_a_right_to_left_brief_is_mirrored() {
    require_tools();
    let hindi = TestBrief::fixture("lang-hi");
    hindi.run(&["build", "--standalone"]).assert_success();
    // The single file alone in a folder: a font it did not carry could not be found.
    let alone = tempfile::tempdir().unwrap();
    let single = alone.path().join("test-brief.html");
    std::fs::copy(hindi.path().join("public/test-brief.html"), &single).unwrap();
    let arabic = TestBrief::fixture("lang-ar");
    arabic.build().assert_success();
    let output = Command::new("node")
        .arg(browser_dir().join("scripts.mjs"))
        .arg(arabic.path().join("public/index.html"))
        .arg(hindi.path().join("public/index.html"))
        .arg(&single)
        .output()
        .expect("node is needed for the browser checks (Debian: apt-get install nodejs npm)");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}\n{stdout}");
    assert!(stdout.contains("script checks passed"), "{stdout}");
}

#[test]
fn a_new_brief_passes_accessibility_and_browser_checks() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("new-brief");
    let brief = |args: &[&str]| {
        let status = Command::new(env!("CARGO_BIN_EXE_brief"))
            .args(args)
            .arg(&root)
            .status()
            .unwrap();
        assert!(status.success(), "brief {args:?}");
    };
    brief(&["new", "--quiet"]);
    brief(&["build", "--quiet", "--root"]);
    browser_check(&root.join("public"), "new");
    nu_check(&[root.join("public/index.html")]);
}

#[test]
fn live_reload_and_the_error_overlay_work_in_a_browser() {
    require_tools();
    let brief = TestBrief::fixture("basic");
    let server = crate::serve::Server::start(&brief);
    let output = Command::new("node")
        .arg(browser_dir().join("serve.mjs"))
        .arg(format!("http://127.0.0.1:{}/", server.port))
        .arg(brief.path())
        .arg(repo_root().join("target/screenshots/serve"))
        .output()
        .expect("node is needed for the browser checks (Debian: apt-get install nodejs npm)");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "live reload failed in the browser:\n{stderr}\n{stdout}"
    );
    assert!(stdout.contains("live reload: ok"), "{stdout}");
}

/// Loads `pages` of a built site in Chromium with every request beyond the site's own files
/// aborted (`alone:<page>`: beyond the page itself); fails listing any such request.
fn offline_check(site: &Path, pages: &[&str]) {
    require_tools();
    let output = Command::new("node")
        .arg(browser_dir().join("offline.mjs"))
        .arg(site)
        .args(pages)
        .output()
        .expect("node is needed for the browser checks (Debian: apt-get install nodejs npm)");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{}:\n{stderr}\n{stdout}",
        site.display()
    );
    assert!(
        stdout.contains(&format!("{} pages loaded nothing", pages.len())),
        "{stdout}"
    );
}

/// A brief's page and its single-file copy, built with `--standalone`, loaded offline.
fn offline_brief(brief: &TestBrief) {
    brief.run(&["build", "--standalone"]).assert_success();
    let site = brief.path().join("public");
    let standalone: Vec<String> = crate::tree(&site)
        .into_keys()
        .filter(|p| p.extension().is_some_and(|e| e == "html") && p.parent() == Some(Path::new("")))
        .filter(|p| !p.ends_with("index.html"))
        .map(|p| format!("alone:{}", p.display()))
        .collect();
    assert_eq!(standalone.len(), 1, "{standalone:?}");
    offline_check(&site, &["index.html", &standalone[0]]);
}

#[test]
fn no_page_requests_anything_beyond_its_own_files() {
    offline_brief(&TestBrief::bundled());
    for name in ["basic", "markdown", "gallery"] {
        offline_brief(&TestBrief::fixture(name));
    }
    // Images from data and metadata (cells, list cells, notes, the summary, takeaways) from
    // another server are links, not images: the page loads none of them.
    let brief = TestBrief::fixture("basic");
    let image = |n: u32| format!("![c{n}](https://tracker.example/{n}.png)");
    let yaml = std::fs::read_to_string(brief.path().join("content/brief.yaml")).unwrap();
    let yaml = yaml
        .replace(
            "A short **summary**",
            &format!("A short {} **summary**", image(1)),
        )
        .replace("- First takeaway.", &format!("- \"First {}\"", image(2)));
    brief.write("content/brief.yaml", yaml);
    brief.write(
        "content/data/growth.yaml",
        format!(
            "title: Growth\nsource: {{name: Test source}}\nnotes: \"{}\"\ncolumns:\n  category: {{label: Category, type: text}}\n  tags: {{label: Tags, type: list}}\n  pct: {{label: Growth (%), type: number}}\nrows:\n  - {{category: \"{}\", tags: [\"{}\"], pct: 766}}\n  - {{category: Chips, tags: [], pct: 900}}\n",
            image(3),
            image(4),
            image(5)
        ),
    );
    let second = std::fs::read_to_string(brief.path().join("content/02-second.md")).unwrap();
    brief.write(
        "content/02-second.md",
        format!("{second}\n```table\nid: growth\ndata: growth\n```\n"),
    );
    offline_brief(&brief);
    let page = brief.output("index.html");
    for n in 1..=5 {
        assert!(
            page.contains(&format!("href=\"https://tracker.example/{n}.png\"")),
            "image {n}"
        );
    }
}

/// Every chart text of `pages` (and of the site's chart files) as Chromium draws it, one JSON
/// object per view (`chart-fonts.mjs`).
fn chart_fonts(site: &Path, pages: &[&str]) -> Vec<serde_json::Value> {
    let output = Command::new("node")
        .arg(browser_dir().join("chart-fonts.mjs"))
        .arg(site)
        .args(pages)
        .output()
        .expect("node is needed for the browser checks (Debian: apt-get install nodejs npm)");
    assert!(
        output.status.success(),
        "chart-fonts.mjs failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("chart-fonts.mjs prints JSON")
}

/// A chart text as Chromium draws it, with brief's measure of it.
struct Measured {
    view: String,
    chart: String,
    text: String,
    size: f64,
    bold: bool,
    brief: f64,
    chromium: f64,
}

impl Measured {
    fn describe(&self) -> String {
        format!(
            "{} {}: {:?} at {} px{}: brief {:.2}, Chromium {:.2}",
            self.view,
            self.chart,
            self.text,
            self.size,
            if self.bold { " bold" } else { "" },
            self.brief,
            self.chromium
        )
    }
}

/// The texts of `views` that `keep` selects, each with brief's width; no text of any view may
/// leave its chart.
fn measured(views: &[serde_json::Value], keep: impl Fn(&str) -> bool) -> Vec<Measured> {
    let mut out = Vec::new();
    for view in views {
        let name = view["view"].as_str().unwrap();
        let outside = view["outside"].as_array().unwrap();
        assert!(
            outside.is_empty(),
            "{name}: text leaves its chart: {outside:#?}"
        );
        for text in view["texts"].as_array().unwrap() {
            let shown = text["text"].as_str().unwrap();
            if !keep(shown) {
                continue;
            }
            let size = text["size"].as_f64().unwrap();
            let bold = text["bold"].as_bool().unwrap();
            out.push(Measured {
                view: name.to_string(),
                chart: text["chart"].to_string(),
                text: shown.to_string(),
                size,
                bold,
                brief: brief::internals::chart::text_width(shown, size, bold),
                chromium: text["length"].as_f64().unwrap(),
            });
        }
    }
    out
}

/// Arabic chart labels (the `lang-ar` fixture, built-in catalogue), which the chart font
/// lacks and a system font draws: brief's estimate is never narrower than Chromium's width,
/// so the layout keeps room for them, and within 1.8 times it (the 0.8 em guess for any
/// script gave up to 2.2 times: "الأدوية", 73 px for 34); no text leaves its chart
/// (`chart-fonts.mjs`, page and chart file).
#[test]
fn arabic_chart_labels_are_measured_no_narrower_than_chromium_draws_them() {
    require_tools();
    let brief = TestBrief::fixture("lang-ar");
    brief.build().assert_success();
    let views = chart_fonts(&brief.path().join("public"), &["index.html"]);
    let arabic = |text: &str| text.chars().any(|c| ('\u{600}'..='\u{6FF}').contains(&c));
    let texts = measured(&views, arabic);
    for t in &texts {
        assert!(
            t.brief >= t.chromium - 0.5 && t.brief <= 1.8 * t.chromium,
            "{}",
            t.describe()
        );
    }
    assert!(texts.len() >= 9, "{} Arabic texts compared", texts.len());
}

/// Whether every character of `text` is one the chart font draws (Latin, Latin-1, Latin
/// Extended-A, punctuation, currency, the minus sign): a text brief measures from the font
/// itself rather than estimates.
fn in_chart_font(text: &str) -> bool {
    text.chars().all(|c| {
        matches!(u32::from(c), 0x20..=0x7E | 0xA0..=0x17F | 0x2000..=0x206F | 0x20A0..=0x20C0 | 0x2212)
    })
}

/// The chart font as Chromium draws it (`chart-fonts.mjs`), on the gallery's page and its
/// standalone file at 390 and 1280 px and in each of its chart files, opened from a folder
/// away from the site (a file downloaded, or sent on): the shipped font loaded in both weights
/// (a chart file carries its glyphs); every
/// Latin label's width as brief measures it (the width its layout assumed) agrees with
/// Chromium's within half a pixel or 0.2 % (both shape the same glyphs with HarfBuzz: they
/// differ by hundredths of a pixel), so the layout's checks on text (no overlap, nothing out
/// of the chart) mean what a reader sees; and no text's box leaves its chart (the y tick
/// labels were cut at the left edge by a font wider than the layout's guess).
#[test]
fn chart_labels_measure_as_chromium_draws_them_and_stay_in_their_chart() {
    let brief = TestBrief::fixture("gallery");
    brief.run(&["build", "--standalone"]).assert_success();
    require_tools();
    let site = brief.path().join("public");
    // The standalone file carries the font inlined, as a data: URI.
    let standalone = std::fs::read_dir(&site)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .find(|name| name.ends_with(".html") && name != "index.html")
        .expect("a standalone file");
    let views = chart_fonts(&site, &["index.html", &standalone]);
    // Both pages at two widths, and one file per chart.
    assert!(
        views.len() > 10
            && views
                .iter()
                .any(|v| v["view"] == format!("{standalone} at 390 px")),
        "{} views",
        views.len()
    );
    for view in &views {
        let fonts = &view["fonts"];
        assert!(
            fonts["regular"] == true && fonts["bold"] == true && fonts["loaded"] == 2,
            "{}: the chart font did not load: {fonts}",
            view["view"]
        );
    }
    let texts = measured(&views, in_chart_font);
    let compared = texts.len();
    let failures: Vec<String> = texts
        .iter()
        .filter(|t| (t.brief - t.chromium).abs() > f64::max(0.5, 0.002 * t.chromium))
        .map(Measured::describe)
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The gallery's charts hold several hundred Latin texts.
    assert!(compared > 300, "{compared} texts compared");
}
