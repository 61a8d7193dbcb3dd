//! The pull reader: batches of records → namespace-resolved events with spans.

use std::borrow::Cow;
use std::cell::Cell;
use std::io::Read;
use std::sync::mpsc;

use conform_diagnostics::{LineCol, Location, Span};

use super::TextEncoding;
use super::batch::{Batch, Ending, NameRecord, Record, RecordKind};
use super::cursor::{self, Cursor};
use super::namespaces::Namespaces;
use super::producer::{Producer, locate};
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
#[derive(Debug, Clone)]
pub struct Name<'a> {
    /// The namespace URI, if the name is in one.
    pub namespace: Option<Cow<'a, str>>,
    /// The reader's number for `namespace`: within one document, names in the same
    /// namespace have the same number and names in different ones different numbers, so
    /// comparing numbers compares URIs without reading them. Not comparable across
    /// documents, and not part of equality.
    pub namespace_id: Option<u32>,
    /// The local part.
    pub local: Cow<'a, str>,
    /// The name as written (`prefix:local`).
    pub qualified: Cow<'a, str>,
}

impl PartialEq for Name<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.namespace == other.namespace && self.local == other.local && self.qualified == other.qualified
    }
}

impl Eq for Name<'_> {}

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
        Name {
            namespace: self.namespace.map(own),
            namespace_id: self.namespace_id,
            local: own(self.local),
            qualified: own(self.qualified),
        }
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

/// Where batches come from.
enum Source<R> {
    /// Filled on this thread, when asked for.
    Inline(Box<Producer<R>>),
    /// Filled ahead on another thread; used batches go back to it for reuse.
    Ahead { full: mpsc::Receiver<Batch>, empty: mpsc::Sender<Batch> },
    /// Nothing more to read.
    Done,
}

/// Starts reading ahead on another thread (set by [`XmlReader::read_ahead`], where the
/// input can be sent to one).
type Spawn<R> = fn(Box<Producer<R>>) -> Source<R>;

/// Batches the other thread fills ahead while one is read here (double buffering).
const BATCHES_AHEAD: usize = 2;

