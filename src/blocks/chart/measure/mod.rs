//! Text measured with the font it renders in: the chart font the theme ships (Noto Sans,
//! subset by `scripts/subset-font`; the browser loads the same glyphs from
//! `static/fonts/*.woff2`), shaped with rustybuzz as Chromium shapes it with HarfBuzz
//! (kerning included), so a label that fits in the layout fits on the page.
//!
//! Characters the subset lacks (Devanagari, CJK, …) are drawn in a system font the layout
//! cannot know: they are measured with a conservative estimate.

mod simple;

use std::sync::LazyLock;

use rustybuzz::{Direction, Face, ShapePlan, UnicodeBuffer, script};
use simple::Simple;

/// The chart font's weights: CSS `font-weight` 600 and above draws the bold face (the theme
/// ships only 400 and 700).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Weight {
    Regular,
    Bold,
}

/// One face of the chart font, with its shaping plan: every text it draws is shaped as Latin,
/// left to right, with the default features (making the plan once, not for each label, is
/// most of what keeps measuring cheap).
struct Font {
    face: Face<'static>,
    plan: ShapePlan,
    /// The characters measured without shaping, when the face allows it.
    simple: Option<Simple>,
}

/// The faces, as `scripts/subset-font` makes them (also inlined, cut down, in a chart's own
/// file: `embed.rs`).
pub(super) const REGULAR_TTF: &[u8] = include_bytes!("../../../../fonts/brief-chart-regular.ttf");
pub(super) const BOLD_TTF: &[u8] = include_bytes!("../../../../fonts/brief-chart-bold.ttf");

static REGULAR: LazyLock<Font> = LazyLock::new(|| load(REGULAR_TTF));
static BOLD: LazyLock<Font> = LazyLock::new(|| load(BOLD_TTF));

/// The embedded font, parsed once (the tests parse both: a font that does not parse is a bug
/// in the build, never in a brief).
fn load(bytes: &'static [u8]) -> Font {
    let face = Face::from_slice(bytes, 0).expect("the embedded chart font parses");
    let plan = ShapePlan::new(
        &face,
        Direction::LeftToRight,
        Some(script::LATIN),
        None,
        &[],
    );
    let simple = Simple::new(&face);
    Font { face, plan, simple }
}

fn font(weight: Weight) -> &'static Font {
    match weight {
        Weight::Regular => &REGULAR,
        Weight::Bold => &BOLD,
    }
}

/// Advance of a character the chart font lacks, in ems: wider than most glyphs of any system
/// sans (Devanagari's widest consonants are about 0.75 em), and a full em for the scripts
/// drawn on a square (CJK, Hangul, full-width forms).
const FALLBACK_EM: f64 = 0.8;
const FALLBACK_WIDE_EM: f64 = 1.0;
/// An Arabic letter, joined to its neighbours as the script is written: 0.37 to 0.43 em on
/// average in Noto Sans Arabic as Chromium draws the `lang-ar` fixture's labels; 0.6 em keeps
/// a margin for a reader's wider face without reserving twice the room.
const FALLBACK_ARABIC_EM: f64 = 0.6;

/// The width in px of `text` set on one line at `px` font size in `weight`.
pub(crate) fn measure(text: &str, px: f64, weight: Weight) -> f64 {
    remembered_em(text, weight) * px
}

/// Texts measured already on this thread, in ems, by weight: charts repeat their tick labels,
/// words and titles, and shaping one costs about as much as drawing a line. Emptied when it
/// grows large (a long `serve` session keeps a bounded set).
#[derive(Default)]
struct Measured([rustc_hash::FxHashMap<Box<str>, f64>; 2]);

const MEASURED_MAX: usize = 1 << 14;

fn remembered_em(text: &str, weight: Weight) -> f64 {
    thread_local! {
        static MEASURED: std::cell::RefCell<Measured> = std::cell::RefCell::default();
    }
    MEASURED.with_borrow_mut(|measured| {
        let map = &mut measured.0[weight as usize];
        if let Some(&em) = map.get(text) {
            return em;
        }
        let em = text_em(text, weight);
        if map.len() >= MEASURED_MAX {
            map.clear();
        }
        map.insert(text.into(), em);
        em
    })
}

