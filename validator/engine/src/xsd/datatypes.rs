//! The built-in datatypes of XML Schema 1.0 Part 2: lexical rules and values.

use std::cmp::Ordering;

/// `whiteSpace` handling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum WhiteSpace {
    /// Keep as is.
    Preserve,
    /// Tabs and line ends become spaces.
    Replace,
    /// Replace, then trim and collapse runs of spaces.
    Collapse,
}

impl WhiteSpace {
    /// Normalises `text`.
    pub fn apply(self, text: &str) -> std::borrow::Cow<'_, str> {
        match self {
            Self::Preserve => text.into(),
            Self::Replace => {
                if text.bytes().any(|b| matches!(b, b'\t' | b'\n' | b'\r')) {
                    text.replace(['\t', '\n', '\r'], " ").into()
                } else {
                    text.into()
                }
            }
            Self::Collapse => {
                if is_collapsed(text) {
                    text.into()
                } else {
                    text.split([' ', '\t', '\n', '\r']).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ").into()
                }
            }
        }
    }
}

/// Whether collapsing leaves `text` as it is: no tab or line end, no leading, trailing or
/// doubled space (one pass over the bytes).
fn is_collapsed(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    let mut after_space = false;
    for &b in bytes {
        match b {
            b'\t' | b'\n' | b'\r' => return false,
            b' ' if after_space => return false,
            b' ' => after_space = true,
            _ => after_space = false,
        }
    }
    true
}

macro_rules! builtins {
    ($($variant:ident = $name:literal),* $(,)?) => {
        /// A built-in simple type.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[allow(missing_docs)]
        pub enum Builtin { $($variant),* }

        impl Builtin {
            /// Every built-in simple type.
            pub const ALL: &[Builtin] = &[$(Builtin::$variant),*];

            /// Its local name in the XML Schema namespace.
            pub fn name(self) -> &'static str {
                match self { $(Builtin::$variant => $name),* }
            }
        }
    };
}

builtins! {
    AnySimpleType = "anySimpleType", String = "string", NormalizedString = "normalizedString",
    Token = "token", Language = "language", Name = "Name", NCName = "NCName", Id = "ID",
    IdRef = "IDREF", IdRefs = "IDREFS", Entity = "ENTITY", Entities = "ENTITIES",
    NmToken = "NMTOKEN", NmTokens = "NMTOKENS", AnyUri = "anyURI", QName = "QName",
    Notation = "NOTATION", Boolean = "boolean", Decimal = "decimal", Integer = "integer",
    NonPositiveInteger = "nonPositiveInteger", NegativeInteger = "negativeInteger",
    Long = "long", Int = "int", Short = "short", Byte = "byte",
    NonNegativeInteger = "nonNegativeInteger", UnsignedLong = "unsignedLong",
    UnsignedInt = "unsignedInt", UnsignedShort = "unsignedShort", UnsignedByte = "unsignedByte",
    PositiveInteger = "positiveInteger", Float = "float", Double = "double",
    Duration = "duration", DateTime = "dateTime", Time = "time", Date = "date",
    GYearMonth = "gYearMonth", GYear = "gYear", GMonthDay = "gMonthDay", GDay = "gDay",
    GMonth = "gMonth", HexBinary = "hexBinary", Base64Binary = "base64Binary",
}

impl Builtin {
    /// The type it is derived from (`None` for `anySimpleType`); list types derive from
    /// `anySimpleType`.
    pub fn base(self) -> Option<Self> {
        use Builtin as B;
        Some(match self {
            B::AnySimpleType => return None,
            B::NormalizedString => B::String,
            B::Token => B::NormalizedString,
            B::Language | B::Name | B::NmToken => B::Token,
            B::NCName => B::Name,
            B::Id | B::IdRef | B::Entity => B::NCName,
            B::Integer => B::Decimal,
            B::NonPositiveInteger | B::Long | B::NonNegativeInteger => B::Integer,
            B::NegativeInteger => B::NonPositiveInteger,
            B::Int => B::Long,
            B::Short => B::Int,
            B::Byte => B::Short,
            B::UnsignedLong | B::PositiveInteger => B::NonNegativeInteger,
            B::UnsignedInt => B::UnsignedLong,
            B::UnsignedShort => B::UnsignedInt,
            B::UnsignedByte => B::UnsignedShort,
            _ => B::AnySimpleType,
        })
    }

