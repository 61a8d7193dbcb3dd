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

/// Runs `conform ARGS` in `dir` (the embedded catalog): exit code, stdout, stderr.
fn conform_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> (Option<i32>, String, String) {
    let mut command = Command::cargo_bin("conform").unwrap();
    command.current_dir(dir).args(args);
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn fixture(standard: &str, requirement: &str, expect: &str, name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/standards")
        .join(standard)
        .join("1.3.16")
        .join(requirement)
        .join(expect)
        .join(name)
}

/// The `(file name, standard, rule, level)` of every diagnostic of a JSON report.
fn findings(report: &Value) -> Vec<(String, String, String, String)> {
    let mut found: Vec<_> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let file = Path::new(d["file"].as_str().unwrap()).file_name().unwrap().to_string_lossy().into_owned();
            let text = |key: &str| d[key].as_str().unwrap_or_default().to_owned();
            (file, text("standard"), text("rule"), text("level"))
        })
        .collect();
    found.sort();
    found
}

#[test]
fn a_directory_of_mixed_ubl_and_cii_invoices_is_checked_by_content() {
    let dir = tempfile::tempdir().unwrap();
    let invoices = dir.path().join("invoices");
    std::fs::create_dir(&invoices).unwrap();
    let copy = |from: std::path::PathBuf, to: &str| std::fs::copy(from, invoices.join(to)).unwrap();
    copy(fixture("en16931-ubl", "EN16931-UBL-RULES", "fail", "wrong-total.xml"), "a.xml");
    copy(fixture("en16931-cii", "EN16931-CII-RULES", "fail", "unknown-currency.xml"), "b.xml");
    copy(fixture("en16931-cii", "EN16931-CII-RULES", "pass", "invoice.xml"), "c.xml");
    copy(fixture("en16931-ubl", "EN16931-UBL-RULES", "pass", "invoice.xml"), "d.xml");
    // A UBL invoice of another specification, and an XML file that is no invoice at all.
    let other = std::fs::read_to_string(invoices.join("d.xml"))
        .unwrap()
        .replace("<cbc:CustomizationID>urn:cen.eu:en16931:2017<", "<cbc:CustomizationID>urn:cen.eu:en16931:2017x<");
    std::fs::write(invoices.join("e.xml"), other).unwrap();
    std::fs::write(invoices.join("note.xml"), "<note>hello</note>\n").unwrap();

    let (code, stdout, stderr) = conform_in(dir.path(), &["check", "invoices", "-f", "json", "--no-config"], &[]);
    assert_eq!(code, Some(1), "{stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    let owned = |a: &str, b: &str, c: &str, d: &str| (a.to_owned(), b.to_owned(), c.to_owned(), d.to_owned());
    let expected = vec![
        owned("a.xml", "en16931-ubl", "BR-CO-15", "MUST"),
        owned("b.xml", "en16931-cii", "BR-CL-04", "MUST"),
        owned("b.xml", "en16931-cii", "BR-CO-15", "MUST"),
    ];
    assert_eq!(findings(&report), expected, "{stdout}");
    assert_eq!(report["summary"]["files"], 4, "{stdout}");
    let skipped: Vec<(String, String)> = report["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["file"].as_str().unwrap().to_owned(), s["reason"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(skipped.len(), 2, "{skipped:#?}");
    for (file, reason) in &skipped {
        assert!(file.ends_with("e.xml") || file.ends_with("note.xml"), "{file}");
        assert!(reason.contains("matches no scenario"), "{reason}");
    }
    assert!(skipped.iter().any(|(_, r)| r.contains("CustomizationID `urn:cen.eu:en16931:2017x`")), "{skipped:#?}");
}

#[test]
fn explain_gives_a_schematron_rule_text_context_and_test() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = conform_in(dir.path(), &["explain", "BR-CO-15"], &[]);
    assert_eq!(code, Some(0), "{stderr}");
    for expected in [
        "BR-CO-15 (en16931-ubl@1.3.16, in requirement EN16931-UBL-RULES) — [BR-CO-15]-Invoice total amount with VAT (BT-112)",
        "BR-CO-15 (en16931-cii@1.3.16, in requirement EN16931-CII-RULES)",
        "level: MUST (error); flag: fatal",
        "/ubl:Invoice | /cn:CreditNote",
        "every $Currency in cbc:DocumentCurrencyCode satisfies",
    ] {
        assert!(stdout.contains(expected), "missing `{expected}` in:\n{stdout}");
    }
    let (code, stdout, _) = conform_in(dir.path(), &["explain", "BR-S-08"], &[]);
    assert_eq!(code, Some(0));
    assert!(stdout.contains("BR-S-08 (en16931-ubl@1.3.16"), "{stdout}");
}

#[test]
fn phase_selects_the_patterns_that_run() {
    let dir = tempfile::tempdir().unwrap();
    let invoice = fixture("en16931-ubl", "EN16931-UBL-RULES", "fail", "unknown-currency.xml");
    let invoice = invoice.to_str().unwrap();
    // Each Schematron schema the run compiles must have the phase: the UBL and CII artefacts
    // name their model phases differently, so the standard is named.
    let run = |phase: &str| {
        let args = ["check", invoice, "-f", "json", "--no-config", "--standard", "en16931-ubl", "--phase", phase];
        let (code, stdout, stderr) = conform_in(dir.path(), &args, &[]);
        (code, serde_json::from_str::<Value>(&stdout).ok().map(|r| findings(&r)), stderr)
    };
    let rules = |found: &[(String, String, String, String)]| found.iter().map(|f| f.2.clone()).collect::<Vec<_>>();
    let (code, found, stderr) = run("codelist_phase");
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(rules(&found.unwrap()), ["BR-CL-04"]);
    let (code, found, stderr) = run("EN16931model_phase");
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(rules(&found.unwrap()), ["BR-CO-15"]);
    let (code, found, stderr) = run("#ALL");
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(rules(&found.unwrap()), ["BR-CL-04", "BR-CO-15"]);
    let (code, _, stderr) = run("no-such-phase");
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("no phase `no-such-phase`"), "{stderr}");

    // Ad hoc, and refused where there is no Schematron schema.
    let schema = dir.path().join("rules.sch");
    std::fs::write(&schema, RULES.replace("<pattern id=\"totals\">", "<phase id=\"none\"/><pattern id=\"totals\">"))
        .unwrap();
    std::fs::write(dir.path().join("failing.xml"), FAILING).unwrap();
    let args = ["check", "failing.xml", "--schema", "rules.sch", "--phase", "none"];
    let (code, _, stderr) = conform_in(dir.path(), &args, &[]);
    assert_eq!(code, Some(0), "a phase with no pattern checks nothing here: {stderr}");
    let (code, _, stderr) = conform_in(dir.path(), &["check", "failing.xml", "--schema", "rules.sch"], &[]);
    assert_eq!(code, Some(1), "{stderr}");
    std::fs::write(dir.path().join("s.json"), "{}").unwrap();
    std::fs::write(dir.path().join("d.json"), "{}").unwrap();
    let (code, _, stderr) = conform_in(dir.path(), &["check", "d.json", "--schema", "s.json", "--phase", "x"], &[]);
    assert_eq!(code, Some(2), "{stderr}");
}

/// A schema with one assert testing `test` on the root element.
fn one_assert(test: &str) -> String {
    format!(
        "<schema xmlns=\"http://purl.oclc.org/dsdl/schematron\" queryBinding=\"xslt3\">\
         <pattern id=\"P\"><rule context=\"/*\"><assert id=\"HOSTILE\" test=\"{test}\">x</assert></rule></pattern></schema>"
    )
}

#[test]
fn an_expression_that_never_ends_is_stopped_at_the_deadline() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("forever.sch"),
        one_assert("every $i in 1 to 100000, $j in 1 to 100000 satisfies $i + $j gt 0"),
    )
    .unwrap();
    std::fs::write(dir.path().join("a.xml"), "<a/>").unwrap();
    std::fs::write(dir.path().join("b.xml"), "<b/>").unwrap();
    let args = ["check", "a.xml", "b.xml", "--schema", "forever.sch", "-f", "json"];
    let (code, stdout, stderr) = conform_in(dir.path(), &args, &[("CONFORM_SCHEMATRON_TIMEOUT", "1")]);
    assert_eq!(code, Some(2), "{stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_ne!(report["summary"]["conformant"], true);
    // Each document is stopped at the deadline: the first one's evaluation is cancelled, so
    // the second is checked (and stopped) too rather than refused.
    let errors = report["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 2, "{stdout}");
    for error in errors {
        let message = error["message"].as_str().unwrap();
        assert!(message.contains("did not finish within 1 s and were stopped"), "{message}");
        assert!(message.contains("the document is not checked"), "{message}");
    }
}

#[test]
fn deep_recursion_is_a_finding_and_a_huge_document_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let recursion =
        "let $f := function($f, $n) { if ($n = 0) then 0 else 1 + $f($f, $n - 1) } return $f($f, 10000000) gt 0";
    std::fs::write(dir.path().join("deep.sch"), one_assert(recursion)).unwrap();
    std::fs::write(dir.path().join("a.xml"), "<a/>").unwrap();
    let (code, stdout, stderr) = conform_in(dir.path(), &["check", "a.xml", "--schema", "deep.sch", "-f", "json"], &[]);
    assert_eq!(code, Some(1), "{stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    let d = &report["diagnostics"][0];
    assert_eq!(d["rule"], "HOSTILE", "{stdout}");
    assert!(d["message"].as_str().unwrap().starts_with("cannot evaluate"), "{stdout}");

    // Over the 64 MiB a Schematron document may have.
    let mut huge = b"<a>".to_vec();
    huge.resize(65 * 1024 * 1024, b' ');
    huge.extend_from_slice(b"</a>");
    std::fs::write(dir.path().join("huge.xml"), huge).unwrap();
    std::fs::write(dir.path().join("simple.sch"), one_assert("true()")).unwrap();
    let (code, stdout, stderr) =
        conform_in(dir.path(), &["check", "huge.xml", "--schema", "simple.sch", "-f", "json"], &[]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stdout.contains("larger than the 64 MiB limit"), "{stdout}");
}

#[test]
fn a_document_nested_deeper_than_the_limit_is_a_finding_at_the_deep_element() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("simple.sch"), one_assert("true()")).unwrap();
    let deep = format!("{}{}", "<a>".repeat(600), "</a>".repeat(600));
    std::fs::write(dir.path().join("deep.xml"), deep).unwrap();
    let args = ["check", "deep.xml", "--schema", "simple.sch", "-f", "json"];
    let (code, stdout, stderr) = conform_in(dir.path(), &args, &[]);
    assert_eq!(code, Some(1), "{stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    let d = &report["diagnostics"][0];
    assert!(d["message"].as_str().unwrap().contains("nested deeper than 512 levels"), "{stdout}");
    // The element that opens level 513 starts at column 1 + 512 * 3.
    assert_eq!(d["column"], 1537, "{stdout}");
}

