//! Native functions of the built-in `spectral:asyncapi` ruleset (`asyncapi.yaml`), as
//! `@stoplight/spectral-rulesets` 1.23.1 implements them: channel parameters and servers,
//! unique message and operation ids, security requirements, and validation against the
//! AsyncAPI JSON Schemas of `@asyncapi/specs` 6.11.1 (the whole document, payloads, and
//! `default`s and `examples` against their schemas).

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use jsonschema::error::ValidationErrorKind;
use jsonschema::{ValidationError, Validator};
use serde_json::{Map, Value};

use super::ajv_formats::FORMATS;
use super::document::{Document, Seg, pointer_segments};
use super::example_errors::{Keyword, all_faults, keyword as keyword_of, redundant_free, word_error};
use super::formats::DocFormat;
use super::functions::{Fault, inline};

/// The AsyncAPI versions Spectral has a schema for, newest first, with the schema.
const SCHEMAS: [(&str, &str); 9] = [
    ("3.1.0", include_str!("asyncapi-schemas/3.1.0.json")),
    ("3.0.0", include_str!("asyncapi-schemas/3.0.0.json")),
    ("2.6.0", include_str!("asyncapi-schemas/2.6.0.json")),
    ("2.5.0", include_str!("asyncapi-schemas/2.5.0.json")),
    ("2.4.0", include_str!("asyncapi-schemas/2.4.0.json")),
    ("2.3.0", include_str!("asyncapi-schemas/2.3.0.json")),
    ("2.2.0", include_str!("asyncapi-schemas/2.2.0.json")),
    ("2.1.0", include_str!("asyncapi-schemas/2.1.0.json")),
    ("2.0.0", include_str!("asyncapi-schemas/2.0.0.json")),
];

/// A native AsyncAPI function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AsyncFn {
    /// `asyncApiChannelParameters`: channel parameters are defined and used.
    ChannelParameters,
    /// `asyncApi2ChannelServers`: a channel's servers are declared.
    ChannelServers,
    /// `asyncApi2MessageExamplesValidation`: message examples follow `payload` and `headers`.
    MessageExamples,
    /// `asyncApi2MessageIdUniqueness`.
    MessageIdUnique,
    /// `asyncApi2OperationIdUniqueness`.
    OperationIdUnique,
    /// `asyncApiSecurity` of a `Server` (`true`) or an `Operation`.
    Security {
        /// The object type named in the message is `Server`.
        server: bool,
    },
    /// `asyncApiDocumentSchema` on the resolved (`true`) or unresolved document.
    DocumentSchema {
        /// Whether `$ref`s are resolved.
        resolved: bool,
    },
    /// `asyncApiPayloadValidation`: a payload is an AsyncAPI Schema Object.
    Payload,
    /// Spectral's shared `serverVariables` without options: URL variables defined and used.
    ServerVariables,
    /// `asyncApiSchemaValidation` of `default` (`true`) or `examples`.
    SchemaValues {
        /// `default` rather than `examples`.
        default: bool,
    },
}

impl AsyncFn {
    /// The function called `name`, if it is a native AsyncAPI one; an option it does not
    /// understand is an error.
    pub fn compile(name: &str, options: &Value) -> Option<Result<Self, String>> {
        let text = |key: &str| options.get(key).and_then(Value::as_str);
        Some(Ok(match name {
            "asyncApiChannelParameters" => Self::ChannelParameters,
            "asyncApi2ChannelServers" => Self::ChannelServers,
            "asyncApi2MessageExamplesValidation" => Self::MessageExamples,
            "asyncApi2MessageIdUniqueness" => Self::MessageIdUnique,
            "asyncApi2OperationIdUniqueness" => Self::OperationIdUnique,
            "asyncApiSecurity" => match text("objectType") {
                Some("Server") => Self::Security { server: true },
                Some("Operation") => Self::Security { server: false },
                _ => return Some(Err("asyncApiSecurity needs `objectType`: Server or Operation".to_owned())),
            },
            "asyncApiDocumentSchema" => match options.get("resolved") {
                Some(Value::Bool(resolved)) => Self::DocumentSchema { resolved: *resolved },
                _ => return Some(Err("asyncApiDocumentSchema needs `resolved`: true or false".to_owned())),
            },
            "asyncApiPayloadValidation" => Self::Payload,
            "serverVariables" if options.is_null() => Self::ServerVariables,
            "asyncApiSchemaValidation" => match text("type") {
                Some("default") => Self::SchemaValues { default: true },
                Some("examples") => Self::SchemaValues { default: false },
                _ => return Some(Err("asyncApiSchemaValidation needs `type`: default or examples".to_owned())),
            },
            _ => return None,
        }))
    }

