//! The "Fields" and "Code lists" sections of a data standard's reference page, generated
//! from the schemas its requirements check with: one table per JSON Schema (every member,
//! nested members as JSON pointers with `*` for any array item or map member, following
//! `$ref`s inside the catalog) and per Table Schema (every column), then the code lists those schemas name
//! (`codelist:ID@VERSION` formats and foreign keys, `conform:codelistOn` lists). W3C XML
//! Schemas are read by [`super::xsd_fields`].

use std::collections::BTreeSet;
use std::fmt::Write;

use serde_json::Value;

use super::cell;
use crate::{CatalogSource, Standard};

/// Deepest nesting of members (and `$ref` hops) shown.
const MAX_DEPTH: usize = 8;
/// Most enumerated values listed in a cell; longer enumerations are counted.
const MAX_ENUM: usize = 12;
/// Rows of one schema's table: a large exchange schema (UN/CEFACT CII) unfolds into
/// hundreds of thousands of element paths, which no reader of a reference page wants.
const MAX_ROWS: usize = 300;
/// Most codes of a code list printed on the page; longer lists are linked and counted.
const MAX_CODES: usize = 12;

/// One row of a field table.
pub(super) struct Row {
    /// JSON pointer, column name or XML path.
    pub(super) field: String,
    /// Type (and format).
    pub(super) kind: String,
    /// Whether the field must be present.
    pub(super) required: bool,
    /// Constraints, each a short phrase.
    pub(super) rules: Vec<String>,
    /// The schema's description of the field.
    pub(super) description: String,
}

/// Appends the fields of every schema the requirements of `s` check with, and the code
/// lists they name. Writes nothing for a standard without such schemas.
pub(super) fn write(out: &mut String, source: &CatalogSource, s: &Standard) {
    let mut schemas: Vec<&str> = Vec::new();
    for r in &s.requirements {
        if matches!(r.check.engine.as_str(), "json-schema" | "table-schema" | "xsd")
            && let Some(schema) = r.check.params.get("schema").and_then(toml::Value::as_str)
            && !schemas.contains(&schema)
        {
            schemas.push(schema);
        }
    }
    let mut lists = BTreeSet::new();
    let mut sections = String::new();
    for schema in schemas {
        if std::path::Path::new(schema).extension().is_some_and(|e| e.eq_ignore_ascii_case("xsd")) {
            table(&mut sections, schema, "", super::xsd_fields::rows(source, &s.dir, schema));
            continue;
        }
        let Some((key, value)) = load(source, &s.dir, schema) else { continue };
        collect_lists(&value, &mut lists);
        let rows = if let Some(fields) = value.get("fields").and_then(Value::as_array) {
            table_schema_rows(fields, &value)
        } else {
            let mut rows = Vec::new();
            let mut loader = Loader { source, seen: Vec::new(), lists: &mut lists };
            loader.object(&key, &value, &value, "", 0, &mut rows);
            rows
        };
        let title = value.get("title").and_then(Value::as_str).map(|t| format!(" — {}", cell(t))).unwrap_or_default();
        table(&mut sections, schema, &title, rows);
    }
    if !sections.is_empty() {
        out.push_str("\n## Fields\n\nGenerated from the schemas the requirements check with.\n");
        out.push_str(&sections);
    }
    code_lists(out, source, &lists);
}

/// Appends the table of one schema's fields (nothing for a schema without fields).
fn table(out: &mut String, schema: &str, title: &str, rows: Vec<Row>) {
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n### `{schema}`{title}\n");
    out.push_str("| Field | Type | Required | Rules | Description |\n|---|---|---|---|---|\n");
    let more = rows.len().saturating_sub(MAX_ROWS);
    for row in rows.into_iter().take(MAX_ROWS) {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} |",
            row.field,
            cell(&row.kind),
            if row.required { "yes" } else { "" },
            cell(&row.rules.join("; ")),
            cell(&row.description)
        );
    }
    if more > 0 {
        let _ = writeln!(out, "\n{more} more fields are not listed here: the schema `{schema}` has them all.");
    }
}

/// Reads a JSON artifact `reference` relative to `dir`: its catalog key and value.
fn load(source: &CatalogSource, dir: &str, reference: &str) -> Option<(String, Value)> {
    let key = CatalogSource::join(dir, reference).ok()?;
    let bytes = source.read(&key).ok()?;
    let text = std::str::from_utf8(&bytes).ok()?;
    let value = serde_json::from_str(text.trim_start_matches('\u{feff}')).ok()?;
    Some((key, value))
}

