//! Which local `$ref`s Spectral leaves unresolved: those that would close a cycle.
//!
//! Spectral lints a resolved copy of the description made by `@stoplight/json-ref-resolver`
//! (`ResolveCrawler` and `ResolveRunner`), which replaces a local `$ref` object by its
//! target except where that would make the document circular. Such a reference stays a
//! plain `{$ref: ...}` object there, so a JSONPath does not go through it, a `field` does not
//! see the target's members and a finding on it is placed at the reference. It leaves one
//! unresolved when
//! - the target is the reference's own ancestor (`A.properties.self: {$ref: A}`), or
//! - the reference lies inside a node that the target (transitively) refers to from inside:
//!   the resolver's "stem" graph links each ancestor of a reference, below the part its path
//!   shares with the target's, to the target; a reference at `L` to `P` is circular when `L`
//!   is inside a stem reachable from `P` (`A.properties.b: {$ref: B}` with
//!   `B.properties.a: {$ref: A}`: neither is resolved, while a reference to `A` or `B` from
//!   outside the cycle is).
//!
//! A reference whose target is itself a reference is resolved when one pointer of its chain
//! resolves it (the resolver substitutes every transitive dependant of a pointer). Pointers
//! are compared as the resolver compares them, as strings: the ancestors it records keep
//! their segments unescaped (a path key `/pets` makes `#//pets`), which is copied here.

use rustc_hash::{FxHashMap, FxHashSet};
use serde_json::Value;

use conform_diagnostics::percent_decode;

use super::document::{MAX_REF_HOPS, PathPart};

/// Most nodes the crawl visits (the document's own size bounds it; this bounds the work on a
/// hostile YAML alias expansion the parser already accepted).
const MAX_NODES: usize = 20_000_000;

/// Most graph steps spent on deciding which references close a cycle (beyond the linear
/// work): a hostile description cannot make it quadratic (docs/limits.md).
const MAX_STEPS: usize = 4_000_000;

/// Most bytes of ancestor pointers ("stems") written for the references of one document
/// (deep references each write one per ancestor: quadratic in their depth).
const MAX_STEM_BYTES: usize = 64 << 20;

/// The `$ref` objects of a document that Spectral's resolved document keeps as written.
#[derive(Debug, Default)]
pub(crate) struct Unresolved {
    refs: FxHashSet<usize>,
    /// Whether deciding took more than [`MAX_STEPS`] steps or [`MAX_STEM_BYTES`] of
    /// pointers: the references it could not decide are resolved, and the run says so
    /// (`invalid-ref`).
    pub(crate) gave_up: bool,
    /// The paths of the references that start a chain of more than
    /// [`MAX_REF_HOPS`] references (each referring to the next), which conform does not
    /// follow: the first reference of each such chain.
    pub(crate) long_chains: Vec<Vec<String>>,
    /// The paths of the references it keeps (for the resolved document custom functions see).
    pub(crate) kept_paths: Vec<Vec<String>>,
}

