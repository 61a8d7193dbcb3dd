//! End-to-end: Spectral rulesets through `conform check --ruleset`, against Spectral's own
//! output as the oracle (the Dutch API Design Rules test cases), and hostile inputs.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

use assert_cmd::Command;
use stylish::finding_lines as stylish_lines;

#[path = "support/stylish.rs"]
mod stylish;

/// Cases known not to match Spectral yet, by name. A listed case that starts matching fails
/// the test, so the list only ever shrinks.
const XFAIL: &[&str] = &[];

/// `(line, column, rule)` of every finding in Spectral's stylish output.
fn findings(stylish: &str) -> BTreeSet<(u32, u32, String)> {
    stylish
        .lines()
        .filter_map(|line| {
            let mut parts = line.split_whitespace();
            let (line_no, col) = parts.next()?.split_once(':')?;
            let severity = parts.next()?;
            if !["error", "warning", "information", "hint"].contains(&severity) {
                return None;
            }
            Some((line_no.parse().ok()?, col.parse().ok()?, parts.next()?.to_owned()))
        })
        .collect()
}

fn lint(ruleset: &Path, input: &Path) -> String {
    let output = Command::cargo_bin("conform")
        .unwrap()
        .args(["check", "--format", "stylish", "--ruleset"])
        .arg(ruleset)
        .arg(input)
        .output()
        .unwrap();
    assert!(output.status.code().is_some_and(|c| c < 2), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn dutch_api_design_rules_match_spectral() {
    let Some(root) = conform_testing::corpus("nl-adr") else { return };
    let ruleset = root.join("linter.yaml");
    let mut cases: Vec<_> = std::fs::read_dir(root.join("testcases")).unwrap().map(|e| e.unwrap().path()).collect();
    cases.sort();
    let mut matched = 0;
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let expected = findings(&std::fs::read_to_string(case.join("expected-output.txt")).unwrap());
        let actual = findings(&lint(&ruleset, &case.join("openapi.json")));
        let ok = expected == actual;
        matched += usize::from(ok);
        match (ok, XFAIL.contains(&name.as_str())) {
            (true, true) => failures.push(format!("{name}: listed in XFAIL but now matches; remove it")),
            (false, false) => failures.push(format!(
                "{name}:\n  missing {:?}\n  extra   {:?}",
                expected.difference(&actual).collect::<Vec<_>>(),
                actual.difference(&expected).collect::<Vec<_>>()
            )),
            _ => {}
        }
    }
    eprintln!("nl-adr: {matched} of {} cases match Spectral", cases.len());
    assert_eq!(cases.len(), 26, "the corpus has 26 cases");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Findings whose message differs on purpose: `invalid-ref` for a remote `$ref`, which
/// Spectral tries to download (its message is the network error) and conform refuses to fetch;
/// they are compared by position, severity and rule only.
const POSITION_ONLY: &[&str] = &["invalid-ref"];

/// Splits off the findings of the `POSITION_ONLY` rules, reduced to position, severity and rule.
fn position_only(lines: BTreeSet<String>) -> (BTreeSet<String>, BTreeSet<String>) {
    let (only, rest): (BTreeSet<String>, BTreeSet<String>) =
        lines.into_iter().partition(|line| POSITION_ONLY.iter().any(|rule| line.split(' ').nth(2) == Some(rule)));
    (rest, only.into_iter().map(|line| line.split(' ').take(3).collect::<Vec<_>>().join(" ")).collect())
}

/// The large real descriptions of `../shared/corpora/openapi-large` with `spectral:oas`: the
/// same findings as Spectral (recorded in tests/oracles/spectral-oas), line for line, with the
/// same positions, rules, severities, messages and paths.
#[test]
fn large_real_descriptions_match_spectral() {
    let Some(root) = conform_testing::corpus("openapi-large") else { return };
    let dir = tempfile::tempdir().unwrap();
    let ruleset = write(dir.path(), "oas.yaml", "extends: [\"spectral:oas\"]\n");
    let oracles = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oracles/spectral-oas");
    let mut failures = Vec::new();
    for name in ["api.github.com.yaml", "asana.yaml", "petstorev3.json", "stripe.yaml"] {
        let (expected, expected_refs) =
            position_only(stylish_lines(&std::fs::read_to_string(oracles.join(format!("{name}.txt"))).unwrap()));
        let (actual, actual_refs) = position_only(stylish_lines(&lint(&ruleset, &root.join(name))));
        if expected_refs != actual_refs {
            failures.push(format!("{name}: invalid-ref at {actual_refs:?}, Spectral at {expected_refs:?}"));
        }
        eprintln!(
            "{name}: {} of {} Spectral findings reproduced",
            expected.intersection(&actual).count(),
            expected.len()
        );
        failures.extend(stylish::difference(name, &expected, &actual));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `overrides` change a rule's severity, or turn it off, for the files their globs match.
#[test]
fn overrides_change_severity_per_file() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "rules.yaml",
        "rules:\n  no-internal:\n    severity: error\n    given: \"$.info\"\n    then: { field: x-internal, function: falsy }\n\
         overrides:\n  - files: [\"legacy/**\"]\n    rules: { no-internal: warn }\n\
         \x20 - files: [\"off/**\"]\n    rules: { no-internal: \"off\" }\n",
    );
    let api = "{\"openapi\": \"3.0.0\", \"info\": {\"x-internal\": true}}\n";
    for folder in ["legacy", "off", "new"] {
        std::fs::create_dir(dir.path().join(folder)).unwrap();
        write(&dir.path().join(folder), "api.json", api);
    }
    let severities = |file: &str| -> Vec<String> {
        let output = Command::cargo_bin("conform")
            .unwrap()
            .current_dir(dir.path())
            .args(["check", "--format", "stylish", "--ruleset", "rules.yaml", file])
            .output()
            .unwrap();
        let text = String::from_utf8(output.stdout).unwrap();
        text.lines()
            .filter(|l| l.contains("no-internal"))
            .map(|l| l.split_whitespace().nth(1).unwrap().to_owned())
            .collect()
    };
    assert_eq!(severities("new/api.json"), ["error"]);
    assert_eq!(severities("legacy/api.json"), ["warning"]);
    assert!(severities("off/api.json").is_empty());
}

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn hostile_inputs_end_with_a_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let ruleset = write(dir.path(), "rules.yaml", "extends: [[\"spectral:oas\", all]]\n");
    let mut bomb = String::from("openapi: 3.0.0\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let p = i - 1;
        writeln!(bomb, "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]").unwrap();
    }
    let bomb = write(dir.path(), "bomb.yaml", &bomb);
    let deep = write(dir.path(), "deep.yaml", &format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)));
    for input in [&bomb, &deep] {
        let output = Command::cargo_bin("conform")
            .unwrap()
            .args(["check", "--ruleset"])
            .arg(&ruleset)
            .arg(input)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{}", String::from_utf8_lossy(&output.stdout));
        assert!(!output.stderr.is_empty());
    }
    let cycle = write(
        dir.path(),
        "cycle.yaml",
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\n    C: {properties: {c: {$ref: '#/components/schemas/C'}}}\n",
    );
    let output =
        Command::cargo_bin("conform").unwrap().args(["check", "--ruleset"]).arg(&ruleset).arg(&cycle).output().unwrap();
    assert!(output.status.code().is_some_and(|c| c < 2), "{}", String::from_utf8_lossy(&output.stderr));
    let evil = write(
        dir.path(),
        "evil.yaml",
        "rules:\n  evil:\n    given: $.info.title\n    then:\n      function: pattern\n      functionOptions:\n        match: '^(a+)+\\1$'\n",
    );
    let spec = write(dir.path(), "spec.yaml", &format!("info:\n  title: {}b\n", "a".repeat(5000)));
    let output =
        Command::cargo_bin("conform").unwrap().args(["check", "--ruleset"]).arg(&evil).arg(&spec).output().unwrap();
    assert!(output.status.code().is_some_and(|c| c < 2), "{}", String::from_utf8_lossy(&output.stderr));
}

