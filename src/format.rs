//! Number formatting shared by tables, chart ticks and chart descriptions.
//!
//! English (the house style) is written by the functions below; any other locale's digits
//! are grouped and separated by ICU4X from CLDR's data ([`NumberStyle`]).

use std::sync::Arc;

use icu_decimal::DecimalFormatter;
use icu_decimal::input::Decimal;
use serde::Deserialize;

/// How a chart or table shows its numbers. Written in a chart spec as `format: percent`,
/// `format: plain`, or a mapping such as `{prefix: "$", suffix: "B", decimals: 1}`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum NumberFormat {
    #[default]
    #[serde(skip)]
    Auto,
    Named(NamedFormat),
    Custom(CustomFormat),
    /// A format written in a locale other than the house English (see
    /// [`NumberFormat::in_style`]); never read from a spec.
    #[serde(skip)]
    Localized(Box<NumberFormat>, NumberStyle),
}

/// How a locale writes numbers: CLDR's decimal separator and grouping (Indian lakh and crore
/// for `hi` and `en-IN`) through ICU4X, and the percent and short-scale patterns of the
/// locale's catalogue (`{number} %`). The default is the house English, written without ICU.
#[derive(Clone, Default)]
pub struct NumberStyle(Option<Arc<LocalNumbers>>);

struct LocalNumbers {
    tag: String,
    decimal: DecimalFormatter,
    percent: String,
    /// Million, billion, trillion.
    scales: [String; 3],
}

/// The patterns a [`NumberStyle`] takes from the locale's catalogue; `{number}` stands for
/// the digits.
pub(crate) struct NumberPatterns<'a> {
    pub percent: &'a str,
    pub scales: [&'a str; 3],
}

impl NumberStyle {
    /// The style of `tag` (BCP 47); `None` when ICU4X cannot read the tag. CLDR data for a
    /// language it lacks falls back to its root locale, as ICU4X does.
    pub(crate) fn new(tag: &str, patterns: &NumberPatterns) -> Option<NumberStyle> {
        let locale: icu_locale_core::Locale = tag.parse().ok()?;
        let decimal = DecimalFormatter::try_new((&locale).into(), Default::default()).ok()?;
        Some(NumberStyle(Some(Arc::new(LocalNumbers {
            tag: tag.to_string(),
            decimal,
            percent: patterns.percent.to_string(),
            scales: patterns.scales.map(str::to_string),
        }))))
    }

    /// Groups and separates a number written by [`fixed`] (`-1234.50`): `−1,234.50` in the
    /// house style, `−1 234,50` in French, `−12,34,567` in Hindi. The sign is always the
    /// true minus.
    fn group(&self, text: &str) -> String {
        let Some(local) = &self.0 else {
            return group(text);
        };
        let (sign, digits) = match text.strip_prefix('-') {
            Some(rest) => ("−", rest),
            None => ("", text),
        };
        match Decimal::try_from_str(digits) {
            Ok(decimal) => format!("{sign}{}", local.decimal.format(&decimal)),
            Err(_) => group(text),
        }
    }

    fn percent(&self, digits: String) -> String {
        match &self.0 {
            None => digits + "%",
            Some(local) => local.percent.replace("{number}", &digits),
        }
    }

    /// `index`: 0 million, 1 billion, 2 trillion.
    fn scale(&self, digits: String, index: usize) -> String {
        match &self.0 {
            None => digits + ["M", "B", "T"][index],
            Some(local) => local.scales[index].replace("{number}", &digits),
        }
    }
}

impl std::fmt::Debug for NumberStyle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            None => f.write_str("NumberStyle(house)"),
            Some(local) => write!(f, "NumberStyle({})", local.tag),
        }
    }
}

