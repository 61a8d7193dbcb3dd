//! `--format github`: GitHub Actions workflow commands, one annotation per diagnostic:
//! `::error file=F,line=L,endLine=L,col=C,endColumn=C,title=T::MESSAGE`.
//!
//! Errors are `::error`, warnings `::warning`, notes `::notice`. Values are escaped as the
//! runner expects: `%`, CR and LF everywhere, plus `:` and `,` in properties.

use std::fmt::Write as _;
use std::io;

use conform_diagnostics::{Diagnostic, Severity};

use crate::Report;
use crate::fingerprint::normalized_file;
use crate::neutral;

/// Writes one workflow command per diagnostic.
pub fn render(report: &Report, out: &mut dyn io::Write) -> io::Result<()> {
    for diagnostic in &report.diagnostics {
        writeln!(out, "{}", command(diagnostic))?;
    }
    // A failed run is visible in the job's annotations, not only in its exit code.
    for error in &report.errors {
        match &error.file {
            Some(file) => {
                writeln!(out, "::error file={},title=conform run failed::{}", property(file), data(&error.message))?;
            }
            None => writeln!(out, "::error title=conform run failed::{}", data(&error.message))?,
        }
    }
    let summary = report.summary();
    if summary.tool_errors == 0 && summary.files == 0 {
        writeln!(out, "::error title=conform run failed::no input was checked")?;
    }
    // Each file passed over is a notice on the file, with why: never invisible. (GitHub
    // shows the first few annotations of each kind; the count says how many there are.)
    if !report.skipped.is_empty() {
        writeln!(
            out,
            "::notice title=conform::{}",
            data(&format!("{} file(s) passed over (not checked); see the report", report.skipped.len()))
        )?;
        for skipped in &report.skipped {
            writeln!(
                out,
                "::notice file={},title=conform passed over (not checked)::{}",
                property(&skipped.file),
                data(&skipped.reason)
            )?;
        }
    }
    if report.dropped > 0 {
        writeln!(out, "::error title=conform::{} finding(s) left out after the --max-findings cap", report.dropped)?;
    }
    Ok(())
}

fn command(d: &Diagnostic) -> String {
    let kind = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "notice",
    };
    let mut properties = format!("file={}", property(&normalized_file(&d.file)));
    if let Some(location) = d.location {
        let _ = write!(
            properties,
            ",line={},endLine={},col={},endColumn={}",
            location.start.line, location.end.line, location.start.column, location.end.column
        );
    }
    let title = match (&d.standard, &d.version) {
        (Some(standard), Some(version)) => format!("{} ({standard}@{version})", d.rule),
        _ => d.rule.to_string(),
    };
    let _ = write!(properties, ",title={}", property(&title));
    let mut message = d.message.clone();
    let locator = d.locator.to_string();
    if !locator.is_empty() {
        let _ = write!(message, " [at {locator}]");
    }
    if let Some(help) = &d.help {
        let _ = write!(message, "\nHelp: {help}");
    }
    if let Some(url) = &d.url {
        let _ = write!(message, "\nSee {url}");
    }
    format!("::{kind} {properties}::{}", data(&message))
}

/// Escapes a command's message: the runner's own escapes for `%`, CR and LF, and every
/// other control, C1 or bidirectional character (a U+2028 may end a line for the runner)
/// shown visibly.
fn data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => neutral::push_visible(&mut out, c),
        }
    }
    out
}

/// Escapes a command property value.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_runner() {
        assert_eq!(data("100%\r\nx: y, z"), "100%25%0D%0Ax: y, z");
        assert_eq!(data("a\u{1b}[2J::error::b\u{2028}c"), "a␛[2J::error::b\\u{2028}c");
        assert_eq!(property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
