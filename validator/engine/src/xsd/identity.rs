//! Identity constraints (`xs:unique`, `xs:key`, `xs:keyref`) with the restricted `XPath`
//! subset of XSD 1.0, evaluated while streaming.
//!
//! A keyref is resolved against the key of the same name declared on the same element or
//! on an enclosing element of the instance.

use std::collections::{HashMap, HashSet};

use conform_diagnostics::{Location, Span};
use roxmltree::Node;

use super::load::{Doc, SchemaError, children, is_xs};
use super::model::QName;

/// Which kind of constraint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// Values unique where all fields are present.
    Unique,
    /// Values present and unique.
    Key,
    /// Values present in the referenced key.
    KeyRef(QName),
}

/// A name test of a path step.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Test {
    Name(QName),
    AnyIn(String),
    Any,
}

impl Test {
    fn matches(&self, name: &QName) -> bool {
        match self {
            Self::Name(q) => q == name,
            Self::AnyIn(ns) => *ns == name.ns,
            Self::Any => true,
        }
    }
}

/// One alternative of a selector or field: element steps and an optional attribute.
#[derive(Debug, Clone)]
struct Path {
    descendant: bool,
    steps: Vec<Test>,
    attribute: Option<Test>,
}

impl Path {
    /// Whether the element steps match `names` (relative to the context node).
    fn matches(&self, names: &[QName]) -> bool {
        if self.descendant {
            names.len() >= self.steps.len()
                && self.steps.iter().zip(&names[names.len() - self.steps.len()..]).all(|(t, n)| t.matches(n))
        } else {
            names.len() == self.steps.len() && self.steps.iter().zip(names).all(|(t, n)| t.matches(n))
        }
    }
}

/// A compiled identity constraint.
#[derive(Debug, Clone)]
pub struct Constraint {
    /// Its name.
    pub name: QName,
    /// Its kind.
    pub kind: Kind,
    selector: Vec<Path>,
    fields: Vec<Vec<Path>>,
}

impl Constraint {
    /// Parses an `xs:unique`/`xs:key`/`xs:keyref` element.
    pub fn parse(doc: &Doc<'_>, node: Node<'_, '_>) -> Result<Self, String> {
        let name = QName::new(&doc.target, node.attribute("name").ok_or("an identity constraint needs a `name`")?);
        let resolve = |prefix: &str| -> Result<String, String> {
            node.lookup_namespace_uri(Some(prefix))
                .or((prefix == "xml").then_some(super::model::XML_NS))
                .map(str::to_owned)
                .ok_or_else(|| format!("the prefix `{prefix}` is not declared"))
        };
        let kind = match node.tag_name().name() {
            "unique" => Kind::Unique,
            "key" => Kind::Key,
            _ => {
                let refer = node.attribute("refer").ok_or("a keyref needs `refer`")?;
                let (ns, local) = match refer.split_once(':') {
                    Some((p, l)) => (resolve(p)?, l),
                    None => (node.lookup_namespace_uri(None).unwrap_or("").to_owned(), refer),
                };
                Kind::KeyRef(QName::new(&ns, local))
            }
        };
        let selector =
            children(node).find(|c| is_xs(*c, "selector")).ok_or("an identity constraint needs a selector")?;
        let selector = parse_paths(selector.attribute("xpath").unwrap_or(""), false, &resolve)?;
        let mut fields = Vec::new();
        for field in children(node).filter(|c| is_xs(*c, "field")) {
            fields.push(parse_paths(field.attribute("xpath").unwrap_or(""), true, &resolve)?);
        }
        if fields.is_empty() {
            return Err("an identity constraint needs at least one field".into());
        }
        Ok(Self { name, kind, selector, fields })
    }
}

fn parse_paths(
    xpath: &str,
    field: bool,
    resolve: &dyn Fn(&str) -> Result<String, String>,
) -> Result<Vec<Path>, String> {
    let unsupported = || format!("XPath `{xpath}` is outside the XSD identity-constraint subset");
    let mut paths = Vec::new();
    for alternative in xpath.split('|') {
        let alternative = without_token_spaces(alternative);
        let mut rest = alternative.as_str();
        let descendant = rest.starts_with(".//");
        if descendant {
            rest = &rest[3..];
        }
        let mut steps = Vec::new();
        let mut attribute = None;
        let parts: Vec<&str> = rest.split('/').map(str::trim).collect();
        for (i, part) in parts.iter().enumerate() {
            let last = i + 1 == parts.len();
            if *part == "." {
                continue;
            }
            let (is_attribute, name) = match part.strip_prefix('@').or_else(|| part.strip_prefix("attribute::")) {
                Some(rest) => (true, rest),
                None => (false, *part),
            };
            let name = name.strip_prefix("child::").unwrap_or(name);
            let test = if name == "*" {
                Test::Any
            } else if let Some((prefix, local)) = name.split_once(':') {
                let ns = resolve(prefix)?;
                if local == "*" { Test::AnyIn(ns) } else { Test::Name(QName::new(&ns, local)) }
            } else if super::datatypes::is_name(name, false) {
                Test::Name(QName::new("", name))
            } else {
                return Err(unsupported());
            };
            if is_attribute {
                if !field || !last {
                    return Err(unsupported());
                }
                attribute = Some(test);
            } else {
                steps.push(test);
            }
        }
        paths.push(Path { descendant, steps, attribute });
    }
    Ok(paths)
}

