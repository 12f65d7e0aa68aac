//! Load stage, numbers as publishers print them: `1,234.5`, `$12`, `−3.40`, `45%`, and the
//! marks statistical tables use for a missing value (`–`, `n/a`, `..`). A CSV cell is text; this
//! reads it by the rules the README documents, and says why when it cannot. Nothing is guessed:
//! a decimal comma (`1.234,5`) is read only when it is declared, since `1,234` means one
//! thousand two hundred and thirty-four to most readers and one point two three four to others.

use serde::Deserialize;

/// Which mark separates the decimals: `.` unless the dataset or column declares `,`
/// (`decimal: ","`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
pub(crate) enum DecimalMark {
    #[default]
    #[serde(rename = ".")]
    Point,
    #[serde(rename = ",")]
    Comma,
}

impl DecimalMark {
    /// The decimal mark and the grouping mark that goes with it.
    fn marks(self) -> (char, char) {
        match self {
            DecimalMark::Point => ('.', ','),
            DecimalMark::Comma => (',', '.'),
        }
    }
}

/// The currency signs read in front of a number.
pub(crate) const CURRENCIES: [char; 4] = ['$', '€', '£', '₹'];

/// What a cell printed for a missing value: empty, a dash, `n/a`, `NA` or `..`.
pub(crate) fn is_null(text: &str) -> bool {
    matches!(text.trim(), "" | "-" | "–" | "—" | "NA" | "..")
        || text.trim().eq_ignore_ascii_case("n/a")
}

/// The word of `words` a cell printed (trimmed, exactly): a missing value the dataset declares
/// in its own words (`missing: ["Not applicable"]`), which a table shows as printed.
pub(crate) fn declared_missing<'w>(text: &str, words: &'w [String]) -> Option<&'w str> {
    if words.is_empty() {
        return None;
    }
    let text = text.trim();
    words.iter().map(String::as_str).find(|w| *w == text)
}

/// Why `word` cannot be declared a missing mark, if it cannot: blank (an empty cell is already
/// missing), or a number (it would hide a real value, and could never be told from one).
pub(crate) fn unfit_missing_word(word: &str) -> Option<&'static str> {
    if word.trim().is_empty() {
        Some("it is blank")
    } else if word.trim() != word {
        Some("it has spaces around it")
    } else if matches!(read_number(word, DecimalMark::Point), Ok(Some(_)))
        || matches!(read_number(word, DecimalMark::Comma), Ok(Some(_)))
    {
        Some("it reads as a number")
    } else {
        None
    }
}

/// A number read from a cell, and how it was printed (which a table may print again).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Printed {
    pub(crate) value: f64,
    /// Digits after the decimal mark: `3.40` has 2.
    pub(crate) decimals: usize,
    /// The currency sign in front, if any.
    pub(crate) currency: Option<char>,
    /// A `%` after the number.
    pub(crate) percent: bool,
    /// Whether the digits were written as an integer of four digits without grouping, the way
    /// a year is printed (`2025`).
    pub(crate) plain_integer: bool,
}

/// Why a cell does not read as a number (the value itself is quoted by the caller).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NotANumber {
    pub(crate) cause: &'static str,
    /// Set when the cell would read with the other decimal mark.
    pub(crate) other_mark: bool,
}

/// Reads `text` as a number printed by a publisher; `Ok(None)` for a missing value.
pub(crate) fn read_number(text: &str, mark: DecimalMark) -> Result<Option<Printed>, NotANumber> {
    match read_plain(text.as_bytes(), mark) {
        Some(printed) => Ok(Some(printed)),
        None => read_by_the_rules(text, mark),
    }
}

/// [`read_number`] by the general rules (every form, and why a cell does not read).
fn read_by_the_rules(text: &str, mark: DecimalMark) -> Result<Option<Printed>, NotANumber> {
    if is_null(text) {
        return Ok(None);
    }
    let result = read_present(text.trim(), mark);
    result.map(Some).map_err(|cause| NotANumber {
        cause,
        other_mark: read_present(text.trim(), other(mark)).is_ok(),
    })
}

