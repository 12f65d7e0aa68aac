//! Check stage (`brief check` only): findings about a brief that builds but reads or works
//! worse than it should: datasets nothing uses, images without alt text, skipped heading
//! levels, empty sections, links to files the site does not have, links in `static/` to
//! files outside the brief, and charts that may mislead (their rules in
//! `blocks/chart/mislead.rs`). The build's own checks (blocks against datasets, ids,
//! anchors, footnotes) stay where they are; this pass only reads the loaded brief again, so
//! the renderer does not carry them.

mod untranslated;

use std::collections::{BTreeSet, HashSet};
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::blocks::{BlockOrigin, chart};
use crate::diagnostics::{Diagnostic, Diagnostics, did_you_mean, display_path};
use crate::markdown::SectionFacts;
use crate::model::{Brief, Section, SourceFile};
use crate::write::SiteFiles;

pub(crate) use untranslated::untranslated;

/// The findings of the check pass, for a loaded brief and what drafting found in each of its
/// sections (`facts`, in order). `site` is the rendered site when the build succeeded: links
/// to files are checked against it (and skipped without it).
pub(crate) fn lint(
    brief: &Brief,
    facts: &[SectionFacts],
    site: Option<&SiteFiles>,
    findings: &mut Diagnostics,
) {
    let mut used_datasets = BTreeSet::new();
    // Duplicate categories are the dataset's: reported once per dataset and x column.
    let mut charted_x = BTreeSet::new();
    for (section, facts) in brief.sections.iter().zip(facts) {
        used_datasets.extend(facts.block_datasets.iter().map(String::as_str));
        skipped_heading_levels(section, facts, findings);
        images_and_links(brief, site, section, findings);
        if !facts.has_content {
            findings.push(empty_section(section, facts));
        }
        for (fence_line, checked) in &facts.charts {
            let Some(dataset) = brief.dataset(&checked.dataset) else {
                continue;
            };
            let origin = BlockOrigin {
                file: section.file.clone(),
                fence_line: *fence_line,
            };
            findings.extend(chart::misleading(dataset, &origin, checked));
            if charted_x.insert((checked.dataset.as_str(), checked.x)) {
                findings.extend(chart::duplicate_categories(dataset, checked.x));
            }
        }
    }
    for dataset in &brief.datasets {
        if !used_datasets.contains(dataset.name.as_str()) {
            // A spreadsheet has no lines to quote: the warning names the file.
            let first_line = usize::from(!dataset.file.text.is_empty());
            findings.push(
                Diagnostic::warning(
                    &dataset.file.display,
                    format!("no chart or table uses the dataset `{}`", dataset.name),
                )
                .at(&dataset.file.text, first_line, 1)
                .with_span_len(dataset.file.text.lines().next().unwrap_or("").len())
                .with_hint(format!(
                    "show it with a ```chart or ```table block (`data: {}`), or remove the file",
                    dataset.name
                )),
            );
        }
    }
}

/// Links in `static/` to files or folders outside the brief. The build follows them (as Zola
/// and Hugo do) and publishes what they point to, which is easy to do by mistake: a link to a
/// folder of drafts or of private data.
pub(crate) fn outside_links(root: &Path, findings: &mut Diagnostics) {
    let Ok(root_abs) = std::fs::canonicalize(root) else {
        return;
    };
    let walk = walkdir::WalkDir::new(root.join("static"))
        .follow_links(false)
        .sort_by_file_name();
    for entry in walk.into_iter().flatten() {
        if !entry.path_is_symlink() {
            continue;
        }
        let Ok(target) = std::fs::canonicalize(entry.path()) else {
            continue; // A broken link: the build reports it.
        };
        if !target.starts_with(&root_abs) {
            findings.push(
                Diagnostic::warning(
                    display_path(root, entry.path()),
                    format!(
                        "this link points outside the brief, to `{}`, which the build publishes",
                        target.display()
                    ),
                )
                .with_hint(
                    "copy the file into `static/` if it belongs to the site, or remove the link",
                ),
            );
        }
    }
}

