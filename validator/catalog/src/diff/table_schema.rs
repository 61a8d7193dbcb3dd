//! Frictionless Table Schema compatibility, field by field.
//!
//! A CSV is read against its schema's fields by header, so adding, removing, renaming or
//! moving a field breaks both ways. A field's type is extended when every old value stays
//! valid (`integer` → `number`, anything → `string` or `any`) and narrowed the other way;
//! its constraints follow the JSON Schema rules (`required` and `unique` added narrow,
//! bounds tightened narrow, `enum` extended widens, `pattern` changed breaks both ways).
//! `primaryKey` and `foreignKeys` added narrow, removed widen, changed break.

use serde_json::{Map, Value};

use super::{ArtifactChange, Compat, json_schema};

/// Whether a JSON value is a Table Schema: an object with a `fields` array of named fields.
#[must_use]
pub fn is_table_schema(value: &Value) -> bool {
    value
        .get("fields")
        .and_then(Value::as_array)
        .is_some_and(|fields| fields.iter().all(|f| f.get("name").is_some_and(Value::is_string)))
        && value.get("$schema").and_then(Value::as_str).is_none_or(|s| !s.contains("json-schema.org"))
}

fn push(out: &mut Vec<ArtifactChange>, pointer: String, kind: &str, message: String, compat: Compat) {
    out.push(ArtifactChange { pointer, kind: kind.to_owned(), message, compat });
}

/// Every change between two Table Schemas.
#[must_use]
pub fn diff(old: &Value, new: &Value) -> Vec<ArtifactChange> {
    let mut out = Vec::new();
    let fields = |v: &Value| v.get("fields").and_then(Value::as_array).cloned().unwrap_or_default();
    let (a, b) = (fields(old), fields(new));
    let name = |f: &Value| f.get("name").and_then(Value::as_str).unwrap_or_default().to_owned();
    let a_names: Vec<String> = a.iter().map(name).collect();
    let b_names: Vec<String> = b.iter().map(name).collect();
    for (i, field) in b.iter().enumerate() {
        let at = format!("/fields/{i}");
        let field_name = &b_names[i];
        match a_names.iter().position(|n| n == field_name) {
            Some(j) => {
                if i != j {
                    let message = format!("field `{field_name}` moved from position {} to {}", j + 1, i + 1);
                    push(&mut out, at.clone(), "field-moved", message, Compat::CHANGED);
                }
                compare_field(&a[j], field, &at, field_name, &mut out);
            }
            None if a.get(i).is_some_and(|old| !b_names.contains(&name(old))) => {
                let message = format!("field `{}` renamed to `{field_name}`", a_names[i]);
                push(&mut out, at, "field-renamed", message, Compat::CHANGED);
            }
            None => push(&mut out, at, "field-added", format!("field `{field_name}` added"), Compat::CHANGED),
        }
    }
    for (j, old_name) in a_names.iter().enumerate() {
        let renamed = b.get(j).is_some_and(|f| !a_names.contains(&name(f)));
        if !b_names.contains(old_name) && !renamed {
            push(
                &mut out,
                format!("/fields/{j}"),
                "field-removed",
                format!("field `{old_name}` removed"),
                Compat::CHANGED,
            );
        }
    }
    for keyword in ["primaryKey", "foreignKeys"] {
        let (kind, compat) = match (old.get(keyword), new.get(keyword)) {
            (x, y) if x == y => continue,
            (None, Some(_)) => ("key-added", Compat::NARROWED),
            (Some(_), None) => ("key-removed", Compat::EXTENDED),
            _ => ("key-changed", Compat::CHANGED),
        };
        push(&mut out, format!("/{keyword}"), kind, format!("`{keyword}` changed"), compat);
    }
    missing_values(old, new, &mut out);
    out
}

/// Whether every value valid as `narrow` is valid as `wide`.
fn type_covers(wide: &str, narrow: &str) -> bool {
    wide == narrow || matches!(wide, "any" | "string") || (wide == "number" && narrow == "integer")
}

fn compare_field(old: &Value, new: &Value, at: &str, name: &str, out: &mut Vec<ArtifactChange>) {
    let text = |v: &Value, key: &str, default: &str| v.get(key).and_then(Value::as_str).unwrap_or(default).to_owned();
    let (a, b) = (text(old, "type", "string"), text(new, "type", "string"));
    if a != b {
        let (kind, compat) = match (type_covers(&b, &a), type_covers(&a, &b)) {
            (true, _) => ("field-type-extended", Compat::EXTENDED),
            (false, true) => ("field-type-narrowed", Compat::NARROWED),
            (false, false) => ("field-type-changed", Compat::CHANGED),
        };
        push(out, format!("{at}/type"), kind, format!("field `{name}` type {a} → {b}"), compat);
    }
    let (a, b) = (text(old, "format", "default"), text(new, "format", "default"));
    if a != b {
        push(
            out,
            format!("{at}/format"),
            "field-format-changed",
            format!("field `{name}` format {a} → {b}"),
            Compat::CHANGED,
        );
    }
    let constraints = |v: &Value| v.get("constraints").and_then(Value::as_object).cloned().unwrap_or_default();
    let (a, b) = (constraints(old), constraints(new));
    for flag in ["required", "unique"] {
        let on = |m: &Map<String, Value>| m.get(flag).and_then(Value::as_bool).unwrap_or(false);
        match (on(&a), on(&b)) {
            (false, true) => push(
                out,
                format!("{at}/constraints/{flag}"),
                "constraint-added",
                format!("field `{name}` is now {flag}"),
                Compat::NARROWED,
            ),
            (true, false) => push(
                out,
                format!("{at}/constraints/{flag}"),
                "constraint-removed",
                format!("field `{name}` is no longer {flag}"),
                Compat::EXTENDED,
            ),
            _ => {}
        }
    }
    // The remaining constraints mean what the JSON Schema keywords of the same name mean.
    let as_schema = |m: &Map<String, Value>| {
        Value::Object(
            m.iter()
                .filter(|(k, _)| !matches!(k.as_str(), "required" | "unique"))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        )
    };
    for mut change in json_schema::diff(&as_schema(&a), &as_schema(&b)) {
        change.pointer = format!("{at}/constraints{}", change.pointer);
        change.message = format!("field `{name}`: {}", change.message);
        out.push(change);
    }
}

fn missing_values(old: &Value, new: &Value, out: &mut Vec<ArtifactChange>) {
    let set = |v: &Value| -> Vec<Value> {
        v.get("missingValues").and_then(Value::as_array).cloned().unwrap_or_else(|| vec![Value::String(String::new())])
    };
    let (a, b) = (set(old), set(new));
    let (a_in_b, b_in_a) = (a.iter().all(|v| b.contains(v)), b.iter().all(|v| a.contains(v)));
    let (kind, compat) = match (a_in_b, b_in_a) {
        (true, true) => return,
        (true, false) => ("missing-values-extended", Compat::EXTENDED),
        (false, true) => ("missing-values-narrowed", Compat::NARROWED),
        (false, false) => ("missing-values-changed", Compat::CHANGED),
    };
    push(out, "/missingValues".to_owned(), kind, "`missingValues` changed".to_owned(), compat);
}
