//! JSONPath as Spectral evaluates it (JSONPath-Plus): RFC 9535 paths plus `..`, filters with
//! `@property`/`@parent`/`@parentProperty`/`@path`/`@root`, bare names in brackets
//! (`[responses]`), `.[` and a trailing `~` (property names instead of values).
//!
//! Evaluation runs on the document's resolved view: local `$ref`s are followed, and every hit
//! carries the *real* path of its node (inside the referenced component), as Spectral reports
//! it. Recursive descent visits each real node once, so reference cycles end.

use std::cell::RefCell;
use std::fmt::Write;

use rustc_hash::FxHashSet;
use serde_json::Value;

use super::document::{Document, Seg, address};
use super::filter::{self, Expr, Js, Scope};
use super::ref_table::{RefTable, RefTargets};

/// A compiled JSONPath.
#[derive(Debug, Clone)]
pub struct JsonPath {
    text: String,
    steps: Vec<Step>,
    keys: bool,
}

#[derive(Debug, Clone)]
enum Step {
    Child(Vec<Sel>),
    Descend(Vec<Sel>),
    /// `^`: the parent of each node.
    Parent,
}

#[derive(Debug, Clone)]
enum Sel {
    Name(String),
    Index(i64),
    Wild,
    Slice(Option<i64>, Option<i64>),
    Filter(Box<Expr>, bool),
}

/// What a path selected: a value, or a property name (`~`).
#[derive(Debug, Clone)]
pub enum Target<'a> {
    /// A node's value.
    Value(&'a Value),
    /// A property name.
    Key(String),
    /// A node a filter of the path could not decide (a regex hit its backtracking limit):
    /// the rule reports it as an error instead of passing over it.
    Undecided,
}

/// One node a path selected.
#[derive(Debug, Clone)]
pub struct Hit<'a> {
    /// What was selected.
    pub target: Target<'a>,
    /// The real path of the node.
    pub path: Vec<Seg>,
}

/// A path segment borrowed from the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum SegRef<'a> {
    Key(&'a str),
    Index(usize),
}

impl SegRef<'_> {
    fn owned(self) -> Seg {
        match self {
            Self::Key(k) => Seg::Key(k.to_owned()),
            Self::Index(i) => Seg::Index(i),
        }
    }
}

/// The link of the document root in a query's path arena.
const ROOT: u32 = u32::MAX;

/// A node reached by a query: its value, the arena link of its real path, and its property
/// name or index (what `@parentProperty` of its children reads). Copying a node allocates
/// nothing.
#[derive(Clone, Copy)]
struct Node<'a> {
    value: &'a Value,
    path: u32,
    prop: Option<SegRef<'a>>,
}

