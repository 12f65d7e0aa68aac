//! Render stage, Markdown part, in two steps with a type for each result.
//!
//! [`plan`]: draft each section in one pass with pulldown-cmark, its HTML written with holes
//! (`draft.rs`, in parallel, from the section's file alone); check its ` ```chart ` and
//! ` ```table ` blocks against their datasets (in parallel); number the whole document in
//! order (ids, figures, tables, notes: `plan.rs`). The result, [`Planned`], holds the
//! document's [`Outline`]: every section's title, id, contents entries and words, and the
//! endnotes, but no section's HTML, so the page can be laid out from it.
//!
//! [`Planned::render`]: render the blocks and fill each section's holes (`assemble.rs`, in
//! parallel) into the [`Document`]: the outline and every section's HTML.

mod assemble;
mod draft;
mod link_up;
mod plan;
mod quote;
mod refs;
mod sanitize;
mod typos;

// Ids, labels and event indexes are hashed by the thousand and never come from an attacker who
// could choose collisions (the author writes the brief), so a fast non-keyed hash is right.
use rustc_hash::{FxHashMap as HashMap, FxHasher};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;

use crate::blocks::chart::CheckedChart;
use crate::blocks::{self, BlockCache, BlockSpec, RenderedBlock};
use crate::cache::Cache;
use crate::diagnostics::Diagnostics;
use crate::model::Brief;
use crate::stopwatch::Stopwatch;
use crate::text::{escape_attr, escape_text, slugify};
use crate::theme::Theme;
use draft::{Draft, Hole};
use plan::{Counts, IdRegistry, KnownIds, Planner, SectionPlan, plan_section};
pub(crate) use refs::CrossRefs;

/// Ids the page template uses itself; a heading may not take them.
pub(crate) const RESERVED_IDS: &[&str] = &[
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
pub(crate) struct TocEntry {
    pub id: String,
    pub title_html: String,
}

#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct Footnote {
    pub id: String,
    pub number: usize,
    pub html: String,
    pub backrefs: Vec<Backref>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct Backref {
    pub id: String,
    pub label: String,
}

/// A section's place in the document: everything of it but its HTML.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct SectionHead {
    pub id: String,
    pub number: usize,
    pub title_html: String,
    pub title_text: String,
    pub children: Vec<TocEntry>,
    pub words: usize,
}

/// The document without its sections' HTML: what the page's shell is laid out from.
#[derive(Debug, Default)]
pub(crate) struct Outline {
    pub sections: Vec<SectionHead>,
    pub footnotes: Vec<Footnote>,
    /// The datasets the sections' figures and tables show, by name, in the order of their first
    /// figure or table.
    pub datasets: Vec<String>,
    /// What a `[](#id)` in the brief's summary or key takeaways reads.
    pub refs: Arc<CrossRefs>,
}

