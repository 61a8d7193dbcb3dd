//! The document a ruleset runs on: its value, spans, and Spectral-compatible locations.

use std::borrow::Cow;
use std::fmt::Write;
use std::sync::OnceLock;

use conform_diagnostics::{LineIndex, Location, Span, escape_pointer_token, percent_decode};
use conform_formats::yaml::{self, YamlLimits};
use conform_formats::{Format, SpanIndex, SyntaxError, json, text};
use serde_json::Value;

use super::cycles::Unresolved;
use super::oas::ExampleSchemas;

/// One segment of a path into a document.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Seg {
    /// An object member.
    Key(String),
    /// An array item.
    Index(usize),
}

/// A path segment borrowed from the document while walking it.
#[derive(Debug, Clone, Copy)]
pub enum PathPart<'v> {
    /// An object member.
    Key(&'v str),
    /// An array item.
    Index(usize),
}

impl<'v> PathPart<'v> {
    /// The segment as text (an index in decimal), borrowed when it is a key.
    #[must_use]
    pub fn text(&self) -> Cow<'v, str> {
        match *self {
            Self::Key(k) => Cow::Borrowed(k),
            Self::Index(i) => Cow::Owned(i.to_string()),
        }
    }
}

/// The owned path of borrowed `parts`.
#[must_use]
pub fn owned_path(parts: &[PathPart<'_>]) -> Vec<Seg> {
    parts
        .iter()
        .map(|part| match *part {
            PathPart::Key(k) => Seg::Key(k.to_owned()),
            PathPart::Index(i) => Seg::Index(i),
        })
        .collect()
}

/// Visits every container (object or array) of `root`, parents before children in document
/// order, with its path as borrowed segments: the walk copies no path, a visitor copies the
/// ones it keeps ([`owned_path`]).
pub fn for_each_container<'v>(root: &'v Value, mut visit: impl FnMut(&'v Value, &[PathPart<'v>])) {
    let mut path: Vec<PathPart<'v>> = Vec::new();
    // (value, length of its parent's path, its segment).
    let mut stack: Vec<(&'v Value, usize, Option<PathPart<'v>>)> = vec![(root, 0, None)];
    while let Some((value, depth, part)) = stack.pop() {
        path.truncate(depth);
        path.extend(part);
        let depth = path.len();
        match value {
            Value::Object(map) => {
                visit(value, &path);
                for (k, v) in map.iter().rev() {
                    if v.is_object() || v.is_array() {
                        stack.push((v, depth, Some(PathPart::Key(k))));
                    }
                }
            }
            Value::Array(items) => {
                visit(value, &path);
                for (i, v) in items.iter().enumerate().rev() {
                    if v.is_object() || v.is_array() {
                        stack.push((v, depth, Some(PathPart::Index(i))));
                    }
                }
            }
            _ => {}
        }
    }
}

impl Seg {
    /// The segment as text (indices in decimal).
    #[must_use]
    pub fn text(&self) -> String {
        match self {
            Self::Key(k) => k.clone(),
            Self::Index(i) => i.to_string(),
        }
    }
}

/// A parsed input with positions.
pub struct Document {
    /// The value.
    pub value: Value,
    /// Every node's spans: a YAML document's from its parser; a JSON document's indexed
    /// from its text when first asked (see [`Self::index_spans_for`]).
    spans: OnceLock<SpanIndex>,
    /// The spans of only the nodes at some pointers (and their ancestors), when they were
    /// asked for before the whole index: with those pointers.
    partial: OnceLock<(rustc_hash::FxHashSet<String>, SpanIndex)>,
    text: Vec<u8>,
    offset: usize,
    lines: LineIndex,
    format: Format,
    /// Keys Spectral's parser reports (duplicate and non-string keys), with its messages.
    pub problems: Vec<(Vec<Seg>, String)>,
    /// The description as a JSON Schema resource, built when an example is first checked.
    pub(super) example_schemas: OnceLock<ExampleSchemas>,
    /// The `$ref`s Spectral's resolved document keeps as written (see [`super::cycles`]).
    unresolved: OnceLock<Unresolved>,
    /// What [`Self::follow`] found, by the address of each `$ref` object.
    follows: std::sync::Mutex<FollowMemo>,
    /// The files it references (see [`super::linked`]).
    pub(super) linked: super::linked::Linked,
    /// A number no other document of this process has (the JavaScript engine keeps the
    /// document it last loaded by it).
    pub(super) id: u64,
}

