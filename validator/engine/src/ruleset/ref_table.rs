//! Where each local `$ref` of a document leads, worked out once per document and shared by
//! every query of every rule.
//!
//! A query on the resolved view follows each `$ref` object it meets. Following one means
//! parsing its pointer and looking up each segment by name, which on a large description is
//! most of a query's time; with many rules, each query did it again. The table does it once,
//! on the first query that needs it, for every `$ref` object of the description and of the
//! files it references; a query then finds the target by the object's address.

use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};
use serde_json::Value;

use super::document::{Document, address, follow_chain, for_each_container, parse_pointer, ref_member};
use super::jsonpath::{SegRef, child_ref};

/// The `$ref` targets of one document, built when a query first asks.
pub struct RefTable<'a> {
    doc: &'a Document,
    table: OnceLock<RefTargets<'a>>,
}

/// The real path of a target: a range of [`RefTargets::segs`].
type PathRange = (u32, u32);

/// Per `$ref` object (by address) while the table is built: where its chain leads (`None`:
/// nowhere) and how many references that took.
type Entry<'a> = (Option<(&'a Value, PathRange)>, usize);

/// Where the references that lead somewhere lead: a reference that does not resolve (most of
/// a chain past the hop limit) costs a query a lookup in a table that stays small, so lookups
/// on large descriptions stay in cache. Read-only once built, so it can be handed to filters
/// for the document's lifetime or any shorter one.
#[derive(Default)]
pub struct RefTargets<'a> {
    /// Per `$ref` object that resolves (by address): its target and the target's real path.
    resolved: FxHashMap<usize, (&'a Value, PathRange)>,
    /// The addresses of those targets: the only nodes a walk can reach twice.
    targets: FxHashSet<usize>,
    /// The real paths of the targets, one after the other (one allocation for all).
    segs: Vec<SegRef<'a>>,
}

impl<'a> RefTable<'a> {
    /// An empty table for `doc`; nothing is worked out until a query follows a reference.
    #[must_use]
    pub fn new(doc: &'a Document) -> Self {
        Self { doc, table: OnceLock::new() }
    }

    /// The document the table is of.
    #[must_use]
    pub fn doc(&self) -> &'a Document {
        self.doc
    }

    /// Where the document's references lead, worked out on the first call.
    pub(super) fn targets(&self) -> &RefTargets<'a> {
        self.table.get_or_init(|| RefTargets::build(self.doc))
    }
}

