//! JSON Schema compatibility, keyword by keyword, following Confluent Schema Registry's rules.
//!
//! | change (old → new) | backward | forward |
//! |---|---|---|
//! | type narrowed / extended / changed | ✗ / ✓ / ✗ | ✓ / ✗ / ✗ |
//! | enum (or const) narrowed / extended / added / removed | ✗ / ✓ / ✗ / ✓ | ✓ / ✗ / ✓ / ✗ |
//! | constraint added or tightened (min/max, lengths, items, properties, pattern, format, multipleOf, uniqueItems) | ✗ | ✓ |
//! | constraint removed or relaxed | ✓ | ✗ |
//! | pattern or format changed | ✗ | ✗ |
//! | required property added (without a default) / removed | ✗ / ✓ | ✓ / ✗ |
//! | property added to an open model (non-empty schema) / with an empty schema | ✗ / ✓ | ✓ / ✓ |
//! | property added to a closed model | ✓ | ✗ |
//! | property removed from an open / closed model | ✓ / ✗ | ✗ / ✓ |
//! | property added to / removed from a partially open model | ✓ when covered by `additionalProperties` | the reverse |
//! | `additionalProperties` (or any subschema) narrowed / extended | ✗ / ✓ | ✓ / ✗ |
//! | `anyOf`/`oneOf` member added / removed | ✓ / ✗ | ✗ / ✓ |
//! | `allOf` member added / removed | ✗ / ✓ | ✓ / ✗ |
//! | `$ref` changed, `if` changed, `dependentRequired`/`dependentSchemas`/`dependencies` changed | ✗ | ✗ |
//! | annotation changed (`title`, `description`, `default`, `examples`, `$comment`, unknown keywords, ...) | ✓ | ✓ |
//!
//! One deliberate difference: `format` is a constraint here (conform asserts formats by
//! default), where the registry ignores it. Inside `not` every verdict is reversed.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::{ArtifactChange, Compat};

/// Every change between two JSON Schemas, each with its pointer (schema location).
#[must_use]
pub fn diff(old: &Value, new: &Value) -> Vec<ArtifactChange> {
    let mut out = Vec::new();
    compare(old, new, "", &mut out);
    out
}

/// Whether every change of `old → new` keeps old inputs valid.
fn backward_compatible(old: &Value, new: &Value) -> bool {
    diff(old, new).iter().all(|c| c.compat.backward)
}

const TRUE: Value = Value::Bool(true);

/// Keywords that do not change which inputs are valid.
const ANNOTATIONS: &[&str] = &[
    "title",
    "description",
    "default",
    "examples",
    "$comment",
    "deprecated",
    "readOnly",
    "writeOnly",
    "$id",
    "id",
    "$anchor",
    "$dynamicAnchor",
    "$schema",
    "$vocabulary",
    "contentMediaType",
    "contentEncoding",
    "contentSchema",
];

/// Lower bounds: raising one narrows.
const LOWER_BOUNDS: &[&str] = &["minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties", "minContains"];
/// Upper bounds: lowering one narrows.
const UPPER_BOUNDS: &[&str] = &["maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties", "maxContains"];
/// Subschemas where a narrower schema means fewer valid inputs (absent = `true`).
const MONOTONE_SUBSCHEMAS: &[&str] = &[
    "items",
    "additionalItems",
    "additionalProperties",
    "unevaluatedItems",
    "unevaluatedProperties",
    "propertyNames",
    "then",
    "else",
];
/// Maps of named subschemas compared name by name.
const SCHEMA_MAPS: &[&str] = &["$defs", "definitions"];
/// Keywords whose changes conform cannot classify: any change breaks both ways.
const OPAQUE: &[&str] =
    &["$ref", "$dynamicRef", "if", "dependentRequired", "dependentSchemas", "dependencies", "patternProperties"];

fn push(out: &mut Vec<ArtifactChange>, pointer: String, kind: &str, message: String, compat: Compat) {
    out.push(ArtifactChange { pointer, kind: kind.to_owned(), message, compat });
}