/// Per `$ref` object (by address): the real path it leads to and how many references that
/// took.
type FollowMemo = rustc_hash::FxHashMap<usize, (Option<Vec<Seg>>, usize)>;

/// Each `$ref` on a chain, where the chain leads from it (`None`: nowhere) and how many
/// references that takes.
pub(super) type ChainSteps<'a, T> = Vec<(&'a Value, Option<T>, usize)>;

/// Follows the chain of `$ref`s that starts at `value` (each referring to the next) up to a
/// reference already `known`, one Spectral keeps as written, or a value that is no reference;
/// `hop` follows one reference (`T`: what a caller keeps of its target). A chain that loops or
/// does not resolve leads nowhere, and so does one of more than [`MAX_REF_HOPS`] references.
/// Shared by [`Document::follow`] and the query's `$ref` table
/// ([`super::ref_table::RefTable`]), which keep the steps their own way.
pub(super) fn follow_chain<'a, T: Clone>(
    doc: &Document,
    value: &'a Value,
    known: impl Fn(&'a Value) -> Option<(Option<T>, usize)>,
    mut hop: impl FnMut(&'a Value) -> Option<(&'a Value, T)>,
) -> ChainSteps<'a, T> {
    let mut walked = Vec::new();
    let mut on_walk = rustc_hash::FxHashSet::default();
    let mut current = value;
    let mut target = None;
    let (end, beyond) = loop {
        if let Some(known) = known(current) {
            break known;
        }
        if doc.keeps_ref(current) || doc.reference(current).is_none() {
            break (target, 0);
        }
        if !on_walk.insert(std::ptr::from_ref(current)) {
            break (None, usize::MAX);
        }
        walked.push(current);
        match hop(current) {
            Some((next, kept)) => {
                current = next;
                target = Some(kept);
            }
            None => break (None, usize::MAX),
        }
    };
    let len = walked.len();
    walked
        .into_iter()
        .enumerate()
        .map(|(i, node)| {
            let hops = beyond.saturating_add(len - i);
            (node, if hops > MAX_REF_HOPS { None } else { end.clone() }, hops)
        })
        .collect()
}

