//! Spectral's core functions: alphabetical, casing, defined, undefined, truthy, falsy,
//! enumeration, length, pattern, schema, xor, or, typedEnum, unreferencedReusableObject.

use std::borrow::Cow;

use jsonschema::Validator;
use jsonschema::error::ValidationErrorKind;
use serde_json::Value;

use super::asyncapi::AsyncFn;
use super::document::{self, Document, Seg, pointer_segments};
use super::formats::{AAS_NAMES, DocFormat, OAS_NAMES};
use super::oas::OasFn;
use super::regex::JsRegex;

/// What a function reports: a message, and where under its input (relative path).
#[derive(Debug, Clone)]
pub struct Fault {
    /// The message (Spectral's `{{error}}`).
    pub message: String,
    /// Path relative to the function's input.
    pub path: Vec<Seg>,
}

impl Fault {
    pub(super) fn here(message: impl Into<String>) -> Self {
        Self { message: message.into(), path: Vec::new() }
    }
}

/// A compiled function with its options.
#[derive(Debug)]
pub enum Function {
    /// `truthy`.
    Truthy,
    /// `falsy`.
    Falsy,
    /// `defined`.
    Defined,
    /// `undefined`.
    Undefined,
    /// `pattern`.
    Pattern {
        /// Must match.
        must: Option<(String, JsRegex)>,
        /// Must not match.
        must_not: Option<(String, JsRegex)>,
    },
    /// `casing`.
    Casing {
        /// The case name.
        kind: String,
        /// The compiled case regex.
        regex: JsRegex,
    },
    /// `enumeration`.
    Enumeration(Vec<Value>),
    /// `length`.
    Length {
        /// Minimum.
        min: Option<f64>,
        /// Maximum.
        max: Option<f64>,
    },
    /// `alphabetical`.
    Alphabetical {
        /// Sort arrays of objects by this key.
        keyed_by: Option<String>,
    },
    /// `xor`.
    Xor(Vec<String>),
    /// `or`.
    Or(Vec<String>),
    /// `schema`.
    Schema(Box<Validator>),
    /// `typedEnum`.
    TypedEnum,
    /// Spectral's `unrecognized-format` check: the document is in none of these formats.
    Unrecognized(Vec<DocFormat>),
    /// Spectral's `parser` findings: duplicate and non-string keys.
    Parser,
    /// Spectral's `invalid-ref` findings: references that cannot be followed (found and placed
    /// when the description is read, see [`super::linked`]).
    References,
    /// A native OpenAPI function of `spectral:oas`.
    Oas(OasFn),
    /// A native AsyncAPI function of `spectral:asyncapi`.
    AsyncApi(AsyncFn),
    /// A custom JavaScript function (run by the rule, which knows its context).
    Js(std::sync::Arc<super::js::JsFunction>),
    /// `unreferencedReusableObject`.
    UnreferencedReusableObject {
        /// `#/components/schemas` and the like.
        location: String,
    },
}

fn strings(options: &Value, key: &str) -> Vec<String> {
    options
        .get(key)
        .and_then(Value::as_array)
        .map_or_else(Vec::new, |items| items.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())
}

