//! The chart font inlined in a chart's own file (`charts/<id>.svg`), cut down to the glyphs
//! the file draws, so that the file draws, and its layout fits, in the font it was measured
//! with wherever it is saved. Glyph ids are kept and only the outlines no text uses are
//! emptied: the character map, metrics, kerning and ligature tables stay valid as they are,
//! and are compressed once; only `glyf` and `loca` are written for each file. Packed as WOFF
//! 1.0 (the tables kept zlib-compressed) in a `data:` URI: about 9 KB a face, where the whole
//! faces are 16 KB of WOFF2 each.

use std::collections::BTreeSet;
use std::io::Write as _;
use std::sync::LazyLock;

use flate2::Compression;
use flate2::write::ZlibEncoder;
use rustybuzz::ttf_parser::gsub::{SingleSubstitution, SubstitutionSubtable};
use rustybuzz::ttf_parser::{Face, GlyphId};

use super::measure::{BOLD_TTF, REGULAR_TTF};
use crate::text::{base64, strip_tags};

/// The `@font-face` rules of a chart's own file: both faces of the chart font, each with the
/// glyphs of every character in `texts` (and of the ligatures and alternate forms those
/// characters may be shaped into).
pub(crate) fn font_faces<'a>(texts: impl IntoIterator<Item = &'a str>) -> String {
    let chars = distinct(texts);
    let mut out = String::new();
    for (font, weight) in [(&*REGULAR, 400), (&*BOLD, 700)] {
        let woff = font.subset(&chars);
        out.push_str(&format!(
            "@font-face {{ font-family: \"Brief Chart Sans\"; font-weight: {weight}; font-style: normal; src: url(\"data:font/woff;base64,{}\") format(\"woff\"); }}\n",
            base64(&woff)
        ));
    }
    out
}

/// The characters of `texts`, each once (a chart file's text is a few thousand characters of
/// a few dozen kinds: each is looked up in the fonts once).
fn distinct<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<char> {
    const COMMON: usize = 0x2400; // to the end of the symbols the chart font has
    let mut seen = vec![0u64; COMMON / 64];
    let mut other = Vec::new();
    for c in texts.into_iter().flat_map(str::chars) {
        let i = c as usize;
        match seen.get_mut(i / 64) {
            Some(word) => *word |= 1 << (i % 64),
            None => other.push(c),
        }
    }
    other.sort_unstable();
    other.dedup();
    let common = (0..COMMON)
        .filter(|i| seen[i / 64] & (1 << (i % 64)) != 0)
        .filter_map(|i| char::from_u32(i as u32));
    common.chain(other).collect()
}

/// Every character drawn by the SVG markup `svg`: the text between its tags, its entities
/// decoded.
pub(crate) fn drawn_text(svg: &str) -> String {
    strip_tags(svg)
}

static REGULAR: LazyLock<Source> = LazyLock::new(|| Source::parse(REGULAR_TTF));
static BOLD: LazyLock<Source> = LazyLock::new(|| Source::parse(BOLD_TTF));

/// One face of the chart font, read once: every table but `glyf` and `loca` ready for WOFF.
struct Source {
    face: Face<'static>,
    flavor: u32,
    /// The tables kept as they are, compressed.
    fixed: Vec<WoffTable>,
    glyf: &'static [u8],
    /// Where each glyph's outline starts in `glyf` (one more than the glyphs: the end).
    loca: Vec<usize>,
    long_loca: bool,
}

/// A table as WOFF stores it.
struct WoffTable {
    tag: [u8; 4],
    checksum: u32,
    orig_len: usize,
    /// zlib-compressed, or the table as it is when that is no smaller.
    data: Vec<u8>,
}

impl WoffTable {
    /// A table compressed (once for the font, when it is read).
    fn new(tag: [u8; 4], checksum: u32, table: &[u8]) -> WoffTable {
        let mut z = ZlibEncoder::new(Vec::with_capacity(table.len() / 2), Compression::best());
        let compressed = z.write_all(table).and_then(|()| z.finish()).ok();
        let data = match compressed {
            Some(c) if c.len() < table.len() => c,
            _ => table.to_vec(),
        };
        WoffTable {
            tag,
            checksum,
            orig_len: table.len(),
            data,
        }
    }

    /// A table stored uncompressed.
    fn stored(tag: [u8; 4], table: Vec<u8>) -> WoffTable {
        WoffTable {
            tag,
            checksum: checksum(&table),
            orig_len: table.len(),
            data: table,
        }
    }
}

