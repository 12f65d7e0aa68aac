//! A build killed with SIGKILL at any moment leaves the last good site intact — byte for byte
//! the previous one, or the complete new one — and deletes nothing outside its output folder.
//! Half the kills are aimed at the window in which the site is written (its staging folder
//! exists), and a floor of them must land there.
//! `BRIEF_KILL_ITERATIONS` sets the number of kills (default 30; RELIABILITY.md has a longer
//! run), `BRIEF_KILL_SEED` replays a run.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::{Rng, tree};

/// Writes a brief big enough that a debug build takes a while and writes many files:
/// `sections` sections, each with two charts and a table over its own 120-row dataset.
pub(crate) fn write_big_brief(root: &Path, sections: usize, version: &str) {
    let content = root.join("content");
    fs::create_dir_all(content.join("data")).unwrap();
    fs::write(
        content.join("brief.yaml"),
        format!("title: A big brief\nsubtitle: Version {version}\ndate: \"2025-01-15\"\n"),
    )
    .unwrap();
    for s in 0..sections {
        let mut rows = String::new();
        for r in 0..120 {
            rows.push_str(&format!(
                "  - {{year: {}, a: {}, b: {}, label: \"Row {r} of {s}\"}}\n",
                1900 + r,
                (r * 7 + s) % 97,
                (r * 13 + s) % 89
            ));
        }
        fs::write(
            content.join(format!("data/d{s:03}.yaml")),
            format!("title: Dataset {s}\nsource: {{name: Generated}}\nrows:\n{rows}"),
        )
        .unwrap();
        let para = "Lorem ipsum dolor sit amet, *consectetur* adipiscing elit. ".repeat(12);
        fs::write(
            content.join(format!("s{s:03}.md")),
            format!(
                "---\ntitle: Section {s} ({version})\n---\n\n{para}\n\n```chart\nid: c{s}-line\ndata: d{s:03}\ntype: line\nx: year\ny: [a, b]\n```\n\n{para}\n\n```chart\nid: c{s}-bar\ndata: d{s:03}\ntype: bar\nx: label\ny: a\n```\n\n```table\nid: t{s}\ndata: d{s:03}\n```\n"
            ),
        )
        .unwrap();
    }
}

fn brief_command(root: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_brief"));
    command
        .args(["build", "--quiet", "--root"])
        .arg(root)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

/// The staging folder a build writes the new site into: `.public.brief-tmp-<pid>` beside the
/// output. It exists from the build's first write until the swapped-out site is deleted, at
/// the very end: the window in which a kill could leave half a site.
fn staging_of(root: &Path, child: &Child) -> PathBuf {
    root.join(format!(".public.brief-tmp-{}", child.id()))
}

/// Waits until `child`'s staging folder exists (true) or the child has exited (false).
fn wait_for_staging(root: &Path, child: &mut Child) -> bool {
    let staging = staging_of(root, child);
    loop {
        if staging.exists() {
            return true;
        }
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_micros(100));
    }
}

/// Runs a build to its end: how long it took and how long its staging folder existed, in µs.
fn timed_build(root: &Path) -> (u64, u64) {
    let start = Instant::now();
    let mut child = brief_command(root).spawn().unwrap();
    let seen = wait_for_staging(root, &mut child).then(Instant::now);
    assert!(child.wait().unwrap().success());
    let micros = |since: Instant| since.elapsed().as_micros() as u64;
    (micros(start), seen.map_or(0, micros))
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Every file and folder under `dir` except the output and brief's own temporary folders.
fn outside(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            name != "public" && !name.contains(".brief-tmp-")
        })
        .map(|e| e.unwrap().path().strip_prefix(dir).unwrap().to_path_buf())
        .collect()
}