impl Function {
    /// Compiles function `name` with its `functionOptions`.
    pub fn compile(name: &str, options: &Value) -> Result<Self, String> {
        let regex = |key: &str| -> Result<Option<(String, JsRegex)>, String> {
            options
                .get(key)
                .and_then(Value::as_str)
                .map(|p| JsRegex::from_pattern(p).map(|r| (p.to_owned(), r)))
                .transpose()
        };
        Ok(match name {
            "truthy" => Self::Truthy,
            "falsy" => Self::Falsy,
            "defined" => Self::Defined,
            "undefined" => Self::Undefined,
            "pattern" => {
                let (must, must_not) = (regex("match")?, regex("notMatch")?);
                if must.is_none() && must_not.is_none() {
                    return Err("pattern needs `match` or `notMatch`".to_owned());
                }
                Self::Pattern { must, must_not }
            }
            "casing" => {
                let kind = options.get("type").and_then(Value::as_str).ok_or("casing needs `type`")?.to_owned();
                let regex = JsRegex::new(&casing_regex(&kind, options)?, "")?;
                Self::Casing { kind, regex }
            }
            "enumeration" => Self::Enumeration(
                options.get("values").and_then(Value::as_array).cloned().ok_or("enumeration needs `values`")?,
            ),
            "length" => Self::Length {
                min: options.get("min").and_then(Value::as_f64),
                max: options.get("max").and_then(Value::as_f64),
            },
            "alphabetical" => {
                Self::Alphabetical { keyed_by: options.get("keyedBy").and_then(Value::as_str).map(str::to_owned) }
            }
            "xor" => Self::Xor(strings(options, "properties")),
            "or" => Self::Or(strings(options, "properties")),
            "schema" => {
                let schema = options.get("schema").ok_or("schema needs `schema`")?;
                let mut opts = jsonschema::options().should_validate_formats(true);
                if schema.get("$schema").is_none() {
                    opts = opts.with_draft(jsonschema::Draft::Draft7);
                }
                Self::Schema(Box::new(opts.build(schema).map_err(|e| format!("invalid schema: {e}"))?))
            }
            "typedEnum" => Self::TypedEnum,
            "unreferencedReusableObject" => Self::UnreferencedReusableObject {
                location: options.get("reusableObjectsLocation").and_then(Value::as_str).unwrap_or("").to_owned(),
            },
            other => match AsyncFn::compile(other, options) {
                Some(function) => Self::AsyncApi(function?),
                None => Self::Oas(OasFn::compile(other, options).ok_or_else(|| format!("unknown function `{other}`"))?),
            },
        })
    }

    /// Like [`Self::run`], each finding marked when the function could not decide (a
    /// `pattern` regex reached its backtracking limit): the rule reports it as an error.
    #[must_use]
    pub fn run_marked(&self, input: Option<&Value>, doc: &Document, path: &[Seg]) -> Vec<(Fault, bool)> {
        if let (Self::Pattern { must, must_not }, Some(Value::String(text))) = (self, input) {
            return pattern_faults(text, must.as_ref(), must_not.as_ref());
        }
        self.run(input, doc, path).into_iter().map(|fault| (fault, false)).collect()
    }

