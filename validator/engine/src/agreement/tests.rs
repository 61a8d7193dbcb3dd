use serde_json::json;

use crate::artifacts::ArtifactRoot;
use crate::json_schema::JsonSchemaCheck;
use crate::{CompileError, DocumentKind, PointerFinding, RecordCheck};

fn compile(schema: &serde_json::Value) -> Result<JsonSchemaCheck, CompileError> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("codelists/cur")).unwrap();
    std::fs::write(
        dir.path().join("codelists/cur/1.csv"),
        "code,label,valid_from,valid_to\nEUR,Euro,1999-01-01,\nHRK,Kuna,1994-05-30,2022-12-31\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("s.json"), schema.to_string()).unwrap();
    JsonSchemaCheck::compile(&ArtifactRoot::Directory(dir.path().to_owned()), "s.json", true, None)
}

fn findings(check: &JsonSchemaCheck, value: &serde_json::Value) -> Vec<PointerFinding> {
    let mut out = Vec::new();
    check.check_value(value, DocumentKind::Record, &mut out);
    out
}

fn person() -> serde_json::Value {
    json!({"conform:agrees": [
        {"identifier": "/id", "format": "gb11643", "component": "birthDate", "equals": "/birthDate"},
        {"identifier": "/id", "format": "gb11643", "component": "sex", "equals": "/sex"}
    ]})
}

#[test]
fn identifier_components_agree_with_fields() {
    let check = compile(&person()).unwrap();
    let ok = json!({"id": "11010519491231002X", "birthDate": "1949-12-31", "sex": "2"});
    assert!(findings(&check, &ok).is_empty());
    let wrong = json!({"id": "11010519491231002X", "birthDate": "1949-12-30", "sex": "1"});
    let out = findings(&check, &wrong);
    assert_eq!(out.len(), 2, "{out:?}");
    assert!(out[0].message.contains("/birthDate"), "{}", out[0].message);
    assert!(out[1].message.contains("\"2\""), "{}", out[1].message);
    // An invalid or missing identifier is the format rule's business.
    assert!(findings(&check, &json!({"id": "11010519491231002Y", "sex": "1"})).is_empty());
    assert!(findings(&check, &json!({"sex": "1"})).is_empty());
}

#[test]
fn malformed_rules_do_not_compile() {
    for schema in [
        json!({"conform:agrees": {}}),
        json!({"conform:agrees": [{"identifier": "/id", "format": "gb11643", "component": "eyes", "equals": "/e"}]}),
        json!({"conform:agrees": [{"identifier": "/id", "format": "nope", "component": "sex", "equals": "/s"}]}),
        json!({"conform:agrees": [{"identifier": "id", "format": "gb11643", "component": "sex", "equals": "/s"}]}),
        json!({"conform:agrees": [{"identifier": "/id", "format": "gb11643", "component": "sex", "equals": "/s", "x": "1"}]}),
        json!({"conform:codelistOn": [{"code": "/c", "list": "cur@1"}]}),
        json!({"conform:codelistOn": [{"code": "/c", "list": "missing@1", "date": "/d"}]}),
    ] {
        assert!(compile(&schema).is_err(), "{schema}");
    }
}

#[test]
fn codes_are_checked_against_the_list_in_force_on_the_record_date() {
    let check =
        compile(&json!({"conform:codelistOn": [{"code": "/currency", "list": "cur@1", "date": "/year"}]})).unwrap();
    assert!(findings(&check, &json!({"currency": "HRK", "year": 2022})).is_empty());
    assert!(findings(&check, &json!({"currency": "HRK", "year": "2022-12-31"})).is_empty());
    assert!(findings(&check, &json!({"currency": "EUR", "year": "2023-01"})).is_empty());
    assert_eq!(findings(&check, &json!({"currency": "HRK", "year": 2024})).len(), 1);
    assert_eq!(findings(&check, &json!({"currency": "HRK", "year": "2023-01-01"})).len(), 1);
    assert_eq!(findings(&check, &json!({"currency": "XXX", "year": 2022})).len(), 1);
    assert_eq!(findings(&check, &json!({"currency": "HRK"})).len(), 1, "no date: fail closed");
    assert_eq!(findings(&check, &json!({"currency": "HRK", "year": "soon"})).len(), 1);
    assert!(findings(&check, &json!({"year": 2024})).is_empty(), "no code: `required` reports it");
}
