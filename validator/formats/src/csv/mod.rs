//! CSV reading that keeps the physical position of every record and field.
//!
//! [`CsvReader`] streams a file into [`Batch`]es of records (bounded in records and
//! bytes) so a caller can check one batch on all cores while holding only that batch.
//! Each [`Record`] knows its 1-based record number, its file byte offset and physical line,
//! and the raw byte span of each field, so line and column stay exact when quoted fields
//! contain line breaks (`\n`, `\r\n` or a lone `\r`). An empty line is a record
//! without fields (a blank row, as Python's `csv` and frictionless count rows). A record longer than [`MAX_RECORD_BYTES`] (an
//! unterminated quote, say) is skipped without being buffered and reported as oversized.

mod batch;
mod dialect;
mod sniff;

use std::io::{self, BufRead};

use csv_core::{ReadFieldResult, ReaderBuilder, Terminator};

pub use batch::{Batch, Cursor, Record, utf8_chars};
pub use dialect::Dialect;

use crate::text::UTF8_BOM;
use batch::{FieldPos, RecordPos};

/// Longest record held in memory; longer ones are skipped and reported.
pub const MAX_RECORD_BYTES: usize = 16 * 1024 * 1024;

/// Streams CSV records out of a byte reader.
pub struct CsvReader<R> {
    inner: R,
    core: csv_core::Reader,
    quote: Option<u8>,
    dialect: Dialect,
    /// File offset of the next unread byte.
    offset: usize,
    /// Physical line of the next unread byte.
    line: u64,
    /// Whether the last byte consumed was a `\r` (so a following `\n` starts no new line).
    after_cr: bool,
    /// Number of the next record.
    next_number: u64,
    /// Whether a leading UTF-8 BOM was skipped.
    bom: bool,
    /// Whether lines may be read by `read_simple_line`: the delimiter, quote and escape are
    /// no line break, and the delimiter is not the quote (otherwise `csv-core` reads all).
    simple: bool,
    done: bool,
}

impl<R: BufRead> CsvReader<R> {
    /// A reader of `inner` in `dialect`; a leading UTF-8 BOM is skipped.
    pub fn new(mut inner: R, dialect: Dialect) -> io::Result<Self> {
        let mut builder = ReaderBuilder::new();
        builder
            .delimiter(dialect.delimiter)
            .quoting(dialect.quote.is_some())
            .quote(dialect.quote.unwrap_or(b'"'))
            .double_quote(dialect.double_quote)
            .escape(dialect.escape)
            .terminator(Terminator::CRLF);
        let bom = inner.fill_buf()?.starts_with(UTF8_BOM);
        if bom {
            inner.consume(UTF8_BOM.len());
        }
        Ok(Self {
            inner,
            core: builder.build(),
            quote: dialect.quote,
            dialect,
            offset: if bom { UTF8_BOM.len() } else { 0 },
            line: 1,
            after_cr: false,
            next_number: 1,
            bom,
            simple: {
                let special = [Some(dialect.delimiter), dialect.quote, dialect.escape];
                !special.iter().flatten().any(|b| matches!(b, b'\n' | b'\r'))
                    && dialect.quote != Some(dialect.delimiter)
            },
            done: false,
        })
    }

    /// Whether the file started with a UTF-8 byte order mark.
    #[must_use]
    pub fn had_bom(&self) -> bool {
        self.bom
    }

    /// Clears `batch` and fills it with up to `max_records` records or about `max_bytes`
    /// bytes. Returns `false` once the input is exhausted and the batch is empty.
    pub fn read_batch(&mut self, batch: &mut Batch, max_records: usize, max_bytes: usize) -> io::Result<bool> {
        batch.clear();
        while !self.done && batch.records.len() < max_records && batch.raw.len() < max_bytes {
            if !self.read_record(batch)? {
                self.done = true;
            }
        }
        Ok(!batch.records.is_empty())
    }

