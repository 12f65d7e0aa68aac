//! Text of common characters measured without shaping it: printable ASCII and the punctuation
//! smart punctuation writes, when the face allows. A chart's own file wraps its title, source
//! and notes by measuring every word, and most of those words (a URL, a year) are new: shaping
//! each cost about 30 k instructions. Where the face neither substitutes a text's glyphs nor
//! positions them other than by kerning a pair (`Simple::new` checks the tables), a text is
//! as wide as its glyphs' advances and the kerning of each pair of neighbours; a pair's
//! kerning is found by shaping the pair once.

use rustybuzz::ttf_parser::gdef::GlyphClass;
use rustybuzz::ttf_parser::gsub::SubstitutionSubtable;
use rustybuzz::ttf_parser::opentype_layout::LayoutTable;
use rustybuzz::ttf_parser::{Face, GlyphId, Tag};

/// The characters beyond ASCII measured this way: what smart punctuation writes.
const TYPOGRAPHIC: [char; 7] = ['‘', '’', '“', '”', '–', '—', '…'];

/// A face's simple characters: each one's glyph and advance (font units).
pub(super) struct Simple {
    ascii: [Option<Glyph>; 128],
    typographic: [Option<Glyph>; TYPOGRAPHIC.len()],
}

#[derive(Clone, Copy)]
pub(super) struct Glyph {
    pub(super) id: u16,
    pub(super) advance: u16,
}

impl Simple {
    /// The simple characters of `face`, or `None` when its positioning is more than pair
    /// kerning (or cannot be read): then every text is shaped.
    pub(super) fn new(face: &Face<'_>) -> Option<Simple> {
        if face.raw_face().table(Tag::from_bytes(b"morx")).is_some() || !kerning_only(face)? {
            return None;
        }
        let substituted = face.tables().gsub.map(|gsub| active_coverage(&gsub));
        let glyph = |c: char| -> Option<Glyph> {
            let id = face.glyph_index(c)?;
            let swapped = substituted.as_ref().is_some_and(|s| s(id));
            let mark = face
                .tables()
                .gdef
                .is_some_and(|gdef| gdef.glyph_class(id) == Some(GlyphClass::Mark));
            if swapped || mark {
                return None;
            }
            Some(Glyph {
                id: id.0,
                advance: face.glyph_hor_advance(id)?,
            })
        };
        Some(Simple {
            ascii: std::array::from_fn(|i| {
                let c = char::from(i as u8);
                (' '..='~').contains(&c).then(|| glyph(c)).flatten()
            }),
            typographic: TYPOGRAPHIC.map(glyph),
        })
    }

    /// The glyph of `c`, if it is a simple character of the face.
    pub(super) fn glyph(&self, c: char) -> Option<Glyph> {
        match u32::from(c) {
            code @ 0..0x80 => self.ascii[code as usize],
            _ => {
                let i = TYPOGRAPHIC.iter().position(|&t| t == c)?;
                self.typographic[i]
            }
        }
    }
}

/// Whether every positioning lookup of the face is pair kerning that moves only the first
/// glyph of a pair by its advance (so kerning adds up pair by pair, each glyph the first of
/// the next pair). `None` when the table cannot be read.
fn kerning_only(face: &Face<'_>) -> Option<bool> {
    let Some(gpos) = face.raw_face().table(Tag::from_bytes(b"GPOS")) else {
        // Without GPOS a `kern` table would be applied instead: not read here.
        return Some(face.raw_face().table(Tag::from_bytes(b"kern")).is_none());
    };
    let lookups = usize::from(u16_at(gpos, 8)?);
    for k in 0..usize::from(u16_at(gpos, lookups)?) {
        let lookup = lookups + usize::from(u16_at(gpos, lookups + 2 + 2 * k)?);
        let kind = u16_at(gpos, lookup)?;
        for s in 0..usize::from(u16_at(gpos, lookup + 4)?) {
            let mut table = lookup + usize::from(u16_at(gpos, lookup + 6 + 2 * s)?);
            let mut kind = kind;
            if kind == 9 {
                // An extension: the lookup type and a 32-bit offset to the subtable.
                kind = u16_at(gpos, table + 2)?;
                let high = usize::from(u16_at(gpos, table + 4)?);
                table += (high << 16) + usize::from(u16_at(gpos, table + 6)?);
            }
            // A pair adjustment (type 2) whose first value record holds only the x advance
            // (bit 0x4) and whose second holds nothing.
            let (first, second) = (u16_at(gpos, table + 4)?, u16_at(gpos, table + 6)?);
            if kind != 2 || first & !0x4 != 0 || second != 0 {
                return Some(false);
            }
        }
    }
    Some(true)
}

fn u16_at(table: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(table.get(at..at + 2)?.try_into().ok()?))
}

/// Whether a glyph is in the coverage of a substitution the shaping may apply: a lookup of
/// a feature of any script's default language (the measurement shapes with no language), or
/// a required feature.
fn active_coverage<'a>(gsub: &LayoutTable<'a>) -> impl Fn(GlyphId) -> bool + use<'a> {
    let mut subtables = Vec::new();
    for script in gsub.scripts {
        let Some(language) = script.default_language else {
            continue;
        };
        let features = language
            .required_feature
            .into_iter()
            .chain(language.feature_indices);
        for feature in features.filter_map(|f| gsub.features.get(f)) {
            for lookup in feature
                .lookup_indices
                .into_iter()
                .filter_map(|l| gsub.lookups.get(l))
            {
                for s in 0..lookup.subtables.len() {
                    // A subtable that does not parse is taken to cover every glyph.
                    subtables.push(lookup.subtables.get::<SubstitutionSubtable>(s));
                }
            }
        }
    }
    move |glyph| {
        subtables
            .iter()
            .any(|s| s.as_ref().is_none_or(|s| s.coverage().contains(glyph)))
    }
}
