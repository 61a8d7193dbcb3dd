//! The shape of a description: every member the comparison reads has the JSON type OpenAPI
//! gives it, so that nothing is skipped because it is malformed (a `responses` written as a
//! list would otherwise compare as no responses). oasdiff's loader (kin-openapi) refuses such
//! descriptions too (a member written as null counts as absent, as for it). Every `$ref`
//! chain must also end. The walk is iterative, and a node is
//! checked once per kind, so cycles and deep chains of references end.

use std::collections::HashSet;

use serde_json::Value;

use crate::load::{At, LoadError, Spec, ref_of};

/// What a node must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    Response,
    Header,
    MediaType,
    Schema,
    SecurityScheme,
}

/// A member's expected type.
#[derive(Clone, Copy)]
enum Member {
    /// A node of a kind (which may be a `$ref`).
    Node(Kind),
    /// An object whose values are nodes of a kind.
    Map(Kind),
    /// An array of nodes of a kind.
    List(Kind),
    Object,
    Array,
    /// A string.
    Text,
    Bool,
    Number,
    /// A number or (OpenAPI 3.0's `exclusiveMinimum`) a boolean.
    NumberOrBool,
    /// A non-negative integer (`maxLength`, `minItems`, ...).
    Count,
    /// An array of strings.
    Strings,
    /// A string or an array of strings (`type`).
    Types,
    /// A list of security requirements: objects of arrays of strings.
    Security,
}

const OPERATION_KEYS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// The members of a node of `kind` and what they must be.
fn members(kind: Kind) -> &'static [(&'static str, Member)] {
    use Member::{Array, Bool, Count, List, Map, Node, Number, NumberOrBool, Object, Security, Strings, Text, Types};
    match kind {
        Kind::PathItem => &[("parameters", List(Kind::Parameter))],
        Kind::Operation => &[
            ("parameters", List(Kind::Parameter)),
            ("requestBody", Node(Kind::RequestBody)),
            ("responses", Map(Kind::Response)),
            ("security", Security),
            ("tags", Strings),
            ("operationId", Text),
            ("deprecated", Bool),
        ],
        Kind::Parameter => &[
            ("name", Text),
            ("in", Text),
            ("required", Bool),
            ("deprecated", Bool),
            ("schema", Node(Kind::Schema)),
            ("content", Map(Kind::MediaType)),
        ],
        Kind::RequestBody => &[("required", Bool), ("content", Map(Kind::MediaType))],
        Kind::Response => &[("headers", Map(Kind::Header)), ("content", Map(Kind::MediaType))],
        Kind::Header => &[
            ("required", Bool),
            ("deprecated", Bool),
            ("schema", Node(Kind::Schema)),
            ("content", Map(Kind::MediaType)),
        ],
        Kind::MediaType => &[("schema", Node(Kind::Schema))],
        Kind::SecurityScheme => &[("type", Text), ("flows", Object)],
        Kind::Schema => &[
            ("type", Types),
            ("format", Text),
            ("properties", Map(Kind::Schema)),
            ("patternProperties", Map(Kind::Schema)),
            ("dependentSchemas", Map(Kind::Schema)),
            ("additionalProperties", Node(Kind::Schema)),
            ("items", Node(Kind::Schema)),
            ("prefixItems", List(Kind::Schema)),
            ("allOf", List(Kind::Schema)),
            ("anyOf", List(Kind::Schema)),
            ("oneOf", List(Kind::Schema)),
            ("not", Node(Kind::Schema)),
            ("if", Node(Kind::Schema)),
            ("then", Node(Kind::Schema)),
            ("else", Node(Kind::Schema)),
            ("contains", Node(Kind::Schema)),
            ("propertyNames", Node(Kind::Schema)),
            ("unevaluatedItems", Node(Kind::Schema)),
            ("unevaluatedProperties", Node(Kind::Schema)),
            ("contentSchema", Node(Kind::Schema)),
            ("required", Strings),
            ("enum", Array),
            ("x-extensible-enum", Array),
            ("minimum", Number),
            ("maximum", Number),
            ("multipleOf", Number),
            ("exclusiveMinimum", NumberOrBool),
            ("exclusiveMaximum", NumberOrBool),
            ("minLength", Count),
            ("maxLength", Count),
            ("minItems", Count),
            ("maxItems", Count),
            ("minProperties", Count),
            ("maxProperties", Count),
            ("minContains", Count),
            ("maxContains", Count),
            ("nullable", Bool),
            ("readOnly", Bool),
            ("writeOnly", Bool),
            ("deprecated", Bool),
            ("uniqueItems", Bool),
            ("pattern", Text),
            ("contentMediaType", Text),
            ("contentEncoding", Text),
            ("discriminator", Object),
            ("dependentRequired", Object),
        ],
    }
}

