//! End-to-end tests of the fail-closed contract (docs/exit-codes.md): a run that checks
//! nothing, or fails, never reads as a pass.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn conform(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("conform").expect("the binary is built");
    cmd.current_dir(dir).env_remove("NO_COLOR").env("CI", "");
    cmd
}

fn sample(name: &str) -> std::path::PathBuf {
    conform_testing::workspace_root().join("fixtures/samples").join(name)
}

/// A folder holding well-formed records under a name no standard detects.
fn undetected_export() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("exports")).unwrap();
    std::fs::write(dir.path().join("exports/export-2025.ndjson"), "{\"id\": \"1\"}\n{\"id\": \"2\"}\n").unwrap();
    dir
}

fn json_run(dir: &Path, args: &[&str]) -> (i32, Value, String) {
    let output = conform(dir).arg("check").args(args).args(["--format", "json"]).output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let report = serde_json::from_str(&stdout).unwrap_or_else(|err| panic!("{err}: {stdout}"));
    (output.status.code().unwrap(), report, String::from_utf8(output.stderr).unwrap())
}

#[test]
fn a_walk_that_checks_nothing_exits_2_and_lists_what_it_passed_over() {
    let dir = undetected_export();
    let (code, report, stderr) = json_run(dir.path(), &["exports"]);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(report["summary"]["conformant"], Value::Bool(false));
    assert_eq!(report["summary"]["files"], 0);
    assert!(stderr.contains("no input was checked"), "{stderr}");
    assert!(stderr.contains("exports/export-2025.ndjson"), "{stderr}");
}

#[test]
fn an_empty_directory_is_not_a_pass() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    let output = conform(dir.path()).args(["check", "empty"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(!stdout.contains('✓'), "a success mark after a failed run: {stdout}");
}

#[test]
fn configured_globs_that_match_nothing_are_an_error() {
    let dir = undetected_export();
    std::fs::write(
        dir.path().join("conform.toml"),
        "[[inputs]]\nglob = \"exports/*.json\"\nstandards = [\"person\"]\n",
    )
    .unwrap();
    let output = conform(dir.path()).arg("check").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("`exports/*.json`") && stderr.contains("matches no file"), "{stderr}");
}