/// Walks JSON Schemas, loading the files their `$ref`s name.
struct Loader<'a> {
    source: &'a CatalogSource,
    /// `$ref` targets on the current path (a recursive schema is shown once).
    seen: Vec<String>,
    lists: &'a mut BTreeSet<String>,
}

impl Loader<'_> {
    /// Follows `$ref`s from `schema` (in the file `key`, whose root is `root`) to the schema
    /// they name: the file key and root it lives in, and the schema.
    fn resolve(&mut self, key: &str, root: &Value, schema: &Value) -> Option<(String, Value, Value)> {
        let mut current = (key.to_owned(), root.clone(), schema.clone());
        for _ in 0..MAX_DEPTH {
            let Some(reference) = current.2.get("$ref").and_then(Value::as_str) else { return Some(current) };
            let (file, fragment) = reference.split_once('#').unwrap_or((reference, ""));
            let (file_key, file_root) = if file.is_empty() {
                (current.0.clone(), current.1.clone())
            } else {
                let dir = current.0.rsplit_once('/').map_or("", |(d, _)| d);
                let (k, v) = load(self.source, dir, file)?;
                collect_lists(&v, self.lists);
                (k, v)
            };
            let target = if fragment.is_empty() { file_root.clone() } else { file_root.pointer(fragment)?.clone() };
            current = (file_key, file_root, target);
        }
        None
    }

    /// Appends a row for every member of the object schema `schema` (under `prefix`).
    fn object(&mut self, key: &str, root: &Value, schema: &Value, prefix: &str, depth: usize, rows: &mut Vec<Row>) {
        if depth > MAX_DEPTH {
            return;
        }
        let Some((key, root, schema)) = self.resolve(key, root, schema) else { return };
        let Some(properties) = schema.get("properties").and_then(Value::as_object) else { return };
        let required: BTreeSet<&str> =
            schema.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
        for (name, member) in properties {
            let field = format!("{prefix}/{}", name.replace('~', "~0").replace('/', "~1"));
            let reference = member.get("$ref").and_then(Value::as_str).map(|r| format!("{key}#{r}"));
            if reference.as_ref().is_some_and(|r| self.seen.contains(r)) {
                rows.push(Row {
                    field,
                    kind: "object (recursive)".to_owned(),
                    required: required.contains(name.as_str()),
                    rules: Vec::new(),
                    description: String::new(),
                });
                continue;
            }
            let Some((member_key, member_root, resolved)) = self.resolve(&key, &root, member) else { continue };
            let own = describe(member).or_else(|| describe(&resolved)).unwrap_or_default();
            rows.push(Row {
                field: field.clone(),
                kind: kind(&resolved),
                required: required.contains(name.as_str()),
                rules: rules(&resolved),
                description: own,
            });
            if let Some(r) = &reference {
                self.seen.push(r.clone());
            }
            self.nested(&member_key, &member_root, &resolved, &field, depth + 1, rows);
            if reference.is_some() {
                self.seen.pop();
            }
        }
    }

    /// The members of an object value, or of the objects an array holds (`field/*/...`).
    fn nested(&mut self, key: &str, root: &Value, schema: &Value, field: &str, depth: usize, rows: &mut Vec<Row>) {
        if schema.get("properties").is_some() {
            self.object(key, root, schema, field, depth, rows);
        }
        for alternative in ["anyOf", "oneOf"] {
            for option in schema.get(alternative).and_then(Value::as_array).into_iter().flatten() {
                if let Some((k, r, s)) = self.resolve(key, root, option) {
                    self.nested(&k, &r, &s, field, depth, rows);
                }
            }
        }
        // Array items, and the values of a map (`"additionalProperties": {schema}`).
        for values in ["items", "additionalProperties"] {
            if let Some(inner) = schema.get(values).filter(|v| v.is_object())
                && let Some((k, r, s)) = self.resolve(key, root, inner)
            {
                self.nested(&k, &r, &s, &format!("{field}/*"), depth, rows);
            }
        }
    }
}

/// The schema's `description`, else its `title`.
fn describe(schema: &Value) -> Option<String> {
    schema.get("description").or_else(|| schema.get("title")).and_then(Value::as_str).map(str::to_owned)
}

