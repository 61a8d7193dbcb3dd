//! The error Spectral reports for an example that does not match its schema: the first one
//! Ajv finds (Spectral validates examples without `allErrors`), worded as Spectral's
//! `better-ajv-errors` words it (`"example" property type must be string`,
//! `Item at index 0 must match format "uri"`, `... Did you mean "external"?`).

use std::fmt::Write;

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{ValidationError, Validator};
use serde_json::Value;

use super::document::{Seg, pointer_segments};
use super::functions::Fault;

/// Keywords in the order Ajv evaluates them: `type` first, then the keywords of every type
/// (`$ref`, `const`, `enum`, the combinators), then those of numbers, strings, arrays and objects,
/// each group in vocabulary order (validation before applicator, `format` last among strings).
const AJV_ORDER: &[&str] = &[
    "type",
    "$ref",
    "const",
    "enum",
    "not",
    "anyOf",
    "oneOf",
    "allOf",
    "if",
    "then",
    "else",
    "maximum",
    "minimum",
    "exclusiveMaximum",
    "exclusiveMinimum",
    "multipleOf",
    "maxLength",
    "minLength",
    "pattern",
    "format",
    "maxItems",
    "minItems",
    "uniqueItems",
    "additionalItems",
    "prefixItems",
    "items",
    "contains",
    "maxProperties",
    "minProperties",
    "required",
    "dependentRequired",
    "dependencies",
    "propertyNames",
    "additionalProperties",
    "properties",
    "patternProperties",
    "unevaluatedItems",
    "unevaluatedProperties",
];

/// The first error of `instance` against `validator`, as Spectral reports it; `field` names the
/// example (`example`, `default`, `value`) when the error is on the example itself.
pub(super) fn first_fault(validator: &Validator, instance: &Value, field: &str) -> Option<Fault> {
    let mut errors: Vec<ValidationError<'_>> = validator.iter_errors(instance).collect();
    errors.sort_by_cached_key(|e| ajv_rank(e.schema_path().as_str()));
    let error = errors.into_iter().next()?;
    let path = pointer_segments(error.instance_path().as_str());
    let last = path.last().map_or_else(|| field.to_owned(), Seg::text);
    let message = describe_array_item(&word(&error, instance, &last), &last);
    Some(Fault { message, path })
}

/// Every error of `instance` against `validator` (as Spectral's `schema` function reports them
/// with `allErrors`), in Ajv's keyword order, worded as [`first_fault`] words the first.
pub(super) fn all_faults(validator: &Validator, instance: &Value, field: &str) -> Vec<Fault> {
    let mut errors: Vec<ValidationError<'_>> = validator.iter_errors(instance).collect();
    errors.sort_by_cached_key(|e| ajv_rank(e.schema_path().as_str()));
    let paths: Vec<Vec<Seg>> = errors.iter().map(|e| pointer_segments(e.instance_path().as_str())).collect();
    let kinds: Vec<Keyword> = errors.iter().map(|e| keyword(e.kind())).collect();
    let keep = redundant_free(&paths, &kinds);
    let mut out: Vec<Fault> = Vec::new();
    for ((error, path), _) in errors.iter().zip(paths).zip(keep).filter(|(_, keep)| *keep) {
        let last = path.last().map_or_else(|| field.to_owned(), Seg::text);
        let names: Vec<String> = match error.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected } => unexpected.clone(),
            _ => vec![String::new()],
        };
        for name in names {
            let message = match (name.is_empty(), path.is_empty()) {
                (false, _) => format!("Property \"{name}\" is not expected to be here"),
                // Spectral names items by index only inside the value (`errorPath`).
                (true, true) => word(error, instance, &last),
                (true, false) => describe_array_item(&word(error, instance, &last), &last),
            };
            if !out.iter().any(|f| f.path == path && f.message == message) {
                out.push(Fault { message, path: path.clone() });
            }
        }
    }
    out
}

/// The keywords `better-ajv-errors` treats apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Keyword {
    /// `enum`.
    Enum,
    /// `anyOf`.
    AnyOf,
    /// Any other.
    Other,
}

/// The keyword of an error kind, as `better-ajv-errors` tells them apart.
pub(super) fn keyword(kind: &ValidationErrorKind) -> Keyword {
    match kind {
        ValidationErrorKind::Enum { .. } => Keyword::Enum,
        ValidationErrorKind::AnyOf { .. } => Keyword::AnyOf,
        _ => Keyword::Other,
    }
}

