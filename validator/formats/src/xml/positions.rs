//! Byte offsets of an XML input → 1-based lines and character columns.

use conform_diagnostics::{LineCol, LineIndex, Location, Span};

use super::TextEncoding;

/// Resolves spans of one XML input to lines and columns (columns in characters, for UTF-8
/// and single-byte encodings alike).
#[derive(Debug, Clone)]
pub struct Positions {
    index: LineIndex,
    line_starts: Vec<usize>,
    single_byte: bool,
}

impl Positions {
    /// Indexes `bytes` (the whole input), decoded as `encoding`.
    #[must_use]
    pub fn new(bytes: &[u8], encoding: TextEncoding) -> Self {
        let single_byte = encoding.is_single_byte();
        let line_starts = if single_byte {
            std::iter::once(0).chain(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1)).collect()
        } else {
            Vec::new()
        };
        Self { index: LineIndex::new(bytes), line_starts, single_byte }
    }

    /// The line and column of byte `offset`.
    #[must_use]
    pub fn line_col(&self, bytes: &[u8], offset: usize) -> LineCol {
        if !self.single_byte {
            return self.index.line_col(bytes, offset);
        }
        let offset = offset.min(bytes.len());
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        LineCol { line: line as u32 + 1, column: (offset - self.line_starts[line]) as u32 + 1 }
    }

    /// The location of `span`.
    #[must_use]
    pub fn location(&self, bytes: &[u8], span: Span) -> Location {
        Location { start: self.line_col(bytes, span.start), end: self.line_col(bytes, span.end) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_byte_columns_count_bytes() {
        let text = b"<a>\n\xE9\xE9<b/>";
        let positions = Positions::new(text, TextEncoding::SingleByte(encoding_rs::WINDOWS_1252));
        assert_eq!(positions.line_col(text, 6), LineCol { line: 2, column: 3 });
        let utf8 = "<a>\néé<b/>".as_bytes();
        let positions = Positions::new(utf8, TextEncoding::Utf8);
        assert_eq!(positions.line_col(utf8, 8), LineCol { line: 2, column: 3 });
    }
}
