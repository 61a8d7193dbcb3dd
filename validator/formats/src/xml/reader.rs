//! The pull reader: quick-xml tokens → namespace-resolved events with spans.

use std::borrow::Cow;
use std::cell::Cell;
use std::io::BufRead;
use std::sync::Arc;

use conform_diagnostics::{LineCol, Location, Span};
use quick_xml::events::Event;

use super::TextEncoding;
use super::attributes::{self, RawAttribute};
use super::namespaces::Namespaces;
use super::recorder::{Cursor, Recorder};
use super::unescape::{resolve_reference, unescape};
use crate::SyntaxError;

/// Reading options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct XmlOptions {
    /// Deepest element nesting accepted; deeper input is a syntax error.
    pub max_depth: usize,
    /// Namespaces of well-known prefixes, used when a document uses such a prefix without
    /// declaring it (some tools' exports do). Any other undeclared prefix is an error.
    pub known_prefixes: &'static [(&'static str, &'static str)],
}

impl Default for XmlOptions {
    fn default() -> Self {
        Self { max_depth: 512, known_prefixes: &[] }
    }
}

/// A namespace-resolved name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name<'a> {
    /// The namespace URI, if the name is in one.
    pub namespace: Option<Arc<str>>,
    /// The local part.
    pub local: Cow<'a, str>,
    /// The name as written (`prefix:local`).
    pub qualified: Cow<'a, str>,
}

impl Name<'_> {
    /// Whether this is `local` in `namespace`.
    #[must_use]
    pub fn is(&self, namespace: &str, local: &str) -> bool {
        self.local == local && self.namespace.as_deref() == Some(namespace)
    }
}

/// An attribute of a start tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute<'a> {
    /// Its name (unprefixed attributes are in no namespace).
    pub name: Name<'a>,
    /// Its value, decoded, unescaped and normalised.
    pub value: Cow<'a, str>,
    /// Where the name is.
    pub name_span: Span,
    /// Where the value is (between the quotes).
    pub value_span: Span,
}

/// A start tag (or an empty-element tag, which is followed by its [`EndTag`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartTag<'a> {
    /// The element's name.
    pub name: Name<'a>,
    /// Its attributes in document order, namespace declarations excluded.
    pub attributes: Vec<Attribute<'a>>,
    /// The whole tag, `<` to `>`.
    pub span: Span,
    /// Nesting depth: 1 for the root element.
    pub depth: usize,
    /// Whether it was written `<x/>`.
    pub self_closing: bool,
}

impl StartTag<'_> {
    /// The attribute named `local` in no namespace.
    #[must_use]
    pub fn attribute(&self, local: &str) -> Option<&Attribute<'_>> {
        self.attributes.iter().find(|a| a.name.namespace.is_none() && a.name.local == local)
    }
}

/// An end tag (empty for a self-closing element, at its `/>`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndTag<'a> {
    /// The element's name.
    pub name: Name<'a>,
    /// The tag, or an empty span after `/>`.
    pub span: Span,
}

/// Character data inside the root element (text, a resolved reference, or CDATA). The text
/// of one element may arrive in several pieces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text<'a> {
    /// Decoded, unescaped text.
    pub text: Cow<'a, str>,
    /// Where it is.
    pub span: Span,
}

/// What the reader yields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum XmlEvent<'a> {
    /// An element starts.
    Start(StartTag<'a>),
    /// An element ends.
    End(EndTag<'a>),
    /// Character data.
    Text(Text<'a>),
}

/// Turns borrowed text into owned text.
fn own(text: Cow<'_, str>) -> Cow<'static, str> {
    Cow::Owned(text.into_owned())
}

impl Name<'_> {
    /// The same name, owning its text.
    #[must_use]
    pub fn into_owned(self) -> Name<'static> {
        Name { namespace: self.namespace, local: own(self.local), qualified: own(self.qualified) }
    }
}

impl XmlEvent<'_> {
    /// The same event, owning its text (to keep it past the next event).
    #[must_use]
    pub fn into_owned(self) -> XmlEvent<'static> {
        match self {
            Self::Start(tag) => XmlEvent::Start(StartTag {
                name: tag.name.into_owned(),
                attributes: tag
                    .attributes
                    .into_iter()
                    .map(|a| Attribute {
                        name: a.name.into_owned(),
                        value: own(a.value),
                        name_span: a.name_span,
                        value_span: a.value_span,
                    })
                    .collect(),
                span: tag.span,
                depth: tag.depth,
                self_closing: tag.self_closing,
            }),
            Self::End(end) => XmlEvent::End(EndTag { name: end.name.into_owned(), span: end.span }),
            Self::Text(text) => XmlEvent::Text(Text { text: own(text.text), span: text.span }),
        }
    }
}

