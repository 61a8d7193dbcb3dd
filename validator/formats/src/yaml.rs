//! YAML documents: parsing into JSON values while keeping the byte span of every key and value.
//!
//! The reader follows YAML 1.2 (core schema for plain scalars) through `saphyr-parser`, and
//! fills a [`SpanIndex`] so findings in YAML files are located exactly like findings in
//! JSON files. Anchors and aliases are supported; alias expansion is bounded so a
//! "billion laughs" document is refused with a [`SyntaxError`] instead of being expanded.
//! Merge keys (`<<`) are applied. Only the first document of a stream is read.

use conform_diagnostics::{Span, escape_pointer_token};
use saphyr_parser::{Event, Parser, ScalarStyle, ScanError};
use serde_json::{Map, Number, Value};

use crate::text::ensure_utf8;
use crate::{NodeSpan, SpanIndex, SyntaxError};

/// Bounds on what one YAML document may expand to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YamlLimits {
    /// Most nodes the document may hold once aliases are expanded.
    pub max_nodes: usize,
    /// Deepest nesting of collections.
    pub max_depth: usize,
}

impl Default for YamlLimits {
    fn default() -> Self {
        Self { max_nodes: 5_000_000, max_depth: 1_000 }
    }
}

/// A parsed YAML document: its value and where each node is.
#[derive(Debug)]
pub struct YamlDocument {
    /// The document as a JSON value (keys are strings; non-string keys are rendered).
    pub value: Value,
    /// JSON pointer → key and value spans.
    pub spans: SpanIndex,
    /// Keys a YAML linter reports, by the JSON pointer of the key: duplicates (the later value
    /// is kept) and keys that are not strings.
    pub problems: Vec<(String, String)>,
}

/// Parses the first document of a YAML stream (no BOM; see [`crate::text::strip_bom`]).
pub fn parse(text: &[u8], limits: YamlLimits) -> Result<YamlDocument, SyntaxError> {
    let text = ensure_utf8(text)?;
    let offsets = Offsets::new(text);
    let mut builder = Builder {
        limits,
        offsets,
        nodes: 0,
        stack: Vec::new(),
        anchors: Vec::new(),
        spans: SpanIndex::default(),
        problems: Vec::new(),
    };
    let mut parser = Parser::new_from_str(text);
    while let Some(next) = parser.next_event() {
        let (event, span) = next.map_err(|err| scan_error(&builder.offsets, &err))?;
        let start = builder.offsets.byte(span.start.index());
        let end = builder.offsets.byte(span.end.index()).max(start);
        if let Some(value) = builder.event(event, Span::new(start, end))? {
            return Ok(YamlDocument { value, spans: builder.spans, problems: builder.problems });
        }
    }
    Ok(YamlDocument { value: Value::Null, spans: builder.spans, problems: builder.problems })
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
        pointer: String,
        start: Span,
        key: Option<Span>,
        anchor: usize,
    },
    Map {
        map: Map<String, Value>,
        pointer: String,
        start: Span,
        key: Option<Span>,
        anchor: usize,
        pending: Option<(String, Span)>,
    },
}

struct Builder<'a> {
    limits: YamlLimits,
    offsets: Offsets<'a>,
    nodes: usize,
    stack: Vec<Open>,
    /// Anchored values by anchor id, with their node counts.
    anchors: Vec<(usize, Value, usize)>,
    spans: SpanIndex,
    problems: Vec<(String, String)>,
}