#[test]
fn a_misspelt_rule_id_in_the_configuration_is_an_error_with_its_position() {
    let dir = undetected_export();
    std::fs::write(dir.path().join("conform.toml"), "fail-on = \"error\"\n\n[rules]\nPERSON-03 = \"off\"\n").unwrap();
    let (code, report, stderr) = json_run(dir.path(), &["exports/export-2025.ndjson", "--standard", "person"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("conform.toml:4:1: `[rules]` names unknown rule `PERSON-03` (did you mean `PERSON-003`?)"),
        "{stderr}"
    );
    // The requested report is still written, and says the run failed.
    assert_eq!(report["summary"]["conformant"], Value::Bool(false));
}

#[test]
fn a_known_rule_id_in_the_configuration_is_accepted() {
    let dir = undetected_export();
    std::fs::write(dir.path().join("conform.toml"), "[rules]\nPERSON-003 = \"off\"\nsyntax = \"warning\"\n").unwrap();
    let (code, _, stderr) = json_run(dir.path(), &["exports/export-2025.ndjson", "--standard", "person"]);
    assert_eq!(code, 1, "{stderr}");
}

#[test]
fn output_without_format_follows_the_extension() {
    let dir = undetected_export();
    let output = conform(dir.path())
        .args(["check", "exports/export-2025.ndjson", "--standard", "person", "--output", "report.json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&std::fs::read(dir.path().join("report.json")).unwrap()).unwrap();
    assert_eq!(report["summary"]["conformant"], Value::Bool(false));
    assert!(report["summary"]["errors"].as_u64().unwrap() > 0);

    let output = conform(dir.path())
        .args(["check", "exports/export-2025.ndjson", "--standard", "person", "--output", "report.sarif"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let sarif: Value = serde_json::from_slice(&std::fs::read(dir.path().join("report.sarif")).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");

    let output = conform(dir.path())
        .args(["check", "exports/export-2025.ndjson", "--standard", "person", "--output", "report.bin"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn findings_beyond_the_cap_are_dropped_and_the_run_still_fails() {
    let dir = undetected_export();
    let (code, report, stderr) = json_run(
        dir.path(),
        &["exports/export-2025.ndjson", "--standard", "person", "--max-findings", "1", "--fail-on", "never"],
    );
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(report["diagnostics"].as_array().unwrap().len(), 1);
    assert!(stderr.contains("left out of the report"), "{stderr}");
}

#[test]
fn a_bpmnlint_configuration_is_recognised_by_its_name() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("process.bpmnlintrc"), "{\"rules\": {\"label-required\": \"error\"}}\n").unwrap();
    std::fs::copy(sample("business-licence.bpmn"), dir.path().join("model.bpmn")).unwrap();
    let (code, report, stderr) = json_run(dir.path(), &["model.bpmn", "--ruleset", "process.bpmnlintrc"]);
    assert!(code == 0 || code == 1, "{stderr}");
    assert_eq!(report["summary"]["files"], 1);
    // By content, whatever its name: rules that are bpmnlint's.
    std::fs::write(dir.path().join("lint-config.json"), "{\"rules\": {\"label-required\": \"error\"}}\n").unwrap();
    let (code, report, stderr) = json_run(dir.path(), &["model.bpmn", "--ruleset", "lint-config.json"]);
    assert!(code == 0 || code == 1, "{stderr}");
    assert_eq!(report["summary"]["files"], 1);
}

/// The rule ids of the findings of `conform check ARGS` (JSON report), run in `dir`.
fn reported_rules(dir: &Path, args: &[&str]) -> Vec<String> {
    let (_, report, stderr) = json_run(dir, args);
    let rules: Vec<String> =
        report["diagnostics"].as_array().unwrap().iter().map(|d| d["rule"].as_str().unwrap().to_owned()).collect();
    assert!(!rules.is_empty(), "{args:?} reported nothing: {stderr}");
    rules
}

#[test]
fn explain_knows_every_rule_id_a_run_can_report() {
    let dir = tempfile::tempdir().unwrap();
    let root = conform_testing::workspace_root();
    std::fs::write(dir.path().join("broken.json"), "{\"id\": ").unwrap();
    std::fs::write(dir.path().join("record.schema.json"), "{\"required\": [\"name\"]}").unwrap();
    std::fs::write(dir.path().join("record.json"), "{\"id\": 1}").unwrap();
    std::fs::write(
        dir.path().join("own.spectral.yaml"),
        "extends: [[spectral:oas, all]]\nrules:\n  agency-title:\n    description: The API has a title.\n    given: $.info\n    then:\n      field: title\n      function: falsy\n",
    )
    .unwrap();
    std::fs::write(dir.path().join(".bpmnlintrc"), "{\"extends\": \"bpmnlint:all\"}").unwrap();
    let openapi = root.join("fixtures/standards/rest-api/2.0.0/rest-api-contact/fail/openapi.json");
    let openapi = openapi.to_str().unwrap();
    let mut rules = Vec::new();
    // What runs report: catalog requirements by detection, syntax, an ad-hoc schema, a
    // ruleset of one's own over spectral:oas, bpmnlint.
    rules.extend(reported_rules(&root, &["fixtures/samples"]));
    rules.extend(reported_rules(dir.path(), &["--standard", "person", "broken.json"]));
    rules.extend(reported_rules(dir.path(), &["--schema", "record.schema.json", "record.json"]));
    let own = reported_rules(dir.path(), &["--ruleset", "own.spectral.yaml", openapi]);
    assert!(own.iter().any(|r| r == "agency-title") && own.iter().any(|r| r == "info-contact"), "{own:?}");
    let bpmn = root
        .join("fixtures/standards/public-service-process/1.0.0/start-event-required/fail/start-event-required.bpmn");
    rules.extend(reported_rules(dir.path(), &["--ruleset", ".bpmnlintrc", bpmn.to_str().unwrap()]));
    // Every built-in rule a ruleset can enable, and every requirement of the catalog.
    let oas = conform_engine::ruleset::load::load_text(b"extends: [[spectral:oas, all]]\n", "oas", None).unwrap();
    rules.extend(oas.rules.iter().map(|r| r.name.clone()));
    rules.extend(conform_engine::bpmn::lint::RULES.iter().map(|r| r.name.to_owned()));
    let catalog = conform_catalog::Catalog::embedded().unwrap();
    rules.extend(catalog.standards.iter().flat_map(|s| s.requirements.iter().map(|r| r.id.clone())));
    rules.sort();
    rules.dedup();
    for rule in &rules {
        let output = conform(dir.path()).args(["explain", rule]).output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{rule}: {}", String::from_utf8_lossy(&output.stderr));
        assert!(String::from_utf8(output.stdout).unwrap().starts_with(rule.as_str()));
    }
    for rule in own {
        let output = conform(dir.path()).args(["explain", &rule, "--ruleset", "own.spectral.yaml"]).output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{rule}: {}", String::from_utf8_lossy(&output.stderr));
    }
    let output =
        conform(dir.path()).args(["explain", "agency-titl", "--ruleset", "own.spectral.yaml"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8(output.stderr).unwrap().contains("(did you mean `agency-title`?)"));
}

#[test]
fn control_characters_make_xml_not_well_formed() {
    let text = std::fs::read_to_string(sample("birth-registration.xml")).unwrap();
    let at = text[200..].find("</").unwrap() + 200;
    let dir = tempfile::tempdir().unwrap();
    for (name, inserted) in [("tab.xml", "\u{b}"), ("reference.xml", "&#x1b;"), ("unit-separator.xml", "&#x1F;")] {
        std::fs::write(dir.path().join(name), format!("{}{inserted}{}", &text[..at], &text[at..])).unwrap();
        let (code, report, stderr) = json_run(dir.path(), &[name, "--standard", "birth-registration"]);
        assert_eq!(code, 1, "{name}: {stderr}");
        let rules: Vec<&str> =
            report["diagnostics"].as_array().unwrap().iter().map(|d| d["rule"].as_str().unwrap()).collect();
        assert_eq!(rules, ["syntax"], "{name}");
    }
}

#[test]
fn a_malformed_xml_declaration_is_not_well_formed() {
    let text = std::fs::read_to_string(sample("birth-registration.xml")).unwrap();
    let body = &text[text.find("?>").unwrap() + 2..];
    let dir = tempfile::tempdir().unwrap();
    for (name, head) in [
        ("blank-line.xml", "\n<?xml version=\"1.0\"?>"),
        ("no-version.xml", "<?xml encoding=\"UTF-8\"?>"),
        ("junk.xml", "<?xml version=\"1.0\"aaa?>"),
        ("bad-version.xml", "<?xml version=\"/\"?>"),
    ] {
        std::fs::write(dir.path().join(name), format!("{head}{body}")).unwrap();
        let (code, report, stderr) = json_run(dir.path(), &[name, "--standard", "birth-registration"]);
        assert_eq!(code, 1, "{name}: {stderr}");
        assert_eq!(report["diagnostics"][0]["rule"], "syntax", "{name}");
    }
}

#[test]
fn a_misspelt_schema_component_is_an_error_at_its_position() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("doc.xml"), "<a><b>1</b></a>\n").unwrap();
    for (name, inner, expected) in [
        (
            "sequnce.xsd",
            "<xs:sequnce><xs:element name=\"b\"/></xs:sequnce>",
            "sequnce.xsd:3:5: `xs:sequnce` is not an XML Schema 1.0 element (did you mean `sequence`?)",
        ),
        (
            "minoccur.xsd",
            "<xs:sequence><xs:element name=\"b\" minOccur=\"2\"/></xs:sequence>",
            "`xs:element` has no attribute `minOccur` (did you mean `minOccurs`?)",
        ),
    ] {
        let schema = format!(
            "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">\n <xs:element name=\"a\"><xs:complexType>\n    {inner}\n </xs:complexType></xs:element>\n</xs:schema>\n"
        );
        std::fs::write(dir.path().join(name), schema).unwrap();
        let output = conform(dir.path()).args(["check", "doc.xml", "--schema", name]).output().unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(2), "{name}: {stderr}");
        assert!(stderr.contains(expected), "{name}: {stderr}");
    }
}

#[test]
fn an_invalid_json_schema_is_an_error_at_the_line_and_column_of_the_bad_keyword() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("doc.json"), "{\"a\": 1}\n").unwrap();
    let schema = "{\n  \"type\": \"object\",\n  \"properties\": {\n    \"a\": {\"type\": \"strin\"}\n  }\n}\n";
    std::fs::write(dir.path().join("s.schema.json"), schema).unwrap();
    let output = conform(dir.path()).args(["check", "doc.json", "--schema", "s.schema.json"]).output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("s.schema.json:4:11: at /properties/a/type: \"strin\" is not valid"), "{stderr}");
}

#[test]
fn namespace_comment_and_text_constraints_make_xml_not_well_formed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("any.xsd"),
        "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"><xs:element name=\"a\"><xs:complexType mixed=\"true\"><xs:sequence><xs:any processContents=\"skip\" minOccurs=\"0\" maxOccurs=\"unbounded\"/></xs:sequence><xs:anyAttribute processContents=\"skip\"/></xs:complexType></xs:element></xs:schema>",
    )
    .unwrap();
    let malformed = [
        "<a xmlns:p=\"\"/>",
        "<a xmlns:=\"x\"/>",
        "<a xmlns:xml=\"urn:x\"/>",
        "<a xmlns:p=\"urn:x\" xmlns:xmlns=\"urn:y\"/>",
        "<a>]]></a>",
        "<a><!-- a -- b --></a>",
        "<a:b:c xmlns:a=\"u\"/>",
        "<a><?xml version=\"1.0\"?></a>",
    ];
    for (i, text) in malformed.iter().enumerate() {
        let name = format!("doc{i}.xml");
        std::fs::write(dir.path().join(&name), text).unwrap();
        let (code, report, stderr) = json_run(dir.path(), &[&name, "--schema", "any.xsd"]);
        assert_eq!(code, 1, "{text}: {stderr}");
        assert_eq!(report["diagnostics"][0]["rule"], "syntax", "{text}");
    }
    for (i, text) in [
        "<a xmlns:xml=\"http://www.w3.org/XML/1998/namespace\"/>",
        "<a><!-- a - b --></a>",
        "<a xml:lang=\"en\">]]</a>",
    ]
    .iter()
    .enumerate()
    {
        let name = format!("ok{i}.xml");
        std::fs::write(dir.path().join(&name), text).unwrap();
        let (code, _, stderr) = json_run(dir.path(), &[&name, "--schema", "any.xsd"]);
        assert_eq!(code, 0, "{text}: {stderr}");
    }
}

