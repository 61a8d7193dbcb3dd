//! The pull reader: quick-xml tokens → namespace-resolved events with spans.

use std::borrow::Cow;
use std::cell::Cell;
use std::io::Read;

use conform_diagnostics::{LineCol, Location, Span};

use super::TextEncoding;
use super::attributes::{self, RawAttribute};
use super::cursor::Cursor;
use super::namespaces::{Namespaces, Ns};
use super::tokens::{self, Stop, Token, Window};
use super::unescape::unescape;
use crate::SyntaxError;

/// Reading options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct XmlOptions {
    /// Deepest element nesting accepted; deeper input is a syntax error.
    pub max_depth: usize,
    /// Namespaces of well-known prefixes, used when a document uses such a prefix without
    /// declaring it (some tools' exports do). Any other undeclared prefix is an error.
    pub known_prefixes: &'static [(&'static str, &'static str)],
    /// Longest tag (or comment, CDATA section, DOCTYPE) accepted, in bytes; text runs of
    /// any length are read in pieces.
    pub max_token_bytes: usize,
}

impl Default for XmlOptions {
    fn default() -> Self {
        Self { max_depth: 512, known_prefixes: &[], max_token_bytes: 64 * 1024 * 1024 }
    }
}

/// A namespace-resolved name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name<'a> {
    /// The namespace URI, if the name is in one.
    pub namespace: Option<Cow<'a, str>>,
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
        Name { namespace: self.namespace.map(own), local: own(self.local), qualified: own(self.qualified) }
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
    CData,
}

/// An element that is open: its namespace, and where its name ends in [`State::names`].
#[derive(Debug, Clone, Copy)]
struct Open {
    namespace: Option<Ns>,
    name_end: usize,
}

/// An event after the reader's state took it in, before its text is decoded: what is
/// left to do borrows nothing but the token.
enum Taken<'b> {
    Start { tag: TagText<'b>, qualified: Cow<'b, str>, namespace: Option<Ns>, span: Span, depth: usize, empty: bool },
    End { qualified: Cow<'b, str>, namespace: Option<Ns>, span: Span },
    Text(Text<'b>),
}

/// The bytes of one tag, `<` included: checked as UTF-8 once and then sliced, or, in a
/// single-byte encoding, decoded piece by piece.
#[derive(Clone, Copy)]
struct TagText<'b> {
    raw: &'b [u8],
    utf8: Option<&'b str>,
    /// The file offset of `raw`.
    offset: usize,
    encoding: TextEncoding,
}

impl<'b> TagText<'b> {
    fn new(raw: &'b [u8], offset: usize, encoding: TextEncoding) -> Result<Self, SyntaxError> {
        let utf8 = match encoding {
            TextEncoding::Utf8 => match encoding.decode(raw, offset)? {
                Cow::Borrowed(text) => Some(text),
                Cow::Owned(_) => None,
            },
            TextEncoding::SingleByte(_) => None,
        };
        Ok(Self { raw, utf8, offset, encoding })
    }

    /// The text of `range` (byte indices of the tag, at ASCII delimiters).
    fn piece(&self, range: std::ops::Range<usize>) -> Result<Cow<'b, str>, SyntaxError> {
        if let Some(text) = self.utf8.and_then(|text| text.get(range.clone())) {
            return Ok(Cow::Borrowed(text));
        }
        let bytes = self.raw.get(range.clone()).unwrap_or_default();
        self.encoding.decode(bytes, self.offset + range.start)
    }
}

/// The state that turns raw tokens into events.
struct State {
    encoding: TextEncoding,
    namespaces: Namespaces,
    /// The open elements, outermost first.
    open: Vec<Open>,
    /// The qualified names of the open elements, one after another (for end-tag checks).
    names: Vec<u8>,
    /// The attributes of the start tag being read.
    attributes: Vec<RawAttribute>,
    /// The root element's name and start tag, once it started.
    root: Option<(Box<str>, Span, Location)>,
    options: XmlOptions,
}