impl Unresolved {
    /// Finds them in `root` (the description as parsed) and the files it references
    /// (`files`: each file's marker segment and value, its references already rewritten to
    /// pointers of the marked space); `external` gives the pointer a reference of the
    /// description to another file stands for. The files form one graph: a cycle through
    /// several files is found as one inside the description is.
    pub(crate) fn of<'v>(
        root: &'v Value,
        files: &[(&'v str, &'v Value)],
        external: &dyn Fn(&str) -> Option<&'v str>,
    ) -> Self {
        let (refs, crawl_cut) = crawl(root, files, external);
        let mut out = FxHashSet::default();
        let mut stems = Graph::default();
        let mut pointers = Graph::default();
        // Refs that take part in the graphs, with their path as the resolver decodes it.
        let mut linked: Vec<(usize, u32, u32)> = Vec::new();
        let mut stem_bytes = MAX_STEM_BYTES;
        let mut stems_cut = false;
        let mut dep = String::new();
        for r in &refs {
            let Some(target_path) = pointer_to_path(&r.target) else {
                // An invalid pointer is an error of the resolver, never substituted.
                out.insert(r.node);
                continue;
            };
            if !target_path.is_empty()
                && target_path.len() <= r.path.len()
                && target_path.iter().zip(&r.path).all(|(t, p)| t == p)
            {
                out.insert(r.node);
                continue;
            }
            let target = stems.node(&r.target);
            let location = pointer_of(&r.path);
            let mut stem = String::from("#");
            let mut tail = String::new();
            for (i, part) in r.path.iter().enumerate() {
                if target_path.get(i) == Some(part) {
                    stem.push('/');
                    stem.push_str(part);
                } else {
                    tail.push('/');
                    tail.push_str(part);
                    // Each ancestor is a string of its own: bounded, as a description with
                    // many deep references would make this quadratic.
                    if stem_bytes == 0 {
                        stems_cut = true;
                        break;
                    }
                    dep.clear();
                    dep.push_str(&stem);
                    dep.push_str(&tail);
                    stem_bytes = stem_bytes.saturating_sub(dep.len());
                    if dep != location && dep != r.target {
                        let dep = stems.node(&dep);
                        stems.edge(dep, target);
                    }
                }
            }
            let (from, to) = (pointers.node(&location), pointers.node(&r.target));
            pointers.edge(from, to);
            linked.push((r.node, from, to));
        }
        // The stems by the path they decode to (its segments interned), for the prefix test.
        let mut segments = Segments::default();
        let mut stem_paths: FxHashMap<Vec<u32>, Vec<u32>> = FxHashMap::default();
        for (id, name) in stems.names.iter().enumerate() {
            if let Some(path) = segments.intern(name) {
                stem_paths.entry(path).or_default().push(u32::try_from(id).unwrap_or(u32::MAX));
            }
        }
        let mut reach = Reach::new(&stems);
        // A reference is resolved when one pointer of its chain (its target, that target's
        // target when it is a reference itself, ...) does not make it circular.
        for &(node, from, _) in &linked {
            let path = segments.known(&pointers.names[from as usize]).unwrap_or_default();
            let mut at = from;
            let mut resolved = false;
            for _ in 0..MAX_REF_HOPS {
                let Some(&pointer) = pointers.out(at).first() else { break };
                let start = stems.find(&pointers.names[pointer as usize]);
                let circular = start.is_some_and(|start| {
                    (0..=path.len()).any(|k| {
                        stem_paths.get(&path[..k]).is_some_and(|ids| ids.iter().any(|&id| reach.reaches(start, id)))
                    })
                });
                if !circular {
                    resolved = true;
                    break;
                }
                at = pointer;
            }
            if !resolved {
                out.insert(node);
            }
        }
        let gave_up = reach.budget == 0 || stems_cut || crawl_cut;
        let long_chains = long_chains(&linked, &pointers, &out);
        let kept_paths = refs.iter().filter(|r| out.contains(&r.node)).map(|r| r.path.clone()).collect();
        Self { refs: out, gave_up, long_chains, kept_paths }
    }

    /// Whether `value` is a `$ref` object Spectral leaves unresolved.
    pub(crate) fn contains(&self, value: &Value) -> bool {
        self.refs.contains(&(std::ptr::from_ref(value) as usize))
    }
}

/// The first references of the chains longer than [`MAX_REF_HOPS`]: `linked` holds each
/// followed reference (its node and pointer-graph ids), `kept` those left unresolved (a
/// chain ends there). Linear: each reference's chain length is computed once.
fn long_chains(linked: &[(usize, u32, u32)], pointers: &Graph, kept: &FxHashSet<usize>) -> Vec<Vec<String>> {
    let by_location: FxHashMap<u32, usize> = linked.iter().enumerate().map(|(i, &(_, from, _))| (from, i)).collect();
    let next = |i: usize| by_location.get(&linked[i].2).copied().filter(|&j| !kept.contains(&linked[j].0));
    // The number of references from each one to a value (usize::MAX: a cycle, never reached).
    const UNKNOWN: usize = 0;
    const CYCLE: usize = usize::MAX;
    let mut length = vec![UNKNOWN; linked.len()];
    let mut walk = Vec::new();
    for start in 0..linked.len() {
        let mut at = Some(start);
        let mut on_walk = FxHashSet::default();
        while let Some(i) = at {
            if length[i] != UNKNOWN || !on_walk.insert(i) {
                break;
            }
            walk.push(i);
            at = next(i);
        }
        let mut after = match at {
            None => 0,
            Some(i) if length[i] == UNKNOWN => CYCLE,
            Some(i) => length[i],
        };
        while let Some(i) = walk.pop() {
            after = if after == CYCLE { CYCLE } else { after + 1 };
            length[i] = after;
        }
    }
    let long = |i: usize| length[i] != CYCLE && length[i] > MAX_REF_HOPS;
    let mut inner = vec![false; linked.len()];
    for i in 0..linked.len() {
        if long(i)
            && let Some(j) = next(i)
        {
            inner[j] = true;
        }
    }
    (0..linked.len())
        .filter(|&i| long(i) && !inner[i])
        .map(|i| pointer_to_path(&pointers.names[linked[i].1 as usize]).unwrap_or_default())
        .collect()
}