#[test]
fn schema_takes_a_table_schema_for_csv() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("grants.schema.json"),
        r#"{"fields": [{"name": "id", "type": "integer"}, {"name": "amount", "type": "number"}]}"#,
    )
    .unwrap();
    std::fs::write(dir.path().join("grants.csv"), "id,amount\n1,10.5\nx,3\n").unwrap();
    let (code, report, stderr) = json_run(dir.path(), &["grants.csv", "--schema", "grants.schema.json"]);
    assert_eq!(code, 1, "{stderr}");
    let diagnostic = &report["diagnostics"][0];
    assert_eq!((diagnostic["row"].as_u64(), diagnostic["field"].as_str()), (Some(3), Some("id")), "{report}");
    std::fs::write(dir.path().join("grants.csv"), "id,amount\n1,10.5\n2,3\n").unwrap();
    let (code, _, stderr) = json_run(dir.path(), &["grants.csv", "--schema", "grants.schema.json"]);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn a_huge_glob_in_the_configuration_is_refused_before_compiling() {
    let dir = undetected_export();
    let glob = "a".repeat(600_000);
    std::fs::write(dir.path().join("conform.toml"), format!("ignore = [\"{glob}\"]\n")).unwrap();
    let output = conform(dir.path()).args(["check", "exports"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8(output.stderr).unwrap().contains("4096-byte limit"));
}

#[test]
fn every_report_format_says_the_run_failed() {
    let dir = undetected_export();
    let run = |format: &str| {
        let output = conform(dir.path()).args(["check", "exports", "--format", format]).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{format}");
        String::from_utf8(output.stdout).unwrap()
    };
    let sarif: Value = serde_json::from_str(&run("sarif")).unwrap();
    assert_eq!(sarif["runs"][0]["invocations"][0]["executionSuccessful"], Value::Bool(false));
    let json: Value = serde_json::from_str(&run("json")).unwrap();
    assert_eq!(json["errors"].as_array().unwrap().len(), 1);
    assert_eq!(json["skipped"][0]["file"], "exports/export-2025.ndjson");
    assert!(run("junit").contains("<error message=\"no input was checked"));
    assert!(run("markdown").starts_with("## conform: ❌ run failed"));
    assert!(run("github").contains("::error title=conform run failed::"));
    let human = run("human");
    assert!(human.contains("✖ run failed") && !human.contains('✓'), "{human}");
    assert!(human.contains("passed over 1 file"), "{human}");
}

#[test]
fn a_walked_file_that_does_not_parse_is_a_syntax_finding_not_a_skip() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("exports")).unwrap();
    std::fs::write(dir.path().join("exports/broken.json"), "{\"a\": [1, 2}\n").unwrap();
    std::fs::write(dir.path().join("exports/broken.xml"), "<a><b></a>\n").unwrap();
    std::fs::write(dir.path().join("exports/broken.yaml"), "a: [1, 2\n").unwrap();
    std::fs::write(dir.path().join("exports/fine.json"), "{\"a\": 1}\n").unwrap();
    let (code, report, stderr) = json_run(dir.path(), &["exports"]);
    assert_eq!(code, 1, "{stderr}");
    let findings: Vec<(String, String)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["file"].as_str().unwrap().to_owned(), f["rule"].as_str().unwrap().to_owned()))
        .collect();
    let files: Vec<&str> = findings.iter().map(|(file, _)| file.as_str()).collect();
    assert!(findings.iter().all(|(_, rule)| rule == "syntax"), "{findings:?}");
    for broken in ["broken.json", "broken.xml", "broken.yaml"] {
        assert!(files.iter().any(|f| f.ends_with(broken)), "{broken} not reported: {files:?}");
    }
    let skipped: Vec<&str> =
        report["skipped"].as_array().unwrap().iter().map(|s| s["file"].as_str().unwrap()).collect();
    assert!(skipped.iter().any(|f| f.ends_with("fine.json")), "{skipped:?}");
}

