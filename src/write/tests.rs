//! The write stage's tests: atomic swaps, refused output folders, split writes.

use super::*;

/// Writes `files` as the new content of `out`, atomically replacing what was there.
fn write_site(out: &Path, files: &SiteFiles) -> Result<(), Diagnostic> {
    write_site_then(out, files, |_| Ok(()))
}

/// [`write_site`], with `finish` run on the complete temporary folder just before the swap
/// (to add files made from the written site, such as the PDF). When `finish` fails, its error
/// is returned and the previous output stays as it was.
fn write_site_then(
    out: &Path,
    files: &SiteFiles,
    finish: impl FnOnce(&Path) -> Result<(), Diagnostic>,
) -> Result<(), Diagnostic> {
    let staging = Staging::new(out);
    staging.write(files)?;
    finish(staging.path())?;
    staging.swap_in()
}

#[test]
fn a_file_written_in_halves_holds_its_pieces_in_order() {
    let dir = tempfile::tempdir().unwrap();
    // More pieces than one vectored write takes, empty ones among them, and one piece
    // larger than the rest together (the halves then split unevenly).
    let owned: Vec<String> = (0..3000)
        .map(|i| match i % 7 {
            0 => String::new(),
            _ => format!("<p>{i}</p>\n"),
        })
        .chain(std::iter::once("x".repeat(100_000)))
        .collect();
    for pieces in [
        owned.iter().map(String::as_str).collect::<Vec<_>>(),
        vec![],
        vec!["", "only"],
        vec![owned.last().unwrap().as_str(), "tail"],
    ] {
        let path = dir.path().join("page.html");
        write_in_halves(&path, &pieces).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), pieces.concat());
    }
}

#[test]
fn the_swap_replaces_the_old_site_whole() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let mut files = SiteFiles::new();
    files.insert("index.html".into(), b"one".to_vec());
    files.insert("old.txt".into(), b"x".to_vec());
    write_site(&out, &files).unwrap();
    let mut files = SiteFiles::new();
    files.insert("index.html".into(), b"two".to_vec());
    files.insert("data/a.csv".into(), b"a".to_vec());
    write_site(&out, &files).unwrap();
    assert_eq!(fs::read(out.join("index.html")).unwrap(), b"two");
    assert!(!out.join("old.txt").exists());
    assert!(out.join("data/a.csv").exists());
    let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary folder is left behind");
}

#[test]
fn a_failing_finish_step_leaves_the_old_site_and_no_temporary_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let mut files = SiteFiles::new();
    files.insert("index.html".into(), b"one".to_vec());
    write_site(&out, &files).unwrap();
    files.insert("index.html".into(), b"two".to_vec());
    let err = write_site_then(&out, &files, |temp| {
        // The finish step sees the complete new site.
        assert_eq!(fs::read(temp.join("index.html")).unwrap(), b"two");
        fs::write(temp.join("brief.pdf"), b"half").unwrap();
        Err(Diagnostic::error("brief.pdf", "the printer failed"))
    })
    .unwrap_err();
    assert_eq!(err.message, "the printer failed");
    assert_eq!(fs::read(out.join("index.html")).unwrap(), b"one");
    assert!(!out.join("brief.pdf").exists());
    let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary folder is left behind");
}

#[test]
fn a_staging_folder_written_in_parts_swaps_in_whole_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let mut first = SiteFiles::new();
    first.insert("index.html".into(), b"old".to_vec());
    write_site(&out, &first).unwrap();

    // Parts written early, then the rest: each file once, the new site swapped in.
    let mut early = SiteFiles::new();
    early.insert("charts/a.svg".into(), b"<svg/>".to_vec());
    early.insert("data/a.csv".into(), b"a".to_vec());
    let staging = Staging::new(&out);
    staging.write(&early).unwrap();
    // Not visible before the swap.
    assert!(!out.join("charts").exists());
    let mut all = early.clone();
    all.insert("index.html".into(), b"new".to_vec());
    all.insert(
        "charts/a.svg".into(),
        b"changed after it was written".to_vec(),
    );
    staging.write(&all).unwrap();
    staging.swap_in().unwrap();
    assert_eq!(fs::read(out.join("index.html")).unwrap(), b"new");
    assert_eq!(fs::read(out.join("charts/a.svg")).unwrap(), b"<svg/>");
    assert!(out.join(MARKER).is_file());

    // Dropped without a swap (a build that failed after writing): nothing changes.
    let staging = Staging::new(&out);
    staging.write(&first).unwrap();
    drop(staging);
    assert_eq!(fs::read(out.join("index.html")).unwrap(), b"new");
    let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary folder is left behind");
}

#[test]
fn a_dropped_staging_folder_removes_the_folders_it_made_on_the_way() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a/b/public");
    // Nothing is made before the first write.
    drop(Staging::new(&out));
    assert!(!dir.path().join("a").exists());
    let staging = Staging::new(&out);
    let mut files = SiteFiles::new();
    files.insert("index.html".into(), b"x".to_vec());
    staging.write(&files).unwrap();
    assert!(dir.path().join("a/b").is_dir());
    drop(staging);
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0, "a/b is gone");
}
