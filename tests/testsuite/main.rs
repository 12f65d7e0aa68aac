//! The integration test suite: one binary, a module per area. Fixtures are small brief
//! folders under `fixtures/`; [`TestBrief`] copies one into a temporary folder, runs the real
//! `brief` binary on it and reads what it wrote.

mod architecture;
mod blocks;
mod browser;
mod build;
mod bundled;
mod charts;
mod check;
mod cli;
mod cross_refs;
mod csv_data;
mod editions;
mod errors;
mod escaping;
mod fuzz_smoke;
mod invalid;
mod kill;
mod languages;
mod limits;
mod markdown;
mod page;
mod pdf;
mod real_report;
mod serve;
mod sheets;
mod standalone;
mod symlinks;
mod tables;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

/// A brief in a temporary folder.
pub struct TestBrief {
    dir: TempDir,
}

/// What a run of the binary did.
pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn from(output: Output) -> Run {
        Run {
            status: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    #[track_caller]
    pub fn assert_success(&self) -> &Run {
        assert_eq!(
            self.status, 0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    #[track_caller]
    pub fn assert_failure(&self) -> &Run {
        assert_eq!(
            self.status, 1,
            "expected exit code 1\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

impl TestBrief {
    /// A copy of `tests/testsuite/fixtures/<name>`.
    pub fn fixture(name: &str) -> TestBrief {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(
            &repo_root().join("tests/testsuite/fixtures").join(name),
            dir.path(),
        );
        TestBrief { dir }
    }

    /// A copy of a brief folder anywhere (an example under `examples/`, say).
    pub fn copy_of(from: &Path) -> TestBrief {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(from, dir.path());
        let public = dir.path().join("public");
        if public.exists() {
            fs::remove_dir_all(public).unwrap();
        }
        TestBrief { dir }
    }

    /// A copy of the bundled brief (the repository's content/, templates/ and static/).
    pub fn bundled() -> TestBrief {
        let dir = tempfile::tempdir().unwrap();
        for part in ["content", "templates", "static"] {
            copy_tree(&repo_root().join(part), &dir.path().join(part));
        }
        TestBrief { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes (or overwrites) a file of the brief.
    pub fn write(&self, rel: &str, content: impl AsRef<[u8]>) -> &TestBrief {
        let path = self.dir.path().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, content).unwrap();
        self
    }

    pub fn remove(&self, rel: &str) -> &TestBrief {
        let path = self.dir.path().join(rel);
        if path.is_dir() {
            fs::remove_dir_all(path).unwrap();
        } else {
            fs::remove_file(path).unwrap();
        }
        self
    }

    /// Runs `brief <args> --root <this brief>`.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_env(args, &[])
    }

    /// [`TestBrief::run`] with extra environment variables (`None` removes one).
    pub fn run_env(&self, args: &[&str], env: &[(&str, Option<&std::ffi::OsStr>)]) -> Run {
        let mut command = Command::new(env!("CARGO_BIN_EXE_brief"));
        command
            .args(args)
            .arg("--root")
            .arg(self.dir.path())
            .env("NO_COLOR", "1");
        for (key, value) in env {
            match value {
                Some(value) => command.env(key, value),
                None => command.env_remove(key),
            };
        }
        Run::from(command.output().unwrap())
    }

    pub fn build(&self) -> Run {
        self.run(&["build"])
    }

    /// A file of the built site, as text.
    pub fn output(&self, rel: &str) -> String {
        let path = self.dir.path().join("public").join(rel);
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }

    /// The built page, parsed.
    pub fn page(&self) -> scraper::Html {
        scraper::Html::parse_document(&self.output("index.html"))
    }

    /// Every file of the built site with its bytes.
    pub fn output_tree(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        tree(&self.dir.path().join("public"))
    }
}

pub fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// Elements matching a CSS selector.
pub fn select<'a>(html: &'a scraper::Html, selector: &str) -> Vec<scraper::ElementRef<'a>> {
    let selector = scraper::Selector::parse(selector).unwrap();
    html.select(&selector).collect()
}

/// The text of an element, whitespace-collapsed.
pub fn text(element: &scraper::ElementRef<'_>) -> String {
    element
        .text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text of an element a sighted reader sees: [`text`] without what is there for screen
/// readers only (`.visually-hidden`, such as a missing value's "no data").
pub fn visible_text(element: &scraper::ElementRef<'_>) -> String {
    element
        .descendants()
        .filter(|n| {
            !n.ancestors().any(|a| {
                a.value()
                    .as_element()
                    .is_some_and(|e| e.classes().any(|c| c == "visually-hidden"))
            })
        })
        .filter_map(|n| n.value().as_text().map(|t| t.to_string()))
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A small deterministic generator (xorshift), so a failure reproduces from its seed.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
}
