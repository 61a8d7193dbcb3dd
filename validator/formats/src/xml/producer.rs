//! The first half of reading: input → batches of checked, namespace-resolved records.
//!
//! The producer reads the input a chunk at a time (checking UTF-8 once per chunk), finds
//! the tokens in it, follows lines and columns, checks the document's structure (one root,
//! matching end tags, depth, DTDs), resolves namespaces and decodes text, and writes what
//! it found into a [`Batch`]. A token cut by the end of a chunk starts the next batch.

use std::borrow::Cow;
use std::cell::Cell;
use std::io::{self, Read};

use conform_diagnostics::{Location, Span};

use super::TextEncoding;
use super::attributes::{self, RawAttribute};
use super::batch::{AttributeRecord, Batch, Binding, Ending, NameRecord, Raw, Record, RecordKind, Str};
use super::cursor::{self, Cursor};
use super::dtd::{Budget, Dtd, collapse};
use super::names::{is_name, qname_prefix_len};
use super::namespaces::{Namespaces, Ns};
use super::reader::XmlOptions;
use super::tokens::{self, Stop, Token};
use super::unescape::{normalize_newlines, push_normalized, unescape};
use super::utf16::{Utf16, is_utf16_label};
use crate::SyntaxError;

mod expand;

/// Input bytes read per batch: small enough that the batches in flight (chunk and
/// records, four batches) stay under a megabyte, large enough that handing one over to the
/// other thread (a wake-up on each side) is rare: with 16 KiB, the hand-overs took about
/// 8 % of the CPU time of a 100 MB check (`perf`: scheduler, futex, channel), 2 to 3 % now.
const CHUNK: usize = 32 * 1024;

/// Events per batch at most (a chunk of typical markup holds about as many tokens).
pub(super) const MAX_RECORDS: usize = 2048;

/// The producer's state between batches.
pub(super) struct Producer<R> {
    input: R,
    /// Raw bytes just read.
    scratch: Vec<u8>,
    /// Bytes read but not yet in a chunk: the start of a UTF-8 sequence cut by a read.
    pending: Vec<u8>,
    /// The unfinished token at the end of the last chunk, which starts the next one.
    carry: Vec<u8>,
    /// The file offset of the next byte appended to a chunk.
    offset: usize,
    eof: bool,
    /// Invalid input met while reading, reported when the tokens reach it.
    invalid: Option<SyntaxError>,
    started: bool,
    finished: bool,
    /// Whether a token was taken in: an XML declaration may only come first.
    after_first_token: bool,
    /// Where the next token starts.
    mark: Cursor,
    /// The transcoder of a UTF-16 document.
    utf16: Option<Utf16>,
    state: State,
}

/// What the structure checks remember.
struct State {
    encoding: TextEncoding,
    namespaces: Namespaces,
    /// The open elements' namespaces and where their names end in `names`.
    open: Vec<(Option<Ns>, usize)>,
    /// The qualified names of the open elements, one after another (for end-tag checks).
    names: Vec<u8>,
    attributes: Vec<RawAttribute>,
    /// The root element's name and start tag, once it started.
    root: Option<(Box<str>, Span, Location)>,
    options: XmlOptions,
    /// The document type declaration, once read.
    dtd: Option<Dtd>,
    /// What entity expansion may still use.
    budget: Budget,
    /// The XML declaration says `standalone="yes"`.
    standalone: bool,
}

/// Where a tag's text is: in the chunk (at this index), or in an entity's replacement text.
#[derive(Clone, Copy)]
enum TagText<'t> {
    Chunk(usize),
    Entity(&'t str),
}

/// Where a piece of a tag is and how to read it: the tag's text when the input is UTF-8
/// (already checked, so pieces are sliced), or its bytes to decode.
#[derive(Clone, Copy)]
struct Tag<'b> {
    raw: &'b [u8],
    utf8: Option<&'b str>,
    /// The text is not the chunk's (an entity's replacement text): pieces are copied.
    owned: bool,
    /// Where the tag starts in the chunk, and in the file.
    at: usize,
    offset: usize,
}

impl<R: Read> Producer<R> {
    pub(super) fn new(input: R, options: XmlOptions) -> Self {
        Self {
            input,
            scratch: Vec::new(),
            pending: Vec::new(),
            carry: Vec::new(),
            offset: 0,
            eof: false,
            invalid: None,
            started: false,
            finished: false,
            after_first_token: false,
            mark: Cursor::START,
            utf16: None,
            state: State {
                encoding: TextEncoding::Utf8,
                namespaces: Namespaces::default(),
                open: Vec::new(),
                names: Vec::new(),
                attributes: Vec::new(),
                root: None,
                options,
                dtd: None,
                budget: Budget::default(),
                standalone: false,
            },
        }
    }

    /// Whether the input has been read to its end (or to an error).
    pub(super) fn finished(&self) -> bool {
        self.finished
    }

