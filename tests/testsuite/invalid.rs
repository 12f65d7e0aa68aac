//! The bad-input suite: each folder of `tests/testsuite/invalid/<case>/` holds the files that
//! change in the `basic` fixture (and `remove.txt`, paths to delete). Every case must fail with
//! exit code 1, print the diagnostic in its snapshot (`snapshots/…invalid__<case>.snap`:
//! file, line, column, message, hint — reviewed one by one) and leave the previous `public/`
//! byte for byte as it was. Cases that need a symlink or command-line options are below.

use std::fs;
use std::path::Path;

use crate::{TestBrief, repo_root, tree};

/// Applies a case folder on top of the brief: its files overwrite, `remove.txt` deletes.
fn apply_case(brief: &TestBrief, case: &Path) {
    for entry in walkdir::WalkDir::new(case) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(case).unwrap();
        if rel == Path::new("remove.txt") {
            for line in fs::read_to_string(entry.path()).unwrap().lines() {
                brief.remove(line.trim());
            }
        } else {
            brief.write(rel.to_str().unwrap(), fs::read(entry.path()).unwrap());
        }
    }
}

/// Builds `basic`, applies `change`, builds again: exit 1, no success line, and the previous
/// output unchanged. Returns stderr.
pub fn failing_build_with(change: impl FnOnce(&TestBrief), args: &[&str]) -> String {
    let brief = TestBrief::fixture("basic");
    brief.build().assert_success();
    let before = tree(&brief.path().join("public"));
    change(&brief);
    let mut all = vec!["build"];
    all.extend(args);
    let run = brief.run(&all);
    run.assert_failure();
    assert_eq!(
        before,
        tree(&brief.path().join("public")),
        "the previous output changed"
    );
    assert!(run.stdout.is_empty(), "no success line: {}", run.stdout);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run.stderr
        .replace(&brief.path().display().to_string(), "[ROOT]")
}

#[test]
fn every_invalid_case_fails_located_and_leaves_the_output_alone() {
    let dir = repo_root().join("tests/testsuite/invalid");
    let mut cases: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 40, "only {} cases", cases.len());
    // Every case runs and every failure is listed, not just the first.
    let mut failed = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_str().unwrap();
        let result = std::panic::catch_unwind(|| {
            let stderr = failing_build_with(|b| apply_case(b, case), &[]);
            insta::assert_snapshot!(format!("invalid__{name}"), stderr);
        });
        if result.is_err() {
            failed.push(name);
        }
    }
    assert!(failed.is_empty(), "failing cases: {failed:?}");
}
