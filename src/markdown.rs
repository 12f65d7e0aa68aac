//! Render stage, Markdown part: parse each section once with pulldown-cmark, plan the whole
//! document (heading ids, figure/table numbers, footnote numbers), then turn each section's
//! events into HTML, replacing ` ```chart ` and ` ```table ` blocks with figures.

use std::collections::hash_map::DefaultHasher;
// Ids, labels and event indexes are hashed by the thousand and never come from an attacker who
// could choose collisions (the author writes the brief), so a fast non-keyed hash is right.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::hash::{Hash, Hasher};
use std::ops::Range;

use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html,
};
use rayon::prelude::*;

use crate::blocks::{self, BlockCache, BlockSpec, RenderedBlock};
use crate::cache::Cache;
use crate::diagnostics::{Diagnostic, Diagnostics, line_col};
use crate::model::{Brief, Section};
use crate::theme::Theme;

/// Markdown extensions: CommonMark plus GFM tables, footnotes, strikethrough, task lists,
/// alerts, smart punctuation and `{#id}` heading attributes.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

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
    /// Wall time of this stage's passes: parsing and planning, blocks, sections.
    pub stages: Vec<(&'static str, std::time::Duration)>,
}

/// What a section's events will become, decided before rendering.
struct SectionPlan<'a> {
    section: &'a Section,
    events: Vec<(Event<'a>, Range<usize>)>,
    id: String,
    title_text: String,
    /// Index of the `#` heading used as the section title (removed from the body).
    title_heading: Option<usize>,
    /// Id for each heading event (by event index).
    heading_ids: HashMap<usize, String>,
    /// Added to a body heading's Markdown level so the section's top-most one is `<h3>`.
    level_shift: isize,
    /// Block spec for each chart/table code block (by event index of its start).
    blocks: HashMap<usize, BlockSpec>,
    /// Footnote label → the global ids/numbers of its references.
    footnote_numbers: HashMap<String, usize>,
    /// The rendered chart/table blocks (by event index of the block's start), filled in by
    /// the blocks pass.
    rendered: HashMap<usize, Result<RenderedBlock, Vec<Diagnostic>>>,
}

/// A section's events and its blocks' specs (by event index of the block's start, numbered 0
/// until the planning pass numbers them).
struct Parsed<'a> {
    events: Vec<(Event<'a>, Range<usize>)>,
    specs: HashMap<usize, Result<BlockSpec, Vec<Diagnostic>>>,
    /// What planning looks at, found in the parallel pass so the sequential one visits only
    /// these: the index of every heading start, chart/table block start and footnote
    /// reference, in order.
    marks: Vec<usize>,
    /// Plain text of each heading, by the index of its start.
    heading_texts: HashMap<usize, String>,
    /// Index of the first level-1 heading (the title when the front matter has none).
    first_h1: Option<usize>,
    /// Footnote references that name no footnote, which Markdown leaves as text.
    undefined_footnotes: Vec<Diagnostic>,
}

/// Renders all sections of `brief`: ids, numbers and cross-references are document-wide.
pub fn render(brief: &Brief, theme: &Theme, diagnostics: &mut Diagnostics) -> RenderedDocument {
    render_with_cache(brief, theme, diagnostics, None)
}

/// What earlier renders produced, for the dev server's rebuilds (see [`crate::cache`]):
/// sections and blocks, each rendered again only when what it is made from changed.
#[derive(Default)]
pub struct RenderCache {
    pub blocks: BlockCache,
    pub sections: Cache<SectionOutput>,
}

impl RenderCache {
    /// Forgets what the renders since the last sweep did not use.
    pub fn sweep(&self) {
        self.blocks.sweep();
        self.sections.sweep();
    }
}

/// The key of a planned section: everything `render_section` reads. `context` digests what
/// every section shares (the document's anchors and ids, the theme).
fn section_key(brief: &Brief, plan: &SectionPlan<'_>, number: usize, context: u64) -> u64 {
    let mut hasher = DefaultHasher::new();
    context.hash(&mut hasher);
    number.hash(&mut hasher);
    plan.section.file.path.hash(&mut hasher);
    // The whole file: front matter, body and the body's offset in it.
    plan.section.file.text.hash(&mut hasher);
    plan.id.hash(&mut hasher);
    plan.title_text.hash(&mut hasher);
    plan.title_heading.hash(&mut hasher);
    sorted(&plan.heading_ids).hash(&mut hasher);
    sorted(&plan.footnote_numbers).hash(&mut hasher);
    for (i, spec) in sorted(&plan.blocks) {
        (i, spec.label(), spec.id()).hash(&mut hasher);
        if let Some(dataset) = brief.dataset(spec.dataset()) {
            dataset.file.text.hash(&mut hasher);
        }
    }
    hasher.finish()
}

fn sorted<K: Ord, V>(map: &HashMap<K, V>) -> Vec<(&K, &V)> {
    let mut entries: Vec<(&K, &V)> = map.iter().collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    entries
}

