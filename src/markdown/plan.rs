//! The one sequential pass: sections numbered in document order, their ids made unique
//! (sections, headings, figures, tables, notes), and every id a `#link` may target known.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use pulldown_cmark::HeadingLevel;

use super::draft::{Draft, DraftBlock, DraftHeading, Mark};
use super::{RESERVED_IDS, footnote_id};
use crate::blocks::{self, BlockSpec};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Section;
use crate::text::clean_id;

/// What planning decided for a section.
pub(super) struct SectionPlan {
    pub id: String,
    /// Id for each heading of the draft (by index; empty for the title).
    pub heading_ids: Vec<String>,
    /// Added to a body heading's Markdown level so the section's top-most one is `<h3>`.
    pub level_shift: isize,
    /// Each block's spec, numbered (by index; `None` when it failed its checks).
    pub specs: Vec<Option<BlockSpec>>,
    /// Footnote label → its number in the document.
    pub footnote_numbers: HashMap<String, usize>,
}

/// Figures, tables and footnotes numbered so far.
#[derive(Default)]
pub(super) struct Counts {
    figures: usize,
    tables: usize,
    footnotes: usize,
}

/// The ids a `#link` may target: every id planning gave out.
pub(super) struct KnownIds<'a>(pub &'a IdRegistry);

impl KnownIds<'_> {
    /// Whether a link to `target` should be reported as broken: not when it may name a block
    /// whose own errors were reported already.
    pub(super) fn is_broken(&self, target: &str) -> bool {
        !self.0.used.contains(target)
            && !self.0.failed_prefixes.iter().any(|p| target.starts_with(p))
    }

    /// Suggests the known id closest to a broken link's target.
    pub(super) fn hint(&self, target: &str) -> String {
        broken_anchor_hint(target, &self.0.used)
    }
}

/// Document-wide unique ids: a repeated slug gets `-1`, `-2`, ….
#[derive(Debug, Default)]
pub(super) struct IdRegistry {
    pub used: HashSet<String>,
    /// A chart (`fig-`) or table (`tbl-`) block failed its checks: its id is unknown, so a
    /// link to it would only repeat that error.
    pub failed_prefixes: Vec<&'static str>,
    /// For each base that was repeated, the suffix to try next. Ids are never released, so
    /// every smaller suffix is known to be taken: a heading repeated in every section (say
    /// "Recommendations") costs one try per use, not one per earlier use.
    next_suffix: HashMap<String, usize>,
    /// Each chart and table id seen, lowercased → as written (see [`IdRegistry::case_twin`]).
    block_ids: HashMap<String, String>,
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

    /// An earlier block id that differs from `id` only in case. Only a table's can (a chart's
    /// id is a lowercase slug, its file's name): two such tables are one link away from a typo,
    /// and a file named after them would be one on macOS and Windows.
    fn case_twin(&mut self, id: &str) -> Option<String> {
        let earlier = self
            .block_ids
            .entry(id.to_lowercase())
            .or_insert_with(|| id.to_string());
        (earlier != id).then(|| earlier.clone())
    }
}

/// The document-wide state planning threads through the sections, in order.
pub(super) struct Planner<'d> {
    pub ids: &'d mut IdRegistry,
    pub anchors: &'d mut HashMap<String, String>,
    pub counts: &'d mut Counts,
    pub diagnostics: &'d mut Diagnostics,
    /// For the labels of cross-references ("Figure 2").
    pub locale: &'d crate::locale::Locale,
}

/// Numbers a section in document order: its id, its headings' ids, its figures, tables and
/// footnotes.
pub(super) fn plan_section(
    planner: &mut Planner<'_>,
    section: &Section,
    draft: &Draft,
    checked: &[Result<BlockSpec, Diagnostics>],
) -> SectionPlan {
    planner.diagnostics.extend(draft.problems.iter().cloned());
    let id = section_id(planner, section, draft);
    let mut heading_ids = vec![String::new(); draft.headings.len()];
    let mut specs: Vec<Option<BlockSpec>> = vec![None; draft.blocks.len()];
    let mut footnote_numbers = HashMap::default();
    let mut top_level = None;
    for mark in &draft.marks {
        match mark {
            Mark::Heading(k) => {
                let heading = &draft.headings[*k];
                if heading.is_title {
                    continue;
                }
                let level = heading.level;
                top_level = Some(top_level.map_or(level, |top: HeadingLevel| top.min(level)));
                heading_ids[*k] = heading_id(planner, section, heading);
            }
            Mark::Block(k) => {
                specs[*k] = plan_block(planner, section, &draft.blocks[*k], &checked[*k])
            }
            Mark::FootnoteRef(label) if !footnote_numbers.contains_key(label) => {
                planner.counts.footnotes += 1;
                footnote_numbers.insert(label.clone(), planner.counts.footnotes);
                planner.ids.used.insert(footnote_id(&id, label));
            }
            Mark::FootnoteRef(_) => {}
        }
    }

    // The section title is <h2>; the highest heading in the body becomes <h3>, whether the
    // author wrote `##` or `###`, so levels never skip.
    let top_level = top_level.map_or(3, |level| level as isize);
    SectionPlan {
        id,
        heading_ids,
        level_shift: 3 - top_level,
        specs,
        footnote_numbers,
    }
}

