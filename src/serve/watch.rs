//! Watching the inputs: the notify watcher and its debouncer, and which file events call
//! for a rebuild.

use std::path::{Path, PathBuf};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, new_debouncer};

use super::rebuild::Rebuilder;
use super::{AppState, Report, apply_build, server_error};
use crate::diagnostics::Diagnostic;

/// How long the watcher waits for a burst of file events (an editor's save) to settle: long
/// enough for a save to finish (editors write a file in well under a millisecond), short enough
/// to keep edit-to-reload under 50 ms on a 1,000-section brief.
const DEBOUNCE: Duration = Duration::from_millis(20);

pub(super) type Watcher = notify_debouncer_full::Debouncer<
    notify::RecommendedWatcher,
    notify_debouncer_full::RecommendedCache,
>;

/// Watches `content/`, `templates/` and `static/` (and the root, for input folders created
/// later). Events queue in the returned channel until [`spawn_rebuilds`] reads them, so a
/// save made during the first build is not lost.
pub(super) fn watch_inputs(
    root: &Path,
) -> Result<(Watcher, mpsc::Receiver<DebounceEventResult>), Diagnostic> {
    let (tx, rx) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(DEBOUNCE, None, tx)
        .map_err(|err| server_error("cannot watch the brief", &err))?;
    debouncer
        .watch(root, RecursiveMode::NonRecursive)
        .map_err(|err| server_error(&format!("cannot watch {}", root.display()), &err))?;
    for dir in INPUTS.map(|d| root.join(d)) {
        if dir.is_dir() {
            debouncer
                .watch(&dir, RecursiveMode::Recursive)
                .map_err(|err| server_error(&format!("cannot watch {}", dir.display()), &err))?;
        }
    }
    Ok((debouncer, rx))
}

/// The folders whose changes trigger a rebuild.
const INPUTS: [&str; 3] = ["content", "templates", "static"];

/// Rebuilds on a thread of its own after each batch of changes; the thread ends when the
/// watcher (and so the channel's sender) is dropped.
pub(super) fn spawn_rebuilds(
    root: &Path,
    watcher: &Arc<std::sync::Mutex<Watcher>>,
    rx: mpsc::Receiver<DebounceEventResult>,
    state: Arc<AppState>,
    mut rebuilder: Rebuilder,
    report: Arc<Box<Report>>,
) -> Result<(), Diagnostic> {
    // Weak: the thread must not keep the watcher (and so its own channel) alive.
    let handle = Arc::downgrade(watcher);
    let root = root.to_path_buf();
    let inputs = INPUTS.map(|d| root.join(d));
    let mut watched: Vec<PathBuf> = inputs.iter().filter(|d| d.is_dir()).cloned().collect();
    std::thread::Builder::new()
        .name("brief-rebuild".into())
        .spawn(move || {
            while let Ok(first) = rx.recv() {
                let mut batches = vec![first];
                // Coalesce what arrived while the last build ran.
                batches.extend(rx.try_iter());
                let mut changed: Vec<PathBuf> = Vec::new();
                // Events were lost (the kernel's queue overflowed, a watch failed): anything
                // may have changed, so the whole brief is loaded again.
                let mut lost = false;
                for batch in batches {
                    let Ok(events) = batch else {
                        lost = true;
                        continue;
                    };
                    for event in events {
                        lost |= event.need_rescan();
                        if matches!(event.kind, EventKind::Access(_)) {
                            continue;
                        }
                        for path in &event.paths {
                            if let Some(rel) = relevant(&root, path) {
                                changed.push(rel);
                            }
                            // An input folder that appeared: watch it too.
                            if inputs.contains(path)
                                && path.is_dir()
                                && !watched.contains(path)
                                && let Some(w) = handle.upgrade()
                                && w.lock()
                                    .unwrap_or_else(|e| e.into_inner())
                                    .watch(path, RecursiveMode::Recursive)
                                    .is_ok()
                            {
                                watched.push(path.clone());
                            }
                        }
                    }
                }
                if lost {
                    changed.push(PathBuf::from("content"));
                }
                changed.sort();
                changed.dedup();
                if changed.is_empty() {
                    continue;
                }
                apply_build(&state, &mut rebuilder, &changed, report.as_ref().as_ref());
            }
        })
        .map_err(|err| server_error("cannot start the rebuild thread", &err))?;
    Ok(())
}

/// The path relative to the root if a change there matters: inside an input folder (or the
/// folder itself), and not an editor's temporary or backup file.
fn relevant(root: &Path, path: &Path) -> Option<PathBuf> {
    let rel = path.strip_prefix(root).ok()?;
    let top = rel.components().next()?.as_os_str().to_str()?;
    if !matches!(top, "content" | "templates" | "static") {
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