/// [`render`], taking the sections, charts and tables whose inputs did not change from
/// `cache`.
pub fn render_with_cache(
    brief: &Brief,
    theme: &Theme,
    diagnostics: &mut Diagnostics,
    cache: Option<&RenderCache>,
) -> RenderedDocument {
    let theme_fingerprint = cache.map(|_| theme.fingerprint()).unwrap_or_default();
    let mut clock = crate::Stopwatch::start();
    // Parse every section once (in parallel); the events borrow the section text. The YAML of
    // its chart and table blocks is parsed and checked here too, so the sequential planning
    // pass only numbers them.
    let parsed: Vec<Parsed<'_>> = brief
        .sections
        .par_iter()
        .map(|s| {
            // Prose gives about one event per 17 bytes, lists and tables one per 10: reserve
            // for the dense case so the events are not copied as the vector grows, then give
            // back what was not used (every section's events are held until it renders).
            let mut events = Vec::with_capacity(s.body.len() / 10 + 16);
            events.extend(Parser::new_ext(&s.body, options()).into_offset_iter());
            events.shrink_to_fit();
            let mut specs = HashMap::default();
            let mut marks = Vec::new();
            let mut heading_texts = HashMap::default();
            let mut first_h1 = None;
            for (i, (event, range)) in events.iter().enumerate() {
                match event {
                    Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                        let Some(kind) = blocks::BlockKind::from_info(info) else {
                            continue;
                        };
                        let text = code_text(&events[i + 1..]);
                        let (fence_line, _) = location(s, range.start);
                        let spec = blocks::parse_spec(brief, &s.file, kind, &text, fence_line, 0);
                        specs.insert(i, spec);
                        marks.push(i);
                    }
                    Event::Start(Tag::Heading { level, .. }) => {
                        if *level == HeadingLevel::H1 && first_h1.is_none() {
                            first_h1 = Some(i);
                        }
                        heading_texts.insert(i, heading_text(&events[i + 1..]));
                        marks.push(i);
                    }
                    Event::FootnoteReference(_) => marks.push(i),
                    _ => {}
                }
            }
            let undefined_footnotes = undefined_footnotes(s, &events);
            Parsed {
                events,
                specs,
                marks,
                heading_texts,
                first_h1,
                undefined_footnotes,
            }
        })
        .collect();
    clock.lap("markdown: parse");

    let mut plans = Vec::with_capacity(parsed.len());
    let mut ids = IdRegistry::default();
    let mut anchors: HashMap<String, String> = HashMap::default();
    let mut figure_count = 0;
    let mut table_count = 0;
    let mut footnote_count = 0;

    for (section, parsed) in brief.sections.iter().zip(parsed) {
        plans.push(plan_section(
            section,
            parsed,
            &mut ids,
            &mut anchors,
            &mut figure_count,
            &mut table_count,
            &mut footnote_count,
            diagnostics,
        ));
    }
    for (number, plan) in plans.iter().enumerate() {
        anchors
            .entry(plan.id.clone())
            .or_insert_with(|| format!("Section {}", number + 1));
    }

    clock.lap("markdown: plan");

    // Charts and tables, all in one parallel pass: they are the costliest parts of a page, and
    // a section holds few of them, so spreading them by section would balance poorly. The dev
    // server's cache gives back the ones whose inputs did not change.
    let jobs: Vec<(usize, usize, &BlockSpec, String)> = plans
        .iter()
        .enumerate()
        .flat_map(|(p, plan)| {
            plan.blocks
                .iter()
                .map(move |(&i, spec)| (p, i, spec, code_text(&plan.events[i + 1..])))
        })
        .collect();
    let rendered: Vec<(usize, usize, Result<RenderedBlock, Vec<Diagnostic>>)> = jobs
        .into_par_iter()
        .map(|(p, i, spec, yaml_text)| {
            let block = match cache {
                Some(cache) => {
                    let key = blocks::cache_key(brief, spec, &yaml_text, theme_fingerprint);
                    cache
                        .blocks
                        .get_or_try(key, || blocks::render(brief, theme, spec))
                }
                None => blocks::render(brief, theme, spec),
            };
            (p, i, block)
        })
        .collect();
    for (p, i, block) in rendered {
        plans[p].rendered.insert(i, block);
    }
    clock.lap("charts and tables");

    let known = KnownIds {
        ids: ids.used.iter().map(String::as_str).collect(),
        failed_prefixes: &ids.failed_prefixes,
    };
    let context = cache.map(|_| {
        let mut hasher = DefaultHasher::new();
        theme_fingerprint.hash(&mut hasher);
        // The brief's settings (`sanitize`, …): rarely changed, so all of them.
        serde_json::to_string(&brief.meta)
            .unwrap_or_default()
            .hash(&mut hasher);
        sorted(&anchors).hash(&mut hasher);
        let mut ids: Vec<&str> = known.ids.iter().copied().collect();
        ids.sort_unstable();
        ids.hash(&mut hasher);
        known.failed_prefixes.hash(&mut hasher);
        hasher.finish()
    });
    let results: Vec<SectionOutput> = plans
        .into_par_iter()
        .enumerate()
        .map(|(i, plan)| match (cache, context) {
            (Some(cache), Some(context)) => {
                let key = section_key(brief, &plan, i + 1, context);
                cache
                    .sections
                    .get_or(key, || render_section(brief, plan, i + 1, &anchors, &known))
            }
            _ => render_section(brief, plan, i + 1, &anchors, &known),
        })
        .collect();

    let mut document = RenderedDocument::default();
    for output in results {
        document.sections.push(output.section);
        document.blocks.extend(output.blocks);
        document.footnotes.extend(output.footnotes);
        diagnostics.extend(output.problems);
    }
    document.footnotes.sort_by_key(|f| f.number);
    clock.lap("markdown: sections");
    document.stages = clock.into_stages();
    document
}