    /// Runs the function on `input` (`None`: undefined) located at `path` of `doc`.
    #[must_use]
    pub fn run(&self, input: Option<&Value>, doc: &Document, path: &[Seg]) -> Vec<Fault> {
        let property = property_text(doc, path).map(|p| format!("\"{p}\" property ")).unwrap_or_default();
        let fail = |m: String| vec![Fault::here(m)];
        match self {
            Self::Truthy if !truthy(input) => fail(format!("{property}must be truthy")),
            Self::Falsy if truthy(input) => fail(format!("{property}must be falsy")),
            Self::Defined if input.is_none() => fail(format!("{property}must be defined")),
            Self::Undefined if input.is_some() => fail(format!("{property}must be undefined")),
            Self::Pattern { must, must_not } => {
                let Some(Value::String(text)) = input else { return Vec::new() };
                pattern_faults(text, must.as_ref(), must_not.as_ref()).into_iter().map(|(fault, _)| fault).collect()
            }
            Self::Casing { kind, regex } => match input {
                Some(Value::String(text)) if !text.is_empty() && !regex.is_match(text) => {
                    fail(format!("must be {kind} case"))
                }
                _ => Vec::new(),
            },
            Self::Enumeration(values) => match input {
                Some(v) if !v.is_object() && !v.is_array() && !values.contains(v) => {
                    let allowed: Vec<String> = values.iter().map(print_value).collect();
                    fail(format!(
                        "{} must be equal to one of the allowed values: {}",
                        print_value(v),
                        allowed.join(", ")
                    ))
                }
                _ => Vec::new(),
            },
            Self::Length { min, max } => {
                let len = match input {
                    Some(Value::String(s)) => s.encode_utf16().count() as f64,
                    Some(Value::Array(a)) => a.len() as f64,
                    Some(Value::Object(o)) => o.len() as f64,
                    Some(Value::Number(n)) => n.as_f64().unwrap_or(0.0),
                    _ => return Vec::new(),
                };
                let mut out = Vec::new();
                if min.is_some_and(|m| len < m) {
                    out.push(Fault::here(format!("{property}must be longer than {}", min.unwrap_or(0.0))));
                }
                if max.is_some_and(|m| len > m) {
                    out.push(Fault::here(format!("{property}must be shorter than {}", max.unwrap_or(0.0))));
                }
                out
            }
            Self::Alphabetical { keyed_by } => alphabetical(input, keyed_by.as_deref(), &property),
            Self::Xor(props) => match input.map(|v| resolve(doc, v)) {
                Some(Value::Object(map)) if props.iter().filter(|p| map.contains_key(p.as_str())).count() != 1 => {
                    fail(format!("{} must not be both defined or both undefined", quoted(props, " and ")))
                }
                _ => Vec::new(),
            },
            Self::Or(props) => match input.map(|v| resolve(doc, v)) {
                Some(Value::Object(map)) if !props.iter().any(|p| map.contains_key(p.as_str())) => {
                    fail(format!("{property}must have at least one of {}", quoted(props, ", ")))
                }
                _ => Vec::new(),
            },
            Self::Schema(validator) => schema(validator, input, doc, &property),
            Self::TypedEnum => typed_enum(input.map(|v| resolve(doc, v)), doc),
            Self::UnreferencedReusableObject { location } => {
                let location =
                    if location.is_empty() { format!("#{}", super::document::pointer(path)) } else { location.clone() };
                unreferenced(input.map(|v| resolve(doc, v)), doc, &location)
            }
            Self::Unrecognized(formats) if !formats.iter().any(|f| f.matches(&doc.value)) => {
                let mut names = Vec::new();
                if formats.iter().any(|f| !f.is_asyncapi()) {
                    names.push(OAS_NAMES);
                }
                if formats.iter().any(|f| f.is_asyncapi()) {
                    names.push(AAS_NAMES);
                }
                fail(format!(
                    "The provided document does not match any of the registered formats [{}]",
                    names.join(", ")
                ))
            }
            Self::Parser => doc.syntax_problems().into_iter().map(|(path, message)| Fault { message, path }).collect(),
            Self::Oas(function) => function.run(input, doc, path),
            Self::AsyncApi(function) => function.run(input, doc, path),
            Self::Js(function) => fail(format!("custom function `{}` called without its rule", function.name)),
            _ => Vec::new(),
        }
    }
}

fn truthy(input: Option<&Value>) -> bool {
    match input {
        None | Some(Value::Null | Value::Bool(false)) => false,
        Some(Value::Number(n)) => n.as_f64().is_some_and(|f| f != 0.0),
        Some(Value::String(s)) => !s.is_empty(),
        Some(_) => true,
    }
}

pub(super) fn resolve<'a>(doc: &'a Document, value: &'a Value) -> &'a Value {
    doc.follow(value).map_or(value, |(v, _)| v)
}

/// What Spectral's `{{property}}` says for `path`: its last segment, or, when the path goes
/// past the document, the missing part from the last segment found (`info.description`).
pub(super) fn property_text(doc: &Document, path: &[Seg]) -> Option<String> {
    let mut value = &doc.value;
    let mut found = 0;
    for seg in path {
        let Some(next) = document::child(doc.follow(value).map_or(value, |(target, _)| target), seg) else { break };
        value = next;
        found += 1;
    }
    if found == path.len() {
        return path.last().map(Seg::text);
    }
    Some(document::dotted(&path[found.saturating_sub(1)..]))
}

fn display(value: &Value) -> Cow<'_, str> {
    match value {
        Value::String(s) => Cow::Borrowed(s),
        other => Cow::Owned(other.to_string()),
    }
}

