//! Baselines: adopt `conform` in a repository that already has findings.
//!
//! `--write-baseline FILE` records today's findings; `--baseline FILE` then reports only the
//! new ones, and counts the known ones found again (suppressed) and those gone (fixed).
//! Findings are matched by fingerprint — rule, file, logical locator and the text of the
//! offending lines, never line numbers — so edits elsewhere in a file keep them matched. A
//! fingerprint recorded twice suppresses two findings.

use std::collections::HashMap;
use std::path::Path;

use anyhow::Context;
use conform_diagnostics::Diagnostic;
use conform_report::fingerprint::{fingerprint, normalized_file};
use conform_report::{SourceProvider, Suppressed};
use serde::{Deserialize, Serialize};

/// The version of the baseline file format.
const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    version: u32,
    findings: Vec<Entry>,
}

/// One recorded finding. Only `fingerprint` is matched; the rest helps people reading diffs.
#[derive(Debug, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(deny_unknown_fields)]
struct Entry {
    file: String,
    rule: String,
    #[serde(default)]
    locator: String,
    fingerprint: String,
    message: String,
}

/// Writes the baseline of `diagnostics` to `path`, sorted so it diffs well.
pub fn write(path: &Path, diagnostics: &[Diagnostic], sources: &dyn SourceProvider) -> anyhow::Result<usize> {
    let mut findings: Vec<Entry> = diagnostics
        .iter()
        .map(|d| Entry {
            file: normalized_file(&d.file),
            rule: d.rule.to_string(),
            locator: d.locator.to_string(),
            fingerprint: fingerprint(d, sources),
            message: d.message.clone(),
        })
        .collect();
    findings.sort();
    let count = findings.len();
    let mut json = conform_report::json_text::to_string_pretty(&BaselineFile { version: FORMAT_VERSION, findings })?;
    json.push('\n');
    std::fs::write(path, json).with_context(|| format!("cannot write the baseline `{}`", path.display()))?;
    Ok(count)
}

/// Removes the findings recorded in the baseline at `path` from `diagnostics`.
pub fn apply(
    path: &Path,
    diagnostics: Vec<Diagnostic>,
    sources: &dyn SourceProvider,
) -> anyhow::Result<(Vec<Diagnostic>, Suppressed)> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read the baseline `{}`", path.display()))?;
    let file: BaselineFile =
        serde_json::from_str(&text).with_context(|| format!("`{}` is not a conform baseline", path.display()))?;
    anyhow::ensure!(
        file.version == FORMAT_VERSION,
        "`{}` is a version {} baseline; this conform reads version {FORMAT_VERSION}",
        path.display(),
        file.version
    );
    let mut known: HashMap<String, usize> = HashMap::new();
    for entry in file.findings {
        *known.entry(entry.fingerprint).or_default() += 1;
    }
    let mut suppressed = Suppressed::default();
    let mut kept = Vec::with_capacity(diagnostics.len());
    for diagnostic in diagnostics {
        match known.get_mut(&fingerprint(&diagnostic, sources)) {
            Some(count) if *count > 0 => {
                *count -= 1;
                suppressed.baseline += 1;
            }
            _ => kept.push(diagnostic),
        }
    }
    suppressed.fixed = known.values().sum();
    Ok((kept, suppressed))
}
