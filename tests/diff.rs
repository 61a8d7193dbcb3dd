//! End-to-end tests of `conform diff OLD NEW`: oasdiff's check ids and levels as findings in
//! every report format, `--fail-on`, `git:REV:path`, and the fail-closed contract.

use std::fmt::Write;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

const OLD: &str = r##"openapi: 3.0.3
info:
  title: Pets
  version: 1.0.0
paths:
  /pets:
    get:
      parameters:
        - name: limit
          in: query
          schema:
            type: integer
            maximum: 100
      responses:
        "200":
          description: pets
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Pet"
  /owners:
    get:
      responses:
        "200":
          description: owners
components:
  schemas:
    Pet:
      type: object
      required: [id, name]
      properties:
        id:
          type: integer
        name:
          type: string
        kind:
          type: string
          enum: [cat, dog]
"##;

/// `OLD` with breaking changes: a path removed, a parameter became required, a required
/// response property removed.
const BREAKING: &str = r##"openapi: 3.0.3
info:
  title: Pets
  version: 1.0.0
paths:
  /pets:
    get:
      parameters:
        - name: limit
          in: query
          required: true
          schema:
            type: integer
            maximum: 100
      responses:
        "200":
          description: pets
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Pet"
components:
  schemas:
    Pet:
      type: object
      required: [id]
      properties:
        id:
          type: integer
        kind:
          type: string
          enum: [cat, dog]
"##;

fn conform(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("conform").expect("the binary is built");
    cmd.current_dir(dir).env_remove("NO_COLOR").env("CI", "");
    cmd
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

fn json(dir: &Path, args: &[&str]) -> (i32, Value, String) {
    let output = conform(dir).arg("diff").args(args).args(["--format", "json"]).output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    let report = serde_json::from_str(&stdout).unwrap_or(Value::Null);
    (output.status.code().unwrap(), report, stderr)
}

fn findings(report: &Value) -> Vec<(String, String, u64, u64, String)> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_owned(),
                d["severity"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0),
                d["file"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn breaking_changes_are_errors_located_in_the_version_that_has_them() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "old.yaml", OLD);
    write(dir.path(), "new.yaml", BREAKING);
    let (code, report, stderr) = json(dir.path(), &["old.yaml", "new.yaml"]);
    assert_eq!(code, 1, "{stderr}");
    let found = findings(&report);
    let expected = [
        ("api-path-removed-without-deprecation", "error", 22, 5, "old.yaml"),
        ("request-parameter-became-required", "error", 9, 11, "new.yaml"),
        ("response-required-property-removed", "error", 34, 9, "old.yaml"),
    ];
    for (rule, severity, line, column, file) in expected {
        assert!(
            found.iter().any(|f| f.0 == rule && f.1 == severity && f.2 == line && f.3 == column && f.4 == file),
            "{rule} at {file}:{line}:{column} missing from {found:?}"
        );
    }
}

#[test]
fn additions_pass_unless_fail_on_info() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "old.yaml", OLD);
    let added = OLD.replace("        kind:\n", "        colour:\n          type: string\n        kind:\n");
    write(dir.path(), "new.yaml", &added);
    let (code, report, stderr) = json(dir.path(), &["old.yaml", "new.yaml"]);
    assert_eq!(code, 0, "{stderr}");
    let found = findings(&report);
    assert!(found.iter().any(|f| f.0 == "response-optional-property-added" && f.1 == "info"), "{found:?}");
    let (code, _, _) = json(dir.path(), &["old.yaml", "new.yaml", "--fail-on", "info"]);
    assert_eq!(code, 1);
    let (code, _, _) = json(dir.path(), &["old.yaml", "old.yaml", "--fail-on", "info"]);
    assert_eq!(code, 0, "a description compared with itself has no change");
}

