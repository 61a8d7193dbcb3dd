//! Byte-level text helpers shared by the readers: BOM handling and UTF-8 checks.

use conform_diagnostics::Span;

use crate::SyntaxError;

/// The UTF-8 byte order mark.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Splits a leading UTF-8 BOM off `bytes`; returns the text and how many bytes were skipped.
#[must_use]
pub fn strip_bom(bytes: &[u8]) -> (&[u8], usize) {
    match bytes.strip_prefix(UTF8_BOM) {
        Some(rest) => (rest, UTF8_BOM.len()),
        None => (bytes, 0),
    }
}

/// Checks `bytes` is UTF-8, reporting the first invalid sequence with its span.
pub fn ensure_utf8(bytes: &[u8]) -> Result<&str, SyntaxError> {
    std::str::from_utf8(bytes).map_err(|err| {
        let start = err.valid_up_to();
        let len = err.error_len().unwrap_or(bytes.len() - start).max(1);
        let shown: Vec<String> =
            bytes[start..(start + len).min(bytes.len())].iter().map(|b| format!("0x{b:02X}")).collect();
        SyntaxError::new(
            Span::new(start, start + len),
            format!("invalid UTF-8: byte sequence {} is not valid UTF-8", shown.join(" ")),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_only_a_leading_bom() {
        assert_eq!(strip_bom(b"\xEF\xBB\xBF{}"), (&b"{}"[..], 3));
        assert_eq!(strip_bom(b"{}"), (&b"{}"[..], 0));
    }

    #[test]
    fn reports_the_first_invalid_byte() {
        let err = ensure_utf8(b"ab\xFFcd").unwrap_err();
        assert_eq!(err.span, Span::new(2, 3));
        assert!(err.message.contains("0xFF"));
    }
}
