//! JSON pointer → byte spans of keys and values.

use std::borrow::Cow;
use std::fmt::Write;
use std::hash::{Hash, Hasher};

use conform_diagnostics::{Span, escape_pointer_token};
use hashbrown::{Equivalent, HashMap, HashSet};

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
/// pointer, so memory is linear in the document whatever its depth. A token that is an array
/// index (`0`, `17`) is kept as a number, so the items of a large array cost no allocation;
/// looking a pointer up allocates nothing.
#[derive(Debug, Clone)]
pub struct SpanIndex {
    /// Spans by node id; the root is node 0. `None` for a node only on the way to others.
    spans: Vec<Option<NodeSpan>>,
    /// (parent node, index) → child node, for tokens that are canonical array indices.
    items: HashMap<(NodeId, u32), NodeId>,
    /// (parent node, escaped pointer token) → child node, for every other token.
    members: HashMap<(NodeId, Box<str>), NodeId>,
    /// Nodes with a span.
    indexed: usize,
}

/// A node of a [`SpanIndex`].
pub(crate) type NodeId = u32;

/// The root node's id.
pub(crate) const ROOT: NodeId = 0;

/// A borrowed `(parent, token)` key of [`SpanIndex::members`]: it hashes as the owned key
/// does, so a lookup needs no copy of the token.
struct MemberKey<'t>(NodeId, &'t str);

impl Hash for MemberKey<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // The same writes as the tuple `(NodeId, Box<str>)`.
        self.0.hash(state);
        self.1.hash(state);
    }
}

impl Equivalent<(NodeId, Box<str>)> for MemberKey<'_> {
    fn equivalent(&self, key: &(NodeId, Box<str>)) -> bool {
        self.0 == key.0 && self.1 == &*key.1
    }
}

/// The index `token` names when it is written as an array index is (`0`, `17`; not `017`,
/// `-1` or `+1`), and fits in 32 bits.
fn array_index(token: &str) -> Option<u32> {
    let bytes = token.as_bytes();
    let canonical = matches!(bytes, [b'0'] | [b'1'..=b'9', ..]) && bytes.iter().all(u8::is_ascii_digit);
    if canonical && bytes.len() <= 10 { token.parse().ok() } else { None }
}

