//! The site's files besides the page: the theme's static files, the datasets as CSV, the
//! charts as SVG, sitemap, robots.txt and citations; and the checks that no two outputs clash.

use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostics::{self, Diagnostic, Diagnostics};
use crate::markdown;
use crate::model;
use crate::theme::{self, StaticFile, Theme};
use crate::write::{self, SiteFiles};
use crate::{cite, page};

use super::outputs::Extras;

/// The site's files but the page: the theme's static files, then what brief generates (data
/// as CSV, charts as SVG, sitemap, robots.txt, citations). A static file may not take a
/// generated file's name. With `names_only` (`brief check`), the datasets' CSV files are
/// listed empty: what is checked is their names, and writing them is most of a large
/// dataset's cost. The chart files are moved out of `document`'s blocks where no cache
/// shares them (a build's), else copied.
pub(super) fn side_files(
    root: &Path,
    brief: &model::Brief,
    theme: &Theme,
    document: &mut markdown::Document,
    names_only: bool,
    diagnostics: &mut Diagnostics,
) -> SiteFiles {
    let mut files = SiteFiles::new();
    for (name, file) in &theme.static_files {
        let bytes = match file {
            StaticFile::Embedded(bytes) => bytes.to_vec(),
            StaticFile::OnDisk(path) => match std::fs::read(path) {
                Ok(bytes) => bytes,
                Err(err) => {
                    diagnostics.push(Diagnostic::error(
                        diagnostics::display_path(root, path),
                        format!("cannot read the static file: {err}"),
                    ));
                    continue;
                }
            },
        };
        files.insert(name.clone(), bytes);
    }
    let mut generated: SiteFiles = brief
        .datasets
        .par_iter()
        .map(|dataset| {
            let csv = if names_only {
                Vec::new()
            } else {
                write::dataset_csv(dataset)
            };
            (dataset.csv_path(), csv)
        })
        .collect::<Vec<_>>()
        .into_iter()
        .collect();
    for block in &mut document.blocks {
        // 200 chart files of 20-30 kB each (their fonts inlined) at 1,000 sections.
        let file = match Arc::get_mut(block) {
            Some(block) => block.svg_file.take(),
            None => block.svg_file.clone(),
        };
        if let Some((path, svg)) = file {
            generated.insert(path, svg.into_bytes());
        }
    }
    if let Some(sitemap) = page::sitemap(brief) {
        generated.insert("sitemap.xml".into(), sitemap.into_bytes());
    }
    generated.insert("robots.txt".into(), page::robots(brief).into_bytes());
    generated.insert(cite::BIBTEX_FILE.into(), cite::bibtex(brief).into_bytes());
    generated.insert(cite::RIS_FILE.into(), cite::ris(brief).into_bytes());
    for (path, bytes) in generated {
        insert_generated(&mut files, path, bytes, diagnostics);
    }
    files
}

/// Adds a generated file, reporting a static file of the same name (other than the default
/// theme's own, which the brief may replace).
fn insert_generated(
    files: &mut SiteFiles,
    path: String,
    bytes: Vec<u8>,
    diagnostics: &mut Diagnostics,
) {
    check_static_collision(files, &path, diagnostics);
    files.insert(path, bytes);
}

/// Reports a static file (other than the default theme's own) named like the generated
/// `path`.
fn check_static_collision(files: &SiteFiles, path: &str, diagnostics: &mut Diagnostics) {
    if files.contains_key(path) && !theme::DEFAULT_STATIC.iter().any(|(n, _)| *n == path) {
        diagnostics.push(
            Diagnostic::error(
                format!("static/{path}"),
                format!("this static file would overwrite the generated `{path}`"),
            )
            .with_hint("rename or remove the static file"),
        );
    }
}

/// Reports output names that clash: a static file named like a file brief makes after the static
/// files are written (it would stand in their place), or names that differ only in case.
pub(super) fn check_output_names(
    files: &SiteFiles,
    extras: &Extras,
    theme: &Theme,
    diagnostics: &mut Diagnostics,
) {
    let later = [
        extras.standalone.as_ref(),
        extras.pdf.as_ref().map(|job| &job.file),
    ];
    for name in later.into_iter().flatten() {
        check_static_collision(files, name, diagnostics);
    }
    check_static_collision(files, "index.html", diagnostics);
    let names = files.keys().chain(later.into_iter().flatten());
    theme.check_case(names.map(String::as_str), diagnostics);
}