/// The type of a value: `type` (with its `format`), an enumeration or constant, or the
/// alternatives of `anyOf`/`oneOf`.
fn kind(schema: &Value) -> String {
    let mut kinds: Vec<String> = match schema.get("type") {
        Some(Value::String(t)) => vec![t.clone()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
        _ => Vec::new(),
    };
    if kinds.is_empty() {
        if schema.get("enum").is_some() || schema.get("const").is_some() {
            kinds.push("code".to_owned());
        } else if schema.get("properties").is_some() {
            kinds.push("object".to_owned());
        }
    }
    if kinds.is_empty() {
        for alternative in ["anyOf", "oneOf"] {
            for option in schema.get(alternative).and_then(Value::as_array).into_iter().flatten() {
                let k = kind(option);
                if !k.is_empty() && !kinds.contains(&k) {
                    kinds.push(k);
                }
            }
        }
    }
    if kinds.as_slice() == ["array"]
        && let Some(items) = schema.get("items")
    {
        let item = kind(items);
        if !item.is_empty() {
            return format!("array of {item}");
        }
    }
    let mut text = kinds.join(" or ");
    if let Some(format) = schema.get("format").and_then(Value::as_str) {
        let _ = write!(text, " (`{format}`)");
    }
    text.trim().to_owned()
}

/// The constraints of a value, each as a short phrase.
fn rules(schema: &Value) -> Vec<String> {
    let mut rules = Vec::new();
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        rules.push(enumeration(values));
    }
    if let Some(value) = schema.get("const") {
        rules.push(format!("= `{value}`"));
    }
    if let Some(items) = schema.get("items").and_then(|i| i.get("enum")).and_then(Value::as_array) {
        rules.push(format!("items {}", enumeration(items)));
    }
    for (keyword, phrase) in [
        ("pattern", "pattern"),
        ("minLength", "min length"),
        ("maxLength", "max length"),
        ("minimum", "minimum"),
        ("maximum", "maximum"),
        ("exclusiveMinimum", "more than"),
        ("exclusiveMaximum", "less than"),
        ("minItems", "min items"),
        ("maxItems", "max items"),
    ] {
        match schema.get(keyword) {
            Some(Value::String(s)) => rules.push(format!("{phrase} `{s}`")),
            Some(Value::Number(n)) => rules.push(format!("{phrase} {n}")),
            _ => {}
        }
    }
    if schema.get("uniqueItems") == Some(&Value::Bool(true)) {
        rules.push("unique items".to_owned());
    }
    if schema.get("deprecated") == Some(&Value::Bool(true)) {
        rules.push("deprecated".to_owned());
    }
    rules
}

/// `one of a, b, c`, or `one of N values` for a long enumeration.
fn enumeration(values: &[Value]) -> String {
    if values.len() > MAX_ENUM {
        return format!("one of {} values", values.len());
    }
    let shown: Vec<String> =
        values.iter().map(|v| v.as_str().map_or_else(|| format!("`{v}`"), |s| format!("`{s}`"))).collect();
    format!("one of {}", shown.join(", "))
}

/// The rows of a Table Schema's `fields`, with the code list of each foreign key.
fn table_schema_rows(fields: &[Value], schema: &Value) -> Vec<Row> {
    let mut rows = Vec::new();
    for field in fields {
        let Some(name) = field.get("name").and_then(Value::as_str) else { continue };
        let constraints = field.get("constraints").cloned().unwrap_or(Value::Null);
        let mut kind = field.get("type").and_then(Value::as_str).unwrap_or("string").to_owned();
        if let Some(format) = field.get("format").and_then(Value::as_str).filter(|f| *f != "default") {
            let _ = write!(kind, " (`{format}`)");
        }
        let mut rules = rules(&constraints);
        for key in schema.get("foreignKeys").and_then(Value::as_array).into_iter().flatten() {
            let names = match key.get("fields") {
                Some(Value::String(f)) => vec![f.as_str()],
                Some(Value::Array(fs)) => fs.iter().filter_map(Value::as_str).collect(),
                _ => Vec::new(),
            };
            let resource = key.get("reference").and_then(|r| r.get("resource")).and_then(Value::as_str);
            if names.contains(&name)
                && let Some(resource) = resource
            {
                rules.push(format!("in `{resource}`"));
            }
        }
        rows.push(Row {
            field: name.to_owned(),
            kind,
            required: constraints.get("required") == Some(&Value::Bool(true)),
            rules,
            description: describe(field).unwrap_or_default(),
        });
    }
    rows
}

