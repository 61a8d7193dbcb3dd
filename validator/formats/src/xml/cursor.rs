//! Following a byte stream's line and column while it is read.

use std::cell::Cell;

use conform_diagnostics::{LineCol, Location, Span};

/// A file position: byte offset with its 1-based line and character column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Cursor {
    pub(super) offset: usize,
    pub(super) at: LineCol,
}

impl Cursor {
    pub(super) const START: Self = Self { offset: 0, at: LineCol { line: 1, column: 1 } };

    /// The position after `bytes`, read from here. Columns count characters: bytes for a
    /// single-byte encoding, otherwise every byte that does not continue a UTF-8 sequence.
    #[must_use]
    pub(super) fn advance(self, bytes: &[u8], single_byte: bool) -> Self {
        let shape = Shape::of(bytes);
        let chars = |b: &[u8]| if single_byte || shape.ascii { b.len() } else { b.len() - continuation_bytes(b) };
        let at = match shape.last_line_feed {
            Some(last) => LineCol {
                line: self.at.line.saturating_add(u32::try_from(shape.line_feeds).unwrap_or(u32::MAX)),
                column: u32::try_from(chars(&bytes[last + 1..]) + 1).unwrap_or(u32::MAX),
            },
            None => LineCol {
                line: self.at.line,
                column: self.at.column.saturating_add(u32::try_from(chars(bytes)).unwrap_or(u32::MAX)),
            },
        };
        Self { offset: self.offset + bytes.len(), at }
    }
}

/// The line and column of byte `offset`, for the token of `token` bytes that starts at
/// `mark`: exact inside the token and at the root element's start tag (`root`); an
/// earlier offset resolves to the token's start. `end` caches where the token ends.
pub(super) fn line_col(
    mark: Cursor,
    token: &[u8],
    single_byte: bool,
    root: Option<(Span, Location)>,
    end: &Cell<Option<Cursor>>,
    offset: usize,
) -> LineCol {
    if let Some((span, location)) = root
        && offset < mark.offset
    {
        if offset == span.start {
            return location.start;
        }
        if offset == span.end {
            return location.end;
        }
    }
    let within = offset.saturating_sub(mark.offset).min(token.len());
    if within == token.len() {
        let at = end.get().unwrap_or_else(|| mark.advance(token, single_byte));
        end.set(Some(at));
        return at.at;
    }
    if within == 0 {
        return mark.at;
    }
    mark.advance(&token[..within], single_byte).at
}

/// What decides how a run of bytes moves a position: its line feeds and whether it is all
/// ASCII. Found eight bytes at a time in one pass, as tokens are short and a vectorised
/// search costs more to set up than it saves.
#[derive(Debug, PartialEq, Eq)]
struct Shape {
    line_feeds: usize,
    last_line_feed: Option<usize>,
    ascii: bool,
}

impl Shape {
    fn of(bytes: &[u8]) -> Self {
        const LOW: u64 = 0x7F7F_7F7F_7F7F_7F7F;
        const LINE_FEEDS: u64 = 0x0A0A_0A0A_0A0A_0A0A;
        let mut shape = Self { line_feeds: 0, last_line_feed: None, ascii: true };
        let mut high = 0;
        let mut add = |i: usize, w: u64| {
            high |= w;
            let x = w ^ LINE_FEEDS;
            // The high bit of each byte that was a line feed (exact: no carries between bytes).
            let found = !(((x & LOW) + LOW) | x | LOW);
            if found != 0 {
                shape.line_feeds += found.count_ones() as usize;
                shape.last_line_feed = Some(i * 8 + (63 - found.leading_zeros() as usize) / 8);
            }
        };
        let mut chunks = bytes.chunks_exact(8);
        let mut words = 0;
        for chunk in &mut chunks {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            add(words, u64::from_le_bytes(word));
            words += 1;
        }
        // The short last chunk, padded with zero bytes: neither line feeds nor beyond ASCII.
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let w = rest.iter().rev().fold(0, |w, &b| (w << 8) | u64::from(b));
            add(words, w);
        }
        shape.ascii = high & !LOW == 0;
        shape
    }
}

/// How many bytes of `bytes` continue a UTF-8 sequence (`0b10xx_xxxx`), eight at a time.
fn continuation_bytes(bytes: &[u8]) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut chunks = bytes.chunks_exact(8);
    let mut count = 0;
    for chunk in &mut chunks {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        // Bit 7 set and bit 6 clear, per byte.
        count += (w & !(w << 1) & HIGH).count_ones() as usize;
    }
    count + chunks.remainder().iter().filter(|&&c| (c & 0xC0) == 0x80).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_character_columns() {
        let c = Cursor::START.advance("ab\nçd".as_bytes(), false);
        assert_eq!((c.offset, c.at), (6, LineCol { line: 2, column: 3 }));
        let c = c.advance(b"x", false);
        assert_eq!(c.at, LineCol { line: 2, column: 4 });
        let c = Cursor::START.advance(b"\xE9\xE9", true);
        assert_eq!(c.at, LineCol { line: 1, column: 3 });
    }

    #[test]
    fn line_feeds_and_ascii_are_found_in_words() {
        let text = "a\nbcdefgh\n\nijklmnopqrstu\nvé\n".as_bytes();
        for start in 0..text.len() {
            let tail = &text[start..];
            let slow = Shape {
                line_feeds: memchr::memchr_iter(b'\n', tail).count(),
                last_line_feed: tail.iter().rposition(|&b| b == b'\n'),
                ascii: tail.is_ascii(),
            };
            assert_eq!(Shape::of(tail), slow);
        }
    }

    #[test]
    fn continuation_bytes_are_counted_in_words() {
        let text = "aé€😀bcdefghijklmnopç".as_bytes();
        let slow = text.iter().filter(|&&c| (c & 0xC0) == 0x80).count();
        for start in 0..text.len() {
            let tail = &text[start..];
            assert_eq!(continuation_bytes(tail), tail.iter().filter(|&&c| (c & 0xC0) == 0x80).count());
        }
        assert_eq!(continuation_bytes(text), slow);
    }
}
