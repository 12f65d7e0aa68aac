//! Huge pages only for the briefs that gain from them.
//!
//! mimalloc asks the kernel for 2 MiB pages over its whole heap (`MADV_HUGEPAGE`). A large
//! build touches over 100 MB of fresh memory from every core, and there they spare it most of
//! its page faults; but every 2 MiB stretch of the heap that any thread touches becomes a whole
//! huge page, and a small brief's threads spread their first pages over about 12 MiB of it,
//! mostly unused. A short job (a few sections, or one section and a large dataset) gains
//! nothing from them and pays that in full: the binary refuses them from its start
//! ([`hold_back_huge_pages`]), and loading allows them again when the sections' files it is
//! about to read make a large brief ([`sized_up`]), before its threads have touched anything.
//! Figures: BENCHMARKS.md, "Huge pages for large briefs only".

use std::sync::atomic::{AtomicBool, Ordering};

/// The sections' files (`content/*.md`, in bytes) from which huge pages are allowed.
/// Drafting and rendering the text is what makes a build's many small allocations: the
/// 100-section benchmark brief (0.6 MB of Markdown) takes as much CPU time without huge pages
/// and 13 MB less memory, the 300-section one (1.8 MB) 8 % less CPU time with them. Datasets
/// do not count: their rows are a few large allocations, which huge pages speed up little (3 %
/// of a 50 MB CSV's build) and which need no help to fill their pages.
const HUGE_PAGES_FROM_TEXT: usize = 1 << 20;

/// Whether [`hold_back_huge_pages`] refused them, so that [`sized_up`] may allow them again.
static HELD_BACK: AtomicBool = AtomicBool::new(false);

/// Refuse huge pages to this process until a loaded brief is large enough to gain from them
/// (the `brief` binary, first thing). A process whose huge pages were already refused (by its
/// parent, whose choice it inherits, or by `MIMALLOC_ALLOW_THP=0`) keeps them refused.
pub fn hold_back_huge_pages() {
    if refused() == Some(false) && refuse(true) {
        HELD_BACK.store(true, Ordering::Relaxed);
    }
}

/// Whether huge pages are held back, so that a load should size the brief up first.
pub(crate) fn held_back() -> bool {
    HELD_BACK.load(Ordering::Relaxed)
}

/// The brief about to be loaded has `text_bytes` of sections' files: allow huge pages again if
/// they were held back and the brief is large.
pub(crate) fn sized_up(text_bytes: usize) {
    if gains_from_huge_pages(text_bytes) && HELD_BACK.swap(false, Ordering::Relaxed) {
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

    /// The process-wide flag: held back, kept back by a small brief, allowed by a large one.
    /// (No other test of this binary loads a megabyte of sections.)
    #[cfg(target_os = "linux")]
    #[test]
    fn held_back_until_a_large_brief_is_loaded() {
        if refused() != Some(false) {
            return; // refused by whoever started the tests: nothing to hold back
        }
        hold_back_huge_pages();
        assert_eq!(refused(), Some(true));
        assert!(held_back());
        sized_up(HUGE_PAGES_FROM_TEXT - 1);
        assert_eq!(refused(), Some(true), "a small brief keeps them refused");
        sized_up(HUGE_PAGES_FROM_TEXT);
        assert_eq!(refused(), Some(false), "a large brief allows them");
        assert!(!held_back());
        // Allowed once for all: a later small brief does not refuse them again.
        sized_up(1000);
        assert_eq!(refused(), Some(false));
    }
}
