//! Newline-delimited JSON: a streaming record reader with bounded memory.

use std::io::{self, BufRead};

use crate::text::UTF8_BOM;

/// One line of an NDJSON stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// 1-based line number of the record.
    pub line: u32,
    /// Byte offset of the record's first byte in the file.
    pub offset: usize,
    /// The record's bytes, without its line terminator (and without a leading BOM).
    pub bytes: Vec<u8>,
}

/// What the reader yields: a record, or a line too long to hold in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// A complete record.
    Record(Record),
    /// A line longer than the record limit; its bytes were skipped, not buffered.
    Oversized {
        /// 1-based line number.
        line: u32,
        /// Byte offset of the line's first byte.
        offset: usize,
        /// Length of the line in bytes.
        len: usize,
    },
}

/// Reads an NDJSON stream line by line, holding at most one record in memory.
///
/// Blank lines are skipped; `\r\n` endings and a leading UTF-8 BOM are accepted.
pub struct NdjsonReader<R> {
    inner: R,
    line: u32,
    offset: usize,
    max_record_bytes: usize,
}

impl<R: BufRead> NdjsonReader<R> {
    /// A reader over `inner` refusing records longer than `max_record_bytes`.
    pub fn new(inner: R, max_record_bytes: usize) -> Self {
        Self { inner, line: 0, offset: 0, max_record_bytes }
    }

    /// Reads the next physical line into `buf` (unless it is oversized); returns its length
    /// including the terminator, or `None` at end of input.
    fn read_line(&mut self, buf: &mut Vec<u8>) -> io::Result<Option<(usize, bool)>> {
        let mut total = 0usize;
        let mut oversized = false;
        loop {
            let chunk = match self.inner.fill_buf() {
                Ok(chunk) => chunk,
                Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
                Err(err) => return Err(err),
            };
            if chunk.is_empty() {
                return Ok((total > 0).then_some((total, oversized)));
            }
            let (taken, done) = match memchr::memchr(b'\n', chunk) {
                Some(i) => (i + 1, true),
                None => (chunk.len(), false),
            };
            if !oversized && total + taken > self.max_record_bytes + 2 {
                oversized = true;
                buf.clear();
                buf.shrink_to(64 * 1024);
            }
            if !oversized {
                buf.extend_from_slice(&chunk[..taken]);
            }
            total += taken;
            self.inner.consume(taken);
            if done {
                return Ok(Some((total, oversized)));
            }
        }
    }
}

impl<R: BufRead> Iterator for NdjsonReader<R> {
    type Item = io::Result<Line>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let mut bytes = Vec::new();
            let (len, oversized) = match self.read_line(&mut bytes) {
                Ok(Some(read)) => read,
                Ok(None) => return None,
                Err(err) => return Some(Err(err)),
            };
            let mut offset = self.offset;
            self.offset += len;
            self.line = self.line.saturating_add(1);
            if oversized {
                return Some(Ok(Line::Oversized { line: self.line, offset, len }));
            }
            let had_bom = self.line == 1 && bytes.starts_with(UTF8_BOM);
            if had_bom {
                bytes.drain(..UTF8_BOM.len());
                offset += UTF8_BOM.len();
            }
            while matches!(bytes.last(), Some(b'\n' | b'\r')) {
                bytes.pop();
            }
            // Blank means JSON whitespace only (RFC 8259: space, tab, CR, LF): a form feed or
            // a line holding only a byte order mark is a record, and not JSON.
            if !had_bom && bytes.iter().all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n')) {
                continue;
            }
            return Some(Ok(Line::Record(Record { line: self.line, offset, bytes })));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_json_whitespace_makes_a_line_blank() {
        let got = lines(b"{\"a\":1}\n\x0c\x0c\n \t\n{\"b\":2}", 1024);
        assert_eq!(got.len(), 3, "{got:?}");
        let got = lines(b"\xEF\xBB\xBF\n{\"b\":2}", 1024);
        assert_eq!(got.len(), 2, "{got:?}");
    }

    fn lines(input: &[u8], limit: usize) -> Vec<Line> {
        NdjsonReader::new(input, limit).map(Result::unwrap).collect()
    }

    #[test]
    fn yields_records_with_positions() {
        let got = lines(b"\xEF\xBB\xBF{\"a\":1}\r\n\n{\"b\":2}", 1024);
        assert_eq!(
            got,
            vec![
                Line::Record(Record { line: 1, offset: 3, bytes: b"{\"a\":1}".to_vec() }),
                Line::Record(Record { line: 3, offset: 13, bytes: b"{\"b\":2}".to_vec() }),
            ]
        );
    }

    #[test]
    fn skips_oversized_lines_without_buffering_them() {
        let mut input = vec![b'x'; 10_000];
        input.extend_from_slice(b"\n{}\n");
        let got = lines(&input, 100);
        assert_eq!(got[0], Line::Oversized { line: 1, offset: 0, len: 10_001 });
        assert_eq!(got[1], Line::Record(Record { line: 2, offset: 10_001, bytes: b"{}".to_vec() }));
    }
}
