//! Native functions of the built-in `spectral:oas` ruleset (`oas.yaml`): checks that need
//! more than one node at a time (unique operation ids, path parameters, structural schema
//! validation of the whole description, examples against their schemas, server variables).

use std::collections::{HashMap, HashSet};

use jsonschema::Validator;
use serde_json::Value;

use std::fmt::Write;

use super::ajv_formats::FORMATS;
use super::document::{Document, Seg, for_each_container, owned_path, pointer};
use super::example_errors::first_fault;
use super::functions::{Fault, inline, resolve};

/// HTTP methods of a path item.
const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// A native OpenAPI function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OasFn {
    /// `oasOpIdUnique`: operation ids are unique.
    OpIdUnique,
    /// `oasPathParam`: path templates and path parameters agree.
    PathParam,
    /// `uniquenessTags`: tag names are unique.
    UniqueTags,
    /// `oasDocumentSchema`: the description follows the OpenAPI 3.0/3.1 structure.
    DocumentSchema,
    /// `oasExample` on media types: examples validate against the schema.
    MediaExample,
    /// `oasExample` on schemas: `example`/`default` validate against the schema.
    SchemaExample,
    /// `oasServerVariables`: server URL variables are defined and used.
    ServerVariables,
    /// `oasOpSuccessResponse`: an operation has a 2xx or 3xx response.
    OpSuccessResponse,
    /// `oasTagDefined`: operation tags are declared in the global `tags`.
    TagDefined,
    /// `refSiblings` (on the whole document): no member sits next to a `$ref`.
    RefSiblings,
    /// `oasOpParams`: an operation's parameters are unique by `name` and `in`.
    OpParams,
    /// `oasSecurityDefined`: security requirements name declared schemes and scopes.
    SecurityDefined,
    /// `oasSecurityDefined` with `oasVersion: 2` (`securityDefinitions`).
    SecurityDefined2,
    /// `oasExample` on Swagger 2.0 media (a response's `examples`).
    MediaExample2,
    /// `oasExample` on Swagger 2.0 schemas and parameters (`example`, `x-example`, `default`).
    SchemaExample2,
    /// `oasOpFormDataConsumeCheck`: `formData` parameters need a form media type.
    FormDataConsumeCheck,
    /// `oasDiscriminator`: a Swagger 2.0 discriminator is a defined, required property.
    Discriminator,
}

impl OasFn {
    /// Whether the function checks examples against their schemas (through the document's
    /// [`ExampleSchemas`]).
    #[must_use]
    pub fn checks_examples(self) -> bool {
        matches!(self, Self::MediaExample | Self::SchemaExample)
    }

    /// The function called `name`, if it is a native one.
    #[must_use]
    pub fn compile(name: &str, options: &Value) -> Option<Self> {
        let swagger = options.get("oasVersion").and_then(Value::as_u64) == Some(2);
        let whole = options.get("schemaField").and_then(Value::as_str) == Some("$");
        Some(match name {
            "oasExample" if swagger && whole => Self::SchemaExample2,
            "oasExample" if swagger => Self::MediaExample2,
            "oasSecurityDefined" if swagger => Self::SecurityDefined2,
            "oasOpFormDataConsumeCheck" => Self::FormDataConsumeCheck,
            "oasDiscriminator" => Self::Discriminator,
            "oasOpIdUnique" => Self::OpIdUnique,
            "oasPathParam" => Self::PathParam,
            "uniquenessTags" => Self::UniqueTags,
            "oasDocumentSchema" => Self::DocumentSchema,
            "oasExample" if options.get("schemaField").and_then(Value::as_str) == Some("$") => Self::SchemaExample,
            "oasExample" => Self::MediaExample,
            "oasServerVariables" => Self::ServerVariables,
            "oasOpSuccessResponse" => Self::OpSuccessResponse,
            "oasTagDefined" => Self::TagDefined,
            "refSiblings" => Self::RefSiblings,
            "oasOpParams" => Self::OpParams,
            "oasSecurityDefined" => Self::SecurityDefined,
            _ => return None,
        })
    }

