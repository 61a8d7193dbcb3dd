//! Field types: reading a cell's text into a typed value, as frictionless does.

use std::cmp::Ordering;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde_json::Value;

use super::strftime::{Pattern, iso_clock, iso_date};

/// A Table Schema field type with its format options.
#[derive(Debug, Clone)]
pub enum FieldType {
    /// `string`, with `format` `default`, `email`, `uri`, `uuid`, `binary` or an identifier.
    String(StringFormat),
    /// `integer` (`bareNumber`; `groupChar` is accepted and, as in frictionless, not applied).
    Integer(NumberOptions),
    /// `number`.
    Number(NumberOptions),
    /// `boolean`.
    Boolean {
        /// Texts read as true.
        true_values: Vec<String>,
        /// Texts read as false.
        false_values: Vec<String>,
    },
    /// `date`, with an optional strftime pattern (`None` = ISO 8601, `any` = common forms).
    Date(DateFormat),
    /// `time`.
    Time(DateFormat),
    /// `datetime`.
    DateTime(DateFormat),
    /// `year`.
    Year,
    /// `yearmonth`.
    YearMonth,
    /// `duration` (ISO 8601).
    Duration,
    /// `geopoint`, with format `default` (`lon, lat`), `array` or `object`.
    GeoPoint(GeoPointFormat),
    /// `geojson` (or `topojson` format).
    GeoJson {
        /// Whether the format is `topojson`.
        topo: bool,
    },
    /// `object` (a JSON object).
    Object,
    /// `array` (a JSON array).
    Array,
    /// `any`.
    Any,
    /// `list` (Table Schema v2): items of `item`'s type separated by `delimiter`.
    List {
        /// Type of each item (with its default format).
        item: Box<FieldType>,
        /// Item separator.
        delimiter: String,
    },
}

/// Options of `number` and `integer` fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberOptions {
    /// Whether `bareNumber`, `decimalChar` or `groupChar` is given (frictionless then
    /// processes the text before reading it).
    pub processed: bool,
    /// Whether the number must be bare (no currency signs, percent, ...).
    pub bare: bool,
    /// Decimal separator.
    pub decimal: String,
    /// Thousands separator (`""`: none).
    pub group: String,
}

/// Formats of `string` fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StringFormat {
    /// Any text.
    Default,
    /// An e-mail address.
    Email,
    /// An absolute URI.
    Uri,
    /// A UUID.
    Uuid,
    /// Base64-encoded bytes.
    Binary,
    /// A public identifier with a check character (`gb11643`, `gb32100`, `iso7064-mod11-2`:
    /// a conform extension, see [`crate::identifiers`]).
    Identifier(&'static str),
}

/// Formats of date and time fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateFormat {
    /// ISO 8601.
    Default,
    /// Any common form.
    Any,
    /// A strftime pattern (`%d/%m/%Y`).
    Pattern(Pattern),
}

/// Formats of `geopoint` fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GeoPointFormat {
    /// `"lon, lat"`.
    Default,
    /// `[lon, lat]`.
    Array,
    /// `{"lon": .., "lat": ..}`.
    Object,
}