/// A streaming pull reader over an XML document; see the [module docs](super).
///
/// Memory is bounded by the largest token (a tag; text is read in pieces), the nesting
/// depth and the namespace declarations in scope, never by the size of the document.
pub struct XmlReader<R> {
    window: Window<R>,
    state: State,
    /// The length of the token last handed out, consumed when the next one is read.
    current: usize,
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
    pub fn resolve_prefix(&self, prefix: &str) -> Option<Option<&'r str>> {
        let namespaces = self.namespaces;
        namespaces.resolve(prefix).ok().map(|ns| ns.map(|ns| namespaces.uri(ns)))
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
        if within == 0 {
            return self.mark.at;
        }
        self.mark.advance(&self.recorded[..within], self.single_byte).at
    }

    /// The location of `span` (see [`line_col`](Self::line_col)).
    #[must_use]
    pub fn location(&self, span: Span) -> Location {
        Location { start: self.line_col(span.start), end: self.line_col(span.end) }
    }
}

impl<R: Read> XmlReader<R> {
    /// A reader over `input` (the whole input, a byte order mark included) with default
    /// options.
    #[must_use]
    pub fn new(input: R) -> Self {
        Self::with_options(input, XmlOptions::default())
    }

    /// A reader with `options`.
    #[must_use]
    pub fn with_options(input: R, options: XmlOptions) -> Self {
        Self {
            window: Window::new(input, options.max_token_bytes),
            state: State {
                encoding: TextEncoding::Utf8,
                namespaces: Namespaces::default(),
                open: Vec::new(),
                names: Vec::new(),
                attributes: Vec::new(),
                root: None,
                options,
            },
            current: 0,
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
        let recorded = self.window.token(self.current);
        let event = self.state.take(kind, recorded, self.mark).and_then(|taken| self.state.event(taken));
        match event {
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
            recorded: self.window.token(self.current),
            mark: self.mark,
            end: &self.end,
            single_byte: self.state.encoding.is_single_byte(),
            root: self.state.root.as_ref().map(|(_, span, location)| (*span, *location)),
        }
    }

    /// Starts the next event: the token last handed out moves into the cursor.
    fn mark(&mut self) {
        let single_byte = self.state.encoding.is_single_byte();
        let token = self.window.token(self.current);
        self.mark = self.end.take().unwrap_or_else(|| self.mark.advance(token, single_byte));
        self.window.consume(self.current);
        self.current = 0;
    }

    /// Reads more input; a token that outgrows the window's limit is refused.
    fn fill(&mut self) -> Result<(), SyntaxError> {
        let at = self.window.offset();
        match self.window.fill() {
            Ok(true) => Ok(()),
            Ok(false) => Err(SyntaxError::new(
                Span::empty(at),
                format!(
                    "a tag longer than {} MiB is refused (it exhausts memory)",
                    self.state.options.max_token_bytes / (1024 * 1024)
                ),
            )),
            Err(err) => Err(read_error(&err, at)),
        }
    }

    /// Skips a UTF-8 byte order mark (counted like any character); refuses UTF-16.
    fn begin(&mut self) -> Result<(), SyntaxError> {
        while self.window.data().len() < 3 && !self.window.eof {
            self.fill()?;
        }
        let head = self.window.data();
        if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
            return Err(SyntaxError::new(Span::new(0, 2), "UTF-16 input is not supported: save the document as UTF-8"));
        }
        if head.starts_with(b"\xEF\xBB\xBF") {
            self.current = 3;
        }
        Ok(())
    }

