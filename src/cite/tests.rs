//! Each style and number of authors against reference strings from the styles' own published
//! examples (the source of each is named above it). Where an example has a part brief has no
//! key for (a place of publication, a report number), the comment says what was left out.

use std::path::PathBuf;

use super::*;
use crate::date::Date;
use crate::model::{BriefMeta, SourceFile};

/// A brief with this `brief.yaml` and nothing else.
fn brief(yaml: &str) -> Brief {
    let meta: BriefMeta =
        crate::yaml::parse(std::path::Path::new("brief.yaml"), yaml, yaml, 0).unwrap();
    let date = meta.date.as_deref().and_then(Date::parse_iso);
    Brief {
        meta,
        meta_file: SourceFile {
            path: PathBuf::from("brief.yaml"),
            display: PathBuf::from("brief.yaml"),
            text: yaml.to_string(),
        },
        date,
        updated: None,
        sections: Vec::new(),
        datasets: Vec::new(),
        broken_datasets: Vec::new(),
        locale: crate::locale::Locale::english(),
        editions: Default::default(),
    }
}

fn authors_yaml(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("  - name: \"{n}\"\n"))
        .collect()
}

/// APA 7 Publication Manual p. 287 (via Jacksonville University's APA guide, "Formatting the
/// Author"): the 21-or-more example. Its first 19 authors, one more, and the last.
const APA_NINETEEN: [&str; 19] = [
    "Anna Apple",
    "Anna Bea Bell",
    "Anna Bea Copeland",
    "Anna Bea Dennis",
    "Anna Bea Edwards",
    "Anna Bea Fant",
    "Anna Bea Gaunt",
    "Anna Bea Howard",
    "Anna Bea Iachetta",
    "Anna Bea Jones",
    "Anna Bea Knuth",
    "Anna Bea Lewis",
    "Anna Bea McCarthy",
    "Anna Bea Newberry",
    "Anna Bea Orange",
    "Anna Bea Plath",
    "Anna Bea Quan",
    "Anna Bea Reid",
    "Anna Bea Stewart",
];

#[test]
fn apa_one_author_report() {
    // APA 7 §10.4 ex. 50 (via CBS Library's APA 7 guide): "Haugen, S. E. (2009). Measures of
    // labor underutilization from the current population survey (Working Paper No. 424).
    // Bureau of Labor Statistics." — without the report number, which brief has no key for.
    let b = brief(
        "title: Measures of labor underutilization from the current population survey\nauthors:\n  - name: Steven E. Haugen\norganization: Bureau of Labor Statistics\ndate: \"2009-03-01\"\n",
    );
    assert_eq!(
        apa_html(&b),
        "Haugen, S. E. (2009). <em>Measures of labor underutilization from the current population survey</em>. Bureau of Labor Statistics."
    );
}

#[test]
fn apa_two_authors_at_an_organisation() {
    // APA 7 Manual pp. 286, 330 (via UCOL's APA 7 guide, "Report by individual authors at a
    // government agency or other organisation"): "Freid, D., & Polyakova, A. (2018).
    // Democratic defense against disinformation. Atlantic Council."
    let b = brief(
        "title: Democratic defense against disinformation\nauthors:\n  - name: Daniel Freid\n  - name: Alina Polyakova\norganization: Atlantic Council\ndate: \"2018-03-05\"\n",
    );
    assert_eq!(
        apa_html(&b),
        "Freid, D., &amp; Polyakova, A. (2018). <em>Democratic defense against disinformation</em>. Atlantic Council."
    );
}

