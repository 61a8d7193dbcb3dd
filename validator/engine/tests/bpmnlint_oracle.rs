//! bpmnlint's own rule test models: with only one rule enabled, the `bpmn` engine reports
//! exactly the element ids bpmnlint 11.13.0 reported (`expected.json` of the corpus).

use std::collections::BTreeMap;
use std::path::PathBuf;

use conform_engine::bpmn::lint;
use conform_engine::bpmn::model::Model;

/// The corpus folder: `$BPMNLINT_CORPUS`, else `../shared/corpora/bpmnlint`.
fn corpus() -> Option<PathBuf> {
    std::env::var_os("BPMNLINT_CORPUS").map(PathBuf::from).or_else(|| conform_testing::corpus("bpmnlint"))
}

#[test]
fn every_fixture_reports_the_ids_bpmnlint_reports() {
    let Some(dir) = corpus() else { return };
    let expected: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("expected.json")).unwrap()).unwrap();
    let expected = expected.as_object().unwrap();
    let mut failures = Vec::new();
    for (file, case) in expected {
        let rule = case["rule"].as_str().unwrap();
        let mut want: Vec<String> =
            case["reports"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_owned()).collect();
        want.sort();
        let bytes = std::fs::read(dir.join("fixtures").join(file)).unwrap();
        let (model, _) = Model::parse(&bytes).unwrap_or_else(|err| panic!("{file}: {err}"));
        let check = (lint::rule(rule).unwrap().build)(&serde_json::Value::Null).unwrap();
        let mut reports = Vec::new();
        check(&model, &mut reports);
        let mut got: Vec<String> = reports.iter().map(|r| model.id(r.element).to_owned()).collect();
        got.sort();
        if got != want {
            failures.push(format!("{file}: expected {want:?}, got {got:?}"));
        }
    }
    let by_rule: BTreeMap<&str, usize> = expected.values().fold(BTreeMap::new(), |mut m, c| {
        *m.entry(c["rule"].as_str().unwrap()).or_default() += 1;
        m
    });
    assert_eq!(by_rule.len(), 27, "every rule has fixtures");
    assert!(failures.is_empty(), "{} of {} fixtures differ:\n{}", failures.len(), expected.len(), failures.join("\n"));
    println!("{} of {} fixtures match bpmnlint", expected.len() - failures.len(), expected.len());
}

#[test]
fn a_users_bpmnlintrc_compiles_into_a_plan() {
    use conform_diagnostics::{Level, Severity};
    use conform_engine::Input;
    use conform_engine::run::check_input;

    let dir = std::env::temp_dir().join(format!("conform-bpmnlintrc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let rc = dir.join(".bpmnlintrc");
    std::fs::write(&rc, r#"{ "extends": "bpmnlint:correctness", "rules": { "label-required": "warn", "single-blank-start-event": "off" } }"#).unwrap();
    let model = dir.join("model.bpmn");
    std::fs::write(
        &model,
        r#"<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="D">
  <process id="P"><startEvent id="A"/><startEvent id="B"/><task id="T"/></process>
</definitions>"#,
    )
    .unwrap();
    let plan = conform_engine::bpmn::ad_hoc_plan(&rc).unwrap();
    assert_eq!(plan.standards[0].checks.len(), 8);
    let outcome = check_input(&plan, &Input::file(model), None, &conform_formats::Limits::default()).unwrap();
    let found: Vec<(&str, Level, Severity, u32)> =
        outcome.diagnostics.iter().map(|d| (&*d.rule, d.level, d.severity, d.location.unwrap().start.line)).collect();
    assert_eq!(
        found,
        [
            ("label-required", Level::Should, Severity::Warning, 2),
            ("label-required", Level::Should, Severity::Warning, 2),
            ("label-required", Level::Should, Severity::Warning, 2),
        ]
    );
    let bad = dir.join("plugin.bpmnlintrc");
    std::fs::write(&bad, r#"{ "extends": "plugin:camunda-compat/camunda-platform-7-22" }"#).unwrap();
    let err = conform_engine::bpmn::ad_hoc_plan(&bad).err().unwrap().to_string();
    assert!(err.contains("plugins are not supported"), "{err}");
}
