//! Render stage, Markdown part: draft each section in one pass with pulldown-cmark, its HTML
//! written with holes (`draft.rs`, in parallel); number the whole document in order (ids,
//! figures, tables, notes: `plan.rs`); then render the ` ```chart ` and ` ```table ` blocks and
//! fill each section's holes (`assemble.rs`, in parallel), while the page is laid out from the
//! document's outline.

mod assemble;
mod draft;
mod plan;

use std::collections::hash_map::DefaultHasher;
// Ids, labels and event indexes are hashed by the thousand and never come from an attacker who
// could choose collisions (the author writes the brief), so a fast non-keyed hash is right.
use rustc_hash::FxHashMap as HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;

use crate::blocks::{self, BlockCache, BlockSpec, RenderedBlock};
use crate::cache::Cache;
use crate::diagnostics::{Diagnostic, Diagnostics, line_col};
use crate::model::{Brief, Section};
use crate::text::{escape_attr, escape_text, slugify};
use crate::theme::Theme;
use draft::{Draft, Hole};
use plan::{Counts, IdRegistry, KnownIds, SectionPlan, plan_section};

/// Ids the page template uses itself; a heading may not take them.
pub const RESERVED_IDS: &[&str] = &[
    "main",
    "contents",
    "key-takeaways",
    "summary",
    "notes",
    "data",
    "cite",
    "top",
];

/// A table-of-contents entry for a heading inside a section.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TocEntry {
    pub id: String,
    pub title_html: String,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Footnote {
    pub id: String,
    pub number: usize,
    pub html: String,
    pub backrefs: Vec<Backref>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Backref {
    pub id: String,
    pub label: String,
}

/// A section after rendering.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RenderedSection {
    pub id: String,
    pub number: usize,
    pub title_html: String,
    pub title_text: String,
    pub html: String,
    pub children: Vec<TocEntry>,
    pub words: usize,
}

