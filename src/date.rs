//! Calendar dates: the brief's `date` and `updated`, parsed once when the brief is loaded and
//! written out in each form a reader or a program expects (page, citations, PDF).

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
}
