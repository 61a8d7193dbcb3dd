//! End-to-end tests of the `bpmn` engine through the `conform` binary: bpmnlint's own test
//! models as an oracle, the public-service-process standard's fixtures, the sample model,
//! locations, and hostile XML.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn conform() -> Command {
    Command::cargo_bin("conform").expect("the conform binary is built")
}

fn root() -> PathBuf {
    conform_testing::workspace_root()
}

/// Runs `conform check --format json ARGS` and returns (exit code, report).
fn check_json(args: &[&str]) -> (i32, Value) {
    let output = conform().arg("check").args(["--format", "json", "--color", "never"]).args(args).output().unwrap();
    let code = output.status.code().unwrap_or(-1);
    let report = serde_json::from_slice(&output.stdout).unwrap_or_else(|err| {
        panic!(
            "exit {code}: stdout is not a JSON report ({err}):\n{}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (code, report)
}

fn diagnostics(report: &Value) -> &Vec<Value> {
    report["diagnostics"].as_array().expect("diagnostics")
}

/// The id in the last `[@id='...']` of an element path.
fn element_id(pointer: &str) -> String {
    let start = pointer.rfind("[@id='").map(|i| i + 6).expect("the path names an id");
    pointer[start..].trim_end_matches("']").replace("&apos;", "'")
}

/// bpmnlint's rule test models (`../shared/corpora/bpmnlint`, or `$BPMNLINT_CORPUS`).
fn corpus() -> Option<PathBuf> {
    std::env::var_os("BPMNLINT_CORPUS").map(PathBuf::from).or_else(|| conform_testing::corpus("bpmnlint"))
}

/// A catalog with one standard per bpmnlint rule, each running only that rule.
fn one_rule_catalog(dir: &Path, rules: &[&str]) {
    std::fs::write(
        dir.join("catalog.toml"),
        "id = \"bpmnlint-oracle\"\nversion = \"1.0.0\"\ntitle = \"One standard per bpmnlint rule\"\n",
    )
    .unwrap();
    for rule in rules {
        let folder = dir.join("process").join(format!("only-{rule}")).join("1.0.0");
        std::fs::create_dir_all(&folder).unwrap();
        let manifest = format!(
            "id = \"only-{rule}\"\nversion = \"1.0.0\"\nkind = \"process\"\ntitle = \"Only {rule}\"\nstatus = \"active\"\n\
             detect = {{ formats = [\"xml\"] }}\n\n[[requirement]]\nid = \"{rule}\"\nlevel = \"MUST\"\ntitle = \"{rule}\"\n\
             check = {{ engine = \"bpmn\", rule = \"{rule}\" }}\n"
        );
        std::fs::write(folder.join("standard.toml"), manifest).unwrap();
    }
}

#[test]
fn bpmnlint_fixtures_report_exactly_bpmnlints_element_ids() {
    let Some(corpus) = corpus() else { return };
    let expected: Value = serde_json::from_slice(&std::fs::read(corpus.join("expected.json")).unwrap()).unwrap();
    let expected = expected.as_object().unwrap();
    let mut by_rule: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (file, case) in expected {
        by_rule.entry(case["rule"].as_str().unwrap()).or_default().push(file);
    }
    assert_eq!(by_rule.len(), 27);
    let catalog = tempfile::tempdir().unwrap();
    let rules: Vec<&str> = by_rule.keys().copied().collect();
    one_rule_catalog(catalog.path(), &rules);
    let fixtures = corpus.join("fixtures");
    let mut failures = Vec::new();
    let mut compared = 0;
    for (rule, files) in &by_rule {
        let paths: Vec<String> = files.iter().map(|f| fixtures.join(f).display().to_string()).collect();
        let mut args = vec!["--catalog", catalog.path().to_str().unwrap(), "--standard"];
        let standard = format!("only-{rule}");
        args.push(&standard);
        args.extend(paths.iter().map(String::as_str));
        let (_, report) = check_json(&args);
        let mut got: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for diagnostic in diagnostics(&report) {
            assert_eq!(diagnostic["rule"], *rule, "{diagnostic}");
            let file = diagnostic["file"].as_str().unwrap();
            let rel = Path::new(file).strip_prefix(&fixtures).unwrap().to_string_lossy().into_owned();
            got.entry(rel).or_default().push(element_id(diagnostic["pointer"].as_str().unwrap()));
        }
        for file in files {
            let mut want: Vec<String> = expected[*file]["reports"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["id"].as_str().unwrap().to_owned())
                .collect();
            want.sort();
            let mut have = got.remove(*file).unwrap_or_default();
            have.sort();
            compared += 1;
            if have != want {
                failures.push(format!("{file}: bpmnlint reports {want:?}, conform {have:?}"));
            }
        }
    }
    assert_eq!(compared, 187);
    assert!(failures.is_empty(), "{} of 187 fixtures differ:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn public_service_process_fixtures_pass_and_fail_their_requirement() {
    for version in ["1.0.0", "2.0.0"] {
        fixtures_pass_and_fail(version);
    }
}

/// The fixtures of one version, checked with its defaults (the `with/` cases are checked by
/// `catalog test`, with their own values).
fn fixtures_pass_and_fail(version: &str) {
    let dir = root().join("fixtures/standards/public-service-process").join(version);
    let reference = format!("public-service-process@={version}");
    let (_, report) = check_json(&["--standard", &reference, dir.to_str().unwrap()]);
    let mut rules_by_file: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for diagnostic in diagnostics(&report) {
        rules_by_file
            .entry(diagnostic["file"].as_str().unwrap().to_owned())
            .or_default()
            .push(diagnostic["rule"].as_str().unwrap().to_owned());
    }
    let mut requirements = 0;
    for requirement in std::fs::read_dir(&dir).unwrap() {
        let requirement = requirement.unwrap().path();
        let id = requirement.file_name().unwrap().to_string_lossy().into_owned();
        requirements += 1;
        for (kind, should_fire) in [("pass", false), ("fail", true)] {
            let files: Vec<PathBuf> =
                std::fs::read_dir(requirement.join(kind)).unwrap().map(|e| e.unwrap().path()).collect();
            assert!(!files.is_empty(), "{id}/{kind} has fixtures");
            for file in files {
                let fired = rules_by_file.get(&file.display().to_string()).is_some_and(|rules| rules.contains(&id));
                assert_eq!(
                    fired,
                    should_fire,
                    "{id}: {} ({:?})",
                    file.display(),
                    rules_by_file.get(&file.display().to_string())
                );
            }
        }
    }
    assert_eq!(requirements, 32, "one fixture folder per requirement");
}

#[test]
fn the_business_licence_sample_conforms() {
    let sample = root().join("fixtures/samples/business-licence.bpmn");
    let (code, report) = check_json(&[sample.to_str().unwrap()]);
    assert_eq!(diagnostics(&report), &Vec::<Value>::new());
    assert_eq!(code, 0);
    assert_eq!(report["summary"]["conformant"], true);
}

/// `line:column-end_line:end_column rule pointer: message`, one line per diagnostic.
fn positions(report: &Value) -> String {
    diagnostics(report)
        .iter()
        .map(|d| {
            format!(
                "{}:{}-{}:{} {} {}: {}",
                d["line"],
                d["column"],
                d["end_line"],
                d["end_column"],
                d["rule"].as_str().unwrap(),
                d["pointer"].as_str().unwrap_or(""),
                d["message"].as_str().unwrap()
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn findings_point_at_the_start_tag_of_the_element() {
    let model = r#"<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D">
  <bpmn:process id="P1">
    <bpmn:startEvent id="Start" name="Anträg empfangen"><bpmn:outgoing>F1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="Task_1">
      <bpmn:incoming>F1</bpmn:incoming>
    </bpmn:userTask>   <bpmn:task id="Täsk_2"
        name="" />
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Task_1" />
  </bpmn:process>
</bpmn:definitions>
"#;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("positions.bpmn");
    std::fs::write(&path, model).unwrap();
    let (code, report) = check_json(&["--standard", "public-service-process", path.to_str().unwrap()]);
    assert_eq!(code, 1);
    let text = positions(&report).replace(&path.display().to_string(), "positions.bpmn");
    insta::assert_snapshot!(text);
}

fn hostile(name: &str, bytes: &[u8]) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let (code, report) = check_json(&["--standard", "public-service-process", path.to_str().unwrap()]);
    assert_eq!(code, 1, "{report}");
    let found = diagnostics(&report);
    assert_eq!(found.len(), 1, "one syntax diagnostic: {report}");
    assert_eq!(found[0]["rule"], "syntax");
    found[0].clone()
}

#[test]
fn hostile_xml_is_refused_with_a_located_diagnostic() {
    let dir = root().join("fixtures/hostile/xml");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let diagnostic = hostile(&name, &std::fs::read(&path).unwrap());
        assert!(diagnostic["line"].as_u64().unwrap() >= 1, "{name}: {diagnostic}");
        seen += 1;
    }
    assert!(seen >= 5);
    let deep = format!("{}{}", "<a>".repeat(100_000), "</a>".repeat(100_000));
    let diagnostic = hostile("deep.bpmn", deep.as_bytes());
    assert!(diagnostic["message"].as_str().unwrap().contains("nested deeper"), "{diagnostic}");
}

#[test]
fn large_latin1_vendor_models_are_read() {
    let mut model = String::from(
        "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" xmlns:v=\"urn:vendor:x\" id=\"D\"><process id=\"P\">",
    );
    let mut i = 0;
    while model.len() < 1_100_000 {
        let _ = writeln!(
            model,
            "<task id=\"T{i}\" name=\"Pr\u{fc}fung {i}\" v:owner=\"x\"><extensionElements><v:meta><v:deep a=\"1\"/></v:meta></extensionElements></task>"
        );
        i += 1;
    }
    model.push_str("</process></definitions>\n");
    let (latin1, _, _) = encoding_rs::WINDOWS_1252.encode(&model);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vendor.bpmn");
    std::fs::write(&path, &latin1).unwrap();
    let (code, report) = check_json(&["--standard", "public-service-process", path.to_str().unwrap()]);
    assert_eq!(code, 1);
    let found = diagnostics(&report);
    assert!(found.iter().all(|d| d["rule"] != "syntax"), "read without syntax errors");
    let last = found.iter().rfind(|d| d["rule"] == "no-disconnected").unwrap();
    assert_eq!(last["pointer"], format!("/definitions/process[@id='P']/task[@id='T{}']", i - 1));
    assert_eq!(last["line"], i + 1);
    assert_eq!(last["column"], 1);
}

/// A folder holding a model whose time limit is 10 weeks, and `conform.toml` with `config`.
fn jurisdiction(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let model = root().join("fixtures/standards/public-service-process/2.0.0/time-limit/fail/ten-weeks.bpmn");
    std::fs::copy(model, dir.path().join("ten-weeks.bpmn")).unwrap();
    let inputs = "[[inputs]]\nglob = \"*.bpmn\"\nstandards = [\"public-service-process@2\"]\n";
    std::fs::write(dir.path().join("conform.toml"), format!("{inputs}{config}")).unwrap();
    dir
}

fn check_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = conform().current_dir(dir).env("CI", "").arg("check").args(args).output().unwrap();
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    (output.status.code().unwrap_or(-1), text(&output.stdout), text(&output.stderr))
}

#[test]
fn a_jurisdiction_sets_the_time_limit_in_conform_toml_and_every_report_says_so() {
    // By default a 10-week limit breaks the 8-week maximum.
    let dir = jurisdiction("");
    let (code, stdout, stderr) = check_in(dir.path(), &["--format", "json"]);
    assert_eq!(code, 1, "{stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    let rules: Vec<&str> = diagnostics(&report).iter().map(|d| d["rule"].as_str().unwrap()).collect();
    assert_eq!(rules, ["time-limit"], "{report:#}");
    assert!(report.get("parameters").is_none(), "no parameter differs from its default: {report:#}");
    // A jurisdiction whose law allows 10 weeks: the model conforms, and the report says under
    // which value.
    let dir = jurisdiction("\n[parameters.time-limit]\nmax-days = 70\n");
    let (code, stdout, stderr) = check_in(dir.path(), &["--format", "json"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(diagnostics(&report), &Vec::<Value>::new());
    assert_eq!(
        report["parameters"],
        serde_json::json!([{"standard": "public-service-process", "version": "2.0.0", "requirement": "time-limit",
            "name": "max-days", "value": 70, "default": 56}])
    );
    let (code, human, _) = check_in(dir.path(), &["--format", "human", "--color", "never"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!(human);
    // `explain` shows the texts with the value in force.
    let output = conform().current_dir(dir.path()).args(["explain", "time-limit"]).output().unwrap();
    let explained = String::from_utf8_lossy(&output.stdout);
    assert!(explained.contains("at most 70 days") && explained.contains("max-days = 70 (default 56)"), "{explained}");
    // A version that hard-wires the limit cannot take the setting: an error, not the old value.
    let (code, _, stderr) = check_in(dir.path(), &["--standard", "public-service-process@=1.0.0", "ten-weeks.bpmn"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("conform.toml:6:1: `max-days` is set for requirement time-limit, but public-service-process@1.0.0 does not declare that parameter"),
        "{stderr}"
    );
}
