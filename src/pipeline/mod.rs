//! The pipeline: load the brief and its theme, render it (Markdown, blocks, page), and for
//! `brief build` write it (atomically) with the shareable outputs; `brief check` adds its
//! findings. [`crate::serve`] runs the same stages on every save.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::diagnostics::{BuildFailed, Diagnostic, Diagnostics};
use crate::model::{self, Paper};
use crate::page::{self, PageOptions};
use crate::stopwatch::Stopwatch;
use crate::theme::Theme;
use crate::write::{self, SiteFiles};
use crate::{blocks, lint, load, markdown};

mod editions;
mod files;
mod outputs;

use files::{check_output_names, side_files};
use outputs::{Extras, PageWork, finish_site, plan_extras};

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
    /// The translations written beside the original, by folder (`hi/`); the counts above are
    /// the original's.
    pub translations: Vec<String>,
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

/// Load, validate and render the brief at `root` with its translations, without writing
/// anything.
pub(crate) fn render_site(root: &Path, options: &PageOptions) -> Result<Site, BuildFailed> {
    render_site_with_cache(root, options, None)
}

/// [`render_site`], reusing the section drafts, charts and tables of earlier builds that `cache`
/// holds (the dev server's rebuilds).
pub(crate) fn render_site_with_cache(
    root: &Path,
    options: &PageOptions,
    cache: Option<&RenderCaches>,
) -> Result<Site, BuildFailed> {
    let mut clock = Stopwatch::start();
    let loaded = load_all(root);
    clock.lap("load");
    let (brief, translations, theme, diagnostics) = loaded.ready()?;
    let render = Render {
        root,
        theme: &theme,
        options,
        cache,
    };
    render.with_editions(&brief, &translations, diagnostics, clock)
}

/// What the dev server's rebuilds reuse (see [`crate::cache`]): the Markdown stage's drafts,
/// block specs, blocks and sections, and the page's shell; each translation's its own.
#[derive(Default)]
pub(crate) struct RenderCaches {
    pub markdown: markdown::RenderCache,
    pub shells: page::ShellCache,
    /// By the translation's folder (`hi/`).
    editions: Mutex<BTreeMap<String, Arc<RenderCaches>>>,
}

impl RenderCaches {
    /// Forgets what the renders since the last sweep did not use.
    pub(crate) fn sweep(&self) {
        self.markdown.sweep();
        self.shells.sweep();
        for caches in self.lock_editions().values() {
            caches.sweep();
        }
    }

    /// The caches of the translation in the folder `dir`.
    fn edition(&self, dir: &str) -> Arc<RenderCaches> {
        Arc::clone(self.lock_editions().entry(dir.to_string()).or_default())
    }

    fn lock_editions(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, Arc<RenderCaches>>> {
        self.editions.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A render for the dev server (or a test): the page options and caches every edition uses.
struct Render<'a> {
    root: &'a Path,
    theme: &'a Theme,
    options: &'a PageOptions,
    cache: Option<&'a RenderCaches>,
}

impl Render<'_> {
    /// The original and its translations, rendered side by side, as one site: each
    /// translation's files in its folder.
    fn with_editions(
        &self,
        brief: &model::Brief,
        translations: &[model::Brief],
        diagnostics: Diagnostics,
        clock: Stopwatch,
    ) -> Result<Site, BuildFailed> {
        let (original, editions) = rayon::join(
            || {
                let mode = Mode {
                    cache: self.cache,
                    ..Mode::default()
                };
                let (root, theme, options) = (self.root, self.theme, self.options);
                render_brief(root, brief, theme, diagnostics, options, mode, clock)
            },
            || {
                editions::render_each(translations, brief, self.theme, |edition| {
                    let cache = self.cache.map(|c| c.edition(edition.editions.dir()));
                    let mode = Mode {
                        cache: cache.as_deref(),
                        ..Mode::default()
                    };
                    let clock = Stopwatch::start();
                    let (root, theme, options) = (self.root, self.theme, self.options);
                    let none = Diagnostics::default();
                    render_brief(root, edition, theme, none, options, mode, clock)
                })
            },
        );
        let (mut site, _) = original?;
        let editions = editions::placed(editions, &site.files)?;
        site.warnings = editions::merge_warnings(site.warnings, &editions);
        for edition in editions {
            site.files.extend(edition.site.files);
        }
        Ok(site)
    }
}

/// What `brief build` adds to rendering: its options and the folder it writes into.
#[derive(Clone, Copy)]
struct BuildTarget<'a> {
    options: &'a BuildOptions,
    /// Where files are written as soon as they are made; `None` keeps them in the site (a
    /// translation's files, placed in its folder afterwards).
    staging: Option<&'a write::Staging>,
}