/// The identity-constraint definitions of `docs` form one symbol space: a name used twice
/// is an error, and so is a keyref whose `refer` names no key or unique, or one with a
/// different number of fields.
pub fn check_names(docs: &[Doc<'_>]) -> Result<(), SchemaError> {
    let is_constraint = |n: &Node<'_, '_>| is_xs(*n, "unique") || is_xs(*n, "key") || is_xs(*n, "keyref");
    let fields = |n: Node<'_, '_>| children(n).filter(|c| is_xs(*c, "field")).count();
    // Name → (number of fields, whether it is a keyref).
    let mut defined: HashMap<QName, (usize, bool)> = HashMap::new();
    for doc in docs {
        for node in doc.doc.descendants().filter(is_constraint) {
            let Some(name) = node.attribute("name") else { continue };
            let qname = QName::new(&doc.target, name.trim());
            if defined.insert(qname.clone(), (fields(node), is_xs(node, "keyref"))).is_some() {
                return Err(doc.error(node, format!("identity constraint `{qname}` is defined twice")));
            }
        }
    }
    for doc in docs {
        for node in doc.doc.descendants().filter(|n| is_xs(*n, "keyref")) {
            let Some(refer) = node.attribute("refer").map(str::trim) else { continue };
            let (prefix, local) = refer.split_once(':').map_or((None, refer), |(p, l)| (Some(p), l));
            let ns = node.lookup_namespace_uri(prefix).unwrap_or_default();
            let target = QName::new(ns, local);
            let found = defined.get(&target).filter(|(_, keyref)| !keyref).map(|(count, _)| *count);
            match found {
                None => return Err(doc.error(node, format!("keyref refers to `{target}`, which is no key or unique"))),
                Some(count) if count != fields(node) => {
                    return Err(
                        doc.error(node, format!("keyref has {} fields but `{target}` has {count}", fields(node)))
                    );
                }
                Some(_) => {}
            }
        }
    }
    Ok(())
}

/// `xpath` without the spaces XPath allows between its tokens (around `/`, `@`, `|`, `::`
/// and `.`); a space between two names stays, and makes the step an error.
fn without_token_spaces(xpath: &str) -> String {
    let chars: Vec<char> = xpath.trim().chars().collect();
    let mut out = String::with_capacity(xpath.len());
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_whitespace() {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        while chars.get(i).is_some_and(char::is_ascii_whitespace) {
            i += 1;
        }
        let before = out.ends_with(['/', '@', '|', '.']) || out.ends_with("::");
        let after = matches!(chars.get(i), Some('/' | '@' | '|' | '.'))
            || (chars.get(i) == Some(&':') && chars.get(i + 1) == Some(&':'));
        // `/ /` is two steps' separators, not `//`: the space stays (and makes an error).
        let slashes = out.ends_with('/') && chars.get(i) == Some(&'/');
        if slashes || (!before && !after) {
            out.push(' ');
        }
    }
    out
}

/// A problem found by an identity constraint.
pub struct Problem {
    /// Where.
    pub span: Span,
    /// Its line and column.
    pub location: Location,
    /// Locator of the element.
    pub locator: String,
    /// What.
    pub message: String,
}

struct Row {
    depth: usize,
    values: Vec<Option<String>>,
    /// How many nodes each field selected: more than one is an error.
    hits: Vec<u32>,
    /// A field that selected an element without simple content: an error.
    complex: Option<usize>,
    span: Span,
    location: Location,
    locator: String,
}

struct Table {
    constraint: Constraint,
    depth: usize,
    open: Vec<Row>,
    keys: HashSet<Vec<String>>,
    refs: Vec<(Vec<String>, Span, Location, String)>,
}

/// A field waiting for the text of an element.
struct Pending {
    table: usize,
    row: usize,
    field: usize,
    depth: usize,
}

/// The identity-constraint tables of the elements in scope.
#[derive(Default)]
pub struct Tables {
    names: Vec<QName>,
    scopes: Vec<Table>,
    pending: Vec<Pending>,
}

impl Tables {
    /// Whether nothing is being tracked.
    pub fn idle(&self) -> bool {
        self.scopes.is_empty()
    }

    /// An element starts at `depth` (1 = root) with `attributes`; elements that are not
    /// validated (skipped by a wildcard) are neither selected nor fields.
    #[allow(clippy::too_many_arguments)]
    pub fn start(
        &mut self,
        depth: usize,
        name: &QName,
        validated: bool,
        constraints: &[Constraint],
        attributes: &[(QName, String)],
        (span, location): (Span, Location),
        locator: &dyn Fn() -> String,
    ) {
        if self.scopes.is_empty() && constraints.is_empty() {
            return;
        }
        self.names.truncate(depth - 1);
        while self.names.len() < depth - 1 {
            self.names.push(QName::new("", ""));
        }
        self.names.push(name.clone());
        if !validated {
            return;
        }
        for (t, table) in self.scopes.iter_mut().enumerate() {
            let relative = &self.names[table.depth..];
            if table.constraint.selector.iter().any(|p| p.matches(relative)) {
                let mut values = vec![None; table.constraint.fields.len()];
                let mut hits = vec![0; table.constraint.fields.len()];
                for (f, field) in table.constraint.fields.iter().enumerate() {
                    let mut element = false;
                    let mut seen: Vec<&QName> = Vec::new();
                    for path in field {
                        if path.steps.is_empty() {
                            if path.attribute.is_some() {
                                if let Some((name, value)) = captured(path, attributes) {
                                    values[f] = Some(value);
                                    if !seen.contains(&name) {
                                        seen.push(name);
                                        hits[f] += 1;
                                    }
                                }
                            } else if !element {
                                element = true;
                                hits[f] += 1;
                                self.pending.push(Pending { table: t, row: table.open.len(), field: f, depth });
                            }
                        }
                    }
                }
                table.open.push(Row { depth, values, hits, complex: None, span, location, locator: locator() });
            }
            for (r, row) in table.open.iter_mut().enumerate() {
                if row.depth >= depth {
                    continue;
                }
                let relative = &self.names[row.depth..];
                for (f, field) in table.constraint.fields.iter().enumerate() {
                    let mut element = false;
                    let mut seen: Vec<&QName> = Vec::new();
                    for path in field.iter().filter(|p| !p.steps.is_empty() && p.matches(relative)) {
                        if path.attribute.is_some() {
                            if let Some((name, value)) = captured(path, attributes) {
                                row.values[f] = Some(value);
                                if !seen.contains(&name) {
                                    seen.push(name);
                                    row.hits[f] = row.hits[f].saturating_add(1);
                                }
                            }
                        } else if !element {
                            element = true;
                            row.hits[f] = row.hits[f].saturating_add(1);
                            self.pending.push(Pending { table: t, row: r, field: f, depth });
                        }
                    }
                }
            }
        }
        for constraint in constraints {
            self.scopes.push(Table {
                constraint: constraint.clone(),
                depth,
                open: Vec::new(),
                keys: HashSet::new(),
                refs: Vec::new(),
            });
        }
    }

    /// The element at `depth` ends; `text` is its simple content, if any.
    /// `complex`: the element was validated against a type without simple content (a
    /// field may not select it).
    pub fn end(&mut self, depth: usize, text: Option<&str>, complex: bool, out: &mut Vec<Problem>) {
        if self.scopes.is_empty() {
            return;
        }
        let text = text.map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "));
        let mut i = 0;
        while i < self.pending.len() {
            if self.pending[i].depth == depth {
                let p = self.pending.swap_remove(i);
                if let Some(row) = self.scopes.get_mut(p.table).and_then(|t| t.open.get_mut(p.row)) {
                    row.values[p.field].clone_from(&text);
                    if complex {
                        row.complex.get_or_insert(p.field);
                    }
                }
            } else {
                i += 1;
            }
        }
        for table in &mut self.scopes {
            while table.open.last().is_some_and(|r| r.depth == depth) {
                let Some(row) = table.open.pop() else { break };
                close_row(table, row, out);
            }
        }
        while self.scopes.last().is_some_and(|t| t.depth == depth) {
            let Some(table) = self.scopes.pop() else { break };
            if let Kind::KeyRef(refer) = &table.constraint.kind {
                let key = self.scopes.iter().rev().find(|t| t.constraint.name == *refer).map(|t| &t.keys);
                for (values, span, location, locator) in &table.refs {
                    if !key.is_some_and(|k| k.contains(values)) {
                        out.push(Problem {
                            span: *span,
                            location: *location,
                            locator: locator.clone(),
                            message: format!(
                                "keyref `{}`: no `{}` key with the value {}",
                                table.constraint.name.local,
                                refer.local,
                                show(values)
                            ),
                        });
                    }
                }
            }
            self.finish_keyrefs(&table);
        }
        if self.scopes.is_empty() {
            self.names.clear();
            self.pending.clear();
        }
    }

    /// Keyrefs on the same element as `table` are checked against it before it goes.
    fn finish_keyrefs(&mut self, closed: &Table) {
        if matches!(closed.constraint.kind, Kind::KeyRef(_)) {
            return;
        }
        for table in self.scopes.iter_mut().filter(|t| t.depth == closed.depth) {
            if let Kind::KeyRef(refer) = &table.constraint.kind
                && *refer == closed.constraint.name
            {
                table.refs.retain(|(values, _, _, _)| !closed.keys.contains(values));
            }
        }
    }
}

/// The attribute `path` selects among `attributes`, with its value.
fn captured<'a>(path: &Path, attributes: &'a [(QName, String)]) -> Option<(&'a QName, String)> {
    let test = path.attribute.as_ref()?;
    attributes
        .iter()
        .find(|(n, _)| test.matches(n))
        .map(|(n, v)| (n, v.split_whitespace().collect::<Vec<_>>().join(" ")))
}

