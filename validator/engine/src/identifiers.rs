//! Check-digit algorithms of public identifiers, registered as JSON Schema formats.
//!
//! | format | identifier |
//! |---|---|
//! | `iso7064-mod11-2` | ISO 7064 MOD 11-2 (national person ids such as China's resident id, ORCID) |
//! | `gb32100` | GB 32100-2015 unified social credit code of organisations |

/// A check of one identifier format.
pub type FormatCheck = fn(&str) -> bool;

/// JSON Schema `format` names and their checks.
pub const FORMATS: &[(&str, FormatCheck)] = &[("iso7064-mod11-2", iso7064_mod11_2), ("gb32100", gb32100)];

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

/// The 31 characters of GB 32100 codes (no I, O, S, V, Z).
const GB32100_ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// GB 32100-2015 unified social credit code: 18 characters, the last a MOD 31 check character.
#[must_use]
pub fn gb32100(value: &str) -> bool {
    let bytes = value.as_bytes();
    if bytes.len() != 18 {
        return false;
    }
    let digit = |c: u8| GB32100_ALPHABET.iter().position(|&a| a == c).map(|p| p as u32);
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
mod tests {
    use super::*;

    #[test]
    fn mod11_2_accepts_published_examples() {
        assert!(iso7064_mod11_2("11010519491231002X"));
        assert!(iso7064_mod11_2("440524188001010014"));
        assert!(iso7064_mod11_2("0000000218250097"), "ORCID 0000-0002-1825-0097");
    }

    #[test]
    fn mod11_2_rejects_wrong_check_characters() {
        assert!(!iso7064_mod11_2("110105194912310021"));
        assert!(!iso7064_mod11_2("11010519491231002x"));
        assert!(!iso7064_mod11_2("X"));
        assert!(!iso7064_mod11_2(""));
        assert!(!iso7064_mod11_2("1101A519491231002X"));
    }

    #[test]
    fn gb32100_accepts_published_examples() {
        assert!(gb32100("91350100M000100Y43"));
        assert!(gb32100("91110000802100433B"));
    }

    #[test]
    fn gb32100_rejects_bad_codes() {
        assert!(!gb32100("91350100M000100Y44"));
        assert!(!gb32100("91350100M000100Y4"));
        assert!(!gb32100("91350100M000100YI3"), "I is not in the alphabet");
    }
}
