//! JSON pointer → byte spans of keys and values.

use std::collections::{HashMap, HashSet};

use conform_diagnostics::{Span, escape_pointer_token};

/// Where one node of a document is: its value, and its key when it is an object member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NodeSpan {
    /// The member's key (with quotes), when the node is an object member.
    pub key: Option<Span>,
    /// The node's value.
    pub value: Span,
}

/// Maps RFC 6901 JSON pointers to the spans of the nodes they name.
///
/// Built from the text of a JSON document (by [`SpanIndex::from_json`]) or by other
/// readers that know positions (YAML), so every engine resolves locations the same way.
///
/// The index is a tree of pointer tokens: each node stores its own token, not its whole
/// pointer, so memory is linear in the document whatever its depth.
#[derive(Debug, Clone)]
pub struct SpanIndex {
    /// Spans by node id; the root is node 0. `None` for a node only on the way to others.
    spans: Vec<Option<NodeSpan>>,
    /// (parent node, escaped pointer token) → child node.
    children: HashMap<(NodeId, Box<str>), NodeId>,
    /// Nodes with a span.
    indexed: usize,
}

/// A node of a [`SpanIndex`].
pub(crate) type NodeId = u32;

/// The root node's id.
pub(crate) const ROOT: NodeId = 0;

impl Default for SpanIndex {
    fn default() -> Self {
        Self { spans: vec![None], children: HashMap::new(), indexed: 0 }
    }
}

/// Nesting beyond this is not indexed (the JSON parser refuses it long before).
const MAX_DEPTH: usize = 512;

impl SpanIndex {
    /// Indexes every node of a JSON text that has already been parsed successfully.
    ///
    /// On malformed text it indexes what it can and stops; it never panics.
    #[must_use]
    pub fn from_json(text: &[u8]) -> Self {
        let mut scanner = Scanner { bytes: text, pos: 0, index: Self::default(), wanted: None };
        let mut pointer = String::new();
        scanner.value(ROOT, &mut pointer, None, 0);
        scanner.index
    }

    /// Indexes only the nodes named by `pointers` and their ancestors, skipping every other
    /// subtree without allocating: locating a few findings in a large document costs one
    /// lexical pass and memory proportional to the findings, not to the document.
    #[must_use]
    pub fn from_json_for<'p>(text: &[u8], pointers: impl IntoIterator<Item = &'p str>) -> Self {
        let mut wanted = HashSet::new();
        for pointer in pointers {
            let mut current = pointer;
            while wanted.insert(current.to_owned()) {
                match current.rsplit_once('/') {
                    Some((parent, _)) => current = parent,
                    None => break,
                }
            }
        }
        let root_wanted = wanted.contains("");
        let mut scanner = Scanner { bytes: text, pos: 0, index: Self::default(), wanted: Some(wanted) };
        if root_wanted {
            let mut pointer = String::new();
            scanner.value(ROOT, &mut pointer, None, 0);
        }
        scanner.index
    }

    /// Records the spans of the node at `pointer` (an RFC 6901 pointer, tokens escaped).
    pub fn insert(&mut self, pointer: &str, node: NodeSpan) {
        let Some(tokens) = tokens(pointer) else { return };
        let mut id = ROOT;
        for token in tokens {
            id = self.child(id, token);
        }
        self.set(id, node);
    }

    /// The node `token` (escaped) under `parent`, created if new.
    pub(crate) fn child(&mut self, parent: NodeId, token: &str) -> NodeId {
        let next = self.spans.len() as NodeId;
        let id = *self.children.entry((parent, token.into())).or_insert(next);
        if id == next {
            self.spans.push(None);
        }
        id
    }

    /// Records the spans of node `id`.
    pub(crate) fn set(&mut self, id: NodeId, node: NodeSpan) {
        if let Some(slot) = self.spans.get_mut(id as usize) {
            if slot.is_none() {
                self.indexed += 1;
            }
            *slot = Some(node);
        }
    }

    /// The nodes on the way to `pointer`, as far as they are in the index.
    fn walk<'s>(&'s self, pointer: &str) -> impl Iterator<Item = Option<NodeSpan>> + 's {
        let tokens: Vec<Box<str>> = tokens(pointer).map(|t| t.map(Box::from).collect()).unwrap_or_default();
        let valid = pointer.is_empty() || pointer.starts_with('/');
        let mut id = valid.then_some(ROOT);
        let mut tokens = tokens.into_iter();
        std::iter::from_fn(move || {
            let current = id?;
            id = tokens.next().and_then(|token| self.children.get(&(current, token)).copied());
            Some(self.spans[current as usize])
        })
    }

    /// The spans of the node at `pointer`, if indexed.
    #[must_use]
    pub fn get(&self, pointer: &str) -> Option<NodeSpan> {
        let depth = tokens(pointer)?.count();
        let mut walked = self.walk(pointer).enumerate();
        walked.find(|&(i, _)| i == depth).and_then(|(_, node)| node)
    }

    /// The node at `pointer`, or its nearest indexed ancestor.
    #[must_use]
    pub fn nearest(&self, pointer: &str) -> Option<NodeSpan> {
        self.walk(pointer).flatten().last()
    }

    /// Number of indexed nodes.
    #[must_use]
    pub fn len(&self) -> usize {
        self.indexed
    }

    /// Whether nothing is indexed.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.indexed == 0
    }
}

