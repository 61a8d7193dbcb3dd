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

use std::borrow::Cow;
use std::hash::BuildHasher;

use rustc_hash::{FxBuildHasher, FxHashMap, FxHashSet};
use serde_json::Value;

use conform_diagnostics::percent_decode;

use super::document::{MAX_REF_HOPS, PathPart, address};

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
        // The graphs are built as the crawl finds each reference: no path is stored.
        let mut graphs = Graphs::default();
        let (mut parts, mut target_path) = (Vec::new(), Vec::new());
        let crawl_cut = crawl(root, files, external, |node, path, target| {
            parts.clear();
            parts.extend(path.iter().map(PathPart::text));
            graphs.add(address(node), &parts, target, &mut target_path);
        });
        let Graphs { mut out, pointers, tree, stem_edges, linked, stems_cut, .. } = graphs;
        let stems = Graph::new(pointers.len(), &stem_edges);
        drop(stem_edges);
        let links = Graph::new(pointers.len(), &linked.iter().map(|&(_, from, to)| (from, to)).collect::<Vec<_>>());
        let stems_at = pointers.stems_by_place(tree.len());
        let mut reach = Reach::new(&stems);
        let mut places = Vec::new();
        let mut candidates = Vec::new();
        // A reference is resolved when one pointer of its chain (its target, that target's
        // target when it is a reference itself, ...) does not make it circular.
        for &(node, from, _) in &linked {
            // The stems whose path is a prefix of the reference's, shortest prefix first.
            tree.ancestors(pointers.place(from), &mut places);
            candidates.clear();
            for &place in places.iter().rev() {
                candidates.extend(stems_at.out(place));
            }
            let mut at = from;
            let mut resolved = false;
            for _ in 0..MAX_REF_HOPS {
                let Some(&pointer) = links.out(at).first() else { break };
                if !candidates.iter().any(|&id| reach.reaches(pointer, id)) {
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
        let long = long_chains(&linked, &links, &out);
        // The paths of the references kept and of the chains' starts, in document order, from
        // a second crawl (a description without cycles or long chains needs none).
        let (mut kept_paths, mut long_chains) = (Vec::new(), Vec::new());
        if !out.is_empty() || !long.is_empty() {
            let owned = |path: &[PathPart<'_>]| path.iter().map(|part| part.text().into_owned()).collect();
            crawl(root, files, external, |node, path, _| {
                let node = address(node);
                if out.contains(&node) {
                    kept_paths.push(owned(path));
                }
                if long.contains(&node) {
                    long_chains.push(owned(path));
                }
            });
        }
        Self { refs: out, gave_up, long_chains, kept_paths }
    }

    /// Whether `value` is a `$ref` object Spectral leaves unresolved.
    pub(crate) fn contains(&self, value: &Value) -> bool {
        self.refs.contains(&address(value))
    }
}

/// The first references (their nodes) of the chains longer than [`MAX_REF_HOPS`]: `linked`
/// holds each followed reference (its node and pointer numbers), `links` their graph, `kept`
/// those left unresolved (a chain ends there). Linear: each reference's chain length is
/// computed once.
fn long_chains(linked: &[(usize, u32, u32)], links: &Graph, kept: &FxHashSet<usize>) -> FxHashSet<usize> {
    // The reference at each pointer-graph node (the last one there), by node id.
    let mut by_location = vec![u32::MAX; links.len()];
    for (i, &(_, from, _)) in linked.iter().enumerate() {
        by_location[from as usize] = u32::try_from(i).unwrap_or(u32::MAX);
    }
    let next = |i: usize| {
        Some(by_location[linked[i].2 as usize] as usize).filter(|&j| j < linked.len() && !kept.contains(&linked[j].0))
    };
    // The number of references from each one to a value (usize::MAX: a cycle, never reached).
    const UNKNOWN: usize = 0;
    const CYCLE: usize = usize::MAX;
    let mut length = vec![UNKNOWN; linked.len()];
    let mut walk = Vec::new();
    // The walk a reference is on (its start + 1; 0: none yet): one array for every walk.
    let mut on_walk = vec![0usize; linked.len()];
    for start in 0..linked.len() {
        let mut at = Some(start);
        while let Some(i) = at {
            if length[i] != UNKNOWN || on_walk[i] == start + 1 {
                break;
            }
            on_walk[i] = start + 1;
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
    (0..linked.len()).filter(|&i| long(i) && !inner[i]).map(|i| linked[i].0).collect()
}

/// The stem and pointer graphs of a document's references, as [`crawl`] finds them.
#[derive(Default)]
struct Graphs {
    /// The references left unresolved whatever the graphs say (invalid pointers, a target
    /// that is the reference's ancestor).
    out: FxHashSet<usize>,
    /// One numbering of the pointers for both graphs: a reference's target is found in the
    /// stem graph by its number, and each pointer's decoded path is placed once.
    pointers: Pointers,
    tree: PathTree,
    stem_edges: Vec<(u32, u32)>,
    /// Refs that take part in the graphs: their node and the numbers of their location and target.
    linked: Vec<(usize, u32, u32)>,
    /// Bytes of stem pointers written (at most [`MAX_STEM_BYTES`]), and whether some were cut.
    stem_bytes: usize,
    stems_cut: bool,
    /// Scratch text, kept between references.
    dep: String,
    location: String,
    stem: String,
    tail: String,
}

impl Graphs {
    /// Adds the reference `node` at `path` (keys and decimal indices) to `target`;
    /// `target_path` is scratch space.
    fn add<'v>(&mut self, node: usize, path: &[Cow<'v, str>], target: &'v str, target_path: &mut Vec<Cow<'v, str>>) {
        target_path.clear();
        let Some(segments) = split_pointer(target) else {
            // An invalid pointer is an error of the resolver, never substituted.
            self.out.insert(node);
            return;
        };
        target_path.extend(segments.map(decoded));
        if !target_path.is_empty()
            && target_path.len() <= path.len()
            && target_path.iter().zip(path).all(|(t, p)| t == p)
        {
            self.out.insert(node);
            return;
        }
        let Self { pointers, tree, stem_edges, dep, location, stem, tail, .. } = self;
        let to = pointers.stem(target, tree);
        pointer_of(path, location);
        stem.clear();
        stem.push('#');
        tail.clear();
        for (i, part) in path.iter().enumerate() {
            if target_path.get(i) == Some(part) {
                stem.push('/');
                stem.push_str(part);
            } else {
                tail.push('/');
                tail.push_str(part);
                // Each ancestor is a string of its own: bounded, as a description with many
                // deep references would make this quadratic.
                if self.stem_bytes >= MAX_STEM_BYTES {
                    self.stems_cut = true;
                    break;
                }
                dep.clear();
                dep.push_str(stem);
                dep.push_str(tail);
                self.stem_bytes = self.stem_bytes.saturating_add(dep.len());
                if dep != location && dep != target {
                    stem_edges.push((pointers.stem(dep, tree), to));
                }
            }
        }
        self.linked.push((node, pointers.located(location, tree), to));
    }
}

/// Calls `found` with every local `$ref` object of `root` and then of the referenced files
/// (below their marker segments), in document order, not looking inside them, with its path
/// and target; returns whether the walk stopped at [`MAX_NODES`] containers before it saw
/// them all. A reference of the description to another file counts with the pointer
/// `external` gives it.
fn crawl<'v>(
    root: &'v Value,
    files: &[(&'v str, &'v Value)],
    external: &dyn Fn(&str) -> Option<&'v str>,
    mut found: impl FnMut(&'v Value, &[PathPart<'v>], &'v str),
) -> bool {
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
            return true;
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
                found(value, &path, target);
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
    false
}

/// `#/a/b~1c` as the resolver's `addToJSONPointer` writes a path, into `out`.
fn pointer_of(path: &[Cow<'_, str>], out: &mut String) {
    out.clear();
    out.push('#');
    for part in path {
        out.push('/');
        if part.contains(['~', '/']) {
            out.push_str(&part.replace('~', "~0").replace('/', "~1"));
        } else {
            out.push_str(part);
        }
    }
}

/// Strings numbered in the order first seen, each stored once, end to end in one buffer:
/// a few large allocations instead of two per string (a long `$ref` chain has one pointer
/// per reference).
#[derive(Default)]
struct Interner {
    text: String,
    /// Where each string ends in `text` (it starts where the one before ends).
    ends: Vec<usize>,
    /// The ids, hashed by their string.
    ids: hashbrown::HashTable<u32>,
}

impl Interner {
    fn len(&self) -> usize {
        self.ends.len()
    }

    /// The string numbered `id` in `text` by `ends`.
    fn text_of<'t>(text: &'t str, ends: &[usize], id: u32) -> &'t str {
        let id = id as usize;
        &text[if id == 0 { 0 } else { ends[id - 1] }..ends[id]]
    }

    /// The number of `name`, interned if new.
    fn intern(&mut self, name: &str) -> u32 {
        let hash = FxBuildHasher.hash_one(name);
        let Self { text, ends, ids } = self;
        if let Some(&id) = ids.find(hash, |&id| Self::text_of(text, ends, id) == name) {
            return id;
        }
        let id = u32::try_from(ends.len()).unwrap_or(u32::MAX);
        text.push_str(name);
        ends.push(text.len());
        let (text, ends) = (&*text, &*ends);
        ids.insert_unique(hash, id, |&id| FxBuildHasher.hash_one(Self::text_of(text, ends, id)));
        id
    }
}

