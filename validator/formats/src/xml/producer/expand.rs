//! The DOCTYPE and entity references: the internal subset is read once, in the prolog;
//! references in text and attribute values of a document that has one are expanded here,
//! off the hot path of documents without a DTD.
//!
//! Events from an entity's replacement text are positioned at the text that holds the
//! reference (their attributes at the reference itself), and errors in it at the reference.

use std::borrow::Cow;
use std::io::Read;

use conform_diagnostics::Span;

use super::super::batch::{Batch, Binding, Raw, Record, RecordKind};
use super::super::cursor::Cursor;
use super::super::dtd::{self, AttributeDecl, Dtd, Entity};
use super::super::tokens::{self, Stop, Token};
use super::super::unescape::{normalize_newlines, unescape};
use super::{Producer, State, TagText, check_declaration, declared_prefix, store};
use crate::SyntaxError;

/// Text gathered while expanding one text token, and where its events are recorded.
struct Expansion {
    raw: Raw,
    mark: Cursor,
    text: String,
    /// The entities being expanded, innermost last (against recursion).
    open: Vec<String>,
    /// How many records the batch held before the text.
    first_record: usize,
}

/// Events one text run may expand into at most: they are held in one batch.
pub(super) const MAX_EXPANDED_EVENTS: usize = 100_000;

impl Expansion {
    /// Records the text gathered so far as one event.
    fn flush(&mut self, batch: &mut Batch) {
        if self.text.is_empty() {
            return;
        }
        let text = store(&mut batch.decoded, Cow::Owned(std::mem::take(&mut self.text)), 0);
        batch.records.push(Record { raw: self.raw, mark: self.mark, kind: RecordKind::Text(text) });
    }

    fn push(&mut self, batch: &mut Batch, kind: RecordKind) {
        batch.records.push(Record { raw: self.raw, mark: self.mark, kind });
    }
}

impl<R: Read> Producer<R> {
    /// Reads the DOCTYPE token of `len` bytes at `at` in the chunk.
    pub(super) fn doctype(&mut self, batch: &Batch, at: usize, len: usize, span: Span) -> Result<(), SyntaxError> {
        if self.state.root.is_some() || self.state.dtd.is_some() {
            return Err(SyntaxError::new(span, "a DOCTYPE may only come once, before the root element"));
        }
        let text = self.state.encoding.decode(&batch.raw()[at..at + len], span.start)?;
        let single_byte = self.state.encoding.is_single_byte();
        let dtd = Dtd::parse(&text, self.state.standalone).map_err(|(i, message)| {
            let start = span.start + if single_byte { text[..i].chars().count() } else { i };
            SyntaxError::new(Span::new(start, (start + 1).min(span.end)), message)
        })?;
        self.state.dtd = Some(dtd);
        Ok(())
    }

    /// Records the text token of `len` bytes at `at`, which holds references, with the
    /// entities they name expanded.
    pub(super) fn expand_text(
        &mut self,
        batch: &mut Batch,
        at: usize,
        len: usize,
        raw: Raw,
        mark: Cursor,
    ) -> Result<(), SyntaxError> {
        let text = self.state.encoding.decode(&batch.raw()[at..at + len], mark.offset)?.into_owned();
        let first_record = batch.records.len();
        let mut expansion = Expansion { raw, mark, text: String::new(), open: Vec::new(), first_record };
        self.references(batch, &text, &mut expansion, None)?;
        expansion.flush(batch);
        Ok(())
    }