/// A local reference: the `$ref` object, its path (keys and decimal indices) and its target.
struct Ref {
    node: usize,
    path: Vec<String>,
    target: String,
}

/// Every local `$ref` object of `root` and then of the referenced files (below their marker
/// segments), in document order, not looking inside them, and whether the walk stopped at
/// [`MAX_NODES`] containers before it saw them all. A reference of the description to
/// another file counts with the pointer `external` gives it.
fn crawl<'v>(
    root: &'v Value,
    files: &[(&'v str, &'v Value)],
    external: &dyn Fn(&str) -> Option<&'v str>,
) -> (Vec<Ref>, bool) {
    let mut refs = Vec::new();
    let mut path: Vec<PathPart<'_>> = Vec::new();
    // (value, depth of its parent's path, its segment); a value is entered after its path is set.
    let mut stack: Vec<(&Value, usize, Option<PathPart<'_>>)> =
        files.iter().rev().map(|&(mark, value)| (value, 0, Some(PathPart::Key(mark)))).collect();
    stack.push((root, 0, None));
    let mut visited = 0usize;
    while let Some((value, depth, part)) = stack.pop() {
        visited += 1;
        if visited > MAX_NODES {
            // Past the limit the references are not all known: the caller says so.
            return (refs, true);
        }
        path.truncate(depth);
        if let Some(part) = part {
            path.push(part);
        }
        if let Value::Object(map) = value
            && let Some(Value::String(target)) = map.get("$ref")
        {
            let target = if target.starts_with('#') { Some(target.as_str()) } else { external(target) };
            if let Some(target) = target {
                let path = path
                    .iter()
                    .map(|p| match p {
                        PathPart::Key(k) => (*k).to_owned(),
                        PathPart::Index(i) => i.to_string(),
                    })
                    .collect();
                refs.push(Ref { node: std::ptr::from_ref(value) as usize, path, target: target.to_owned() });
            }
            continue;
        }
        let depth = path.len();
        match value {
            Value::Object(map) => {
                for (k, v) in map.iter().rev() {
                    if v.is_object() || v.is_array() {
                        stack.push((v, depth, Some(PathPart::Key(k))));
                    }
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate().rev() {
                    if v.is_object() || v.is_array() {
                        stack.push((v, depth, Some(PathPart::Index(i))));
                    }
                }
            }
            _ => {}
        }
    }
    (refs, false)
}

/// `#/a/b~1c` as the resolver's `addToJSONPointer` writes a path.
fn pointer_of(path: &[String]) -> String {
    let mut out = String::from("#");
    for part in path {
        out.push('/');
        if part.contains(['~', '/']) {
            out.push_str(&part.replace('~', "~0").replace('/', "~1"));
        } else {
            out.push_str(part);
        }
    }
    out
}

/// `@stoplight/json`'s `pointerToPath`: `None` for what it throws on.
fn pointer_to_path(pointer: &str) -> Option<Vec<String>> {
    Some(split_pointer(pointer)?.map(decode_part).collect())
}

/// Decoded pointer segments interned as numbers: a path is compared and hashed as a few
/// integers instead of as strings.
#[derive(Default)]
struct Segments {
    ids: FxHashMap<String, u32>,
}

impl Segments {
    /// The segments of `pointer` as [`pointer_to_path`] decodes them, interned.
    fn intern(&mut self, pointer: &str) -> Option<Vec<u32>> {
        Some(
            split_pointer(pointer)?
                .map(|part| {
                    let part = decoded(part);
                    if let Some(&id) = self.ids.get(part.as_ref()) {
                        return id;
                    }
                    let id = u32::try_from(self.ids.len()).unwrap_or(u32::MAX);
                    self.ids.insert(part.into_owned(), id);
                    id
                })
                .collect(),
        )
    }

    /// The segments of `pointer` by their ids; a segment never interned is
    /// [`u32::MAX`], which no interned path holds.
    fn known(&self, pointer: &str) -> Option<Vec<u32>> {
        Some(
            split_pointer(pointer)?
                .map(|part| self.ids.get(decoded(part).as_ref()).copied().unwrap_or(u32::MAX))
                .collect(),
        )
    }
}

/// The raw segments of a pointer as [`pointer_to_path`] splits it.
fn split_pointer(pointer: &str) -> Option<impl Iterator<Item = &str>> {
    let rest = pointer.strip_prefix('#')?;
    if rest.is_empty() {
        return Some(None.into_iter().flatten());
    }
    Some(Some(rest.strip_prefix('/')?.split('/')).into_iter().flatten())
}

/// One segment of a pointer, percent-decoded and then unescaped (`~1`, `~0`), borrowed when
/// there is nothing to decode.
fn decoded(part: &str) -> std::borrow::Cow<'_, str> {
    if part.contains(['%', '~']) {
        percent_decode(part).replace("~1", "/").replace("~0", "~").into()
    } else {
        part.into()
    }
}

/// [`decoded`], owned.
fn decode_part(part: &str) -> String {
    decoded(part).into_owned()
}

/// Reachability in the stem graph: its strongly connected components (Tarjan's order: an
/// edge never leads to a later component), then a search pruned by that order, within a
/// budget of steps.
struct Reach<'g> {
    graph: &'g Graph,
    component: Vec<u32>,
    budget: usize,
    mark: Vec<u32>,
    generation: u32,
    /// Answers of searches already made.
    known: FxHashMap<(u32, u32), bool>,
}