/// The pointers of both graphs, numbered in the order first seen (the stem graph and the
/// pointer graph share the numbers), each with the place of its decoded path in a
/// [`PathTree`] and whether it is a stem (a reference's target or an ancestor linked to one).
#[derive(Default)]
struct Pointers {
    names: Interner,
    /// The tree node of each pointer's decoded path ([`PathTree::NONE`] when it does not decode).
    places: Vec<u32>,
    stems: Vec<bool>,
}

impl Pointers {
    fn len(&self) -> usize {
        self.names.len()
    }

    /// The place of pointer `id`'s decoded path.
    fn place(&self, id: u32) -> u32 {
        self.places[id as usize]
    }

    /// The number of `name`, interned if new (its decoded path placed in `tree` then).
    fn located(&mut self, name: &str, tree: &mut PathTree) -> u32 {
        let id = self.names.intern(name);
        if id as usize == self.places.len() {
            let place = split_pointer(name).map_or(PathTree::NONE, |parts| tree.place(parts.map(decoded)));
            self.places.push(place);
            self.stems.push(false);
        }
        id
    }

    /// The number of stem `name`, interned if new.
    fn stem(&mut self, name: &str, tree: &mut PathTree) -> u32 {
        let id = self.located(name, tree);
        self.stems[id as usize] = true;
        id
    }

