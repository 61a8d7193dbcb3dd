//! End-to-end: descriptions split over several files (`$ref: ./schemas/Pet.yaml`), linted with
//! `spectral:oas` and compared with Spectral 6.16.3's recorded output
//! (`tests/oracles/spectral-multifile/*/spectral.txt`): every finding line, with the file it
//! is in.

use std::collections::BTreeSet;
use std::path::Path;

use assert_cmd::Command;

#[path = "support/stylish.rs"]
mod stylish;

/// Deliberate differences, by case: lines only Spectral reports and lines only conform
/// reports (file, then the finding line), each with its reason (docs/rulesets.md).
const KNOWN: &[(&str, &str, &str)] = &[
    // conform's YAML reader words syntax errors its own way (same position).
    ("refs", "spectral", "sub/bad.yaml 2:1 error parser Unexpected end of the stream within a flow collection"),
    (
        "refs",
        "conform",
        "sub/bad.yaml 2:1 error parser invalid YAML: while parsing a flow sequence, expected ',' or ']'",
    ),
    // A reference leaving the description's folder is refused, never read (Spectral reads it).
    (
        "refs",
        "conform",
        "openapi.yaml 14:17 error invalid-ref '../outside.yaml#/Ok' is outside the description's folder: conform \
         does not read it paths./a.get.responses[202].$ref",
    ),
    // A component whose only reference is its own (`self: {$ref: Local}`) counts as used in
    // conform; Spectral calls it unused (docs/rulesets.md).
    (
        "cycles",
        "spectral",
        "openapi.yaml 28:11 warning oas3-unused-component Potentially unused component has been detected. \
         components.schemas.Local",
    ),
];

/// `file line:col severity rule message path` of every finding of a stylish report, with
/// white space collapsed and file names relative to `root`.
fn lines(stylish: &str, root: &str) -> BTreeSet<String> {
    let mut file = String::new();
    let mut out = BTreeSet::new();
    for line in stylish.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let collapsed = line.split_whitespace().collect::<Vec<_>>().join(" ");
        let first = collapsed.split(' ').next().unwrap_or("");
        if first.contains(':') && first.starts_with(|c: char| c.is_ascii_digit()) {
            out.insert(format!("{file} {collapsed}").replace(root, ""));
        } else if !line.starts_with(' ') && !line.starts_with('✖') {
            file = line.trim().replace(root, "");
        }
    }
    out
}

#[test]
fn multi_file_descriptions_match_spectral() {
    let oracles = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oracles/spectral-multifile");
    let mut failures = Vec::new();
    let mut cases = 0;
    for name in ["split-description", "refs", "swagger-split", "parent-path", "cycles"] {
        let case = oracles.join(name);
        let root = format!("{}/", case.display());
        let output = Command::cargo_bin("conform")
            .unwrap()
            .args(["check", "--format", "stylish", "--ruleset"])
            .arg(case.join("ruleset.yaml"))
            .arg(case.join("openapi.yaml"))
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
        let mut actual = lines(&String::from_utf8(output.stdout).unwrap(), &root);
        let mut expected = lines(&std::fs::read_to_string(case.join("spectral.txt")).unwrap(), &root);
        assert!(!expected.is_empty(), "{name}: Spectral's findings are recorded");
        for (_, side, line) in KNOWN.iter().filter(|(case, _, _)| *case == name) {
            let (from, what) = if *side == "spectral" { (&mut expected, "Spectral") } else { (&mut actual, "conform") };
            if !from.remove(*line) {
                failures.push(format!("{name}: the known difference `{line}` is gone from {what}'s output"));
            }
        }
        failures.extend(stylish::difference(name, &expected, &actual));
        cases += 1;
    }
    assert_eq!(cases, 5);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A reference to a file outside the description's folder, to a URL or to something that is not
/// a regular file (a folder; a pipe could block) is an `invalid-ref` finding; nothing outside
/// the folder is read.
#[test]
fn references_leaving_the_folder_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let inner = dir.path().join("api");
    std::fs::create_dir(&inner).unwrap();
    std::fs::write(dir.path().join("secret.yaml"), "type: [broken\n").unwrap();
    std::fs::write(dir.path().join("ruleset.yaml"), "extends: [\"spectral:oas\"]\n").unwrap();
    let description = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    \
                       A: {$ref: '../secret.yaml'}\n    B: {$ref: 'https://example.org/s.yaml'}\n    \
                       C: {$ref: '/etc/passwd'}\n    D: {$ref: './folder'}\n";
    std::fs::write(inner.join("openapi.yaml"), description).unwrap();
    std::fs::create_dir(inner.join("folder")).unwrap();
    let output = Command::cargo_bin("conform")
        .unwrap()
        .args(["check", "--format", "json", "--ruleset"])
        .arg(dir.path().join("ruleset.yaml"))
        .arg(inner.join("openapi.yaml"))
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let refused: Vec<&serde_json::Value> =
        report["diagnostics"].as_array().unwrap().iter().filter(|d| d["rule"] == "invalid-ref").collect();
    let pointers: BTreeSet<&str> = refused.iter().map(|d| d["pointer"].as_str().unwrap()).collect();
    assert_eq!(
        pointers,
        BTreeSet::from([
            "/components/schemas/A/$ref",
            "/components/schemas/B/$ref",
            "/components/schemas/C/$ref",
            "/components/schemas/D/$ref"
        ])
    );
    assert!(refused.iter().all(|d| d["severity"] == "error"));
    // The file outside was never parsed: no syntax finding from it.
    assert!(!String::from_utf8_lossy(&output.stdout).contains("secret.yaml\","), "{report}");
}