impl PartialEq for NumberStyle {
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (None, None) => true,
            (Some(a), Some(b)) => a.tag == b.tag && a.percent == b.percent && a.scales == b.scales,
            _ => false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NamedFormat {
    /// Thousands separators, up to two decimals.
    Plain,
    /// The value is already in percent: `900` shows as `900%`.
    Percent,
    /// A year: no separators, no decimals.
    Year,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomFormat {
    #[serde(default)]
    pub prefix: String,
    #[serde(default)]
    pub suffix: String,
    pub decimals: Option<usize>,
    /// Thousands separators (default true).
    pub thousands: Option<bool>,
}

impl NumberFormat {
    /// This format written in `style`'s locale (the house style leaves it as it is).
    pub(crate) fn in_style(self, style: &NumberStyle) -> NumberFormat {
        match self {
            NumberFormat::Localized(format, _) => format.in_style(style),
            format if style.0.is_none() => format,
            format => NumberFormat::Localized(Box::new(format), style.clone()),
        }
    }

    /// The format without its locale: what the spec asked for.
    pub(crate) fn unlocalized(&self) -> &NumberFormat {
        match self {
            NumberFormat::Localized(format, _) => format,
            format => format,
        }
    }

    /// Formats `value` for display (a tick, a value label, a table cell).
    pub fn format(&self, value: f64) -> String {
        match self {
            NumberFormat::Localized(format, style) => format.format_in(value, style),
            format => format.format_in(value, &NumberStyle::default()),
        }
    }

    fn format_in(&self, value: f64, style: &NumberStyle) -> String {
        match self {
            NumberFormat::Auto | NumberFormat::Named(NamedFormat::Plain) => {
                style.group(&auto_fixed(value))
            }
            NumberFormat::Named(NamedFormat::Percent) => {
                style.percent(style.group(&auto_fixed(value)))
            }
            NumberFormat::Named(NamedFormat::Year) => format!("{}", value.round() as i64),
            NumberFormat::Localized(format, _) => format.format_in(value, style),
            NumberFormat::Custom(c) => {
                let digits = match (c.decimals, c.thousands.unwrap_or(true)) {
                    (Some(decimals), true) => style.group(&fixed(value.abs(), decimals)),
                    (Some(decimals), false) => fixed(value.abs(), decimals),
                    (None, true) => style.group(&auto_fixed(value.abs())),
                    (None, false) => auto_fixed(value.abs()),
                };
                let sign = if value < 0.0 && digits.chars().any(|c| c.is_ascii_digit() && c != '0')
                {
                    "−"
                } else {
                    ""
                };
                format!("{sign}{}{digits}{}", c.prefix, c.suffix)
            }
        }
    }
}

impl NumberFormat {
    /// A tick label: like [`NumberFormat::format`], but with only the decimals the value
    /// needs (`$10B`, not `$10.0B`) and, by default, large numbers shortened (`30T`, `1B`).
    pub fn axis(&self, value: f64) -> String {
        match self {
            NumberFormat::Localized(format, style) => format.axis_in(value, style),
            format => format.axis_in(value, &NumberStyle::default()),
        }
    }

    fn axis_in(&self, value: f64, style: &NumberStyle) -> String {
        match self {
            NumberFormat::Auto => compact(value, style),
            NumberFormat::Custom(c) => NumberFormat::Custom(CustomFormat {
                decimals: None,
                ..c.clone()
            })
            .format_in(value, style),
            NumberFormat::Localized(format, _) => format.axis_in(value, style),
            named => named.format_in(value, style),
        }
    }
}

/// `29,200,000,000,000` → `29.2T`; values under a million are left as they are.
fn compact(value: f64, style: &NumberStyle) -> String {
    let abs = value.abs();
    let (scaled, scale) = match abs {
        a if a >= 1e12 => (value / 1e12, 2),
        a if a >= 1e9 => (value / 1e9, 1),
        a if a >= 1e6 => (value / 1e6, 0),
        _ => return style.group(&fixed(value, auto_decimals(value))),
    };
    let decimals = auto_decimals(scaled).min(1);
    style.scale(style.group(&fixed(scaled, decimals)), scale)
}

/// The shortest exact form of a number, as written in CSV files: `2008`, `43.4`.
pub(crate) fn plain_number(value: f64) -> String {
    let mut text = String::new();
    push_plain_number(&mut text, value);
    text
}

/// [`plain_number`] written at the end of `out` (a large dataset's download writes millions).
pub(crate) fn push_plain_number(out: &mut String, value: f64) {
    use std::fmt::Write;
    let _ = if value.fract() == 0.0 && value.abs() < 1e15 {
        write!(out, "{}", value as i64)
    } else {
        write!(out, "{value}")
    };
}

/// Up to two decimals, dropping trailing zeros: `900`, `43.4`, `0.13`. The same text as
/// formatting with the fewest decimals that keep the two-decimal value (a number within 0.005
/// of `x.y0` rounds to `x.y`), from one formatting instead of two: charts format every tick,
/// label and table cell.
/// Up to two decimals, as many as the value needs: 900 → 0, 43.4 → 1, 0.125 → 2.
fn auto_decimals(value: f64) -> usize {
    auto_fixed(value)
        .split_once('.')
        .map_or(0, |(_, f)| f.len())
}

fn auto_fixed(value: f64) -> String {
    let mut text = fixed(value, 2);
    if text.contains('.') {
        let len = text.trim_end_matches('0').trim_end_matches('.').len();
        text.truncate(len);
    }
    text
}

fn fixed(value: f64, decimals: usize) -> String {
    // Whole numbers (years, counts) are most of a chart's values and are exact in binary:
    // written as integers they need none of float formatting's digit generation.
    if value.fract() == 0.0 && value.abs() < 1e15 {
        let whole = value as i64;
        let mut text = whole.to_string();
        if decimals > 0 {
            text.push('.');
            text.extend(std::iter::repeat_n('0', decimals));
        }
        return text;
    }
    let text = format!("{value:.decimals$}");
    // Avoid "-0".
    if text
        .trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        text.trim_start_matches('-').to_string()
    } else {
        text
    }
}

/// Groups the thousands of a number written by [`fixed`] with `,`, with a true minus sign:
/// `−1,234.5` (the house style).
fn group(text: &str) -> String {
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => ("−", rest),
        None => ("", text),
    };
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let mut out = String::with_capacity(text.len() + int.len() / 3);
    out.push_str(sign);
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if let Some(frac) = frac {
        out.push('.');
        out.push_str(frac);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_numbers_group_thousands_and_drop_noise() {
        let f = NumberFormat::Auto;
        assert_eq!(f.format(2008.0), "2,008");
        assert_eq!(f.format(43.4), "43.4");
        assert_eq!(f.format(1e9), "1,000,000,000");
        assert_eq!(f.format(-1234.5), "−1,234.5");
        assert_eq!(f.format(0.0), "0");
    }

    #[test]
    fn named_and_custom_formats() {
        assert_eq!(
            NumberFormat::Named(NamedFormat::Percent).format(900.0),
            "900%"
        );
        assert_eq!(
            NumberFormat::Named(NamedFormat::Year).format(2008.0),
            "2008"
        );
        let dollars = NumberFormat::Custom(CustomFormat {
            prefix: "$".into(),
            suffix: "B".into(),
            decimals: Some(0),
            thousands: None,
        });
        assert_eq!(dollars.format(212.3), "$212B");
        assert_eq!(dollars.format(-5.0), "−$5B");
    }

    #[test]
    fn axis_labels_are_short() {
        assert_eq!(NumberFormat::Auto.axis(29.2e12), "29.2T");
        assert_eq!(NumberFormat::Auto.axis(1e9), "1B");
        assert_eq!(NumberFormat::Auto.axis(2_500_000.0), "2.5M");
        assert_eq!(NumberFormat::Auto.axis(950.0), "950");
        let dollars = NumberFormat::Custom(CustomFormat {
            prefix: "$".into(),
            suffix: "B".into(),
            decimals: Some(1),
            thousands: None,
        });
        assert_eq!(dollars.axis(-10.0), "−$10B");
        assert_eq!(dollars.format(-10.0), "−$10.0B");
    }

    #[test]
    fn auto_decimals_match_formatting_with_the_fewest_decimals() {
        // Guards `auto_fixed`: one formatting at two decimals, trimmed, must equal the
        // formatting at the number of decimals the trimmed text keeps.
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        for i in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let scale = [1.0, 0.01, 0.001, 100.0, 1e6][i % 5];
            let value = ((x % 2_000_001) as f64 - 1_000_000.0) / 1000.0 * scale;
            let auto = auto_fixed(value);
            let decimals = auto.split_once('.').map_or(0, |(_, f)| f.len());
            assert_eq!(auto, fixed(value, decimals), "{value}");
        }
        for value in [0.005, -0.005, 0.995, 1.005, 2.675, -0.0001, 9.995, 0.0] {
            let auto = auto_fixed(value);
            let decimals = auto.split_once('.').map_or(0, |(_, f)| f.len());
            assert_eq!(auto, fixed(value, decimals), "{value}");
        }
    }

