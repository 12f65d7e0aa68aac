//! Huge pages only for the briefs that gain from them.
//!
//! mimalloc asks the kernel for 2 MiB pages over its whole heap (`MADV_HUGEPAGE`). A large
//! build touches over 100 MB of fresh memory from every core, and there they spare it most of
//! its page faults; but every 2 MiB stretch of the heap that any thread touches becomes a whole
//! huge page, and a small brief's threads spread their first pages over about 12 MiB of it,
//! mostly unused. A short job (a few sections, or one section and a large dataset) gains
//! nothing from them and pays that in full: the binary refuses them from its start
//! ([`hold_back_huge_pages`]), and loading allows them again as soon as the sections' files it
//! has read show a large brief ([`text_read`]), before most of a large build's memory is
//! touched. Figures: BENCHMARKS.md, "Huge pages for large briefs only".

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// The sections' text (every edition's files, in bytes) from which huge pages are allowed.
/// Drafting and rendering the text is what makes a build's many small allocations: the
/// 100-section benchmark brief (0.6 MB of Markdown) takes as much CPU time without huge pages
/// and 13 MB less memory, the 300-section one (1.8 MB) 8 % less CPU time with them. Datasets
/// do not count: their rows are a few large allocations, which huge pages speed up little (3 %
/// of a 50 MB CSV's build) and which need no help to fill their pages.
const HUGE_PAGES_FROM_TEXT: usize = 1 << 20;

/// Whether [`hold_back_huge_pages`] refused them, so that [`text_read`] may allow them again.
static HELD_BACK: AtomicBool = AtomicBool::new(false);

/// The bytes of sections' files read by the load under way (sections are read in parallel).
static TEXT_READ: AtomicUsize = AtomicUsize::new(0);

/// Refuse huge pages to this process until a loaded brief is large enough to gain from them
/// (the `brief` binary, first thing). A process whose huge pages were already refused (by its
/// parent, whose choice it inherits, or by `MIMALLOC_ALLOW_THP=0`) keeps them refused.
pub fn hold_back_huge_pages() {
    if refused() == Some(false) && refuse(true) {
        HELD_BACK.store(true, Ordering::Relaxed);
    }
}

/// A load begins: the brief's size is counted afresh (the dev server loads it for every
/// rebuild).
pub(crate) fn loading() {
    TEXT_READ.store(0, Ordering::Relaxed);
}

/// A section's file (of the brief or a translation) was read, `bytes` long: allow huge pages
/// again if they were held back and the files read so far make a large brief.
pub(crate) fn text_read(bytes: usize) {
    if !HELD_BACK.load(Ordering::Relaxed) {
        return;
    }
    let read = TEXT_READ.fetch_add(bytes, Ordering::Relaxed) + bytes;
    if gains_from_huge_pages(read) && HELD_BACK.swap(false, Ordering::Relaxed) {
        refuse(false);
    }
}

fn gains_from_huge_pages(text_bytes: usize) -> bool {
    text_bytes >= HUGE_PAGES_FROM_TEXT
}

/// Whether this process refuses transparent huge pages (`None`: not known here).
fn refused() -> Option<bool> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    return rustix::thread::transparent_huge_pages_are_disabled().ok();
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    return None;
}

/// Refuse (or allow) transparent huge pages to the whole process; whether that was done.
fn refuse(refuse: bool) -> bool {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    return rustix::thread::disable_transparent_huge_pages(refuse).is_ok();
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    return {
        let _ = refuse;
        false
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_large_text_gains() {
        assert!(!gains_from_huge_pages(0));
        assert!(!gains_from_huge_pages(HUGE_PAGES_FROM_TEXT - 1));
        assert!(gains_from_huge_pages(HUGE_PAGES_FROM_TEXT));
    }

    /// The process-wide flag: held back, kept back while the files read are small, allowed
    /// once they are large. (No other test of this binary reads a megabyte of sections.)
    #[cfg(target_os = "linux")]
    #[test]
    fn held_back_until_a_large_brief_is_read() {
        if refused() != Some(false) {
            return; // refused by whoever started the tests: nothing to hold back
        }
        hold_back_huge_pages();
        assert_eq!(refused(), Some(true));
        loading();
        text_read(HUGE_PAGES_FROM_TEXT / 2);
        assert_eq!(
            refused(),
            Some(true),
            "half a large brief keeps them refused"
        );
        loading();
        text_read(HUGE_PAGES_FROM_TEXT / 2);
        assert_eq!(refused(), Some(true), "each load counts its own files");
        text_read(HUGE_PAGES_FROM_TEXT / 2);
        assert_eq!(refused(), Some(false), "a large brief allows them");
        // Allowed once for all: a later small brief does not refuse them again.
        loading();
        text_read(1000);
        assert_eq!(refused(), Some(false));
    }
}