/// What the event being read is, before it is decoded.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Start,
    Empty,
    /// The end of the self-closing element just read; its name is this many bytes long.
    EmptyEnd(usize),
    End,
    Text,
    Reference,
    CData,
}

/// The state that turns raw tokens into events.
struct State {
    encoding: TextEncoding,
    namespaces: Namespaces,
    /// The namespaces of the open elements' names.
    open: Vec<Option<Arc<str>>>,
    /// The root element's name and start tag, once it started.
    root: Option<(Box<str>, Span, Location)>,
    options: XmlOptions,
}

/// A streaming pull reader over an XML document; see the [module docs](super).
///
/// Memory is bounded by the largest token (a tag or one text run), the nesting depth and
/// the namespace declarations in scope, never by the size of the document.
pub struct XmlReader<R> {
    reader: quick_xml::Reader<Recorder<R>>,
    scratch: Vec<u8>,
    state: State,
    /// Bytes skipped before quick-xml reads (a UTF-8 byte order mark).
    base: usize,
    /// Where the event being read starts.
    mark: Cursor,
    /// Where it ends, once resolved (it is where the next event starts).
    end: Cell<Option<Cursor>>,
    pending_end: Option<usize>,
    started: bool,
    finished: bool,
}

/// What is in scope at the event just read: namespace bindings, and the positions of the
/// event's bytes.
pub struct Scope<'r> {
    namespaces: &'r Namespaces,
    recorded: &'r [u8],
    mark: Cursor,
    end: &'r Cell<Option<Cursor>>,
    single_byte: bool,
    root: Option<(Span, Location)>,
}

impl<'r> Scope<'r> {
    /// The namespace `prefix` (`""` for the default namespace) is bound to in the scope of
    /// the element last started: `None` when the prefix is not declared, `Some(None)` for
    /// the default prefix with no default namespace. For QName-valued content (`xsi:type`).
    #[must_use]
    #[allow(clippy::option_option)]
    pub fn resolve_prefix(&self, prefix: &str) -> Option<Option<&'r Arc<str>>> {
        self.namespaces.resolve(prefix).ok()
    }

    /// The line and column of byte `offset`: exact inside the event just read (and at the
    /// root element's start tag); an earlier offset resolves to the start of the event.
    #[must_use]
    pub fn line_col(&self, offset: usize) -> LineCol {
        if let Some((span, location)) = self.root
            && offset < self.mark.offset
        {
            if offset == span.start {
                return location.start;
            }
            if offset == span.end {
                return location.end;
            }
        }
        let within = offset.saturating_sub(self.mark.offset).min(self.recorded.len());
        if within == self.recorded.len() {
            let end = self.end.get().unwrap_or_else(|| self.mark.advance(self.recorded, self.single_byte));
            self.end.set(Some(end));
            return end.at;
        }
        self.mark.advance(&self.recorded[..within], self.single_byte).at
    }

    /// The location of `span` (see [`line_col`](Self::line_col)).
    #[must_use]
    pub fn location(&self, span: Span) -> Location {
        Location { start: self.line_col(span.start), end: self.line_col(span.end) }
    }
}

impl<R: BufRead> XmlReader<R> {
    /// A reader over `input` (the whole input, a byte order mark included) with default
    /// options.
    #[must_use]
    pub fn new(input: R) -> Self {
        Self::with_options(input, XmlOptions::default())
    }

    /// A reader with `options`.
    #[must_use]
    pub fn with_options(input: R, options: XmlOptions) -> Self {
        let mut reader = quick_xml::Reader::from_reader(Recorder::new(input));
        let config = reader.config_mut();
        config.check_end_names = true;
        config.allow_unmatched_ends = false;
        config.expand_empty_elements = false;
        config.trim_text(false);
        Self {
            reader,
            scratch: Vec::new(),
            state: State {
                encoding: TextEncoding::Utf8,
                namespaces: Namespaces::default(),
                open: Vec::new(),
                root: None,
                options,
            },
            base: 0,
            mark: Cursor::START,
            end: Cell::new(None),
            pending_end: None,
            started: false,
            finished: false,
        }
    }

