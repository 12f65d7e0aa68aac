//! The build command: outputs, determinism, the atomic swap, the summary line.

use crate::TestBrief;

#[test]
fn two_builds_are_byte_identical() {
    let brief = TestBrief::bundled();
    brief.build().assert_success();
    let first = brief.output_tree();
    brief.build().assert_success();
    assert_eq!(first, brief.output_tree());
    // And a copy built elsewhere (other absolute paths) gives the same bytes too.
    let other = TestBrief::bundled();
    other.build().assert_success();
    assert_eq!(first, other.output_tree());
}

#[test]
fn build_writes_page_static_charts_and_csv() {
    let brief = TestBrief::fixture("basic");
    let run = brief.build();
    run.assert_success();
    assert!(
        run.stdout
            .starts_with("Built 2 sections, 2 charts, 1 table "),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains(" ms → "), "{}", run.stdout);
    let files: Vec<String> = brief
        .output_tree()
        .keys()
        .map(|p| p.display().to_string())
        .collect();
    for expected in [
        "index.html",
        "style.css",
        "favicon.svg",
        "charts/growth.svg",
        "charts/trend.svg",
        "data/growth.csv",
        "data/things.csv",
        "sitemap.xml",
    ] {
        assert!(
            files.iter().any(|f| f == expected),
            "{expected} not in {files:?}"
        );
    }
}

#[test]
fn out_flag_writes_elsewhere_and_refuses_the_brief_itself() {
    let brief = TestBrief::fixture("basic");
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("site");
    let run = brief.run(&["build", "--out", target.to_str().unwrap()]);
    run.assert_success();
    assert!(target.join("index.html").is_file());

    let run = brief.run(&["build", "--out", brief.path().to_str().unwrap()]);
    run.assert_failure();
    assert!(
        run.stderr
            .contains("the output folder contains the brief itself"),
        "{}",
        run.stderr
    );
    let content = brief.path().join("content/x");
    let run = brief.run(&["build", "--out", content.to_str().unwrap()]);
    run.assert_failure();
    assert!(run.stderr.contains("inside `content/`"), "{}", run.stderr);
    assert!(
        brief.path().join("content/brief.yaml").is_file(),
        "the brief is untouched"
    );
}

#[test]
fn out_flag_refuses_a_folder_of_something_else() {
    let brief = TestBrief::fixture("basic");
    let other = tempfile::tempdir().unwrap();
    std::fs::write(other.path().join("thesis.docx"), b"precious").unwrap();
    let run = brief.run(&["build", "--out", other.path().to_str().unwrap()]);
    run.assert_failure();
    assert!(
        run.stderr.contains("not empty and holds no previous build"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read(other.path().join("thesis.docx")).unwrap(),
        b"precious"
    );
}

#[test]
fn a_rebuild_removes_files_that_are_no_longer_generated() {
    let brief = TestBrief::fixture("basic");
    brief.build().assert_success();
    assert!(brief.path().join("public/charts/trend.svg").exists());
    let section = std::fs::read_to_string(brief.path().join("content/02-second.md")).unwrap();
    let without_chart = section.replace("```chart\nid: trend", "```yaml\nid: trend");
    brief.write("content/02-second.md", without_chart);
    brief.build().assert_success();
    assert!(!brief.path().join("public/charts/trend.svg").exists());
    // No temporary folders are left beside the output.
    let siblings: Vec<_> = std::fs::read_dir(brief.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        siblings
            .iter()
            .all(|n| !n.to_string_lossy().contains("brief-tmp")),
        "{siblings:?}"
    );
}

#[test]
fn csv_downloads_are_rfc4180_and_neutralise_formulas() {
    let brief = TestBrief::fixture("basic");
    brief.write(
        "content/data/things.yaml",
        "columns:\n  name: {type: text}\n  amount: {type: number}\n  items: {type: list}\nrows:\n  - {name: \"=cmd|' /C calc'!A0\", amount: -5, items: [\"a, b\", \"say \\\"hi\\\"\"]}\n",
    );
    brief.write(
        "content/02-second.md",
        "---\ntitle: Second\n---\n\n```table\ndata: things\n```\n",
    );
    brief.build().assert_success();
    let csv = brief.output("data/things.csv");
    assert_eq!(
        csv,
        "name,amount,items\r\n'=cmd|' /C calc'!A0,-5,\"a, b; say \"\"hi\"\"\"\r\n"
    );
}