fn u16_at(b: &[u8], at: usize) -> usize {
    usize::from(u16::from_be_bytes([b[at], b[at + 1]]))
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_be_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

/// The OpenType checksum of a table: the sum of its big-endian words, zero-padded.
fn checksum(table: &[u8]) -> u32 {
    table.chunks(4).fold(0u32, |sum, word| {
        let mut w = [0u8; 4];
        w[..word.len()].copy_from_slice(word);
        sum.wrapping_add(u32::from_be_bytes(w))
    })
}

impl Source {
    /// Reads the embedded font (a font that does not parse is a bug in the build: the tests
    /// subset both faces).
    fn parse(bytes: &'static [u8]) -> Source {
        let face = Face::parse(bytes, 0).expect("the embedded chart font parses");
        let tables = u16_at(bytes, 4);
        let mut fixed = Vec::new();
        let (mut glyf, mut loca, mut long_loca) = (&bytes[..0], &bytes[..0], false);
        let glyphs = usize::from(face.number_of_glyphs());
        for i in 0..tables {
            let record = 12 + 16 * i;
            let tag: [u8; 4] = bytes[record..record + 4].try_into().expect("four bytes");
            let (offset, len) = (
                u32_at(bytes, record + 8) as usize,
                u32_at(bytes, record + 12) as usize,
            );
            let table = &bytes[offset..offset + len];
            match &tag {
                b"glyf" => glyf = table,
                b"loca" => loca = table,
                _ => {
                    if &tag == b"head" {
                        long_loca = u16_at(table, 50) == 1;
                    }
                    fixed.push(WoffTable::new(tag, u32_at(bytes, record + 4), table));
                }
            }
        }
        let loca = (0..=glyphs)
            .map(|g| {
                if long_loca {
                    u32_at(loca, 4 * g) as usize
                } else {
                    2 * u16_at(loca, 2 * g)
                }
            })
            .collect();
        Source {
            flavor: u32_at(bytes, 0),
            face,
            fixed,
            glyf,
            loca,
            long_loca,
        }
    }

    /// The face as WOFF, with the outlines of the glyphs `chars` need and no others.
    fn subset(&self, chars: &[char]) -> Vec<u8> {
        let keep = self.glyphs(chars);
        let mut glyf = Vec::new();
        let mut loca = Vec::with_capacity(self.loca.len() * 4);
        for g in 0..self.loca.len() - 1 {
            let offset = glyf.len();
            if self.long_loca {
                loca.extend_from_slice(&(offset as u32).to_be_bytes());
            } else {
                loca.extend_from_slice(&((offset / 2) as u16).to_be_bytes());
            }
            if keep.contains(&(g as u16)) {
                glyf.extend_from_slice(&self.glyf[self.loca[g]..self.loca[g + 1]]);
            }
        }
        if self.long_loca {
            loca.extend_from_slice(&(glyf.len() as u32).to_be_bytes());
        } else {
            loca.extend_from_slice(&((glyf.len() / 2) as u16).to_be_bytes());
        }
        // Stored as they are: compressing them for every file cost more time than the rest
        // of the build's work on the file (a zlib stream sets up tens of kB of tables).
        let made = [
            WoffTable::stored(*b"glyf", glyf),
            WoffTable::stored(*b"loca", loca),
        ];
        let mut tables: Vec<&WoffTable> = self.fixed.iter().chain(&made).collect();
        tables.sort_by_key(|t| t.tag);
        woff(self.flavor, &tables)
    }

    /// The glyphs `chars` are drawn with: each character's, the ligatures and alternate forms
    /// they may become, the parts of composite glyphs (accented letters), and `.notdef`.
    fn glyphs(&self, chars: &[char]) -> BTreeSet<u16> {
        let mut keep = BTreeSet::from([0u16]);
        keep.extend(
            chars
                .iter()
                .filter_map(|&c| self.face.glyph_index(c))
                .map(|g| g.0),
        );
        // Substitutions can feed one another: until nothing is added.
        while let Some(added) = self
            .substitutes(&keep)
            .filter(|added| !added.is_subset(&keep))
        {
            keep.extend(added);
        }
        let mut parts: Vec<u16> = keep.iter().copied().collect();
        while let Some(g) = parts.pop() {
            for part in self.components(g) {
                if keep.insert(part) {
                    parts.push(part);
                }
            }
        }
        keep
    }

    /// What the font's substitutions (GSUB) may turn the glyphs of `keep` into.
    fn substitutes(&self, keep: &BTreeSet<u16>) -> Option<BTreeSet<u16>> {
        let gsub = self.face.tables().gsub?;
        let mut out = BTreeSet::new();
        for lookup in gsub.lookups {
            for subtable in lookup.subtables.into_iter::<SubstitutionSubtable>() {
                for &g in keep {
                    let glyph = GlyphId(g);
                    match &subtable {
                        SubstitutionSubtable::Single(SingleSubstitution::Format1 {
                            coverage,
                            delta,
                        }) if coverage.contains(glyph) => {
                            out.insert(g.wrapping_add_signed(*delta));
                        }
                        SubstitutionSubtable::Single(SingleSubstitution::Format2 {
                            coverage,
                            substitutes,
                        }) => {
                            let found = coverage.get(glyph).and_then(|i| substitutes.get(i));
                            out.extend(found.map(|s| s.0));
                        }
                        SubstitutionSubtable::Multiple(m) => {
                            let found = m.coverage.get(glyph).and_then(|i| m.sequences.get(i));
                            out.extend(found.into_iter().flat_map(|s| s.substitutes).map(|s| s.0));
                        }
                        SubstitutionSubtable::Alternate(a) => {
                            let found = a.coverage.get(glyph).and_then(|i| a.alternate_sets.get(i));
                            out.extend(found.into_iter().flat_map(|s| s.alternates).map(|s| s.0));
                        }
                        SubstitutionSubtable::Ligature(l) => {
                            let found = l.coverage.get(glyph).and_then(|i| l.ligature_sets.get(i));
                            for ligature in found.into_iter().flatten() {
                                if ligature.components.into_iter().all(|c| keep.contains(&c.0)) {
                                    out.insert(ligature.glyph.0);
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
        Some(out)
    }

    /// The glyphs a composite glyph is drawn from (none for a simple one).
    fn components(&self, g: u16) -> Vec<u16> {
        let Some(outline) = self
            .loca
            .get(usize::from(g)..usize::from(g) + 2)
            .map(|ends| &self.glyf[ends[0]..ends[1]])
        else {
            return Vec::new();
        };
        // A composite glyph has a negative contour count; its components follow the header.
        if outline.len() < 10 || i16::from_be_bytes([outline[0], outline[1]]) >= 0 {
            return Vec::new();
        }
        let mut parts = Vec::new();
        let mut at = 10;
        while at + 4 <= outline.len() {
            let flags = u16_at(outline, at);
            parts.push(u16_at(outline, at + 2) as u16);
            at += 4 + if flags & 0x1 != 0 { 4 } else { 2 };
            at += if flags & 0x8 != 0 {
                2
            } else if flags & 0x40 != 0 {
                4
            } else if flags & 0x80 != 0 {
                8
            } else {
                0
            };
            if flags & 0x20 == 0 {
                break;
            }
        }
        parts
    }
}

/// A WOFF 1.0 file of `tables` (sorted by tag).
fn woff(flavor: u32, tables: &[&WoffTable]) -> Vec<u8> {
    let pad4 = |n: usize| n.next_multiple_of(4);
    let header = 44 + 20 * tables.len();
    let sfnt_size = 12 + 16 * tables.len() + tables.iter().map(|t| pad4(t.orig_len)).sum::<usize>();
    let mut offsets = Vec::with_capacity(tables.len());
    let mut end = header;
    for t in tables {
        offsets.push(end);
        end = pad4(end + t.data.len());
    }
    let mut out = Vec::with_capacity(end);
    let put = |out: &mut Vec<u8>, v: u32| out.extend_from_slice(&v.to_be_bytes());
    put(&mut out, u32::from_be_bytes(*b"wOFF"));
    put(&mut out, flavor);
    put(&mut out, end as u32);
    out.extend_from_slice(&(tables.len() as u16).to_be_bytes());
    out.extend_from_slice(&[0, 0]);
    put(&mut out, sfnt_size as u32);
    out.extend_from_slice(&[0, 1, 0, 0]); // version 1.0
    for _ in 0..5 {
        put(&mut out, 0); // no metadata, no private data
    }
    for (t, offset) in tables.iter().zip(&offsets) {
        out.extend_from_slice(&t.tag);
        put(&mut out, *offset as u32);
        put(&mut out, t.data.len() as u32);
        put(&mut out, t.orig_len as u32);
        put(&mut out, t.checksum);
    }
    for t in tables {
        out.extend_from_slice(&t.data);
        out.resize(pad4(out.len()), 0);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The subset draws what it was cut for as the whole face does: the same glyphs, at the
    /// same advances, kerned alike (checked by shaping with the WOFF's tables unpacked), and
    /// no outline it does not need.
    #[test]
    fn a_subset_keeps_the_glyphs_its_text_needs_and_only_those() {
        let text = "Défense finance: 1,234 AV Wa office Ţară";
        for (source, ttf) in [(&*REGULAR, REGULAR_TTF), (&*BOLD, BOLD_TTF)] {
            let woff = source.subset(&distinct([text]));
            let sfnt = unpack(&woff);
            let subset = rustybuzz::Face::from_slice(&sfnt, 0).expect("the subset parses");
            let whole = rustybuzz::Face::from_slice(ttf, 0).unwrap();
            let shaped = |face: &rustybuzz::Face<'_>| {
                let mut buffer = rustybuzz::UnicodeBuffer::new();
                buffer.push_str(text);
                let glyphs = rustybuzz::shape(face, &[], buffer);
                glyphs
                    .glyph_infos()
                    .iter()
                    .zip(glyphs.glyph_positions())
                    .map(|(i, p)| (i.glyph_id, p.x_advance))
                    .collect::<Vec<_>>()
            };
            assert_eq!(shaped(&subset), shaped(&whole));
            // Every glyph drawn has its outline; a letter not in the text has none.
            for (g, _) in shaped(&subset) {
                let g = GlyphId(g as u16);
                assert_eq!(
                    subset.outline_glyph(g, &mut Sink).is_some(),
                    whole.outline_glyph(g, &mut Sink).is_some()
                );
            }
            let q = subset.glyph_index('q').unwrap();
            assert!(subset.outline_glyph(q, &mut Sink).is_none());
            assert!(woff.len() < 8_000, "{} bytes", woff.len());
        }
    }

    #[test]
    fn each_character_is_looked_up_once() {
        assert_eq!(
            distinct(["baab", "Ţ\u{10000}a", "\u{10000}\u{3000}"]),
            ['a', 'b', 'Ţ', '\u{3000}', '\u{10000}']
        );
    }

    #[test]
    fn drawn_text_is_what_is_between_the_tags() {
        let text = drawn_text("<text class=\"q\" x=\"1\">Zä &amp;</text><title>k</title>");
        assert!(text.contains("Zä &") && text.contains('k'));
        assert!(!text.contains('q') && !text.contains('x'));
    }

    struct Sink;
    impl rustybuzz::ttf_parser::OutlineBuilder for Sink {
        fn move_to(&mut self, _: f32, _: f32) {}
        fn line_to(&mut self, _: f32, _: f32) {}
        fn quad_to(&mut self, _: f32, _: f32, _: f32, _: f32) {}
        fn curve_to(&mut self, _: f32, _: f32, _: f32, _: f32, _: f32, _: f32) {}
        fn close(&mut self) {}
    }

    /// The font a WOFF 1.0 file packs, as a browser unpacks it.
    fn unpack(woff: &[u8]) -> Vec<u8> {
        use std::io::Read as _;
        assert_eq!(&woff[..4], b"wOFF");
        assert_eq!(u32_at(woff, 8) as usize, woff.len());
        let n = u16_at(woff, 12);
        let mut dir = Vec::new();
        let mut data = Vec::new();
        let mut at = 12 + 16 * n;
        for i in 0..n {
            let e = 44 + 20 * i;
            let (offset, comp, orig) = (
                u32_at(woff, e + 4) as usize,
                u32_at(woff, e + 8) as usize,
                u32_at(woff, e + 12) as usize,
            );
            let mut table = woff[offset..offset + comp].to_vec();
            if comp < orig {
                let mut raw = Vec::new();
                flate2::read::ZlibDecoder::new(&table[..])
                    .read_to_end(&mut raw)
                    .unwrap();
                table = raw;
            }
            assert_eq!(table.len(), orig);
            // (`head`'s is summed with its checksum adjustment as zero.)
            if &woff[e..e + 4] != b"head" {
                assert_eq!(checksum(&table), u32_at(woff, e + 16));
            }
            dir.extend_from_slice(&woff[e..e + 4]);
            dir.extend_from_slice(&woff[e + 16..e + 20]);
            dir.extend_from_slice(&(at as u32).to_be_bytes());
            dir.extend_from_slice(&(orig as u32).to_be_bytes());
            table.resize(table.len().next_multiple_of(4), 0);
            at += table.len();
            data.extend(table);
        }
        assert_eq!(u32_at(woff, 16) as usize, at);
        let mut sfnt = woff[4..8].to_vec();
        sfnt.extend_from_slice(&(n as u16).to_be_bytes());
        sfnt.extend_from_slice(&[0; 6]);
        sfnt.extend(dir);
        sfnt.extend(data);
        sfnt
    }
}
