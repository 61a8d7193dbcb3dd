//! Character encodings of XML input: UTF-8, or an ASCII-compatible single-byte encoding
//! named by the XML declaration.

use std::borrow::Cow;

use conform_diagnostics::Span;

use crate::SyntaxError;

/// How the bytes of a document are decoded into text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TextEncoding {
    /// UTF-8 (the default, and what a UTF-8 byte order mark says).
    #[default]
    Utf8,
    /// A single-byte, ASCII-compatible encoding (ISO-8859-1 is read as Windows-1252, its
    /// superset, as every browser and `encoding_rs` do).
    SingleByte(&'static encoding_rs::Encoding),
}

impl TextEncoding {
    /// The encoding an `encoding="..."` label names, or why it cannot be read.
    pub fn for_label(label: &[u8], span: Span) -> Result<Self, SyntaxError> {
        let shown = String::from_utf8_lossy(label);
        let encoding = encoding_rs::Encoding::for_label(label)
            .ok_or_else(|| SyntaxError::new(span, format!("unknown encoding `{shown}` in the XML declaration")))?;
        if encoding == encoding_rs::UTF_8 {
            return Ok(Self::Utf8);
        }
        if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
            // A UTF-16 document starts with a byte order mark; a declaration read as ASCII
            // means the bytes are really 8-bit. Read them as UTF-8.
            return Ok(Self::Utf8);
        }
        if encoding.is_single_byte() {
            return Ok(Self::SingleByte(encoding));
        }
        Err(SyntaxError::new(
            span,
            format!("encoding `{shown}` is not supported: save the document as UTF-8 (or ISO-8859-1/Windows-1252)"),
        ))
    }

    /// Whether every character takes exactly one byte.
    #[must_use]
    pub fn is_single_byte(self) -> bool {
        matches!(self, Self::SingleByte(_))
    }

    /// Decodes `bytes`, which start at file offset `start`.
    pub fn decode(self, bytes: &[u8], start: usize) -> Result<Cow<'_, str>, SyntaxError> {
        match self {
            Self::Utf8 => match std::str::from_utf8(bytes) {
                Ok(text) => Ok(Cow::Borrowed(text)),
                Err(_) => Err(crate::text::ensure_utf8(bytes).map_err(|err| err.shifted(start)).unwrap_err()),
            },
            Self::SingleByte(encoding) => {
                Ok(encoding.decode_without_bom_handling_and_without_replacement(bytes).unwrap_or_else(|| {
                    // Single-byte decoders map every byte; this branch is unreachable in
                    // practice, but replacement characters are better than a panic.
                    encoding.decode_without_bom_handling(bytes).0
                }))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_is_decoded() {
        let enc = TextEncoding::for_label(b"ISO-8859-1", Span::empty(0)).unwrap();
        assert!(enc.is_single_byte());
        assert_eq!(enc.decode(b"Gem\xE9ente", 0).unwrap(), "Geméente");
    }

    #[test]
    fn invalid_utf8_is_located() {
        let err = TextEncoding::Utf8.decode(b"ab\xFF", 10).unwrap_err();
        assert_eq!(err.span, Span::new(12, 13));
    }

    #[test]
    fn unknown_and_multibyte_encodings_are_refused() {
        assert!(TextEncoding::for_label(b"klingon", Span::empty(0)).is_err());
        assert!(TextEncoding::for_label(b"Shift_JIS", Span::empty(0)).is_err());
    }
}