    /// The whitespace handling of its values.
    pub fn white_space(self) -> WhiteSpace {
        match self {
            Self::String | Self::AnySimpleType => WhiteSpace::Preserve,
            Self::NormalizedString => WhiteSpace::Replace,
            _ => WhiteSpace::Collapse,
        }
    }

    /// Whether it is a list type (`IDREFS`, `ENTITIES`, `NMTOKENS`).
    pub fn is_list(self) -> bool {
        matches!(self, Self::IdRefs | Self::Entities | Self::NmTokens)
    }

    /// Parses a whitespace-normalised lexical form. `resolve` maps a `QName` prefix to its
    /// namespace (`None` when undeclared).
    pub fn parse(self, text: &str, resolve: &dyn Fn(&str) -> Option<Option<String>>) -> Result<Value, String> {
        self.lex(text, resolve).map(|lexical| lexical.into_value(self))
    }

    /// Checks a whitespace-normalised lexical form as [`parse`](Self::parse) does, without
    /// building its value.
    pub fn check(self, text: &str, resolve: &dyn Fn(&str) -> Option<Option<String>>) -> Result<(), String> {
        self.lex(text, resolve).map(drop)
    }

    /// Checks a lexical form, keeping what its value is built from.
    fn lex<'t>(self, text: &'t str, resolve: &dyn Fn(&str) -> Option<Option<String>>) -> Result<Lexical<'t>, String> {
        use Builtin as B;
        let bad = || Err(format!("'{text}' is not a valid value of the atomic type 'xs:{}'", self.name()));
        let ok = match self {
            B::AnySimpleType | B::String | B::NormalizedString | B::Token | B::AnyUri => true,
            B::Language => is_language(text),
            B::Name => is_name(text, true),
            B::NCName | B::Id | B::IdRef | B::Entity => is_name(text, false),
            B::NmToken => !text.is_empty() && text.chars().all(is_name_char),
            B::IdRefs | B::Entities => !text.is_empty() && text.split(' ').all(|t| is_name(t, false)),
            B::NmTokens => !text.is_empty() && text.split(' ').all(|t| !t.is_empty() && t.chars().all(is_name_char)),
            B::QName | B::Notation => {
                let prefixed = text.split_once(':');
                let (prefix, local) = prefixed.unwrap_or(("", text));
                // `:foo` has an empty prefix, which the QName production does not allow.
                if !is_name(local, false) || (prefixed.is_some() && !is_name(prefix, false)) {
                    return bad();
                }
                return match resolve(prefix) {
                    Some(ns) => Ok(Lexical::Value(Value::QName(ns.unwrap_or_default(), local.to_owned()))),
                    None => Err(format!("the QName value '{text}' has no namespace bound to its prefix")),
                };
            }
            B::Boolean => {
                return match text {
                    "true" | "1" => Ok(Lexical::Value(Value::Bool(true))),
                    "false" | "0" => Ok(Lexical::Value(Value::Bool(false))),
                    _ => bad(),
                };
            }
            B::Float | B::Double => {
                return parse_float(text).map(|f| Lexical::Value(Value::Float(f))).ok_or(()).or_else(|()| bad());
            }
            B::Decimal => return Digits::parse(text, true).map(Lexical::Decimal).ok_or(()).or_else(|()| bad()),
            B::Integer
            | B::NonPositiveInteger
            | B::NegativeInteger
            | B::Long
            | B::Int
            | B::Short
            | B::Byte
            | B::NonNegativeInteger
            | B::UnsignedLong
            | B::UnsignedInt
            | B::UnsignedShort
            | B::UnsignedByte
            | B::PositiveInteger => {
                let Some(value) = Digits::parse(text, false) else { return bad() };
                let (min, max) = self.integer_range();
                let limit = |m: &'static str| Digits::parse(m, false).unwrap_or_default();
                if min.is_some_and(|m| value < limit(m)) || max.is_some_and(|m| value > limit(m)) {
                    return bad();
                }
                return Ok(Lexical::Decimal(value));
            }
            B::Duration => {
                return parse_duration(text).map(|d| Lexical::Value(Value::Duration(d))).ok_or(()).or_else(|()| bad());
            }
            B::DateTime | B::Time | B::Date | B::GYearMonth | B::GYear | B::GMonthDay | B::GDay | B::GMonth => {
                return parse_date_time(self, text)
                    .map(|m| Lexical::Value(Value::Moment(m)))
                    .ok_or(())
                    .or_else(|()| bad());
            }
            B::HexBinary => {
                return if text.len().is_multiple_of(2) && text.bytes().all(|b| b.is_ascii_hexdigit()) {
                    Ok(Lexical::Value(Value::Binary(text.len() / 2, text.to_ascii_uppercase())))
                } else {
                    bad()
                };
            }
            B::Base64Binary => {
                return base64_len(text)
                    .map(|n| Lexical::Value(Value::Binary(n, text.replace(' ', ""))))
                    .ok_or(())
                    .or_else(|()| bad());
            }
        };
        if !ok {
            return bad();
        }
        Ok(Lexical::Text(text))
    }

    fn integer_range(self) -> (Option<&'static str>, Option<&'static str>) {
        use Builtin as B;
        match self {
            B::NonPositiveInteger => (None, Some("0")),
            B::NegativeInteger => (None, Some("-1")),
            B::Long => (Some("-9223372036854775808"), Some("9223372036854775807")),
            B::Int => (Some("-2147483648"), Some("2147483647")),
            B::Short => (Some("-32768"), Some("32767")),
            B::Byte => (Some("-128"), Some("127")),
            B::NonNegativeInteger => (Some("0"), None),
            B::UnsignedLong => (Some("0"), Some("18446744073709551615")),
            B::UnsignedInt => (Some("0"), Some("4294967295")),
            B::UnsignedShort => (Some("0"), Some("65535")),
            B::UnsignedByte => (Some("0"), Some("255")),
            B::PositiveInteger => (Some("1"), None),
            _ => (None, None),
        }
    }
}