    /// Runs the function on `input` at `path`.
    #[must_use]
    pub fn run(self, input: Option<&Value>, doc: &Document, path: &[Seg]) -> Vec<Fault> {
        let Some(input) = input else { return Vec::new() };
        match self {
            Self::OpIdUnique => op_id_unique(input, doc),
            Self::PathParam => path_params(input, doc),
            Self::UniqueTags => unique_tags(input),
            Self::DocumentSchema => super::oas_schema::document_schema(input),
            Self::MediaExample => media_example(input, doc, path),
            Self::SchemaExample => schema_example(input, doc, path),
            Self::ServerVariables => server_variables(input),
            Self::OpSuccessResponse => op_success(input),
            Self::TagDefined => tag_defined(input, doc),
            Self::RefSiblings => ref_siblings(input),
            Self::OpParams => op_params(input, doc),
            Self::SecurityDefined => security_defined(input, doc, path),
            Self::SecurityDefined2 => super::oas2::security_defined(input, doc, path),
            Self::MediaExample2 => super::oas2::media_example(input, doc),
            Self::SchemaExample2 => super::oas2::schema_example(input, doc),
            Self::FormDataConsumeCheck => super::oas2::form_data_consume_check(input, doc),
            Self::Discriminator => super::oas2::discriminator(input),
        }
    }
}

fn key(k: &str) -> Seg {
    Seg::Key(k.to_owned())
}

/// Every operation: (path key, method, operation), following `$ref`s to path items and
/// operations (in this or another file).
fn operations<'a>(root: &'a Value, doc: &'a Document) -> impl Iterator<Item = (&'a String, &'static str, &'a Value)> {
    root.get("paths").and_then(Value::as_object).into_iter().flatten().flat_map(move |(path, item)| {
        let item = resolve(doc, item);
        METHODS.iter().filter_map(move |m| {
            item.get(*m).map(|op| resolve(doc, op)).filter(|op| op.is_object()).map(|op| (path, *m, op))
        })
    })
}

fn op_id_unique(root: &Value, doc: &Document) -> Vec<Fault> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (path, method, op) in operations(root, doc) {
        if let Some(id) = op.get("operationId").and_then(Value::as_str)
            && !seen.insert(id.to_owned())
        {
            out.push(Fault {
                message: "Every operation must have unique \"operationId\".".to_owned(),
                path: vec![key("paths"), key(path), key(method), key("operationId")],
            });
        }
    }
    out
}

fn template_vars(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else { break };
        out.push(rest[open + 1..open + close].to_owned());
        rest = &rest[open + close + 1..];
    }
    out
}

/// Path parameters declared in `params` (resolving refs): name → index in the array.
fn path_param_names(
    doc: &Document,
    params: Option<&Value>,
    base: &[Seg],
    out: &mut Vec<Fault>,
) -> Vec<(String, Vec<Seg>)> {
    let mut names = Vec::new();
    let Some(Value::Array(items)) = params else { return names };
    for (i, item) in items.iter().enumerate() {
        let item = resolve(doc, item);
        if item.get("in").and_then(Value::as_str) != Some("path") {
            continue;
        }
        let Some(name) = item.get("name").and_then(Value::as_str) else { continue };
        let mut at = base.to_vec();
        at.push(Seg::Index(i));
        if item.get("required") != Some(&Value::Bool(true)) {
            out.push(Fault {
                message: format!("Path parameter \"{name}\" must have \"required\" property that is set to \"true\"."),
                path: at.clone(),
            });
        }
        names.push((name.to_owned(), at));
    }
    names
}

