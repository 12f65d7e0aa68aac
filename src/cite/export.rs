//! The citation files for reference managers: a BibTeX `@techreport` entry and an RIS record,
//! every value escaped for its format.

use super::full_title;
use super::names::{bibtex_name, creators, key_name, ris_name};
use crate::date::Date;
use crate::model::Brief;
use crate::text::markup_text;

pub(crate) const BIBTEX_FILE: &str = "cite.bib";
pub(crate) const RIS_FILE: &str = "cite.ris";

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
    let creators = creators(brief);
    let key_name = creators.first().map_or("brief", key_name);
    let key: String = format!(
        "{}{}",
        crate::text::slugify(key_name).replace('-', ""),
        date.map(|d| d.year.to_string()).unwrap_or_default()
    )
    .chars()
    .filter(|c| c.is_ascii_alphanumeric())
    .collect();
    let mut fields = vec![(
        "title",
        format!("{{{}}}", bibtex_escape(&full_title(brief))),
    )];
    // Only the authors: an organisation that stands in for them is the `institution`.
    let authors: Vec<String> = creators
        .iter()
        .take(meta.authors.len())
        .map(|c| bibtex_name(c, bibtex_escape))
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
    // One `AU` per author; an organisation standing in for them is the publisher (`PB`).
    for creator in creators(brief).iter().take(meta.authors.len()) {
        lines.push(format!("AU  - {}", ris_value(&ris_name(creator))));
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
}
