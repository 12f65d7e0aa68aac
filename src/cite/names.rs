//! Authors as each citation style writes them: a person's name inverted or not, initials,
//! suffixes; and the list of authors joined as the style wants for its number of authors.

use crate::locale::Locale;
use crate::model::{Author, Brief, NameParts};

/// Who a citation names: a person (split into name parts) or an organisation (as written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Creator {
    Person(NameParts),
    Organization(String),
}

impl Creator {
    fn of(author: &Author) -> Creator {
        match author.name_parts() {
            Some(parts) => Creator::Person(parts),
            None => Creator::Organization(author.name.trim().to_string()),
        }
    }
}

/// The brief's authors; without any, the organisation that publishes it (APA 7 and Chicago 17
/// both cite a report with no personal author by the organisation that produced it).
pub(super) fn creators(brief: &Brief) -> Vec<Creator> {
    let meta = &brief.meta;
    if meta.authors.is_empty() {
        meta.organization
            .iter()
            .map(|org| Creator::Organization(org.trim().to_string()))
            .collect()
    } else {
        meta.authors.iter().map(|a| Creator::of(&a.value)).collect()
    }
}

/// APA 7 initials: "Mary Ann" → "M. A.", "Jean-Paul" → "J.-P.", "J.R.R." → "J. R. R.".
fn initials(given: &str) -> String {
    given
        .split(|c: char| c.is_whitespace() || c == '.')
        .filter(|word| !word.is_empty())
        .map(|word| {
            word.split('-')
                .filter_map(|part| part.chars().find(|c| c.is_alphanumeric()))
                .map(|c| format!("{c}."))
                .collect::<Vec<_>>()
                .join("-")
        })
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// APA 7: "Family, G. G." and ", Jr." after the initials; an organisation as written.
fn apa_name(creator: &Creator) -> String {
    match creator {
        Creator::Organization(name) => name.clone(),
        Creator::Person(p) => {
            let mut out = p.family.clone();
            if let Some(given) = p.given.as_deref().map(initials).filter(|i| !i.is_empty()) {
                out.push_str(", ");
                out.push_str(&given);
            }
            if let Some(suffix) = &p.suffix {
                out.push_str(", ");
                out.push_str(suffix);
            }
            out
        }
    }
}

/// APA 7: up to 20 authors all listed, "&" before the last (after a comma, even between
/// two); 21 or more: the first 19, an ellipsis, and the last, with no "&". The joining words
/// are the locale's (`cite_comma`, `cite_apa_last`: "y" in Spanish, as its APA guides write).
pub(super) fn apa_authors(creators: &[Creator], locale: &Locale) -> String {
    let names: Vec<String> = creators.iter().map(apa_name).collect();
    let comma = locale.text("cite_comma");
    match names.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [first @ .., last] if names.len() <= 20 => locale.fill(
            "cite_apa_last",
            &[("rest", &first.join(comma)), ("last", last)],
        ),
        [.., last] => format!("{}{comma}. . . {last}", names[..19].join(comma)),
    }
}

/// Chicago 17: the first author inverted ("King, Martin Luther, Jr."), the others in reading
/// order ("Martin Luther King Jr.", no comma before the suffix).
fn chicago_name(creator: &Creator, inverted: bool) -> String {
    match creator {
        Creator::Organization(name) => name.clone(),
        Creator::Person(p) => {
            let given = p.given.as_deref().unwrap_or("");
            let suffix = p.suffix.as_deref().unwrap_or("");
            if inverted {
                [p.family.as_str(), given, suffix]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(", ")
            } else {
                [given, p.family.as_str(), suffix]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ")
            }
        }
    }
}

/// Chicago 17 §14.76 (the same in the author-date reference list): up to ten authors all
/// listed, "and" before the last; more than ten: the first seven followed by "et al.". The
/// joining words are the locale's (`cite_and`, `cite_and_last`, `cite_et_al`).
pub(super) fn chicago_authors(creators: &[Creator], locale: &Locale) -> String {
    let names: Vec<String> = creators
        .iter()
        .enumerate()
        .map(|(i, c)| chicago_name(c, i == 0))
        .collect();
    let comma = locale.text("cite_comma");
    let and_last =
        |rest: &str, last: &str| locale.fill("cite_and_last", &[("rest", rest), ("last", last)]);
    match names.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        // "Ward, Geoffrey C., and Ken Burns": the comma closes the inverted name.
        [first, second] if first.contains(',') => and_last(first, second),
        [first, second] => locale.fill("cite_and", &[("first", first), ("second", second)]),
        [first @ .., last] if names.len() <= 10 => and_last(&first.join(comma), last),
        _ => locale.fill("cite_et_al", &[("names", &names[..7].join(comma))]),
    }
}

/// BibTeX's "Family, Suffix, Given" (the `von Last, Jr, First` form, which keeps a particle in
/// the family name); an organisation in braces so that BibTeX never splits it into names.
pub(super) fn bibtex_name(creator: &Creator, escape: impl Fn(&str) -> String) -> String {
    match creator {
        Creator::Organization(name) => format!("{{{}}}", escape(name)),
        Creator::Person(p) => {
            let mut parts = vec![escape(&p.family)];
            if let Some(suffix) = &p.suffix {
                parts.push(escape(suffix));
            }
            if let Some(given) = &p.given {
                parts.push(escape(given));
            } else if p.suffix.is_some() {
                parts.push(String::new());
            }
            parts.join(", ")
        }
    }
}

/// RIS `AU`: "Family, Given, Suffix" (the RIS specification's "Lastname, Firstname, Suffix");
/// an organisation as written.
pub(super) fn ris_name(creator: &Creator) -> String {
    match creator {
        Creator::Organization(name) => name.clone(),
        Creator::Person(p) => [Some(&p.family), p.given.as_ref(), p.suffix.as_ref()]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// The name a citation key is made from: the first author's family name, or the
/// organisation.
pub(super) fn key_name(creator: &Creator) -> &str {
    match creator {
        Creator::Organization(name) => name,
        Creator::Person(p) => &p.family,
    }
}
