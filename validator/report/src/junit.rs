//! `--format junit`: `JUnit` XML, as GitLab, Jenkins and most CI servers display test results.
//!
//! One test suite per checked file; one test case per requirement checked on it (named by
//! rule id and title, classed by `standard@version`). A requirement with error findings is a
//! failure whose text lists every finding with line, column and locator; warnings and notes
//! leave the case passing and are listed in its `system-out`. No timestamps or durations are
//! written, so the same inputs give the same XML.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io;

use conform_diagnostics::{Diagnostic, Severity};
use quick_junit::{NonSuccessKind, Report as JunitReport, TestCase, TestCaseStatus, TestSuite};

use crate::fingerprint::normalized_file;
use crate::neutral;
use crate::{Report, RuleInfo, RunDetails};

/// Writes the `JUnit` XML document.
pub fn render(report: &Report, details: &RunDetails, out: &mut dyn io::Write) -> io::Result<()> {
    let rules = details.rules_with(&report.diagnostics);
    // The findings of each file and rule, gathered in one pass (not one pass per case).
    let mut grouped: HashMap<(&str, usize), Vec<&Diagnostic>> = HashMap::new();
    for d in &report.diagnostics {
        for (index, _) in rules.iter().enumerate().filter(|(_, rule)| rule.matches(d)) {
            grouped.entry((&d.file, index)).or_default().push(d);
        }
    }
    let mut junit = JunitReport::new("conform");
    for (file, rule_indexes) in suites(report, details, &rules) {
        let mut suite = TestSuite::new(neutral::xml(&normalized_file(&file)).into_owned());
        for index in rule_indexes {
            let findings = grouped.get(&(file.as_str(), index)).map_or(&[][..], Vec::as_slice);
            suite.add_test_case(test_case(&rules[index], findings));
        }
        junit.add_test_suite(suite);
    }
    if let Some(suite) = passed_over_suite(report) {
        junit.add_test_suite(suite);
    }
    if let Some(suite) = run_suite(report) {
        junit.add_test_suite(suite);
    }
    let xml = junit.to_string().map_err(io::Error::other)?;
    out.write_all(xml.as_bytes())?;
    if !xml.ends_with('\n') {
        writeln!(out)?;
    }
    Ok(())
}

/// A `passed over` suite with one `<skipped>` case per file a directory walk passed over,
/// with its reason, so that a CI server lists them too; `None` when none was.
fn passed_over_suite(report: &Report) -> Option<TestSuite> {
    if report.skipped.is_empty() {
        return None;
    }
    let mut suite = TestSuite::new("passed over (not checked)");
    for skipped in &report.skipped {
        let mut status = TestCaseStatus::skipped();
        status.set_message(neutral::xml(&skipped.reason).into_owned());
        suite.add_test_case(TestCase::new(neutral::xml(&normalized_file(&skipped.file)).into_owned(), status));
    }
    Some(suite)
}

/// A `conform` suite with one `<error>` case per tool error (and one when nothing was
/// checked), so that a CI server shows a failed run as failed; `None` when the run succeeded.
fn run_suite(report: &Report) -> Option<TestSuite> {
    let summary = report.summary();
    if summary.succeeded() && report.dropped == 0 {
        return None;
    }
    let mut problems: Vec<String> = report
        .errors
        .iter()
        .map(|e| e.file.as_ref().map_or_else(|| e.message.clone(), |file| format!("{file}: {}", e.message)))
        .map(|problem| neutral::xml(&problem).into_owned())
        .collect();
    if summary.tool_errors == 0 && summary.files == 0 {
        problems.push("no input was checked".to_owned());
    }
    if report.dropped > 0 {
        problems.push(format!("{} finding(s) left out after the --max-findings cap", report.dropped));
    }
    let mut suite = TestSuite::new("conform");
    for (i, problem) in problems.iter().enumerate() {
        let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
        status.set_message(problem.lines().next().unwrap_or_default().to_owned()).set_description(problem.clone());
        suite.add_test_case(TestCase::new(format!("run {}", i + 1), status));
    }
    Some(suite)
}

/// Every file with the rules checked on it: the checked files of `details` (or, without them,
/// the files of the diagnostics), each completed by the rules its diagnostics name.
fn suites(report: &Report, details: &RunDetails, rules: &[RuleInfo]) -> Vec<(String, Vec<usize>)> {
    let mut suites: Vec<(String, Vec<usize>)> =
        details.checked.iter().map(|c| (c.file.clone(), c.rules.clone())).collect();
    let mut positions: HashMap<String, usize> = HashMap::new();
    for (i, (file, _)) in suites.iter().enumerate() {
        positions.entry(file.clone()).or_insert(i);
    }
    for diagnostic in &report.diagnostics {
        let position = *positions.entry(diagnostic.file.to_string()).or_insert_with(|| {
            suites.push((diagnostic.file.to_string(), Vec::new()));
            suites.len() - 1
        });
        let rule = rules.iter().position(|r| r.matches(diagnostic)).unwrap_or_default();
        if !suites[position].1.contains(&rule) {
            suites[position].1.push(rule);
        }
    }
    suites
}

fn test_case(rule: &RuleInfo, findings: &[&Diagnostic]) -> TestCase {
    let errors = findings.iter().filter(|d| d.severity == Severity::Error).count();
    let listing = neutral::xml(&listing(findings)).into_owned();
    let status = if errors > 0 {
        let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
        let noun = if errors == 1 { "error" } else { "errors" };
        status
            .set_message(neutral::xml(&format!("{errors} {noun}: {}", findings[0].message)).into_owned())
            .set_type(rule.level.as_str())
            .set_description(listing.clone());
        status
    } else {
        TestCaseStatus::success()
    };
    // Rule ids and titles can come from an input (a ruleset).
    let name = if rule.title == rule.id { rule.id.clone() } else { format!("{}: {}", rule.id, rule.title) };
    let mut case = TestCase::new(neutral::xml(&name).into_owned(), status);
    let class = rule.standard_label().unwrap_or_else(|| "conform".to_owned());
    case.set_classname(neutral::xml(&class).into_owned());
    if errors == 0 && !findings.is_empty() {
        case.set_system_out(listing);
    }
    case
}

/// One line per finding: `LINE:COL [LOCATOR] SEVERITY: MESSAGE`, then its docs URL.
fn listing(findings: &[&Diagnostic]) -> String {
    let mut text = String::new();
    for d in findings {
        let position = d
            .location
            .map_or_else(String::new, |l| format!("{}:{}:{} ", normalized_file(&d.file), l.start.line, l.start.column));
        let locator = d.locator.to_string();
        let locator = if locator.is_empty() { String::new() } else { format!("[{locator}] ") };
        let _ = writeln!(text, "{position}{locator}{}: {}", d.severity, d.message);
        if let Some(help) = &d.help {
            let _ = writeln!(text, "  help: {help}");
        }
    }
    if let Some(url) = findings.first().and_then(|d| d.url.as_deref()) {
        let _ = writeln!(text, "See {url}");
    }
    text
}