impl<'g> Reach<'g> {
    fn new(graph: &'g Graph) -> Self {
        let component = components(graph);
        Self {
            graph,
            component,
            budget: MAX_STEPS,
            mark: vec![0; graph.names.len()],
            generation: 0,
            known: FxHashMap::default(),
        }
    }

    /// Whether `to` is reachable from `from` by at least one edge and is not `from`
    /// (`dependenciesOf`); past the budget, only within `from`'s component.
    fn reaches(&mut self, from: u32, to: u32) -> bool {
        if from == to {
            return false;
        }
        let (cf, ct) = (self.component[from as usize], self.component[to as usize]);
        if cf == ct {
            return true;
        }
        if ct > cf || self.budget == 0 {
            return false;
        }
        if let Some(&known) = self.known.get(&(from, to)) {
            return known;
        }
        let found = self.search(from, to, ct);
        if self.budget > 0 {
            self.known.insert((from, to), found);
        }
        found
    }

    /// A depth-first search from `from` for `to` (of component `ct`), never entering a
    /// component that cannot lead to it.
    fn search(&mut self, from: u32, to: u32, ct: u32) -> bool {
        self.generation += 1;
        let generation = self.generation;
        let mut stack = vec![from];
        while let Some(at) = stack.pop() {
            for &next in self.graph.out(at) {
                if self.budget == 0 {
                    return false;
                }
                self.budget -= 1;
                if next == to {
                    return true;
                }
                let n = next as usize;
                if self.mark[n] != generation && self.component[n] >= ct {
                    self.mark[n] = generation;
                    stack.push(next);
                }
            }
        }
        false
    }
}

