//! YAML documents: parsing into JSON values while keeping the byte span of every key and value.
//!
//! The reader follows YAML 1.2 (core schema for plain scalars) through `saphyr-parser`, and
//! fills a [`SpanIndex`] so findings in YAML files are located exactly like findings in
//! JSON files. Anchors and aliases are supported; alias expansion is bounded so a
//! "billion laughs" document is refused with a [`SyntaxError`] instead of being expanded.
//! Merge keys (`<<`) are applied. Only the first document of a stream is read.

use std::collections::HashMap;

use conform_diagnostics::{Span, escape_pointer_token};
use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Tag};
use serde_json::{Map, Number, Value};

use crate::span_index::{NodeId, ROOT};
use crate::text::ensure_utf8;
use crate::{NodeSpan, SpanIndex, SyntaxError};

/// Bounds on what one YAML document may expand to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YamlLimits {
    /// Most nodes the document may hold once aliases are expanded.
    pub max_nodes: usize,
    /// Deepest nesting of collections.
    pub max_depth: usize,
    /// Keep the later value of a duplicate key and note it in [`YamlDocument::problems`]
    /// (as Spectral's parser does), instead of refusing the document.
    pub keep_duplicate_keys: bool,
}

impl Default for YamlLimits {
    fn default() -> Self {
        Self { max_nodes: 5_000_000, max_depth: 1_000, keep_duplicate_keys: false }
    }
}

/// A parsed YAML document: its value and where each node is.
#[derive(Debug)]
pub struct YamlDocument {
    /// The document as a JSON value (keys are strings; non-string keys are rendered).
    pub value: Value,
    /// JSON pointer → key and value spans.
    pub spans: SpanIndex,
    /// Keys a YAML linter reports, by the JSON pointer of the key: keys that are not strings,
    /// and duplicates when [`YamlLimits::keep_duplicate_keys`] is set (the later value is
    /// kept).
    pub problems: Vec<(String, String)>,
}

/// Parses a YAML stream holding one document (no BOM; see [`crate::text::strip_bom`]).
///
/// The whole stream is checked. A stream of several documents is refused at the start of
/// the second (like PyYAML's `yaml.load`): conform checks one document per file. An empty
/// stream reads as `null`.
pub fn parse(text: &[u8], limits: YamlLimits) -> Result<YamlDocument, SyntaxError> {
    let mut docs = read_stream(text, limits)?.into_iter();
    let Some((_, first)) = docs.next() else {
        return Ok(YamlDocument { value: Value::Null, spans: SpanIndex::default(), problems: Vec::new() });
    };
    if let Some((start, _)) = docs.next() {
        return Err(SyntaxError::new(
            start,
            "the YAML stream holds more than one document; conform reads one document per file \
             (split the stream into files)",
        ));
    }
    Ok(first)
}

/// Parses every document of a YAML stream (no BOM; see [`crate::text::strip_bom`]).
///
/// Aliases resolve within their document; the node limit counts the whole stream.
pub fn parse_stream(text: &[u8], limits: YamlLimits) -> Result<Vec<YamlDocument>, SyntaxError> {
    Ok(read_stream(text, limits)?.into_iter().map(|(_, doc)| doc).collect())
}

/// Every document of the stream with the span of its start.
fn read_stream(text: &[u8], limits: YamlLimits) -> Result<Vec<(Span, YamlDocument)>, SyntaxError> {
    let text = ensure_utf8(text)?;
    if let Some((at, c)) = text.char_indices().find(|&(_, c)| !printable(c)) {
        return Err(SyntaxError::new(
            Span::new(at, at + c.len_utf8()),
            format!(
                "invalid YAML: U+{:04X} is not a printable character; YAML allows it only as an escape \
                 in a double-quoted scalar",
                u32::from(c)
            ),
        ));
    }
    let offsets = Offsets::new(text);
    if text.len() < PIPELINE_FROM {
        let mut parser = Parser::new_from_str(text);
        return build_stream(std::iter::from_fn(|| parser.next_event()), &offsets, limits);
    }
    // A large text is scanned on a thread of its own while this one builds the values and
    // the span index from its events (in batches, at most a few batches ahead).
    std::thread::scope(|scope| {
        let (events, scanned) = std::sync::mpsc::sync_channel::<Vec<Scanned<'_>>>(PIPELINE_BATCHES);
        scope.spawn(move || {
            let mut parser = Parser::new_from_str(text);
            let mut batch = Vec::with_capacity(PIPELINE_BATCH);
            while let Some(next) = parser.next_event() {
                let failed = next.is_err();
                batch.push(next);
                if failed || batch.len() == PIPELINE_BATCH {
                    // The builder stops at an error of its own: then nobody listens.
                    if events.send(std::mem::take(&mut batch)).is_err() || failed {
                        return;
                    }
                    batch.reserve(PIPELINE_BATCH);
                }
            }
            let _ = events.send(batch);
        });
        build_stream(scanned.into_iter().flatten(), &offsets, limits)
    })
}