fn path_params(root: &Value, doc: &Document) -> Vec<Fault> {
    let mut out = Vec::new();
    let Some(Value::Object(paths)) = root.get("paths") else { return out };
    let mut normalized: HashMap<String, &String> = HashMap::new();
    for (path, item) in paths {
        let item = resolve(doc, item);
        let vars = template_vars(path);
        let shape = vars.iter().fold(path.clone(), |p, v| p.replacen(&format!("{{{v}}}"), "%", 1));
        if let Some(other) = normalized.insert(shape, path) {
            out.push(Fault {
                message: format!("Paths \"{other}\" and \"{path}\" must not be equivalent."),
                path: vec![key("paths"), key(path)],
            });
        }
        let mut unique = HashSet::new();
        for var in &vars {
            if !unique.insert(var) {
                out.push(Fault {
                    message: format!("Path \"{path}\" must not use parameter \"{{{var}}}\" multiple times."),
                    path: vec![key("paths"), key(path)],
                });
            }
        }
        let base = vec![key("paths"), key(path), key("parameters")];
        let top = path_param_names(doc, item.get("parameters"), &base, &mut out);
        let mut used_top: HashSet<String> = HashSet::new();
        for method in METHODS {
            let Some(op) = item.get(method).filter(|op| op.is_object()) else { continue };
            let base = vec![key("paths"), key(path), key(method), key("parameters")];
            let own = path_param_names(doc, op.get("parameters"), &base, &mut out);
            for var in &vars {
                if !own.iter().chain(&top).any(|(n, _)| n == var) {
                    out.push(Fault {
                        message: format!(
                            "Operation must define parameter \"{{{var}}}\" as expected by path \"{path}\"."
                        ),
                        path: vec![key("paths"), key(path), key(method)],
                    });
                }
            }
            for (name, at) in &own {
                if !vars.contains(name) {
                    out.push(Fault {
                        message: format!("Parameter \"{name}\" must be used in path \"{path}\"."),
                        path: at.clone(),
                    });
                }
            }
            used_top.extend(top.iter().map(|(n, _)| n.clone()));
        }
        for (name, at) in &top {
            if !vars.contains(name) {
                out.push(Fault {
                    message: format!("Parameter \"{name}\" must be used in path \"{path}\"."),
                    path: at.clone(),
                });
            }
        }
    }
    out
}

fn unique_tags(tags: &Value) -> Vec<Fault> {
    let Value::Array(items) = tags else { return Vec::new() };
    let mut seen = HashMap::new();
    let mut out = Vec::new();
    for (i, tag) in items.iter().enumerate() {
        let Some(name) = tag.get("name").and_then(Value::as_str) else { continue };
        if seen.insert(name.to_owned(), i).is_some() {
            out.push(Fault {
                message: format!("\"tags\" object contains duplicate tag name \"{name}\"."),
                path: vec![Seg::Index(i), key("name")],
            });
        }
    }
    out
}

