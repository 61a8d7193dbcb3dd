//! Misspelt keywords in an ad-hoc JSON Schema (`--schema`). JSON Schema ignores keywords it
//! does not know, so `"requird": ["id"]` would check nothing and every input would pass: a
//! key one or two letters away from a keyword is an error at its position, with the keyword.
//! Keys far from every keyword stay allowed (annotations such as `markdownDescription`).

use std::path::Path;

use conform_diagnostics::{LineIndex, Span, escape_pointer_token};
use conform_formats::SpanIndex;
use serde_json::Value;

/// The keywords of JSON Schema (draft 4 to 2020-12) and the OpenAPI annotations schemas
/// commonly carry.
const KEYWORDS: &[&str] = &[
    "$schema",
    "$id",
    "id",
    "$ref",
    "$anchor",
    "$dynamicRef",
    "$dynamicAnchor",
    "$recursiveRef",
    "$recursiveAnchor",
    "$vocabulary",
    "$comment",
    "$defs",
    "definitions",
    "type",
    "enum",
    "const",
    "multipleOf",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxContains",
    "minContains",
    "maxProperties",
    "minProperties",
    "required",
    "dependentRequired",
    "dependencies",
    "properties",
    "patternProperties",
    "additionalProperties",
    "propertyNames",
    "unevaluatedProperties",
    "items",
    "prefixItems",
    "additionalItems",
    "unevaluatedItems",
    "contains",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "if",
    "then",
    "else",
    "dependentSchemas",
    "format",
    "contentEncoding",
    "contentMediaType",
    "contentSchema",
    "title",
    "description",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
    "examples",
    "example",
    "nullable",
    "discriminator",
    "externalDocs",
    "xml",
];

/// Keywords whose value is a schema.
const SCHEMA_VALUED: &[&str] = &[
    "additionalProperties",
    "propertyNames",
    "unevaluatedProperties",
    "items",
    "additionalItems",
    "unevaluatedItems",
    "contains",
    "not",
    "if",
    "then",
    "else",
    "contentSchema",
];
/// Keywords whose value is an array of schemas.
const SCHEMA_ARRAYS: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems", "items"];
/// Keywords whose value maps names to schemas.
const SCHEMA_MAPS: &[&str] = &["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"];

/// Fails on every key of a schema object of the JSON Schema file `path` that is not a
/// keyword but is one or two edits away from one, with `file:line:column`.
pub fn check(path: &Path) -> anyhow::Result<()> {
    let Ok(text) = std::fs::read(path) else { return Ok(()) };
    let lines = LineIndex::new(&text);
    let problems: Vec<String> = misspelt(&text)
        .into_iter()
        .map(|(span, message)| {
            let at = lines.location(&text, span).start;
            format!("{}:{}:{}: {message}", path.display(), at.line, at.column)
        })
        .collect();
    anyhow::ensure!(problems.is_empty(), "{}", problems.join("\n"));
    Ok(())
}

/// The misspelt keywords of the JSON Schema `text`: the span of each key, and the message
/// naming the keyword it is close to. Text that is not JSON has none (its reader says why).
pub fn misspelt(text: &[u8]) -> Vec<(Span, String)> {
    let Ok(schema) = serde_json::from_slice::<Value>(text) else { return Vec::new() };
    let mut found = Vec::new();
    walk(&schema, &mut String::new(), &mut found, 0);
    if found.is_empty() {
        return Vec::new();
    }
    let spans = SpanIndex::from_json(text);
    found
        .into_iter()
        .map(|(pointer, key, keyword)| {
            let span = spans.get(&pointer).and_then(|node| node.key).unwrap_or(Span::empty(0));
            let message = format!(
                "unknown keyword `{key}` (did you mean `{keyword}`?): JSON Schema ignores it, so it would check nothing"
            );
            (span, message)
        })
        .collect()
}

/// The keyword `key` is a misspelling of, if any.
fn misspelling_of(key: &str) -> Option<&'static str> {
    if key.len() < 4 || key.starts_with("x-") || KEYWORDS.contains(&key) {
        return None;
    }
    let allowed = if key.len() < 7 { 1 } else { 2 };
    KEYWORDS
        .iter()
        .map(|k| (strsim::damerau_levenshtein(&k.to_ascii_lowercase(), &key.to_ascii_lowercase()), *k))
        .filter(|(distance, _)| *distance <= allowed)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, k)| k)
}

/// Collects the misspelt keys of the schema `value` at `pointer` and of its subschemas.
fn walk(value: &Value, pointer: &mut String, out: &mut Vec<(String, String, &'static str)>, depth: usize) {
    let Value::Object(schema) = value else { return };
    if depth > 128 {
        return;
    }
    for (key, child) in schema {
        let len = pointer.len();
        pointer.push('/');
        pointer.push_str(&escape_pointer_token(key));
        if let Some(keyword) = misspelling_of(key) {
            out.push((pointer.clone(), key.clone(), keyword));
        }
        let key = key.as_str();
        if SCHEMA_VALUED.contains(&key) {
            walk(child, pointer, out, depth + 1);
        }
        if SCHEMA_ARRAYS.contains(&key)
            && let Value::Array(items) = child
        {
            for (i, item) in items.iter().enumerate() {
                let at = pointer.len();
                pointer.push('/');
                pointer.push_str(&i.to_string());
                walk(item, pointer, out, depth + 1);
                pointer.truncate(at);
            }
        }
        if SCHEMA_MAPS.contains(&key)
            && let Value::Object(members) = child
        {
            for (name, member) in members {
                let at = pointer.len();
                pointer.push('/');
                pointer.push_str(&escape_pointer_token(name));
                walk(member, pointer, out, depth + 1);
                pointer.truncate(at);
            }
        }
        pointer.truncate(len);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses_of_keywords_are_found_annotations_are_not() {
        assert_eq!(misspelling_of("requird"), Some("required"));
        assert_eq!(misspelling_of("minLenght"), Some("minLength"));
        assert_eq!(misspelling_of("propertes"), Some("properties"));
        assert_eq!(misspelling_of("markdownDescription"), None);
        assert_eq!(misspelling_of("x-required"), None);
        assert_eq!(misspelling_of("tsType"), None);
        assert_eq!(misspelling_of("example"), None);
    }

    #[test]
    fn subschemas_are_walked_property_names_are_not_keywords() {
        let schema: Value = serde_json::from_str(
            r#"{"properties": {"requird": {"type": "string", "maxLenght": 3}}, "items": [{"enumm": [1]}]}"#,
        )
        .unwrap();
        let mut out = Vec::new();
        walk(&schema, &mut String::new(), &mut out, 0);
        let found: Vec<&str> = out.iter().map(|(pointer, _, _)| pointer.as_str()).collect();
        assert_eq!(found, ["/properties/requird/maxLenght", "/items/0/enumm"]);
    }
}