/// The whole document after rendering: sections, endnotes and figures.
#[derive(Debug, Default)]
pub struct RenderedDocument {
    pub sections: Vec<RenderedSection>,
    pub footnotes: Vec<Footnote>,
    pub blocks: Vec<RenderedBlock>,
    /// The datasets the sections' figures and tables show, by name.
    pub datasets: Vec<String>,
    /// Wall time of this stage's passes: drafting, planning, then blocks and sections.
    pub stages: Vec<(&'static str, std::time::Duration)>,
}

/// Renders all sections of `brief`: ids, numbers and cross-references are document-wide.
pub fn render(brief: &Brief, theme: &Theme, diagnostics: &mut Diagnostics) -> RenderedDocument {
    render_with(brief, theme, diagnostics, None, |_| ()).0
}

/// What earlier renders produced, for the dev server's rebuilds (see [`crate::cache`]):
/// section drafts and blocks, each made again only when what it is made from changed.
#[derive(Default)]
pub struct RenderCache {
    pub blocks: BlockCache,
    pub drafts: Cache<Arc<Draft>>,
}

impl RenderCache {
    /// Forgets what the renders since the last sweep did not use.
    pub fn sweep(&self) {
        self.blocks.sweep();
        self.drafts.sweep();
    }
}

/// [`render`], taking the section drafts, charts and tables whose inputs did not change from
/// `cache`, and calling `beside` with the document's outline (every section's
/// title, id, table-of-contents entries and words, and the endnotes, but no section's HTML
/// yet) while the charts, tables and sections are rendered: the page can be laid out then.
pub fn render_with<R: Send>(
    brief: &Brief,
    theme: &Theme,
    diagnostics: &mut Diagnostics,
    cache: Option<&RenderCache>,
    beside: impl FnOnce(&RenderedDocument) -> R + Send,
) -> (RenderedDocument, R) {
    let theme_fingerprint = cache.map(|_| theme.fingerprint()).unwrap_or_default();
    let mut clock = crate::stopwatch::Stopwatch::start();
    // Draft every section in parallel: parsed and written out, the YAML of its chart and
    // table blocks parsed and checked, with holes for what the whole document decides.
    let data_fingerprint = cache.map(|_| data_fingerprint(brief)).unwrap_or_default();
    let drafts: Vec<Arc<Draft>> = brief
        .sections
        .par_iter()
        .map(|section| match cache {
            Some(cache) => {
                let mut hasher = DefaultHasher::new();
                data_fingerprint.hash(&mut hasher);
                section.file.path.hash(&mut hasher);
                section.file.text.hash(&mut hasher);
                cache
                    .drafts
                    .get_or(hasher.finish(), || Arc::new(draft::draft(brief, section)))
            }
            None => Arc::new(draft::draft(brief, section)),
        })
        .collect();
    clock.lap("markdown: parse");

    let mut plans = Vec::with_capacity(drafts.len());
    let mut ids = IdRegistry::default();
    let mut anchors: HashMap<String, String> = HashMap::default();
    let mut counts = Counts::default();
    for (section, draft) in brief.sections.iter().zip(&drafts) {
        plans.push(plan_section(
            section,
            draft,
            &mut ids,
            &mut anchors,
            &mut counts,
            diagnostics,
        ));
    }
    for (number, plan) in plans.iter().enumerate() {
        anchors
            .entry(plan.id.clone())
            .or_insert_with(|| format!("Section {}", number + 1));
    }
    let known_ids = KnownIds {
        ids: ids.used.iter().map(String::as_str).collect(),
        failed_prefixes: &ids.failed_prefixes,
    };
    let context = assemble::Context {
        brief,
        anchors: &anchors,
        known_ids: &known_ids,
    };
    let outlines: Vec<assemble::SectionOutline> = plans
        .par_iter()
        .zip(&drafts)
        .enumerate()
        .map(|(i, (plan, draft))| {
            assemble::outline(&context, &brief.sections[i], draft, plan, i + 1)
        })
        .collect();
    let mut document = RenderedDocument::default();
    for outline in outlines {
        document.sections.push(outline.section);
        document.footnotes.extend(outline.footnotes);
        diagnostics.extend(outline.problems);
    }
    document.footnotes.sort_by_key(|f| f.number);
    let mut datasets: Vec<String> = plans
        .iter()
        .zip(&drafts)
        .flat_map(|(plan, draft)| {
            draft.holes.iter().filter_map(|(_, hole)| match hole {
                Hole::Block(k) => plan.specs[*k].as_ref().map(|s| s.dataset().to_string()),
                _ => None,
            })
        })
        .collect();
    datasets.sort_unstable();
    datasets.dedup();
    document.datasets = datasets;
    clock.lap("markdown: plan");

    let (beside_result, (sections, blocks_time)) = rayon::join(
        || beside(&document),
        || {
            let blocks_clock = std::time::Instant::now();
            let section_blocks =
                render_blocks(brief, theme, cache, theme_fingerprint, &plans, &drafts);
            let blocks_time = blocks_clock.elapsed();
            let sections: Vec<assemble::SectionHtml> = plans
                .par_iter()
                .zip(section_blocks)
                .zip(&drafts)
                .map(|((plan, blocks), draft)| assemble::fill(&context, draft, plan, blocks))
                .collect();
            (sections, blocks_time)
        },
    );
    drop(drafts);
    for (rendered, section) in document.sections.iter_mut().zip(sections) {
        rendered.html = section.html;
        document.blocks.extend(section.blocks);
        diagnostics.extend(section.problems);
    }
    clock.lap("charts, tables and sections");
    document.stages = clock.into_stages();
    // Inside the stage above, reported alone for the benchmarks.
    document
        .stages
        .push(("(of which charts and tables)", blocks_time));
    (document, beside_result)
}

/// Charts and tables, all in one parallel pass: they are the costliest parts of a page, and a
/// section holds few of them, so spreading them by section would balance poorly. The dev
/// server's cache gives back the ones whose inputs did not change. Returns each section's
/// blocks by their index in its draft.
fn render_blocks(
    brief: &Brief,
    theme: &Theme,
    cache: Option<&RenderCache>,
    theme_fingerprint: u64,
    plans: &[SectionPlan],
    drafts: &[Arc<Draft>],
) -> Vec<assemble::SectionBlocks> {
    let jobs: Vec<(usize, usize, &BlockSpec, &str)> = plans
        .iter()
        .zip(drafts)
        .enumerate()
        .flat_map(|(p, (plan, draft))| {
            plan.specs.iter().enumerate().filter_map(move |(k, spec)| {
                Some((p, k, spec.as_ref()?, draft.blocks[k].code.as_str()))
            })
        })
        .collect();
    let rendered: Vec<(usize, usize, Result<RenderedBlock, Vec<Diagnostic>>)> = jobs
        .into_par_iter()
        .map(|(p, k, spec, yaml_text)| {
            let block = match cache {
                Some(cache) => {
                    let key = blocks::cache_key(brief, spec, yaml_text, theme_fingerprint);
                    cache
                        .blocks
                        .get_or_try(key, || blocks::render(brief, theme, spec))
                }
                None => blocks::render(brief, theme, spec),
            };
            (p, k, block)
        })
        .collect();
    let mut section_blocks: Vec<assemble::SectionBlocks> = drafts
        .iter()
        .map(|d| (0..d.blocks.len()).map(|_| None).collect())
        .collect();
    for (p, k, block) in rendered {
        section_blocks[p][k] = Some(block);
    }
    section_blocks
}

/// A digest of every dataset: a block's checks read its dataset, so a draft is made again
/// when any of them changed (or failed to load, or loaded again).
fn data_fingerprint(brief: &Brief) -> u64 {
    let mut hasher = DefaultHasher::new();
    for dataset in &brief.datasets {
        dataset.name.hash(&mut hasher);
        dataset.file.text.hash(&mut hasher);
    }
    // A block naming a dataset that did not load says so.
    brief.broken_datasets.hash(&mut hasher);
    hasher.finish()
}

fn location(section: &Section, offset: usize) -> (usize, usize) {
    let (line, col) = line_col(section.body(), offset);
    (line + section.body_line_offset, col)
}

fn footnote_id(section_id: &str, label: &str) -> String {
    format!("fn-{section_id}-{}", slugify(label))
}

fn footnote_ref_id(section_id: &str, label: &str, nth: usize) -> String {
    let base = format!("fnref-{section_id}-{}", slugify(label));
    if nth == 1 {
        base
    } else {
        format!("{base}-{nth}")
    }
}

/// `sanitize: true`: the section's HTML, raw HTML included, is cleaned with ammonia (no
/// scripts, event handlers, styles, iframes, forms or unsafe URLs), keeping what brief itself
/// writes (ids, classes, ARIA, the task-list checkboxes). Figures and tables are generated
/// from data (already escaped) and cleaning would strip their SVG, so they stand in the HTML
/// as `<brief-block>` placeholders while it is cleaned and are put back after.
fn sanitize(html: &str, blocks: &[RenderedBlock]) -> String {
    let mut builder = ammonia::Builder::default();
    builder
        .link_rel(None)
        .add_generic_attributes([
            "id",
            "class",
            "role",
            "tabindex",
            "aria-label",
            "aria-hidden",
            "aria-labelledby",
        ])
        .add_tags(["input", "brief-block"])
        .add_tag_attributes("input", ["type", "disabled", "checked"])
        .add_tag_attributes("brief-block", ["data-index"])
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"]);
    let clean = builder.clean(html).to_string();
    // Each placeholder once, in order: one that the author typed is left empty.
    let mut out = String::with_capacity(clean.len());
    let mut rest = clean.as_str();
    let mut next = 0;
    while let Some(start) = rest.find("<brief-block data-index=\"") {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let end = after
            .find("</brief-block>")
            .map_or(after.len(), |e| e + "</brief-block>".len());
        let wanted = format!("<brief-block data-index=\"{next}\"></brief-block>");
        if after[..end] == wanted
            && let Some(block) = blocks.get(next)
        {
            out.push_str(&block.html);
            next += 1;
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::options;
    use pulldown_cmark::{Parser, html};

    #[test]
    fn pull_quote_needs_a_dash_attribution() {
        let with_pull_quotes = |markdown: &str| {
            let mut events: Vec<_> = Parser::new_ext(markdown, options())
                .into_offset_iter()
                .collect();
            let (_, start) = events.remove(0);
            events.pop();
            let mut html = String::new();
            html::push_html(
                &mut html,
                draft::pull_quote(start, events).into_iter().map(|(e, _)| e),
            );
            html
        };
        let html = with_pull_quotes("> “No keys, no deal.”\n>\n> — An official\n");
        assert!(html.contains("<figure class=\"pull-quote\">"), "{html}");
        assert!(
            html.contains("<figcaption>— An official</figcaption>"),
            "{html}"
        );
        assert!(!with_pull_quotes("> Just a quote.\n").contains("pull-quote"));
    }
}
