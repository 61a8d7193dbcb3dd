//! End-to-end tests of broken set-ups: everything a user configures is checked
//! (docs/exit-codes.md), and a set-up that cannot check anything ends in exit 2 with the
//! file, line and column of the mistake, never in a pass.

use std::fmt::Write as _;
use std::path::Path;

use assert_cmd::Command;

fn conform(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("conform").expect("the binary is built");
    cmd.current_dir(dir).env_remove("NO_COLOR").env("CI", "");
    cmd
}

fn sample(name: &str) -> std::path::PathBuf {
    conform_testing::workspace_root().join("fixtures/samples").join(name)
}

/// A folder with the sample people export and `conform.toml` holding `config`.
fn project(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(sample("people.ndjson"), dir.path().join("people.ndjson")).unwrap();
    std::fs::write(dir.path().join("conform.toml"), config).unwrap();
    dir
}

/// Runs `conform check` with `args` in `dir`: its exit code and standard error.
fn run(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let output = conform(dir).arg("check").args(args).output().unwrap();
    (output.status.code(), String::from_utf8(output.stderr).unwrap())
}

const INPUTS: &str = "[[inputs]]\nglob = \"*.ndjson\"\nstandards = [\"person\"]\n";

#[test]
fn every_mistake_in_conform_toml_is_an_error_at_its_position_with_a_suggestion() {
    let cases = [
        ("misspelt key", "fial-on = \"error\"\n".to_owned()),
        ("misspelt value", "fail-on = \"warn\"\n".to_owned()),
        ("misspelt input key", "[[inputs]]\nglob = \"*.ndjson\"\nstandard = [\"person\"]\n".to_owned()),
        ("misspelt table", "[[input]]\nglob = \"*.ndjson\"\nstandards = [\"person\"]\n".to_owned()),
        ("unknown standard", "[[inputs]]\nglob = \"*.ndjson\"\nstandards = [\"person\", \"persn@1\"]\n".to_owned()),
        ("no such version", "[[inputs]]\nglob = \"*.ndjson\"\nstandards = [\"person@9\"]\n".to_owned()),
        ("no standard", "[[inputs]]\nglob = \"*.ndjson\"\nstandards = []\n".to_owned()),
        ("broken glob", "[[inputs]]\nglob = \"[.ndjson\"\nstandards = [\"person\"]\n".to_owned()),
        ("glob matching nothing", format!("{INPUTS}\n[[inputs]]\nglob = \"*.jsn\"\nstandards = [\"person\"]\n")),
        ("misspelt rule id", format!("{INPUTS}\n[rules]\nPERSON-03 = \"off\"\n")),
        ("misspelt rule id, dotted", format!("rules.PERSON-03 = \"off\"\n{INPUTS}")),
        ("unknown rule id", format!("{INPUTS}\n[rules]\nno-such-rule = \"off\"\n")),
        ("misspelt severity", format!("{INPUTS}\n[rules]\nPERSON-003 = \"warn\"\n")),
        ("missing catalog", format!("catalog = \"standard\"\n{INPUTS}")),
    ];
    let mut transcript = String::new();
    for (case, config) in cases {
        let dir = project(&config);
        let (code, stderr) = run(dir.path(), &[]);
        assert_eq!(code, Some(2), "{case}: {stderr}");
        write!(transcript, "## {case}\n{config}---\n{stderr}\n").unwrap();
    }
    insta::assert_snapshot!(transcript);
}

#[test]
fn a_clean_configuration_still_checks() {
    let dir = project(&format!("{INPUTS}\n[rules]\nPERSON-003 = \"off\"\nPERSON-001 = \"warning\"\n"));
    let (code, stderr) = run(dir.path(), &[]);
    assert_eq!(code, Some(1), "{stderr}");
}

#[test]
fn every_mistake_in_a_bpmnlint_configuration_is_an_error_at_its_position_with_a_suggestion() {
    let cases = [
        ("misspelt rule", "{ \"extends\": \"bpmnlint:recommended\",\n  \"rules\": { \"label-requird\": \"error\" } }"),
        ("misspelt preset", "{ \"extends\": \"bpmnlint:recomended\" }"),
        ("plugin preset", "{ \"extends\": [\"bpmnlint:recommended\", \"plugin:camunda-compat/all\"] }"),
        ("misspelt key", "{ \"extend\": \"bpmnlint:recommended\" }"),
        ("misspelt severity", "{ \"rules\": {\n  \"label-required\": \"eror\" } }"),
        ("severity out of range", "{ \"rules\": { \"label-required\": [3] } }"),
        ("not an object", "[\"bpmnlint:recommended\"]"),
        ("not JSON", "{ \"rules\": "),
        ("no rule enabled", "{ \"rules\": { \"label-required\": \"off\" } }"),
    ];
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(sample("business-licence.bpmn"), dir.path().join("model.bpmn")).unwrap();
    let mut transcript = String::new();
    for (case, config) in cases {
        std::fs::write(dir.path().join(".bpmnlintrc"), config).unwrap();
        let (code, stderr) = run(dir.path(), &["--no-config", "--ruleset", ".bpmnlintrc", "model.bpmn"]);
        assert_eq!(code, Some(2), "{case}: {stderr}");
        write!(transcript, "## {case}\n{config}\n---\n{stderr}\n").unwrap();
    }
    insta::assert_snapshot!(transcript);
}