/// A value in a datatype's value space (as far as facets need it).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A string-family value (and `anyURI`).
    String(String),
    /// `true`/`false`.
    Bool(bool),
    /// `decimal` and the integer types.
    Decimal(Decimal),
    /// `float` and `double`.
    Float(f64),
    /// `duration`: months and seconds.
    Duration((i64, f64)),
    /// A point or recurring moment of the date/time family.
    Moment(Moment),
    /// `hexBinary`/`base64Binary`: octet count and canonical text.
    Binary(usize, String),
    /// `QName`/`NOTATION`: namespace and local name.
    QName(String, String),
    /// A list value.
    List(Vec<Value>),
}

impl Value {
    /// A text equal for equal values (`1.0` and `1` as decimals, `1e0` and `1` as
    /// floats), for identity constraints, which compare values.
    pub fn canonical(&self) -> String {
        match self {
            Self::String(s) => s.clone(),
            Self::Bool(b) => b.to_string(),
            Self::Decimal(d) => {
                let int = if d.int.is_empty() { "0" } else { &d.int };
                let sign = if d.negative && !(d.int.is_empty() && d.frac.is_empty()) { "-" } else { "" };
                if d.frac.is_empty() { format!("{sign}{int}") } else { format!("{sign}{int}.{}", d.frac) }
            }
            Self::Float(f) if *f == 0.0 => "0.0".to_owned(),
            Self::Float(f) => format!("{f:?}"),
            Self::QName(ns, local) => format!("{{{ns}}}{local}"),
            Self::List(items) => items.iter().map(Self::canonical).collect::<Vec<_>>().join(" "),
            Self::Duration(_) | Self::Moment(_) | Self::Binary(..) => format!("{self:?}"),
        }
    }

