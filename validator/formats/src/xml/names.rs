//! The `Name`, `NameStartChar`, `NameChar` and `Nmtoken` productions of XML 1.0 (fifth
//! edition, productions 4, 4a, 5 and 7). ASCII names, by far the most common, take a byte
//! loop.

/// Whether `c` may start a name.
pub(super) fn is_name_start_char(c: char) -> bool {
    matches!(c,
        ':' | 'A'..='Z' | '_' | 'a'..='z' | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}'
        | '\u{F8}'..='\u{2FF}' | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}'
        | '\u{200C}'..='\u{200D}' | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}'
        | '\u{3001}'..='\u{D7FF}' | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}'
        | '\u{10000}'..='\u{EFFFF}')
}

/// Whether `c` may continue a name.
pub(super) fn is_name_char(c: char) -> bool {
    is_name_start_char(c)
        || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

/// For each byte: 2 when it is an ASCII name start character, 1 when it may only continue
/// a name, 0 otherwise (non-ASCII bytes take the slow path).
const ASCII_NAME: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = if c.is_ascii_alphabetic() || c == b'_' || c == b':' {
            2
        } else if c.is_ascii_digit() || c == b'-' || c == b'.' {
            1
        } else {
            0
        };
        b += 1;
    }
    table
};

/// Whether `name` matches `Name`: one table lookup per byte for ASCII names.
pub(super) fn is_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    let Some(&first) = bytes.first() else { return false };
    if ASCII_NAME[usize::from(first)] == 2 && bytes[1..].iter().all(|&b| ASCII_NAME[usize::from(b)] != 0) {
        return true;
    }
    if bytes.is_ascii() {
        return false;
    }
    let mut chars = name.chars();
    chars.next().is_some_and(is_name_start_char) && chars.all(is_name_char)
}

/// When `name` is a `Name` and a qualified name as far as colons go (none, or one with a
/// name on each side): the length of its prefix, 0 without one. One table lookup per byte
/// for ASCII names, which also finds the colon.
pub(super) fn qname_prefix_len(name: &str) -> Option<usize> {
    let bytes = name.as_bytes();
    let &first = bytes.first()?;
    if first != b':' && ASCII_NAME[usize::from(first)] == 2 {
        let mut colon = 0;
        let mut ascii_name = true;
        for (i, &b) in bytes.iter().enumerate().skip(1) {
            if ASCII_NAME[usize::from(b)] == 0 {
                ascii_name = false;
                break;
            }
            if b == b':' {
                if colon != 0 {
                    return None;
                }
                colon = i;
            }
        }
        if ascii_name {
            return (colon == 0 || colon + 1 < bytes.len()).then_some(colon);
        }
    }
    if bytes.is_ascii() || !is_name(name) {
        return None;
    }
    match name.split_once(':') {
        None => Some(0),
        Some((prefix, local)) if !prefix.is_empty() && !local.is_empty() && !local.contains(':') => Some(prefix.len()),
        Some(_) => None,
    }
}

/// Whether `token` matches `Nmtoken`.
pub(super) fn is_nmtoken(token: &str) -> bool {
    !token.is_empty() && token.chars().all(is_name_char)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_fifth_edition() {
        for name in ["a", "_x", ":a", "a-b.c", "é", "a\u{B7}", "中文", "x\u{300}", "\u{10000}"] {
            assert!(is_name(name), "{name}");
        }
        for name in ["", "1a", "-a", ".a", "a b", "a&b", "\u{B7}", "\u{300}x", "a\u{D7}"] {
            assert!(!is_name(name), "{name}");
        }
        assert!(is_nmtoken("1a"));
    }

    #[test]
    fn qualified_names_are_names_with_at_most_one_inner_colon() {
        let slow = |name: &str| {
            let colons_ok = match name.split_once(':') {
                None => true,
                Some((p, l)) => !p.is_empty() && !l.is_empty() && !l.contains(':'),
            };
            (is_name(name) && colons_ok).then(|| name.find(':').unwrap_or(0))
        };
        for name in [
            "a",
            "ab",
            "a:b",
            "ram:Item",
            ":a",
            "a:",
            "a::b",
            "a:b:c",
            "1a",
            "a-b.c:d_e",
            "é:x",
            "x:é",
            "é::x",
            "a b",
            "",
            ":",
            "a:1",
            "中文:名",
            "a\u{B7}:b",
            "x:\u{300}",
        ] {
            assert_eq!(qname_prefix_len(name), slow(name), "{name}");
        }
        assert!(!is_nmtoken("a b"));
    }
}
