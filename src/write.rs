//! Write stage: the site is written to a fresh temporary folder beside the output folder, then
//! swapped in with one atomic rename, so a failed or killed build never leaves a half-written
//! site and the previous one stays exactly as it was.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io::{Seek as _, Write as _};
use std::path::{Component, Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::model::{Cell, Dataset};

/// The files of a built site: relative path (with `/`) → bytes. Sorted, so writing is
/// deterministic.
pub(crate) type SiteFiles = BTreeMap<String, Vec<u8>>;

/// Written into every output folder: a later build replaces only a folder that holds it.
pub(crate) const MARKER: &str = ".brief-output";

/// Checks that `out` is a safe place to (re)write: not the brief itself, nor a folder that
/// holds it, nor one of its input folders, nor a folder of something else.
pub(crate) fn check_output_dir(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    let root_abs = absolute(root);
    let out_abs = absolute(out);
    let shown = out.display().to_string();
    if root_abs.starts_with(&out_abs) {
        return Err(
            Diagnostic::error(&shown, "the output folder contains the brief itself")
                .with_hint("choose a folder inside the brief, such as `public`, or outside it"),
        );
    }
    for input in ["content", "templates", "static"] {
        if out_abs.starts_with(root_abs.join(input)) {
            return Err(Diagnostic::error(&shown, format!("the output folder is inside `{input}/`"))
                .with_hint("the build replaces its output folder; choose one outside the brief's inputs, such as `public`"));
        }
    }
    if out_abs.exists() {
        if !out_abs.is_dir() {
            return Err(
                Diagnostic::error(&shown, "the output path exists and is not a folder")
                    .with_hint("remove the file or choose another --out"),
            );
        }
        let mut entries = fs::read_dir(&out_abs).map_err(|e| {
            Diagnostic::error(&shown, format!("cannot read the output folder: {e}"))
        })?;
        let empty = entries.next().is_none();
        // Only a folder that brief wrote (it holds the marker) is replaced: an `index.html`
        // alone does not prove it, and replacing deletes everything in the folder.
        if !empty && !out_abs.join(MARKER).is_file() {
            return Err(Diagnostic::error(&shown, "the output folder is not empty and holds no previous build")
                .with_hint(format!("brief replaces its output folder whole and only replaces one it wrote (with a `{MARKER}` file); use an empty or new folder, or remove this one")));
        }
    }
    Ok(())
}

/// `path` made absolute and normalised lexically (without touching the file system, so it
/// also works for folders that do not exist yet).
pub(crate) fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let joined = fs::canonicalize(&joined).unwrap_or(joined);
    let mut out = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The temporary folder a new site is written into, beside the output folder, and then swapped
/// in whole. Nothing is created until the first write. Dropped before [`Staging::swap_in`] (a
/// failed build), it deletes the temporary folder and any folder it created on the way to
/// it: the previous output, and everything around it, stays exactly as it was.
pub(crate) struct Staging {
    out: PathBuf,
    parent: PathBuf,
    temp: PathBuf,
    /// Whether the temporary folder could be made (once, at the first write).
    opened: OnceLock<Result<(), Diagnostic>>,
    /// Folders on the way to the output that did not exist before, deepest first.
    created: Mutex<Vec<PathBuf>>,
    /// The files written so far (a build writes most of them while the page renders).
    written: Mutex<HashSet<String>>,
    swapped: bool,
}

impl Staging {
    /// A staging folder for `out`, not made yet.
    pub(crate) fn new(out: &Path) -> Staging {
        let out = absolute(out);
        let parent = out
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let temp = parent.join(format!(".{name}.brief-tmp-{}", std::process::id()));
        Staging {
            out,
            parent,
            temp,
            opened: OnceLock::new(),
            created: Mutex::default(),
            written: Mutex::default(),
            swapped: false,
        }
    }

    /// Makes the empty temporary folder (holding only the marker) the first time, after
    /// deleting the ones killed builds left.
    fn open(&self) -> Result<(), Diagnostic> {
        self.opened
            .get_or_init(|| {
                let missing: Vec<PathBuf> = self
                    .parent
                    .ancestors()
                    .take_while(|dir| !dir.as_os_str().is_empty() && !dir.exists())
                    .map(Path::to_path_buf)
                    .collect();
                let made = fs::create_dir_all(&self.parent);
                *self.created.lock().unwrap_or_else(|e| e.into_inner()) = missing;
                made.map_err(|e| parent_error(&self.parent, e))?;
                let name = self
                    .out
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned());
                remove_stale_temps(&self.parent, name.as_deref().unwrap_or("public"));
                if self.temp.exists() {
                    fs::remove_dir_all(&self.temp)
                        .map_err(|e| io_error(&self.temp, "cannot clear a temporary folder", e))?;
                }
                create_tree(&self.temp).map_err(|e| self.error(e))
            })
            .clone()
    }

    /// The temporary folder.
    pub(crate) fn path(&self) -> &Path {
        &self.temp
    }

    /// Writes those of `files` not written yet.
    pub(crate) fn write(&self, files: &SiteFiles) -> Result<(), Diagnostic> {
        self.open()?;
        let fresh: Vec<(&str, &[u8])> = {
            let mut written = self.written.lock().unwrap_or_else(|e| e.into_inner());
            files
                .iter()
                .filter(|(rel, _)| written.insert((*rel).clone()))
                .map(|(rel, bytes)| (rel.as_str(), bytes.as_slice()))
                .collect()
        };
        write_files(&self.temp, &fresh).map_err(|e| self.error(e))
    }

    /// Writes one file made of `pieces`, one after another, unless it was written already.
    pub(crate) fn write_pieces(&self, rel: &str, pieces: &[&str]) -> Result<(), Diagnostic> {
        self.open()?;
        let fresh = self
            .written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(rel.to_string());
        if !fresh {
            return Ok(());
        }
        let path = self.temp.join(rel);
        write_in_halves(&path, pieces)
            .map_err(|e| self.error((path.clone(), "cannot write a file", e)))
    }

    /// Puts the temporary folder in the place of the output folder.
    pub(crate) fn swap_in(mut self) -> Result<(), Diagnostic> {
        self.open()?;
        swap_in(&self.temp, &self.out).map_err(|e| self.error(e))?;
        self.swapped = true;
        Ok(())
    }

    fn error(&self, (path, what, err): WriteError) -> Diagnostic {
        Diagnostic::error(
            self.out.display().to_string(),
            format!("{what} ({}): {err}", path.display()),
        )
        .with_hint("check that the output folder is writable and the disk is not full; the previous output is unchanged")
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if self.swapped || self.opened.get().is_none() {
            return;
        }
        let _ = fs::remove_dir_all(&self.temp);
        // Only folders this build made, and only when empty.
        for dir in self
            .created
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
        {
            let _ = fs::remove_dir(dir);
        }
    }
}

