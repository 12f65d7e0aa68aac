//! The pipeline: load the brief and its theme, render it (Markdown, blocks, page), and for
//! `brief build` write it (atomically) with the shareable outputs; `brief check` adds its
//! findings. [`crate::serve`] runs the same stages on every save.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::diagnostics::{self, BuildFailed, Diagnostic, Diagnostics};
use crate::model::{self, Paper};
use crate::page::{self, PageOptions};
use crate::stopwatch::Stopwatch;
use crate::theme::{self, StaticFile, Theme};
use crate::write::{self, SiteFiles};
use crate::{blocks, cite, lint, load, markdown, pdf, standalone};

/// What to build, and where.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The brief's folder (holds `content/`).
    pub root: PathBuf,
    /// The output folder (default `<root>/public`).
    pub out: Option<PathBuf>,
    /// Also print `<slug>.pdf` (`--pdf` / `--no-pdf`); `None` leaves it to brief.yaml's `pdf:`.
    pub pdf: Option<bool>,
    /// Also write the self-contained `<slug>.html`; `None` leaves it to `standalone:`.
    pub standalone: Option<bool>,
    /// Paper size; `None` leaves it to brief.yaml's `paper:` (default A4).
    pub paper: Option<Paper>,
    /// The browser that prints the PDF; `None`: `$BRIEF_CHROME`, else found on `PATH`.
    pub chrome: Option<PathBuf>,
    /// How long printing may take (default [`pdf::DEFAULT_TIMEOUT`]).
    pub pdf_timeout: Option<Duration>,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            ..BuildOptions::default()
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
    /// Errors that did not stop the website being written: a PDF was asked for, but no
    /// browser to print it was found. The binary exits non-zero on them.
    pub errors: Vec<Diagnostic>,
    /// The self-contained HTML file written, if any (relative to `out_dir`).
    pub standalone: Option<String>,
    /// The PDF written, if any (relative to `out_dir`), and how long printing took.
    pub pdf: Option<(String, u128)>,
    /// Wall time of each stage, in order (shown by `BRIEF_TIMINGS=1 brief build`).
    pub stages: Vec<(&'static str, Duration)>,
}

/// A rendered site, in memory, ready to write.
pub(crate) struct Site {
    pub files: SiteFiles,
    pub sections: usize,
    pub charts: usize,
    pub tables: usize,
    pub warnings: Vec<Diagnostic>,
    /// Wall time of each stage so far, in order.
    pub stages: Vec<(&'static str, Duration)>,
    /// A build wrote `index.html` straight into the output, and `files` keeps no copy of it.
    pub page_on_disk: bool,
}

/// Load, validate and render the brief at `root`, without writing anything.
pub(crate) fn render_site(root: &Path, options: &PageOptions) -> Result<Site, BuildFailed> {
    render(root, options, None, None).map(|(site, _)| site)
}

/// [`render_site`], reusing the section drafts, charts and tables of earlier builds that `cache`
/// holds (the dev server's rebuilds).
pub(crate) fn render_site_with_cache(
    root: &Path,
    options: &PageOptions,
    cache: Option<&markdown::RenderCache>,
) -> Result<Site, BuildFailed> {
    render(root, options, None, cache).map(|(site, _)| site)
}

/// What `brief build` adds to rendering: its options and the folder it writes into.
#[derive(Clone, Copy)]
struct BuildTarget<'a> {
    options: &'a BuildOptions,
    staging: &'a write::Staging,
}

/// The shareable outputs a build makes besides the website.
#[derive(Default)]
struct Extras {
    /// The PDF to print, when one is asked for and a browser was found.
    pdf: Option<PdfJob>,
    /// Why a PDF that was asked for cannot be printed.
    pdf_error: Option<Diagnostic>,
    /// The standalone file's name, when it was made.
    standalone: Option<String>,
}

/// A PDF to print once the site is written.
struct PdfJob {
    /// Its file name in the output folder.
    file: String,
    printer: pdf::Printer,
    /// The page to print ([`pdf::print_page`]), filled in once the page is rendered.
    page: String,
    /// What the PDF says about the brief (title, authors, dates…), written after printing.
    metadata: pdf::Metadata,
}

/// [`render_site`], plus the shareable outputs `build` asks for (the standalone file is made
/// here, in memory; the PDF is printed later, beside the written page).
fn render(
    root: &Path,
    options: &PageOptions,
    build: Option<BuildTarget<'_>>,
    cache: Option<&markdown::RenderCache>,
) -> Result<(Site, Extras), BuildFailed> {
    let mut clock = Stopwatch::start();
    let loaded = load_all(root);
    clock.lap("load");
    let (brief, theme, diagnostics) = loaded.ready()?;
    render_brief(
        root,
        &brief,
        &theme,
        diagnostics,
        options,
        build,
        cache,
        clock,
    )
}