/// A heading more than one level below the one before it. The renderer makes the section's
/// top-most body heading `<h3>` whatever its `#` count (the title is `<h2>`), so only a jump
/// below the level before it skips one.
fn skipped_heading_levels(section: &Section, facts: &SectionFacts, findings: &mut Diagnostics) {
    let file = &section.file;
    let top_level = facts
        .headings
        .iter()
        .map(|&(level, _)| level)
        .min()
        .unwrap_or(2);
    let mut previous_level = top_level - 1;
    for &(level, start) in &facts.headings {
        if level > previous_level + 1 {
            let (line, col) = section.location(start);
            let message = if previous_level < top_level {
                format!(
                    "the heading skips a level: the section's first heading is `{}`, its top level `{}`",
                    "#".repeat(level),
                    "#".repeat(top_level)
                )
            } else {
                format!(
                    "the heading skips a level: `{}` after `{}`",
                    "#".repeat(level),
                    "#".repeat(previous_level)
                )
            };
            findings.push(
                Diagnostic::warning(&file.display, message)
                    .at(&file.text, line, col)
                    .with_span_len(level)
                    .with_hint(format!(
                        "use `{}` here: screen readers and the table of contents navigate by level",
                        "#".repeat(previous_level + 1)
                    )),
            );
        }
        previous_level = level;
    }
}

/// Images without alt text, and images and links to files the site does not have. The build
/// does not look at where links and images point, so this is the check's own reading of the
/// section's Markdown.
fn images_and_links(
    brief: &Brief,
    site: Option<&SiteFiles>,
    section: &Section,
    findings: &mut Diagnostics,
) {
    let file = &section.file;
    let events: Vec<(Event<'_>, Range<usize>)> =
        Parser::new_ext(section.body(), crate::text::options())
            .into_offset_iter()
            .collect();
    for (i, (event, range)) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::Image { dest_url, .. }) => {
                let alt: String = events[i + 1..]
                    .iter()
                    .take_while(|(e, _)| !matches!(e, Event::End(TagEnd::Image)))
                    .filter_map(|(e, _)| match e {
                        Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                        _ => None,
                    })
                    .collect();
                let (line, col) = section.location(range.start);
                if alt.trim().is_empty() {
                    findings.push(
                        Diagnostic::warning(
                            &file.display,
                            format!("the image `{dest_url}` has no alt text"),
                        )
                        .at(&file.text, line, col)
                        .with_span_len(range.len())
                        .with_hint(
                            "say what the image shows, for readers who cannot see it: `![A map of the corridor](map.png)`",
                        ),
                    );
                }
                if let Some(d) = missing_file(brief, site, file, dest_url, "image") {
                    findings.push(d.at(&file.text, line, col).with_span_len(range.len()));
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some(d) = missing_file(brief, site, file, dest_url, "link target") {
                    let (line, col) = section.location(range.start);
                    findings.push(d.at(&file.text, line, col).with_span_len(range.len()));
                }
            }
            _ => {}
        }
    }
}

/// The warning for a section with a title and nothing else.
fn empty_section(section: &Section, facts: &SectionFacts) -> Diagnostic {
    let file = &section.file;
    let line = crate::source::line_of_key(&file.text, "title")
        .filter(|_| section.front.title.is_some())
        .or_else(|| facts.title_start.map(|start| section.location(start).0))
        .unwrap_or(1);
    Diagnostic::warning(
        &file.display,
        format!("the section “{}” is empty", facts.title),
    )
    .at(&file.text, line, 1)
    .with_span_len(file.text.lines().nth(line - 1).unwrap_or("").len())
    .with_hint("write its text, or set `draft: true` in its front matter to leave it out for now")
}

