//! Public identifiers, registered as JSON Schema formats and Table Schema string formats.
//!
//! | format | identifier | checks |
//! |---|---|---|
//! | `iso7064-mod11-2` | any ISO 7064 MOD 11-2 number (ORCID, ...) | check character |
//! | `gb11643` | GB 11643-1999 citizen identity number (China's resident ID) | 18 characters, check character, a real birth date not in the future, an address code of GB/T 2260 assigned in the birth year |
//! | `gb-t-2260` | GB/T 2260 administrative division code | six digits, a code in force today |
//! | `gb32100` | GB 32100-2015 unified social credit code | registration authority and organisation category pair of the standard's table, six-digit division code, alphabet, MOD 31 check character |
//!
//! Each identifier also has named [`component`]s (`birthDate`, `sex`, `region`, ...) that
//! the cross-field keywords of [`crate::agreement`] compare with other fields of a record.
//! The GB/T 2260 address codes are the list `codelists/gb-t-2260/2026.csv` of the catalog
//! (see its `README.md` for source and date), built into the binary.

use std::sync::LazyLock;

use chrono::NaiveDate;

use crate::codelist::CodeList;

/// A check of one identifier format.
pub type FormatCheck = fn(&str) -> bool;

/// Format names and their checks.
pub const FORMATS: &[(&str, FormatCheck)] =
    &[("iso7064-mod11-2", iso7064_mod11_2), ("gb11643", gb11643), ("gb32100", gb32100), ("gb-t-2260", gb_t_2260)];

/// The check of the format called `name`.
#[must_use]
pub fn format(name: &str) -> Option<FormatCheck> {
    FORMATS.iter().find(|(n, _)| *n == name).map(|&(_, check)| check)
}

/// The components an identifier format exposes to cross-field rules.
#[must_use]
pub fn components(format: &str) -> &'static [&'static str] {
    match format {
        "gb11643" => &["birthDate", "sex", "region"],
        "gb32100" => &["authority", "category", "region"],
        _ => &[],
    }
}

/// A component of a valid identifier: `birthDate` as `YYYY-MM-DD`, `sex` as an ISO/IEC 5218
/// code (`1` male, `2` female), `region` as the six-digit division code, `authority` and
/// `category` as one character. `None` when the identifier is not valid or the component is
/// not one of [`components`].
#[must_use]
pub fn component(format: &str, component: &str, value: &str) -> Option<String> {
    let valid = self::format(format).is_some_and(|check| check(value));
    if !valid {
        return None;
    }
    match (format, component) {
        ("gb11643", "birthDate") => gb11643_birth_date(value).map(|d| d.format("%Y-%m-%d").to_string()),
        ("gb11643", "sex") => {
            let order = value.as_bytes()[16] - b'0';
            Some(if order % 2 == 1 { "1" } else { "2" }.to_owned())
        }
        ("gb11643", "region") => Some(value[..6].to_owned()),
        ("gb32100", "region") => Some(value[2..8].to_owned()),
        ("gb32100", "authority") => Some(value[..1].to_owned()),
        ("gb32100", "category") => Some(value[1..2].to_owned()),
        _ => None,
    }
}

/// ISO 7064 MOD 11-2: digits followed by a check character `0`-`9` or `X`.
#[must_use]
pub fn iso7064_mod11_2(value: &str) -> bool {
    let bytes = value.as_bytes();
    let Some((&check, body)) = bytes.split_last() else { return false };
    if body.is_empty() || !body.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let remainder = body.iter().fold(0u32, |acc, &d| ((acc + u32::from(d - b'0')) * 2) % 11);
    let expected = (12 - remainder) % 11;
    match check {
        b'0'..=b'9' => u32::from(check - b'0') == expected,
        b'X' => expected == 10,
        _ => false,
    }
}

/// GB/T 2260 administrative division codes, with the years each was assigned.
static GB_T_2260: LazyLock<Option<CodeList>> = LazyLock::new(|| {
    CodeList::parse("gb-t-2260@2026", include_bytes!("../../../standards/codelists/gb-t-2260/2026.csv")).ok()
});

/// The birth date of a resident ID (characters 7 to 14), when it is a real date.
fn gb11643_birth_date(value: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value.get(6..14)?, "%Y%m%d").ok()
}

/// Today (UTC).
fn today() -> NaiveDate {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs() / 86_400);
    NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|epoch| epoch.checked_add_days(chrono::Days::new(days)))
        .unwrap_or_default()
}

/// GB 11643-1999 citizen identity number: six-digit address code assigned (GB/T 2260) in the
/// birth year, birth date `YYYYMMDD` that exists and is not after today, three-digit order
/// code (odd for men, even for women), ISO 7064 MOD 11-2 check character (`X` upper-case).
#[must_use]
pub fn gb11643(value: &str) -> bool {
    if value.len() != 18 || !iso7064_mod11_2(value) {
        return false;
    }
    let Some(born) = gb11643_birth_date(value) else { return false };
    born <= today() && GB_T_2260.as_ref().is_some_and(|list| list.valid_on(&value[..6], born))
}

/// GB/T 2260 administrative division code in force today (province, prefecture or county).
#[must_use]
pub fn gb_t_2260(value: &str) -> bool {
    value.len() == 6 && GB_T_2260.as_ref().is_some_and(|list| list.valid_on(value, today()))
}

/// The 31 characters of GB 32100 codes (no I, O, S, V, Z).
const GB32100_ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// GB 32100-2015 registration authorities (first character) and the organisation categories
/// (second character) each defines, as amended (A: the Central Military Commission's office
/// for reform and establishment; N: agriculture; Y: other, category `1` only).
const GB32100_CATEGORIES: &[(u8, &[u8])] = &[
    (b'1', b"1239"),
    (b'2', b"19"),
    (b'3', b"123459"),
    (b'4', b"19"),
    (b'5', b"1239"),
    (b'6', b"129"),
    (b'7', b"129"),
    (b'8', b"19"),
    (b'9', b"123"),
    (b'A', b"19"),
    (b'N', b"1239"),
    (b'Y', b"1"),
];

/// GB 32100-2015 unified social credit code: 18 characters: a registration authority and an
/// organisation category of the standard's table, a six-digit division code, a nine-character
/// organisation code and a MOD 31 check character.
#[must_use]
pub fn gb32100(value: &str) -> bool {
    let bytes = value.as_bytes();
    if bytes.len() != 18 {
        return false;
    }
    let pair_ok = GB32100_CATEGORIES
        .iter()
        .find(|(authority, _)| *authority == bytes[0])
        .is_some_and(|(_, categories)| categories.contains(&bytes[1]));
    if !pair_ok || !bytes[2..8].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let digit = |c: u8| GB32100_ALPHABET.iter().position(|&a| a == c).and_then(|p| u32::try_from(p).ok());
    let mut sum = 0u32;
    let mut weight = 1u32;
    for &c in &bytes[..17] {
        let Some(value) = digit(c) else { return false };
        sum += value * weight;
        weight = weight * 3 % 31;
    }
    let expected = (31 - sum % 31) % 31;
    digit(bytes[17]) == Some(expected)
}

#[cfg(test)]
mod tests;