fn child(pointer: &str, token: &str) -> String {
    format!("{pointer}/{}", token.replace('~', "~0").replace('/', "~1"))
}

fn is_empty_schema(value: &Value) -> bool {
    match value {
        Value::Bool(b) => *b,
        Value::Object(map) => map.keys().all(|k| ANNOTATIONS.contains(&k.as_str())),
        _ => false,
    }
}

fn compare(old: &Value, new: &Value, pointer: &str, out: &mut Vec<ArtifactChange>) {
    if old == new {
        return;
    }
    let empty = Map::new();
    match (old, new) {
        (_, Value::Bool(false)) => {
            push(
                out,
                pointer.to_owned(),
                "schema-narrowed",
                "the schema now rejects every value".into(),
                Compat::NARROWED,
            );
        }
        (Value::Bool(false), _) => {
            push(
                out,
                pointer.to_owned(),
                "schema-extended",
                "the schema no longer rejects every value".into(),
                Compat::EXTENDED,
            );
        }
        _ => {
            let old = old.as_object().unwrap_or(&empty);
            let new = new.as_object().unwrap_or(&empty);
            compare_objects(old, new, pointer, out);
        }
    }
}

fn compare_objects(old: &Map<String, Value>, new: &Map<String, Value>, pointer: &str, out: &mut Vec<ArtifactChange>) {
    types(old, new, pointer, out);
    allowed_values(old, new, pointer, out);
    bounds(old, new, pointer, out);
    multiple_of(old, new, pointer, out);
    for keyword in ["pattern", "format"] {
        text_constraint(old, new, pointer, keyword, out);
    }
    unique_items(old, new, pointer, out);
    required(old, new, pointer, out);
    properties(old, new, pointer, out);
    for keyword in MONOTONE_SUBSCHEMAS {
        let (a, b) = (old.get(*keyword).unwrap_or(&TRUE), new.get(*keyword).unwrap_or(&TRUE));
        subschema(a, b, &child(pointer, keyword), keyword, out);
    }
    if let (Some(a), Some(b)) = (old.get("contains"), new.get("contains")) {
        compare(a, b, &child(pointer, "contains"), out);
    } else {
        presence(old, new, pointer, "contains", out);
    }
    if let (Some(a), Some(b)) = (old.get("not"), new.get("not")) {
        let mut inner = Vec::new();
        compare(a, b, &child(pointer, "not"), &mut inner);
        out.extend(inner.into_iter().map(|mut c| {
            c.compat = c.compat.reversed();
            c.message = format!("inside `not`: {}", c.message);
            c
        }));
    } else {
        presence(old, new, pointer, "not", out);
    }
    for keyword in ["anyOf", "oneOf", "allOf", "prefixItems"] {
        members(old, new, pointer, keyword, out);
    }
    for keyword in SCHEMA_MAPS {
        schema_map(old, new, pointer, keyword, out);
    }
    for keyword in OPAQUE {
        if old.get(*keyword) != new.get(*keyword) {
            push(
                out,
                child(pointer, keyword),
                "keyword-changed",
                format!("`{keyword}` changed; conform does not classify it, so it counts as breaking both ways"),
                Compat::CHANGED,
            );
        }
    }
    annotations(old, new, pointer, out);
}

fn annotations(old: &Map<String, Value>, new: &Map<String, Value>, pointer: &str, out: &mut Vec<ArtifactChange>) {
    let keys: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    for key in keys {
        if old.get(key) == new.get(key) || is_handled(key) {
            continue;
        }
        push(out, child(pointer, key), "annotation-changed", format!("annotation `{key}` changed"), Compat::NONE);
    }
}

fn is_handled(key: &str) -> bool {
    [
        "type",
        "enum",
        "const",
        "multipleOf",
        "pattern",
        "format",
        "uniqueItems",
        "required",
        "properties",
        "contains",
        "not",
        "anyOf",
        "oneOf",
        "allOf",
        "prefixItems",
    ]
    .contains(&key)
        || LOWER_BOUNDS.contains(&key)
        || UPPER_BOUNDS.contains(&key)
        || MONOTONE_SUBSCHEMAS.contains(&key)
        || SCHEMA_MAPS.contains(&key)
        || OPAQUE.contains(&key)
}

