//! oasdiff's "list of types": a schema whose `oneOf` or `anyOf` alternatives are each one
//! simple type (`oneOf: [{type: string}, {type: integer}]`) allows a list of types; going
//! from a single type to such a list, or back, or between lists, is reported as the list
//! widened or narrowed (`*-list-of-types-widened`/`-narrowed`), and claims the raw type and
//! `oneOf`/`anyOf` changes of that schema.

use serde_json::Value;

use super::Walk;
use crate::load::Spec;
use crate::operations::{Node, child_at};

/// The types a schema stands for, and whether they come from a `oneOf`/`anyOf` list;
/// `None` when it is not of that pattern (composite, untyped, or alternatives that are not
/// each one simple type).
fn pattern<'a>(spec: &'a Spec, node: &Node<'a>) -> Option<(Vec<&'a str>, bool)> {
    let schema = node.1.as_object()?;
    let non_empty = |key: &str| match schema.get(key) {
        Some(Value::Array(a)) => !a.is_empty(),
        Some(Value::Object(o)) => !o.is_empty(),
        _ => false,
    };
    if schema.contains_key("not") || non_empty("allOf") || non_empty("properties") {
        return None;
    }
    if let Some(first) = first_type(node.1) {
        return Some((vec![first], false));
    }
    for keyword in ["oneOf", "anyOf"] {
        let Some(Value::Array(items)) = schema.get(keyword) else { continue };
        if items.is_empty() {
            continue;
        }
        let at = child_at(&node.0, keyword);
        let types: Option<Vec<&str>> = items
            .iter()
            .enumerate()
            .map(|(i, item)| simple_type(spec.resolve(child_at(&at, &i.to_string()), item)?.1))
            .collect();
        return types.map(|types| (types, true));
    }
    None
}

/// The first of a schema's types (kin-openapi reads a single `type` so).
fn first_type(schema: &Value) -> Option<&str> {
    match schema.get("type")? {
        Value::String(t) => Some(t),
        Value::Array(list) => list.first()?.as_str(),
        _ => None,
    }
}

/// The one type of a schema that is exactly one type and nothing composite.
fn simple_type(schema: &Value) -> Option<&str> {
    let one = match schema.get("type")? {
        Value::String(t) => t.as_str(),
        Value::Array(list) if list.len() == 1 => list[0].as_str()?,
        _ => return None,
    };
    let composite = ["properties", "oneOf", "anyOf", "allOf"].iter().any(|key| match schema.get(*key) {
        Some(Value::Array(a)) => !a.is_empty(),
        Some(Value::Object(o)) => !o.is_empty(),
        _ => false,
    });
    (!composite).then_some(one)
}

impl Walk<'_, '_> {
    /// Reports a change of the list of types of the pair, if there is one; `true` when it
    /// did (the type and `oneOf`/`anyOf` changes are then claimed by it).
    pub(super) fn list_of_types(&mut self, path: &str, base: &Node<'_>, rev: &Node<'_>) -> bool {
        let (Some((old, old_list)), Some((new, new_list))) =
            (pattern(self.cx.base, base), pattern(self.cx.revision, rev))
        else {
            return false;
        };
        if !old_list && !new_list {
            return false;
        }
        let mut added: Vec<&str> = new.iter().copied().filter(|t| !old.contains(t)).collect();
        let mut deleted: Vec<&str> = old.iter().copied().filter(|t| !new.contains(t)).collect();
        if added.is_empty() && deleted.is_empty() {
            return false;
        }
        added.sort_unstable();
        added.dedup();
        deleted.sort_unstable();
        deleted.dedup();
        // Requests and parameters break when a type goes, responses when one comes.
        let widened = if self.context.is_response() { !added.is_empty() } else { deleted.is_empty() };
        let (suffix, what) = if widened {
            ("list-of-types-widened", format!("list of types widened by adding `{}`", added.join("`, `")))
        } else {
            ("list-of-types-narrowed", format!("list of types narrowed by removing `{}`", deleted.join("`, `")))
        };
        self.facet(path, suffix, "type", (base, rev), &what);
        true
    }
}
