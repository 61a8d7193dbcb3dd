//! End-to-end: the built-in `spectral:asyncapi` ruleset through `conform check --ruleset` on
//! self-written AsyncAPI 2.6 and 3.0 documents (an event-driven government notification API),
//! against Spectral 6.16.3's stylish output recorded next to each
//! (`tests/oracles/spectral-asyncapi/*/spectral.txt`).

use std::fmt::Write as _;
use std::path::Path;

use assert_cmd::Command;
use stylish::finding_lines as stylish_lines;

#[path = "support/stylish.rs"]
mod stylish;

/// Finding lines Spectral reports and conform does not yet (or the reverse), each as
/// `case: line` with white space collapsed. A listed line that starts matching fails the test,
/// so the list only ever shrinks; docs/rulesets.md says why each differs.
const KNOWN: &[&str] = &[];

fn lint(case: &Path) -> String {
    let output = Command::cargo_bin("conform")
        .unwrap()
        .current_dir(case)
        .args(["check", "--format", "stylish", "--ruleset", "ruleset.yaml", "asyncapi.yaml"])
        .output()
        .unwrap();
    assert!(output.status.code().is_some_and(|c| c < 2), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn asyncapi_documents_match_spectral() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oracles/spectral-asyncapi");
    let mut cases: Vec<_> = std::fs::read_dir(&root).unwrap().map(|e| e.unwrap().path()).collect();
    cases.sort();
    let mut failures = Vec::new();
    let mut compared = 0;
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let expected = stylish_lines(&std::fs::read_to_string(case.join("spectral.txt")).unwrap());
        assert!(!expected.is_empty(), "{name}: Spectral's findings are recorded");
        let actual = stylish_lines(&lint(case));
        compared += expected.len();
        let known = |line: &String| KNOWN.contains(&format!("{name}: {line}").as_str());
        let mut report = String::new();
        for line in expected.symmetric_difference(&actual) {
            if !known(line) {
                let side = if expected.contains(line) { "missing" } else { "extra  " };
                let _ = write!(report, "\n  {side} {line}");
            }
        }
        for line in expected.intersection(&actual).filter(|l| known(l)) {
            let _ = write!(report, "\n  now matches, remove from KNOWN: {line}");
        }
        if !report.is_empty() {
            failures.push(format!("{name}:{report}"));
        }
    }
    assert!(cases.len() >= 4 && compared >= 80, "the cases are there");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
