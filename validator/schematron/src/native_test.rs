//! Assert and report tests decided without an XPath evaluation.
//!
//! Most EN 16931 tests ask whether elements exist: `exists(cbc:LineExtensionAmount)`,
//! `not(cac:Delivery/cac:DeliveryParty)` (each UBL-CR rule), `exists(cbc:InvoicedQuantity)
//! or exists(cbc:CreditedQuantity)`. An xee-xpath evaluation of such a test builds a dynamic
//! context and runs the interpreter for a few child steps; a [`Test`] walks those steps on
//! the document itself. A test is decided here only when that is exactly what it means:
//!
//! - `or` and `and` of operands, each `not(T)`, `exists(P)`, `(T)`, a path `P` or
//!   `count(P) OP n` (`OP` one of `=`, `!=`, `<`, `<=`, `>`, `>=`, `n` an integer literal),
//!   where `T` is such a test again;
//! - `(P | P ...)` and `(P | P ...)/P` stand for paths wherever `P` does but in `count`;
//! - `contains(S, S)`, `starts-with(S, S)` and `ends-with(S, S)`, where `S` is a string
//!   literal, `normalize-space(.)`, `normalize-space(@name)`, `local-name()` or `concat` of
//!   two or more of these (the code-list tests:
//!   `contains(' AED AFN ... ', concat(' ', normalize-space(@currencyID), ' '))`), and
//!   `ends-with(name(), 'x')` when `x` has no colon (then it is `local-name()`'s suffix);
//! - a path is `/`-separated child steps, each a name test (`p:name`, `name`, `*`) without
//!   predicates, the last of which may be an attribute step (`@name`, `@*`); every prefix
//!   is declared in the schema, and an unprefixed name is in no namespace (the schema does
//!   not bind the empty prefix), as [`crate::matcher`] decides for rule contexts. It starts
//!   at the context node, at the root (`/ubl:Invoice/cbc:ID`) or anywhere in the document
//!   (`//@schemeName`, `//cac:InvoiceLine/cbc:ID`: the first step on the descendant axis of
//!   the root). The root of a validated document is its document node, so `/` and `//`
//!   raise no error; a path of child steps after one descendant step reaches each node along
//!   one chain of parents, so no node is counted twice.
//!
//! The effective boolean value of a node sequence is whether it is empty, `count` of a node
//! sequence is an integer compared with an integer, and no operand can raise an error, so
//! the order in which the operands are evaluated does not matter.
//! Anything else (a comparison, a literal, a variable, any other function, `.`, `..`, `//`
//! after the first step, a predicate) is evaluated by xee-xpath as before.

use std::borrow::Cow;

use xot::{NameId, Xot};

use crate::descend::ncname_or_star;
use crate::matcher::{NameTest, NodeIndex, name_id, name_test};

/// A test decided natively.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Test {
    /// Whether a path selects a node.
    Exists(Path),
    /// `count(path) OP n` for an integer literal `n`.
    Count {
        path: Path,
        op: Comparison,
        n: u64,
    },
    /// `contains(a, b)`, `starts-with(a, b)` or `ends-with(a, b)` of two strings (Unicode
    /// codepoint collation, XPath's default).
    Contains(Str, Str),
    StartsWith(Str, Str),
    EndsWith(Str, Str),
    Not(Box<Test>),
    And(Vec<Test>),
    Or(Vec<Test>),
}

/// A path of name steps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Path {
    pub start: Start,
    /// Child steps (the first one on the descendant axis from [`Start::Anywhere`]), the last
    /// one on the attribute axis when `attribute` is set.
    pub steps: Vec<NameTest>,
    pub attribute: bool,
}

/// Where a [`Path`] starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Start {
    /// At the context node (`cac:A/cbc:B`).
    Context,
    /// At the root of the document (`/ubl:Invoice/cbc:ID`).
    Root,
    /// Anywhere in the document (`//cac:A/cbc:B`, `//@name`).
    Anywhere,
}

