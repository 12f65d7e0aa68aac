//! The passes over a section after planning: its outline (table-of-contents entries and
//! endnotes, its `#links` checked against every id of the document), then its HTML, the
//! draft's holes filled with what planning decided (ids, levels, numbers, figures,
//! cross-reference text). The page can be laid out from the outlines while the HTML is made.

use std::fmt::Write;
use std::sync::Arc;

use std::hash::{Hash, Hasher};

use rustc_hash::{FxHashMap as HashMap, FxHasher};

use super::draft::{Draft, DraftHeading, Hole};
use super::plan::{KnownIds, SectionPlan};
use super::sanitize::sanitize;
use super::{
    Backref, Footnote, SectionHead, TocEntry, escape_attr, escape_text, footnote_id,
    footnote_ref_id,
};
use crate::blocks::RenderedBlock;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Brief, Section};
use crate::text::glue_number;

/// A block's result by its index in the draft (`None`: not rendered, its spec failed).
pub(super) type SectionBlocks = Vec<Option<Result<Arc<RenderedBlock>, Diagnostics>>>;

/// A block rendered, with a digest of its HTML (for [`fill_key`]), or its problems.
pub(super) type BlockResult = Result<(Arc<RenderedBlock>, u64), Diagnostics>;

/// [`SectionBlocks`] with each block's digest.
pub(super) type KeyedBlocks = Vec<Option<BlockResult>>;

/// A block's result without its digest.
pub(super) fn without_digest(
    block: Option<BlockResult>,
) -> Option<Result<Arc<RenderedBlock>, Diagnostics>> {
    block.map(|result| result.map(|(block, _)| block))
}

/// What the whole document decided, shared by every section.
pub(super) struct Context<'a> {
    pub brief: &'a Brief,
    pub anchors: &'a HashMap<String, String>,
    pub known_ids: KnownIds<'a>,
}

/// A section's outline: everything of it but its HTML (its title, table-of-contents entries,
/// endnotes), and the problems found in its links and notes.
pub(super) struct SectionOutline {
    pub section: SectionHead,
    pub footnotes: Vec<Footnote>,
    pub problems: Vec<Diagnostic>,
}

/// The outline of the section `number` (1-based): its table-of-contents entries, its endnotes
/// with their links back, its `#links` checked.
pub(super) fn outline(
    context: &Context<'_>,
    section: &Section,
    draft: &Draft,
    plan: &SectionPlan,
    number: usize,
) -> SectionOutline {
    let file = &section.file;
    let mut problems = Vec::new();
    for link in &draft.links {
        if context.known_ids.is_broken(&link.target) {
            let (line, col) = section.location(link.start);
            problems.push(
                Diagnostic::error(
                    &file.display,
                    format!("the link target `#{}` does not exist", link.target),
                )
                .at(&file.text, line, col)
                .with_span_len(link.len)
                .with_hint(context.known_ids.hint(&link.target)),
            );
        }
    }
    let mut children = Vec::new();
    let mut backrefs: HashMap<&str, Vec<Backref>> = HashMap::default();
    for (_, hole) in &draft.holes {
        match hole {
            Hole::Heading(index) => {
                let heading = &draft.headings[*index];
                let Some(parts) = &heading.parts else {
                    continue;
                };
                if heading_level(heading, plan) == 3 {
                    children.push(TocEntry {
                        id: plan.heading_ids[*index].clone(),
                        title_html: parts.inner_html.clone(),
                    });
                }
                for (_, label, nth) in &parts.notes {
                    add_backref(&mut backrefs, plan, label, *nth);
                }
            }
            Hole::FootnoteRef { label, nth } => add_backref(&mut backrefs, plan, label, *nth),
            Hole::Block(_) | Hole::CrossRef { .. } => {}
        }
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
    SectionOutline {
        section: SectionHead {
            id: plan.id.clone(),
            number,
            title_text: draft.title_text.clone(),
            title_html: draft.title_html.clone(),
            children,
            words: draft.words,
        },
        footnotes,
        problems,
    }
}

/// Notes the `nth` reference to the note `label`, for the note's links back.
fn add_backref<'a>(
    backrefs: &mut HashMap<&'a str, Vec<Backref>>,
    plan: &SectionPlan,
    label: &'a str,
    nth: usize,
) {
    if let Some(&n) = plan.footnote_numbers.get(label) {
        backrefs.entry(label).or_default().push(Backref {
            id: footnote_ref_id(&plan.id, label, nth),
            label: if nth == 1 {
                n.to_string()
            } else {
                format!("{n} ({nth})")
            },
        });
    }
}