/// Runs `ruleset` (text) on `spec` (text) in stylish format, expecting exit 1; returns the
/// output and its lines naming `rule`.
fn stylish_of_rule(ruleset: &str, spec: &str, rule: &str) -> (String, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let (ruleset, spec) = (write(dir.path(), "rules.yaml", ruleset), write(dir.path(), "spec.yaml", spec));
    let output = Command::cargo_bin("conform")
        .unwrap()
        .args(["check", "--format", "stylish", "--ruleset"])
        .arg(&ruleset)
        .arg(&spec)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert_eq!(output.status.code(), Some(1), "{stdout}{}", String::from_utf8_lossy(&output.stderr));
    let lines = stdout.lines().filter(|l| l.contains(rule)).map(str::to_owned).collect();
    (stdout, lines)
}

/// A regex in a JSONPath filter that reaches its backtracking limit leaves the node undecided:
/// an error of the rule at that node (even for a `hint` rule), never a silent non-match.
#[test]
fn a_filter_regex_that_gives_up_is_an_error_at_the_node() {
    let ruleset = "rules:\n  short-names:\n    severity: hint\n    given: \"$.paths[?(@property.match(/^(x+x+)+y\\\\1$/))]\"\n    then:\n      function: falsy\n";
    let spec = format!("openapi: 3.0.0\npaths:\n  xxyxx: {{}}\n  {}: {{}}\n  abc: {{}}\n", "x".repeat(60));
    let (stdout, lines) = stylish_of_rule(ruleset, &spec, "short-names");
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(lines[0].contains(" 3:") && lines[0].contains("hint"), "the match is a hint: {stdout}");
    assert!(
        lines[1].contains(" 4:")
            && lines[1].contains("error")
            && lines[1].contains("could not be evaluated here: a regex of its filter reached the backtracking limit"),
        "{stdout}"
    );
}