/// The whole document rendered: its outline, each section's HTML, and its figures.
#[derive(Debug, Default)]
pub(crate) struct Document {
    pub outline: Outline,
    /// Each section's HTML, in the order of `outline.sections` (shared with the dev server's
    /// cache).
    pub bodies: Vec<Arc<String>>,
    pub blocks: Vec<Arc<RenderedBlock>>,
    /// Wall time of this stage's passes: drafting, checking blocks, planning, then blocks and
    /// sections.
    pub stages: Vec<(&'static str, std::time::Duration)>,
}

impl Document {
    /// The document from its outline and its sections' HTML.
    pub(crate) fn new(outline: Outline, bodies: Bodies) -> Document {
        Document {
            outline,
            bodies: bodies.html,
            blocks: bodies.blocks,
            stages: bodies.stages,
        }
    }
}

/// Every section's HTML and the figures in it, in document order.
pub(crate) struct Bodies {
    html: Vec<Arc<String>>,
    blocks: Vec<Arc<RenderedBlock>>,
    stages: Vec<(&'static str, std::time::Duration)>,
}

/// Renders all sections of `brief`: ids, numbers and cross-references are document-wide.
pub(crate) fn render(brief: &Brief, theme: &Theme, diagnostics: &mut Diagnostics) -> Document {
    let Planned { outline, sections } = plan(brief, diagnostics, None);
    Document::new(outline, sections.render(theme, diagnostics, None))
}

/// What earlier renders produced, for the dev server's rebuilds (see [`crate::cache`]):
/// section drafts, checked block specs, rendered blocks and filled sections, each made again
/// only when what it is made from changed.
#[derive(Default)]
pub(crate) struct RenderCache {
    pub blocks: BlockCache,
    pub specs: Cache<(BlockSpec, u64)>,
    pub drafts: Cache<Arc<Draft>>,
    /// Each section's HTML and the blocks in it, by [`assemble::fill_key`].
    pub sections: Cache<assemble::Filled>,
}

impl RenderCache {
    /// Forgets what the renders since the last sweep did not use.
    pub(crate) fn sweep(&self) {
        self.blocks.sweep();
        self.specs.sweep();
        self.drafts.sweep();
        self.sections.sweep();
    }
}

/// The document drafted, its blocks checked and everything numbered: its [`Outline`] is
/// known, its sections' HTML is not made yet.
pub(crate) struct Planned<'b> {
    pub outline: Outline,
    pub sections: PlannedSections<'b>,
}

/// What `brief check` reads of a drafted section, so that its findings follow the renderer's
/// own rules (which heading is the title, which text is content) instead of copies of them.
pub(crate) struct SectionFacts {
    /// Each heading but the title: its Markdown level (`##` is 2) and offset in the body.
    pub headings: Vec<(usize, usize)>,
    /// The section's title, and the body offset of the `#` heading it came from, if any.
    pub title: String,
    pub title_start: Option<usize>,
    /// Whether the section has anything but its title.
    pub has_content: bool,
    /// The datasets its chart and table blocks name (read leniently: a block whose spec
    /// fails still names one).
    pub block_datasets: Vec<String>,
    /// Its charts that passed their checks, each with the line of its opening fence.
    pub charts: Vec<(usize, CheckedChart)>,
}

/// The sections' drafts and what planning decided for them, ready to be filled in.
pub(crate) struct PlannedSections<'b> {
    brief: &'b Brief,
    drafts: Vec<Arc<Draft>>,
    /// A digest of each section's file (with a cache only).
    file_keys: Vec<u64>,
    plans: Vec<SectionPlan>,
    refs: Arc<CrossRefs>,
    clock: Stopwatch,
}

/// The files a translation writes in its own folder (its page, citations, PDF and single
/// file; its charts are under `charts/`): a link in its sections to any other file of the
/// site leads up to the root. The names are the pipeline's (`cite::BIBTEX_FILE`, …).
fn own_files(brief: &Brief) -> Vec<String> {
    let slug = brief.slug();
    [
        "index.html",
        "cite.bib",
        "cite.ris",
        "brief.pdf",
        "brief.html",
    ]
    .map(String::from)
    .into_iter()
    .chain([format!("{slug}.pdf"), format!("{slug}.html")])
    .collect()
}

