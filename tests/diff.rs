//! End-to-end tests of `conform diff OLD NEW`: oasdiff's check ids and levels as findings in
//! every report format, `--fail-on`, `git:REV:path`, and the fail-closed contract.

use std::fmt::Write;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

#[path = "diff/breaking.rs"]
mod breaking;
#[path = "diff/compatible.rs"]
mod compatible;
#[path = "diff/gitlab.rs"]
mod gitlab;
#[path = "diff/hostile.rs"]
mod hostile;

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
        // At the parameter's `required`, as oasdiff locates it.
        ("request-parameter-became-required", "error", 11, 11, "new.yaml"),
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
    assert!(stdout.contains("::error file=new.yaml,line=11"), "{stdout}");
    // SVRL reports a Schematron check of one document: a diff refuses it, with nothing on stdout.
    let output = conform(dir.path()).args(["diff", "old.yaml", "new.yaml", "--format", "svrl"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    assert!(String::from_utf8_lossy(&output.stderr).contains("`--format svrl` is a report of a Schematron check"));
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
    let (code, _, stderr) = json(dir.path(), &["old.yaml", "new.yaml"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("fan out"), "{stderr}");
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

/// `conform diff` judged by the evolution policy of `rest-api` (its newest active version, 3.0.0).
fn with_policy(dir: &Path, new: &str, date: &str) -> (i32, Value, String) {
    write(dir, "old.yaml", OLD);
    write(dir, "new.yaml", new);
    json(dir, &["old.yaml", "new.yaml", "--standard", "rest-api", "--date", date])
}

/// (rule, standard@version, severity) of each finding.
fn stamped(report: &Value) -> Vec<(String, String, String)> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let standard = match (d["standard"].as_str(), d["version"].as_str()) {
                (Some(id), Some(version)) => format!("{id}@{version}"),
                _ => String::new(),
            };
            (d["rule"].as_str().unwrap().to_owned(), standard, d["severity"].as_str().unwrap().to_owned())
        })
        .collect()
}

#[test]
fn a_breaking_change_without_a_major_version_breaks_the_standards_policy() {
    let dir = tempfile::tempdir().unwrap();
    let (code, report, stderr) = with_policy(dir.path(), BREAKING, "2026-12-06");
    assert_eq!(code, 1, "{stderr}");
    // The published version: no notice of a draft or a deprecated version.
    assert!(!stderr.contains("draft") && !stderr.contains("deprecated"), "{stderr}");
    let found = findings(&report);
    let stamps = stamped(&report);
    // The requirement is a SHOULD: a warning of the standard.
    assert!(found.contains(&("api-version-not-bumped".into(), "warning".into(), 4, 3, "new.yaml".into())), "{found:?}");
    let own = ("api-version-not-bumped".to_owned(), "rest-api@3.0.0".to_owned(), "warning".to_owned());
    assert!(stamps.contains(&own), "{stamps:?}");
    // The changes themselves stay oasdiff's, outside the standard.
    assert!(stamps.iter().any(|s| s.0 == "request-parameter-became-required" && s.1.is_empty()), "{stamps:?}");
    let cases = [
        ("1.1.0", Some("api-major-version-not-bumped")),
        ("0.9.0", Some("api-version-decreased")),
        ("v1", Some("api-major-version-not-bumped")),
        ("2.0.0", None),
    ];
    for (version, expected) in cases {
        let bumped = BREAKING.replace("version: 1.0.0", &format!("version: {version}"));
        let (_, report, _) = with_policy(dir.path(), &bumped, "2026-12-06");
        let policy: Vec<String> =
            stamped(&report).into_iter().filter(|s| s.1 == "rest-api@3.0.0").map(|s| s.0).collect();
        assert_eq!(policy, expected.into_iter().map(str::to_owned).collect::<Vec<_>>(), "{version}");
    }
    // Without a breaking change the version is free.
    let (code, report, _) = with_policy(dir.path(), OLD, "2026-12-06");
    assert_eq!((code, stamped(&report)), (0, Vec::new()));
}