/// The next [`Document::id`].
static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Most references followed in one chain, each referring to the next (a longer chain is not
/// followed and its first reference is an `invalid-ref` error; docs/limits.md).
pub(crate) const MAX_REF_HOPS: usize = 64;

impl Document {
    /// Reads `bytes` (the whole input) as `format` (JSON or YAML).
    pub fn parse(bytes: &[u8], format: Format) -> Result<Self, (SyntaxError, usize)> {
        let (body, offset) = text::strip_bom(bytes);
        let spans = OnceLock::new();
        let (value, problems) = if format == Format::Yaml {
            let limits = YamlLimits { keep_duplicate_keys: true, ..YamlLimits::default() };
            let doc = yaml::parse(body, limits).map_err(|e| (e, offset))?;
            let problems = doc.problems.into_iter().map(|(at, message)| (pointer_segments(&at), message)).collect();
            let _ = spans.set(doc.spans);
            (doc.value, problems)
        } else {
            (json::parse(body).map_err(|e| (e, offset))?, Vec::new())
        };
        let lines = LineIndex::for_window(body, 1, offset);
        Ok(Self {
            value,
            spans,
            partial: OnceLock::new(),
            text: body.to_vec(),
            offset,
            lines,
            format,
            problems,
            example_schemas: OnceLock::new(),
            unresolved: OnceLock::new(),
            follows: std::sync::Mutex::new(FollowMemo::default()),
            linked: super::linked::Linked::default(),
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        })
    }

    /// Indexes the spans of only the nodes at `pointers` (RFC 6901, and their ancestors)
    /// when nothing is indexed yet: placing a few findings in a large JSON description then
    /// costs one lexical pass, not an index of every node. Other pointers are still found
    /// (the whole index is built for them).
    pub fn index_spans_for<'p>(&self, pointers: impl IntoIterator<Item = &'p str>) {
        if self.spans.get().is_some() || self.partial.get().is_some() {
            return;
        }
        let wanted: rustc_hash::FxHashSet<String> = pointers.into_iter().map(str::to_owned).collect();
        let index = SpanIndex::from_json_for(&self.text, wanted.iter().map(String::as_str));
        let _ = self.partial.set((wanted, index));
    }

    /// An index that has the node at `pointer` (if it exists) and its ancestors.
    fn spans_for(&self, pointer: &str) -> &SpanIndex {
        match self.partial.get() {
            Some((wanted, index)) if wanted.contains(pointer) => index,
            _ => self.spans.get_or_init(|| SpanIndex::from_json(&self.text)),
        }
    }

    /// Resolves a span of the body to a file location.
    #[must_use]
    pub fn locate(&self, span: Span) -> (Span, Location) {
        let span = span.shifted(self.offset);
        (span, self.lines.location(&self.text, span))
    }

    /// The raw value at `path` (no `$ref` following).
    #[must_use]
    pub fn get(&self, path: &[Seg]) -> Option<&Value> {
        if let Some((doc, rest)) = self.linked.resolve(path) {
            return doc.get(rest);
        }
        let mut value = &self.value;
        for seg in path {
            value = child(value, seg)?;
        }
        Some(value)
    }

    /// If `value` is a local `$ref` object that Spectral's resolved document resolves, the
    /// value it points at and its path.
    ///
    /// Chains are followed, up to a reference left unresolved (one that would close a cycle,
    /// see [`super::cycles`]); a chain that loops or does not resolve yields `None`.
    #[must_use]
    pub fn follow<'a>(&'a self, value: &'a Value) -> Option<(&'a Value, Vec<Seg>)> {
        // Most nodes a query visits are no reference: they need neither the memo nor its lock
        // (which the rules' threads share).
        ref_member(value)?;
        let key = address(value);
        let found = |path: &Option<Vec<Seg>>| path.as_ref().and_then(|p| Some((self.get(p)?, p.clone())));
        if let Some((known, _)) = self.follows().get(&key) {
            return found(known);
        }
        // Every reference is followed once per document, so long chains cost linear time.
        let noted = follow_chain(
            self,
            value,
            |v| self.follows().get(&address(v)).cloned(),
            |v| {
                let segs = parse_pointer(self.reference(v)?)?;
                Some((self.get(&segs)?, segs))
            },
        );
        let mut follows = self.follows();
        for (node, followed, hops) in noted {
            follows.insert(address(node), (followed, hops));
        }
        let known = follows.get(&key).and_then(|(followed, _)| followed.clone());
        drop(follows);
        found(&known)
    }

    /// The references [`Self::follow`] has followed: where each leads and in how many hops.
    fn follows(&self) -> std::sync::MutexGuard<'_, FollowMemo> {
        self.follows.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Whether `value` is a `$ref` object Spectral's resolved document keeps as written
    /// because resolving it would close a cycle.
    #[must_use]
    pub fn keeps_ref(&self, value: &Value) -> bool {
        self.reference(value).is_some() && self.unresolved().contains(value)
    }

    /// Whether deciding which `$ref`s close a cycle went past its limit (docs/limits.md):
    /// the references it could not decide are followed, and the run reports it.
    #[must_use]
    pub fn ref_cycles_undecided(&self) -> bool {
        self.unresolved().gave_up
    }

    /// The paths of the `$ref`s that start a chain of more references than conform follows
    /// ([`MAX_REF_HOPS`]; docs/limits.md).
    #[must_use]
    pub fn long_ref_chains(&self) -> Vec<Vec<Seg>> {
        self.unresolved().long_chains.iter().map(|p| p.iter().map(|k| Seg::Key(k.clone())).collect()).collect()
    }

    /// The paths of the `$ref`s Spectral's resolved document keeps as written, as JSON (an
    /// array of arrays of keys; indices as decimal strings).
    #[must_use]
    pub fn kept_refs_json(&self) -> String {
        serde_json::to_string(&self.unresolved().kept_paths).unwrap_or_else(|_| "[]".to_owned())
    }

    /// Computes, side by side, what the rules would otherwise wait for one after the other:
    /// which `$ref`s close a cycle (every query of the resolved view needs it) and, when
    /// `examples` is set and the text mentions an example, the description as one JSON Schema
    /// resource for example checks. A description without the word builds it only if an
    /// example turns up in a file it references (on first use, as always).
    pub fn prepare(&self, examples: bool) {
        rayon::join(
            || {
                self.unresolved();
            },
            || {
                if examples && memchr::memmem::find(&self.text, b"example").is_some() {
                    self.example_schemas.get_or_init(|| ExampleSchemas::new(self));
                }
            },
        );
    }

    fn unresolved(&self) -> &Unresolved {
        self.unresolved.get_or_init(|| {
            let files: Vec<(&str, &Value)> = self.linked.roots().collect();
            Unresolved::of(&self.value, &files, &|reference| self.linked.target(reference))
        })
    }

    /// Like [`Self::follow`], but through references that close a cycle too (for inlining a
    /// schema, which bounds cycles itself).
    #[must_use]
    pub fn follow_any<'a>(&'a self, value: &'a Value) -> Option<(&'a Value, Vec<Seg>)> {
        let mut current = value;
        let mut path = None;
        for _ in 0..=MAX_REF_HOPS {
            let Some(target) = self.reference(current) else { return path.map(|p| (current, p)) };
            let segs = parse_pointer(target)?;
            current = self.get(&segs)?;
            path = Some(segs);
        }
        None
    }

    /// Follows `rel` from the node at `base` (a real path), resolving `$ref`s on the way,
    /// and returns the real path of the deepest node that exists.
    ///
    /// A path that ends on a `$ref` ends at what it points to, as Spectral's
    /// `findAssociatedItemForPath` places it: always when the reference is the node's only
    /// member, and when a reference was crossed on the way (then Spectral maps every prefix
    /// of the path through its reference map, the last one included). So a finding on a
    /// referenced component is reported once, at the component, however often it is used.
    /// A reference into another file that stays unresolved (it closes a cycle) places what
    /// is at or below it at its target, as Spectral does; inside a referenced file, what is
    /// below an unresolved reference to that same file is placed at the reference.
    #[must_use]
    pub fn realize(&self, base: &[Seg], rel: &[Seg]) -> Vec<Seg> {
        let mut path = base.to_vec();
        let Some(mut value) = self.get(base) else { return self.closest(base) };
        let mut crossed = false;
        for seg in rel {
            if let Some(target_path) = self.kept_remote(value, &path) {
                return target_path;
            }
            // Inside a referenced file, what lies below a reference kept to that same file is
            // placed at the reference, as Spectral places it (its `$ref` member included).
            if self.keeps_ref(value) && path.first().is_some_and(|seg| self.linked_root(seg).is_some()) {
                return path;
            }
            if let Some((target, target_path)) = self.follow(value) {
                value = target;
                path = target_path;
                crossed = true;
            }
            let Some(next) = child(value, seg) else { return path };
            value = next;
            path.push(seg.clone());
        }
        if let Some((_, target_path)) = self.follow(value) {
            if rel.is_empty() {
                return if base.is_empty() { path } else { target_path };
            }
            let only_ref = value.as_object().is_some_and(|map| map.len() == 1);
            if crossed || only_ref {
                return target_path;
            }
        }
        self.kept_remote(value, &path).unwrap_or(path)
    }

    /// The target of `value` (at real path `at`) when it is a `$ref` Spectral keeps
    /// unresolved (see [`super::cycles`]) and it points into another file.
    fn kept_remote(&self, value: &Value, at: &[Seg]) -> Option<Vec<Seg>> {
        if !self.keeps_ref(value) {
            return None;
        }
        let target = parse_pointer(self.reference(value)?)?;
        let file = |path: &[Seg]| path.first().filter(|seg| self.linked_root(seg).is_some()).cloned();
        (file(&target) != file(at)).then_some(target)
    }

    /// The root of a YAML document that starts exactly at its second line (after a `---` or
    /// a comment line) is placed at the document's first character, as Spectral's YAML
    /// locator (`@stoplight/yaml` `getLocationForJsonPath`) places it.
    fn yaml_root_at_second_line(&self) -> Option<Span> {
        if self.format != Format::Yaml {
            return None;
        }
        let root = self.spans_for("").get("")?;
        // Only the text before the root is searched, however long the first line.
        let first_break = self.text.get(..root.value.start)?.iter().position(|&b| b == b'\n')?;
        (first_break + 1 == root.value.start).then(|| Span::new(0, root.value.end))
    }

    /// The pointer a `$ref` object stands for: a local reference, or a reference of the
    /// description to another file it has read (see [`super::linked`]).
    #[must_use]
    pub fn reference<'a>(&'a self, value: &'a Value) -> Option<&'a str> {
        let target = ref_member(value)?;
        if target.starts_with('#') { Some(target) } else { self.linked.target(target) }
    }

    /// The value and marker of the referenced file a marker segment names.
    #[must_use]
    pub fn linked_root(&self, seg: &Seg) -> Option<(&str, &Value)> {
        self.linked.root_of(seg)
    }

    /// Where a real path starts: at a referenced file's root when its first segment is that
    /// file's marker (returned too), else at the description's root; with the rest of the
    /// path.
    #[must_use]
    pub fn path_start<'p>(&self, path: &'p [Seg]) -> (Option<&str>, &Value, &'p [Seg]) {
        match path.split_first().and_then(|(seg, rest)| Some((self.linked_root(seg)?, rest))) {
            Some(((mark, root), rest)) => (Some(mark), root, rest),
            None => (None, &self.value, path),
        }
    }

    /// The values of the files the description references.
    pub fn linked_values(&self) -> impl Iterator<Item = &Value> {
        self.linked.values()
    }

    /// The longest prefix of `path` that exists.
    #[must_use]
    pub fn closest(&self, path: &[Seg]) -> Vec<Seg> {
        let mut value = &self.value;
        let mut out = Vec::new();
        let mut path = path;
        if let Some((start, value_of)) = path.first().and_then(|seg| self.linked.root_of(seg)) {
            value = value_of;
            out.push(Seg::Key(start.to_owned()));
            path = &path[1..];
        }
        for seg in path {
            let Some(next) = child(value, seg) else { break };
            value = next;
            out.push(seg.clone());
        }
        out
    }

    /// The span of the key of the member at `path` (where Spectral's parser findings point),
    /// else where [`Self::span_of`] points.
    #[must_use]
    pub fn key_span_of(&self, path: &[Seg]) -> Span {
        let pointer = pointer(path);
        match self.spans_for(&pointer).get(&pointer).and_then(|node| node.key) {
            Some(key) => key,
            None => self.span_of(path),
        }
    }

    /// Where Spectral reports a finding at `path`: the start of the value; for objects and
    /// arrays that are members (JSON, or YAML block and flow collections), just after the colon.
    #[must_use]
    pub fn span_of(&self, path: &[Seg]) -> Span {
        if path.is_empty()
            && let Some(span) = self.yaml_root_at_second_line()
        {
            return span;
        }
        let pointer = pointer(path);
        let spans = self.spans_for(&pointer);
        let Some(node) = spans.get(&pointer) else {
            return spans.nearest(&pointer).map_or(Span::empty(0), |n| Span::empty(n.value.start));
        };
        let collection = if self.format == Format::Json {
            matches!(self.text.get(node.value.start), Some(b'{' | b'['))
        } else {
            self.get(path).is_some_and(|v| v.is_object() || v.is_array())
        };
        // An empty YAML value (`key:`) may start at its colon: look for the colon up to the
        // end of the key's line then.
        let search_end = if node.value.is_empty() {
            self.text[node.value.start.min(self.text.len())..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(self.text.len(), |p| node.value.start + p)
        } else {
            node.value.start
        };
        if (collection || node.value.is_empty())
            && let Some(key) = node.key
            && let Some(between) = self.text.get(key.end..search_end)
            && let Some(colon) = between.iter().position(|&b| b == b':')
        {
            return Span::new(key.end + colon + 1, node.value.end);
        }
        if self.format == Format::Yaml
            && let Some(indicator) = block_indicator(&self.text, node.value.start)
        {
            return Span::new(indicator, node.value.end);
        }
        node.value
    }
}