    /// Fills `batch` with the next chunk's events; after the last events it carries an
    /// [`Ending`].
    pub(super) fn fill(&mut self, batch: &mut Batch) {
        batch.clear(self.state.encoding);
        if self.finished {
            batch.ending = Some(Ending::Finished);
            return;
        }
        if let Err((err, location)) = self.fill_events(batch) {
            self.finished = true;
            batch.ending = Some(Ending::Failed(err, location));
        }
    }

    fn fill_events(&mut self, batch: &mut Batch) -> Result<(), (SyntaxError, Location)> {
        let mut at = 0;
        let mut read;
        if self.started {
            let carry = std::mem::take(&mut self.carry);
            self.push(batch, &carry);
            // Tokens left over from the last chunk are read first (a chunk of tiny tokens
            // holds more events than a batch takes).
            read = carry.len() < CHUNK / 2;
            self.carry = carry;
            self.carry.clear();
        } else {
            self.started = true;
            at = self.begin(batch).map_err(|err| self.located(err, &[]))?;
            read = false;
        }
        loop {
            if read && !self.eof && self.invalid.is_none() {
                self.read(batch).map_err(|err| self.located(err, &[]))?;
            }
            read = true;
            self.tokens(batch, &mut at)?;
            if self.finished {
                return Ok(());
            }
            if !batch.records.is_empty() {
                self.carry.extend_from_slice(&batch.raw()[at..]);
                return Ok(());
            }
            if batch.raw().len() - at > self.state.options.max_token_bytes {
                let err = SyntaxError::new(
                    Span::empty(self.mark.offset),
                    format!(
                        "a tag longer than {} MiB is refused (it exhausts memory)",
                        self.state.options.max_token_bytes / (1024 * 1024)
                    ),
                );
                return Err(self.located(err, &[]));
            }
        }
    }

    /// Locates `err`, which is in `token` (the bytes from the current mark) or at the
    /// root element's start tag.
    fn located(&self, err: SyntaxError, token: &[u8]) -> (SyntaxError, Location) {
        let single_byte = self.state.encoding.is_single_byte();
        let root = self.state.root.as_ref().map(|(_, span, location)| (*span, *location));
        let location = locate(self.mark, token, single_byte, root, err.span);
        (err, location)
    }

    /// Appends raw input bytes to the batch's chunk.
    fn push(&self, batch: &mut Batch, bytes: &[u8]) {
        if self.state.encoding.is_single_byte() {
            batch.bytes.extend_from_slice(bytes);
        } else {
            // Carried bytes were checked when they were first read.
            batch.chunk.push_str(std::str::from_utf8(bytes).unwrap_or_default());
        }
    }

    /// Reads the first bytes: detects UTF-16 by its byte order mark, skips a UTF-8 byte
    /// order mark (counted as a character) and takes the encoding from the XML declaration.
    /// Returns how many bytes were skipped.
    fn begin(&mut self, batch: &mut Batch) -> Result<usize, SyntaxError> {
        self.scratch.resize(CHUNK, 0);
        let mut head = 0;
        while head < 1024 && !self.eof {
            let n = read_some(&mut self.input, &mut self.scratch[head..]).map_err(|err| read_error(&err, head))?;
            self.eof = n == 0;
            head += n;
        }
        let first = std::mem::take(&mut self.scratch);
        self.utf16 = Utf16::detect(&first[..head]);
        let bytes = match &mut self.utf16 {
            Some(utf16) => utf16.transcode(&first[..head], self.eof, 0)?.to_vec(),
            None => first[..head].to_vec(),
        };
        let bom = if self.utf16.is_none() && bytes.starts_with(crate::text::UTF8_BOM) { 3 } else { 0 };
        if let Some((label, span)) = declared_encoding(&bytes[bom..]) {
            let span = span.shifted(bom);
            if self.utf16.is_some() != is_utf16_label(label) {
                let message = if self.utf16.is_some() {
                    "the document is UTF-16 (it starts with a UTF-16 byte order mark) but declares another encoding"
                } else {
                    "the XML declaration says UTF-16, but the document has no UTF-16 byte order mark: its bytes are not in the declared encoding"
                };
                return Err(SyntaxError::new(span, message));
            }
            if self.utf16.is_none() {
                self.state.encoding = TextEncoding::for_label(label, span)?;
            }
            if bom > 0 && self.state.encoding != TextEncoding::Utf8 {
                return Err(SyntaxError::new(
                    span,
                    "the document starts with a UTF-8 byte order mark but declares another encoding",
                ));
            }
            batch.encoding = self.state.encoding;
        }
        self.append(batch, &bytes);
        self.scratch = first;
        self.mark = self.mark.advance(&batch.raw()[..bom.min(batch.raw().len())], false);
        Ok(bom)
    }

