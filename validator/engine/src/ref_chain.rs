//! The longest chain of schemas a JSON Schema validator enters without moving in the
//! instance: `$ref` hops and in-place applicators (`allOf`, `anyOf`, `oneOf`, `not`, `if`,
//! `then`, `else`, `dependentSchemas`).
//!
//! The validator recurses on the call stack once per link, for every value it checks, so a
//! chain of thousands of `$ref`s overflows the stack. Schemas (JSON Schema files, OpenAPI
//! descriptions) are measured before they are compiled and refused past
//! [`MAX_REF_HOPS`], with the place the chain starts. The walk is iterative and visits each
//! schema once: linear in the document.
//!
//! Followed: references inside the same document (`#`, `#/json/pointer`, percent-encoded
//! or not). Anchors and other documents end a chain here (the validator resolves them; a
//! chain through many files is bounded by the files a catalog holds).

use rustc_hash::FxHashMap;
use serde_json::Value;

use conform_diagnostics::{escape_pointer_token, percent_decode};

/// The longest chain of in-place links (`$ref` hops and applicators) a schema may hold.
pub const MAX_REF_HOPS: usize = 256;

/// The message for a schema whose chain starting at `pointer` is longer than the limit.
fn too_long(pointer: &str) -> String {
    format!(
        "a chain of more than {MAX_REF_HOPS} `$ref`s and in-place subschemas starts at `{}` (the limit for \
         one schema, docs/limits.md); the schema is refused",
        if pointer.is_empty() { "#" } else { pointer }
    )
}

/// Checks every schema of the document `root`: `Err` names the first place a chain longer
/// than [`MAX_REF_HOPS`] starts.
pub fn check(root: &Value) -> Result<(), String> {
    let mut lengths: FxHashMap<*const Value, usize> = FxHashMap::default();
    // A structural walk (depth first, in document order) over every object and array, each
    // a possible start of a chain, with the tokens of the path to it.
    let mut walk: Vec<(&Value, usize, String)> = vec![(root, 0, String::new())];
    let mut path: Vec<String> = Vec::new();
    while let Some((value, depth, token)) = walk.pop() {
        path.truncate(depth.saturating_sub(1));
        if depth > 0 {
            path.push(token);
        }
        if longest(root, value, &mut lengths) > MAX_REF_HOPS {
            let pointer = path.iter().fold(String::new(), |mut pointer, token| {
                pointer.push('/');
                pointer.push_str(&escape_pointer_token(token));
                pointer
            });
            return Err(too_long(&pointer));
        }
        let containers = |v: &&Value| v.is_object() || v.is_array();
        match value {
            Value::Object(map) => {
                let children = map.iter().rev().filter(|(_, v)| containers(v));
                walk.extend(children.map(|(key, child)| (child, depth + 1, key.clone())));
            }
            Value::Array(items) => {
                let children = items.iter().enumerate().rev().filter(|(_, v)| containers(v));
                walk.extend(children.map(|(i, child)| (child, depth + 1, i.to_string())));
            }
            _ => {}
        }
    }
    Ok(())
}

/// The longest chain starting at `start`, memoised in `lengths`; iterative (a link back to
/// a schema still being measured counts as the end of the chain: the validator detects
/// such cycles).
fn longest(root: &Value, start: &Value, lengths: &mut FxHashMap<*const Value, usize>) -> usize {
    if let Some(&known) = lengths.get(&std::ptr::from_ref(start)) {
        return known;
    }
    // Each frame: a schema, its links, and the longest chain found below it so far.
    let mut stack: Vec<(&Value, Vec<&Value>, usize)> = vec![(start, links(root, start), 0)];
    lengths.insert(std::ptr::from_ref(start), 0);
    while let Some((schema, next, best)) = stack.last_mut() {
        let Some(target) = next.pop() else {
            let (schema, best) = (*schema, *best);
            stack.pop();
            lengths.insert(std::ptr::from_ref(schema), best);
            if let Some((_, _, parent_best)) = stack.last_mut() {
                *parent_best = (*parent_best).max(best + 1);
            }
            if best > MAX_REF_HOPS {
                return best;
            }
            continue;
        };
        if let Some(&known) = lengths.get(&std::ptr::from_ref(target)) {
            *best = (*best).max(known + 1);
            continue;
        }
        lengths.insert(std::ptr::from_ref(target), 0);
        stack.push((target, links(root, target), 0));
    }
    lengths[&std::ptr::from_ref(start)]
}

/// The schemas `schema` validates the same instance against.
fn links<'a>(root: &'a Value, schema: &'a Value) -> Vec<&'a Value> {
    let Value::Object(map) = schema else { return Vec::new() };
    let mut out = Vec::new();
    for (key, value) in map {
        match (key.as_str(), value) {
            ("$ref" | "$dynamicRef" | "$recursiveRef", Value::String(reference)) => {
                if let Some(target) = resolve(root, reference) {
                    out.push(target);
                }
            }
            ("allOf" | "anyOf" | "oneOf", Value::Array(items)) => out.extend(items.iter().filter(|v| v.is_object())),
            ("not" | "if" | "then" | "else", Value::Object(_)) => out.push(value),
            ("dependentSchemas", Value::Object(schemas)) => out.extend(schemas.values().filter(|v| v.is_object())),
            _ => {}
        }
    }
    out
}

/// The value a same-document reference points at.
fn resolve<'a>(root: &'a Value, reference: &str) -> Option<&'a Value> {
    let fragment = reference.strip_prefix('#')?;
    let pointer = percent_decode(fragment);
    if pointer.is_empty() { Some(root) } else { root.pointer(&pointer) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn chain(n: usize, via_all_of: bool) -> Value {
        let mut defs = serde_json::Map::new();
        for i in 0..n {
            let link = json!({ "$ref": format!("#/$defs/d{}", i + 1) });
            defs.insert(format!("d{i}"), if via_all_of { json!({ "allOf": [link] }) } else { link });
        }
        defs.insert(format!("d{n}"), json!({ "type": "object", "properties": { "next": { "$ref": "#/$defs/d0" } } }));
        json!({ "$ref": "#/$defs/d0", "$defs": defs })
    }

    #[test]
    fn long_chains_are_refused_with_their_start() {
        assert!(check(&chain(200, false)).is_ok());
        let err = check(&chain(100_000, false)).unwrap_err();
        assert!(err.contains("more than 256 `$ref`s") && err.contains("starts at `#`"), "{err}");
        // Through applicators, each `allOf` counts as a link too.
        assert!(check(&chain(150, true)).is_err());
        assert!(check(&chain(100, true)).is_ok());
    }

    #[test]
    fn cycles_and_foreign_references_end_a_chain() {
        assert!(check(&json!({ "$ref": "#" })).is_ok());
        assert!(check(&json!({ "$defs": { "a": { "$ref": "#/$defs/b" }, "b": { "$ref": "#/$defs/a" } } })).is_ok());
        assert!(check(&json!({ "$ref": "other.json#/x", "allOf": [{ "$ref": "#/nowhere" }] })).is_ok());
    }

    #[test]
    fn percent_encoded_pointers_are_followed() {
        let mut defs = serde_json::Map::new();
        for i in 0..300 {
            defs.insert(format!("a b{i}"), json!({ "$ref": format!("#/$defs/a%20b{}", i + 1) }));
        }
        let err = check(&json!({ "$defs": defs })).unwrap_err();
        assert!(err.contains("starts at `/$defs/a b0`"), "{err}");
    }
}
