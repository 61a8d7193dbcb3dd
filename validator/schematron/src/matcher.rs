//! Rule contexts matched natively, without an XPath evaluation over the whole document.
//!
//! Most rule contexts are XSLT patterns of name steps (`cac:InvoiceLine`, `/ubl:Invoice`,
//! `cac:TaxTotal/cac:TaxSubtotal`, `cbc:ID[@schemeID]`, `cbc:X/@y`). Selecting their nodes
//! with xee-xpath walks the whole document once per rule. A [`Matcher`] finds them instead
//! among the nodes of the document with the last step's name, checks the parents named by
//! the earlier steps, and leaves only the predicates to xee-xpath, evaluated on each
//! candidate. A context is compiled here only when that is exactly what it means:
//!
//! - every union branch is `/`-separated steps, optionally starting with `/` (the first
//!   step's parent is the document node) or `//` (as a relative pattern: any parent);
//! - every step is a child-axis name test (`p:name`, `name`, `*`) with predicates that
//!   cannot depend on the context position or be a number (as the `//` rewrite decides,
//!   `descend::predicate_is_safe`, or tests [`crate::native_test`] decides, which are also
//!   decided natively on each candidate), and only the last may be an attribute step
//!   (`@name`, `@*`);
//! - every prefix is declared in the schema, and an unprefixed name is in no namespace (the
//!   schema does not bind the empty prefix).
//!
//! Anything else (`//` inside a branch, other axes, kind tests, functions, positional
//! predicates, `/` alone) is selected by xee-xpath as before.

use std::collections::HashMap;

use xot::{NameId, Xot};

use crate::descend::{closing_bracket, ncname_or_star, predicate_is_safe};

/// A name test of a step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum NameTest {
    /// `*`: any name.
    Any,
    /// A name: namespace URI (empty: none) and local name.
    Name { ns: String, local: String },
}

/// One step of a branch: its name test and predicates (XPath text, each compiled apart).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Step<P> {
    pub test: NameTest,
    pub predicates: Vec<P>,
}

/// One union branch: steps from the outermost to the node matched, which is an attribute
/// when `attribute` is set (the last step was `@...`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Branch<P> {
    /// The first step's parent must be the document node.
    pub absolute: bool,
    pub steps: Vec<Step<P>>,
    pub attribute: bool,
}

/// Parses a rule context into branches, with each predicate's text; `None` when the
/// context is not of the shapes this module matches exactly.
pub(crate) fn parse<'a>(context: &'a str, namespaces: &[(&str, &str)]) -> Option<Vec<Branch<&'a str>>> {
    crate::compile::split_union(context).into_iter().map(|b| branch(b.trim(), namespaces)).collect()
}

fn branch<'a>(text: &'a str, namespaces: &[(&str, &str)]) -> Option<Branch<&'a str>> {
    let (absolute, mut rest) = if let Some(r) = text.strip_prefix("//") {
        (false, r)
    } else if let Some(r) = text.strip_prefix('/') {
        (true, r)
    } else {
        (false, text)
    };
    let mut steps = Vec::new();
    let mut attribute = false;
    loop {
        if attribute {
            // An attribute step must be the last.
            return None;
        }
        rest = rest.trim_start();
        if let Some(r) = rest.strip_prefix('@') {
            attribute = true;
            rest = r;
        }
        let (name, after) = name_test(rest, namespaces)?;
        rest = after;
        let mut predicates = Vec::new();
        loop {
            rest = rest.trim_start();
            if !rest.starts_with('[') {
                break;
            }
            let end = closing_bracket(rest.as_bytes(), 0)?;
            let predicate = &rest[1..end];
            // A test decided natively is a boolean that does not depend on the position.
            if !predicate_is_safe(predicate) && crate::native_test::parse(predicate, namespaces).is_none() {
                return None;
            }
            predicates.push(predicate.trim());
            rest = &rest[end + 1..];
        }
        steps.push(Step { test: name, predicates });
        if rest.is_empty() {
            break;
        }
        rest = rest.strip_prefix('/')?;
        if rest.starts_with('/') {
            return None;
        }
    }
    Some(Branch { absolute, steps, attribute })
}

