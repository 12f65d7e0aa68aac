//! A brief's translations, built beside the original: each goes through the same stages
//! ([`render_brief`]) as a site of its own, then is placed in its folder (`hi/`): the files it
//! shares with the original (the theme's static files, the datasets' CSV) are left to the
//! original's, and its page links up to them.

use std::path::Path;

use rayon::prelude::*;

use crate::diagnostics::{BuildFailed, Diagnostic, Diagnostics};
use crate::model;
use crate::page::{self, PageOptions};
use crate::stopwatch::Stopwatch;
use crate::theme::Theme;
use crate::write::SiteFiles;

use super::outputs::Extras;
use super::{BuildOptions, BuildTarget, Mode, Site, render_brief};

/// A translation, rendered and placed in its folder.
pub(super) struct Edition {
    pub(super) site: Site,
    pub(super) extras: Extras,
}

/// Renders every translation, side by side, keeping its files in memory.
pub(super) fn render_editions(
    root: &Path,
    translations: &[model::Brief],
    theme: &Theme,
    options: &BuildOptions,
) -> Vec<(String, Result<(Site, Extras), BuildFailed>)> {
    translations
        .par_iter()
        .map(|brief| {
            let mode = Mode {
                build: Some(BuildTarget {
                    options,
                    staging: None,
                }),
                ..Mode::default()
            };
            let rendered = render_brief(
                root,
                brief,
                theme,
                Diagnostics::default(),
                &PageOptions::default(),
                mode,
                Stopwatch::start(),
            );
            (brief.editions.dir().to_string(), rendered)
        })
        .collect()
}

/// Puts each rendered translation in its folder: its own files (page, charts, citations,
/// single-file HTML, PDF) under `hi/`, the ones the original writes too left out, its page's
/// links to those made to go up. Every error of every edition is reported.
pub(super) fn place(
    rendered: Vec<(String, Result<(Site, Extras), BuildFailed>)>,
    original: &model::Brief,
    theme: &Theme,
    original_files: &SiteFiles,
) -> Result<Vec<Edition>, BuildFailed> {
    let mut errors = Diagnostics::default();
    let mut editions = Vec::new();
    for (dir, rendered) in rendered {
        match rendered.and_then(|(site, extras)| {
            place_one(&dir, site, extras, original, theme, original_files)
                .map_err(|d| BuildFailed(vec![d]))
        }) {
            Ok(edition) => editions.push(edition),
            Err(failed) => errors.extend(failed.0),
        }
    }
    if errors.has_errors() {
        return Err(BuildFailed(errors.into_sorted()));
    }
    Ok(editions)
}

/// Whether `path` is a file every edition shares: written once, at the site's root.
fn is_shared(path: &str, original: &model::Brief, theme: &Theme) -> bool {
    theme.static_files.contains_key(path)
        || original.datasets.iter().any(|d| d.csv_path() == path)
        || matches!(path, "robots.txt" | "sitemap.xml")
}

fn place_one(
    dir: &str,
    site: Site,
    mut extras: Extras,
    original: &model::Brief,
    theme: &Theme,
    original_files: &SiteFiles,
) -> Result<Edition, Diagnostic> {
    let shared = |path: &str| is_shared(path, original, theme);
    let up = "../".repeat(dir.matches('/').count());
    let mut files = SiteFiles::new();
    for (path, bytes) in site.files {
        if shared(&path) {
            continue;
        }
        let bytes = if path == "index.html" {
            let html = String::from_utf8_lossy(&bytes);
            page::link_shared_files(&html, &up, &shared)?.into_bytes()
        } else {
            bytes
        };
        let placed = format!("{dir}{path}");
        if original_files.contains_key(&placed) {
            return Err(Diagnostic::error(
                format!("static/{placed}"),
                format!("this static file would overwrite the `{placed}` of the translation in `content/{}`", dir.trim_end_matches('/')),
            )
            .with_hint("rename or remove the static file"));
        }
        files.insert(placed, bytes);
    }
    if let Some(job) = &mut extras.pdf {
        job.page = page::link_shared_files(&job.page, &up, &shared)?;
        job.file = format!("{dir}{}", job.file);
    }
    if let Some(name) = &mut extras.standalone {
        *name = format!("{dir}{name}");
    }
    Ok(Edition {
        site: Site { files, ..site },
        extras,
    })
}

/// The original's warnings and the translations', each once: an untranslated section, or a
/// dataset every edition shows, gives the same warning in every edition.
pub(super) fn merge_warnings(mut warnings: Vec<Diagnostic>, editions: &[Edition]) -> Vec<Diagnostic> {
    for edition in editions {
        for warning in &edition.site.warnings {
            let same = |w: &Diagnostic| {
                w.path == warning.path
                    && w.line == warning.line
                    && w.column == warning.column
                    && w.message == warning.message
            };
            if !warnings.iter().any(same) {
                warnings.push(warning.clone());
            }
        }
    }
    let mut sorted = Diagnostics::default();
    sorted.extend(warnings);
    sorted.into_sorted()
}