    /// The next token, its length in `self.current`; `None` at the end of the input.
    fn token(&mut self) -> Result<Option<Token>, SyntaxError> {
        loop {
            if self.window.data().is_empty() {
                if self.window.eof {
                    return Ok(None);
                }
                self.fill()?;
                continue;
            }
            match tokens::scan(self.window.data(), self.window.eof) {
                Ok((token, len)) => {
                    self.current = len;
                    return Ok(Some(token));
                }
                Err(Stop::More) if !self.window.eof => self.fill()?,
                Err(Stop::More) => {
                    let at = self.window.offset();
                    return Err(SyntaxError::new(Span::empty(at), "malformed XML: the input ends inside markup"));
                }
                Err(Stop::Malformed(at, message)) => {
                    let at = self.window.offset() + at;
                    return Err(SyntaxError::new(Span::new(at, at + 1), format!("malformed XML: {message}")));
                }
            }
        }
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
            let Some(token) = self.token()? else { return self.state.finish(self.mark.offset).map(|()| None) };
            let raw = self.window.token(self.current);
            let span = Span::new(self.mark.offset, self.mark.offset + raw.len());
            let kind = match token {
                Token::Instruction => {
                    if let Some(label) = declared_encoding(raw) {
                        self.state.encoding = TextEncoding::for_label(label, span)?;
                    }
                    continue;
                }
                Token::DocType => {
                    check_doctype(raw, span)?;
                    continue;
                }
                Token::Comment => continue,
                Token::Start => Kind::Start,
                Token::Empty => Kind::Empty,
                Token::End => Kind::End,
                Token::Text => {
                    if self.state.open.is_empty() {
                        if raw.iter().all(u8::is_ascii_whitespace) {
                            continue;
                        }
                        return Err(self.state.outside_root(span));
                    }
                    Kind::Text
                }
                Token::CData => {
                    if self.state.open.is_empty() {
                        return Err(self.state.outside_root(span));
                    }
                    Kind::CData
                }
            };
            return Ok(Some(kind));
        }
    }
}

fn read_error(err: &std::io::Error, at: usize) -> SyntaxError {
    SyntaxError::new(Span::empty(at), format!("the input could not be read: {err}"))
}