/// Which errors Spectral's `better-ajv-errors` keeps (its `filterRedundantErrors`, on the tree
/// of error paths): a node with an `anyOf` error and errors below it loses its own errors; a
/// node whose errors are all `enum` is dropped, with everything below it, when its parent has
/// another child in the tree.
pub(super) fn redundant_free(paths: &[Vec<Seg>], kinds: &[Keyword]) -> Vec<bool> {
    let below = |node: &[Seg], path: &[Seg]| path.len() > node.len() && path.starts_with(node);
    let mut keep = vec![true; paths.len()];
    for (i, node) in paths.iter().enumerate() {
        let here: Vec<usize> = (0..paths.len()).filter(|&j| paths[j] == *node).collect();
        let has_children = paths.iter().any(|p| below(node, p));
        if here.iter().any(|&j| kinds[j] == Keyword::AnyOf) && has_children {
            keep[i] = false;
        }
        if let Some((_, parent)) = node.split_last()
            && here.iter().all(|&j| kinds[j] == Keyword::Enum)
            && paths.iter().any(|p| below(parent, p) && p[parent.len()] != node[parent.len()])
        {
            for (j, path) in paths.iter().enumerate() {
                if path.starts_with(node) {
                    keep[j] = false;
                }
            }
        }
    }
    keep
}

/// Spectral's wording of one schema error at `prop` (the last name of its path).
pub(super) fn word_error(error: &ValidationError<'_>, instance: &Value, prop: &str) -> String {
    describe_array_item(&word(error, instance, prop), prop)
}

fn ajv_rank(schema_path: &str) -> Vec<usize> {
    schema_path.split('/').filter_map(|seg| AJV_ORDER.iter().position(|k| *k == seg)).collect()
}

fn word(error: &ValidationError<'_>, instance: &Value, prop: &str) -> String {
    let subject = format!("\"{prop}\" property");
    match error.kind() {
        ValidationErrorKind::Type { kind } => {
            let types = match kind {
                TypeKind::Single(t) => t.to_string(),
                TypeKind::Multiple(set) => set.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(","),
            };
            format!("{subject} type must be {types}")
        }
        ValidationErrorKind::Enum { options } => {
            let allowed: Vec<&Value> = options.as_array().map(|a| a.iter().collect()).unwrap_or_default();
            let list: Vec<String> = allowed
                .iter()
                .map(|v| match v {
                    Value::String(s) => format!("\"{s}\""),
                    other => other.to_string(),
                })
                .collect();
            let mut message = format!("{subject} must be equal to one of the allowed values: {}", list.join(", "));
            let current = instance.pointer(error.instance_path().as_str());
            if let Some(Value::String(current)) = current
                && let Some(best) = best_match(&allowed, current)
            {
                let _ = write!(message, ". Did you mean \"{best}\"?");
            }
            message
        }
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            format!("Property \"{}\" is not expected to be here", unexpected.first().map_or("", String::as_str))
        }
        ValidationErrorKind::Required { property } => {
            format!("{subject} must have required property \"{}\"", property.as_str().unwrap_or_default())
        }
        ValidationErrorKind::Format { format } => format!("{subject} must match format \"{format}\""),
        ValidationErrorKind::Pattern { pattern } => format!("{subject} must match pattern \"{pattern}\""),
        ValidationErrorKind::MinLength { limit } => format!("{subject} must not have fewer than {limit} characters"),
        ValidationErrorKind::MaxLength { limit } => format!("{subject} must not have more than {limit} characters"),
        ValidationErrorKind::MinItems { limit } => format!("{subject} must not have fewer than {limit} items"),
        ValidationErrorKind::MaxItems { limit } => format!("{subject} must not have more than {limit} items"),
        ValidationErrorKind::MinProperties { limit } => {
            format!("{subject} must not have fewer than {limit} properties")
        }
        ValidationErrorKind::MaxProperties { limit } => format!("{subject} must not have more than {limit} properties"),
        ValidationErrorKind::Minimum { limit } => format!("{subject} must be >= {limit}"),
        ValidationErrorKind::Maximum { limit } => format!("{subject} must be <= {limit}"),
        ValidationErrorKind::ExclusiveMinimum { limit } => format!("{subject} must be > {limit}"),
        ValidationErrorKind::ExclusiveMaximum { limit } => format!("{subject} must be < {limit}"),
        ValidationErrorKind::Constant { .. } => format!("{subject} must be equal to constant"),
        ValidationErrorKind::UniqueItems => {
            let items = instance.pointer(error.instance_path().as_str()).and_then(Value::as_array);
            match items.and_then(|items| duplicate_pair(items)) {
                Some((later, earlier)) => {
                    format!("{subject} must not have duplicate items (items ## {later} and {earlier} are identical)")
                }
                None => format!("{subject} must not have duplicate items"),
            }
        }
        ValidationErrorKind::OneOfNotValid { .. } => format!(
            "{subject} must match exactly one schema in oneOf. None of the schemas matched, see the other errors reported for this value"
        ),
        ValidationErrorKind::OneOfMultipleValid { .. } => format!("{subject} must match exactly one schema in oneOf"),
        ValidationErrorKind::AnyOf { .. } => format!(
            "{subject} must match a schema in anyOf. None of the schemas matched, see the other errors reported for this value"
        ),
        ValidationErrorKind::Not { .. } => format!("{subject} must not be valid"),
        _ => format!("{subject} {error}"),
    }
}

