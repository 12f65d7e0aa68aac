//! Limits: large inputs build in bounded time and memory, or fail with a clear error. The
//! 50 MB measurements (time, peak memory) are in RELIABILITY.md; these tests keep the limits
//! and their messages honest at a size that fits the test suite.

use std::fs;
use std::time::{Duration, Instant};

use crate::TestBrief;
use crate::invalid::failing_build_with;

#[test]
fn a_100000_line_section_builds() {
    let brief = TestBrief::fixture("basic");
    let mut text = String::from("---\ntitle: Long\n---\n\n");
    let mut lines = 4;
    let mut k = 0;
    while lines < 100_000 {
        k += 1;
        if k % 50 == 0 {
            text.push_str(&format!("## Part {k}\n\n"));
        } else {
            text.push_str(&format!(
                "Paragraph {k}: lorem ipsum *dolor* sit amet, [a link](https://example.org/{k}).\n\n"
            ));
        }
        lines += 2;
    }
    brief.write("content/03-long.md", &text);
    let start = Instant::now();
    brief.build().assert_success();
    // Seconds in a debug build on a busy machine; a hang or a quadratic pass would be minutes.
    assert!(
        start.elapsed() < Duration::from_secs(120),
        "{:?}",
        start.elapsed()
    );
    assert!(brief.output("index.html").contains("Paragraph 49998"));
}

#[test]
fn a_dataset_file_over_the_limit_is_refused_before_it_is_read() {
    let stderr = failing_build_with(
        |b| {
            // A sparse file: as large as the limit says, without writing 64 MB in a test.
            let file = fs::File::create(b.path().join("content/data/huge.yaml")).unwrap();
            file.set_len(brief::MAX_DATASET_BYTES + 1).unwrap();
        },
        &[],
    );
    insta::assert_snapshot!(stderr);
}

/// A dataset of `rows` rows with a year and two numbers.
fn rows(n: usize) -> String {
    let mut text = String::from("rows:\n");
    for i in 0..n {
        text.push_str(&format!("  - {{year: {i}, a: {}, b: {}}}\n", i % 7, i % 11));
    }
    text
}

#[test]
fn charts_and_tables_too_large_to_read_fail_clearly() {
    let stderr = failing_build_with(
        |b| {
            b.write("content/data/long.yaml", rows(10_001));
            b.write(
                "content/02-second.md",
                "---\ntitle: Second\n---\n\n```chart\ndata: long\ntype: line\nx: year\ny: [a, b]\n```\n\n```table\ndata: long\n```\n",
            );
        },
        &[],
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn a_large_dataset_below_the_limits_builds() {
    // 20,000 rows (about 0.8 MB): over serde-saphyr's default node budget (250,000), which
    // used to fail with "budget breached: Nodes"; charted whole it is at the chart limit.
    let brief = TestBrief::fixture("basic");
    brief.write("content/data/long.yaml", rows(20_000));
    brief.write(
        "content/02-second.md",
        "---\ntitle: Second\n---\n\n```chart\ndata: long\ntype: line\nx: year\ny: a\n```\n",
    );
    brief.build().assert_success();
    assert!(brief.output("data/long.csv").lines().count() == 20_001);
}
