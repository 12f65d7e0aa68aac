//! The chart font inlined in a chart's own file (`charts/<id>.svg`), cut down to the glyphs
//! the file draws, so that the file draws, and its layout fits, in the font it was measured
//! with wherever it is saved. Glyph ids are kept and only the outlines no text uses are
//! emptied: the character map, metrics, kerning and ligature tables stay valid as they are,
//! and are compressed once; only `glyf` and `loca` are written for each file. Packed as WOFF
//! 1.0 (the tables kept zlib-compressed) in a `data:` URI: about 9 KB a face, where the whole
//! faces are 16 KB of WOFF2 each.

use std::sync::{Arc, LazyLock, Mutex, PoisonError};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use memchr::memchr2;
use rustc_hash::FxHashMap;

use super::measure::{BOLD_TTF, REGULAR_TTF};
use crate::text::strip_tags;
use bits::Bits;
use source::{COMMON, Source};

mod bits;
mod source;
mod woff;

static REGULAR: LazyLock<Source> = LazyLock::new(|| Source::parse(REGULAR_TTF));
static BOLD: LazyLock<Source> = LazyLock::new(|| Source::parse(BOLD_TTF));

/// The `@font-face` rules of a chart's own file: both faces of the chart font, each with the
/// glyphs of every character `drawn` holds (and of the ligatures and alternate forms those
/// characters may be shaped into).
pub(crate) fn font_faces(drawn: &Drawn) -> [Arc<str>; 2] {
    [(&*REGULAR, 400), (&*BOLD, 700)].map(|(font, weight)| rule(font, weight, font.glyphs(drawn)))
}

/// The characters a chart file draws, each once (a file's text is a few thousand characters
/// of a few dozen kinds: each kind is looked up in the fonts once).
pub(crate) struct Drawn {
    /// Those below [`COMMON`], as bits.
    common: Bits,
    /// The others (rare: past the symbols the chart font has).
    other: Vec<char>,
}

impl Drawn {
    pub(crate) fn new() -> Drawn {
        Drawn {
            common: Bits::new(COMMON),
            other: Vec::new(),
        }
    }

    /// Adds the characters of `text`.
    pub(crate) fn text(&mut self, text: &str) {
        for c in text.chars() {
            if (c as usize) < COMMON {
                self.common.insert(c as usize);
            } else if !self.other.contains(&c) {
                self.other.push(c);
            }
        }
    }

    /// Adds every character drawn by the SVG markup `svg`: the text between its tags, its
    /// entities decoded (what [`strip_tags`] keeps, without making the string).
    pub(crate) fn markup(&mut self, svg: &str) {
        let bytes = svg.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            // Text runs to the next `<` (a `>` outside a tag is dropped, as `strip_tags` does).
            let end = memchr2(b'<', b'>', &bytes[at..]).map_or(bytes.len(), |i| at + i);
            let text = &svg[at..end];
            if text.contains('&') {
                // An entity is decoded in the text as `strip_tags` joins it; none comes before
                // this run, so the rest read that way adds what the whole would.
                self.text(&strip_tags(&svg[at..]));
                return;
            }
            self.text(text);
            at = end;
            match bytes.get(at) {
                Some(b'<') => match memchr::memchr(b'>', &bytes[at..]) {
                    Some(i) => at += i + 1,
                    None => return,
                },
                Some(_) => at += 1,
                None => {}
            }
        }
    }
}

/// The finished `@font-face` rule of a face cut to a glyph set: charts of one brief often
/// draw the same glyphs (their digits, axis words and titles in one alphabet), and a rule is
/// the same bytes whenever its glyph set is. The fonts are built into the program, so a rule
/// never goes stale; `brief serve` reuses them across rebuilds, and the cache is emptied when
/// it holds [`CACHED`] rules (about 12 kB each), so it never grows past a few megabytes.
static RULES: LazyLock<Mutex<Rules>> = LazyLock::new(Mutex::default);
/// Rules by weight and glyph set.
type Rules = FxHashMap<(u16, Bits), Arc<str>>;
const CACHED: usize = 256;

fn rule(font: &Source, weight: u16, keep: Bits) -> Arc<str> {
    let key = (weight, keep);
    let cached = RULES
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(&key)
        .cloned();
    if let Some(rule) = cached {
        return rule;
    }
    // Made outside the lock: two threads may make one rule twice, never wait on each other.
    let rule: Arc<str> = make_rule(font, weight, &key.1).into();
    let mut rules = RULES.lock().unwrap_or_else(PoisonError::into_inner);
    if rules.len() >= CACHED {
        rules.clear();
    }
    rules.insert(key, Arc::clone(&rule));
    rule
}

