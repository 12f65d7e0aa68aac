//! brief: a static site generator for policy briefs.
//!
//! The library's surface is what the `brief` binary runs: [`build`], [`check`], [`serve()`]
//! and [`new_brief`], their options ([`BuildOptions`], [`ServeOptions`], [`Paper`]) and
//! results ([`BuildSummary`], [`ServeEvent`]), and the located problems they report
//! ([`Diagnostic`], [`BuildFailed`]), and [`hold_back_huge_pages`], which the binary calls
//! first to keep a small brief's memory small. Everything else is private to the crate: ARCHITECTURE.md
//! is the map of how a build goes, stage by stage.

mod blocks;
mod cache;
mod cite;
mod date;
mod diagnostics;
mod format;
#[doc(hidden)]
pub mod fuzz;
mod lint;
mod load;
mod locale;
mod markdown;
mod memory;
mod model;
mod page;
mod pdf;
mod pipeline;
mod scaffold;
mod serve;
mod source;
mod standalone;
mod stopwatch;
#[cfg(test)]
mod testing;
mod text;
mod theme;
mod write;
mod yaml;

pub use diagnostics::{BuildFailed, Diagnostic, Diagnostics, Severity, SheetCell};
pub use load::{MAX_DATASET_BYTES, MAX_SHEET_BYTES};
pub use memory::hold_back_huge_pages;
pub use model::Paper;
pub use pipeline::{BuildOptions, BuildSummary, build, check};
pub use scaffold::{new_brief, new_brief_in};
pub use serve::{RELOAD_SCRIPT, ServeEvent, ServeOptions, check_brief_folder, serve};

/// Internals the benchmarks and the test suite measure or compare against. Not an API: it
/// changes with the code.
#[doc(hidden)]
pub mod internals {
    pub use crate::blocks::BlockOrigin;
    pub use crate::blocks::chart::{self, ChartSpec};
    pub use crate::model::{Cell, Column, ColumnKind, Dataset, Row, RowRef, Rows, SourceFile};
    pub use crate::text::options as markdown_options;
    pub use crate::text::smart_text;
    pub use crate::theme::DEFAULT_TEMPLATES;
}