fn other(mark: DecimalMark) -> DecimalMark {
    match mark {
        DecimalMark::Point => DecimalMark::Comma,
        DecimalMark::Comma => DecimalMark::Point,
    }
}

/// A minus sign: ASCII or the typographic one (U+2212).
fn strip_minus(text: &str) -> Option<&str> {
    text.strip_prefix('-').or_else(|| text.strip_prefix('−'))
}

fn read_present(text: &str, mark: DecimalMark) -> Result<Printed, &'static str> {
    // The sign may come before or after the currency: `-$5` and `$-5` are both printed.
    let (mut negative, mut rest) = match strip_minus(text) {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let currency = rest.chars().next().filter(|c| CURRENCIES.contains(c));
    if let Some(sign) = currency {
        rest = &rest[sign.len_utf8()..];
        if let Some(after) = strip_minus(rest) {
            if negative {
                return Err("it has two minus signs");
            }
            negative = true;
            rest = after;
        }
    }
    let percent = rest.ends_with('%');
    if percent {
        rest = &rest[..rest.len() - 1];
    }
    let (value, decimals, plain_integer) = read_digits(rest, mark)?;
    Ok(Printed {
        value: if negative { -value } else { value },
        decimals,
        currency,
        percent,
        plain_integer,
    })
}

/// The digits of a number (no sign, currency or `%`): grouped by threes or not, with decimals.
fn read_digits(text: &str, mark: DecimalMark) -> Result<(f64, usize, bool), &'static str> {
    let (decimal, grouping) = mark.marks();
    if text.is_empty() {
        return Err("it has no digits");
    }
    let (int, frac) = match text.split_once(decimal) {
        Some((int, frac)) => (int, Some(frac)),
        None => (text, None),
    };
    if let Some(frac) = frac {
        if frac.is_empty() {
            return Err("no digits follow the decimal mark");
        }
        if !frac.chars().all(|c| c.is_ascii_digit()) {
            return Err("only digits may follow the decimal mark");
        }
    }
    if !int.chars().all(|c| c.is_ascii_digit() || c == grouping) {
        return Err(
            if int.contains(decimal) || frac.is_some_and(|f| f.contains(decimal)) {
                "it has two decimal marks"
            } else {
                "it has characters that are not part of a number"
            },
        );
    }
    // Read without allocating: a large dataset has millions of cells.
    let mut groups = int.split(grouping);
    let first = groups.next().unwrap_or("");
    let (mut grouped, mut by_threes) = (false, true);
    for group in groups {
        grouped = true;
        by_threes &= group.len() == 3;
    }
    if grouped && (first.is_empty() || first.len() > 3 || !by_threes) {
        return Err("its digits are not grouped by threes");
    }
    // `int` holds only digits and grouping marks (ASCII both).
    let mut digits = int.bytes().filter(|&b| b != grouping as u8);
    let digit_count = int.len() - int.bytes().filter(|&b| b == grouping as u8).count();
    if digit_count > 1 && digits.next() == Some(b'0') {
        // `0012` is a code, not a quantity: read as a number it would lose its zeros.
        return Err("it starts with a zero, as codes do");
    }
    if digit_count == 0 && frac.is_none() {
        return Err("it has no digits");
    }
    let decimals = frac.map_or(0, str::len);
    let value = plain_value(int, grouping, frac).ok_or("it is not a number")?;
    if !value.is_finite() {
        return Err("it is too large");
    }
    let plain_integer = frac.is_none() && !grouped && digit_count == 4;
    Ok((value, decimals, plain_integer))
}

