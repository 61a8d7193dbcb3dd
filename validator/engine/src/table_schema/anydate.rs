//! `format: any` for `date`, `time` and `datetime`: the forms `dateutil.parser.parse`
//! (which frictionless uses) accepts, with its defaults (month first, components not given
//! taken from today, a day past the month's end clamped to it).
//!
//! Accepted: numbers separated by `-`, `/`, `.` or spaces (`1958-03`, `03/04/1958`,
//! `1958.3.4`, `4 3 1958`), month names and abbreviations in English (`March 1958`,
//! `4-Mar-1958`, `March 4, 1958`), weekday names (ignored), compact `YYYYMMDD`,
//! `YYMMDD` and `YYYYMMDDhhmm[ss]`, ordinals (`4th`), a time `hh:mm[:ss[.ffffff]]` with
//! `am`/`pm`, and a zone `Z`, `UTC`, `GMT` or `±hh[:mm]`. Components are resolved as dateutil
//! resolves them (a number over 31 or of more than two digits is the year; otherwise
//! month, day, year in that order unless the values rule it out). Anything else is refused.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const WEEKDAYS: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
/// Words dateutil skips.
const JUMP: [&str; 11] = ["at", "on", "and", "ad", "m", "t", "of", "st", "nd", "rd", "th"];

/// A token of the text: a number (with its digits), a word, or a separator.
#[derive(Debug, Clone, PartialEq)]
enum Token<'a> {
    Number(&'a str),
    Word(&'a str),
    Sep(char),
}

fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let end = if c.is_ascii_digit() {
            rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len())
        } else if c.is_alphabetic() {
            rest.find(|c: char| !c.is_alphabetic()).unwrap_or(rest.len())
        } else {
            c.len_utf8()
        };
        let (token, tail) = rest.split_at(end);
        out.push(if c.is_ascii_digit() {
            Token::Number(token)
        } else if c.is_alphabetic() {
            Token::Word(token)
        } else {
            Token::Sep(c)
        });
        rest = tail;
    }
    out
}

fn month_of(word: &str) -> Option<u32> {
    let lower = word.to_lowercase();
    if lower.len() < 3 {
        return None;
    }
    let index = MONTHS.iter().position(|m| {
        *m == lower || (lower.len() == 3 && m.starts_with(&lower)) || (lower == "sept" && *m == "september")
    })?;
    u32::try_from(index + 1).ok()
}

fn is_weekday(word: &str) -> bool {
    let lower = word.to_lowercase();
    WEEKDAYS.iter().any(|d| *d == lower || (lower.len() == 3 && d.starts_with(&lower)))
}

/// Year, month and day values in the order found, with which are known to be the year
/// (more than two digits) or the month (a name).
#[derive(Default)]
struct Ymd {
    values: Vec<i64>,
    year_at: Option<usize>,
    month_at: Option<usize>,
}

impl Ymd {
    fn push_number(&mut self, digits: &str) -> Option<()> {
        let value: i64 = digits.parse().ok()?;
        if digits.len() > 2 || value > 100 {
            if self.year_at.is_some() {
                return None;
            }
            self.year_at = Some(self.values.len());
        }
        self.values.push(value);
        (self.values.len() <= 3).then_some(())
    }

    fn push_month(&mut self, month: u32) -> Option<()> {
        if self.month_at.is_some() {
            return None;
        }
        self.month_at = Some(self.values.len());
        self.values.push(i64::from(month));
        (self.values.len() <= 3).then_some(())
    }