impl State {
    /// Takes in the event of `kind` whose raw bytes are `raw`, starting at `mark`: opens or
    /// closes element scopes and checks the document's structure.
    fn take<'b>(&mut self, kind: Kind, raw: &'b [u8], mark: Cursor) -> Result<Taken<'b>, SyntaxError> {
        let start = mark.offset;
        let end = start + raw.len();
        let span = Span::new(start, end);
        match kind {
            Kind::Start | Kind::Empty => {
                let empty = matches!(kind, Kind::Empty);
                let tag = TagText::new(raw, start, self.encoding)?;
                let taken = self.start(tag, span, empty)?;
                if let Taken::Start { depth: 1, qualified, .. } = &taken {
                    let location =
                        Location { start: mark.at, end: mark.advance(raw, self.encoding.is_single_byte()).at };
                    self.root = Some((qualified.as_ref().into(), span, location));
                }
                Ok(taken)
            }
            Kind::EmptyEnd(len) => {
                let tag = TagText::new(raw, start, self.encoding)?;
                let qualified = tag.piece(1..(1 + len).min(raw.len()))?;
                let namespace = self.close();
                Ok(Taken::End { qualified, namespace, span: Span::empty(end) })
            }
            Kind::End => {
                let body = &raw[2.min(raw.len())..raw.len().saturating_sub(1).max(2.min(raw.len()))];
                let len = body.iter().position(u8::is_ascii_whitespace).unwrap_or(body.len());
                if !body[len..].iter().all(u8::is_ascii_whitespace) {
                    let at = start + 2 + len;
                    return Err(SyntaxError::new(
                        Span::new(at, at + 1),
                        "malformed XML: an end tag holds nothing but the element's name",
                    ));
                }
                self.check_end_name(&body[..len], Span::new(start + 2, start + 2 + len))?;
                let qualified = self.encoding.decode(&body[..len], start + 2)?;
                let namespace = self.close();
                Ok(Taken::End { qualified, namespace, span })
            }
            Kind::Text => {
                let decoded = self.encoding.decode(raw, start)?;
                let text = unescape(decoded, start, self.encoding.is_single_byte(), false)?;
                Ok(Taken::Text(Text { text, span }))
            }
            Kind::CData => {
                let inner = raw.get(9..raw.len().saturating_sub(3)).unwrap_or_default();
                let text = self.encoding.decode(inner, start + 9)?;
                Ok(Taken::Text(Text { text, span }))
            }
        }
    }

    /// The public event for what was taken in: names resolved and text decoded.
    fn event<'b>(&'b self, taken: Taken<'b>) -> Result<XmlEvent<'b>, SyntaxError> {
        match taken {
            Taken::Start { tag, qualified, namespace, span, depth, empty } => {
                let name = Name { namespace: self.namespace(namespace), local: local_part(&qualified), qualified };
                let mut attributes = Vec::with_capacity(self.attributes.len());
                for attr in &self.attributes {
                    let qname = attr.qname.of(&tag.raw[1..]);
                    if qname == b"xmlns" || qname.starts_with(b"xmlns:") {
                        continue;
                    }
                    attributes.push(self.attribute(*attr, tag)?);
                }
                Ok(XmlEvent::Start(StartTag { name, attributes, span, depth, self_closing: empty }))
            }
            Taken::End { qualified, namespace, span } => {
                let name = Name { namespace: self.namespace(namespace), local: local_part(&qualified), qualified };
                Ok(XmlEvent::End(EndTag { name, span }))
            }
            Taken::Text(text) => Ok(XmlEvent::Text(text)),
        }
    }

    fn namespace(&self, ns: Option<Ns>) -> Option<Cow<'_, str>> {
        ns.map(|ns| Cow::Borrowed(self.namespaces.uri(ns)))
    }

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
        let Some(open) = self.open.last() else {
            return Err(SyntaxError::new(span, "malformed XML: an end tag with no element open"));
        };
        let start = self.open.len().checked_sub(2).map_or(0, |i| self.open[i].name_end);
        let expected = &self.names[start..open.name_end];
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
        let open = self.open.pop()?;
        self.names.truncate(self.open.last().map_or(0, |o| o.name_end));
        self.namespaces.pop_scope();
        open.namespace
    }

    fn start<'b>(&mut self, tag: TagText<'b>, span: Span, empty: bool) -> Result<Taken<'b>, SyntaxError> {
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
        let content = &tag.raw[1..tag.raw.len() - if empty { 2 } else { 1 }];
        let offset = span.start + 1;
        let name_len = content.iter().position(u8::is_ascii_whitespace).unwrap_or(content.len());
        attributes::scan(content, offset, name_len, &mut self.attributes)?;
        self.namespaces.push_scope();
        for attr in &self.attributes {
            let qname = attr.qname.of(content);
            let prefix = match qname {
                b"xmlns" => Some(""),
                q => q.strip_prefix(b"xmlns:").map(|p| std::str::from_utf8(p).unwrap_or("")),
            };
            if let Some(prefix) = prefix {
                let value_span = attr.value.span(offset);
                let value = tag.piece(attr.value.start + 1..attr.value.end + 1)?;
                let value = unescape(value, value_span.start, self.encoding.is_single_byte(), true)?;
                if self.namespaces.bind(prefix, &value).is_err() {
                    return Err(SyntaxError::new(
                        value_span,
                        "the document declares too many namespaces; it is refused",
                    ));
                }
            }
        }
        let name_span = Span::new(offset, offset + name_len);
        let qualified = tag.piece(1..1 + name_len)?;
        let namespace = match self.element_namespace(&qualified, name_span) {
            Ok(namespace) => namespace,
            Err(err) => {
                self.namespaces.pop_scope();
                return Err(err);
            }
        };
        self.names.extend_from_slice(&content[..name_len]);
        self.open.push(Open { namespace, name_end: self.names.len() });
        Ok(Taken::Start { tag, qualified, namespace, span, depth, empty })
    }

    /// The namespace of an element named `qualified`: its prefix's, or a well-known
    /// prefix's.
    fn element_namespace(&mut self, qualified: &str, span: Span) -> Result<Option<Ns>, SyntaxError> {
        if qualified.is_empty() {
            return Err(SyntaxError::new(span, "a tag without a name"));
        }
        let (prefix, _) = split_qname(qualified);
        if let Ok(namespace) = self.namespaces.resolve(prefix) {
            return Ok(namespace);
        }
        let uri = self.known_prefix(prefix, qualified, span)?;
        self.namespaces
            .intern(uri)
            .map(Some)
            .map_err(|()| SyntaxError::new(span, "the document declares too many namespaces; it is refused"))
    }

    /// The namespace of a well-known prefix used without being declared.
    fn known_prefix(&self, prefix: &str, qualified: &str, span: Span) -> Result<&'static str, SyntaxError> {
        match self.options.known_prefixes.iter().find(|(p, _)| *p == prefix) {
            Some((_, uri)) => Ok(uri),
            None => {
                Err(SyntaxError::new(span, format!("namespace prefix `{prefix}` is not declared (in `{qualified}`)")))
            }
        }
    }

    fn attribute<'b>(&'b self, attr: RawAttribute, tag: TagText<'b>) -> Result<Attribute<'b>, SyntaxError> {
        let offset = tag.offset + 1;
        let name_span = attr.qname.span(offset);
        let value_span = attr.value.span(offset);
        let qualified = tag.piece(attr.qname.start + 1..attr.qname.end + 1)?;
        if qualified.is_empty() {
            return Err(SyntaxError::new(name_span, "an attribute without a name"));
        }
        let namespace = match split_qname(&qualified) {
            ("", _) => None,
            (prefix, _) => match self.namespaces.resolve(prefix) {
                Ok(ns) => ns.map(|ns| Cow::Borrowed(self.namespaces.uri(ns))),
                Err(()) => Some(Cow::Borrowed(self.known_prefix(prefix, &qualified, name_span)?)),
            },
        };
        let name = Name { namespace, local: local_part(&qualified), qualified };
        let value = tag.piece(attr.value.start + 1..attr.value.end + 1)?;
        let value = unescape(value, value_span.start, self.encoding.is_single_byte(), true)?;
        Ok(Attribute { name, value, name_span, value_span })
    }
}

