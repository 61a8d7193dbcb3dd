//! Replays every input of `fuzz/regressions/<target>/` through the real binary with the
//! fuzz target's arguments and checks the target's invariants (see `fuzz/src/targets.rs`):
//! each failure the fuzzer ever found stays fixed.

#[path = "../fuzz/src/targets.rs"]
mod targets;

use std::time::Duration;

use assert_cmd::Command;

#[test]
fn every_fuzz_regression_holds_its_target_invariants() {
    let root = conform_testing::workspace_root();
    let regressions = root.join("fuzz/regressions");
    let mut replayed = 0;
    for entry in std::fs::read_dir(&regressions).unwrap() {
        let folder = entry.unwrap().path();
        let name = folder.file_name().unwrap().to_string_lossy().into_owned();
        let target = targets::target(&name).unwrap_or_else(|| panic!("{name}: no fuzz target of that name"));
        let mut files: Vec<_> = std::fs::read_dir(&folder).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        for file in files {
            let input = std::fs::read(&file).unwrap();
            let dir = tempfile::tempdir().unwrap();
            for (support, content) in target.support {
                std::fs::write(dir.path().join(support), content).unwrap();
            }
            std::fs::write(dir.path().join(target.input), &input).unwrap();
            let output = Command::cargo_bin("conform")
                .unwrap()
                .current_dir(dir.path())
                .env("NO_COLOR", "1")
                .args(target.args)
                // Only a guard against a hang (the run is killed and judged as such); the time an
                // input takes is the fuzzer's judgement, not a test's: no timing assertion here.
                .timeout(targets::time_limit(input.len()) * 6)
                .output()
                .unwrap();
            let code = output.status.code();
            targets::judge(target, code, Duration::ZERO, input.len(), &output.stdout, &output.stderr)
                .unwrap_or_else(|broken| panic!("{}: {broken}", file.display()));
            replayed += 1;
        }
    }
    eprintln!("{replayed} regression inputs replayed");
    assert!(replayed > 0, "no regression input in {}", regressions.display());
}

#[test]
fn every_fuzz_target_has_seeds_and_a_medium_checker() {
    let root = conform_testing::workspace_root();
    for target in targets::TARGETS {
        let local: Vec<_> = target.seeds.iter().filter(|s| !s.starts_with("../")).collect();
        assert!(local.iter().any(|s| root.join(s).exists()), "{}: no seed path exists", target.name);
        assert!(!target.exts.is_empty() && !target.input.is_empty(), "{}", target.name);
    }
    assert!(targets::check_medium(targets::Medium::Terminal, b"a\x1b[2J").is_err());
    assert!(targets::check_medium(targets::Medium::Terminal, b"ok\n  ::error::x").is_err());
    assert!(targets::check_medium(targets::Medium::Github, b"::error file=a::x%0A::set-output").is_ok());
    assert!(targets::check_medium(targets::Medium::Github, b"::stop-commands::x").is_err());
    assert!(targets::check_medium(targets::Medium::Markdown, "a\u{202e}".as_bytes()).is_err());
    assert!(targets::check_medium(targets::Medium::Xml, "<a>\u{fffe}</a>".as_bytes()).is_err());
    assert!(targets::check_medium(targets::Medium::Json, b"{\"a\": \"\x07\"}").is_err());
    assert!(targets::check_medium(targets::Medium::Json, "{\"a\": \"\u{85}\"}".as_bytes()).is_ok());
}
