//! Resolving character and predefined entity references in a document without a DTD;
//! every other entity is undeclared there.

use std::borrow::Cow;

use conform_diagnostics::Span;

use crate::SyntaxError;

/// The character a reference name (`amp`, `#38`, `#x26`) stands for, or why it is refused.
pub(super) fn resolve_reference(name: &str) -> Result<char, String> {
    match name {
        "lt" => Ok('<'),
        "gt" => Ok('>'),
        "amp" => Ok('&'),
        "apos" => Ok('\''),
        "quot" => Ok('"'),
        _ => {
            let code = if let Some(hex) = name.strip_prefix("#x") {
                hex.bytes().all(|b| b.is_ascii_hexdigit()).then(|| u32::from_str_radix(hex, 16).ok()).flatten()
            } else if let Some(dec) = name.strip_prefix('#') {
                dec.bytes().all(|b| b.is_ascii_digit()).then(|| dec.parse().ok()).flatten()
            } else {
                return Err(format!(
                    "reference to undeclared entity `&{name};` (WFC: Entity Declared): the document has no DTD that declares it"
                ));
            };
            code.and_then(char::from_u32)
                .filter(|&c| is_xml_char(c))
                .ok_or_else(|| format!("`&{name};` is not a valid character reference"))
        }
    }
}

/// `text` with its line breaks (CR LF, CR) read as LF (XML 1.0 section 2.11).
pub(super) fn normalize_newlines(text: Cow<'_, str>) -> Cow<'_, str> {
    if memchr::memchr(b'\r', text.as_bytes()).is_none() {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    push_normalized(&mut out, &text);
    Cow::Owned(out)
}

/// Appends `text` to `out` with its line breaks (CR LF, CR) read as LF.
pub(super) fn push_normalized(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let mut from = 0;
    for cr in memchr::memchr_iter(b'\r', bytes) {
        if cr < from {
            continue;
        }
        out.push_str(&text[from..cr]);
        out.push('\n');
        from = if bytes.get(cr + 1) == Some(&b'\n') { cr + 2 } else { cr + 1 };
    }
    out.push_str(&text[from..]);
}

/// Whether `c` is a character XML 1.0 allows in a document (production `Char`).
pub(super) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// The index of the first byte of `bytes` that starts a character XML forbids: a C0 control
/// other than tab, line feed and carriage return, or U+FFFE / U+FFFF (`EF BF BE`, `EF BF BF`
/// in UTF-8). Surrogates cannot occur in valid UTF-8.
pub(super) fn first_forbidden_byte(bytes: &[u8], utf8: bool) -> Option<usize> {
    let control = |b: &u8| *b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r');
    // The common case, no control character, is one pass that folds each block without
    // an early exit, so the compiler vectorises it; only a block holding one is searched.
    let control_at = bytes
        .chunks(64)
        .position(|block| block.iter().fold(false, |seen, b| seen | control(b)))
        .and_then(|block| bytes[block * 64..].iter().position(control).map(|i| block * 64 + i));
    let noncharacter_at = if utf8 {
        memchr::memmem::find_iter(bytes, b"\xEF\xBF").find(|&i| matches!(bytes.get(i + 2), Some(0xBE | 0xBF)))
    } else {
        None
    };
    match (control_at, noncharacter_at) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Unescapes `raw` (decoded text that starts at file offset `start`). Line breaks (CR LF,
/// CR) are read as LF (XML 1.0 section 2.11); in attribute values, literal tabs and line
/// breaks become spaces (attribute-value normalisation).
pub(super) fn unescape(
    raw: Cow<'_, str>,
    start: usize,
    single_byte: bool,
    attribute: bool,
) -> Result<Cow<'_, str>, SyntaxError> {
    let bytes = raw.as_bytes();
    let needs_work =
        memchr::memchr2(b'&', b'\r', bytes).is_some() || (attribute && memchr::memchr2(b'\t', b'\n', bytes).is_some());
    if !needs_work {
        return Ok(raw);
    }
    let offset = |index: usize| if single_byte { start + raw[..index].chars().count() } else { start + index };
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw.char_indices().peekable();
    while let Some((i, c)) = rest.next() {
        match c {
            '&' => {
                let end = raw[i..].find(';').map(|e| i + e);
                let Some(end) = end else {
                    return Err(SyntaxError::new(Span::new(offset(i), offset(i) + 1), "`&` must be written `&amp;`"));
                };
                let name = &raw[i + 1..end];
                let ch = resolve_reference(name)
                    .map_err(|message| SyntaxError::new(Span::new(offset(i), offset(end) + 1), message))?;
                out.push(ch);
                while rest.peek().is_some_and(|&(j, _)| j <= end) {
                    rest.next();
                }
            }
            '\r' if rest.peek().is_some_and(|&(_, n)| n == '\n') => {}
            '\t' | '\n' | '\r' if attribute => out.push(' '),
            '\r' => out.push('\n'),
            _ => out.push(c),
        }
    }
    Ok(Cow::Owned(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn predefined_and_character_references() {
        assert_eq!(unescape("a &amp; &#x41;&#66;".into(), 0, false, false).unwrap(), "a & AB");
        assert_eq!(unescape("a\r\n\tb".into(), 0, false, true).unwrap(), "a  b");
        assert_eq!(unescape("a\r\nb\rc\n".into(), 0, false, false).unwrap(), "a\nb\nc\n");
        assert_eq!(normalize_newlines("a\r\nb\r".into()), "a\nb\n");
        assert_eq!(normalize_newlines("\r\r\n\n\r".into()), "\n\n\n\n");
    }

    #[test]
    fn other_entities_are_refused_at_their_position() {
        let err = unescape("ab &lol9; c".into(), 100, false, false).unwrap_err();
        assert_eq!(err.span, Span::new(103, 109));
        assert!(err.message.contains("undeclared entity"));
        assert!(unescape("&#0;".into(), 0, false, false).is_err());
        for refused in ["&#x1b;", "&#x1F;", "&#11;", "&#xD800;", "&#xFFFE;", "&#x110000;", "&#x+41;", "&#+65;"] {
            assert!(unescape(refused.into(), 0, false, false).is_err(), "{refused}");
        }
        assert_eq!(unescape("&#x9;&#xA;&#x10000;".into(), 0, false, false).unwrap(), "\t\n\u{10000}");
        assert_eq!(first_forbidden_byte("ab\u{FFFE}c\u{b}".as_bytes(), true), Some(2));
        assert_eq!(first_forbidden_byte("a\u{b}\u{FFFF}".as_bytes(), true), Some(1));
        assert_eq!(first_forbidden_byte("中\u{FFFD}\u{BF}\t\r\n".as_bytes(), true), None);
    }
}