    /// Its value space, for identity constraints (values of different primitive types
    /// are never equal: the decimal `1` is not the string `1`); `""` for a string.
    pub fn family(&self) -> &'static str {
        match self {
            Self::String(_) => "",
            Self::Bool(_) => "boolean",
            Self::Decimal(_) => "decimal",
            Self::Float(_) => "float",
            Self::Duration(_) => "duration",
            Self::Moment(_) => "moment",
            Self::Binary(..) => "binary",
            Self::QName(..) => "QName",
            Self::List(_) => "list",
        }
    }

    /// The length the `length` facets measure.
    pub fn length(&self) -> Option<usize> {
        match self {
            Self::String(s) => Some(s.chars().count()),
            Self::Binary(n, _) => Some(*n),
            Self::List(items) => Some(items.len()),
            _ => None,
        }
    }

    /// Order between two values of the same ordered type.
    pub fn compare(&self, other: &Self) -> Option<Ordering> {
        match (self, other) {
            (Self::Decimal(a), Self::Decimal(b)) => Some(a.cmp(b)),
            (Self::Float(a), Self::Float(b)) => a.partial_cmp(b),
            (Self::Moment(a), Self::Moment(b)) => a.compare(b),
            (Self::Duration(a), Self::Duration(b)) => duration_order(*a, *b),
            _ => None,
        }
    }
}

/// A valid lexical form, with what its value is built from (borrowed where building the
/// value would allocate).
enum Lexical<'t> {
    /// A string-family form (or a list of names): its value is the text.
    Text(&'t str),
    /// A decimal or integer.
    Decimal(Digits<'t>),
    /// Any other value.
    Value(Value),
}

impl Lexical<'_> {
    /// The value of a form of type `builtin`.
    fn into_value(self, builtin: Builtin) -> Value {
        match self {
            Self::Text(text) if builtin.is_list() => {
                Value::List(text.split(' ').map(|t| Value::String(t.to_owned())).collect())
            }
            Self::Text(text) => Value::String(text.to_owned()),
            Self::Decimal(digits) => Value::Decimal(digits.to_decimal()),
            Self::Value(value) => value,
        }
    }
}

/// An arbitrary-precision decimal: sign, integer digits (no leading zeros), fraction digits
/// (no trailing zeros).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Decimal {
    negative: bool,
    int: String,
    frac: String,
}

/// A decimal's digits borrowed from its lexical form, normalised as in [`Decimal`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Digits<'t> {
    negative: bool,
    int: &'t str,
    frac: &'t str,
}

impl<'t> Digits<'t> {
    /// Parses `[+-]?digits(.digits)?` (the point only when `fraction`).
    fn parse(text: &'t str, fraction: bool) -> Option<Self> {
        let (negative, body) = match text.as_bytes().first()? {
            b'-' => (true, &text[1..]),
            b'+' => (false, &text[1..]),
            _ => (false, text),
        };
        let (int, frac) = match body.split_once('.') {
            Some((i, f)) if fraction => (i, f),
            Some(_) => return None,
            None => (body, ""),
        };
        if (int.is_empty() && frac.is_empty())
            || !int.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let int = int.trim_start_matches('0');
        let frac = frac.trim_end_matches('0');
        let zero = int.is_empty() && frac.is_empty();
        Some(Self { negative: negative && !zero, int, frac })
    }

    fn to_decimal(self) -> Decimal {
        Decimal { negative: self.negative, int: self.int.to_owned(), frac: self.frac.to_owned() }
    }

    fn cmp_magnitude(&self, other: &Self) -> Ordering {
        self.int
            .len()
            .cmp(&other.int.len())
            .then_with(|| self.int.cmp(other.int))
            .then_with(|| self.frac.cmp(other.frac))
    }
}