/// Drafts, checks and numbers every section of `brief`, taking the drafts and block specs
/// whose inputs did not change from `cache`.
pub(crate) fn plan<'b>(
    brief: &'b Brief,
    diagnostics: &mut Diagnostics,
    cache: Option<&RenderCache>,
) -> Planned<'b> {
    let mut clock = Stopwatch::start();
    // A draft is made from its section's file alone.
    // A draft is keyed by its file; so are its blocks' specs (with their index). The file is
    // hashed once, for both.
    // The one string of the language a draft writes (a wide table's region label).
    let scroll_label = brief.locale.text("table_scrolls");
    let own = own_files(brief);
    let own = |path: &str| path.starts_with("charts/") || own.iter().any(|o| o == path);
    let up = brief.editions.to_root();
    let up = (!up.is_empty()).then_some(link_up::LinkUp {
        root: up,
        own: &own,
    });
    let up = up.as_ref();
    let (drafts, file_keys): (Vec<Arc<Draft>>, Vec<u64>) = brief
        .sections
        .par_iter()
        .map(|section| match cache {
            Some(cache) => {
                let mut hasher = FxHasher::default();
                section.file.path.hash(&mut hasher);
                section.file.text.hash(&mut hasher);
                scroll_label.hash(&mut hasher);
                brief.editions.dir().hash(&mut hasher);
                let key = hasher.finish();
                let draft = cache
                    .drafts
                    .get_or(key, || Arc::new(draft::draft(section, scroll_label, up)));
                (draft, key)
            }
            None => (Arc::new(draft::draft(section, scroll_label, up)), 0),
        })
        .unzip();
    clock.lap("markdown: parse");
    let checked = check_blocks(brief, &drafts, &file_keys, cache);
    clock.lap("markdown: check blocks");

    let mut plans = Vec::with_capacity(drafts.len());
    let mut ids = IdRegistry::default();
    let mut anchors: HashMap<String, String> = HashMap::default();
    let mut counts = Counts::default();
    let mut planner = Planner {
        ids: &mut ids,
        anchors: &mut anchors,
        counts: &mut counts,
        diagnostics,
        locale: &brief.locale,
    };
    for ((section, draft), checked) in brief.sections.iter().zip(&drafts).zip(&checked) {
        plans.push(plan_section(&mut planner, section, draft, checked));
    }
    for (number, plan) in plans.iter().enumerate() {
        anchors.entry(plan.id.clone()).or_insert_with(|| {
            let number = (number + 1).to_string();
            brief.locale.fill("section", &[("number", &number)])
        });
    }
    refs::check(brief, &drafts, &plans, &KnownIds(&ids), diagnostics);
    let refs = Arc::new(CrossRefs { ids, anchors });
    let context = assemble::Context {
        brief,
        anchors: &refs.anchors,
        known_ids: KnownIds(&refs.ids),
    };
    let outlines: Vec<assemble::SectionOutline> = plans
        .par_iter()
        .zip(&drafts)
        .enumerate()
        .map(|(i, (plan, draft))| {
            assemble::outline(&context, &brief.sections[i], draft, plan, i + 1)
        })
        .collect();
    let mut outline = Outline::default();
    for section in outlines {
        outline.sections.push(section.section);
        outline.footnotes.extend(section.footnotes);
        diagnostics.extend(section.problems);
    }
    outline.footnotes.sort_by_key(|f| f.number);
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
    // In the order readers meet them: each dataset where its first figure or table is.
    let mut seen = rustc_hash::FxHashSet::default();
    datasets.retain(|name| seen.insert(name.clone()));
    outline.datasets = datasets;
    outline.refs = Arc::clone(&refs);
    clock.lap("markdown: plan");
    Planned {
        outline,
        sections: PlannedSections {
            brief,
            drafts,
            file_keys,
            plans,
            refs,
            clock,
        },
    }
}

