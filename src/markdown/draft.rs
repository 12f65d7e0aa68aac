//! The one pass over a section's Markdown: parse and write its HTML in a single stream, leaving
//! a *hole* wherever the text needs something only the whole document knows (a heading's
//! unique id and level, a figure, a footnote's number, a cross-reference's "Figure 2"), and
//! noting what the sequential planning pass numbers. Sections are drafted in parallel and no
//! event is held after its HTML is written, which is what makes this pass as cheap as
//! pulldown-cmark's own rendering.
//!
//! Longer than 500 lines on purpose: the drafter is one state machine over the parser's
//! events, and its methods share that state (the output so far, the holes, the marks);
//! what does not need the state lives in `quote.rs` and `typos.rs`.

use std::cell::RefCell;
use std::fmt;
use std::ops::Range;

use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Parser, Tag, TagEnd, html,
};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::link_up::LinkUp;
use super::quote::{callout, pull_quote};
use super::typos::FootnoteTypos;
use crate::blocks::BlockKind;
use crate::diagnostics::Diagnostic;
use crate::model::Section;
use crate::text::{
    autolinks, count_words, escape_attr, escape_text, options, strip_tags, title_html,
    url_link_start,
};

/// A section written out, with holes, and what planning needs from it.
pub(crate) struct Draft {
    /// The section's HTML; each hole is filled in at its byte offset.
    pub html: String,
    /// Offsets into `html`, in order, and what goes there.
    pub holes: Vec<(usize, Hole)>,
    /// Everything planning numbers, in the order it appears in the text.
    pub marks: Vec<Mark>,
    pub headings: Vec<DraftHeading>,
    pub blocks: Vec<DraftBlock>,
    /// Every link to `#target` outside headings and notes, checked once all ids are known.
    pub links: Vec<AnchorLink>,
    /// Footnote label → its definition's HTML (the last one when a label is defined twice).
    pub footnote_defs: HashMap<String, String>,
    pub title_text: String,
    pub title_html: String,
    /// The title made an id.
    pub title_slug: String,
    /// Words of the title, headings and text (code included, figures and notes not).
    pub words: usize,
    /// Problems found in the section alone.
    pub problems: Vec<Diagnostic>,
}

/// What fills a hole.
pub(crate) enum Hole {
    /// A body heading (index into `headings`): its level and id are the document's.
    Heading(usize),
    /// A chart or table (index into `blocks`).
    Block(usize),
    /// The `nth` reference to a footnote in this section.
    FootnoteRef { label: String, nth: usize },
    /// The text of an empty link to a figure, table or section (index into `links`); inside
    /// an image, in its `alt` attribute.
    CrossRef { link: usize, in_alt: bool },
}

/// What planning visits, in order.
pub(crate) enum Mark {
    Heading(usize),
    Block(usize),
    FootnoteRef(String),
}

pub(crate) struct DraftHeading {
    pub level: HeadingLevel,
    pub explicit_id: Option<String>,
    /// Plain text.
    pub text: String,
    /// The text made an id (made unique when the document is planned).
    pub slug: String,
    /// Offset in the section body (for error locations).
    pub start: usize,
    /// The section's title (rendered by the page, not in the body).
    pub is_title: bool,
    /// Its HTML parts, when it is written in the body (not for the title or a heading inside
    /// a footnote, which is written as it is).
    pub parts: Option<HeadingParts>,
}

pub(crate) struct HeadingParts {
    /// The heading's HTML without its notes' references (as the table of contents shows it).
    pub inner_html: String,
    /// ` class="…"` or nothing.
    pub class_attr: String,
    /// The heading's text, escaped, for the anchor link's label.
    pub label: String,
    /// References to notes: where they go in `inner_html`, their label, and which reference
    /// to that note in the section each is.
    pub notes: Vec<(usize, String, usize)>,
}

pub(crate) struct DraftBlock {
    pub kind: BlockKind,
    /// Line of the opening fence in the section's file.
    pub fence_line: usize,
    /// The block's YAML.
    pub code: String,
}

pub(crate) struct AnchorLink {
    pub target: String,
    pub start: usize,
    pub len: usize,
}

