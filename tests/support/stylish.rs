//! Comparing `conform check --format stylish` with Spectral's stylish output, shared by the
//! ruleset oracle tests (each test crate uses the part it needs).
#![allow(dead_code, reason = "each test crate that includes this module uses part of it")]

use std::collections::BTreeSet;
use std::fmt::Write as _;

/// Every finding line of a stylish report, whitespace collapsed (file headers and the summary
/// dropped).
pub fn finding_lines(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|line| {
            line.split(' ').next().is_some_and(|at| at.contains(':') && at.starts_with(|c: char| c.is_ascii_digit()))
        })
        .collect()
}

/// `title:` and the lines Spectral reports that conform does not (`missing`) and the reverse
/// (`extra`), or `None` when both sets are equal.
pub fn difference(title: &str, expected: &BTreeSet<String>, actual: &BTreeSet<String>) -> Option<String> {
    if expected == actual {
        return None;
    }
    let mut report = format!("{title}:");
    for line in expected.difference(actual) {
        let _ = write!(report, "\n  missing {line}");
    }
    for line in actual.difference(expected) {
        let _ = write!(report, "\n  extra   {line}");
    }
    Some(report)
}