#[test]
fn rules_settings_name_schematron_asserts_by_their_id() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("en16931-ubl", "EN16931-UBL-RULES", "fail", "wrong-total.xml"), dir.path().join("a.xml"))
        .unwrap();
    let config = |rules: &str| std::fs::write(dir.path().join("conform.toml"), format!("[rules]\n{rules}")).unwrap();
    let check = || conform_in(dir.path(), &["check", "a.xml", "-f", "json"], &[]);

    config("BR-CO-15 = \"warning\"\n");
    let (code, stdout, stderr) = check();
    assert_eq!(code, Some(0), "{stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    let diagnostics = report["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{stdout}");
    assert_eq!(diagnostics[0]["rule"], "BR-CO-15", "{stdout}");
    assert_eq!(diagnostics[0]["severity"], "warning", "{stdout}");

    config("BR-CO-15 = \"off\"\n");
    let (code, stdout, stderr) = check();
    assert_eq!(code, Some(0), "{stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["diagnostics"].as_array().unwrap().len(), 0, "{stdout}");

    // An assert id no Schematron requirement has is refused at its position.
    config("BR-CO-99 = \"off\"\n");
    let (code, _, stderr) = check();
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("conform.toml:2:1: `[rules]` names unknown rule `BR-CO-99`"), "{stderr}");
}