fn quoted(props: &[String], sep: &str) -> String {
    props.iter().map(|p| format!("\"{p}\"")).collect::<Vec<_>>().join(sep)
}

fn casing_regex(kind: &str, options: &Value) -> Result<String, String> {
    let digits = if options.get("disallowDigits").and_then(Value::as_bool) == Some(true) { "" } else { "0-9" };
    let d = digits;
    let word = match kind {
        "flat" => format!("[a-z][a-z{d}]*"),
        "camel" => format!("[a-z][a-z{d}]*(?:[A-Z{d}](?:[a-z{d}]+|$))*"),
        "pascal" => format!("[A-Z][a-z{d}]*(?:[A-Z{d}](?:[a-z{d}]+|$))*"),
        "kebab" => format!("[a-z][a-z{d}]*(?:-[a-z{d}]+)*"),
        "cobol" => format!("[A-Z][A-Z{d}]*(?:-[A-Z{d}]+)*"),
        "snake" => format!("[a-z][a-z{d}]*(?:_[a-z{d}]+)*"),
        "macro" => format!("[A-Z][A-Z{d}]*(?:_[A-Z{d}]+)*"),
        other => return Err(format!("unknown casing type `{other}`")),
    };
    let Some(separator) = options.get("separator") else { return Ok(format!("^{word}$")) };
    let char = separator.get("char").and_then(Value::as_str).unwrap_or("");
    let escaped: String =
        char.chars().map(|c| if c.is_alphanumeric() { c.to_string() } else { format!("\\{c}") }).collect();
    let leading = if separator.get("allowLeading").and_then(Value::as_bool) == Some(true) {
        format!("{escaped}?")
    } else {
        String::new()
    };
    Ok(format!("^{leading}{word}(?:{escaped}{word})*$"))
}

fn alphabetical(input: Option<&Value>, keyed_by: Option<&str>, property: &str) -> Vec<Fault> {
    let keys: Vec<String> = match input {
        Some(Value::Object(map)) => map.keys().cloned().collect(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| match keyed_by {
                Some(key) => item.get(key).map(|v| display(v).into_owned()).unwrap_or_default(),
                None => display(item).into_owned(),
            })
            .collect(),
        _ => return Vec::new(),
    };
    match keys.windows(2).position(|w| w[0] > w[1]) {
        Some(i) => vec![Fault::here(format!(
            "{property}must be sorted in ascending order: \"{}\" must come after \"{}\"",
            keys[i],
            keys[i + 1]
        ))],
        None => Vec::new(),
    }
}

/// Most nodes one inlined copy may have; past it, and at reference cycles, a node becomes `{}`
/// (as a schema: anything goes), so shared and recursive components cannot blow up.
const INLINE_BUDGET: usize = 20_000;

/// Deep copy of `value` with local `$ref`s inlined.
pub(super) fn inline(doc: &Document, value: &Value) -> Value {
    let mut stack = Vec::new();
    let mut budget = INLINE_BUDGET;
    inline_in(doc, value, false, &mut stack, &mut budget)
}

/// Deep copy of `value` as Spectral's resolved document has it: local `$ref`s inlined, but
/// those that close a cycle, which stay `$ref` objects (see [`super::cycles`]).
fn inline_resolved(doc: &Document, value: &Value) -> Value {
    let mut stack = Vec::new();
    let mut budget = INLINE_BUDGET;
    inline_in(doc, value, true, &mut stack, &mut budget)
}

fn inline_in(doc: &Document, value: &Value, keep: bool, stack: &mut Vec<*const Value>, budget: &mut usize) -> Value {
    if *budget == 0 || stack.len() > 64 {
        return Value::Object(serde_json::Map::new());
    }
    *budget -= 1;
    if keep && doc.keeps_ref(value) {
        return value.clone();
    }
    let (target, pushed) = match doc.follow_any(value) {
        Some((target, _)) => {
            let id = std::ptr::from_ref(target);
            if stack.contains(&id) {
                return Value::Object(serde_json::Map::new());
            }
            stack.push(id);
            (target, true)
        }
        None => (value, false),
    };
    let out = match target {
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), inline_in(doc, v, keep, stack, budget))).collect())
        }
        Value::Array(items) => Value::Array(items.iter().map(|v| inline_in(doc, v, keep, stack, budget)).collect()),
        other => other.clone(),
    };
    if pushed {
        stack.pop();
    }
    out
}