    /// The encoding in effect (from the XML declaration once it has been read).
    #[must_use]
    pub fn encoding(&self) -> TextEncoding {
        self.state.encoding
    }

    /// The next event with what is in scope there; `None` at the end of the document. After
    /// a syntax error, or at the end, it yields nothing more.
    pub fn next_event(&mut self) -> Result<Option<(XmlEvent<'_>, Scope<'_>)>, SyntaxError> {
        if self.finished {
            return Ok(None);
        }
        let kind = match self.advance() {
            Ok(Some(kind)) => kind,
            Ok(None) => {
                self.finished = true;
                return Ok(None);
            }
            Err(err) => {
                self.finished = true;
                return Err(err);
            }
        };
        let recorded: &[u8] = &self.reader.get_ref().recorded;
        match self.state.event(kind, recorded, self.mark) {
            Ok(event) => {
                if let XmlEvent::Start(tag) = &event
                    && tag.self_closing
                {
                    self.pending_end = Some(tag.name.qualified.len());
                }
                let scope = Scope {
                    namespaces: &self.state.namespaces,
                    recorded,
                    mark: self.mark,
                    end: &self.end,
                    single_byte: self.state.encoding.is_single_byte(),
                    root: self.state.root.as_ref().map(|(_, span, location)| (*span, *location)),
                };
                Ok(Some((event, scope)))
            }
            Err(err) => {
                self.finished = true;
                Err(err)
            }
        }
    }

    /// The location of `span`, which is in the event last read (or is the root element's
    /// start tag): for locating a [`SyntaxError`].
    #[must_use]
    pub fn location(&self, span: Span) -> Location {
        self.scope().location(span)
    }

    fn scope(&self) -> Scope<'_> {
        Scope {
            namespaces: &self.state.namespaces,
            recorded: &self.reader.get_ref().recorded,
            mark: self.mark,
            end: &self.end,
            single_byte: self.state.encoding.is_single_byte(),
            root: self.state.root.as_ref().map(|(_, span, location)| (*span, *location)),
        }
    }

    fn offset(&self) -> usize {
        usize::try_from(self.reader.buffer_position()).unwrap_or(usize::MAX) + self.base
    }

    /// Starts the next event: what was read so far moves into the cursor.
    fn mark(&mut self) {
        let single_byte = self.state.encoding.is_single_byte();
        let recorded = &mut self.reader.get_mut().recorded;
        self.mark = self.end.take().unwrap_or_else(|| self.mark.advance(recorded, single_byte));
        recorded.clear();
    }

    /// Skips a UTF-8 byte order mark; refuses UTF-16.
    fn begin(&mut self) -> Result<(), SyntaxError> {
        let head = self.reader.get_mut().peek().map_err(|err| read_error(&err, 0))?;
        if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
            return Err(SyntaxError::new(Span::new(0, 2), "UTF-16 input is not supported: save the document as UTF-8"));
        }
        if head.starts_with(b"\xEF\xBB\xBF") {
            self.reader.get_mut().consume(3);
            self.base = 3;
        }
        Ok(())
    }

    /// Reads up to the next event that is not skipped.
    fn advance(&mut self) -> Result<Option<Kind>, SyntaxError> {
        if let Some(len) = self.pending_end.take() {
            return Ok(Some(Kind::EmptyEnd(len)));
        }
        if !self.started {
            self.started = true;
            self.begin()?;
        }
        loop {
            self.mark();
            self.scratch.clear();
            let start = self.mark.offset;
            let event = match self.reader.read_event_into(&mut self.scratch) {
                Ok(event) => event,
                Err(quick_xml::Error::Io(err)) => return Err(read_error(&err, start)),
                Err(err) => {
                    let at = usize::try_from(self.reader.error_position()).unwrap_or(usize::MAX) + self.base;
                    return Err(SyntaxError::new(Span::new(at, at + 1), format!("malformed XML: {err}")));
                }
            };
            let end = usize::try_from(self.reader.buffer_position()).unwrap_or(usize::MAX) + self.base;
            let span = Span::new(start, end);
            let kind = match event {
                Event::Decl(decl) => {
                    if let Some(Ok(label)) = decl.encoding() {
                        self.state.encoding = TextEncoding::for_label(&label, span)?;
                    }
                    continue;
                }
                Event::DocType(doctype) => {
                    check_doctype(&doctype, span)?;
                    continue;
                }
                Event::Comment(_) | Event::PI(_) => continue,
                Event::Start(_) => Kind::Start,
                Event::Empty(_) => Kind::Empty,
                Event::End(_) => Kind::End,
                Event::Text(text) => {
                    if self.state.open.is_empty() {
                        if text.iter().all(u8::is_ascii_whitespace) {
                            continue;
                        }
                        return Err(self.state.outside_root(span));
                    }
                    Kind::Text
                }
                Event::GeneralRef(_) => Kind::Reference,
                Event::CData(_) => Kind::CData,
                Event::Eof => {
                    debug_assert_eq!(self.offset(), end);
                    if let Some((name, tag, _)) = &self.state.root
                        && !self.state.open.is_empty()
                    {
                        return Err(SyntaxError::new(
                            *tag,
                            format!("element `<{name}>` is not closed before the end of the input"),
                        ));
                    }
                    if self.state.root.is_none() {
                        return Err(SyntaxError::new(
                            Span::empty(self.base),
                            "the input has no root element: it is not XML",
                        ));
                    }
                    return Ok(None);
                }
            };
            if matches!(kind, Kind::Reference | Kind::CData) && self.state.open.is_empty() {
                return Err(self.state.outside_root(span));
            }
            return Ok(Some(kind));
        }
    }
}