/// The advance of `text` in `weight`, in ems.
fn text_em(text: &str, weight: Weight) -> f64 {
    let font = font(weight);
    if let Some(units) = simple_units(font, weight, text) {
        return units as f64 / f64::from(font.face.units_per_em());
    }
    shaped_text_em(font, text)
}

/// [`text_em`] by shaping `text` (each run of characters the font has).
fn shaped_text_em(font: &Font, text: &str) -> f64 {
    let mut em = 0.0;
    // Runs of covered characters are shaped together (kerning across them); each uncovered
    // character is estimated.
    let mut start = None;
    for (i, c) in text.char_indices() {
        let covered = font.face.glyph_index(c).is_some();
        match (covered, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                em += shaped_em(font, &text[s..i]);
                start = None;
            }
            _ => {}
        }
        if !covered {
            em += fallback_em(c);
        }
    }
    if let Some(s) = start {
        em += shaped_em(font, &text[s..]);
    }
    em
}

/// The advance of `run` (every character in the font), in ems.
fn shaped_em(font: &Font, run: &str) -> f64 {
    shaped_units(font, run) as f64 / f64::from(font.face.units_per_em())
}

/// The advance of `run` (every character in the font), in font units.
fn shaped_units(font: &Font, run: &str) -> i64 {
    let mut buffer = UnicodeBuffer::new();
    buffer.push_str(run);
    buffer.set_direction(Direction::LeftToRight);
    buffer.set_script(script::LATIN);
    let glyphs = rustybuzz::shape_with_plan(&font.face, &font.plan, buffer);
    glyphs
        .glyph_positions()
        .iter()
        .map(|p| i64::from(p.x_advance))
        .sum()
}

/// The advance of `text` in font units as its glyphs' advances and each neighbouring pair's
/// kerning, when every character of it is simple in the face (see `simple.rs`); `None`
/// otherwise.
fn simple_units(font: &Font, weight: Weight, text: &str) -> Option<i64> {
    let simple = font.simple.as_ref()?;
    // Each pair's kerning, shaped once on this thread, by the pair's glyphs.
    thread_local! {
        static KERNING: std::cell::RefCell<[rustc_hash::FxHashMap<u32, i64>; 2]> =
            std::cell::RefCell::default();
    }
    let mut units = 0;
    let mut previous: Option<(char, simple::Glyph)> = None;
    for c in text.chars() {
        let glyph = simple.glyph(c)?;
        units += i64::from(glyph.advance);
        if let Some((p, before)) = previous {
            let key = u32::from(before.id) << 16 | u32::from(glyph.id);
            units += KERNING.with_borrow_mut(|kerning| {
                *kerning[weight as usize].entry(key).or_insert_with(|| {
                    let pair: String = [p, c].into_iter().collect();
                    shaped_units(font, &pair) - i64::from(before.advance) - i64::from(glyph.advance)
                })
            });
        }
        previous = Some((c, glyph));
    }
    Some(units)
}

fn fallback_em(c: char) -> f64 {
    match u32::from(c) {
        // Joiners, variation selectors, combining marks of other scripts: no advance of their
        // own, but counted as a narrow glyph to stay on the safe side.
        0x200B..=0x200F | 0xFE00..=0xFE0F => 0.0,
        // Arabic vowel and Quranic marks sit on their letter.
        0x0610..=0x061A | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06DC | 0x06DF..=0x06E4 => 0.0,
        0x06E7..=0x06E8 | 0x06EA..=0x06ED | 0x08D3..=0x08FF => 0.0,
        0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08D2 | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => {
            FALLBACK_ARABIC_EM
        }
        0x1100..=0x115F
        | 0x2E80..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD => FALLBACK_WIDE_EM,
        _ => FALLBACK_EM,
    }
}