impl JsonPath {
    /// Parses a path such as `$.paths[*][?(@.deprecated)]~`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let invalid = |why: &str| format!("invalid JSONPath `{text}`: {why}");
        let chars: Vec<char> = text.chars().collect();
        if chars.first() != Some(&'$') {
            return Err(invalid("it must start with `$`"));
        }
        let mut steps = Vec::new();
        let mut keys = false;
        let mut i = 1;
        while i < chars.len() {
            // Spectral 6 (nimma) reads `.[` as recursive descent, like `..[`.
            let descend = chars[i] == '.' && matches!(chars.get(i + 1), Some('.' | '['));
            let (sels, next) = match chars[i] {
                '~' if i + 1 == chars.len() => {
                    keys = true;
                    break;
                }
                '~' => return Err(invalid("`~` (property names) is only understood at the end of a path")),
                '^' => {
                    steps.push(Step::Parent);
                    i += 1;
                    continue;
                }
                '[' => bracket(&chars, i).map_err(|e| invalid(&e))?,
                '.' => {
                    let start = if chars.get(i + 1) == Some(&'.') { i + 2 } else { i + 1 };
                    match chars.get(start) {
                        Some('[') => bracket(&chars, start).map_err(|e| invalid(&e))?,
                        Some('*') => (vec![Sel::Wild], start + 1),
                        Some('.' | '^' | '~') | None => {
                            return Err(invalid(&format!("a name is missing at offset {start}")));
                        }
                        Some(_) => {
                            let mut end = start;
                            while end < chars.len() && !matches!(chars[end], '.' | '[' | '^' | '~') {
                                end += 1;
                            }
                            let mut name: String = chars[start..end].iter().collect();
                            // `.'/status'`: nimma refuses it and Spectral falls back to
                            // jsonpath-plus, which drops the quotes of a dotted name.
                            if name.len() > 2 && name.starts_with('\'') && name.ends_with('\'') {
                                name.pop();
                                name.remove(0);
                            }
                            if name.contains(['(', ')', '?', '@', '\'', '"', ']']) {
                                return Err(invalid(&format!("`{name}` is not a property name Spectral reads")));
                            }
                            (vec![Sel::Name(name)], end)
                        }
                    }
                }
                other => return Err(invalid(&format!("unexpected `{other}` at offset {i}"))),
            };
            steps.push(if descend { Step::Descend(sels) } else { Step::Child(sels) });
            i = next;
        }
        Ok(Self { text: text.to_owned(), steps, keys })
    }

    /// The path as written.
    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Every node of `doc` the path selects, then every node a filter could not decide
    /// ([`Target::Undecided`]). With `refs` (the document's table), local `$ref`s are
    /// followed.
    #[must_use]
    pub fn query<'a>(&self, doc: &'a Document, refs: Option<&RefTable<'a>>) -> Vec<Hit<'a>> {
        self.query_at(doc, &doc.value, &[], refs)
    }

    /// Every node the path selects from `start`, a node of `doc` at real path `start_path`
    /// (a JSONPath `field`).
    #[must_use]
    pub fn query_at<'a>(
        &self,
        doc: &'a Document,
        start: &'a Value,
        start_path: &[Seg],
        refs: Option<&RefTable<'a>>,
    ) -> Vec<Hit<'a>> {
        let ctx = Ctx::new(doc, refs);
        let mut prop = None;
        // A node of a file the description references: its path starts at that file.
        let (mark, mut value, start_path) = doc.path_start(start_path);
        let mut link = mark.map_or(ROOT, |mark| ctx.link(ROOT, SegRef::Key(mark)));
        for seg in start_path {
            let Some((next, seg)) = child_ref(value, seg) else { break };
            link = ctx.link(link, seg);
            prop = Some(seg);
            value = next;
        }
        let (root, root_path) = ctx.resolved(start, link);
        let mut nodes = vec![Node { value: root, path: root_path, prop }];
        for step in &self.steps {
            let mut next = Vec::new();
            match step {
                Step::Child(sels) => {
                    for node in &nodes {
                        ctx.select(node, sels, &mut next);
                    }
                }
                Step::Parent => {
                    let mut seen = FxHashSet::default();
                    for node in &nodes {
                        if let Some(parent) = ctx.parent(node)
                            && seen.insert(parent.path)
                        {
                            next.push(parent);
                        }
                    }
                }
                Step::Descend(sels) => {
                    // Depth first, in document order; each node's children are made one at a
                    // time as the walk reaches them, so the stack holds one frame per level,
                    // not every child of every level (a member with 100 000 members).
                    // A node is reached twice only where two ways lead to it: it is the
                    // target of a followed reference, or a start inside another start's
                    // subtree. Only those are remembered (every followed reference leads to a
                    // target, so cycles end too); the rest of the walk writes no set.
                    let starts_at: FxHashSet<usize> = nodes.iter().map(|node| address(node.value)).collect();
                    let mut seen = FxHashSet::default();
                    let mut stack: Vec<(Node<'a>, Children<'a>)> = Vec::new();
                    let mut starts = nodes.iter();
                    loop {
                        let node = match stack.last_mut() {
                            Some((parent, children)) => {
                                let Some((seg, value)) = children.next() else {
                                    stack.pop();
                                    continue;
                                };
                                // A scalar has nothing to select: it is not made (no path).
                                if !matches!(value, Value::Object(_) | Value::Array(_)) {
                                    continue;
                                }
                                ctx.child(parent, seg, value)
                            }
                            None => match starts.next() {
                                Some(&node) => node,
                                None => break,
                            },
                        };
                        let twice = starts_at.contains(&address(node.value))
                            || ctx.refs.is_some_and(|refs| refs.is_target(node.value));
                        if twice && !seen.insert(address(node.value)) {
                            continue;
                        }
                        ctx.select(&node, sels, &mut next);
                        stack.push((node, Children::of(node.value)));
                    }
                }
            }
            nodes = next;
            if nodes.is_empty() {
                break;
            }
        }
        let mut seen = FxHashSet::default();
        let mut hits: Vec<Hit<'a>> = nodes
            .into_iter()
            .filter(|node| seen.insert((std::ptr::from_ref(node.value), node.prop)))
            .map(|node| {
                let path = ctx.located(node.path);
                let target = if self.keys {
                    Target::Key(node.prop.map(|p| p.owned().text()).unwrap_or_default())
                } else {
                    Target::Value(node.value)
                };
                Hit { target, path }
            })
            .collect();
        let undecided = ctx.undecided.take();
        let mut reported = FxHashSet::default();
        for link in undecided {
            if reported.insert(link) {
                hits.push(Hit { target: Target::Undecided, path: ctx.located(link) });
            }
        }
        hits
    }
}

