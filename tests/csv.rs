//! End-to-end: `conform check` on CSV exports with the bundled Table Schema standards.

use std::io::Write;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn root() -> PathBuf {
    conform_testing::workspace_root()
}

/// Runs `conform check --format json` in the workspace root; returns the exit code and report.
fn check(args: &[&str], path: &Path) -> (i32, Value) {
    let output = Command::cargo_bin("conform")
        .unwrap()
        .current_dir(root())
        .arg("check")
        .args(["--format", "json"])
        .args(args)
        .arg(path)
        .output()
        .unwrap();
    let code = output.status.code().expect("conform exited normally, not by a signal");
    let report = serde_json::from_slice(&output.stdout).unwrap_or_else(|err| {
        panic!("{}: no JSON report ({err}); stderr: {}", path.display(), String::from_utf8_lossy(&output.stderr))
    });
    (code, report)
}

fn diagnostics(report: &Value) -> &Vec<Value> {
    report["diagnostics"].as_array().unwrap()
}

/// Every fixture file of a requirement: pass files give no finding of that requirement,
/// fail files at least one.
fn requirement_fixtures(standard: &str) {
    let dir = root().join("fixtures/standards").join(standard).join("1.0.0");
    let mut requirements: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    requirements.sort();
    assert!(requirements.len() >= 4, "{standard}: fixtures missing");
    for requirement in requirements {
        let rule = requirement.file_name().unwrap().to_string_lossy().into_owned();
        for (expectation, dir) in [("pass", requirement.join("pass")), ("fail", requirement.join("fail"))] {
            let files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
            assert!(!files.is_empty(), "{rule}: no {expectation} fixture");
            for file in files {
                let relative = file.strip_prefix(root()).unwrap();
                let (code, report) = check(&["--standard", &format!("{standard}@1.0.0")], relative);
                let hits = diagnostics(&report).iter().filter(|d| d["rule"] == rule.as_str()).count();
                match expectation {
                    "pass" => assert_eq!((hits, code), (0, 0), "{}: expected no {rule} finding", file.display()),
                    _ => assert!(hits > 0 && code == 1, "{}: expected a {rule} finding", file.display()),
                }
            }
        }
    }
}

#[test]
fn budget_execution_fixtures() {
    requirement_fixtures("budget-execution");
}

#[test]
fn public_service_register_fixtures() {
    requirement_fixtures("public-service-register");
}

#[test]
fn sample_exports_conform_and_are_detected_by_name() {
    for sample in ["fixtures/samples/budget-execution-2025.csv", "fixtures/samples/public-services.csv"] {
        let (code, report) = check(&[], Path::new(sample));
        assert_eq!(code, 0, "{sample}: {report:#}");
        assert!(diagnostics(&report).is_empty());
    }
}

