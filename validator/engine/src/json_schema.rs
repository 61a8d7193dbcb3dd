//! The `json-schema` engine: JSON Schema over JSON documents and NDJSON records.
//!
//! ## What it does
//! Validates each record against a JSON Schema (2020-12, 2019-09 or draft 7, from the
//! schema's `$schema`; 2020-12 when absent) and reports *every* violation, each at the
//! offending value, or at the key of an unexpected member, or at the object missing a
//! required member. Formats are asserted (`date`, `email`, ...), including the identifier
//! check-digit formats of [`crate::identifiers`] and the code-list formats
//! `codelist:ID@VERSION` of [`crate::codelist`]; the cross-field keywords `conform:agrees`
//! and `conform:codelistOn` of [`crate::agreement`] are understood.
//!
//! ## Parameters
//! - `schema`: the schema file, relative to the standard's folder.
//! - `formats` (default `true`): assert `format`; `false` makes formats annotations.
//! - `records` (optional): JSON pointer to the array of records inside a JSON document
//!   (`""` for a top-level array); each item is then validated on its own. NDJSON lines are
//!   always records.
//!
//! `$ref`s resolve inside the catalog only (relative to the schema); remote references are
//! refused, never fetched. A vendored official schema keeps the remote `$id` (draft 4: `id`)
//! it was published with: a reference to that URI resolves to the JSON file of the same
//! folder that declares it, so the vendored copies stay byte for byte as published.
//!
//! ## Example
//! ```toml
//! check = { engine = "json-schema", schema = "person.schema.json", records = "" }
//! ```

use std::collections::HashMap;
use std::fmt::Write;
use std::sync::OnceLock;

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{ValidationError, Validator};
use referencing::{Retrieve, Uri};
use serde::Deserialize;
use serde_json::Value;

use crate::artifacts::{ArtifactRoot, error_chain};
use crate::registry::{CompileContext, parse_params};
use crate::{CompileError, Compiled, DocumentKind, PointerFinding, RecordCheck, agreement, identifiers};
use conform_diagnostics::escape_pointer_token;

/// Engine name in `check = { engine = "json-schema" }`.
pub const NAME: &str = "json-schema";

/// Parameters of a `json-schema` check.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// Schema file, relative to the standard's folder.
    pub schema: String,
    /// Whether `format` is asserted.
    #[serde(default = "yes")]
    pub formats: bool,
    /// Pointer to the records array inside a JSON document.
    #[serde(default)]
    pub records: Option<String>,
}

fn yes() -> bool {
    true
}

/// Compiles the schema named by the parameters.
pub fn compile(params: &toml::Table, ctx: &mut CompileContext<'_>) -> Result<Compiled, CompileError> {
    let params: Params = parse_params(NAME, params)?;
    let check = JsonSchemaCheck::compile(ctx.root, &params.schema, params.formats, params.records)?;
    Ok(Compiled::Record(std::sync::Arc::new(check)))
}

/// A compiled JSON Schema.
pub struct JsonSchemaCheck {
    validator: Validator,
    records: Option<String>,
}

impl JsonSchemaCheck {
    /// Reads and compiles `schema` (relative to `root`).
    pub fn compile(
        root: &ArtifactRoot,
        schema: &str,
        formats: bool,
        records: Option<String>,
    ) -> Result<Self, CompileError> {
        let artifact = root.read(schema)?;
        let invalid = |message: String| CompileError::Artifact { artifact: artifact.display.clone(), message };
        let (text, _) = conform_formats::text::strip_bom(&artifact.bytes);
        let value = conform_formats::json::parse(text).map_err(|err| invalid(err.message))?;
        // The validator recurses once per `$ref` hop: a long chain would overflow the stack.
        crate::ref_chain::check(&value).map_err(invalid)?;
        let base = base_uri(root, &artifact.key);
        let mut options =
            jsonschema::options().should_validate_formats(formats).with_base_uri(base).with_retriever(LocalRetriever {
                root: root_of(root),
                schema: artifact.key.clone(),
                declared: OnceLock::new(),
            });
        for (name, check) in identifiers::FORMATS {
            options = options.with_format(*name, check);
        }
        for (name, check) in crate::codelist::json_schema_formats(root, &value)? {
            options = options.with_format(name, check);
        }
        let lists = agreement::Lists::load(root, &value)?;
        options = options
            .with_keyword(agreement::AGREES, agreement::agrees_factory)
            .with_keyword(agreement::CODELIST_ON, agreement::codelist_on_factory(lists));
        let validator = options.build(&value).map_err(|err| schema_error(&artifact.display, text, &err))?;
        Ok(Self { validator, records })
    }

