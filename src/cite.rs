//! Page stage, citations: "cite this brief" in APA and Chicago style, and the BibTeX and RIS
//! files reference managers import. Every value is escaped for the format it lands in.

use serde::Serialize;

use crate::date::Date;
use crate::model::{Author, Brief};
use crate::text::{escape_text, markup_text, smart_text};

/// The citations shown on the page (HTML, escaped) and the download file names.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Citations {
    /// The author's own `cite_as`, when given (plain text).
    pub preferred: String,
    pub apa_html: String,
    pub chicago_html: String,
    pub bibtex_file: String,
    pub ris_file: String,
}

pub(crate) const BIBTEX_FILE: &str = "cite.bib";
pub(crate) const RIS_FILE: &str = "cite.ris";

pub(crate) fn citations(brief: &Brief) -> Citations {
    Citations {
        preferred: brief.meta.cite_as.clone().unwrap_or_default(),
        apa_html: apa_html(brief),
        chicago_html: chicago_html(brief),
        bibtex_file: BIBTEX_FILE.to_string(),
        ris_file: RIS_FILE.to_string(),
    }
}

/// "Family, G." when the author gave `family` (and `given`); otherwise the name as written
/// (an organisation, or a name that should not be inverted).
fn apa_name(author: &Author) -> String {
    match (&author.family, &author.given) {
        (Some(family), Some(given)) => {
            let initials: Vec<String> = given
                .split_whitespace()
                .filter_map(|part| part.chars().next().map(|c| format!("{c}.")))
                .collect();
            format!("{family}, {}", initials.join(" "))
        }
        (Some(family), None) => family.clone(),
        _ => author.name.clone(),
    }
}

/// "Family, Given" for the first Chicago author, "Given Family" for the others.
fn chicago_name(author: &Author, first: bool) -> String {
    match (&author.family, &author.given) {
        (Some(family), Some(given)) if first => format!("{family}, {given}"),
        (Some(family), Some(given)) => format!("{given} {family}"),
        _ => author.name.clone(),
    }
}

fn join_names(names: &[String], conjunction: &str) -> String {
    match names.len() {
        0 => String::new(),
        1 => names[0].clone(),
        2 => format!("{} {conjunction} {}", names[0], names[1]),
        _ => format!(
            "{}, {conjunction} {}",
            names[..names.len() - 1].join(", "),
            names[names.len() - 1]
        ),
    }
}

fn full_title(brief: &Brief) -> String {
    match &brief.meta.subtitle {
        Some(subtitle) => format!(
            "{}: {subtitle}",
            brief.meta.title.trim_end_matches([':', '.'])
        ),
        None => brief.meta.title.clone(),
    }
}

/// Who the citation names: the authors, else the organisation.
fn creators(brief: &Brief, name: impl Fn(usize, &Author) -> String) -> Vec<String> {
    if brief.meta.authors.is_empty() {
        brief.meta.organization.iter().cloned().collect()
    } else {
        brief
            .meta
            .authors
            .iter()
            .enumerate()
            .map(|(i, a)| name(i, a))
            .collect()
    }
}

fn with_period(text: &str) -> String {
    if text.ends_with(['.', '?', '!']) {
        text.to_string()
    } else {
        format!("{text}.")
    }
}

/// Text of a citation on the page: escaped, with the sections' smart punctuation. BibTeX,
/// RIS and the JSON-LD keep the text as written: reference managers and TeX set their own
/// quotes, and a curly apostrophe in a title can defeat a catalogue's match.
fn shown(text: &str) -> String {
    escape_text(&smart_text(text))
}

/// APA 7: Authors. (2025, November 30). *Title: Subtitle*. Organization. URL
pub(crate) fn apa_html(brief: &Brief) -> String {
    let meta = &brief.meta;
    let names = creators(brief, |_, a| apa_name(a));
    let date = match brief.date {
        Some(d) => format!("({}, {} {})", d.year, d.month_name(), d.day),
        None => "(n.d.)".to_string(),
    };
    let title = shown(&full_title(brief));
    let mut out = String::new();
    if names.is_empty() {
        // No author: the title takes the author's place, before the date (APA 7, 9.12).
        out.push_str(&format!("<em>{title}</em>. {date}."));
    } else {
        // APA puts a comma before "&" even between two names.
        let joined = match names.as_slice() {
            [a, b] => format!("{a}, & {b}"),
            _ => join_names(&names, "&"),
        };
        out.push_str(&shown(&with_period(&joined)));
        out.push_str(&format!(" {date}. <em>{title}</em>."));
    }
    if let Some(org) = &meta.organization
        && !meta.authors.is_empty()
    {
        out.push_str(&format!(" {}.", shown(org)));
    }
    if let Some(url) = &meta.base_url {
        out.push_str(&format!(" {}", escape_text(url)));
    }
    out
}

/// Chicago (notes and bibliography): Family, Given. *Title: Subtitle*. Organization, Month Day, Year. URL.
pub(crate) fn chicago_html(brief: &Brief) -> String {
    let meta = &brief.meta;
    let names = creators(brief, |i, a| chicago_name(a, i == 0));
    let mut out = String::new();
    if !names.is_empty() {
        // After an inverted first name ("Family, Given") Chicago needs ", and".
        let joined = match names.as_slice() {
            [a, b] if a.contains(',') => format!("{a}, and {b}"),
            _ => join_names(&names, "and"),
        };
        out.push_str(&shown(&with_period(&joined)));
        out.push(' ');
    }
    out.push_str(&format!("<em>{}</em>.", shown(&full_title(brief))));
    let date = brief
        .date
        .map(|d| format!("{} {}, {}", d.month_name(), d.day, d.year));
    let place: Vec<String> = meta.organization.iter().cloned().chain(date).collect();
    if !place.is_empty() {
        out.push_str(&format!(" {}.", shown(&place.join(", "))));
    }
    if let Some(url) = &meta.base_url {
        out.push_str(&format!(" {}.", escape_text(url)));
    }
    out
}