/// A cell read as its field's type.
#[derive(Debug, Clone, PartialEq)]
pub enum Typed<'a> {
    /// `string` and `any`.
    Text(&'a str),
    /// `integer`.
    Integer(i128),
    /// `number`.
    Number(f64),
    /// `boolean`.
    Boolean(bool),
    /// `date`.
    Date(NaiveDate),
    /// `time`.
    Time(NaiveTime),
    /// `datetime` (UTC when an offset was given).
    DateTime(NaiveDateTime),
    /// `year`.
    Year(i64),
    /// `yearmonth`.
    YearMonth(i64, u32),
    /// `duration`, in seconds (months as 30 days, years as 365 days).
    Duration(f64),
    /// `geopoint`: longitude and latitude.
    GeoPoint(f64, f64),
    /// `object`, `array` and `geojson`.
    Json(Value),
    /// `list`: its items.
    List(Vec<Typed<'a>>),
}

impl FieldType {
    /// The `type` name.
    #[must_use]
    pub fn name(&self) -> &'static str {
        match self {
            Self::String(_) => "string",
            Self::Integer { .. } => "integer",
            Self::Number { .. } => "number",
            Self::Boolean { .. } => "boolean",
            Self::Date(_) => "date",
            Self::Time(_) => "time",
            Self::DateTime(_) => "datetime",
            Self::Year => "year",
            Self::YearMonth => "yearmonth",
            Self::Duration => "duration",
            Self::GeoPoint(_) => "geopoint",
            Self::GeoJson { .. } => "geojson",
            Self::Object => "object",
            Self::Array => "array",
            Self::Any => "any",
            Self::List { .. } => "list",
        }
    }

    /// Reads `cell`; `None` when it is not a value of this type.
    #[must_use]
    pub fn read<'a>(&self, cell: &'a str) -> Option<Typed<'a>> {
        match self {
            Self::String(format) => read_string(*format, cell).then_some(Typed::Text(cell)),
            Self::Any => Some(Typed::Text(cell)),
            Self::Integer(options) => match plain_integer(cell) {
                Some(n) => Some(Typed::Integer(n)),
                None => read_integer(&unbare(cell, options, false)?).map(Typed::Integer),
            },
            Self::Number(options) => match plain_number(cell, options) {
                Some(n) => Some(Typed::Number(n)),
                None => read_number(&unbare(cell, options, true)?).map(Typed::Number),
            },
            Self::List { item, delimiter } => {
                cell.split(delimiter.as_str()).map(|part| item.read(part)).collect::<Option<_>>().map(Typed::List)
            }
            Self::Boolean { true_values, false_values } => {
                if true_values.iter().any(|v| v == cell) {
                    Some(Typed::Boolean(true))
                } else if false_values.iter().any(|v| v == cell) {
                    Some(Typed::Boolean(false))
                } else {
                    None
                }
            }
            Self::Date(format) => read_date(format, cell).map(Typed::Date),
            Self::Time(format) => read_time(format, cell).map(Typed::Time),
            Self::DateTime(format) => read_datetime(format, cell).map(Typed::DateTime),
            Self::Year => read_year(cell).map(Typed::Year),
            Self::YearMonth => read_yearmonth(cell).map(|(y, m)| Typed::YearMonth(y, m)),
            Self::Duration => read_duration(cell).map(Typed::Duration),
            Self::GeoPoint(format) => read_geopoint(*format, cell).map(|(lon, lat)| Typed::GeoPoint(lon, lat)),
            Self::GeoJson { topo } => read_geojson(cell, *topo).map(Typed::Json),
            Self::Object => serde_json::from_str::<Value>(cell).ok().filter(Value::is_object).map(Typed::Json),
            Self::Array => serde_json::from_str::<Value>(cell).ok().filter(Value::is_array).map(Typed::Json),
        }
    }
}

