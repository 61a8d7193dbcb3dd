//! Spectral's `stylish` layout, so results can be diffed against Spectral's:
//! `line:col  severity  rule  message  path` per finding under each file, then the
//! `✖ N problems (...)` summary.

use std::io;

use conform_diagnostics::{Diagnostic, Severity};

use crate::{Report, neutral};

/// Renders `report` in Spectral's stylish layout.
pub fn render(report: &Report, out: &mut dyn io::Write) -> io::Result<()> {
    write_passed_over(report, out)?;
    if report.diagnostics.is_empty() {
        if report.summary().succeeded() && report.dropped == 0 {
            return writeln!(out, "No results with a severity of 'error' found!");
        }
        return write_failure(report, out);
    }
    writeln!(out)?;
    let mut start = 0;
    while start < report.diagnostics.len() {
        let file = &report.diagnostics[start].file;
        let end = start + report.diagnostics[start..].iter().take_while(|d| &d.file == file).count();
        writeln!(out, "{}", neutral::terminal(file))?;
        let rows: Vec<[String; 5]> = report.diagnostics[start..end].iter().map(row).collect();
        write_table(&rows, out)?;
        writeln!(out)?;
        start = end;
    }
    let summary = report.summary();
    let total = report.diagnostics.len();
    writeln!(
        out,
        "✖ {total} {} ({} {}, {} {}, {} {}, {} {})",
        plural("problem", total),
        summary.errors,
        plural("error", summary.errors),
        summary.warnings,
        plural("warning", summary.warnings),
        summary.infos,
        plural("info", summary.infos),
        summary.hints,
        plural("hint", summary.hints),
    )?;
    write_failure(report, out)
}

/// The files a directory walk passed over, with why, before anything else: never invisible.
fn write_passed_over(report: &Report, out: &mut dyn io::Write) -> io::Result<()> {
    if report.skipped.is_empty() {
        return Ok(());
    }
    writeln!(out, "passed over {} {} (not checked):", report.skipped.len(), plural("file", report.skipped.len()))?;
    for skipped in &report.skipped {
        writeln!(out, "  {}: {}", neutral::terminal(&skipped.file), neutral::terminal(&skipped.reason))?;
    }
    Ok(())
}

/// What kept the run from doing its job, after the findings: a failed run never ends on a
/// line that reads as a pass.
fn write_failure(report: &Report, out: &mut dyn io::Write) -> io::Result<()> {
    for error in &report.errors {
        match &error.file {
            Some(file) => {
                writeln!(out, "error: {}: {}", neutral::terminal(file), neutral::terminal_lines(&error.message))?;
            }
            None => writeln!(out, "error: {}", neutral::terminal_lines(&error.message))?,
        }
    }
    let summary = report.summary();
    if summary.tool_errors == 0 && summary.files == 0 {
        writeln!(out, "error: no input was checked")?;
    }
    if report.dropped > 0 {
        writeln!(out, "error: {} finding(s) left out after the --max-findings cap", report.dropped)?;
    }
    if !summary.succeeded() {
        writeln!(out, "✖ run failed")?;
    }
    Ok(())
}

fn plural(word: &str, count: usize) -> String {
    if count == 1 { word.to_owned() } else { format!("{word}s") }
}

fn row(d: &Diagnostic) -> [String; 5] {
    let position = d.location.map_or_else(|| " 1:1".to_owned(), |l| format!(" {}:{}", l.start.line, l.start.column));
    let severity = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "information",
        Severity::Hint => "hint",
    };
    let path = d.locator.pointer().map(dotted).unwrap_or_default();
    [
        position,
        severity.to_owned(),
        neutral::terminal(&d.rule).into_owned(),
        neutral::terminal(&d.message).into_owned(),
        neutral::terminal(&path).into_owned(),
    ]
}

/// Spectral's dotted path (`paths./pets.get.responses[200]`) of a JSON pointer.
fn dotted(pointer: &str) -> String {
    let mut out = String::new();
    for token in pointer.split('/').skip(1) {
        let token = token.replace("~1", "/").replace("~0", "~");
        if !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit()) {
            out.push('[');
            out.push_str(&token);
            out.push(']');
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&token);
        }
    }
    out
}

/// Columns: centred, right-aligned, then left-aligned; two spaces apart; no trailing blanks.
fn write_table(rows: &[[String; 5]], out: &mut dyn io::Write) -> io::Result<()> {
    let mut widths = [0usize; 5];
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    for row in rows {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            if i > 0 {
                line.push_str("  ");
            }
            let pad = widths[i] - cell.chars().count();
            match i {
                0 => {
                    line.push_str(&" ".repeat(pad.div_ceil(2)));
                    line.push_str(cell);
                    line.push_str(&" ".repeat(pad / 2));
                }
                1 => {
                    line.push_str(&" ".repeat(pad));
                    line.push_str(cell);
                }
                _ => {
                    line.push_str(cell);
                    line.push_str(&" ".repeat(pad));
                }
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_dotted_like_spectral() {
        assert_eq!(dotted("/paths/~1pets/get/responses/200/content"), "paths./pets.get.responses[200].content");
        assert_eq!(dotted(""), "");
    }

    #[test]
    fn columns_align_like_text_table() {
        let rows = [
            [" 70:35".to_owned(), "error".to_owned(), "a".to_owned(), "m".to_owned(), "p".to_owned()],
            [" 181:29".to_owned(), "warning".to_owned(), "bb".to_owned(), "m".to_owned(), String::new()],
        ];
        let mut out = Vec::new();
        write_table(&rows, &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "  70:35    error  a   m  p\n 181:29  warning  bb  m\n");
    }
}