/// Ends the value space that starts a field value of a type other than a string (see
/// `validate::identity_key`); never in a value (a control character XML 1.0 excludes).
pub const FAMILY_END: char = '\u{1}';

/// Field values as shown to a person: their canonical form, without their value space.
fn show(values: &[String]) -> String {
    values.iter().map(|v| format!("'{}'", v.rsplit(FAMILY_END).next().unwrap_or(v))).collect::<Vec<_>>().join(", ")
}

fn close_row(table: &mut Table, row: Row, out: &mut Vec<Problem>) {
    let name = &table.constraint.name.local;
    if let Some(f) = row.hits.iter().position(|&h| h > 1) {
        // cvc-identity-constraint: a field selects at most one node.
        out.push(Problem {
            span: row.span,
            location: row.location,
            locator: row.locator,
            message: format!("`{name}`: field {} selects more than one node", f + 1),
        });
        return;
    }
    if let Some(f) = row.complex {
        // cvc-identity-constraint: what a field selects has a simple type.
        out.push(Problem {
            span: row.span,
            location: row.location,
            locator: row.locator,
            message: format!("`{name}`: field {} selects an element whose content is not simple", f + 1),
        });
        return;
    }
    let complete = row.values.iter().all(Option::is_some);
    match &table.constraint.kind {
        Kind::Key if !complete => out.push(Problem {
            span: row.span,
            location: row.location,
            locator: row.locator,
            message: format!("key `{name}`: a field of the key is missing"),
        }),
        _ if !complete => {}
        Kind::Unique | Kind::Key => {
            let values: Vec<String> = row.values.into_iter().flatten().collect();
            if !table.keys.insert(values.clone()) {
                out.push(Problem {
                    span: row.span,
                    location: row.location,
                    locator: row.locator,
                    message: format!(
                        "{} `{name}`: duplicate value {}",
                        if table.constraint.kind == Kind::Key { "key" } else { "unique" },
                        show(&values)
                    ),
                });
            }
        }
        Kind::KeyRef(_) => {
            table.refs.push((row.values.into_iter().flatten().collect(), row.span, row.location, row.locator));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_spaces_go_name_spaces_stay() {
        assert_eq!(without_token_spaces(" . // a : b / @ c "), ".//a : b/@c");
        assert_eq!(without_token_spaces("child :: a | attribute :: b"), "child::a|attribute::b");
        assert_eq!(without_token_spaces("a b"), "a b");
        assert_eq!(without_token_spaces("./ /."), "./ /.");
    }

    #[test]
    fn attribute_axis_and_spaces() {
        let resolve = |p: &str| if p == "p" { Ok("urn:p".to_owned()) } else { Err(format!("`{p}` undeclared")) };
        let paths = parse_paths("attribute :: p:a", true, &resolve).unwrap();
        assert!(matches!(&paths[0].attribute, Some(Test::Name(q)) if q.ns == "urn:p" && q.local == "a"));
        assert_eq!(parse_paths(" .// child::x / y | z", false, &resolve).unwrap().len(), 2);
        assert!(parse_paths("a b", false, &resolve).is_err());
        assert!(parse_paths("p : a", false, &resolve).is_err());
        assert!(parse_paths("./ /.", false, &resolve).is_err());
    }
}
