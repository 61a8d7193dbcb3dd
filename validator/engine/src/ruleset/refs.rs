//! `$ref`s to files inside a ruleset's `functionOptions` (a `schema` function's
//! `schema: {$ref: ./schemas/HAL.yaml}`), resolved as Spectral resolves them when it reads the
//! ruleset: relative to the ruleset's file, and replaced by the file's content (at its `#`
//! fragment). The content keeps its own `$id` (or gets its file's URI as one), so its internal
//! `#/definitions/...` references still point inside it. Remote references are refused.

use std::path::Path;

use conform_formats::yaml::{self, YamlLimits};
use serde_json::Value;

/// How deep files may reference files.
const MAX_DEPTH: usize = 16;

/// Replaces every `{"$ref": "file[#fragment]"}` in `value` by the file's content; `base` is
/// the folder relative references are read from.
pub(super) fn inline_file_refs(value: &mut Value, base: Option<&Path>, depth: usize) -> Result<(), String> {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref")
                && !reference.starts_with('#')
            {
                let reference = reference.clone();
                *value = load(&reference, base, depth)?;
                return Ok(());
            }
            for child in map.values_mut() {
                inline_file_refs(child, base, depth)?;
            }
        }
        Value::Array(items) => {
            for child in items {
                inline_file_refs(child, base, depth)?;
            }
        }
        _ => {}
    }
    Ok(())
}

fn load(reference: &str, base: Option<&Path>, depth: usize) -> Result<Value, String> {
    if reference.contains("://") {
        return Err(format!("`$ref: {reference}` is remote; conform never downloads (use a file next to the ruleset)"));
    }
    if depth >= MAX_DEPTH {
        return Err(format!("`$ref: {reference}`: files reference files too deeply"));
    }
    let Some(base) = base else {
        return Err(format!("`$ref: {reference}` needs the ruleset's folder (a ruleset given as text has none)"));
    };
    let (file, fragment) = reference.split_once('#').unwrap_or((reference, ""));
    let path = base.join(file);
    let text =
        std::fs::read(&path).map_err(|e| format!("`$ref: {reference}`: cannot read `{}`: {e}", path.display()))?;
    let (body, _) = conform_formats::text::strip_bom(&text);
    let doc = yaml::parse(body, YamlLimits::default()).map_err(|e| format!("`{}`: {}", path.display(), e.message))?;
    let mut content = doc.value;
    if let Value::Object(map) = &mut content
        && !map.contains_key("$id")
    {
        let absolute = path.canonicalize().unwrap_or_else(|_| path.clone());
        map.insert("$id".to_owned(), Value::String(format!("file://{}", absolute.display())));
    }
    let folder = path.parent().map(Path::to_path_buf);
    inline_file_refs(&mut content, folder.as_deref(), depth + 1)?;
    if fragment.is_empty() {
        return Ok(content);
    }
    content
        .pointer(fragment)
        .cloned()
        .ok_or_else(|| format!("`$ref: {reference}`: `{fragment}` is not in `{}`", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn file_refs_are_inlined_with_their_id() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("hal.yaml"),
            "type: object\nproperties:\n  a: {$ref: '#/definitions/a'}\ndefinitions:\n  a: {type: string}\n",
        )
        .unwrap();
        let mut options = json!({"schema": {"$ref": "./hal.yaml"}, "x": {"$ref": "#/local"}});
        inline_file_refs(&mut options, Some(dir.path()), 0).unwrap();
        assert_eq!(options["schema"]["type"], "object");
        assert!(options["schema"]["$id"].as_str().unwrap().starts_with("file://"));
        assert_eq!(options["x"], json!({"$ref": "#/local"}));
        let mut missing = json!({"$ref": "./nope.yaml"});
        assert!(inline_file_refs(&mut missing, Some(dir.path()), 0).unwrap_err().contains("cannot read"));
        let mut remote = json!({"$ref": "https://example.org/s.json"});
        assert!(inline_file_refs(&mut remote, Some(dir.path()), 0).unwrap_err().contains("remote"));
    }
}