/// A `pattern` (`match` or `notMatch`) whose regex reaches its backtracking limit is an error of
/// the rule at the value, whatever the rule's severity, with the reason instead of the rule's
/// own message; a value the regex decides keeps the rule's severity and message.
#[test]
fn a_pattern_that_gives_up_is_an_error_that_says_why() {
    let ruleset = "rules:\n  titles:\n    severity: hint\n    message: Titles are short\n    given: $.paths.*.summary\n    then:\n      function: pattern\n      functionOptions:\n        notMatch: '^(x+x+)+y\\1$'\n";
    let spec = format!("openapi: 3.0.0\npaths:\n  /a:\n    summary: xxyxx\n  /b:\n    summary: {}\n", "x".repeat(60));
    let (stdout, lines) = stylish_of_rule(ruleset, &spec, "titles");
    assert_eq!(lines.len(), 2, "{stdout}");
    assert!(lines[0].contains(" 4:") && lines[0].contains("hint") && lines[0].contains("Titles are short"), "{stdout}");
    assert!(
        lines[1].contains(" 6:")
            && lines[1].contains("error")
            && lines[1]
                .contains("could not be checked against the pattern \"^(x+x+)+y\\\\1$\": the regex backtracking limit"),
        "{stdout}"
    );
}

#[test]
fn rest_api_fixtures_pass_and_fail_their_rule() {
    let root = conform_testing::workspace_root().join("fixtures/standards/rest-api");
    for version in ["1.0.0", "2.0.0"] {
        for case in std::fs::read_dir(root.join(version)).unwrap() {
            let case = case.unwrap().path();
            let rule = case.file_name().unwrap().to_string_lossy().into_owned();
            for (kind, expect) in [("pass", false), ("fail", true)] {
                let output = Command::cargo_bin("conform")
                    .unwrap()
                    .args(["check", "--format", "stylish", "-s", &format!("rest-api@={version}")])
                    .arg(case.join(kind).join("openapi.json"))
                    .output()
                    .unwrap();
                let stdout = String::from_utf8_lossy(&output.stdout);
                let rules: BTreeSet<String> = findings(&stdout).into_iter().map(|(_, _, r)| r).collect();
                let expected: BTreeSet<String> = if expect { [rule.clone()].into() } else { BTreeSet::new() };
                assert_eq!(rules, expected, "{version} {rule} {kind}:\n{stdout}");
            }
        }
    }
}

