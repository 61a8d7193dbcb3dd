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
///
/// Resolving a position costs O(log lines) plus at most [`BLOCK`] bytes of counting, never
/// a count from the start of a long line: a minified document with a finding per record
/// resolves in time linear in the findings.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    first_line: u32,
    base_offset: usize,
    /// Characters before each [`BLOCK`]-byte block of the window, and in the whole window
    /// last; empty when the window is ASCII (a byte is a character).
    chars_before_block: Vec<usize>,
    /// Length of the indexed window.
    len: usize,
}

/// Bytes per block of the character-count table.
const BLOCK: usize = 128;

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
        let chars_before_block = if text.is_ascii() {
            Vec::new()
        } else {
            let mut before = 0;
            let mut table: Vec<usize> = text
                .chunks(BLOCK)
                .map(|block| {
                    let at = before;
                    before += count_chars(block);
                    at
                })
                .collect();
            table.push(before);
            table
        };
        Self { line_starts, first_line, base_offset, chars_before_block, len: text.len() }
    }

    /// Characters in `text[..at]`.
    fn chars_before(&self, text: &[u8], at: usize) -> usize {
        if text.len() != self.len {
            // Not the indexed window: count (correct, if slower).
            return count_chars(&text[..at]);
        }
        if self.chars_before_block.is_empty() {
            return at;
        }
        let block = at / BLOCK;
        let base = self.chars_before_block.get(block).copied().unwrap_or(0);
        base + count_chars(&text[block * BLOCK..at])
    }

    /// Resolves a file byte offset inside this window. `text` is the window's bytes.
    #[must_use]
    pub fn line_col(&self, text: &[u8], offset: usize) -> LineCol {
        let local = offset.saturating_sub(self.base_offset).min(text.len());
        let line = self.line_starts.partition_point(|&start| start <= local) - 1;
        let line_start = self.line_starts[line].min(local);
        let column = self.chars_before(text, local) - self.chars_before(text, line_start) + 1;
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

    #[test]
    fn columns_on_long_non_ascii_lines_match_a_plain_count() {
        let line: String = (0..5_000).map(|i| if i % 7 == 0 { 'é' } else { 'a' }).collect();
        let text = format!("x\n{line}\n{line}{}", "é".repeat(130));
        let bytes = text.as_bytes();
        let index = LineIndex::new(bytes);
        let ends = [bytes.len() - 2, bytes.len()];
        for offset in (0..bytes.len()).filter(|&i| text.is_char_boundary(i)).step_by(37).chain(ends) {
            let start = bytes[..offset].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            let expected = text[start..offset].chars().count() as u32 + 1;
            assert_eq!(index.line_col(bytes, offset).column, expected, "offset {offset}");
        }
    }

    #[test]
    fn the_end_of_a_window_of_whole_blocks_resolves() {
        let text = "é".repeat(64);
        let index = LineIndex::new(text.as_bytes());
        assert_eq!(index.line_col(text.as_bytes(), 128), LineCol { line: 1, column: 65 });
    }

    #[test]
    fn many_positions_on_one_long_line_resolve_quickly() {
        let text = "é".repeat(1_000_000);
        let bytes = text.as_bytes();
        let index = LineIndex::new(bytes);
        for offset in (0..bytes.len()).step_by(20) {
            let _ = index.line_col(bytes, offset);
        }
        // 100 000 positions: a count from the line start each would take minutes.
    }
}
