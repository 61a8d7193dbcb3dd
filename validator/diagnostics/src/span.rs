//! Byte ranges into an input file.

use serde::Serialize;

/// A half-open byte range `start..end` into a file's raw bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Span {
    /// First byte of the range.
    pub start: usize,
    /// One past the last byte of the range.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`; `end` is clamped so it never precedes `start`.
    #[must_use]
    pub fn new(start: usize, end: usize) -> Self {
        Self { start, end: end.max(start) }
    }

    /// An empty span at `offset`.
    #[must_use]
    pub fn empty(offset: usize) -> Self {
        Self { start: offset, end: offset }
    }

    /// Number of bytes covered.
    #[must_use]
    pub fn len(self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no byte.
    #[must_use]
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// This span moved `by` bytes forward (used to turn a record-relative span into a
    /// file-relative one).
    #[must_use]
    pub fn shifted(self, by: usize) -> Self {
        Self { start: self.start + by, end: self.end + by }
    }
}