/// A string expression of a [`Test::Contains`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Str {
    Literal(String),
    /// `normalize-space(.)`.
    NormalizeSpaceOfContext,
    /// `normalize-space(@name)`: the attribute's namespace URI (empty: none) and local name.
    NormalizeSpaceOfAttribute {
        ns: String,
        local: String,
    },
    Concat(Vec<Str>),
    /// `local-name()` of the context node (empty for a node without a name).
    LocalName,
}

impl Str {
    /// The string's value with `node` as the context node (a literal is borrowed: code lists
    /// are long).
    fn value<'a>(&'a self, xot: &'a Xot, node: xot::Node) -> Cow<'a, str> {
        match self {
            Self::Literal(text) => Cow::Borrowed(text),
            Self::NormalizeSpaceOfContext => Cow::Owned(normalize_space(&xot.string_value(node))),
            Self::NormalizeSpaceOfAttribute { ns, local } => Cow::Owned(
                name_id(xot, ns, local)
                    .and_then(|name| xot.get_attribute(node, name))
                    .map(normalize_space)
                    .unwrap_or_default(),
            ),
            Self::Concat(parts) => Cow::Owned(parts.iter().map(|p| p.value(xot, node)).collect()),
            Self::LocalName => Cow::Borrowed(xot.node_name(node).map_or("", |name| xot.local_name_str(name))),
        }
    }
}

/// XPath's `normalize-space`: XML whitespace (space, tab, CR, LF) trimmed and each run of it
/// made one space.
fn normalize_space(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split([' ', '\t', '\r', '\n']).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// A general comparison operator between two integers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Comparison {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Comparison {
    /// The operator at the start of `text` and the text after it.
    fn parse(text: &str) -> Option<(Self, &str)> {
        let ops =
            [("<=", Self::Le), (">=", Self::Ge), ("!=", Self::Ne), ("<", Self::Lt), (">", Self::Gt), ("=", Self::Eq)];
        ops.iter().find_map(|&(op, value)| text.strip_prefix(op).map(|rest| (value, rest)))
    }

    fn holds(self, a: u64, b: u64) -> bool {
        match self {
            Self::Eq => a == b,
            Self::Ne => a != b,
            Self::Lt => a < b,
            Self::Le => a <= b,
            Self::Gt => a > b,
            Self::Ge => a >= b,
        }
    }
}

/// How deep tests may nest (`not(not(...))`, parentheses) and how many steps a path may have
/// to be decided here: parsing and deciding recurse that deep. Past them (no real test comes
/// near) the test is left to xee-xpath and its own limits.
const MAX_NESTING: usize = 32;
const MAX_STEPS: usize = 32;

/// The test `text` is, when it has one of the shapes above; `None` otherwise.
pub(crate) fn parse(text: &str, namespaces: &[(&str, &str)]) -> Option<Test> {
    let mut parser = Parser { rest: text, namespaces, depth: 0 };
    let parsed = parser.or()?;
    parser.rest.trim_start().is_empty().then_some(parsed)
}

struct Parser<'t, 'n> {
    rest: &'t str,
    namespaces: &'n [(&'n str, &'n str)],
    /// How many tests enclose the one being parsed.
    depth: usize,
}

