//! `brief check`: the build's checks without writing, plus its own findings (unused datasets,
//! images without alt text, skipped heading levels, empty sections, links to missing files),
//! every one located, for people and as JSON.

use serde_json::Value;

use crate::TestBrief;

/// The `basic` fixture with one of each warning `check` adds.
fn brief_with_warnings() -> TestBrief {
    let brief = TestBrief::fixture("basic");
    brief.write(
        "content/data/unused.yaml",
        "title: Nobody shows this\nrows:\n  - {a: 1}\n",
    );
    brief.write(
        "content/03-third.md",
        "---\ntitle: Third\n---\n\nA picture: ![](map.png)\n\n## Part\n\n#### Too deep\n\nText.\n",
    );
    brief.write("static/map.png", b"\x89PNG\r\n\x1a\n");
    brief.write("content/04-empty.md", "# Nothing here yet\n\n");
    brief
}

/// Each JSON finding as `severity path:line:col message`.
fn summary(findings: &[Value]) -> Vec<String> {
    findings
        .iter()
        .map(|f| {
            format!(
                "{} {}:{}:{} {}",
                f["severity"].as_str().unwrap(),
                f["path"].as_str().unwrap(),
                f["line"],
                f["column"],
                f["message"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn the_basic_fixture_has_no_findings() {
    let brief = TestBrief::fixture("basic");
    let run = brief.run(&["check"]);
    run.assert_success();
    assert_eq!(run.stdout, "No errors (0 warnings).\n");
    assert_eq!(run.stderr, "");
    assert!(
        !brief.path().join("public").exists(),
        "check writes nothing"
    );
}

#[test]
fn warnings_are_located_and_do_not_fail_the_check() {
    let brief = brief_with_warnings();
    let run = brief.run(&["check"]);
    run.assert_success();
    assert_eq!(run.stdout, "No errors (4 warnings).\n");
    insta::assert_snapshot!(run.stderr);
    // The build still succeeds: these are the check's findings, not build errors.
    brief.build().assert_success();
}

#[test]
fn json_findings_for_ci() {
    let brief = brief_with_warnings();
    let run = brief.run(&["check", "--format", "json"]);
    run.assert_success();
    assert_eq!(run.stderr, "");
    let findings: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    let summary = summary(&findings);
    assert_eq!(
        summary,
        [
            "warning content/03-third.md:5:12 the image `map.png` has no alt text",
            "warning content/03-third.md:9:1 the heading skips a level: `####` after `##`",
            "warning content/04-empty.md:1:1 the section “Nothing here yet” is empty",
            "warning content/data/unused.yaml:1:1 no chart or table uses the dataset `unused`",
        ]
    );
    for finding in &findings {
        let keys: Vec<&str> = finding
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            ["column", "hint", "line", "message", "path", "severity"]
        );
        assert!(finding["hint"].is_string(), "every finding says what to do");
    }
}

#[test]
fn errors_fail_the_check_with_every_finding_reported() {
    let brief = brief_with_warnings();
    // Build errors (a broken anchor, a text value in a number column) and a check error (a
    // link to a file the site does not have), all in one run.
    brief.write(
        "content/05-errors.md",
        "---\ntitle: Errors\n---\n\nSee [the chart](#fig-nope) and [the report](report.pdf).\n",
    );
    brief.write(
        "content/data/growth.yaml",
        "columns:\n  category: {type: text}\n  pct: {type: number}\nrows:\n  - {category: Chips, pct: lots}\n",
    );
    let run = brief.run(&["check"]);
    run.assert_failure();
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    for expected in [
        "content/05-errors.md:5:5",
        "the link target `#fig-nope` does not exist",
        "content/data/growth.yaml:5:",
        "expected a number here",
        "error: the check found",
    ] {
        assert!(run.stderr.contains(expected), "{expected}:\n{}", run.stderr);
    }
    assert!(
        !brief.path().join("public").exists(),
        "check writes nothing"
    );

    let json = brief.run(&["check", "--format", "json"]);
    json.assert_failure();
    let findings: Vec<Value> = serde_json::from_str(&json.stdout).unwrap();
    assert!(findings.iter().any(|f| f["severity"] == "error"));
    assert!(
        findings.iter().all(|f| f["line"].as_u64().unwrap() > 0),
        "every finding is located: {findings:?}"
    );
}

#[test]
fn a_link_to_a_missing_file_is_an_error() {
    let brief = TestBrief::fixture("basic");
    brief.write(
        "content/03-links.md",
        "---\ntitle: Links\n---\n\nThe [data](data/growth.csv), the [style](style.css), the [missing](data/grwth.csv), a [site](https://example.org/x.pdf).\n",
    );
    let run = brief.run(&["check"]);
    run.assert_failure();
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn quiet_hides_warnings_but_not_errors() {
    let brief = brief_with_warnings();
    let run = brief.run(&["check", "--quiet"]);
    run.assert_success();
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr, "");
}

#[test]
fn the_bundled_brief_passes_the_check() {
    let brief = TestBrief::bundled();
    let run = brief.run(&["check"]);
    run.assert_success();
    // Its Hindi edition translates two of the five sections: the other three are reported.
    assert_eq!(run.stdout, "No errors (3 warnings).\n", "{}", run.stderr);
    for section in ["03-roadblocks.md", "04-path-forward.md", "05-conclusion.md"] {
        assert!(
            run.stderr
                .contains(&format!("`{section}` is not translated")),
            "{}",
            run.stderr
        );
    }
}

/// A link in `static/` to a file outside the brief is published by the build (links are
/// followed), which `check` points out.
#[cfg(unix)]
#[test]
fn a_static_link_to_outside_the_brief_is_a_warning() {
    let brief = TestBrief::fixture("basic");
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("private.txt"), "not for the site").unwrap();
    std::fs::create_dir_all(brief.path().join("static")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("private.txt"),
        brief.path().join("static/private.txt"),
    )
    .unwrap();
    // A link that stays inside the brief is fine.
    std::os::unix::fs::symlink(
        brief.path().join("content/01-first.md"),
        brief.path().join("static/first.md"),
    )
    .unwrap();
    let run = brief.run(&["check", "--format", "json"]);
    run.assert_success();
    let findings: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    let messages: Vec<(&str, &str)> = findings
        .iter()
        .map(|f| (f["path"].as_str().unwrap(), f["message"].as_str().unwrap()))
        .collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert_eq!(messages[0].0, "static/private.txt");
    assert!(
        messages[0]
            .1
            .starts_with("this link points outside the brief"),
        "{messages:?}"
    );
    // The build publishes it, as documented.
    brief.build().assert_success();
    assert_eq!(brief.output("private.txt"), "not for the site");
}

/// One set of YAML rules: a block's YAML is read by the build (to check and render it) and by
/// `check` (to know which datasets are used), and both reads keep values such as `NO` and
/// `0012` as written, the text YAML 1.1 would turn into a boolean or a number.
#[test]
fn build_and_check_read_block_yaml_alike() {
    let brief = TestBrief::fixture("basic");
    brief.write(
        "content/data/NO.yaml",
        "title: Norway\nrows:\n  - {year: 2020, v: 1}\n  - {year: 2021, v: 2}\n",
    );
    brief.write(
        "content/data/0012.yaml",
        "title: Codes\nrows:\n  - {code: NO, n: 5}\n",
    );
    brief.write(
        "content/03-codes.md",
        "---\ntitle: Codes\n---\n\nSee [](#fig-no) and [](#tbl-0012).\n\n\
         ```chart\nid: NO\ndata: NO\ntype: line\nx: year\ny: v\ntitle: Norway\n```\n\n\
         ```table\nid: 0012\ndata: 0012\ncaption: Codes\n```\n",
    );
    // The build finds both datasets and both ids...
    brief.build().assert_success();
    let html = brief.output("index.html");
    assert!(html.contains("id=\"fig-no\""), "{html}");
    assert!(html.contains("id=\"tbl-0012\""), "{html}");
    // ...and `check` counts both datasets as used (no "unused dataset" warning).
    let run = brief.run(&["check"]);
    run.assert_success();
    assert_eq!(run.stdout, "No errors (0 warnings).\n", "{}", run.stderr);

    // A block that fails its checks keeps the id it was given (read leniently, by the same
    // rules): a link to it only repeats its error and is not reported, a link to another
    // table is.
    brief.write(
        "content/03-codes.md",
        "---\ntitle: Codes\n---\n\nSee [](#tbl-0012).\n\nSee [](#tbl-other).\n\n\
         ```table\nid: 0012\ndata: 0012\ncolumns: [code, nope]\n```\n",
    );
    let run = brief.build();
    run.assert_failure();
    assert!(run.stderr.contains("nope"), "{}", run.stderr);
    assert!(run.stderr.contains("tbl-other"), "{}", run.stderr);
    assert!(!run.stderr.contains("tbl-0012"), "{}", run.stderr);
}

/// A chart that draws but may mislead is warned about where the author fixes it: duplicate
/// categories at the repeated row (naming the first), too many series at `y`, `y_min` above
/// zero on bars at `y_min`, mixed signs in a stack at the first mixed row, an idle
/// `highlight` at `highlight`; each with a hint, and the build still succeeds.
#[test]
fn charts_that_may_mislead_are_warned_about_where_they_are_written() {
    let brief = TestBrief::fixture("basic");
    let columns: Vec<String> = "abcdefghi".chars().map(|c| c.to_string()).collect();
    let row = |year: u32, sign: i32| {
        let cells: Vec<String> = columns
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c}: {}", (i as i32 + 1) * if i == 1 { sign } else { 1 }))
            .collect();
        format!("  - {{year: {year}, {}}}\n", cells.join(", "))
    };
    brief.write(
        "content/data/mislead.yaml",
        format!(
            "title: Mislead\nrows:\n{}{}{}",
            row(2020, 1),
            row(2021, -1),
            row(2020, 1)
        ),
    );
    brief.write(
        "content/05-mislead.md",
        "---\ntitle: Mislead\n---\n\n\
         ```chart\ndata: mislead\ntype: grouped-bar\nx: year\ny: [a, b, c, d, e, f, g, h, i]\nid: nine\n```\n\n\
         ```chart\ndata: mislead\ntype: bar\nx: year\ny: a\ny_min: 0.5\nid: cut\n```\n\n\
         ```chart\ndata: mislead\ntype: stacked-bar\nx: year\ny: [a, b]\nid: mixed\n```\n\n\
         ```chart\ndata: mislead\ntype: grouped-bar\nx: year\ny: [a, c]\nhighlight: \"2021\"\nid: idle\n```\n",
    );
    let run = brief.run(&["check", "--format", "json"]);
    run.assert_success();
    let findings: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    assert!(
        findings.iter().all(|f| f["hint"].is_string()),
        "{findings:?}"
    );
    let summary = summary(&findings);
    assert_eq!(
        summary,
        [
            "warning content/05-mislead.md:9:4 the chart has 9 series and the palette tells 8 apart: series 9 has the colour of series 1",
            "warning content/05-mislead.md:18:8 `y_min: 0.5` cuts bars off above zero: a value twice another no longer looks twice as big",
            "warning content/05-mislead.md:35:12 `highlight: 2021` marks nothing on a chart of 2 series: only the bars of a single series are drawn highlighted",
            "warning content/data/mislead.yaml:4:6 the stacked bar `mixed` mixes positive and negative values in a stack (`2021`): its segments go both ways from zero, so the stack's height is not its total",
            "warning content/data/mislead.yaml:5:6 the category `2020` is on line 3 and again on line 5: a chart of `year` draws two marks with the same label",
        ]
    );
    brief.build().assert_success();
    // A `highlight` naming no category is worse than misleading: an error, located.
    brief.write(
        "content/06-nothing.md",
        "---\ntitle: Nothing\n---\n\n```chart\ndata: mislead\ntype: bar\nx: year\ny: a\nhighlight: \"1999\"\n```\n",
    );
    let run = brief.run(&["check"]);
    run.assert_failure();
    assert!(
        run.stderr.contains("no category `1999` to highlight")
            && run.stderr.contains("content/06-nothing.md:10:12"),
        "{}",
        run.stderr
    );
}
