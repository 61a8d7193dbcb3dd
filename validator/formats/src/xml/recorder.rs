//! Following a byte stream's line and column while it is read.

use std::io::{self, BufRead, Read};

use conform_diagnostics::LineCol;

/// A `BufRead` adapter that keeps the bytes consumed since the last [`mark`](Self::mark):
/// the raw bytes of the token being read, from which positions inside it are resolved.
pub(super) struct Recorder<R> {
    inner: R,
    /// The bytes consumed since the last mark.
    pub(super) recorded: Vec<u8>,
}

impl<R: BufRead> Recorder<R> {
    pub(super) fn new(inner: R) -> Self {
        Self { inner, recorded: Vec::new() }
    }

    /// The buffered bytes, without consuming them.
    pub(super) fn peek(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }
}

impl<R: BufRead> Read for Recorder<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(out)?;
        self.recorded.extend_from_slice(&out[..n]);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Recorder<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        // `consume` follows a `fill_buf` that returned at least `amount` bytes, which are
        // still buffered: asking again does no I/O.
        if let Ok(buffered) = self.inner.fill_buf() {
            self.recorded.extend_from_slice(&buffered[..amount.min(buffered.len())]);
        }
        self.inner.consume(amount);
    }
}

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
        let chars = |b: &[u8]| if single_byte { b.len() } else { b.len() - continuation_bytes(b) };
        let at = match memchr::memrchr(b'\n', bytes) {
            Some(last) => {
                let lines = memchr::memchr_iter(b'\n', bytes).count();
                LineCol {
                    line: self.at.line.saturating_add(u32::try_from(lines).unwrap_or(u32::MAX)),
                    column: u32::try_from(chars(&bytes[last + 1..]) + 1).unwrap_or(u32::MAX),
                }
            }
            None => LineCol {
                line: self.at.line,
                column: self.at.column.saturating_add(u32::try_from(chars(bytes)).unwrap_or(u32::MAX)),
            },
        };
        Self { offset: self.offset + bytes.len(), at }
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
    fn continuation_bytes_are_counted_in_words() {
        let text = "aé€😀bcdefghijklmnopç".as_bytes();
        let slow = text.iter().filter(|&&c| (c & 0xC0) == 0x80).count();
        for start in 0..text.len() {
            let tail = &text[start..];
            assert_eq!(continuation_bytes(tail), tail.iter().filter(|&&c| (c & 0xC0) == 0x80).count());
        }
        assert_eq!(continuation_bytes(text), slow);
    }

    #[test]
    fn consumed_bytes_are_recorded() {
        let mut r = Recorder::new(&b"hello"[..]);
        let _ = r.fill_buf().unwrap();
        r.consume(2);
        let mut rest = [0; 2];
        r.read_exact(&mut rest).unwrap();
        assert_eq!(r.recorded, b"hello"[..4]);
    }
}
