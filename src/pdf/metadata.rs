//! The printed PDF finished with lopdf: what the file says about itself, and the same bytes
//! for the same brief.
//!
//! Chromium writes the page's `<title>` as the title, its own user-agent string as the
//! creator, the time of printing as the dates, and no XMP metadata; it names the tagged
//! structure's elements after DOM node numbers, which vary from run to run on a busy machine.
//! [`finish`] reads the printed file, sets the document information (Title, Author, Subject,
//! Keywords, Creator, Producer, dates) and an XMP packet with the same values and the PDF/UA
//! identifier, sets the catalog's language and marks it tagged, renumbers the structure ids in
//! order, and writes the file again. lopdf escapes each string for PDF (UTF-16 when it is not
//! ASCII); [`super::xmp`] escapes each for XML.

use std::collections::BTreeMap;

use lopdf::{Dictionary, Document, Object, Stream, dictionary, text_string};

use crate::date::Date;
use crate::model::Brief;
use crate::text::{block_html, inline_html, strip_tags};

/// The application that made the document, as the PDF's Creator and XMP's CreatorTool.
pub(crate) const CREATOR: &str = concat!("brief ", env!("CARGO_PKG_VERSION"));

/// What the PDF says about the brief, as plain text.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Metadata {
    pub title: String,
    pub authors: Vec<String>,
    /// The subtitle, else the summary; empty without either.
    pub subject: String,
    pub keywords: Vec<String>,
    /// The brief's `language`, a BCP 47 tag (`en`, `hi-IN`).
    pub language: String,
    /// Created and modified: the brief's `date` and `updated` (either stands for the other).
    /// `None` keeps the time of printing, and the PDF then differs from build to build.
    pub dates: Option<(Date, Date)>,
    /// The printed page's link targets and their descriptions (`links::link_descriptions`),
    /// written as the link annotations' `/Contents`.
    pub links: BTreeMap<String, String>,
}

impl Metadata {
    /// The metadata of `brief`, its Markdown made plain text.
    pub(crate) fn of(brief: &Brief) -> Metadata {
        let meta = &brief.meta;
        let subject = match (&meta.subtitle, &meta.summary) {
            (Some(subtitle), _) => plain(&inline_html(subtitle)),
            (None, Some(summary)) => plain(&block_html(summary)),
            (None, None) => String::new(),
        };
        Metadata {
            title: plain(&inline_html(&meta.title)),
            authors: meta.authors.iter().map(|a| clean(&a.value.name)).collect(),
            subject,
            keywords: meta.keywords.iter().map(|k| clean(k)).collect(),
            language: clean(&meta.language),
            dates: brief
                .date
                .or(brief.updated)
                .zip(brief.updated.or(brief.date)),
            links: BTreeMap::new(),
        }
    }
}

/// Rendered HTML as one line of plain text.
fn plain(html: &str) -> String {
    clean(&strip_tags(html))
}

/// Text for a metadata field: every run of white space or control characters becomes one
/// space. A control character has no place in a title, and XML (the XMP packet) cannot hold
/// one at all, not even as a character reference; nor U+FFFE or U+FFFF.
fn clean(text: &str) -> String {
    text.split(|c: char| {
        c.is_whitespace() || c.is_control() || matches!(c, '\u{FFFE}' | '\u{FFFF}')
    })
    .filter(|word| !word.is_empty())
    .collect::<Vec<_>>()
    .join(" ")
}

/// A date as the document information and XMP write it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Stamp {
    /// `D:20251130000000+00'00'`
    pub pdf: String,
    /// `2025-11-30T00:00:00+00:00`; `None` when the PDF's own date cannot be read.
    pub xmp: Option<String>,
}

impl Stamp {
    fn of_day(Date { year, month, day }: Date) -> Stamp {
        Stamp {
            pdf: format!("D:{year:04}{month:02}{day:02}000000+00'00'"),
            xmp: Some(format!("{year:04}-{month:02}-{day:02}T00:00:00+00:00")),
        }
    }

