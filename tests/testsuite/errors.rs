//! Bad input: every problem is reported at once, located (file:line:col, the line, a caret,
//! a hint), the exit code is 1 and the previous output is left exactly as it was.

use crate::{TestBrief, tree};

/// Builds the `basic` fixture once, applies `change`, builds again and checks that the build
/// failed without touching the previous site. Returns the diagnostics printed.
fn failing_build(change: impl FnOnce(&TestBrief)) -> String {
    let brief = TestBrief::fixture("basic");
    brief.build().assert_success();
    let before = tree(&brief.path().join("public"));
    change(&brief);
    let run = brief.build();
    run.assert_failure();
    assert_eq!(
        before,
        tree(&brief.path().join("public")),
        "the previous output changed"
    );
    assert!(run.stdout.is_empty(), "no success line: {}", run.stdout);
    run.stderr
}

#[test]
fn malformed_yaml_is_located() {
    let stderr = failing_build(|b| {
        b.write(
            "content/brief.yaml",
            "title: Test\nauthors: [ {name: A}\nsummary: x\n",
        );
    });
    insta::assert_snapshot!(stderr);
}

#[test]
fn unknown_key_suggests_the_right_one() {
    let stderr = failing_build(|b| {
        b.write("content/brief.yaml", "title: Test\nsubtitel: Oops\n");
    });
    insta::assert_snapshot!(stderr);
}

#[test]
fn unknown_front_matter_key_is_located_in_the_section_file() {
    let stderr = failing_build(|b| {
        b.write(
            "content/02-second.md",
            "---\ntitle: Second\nid: second\norder: 2\ntitl: x\n---\n\nText.\n",
        );
    });
    insta::assert_snapshot!(stderr);
}

#[test]
fn a_block_naming_a_missing_dataset_or_column() {
    let stderr = failing_build(|b| {
        b.write(
            "content/02-second.md",
            "---\ntitle: Second\n---\n\nText.\n\n```chart\ndata: seires\ntype: line\nx: year\ny: value\n```\n\n```table\ndata: things\ncolumns: [name, itmes]\n```\n",
        );
    });
    insta::assert_snapshot!(stderr);
}

#[test]
fn unknown_chart_type_and_non_numeric_y() {
    let stderr = failing_build(|b| {
        b.write(
            "content/02-second.md",
            "---\ntitle: Second\n---\n\n```chart\ndata: series\ntype: pie\nx: year\ny: value\n```\n\n```chart\ndata: things\ntype: bar\nx: amount\ny: name\n```\n",
        );
    });
    insta::assert_snapshot!(stderr);
}

#[test]
fn template_syntax_error_points_into_the_template() {
    let stderr = failing_build(|b| {
        b.write("templates/table.html", "<figure id=\"{{ tbl.id }}\">\n{% for row in tbl.rows %}\n<p>{{ row }</p>\n{% endfor %}\n</figure>\n");
    });
    insta::assert_snapshot!(stderr);
}

#[test]
fn every_broken_template_is_reported_at_once() {
    // Guards the theme's compile-once path: templates are compiled together, and only on a
    // failure one by one, which must still find the syntax errors of every template.
    let stderr = failing_build(|b| {
        b.write("templates/table.html", "<p>{{ tbl.id }</p>\n");
        b.write("templates/figure.html", "<p>{% if fig.id %}</p>\n");
    });
    assert!(stderr.contains("templates/table.html:1:"), "{stderr}");
    assert!(stderr.contains("templates/figure.html:2:"), "{stderr}");
}

#[test]
fn a_template_extending_a_missing_parent_is_reported() {
    // No template fails on its own here: the error only shows when they are compiled together.
    let stderr = failing_build(|b| {
        b.write(
            "templates/brief.html",
            "{% extends \"no-such-base.html\" %}\n{% block content %}{% endblock content %}\n",
        );
    });
    assert!(stderr.contains("templates/brief.html"), "{stderr}");
    assert!(stderr.contains("missing template"), "{stderr}");
}

#[test]
fn template_runtime_error_points_into_the_template() {
    let stderr = failing_build(|b| {
        b.write(
            "templates/table.html",
            "<figure id=\"{{ tbl.id }}\">\n{{ tbl.no_such_field }}\n</figure>\n",
        );
    });
    insta::assert_snapshot!(stderr);
}

#[test]
fn every_problem_of_a_build_is_reported_at_once() {
    let stderr = failing_build(|b| {
        b.write("content/brief.yaml", "title: Test\ncolour: red\n");
        b.write("content/data/series.yaml", "columns:\n  year: {}\n  value: {type: number}\nrows:\n  - {year: 2007, value: 1}\n  - {year: 2008, value: lots}\n");
        b.write("content/02-second.md", "---\ntitle: Second\n---\n\nSee [the chart](#fig-nope).\n\n```table\ndata: nothing\n```\n");
    });
    assert!(stderr.contains("content/brief.yaml:2:1"), "{stderr}");
    assert!(stderr.contains("content/data/series.yaml:6:"), "{stderr}");
    insta::assert_snapshot!(stderr);
}

#[test]
fn a_broken_internal_link_is_an_error() {
    let stderr = failing_build(|b| {
        b.write(
            "content/02-second.md",
            "---\ntitle: Second\n---\n\nSee [the chart](#fig-grwth).\n",
        );
    });
    assert!(stderr.contains("content/02-second.md:5:5"), "{stderr}");
    assert!(stderr.contains("did you mean `#fig-growth`?"), "{stderr}");
}

#[test]
fn duplicate_yaml_keys_are_rejected() {
    // Regression guard: libyaml (serde_yaml) silently kept the last of two keys, losing a figure.
    let stderr = failing_build(|b| {
        b.write(
            "content/data/growth.yaml",
            "rows:\n  - {category: Chips, pct: 900, pct: 90}\n",
        );
    });
    assert!(stderr.contains("content/data/growth.yaml:2:"), "{stderr}");
    assert!(
        stderr.contains("the key `pct` is written twice"),
        "{stderr}"
    );
}

#[test]
fn yaml_codes_stay_strings() {
    // The "Norway problem": NO must not become false, nor 0012 become 12.
    let brief = TestBrief::fixture("basic");
    brief.write(
        "content/02-second.md",
        "---\ntitle: Second\n---\n\n```table\ndata: things\n```\n",
    );
    brief.write(
        "content/data/things.yaml",
        "rows:\n  - {country: NO, code: 0012, n: 1}\n  - {country: IN, code: '0356', n: 2}\n",
    );
    brief.build().assert_success();
    let csv = brief.output("data/things.csv");
    assert!(csv.contains("NO,0012,1"), "{csv}");
}

#[test]
fn a_missing_content_folder_says_how_to_start() {
    let brief = TestBrief::fixture("basic");
    brief.remove("content");
    let run = brief.build();
    run.assert_failure();
    assert!(
        run.stderr.contains("no `content/` folder here"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("brief new"), "{}", run.stderr);
}