    /// dateutil's `resolve_ymd` with `dayfirst` and `yearfirst` false.
    fn resolve(&self) -> (Option<i64>, Option<i64>, Option<i64>) {
        let v = &self.values;
        let (mut year, mut month, mut day) = (None, None, None);
        let known = usize::from(self.year_at.is_some()) + usize::from(self.month_at.is_some());
        if known > 0 && (v.len() == known || (v.len() == 3 && known == 2)) {
            for (i, &value) in v.iter().enumerate() {
                if Some(i) == self.year_at {
                    year = Some(value);
                } else if Some(i) == self.month_at {
                    month = Some(value);
                } else {
                    day = Some(value);
                }
            }
            return (year, month, day);
        }
        match (v.len(), self.month_at) {
            (1, None) => {
                if v[0] > 31 {
                    year = Some(v[0]);
                } else {
                    day = Some(v[0]);
                }
            }
            (1, Some(_)) => month = Some(v[0]),
            (2, Some(m)) => {
                month = Some(v[m]);
                let other = v[1 - m];
                if other > 31 {
                    year = Some(other);
                } else {
                    day = Some(other);
                }
            }
            (2, None) => {
                if v[0] > 31 {
                    (year, month) = (Some(v[0]), Some(v[1]));
                } else if v[1] > 31 {
                    (month, year) = (Some(v[0]), Some(v[1]));
                } else {
                    (month, day) = (Some(v[0]), Some(v[1]));
                }
            }
            (3, Some(0)) => {
                if v[1] > 31 {
                    (month, year, day) = (Some(v[0]), Some(v[1]), Some(v[2]));
                } else {
                    (month, day, year) = (Some(v[0]), Some(v[1]), Some(v[2]));
                }
            }
            (3, Some(1)) => {
                if v[0] > 31 {
                    (year, month, day) = (Some(v[0]), Some(v[1]), Some(v[2]));
                } else {
                    (day, month, year) = (Some(v[0]), Some(v[1]), Some(v[2]));
                }
            }
            (3, Some(_)) => {
                if v[1] > 31 {
                    (day, year, month) = (Some(v[0]), Some(v[1]), Some(v[2]));
                } else {
                    (year, day, month) = (Some(v[0]), Some(v[1]), Some(v[2]));
                }
            }
            (3, None) => {
                if v[0] > 31 || self.year_at == Some(0) {
                    (year, month, day) = (Some(v[0]), Some(v[1]), Some(v[2]));
                } else if v[0] > 12 {
                    (day, month, year) = (Some(v[0]), Some(v[1]), Some(v[2]));
                } else {
                    (month, day, year) = (Some(v[0]), Some(v[1]), Some(v[2]));
                }
            }
            _ => {}
        }
        (year, month, day)
    }
}

/// A parsed date and time; `offset` in seconds east of UTC when a zone was given.
struct Parsed {
    ymd: Ymd,
    time: Option<Clock>,
    offset: Option<i32>,
}

