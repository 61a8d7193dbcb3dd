//! Whole-table behaviour: v2 keys and categories, labels as frictionless reads them.

use super::*;

/// The (row, field, message) of each finding on `csv` (bytes) against `schema`.
fn check(schema: &str, csv: &[u8], params: Params) -> Vec<(u64, Option<String>, String)> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("schema.json"), schema).unwrap();
    std::fs::write(dir.path().join("data.csv"), csv).unwrap();
    let params = Params { schema: "schema.json".to_owned(), ..params };
    let check = TableSchemaCheck::compile(&ArtifactRoot::Directory(dir.path().to_owned()), &params).unwrap();
    let mut out = Vec::new();
    check.check_file(&Input::file(dir.path().join("data.csv")), Format::Csv, &mut out).unwrap();
    out.into_iter()
        .map(|f| match f.locator {
            Locator::Cell { row, field } => (row, field, f.message),
            other => panic!("not a cell locator: {other:?}"),
        })
        .collect()
}

fn kinds(found: &[(u64, Option<String>, String)]) -> Vec<(u64, &str)> {
    found.iter().map(|(row, _, message)| (*row, message.split(':').next().unwrap_or_default())).collect()
}

#[test]
fn unique_keys_and_categories_are_checked() {
    let schema = r#"{"fields": [{"name": "a", "type": "integer"}, {"name": "b", "categories": ["x", "y"]}],
        "uniqueKeys": [["a", "b"]]}"#;
    let found = check(schema, b"a,b\n1,x\n1,x\n1,y\n,x\n,x\n2,z\n", Params::default());
    assert_eq!(kinds(&found), [(3, "unique-error"), (7, "constraint-error")]);
}

#[test]
fn labels_are_decoded_trimmed_and_compared_as_frictionless() {
    let schema = r#"{"fields": [{"name": "Année"}, {"name": "montant"}]}"#;
    let params = Params { encoding: Some("windows-1252".to_owned()), ..Params::default() };
    assert!(check(schema, b"Ann\xe9e , montant\n2024,1\n", params).is_empty());
    let found = check(schema, b"ANN\xc3\x89E,montant\n2024,1\n", Params::default());
    assert_eq!(kinds(&found), [(1, "incorrect-label")]);
}

#[test]
fn a_dialect_file_sets_header_rows_comments_and_case() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("dialect.json"),
        r##"{"headerRows": [2], "commentChar": "#", "headerCase": false}"##,
    )
    .unwrap();
    std::fs::write(dir.path().join("schema.json"), r#"{"fields": [{"name": "id", "type": "integer"}]}"#).unwrap();
    std::fs::write(dir.path().join("data.csv"), "Title\nID\n# note\n1\nx\n").unwrap();
    let params =
        Params { schema: "schema.json".to_owned(), dialect: Some("dialect.json".to_owned()), ..Params::default() };
    let check = TableSchemaCheck::compile(&ArtifactRoot::Directory(dir.path().to_owned()), &params).unwrap();
    let mut out = Vec::new();
    check.check_file(&Input::file(dir.path().join("data.csv")), Format::Csv, &mut out).unwrap();
    let rows: Vec<_> =
        out.iter().map(|f| (f.locator.clone(), f.message.split(':').next().map(str::to_owned))).collect();
    assert_eq!(rows, [(Locator::Cell { row: 5, field: Some("id".to_owned()) }, Some("type-error".to_owned()))]);
}