impl PartialOrd for Digits<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Digits<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self.negative, other.negative) {
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (false, false) => self.cmp_magnitude(other),
            (true, true) => other.cmp_magnitude(self),
        }
    }
}

impl Decimal {
    /// Significant digits (`totalDigits`).
    pub fn total_digits(&self) -> usize {
        if self.int.is_empty() { self.frac.len().max(1) } else { self.int.len() + self.frac.len() }
    }

    /// Fraction digits (`fractionDigits`).
    pub fn fraction_digits(&self) -> usize {
        self.frac.len()
    }

    fn digits(&self) -> Digits<'_> {
        Digits { negative: self.negative, int: &self.int, frac: &self.frac }
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Self) -> Ordering {
        self.digits().cmp(&other.digits())
    }
}

fn parse_float(text: &str) -> Option<f64> {
    match text {
        "INF" => return Some(f64::INFINITY),
        "-INF" => return Some(f64::NEG_INFINITY),
        "NaN" => return Some(f64::NAN),
        _ => {}
    }
    let body = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(at) => (&body[..at], Some(&body[at + 1..])),
        None => (body, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (int.is_empty() && frac.is_empty()) || !digits(int) || !digits(frac) {
        return None;
    }
    if let Some(exp) = exponent {
        let exp = exp.strip_prefix(['+', '-']).unwrap_or(exp);
        if exp.is_empty() || !digits(exp) {
            return None;
        }
    }
    text.parse().ok()
}

fn parse_duration(text: &str) -> Option<(i64, f64)> {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let rest = rest.strip_prefix('P')?;
    let (date, time) = match rest.split_once('T') {
        Some((_, "")) => return None,
        Some((d, t)) => (d, Some(t)),
        None => (rest, None),
    };
    let mut total = (0i64, 0f64);
    let date_parts = duration_parts(date, &[('Y', 12.0, true), ('M', 1.0, true), ('D', 86400.0, false)], &mut total)?;
    let time_parts = match time {
        Some(t) => {
            let n = duration_parts(t, &[('H', 3600.0, false), ('M', 60.0, false), ('S', 1.0, false)], &mut total)?;
            if n == 0 {
                return None;
            }
            n
        }
        None => 0,
    };
    if date_parts + time_parts == 0 {
        return None;
    }
    Some(if negative { (-total.0, -total.1) } else { total })
}

/// Parses `nU` components in unit order, adding to (months, seconds); returns how many.
fn duration_parts(part: &str, units: &[(char, f64, bool)], total: &mut (i64, f64)) -> Option<usize> {
    let mut rest = part;
    let mut next_unit = 0;
    let mut count = 0;
    while !rest.is_empty() {
        let end = rest.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
        let (number, tail) = rest.split_at(end);
        let unit = tail.chars().next()?;
        let index = units.iter().skip(next_unit).position(|u| u.0 == unit)? + next_unit;
        let (_, factor, is_month) = units[index];
        if number.is_empty()
            || number.starts_with('.')
            || number.ends_with('.')
            || (unit != 'S' && number.contains('.'))
        {
            return None;
        }
        let value: f64 = number.parse().ok()?;
        if is_month {
            total.0 = total.0.checked_add((value * factor) as i64)?;
        } else {
            total.1 += value * factor;
        }
        count += 1;
        next_unit = index + 1;
        rest = &tail[1..];
    }
    Some(count)
}

/// A moment of the date/time family, normalised to seconds on a timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct Moment {
    seconds: f64,
    timezone: bool,
}

impl Moment {
    fn compare(&self, other: &Self) -> Option<Ordering> {
        if self.timezone == other.timezone {
            return self.seconds.partial_cmp(&other.seconds);
        }
        // One side without a time zone: decided only beyond ±14 hours.
        let diff = self.seconds - other.seconds;
        if diff > 14.0 * 3600.0 {
            Some(Ordering::Greater)
        } else if diff < -14.0 * 3600.0 {
            Some(Ordering::Less)
        } else {
            None
        }
    }
}

