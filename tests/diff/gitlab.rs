//! `ci-templates/gitlab/api-diff.gitlab-ci.yml` run locally: its script, with GitLab's
//! variables of a merge request pipeline, in a clone whose `origin` holds the target branch,
//! with the binary under test on PATH (the install step is `conform.gitlab-ci.yml`'s, tested
//! in `tests/ci.rs`).

use std::path::Path;

use saphyr::{LoadableYamlNode, Yaml};

use super::{BREAKING, OLD};

fn git(dir: &Path, args: &[&str]) {
    let output = std::process::Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(output.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&output.stderr));
}

/// Runs the job's script in `dir` (a clone): its exit code and output.
fn run_job(dir: &Path) -> (Option<i32>, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("ci-templates/gitlab/api-diff.gitlab-ci.yml")).unwrap();
    let docs = Yaml::load_from_str(&text).unwrap();
    let job = docs[0].as_mapping_get("api-diff").unwrap();
    let bin = Path::new(env!("CARGO_BIN_EXE_conform")).parent().unwrap().to_path_buf();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let mut output = String::new();
    let mut code = None;
    for command in job.as_mapping_get("script").unwrap().as_sequence().unwrap() {
        let mut cmd = std::process::Command::new("sh");
        cmd.arg("-ec").arg(command.as_str().unwrap()).current_dir(dir).env("PATH", &path);
        for (name, value) in job.as_mapping_get("variables").unwrap().as_mapping().unwrap() {
            let value = value.as_str().map(str::to_owned).or_else(|| value.as_integer().map(|n| n.to_string()));
            cmd.env(name.as_str().unwrap(), value.unwrap());
        }
        cmd.env("CI_PROJECT_DIR", dir).env("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "main").env("NO_COLOR", "1");
        let out = cmd.output().unwrap();
        output.push_str(&String::from_utf8_lossy(&out.stdout));
        output.push_str(&String::from_utf8_lossy(&out.stderr));
        code = out.status.code();
    }
    (code, output)
}

#[test]
fn the_gitlab_job_reports_a_merge_requests_breaking_changes() {
    let upstream = tempfile::tempdir().unwrap();
    git(upstream.path(), &["init", "-q", "-b", "main"]);
    std::fs::write(upstream.path().join("openapi.yaml"), OLD).unwrap();
    git(upstream.path(), &["add", "."]);
    git(upstream.path(), &["commit", "-qm", "v1"]);
    let clone = tempfile::tempdir().unwrap();
    git(clone.path(), &["clone", "-q", &upstream.path().display().to_string(), "."]);

    // The contract unchanged: the job passes.
    let (code, output) = run_job(clone.path());
    assert_eq!(code, Some(0), "{output}");

    // A breaking change: the job fails, and every report says why.
    std::fs::write(clone.path().join("openapi.yaml"), BREAKING).unwrap();
    let (code, output) = run_job(clone.path());
    assert_eq!(code, Some(1), "{output}");
    assert!(output.contains("api-path-removed-without-deprecation"), "{output}");
    let junit = std::fs::read_to_string(clone.path().join("api-diff-junit.xml")).unwrap();
    let report = quick_junit::Report::deserialize_from_str(&junit).unwrap();
    assert!(report.failures > 0, "{junit}");
    let issues: serde_json::Value =
        serde_json::from_slice(&std::fs::read(clone.path().join("gl-code-quality-report.json")).unwrap()).unwrap();
    assert!(issues.as_array().unwrap().iter().any(|i| i["check_name"] == "api-path-removed-without-deprecation"));
    let changelog = std::fs::read_to_string(clone.path().join("api-changes.md")).unwrap();
    assert!(changelog.contains("api-path-removed-without-deprecation"), "{changelog}");

    // A side that cannot be read fails the job whatever the threshold.
    std::fs::write(clone.path().join("openapi.yaml"), "openapi: [").unwrap();
    let (code, output) = run_job(clone.path());
    assert_eq!(code, Some(2), "{output}");
}