/// Escapes LaTeX's special characters inside a BibTeX field; control characters are replaced
/// as in HTML ([`markup_text`]), line ends become spaces.
fn bibtex_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in markup_text(text).chars() {
        match ch {
            '\\' => out.push_str("\\textbackslash{}"),
            // BibTeX counts every brace, `\{` too: a lone one would unbalance the entry.
            '{' => out.push_str("\\textbraceleft{}"),
            '}' => out.push_str("\\textbraceright{}"),
            '&' | '%' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(ch);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A `@techreport` entry.
pub(crate) fn bibtex(brief: &Brief) -> String {
    let meta = &brief.meta;
    let date = brief.date;
    let key_name = meta
        .authors
        .first()
        .map(|a| a.family.clone().unwrap_or_else(|| a.name.clone()))
        .or_else(|| meta.organization.clone())
        .unwrap_or_else(|| "brief".to_string());
    let key: String = format!(
        "{}{}",
        crate::text::slugify(&key_name).replace('-', ""),
        date.map(|d| d.year.to_string()).unwrap_or_default()
    )
    .chars()
    .filter(|c| c.is_ascii_alphanumeric())
    .collect();
    let mut fields = vec![(
        "title",
        format!("{{{}}}", bibtex_escape(&full_title(brief))),
    )];
    let authors: Vec<String> = meta
        .authors
        .iter()
        .map(|a| match (&a.family, &a.given) {
            (Some(f), Some(g)) => format!("{}, {}", bibtex_escape(f), bibtex_escape(g)),
            // Braces keep an organisation's name from being split into first/last.
            _ => format!("{{{}}}", bibtex_escape(&a.name)),
        })
        .collect();
    if !authors.is_empty() {
        fields.push(("author", format!("{{{}}}", authors.join(" and "))));
    }
    if let Some(org) = &meta.organization {
        fields.push(("institution", format!("{{{}}}", bibtex_escape(org))));
    }
    if let Some(date) = date {
        fields.push(("year", format!("{{{}}}", date.year)));
        fields.push(("month", format!("{{{}}}", date.month_name())));
    }
    fields.push(("type", "{Policy brief}".to_string()));
    if let Some(url) = &meta.base_url {
        // URLs go verbatim (the url package reads them raw); only braces could break the entry.
        let url: String = url
            .chars()
            .filter(|c| !matches!(c, '{' | '}') && !c.is_whitespace())
            .collect();
        fields.push(("url", format!("{{{url}}}")));
    }
    if !meta.language.is_empty() {
        fields.push(("language", format!("{{{}}}", bibtex_escape(&meta.language))));
    }
    let body: Vec<String> = fields.iter().map(|(k, v)| format!("  {k} = {v}")).collect();
    format!(
        "@techreport{{{},\n{}\n}}\n",
        if key.is_empty() { "brief" } else { &key },
        body.join(",\n")
    )
}

/// One RIS field value on one line (a newline would start a new tag): whitespace runs become
/// one space, control characters U+FFFD as in HTML ([`markup_text`]), so no reader's idea of
/// a line end (some count the information separators U+001C..U+001E) can split it.
fn ris_value(text: &str) -> String {
    markup_text(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// An RIS record (type RPRT).
pub(crate) fn ris(brief: &Brief) -> String {
    let meta = &brief.meta;
    let mut lines = vec![
        "TY  - RPRT".to_string(),
        format!("TI  - {}", ris_value(&full_title(brief))),
    ];
    for author in &meta.authors {
        let name = match (&author.family, &author.given) {
            (Some(f), Some(g)) => format!("{f}, {g}"),
            _ => author.name.clone(),
        };
        lines.push(format!("AU  - {}", ris_value(&name)));
    }
    if let Some(date) = brief.date {
        let Date { year, month, day } = date;
        lines.push(format!("PY  - {year}"));
        lines.push(format!("DA  - {year}/{month:02}/{day:02}"));
    }
    if let Some(org) = &meta.organization {
        lines.push(format!("PB  - {}", ris_value(org)));
    }
    if let Some(url) = &meta.base_url {
        lines.push(format!("UR  - {}", ris_value(url)));
    }
    if !meta.language.is_empty() {
        lines.push(format!("LA  - {}", ris_value(&meta.language)));
    }
    for keyword in &meta.keywords {
        lines.push(format!("KW  - {}", ris_value(keyword)));
    }
    lines.push("ER  - ".to_string());
    let mut out = lines.join("\r\n");
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bibtex_escapes_latex_specials() {
        assert_eq!(
            bibtex_escape("R&D 50% {x} $5"),
            "R\\&D 50\\% \\textbraceleft{}x\\textbraceright{} \\$5"
        );
    }

    #[test]
    fn ris_values_cannot_start_a_new_tag() {
        assert_eq!(ris_value("Title\nER  - \nTY  - X"), "Title ER - TY - X");
    }

    #[test]
    fn names_join_as_each_style_wants() {
        let names = vec!["A".to_string(), "B".to_string(), "C".to_string()];
        assert_eq!(join_names(&names, "&"), "A, B, & C");
        assert_eq!(join_names(&names[..2], "and"), "A and B");
    }
}