pub(super) fn schema(validator: &Validator, input: Option<&Value>, doc: &Document, property: &str) -> Vec<Fault> {
    let Some(input) = input else { return vec![Fault::here(format!("{property}must exist"))] };
    let instance = inline_resolved(doc, input);
    let mut out = Vec::new();
    for error in validator.iter_errors(&instance) {
        let path = pointer_segments(error.instance_path().as_str());
        let subject = path.last().map(|s| format!("\"{}\" property ", s.text())).unwrap_or_default();
        let message = match error.kind() {
            ValidationErrorKind::Required { property } => {
                format!("{subject}must have required property {property}")
            }
            ValidationErrorKind::AnyOf { .. } => format!("{subject}must match a schema in anyOf"),
            ValidationErrorKind::OneOfNotValid { .. } => format!("{subject}must match exactly one schema in oneOf"),
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                format!("{subject}must NOT have additional properties ({})", unexpected.join(", "))
            }
            ValidationErrorKind::Type { kind } => format!("{subject}type must be {kind:?}").to_lowercase(),
            ValidationErrorKind::UniqueItems => {
                let (j, i) = super::oas_schema::duplicate(error.instance(), false);
                let subject = if subject.is_empty() { property } else { &subject };
                format!("{subject}must not have duplicate items (items ## {j} and {i} are identical)")
            }
            ValidationErrorKind::Enum { .. } if !path.is_empty() => {
                super::example_errors::word_error(&error, &instance, &path.last().map(Seg::text).unwrap_or_default())
            }
            _ => format!("{subject}{error}"),
        };
        out.push(Fault { message, path });
    }
    out
}

fn typed_enum(input: Option<&Value>, doc: &Document) -> Vec<Fault> {
    let Some(Value::Object(map)) = input else { return Vec::new() };
    let (Some(Value::Array(values)), Some(kind)) = (map.get("enum"), map.get("type")) else { return Vec::new() };
    let mut kinds: Vec<&str> = match kind {
        Value::String(k) => vec![k.as_str()],
        Value::Array(ks) => ks.iter().filter_map(Value::as_str).collect(),
        _ => return Vec::new(),
    };
    // Spectral adds `null` to the types of a `nullable` schema in OpenAPI 3.0 only.
    let oas30 = doc.value.get("openapi").and_then(Value::as_str).is_some_and(|v| v.starts_with("3.0"));
    if oas30 && map.get("nullable") == Some(&Value::Bool(true)) {
        kinds.push("null");
    }
    values
        .iter()
        .enumerate()
        .filter(|(_, v)| !kinds.iter().any(|k| type_matches(k, v)))
        .map(|(i, v)| Fault {
            // `printValue`: JSON for scalars; `String(type)` joins a list with commas.
            message: format!("Enum value {} must be \"{}\".", print_value(v), kinds.join(",")),
            path: vec![Seg::Key("enum".to_owned()), Seg::Index(i)],
        })
        .collect()
}

/// Spectral's `printValue`.
pub(super) fn print_value(value: &Value) -> String {
    match value {
        Value::Array(_) => "Array[]".to_owned(),
        Value::Object(_) => "Object{}".to_owned(),
        scalar => scalar.to_string(),
    }
}

fn type_matches(kind: &str, value: &Value) -> bool {
    match kind {
        "string" => value.is_string(),
        "number" => value.is_number(),
        "integer" => value.as_f64().is_some_and(|f| f.fract() == 0.0),
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => false,
    }
}