fn read_error(err: &std::io::Error, at: usize) -> SyntaxError {
    SyntaxError::new(Span::empty(at), format!("the input could not be read: {err}"))
}

impl State {
    /// The event of `kind` whose raw bytes are `raw`, starting at `mark`.
    fn event<'b>(&mut self, kind: Kind, raw: &'b [u8], mark: Cursor) -> Result<XmlEvent<'b>, SyntaxError> {
        let start = mark.offset;
        let end = start + raw.len();
        let span = Span::new(start, end);
        let inner =
            |from: usize, cut: usize| &raw[from.min(raw.len())..raw.len().saturating_sub(cut).max(from.min(raw.len()))];
        match kind {
            Kind::Start | Kind::Empty => {
                let empty = matches!(kind, Kind::Empty);
                let tag = self.start(inner(1, if empty { 2 } else { 1 }), span, empty)?;
                if tag.depth == 1 {
                    let location =
                        Location { start: mark.at, end: mark.advance(raw, self.encoding.is_single_byte()).at };
                    self.root = Some((tag.name.qualified.as_ref().into(), span, location));
                }
                Ok(XmlEvent::Start(tag))
            }
            Kind::EmptyEnd(len) => {
                let name = self.end_name(&inner(1, 0)[..len.min(raw.len().saturating_sub(1))], start + 1)?;
                Ok(XmlEvent::End(EndTag { name, span: Span::empty(end) }))
            }
            Kind::End => {
                let bytes = inner(2, 1);
                let len = bytes.iter().position(u8::is_ascii_whitespace).unwrap_or(bytes.len());
                let name = self.end_name(&bytes[..len], start + 2)?;
                Ok(XmlEvent::End(EndTag { name, span }))
            }
            Kind::Text => {
                let decoded = self.encoding.decode(raw, start)?;
                let text = unescape(decoded, start, self.encoding.is_single_byte(), false)?;
                Ok(XmlEvent::Text(Text { text, span }))
            }
            Kind::Reference => {
                let name = self.encoding.decode(inner(1, 1), start + 1)?;
                let ch = resolve_reference(&name).map_err(|message| SyntaxError::new(span, message))?;
                Ok(XmlEvent::Text(Text { text: Cow::Owned(ch.to_string()), span }))
            }
            Kind::CData => {
                let text = self.encoding.decode(inner(9, 3), start + 9)?;
                Ok(XmlEvent::Text(Text { text, span }))
            }
        }
    }

    fn outside_root(&self, span: Span) -> SyntaxError {
        let message = if self.root.is_some() {
            "content after the root element: an XML document has exactly one root element"
        } else {
            "content before the root element: the input is not XML (or text precedes the root element)"
        };
        SyntaxError::new(Span::new(span.start, span.end.min(span.start + 1)), message)
    }

    /// The name of the element that ends (the innermost open one), and closes its scope.
    fn end_name<'b>(&mut self, qname: &'b [u8], offset: usize) -> Result<Name<'b>, SyntaxError> {
        let namespace = self.open.pop().flatten();
        self.namespaces.pop_scope();
        let qualified = self.encoding.decode(qname, offset)?;
        let local = local_part(&qualified);
        Ok(Name { namespace, local, qualified })
    }

    fn start<'b>(&mut self, bytes: &'b [u8], span: Span, empty: bool) -> Result<StartTag<'b>, SyntaxError> {
        if self.root.is_some() && self.open.is_empty() {
            return Err(SyntaxError::new(span, "a second root element: an XML document has exactly one root element"));
        }
        let depth = self.open.len() + 1;
        if depth > self.options.max_depth {
            return Err(SyntaxError::new(
                span,
                format!("elements are nested deeper than {} levels; the input is refused", self.options.max_depth),
            ));
        }
        let offset = span.start + 1;
        let name_len = bytes.iter().position(u8::is_ascii_whitespace).unwrap_or(bytes.len());
        let raw = attributes::scan(bytes, offset, name_len)?;
        self.namespaces.push_scope();
        for attr in &raw {
            let prefix = match attr.qname {
                b"xmlns" => Some(""),
                q => q.strip_prefix(b"xmlns:").map(|p| std::str::from_utf8(p).unwrap_or("")),
            };
            if let Some(prefix) = prefix {
                let value = self.encoding.decode(attr.value, attr.value_span.start)?;
                let value = unescape(value, attr.value_span.start, self.encoding.is_single_byte(), true)?;
                self.namespaces.bind(prefix, &value);
            }
        }
        let name_span = Span::new(offset, offset + name_len);
        let name = match self.name(&bytes[..name_len], name_span, true) {
            Ok(name) => name,
            Err(err) => {
                self.namespaces.pop_scope();
                return Err(err);
            }
        };
        let mut attributes = Vec::with_capacity(raw.len());
        for attr in raw {
            if attr.qname == b"xmlns" || attr.qname.starts_with(b"xmlns:") {
                continue;
            }
            attributes.push(self.attribute(attr)?);
        }
        self.open.push(name.namespace.clone());
        Ok(StartTag { name, attributes, span, depth, self_closing: empty })
    }

    fn attribute<'b>(&self, attr: RawAttribute<'b>) -> Result<Attribute<'b>, SyntaxError> {
        let name = self.name(attr.qname, attr.name_span, false)?;
        let value = self.encoding.decode(attr.value, attr.value_span.start)?;
        let value = unescape(value, attr.value_span.start, self.encoding.is_single_byte(), true)?;
        Ok(Attribute { name, value, name_span: attr.name_span, value_span: attr.value_span })
    }

    fn name<'b>(&self, qname: &'b [u8], span: Span, element: bool) -> Result<Name<'b>, SyntaxError> {
        let qualified = self.encoding.decode(qname, span.start)?;
        if qualified.is_empty() {
            return Err(SyntaxError::new(span, "a tag without a name"));
        }
        let prefix = qualified.split_once(':').map_or("", |(prefix, _)| prefix);
        let namespace = if prefix.is_empty() && !element {
            None
        } else if let Ok(namespace) = self.namespaces.resolve(prefix) {
            namespace.cloned()
        } else {
            let known = self.options.known_prefixes.iter().find(|(p, _)| *p == prefix);
            let Some((_, uri)) = known else {
                return Err(SyntaxError::new(
                    span,
                    format!("namespace prefix `{prefix}` is not declared (in `{qualified}`)"),
                ));
            };
            Some(Arc::from(*uri))
        };
        let local = local_part(&qualified);
        Ok(Name { namespace, local, qualified })
    }
}

/// The part of a qualified name after its prefix, borrowing when `qualified` does.
fn local_part<'b>(qualified: &Cow<'b, str>) -> Cow<'b, str> {
    let local_len = qualified.split_once(':').map_or(qualified.len(), |(_, local)| local.len());
    match qualified {
        Cow::Borrowed(q) => Cow::Borrowed(&q[q.len() - local_len..]),
        Cow::Owned(q) => Cow::Owned(q[q.len() - local_len..].to_owned()),
    }
}

/// Refuses DTDs that could expand entities or fetch anything.
fn check_doctype(doctype: &[u8], span: Span) -> Result<(), SyntaxError> {
    let has = |needle: &[u8]| memchr::memmem::find(doctype, needle).is_some();
    if has(b"<!ENTITY") {
        return Err(SyntaxError::new(
            span,
            "the DTD declares entities: entity expansion is refused (it allows billion-laughs and external-entity attacks)",
        ));
    }
    if has(b"SYSTEM") || has(b"PUBLIC") {
        return Err(SyntaxError::new(
            span,
            "the DTD names an external subset: external entities are refused, nothing is fetched",
        ));
    }
    Ok(())
}