impl Parser<'_, '_> {
    fn or(&mut self) -> Option<Test> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return None;
        }
        let mut operands = vec![self.and()?];
        while self.keyword("or") {
            operands.push(self.and()?);
        }
        self.depth -= 1;
        Some(if operands.len() == 1 { operands.remove(0) } else { Test::Or(operands) })
    }

    fn and(&mut self) -> Option<Test> {
        let mut operands = vec![self.unary()?];
        while self.keyword("and") {
            operands.push(self.unary()?);
        }
        Some(if operands.len() == 1 { operands.remove(0) } else { Test::And(operands) })
    }

    fn unary(&mut self) -> Option<Test> {
        self.rest = self.rest.trim_start();
        if self.call("not") {
            let inner = self.or()?;
            self.close()?;
            return Some(Test::Not(Box::new(inner)));
        }
        if self.call("exists") {
            let path = self.union_or_path()?;
            self.close()?;
            return Some(path);
        }
        for (function, test) in [
            ("contains", Test::Contains as fn(Str, Str) -> Test),
            ("starts-with", Test::StartsWith),
            ("ends-with", Test::EndsWith),
        ] {
            if self.call(function) {
                let haystack = if function == "ends-with" && self.call("name") {
                    // `ends-with(name(), 'x')` when `x` has no colon: the suffix is then
                    // part of the local name, whatever the prefix.
                    self.close()?;
                    self.rest = self.rest.trim_start().strip_prefix(',')?;
                    let needle = self.string()?;
                    self.close()?;
                    return match needle {
                        Str::Literal(suffix) if !suffix.contains(':') => {
                            Some(Test::EndsWith(Str::LocalName, Str::Literal(suffix)))
                        }
                        _ => None,
                    };
                } else {
                    self.string()?
                };
                self.rest = self.rest.trim_start().strip_prefix(',')?;
                let needle = self.string()?;
                self.close()?;
                return Some(test(haystack, needle));
            }
        }
        if self.call("count") {
            let Test::Exists(path) = self.path()? else { return None };
            self.close()?;
            let (op, after) = Comparison::parse(self.rest.trim_start())?;
            let after = after.trim_start();
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            // A number goes on with `.`, `e` or a name character (`1e0`, `1.5`): not an integer.
            if digits == 0 || after[digits..].starts_with(|c: char| c.is_alphanumeric() || matches!(c, '.' | '_' | '-'))
            {
                return None;
            }
            let n = after[..digits].parse().ok()?;
            self.rest = &after[digits..];
            return Some(Test::Count { path, op, n });
        }
        self.union_or_path()
    }

    /// `(P | P ...)/P`, `(P | P ...)` or a test in parentheses, or a path.
    fn union_or_path(&mut self) -> Option<Test> {
        let Some(after) = self.rest.trim_start().strip_prefix('(') else { return self.path() };
        let start = self.rest;
        self.rest = after;
        if let Some(union) = self.union() {
            return Some(union);
        }
        self.rest = start.trim_start().strip_prefix('(')?;
        let inner = self.or()?;
        self.close()?;
        Some(inner)
    }

    /// After `(`: paths separated by `|`, `)`, and optionally `/` and a path that goes on
    /// from each of them. A node the union selects is one some branch selects, so the union
    /// selects a node exactly when one of its branches does.
    fn union(&mut self) -> Option<Test> {
        let branches = self.list('|', Self::path)?;
        if branches.len() < 2 {
            return None;
        }
        let rest = self.rest.trim_start();
        let tail = match rest.strip_prefix('/') {
            Some(after) if !after.starts_with('/') => {
                self.rest = after;
                match self.path()? {
                    Test::Exists(tail) if tail.start == Start::Context => Some(tail),
                    _ => return None,
                }
            }
            Some(_) => return None,
            None => None,
        };
        let mut out = Vec::with_capacity(branches.len());
        for branch in branches {
            let Test::Exists(mut path) = branch else { return None };
            if let Some(tail) = &tail {
                if path.attribute {
                    return None;
                }
                path.steps.extend(tail.steps.iter().cloned());
                if path.steps.len() > MAX_STEPS {
                    return None;
                }
                path.attribute = tail.attribute;
            }
            out.push(Test::Exists(path));
        }
        Some(Test::Or(out))
    }

    /// A path of child steps, the last one optionally an attribute step, from the context
    /// node, the root (`/`) or anywhere (`//`).
    fn path(&mut self) -> Option<Test> {
        self.rest = self.rest.trim_start();
        let start = if let Some(after) = self.rest.strip_prefix("//") {
            self.rest = after;
            Start::Anywhere
        } else if let Some(after) = self.rest.strip_prefix('/') {
            self.rest = after;
            Start::Root
        } else {
            Start::Context
        };
        let mut steps = Vec::new();
        loop {
            self.rest = self.rest.trim_start();
            let attribute = match self.rest.strip_prefix('@') {
                Some(after) => {
                    self.rest = after;
                    true
                }
                None => false,
            };
            let (test, after) = name_test(self.rest, self.namespaces)?;
            steps.push(test);
            if steps.len() > MAX_STEPS {
                return None;
            }
            self.rest = after.trim_start();
            if self.rest.starts_with('[') {
                return None;
            }
            match self.rest.strip_prefix('/') {
                // An attribute has no children; `//` is another axis.
                Some(after) if !attribute && !after.starts_with('/') => self.rest = after,
                Some(_) => return None,
                None => return Some(Test::Exists(Path { start, steps, attribute })),
            }
        }
    }

    /// A string literal, `normalize-space(.)`, `normalize-space(@name)` or `concat` of two
    /// or more of these.
    fn string(&mut self) -> Option<Str> {
        self.rest = self.rest.trim_start();
        if let Some(quote) = self.rest.chars().next().filter(|c| matches!(c, '\'' | '"')) {
            // A quote inside the literal is written twice.
            let mut text = String::new();
            let mut rest = &self.rest[1..];
            loop {
                let end = rest.find(quote)?;
                text.push_str(&rest[..end]);
                rest = &rest[end + 1..];
                if let Some(after) = rest.strip_prefix(quote) {
                    text.push(quote);
                    rest = after;
                } else {
                    break;
                }
            }
            self.rest = rest;
            return Some(Str::Literal(text));
        }
        if self.call("normalize-space") {
            self.rest = self.rest.trim_start();
            let of = if let Some(after) = self.rest.strip_prefix('.') {
                // `..` is the parent, `.5` a number.
                if after.starts_with(|c: char| c == '.' || c.is_ascii_digit()) {
                    return None;
                }
                self.rest = after;
                Str::NormalizeSpaceOfContext
            } else {
                // Not `@*`: it may select several attributes (an error).
                let (NameTest::Name { ns, local }, after) = name_test(self.rest.strip_prefix('@')?, self.namespaces)?
                else {
                    return None;
                };
                self.rest = after;
                Str::NormalizeSpaceOfAttribute { ns, local }
            };
            self.close()?;
            return Some(of);
        }
        if self.call("local-name") {
            self.close()?;
            return Some(Str::LocalName);
        }
        if self.call("concat") {
            self.depth += 1;
            if self.depth > MAX_NESTING {
                return None;
            }
            let parts = self.list(',', Self::string)?;
            self.depth -= 1;
            return (parts.len() >= 2).then_some(Str::Concat(parts));
        }
        None
    }

    /// Items `item` parses, separated by `separator`, up to and with the closing `)`.
    fn list<T>(&mut self, separator: char, mut item: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        let mut items = vec![item(self)?];
        loop {
            let rest = self.rest.trim_start();
            if let Some(after) = rest.strip_prefix(separator) {
                self.rest = after;
                items.push(item(self)?);
            } else {
                self.rest = rest.strip_prefix(')')?;
                return Some(items);
            }
        }
    }

    /// Consumes the operator `word` when it comes next (followed by a space or `(`).
    fn keyword(&mut self, word: &str) -> bool {
        let rest = self.rest.trim_start();
        match rest.strip_prefix(word) {
            Some(after) if after.starts_with(|c: char| c.is_whitespace() || c == '(') => {
                self.rest = after;
                true
            }
            _ => false,
        }
    }

    /// Consumes `name(` when the next name is the function `name`.
    fn call(&mut self, name: &str) -> bool {
        let Some(len) = ncname_or_star(self.rest) else { return false };
        if &self.rest[..len] != name {
            return false;
        }
        match self.rest[len..].trim_start().strip_prefix('(') {
            Some(after) => {
                self.rest = after;
                true
            }
            None => false,
        }
    }

    fn close(&mut self) -> Option<()> {
        self.rest = self.rest.trim_start().strip_prefix(')')?;
        Some(())
    }
}

