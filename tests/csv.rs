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