/// An error when `url` is a relative link to a file that the site will not have.
fn missing_file(
    brief: &Brief,
    site: Option<&SiteFiles>,
    file: &SourceFile,
    url: &str,
    what: &str,
) -> Option<Diagnostic> {
    let site = site?;
    let mut path = url.split(['#', '?']).next().unwrap_or("");
    while let Some(rest) = path.strip_prefix("./") {
        path = rest;
    }
    // Anchors (`#…`, checked by the build), absolute URLs, `mailto:`, root-relative paths and
    // `../` (which depend on where the site is deployed) are not checked here.
    if path.is_empty() || path.starts_with('/') || path.contains(':') || path.contains("..") {
        return None;
    }
    let decoded = crate::text::site_key(&format!("/{path}"))?;
    let mut known: HashSet<String> = site.keys().cloned().collect();
    // Outputs that other options of the build add beside the page.
    let slug = brief.slug();
    if brief.meta.pdf {
        known.insert(format!("{slug}.pdf"));
    }
    if brief.meta.standalone {
        known.insert(format!("{slug}.html"));
    }
    if known.contains(&decoded) {
        return None;
    }
    let mut candidates: Vec<&str> = known.iter().map(String::as_str).collect();
    candidates.sort_unstable();
    let hint = match did_you_mean(&decoded, candidates.iter().copied()) {
        Some(best) => format!("did you mean `{best}`?"),
        None => "put the file in static/ (it is copied into the site as it is), or fix the path"
            .to_string(),
    };
    Some(
        Diagnostic::error(
            &file.display,
            format!("the {what} `{url}` is not a file of the site"),
        )
        .with_hint(hint),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FrontMatter;
    use std::path::PathBuf;

    fn section(text: &str) -> Section {
        Section {
            file: SourceFile {
                path: PathBuf::from("s.md"),
                display: PathBuf::from("s.md"),
                text: text.to_string(),
            },
            front: FrontMatter::default(),
            body_line_offset: 0,
            body_byte_offset: 0,
            lang: None,
        }
    }

    fn findings(text: &str) -> Vec<Diagnostic> {
        let brief = Brief {
            date: None,
            updated: None,
            meta: Default::default(),
            meta_file: section("").file,
            sections: vec![section(text)],
            datasets: Vec::new(),
            broken_datasets: Vec::new(),
            locale: crate::locale::Locale::english(),
            editions: Default::default(),
        };
        let mut findings = Diagnostics::default();
        let facts = crate::markdown::plan(&brief, &mut Diagnostics::default(), None)
            .sections
            .facts();
        lint(&brief, &facts, Some(&SiteFiles::new()), &mut findings);
        findings.into_iter().collect()
    }

    #[test]
    fn heading_levels_may_go_down_one_at_a_time_and_up_any_amount() {
        assert!(findings("# T\n\n## A\n\n### B\n\n## C\n\ntext\n").is_empty());
        let f = findings("# T\n\n## A\n\n#### B\n");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!((f[0].line, f[0].column), (5, 1));
        // The top-most body level becomes <h3> whatever it is written as.
        assert!(findings("# T\n\n### A\n\n#### B\n\ntext\n").is_empty());
        let f = findings("# T\n\n#### A\n\n## B\n\ntext\n");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].line, 3);
        assert!(f[0].message.contains("first heading is `####`"), "{f:?}");
    }

    #[test]
    fn a_title_alone_is_an_empty_section() {
        let f = findings("# Title\n\n");
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].message.contains("“Title” is empty"), "{f:?}");
        assert_eq!(f[0].line, 1);
    }

    #[test]
    fn links_to_missing_files_are_errors_and_anchors_are_left_to_the_build() {
        let f = findings("# T\n\nSee [x](#nope), [y](https://e.org/a), [z](missing.png).\n");
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].is_error());
        assert_eq!((f[0].line, f[0].column), (3, 39));
        let f = findings("# T\n\n[a](./gone.csv) [b](../other-brief/) [c](mailto:a@b.org)\n");
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].message.contains("./gone.csv"), "{f:?}");
    }
}