fn make_rule(font: &Source, weight: u16, keep: &Bits) -> String {
    let woff = font.subset(keep);
    let mut rule = String::with_capacity(woff.len() / 3 * 4 + 200);
    rule.push_str("@font-face { font-family: \"Brief Chart Sans\"; font-weight: ");
    rule.push_str(&weight.to_string());
    rule.push_str("; font-style: normal; src: url(\"data:font/woff;base64,");
    STANDARD.encode_string(&woff, &mut rule);
    rule.push_str("\") format(\"woff\"); }\n");
    rule
}

#[cfg(test)]
mod tests {
    use rustybuzz::ttf_parser::GlyphId;

    use super::woff::unpack;
    use super::*;

    fn drawn(texts: &[&str]) -> Drawn {
        let mut drawn = Drawn::new();
        for text in texts {
            drawn.text(text);
        }
        drawn
    }

    /// The subset draws what it was cut for as the whole face does: the same glyphs, at the
    /// same advances, kerned alike (checked by shaping with the WOFF's tables unpacked), and
    /// no outline it does not need.
    #[test]
    fn a_subset_keeps_the_glyphs_its_text_needs_and_only_those() {
        let text = "Défense finance: 1,234 AV Wa office Ţară";
        for (source, ttf) in [(&*REGULAR, REGULAR_TTF), (&*BOLD, BOLD_TTF)] {
            let woff = source.subset(&source.glyphs(&drawn(&[text])));
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
        let drawn = drawn(&["baab", "Ţ\u{10000}a", "\u{10000}\u{3000}"]);
        assert_eq!(drawn.common.iter().collect::<Vec<_>>(), [0x61, 0x62, 0x162]);
        assert_eq!(drawn.other, ['\u{10000}', '\u{3000}']);
    }

    #[test]
    fn drawn_text_is_what_is_between_the_tags() {
        let mut drawn = Drawn::new();
        drawn.markup("<text class=\"q\" x=\"1\">Zä &amp;</text><title>k</title>");
        let chars: String = drawn
            .common
            .iter()
            .filter_map(|c| char::from_u32(c as u32))
            .collect();
        assert_eq!(chars, " &Zkä");
    }

    proptest::proptest! {
        /// Markup read in place adds the characters `strip_tags` leaves, whatever the tags,
        /// stray brackets and entities (whole, broken or across a tag).
        #[test]
        fn markup_adds_what_strip_tags_leaves(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just("<t a=\"x>y\">".to_string()),
                    proptest::strategy::Just("&amp;".to_string()),
                    proptest::strategy::Just("&#x1F600;".to_string()),
                    "[<>&;a-c é#x0-9\u{10000}]{0,3}",
                ],
                0..12,
            )
        ) {
            let svg = parts.concat();
            let mut read = Drawn::new();
            read.markup(&svg);
            let stripped = drawn(&[&strip_tags(&svg)]);
            proptest::prop_assert_eq!(&read.common, &stripped.common, "{:?}", svg);
            let mut other = read.other.clone();
            other.sort_unstable();
            let mut expected = stripped.other.clone();
            expected.sort_unstable();
            proptest::prop_assert_eq!(other, expected);
        }
    }

    /// A rule is the same whether made or found in the cache, and the cache stays bounded.
    #[test]
    fn a_cached_rule_is_the_rule_made_afresh() {
        let text = drawn(&["Cached: 42 %"]);
        let keep = REGULAR.glyphs(&text);
        let first = rule(&REGULAR, 400, keep.clone());
        let again = rule(&REGULAR, 400, keep.clone());
        assert_eq!(*first, *make_rule(&REGULAR, 400, &keep));
        assert!(Arc::ptr_eq(&first, &again) || *first == *again);
        let bold = rule(&BOLD, 700, BOLD.glyphs(&text));
        assert_ne!(*first, *bold, "the faces are told apart");
        for n in 0..CACHED + 8 {
            rule(&REGULAR, 400, REGULAR.glyphs(&drawn(&[&n.to_string()])));
            let held = RULES.lock().unwrap_or_else(PoisonError::into_inner).len();
            assert!(held <= CACHED, "{held} rules held");
        }
    }

    struct Sink;
    impl rustybuzz::ttf_parser::OutlineBuilder for Sink {
        fn move_to(&mut self, _: f32, _: f32) {}
        fn line_to(&mut self, _: f32, _: f32) {}
        fn quad_to(&mut self, _: f32, _: f32, _: f32, _: f32) {}
        fn curve_to(&mut self, _: f32, _: f32, _: f32, _: f32, _: f32, _: f32) {}
        fn close(&mut self) {}
    }
}
