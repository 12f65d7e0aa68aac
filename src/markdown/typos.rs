//! Footnote typos: a `[^label]` with no definition stays text in Markdown, almost always a
//! misspelt label; the drafter watches the parser's events for them.

use pulldown_cmark::{CowStr, Event};

use super::draft::Item;

/// Finds `[^label]` written with no `[^label]: …` definition: Markdown leaves it as the text
/// "[^label]" (the parser gives the texts `[`, `^label` and `]…` in a row), which is almost
/// always a misspelt label.
#[derive(Default)]
pub(super) struct FootnoteTypos<'a> {
    /// Where the last event, a `[`, started.
    open: Option<usize>,
    /// The `^label` that followed a `[`, and where that started.
    label: Option<(CowStr<'a>, usize)>,
    /// Labels found, with the offset of their `[`.
    pub(super) found: Vec<(String, usize)>,
}

impl<'a> FootnoteTypos<'a> {
    // Inlined: it runs for every event of every section.
    #[inline]
    pub(super) fn watch(&mut self, (event, range): &Item<'a>) {
        let Event::Text(text) = event else {
            self.open = None;
            self.label = None;
            return;
        };
        if let Some((label, start)) = self.label.take()
            && text.starts_with(']')
        {
            self.found.push((label[1..].to_string(), start));
        }
        if let Some(start) = self.open.take()
            && text.len() > 1
            && text.starts_with('^')
            && !text.contains(char::is_whitespace)
        {
            self.label = Some((text.clone(), start));
        }
        if text.as_ref() == "[" {
            self.open = Some(range.start);
        }
    }
}