/// The state of one query: the arena of real paths (each link is its parent's index and a
/// segment).
struct Ctx<'r, 'a> {
    doc: &'a Document,
    /// Where `$ref`s lead, when the query follows them.
    refs: Option<&'r RefTargets<'a>>,
    links: RefCell<Vec<(u32, SegRef<'a>)>>,
    /// The links where the target path of a followed `$ref` ends.
    jumps: RefCell<FxHashSet<u32>>,
    /// Candidates a filter could not decide (their path links).
    undecided: RefCell<Vec<u32>>,
}

impl<'r, 'a> Ctx<'r, 'a> {
    fn new(doc: &'a Document, refs: Option<&'r RefTable<'a>>) -> Self {
        Self {
            doc,
            refs: refs.map(RefTable::targets),
            links: RefCell::new(Vec::new()),
            jumps: RefCell::new(FxHashSet::default()),
            undecided: RefCell::new(Vec::new()),
        }
    }

    fn link(&self, parent: u32, seg: SegRef<'a>) -> u32 {
        let mut links = self.links.borrow_mut();
        links.push((parent, seg));
        u32::try_from(links.len() - 1).unwrap_or(ROOT)
    }

    fn materialize(&self, mut link: u32) -> Vec<Seg> {
        let links = self.links.borrow();
        let mut segs = Vec::new();
        while let Some(&(parent, seg)) = links.get(link as usize) {
            segs.push(seg.owned());
            link = parent;
        }
        segs.reverse();
        segs
    }

    /// The path Spectral reports for the node at `link`: its real path, except that after a
    /// followed `$ref` the path stops before the first member name holding a character that
    /// Spectral's pointer encoding escapes (`+`, `@`, `$`, a space, ...). Spectral maps a path that
    /// crosses a reference through its reference map by URI-encoded pointer segments
    /// (`findAssociatedItemForPath`) and looks the segments after the last reference up as
    /// encoded, so such a member is not found and the finding lands on its parent.
    fn located(&self, link: u32) -> Vec<Seg> {
        let mut path = self.materialize(link);
        let links = self.links.borrow();
        let jumps = self.jumps.borrow();
        // The number of segments up to the last reference's target (from the leaf up).
        let mut depth = path.len();
        let mut at = link;
        while let Some(&(parent, _)) = links.get(at as usize) {
            if jumps.contains(&at) {
                let cut = path[depth..].iter().position(|seg| matches!(seg, Seg::Key(k) if uri_escaped(k)));
                if let Some(cut) = cut {
                    path.truncate(depth + cut);
                }
                return path;
            }
            depth -= 1;
            at = parent;
        }
        path
    }

    /// The parent of a node (`^`): the container of its real location.
    fn parent(&self, node: &Node<'a>) -> Option<Node<'a>> {
        let link = {
            let links = self.links.borrow();
            links.get(node.path as usize)?.0
        };
        let path = self.materialize(link);
        // A node of a file the description references: walk from that file's root.
        let (_, mut value, path) = self.doc.path_start(&path);
        for seg in path {
            value = child_ref(value, seg)?.0;
        }
        let prop = links_seg(&self.links.borrow(), link);
        Some(Node { value, path: link, prop })
    }

    /// `value`, or where it leads if it is a `$ref` object the query follows (with the link
    /// of the target's real path).
    fn resolved(&self, value: &'a Value, path: u32) -> (&'a Value, u32) {
        match self.follow(value) {
            (target, Some(segs)) => (target, self.jump(segs)),
            (value, None) => (value, path),
        }
    }

    /// `value`, or where it leads if it is a `$ref` object the query follows, with the real
    /// path of the target.
    fn follow(&self, value: &'a Value) -> (&'a Value, Option<&'r [SegRef<'a>]>) {
        match self.refs.and_then(|refs| refs.follow(value)) {
            Some((target, segs)) => (target, Some(segs)),
            None => (value, None),
        }
    }