/// The brief and its theme, loaded side by side (they are independent), and the problems
/// found.
struct Loaded {
    brief: Result<model::Brief, ()>,
    theme: Result<Theme, ()>,
    diagnostics: Diagnostics,
}

fn load_all(root: &Path) -> Loaded {
    let ((brief, mut diagnostics), theme) = rayon::join(
        || {
            let mut diagnostics = Diagnostics::default();
            (load::load(root, &mut diagnostics).ok_or(()), diagnostics)
        },
        || Theme::load(root),
    );
    let theme = theme.map_err(|problems| diagnostics.extend(problems));
    Loaded {
        brief,
        theme,
        diagnostics,
    }
}

impl Loaded {
    /// Both loaded, or every problem found loading them.
    fn ready(self) -> Result<(model::Brief, Theme, Diagnostics), BuildFailed> {
        match (self.brief, self.theme) {
            (Ok(brief), Ok(theme)) => Ok((brief, theme, self.diagnostics)),
            _ => Err(BuildFailed(self.diagnostics.into_sorted())),
        }
    }
}

/// The stages after loading, for a brief the dev server keeps loaded: render `brief` with
/// `theme` into a site. `diagnostics` holds the load's problems.
pub(crate) fn render_loaded(
    root: &Path,
    brief: &model::Brief,
    theme: &Theme,
    diagnostics: Diagnostics,
    options: &PageOptions,
    cache: Option<&markdown::RenderCache>,
) -> Result<Site, BuildFailed> {
    let clock = Stopwatch::start();
    render_brief(root, brief, theme, diagnostics, options, None, cache, clock).map(|(site, _)| site)
}