impl Draft {
    /// What `brief check` reads of the section (see [`super::SectionFacts`]).
    pub(super) fn facts(&self) -> super::SectionFacts {
        #[derive(serde::Deserialize)]
        struct BlockData {
            data: Option<String>,
        }
        let title_heading = self.headings.iter().find(|h| h.is_title);
        super::SectionFacts {
            headings: self
                .headings
                .iter()
                .filter(|h| !h.is_title)
                .map(|h| (h.level as usize, h.start))
                .collect(),
            title: self.title_text.clone(),
            title_start: title_heading.map(|h| h.start),
            // The title is not in the HTML; anything else is, or is a hole (a heading, a
            // figure) or a note.
            has_content: !self.html.trim().is_empty()
                || !self.holes.is_empty()
                || !self.footnote_defs.is_empty(),
            block_datasets: self
                .blocks
                .iter()
                .filter_map(|b| crate::yaml::try_parse::<BlockData>(&b.code)?.data)
                .collect(),
            // Planning knows which charts passed their checks (see `PlannedSections::facts`).
            charts: Vec::new(),
        }
    }
}

/// Drafts one section. A draft depends on the section's file alone (and, in a translation,
/// on where its links lead: `up`): its chart and table blocks are kept as YAML, checked
/// against their datasets after drafting.
pub(super) fn draft(section: &Section, scroll_label: &str, up: Option<&LinkUp<'_>>) -> Draft {
    let out = RefCell::new(String::with_capacity(section.body().len() * 3 / 2 + 64));
    let mut drafter = Drafter {
        section,
        scroll_label,
        up,
        out: &out,
        events: autolinks(
            section.body(),
            Parser::new_ext(section.body(), options()).into_offset_iter(),
        ),
        typos: FootnoteTypos::default(),
        quote: Vec::new().into_iter(),
        peeked: None,
        pending: None,
        queued: None,
        image_depth: 0,
        holes: Vec::new(),
        marks: Vec::new(),
        headings: Vec::new(),
        blocks: Vec::new(),
        links: Vec::new(),
        footnote_defs: HashMap::default(),
        defs_in_order: Vec::new(),
        ref_counts: HashMap::default(),
        title_heading: None,
        words: 0,
    };
    // Writing into a `String` cannot fail.
    html::write_html_fmt(SharedOut(&out), &mut drafter).ok();
    let html = out.take();
    drafter.finish(html)
}

/// The HTML writer's output, shared with the drafter so it can note where a hole falls.
struct SharedOut<'a>(&'a RefCell<String>);

impl fmt::Write for SharedOut<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.borrow_mut().push_str(s);
        Ok(())
    }
}

pub(super) type Item<'a> = (Event<'a>, Range<usize>);

/// Turns a section's events into the events the HTML writer gets, noting holes and marks.
/// The writer writes each event before it asks for the next, so the output's length when an
/// event is asked for is where everything before it ends.
struct Drafter<'a, 'b, I: Iterator<Item = Item<'a>>> {
    section: &'a Section,
    /// The region label of a wide table, in the brief's language.
    scroll_label: &'b str,
    /// In a translation, where its links to the shared files lead.
    up: Option<&'b LinkUp<'b>>,
    out: &'b RefCell<String>,
    /// The section's events, as the parser gives them.
    events: I,
    typos: FootnoteTypos<'a>,
    /// A blockquote's events, given back (as a pull quote when it is one) before reading on.
    quote: std::vec::IntoIter<Item<'a>>,
    peeked: Option<Item<'a>>,
    /// A hole that goes after the event just given (inside a link).
    pending: Option<Hole>,
    /// An event to give before reading on.
    queued: Option<Event<'a>>,
    /// Inside an image the writer takes only text (its `alt`): no note or figure goes there.
    image_depth: usize,
    holes: Vec<(usize, Hole)>,
    marks: Vec<Mark>,
    headings: Vec<DraftHeading>,
    blocks: Vec<DraftBlock>,
    links: Vec<AnchorLink>,
    footnote_defs: HashMap<String, String>,
    defs_in_order: Vec<(String, usize)>,
    ref_counts: HashMap<String, usize>,
    title_heading: Option<usize>,
    words: usize,
}

