//! The last pass over a section: its draft's holes filled with what planning decided (ids,
//! levels, numbers, figures, cross-reference text), its endnotes gathered and its `#links`
//! checked against every id of the document.

use rustc_hash::FxHashMap as HashMap;

use super::draft::{Draft, Hole};
use super::{
    Backref, Footnote, KnownIds, RenderedSection, SectionOutput, SectionPlan, TocEntry,
    broken_anchor_hint, escape_attr, escape_text, footnote_id, footnote_ref_id, location, sanitize,
};
use crate::blocks::RenderedBlock;
use crate::diagnostics::Diagnostic;
use crate::model::{Brief, Section};

/// A block's result by its index in the draft (`None`: not rendered, its spec failed).
pub type SectionBlocks = Vec<Option<Result<RenderedBlock, Vec<Diagnostic>>>>;

/// What the whole document decided, shared by every section.
pub struct Context<'a> {
    pub brief: &'a Brief,
    pub anchors: &'a HashMap<String, String>,
    pub known_ids: &'a KnownIds<'a>,
}

pub fn assemble(
    context: &Context<'_>,
    section: &Section,
    draft: &Draft,
    plan: SectionPlan,
    mut blocks: SectionBlocks,
    number: usize,
) -> SectionOutput {
    let file = &section.file;
    let sanitizing = context.brief.meta.sanitize;
    let mut problems = Vec::new();
    let mut placed_blocks = Vec::new();
    let mut children = Vec::new();
    let mut backrefs: HashMap<&str, Vec<Backref>> = HashMap::default();

    for link in &draft.links {
        if context.known_ids.is_broken(&link.target) {
            let (line, col) = location(section, link.start);
            problems.push(
                Diagnostic::error(
                    &file.display,
                    format!("the link target `#{}` does not exist", link.target),
                )
                .at(&file.text, line, col)
                .with_span_len(link.len)
                .with_hint(broken_anchor_hint(&link.target, &context.known_ids.ids)),
            );
        }
    }

    let mut html = String::with_capacity(draft.html.len() + draft.holes.len() * 160);
    let mut written = 0;
    for (at, hole) in &draft.holes {
        html.push_str(&draft.html[written..*at]);
        written = *at;
        match hole {
            Hole::Heading(index) => {
                let heading = &draft.headings[*index];
                let Some(parts) = &heading.parts else {
                    continue;
                };
                let id = &plan.heading_ids[*index];
                // An explicit `{#id}` may hold any character but space and `}`.
                let id_attr = escape_attr(id);
                let level = (heading.level as isize + plan.level_shift).clamp(3, 6);
                if level == 3 {
                    children.push(TocEntry {
                        id: id.clone(),
                        title_html: parts.inner_html.clone(),
                    });
                }
                // Without the final line break, which the draft holds (see `block_hole`).
                html.push_str(&format!(
                    "<h{level} id=\"{id_attr}\"{}>{} <a class=\"heading-anchor\" href=\"#{id_attr}\"><span aria-hidden=\"true\">#</span><span class=\"visually-hidden\">Link to “{}”</span></a></h{level}>",
                    parts.class_attr, parts.inner_html, parts.label
                ));
            }
            Hole::Block(index) => match blocks.get_mut(*index).and_then(Option::take) {
                Some(Ok(block)) => {
                    if sanitizing {
                        // Put back after the section is cleaned (see `sanitize`).
                        html.push_str(&format!(
                            "<brief-block data-index=\"{}\"></brief-block>",
                            placed_blocks.len()
                        ));
                    } else {
                        html.push_str(block.html.strip_suffix('\n').unwrap_or(&block.html));
                    }
                    placed_blocks.push(block);
                }
                Some(Err(found)) => problems.extend(found),
                None => {}
            },
            Hole::FootnoteRef { label, nth } => {
                let Some(&n) = plan.footnote_numbers.get(label) else {
                    continue;
                };
                let ref_id = footnote_ref_id(&plan.id, label, *nth);
                html.push_str(&format!(
                    "<sup class=\"footnote-ref\"><a href=\"#{}\" id=\"{ref_id}\" role=\"doc-noteref\" aria-label=\"Note {n}\">{n}</a></sup>",
                    footnote_id(&plan.id, label)
                ));
                backrefs.entry(label).or_default().push(Backref {
                    id: ref_id,
                    label: if *nth == 1 {
                        n.to_string()
                    } else {
                        format!("{n} ({nth})")
                    },
                });
            }
            Hole::CrossRef(index) => {
                let target = &draft.links[*index].target;
                if !context.known_ids.is_broken(target) {
                    let text = context.anchors.get(target).unwrap_or(target);
                    html.push_str(&escape_text(text));
                }
            }
        }
    }
    html.push_str(&draft.html[written..]);
    if sanitizing {
        html = sanitize(&html, &placed_blocks);
    }

    let mut footnotes = Vec::new();
    for (label, n) in &plan.footnote_numbers {
        match draft.footnote_defs.get(label) {
            Some(def_html) => footnotes.push(Footnote {
                id: footnote_id(&plan.id, label),
                number: *n,
                html: def_html.clone(),
                backrefs: backrefs.remove(label.as_str()).unwrap_or_default(),
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
    SectionOutput {
        section: RenderedSection {
            id: plan.id,
            number,
            title_text: draft.title_text.clone(),
            title_html: draft.title_html.clone(),
            html,
            children,
            words: draft.words,
        },
        blocks: placed_blocks,
        footnotes,
        problems,
    }
}