#[test]
fn terminal_output_shows_control_characters_from_inputs_visibly() {
    let dir = tempfile::tempdir().unwrap();
    let record = "{\"id\": \"\u{1b}[2J\u{1b}]0;pwned\u{7}\", \"birthDate\": \"1992-13-15\"}\n";
    std::fs::write(dir.path().join("people.ndjson"), record).unwrap();
    for format in ["human", "stylish", "github", "markdown"] {
        let output = conform(dir.path())
            .args(["check", "people.ndjson", "--standard", "person", "--format", format])
            .output()
            .unwrap();
        let stdout = String::from_utf8(output.stdout).unwrap();
        assert!(!stdout.contains('\u{1b}') && !stdout.contains('\u{7}'), "{format} prints raw escapes:\n{stdout}");
    }
}

#[test]
fn schema_takes_a_json_schema_for_yaml_with_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("publiccode.schema.json"),
        r#"{"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}, "version": {"type": "string"}}}"#,
    )
    .unwrap();
    std::fs::write(dir.path().join("publiccode.yml"), "name: conform\nversion: 1.0\n").unwrap();
    let (code, report, stderr) = json_run(dir.path(), &["publiccode.yml", "--schema", "publiccode.schema.json"]);
    assert_eq!(code, 1, "{stderr}");
    let finding = &report["diagnostics"][0];
    assert_eq!(finding["pointer"], "/version");
    assert_eq!((finding["line"].as_u64(), finding["column"].as_u64()), (Some(2), Some(10)), "{finding}");
    std::fs::write(dir.path().join("good.yml"), "name: conform\nversion: '1.0'\n").unwrap();
    let (code, report, stderr) = json_run(dir.path(), &["good.yml", "--schema", "publiccode.schema.json"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(report["summary"]["files"], 1);
}

#[test]
fn schema_may_be_repeated_each_input_checked_against_the_schemas_for_its_format() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("grants.schema.json"), r#"{"fields": [{"name": "amount", "type": "number"}]}"#)
        .unwrap();
    std::fs::write(dir.path().join("meta.schema.json"), r#"{"type": "object", "required": ["title"]}"#).unwrap();
    std::fs::write(dir.path().join("grants.csv"), "amount\n12\nabc\n").unwrap();
    std::fs::write(dir.path().join("meta.json"), "{}\n").unwrap();
    let (code, report, stderr) = json_run(
        dir.path(),
        &["grants.csv", "meta.json", "--schema", "grants.schema.json", "--schema", "meta.schema.json"],
    );
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(report["summary"]["files"], 2);
    let files: Vec<&str> =
        report["diagnostics"].as_array().unwrap().iter().map(|d| d["file"].as_str().unwrap()).collect();
    assert_eq!(files, ["grants.csv", "meta.json"], "{report}");
}

#[test]
fn a_data_package_checks_every_resource_with_its_schema_and_foreign_keys() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("regions.csv"), "code,name\nNL-ZH,Zuid-Holland\n").unwrap();
    std::fs::write(dir.path().join("grants.csv"), "id,amount,region\n1,100,NL-ZH\n2,abc,NL-XX\n").unwrap();
    std::fs::write(
        dir.path().join("datapackage.json"),
        r#"{"name": "grants", "resources": [
  {"name": "regions", "path": "regions.csv", "schema": {"fields": [{"name": "code", "type": "string"}, {"name": "name", "type": "string"}], "primaryKey": "code"}},
  {"name": "grants", "path": "grants.csv", "schema": {"fields": [{"name": "id", "type": "integer"}, {"name": "amount", "type": "number"}, {"name": "region", "type": "string"}],
   "foreignKeys": [{"fields": "region", "reference": {"resource": "regions", "fields": "code"}}]}}
]}"#,
    )
    .unwrap();
    let (code, report, stderr) = json_run(dir.path(), &["datapackage.json"]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(report["summary"]["files"], 2, "{report}");
    let messages: Vec<String> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| format!("{} {}", d["file"].as_str().unwrap(), d["message"].as_str().unwrap()))
        .collect();
    assert!(messages.iter().all(|m| m.contains("grants.csv")), "{messages:?}");
    assert!(messages.len() >= 2, "a type error and a foreign-key error: {messages:?}");
    std::fs::write(
        dir.path().join("broken.datapackage.json"),
        r#"{"resources": [{"name": "x", "path": "x.csv", "sheme": {}}]}"#,
    )
    .unwrap();
    let output = conform(dir.path()).args(["check", "broken.datapackage.json"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", String::from_utf8_lossy(&output.stderr));
}

#[test]
fn redact_masks_instance_values_in_every_format_and_keeps_positions() {
    let dir = tempfile::tempdir().unwrap();
    let record = "{\"id\": \"440300197506200036\", \"givenName\": \"Min\", \"familyName\": \"Chen\", \"birthDate\": \"1992-13-15\", \"sex\": \"2\"}\n";
    std::fs::write(dir.path().join("people.ndjson"), record).unwrap();
    for format in ["human", "json", "sarif", "github", "markdown", "junit", "stylish", "codequality"] {
        let output = conform(dir.path())
            .args(["check", "people.ndjson", "--standard", "person", "--redact", "--format", format])
            .output()
            .unwrap();
        let stdout = String::from_utf8(output.stdout).unwrap();
        assert_eq!(output.status.code(), Some(1), "{format}: {stdout}");
        assert!(
            !stdout.contains("1992-13-15") && !stdout.contains("44030019750620"),
            "{format} leaks a value:\n{stdout}"
        );
        assert!(stdout.contains("‹redacted›") || format == "codequality", "{format}:\n{stdout}");
    }
    let (_, report, _) = json_run(dir.path(), &["people.ndjson", "--standard", "person", "--redact"]);
    let first = &report["diagnostics"][0];
    assert!(first["line"].as_u64().is_some() && first["pointer"].is_string(), "{first}");
}

/// A catalog whose `resident` standard marks `/age` and `/name` as personal data, and an
/// export with a finding on each (values the heuristic alone would not all see).
fn personal_data_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| conform(dir.path()).args(args).assert().success();
    run(&["catalog", "init", "cat"]);
    run(&["catalog", "new", "data", "resident", "cat"]);
    let version = dir.path().join("cat/data/resident/0.1.0");
    std::fs::write(
        version.join("resident.schema.json"),
        r#"{"type": "object", "required": ["id"], "properties": {"id": {"type": "string"},
            "age": {"type": "integer", "minimum": 18}, "name": {"type": "string", "minLength": 3}}}"#,
    )
    .unwrap();
    let manifest = std::fs::read_to_string(version.join("standard.toml")).unwrap();
    let manifest = manifest.replace("status = \"draft\"\n", "status = \"draft\"\npersonal = [\"/age\", \"/name\"]\n");
    std::fs::write(version.join("standard.toml"), manifest).unwrap();
    std::fs::write(dir.path().join("residents.ndjson"), "{\"id\": \"r1\", \"age\": 17, \"name\": \"Li\"}\n").unwrap();
    dir
}

