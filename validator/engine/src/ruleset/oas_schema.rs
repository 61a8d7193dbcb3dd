//! `oasDocumentSchema` (the `oas3-schema` rule): the whole description, Schema Objects
//! included, validated against the schemas Spectral validates it against (vendored from
//! Spectral, Apache-2.0: its OpenAPI 3.0 schema, its OpenAPI 3.1 schema with the 3.1 dialect
//! and its copy of the JSON Schema 2020-12 meta-schema), with every error worded as Spectral
//! words Ajv's (`"type" property must be equal to one of the allowed values: ... Did you mean
//! "boolean"?`, `Property "x" is not expected to be here`, the schemas' `errorMessage`s).

use std::sync::OnceLock;

use jsonschema::Validator;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde_json::Value;

use super::ajv_formats::FORMATS;
use super::document::{Seg, pointer_segments};
use super::functions::Fault;

/// The OpenAPI 3.0 schema.
const OAS30: &str = include_str!("oas3.0.schema.json");
/// The OpenAPI 3.1 schema and the resources it references.
const OAS31: &str = include_str!("oas3.1.schema.json");
/// The Swagger 2.0 schema and the draft 4 meta-schema it refers to.
const OAS2: &str = include_str!("oas2.0.schema.json");
const OAS2_RESOURCES: [&str; 1] = [include_str!("json-schema-draft-04.json")];
const OAS31_RESOURCES: [&str; 4] = [
    include_str!("oas3.1.dialect.json"),
    include_str!("oas3.1.meta.json"),
    include_str!("json-schema-2020-12.json"),
    include_str!("json-schema-2020-12-validation.json"),
];

/// A compiled schema with the documents it is made of (to read `errorMessage`s and the
/// schema of a failing keyword).
struct Compiled {
    validator: Validator,
    docs: Vec<Value>,
}

fn compile(root: &str, resources: &[&str]) -> Option<Compiled> {
    let root: Value = serde_json::from_str(root).ok()?;
    let mut docs = vec![root.clone()];
    let mut registry = jsonschema::Registry::new();
    for text in resources {
        let value: Value = serde_json::from_str(text).ok()?;
        let id = value.get("$id").and_then(Value::as_str)?.to_owned();
        registry = registry.add(id, value.clone()).ok()?;
        docs.push(value);
    }
    // The standard meta-schemas Spectral's copy refers to, for reading schema paths through them.
    for meta in [
        &referencing::meta::DRAFT202012_CORE,
        &referencing::meta::DRAFT202012_APPLICATOR,
        &referencing::meta::DRAFT202012_UNEVALUATED,
        &referencing::meta::DRAFT202012_META_DATA,
        &referencing::meta::DRAFT202012_FORMAT_ANNOTATION,
        &referencing::meta::DRAFT202012_CONTENT,
    ] {
        docs.push(Value::clone(meta));
    }
    let registry = registry.prepare().ok()?;
    // Spectral's validators check the formats ajv-formats' full mode checks.
    let mut options = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .with_registry(&registry);
    for &(name, check) in FORMATS {
        options = options.with_format(name, check);
    }
    let validator = options.build(&root).ok()?;
    Some(Compiled { validator, docs })
}

/// Validates a description as Spectral's `oasDocumentSchema` does.
pub(super) fn document_schema(root: &Value) -> Vec<Fault> {
    static OAS3_0: OnceLock<Option<Compiled>> = OnceLock::new();
    static OAS3_1: OnceLock<Option<Compiled>> = OnceLock::new();
    static OAS2_0: OnceLock<Option<Compiled>> = OnceLock::new();
    let version = root.get("openapi").and_then(Value::as_str).unwrap_or("");
    // Spectral's Swagger 2.0 validator reports every error inside `anyOf`/`oneOf` branches.
    let swagger = super::formats::DocFormat::Oas2.matches(root);
    let compiled = if swagger {
        OAS2_0.get_or_init(|| compile(OAS2, &OAS2_RESOURCES))
    } else if version.starts_with("3.1") {
        OAS3_1.get_or_init(|| compile(OAS31, &OAS31_RESOURCES))
    } else {
        OAS3_0.get_or_init(|| compile(OAS30, &[]))
    };
    let Some(compiled) = compiled else {
        return vec![Fault { message: "the OpenAPI schema of conform does not compile".to_owned(), path: Vec::new() }];
    };
    let mut faults: Vec<Fault> = Vec::new();
    for error in compiled.validator.iter_errors(root) {
        report(compiled, &error, swagger, &mut faults);
    }
    faults
}