/// The name test at the start of `text` (`*`, `name`, `p:name`) and the text after it.
pub(crate) fn name_test<'a>(text: &'a str, namespaces: &[(&str, &str)]) -> Option<(NameTest, &'a str)> {
    let first = ncname_or_star(text)?;
    let (prefix, local, rest) = match text[first..].strip_prefix(':') {
        Some(after) => {
            let second = ncname_or_star(after)?;
            (Some(&text[..first]), &after[..second], &after[second..])
        }
        None => (None, &text[..first], &text[first..]),
    };
    // A function call, kind test or axis is no name test.
    if rest.trim_start().starts_with('(') || rest.starts_with(':') {
        return None;
    }
    let name = match (prefix, local) {
        (None, "*") => NameTest::Any,
        (Some(p), l) if p != "*" && l != "*" => {
            let ns = namespaces.iter().find(|(q, _)| *q == p)?.1;
            NameTest::Name { ns: ns.to_owned(), local: l.to_owned() }
        }
        // An unprefixed name is in no namespace, unless the schema binds the empty prefix.
        (None, l) if namespaces.iter().all(|(p, _)| !p.is_empty()) => {
            NameTest::Name { ns: String::new(), local: l.to_owned() }
        }
        // `p:*`, `*:name`: left to xee-xpath.
        _ => return None,
    };
    Some((name, rest))
}

/// The nodes of one document by name, to find a context's candidates without a walk.
pub(crate) struct NodeIndex {
    elements: HashMap<NameId, Vec<xot::Node>>,
    attributes: HashMap<NameId, Vec<xot::Node>>,
    all_elements: Vec<xot::Node>,
    all_attributes: Vec<xot::Node>,
}

impl NodeIndex {
    /// Indexes every element and attribute below `root`.
    pub(crate) fn new(xot: &Xot, root: xot::Node) -> Self {
        let mut index = Self {
            elements: HashMap::new(),
            attributes: HashMap::new(),
            all_elements: Vec::new(),
            all_attributes: Vec::new(),
        };
        for node in xot.descendants(root) {
            if let xot::Value::Element(element) = xot.value(node) {
                index.elements.entry(element.name()).or_default().push(node);
                index.all_elements.push(node);
                for attribute in xot.attribute_nodes(node) {
                    if let Some(name) = xot.node_name(attribute) {
                        index.attributes.entry(name).or_default().push(attribute);
                        index.all_attributes.push(attribute);
                    }
                }
            }
        }
        index
    }

    /// The elements named `name` (`None`: any name), in document order.
    pub(crate) fn elements_named(&self, name: Option<NameId>) -> &[xot::Node] {
        match name {
            None => &self.all_elements,
            Some(id) => self.elements.get(&id).map_or(&[][..], Vec::as_slice),
        }
    }

    /// The attributes named `name` (`None`: any name), in document order.
    pub(crate) fn attributes_named(&self, name: Option<NameId>) -> &[xot::Node] {
        match name {
            None => &self.all_attributes,
            Some(id) => self.attributes.get(&id).map_or(&[][..], Vec::as_slice),
        }
    }

    /// The nodes a branch's last step can match, before its predicates.
    pub(crate) fn candidates<P>(&self, xot: &Xot, branch: &Branch<P>) -> &[xot::Node] {
        let Some(last) = branch.steps.last() else { return &[] };
        let name = match &last.test {
            NameTest::Any => None,
            NameTest::Name { ns, local } => match name_id(xot, ns, local) {
                Some(id) => Some(id),
                None => return &[],
            },
        };
        if branch.attribute { self.attributes_named(name) } else { self.elements_named(name) }
    }
}

/// The id of a name in the document's names; `None` when no node of it has the name.
pub(crate) fn name_id(xot: &Xot, ns: &str, local: &str) -> Option<NameId> {
    xot.name_ns(local, xot.namespace(ns)?)
}

