//! The page and what is made from it: assembling and writing the page, the standalone file, and
//! the PDF printed once the site is written.

use std::time::Instant;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown;
use crate::model::{self, Paper};
use crate::page::{self, PageOptions};
use crate::theme::Theme;
use crate::write::{self, SiteFiles};
use crate::{pdf, standalone};

use super::BuildOptions;

/// The shareable outputs a build makes besides the website.
#[derive(Default)]
pub(super) struct Extras {
    /// The PDF to print, when one is asked for and a browser was found.
    pub(super) pdf: Option<PdfJob>,
    /// Why a PDF that was asked for cannot be printed.
    pub(super) pdf_error: Option<Diagnostic>,
    /// The standalone file's name, when it was made.
    pub(super) standalone: Option<String>,
}

/// A PDF to print once the site is written.
pub(super) struct PdfJob {
    /// Its file name in the output folder.
    pub(super) file: String,
    pub(super) printer: pdf::Printer,
    /// The page to print ([`pdf::print_page`]), filled in once the page is rendered.
    pub(super) page: String,
    /// What the PDF says about the brief (title, authors, dates…), written after printing.
    pub(super) metadata: pdf::Metadata,
}

/// What putting the page together needs.
pub(super) struct PageWork<'a> {
    pub(super) brief: &'a model::Brief,
    pub(super) theme: &'a Theme,
    pub(super) document: &'a markdown::Document,
    pub(super) options: &'a PageOptions,
}

impl PageWork<'_> {
    /// Assembles the page and, for a build, writes it with every other file. A build writes
    /// every file while the page is made, and the page as soon as it is made, from its pieces:
    /// only what needs the page whole (`needs_text`: the dev server, the standalone copy, the
    /// PDF) has it copied into one string, returned.
    pub(super) fn assemble_and_write(
        &self,
        shell: &page::Shell,
        files: &SiteFiles,
        writing: Option<&write::Staging>,
        needs_text: bool,
        diagnostics: &mut Diagnostics,
    ) -> Option<String> {
        let ((page, page_write), early_write) = rayon::join(
            || {
                let page =
                    page::assemble(shell, self.brief, self.theme, self.document, self.options);
                let written = match (&page, writing) {
                    (Ok(page), Some(staging)) => staging.write_pieces("index.html", &page.pieces()),
                    _ => Ok(()),
                };
                let page = page.map(|page| needs_text.then(|| page.into_string()));
                (page, written)
            },
            || writing.map_or(Ok(()), |staging| staging.write(files)),
        );
        for result in [early_write, page_write] {
            if let Err(d) = result {
                diagnostics.push(d);
            }
        }
        page.unwrap_or_else(|d| {
            diagnostics.push(d);
            None
        })
    }

    /// Adds the page to `files`, and the copies made from it: the page to print, the
    /// standalone file.
    pub(super) fn add_copies(
        &self,
        html: String,
        files: &mut SiteFiles,
        extras: &mut Extras,
        diagnostics: &mut Diagnostics,
    ) {
        if let Some(job) = &mut extras.pdf {
            let brief = self.brief;
            match pdf::print_page(&html, brief.site_url(), brief.editions.dir()) {
                Ok(page) => {
                    job.metadata.links = pdf::link_descriptions(&page);
                    job.page = page;
                }
                Err(d) => diagnostics.push(d),
            }
        }
        files.insert("index.html".into(), html.into_bytes());
        if let Some(name) = &extras.standalone {
            let (brief, theme, document, options) =
                (self.brief, self.theme, self.document, self.options);
            match standalone_page(brief, theme, document, options, files, name, diagnostics) {
                Ok(html) => {
                    files.insert(name.clone(), html.into_bytes());
                }
                Err(d) => diagnostics.push(d),
            }
        }
    }
}

/// Decides the paper size and, for `brief build`, the shareable outputs (command line over
/// brief.yaml), and makes the page link the ones that will be written.
pub(super) fn plan_extras(
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
        // The site's page has the same text: it says which fonts the copy needs.
        inline_css: standalone::stylesheet(
            "style.css",
            files,
            &String::from_utf8_lossy(files.get("index.html").map_or(&[][..], Vec::as_slice)),
        ),
        page_size: options.page_size,
        alone: true,
        ..PageOptions::default()
    };
    let html = page::render_page(brief, theme, document, &alone)?;
    standalone::inline(&html, files, name, diagnostics)
}

/// Writes the files made after the page (the page itself, the standalone copy) and prints
/// the PDFs (one per edition), side by side, in the temporary folder. Returns how long
/// printing took, in milliseconds.
pub(super) fn finish_site(
    staging: &write::Staging,
    files: &SiteFiles,
    pdfs: &[&PdfJob],
) -> Result<u128, Diagnostic> {
    use rayon::prelude::*;
    staging.write(files)?;
    if pdfs.is_empty() {
        return Ok(0);
    }
    let print_start = Instant::now();
    pdfs.par_iter()
        .map(|job| print(staging, job))
        .collect::<Result<Vec<()>, Diagnostic>>()?;
    Ok(print_start.elapsed().as_millis())
}

/// Prints one PDF from its page, written beside the PDF (so that the page's relative URLs
/// load the stylesheet and images) and removed after.
fn print(staging: &write::Staging, job: &PdfJob) -> Result<(), Diagnostic> {
    let temp = staging.path();
    let pdf = temp.join(&job.file);
    let page = pdf.with_file_name(".brief-print.html");
    std::fs::write(&page, &job.page).map_err(|e| {
        Diagnostic::error(&page, format!("cannot write the page to print: {e}"))
            .with_hint("check that the output folder is writable and the disk is not full")
    })?;
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
    Ok(())
}
