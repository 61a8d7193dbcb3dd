//! The content of XSD elements as the schema for schemas gives it: which XSD children an
//! `xs:complexType`, `xs:restriction`, `xs:element` … may have, in which order and how
//! many (two `xs:annotation`s, a particle after the attributes, `xs:simpleContent` beside a
//! `xs:sequence`), no elements of other namespaces and no text outside `xs:appinfo` and
//! `xs:documentation`. A schema written otherwise is an error at the first misplaced child,
//! never read as something.

use roxmltree::Node;

use super::model::XS;

/// One step of a content model: any of `names`, between `min` and `max` times.
type Slot = (&'static [&'static str], usize, usize);

const MANY: usize = usize::MAX;
const ANNOTATION: Slot = (&["annotation"], 0, 1);
const FACETS: &[&str] = &[
    "enumeration",
    "fractionDigits",
    "length",
    "maxExclusive",
    "maxInclusive",
    "maxLength",
    "minExclusive",
    "minInclusive",
    "minLength",
    "pattern",
    "totalDigits",
    "whiteSpace",
];
const PARTICLE: Slot = (&["all", "choice", "group", "sequence"], 0, 1);
const ATTRIBUTES: Slot = (&["attribute", "attributeGroup"], 0, MANY);
const ANY_ATTRIBUTE: Slot = (&["anyAttribute"], 0, 1);

/// The alternative sequences of slots the XSD element `node` (named `local`) may contain.
fn models(node: Node<'_, '_>, local: &str) -> &'static [&'static [Slot]] {
    let parent = node.parent_element().filter(|p| p.tag_name().namespace() == Some(XS)).map(|p| p.tag_name().name());
    let has_ref = node.attribute("ref").is_some();
    match (local, parent) {
        ("schema", _) => &[&[
            (&["include", "import", "redefine", "annotation"], 0, MANY),
            (
                &[
                    "simpleType",
                    "complexType",
                    "group",
                    "attributeGroup",
                    "element",
                    "attribute",
                    "notation",
                    "annotation",
                ],
                0,
                MANY,
            ),
        ]],
        ("redefine", _) => &[&[(&["annotation", "simpleType", "complexType", "group", "attributeGroup"], 0, MANY)]],
        ("complexType", _) => &[
            &[ANNOTATION, (&["simpleContent", "complexContent"], 1, 1)],
            &[ANNOTATION, PARTICLE, ATTRIBUTES, ANY_ATTRIBUTE],
        ],
        ("simpleContent" | "complexContent", _) => &[&[ANNOTATION, (&["restriction", "extension"], 1, 1)]],
        ("restriction", Some("simpleContent")) => {
            &[&[ANNOTATION, (&["simpleType"], 0, 1), (FACETS, 0, MANY), ATTRIBUTES, ANY_ATTRIBUTE]]
        }
        ("extension", Some("simpleContent")) => &[&[ANNOTATION, ATTRIBUTES, ANY_ATTRIBUTE]],
        ("restriction" | "extension", Some("complexContent")) => &[&[ANNOTATION, PARTICLE, ATTRIBUTES, ANY_ATTRIBUTE]],
        ("restriction", _) => &[&[ANNOTATION, (&["simpleType"], 0, 1), (FACETS, 0, MANY)]],
        ("simpleType", _) => &[&[ANNOTATION, (&["restriction", "list", "union"], 1, 1)]],
        ("list" | "attribute", _) if !has_ref => &[&[ANNOTATION, (&["simpleType"], 0, 1)]],
        ("union", _) => &[&[ANNOTATION, (&["simpleType"], 0, MANY)]],
        ("element", _) if !has_ref => {
            &[&[ANNOTATION, (&["simpleType", "complexType"], 0, 1), (&["unique", "key", "keyref"], 0, MANY)]]
        }
        ("group", _) if !has_ref => &[&[ANNOTATION, (&["all", "choice", "sequence"], 1, 1)]],
        ("attributeGroup", _) if !has_ref => &[&[ANNOTATION, ATTRIBUTES, ANY_ATTRIBUTE]],
        ("all", _) => &[&[ANNOTATION, (&["element"], 0, MANY)]],
        ("choice" | "sequence", _) => &[&[ANNOTATION, (&["element", "group", "choice", "sequence", "any"], 0, MANY)]],
        ("annotation", _) => &[&[(&["appinfo", "documentation"], 0, MANY)]],
        ("key" | "unique" | "keyref", _) => &[&[ANNOTATION, (&["selector"], 1, 1), (&["field"], 1, MANY)]],
        _ => &[&[ANNOTATION]],
    }
}