/// The located findings of a failing export, as the JSON report gives them.
fn located(report: &Value) -> String {
    diagnostics(report)
        .iter()
        .map(|d| {
            format!(
                "{}:{}-{}:{} row {} field {} {} | {}",
                d["line"], d["column"], d["end_line"], d["end_column"], d["row"], d["field"], d["rule"], d["message"]
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn reports_rows_fields_lines_and_columns() {
    let file = "fixtures/standards/budget-execution/1.0.0/BUDGET-002/fail/bad-cells.csv";
    let (code, report) = check(&["--standard", "budget-execution"], Path::new(file));
    assert_eq!(code, 1);
    insta::assert_snapshot!("budget_bad_cells", located(&report));
    let first = &diagnostics(&report)[0];
    insta::assert_json_snapshot!("budget_bad_cells_first", first);
}

#[test]
fn lines_follow_quoted_line_breaks() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("budget.csv");
    let mut text = std::fs::read_to_string(root().join("fixtures/samples/budget-execution-2025.csv")).unwrap();
    text.push_str("2025,L-0007,11500000MC3D4E5F6B,500000,04.5,31005,\"Two\nlines\",RMB,1,-1\n");
    std::fs::write(&path, text).unwrap();
    let (code, report) = check(&["--standard", "budget-execution"], &path);
    assert_eq!(code, 1);
    let found: Vec<(u64, u64, &str)> = diagnostics(&report)
        .iter()
        .map(|d| (d["row"].as_u64().unwrap(), d["line"].as_u64().unwrap(), d["rule"].as_str().unwrap()))
        .collect();
    // Row 8 starts on line 9 (row 6 spans two lines); its `executed` cell is on line 10.
    assert_eq!(found, [(8, 10, "BUDGET-004"), (8, 10, "BUDGET-002")]);
}

/// Writes `chunks` to a file in `dir`, repeating the middle chunk `times` times.
fn generate(dir: &Path, name: &str, head: &[u8], body: &[u8], times: usize, tail: &[u8]) -> PathBuf {
    let path = dir.join(name);
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    file.write_all(head).unwrap();
    for _ in 0..times {
        file.write_all(body).unwrap();
    }
    file.write_all(tail).unwrap();
    file.flush().unwrap();
    path
}

#[test]
fn hostile_csv_files_give_findings_not_crashes() {
    let dir = tempfile::tempdir().unwrap();
    let header =
        b"fiscal_year,line_id,entity_id,region,function,economic_code,description,currency,approved,executed\n";
    let row = b"2025,L-1,91110000MA01ABCD2X,110000,09.1,30101,x,CNY,1,1\n";
    let mut cases: Vec<PathBuf> =
        std::fs::read_dir(root().join("fixtures/hostile/csv")).unwrap().map(|e| e.unwrap().path()).collect();
    cases.extend([
        // An unterminated quote at the start: the rest of the file is one field.
        generate(dir.path(), "unterminated.csv", b"\"", b"aaaaaaaaaaaaaaaa,bbbbbbbbbbbbbbbb\n", 4 << 20, b""),
        // One field larger than the record limit.
        generate(dir.path(), "huge-field.csv", header, b"x", 20 << 20, b",1\n"),
        // Ragged rows, NUL bytes, mixed line endings.
        generate(dir.path(), "ragged.csv", header, b"1,2\r1,2,3,4,5,6,7,8,9,10,11,12\n\x00,\x00\r\n", 1000, row),
    ]);
    for path in cases {
        let (code, report) = check(&["--standard", "budget-execution"], &path);
        assert_eq!(code, 1, "{}: {report:#}", path.display());
        assert!(!diagnostics(&report).is_empty());
    }
}

/// A finding as frictionless reports it: row, field (`None` for row- and table-level
/// findings) and error type.
type Triple = (u64, Option<String>, String);

/// Checks `table` (bytes of `table.csv`) as the one resource of a data package with `schema`
/// and the extra resource properties `options`; returns the exit code and the
/// (row, field, error type) of every finding, as frictionless 5.21 reports them.
fn package_findings(table: &[u8], schema: &Value, options: &Value) -> (i32, Vec<Triple>) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("table.csv"), table).unwrap();
    let mut resource = serde_json::json!({"name": "table", "path": "table.csv", "schema": schema});
    for (key, value) in options.as_object().unwrap() {
        resource[key] = value.clone();
    }
    let package = serde_json::json!({"name": "case", "resources": [resource]});
    std::fs::write(dir.path().join("datapackage.json"), package.to_string()).unwrap();
    let (code, report) = check(&[], &dir.path().join("datapackage.json"));
    let found = diagnostics(&report)
        .iter()
        .map(|d| {
            let kind = d["message"].as_str().unwrap().split(':').next().unwrap().to_owned();
            (d["row"].as_u64().unwrap(), d["field"].as_str().map(str::to_owned), kind)
        })
        .collect();
    (code, found)
}

/// Single mutations of one valid table, with what frictionless 5.21 reports on each
/// (`bench/frictionless-agreement.sh` runs them all on frictionless' own tables).
#[test]
fn single_mutations_agree_with_frictionless() {
    let schema = serde_json::json!({"fields": [
        {"name": "Année", "type": "integer"}, {"name": "name", "type": "string"}]});
    let none = serde_json::json!({});
    let finding = |row: u64, field: Option<&str>, kind: &str| (row, field.map(str::to_owned), kind.to_owned());
    let cases: Vec<(&str, Vec<u8>, Value, Vec<Triple>)> = vec![
        ("valid", "Année,name\n1,a\n2,b\n".into(), none.clone(), vec![]),
        ("BOM", "\u{feff}Année,name\n1,a\n2,b\n".into(), none.clone(), vec![]),
        ("CRLF", "Année,name\r\n1,a\r\n2,b\r\n".into(), none.clone(), vec![]),
        ("quoted", "\"Année\",\"name\"\n\"1\",\"a, \"\"b\"\"\"\n".into(), none.clone(), vec![]),
        ("quote inside a field", "Année,name\n1,a\"b\n".into(), none.clone(), vec![]),
        ("wrong type", "Année,name\n1,a\nx,b\n".into(), none.clone(), vec![finding(3, Some("Année"), "type-error")]),
        ("missing cell", "Année,name\n1\n".into(), none.clone(), vec![finding(2, Some("name"), "missing-cell")]),
        (
            "shifted header",
            "name,Année\n1,a\n".into(),
            none.clone(),
            vec![finding(1, Some("Année"), "incorrect-label"), finding(1, Some("name"), "incorrect-label")],
        ),
        (
            "non-ASCII label in windows-1252",
            b"Ann\xe9e,name\n1,\xe9\n".to_vec(),
            serde_json::json!({"encoding": "windows-1252"}),
            vec![],
        ),
        (
            "windows-1252 declared as UTF-8",
            b"Ann\xe9e,name\n1,\xe9\n".to_vec(),
            serde_json::json!({"encoding": "utf-8"}),
            vec![finding(1, None, "encoding-error")],
        ),
        (
            // A deliberate difference (docs/table-schema.md): frictionless decodes UTF-16;
            // conform splits rows as bytes and refuses it whole rather than misread it.
            "UTF-16 by its byte order mark",
            b"\xff\xfeA\x00,\x00n\x00\n\x001\x00,\x00a\x00\n\x00".to_vec(),
            none.clone(),
            vec![finding(1, None, "encoding-error")],
        ),
    ];
    for (name, table, options, expected) in cases {
        let (code, mut found) = package_findings(&table, &schema, &options);
        found.sort();
        assert_eq!(found, expected, "{name}");
        assert_eq!(code, i32::from(!expected.is_empty()), "{name}");
    }
    // A declared encoding that is not ASCII-compatible is refused with the package.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("table.csv"), "A\n1\n").unwrap();
    let package = serde_json::json!({"name": "case", "resources": [
        {"name": "table", "path": "table.csv", "encoding": "utf-16", "schema": schema}]});
    std::fs::write(dir.path().join("datapackage.json"), package.to_string()).unwrap();
    let output =
        Command::cargo_bin("conform").unwrap().arg("check").arg(dir.path().join("datapackage.json")).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("not ASCII-compatible"), "{output:?}");
    // A duplicated key.
    let keyed = serde_json::json!({"fields": [{"name": "id", "type": "integer"}], "primaryKey": ["id"]});
    let (code, found) = package_findings(b"id\n1\n2\n1\n", &keyed, &none);
    assert_eq!((code, found), (1, vec![finding(4, None, "primary-key")]));
}
