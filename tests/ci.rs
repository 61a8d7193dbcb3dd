//! End-to-end tests of the CI integration: output formats, several outputs per run,
//! `conform.toml`, `conform init`, baselines, exit codes, and the CI templates run for real.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use conform_testing::workspace_root;
use saphyr::{LoadableYamlNode, Yaml};

const SAMPLE: &str = "fixtures/samples/people.ndjson";

fn conform() -> Command {
    let mut cmd = Command::cargo_bin("conform").unwrap();
    cmd.current_dir(workspace_root()).env_remove("NO_COLOR");
    cmd
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    conform().current_dir(dir).args(args).output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn sample_lines() -> Vec<String> {
    std::fs::read_to_string(workspace_root().join(SAMPLE)).unwrap().lines().map(str::to_owned).collect()
}

/// The first sample record (which conforms) without its e-mail address: a SHOULD finding only.
fn without_email(lines: &[String]) -> String {
    let line = lines[0].replace(", \"email\": \"wei.zhang@example.org\"", "");
    assert_ne!(line, lines[0]);
    line
}

/// A temporary repository holding `exports/people.ndjson` made of the given sample lines.
fn repo(lines: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("exports")).unwrap();
    write_people(dir.path(), lines);
    dir
}

fn write_people(dir: &Path, lines: &[&str]) {
    let mut text = lines.join("\n");
    text.push('\n');
    std::fs::write(dir.join("exports/people.ndjson"), text).unwrap();
}

fn sarif_of_sample() -> serde_json::Value {
    let output = conform().args(["check", SAMPLE, "--format", "sarif"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Makes the absence of `../shared` visible in the summary of a plain `cargo test`: this test
/// is then reported as ignored with the reason below (the corpus tests still pass, printing
/// their SKIPPED note only in captured output). `CI=true` fails without the corpora.
#[test]
#[cfg_attr(
    conform_no_shared,
    ignore = "SKIPPED: ../shared is absent, corpus tests skip their corpus checks (see README, Quick start)"
)]
fn shared_corpora_are_present() {
    assert!(conform_testing::corpus("schemas").is_some(), "../shared/corpora/schemas is missing");
}

#[test]
fn sarif_of_the_fixtures_validates_against_the_official_schema() {
    let sarif = sarif_of_sample();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for result in results {
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], SAMPLE);
        assert!(location["region"]["startLine"].as_u64().unwrap() >= 1);
        assert!(result["partialFingerprints"]["conform/v1"].is_string());
    }
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    let person_001 = rules.iter().find(|r| r["id"] == "PERSON-001").unwrap();
    assert_eq!(person_001["shortDescription"]["text"], "A record conforms to the person schema");
    assert!(person_001["helpUri"].as_str().unwrap().starts_with("http"));
    assert_eq!(person_001["defaultConfiguration"]["level"], "error");

    let Some(schema_path) = conform_testing::corpus("schemas/sarif-schema-2.1.0.json") else { return };
    let schema: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&schema_path).unwrap()).unwrap();
    let validator = jsonschema::options().should_validate_formats(true).build(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&sarif).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");

    // And with conform's own json-schema engine, as a user would.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.sarif.json");
    std::fs::write(&file, serde_json::to_vec(&sarif).unwrap()).unwrap();
    let output = conform().args(["check", "--no-config", "--schema"]).arg(&schema_path).arg(&file).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}{}", stdout(&output), stderr(&output));
}