type WriteError = (PathBuf, &'static str, std::io::Error);

/// Creates the temporary folder with the marker in it.
fn create_tree(dir: &Path) -> Result<(), WriteError> {
    fs::create_dir(dir).map_err(|e| (dir.to_path_buf(), "cannot create a temporary folder", e))?;
    let marker = dir.join(MARKER);
    fs::write(
        &marker,
        "This folder was written by brief; the next build replaces it whole.\n",
    )
    .map_err(|e| (marker, "cannot create a file", e))
}

/// Writes `files` into `dir`: their folders first (few: `charts/`, `data/`), then the files
/// from every core (creating a file is mostly kernel time, which two threads share well).
fn write_files(dir: &Path, files: &[(&str, &[u8])]) -> Result<(), WriteError> {
    let folders: std::collections::BTreeSet<&Path> = files
        .iter()
        .filter_map(|(rel, _)| Path::new(rel).parent())
        .filter(|parent| !parent.as_os_str().is_empty())
        .collect();
    for folder in folders {
        let path = dir.join(folder);
        fs::create_dir_all(&path).map_err(|e| (path, "cannot create a folder", e))?;
    }
    files.par_iter().try_for_each(|(rel, bytes)| {
        let path = dir.join(rel);
        let mut file =
            fs::File::create(&path).map_err(|e| (path.clone(), "cannot create a file", e))?;
        file.write_all(bytes)
            .map_err(|e| (path.clone(), "cannot write a file", e))
    })
}

/// Writes `pieces` one after another into a new file at `path`: the first half of the bytes
/// and the second from two threads, each with a few vectored writes. A page of megabytes is
/// mostly the kernel copying it, which two cores share; and it is never copied whole first.
fn write_in_halves(path: &Path, pieces: &[&str]) -> std::io::Result<()> {
    let pieces: Vec<&str> = pieces.iter().copied().filter(|p| !p.is_empty()).collect();
    let total: usize = pieces.iter().map(|p| p.len()).sum();
    let (mut split, mut offset) = (0, 0);
    while split < pieces.len() && offset < total / 2 {
        offset += pieces[split].len();
        split += 1;
    }
    let (first, second) = pieces.split_at(split);
    let file = fs::File::create(path)?;
    let (a, b) = rayon::join(
        || write_all_vectored(&file, first),
        || {
            let mut file = fs::OpenOptions::new().write(true).open(path)?;
            file.seek(std::io::SeekFrom::Start(offset as u64))?;
            write_all_vectored(&file, second)
        },
    );
    a.and(b)
}

/// `pieces`, in order, at the file's position, in as few system calls as the system allows.
fn write_all_vectored(mut file: &fs::File, pieces: &[&str]) -> std::io::Result<()> {
    // At most this many buffers per call (Linux's IOV_MAX).
    const MAX_BUFFERS: usize = 1024;
    let mut slices: Vec<std::io::IoSlice<'_>> = pieces
        .iter()
        .map(|p| std::io::IoSlice::new(p.as_bytes()))
        .collect();
    let mut rest = &mut slices[..];
    while !rest.is_empty() {
        let written = file.write_vectored(&rest[..rest.len().min(MAX_BUFFERS)])?;
        if written == 0 {
            return Err(std::io::ErrorKind::WriteZero.into());
        }
        std::io::IoSlice::advance_slices(&mut rest, written);
    }
    Ok(())
}

/// Puts `temp` in the place of `out`. With an existing `out`, the two are exchanged in one
/// step (Linux `renameat2(RENAME_EXCHANGE)`), then the old site is deleted.
fn swap_in(temp: &Path, out: &Path) -> Result<(), WriteError> {
    if !out.exists() {
        return fs::rename(temp, out)
            .map_err(|e| (out.to_path_buf(), "cannot move the new site into place", e));
    }
    if exchange(temp, out).is_err() {
        // Not Linux, or a file system without exchange: two renames, with a short window.
        // `<temp>.old`, which `remove_stale_temps` recognises (not `with_extension`, which
        // would replace the `.brief-tmp-<pid>` part and could name a folder of the user's).
        let mut old = temp.as_os_str().to_owned();
        old.push(".old");
        let old = PathBuf::from(old);
        fs::rename(out, &old)
            .map_err(|e| (out.to_path_buf(), "cannot move the old site aside", e))?;
        if let Err(e) = fs::rename(temp, out) {
            let _ = fs::rename(&old, out);
            return Err((out.to_path_buf(), "cannot move the new site into place", e));
        }
        let _ = fs::remove_dir_all(&old);
        return Ok(());
    }
    // `temp` now holds the previous site.
    remove_tree(temp);
    Ok(())
}

/// Deletes a folder brief wrote, its top-level folders (`charts/`, `data/`) in parallel.
fn remove_tree(dir: &Path) {
    if let Ok(entries) = fs::read_dir(dir) {
        let entries: Vec<fs::DirEntry> = entries.flatten().collect();
        entries.par_iter().for_each(|entry| {
            let _ = match entry.file_type() {
                Ok(t) if t.is_dir() => fs::remove_dir_all(entry.path()),
                _ => fs::remove_file(entry.path()),
            };
        });
    }
    let _ = fs::remove_dir_all(dir);
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::other("no atomic exchange on this platform"))
}

