//! Realistic compatible evolutions of a government API (`fixtures/diff/compatible/`): each
//! case folder holds a new version (`new.yaml` or `new.json`, with any files it refers to) of
//! `base.yaml`, a municipal building-permit API. None may be reported as breaking; the
//! cases that only rewrite the same contract (other key order, JSON instead of YAML, other
//! `$ref` structure, a renamed path parameter) or its documentation may not be reported at
//! all, in either direction.

use std::path::Path;

use super::{conform, findings};

/// Cases that describe the same contract as `base.yaml`, or change only what no check reads
/// (descriptions, summaries, examples, servers, the version without a breaking change).
const SILENT: [&str; 6] = [
    "documentation-only",
    "path-parameter-renamed",
    "reordered-keys",
    "same-description-in-json",
    "same-description-in-json-reordered",
    "version-bump-and-servers",
];

/// The same contract with its components restructured: only the component schemas that
/// disappeared are reported (`api-schema-removed`, INFO, as oasdiff does), in either
/// direction.
const RESTRUCTURED: &str = "references-restructured";

#[test]
fn compatible_evolutions_are_not_breaking() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/diff/compatible");
    let base = root.join("base.yaml");
    let mut cases: Vec<_> =
        std::fs::read_dir(&root).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    cases.sort();
    assert!(cases.len() >= 15, "{cases:?}");
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let new = ["new.yaml", "new.json"].iter().map(|n| case.join(n)).find(|p| p.exists()).unwrap();
        for (old, new) in [(base.as_path(), new.as_path()), (new.as_path(), base.as_path())] {
            let both_ways = SILENT.contains(&name.as_str()) || name == RESTRUCTURED;
            if old != base && !both_ways {
                continue;
            }
            let report = run(case, old, new);
            let found = findings(&report);
            let errors: Vec<_> = found.iter().filter(|f| f.1 == "error").collect();
            assert!(errors.is_empty(), "{name}: breaking changes reported: {errors:?}");
            if name == RESTRUCTURED {
                assert!(found.iter().all(|f| f.0 == "api-schema-removed"), "{name}: {found:?}");
            } else if SILENT.contains(&name.as_str()) {
                assert!(found.is_empty(), "{name}: nothing a check reads changed, yet: {found:?}");
            } else {
                assert!(!found.is_empty(), "{name}: the change is reported (below ERR)");
            }
        }
    }
}

/// `conform diff OLD NEW --format json --fail-on error` in `dir`: exit 0 and the report.
fn run(dir: &Path, old: &Path, new: &Path) -> serde_json::Value {
    let output =
        conform(dir).args(["diff", "--format", "json", "--date", "2026-12-06"]).arg(old).arg(new).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{} -> {}: {stderr}", old.display(), new.display());
    serde_json::from_slice(&output.stdout).unwrap()
}