/// Ajv's pair of identical items: scanning from the end, the first item seen again.
fn duplicate_pair(items: &[Value]) -> Option<(usize, usize)> {
    for i in (0..items.len()).rev() {
        if let Some(j) = (i + 1..items.len()).rev().find(|&j| items[j] == items[i]) {
            return Some((j, i));
        }
    }
    None
}

/// The allowed string closest to `current` (Levenshtein), if close enough to suggest.
fn best_match<'a>(allowed: &[&'a Value], current: &str) -> Option<&'a str> {
    let strings: Vec<&str> = allowed.iter().filter_map(|v| v.as_str()).collect();
    let best = strings.iter().copied().min_by_key(|candidate| levenshtein(candidate, current))?;
    let weight = levenshtein(best, current);
    (allowed.len() == 1 || weight < best.encode_utf16().count()).then_some(best)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<u16> = a.encode_utf16().collect();
    let b: Vec<u16> = b.encode_utf16().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = if ca == cb { prev } else { 1 + prev.min(row[j]).min(row[j + 1]) };
            prev = current;
        }
    }
    row[b.len()]
}

/// Spectral's wording for errors on array items: `Item at index 0 ...`.
fn describe_array_item(message: &str, last: &str) -> String {
    if last.is_empty() || !last.bytes().all(|b| b.is_ascii_digit()) {
        return message.to_owned();
    }
    let type_prefix = format!("\"{last}\" property type");
    if let Some(rest) = message.strip_prefix(&type_prefix) {
        return format!("Item at index {last}{rest}");
    }
    let prefix = format!("\"{last}\" property");
    message.strip_prefix(&prefix).map_or_else(|| message.to_owned(), |rest| format!("Item at index {last}{rest}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fault(schema: &Value, instance: &Value) -> String {
        let validator = jsonschema::options().should_validate_formats(true).build(schema).unwrap();
        first_fault(&validator, instance, "example").map(|f| f.message).unwrap_or_default()
    }

    #[test]
    fn messages_follow_spectral() {
        let schema = json!({"type": "string", "enum": ["members", "notes"]});
        assert_eq!(fault(&schema, &json!(["members"])), "\"example\" property type must be string");
        assert_eq!(
            fault(&schema, &json!("member")),
            "\"example\" property must be equal to one of the allowed values: \"members\", \"notes\". Did you mean \"members\"?"
        );
        let items = json!({"type": "array", "items": {"type": "string", "format": "uri"}});
        assert_eq!(fault(&items, &json!(["asana.com"])), "Item at index 0 must match format \"uri\"");
        let object = json!({"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}});
        assert_eq!(fault(&object, &json!({"x": 1})), "\"example\" property must have required property \"id\"");
        assert_eq!(fault(&object, &json!({"id": 1})), "\"id\" property type must be string");
        assert_eq!(
            fault(&json!({"uniqueItems": true}), &json!([1, 2, 1])),
            "\"example\" property must not have duplicate items (items ## 2 and 0 are identical)"
        );
        assert_eq!(fault(&schema, &json!("notes")), "");
    }
}