/// Words one validation error as Spectral does and adds it to `faults`; with `expand`, the
/// errors inside `anyOf`/`oneOf` branches first (Ajv's `allErrors`, as Spectral's Swagger 2.0
/// validator reports them).
fn report(compiled: &Compiled, error: &jsonschema::ValidationError<'_>, expand: bool, faults: &mut Vec<Fault>) {
    let path = pointer_segments(error.instance_path().as_str());
    let property = path.last().map(Seg::text);
    let keyword = error.evaluation_path().as_str().rsplit('/').next().unwrap_or("").to_owned();
    let schema = compiled.walk(error.evaluation_path().as_str());
    if let Some(message) = schema.and_then(|(parent, _)| custom_message(parent, &keyword, property.as_deref())) {
        push(faults, Fault { message, path });
        return;
    }
    if let Some((message, path)) = compiled.catch_all(error.evaluation_path().as_str(), &path) {
        push(faults, Fault { message, path });
        return;
    }
    if expand
        && let ValidationErrorKind::AnyOf { context }
        | ValidationErrorKind::OneOfNotValid { context }
        | ValidationErrorKind::OneOfMultipleValid { context } = error.kind()
    {
        for inner in context.iter().flatten() {
            report(compiled, inner, expand, faults);
        }
    }
    let message = match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            for name in unexpected {
                let mut path = path.clone();
                path.push(Seg::Key(name.clone()));
                push(faults, Fault { message: format!("Property \"{name}\" is not expected to be here"), path });
            }
            return;
        }
        ValidationErrorKind::AnyOf { .. } => {
            let branches = schema.and_then(|(_, anyof)| anyof.as_array());
            let messages: Option<Vec<String>> = branches
                .map(|branches| branches.iter().filter_map(|b| custom_message(b, "", property.as_deref())).collect());
            match messages {
                Some(messages) if !messages.is_empty() && messages.len() == branches.map_or(0, Vec::len) => {
                    for message in messages {
                        push(faults, Fault { message, path: path.clone() });
                    }
                    return;
                }
                _ => clean(property.as_deref(), "must match a schema in anyOf"),
            }
        }
        ValidationErrorKind::Enum { options } => {
            let allowed = options.as_array().map(Vec::as_slice).unwrap_or_default();
            let printed: Vec<String> = allowed.iter().map(Value::to_string).collect();
            let suggestion = error
                .instance()
                .as_str()
                .and_then(|value| best_match(value, allowed))
                .map(|best| format!(". Did you mean \"{best}\"?"))
                .unwrap_or_default();
            format!(
                "{}: {}{suggestion}",
                clean(property.as_deref(), "must be equal to one of the allowed values"),
                printed.join(", ")
            )
        }
        ValidationErrorKind::UniqueItems => {
            let scalar = schema.is_some_and(|(parent, _)| scalar_items(parent));
            let (j, i) = duplicate(error.instance(), scalar);
            clean(property.as_deref(), &format!("must NOT have duplicate items (items ## {j} and {i} are identical)"))
        }
        kind => clean(property.as_deref(), &ajv_message(kind)),
    };
    push(faults, Fault { message, path });
}

/// Why Ajv (as Spectral's example checks run it, stopping at the first error) refuses to
/// compile `schema`: `schema is invalid: data/type must be ..., ...`; `None` if it compiles.
pub(super) fn meta_errors(schema: &Value, draft: jsonschema::Draft) -> Option<String> {
    static DRAFT4: OnceLock<Option<Validator>> = OnceLock::new();
    static DRAFT2020: OnceLock<Option<Validator>> = OnceLock::new();
    let (cell, meta) = match draft {
        jsonschema::Draft::Draft4 => (&DRAFT4, &referencing::meta::DRAFT4),
        _ => (&DRAFT2020, &referencing::meta::DRAFT202012),
    };
    let validator = cell.get_or_init(|| jsonschema::options().build(meta).ok()).as_ref()?;
    // Ajv checks a schema's keywords in the order of the meta-schema's `properties` (the type
    // first) and stops at the first error.
    let order = |error: &jsonschema::ValidationError<'_>| {
        let first = error.instance_path().as_str().split('/').nth(1).map(|t| t.replace("~1", "/").replace("~0", "~"));
        first.map_or(0, |key| {
            meta.get("properties")
                .and_then(Value::as_object)
                .and_then(|props| props.keys().position(|k| *k == key))
                .map_or(usize::MAX, |i| i + 1)
        })
    };
    let error = validator.iter_errors(schema).min_by_key(|e| order(e))?;
    let at = |path: &str| format!("data{path}");
    let here = at(error.instance_path().as_str());
    let mut parts = Vec::new();
    if let ValidationErrorKind::AnyOf { context } = error.kind() {
        // Ajv keeps the first error of each branch, then the `anyOf` one.
        for branch in context {
            if let Some(first) = branch.first() {
                parts.push(format!("{} {}", at(first.instance_path().as_str()), ajv_message(first.kind())));
            }
        }
        parts.push(format!("{here} must match a schema in anyOf"));
    } else {
        parts.push(format!("{here} {}", ajv_message(error.kind())));
    }
    Some(format!("schema is invalid: {}", parts.join(", ")))
}

