//! brief: a static site generator for policy briefs.
//!
//! The build is a pipeline of plain stages, each in its own module:
//! [`load`] (files → [`model::Brief`]) → [`markdown`] and [`blocks`] (render, checking specs
//! against datasets) → [`page`] (Tera) → [`write`](mod@write) (temp folder, atomic swap; [`standalone`]
//! and [`pdf`] add the shareable outputs). Problems are
//! collected as [`diagnostics::Diagnostic`] values across the whole build; the binary decides
//! how to print them.

pub mod blocks;
pub mod cache;
pub mod cite;
pub mod date;
pub mod diagnostics;
pub mod format;
#[doc(hidden)]
pub mod fuzz;
pub mod lint;
pub mod load;
pub mod markdown;
pub mod model;
pub mod page;
pub mod pdf;
mod pipeline;
pub mod scaffold;
pub mod serve;
mod source;
pub mod standalone;
mod stopwatch;
#[cfg(test)]
mod testing;
pub mod text;
pub mod theme;
pub mod write;
mod yaml;

pub use pipeline::{
    BuildOptions, BuildSummary, Site, build, check, render_loaded, render_site,
    render_site_with_cache,
};
