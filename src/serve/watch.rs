//! Watching the inputs: the notify watcher, which file events call for a rebuild, and when.
//!
//! A rebuild starts on the first event of a save, not after a fixed wait: whatever is already
//! queued is folded into it, and events that arrive while it runs are folded into one more
//! rebuild after it (never a queue of them). Every event is thus followed by a rebuild that
//! starts after it, so the page always ends showing the files as last saved.
//!
//! To keep a half-saved file from being shown at all, a file being written is waited for:
//! where the system reports a file closed after writing (inotify, on Linux), a changed file
//! counts as saved once it is closed, or after [`WRITE_PATIENCE`] without any event while it
//! stays open. Elsewhere a save written in several parts may be rebuilt (and shown) half done
//! for a moment, before the rebuild of its last part.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use notify::event::{AccessKind, AccessMode, CreateKind, ModifyKind};
use notify::{Event, EventKind, RecursiveMode, Watcher as _};

use super::rebuild::Rebuilder;
use super::{AppState, Report, apply_build, server_error};
use crate::diagnostics::Diagnostic;

/// How long a file that was written to and is still open may stay silent before it is rebuilt
/// anyway: longer than the pauses of an editor's save in several writes, short enough that a
/// program that keeps a file open does not hold the preview up noticeably.
const WRITE_PATIENCE: Duration = Duration::from_millis(100);

/// Whether the watcher reports a file closed after writing (`IN_CLOSE_WRITE`).
const CLOSE_EVENTS: bool = cfg!(any(target_os = "linux", target_os = "android"));

pub(super) type Watcher = notify::RecommendedWatcher;

type Events = mpsc::Receiver<notify::Result<Event>>;

/// Watches `content/`, `templates/` and `static/` (and the root, for input folders created
/// later). Events queue in the returned channel until [`spawn_rebuilds`] reads them, so a
/// save made during the first build is not lost.
pub(super) fn watch_inputs(root: &Path) -> Result<(Watcher, Events), Diagnostic> {
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(tx)
        .map_err(|err| server_error("cannot watch the brief", &err))?;
    watcher
        .watch(root, RecursiveMode::NonRecursive)
        .map_err(|err| server_error(&format!("cannot watch {}", root.display()), &err))?;
    for dir in INPUTS.map(|d| root.join(d)) {
        if dir.is_dir() {
            watcher
                .watch(&dir, RecursiveMode::Recursive)
                .map_err(|err| server_error(&format!("cannot watch {}", dir.display()), &err))?;
        }
    }
    Ok((watcher, rx))
}

/// The folders whose changes trigger a rebuild.
const INPUTS: [&str; 3] = ["content", "templates", "static"];

/// Rebuilds on a thread of its own after each save; the thread ends when the watcher (and so
/// the channel's sender) is dropped.
pub(super) fn spawn_rebuilds(
    root: &Path,
    watcher: &Arc<std::sync::Mutex<Watcher>>,
    rx: Events,
    state: Arc<AppState>,
    mut rebuilder: Rebuilder,
    report: Arc<Box<Report>>,
) -> Result<(), Diagnostic> {
    // Weak: the thread must not keep the watcher (and so its own channel) alive.
    let handle = Arc::downgrade(watcher);
    let root = root.to_path_buf();
    let inputs = INPUTS.map(|d| root.join(d));
    let mut watched: Vec<PathBuf> = inputs.iter().filter(|d| d.is_dir()).cloned().collect();
    let mut watch_new_input = move |path: &Path| {
        if inputs.iter().any(|d| d == path)
            && path.is_dir()
            && !watched.iter().any(|d| d == path)
            && let Some(w) = handle.upgrade()
            && w.lock()
                .unwrap_or_else(|e| e.into_inner())
                .watch(path, RecursiveMode::Recursive)
                .is_ok()
        {
            watched.push(path.to_path_buf());
        }
    };
    std::thread::Builder::new()
        .name("brief-rebuild".into())
        .spawn(move || {
            while let Some(save) = next_save(&rx, &root, &mut watch_new_input) {
                let changed = save.changed();
                if !changed.is_empty() {
                    apply_build(&state, &mut rebuilder, &changed, report.as_ref().as_ref());
                }
            }
        })
        .map_err(|err| server_error("cannot start the rebuild thread", &err))?;
    Ok(())
}

/// Waits for the next change and gathers the rest of its save: every event already queued,
/// and, while a changed file is still open for writing, what follows until it is closed (or
/// silent for [`WRITE_PATIENCE`]). `None` once the watcher is gone.
fn next_save(rx: &Events, root: &Path, on_path: &mut dyn FnMut(&Path)) -> Option<Save> {
    let mut save = Save::default();
    save.add(rx.recv().ok()?, root, on_path);
    loop {
        for event in rx.try_iter() {
            save.add(event, root, on_path);
        }
        if save.writing.is_empty() {
            return Some(save);
        }
        match rx.recv_timeout(WRITE_PATIENCE) {
            Ok(event) => save.add(event, root, on_path),
            Err(mpsc::RecvTimeoutError::Timeout) => return Some(save),
            Err(mpsc::RecvTimeoutError::Disconnected) => return None,
        }
    }
}

