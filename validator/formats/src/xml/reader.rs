//! The pull reader: quick-xml tokens → namespace-resolved events with spans.

use std::borrow::Cow;
use std::sync::Arc;

use conform_diagnostics::Span;
use quick_xml::events::Event;

use super::attributes::{self, RawAttribute};
use super::namespaces::Namespaces;
use super::unescape::{resolve_reference, unescape};
use super::{Positions, TextEncoding};
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

/// A pull reader over an XML document in memory; see the [module docs](super).
///
/// Iterating yields events until the end of the document or the first syntax error, after
/// which it yields nothing.
pub struct XmlReader<'a> {
    src: &'a [u8],
    base: usize,
    reader: quick_xml::Reader<&'a [u8]>,
    encoding: TextEncoding,
    namespaces: Namespaces,
    open: Vec<(Name<'a>, Span)>,
    options: XmlOptions,
    root_seen: bool,
    pending_end: Option<EndTag<'a>>,
    finished: bool,
}

impl<'a> XmlReader<'a> {
    /// A reader over `bytes` (the whole input, a byte order mark included) with default
    /// options.
    #[must_use]
    pub fn new(bytes: &'a [u8]) -> Self {
        Self::with_options(bytes, XmlOptions::default())
    }

    /// A reader with `options`.
    #[must_use]
    pub fn with_options(bytes: &'a [u8], options: XmlOptions) -> Self {
        let (text, base) = crate::text::strip_bom(bytes);
        let mut reader = quick_xml::Reader::from_reader(text);
        let config = reader.config_mut();
        config.check_end_names = true;
        config.allow_unmatched_ends = false;
        config.expand_empty_elements = false;
        config.trim_text(false);
        Self {
            src: bytes,
            base,
            reader,
            encoding: TextEncoding::Utf8,
            namespaces: Namespaces::default(),
            open: Vec::new(),
            options,
            root_seen: false,
            pending_end: None,
            finished: false,
        }
    }

    /// The encoding in effect (from the XML declaration once it has been read).
    #[must_use]
    pub fn encoding(&self) -> TextEncoding {
        self.encoding
    }

    /// The namespace `prefix` (`""` for the default namespace) is bound to in the scope of
    /// the element last started: `None` when the prefix is not declared, `Some(None)` for
    /// the default prefix with no default namespace. For QName-valued content (`xsi:type`).
    pub fn resolve_prefix(&mut self, prefix: &str) -> Option<Option<Arc<str>>> {
        self.namespaces.resolve(prefix).ok()
    }

    /// A line/column resolver for this input, in its encoding.
    #[must_use]
    pub fn positions(&self) -> Positions {
        Positions::new(self.src, self.encoding)
    }

    fn offset(&self) -> usize {
        usize::try_from(self.reader.buffer_position()).unwrap_or(usize::MAX) + self.base
    }

    fn decode(&self, bytes: &'a [u8], start: usize) -> Result<Cow<'a, str>, SyntaxError> {
        self.encoding.decode(bytes, start)
    }

    fn utf16_check(&self) -> Result<(), SyntaxError> {
        if self.src.starts_with(b"\xFF\xFE") || self.src.starts_with(b"\xFE\xFF") {
            return Err(SyntaxError::new(Span::new(0, 2), "UTF-16 input is not supported: save the document as UTF-8"));
        }
        Ok(())
    }

    fn step(&mut self) -> Result<Option<XmlEvent<'a>>, SyntaxError> {
        if let Some(end) = self.pending_end.take() {
            self.close();
            return Ok(Some(XmlEvent::End(end)));
        }
        if self.offset() == self.base {
            self.utf16_check()?;
        }
        loop {
            let start = self.offset();
            let event = self.reader.read_event().map_err(|err| {
                let at = usize::try_from(self.reader.error_position()).unwrap_or(usize::MAX) + self.base;
                SyntaxError::new(Span::new(at, at + 1), format!("malformed XML: {err}"))
            })?;
            let end = self.offset();
            let span = Span::new(start, end);
            match event {
                Event::Decl(decl) => {
                    if let Some(Ok(label)) = decl.encoding() {
                        self.encoding = TextEncoding::for_label(&label, span)?;
                    }
                }
                Event::DocType(doctype) => check_doctype(&doctype, span)?,
                Event::Start(_) => {
                    return self.start(&tag_bytes(self.src, start, end, false), start, end, false).map(Some);
                }
                Event::Empty(_) => {
                    return self.start(&tag_bytes(self.src, start, end, true), start, end, true).map(Some);
                }
                Event::End(_) => {
                    let (name, _) =
                        self.open.last().cloned().ok_or_else(|| SyntaxError::new(span, "unexpected end tag"))?;
                    self.close();
                    return Ok(Some(XmlEvent::End(EndTag { name, span })));
                }
                Event::Text(_) => {
                    let raw: &'a [u8] = &self.src[start..end];
                    if self.open.is_empty() {
                        if raw.iter().all(u8::is_ascii_whitespace) {
                            continue;
                        }
                        return Err(self.outside_root(span));
                    }
                    let decoded = self.decode(raw, start)?;
                    let text = unescape(decoded, start, self.encoding.is_single_byte(), false)?;
                    return Ok(Some(XmlEvent::Text(Text { text, span })));
                }
                Event::GeneralRef(_) => {
                    if self.open.is_empty() {
                        return Err(self.outside_root(span));
                    }
                    let name = self.decode(&self.src[start + 1..end.saturating_sub(1).max(start + 1)], start + 1)?;
                    let ch = resolve_reference(&name).map_err(|message| SyntaxError::new(span, message))?;
                    return Ok(Some(XmlEvent::Text(Text { text: Cow::Owned(ch.to_string()), span })));
                }
                Event::CData(_) => {
                    if self.open.is_empty() {
                        return Err(self.outside_root(span));
                    }
                    let inner = &self.src[(start + 9).min(end)..end.saturating_sub(3).max(start)];
                    let text = self.decode(inner, start + 9)?;
                    return Ok(Some(XmlEvent::Text(Text { text, span })));
                }
                Event::Comment(_) | Event::PI(_) => {}
                Event::Eof => {
                    if let Some((name, tag)) = self.open.first() {
                        return Err(SyntaxError::new(
                            *tag,
                            format!("element `<{}>` is not closed before the end of the input", name.qualified),
                        ));
                    }
                    if !self.root_seen {
                        return Err(SyntaxError::new(
                            Span::empty(self.base),
                            "the input has no root element: it is not XML",
                        ));
                    }
                    return Ok(None);
                }
            }
        }
    }