/// Who a render is for, and what it needs beyond the site: a build its target, the dev server
/// its cache, the check the sections' facts its findings read.
#[derive(Default)]
struct Mode<'a> {
    build: Option<BuildTarget<'a>>,
    cache: Option<&'a RenderCaches>,
    facts: Option<&'a mut Vec<markdown::SectionFacts>>,
    /// `brief check`: the site's files are needed by name only (to check links and clashes),
    /// so the datasets' CSV downloads, the costly ones, are not written out in memory.
    names_only: bool,
}

/// The brief and its theme, loaded side by side (they are independent), and the problems
/// found.
struct Loaded {
    brief: Result<model::Brief, ()>,
    /// The brief's translations (`content/<language>/`).
    editions: Vec<model::Brief>,
    theme: Result<Theme, ()>,
    diagnostics: Diagnostics,
}

fn load_all(root: &Path) -> Loaded {
    if crate::memory::held_back() {
        crate::memory::sized_up(load::sections_size(root));
    }
    let ((brief, editions, mut diagnostics), theme) = rayon::join(
        || {
            let mut diagnostics = Diagnostics::default();
            let mut brief = load::load(root, &mut diagnostics);
            let editions = match &mut brief {
                Some(brief) => load::load_editions(root, brief, &mut diagnostics),
                None => Vec::new(),
            };
            (brief.ok_or(()), editions, diagnostics)
        },
        || Theme::load(root),
    );
    let theme = theme.map_err(|problems| diagnostics.extend(problems));
    Loaded {
        brief,
        editions,
        theme,
        diagnostics,
    }
}

impl Loaded {
    /// Both loaded, or every problem found loading them.
    fn ready(self) -> Result<(model::Brief, Vec<model::Brief>, Theme, Diagnostics), BuildFailed> {
        match (self.brief, self.theme) {
            (Ok(brief), Ok(theme)) => Ok((brief, self.editions, theme, self.diagnostics)),
            _ => Err(BuildFailed(self.diagnostics.into_sorted())),
        }
    }
}

/// The stages after loading, for a brief the dev server keeps loaded: render `brief` and its
/// `translations` with `theme` into one site. `diagnostics` holds the load's problems.
pub(crate) fn render_loaded(
    root: &Path,
    (brief, translations): (&model::Brief, &[model::Brief]),
    theme: &Theme,
    diagnostics: Diagnostics,
    options: &PageOptions,
    cache: Option<&RenderCaches>,
) -> Result<Site, BuildFailed> {
    let render = Render {
        root,
        theme,
        options,
        cache,
    };
    render.with_editions(brief, translations, diagnostics, Stopwatch::start())
}