/// Powers of ten that are exact as `f64`s.
const EXACT_POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// The common forms read in one pass over the bytes, without the general rules' searches:
/// `-`, then `$`, then digits grouped by threes or not, decimals and `%`, as the general reader
/// reads them. `None` for anything else (spaces, other signs, a bad grouping, a value whose
/// digits do not fit an exact `f64`), which the general reader then reads or refuses: a large
/// dataset has millions of cells, and most print a number this way.
fn read_plain(text: &[u8], mark: DecimalMark) -> Option<Printed> {
    let (decimal, grouping) = match mark {
        DecimalMark::Point => (b'.', b','),
        DecimalMark::Comma => (b',', b'.'),
    };
    let mut rest = text;
    let negative = rest.first() == Some(&b'-');
    if negative {
        rest = &rest[1..];
    }
    let currency = (rest.first() == Some(&b'$')).then_some('$');
    if currency.is_some() {
        rest = &rest[1..];
    }
    let percent = rest.last() == Some(&b'%');
    if percent {
        rest = &rest[..rest.len() - 1];
    }
    // The integer part: digits, grouped by threes after a first group of one to three.
    let mut mantissa: u64 = 0;
    let mut digits = 0;
    let mut group = 0;
    let mut grouped = false;
    let mut at = 0;
    while let Some(&b) = rest.get(at) {
        if b.is_ascii_digit() {
            mantissa = mantissa.checked_mul(10)? + u64::from(b - b'0');
            digits += 1;
            group += 1;
        } else if b == grouping {
            if group == 0 || group > 3 || (grouped && group != 3) {
                return None;
            }
            grouped = true;
            group = 0;
        } else {
            break;
        }
        at += 1;
    }
    if grouped && group != 3 {
        return None;
    }
    // `0012` is a code (the general reader says so).
    if digits > 1 && rest[0] == b'0' {
        return None;
    }
    let mut decimals = 0;
    if rest.get(at) == Some(&decimal) {
        at += 1;
        while let Some(&b) = rest.get(at) {
            if !b.is_ascii_digit() {
                return None;
            }
            mantissa = mantissa.checked_mul(10)? + u64::from(b - b'0');
            decimals += 1;
            at += 1;
        }
        if decimals == 0 {
            return None;
        }
    }
    if at != rest.len() || digits + decimals == 0 || mantissa > 1 << 53 {
        return None;
    }
    // Both exact, so their quotient is rounded once, as Rust's parser rounds the decimal.
    let value = mantissa as f64 / *EXACT_POWERS_OF_TEN.get(decimals)?;
    Some(Printed {
        value: if negative { -value } else { value },
        decimals,
        currency,
        percent,
        plain_integer: decimals == 0 && !grouped && digits == 4,
    })
}