    #[test]
    fn whole_numbers_are_formatted_as_floats_are() {
        for value in [
            0.0,
            -0.0,
            1.0,
            -1.0,
            2005.0,
            -42.0,
            1e14,
            -999_999_999_999_999.0,
        ] {
            for decimals in 0..4 {
                let general = format!("{value:.decimals$}");
                let general = match general.trim_start_matches('-').trim_matches(['0', '.']) {
                    "" => general.trim_start_matches('-').to_string(),
                    _ => general,
                };
                assert_eq!(fixed(value, decimals), general, "{value} {decimals}");
            }
        }
    }

    fn style(tag: &str, percent: &str, scales: [&str; 3]) -> NumberStyle {
        NumberStyle::new(tag, &NumberPatterns { percent, scales }).unwrap()
    }

    // Expected texts follow CLDR's locale data (common/main/*.xml, as ICU4X 2.4 compiles it):
    // fr decimal "," and group U+202F, percent "#,##0 %" (U+202F); hi and en-IN pattern
    // "#,##,##0.###" (lakh and crore); es decimal ",", group "." and minimumGroupingDigits 2.
    #[test]
    fn numbers_follow_cldr_for_each_locale() {
        let fr = style(
            "fr",
            "{number}\u{202f}%",
            ["{number}\u{a0}M", "{number}\u{a0}Md", "{number}\u{a0}Bn"],
        );
        let plain = NumberFormat::Auto.in_style(&fr);
        assert_eq!(plain.format(1234567.5), "1\u{202f}234\u{202f}567,5");
        assert_eq!(plain.format(-1234.5), "−1\u{202f}234,5");
        let percent = NumberFormat::Named(NamedFormat::Percent).in_style(&fr);
        assert_eq!(percent.format(12.5), "12,5\u{202f}%");
        assert_eq!(plain.axis(2_500_000.0), "2,5\u{a0}M");

        for tag in ["hi", "en-IN"] {
            let indian = NumberFormat::Auto.in_style(&style(tag, "{number}%", ["M", "B", "T"]));
            assert_eq!(indian.format(1234567.0), "12,34,567", "{tag}");
            assert_eq!(indian.format(123456789.25), "12,34,56,789.25", "{tag}");
        }

        let es = NumberFormat::Auto.in_style(&style("es", "{number}\u{a0}%", ["M", "B", "T"]));
        assert_eq!(es.format(1234.5), "1234,5");
        assert_eq!(es.format(12345.5), "12.345,5");
    }