fn unreferenced(input: Option<&Value>, doc: &Document, location: &str) -> Vec<Fault> {
    let Some(Value::Object(map)) = input else { return Vec::new() };
    // The names (as a pointer escapes them) that a `$ref` of the description or of a file it
    // references (Spectral's graph) points at directly below `location`, borrowed.
    let prefix = format!("{location}/");
    let mut used = rustc_hash::FxHashSet::default();
    for root in std::iter::once(&doc.value).chain(doc.linked_values()) {
        document::for_each_container(root, |value, _| {
            if let Some(name) = document::ref_member(value).and_then(|r| r.strip_prefix(prefix.as_str())) {
                used.insert(name);
            }
        });
    }
    map.keys()
        .filter(|k| !used.contains(conform_diagnostics::escape_pointer_token(k).as_ref()))
        .map(|k| Fault {
            message: "Potentially unused component has been detected".to_owned(),
            path: vec![Seg::Key(k.clone())],
        })
        .collect()
}

/// The findings of `pattern` on `text`: `match` (`must`) and `notMatch` (`must_not`); a value
/// the matcher gave up on (backtracking limit) is reported, never passed, marked `true`.
fn pattern_faults(
    text: &str,
    must: Option<&(String, JsRegex)>,
    must_not: Option<&(String, JsRegex)>,
) -> Vec<(Fault, bool)> {
    let mut out = Vec::new();
    let shown = |p: &str| (print_value(&Value::String(text.to_owned())), print_value(&Value::String(p.to_owned())));
    let undecided = |p: &str| {
        let (value, pattern) = shown(p);
        (
            Fault::here(format!(
                "{value} could not be checked against the pattern {pattern}: the regex backtracking limit was reached (docs/limits.md)"
            )),
            true,
        )
    };
    if let Some((p, re)) = must {
        match re.try_match(text) {
            Some(true) => {}
            Some(false) => {
                let (value, pattern) = shown(p);
                out.push((Fault::here(format!("{value} must match the pattern {pattern}")), false));
            }
            None => out.push(undecided(p)),
        }
    }
    if let Some((p, re)) = must_not {
        match re.try_match(text) {
            Some(false) => {}
            Some(true) => {
                let (value, pattern) = shown(p);
                out.push((Fault::here(format!("{value} must not match the pattern {pattern}")), false));
            }
            None => out.push(undecided(p)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use conform_formats::Format;
    use serde_json::json;

    #[expect(clippy::needless_pass_by_value, reason = "test vectors read best as `json!` literals")]
    fn run(name: &str, options: Value, input: Value) -> Vec<String> {
        let doc = Document::parse(b"{}", Format::Json).unwrap();
        Function::compile(name, &options).unwrap().run(Some(&input), &doc, &[]).into_iter().map(|f| f.message).collect()
    }

    #[test]
    fn core_functions_report_like_spectral() {
        assert!(run("pattern", json!({"match": "^3(.\\d+){1,2}$"}), json!("3.0.1")).is_empty());
        assert_eq!(
            run("pattern", json!({"notMatch": "^http://.*"}), json!("http://x")),
            ["\"http://x\" must not match the pattern \"^http://.*\""]
        );
        assert!(run("casing", json!({"type": "pascal", "separator": {"char": ""}}), json!("FooBar")).is_empty());
        assert_eq!(run("casing", json!({"type": "camel"}), json!("foo_bar")).len(), 1);
        assert_eq!(run("or", json!({"properties": ["a", "b"]}), json!({"c": 1})).len(), 1);
        assert_eq!(run("xor", json!({"properties": ["a", "b"]}), json!({"a": 1, "b": 1})).len(), 1);
        assert_eq!(run("schema", json!({"schema": {"required": ["x"]}}), json!({})).len(), 1);
        assert_eq!(run("enumeration", json!({"values": ["a"]}), json!("b")).len(), 1);
        assert_eq!(run("length", json!({"max": 2}), json!("abc")).len(), 1);
        assert_eq!(run("alphabetical", json!({}), json!(["b", "a"])).len(), 1);
        assert_eq!(run("typedEnum", json!({}), json!({"type": "string", "enum": ["a", 1]})).len(), 1);
        assert!(Function::compile("nope", &json!({})).is_err());
    }
}