    /// Runs the function on `input` at `path` (for a resolved rule, `input` is resolved).
    #[must_use]
    pub fn run(self, input: Option<&Value>, doc: &Document, path: &[Seg]) -> Vec<Fault> {
        let Some(input) = input else { return Vec::new() };
        match self {
            Self::ChannelParameters => channel_parameters(input, path),
            Self::ChannelServers => channel_servers(input),
            Self::MessageExamples => message_examples(&inline(doc, input)),
            Self::MessageIdUnique => unique_ids(input, true),
            Self::OperationIdUnique => unique_ids(input, false),
            Self::Security { server } => security(input, doc, server),
            Self::DocumentSchema { resolved: false } => document_schema(input, &doc.value, false),
            Self::DocumentSchema { resolved: true } => {
                // Spectral places a finding on a `$ref` at what it points to.
                let mut faults = document_schema(&inline(doc, input), &doc.value, true);
                for fault in &mut faults {
                    fault.path = real_path(doc, path, &fault.path);
                }
                faults
            }
            Self::ServerVariables => server_variables(input),
            Self::Payload => payload(&inline(doc, input), &doc.value, path),
            Self::SchemaValues { default } => schema_values(&inline(doc, input), default, path),
        }
    }
}

/// The real path (`$ref`s followed, the last one too) of `rel` under the node at `base`.
fn real_path(doc: &Document, base: &[Seg], rel: &[Seg]) -> Vec<Seg> {
    fn follow<'a>(doc: &'a Document, value: &'a Value, path: &mut Vec<Seg>) -> &'a Value {
        match doc.follow(value) {
            Some((target, at)) => {
                *path = at;
                target
            }
            None => value,
        }
    }
    let Some(mut value) = doc.get(base) else { return rel.to_vec() };
    let mut path = base.to_vec();
    for seg in rel {
        value = follow(doc, value, &mut path);
        let Some(next) = super::document::child(value, seg) else { return rel.to_vec() };
        value = next;
        path.push(seg.clone());
    }
    follow(doc, value, &mut path);
    // Relative to `base`, where the rule reports it (a `$`-rooted rule: the whole path).
    path.strip_prefix(base).map_or(path.clone(), <[Seg]>::to_vec)
}

fn key(k: &str) -> Seg {
    Seg::Key(k.to_owned())
}

/// Spectral's `parseUrlVariables`: the names between braces (`{name}`, at least one character).
fn url_variables(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        // `.+?` then `}`: at least one character, the first `}` after it.
        let Some(close) = after.char_indices().skip(1).find(|&(_, c)| c == '}').map(|(i, _)| i) else { break };
        out.push(after[..close].to_owned());
        rest = &after[close + 1..];
    }
    out
}

fn channel_parameters(channel: &Value, path: &[Seg]) -> Vec<Fault> {
    let Some(Value::Object(parameters)) = channel.get("parameters") else { return Vec::new() };
    let address = match channel.get("address") {
        Some(Value::String(address)) => address.clone(),
        Some(Value::Null) | None => path.last().map(Seg::text).unwrap_or_default(),
        Some(other) => other.to_string(),
    };
    let used = url_variables(&address);
    if used.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let missing: Vec<&str> = used.iter().map(String::as_str).filter(|v| !parameters.contains_key(*v)).collect();
    if !missing.is_empty() {
        out.push(Fault {
            message: format!(
                "Not all channel's parameters are described with \"parameters\" object. Missed: {}.",
                missing.join(", ")
            ),
            path: vec![key("parameters")],
        });
    }
    for name in parameters.keys().filter(|k| !used.contains(k)) {
        out.push(Fault {
            message: format!("Channel's \"parameters\" object has redundant defined \"{name}\" parameter."),
            path: vec![key("parameters"), key(name)],
        });
    }
    out
}

