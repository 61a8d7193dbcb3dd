//! The XML Schema 1.0 vocabulary: every element of the XSD namespace a schema document uses
//! must be one XSD defines, with only the attributes XSD gives it (attributes in another
//! namespace are allowed everywhere, as the schema for schemas says). A misspelt
//! `xs:sequnce` or `minOccur` would otherwise be dropped, turning a constraint off without a
//! word; it is an error at its line and column instead.

use roxmltree::Node;

use super::load::{Doc, SchemaError};
use super::model::XS;
use super::{representation, structure};

const OCCURS: &[&str] = &["id", "maxOccurs", "minOccurs"];
const FACET: &[&str] = &["id", "value", "fixed"];

/// The attributes (without namespace) XSD 1.0 allows on its element `local`, or `None` when
/// XSD 1.0 has no such element.
fn allowed_attributes(local: &str) -> Option<&'static [&'static str]> {
    Some(match local {
        "all" | "choice" | "sequence" => OCCURS,
        "annotation" | "simpleContent" => &["id"],
        "any" => &["id", "maxOccurs", "minOccurs", "namespace", "processContents"],
        "anyAttribute" => &["id", "namespace", "processContents"],
        "appinfo" | "documentation" => &["source"],
        "attribute" => &["default", "fixed", "form", "id", "name", "ref", "type", "use"],
        "attributeGroup" => &["id", "name", "ref"],
        "complexContent" => &["id", "mixed"],
        "complexType" => &["abstract", "block", "final", "id", "mixed", "name"],
        "element" => &[
            "abstract",
            "block",
            "default",
            "final",
            "fixed",
            "form",
            "id",
            "maxOccurs",
            "minOccurs",
            "name",
            "nillable",
            "ref",
            "substitutionGroup",
            "type",
        ],
        "enumeration" | "pattern" => &["id", "value"],
        "fractionDigits" | "length" | "maxExclusive" | "maxInclusive" | "maxLength" | "minExclusive"
        | "minInclusive" | "minLength" | "totalDigits" | "whiteSpace" => FACET,
        "extension" | "restriction" => &["base", "id"],
        "field" | "selector" => &["id", "xpath"],
        "group" => &["id", "maxOccurs", "minOccurs", "name", "ref"],
        "import" => &["id", "namespace", "schemaLocation"],
        "include" | "redefine" => &["id", "schemaLocation"],
        "key" | "unique" => &["id", "name"],
        "keyref" => &["id", "name", "refer"],
        "list" => &["id", "itemType"],
        "notation" => &["id", "name", "public", "system"],
        "schema" => &[
            "attributeFormDefault",
            "blockDefault",
            "elementFormDefault",
            "finalDefault",
            "id",
            "targetNamespace",
            "version",
        ],
        "simpleType" => &["final", "id", "name"],
        "union" => &["id", "memberTypes"],
        _ => return None,
    })
}

/// Every XSD 1.0 element name, for "did you mean".
const ELEMENTS: &[&str] = &[
    "all",
    "annotation",
    "any",
    "anyAttribute",
    "appinfo",
    "attribute",
    "attributeGroup",
    "choice",
    "complexContent",
    "complexType",
    "documentation",
    "element",
    "enumeration",
    "extension",
    "field",
    "fractionDigits",
    "group",
    "import",
    "include",
    "key",
    "keyref",
    "length",
    "list",
    "maxExclusive",
    "maxInclusive",
    "maxLength",
    "minExclusive",
    "minInclusive",
    "minLength",
    "notation",
    "pattern",
    "redefine",
    "restriction",
    "schema",
    "selector",
    "sequence",
    "simpleContent",
    "simpleType",
    "totalDigits",
    "union",
    "unique",
    "whiteSpace",
];

/// Checks every XSD element and attribute of `doc` (the content of `xs:appinfo` and
/// `xs:documentation` is free), adding every problem to `problems`.
pub fn check(doc: &Doc<'_>, problems: &mut Vec<SchemaError>) {
    // Iterative walk: nesting depth is the input's to choose.
    let mut stack: Vec<Node<'_, '_>> = vec![doc.doc.root_element()];
    let mut ids = std::collections::HashSet::new();
    while let Some(node) = stack.pop() {
        if node.tag_name().namespace() == Some(XS) {
            check_element(doc, node, &mut ids, problems);
            if matches!(node.tag_name().name(), "appinfo" | "documentation") {
                continue;
            }
        }
        // Reversed, so that problems come in document order.
        let from = stack.len();
        stack.extend(node.children().filter(Node::is_element));
        stack[from..].reverse();
    }
}

/// The problems of the XSD element `node` itself: its attributes, their values, its
/// children's order and number.
fn check_element<'a>(
    doc: &Doc<'_>,
    node: Node<'a, '_>,
    ids: &mut std::collections::HashSet<&'a str>,
    problems: &mut Vec<SchemaError>,
) {
    let local = node.tag_name().name();
    for attribute in node.attributes().filter(|a| a.namespace() == Some(XS)) {
        problems.push(
            doc.error(node, format!("`{}` in the XML Schema namespace is not an attribute of XSD", attribute.name())),
        );
    }
    if let Some(id) = node.attribute("id")
        && !ids.insert(id.trim())
    {
        problems.push(doc.error(node, format!("`id` `{}` is used twice in this schema document", id.trim())));
    }
    let Some(allowed) = allowed_attributes(local) else {
        problems.push(unknown(doc, node));
        return;
    };
    for attribute in node.attributes().filter(|a| a.namespace().is_none()) {
        let name = attribute.name();
        if !allowed.contains(&name) {
            problems.push(doc.error(node, format!("`xs:{local}` has no attribute `{name}`{}", closest(name, allowed))));
        } else if let Err(why) = representation::check_value(local, name, attribute.value()) {
            problems.push(doc.error(node, why));
        }
    }
    let top_level = node
        .parent_element()
        .is_some_and(|p| p.tag_name().namespace() == Some(XS) && matches!(p.tag_name().name(), "schema" | "redefine"));
    if let Err(why) = representation::check_element(node, local, top_level) {
        problems.push(doc.error(node, why));
    }
    if matches!(local, "appinfo" | "documentation") {
        return;
    }
    // A misspelt child is reported as such (when it is visited), not as misplaced.
    let mut xs_children = node.children().filter(|c| c.is_element() && c.tag_name().namespace() == Some(XS));
    if xs_children.any(|c| allowed_attributes(c.tag_name().name()).is_none()) {
        return;
    }
    if let Err((at, why)) = structure::check(node, local) {
        problems.push(doc.error(at, why));
    }
}

/// The error for the XSD-namespace element `node` that XSD 1.0 does not have.
fn unknown(doc: &Doc<'_>, node: Node<'_, '_>) -> SchemaError {
    let local = node.tag_name().name();
    doc.error(node, format!("`xs:{local}` is not an XML Schema 1.0 element{}", closest(local, ELEMENTS)))
}

/// ` (did you mean `x`?)` for the known name closest to `name`, when one is close.
fn closest(name: &str, known: &[&str]) -> String {
    known
        .iter()
        .map(|k| (strsim::jaro_winkler(k, name), k))
        .filter(|(score, _)| *score > 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map_or_else(String::new, |(_, k)| format!(" (did you mean `{k}`?)"))
}
