//! End-to-end tests of the `xsd` engine through the `conform` binary.
//!
//! The CII oracle: every example and mutated invoice of `../shared/corpora/cii` gets the
//! same verdict as `xmllint --schema` (recorded in `invalid/expected.json`), and the first
//! finding is on the line of xmllint's first error.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

const CII_ENTRY: &str = "schema/D16B/CII/uncefact/data/standard/CrossIndustryInvoice_100pD16B.xsd";

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A catalog directory in a temporary folder with one standard, `cii@1.0.0`, whose schema
/// tree is copied from the corpus at test time.
fn cii_catalog(corpus: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("catalog.toml"),
        "id = \"cii-oracle\"\nversion = \"0.1.0\"\ntitle = \"CII oracle\"\ndocs-url = \"https://conform.dev/reference/{standard}/{version}/#{rule}\"\n",
    )
    .unwrap();
    let standard = dir.path().join("data/cii/1.0.0");
    copy_tree(&corpus.join("schema"), &standard.join("schema"));
    let toml = format!(
        r#"id = "cii"
version = "1.0.0"
kind = "data"
title = "UN/CEFACT Cross Industry Invoice D16B"
description = "CII invoices (EN 16931 syntax)."
status = "active"
effective = "2026-01-01"
detect = {{ formats = ["xml"], files = ["**/*.xml"] }}

[[requirement]]
id = "CII-XSD"
level = "MUST"
title = "An invoice conforms to the CII D16B schema"
check = {{ engine = "xsd", schema = "{CII_ENTRY}" }}
rationale = "Receivers validate against the schema first."
fix = "Correct the element named in the finding."
"#
    );
    std::fs::write(standard.join("standard.toml"), toml).unwrap();
    dir
}

/// Runs `conform check` on `files` and returns each file's diagnostics (sorted).
fn check(catalog: &Path, standard: &str, files: &[PathBuf]) -> BTreeMap<String, Vec<Value>> {
    let output = Command::cargo_bin("conform")
        .unwrap()
        .args(["check", "--catalog"])
        .arg(catalog)
        .args(["-s", standard, "-f", "json", "-j", "1"])
        .args(files)
        .output()
        .unwrap();
    let code = output.status.code();
    assert!(matches!(code, Some(0 | 1)), "exit {code:?}: {}", String::from_utf8_lossy(&output.stderr));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut by_file: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for d in report["diagnostics"].as_array().unwrap() {
        let name = Path::new(d["file"].as_str().unwrap()).file_name().unwrap().to_string_lossy().into_owned();
        by_file.entry(name).or_default().push(d.clone());
    }
    by_file
}

fn xml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
        .collect();
    files.sort();
    files
}

#[test]
fn cii_verdicts_and_first_lines_match_xmllint() {
    let Some(corpus) = conform_testing::corpus("cii") else { return };
    let catalog = cii_catalog(&corpus);
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(corpus.join("invalid/expected.json")).unwrap()).unwrap();
    let examples = xml_files(&corpus.join("examples"));
    let invalid = xml_files(&corpus.join("invalid"));
    let found = check(catalog.path(), "cii", &[examples.clone(), invalid.clone()].concat());
    let mut mismatches = Vec::new();
    let mut compared = 0;
    for file in examples.iter().chain(&invalid) {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let (valid, line) = match expected.get(&name) {
            Some(e) => (e["xmllint_valid"].as_bool().unwrap(), e["errors"][0]["line"].as_u64()),
            None => (true, None),
        };
        let diagnostics = found.get(&name).map_or(&[][..], Vec::as_slice);
        let first = diagnostics.first();
        compared += 1;
        if valid != diagnostics.is_empty() {
            mismatches.push(format!("{name}: xmllint valid={valid}, conform found {diagnostics:?}"));
        } else if let (Some(line), Some(first)) = (line, first)
            && first["line"].as_u64() != Some(line)
        {
            mismatches.push(format!("{name}: xmllint's first error is on line {line}, conform's: {first}"));
        }
    }
    assert_eq!(compared, 61, "the corpus has 15 examples and 46 mutations");
    assert!(mismatches.is_empty(), "{} of {compared} differ:\n{}", mismatches.len(), mismatches.join("\n"));
}

#[test]
fn cii_findings_name_the_path_and_the_alternatives() {
    let Some(corpus) = conform_testing::corpus("cii") else { return };
    let catalog = cii_catalog(&corpus);
    let file = corpus.join("invalid/CII_business_example_01-2-unknown-element.xml");
    let found = check(catalog.path(), "cii", &[file]);
    let first = &found["CII_business_example_01-2-unknown-element.xml"][0];
    insta::assert_snapshot!(format!(
        "{}:{}-{}:{} {}\n{}",
        first["line"], first["column"], first["end_line"], first["end_column"], first["pointer"], first["message"]
    ));
}