/// Collects the code lists a schema names: `codelist:ID@VERSION` strings anywhere (formats,
/// foreign-key resources) and the `list` of `conform:codelistOn` rules.
fn collect_lists(value: &Value, lists: &mut BTreeSet<String>) {
    match value {
        Value::String(s) => {
            if let Some(list) = s.strip_prefix("codelist:") {
                lists.insert(list.to_owned());
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_lists(v, lists)),
        Value::Object(map) => {
            for (key, member) in map {
                if key == "conform:codelistOn" {
                    for rule in member.as_array().into_iter().flatten() {
                        if let Some(list) = rule.get("list").and_then(Value::as_str) {
                            lists.insert(list.to_owned());
                        }
                    }
                }
                collect_lists(member, lists);
            }
        }
        _ => {}
    }
}

/// The "Code lists" section: each list with its number of codes, and its codes when short.
fn code_lists(out: &mut String, source: &CatalogSource, lists: &BTreeSet<String>) {
    if lists.is_empty() {
        return;
    }
    out.push_str("\n## Code lists\n\n| List | Version | Codes | Values |\n|---|---|---|---|\n");
    for list in lists {
        let (id, version) = list.split_once('@').unwrap_or((list, ""));
        let file = format!("codelists/{id}/{version}.csv");
        let Ok(bytes) = source.read(&file) else {
            let _ = writeln!(out, "| `{id}` | {version} | | (not in the catalog) |");
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        let mut codes: Vec<(String, String)> = Vec::new();
        for line in text.lines().skip(1).filter(|l| !l.trim().is_empty()) {
            let mut columns = line.splitn(3, ',');
            let code = columns.next().unwrap_or_default().to_owned();
            let label = columns.next().unwrap_or_default().trim_matches('"').to_owned();
            if !codes.iter().any(|(c, _)| *c == code) {
                codes.push((code, label));
            }
        }
        let values = if codes.len() <= MAX_CODES {
            codes.iter().map(|(c, l)| format!("`{c}` {l}")).collect::<Vec<_>>().join(", ")
        } else {
            format!("see `standards/{file}`")
        };
        let _ = writeln!(out, "| `{id}` | {version} | {} | {} |", codes.len(), cell(&values));
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn kinds_and_rules_read_like_the_schema() {
        let schema = json!({"type": "array", "items": {"type": "string", "format": "uri"}, "minItems": 1});
        assert_eq!(kind(&schema), "array of string (`uri`)");
        assert_eq!(rules(&schema), vec!["min items 1".to_owned()]);
        let either = json!({"anyOf": [{"type": "string"}, {"type": "null"}]});
        assert_eq!(kind(&either), "string or null");
        let long: Vec<Value> = (0..20).map(|i| json!(i)).collect();
        assert_eq!(enumeration(&long), "one of 20 values");
    }

    #[test]
    fn refs_to_sibling_files_are_followed_and_recursion_is_shown_once() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../standards");
        let source = CatalogSource::Directory(root);
        let (key, value) = load(&source, "data/open-data-catalog/1.1.0", "schema/catalog.json").unwrap();
        let mut lists = BTreeSet::new();
        let mut rows = Vec::new();
        Loader { source: &source, seen: Vec::new(), lists: &mut lists }.object(&key, &value, &value, "", 0, &mut rows);
        let find = |field: &str| rows.iter().find(|r| r.field == field).unwrap_or_else(|| panic!("{field}"));
        assert!(find("/dataset/*/contactPoint/fn").required, "vcard.json is followed");
        assert_eq!(find("/dataset/*/publisher/subOrganizationOf/subOrganizationOf").kind, "object (recursive)");
        assert_eq!(find("/dataset/*/distribution").kind, "array or null");
    }

    #[test]
    fn table_schema_foreign_keys_name_their_code_list() {
        let schema = json!({"fields": [{"name": "currency", "type": "string", "constraints": {"required": true}}],
            "foreignKeys": [{"fields": "currency", "reference": {"resource": "codelist:iso-4217@2026-12", "fields": "code"}}]});
        let rows = table_schema_rows(schema["fields"].as_array().unwrap(), &schema);
        assert!(rows[0].required);
        assert_eq!(rows[0].rules, vec!["in `codelist:iso-4217@2026-12`".to_owned()]);
        let mut lists = BTreeSet::new();
        collect_lists(&schema, &mut lists);
        assert_eq!(lists.into_iter().collect::<Vec<_>>(), vec!["iso-4217@2026-12".to_owned()]);
    }
}