#[test]
fn every_output_format_renders_the_changes() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "old.yaml", OLD);
    write(dir.path(), "new.yaml", BREAKING);
    for format in ["human", "sarif", "github", "markdown", "junit", "stylish", "codequality"] {
        let output = conform(dir.path()).args(["diff", "old.yaml", "new.yaml", "--format", format]).output().unwrap();
        assert_eq!(output.status.code(), Some(1), "{format}");
        let stdout = String::from_utf8(output.stdout).unwrap();
        assert!(stdout.contains("request-parameter-became-required"), "{format}: {stdout}");
    }
    let output = conform(dir.path()).args(["diff", "old.yaml", "new.yaml", "--format", "github"]).output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("::error file=new.yaml,line=9"), "{stdout}");
}

#[test]
fn a_side_that_cannot_be_read_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "old.yaml", OLD);
    write(dir.path(), "broken.yaml", "openapi: 3.0.3\npaths: [\n");
    write(dir.path(), "swagger.yaml", "swagger: '2.0'\ninfo: {title: x, version: '1'}\npaths: {}\n");
    write(dir.path(), "text.yaml", "just text\n");
    for (new, needle) in [
        ("broken.yaml", "broken.yaml:"),
        ("missing.yaml", "cannot read"),
        ("swagger.yaml", "Swagger 2.0"),
        ("text.yaml", "not an OpenAPI description"),
    ] {
        let (code, report, stderr) = json(dir.path(), &["old.yaml", new]);
        assert_eq!(code, 2, "{new}: {stderr}");
        assert!(stderr.contains(needle), "{new}: {stderr}");
        assert_eq!(report["summary"]["conformant"], Value::Bool(false), "{new}");
    }
}

