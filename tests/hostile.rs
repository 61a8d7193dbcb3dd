//! Hostile inputs: every one gives a `syntax` diagnostic (or a clean pass) and exit code 1
//! or 0, never a panic (exit 101), a hang or runaway memory.

use std::io::Write;

use assert_cmd::Command;
use serde_json::Value;

fn check(file: &str) -> (i32, Value) {
    let output = Command::cargo_bin("conform")
        .unwrap()
        .current_dir(conform_testing::workspace_root())
        .args(["check", "--standard", "person", "--format", "json", file])
        .output()
        .unwrap();
    let report = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|err| panic!("{file}: {err}; stderr: {}", String::from_utf8_lossy(&output.stderr)));
    (output.status.code().unwrap(), report)
}

fn first(report: &Value) -> (&str, u64, u64, &str) {
    let d = &report["diagnostics"][0];
    (
        d["rule"].as_str().unwrap(),
        d["line"].as_u64().unwrap(),
        d["column"].as_u64().unwrap(),
        d["message"].as_str().unwrap(),
    )
}

#[test]
fn empty_input_is_a_syntax_error() {
    let (code, report) = check("fixtures/hostile/empty.json");
    assert_eq!(code, 1);
    let (rule, line, column, message) = first(&report);
    assert_eq!((rule, line, column), ("syntax", 1, 1));
    assert!(message.contains("empty input"), "{message}");
}

#[test]
fn blank_ndjson_has_no_records_and_is_a_finding_not_a_pass() {
    // An export with no record checked nothing: a failed upstream step must not pass.
    let (code, report) = check("fixtures/hostile/blank.ndjson");
    assert_eq!(code, 1, "{report}");
    let (rule, line, column, message) = first(&report);
    assert_eq!((rule, line, column), ("syntax", 1, 1));
    assert!(message.contains("the input is empty"), "{message}");
}

#[test]
fn a_bom_is_accepted_and_not_counted_as_a_column() {
    let (code, report) = check("fixtures/hostile/bom.json");
    assert_eq!(code, 0, "{report}");
    let (code, report) = check("fixtures/hostile/bom-crlf.ndjson");
    assert_eq!(code, 1);
    let d = &report["diagnostics"];
    assert_eq!(
        (d[0]["rule"].as_str(), d[0]["line"].as_u64(), d[0]["column"].as_u64()),
        (Some("PERSON-001"), Some(1), Some(1))
    );
    // The second record (after a CRLF) is valid: every finding is on line 1.
    assert!(d.as_array().unwrap().iter().all(|d| d["line"] == 1), "{report}");
}

#[test]
fn invalid_utf8_is_located_at_the_bad_byte() {
    let (code, report) = check("fixtures/hostile/invalid-utf8.ndjson");
    assert_eq!(code, 1);
    let (rule, line, column, message) = first(&report);
    assert_eq!((rule, line, column), ("syntax", 1, 45));
    assert!(message.contains("0xFF"), "{message}");
}

#[test]
fn truncated_json_points_at_the_end() {
    let (code, report) = check("fixtures/hostile/truncated.json");
    assert_eq!(code, 1);
    let (rule, line, column, message) = first(&report);
    assert_eq!((rule, line, column), ("syntax", 1, 68));
    assert!(message.contains("truncated"), "{message}");
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    let dir = tempfile::tempdir().unwrap();
    for (name, open) in [("deep.json", "["), ("deep.ndjson", "{\"a\":")] {
        let path = dir.path().join(name);
        std::fs::write(&path, open.repeat(100_000)).unwrap();
        let (code, report) = check(path.to_str().unwrap());
        assert_eq!(code, 1);
        let (rule, _, _, message) = first(&report);
        assert_eq!(rule, "syntax");
        assert!(message.contains("deeper than 128 levels"), "{message}");
    }
}

