//! The fields of a W3C XML Schema for the reference: every element and attribute reachable
//! from the schema's global elements, as a path (`/BirthRegistration/Header/Office/@code`),
//! with its type, whether it is required, its restrictions and its documentation. Named
//! types are looked up across the files the schema includes and imports (by local name);
//! `complexContent` extensions list the base type's members first.

use std::collections::HashMap;

use roxmltree::{Document, Node};

use super::fields::Row;
use crate::CatalogSource;

const XS: &str = "http://www.w3.org/2001/XMLSchema";
/// Deepest element nesting shown.
const MAX_DEPTH: usize = 10;
/// Most files of one schema read (entry schema, includes and imports).
const MAX_FILES: usize = 32;

/// The rows of the XSD `schema` (relative to the standard's folder `dir`).
pub(super) fn rows(source: &CatalogSource, dir: &str, schema: &str) -> Vec<Row> {
    let mut texts = Vec::new();
    let mut pending: Vec<String> = CatalogSource::join(dir, schema).into_iter().collect();
    while let Some(key) = pending.pop() {
        if texts.iter().any(|(k, _)| *k == key) || texts.len() >= MAX_FILES {
            continue;
        }
        let Ok(bytes) = source.read(&key) else { continue };
        let Ok(text) = String::from_utf8(bytes.into_owned()) else { continue };
        if let Ok(doc) = Document::parse(&text) {
            let folder = key.rsplit_once('/').map_or("", |(d, _)| d).to_owned();
            for child in doc.root_element().children().filter(|n| is_xs(*n, "include") || is_xs(*n, "import")) {
                if let Some(location) = child.attribute("schemaLocation")
                    && let Ok(next) = CatalogSource::join(&folder, location)
                {
                    pending.push(next);
                }
            }
        }
        texts.push((key, text));
    }
    let docs: Vec<Document<'_>> = texts.iter().filter_map(|(_, t)| Document::parse(t).ok()).collect();
    let Some(entry) = docs.first() else { return Vec::new() };
    let mut index = Index::default();
    for doc in &docs {
        for node in doc.root_element().children().filter(Node::is_element) {
            if let Some(name) = node.attribute("name") {
                match node.tag_name().name() {
                    "complexType" | "simpleType" => index.types.insert(name, node),
                    "element" => index.elements.insert(name, node),
                    _ => None,
                };
            }
        }
    }
    let mut out = Vec::new();
    for element in entry.root_element().children().filter(|n| is_xs(*n, "element")) {
        index.element(element, "", true, 0, &mut Vec::new(), &mut out);
    }
    out
}

fn is_xs(node: Node<'_, '_>, name: &str) -> bool {
    node.is_element() && node.tag_name().namespace() == Some(XS) && node.tag_name().name() == name
}

/// The local part of a QName (`cr:PersonType` → `PersonType`).
fn local(qname: &str) -> &str {
    qname.rsplit_once(':').map_or(qname, |(_, l)| l)
}

/// The named global types and elements of every file.
#[derive(Default)]
struct Index<'a, 'input> {
    types: HashMap<&'a str, Node<'a, 'input>>,
    elements: HashMap<&'a str, Node<'a, 'input>>,
}

impl<'a, 'input> Index<'a, 'input> {
    /// A row for `element` (a declaration or a `ref`), then its members.
    fn element(
        &self,
        element: Node<'a, 'input>,
        prefix: &str,
        required: bool,
        depth: usize,
        seen: &mut Vec<&'a str>,
        out: &mut Vec<Row>,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        let declaration =
            element.attribute("ref").and_then(|r| self.elements.get(local(r)).copied()).unwrap_or(element);
        let Some(name) = declaration.attribute("name") else { return };
        let path = format!("{prefix}/{name}");
        let min = element.attribute("minOccurs").unwrap_or("1");
        let max = element.attribute("maxOccurs").unwrap_or("1");
        let mut rules = Vec::new();
        if max != "1" {
            rules.push(format!("up to {} times", if max == "unbounded" { "any number of" } else { max }));
        }
        if element.attribute("nillable") == Some("true") {
            rules.push("nillable".to_owned());
        }
        let named = declaration.attribute("type").map(local);
        let inline = declaration.children().find(|n| is_xs(*n, "complexType") || is_xs(*n, "simpleType"));
        let definition = named.and_then(|t| self.types.get(t).copied()).or(inline);
        let kind = named.map_or_else(|| "(anonymous)".to_owned(), str::to_owned);
        let (kind, more, description) = match definition {
            Some(d) => describe(d, kind),
            None => (kind, Vec::new(), String::new()),
        };
        rules.extend(more);
        out.push(Row {
            field: path.clone(),
            kind,
            required: required && min != "0",
            rules,
            description: documentation(declaration).unwrap_or(description),
        });
        if let Some(d) = definition.filter(|d| d.tag_name().name() == "complexType") {
            let type_name = named.unwrap_or("");
            if !type_name.is_empty() && seen.contains(&type_name) {
                return;
            }
            seen.push(type_name);
            self.members(d, &path, depth + 1, seen, out);
            seen.pop();
        }
    }