/// The events of one save, folded.
#[derive(Default)]
struct Save {
    /// Changed inputs, relative to the root.
    changed: Vec<PathBuf>,
    /// Changed inputs written to and not closed yet.
    writing: BTreeSet<PathBuf>,
    /// Events were lost (the kernel's queue overflowed, a watch failed): anything may have
    /// changed.
    lost: bool,
}

impl Save {
    fn add(&mut self, event: notify::Result<Event>, root: &Path, on_path: &mut dyn FnMut(&Path)) {
        let Ok(event) = event else {
            self.lost = true;
            return;
        };
        self.lost |= event.need_rescan();
        for path in &event.paths {
            // An input folder that appeared: watch it too.
            on_path(path);
            let Some(rel) = relevant(root, path) else {
                continue;
            };
            match event.kind {
                EventKind::Access(AccessKind::Close(AccessMode::Write)) => {
                    self.writing.remove(path);
                }
                EventKind::Access(_) => continue,
                EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Any) if CLOSE_EVENTS => {
                    self.writing.insert(path.clone());
                }
                // A new file is written next, unless it is a link (never written or closed).
                EventKind::Create(CreateKind::File | CreateKind::Any)
                    if CLOSE_EVENTS && !path.is_symlink() =>
                {
                    self.writing.insert(path.clone());
                }
                // Removed or renamed: no write of this name will be closed.
                _ => {
                    self.writing.remove(path);
                }
            }
            self.changed.push(rel);
        }
    }

    /// What changed, sorted, once each; `content` alone when events were lost (the whole
    /// brief is loaded again).
    fn changed(mut self) -> Vec<PathBuf> {
        if self.lost {
            self.changed.push(PathBuf::from("content"));
        }
        self.changed.sort();
        self.changed.dedup();
        self.changed
    }
}

/// The path relative to the root if a change there matters: inside an input folder (or the
/// folder itself), and not an editor's temporary or backup file.
fn relevant(root: &Path, path: &Path) -> Option<PathBuf> {
    let rel = path.strip_prefix(root).ok()?;
    let top = rel.components().next()?.as_os_str().to_str()?;
    if !INPUTS.contains(&top) {
        return None;
    }
    let name = rel.file_name()?.to_str()?;
    let scratch = name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"; // Vim's "can I write here" probe.
    (!scratch).then(|| rel.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{DataChange, RemoveKind};

    fn event(kind: EventKind, path: &str) -> notify::Result<Event> {
        Ok(Event::new(kind).add_path(PathBuf::from(path)))
    }

    const MODIFY: EventKind = EventKind::Modify(ModifyKind::Data(DataChange::Any));
    const CLOSE: EventKind = EventKind::Access(AccessKind::Close(AccessMode::Write));

    #[test]
    fn a_save_is_folded_and_waits_for_the_close() {
        let root = Path::new("/b");
        let mut save = Save::default();
        let mut ignore = |_: &Path| {};
        save.add(event(MODIFY, "/b/content/01.md"), root, &mut ignore);
        save.add(event(MODIFY, "/b/content/.01.md.swp"), root, &mut ignore);
        save.add(event(MODIFY, "/b/public/index.html"), root, &mut ignore);
        assert_eq!(save.writing.is_empty(), !CLOSE_EVENTS);
        save.add(event(MODIFY, "/b/content/01.md"), root, &mut ignore);
        save.add(event(CLOSE, "/b/content/01.md"), root, &mut ignore);
        assert!(save.writing.is_empty());
        save.add(
            event(EventKind::Remove(RemoveKind::File), "/b/content/02.md"),
            root,
            &mut ignore,
        );
        assert_eq!(
            save.changed(),
            [
                PathBuf::from("content/01.md"),
                PathBuf::from("content/02.md")
            ]
        );
    }

    #[test]
    fn a_file_removed_while_written_is_not_waited_for() {
        let root = Path::new("/b");
        let mut save = Save::default();
        let mut ignore = |_: &Path| {};
        save.add(event(MODIFY, "/b/content/01.md"), root, &mut ignore);
        save.add(
            event(EventKind::Remove(RemoveKind::File), "/b/content/01.md"),
            root,
            &mut ignore,
        );
        assert!(save.writing.is_empty());
    }

    #[test]
    fn lost_events_reload_everything() {
        let mut save = Save::default();
        save.add(
            Err(notify::Error::generic("queue overflow")),
            Path::new("/b"),
            &mut |_| {},
        );
        assert_eq!(save.changed(), [PathBuf::from("content")]);
    }
}