/// Adds a fault unless the same one is there (Spectral keeps one finding per path and message).
fn push(faults: &mut Vec<Fault>, fault: Fault) {
    if !faults.iter().any(|f| f.path == fault.path && f.message == fault.message) {
        faults.push(fault);
    }
}

/// The `errorMessage` (ajv-errors) of schema object `parent` for a failing `keyword` in it (a
/// string applies to every keyword), with `{{property}}` filled in.
fn custom_message(parent: &Value, keyword: &str, property: Option<&str>) -> Option<String> {
    let message = match parent.get("errorMessage")? {
        Value::String(text) => text,
        Value::Object(by_keyword) => by_keyword.get(keyword)?.as_str()?,
        _ => return None,
    };
    Some(message.replace("{{property}}", property.unwrap_or("")))
}

/// Ajv's message of an error kind.
fn ajv_message(kind: &ValidationErrorKind) -> String {
    match kind {
        ValidationErrorKind::Type { kind } => match kind {
            TypeKind::Single(t) => format!("must be {t}"),
            TypeKind::Multiple(ts) => {
                format!("must be {}", ts.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(","))
            }
        },
        ValidationErrorKind::Required { property } => format!("must have required property {property}"),
        ValidationErrorKind::Minimum { limit } => format!("must be >= {limit}"),
        ValidationErrorKind::Maximum { limit } => format!("must be <= {limit}"),
        ValidationErrorKind::ExclusiveMinimum { limit } => format!("must be > {limit}"),
        ValidationErrorKind::ExclusiveMaximum { limit } => format!("must be < {limit}"),
        ValidationErrorKind::MinItems { limit } => format!("must NOT have fewer than {limit} items"),
        ValidationErrorKind::MaxItems { limit } => format!("must NOT have more than {limit} items"),
        ValidationErrorKind::MinLength { limit } => format!("must NOT have fewer than {limit} characters"),
        ValidationErrorKind::MaxLength { limit } => format!("must NOT have more than {limit} characters"),
        ValidationErrorKind::MinProperties { limit } => format!("must NOT have fewer than {limit} properties"),
        ValidationErrorKind::MaxProperties { limit } => format!("must NOT have more than {limit} properties"),
        ValidationErrorKind::Pattern { pattern } => format!("must match pattern \"{pattern}\""),
        ValidationErrorKind::Format { format } => format!("must match format \"{format}\""),
        ValidationErrorKind::Constant { .. } => "must be equal to constant".to_owned(),
        ValidationErrorKind::Enum { .. } => "must be equal to one of the allowed values".to_owned(),
        ValidationErrorKind::AnyOf { .. } => "must match a schema in anyOf".to_owned(),
        ValidationErrorKind::Not { .. } => "must NOT be valid".to_owned(),
        ValidationErrorKind::OneOfNotValid { .. } | ValidationErrorKind::OneOfMultipleValid { .. } => {
            "must match exactly one schema in oneOf".to_owned()
        }
        ValidationErrorKind::FalseSchema => "boolean schema is false".to_owned(),
        ValidationErrorKind::MultipleOf { multiple_of, .. } => format!("must be multiple of {multiple_of}"),
        ValidationErrorKind::Contains => "must contain at least 1 valid item(s)".to_owned(),
        ValidationErrorKind::PropertyNames { .. } => "property name must be valid".to_owned(),
        ValidationErrorKind::UnevaluatedProperties { .. } => "must NOT have unevaluated properties".to_owned(),
        ValidationErrorKind::UnevaluatedItems { .. } => "must NOT have unevaluated items".to_owned(),
        other => format!("{other:?}"),
    }
}