#[test]
fn apa_group_author_that_is_also_the_publisher() {
    // APA 7 Manual pp. 286, 329 (via UCOL's APA 7 guide, "Report by a government agency or
    // other organisation"): "Canada Council for the Arts. (2013). What we heard: Summary of
    // key findings: 2013 Canada Council's Inter-Arts Office consultation." — the publisher is
    // the author, so it is not repeated; the same whether the organisation is only the
    // publisher or also listed as an author. The page sets the apostrophe as the sections do
    // (smart punctuation), as the printed manual does.
    let expected = "Canada Council for the Arts. (2013). <em>What we heard: Summary of key findings: 2013 Canada Council\u{2019}s Inter-Arts Office consultation</em>.".to_string();
    let title = "title: \"What we heard: Summary of key findings\"\nsubtitle: \"2013 Canada Council's Inter-Arts Office consultation\"\norganization: Canada Council for the Arts\ndate: \"2013-06-01\"\n";
    assert_eq!(apa_html(&brief(title)), expected);
    let listed =
        format!("{title}authors:\n  - name: Canada Council for the Arts\n    type: organization\n");
    assert_eq!(apa_html(&brief(&listed)), apa_html(&brief(title)));
}

#[test]
fn apa_three_to_twenty_authors_and_more() {
    // Jacksonville University's APA 7 guide (Manual pp. 286–287), "3 to 20 Authors":
    // "Taylor, J. L., Jones, B. L., & Cox, X. Q."
    let three = authors_yaml(&["Jane Lee Taylor", "Bob Lee Jones", "Xena Quinn Cox"]);
    let b = brief(&format!(
        "title: T\nauthors:\n{three}date: \"2020-01-01\"\n"
    ));
    assert_eq!(
        apa_html(&b),
        "Taylor, J. L., Jones, B. L., &amp; Cox, X. Q. (2020). <em>T</em>."
    );
    // Same guide, "21+ Authors": "Apple, A., Bell, A. B., … Stewart, A. B., . . . Zabel, R."
    let mut names = APA_NINETEEN.to_vec();
    names.extend(["Tom Young", "Ruth Zabel"]);
    let b = brief(&format!("title: T\nauthors:\n{}", authors_yaml(&names)));
    assert_eq!(
        apa_html(&b),
        "Apple, A., Bell, A. B., Copeland, A. B., Dennis, A. B., Edwards, A. B., Fant, A. B., Gaunt, A. B., Howard, A. B., Iachetta, A. B., Jones, A. B., Knuth, A. B., Lewis, A. B., McCarthy, A. B., Newberry, A. B., Orange, A. B., Plath, A. B., Quan, A. B., Reid, A. B., Stewart, A. B., . . . Zabel, R. (n.d.). <em>T</em>."
    );
    // Twenty: every author, "&" before the last (same guide: "Provide surnames and initials
    // for up to and including 20 authors").
    names.remove(19);
    let b = brief(&format!("title: T\nauthors:\n{}", authors_yaml(&names)));
    assert!(
        apa_html(&b).starts_with("Apple, A., Bell, A. B., ")
            && apa_html(&b).contains("Stewart, A. B., &amp; Zabel, R. (n.d.)"),
        "{}",
        apa_html(&b)
    );
}

#[test]
fn apa_hyphens_suffixes_and_particles() {
    // Jacksonville University's APA 7 guide: hyphenated given names "Taylor, A.-J.";
    // suffixes "Smith, A. A., Jr., & Taylor, B. B.".
    let b = brief("title: T\nauthors:\n  - name: Alan Adam Smith Jr.\n  - name: Ann-Jo Taylor\n");
    assert_eq!(
        apa_html(&b),
        "Smith, A. A., Jr., &amp; Taylor, A.-J. (n.d.). <em>T</em>."
    );
    // `given`/`family` override the name: a family name of two words, not split.
    let b = brief(
        "title: T\nauthors:\n  - {name: Gabriel García Márquez, given: Gabriel, family: García Márquez}\n  - name: Ludwig van Beethoven\n",
    );
    assert_eq!(
        apa_html(&b),
        "García Márquez, G., &amp; van Beethoven, L. (n.d.). <em>T</em>."
    );
}

