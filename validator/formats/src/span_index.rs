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
#[derive(Debug, Clone, Default)]
pub struct SpanIndex {
    nodes: HashMap<String, NodeSpan>,
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
        scanner.value(&mut pointer, None, 0);
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
        let mut scanner = Scanner { bytes: text, pos: 0, index: Self::default(), wanted: Some(wanted) };
        let mut pointer = String::new();
        scanner.value(&mut pointer, None, 0);
        scanner.index
    }

    /// Records the spans of the node at `pointer`.
    pub fn insert(&mut self, pointer: String, node: NodeSpan) {
        self.nodes.insert(pointer, node);
    }

    /// The spans of the node at `pointer`, if indexed.
    #[must_use]
    pub fn get(&self, pointer: &str) -> Option<NodeSpan> {
        self.nodes.get(pointer).copied()
    }

    /// The node at `pointer`, or its nearest indexed ancestor.
    #[must_use]
    pub fn nearest(&self, pointer: &str) -> Option<NodeSpan> {
        let mut current = pointer;
        loop {
            if let Some(node) = self.get(current) {
                return Some(node);
            }
            let (parent, _) = current.rsplit_once('/')?;
            current = parent;
        }
    }

    /// Number of indexed nodes.
    #[must_use]
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether nothing is indexed.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }
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

    /// Scans one value; returns `false` when the text is malformed.
    fn value(&mut self, pointer: &mut String, key: Option<Span>, depth: usize) -> bool {
        self.skip_ws();
        let start = self.pos;
        let wanted = self.wanted.as_ref().is_none_or(|w| w.contains(pointer.as_str()));
        if !wanted {
            return self.skip_value(depth);
        }
        let ok = match self.peek() {
            None => return false,
            Some(_) if depth > MAX_DEPTH => return false,
            Some(b'{') => self.object(pointer, depth),
            Some(b'[') => self.array(pointer, depth),
            Some(b'"') => self.string().is_some(),
            Some(_) => self.scalar(),
        };
        self.index.insert(pointer.clone(), NodeSpan { key, value: Span::new(start, self.pos) });
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

    fn object(&mut self, pointer: &mut String, depth: usize) -> bool {
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
                    let len = pointer.len();
                    pointer.push('/');
                    pointer.push_str(&escape_pointer_token(&name));
                    let ok = self.value(pointer, Some(key_span), depth + 1);
                    pointer.truncate(len);
                    if !ok {
                        return false;
                    }
                }
                _ => return false,
            }
        }
    }

    fn array(&mut self, pointer: &mut String, depth: usize) -> bool {
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
                    let len = pointer.len();
                    pointer.push('/');
                    pointer.push_str(&item.to_string());
                    let ok = self.value(pointer, None, depth + 1);
                    pointer.truncate(len);
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
}
