//! Native functions of `spectral:oas` for Swagger 2.0 (`oas2-*` rules of `oas.yaml`), as
//! `@stoplight/spectral-rulesets` 1.23.1 words them: `oasOpFormDataConsumeCheck`,
//! `oasDiscriminator`, `oasSecurityDefined` and `oasExample` with `oasVersion: 2`.
//!
//! Each function first checks its input as Spectral's `createRulesetFunction` does (an input
//! of the wrong shape is not checked, as there).

use jsonschema::Validator;
use serde_json::Value;

use super::ajv_formats::FORMATS;
use super::document::{Document, Seg};
use super::example_errors::first_fault;
use super::functions::{Fault, inline, resolve};

fn key(k: &str) -> Seg {
    Seg::Key(k.to_owned())
}

/// `oasOpFormDataConsumeCheck`: an operation with a `formData` parameter consumes
/// `application/x-www-form-urlencoded` or `multipart/form-data` (only checked when the
/// operation has both `consumes` and `parameters` arrays).
pub(super) fn form_data_consume_check(op: &Value, doc: &Document) -> Vec<Fault> {
    let (Some(Value::Array(consumes)), Some(Value::Array(params))) = (op.get("consumes"), op.get("parameters")) else {
        return Vec::new();
    };
    let form_data = params.iter().any(|p| resolve(doc, p).get("in").and_then(Value::as_str) == Some("formData"));
    let joined = consumes.iter().map(js_text).collect::<Vec<_>>().join(",");
    if form_data && !joined.contains("application/x-www-form-urlencoded") && !joined.contains("multipart/form-data") {
        return vec![Fault::here(
            "Consumes must include urlencoded, multipart, or form-data media type when using formData parameter.",
        )];
    }
    Vec::new()
}

/// A value as JavaScript's `Array.prototype.join` writes it.
fn js_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// `oasDiscriminator`: the `discriminator` of a definition names one of its properties, and a
/// required one.
pub(super) fn discriminator(schema: &Value) -> Vec<Fault> {
    let Some(name) = schema.get("discriminator").and_then(Value::as_str) else { return Vec::new() };
    let mut out = Vec::new();
    if !schema.get("properties").and_then(Value::as_object).is_some_and(|p| p.contains_key(name)) {
        out.push(Fault {
            message: "The discriminator property must be defined in this schema.".to_owned(),
            path: vec![key("properties")],
        });
    }
    if !schema.get("required").and_then(Value::as_array).is_some_and(|r| r.iter().any(|n| n.as_str() == Some(name))) {
        out.push(Fault {
            message: "The discriminator property must be in the required property list.".to_owned(),
            path: vec![key("required")],
        });
    }
    out
}

/// `oasSecurityDefined` with `oasVersion: 2`: every scheme of a security requirement is
/// declared in `securityDefinitions`, and every scope among the scheme's `scopes`.
pub(super) fn security_defined(requirement: &Value, doc: &Document, path: &[Seg]) -> Vec<Fault> {
    let Value::Object(requirement) = requirement else { return Vec::new() };
    // Spectral's input schema: every value an array of strings.
    if !requirement.values().all(|v| v.as_array().is_some_and(|a| a.iter().all(Value::is_string))) {
        return Vec::new();
    }
    let definitions = doc.value.get("securityDefinitions").map(|s| resolve(doc, s)).and_then(Value::as_object);
    let mut out = Vec::new();
    for (name, scopes) in requirement {
        let Some(scheme) = definitions.and_then(|d| d.get(name)).map(|s| resolve(doc, s)) else {
            let object = if path.len() == 2 { "API" } else { "Operation" };
            out.push(Fault {
                message: format!(
                    "{object} \"security\" values must match a scheme defined in the \"securityDefinitions\" object."
                ),
                path: vec![key(name)],
            });
            continue;
        };
        for (i, scope) in scopes.as_array().into_iter().flatten().enumerate() {
            let scope = scope.as_str().unwrap_or_default();
            if !scheme.get("scopes").and_then(Value::as_object).is_some_and(|s| s.contains_key(scope)) {
                out.push(Fault {
                    message: format!("\"{scope}\" must be listed among scopes."),
                    path: vec![key(name), Seg::Index(i)],
                });
            }
        }
    }
    out
}