/// The members of the root and of `components`.
const ROOT: [(&str, Member); 5] = [
    ("paths", Member::Map(Kind::PathItem)),
    ("webhooks", Member::Map(Kind::PathItem)),
    ("components", Member::Object),
    ("security", Member::Security),
    ("info", Member::Object),
];
const COMPONENTS: [(&str, Member); 7] = [
    ("schemas", Member::Map(Kind::Schema)),
    ("parameters", Member::Map(Kind::Parameter)),
    ("responses", Member::Map(Kind::Response)),
    ("requestBodies", Member::Map(Kind::RequestBody)),
    ("headers", Member::Map(Kind::Header)),
    ("securitySchemes", Member::Map(Kind::SecurityScheme)),
    ("pathItems", Member::Map(Kind::PathItem)),
];

/// Checks the shape of `spec` from its root: the first malformed member, with its position.
pub(crate) fn check(spec: &Spec) -> Result<(), LoadError> {
    let mut walk = Walk { spec, seen: HashSet::new(), stack: Vec::new() };
    let root = At { file: 0, pointer: String::new() };
    walk.members(&root, &ROOT)?;
    let components = child(&root, "components");
    if spec.get(&components).is_some_and(Value::is_object) {
        walk.members(&components, &COMPONENTS)?;
    }
    while let Some((at, kind)) = walk.stack.pop() {
        walk.node(&at, kind)?;
    }
    Ok(())
}

struct Walk<'a> {
    spec: &'a Spec,
    seen: HashSet<(At, Kind)>,
    stack: Vec<(At, Kind)>,
}