/// Where the header (`|`, `>-`, `|+2`) of a YAML block scalar whose content starts at
/// `start` begins: Spectral's YAML parser starts the scalar there, not at its first line.
fn block_indicator(text: &[u8], start: usize) -> Option<usize> {
    let before = text.get(..start)?;
    let end = before.iter().rposition(|&b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n'))? + 1;
    // Only a header ends the line before the content: the content is on a later line.
    before[end..].contains(&b'\n').then_some(())?;
    let header = &before[..end];
    let indicator = header.iter().rposition(|&b| !matches!(b, b'-' | b'+' | b'0'..=b'9'))?;
    let preceded = indicator == 0 || matches!(header[indicator - 1], b' ' | b'\t' | b':' | b'-' | b'\n');
    (matches!(header[indicator], b'|' | b'>') && preceded).then_some(indicator)
}

/// The member or item `seg` of `value`.
#[must_use]
pub fn child<'a>(value: &'a Value, seg: &Seg) -> Option<&'a Value> {
    match (value, seg) {
        (Value::Object(map), Seg::Key(k)) => map.get(k),
        (Value::Object(map), Seg::Index(i)) => map.get(&i.to_string()),
        (Value::Array(items), Seg::Index(i)) => items.get(*i),
        (Value::Array(items), Seg::Key(k)) => k.parse::<usize>().ok().and_then(|i| items.get(i)),
        _ => None,
    }
}