    /// The stems at each place of a tree of `places` nodes, in the order numbered.
    fn stems_by_place(&self, places: usize) -> Graph {
        let pairs: Vec<(u32, u32)> = (0..self.len())
            .filter(|&id| self.stems[id] && self.places[id] != PathTree::NONE)
            .map(|id| (self.places[id], u32::try_from(id).unwrap_or(u32::MAX)))
            .collect();
        Graph::new(places, &pairs)
    }
}

/// Decoded pointer paths as a tree of their segments: node 0 is the empty path, each other
/// node its parent's path and one segment more. A path is placed once; the prefixes of a
/// placed path are then its node's ancestors, found without hashing.
struct PathTree {
    parents: Vec<u32>,
    /// Each node's segment, end to end as an [`Interner`] keeps its strings (node 0's is empty).
    text: String,
    ends: Vec<usize>,
    /// The nodes, hashed by (parent, segment).
    children: hashbrown::HashTable<u32>,
}

impl Default for PathTree {
    fn default() -> Self {
        Self { parents: vec![Self::NONE], text: String::new(), ends: vec![0], children: hashbrown::HashTable::new() }
    }
}

impl PathTree {
    /// No node: the root's parent, and the place of a pointer that does not decode.
    const NONE: u32 = u32::MAX;

    fn len(&self) -> usize {
        self.parents.len()
    }

    /// The node of the path of `segments`, added with its missing prefixes.
    fn place<S: AsRef<str>>(&mut self, segments: impl Iterator<Item = S>) -> u32 {
        let mut node = 0u32;
        for segment in segments {
            node = self.child(node, segment.as_ref());
        }
        node
    }

    /// The child of `parent` by `segment`, added if new.
    fn child(&mut self, parent: u32, segment: &str) -> u32 {
        let hash = FxBuildHasher.hash_one((parent, segment));
        let Self { parents, text, ends, children } = self;
        if let Some(&id) =
            children.find(hash, |&id| parents[id as usize] == parent && Interner::text_of(text, ends, id) == segment)
        {
            return id;
        }
        let id = u32::try_from(parents.len()).unwrap_or(Self::NONE);
        parents.push(parent);
        text.push_str(segment);
        ends.push(text.len());
        let (parents, text, ends) = (&*parents, &*text, &*ends);
        children.insert_unique(hash, id, |&id| {
            FxBuildHasher.hash_one((parents[id as usize], Interner::text_of(text, ends, id)))
        });
        id
    }

    /// `node` and its ancestors, deepest first, into `out` (nothing for [`Self::NONE`]).
    fn ancestors(&self, node: u32, out: &mut Vec<u32>) {
        out.clear();
        let mut at = node;
        while let Some(&parent) = self.parents.get(at as usize) {
            out.push(at);
            at = parent;
        }
    }
}