impl Walk<'_> {
    fn error(&self, at: &At, message: &str) -> LoadError {
        let file = &self.spec.files[at.file];
        let position = file.locate(&at.pointer).map(|(_, l)| (l.start.line, l.start.column));
        let pointer = if at.pointer.is_empty() { "/" } else { &at.pointer };
        LoadError::Invalid { name: file.name.to_string(), at: position, message: format!("`{pointer}` {message}") }
    }

    /// Queues the node at `at` (following its `$ref` chain) to be checked as `kind`.
    fn push(&mut self, at: &At, kind: Kind) -> Result<(), LoadError> {
        let Some(value) = self.spec.get(at) else { return Ok(()) };
        if let Some(map) = value.as_object()
            && let Some(reference) = map.get("$ref")
            && !reference.is_string()
        {
            return Err(self.error(&child(at, "$ref"), "must be a string"));
        }
        let Some((target, _)) = self.spec.resolve(at.clone(), value) else {
            return Err(self.error(at, "is a `$ref` chain that does not end (it loops or is too long)"));
        };
        if self.seen.insert((target.clone(), kind)) {
            self.stack.push((target, kind));
        }
        Ok(())
    }

    fn node(&mut self, at: &At, kind: Kind) -> Result<(), LoadError> {
        let Some(value) = self.spec.get(at) else { return Ok(()) };
        if kind == Kind::Schema && value.is_boolean() {
            return Ok(());
        }
        let Some(map) = value.as_object() else {
            return Err(self.error(at, &format!("must be an object, not {}", type_name(value))));
        };
        if kind == Kind::PathItem {
            for method in OPERATION_KEYS {
                if map.contains_key(method) {
                    self.push(&child(at, method), Kind::Operation)?;
                }
            }
        }
        if kind == Kind::Parameter
            && let Some(key) = ["name", "in"].into_iter().find(|key| !map.get(*key).is_some_and(Value::is_string))
        {
            return Err(self.error(at, &format!("is a parameter without `{key}`")));
        }
        if kind == Kind::Schema && ref_of(value).is_none() && map.get("items").is_some_and(Value::is_array) {
            return Err(self.error(&child(at, "items"), "must be a schema, not an array"));
        }
        self.members(at, members(kind))
    }

    fn members(&mut self, at: &At, members: &[(&str, Member)]) -> Result<(), LoadError> {
        let Some(Value::Object(map)) = self.spec.get(at) else { return Ok(()) };
        for &(key, member) in members {
            // A member that is null is absent, as Go's decoder reads it.
            let Some(value) = map.get(key).filter(|v| !v.is_null()) else { continue };
            let here = child(at, key);
            if let Some(expected) = mismatch(member, value) {
                return Err(self.error(&here, &format!("must be {expected}, not {}", type_name(value))));
            }
            match (member, value) {
                (Member::Node(kind), _) => self.push(&here, kind)?,
                (Member::Map(kind), Value::Object(entries)) => {
                    for name in entries.keys().filter(|name| !name.starts_with("x-")) {
                        self.push(&child(&here, name), kind)?;
                    }
                }
                (Member::List(kind), Value::Array(items)) => {
                    for i in 0..items.len() {
                        self.push(&child(&here, &i.to_string()), kind)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }
}

/// What `value` should have been, when it is not what `member` asks for.
fn mismatch(member: Member, value: &Value) -> Option<&'static str> {
    let strings = |v: &Value| v.as_array().is_some_and(|a| a.iter().all(Value::is_string));
    let ok = match member {
        Member::Node(_) => true,
        Member::Map(_) | Member::Object => value.is_object(),
        Member::List(_) | Member::Array => value.is_array(),
        Member::Text => value.is_string(),
        Member::Bool => value.is_boolean(),
        Member::Number => value.is_number(),
        Member::NumberOrBool => value.is_number() || value.is_boolean(),
        Member::Count => value.as_u64().is_some() || value.as_f64().is_some_and(|f| f >= 0.0 && f.fract() == 0.0),
        Member::Strings => strings(value),
        Member::Types => value.is_string() || strings(value),
        Member::Security => value.as_array().is_some_and(|list| {
            list.iter().all(|requirement| requirement.as_object().is_some_and(|r| r.values().all(strings)))
        }),
    };
    if ok {
        return None;
    }
    Some(match member {
        Member::Node(_) => "a node",
        Member::Map(_) | Member::Object => "an object",
        Member::List(_) | Member::Array => "an array",
        Member::Text => "a string",
        Member::Bool => "a boolean",
        Member::Number => "a number",
        Member::NumberOrBool => "a number or a boolean",
        Member::Count => "a non-negative integer",
        Member::Strings => "an array of strings",
        Member::Types => "a string or an array of strings",
        Member::Security => "a list of security requirements (objects of arrays of scope names)",
    })
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn child(at: &At, key: &str) -> At {
    crate::operations::child_at(at, key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_must_have_their_type() {
        assert_eq!(mismatch(Member::Map(Kind::Response), &serde_json::json!([])), Some("an object"));
        assert_eq!(mismatch(Member::Count, &serde_json::json!(-1)), Some("a non-negative integer"));
        assert_eq!(mismatch(Member::Count, &serde_json::json!(3)), None);
        assert_eq!(mismatch(Member::Types, &serde_json::json!(["string", "null"])), None);
        assert_eq!(mismatch(Member::Types, &serde_json::json!(["string", 1])), Some("a string or an array of strings"));
        assert_eq!(mismatch(Member::Security, &serde_json::json!([{"oauth": ["read"]}, {}])), None);
        assert!(mismatch(Member::Security, &serde_json::json!([{"oauth": "read"}])).is_some());
        assert_eq!(mismatch(Member::NumberOrBool, &serde_json::json!(true)), None);
    }
}