    /// The link of a followed reference's target, whose real path is `segs`.
    fn jump(&self, segs: &[SegRef<'a>]) -> u32 {
        let link = segs.iter().fold(ROOT, |link, &seg| self.link(link, seg));
        if link != ROOT {
            self.jumps.borrow_mut().insert(link);
        }
        link
    }

    /// The link of child `seg` of the node at `parent`: the target's real path when the child
    /// was a followed reference (`jump`), else the parent's path and `seg`.
    fn place(&self, parent: u32, seg: SegRef<'a>, jump: Option<&[SegRef<'a>]>) -> u32 {
        match jump {
            Some(segs) => self.jump(segs),
            None => self.link(parent, seg),
        }
    }

    fn child(&self, node: &Node<'a>, seg: SegRef<'a>, value: &'a Value) -> Node<'a> {
        let (value, jump) = self.follow(value);
        let path = self.place(node.path, seg, jump);
        Node { value, path, prop: Some(seg) }
    }

    fn children(&self, node: &Node<'a>, out: &mut Vec<Node<'a>>) {
        out.extend(Children::of(node.value).map(|(seg, v)| self.child(node, seg, v)));
    }

    fn select(&self, node: &Node<'a>, sels: &[Sel], out: &mut Vec<Node<'a>>) {
        for sel in sels {
            match sel {
                Sel::Name(name) => match node.value {
                    Value::Object(map) => {
                        if let Some((k, v)) = map.get_key_value(name.as_str()) {
                            out.push(self.child(node, SegRef::Key(k), v));
                        }
                    }
                    Value::Array(items) => {
                        if let Some((i, v)) = name.parse::<usize>().ok().and_then(|i| items.get(i).map(|v| (i, v))) {
                            out.push(self.child(node, SegRef::Index(i), v));
                        }
                    }
                    _ => {}
                },
                Sel::Index(index) => {
                    if let Value::Object(map) = node.value
                        && let Some((k, v)) = map.get_key_value(index.to_string().as_str())
                    {
                        out.push(self.child(node, SegRef::Key(k), v));
                    }
                    if let Value::Array(items) = node.value {
                        let len = i64::try_from(items.len()).unwrap_or(i64::MAX);
                        let i = if *index < 0 { len + index } else { *index };
                        if let Some((i, v)) = usize::try_from(i).ok().and_then(|i| items.get(i).map(|v| (i, v))) {
                            out.push(self.child(node, SegRef::Index(i), v));
                        }
                    }
                }
                Sel::Slice(start, end) => {
                    if let Value::Array(items) = node.value {
                        let len = i64::try_from(items.len()).unwrap_or(i64::MAX);
                        let clamp =
                            |v: i64| usize::try_from(if v < 0 { (len + v).max(0) } else { v.min(len) }).unwrap_or(0);
                        let (s, e) = (clamp(start.unwrap_or(0)), clamp(end.unwrap_or(len)));
                        for (i, v) in items.iter().enumerate().take(e).skip(s) {
                            out.push(self.child(node, SegRef::Index(i), v));
                        }
                    }
                }
                Sel::Wild => self.children(node, out),
                Sel::Filter(expr, uses_path) => {
                    // Each child is made and tested in turn (no list of them all); its path
                    // enters the arena only if the filter keeps it (or reads `@path`).
                    for (seg, value) in Children::of(node.value) {
                        let (value, jump) = self.follow(value);
                        let mut path = None;
                        let text = if *uses_path {
                            let link = *path.insert(self.place(node.path, seg, jump));
                            jsonpath_text(&self.materialize(link))
                        } else {
                            String::new()
                        };
                        let scope = Scope {
                            current: value,
                            property: prop_js(Some(seg)),
                            parent: Some(node.value),
                            parent_property: prop_js(node.prop),
                            path: text,
                            root: &self.doc.value,
                            resolver: self.refs,
                        };
                        let matched = expr.matches(&scope);
                        if matched == Ok(false) {
                            continue;
                        }
                        let path = path.unwrap_or_else(|| self.place(node.path, seg, jump));
                        match matched {
                            Ok(_) => out.push(Node { value, path, prop: Some(seg) }),
                            Err(filter::Undecided) => self.undecided.borrow_mut().push(path),
                        }
                    }
                }
            }
        }
    }
}

/// The members or items of a value with their segments, in document order (none for a
/// scalar).
enum Children<'a> {
    Members(serde_json::map::Iter<'a>),
    Items(std::iter::Enumerate<std::slice::Iter<'a, Value>>),
    None,
}

impl<'a> Children<'a> {
    fn of(value: &'a Value) -> Self {
        match value {
            Value::Object(map) => Self::Members(map.iter()),
            Value::Array(items) => Self::Items(items.iter().enumerate()),
            _ => Self::None,
        }
    }
}

impl<'a> Iterator for Children<'a> {
    type Item = (SegRef<'a>, &'a Value);

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Self::Members(members) => members.next().map(|(k, v)| (SegRef::Key(k.as_str()), v)),
            Self::Items(items) => items.next().map(|(i, v)| (SegRef::Index(i), v)),
            Self::None => None,
        }
    }
}

/// Whether Spectral's pointer encoding (`encodeUriPointer`) changes a character of `key`.
fn uri_escaped(key: &str) -> bool {
    key.chars().any(|c| !super::uri_keeps(c))
}

/// The segment of arena link `link` (`None` for the root).
fn links_seg<'a>(links: &[(u32, SegRef<'a>)], link: u32) -> Option<SegRef<'a>> {
    links.get(link as usize).map(|&(_, seg)| seg)
}