/// Runs `conform check ARGS` in `dir` with `stdin`: its exit code.
fn code_with_stdin(dir: &Path, args: &[&str], stdin: &[u8]) -> Option<i32> {
    conform(dir).arg("check").args(args).write_stdin(stdin.to_vec()).output().unwrap().status.code()
}

#[test]
fn broken_set_ups_end_in_findings_or_exit_2_never_in_a_pass() {
    let dir = tempfile::tempdir().unwrap();
    let at = |rel: &str| dir.path().join(rel);
    std::fs::create_dir_all(at("empty")).unwrap();
    std::fs::create_dir_all(at("unknown")).unwrap();
    std::fs::write(at("unknown/notes.txt"), "hello\n").unwrap();
    std::fs::write(at("unknown/export-2025.ndjson"), "{\"id\": 1}\n").unwrap();
    std::fs::create_dir_all(at("ignored")).unwrap();
    std::fs::copy(sample("people.ndjson"), at("ignored/people.ndjson")).unwrap();
    std::fs::write(at("nothing.ndjson"), "").unwrap();
    std::fs::write(at("blank.ndjson"), "\n  \n").unwrap();
    std::fs::copy(sample("people.ndjson"), at("people.ndjson")).unwrap();
    std::fs::write(at("ignoring.toml"), "ignore = [\"ignored/**\"]\n").unwrap();
    let cases: [(&str, &[&str], &[u8], i32); 16] = [
        ("an empty directory", &["empty"], b"", 2),
        ("a directory of files no standard is about", &["unknown"], b"", 2),
        ("a directory whose every file is ignored", &["--config", "ignoring.toml", "ignored"], b"", 2),
        ("a path that does not exist", &["missing.ndjson"], b"", 2),
        ("an unknown standard", &["--standard", "persn", "people.ndjson"], b"", 2),
        ("a standard that applies to nothing given", &["--standard", "rest-api", "people.ndjson"], b"", 2),
        ("a missing schema", &["--schema", "missing.schema.json", "people.ndjson"], b"", 2),
        ("a missing ruleset", &["--ruleset", "missing.yaml", "people.ndjson"], b"", 2),
        ("an unknown input format", &["--input-format", "ndjsn", "people.ndjson"], b"", 2),
        ("an unknown --fail-on", &["--fail-on", "warn", "people.ndjson"], b"", 2),
        ("an --output of unknown extension", &["--output", "report.out", "people.ndjson"], b"", 2),
        ("an empty export", &["--standard", "person", "nothing.ndjson"], b"", 1),
        ("a blank export", &["--standard", "person", "blank.ndjson"], b"", 1),
        ("empty standard input", &["--standard", "person", "--input-format", "ndjson", "-"], b"", 1),
        ("standard input of no known format", &["--standard", "person", "-"], b"", 2),
        ("findings the cap leaves out", &["--max-findings", "0", "--fail-on", "never", "people.ndjson"], b"", 1),
    ];
    for (case, args, stdin, expected) in cases {
        // Without a configuration of its own, none found above the folder is read.
        let no_config: &[&str] = if args.contains(&"--config") { &[] } else { &["--no-config"] };
        let args: Vec<&str> = no_config.iter().chain(args).copied().collect();
        assert_eq!(code_with_stdin(dir.path(), &args, stdin), Some(expected), "{case}: {args:?}");
    }
}