/// The raw segments of a pointer as `@stoplight/json`'s `pointerToPath` splits it (`None`
/// for what it throws on; [`decoded`] decodes each).
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
            mark: vec![0; graph.len()],
            generation: 0,
            known: FxHashMap::default(),
        }
    }

    /// Whether `to` is reachable from `from` by at least one edge and is not `from`
    /// (`dependenciesOf`); past the budget, only within `from`'s component.
    fn reaches(&mut self, from: u32, to: u32) -> bool {
        // A search that cannot take a step needs no memo entry.
        if from == to || self.graph.out(from).is_empty() {
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
    let n = graph.len();
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

/// A directed graph over numbered nodes, each node's edges end to end in one array (two
/// arrays for all nodes, not one per node).
struct Graph {
    /// Where the edges of each node start in `targets` (one more than nodes).
    starts: Vec<u32>,
    /// Each node's edges, in the order first given, without repeats.
    targets: Vec<u32>,
}

impl Graph {
    /// The graph of `n` nodes with the edges `pairs` (from, to), each kept once at its first place.
    fn new(n: usize, pairs: &[(u32, u32)]) -> Self {
        let mut starts = vec![0u32; n + 1];
        for &(from, _) in pairs {
            starts[from as usize + 1] += 1;
        }
        for i in 0..n {
            starts[i + 1] += starts[i];
        }
        let mut fill = starts.clone();
        let mut targets = vec![0u32; pairs.len()];
        for &(from, to) in pairs {
            let at = &mut fill[from as usize];
            targets[*at as usize] = to;
            *at += 1;
        }
        // Repeats dropped in place: a node's edges were kept once each.
        let mut seen = vec![u32::MAX; targets.iter().map(|&to| to as usize + 1).max().unwrap_or(0)];
        let mut kept = 0u32;
        let mut start = 0u32;
        for node in 0..n {
            let end = starts[node + 1];
            let mark = u32::try_from(node).unwrap_or(u32::MAX);
            for i in start..end {
                let to = targets[i as usize];
                if seen[to as usize] != mark {
                    seen[to as usize] = mark;
                    targets[kept as usize] = to;
                    kept += 1;
                }
            }
            start = end;
            starts[node + 1] = kept;
        }
        targets.truncate(kept as usize);
        Self { starts, targets }
    }

    fn len(&self) -> usize {
        self.starts.len() - 1
    }

    fn out(&self, id: u32) -> &[u32] {
        let id = id as usize;
        match (self.starts.get(id), self.starts.get(id + 1)) {
            (Some(&start), Some(&end)) => &self.targets[start as usize..end as usize],
            _ => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unresolved(json: &str) -> Vec<String> {
        let value: Value = serde_json::from_str(json).unwrap();
        let set = Unresolved::of(&value, &[], &|_| None);
        // The kept references' paths, in document order, from a crawl of its own.
        let mut paths = Vec::new();
        crawl(&value, &[], &|_| None, |node, path, _| {
            if set.contains(node) {
                paths.push(path.iter().map(PathPart::text).collect::<Vec<_>>().join("/"));
            }
        });
        assert_eq!(set.kept_paths.iter().map(|path| path.join("/")).collect::<Vec<_>>(), paths);
        paths
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
    fn interned_names_graph_edges_and_stem_places() {
        let mut names = Interner::default();
        let ids: Vec<u32> = ["#/a", "", "#/b", "#/a", "é"].iter().map(|n| names.intern(n)).collect();
        assert_eq!(ids, [0, 1, 2, 0, 3]);
        let texts: Vec<&str> = (0..4).map(|id| Interner::text_of(&names.text, &names.ends, id)).collect();
        assert_eq!((names.len(), texts), (4, vec!["#/a", "", "#/b", "é"]));

        // Edges keep the order they were first given in, without repeats.
        let (a, b, c) = (0, 1, 2);
        let graph = Graph::new(3, &[(b, c), (a, c), (b, a), (a, b), (b, c), (a, c)]);
        assert_eq!(
            (graph.len(), graph.out(a), graph.out(b), graph.out(c), graph.out(9)),
            (3, &[c, b][..], &[c, a][..], &[][..], &[][..])
        );

        // Pointers that decode to one path share its place; a place's ancestors are its
        // prefixes, and the stems at each place keep the order they were numbered in.
        let mut tree = PathTree::default();
        let mut pointers = Pointers::default();
        let ab = pointers.stem("#/a/b", &mut tree);
        let root = pointers.stem("#", &mut tree);
        let a = pointers.located("#/a", &mut tree);
        let escaped = pointers.stem("#/a/%62", &mut tree);
        let deep = pointers.located("#/a/b/c~1d", &mut tree);
        let bad = pointers.stem("x", &mut tree);
        assert_eq!([ab, root, a, escaped, deep, bad, pointers.located("#/a", &mut tree)], [0, 1, 2, 3, 4, 5, 2]);
        assert_eq!((pointers.place(ab), pointers.place(escaped), pointers.place(bad)), (2, 2, PathTree::NONE));
        let stems = pointers.stems_by_place(tree.len());
        let mut places = Vec::new();
        tree.ancestors(pointers.place(deep), &mut places);
        assert_eq!(places, [3, 2, 1, 0]);
        let prefixes: Vec<u32> = places.iter().rev().flat_map(|&place| stems.out(place).to_vec()).collect();
        assert_eq!(prefixes, [root, ab, escaped]);
        tree.ancestors(PathTree::NONE, &mut places);
        assert!(places.is_empty());
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
