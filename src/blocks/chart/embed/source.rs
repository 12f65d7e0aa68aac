//! One face of the chart font, read once into what cutting it for a file needs: the tables
//! kept as they are (compressed), the outlines, and the glyph closure's rules (characters to
//! glyphs, substitutions, composite parts) as plain lists, so that a file's glyph set is a
//! few bit operations away from its characters.

use rustybuzz::ttf_parser::gsub::{SingleSubstitution, SubstitutionSubtable};
use rustybuzz::ttf_parser::{Face, GlyphId};

use super::Drawn;
use super::bits::Bits;
use super::woff::{WoffTable, u16_at, u32_at, woff};

/// The characters looked up in a table rather than in the font's `cmap` (those below: to the
/// end of the symbols the chart font has).
pub(super) const COMMON: usize = 0x2400;

pub(super) struct Source {
    face: Face<'static>,
    flavor: u32,
    /// The glyph of each character below [`COMMON`] (0, `.notdef`, for none).
    cmap: Vec<u16>,
    /// What each glyph may be substituted with, one glyph for one (GSUB single, multiple and
    /// alternate substitutions).
    swaps: Vec<(u16, u16)>,
    ligatures: Vec<Ligature>,
    /// The glyphs each composite glyph is drawn from, parts of parts included.
    parts: Vec<Vec<u16>>,
    /// The tables kept as they are, compressed.
    fixed: Vec<WoffTable>,
    glyf: &'static [u8],
    /// Where each glyph's outline starts in `glyf` (one more than the glyphs: the end).
    loca: Vec<usize>,
    long_loca: bool,
}

/// A ligature: `first` followed by `rest` may become `glyph`.
struct Ligature {
    first: u16,
    rest: Vec<u16>,
    glyph: u16,
}

impl Source {
    /// Reads the embedded font (a font that does not parse is a bug in the build: the tests
    /// subset both faces).
    pub(super) fn parse(bytes: &'static [u8]) -> Source {
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
                    fixed.push((tag, u32_at(bytes, record + 4), table));
                }
            }
        }
        let loca: Vec<usize> = (0..=glyphs)
            .map(|g| {
                if long_loca {
                    u32_at(loca, 4 * g) as usize
                } else {
                    2 * u16_at(loca, 2 * g)
                }
            })
            .collect();
        let (swaps, ligatures) = substitutions(&face);
        let parts = (0..glyphs).map(|g| all_parts(glyf, &loca, g)).collect();
        Source {
            flavor: u32_at(bytes, 0),
            cmap: cmap(&face),
            swaps,
            ligatures,
            parts,
            face,
            fixed: WoffTable::compressed(fixed),
            glyf,
            loca,
            long_loca,
        }
    }

    /// The glyphs `drawn` is drawn with: each character's, the ligatures and alternate forms
    /// they may become, the parts of composite glyphs (accented letters), and `.notdef`.
    pub(super) fn glyphs(&self, drawn: &Drawn) -> Bits {
        let mut keep = Bits::new(self.loca.len() - 1);
        keep.insert(0);
        for c in drawn.common.iter() {
            keep.insert(usize::from(self.cmap[c]));
        }
        for &c in &drawn.other {
            if let Some(g) = self.face.glyph_index(c) {
                keep.insert(usize::from(g.0));
            }
        }
        // Substitutions can feed one another: until nothing is added.
        loop {
            let mut added = false;
            for &(from, to) in &self.swaps {
                if keep.has(usize::from(from)) {
                    added |= keep.insert(usize::from(to));
                }
            }
            for l in &self.ligatures {
                let all = || l.rest.iter().all(|&c| keep.has(usize::from(c)));
                if keep.has(usize::from(l.first)) && !keep.has(usize::from(l.glyph)) && all() {
                    added |= keep.insert(usize::from(l.glyph));
                }
            }
            if !added {
                break;
            }
        }
        let composite: Vec<usize> = keep.iter().filter(|&g| !self.parts[g].is_empty()).collect();
        for g in composite {
            for &part in &self.parts[g] {
                keep.insert(usize::from(part));
            }
        }
        keep
    }

    /// The face as WOFF, with the outlines of the glyphs `keep` and no others.
    pub(super) fn subset(&self, keep: &Bits) -> Vec<u8> {
        let glyphs = self.loca.len() - 1;
        let mut glyf = Vec::with_capacity(self.glyf.len());
        let mut loca = Vec::with_capacity((glyphs + 1) * if self.long_loca { 4 } else { 2 });
        let put = |loca: &mut Vec<u8>, offset: usize| {
            if self.long_loca {
                loca.extend_from_slice(&(offset as u32).to_be_bytes());
            } else {
                loca.extend_from_slice(&((offset / 2) as u16).to_be_bytes());
            }
        };
        for g in 0..glyphs {
            put(&mut loca, glyf.len());
            if keep.has(g) {
                glyf.extend_from_slice(&self.glyf[self.loca[g]..self.loca[g + 1]]);
            }
        }
        put(&mut loca, glyf.len());
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
}