/// The ids a `#link` may target.
struct KnownIds<'a> {
    ids: HashSet<&'a str>,
    failed_prefixes: &'a [&'static str],
}

impl KnownIds<'_> {
    /// Whether a link to `target` should be reported as broken: not when it may name a block
    /// whose own errors were reported already.
    fn is_broken(&self, target: &str) -> bool {
        !self.ids.contains(target) && !self.failed_prefixes.iter().any(|p| target.starts_with(p))
    }
}

/// Document-wide unique ids: a repeated slug gets `-1`, `-2`, ….
#[derive(Default)]
struct IdRegistry {
    used: HashSet<String>,
    /// A chart (`fig-`) or table (`tbl-`) block failed its checks: its id is unknown, so a
    /// link to it would only repeat that error.
    failed_prefixes: Vec<&'static str>,
    /// For each base that was repeated, the suffix to try next. Ids are never released, so
    /// every smaller suffix is known to be taken: a heading repeated in every section (say
    /// "Recommendations") costs one try per use, not one per earlier use.
    next_suffix: HashMap<String, usize>,
}

impl IdRegistry {
    fn unique(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "section" } else { base };
        if !RESERVED_IDS.contains(&base) && self.used.insert(base.to_string()) {
            return base.to_string();
        }
        let next = self.next_suffix.entry(base.to_string()).or_insert(1);
        loop {
            let candidate = format!("{base}-{next}");
            *next += 1;
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
    }

    fn claim(&mut self, id: &str) -> bool {
        !RESERVED_IDS.contains(&id) && self.used.insert(id.to_string())
    }
}

fn location(section: &Section, offset: usize) -> (usize, usize) {
    let (line, col) = line_col(&section.body, offset);
    (line + section.body_line_offset, col)
}

