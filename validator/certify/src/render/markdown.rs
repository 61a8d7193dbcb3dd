//! `report.md`: the report in Markdown, for tickets, wikis and pull requests.

use std::fmt::Write as _;

use super::{MARKDOWN_FINDINGS_PER_REQUIREMENT, class_counts, locator, position, tally, target};
use crate::claim::Claim;
use crate::envelope::Report;

/// Renders the report as Markdown.
#[must_use]
pub fn render(report: &Report, claim: &Claim) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Conformance report: {} {}\n", cell(&claim.product.name), cell(&claim.product.version));
    let verdict = if claim.summary.conformant { "**Conforms**" } else { "**Does not conform**" };
    let _ = writeln!(out, "{verdict} to {}.\n", cell(&target(claim)));
    let (verdicts, findings) = tally(&claim.summary);
    let _ = writeln!(out, "{verdicts}; {findings}.\n");
    out.push_str("## Summary by conformance class\n\n| Class | Required | Requirements | Pass | Fail | No evidence | Not applicable | Attested | Result |\n|---|---|--:|--:|--:|--:|--:|--:|---|\n");
    for c in &claim.classes {
        let n = class_counts(claim, c);
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            cell(&c.name),
            if c.mandatory { "mandatory" } else { "optional" },
            n.total,
            n.pass,
            n.fail,
            n.no_evidence,
            n.not_applicable,
            n.attested,
            if c.met { "met" } else { "**not met**" }
        );
    }
    provenance(&mut out, report, claim);
    requirements(&mut out, claim);
    attestations(&mut out, claim);
    out
}

fn provenance(out: &mut String, report: &Report, claim: &Claim) {
    let signers: Vec<&str> = report.signatures.iter().map(|s| s.keyid.as_str()).collect();
    let _ = writeln!(
        out,
        "\n## What was checked\n\n- Vendor: {}\n- Date: {}\n- Tool: {} {}\n- Catalog: {} {} (`{}`)\n- Claim digest: `{}`\n- Signed by: {}\n",
        cell(&claim.vendor),
        cell(&claim.date),
        claim.tool.name,
        cell(&claim.tool.version),
        cell(&claim.catalog.id),
        cell(&claim.catalog.version),
        claim.catalog.digest,
        report.digest,
        if signers.is_empty() { "not signed".to_owned() } else { format!("`{}`", signers.join("`, `")) }
    );
    let _ = writeln!(out, "**How to verify.** {}\n", super::HOW_TO_VERIFY);
    out.push_str("| Input | Bytes | sha-256 | Checked against |\n|---|--:|---|---|\n");
    for input in &claim.inputs {
        let _ = writeln!(
            out,
            "| `{}` | {} | `{}` | {} |",
            cell(&input.path),
            input.bytes,
            input.sha256,
            cell(&input.standards.join(", "))
        );
    }
}

fn requirements(out: &mut String, claim: &Claim) {
    out.push_str("\n## Requirements\n\n| Class | Requirement | Standard | Level | Verdict | Findings | Why |\n|---|---|---|---|---|--:|---|\n");
    for r in &claim.requirements {
        let _ = writeln!(
            out,
            "| {} | {} {} | {}@{} | {} | {} | {} | {} |",
            cell(&r.class),
            cell(&r.id),
            cell(&r.title),
            cell(&r.standard),
            cell(&r.version),
            cell(&r.level),
            if r.met { r.verdict.as_str().to_owned() } else { format!("**{}**", r.verdict.as_str()) },
            r.counts.total(),
            cell(&r.reason)
        );
    }
    for r in claim.requirements.iter().filter(|r| !r.findings.is_empty()) {
        let _ = writeln!(
            out,
            "\n### {} ({}@{}): {} findings\n",
            cell(&r.id),
            cell(&r.standard),
            cell(&r.version),
            r.findings.len()
        );
        for f in r.findings.iter().take(MARKDOWN_FINDINGS_PER_REQUIREMENT) {
            let where_ = locator(f);
            let _ = writeln!(
                out,
                "- `{}`{} {}: {}",
                cell(&position(f)),
                if where_.is_empty() { String::new() } else { format!(" `{}`", cell(&where_)) },
                f.severity,
                cell(&f.message)
            );
        }
        if r.findings.len() > MARKDOWN_FINDINGS_PER_REQUIREMENT {
            let _ = writeln!(
                out,
                "- … and {} more, listed in report.json",
                r.findings.len() - MARKDOWN_FINDINGS_PER_REQUIREMENT
            );
        }
    }
}

fn attestations(out: &mut String, claim: &Claim) {
    let attested: Vec<_> = claim.requirements.iter().filter(|r| r.attestation.is_some()).collect();
    if !attested.is_empty() {
        out.push_str("\n## Attestations\n");
        for r in attested {
            let Some(a) = &r.attestation else { continue };
            let _ = writeln!(
                out,
                "\n**{}** ({}@{}){}: {}  \nResponsible: {}{}",
                cell(&r.id),
                cell(&r.standard),
                cell(&r.version),
                if a.applicable { "" } else { ", does not apply" },
                cell(&a.statement),
                cell(&a.responsible),
                a.date.as_deref().map_or_else(String::new, |d| format!(", {}", cell(d)))
            );
            for e in &a.evidence {
                let _ = match &e.sha256 {
                    Some(digest) => writeln!(out, "- `{}` (`{digest}`)", cell(&e.reference)),
                    None => writeln!(out, "- <{}>", cell(&e.reference)),
                };
            }
        }
    }
}

/// Text safe inside a Markdown table cell or inline code: one line, pipes escaped.
fn cell(text: &str) -> String {
    text.replace(['\n', '\r'], " ").replace('|', "\\|").replace('`', "'")
}