    fn validate(&self, value: &Value, prefix: &str, out: &mut Vec<PointerFinding>) {
        for error in self.validator.iter_errors(value) {
            let pointer = format!("{prefix}{}", error.instance_path().as_str());
            convert(&error, pointer, out);
        }
    }
}

impl RecordCheck for JsonSchemaCheck {
    fn check_value(&self, value: &Value, kind: DocumentKind, out: &mut Vec<PointerFinding>) {
        if kind == DocumentKind::Document
            && let Some(pointer) = &self.records
            && let Some(Value::Array(items)) = value.pointer(pointer)
        {
            for (i, item) in items.iter().enumerate() {
                self.validate(item, &format!("{pointer}/{i}"), out);
            }
            return;
        }
        self.validate(value, "", out);
    }
}

/// A schema the validator refused: at the line and column of the schema node the problem is
/// about (its key when it is a member), with its pointer; the schema as a whole has neither.
fn schema_error(artifact: &str, text: &[u8], error: &ValidationError<'_>) -> CompileError {
    let pointer = error.instance_path().as_str();
    let node = (!pointer.is_empty())
        .then(|| conform_formats::SpanIndex::from_json_for(text, [pointer]).nearest(pointer))
        .flatten();
    match node {
        Some(node) => {
            let at = conform_diagnostics::LineIndex::new(text).line_col(text, node.key.unwrap_or(node.value).start);
            CompileError::ArtifactAt {
                artifact: artifact.to_owned(),
                line: at.line,
                column: at.column,
                message: format!("at {pointer}: {error}"),
            }
        }
        None => CompileError::Artifact { artifact: artifact.to_owned(), message: error.to_string() },
    }
}

/// Longest rendering of an instance value inside a message.
const MAX_VALUE_CHARS: usize = 80;

fn convert(error: &ValidationError<'_>, pointer: String, out: &mut Vec<PointerFinding>) {
    let at = |pointer: String, at_key: bool, message: String| PointerFinding { pointer, at_key, message, help: None };
    let instance: &Value = error.instance();
    let message = match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected }
        | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
            for key in unexpected {
                let member = format!("{pointer}/{}", escape_pointer_token(key));
                out.push(at(member, true, format!("property `{key}` is not allowed here")));
            }
            return;
        }
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().map_or_else(|| property.to_string(), str::to_owned);
            out.push(at(pointer, true, format!("missing required property `{name}`")));
            return;
        }
        // A `false` subschema (`"properties": {"monochromeLogo": false}`) forbids a member:
        // reported at its key, like an unexpected property.
        ValidationErrorKind::FalseSchema if !pointer.is_empty() => {
            let key = pointer.rsplit('/').next().unwrap_or_default().replace("~1", "/").replace("~0", "~");
            out.push(at(pointer, true, format!("property `{key}` is not allowed here")));
            return;
        }
        ValidationErrorKind::Type { kind } => {
            let expected = match kind {
                TypeKind::Single(t) => t.to_string(),
                TypeKind::Multiple(set) => set.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(" or "),
            };
            format!("expected {expected}, found {} {}", json_type(instance), short(instance))
        }
        ValidationErrorKind::Format { format } => format!("{} is not a valid `{format}`", short(instance)),
        ValidationErrorKind::Enum { options } => format!("{} is not one of {}", short(instance), short(options)),
        ValidationErrorKind::Constant { expected_value } => {
            format!("{} is not the required value {}", short(instance), short(expected_value))
        }
        ValidationErrorKind::Pattern { pattern } => {
            format!("{} does not match the pattern `{pattern}`", short(instance))
        }
        _ => error.to_string(),
    };
    out.push(at(pointer, false, truncate(message, 300)));
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn short(value: &Value) -> String {
    let rendered = match value {
        Value::Object(map) if map.len() > 3 => "{…}".to_owned(),
        Value::Array(items) if items.len() > 5 => "[…]".to_owned(),
        other => other.to_string(),
    };
    truncate(rendered, MAX_VALUE_CHARS)
}