/// The (escaped) tokens of an RFC 6901 pointer; `None` if it is not one.
fn tokens(pointer: &str) -> Option<impl Iterator<Item = &str>> {
    if pointer.is_empty() {
        return Some(None.into_iter().flatten());
    }
    let rest = pointer.strip_prefix('/')?;
    Some(Some(rest.split('/')).into_iter().flatten())
}

struct Scanner<'a> {
    bytes: &'a [u8],
    pos: usize,
    index: SpanIndex,
    /// Pointers to index (with their ancestors); `None` indexes everything.
    wanted: Option<HashSet<String>>,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    /// Scans one value, node `id` at `pointer`; returns `false` when the text is malformed.
    fn value(&mut self, id: NodeId, pointer: &mut String, key: Option<Span>, depth: usize) -> bool {
        self.skip_ws();
        let start = self.pos;
        let ok = match self.peek() {
            None => return false,
            Some(_) if depth > MAX_DEPTH => return false,
            Some(b'{') => self.object(id, pointer, depth),
            Some(b'[') => self.array(id, pointer, depth),
            Some(b'"') => self.string().is_some(),
            Some(_) => self.scalar(),
        };
        self.index.set(id, NodeSpan { key, value: Span::new(start, self.pos) });
        ok
    }

    /// Scans the member or item `token` of node `parent`: indexed when wanted, else skipped.
    fn child(&mut self, parent: NodeId, pointer: &mut String, token: &str, key: Option<Span>, depth: usize) -> bool {
        let len = pointer.len();
        pointer.push('/');
        pointer.push_str(token);
        let ok = if self.wanted.as_ref().is_none_or(|w| w.contains(pointer.as_str())) {
            let id = self.index.child(parent, token);
            self.value(id, pointer, key, depth + 1)
        } else {
            self.skip_ws();
            self.skip_value(depth + 1)
        };
        pointer.truncate(len);
        ok
    }

    /// Steps over one value without recording anything.
    fn skip_value(&mut self, depth: usize) -> bool {
        match self.peek() {
            Some(b'"') => self.skip_string(),
            Some(b'{' | b'[') => {
                // Strings are the only place brackets may appear unbalanced.
                let mut level = 0usize;
                while let Some(b) = self.peek() {
                    match b {
                        b'"' => {
                            if !self.skip_string() {
                                return false;
                            }
                            continue;
                        }
                        b'{' | b'[' => level += 1,
                        b'}' | b']' => {
                            level -= 1;
                            if level == 0 {
                                self.pos += 1;
                                return true;
                            }
                        }
                        _ => {}
                    }
                    if level + depth > MAX_DEPTH {
                        return false;
                    }
                    self.pos += 1;
                }
                false
            }
            Some(_) => self.scalar(),
            None => false,
        }
    }

    fn skip_string(&mut self) -> bool {
        self.pos += 1;
        loop {
            let Some(offset) = memchr::memchr2(b'"', b'\\', &self.bytes[self.pos..]) else { return false };
            self.pos += offset;
            if self.bytes[self.pos] == b'\\' {
                self.pos += 2;
                if self.pos > self.bytes.len() {
                    return false;
                }
                continue;
            }
            self.pos += 1;
            return true;
        }
    }

    fn object(&mut self, id: NodeId, pointer: &mut String, depth: usize) -> bool {
        self.pos += 1;
        loop {
            self.skip_ws();
            match self.peek() {
                Some(b'}') => {
                    self.pos += 1;
                    return true;
                }
                Some(b',') => self.pos += 1,
                Some(b'"') => {
                    let key_start = self.pos;
                    let Some(name) = self.string() else { return false };
                    let key_span = Span::new(key_start, self.pos);
                    self.skip_ws();
                    if self.peek() != Some(b':') {
                        return false;
                    }
                    self.pos += 1;
                    if !self.child(id, pointer, &escape_pointer_token(&name), Some(key_span), depth) {
                        return false;
                    }
                }
                _ => return false,
            }
        }
    }

    fn array(&mut self, id: NodeId, pointer: &mut String, depth: usize) -> bool {
        self.pos += 1;
        let mut item = 0usize;
        loop {
            self.skip_ws();
            match self.peek() {
                Some(b']') => {
                    self.pos += 1;
                    return true;
                }
                Some(b',') => self.pos += 1,
                Some(_) => {
                    let ok = self.child(id, pointer, &item.to_string(), None, depth);
                    item += 1;
                    if !ok {
                        return false;
                    }
                }
                None => return false,
            }
        }
    }

    /// Scans a string starting at `"`; returns its decoded content.
    fn string(&mut self) -> Option<String> {
        let start = self.pos;
        self.pos += 1;
        let mut escaped = false;
        loop {
            let offset = memchr::memchr2(b'"', b'\\', &self.bytes[self.pos..])?;
            self.pos += offset;
            if self.bytes[self.pos] == b'\\' {
                escaped = true;
                self.pos += 2;
                continue;
            }
            self.pos += 1;
            break;
        }
        let raw = &self.bytes[start..self.pos];
        if escaped {
            serde_json::from_slice(raw).ok()
        } else {
            std::str::from_utf8(&raw[1..raw.len() - 1]).ok().map(str::to_owned)
        }
    }

    fn scalar(&mut self) -> bool {
        let start = self.pos;
        while let Some(b) = self.peek() {
            if matches!(b, b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r') {
                break;
            }
            self.pos += 1;
        }
        self.pos > start
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexes_keys_and_values() {
        let text = br#"{"a": {"b~/c": [10, "x\"y"]}, "n": null}"#;
        let index = SpanIndex::from_json(text);
        let at = |p: &str| {
            let node = index.get(p).unwrap();
            (node.key.map(|k| &text[k.start..k.end]), &text[node.value.start..node.value.end])
        };
        assert_eq!(at("").1, &text[..]);
        assert_eq!(at("/a/b~0~1c/0"), (None, &b"10"[..]));
        assert_eq!(at("/a/b~0~1c/1").1, br#""x\"y""#);
        assert_eq!(at("/a/b~0~1c").0, Some(&br#""b~/c""#[..]));
        assert_eq!(at("/n"), (Some(&br#""n""#[..]), &b"null"[..]));
    }

    #[test]
    fn targeted_index_records_only_wanted_nodes_and_ancestors() {
        let text = br#"[{"a": "x]}\"", "b": [1, {"c": 2}]}, {"a": 3, "b": [4]}]"#;
        let full = SpanIndex::from_json(text);
        let index = SpanIndex::from_json_for(text, ["/1/b/0", "/0/b/1/c"]);
        for pointer in ["", "/0", "/0/b", "/0/b/1", "/0/b/1/c", "/1", "/1/b", "/1/b/0"] {
            assert_eq!(index.get(pointer), full.get(pointer), "{pointer}");
        }
        assert_eq!(index.get("/0/a"), None);
        assert_eq!(index.len(), 8);
    }

    #[test]
    fn nearest_falls_back_to_ancestors() {
        let index = SpanIndex::from_json(br#"{"a": {}}"#);
        assert_eq!(index.nearest("/a/missing/deeper"), index.get("/a"));
    }

    #[test]
    fn malformed_text_does_not_panic() {
        for text in [&b"{\"a\""[..], b"[1,", b"\"unterminated", b"{\"a\":}", b""] {
            let _ = SpanIndex::from_json(text);
        }
    }

    #[test]
    fn pointers_are_walked_token_by_token() {
        let mut index = SpanIndex::default();
        let node = |at: usize| NodeSpan { key: None, value: Span::new(at, at + 1) };
        index.insert("/a/b~1c", node(3));
        index.insert("", node(0));
        assert_eq!(index.get("/a/b~1c"), Some(node(3)));
        assert_eq!(index.get("/a"), None, "an ancestor on the way has no span");
        assert_eq!(index.nearest("/a/x/y"), Some(node(0)));
        assert_eq!(index.nearest("/a/b~1c/0"), Some(node(3)));
        assert_eq!(index.get("a"), None, "not a pointer");
        assert_eq!(index.len(), 2);
        assert!(SpanIndex::from_json_for(b"[1]", []).is_empty());
    }

    #[test]
    fn deep_documents_cost_memory_per_node_not_per_pointer_byte() {
        let depth = 500;
        let text = format!("{}{}{}", "[".repeat(depth), "1,".repeat(10_000) + "1", "]".repeat(depth));
        let index = SpanIndex::from_json(text.as_bytes());
        assert_eq!(index.len(), depth + 10_001);
        let deepest = format!("{}/10000", "/0".repeat(depth - 1));
        assert_eq!(index.get(&deepest).map(|n| n.value.len()), Some(1));
        // Each node keeps one token: far less than the 1 000-byte pointers of the leaves.
        let token_bytes: usize = index.children.keys().map(|(_, token)| token.len()).sum();
        assert!(token_bytes < 100_000, "{token_bytes}");
    }
}