impl Builder<'_> {
    /// Handles one event; returns the document's value once it is complete.
    fn event(&mut self, event: Event<'_>, span: Span) -> Result<Option<Value>, SyntaxError> {
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                let plain = style == ScalarStyle::Plain && tag.is_none();
                if self.expects_key() {
                    let kind = match plain_scalar(&text) {
                        Value::Number(_) if plain => Some("number"),
                        Value::Bool(_) if plain => Some("boolean"),
                        Value::Null if plain => Some("null"),
                        _ => None,
                    };
                    if let (Some(kind), Some(Open::Map { pointer, .. })) = (kind, self.stack.last()) {
                        let at = format!("{pointer}/{}", escape_pointer_token(&text));
                        self.problems.push((at, format!("Mapping key must be a string scalar rather than {kind}")));
                    }
                    self.set_key(text.into_owned(), span);
                    return Ok(None);
                }
                let value = if plain { plain_scalar(&text) } else { Value::String(text.into_owned()) };
                self.count(1, span)?;
                if anchor > 0 {
                    self.anchors.push((anchor, value.clone(), 1));
                }
                Ok(self.complete(value, span))
            }
            Event::Alias(anchor) => {
                let Some((_, value, count)) = self.anchors.iter().rev().find(|(id, _, _)| *id == anchor) else {
                    return Err(SyntaxError::new(span, "invalid YAML: alias to an unknown anchor"));
                };
                let (value, count) = (value.clone(), *count);
                if self.expects_key() {
                    self.set_key(key_text(&value), span);
                    return Ok(None);
                }
                self.count(count, span)?;
                Ok(self.complete(value, span))
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if self.stack.len() >= self.limits.max_depth {
                    return Err(SyntaxError::new(
                        span,
                        format!(
                            "YAML nesting is deeper than {} levels; the document is refused",
                            self.limits.max_depth
                        ),
                    ));
                }
                let (pointer, key) = self.child_position();
                self.count(1, span)?;
                let open = if matches!(event, Event::SequenceStart(..)) {
                    Open::Seq { items: Vec::new(), pointer, start: span, key, anchor }
                } else {
                    Open::Map { map: Map::new(), pointer, start: span, key, anchor, pending: None }
                };
                self.stack.push(open);
                Ok(None)
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(open) = self.stack.pop() else { return Ok(None) };
                let (value, pointer, start, key, anchor) = match open {
                    Open::Seq { items, pointer, start, key, anchor } => {
                        (Value::Array(items), pointer, start, key, anchor)
                    }
                    Open::Map { map, pointer, start, key, anchor, .. } => {
                        (Value::Object(map), pointer, start, key, anchor)
                    }
                };
                let whole = Span::new(start.start, span.end.max(start.start));
                self.spans.insert(pointer, NodeSpan { key, value: whole });
                if anchor > 0 {
                    let count = count_nodes(&value);
                    self.anchors.push((anchor, value.clone(), count));
                }
                Ok(self.attach(value))
            }
            Event::DocumentEnd | Event::StreamEnd if self.stack.is_empty() => Ok(Some(Value::Null)),
            _ => Ok(None),
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

    /// The pointer and key span a new child node of the innermost collection gets.
    fn child_position(&self) -> (String, Option<Span>) {
        match self.stack.last() {
            None => (String::new(), None),
            Some(Open::Seq { items, pointer, .. }) => (format!("{pointer}/{}", items.len()), None),
            Some(Open::Map { pointer, pending, .. }) => match pending {
                Some((key, span)) => (format!("{pointer}/{}", escape_pointer_token(key)), Some(*span)),
                // A collection used as a mapping key: index it nowhere.
                None => (format!("{pointer}/?"), None),
            },
        }
    }

    /// Records a scalar (or alias) node's span and attaches it.
    fn complete(&mut self, value: Value, span: Span) -> Option<Value> {
        let (pointer, key) = self.child_position();
        self.spans.insert(pointer, NodeSpan { key, value: span });
        self.attach(value)
    }

    /// Adds a finished node to its parent; returns it when it is the root.
    fn attach(&mut self, value: Value) -> Option<Value> {
        match self.stack.last_mut() {
            None => Some(value),
            Some(Open::Seq { items, .. }) => {
                items.push(value);
                None
            }
            Some(Open::Map { map, pending, pointer, .. }) => {
                match pending.take() {
                    Some((key, _)) if key == "<<" => merge(map, value),
                    Some((key, _)) => {
                        if map.contains_key(&key) {
                            let at = format!("{pointer}/{}", escape_pointer_token(&key));
                            self.problems.push((at, format!("Duplicate key: {key}")));
                        }
                        map.insert(key, value);
                    }
                    // The value completed a complex key: use its text as the key.
                    None => *pending = Some((key_text(&value), Span::empty(0))),
                }
                None
            }
        }
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

fn key_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn count_nodes(value: &Value) -> usize {
    match value {
        Value::Array(items) => 1 + items.iter().map(count_nodes).sum::<usize>(),
        Value::Object(map) => 1 + map.values().map(count_nodes).sum::<usize>(),
        _ => 1,
    }
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
    fn duplicate_and_non_string_keys_are_noted() {
        let d = doc("info:\n  title: T\n  title: U\n  1: x\n  'true': y\n");
        assert_eq!(d.value["info"]["title"], "U");
        assert_eq!(
            d.problems,
            [
                ("/info/title".to_owned(), "Duplicate key: title".to_owned()),
                ("/info/1".to_owned(), "Mapping key must be a string scalar rather than number".to_owned()),
            ]
        );
    }
}