/// A streaming pull reader over an XML document; see the [module docs](super).
///
/// Memory is bounded by the largest token (a tag; text is read in pieces), the nesting
/// depth and the namespace declarations in scope, never by the size of the document.
pub struct XmlReader<R> {
    source: Source<R>,
    spawn: Option<Spawn<R>>,
    batch: Batch,
    /// The next record of `batch`, and the next of its attributes and bindings.
    next: usize,
    next_attribute: usize,
    next_binding: usize,
    /// The record last handed out.
    current: Option<Record>,
    /// Namespace bindings in scope, mirrored from the records.
    namespaces: Namespaces,
    /// Where the event last handed out ends, once resolved.
    end: Cell<Option<Cursor>>,
    encoding: TextEncoding,
    root: Option<(Span, Location)>,
    /// The syntax error that ended reading, with its location.
    failure: Option<(Span, Location)>,
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
        cursor::line_col(self.mark, self.recorded, self.single_byte, self.root, self.end, offset)
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
            source: Source::Inline(Box::new(Producer::new(input, options))),
            spawn: None,
            batch: Batch::default(),
            next: 0,
            next_attribute: 0,
            next_binding: 0,
            current: None,
            namespaces: Namespaces::default(),
            end: Cell::new(None),
            encoding: TextEncoding::Utf8,
            root: None,
            failure: None,
        }
    }

    /// The encoding in effect (from the XML declaration once it has been read).
    #[must_use]
    pub fn encoding(&self) -> TextEncoding {
        self.encoding
    }

    /// The next event with what is in scope there; `None` at the end of the document. After
    /// a syntax error, or at the end, it yields nothing more.
    pub fn next_event(&mut self) -> Result<Option<(XmlEvent<'_>, Scope<'_>)>, SyntaxError> {
        let Some(record) = self.next_record()? else { return Ok(None) };
        self.current = Some(record);
        // Where the token ends is where the next one starts, when no skipped markup (a
        // comment, say) lies between: the producer already counted its way there.
        let end = record.mark.offset + record.raw.len as usize;
        self.end.set(self.batch.records.get(self.next).map(|next| next.mark).filter(|next| next.offset == end));
        match record.kind {
            RecordKind::Start { bindings, depth: 1, .. } => {
                self.bind(bindings);
                let token = self.batch.token(record.raw);
                let end = record.mark.advance(token, self.encoding.is_single_byte());
                let span = Span::new(record.mark.offset, end.offset);
                self.root = Some((span, Location { start: record.mark.at, end: end.at }));
                self.end.set(Some(end));
            }
            RecordKind::Start { bindings, .. } => self.bind(bindings),
            RecordKind::End { .. } => self.namespaces.pop_scope(),
            RecordKind::Text(_) => {}
        }
        let first_attribute = self.next_attribute;
        if let RecordKind::Start { attributes, .. } = record.kind {
            self.next_attribute += usize::from(attributes);
        }
        Ok(Some((self.event(record, first_attribute), self.scope(record))))
    }

    /// The location of `span`, which is in the event last read (or is the root element's
    /// start tag): for locating a [`SyntaxError`].
    #[must_use]
    pub fn location(&self, span: Span) -> Location {
        if let Some((failed, location)) = self.failure
            && failed == span
        {
            return location;
        }
        match self.current {
            Some(record) => self.scope(record).location(span),
            None => locate(Cursor::START, &[], false, self.root, span),
        }
    }

    /// The record after the one last handed out, reading the next batch when this one is
    /// used up.
    fn next_record(&mut self) -> Result<Option<Record>, SyntaxError> {
        loop {
            if let Some(&record) = self.batch.records.get(self.next) {
                self.next += 1;
                return Ok(Some(record));
            }
            match self.batch.ending.take() {
                Some(Ending::Finished) => {
                    self.source = Source::Done;
                    return Ok(None);
                }
                Some(Ending::Failed(err, location)) => {
                    self.source = Source::Done;
                    self.failure = Some((err.span, location));
                    return Err(err);
                }
                None => {}
            }
            if !self.refill() {
                return Ok(None);
            }
        }
    }

    /// Replaces the used-up batch with the next one; `false` when there is none.
    fn refill(&mut self) -> bool {
        let last = self.batch.records.last().map(|record| {
            let end = record.mark.advance(self.batch.token(record.raw), self.encoding.is_single_byte());
            (end.offset, Location { start: end.at, end: end.at })
        });
        let used = std::mem::take(&mut self.batch);
        self.next = 0;
        self.next_attribute = 0;
        self.next_binding = 0;
        self.current = None;
        match std::mem::replace(&mut self.source, Source::Done) {
            Source::Inline(mut producer) => {
                self.batch = used;
                producer.fill(&mut self.batch);
                self.source = match self.spawn {
                    Some(spawn) if !producer.finished() => spawn(producer),
                    _ => Source::Inline(producer),
                };
            }
            Source::Ahead { full, empty } => {
                let _ = empty.send(used);
                if let Ok(batch) = full.recv() {
                    self.batch = batch;
                } else {
                    // The other thread ended without an ending: never a silent pass.
                    let start = Cursor::START.at;
                    let (at, location) = last.unwrap_or((0, Location { start, end: start }));
                    let err = SyntaxError::new(Span::empty(at), "the XML reader stopped unexpectedly");
                    self.batch.ending = Some(Ending::Failed(err, location));
                    return true;
                }
                self.source = Source::Ahead { full, empty };
            }
            Source::Done => return false,
        }
        self.encoding = self.batch.encoding;
        for uri in std::mem::take(&mut self.batch.namespaces) {
            self.namespaces.push_uri(uri);
        }
        true
    }

    /// Opens the scope of a start tag with its namespace declarations.
    fn bind(&mut self, count: u16) {
        self.namespaces.push_scope();
        let start = self.next_binding;
        self.next_binding += usize::from(count);
        for binding in self.batch.bindings.get(start..self.next_binding).unwrap_or_default() {
            self.namespaces.bind_interned(self.batch.text(binding.prefix), binding.namespace);
        }
    }

    fn scope(&self, record: Record) -> Scope<'_> {
        Scope {
            namespaces: &self.namespaces,
            recorded: self.batch.token(record.raw),
            mark: record.mark,
            end: &self.end,
            single_byte: self.encoding.is_single_byte(),
            root: self.root,
        }
    }

    fn name(&self, name: NameRecord) -> Name<'_> {
        Name {
            namespace: name.namespace.map(|ns| Cow::Borrowed(self.namespaces.uri(ns))),
            namespace_id: name.namespace,
            local: Cow::Borrowed(self.batch.text(name.local())),
            qualified: Cow::Borrowed(self.batch.text(name.qualified)),
        }
    }

    fn event(&self, record: Record, first_attribute: usize) -> XmlEvent<'_> {
        let start = record.mark.offset;
        let span = Span::new(start, start + record.raw.len as usize);
        match record.kind {
            RecordKind::Start { name, attributes, depth, empty, .. } => {
                let attributes = self.batch.attributes[first_attribute..]
                    .iter()
                    .take(usize::from(attributes))
                    .map(|a| Attribute {
                        name: self.name(a.name),
                        value: Cow::Borrowed(self.batch.text(a.value)),
                        name_span: a.name_span,
                        value_span: a.value_span,
                    })
                    .collect();
                XmlEvent::Start(StartTag {
                    name: self.name(name),
                    attributes,
                    span,
                    depth: depth as usize,
                    self_closing: empty,
                })
            }
            RecordKind::End { name, tagged } => {
                let span = if tagged { span } else { Span::empty(span.end) };
                XmlEvent::End(EndTag { name: self.name(name), span })
            }
            RecordKind::Text(text) => XmlEvent::Text(Text { text: Cow::Borrowed(self.batch.text(text)), span }),
        }
    }
}