fn two_digits(text: &str) -> Option<u32> {
    (text.len() == 2 && text.bytes().all(|b| b.is_ascii_digit())).then(|| text.parse().ok()).flatten()
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The order of two durations (months, seconds): the order of the moments they reach from
/// each of the four reference dateTimes of XSD 1.0 (Part 2, 3.2.6.2), when all four agree;
/// `None` (incomparable, as `P1M` and `P30D`) otherwise.
fn duration_order(a: (i64, f64), b: (i64, f64)) -> Option<Ordering> {
    const REFERENCES: [(i64, i64); 4] = [(1696, 9), (1697, 2), (1903, 3), (1903, 7)];
    let reach = |(year, month): (i64, i64), (months, seconds): (i64, f64)| {
        let total = year.checked_mul(12)?.checked_add(month - 1)?.checked_add(months)?;
        let (year, month) = (total.div_euclid(12), total.rem_euclid(12) + 1);
        let month = u32::try_from(month).ok()?;
        #[expect(clippy::cast_precision_loss, reason = "day counts of real durations are far below 2^52")]
        let start = days_from_civil(year, month, 1) as f64 * 86_400.0;
        Some(start + seconds)
    };
    let mut order = None;
    for reference in REFERENCES {
        let this = reach(reference, a)?.partial_cmp(&reach(reference, b)?)?;
        if order.is_some_and(|o| o != this) {
            return None;
        }
        order = Some(this);
    }
    order
}

fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Splits a trailing time zone (`Z`, `+hh:mm`, `-hh:mm`) off, returning its offset in seconds.
fn split_timezone(text: &str) -> Option<(&str, Option<i64>)> {
    if let Some(rest) = text.strip_suffix('Z') {
        return Some((rest, Some(0)));
    }
    if text.len() >= 6 {
        let (rest, tz) = text.split_at(text.len() - 6);
        let bytes = tz.as_bytes();
        if (bytes[0] == b'+' || bytes[0] == b'-') && bytes[3] == b':' {
            let hours = two_digits(&tz[1..3])?;
            let minutes = two_digits(&tz[4..6])?;
            if minutes > 59 || hours > 14 || (hours == 14 && minutes > 0) {
                return None;
            }
            let offset = i64::from(hours * 3600 + minutes * 60);
            return Some((rest, Some(if bytes[0] == b'-' { -offset } else { offset })));
        }
    }
    Some((text, None))
}

fn parse_year(text: &str) -> Option<i64> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.len() < 4 || !digits.bytes().all(|b| b.is_ascii_digit()) || (digits.len() > 4 && digits.starts_with('0'))
    {
        return None;
    }
    let year: i64 = text.parse().ok()?;
    (year != 0).then_some(year)
}

fn parse_ymd(text: &str) -> Option<(i64, u32, u32)> {
    let split = text.rfind('-').filter(|&p| p > 0)?;
    let (ym, day) = (&text[..split], &text[split + 1..]);
    let split = ym.rfind('-').filter(|&p| p > 0)?;
    let (year, month) = (parse_year(&ym[..split])?, two_digits(&ym[split + 1..])?);
    let day = two_digits(day)?;
    ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month)).then_some((year, month, day))
}