impl PlannedSections<'_> {
    /// What `brief check` reads of each section, in order.
    pub(crate) fn facts(&self) -> Vec<SectionFacts> {
        self.drafts
            .iter()
            .zip(&self.plans)
            .map(|(draft, plan)| {
                let mut facts = draft.facts();
                facts.charts = draft
                    .blocks
                    .iter()
                    .zip(&plan.specs)
                    .filter_map(|(block, spec)| match spec {
                        Some(BlockSpec::Chart(chart)) => {
                            Some((block.fence_line, (**chart).clone()))
                        }
                        _ => None,
                    })
                    .collect();
                facts
            })
            .collect()
    }

    /// Renders the charts and tables and fills every section's holes, taking the blocks whose
    /// inputs did not change from `cache`.
    pub(crate) fn render(
        self,
        theme: &Theme,
        diagnostics: &mut Diagnostics,
        cache: Option<&RenderCache>,
    ) -> Bodies {
        let PlannedSections {
            brief,
            drafts,
            file_keys,
            plans,
            refs,
            mut clock,
        } = self;
        let context = assemble::Context {
            brief,
            anchors: &refs.anchors,
            known_ids: KnownIds(&refs.ids),
        };
        let theme_fingerprint = cache.map(|_| theme.fingerprint()).unwrap_or_default();
        let blocks_clock = std::time::Instant::now();
        let section_blocks = render_blocks(
            brief,
            theme,
            (cache, theme_fingerprint),
            &refs,
            &plans,
            &drafts,
        );
        let blocks_time = blocks_clock.elapsed();
        let sections: Vec<assemble::SectionHtml> = plans
            .par_iter()
            .zip(section_blocks)
            .zip(&drafts)
            .zip(&file_keys)
            .map(|(((plan, blocks), draft), &file_key)| {
                let key = cache
                    .and_then(|_| assemble::fill_key(&context, file_key, draft, plan, &blocks));
                match cache.zip(key) {
                    Some((cache, key)) => {
                        let blocks = blocks.into_iter().map(assemble::without_digest);
                        let filled = cache.sections.get_or(key, || {
                            let section = assemble::fill(&context, draft, plan, blocks.collect());
                            assemble::Filled {
                                html: section.html,
                                blocks: section.blocks,
                            }
                        });
                        assemble::SectionHtml {
                            html: filled.html,
                            blocks: filled.blocks,
                            problems: Vec::new(),
                        }
                    }
                    None => {
                        let blocks = blocks.into_iter().map(assemble::without_digest);
                        assemble::fill(&context, draft, plan, blocks.collect())
                    }
                }
            })
            .collect();
        drop(drafts);
        let mut bodies = Bodies {
            html: Vec::with_capacity(sections.len()),
            blocks: Vec::new(),
            stages: Vec::new(),
        };
        for section in sections {
            bodies.html.push(section.html);
            bodies.blocks.extend(section.blocks);
            diagnostics.extend(section.problems);
        }
        clock.lap("charts, tables and sections");
        bodies.stages = clock.into_stages();
        // Inside the stage above, reported alone for the benchmarks.
        bodies
            .stages
            .push(("(of which charts and tables)", blocks_time));
        bodies
    }
}

/// Every block of every draft parsed and checked against its dataset, in parallel. The dev
/// server's cache gives back a spec whose block (its section's file) and dataset did not
/// change: editing one dataset re-checks only the blocks that show it. `file_keys` are the
/// sections' draft keys (a digest of each file).
fn check_blocks(
    brief: &Brief,
    drafts: &[Arc<Draft>],
    file_keys: &[u64],
    cache: Option<&RenderCache>,
) -> Vec<Vec<Result<BlockSpec, Diagnostics>>> {
    let jobs: Vec<(usize, usize)> = drafts
        .iter()
        .enumerate()
        .flat_map(|(p, draft)| (0..draft.blocks.len()).map(move |k| (p, k)))
        .collect();
    let checked: Vec<Result<BlockSpec, Diagnostics>> = jobs
        .par_iter()
        .map(|&(p, k)| {
            let file = &brief.sections[p].file;
            let block = &drafts[p].blocks[k];
            let check =
                || blocks::parse_spec(brief, file, block.kind, &block.code, block.fence_line);
            let Some(cache) = cache else {
                return check();
            };
            let mut hasher = FxHasher::default();
            file_keys[p].hash(&mut hasher);
            k.hash(&mut hasher);
            let key = hasher.finish();
            let data = |spec: &BlockSpec| blocks::dataset_digest(brief, spec.dataset());
            cache
                .specs
                .get_or_try_if(
                    key,
                    |(spec, digest)| data(spec) == *digest,
                    || {
                        check().map(|spec| {
                            let digest = data(&spec);
                            (spec, digest)
                        })
                    },
                )
                .map(|(spec, _)| spec)
        })
        .collect();
    let mut checked = checked.into_iter();
    drafts
        .iter()
        .map(|draft| checked.by_ref().take(draft.blocks.len()).collect())
        .collect()
}