impl Typed<'_> {
    /// Orders two values of the same type (for `minimum`/`maximum`).
    #[must_use]
    #[expect(clippy::cast_precision_loss, reason = "integers compared with decimals are compared approximately")]
    pub fn compare(&self, other: &Self) -> Option<Ordering> {
        match (self, other) {
            (Self::Text(a), Self::Text(b)) => Some(a.cmp(b)),
            (Self::Integer(a), Self::Integer(b)) => Some(a.cmp(b)),
            (Self::Number(a), Self::Number(b)) | (Self::Duration(a), Self::Duration(b)) => a.partial_cmp(b),
            (Self::Integer(a), Self::Number(b)) => (*a as f64).partial_cmp(b),
            (Self::Number(a), Self::Integer(b)) => a.partial_cmp(&(*b as f64)),
            (Self::Date(a), Self::Date(b)) => Some(a.cmp(b)),
            (Self::Time(a), Self::Time(b)) => Some(a.cmp(b)),
            (Self::DateTime(a), Self::DateTime(b)) => Some(a.cmp(b)),
            (Self::Year(a), Self::Year(b)) => Some(a.cmp(b)),
            (Self::YearMonth(a, b), Self::YearMonth(c, d)) => Some((a, b).cmp(&(c, d))),
            (Self::Boolean(a), Self::Boolean(b)) => Some(a.cmp(b)),
            _ => None,
        }
    }

    /// The value without its borrow of the cell; `None` for text.
    #[must_use]
    pub fn detach(self) -> Option<Typed<'static>> {
        Some(match self {
            Self::Text(_) => return None,
            Self::Integer(n) => Typed::Integer(n),
            Self::Number(n) => Typed::Number(n),
            Self::Boolean(b) => Typed::Boolean(b),
            Self::Date(d) => Typed::Date(d),
            Self::Time(t) => Typed::Time(t),
            Self::DateTime(t) => Typed::DateTime(t),
            Self::Year(y) => Typed::Year(y),
            Self::YearMonth(y, m) => Typed::YearMonth(y, m),
            Self::Duration(s) => Typed::Duration(s),
            Self::GeoPoint(lon, lat) => Typed::GeoPoint(lon, lat),
            Self::Json(value) => Typed::Json(value),
            Self::List(items) => return Some(Typed::Json(Value::Array(items.iter().map(Typed::json).collect()))),
        })
    }

    /// The value as JSON (list items kept for lengths and canonical forms).
    fn json(&self) -> Value {
        match self {
            Self::Text(text) => Value::String((*text).to_owned()),
            Self::Integer(n) => serde_json::Number::from_i128(*n).map_or(Value::Null, Value::Number),
            Self::Number(n) | Self::Duration(n) => serde_json::Number::from_f64(*n).map_or(Value::Null, Value::Number),
            Self::Boolean(b) => Value::Bool(*b),
            Self::Json(value) => value.clone(),
            Self::List(items) => Value::Array(items.iter().map(Typed::json).collect()),
            other => Value::String(other.display()),
        }
    }

    /// Length for `minLength`/`maxLength`: characters of text, items of arrays/objects.
    #[must_use]
    pub fn length(&self) -> Option<usize> {
        match self {
            Self::Text(text) => Some(text.chars().count()),
            Self::Json(Value::Array(items)) => Some(items.len()),
            Self::Json(Value::Object(map)) => Some(map.len()),
            Self::List(items) => Some(items.len()),
            _ => None,
        }
    }

    /// Writes a canonical form: equal values (e.g. integer `01` and `1`, number `1.0`)
    /// write equal bytes; values of different kinds never do.
    pub fn write_canonical(&self, out: &mut Vec<u8>) {
        use std::io::Write;
        let _ = match self {
            Self::Text(text) => write!(out, "s{}:{text}", text.len()),
            Self::Integer(n) => write!(out, "n{n};"),
            Self::Number(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => write!(out, "n{};", *n as i64),
            Self::Number(n) => write!(out, "f{n};"),
            Self::Boolean(b) => write!(out, "b{};", u8::from(*b)),
            Self::Date(d) => write!(out, "d{d};"),
            Self::Time(t) => write!(out, "t{t};"),
            Self::DateTime(t) => write!(out, "T{t};"),
            Self::Year(y) => write!(out, "y{y};"),
            Self::YearMonth(y, m) => write!(out, "m{y}-{m};"),
            Self::Duration(s) => write!(out, "P{s};"),
            Self::GeoPoint(lon, lat) => write!(out, "g{lon},{lat};"),
            Self::Json(value) => write!(out, "j{value};"),
            Self::List(items) => {
                let _ = write!(out, "l{}[", items.len());
                for item in items {
                    item.write_canonical(out);
                }
                write!(out, "]")
            }
        };
    }

    /// The value as shown in messages.
    #[must_use]
    pub fn display(&self) -> String {
        match self {
            Self::Text(text) => format!("{text:?}"),
            Self::Integer(n) => n.to_string(),
            Self::Number(n) | Self::Duration(n) => n.to_string(),
            Self::Boolean(b) => b.to_string(),
            Self::Date(d) => d.to_string(),
            Self::Time(t) => t.to_string(),
            Self::DateTime(t) => t.to_string(),
            Self::Year(y) => y.to_string(),
            Self::YearMonth(y, m) => format!("{y}-{m:02}"),
            Self::GeoPoint(lon, lat) => format!("{lon}, {lat}"),
            Self::Json(value) => value.to_string(),
            Self::List(items) => format!("[{}]", items.iter().map(Typed::display).collect::<Vec<_>>().join(", ")),
        }
    }
}