impl Test {
    /// The test's effective boolean value with `node` as the context node; `index`, when
    /// given, indexes the document `node` is in (it finds the nodes of `//` paths).
    pub(crate) fn holds(&self, xot: &Xot, node: xot::Node, index: Option<&NodeIndex>) -> bool {
        match self {
            Self::Exists(path) => count(xot, node, path, index, 1) > 0,
            // Counting stops past `n`: every comparison is decided by then.
            Self::Count { path, op, n } => op.holds(count(xot, node, path, index, n.saturating_add(1)), *n),
            Self::Contains(haystack, needle) => haystack.value(xot, node).contains(needle.value(xot, node).as_ref()),
            Self::StartsWith(haystack, needle) => {
                haystack.value(xot, node).starts_with(needle.value(xot, node).as_ref())
            }
            Self::EndsWith(haystack, needle) => haystack.value(xot, node).ends_with(needle.value(xot, node).as_ref()),
            Self::Not(inner) => !inner.holds(xot, node, index),
            Self::And(operands) => operands.iter().all(|t| t.holds(xot, node, index)),
            Self::Or(operands) => operands.iter().any(|t| t.holds(xot, node, index)),
        }
    }
}

/// How many nodes `path` selects from `node`, counted up to `limit`. Each step's name is
/// looked up in the document's names once; a name the document does not have matches
/// nothing.
fn count(xot: &Xot, node: xot::Node, path: &Path, index: Option<&NodeIndex>, limit: u64) -> u64 {
    let mut wanted = Vec::with_capacity(path.steps.len());
    for step in &path.steps {
        wanted.push(match step {
            NameTest::Any => None,
            NameTest::Name { ns, local } => match name_id(xot, ns, local) {
                Some(id) => Some(id),
                None => return 0,
            },
        });
    }
    match path.start {
        Start::Context => count_named(xot, node, &wanted, path.attribute, limit),
        Start::Root => count_named(xot, xot.root(node), &wanted, path.attribute, limit),
        Start::Anywhere => {
            let Some((&first, rest)) = wanted.split_first() else { return 0 };
            let take = usize::try_from(limit).unwrap_or(usize::MAX);
            if rest.is_empty() && path.attribute {
                return match index {
                    Some(index) => index.attributes_named(first).len().min(take) as u64,
                    None => anywhere(xot, node, first, true).take(take).count() as u64,
                };
            }
            let mut found = 0;
            let mut from = |element: xot::Node| {
                found += count_named(xot, element, rest, path.attribute, limit - found);
                found >= limit
            };
            match index {
                Some(index) => {
                    let _ = index.elements_named(first).iter().any(|&element| from(element));
                }
                None => {
                    let _ = anywhere(xot, node, first, false).any(from);
                }
            }
            found
        }
    }
}

