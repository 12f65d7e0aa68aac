//! Cross-references outside the sections' bodies: a `[](#id)` in a chart's or table's
//! caption or notes, a dataset's notes, description or text cells, or the brief's summary or
//! key takeaways. Their targets are checked against every id of the document once planning has
//! given them out, and, where they are shown, they read as a section's do ("Figure 2").

use std::sync::Arc;

use rustc_hash::FxHashMap as HashMap;

use super::draft::Draft;
use super::plan::{IdRegistry, KnownIds, SectionPlan};
use crate::blocks::RenderedBlock;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Brief, Cell, ColumnKind, Dataset, RowRef, SourceFile};
use crate::source::line_of_key;
use crate::text::{fill_empty_links, local_link_targets};

/// Every id of the document and how a cross-reference to it reads: what fills a `[](#id)`
/// rendered from data or metadata.
#[derive(Debug, Default)]
pub(crate) struct CrossRefs {
    pub(super) ids: IdRegistry,
    /// Id → label ("Figure 2", "Table 1", "Section 3"); other ids read as themselves.
    pub(super) anchors: HashMap<String, String>,
}

impl CrossRefs {
    /// `html` (from `inline_html` or `block_html`) with each empty in-page link given its
    /// target's label; a link to no known id is left as it was (it is reported).
    pub(crate) fn fill(&self, html: String) -> String {
        fill_empty_links(&html, |target| self.text(target)).unwrap_or(html)
    }

    /// A chart or table with its caption's and notes' cross-references filled, on the page
    /// and in the chart's own file; the block itself when it has none (it is shared with the
    /// dev server's cache, which keeps it unfilled: the labels change when other blocks move).
    pub(super) fn fill_block(&self, block: Arc<RenderedBlock>) -> Arc<RenderedBlock> {
        let label = |target: &str| self.text(target);
        let html = fill_empty_links(&block.html, label);
        let svg_file = block
            .svg_file
            .as_ref()
            .and_then(|(path, svg)| fill_empty_links(svg, label).map(|svg| (path.clone(), svg)));
        if html.is_none() && svg_file.is_none() {
            return block;
        }
        Arc::new(RenderedBlock {
            kind: block.kind,
            html: html.unwrap_or_else(|| block.html.clone()),
            svg_file: svg_file.or_else(|| block.svg_file.clone()),
        })
    }

    /// How an empty link to `target` reads ("Figure 2"); `None` for no known id.
    pub(crate) fn text(&self, target: &str) -> Option<String> {
        (!KnownIds(&self.ids).is_broken(target)).then(|| {
            self.anchors
                .get(target)
                .cloned()
                .unwrap_or_else(|| target.to_string())
        })
    }
}

/// Reports every `#link` to no id of the document in the Markdown fields outside the
/// sections' bodies, each in the file that holds the field, at the link when it can be found
/// (else at its key).
pub(super) fn check(
    brief: &Brief,
    drafts: &[Arc<Draft>],
    plans: &[SectionPlan],
    known: &KnownIds<'_>,
    diagnostics: &mut Diagnostics,
) {
    for ((section, draft), plan) in brief.sections.iter().zip(drafts).zip(plans) {
        for (block, spec) in draft.blocks.iter().zip(&plan.specs) {
            let Some(spec) = spec else { continue };
            for (key, value) in spec.markdown_fields() {
                // The block's YAML starts on the line after its fence.
                let line = line_of_key(&block.code, key).map(|l| block.fence_line + l);
                check_field(
                    &section.file,
                    line,
                    &format!("`{key}`"),
                    value,
                    known,
                    diagnostics,
                );
            }
        }
    }
    for dataset in &brief.datasets {
        // A CSV dataset's keys are in its sidecar.
        let file = dataset.sidecar.as_ref().unwrap_or(&dataset.file);
        for (key, value) in [
            ("notes", &dataset.notes),
            ("description", &dataset.description),
        ] {
            if let Some(value) = value {
                let line = line_of_key(&file.text, key);
                check_field(file, line, &format!("`{key}`"), value, known, diagnostics);
            }
        }
        check_cells(dataset, known, diagnostics);
    }
    let meta = &brief.meta;
    let file = &brief.meta_file;
    if let Some(summary) = &meta.summary {
        let line = line_of_key(&file.text, "summary");
        check_field(file, line, "`summary`", summary, known, diagnostics);
    }
    let line = line_of_key(&file.text, "key_takeaways");
    for takeaway in &meta.key_takeaways {
        check_field(file, line, "`key_takeaways`", takeaway, known, diagnostics);
    }
}

/// Reports the broken `#links` in a dataset's text and list cells (Markdown in a table), each
/// at its row, under its column's key.
fn check_cells(dataset: &Dataset, known: &KnownIds<'_>, diagnostics: &mut Diagnostics) {
    // A column stored as texts is looked at only if one of its distinct texts has a link:
    // a large dataset repeats a few texts in millions of cells.
    let text_columns: Vec<usize> = (0..dataset.columns.len())
        .filter(|&i| dataset.columns[i].kind != ColumnKind::Number)
        .filter(|&i| {
            dataset
                .rows
                .distinct_texts(i)
                .is_none_or(|texts| texts.iter().any(|t| t.contains("](#")))
        })
        .collect();
    if text_columns.is_empty() {
        return;
    }
    let mut check = |row: &RowRef<'_>, i: usize, text: &str| {
        // Most cells hold no in-page link: only those are parsed.
        if text.contains("](#") {
            let field = format!("the `{}` cell", dataset.columns[i].key);
            let line = Some(row.line()).filter(|&l| l > 0);
            check_field(&dataset.file, line, &field, text, known, diagnostics);
        }
    };
    for row in dataset.rows.iter() {
        for &i in &text_columns {
            // A column of texts lends its cell: copying each cell of a 10 MB CSV took a sixth
            // of `brief check`'s time.
            if let Some(text) = row.text(i) {
                check(&row, i, text);
                continue;
            }
            match row.cell(i) {
                Cell::Text(text) => check(&row, i, &text),
                Cell::List(items) => items.iter().for_each(|item| check(&row, i, item)),
                Cell::Missing | Cell::Number(_) => {}
            }
        }
    }
}

/// Reports the broken `#links` of one field (named as the message says it: "`notes`", "the
/// `name` cell"), which starts on `key_line` of `file`.
fn check_field(
    file: &SourceFile,
    key_line: Option<usize>,
    field: &str,
    value: &str,
    known: &KnownIds<'_>,
    diagnostics: &mut Diagnostics,
) {
    for target in local_link_targets(value) {
        if !known.is_broken(&target) {
            continue;
        }
        let (line, column) = locate(&file.text, key_line.unwrap_or(1), &target);
        diagnostics.push(
            Diagnostic::error(
                &file.display,
                format!("the link target `#{target}` in {field} does not exist"),
            )
            .at(&file.text, line, column)
            .with_span_len(target.chars().count() + 1)
            .with_hint(known.hint(&target)),
        );
    }
}

/// The line and column of `#target` at or after `from_line` (a value may run over the lines
/// below its key); the key's line when it is not found as written.
fn locate(text: &str, from_line: usize, target: &str) -> (usize, usize) {
    let needle = format!("(#{target})");
    text.lines()
        .enumerate()
        .skip(from_line.saturating_sub(1))
        .find_map(|(i, line)| {
            let at = line.find(&needle)?;
            Some((i + 1, line[..at].chars().count() + 2))
        })
        .unwrap_or((from_line, 1))
}
