//! The checks on `authors:` in `brief.yaml`: what would make a citation name someone wrongly,
//! each reported at the author's place with what to write instead.

use std::path::Path;

use serde_saphyr::Spanned;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Author, AuthorKind, SourceFile, is_inverted, split_name};

/// Words that mark a name as an organisation's, for the warning that such an author, not
/// marked `type: organization`, is cited as a person.
const ORGANISATION_WORDS: &[&str] = &[
    "agency",
    "alliance",
    "association",
    "bank",
    "board",
    "bureau",
    "center",
    "centre",
    "coalition",
    "commission",
    "committee",
    "council",
    "department",
    "editors",
    "forum",
    "foundation",
    "fund",
    "group",
    "initiative",
    "institute",
    "institution",
    "lab",
    "laboratory",
    "ministry",
    "network",
    "office",
    "organisation",
    "organization",
    "programme",
    "program",
    "project",
    "secretariat",
    "society",
    "staff",
    "team",
    "unit",
    "university",
];

pub(super) fn check_authors(
    authors: &[Spanned<Author>],
    file: &SourceFile,
    diagnostics: &mut Diagnostics,
) {
    for author in authors {
        let place = &author.referenced;
        let (line, column) = (place.line().max(1) as usize, place.column().max(1) as usize);
        let at = |d: Diagnostic| d.at(&file.text, line, column);
        if let Some(problem) = problem(&author.value, &file.display) {
            diagnostics.push(at(problem));
        }
    }
}

/// What is wrong with one author, if anything (an error, or a warning for a likely slip).
fn problem(author: &Author, path: &Path) -> Option<Diagnostic> {
    let name = author.name.trim();
    if name.is_empty() {
        return Some(
            Diagnostic::error(path, "an author's `name` is empty").with_hint(
                "write the name as the page shows it: `name: Ada Lovelace` (or an organisation's, with `type: organization`)",
            ),
        );
    }
    let parts: Vec<&str> = [
        ("given", &author.given),
        ("family", &author.family),
        ("suffix", &author.suffix),
    ]
    .into_iter()
    .filter(|(_, value)| value.is_some())
    .map(|(key, _)| key)
    .collect();
    if author.kind == AuthorKind::Organization {
        return (!parts.is_empty()).then(|| {
            Diagnostic::error(
                path,
                format!("`{name}` is an organisation, so it has no `{}`", parts.join("`, `")),
            )
            .with_hint(format!("remove `{}`: an organisation is cited by its `name` as written (or remove `type: organization` if this is a person)", parts.join("`, `")))
        });
    }
    let family = author.family.as_deref().map(str::trim);
    if family.is_some_and(str::is_empty) || (family.is_none() && !parts.is_empty()) {
        return Some(
            Diagnostic::error(path, format!("`{}` without `family` for `{name}`", parts[0]))
                .with_hint(format!(
                    "write the family name too (`family: {}`), or neither: the parts are then read from `name`",
                    split_name(name).family
                )),
        );
    }
    if family.is_some() {
        return None;
    }
    if is_inverted(name) {
        return Some(
            Diagnostic::error(path, format!("the author `{name}` is written family name first"))
                .with_hint("write the name in reading order (`name: Ada Lovelace`): citations invert it themselves; or give `given:` and `family:`, or `type: organization` for an organisation"),
        );
    }
    let looks_like_organisation = name
        .split(|c: char| !c.is_alphanumeric())
        .any(|word| ORGANISATION_WORDS.contains(&word.to_lowercase().as_str()));
    looks_like_organisation.then(|| {
        let split = split_name(name);
        let initial = split.given.as_deref().and_then(|g| g.chars().next());
        let cited = match initial {
            Some(initial) => format!("{}, {initial}.", split.family),
            None => split.family,
        };
        Diagnostic::warning(
            path,
            format!("`{name}` is cited as a person's name, `{cited}`"),
        )
        .with_hint("if it is an organisation, add `type: organization` to this author; if it is a person, say so with `given:` and `family:`")
    })
}