#[test]
fn chicago_author_date_one_two_three_and_four_authors() {
    // The Chicago Manual of Style Online, Author-Date Citation Quick Guide (book):
    // "Grazer, Brian, and Charles Fishman. 2015. A Curious Mind: The Secret to a Bigger Life.
    // New York: Simon & Schuster." — without the place, which brief has no key for.
    let b = brief(
        "title: A Curious Mind\nsubtitle: The Secret to a Bigger Life\nauthors:\n  - name: Brian Grazer\n  - name: Charles Fishman\norganization: Simon & Schuster\ndate: \"2015-04-07\"\n",
    );
    assert_eq!(
        chicago_html(&b),
        "Grazer, Brian, and Charles Fishman. 2015. <em>A Curious Mind: The Secret to a Bigger Life</em>. Simon &amp; Schuster."
    );
    // Unlocking Research's Chicago 17 guide, "Listing Authors": "Chasek, Pamela S., David L.
    // Downie, and Janet Welsh Brown." and "Esbensen, Finn-Age, Dana Peterson, Terrance J.
    // Taylor, and Adrienne Freng."; one author "Stanton Chapple, Helen." (a family name of two
    // words, given as `family`); an organisation "Canadian Council on Social Development."
    let cases = [
        (
            authors_yaml(&["Pamela S. Chasek", "David L. Downie", "Janet Welsh Brown"]),
            "Chasek, Pamela S., David L. Downie, and Janet Welsh Brown.",
        ),
        (
            authors_yaml(&[
                "Finn-Age Esbensen",
                "Dana Peterson",
                "Terrance J. Taylor",
                "Adrienne Freng",
            ]),
            "Esbensen, Finn-Age, Dana Peterson, Terrance J. Taylor, and Adrienne Freng.",
        ),
        (
            "  - {name: Helen Stanton Chapple, given: Helen, family: Stanton Chapple}\n"
                .to_string(),
            "Stanton Chapple, Helen.",
        ),
        (
            "  - {name: Canadian Council on Social Development, type: organization}\n".to_string(),
            "Canadian Council on Social Development.",
        ),
    ];
    for (authors, expected) in cases {
        let b = brief(&format!(
            "title: T\nauthors:\n{authors}date: \"2012-01-01\"\n"
        ));
        assert_eq!(chicago_html(&b), format!("{expected} 2012. <em>T</em>."));
    }
}

#[test]
fn chicago_author_date_ten_and_more_authors() {
    // CMOS 17 §14.76, quoted in the Chicago Manual of Style Online Q&A (Documentation, faq0417):
    // "list up to ten authors; if more than ten, list the first seven followed by “et al.”"
    let names: Vec<String> = (1..=11).map(|i| format!("Given{i} Family{i}")).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let b = brief(&format!(
        "title: T\nauthors:\n{}",
        authors_yaml(&names[..10])
    ));
    assert_eq!(
        chicago_html(&b),
        "Family1, Given1, Given2 Family2, Given3 Family3, Given4 Family4, Given5 Family5, Given6 Family6, Given7 Family7, Given8 Family8, Given9 Family9, and Given10 Family10. n.d. <em>T</em>."
    );
    let b = brief(&format!("title: T\nauthors:\n{}", authors_yaml(&names)));
    assert_eq!(
        chicago_html(&b),
        "Family1, Given1, Given2 Family2, Given3 Family3, Given4 Family4, Given5 Family5, Given6 Family6, Given7 Family7, et al. n.d. <em>T</em>."
    );
}

#[test]
fn chicago_repeats_a_group_author_as_publisher_and_ends_the_url_with_a_period() {
    // With no personal author the organisation is the author (Unlocking Research's Chicago 17
    // guide: "Use the organization's name as the author name"); Chicago, unlike APA, does not
    // drop the publisher when it is the author. The URL ends with a period, as in the Chicago
    // Manual of Style Online's Author-Date Quick Guide examples.
    let b = brief(
        "title: T\norganization: World Bank\ndate: \"2020-05-01\"\nbase_url: https://example.org/t/\n",
    );
    assert_eq!(
        chicago_html(&b),
        "World Bank. 2020. <em>T</em>. World Bank. https://example.org/t/."
    );
}