#[test]
fn a_deprecation_needs_the_sunset_notice_of_the_standard() {
    let dir = tempfile::tempdir().unwrap();
    let deprecate = |sunset: &str| {
        OLD.replace("version: 1.0.0", "version: 1.1.0")
            .replace("  /owners:\n    get:\n", &format!("  /owners:\n    get:\n      deprecated: true\n{sunset}"))
            .replace(
                "          in: query\n",
                &format!(
                    "          in: query\n          deprecated: true\n{}",
                    sunset.replacen("      ", "          ", 1)
                ),
            )
            .replace(
                "        kind:\n          type: string\n",
                &format!(
                    "        kind:\n          type: string\n          deprecated: true\n{}",
                    sunset.replacen("      ", "          ", 1)
                ),
            )
    };
    let (code, report, stderr) = with_policy(dir.path(), &deprecate(""), "2026-12-06");
    // Warnings of the standard (SHOULD): they fail the run from `--fail-on warning`.
    assert_eq!(code, 0, "{stderr}");
    assert!(stamped(&report).iter().filter(|s| !s.1.is_empty()).all(|s| s.2 == "warning"), "{report}");
    let args = ["old.yaml", "new.yaml", "--standard", "rest-api@3", "--date", "2026-12-06", "--fail-on", "warning"];
    assert_eq!(json(dir.path(), &args).0, 1);
    let mut policy: Vec<String> =
        stamped(&report).into_iter().filter(|s| s.1 == "rest-api@3.0.0").map(|s| s.0).collect();
    policy.sort();
    assert_eq!(
        policy,
        [
            "api-deprecated-sunset-missing",
            "api-major-version-not-bumped",
            "request-parameter-deprecated-sunset-missing",
            "response-property-deprecated-sunset-missing"
        ],
        "{report}"
    );
    // 30 days of notice are too few, 200 enough.
    let (_, report, _) = with_policy(dir.path(), &deprecate("      x-sunset: \"2027-01-05\"\n"), "2026-12-06");
    let rules: Vec<String> = stamped(&report).into_iter().map(|s| s.0).collect();
    for id in [
        "api-sunset-date-too-small",
        "request-parameter-sunset-date-too-small",
        "response-property-sunset-date-too-small",
    ] {
        assert!(rules.iter().any(|r| r == id), "{id}: {rules:?}");
    }
    let (code, report, stderr) = with_policy(dir.path(), &deprecate("      x-sunset: \"2027-06-24\"\n"), "2026-12-06");
    assert_eq!((code, stamped(&report).iter().filter(|s| !s.1.is_empty()).count()), (0, 0), "{stderr} {report}");
    // Without the standard, deprecation follows oasdiff's defaults.
    write(dir.path(), "new.yaml", &deprecate(""));
    let (code, report, _) = json(dir.path(), &["old.yaml", "new.yaml"]);
    let rules: Vec<String> = stamped(&report).into_iter().map(|s| s.0).collect();
    assert_eq!(code, 0, "{rules:?}");
    assert!(rules.iter().any(|r| r == "endpoint-deprecated") && !rules.iter().any(|r| r.ends_with("sunset-missing")));
}

#[test]
fn policy_findings_name_their_standard_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "old.yaml", OLD);
    write(dir.path(), "new.yaml", BREAKING);
    // (stylish and Code Quality name no standards.)
    for format in ["human", "sarif", "github", "markdown", "junit"] {
        let output = conform(dir.path())
            .args(["diff", "old.yaml", "new.yaml", "--standard", "rest-api@=3.0.0", "--format", format])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{format}");
        let stdout = String::from_utf8(output.stdout).unwrap();
        assert!(stdout.contains("api-version-not-bumped"), "{format}: {stdout}");
        assert!(stdout.contains("rest-api"), "{format}: {stdout}");
    }
}

#[test]
fn a_standard_without_a_policy_or_with_an_unknown_key_stops_the_run() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "old.yaml", OLD);
    write(dir.path(), "new.yaml", BREAKING);
    let (code, _, stderr) = json(dir.path(), &["old.yaml", "new.yaml", "--standard", "rest-api@=2.0.0"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("rest-api@2.0.0 declares no evolution policy"), "{stderr}");
    assert!(stderr.contains("try `--standard rest-api@=3.0.0` (active)"), "{stderr}");
    let (code, _, stderr) = json(dir.path(), &["old.yaml", "new.yaml", "--standard", "no-such-standard"]);
    assert_eq!(code, 2, "{stderr}");
    // A policy key the engine does not know fails closed, at its position, in lint and diff.
    conform(dir.path()).args(["catalog", "init", "cat"]).assert().success();
    conform(dir.path()).args(["catalog", "new", "interface", "evolving", "cat"]).assert().success();
    let manifest = dir.path().join("cat/interface/evolving/0.1.0/standard.toml");
    let mut text = std::fs::read_to_string(&manifest).unwrap();
    write!(
        text,
        "\n[[requirement]]\nid = \"EVOLVING-002\"\nlevel = \"MUST\"\ntitle = \"Sunsets\"\n\
         check = {{ engine = \"api-evolution\", policy = \"sunset-notice\", min-sunset-days = 30, grace-days = 3 }}\n\
         rationale = \"Notice.\"\nfix = \"Announce.\"\n"
    )
    .unwrap();
    let key = text.find("grace-days").unwrap();
    let line = text[..key].lines().count();
    let column = key - text[..key].rfind('\n').unwrap();
    std::fs::write(&manifest, text).unwrap();
    let output = conform(dir.path()).args(["catalog", "lint", "cat"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("grace-days") && stdout.contains(&format!(":{line}:{column}]")), "{stdout}");
    let (code, _, stderr) =
        json(dir.path(), &["old.yaml", "new.yaml", "--catalog", "cat", "--standard", "evolving@=0.1.0"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("grace-days") && stderr.contains(&format!("standard.toml:{line}:{column}:")), "{stderr}");
}