fn parse_time(text: &str) -> Option<f64> {
    let bytes = text.as_bytes();
    if bytes.len() < 8 || bytes[2] != b':' || bytes[5] != b':' {
        return None;
    }
    let (h, m) = (two_digits(&text[0..2])?, two_digits(&text[3..5])?);
    let seconds = &text[6..];
    let (whole, frac) = seconds.split_once('.').unwrap_or((seconds, ""));
    let s = two_digits(whole)?;
    if seconds.contains('.') && (frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let fraction: f64 = if frac.is_empty() { 0.0 } else { format!("0.{frac}").parse().ok()? };
    if h == 24 {
        return (m == 0 && s == 0 && fraction == 0.0).then_some(86_400.0);
    }
    (h < 24 && m < 60 && s < 60).then(|| f64::from(h * 3600 + m * 60 + s) + fraction)
}

#[allow(clippy::cast_precision_loss)] // day counts and offsets are far below 2^52
fn parse_date_time(kind: Builtin, text: &str) -> Option<Moment> {
    let (body, tz) = split_timezone(text)?;
    let day = |y: i64, m: u32, d: u32| days_from_civil(y, m, d) as f64 * 86_400.0;
    let seconds = match kind {
        Builtin::DateTime => {
            let (date, time) = body.split_once('T')?;
            let (y, m, d) = parse_ymd(date)?;
            day(y, m, d) + parse_time(time)?
        }
        Builtin::Time => parse_time(body)?,
        Builtin::Date => {
            let (y, m, d) = parse_ymd(body)?;
            day(y, m, d)
        }
        Builtin::GYearMonth => {
            let split = body.rfind('-').filter(|&p| p > 0)?;
            let (y, m) = (parse_year(&body[..split])?, two_digits(&body[split + 1..])?);
            if !(1..=12).contains(&m) {
                return None;
            }
            day(y, m, 1)
        }
        Builtin::GYear => day(parse_year(body)?, 1, 1),
        Builtin::GMonthDay => {
            let rest = body.strip_prefix("--")?;
            let (m, d) = rest.split_once('-')?;
            let (m, d) = (two_digits(m)?, two_digits(d)?);
            if !(1..=12).contains(&m) || d < 1 || d > days_in_month(2000, m) {
                return None;
            }
            day(2000, m, d)
        }
        Builtin::GDay => {
            let d = two_digits(body.strip_prefix("---")?)?;
            if !(1..=31).contains(&d) {
                return None;
            }
            day(2000, 1, d)
        }
        Builtin::GMonth => {
            let m = two_digits(body.strip_prefix("--")?)?;
            if !(1..=12).contains(&m) {
                return None;
            }
            day(2000, m, 1)
        }
        _ => return None,
    };
    Some(Moment { seconds: seconds - tz.unwrap_or(0) as f64, timezone: tz.is_some() })
}

fn base64_len(text: &str) -> Option<usize> {
    let chars: Vec<u8> = text.bytes().filter(|&b| b != b' ').collect();
    if !chars.len().is_multiple_of(4) {
        return None;
    }
    let pad = chars.iter().rev().take_while(|&&b| b == b'=').count();
    if pad > 2 {
        return None;
    }
    let body = &chars[..chars.len() - pad];
    if !body.iter().all(|&b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/') {
        return None;
    }
    let alphabet = |b: u8| match b {
        b'A'..=b'Z' => b - b'A',
        b'a'..=b'z' => b - b'a' + 26,
        b'0'..=b'9' => b - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    if let Some(&last) = body.last()
        && ((pad == 1 && alphabet(last) & 0b11 != 0) || (pad == 2 && alphabet(last) & 0b1111 != 0))
    {
        return None;
    }
    Some(chars.len() / 4 * 3 - pad)
}

fn is_language(text: &str) -> bool {
    let mut parts = text.split('-');
    let first = parts.next().unwrap_or("");
    (1..=8).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Whether `c` may start an XML name.
pub fn is_name_start(c: char) -> bool {
    matches!(c, 'A'..='Z' | 'a'..='z' | '_' | ':' | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}'
        | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}' | '\u{2070}'..='\u{218F}'
        | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}' | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}'
        | '\u{10000}'..='\u{EFFFF}')
}