    /// Consumes `n` bytes of the current buffer, keeping offset and line up to date.
    fn advance(&mut self, bytes_line_breaks: (u64, bool), n: usize) {
        self.line += bytes_line_breaks.0;
        if n > 0 {
            self.after_cr = bytes_line_breaks.1;
        }
        self.offset += n;
        self.inner.consume(n);
    }

    /// Reads an empty line as a record without fields; `false` if the next line is not empty.
    fn read_blank_line(&mut self, batch: &mut Batch) -> io::Result<bool> {
        let buf = self.inner.fill_buf()?;
        if self.after_cr && buf.first() == Some(&b'\n') {
            // The rest of the previous record's `\r\n`.
            self.advance((0, false), 1);
        }
        let buf = self.inner.fill_buf()?;
        let len = match buf {
            [b'\r', b'\n', ..] => 2,
            [b'\n' | b'\r', ..] => 1,
            _ => return Ok(false),
        };
        let raw = batch.raw.len();
        let fields = batch.fields.len();
        batch.records.push(RecordPos {
            number: self.next_number,
            line: self.line,
            offset: self.offset,
            raw: (raw, raw),
            fields: (fields, fields),
            oversized: None,
            unterminated: false,
        });
        self.next_number += 1;
        let breaks = count_breaks(&buf[..len], self.after_cr);
        self.advance(breaks, len);
        Ok(true)
    }

    /// Reads a record that is one whole line of the current buffer and whose quoted fields,
    /// if any, are simply quoted (`"…"` with no quote, escape or line break inside, followed
    /// by a delimiter or the line's end); `false`, having read nothing, for any other record,
    /// which `csv-core` then reads (so does an oversized one). Fields and values are those
    /// `csv-core` would give.
    fn read_simple_line(&mut self, batch: &mut Batch) -> io::Result<bool> {
        let buf = self.inner.fill_buf()?;
        let Some(eol) = memchr::memchr2(b'\n', b'\r', buf) else {
            return Ok(false);
        };
        let line = &buf[..eol];
        if !self.simple
            || line.is_empty()
            || eol >= MAX_RECORD_BYTES
            || self.dialect.escape.is_some_and(|e| memchr::memchr(e, line).is_some())
        {
            return Ok(false);
        }
        let delimiter = self.dialect.delimiter;
        let fields_start = batch.fields.len();
        let raw_start = batch.raw.len();
        let values_start = batch.values_len;
        let mut pos = 0;
        loop {
            let (value, end) = match self.quote {
                Some(quote) if line.get(pos) == Some(&quote) => {
                    let close = memchr::memchr(quote, &line[pos + 1..]).map(|i| pos + 1 + i);
                    let simple = close.filter(|&c| line.get(c + 1).is_none_or(|&b| b == delimiter));
                    let Some(close) = simple else {
                        batch.fields.truncate(fields_start);
                        return Ok(false);
                    };
                    ((pos + 1, close), close + 1)
                }
                _ => {
                    let end = memchr::memchr(delimiter, &line[pos..]).map_or(line.len(), |i| pos + i);
                    ((pos, end), end)
                }
            };
            let value = (values_start + value.0, values_start + value.1);
            batch.fields.push(FieldPos { raw: (raw_start + pos, raw_start + end), value });
            if end == line.len() {
                break;
            }
            pos = end + 1;
        }
        if batch.values.len() < values_start + line.len() {
            batch.values.resize((values_start + line.len()).max(batch.values.len() * 2), 0);
        }
        batch.values[values_start..values_start + line.len()].copy_from_slice(line);
        batch.values_len = values_start + line.len();
        if self.dialect.skip_initial_space {
            for field in &mut batch.fields[fields_start..] {
                field.value = skip_initial_space(&mut batch.values, field.value, self.dialect);
            }
        }
        batch.raw.extend_from_slice(&buf[..=eol]);
        batch.records.push(RecordPos {
            number: self.next_number,
            line: self.line,
            offset: self.offset,
            raw: (raw_start, batch.raw.len()),
            fields: (fields_start, batch.fields.len()),
            oversized: None,
            unterminated: false,
        });
        self.next_number += 1;
        // The line holds no line break but its terminator, which no `\r` precedes.
        let after_cr = buf[eol] == b'\r';
        self.advance((1, after_cr), eol + 1);
        Ok(true)
    }