#[allow(clippy::too_many_arguments)]
fn plan_section<'a>(
    section: &'a Section,
    parsed: Parsed<'a>,
    ids: &mut IdRegistry,
    anchors: &mut HashMap<String, String>,
    figure_count: &mut usize,
    table_count: &mut usize,
    footnote_count: &mut usize,
    diagnostics: &mut Diagnostics,
) -> SectionPlan<'a> {
    let file = &section.file;
    let Parsed {
        events,
        mut specs,
        marks,
        mut heading_texts,
        first_h1,
        undefined_footnotes,
    } = parsed;
    diagnostics.extend(undefined_footnotes);
    // The title: front matter, else the first level-1 heading.
    let mut title_heading = None;
    let mut title_text = section.front.title.clone().unwrap_or_default();
    if section.front.title.is_none() {
        if let Some(i) = first_h1 {
            title_heading = Some(i);
            title_text = heading_texts.remove(&i).unwrap_or_default();
        } else {
            diagnostics.push(
                Diagnostic::error(&file.display, "the section has no title")
                    .at(&file.text, 1, 1)
                    .with_hint(
                        "add `title: ...` to the front matter, or start the section with `# Title`",
                    ),
            );
        }
    }

    let wanted_id = section
        .front
        .id
        .as_deref()
        .map(clean_id)
        .filter(|id| !id.is_empty())
        .unwrap_or_else(|| slugify(&title_text));
    let id = if ids.claim(&wanted_id) {
        wanted_id
    } else {
        let line = crate::load::line_of_key(&file.text, "id").unwrap_or(1);
        let (message, hint) = if RESERVED_IDS.contains(&wanted_id.as_str()) {
            (
                format!("the section id `{wanted_id}` is reserved by the page"),
                format!(
                    "give this section another `id:` (reserved: {})",
                    RESERVED_IDS.join(", ")
                ),
            )
        } else {
            (
                format!("the section id `{wanted_id}` is already used"),
                "give this section a different `id:` in its front matter".to_string(),
            )
        };
        diagnostics.push(
            Diagnostic::error(&file.display, message)
                .at(&file.text, line, 1)
                .with_hint(hint),
        );
        ids.unique(&wanted_id)
    };

    let mut heading_ids = HashMap::default();
    let mut blocks = HashMap::default();
    let mut footnote_numbers = HashMap::default();
    let mut top_level = None;
    for &i in &marks {
        match &events[i].0 {
            Event::Start(Tag::Heading {
                id: explicit,
                level,
                ..
            }) if Some(i) != title_heading => {
                top_level = Some(top_level.map_or(*level, |top: HeadingLevel| top.min(*level)));
                let base = match explicit {
                    Some(explicit) => explicit.to_string(),
                    None => slugify(heading_texts.get(&i).map_or("", String::as_str)),
                };
                if explicit.is_some() && ids.used.contains(&base) {
                    let (line, col) = location(section, events[i].1.start);
                    diagnostics.push(
                        Diagnostic::error(
                            &file.display,
                            format!("the heading id `{base}` is already used"),
                        )
                        .at(&file.text, line, col)
                        .with_hint("choose another `{#id}` for this heading"),
                    );
                }
                heading_ids.insert(i, ids.unique(&base));
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                if let Some(kind) = blocks::BlockKind::from_info(info) {
                    let (fence_line, _) = location(section, events[i].1.start);
                    let number = match kind {
                        blocks::BlockKind::Chart => {
                            *figure_count += 1;
                            *figure_count
                        }
                        blocks::BlockKind::Table => {
                            *table_count += 1;
                            *table_count
                        }
                    };
                    match specs.remove(&i) {
                        Some(Ok(mut spec)) => {
                            spec.set_number(number);
                            if !ids.claim(spec.id()) {
                                diagnostics.push(
                                    Diagnostic::error(
                                        &file.display,
                                        format!("the id `{}` is already used", spec.id()),
                                    )
                                    .at(&file.text, fence_line, 1)
                                    .with_hint("give the block a unique `id:`"),
                                );
                            }
                            anchors.insert(spec.id().to_string(), spec.label());
                            blocks.insert(i, spec);
                        }
                        Some(Err(problems)) => {
                            diagnostics.extend(problems);
                            // Links to the failed block only repeat its errors: accept its
                            // anchor, or every fig-/tbl- one when even that is unreadable.
                            let text = code_text(&events[i + 1..]);
                            match blocks::intended_anchor(kind, &text) {
                                Some(anchor) => {
                                    ids.used.insert(anchor);
                                }
                                None => ids.failed_prefixes.push(match kind {
                                    blocks::BlockKind::Chart => "fig-",
                                    blocks::BlockKind::Table => "tbl-",
                                }),
                            }
                        }
                        None => {}
                    }
                }
            }
            Event::FootnoteReference(label) if !footnote_numbers.contains_key(label.as_ref()) => {
                *footnote_count += 1;
                footnote_numbers.insert(label.to_string(), *footnote_count);
                ids.used.insert(footnote_id(&id, label));
            }
            _ => {}
        }
    }

    // The section title is <h2>; the highest heading in the body becomes <h3>, whether the
    // author wrote `##` or `###`, so levels never skip.
    let top_level = top_level.map_or(3, |level| level as isize);
    SectionPlan {
        section,
        events,
        id,
        title_text,
        title_heading,
        heading_ids,
        level_shift: 3 - top_level,
        blocks,
        footnote_numbers,
        rendered: HashMap::default(),
    }
}