/// Reads `hh:mm[:ss[.ffffff]]` from `tokens[at..]`; returns the time and the next index.
fn clock(tokens: &[Token<'_>], at: usize) -> Option<(Clock, usize)> {
    let Token::Number(hours) = tokens.get(at)? else { return None };
    let Token::Number(minutes) = tokens.get(at + 2)? else { return None };
    let mut time = Clock { hour: hours.parse().ok()?, minute: minutes.parse().ok()?, ..Clock::default() };
    let mut next = at + 3;
    if tokens.get(next) == Some(&Token::Sep(':')) {
        let Token::Number(seconds) = tokens.get(next + 1)? else { return None };
        time.second = seconds.parse().ok()?;
        next += 2;
        if matches!(tokens.get(next), Some(Token::Sep('.' | ','))) {
            let Token::Number(fraction) = tokens.get(next + 1)? else { return None };
            let digits: String = fraction.chars().chain(std::iter::repeat('0')).take(6).collect();
            time.micro = digits.parse().ok()?;
            next += 2;
        }
    }
    Some((time, next))
}

/// A time of day as read.
#[derive(Debug, Clone, Copy, Default)]
struct Clock {
    hour: u32,
    minute: u32,
    second: u32,
    micro: u32,
}

impl Clock {
    fn time(self) -> Option<NaiveTime> {
        NaiveTime::from_hms_micro_opt(self.hour, self.minute, self.second, self.micro)
    }
}

/// Reads a run of digits not followed by `:`: a compact date (`YYYYMMDD`, `YYMMDD`,
/// `YYYYMMDDhhmm[ss]`) or one date component.
fn number(parsed: &mut Parsed, digits: &str, next: Option<&Token<'_>>) -> Option<()> {
    let compact = parsed.ymd.values.is_empty()
        && matches!(digits.len(), 6 | 8 | 12 | 14)
        && !matches!(next, Some(Token::Sep('-' | '/' | '.')));
    if !compact {
        return parsed.ymd.push_number(digits);
    }
    let short = digits.len() == 6;
    let (year, rest) = digits.split_at(if short { 2 } else { 4 });
    parsed.ymd.push_number(year)?;
    if short {
        // YYMMDD: the two-digit year comes first.
        parsed.ymd.year_at = Some(0);
    }
    parsed.ymd.push_number(rest.get(..2)?)?;
    parsed.ymd.push_number(rest.get(2..4)?)?;
    if let Some(hms) = rest.get(4..).filter(|hms| !hms.is_empty()) {
        let part = |k: usize| hms.get(k..k + 2).map_or(Some(0), |s| s.parse().ok());
        parsed.time = Some(Clock { hour: part(0)?, minute: part(2)?, second: part(4)?, micro: 0 });
    }
    Some(())
}

/// Reads a word: a month, `am`/`pm`, a zone name, or a word dateutil skips.
fn word(parsed: &mut Parsed, word: &str, found: bool, next: Option<&Token<'_>>) -> Option<bool> {
    let lower = word.to_lowercase();
    if let Some(month) = month_of(word) {
        parsed.ymd.push_month(month)?;
        return Some(true);
    }
    if matches!(lower.as_str(), "am" | "pm" | "a" | "p") {
        let mut time = parsed.time?;
        if !(1..=12).contains(&time.hour) {
            return None;
        }
        time.hour = match (lower.starts_with('p'), time.hour) {
            (true, 12) | (false, 0..12) => time.hour,
            (true, hour) => hour + 12,
            (false, _) => 0,
        };
        parsed.time = Some(time);
    } else if matches!(lower.as_str(), "z" | "utc" | "gmt") && parsed.offset.is_none() && found {
        parsed.offset = Some(0);
    } else if lower == "t" && matches!(next, Some(Token::Number(_))) {
        // The date/time separator of ISO 8601.
    } else if !(is_weekday(word) || JUMP.contains(&lower.as_str())) {
        return None;
    }
    Some(false)
}

/// Reads a `±hh[:mm]` or `±hhmm` zone at `tokens[at]`; returns the index after it.
fn zone(parsed: &mut Parsed, tokens: &[Token<'_>], at: usize, sign: i32) -> Option<usize> {
    let Some(Token::Number(hours)) = tokens.get(at + 1) else { return None };
    let (h, m, next) = match (hours.len(), tokens.get(at + 2), tokens.get(at + 3)) {
        (4, _, _) => (hours.get(..2)?.parse::<i32>().ok()?, hours.get(2..)?.parse::<i32>().ok()?, at + 2),
        (1 | 2, Some(Token::Sep(':')), Some(Token::Number(minutes))) => {
            (hours.parse().ok()?, minutes.parse().ok()?, at + 4)
        }
        (1 | 2, _, _) => (hours.parse().ok()?, 0, at + 2),
        _ => return None,
    };
    parsed.offset = Some(sign * (h * 3600 + m * 60));
    Some(next)
}

fn parse(text: &str) -> Option<Parsed> {
    let tokens = tokens(text.trim());
    let mut parsed = Parsed { ymd: Ymd::default(), time: None, offset: None };
    let mut found = false;
    let mut at = 0;
    while let Some(token) = tokens.get(at) {
        let next = tokens.get(at + 1);
        match *token {
            Token::Number(_) if next == Some(&Token::Sep(':')) && parsed.time.is_none() => {
                found = true;
                let (time, after) = clock(&tokens, at)?;
                parsed.time = Some(time);
                at = after;
                continue;
            }
            Token::Number(digits) => {
                found = true;
                number(&mut parsed, digits, next)?;
            }
            Token::Word(text) => found |= word(&mut parsed, text, found, next)?,
            Token::Sep(sign @ ('+' | '-')) if parsed.time.is_some() && parsed.offset.is_none() => {
                at = zone(&mut parsed, &tokens, at, if sign == '-' { -1 } else { 1 })?;
                continue;
            }
            Token::Sep(c) if c.is_whitespace() || matches!(c, '.' | ',' | ';' | '-' | '/' | '\'') => {}
            Token::Sep(_) => return None,
        }
        at += 1;
    }
    found.then_some(parsed)
}

/// The date dateutil would give: missing components from `today`, the day clamped.
fn date_of(ymd: &Ymd, today: NaiveDate) -> Option<NaiveDate> {
    let (year, month, day) = ymd.resolve();
    let year = match year {
        None => today.year(),
        Some(y) if y < 100 && ymd.year_at.is_none_or(|at| ymd.values.get(at).is_some_and(|v| *v < 100)) => {
            // dateutil: a two-digit year is the one within 50 years of today.
            let century = today.year() / 100 * 100;
            let mut full = century + i32::try_from(y).ok()?;
            if full >= today.year() + 50 {
                full -= 100;
            } else if full < today.year() - 50 {
                full += 100;
            }
            full
        }
        Some(y) => i32::try_from(y).ok()?,
    };
    let month = u32::try_from(month.unwrap_or(i64::from(today.month()))).ok()?;
    let day = if let Some(d) = day {
        u32::try_from(d).ok()?
    } else {
        let first = NaiveDate::from_ymd_opt(year, month, 1)?;
        let last = first.checked_add_months(chrono::Months::new(1))?.pred_opt()?.day();
        today.day().min(last)
    };
    NaiveDate::from_ymd_opt(year, month, day)
}

/// Today (UTC), which supplies the components a text does not give.
fn today() -> NaiveDate {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs() / 86_400);
    NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|epoch| epoch.checked_add_days(chrono::Days::new(days)))
        .unwrap_or_default()
}