fn read_string(format: StringFormat, cell: &str) -> bool {
    match format {
        StringFormat::Default => true,
        StringFormat::Email => is_email(cell),
        StringFormat::Uri => is_uri(cell),
        StringFormat::Uuid => is_uuid(cell),
        StringFormat::Binary => is_base64(cell),
        StringFormat::Identifier(name) => crate::identifiers::format(name).is_some_and(|check| check(cell)),
    }
}

fn is_email(cell: &str) -> bool {
    let Some((local, domain)) = cell.rsplit_once('@') else { return false };
    let ok = |part: &str| !part.is_empty() && !part.contains(|c: char| c.is_whitespace() || c == '@');
    let top = domain.rsplit('.').next().unwrap_or_default();
    let top_ok = (top.len() >= 2 && top.bytes().all(|b| b.is_ascii_alphabetic())) || top.starts_with("xn--");
    ok(local) && ok(domain) && domain.contains('.') && !domain.starts_with('.') && top_ok
}

fn is_uri(cell: &str) -> bool {
    let Some((scheme, rest)) = cell.split_once(':') else { return false };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !rest.is_empty()
        && !cell.contains(|c: char| c.is_whitespace() || c.is_control())
}

fn is_uuid(cell: &str) -> bool {
    let bytes = cell.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(
            |(i, b)| {
                if matches!(i, 8 | 13 | 18 | 23) { *b == b'-' } else { b.is_ascii_hexdigit() }
            },
        )
}

fn is_base64(cell: &str) -> bool {
    let bytes = cell.as_bytes();
    if !bytes.len().is_multiple_of(4) {
        return false;
    }
    let body = cell.trim_end_matches('=');
    bytes.len() - body.len() <= 2 && body.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
}

/// Frictionless's text processing before reading a number: surrounding whitespace off;
/// when `bareNumber`, `decimalChar` or `groupChar` is given, for non-bare numbers leading
/// characters other than digits and `-` and trailing non-digits off (currency signs,
/// percent), group separators removed, and a `.` refused when the decimal separator is not
/// `.` (then the decimal separator becomes `.`). `None` when the text is refused.
fn unbare<'a>(cell: &'a str, options: &NumberOptions, number: bool) -> Option<std::borrow::Cow<'a, str>> {
    let mut text = std::borrow::Cow::Borrowed(cell.trim());
    if !options.bare {
        let trimmed = text.trim_start_matches(|c: char| !c.is_ascii_digit() && c != '-');
        let trimmed = trimmed.trim_end_matches(|c: char| !c.is_ascii_digit());
        text = trimmed.to_owned().into();
    }
    if !number {
        // frictionless 5.21 reads `groupChar` on integers as nothing: a grouped integer is
        // a type error (the stricter reading; see docs/table-schema.md).
        return Some(text);
    }
    if options.processed {
        if !options.group.is_empty() && text.contains(options.group.as_str()) {
            text = text.replace(options.group.as_str(), "").into();
        }
        if options.decimal != "." {
            if text.contains('.') {
                return None;
            }
            if text.contains(options.decimal.as_str()) {
                text = text.replace(options.decimal.as_str(), ".").into();
            }
        }
    }
    Some(text)
}

/// The value of a cell written `-?[0-9]{1,18}`, which every option reads as itself (no
/// whitespace, nothing for `bareNumber` to strip); `None` for any other text, which the full
/// reading then handles.
fn plain_integer(cell: &str) -> Option<i128> {
    let (negative, digits) = match cell.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        bytes => (false, bytes),
    };
    if digits.is_empty() || digits.len() > 18 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let value = digits.iter().fold(0i64, |n, &d| n * 10 + i64::from(d - b'0'));
    Some(i128::from(if negative { -value } else { value }))
}

/// Exact powers of ten as `f64` (up to 10^22, the largest one exactly representable).
const POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
    1e21, 1e22,
];