    /// Reads one record into `batch`; `false` at the end of the input.
    fn read_record(&mut self, batch: &mut Batch) -> io::Result<bool> {
        if self.read_blank_line(batch)? || self.read_simple_line(batch)? {
            return Ok(true);
        }
        let raw_start = batch.raw.len();
        let fields_start = batch.fields.len();
        let values_start = batch.values_len;
        let (offset, line) = (self.offset, self.line);
        let mut field_raw_start = raw_start;
        let mut field_value_start = values_start;
        let mut total = 0usize;
        let mut oversized = false;
        let mut unterminated = false;
        loop {
            let buf = self.inner.fill_buf()?;
            if batch.values.len() - batch.values_len < buf.len().max(64) {
                let grown = (batch.values_len + buf.len().max(64)).max(batch.values.len() * 2);
                batch.values.resize(grown, 0);
            }
            let (result, nin, nout) = self.core.read_field(buf, &mut batch.values[batch.values_len..]);
            total += nin;
            if !oversized && total > MAX_RECORD_BYTES {
                // Lines of the bytes held so far are counted before they are dropped; from
                // here on, as the bytes pass.
                oversized = true;
                count_lines(&mut self.line, &mut self.after_cr, &batch.raw[raw_start..]);
                batch.raw.truncate(raw_start);
                batch.fields.truncate(fields_start);
            }
            if oversized {
                batch.values_len = values_start;
                let breaks = count_breaks(&buf[..nin], self.after_cr);
                self.advance(breaks, nin);
            } else {
                // The lines of a held record are counted once it is read (see `count_lines`).
                batch.raw.extend_from_slice(&buf[..nin]);
                batch.values_len += nout;
                self.offset += nin;
                self.inner.consume(nin);
            }
            match result {
                ReadFieldResult::InputEmpty | ReadFieldResult::OutputFull => {}
                ReadFieldResult::End => {
                    if !oversized {
                        count_lines(&mut self.line, &mut self.after_cr, &batch.raw[raw_start..]);
                    }
                    return Ok(false);
                }
                ReadFieldResult::Field { record_end } => {
                    if record_end && !oversized {
                        count_lines(&mut self.line, &mut self.after_cr, &batch.raw[raw_start..]);
                    }
                    if !oversized {
                        let raw = &batch.raw[field_raw_start..];
                        let trailer = trailer_len(raw, record_end);
                        let content_end = batch.raw.len() - trailer;
                        // Only the end of the input ends a record inside quotes.
                        if self.quote.is_some_and(|q| ends_in_quotes(raw, q, self.dialect)) {
                            unterminated = true;
                        }
                        let mut value = (field_value_start, batch.values_len);
                        if self.dialect.skip_initial_space {
                            value = skip_initial_space(&mut batch.values, value, self.dialect);
                        }
                        batch.fields.push(FieldPos { raw: (field_raw_start, content_end), value });
                    }
                    field_raw_start = batch.raw.len();
                    field_value_start = batch.values_len;
                    if record_end {
                        batch.records.push(RecordPos {
                            number: self.next_number,
                            line,
                            offset,
                            raw: (raw_start, batch.raw.len()),
                            fields: (fields_start, batch.fields.len()),
                            oversized: oversized.then_some(total),
                            unterminated,
                        });
                        self.next_number += 1;
                        return Ok(true);
                    }
                }
            }
        }
    }
}