/// Texts from this size on are scanned and built on two threads.
const PIPELINE_FROM: usize = 256 << 10;
/// Events per batch handed from the scanning thread to the building one.
const PIPELINE_BATCH: usize = 4096;
/// Batches the scanning thread may be ahead.
const PIPELINE_BATCHES: usize = 4;

/// One event of the parser, or its error.
type Scanned<'t> = Result<(Event<'t>, saphyr_parser::Span), ScanError>;

/// Every document of a stream of parser events, with the span of its start.
fn build_stream<'t>(
    scanned: impl Iterator<Item = Scanned<'t>>,
    offsets: &Offsets<'_>,
    limits: YamlLimits,
) -> Result<Vec<(Span, YamlDocument)>, SyntaxError> {
    let mut docs = Vec::new();
    let mut nodes = 0usize;
    let mut current: Option<(Span, Builder)> = None;
    for next in scanned {
        let (event, span) = next.map_err(|err| scan_error(offsets, &err))?;
        let start = offsets.byte(span.start.index());
        let span = Span::new(start, offsets.byte(span.end.index()).max(start));
        match event {
            Event::DocumentStart(_) => {
                current = Some((span, Builder::new(limits, nodes)));
            }
            Event::DocumentEnd => {
                if let Some((start, builder)) = current.take() {
                    nodes = builder.nodes;
                    let value = builder.root.unwrap_or(Value::Null);
                    docs.push((start, YamlDocument { value, spans: builder.spans, problems: builder.problems }));
                }
            }
            Event::StreamStart | Event::StreamEnd | Event::Nothing => {}
            event => match current.as_mut() {
                Some((_, builder)) => builder.event(event, span)?,
                None => return Err(SyntaxError::new(span, "invalid YAML: content outside a document")),
            },
        }
    }
    Ok(docs)
}

/// YAML 1.2 `c-printable`: the characters a stream may hold.
fn printable(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
        || c >= '\u{10000}'
}

fn scan_error(offsets: &Offsets, err: &ScanError) -> SyntaxError {
    let at = offsets.byte(err.marker().index());
    SyntaxError::new(Span::new(at, offsets.next_boundary(at)), format!("invalid YAML: {}", err.info()))
}

/// Character index → byte offset (the parser counts characters).
struct Offsets<'a> {
    text: &'a str,
    ascii: bool,
    /// Byte offset of every 64th character, for non-ASCII texts.
    checkpoints: Vec<usize>,
}

impl<'a> Offsets<'a> {
    fn new(text: &'a str) -> Self {
        let ascii = text.is_ascii();
        let checkpoints = if ascii { Vec::new() } else { text.char_indices().step_by(64).map(|(i, _)| i).collect() };
        Self { text, ascii, checkpoints }
    }

    fn byte(&self, chars: usize) -> usize {
        if self.ascii {
            return chars.min(self.text.len());
        }
        let Some(&base) = self.checkpoints.get(chars / 64) else { return self.text.len() };
        self.text[base..].char_indices().nth(chars % 64).map_or(self.text.len(), |(i, _)| base + i)
    }

    fn next_boundary(&self, at: usize) -> usize {
        self.text.get(at..).and_then(|rest| rest.chars().next()).map_or(at, |c| at + c.len_utf8())
    }
}

/// A collection being built.
enum Open {
    Seq {
        items: Vec<Value>,
        node: NodeId,
        start: Span,
        key: Option<Span>,
        anchor: usize,
    },
    Map {
        map: Map<String, Value>,
        node: NodeId,
        start: Span,
        key: Option<Span>,
        anchor: usize,
        pending: Option<(String, Span)>,
        /// Values of merge keys (`<<`), applied when the mapping ends: its own keys win.
        merges: Vec<Value>,
    },
}

