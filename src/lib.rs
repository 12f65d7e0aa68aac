//! brief: a static site generator for policy briefs.
//!
//! The build is a pipeline of plain stages, each in its own module:
//! [`load`] (files → [`model::Brief`]) → [`markdown`] and [`blocks`] (render, checking specs
//! against datasets) → [`page`] (Tera) → [`write`] (temp folder, atomic swap). Problems are
//! collected as [`diagnostics::Diagnostic`] values across the whole build; the binary decides
//! how to print them.

pub mod blocks;
pub mod cache;
pub mod diagnostics;
pub mod format;
pub mod lint;
pub mod load;
pub mod markdown;
pub mod model;
pub mod page;
pub mod scaffold;
pub mod serve;
pub mod theme;
pub mod write;
mod yaml;

use std::path::{Path, PathBuf};
use std::time::Instant;

use diagnostics::{BuildFailed, Diagnostic, Diagnostics};
use page::PageOptions;
use theme::{StaticFile, Theme};
use write::SiteFiles;

/// What to build, and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The brief's folder (holds `content/`).
    pub root: PathBuf,
    /// The output folder (default `<root>/public`).
    pub out: Option<PathBuf>,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            out: None,
        }
    }

    pub fn out_dir(&self) -> PathBuf {
        self.out.clone().unwrap_or_else(|| self.root.join("public"))
    }
}

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct BuildSummary {
    pub sections: usize,
    pub charts: usize,
    pub tables: usize,
    pub files: usize,
    pub millis: u128,
    pub out_dir: PathBuf,
    /// Warnings (the build succeeded despite them).
    pub warnings: Vec<Diagnostic>,
}

/// A rendered site, in memory, ready to write.
pub struct Site {
    pub files: SiteFiles,
    pub sections: usize,
    pub charts: usize,
    pub tables: usize,
    pub warnings: Vec<Diagnostic>,
}

/// Load, validate and render the brief at `root`, without writing anything.
pub fn render_site(root: &Path, options: &PageOptions) -> Result<Site, BuildFailed> {
    render_site_with_cache(root, options, None)
}

/// [`render_site`], reusing the sections, charts and tables of earlier builds that `cache`
/// holds (the dev server's rebuilds).
pub fn render_site_with_cache(
    root: &Path,
    options: &PageOptions,
    cache: Option<&markdown::RenderCache>,
) -> Result<Site, BuildFailed> {
    let mut diagnostics = Diagnostics::default();
    let (brief, theme) = match (load::load(root), Theme::load(root)) {
        (Ok((brief, load_problems)), Ok(theme)) => {
            diagnostics.extend(load_problems);
            (brief, theme)
        }
        (brief, theme) => {
            match brief {
                Ok((_, d)) | Err(d) => diagnostics.extend(d),
            }
            if let Err(d) = theme {
                diagnostics.extend(d);
            }
            return Err(BuildFailed(diagnostics.into_sorted()));
        }
    };
    render_loaded(root, &brief, &theme, diagnostics, options, cache)
}

/// The stages after loading: render `brief` with `theme` into a site. `diagnostics` holds the
/// load's problems (warnings; errors make the build fail after rendering reports its own).
pub fn render_loaded(
    root: &Path,
    brief: &model::Brief,
    theme: &Theme,
    mut diagnostics: Diagnostics,
    options: &PageOptions,
    cache: Option<&markdown::RenderCache>,
) -> Result<Site, BuildFailed> {
    let document = markdown::render_with_cache(brief, theme, &mut diagnostics, cache);
    let page = page::render_page(brief, theme, &document, options);
    let html = match page {
        Ok(html) => html,
        Err(d) => {
            diagnostics.push(d);
            String::new()
        }
    };
    if diagnostics.has_errors() {
        return Err(BuildFailed(diagnostics.into_sorted()));
    }

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
    let mut generated = SiteFiles::new();
    generated.insert("index.html".into(), html.into_bytes());
    for dataset in &brief.datasets {
        generated.insert(dataset.csv_path(), write::dataset_csv(dataset));
    }
    for block in &document.blocks {
        if let Some((path, svg)) = &block.svg_file {
            generated.insert(path.clone(), svg.clone().into_bytes());
        }
    }
    if let Some(sitemap) = page::sitemap(brief) {
        generated.insert("sitemap.xml".into(), sitemap.into_bytes());
    }
    for (path, bytes) in generated {
        if files.contains_key(&path) && !theme::DEFAULT_STATIC.iter().any(|(n, _)| *n == path) {
            diagnostics.push(
                Diagnostic::error(
                    format!("static/{path}"),
                    format!("this static file would overwrite the generated `{path}`"),
                )
                .with_hint("rename or remove the static file"),
            );
        }
        files.insert(path, bytes);
    }
    if diagnostics.has_errors() {
        return Err(BuildFailed(diagnostics.into_sorted()));
    }

    let count = |kind| document.blocks.iter().filter(|b| b.kind == kind).count();
    Ok(Site {
        files,
        sections: document.sections.len(),
        charts: count(blocks::BlockKind::Chart),
        tables: count(blocks::BlockKind::Table),
        warnings: diagnostics.into_sorted(),
    })
}

/// `brief build`: render the brief and replace the output folder with the result.
pub fn build(options: &BuildOptions) -> Result<BuildSummary, BuildFailed> {
    let start = Instant::now();
    let out_dir = options.out_dir();
    write::check_output_dir(&options.root, &out_dir).map_err(|d| BuildFailed(vec![d]))?;
    let site = render_site(&options.root, &PageOptions::default())?;
    write::write_site(&out_dir, &site.files).map_err(|d| BuildFailed(vec![d]))?;
    Ok(BuildSummary {
        sections: site.sections,
        charts: site.charts,
        tables: site.tables,
        files: site.files.len(),
        millis: start.elapsed().as_millis(),
        out_dir,
        warnings: site.warnings,
    })
}

/// `brief check`: everything `build` checks, without writing, plus the findings of
/// [`lint`] (unused datasets, images without alt text, skipped heading levels, empty
/// sections, links to missing files). Returns the warnings, or every finding on an error.
pub fn check(root: &Path) -> Result<Vec<Diagnostic>, BuildFailed> {
    let rendered = render_site(root, &PageOptions::default());
    let site_files = rendered.as_ref().ok().map(|site| &site.files);
    let lints = match load::load(root) {
        Ok((brief, _)) => lint::lint(&brief, site_files),
        Err(_) => Vec::new(),
    };
    let mut findings = Diagnostics::default();
    match rendered {
        Ok(site) => findings.extend(site.warnings),
        Err(failed) => findings.extend(failed.0),
    }
    findings.extend(lints);
    if findings.has_errors() {
        Err(BuildFailed(findings.into_sorted()))
    } else {
        Ok(findings.into_sorted())
    }
}