/// The address of a node: its identity in the tables keyed by node (two distinct nodes never
/// share one while the document lives).
#[must_use]
pub fn address(value: &Value) -> usize {
    std::ptr::from_ref(value) as usize
}

/// The target of a local `$ref` (`#/...`), if `value` is a reference object.
#[must_use]
pub fn local_ref(value: &Value) -> Option<&str> {
    ref_member(value).filter(|r| r.starts_with('#'))
}

/// The string `$ref` member of `value`, if it is an object that has one (local or not).
///
/// Small objects are scanned: reference objects and most schema nodes are small, and on this
/// hot path (every node a query visits) hashing the key costs more than comparing it.
#[must_use]
pub fn ref_member(value: &Value) -> Option<&str> {
    let target = match value {
        Value::Object(map) if map.len() <= 16 => map.iter().find(|(k, _)| *k == "$ref")?.1,
        Value::Object(map) => map.get("$ref")?,
        _ => return None,
    };
    target.as_str()
}

/// Parses `#/a/b~1c` into segments (array indices stay keys until looked up).
#[must_use]
pub fn parse_pointer(reference: &str) -> Option<Vec<Seg>> {
    let pointer = reference.strip_prefix('#')?;
    let pointer = percent_decode(pointer);
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    pointer.starts_with('/').then(|| pointer_segments(&pointer))
}