    #[test]
    fn a_localized_format_keeps_its_prefix_suffix_and_years() {
        let fr = style("fr", "{number}\u{202f}%", ["M", "B", "T"]);
        let dollars = NumberFormat::Custom(CustomFormat {
            prefix: "$".into(),
            suffix: "B".into(),
            decimals: Some(1),
            thousands: None,
        })
        .in_style(&fr);
        assert_eq!(dollars.format(-1234.5), "−$1\u{202f}234,5B");
        let year = NumberFormat::Named(NamedFormat::Year).in_style(&fr);
        assert_eq!(year.format(2008.0), "2008");
        // Wrapping twice is wrapping once; the house style unwraps.
        let twice = year.clone().in_style(&fr);
        assert_eq!(twice, year);
        assert_eq!(
            year.in_style(&NumberStyle::default()),
            NumberFormat::Named(NamedFormat::Year)
        );
    }

    proptest::proptest! {
        /// ICU4X's English and the house style write the same digits: the house style is
        /// English as CLDR has it, written without ICU4X for speed.
        #[test]
        fn the_house_style_is_cldr_english(value in -1e13f64..1e13, decimals in 0usize..4) {
            let en = NumberFormat::Custom(CustomFormat { decimals: Some(decimals), ..Default::default() });
            let icu = en.clone().in_style(&style("en", "{number}%", ["{number}M", "{number}B", "{number}T"]));
            proptest::prop_assert_eq!(en.format(value), icu.format(value));
            proptest::prop_assert_eq!(NumberFormat::Auto.axis(value), NumberFormat::Auto.in_style(&style("en", "{number}%", ["{number}M", "{number}B", "{number}T"])).axis(value));
        }
    }

    #[test]
    fn csv_numbers_are_exact() {
        assert_eq!(plain_number(2008.0), "2008");
        assert_eq!(plain_number(43.4), "43.4");
    }
}
