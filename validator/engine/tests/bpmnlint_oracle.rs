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