/// Whether a field's raw text (starting with a quote) is still inside quotes at its end,
/// read as Python's `csv` reads it: after the closing quote, the rest of the field is text
/// (`"GAM MODEL" DI SINISCALCHI`), a doubled quote inside quotes is one quote, and the escape
/// character protects the next character.
fn ends_in_quotes(raw: &[u8], quote: u8, dialect: Dialect) -> bool {
    if raw.first() != Some(&quote) {
        return false;
    }
    if dialect.escape.is_none() {
        // Jump from quote to quote: the first one that is not doubled closes the field.
        let mut quotes = memchr::memchr_iter(quote, &raw[1..]).map(|i| i + 1).peekable();
        while let Some(at) = quotes.next() {
            if dialect.double_quote && quotes.peek() == Some(&(at + 1)) {
                quotes.next();
            } else {
                return false;
            }
        }
        return true;
    }
    let mut i = 1;
    while i < raw.len() {
        let b = raw[i];
        if dialect.escape == Some(b) {
            i += 1;
        } else if b == quote {
            if dialect.double_quote && raw.get(i + 1) == Some(&quote) {
                i += 1;
            } else {
                return false;
            }
        }
        i += 1;
    }
    true
}

/// Python's `skipinitialspace`: spaces at the start of a field are dropped, and a quote
/// after them opens a quoted field (which `csv-core` read as text) — its quotes are undone
/// in place. Returns the field's new value range.
fn skip_initial_space(values: &mut [u8], (start, end): (usize, usize), dialect: Dialect) -> (usize, usize) {
    let spaces = values[start..end].iter().take_while(|&&b| b == b' ').count();
    let start = start + spaces;
    let Some(quote) = dialect.quote.filter(|&q| spaces > 0 && values.get(start) == Some(&q) && start < end) else {
        return (start, end);
    };
    let mut write = start;
    let mut read = start + 1;
    let mut inside = true;
    while read < end {
        let b = values[read];
        if inside && dialect.escape == Some(b) && read + 1 < end {
            read += 1;
            values[write] = values[read];
        } else if inside && b == quote {
            if dialect.double_quote && read + 1 < end && values[read + 1] == quote {
                read += 1;
                values[write] = quote;
            } else {
                inside = false;
                read += 1;
                continue;
            }
        } else {
            values[write] = b;
        }
        write += 1;
        read += 1;
    }
    (start, write)
}

/// Bytes after a field's content: its delimiter, or its record terminator.
fn trailer_len(raw: &[u8], record_end: bool) -> usize {
    match raw.last() {
        Some(b'\n' | b'\r') if record_end => 1,
        Some(_) if !record_end => 1,
        _ => 0,
    }
}

/// Adds the line breaks of `held`, the bytes read since the last count, to `line`, and
/// updates `after_cr` (whether the last byte counted was `\r`).
fn count_lines(line: &mut u64, after_cr: &mut bool, held: &[u8]) {
    let (breaks, ends_with_cr) = count_breaks(held, *after_cr);
    *line += breaks;
    if !held.is_empty() {
        *after_cr = ends_with_cr;
    }
}

/// Line breaks in `bytes` (`\n`, `\r\n`, lone `\r`), given whether the byte before was `\r`;
/// also returns whether `bytes` ends with `\r`.
fn count_breaks(bytes: &[u8], mut after_cr: bool) -> (u64, bool) {
    let mut breaks = 0;
    let mut last = None;
    for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        let b = bytes[i];
        let joined = b == b'\n' && (if i == 0 { after_cr } else { bytes[i - 1] == b'\r' });
        if !joined {
            breaks += 1;
        }
        last = Some(i);
    }
    if let Some(last) = last {
        after_cr = last + 1 == bytes.len() && bytes[last] == b'\r';
    } else if !bytes.is_empty() {
        after_cr = false;
    }
    (breaks, after_cr)
}

#[cfg(test)]
mod tests;