/// The value of `int` (digits and grouping marks) and `frac` (digits): the digits without
/// their grouping, `0` for none, then `.` and the decimals, read as Rust reads a number.
fn plain_value(int: &str, grouping: char, frac: Option<&str>) -> Option<f64> {
    let frac = frac.unwrap_or("");
    let mut buf = [0u8; 64];
    let mut plain: Vec<u8>;
    let bytes: &mut [u8] = if int.len() + frac.len() + 2 <= buf.len() {
        &mut buf
    } else {
        plain = vec![0; int.len() + frac.len() + 2];
        &mut plain
    };
    let mut n = 0;
    for b in int.bytes().filter(|&b| b != grouping as u8) {
        bytes[n] = b;
        n += 1;
    }
    if n == 0 {
        bytes[0] = b'0';
        n = 1;
    }
    if !frac.is_empty() {
        bytes[n] = b'.';
        bytes[n + 1..n + 1 + frac.len()].copy_from_slice(frac.as_bytes());
        n += 1 + frac.len();
    }
    std::str::from_utf8(&bytes[..n]).ok()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Option<Printed> {
        read_number(text, DecimalMark::Point).unwrap()
    }

    fn value(text: &str) -> f64 {
        read(text).unwrap().value
    }

    #[test]
    fn grouping_commas_and_decimals() {
        assert_eq!(value("1,234.5"), 1234.5);
        assert_eq!(value("1,234,567"), 1_234_567.0);
        assert_eq!(read("3.40").unwrap().decimals, 2);
        assert_eq!(read("450.0").unwrap().decimals, 1);
        assert_eq!(value(".5"), 0.5);
        assert_eq!(value("0.25"), 0.25);
        assert_eq!(value(" 12 "), 12.0);
    }

    #[test]
    fn currency_percent_and_minus_signs() {
        let dollars = read("$1,234.5").unwrap();
        assert_eq!((dollars.value, dollars.currency), (1234.5, Some('$')));
        assert_eq!(read("€3").unwrap().currency, Some('€'));
        assert_eq!(read("£3").unwrap().currency, Some('£'));
        assert_eq!(read("₹3").unwrap().currency, Some('₹'));
        let share = read("12.34%").unwrap();
        assert_eq!(
            (share.value, share.percent, share.decimals),
            (12.34, true, 2)
        );
        assert_eq!(value("-5"), -5.0);
        assert_eq!(value("−5"), -5.0);
        assert_eq!(value("-$5"), -5.0);
        assert_eq!(value("$-5"), -5.0);
        assert_eq!(value("−0.5%"), -0.5);
    }

    #[test]
    fn missing_values() {
        for null in ["", " ", "-", "–", "—", "n/a", "N/A", "NA", ".."] {
            assert_eq!(read_number(null, DecimalMark::Point), Ok(None), "{null:?}");
        }
    }

    #[test]
    fn declared_missing_words_are_matched_exactly_but_for_spaces() {
        let words = vec!["Not applicable".to_string(), "x".to_string()];
        assert_eq!(
            declared_missing(" Not applicable ", &words),
            Some("Not applicable")
        );
        assert_eq!(declared_missing("x", &words), Some("x"));
        for other in ["not applicable", "Not", "X", "", "1.5"] {
            assert_eq!(declared_missing(other, &words), None, "{other:?}");
        }
    }

    #[test]
    fn a_missing_word_is_neither_blank_nor_a_number() {
        for fit in ["Not applicable", "NA", "–", "(D)", "*"] {
            assert_eq!(unfit_missing_word(fit), None, "{fit:?}");
        }
        for (unfit, cause) in [
            ("", "it is blank"),
            ("  ", "it is blank"),
            (" NA", "it has spaces around it"),
            ("0", "it reads as a number"),
            ("-99", "it reads as a number"),
            ("1,5", "it reads as a number"),
            ("12%", "it reads as a number"),
        ] {
            assert_eq!(unfit_missing_word(unfit), Some(cause), "{unfit:?}");
        }
    }

    #[test]
    fn a_decimal_comma_only_when_declared() {
        let comma = |t| read_number(t, DecimalMark::Comma).unwrap().unwrap();
        assert_eq!(comma("1.234,5").value, 1234.5);
        assert_eq!(comma("3,40").decimals, 2);
        // Undeclared, `1,5` is a badly grouped number, and the error says the other mark reads it.
        let err = read_number("1,5", DecimalMark::Point).unwrap_err();
        assert!(err.other_mark);
        assert_eq!(err.cause, "its digits are not grouped by threes");
        // `1,234` reads as one thousand and more unless the comma is declared.
        assert_eq!(value("1,234"), 1234.0);
        assert_eq!(comma("1,234").value, 1.234);
    }

    #[test]
    fn what_is_not_a_number() {
        for bad in [
            "12 kg", "1.2.3", "1,23", "12,3456", "$", "%", "1.", "--5", "-$-5", "0012", "1e5",
            "abc", "(5)", "+5",
        ] {
            let err = read_number(bad, DecimalMark::Point).unwrap_err();
            assert!(!err.cause.is_empty(), "{bad}");
        }
    }

    /// The digits read by splitting and joining strings (as they once were): the reader that
    /// does not allocate must agree with it on every input, value, decimals and error alike.
    fn read_digits_by_strings(
        text: &str,
        mark: DecimalMark,
    ) -> Result<(f64, usize, bool), &'static str> {
        let (decimal, grouping) = mark.marks();
        if text.is_empty() {
            return Err("it has no digits");
        }
        let (int, frac) = match text.split_once(decimal) {
            Some((int, frac)) => (int, Some(frac)),
            None => (text, None),
        };
        if let Some(frac) = frac {
            if frac.is_empty() {
                return Err("no digits follow the decimal mark");
            }
            if !frac.chars().all(|c| c.is_ascii_digit()) {
                return Err("only digits may follow the decimal mark");
            }
        }
        if !int.chars().all(|c| c.is_ascii_digit() || c == grouping) {
            return Err("it has characters that are not part of a number");
        }
        let groups: Vec<&str> = int.split(grouping).collect();
        if groups.len() > 1
            && (groups[0].is_empty()
                || groups[0].len() > 3
                || groups[1..].iter().any(|g| g.len() != 3))
        {
            return Err("its digits are not grouped by threes");
        }
        let digits: String = groups.concat();
        if digits.len() > 1 && digits.starts_with('0') {
            return Err("it starts with a zero, as codes do");
        }
        if digits.is_empty() && frac.is_none() {
            return Err("it has no digits");
        }
        let mut plain = if digits.is_empty() {
            "0".to_string()
        } else {
            digits.clone()
        };
        if let Some(frac) = frac {
            plain.push('.');
            plain.push_str(frac);
        }
        let value: f64 = plain.parse().map_err(|_| "it is not a number")?;
        if !value.is_finite() {
            return Err("it is too large");
        }
        let plain_integer = frac.is_none() && groups.len() == 1 && digits.len() == 4;
        Ok((value, frac.map_or(0, str::len), plain_integer))
    }

    proptest::proptest! {
        #[test]
        fn digits_read_without_allocating_as_by_strings(
            text in "[0-9,.x]{0,14}|[1-9][0-9]{60,330}(\\.[0-9]{1,5})?",
            comma in proptest::bool::ANY,
        ) {
            let mark = if comma { DecimalMark::Comma } else { DecimalMark::Point };
            proptest::prop_assert_eq!(read_digits(&text, mark), read_digits_by_strings(&text, mark));
        }
    }

    /// The same reading, with the value compared bit for bit (`-0` and `0` differ).
    fn same(a: &Printed, b: &Printed) -> bool {
        a.value.to_bits() == b.value.to_bits()
            && (a.decimals, a.currency, a.percent, a.plain_integer)
                == (b.decimals, b.currency, b.percent, b.plain_integer)
    }

    proptest::proptest! {
        /// Whatever the one-pass reader reads, the general rules read alike (a cell it leaves
        /// is read by the rules, so agreeing is all it must do).
        #[test]
        fn the_one_pass_reader_agrees_with_the_rules(
            text in "-?[$]?[0-9]{0,4}(,[0-9]{3}){0,3}([.,][0-9]{0,6})?%?\
                     |[-$0-9,.% ]{0,12}|[1-9][0-9]{12,20}(\\.[0-9]{1,8})?|\\PC{0,8}",
            comma in proptest::bool::ANY,
        ) {
            let mark = if comma { DecimalMark::Comma } else { DecimalMark::Point };
            if let Some(fast) = read_plain(text.as_bytes(), mark) {
                let rules = read_by_the_rules(&text, mark);
                let agree = matches!(&rules, Ok(Some(r)) if same(&fast, r));
                proptest::prop_assert!(agree, "{:?}: {:?} vs {:?}", text, fast, rules);
            }
        }
    }

    #[test]
    fn the_one_pass_reader_reads_the_common_forms() {
        for text in [
            "2025", "1,234.5", "12.34%", "-$1,234", "$12", "0", "0.25", ".5", "-3.40",
        ] {
            let fast = read_plain(text.as_bytes(), DecimalMark::Point);
            let rules = read_by_the_rules(text, DecimalMark::Point)
                .unwrap()
                .unwrap();
            assert!(fast.is_some_and(|f| same(&f, &rules)), "{text}");
        }
        assert!(read_plain(b"1.234,5", DecimalMark::Comma).is_some());
        // Left to the rules: spaces, other signs, codes, bad groupings, long digits.
        for text in [
            " 12",
            "\u{2212}5",
            "\u{20ac}3",
            "0012",
            "1,23",
            "1.",
            "",
            "-",
            "12345678901234567890",
        ] {
            assert!(
                read_plain(text.as_bytes(), DecimalMark::Point).is_none(),
                "{text}"
            );
        }
    }

    #[test]
    fn years_are_plain_four_digit_integers() {
        assert!(read("2025").unwrap().plain_integer);
        assert!(!read("2,025").unwrap().plain_integer);
        assert!(!read("2025.0").unwrap().plain_integer);
        assert!(!read("202").unwrap().plain_integer);
    }
}