fn truncate(mut text: String, max_chars: usize) -> String {
    if let Some((cut, _)) = text.char_indices().nth(max_chars) {
        text.truncate(cut);
        let _ = write!(text, "…");
    }
    text
}

/// The URI a schema is known by, so relative `$ref`s resolve next to it.
fn base_uri(root: &ArtifactRoot, key: &str) -> String {
    match root {
        ArtifactRoot::Catalog { .. } => format!("conform-catalog:///{key}"),
        ArtifactRoot::Directory(_) => {
            let path = std::path::absolute(key).unwrap_or_else(|_| key.into());
            format!("file://{}", path.to_string_lossy().replace('\\', "/"))
        }
    }
}

/// The root referenced files are read from: the catalog root, or the ad-hoc schema's folder.
fn root_of(root: &ArtifactRoot) -> ArtifactRoot {
    match root {
        ArtifactRoot::Catalog { source, .. } => ArtifactRoot::Catalog { source: source.clone(), dir: String::new() },
        ArtifactRoot::Directory(dir) => ArtifactRoot::Directory(dir.clone()),
    }
}

/// The largest file beside an ad-hoc schema searched for a declared `$id`.
const MAX_SIBLING_BYTES: u64 = 64 << 20;

/// The `$id`s (draft 4: `id`) that the JSON files in the folder of `schema` (a key of
/// `root`) declare, without fragment, each with the key of the file declaring it.
fn declared_ids(root: &ArtifactRoot, schema: &str) -> HashMap<String, String> {
    let folder = |key: &str| key.rsplit_once('/').map_or(String::new(), |(dir, _)| dir.to_owned());
    let dir = folder(schema);
    let siblings: Vec<String> = match root {
        ArtifactRoot::Catalog { source, .. } => {
            source.files().unwrap_or_default().into_iter().filter(|f| is_json(f) && folder(f) == dir).collect()
        }
        ArtifactRoot::Directory(_) => std::fs::read_dir(if dir.is_empty() { "." } else { dir.as_str() })
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    // Regular files of schema size only: a pipe or a device named `.json`
                    // would block the run, a data file of gigabytes would fill memory.
                    .filter(|p| std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.len() <= MAX_SIBLING_BYTES))
                    .map(|p| p.to_string_lossy().into_owned())
                    .filter(|p| is_json(p))
                    .collect()
            })
            .unwrap_or_default(),
    };
    let reader = match root {
        ArtifactRoot::Catalog { .. } => root_of(root),
        ArtifactRoot::Directory(_) => ArtifactRoot::Directory(std::path::PathBuf::new()),
    };
    let mut declared = HashMap::new();
    for key in siblings {
        let Ok(artifact) = reader.read(&key) else { continue };
        let (text, _) = conform_formats::text::strip_bom(&artifact.bytes);
        let Ok(value) = conform_formats::json::parse(text) else { continue };
        let id = value.get("$id").or_else(|| value.get("id")).and_then(Value::as_str);
        if let Some(id) = id.filter(|id| id.starts_with("http://") || id.starts_with("https://")) {
            declared.insert(id.split('#').next().unwrap_or(id).to_owned(), key);
        }
    }
    declared
}

/// Whether `path` names a `.json` file (any case).
fn is_json(path: &str) -> bool {
    std::path::Path::new(path).extension().is_some_and(|ext| ext.eq_ignore_ascii_case("json"))
}