/// A qualified name's prefix (`""` when it has none) and local part.
fn split_qname(qualified: &str) -> (&str, &str) {
    match qualified.bytes().position(|b| b == b':') {
        Some(colon) => (&qualified[..colon], &qualified[colon + 1..]),
        None => ("", qualified),
    }
}

/// The part of a qualified name after its prefix, borrowing when `qualified` does.
fn local_part<'b>(qualified: &Cow<'b, str>) -> Cow<'b, str> {
    let local_len = split_qname(qualified).1.len();
    match qualified {
        Cow::Borrowed(q) => Cow::Borrowed(&q[q.len() - local_len..]),
        Cow::Owned(q) => Cow::Owned(q[q.len() - local_len..].to_owned()),
    }
}

/// The encoding label of an XML declaration (`<?xml version="1.0" encoding="..."?>`);
/// `None` for other processing instructions and declarations without one.
fn declared_encoding(instruction: &[u8]) -> Option<&[u8]> {
    let body = instruction.strip_prefix(b"<?xml")?;
    if !body.first().is_some_and(u8::is_ascii_whitespace) {
        return None;
    }
    let at = memchr::memmem::find(body, b"encoding")?;
    let rest = body[at + 8..].trim_ascii_start().strip_prefix(b"=")?.trim_ascii_start();
    let quote = *rest.first().filter(|q| matches!(q, b'"' | b'\''))?;
    let len = memchr::memchr(quote, &rest[1..])?;
    Some(&rest[1..=len])
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_declared_encoding_is_read() {
        assert_eq!(declared_encoding(br#"<?xml version="1.0" encoding='ISO-8859-1'?>"#), Some(&b"ISO-8859-1"[..]));
        assert_eq!(declared_encoding(br#"<?xml version="1.0"?>"#), None);
        assert_eq!(declared_encoding(br#"<?xml-stylesheet encoding="x"?>"#), None);
    }
}