#[test]
fn redaction_masks_the_fields_a_standard_marks_as_personal_data_in_every_format() {
    let dir = personal_data_project();
    let check = ["check", "--no-config", "--catalog", "cat", "--standard", "resident@=0.1.0", "residents.ndjson"];
    let leaks = |text: &str| text.contains("17 is less") || text.contains("\"Li\"") || text.contains("`Li`");
    let plain = conform(dir.path()).args(check).args(["--format", "json"]).output().unwrap();
    assert!(leaks(&String::from_utf8(plain.stdout).unwrap()), "without --redact, findings quote the values");
    for format in ["human", "json", "sarif", "github", "markdown", "junit", "stylish", "codequality"] {
        let output = conform(dir.path()).args(check).args(["--redact", "--format", format]).output().unwrap();
        assert_eq!(output.status.code(), Some(1));
        let stdout = String::from_utf8(output.stdout).unwrap();
        assert!(!leaks(&stdout), "{format} leaks a personal value:\n{stdout}");
    }
    // `redact = true` in conform.toml does the same.
    std::fs::write(dir.path().join("conform.toml"), "redact = true\n").unwrap();
    let configured = ["check", "--catalog", "cat", "--standard", "resident@=0.1.0", "residents.ndjson"];
    let (code, report, _) = json_run(dir.path(), &configured[1..]);
    assert_eq!(code, 1);
    let messages: Vec<&str> =
        report["diagnostics"].as_array().unwrap().iter().map(|d| d["message"].as_str().unwrap()).collect();
    assert_eq!(messages, ["‹redacted› is less than the minimum of 18", "‹redacted› is shorter than 3 characters"]);
    assert_eq!(report["diagnostics"][0]["pointer"], "/age");
    std::fs::remove_file(dir.path().join("conform.toml")).unwrap();
    // A certification report never carries them, with or without --redact.
    conform(dir.path())
        .args(["certify", "--catalog", "cat", "--standard", "resident@=0.1.0", "--product", "p"])
        .args(["--product-version", "1", "--vendor", "v", "--inputs", "residents.ndjson", "--out", "out"])
        .assert()
        .code(1);
    for name in ["report.json", "report.html", "report.md"] {
        let text = std::fs::read_to_string(dir.path().join("out").join(name)).unwrap();
        assert!(!leaks(&text) && !text.contains("\\\"Li\\\""), "{name} carries a personal value");
    }
}

