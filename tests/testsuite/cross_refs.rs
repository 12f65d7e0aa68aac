//! Cross-references outside the sections' bodies: the `cross-refs` fixture has, in each
//! Markdown field of data and metadata (a chart's and a table's caption and notes, a dataset's
//! notes and description, the brief's summary and key takeaways, a dataset's cell shown in a
//! table), a good `[](#id)` and a broken one, `[](#gone-N)`.

use crate::TestBrief;

const FILES: &[&str] = &[
    "content/brief.yaml",
    "content/01-first.md",
    "content/02-second.md",
    "content/data/things.yaml",
    "content/data/series.yaml",
];

#[test]
fn a_broken_reference_in_any_markdown_field_is_located_in_its_file() {
    let brief = TestBrief::fixture("cross-refs");
    let run = brief.build();
    run.assert_failure();
    let stderr = run
        .stderr
        .replace(&brief.path().display().to_string(), "[ROOT]");
    // Nine errors, one per broken link, each at its link; none for the good ones.
    for n in 1..=9 {
        assert!(stderr.contains(&format!("`#gone-{n}`")), "{stderr}");
    }
    assert!(!stderr.contains("fig-growth`"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn a_good_reference_in_any_markdown_field_reads_as_in_a_section() {
    let brief = TestBrief::fixture("cross-refs");
    for file in FILES {
        let text = std::fs::read_to_string(brief.path().join(file)).unwrap();
        let mut fixed = text.clone();
        for n in 1..=9 {
            fixed = fixed.replace(&format!(" and [](#gone-{n})"), "");
        }
        assert_ne!(fixed, text, "{file} has a broken reference");
        brief.write(file, fixed);
    }
    brief.build().assert_success();
    let page = brief.output("index.html");
    for expected in [
        // The summary and a key takeaway.
        "see <a href=\"#fig-growth\">Figure\u{a0}1</a>",
        "in <a href=\"#tbl-things\">Table\u{a0}1</a>.",
        // A chart's caption and notes.
        "fastest (<a href=\"#tbl-things\">Table\u{a0}1</a>)",
        "As <a href=\"#second\">Section\u{a0}2</a> says",
        // A table's caption, a dataset's notes shown under its table and under a chart.
        "listed (see <a href=\"#fig-growth\">Figure\u{a0}1</a>)",
        "Counted as in <a href=\"#fig-trend\">Figure\u{a0}2</a>",
        "explained in <a href=\"#tbl-things\">Table\u{a0}1</a>",
        // A table's cell.
        "Beta (see <a href=\"#fig-growth\">Figure\u{a0}1</a>)",
    ] {
        // The label's number is kept on its word's line by a no-break space.
        assert!(page.contains(expected), "missing {expected:?}");
    }
    assert!(!page.contains("\"></a>"), "an empty link is left");
    // The summary as plain text: the description and the JSON-LD.
    assert!(
        page.contains("content=\"A short summary of the brief: see Figure 1.\""),
        "the description"
    );
    assert!(
        page.contains("\"description\":\"A short summary of the brief: see Figure 1.\""),
        "the JSON-LD"
    );
}