#[test]
fn birth_registration_fixtures() {
    let root = conform_testing::workspace_root();
    let base = root.join("fixtures/standards/birth-registration/2.0.0/BR-001");
    let catalog = root.join("standards");
    let pass = xml_files(&base.join("pass"));
    let fail = xml_files(&base.join("fail"));
    let found = check(&catalog, "birth-registration", &[pass.clone(), fail.clone()].concat());
    for file in &pass {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        assert!(!found.contains_key(&name), "{name} should pass: {:?}", found.get(&name));
    }
    let mut summary = String::new();
    for file in &fail {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let diagnostics = found.get(&name).unwrap_or_else(|| panic!("{name} should fail"));
        for d in diagnostics {
            assert_eq!(d["rule"], "BR-001");
            writeln!(
                summary,
                "{name}:{}:{} {} | {}",
                d["line"],
                d["column"],
                d["pointer"].as_str().unwrap_or(""),
                d["message"].as_str().unwrap_or("")
            )
            .unwrap();
        }
    }
    insta::assert_snapshot!(summary);
}

#[test]
fn hostile_inputs_give_findings_not_panics() {
    let root = conform_testing::workspace_root();
    let catalog = root.join("standards");
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "laughs-birth.xml",
            br#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><lolz>&lol2;</lolz>"#.to_vec(),
        ),
        (
            "xxe-birth.xml",
            br#"<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>"#.to_vec(),
        ),
        ("deep-birth.xml", format!("{}{}", "<a>".repeat(100_000), "</a>".repeat(100_000)).into_bytes()),
        ("utf8-birth.xml", b"<a>\xff\xfe</a>".to_vec()),
        ("big-text-birth.xml", {
            let mut v = b"<br:BirthRegistration xmlns:br=\"urn:conform:civil-registry:birth-registration:1\"><br:Remarks>".to_vec();
            v.extend(std::iter::repeat_n(b'x', 100 * 1024 * 1024));
            v.extend(b"</br:Remarks></br:BirthRegistration>");
            v
        }),
    ];
    for (name, bytes) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let found = check(&catalog, "birth-registration", &[path]);
        let diagnostics = &found[name];
        assert!(!diagnostics.is_empty(), "{name}");
        assert!(diagnostics[0]["line"].as_u64().is_some(), "{name}: {diagnostics:?}");
    }
}

/// Runs `conform check --schema SCHEMA` in `cwd`; returns the exit code and the report.
fn check_ad_hoc(cwd: &Path, schema: &Path, files: &[PathBuf]) -> (Option<i32>, Value, String) {
    let output = Command::cargo_bin("conform")
        .unwrap()
        .current_dir(cwd)
        .arg("check")
        .arg("--schema")
        .arg(schema)
        .args(["-f", "json", "-j", "1"])
        .args(files)
        .output()
        .unwrap();
    let report = serde_json::from_slice(&output.stdout).unwrap_or(Value::Null);
    (output.status.code(), report, String::from_utf8_lossy(&output.stderr).into_owned())
}

#[test]
fn an_xsd_schema_file_checks_xml_without_a_catalog() {
    let root = conform_testing::workspace_root();
    let schema = Path::new("standards/data/birth-registration/1.0.0/xsd/birth-registration.xsd");
    let base = root.join("fixtures/standards/birth-registration/1.0.0/BR-001");
    let fail = xml_files(&base.join("fail"));
    let (code, report, stderr) = check_ad_hoc(&root, schema, &[xml_files(&base.join("pass")), fail].concat());
    assert_eq!(code, Some(1), "{stderr}");
    let mut summary = String::new();
    for d in report["diagnostics"].as_array().unwrap() {
        let name = Path::new(d["file"].as_str().unwrap()).file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(d["rule"], "schema");
        writeln!(
            summary,
            "{name}:{}:{}-{}:{} {} | {}",
            d["line"],
            d["column"],
            d["end_line"],
            d["end_column"],
            d["pointer"].as_str().unwrap_or(""),
            d["message"].as_str().unwrap_or("")
        )
        .unwrap();
    }
    insta::assert_snapshot!(summary);
}

#[test]
fn an_xsd_schema_file_cannot_reach_outside_its_tree() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("schemas")).unwrap();
    std::fs::write(
        dir.path().join("schemas/evil.xsd"),
        r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:include schemaLocation="../../outside.xsd"/>
</xs:schema>"#,
    )
    .unwrap();
    std::fs::write(dir.path().join("a.xml"), "<a/>").unwrap();
    let (code, _, stderr) = check_ad_hoc(dir.path(), Path::new("schemas/evil.xsd"), &[dir.path().join("a.xml")]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("evil.xsd:2:3") && stderr.contains("outside"), "{stderr}");
}