/// The elements (or, with `attribute`, the attributes) named `name` (`None`: any name) in the
/// document `node` is in, without an index.
fn anywhere(xot: &Xot, node: xot::Node, name: Option<NameId>, attribute: bool) -> impl Iterator<Item = xot::Node> {
    let elements = xot.descendants(xot.root(node)).filter(|&n| xot.is_element(n));
    let named = move |n: &xot::Node| name.is_none_or(|id| xot.node_name(*n) == Some(id));
    let (as_elements, as_attributes) = if attribute {
        (None, Some(elements.flat_map(move |e| xot.attribute_nodes(e)).filter(named)))
    } else {
        (Some(elements.filter(named)), None)
    };
    as_elements.into_iter().flatten().chain(as_attributes.into_iter().flatten())
}

/// [`count`] with each step's name id (`None`: any name). In a tree each node is reached
/// from `node` along one chain of parents, so no node is counted twice.
fn count_named(xot: &Xot, node: xot::Node, steps: &[Option<NameId>], attribute: bool, limit: u64) -> u64 {
    let Some((&wanted, rest)) = steps.split_first() else { return 1 };
    let named = |candidate: &xot::Node| wanted.is_none_or(|id| xot.node_name(*candidate) == Some(id));
    if rest.is_empty() && attribute {
        if !xot.is_element(node) {
            return 0;
        }
        return xot.attribute_nodes(node).filter(named).take(usize::try_from(limit).unwrap_or(usize::MAX)).count()
            as u64;
    }
    let mut found = 0;
    for child in xot.children(node).filter(|&child| xot.is_element(child)).filter(named) {
        found += count_named(xot, child, rest, attribute, limit - found);
        if found >= limit {
            break;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    const NS: &[(&str, &str)] = &[("cac", "urn:cac"), ("cbc", "urn:cbc")];

    fn path(names: &[&str], attribute: bool) -> Test {
        Test::Exists(Path { start: Start::Context, steps: path_steps(names), attribute })
    }

    fn path_steps(names: &[&str]) -> Vec<NameTest> {
        names
            .iter()
            .map(|n| match n.split_once(':') {
                Some(("cac", l)) => NameTest::Name { ns: "urn:cac".to_owned(), local: l.to_owned() },
                Some(("cbc", l)) => NameTest::Name { ns: "urn:cbc".to_owned(), local: l.to_owned() },
                _ if *n == "*" => NameTest::Any,
                _ => NameTest::Name { ns: String::new(), local: (*n).to_owned() },
            })
            .collect()
    }

    #[test]
    fn existence_tests_are_parsed() {
        assert_eq!(parse("exists(cbc:A)", NS), Some(path(&["cbc:A"], false)));
        assert_eq!(parse(" ( cac:B / cbc:A ) ", NS), Some(path(&["cac:B", "cbc:A"], false)));
        assert_eq!(parse("not(cac:B/@id)", NS), Some(Test::Not(Box::new(path(&["cac:B", "id"], true)))));
        assert_eq!(
            parse("exists(cbc:A) or exists(cbc:B) and not (x)", NS),
            Some(Test::Or(vec![
                path(&["cbc:A"], false),
                Test::And(vec![path(&["cbc:B"], false), Test::Not(Box::new(path(&["x"], false)))]),
            ]))
        );
        assert_eq!(parse("*/@*", NS), Some(path(&["*", "*"], true)));
        assert_eq!(
            parse("not((cac:A|cac:B)/cbc:C)", NS),
            Some(Test::Not(Box::new(Test::Or(vec![
                path(&["cac:A", "cbc:C"], false),
                path(&["cac:B", "cbc:C"], false)
            ]))))
        );
        assert_eq!(parse("(cac:A | x)", NS), Some(Test::Or(vec![path(&["cac:A"], false), path(&["x"], false)])));
        assert_eq!(
            parse("count(cac:A/@id) <= 1", NS),
            Some(Test::Count {
                path: Path { start: Start::Context, steps: path_steps(&["cac:A", "id"]), attribute: true },
                op: Comparison::Le,
                n: 1
            })
        );
        assert_eq!(
            parse(
                "not(contains(normalize-space(.), ' ')) and contains(' A ''B'' ', concat(' ', normalize-space(@c), ' '))",
                NS
            ),
            Some(Test::And(vec![
                Test::Not(Box::new(Test::Contains(Str::NormalizeSpaceOfContext, Str::Literal(" ".to_owned())))),
                Test::Contains(
                    Str::Literal(" A 'B' ".to_owned()),
                    Str::Concat(vec![
                        Str::Literal(" ".to_owned()),
                        Str::NormalizeSpaceOfAttribute { ns: String::new(), local: "c".to_owned() },
                        Str::Literal(" ".to_owned()),
                    ])
                ),
            ]))
        );
        let from = |start, names: &[&str], attribute| Test::Exists(Path { start, steps: path_steps(names), attribute });
        assert_eq!(parse("not(//@a)", NS), Some(Test::Not(Box::new(from(Start::Anywhere, &["a"], true)))));
        assert_eq!(parse(" / cac:A/cbc:B", NS), Some(from(Start::Root, &["cac:A", "cbc:B"], false)));
        assert_eq!(
            parse("(//cac:A | /cac:B)/@c", NS),
            Some(Test::Or(vec![
                from(Start::Anywhere, &["cac:A", "c"], true),
                from(Start::Root, &["cac:B", "c"], true)
            ]))
        );
        // An element may be called `not`, `and` or `or`.
        assert_eq!(parse("not", NS), Some(path(&["not"], false)));
    }

    #[test]
    fn everything_else_is_left_to_xpath() {
        for text in [
            "cbc:A = 'x'",
            "normalize-space(cbc:A) != ''",
            "cbc:A[1]",
            "cbc:A[@x]",
            "cbc:A//cbc:B",
            "//cac:B//cbc:A",
            "(cac:A | cac:B)//cbc:A",
            "(cac:A | cac:B)/(//cbc:A)",
            "count(//cac:B//cbc:A) = 1",
            "/",
            "//",
            "///cbc:A",
            "//@a/cbc:A",
            "//cbc:A[1]",
            ".",
            "../cbc:A",
            "$v",
            "true()",
            "boolean(cbc:A)",
            "exists(cbc:A) or",
            "not(cbc:A",
            "exists(cbc:A, cbc:B)",
            "cbc:A | cbc:B",
            "(cbc:A)/cbc:B",
            "(cbc:A|@b)/cbc:C",
            "(cbc:A|cbc:B)//cbc:C",
            "(cbc:A|cbc:B)[1]",
            "count(cbc:A) <= 1.5",
            "count(cbc:A) <= 1e0",
            "count(cbc:A) <= $n",
            "count(cbc:A) + 1 <= 2",
            "count((cbc:A|cbc:B)) = 1",
            "count(cbc:A) le 1",
            "contains(normalize-space(..), 'a')",
            "contains(normalize-space(.5), 'a')",
            "contains(normalize-space(@*), 'a')",
            "contains(normalize-space(cbc:A), 'a')",
            "contains(concat('a'), 'a')",
            "contains('a', 'b', 'c')",
            "contains(string(.), 'a')",
            "contains('a, 'b')",
            "contains(., 'a')",
            "ends-with(name(), 'p:x')",
            "ends-with(name(), normalize-space(.))",
            "starts-with(name(), 'x')",
            "ends-with(name(.), 'x')",
            "local-name(.) = 'x'",
            "starts-with(local-name(cbc:A), 'x')",
            "@a/b",
            "x:A",
            "cbc:*",
            "1",
            "'text'",
            "",
        ] {
            assert_eq!(parse(text, NS), None, "{text}");
        }
        // Nesting and paths past the bounds.
        let deep = format!("{}a{}", "not(".repeat(MAX_NESTING + 1), ")".repeat(MAX_NESTING + 1));
        assert_eq!(parse(&deep, NS), None);
        assert!(parse(&format!("{}a{}", "not(".repeat(MAX_NESTING - 1), ")".repeat(MAX_NESTING - 1)), NS).is_some());
        assert_eq!(parse(&vec!["a"; MAX_STEPS + 1].join("/"), NS), None);
        assert!(parse(&vec!["a"; MAX_STEPS].join("/"), NS).is_some());
        let deep = format!("contains({}'a'{}, 'a')", "concat('a', ".repeat(MAX_NESTING), ")".repeat(MAX_NESTING));
        assert_eq!(parse(&deep, NS), None);
        // An unprefixed name when the schema binds the empty prefix.
        assert_eq!(parse("a", &[("", "urn:d")]), None);
    }
}