/// `[^label]` in the text with no `[^label]: …` definition: Markdown leaves it as the text
/// "[^label]" (the parser gives `[`, `^label` and `]`), which is almost always a misspelt
/// label, so it is reported.
fn undefined_footnotes(section: &Section, events: &[(Event<'_>, Range<usize>)]) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for window in events.windows(3) {
        let [
            (Event::Text(open), range),
            (Event::Text(label), _),
            (Event::Text(close), _),
        ] = window
        else {
            continue;
        };
        let Some(label) = label.strip_prefix('^') else {
            continue;
        };
        if open.as_ref() != "["
            || !close.starts_with(']')
            || label.is_empty()
            || label.contains(char::is_whitespace)
        {
            continue;
        }
        let (line, col) = location(section, range.start);
        found.push(
            Diagnostic::warning(
                &section.file.display,
                format!("the footnote `[^{label}]` has no definition"),
            )
            .at(&section.file.text, line, col)
            .with_span_len(label.chars().count() + 3)
            .with_hint(format!(
                "it shows as the text “[^{label}]”: add `[^{label}]: …` at the end of the section, or correct the label"
            )),
        );
    }
    found
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

/// Plain text of a heading (or any inline run) up to its end tag.
fn heading_text(events: &[(Event<'_>, Range<usize>)]) -> String {
    let mut text = String::new();
    for (event, _) in events {
        match event {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text
}

fn code_text(events: &[(Event<'_>, Range<usize>)]) -> String {
    let mut text = String::new();
    for (event, _) in events {
        match event {
            Event::End(TagEnd::CodeBlock) => break,
            Event::Text(t) => text.push_str(t),
            _ => {}
        }
    }
    text
}

/// What rendering one section produced.
#[derive(Clone)]
pub struct SectionOutput {
    section: RenderedSection,
    blocks: Vec<RenderedBlock>,
    footnotes: Vec<Footnote>,
    problems: Vec<Diagnostic>,
}

/// Renders one planned section.
fn render_section<'a>(
    brief: &Brief,
    mut plan: SectionPlan<'a>,
    number: usize,
    anchors: &HashMap<String, String>,
    known_ids: &KnownIds<'_>,
) -> SectionOutput {
    let section = plan.section;
    let file = &section.file;
    let mut problems = Vec::new();
    let mut out: Vec<Event<'a>> = Vec::with_capacity(plan.events.len());
    let mut rendered_blocks = Vec::new();
    let mut children = Vec::new();
    let mut footnote_defs: HashMap<String, String> = HashMap::default();
    let mut ref_counts: HashMap<String, usize> = HashMap::default();
    let mut backrefs: HashMap<String, Vec<Backref>> = HashMap::default();
    let mut words = 0;

    let mut events = plan.events.into_iter().enumerate().peekable();
    while let Some((i, (event, range))) = events.next() {
        match event {
            Event::Start(Tag::Heading { .. }) if Some(i) == plan.title_heading => {
                // The title heading is rendered by the page template.
                for (_, (e, _)) in events.by_ref() {
                    if matches!(e, Event::End(TagEnd::Heading(_))) {
                        break;
                    }
                }
            }
            Event::Start(Tag::Heading { level, classes, .. }) => {
                let id = plan.heading_ids.get(&i).cloned().unwrap_or_default();
                // An explicit `{#id}` may hold any character but space and `}`.
                let id_attr = escape_attr(&id);
                let mut inner = Vec::new();
                for (_, (e, _)) in events.by_ref() {
                    if matches!(e, Event::End(TagEnd::Heading(_))) {
                        break;
                    }
                    inner.push(e);
                }
                let mut inner_html = String::new();
                html::push_html(&mut inner_html, inner.into_iter());
                let text = strip_tags(&inner_html);
                words += count_words(&text);
                let level = (level as isize + plan.level_shift).clamp(3, 6);
                if level == 3 {
                    children.push(TocEntry {
                        id: id.clone(),
                        title_html: inner_html.clone(),
                    });
                }
                let class = if classes.is_empty() {
                    String::new()
                } else {
                    format!(" class=\"{}\"", escape_attr(&classes.join(" ")))
                };
                out.push(Event::Html(CowStr::from(format!(
                    "<h{level} id=\"{id_attr}\"{class}>{inner_html} <a class=\"heading-anchor\" href=\"#{id_attr}\"><span aria-hidden=\"true\">#</span><span class=\"visually-hidden\">Link to “{}”</span></a></h{level}>\n",
                    escape_text(&text)
                ))));
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(ref info)))
                if blocks::BlockKind::from_info(info).is_some() =>
            {
                for (_, (e, _)) in events.by_ref() {
                    if matches!(e, Event::End(TagEnd::CodeBlock)) {
                        break;
                    }
                }
                if let Some(block) = plan.rendered.remove(&i) {
                    match block {
                        Ok(block) => {
                            let html = if brief.meta.sanitize {
                                // Put back after the section is cleaned (see `sanitize`).
                                format!(
                                    "<brief-block data-index=\"{}\"></brief-block>",
                                    rendered_blocks.len()
                                )
                            } else {
                                block.html.clone()
                            };
                            out.push(Event::Html(CowStr::from(html)));
                            rendered_blocks.push(block);
                        }
                        Err(d) => problems.extend(d),
                    }
                }
            }
            Event::FootnoteReference(label) => {
                let Some(&n) = plan.footnote_numbers.get(label.as_ref()) else {
                    continue;
                };
                let count = ref_counts.entry(label.to_string()).or_insert(0);
                *count += 1;
                let ref_id = footnote_ref_id(&plan.id, &label, *count);
                backrefs
                    .entry(label.to_string())
                    .or_default()
                    .push(Backref {
                        id: ref_id.clone(),
                        label: if *count == 1 {
                            n.to_string()
                        } else {
                            format!("{n} ({})", *count)
                        },
                    });
                out.push(Event::Html(CowStr::from(format!(
                    "<sup class=\"footnote-ref\"><a href=\"#{}\" id=\"{ref_id}\" role=\"doc-noteref\" aria-label=\"Note {n}\">{n}</a></sup>",
                    footnote_id(&plan.id, &label)
                ))));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let mut inner = Vec::new();
                let mut depth = 0;
                for (_, (e, _)) in events.by_ref() {
                    match &e {
                        Event::Start(Tag::FootnoteDefinition(_)) => depth += 1,
                        Event::End(TagEnd::FootnoteDefinition) if depth == 0 => break,
                        Event::End(TagEnd::FootnoteDefinition) => depth -= 1,
                        _ => {}
                    }
                    inner.push(e);
                }
                let mut def_html = String::new();
                html::push_html(&mut def_html, inner.into_iter());
                if !plan.footnote_numbers.contains_key(label.as_ref()) {
                    let (line, col) = location(section, range.start);
                    problems.push(
                        Diagnostic::warning(
                            &file.display,
                            format!("the footnote `[^{label}]` is never referenced"),
                        )
                        .at(&file.text, line, col)
                        .with_hint(format!(
                            "cite it in the text with `[^{label}]`, or remove it"
                        )),
                    );
                }
                footnote_defs.insert(label.to_string(), def_html);
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, title) = callout(kind);
                out.push(Event::Html(CowStr::from(format!(
                    "<div class=\"callout callout-{class}\" role=\"note\">\n<p class=\"callout-title\">{title}</p>\n"
                ))));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                out.push(Event::Html(CowStr::from("</div>\n")));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                if let Some(target) = dest_url.strip_prefix('#') {
                    let empty = matches!(events.peek(), Some((_, (Event::End(TagEnd::Link), _))));
                    if known_ids.is_broken(target) {
                        let (line, col) = location(section, range.start);
                        problems.push(
                            Diagnostic::error(
                                &file.display,
                                format!("the link target `#{target}` does not exist"),
                            )
                            .at(&file.text, line, col)
                            .with_span_len(range.len())
                            .with_hint(broken_anchor_hint(target, &known_ids.ids)),
                        );
                    } else if empty {
                        // `[](#fig-trade)`: the reader sees "Figure 2".
                        let text = anchors
                            .get(target)
                            .cloned()
                            .unwrap_or_else(|| target.to_string());
                        out.push(Event::Start(Tag::Link {
                            link_type,
                            dest_url,
                            title,
                            id,
                        }));
                        out.push(Event::Text(CowStr::from(text)));
                        continue;
                    }
                }
                out.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Table(alignments)) => {
                // A wide table scrolls inside its own keyboard-reachable region on phones.
                out.push(Event::Html(CowStr::from(
                    "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Table (scrolls sideways)\">\n",
                )));
                out.push(Event::Start(Tag::Table(alignments)));
            }
            Event::End(TagEnd::Table) => {
                out.push(Event::End(TagEnd::Table));
                out.push(Event::Html(CowStr::from("</div>\n")));
            }
            Event::TaskListMarker(done) => {
                // A labelled, read-only checkbox (a bare one fails WCAG "form elements have labels").
                let (checked, label) = if done {
                    (" checked", "Done")
                } else {
                    ("", "Not done")
                };
                out.push(Event::Html(CowStr::from(format!(
                    "<input type=\"checkbox\" disabled{checked} aria-label=\"{label}\"> "
                ))));
            }
            Event::Text(ref t) => {
                words += count_words(t);
                out.push(event);
            }
            other => out.push(other),
        }
    }

    let mut html = render_with_pull_quotes(out);
    if brief.meta.sanitize {
        html = sanitize(&html, &rendered_blocks);
    }
    let mut footnotes = Vec::new();
    for (label, n) in &plan.footnote_numbers {
        match footnote_defs.remove(label) {
            Some(html) => footnotes.push(Footnote {
                id: footnote_id(&plan.id, label),
                number: *n,
                html,
                backrefs: backrefs.remove(label).unwrap_or_default(),
            }),
            None => problems.push(
                Diagnostic::error(
                    &file.display,
                    format!("the footnote `[^{label}]` has no definition"),
                )
                .at(&file.text, 1, 1)
                .with_hint(format!("add `[^{label}]: text` at the end of the section")),
            ),
        }
    }
    let title_html = inline_html(&plan.title_text);
    words += count_words(&plan.title_text);
    SectionOutput {
        section: RenderedSection {
            id: plan.id,
            number,
            title_text: plan.title_text,
            title_html,
            html,
            children,
            words,
        },
        blocks: rendered_blocks,
        footnotes,
        problems,
    }
}

fn broken_anchor_hint(target: &str, known: &HashSet<&str>) -> String {
    let mut candidates: Vec<&str> = known.iter().copied().collect();
    candidates.sort_unstable();
    match crate::diagnostics::did_you_mean(target, candidates.iter().copied()) {
        Some(best) => format!("did you mean `#{best}`?"),
        None => "link to a heading, figure (`#<chart id>`) or table id that exists".to_string(),
    }
}

fn callout(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    }
}

/// Writes HTML, turning a blockquote whose last paragraph starts with a dash ("— An official")
/// into an attributed pull quote: `<figure class="pull-quote"><blockquote>…</blockquote>
/// <figcaption>…</figcaption></figure>`.
fn render_with_pull_quotes(events: Vec<Event<'_>>) -> String {
    // Sized from the events (about 25 bytes of HTML each in prose), so the buffer is not
    // copied over and over as it grows.
    let mut html_out = String::with_capacity(events.len() * 25);
    let stream = PullQuotes {
        events: events.into_iter(),
        queued: Vec::new().into_iter(),
    };
    html::push_html(&mut html_out, stream);
    html_out
}

/// The events of a section with every attributed quote turned into a pull quote. Events pass
/// straight through; only a quote is held (to find its last paragraph) and given back in its
/// new form, its markup as raw HTML events.
struct PullQuotes<'a, I> {
    events: I,
    queued: std::vec::IntoIter<Event<'a>>,
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for PullQuotes<'a, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        if let Some(event) = self.queued.next() {
            return Some(event);
        }
        let event = self.events.next()?;
        if !matches!(event, Event::Start(Tag::BlockQuote(None))) {
            return Some(event);
        }
        // Collect the whole quote.
        let mut quote = Vec::new();
        let mut depth = 0;
        for e in self.events.by_ref() {
            match &e {
                Event::Start(Tag::BlockQuote(_)) => depth += 1,
                Event::End(TagEnd::BlockQuote(_)) if depth == 0 => break,
                Event::End(TagEnd::BlockQuote(_)) => depth -= 1,
                _ => {}
            }
            quote.push(e);
        }
        let mut out = Vec::with_capacity(quote.len() + 3);
        match attribution_start(&quote) {
            Some(split) => {
                let attribution = quote.split_off(split);
                out.push(Event::Html(CowStr::Borrowed(
                    "<figure class=\"pull-quote\">\n<blockquote>\n",
                )));
                out.extend(quote);
                out.push(Event::Html(CowStr::Borrowed("</blockquote>\n<figcaption>")));
                // The attribution paragraph, without its <p>.
                out.extend(attribution.into_iter().filter(|e| {
                    !matches!(
                        e,
                        Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph)
                    )
                }));
                out.push(Event::Html(CowStr::Borrowed("</figcaption>\n</figure>\n")));
            }
            None => {
                out.push(Event::Start(Tag::BlockQuote(None)));
                out.extend(quote);
                out.push(Event::End(TagEnd::BlockQuote(None)));
            }
        }
        self.queued = out.into_iter();
        self.queued.next()
    }
}

