//! `catalog/json` and `catalog/meta-schema`: JSON artifacts parse, and JSON Schemas are valid
//! against the meta-schema of the draft they declare (2020-12 when they declare none).

use std::collections::HashSet;

use conform_catalog::Catalog;
use conform_catalog::lint::LintSink;
use conform_diagnostics::{Finding, LineIndex, Locator, Span};
use conform_formats::SpanIndex;
use serde_json::Value;

/// `$schema` URIs of the drafts whose meta-schemas are bundled (never fetched).
const KNOWN_DRAFTS: &[&str] = &[
    "https://json-schema.org/draft/2020-12/schema",
    "https://json-schema.org/draft/2019-09/schema",
    "http://json-schema.org/draft-07/schema",
    "http://json-schema.org/draft-06/schema",
    "http://json-schema.org/draft-04/schema",
];

/// Lints every JSON file of the catalog; returns the files with problems (as displayed), so
/// compile errors about them are not reported twice.
pub(super) fn lint(catalog: &Catalog, sink: &mut LintSink) -> HashSet<String> {
    let mut broken = HashSet::new();
    let Ok(files) = catalog.source.files() else { return broken };
    for rel in files.iter().filter(|f| f.to_ascii_lowercase().ends_with(".json")) {
        let Ok(bytes) = catalog.source.read(rel) else { continue };
        let (text, bom) = conform_formats::text::strip_bom(&bytes);
        let file = catalog.source.display(rel);
        let shown = String::from_utf8_lossy(&bytes).into_owned();
        let before = sink.diagnostics.len();
        match conform_formats::json::parse(text) {
            Err(err) => sink.add("catalog/json", &file, &shown, err.span.shifted(bom), err.message),
            Ok(value) if is_json_schema(rel, &value) => meta_schema(&file, &shown, text, bom, &value, sink),
            Ok(_) => {}
        }
        if sink.diagnostics.len() > before {
            broken.insert(file);
        }
    }
    broken
}

/// Whether a JSON artifact is a JSON Schema: it declares a known draft, or is named
/// `*.schema.json` and declares no other `$schema`.
fn is_json_schema(rel: &str, value: &Value) -> bool {
    match value.get("$schema").and_then(Value::as_str) {
        Some(uri) => KNOWN_DRAFTS.contains(&uri.trim_end_matches('#')),
        None => rel.ends_with(".schema.json") && (value.is_object() || value.is_boolean()),
    }
}

fn meta_schema(file: &str, shown: &str, text: &[u8], bom: usize, value: &Value, sink: &mut LintSink) {
    let Ok(validator) = jsonschema::meta::validator_for(value) else { return };
    let errors: Vec<(String, String)> =
        validator.iter_errors(value).map(|e| (e.instance_path().as_str().to_owned(), e.to_string())).collect();
    if errors.is_empty() {
        return;
    }
    let spans = SpanIndex::from_json(text);
    let lines = LineIndex::for_window(text, 1, bom);
    for (pointer, message) in errors {
        let span = spans.get(&pointer).or_else(|| spans.nearest(&pointer)).map_or(Span::empty(0), |n| n.value);
        let span = span.shifted(bom);
        let mut finding = Finding::new(span, Locator::Pointer(pointer), format!("not a valid JSON Schema: {message}"));
        finding.location = Some(lines.location(text, span));
        sink.push("catalog/meta-schema", file, shown, finding);
    }
}