/// Serves `$ref`s from the catalog (or the ad-hoc schema's folder); never from the network.
struct LocalRetriever {
    root: ArtifactRoot,
    /// Key of the schema whose folder is searched for declared `$id`s.
    schema: String,
    /// Remote URIs declared as the `$id` of a local file, with that file's key. Read on the
    /// first remote reference: a schema without one never reads the files beside it (an
    /// ad-hoc schema's folder may hold the data, gigabytes of it).
    declared: OnceLock<HashMap<String, String>>,
}

impl LocalRetriever {
    /// The local file declaring `uri` (without fragment) as its `$id`, for `http(s)` URIs.
    fn declaring(&self, scheme: &str, uri: &str) -> Option<&String> {
        if scheme != "http" && scheme != "https" {
            return None;
        }
        self.declared.get_or_init(|| declared_ids(&self.root, &self.schema)).get(uri)
    }
}

impl Retrieve for LocalRetriever {
    fn retrieve(&self, uri: &Uri<String>) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let path = uri.path().as_str();
        let without_fragment = uri.as_str().split('#').next().unwrap_or_default();
        let scheme = uri.scheme().as_str();
        let artifact = match (scheme, &self.root, self.declaring(scheme, without_fragment)) {
            (_, ArtifactRoot::Catalog { .. }, Some(key)) => self.root.read(key),
            (_, ArtifactRoot::Directory(_), Some(key)) => ArtifactRoot::Directory(std::path::PathBuf::new()).read(key),
            ("conform-catalog", ArtifactRoot::Catalog { .. }, None) => self.root.read(path.trim_start_matches('/')),
            ("file", ArtifactRoot::Directory(_), None) => ArtifactRoot::Directory(std::path::PathBuf::new()).read(path),
            _ => {
                return Err(format!(
                    "remote reference `{uri}` refused: conform never fetches schemas from the network"
                )
                .into());
            }
        }
        .map_err(|err| error_chain(&err))?;
        let (text, _) = conform_formats::text::strip_bom(&artifact.bytes);
        Ok(conform_formats::json::parse(text).map_err(|err| format!("{}: {}", artifact.display, err.message))?)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn check(schema: &Value, formats: bool, records: Option<&str>) -> JsonSchemaCheck {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("s.json"), schema.to_string()).unwrap();
        std::fs::write(dir.path().join("sub.json"), r#"{"type": "integer"}"#).unwrap();
        let root = ArtifactRoot::Directory(dir.path().to_owned());
        JsonSchemaCheck::compile(&root, "s.json", formats, records.map(str::to_owned)).unwrap()
    }

    fn findings(check: &JsonSchemaCheck, value: &Value, kind: DocumentKind) -> Vec<(String, bool, String)> {
        let mut out = Vec::new();
        check.check_value(value, kind, &mut out);
        let mut out: Vec<_> = out.into_iter().map(|f| (f.pointer, f.at_key, f.message)).collect();
        out.sort();
        out
    }

    #[test]
    fn reports_every_error_with_key_or_value_targets() {
        let schema = json!({
            "type": "object", "required": ["a", "b"], "additionalProperties": false,
            "properties": {"a": {"type": "string"}, "b": {"type": "integer", "minimum": 3}}
        });
        let got = findings(&check(&schema, true, None), &json!({"a": 1, "x/y": true}), DocumentKind::Record);
        assert_eq!(
            got,
            vec![
                (String::new(), true, "missing required property `b`".to_owned()),
                ("/a".to_owned(), false, "expected string, found integer 1".to_owned()),
                ("/x~1y".to_owned(), true, "property `x/y` is not allowed here".to_owned()),
            ]
        );
    }

    #[test]
    fn formats_are_asserted_unless_turned_off() {
        let schema = json!({"properties": {"d": {"format": "date"}, "id": {"format": "gb32100"}}});
        let value = json!({"d": "2026-02-30", "id": "91350100M000100Y44"});
        assert_eq!(findings(&check(&schema, true, None), &value, DocumentKind::Record).len(), 2);
        assert!(findings(&check(&schema, false, None), &value, DocumentKind::Record).is_empty());
    }