/// The value of a cell written `-?[0-9]+(\.[0-9]+)?` with at most 15 digits, when the
/// options read it as itself (the decimal separator is `.`, and no group separator can occur
/// in it; a leading digit or `-` and a trailing digit are what `bareNumber: false` keeps).
/// The digits form an integer below 2^53 and the divisor is an exact power of ten, so one
/// division is the correctly rounded value, as Python's `float(Decimal(text))`. `None` for
/// any other text, which the full reading then handles.
fn plain_number(cell: &str, options: &NumberOptions) -> Option<f64> {
    if options.processed
        && (options.decimal != "." || options.group.bytes().any(|b| b.is_ascii_digit() || b == b'.' || b == b'-'))
    {
        return None;
    }
    let (negative, body) = match cell.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        bytes => (false, bytes),
    };
    let (whole, fraction) = match body.iter().position(|&b| b == b'.') {
        Some(dot) => (&body[..dot], &body[dot + 1..]),
        None => (body, &[][..]),
    };
    let plain = |digits: &[u8]| !digits.is_empty() && digits.iter().all(u8::is_ascii_digit);
    if !plain(whole) || (body.len() > whole.len() && !plain(fraction)) || whole.len() + fraction.len() > 15 {
        return None;
    }
    let mantissa = whole.iter().chain(fraction).fold(0u64, |n, &d| n * 10 + u64::from(d - b'0'));
    #[expect(clippy::cast_precision_loss, reason = "at most 15 digits: below 2^53, exact")]
    let value = mantissa as f64 / POWERS_OF_TEN[fraction.len()];
    Some(if negative { -value } else { value })
}

/// Python's `int()`: surrounding whitespace, a sign, underscores between digits.
fn read_integer(text: &str) -> Option<i128> {
    let text = text.trim();
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || digits.starts_with('_') || digits.ends_with('_') || digits.contains("__") {
        return None;
    }
    if !digits.bytes().all(|b| b.is_ascii_digit() || b == b'_') {
        return None;
    }
    if text.contains('_') { text.replace('_', "").parse().ok() } else { text.parse().ok() }
}

/// Python's `Decimal()`: whitespace, sign, exponent, `Infinity`/`NaN`.
fn read_number(text: &str) -> Option<f64> {
    let text = text.trim();
    let body = text.strip_prefix(['+', '-']).unwrap_or(text);
    // Only a word can be one of Python's special values: digits are never lowercased.
    if body.starts_with(|c: char| c.is_ascii_alphabetic()) {
        let lower = body.to_ascii_lowercase();
        if matches!(lower.as_str(), "inf" | "infinity" | "nan" | "snan") {
            return text.replace("snan", "nan").to_ascii_lowercase().parse().ok();
        }
    }
    let ok = !body.is_empty()
        && body.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-' | b'_'))
        && body.bytes().next().is_some_and(|b| b.is_ascii_digit() || b == b'.');
    if !ok {
        return None;
    }
    if text.contains('_') { text.replace('_', "").parse().ok() } else { text.parse().ok() }
}

fn read_date(format: &DateFormat, cell: &str) -> Option<NaiveDate> {
    match format {
        DateFormat::Default => loose_iso_date(cell),
        DateFormat::Pattern(pattern) => pattern.date(cell),
        DateFormat::Any => super::anydate::date(cell),
    }
}

