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
pub(crate) fn failing_build_with(change: impl FnOnce(&TestBrief), args: &[&str]) -> String {
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

/// Every file under `dir` (names only), to show that a refused build created nothing.
fn names(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| {
            e.unwrap()
                .path()
                .strip_prefix(dir)
                .unwrap()
                .display()
                .to_string()
        })
        .collect()
}

#[test]
fn a_symlink_loop_in_static_is_reported() {
    let stderr = failing_build_with(
        |b| {
            fs::create_dir_all(b.path().join("static/images")).unwrap();
            std::os::unix::fs::symlink("..", b.path().join("static/images/loop")).unwrap();
        },
        &[],
    );
    insta::assert_snapshot!(stderr);
}

#[test]
fn output_folders_that_would_destroy_input_are_refused() {
    // Each of these would delete the brief (or part of it) when the new site is swapped in.
    for (out, expected) in [
        ("content", "the output folder is inside `content/`"),
        ("content/site", "the output folder is inside `content/`"),
        ("static", "the output folder is inside `static/`"),
        ("templates/out", "the output folder is inside `templates/`"),
        (".", "the output folder contains the brief itself"),
        ("..", "the output folder contains the brief itself"),
        ("content/..", "the output folder contains the brief itself"),
    ] {
        // Always an absolute path: a relative --out is taken from the working directory.
        let brief = TestBrief::fixture("basic");
        brief.build().assert_success();
        fs::create_dir_all(brief.path().join("templates")).unwrap();
        let before = tree(brief.path());
        let target = brief.path().join(out);
        let run = brief.run(&["build", "--out", target.to_str().unwrap()]);
        run.assert_failure();
        assert!(run.stderr.contains(expected), "--out {out}: {}", run.stderr);
        assert_eq!(before, tree(brief.path()), "--out {out} changed the brief");
        if out == "content" {
            let stderr = run
                .stderr
                .replace(&brief.path().display().to_string(), "[ROOT]");
            insta::assert_snapshot!(stderr);
        }
    }
}

#[test]
fn a_folder_brief_did_not_write_is_never_replaced() {
    // Regression: any folder holding an `index.html` used to count as a previous build, so
    // `--out ~/website` would have deleted everything else in it.
    let brief = TestBrief::fixture("basic");
    let other = tempfile::tempdir().unwrap();
    fs::write(other.path().join("index.html"), "my own site").unwrap();
    fs::write(other.path().join("notes.txt"), "precious").unwrap();
    let run = brief.run(&["build", "--out", other.path().to_str().unwrap()]);
    run.assert_failure();
    let stderr = run
        .stderr
        .replace(&other.path().display().to_string(), "[OUT]");
    insta::assert_snapshot!(stderr);
    assert_eq!(
        fs::read_to_string(other.path().join("notes.txt")).unwrap(),
        "precious"
    );
    assert_eq!(
        fs::read_to_string(other.path().join("index.html")).unwrap(),
        "my own site"
    );
}

#[test]
fn an_unwritable_output_folder_fails_cleanly() {
    // The tests run as root, for whom permission bits do not stop writes, so the output is
    // made unwritable in ways that hold for root too: a path below a regular file (ENOTDIR)
    // and a path in /proc, where no folder can be created.
    let brief = TestBrief::fixture("basic");
    let scratch = tempfile::tempdir().unwrap();
    fs::write(scratch.path().join("a-file"), "x").unwrap();
    let below_file = scratch.path().join("a-file/public");
    for out in [below_file.as_path(), Path::new("/proc/brief-test/public")] {
        let run = brief.run(&["build", "--out", out.to_str().unwrap()]);
        run.assert_failure();
        assert!(
            run.stderr.contains("cannot create the output folder"),
            "{}",
            run.stderr
        );
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    }
    let stderr = brief
        .run(&["build", "--out", below_file.to_str().unwrap()])
        .stderr
        .replace(&scratch.path().display().to_string(), "[TMP]");
    insta::assert_snapshot!(stderr);
    assert_eq!(names(scratch.path()), ["", "a-file"]);
}

#[test]
fn an_output_path_that_is_a_file_is_refused() {
    let brief = TestBrief::fixture("basic");
    let scratch = tempfile::tempdir().unwrap();
    let file = scratch.path().join("site");
    fs::write(&file, "not a folder").unwrap();
    let run = brief.run(&["build", "--out", file.to_str().unwrap()]);
    run.assert_failure();
    assert!(
        run.stderr
            .contains("the output path exists and is not a folder"),
        "{}",
        run.stderr
    );
    assert_eq!(fs::read_to_string(&file).unwrap(), "not a folder");
}

#[test]
fn a_bom_and_crlf_line_ends_build_fine() {
    let brief = TestBrief::fixture("basic");
    let crlf = |text: &str| text.replace('\n', "\r\n");
    for rel in [
        "content/brief.yaml",
        "content/01-first.md",
        "content/02-second.md",
        "content/data/growth.yaml",
    ] {
        let text = fs::read_to_string(brief.path().join(rel)).unwrap();
        let mut bytes = "\u{feff}".as_bytes().to_vec();
        bytes.extend(crlf(&text).into_bytes());
        brief.write(rel, bytes);
    }
    brief.build().assert_success();
    let page = brief.output("index.html");
    assert!(!page.contains('\u{feff}'), "the BOM leaked into the page");
    assert!(
        !page.contains('\r'),
        "a carriage return leaked into the page"
    );
    let html = brief.page();
    assert_eq!(crate::text(&crate::select(&html, "h1")[0]), "Test Brief");
    assert_eq!(crate::select(&html, "#fig-growth").len(), 1);
    // And a located error in such a file still points at the right line.
    brief.write(
        "content/02-second.md",
        "\u{feff}---\r\ntitle: Second\r\ntitl: x\r\n---\r\n\r\nText.\r\n",
    );
    let run = brief.build();
    run.assert_failure();
    assert!(
        run.stderr.contains("content/02-second.md:3:1"),
        "{}",
        run.stderr
    );
}

/// The standalone copy and the PDF are made after the static files are written: a static file
/// of the same name is refused, as one named `index.html` is.
#[test]
fn a_static_file_named_like_the_standalone_copy_is_refused() {
    let stderr = failing_build_with(
        |b| {
            b.write("static/test-brief.html", "mine");
        },
        &["--standalone"],
    );
    insta::assert_snapshot!(stderr);
}
