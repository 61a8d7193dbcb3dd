//! `strftime` patterns of date and time fields, read once when the schema is compiled
//! (chrono's `parse_from_str` reads its pattern again for every cell), and the ISO 8601
//! forms of the `default` format with a fast path for the common all-digit case.

use std::sync::LazyLock;

use chrono::format::{Item, Parsed, StrftimeItems, parse};
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime};

/// A `%`-pattern (`%d/%m/%Y`) as chrono's parsed items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    items: Vec<Item<'static>>,
}

/// `%Y-%m-%d`.
static ISO_DATE: LazyLock<Option<Pattern>> = LazyLock::new(|| Pattern::new("%Y-%m-%d"));
/// `%H:%M:%S%.f`.
static ISO_CLOCK: LazyLock<Option<Pattern>> = LazyLock::new(|| Pattern::new("%H:%M:%S%.f"));

impl Pattern {
    /// Reads `text`; `None` when chrono does not understand one of its `%` specifiers.
    #[must_use]
    pub fn new(text: &str) -> Option<Self> {
        StrftimeItems::new(text).parse_to_owned().ok().map(|items| Self { items })
    }

    /// What `cell` gives for each item of the pattern; `None` when it does not match.
    fn parsed(&self, cell: &str) -> Option<Parsed> {
        let mut parsed = Parsed::new();
        parse(&mut parsed, cell, self.items.iter()).ok()?;
        Some(parsed)
    }

    /// As `NaiveDate::parse_from_str(cell, pattern)`.
    #[must_use]
    pub fn date(&self, cell: &str) -> Option<NaiveDate> {
        self.parsed(cell)?.to_naive_date().ok()
    }

    /// As `NaiveTime::parse_from_str(cell, pattern)`.
    #[must_use]
    pub fn time(&self, cell: &str) -> Option<NaiveTime> {
        self.parsed(cell)?.to_naive_time().ok()
    }

    /// As `NaiveDateTime::parse_from_str(cell, pattern)`, or, when the pattern has an
    /// offset, `DateTime::parse_from_str(cell, pattern)` in UTC.
    #[must_use]
    pub fn datetime(&self, cell: &str) -> Option<NaiveDateTime> {
        let parsed = self.parsed(cell)?;
        parsed
            .to_naive_datetime_with_offset(0)
            .ok()
            .or_else(|| parsed.to_datetime().ok().map(|t: DateTime<_>| t.naive_utc()))
    }
}

/// The value of ASCII digits (`None` if one is not a digit).
fn digits(bytes: &[u8]) -> Option<u32> {
    bytes.iter().try_fold(0u32, |n, &b| b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0')))
}

/// `YYYY-MM-DD` (a dash at the fifth and eighth of ten bytes), read as chrono reads it with
/// `%Y-%m-%d`: in digits directly, by chrono when another character is in a number's place.
#[must_use]
pub fn iso_date(cell: &str) -> Option<NaiveDate> {
    let b = cell.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    if let (Some(year), Some(month), Some(day)) = (digits(&b[..4]), digits(&b[5..7]), digits(&b[8..])) {
        return NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day);
    }
    ISO_DATE.as_ref()?.date(cell)
}

/// `clock` read as chrono reads it with `%H:%M:%S%.f`: `HH:MM:SS` in digits directly
/// (a leap second `60` aside), anything else by chrono.
#[must_use]
pub fn iso_clock(clock: &str) -> Option<NaiveTime> {
    let b = clock.as_bytes();
    if b.len() == 8
        && b[2] == b':'
        && b[5] == b':'
        && let (Some(hour), Some(minute), Some(second)) = (digits(&b[..2]), digits(&b[3..5]), digits(&b[6..]))
        && second < 60
    {
        return NaiveTime::from_hms_opt(hour, minute, second);
    }
    ISO_CLOCK.as_ref()?.time(clock)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast paths agree with chrono on every shape they take and around them.
    #[test]
    fn fast_paths_agree_with_chrono() {
        let dates = [
            "2024-02-29",
            "2023-02-29",
            "0000-01-01",
            "9999-12-31",
            "2024-00-10",
            "2024-13-01",
            "2024-01-00",
            "2024-01-32",
            "2024-1-05",
            "+024-01-01",
            "2024-01- 1",
            "2024-+1-01",
            "2024-01-1x",
            " 024-01-01",
            "2024-01-01 ",
            "",
        ];
        for cell in dates {
            let shape = cell.len() == 10 && cell.as_bytes()[4] == b'-' && cell.as_bytes()[7] == b'-';
            let chrono = NaiveDate::parse_from_str(cell, "%Y-%m-%d").ok().filter(|_| shape);
            assert_eq!(iso_date(cell), chrono, "{cell:?}");
        }
        let clocks = [
            "00:00:00",
            "23:59:59",
            "24:00:00",
            "12:60:00",
            "12:00:60",
            "12:00:61",
            "99:99:99",
            "1:02:03",
            "01:02:03.5",
            "01:02:03.123456789",
            "01:02: 3",
            "01:02:03x",
            "",
        ];
        for clock in clocks {
            assert_eq!(iso_clock(clock), NaiveTime::parse_from_str(clock, "%H:%M:%S%.f").ok(), "{clock:?}");
        }
    }

    #[test]
    fn patterns_read_as_parse_from_str() {
        let cases = [
            ("%d/%m/%Y", "31/12/2024"),
            ("%d/%m/%Y", "31/02/2024"),
            ("%Y-%m-%d %H:%M:%S", "2013-01-01 01:00:00"),
            ("%Y-%m-%dT%H:%M:%S%z", "2013-01-01T01:00:00+0200"),
            ("%H:%M", "13:45"),
            ("%H:%M", "25:45"),
        ];
        for (text, cell) in cases {
            let pattern = Pattern::new(text).unwrap();
            assert_eq!(pattern.date(cell), NaiveDate::parse_from_str(cell, text).ok(), "{text} {cell}");
            assert_eq!(pattern.time(cell), NaiveTime::parse_from_str(cell, text).ok(), "{text} {cell}");
            let expected = NaiveDateTime::parse_from_str(cell, text)
                .ok()
                .or_else(|| DateTime::parse_from_str(cell, text).ok().map(|t| t.naive_utc()));
            assert_eq!(pattern.datetime(cell), expected, "{text} {cell}");
        }
        assert!(Pattern::new("%Q").is_none());
    }
}
