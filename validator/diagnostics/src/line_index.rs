//! Byte offset → 1-based line and column (columns counted in Unicode characters).

use serde::Serialize;

use crate::Span;

/// A 1-based line and column; the column counts Unicode scalar values, not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct LineCol {
    /// 1-based line number.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
}

/// A resolved physical range: start and end line/column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Location {
    /// Where the range starts.
    pub start: LineCol,
    /// Where the range ends (exclusive column).
    pub end: LineCol,
}

/// Line starts of a text, for resolving byte offsets to line/column.
///
/// The text may be a window of a larger file (one NDJSON record, say): `first_line` and
/// `base_offset` say where the window sits, so resolved positions are file positions.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    first_line: u32,
    base_offset: usize,
}

impl LineIndex {
    /// Indexes a whole file.
    #[must_use]
    pub fn new(text: &[u8]) -> Self {
        Self::for_window(text, 1, 0)
    }

    /// Indexes a window of a file that starts at byte `base_offset`, on line `first_line`
    /// (the window must start at the beginning of a line).
    #[must_use]
    pub fn for_window(text: &[u8], first_line: u32, base_offset: usize) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text).map(|i| i + 1));
        Self { line_starts, first_line, base_offset }
    }

    /// Resolves a file byte offset inside this window. `text` is the window's bytes.
    #[must_use]
    pub fn line_col(&self, text: &[u8], offset: usize) -> LineCol {
        let local = offset.saturating_sub(self.base_offset).min(text.len());
        let line = self.line_starts.partition_point(|&start| start <= local) - 1;
        let line_start = self.line_starts[line];
        let prefix = &text[line_start..local];
        let column = count_chars(prefix) + 1;
        LineCol { line: self.first_line + line as u32, column: column as u32 }
    }

    /// Resolves a file span inside this window.
    #[must_use]
    pub fn location(&self, text: &[u8], span: Span) -> Location {
        Location { start: self.line_col(text, span.start), end: self.line_col(text, span.end) }
    }
}

/// Counts characters in possibly invalid UTF-8 (each invalid byte counts as one).
fn count_chars(bytes: &[u8]) -> usize {
    // UTF-8 continuation bytes are 0b10xx_xxxx; every other byte starts a character.
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_lines_and_character_columns() {
        let text = "ab\nçd\n".as_bytes();
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 0), LineCol { line: 1, column: 1 });
        assert_eq!(index.line_col(text, 3), LineCol { line: 2, column: 1 });
        // 'ç' is two bytes; 'd' is the second character.
        assert_eq!(index.line_col(text, 5), LineCol { line: 2, column: 2 });
        assert_eq!(index.line_col(text, 7), LineCol { line: 3, column: 1 });
    }

    #[test]
    fn resolves_within_a_window() {
        let window = b"{\"a\":1}\n";
        let index = LineIndex::for_window(window, 10, 100);
        assert_eq!(index.line_col(window, 105), LineCol { line: 10, column: 6 });
    }

    #[test]
    fn clamps_offsets_past_the_end() {
        let text = b"x";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 99), LineCol { line: 1, column: 2 });
    }
}
