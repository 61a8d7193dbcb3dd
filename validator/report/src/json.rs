//! `--format json`: the machine-readable report of DESIGN.md section 4.

use std::io;

use conform_diagnostics::{Diagnostic, Locator};
use serde::Serialize;

use crate::{ParameterValue, Report, Skipped, ToolError};

#[derive(Serialize)]
struct JsonReport<'a> {
    tool: Tool<'a>,
    catalog: Option<Catalog<'a>>,
    /// Requirement parameters not at their defaults; absent when every value is the default.
    #[serde(skip_serializing_if = "<[ParameterValue]>::is_empty")]
    parameters: &'a [ParameterValue],
    summary: Summary,
    errors: Errors<'a>,
    skipped: SkippedInputs<'a>,
    diagnostics: Diagnostics<'a>,
}

/// The tool errors, each converted as it is written.
struct Errors<'a>(&'a [ToolError]);

impl Serialize for Errors<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|e| JsonError { file: e.file.as_deref(), message: &e.message }))
    }
}

/// The skipped inputs, each converted as it is written.
struct SkippedInputs<'a>(&'a [Skipped]);

impl Serialize for SkippedInputs<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|s| JsonSkipped { file: &s.file, reason: &s.reason }))
    }
}

#[derive(Serialize)]
struct JsonError<'a> {
    file: Option<&'a str>,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonSkipped<'a> {
    file: &'a str,
    reason: &'a str,
}

/// The diagnostics, each converted as it is written (a report may hold very many).
struct Diagnostics<'a>(&'a [Diagnostic]);

impl Serialize for Diagnostics<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(JsonDiagnostic::from))
    }
}

#[derive(Serialize)]
struct Tool<'a> {
    name: &'static str,
    version: &'a str,
}

#[derive(Serialize)]
struct Catalog<'a> {
    id: &'a str,
    version: &'a str,
    digest: &'a str,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    hints: usize,
    tool_errors: usize,
    skipped: usize,
    dropped: usize,
    conformant: bool,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    file: &'a str,
    line: Option<u32>,
    column: Option<u32>,
    end_line: Option<u32>,
    end_column: Option<u32>,
    pointer: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    row: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[expect(clippy::option_option, reason = "absent outside CSV; null for a CSV row-level finding")]
    field: Option<Option<&'a str>>,
    standard: Option<&'a str>,
    version: Option<&'a str>,
    rule: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    requirement: Option<&'a str>,
    level: &'static str,
    severity: &'static str,
    message: &'a str,
    help: Option<&'a str>,
    url: Option<&'a str>,
}

impl<'a> From<&'a Diagnostic> for JsonDiagnostic<'a> {
    fn from(d: &'a Diagnostic) -> Self {
        let (row, field) = match &d.locator {
            Locator::Cell { row, field } => (Some(*row), Some(field.as_deref())),
            _ => (None, None),
        };
        Self {
            file: &d.file,
            line: d.location.map(|l| l.start.line),
            column: d.location.map(|l| l.start.column),
            end_line: d.location.map(|l| l.end.line),
            end_column: d.location.map(|l| l.end.column),
            pointer: d.locator.pointer(),
            row,
            field,
            standard: d.standard.as_deref(),
            version: d.version.as_deref(),
            rule: &d.rule,
            requirement: d.requirement.as_deref(),
            level: d.level.as_str(),
            severity: d.severity.as_str(),
            message: &d.message,
            help: d.help.as_deref(),
            url: d.url.as_deref(),
        }
    }
}

/// Writes the report as one pretty-printed JSON object followed by a newline.
pub fn render(report: &Report, out: &mut dyn io::Write) -> io::Result<()> {
    let summary = report.summary();
    let json = JsonReport {
        tool: Tool { name: "conform", version: &report.tool_version },
        catalog: report.catalog.as_ref().map(|c| Catalog { id: &c.id, version: &c.version, digest: &c.digest }),
        parameters: &report.parameters,
        summary: Summary {
            files: summary.files,
            errors: summary.errors,
            warnings: summary.warnings,
            infos: summary.infos,
            hints: summary.hints,
            tool_errors: summary.tool_errors,
            skipped: summary.skipped,
            dropped: report.dropped,
            conformant: summary.conformant(),
        },
        errors: Errors(&report.errors),
        skipped: SkippedInputs(&report.skipped),
        diagnostics: Diagnostics(&report.diagnostics),
    };
    crate::json_text::to_writer_pretty(&mut *out, &json)?;
    writeln!(out)
}