    /// A date as the printed PDF holds it (`D:YYYYMMDDHHmmSS+HH'mm'`, or with `Z`).
    fn of_pdf(text: &str) -> Stamp {
        Stamp {
            pdf: text.to_string(),
            xmp: pdf_date_to_xmp(text),
        }
    }
}

/// `D:20251130082915+01'00'` → `2025-11-30T08:29:15+01:00`; a short or odd date → `None`.
fn pdf_date_to_xmp(text: &str) -> Option<String> {
    let digits = text.strip_prefix("D:")?;
    let number = |range: std::ops::Range<usize>| {
        digits
            .get(range)
            .filter(|d| d.bytes().all(|b| b.is_ascii_digit()))
    };
    let (year, month, day) = (number(0..4)?, number(4..6)?, number(6..8)?);
    let (hour, minute, second) = (number(8..10)?, number(10..12)?, number(12..14)?);
    let zone = match digits.get(14..)? {
        "" | "Z" => "Z".to_string(),
        rest => {
            let sign = rest.chars().next().filter(|c| matches!(c, '+' | '-'))?;
            let (hh, mm) = (number(15..17)?, number(18..20)?);
            format!("{sign}{hh}:{mm}")
        }
    };
    Some(format!(
        "{year}-{month}-{day}T{hour}:{minute}:{second}{zone}"
    ))
}

/// Every field written, in the document information and in XMP alike.
#[derive(Debug, Clone)]
pub(crate) struct Fields<'a> {
    pub meta: &'a Metadata,
    pub producer: String,
    pub created: Option<Stamp>,
    pub modified: Option<Stamp>,
}

/// Finishes the PDF the browser printed (see the module's documentation). The same printed
/// structure gives the same bytes: lopdf writes the objects in the order of their numbers,
/// and nothing here reads a clock.
pub(crate) fn finish(printed: &[u8], meta: &Metadata) -> Result<Vec<u8>, lopdf::Error> {
    let mut doc = Document::load_mem(printed)?;
    renumber_structure_ids(&mut doc);
    super::links::describe(&mut doc, &meta.links);
    let fields = fields(&doc, meta);
    // Written over Chromium's, so that no trace of the time of printing stays in the file.
    let info = Object::Dictionary(info_dictionary(&fields));
    match doc.trailer.get(b"Info").and_then(Object::as_reference) {
        Ok(id) => {
            doc.objects.insert(id, info);
        }
        Err(_) => {
            let id = doc.add_object(info);
            doc.trailer.set("Info", id);
        }
    }
    let xmp = Stream::new(
        dictionary! { "Type" => "Metadata", "Subtype" => "XML" },
        super::xmp::packet(&fields).into_bytes(),
    );
    // Kept uncompressed, so that any tool can read it (PDF/A asks the same).
    let xmp = doc.add_object(xmp.with_compression(false));
    let catalog = doc.catalog_mut()?;
    catalog.set("Metadata", xmp);
    catalog.set("Lang", text_string(&meta.language));
    catalog.set("MarkInfo", dictionary! { "Marked" => true });
    // A viewer's title bar shows the title, not the file name (PDF/UA-1 7.1).
    let mut preferences = match catalog.get(b"ViewerPreferences") {
        Ok(Object::Dictionary(d)) => d.clone(),
        _ => Dictionary::new(),
    };
    preferences.set("DisplayDocTitle", true);
    catalog.set("ViewerPreferences", preferences);
    let mut out = Vec::with_capacity(printed.len() + 4096);
    doc.save_to(&mut out)?;
    Ok(out)
}