/// The site's files but the page: the theme's static files, then what brief generates (data
/// as CSV, charts as SVG, sitemap, robots.txt, citations). A static file may not take a
/// generated file's name.
fn side_files(
    root: &Path,
    brief: &model::Brief,
    theme: &Theme,
    document: &markdown::Document,
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
        .map(|dataset| (dataset.csv_path(), write::dataset_csv(dataset)))
        .collect::<Vec<_>>()
        .into_iter()
        .collect();
    for block in &document.blocks {
        if let Some((path, svg)) = &block.svg_file {
            generated.insert(path.clone(), svg.clone().into_bytes());
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

/// [`render`] after loading.
#[allow(clippy::too_many_arguments)]
fn render_brief(
    root: &Path,
    brief: &model::Brief,
    theme: &Theme,
    mut diagnostics: Diagnostics,
    options: &PageOptions,
    build: Option<BuildTarget<'_>>,
    cache: Option<&markdown::RenderCache>,
    mut clock: Stopwatch,
) -> Result<(Site, Extras), BuildFailed> {
    let mut options = options.clone();
    let mut extras = plan_extras(brief, build.map(|b| b.options), &mut options);
    let staging = build.map(|b| b.staging);
    let options = &options;
    let markdown::Planned { outline, sections } = markdown::plan(brief, &mut diagnostics, cache);
    // The page's shell is laid out from the document's outline while the blocks and sections
    // render.
    let (shell, bodies) = rayon::join(
        || page::lay_out(brief, theme, &outline, options),
        || sections.render(theme, &mut diagnostics, cache),
    );
    let document = markdown::Document::new(outline, bodies);
    clock.extend(&document.stages);
    // Every file but the page (and the standalone copy made from it) is known now: a build
    // writes them while the page renders.
    let mut files = side_files(root, brief, theme, &document, &mut diagnostics);
    let later = [
        extras.standalone.as_ref(),
        extras.pdf.as_ref().map(|job| &job.file),
    ];
    // Made after the static files are written: a static file of the same name would stand in
    // their place.
    for name in later.into_iter().flatten() {
        check_static_collision(&files, name, &mut diagnostics);
    }
    check_static_collision(&files, "index.html", &mut diagnostics);
    let names = files.keys().chain(later.into_iter().flatten());
    theme.check_case(names.map(String::as_str), &mut diagnostics);
    clock.lap("files");
    // A build writes every file while the page is made, and the page as soon as it is made,
    // from its pieces: only what needs the page whole (the dev server, the standalone copy,
    // the PDF) has it copied into one string.
    let writing = staging.filter(|_| !diagnostics.has_errors());
    let needs_text = writing.is_none() || extras.standalone.is_some() || extras.pdf.is_some();
    let ((page, page_write), early_write) = rayon::join(
        || {
            let page = page::assemble(&shell, brief, theme, &document, options);
            let written = match (&page, writing) {
                (Ok(page), Some(staging)) => staging.write_pieces("index.html", &page.pieces()),
                _ => Ok(()),
            };
            let page = page.map(|page| needs_text.then(|| page.into_string()));
            (page, written)
        },
        || writing.map_or(Ok(()), |staging| staging.write(&files)),
    );
    clock.lap("page");
    for result in [early_write, page_write] {
        if let Err(d) = result {
            diagnostics.push(d);
        }
    }
    let html = match page {
        Ok(html) => html,
        Err(d) => {
            diagnostics.push(d);
            None
        }
    };
    if diagnostics.has_errors() {
        return Err(BuildFailed(diagnostics.into_sorted()));
    }
    if let (Some(job), Some(html)) = (&mut extras.pdf, &html) {
        match pdf::print_page(html, brief.meta.base_url.as_deref()) {
            Ok(page) => job.page = page,
            Err(d) => diagnostics.push(d),
        }
    }
    // Checked against the static files above.
    let page_on_disk = html.is_none();
    if let Some(html) = html {
        files.insert("index.html".into(), html.into_bytes());
    }
    if let Some(name) = &extras.standalone {
        match standalone_page(
            brief,
            theme,
            &document,
            options,
            &files,
            name,
            &mut diagnostics,
        ) {
            Ok(html) => {
                files.insert(name.clone(), html.into_bytes());
            }
            Err(d) => diagnostics.push(d),
        }
    }
    if diagnostics.has_errors() {
        return Err(BuildFailed(diagnostics.into_sorted()));
    }

    let count = |kind| document.blocks.iter().filter(|b| b.kind == kind).count();
    clock.lap("standalone and print copies");
    let site = Site {
        files,
        sections: document.outline.sections.len(),
        charts: count(blocks::BlockKind::Chart),
        tables: count(blocks::BlockKind::Table),
        warnings: diagnostics.into_sorted(),
        stages: clock.into_stages(),
        page_on_disk,
    };
    Ok((site, extras))
}

/// Decides the paper size and, for `brief build`, the shareable outputs (command line over
/// brief.yaml), and makes the page link the ones that will be written.
fn plan_extras(
    brief: &model::Brief,
    build: Option<&BuildOptions>,
    options: &mut PageOptions,
) -> Extras {
    let paper = build.and_then(|b| b.paper).or(brief.meta.paper);
    options.page_size = paper.map(Paper::css_name);
    let mut extras = Extras::default();
    let Some(build) = build else {
        return extras;
    };
    // `index` would overwrite the page itself.
    let slug = match brief.slug() {
        slug if slug == "index" => "brief".to_string(),
        slug => slug,
    };
    if build.pdf.unwrap_or(brief.meta.pdf) {
        match pdf::find_browser(build.chrome.as_deref()) {
            Ok(browser) => {
                let file = format!("{slug}.pdf");
                options.downloads.pdf = file.clone();
                let timeout = build.pdf_timeout.unwrap_or(pdf::DEFAULT_TIMEOUT);
                extras.pdf = Some(PdfJob {
                    file,
                    printer: pdf::Printer { browser, timeout },
                    page: String::new(),
                    metadata: pdf::Metadata::of(brief),
                });
            }
            Err(mut d) => {
                if build.pdf.is_none() {
                    // Asked for by brief.yaml, not the command line: point there.
                    let file = &brief.meta_file;
                    d.path = file.display.clone();
                    if let Some(line) = crate::source::line_of_key(&file.text, "pdf") {
                        d = d.at(&file.text, line, 1);
                    }
                }
                extras.pdf_error = Some(d);
            }
        }
    }
    if build.standalone.unwrap_or(brief.meta.standalone) {
        let file = format!("{slug}.html");
        options.downloads.standalone = file.clone();
        extras.standalone = Some(file);
    }
    extras
}

/// The self-contained page: rendered again without links to the other outputs, with the
/// stylesheet inline, then every file it refers to inlined. Returns it with its warnings.
fn standalone_page(
    brief: &model::Brief,
    theme: &Theme,
    document: &markdown::Document,
    options: &PageOptions,
    files: &SiteFiles,
    name: &str,
    diagnostics: &mut Diagnostics,
) -> Result<String, Diagnostic> {
    let alone = PageOptions {
        inline_css: standalone::stylesheet("style.css", files),
        page_size: options.page_size,
        ..PageOptions::default()
    };
    let html = page::render_page(brief, theme, document, &alone)?;
    standalone::inline(&html, files, name, diagnostics)
}

/// Writes the files made after the page (the page itself, the standalone copy) and prints
/// the PDF, in the temporary folder. Returns how long printing took, in milliseconds.
fn finish_site(
    staging: &write::Staging,
    files: &SiteFiles,
    pdf: Option<&PdfJob>,
) -> Result<u128, Diagnostic> {
    staging.write(files)?;
    let Some(job) = pdf else {
        return Ok(0);
    };
    let temp = staging.path();
    let print_start = Instant::now();
    let page = temp.join(".brief-print.html");
    std::fs::write(&page, &job.page).map_err(|e| {
        Diagnostic::error(&page, format!("cannot write the page to print: {e}"))
            .with_hint("check that the output folder is writable and the disk is not full")
    })?;
    let pdf = temp.join(&job.file);
    let printed = job.printer.print(&page, &pdf);
    let _ = std::fs::remove_file(&page);
    printed?;
    // The brief's metadata replaces the browser's, and the same brief prints the same bytes:
    // the time of printing and the browser's node numbers are replaced (`pdf::finish`).
    let io_error = |e: std::io::Error| {
        Diagnostic::error(&job.file, format!("cannot finish the printed PDF: {e}"))
            .with_hint("check that the output folder is writable and the disk is not full")
    };
    let printed = std::fs::read(&pdf).map_err(io_error)?;
    let finished = pdf::finish(&printed, &job.metadata).map_err(|e| {
        Diagnostic::error(
            &job.file,
            format!("cannot read the PDF the browser printed: {e}"),
        )
        .with_hint("this may be a bug in brief or the browser; try another Chromium-family browser with `--chrome <path>`")
    })?;
    std::fs::write(&pdf, finished).map_err(io_error)?;
    Ok(print_start.elapsed().as_millis())
}

/// `brief build`: render the brief and replace the output folder with the result.
pub fn build(options: &BuildOptions) -> Result<BuildSummary, BuildFailed> {
    let start = Instant::now();
    let out_dir = options.out_dir();
    write::check_output_dir(&options.root, &out_dir).map_err(|d| BuildFailed(vec![d]))?;
    // The site is written into a temporary folder as its files are made, then swapped in.
    let staging = write::Staging::new(&out_dir);
    let target = BuildTarget {
        options,
        staging: &staging,
    };
    let (site, extras) = render(&options.root, &PageOptions::default(), Some(target), None)?;
    // The PDF is printed in the temporary folder, before the swap: a failed print leaves the
    // previous output as it was. The page it prints sits beside index.html (so that the same
    // relative URLs load the stylesheet and images) and is removed before the swap.
    let written = Instant::now();
    let print_millis = finish_site(&staging, &site.files, extras.pdf.as_ref())
        .and_then(|millis| staging.swap_in().map(|()| millis))
        .map_err(|d| BuildFailed(vec![d]))?;
    let mut stages = site.stages;
    stages.push(("write", written.elapsed()));
    Ok(BuildSummary {
        sections: site.sections,
        charts: site.charts,
        tables: site.tables,
        files: site.files.len()
            + usize::from(site.page_on_disk)
            + usize::from(extras.pdf.is_some()),
        millis: start.elapsed().as_millis(),
        out_dir,
        warnings: site.warnings,
        errors: extras.pdf_error.into_iter().collect(),
        standalone: extras.standalone,
        pdf: extras.pdf.map(|job| (job.file, print_millis)),
        stages,
    })
}

/// `brief check`: everything `build` checks, without writing, plus the findings of
/// [`lint`] (unused datasets, images without alt text, skipped heading levels, empty
/// sections, links to missing files). Returns the warnings, or every finding on an error.
pub fn check(root: &Path) -> Result<Vec<Diagnostic>, BuildFailed> {
    let Loaded {
        brief,
        theme,
        diagnostics,
    } = load_all(root);
    let mut findings = Diagnostics::default();
    // The brief is loaded once: the build's stages and the check's own findings read the same.
    if let Ok(brief) = &brief {
        let rendered = match theme {
            Ok(theme) => {
                let clock = Stopwatch::start();
                let options = PageOptions::default();
                render_brief(
                    root,
                    brief,
                    &theme,
                    diagnostics,
                    &options,
                    None,
                    None,
                    clock,
                )
                .map(|(site, _)| site)
            }
            Err(()) => Err(BuildFailed(diagnostics.into_sorted())),
        };
        let site_files = rendered.as_ref().ok().map(|site| &site.files);
        lint::lint(brief, site_files, &mut findings);
        match rendered {
            Ok(site) => findings.extend(site.warnings),
            Err(failed) => findings.extend(failed.0),
        }
    } else {
        findings.extend(diagnostics.into_sorted());
    }
    lint::outside_links(root, &mut findings);
    if findings.has_errors() {
        Err(BuildFailed(findings.into_sorted()))
    } else {
        Ok(findings.into_sorted())
    }
}