/// `type`: absent means every type; `integer` is a kind of `number`.
fn types(old: &Map<String, Value>, new: &Map<String, Value>, pointer: &str, out: &mut Vec<ArtifactChange>) {
    let set = |map: &Map<String, Value>| -> Option<BTreeSet<String>> {
        match map.get("type")? {
            Value::String(t) => Some(BTreeSet::from([t.clone()])),
            Value::Array(items) => Some(items.iter().filter_map(Value::as_str).map(str::to_owned).collect()),
            _ => None,
        }
    };
    let covers = |wide: &Option<BTreeSet<String>>, narrow: &Option<BTreeSet<String>>| match (wide, narrow) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(wide), Some(narrow)) => {
            narrow.iter().all(|t| wide.contains(t) || (t == "integer" && wide.contains("number")))
        }
    };
    let (a, b) = (set(old), set(new));
    let show = |s: &Option<BTreeSet<String>>| {
        s.as_ref().map_or_else(|| "any type".to_owned(), |s| s.iter().cloned().collect::<Vec<_>>().join(" or "))
    };
    let (kind, compat) = match (covers(&b, &a), covers(&a, &b)) {
        (true, true) => return,
        (true, false) => ("type-extended", Compat::EXTENDED),
        (false, true) => ("type-narrowed", Compat::NARROWED),
        (false, false) => ("type-changed", Compat::CHANGED),
    };
    push(out, child(pointer, "type"), kind, format!("type {} → {}", show(&a), show(&b)), compat);
}

/// `enum` and `const`, as sets of allowed values.
fn allowed_values(old: &Map<String, Value>, new: &Map<String, Value>, pointer: &str, out: &mut Vec<ArtifactChange>) {
    let set = |map: &Map<String, Value>| -> Option<Vec<Value>> {
        let from_enum = map.get("enum").and_then(Value::as_array).cloned();
        let from_const = map.get("const").map(|v| vec![v.clone()]);
        match (from_enum, from_const) {
            (Some(e), Some(c)) => Some(e.into_iter().filter(|v| c.contains(v)).collect()),
            (e, c) => e.or(c),
        }
    };
    let (a, b) = (set(old), set(new));
    let keyword = if new.contains_key("enum") || old.contains_key("enum") { "enum" } else { "const" };
    let at = child(pointer, keyword);
    let (kind, compat, message) = match (&a, &b) {
        (None, None) => return,
        (None, Some(_)) => ("enum-added", Compat::NARROWED, format!("`{keyword}` added: only listed values are valid")),
        (Some(_), None) => ("enum-removed", Compat::EXTENDED, format!("`{keyword}` removed: any value is valid")),
        (Some(a), Some(b)) => {
            let a_in_b = a.iter().all(|v| b.contains(v));
            let b_in_a = b.iter().all(|v| a.contains(v));
            match (a_in_b, b_in_a) {
                (true, true) => return,
                (true, false) => {
                    ("enum-extended", Compat::EXTENDED, format!("allowed values extended: {}", listed(b, a)))
                }
                (false, true) => {
                    ("enum-narrowed", Compat::NARROWED, format!("allowed values removed: {}", listed(a, b)))
                }
                (false, false) => ("enum-changed", Compat::CHANGED, "allowed values changed".to_owned()),
            }
        }
    };
    push(out, at, kind, message, compat);
}

fn listed(values: &[Value], except: &[Value]) -> String {
    values.iter().filter(|v| !except.contains(v)).map(Value::to_string).collect::<Vec<_>>().join(", ")
}