#[test]
fn a_killed_build_leaves_the_last_good_site_intact() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("brief");
    let out = root.join("public");
    // Things beside the output that must survive every kill.
    fs::create_dir_all(&root).unwrap();
    fs::write(root.join("notes.txt"), "keep me").unwrap();
    fs::create_dir_all(root.join("public-old")).unwrap();
    fs::write(root.join("public-old/index.html"), "an old copy").unwrap();
    fs::create_dir_all(root.join(".public.old")).unwrap();

    // The two sites: A and B, built from two versions of the brief.
    let mut sites: BTreeMap<&str, BTreeMap<PathBuf, Vec<u8>>> = BTreeMap::new();
    for version in ["A", "B"] {
        write_big_brief(&root, 25, version);
        assert!(brief_command(&root).status().unwrap().success());
        sites.insert(version, tree(&out));
    }
    assert_ne!(sites["A"], sites["B"]);
    let before_outside = outside(dir.path());

    // How long a build takes here, to spread the kills over all of it, and how long it writes,
    // to aim every other kill at that window.
    let (build_time, write_time) = timed_build(&root);

    let iterations = env_number("BRIEF_KILL_ITERATIONS", 30);
    let seed = env_number("BRIEF_KILL_SEED", 0x9e37_79b9_7f4a_7c15 ^ build_time);
    eprintln!(
        "kill test: {iterations} kills, seed {seed}, a build takes {build_time} µs and writes for {write_time} µs"
    );
    let mut rng = Rng(seed.max(1));
    let mut current = "B";
    let mut on_disk = "B";
    let (mut finished, mut old_kept, mut new_complete, mut in_window) = (0, 0, 0, 0);
    for i in 0..iterations {
        let next = if i % 2 == 0 { "A" } else { "B" };
        if next != on_disk {
            write_big_brief(&root, 25, next);
            on_disk = next;
        }
        // Even kills fall anywhere in the build; odd ones once it has started writing.
        let aimed = i % 2 == 1;
        let span = if aimed {
            write_time
        } else {
            build_time * 6 / 5
        };
        let delay = rng.next_u64() % (span + 1);
        let mut child = brief_command(&root).spawn().unwrap();
        if aimed {
            wait_for_staging(&root, &mut child);
        }
        std::thread::sleep(Duration::from_micros(delay));
        // Seen just before the kill, the staging folder says the kill lands while the site is
        // being written, unless the build finished in between (its exit status tells).
        let writing = staging_of(&root, &child).exists();
        let _ = child.kill(); // SIGKILL
        let status = child.wait().unwrap();
        if writing && !status.success() {
            in_window += 1;
        }
        let now = tree(&out);
        let found = sites
            .iter()
            .find(|(_, site)| **site == now)
            .map(|(name, _)| *name)
            .unwrap_or_else(|| {
                panic!(
                    "kill {i} after {delay} µs (seed {seed}) left a site that is neither A nor B"
                )
            });
        assert!(
            found == current || found == next,
            "kill {i} (seed {seed}): the site is {found}, expected {current} or {next}"
        );
        if status.success() {
            finished += 1;
        } else if found == current {
            old_kept += 1;
        } else {
            new_complete += 1;
        }
        current = found;
        assert_eq!(
            before_outside,
            outside(dir.path()),
            "kill {i} (seed {seed}) changed something outside the output folder"
        );
    }
    eprintln!(
        "kill test: {old_kept} killed builds kept the previous site, {new_complete} were killed after the swap, {finished} finished; {in_window} kills landed while the site was being written"
    );
    // The kills prove something only if some of them hit the write window: a quarter of the
    // aimed ones at least (most land there; a build that got faster finishes before a few).
    let aimed = iterations / 2;
    assert!(
        in_window >= aimed / 4,
        "only {in_window} of {aimed} aimed kills (seed {seed}) landed while the site was being written"
    );
    // The next build clears what killed builds left beside the output.
    assert!(brief_command(&root).status().unwrap().success());
    let leftovers: Vec<_> = fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".brief-tmp-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    assert_eq!(
        fs::read_to_string(root.join("notes.txt")).unwrap(),
        "keep me"
    );
}
