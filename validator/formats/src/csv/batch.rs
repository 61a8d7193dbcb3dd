//! A batch of CSV records held in two flat buffers (raw bytes and unescaped values).

use std::cell::Cell;

use conform_diagnostics::{LineCol, Location, Span};

/// Where one field is: its raw content (quotes included) and its unescaped value.
#[derive(Debug, Clone, Copy)]
pub(super) struct FieldPos {
    pub(super) raw: (usize, usize),
    pub(super) value: (usize, usize),
}

/// Where one record is.
#[derive(Debug, Clone, Copy)]
pub(super) struct RecordPos {
    pub(super) number: u64,
    pub(super) line: u64,
    pub(super) offset: usize,
    pub(super) raw: (usize, usize),
    pub(super) fields: (usize, usize),
    pub(super) oversized: Option<usize>,
    pub(super) unterminated: bool,
}

/// Consecutive records of a file, read by [`super::CsvReader::read_batch`].
#[derive(Debug, Default)]
pub struct Batch {
    pub(super) raw: Vec<u8>,
    pub(super) values: Vec<u8>,
    pub(super) values_len: usize,
    pub(super) fields: Vec<FieldPos>,
    pub(super) records: Vec<RecordPos>,
}

impl Batch {
    /// An empty batch (buffers grow on first use and are reused afterwards).
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    pub(super) fn clear(&mut self) {
        self.raw.clear();
        self.values_len = 0;
        self.fields.clear();
        self.records.clear();
    }

    /// Number of records.
    #[must_use]
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// Whether the batch holds no record.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Raw bytes held (a measure of the batch's size).
    #[must_use]
    pub fn raw_len(&self) -> usize {
        self.raw.len()
    }

    /// The `i`th record.
    #[must_use]
    pub fn get(&self, i: usize) -> Record<'_> {
        Record { batch: self, pos: &self.records[i] }
    }

    /// Every record, in file order.
    #[must_use]
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Record<'_>> {
        self.records.iter().map(|pos| Record { batch: self, pos })
    }
}

/// One record of a [`Batch`].
#[derive(Clone, Copy)]
pub struct Record<'a> {
    batch: &'a Batch,
    pos: &'a RecordPos,
}

impl<'a> Record<'a> {
    /// 1-based record number in the file (an empty line is a record too).
    #[must_use]
    pub fn number(&self) -> u64 {
        self.pos.number
    }

    /// Physical line the record starts on.
    #[must_use]
    pub fn line(&self) -> u64 {
        self.pos.line
    }

    /// The record's span in the file (without its terminator).
    #[must_use]
    pub fn span(&self) -> Span {
        let end = self.fields_raw().last().map_or(self.pos.offset, |f| self.file_offset(f.raw.1));
        Span::new(self.pos.offset, end)
    }

    /// Length in bytes of a record too long to hold, which was skipped.
    #[must_use]
    pub fn oversized(&self) -> Option<usize> {
        self.pos.oversized
    }

    /// Whether the record ends inside a quoted field (the file ended first).
    #[must_use]
    pub fn unterminated(&self) -> bool {
        self.pos.unterminated
    }

    /// Number of fields.
    #[must_use]
    pub fn len(&self) -> usize {
        self.pos.fields.1 - self.pos.fields.0
    }