fn prop_js(seg: Option<SegRef<'_>>) -> Js<'_> {
    match seg {
        None => Js::Undefined,
        Some(SegRef::Key(k)) => Js::Str(std::borrow::Cow::Borrowed(k)),
        Some(SegRef::Index(i)) => Js::Num(i as f64),
    }
}

/// The member or item `seg` of `value`, with the segment borrowed from the document.
pub(super) fn child_ref<'a>(value: &'a Value, seg: &Seg) -> Option<(&'a Value, SegRef<'a>)> {
    match (value, seg) {
        (Value::Object(map), Seg::Key(k)) => map.get_key_value(k.as_str()).map(|(k, v)| (v, SegRef::Key(k))),
        (Value::Object(map), Seg::Index(i)) => {
            map.get_key_value(i.to_string().as_str()).map(|(k, v)| (v, SegRef::Key(k)))
        }
        (Value::Array(items), Seg::Index(i)) => items.get(*i).map(|v| (v, SegRef::Index(*i))),
        (Value::Array(items), Seg::Key(k)) => {
            k.parse::<usize>().ok().and_then(|i| items.get(i).map(|v| (v, SegRef::Index(i))))
        }
        _ => None,
    }
}

fn jsonpath_text(path: &[Seg]) -> String {
    let mut out = String::from("$");
    for seg in path {
        match seg {
            Seg::Key(k) => {
                let _ = write!(out, "['{k}']");
            }
            Seg::Index(i) => {
                let _ = write!(out, "[{i}]");
            }
        }
    }
    out
}

/// Parses a bracket starting at `chars[open] == '['`; returns its selectors and the index
/// after the closing `]`.
fn bracket(chars: &[char], open: usize) -> Result<(Vec<Sel>, usize), String> {
    let mut i = open + 1;
    while chars.get(i).is_some_and(|c| c.is_whitespace()) {
        i += 1;
    }
    if chars.get(i) == Some(&'?') {
        let start = chars[i + 1..].iter().position(|&c| c == '(').map(|p| i + 1 + p).ok_or("expected `(` after `?`")?;
        let close = matching_paren(chars, start).ok_or("unbalanced `(` in filter")?;
        let text: String = chars[start + 1..close].iter().collect();
        let expr = filter::parse(&text)?;
        let uses_path = text.contains("@path");
        let end = chars[close..].iter().position(|&c| c == ']').map(|p| close + p).ok_or("expected `]`")?;
        return Ok((vec![Sel::Filter(Box::new(expr), uses_path)], end + 1));
    }
    let mut sels = Vec::new();
    let mut item = String::new();
    let mut quote = None;
    while i < chars.len() {
        let c = chars[i];
        match (c, quote) {
            ('\\', Some(_)) if i + 1 < chars.len() => {
                item.push(chars[i + 1]);
                i += 1;
            }
            (q, Some(open_quote)) if q == open_quote => quote = None,
            ('\'' | '"', None) => {
                quote = Some(c);
                item.push('\u{0}');
            }
            (',' | ']', None) => {
                sels.push(selector(&item)?);
                item.clear();
                if c == ']' {
                    return Ok((sels, i + 1));
                }
            }
            _ => item.push(c),
        }
        i += 1;
    }
    Err("unterminated `[`".to_owned())
}

