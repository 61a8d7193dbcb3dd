//! `--format markdown`: a summary table, then the findings grouped by file, fit for
//! `$GITHUB_STEP_SUMMARY` or a merge-request comment.
//!
//! Table cells are escaped (`|`, line breaks, HTML), and the listing stops after
//! [`MAX_ROWS`] findings so the page stays within GitHub's 1 MiB summary limit.

use std::fmt::Write as _;
use std::io;

use conform_diagnostics::{Diagnostic, Severity};

use crate::fingerprint::normalized_file;
use crate::neutral;
use crate::{Report, RunDetails};

/// Most findings listed; the rest are counted.
pub const MAX_ROWS: usize = 500;

/// Writes the Markdown summary.
pub fn render(report: &Report, details: &RunDetails, out: &mut dyn io::Write) -> io::Result<()> {
    let summary = report.summary();
    let mut md = String::new();
    let verdict = if !summary.succeeded() {
        "❌ run failed"
    } else if summary.conformant() {
        "✅ conformant"
    } else {
        "❌ not conformant"
    };
    let _ = writeln!(md, "## conform: {verdict}\n");
    for error in &report.errors {
        let _ = writeln!(md, "> **Error:** {}\n", cell(&error.message));
    }
    if summary.tool_errors == 0 && summary.files == 0 {
        let _ = writeln!(md, "> **Error:** no input was checked\n");
    }
    if report.dropped > 0 {
        let _ = writeln!(md, "> {} finding(s) left out after the `--max-findings` cap\n", report.dropped);
    }
    if !report.skipped.is_empty() {
        let _ =
            writeln!(md, "<details><summary>{} file(s) passed over (not checked)</summary>\n", report.skipped.len());
        for skipped in &report.skipped {
            let _ = writeln!(md, "- `{}`: {}", cell(&skipped.file), cell(&skipped.reason));
        }
        let _ = writeln!(md, "\n</details>\n");
    }
    let mut header = "| Files | Errors | Warnings | Notes |".to_owned();
    let mut rule = "|---:|---:|---:|---:|".to_owned();
    let mut row = format!(
        "| {} | {} | {} | {} |",
        summary.files,
        summary.errors,
        summary.warnings,
        summary.infos + summary.hints
    );
    if let Some(suppressed) = details.suppressed {
        header.push_str(" Known (baseline) | Fixed since baseline |");
        rule.push_str("---:|---:|");
        let _ = write!(row, " {} | {} |", suppressed.baseline, suppressed.fixed);
    }
    let _ = writeln!(md, "{header}\n{rule}\n{row}");
    if let Some(catalog) = &report.catalog {
        let _ = writeln!(md, "\nCatalog `{}` {} · conform {}", catalog.id, catalog.version, report.tool_version);
    }
    let mut current: Option<&str> = None;
    for (shown, d) in report.diagnostics.iter().enumerate() {
        if shown == MAX_ROWS {
            let rest = report.diagnostics.len() - MAX_ROWS;
            let _ = writeln!(md, "\n…and {rest} more findings (see the full report).");
            break;
        }
        if current != Some(&*d.file) {
            current = Some(&d.file);
            let _ = writeln!(md, "\n### {}\n", code(&normalized_file(&d.file)));
            let _ = writeln!(md, "| Line:Col | Severity | Rule | Where | Message |\n|---|---|---|---|---|");
        }
        let _ = writeln!(md, "{}", finding_row(d));
    }
    out.write_all(md.as_bytes())
}

fn finding_row(d: &Diagnostic) -> String {
    let position = d.location.map_or_else(|| "–".to_owned(), |l| format!("{}:{}", l.start.line, l.start.column));
    let severity = match d.severity {
        Severity::Error => "❌ error",
        Severity::Warning => "⚠️ warning",
        Severity::Info => "ℹ️ note",
        Severity::Hint => "💡 hint",
    };
    let label = match (&d.standard, &d.version) {
        (Some(standard), Some(version)) => format!("{} ({standard}@{version})", d.rule),
        _ => d.rule.to_string(),
    };
    let rule = match &d.url {
        Some(url) => format!("[{}]({})", cell(&label), link_target(url)),
        None => cell(&label),
    };
    let locator = d.locator.to_string();
    let place = if locator.is_empty() { String::new() } else { code(&locator) };
    let mut message = cell(&d.message);
    if let Some(help) = &d.help {
        let _ = write!(message, "<br>*{}*", cell(help));
    }
    format!("| {position} | {severity} | {rule} | {place} | {message} |")
}

/// Text safe inside a table cell: HTML escaped, CommonMark punctuation that could start a
/// link, emphasis or code (and the backslash itself) escaped, pipes escaped, line breaks as
/// `<br>`, control and bidirectional characters shown visibly.
/// A URL as a link destination: characters that could end the link, break the table or act
/// on a terminal percent-encoded (the URL can come from a ruleset).
fn link_target(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        if c.is_whitespace()
            || neutral::is_hazard(c)
            || matches!(c, '(' | ')' | '<' | '>' | '[' | ']' | '|' | '\\' | '`')
        {
            let mut bytes = [0; 4];
            for b in c.encode_utf8(&mut bytes).bytes() {
                let _ = write!(out, "%{b:02X}");
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn cell(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' | '\r' => out.push_str("<br>"),
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '!' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c => neutral::push_visible(&mut out, c),
        }
    }
    out
}

/// An inline code element that holds any text, inside a table or not.
fn code(text: &str) -> String {
    format!("<code>{}</code>", cell(text).replace("\\*", "*").replace("\\_", "_").replace("\\`", "`"))
}
