//! `--format human`: a miette report per diagnostic, with the source snippet and a label
//! under the offending value, then a one-line summary.
//!
//! miette stays inside this module: the rest of `conform` only knows [`Diagnostic`].

use std::fmt;
use std::io;

use conform_diagnostics::{Diagnostic, Severity};
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents, SourceCode, SourceSpan,
    SpanContents,
};

use crate::neutral;
use crate::snippet::{Snippet, snippet};
use crate::{HumanOptions, Report, SourceProvider};

/// Writes every diagnostic, then the summary line.
pub fn render(
    report: &Report,
    options: HumanOptions,
    sources: &dyn SourceProvider,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    render_naming(report, &[], options, sources, out)
}

/// [`render`], the summary naming the `standards` applied (`id@version`).
pub fn render_naming(
    report: &Report,
    standards: &[String],
    options: HumanOptions,
    sources: &dyn SourceProvider,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    let theme = if options.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(options.width)
        .with_links(options.links)
        .with_context_lines(1);
    let max_chars = options.width.saturating_sub(SNIPPET_GUTTER).max(MIN_SNIPPET_CHARS);
    for parameter in &report.parameters {
        writeln!(out, "parameter not at its default: {}", neutral::terminal(&parameter.summary()))?;
    }
    for diagnostic in &report.diagnostics {
        let window = diagnostic
            .location
            .and_then(|loc| sources.window(&diagnostic.file, diagnostic.span, loc.start.line as usize));
        let window = window.filter(|_| options.snippets);
        let source = window.map(|w| Windowed {
            name: neutral::terminal(&diagnostic.file).into_owned(),
            snippet: snippet(&w, diagnostic.span, diagnostic.location, max_chars),
        });
        let adapter = Adapter { diagnostic, source };
        let mut rendered = String::new();
        handler.render_report(&mut rendered, &adapter).map_err(io::Error::other)?;
        out.write_all(rendered.as_bytes())?;
        if adapter.source.is_none() {
            if let Some(location) = diagnostic.location {
                let file = neutral::terminal(&diagnostic.file);
                writeln!(out, "  at {file}:{}:{}", location.start.line, location.start.column)?;
            } else {
                writeln!(out, "  in {}", neutral::terminal(&diagnostic.file))?;
            }
        }
        writeln!(out)?;
    }
    write_run_notes(report, out)?;
    writeln!(out, "{}", summary_line(report))?;
    if !standards.is_empty() {
        writeln!(out, "standards applied: {}", standards.join(", "))?;
    }
    Ok(())
}

/// Room taken by the line-number gutter left of a snippet line.
const SNIPPET_GUTTER: usize = 12;
/// Narrowest snippet line, whatever the terminal width.
const MIN_SNIPPET_CHARS: usize = 40;

/// Skipped inputs shown in the footer before "and N more".
const SKIPPED_SHOWN: usize = 20;

/// What the run passed over, left out or could not do: never invisible.
fn write_run_notes(report: &Report, out: &mut dyn io::Write) -> io::Result<()> {
    if !report.skipped.is_empty() {
        writeln!(out, "passed over {} (not checked):", plural(report.skipped.len(), "file"))?;
        for skipped in report.skipped.iter().take(SKIPPED_SHOWN) {
            writeln!(out, "  {}: {}", neutral::terminal(&skipped.file), neutral::terminal(&skipped.reason))?;
        }
        if report.skipped.len() > SKIPPED_SHOWN {
            writeln!(out, "  ... and {} more", report.skipped.len() - SKIPPED_SHOWN)?;
        }
    }
    if report.dropped > 0 {
        writeln!(out, "{} left out of the report after the --max-findings cap", plural(report.dropped, "finding"))?;
    }
    for error in &report.errors {
        match &error.file {
            Some(file) => {
                writeln!(out, "error: {}: {}", neutral::terminal(file), neutral::terminal_lines(&error.message))?;
            }
            None => writeln!(out, "error: {}", neutral::terminal_lines(&error.message))?,
        }
    }
    Ok(())
}

fn summary_line(report: &Report) -> String {
    let s = report.summary();
    let files = plural(s.files, "file");
    if !s.succeeded() {
        let why =
            if s.tool_errors > 0 { plural(s.tool_errors, "tool error") } else { "no input was checked".to_owned() };
        return format!(
            "✖ run failed ({why}): {files} checked, {} found",
            plural(s.errors + s.warnings + s.infos + s.hints, "finding")
        );
    }
    if s.errors + s.warnings + s.infos + s.hints == 0 {
        return format!("✓ {files} checked: no findings");
    }
    let mut parts = vec![plural(s.errors, "error")];
    parts.push(plural(s.warnings, "warning"));
    if s.infos > 0 {
        parts.push(plural(s.infos, "info"));
    }
    if s.hints > 0 {
        parts.push(plural(s.hints, "hint"));
    }
    let mark = if s.conformant() { "!" } else { "✖" };
    format!("{mark} {} in {files} checked", parts.join(", "))
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

/// Presents one [`Diagnostic`] to miette.
struct Adapter<'a> {
    diagnostic: &'a Diagnostic,
    source: Option<Windowed>,
}

impl fmt::Debug for Adapter<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.diagnostic, f)
    }
}

impl fmt::Display for Adapter<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.diagnostic;
        let message = neutral::terminal(&d.message);
        match d.locator.to_string() {
            locator if locator.is_empty() => f.write_str(&message),
            locator => write!(f, "{}: {message}", neutral::terminal(&locator)),
        }
    }
}

impl std::error::Error for Adapter<'_> {}

impl miette::Diagnostic for Adapter<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let d = self.diagnostic;
        let code = match (&d.standard, &d.version) {
            (Some(standard), Some(version)) => format!("{} · {standard}@{version} · {}", d.rule, d.level),
            _ => d.rule.to_string(),
        };
        // Rule ids, standards and URLs can come from an input (a ruleset's rule names).
        Some(Box::new(neutral::terminal(&code).into_owned()))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info | Severity::Hint => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let d = self.diagnostic;
        match (d.help.as_deref().map(neutral::terminal_prose), d.url.as_deref().map(neutral::terminal)) {
            (Some(help), Some(url)) => Some(Box::new(format!("{help}\nsee {url}"))),
            (Some(help), None) => Some(Box::new(help)),
            (None, Some(url)) => Some(Box::new(format!("see {url}"))),
            (None, None) => None,
        }
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let snippet = &self.source.as_ref()?.snippet;
        let label = match self.diagnostic.severity {
            Severity::Error => "here",
            Severity::Warning | Severity::Info | Severity::Hint => "this",
        };
        Some(Box::new(std::iter::once(LabeledSpan::new_primary_with_span(
            Some(label.to_owned()),
            SourceSpan::new(snippet.start.into(), snippet.len),
        ))))
    }
}

/// A snippet that answers miette with the file's real line numbers (and, for a cut line,
/// the real column of the span).
struct Windowed {
    name: String,
    snippet: Snippet,
}

impl SourceCode for Windowed {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let snippet = &self.snippet;
        let contents = snippet.text.as_str().read_span(span, before, after)?;
        let (line, column) = match snippet.header {
            // The primary label's own read gives the header's `file:line:column`.
            Some((line, column)) if before == 0 && after == 0 => (line.saturating_sub(1), column.saturating_sub(1)),
            _ => (contents.line() + snippet.first_line - 1, contents.column()),
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            contents.data(),
            *contents.span(),
            line,
            column,
            contents.line_count(),
        )))
    }
}