/// Charts and tables, all in one parallel pass: they are the costliest parts of a page, and a
/// section holds few of them, so spreading them by section would balance poorly. The dev
/// server's cache gives back the ones whose inputs did not change. Returns each section's
/// blocks by their index in its draft, their cross-references filled (after the cache: the
/// labels depend on the rest of the document).
fn render_blocks(
    brief: &Brief,
    theme: &Theme,
    (cache, theme_fingerprint): (Option<&RenderCache>, u64),
    refs: &CrossRefs,
    plans: &[SectionPlan],
    drafts: &[Arc<Draft>],
) -> Vec<assemble::KeyedBlocks> {
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
    let rendered: Vec<(usize, usize, assemble::BlockResult)> = jobs
        .into_par_iter()
        .map(|(p, k, spec, yaml_text)| {
            let (block, key) = match cache {
                Some(cache) => {
                    let key = blocks::cache_key(brief, spec, yaml_text, theme_fingerprint);
                    let block = cache
                        .blocks
                        .get_or_try(key, || blocks::render(brief, theme, spec).map(Arc::new));
                    (block, key)
                }
                None => (blocks::render(brief, theme, spec).map(Arc::new), 0),
            };
            let block = block.map(|block| {
                let filled = refs.fill_block(Arc::clone(&block));
                // A block's HTML is known by its key, unless its cross-references were filled.
                let digest = match cache {
                    Some(_) if !Arc::ptr_eq(&filled, &block) => {
                        let mut hasher = FxHasher::default();
                        key.hash(&mut hasher);
                        filled.html.hash(&mut hasher);
                        hasher.finish()
                    }
                    _ => key,
                };
                (filled, digest)
            });
            (p, k, block)
        })
        .collect();
    let mut section_blocks: Vec<assemble::KeyedBlocks> = drafts
        .iter()
        .map(|d| (0..d.blocks.len()).map(|_| None).collect())
        .collect();
    for (p, k, block) in rendered {
        section_blocks[p][k] = Some(block);
    }
    section_blocks
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
                quote::pull_quote(start, events).into_iter().map(|(e, _)| e),
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

    #[test]
    fn a_dataset_edit_redoes_only_the_blocks_that_show_it() {
        // `basic` has three datasets: `growth` shown in the first section, `series` and
        // `things` in the second.
        let dir = crate::testing::fixture("basic");
        let theme = Theme::load(dir.path()).unwrap();
        let cache = RenderCache::default();
        let render = |cache: &RenderCache| {
            let brief = crate::load::load(dir.path(), &mut Diagnostics::default()).unwrap();
            let mut diagnostics = Diagnostics::default();
            let Planned { outline, sections } = plan(&brief, &mut diagnostics, Some(cache));
            let document = Document::new(
                outline,
                sections.render(&theme, &mut diagnostics, Some(cache)),
            );
            assert!(!diagnostics.has_errors(), "{diagnostics:?}");
            cache.sweep();
            document.bodies
        };
        let first = render(&cache);
        let made =
            |cache: &RenderCache| (cache.drafts.made(), cache.specs.made(), cache.blocks.made());
        assert_eq!(made(&cache), (2, 3, 3), "two sections, three blocks");
        // Nothing changed: nothing is made again.
        assert_eq!(render(&cache), first);
        assert_eq!(made(&cache), (2, 3, 3));
        // A dataset shown by one block of the second section: that block alone is checked and
        // drawn again; no section is drafted again.
        let path = dir.path().join("content/data/things.yaml");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("{text}\n# edited\n")).unwrap();
        let second = render(&cache);
        assert_eq!(made(&cache), (2, 4, 4));
        assert_eq!(second, first, "a comment changes no output");
    }
}