    /// Reads up to a chunk more into the batch.
    fn read(&mut self, batch: &mut Batch) -> Result<(), SyntaxError> {
        self.scratch.resize(CHUNK, 0);
        let n = read_some(&mut self.input, &mut self.scratch).map_err(|err| read_error(&err, self.offset))?;
        self.eof = n == 0;
        let scratch = std::mem::take(&mut self.scratch);
        if let Some(utf16) = &mut self.utf16 {
            let bytes = utf16.transcode(&scratch[..n], self.eof, self.offset)?.to_vec();
            self.append(batch, &bytes);
        } else {
            self.append(batch, &scratch[..n]);
        }
        self.scratch = scratch;
        Ok(())
    }

    /// Appends bytes just read: UTF-8 is checked here, once; a sequence cut by the end of
    /// the read waits for the next one; invalid bytes end the chunk and are reported when
    /// the tokens reach them.
    fn append(&mut self, batch: &mut Batch, bytes: &[u8]) {
        if self.invalid.is_some() {
            return;
        }
        if self.state.encoding.is_single_byte() {
            let end = self.forbid_characters(bytes, false);
            batch.bytes.extend_from_slice(&bytes[..end]);
            self.offset += end;
            return;
        }
        let joined;
        let bytes = if self.pending.is_empty() {
            bytes
        } else {
            self.pending.extend_from_slice(bytes);
            joined = std::mem::take(&mut self.pending);
            &joined[..]
        };
        match std::str::from_utf8(bytes) {
            Ok(text) => {
                let end = self.forbid_characters(bytes, true);
                batch.chunk.push_str(&text[..end]);
                self.offset += end;
            }
            Err(err) => {
                let valid = err.valid_up_to();
                let forbidden = self.forbid_characters(&bytes[..valid], true);
                if forbidden < valid {
                    batch.chunk.push_str(std::str::from_utf8(&bytes[..forbidden]).unwrap_or_default());
                    self.offset += forbidden;
                    return;
                }
                batch.chunk.push_str(std::str::from_utf8(&bytes[..valid]).unwrap_or_default());
                if err.error_len().is_none() && !self.eof {
                    self.pending.extend_from_slice(&bytes[valid..]);
                } else if let Err(invalid) = crate::text::ensure_utf8(&bytes[valid..]) {
                    self.invalid = Some(invalid.shifted(self.offset + valid));
                } else {
                    self.invalid = Some(SyntaxError::new(
                        Span::new(self.offset + valid, self.offset + bytes.len()),
                        "invalid UTF-8: the input ends inside a character",
                    ));
                }
                self.offset += valid;
            }
        }
        if self.eof && !self.pending.is_empty() && self.invalid.is_none() {
            let at = self.offset;
            self.invalid = Some(SyntaxError::new(
                Span::new(at, at + self.pending.len()),
                "invalid UTF-8: the input ends inside a character",
            ));
        }
    }

    /// The length of the prefix of `bytes` free of characters XML forbids (control
    /// characters, U+FFFE, U+FFFF); the first such character is recorded as the error that
    /// ends the input, reported when the tokens reach it.
    fn forbid_characters(&mut self, bytes: &[u8], utf8: bool) -> usize {
        let Some(at) = super::unescape::first_forbidden_byte(bytes, utf8) else { return bytes.len() };
        let len = if bytes[at] == 0xEF { 3 } else { 1 };
        let message = if len == 3 {
            "U+FFFE and U+FFFF are not XML characters".to_owned()
        } else {
            format!(
                "control character U+{:04X} is not allowed in XML (only tab, line feed and carriage return are)",
                bytes[at]
            )
        };
        self.invalid = Some(SyntaxError::new(Span::new(self.offset + at, self.offset + at + len), message));
        at
    }

    /// Takes in every complete token of the chunk from `at`.
    fn tokens(&mut self, batch: &mut Batch, at: &mut usize) -> Result<(), (SyntaxError, Location)> {
        loop {
            if batch.records.len() + 2 > MAX_RECORDS {
                return Ok(());
            }
            let raw_len = batch.raw().len();
            let data = &batch.raw()[*at..];
            if data.is_empty() {
                if let Some(err) = self.invalid.take() {
                    return Err(self.located(err, &[]));
                }
                if self.eof {
                    self.finished = true;
                    let result = self.state.finish(self.mark.offset);
                    return match result {
                        Ok(()) => {
                            batch.ending = Some(Ending::Finished);
                            Ok(())
                        }
                        Err(err) => Err(self.located(err, &[])),
                    };
                }
                return Ok(());
            }
            let end_of_input = self.eof && self.invalid.is_none();
            let (token, len) = match tokens::scan(data, end_of_input) {
                Ok(found) => found,
                Err(Stop::More) => {
                    if let Some(err) = self.invalid.take() {
                        return Err(self.located(err, data));
                    }
                    if end_of_input {
                        let err = SyntaxError::new(
                            Span::empty(self.mark.offset),
                            "malformed XML: the input ends inside markup",
                        );
                        return Err(self.located(err, data));
                    }
                    return Ok(());
                }
                Err(Stop::Malformed(i, message)) => {
                    let offset = self.mark.offset + i;
                    let err = SyntaxError::new(Span::new(offset, offset + 1), format!("malformed XML: {message}"));
                    return Err(self.located(err, data));
                }
            };
            debug_assert!(*at + len <= raw_len);
            let start = *at;
            if let Err(err) = self.take(batch, token, start, len) {
                let token = &batch.raw()[start..start + len];
                return Err(self.located(err, token));
            }
            let single_byte = self.state.encoding.is_single_byte();
            self.mark = self.mark.advance(&batch.raw()[start..start + len], single_byte);
            *at += len;
        }
    }