#[test]
fn a_misspelt_keyword_in_an_ad_hoc_json_schema_is_an_error_not_a_pass() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("record.json"), "{\"name\": \"x\"}\n").unwrap();
    std::fs::write(
        dir.path().join("record.schema.json"),
        "{\"type\": \"object\",\n \"requird\": [\"id\"],\n \"properties\": {\"name\": {\"maxLenght\": 0}},\n \"markdownDescription\": \"an annotation\"}\n",
    )
    .unwrap();
    let (code, stderr) = run(dir.path(), &["--no-config", "--schema", "record.schema.json", "record.json"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("record.schema.json:2:2: unknown keyword `requird` (did you mean `required`?)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("record.schema.json:3:26: unknown keyword `maxLenght` (did you mean `maxLength`?)"),
        "{stderr}"
    );
    assert!(!stderr.contains("markdownDescription"), "{stderr}");
    // Spelt right, the schema checks, and finds the missing id.
    let fixed = std::fs::read_to_string(dir.path().join("record.schema.json")).unwrap();
    std::fs::write(
        dir.path().join("record.schema.json"),
        fixed.replace("requird", "required").replace("Lenght", "Length"),
    )
    .unwrap();
    let (code, stderr) = run(dir.path(), &["--no-config", "--schema", "record.schema.json", "record.json"]);
    assert_eq!(code, Some(1), "{stderr}");
}

#[test]
fn a_file_the_configuration_maps_to_a_standard_that_cannot_read_it_is_an_error_not_passed_over() {
    let dir = project(&format!("{INPUTS}\n[[inputs]]\nglob = \"*.csv\"\nstandards = [\"person\"]\n"));
    std::fs::copy(sample("budget-execution-2025.csv"), dir.path().join("budget.csv")).unwrap();
    let (code, stderr) = run(dir.path(), &[]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("(mapped to person by `[[inputs]]` glob `*.csv` at ./conform.toml:6:8)"),
        "the people export was checked, the budget mapped to person was not: {stderr}"
    );
}

#[test]
fn a_configuration_that_turns_off_every_rule_applied_checks_nothing_and_is_not_a_pass() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(sample("organizations.json"), dir.path().join("organizations.json")).unwrap();
    let inputs = "[[inputs]]\nglob = \"*.json\"\nstandards = [\"organization\"]\n[rules]\n";
    std::fs::write(
        dir.path().join("conform.toml"),
        format!("{inputs}ORG-001 = \"off\"\nORG-002 = \"off\"\nORG-003 = \"off\"\n"),
    )
    .unwrap();
    let (code, stderr) = run(dir.path(), &[]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("no requirement was checked"), "{stderr}");
    std::fs::write(dir.path().join("conform.toml"), format!("{inputs}ORG-001 = \"off\"\nORG-002 = \"off\"\n")).unwrap();
    let (code, stderr) = run(dir.path(), &[]);
    assert_eq!(code, Some(0), "one rule left on checks the file: {stderr}");
}

#[test]
fn a_ruleset_that_enables_no_rule_is_an_error_not_a_pass() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("api.json"), "{\"openapi\": \"3.1.0\", \"info\": {}}\n").unwrap();
    std::fs::write(dir.path().join("empty.yaml"), "rules: {}\n").unwrap();
    std::fs::write(
        dir.path().join("off.yaml"),
        "rules:\n  title:\n    given: $.info\n    severity: off\n    then:\n      field: title\n      function: truthy\n",
    )
    .unwrap();
    for ruleset in ["empty.yaml", "off.yaml"] {
        let (code, stderr) = run(dir.path(), &["--no-config", "--ruleset", ruleset, "api.json"]);
        assert_eq!(code, Some(2), "{ruleset}: {stderr}");
        assert!(stderr.contains("enables no rule"), "{stderr}");
    }
}

#[test]
fn every_mistake_in_requirement_parameters_is_an_error_at_its_position() {
    let cases = [
        ("misspelt requirement", "[parameters.time-limt]\nmax-days = 70\n"),
        ("misspelt parameter", "[parameters.time-limit]\nmax-day = 70\n"),
        ("wrong type", "[parameters.time-limit]\nmax-days = \"70\"\n"),
        ("out of range", "[parameters]\ntime-limit.max-days = 0\n"),
        ("value not allowed", "[parameters.named-steps]\nscript = \"runic\"\n"),
        ("empty keyword", "[parameters.citizen-feedback]\nkeywords = [\"feedback\", \"\"]\n"),
        ("requirement without parameters", "[parameters.label-required]\nlanguage = \"nl\"\n"),
        ("nothing set", "[parameters.time-limit]\n"),
    ];
    let mut transcript = String::new();
    for (case, parameters) in cases {
        let config = format!("{INPUTS}\n{parameters}");
        let dir = project(&config);
        let (code, stderr) = run(dir.path(), &[]);
        assert_eq!(code, Some(2), "{case}: {stderr}");
        write!(transcript, "## {case}\n{parameters}---\n{stderr}\n").unwrap();
    }
    insta::assert_snapshot!(transcript);
}