/// `YYYY-M-D`: four-digit year, one- or two-digit month and day (as Python's `strptime`).
fn loose_iso_date(cell: &str) -> Option<NaiveDate> {
    let mut parts = cell.splitn(3, '-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |s: &str, max: usize| !s.is_empty() && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit());
    if year.len() != 4 || !digits(year, 4) || !digits(month, 2) || !digits(day, 2) {
        return None;
    }
    NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
}

fn read_time(format: &DateFormat, cell: &str) -> Option<NaiveTime> {
    match format {
        DateFormat::Default => iso_time(cell).map(|(time, _)| time),
        DateFormat::Pattern(pattern) => pattern.time(cell),
        DateFormat::Any => super::anydate::time(cell),
    }
}

/// `HH:MM:SS[.fff][Z|±HH:MM]`; returns the time and the offset in seconds.
fn iso_time(cell: &str) -> Option<(NaiveTime, i32)> {
    let b = cell.as_bytes();
    if b.len() < 8 || b[2] != b':' || b[5] != b':' {
        return None;
    }
    let (clock, offset) = split_offset(cell)?;
    let time = iso_clock(clock)?;
    Some((time, offset))
}

/// Splits a trailing `Z`, `±HH:MM` or `±HHMM` off a clock time.
fn split_offset(text: &str) -> Option<(&str, i32)> {
    if let Some(clock) = text.strip_suffix(['Z', 'z']) {
        return Some((clock, 0));
    }
    let Some(at) = text.rfind(['+', '-']) else { return Some((text, 0)) };
    let (clock, zone) = text.split_at(at);
    let sign = if zone.starts_with('-') { -1 } else { 1 };
    let digits: String = zone[1..].chars().filter(char::is_ascii_digit).collect();
    let ok = matches!(zone.len(), 3 | 5 | 6) && digits.len() == zone.len() - 1 - usize::from(zone.contains(':'));
    if !ok {
        return None;
    }
    let hours: i32 = digits.get(..2)?.parse().ok()?;
    let minutes: i32 = digits.get(2..).filter(|m| !m.is_empty()).map_or(Some(0), |m| m.parse().ok())?;
    Some((clock, sign * (hours * 3600 + minutes * 60)))
}

fn read_datetime(format: &DateFormat, cell: &str) -> Option<NaiveDateTime> {
    match format {
        DateFormat::Default => iso_datetime(cell),
        DateFormat::Pattern(pattern) => pattern.datetime(cell),
        DateFormat::Any => super::anydate::datetime(cell),
    }
}

/// `YYYY-MM-DDTHH:MM:SS[.fff][Z|±HH:MM]`, as UTC when an offset is given.
fn iso_datetime(cell: &str) -> Option<NaiveDateTime> {
    let (date, time) = cell.split_at_checked(10)?;
    let date = iso_date(date)?;
    let time = time.strip_prefix(['T', 't'])?;
    let (time, offset) = iso_time(time)?;
    Some(date.and_time(time) - chrono::TimeDelta::seconds(i64::from(offset)))
}

fn read_year(cell: &str) -> Option<i64> {
    (cell.len() == 4 && cell.bytes().all(|b| b.is_ascii_digit())).then(|| cell.parse().ok()).flatten()
}

fn read_yearmonth(cell: &str) -> Option<(i64, u32)> {
    let (year, month) = cell.split_once('-')?;
    let year = read_year(year)?;
    let month: u32 = month.parse().ok().filter(|m| (1..=12).contains(m))?;
    (month > 0).then_some((year, month))
}

/// ISO 8601 durations (`P1Y2M3DT4H5M6.5S`, `P2W`), in seconds.
fn read_duration(cell: &str) -> Option<f64> {
    let rest = cell.strip_prefix('P')?;
    let (date, time) = match rest.split_once('T') {
        Some((date, time)) if !time.is_empty() => (date, Some(time)),
        Some(_) => return None,
        None => (rest, None),
    };
    if date.is_empty() && time.is_none() {
        return None;
    }
    let mut total =
        duration_part(date, &[('Y', 365.0 * 86400.0), ('M', 30.0 * 86400.0), ('W', 7.0 * 86400.0), ('D', 86400.0)])?;
    if let Some(time) = time {
        total += duration_part(time, &[('H', 3600.0), ('M', 60.0), ('S', 1.0)])?;
    }
    Some(total)
}

/// Sums `<number><unit>` items appearing in the order of `units`.
fn duration_part(mut text: &str, units: &[(char, f64)]) -> Option<f64> {
    let mut total = 0.0;
    let mut next = 0;
    while !text.is_empty() {
        let end = text.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))?;
        let (number, rest) = text.split_at(end);
        let unit = rest.chars().next()?;
        let index = units[next..].iter().position(|(u, _)| *u == unit)? + next;
        let value: f64 = number.replace(',', ".").parse().ok()?;
        total += value * units[index].1;
        next = index + 1;
        text = &rest[1..];
    }
    Some(total)
}