    /// Takes in one token of `len` bytes at `at` in the chunk: checks it and records its
    /// events.
    fn take(&mut self, batch: &mut Batch, token: Token, at: usize, len: usize) -> Result<(), SyntaxError> {
        let mark = self.mark;
        let span = Span::new(mark.offset, mark.offset + len);
        let raw = Raw { start: at as u32, len: len as u32 };
        let first = !std::mem::replace(&mut self.after_first_token, true);
        match token {
            Token::Instruction => {
                let bytes = &batch.raw()[at..at + len];
                super::declaration::check_instruction(bytes, first).map_err(|m| SyntaxError::new(span, m))?;
                if first && bytes.starts_with(b"<?xml") && bytes.get(5).is_some_and(u8::is_ascii_whitespace) {
                    self.state.standalone = super::declaration::is_standalone(bytes);
                }
                Ok(())
            }
            Token::Comment => {
                let body = &batch.raw()[at..at + len];
                let inner = body.get(4..len.saturating_sub(3)).unwrap_or_default();
                if memchr::memmem::find(inner, b"--").is_some() || inner.ends_with(b"-") {
                    return Err(SyntaxError::new(
                        span,
                        "`--` is not allowed inside a comment (nor a `-` right before `-->`)",
                    ));
                }
                Ok(())
            }
            Token::DocType => self.doctype(batch, at, len, span),
            Token::Text | Token::CData => {
                let bytes = &batch.raw()[at..at + len];
                if self.state.open.is_empty() {
                    if token == Token::Text && bytes.iter().all(u8::is_ascii_whitespace) {
                        return Ok(());
                    }
                    return Err(self.state.outside_root(span));
                }
                if token == Token::Text {
                    // The common case, text with nothing to check or read (indentation, most
                    // values), in one pass: a slice of the chunk.
                    if self.state.encoding == TextEncoding::Utf8 && memchr::memchr3(b']', b'&', b'\r', bytes).is_none()
                    {
                        let text = Str { start: at as u32, end: (at + len) as u32, decoded: false };
                        batch.records.push(Record { raw, mark, kind: RecordKind::Text(text) });
                        return Ok(());
                    }
                    if holds_cdata_end(bytes) {
                        return Err(SyntaxError::new(span, "`]]>` is not allowed in text: write `]]&gt;`"));
                    }
                }
                if token == Token::Text && self.state.dtd.is_some() && memchr::memchr(b'&', bytes).is_some() {
                    return self.expand_text(batch, at, len, raw, mark);
                }
                let text = if token == Token::Text {
                    self.text(batch, at, len, mark.offset, true)?
                } else {
                    self.text(batch, at + 9, len.saturating_sub(12), mark.offset + 9, false)?
                };
                batch.records.push(Record { raw, mark, kind: RecordKind::Text(text) });
                Ok(())
            }
            Token::Start | Token::Empty => {
                let empty = token == Token::Empty;
                let kind = self.start(batch, TagText::Chunk(at), len, span, empty)?;
                if let RecordKind::Start { depth: 1, name, .. } = kind {
                    let single_byte = self.state.encoding.is_single_byte();
                    let end = mark.advance(&batch.raw()[at..at + len], single_byte);
                    let location = Location { start: mark.at, end: end.at };
                    self.state.root = Some((batch.text(name.qualified).into(), span, location));
                }
                batch.records.push(Record { raw, mark, kind });
                if let RecordKind::Start { name, empty: true, .. } = kind {
                    self.state.close();
                    batch.records.push(Record { raw, mark, kind: RecordKind::End { name, tagged: false } });
                }
                Ok(())
            }
            Token::End => {
                let name = self.end(batch, TagText::Chunk(at), len, span)?;
                batch.records.push(Record { raw, mark, kind: RecordKind::End { name, tagged: true } });
                Ok(())
            }
        }
    }