/// The fields to write: the brief's, with the browser's producer, and its dates where the
/// brief has none.
fn fields<'a>(doc: &Document, meta: &'a Metadata) -> Fields<'a> {
    let printed = |key: &[u8]| {
        let info = doc.trailer.get(b"Info").ok()?;
        let (_, info) = doc.dereference(info).ok()?;
        lopdf::decode_text_string(info.as_dict().ok()?.get(key).ok()?).ok()
    };
    let (created, modified) = match meta.dates {
        Some((created, modified)) => (Some(Stamp::of_day(created)), Some(Stamp::of_day(modified))),
        None => (
            printed(b"CreationDate").map(|d| Stamp::of_pdf(&d)),
            printed(b"ModDate").map(|d| Stamp::of_pdf(&d)),
        ),
    };
    Fields {
        meta,
        // Skia, Chromium's PDF library, wrote every page; brief only adds metadata.
        producer: printed(b"Producer").map_or_else(|| CREATOR.to_string(), |p| clean(&p)),
        created,
        modified,
    }
}

/// The document information dictionary (the trailer's `/Info`).
fn info_dictionary(fields: &Fields<'_>) -> Dictionary {
    let meta = fields.meta;
    let mut info = Dictionary::new();
    info.set("Title", text_string(&meta.title));
    if !meta.authors.is_empty() {
        info.set("Author", text_string(&meta.authors.join("; ")));
    }
    if !meta.subject.is_empty() {
        info.set("Subject", text_string(&meta.subject));
    }
    if !meta.keywords.is_empty() {
        info.set("Keywords", text_string(&meta.keywords.join(", ")));
    }
    info.set("Creator", text_string(CREATOR));
    info.set("Producer", text_string(&fields.producer));
    for (key, stamp) in [
        ("CreationDate", &fields.created),
        ("ModDate", &fields.modified),
    ] {
        if let Some(stamp) = stamp {
            info.set(key, Object::string_literal(stamp.pdf.as_str()));
        }
    }
    info
}

/// Renumbers the ids Chromium gives the structure elements (`node00000316`: the numbers of
/// DOM nodes, which depend on how many nodes the browser made before). Each id becomes its
/// rank among them, in at least as many digits, wherever it appears (the elements' `/ID`, the
/// `/IDTree` that maps them): ids keep their order, so the tree stays sorted.
fn renumber_structure_ids(doc: &mut Document) {
    let mut ids: Vec<(u64, Vec<u8>)> = Vec::new();
    for object in doc.objects.values() {
        collect_ids(object, &mut ids);
    }
    ids.sort_unstable();
    ids.dedup();
    let mut renamed: rustc_hash::FxHashMap<Vec<u8>, Vec<u8>> = Default::default();
    let mut rank = 0;
    let mut last = None;
    for (value, id) in ids {
        if last != Some(value) {
            rank += 1;
            last = Some(value);
        }
        let width = id.len() - NODE.len();
        renamed.insert(id, format!("node{rank:0width$}").into_bytes());
    }
    for object in doc.objects.values_mut() {
        rename_strings(object, &renamed);
    }
}

/// The prefix of the structure ids Chromium writes.
const NODE: &[u8] = b"node";

/// `node00000316` → 316.
fn node_number(id: &[u8]) -> Option<u64> {
    let digits = id.strip_prefix(NODE)?;
    if digits.is_empty() || digits.len() > 18 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(digits).ok()?.parse().ok()
}

/// Every `/ID` string of the form `node<digits>` in `object`, at any depth.
fn collect_ids(object: &Object, ids: &mut Vec<(u64, Vec<u8>)>) {
    match object {
        Object::Dictionary(dict) | Object::Stream(Stream { dict, .. }) => {
            for (key, value) in dict.iter() {
                if let (b"ID", Object::String(id, _)) = (key.as_slice(), value)
                    && let Some(number) = node_number(id)
                {
                    ids.push((number, id.clone()));
                }
                collect_ids(value, ids);
            }
        }
        Object::Array(items) => items.iter().for_each(|item| collect_ids(item, ids)),
        _ => {}
    }
}