/// Writes the `nth` reference to the note `label` at the end of `html`. The marker reads
/// "[1]" (its brackets are the stylesheet's), and a line may break before a bracket after
/// punctuation ("claim.[1]"): so the word before it and the marker go in a span that does not
/// wrap. A span, not a word joiner: it adds no character to the text that screen readers read
/// and that is copied from the PDF.
fn write_note_ref(html: &mut String, plan: &SectionPlan, label: &str, nth: usize) {
    let Some(&n) = plan.footnote_numbers.get(label) else {
        return;
    };
    let glued = last_word_start(html);
    if let Some(start) = glued {
        html.insert_str(start, "<span class=\"nowrap\">");
    }
    let _ = write!(
        html,
        "<sup class=\"footnote-ref\"><a href=\"#{}\" id=\"{}\" role=\"doc-noteref\" aria-label=\"Note {n}\">{n}</a></sup>",
        footnote_id(&plan.id, label),
        footnote_ref_id(&plan.id, label, nth)
    );
    if glued.is_some() {
        html.push_str("</span>");
    }
}

/// Where the word that ends `html` starts, when `html` ends with a word of plain text (the
/// text after the last space or tag; a text's `<` is escaped, so a tag ends at its `>`).
/// `None` after a space or a tag (its own element keeps its text together), and for a word
/// too long to be kept whole on a narrow screen.
fn last_word_start(html: &str) -> Option<usize> {
    const LONGEST: usize = 40;
    let start = html
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace() || c == '>')
        .map_or(0, |(i, c)| i + c.len_utf8());
    (start < html.len() && html.len() - start <= LONGEST).then_some(start)
}

/// A body heading's level on the page: the section's top-most heading is `<h3>`.
fn heading_level(heading: &DraftHeading, plan: &SectionPlan) -> isize {
    (heading.level as isize + plan.level_shift).clamp(3, 6)
}

/// A section's HTML, holes filled; the blocks it shows, and the problems its blocks had.
pub(super) struct SectionHtml {
    pub html: Arc<String>,
    pub blocks: Vec<Arc<RenderedBlock>>,
    pub problems: Vec<Diagnostic>,
}

/// The section's HTML: the draft with every hole filled (a brief with `sanitize: true` has it
/// cleaned, its figures put back after).
pub(super) fn fill(
    context: &Context<'_>,
    draft: &Draft,
    plan: &SectionPlan,
    mut blocks: SectionBlocks,
) -> SectionHtml {
    let sanitizing = context.brief.meta.sanitize;
    let mut problems = Vec::new();
    let mut placed_blocks = Vec::new();
    let filled: usize = draft
        .holes
        .iter()
        .map(|(_, hole)| match hole {
            Hole::Heading(index) => draft.headings[*index]
                .parts
                .as_ref()
                .map_or(0, |p| 2 * p.label.len() + p.inner_html.len() + 300),
            Hole::Block(index) => match blocks.get(*index) {
                Some(Some(Ok(block))) => block.html.len(),
                _ => 0,
            },
            Hole::FootnoteRef { .. } => 200,
            Hole::CrossRef { .. } => 16,
        })
        .sum();
    let mut html = String::with_capacity(draft.html.len() + filled);
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
                // An explicit `{#id}` may hold any character but space and `}`.
                let id_attr = escape_attr(&plan.heading_ids[*index]);
                let level = heading_level(heading, plan);
                // Without the final line break, which the draft holds (see `block_hole`).
                let _ = write!(html, "<h{level} id=\"{id_attr}\"{}>", parts.class_attr);
                let mut shown = 0;
                for (at, label, nth) in &parts.notes {
                    html.push_str(&parts.inner_html[shown..*at]);
                    shown = *at;
                    write_note_ref(&mut html, plan, label, *nth);
                }
                html.push_str(&parts.inner_html[shown..]);
                let _ = write!(
                    html,
                    " <a class=\"heading-anchor\" href=\"#{id_attr}\"><span aria-hidden=\"true\">#</span><span class=\"visually-hidden\">Link to “{}”</span></a></h{level}>",
                    parts.label
                );
            }
            Hole::Block(index) => match blocks.get_mut(*index).and_then(Option::take) {
                Some(Ok(block)) => {
                    if sanitizing {
                        // Put back after the section is cleaned (see `sanitize`).
                        let _ = write!(
                            html,
                            "<brief-block data-index=\"{}\"></brief-block>",
                            placed_blocks.len()
                        );
                    } else {
                        html.push_str(block.html.strip_suffix('\n').unwrap_or(&block.html));
                    }
                    placed_blocks.push(block);
                }
                Some(Err(found)) => problems.extend(found),
                None => {}
            },
            Hole::FootnoteRef { label, nth } => write_note_ref(&mut html, plan, label, *nth),
            Hole::CrossRef { link, in_alt } => {
                if let Some(text) = cross_ref_text(context, &draft.links[*link].target) {
                    html.push_str(&if *in_alt {
                        escape_attr(text)
                    } else {
                        escape_text(&glue_number(text))
                    });
                }
            }
        }
    }
    html.push_str(&draft.html[written..]);
    if sanitizing {
        html = sanitize(&html, &placed_blocks);
    }

    SectionHtml {
        html: Arc::new(html),
        blocks: placed_blocks,
        problems,
    }
}