    /// Decodes and unescapes text of `len` bytes at `at` in the chunk (file offset `offset`).
    fn text(&self, batch: &mut Batch, at: usize, len: usize, offset: usize, escaped: bool) -> Result<Str, SyntaxError> {
        if self.state.encoding == TextEncoding::Utf8 {
            // The common cases, plain text and text with line breaks to read, in one pass
            // and without a copy of their own.
            let text = batch.chunk.get(at..at + len).unwrap_or_default();
            match memchr::memchr2(b'&', b'\r', text.as_bytes()) {
                None => return Ok(Str { start: at as u32, end: (at + text.len()) as u32, decoded: false }),
                Some(_) if !escaped || memchr::memchr(b'&', text.as_bytes()).is_none() => {
                    let start = batch.decoded.len() as u32;
                    push_normalized(&mut batch.decoded, text);
                    return Ok(Str { start, end: batch.decoded.len() as u32, decoded: true });
                }
                Some(_) => {}
            }
        }
        let single_byte = self.state.encoding.is_single_byte();
        let decoded: Cow<'_, str> = match self.state.encoding {
            TextEncoding::Utf8 => Cow::Borrowed(batch.chunk.get(at..at + len).unwrap_or_default()),
            TextEncoding::SingleByte(_) => {
                Cow::Owned(self.state.encoding.decode(&batch.bytes[at..at + len], offset)?.into_owned())
            }
        };
        let text = if escaped { unescape(decoded, offset, single_byte, false)? } else { normalize_newlines(decoded) };
        Ok(store(&mut batch.decoded, text, at))
    }

    fn start(
        &mut self,
        batch: &mut Batch,
        text: TagText<'_>,
        len: usize,
        span: Span,
        empty: bool,
    ) -> Result<RecordKind, SyntaxError> {
        let state = &mut self.state;
        if state.root.is_some() && state.open.is_empty() {
            return Err(SyntaxError::new(span, "a second root element: an XML document has exactly one root element"));
        }
        let depth = state.open.len() + 1;
        if depth > state.options.max_depth {
            return Err(SyntaxError::new(
                span,
                format!("elements are nested deeper than {} levels; the input is refused", state.options.max_depth),
            ));
        }
        let tag = match text {
            TagText::Chunk(at) => Tag::new(&batch.chunk, &batch.bytes, state.encoding, at..at + len, span.start),
            TagText::Entity(text) => Tag::owned(text, span.start),
        };
        let content = &tag.raw[1..len - if empty { 2 } else { 1 }];
        let offset = span.start + 1;
        let name_len = content.iter().position(u8::is_ascii_whitespace).unwrap_or(content.len());
        attributes::scan(content, offset, name_len, &mut state.attributes)?;
        let declared = match &state.dtd {
            Some(dtd) => dtd.attributes_of(&String::from_utf8_lossy(&content[..name_len])).to_vec(),
            None => Vec::new(),
        };
        let tokenized = |qname: &[u8]| declared.iter().any(|d| d.tokenized && d.name.as_bytes() == qname);
        state.namespaces.push_scope();
        let first_binding = batch.bindings.len();
        let known = state.namespaces.count();
        let mut attribute_count = 0;
        for i in 0..state.attributes.len() {
            let attr = state.attributes[i];
            let qname = attr.qname.of(content);
            let Some(prefix) = declared_prefix(qname) else {
                attribute_count += 1;
                continue;
            };
            let value_span = attr.value.span(offset);
            let value = tag.piece(attr.value.start + 1..attr.value.end + 1, state.encoding)?;
            let mut value = state.attribute_value(value, value_span.start)?;
            if tokenized(qname) {
                value = Cow::Owned(collapse(&value));
            }
            let prefix_text = std::str::from_utf8(prefix).unwrap_or("");
            if !prefix_text.is_empty() && !is_name(prefix_text) {
                return Err(SyntaxError::new(
                    attr.qname.span(offset),
                    format!("`{prefix_text}` is not a valid prefix"),
                ));
            }
            check_declaration(qname, prefix_text, &value).map_err(|m| SyntaxError::new(attr.qname.span(offset), m))?;
            let Ok(namespace) = state.namespaces.bind(prefix_text, &value) else {
                return Err(SyntaxError::new(value_span, "the document declares too many namespaces; it is refused"));
            };
            let start = attr.qname.end + 1 - prefix.len();
            let prefix = tag.store(&mut batch.decoded, start..attr.qname.end + 1, state.encoding)?;
            batch.bindings.push(Binding { prefix, namespace });
        }
        state.default_namespaces(&declared, content, &mut batch.decoded, &mut batch.bindings, span)?;
        let name_span = Span::new(offset, offset + name_len);
        let qualified = tag.piece(1..1 + name_len, state.encoding)?;
        if qualified.is_empty() {
            return Err(SyntaxError::new(name_span, "a tag without a name"));
        }
        let Some(prefix_len) = qname_prefix_len(&qualified) else {
            return Err(SyntaxError::new(
                name_span,
                format!("`{qualified}` is not a qualified name: at most one `:`, with a name on each side"),
            ));
        };
        let prefix = &qualified[..prefix_len];
        let namespace = match state.namespaces.resolve(prefix) {
            Ok(namespace) => namespace,
            Err(()) => Some(state.known_prefix(prefix, &qualified, name_span)?),
        };
        let name = tag.name(&mut batch.decoded, qualified, 1, namespace);
        let first_attribute = batch.attributes.len();
        batch.attributes.reserve(attribute_count);
        for i in 0..state.attributes.len() {
            let attr = state.attributes[i];
            if declared_prefix(attr.qname.of(content)).is_some() {
                continue;
            }
            let record = state.attribute(&mut batch.decoded, attr, tag, tokenized(attr.qname.of(content)))?;
            batch.attributes.push(record);
        }
        unique_expanded(batch, first_attribute, &state.namespaces)?;
        batch.namespaces.extend(state.namespaces.since(known).map(Box::from));
        state.names.extend_from_slice(&content[..name_len]);
        state.open.push((namespace, state.names.len()));
        Ok(RecordKind::Start {
            name,
            attributes: count(batch.attributes.len() - first_attribute, span)?,
            bindings: count(batch.bindings.len() - first_binding, span)?,
            depth: depth as u32,
            empty,
        })
    }

    fn end(&mut self, batch: &mut Batch, text: TagText<'_>, len: usize, span: Span) -> Result<NameRecord, SyntaxError> {
        let start = span.start;
        let tag = match text {
            TagText::Chunk(at) => Tag::new(&batch.chunk, &batch.bytes, self.state.encoding, at..at + len, start),
            TagText::Entity(text) => Tag::owned(text, start),
        };
        let body = &tag.raw[2.min(len)..len.saturating_sub(1).max(2.min(len))];
        let name_len = body.iter().position(u8::is_ascii_whitespace).unwrap_or(body.len());
        if !body[name_len..].iter().all(u8::is_ascii_whitespace) {
            let at = start + 2 + name_len;
            return Err(SyntaxError::new(
                Span::new(at, at + 1),
                "malformed XML: an end tag holds nothing but the element's name",
            ));
        }
        self.state.check_end_name(&body[..name_len], Span::new(start + 2, start + 2 + name_len))?;
        let namespace = self.state.close();
        let qualified = tag.piece(2..2 + name_len, self.state.encoding)?;
        Ok(tag.name(&mut batch.decoded, qualified, 2, namespace))
    }
}