/// Makes an OpenAPI 3.0 schema object a JSON Schema (`nullable`, OpenAPI-only keywords).
fn to_json_schema(schema: &Value, oas30: bool) -> Value {
    match schema {
        Value::Object(map) => {
            let mut out = serde_json::Map::new();
            for (k, v) in map {
                if matches!(
                    k.as_str(),
                    "example"
                        | "examples"
                        | "xml"
                        | "discriminator"
                        | "externalDocs"
                        | "deprecated"
                        | "nullable"
                        | "readOnly"
                        | "writeOnly"
                ) && oas30
                {
                    continue;
                }
                let converted = match k.as_str() {
                    "properties" | "patternProperties" | "definitions" | "$defs" | "schemas" => match v {
                        Value::Object(props) => {
                            Value::Object(props.iter().map(|(n, s)| (n.clone(), to_json_schema(s, oas30))).collect())
                        }
                        other => other.clone(),
                    },
                    "enum" | "const" | "required" | "default" | "type" | "format" | "pattern" => v.clone(),
                    _ => to_json_schema(v, oas30),
                };
                out.insert(k.clone(), converted);
            }
            // `nullable` widens the type, not an `enum` (OpenAPI 3.0.3; Ajv does the same).
            if oas30
                && map.get("nullable") == Some(&Value::Bool(true))
                && let Some(Value::String(t)) = out.get("type").cloned()
            {
                out.insert("type".to_owned(), Value::Array(vec![Value::String(t), Value::String("null".to_owned())]));
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(|s| to_json_schema(s, oas30)).collect()),
        other => other.clone(),
    }
}

fn example_faults(schema_at: &[Seg], schema_value: &Value, example: &Value, doc: &Document, at: &[Seg]) -> Vec<Fault> {
    let schemas = doc.example_schemas.get_or_init(|| ExampleSchemas::new(doc));
    if let Some(refused) = &schemas.refused {
        return vec![Fault { message: refused.clone(), path: at.to_vec() }];
    }
    let located = doc.get(schema_at).is_some_and(|found| std::ptr::eq(found, schema_value));
    let validator = if located { schemas.at(schema_at) } else { None };
    if untyped_nullable(doc, schema_value) {
        // Spectral's Ajv refuses to compile such a schema and reports that at the example.
        return vec![Fault { message: "\"nullable\" cannot be used without \"type\"".to_owned(), path: at.to_vec() }];
    }
    // Spectral's Ajv refuses to compile a schema its meta-schema rejects, and says why.
    if let Some(message) = super::oas_schema::meta_errors(&to_json_schema(schema_value, schemas.oas30), schemas.draft) {
        return vec![Fault { message, path: at.to_vec() }];
    }
    let Some(validator) = validator.or_else(|| schemas.inlined(doc, schema_value)) else { return Vec::new() };
    let field = at.last().map(Seg::text).unwrap_or_default();
    first_fault(&validator, &inline(doc, example), &field)
        .into_iter()
        .map(|mut f| {
            let mut path = at.to_vec();
            path.extend(f.path);
            f.path = path;
            f
        })
        .collect()
}

/// The description as one JSON Schema resource (OpenAPI 3.0 schemas converted), so the schema
/// of an example compiles from its location, its `$ref`s resolving inside the description,
/// rather than from an inlined copy of everything it references.
pub struct ExampleSchemas {
    registry: Option<jsonschema::Registry<'static>>,
    draft: jsonschema::Draft,
    oas30: bool,
    /// Why no example is checked: a `$ref` chain the validator cannot follow on its stack.
    refused: Option<String>,
}

/// The URI the description is registered under.
const DOCUMENT_URI: &str = "urn:conform:document";

impl ExampleSchemas {
    pub(super) fn new(doc: &Document) -> Self {
        let oas30 = doc.value.get("openapi").and_then(Value::as_str).is_some_and(|v| v.starts_with("3.0"));
        let draft = if oas30 { jsonschema::Draft::Draft4 } else { jsonschema::Draft::Draft202012 };
        let converted = to_json_schema(&doc.value, oas30);
        let refused = crate::ref_chain::check(&converted).err();
        let registry = jsonschema::Registry::new()
            .draft(draft)
            .add(DOCUMENT_URI, converted)
            .and_then(jsonschema::RegistryBuilder::prepare)
            .ok();
        Self { registry, draft, oas30, refused }
    }

    fn options(&self) -> jsonschema::ValidationOptions<'_> {
        // Spectral's Ajv checks formats the way ajv-formats does.
        let mut options = jsonschema::options().with_draft(self.draft).should_validate_formats(true);
        for &(name, check) in FORMATS {
            options = options.with_format(name, check);
        }
        match &self.registry {
            Some(registry) => options.with_registry(registry),
            None => options,
        }
    }

    /// The validator of the schema at `path` in the description.
    fn at(&self, path: &[Seg]) -> Option<Validator> {
        self.registry.as_ref()?;
        let reference = format!("{DOCUMENT_URI}#{}", fragment(&pointer(path)));
        self.options().build(&serde_json::json!({ "$ref": reference })).ok()
    }

    /// The validator of a schema found elsewhere (through a reference chain the path does not
    /// name), compiled from an inlined copy.
    fn inlined(&self, doc: &Document, schema_value: &Value) -> Option<Validator> {
        self.options().build(&to_json_schema(&inline(doc, schema_value), self.oas30)).ok()
    }
}