#[test]
fn svrl_reports_the_findings_of_one_document_and_refuses_several() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("rules.sch"), RULES).unwrap();
    std::fs::write(dir.path().join("failing.xml"), FAILING.replace("<buyer/>", "")).unwrap();
    std::fs::write(dir.path().join("passing.xml"), PASSING).unwrap();
    let args = ["check", "--no-config", "--schema", "rules.sch", "--format", "svrl"];
    let (code, svrl, stderr) = conform_in(dir.path(), &[&args[..], &["failing.xml"]].concat(), &[]);
    assert_eq!(code, Some(1), "{stderr}");
    roxmltree::Document::parse(&svrl).expect("well-formed SVRL");
    insta::assert_snapshot!(svrl.replace(env!("CARGO_PKG_VERSION"), "[version]"));

    // --output by extension; a passing document is an SVRL report without failed asserts.
    let (code, _, stderr) = conform_in(
        dir.path(),
        &["check", "--no-config", "--schema", "rules.sch", "-o", "out.svrl", "passing.xml"],
        &[],
    );
    assert_eq!(code, Some(0), "{stderr}");
    let svrl = std::fs::read_to_string(dir.path().join("out.svrl")).unwrap();
    assert!(svrl.contains("<svrl:active-pattern") && !svrl.contains("failed-assert"), "{svrl}");

    // Two documents: SVRL describes one, so the run stops (exit 2), the file is left empty.
    let (code, stdout, stderr) = conform_in(
        dir.path(),
        &[
            "check",
            "--no-config",
            "--schema",
            "rules.sch",
            "-f",
            "svrl",
            "-o",
            "out.svrl",
            "failing.xml",
            "passing.xml",
        ],
        &[],
    );
    assert_eq!(code, Some(2), "{stdout}{stderr}");
    assert!(stderr.contains("an SVRL report describes one document and 2 were checked"), "{stderr}");
    assert_eq!(std::fs::read_to_string(dir.path().join("out.svrl")).unwrap(), "");
}