struct Builder {
    limits: YamlLimits,
    /// Nodes read so far in the stream.
    nodes: usize,
    /// The document's root, once complete.
    root: Option<Value>,
    stack: Vec<Open>,
    /// Anchored values by anchor id (unique in a stream), with their node counts.
    anchors: HashMap<usize, (Value, usize)>,
    spans: SpanIndex,
    /// Pointer tokens of the open collections below the root.
    path: Vec<String>,
    problems: Vec<(String, String)>,
}

impl Builder {
    fn new(limits: YamlLimits, nodes: usize) -> Self {
        Self {
            limits,
            nodes,
            root: None,
            stack: Vec::new(),
            anchors: HashMap::new(),
            spans: SpanIndex::default(),
            path: Vec::new(),
            problems: Vec::new(),
        }
    }

    /// The JSON pointer of the innermost open collection's child named `token`.
    fn pointer_to(&self, token: &str) -> String {
        let mut pointer = String::new();
        for part in &self.path {
            pointer.push('/');
            pointer.push_str(part);
        }
        pointer.push('/');
        pointer.push_str(token);
        pointer
    }

    /// The pointer token a new child of the innermost collection gets.
    fn child_token(&self) -> String {
        match self.stack.last() {
            Some(Open::Seq { items, .. }) => items.len().to_string(),
            Some(Open::Map { pending: Some((key, _)), .. }) => escape_pointer_token(key).into_owned(),
            _ => "?".to_owned(),
        }
    }