/// The segments of an RFC 6901 pointer (`/a/b~1c`; array indices stay keys until looked up).
#[must_use]
pub fn pointer_segments(pointer: &str) -> Vec<Seg> {
    pointer
        .split('/')
        .skip(1)
        .map(|t| Seg::Key(if t.contains('~') { t.replace("~1", "/").replace("~0", "~") } else { t.to_owned() }))
        .collect()
}

/// The RFC 6901 pointer of `path`.
#[must_use]
pub fn pointer(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        out.push('/');
        match seg {
            Seg::Key(k) => out.push_str(&escape_pointer_token(k)),
            Seg::Index(i) => {
                let _ = write!(out, "{i}");
            }
        }
    }
    out
}

/// Spectral's dotted rendering of a path: `paths./pets.get.responses[200].content`.
#[must_use]
pub fn dotted(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Index(i) => {
                let _ = write!(out, "[{i}]");
            }
            Seg::Key(k) if !k.is_empty() && k.bytes().all(|b| b.is_ascii_digit()) => {
                let _ = write!(out, "[{k}]");
            }
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(k: &str) -> Seg {
        Seg::Key(k.to_owned())
    }

    #[test]
    fn json_containers_are_located_after_the_colon() {
        let doc = Document::parse(b"{\n  \"info\": {\"a\": \"x\"}\n}", Format::Json).unwrap();
        let (_, at) = doc.locate(doc.span_of(&[key("info")]));
        assert_eq!((at.start.line, at.start.column), (2, 10));
        let (_, at) = doc.locate(doc.span_of(&[key("info"), key("a")]));
        assert_eq!((at.start.line, at.start.column), (2, 17));
    }

    #[test]
    fn yaml_block_scalars_are_located_at_their_header() {
        let doc = Document::parse(
            b"a:\n  b: |-\n    text\n  c: >+2\n     x\n  d: plain\n  e:\n    - |\n      item\n",
            Format::Yaml,
        )
        .unwrap();
        let at = |path: &[Seg]| {
            let (_, at) = doc.locate(doc.span_of(path));
            (at.start.line, at.start.column)
        };
        assert_eq!(at(&[key("a"), key("b")]), (2, 6));
        assert_eq!(at(&[key("a"), key("c")]), (4, 6));
        assert_eq!(at(&[key("a"), key("d")]), (6, 6));
        assert_eq!(at(&[key("a"), key("e"), Seg::Index(0)]), (8, 7));
    }

    #[test]
    fn refs_are_followed_and_realized() {
        let doc =
            Document::parse(br##"{"a": {"$ref": "#/b"}, "b": {"c": {"$ref": "#/d"}}, "d": 1}"##, Format::Json).unwrap();
        assert_eq!(doc.realize(&[key("b")], &[key("c"), key("x")]), vec![key("d")]);
        // A path ending on a reference ends at its target (Spectral reports it there once).
        assert_eq!(doc.realize(&[key("a")], &[key("c")]), vec![key("d")]);
        assert_eq!(doc.realize(&[], &[key("a")]), vec![key("b")]);
        assert_eq!(doc.realize(&[], &[key("b"), key("c")]), vec![key("d")]);
        assert_eq!(doc.realize(&[], &[key("a"), key("c")]), vec![key("d")]);
        // ... unless it has siblings and no reference was crossed before (Spectral's
        // `traverseObjUntilRef` then finds none).
        let siblings =
            Document::parse(br##"{"a": {"$ref": "#/b", "description": "x"}, "b": {}}"##, Format::Json).unwrap();
        assert_eq!(siblings.realize(&[], &[key("a")]), vec![key("a")]);
        assert_eq!(dotted(&[key("paths"), key("/x"), key("200"), Seg::Index(1)]), "paths./x[200][1]");
        let cyclic = Document::parse(br##"{"a": {"$ref": "#/a"}}"##, Format::Json).unwrap();
        assert!(cyclic.follow(&cyclic.value["a"]).is_none());
    }
}