    /// Character data with references: in the document when `within` is `None`, else in
    /// the replacement text of the entity referred to at `within`.
    fn references(
        &mut self,
        batch: &mut Batch,
        text: &str,
        expansion: &mut Expansion,
        within: Option<Span>,
    ) -> Result<(), SyntaxError> {
        let single_byte = self.state.encoding.is_single_byte();
        let base = expansion.mark.offset;
        let offset = |i: usize| base + if single_byte { text[..i].chars().count() } else { i };
        let mut from = 0;
        while let Some(amp) = memchr::memchr(b'&', &text.as_bytes()[from..]).map(|a| from + a) {
            push_text(&mut expansion.text, &text[from..amp], within.is_none());
            let Some(end) = text[amp..].find(';').map(|e| amp + e) else {
                let span = within.unwrap_or_else(|| Span::new(offset(amp), offset(amp) + 1));
                return Err(SyntaxError::new(span, "`&` must be written `&amp;`"));
            };
            let span = within.unwrap_or_else(|| Span::new(offset(amp), offset(end) + 1));
            let name = &text[amp + 1..end];
            match dtd::character(name).map_err(|m| SyntaxError::new(span, m))? {
                Some(c) => expansion.text.push(c),
                None => self.entity(batch, name, span, expansion)?,
            }
            from = end + 1;
        }
        push_text(&mut expansion.text, &text[from..], within.is_none());
        Ok(())
    }

    /// Expands the general entity `name`, referred to in content at `span`.
    fn entity(
        &mut self,
        batch: &mut Batch,
        name: &str,
        span: Span,
        expansion: &mut Expansion,
    ) -> Result<(), SyntaxError> {
        let fail = |message: String| SyntaxError::new(span, message);
        let dtd = self.state.dtd.as_ref().ok_or_else(|| fail(format!("reference to undeclared entity `&{name};`")))?;
        let text = match dtd.entity(name).map_err(fail)? {
            Entity::Internal(text) => text.clone(),
            Entity::External => {
                return Err(fail(format!(
                    "`&{name};` refers to an external entity, which is never fetched: the document cannot be read without it"
                )));
            }
            Entity::Unparsed => return Err(fail(format!("the unparsed entity `&{name};` cannot be referred to"))),
        };
        if expansion.open.iter().any(|open| open == name) {
            return Err(fail(format!("entity `&{name};` refers to itself (WFC: No Recursion)")));
        }
        self.state.budget.enter(expansion.open.len(), text.len()).map_err(fail)?;
        expansion.open.push(name.to_owned());
        let floor = self.state.open.len();
        self.replacement(batch, &text, span, expansion, floor)
            .map_err(|err| fail(format!("in the replacement text of `&{name};`: {}", err.message)))?;
        if self.state.open.len() != floor {
            return Err(fail(format!(
                "entity `&{name};` opens an element it does not close: its replacement text must be balanced"
            )));
        }
        expansion.open.pop();
        Ok(())
    }

    /// The replacement text of an entity referred to at `span`, read as content; elements
    /// open outside it (`floor` of them) stay open.
    fn replacement(
        &mut self,
        batch: &mut Batch,
        text: &str,
        span: Span,
        expansion: &mut Expansion,
        floor: usize,
    ) -> Result<(), SyntaxError> {
        let mut i = 0;
        while i < text.len() {
            let (token, len) = tokens::scan(&text.as_bytes()[i..], true).map_err(|stop| {
                let message = match stop {
                    Stop::Malformed(_, message) => message,
                    Stop::More => "markup is not closed",
                };
                SyntaxError::new(span, message)
            })?;
            let piece = &text[i..i + len];
            i += len;
            if batch.records.len() - expansion.first_record > MAX_EXPANDED_EVENTS {
                return Err(SyntaxError::new(
                    span,
                    format!(
                        "entities expand into more than {MAX_EXPANDED_EVENTS} events (tags and text) here; the input is refused (entity expansion attack)"
                    ),
                ));
            }
            match token {
                Token::Text => {
                    if piece.contains("]]>") {
                        return Err(SyntaxError::new(span, "`]]>` is not allowed in text"));
                    }
                    self.references(batch, piece, expansion, Some(span))?;
                }
                // Replacement text had its line breaks read when it was declared: a CR left
                // in it comes from a character reference and stays.
                Token::CData => expansion.text.push_str(&piece[9..len - 3]),
                Token::Comment => {
                    let inner = &piece[4..len - 3];
                    if inner.contains("--") || inner.ends_with('-') {
                        return Err(SyntaxError::new(span, "`--` is not allowed inside a comment"));
                    }
                }
                Token::Instruction => super::super::declaration::check_instruction(piece.as_bytes(), false)
                    .map_err(|m| SyntaxError::new(span, m))?,
                Token::DocType => return Err(SyntaxError::new(span, "a DOCTYPE cannot come from an entity")),
                Token::Start | Token::Empty => {
                    expansion.flush(batch);
                    let first = batch.attributes.len();
                    let kind = self.start(batch, TagText::Entity(piece), len, span, token == Token::Empty)?;
                    for attribute in &mut batch.attributes[first..] {
                        attribute.name_span = span;
                        attribute.value_span = span;
                    }
                    expansion.push(batch, kind);
                    if let RecordKind::Start { name, empty: true, .. } = kind {
                        self.state.close();
                        expansion.push(batch, RecordKind::End { name, tagged: false });
                    }
                }
                Token::End => {
                    if self.state.open.len() <= floor {
                        return Err(SyntaxError::new(span, "an end tag closes an element opened outside the entity"));
                    }
                    expansion.flush(batch);
                    let name = self.end(batch, TagText::Entity(piece), len, span)?;
                    expansion.push(batch, RecordKind::End { name, tagged: false });
                }
            }
        }
        Ok(())
    }
}