/// Checks the children of the XSD element `node` (not `xs:appinfo`/`xs:documentation`,
/// whose content is free): the misplaced child and why.
pub fn check<'a, 'i>(node: Node<'a, 'i>, local: &str) -> Result<(), (Node<'a, 'i>, String)> {
    let mut names = Vec::new();
    for child in node.children() {
        if child.is_text() && child.text().is_some_and(|t| !t.trim_matches([' ', '\t', '\n', '\r']).is_empty()) {
            return Err((node, format!("`xs:{local}` cannot contain text")));
        }
        if !child.is_element() {
            continue;
        }
        if child.tag_name().namespace() != Some(XS) {
            return Err((
                child,
                format!("`xs:{local}` cannot contain `{}`: only XSD elements may appear here", child.tag_name().name()),
            ));
        }
        names.push((child, child.tag_name().name()));
    }
    let alternatives = models(node, local);
    let mut furthest = 0;
    for slots in alternatives {
        let (matched, complete) = take(slots, &names);
        if matched == names.len() && complete {
            return Ok(());
        }
        furthest = furthest.max(matched);
    }
    match names.get(furthest) {
        Some((child, name)) => Err((*child, format!("`xs:{name}` is not allowed here in `xs:{local}`"))),
        None => Err((node, format!("`xs:{local}` is incomplete: {}", required(alternatives)))),
    }
}

/// How many of `names` the slots take, greedily (neighbouring slots share no name, but
/// for `xs:annotation` in `xs:schema`, where greed is right), and whether every slot's
/// minimum is met.
fn take(slots: &[Slot], names: &[(Node<'_, '_>, &str)]) -> (usize, bool) {
    let mut at = 0;
    let mut complete = true;
    for &(allowed, min, max) in slots {
        let mut count = 0;
        while count < max && at < names.len() && allowed.contains(&names[at].1) {
            count += 1;
            at += 1;
        }
        complete &= count >= min;
    }
    (at, complete)
}

/// What the first alternative requires, for the message.
fn required(alternatives: &[&[Slot]]) -> String {
    let needed: Vec<String> = alternatives
        .iter()
        .flat_map(|slots| slots.iter().filter(|s| s.1 > 0))
        .map(|s| s.0.iter().map(|n| format!("`xs:{n}`")).collect::<Vec<_>>().join(" or "))
        .collect();
    format!("it needs {}", needed.join(", or "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_error(xml: &str) -> Option<String> {
        let doc = roxmltree::Document::parse(xml).unwrap();
        doc.descendants().filter(Node::is_element).find_map(|n| check(n, n.tag_name().name()).err().map(|(_, why)| why))
    }

    #[test]
    fn order_and_counts() {
        let ok = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:annotation/>
            <xs:complexType name="t"><xs:sequence><xs:element name="a"/></xs:sequence>
            <xs:attribute name="b"/><xs:anyAttribute/></xs:complexType><xs:annotation/></xs:schema>"#;
        assert_eq!(first_error(ok), None);
        let two_annotations = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
            <xs:complexType name="t"><xs:annotation/><xs:annotation/></xs:complexType></xs:schema>"#;
        assert!(first_error(two_annotations).is_some());
        let attribute_first = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
            <xs:complexType name="t"><xs:attribute name="b"/><xs:sequence/></xs:complexType></xs:schema>"#;
        assert!(first_error(attribute_first).is_some());
        let both = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:complexType name="t">
            <xs:simpleContent><xs:extension base="xs:string"/></xs:simpleContent><xs:sequence/>
            </xs:complexType></xs:schema>"#;
        assert!(first_error(both).is_some());
        let no_field = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="e">
            <xs:key name="k"><xs:selector xpath="."/></xs:key></xs:element></xs:schema>"#;
        assert!(first_error(no_field).unwrap().contains("incomplete"));
        let text = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">hello</xs:schema>"#;
        assert!(first_error(text).is_some());
    }
}