/// The section's id: its `id:`, else its title made an id; unique in the document (a taken or
/// reserved one is reported and made unique).
fn section_id(planner: &mut Planner<'_>, section: &Section, draft: &Draft) -> String {
    let file = &section.file;
    let wanted_id = section
        .front
        .id
        .as_deref()
        .map(clean_id)
        .filter(|id| !id.is_empty())
        .unwrap_or_else(|| draft.title_slug.clone());
    if planner.ids.claim(&wanted_id) {
        return wanted_id;
    }
    let line = crate::source::line_of_key(&file.text, "id").unwrap_or(1);
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
    planner.diagnostics.push(
        Diagnostic::error(&file.display, message)
            .at(&file.text, line, 1)
            .with_hint(hint),
    );
    planner.ids.unique(&wanted_id)
}

/// A body heading's id: its `{#id}`, else its text made an id; unique in the document (an
/// explicit one already taken is reported).
fn heading_id(planner: &mut Planner<'_>, section: &Section, heading: &DraftHeading) -> String {
    let base = match &heading.explicit_id {
        Some(explicit) => explicit.clone(),
        None => heading.slug.clone(),
    };
    if heading.explicit_id.is_some() && planner.ids.used.contains(&base) {
        let file = &section.file;
        let (line, col) = section.location(heading.start);
        planner.diagnostics.push(
            Diagnostic::error(
                &file.display,
                format!("the heading id `{base}` is already used"),
            )
            .at(&file.text, line, col)
            .with_hint("choose another `{#id}` for this heading"),
        );
    }
    planner.ids.unique(&base)
}

/// Numbers a chart or table and claims its id; `None` when its checks failed (their errors
/// are reported, and links to it are accepted, as they would only repeat them).
fn plan_block(
    planner: &mut Planner<'_>,
    section: &Section,
    block: &DraftBlock,
    checked: &Result<BlockSpec, Diagnostics>,
) -> Option<BlockSpec> {
    let counter = match block.kind {
        blocks::BlockKind::Chart => &mut planner.counts.figures,
        blocks::BlockKind::Table => &mut planner.counts.tables,
    };
    *counter += 1;
    let number = *counter;
    let spec = match checked {
        Ok(spec) => spec,
        Err(problems) => {
            planner.diagnostics.extend(problems.iter().cloned());
            // Accept its anchor, or every fig-/tbl- one when even that is unreadable.
            match blocks::intended_anchor(block.kind, &block.code) {
                Some(anchor) => {
                    planner.ids.used.insert(anchor);
                }
                None => planner.ids.failed_prefixes.push(block.kind.anchor_prefix()),
            }
            return None;
        }
    };
    let mut spec = spec.clone();
    spec.set_number(number);
    let file = &section.file;
    if !planner.ids.claim(spec.id()) {
        planner.diagnostics.push(
            Diagnostic::error(
                &file.display,
                format!("the id `{}` is already used", spec.id()),
            )
            .at(&file.text, block.fence_line, 1)
            .with_hint("give the block a unique `id:`"),
        );
    } else if let Some(twin) = planner.ids.case_twin(spec.id()) {
        planner.diagnostics.push(
            Diagnostic::error(
                &file.display,
                format!("the id `{}` differs from `{twin}` only in case", spec.id()),
            )
            .at(&file.text, block.fence_line, 1)
            .with_hint(format!(
                "a link to `#{twin}` and one to `#{}` differ only in case; give the block an `id:` that differs in more",
                spec.id()
            )),
        );
    }
    planner
        .anchors
        .insert(spec.id().to_string(), spec.label(planner.locale));
    Some(spec)
}

fn broken_anchor_hint(target: &str, known: &HashSet<String>) -> String {
    let mut candidates: Vec<&str> = known.iter().map(String::as_str).collect();
    candidates.sort_unstable();
    match crate::diagnostics::did_you_mean(target, candidates.iter().copied()) {
        Some(best) => format!("did you mean `#{best}`?"),
        None => "link to a heading, figure (`#<chart id>`) or table id that exists".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