#[test]
fn a_personal_entry_that_names_no_field_is_a_catalog_problem() {
    let dir = personal_data_project();
    let manifest = dir.path().join("cat/data/resident/0.1.0/standard.toml");
    let text = std::fs::read_to_string(&manifest).unwrap().replace("\"/name\"", "\"/name//first\"");
    std::fs::write(&manifest, text).unwrap();
    let output = conform(dir.path()).args(["catalog", "lint", "cat"]).output().unwrap();
    assert_ne!(output.status.code(), Some(0));
    let stdout = String::from_utf8(output.stdout).unwrap() + &String::from_utf8(output.stderr).unwrap();
    assert!(stdout.contains("standard.toml:9:") && stdout.contains("empty token"), "{stdout}");
}

#[test]
fn files_a_walk_passes_over_are_listed_in_every_format_but_code_quality() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("mixed")).unwrap();
    std::fs::copy(sample("organizations.json"), dir.path().join("mixed/organizations.json")).unwrap();
    std::fs::write(dir.path().join("mixed/notes.foo"), "not a format conform reads\n").unwrap();
    for format in ["human", "json", "sarif", "github", "markdown", "junit", "stylish"] {
        let output = conform(dir.path()).args(["check", "--no-config", "mixed", "--format", format]).output().unwrap();
        let stdout = String::from_utf8(output.stdout).unwrap();
        assert_eq!(output.status.code(), Some(0), "{format}: {stdout}");
        let listed = stdout.contains("mixed/notes.foo");
        assert!(listed, "{format} does not list the file it passed over:\n{stdout}");
    }
}
