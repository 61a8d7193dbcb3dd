//! Reports for people: a self-contained HTML page and Markdown, both rendered from the
//! claim (the JSON report stays the reference).

pub mod html;
pub mod markdown;

use crate::claim::{Claim, ClassResult, FindingRecord, Summary, Verdict};

/// Findings shown per requirement in the HTML page; the JSON report has them all.
pub const HTML_FINDINGS_PER_REQUIREMENT: usize = 1000;
/// Findings shown per requirement in Markdown.
pub const MARKDOWN_FINDINGS_PER_REQUIREMENT: usize = 20;

/// Requirement counts of one class, by verdict.
#[derive(Debug, Default, Clone, Copy)]
struct ClassCounts {
    total: usize,
    pass: usize,
    fail: usize,
    not_applicable: usize,
    no_evidence: usize,
    attested: usize,
}

fn class_counts(claim: &Claim, class: &ClassResult) -> ClassCounts {
    let mut counts = ClassCounts::default();
    for r in claim.requirements.iter().filter(|r| r.class == class.name) {
        counts.total += 1;
        match r.verdict {
            Verdict::Pass => counts.pass += 1,
            Verdict::Fail => counts.fail += 1,
            Verdict::NotApplicable => counts.not_applicable += 1,
            Verdict::NoEvidence => counts.no_evidence += 1,
            Verdict::Attested => counts.attested += 1,
        }
    }
    counts
}

/// How a reader checks the report, in words: this page is a rendering; the signed
/// `report.json` beside it is what counts.
const HOW_TO_VERIFY: &str = "This page is a rendering of `report.json`. To check that report, that its signature holds and that it was made from the inputs it lists, run `conform verify report.json --public-key VENDOR.pub --inputs INPUTS...` with the vendor's published public key; a report that is unsigned, or checked without a pinned key, does not verify.";

/// What the product is certified against, in words.
/// The two halves of a summary line: requirement verdicts, then findings by severity.
fn tally(s: &Summary) -> (String, String) {
    (
        format!(
            "{} requirements: {} pass, {} fail, {} no evidence, {} not applicable, {} attested",
            s.requirements, s.pass, s.fail, s.no_evidence, s.not_applicable, s.attested
        ),
        format!("{} errors, {} warnings, {} infos", s.findings.errors, s.findings.warnings, s.findings.infos),
    )
}

fn target(claim: &Claim) -> String {
    match &claim.profile {
        Some(p) => match &p.version {
            Some(v) => format!("{} {v} ({})", p.name, p.title),
            None => format!("{} ({})", p.name, p.title),
        },
        None => claim.classes.iter().flat_map(|c| c.standards.iter().cloned()).collect::<Vec<_>>().join(", "),
    }
}

/// `file:line:column`, as far as known.
fn position(f: &FindingRecord) -> String {
    match (f.line, f.column) {
        (Some(line), Some(column)) => format!("{}:{line}:{column}", f.file),
        (Some(line), None) => format!("{}:{line}", f.file),
        _ => f.file.clone(),
    }
}

/// Pointer, element path, or CSV row and field.
fn locator(f: &FindingRecord) -> String {
    match (&f.pointer, f.row, &f.field) {
        (Some(p), _, _) if p.is_empty() => "(document root)".to_owned(),
        (Some(p), _, _) => p.clone(),
        (None, Some(row), Some(field)) => format!("row {row}, field {field}"),
        (None, Some(row), None) => format!("row {row}"),
        _ => String::new(),
    }
}