#[test]
fn junit_output_parses_as_junit_xml() {
    let output = conform().args(["check", SAMPLE, "--format", "junit"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let junit = quick_junit::Report::deserialize_from_str(&stdout(&output)).unwrap();
    assert_eq!(junit.test_suites.len(), 1);
    let suite = &junit.test_suites[0];
    assert_eq!(suite.name.as_str(), SAMPLE);
    let names: Vec<&str> = suite.test_cases.iter().map(|c| c.name.as_str()).collect();
    assert!(names.iter().any(|n| n.starts_with("PERSON-001: ")), "{names:?}");
    assert!(names.iter().any(|n| n.starts_with("PERSON-002: ")), "{names:?}");
    assert!(suite.failures >= 1);
}

#[test]
fn github_and_markdown_outputs() {
    let output = conform().args(["check", SAMPLE, "--format", "github"]).output().unwrap();
    let text = stdout(&output);
    assert!(
        text.lines().all(|l| l.starts_with("::error ") || l.starts_with("::warning ") || l.starts_with("::notice "))
    );
    assert!(text.contains(&format!("::error file={SAMPLE},line=")), "{text}");
    let output = conform().args(["check", SAMPLE, "--format", "markdown"]).output().unwrap();
    let text = stdout(&output);
    assert!(text.starts_with("## conform: ❌ not conformant"), "{text}");
    assert!(text.contains(&format!("### <code>{SAMPLE}</code>")), "{text}");
}

#[test]
fn several_outputs_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let path = |name: &str| dir.path().join(name);
    let output = conform()
        .args(["check", SAMPLE, "--format", "sarif", "--output"])
        .arg(path("r.sarif"))
        .args(["--format", "human", "--report"])
        .arg(format!("junit={}", path("r.xml").display()))
        .arg("--report")
        .arg(format!("markdown={}", path("r.md").display()))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stdout(&output).contains("checked"), "human output goes to stdout");
    let sarif: serde_json::Value = serde_json::from_slice(&std::fs::read(path("r.sarif")).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    quick_junit::Report::deserialize_from_str(&std::fs::read_to_string(path("r.xml")).unwrap()).unwrap();
    assert!(std::fs::read_to_string(path("r.md")).unwrap().starts_with("## conform"));

    // An output before any format goes with the first format; two formats on stdout are refused.
    let output = conform().args(["check", SAMPLE, "-o"]).arg(path("j.json")).args(["-f", "json"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    serde_json::from_slice::<serde_json::Value>(&std::fs::read(path("j.json")).unwrap()).unwrap();
    let output = conform().args(["check", SAMPLE, "-f", "json", "-f", "sarif"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("only one `--format` can write to standard output"), "{}", stderr(&output));
}

#[test]
fn fail_on_and_exit_codes() {
    let lines = sample_lines();
    let no_email = without_email(&lines);
    let dir = repo(&[&lines[0]]);
    let check = |dir: &Path, extra: &[&str]| {
        let mut args = vec!["check", "--no-config", "exports/people.ndjson"];
        args.extend_from_slice(extra);
        run_in(dir, &args).status.code()
    };
    assert_eq!(check(dir.path(), &[]), Some(0));
    write_people(dir.path(), &[&lines[0], &no_email]);
    assert_eq!(check(dir.path(), &[]), Some(0), "warnings pass by default");
    assert_eq!(check(dir.path(), &["--fail-on", "warning"]), Some(1));
    assert_eq!(check(dir.path(), &["--fail-on", "info"]), Some(1));
    write_people(dir.path(), &lines.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(check(dir.path(), &[]), Some(1));
    assert_eq!(check(dir.path(), &["--fail-on", "never"]), Some(0));
    assert_eq!(run_in(dir.path(), &["check", "--no-config", "missing.ndjson"]).status.code(), Some(2));
    assert_eq!(run_in(dir.path(), &["check", "--no-config"]).status.code(), Some(2), "no inputs");
}

#[test]
fn conform_toml_maps_inputs_sets_fail_on_and_overrides_rules() {
    let lines = sample_lines();
    let no_email = without_email(&lines);
    let dir = repo(&[&lines[0], &no_email]);
    std::fs::create_dir(dir.path().join("vendor")).unwrap();
    std::fs::write(dir.path().join("vendor/people.ndjson"), "not json\n").unwrap();
    let config = "fail-on = \"warning\"\nignore = [\"vendor/**\"]\n\n[[inputs]]\nglob = \"exports/*.ndjson\"\nstandards = [\"person@1\"]\n";
    std::fs::write(dir.path().join("conform.toml"), config).unwrap();
    let output = run_in(dir.path(), &["check", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1), "the warning fails under fail-on = warning: {}", stderr(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["summary"]["files"], 1, "vendor/ is ignored");
    assert_eq!(report["diagnostics"][0]["rule"], "PERSON-003");
    // The command line wins over the file.
    assert_eq!(run_in(dir.path(), &["check", "--fail-on", "error"]).status.code(), Some(0));

    // Found from a subdirectory; rules can be switched off or re-rated.
    std::fs::write(dir.path().join("conform.toml"), format!("{config}\n[rules]\nPERSON-003 = \"off\"\n")).unwrap();
    let output = run_in(&dir.path().join("exports"), &["check", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["diagnostics"], serde_json::json!([]));
    std::fs::write(dir.path().join("conform.toml"), format!("{config}\n[rules]\nPERSON-003 = \"error\"\n")).unwrap();
    let output = run_in(dir.path(), &["check", "--fail-on", "error", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["diagnostics"][0]["severity"], "error");

    // Unknown keys are errors with line and column.
    std::fs::write(
        dir.path().join("conform.toml"),
        "fail-on = \"error\"\n[[inputs]]\nglob = \"*.ndjson\"\nstandard = [\"person\"]\n",
    )
    .unwrap();
    let output = run_in(dir.path(), &["check"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("conform.toml:4:1: unknown field `standard`"), "{}", stderr(&output));
    // --config names another file; --no-config ignores it.
    let output = run_in(dir.path(), &["check", "--no-config", "exports/people.ndjson"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    std::fs::write(dir.path().join("other.toml"), "fail-on = \"info\"\n").unwrap();
    let output = run_in(dir.path(), &["check", "--config", "other.toml", "exports/people.ndjson"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
}

#[test]
fn init_writes_a_starter_file_once() {
    let dir = tempfile::tempdir().unwrap();
    let output = run_in(dir.path(), &["init"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = std::fs::read_to_string(dir.path().join("conform.toml")).unwrap();
    assert!(text.contains("[[inputs]]"));
    let output = run_in(dir.path(), &["init"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--force"));
    assert_eq!(run_in(dir.path(), &["init", "--force"]).status.code(), Some(0));
    // The starter file parses; with nothing to check yet, the run fails closed (exit 2).
    let output = run_in(dir.path(), &["check"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    // Written to pipes, the reason is on stderr and in the human report on stdout.
    assert!(stderr(&output).contains("error: no input was checked"), "{}", stderr(&output));
    assert!(stdout(&output).contains("no input was checked"), "{}", stdout(&output));
    let output = run_in(dir.path(), &["check", "--format", "json"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("error: no input was checked"), "{}", stderr(&output));
}

#[test]
fn baseline_survives_inserted_lines_and_reports_new_findings() {
    let lines = sample_lines();
    let all: Vec<&str> = lines.iter().map(String::as_str).collect();
    let dir = repo(&all);
    let check = |extra: &[&str]| {
        let mut args = vec!["check", "--no-config", "exports/people.ndjson", "--format", "json"];
        args.extend_from_slice(extra);
        run_in(dir.path(), &args)
    };
    let output = check(&["--write-baseline", "conform-baseline.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let recorded =
        serde_json::from_slice::<serde_json::Value>(&output.stdout).unwrap()["diagnostics"].as_array().unwrap().len();
    assert!(recorded >= 3);

    // Insert conforming records above the old findings: nothing new.
    let mut shifted = vec![all[0], all[0], all[0]];
    shifted.extend_from_slice(&all);
    write_people(dir.path(), &shifted);
    let output = check(&["--baseline", "conform-baseline.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["diagnostics"], serde_json::json!([]));
    assert!(
        stderr(&output).contains(&format!("0 new finding(s); {recorded} known finding(s) suppressed, 0 fixed")),
        "{}",
        stderr(&output)
    );

    // A new violation is reported as new; a fixed record is counted as fixed.
    let new_violation = all[0].replace("\"familyName\": \"Zhang\"", "\"familyName\": \"\"");
    let mut changed = vec![new_violation.as_str()];
    changed.extend(all.iter().copied().filter(|line| !line.contains("\"phone\"")));
    write_people(dir.path(), &changed);
    let output = check(&["--baseline", "conform-baseline.json"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let new = report["diagnostics"].as_array().unwrap();
    assert_eq!(new.len(), 1, "{new:#?}");
    assert_eq!(new[0]["line"], 1);
    assert!(stderr(&output).contains("1 new finding(s)"), "{}", stderr(&output));
    assert!(!stderr(&output).contains(" 0 fixed"), "dropping a record fixes its findings: {}", stderr(&output));
}

fn load_yaml(rel: &str) -> Yaml<'static> {
    let text = std::fs::read_to_string(workspace_root().join(rel)).unwrap();
    let text: &'static str = Box::leak(text.into_boxed_str());
    Yaml::load_from_str(text).unwrap().remove(0)
}

fn text<'a>(yaml: &'a Yaml<'_>, key: &str) -> Option<&'a str> {
    yaml.as_mapping_get(key).and_then(Yaml::as_str)
}

/// A folder on PATH holding the `conform` binary under test.
fn bin_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_conform")).parent().unwrap().to_path_buf()
}

fn path_with_bin() -> String {
    format!("{}:{}", bin_dir().display(), std::env::var("PATH").unwrap_or_default())
}

#[test]
fn pre_commit_hooks_run_the_real_binary() {
    let hooks = load_yaml(".pre-commit-hooks.yaml");
    let hooks = hooks.as_sequence().unwrap();
    assert!(hooks.len() >= 4);
    let lines = sample_lines();
    let dir = repo(&[&lines[0]]);
    std::fs::write(dir.path().join("exports/bad-people.ndjson"), format!("{}\n", lines[1])).unwrap();
    for hook in hooks {
        let id = text(hook, "id").unwrap();
        let entry = text(hook, "entry").unwrap();
        assert!(text(hook, "files").is_some(), "{id} selects files");
        let files = text(hook, "files").unwrap();
        if !files.contains("json") {
            continue;
        }
        let run = |file: &str| {
            std::process::Command::new("sh")
                .arg("-c")
                .arg(format!("{entry} \"$@\""))
                .arg("hook")
                .arg(file)
                .current_dir(dir.path())
                .env("PATH", path_with_bin())
                .output()
                .unwrap()
        };
        assert_eq!(run("exports/people.ndjson").status.code(), Some(0), "{id} passes a conforming file");
        let output = run("exports/bad-people.ndjson");
        assert_eq!(output.status.code(), Some(1), "{id} fails a violating file");
        assert!(stdout(&output).contains("PERSON-001"), "{}", stdout(&output));
    }
}

/// Runs `git` with the given arguments in `dir`, expecting success.
fn git(dir: &Path, args: &[&str]) {
    let output = std::process::Command::new("git").args(args).current_dir(dir).output().unwrap();
    assert!(output.status.success(), "git {args:?}: {}", stderr(&output));
}

/// The real `pre-commit` on the root `.pre-commit-hooks.yaml`: the manifest validates, and
/// `pre-commit try-repo` on a sample repository passes its conforming files of every kind,
/// leaves pre-commit's and conform's own files alone, and fails on a broken file of any kind.
#[test]
fn pre_commit_try_repo_checks_every_input_kind() {
    let root = workspace_root();
    let pre_commit = |dir: &Path, args: &[&str], home: &Path| {
        std::process::Command::new("pre-commit")
            .args(args)
            .current_dir(dir)
            .env("PATH", path_with_bin())
            .env("PRE_COMMIT_HOME", home)
            .env_remove("NO_COLOR")
            .output()
    };
    let home = tempfile::tempdir().unwrap();
    let Ok(output) = pre_commit(&root, &["validate-manifest", ".pre-commit-hooks.yaml"], home.path()) else {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "pre-commit is required under CI=true");
        eprintln!("SKIPPED: pre-commit is not installed (pip install pre-commit)");
        return;
    };
    assert!(output.status.success(), "{}{}", stdout(&output), stderr(&output));
    if !root.join(".git").exists() {
        eprintln!("SKIPPED: try-repo needs conform's git repository");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let samples = root.join("fixtures/samples");
    for name in ["birth-registration.xml", "budget-execution-2025.csv", "business-licence.bpmn", "organizations.json"] {
        std::fs::copy(samples.join(name), dir.path().join(name)).unwrap();
    }
    std::fs::write(dir.path().join("people.ndjson"), format!("{}\n", sample_lines()[0])).unwrap();
    std::fs::write(dir.path().join(".pre-commit-config.yaml"), "repos: []\n").unwrap();
    std::fs::write(dir.path().join("conform-baseline.json"), "{}\n").unwrap();
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "."]);
    let try_repo = || {
        let root = root.to_str().unwrap();
        pre_commit(dir.path(), &["try-repo", root, "conform", "--all-files", "--verbose"], home.path()).unwrap()
    };
    let output = try_repo();
    assert_eq!(output.status.code(), Some(0), "{}{}", stdout(&output), stderr(&output));
    // The `repo: local` example passes on the same repository, its own config file included.
    let local = root.join("ci-templates/pre-commit/local.pre-commit-config.yaml");
    std::fs::copy(local, dir.path().join(".pre-commit-config.yaml")).unwrap();
    git(dir.path(), &["add", "."]);
    let output = pre_commit(dir.path(), &["run", "--all-files"], home.path()).unwrap();
    assert_eq!(output.status.code(), Some(0), "{}{}", stdout(&output), stderr(&output));
    // One broken file of every kind in one run (each try-repo clones the hook repository).
    let kinds = ["ndjson", "jsonl", "json", "csv", "xml", "bpmn", "yaml", "yml"];
    for kind in kinds {
        let name = format!("broken.{kind}");
        std::fs::write(dir.path().join(&name), "{\"broken\": [\n").unwrap();
        git(dir.path(), &["add", &name]);
    }
    let output = try_repo();
    assert_eq!(output.status.code(), Some(1), "broken files fail: {}", stdout(&output));
    for kind in kinds {
        assert!(stdout(&output).contains(&format!("broken.{kind}")), "{kind}: {}", stdout(&output));
    }
}

/// Runs an install script with stub `cargo`, `pipx` and `pip` first on PATH (no `conform`
/// there) and returns the commands it ran, one per line.
fn install_commands(shell: &str, script: &str, version: &str) -> String {
    install_commands_in(shell, script, version).0
}

/// [`install_commands`], and the folder given as `HOME` and `CI_PROJECT_DIR` (where the
/// templates keep what they install, for their caches).
fn install_commands_in(shell: &str, script: &str, version: &str) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("calls");
    for tool in ["cargo", "pipx", "pip"] {
        let stub = dir.path().join(tool);
        std::fs::write(&stub, format!("#!/bin/sh\necho \"{tool} $*\" >> \"$STUB_LOG\"\necho /stub\n")).unwrap();
        std::process::Command::new("chmod").arg("+x").arg(&stub).status().unwrap();
    }
    let output = std::process::Command::new(shell)
        .arg("-ec")
        .arg(script)
        .current_dir(dir.path())
        .env("PATH", format!("{}:/usr/bin:/bin", dir.path().display()))
        .env("HOME", dir.path())
        .env("CI_PROJECT_DIR", dir.path())
        .env("STUB_LOG", &log)
        .env("CONFORM_VERSION", version)
        .env("GITHUB_PATH", dir.path().join("github-path"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    (std::fs::read_to_string(log).unwrap(), dir.path().display().to_string())
}

/// The templates' install steps: a released version installs the wheel, a branch builds with
/// `cargo install --branch` (never `--rev`, which cannot name a branch).
#[test]
fn templates_install_the_wheel_or_a_branch() {
    let action = load_yaml("ci-templates/github/action.yml");
    let steps = action.as_mapping_get("runs").unwrap().as_mapping_get("steps").unwrap().as_sequence().unwrap();
    let install = steps.iter().find(|step| text(step, "id") == Some("install")).unwrap();
    let env = install.as_mapping_get("env").unwrap();
    assert_eq!(text(env, "CONFORM_VERSION"), Some("${{ inputs.version }}"));
    let github = text(install, "run").unwrap();
    let gitlab = load_yaml("ci-templates/gitlab/conform.gitlab-ci.yml");
    let gitlab = gitlab.as_mapping_get("conform").unwrap().as_mapping_get("before_script").unwrap();
    let gitlab = gitlab.as_sequence().unwrap()[0].as_str().unwrap();
    for (shell, script) in [("bash", github), ("sh", gitlab)] {
        let wheel = install_commands(shell, script, "0.1.0");
        assert!(
            wheel.lines().any(|l| l.contains("install") && l.ends_with(" conform-egov==0.1.0")),
            "{shell}: {wheel}"
        );
        assert!(!wheel.contains("cargo"), "{shell}: {wheel}");
        assert!(install_commands(shell, script, "v0.1.0").contains(" conform-egov==0.1.0\n"), "{shell}");
        let (branch, root) = install_commands_in(shell, script, "main");
        let expected = "cargo install --locked --root {root}/.conform --git https://github.com/conform-dev/conform --branch main conform-egov";
        assert_eq!(branch.trim(), expected.replace("{root}", &root), "{shell}");
    }
}

/// Expands `${{ inputs.X }}` and `${{ steps.ID.outputs.KEY }}` in a step of the action.
fn expand(text: &str, inputs: &[(String, String)], outputs: &[(String, String)]) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("${{") {
        out.push_str(&rest[..start]);
        let end = rest[start..].find("}}").unwrap() + start;
        let expression = rest[start + 3..end].trim();
        let value = if let Some(name) = expression.strip_prefix("inputs.") {
            inputs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
        } else if let Some(key) = expression.strip_prefix("steps.") {
            let key = key.split_once(".outputs.").map(|(_, k)| k).unwrap();
            outputs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
        } else {
            None
        };
        out.push_str(&value.unwrap_or_else(|| panic!("unknown expression {expression}")));
        rest = &rest[end + 2..];
    }
    out.push_str(rest);
    out
}

#[test]
fn github_action_steps_run_locally() {
    let action = load_yaml("ci-templates/github/action.yml");
    let mut inputs: Vec<(String, String)> = Vec::new();
    for (key, spec) in action.as_mapping_get("inputs").unwrap().as_mapping().unwrap() {
        inputs.push((key.as_str().unwrap().to_owned(), text(spec, "default").unwrap_or_default().to_owned()));
    }
    let set = |inputs: &mut Vec<(String, String)>, key: &str, value: &str| {
        inputs.iter_mut().find(|(k, _)| k == key).unwrap().1 = value.to_owned();
    };
    set(&mut inputs, "install", "false"); // the binary under test is on PATH
    set(&mut inputs, "paths", "exports");

    let lines = sample_lines();
    let all: Vec<&str> = lines.iter().map(String::as_str).collect();
    let dir = repo(&all);
    let summary = dir.path().join("step-summary.md");
    let github_output = dir.path().join("github-output");
    let steps = action.as_mapping_get("runs").unwrap().as_mapping_get("steps").unwrap().as_sequence().unwrap();
    let mut outputs: Vec<(String, String)> = Vec::new();
    let mut ran = Vec::new();
    let mut last_code = None;
    for step in steps {
        let name = text(step, "name").unwrap();
        if text(step, "if").is_some_and(|condition| condition.contains("inputs.install")) {
            continue;
        }
        let Some(script) = text(step, "run") else {
            assert!(text(step, "uses").is_some_and(|u| u.starts_with("github/codeql-action/upload-sarif@")));
            continue;
        };
        assert_eq!(text(step, "shell"), Some("bash"), "{name}");
        std::fs::write(&github_output, "").unwrap();
        let output = std::process::Command::new("bash")
            .args(["--noprofile", "--norc", "-eo", "pipefail", "-c"])
            .arg(expand(script, &inputs, &outputs))
            .current_dir(dir.path())
            .env("PATH", path_with_bin())
            .env("GITHUB_OUTPUT", &github_output)
            .env("GITHUB_STEP_SUMMARY", &summary)
            .output()
            .unwrap();
        for line in std::fs::read_to_string(&github_output).unwrap().lines() {
            let (key, value) = line.split_once('=').unwrap();
            outputs.push((key.to_owned(), value.to_owned()));
        }
        ran.push((name.to_owned(), stdout(&output)));
        last_code = output.status.code();
    }
    assert_eq!(ran.len(), 2, "the check and the verdict steps ran");
    assert!(ran[0].1.contains("::error file=exports/people.ndjson,line="), "{}", ran[0].1);
    assert_eq!(outputs, [("exit-code".to_owned(), "1".to_owned())]);
    assert_eq!(last_code, Some(1), "the last step fails the job on findings");
    let sarif: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("conform.sarif")).unwrap()).unwrap();
    assert!(!sarif["runs"][0]["results"].as_array().unwrap().is_empty());
    assert!(std::fs::read_to_string(&summary).unwrap().starts_with("## conform: ❌ not conformant"));
}

#[test]
fn gitlab_job_script_runs_locally() {
    let ci = load_yaml("ci-templates/gitlab/conform.gitlab-ci.yml");
    let job = ci.as_mapping_get("conform").unwrap();
    let variables = job.as_mapping_get("variables").unwrap().as_mapping().unwrap();
    let lines = sample_lines();
    let all: Vec<&str> = lines.iter().map(String::as_str).collect();
    let dir = repo(&all);
    let mut code = None;
    for key in ["before_script", "script"] {
        for command in job.as_mapping_get(key).unwrap().as_sequence().unwrap() {
            let mut cmd = std::process::Command::new("sh");
            cmd.arg("-ec").arg(command.as_str().unwrap()).current_dir(dir.path()).env("PATH", path_with_bin());
            for (name, value) in variables {
                cmd.env(name.as_str().unwrap(), value.as_str().unwrap());
            }
            cmd.env("CONFORM_PATHS", "exports");
            code = cmd.output().unwrap().status.code();
        }
    }
    assert_eq!(code, Some(1), "the job fails on findings");
    let junit = job.as_mapping_get("artifacts").unwrap().as_mapping_get("reports").unwrap();
    let junit = text(junit, "junit").unwrap();
    let report =
        quick_junit::Report::deserialize_from_str(&std::fs::read_to_string(dir.path().join(junit)).unwrap()).unwrap();
    assert_eq!(report.test_suites[0].name.as_str(), "exports/people.ndjson");
    let reports = job.as_mapping_get("artifacts").unwrap().as_mapping_get("reports").unwrap();
    let codequality = text(reports, "codequality").unwrap();
    let issues: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join(codequality)).unwrap()).unwrap();
    let issues = issues.as_array().unwrap();
    assert!(!issues.is_empty());
    assert_eq!(issues[0]["location"]["path"], "exports/people.ndjson");
    let mut fingerprints: Vec<&str> = issues.iter().map(|i| i["fingerprint"].as_str().unwrap()).collect();
    fingerprints.sort_unstable();
    fingerprints.dedup();
    assert_eq!(fingerprints.len(), issues.len(), "fingerprints are unique");
}