impl<'a, I: Iterator<Item = Item<'a>>> Iterator for Drafter<'a, '_, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        if let Some(hole) = self.pending.take() {
            self.hole(hole);
        }
        if let Some(event) = self.queued.take() {
            return Some(event);
        }
        loop {
            let (event, range) = self.next_item()?;
            match event {
                Event::Start(Tag::Heading {
                    level, id, classes, ..
                }) => {
                    if let Some(event) = self.body_heading(level, id, classes, range.start) {
                        return Some(event);
                    }
                }
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(ref info)))
                    if let Some(kind) = BlockKind::from_info(info) =>
                {
                    let inner = self.take_until(|e| matches!(e, Event::End(TagEnd::CodeBlock)));
                    let index = self.block(kind, range.start, &inner);
                    return Some(self.block_hole(Hole::Block(index)));
                }
                Event::FootnoteReference(label) => {
                    self.marks.push(Mark::FootnoteRef(label.to_string()));
                    if self.image_depth > 0 {
                        continue;
                    }
                    let nth = self.next_reference(&label);
                    self.hole(Hole::FootnoteRef {
                        label: label.to_string(),
                        nth,
                    });
                }
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    self.note_definition(&label, range.start);
                }
                Event::Start(Tag::BlockQuote(Some(kind))) => {
                    let (class, title) = callout(kind);
                    return Some(Event::Html(CowStr::from(format!(
                        "<div class=\"callout callout-{class}\" role=\"note\">\n<p class=\"callout-title\">{title}</p>\n"
                    ))));
                }
                Event::End(TagEnd::BlockQuote(Some(_))) => {
                    return Some(Event::Html(CowStr::Borrowed("</div>\n")));
                }
                // A link whose text is its address (not in an image's alt text).
                Event::Start(Tag::Link {
                    link_type: LinkType::Autolink,
                    ref dest_url,
                    ..
                }) if self.image_depth == 0 => return Some(url_link_start(dest_url)),
                Event::Start(Tag::Link { ref dest_url, .. }) => {
                    if let Some(target) = dest_url.strip_prefix('#') {
                        self.anchor_link(target.to_string(), range);
                    }
                    return Some(self.linked_up(event));
                }
                Event::Start(Tag::Table(alignments)) => {
                    // A wide table scrolls inside its own keyboard-reachable region on phones.
                    self.queued = Some(Event::Start(Tag::Table(alignments)));
                    return Some(Event::Html(CowStr::from(format!(
                        "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"{}\">\n",
                        escape_attr(self.scroll_label)
                    ))));
                }
                Event::End(TagEnd::Table) => {
                    self.queued = Some(Event::Html(CowStr::Borrowed("</div>\n")));
                    return Some(Event::End(TagEnd::Table));
                }
                Event::TaskListMarker(done) => return Some(task_checkbox(done)),
                Event::Start(Tag::Image { .. }) => {
                    self.image_depth += 1;
                    return Some(self.linked_up(event));
                }
                Event::End(TagEnd::Image) => {
                    self.image_depth = self.image_depth.saturating_sub(1);
                    return Some(event);
                }
                Event::Text(ref t) => {
                    self.words += count_words(t);
                    return Some(event);
                }
                other => return Some(other),
            }
        }
    }
}

impl<'a, I: Iterator<Item = Item<'a>>> Drafter<'a, '_, I> {
    /// A link or image, its destination led up to the root when it names a shared file
    /// (see [`LinkUp`]).
    fn linked_up(&self, mut event: Event<'a>) -> Event<'a> {
        if let Some(up) = self.up
            && let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) =
                &mut event
            && let Some(url) = up.link(dest_url)
        {
            *dest_url = CowStr::from(url);
        }
        event
    }

    /// A link to `#target` at `range`, checked once all ids are known. An empty one
    /// (`[](#fig-trade)`) gets a hole for what the reader sees: "Figure 2".
    fn anchor_link(&mut self, target: String, range: Range<usize>) {
        let empty = matches!(self.peek(), Some((Event::End(TagEnd::Link), _)));
        self.links.push(AnchorLink {
            target,
            start: range.start,
            len: range.len(),
        });
        if empty {
            self.pending = Some(Hole::CrossRef {
                link: self.links.len() - 1,
                in_alt: self.image_depth > 0,
            });
        }
    }