fn bounds(old: &Map<String, Value>, new: &Map<String, Value>, pointer: &str, out: &mut Vec<ArtifactChange>) {
    for (keywords, lower) in [(LOWER_BOUNDS, true), (UPPER_BOUNDS, false)] {
        for keyword in keywords {
            let (a, b) = (old.get(*keyword).and_then(Value::as_f64), new.get(*keyword).and_then(Value::as_f64));
            let at = child(pointer, keyword);
            let (kind, compat, message) = match (a, b) {
                (None, None) => continue,
                (None, Some(b)) => ("constraint-added", Compat::NARROWED, format!("`{keyword}: {b}` added")),
                (Some(a), None) => ("constraint-removed", Compat::EXTENDED, format!("`{keyword}: {a}` removed")),
                (Some(a), Some(b)) if (a - b).abs() < f64::EPSILON => continue,
                (Some(a), Some(b)) if (b > a) == lower => {
                    ("constraint-tightened", Compat::NARROWED, format!("`{keyword}` tightened: {a} → {b}"))
                }
                (Some(a), Some(b)) => {
                    ("constraint-relaxed", Compat::EXTENDED, format!("`{keyword}` relaxed: {a} → {b}"))
                }
            };
            push(out, at, kind, message, compat);
        }
    }
}

fn multiple_of(old: &Map<String, Value>, new: &Map<String, Value>, pointer: &str, out: &mut Vec<ArtifactChange>) {
    let (a, b) = (old.get("multipleOf").and_then(Value::as_f64), new.get("multipleOf").and_then(Value::as_f64));
    let divides = |big: f64, small: f64| small != 0.0 && ((big / small) - (big / small).round()).abs() < 1e-9;
    let (kind, compat) = match (a, b) {
        (None, None) => return,
        (Some(a), Some(b)) if (a - b).abs() < f64::EPSILON => return,
        (None, Some(_)) => ("constraint-added", Compat::NARROWED),
        (Some(_), None) => ("constraint-removed", Compat::EXTENDED),
        // Every multiple of a is a multiple of b: more values are valid.
        (Some(a), Some(b)) if divides(a, b) => ("constraint-relaxed", Compat::EXTENDED),
        (Some(a), Some(b)) if divides(b, a) => ("constraint-tightened", Compat::NARROWED),
        (Some(_), Some(_)) => ("constraint-changed", Compat::CHANGED),
    };
    let show = |v: Option<f64>| v.map_or_else(|| "none".to_owned(), |v| v.to_string());
    push(out, child(pointer, "multipleOf"), kind, format!("`multipleOf` {} → {}", show(a), show(b)), compat);
}

fn text_constraint(
    old: &Map<String, Value>,
    new: &Map<String, Value>,
    pointer: &str,
    keyword: &str,
    out: &mut Vec<ArtifactChange>,
) {
    let (kind, compat, message) = match (old.get(keyword), new.get(keyword)) {
        (a, b) if a == b => return,
        (None, Some(b)) => ("constraint-added", Compat::NARROWED, format!("`{keyword}` {b} added")),
        (Some(a), None) => ("constraint-removed", Compat::EXTENDED, format!("`{keyword}` {a} removed")),
        (Some(a), Some(b)) => (
            if keyword == "pattern" { "pattern-changed" } else { "format-changed" },
            Compat::CHANGED,
            format!("`{keyword}` changed: {a} → {b}"),
        ),
        (None, None) => return,
    };
    push(out, child(pointer, keyword), kind, message, compat);
}

fn unique_items(old: &Map<String, Value>, new: &Map<String, Value>, pointer: &str, out: &mut Vec<ArtifactChange>) {
    let flag = |map: &Map<String, Value>| map.get("uniqueItems").and_then(Value::as_bool).unwrap_or(false);
    match (flag(old), flag(new)) {
        (false, true) => push(
            out,
            child(pointer, "uniqueItems"),
            "constraint-added",
            "items must now be unique".into(),
            Compat::NARROWED,
        ),
        (true, false) => push(
            out,
            child(pointer, "uniqueItems"),
            "constraint-removed",
            "items may now repeat".into(),
            Compat::EXTENDED,
        ),
        _ => {}
    }
}

fn names(map: &Map<String, Value>, keyword: &str) -> Vec<String> {
    map.get(keyword)
        .and_then(Value::as_array)
        .map_or_else(Vec::new, |a| a.iter().filter_map(Value::as_str).map(str::to_owned).collect())
}