/// Spectral's `cleanAjvMessage`: double quotes, `not` in lower case, the property named.
fn clean(property: Option<&str>, message: &str) -> String {
    let message = message.replace('\'', "\"").replace("NOT", "not");
    match property {
        Some(property) => format!("\"{property}\" property {message}"),
        None => message,
    }
}

/// Spectral's suggestion for an enum: the allowed string closest to `value` (Levenshtein), if
/// closer than its own length (or the only one).
fn best_match<'a>(value: &str, allowed: &'a [Value]) -> Option<&'a str> {
    let strings: Vec<&str> = allowed.iter().filter_map(Value::as_str).collect();
    let best = strings.iter().min_by_key(|candidate| strsim::levenshtein(value, candidate)).copied()?;
    (allowed.len() == 1 || strsim::levenshtein(value, best) < best.chars().count()).then_some(best)
}

/// Whether a schema's `items` declare only scalar types (Ajv then finds duplicates through a
/// map, scanning from the end; otherwise by pairs).
fn scalar_items(parent: &Value) -> bool {
    let types: Vec<&str> = match parent.get("items").and_then(|items| items.get("type")) {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    !types.is_empty() && !types.iter().any(|t| matches!(*t, "object" | "array"))
}

/// The indices Ajv names in its duplicate-items message: `(j, i)`.
pub(super) fn duplicate(array: &Value, scalar: bool) -> (usize, usize) {
    let Some(items) = array.as_array() else { return (0, 0) };
    if scalar {
        let mut seen: Vec<(&Value, usize)> = Vec::new();
        for i in (0..items.len()).rev() {
            if let Some(&(_, j)) = seen.iter().find(|(v, _)| *v == &items[i]) {
                return (j, i);
            }
            seen.push((&items[i], i));
        }
    } else {
        for i in (0..items.len()).rev() {
            for j in (0..i).rev() {
                if items[i] == items[j] {
                    return (j, i);
                }
            }
        }
    }
    (0, 0)
}

impl Compiled {
    /// The innermost schema on an evaluation path whose `errorMessage` catches the errors below
    /// it (ajv-errors' `_` and `properties`): its message for an error at `instance` (a
    /// message per property, else `_`) and the instance path it is reported at.
    fn catch_all(&self, evaluation_path: &str, instance: &[Seg]) -> Option<(String, Vec<Seg>)> {
        let mut doc = 0;
        let mut current = &self.docs[0];
        let mut depth = 0;
        let mut naming = false;
        let mut found = None;
        for token in evaluation_path.split('/').skip(1) {
            let token = token.replace("~1", "/").replace("~0", "~");
            if naming {
                depth += 1;
                naming = false;
            } else {
                match token.as_str() {
                    "properties" | "patternProperties" | "prefixItems" => naming = true,
                    "additionalProperties"
                    | "items"
                    | "additionalItems"
                    | "contains"
                    | "unevaluatedProperties"
                    | "unevaluatedItems" => depth += 1,
                    _ => {}
                }
            }
            current = match self.step(&mut doc, current, &token)? {
                Some(next) => next,
                None => return found,
            };
            if !naming && let Some(Value::Object(messages)) = current.get("errorMessage") {
                let child = instance.get(depth).map(Seg::text);
                let by_property = messages.get("properties").and_then(|p| p.get(child.as_deref()?)?.as_str());
                if let Some(message) = by_property {
                    found = Some((message.to_owned(), instance[..=depth].to_vec()));
                } else if let Some(message) = messages.get("_").and_then(Value::as_str) {
                    found = Some((message.to_owned(), instance[..depth.min(instance.len())].to_vec()));
                }
            }
        }
        found
    }

    /// Follows an evaluation path through the schema documents: the schema object holding the
    /// failing keyword and the keyword's value.
    fn walk(&self, evaluation_path: &str) -> Option<(&Value, &Value)> {
        let mut doc = 0;
        let mut current = &self.docs[0];
        let mut parent = current;
        for token in evaluation_path.split('/').skip(1) {
            let token = token.replace("~1", "/").replace("~0", "~");
            parent = current;
            current = self.step(&mut doc, current, &token)??;
        }
        Some((parent, current))
    }

    /// One token of an evaluation path from `current` (in document `doc`, which a `$ref`
    /// token changes): `None` when the token names nothing, `Some(None)` when `current` is a
    /// scalar the path cannot enter.
    #[expect(clippy::option_option, reason = "a missing name ends the walk, a scalar only stops it")]
    fn step<'s>(&'s self, doc: &mut usize, current: &'s Value, token: &str) -> Option<Option<&'s Value>> {
        Some(Some(match token {
            "$ref" | "$dynamicRef" => {
                let reference = current.get(token)?.as_str()?;
                let (to, value) = self.resolve(*doc, reference)?;
                *doc = to;
                value
            }
            _ => match current {
                Value::Object(map) => map.get(token)?,
                Value::Array(items) => items.get(token.parse::<usize>().ok()?)?,
                _ => return Some(None),
            },
        }))
    }

    /// The document and value a reference in document `doc` points at.
    fn resolve(&self, doc: usize, reference: &str) -> Option<(usize, &Value)> {
        let (base, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let id = |d: &Value| d.get("$id").and_then(Value::as_str).map(|id| id.trim_end_matches('#').to_owned());
        let doc = if base.is_empty() {
            if !fragment.is_empty() && !fragment.starts_with('/') {
                // A dynamic anchor (`#meta`): the outermost document declaring it.
                let at =
                    self.docs.iter().position(|d| d.get("$dynamicAnchor").and_then(Value::as_str) == Some(fragment))?;
                return Some((at, &self.docs[at]));
            }
            doc
        } else {
            self.docs.iter().position(|d| id(d).as_deref() == Some(base))?
        };
        let value = if fragment.is_empty() { &self.docs[doc] } else { self.docs[doc].pointer(fragment)? };
        Some((doc, value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn faults(doc: &Value) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> =
            document_schema(doc).into_iter().map(|f| (super::super::document::pointer(&f.path), f.message)).collect();
        out.sort();
        out
    }

    #[test]
    fn schema_objects_are_checked_as_spectral_checks_them() {
        let doc = json!({"openapi": "3.0.3", "info": {"title": "T", "version": "1", "foo": 1}, "paths": {},
            "tags": [{"name": "a"}, {"name": "a"}],
            "components": {"schemas": {
                "A": {"type": "bool", "maxLength": "2", "items": [], "required": ["a", "a"]},
                "B": {"additionalProperties": 5, "pattern": "[a-", "enum": []}}}});
        assert_eq!(
            faults(&doc),
            [
                ("/components/schemas/A/items".into(), "\"items\" property must be object".into()),
                ("/components/schemas/A/maxLength".into(), "\"maxLength\" property must be integer".into()),
                (
                    "/components/schemas/A/required".into(),
                    "\"required\" property must not have duplicate items (items ## 1 and 0 are identical)".into()
                ),
                (
                    "/components/schemas/A/type".into(),
                    "\"type\" property must be equal to one of the allowed values: \"array\", \"boolean\", \
                     \"integer\", \"number\", \"object\", \"string\". Did you mean \"boolean\"?"
                        .into()
                ),
                (
                    "/components/schemas/B/additionalProperties".into(),
                    "\"additionalProperties\" property must be a valid Schema Object".into()
                ),
                ("/components/schemas/B/enum".into(), "\"enum\" property must not have fewer than 1 items".into()),
                ("/components/schemas/B/pattern".into(), "\"pattern\" property must match format \"regex\"".into()),
                ("/info/foo".into(), "Property \"foo\" is not expected to be here".into()),
                (
                    "/tags".into(),
                    "\"tags\" property must not have duplicate items (items ## 0 and 1 are identical)".into()
                ),
            ]
        );
    }

    #[test]
    fn openapi_31_uses_the_dialect() {
        let doc = json!({"openapi": "3.1.0", "info": {"title": "T", "version": "1"},
            "components": {"schemas": {"A": {"type": "bool", "items": []}}}});
        let found = faults(&doc);
        assert!(
            found
                .iter()
                .any(|(p, m)| p == "/components/schemas/A/items"
                    && m == "\"items\" property must be a valid Schema Object"),
            "{found:?}"
        );
        assert!(found.iter().any(|(p, m)| p == "/components/schemas/A/type" && m.contains("Did you mean \"boolean\"")));
        let no_paths = json!({"openapi": "3.1.0", "info": {"title": "T", "version": "1"}});
        assert_eq!(
            faults(&no_paths),
            [(String::new(), "The document must have either \"paths\", \"webhooks\" or \"components\"".into())]
        );
    }
}