/// `oasExample` on a Swagger 2.0 schema or non-body parameter: its `example`, `x-example` and
/// `default` against the node itself.
pub(super) fn schema_example(node: &Value, doc: &Document) -> Vec<Fault> {
    if !node.is_object() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for field in ["example", "x-example", "default"] {
        if let Some(example) = node.get(field) {
            out.extend(check(node, example, doc, &[key(field)]));
        }
    }
    out
}

/// `oasExample` on a Swagger 2.0 response: each of its `examples` (by media type) against
/// its `schema`.
pub(super) fn media_example(response: &Value, doc: &Document) -> Vec<Fault> {
    let (Some(schema), Some(Value::Object(examples))) = (response.get("schema"), response.get("examples")) else {
        return Vec::new();
    };
    examples.iter().flat_map(|(media, example)| check(schema, example, doc, &[key("examples"), key(media)])).collect()
}

/// The first error of `example` (at `at`, relative to the function's input) against `schema`.
fn check(schema: &Value, example: &Value, doc: &Document, at: &[Seg]) -> Vec<Fault> {
    let mut schema = inline(doc, schema);
    // Spectral: a Swagger 2.0 parameter's boolean `required` is not a schema keyword.
    if let Value::Object(map) = &mut schema
        && map.get("required").is_some_and(Value::is_boolean)
    {
        map.remove("required");
    }
    if let Some(message) = super::oas_schema::meta_errors(&schema, jsonschema::Draft::Draft4) {
        return vec![Fault { message, path: at.to_vec() }];
    }
    let Some(validator) = validator(&schema) else { return Vec::new() };
    let field = at.last().map(Seg::text).unwrap_or_default();
    first_fault(&validator, &inline(doc, example), &field)
        .into_iter()
        .map(|mut f| {
            let mut path = at.to_vec();
            path.append(&mut f.path);
            f.path = path;
            f
        })
        .collect()
}

/// A draft 4 validator (Spectral's dialect for Swagger 2.0) with ajv-formats' formats.
fn validator(schema: &Value) -> Option<Validator> {
    let mut options = jsonschema::options().with_draft(jsonschema::Draft::Draft4).should_validate_formats(true);
    for &(name, check) in FORMATS {
        options = options.with_format(name, check);
    }
    options.build(schema).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use conform_formats::Format;

    fn doc(text: &str) -> Document {
        Document::parse(text.as_bytes(), Format::Json).unwrap()
    }

    #[test]
    fn form_data_needs_a_form_media_type() {
        let d = doc("{}");
        let op: Value = serde_json::json!({"consumes": ["application/json"], "parameters": [{"in": "formData"}]});
        assert_eq!(form_data_consume_check(&op, &d).len(), 1);
        let ok: Value = serde_json::json!({"consumes": ["multipart/form-data"], "parameters": [{"in": "formData"}]});
        assert!(form_data_consume_check(&ok, &d).is_empty());
        let unchecked: Value = serde_json::json!({"parameters": [{"in": "formData"}]});
        assert!(form_data_consume_check(&unchecked, &d).is_empty());
    }

    #[test]
    fn discriminator_and_examples() {
        let d = doc(r#"{"swagger": "2.0", "definitions": {"A": {"type": "string"}}}"#);
        let schema: Value = serde_json::json!({"discriminator": "kind", "properties": {"kind": {}}});
        let found = discriminator(&schema);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].path, vec![key("required")]);
        let param: Value = serde_json::json!({"name": "a", "in": "query", "required": true, "type": "integer",
            "default": "ten"});
        let faults = schema_example(&param, &d);
        assert_eq!(faults.len(), 1);
        assert_eq!(faults[0].message, "\"default\" property type must be integer");
        let response: Value = serde_json::json!({"schema": {"$ref": "#/definitions/A"},
            "examples": {"application/json": 5}});
        assert_eq!(media_example(&response, &d)[0].path, vec![key("examples"), key("application/json")]);
    }
}