    /// A heading starting at `start`: noted, and written (as a hole) unless it is the title.
    /// Gives the event for the writer, or `None` for the title.
    fn body_heading(
        &mut self,
        level: HeadingLevel,
        id: Option<CowStr<'a>>,
        classes: Vec<CowStr<'a>>,
        start: usize,
    ) -> Option<Event<'a>> {
        let inner = self.take_until(|e| matches!(e, Event::End(TagEnd::Heading(_))));
        let index = self.heading(level, id, start, &inner);
        self.note_footnote_refs(&inner);
        if self.headings[index].is_title {
            return None;
        }
        // A note's reference is put in the heading later (it has no number yet), and not in
        // its table-of-contents entry (a link in a link).
        let mut inner_html = String::new();
        let mut notes = Vec::new();
        let mut run = Vec::new();
        for (event, _) in inner {
            match event {
                Event::FootnoteReference(label) => {
                    html::push_html(&mut inner_html, run.drain(..));
                    let nth = self.next_reference(&label);
                    notes.push((inner_html.len(), label.to_string(), nth));
                }
                event => run.push(event),
            }
        }
        html::push_html(&mut inner_html, run.into_iter());
        let text = strip_tags(&inner_html);
        self.words += count_words(&text);
        let class_attr = if classes.is_empty() {
            String::new()
        } else {
            format!(" class=\"{}\"", escape_attr(&classes.join(" ")))
        };
        self.headings[index].parts = Some(HeadingParts {
            inner_html,
            class_attr,
            label: escape_text(&text),
            notes,
        });
        Some(self.block_hole(Hole::Heading(index)))
    }

    /// A footnote's definition starting at `start`: its text written apart, for the notes.
    fn note_definition(&mut self, label: &str, start: usize) {
        let mut depth = 0;
        let inner = self.take_until(|e| match e {
            Event::Start(Tag::FootnoteDefinition(_)) => {
                depth += 1;
                false
            }
            Event::End(TagEnd::FootnoteDefinition) if depth == 0 => true,
            Event::End(TagEnd::FootnoteDefinition) => {
                depth -= 1;
                false
            }
            _ => false,
        });
        self.note_marks(&inner);
        let mut def_html = String::new();
        html::push_html(&mut def_html, inner.into_iter().map(|(e, _)| e));
        self.defs_in_order.push((label.to_string(), start));
        self.footnote_defs.insert(label.to_string(), def_html);
    }

    /// Counts a reference to the note `label`: the how-manyth in the section it is.
    fn next_reference(&mut self, label: &str) -> usize {
        let nth = self.ref_counts.entry(label.to_string()).or_insert(0);
        *nth += 1;
        *nth
    }

    fn hole(&mut self, hole: Hole) {
        let at = self.out.borrow().len();
        self.holes.push((at, hole));
    }

    /// A hole for block-level HTML (a heading, a figure). What fills it goes without its
    /// final line break, which is given to the writer here: the writer then knows a line has
    /// ended, as it would had it written the HTML itself.
    fn block_hole(&mut self, hole: Hole) -> Event<'a> {
        self.hole(hole);
        Event::Html(CowStr::Borrowed("\n"))
    }

    /// The next event: a blockquote is read whole and given back event by event, turned
    /// into a pull quote when it is one.
    fn next_item(&mut self) -> Option<Item<'a>> {
        if let Some(item) = self.peeked.take() {
            return Some(item);
        }
        if let Some(item) = self.quote.next() {
            return Some(item);
        }
        let (event, range) = self.parsed()?;
        if !matches!(event, Event::Start(Tag::BlockQuote(None))) {
            return Some((event, range));
        }
        let mut quote = Vec::new();
        let mut depth = 0;
        while let Some((e, r)) = self.parsed() {
            match &e {
                Event::Start(Tag::BlockQuote(_)) => depth += 1,
                Event::End(TagEnd::BlockQuote(_)) if depth == 0 => break,
                Event::End(TagEnd::BlockQuote(_)) => depth -= 1,
                _ => {}
            }
            quote.push((e, r));
        }
        self.quote = pull_quote(range, quote).into_iter();
        self.quote.next()
    }

    /// The parser's next event, watched for footnote typos.
    fn parsed(&mut self) -> Option<Item<'a>> {
        let item = self.events.next()?;
        self.typos.watch(&item);
        Some(item)
    }

    fn peek(&mut self) -> Option<&Item<'a>> {
        if self.peeked.is_none() {
            self.peeked = self.next_item();
        }
        self.peeked.as_ref()
    }

    /// The events up to (not including) the one `end` accepts, which is dropped.
    fn take_until(&mut self, mut end: impl FnMut(&Event<'a>) -> bool) -> Vec<Item<'a>> {
        let mut inner = Vec::new();
        while let Some((event, range)) = self.next_item() {
            if end(&event) {
                break;
            }
            inner.push((event, range));
        }
        inner
    }

    /// Notes a heading that starts at `start` and holds `inner`; returns its index.
    fn heading(
        &mut self,
        level: HeadingLevel,
        explicit_id: Option<CowStr<'a>>,
        start: usize,
        inner: &[Item<'a>],
    ) -> usize {
        let index = self.headings.len();
        // The title is the front matter's, else the first level-1 heading's.
        let is_title = level == HeadingLevel::H1
            && self.section.front.title.is_none()
            && self.title_heading.is_none();
        if is_title {
            self.title_heading = Some(index);
        }
        let text = heading_text(inner);
        self.headings.push(DraftHeading {
            level,
            explicit_id: explicit_id.map(|id| id.to_string()),
            slug: crate::text::slugify(&text),
            text,
            start,
            is_title,
            parts: None,
        });
        self.marks.push(Mark::Heading(index));
        index
    }

    /// Notes a chart or table block whose fence starts at `start`; returns its index.
    fn block(&mut self, kind: BlockKind, start: usize, inner: &[Item<'a>]) -> usize {
        let code = code_text(inner);
        let (fence_line, _) = self.section.location(start);
        let index = self.blocks.len();
        self.blocks.push(DraftBlock {
            kind,
            fence_line,
            code,
        });
        self.marks.push(Mark::Block(index));
        index
    }

    fn note_footnote_refs(&mut self, events: &[Item<'a>]) {
        for (event, _) in events {
            if let Event::FootnoteReference(label) = event {
                self.marks.push(Mark::FootnoteRef(label.to_string()));
            }
        }
    }

    /// Notes what a footnote's text holds (written as it is, but numbered like the rest).
    fn note_marks(&mut self, events: &[Item<'a>]) {
        for (i, (event, range)) in events.iter().enumerate() {
            match event {
                Event::Start(Tag::Heading { level, id, .. }) => {
                    self.heading(*level, id.clone(), range.start, &events[i + 1..]);
                }
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                    if let Some(kind) = BlockKind::from_info(info) {
                        self.block(kind, range.start, &events[i + 1..]);
                    }
                }
                Event::FootnoteReference(label) => {
                    self.marks.push(Mark::FootnoteRef(label.to_string()));
                }
                _ => {}
            }
        }
    }

    fn finish(self, html: String) -> Draft {
        let section = self.section;
        let file = &section.file;
        let mut problems = Vec::new();
        let title_text = match (&section.front.title, self.title_heading) {
            (Some(title), _) => title.clone(),
            (None, Some(i)) => self.headings[i].text.clone(),
            (None, None) => {
                problems.push(
                    Diagnostic::error(&file.display, "the section has no title")
                        .at(&file.text, 1, 1)
                        .with_hint(
                            "add `title: ...` to the front matter, or start the section with `# Title`",
                        ),
                );
                String::new()
            }
        };
        let referenced: HashSet<&str> = self
            .marks
            .iter()
            .filter_map(|m| match m {
                Mark::FootnoteRef(label) => Some(label.as_str()),
                _ => None,
            })
            .collect();
        for (label, start) in &self.defs_in_order {
            if !referenced.contains(label.as_str()) {
                let (line, col) = section.location(*start);
                problems.push(
                    Diagnostic::warning(
                        &file.display,
                        format!("the footnote `[^{label}]` is never referenced"),
                    )
                    .at(&file.text, line, col)
                    .with_hint(format!(
                        "cite it in the text with `[^{label}]`, or remove it"
                    )),
                );
            }
        }
        problems.extend(self.typos.found.into_iter().map(|(label, start)| {
            let (line, col) = section.location(start);
            Diagnostic::warning(
                &file.display,
                format!("the footnote `[^{label}]` has no definition"),
            )
            .at(&file.text, line, col)
            .with_span_len(label.chars().count() + 3)
            .with_hint(format!(
                "it shows as the text “[^{label}]”: add `[^{label}]: …` at the end of the section, or correct the label"
            ))
        }));
        Draft {
            html,
            holes: self.holes,
            marks: self.marks,
            headings: self.headings,
            blocks: self.blocks,
            links: self.links,
            footnote_defs: self.footnote_defs,
            title_html: title_html(&title_text),
            title_slug: crate::text::slugify(&title_text),
            words: self.words + count_words(&title_text),
            title_text,
            problems,
        }
    }
}

/// Plain text of a heading (or any inline run) up to its end tag.
fn heading_text(events: &[Item<'_>]) -> String {
    let mut text = String::new();
    for (event, _) in events {
        match event {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text
}

/// The text of a code block up to its end tag.
fn code_text(events: &[Item<'_>]) -> String {
    let mut text = String::new();
    for (event, _) in events {
        match event {
            Event::End(TagEnd::CodeBlock) => break,
            Event::Text(t) => text.push_str(t),
            _ => {}
        }
    }
    text
}

/// A task list's marker as a labelled, read-only checkbox (a bare one fails WCAG "form
/// elements have labels").
fn task_checkbox(done: bool) -> Event<'static> {
    let (checked, label) = if done {
        (" checked", "Done")
    } else {
        ("", "Not done")
    };
    Event::Html(CowStr::from(format!(
        "<input type=\"checkbox\" disabled{checked} aria-label=\"{label}\"> "
    )))
}