impl State {
    /// Binds the namespace declarations the DTD gives a default value to (as libxml2
    /// does) and the tag `content` does not write.
    pub(super) fn default_namespaces(
        &mut self,
        declared: &[AttributeDecl],
        content: &[u8],
        decoded: &mut String,
        bindings: &mut Vec<Binding>,
        span: Span,
    ) -> Result<(), SyntaxError> {
        for decl in declared {
            let (Some(prefix), Some(default)) = (declared_prefix(decl.name.as_bytes()), &decl.default) else {
                continue;
            };
            if self.attributes.iter().any(|a| declared_prefix(a.qname.of(content)) == Some(prefix)) {
                continue;
            }
            let prefix = std::str::from_utf8(prefix).unwrap_or("");
            check_declaration(decl.name.as_bytes(), prefix, default).map_err(|m| SyntaxError::new(span, m))?;
            let Ok(namespace) = self.namespaces.bind(prefix, default) else {
                return Err(SyntaxError::new(span, "the document declares too many namespaces; it is refused"));
            };
            let prefix = store(decoded, Cow::Owned(prefix.to_owned()), 0);
            bindings.push(Binding { prefix, namespace });
        }
        Ok(())
    }

    /// An attribute value (decoded, starting at file offset `start`) with its references
    /// resolved and white space normalised.
    pub(super) fn attribute_value<'v>(&mut self, raw: Cow<'v, str>, start: usize) -> Result<Cow<'v, str>, SyntaxError> {
        let single_byte = self.encoding.is_single_byte();
        let Some(dtd) = &self.dtd else { return unescape(raw, start, single_byte, true) };
        if memchr::memchr(b'&', raw.as_bytes()).is_none() {
            return unescape(raw, start, single_byte, true);
        }
        let offset = |i: usize| start + if single_byte { raw[..i].chars().count() } else { i };
        let mut out = String::with_capacity(raw.len());
        let mut from = 0;
        while let Some(amp) = memchr::memchr(b'&', &raw.as_bytes()[from..]).map(|a| from + a) {
            dtd::normalise(&raw[from..amp], &mut out);
            let Some(end) = raw[amp..].find(';').map(|e| amp + e) else {
                return Err(SyntaxError::new(Span::new(offset(amp), offset(amp) + 1), "`&` must be written `&amp;`"));
            };
            let span = Span::new(offset(amp), offset(end) + 1);
            let fail = |message: String| SyntaxError::new(span, message);
            match dtd::character(&raw[amp + 1..end]).map_err(fail)? {
                Some(c) => out.push(c),
                None => dtd
                    .expand_in_attribute(&raw[amp + 1..end], &mut out, &mut self.budget, &mut Vec::new())
                    .map_err(fail)?,
            }
            from = end + 1;
        }
        dtd::normalise(&raw[from..], &mut out);
        Ok(Cow::Owned(out))
    }
}

/// Appends document text (its line breaks read as LF) or replacement text (as it is).
fn push_text(out: &mut String, text: &str, document: bool) {
    if document {
        out.push_str(&normalize_newlines(Cow::Borrowed(text)));
    } else {
        out.push_str(text);
    }
}