impl<'a> RefTargets<'a> {
    /// If `value` is a `$ref` object that Spectral's resolved document resolves, the value
    /// its chain of references leads to and that value's real path (its first segment names
    /// a referenced file when the value is in one).
    ///
    /// A reference kept as written (it would close a cycle), a chain that loops, does not
    /// resolve or takes more than [`MAX_REF_HOPS`](super::document::MAX_REF_HOPS) references:
    /// `None`.
    pub(super) fn follow(&self, value: &'a Value) -> Option<(&'a Value, &[SegRef<'a>])> {
        // Most nodes are no reference: they are told by their own members, not by a lookup.
        ref_member(value)?;
        let &(target, (start, len)) = self.resolved.get(&address(value))?;
        Some((target, &self.segs[start as usize..(start + len) as usize]))
    }

    /// Whether `value` is where a reference that resolves leads (a node a walk of the resolved
    /// view can reach more than once).
    pub(super) fn is_target(&self, value: &Value) -> bool {
        !self.targets.is_empty() && self.targets.contains(&address(value))
    }

    /// Follows every `$ref` object of `doc` and of the files it references. Each reference
    /// is followed once: a chain stops at a reference already known, so long chains cost
    /// linear time.
    fn build(doc: &'a Document) -> Self {
        let mut table = Self::default();
        let mut refs = Vec::new();
        for root in std::iter::once(&doc.value).chain(doc.linked_values()) {
            for_each_container(root, |value, _| {
                if doc.reference(value).is_some() {
                    refs.push(value);
                }
            });
        }
        let mut known = FxHashMap::default();
        for value in refs {
            table.chain(doc, value, &mut known);
        }
        for (reference, (followed, _)) in known {
            if let Some((target, range)) = followed {
                table.resolved.insert(reference, (target, range));
                table.targets.insert(address(target));
            }
        }
        table
    }

    /// Follows the chain that starts at `$ref` object `value` and notes each reference on it
    /// in `known`.
    fn chain(&mut self, doc: &'a Document, value: &'a Value, known: &mut FxHashMap<usize, Entry<'a>>) {
        let segs = &mut self.segs;
        let noted = follow_chain(
            doc,
            value,
            |v| known.get(&address(v)).copied(),
            |v| hop(segs, doc, v).map(|(target, range)| (target, (target, range))),
        );
        for (node, followed, hops) in noted {
            known.insert(address(node), (followed, hops));
        }
    }
}

/// One hop: what the `$ref` object `value` points at, with its real path appended to `segs`.
fn hop<'a>(segs: &mut Vec<SegRef<'a>>, doc: &'a Document, value: &'a Value) -> Option<(&'a Value, PathRange)> {
    let pointer = parse_pointer(doc.reference(value)?)?;
    let start = segs.len();
    // A pointer into a file the description references starts at that file.
    let (mark, mut current, rest) = doc.path_start(&pointer);
    segs.extend(mark.map(SegRef::Key));
    for seg in rest {
        let Some((next, seg)) = child_ref(current, seg) else {
            segs.truncate(start);
            return None;
        };
        segs.push(seg);
        current = next;
    }
    let range = (u32::try_from(start).ok()?, u32::try_from(segs.len() - start).ok()?);
    Some((current, range))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ruleset::document::{MAX_REF_HOPS, Seg, dotted};
    use conform_formats::Format;

    /// Every `$ref` object of `json`, followed by the table and by [`Document::follow`]: the
    /// same target (by address) and the same real path, or nothing for both.
    fn agrees_with_document_follow(json: &str) -> usize {
        let doc = Document::parse(json.as_bytes(), Format::Json).unwrap();
        let table = RefTable::new(&doc);
        let mut refs = Vec::new();
        for_each_container(&doc.value, |value, _| {
            if doc.reference(value).is_some() {
                refs.push(value);
            }
        });
        let mut followed = 0;
        for value in refs {
            let by_table = table.targets().follow(value).map(|(target, segs)| {
                let path: Vec<Seg> = segs
                    .iter()
                    .map(|seg| match *seg {
                        SegRef::Key(k) => Seg::Key(k.to_owned()),
                        SegRef::Index(i) => Seg::Index(i),
                    })
                    .collect();
                (std::ptr::from_ref(target), dotted(&path))
            });
            let by_document = doc.follow(value).map(|(target, path)| (std::ptr::from_ref(target), dotted(&path)));
            assert_eq!(by_table, by_document, "{json}: {value}");
            followed += usize::from(by_table.is_some());
        }
        followed
    }

    #[test]
    fn the_table_follows_references_as_the_document_does() {
        // Chains, a reference into an array, escaped pointer segments.
        assert_eq!(
            agrees_with_document_follow(
                r##"{"a": {"$ref": "#/b"}, "b": {"$ref": "#/c/0"}, "c": [{"x": {"$ref": "#/d~1e/f%25"}}],
                    "d/e": {"f%": {"type": "string"}}}"##
            ),
            3
        );
        // A loop, a reference to its own ancestor (kept), a missing target, an invalid pointer.
        assert_eq!(
            agrees_with_document_follow(
                r##"{"x": {"$ref": "#/y"}, "y": {"$ref": "#/x"}, "s": {"p": {"$ref": "#/s"}},
                    "m": {"$ref": "#/nowhere"}, "i": {"$ref": "#a"}, "ok": {"$ref": "#/s"}}"##
            ),
            1
        );
        // Mutual recursion through properties: the references inside the cycle are kept,
        // those entering it from outside are followed.
        assert_eq!(
            agrees_with_document_follow(
                r##"{"A": {"properties": {"b": {"$ref": "#/B"}}}, "B": {"properties": {"a": {"$ref": "#/A"}}},
                    "use": [{"$ref": "#/A"}, {"$ref": "#/B"}]}"##
            ),
            2
        );
    }

    #[test]
    fn chains_past_the_hop_limit_lead_nowhere() {
        let chain = |n: usize| {
            let mut members: Vec<String> = (0..n).map(|i| format!(r##""s{i}": {{"$ref": "#/s{}"}}"##, i + 1)).collect();
            members.push(format!(r#""s{n}": {{"type": "object"}}"#));
            format!("{{{}}}", members.join(", "))
        };
        // Each reference of a chain of MAX_REF_HOPS leads to the end.
        assert_eq!(agrees_with_document_follow(&chain(MAX_REF_HOPS)), MAX_REF_HOPS);
        // One more: its first reference leads nowhere, the rest still do.
        assert_eq!(agrees_with_document_follow(&chain(MAX_REF_HOPS + 1)), MAX_REF_HOPS);
    }
}