/// Index of the last top-level paragraph of a quote if it begins with a dash.
fn attribution_start(quote: &[Event<'_>]) -> Option<usize> {
    let mut depth = 0;
    let mut last_para = None;
    for (i, e) in quote.iter().enumerate() {
        match e {
            Event::Start(Tag::Paragraph) if depth == 0 => last_para = Some(i),
            Event::Start(_) => depth += 1,
            Event::End(TagEnd::Paragraph) if depth == 0 => {}
            Event::End(_) => depth -= 1,
            _ => {}
        }
    }
    let start = last_para?;
    if start == 0 {
        return None; // A quote that is only an attribution is just a quote.
    }
    match quote.get(start + 1) {
        Some(Event::Text(t)) if t.starts_with(['—', '–', '―']) => Some(start),
        _ => None,
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

/// Renders a line of inline Markdown from data or metadata (a title, a table cell, a
/// takeaway) without `<p>`. Raw HTML in such values is shown as text, never interpreted, and
/// links to `javascript:` (or another unsafe scheme) keep their text but lose the link.
pub fn inline_html(text: &str) -> String {
    let mut out = String::new();
    let parser = untrusted(Parser::new_ext(text, options())).filter(|e| {
        !matches!(
            e,
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph)
        )
    });
    html::push_html(&mut out, parser);
    out.trim_end().to_string()
}

/// Renders block Markdown from data or metadata (a summary, notes), as [`inline_html`] does.
pub fn block_html(text: &str) -> String {
    let mut out = String::new();
    html::push_html(&mut out, untrusted(Parser::new_ext(text, options())));
    out
}

/// Markdown events from data or metadata made safe: raw HTML becomes text; a link or image
/// whose URL has an unsafe scheme is dropped (a link keeps its text). Links cannot nest, so
/// one flag pairs a dropped link's start with its end.
fn untrusted<'a>(events: impl Iterator<Item = Event<'a>>) -> impl Iterator<Item = Event<'a>> {
    let mut dropped_link = false;
    events.filter_map(move |event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(Tag::Link { ref dest_url, .. }) if !is_safe_url(dest_url) => {
            dropped_link = true;
            None
        }
        Event::End(TagEnd::Link) if dropped_link => {
            dropped_link = false;
            None
        }
        Event::Start(Tag::Image {
            link_type,
            ref dest_url,
            title,
            id,
        }) if !is_safe_url(dest_url) => Some(Event::Start(Tag::Image {
            link_type,
            dest_url: CowStr::from(""),
            title,
            id,
        })),
        other => Some(other),
    })
}