    /// Handles one event of the document's content.
    fn event(&mut self, event: Event<'_>, span: Span) -> Result<(), SyntaxError> {
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                let value = scalar_value(&text, style, tag.as_deref()).map_err(|why| SyntaxError::new(span, why))?;
                self.count(1, span)?;
                if anchor > 0 {
                    self.anchors.insert(anchor, (value.clone(), 1));
                }
                if self.expects_key() {
                    let kind = match &value {
                        Value::Number(_) => Some("number"),
                        Value::Bool(_) => Some("boolean"),
                        Value::Null => Some("null"),
                        _ => None,
                    };
                    if let Some(kind) = kind.filter(|_| style == ScalarStyle::Plain && tag.is_none()) {
                        let at = self.pointer_to(&escape_pointer_token(&text));
                        self.problems.push((at, format!("Mapping key must be a string scalar rather than {kind}")));
                    }
                    self.set_key(text.into_owned(), span);
                    return Ok(());
                }
                self.complete(value, span)
            }
            Event::Alias(anchor) => {
                let Some((value, count)) = self.anchors.get(&anchor) else {
                    return Err(SyntaxError::new(span, "invalid YAML: alias to an unknown anchor"));
                };
                let (value, count) = (value.clone(), *count);
                if self.expects_key() {
                    self.set_key(key_text(&value), span);
                    return Ok(());
                }
                self.count(count, span)?;
                self.complete(value, span)
            }
            Event::SequenceStart(anchor, ref tag) | Event::MappingStart(anchor, ref tag) => {
                let sequence = matches!(event, Event::SequenceStart(..));
                if let Some(tag) = tag.as_deref()
                    && tag.is_yaml_core_schema()
                    && matches!(tag.suffix.as_str(), "str" | "int" | "float" | "bool" | "null" | "seq" | "map")
                    && tag.suffix != if sequence { "seq" } else { "map" }
                {
                    let kind = if sequence { "sequence" } else { "mapping" };
                    return Err(SyntaxError::new(span, format!("invalid YAML: a {kind} cannot have the tag {tag}")));
                }
                if self.stack.len() >= self.limits.max_depth {
                    return Err(SyntaxError::new(
                        span,
                        format!(
                            "YAML nesting is deeper than {} levels; the document is refused",
                            self.limits.max_depth
                        ),
                    ));
                }
                let token = self.child_token();
                let (node, key) = self.child_position();
                self.count(1, span)?;
                if !self.stack.is_empty() {
                    self.path.push(token);
                }
                let open = if sequence {
                    Open::Seq { items: Vec::new(), node, start: span, key, anchor }
                } else {
                    Open::Map { map: Map::new(), node, start: span, key, anchor, pending: None, merges: Vec::new() }
                };
                self.stack.push(open);
                Ok(())
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(open) = self.stack.pop() else { return Ok(()) };
                if !self.stack.is_empty() {
                    self.path.pop();
                }
                // A container grown as it filled keeps up to twice the room it needs: it is
                // stored at exactly its size (as the JSON reader stores its containers).
                let (value, node, start, key, anchor) = match open {
                    Open::Seq { mut items, node, start, key, anchor } => {
                        items.shrink_to_fit();
                        (Value::Array(items), node, start, key, anchor)
                    }
                    Open::Map { mut map, node, start, key, anchor, merges, .. } => {
                        for source in merges {
                            merge(&mut map, source);
                        }
                        let mut exact = Map::with_capacity(map.len());
                        exact.extend(map);
                        (Value::Object(exact), node, start, key, anchor)
                    }
                };
                let whole = Span::new(start.start, span.end.max(start.start));
                self.spans.set(node, NodeSpan { key, value: whole });
                if anchor > 0 {
                    // The copy kept for aliases counts against the node limit too, so
                    // nested anchors cannot multiply memory unchecked.
                    let count = count_nodes(&value);
                    self.count(count, whole)?;
                    self.anchors.insert(anchor, (value.clone(), count));
                }
                self.attach(value)
            }
            _ => Ok(()),
        }
    }

    fn expects_key(&self) -> bool {
        matches!(self.stack.last(), Some(Open::Map { pending: None, .. }))
    }

    fn set_key(&mut self, key: String, span: Span) {
        if let Some(Open::Map { pending, .. }) = self.stack.last_mut() {
            *pending = Some((key, span));
        }
    }

    fn count(&mut self, nodes: usize, span: Span) -> Result<(), SyntaxError> {
        self.nodes = self.nodes.saturating_add(nodes);
        if self.nodes > self.limits.max_nodes {
            return Err(SyntaxError::new(
                span,
                format!(
                    "YAML aliases expand to more than {} nodes (an alias bomb?); the document is refused",
                    self.limits.max_nodes
                ),
            ));
        }
        Ok(())
    }

    /// The span index node and key span a new child of the innermost collection gets.
    fn child_position(&mut self) -> (NodeId, Option<Span>) {
        match self.stack.last() {
            None => (ROOT, None),
            Some(Open::Seq { items, node, .. }) => (self.spans.item(*node, items.len()), None),
            Some(Open::Map { node, pending, .. }) => match pending {
                Some((key, span)) => {
                    let (node, span) = (*node, Some(*span));
                    (self.spans.child(node, &escape_pointer_token(key)), span)
                }
                // A collection used as a mapping key: index it nowhere useful.
                None => (self.spans.child(*node, "?"), None),
            },
        }
    }

    /// Records a scalar (or alias) node's span and attaches it.
    fn complete(&mut self, value: Value, span: Span) -> Result<(), SyntaxError> {
        let (node, key) = self.child_position();
        self.spans.set(node, NodeSpan { key, value: span });
        self.attach(value)
    }

    /// Adds a finished node to its parent, or makes it the document's root.
    ///
    /// A key a mapping already has is an error (YAML 1.2.2 §3.2.1.1: keys are unique):
    /// keeping either value would silently drop the other.
    fn attach(&mut self, value: Value) -> Result<(), SyntaxError> {
        match self.stack.last_mut() {
            None => self.root = Some(value),
            Some(Open::Seq { items, .. }) => items.push(value),
            Some(Open::Map { map, pending, merges, .. }) => match pending.take() {
                Some((key, _)) if key == "<<" => merges.push(value),
                Some((key, span)) => {
                    if map.contains_key(&key) && self.limits.keep_duplicate_keys {
                        let mut pointer = String::new();
                        for part in &self.path {
                            pointer.push('/');
                            pointer.push_str(part);
                        }
                        let at = format!("{pointer}/{}", escape_pointer_token(&key));
                        self.problems.push((at, format!("Duplicate key: {key}")));
                    } else if map.contains_key(&key) {
                        return Err(SyntaxError::new(
                            span,
                            format!("invalid YAML: the key `{}` appears twice in this mapping", key.escape_debug()),
                        ));
                    }
                    map.insert(key, value);
                }
                // The value completed a complex key: use its text as the key.
                None => *pending = Some((key_text(&value), Span::empty(0))),
            },
        }
        Ok(())
    }
}

