//! A brief's translations, built beside the original: each goes through the same stages
//! ([`render_brief`]) as a site of its own, then is placed in its folder (`hi/`): the files it
//! shares with the original (the theme's static files, the datasets' CSV) are left to the
//! original's; its page was drawn linking up to them (`root` in the templates).

use std::collections::HashSet;
use std::path::Path;

use rayon::prelude::*;

use crate::diagnostics::{BuildFailed, Diagnostic, Diagnostics};
use crate::model;
use crate::page::PageOptions;
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

/// Renders every translation, side by side (and beside the original), keeping its files in
/// memory, and places each in its folder: its own files (page, charts, citations, single-file
/// HTML, PDF) under `hi/`, the ones the original writes too left out (its templates link them
/// up to the root: [`Theme::for_root`]).
pub(super) fn render_editions(
    root: &Path,
    translations: &[model::Brief],
    original: &model::Brief,
    theme: &Theme,
    options: &BuildOptions,
) -> Vec<Result<Edition, BuildFailed>> {
    render_each(translations, original, theme, |brief| {
        let mode = Mode {
            build: Some(BuildTarget {
                options,
                staging: None,
            }),
            ..Mode::default()
        };
        let page = &PageOptions::default();
        let clock = Stopwatch::start();
        render_brief(
            root,
            brief,
            theme,
            Diagnostics::default(),
            page,
            mode,
            clock,
        )
    })
}

/// Renders every translation with `render`, side by side, and places each in its folder.
pub(super) fn render_each(
    translations: &[model::Brief],
    original: &model::Brief,
    theme: &Theme,
    render: impl Fn(&model::Brief) -> Result<(Site, Extras), BuildFailed> + Sync,
) -> Vec<Result<Edition, BuildFailed>> {
    let shared = shared_files(original, theme);
    translations
        .par_iter()
        .map(|brief| {
            let (site, extras) = render(brief)?;
            Ok(place_one(brief.editions.dir(), site, extras, &shared))
        })
        .collect()
}

/// The placed translations, or every error of every one; a static file of the original's
/// that takes the name of a translation's file is one.
pub(super) fn placed(
    editions: Vec<Result<Edition, BuildFailed>>,
    original_files: &SiteFiles,
) -> Result<Vec<Edition>, BuildFailed> {
    let mut errors = Diagnostics::default();
    let mut placed = Vec::new();
    for edition in editions {
        match edition {
            Ok(edition) => {
                for name in edition.site.files.keys() {
                    if original_files.contains_key(name) {
                        errors.push(
                            Diagnostic::error(
                                format!("static/{name}"),
                                format!(
                                    "this static file would overwrite a translation's `{name}`"
                                ),
                            )
                            .with_hint("rename or remove the static file"),
                        );
                    }
                }
                placed.push(edition);
            }
            Err(failed) => errors.extend(failed.0),
        }
    }
    if errors.has_errors() {
        return Err(BuildFailed(errors.into_sorted()));
    }
    Ok(placed)
}

/// The files every edition shares: written once, at the site's root.
fn shared_files(original: &model::Brief, theme: &Theme) -> HashSet<String> {
    let mut shared: HashSet<String> = theme.static_files.keys().cloned().collect();
    shared.extend(original.datasets.iter().map(model::Dataset::csv_path));
    shared.extend(["robots.txt".to_string(), "sitemap.xml".to_string()]);
    shared
}

fn place_one(dir: &str, site: Site, mut extras: Extras, shared: &HashSet<String>) -> Edition {
    let files = site
        .files
        .into_iter()
        .filter(|(path, _)| !shared.contains(path))
        .map(|(path, bytes)| (format!("{dir}{path}"), bytes))
        .collect();
    if let Some(job) = &mut extras.pdf {
        job.file = format!("{dir}{}", job.file);
    }
    if let Some(name) = &mut extras.standalone {
        *name = format!("{dir}{name}");
    }
    Edition {
        site: Site { files, ..site },
        extras,
    }
}

/// The original's warnings and the translations', each once: an untranslated section, or a
/// dataset every edition shows, gives the same warning in every edition.
pub(super) fn merge_warnings(
    mut warnings: Vec<Diagnostic>,
    editions: &[Edition],
) -> Vec<Diagnostic> {
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