/// Renders one edition, after loading; a build also makes its shareable outputs (the
/// standalone file is made here, in memory; the PDF is printed later, beside the written page).
fn render_brief(
    root: &Path,
    brief: &model::Brief,
    theme: &Theme,
    mut diagnostics: Diagnostics,
    options: &PageOptions,
    mode: Mode<'_>,
    mut clock: Stopwatch,
) -> Result<(Site, Extras), BuildFailed> {
    let Mode {
        build,
        cache,
        facts,
        names_only,
    } = mode;
    // A translation's page links the files it shares with the original up to the site's root.
    let edition_theme;
    let theme = match brief.editions.to_root() {
        root if root.is_empty() => theme,
        root => {
            edition_theme = theme.for_root(&root);
            &edition_theme
        }
    };
    let mut options = options.clone();
    let mut extras = plan_extras(brief, build.map(|b| b.options), &mut options);
    // A translation's CSV downloads are the original's, written once at the root: its own
    // are made only for its single file, which carries them.
    let names_only = names_only || (brief.editions.this > 0 && extras.standalone.is_none());
    let staging = build.and_then(|b| b.staging);
    let options = &options;
    let markdown_cache = cache.map(|c| &c.markdown);
    let markdown::Planned { outline, sections } =
        markdown::plan(brief, &mut diagnostics, markdown_cache);
    if let Some(facts) = facts {
        *facts = sections.facts();
    }
    // The page's shell is laid out from the document's outline while the blocks and sections
    // render.
    let (shell, bodies) = rayon::join(
        || page::lay_out(brief, theme, &outline, options, cache.map(|c| &c.shells)),
        || sections.render(theme, &mut diagnostics, markdown_cache),
    );
    let mut document = markdown::Document::new(outline, bodies);
    clock.extend(&document.stages);
    // Every file but the page (and the standalone copy made from it) is known now: a build
    // writes them while the page renders.
    let mut files = side_files(
        root,
        brief,
        theme,
        &mut document,
        names_only,
        &mut diagnostics,
    );
    check_output_names(&files, &extras, theme, &mut diagnostics);
    clock.lap("files");
    let writing = staging.filter(|_| !diagnostics.has_errors());
    let needs_text = writing.is_none() || extras.standalone.is_some() || extras.pdf.is_some();
    let page = PageWork {
        brief,
        theme,
        document: &document,
        options,
    };
    let html = page.assemble_and_write(&shell, &files, writing, needs_text, &mut diagnostics);
    clock.lap("page");
    if diagnostics.has_errors() {
        return Err(BuildFailed(diagnostics.into_sorted()));
    }
    // Checked against the static files above.
    let page_on_disk = html.is_none();
    if let Some(html) = html {
        page.add_copies(html, &mut files, &mut extras, &mut diagnostics);
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

/// `brief build`: render the brief and replace the output folder with the result.
pub fn build(options: &BuildOptions) -> Result<BuildSummary, BuildFailed> {
    let start = Instant::now();
    let out_dir = options.out_dir();
    write::check_output_dir(&options.root, &out_dir).map_err(|d| BuildFailed(vec![d]))?;
    // The site is written into a temporary folder as its files are made, then swapped in.
    let staging = write::Staging::new(&out_dir);
    let target = BuildTarget {
        options,
        staging: Some(&staging),
    };
    let mode = Mode {
        build: Some(target),
        ..Mode::default()
    };
    let root = &options.root;
    let mut clock = Stopwatch::start();
    let loaded = load_all(root);
    clock.lap("load");
    let (brief, translations, theme, diagnostics) = loaded.ready()?;
    // The translations render beside the original, each through the same stages.
    let (original, editions) = rayon::join(
        || {
            let options = &PageOptions::default();
            render_brief(root, &brief, &theme, diagnostics, options, mode, clock)
        },
        || editions::render_editions(root, &translations, &brief, &theme, options),
    );
    let (mut site, mut extras) = original?;
    let editions = editions::placed(editions, &site.files)?;
    site.warnings = editions::merge_warnings(site.warnings, &editions);
    let mut pdfs: Vec<&outputs::PdfJob> = extras.pdf.iter().collect();
    pdfs.extend(editions.iter().filter_map(|e| e.extras.pdf.as_ref()));
    // The PDFs are printed in the temporary folder, before the swap: a failed print leaves the
    // previous output as it was. The page each prints sits beside its index.html (so that the
    // same relative URLs load the stylesheet and images) and is removed before the swap.
    let written = Instant::now();
    let print_millis = editions
        .iter()
        .try_for_each(|e| staging.write(&e.site.files))
        .and_then(|()| finish_site(&staging, &site.files, &pdfs))
        .and_then(|millis| staging.swap_in().map(|()| millis))
        .map_err(|d| BuildFailed(vec![d]))?;
    if extras.pdf_error.is_none() {
        extras.pdf_error = editions.iter().find_map(|e| e.extras.pdf_error.clone());
    }
    let edition_files: usize = editions
        .iter()
        .map(|e| e.site.files.len() + usize::from(e.extras.pdf.is_some()))
        .sum();
    let translations = brief
        .editions
        .all
        .iter()
        .skip(1)
        .map(|e| e.dir.clone())
        .collect();
    let mut stages = site.stages;
    stages.push(("write", written.elapsed()));
    Ok(BuildSummary {
        sections: site.sections,
        charts: site.charts,
        tables: site.tables,
        files: site.files.len()
            + usize::from(site.page_on_disk)
            + usize::from(extras.pdf.is_some())
            + edition_files,
        millis: start.elapsed().as_millis(),
        out_dir,
        warnings: site.warnings,
        errors: extras.pdf_error.into_iter().collect(),
        standalone: extras.standalone,
        pdf: extras.pdf.map(|job| (job.file, print_millis)),
        stages,
        translations,
    })
}

/// `brief check`: everything `build` checks, without writing, plus the findings of
/// [`lint`] (unused datasets, images without alt text, skipped heading levels, empty
/// sections, links to missing files). Returns the warnings, or every finding on an error.
pub fn check(root: &Path) -> Result<Vec<Diagnostic>, BuildFailed> {
    let Loaded {
        brief,
        editions,
        theme,
        diagnostics,
    } = load_all(root);
    let mut findings = Diagnostics::default();
    // The brief is loaded once: the build's stages and the check's own findings read the same.
    if let Ok(brief) = &brief {
        // Filled as the sections are drafted, whether or not the build then succeeds.
        let mut facts = Vec::new();
        let rendered = match &theme {
            Ok(theme) => {
                let clock = Stopwatch::start();
                let options = PageOptions::default();
                let mode = Mode {
                    facts: Some(&mut facts),
                    names_only: true,
                    ..Mode::default()
                };
                render_brief(root, brief, theme, diagnostics, &options, mode, clock)
                    .map(|(site, _)| site)
            }
            Err(()) => {
                // The sections are drafted all the same: their findings need no theme.
                let mut scratch = Diagnostics::default();
                facts = markdown::plan(brief, &mut scratch, None).sections.facts();
                Err(BuildFailed(diagnostics.into_sorted()))
            }
        };
        let site_files = rendered.as_ref().ok().map(|site| &site.files);
        lint::lint(brief, &facts, site_files, &mut findings);
        match rendered {
            Ok(site) => findings.extend(site.warnings),
            Err(failed) => findings.extend(failed.0),
        }
        // Each translation is checked as it is built; what it shares with the original
        // gives the same findings, reported once.
        if let Ok(theme) = &theme {
            for edition in &editions {
                let options = PageOptions::default();
                let clock = Stopwatch::start();
                let mut edition_facts = Vec::new();
                let mode = Mode {
                    facts: Some(&mut edition_facts),
                    ..Mode::default()
                };
                let rendered = render_brief(
                    root,
                    edition,
                    theme,
                    Diagnostics::default(),
                    &options,
                    mode,
                    clock,
                );
                let mut found = match rendered {
                    Ok((site, _)) => site.warnings,
                    Err(failed) => failed.0,
                };
                // What the translation leaves in the original's language is its own.
                let mut left = Diagnostics::default();
                lint::untranslated(edition, &edition_facts, &facts, &mut left);
                found.extend(left.into_sorted());
                for d in found {
                    let known = findings.iter().any(|f| {
                        f.path == d.path
                            && f.line == d.line
                            && f.column == d.column
                            && f.message == d.message
                    });
                    if !known {
                        findings.push(d);
                    }
                }
            }
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
