//! The XMP metadata packet of the PDF (the catalog's `/Metadata` stream): the document
//! information again, in the form PDF/UA-1 asks for (`dc:title` at least, and the
//! `pdfuaid:part` that says which standard the file claims), plus the language and the
//! description. Every value is escaped for XML; metadata text holds no control character
//! (see `metadata::clean`), which XML could not hold.

use std::fmt::Write as _;

use super::metadata::{CREATOR, Fields};
use crate::text::escape_attr;

/// The namespaces the packet uses, with their usual prefixes.
const NAMESPACES: &[(&str, &str)] = &[
    ("dc", "http://purl.org/dc/elements/1.1/"),
    ("xmp", "http://ns.adobe.com/xap/1.0/"),
    ("pdf", "http://ns.adobe.com/pdf/1.3/"),
    ("pdfuaid", "http://www.aiim.org/pdfua/ns/id/"),
];

/// The XMP packet for `fields`, as UTF-8 text.
pub(crate) fn packet(fields: &Fields<'_>) -> String {
    let meta = fields.meta;
    let mut out = String::new();
    // The byte-order mark in `begin` tells a reader the packet's encoding (UTF-8).
    out.push_str("<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n");
    out.push_str("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n");
    out.push_str(" <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");
    out.push_str("  <rdf:Description rdf:about=\"\"");
    for (prefix, uri) in NAMESPACES {
        let _ = write!(out, "\n    xmlns:{prefix}=\"{uri}\"");
    }
    out.push_str(">\n");
    simple(&mut out, "dc:format", "application/pdf");
    alternatives(&mut out, "dc:title", &meta.title);
    list(&mut out, "dc:creator", "Seq", &meta.authors);
    if !meta.subject.is_empty() {
        alternatives(&mut out, "dc:description", &meta.subject);
    }
    list(&mut out, "dc:subject", "Bag", &meta.keywords);
    list(
        &mut out,
        "dc:language",
        "Bag",
        std::slice::from_ref(&meta.language),
    );
    simple(&mut out, "xmp:CreatorTool", CREATOR);
    let created = fields.created.as_ref().and_then(|s| s.xmp.as_deref());
    let modified = fields.modified.as_ref().and_then(|s| s.xmp.as_deref());
    for (name, value) in [
        ("xmp:CreateDate", created),
        ("xmp:ModifyDate", modified),
        ("xmp:MetadataDate", modified),
    ] {
        if let Some(value) = value {
            simple(&mut out, name, value);
        }
    }
    simple(&mut out, "pdf:Producer", &fields.producer);
    if !meta.keywords.is_empty() {
        simple(&mut out, "pdf:Keywords", &meta.keywords.join(", "));
    }
    simple(&mut out, "pdfuaid:part", "1");
    out.push_str("  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n");
    // Room to edit the packet in place, as the XMP specification suggests for writable files.
    for _ in 0..20 {
        out.push_str(&" ".repeat(99));
        out.push('\n');
    }
    out.push_str("<?xpacket end=\"w\"?>");
    out
}

/// `<name>value</name>`
fn simple(out: &mut String, name: &str, value: &str) {
    let _ = writeln!(out, "   <{name}>{}</{name}>", escape_attr(value));
}

/// A language alternative with one, default, value (`dc:title`, `dc:description`).
fn alternatives(out: &mut String, name: &str, value: &str) {
    let _ = writeln!(
        out,
        "   <{name}><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></{name}>",
        escape_attr(value)
    );
}

/// An ordered (`Seq`) or unordered (`Bag`) list; nothing when it is empty.
fn list(out: &mut String, name: &str, kind: &str, items: &[String]) {
    if items.iter().all(String::is_empty) {
        return;
    }
    let _ = write!(out, "   <{name}><rdf:{kind}>");
    for item in items.iter().filter(|i| !i.is_empty()) {
        let _ = write!(out, "<rdf:li>{}</rdf:li>", escape_attr(item));
    }
    let _ = writeln!(out, "</rdf:{kind}></{name}>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::metadata::{Metadata, Stamp};

    const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

    fn fields(meta: &Metadata) -> Fields<'_> {
        Fields {
            meta,
            producer: "Skia/PDF m156".into(),
            created: Some(Stamp {
                pdf: "D:20250115000000+00'00'".into(),
                xmp: Some("2025-01-15T00:00:00+00:00".into()),
            }),
            modified: None,
        }
    }

    /// The text of every `rdf:li` (or the element's own text) under `namespace:name`.
    fn values(doc: &roxmltree::Document<'_>, namespace: &str, name: &str) -> Vec<String> {
        let Some(node) = doc
            .descendants()
            .find(|n| n.tag_name().namespace() == Some(namespace) && n.tag_name().name() == name)
        else {
            return Vec::new();
        };
        let items: Vec<String> = node
            .descendants()
            .filter(|n| n.tag_name().namespace() == Some(RDF) && n.tag_name().name() == "li")
            .map(|n| n.text().unwrap_or("").to_string())
            .collect();
        if items.is_empty() {
            vec![node.text().unwrap_or("").to_string()]
        } else {
            items
        }
    }

    #[test]
    fn the_packet_is_well_formed_xml_that_gives_back_every_value() {
        let meta = Metadata {
            title: "A <b> & ]]> \"quoted\" 'x' — नमस्ते 世界 🌏".into(),
            authors: vec!["Ana & Bo".into(), "</rdf:li>".into()],
            subject: "<![CDATA[x]]>".into(),
            keywords: vec!["a<b".into(), "c&d".into()],
            language: "hi-IN".into(),
            dates: None,
            links: Default::default(),
        };
        let text = packet(&fields(&meta));
        let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        let dc = "http://purl.org/dc/elements/1.1/";
        assert_eq!(values(&doc, dc, "title"), vec![meta.title.clone()]);
        assert_eq!(values(&doc, dc, "creator"), meta.authors);
        assert_eq!(values(&doc, dc, "description"), vec![meta.subject.clone()]);
        assert_eq!(values(&doc, dc, "subject"), meta.keywords);
        assert_eq!(values(&doc, dc, "language"), vec!["hi-IN"]);
        let pdfuaid = "http://www.aiim.org/pdfua/ns/id/";
        assert_eq!(values(&doc, pdfuaid, "part"), vec!["1"]);
        let xmp = "http://ns.adobe.com/xap/1.0/";
        assert_eq!(values(&doc, xmp, "CreatorTool"), vec![CREATOR]);
        assert_eq!(
            values(&doc, xmp, "CreateDate"),
            vec!["2025-01-15T00:00:00+00:00"]
        );
        assert!(values(&doc, xmp, "ModifyDate").is_empty());
        let pdf = "http://ns.adobe.com/pdf/1.3/";
        assert_eq!(values(&doc, pdf, "Keywords"), vec!["a<b, c&d"]);
        assert_eq!(values(&doc, pdf, "Producer"), vec!["Skia/PDF m156"]);
    }
}