#[test]
fn a_50_mb_single_line_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long-line.ndjson");
    let mut file = std::fs::File::create(&path).unwrap();
    write!(file, "{{\"id\": \"110105198001010016\", \"givenName\": \"").unwrap();
    let chunk = "a".repeat(1024 * 1024);
    for _ in 0..50 {
        file.write_all(chunk.as_bytes()).unwrap();
    }
    writeln!(file, "\", \"familyName\": \"Z\", \"birthDate\": \"1980-01-01\", \"sex\": \"1\"}}").unwrap();
    drop(file);
    let (code, report) = check(path.to_str().unwrap());
    assert_eq!(code, 1);
    let rules: Vec<_> = report["diagnostics"].as_array().unwrap().iter().map(|d| d["rule"].as_str().unwrap()).collect();
    // maxLength of givenName is violated; e-mail is missing (a warning).
    assert!(rules.contains(&"PERSON-001"), "{rules:?}");
}

/// A schema or description whose `$defs` form a `$ref` chain of `n` hops ending in a
/// recursive object schema.
fn ref_chain(n: usize, prefix: &str) -> serde_json::Map<String, Value> {
    let mut defs = serde_json::Map::new();
    for i in 0..n {
        defs.insert(format!("d{i}"), serde_json::json!({ "$ref": format!("{prefix}d{}", i + 1) }));
    }
    let last = serde_json::json!({ "type": "object", "properties": { "next": { "$ref": format!("{prefix}d0") } } });
    defs.insert(format!("d{n}"), last);
    defs
}

fn run(dir: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let output = Command::cargo_bin("conform").unwrap().current_dir(dir).args(args).output().unwrap();
    let text = |bytes: Vec<u8>| String::from_utf8_lossy(&bytes).into_owned();
    (output.status.code().unwrap_or(-1), text(output.stdout), text(output.stderr))
}

#[test]
fn a_long_ref_chain_is_refused_without_overflowing_the_stack() {
    let dir = tempfile::tempdir().unwrap();
    let schema = serde_json::json!({ "$ref": "#/$defs/d0", "$defs": ref_chain(100_000, "#/$defs/") });
    std::fs::write(dir.path().join("chain.schema.json"), schema.to_string()).unwrap();
    std::fs::write(dir.path().join("a.ndjson"), "{\"next\": {}}\n".repeat(8)).unwrap();
    let (code, _, stderr) = run(dir.path(), &["check", "--no-config", "--schema", "chain.schema.json", "a.ndjson"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("a chain of more than 256 `$ref`s"), "{stderr}");
    // Within the limit, a deep instance through the chain at every level is validated.
    let schema = serde_json::json!({ "$ref": "#/$defs/d0", "$defs": ref_chain(250, "#/$defs/") });
    std::fs::write(dir.path().join("chain.schema.json"), schema.to_string()).unwrap();
    let deep = format!("{}{}\n", "{\"next\": ".repeat(120), "1".to_owned() + &"}".repeat(120));
    std::fs::write(dir.path().join("a.ndjson"), deep.repeat(4)).unwrap();
    let (code, stdout, stderr) =
        run(dir.path(), &["check", "--no-config", "--schema", "chain.schema.json", "--format", "json", "a.ndjson"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.contains("expected object, found integer 1"), "{stdout}");
}

#[test]
fn a_long_ref_chain_behind_an_openapi_example_is_a_finding() {
    let dir = tempfile::tempdir().unwrap();
    let media = serde_json::json!({ "schema": { "$ref": "#/components/schemas/d0" }, "example": { "next": {} } });
    let doc = serde_json::json!({
        "openapi": "3.1.0",
        "info": { "title": "t", "version": "1" },
        "paths": { "/a": { "get": { "responses": { "200": {
            "description": "ok", "content": { "application/json": media } } } } } },
        "components": { "schemas": ref_chain(1_000, "#/components/schemas/") },
    });
    std::fs::write(dir.path().join("api.json"), doc.to_string()).unwrap();
    std::fs::write(dir.path().join("ruleset.yaml"), "extends: [\"spectral:oas\"]\n").unwrap();
    let args = ["check", "--no-config", "--ruleset", "ruleset.yaml", "--format", "json", "api.json"];
    let (code, stdout, stderr) = run(dir.path(), &args);
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.contains("oas3-valid-media-example") && stdout.contains("a chain of more than 256"), "{stdout}");
}