impl<R: Read + Send + 'static> XmlReader<R> {
    /// Reads ahead on another thread once the input proves longer than one batch, so that
    /// finding tokens and consuming events run in parallel. Small inputs never start one.
    #[must_use]
    pub fn read_ahead(mut self) -> Self {
        self.spawn = Some(spawn_ahead::<R>);
        self
    }
}

/// Moves `producer` to a thread of its own that fills batches ahead of the reader; when no
/// thread can be started, reading goes on here.
fn spawn_ahead<R: Read + Send + 'static>(producer: Box<Producer<R>>) -> Source<R> {
    let (full_tx, full) = mpsc::sync_channel::<Batch>(BATCHES_AHEAD);
    let (empty, empty_rx) = mpsc::channel::<Batch>();
    let (hand_over, handed) = mpsc::channel::<Box<Producer<R>>>();
    let spawned = std::thread::Builder::new().name("xml-read-ahead".into()).spawn(move || {
        let Ok(mut producer) = handed.recv() else { return };
        let mut spare: Vec<Batch> = (0..BATCHES_AHEAD).map(|_| Batch::default()).collect();
        loop {
            let Some(mut batch) = spare.pop().or_else(|| empty_rx.recv().ok()) else { return };
            producer.fill(&mut batch);
            let ended = batch.ending.is_some();
            if full_tx.send(batch).is_err() || ended {
                return;
            }
        }
    });
    match spawned {
        Ok(_) => match hand_over.send(producer) {
            Ok(()) => Source::Ahead { full, empty },
            Err(mpsc::SendError(producer)) => Source::Inline(producer),
        },
        Err(_) => Source::Inline(producer),
    }
}