/// Whether a URL from data or metadata may be a link: relative, a fragment, or one of the
/// schemes a reader expects (`http`, `https`, `mailto`). Browsers ignore ASCII whitespace and
/// control characters inside a scheme (`java\tscript:`), so those are removed first.
pub fn is_safe_url(url: &str) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .collect();
    let Some(colon) = cleaned.find(':') else {
        return true;
    };
    // A colon after a `/`, `?` or `#` is not a scheme separator (a relative URL).
    if cleaned[..colon].contains(['/', '?', '#']) {
        return true;
    }
    let scheme = cleaned[..colon].to_ascii_lowercase();
    matches!(scheme.as_str(), "http" | "https" | "mailto")
}

/// An id the author gave (`id:` in front matter or a table block): letters, digits, `-` and
/// `_` are kept, anything else becomes `-`, so the id is safe in an attribute and a URL.
pub fn clean_id(id: &str) -> String {
    let cleaned: String = id
        .trim()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    cleaned.trim_matches('-').to_string()
}

/// A URL fragment from a title: lowercase ASCII letters, digits and hyphens; other scripts
/// (e.g. Devanagari) are kept as they are, since browsers handle Unicode fragments.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut dash = false;
    for ch in text.chars() {
        if ch.is_alphanumeric() {
            if dash && !slug.is_empty() {
                slug.push('-');
            }
            dash = false;
            slug.extend(ch.to_lowercase());
        } else if matches!(ch, '\'' | '’' | '.') {
            // "India's" → "indias", "U.S." → "us".
        } else {
            dash = true;
        }
    }
    slug
}

