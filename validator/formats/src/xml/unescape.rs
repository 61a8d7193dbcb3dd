//! Resolving character and predefined entity references; every other entity is refused.

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
                u32::from_str_radix(hex, 16).ok()
            } else if let Some(dec) = name.strip_prefix('#') {
                dec.parse().ok()
            } else {
                return Err(format!(
                    "reference to undeclared entity `&{name};`: only the predefined XML entities and character references are read (entity expansion is refused)"
                ));
            };
            code.and_then(char::from_u32)
                .filter(|&c| c != '\0')
                .ok_or_else(|| format!("`&{name};` is not a valid character reference"))
        }
    }
}

/// Unescapes `raw` (decoded text that starts at file offset `start`). In attribute values,
/// literal tabs and line breaks become spaces (XML attribute-value normalisation).
pub(super) fn unescape(
    raw: Cow<'_, str>,
    start: usize,
    single_byte: bool,
    attribute: bool,
) -> Result<Cow<'_, str>, SyntaxError> {
    let bytes = raw.as_bytes();
    let needs_work =
        memchr::memchr(b'&', bytes).is_some() || (attribute && memchr::memchr3(b'\t', b'\n', b'\r', bytes).is_some());
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
            '\r' if attribute && rest.peek().is_some_and(|&(_, n)| n == '\n') => {}
            '\t' | '\n' | '\r' if attribute => out.push(' '),
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
    }

    #[test]
    fn other_entities_are_refused_at_their_position() {
        let err = unescape("ab &lol9; c".into(), 100, false, false).unwrap_err();
        assert_eq!(err.span, Span::new(103, 109));
        assert!(err.message.contains("undeclared entity"));
        assert!(unescape("&#0;".into(), 0, false, false).is_err());
    }
}
