//! A dataset's `totals:` and `subtotals:`: row labels, checked against the first column (the
//! rows' labels), so a misspelt total is an error rather than a total row shown as data.

use serde_saphyr::Spanned;

use crate::diagnostics::{Diagnostic, Diagnostics, did_you_mean};
use crate::model::{Column, Rows, SourceFile, Totals};

/// The dataset's totals, each label checked against the first column of `rows`; `meta` is the
/// file that lists them (the YAML dataset, or a CSV's sidecar).
pub(super) fn check_totals(
    meta: &SourceFile,
    grand: &[Spanned<String>],
    sub: &[Spanned<String>],
    columns: &[Column],
    rows: &Rows,
    problems: &mut Diagnostics,
) -> Totals {
    if grand.is_empty() && sub.is_empty() {
        return Totals::default();
    }
    let labels: Vec<String> = rows.iter().map(|r| r.cell(0).plain_text()).collect();
    let first = columns.first().map_or("", |c| c.key.as_str());
    let mut check = |list: &[Spanned<String>], key: &str| -> Vec<String> {
        for label in list.iter().filter(|l| !labels.contains(&l.value)) {
            let hint = match did_you_mean(&label.value, labels.iter().map(String::as_str)) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!(
                    "`{key}` lists labels of the first column, `{first}`, as the rows write them"
                ),
            };
            problems.push(
                Diagnostic::error(
                    &meta.display,
                    format!(
                        "`{key}` names `{}`, which no row's `{first}` reads",
                        label.value
                    ),
                )
                .at(
                    &meta.text,
                    label.referenced.line() as usize,
                    label.referenced.column() as usize,
                )
                .with_hint(hint),
            );
        }
        list.iter().map(|l| l.value.clone()).collect()
    };
    Totals {
        grand: check(grand, "totals"),
        sub: check(sub, "subtotals"),
    }
}

/// The totals a CSV's or spreadsheet's sidecar names (none without a sidecar).
pub(super) fn sidecar_totals(
    sidecar_file: Option<&SourceFile>,
    sidecar: &super::sidecar::Sidecar,
    columns: &[Column],
    rows: &Rows,
    problems: &mut Diagnostics,
) -> Totals {
    match sidecar_file {
        Some(side) => check_totals(
            side,
            &sidecar.totals,
            &sidecar.subtotals,
            columns,
            rows,
            problems,
        ),
        None => Totals::default(),
    }
}
