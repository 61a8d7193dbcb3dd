//! End-to-end tests of `conform check` with the real binary.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn conform() -> Command {
    let mut cmd = Command::cargo_bin("conform").expect("the binary is built");
    cmd.current_dir(conform_testing::workspace_root()).env_remove("NO_COLOR").env("CI", "");
    cmd
}

/// Runs `conform check --format json ARGS`, returning the exit code and the report.
fn check_json(args: &[&str]) -> (i32, Value) {
    let output = conform().arg("check").args(["--format", "json"]).args(args).output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let report = serde_json::from_str(&stdout).unwrap_or_else(|err| panic!("{err}: {stdout}"));
    (output.status.code().unwrap(), report)
}

/// `(line, column, pointer, rule)` of every diagnostic.
fn positions(report: &Value) -> Vec<(u64, u64, String, String)> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["pointer"].as_str().unwrap_or("").to_owned(),
                d["rule"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// The JSON report with the catalog digest (which changes with every catalog edit) masked.
fn stable(report: &Value) -> String {
    let mut report = report.clone();
    report["catalog"]["digest"] = Value::from("sha256:[digest]");
    report["tool"]["version"] = Value::from("[version]");
    serde_json::to_string_pretty(&report).unwrap()
}

#[test]
fn sample_export_reports_every_invalid_record_at_hand_counted_positions() {
    let (code, report) = check_json(&["--standard", "person@1", "fixtures/samples/people.ndjson"]);
    assert_eq!(code, 1);
    // Positions counted by hand in fixtures/samples/people.ndjson; line 4 is broken (no
    // closing brace) and the records after it are still checked.
    let expected = [
        (2, 84, "/birthDate", "PERSON-001"),
        (3, 1, "", "PERSON-003"),
        (3, 8, "/id", "PERSON-002"),
        (4, 140, "", "syntax"),
        (5, 43, "/givenName", "PERSON-001"),
        (5, 103, "/sex", "PERSON-001"),
        (5, 137, "/phone", "PERSON-001"),
    ];
    let expected: Vec<_> = expected.iter().map(|(l, c, p, r)| (*l, *c, (*p).to_owned(), (*r).to_owned())).collect();
    assert_eq!(positions(&report), expected);
    insta::assert_snapshot!(stable(&report));
}

#[test]
fn human_output_shows_snippets_with_labels() {
    let output =
        conform().args(["check", "--standard", "person@1", "fixtures/samples/people.ndjson"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!(String::from_utf8(output.stdout).unwrap());
}

#[test]
fn conformant_file_exits_zero() {
    let (code, report) =
        check_json(&["--standard", "person@1", "fixtures/standards/person/1.1.0/PERSON-001/pass/records.ndjson"]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["summary"]["conformant"], Value::Bool(true));
    assert_eq!(report["diagnostics"], Value::Array(Vec::new()));
}

#[test]
fn detection_picks_the_standard_from_the_file_name() {
    let (code, report) = check_json(&["fixtures/samples/organizations.json"]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["summary"]["files"], 1);
}

#[test]
fn json_documents_locate_errors_inside_record_arrays() {
    let (code, report) = check_json(&[
        "--standard",
        "organization",
        "fixtures/standards/organization/1.0.0/ORG-001/fail/unknown-legal-form.json",
    ]);
    assert_eq!(code, 1);
    assert_eq!(positions(&report), vec![(5, 18, "/0/legalForm".to_owned(), "ORG-001".to_owned())]);
}

#[test]
fn fail_on_decides_the_exit_code() {
    let file = "fixtures/standards/person/1.1.0/PERSON-003/fail/without-email.ndjson";
    let exit = |fail_on: &str| {
        conform().args(["check", "--standard", "person", "--fail-on", fail_on, file]).output().unwrap().status.code()
    };
    assert_eq!(exit("error"), Some(0), "a SHOULD finding is a warning");
    assert_eq!(exit("warning"), Some(1));
    assert_eq!(exit("info"), Some(1));
    assert_eq!(exit("never"), Some(0));
}

#[test]
fn deprecated_versions_warn_and_retired_or_unknown_ones_are_refused() {
    let output = conform()
        .args(["check", "--standard", "person@1.0", "fixtures/standards/person/1.0.0/PERSON-001/pass/records.ndjson"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("person@1.0.0 is deprecated (sunset 2027-12-31); adopt person@2.0.0"), "{stderr}");

    let output = conform().args(["check", "--standard", "persn", "fixtures/samples/people.ndjson"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("unknown standard `persn` (did you mean `person`?)"), "{stderr}");

    let output =
        conform().args(["check", "--standard", "person@3", "fixtures/samples/people.ndjson"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn missing_files_and_undetectable_inputs_exit_two() {
    let output = conform().args(["check", "--standard", "person", "no/such/file.ndjson"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8(output.stderr).unwrap().contains("cannot read `no/such/file.ndjson`"));

    let output = conform().args(["check", "README.md"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn a_user_catalog_directory_works_like_the_embedded_one() {
    let embedded = check_json(&["--standard", "person@1", "fixtures/samples/people.ndjson"]);
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&conform_testing::workspace_root().join("standards"), dir.path());
    let catalog = dir.path().to_str().unwrap();
    let from_dir = check_json(&["--catalog", catalog, "--standard", "person@1", "fixtures/samples/people.ndjson"]);
    assert_eq!(embedded.0, from_dir.0);
    assert_eq!(embedded.1, from_dir.1, "same findings and same catalog digest");
}

#[test]
fn a_malformed_standard_toml_is_reported_with_its_position() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&conform_testing::workspace_root().join("standards"), dir.path());
    let manifest = dir.path().join("data/person/1.1.0/standard.toml");
    let text = std::fs::read_to_string(&manifest).unwrap().replacen("level = \"SHOULD\"", "level = \"OUGHT\"", 1);
    std::fs::write(&manifest, text).unwrap();
    let output = conform()
        .args([
            "check",
            "--catalog",
            dir.path().to_str().unwrap(),
            "--standard",
            "person",
            "fixtures/samples/people.ndjson",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("standard.toml:42:9"), "{stderr}");
    assert!(stderr.contains("unknown variant `OUGHT`"), "{stderr}");
}

#[test]
fn ad_hoc_schema_checks_without_a_catalog() {
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join("s.json");
    std::fs::write(&schema, r#"{"type": "object", "properties": {"n": {"type": "integer"}}}"#).unwrap();
    let data = dir.path().join("d.ndjson");
    std::fs::write(&data, "{\"n\": 1}\n{\"n\": \"x\"}\n").unwrap();
    let (code, report) = check_json(&["--schema", schema.to_str().unwrap(), data.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(positions(&report), vec![(2, 7, "/n".to_owned(), "schema".to_owned())]);
    assert_eq!(report["catalog"], Value::Null);
}

#[test]
fn remote_refs_are_refused_not_fetched() {
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join("s.json");
    std::fs::write(&schema, r#"{"$ref": "https://example.org/schema.json"}"#).unwrap();
    let output = conform()
        .args(["check", "--schema", schema.to_str().unwrap(), "fixtures/samples/people.ndjson"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8(output.stderr).unwrap().contains("never fetches"));
}

#[test]
fn stdin_is_read_with_dash() {
    let output = conform()
        .args(["check", "--standard", "person", "--format", "json", "-"])
        .write_stdin("{\"id\": 1}\n")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["diagnostics"][0]["file"], "-");
}

#[test]
fn output_file_receives_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.json");
    let status = conform()
        .args([
            "check",
            "--standard",
            "person",
            "--format",
            "json",
            "--output",
            out.to_str().unwrap(),
            "fixtures/samples/people.ndjson",
        ])
        .output()
        .unwrap()
        .status;
    assert_eq!(status.code(), Some(1));
    let report: Value = serde_json::from_slice(&std::fs::read(out).unwrap()).unwrap();
    assert_eq!(report["summary"]["errors"], 7);
}

#[test]
fn every_requirement_fixture_proves_its_requirement() {
    let root = conform_testing::workspace_root().join("fixtures/standards");
    let mut checked = 0;
    for (standard, version, requirement, expectation, file) in fixture_files(&root) {
        let reference = format!("{standard}@={version}");
        let (code, report) = check_json(&["--standard", &reference, file.to_str().unwrap()]);
        assert_ne!(code, 2, "{}: {report}", file.display());
        let hits = report["diagnostics"].as_array().unwrap().iter().filter(|d| belongs_to(d, &requirement)).count();
        let syntax = report["diagnostics"].as_array().unwrap().iter().filter(|d| d["rule"] == "syntax").count();
        assert_eq!(syntax, 0, "{}: fixtures must be well-formed", file.display());
        match expectation.as_str() {
            "pass" => assert_eq!(hits, 0, "{} must not violate {requirement}: {report}", file.display()),
            "fail" => assert!(hits >= 1, "{} must violate {requirement}", file.display()),
            other => panic!("unexpected fixture folder {other}"),
        }
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} fixtures found");
}

/// Whether a JSON diagnostic was reported by `requirement`: its rule, or one of the rules
/// the requirement bundles (a Schematron assert, with the requirement named beside it).
fn belongs_to(diagnostic: &Value, requirement: &str) -> bool {
    diagnostic.get("requirement").unwrap_or(&diagnostic["rule"]) == requirement
}

/// `(standard, version, requirement, pass|fail, file)` under `fixtures/standards`.
fn fixture_files(root: &Path) -> Vec<(String, String, String, String, std::path::PathBuf)> {
    let mut out = Vec::new();
    let dirs = |p: &Path| -> Vec<std::path::PathBuf> {
        let mut v: Vec<_> = std::fs::read_dir(p).unwrap().map(|e| e.unwrap().path()).collect();
        v.sort();
        v
    };
    let name = |p: &Path| p.file_name().unwrap().to_string_lossy().into_owned();
    for standard in dirs(root) {
        for version in dirs(&standard) {
            for requirement in dirs(&version) {
                // `with/<case>/` runs with other parameter values: `catalog test` checks it.
                for expectation in dirs(&requirement).into_iter().filter(|e| name(e) != "with") {
                    for file in dirs(&expectation) {
                        if !name(&file).starts_with('.') && name(&file) != "README.md" {
                            out.push((name(&standard), name(&version), name(&requirement), name(&expectation), file));
                        }
                    }
                }
            }
        }
    }
    out
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn drafts_and_retired_versions_are_only_used_when_asked_for_exactly() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&conform_testing::workspace_root().join("standards"), dir.path());
    let person = dir.path().join("data/person");
    // 1.0.0 retired, 3.0.0 a draft.
    let old = person.join("1.0.0/standard.toml");
    std::fs::write(
        &old,
        std::fs::read_to_string(&old).unwrap().replace("status = \"deprecated\"", "status = \"retired\""),
    )
    .unwrap();
    std::fs::create_dir_all(person.join("3.0.0")).unwrap();
    copy_dir(&person.join("2.0.0"), &person.join("3.0.0"));
    let draft = person.join("3.0.0/standard.toml");
    let text = std::fs::read_to_string(&draft).unwrap();
    std::fs::write(
        &draft,
        text.replace("version = \"2.0.0\"", "version = \"3.0.0\"").replace("status = \"active\"", "status = \"draft\""),
    )
    .unwrap();

    let catalog = dir.path().to_str().unwrap();
    // Valid under every version (no e-mail: only a SHOULD warning since 1.1.0).
    let file = "fixtures/standards/person/1.0.0/PERSON-001/pass/records.ndjson";
    let run = |reference: &str| {
        let output = conform()
            .args(["check", "--catalog", catalog, "--format", "json", "--standard", reference, file])
            .output()
            .unwrap();
        let stdout: Value = serde_json::from_slice(&output.stdout).unwrap_or(Value::Null);
        (output.status.code().unwrap(), String::from_utf8(output.stderr).unwrap(), stdout)
    };
    let (code, _, report) = run("person");
    assert_eq!(code, 0);
    assert_eq!(report["diagnostics"][0]["version"], "2.0.0", "the active version, not the draft");
    let (code, stderr, _) = run("person@1.0");
    assert_eq!(code, 2);
    assert!(stderr.contains("`person@1.0.0` is retired; ask for it exactly with `person@=1.0.0`"), "{stderr}");
    let (code, stderr, _) = run("person@=1.0.0");
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("person@1.0.0 is retired"), "{stderr}");
    let (code, stderr, _) = run("person@3");
    assert_eq!(code, 2);
    assert!(stderr.contains("is draft"), "{stderr}");
    let (code, stderr, _) = run("person@=3.0.0");
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("person@3.0.0 is draft"), "{stderr}");
}

#[test]
fn explain_and_catalog_commands_describe_requirements() {
    let output = conform().args(["explain", "PERSON-002"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    insta::assert_snapshot!(String::from_utf8(output.stdout).unwrap());

    let output = conform().args(["explain", "person@=1.0.0:PERSON-001"]).output().unwrap();
    assert!(String::from_utf8(output.stdout).unwrap().starts_with("PERSON-001 (person@1.0.0)"));

    let output = conform().args(["explain", "NOPE-1"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));

    let output = conform().args(["catalog", "show", "person@1.0"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    insta::assert_snapshot!(String::from_utf8(output.stdout).unwrap());

    let output = conform().args(["catalog", "list"]).output().unwrap();
    let listing = String::from_utf8(output.stdout).unwrap();
    assert!(
        listing.lines().any(|l| l.starts_with("person") && l.contains("2.0.0") && l.contains("active")),
        "{listing}"
    );
}