fn selector(item: &str) -> Result<Sel, String> {
    if let Some(quoted) = item.trim().strip_prefix('\u{0}') {
        return Ok(Sel::Name(quoted.to_owned()));
    }
    let item = item.trim();
    if item == "*" {
        return Ok(Sel::Wild);
    }
    if let Ok(i) = item.parse::<i64>() {
        return Ok(Sel::Index(i));
    }
    let bound = |text: &str| -> Result<Option<i64>, String> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(None);
        }
        text.parse().map(Some).map_err(|_| format!("`{item}` is not a slice conform reads"))
    };
    if let Some((start, rest)) = item.split_once(':') {
        let (end, step) = rest.split_once(':').unwrap_or((rest, ""));
        if !matches!(step.trim(), "" | "1") {
            return Err(format!("the slice step in `[{item}]` is not supported"));
        }
        return Ok(Sel::Slice(bound(start)?, bound(end)?));
    }
    if item.is_empty() || item.contains(['(', ')', '?', '@', '$', '[', '\'', '"']) {
        return Err(format!("`[{item}]` is not a selector conform reads (script expressions are not supported)"));
    }
    Ok(Sel::Name(item.to_owned()))
}

/// The index of the `)` closing the `(` at `open`, skipping strings and regex literals.
fn matching_paren(chars: &[char], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = open;
    let mut prev = '(';
    while i < chars.len() {
        let c = chars[i];
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            '\'' | '"' => {
                i += 1;
                while i < chars.len() && chars[i] != c {
                    if chars[i] == '\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            '/' if matches!(prev, '(' | ',' | '=' | '!' | '&' | '|' | ':') => {
                i += 1;
                let mut in_class = false;
                while i < chars.len() && (chars[i] != '/' || in_class) {
                    match chars[i] {
                        '\\' => i += 1,
                        '[' => in_class = true,
                        ']' => in_class = false,
                        _ => {}
                    }
                    i += 1;
                }
            }
            _ => {}
        }
        if !c.is_whitespace() {
            prev = c;
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use conform_formats::Format;

    fn paths(doc: &Document, path: &str) -> Vec<String> {
        let mut out: Vec<String> = JsonPath::parse(path)
            .unwrap()
            .query(doc, Some(&RefTable::new(doc)))
            .iter()
            .map(|h| super::super::document::dotted(&h.path))
            .collect();
        out.sort();
        out
    }

    #[test]
    fn spectral_paths_select_like_jsonpath_plus() {
        let doc = Document::parse(
            br##"{"openapi": "3.0.0", "paths": {"/a": {"get": {"parameters": [{"in": "query", "name": "x"}],
                "responses": {"200": {"headers": {}}, "404": {"$ref": "#/components/responses/E"}}}}},
                "components": {"responses": {"E": {"content": {}}}}}"##,
            Format::Json,
        )
        .unwrap();
        assert_eq!(paths(&doc, "$.['openapi']"), ["openapi"]);
        assert_eq!(
            paths(&doc, "$..[responses][?(@property && @property.match(/(2|3)\\d\\d/))][headers]"),
            ["paths./a.get.responses[200].headers"]
        );
        assert_eq!(
            paths(&doc, "$..[responses][?(@property.match(/4\\d\\d/))].content"),
            ["components.responses.E.content"]
        );
        assert_eq!(paths(&doc, "$.paths.*.*.parameters[?(@.in=='query')]"), ["paths./a.get.parameters[0]"]);
        assert_eq!(paths(&doc, "$.paths[*]~"), ["paths./a"]);
        assert_eq!(paths(&doc, "$..responses[200,'404']"), ["components.responses.E", "paths./a.get.responses[200]"]);
        // jsonpath-plus (Spectral's fallback when nimma refuses a path) drops the quotes.
        assert_eq!(paths(&doc, "$.paths.'/a'.get.responses.200"), ["paths./a.get.responses[200]"]);
    }

    /// Paths and what Spectral 6.16 selects with them (recorded with `spectral lint`).
    #[test]
    fn spectral_6_reads_dot_bracket_as_descent_and_caret_as_parent() {
        let doc = Document::parse(
            br#"{"info": {"title": "T", "contact": {"name": "C", "url": "u"}, "name": "top"},
                "paths": {"/a": {"get": {"parameters": [{"name": "p1", "in": "query"}, {"name": "p2", "in": "path"}]}}},
                "x-list": [1, 2, 3]}"#,
            Format::Json,
        )
        .unwrap();
        assert_eq!(paths(&doc, "$.info.[name]"), ["info.contact.name", "info.name"]);
        assert_eq!(paths(&doc, "$.info[name]"), ["info.name"]);
        assert_eq!(paths(&doc, "$.info.[contact].name"), ["info.contact.name"]);
        assert_eq!(
            paths(&doc, "$..parameters.[in]"),
            ["paths./a.get.parameters[0].in", "paths./a.get.parameters[1].in"]
        );
        assert_eq!(paths(&doc, "$.info.[?(@.name)]"), ["info.contact"]);
        assert_eq!(paths(&doc, "$..parameters[*].name^"), ["paths./a.get.parameters[0]", "paths./a.get.parameters[1]"]);
        assert_eq!(paths(&doc, "$.info.contact^"), ["info"]);
        assert_eq!(paths(&doc, "$.info.contact.name^^"), ["info"]);
        assert_eq!(paths(&doc, "$.info.*^~"), ["info"]);
        assert_eq!(paths(&doc, "$['x-list'][-1:]"), ["x-list[2]"]);
        for bad in ["$.info[(@.length-1)]", "$.info~.name", "$.info.", "$.a[0:4:2]", "$.a[x:y]", "$.info.^"] {
            assert!(JsonPath::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn reference_cycles_end() {
        // A reference to its own ancestor stays a reference, as in Spectral's resolved document.
        let doc = Document::parse(br##"{"a": {"b": {"$ref": "#/a"}}}"##, Format::Json).unwrap();
        assert_eq!(paths(&doc, "$..b"), ["a.b"]);
        // A pure reference loop resolves to nothing; descent still ends.
        let doc =
            Document::parse(br##"{"x": {"$ref": "#/y"}, "y": {"$ref": "#/x"}, "z": {"b": 1}}"##, Format::Json).unwrap();
        assert_eq!(paths(&doc, "$..b"), ["z.b"]);
        assert!(JsonPath::parse("paths").is_err());
        assert!(JsonPath::parse("$[?(@.x").is_err());
    }

    /// A descent remembers only the nodes two ways lead to (reference targets, starts inside
    /// other starts), makes no node of a scalar and gives a filter candidate its path only
    /// when it is kept: what it selects, and at which real path, is as before. (How often a
    /// node is walked is not observable here: the hits are deduplicated at the end.)
    #[test]
    fn shared_targets_and_nested_starts_select_each_node_at_its_real_path() {
        let doc = Document::parse(
            br##"{"components": {"S": {"properties": {"b": {"type": "string"}}}},
                "paths": {"x": {"$ref": "#/components/S"}, "y": {"$ref": "#/components/S"}},
                "a": {"a": {"b": 1, "c": {"$ref": "#/components/S"}}, "b": 2}}"##,
            Format::Json,
        )
        .unwrap();
        let all = |path: &str| -> Vec<String> {
            JsonPath::parse(path)
                .unwrap()
                .query(&doc, Some(&RefTable::new(&doc)))
                .iter()
                .map(|h| super::super::document::dotted(&h.path))
                .collect()
        };
        assert_eq!(all("$..b"), ["components.S.properties.b", "a.b", "a.a.b"]);
        assert_eq!(all("$..a..b"), ["a.b", "a.a.b", "components.S.properties.b"]);
        assert_eq!(all("$..[?(@.type == 'string')]"), ["components.S.properties.b"]);
        assert_eq!(
            all("$..[?(@path.match(/properties/))]"),
            ["components.S.properties", "components.S.properties.b", "components.S.properties.b.type"]
        );
        // Without following references, the `$ref` objects are walked as written.
        let raw: Vec<String> = JsonPath::parse("$..['$ref']")
            .unwrap()
            .query(&doc, None)
            .iter()
            .map(|h| super::super::document::dotted(&h.path))
            .collect();
        assert_eq!(raw.len(), 3, "{raw:?}");
    }
}
