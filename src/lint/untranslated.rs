//! `brief check` on a translation: the texts of its datasets and charts it leaves in the
//! original's language, named once each, where the edition's page shows them. (Its sections
//! and the texts of its `brief.yaml` are reported when it is loaded.)

use std::collections::BTreeSet;

use crate::blocks::BlockOrigin;
use crate::blocks::chart::ChartSpec;
use crate::diagnostics::{Diagnostic, Diagnostics, code_list, code_list_of};
use crate::markdown::SectionFacts;
use crate::model::Brief;

/// Findings for the translation `edition` (its sections drafted into `facts`), whose
/// original's sections were drafted into `original_facts`.
pub(crate) fn untranslated(
    edition: &Brief,
    facts: &[SectionFacts],
    original_facts: &[SectionFacts],
    findings: &mut Diagnostics,
) {
    let tag = &edition.meta.language;
    let folder = edition
        .meta_file
        .display
        .parent()
        .unwrap_or(&edition.meta_file.display)
        .to_path_buf();
    let shown: BTreeSet<&str> = facts
        .iter()
        .flat_map(|f| f.block_datasets.iter().map(String::as_str))
        .collect();
    for left in &edition.editions.untranslated_data {
        if !shown.contains(left.dataset.as_str()) {
            continue;
        }
        let mut what: Vec<String> = left.keys.iter().map(|k| format!("`{k}`")).collect();
        if !left.columns.is_empty() {
            let noun = if left.columns.len() == 1 {
                "label"
            } else {
                "labels"
            };
            what.push(format!("{noun} of {}", code_list(&left.columns)));
        }
        let what = code_list_of(&what);
        let file = folder.join("data").join(format!("{}.yaml", left.dataset));
        let message = format!(
            "the dataset `{}` in the `{tag}` edition keeps the original's {what}: not translated",
            left.dataset
        );
        let hint = format!(
            "translate them in {} (`title:`, `description:`, `notes:`, `columns: {{KEY: {{label: …}}}}`)",
            file.display()
        );
        findings.push(match &left.file {
            Some(file) => Diagnostic::warning(&file.display, message)
                .at(&file.text, 1, 1)
                .with_hint(hint),
            None => Diagnostic::warning(&folder, message).with_hint(hint),
        });
    }
    // A translated section's charts against the original's, by place: a text the same as the
    // original's was left as it was.
    for ((section, facts), original) in edition.sections.iter().zip(facts).zip(original_facts) {
        if section.lang.is_some() {
            continue;
        }
        for ((line, chart), (_, before)) in facts.charts.iter().zip(&original.charts) {
            let keys = same_texts(&chart.spec, &before.spec);
            if keys.is_empty() {
                continue;
            }
            let origin = BlockOrigin {
                file: section.file.clone(),
                fence_line: *line,
            };
            let message = format!(
                "the chart `{}` keeps the original's {}: not translated",
                chart.id,
                code_list(&keys)
            );
            findings.push(
                origin
                    .warning_at(0, 1, message)
                    .with_hint("translate them in this block"),
            );
        }
    }
}

/// The texts a reader sees that `chart` has word for word as the original's `before` has.
fn same_texts(chart: &ChartSpec, before: &ChartSpec) -> Vec<&'static str> {
    let same = |a: &Option<String>, b: &Option<String>| {
        a.as_deref()
            .is_some_and(|a| a.chars().any(char::is_alphabetic) && Some(a) == b.as_deref())
    };
    let mut keys = Vec::new();
    for (key, a, b) in [
        ("title", &chart.title, &before.title),
        ("subtitle", &chart.subtitle, &before.subtitle),
        ("caption", &chart.caption, &before.caption),
        ("x_label", &chart.x_label, &before.x_label),
        ("y_label", &chart.y_label, &before.y_label),
        ("notes", &chart.notes, &before.notes),
        ("alt", &chart.alt, &before.alt),
    ] {
        if same(a, b) {
            keys.push(key);
        }
    }
    let labels = |spec: &ChartSpec| spec.series_labels.as_ref().map(|l| l.value.clone());
    if labels(chart).is_some_and(|l| l.iter().any(|s| s.chars().any(char::is_alphabetic)))
        && labels(chart) == labels(before)
    {
        keys.push("series_labels");
    }
    keys
}
