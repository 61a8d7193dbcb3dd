//! End-to-end tests of `conform check --schema rules.sch` (ISO Schematron, ad hoc).

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

const RULES: &str = r#"<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">
  <pattern id="totals">
    <rule context="invoice">
      <assert id="INV-01" flag="fatal" test="@total = sum(line/@amount)">total <value-of select="@total"/> is not the sum of the lines</assert>
      <assert id="INV-02" flag="fatal" test="buyer">an invoice names its buyer</assert>
    </rule>
  </pattern>
</schema>
"#;

const FAILING: &str =
    "<?xml version=\"1.0\"?>\n<invoice total=\"10\">\n  <buyer/>\n  <line amount=\"4\"/>\n</invoice>\n";
const PASSING: &str = "<invoice total=\"4\"><buyer/><line amount=\"4\"/></invoice>\n";

/// Runs `conform check --schema <schema> -f json <input>`: exit code, report, stderr.
fn run(schema: &Path, input: &Path) -> (Option<i32>, Option<Value>, String) {
    let output = Command::cargo_bin("conform")
        .unwrap()
        .args(["check", "-f", "json", "--schema"])
        .arg(schema)
        .arg(input)
        .output()
        .unwrap();
    (
        output.status.code(),
        serde_json::from_slice(&output.stdout).ok(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_failed_assert_is_a_finding_at_its_context_node() {
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join("rules.sch");
    std::fs::write(&schema, RULES).unwrap();
    let failing = dir.path().join("failing.xml");
    std::fs::write(&failing, FAILING).unwrap();
    let (code, report, stderr) = run(&schema, &failing);
    assert_eq!(code, Some(1), "{stderr}");
    let diagnostics = report.unwrap()["diagnostics"].as_array().unwrap().clone();
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    let d = &diagnostics[0];
    assert_eq!(d["rule"], "INV-01", "{d:#}");
    assert_eq!(d["line"], 2, "{d:#}");
    assert_eq!(d["column"], 1, "{d:#}");
    assert_eq!(d["message"], "total 10 is not the sum of the lines", "{d:#}");

    let passing = dir.path().join("passing.xml");
    std::fs::write(&passing, PASSING).unwrap();
    let (code, _, stderr) = run(&schema, &passing);
    assert_eq!(code, Some(0), "{stderr}");
}

#[test]
fn a_broken_schema_is_exit_2_with_its_position() {
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join("broken.sch");
    std::fs::write(&schema, RULES.replace("sum(line/@amount)", "sum(line/@amount")).unwrap();
    let input = dir.path().join("passing.xml");
    std::fs::write(&input, PASSING).unwrap();
    let (code, _, stderr) = run(&schema, &input);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("broken.sch:4:"), "{stderr}");
}

#[test]
fn en16931_ubl_example_passes_the_official_rules() {
    let Some(corpus) = conform_testing::corpus("en16931/ubl") else { return };
    let schema = corpus.join("schematron/EN16931-UBL-validation.sch");
    let (code, report, stderr) = run(&schema, &corpus.join("examples/ubl-tc434-example1.xml"));
    assert_eq!(code, Some(0), "{stderr}");
    let report = report.unwrap();
    let fatal: Vec<&Value> =
        report["diagnostics"].as_array().unwrap().iter().filter(|d| d["severity"] == "error").collect();
    assert!(fatal.is_empty(), "{fatal:#?}");
}