fn required(old: &Map<String, Value>, new: &Map<String, Value>, pointer: &str, out: &mut Vec<ArtifactChange>) {
    let (a, b) = (names(old, "required"), names(new, "required"));
    let at = child(pointer, "required");
    for name in b.iter().filter(|n| !a.contains(n)) {
        let has_default = new.get("properties").and_then(|p| p.get(name)).is_some_and(|p| p.get("default").is_some());
        if has_default {
            let message = format!("property `{name}` is now required, with a default");
            push(out, at.clone(), "required-with-default-added", message, Compat::NONE);
        } else {
            push(out, at.clone(), "required-added", format!("property `{name}` is now required"), Compat::NARROWED);
        }
    }
    for name in a.iter().filter(|n| !b.contains(n)) {
        push(out, at.clone(), "required-removed", format!("property `{name}` is no longer required"), Compat::EXTENDED);
    }
}

/// How a model treats properties it does not list.
enum Openness<'a> {
    Open,
    Closed,
    Partial(&'a Value),
}

fn openness(map: &Map<String, Value>) -> Openness<'_> {
    match map.get("additionalProperties").or_else(|| map.get("unevaluatedProperties")) {
        None | Some(Value::Bool(true)) => Openness::Open,
        Some(Value::Bool(false)) => Openness::Closed,
        Some(schema) if is_empty_schema(schema) => Openness::Open,
        Some(schema) => Openness::Partial(schema),
    }
}

fn properties(old: &Map<String, Value>, new: &Map<String, Value>, pointer: &str, out: &mut Vec<ArtifactChange>) {
    let props =
        |map: &'_ Map<String, Value>| map.get("properties").and_then(Value::as_object).cloned().unwrap_or_default();
    let (a, b) = (props(old), props(new));
    for (name, schema) in &b {
        let at = child(&child(pointer, "properties"), name);
        if let Some(before) = a.get(name) {
            compare(before, schema, &at, out);
        } else {
            {
                let (kind, compat) = match openness(old) {
                    Openness::Open if is_empty_schema(schema) => {
                        ("property-with-empty-schema-added-to-open-model", Compat::NONE)
                    }
                    Openness::Open => ("property-added-to-open-model", Compat::NARROWED),
                    Openness::Closed => ("property-added-to-closed-model", Compat::EXTENDED),
                    Openness::Partial(rest) => (
                        "property-added-to-partially-open-model",
                        Compat {
                            backward: backward_compatible(rest, schema),
                            forward: backward_compatible(schema, rest),
                        },
                    ),
                };
                push(out, at, kind, format!("property `{name}` added"), compat);
            }
        }
    }
    for (name, schema) in &a {
        if b.contains_key(name) {
            continue;
        }
        let at = child(&child(pointer, "properties"), name);
        let (kind, compat) = match openness(new) {
            Openness::Open => {
                ("property-removed-from-open-model", Compat { backward: true, forward: is_empty_schema(schema) })
            }
            Openness::Closed => ("property-removed-from-closed-model", Compat::NARROWED),
            Openness::Partial(rest) => (
                "property-removed-from-partially-open-model",
                Compat { backward: backward_compatible(schema, rest), forward: backward_compatible(rest, schema) },
            ),
        };
        push(out, at, kind, format!("property `{name}` removed"), compat);
    }
}

/// A subschema where absent means `true`; boolean flips get a kind named after the keyword.
fn subschema(old: &Value, new: &Value, pointer: &str, keyword: &str, out: &mut Vec<ArtifactChange>) {
    if old == new {
        return;
    }
    let before = out.len();
    compare(old, new, pointer, out);
    for change in &mut out[before..] {
        if change.pointer == pointer && matches!(change.kind.as_str(), "schema-narrowed" | "schema-extended") {
            let how = if change.kind == "schema-narrowed" { "narrowed" } else { "extended" };
            change.kind = format!("{}-{how}", kebab(keyword));
            change.message = format!("`{keyword}` {how}: {}", change.message);
        }
    }
    // true → a schema with constraints: name the keyword in the kind too.
    if out.len() > before && is_empty_schema(old) && matches!(new, Value::Object(_)) {
        for change in &mut out[before..] {
            if change.compat == Compat::NARROWED && !change.kind.starts_with(&kebab(keyword)) {
                change.message = format!("`{keyword}` narrowed: {}", change.message);
            }
        }
    }
}