/// Temporary folders left by builds that were killed: `.<name>.brief-tmp-<pid>` beside the
/// output whose process is gone.
fn remove_stale_temps(parent: &Path, name: &str) {
    let prefix = format!(".{name}.brief-tmp-");
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = file_name.strip_prefix(&prefix) else {
            continue;
        };
        let pid = pid.trim_end_matches(".old");
        let alive = pid
            .parse::<u32>()
            .is_ok_and(|p| p == std::process::id() || Path::new(&format!("/proc/{p}")).exists());
        if !alive && entry.file_type().is_ok_and(|t| t.is_dir()) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// Why the output's parent folder cannot be made, said in terms of the nearest thing that
/// exists on the way (a file in the path, a read-only or special file system such as /proc).
fn parent_error(parent: &Path, err: std::io::Error) -> Diagnostic {
    match parent.ancestors().find(|a| a.exists()) {
        Some(existing) if !existing.is_dir() => Diagnostic::error(
            parent,
            format!(
                "cannot create the output folder: `{}` is a file, not a folder",
                existing.display()
            ),
        )
        .with_hint("choose an --out whose parent folders are folders"),
        Some(existing) => Diagnostic::error(
            parent,
            format!(
                "cannot create the output folder in `{}`: {err}",
                existing.display()
            ),
        )
        .with_hint(
            "choose an --out in a folder you can write to (not a read-only or special file system)",
        ),
        None => io_error(parent, "cannot create the output's parent folder", err),
    }
}

fn io_error(path: &Path, what: &str, err: std::io::Error) -> Diagnostic {
    Diagnostic::error(path, format!("{what}: {err}")).with_hint("check the folder's permissions")
}

/// A dataset as CSV (RFC 4180), with text that a spreadsheet would run as a formula
/// (`=`, `+`, `-`, `@`, tab, carriage return first) prefixed with `'`.
pub(crate) fn dataset_csv(dataset: &Dataset) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        // Sized up front: doubling a buffer of tens of megabytes holds it twice while it copies.
        .from_writer(Vec::with_capacity(dataset.file.text.len() + 1024));
    let header: Vec<String> = dataset.columns.iter().map(|c| neutralise(&c.key)).collect();
    let _ = writer.write_record(&header);
    for row in dataset.rows.iter() {
        let record: Vec<String> = row
            .cells()
            .map(|cell| match cell {
                Cell::Number(_) | Cell::Missing => cell.plain_text(),
                other => neutralise(&other.plain_text()),
            })
            .collect();
        let _ = writer.write_record(&record);
    }
    writer.into_inner().unwrap_or_default()
}

fn neutralise(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
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
    fn formulas_are_neutralised() {
        assert_eq!(neutralise("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
        assert_eq!(neutralise("Semiconductors"), "Semiconductors");
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
}