fn server_variables(server: &Value) -> Vec<Fault> {
    let Some(Value::String(url)) = server.get("url") else {
        return vec![Fault::here("Invalid Server Object")];
    };
    let found = url_variables(url);
    let variables = server.get("variables").and_then(Value::as_object);
    let defined: Vec<&String> = variables.into_iter().flat_map(Map::keys).collect();
    let mut out = Vec::new();
    for name in defined.iter().filter(|d| !found.contains(d)) {
        out.push(Fault {
            message: format!("Server's \"variables\" object has unused defined \"{name}\" url variable."),
            path: vec![key("variables"), key(name)],
        });
    }
    if found.is_empty() {
        return out;
    }
    let missing: Vec<&str> = found.iter().filter(|f| !defined.contains(f)).map(String::as_str).collect();
    if !missing.is_empty() {
        out.push(Fault {
            message: format!(
                "Not all server's variables are described with \"variables\" object. Missed: {}.",
                missing.join(", ")
            ),
            path: vec![key("variables")],
        });
    }
    for (name, variable) in variables.into_iter().flatten().filter(|(k, _)| found.contains(k)) {
        if let (Some(Value::Array(values)), Some(default)) = (variable.get("enum"), variable.get("default"))
            && !values.contains(default)
        {
            out.push(Fault {
                message: format!("Server Variable \"{name}\" has a default not listed in the enum."),
                path: vec![key("variables"), key(name), key("default")],
            });
        }
    }
    out
}

