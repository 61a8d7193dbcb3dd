//! The values and combinations of attributes the schema for schemas and the XSD 1.0 schema
//! representation constraints allow on XSD elements: `minOccurs="-1"`, `form="yes"`,
//! `block="everything"`, a name that is not an NCName, or an element with both `name` and
//! `ref` is an error at its line and column rather than a value quietly read as something.

use roxmltree::Node;

use super::datatypes::is_name;

/// The XML whitespace `xs:token`-like values may carry around them.
const SPACES: [char; 4] = [' ', '\t', '\n', '\r'];

/// Checks the value `value` of the unqualified attribute `name` of the XSD element `local`.
pub fn check_value(local: &str, name: &str, value: &str) -> Result<(), String> {
    let value = value.trim_matches(SPACES);
    let one_of = |allowed: &[&str]| {
        if allowed.contains(&value) {
            Ok(())
        } else {
            Err(format!("`{name}` must be one of {}, not `{value}`", quoted(allowed)))
        }
    };
    match name {
        "name" | "id" if !is_name(value, false) => Err(format!("`{name}` must be an NCName, not `{value}`")),
        "ref" | "type" | "base" | "itemType" | "refer" | "substitutionGroup" if !is_qname(value) => {
            Err(format!("`{name}` must be a QName, not `{value}`"))
        }
        "memberTypes" if !value.split_whitespace().all(is_qname) => {
            Err(format!("`memberTypes` must be QNames, not `{value}`"))
        }
        "form" | "elementFormDefault" | "attributeFormDefault" => one_of(&["qualified", "unqualified"]),
        "use" => one_of(&["optional", "prohibited", "required"]),
        "processContents" => one_of(&["skip", "lax", "strict"]),
        "abstract" | "mixed" | "nillable" | "fixed" if name != "fixed" || is_facet(local) => {
            one_of(&["true", "false", "1", "0"])
        }
        "minOccurs" if !is_count(value) => Err(format!("`minOccurs` must be a non-negative integer, not `{value}`")),
        "maxOccurs" if value != "unbounded" && !is_count(value) => {
            Err(format!("`maxOccurs` must be a non-negative integer or `unbounded`, not `{value}`"))
        }
        "block" | "final" | "blockDefault" | "finalDefault" => derivation_set(local, name, value),
        "namespace" if local == "any" || local == "anyAttribute" => namespace_constraint(value),
        _ => Ok(()),
    }
}

/// Checks the combinations of attributes and children on the XSD element `node`.
pub fn check_element(node: Node<'_, '_>, local: &str, top_level: bool) -> Result<(), String> {
    let has = |a: &str| node.attribute(a).is_some();
    match local {
        "element" | "attribute" if has("default") && has("fixed") => {
            Err("`default` and `fixed` cannot both be given".into())
        }
        "element" | "attribute" if top_level && (!has("name") || has("ref")) => {
            Err(format!("a top-level `xs:{local}` needs a `name` and no `ref`"))
        }
        "element" | "attribute" | "group" | "attributeGroup" if !top_level && has("ref") && has("name") => {
            Err(format!("`xs:{local}` cannot have both `name` and `ref`"))
        }
        "element" if top_level && (has("minOccurs") || has("maxOccurs") || has("form")) => {
            Err("a top-level `xs:element` cannot have `minOccurs`, `maxOccurs` or `form`".into())
        }
        "element"
            if !top_level
                && has("ref")
                && ["type", "nillable", "default", "fixed", "form", "block"].iter().any(|a| has(a)) =>
        {
            Err("an element reference takes only `minOccurs`, `maxOccurs` and `id`".into())
        }
        "element" | "attribute"
            if has("type") && node.children().any(|c| is_xs_child(c, &["simpleType", "complexType"])) =>
        {
            Err(format!("`xs:{local}` cannot have both a `type` and an anonymous type"))
        }
        "element" if !top_level && (has("substitutionGroup") || has("final") || has("abstract")) => {
            Err("a local `xs:element` cannot have `substitutionGroup`, `final` or `abstract`".into())
        }
        "attribute"
            if has("default")
                && node.attribute("use").map(|u| u.trim_matches(SPACES)).is_some_and(|u| u != "optional") =>
        {
            Err("an attribute with a `default` must be optional".into())
        }
        "attribute" if top_level && has("use") => Err("a top-level `xs:attribute` cannot have `use`".into()),
        "attribute" if node.attribute("name").map(|n| n.trim_matches(SPACES)) == Some("xmlns") => {
            Err("an attribute cannot be named `xmlns`".into())
        }
        "attribute" if has("ref") && (has("type") || has("form")) => {
            Err("an attribute reference cannot have `type` or `form`".into())
        }
        "all"
            if node.attribute("maxOccurs").is_some_and(|v| v.trim_matches(SPACES) != "1")
                || node.attribute("minOccurs").is_some_and(|v| !matches!(v.trim_matches(SPACES), "0" | "1")) =>
        {
            Err("`xs:all` may occur at most once: `minOccurs` 0 or 1, `maxOccurs` 1".into())
        }
        "group" if top_level && (has("minOccurs") || has("maxOccurs")) => {
            Err("a top-level `xs:group` cannot have `minOccurs` or `maxOccurs`".into())
        }
        "all" | "choice" | "sequence"
            if (has("minOccurs") || has("maxOccurs"))
                && node.parent_element().is_some_and(|p| is_xs_child(p, &["group"])) =>
        {
            Err(format!("the `xs:{local}` of a group definition cannot have `minOccurs` or `maxOccurs`"))
        }
        "group" | "attributeGroup" if top_level && (!has("name") || has("ref")) => {
            Err(format!("a top-level `xs:{local}` needs a `name` and no `ref`"))
        }
        "group" | "attributeGroup" if !top_level && !has("ref") => Err(format!("a local `xs:{local}` needs a `ref`")),
        "complexType" | "simpleType" if top_level && !has("name") => {
            Err(format!("a top-level `xs:{local}` needs a `name`"))
        }
        "complexType" | "simpleType" if !top_level && has("name") => {
            Err(format!("an anonymous `xs:{local}` cannot have a `name`"))
        }
        "notation" if !has("public") && !has("system") => Err("`xs:notation` needs a `public` or `system`".into()),
        "notation" if !has("name") => Err("`xs:notation` needs a `name`".into()),
        _ => Ok(()),
    }
}