    /// Whether the record has no field (only oversized records).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn fields_raw(&self) -> &'a [FieldPos] {
        &self.batch.fields[self.pos.fields.0..self.pos.fields.1]
    }

    /// The unescaped bytes of field `i` (quotes removed, doubled quotes undone).
    #[must_use]
    pub fn value(&self, i: usize) -> &'a [u8] {
        let (start, end) = self.fields_raw()[i].value;
        &self.batch.values[start..end]
    }

    /// Every field's unescaped bytes.
    #[must_use]
    pub fn values(&self) -> impl ExactSizeIterator<Item = &'a [u8]> + 'a {
        let batch = self.batch;
        self.fields_raw().iter().map(move |f| &batch.values[f.value.0..f.value.1])
    }

    /// The unescaped bytes of every field back to back, from the first field's value to the
    /// last one's (field `i`'s value is at [`Self::joined_range`]`(i)` in them). Bytes between
    /// two values (left over where `skipinitialspace` undid quotes) are included.
    #[must_use]
    pub fn joined_values(&self) -> &'a [u8] {
        match (self.fields_raw().first(), self.fields_raw().last()) {
            (Some(first), Some(last)) => &self.batch.values[first.value.0..last.value.1],
            _ => &[],
        }
    }

    /// Where field `i`'s unescaped bytes are in [`Self::joined_values`].
    #[must_use]
    pub fn joined_range(&self, i: usize) -> std::ops::Range<usize> {
        let fields = self.fields_raw();
        let base = fields.first().map_or(0, |f| f.value.0);
        let (start, end) = fields[i].value;
        start - base..end - base
    }

    fn file_offset(&self, raw: usize) -> usize {
        self.pos.offset + (raw - self.pos.raw.0)
    }

    /// The file span of field `i` as written (quotes included).
    #[must_use]
    pub fn field_span(&self, i: usize) -> Span {
        let (start, end) = self.fields_raw()[i].raw;
        Span::new(self.file_offset(start), self.file_offset(end))
    }

    /// The file span just past the last field (where a missing field would go).
    #[must_use]
    pub fn end_span(&self) -> Span {
        Span::empty(self.span().end)
    }

    /// Resolves a file span inside this record to lines and columns. `chars` counts the
    /// characters of a byte string in the file's encoding.
    #[must_use]
    pub fn location(&self, span: Span, chars: &dyn Fn(&[u8]) -> usize) -> Location {
        self.cursor(chars).location(span)
    }

    /// A [`Cursor`] over this record: spans resolved in file order cost, all together, one
    /// pass over the record (a wide row with a finding per cell stays linear).
    #[must_use]
    pub fn cursor<'c>(&self, chars: &'c dyn Fn(&[u8]) -> usize) -> Cursor<'a, 'c> {
        Cursor { record: *self, chars, mark: Cell::new(Mark { line: self.pos.line, ..Mark::default() }) }
    }
}

/// How far a [`Cursor`] has counted: up to `local` (an offset in the record's raw bytes), on
/// `line`, which starts at `line_start`, with `column` characters between the two.
#[derive(Debug, Clone, Copy, Default)]
struct Mark {
    local: usize,
    line: u64,
    line_start: usize,
    column: usize,
}

/// Resolves spans of one record to lines and columns, resuming from the previous position
/// when the next one is not before it (and counting from the record's start otherwise).
pub struct Cursor<'a, 'c> {
    record: Record<'a>,
    chars: &'c dyn Fn(&[u8]) -> usize,
    mark: Cell<Mark>,
}

impl Cursor<'_, '_> {
    /// The lines and columns of `span`.
    #[must_use]
    pub fn location(&self, span: Span) -> Location {
        let start = self.line_col(span.start);
        Location { start, end: self.line_col(span.end) }
    }

    fn line_col(&self, offset: usize) -> LineCol {
        let pos = self.record.pos;
        let raw = &self.record.batch.raw[pos.raw.0..pos.raw.1];
        let local = offset.saturating_sub(pos.offset).min(raw.len());
        let mut mark = self.mark.get();
        if mark.local > local {
            mark = Mark { line: pos.line, ..Mark::default() };
        }
        let mut new_line = false;
        for i in memchr::memchr2_iter(b'\n', b'\r', &raw[mark.local..local]).map(|i| i + mark.local) {
            if !(raw[i] == b'\n' && i > 0 && raw[i - 1] == b'\r') {
                mark.line += 1;
            }
            mark.line_start = i + 1;
            new_line = true;
        }
        mark.column = if new_line {
            (self.chars)(&raw[mark.line_start..local])
        } else {
            mark.column + (self.chars)(&raw[mark.local..local])
        };
        mark.local = local;
        self.mark.set(mark);
        LineCol {
            line: u32::try_from(mark.line).unwrap_or(u32::MAX),
            column: u32::try_from(mark.column + 1).unwrap_or(u32::MAX),
        }
    }
}

/// Counts characters of UTF-8 text (each invalid byte counts as one).
#[must_use]
pub fn utf8_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}
