//! What the tokenizer hands the reader: a chunk of the input and the events found in it,
//! as plain records that borrow nothing.
//!
//! A [`Batch`] is filled by the producer (tokens found, structure checked, namespaces
//! resolved, text decoded) and turned into [`XmlEvent`](super::XmlEvent)s by the reader,
//! on the same thread or, for large inputs, on the other side of a channel: the two halves
//! of reading then run in parallel, and batches are recycled so memory stays bounded.

use conform_diagnostics::{Location, Span};

use super::TextEncoding;
use super::cursor::Cursor;
use super::namespaces::Ns;
use crate::SyntaxError;

/// A piece of text in a batch: in the chunk as read, or in the store of decoded text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Str {
    pub start: u32,
    pub end: u32,
    /// In [`Batch::decoded`], not in the chunk.
    pub decoded: bool,
}

/// A run of raw input bytes in the chunk.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Raw {
    pub start: u32,
    pub len: u32,
}

/// A namespace-resolved name.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct NameRecord {
    pub qualified: Str,
    /// Where the local part starts, in the same store as `qualified`.
    pub local_start: u32,
    pub namespace: Option<Ns>,
}

impl NameRecord {
    /// The local part.
    pub fn local(self) -> Str {
        Str { start: self.local_start, ..self.qualified }
    }
}

/// An attribute of a start tag.
#[derive(Debug, Clone, Copy)]
pub(super) struct AttributeRecord {
    pub name: NameRecord,
    pub value: Str,
    pub name_span: Span,
    pub value_span: Span,
}

/// A namespace declaration of a start tag (`xmlns:prefix="..."`).
#[derive(Debug, Clone, Copy)]
pub(super) struct Binding {
    pub prefix: Str,
    pub namespace: Option<Ns>,
}

/// One event: where its token is, where it starts, and what it holds.
#[derive(Debug, Clone, Copy)]
pub(super) struct Record {
    /// The token's bytes (for an empty-element end: its start tag's).
    pub raw: Raw,
    /// The token's position.
    pub mark: Cursor,
    pub kind: RecordKind,
}

/// What an event holds.
#[derive(Debug, Clone, Copy)]
pub(super) enum RecordKind {
    /// Its attributes and namespace declarations are the next `attributes` and `bindings`
    /// of [`Batch::attributes`] and [`Batch::bindings`] (records are read in order, so only
    /// counts are kept: records are most of a batch's memory).
    Start {
        name: NameRecord,
        attributes: u16,
        bindings: u16,
        depth: u32,
        empty: bool,
    },
    End {
        name: NameRecord,
        /// `false` for the end of a self-closing element, which has no tag of its own.
        tagged: bool,
    },
    Text(Str),
}

/// How the input ended, after the batch's events.
#[derive(Debug, Clone)]
pub(super) enum Ending {
    /// The document was read to its end.
    Finished,
    /// Reading stopped at a syntax error, located where it was found.
    Failed(SyntaxError, Location),
}

/// A chunk of input and its events.
#[derive(Debug, Default)]
pub(super) struct Batch {
    /// The chunk, when the input is UTF-8.
    pub chunk: String,
    /// The chunk, when the input is in a single-byte encoding (its text is decoded into
    /// `decoded`).
    pub bytes: Vec<u8>,
    /// Text that differs from the input's bytes: unescaped, or decoded from a single-byte
    /// encoding.
    pub decoded: String,
    pub records: Vec<Record>,
    pub attributes: Vec<AttributeRecord>,
    pub bindings: Vec<Binding>,
    /// Namespace URIs first seen in this batch, in the order they were numbered.
    pub namespaces: Vec<Box<str>>,
    pub encoding: TextEncoding,
    pub ending: Option<Ending>,
}

impl Batch {
    /// Empties the batch for reuse (keeping its allocations).
    pub fn clear(&mut self, encoding: TextEncoding) {
        self.chunk.clear();
        self.bytes.clear();
        self.decoded.clear();
        self.records.clear();
        // After `clear`: reserving first would ask for room beside the old records too.
        self.records.reserve(super::producer::MAX_RECORDS);
        self.attributes.clear();
        self.bindings.clear();
        self.namespaces.clear();
        self.encoding = encoding;
        self.ending = None;
    }

    /// The chunk's bytes.
    pub fn raw(&self) -> &[u8] {
        if self.encoding.is_single_byte() { &self.bytes } else { self.chunk.as_bytes() }
    }

    /// The bytes of a token.
    pub fn token(&self, raw: Raw) -> &[u8] {
        let bytes = self.raw();
        let start = (raw.start as usize).min(bytes.len());
        &bytes[start..(start + raw.len as usize).min(bytes.len())]
    }

    /// The text of a piece.
    pub fn text(&self, piece: Str) -> &str {
        let store = if piece.decoded { &self.decoded } else { &self.chunk };
        store.get(piece.start as usize..piece.end as usize).unwrap_or_default()
    }
}