    /// The attributes and child elements of the complex type `definition`.
    fn members(
        &self,
        definition: Node<'a, 'input>,
        path: &str,
        depth: usize,
        seen: &mut Vec<&'a str>,
        out: &mut Vec<Row>,
    ) {
        for node in definition.descendants().filter(Node::is_element) {
            // Only the particles of this type, not of nested anonymous types.
            let owner = node.ancestors().skip(1).find(|a| is_xs(*a, "complexType") || is_xs(*a, "element"));
            if owner != Some(definition) {
                continue;
            }
            match node.tag_name().name() {
                "extension" if node.tag_name().namespace() == Some(XS) => {
                    if let Some(base) = node.attribute("base").and_then(|b| self.types.get(local(b)).copied())
                        && base.tag_name().name() == "complexType"
                    {
                        self.members(base, path, depth, seen, out);
                    }
                }
                "element" if node.tag_name().namespace() == Some(XS) => {
                    let optional_group = node
                        .ancestors()
                        .skip(1)
                        .take_while(|a| *a != definition)
                        .any(|a| is_xs(a, "choice") || a.attribute("minOccurs") == Some("0"));
                    self.element(node, path, !optional_group, depth, seen, out);
                }
                "attribute" if node.tag_name().namespace() == Some(XS) => {
                    let Some(name) = node.attribute("name") else { continue };
                    let named = node.attribute("type").map(local);
                    let kind = named.map_or_else(|| "(anonymous)".to_owned(), str::to_owned);
                    let definition = named.and_then(|t| self.types.get(t).copied());
                    let (kind, mut rules, description) = match definition {
                        Some(d) => describe(d, kind),
                        None => (kind, Vec::new(), String::new()),
                    };
                    if let Some(fixed) = node.attribute("fixed") {
                        rules.push(format!("fixed `{fixed}`"));
                    }
                    out.push(Row {
                        field: format!("{path}/@{name}"),
                        kind,
                        required: node.attribute("use") == Some("required"),
                        rules,
                        description: documentation(node).unwrap_or(description),
                    });
                }
                _ => {}
            }
        }
    }
}

/// The type shown for a definition (its restriction's base), the restrictions of a simple
/// type (enumeration, facets, the identifier format of its appinfo), and its documentation.
fn describe(definition: Node<'_, '_>, kind: String) -> (String, Vec<String>, String) {
    let mut rules = Vec::new();
    let mut kind = kind;
    if let Some(restriction) = definition.children().find(|n| is_xs(*n, "restriction")) {
        if let Some(base) = restriction.attribute("base") {
            kind = format!("{kind} ({})", local(base));
        }
        let values: Vec<&str> =
            restriction.children().filter(|n| is_xs(*n, "enumeration")).filter_map(|n| n.attribute("value")).collect();
        if !values.is_empty() {
            rules.push(if values.len() > 12 {
                format!("one of {} values", values.len())
            } else {
                format!("one of {}", values.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", "))
            });
        }
        for facet in restriction.children().filter(Node::is_element) {
            if let (Some(value), name) = (facet.attribute("value"), facet.tag_name().name())
                && name != "enumeration"
            {
                rules.push(format!("{name} `{value}`"));
            }
        }
    }
    if let Some(format) = definition.descendants().find(|n| n.tag_name().name() == "identifier").and_then(|n| n.text())
    {
        rules.push(format!("identifier `{}`", format.trim()));
    }
    (kind, rules, documentation(definition).unwrap_or_default())
}

/// The text of the `xs:annotation/xs:documentation` of a declaration, on one line.
fn documentation(node: Node<'_, '_>) -> Option<String> {
    let annotation = node.children().find(|n| is_xs(*n, "annotation"))?;
    let text: String = annotation
        .children()
        .filter(|n| is_xs(*n, "documentation"))
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join(" ");
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_attributes_and_imported_types_are_listed() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../standards");
        let source = CatalogSource::Directory(root);
        let rows = rows(&source, "data/birth-registration/2.0.0", "xsd/birth-registration.xsd");
        let find = |field: &str| rows.iter().find(|r| r.field == field).unwrap_or_else(|| panic!("{field}"));
        // A type of an imported file, extended by the entry schema: the base's members first.
        let id = find("/BirthRegistration/Child/NationalId");
        assert!(!id.required);
        assert!(id.rules.contains(&"identifier `gb11643`".to_owned()), "{:?}", id.rules);
        assert_eq!(find("/BirthRegistration/Header/Office/@divisionCode").kind, "DivisionCode (token)");
        assert!(find("/BirthRegistration/Mother/Person/@personId").required, "an element ref is followed");
        assert!(!find("/BirthRegistration/Child/BirthPlace/Facility").required, "a choice is optional");
        assert_eq!(find("/BirthRegistration/@schemaVersion").rules, vec!["fixed `2.0`".to_owned()]);
    }
}
