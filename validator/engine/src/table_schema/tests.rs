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

#[test]
fn a_data_package_checks_every_resource_and_foreign_keys_across_them() {
    let dir = tempfile::tempdir().unwrap();
    let package = serde_json::json!({
        "name": "budget",
        "resources": [
            {"name": "regions", "path": "regions.csv", "schema": {"fields": [{"name": "code"}], "primaryKey": "code"}},
            {"name": "spending", "path": "spending.tsv", "schema": "spending.schema.json",
             "dialect": {"commentChar": "#"}}
        ]
    });
    std::fs::write(dir.path().join("datapackage.json"), package.to_string()).unwrap();
    std::fs::write(dir.path().join("regions.csv"), "code\nN\nS\n").unwrap();
    std::fs::write(
        dir.path().join("spending.schema.json"),
        r#"{"fields": [{"name": "region"}, {"name": "amount", "type": "number"}],
            "foreignKeys": [{"fields": "region", "reference": {"resource": "regions", "fields": "code"}}]}"#,
    )
    .unwrap();
    std::fs::write(dir.path().join("spending.tsv"), "region\tamount\n# x\nN\t1\nE\t2\nS\tx\n").unwrap();
    let tables = load_package(&dir.path().join("datapackage.json")).unwrap();
    let mut found = Vec::new();
    for table in &tables {
        let mut out = Vec::new();
        table.check.check_file(&Input::file(table.path.clone()), Format::Csv, &mut out).unwrap();
        found.extend(out.into_iter().map(|f| (table.name.clone(), f.message.split(':').next().unwrap().to_owned())));
    }
    assert_eq!(
        found,
        [("spending".to_owned(), "foreign-key".to_owned()), ("spending".to_owned(), "type-error".to_owned())]
    );
    let bad = serde_json::json!({"resources": [{"name": "a", "path": "https://example.org/a.csv", "schema": {"fields": []}}]});
    std::fs::write(dir.path().join("datapackage.json"), bad.to_string()).unwrap();
    let err = load_package(&dir.path().join("datapackage.json")).err().unwrap();
    assert!(err.starts_with("at /resources/0/path: "), "{err}");
}

#[test]
fn a_header_of_many_labels_is_matched_in_linear_time() {
    // 100 000 labels against 100 000 fields, and a header of commas: quadratic matching or
    // duplicate search would take minutes.
    let n = 100_000;
    let fields: Vec<String> = (0..n).map(|i| format!(r#"{{"name": "c{i}"}}"#)).collect();
    let schema = format!(r#"{{"fields": [{}], "fieldsMatch": "equal"}}"#, fields.join(","));
    let mut csv: Vec<String> = (0..n).rev().map(|i| format!("c{i}")).collect();
    csv.push("c7".to_owned());
    let mut text = csv.join(",");
    text.push('\n');
    let found = check(&schema, text.as_bytes(), Params::default());
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].2.contains("repeats column 99993"), "{found:?}");
    let found = check(r#"{"fields": [{"name": "a"}]}"#, ",".repeat(100_000).as_bytes(), Params::default());
    assert!(found.len() > 100_000);
}

#[test]
fn labels_in_the_schemas_order_then_out_of_it_are_matched_as_any_header() {
    // The run of labels in the schema's order is matched by position; a label after it
    // still finds a repeat of one inside it, and its own field by name.
    let schema = r#"{"fields": [{"name": "a"}, {"name": "b"}, {"name": "c"}], "fieldsMatch": "equal"}"#;
    let messages = |csv: &str| -> Vec<String> {
        check(schema, csv.as_bytes(), Params::default()).into_iter().map(|(_, _, message)| message).collect()
    };
    assert_eq!(messages("a,b,c\n"), Vec::<String>::new());
    let repeat = messages("a,b,a,c\n");
    assert_eq!(repeat.len(), 1, "{repeat:?}");
    assert!(repeat[0].contains(r#"label "a" (column 3) repeats column 1"#), "{repeat:?}");
    let missing = messages("a,b\n");
    assert!(missing.len() == 1 && missing[0].contains(r#"no label for field "c""#), "{missing:?}");
    let swapped = messages("a,c,b\n");
    assert!(swapped.is_empty(), "{swapped:?}");
    // Case-insensitive matching (`headerCase: false`) takes no run by position.
    let schema =
        Schema::parse(serde_json::json!({"fields": [{"name": "a"}, {"name": "A"}], "fieldsMatch": "equal"})).unwrap();
    let labels = ["a".to_owned(), "A".to_owned()];
    let mut problems = Vec::new();
    assert_eq!(header::columns(&schema, &labels, false, &mut problems), [Some(0), Some(0)]);
    assert_eq!(problems.iter().map(|p| p.kind).collect::<Vec<_>>(), [ErrorType::MissingLabel]);
    problems.clear();
    assert_eq!(header::columns(&schema, &labels, true, &mut problems), [Some(0), Some(1)]);
    assert!(problems.is_empty(), "{problems:?}");
}