    #[test]
    fn record_arrays_inside_documents_are_validated_item_by_item() {
        let schema = json!({"type": "object", "required": ["n"]});
        let check = check(&schema, true, Some("/items"));
        let doc = json!({"items": [{"n": 1}, {}, {"n": 2}]});
        assert_eq!(findings(&check, &doc, DocumentKind::Document)[0].0, "/items/1");
        // An NDJSON line is always one record.
        assert_eq!(findings(&check, &json!({}), DocumentKind::Record)[0].0, "");
    }

    #[test]
    fn local_refs_resolve_next_to_the_schema_and_remote_ones_are_refused() {
        let schema = json!({"properties": {"n": {"$ref": "sub.json"}}});
        assert_eq!(findings(&check(&schema, true, None), &json!({"n": "x"}), DocumentKind::Record).len(), 1);

        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("s.json"), r#"{"$ref": "https://example.org/s.json"}"#).unwrap();
        let root = ArtifactRoot::Directory(dir.path().to_owned());
        let err = JsonSchemaCheck::compile(&root, "s.json", true, None).err().unwrap();
        assert!(err.to_string().contains("never fetches"), "{err}");
    }

    #[test]
    fn a_false_subschema_reports_the_member_at_its_key() {
        let schema = json!({"properties": {"old": false, "a/b": false}});
        let got = findings(&check(&schema, true, None), &json!({"old": 1, "a/b": 2, "new": 3}), DocumentKind::Record);
        assert_eq!(
            got,
            vec![
                ("/a~1b".to_owned(), true, "property `a/b` is not allowed here".to_owned()),
                ("/old".to_owned(), true, "property `old` is not allowed here".to_owned()),
            ]
        );
    }

    #[test]
    fn a_remote_id_declared_by_a_sibling_file_resolves_to_that_file() {
        let dir = tempfile::tempdir().unwrap();
        let main = json!({"$schema": "http://json-schema.org/draft-04/schema#",
            "id": "https://example.org/v1/main.json#", "properties": {"n": {"$ref": "sub.json"}}});
        let sub = json!({"$schema": "http://json-schema.org/draft-04/schema#",
            "id": "https://example.org/v1/sub.json#", "type": "integer"});
        std::fs::write(dir.path().join("main.json"), main.to_string()).unwrap();
        std::fs::write(dir.path().join("sub.json"), sub.to_string()).unwrap();
        let root = ArtifactRoot::Directory(dir.path().to_owned());
        let check = JsonSchemaCheck::compile(&root, "main.json", true, None).unwrap();
        assert_eq!(findings(&check, &json!({"n": "x"}), DocumentKind::Record).len(), 1);
        assert!(findings(&check, &json!({"n": 3}), DocumentKind::Record).is_empty());
        // An id no local file declares is still never fetched.
        std::fs::remove_file(dir.path().join("sub.json")).unwrap();
        let err = JsonSchemaCheck::compile(&root, "main.json", true, None).err().unwrap();
        assert!(err.to_string().contains("never fetches"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn a_pipe_beside_the_schema_is_never_read() {
        let dir = tempfile::tempdir().unwrap();
        let pipe = dir.path().join("pipe.json");
        assert!(std::process::Command::new("mkfifo").arg(&pipe).status().unwrap().success());
        // A remote reference makes the folder's files be searched for its `$id`: the pipe
        // (which would block a reader forever) is passed over, and the reference refused.
        std::fs::write(dir.path().join("s.json"), r#"{"$ref": "https://example.org/other.json"}"#).unwrap();
        let root = ArtifactRoot::Directory(dir.path().to_owned());
        let err = JsonSchemaCheck::compile(&root, "s.json", true, None).err().unwrap();
        assert!(err.to_string().contains("never fetches"), "{err}");
    }

    #[test]
    fn long_values_are_shortened_in_messages() {
        let schema = json!({"type": "integer"});
        let long = "x".repeat(500);
        let got = findings(&check(&schema, true, None), &json!(long), DocumentKind::Record);
        assert!(got[0].2.chars().count() < 120, "{}", got[0].2);
    }
}
