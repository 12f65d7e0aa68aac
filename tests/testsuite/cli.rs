//! The command line as users expect it: `brief new`, help with examples for every command,
//! shell completions.

use std::process::Command;

use crate::{Run, TestBrief};

fn brief(args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_brief"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    Run::from(output)
}

#[test]
fn a_new_brief_builds_and_passes_the_check_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("my-brief");
    let run = brief(&["new", target.to_str().unwrap()]);
    run.assert_success();
    assert!(
        run.stdout.contains("Created a new brief in"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("brief serve"), "{}", run.stdout);
    for file in [
        "content/brief.yaml",
        "content/01-introduction.md",
        "content/02-findings.md",
        "content/data/adoption.yaml",
        "templates/base.html",
        "templates/brief.html",
        "templates/partials/head_meta.html",
        "static/style.css",
        ".gitignore",
    ] {
        assert!(target.join(file).is_file(), "{file}");
    }
    // The theme written out is the embedded one, byte for byte.
    for (name, text) in brief::internals::DEFAULT_TEMPLATES {
        let written = std::fs::read_to_string(target.join("templates").join(name)).unwrap();
        assert!(written == *text, "templates/{name} differs");
    }

    let root = target.to_str().unwrap();
    let check = brief(&["check", "--root", root]);
    check.assert_success();
    assert_eq!(check.stdout, "No errors (0 warnings).\n");
    assert_eq!(check.stderr, "");

    let build = brief(&["build", "--root", root]);
    build.assert_success();
    assert!(
        build
            .stdout
            .starts_with("Built 2 sections, 1 chart, 1 table "),
        "{}",
        build.stdout
    );
    for file in ["index.html", "charts/adoption.svg", "data/adoption.csv"] {
        assert!(target.join("public").join(file).is_file(), "{file}");
    }
}

#[test]
fn new_refuses_a_folder_that_is_not_empty() {
    let existing = TestBrief::fixture("basic");
    let before = crate::tree(existing.path());
    let run = brief(&["new", existing.path().to_str().unwrap()]);
    run.assert_failure();
    assert!(
        run.stderr.contains("the folder is not empty"),
        "{}",
        run.stderr
    );
    assert_eq!(before, crate::tree(existing.path()), "nothing was written");

    // An empty folder is fine.
    let empty = tempfile::tempdir().unwrap();
    brief(&["new", empty.path().to_str().unwrap()]).assert_success();
}

#[test]
fn every_command_has_help_with_examples() {
    let top = brief(&["--help"]);
    top.assert_success();
    for command in ["build", "check", "serve", "new", "completions"] {
        assert!(top.stdout.contains(command), "{command} in --help");
        let help = brief(&[command, "--help"]);
        help.assert_success();
        assert!(
            help.stdout.contains("Examples:"),
            "{command} --help:\n{}",
            help.stdout
        );
    }
    let serve = brief(&["serve", "--help"]).stdout;
    for option in ["--port", "--bind", "--open", "--root", "[default: 1111]"] {
        assert!(serve.contains(option), "{option}:\n{serve}");
    }
}

#[test]
fn completions_for_each_shell() {
    for shell in ["bash", "zsh", "fish"] {
        let run = brief(&["completions", shell]);
        run.assert_success();
        assert!(run.stdout.contains("serve"), "{shell}");
        assert!(run.stdout.contains("format"), "{shell}");
    }
    assert_eq!(brief(&["completions", "tcsh"]).status, 2, "a usage error");
}

#[test]
fn quiet_and_verbose_do_not_mix() {
    let run = brief(&["check", "--quiet", "--verbose"]);
    assert_eq!(run.status, 2, "{}", run.stderr);
}
