//! Page stage, citations: "cite this brief" in APA 7 and Chicago 17 author-date, and the
//! BibTeX and RIS files reference managers import (`export.rs`). Authors are written as each
//! style wants (`names.rs`). Every value is escaped for the format it lands in.

mod export;
mod names;

use serde::Serialize;

use crate::model::Brief;
use crate::text::{escape_text, smart_text};

pub(crate) use export::{BIBTEX_FILE, RIS_FILE, bibtex, ris};
use names::{Creator, apa_authors, chicago_authors, creators};

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

pub(crate) fn citations(brief: &Brief) -> Citations {
    Citations {
        preferred: brief.meta.cite_as.clone().unwrap_or_default(),
        apa_html: apa_html(brief),
        chicago_html: chicago_html(brief),
        bibtex_file: BIBTEX_FILE.to_string(),
        ris_file: RIS_FILE.to_string(),
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

/// The italic title closed by its period; a title that ends in `?` or `!` keeps that mark
/// instead (the APA Style Blog, "Periods in Reference List Entries"), and one that ends in `.`
/// does not get a second.
fn title_html(brief: &Brief) -> String {
    let title = with_period(&full_title(brief));
    match title.strip_suffix('.') {
        Some(title) => format!("<em>{}</em>.", shown(title)),
        None => format!("<em>{}</em>", shown(&title)),
    }
}

/// `Authors. Date. *Title*.` — or `*Title*. Date.` when nobody is named — the order both
/// styles share; `date` carries its own period.
fn lead(brief: &Brief, authors: &str, date: &str) -> String {
    let title = title_html(brief);
    if authors.is_empty() {
        format!("{title} {date}")
    } else {
        format!("{} {date} {title}", shown(&with_period(authors)))
    }
}

/// Text of a citation on the page: escaped, with the sections' smart punctuation. BibTeX,
/// RIS and the JSON-LD keep the text as written: reference managers and TeX set their own
/// quotes, and a curly apostrophe in a title can defeat a catalogue's match.
fn shown(text: &str) -> String {
    escape_text(&smart_text(text))
}

/// The year of publication in the locale's digits, or its "n.d." (no date).
fn year(brief: &Brief) -> String {
    match brief.date {
        Some(date) => brief.locale.dates.year(date),
        None => brief.locale.text("cite_no_date").to_string(),
    }
}

fn with_period(text: &str) -> String {
    if text.ends_with(['.', '?', '!']) {
        text.to_string()
    } else {
        format!("{text}.")
    }
}

/// APA 7 report (§10.4): `Authors. (Year). *Title: Subtitle*. Publisher. URL` — the publisher
/// left out when it is also an author, the title in the author's place when there is none.
pub(crate) fn apa_html(brief: &Brief) -> String {
    let meta = &brief.meta;
    let creators = creators(brief);
    let year = format!("({}).", year(brief));
    // No author: the title takes the author's place, before the date (APA 7, 9.12).
    let mut out = lead(brief, &apa_authors(&creators, &brief.locale), &year);
    if let Some(org) = &meta.organization {
        let is_author = creators.contains(&Creator::Organization(org.trim().to_string()));
        if !is_author {
            out.push_str(&format!(" {}", shown(&with_period(org.trim()))));
        }
    }
    if let Some(url) = &meta.base_url {
        out.push_str(&format!(" {}", escape_text(url)));
    }
    out
}

/// Chicago 17 author-date reference list: `Authors. Year. *Title: Subtitle*.
/// Publisher. URL.` — the publisher repeated when it is also the author, the title first when
/// there is no author.
pub(crate) fn chicago_html(brief: &Brief) -> String {
    let meta = &brief.meta;
    let creators = creators(brief);
    let year = with_period(&year(brief));
    let mut out = lead(brief, &chicago_authors(&creators, &brief.locale), &year);
    if let Some(org) = &meta.organization {
        out.push_str(&format!(" {}", shown(&with_period(org.trim()))));
    }
    if let Some(url) = &meta.base_url {
        out.push_str(&format!(" {}.", escape_text(url)));
    }
    out
}

#[cfg(test)]
mod tests;
