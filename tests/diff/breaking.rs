//! Realistic breaking evolutions of the government API of `fixtures/diff/compatible/`
//! (`fixtures/diff/breaking/<case>/new.yaml`, one edit each): each is reported as breaking,
//! with exactly oasdiff's check ids, located in `NEW`, or in `OLD` for what was removed, at
//! the key of the element that changed. The snapshot of each case lists every finding.

use std::fmt::Write as _;
use std::path::Path;

use super::{conform, findings};

#[test]
fn breaking_evolutions_are_errors_at_the_element_that_changed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/diff");
    let mut cases: Vec<_> =
        std::fs::read_dir(root.join("breaking")).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    cases.sort();
    assert!(cases.len() >= 7, "{cases:?}");
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let output = conform(case)
            .args(["diff", "--format", "json", "--date", "2026-12-06", "../../compatible/base.yaml", "new.yaml"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{name}: a breaking change fails the run: {stderr}");
        let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let found = findings(&report);
        assert!(found.iter().any(|f| f.1 == "error"), "{name}: {found:?}");
        let mut listing = String::new();
        for (diagnostic, (rule, severity, line, column, file)) in
            report["diagnostics"].as_array().unwrap().iter().zip(&found)
        {
            let message = diagnostic["message"].as_str().unwrap_or("");
            writeln!(listing, "{severity} {rule} {file}:{line}:{column} {message}").unwrap();
        }
        insta::assert_snapshot!(format!("breaking_{name}"), listing);
    }
}
