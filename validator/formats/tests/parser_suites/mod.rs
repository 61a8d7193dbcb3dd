//! Support for the parser-suite harnesses: unpacking a suite archive under the target
//! directory, and the named expected-failures lists (the jsonschema-rs way).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Unpacks `../shared/corpora/parser-suites/<archive>` once under the target directory and
/// returns that folder, or `None` when the corpus is absent.
pub fn unpack(archive: &str) -> Option<PathBuf> {
    let stem = archive.split('.').next().unwrap_or(archive);
    conform_testing::unpack(
        &format!("parser-suites/{archive}"),
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("parser-suites-{stem}")),
    )
}

/// A checked-in expected-failures list: one test id a line, a space, then the reason.
/// Blank lines and lines starting with `#` are comments.
pub struct ExpectedFailures {
    file: &'static str,
    entries: BTreeMap<String, String>,
}

impl ExpectedFailures {
    /// Loads `tests/data/<name>`.
    pub fn load(name: &'static str) -> Self {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut entries = BTreeMap::new();
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
            let (id, reason) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
            assert!(!reason.trim().is_empty(), "{name}: entry `{id}` gives no reason");
            assert!(entries.insert(id.to_owned(), reason.trim().to_owned()).is_none(), "{name}: `{id}` twice");
        }
        Self { file: name, entries }
    }

    /// Checks the outcomes (`id` → `Err(why)` when the test failed) against the list:
    /// a listed test that passes, an unlisted test that fails, and a listed id the suite
    /// does not have all fail the harness.
    pub fn check(&self, outcomes: &BTreeMap<String, Result<(), String>>) {
        let mut problems = Vec::new();
        for (id, outcome) in outcomes {
            match (outcome, self.entries.contains_key(id)) {
                (Err(why), false) => problems.push(format!("FAILED {id}: {why}")),
                (Ok(()), true) => problems.push(format!(
                    "PASSES but is on the expected-failures list {}: {id} (remove the entry)",
                    self.file
                )),
                _ => {}
            }
        }
        for id in self.entries.keys().filter(|id| !outcomes.contains_key(*id)) {
            problems.push(format!("{}: `{id}` names no test of the suite", self.file));
        }
        let failed = outcomes.values().filter(|o| o.is_err()).count();
        eprintln!(
            "{} tests, {} passed, {failed} failed ({} expected failures)",
            outcomes.len(),
            outcomes.len() - failed,
            self.entries.len()
        );
        assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
    }
}