fn is_xs_child(node: Node<'_, '_>, names: &[&str]) -> bool {
    node.is_element()
        && node.tag_name().namespace() == Some(super::model::XS)
        && names.contains(&node.tag_name().name())
}

fn is_facet(local: &str) -> bool {
    matches!(
        local,
        "fractionDigits"
            | "length"
            | "maxExclusive"
            | "maxInclusive"
            | "maxLength"
            | "minExclusive"
            | "minInclusive"
            | "minLength"
            | "totalDigits"
            | "whiteSpace"
    )
}

fn is_qname(value: &str) -> bool {
    match value.split_once(':') {
        Some((prefix, local)) => is_name(prefix, false) && is_name(local, false),
        None => is_name(value, false),
    }
}

/// `xs:nonNegativeInteger`, lexically.
fn is_count(value: &str) -> bool {
    let digits = value.strip_prefix('+').unwrap_or(value);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// `#all` or a list of the derivation keywords the attribute allows.
fn derivation_set(local: &str, name: &str, value: &str) -> Result<(), String> {
    let allowed: &[&str] = match (local, name) {
        ("element", "block") | ("schema", "blockDefault") => &["extension", "restriction", "substitution"],
        ("element" | "complexType", _) => &["extension", "restriction"],
        ("simpleType", _) => &["list", "union", "restriction"],
        _ => &["extension", "restriction", "list", "union"],
    };
    if value == "#all" || value.split_whitespace().all(|t| allowed.contains(&t)) {
        Ok(())
    } else {
        Err(format!("`{name}` must be `#all` or a list of {}, not `{value}`", quoted(allowed)))
    }
}

/// `##any`, `##other`, or a list of URIs, `##targetNamespace` and `##local`.
fn namespace_constraint(value: &str) -> Result<(), String> {
    if value == "##any" || value == "##other" {
        return Ok(());
    }
    match value.split_whitespace().find(|t| t.starts_with("##") && *t != "##targetNamespace" && *t != "##local") {
        Some(bad) => Err(format!("`{bad}` cannot appear in a namespace list")),
        None => Ok(()),
    }
}

fn quoted(values: &[&str]) -> String {
    values.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_values() {
        assert!(check_value("element", "minOccurs", "-1").is_err());
        assert!(check_value("element", "maxOccurs", " unbounded ").is_ok());
        assert!(check_value("element", "form", "yes").is_err());
        assert!(check_value("element", "block", "substitution extension").is_ok());
        assert!(check_value("complexType", "block", "substitution").is_err());
        assert!(check_value("simpleType", "final", "#all").is_ok());
        assert!(check_value("element", "name", "a:b").is_err());
        assert!(check_value("element", "type", "xs:string").is_ok());
        assert!(check_value("any", "namespace", "##other ##local").is_err());
        assert!(check_value("element", "nillable", "1").is_ok());
        assert!(check_value("length", "fixed", "yes").is_err());
    }

    #[test]
    fn attribute_combinations() {
        let doc = roxmltree::Document::parse(
            r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
                 <xs:element name="a" ref="b"/><xs:attribute name="c" default="1" use="required"/>
                 <xs:notation name="n"/><xs:notation name="m" system="viewer"/>
               </xs:schema>"#,
        )
        .unwrap();
        let mut elements = doc.root_element().children().filter(Node::is_element);
        assert!(check_element(elements.next().unwrap(), "element", true).is_err());
        assert!(check_element(elements.next().unwrap(), "attribute", true).is_err());
        assert!(check_element(elements.next().unwrap(), "notation", true).is_err());
        assert!(check_element(elements.next().unwrap(), "notation", true).is_ok());
    }
}
