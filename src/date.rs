//! Calendar dates: the brief's `date` and `updated`, parsed once when the brief is loaded and
//! written out in each form a reader or a program expects (page, citations, PDF).

use std::sync::Arc;

use icu_calendar::Gregorian;
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_datetime::fieldsets::{Y, YMD};

/// A day of the proleptic Gregorian calendar, checked when parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Date {
    pub year: i32,
    /// 1–12.
    pub month: u32,
    /// 1–31, valid for the month.
    pub day: u32,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Date {
    /// `2025-11-30` (surrounding spaces allowed), checking the calendar.
    pub(crate) fn parse_iso(text: &str) -> Option<Date> {
        let text = text.trim();
        let mut parts = text.splitn(3, '-');
        let year: i32 = parts.next()?.parse().ok()?;
        let month: u32 = parts.next()?.parse().ok()?;
        let day: u32 = parts.next()?.parse().ok()?;
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (text.len() == 10 && (1..=days).contains(&day)).then_some(Date { year, month, day })
    }

    /// The month's English name: `November`.
    pub(crate) fn month_name(self) -> &'static str {
        MONTHS[self.month as usize - 1]
    }

    /// `30 November 2025`, as the page prints it.
    pub(crate) fn long(self) -> String {
        format!("{} {} {}", self.day, self.month_name(), self.year)
    }
}

/// How a locale writes a date in running text: CLDR's long date (`2 décembre 2026`,
/// `2 दिसंबर 2026`) through ICU4X, and a year alone (a citation's `(2026)`) in the locale's
/// digits. The default is the house English, `2 December 2026`.
#[derive(Clone, Default)]
pub(crate) struct DateStyle(Option<Arc<Formatters>>);

struct Formatters {
    long: FixedCalendarDateTimeFormatter<Gregorian, YMD>,
    year: FixedCalendarDateTimeFormatter<Gregorian, Y>,
}

impl DateStyle {
    /// The style of `tag` (BCP 47); `None` when ICU4X cannot read the tag.
    pub(crate) fn new(tag: &str) -> Option<DateStyle> {
        let locale: icu_locale_core::Locale = tag.parse().ok()?;
        let prefs = (&locale).into();
        let long = FixedCalendarDateTimeFormatter::try_new(prefs, YMD::long()).ok()?;
        let year = FixedCalendarDateTimeFormatter::try_new(prefs, Y::medium()).ok()?;
        Some(DateStyle(Some(Arc::new(Formatters { long, year }))))
    }

    /// The date as the page prints it.
    pub(crate) fn long(&self, date: Date) -> String {
        match self.icu(date) {
            Some((formatters, day)) => formatters.long.format(&day).to_string(),
            None => date.long(),
        }
    }

    /// The date's year alone, as a citation prints it: `2026` (`٢٠٢٦` in Arabic-Indic digits
    /// where CLDR's default numbering says so).
    pub(crate) fn year(&self, date: Date) -> String {
        match self.icu(date) {
            Some((formatters, day)) => formatters.year.format(&day).to_string(),
            None => date.year.to_string(),
        }
    }

    fn icu(&self, date: Date) -> Option<(&Formatters, icu_datetime::input::Date<Gregorian>)> {
        let formatters = self.0.as_deref()?;
        let day = icu_datetime::input::Date::try_new_gregorian(
            date.year,
            date.month as u8,
            date.day as u8,
        )
        .ok()?;
        Some((formatters, day))
    }
}

impl std::fmt::Debug for DateStyle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "DateStyle(CLDR)"
        } else {
            "DateStyle(house)"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_on_the_calendar_and_print_long() {
        let date = Date::parse_iso("2025-11-30").unwrap();
        assert_eq!(date.long(), "30 November 2025");
        assert_eq!(Date::parse_iso("2025-02-29"), None);
        assert_eq!(
            Date::parse_iso("2024-02-29"),
            Some(Date {
                year: 2024,
                month: 2,
                day: 29
            })
        );
        assert_eq!(Date::parse_iso("30/11/2025"), None);
        assert_eq!(Date::parse_iso("2025-13-01"), None);
    }

    // CLDR's long dates as ICU4X 2.4 compiles them (the year-month-day field set, long): fr
    // "d MMMM y", hi "d MMMM, y", es "d 'de' MMMM 'de' y", en-IN "d MMMM y"; month names
    // from the same data (fr "décembre", hi "दिसंबर", es "diciembre").
    #[test]
    fn dates_follow_cldr_for_each_locale() {
        let date = Date::parse_iso("2026-12-02").unwrap();
        let long = |tag: &str| DateStyle::new(tag).unwrap().long(date);
        assert_eq!(DateStyle::default().long(date), "2 December 2026");
        assert_eq!(long("fr"), "2 décembre 2026");
        assert_eq!(long("hi"), "2 दिसंबर, 2026");
        assert_eq!(long("es"), "2 de diciembre de 2026");
        assert_eq!(long("en-IN"), "2 December 2026");
        let year = |tag: &str| DateStyle::new(tag).unwrap().year(date);
        assert_eq!(DateStyle::default().year(date), "2026");
        for tag in ["en", "fr", "es", "hi", "ar"] {
            assert_eq!(year(tag), "2026", "{tag}");
        }
        // CLDR's default numbering: Latin digits for `ar`, Arabic-Indic for `ar-EG`.
        assert_eq!(long("ar"), "2 ديسمبر 2026");
        assert_eq!(year("ar-EG"), "٢٠٢٦");
    }
}