#[test]
fn references_are_followed_within_the_folder_and_cycles_end() {
    let dir = tempfile::tempdir().unwrap();
    let cyclic = |extra: &str| {
        format!(
            "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths:\n  /nodes:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: 'schemas.yaml#/Node'\n{extra}"
        )
    };
    write(dir.path(), "old.yaml", &cyclic(""));
    write(dir.path(), "new.yaml", &cyclic(""));
    write(
        dir.path(),
        "schemas.yaml",
        "Node:\n  type: object\n  properties:\n    next:\n      $ref: '#/Node'\n    children:\n      type: array\n      items:\n        $ref: '#/Node'\n",
    );
    let (code, report, stderr) = json(dir.path(), &["old.yaml", "new.yaml"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(findings(&report).is_empty());

    write(dir.path(), "escape.yaml", &cyclic("").replace("schemas.yaml#/Node", "../outside.yaml#/Node"));
    let (code, _, stderr) = json(dir.path(), &["old.yaml", "escape.yaml"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("leaves the description's folder"), "{stderr}");

    write(dir.path(), "dangling.yaml", &cyclic("").replace("schemas.yaml#/Node", "#/components/schemas/Nope"));
    let (code, _, stderr) = json(dir.path(), &["old.yaml", "dangling.yaml"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("does not resolve"), "{stderr}");
}

#[test]
fn removing_a_deprecated_operation_follows_its_sunset() {
    let dir = tempfile::tempdir().unwrap();
    let deprecated = OLD.replace(
        "  /owners:\n    get:\n",
        "  /owners:\n    get:\n      deprecated: true\n      x-sunset: \"2030-01-01\"\n",
    );
    write(dir.path(), "old.yaml", &deprecated);
    let removed =
        OLD.replace("  /owners:\n    get:\n      responses:\n        \"200\":\n          description: owners\n", "");
    write(dir.path(), "new.yaml", &removed);
    let (code, report, _) = json(dir.path(), &["old.yaml", "new.yaml", "--date", "2029-12-31"]);
    assert_eq!(code, 1);
    assert!(findings(&report).iter().any(|f| f.0 == "api-path-removed-before-sunset"));
    let (code, report, _) = json(dir.path(), &["old.yaml", "new.yaml", "--date", "2030-01-02"]);
    assert_eq!(code, 0);
    assert!(findings(&report).is_empty(), "{report}");
}

#[test]
fn the_old_version_can_come_from_git() {
    let dir = tempfile::tempdir().unwrap();
    let git = |args: &[&str]| {
        let status = std::process::Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"])
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    };
    git(&["init", "-q"]);
    std::fs::create_dir(dir.path().join("api")).unwrap();
    write(&dir.path().join("api"), "openapi.yaml", OLD);
    git(&["add", "."]);
    git(&["commit", "-qm", "v1"]);
    write(&dir.path().join("api"), "openapi.yaml", BREAKING);
    let (code, report, stderr) = json(dir.path(), &["git:HEAD:api/openapi.yaml", "api/openapi.yaml"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        findings(&report)
            .iter()
            .any(|f| f.0 == "api-path-removed-without-deprecation" && f.4 == "HEAD:api/openapi.yaml"),
        "{report}"
    );
    let (code, _, stderr) = json(dir.path(), &["git:no-such-rev:api/openapi.yaml", "api/openapi.yaml"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("git show"), "{stderr}");
}

#[test]
fn explain_describes_the_check_ids() {
    let output =
        Command::cargo_bin("conform").unwrap().args(["explain", "response-success-status-removed"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("ERR"), "{stdout}");
}

#[test]
fn schemas_that_fan_out_exponentially_are_refused_not_compared_for_ever() {
    let dir = tempfile::tempdir().unwrap();
    let levels = 40;
    let fan_out = |leaf: &str| {
        let mut text = String::from(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/S0'}\ncomponents:\n  schemas:\n",
        );
        for i in 0..levels {
            let next = i + 1;
            write!(
                text,
                "    S{i}:\n      type: object\n      properties:\n        a: {{$ref: '#/components/schemas/S{next}'}}\n        b: {{$ref: '#/components/schemas/S{next}'}}\n"
            )
            .unwrap();
        }
        writeln!(text, "    S{levels}: {{type: {leaf}}}").unwrap();
        text
    };
    write(dir.path(), "old.yaml", &fan_out("string"));
    write(dir.path(), "new.yaml", &fan_out("integer"));
    let started = std::time::Instant::now();
    let (code, _, stderr) = json(dir.path(), &["old.yaml", "new.yaml"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("fan out"), "{stderr}");
    assert!(started.elapsed().as_secs() < 30, "took {:?}", started.elapsed());
}

#[test]
fn equivalent_descriptions_have_no_change() {
    let dir = tempfile::tempdir().unwrap();
    // YAML with a component reference, and the same contract in JSON with the schema inline,
    // members reordered and a renamed path parameter.
    write(
        dir.path(),
        "old.yaml",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /pets/{petId}:\n    get:\n      parameters:\n        - {name: petId, in: path, required: true, schema: {type: string}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Pet'}\ncomponents:\n  schemas:\n    Pet:\n      type: object\n      required: [id]\n      properties:\n        id: {type: integer, format: int64}\n        tags: {type: array, items: {type: string, enum: [a, b]}}\n",
    );
    write(
        dir.path(),
        "new.json",
        r#"{"paths": {"/pets/{id}": {"get": {"responses": {"200": {"content": {"application/json": {"schema": {
            "properties": {"tags": {"items": {"enum": ["b", "a"], "type": "string"}, "type": "array"},
                           "id": {"format": "int64", "type": "integer"}},
            "required": ["id"], "type": "object"}}}, "description": "ok"}},
          "parameters": [{"in": "path", "name": "id", "required": true, "schema": {"type": "string"}}]}}},
          "components": {"schemas": {"Pet": {"type": "object"}}},
          "info": {"version": "1", "title": "t"}, "openapi": "3.0.3"}"#,
    );
    let (code, report, stderr) = json(dir.path(), &["old.yaml", "new.json", "--fail-on", "info"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(findings(&report).is_empty(), "{report}");
}
