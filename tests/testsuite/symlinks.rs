//! Symbolic links among sections and datasets: one rule for `build`, `check` and `serve`
//! (the serve side is in `serve.rs`). A link to a file inside `content/` is followed; any
//! other (outside `content/`, to a folder, leading nowhere) is left out with a located
//! warning and a hint.

#![cfg(unix)]

use std::os::unix::fs::symlink;

use serde_json::Value;

use crate::TestBrief;

/// The `basic` fixture with a section linked from `content/shared/`, a dataset linked from
/// there too, a section linked from outside the brief, one linked to a folder and a broken one.
pub(crate) fn linked_brief(outside: &std::path::Path) -> TestBrief {
    let brief = TestBrief::fixture("basic");
    let root = brief.path();
    brief.write(
        "content/shared/linked.md",
        "---\ntitle: Linked section\n---\n\nText from the shared folder, using [](#tbl-shared).\n\n```table\nid: shared\ndata: shared\ncaption: Shared rows\n```\n",
    );
    brief.write(
        "content/shared/rows.yaml",
        "title: Shared rows\nsource: {name: Test}\ncolumns:\n  name: {type: text}\nrows:\n  - {name: Alpha}\n",
    );
    symlink(
        root.join("content/shared/linked.md"),
        root.join("content/03-linked.md"),
    )
    .unwrap();
    symlink("../shared/rows.yaml", root.join("content/data/shared.yaml")).unwrap();
    std::fs::write(
        outside.join("secret.md"),
        "---\ntitle: Secret\n---\n\nPrivate words.\n",
    )
    .unwrap();
    symlink(
        outside.join("secret.md"),
        root.join("content/04-outside.md"),
    )
    .unwrap();
    symlink(
        root.join("content/shared"),
        root.join("content/05-folder.md"),
    )
    .unwrap();
    symlink(
        root.join("content/nowhere.md"),
        root.join("content/06-broken.md"),
    )
    .unwrap();
    brief
}

#[test]
fn build_follows_links_inside_content_and_warns_about_the_others() {
    let outside = tempfile::tempdir().unwrap();
    let brief = linked_brief(outside.path());
    let run = brief.build();
    run.assert_success();
    assert!(run.stdout.contains("Built 3 sections"), "{}", run.stdout);
    let page = brief.output("index.html");
    assert!(page.contains("Text from the shared folder"));
    assert!(page.contains("Alpha"), "the linked dataset is read");
    assert!(!page.contains("Private words"));
    for (file, why) in [
        (
            "content/04-outside.md",
            "outside `content/`, so it is left out",
        ),
        (
            "content/05-folder.md",
            "which is not a file, so it is left out",
        ),
        ("content/06-broken.md", "a link that leads nowhere"),
    ] {
        assert!(
            run.stderr.contains(&format!("`{file}` is a link")) && run.stderr.contains(why),
            "{file}: {}",
            run.stderr
        );
    }
    assert!(run.stderr.contains("copy the file here"), "{}", run.stderr);
}

#[test]
fn check_reports_each_skipped_link_located_with_a_hint() {
    let outside = tempfile::tempdir().unwrap();
    let brief = linked_brief(outside.path());
    let run = brief.run(&["check", "--format", "json"]);
    run.assert_success();
    let findings: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    let skipped: Vec<&Value> = findings
        .iter()
        .filter(|f| f["message"].as_str().unwrap().contains("is a link"))
        .collect();
    let paths: Vec<&str> = skipped
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "content/04-outside.md",
            "content/05-folder.md",
            "content/06-broken.md"
        ],
        "{findings:?}"
    );
    for f in skipped {
        assert_eq!(f["severity"], "warning");
        assert!(!f["hint"].as_str().unwrap_or("").is_empty(), "{f}");
    }
    // The followed link is checked like any section: no other finding about it.
    assert!(
        !findings.iter().any(|f| f["path"] == "content/03-linked.md"),
        "{findings:?}"
    );
}