impl<'b> Tag<'b> {
    /// The tag at `range` of the chunk (`chunk` when the input is UTF-8, else `bytes`),
    /// which starts at file offset `offset`.
    fn new(
        chunk: &'b str,
        bytes: &'b [u8],
        encoding: TextEncoding,
        range: std::ops::Range<usize>,
        offset: usize,
    ) -> Self {
        let utf8 = (!encoding.is_single_byte()).then(|| chunk.get(range.clone()).unwrap_or_default());
        let raw = utf8.map_or_else(|| bytes.get(range.clone()).unwrap_or_default(), str::as_bytes);
        Self { raw, utf8, owned: false, at: range.start, offset }
    }

    /// A tag in an entity's replacement text, written where the reference starts.
    fn owned(text: &'b str, offset: usize) -> Self {
        Self { raw: text.as_bytes(), utf8: Some(text), owned: true, at: 0, offset }
    }

    /// The text of `range` (byte indices of the tag, at ASCII delimiters).
    fn piece(&self, range: std::ops::Range<usize>, encoding: TextEncoding) -> Result<Cow<'b, str>, SyntaxError> {
        if let Some(text) = self.utf8.and_then(|text| text.get(range.clone())) {
            return Ok(if self.owned { Cow::Owned(text.to_owned()) } else { Cow::Borrowed(text) });
        }
        // Decoded text is owned even when it reads like the bytes: a piece that borrows
        // is taken for a slice of the (UTF-8) chunk.
        let bytes = self.raw.get(range.clone()).unwrap_or_default();
        Ok(Cow::Owned(encoding.decode(bytes, self.offset + range.start)?.into_owned()))
    }

    /// `range` as a piece of the batch: sliced from the chunk, or decoded into `decoded`.
    fn store(
        &self,
        decoded: &mut String,
        range: std::ops::Range<usize>,
        encoding: TextEncoding,
    ) -> Result<Str, SyntaxError> {
        let text = self.piece(range.clone(), encoding)?;
        Ok(store(decoded, text, self.at + range.start))
    }

    /// The name `qualified`, written at byte `from` of the tag, in `namespace`.
    fn name(&self, decoded: &mut String, qualified: Cow<'_, str>, from: usize, namespace: Option<Ns>) -> NameRecord {
        let local = qualified.bytes().position(|b| b == b':').map_or(0, |colon| colon as u32 + 1);
        let qualified = store(decoded, qualified, self.at + from);
        NameRecord { qualified, local_start: qualified.start + local, namespace }
    }
}

/// A number of attributes of one tag, which fits in 16 bits (a tag with more is refused).
fn count(n: usize, span: Span) -> Result<u16, SyntaxError> {
    u16::try_from(n).map_err(|_| SyntaxError::new(span, "a tag with more than 65 535 attributes is refused"))
}