/// Whether `c` may appear in an XML name.
pub fn is_name_char(c: char) -> bool {
    is_name_start(c) || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

/// Whether `text` is an XML name (`colons = false`: an `NCName`).
pub fn is_name(text: &str, colons: bool) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| is_name_start(c) && (colons || c != ':'))
        && chars.all(|c| is_name_char(c) && (colons || c != ':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_forms_equal_for_equal_values() {
        let none = |_: &str| None;
        let key = |b: Builtin, text: &str| b.parse(text, &none).unwrap().canonical();
        assert_eq!(key(Builtin::Decimal, "1.0"), key(Builtin::Decimal, "01"));
        assert_eq!(key(Builtin::Decimal, "-0.0"), key(Builtin::Decimal, "0"));
        assert_eq!(key(Builtin::Decimal, "-1.50"), "-1.5");
        assert_eq!(key(Builtin::Double, "1e0"), key(Builtin::Double, "1.0"));
        assert_eq!(key(Builtin::Boolean, "1"), key(Builtin::Boolean, "true"));
        assert_ne!(key(Builtin::String, "1.0"), key(Builtin::String, "1"));
    }

    #[test]
    fn durations_order_by_the_reference_moments() {
        let day = 86_400.0;
        assert_eq!(duration_order((12, 0.0), (0, 365.0 * day)), None);
        assert_eq!(duration_order((12, 0.0), (0, 367.0 * day)), Some(Ordering::Less));
        assert_eq!(duration_order((1, 0.0), (0, 27.0 * day)), Some(Ordering::Greater));
        assert_eq!(duration_order((1, 0.0), (0, 30.0 * day)), None);
        assert_eq!(duration_order((2, 5.0), (1, 20.0 * day)), Some(Ordering::Greater));
        assert_eq!(duration_order((24_000, 0.0), (24_000, 1.0)), Some(Ordering::Less));
    }

    fn valid(b: Builtin, text: &str) -> bool {
        b.parse(text, &|p| if p.is_empty() { Some(None) } else { None }).is_ok()
    }

    #[test]
    fn numbers() {
        assert!(valid(Builtin::Decimal, "-12.50"));
        assert!(!valid(Builtin::Decimal, "12,5.0"));
        assert!(!valid(Builtin::Integer, "1.0"));
        assert!(valid(Builtin::Byte, "-128"));
        assert!(!valid(Builtin::Byte, "128"));
        assert!(valid(Builtin::Double, "1.5E-3"));
        assert!(!valid(Builtin::Double, "+INF"));
        assert_eq!(Digits::parse("0012.3400", true).unwrap().to_decimal().total_digits(), 4);
    }

    #[test]
    fn dates() {
        assert!(valid(Builtin::Date, "2024-02-29"));
        assert!(!valid(Builtin::Date, "2023-02-29"));
        assert!(valid(Builtin::DateTime, "2024-01-01T24:00:00Z"));
        assert!(!valid(Builtin::DateTime, "2024-01-01T10:00"));
        assert!(valid(Builtin::Time, "10:00:00.5+14:00"));
        assert!(valid(Builtin::GMonthDay, "--02-29"));
        assert!(valid(Builtin::Duration, "-P1Y2MT3.5S"));
        assert!(!valid(Builtin::Duration, "P1YT"));
        assert!(!valid(Builtin::Duration, "P"));
    }

    #[test]
    fn white_space() {
        for text in ["a b", "", "a", " a", "a ", "a  b", "a\tb", "a\nb", "\r"] {
            let collapsed = text.split([' ', '\t', '\n', '\r']).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ");
            assert_eq!(WhiteSpace::Collapse.apply(text), collapsed, "{text:?}");
            assert_eq!(WhiteSpace::Replace.apply(text), text.replace(['\t', '\n', '\r'], " "), "{text:?}");
        }
        assert!(matches!(WhiteSpace::Collapse.apply("a b"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn binary_and_names() {
        assert!(valid(Builtin::HexBinary, "0fA1"));
        assert!(!valid(Builtin::HexBinary, "0fA"));
        assert!(valid(Builtin::Base64Binary, "SGVsbG8="));
        assert!(!valid(Builtin::Base64Binary, "SGVsbG8"));
        assert!(valid(Builtin::NCName, "a-b.c"));
        assert!(!valid(Builtin::NCName, "a:b"));
        assert!(valid(Builtin::QName, "b"));
        assert!(!valid(Builtin::QName, "x:b"));
        assert!(!valid(Builtin::QName, ":b"));
        assert!(valid(Builtin::Language, "en-GB"));
    }
}