/// Greedy word wrap of `text` to lines at most `max_px` wide at `px` in `weight`; a word wider
/// than a line is split between characters. Each word is measured once, and a line as its
/// words and spaces (no kerning pair of Noto Sans involves the space), so a long paragraph
/// costs one shaping per word, not one per word per line.
pub(crate) fn wrap(text: &str, max_px: f64, px: f64, weight: Weight) -> Vec<String> {
    let fits = |s: &str| measure(s, px, weight) <= max_px;
    let space = measure(" ", px, weight);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut line_px = 0.0;
    for word in text.split_whitespace() {
        let mut word = word.to_string();
        let mut word_px = measure(&word, px, weight);
        while word_px > max_px {
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            let head = longest_fitting_prefix(&word, &fits);
            word = word[head.len()..].to_string();
            word_px = measure(&word, px, weight);
            lines.push(head);
        }
        if line.is_empty() {
            line = word;
            line_px = word_px;
        } else if line_px + space + word_px <= max_px {
            line.push(' ');
            line.push_str(&word);
            line_px += space + word_px;
        } else {
            lines.push(std::mem::replace(&mut line, word));
            line_px = word_px;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// The longest start of `word` that `fits`, at least its first character (so wrapping always
/// moves on).
fn longest_fitting_prefix(word: &str, fits: &dyn Fn(&str) -> bool) -> String {
    let mut end = word.chars().next().map_or(0, char::len_utf8);
    for (i, c) in word.char_indices().skip(1) {
        if !fits(&word[..i + c.len_utf8()]) {
            break;
        }
        end = i + c.len_utf8();
    }
    word[..end].to_string()
}

/// `text` shortened with an ellipsis to fit `max_px` (the ellipsis included), at least one
/// character and the ellipsis.
pub(crate) fn ellipsis(text: &str, max_px: f64, px: f64, weight: Weight) -> String {
    let fits = |s: &str| measure(&format!("{s}…"), px, weight) <= max_px;
    let mut out = longest_fitting_prefix(text, &fits);
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_remembered_width_is_the_measured_one() {
        for text in ["2025", "Energy", "भारत 12", "", "Viet Nam’s exports"] {
            for weight in [Weight::Regular, Weight::Bold] {
                let fresh = text_em(text, weight) * 13.0;
                // The first call measures, the second finds it; weights are kept apart.
                assert_eq!(measure(text, 13.0, weight).to_bits(), fresh.to_bits());
                assert_eq!(measure(text, 13.0, weight).to_bits(), fresh.to_bits());
            }
        }
    }

    /// The shipped faces are measured without shaping for most text: their only positioning
    /// is pair kerning, and only the f-ligatures substitute (with no language).
    #[test]
    fn the_shipped_faces_have_simple_characters() {
        for weight in [Weight::Regular, Weight::Bold] {
            let simple = font(weight).simple.as_ref().expect("pair kerning only");
            for c in "aA 09(/:.,’“–…".chars() {
                assert!(simple.glyph(c).is_some(), "{c:?}");
            }
            // `f` may start a ligature; `é` and `\t` are not among the characters tried.
            for c in ['f', 'é', '\t', 'भ'] {
                assert!(simple.glyph(c).is_none(), "{c:?}");
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]

        /// A text measured as its glyphs' advances and its pairs' kerning is as wide as
        /// shaped whole, to the bit, for any text: of simple characters (kerned pairs such
        /// as `AV`, `Ty`, `r.` included), or with others (ligatures, accents, other scripts),
        /// which are shaped.
        #[test]
        fn unshaped_widths_are_the_shaped_ones(
            text in "([ -~‘’“”–—…]|AV|Ty|r\\.|fi|ffl|é|ऋ|中){0,24}",
            bold: bool,
        ) {
            let weight = if bold { Weight::Bold } else { Weight::Regular };
            let font = font(weight);
            proptest::prop_assert_eq!(
                text_em(&text, weight).to_bits(),
                shaped_text_em(font, &text).to_bits(),
                "{:?}", text
            );
        }
    }

    #[test]
    fn widths_come_from_the_font() {
        // Noto Sans digits are 0.572 em, tabular, in both weights.
        for weight in [Weight::Regular, Weight::Bold] {
            let w = measure("2025", 10.0, weight);
            assert!((w - 22.88).abs() < 1e-9, "{w}");
        }
        // Wider text measures wider; bold wider than regular; size scales linearly.
        assert!(measure("WWW", 13.0, Weight::Regular) > measure("iii", 13.0, Weight::Regular));
        assert!(measure("Energy", 13.0, Weight::Bold) > measure("Energy", 13.0, Weight::Regular));
        let (a, b) = (
            measure("Energy", 13.0, Weight::Regular),
            measure("Energy", 26.0, Weight::Regular),
        );
        assert!((2.0 * a - b).abs() < 1e-9);
        assert_eq!(measure("", 13.0, Weight::Regular), 0.0);
    }

    #[test]
    fn kerning_is_applied() {
        let pair = measure("AV", 100.0, Weight::Regular);
        let apart = measure("A", 100.0, Weight::Regular) + measure("V", 100.0, Weight::Regular);
        assert!(pair < apart, "{pair} vs {apart}");
    }

    #[test]
    fn characters_outside_the_font_are_estimated_generously() {
        // Devanagari falls back to a system font: never measured as nothing.
        let hindi = measure("भारत", 13.0, Weight::Regular);
        assert!((hindi - 4.0 * FALLBACK_EM * 13.0).abs() < 1e-9);
        let mixed = measure("GDP भारत", 13.0, Weight::Regular);
        assert!(mixed > hindi + measure("GDP ", 13.0, Weight::Regular) - 1e-9);
        assert_eq!(measure("中国", 10.0, Weight::Regular), 20.0);
        // Arabic letters joined are narrower; their vowel marks take no room of their own.
        let arabic = measure("الرقائق", 10.0, Weight::Regular);
        assert!((arabic - 7.0 * FALLBACK_ARABIC_EM * 10.0).abs() < 1e-9);
        assert_eq!(
            measure("التِّجارة", 10.0, Weight::Regular),
            measure("التجارة", 10.0, Weight::Regular)
        );
    }

    #[test]
    fn wrapping_follows_measured_widths() {
        let px = 13.0;
        let lines = wrap(
            "Clean Energy & Critical Minerals",
            100.0,
            px,
            Weight::Regular,
        );
        assert!(lines.len() > 1, "{lines:?}");
        for line in &lines {
            assert!(measure(line, px, Weight::Regular) <= 100.0, "{line}");
        }
        assert_eq!(lines.join(" "), "Clean Energy & Critical Minerals");
        // Narrow letters fit more per line than wide ones.
        let narrow = wrap(&"il ".repeat(30), 80.0, px, Weight::Regular);
        let wide = wrap(&"WM ".repeat(30), 80.0, px, Weight::Regular);
        assert!(narrow.len() < wide.len());
        // A word wider than the line is split, and nothing is lost.
        let split = wrap("Supercalifragilistic", 40.0, px, Weight::Regular);
        assert!(split.len() > 1);
        assert_eq!(split.concat(), "Supercalifragilistic");
        assert_eq!(wrap("", 40.0, px, Weight::Regular), [""]);
    }

    /// A line measured as its words and spaces is the line shaped whole: no kerning pair
    /// involves the space, so wrapping by the sum puts no line over its width.
    #[test]
    fn a_line_is_as_wide_as_its_words_and_spaces() {
        let text =
            "Billions of dollars, 2024; “Fossil” fuels — net of divestment: AV Ta Yo 7.5% $100B.";
        for weight in [Weight::Regular, Weight::Bold] {
            let whole = measure(text, 13.0, weight);
            let words: f64 = text
                .split(' ')
                .map(|w| measure(w, 13.0, weight))
                .sum::<f64>()
                + measure(" ", 13.0, weight) * (text.split(' ').count() - 1) as f64;
            assert!((whole - words).abs() < 1e-9, "{whole} vs {words}");
        }
    }

    #[test]
    fn ellipsis_fits_its_width() {
        let cut = ellipsis(
            "Democratic Republic of the Congo",
            60.0,
            13.0,
            Weight::Regular,
        );
        assert!(cut.ends_with('…') && cut.starts_with("Dem"), "{cut}");
        assert!(measure(&cut, 13.0, Weight::Regular) <= 60.0);
    }
}
