//! `--format svrl`: the findings of one checked document as an SVRL report (Schematron
//! Validation Report Language, ISO/IEC 19757-3 annex D), for tools that read SVRL (the
//! KoSIT validator, ITB).
//!
//! One `svrl:schematron-output` for the one document checked. Every finding of the run
//! (Schematron asserts and reports, and any other: XSD, syntax) is a `svrl:failed-assert`
//! after one `svrl:active-pattern` naming the document and the standards applied, so an
//! SVRL reader sees each of them (no `svrl:fired-rule`: the run does not record which rules
//! fired; no `test`, written empty: findings do not keep the expression);
//! `id` is the rule (the assert's id), `flag` the severity (`fatal`, `warning`, `information`),
//! `location` the finding's XPath, `svrl:text` the message, `diagnostic-reference` the help.
//! SVRL has no place for a run that did not check exactly one document, so [`refusal`] says
//! why such a run cannot be written (several documents, a document passed over, a tool
//! error, findings cut by `--max-findings`): the CLI then stops with exit 2 rather than
//! write an SVRL report that reads as a pass.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io;

use conform_diagnostics::{Diagnostic, Severity};

use crate::fingerprint::normalized_file;
use crate::{Report, RunDetails};

/// The SVRL namespace.
const SVRL_NS: &str = "http://purl.oclc.org/dsdl/svrl";

/// Why `report` cannot be written as SVRL without losing what it says; `None` when it can.
#[must_use]
pub fn refusal(report: &Report, details: &RunDetails) -> Option<String> {
    if let Some(error) = report.errors.first() {
        let file = error.file.as_ref().map_or_else(String::new, |f| format!("{f}: "));
        return Some(format!("--format svrl: the run failed ({file}{}); SVRL cannot say so", error.message));
    }
    if report.dropped > 0 {
        return Some(format!(
            "--format svrl: {} finding(s) were left out after the --max-findings cap; SVRL would read as fewer failures",
            report.dropped
        ));
    }
    if let Some(skipped) = report.skipped.first() {
        return Some(format!(
            "--format svrl: `{}` was not checked ({}); SVRL would read as a pass",
            skipped.file, skipped.reason
        ));
    }
    let files = files(report, details);
    match files.len() {
        1 => None,
        0 => Some("--format svrl: no document was checked".to_owned()),
        n => Some(format!(
            "--format svrl: an SVRL report describes one document and {n} were checked; check one file per run (or use --format json or junit)"
        )),
    }
}

/// Every file checked or named by a finding.
fn files<'a>(report: &'a Report, details: &'a RunDetails) -> BTreeSet<&'a str> {
    let mut files: BTreeSet<&str> = details.checked.iter().map(|c| c.file.as_str()).collect();
    files.extend(report.diagnostics.iter().map(|d| &*d.file));
    if files.is_empty() && report.files == 1 {
        // A run without details: the one input had no finding.
        files.insert("");
    }
    files
}

/// Writes the SVRL document, or fails with [`refusal`]'s reason (nothing written).
pub fn render(report: &Report, details: &RunDetails, out: &mut dyn io::Write) -> io::Result<()> {
    if let Some(reason) = refusal(report, details) {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, reason));
    }
    let file = files(report, details).into_iter().next().unwrap_or_default();
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        xml,
        "<svrl:schematron-output xmlns:svrl=\"{SVRL_NS}\" title=\"conform {}\">",
        escape(&report.tool_version)
    );
    let standards = details.standards_applied();
    let name = if standards.is_empty() { "conform".to_owned() } else { standards.join(" ") };
    let _ = writeln!(
        xml,
        "  <svrl:active-pattern id=\"conform\" name=\"{}\" document=\"{}\"/>",
        escape(&name),
        escape(&normalized_file(file))
    );
    for d in &report.diagnostics {
        failed_assert(&mut xml, d);
    }
    xml.push_str("</svrl:schematron-output>\n");
    out.write_all(xml.as_bytes())
}

/// One finding as a `svrl:failed-assert`.
fn failed_assert(xml: &mut String, d: &Diagnostic) {
    let flag = match d.severity {
        Severity::Error => "fatal",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "information",
    };
    let location = d.locator.pointer().unwrap_or_default();
    let _ = write!(
        xml,
        "  <svrl:failed-assert test=\"\" id=\"{}\" flag=\"{flag}\" location=\"{}\"",
        escape(&d.rule),
        escape(location)
    );
    xml.push_str(">\n");
    if let Some(help) = &d.help {
        let _ = writeln!(
            xml,
            "    <svrl:diagnostic-reference diagnostic=\"help\">{}</svrl:diagnostic-reference>",
            escape(help)
        );
    }
    let _ = writeln!(xml, "    <svrl:text>{}</svrl:text>\n  </svrl:failed-assert>", escape(&d.message));
}

/// Escapes text for an XML attribute or element; characters XML 1.0 forbids (C0 controls
/// but tab, line feed and carriage return; U+FFFE, U+FFFF) become U+FFFD; whitespace
/// controls, DEL and C1 controls are written as character references.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Attribute values normalise raw whitespace: keep line ends as references.
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            // DEL and C1 controls are XML characters: written as references, never raw.
            '\u{7f}'..='\u{9f}' => {
                let _ = write!(out, "&#x{:X};", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escape_keeps_only_xml_characters() {
        assert_eq!(
            escape("a<b>&\"c\"\n\u{1}\u{fffe}\u{9b}"),
            "a&lt;b&gt;&amp;&quot;c&quot;&#10;\u{fffd}\u{fffd}&#x9B;"
        );
    }
}
