//! A brief in another language: `language: fr`, `hi` and `ar` fixtures built with the real
//! binary. Every label of the theme and the charts comes from the language's catalogue
//! (none of English's is left), numbers and dates are written as CLDR has them, and the CSV
//! downloads stay machine-readable.

use std::collections::BTreeMap;

use crate::TestBrief;

/// A built-in catalogue as the binary embeds it.
fn catalogue(language: &str) -> BTreeMap<String, String> {
    let path = format!("{}/i18n/{language}.yaml", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path).unwrap();
    serde_saphyr::from_str(&text).unwrap()
}

/// The literal pieces (between placeholders) of each English string the language says
/// otherwise: none may be in the page. Pieces shorter than five characters ("PDF", ": ")
/// would match the fixture's own English text.
fn english_pieces(language: &str) -> Vec<(String, String)> {
    let english = catalogue("en");
    let own = catalogue(language);
    let mut pieces = Vec::new();
    for (key, value) in &english {
        if own[key] == *value {
            continue;
        }
        for piece in value.split(['{', '}']).step_by(2) {
            let piece = piece.trim();
            if piece.chars().count() >= 5 && !own[key].contains(piece) {
                pieces.push((key.clone(), piece.to_string()));
            }
        }
    }
    pieces
}

/// Asserts that no English label is in the page, but for words the brief's own content has
/// ("Second Section").
fn assert_no_english(brief: &TestBrief, page: &str, language: &str) {
    let own: String = walkdir::WalkDir::new(brief.path().join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .collect();
    let left: Vec<_> = english_pieces(language)
        .into_iter()
        .filter(|(_, piece)| page.contains(piece.as_str()) && !own.contains(piece.as_str()))
        .collect();
    assert!(
        left.is_empty(),
        "English left in the {language} page: {left:?}"
    );
}

#[test]
fn a_french_brief_has_french_labels_numbers_and_dates() {
    let brief = TestBrief::fixture("lang-fr");
    brief.build().assert_success();
    let page = brief.output("index.html");
    for expected in [
        "<html lang=\"fr\">",
        "<summary>Sommaire</summary>",
        "<h2>Points clés</h2>",
        ">Citer cette note</h2>",
        "Tableau 1.</span>",
        "Figure 1.</span>",
        "<summary>Données de la figure 1</summary>",
        "aria-label=\"Tableau (défilement horizontal)\"",
        // The table's 1234567.5: narrow no-break spaces between groups, a decimal comma.
        "1\u{202f}234\u{202f}567,5",
        // `format: percent`: a narrow no-break space before the sign (CLDR fr "#,##0 %").
        "900\u{202f}%",
        "Graphique à barres horizontales.",
        "<time datetime=\"2025-01-15\">15 janvier 2025</time>",
        "Mis à jour le <time datetime=\"2025-02-01\">1 février 2025</time>",
        "content: \"Page \" counter(page) \" sur \" counter(pages);",
        // A cross-reference reads in the language too, its number kept on its word's line.
        "<a href=\"#tbl-things\">Tableau\u{a0}1</a>",
    ] {
        assert!(page.contains(expected), "missing {expected:?}");
    }
    assert_no_english(&brief, &page, "fr");
    // The chart's standalone SVG says the same as the page.
    let svg = brief.output("charts/growth.svg");
    assert!(svg.contains("900\u{202f}%"), "{svg}");
    // Downloads stay machine-readable.
    let csv = brief.output("data/things.csv");
    assert!(csv.contains("1234567.5"), "{csv}");
}

#[test]
fn a_hindi_brief_groups_in_lakhs_and_takes_the_briefs_own_strings() {
    let brief = TestBrief::fixture("lang-hi");
    let run = brief.build();
    run.assert_success();
    // content/i18n/hi.yaml has a misspelt key: a warning at it, naming the right one.
    assert!(
        run.stderr.contains("content/i18n/hi.yaml:3:1"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `contents`?"),
        "{}",
        run.stderr
    );
    let page = brief.output("index.html");
    for expected in [
        "<html lang=\"hi\">",
        "<summary>विषय-सूची</summary>",
        // The brief's own string over the built-in one.
        "<h2>प्रमुख निष्कर्ष</h2>",
        "चित्र 1.</span>",
        "तालिका 1.</span>",
        "12,34,567.5",
        "<time datetime=\"2025-01-15\">15 जनवरी, 2025</time>",
        "पृष्ठ",
    ] {
        assert!(page.contains(expected), "missing {expected:?}");
    }
    assert!(!page.contains("1,234,567.5"));
    assert_no_english(&brief, &page, "hi");
    let csv = brief.output("data/things.csv");
    assert!(csv.contains("1234567.5"), "{csv}");
}

#[test]
fn a_language_without_a_catalogue_is_english_with_a_warning_and_en_in_groups_in_lakhs() {
    let brief = TestBrief::fixture("lang-fr");
    let meta = brief.path().join("content/brief.yaml");
    let text = std::fs::read_to_string(&meta).unwrap();
    brief.write(
        "content/brief.yaml",
        text.replace("language: fr", "language: en-IN"),
    );
    let run = brief.build();
    run.assert_success();
    assert!(!run.stderr.contains("no catalogue"), "{}", run.stderr);
    let page = brief.output("index.html");
    assert!(page.contains("<summary>Contents</summary>"));
    assert!(page.contains("12,34,567.5"), "en-IN groups in lakhs");

    brief.write(
        "content/brief.yaml",
        text.replace("language: fr", "language: de"),
    );
    let run = brief.build();
    run.assert_success();
    assert!(
        run.stderr.contains("no catalogue for the language `de`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/brief.yaml:2"),
        "{}",
        run.stderr
    );
    // CLDR's German numbers and dates even so.
    let page = brief.output("index.html");
    assert!(page.contains("1.234.567,5"), "de numbers");
    assert!(page.contains("15. Januar 2025"), "de dates");
}

/// `language: ar` with the built-in Arabic catalogue (the fixture overrides one string): no
/// English label left, no warning, the page right to left, numbers in CLDR's default for
/// `ar` through ICU4X (Latin digits, `1,234,567.5`), dates and citations in Arabic.
#[test]
fn an_arabic_brief_is_right_to_left_with_the_built_in_catalogue() {
    let brief = TestBrief::fixture("lang-ar");
    let run = brief.build();
    run.assert_success();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let page = brief.output("index.html");
    assert!(page.contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert_no_english(&brief, &page, "ar");
    for arabic in [
        "<summary>المحتويات</summary>",
        "الشكل 1",
        "الجدول 1",
        "15 يناير 2025",
        "الاستشهاد بهذا الموجز",
        // The brief's own string over the built-in one.
        "أبرز النقاط",
        ">1,234,567.5<",
        "Analyst, A. (2025).",
    ] {
        assert!(page.contains(arabic), "{arabic}");
    }
    assert!(!page.contains(">النقاط الرئيسية<"), "the override wins");
    let chart = brief.output("charts/growth.svg");
    assert!(chart.contains("رسم بياني بالأشرطة الأفقية."), "{chart}");
}