/// `dateutil.parser.parse(text)`, as a UTC date and time when a zone is given.
#[must_use]
pub fn datetime(text: &str) -> Option<NaiveDateTime> {
    let parsed = parse(text)?;
    let date = date_of(&parsed.ymd, today())?;
    let local = date.and_time(parsed.time.unwrap_or_default().time()?);
    Some(local - chrono::TimeDelta::seconds(i64::from(parsed.offset.unwrap_or(0))))
}

/// `dateutil.parser.parse(text).date()`.
#[must_use]
pub fn date(text: &str) -> Option<NaiveDate> {
    let parsed = parse(text)?;
    let date = date_of(&parsed.ymd, today())?;
    parsed.time.unwrap_or_default().time()?;
    Some(date)
}

/// `dateutil.parser.parse(text).time()`.
#[must_use]
pub fn time(text: &str) -> Option<NaiveTime> {
    let parsed = parse(text)?;
    date_of(&parsed.ymd, today())?;
    parsed.time.unwrap_or_default().time()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(text: &str) -> Option<(i32, u32, u32)> {
        let parsed = parse(text)?;
        let today = NaiveDate::from_ymd_opt(2026, 1, 31)?;
        date_of(&parsed.ymd, today).map(|d| (d.year(), d.month(), d.day()))
    }

    #[test]
    fn reads_what_dateutil_reads() {
        assert_eq!(ymd("1958-03"), Some((1958, 3, 31)));
        assert_eq!(ymd("1958-02"), Some((1958, 2, 28)));
        assert_eq!(ymd("1958"), Some((1958, 1, 31)));
        assert_eq!(ymd("03/04/1958"), Some((1958, 3, 4)));
        assert_eq!(ymd("13/04/1958"), Some((1958, 4, 13)));
        assert_eq!(ymd("1958-03-04T10:00:00Z"), Some((1958, 3, 4)));
        assert_eq!(ymd("4 March 1958"), Some((1958, 3, 4)));
        assert_eq!(ymd("Tuesday, March 4th, 1958"), Some((1958, 3, 4)));
        assert_eq!(ymd("4-Mar-58"), Some((2058, 3, 4)));
        assert_eq!(ymd("19580304"), Some((1958, 3, 4)));
        assert_eq!(ymd("1958.03.04"), Some((1958, 3, 4)));
        assert_eq!(ymd("10:30 pm"), Some((2026, 1, 31)));
    }

    #[test]
    fn refuses_what_dateutil_refuses() {
        for text in ["", "abc", "1958-13-01", "32/32/1958", "1958-02-30", "12:61", "1/2/3/4", "N/A", "-"] {
            assert_eq!(ymd(text).filter(|_| time(text).is_some()), None, "{text:?}");
        }
    }
}