#[test]
fn bibtex_names_are_family_comma_given_and_organisations_braced() {
    // BibTeX's name forms (Text::BibTeX::Name, BibTeX::Parser::Author): "First von Last",
    // "von Last, First", "von Last, Jr, First"; `{Foo, Bar, and Sons}` is one token, so an
    // organisation in braces is never split into names.
    let b = brief(
        "title: T\nauthors:\n  - name: Ada Lovelace\n  - name: Ludwig van Beethoven\n  - name: Martin Luther King Jr.\n  - {name: World Bank, type: organization}\ndate: \"2020-01-01\"\n",
    );
    let entry = bibtex(&b);
    assert!(
        entry.contains("  author = {Lovelace, Ada and van Beethoven, Ludwig and King, Jr., Martin Luther and {World Bank}},\n"),
        "{entry}"
    );
    assert!(entry.starts_with("@techreport{lovelace2020,"), "{entry}");
    let org = brief("title: T\nauthors:\n  - {name: World Bank, type: organization}\n");
    assert!(
        bibtex(&org).contains("  author = {{World Bank}},\n"),
        "{}",
        bibtex(&org)
    );
}

#[test]
fn ris_has_one_au_line_per_author() {
    // RIS Format Specifications (Research Information Systems, "Tag Definitions: Authors"):
    // "Each author must be on a separate line ... Lastname, Firstname, Suffix".
    let b = brief(
        "title: T\nauthors:\n  - name: Albert John Phillips Sr.\n  - name: Claude E. Shannon\n  - {name: World Bank, type: organization}\n",
    );
    let record = ris(&b);
    let authors: Vec<&str> = record.lines().filter(|l| l.starts_with("AU  - ")).collect();
    assert_eq!(
        authors,
        [
            "AU  - Phillips, Albert John, Sr.",
            "AU  - Shannon, Claude E.",
            "AU  - World Bank"
        ]
    );
}

#[test]
fn a_title_that_ends_in_a_question_mark_keeps_it_instead_of_the_period() {
    // The APA Style Blog, "Periods in Reference List Entries" (2016): "When the title of a work
    // ends with a punctuation mark, such as a question mark or exclamation point, this
    // punctuation mark takes the place of the period that would otherwise be added at the end
    // of the title." Chicago's output follows the same rule.
    let b = brief(
        "title: Does money grow on trees?\nauthors:\n  - name: Pratibha Baral\norganization: Atlantic Council\ndate: \"2019-01-01\"\n",
    );
    assert_eq!(
        apa_html(&b),
        "Baral, P. (2019). <em>Does money grow on trees?</em> Atlantic Council."
    );
    assert_eq!(
        chicago_html(&b),
        "Baral, Pratibha. 2019. <em>Does money grow on trees?</em> Atlantic Council."
    );
}

proptest::proptest! {
    /// For any number of authors, APA lists all of them up to 20 ("&" before the last) and 20
    /// names from 21 on (19, ". . .", the last); Chicago all of them up to 10 and seven and
    /// "et al." beyond. Each name is "Family, I." (APA) or "Family, Given"/"Given Family"
    /// (Chicago), so the names listed are counted by their family names.
    #[test]
    fn how_many_authors_each_style_lists(n in 1usize..45) {
        use names::{Creator, apa_authors, chicago_authors};
        let creators: Vec<Creator> = (0..n)
            .map(|i| Creator::Person(crate::model::split_name(&format!("Given Family{i}x"))))
            .collect();
        let listed = |text: &str| text.matches("Family").count();
        let english = crate::locale::Locale::english();
        let apa = apa_authors(&creators, &english);
        proptest::prop_assert_eq!(listed(&apa), n.min(20));
        proptest::prop_assert_eq!(apa.contains(" & "), (2..=20).contains(&n));
        proptest::prop_assert_eq!(apa.contains(", . . . "), n > 20);
        let last = format!("Family{}x, G.", n - 1);
        proptest::prop_assert!(apa.ends_with(&last), "{}", apa);
        let chicago = chicago_authors(&creators, &english);
        proptest::prop_assert_eq!(listed(&chicago), if n <= 10 { n } else { 7 });
        proptest::prop_assert_eq!(chicago.ends_with(", et al."), n > 10);
        proptest::prop_assert_eq!(chicago.contains(" and "), (2..=10).contains(&n));
        proptest::prop_assert!(chicago.starts_with("Family0x, Given"), "{}", chicago);
    }
}

