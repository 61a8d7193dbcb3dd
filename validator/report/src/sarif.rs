//! `--format sarif`: SARIF 2.1.0 for code-scanning dashboards (GitHub code scanning, GitLab,
//! Azure DevOps, IDE viewers).
//!
//! One run: the driver lists every rule in play (id, title, rationale, docs URL, default
//! level); each diagnostic becomes a result with its rule, level, physical location (file URI
//! relative to where `conform` ran, region in Unicode code points, end exclusive), logical
//! location (JSON pointer, element path or CSV cell) and a `partialFingerprints` entry that
//! survives unrelated line shifts (see [`crate::fingerprint`]).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io;

use conform_diagnostics::{Diagnostic, Locator, Severity};
use serde_sarif::sarif::{
    ArtifactLocation, Invocation, Location, LogicalLocation, Message, MultiformatMessageString, Notification,
    PhysicalLocation, PropertyBag, Region, ReportingConfiguration, ReportingDescriptor, Result as SarifResult,
    ResultLevel, Run, Sarif, Tool, ToolComponent,
};

use crate::fingerprint::{self, SARIF_KEY};
use crate::{Report, RuleInfo, RunDetails, SourceProvider};

/// The schema URI written in `$schema`.
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// Where people learn about the tool.
const INFORMATION_URI: &str = "https://github.com/conform-dev/conform";

/// Writes the SARIF log as pretty-printed JSON followed by a newline.
pub fn render(
    report: &Report,
    details: &RunDetails,
    sources: &dyn SourceProvider,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    let rules = details.rules_with(&report.diagnostics);
    let driver = ToolComponent::builder()
        .name("conform")
        .version(report.tool_version.clone())
        .semantic_version(report.tool_version.clone())
        .information_uri(INFORMATION_URI)
        .rules(rules.iter().map(descriptor).collect::<Vec<_>>())
        .build();
    let mut run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .column_kind(serde_json::json!("unicodeCodePoints"))
        .results(Vec::<SarifResult>::new())
        .build();
    if let Some(invocation) = invocation(report) {
        run.invocations = Some(vec![invocation]);
    }
    if let Some(catalog) = &report.catalog {
        let mut properties = BTreeMap::new();
        properties.insert(
            "catalog".to_owned(),
            serde_json::json!({"id": catalog.id, "version": catalog.version, "digest": catalog.digest}),
        );
        run.properties = Some(PropertyBag::builder().additional_properties(properties).build());
    }
    let log = Sarif::builder().schema(SCHEMA).version(serde_json::json!("2.1.0")).runs(vec![run]).build();
    // The log is written around its results, which are streamed one at a time: a finding
    // costs the same memory however many there are.
    let frame = crate::json_text::to_string_pretty(&log)?;
    let (head, tail) = frame.split_once(RESULTS_HOLE).ok_or_else(|| io::Error::other("SARIF: no results array"))?;
    out.write_all(head.as_bytes())?;
    out.write_all(b"\n      \"results\": [")?;
    let mut buffer = Vec::new();
    for (i, d) in report.diagnostics.iter().enumerate() {
        let index = rules.iter().position(|r| r.matches(d)).unwrap_or_default();
        buffer.clear();
        crate::json_text::to_writer_pretty(&mut buffer, &result(d, index, sources))?;
        out.write_all(if i == 0 { b"\n        " } else { b",\n        " })?;
        // Indented as a pretty-printed log would be: JSON text holds no raw line break but
        // those between its tokens.
        for (j, line) in buffer.split(|&b| b == b'\n').enumerate() {
            if j > 0 {
                out.write_all(b"\n        ")?;
            }
            out.write_all(line)?;
        }
    }
    out.write_all(if report.diagnostics.is_empty() { b"]" } else { b"\n      ]" })?;
    out.write_all(tail.as_bytes())?;
    writeln!(out)
}

/// The empty results array of the run, as the pretty-printed frame holds it.
const RESULTS_HOLE: &str = "\n      \"results\": []";

/// The run's invocation, when there is something to say about it: `executionSuccessful` is
/// false when the run failed (a tool error, or no input checked); each tool error is an
/// `error` notification and each skipped input a `note`, located at its file when known.
fn invocation(report: &Report) -> Option<Invocation> {
    let summary = report.summary();
    if summary.succeeded() && report.skipped.is_empty() {
        return None;
    }
    let notification = |level: &str, message: String, file: Option<&str>| {
        let mut notification = Notification::builder()
            .level(serde_json::json!(level))
            .message(Message::builder().text(message).build())
            .build();
        if let Some(file) = file {
            let artifact = ArtifactLocation::builder().uri(uri(file)).build();
            let physical = PhysicalLocation::builder().artifact_location(artifact).build();
            notification.locations = Some(vec![Location::builder().physical_location(physical).build()]);
        }
        notification
    };
    let mut notifications: Vec<Notification> =
        report.errors.iter().map(|e| notification("error", e.message.clone(), e.file.as_deref())).collect();
    if summary.tool_errors == 0 && summary.files == 0 {
        notifications.push(notification("error", "no input was checked".to_owned(), None));
    }
    notifications
        .extend(report.skipped.iter().map(|s| notification("note", format!("skipped: {}", s.reason), Some(&s.file))));
    Some(
        Invocation::builder()
            .execution_successful(summary.succeeded())
            .tool_execution_notifications(notifications)
            .build(),
    )
}