/// `text` as a piece of the batch: where it is in the chunk (it starts at `at`) when it is
/// the chunk's own text, else copied into `decoded`.
fn store(decoded: &mut String, text: Cow<'_, str>, at: usize) -> Str {
    match text {
        Cow::Borrowed(text) => Str { start: at as u32, end: (at + text.len()) as u32, decoded: false },
        Cow::Owned(text) => {
            let start = decoded.len() as u32;
            decoded.push_str(&text);
            Str { start, end: decoded.len() as u32, decoded: true }
        }
    }
}

impl State {
    /// At the end of the input: every element must be closed, and there must have been one.
    fn finish(&self, at: usize) -> Result<(), SyntaxError> {
        if let Some((name, tag, _)) = &self.root
            && !self.open.is_empty()
        {
            return Err(SyntaxError::new(
                *tag,
                format!("element `<{name}>` is not closed before the end of the input"),
            ));
        }
        if self.root.is_none() {
            return Err(SyntaxError::new(Span::empty(at), "the input has no root element: it is not XML"));
        }
        Ok(())
    }

    fn outside_root(&self, span: Span) -> SyntaxError {
        let message = if self.root.is_some() {
            "content after the root element: an XML document has exactly one root element"
        } else {
            "content before the root element: the input is not XML (or text precedes the root element)"
        };
        SyntaxError::new(Span::new(span.start, span.end.min(span.start + 1)), message)
    }

    /// An end tag must name the innermost open element.
    fn check_end_name(&self, qname: &[u8], span: Span) -> Result<(), SyntaxError> {
        let Some(&(_, name_end)) = self.open.last() else {
            return Err(SyntaxError::new(span, "malformed XML: an end tag with no element open"));
        };
        let start = self.open.len().checked_sub(2).map_or(0, |i| self.open[i].1);
        let expected = &self.names[start..name_end];
        if qname == expected {
            return Ok(());
        }
        Err(SyntaxError::new(
            span,
            format!(
                "malformed XML: end tag `</{}>` does not match the open element `<{}>`",
                String::from_utf8_lossy(qname),
                String::from_utf8_lossy(expected)
            ),
        ))
    }

    /// Closes the innermost element's scope; its namespace.
    fn close(&mut self) -> Option<Ns> {
        let (namespace, _) = self.open.pop()?;
        self.names.truncate(self.open.last().map_or(0, |o| o.1));
        self.namespaces.pop_scope();
        namespace
    }

    /// The namespace of a well-known prefix used without being declared.
    fn known_prefix(&mut self, prefix: &str, qualified: &str, span: Span) -> Result<Ns, SyntaxError> {
        let Some((_, uri)) = self.options.known_prefixes.iter().find(|(p, _)| *p == prefix) else {
            return Err(SyntaxError::new(
                span,
                format!("namespace prefix `{prefix}` is not declared (in `{qualified}`)"),
            ));
        };
        self.namespaces
            .intern(uri)
            .map_err(|()| SyntaxError::new(span, "the document declares too many namespaces; it is refused"))
    }

    fn attribute(
        &mut self,
        decoded: &mut String,
        attr: RawAttribute,
        tag: Tag<'_>,
        tokenized: bool,
    ) -> Result<AttributeRecord, SyntaxError> {
        let offset = tag.offset + 1;
        let name_span = attr.qname.span(offset);
        let value_span = attr.value.span(offset);
        let range = attr.qname.start + 1..attr.qname.end + 1;
        let qualified = tag.piece(range.clone(), self.encoding)?;
        let Some(prefix_len) = qname_prefix_len(&qualified) else {
            return Err(SyntaxError::new(name_span, format!("`{qualified}` is not a valid attribute name")));
        };
        let namespace = match &qualified[..prefix_len] {
            "" => None,
            prefix => match self.namespaces.resolve(prefix) {
                Ok(ns) => ns,
                Err(()) => Some(self.known_prefix(prefix, &qualified, name_span)?),
            },
        };
        let name = tag.name(decoded, qualified, range.start, namespace);
        let value = tag.piece(attr.value.start + 1..attr.value.end + 1, self.encoding)?;
        let mut value = self.attribute_value(value, value_span.start)?;
        if tokenized {
            value = Cow::Owned(collapse(&value));
        }
        let value = store(decoded, value, tag.at + attr.value.start + 1);
        Ok(AttributeRecord { name, value, name_span, value_span })
    }
}