fn kebab(keyword: &str) -> String {
    let mut out = String::new();
    for c in keyword.chars() {
        if c.is_ascii_uppercase() {
            out.push('-');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// A keyword whose mere presence constrains (`contains`, `not`).
fn presence(
    old: &Map<String, Value>,
    new: &Map<String, Value>,
    pointer: &str,
    keyword: &str,
    out: &mut Vec<ArtifactChange>,
) {
    match (old.get(keyword), new.get(keyword)) {
        (None, Some(_)) => {
            push(out, child(pointer, keyword), "constraint-added", format!("`{keyword}` added"), Compat::NARROWED);
        }
        (Some(_), None) => {
            push(out, child(pointer, keyword), "constraint-removed", format!("`{keyword}` removed"), Compat::EXTENDED);
        }
        _ => {}
    }
}

/// `anyOf`/`oneOf` (sum types), `allOf` (product type) and `prefixItems` (tuples).
fn members(
    old: &Map<String, Value>,
    new: &Map<String, Value>,
    pointer: &str,
    keyword: &str,
    out: &mut Vec<ArtifactChange>,
) {
    let at = child(pointer, keyword);
    let (a, b) = match (old.get(keyword).and_then(Value::as_array), new.get(keyword).and_then(Value::as_array)) {
        (None, None) => return,
        (None, Some(_)) => {
            push(out, at, "combinator-added", format!("`{keyword}` added"), Compat::NARROWED);
            return;
        }
        (Some(_), None) => {
            push(out, at, "combinator-removed", format!("`{keyword}` removed"), Compat::EXTENDED);
            return;
        }
        (Some(a), Some(b)) => (a, b),
    };
    if a.len() == b.len() {
        for (i, (x, y)) in a.iter().zip(b).enumerate() {
            compare(x, y, &child(&at, &i.to_string()), out);
        }
        return;
    }
    // A sum type accepts more with more members; a product type and a tuple accept less.
    let sum = matches!(keyword, "anyOf" | "oneOf");
    for (i, member) in b.iter().enumerate().filter(|(_, m)| !a.contains(m)) {
        let compat = if sum { Compat::EXTENDED } else { Compat::NARROWED };
        push(
            out,
            child(&at, &i.to_string()),
            &format!("{}-member-added", keyword.to_ascii_lowercase()),
            format!("`{keyword}` member {member} added"),
            compat,
        );
    }
    for (i, member) in a.iter().enumerate().filter(|(_, m)| !b.contains(m)) {
        let compat = if sum { Compat::NARROWED } else { Compat::EXTENDED };
        push(
            out,
            child(&at, &i.to_string()),
            &format!("{}-member-removed", keyword.to_ascii_lowercase()),
            format!("`{keyword}` member {member} removed"),
            compat,
        );
    }
}

/// `$defs`: definitions compared by name; adding or removing one changes nothing by itself.
fn schema_map(
    old: &Map<String, Value>,
    new: &Map<String, Value>,
    pointer: &str,
    keyword: &str,
    out: &mut Vec<ArtifactChange>,
) {
    let empty = Map::new();
    let a = old.get(keyword).and_then(Value::as_object).unwrap_or(&empty);
    let b = new.get(keyword).and_then(Value::as_object).unwrap_or(&empty);
    for (name, schema) in b {
        let at = child(&child(pointer, keyword), name);
        match a.get(name) {
            Some(before) => compare(before, schema, &at, out),
            None => push(out, at, "definition-added", format!("definition `{name}` added"), Compat::NONE),
        }
    }
    for name in a.keys().filter(|n| !b.contains_key(*n)) {
        push(
            out,
            child(&child(pointer, keyword), name),
            "definition-removed",
            format!("definition `{name}` removed"),
            Compat::NONE,
        );
    }
}