fn level(severity: Severity) -> ResultLevel {
    match severity {
        Severity::Error => ResultLevel::Error,
        Severity::Warning => ResultLevel::Warning,
        Severity::Info | Severity::Hint => ResultLevel::Note,
    }
}

fn text(text: impl Into<String>) -> MultiformatMessageString {
    MultiformatMessageString::builder().text(text.into()).build()
}

fn descriptor(rule: &RuleInfo) -> ReportingDescriptor {
    let mut tags = vec![rule.level.as_str().to_owned()];
    tags.extend(rule.standard_label());
    let full = match &rule.rationale {
        Some(rationale) => format!("{}. {}", rule.title.trim_end_matches('.'), rationale.trim()),
        None => rule.title.clone(),
    };
    let mut descriptor = ReportingDescriptor::builder()
        .id(rule.id.clone())
        .short_description(text(rule.title.clone()))
        .full_description(text(full))
        .default_configuration(
            ReportingConfiguration::builder().level(serde_json::json!(level_name(rule.severity))).build(),
        )
        .properties(PropertyBag::builder().tags(tags).build())
        .build();
    if let Some(url) = &rule.url {
        descriptor.help = Some(text(format!("{} ({url})", rule.title)));
        descriptor.help_uri = Some(url.clone());
    }
    descriptor
}

fn level_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

fn result(diagnostic: &Diagnostic, rule_index: usize, sources: &dyn SourceProvider) -> SarifResult {
    let mut message = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        message.push_str("\nHelp: ");
        message.push_str(help);
    }
    let artifact = ArtifactLocation::builder().uri(uri(&diagnostic.file)).build();
    let physical = match diagnostic.location {
        Some(location) => PhysicalLocation::builder()
            .artifact_location(artifact)
            .region(
                Region::builder()
                    .start_line(i64::from(location.start.line))
                    .start_column(i64::from(location.start.column))
                    .end_line(i64::from(location.end.line))
                    .end_column(i64::from(location.end.column))
                    .build(),
            )
            .build(),
        None => PhysicalLocation::builder().artifact_location(artifact).build(),
    };
    let mut location = Location::builder().physical_location(physical).build();
    if let Some(logical) = logical_location(&diagnostic.locator) {
        location.logical_locations = Some(vec![logical]);
    }
    let mut fingerprints = BTreeMap::new();
    fingerprints.insert(SARIF_KEY.to_owned(), fingerprint::fingerprint(diagnostic, sources));
    SarifResult::builder()
        .rule_id(diagnostic.rule.to_string())
        .rule_index(i64::try_from(rule_index).unwrap_or(i64::MAX))
        .level(level(diagnostic.severity))
        .message(Message::builder().text(message).build())
        .locations(vec![location])
        .partial_fingerprints(fingerprints)
        .build()
}

fn logical_location(locator: &Locator) -> Option<LogicalLocation> {
    let kind = match locator {
        Locator::None => return None,
        Locator::Pointer(_) => "value",
        Locator::Path(_) => "element",
        Locator::Cell { .. } => "text",
    };
    Some(LogicalLocation::builder().fully_qualified_name(locator.to_string()).kind(kind).build())
}

/// The artifact URI of a file: a relative reference (resolved against the repository root by
/// code-scanning services) for relative paths, a `file://` URI for absolute ones.
fn uri(file: &str) -> String {
    let file = fingerprint::normalized_file(file);
    let encoded = percent_encode(&file);
    if file.starts_with('/') {
        format!("file://{encoded}")
    } else if file.as_bytes().get(1) == Some(&b':') {
        format!("file:///{encoded}")
    } else {
        encoded
    }
}

/// Percent-encodes everything but RFC 3986 unreserved characters, `/` and a drive's `:`.
fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for (i, byte) in path.bytes().enumerate() {
        let keep = byte.is_ascii_alphanumeric()
            || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/')
            || (byte == b':' && i == 1 && path.as_bytes()[0].is_ascii_alphabetic());
        if keep {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_references_or_file_uris() {
        assert_eq!(uri("./exports/people 2.ndjson"), "exports/people%202.ndjson");
        assert_eq!(uri("/srv/data/ä.json"), "file:///srv/data/%C3%A4.json");
        assert_eq!(uri("C:\\data\\a.json"), "file:///C:/data/a.json");
        assert_eq!(uri("a#b?.json"), "a%23b%3F.json");
    }
}