/// Small self-written descriptions and rulesets (`tests/oracles/spectral-cases/*/`), each with
/// Spectral 6.16.3's stylish output recorded next to it: Schema Object checks of
/// `oas3-schema`, Ajv's "schema is invalid" at examples, JSONPath (`.[`, `^`, filters), `field`
/// as a JSONPath, `//` patterns and `hint`. Every finding line must be the same.
#[test]
fn small_cases_match_spectral() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oracles/spectral-cases");
    let mut cases: Vec<_> = std::fs::read_dir(&root).unwrap().map(|e| e.unwrap().path()).collect();
    cases.sort();
    let mut failures = Vec::new();
    for case in &cases {
        let ruleset = ["ruleset.yaml", "ruleset.json"].iter().map(|n| case.join(n)).find(|p| p.exists()).unwrap();
        let expected = stylish_lines(&std::fs::read_to_string(case.join("spectral.txt")).unwrap());
        assert!(!expected.is_empty(), "{}: Spectral's findings are recorded", case.display());
        let input = ["openapi.yaml", "openapi.json"].iter().map(|n| case.join(n)).find(|p| p.exists()).unwrap();
        let actual = stylish_lines(&lint(&ruleset, &input));
        failures.extend(stylish::difference(&case.display().to_string(), &expected, &actual));
    }
    assert!(cases.len() >= 9, "the cases are there");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `extends` of an npm package reads it from a `node_modules` folder (never the network); a
/// missing package or file, `spectral:arazzo` and a missing function file are refused with a
/// message that names the reason.
#[test]
fn npm_extends_and_unsupported_rulesets() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for sub in ["node_modules/gov-rules", "node_modules/@gov/js-rules", "rulesets"] {
        std::fs::create_dir_all(root.join(sub)).unwrap();
    }
    write(root, "node_modules/gov-rules/package.json", r#"{"name": "gov-rules", "main": "ruleset.yaml"}"#);
    write(
        root,
        "node_modules/gov-rules/ruleset.yaml",
        "rules:\n  npm-rule:\n    given: $.info\n    then: {field: x-q, function: truthy}\n",
    );
    write(root, "node_modules/@gov/js-rules/package.json", r#"{"name": "@gov/js-rules", "main": "dist/index.js"}"#);
    let doc = write(root, "openapi.yaml", "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n");
    let run = |ruleset: &str| {
        let path = write(&root.join("rulesets"), "r.yaml", ruleset);
        Command::cargo_bin("conform")
            .unwrap()
            .args(["check", "--format", "stylish", "--ruleset"])
            .arg(path)
            .arg(&doc)
            .output()
            .unwrap()
    };
    let found = run("extends: [gov-rules]\n");
    assert!(String::from_utf8_lossy(&found.stdout).contains("npm-rule"), "{}", String::from_utf8_lossy(&found.stderr));
    for (ruleset, reason) in [
        ("extends: ['@gov/js-rules']\n", "dist/index.js`: No such file"),
        ("extends: [missing-rules]\n", "no npm package `missing-rules` is installed"),
        ("extends: [spectral:arazzo]\n", "`spectral:arazzo` is not"),
        ("functions: [check]\nrules: {}\n", "function `check`: no file"),
    ] {
        let output = run(ruleset);
        assert_eq!(output.status.code(), Some(2), "{ruleset}");
        assert!(
            String::from_utf8_lossy(&output.stderr).contains(reason),
            "{ruleset}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

/// A ruleset that does not load names the file, line and column of the fault, with "did you
/// mean" where one fits: an unknown key, an unknown function, a JSONPath conform cannot read.
#[test]
fn load_errors_name_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let doc = write(dir.path(), "openapi.yaml", "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n");
    for (ruleset, expected) in [
        (
            "rules:\n  a:\n    given: $.info\n    then: {function: truthy}\n    serverity: error\n",
            ":5:5: unknown rule key `serverity` (did you mean `severity`?)",
        ),
        (
            "rules:\n  a:\n    given: $.info\n    then:\n      - field: title\n        function: truthi\n",
            ":6:9: rule `a`: unknown function `truthi` (did you mean `truthy`?)",
        ),
        (
            "rules:\n  a:\n    given: \"$.info[(@.length-1)]\"\n    then: {function: truthy}\n",
            ":3:5: rule `a`: `given`",
        ),
        ("extend: [spectral:oas]\n", ":1:1: unknown ruleset key `extend` (did you mean `extends`?)"),
        (
            "rules:\n  a:\n    given: $.info\n    then: {function: truthy, options: {}}\n",
            ":4:30: unknown `then` key `options`",
        ),
    ] {
        let path = write(dir.path(), "rules.yaml", ruleset);
        let output = Command::cargo_bin("conform")
            .unwrap()
            .args(["check", "--format", "stylish", "--ruleset"])
            .arg(&path)
            .arg(&doc)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{ruleset}");
        assert!(stderr.contains(&format!("rules.yaml{expected}")), "{ruleset}: {stderr}");
    }
}