/// A JSON pointer as a URI fragment: characters outside RFC 3986's fragment set are
/// percent-encoded.
fn fragment(pointer: &str) -> String {
    let mut out = String::with_capacity(pointer.len());
    for byte in pointer.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

fn media_example(media: &Value, doc: &Document, at: &[Seg]) -> Vec<Fault> {
    let Some(schema_value) = media.get("schema") else { return Vec::new() };
    let mut schema_at = at.to_vec();
    schema_at.push(key("schema"));
    // Like Spectral, only the first of `example` and `examples` is checked.
    if let Some(example) = media.get("example") {
        return example_faults(&schema_at, schema_value, example, doc, &[key("example")]);
    }
    let mut out = Vec::new();
    for (name, example) in media.get("examples").and_then(Value::as_object).into_iter().flatten() {
        let example = resolve(doc, example);
        if !example.is_object() || example.get("externalValue").is_some() {
            continue;
        }
        let at = [key("examples"), key(name), key("value")];
        match example.get("value") {
            Some(value) => out.extend(example_faults(&schema_at, schema_value, value, doc, &at)),
            None => out.push(Fault { message: format!("\"{name}.value\" property must exist"), path: at.to_vec() }),
        }
    }
    out
}

fn schema_example(schema_value: &Value, doc: &Document, at: &[Seg]) -> Vec<Fault> {
    let mut out = Vec::new();
    for field in ["example", "default"] {
        if let Some(example) = schema_value.get(field) {
            out.extend(example_faults(at, schema_value, example, doc, &[key(field)]));
        }
    }
    out
}

fn server_variables(server: &Value) -> Vec<Fault> {
    let Some(url) = server.get("url").and_then(Value::as_str) else { return Vec::new() };
    let used = template_vars(url);
    let defined = server.get("variables").and_then(Value::as_object);
    let mut out = Vec::new();
    for var in &used {
        if !defined.is_some_and(|d| d.contains_key(var)) {
            out.push(Fault {
                message: format!("Server's \"variables\" object must have a \"{var}\" variable."),
                path: vec![key("url")],
            });
        }
    }
    for (name, def) in defined.into_iter().flatten() {
        if !used.contains(name) {
            out.push(Fault {
                message: format!("Server's \"variables\" object has unused defined \"{name}\" variable."),
                path: vec![key("variables"), key(name)],
            });
        }
        if let (Some(Value::Array(values)), Some(default)) = (def.get("enum"), def.get("default"))
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

fn op_success(responses: &Value) -> Vec<Fault> {
    let Value::Object(map) = responses else { return Vec::new() };
    if map.keys().any(|k| k.starts_with('2') || k.starts_with('3') || k == "2XX" || k == "3XX") {
        return Vec::new();
    }
    vec![Fault { message: "Operation must define at least a single 2xx or 3xx response".to_owned(), path: Vec::new() }]
}

fn tag_defined(root: &Value, doc: &Document) -> Vec<Fault> {
    let declared: HashSet<&str> = root
        .get("tags")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|t| t.get("name").and_then(Value::as_str))
        .collect();
    let mut out = Vec::new();
    for (path, method, op) in operations(root, doc) {
        for (i, tag) in op.get("tags").and_then(Value::as_array).into_iter().flatten().enumerate() {
            if let Some(name) = tag.as_str()
                && !declared.contains(name)
            {
                out.push(Fault {
                    message: "Operation tags must be defined in global tags.".to_owned(),
                    path: vec![key("paths"), key(path), key(method), key("tags"), Seg::Index(i)],
                });
            }
        }
    }
    out
}

/// Every member next to a `$ref` (paths relative to `root`, the unresolved document).
fn ref_siblings(root: &Value) -> Vec<Fault> {
    let mut out = Vec::new();
    for_each_container(root, |value, path| {
        if let Value::Object(map) = value
            && map.len() > 1
            && map.contains_key("$ref")
        {
            for name in map.keys().filter(|k| *k != "$ref") {
                let mut at = owned_path(path);
                at.push(key(name));
                out.push(Fault {
                    message: "$ref must not be placed next to any other properties".to_owned(),
                    path: at,
                });
            }
        }
    });
    out
}

/// Repeated `name`+`in` pairs and more than one body parameter in an operation's `parameters`.
fn op_params(params: &Value, doc: &Document) -> Vec<Fault> {
    let Value::Array(params) = params else { return Vec::new() };
    if params.len() < 2 {
        return Vec::new();
    }
    let mut seen = Vec::new();
    let mut duplicates = Vec::new();
    let (mut body, mut form_data) = (Vec::new(), 0usize);
    for (i, param) in params.iter().enumerate() {
        let param = resolve(doc, param);
        let Value::Object(map) = param else { continue };
        let text = |v: Option<&Value>| match v {
            Some(Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
            None => "undefined".to_owned(),
        };
        let fingerprint = format!("{}-{}", text(map.get("in")), text(map.get("name")));
        if seen.contains(&fingerprint) {
            duplicates.push(i);
        } else {
            seen.push(fingerprint);
        }
        match map.get("in").and_then(Value::as_str) {
            Some("body") => body.push(i),
            Some("formData") => form_data += 1,
            _ => {}
        }
    }
    let mut out: Vec<Fault> = duplicates
        .into_iter()
        .map(|i| Fault {
            message:
                "A parameter in this operation already exposes the same combination of \"name\" and \"in\" values."
                    .to_owned(),
            path: vec![Seg::Index(i)],
        })
        .collect();
    if !body.is_empty() && form_data > 0 {
        out.push(Fault::here("Operation must not have both \"in:body\" and \"in:formData\" parameters."));
    }
    out.extend(body.into_iter().skip(1).map(|i| Fault {
        message: "Operation must not have more than a single instance of the \"in:body\" parameter.".to_owned(),
        path: vec![Seg::Index(i)],
    }));
    out
}

/// Security requirement names that `components.securitySchemes` does not declare, and OAuth
/// scopes no flow of the scheme lists.
fn security_defined(requirement: &Value, doc: &Document, path: &[Seg]) -> Vec<Fault> {
    let Value::Object(requirement) = requirement else { return Vec::new() };
    let schemes = doc.value.get("components").and_then(|c| c.get("securitySchemes")).map(|s| resolve(doc, s));
    let mut out = Vec::new();
    for (name, scopes) in requirement {
        let Some(scheme) = schemes.and_then(|s| s.get(name)).map(|s| resolve(doc, s)) else {
            let object = if path.len() == 2 { "API" } else { "Operation" };
            out.push(Fault {
                message: format!(
                    "{object} \"security\" values must match a scheme defined in the \"components.securitySchemes\" object."
                ),
                path: vec![key(name)],
            });
            continue;
        };
        for (i, scope) in scopes.as_array().into_iter().flatten().enumerate() {
            let Some(scope) = scope.as_str() else { continue };
            let listed =
                scheme.get("flows").and_then(Value::as_object).into_iter().flatten().any(|(_, flow)| {
                    flow.get("scopes").and_then(Value::as_object).is_some_and(|s| s.contains_key(scope))
                });
            if !listed {
                out.push(Fault {
                    message: format!("\"{scope}\" must be listed among scopes."),
                    path: vec![key(name), Seg::Index(i)],
                });
            }
        }
    }
    out
}

/// Whether a schema reachable from `schema` (through `$ref`s) has `nullable: true` without a
/// `type`. The walk visits each node once and at most `INLINE_BUDGET`-like many of them.
fn untyped_nullable(doc: &Document, schema: &Value) -> bool {
    const BUDGET: usize = 50_000;
    let mut seen = rustc_hash::FxHashSet::default();
    let mut stack = vec![schema];
    while let Some(value) = stack.pop() {
        let value = resolve(doc, value);
        if seen.len() >= BUDGET || !seen.insert(std::ptr::from_ref(value)) {
            continue;
        }
        match value {
            Value::Object(map) => {
                if map.get("nullable") == Some(&Value::Bool(true)) && !map.contains_key("type") {
                    return true;
                }
                stack.extend(
                    map.iter()
                        .filter(|(k, _)| !matches!(k.as_str(), "example" | "examples" | "default" | "enum"))
                        .map(|(_, v)| v),
                );
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    false
}