/// The node each step of `branch` stands for (outermost first) when `node`, a candidate of
/// its last step, has the kind, name and ancestors the branch names; `None` when it has not.
/// The predicates are the caller's to evaluate on these nodes.
pub(crate) fn path<P>(xot: &Xot, branch: &Branch<P>, node: xot::Node) -> Option<Vec<xot::Node>> {
    let mut nodes = vec![node; branch.steps.len()];
    let mut current = node;
    for (i, step) in branch.steps.iter().enumerate().rev() {
        let last = i + 1 == branch.steps.len();
        let is_kind = if last && branch.attribute { xot.is_attribute_node(current) } else { xot.is_element(current) };
        if !is_kind {
            return None;
        }
        if let NameTest::Name { ns, local } = &step.test
            && xot.node_name(current) != name_id(xot, ns, local)
        {
            return None;
        }
        nodes[i] = current;
        let parent = xot.parent(current)?;
        if i == 0 && branch.absolute && !xot.is_document(parent) {
            return None;
        }
        current = parent;
    }
    Some(nodes)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NS: &[(&str, &str)] = &[("cac", "urn:cac"), ("ubl", "urn:ubl")];

    fn name(ns: &str, local: &str) -> NameTest {
        NameTest::Name { ns: ns.to_owned(), local: local.to_owned() }
    }

    #[test]
    fn name_step_paths_are_parsed() {
        let parsed = parse("cac:A[x = 1]/b | /ubl:I/@id", NS).unwrap();
        assert_eq!(parsed.len(), 2);
        assert!(!parsed[0].absolute && !parsed[0].attribute);
        assert_eq!(parsed[0].steps[0], Step { test: name("urn:cac", "A"), predicates: vec!["x = 1"] });
        assert_eq!(parsed[0].steps[1], Step { test: name("", "b"), predicates: vec![] });
        assert!(parsed[1].absolute && parsed[1].attribute);
        assert_eq!(parsed[1].steps[1].test, name("", "id"));
        assert_eq!(parse("//*[@a]", NS).unwrap()[0].steps[0].test, NameTest::Any);
    }

    #[test]
    fn other_shapes_are_left_to_xpath() {
        for context in [
            "/",
            "a//b",
            "a[1]",
            "a[last()]",
            "a[$n]",
            "@a/b",
            "x:a",
            "cac:*",
            "*:a",
            "text()",
            "child::a",
            "a/..",
            "a/.",
            "f(a)",
            "(a)",
            "a[b",
            "a]",
            "a/",
            "",
        ] {
            assert!(parse(context, NS).is_none(), "{context}");
        }
        assert!(parse("a", &[("", "urn:default")]).is_none());
    }

    fn matched(xml: &str, context: &str) -> Vec<String> {
        let mut xot = Xot::new();
        let root = xot.parse(xml).unwrap();
        let branches = parse(context, NS).unwrap();
        let index = NodeIndex::new(&xot, root);
        let mut out = Vec::new();
        for branch in &branches {
            for &node in index.candidates(&xot, branch) {
                if path(&xot, branch, node).is_some() {
                    let name = xot.node_name(node).map(|n| xot.local_name_str(n).to_owned());
                    out.push(name.unwrap_or_default());
                }
            }
        }
        out
    }

    #[test]
    fn parents_and_the_document_node_are_checked() {
        let xml = r#"<ubl:I xmlns:ubl="urn:ubl" xmlns:cac="urn:cac" id="1"><cac:A><b/></cac:A><b id="2"/></ubl:I>"#;
        assert_eq!(matched(xml, "cac:A/b"), ["b"]);
        assert_eq!(matched(xml, "b"), ["b", "b"]);
        assert_eq!(matched(xml, "/ubl:I"), ["I"]);
        assert_eq!(matched(xml, "/cac:A"), Vec::<String>::new());
        assert_eq!(matched(xml, "//cac:A"), ["A"]);
        assert_eq!(matched(xml, "/ubl:I/@id"), ["id"]);
        assert_eq!(matched(xml, "@id"), ["id", "id"]);
        assert_eq!(matched(xml, "ubl:I/b/@id"), ["id"]);
        assert_eq!(matched(xml, "*/b"), ["b", "b"]);
        assert_eq!(matched(xml, "cac:B"), Vec::<String>::new());
    }
}