/// Attribute names must differ once their prefixes are expanded (Namespaces in XML 1.0,
/// section 6.3): `p:a` and `q:a` clash when `p` and `q` name one namespace.
fn unique_expanded(batch: &Batch, first: usize, namespaces: &Namespaces) -> Result<(), SyntaxError> {
    let added = &batch.attributes[first..];
    if added.len() < 2 || added.iter().all(|a| a.name.namespace.is_none()) {
        return Ok(());
    }
    for (i, a) in added.iter().enumerate() {
        let Some(ns) = a.name.namespace else { continue };
        let local = batch.text(a.name.local());
        if let Some(b) = added[..i].iter().find(|b| b.name.namespace == Some(ns) && batch.text(b.name.local()) == local)
        {
            return Err(SyntaxError::new(
                a.name_span,
                format!(
                    "attribute `{}` duplicates `{}`: both are `{local}` in the namespace {}",
                    batch.text(a.name.qualified),
                    batch.text(b.name.qualified),
                    namespaces.uri(ns)
                ),
            ));
        }
    }
    Ok(())
}

/// The location of `span`, which is in `token` (starting at `mark`) or is the root
/// element's start tag; an offset outside both resolves to the token's start.
pub(super) fn locate(
    mark: Cursor,
    token: &[u8],
    single_byte: bool,
    root: Option<(Span, Location)>,
    span: Span,
) -> Location {
    let end = Cell::new(None);
    let line_col = |offset| cursor::line_col(mark, token, single_byte, root, &end, offset);
    Location { start: line_col(span.start), end: line_col(span.end) }
}

/// The prefix a namespace declaration attribute binds (`""` for `xmlns`), or `None` when
/// the attribute `qname` is not one.
fn declared_prefix(qname: &[u8]) -> Option<&[u8]> {
    if qname == b"xmlns" { Some(b"") } else { qname.strip_prefix(b"xmlns:") }
}

/// The namespace of the `xml` prefix, bound by definition.
const XML_NAMESPACE: &str = "http://www.w3.org/XML/1998/namespace";
/// The namespace of the `xmlns` prefix, which may never be declared.
const XMLNS_NAMESPACE: &str = "http://www.w3.org/2000/xmlns/";

/// The constraints of Namespaces in XML 1.0 on a declaration `qname="value"` binding
/// `prefix` (`""` for the default namespace).
fn check_declaration(qname: &[u8], prefix: &str, value: &str) -> Result<(), String> {
    if qname == b"xmlns:" {
        return Err("`xmlns:` needs a prefix name after the colon".to_owned());
    }
    if !prefix.is_empty() && value.is_empty() {
        return Err(format!("`xmlns:{prefix}=\"\"` cannot undeclare a prefix in Namespaces in XML 1.0"));
    }
    if prefix.contains(':') {
        return Err(format!("`xmlns:{prefix}`: a prefix has no colon"));
    }
    match prefix {
        "xmlns" => Err("the prefix `xmlns` is reserved and is never declared".to_owned()),
        "xml" if value != XML_NAMESPACE => {
            Err(format!("the prefix `xml` is bound to {XML_NAMESPACE} and to nothing else"))
        }
        "xml" => Ok(()),
        _ if value == XML_NAMESPACE => Err(format!("{XML_NAMESPACE} belongs to the prefix `xml` alone")),
        _ if value == XMLNS_NAMESPACE => Err(format!("{XMLNS_NAMESPACE} is reserved and never declared")),
        _ => Ok(()),
    }
}

/// Whether text holds `]]>`. A `]` is rare in text, so it is searched for first (a
/// substring search costs more to set up than short text takes to scan).
fn holds_cdata_end(bytes: &[u8]) -> bool {
    memchr::memchr_iter(b']', bytes).any(|i| bytes[i..].starts_with(b"]]>"))
}

/// Reads what is available, retrying when interrupted.
fn read_some(input: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    loop {
        match input.read(buf) {
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            result => return result,
        }
    }
}

fn read_error(err: &io::Error, at: usize) -> SyntaxError {
    SyntaxError::new(Span::empty(at), format!("the input could not be read: {err}"))
}

/// The encoding label of an XML declaration at the start of `head`, with the
/// declaration's span; `None` without a declaration or a label.
fn declared_encoding(head: &[u8]) -> Option<(&[u8], Span)> {
    let body = head.strip_prefix(b"<?xml")?;
    if !body.first().is_some_and(u8::is_ascii_whitespace) {
        return None;
    }
    let end = memchr::memmem::find(body, b"?>")?;
    let body = &body[..end];
    let span = Span::new(0, end + 7);
    let at = memchr::memmem::find(body, b"encoding")?;
    let rest = body[at + 8..].trim_ascii_start().strip_prefix(b"=")?.trim_ascii_start();
    let quote = *rest.first().filter(|q| matches!(q, b'"' | b'\''))?;
    let len = memchr::memchr(quote, &rest[1..])?;
    Some((&rest[1..=len], span))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_declared_encoding_is_read() {
        let (label, span) = declared_encoding(br#"<?xml version="1.0" encoding='ISO-8859-1'?><a/>"#).unwrap();
        assert_eq!((label, span), (&b"ISO-8859-1"[..], Span::new(0, 43)));
        assert_eq!(declared_encoding(br#"<?xml version="1.0"?>"#), None);
        assert_eq!(declared_encoding(br#"<?xml-stylesheet encoding="x"?>"#), None);
    }
}