/// The glyph of each character below [`COMMON`], as `Face::glyph_index` finds it: looked up
/// for the characters some `cmap` subtable lists (a character none lists has no glyph).
fn cmap(face: &Face<'_>) -> Vec<u16> {
    let mut table = vec![0u16; COMMON];
    for subtable in face.tables().cmap.into_iter().flat_map(|c| c.subtables) {
        subtable.codepoints(|cp| {
            let glyph = char::from_u32(cp).and_then(|c| face.glyph_index(c));
            if let (Some(slot), Some(g)) = (table.get_mut(cp as usize), glyph) {
                *slot = g.0;
            }
        });
    }
    table
}

/// The font's substitutions (GSUB), whatever their lookup: a glyph for a glyph, and
/// ligatures.
fn substitutions(face: &Face<'_>) -> (Vec<(u16, u16)>, Vec<Ligature>) {
    let (mut swaps, mut ligatures) = (Vec::new(), Vec::new());
    let Some(gsub) = face.tables().gsub else {
        return (swaps, ligatures);
    };
    let glyphs = face.number_of_glyphs();
    for lookup in gsub.lookups {
        for subtable in lookup.subtables.into_iter::<SubstitutionSubtable>() {
            for g in 0..glyphs {
                let glyph = GlyphId(g);
                let mut to = |s: GlyphId| swaps.push((g, s.0));
                match &subtable {
                    SubstitutionSubtable::Single(SingleSubstitution::Format1 {
                        coverage,
                        delta,
                    }) if coverage.contains(glyph) => to(GlyphId(g.wrapping_add_signed(*delta))),
                    SubstitutionSubtable::Single(SingleSubstitution::Format2 {
                        coverage,
                        substitutes,
                    }) => coverage
                        .get(glyph)
                        .and_then(|i| substitutes.get(i))
                        .into_iter()
                        .for_each(to),
                    SubstitutionSubtable::Multiple(m) => {
                        let found = m.coverage.get(glyph).and_then(|i| m.sequences.get(i));
                        found.into_iter().flat_map(|s| s.substitutes).for_each(to);
                    }
                    SubstitutionSubtable::Alternate(a) => {
                        let found = a.coverage.get(glyph).and_then(|i| a.alternate_sets.get(i));
                        found.into_iter().flat_map(|s| s.alternates).for_each(to);
                    }
                    SubstitutionSubtable::Ligature(l) => {
                        let found = l.coverage.get(glyph).and_then(|i| l.ligature_sets.get(i));
                        for ligature in found.into_iter().flatten() {
                            ligatures.push(Ligature {
                                first: g,
                                rest: ligature.components.into_iter().map(|c| c.0).collect(),
                                glyph: ligature.glyph.0,
                            });
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    (swaps, ligatures)
}

/// The glyphs glyph `g` is drawn from, parts of parts included (none for a simple glyph).
fn all_parts(glyf: &[u8], loca: &[usize], g: usize) -> Vec<u16> {
    let mut all = Vec::new();
    let mut todo = components(glyf, loca, g);
    while let Some(part) = todo.pop() {
        if !all.contains(&part) {
            all.push(part);
            todo.extend(components(glyf, loca, usize::from(part)));
        }
    }
    all
}

/// The glyphs a composite glyph is drawn from (none for a simple one).
fn components(glyf: &[u8], loca: &[usize], g: usize) -> Vec<u16> {
    let Some(outline) = loca.get(g..g + 2).map(|ends| &glyf[ends[0]..ends[1]]) else {
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

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::super::{BOLD_TTF, REGULAR_TTF};
    use super::*;

    #[test]
    fn the_character_table_agrees_with_the_fonts_cmap() {
        for ttf in [REGULAR_TTF, BOLD_TTF] {
            let face = Face::parse(ttf, 0).unwrap();
            let table = cmap(&face);
            for cp in 0..COMMON as u32 {
                let found = char::from_u32(cp).and_then(|c| face.glyph_index(c));
                assert_eq!(table[cp as usize], found.map_or(0, |g| g.0), "U+{cp:04X}");
            }
        }
    }

    /// The glyph set as the font's tables give it, looked up for every glyph kept, round after
    /// round until nothing is added: slow and plain, to check the rules read once against.
    fn glyphs_by_lookups(face: &Face<'_>, text: &str) -> BTreeSet<u16> {
        let mut keep = BTreeSet::from([0u16]);
        keep.extend(
            text.chars()
                .filter_map(|c| face.glyph_index(c))
                .map(|g| g.0),
        );
        let gsub = face.tables().gsub.unwrap();
        loop {
            let mut out = BTreeSet::new();
            for lookup in gsub.lookups {
                for subtable in lookup.subtables.into_iter::<SubstitutionSubtable>() {
                    for &g in &keep {
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
                                out.extend(
                                    found.into_iter().flat_map(|s| s.substitutes).map(|s| s.0),
                                );
                            }
                            SubstitutionSubtable::Alternate(a) => {
                                let found =
                                    a.coverage.get(glyph).and_then(|i| a.alternate_sets.get(i));
                                out.extend(
                                    found.into_iter().flat_map(|s| s.alternates).map(|s| s.0),
                                );
                            }
                            SubstitutionSubtable::Ligature(l) => {
                                let found =
                                    l.coverage.get(glyph).and_then(|i| l.ligature_sets.get(i));
                                for ligature in found.into_iter().flatten() {
                                    if ligature.components.into_iter().all(|c| keep.contains(&c.0))
                                    {
                                        out.insert(ligature.glyph.0);
                                    }
                                }
                            }
                            _ => {}
                        }
                    }
                }
            }
            if out.is_subset(&keep) {
                break;
            }
            keep.extend(out);
        }
        let (glyf, loca) = (REGULAR.glyf, &REGULAR.loca);
        let mut todo: Vec<u16> = keep.iter().copied().collect();
        while let Some(g) = todo.pop() {
            for part in components(glyf, loca, usize::from(g)) {
                if keep.insert(part) {
                    todo.push(part);
                }
            }
        }
        keep
    }

    static REGULAR: std::sync::LazyLock<Source> =
        std::sync::LazyLock::new(|| Source::parse(REGULAR_TTF));

    proptest::proptest! {
        /// The glyph set made from the rules read once is the one the font's tables give.
        #[test]
        fn the_glyph_set_is_the_one_the_tables_give(
            text in "[a-zA-Z0-9 .,:%()\u{2013}\u{2212}fiflÀ-ÿĀ-ſ]{0,40}"
        ) {
            let face = Face::parse(REGULAR_TTF, 0).unwrap();
            let mut drawn = Drawn::new();
            drawn.text(&text);
            let got: BTreeSet<u16> = REGULAR.glyphs(&drawn).iter().map(|g| g as u16).collect();
            proptest::prop_assert_eq!(got, glyphs_by_lookups(&face, &text));
        }
    }
}