/// Applies a merge key: members of the merged mapping(s) that are not already present.
fn merge(map: &mut Map<String, Value>, value: Value) {
    let sources = match value {
        Value::Array(items) => items,
        other => vec![other],
    };
    for source in sources {
        if let Value::Object(source) = source {
            for (key, value) in source {
                map.entry(key).or_insert(value);
            }
        }
    }
}

/// Longest rendering of a key that is not a string (then cut, marked `…`).
const MAX_KEY_TEXT: usize = 1024;

/// A mapping key as the JSON key it becomes: a string as it is, anything else rendered as
/// JSON and cut at [`MAX_KEY_TEXT`] bytes. Uncut, a key holding a key holding a key would
/// double its escapes at every level: 22 levels of `{{{…}}}` took 900 MB.
fn key_text(value: &Value) -> String {
    /// Takes bytes up to the limit, then refuses more (which ends the rendering).
    struct Bounded(Vec<u8>);
    impl std::io::Write for Bounded {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            let room = MAX_KEY_TEXT - self.0.len();
            if room == 0 {
                return Err(std::io::Error::other("key text cut"));
            }
            let n = buf.len().min(room);
            self.0.extend_from_slice(&buf[..n]);
            Ok(n)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    match value {
        Value::String(s) => s.clone(),
        other => {
            let mut out = Bounded(Vec::new());
            let cut = serde_json::to_writer(&mut out, other).is_err();
            let mut text = String::from_utf8_lossy(&out.0).into_owned();
            if cut {
                text.push('…');
            }
            text
        }
    }
}

/// Nodes in `value` (iterative: the depth of a value is not bounded here).
fn count_nodes(value: &Value) -> usize {
    let mut count = 0usize;
    let mut todo = vec![value];
    while let Some(value) = todo.pop() {
        count += 1;
        match value {
            Value::Array(items) => todo.extend(items),
            Value::Object(map) => todo.extend(map.values()),
            _ => {}
        }
    }
    count
}

/// The value of a scalar node: plain scalars resolve with the core schema; the core
/// schema's tags (`!!str`, `!!int`, `!!float`, `!!bool`, `!!null`) are applied, and a
/// scalar their resolution does not accept is an error; other tags (local ones, `!!binary`,
/// `!!timestamp`) leave the scalar's text as a string.
fn scalar_value(text: &str, style: ScalarStyle, tag: Option<&Tag>) -> Result<Value, String> {
    let Some(tag) = tag else {
        return Ok(if style == ScalarStyle::Plain { plain_scalar(text) } else { Value::String(text.to_owned()) });
    };
    if !tag.is_yaml_core_schema() {
        return Ok(Value::String(text.to_owned()));
    }
    let resolved = plain_scalar(text);
    let fits = match tag.suffix.as_str() {
        "null" => resolved.is_null(),
        "bool" => resolved.is_boolean(),
        "int" => resolved.is_i64() || resolved.is_u64(),
        "float" => resolved.is_number(),
        "seq" | "map" => false,
        // `!!str` and the tags with no JSON form keep the text.
        _ => return Ok(Value::String(text.to_owned())),
    };
    if fits { Ok(resolved) } else { Err(format!("invalid YAML: `{text}` is not a value of the tag !!{}", tag.suffix)) }
}

/// Resolves a plain scalar with the YAML 1.2 core schema.
fn plain_scalar(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF" | ".nan" | ".NaN"
        | ".NAN" => return Value::String(text.to_owned()),
        _ => {}
    }
    let bytes = text.as_bytes();
    let first = bytes[0];
    if !(first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.')) {
        return Value::String(text.to_owned());
    }
    if let Some(hex) = text.strip_prefix("0x")
        && let Ok(n) = u64::from_str_radix(hex, 16)
    {
        return Value::Number(n.into());
    }
    if let Some(oct) = text.strip_prefix("0o")
        && let Ok(n) = u64::from_str_radix(oct, 8)
    {
        return Value::Number(n.into());
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(n) = text.parse::<i64>() {
            return Value::Number(n.into());
        }
        if let Ok(n) = text.trim_start_matches('+').parse::<u64>() {
            return Value::Number(n.into());
        }
    }
    let float_like = digits.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'))
        && digits.bytes().any(|b| b.is_ascii_digit());
    if float_like
        && let Ok(f) = text.parse::<f64>()
        && let Some(n) = Number::from_f64(f)
    {
        return Value::Number(n);
    }
    Value::String(text.to_owned())
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::*;

    fn doc(text: &str) -> YamlDocument {
        parse(text.as_bytes(), YamlLimits::default()).unwrap()
    }

    /// A YAML mapping of `n` entries past the size the reader scans on a second thread.
    fn large(n: usize) -> String {
        let mut text = String::new();
        for i in 0..n {
            let _ = write!(text, "k{i}:\n  - {i}\n  - [a, 'b c']\n");
        }
        assert!(text.len() >= PIPELINE_FROM, "{}", text.len());
        text
    }

    #[test]
    fn large_texts_read_the_same_on_two_threads() {
        let n = 20_000;
        let text = large(n);
        let read = doc(&text);
        let map = read.value.as_object().unwrap();
        assert_eq!(map.len(), n);
        assert_eq!(read.value["k19999"], serde_json::json!([19999, ["a", "b c"]]));
        let node = read.spans.get("/k12345/1/1").unwrap();
        assert_eq!(&text[node.value.start..node.value.end], "'b c'");
        assert_eq!(&text[node.value.start - "  - [a, ".len()..node.value.start], "  - [a, ");
        let key = read.spans.get("/k7").unwrap().key.unwrap();
        assert_eq!(&text[key.start..key.end], "k7");
    }

    #[test]
    fn errors_of_large_texts_are_placed_whichever_thread_finds_them() {
        // The scanner's error, at the end.
        let mut text = large(20_000);
        let at = text.len();
        text.push_str("bad: [1, 2\n");
        let err = parse(text.as_bytes(), YamlLimits::default()).unwrap_err();
        assert!(err.span.start >= at, "{err:?}");
        // The builder's error (a duplicate key), near the start: the scanner is told to stop.
        let text = format!("k1: x\n{}", large(20_000));
        let err = parse(text.as_bytes(), YamlLimits::default()).unwrap_err();
        assert!(err.span.start < 100, "{err:?}");
        assert!(err.message.contains("k1"), "{}", err.message);
    }

    #[test]
    fn values_follow_the_core_schema() {
        let d = doc("a: 1\nb: true\nc: ~\nd: '1'\ne: 1.5\nf: [x, 2]\ng: 0x10\n");
        assert_eq!(
            d.value,
            serde_json::json!({"a": 1, "b": true, "c": null, "d": "1", "e": 1.5, "f": ["x", 2], "g": 16})
        );
    }

    #[test]
    fn spans_point_at_keys_and_values() {
        let text = "info:\n  title: Ünï\n  version: '1.0'\nlist:\n  - a\n";
        let d = doc(text);
        let at = |p: &str| {
            let node = d.spans.get(p).unwrap();
            (node.key.map(|k| &text[k.start..k.end]), &text[node.value.start..node.value.end])
        };
        assert_eq!(at("/info/title"), (Some("title"), "Ünï"));
        assert_eq!(at("/info/version"), (Some("version"), "'1.0'"));
        assert_eq!(at("/list/0"), (None, "a"));
        assert_eq!(d.spans.get("/info").unwrap().value.start, text.find("title").unwrap());
    }

    #[test]
    fn aliases_and_merge_keys_expand() {
        let d = doc("base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\ncopy: *b\n");
        assert_eq!(d.value["other"], serde_json::json!({"x": 1, "y": 2}));
        assert_eq!(d.value["copy"], serde_json::json!({"x": 1}));
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            let _ =
                writeln!(text, "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]");
        }
        let err = parse(text.as_bytes(), YamlLimits::default()).unwrap_err();
        assert!(err.message.contains("alias bomb"), "{}", err.message);
    }

    #[test]
    fn deep_nesting_and_garbage_are_errors() {
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(parse(deep.as_bytes(), YamlLimits::default()).is_err());
        assert!(parse(b"a: [1, 2\nb: }", YamlLimits::default()).is_err());
        assert!(parse(b"\xff", YamlLimits::default()).is_err());
    }

    #[test]
    fn non_printable_characters_are_refused_even_in_quotes() {
        let err = parse(b"a: \"x\x7fy\"\n", YamlLimits::default()).unwrap_err();
        assert_eq!(err.span, Span::new(5, 6));
        assert!(err.message.contains("U+007F"), "{}", err.message);
        assert_eq!(doc("a: \"x\\x7fy\"\n").value, serde_json::json!({"a": "x\u{7f}y"}));
    }

    #[test]
    fn errors_after_the_first_document_are_found() {
        // yaml-test-suite 9KBC, KS4U, 2CMS.
        for text in [
            "--- key1: value1\n    key2: value2\n",
            "---\n[\nsequence item\n]\ninvalid item\n",
            "this\n is\n  invalid: x\n",
        ] {
            assert!(parse(text.as_bytes(), YamlLimits::default()).is_err(), "{text}");
        }
    }

    #[test]
    fn several_documents_are_read_by_parse_stream_and_refused_by_parse() {
        let text = b"a: 1\n---\nb: 2\n";
        let docs = parse_stream(text, YamlLimits::default()).unwrap();
        let values: Vec<_> = docs.into_iter().map(|d| d.value).collect();
        assert_eq!(values, [serde_json::json!({"a": 1}), serde_json::json!({"b": 2})]);
        let err = parse(text, YamlLimits::default()).unwrap_err();
        assert_eq!(err.span.start, 5);
        assert!(err.message.contains("more than one document"), "{}", err.message);
        assert_eq!(doc("# nothing\n").value, Value::Null);
    }

    #[test]
    fn duplicate_and_non_string_keys_are_noted_when_kept() {
        let limits = YamlLimits { keep_duplicate_keys: true, ..YamlLimits::default() };
        let d = parse(b"info:\n  title: T\n  title: U\n  1: x\n  'true': y\n", limits).unwrap();
        assert_eq!(d.value["info"]["title"], "U");
        assert_eq!(
            d.problems,
            [
                ("/info/title".to_owned(), "Duplicate key: title".to_owned()),
                ("/info/1".to_owned(), "Mapping key must be a string scalar rather than number".to_owned()),
            ]
        );
    }

    #[test]
    fn keys_of_keys_are_rendered_in_bounded_space() {
        // Each level used to escape the quotes and backslashes of the level inside it.
        let text = format!("a: {}x: 1{}\n", "{".repeat(200), "}".repeat(200));
        let d = doc(&text);
        let key = d.value["a"].as_object().unwrap().keys().next().unwrap().clone();
        assert!(key.len() <= MAX_KEY_TEXT + '…'.len_utf8(), "{}", key.len());
        assert!(key.starts_with("{\"{\\\"") && key.ends_with('…'), "{key}");
        assert_eq!(key_text(&serde_json::json!({"k": [1]})), r#"{"k":[1]}"#);
    }

    #[test]
    fn duplicate_keys_are_refused_at_the_second() {
        let err = parse(b"required: [a]\nother: 1\nrequired: []\n", YamlLimits::default()).unwrap_err();
        assert_eq!(err.span, Span::new(23, 31));
        assert!(err.message.contains("`required` appears twice"), "{}", err.message);
        assert!(parse(b"a: {x: 1}\nb: {x: 2}\n", YamlLimits::default()).is_ok());
        assert_eq!(doc("base: &b {x: 1}\nm:\n  <<: *b\n  x: 2\n").value["m"], serde_json::json!({"x": 2}));
    }

    #[test]
    fn anchored_keys_and_core_tags_are_read() {
        // yaml-test-suite 2SXE, E76Z, 74H7.
        assert_eq!(doc("&a: key: &a value\nfoo:\n  *a:\n").value, serde_json::json!({"key": "value", "foo": "key"}));
        assert_eq!(doc("&a a: &b b\n*b : *a\n").value, serde_json::json!({"a": "b", "b": "a"}));
        assert_eq!(
            doc("a: !!str 42\nb: !!int \"42\"\nc: !!bool false\nd: !local 7\n").value,
            serde_json::json!({"a": "42", "b": 42, "c": false, "d": "7"})
        );
        assert!(parse(b"a: !!int x\n", YamlLimits::default()).is_err());
        assert!(parse(b"a: !!str [1]\n", YamlLimits::default()).is_err());
    }
}
