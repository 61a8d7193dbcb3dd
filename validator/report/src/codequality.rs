//! `--format codequality`: GitLab Code Quality report (a JSON array of issues), shown in
//! merge-request widgets and diffs.
//!
//! Each diagnostic is an issue with its rule as `check_name`, a severity (`major` for
//! errors, `minor` for warnings, `info` for notes), the file path and first line, and the
//! line-shift-proof fingerprint of [`crate::fingerprint`] (made unique per occurrence, as
//! GitLab requires).

use std::collections::HashMap;
use std::io;

use conform_diagnostics::Severity;
use serde::Serialize;

use crate::fingerprint::{fingerprint, normalized_file};
use crate::{Report, SourceProvider};

#[derive(Serialize)]
struct Issue {
    description: String,
    check_name: String,
    fingerprint: String,
    severity: &'static str,
    location: IssueLocation,
}

#[derive(Serialize)]
struct IssueLocation {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
}

/// Writes the issues as a pretty-printed JSON array followed by a newline, each issue
/// serialised as it is made (a finding costs the same memory however many there are).
pub fn render(report: &Report, sources: &dyn SourceProvider, out: &mut dyn io::Write) -> io::Result<()> {
    crate::json_text::to_writer_pretty(&mut *out, &Issues { report, sources })?;
    writeln!(out)
}

/// The issues of a report, made while they are serialised.
struct Issues<'a> {
    report: &'a Report,
    sources: &'a dyn SourceProvider,
}

impl Serialize for Issues<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seen: HashMap<String, usize> = HashMap::new();
        let findings = self.report.diagnostics.iter().map(|d| {
            let base = fingerprint(d, self.sources);
            let count = seen.entry(base.clone()).or_default();
            let fingerprint = if *count == 0 { base } else { format!("{base}-{count}") };
            *count += 1;
            let locator = d.locator.to_string();
            let description =
                if locator.is_empty() { d.message.clone() } else { format!("{} (at {locator})", d.message) };
            Issue {
                description,
                check_name: d.rule.to_string(),
                fingerprint,
                severity: match d.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                    Severity::Info | Severity::Hint => "info",
                },
                location: IssueLocation {
                    path: normalized_file(&d.file),
                    lines: Lines { begin: d.location.map_or(1, |l| l.start.line) },
                },
            }
        });
        serializer.collect_seq(findings.chain(failure_issues(self.report)))
    }
}

/// A `blocker` issue per tool error (and one when nothing was checked or findings were
/// dropped), so that a failed run never shows as an empty, passing widget.
fn failure_issues(report: &Report) -> Vec<Issue> {
    let mut problems: Vec<(Option<&str>, String)> =
        report.errors.iter().map(|e| (e.file.as_deref(), e.message.clone())).collect();
    let summary = report.summary();
    if summary.tool_errors == 0 && summary.files == 0 {
        problems.push((None, "no input was checked".to_owned()));
    }
    if report.dropped > 0 {
        problems.push((None, format!("{} finding(s) left out after the --max-findings cap", report.dropped)));
    }
    problems
        .into_iter()
        .enumerate()
        .map(|(i, (file, message))| Issue {
            description: format!("conform run failed: {message}"),
            check_name: "conform-run-failed".to_owned(),
            fingerprint: format!("conform-run-failed-{i}"),
            severity: "blocker",
            location: IssueLocation {
                path: file.map_or_else(|| ".".to_owned(), normalized_file),
                lines: Lines { begin: 1 },
            },
        })
        .collect()
}