    fn outside_root(&self, span: Span) -> SyntaxError {
        let message = if self.root_seen {
            "content after the root element: an XML document has exactly one root element"
        } else {
            "content before the root element: the input is not XML (or text precedes the root element)"
        };
        SyntaxError::new(Span::new(span.start, span.end.min(span.start + 1)), message)
    }

    fn close(&mut self) {
        self.open.pop();
        self.namespaces.pop_scope();
    }

    fn start(
        &mut self,
        content: &TagBytes<'a>,
        start: usize,
        end: usize,
        empty: bool,
    ) -> Result<XmlEvent<'a>, SyntaxError> {
        let span = Span::new(start, end);
        if self.root_seen && self.open.is_empty() {
            return Err(SyntaxError::new(span, "a second root element: an XML document has exactly one root element"));
        }
        let depth = self.open.len() + 1;
        if depth > self.options.max_depth {
            return Err(SyntaxError::new(
                span,
                format!("elements are nested deeper than {} levels; the input is refused", self.options.max_depth),
            ));
        }
        self.root_seen = true;
        let bytes = content.bytes;
        let name_len = bytes.iter().position(u8::is_ascii_whitespace).unwrap_or(bytes.len());
        let raw = attributes::scan(bytes, content.offset, name_len)?;
        self.namespaces.push_scope();
        for attr in &raw {
            let prefix = match attr.qname {
                b"xmlns" => Some(""),
                q => q.strip_prefix(b"xmlns:").map(|p| std::str::from_utf8(p).unwrap_or("")),
            };
            if let Some(prefix) = prefix {
                let value = self.decode(attr.value, attr.value_span.start)?;
                let value = unescape(value, attr.value_span.start, self.encoding.is_single_byte(), true)?;
                self.namespaces.bind(prefix, &value);
            }
        }
        let name_span = Span::new(content.offset, content.offset + name_len);
        let name = self.name(&bytes[..name_len], name_span, true)?;
        let mut attributes = Vec::with_capacity(raw.len());
        for attr in raw {
            if attr.qname == b"xmlns" || attr.qname.starts_with(b"xmlns:") {
                continue;
            }
            attributes.push(self.attribute(attr)?);
        }
        self.open.push((name.clone(), span));
        if empty {
            self.pending_end = Some(EndTag { name: name.clone(), span: Span::empty(end) });
        }
        Ok(XmlEvent::Start(StartTag { name, attributes, span, depth, self_closing: empty }))
    }

    fn attribute(&mut self, attr: RawAttribute<'a>) -> Result<Attribute<'a>, SyntaxError> {
        let name = self.name(attr.qname, attr.name_span, false)?;
        let value = self.decode(attr.value, attr.value_span.start)?;
        let value = unescape(value, attr.value_span.start, self.encoding.is_single_byte(), true)?;
        Ok(Attribute { name, value, name_span: attr.name_span, value_span: attr.value_span })
    }

    fn name(&mut self, qname: &'a [u8], span: Span, element: bool) -> Result<Name<'a>, SyntaxError> {
        let qualified = self.decode(qname, span.start)?;
        if qualified.is_empty() {
            return Err(SyntaxError::new(span, "a tag without a name"));
        }
        let (prefix, local) = match qualified.split_once(':') {
            Some((prefix, local)) => (prefix, local),
            None => ("", &*qualified),
        };
        let namespace = if prefix.is_empty() && !element {
            None
        } else if let Ok(namespace) = self.namespaces.resolve(prefix) {
            namespace
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
        let local = match &qualified {
            Cow::Borrowed(q) => Cow::Borrowed(&q[q.len() - local.len()..]),
            Cow::Owned(_) => Cow::Owned(local.to_owned()),
        };
        Ok(Name { namespace, local, qualified })
    }
}

/// The bytes between `<` and `>` (or `/>`) of a tag and their file offset.
struct TagBytes<'a> {
    bytes: &'a [u8],
    offset: usize,
}

fn tag_bytes(src: &[u8], start: usize, end: usize, empty: bool) -> TagBytes<'_> {
    let inner_end = end.saturating_sub(if empty { 2 } else { 1 }).max(start + 1);
    TagBytes { bytes: &src[start + 1..inner_end], offset: start + 1 }
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

impl<'a> Iterator for XmlReader<'a> {
    type Item = Result<XmlEvent<'a>, SyntaxError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.finished {
            return None;
        }
        match self.step() {
            Ok(Some(event)) => Some(Ok(event)),
            Ok(None) => {
                self.finished = true;
                None
            }
            Err(err) => {
                self.finished = true;
                Some(Err(err))
            }
        }
    }
}