impl Default for SpanIndex {
    fn default() -> Self {
        Self { spans: vec![None], items: HashMap::new(), members: HashMap::new(), indexed: 0 }
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
        // Each pointer and its ancestors, borrowed: an ancestor is a prefix of the pointer.
        let mut wanted: HashSet<&'p str> = HashSet::new();
        for pointer in pointers {
            let mut current = pointer;
            while wanted.insert(current) {
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
        if let Some(index) = array_index(token) {
            return self.item_u32(parent, index);
        }
        if let Some(&id) = self.members.get(&MemberKey(parent, token)) {
            return id;
        }
        let id = self.next_id();
        self.members.insert((parent, token.into()), id);
        self.spans.push(None);
        id
    }

    /// The item `index` of the array node `parent`, created if new.
    pub(crate) fn item(&mut self, parent: NodeId, index: usize) -> NodeId {
        match u32::try_from(index) {
            Ok(index) => self.item_u32(parent, index),
            Err(_) => self.child(parent, &index.to_string()),
        }
    }

    fn item_u32(&mut self, parent: NodeId, index: u32) -> NodeId {
        let next = self.next_id();
        let id = *self.items.entry((parent, index)).or_insert(next);
        self.created(id, next)
    }

    fn next_id(&self) -> NodeId {
        NodeId::try_from(self.spans.len()).unwrap_or(NodeId::MAX)
    }

    /// Makes room for node `id` when it is the one just created (`next`).
    fn created(&mut self, id: NodeId, next: NodeId) -> NodeId {
        if id == next {
            self.spans.push(None);
        }
        id
    }

    /// The existing node `token` (escaped) under `parent`.
    fn lookup(&self, parent: NodeId, token: &str) -> Option<NodeId> {
        match array_index(token) {
            Some(index) => self.items.get(&(parent, index)).copied(),
            None => self.members.get(&MemberKey(parent, token)).copied(),
        }
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

    /// The spans of the node at `pointer`, if indexed.
    #[must_use]
    pub fn get(&self, pointer: &str) -> Option<NodeSpan> {
        let mut id = ROOT;
        for token in tokens(pointer)? {
            id = self.lookup(id, token)?;
        }
        self.spans[id as usize]
    }

    /// The node at `pointer`, or its nearest indexed ancestor.
    #[must_use]
    pub fn nearest(&self, pointer: &str) -> Option<NodeSpan> {
        let mut id = ROOT;
        let mut nearest = self.spans[id as usize];
        for token in tokens(pointer)? {
            let Some(next) = self.lookup(id, token) else { break };
            id = next;
            nearest = self.spans[id as usize].or(nearest);
        }
        nearest
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

/// The token of a child being scanned.
#[derive(Clone, Copy)]
enum Token<'t> {
    /// An object member's key, escaped for a pointer.
    Member(&'t str),
    /// An array item's index.
    Item(usize),
}

struct Scanner<'a, 'w> {
    bytes: &'a [u8],
    pos: usize,
    index: SpanIndex,
    /// Pointers to index (with their ancestors); `None` indexes everything.
    wanted: Option<HashSet<&'w str>>,
}

impl<'a> Scanner<'a, '_> {
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
    fn child(
        &mut self,
        parent: NodeId,
        pointer: &mut String,
        token: Token<'_>,
        key: Option<Span>,
        depth: usize,
    ) -> bool {
        let len = pointer.len();
        pointer.push('/');
        match token {
            Token::Member(name) => pointer.push_str(name),
            // Writing to a `String` cannot fail.
            Token::Item(index) => drop(write!(pointer, "{index}")),
        }
        let ok = if self.wanted.as_ref().is_none_or(|w| w.contains(pointer.as_str())) {
            let id = match token {
                Token::Member(name) => self.index.child(parent, name),
                Token::Item(index) => self.index.item(parent, index),
            };
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
                    if !self.child(id, pointer, Token::Member(&escape_pointer_token(&name)), Some(key_span), depth) {
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
                    let ok = self.child(id, pointer, Token::Item(item), None, depth);
                    item += 1;
                    if !ok {
                        return false;
                    }
                }
                None => return false,
            }
        }
    }

    /// Scans a string starting at `"`; returns its decoded content (borrowed when it has
    /// no escapes).
    fn string(&mut self) -> Option<Cow<'a, str>> {
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
        let raw: &'a [u8] = &self.bytes[start..self.pos];
        if escaped {
            serde_json::from_slice::<String>(raw).ok().map(Cow::Owned)
        } else {
            std::str::from_utf8(&raw[1..raw.len() - 1]).ok().map(Cow::Borrowed)
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
    fn array_indices_and_member_names_are_told_apart() {
        let text = br#"{"0": [5, 6], "01": 7, "-1": 8, "4294967296": 9}"#;
        let index = SpanIndex::from_json(text);
        let at = |p: &str| index.get(p).map(|node| &text[node.value.start..node.value.end]);
        assert_eq!(at("/0/1"), Some(&b"6"[..]));
        assert_eq!(at("/01"), Some(&b"7"[..]));
        assert_eq!(at("/-1"), Some(&b"8"[..]));
        assert_eq!(at("/4294967296"), Some(&b"9"[..]), "past 32 bits: a member name");
        assert_eq!(at("/1"), None);
        assert_eq!(at("/0/01"), None, "`01` is no array index");
        assert_eq!(index.nearest("/0/01"), index.get("/0"));
        assert_eq!(array_index("0"), Some(0));
        assert_eq!(array_index("4294967295"), Some(u32::MAX));
        for token in ["", "00", "+1", "1e3", "٣"] {
            assert_eq!(array_index(token), None, "{token}");
        }
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
        let token_bytes: usize = index.members.keys().map(|(_, token)| token.len()).sum();
        assert!(token_bytes < 100_000, "{token_bytes}");
    }
}