/// How an empty link to `target` in a section reads ("Figure 2", a section's title…); `None`
/// for a broken link, which is reported and left empty.
fn cross_ref_text<'a>(context: &'a Context<'_>, target: &'a str) -> Option<&'a str> {
    (!context.known_ids.is_broken(target))
        .then(|| context.anchors.get(target).map_or(target, String::as_str))
}

/// A section's HTML and the blocks in it, as the dev server's cache keeps them.
#[derive(Clone)]
pub(crate) struct Filled {
    pub html: Arc<String>,
    pub blocks: Vec<Arc<RenderedBlock>>,
}

/// A digest of everything [`fill`] reads for a section: its file (which its draft is made
/// from), what planning decided for it (ids, heading levels, note numbers), its blocks' HTML,
/// what its cross-references read, and whether the brief is sanitized. `None` when a block
/// failed: its problems are reported from a fresh fill.
pub(super) fn fill_key(
    context: &Context<'_>,
    file_key: u64,
    draft: &Draft,
    plan: &SectionPlan,
    blocks: &KeyedBlocks,
) -> Option<u64> {
    let mut hasher = FxHasher::default();
    file_key.hash(&mut hasher);
    context.brief.meta.sanitize.hash(&mut hasher);
    plan.id.hash(&mut hasher);
    plan.heading_ids.hash(&mut hasher);
    plan.level_shift.hash(&mut hasher);
    let mut notes: Vec<(&String, &usize)> = plan.footnote_numbers.iter().collect();
    notes.sort_unstable();
    notes.hash(&mut hasher);
    for block in blocks {
        match block {
            None => hasher.write_u8(0),
            Some(Ok((_, digest))) => {
                hasher.write_u8(1);
                digest.hash(&mut hasher);
            }
            Some(Err(_)) => return None,
        }
    }
    for (_, hole) in &draft.holes {
        if let Hole::CrossRef { link, .. } = hole {
            cross_ref_text(context, &draft.links[*link].target).hash(&mut hasher);
        }
    }
    Some(hasher.finish())
}

#[cfg(test)]
mod tests {
    use super::last_word_start;

    #[test]
    fn only_a_final_word_of_plain_text_is_glued_to_a_note_marker() {
        assert_eq!(last_word_start("<p>A claim."), Some(5));
        assert_eq!(last_word_start("<p>AT&amp;T"), Some(3));
        assert_eq!(last_word_start("word"), Some(0));
        assert_eq!(last_word_start("a\u{a0}b."), Some(3));
        for none in [
            "<p>A claim ",
            "<em>claim</em>",
            "",
            &format!("a {}", "x".repeat(41)),
        ] {
            assert_eq!(last_word_start(none), None, "{none}");
        }
    }
}