/// Words as `str::split_whitespace` finds them. It runs on every text run of the document, so
/// ASCII text (the usual case) is counted without a loop-carried state: a word starts at each
/// non-space byte that follows a space. Counting in `u8` lanes, 255 bytes at a time, lets the
/// compiler use vector instructions.
pub fn count_words(text: &str) -> usize {
    if !text.is_ascii() {
        return text.split_whitespace().count();
    }
    // `char::is_whitespace` in ASCII: tab, line feed, vertical tab, form feed, carriage return
    // and space.
    fn space(b: u8) -> bool {
        (b == b' ') | (b.wrapping_sub(b'\t') < 5)
    }
    let bytes = text.as_bytes();
    let Some(&first) = bytes.first() else {
        return 0;
    };
    let pairs = bytes[..bytes.len() - 1]
        .chunks(255)
        .zip(bytes[1..].chunks(255));
    let starts: usize = pairs
        .map(|(before, after)| {
            let starts = before
                .iter()
                .zip(after)
                .map(|(&a, &b)| u8::from(space(a) & !space(b)))
                .fold(0u8, u8::wrapping_add);
            usize::from(starts)
        })
        .sum();
    starts + usize::from(!space(first))
}

/// The text of an HTML fragment (tags dropped, entities decoded).
pub fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for ch in html.chars() {
        match ch {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    decode_entities(&out)
}

fn decode_entities(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Escapes text for HTML element content.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html_body_text(&mut out, text).ok();
    out
}

/// Escapes text for a double-quoted HTML (or SVG/XML) attribute.
pub fn escape_attr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html(&mut out, text).ok();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_stable_and_readable() {
        assert_eq!(
            slugify("The Path Forward: From Friction to Trust"),
            "the-path-forward-from-friction-to-trust"
        );
        assert_eq!(slugify("U.S.–India trade"), "us-india-trade");
        assert_eq!(slugify("India's role"), "indias-role");
        assert_eq!(slugify("भारत और अमेरिका"), "भारत-और-अमेरिका");
    }

    #[test]
    fn repeated_ids_take_the_next_free_suffix() {
        // Guards the linear-time registry: the suffixes are the ones a scan from 1 would give.
        let mut ids = IdRegistry::default();
        assert_eq!(ids.unique("a"), "a");
        assert!(ids.claim("a-2"));
        assert_eq!(ids.unique("a"), "a-1");
        assert_eq!(ids.unique("a"), "a-3");
        assert_eq!(ids.unique("main"), "main-1");
        assert_eq!(ids.unique(""), "section");
        assert_eq!(ids.unique(""), "section-1");
    }

    #[test]
    fn pull_quote_needs_a_dash_attribution() {
        let events: Vec<Event> =
            Parser::new_ext("> “No keys, no deal.”\n>\n> — An official\n", options()).collect();
        let html = render_with_pull_quotes(events);
        assert!(html.contains("<figure class=\"pull-quote\">"), "{html}");
        assert!(
            html.contains("<figcaption>— An official</figcaption>"),
            "{html}"
        );
        let plain: Vec<Event> = Parser::new_ext("> Just a quote.\n", options()).collect();
        assert!(!render_with_pull_quotes(plain).contains("pull-quote"));
    }

    #[test]
    fn unsafe_links_from_data_lose_their_link_but_keep_their_text() {
        let html = inline_html("[click](javascript:alert(1)) and [ok](https://example.org)");
        assert_eq!(
            html, "click and <a href=\"https://example.org\">ok</a>",
            "{html}"
        );
        assert!(!block_html("[x](JaVa\tScRiPt:alert(1))").contains("href"));
        assert!(!block_html("![x](javascript:alert(1))").contains("javascript"));
        assert!(is_safe_url("#fig-1") && is_safe_url("data/x.csv") && is_safe_url("a/b:c"));
        assert!(!is_safe_url("vbscript:x") && !is_safe_url("data:text/html,x"));
    }

    #[test]
    fn words_are_counted_as_split_whitespace_does() {
        for text in [
            "",
            "  ",
            "one",
            "a",
            "a ",
            " a",
            "ab\n\ncd ef.",
            " two  words ",
            "a\tb\nc\x0bd\x0ce\rf",
            "नमस्ते दुनिया\u{a0}x",
        ] {
            assert_eq!(
                count_words(text),
                text.split_whitespace().count(),
                "{text:?}"
            );
        }
        // Longer than the 255-byte lanes, with words across their edges.
        for text in ["ab ".repeat(300), "x".repeat(600), " abcdefg\t".repeat(90)] {
            assert_eq!(count_words(&text), text.split_whitespace().count());
        }
    }

    #[test]
    fn escaping_covers_quotes_in_attributes() {
        assert_eq!(escape_attr("\" onerror=x"), "&quot; onerror=x");
        assert_eq!(escape_text("<script>"), "&lt;script&gt;");
    }
}