#[test]
fn an_invalid_schema_reports_every_problem_at_its_place() {
    let dir = tempfile::tempdir().unwrap();
    // Two schema-for-schemas problems in the entry document, one in the included one.
    std::fs::write(
        dir.path().join("main.xsd"),
        r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:include schemaLocation="types.xsd"/>
  <xs:element name="a">
    <xs:complexType>
      <xs:sequnce><xs:element name="b" type="code"/></xs:sequnce>
    </xs:complexType>
  </xs:element>
  <xs:element name="c" minOccur="1"/>
</xs:schema>
"#,
    )
    .unwrap();
    std::fs::write(
        dir.path().join("types.xsd"),
        r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:simpleType name="code">
    <xs:restriction base="xs:string"><xs:maxLength value="3" fixd="true"/></xs:restriction>
  </xs:simpleType>
</xs:schema>
"#,
    )
    .unwrap();
    // Component problems (once the vocabulary is right): two undefined types, a facet
    // that does not apply, in separate components.
    std::fs::write(
        dir.path().join("components.xsd"),
        r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="a" type="missing"/>
  <xs:simpleType name="n">
    <xs:restriction base="xs:integer"><xs:maxLength value="3"/></xs:restriction>
  </xs:simpleType>
  <xs:complexType name="t">
    <xs:sequence><xs:element name="x" type="alsoMissing"/></xs:sequence>
  </xs:complexType>
</xs:schema>
"#,
    )
    .unwrap();
    std::fs::write(dir.path().join("a.xml"), "<a/>").unwrap();
    let mut summary = String::new();
    for schema in ["main.xsd", "components.xsd"] {
        let (code, _, stderr) = check_ad_hoc(dir.path(), Path::new(schema), &[dir.path().join("a.xml")]);
        assert_eq!(code, Some(2), "{stderr}");
        let stderr = stderr.replace(&format!("{}{}", dir.path().display(), std::path::MAIN_SEPARATOR), "");
        writeln!(summary, "{schema}:\n{stderr}").unwrap();
    }
    // Every problem, each with its line and column.
    for place in [
        "main.xsd:5:7",
        "main.xsd:8:3",
        "types.xsd:3:38",
        "components.xsd:2:3",
        "components.xsd:4:39",
        "components.xsd:7:18",
    ] {
        assert!(summary.contains(place), "{place} missing:\n{summary}");
    }
    insta::assert_snapshot!(summary);
}

#[test]
fn a_remote_import_is_not_fetched_and_lax_content_of_its_namespace_is_a_finding() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("s.xsd"),
        r###"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:import namespace="urn:remote" schemaLocation="http://example.org/remote.xsd"/>
  <xs:element name="a">
    <xs:complexType>
      <xs:sequence><xs:any namespace="##other" processContents="lax" maxOccurs="unbounded"/></xs:sequence>
    </xs:complexType>
  </xs:element>
</xs:schema>
"###,
    )
    .unwrap();
    std::fs::write(dir.path().join("other.xml"), "<a><o xmlns=\"urn:other\"/></a>").unwrap();
    std::fs::write(dir.path().join("remote.xml"), "<a><r xmlns=\"urn:remote\"/></a>").unwrap();
    let (code, report, stderr) = check_ad_hoc(dir.path(), Path::new("s.xsd"), &[dir.path().join("other.xml")]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(report["diagnostics"].as_array().unwrap().len(), 0);
    let (code, report, stderr) = check_ad_hoc(dir.path(), Path::new("s.xsd"), &[dir.path().join("remote.xml")]);
    assert_eq!(code, Some(1), "{stderr}");
    let diagnostics = report["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(diagnostics[0]["column"], 4);
    assert!(diagnostics[0]["message"].as_str().unwrap().contains("never fetched"), "{diagnostics:?}");
    // A root of the unfetched namespace has no declaration, and the finding says why.
    std::fs::write(dir.path().join("root.xml"), "<r xmlns=\"urn:remote\"/>").unwrap();
    let (code, report, stderr) = check_ad_hoc(dir.path(), Path::new("s.xsd"), &[dir.path().join("root.xml")]);
    assert_eq!(code, Some(1), "{stderr}");
    let message = report["diagnostics"][0]["message"].as_str().unwrap();
    assert!(message.contains("http://example.org/remote.xsd") && message.contains("never fetched"), "{message}");
}