fn read_geopoint(format: GeoPointFormat, cell: &str) -> Option<(f64, f64)> {
    let (lon, lat) = match format {
        GeoPointFormat::Default => {
            let (lon, lat) = cell.split_once(',')?;
            (lon.trim().parse::<f64>().ok()?, lat.trim().parse::<f64>().ok()?)
        }
        GeoPointFormat::Array => {
            let value: Value = serde_json::from_str(cell).ok()?;
            let items = value.as_array().filter(|items| items.len() == 2)?;
            (items[0].as_f64()?, items[1].as_f64()?)
        }
        GeoPointFormat::Object => {
            let value: Value = serde_json::from_str(cell).ok()?;
            let map = value.as_object().filter(|map| map.len() == 2)?;
            (map.get("lon")?.as_f64()?, map.get("lat")?.as_f64()?)
        }
    };
    ((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat)).then_some((lon, lat))
}

/// `GeoJSON` geometry, feature or feature collection types.
const GEOJSON_TYPES: [&str; 9] = [
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
    "GeometryCollection",
    "Feature",
    "FeatureCollection",
];

fn read_geojson(cell: &str, topo: bool) -> Option<Value> {
    let value: Value = serde_json::from_str(cell).ok()?;
    let kind = value.get("type")?.as_str()?;
    let ok = if topo {
        kind == "Topology" && value.get("objects").is_some_and(Value::is_object)
    } else {
        GEOJSON_TYPES.contains(&kind)
            && match kind {
                "Feature" => value.get("geometry").is_some(),
                "FeatureCollection" => value.get("features").is_some_and(Value::is_array),
                "GeometryCollection" => value.get("geometries").is_some_and(Value::is_array),
                _ => value.get("coordinates").is_some_and(Value::is_array),
            }
    };
    ok.then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain() -> NumberOptions {
        NumberOptions { processed: false, bare: true, decimal: ".".into(), group: String::new() }
    }

    fn ok(ty: &FieldType, cells: &[&str]) {
        for cell in cells {
            assert!(ty.read(cell).is_some(), "{} should accept {cell:?}", ty.name());
        }
    }

    fn bad(ty: &FieldType, cells: &[&str]) {
        for cell in cells {
            assert!(ty.read(cell).is_none(), "{} should reject {cell:?}", ty.name());
        }
    }

    #[test]
    fn plain_readings_agree_with_the_full_reading() {
        let cells = [
            "0",
            "-0",
            "7",
            "-7",
            "007",
            "123456789012345678",
            "1234567890123456789",
            "3.14",
            "-2.5",
            "0.1",
            "123456789.012345",
            "1234567890.123456",
            "9007199254740993",
            "1.",
            ".5",
            "-",
            "",
            "1.2.3",
            "1,5",
            "12a",
            " 1",
            "1e3",
            "+1",
            "--1",
            "-.5",
            "0.000000000000001",
        ];
        let options = [
            plain(),
            NumberOptions { processed: false, bare: false, decimal: ".".into(), group: String::new() },
            NumberOptions { processed: true, bare: true, decimal: ".".into(), group: ",".into() },
            NumberOptions { processed: true, bare: false, decimal: ",".into(), group: ".".into() },
            NumberOptions { processed: true, bare: true, decimal: ".".into(), group: "0".into() },
        ];
        for options in &options {
            for cell in cells {
                if let Some(n) = plain_integer(cell) {
                    assert_eq!(read_integer(&unbare(cell, options, false).unwrap_or_default()), Some(n), "{cell:?}");
                }
                if let Some(n) = plain_number(cell, options) {
                    let full = read_number(&unbare(cell, options, true).unwrap_or_default());
                    assert_eq!(full.map(f64::to_bits), Some(n.to_bits()), "{cell:?} {options:?}");
                }
            }
        }
        assert_eq!(plain_integer("1234567890123456789"), None);
        assert_eq!(plain_number("1234567890.123456", &plain()), None);
        assert_eq!(plain_number("3.14", &options[3]), None);
        assert_eq!(plain_number("-2.5", &plain()), Some(-2.5));
    }

    #[test]
    fn reads_numbers_as_python_does() {
        let int = FieldType::Integer(plain());
        ok(&int, &["0", "-7", "+12", " 42 ", "1_000", "007"]);
        bad(&int, &["4.2", "1e3", "_1", "1__0", "", "x"]);
        let num = FieldType::Number(plain());
        ok(&num, &["3.14", "1e3", "-.5", "5.", "NaN", "-Infinity"]);
        bad(&num, &["abc", "1,5", "", "e5"]);
        let options = NumberOptions { processed: true, bare: false, decimal: ",".into(), group: ".".into() };
        let euro = FieldType::Number(options);
        assert_eq!(euro.read("EUR 1.234,5"), Some(Typed::Number(1234.5)));
        // As frictionless: with decimalChar `,`, a `.` is not a decimal point.
        let comma =
            FieldType::Number(NumberOptions { processed: true, bare: true, decimal: ",".into(), group: String::new() });
        assert_eq!(comma.read("1,5"), Some(Typed::Number(1.5)));
        bad(&comma, &["1.234", "1.234,5"]);
        let list = FieldType::List { item: Box::new(FieldType::Integer(plain())), delimiter: ",".into() };
        assert_eq!(list.read("1, 2").and_then(|v| v.length()), Some(2));
        bad(&list, &["1,x", ""]);
    }

    #[test]
    fn reads_dates_and_times() {
        ok(&FieldType::Date(DateFormat::Default), &["2024-02-29", "2024-1-5"]);
        bad(&FieldType::Date(DateFormat::Default), &["2023-02-29", "29/02/2024", "24-01-01"]);
        ok(&FieldType::Date(DateFormat::Pattern(Pattern::new("%d/%m/%Y").unwrap())), &["31/12/2024"]);
        ok(&FieldType::DateTime(DateFormat::Default), &["2024-02-29T13:45:00Z", "2024-02-29T13:45:00.5+02:00"]);
        bad(&FieldType::DateTime(DateFormat::Default), &["2024-02-29 13:45", "2024-02-29T25:00:00"]);
        ok(&FieldType::Time(DateFormat::Default), &["13:45:00", "23:59:59.999"]);
        bad(&FieldType::Time(DateFormat::Default), &["13:45", "1:2:3"]);
        ok(&FieldType::Duration, &["P1Y2M3DT4H5M6S", "PT0S", "P2W"]);
        bad(&FieldType::Duration, &["P", "1Y", "PT", "P1S"]);
        ok(&FieldType::YearMonth, &["2024-02", "2024-1"]);
        bad(&FieldType::YearMonth, &["2024-13", "2024-00", "24-01"]);
    }

    #[test]
    fn reads_string_formats_and_structures() {
        ok(&FieldType::String(StringFormat::Email), &["a@example.org"]);
        bad(&FieldType::String(StringFormat::Email), &["x@y.z", "@x.org", "a b@c.org"]);
        ok(&FieldType::String(StringFormat::Uri), &["https://a.org/x", "urn:isbn:1"]);
        bad(&FieldType::String(StringFormat::Uri), &["not a uri", "/relative"]);
        ok(&FieldType::String(StringFormat::Binary), &["aGVsbG8=", ""]);
        bad(&FieldType::String(StringFormat::Binary), &["aGVsbG8", "!!!!"]);
        ok(&FieldType::GeoPoint(GeoPointFormat::Default), &["4.35, 50.85"]);
        bad(&FieldType::GeoPoint(GeoPointFormat::Default), &["200, 50", "abc"]);
        ok(&FieldType::GeoPoint(GeoPointFormat::Array), &["[4.35, 50.85]"]);
        ok(&FieldType::GeoJson { topo: false }, &[r#"{"type":"Point","coordinates":[1,2]}"#]);
        bad(&FieldType::GeoJson { topo: false }, &[r#"{"type":"Circle"}"#, "[]"]);
        bad(&FieldType::Object, &["[1]", "not json"]);
        bad(&FieldType::Array, &["{}"]);
    }

    #[test]
    fn equal_values_have_equal_canonical_forms() {
        let canonical = |ty: &FieldType, cell: &str| {
            let mut bytes = Vec::new();
            ty.read(cell).unwrap().write_canonical(&mut bytes);
            bytes
        };
        let int = FieldType::Integer(plain());
        let num = FieldType::Number(plain());
        assert_eq!(canonical(&int, "01"), canonical(&int, "1"));
        assert_eq!(canonical(&int, "1"), canonical(&num, "1.0"));
        assert_ne!(canonical(&int, "1"), canonical(&FieldType::String(StringFormat::Default), "1"));
    }
}