fn channel_servers(root: &Value) -> Vec<Fault> {
    // The function's input schema: anything else and Spectral skips the document.
    let servers = match root.get("servers") {
        None => None,
        Some(Value::Object(servers)) => Some(servers),
        Some(_) => return Vec::new(),
    };
    let Some(Value::Object(channels)) = root.get("channels") else { return Vec::new() };
    let shape_ok = channels.values().all(|c| match c {
        Value::Object(c) => match c.get("servers") {
            None => true,
            Some(Value::Array(names)) => names.iter().all(Value::is_string),
            Some(_) => false,
        },
        _ => false,
    });
    if !shape_ok {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (address, channel) in channels {
        for (i, name) in channel.get("servers").and_then(Value::as_array).into_iter().flatten().enumerate() {
            if !servers.is_some_and(|s| name.as_str().is_some_and(|n| s.contains_key(n))) {
                out.push(Fault {
                    message: "Channel contains server that are not defined on the \"servers\" object.".to_owned(),
                    path: vec![key("channels"), key(address), key("servers"), Seg::Index(i)],
                });
            }
        }
    }
    out
}

/// The operations of an AsyncAPI 2 document: (path, operation).
fn operations(root: &Value) -> Vec<(Vec<Seg>, &Map<String, Value>)> {
    let mut out = Vec::new();
    let Some(Value::Object(channels)) = root.get("channels") else { return out };
    for (address, channel) in channels {
        for kind in ["subscribe", "publish"] {
            if let Some(Value::Object(op)) = channel.get(kind) {
                out.push((vec![key("channels"), key(address), key(kind)], op));
            }
        }
    }
    out
}

/// The messages of the operations: (path, message).
fn messages(root: &Value) -> Vec<(Vec<Seg>, &Map<String, Value>)> {
    let mut out = Vec::new();
    for (path, op) in operations(root) {
        let Some(Value::Object(message)) = op.get("message") else { continue };
        if let Some(Value::Array(one_of)) = message.get("oneOf") {
            for (i, m) in one_of.iter().enumerate() {
                if let Value::Object(m) = m {
                    let mut at = path.clone();
                    at.extend([key("message"), key("oneOf"), Seg::Index(i)]);
                    out.push((at, m));
                }
            }
        } else {
            let mut at = path;
            at.push(key("message"));
            out.push((at, message));
        }
    }
    out
}

/// The id of an operation or message: the last trait's, else its own, with its relative path.
fn id_of(object: &Map<String, Value>, field: &str) -> Option<(String, Vec<Seg>)> {
    if let Some(Value::Array(traits)) = object.get("traits") {
        for (i, t) in traits.iter().enumerate().rev() {
            if let Some(Value::String(id)) = t.get(field).filter(|_| t.is_object()) {
                return Some((id.clone(), vec![key("traits"), Seg::Index(i), key(field)]));
            }
        }
    }
    match object.get(field) {
        Some(Value::String(id)) => Some((id.clone(), vec![key(field)])),
        _ => None,
    }
}

fn unique_ids(root: &Value, messages_not_operations: bool) -> Vec<Fault> {
    if !root.is_object() {
        return Vec::new();
    }
    let (field, items) =
        if messages_not_operations { ("messageId", messages(root)) } else { ("operationId", operations(root)) };
    let mut seen: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for (path, object) in items {
        let Some((id, rel)) = id_of(object, field) else { continue };
        if seen.contains(&id) {
            out.push(Fault {
                message: format!(
                    "\"{field}\" must be unique across all the {}.",
                    if messages_not_operations { "messages" } else { "operations" }
                ),
                path: [path, rel].concat(),
            });
        } else {
            seen.push(id);
        }
    }
    out
}

fn security(requirement: &Value, doc: &Document, server: bool) -> Vec<Fault> {
    let Value::Object(requirement) = requirement else { return Vec::new() };
    // The input schema: every value an array of strings.
    if !requirement.values().all(|v| v.as_array().is_some_and(|a| a.iter().all(Value::is_string))) {
        return Vec::new();
    }
    let object_type = if server { "Server" } else { "Operation" };
    // Spectral reads the schemes from the unresolved document.
    let schemes = doc.value.get("components").and_then(|c| c.get("securitySchemes")).and_then(Value::as_object);
    let mut out = Vec::new();
    for (name, scopes) in requirement {
        let scheme = schemes.and_then(|s| s.get(name));
        if scheme.is_none() {
            out.push(Fault {
                message: format!("{object_type} must not reference an undefined security scheme."),
                path: vec![key(name)],
            });
        }
        let Some(scheme) = scheme.filter(|s| s.get("type").and_then(Value::as_str) == Some("oauth2")) else {
            continue;
        };
        let mut available: Vec<&str> = Vec::new();
        for flow in ["implicit", "password", "clientCredentials", "authorizationCode"] {
            let flow = scheme.get("flows").and_then(|f| f.get(flow)).filter(|f| f.is_object());
            for scope in flow.and_then(|f| f.get("scopes")).and_then(Value::as_object).into_iter().flat_map(Map::keys) {
                if !available.contains(&scope.as_str()) {
                    available.push(scope);
                }
            }
        }
        for (i, scope) in scopes.as_array().into_iter().flatten().enumerate() {
            if !scope.as_str().is_some_and(|s| available.contains(&s)) {
                out.push(Fault {
                    message: format!(
                        "Non-existing security scope for the specified security scheme. Available: [{}]",
                        available.join(", ")
                    ),
                    path: vec![key(name), Seg::Index(i)],
                });
            }
        }
    }
    out
}

/// Compiles `schema` as Spectral's Ajv does (draft 7, ajv-formats).
fn compile(schema: &Value) -> Result<Validator, String> {
    let mut options = jsonschema::options().with_draft(jsonschema::Draft::Draft7).should_validate_formats(true);
    for &(name, check) in FORMATS {
        options = options.with_format(name, check);
    }
    options.build(schema).map_err(|e| e.to_string())
}

/// Spectral's `selectAsyncAPISchema`: the schema version for a document, and whether it is the
/// newest 3.x one used for a 3.x version Spectral has no schema of (`fallback`).
fn version_of(root: &Value) -> Option<(&'static str, bool)> {
    for &(version, _) in &SCHEMAS {
        let mut parts = version.split('.');
        let major = parts.next().and_then(|m| m.parse().ok())?;
        let minor = parts.next().and_then(|m| m.parse().ok())?;
        if DocFormat::Aas(major, minor).matches(root) {
            return Some((version, false));
        }
    }
    DocFormat::Aas3.matches(root).then_some((SCHEMAS[0].0, true))
}

fn schema_text(version: &str) -> Option<Value> {
    SCHEMAS.iter().find(|(v, _)| *v == version).and_then(|(_, text)| serde_json::from_str(text).ok())
}

/// Spectral's `getSerializedSchema`: the document schema of a version, without the JSON Schema
/// meta-schemas it embeds; for a fallback the version is a 3.x pattern; resolved 3.x documents
/// get references replaced by the objects they point at.
fn document_validator(version: &'static str, resolved: bool, fallback: bool) -> Option<&'static Validator> {
    type Cache = Mutex<HashMap<(&'static str, bool, bool), Option<&'static Validator>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    let mut cache = cache.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    *cache.entry((version, resolved, fallback)).or_insert_with(|| {
        let mut schema = schema_text(version)?;
        let definitions = schema.get_mut("definitions")?.as_object_mut()?;
        definitions.remove("http://json-schema.org/draft-07/schema");
        definitions.remove("http://json-schema.org/draft-04/schema");
        if fallback {
            let asyncapi = schema.pointer_mut("/properties/asyncapi")?.as_object_mut()?;
            asyncapi.remove("const");
            asyncapi.insert("pattern".to_owned(), Value::String(r"^3\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$".to_owned()));
        }
        if resolved && version.starts_with("3.") {
            let definitions = schema.get_mut("definitions")?;
            let url = |name: &str| format!("http://asyncapi.com/definitions/{version}/{name}.json");
            let mut set = |definition: &str, at: &str, target: &str| -> Option<()> {
                let node = definitions.get_mut(url(definition))?.pointer_mut(at)?.as_object_mut()?;
                node.insert("$ref".to_owned(), Value::String(url(target)));
                Some(())
            };
            set("channel", "/properties/servers/items", "server")?;
            set("operation", "/properties/channel", "channel")?;
            set("operation", "/properties/messages/items", "messageObject")?;
            set("operationReply", "/properties/channel", "channel")?;
            set("operationReply", "/properties/messages/items", "messageObject")?;
        }
        Some(&*Box::leak(Box::new(compile(&schema).ok()?)))
    })
}

/// One schema error, flattened: where, which keyword, Spectral's message.
struct Flat {
    path: Vec<Seg>,
    keyword: &'static str,
    message: String,
    ref_required: bool,
    kind: Keyword,
}

/// Ajv's message for duplicate items: objects and arrays are compared by pairs from the end
/// (`## earlier and later`), scalars through a map from the end (`## later and earlier`).
fn duplicate_items(items: &[Value], prop: &str) -> String {
    let pair = if items.iter().any(|v| v.is_object() || v.is_array()) {
        (0..items.len()).rev().find_map(|i| (0..i).rev().find(|&j| items[j] == items[i]).map(|j| (j, i)))
    } else {
        let mut seen: Vec<(&Value, usize)> = Vec::new();
        (0..items.len()).rev().find_map(|i| {
            let found = seen.iter().find(|(v, _)| *v == &items[i]).map(|&(_, j)| (j, i));
            seen.push((&items[i], i));
            found
        })
    };
    let (a, b) = pair.unwrap_or((0, 0));
    format!("\"{prop}\" property must not have duplicate items (items ## {a} and {b} are identical)")
}

/// Ajv's errors with `allErrors`: the errors of each branch of a failing `oneOf`/`anyOf`, then
/// the combinator's own.
fn flatten(error: &ValidationError<'_>, root: &Value, out: &mut Vec<Flat>) {
    let path = pointer_segments(error.instance_path().as_str());
    let prop = path.last().map(Seg::text).unwrap_or_default();
    let keyword = match error.kind() {
        ValidationErrorKind::OneOfNotValid { context } | ValidationErrorKind::AnyOf { context } => {
            for branch in context {
                for inner in branch {
                    flatten(inner, root, out);
                }
            }
            "oneOf"
        }
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            for name in unexpected {
                let mut at = path.clone();
                at.push(Seg::Key(name.clone()));
                out.push(Flat {
                    path: at,
                    keyword: "additionalProperties",
                    message: format!("Property \"{name}\" is not expected to be here"),
                    ref_required: false,
                    kind: Keyword::Other,
                });
            }
            return;
        }
        ValidationErrorKind::PropertyNames { error: inner } => {
            // Ajv reports a property name's error at the object, named by the object.
            let message = word_error(inner, root, &prop);
            out.push(Flat { path, keyword: "propertyNames", message, ref_required: false, kind: Keyword::Other });
            return;
        }
        ValidationErrorKind::Required { property } => {
            let ref_required = property.as_str() == Some("$ref");
            let message = word_error(error, root, &prop);
            out.push(Flat { path, keyword: "required", message, ref_required, kind: Keyword::Other });
            return;
        }
        ValidationErrorKind::UniqueItems => {
            let items = error.instance().as_array().map(Vec::as_slice).unwrap_or_default();
            let message = duplicate_items(items, &prop);
            out.push(Flat { path, keyword: "uniqueItems", message, ref_required: false, kind: Keyword::Other });
            return;
        }
        _ => "",
    };
    let message = word_error(error, root, &prop);
    out.push(Flat { path, keyword, message, ref_required: false, kind: keyword_of(error.kind()) });
}

/// Spectral's `prepareResults` for AsyncAPI: no "required `$ref`" errors, one error a path
/// (the first), and no `oneOf` error under a path already reported.
fn prepare(mut errors: Vec<Flat>) -> Vec<Flat> {
    errors.retain(|e| !e.ref_required);
    let mut i = 0;
    while i < errors.len() {
        if i + 1 < errors.len() && errors[i + 1].path == errors[i].path {
            errors.remove(i + 1);
        } else if i > 0 && errors[i].keyword == "oneOf" && errors[i - 1].path.starts_with(&errors[i].path) {
            errors.remove(i);
        } else {
            i += 1;
        }
    }
    errors
}

/// `asyncApiDocumentSchema`: the document against its version's schema.
fn document_schema(value: &Value, raw: &Value, resolved: bool) -> Vec<Fault> {
    let Some((version, fallback)) = version_of(raw) else { return Vec::new() };
    let Some(validator) = document_validator(version, resolved, fallback) else {
        return vec![Fault::here(format!("the AsyncAPI {version} schema of conform does not compile"))];
    };
    let mut flat = Vec::new();
    for error in validator.iter_errors(value) {
        flatten(&error, value, &mut flat);
    }
    let flat = if resolved { prepare(flat) } else { flat };
    let paths: Vec<Vec<Seg>> = flat.iter().map(|e| e.path.clone()).collect();
    let kinds: Vec<Keyword> = flat.iter().map(|e| e.kind).collect();
    let keep = redundant_free(&paths, &kinds);
    let flat = flat.into_iter().zip(keep).filter_map(|(e, keep)| keep.then_some(e));
    let not_here = "Property \"$ref\" is not expected to be here";
    let mut out: Vec<Fault> = Vec::new();
    for e in flat {
        let message = match (resolved, e.message == not_here) {
            (true, true) | (false, false) => continue,
            (true, false) => e.message,
            (false, true) => "Referencing in this place is not allowed".to_owned(),
        };
        if !out.iter().any(|f| f.path == e.path && f.message == message) {
            out.push(Fault { message, path: e.path });
        }
    }
    out
}

/// `asyncApiPayloadValidation`: a payload against the AsyncAPI Schema Object definition.
fn payload(value: &Value, raw: &Value, path: &[Seg]) -> Vec<Fault> {
    type Cache = Mutex<HashMap<&'static str, Option<&'static Validator>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let Some((version, _)) = version_of(raw) else { return Vec::new() };
    let validator = {
        let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
        let mut cache = cache.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        *cache.entry(version).or_insert_with(|| {
            let mut schema = schema_text(version)?;
            let definitions = schema.get_mut("definitions")?.as_object_mut()?;
            definitions.remove("http://json-schema.org/draft-07/schema");
            definitions.remove("http://json-schema.org/draft-04/schema");
            let wrapper = serde_json::json!({
                "$ref": format!("http://asyncapi.com/definitions/{version}/schema.json"),
                "definitions": definitions,
            });
            Some(&*Box::leak(Box::new(compile(&wrapper).ok()?)))
        })
    };
    let Some(validator) = validator else {
        return vec![Fault::here(format!("the AsyncAPI {version} schema of conform does not compile"))];
    };
    all_faults(validator, value, &path.last().map(Seg::text).unwrap_or_default())
}

/// `asyncApiSchemaValidation`: a schema's `default`, or each of its `examples`, against it
/// (a string value is not reported, as in Spectral).
fn schema_values(schema: &Value, default: bool, path: &[Seg]) -> Vec<Fault> {
    let items: Vec<(Vec<Seg>, &Value)> = if default {
        schema.get("default").map(|v| vec![(vec![key("default")], v)]).unwrap_or_default()
    } else {
        match schema.get("examples") {
            Some(Value::Array(examples)) => {
                examples.iter().enumerate().map(|(i, v)| (vec![key("examples"), Seg::Index(i)], v)).collect()
            }
            _ => Vec::new(),
        }
    };
    if items.is_empty() {
        return Vec::new();
    }
    let validator = match compile(schema) {
        Ok(v) => v,
        Err(e) => return vec![Fault { message: e, path: path.to_vec() }],
    };
    let mut out = Vec::new();
    for (at, value) in items {
        if value.is_string() {
            continue;
        }
        let field = at.last().map(Seg::text).unwrap_or_default();
        for fault in all_faults(&validator, value, &field) {
            out.push(Fault { message: fault.message, path: [at.clone(), fault.path].concat() });
        }
    }
    out
}

/// Spectral's `mergeTraits`: each trait merged into the message (a `null` removes a member).
fn merge_traits(message: &Value) -> Value {
    fn merge(origin: Option<&Value>, patch: &Value) -> Value {
        let Value::Object(patch) = patch else { return patch.clone() };
        let mut result = match origin {
            Some(Value::Object(o)) => o.clone(),
            _ => Map::new(),
        };
        for (k, v) in patch {
            if v.is_null() {
                result.remove(k);
            } else {
                let merged = merge(result.get(k), v);
                result.insert(k.clone(), merged);
            }
        }
        Value::Object(result)
    }
    let (Value::Object(map), Some(Value::Array(traits))) = (message, message.get("traits")) else {
        return message.clone();
    };
    let mut data = map.clone();
    for t in traits {
        if let Value::Object(t) = t {
            for (k, v) in t {
                let merged = merge(data.get(k), v);
                data.insert(k.clone(), merged);
            }
        }
    }
    Value::Object(data)
}

/// `asyncApi2MessageExamplesValidation`: each example's `payload` and `headers` against the
/// message's schemas.
fn message_examples(message: &Value) -> Vec<Fault> {
    // The input schema: `name` and `summary`, when present, are strings.
    if !message.is_object() || ["name", "summary"].iter().any(|k| message.get(*k).is_some_and(|v| !v.is_string())) {
        return Vec::new();
    }
    let message = merge_traits(message);
    let Some(Value::Array(examples)) = message.get("examples") else { return Vec::new() };
    let mut out = Vec::new();
    for (i, example) in examples.iter().enumerate() {
        for part in ["payload", "headers"] {
            let Some(value) = example.get(part) else { continue };
            let schema = message.get(part).cloned().unwrap_or_else(|| Value::Object(Map::new()));
            let at = vec![key("examples"), Seg::Index(i), key(part)];
            match compile(&schema) {
                Ok(validator) => {
                    for fault in all_faults(&validator, value, part) {
                        out.push(Fault { message: fault.message, path: [at.clone(), fault.path].concat() });
                    }
                }
                Err(e) => out.push(Fault { message: e, path: at }),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn url_variables_need_a_name() {
        // As JavaScript's /{(.+?)}/g reads it: `{}` takes the next `}` after one character.
        assert_eq!(url_variables("a/{b}/{}/{c}d"), ["b", "}/{c"]);
        assert_eq!(url_variables("{}}"), ["}"]);
    }

    #[test]
    fn versions_select_their_schema() {
        assert_eq!(version_of(&json!({"asyncapi": "2.6.0"})), Some(("2.6.0", false)));
        assert_eq!(version_of(&json!({"asyncapi": "3.0.0"})), Some(("3.0.0", false)));
        assert_eq!(version_of(&json!({"asyncapi": "3.7.1"})), Some(("3.1.0", true)));
        assert_eq!(version_of(&json!({"asyncapi": "2.7.0"})), None);
        for (version, _) in SCHEMAS {
            assert!(document_validator(version, true, false).is_some(), "{version}");
        }
    }

    #[test]
    fn document_schema_reports_unknown_members() {
        let doc = json!({"asyncapi": "2.6.0", "info": {"title": "T", "version": "1", "x": 1}, "channels": {}});
        let faults = document_schema(&doc, &doc, true);
        assert_eq!(faults.len(), 1, "{faults:?}");
        assert_eq!(faults[0].message, "Property \"x\" is not expected to be here");
        assert_eq!(faults[0].path, vec![key("info"), key("x")]);
    }
}