/// The strongly connected component of each node, numbered in the order Tarjan's algorithm
/// completes them (iteratively: no recursion on a deep graph).
fn components(graph: &Graph) -> Vec<u32> {
    let n = graph.names.len();
    let unset = u32::MAX;
    let mut index = vec![unset; n];
    let mut low = vec![0u32; n];
    let mut on_stack = vec![false; n];
    let mut component = vec![unset; n];
    let mut stack: Vec<u32> = Vec::new();
    let mut next_index = 0u32;
    let mut next_component = 0u32;
    for root in 0..n {
        if index[root] != unset {
            continue;
        }
        // (node, next edge to look at)
        let mut work: Vec<(u32, usize)> = vec![(u32::try_from(root).unwrap_or(unset), 0)];
        while let Some(&mut (v, ref mut edge)) = work.last_mut() {
            let vi = v as usize;
            if *edge == 0 && index[vi] == unset {
                index[vi] = next_index;
                low[vi] = next_index;
                next_index += 1;
                stack.push(v);
                on_stack[vi] = true;
            }
            if let Some(&w) = graph.out(v).get(*edge) {
                *edge += 1;
                let wi = w as usize;
                if index[wi] == unset {
                    work.push((w, 0));
                } else if on_stack[wi] {
                    low[vi] = low[vi].min(index[wi]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent as usize] = low[parent as usize].min(low[vi]);
            }
            if low[vi] == index[vi] {
                while let Some(w) = stack.pop() {
                    on_stack[w as usize] = false;
                    component[w as usize] = next_component;
                    if w == v {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

/// A directed graph over interned pointer strings.
#[derive(Default)]
struct Graph {
    ids: FxHashMap<String, u32>,
    names: Vec<String>,
    edges: Vec<Vec<u32>>,
}

impl Graph {
    fn node(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        let id = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        self.ids.insert(name.to_owned(), id);
        self.names.push(name.to_owned());
        self.edges.push(Vec::new());
        id
    }

    fn find(&self, name: &str) -> Option<u32> {
        self.ids.get(name).copied()
    }

    fn edge(&mut self, from: u32, to: u32) {
        let edges = &mut self.edges[from as usize];
        if !edges.contains(&to) {
            edges.push(to);
        }
    }

    fn out(&self, id: u32) -> &[u32] {
        self.edges.get(id as usize).map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unresolved(json: &str) -> Vec<String> {
        let value: Value = serde_json::from_str(json).unwrap();
        let set = Unresolved::of(&value, &[], &|_| None);
        crawl(&value, &[], &|_| None)
            .0
            .into_iter()
            .filter(|r| set.refs.contains(&r.node))
            .map(|r| r.path.join("/"))
            .collect()
    }

    #[test]
    fn cycles_stay_references_and_entries_into_them_resolve() {
        let doc = r##"{
            "p": {"s": {"$ref": "#/c/A"}},
            "c": {
                "A": {"properties": {"self": {"$ref": "#/c/A"}, "other": {"$ref": "#/c/B"}, "plain": {"$ref": "#/c/C"}}},
                "B": {"properties": {"back": {"$ref": "#/c/A"}}},
                "C": {"properties": {"loop": {"$ref": "#/c/D"}}},
                "D": {"properties": {"up": {"$ref": "#/c/C"}}},
                "E": {"items": [{"$ref": "#/c/B"}]},
                "Chain": {"$ref": "#/c/Link"},
                "Link": {"items": {"$ref": "#/c/Link"}}
            }
        }"##;
        assert_eq!(
            unresolved(doc),
            [
                "c/A/properties/self",
                "c/A/properties/other",
                "c/B/properties/back",
                "c/C/properties/loop",
                "c/D/properties/up",
                "c/Link/items"
            ]
        );
        assert_eq!(unresolved(r##"{"a": {"$ref": "#/nope~"}, "b": {"$ref": "#x"}}"##), ["b"]);
    }

    #[test]
    fn many_deep_references_stop_at_the_stem_limit() {
        let mut refs = serde_json::Map::new();
        for i in 0..2_000 {
            refs.insert(format!("r{i}"), serde_json::json!({"$ref": "#/other"}));
        }
        let mut deep = Value::Object(refs);
        for _ in 0..300 {
            deep = serde_json::json!({ "a": deep });
        }
        let doc = serde_json::json!({"deep": deep, "other": {"type": "object"}});
        let found = Unresolved::of(&doc, &[], &|_| None);
        assert!(found.gave_up);
        assert!(found.refs.is_empty());
    }

    #[test]
    fn chains_past_the_hop_limit_are_named_once_at_their_start() {
        let chain = |n: usize| {
            let mut defs = serde_json::Map::new();
            for i in 0..n {
                defs.insert(format!("d{i}"), serde_json::json!({"$ref": format!("#/defs/d{}", i + 1)}));
            }
            defs.insert(format!("d{n}"), serde_json::json!({"type": "object"}));
            serde_json::json!({"use": {"$ref": "#/defs/d0"}, "defs": defs, "loop": {"$ref": "#/loop2"}, "loop2": {"$ref": "#/loop"}})
        };
        assert!(Unresolved::of(&chain(MAX_REF_HOPS - 1), &[], &|_| None).long_chains.is_empty());
        assert_eq!(Unresolved::of(&chain(MAX_REF_HOPS), &[], &|_| None).long_chains, [vec!["use".to_owned()]]);
        let long = Unresolved::of(&chain(100_000), &[], &|_| None);
        assert_eq!(long.long_chains, [vec!["use".to_owned()]]);
        assert!(!long.gave_up);
    }
}