/// The brief `b` in the language `tag`, with its built-in catalogue.
fn in_language(mut b: Brief, tag: &str) -> Brief {
    let (strings, _) = crate::locale::Locale::built_in_strings(tag);
    b.locale = std::sync::Arc::new(crate::locale::Locale::new(tag, strings).unwrap());
    b
}

/// In another language the citation's own words are the catalogue's: "n.d.", the word before
/// the last author, "et al."; names, titles and punctuation stay as the styles have them.
#[test]
fn citations_take_their_words_from_the_language() {
    let three = format!(
        "title: Trade\nauthors:\n{}",
        authors_yaml(&["Ada Analyst", "Ben Bell", "Cy Cole"])
    );
    let cases = [
        (
            "fr",
            "Analyst, A., Bell, B. et Cole, C. (s.d.). <em>Trade</em>.",
            "Analyst, Ada, Ben Bell et Cy Cole. s.d. <em>Trade</em>.",
        ),
        (
            "es",
            "Analyst, A., Bell, B. y Cole, C. (s.f.). <em>Trade</em>.",
            "Analyst, Ada, Ben Bell y Cy Cole. s.f. <em>Trade</em>.",
        ),
        (
            "hi",
            "Analyst, A., Bell, B. और Cole, C. (बिना तिथि). <em>Trade</em>.",
            "Analyst, Ada, Ben Bell और Cy Cole. बिना तिथि. <em>Trade</em>.",
        ),
    ];
    for (tag, apa, chicago) in cases {
        let b = in_language(brief(&three), tag);
        assert_eq!(apa_html(&b), apa, "{tag}");
        assert_eq!(chicago_html(&b), chicago, "{tag}");
    }
    // Two authors, the first inverted, and more than ten.
    let two = format!(
        "title: T\nauthors:\n{}",
        authors_yaml(&["Ada Analyst", "Ben Bell"])
    );
    let b = in_language(brief(&two), "fr");
    assert!(chicago_html(&b).starts_with("Analyst, Ada et Ben Bell. s.d."));
    let names: Vec<String> = (0..11).map(|i| format!("Given Family{i}x")).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let many = format!("title: T\nauthors:\n{}", authors_yaml(&names));
    let b = in_language(brief(&many), "hi");
    assert!(
        chicago_html(&b).starts_with("Family0x, Given, "),
        "{}",
        chicago_html(&b)
    );
    assert!(chicago_html(&b).contains("Given Family6x एवं अन्य. बिना तिथि."));
}

/// The year is written by the locale's date formatting (CLDR's digits through ICU4X).
#[test]
fn the_year_is_in_the_locales_digits() {
    let yaml = "title: T\nauthors:\n  - name: Ada Analyst\ndate: \"2025-01-15\"\n";
    assert!(apa_html(&in_language(brief(yaml), "hi")).contains("(2025)."));
    let egypt = in_language(brief(yaml), "ar-EG");
    assert!(apa_html(&egypt).contains("(٢٠٢٥)."), "{}", apa_html(&egypt));
    assert!(
        chicago_html(&egypt).contains(" ٢٠٢٥. "),
        "{}",
        chicago_html(&egypt)
    );
}
