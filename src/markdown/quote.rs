//! Blockquotes that are more than quotes: a pull quote (a quote whose last paragraph is its
//! attribution, "— An official") and a GFM alert written as a callout.

use std::ops::Range;

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, Tag, TagEnd};

use super::draft::Item;

/// A blockquote's events (`quote`, between its start at `start` and its end) as they are
/// written: a pull quote, `<figure class="pull-quote"><blockquote>…</blockquote>
/// <figcaption>…</figcaption></figure>`, when its last paragraph starts with a dash ("— An
/// official"), its markup as raw HTML events; else the quote as it was.
pub(super) fn pull_quote<'a>(start: Range<usize>, mut quote: Vec<Item<'a>>) -> Vec<Item<'a>> {
    let html = |text: &'static str| {
        (
            Event::Html(CowStr::Borrowed(text)),
            start.start..start.start,
        )
    };
    let mut out = Vec::with_capacity(quote.len() + 3);
    match attribution_start(&quote) {
        Some(split) => {
            let attribution = quote.split_off(split);
            out.push(html("<figure class=\"pull-quote\">\n<blockquote>\n"));
            out.extend(quote);
            out.push(html("</blockquote>\n<figcaption>"));
            // The attribution paragraph, without its <p>.
            out.extend(attribution.into_iter().filter(|(e, _)| {
                !matches!(
                    e,
                    Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph)
                )
            }));
            out.push(html("</figcaption>\n</figure>\n"));
        }
        None => {
            out.push((Event::Start(Tag::BlockQuote(None)), start.clone()));
            out.extend(quote);
            out.push((Event::End(TagEnd::BlockQuote(None)), start));
        }
    }
    out
}

/// Index of the last top-level paragraph of a quote if it begins with a dash.
fn attribution_start(quote: &[Item<'_>]) -> Option<usize> {
    let mut depth = 0;
    let mut last_para = None;
    for (i, (e, _)) in quote.iter().enumerate() {
        match e {
            Event::Start(Tag::Paragraph) if depth == 0 => last_para = Some(i),
            Event::Start(_) => depth += 1,
            Event::End(TagEnd::Paragraph) if depth == 0 => {}
            Event::End(_) => depth -= 1,
            _ => {}
        }
    }
    let start = last_para?;
    if start == 0 {
        return None; // A quote that is only an attribution is just a quote.
    }
    match quote.get(start + 1) {
        Some((Event::Text(t), _)) if t.starts_with(['—', '–', '―']) => Some(start),
        _ => None,
    }
}

/// A callout's class and title.
pub(super) fn callout(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    }
}