/// Every string in `object` (not stream contents) that `renamed` holds, replaced.
fn rename_strings(object: &mut Object, renamed: &rustc_hash::FxHashMap<Vec<u8>, Vec<u8>>) {
    match object {
        Object::String(text, _) => {
            if let Some(new) = renamed.get(text) {
                text.clone_from(new);
            }
        }
        Object::Dictionary(dict) | Object::Stream(Stream { dict, .. }) => {
            for (_, value) in dict.iter_mut() {
                rename_strings(value, renamed);
            }
        }
        Object::Array(items) => items
            .iter_mut()
            .for_each(|item| rename_strings(item, renamed)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::StringFormat;

    /// A small tagged PDF as Chromium writes one: an Info dictionary stamped with the time of
    /// printing, structure elements with node ids, an `/IDTree`, one `Figure` with `/Alt`.
    fn printed() -> Vec<u8> {
        let mut doc = Document::with_version("1.4");
        let info = doc.add_object(dictionary! {
            "Title" => Object::string_literal("Page title | Org"),
            "Creator" => Object::string_literal("Mozilla/5.0 HeadlessChrome/156"),
            "Producer" => Object::string_literal("Skia/PDF m156"),
            "CreationDate" => Object::string_literal("D:20261130082915+00'00'"),
            "ModDate" => Object::string_literal("D:20261130082915+00'00'"),
        });
        let pages = doc.new_object_id();
        let page = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages, "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        });
        doc.objects.insert(
            pages,
            Object::Dictionary(
                dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
            ),
        );
        let id = |n: &str| Object::String(n.as_bytes().to_vec(), StringFormat::Literal);
        let figure = doc.add_object(dictionary! {
            "Type" => "StructElem", "S" => "Figure", "ID" => id("node00000316"), "Alt" => text_string("A chart"),
        });
        let heading = doc.add_object(dictionary! {
            "Type" => "StructElem", "S" => "H1", "ID" => id("node00000009"),
        });
        let id_tree = doc.add_object(dictionary! {
            "Names" => vec![id("node00000009"), heading.into(), id("node00000316"), figure.into()],
            "Limits" => vec![id("node00000009"), id("node00000316")],
        });
        let root = doc.add_object(dictionary! {
            "Type" => "StructTreeRoot", "K" => vec![heading.into(), figure.into()], "IDTree" => id_tree,
        });
        let catalog = doc.add_object(dictionary! {
            "Type" => "Catalog", "Pages" => pages, "StructTreeRoot" => root,
            "MarkInfo" => dictionary! { "Type" => "MarkInfo", "Marked" => true },
            "ViewerPreferences" => dictionary! { "Type" => "ViewerPreferences", "DisplayDocTitle" => true },
            "Lang" => Object::string_literal("en"),
        });
        doc.trailer.set("Root", catalog);
        doc.trailer.set("Info", info);
        let mut out = Vec::new();
        doc.save_to(&mut out).unwrap();
        out
    }

    fn metadata(title: &str) -> Metadata {
        Metadata {
            title: clean(title),
            authors: vec!["Ana Pérez".into(), "李雷".into()],
            subject: "How & why".into(),
            keywords: vec!["trade".into(), "भारत".into()],
            language: "hi-IN".into(),
            dates: Some((
                Date {
                    year: 2025,
                    month: 1,
                    day: 15,
                },
                Date {
                    year: 2025,
                    month: 2,
                    day: 1,
                },
            )),
            links: BTreeMap::new(),
        }
    }

    fn info(doc: &Document) -> &Dictionary {
        let (_, info) = doc.dereference(doc.trailer.get(b"Info").unwrap()).unwrap();
        info.as_dict().unwrap()
    }

    fn text(dict: &Dictionary, key: &str) -> String {
        lopdf::decode_text_string(dict.get(key.as_bytes()).unwrap()).unwrap()
    }

    #[test]
    fn the_information_dictionary_holds_the_briefs_metadata_escaped() {
        let title = "A <b> & ]]> \u{1}test\u{7f}: नमस्ते (世界) 🌏 \\ ) (";
        let finished = finish(&printed(), &metadata(title)).unwrap();
        let doc = Document::load_mem(&finished).unwrap();
        let info = info(&doc);
        assert_eq!(
            text(info, "Title"),
            "A <b> & ]]> test : नमस्ते (世界) 🌏 \\ ) ("
        );
        assert_eq!(text(info, "Author"), "Ana Pérez; 李雷");
        assert_eq!(text(info, "Subject"), "How & why");
        assert_eq!(text(info, "Keywords"), "trade, भारत");
        assert_eq!(text(info, "Creator"), CREATOR);
        assert!(CREATOR.starts_with("brief 0."), "{CREATOR}");
        assert_eq!(text(info, "Producer"), "Skia/PDF m156");
        assert_eq!(text(info, "CreationDate"), "D:20250115000000+00'00'");
        assert_eq!(text(info, "ModDate"), "D:20250201000000+00'00'");
        let catalog = doc.catalog().unwrap();
        assert_eq!(text(catalog, "Lang"), "hi-IN");
        let marked = catalog.get(b"MarkInfo").unwrap().as_dict().unwrap();
        assert_eq!(marked.get(b"Marked").unwrap(), &Object::Boolean(true));
    }

    #[test]
    fn without_the_briefs_dates_the_time_of_printing_is_kept() {
        let mut meta = metadata("T");
        meta.dates = None;
        let doc = Document::load_mem(&finish(&printed(), &meta).unwrap()).unwrap();
        assert_eq!(text(info(&doc), "CreationDate"), "D:20261130082915+00'00'");
        let xmp = String::from_utf8(xmp_stream(&doc)).unwrap();
        assert!(
            xmp.contains("<xmp:CreateDate>2026-11-30T08:29:15+00:00</xmp:CreateDate>"),
            "{xmp}"
        );
    }

    fn xmp_stream(doc: &Document) -> Vec<u8> {
        let reference = doc.catalog().unwrap().get(b"Metadata").unwrap();
        let (_, stream) = doc.dereference(reference).unwrap();
        let stream = stream.as_stream().unwrap();
        assert_eq!(
            stream.dict.get(b"Subtype").unwrap().as_name().unwrap(),
            b"XML"
        );
        stream.content.clone()
    }

    #[test]
    fn structure_ids_are_renumbered_in_order_everywhere() {
        let doc = Document::load_mem(&finish(&printed(), &metadata("T")).unwrap()).unwrap();
        let mut ids = Vec::new();
        for object in doc.objects.values() {
            collect_ids(object, &mut ids);
        }
        ids.sort();
        assert_eq!(
            ids.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
            vec![1, 2],
            "{ids:?}"
        );
        let tree = doc
            .objects
            .values()
            .filter_map(|o| o.as_dict().ok())
            .find(|d| d.has(b"Names"))
            .unwrap();
        let limits: Vec<&[u8]> = tree
            .get(b"Limits")
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o.as_str().unwrap())
            .collect();
        assert_eq!(limits, vec![&b"node00000001"[..], b"node00000002"]);
    }

    #[test]
    fn the_same_print_finishes_to_the_same_bytes() {
        let meta = metadata("T");
        assert_eq!(
            finish(&printed(), &meta).unwrap(),
            finish(&printed(), &meta).unwrap()
        );
    }

    #[test]
    fn pdf_dates_read_as_xmp_dates() {
        assert_eq!(
            pdf_date_to_xmp("D:20251130082915+05'30'").as_deref(),
            Some("2025-11-30T08:29:15+05:30")
        );
        assert_eq!(
            pdf_date_to_xmp("D:20251130082915Z").as_deref(),
            Some("2025-11-30T08:29:15Z")
        );
        assert_eq!(pdf_date_to_xmp("D:2025"), None);
        assert_eq!(pdf_date_to_xmp("yesterday"), None);
    }

    #[test]
    fn metadata_text_is_one_line_without_control_characters() {
        assert_eq!(clean(" a\u{0}b\n\tc\u{85}d\u{FFFF} "), "a b c d");
        assert_eq!(plain("<em>Big</em> &amp; <b>bold</b>"), "Big & bold");
    }
}
