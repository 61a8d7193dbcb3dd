//! `report.html`: one self-contained page (inline style, no script, no external asset) a
//! procurement officer can read: the verdict, a summary by conformance class, the
//! provenance, then each requirement collapsed in a `<details>` with its findings.

use std::fmt::Write as _;

use super::{HTML_FINDINGS_PER_REQUIREMENT, class_counts, locator, position, tally, target};
use crate::claim::{Claim, RequirementResult, Verdict};
use crate::envelope::Report;

const STYLE: &str = "
body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;color:#1f2328;margin:0;background:#f6f8fa}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;margin:28px 0 10px}h3{font-size:17px;margin:20px 0 8px}
.sub{color:#59636e;margin:0 0 16px}
#verdict{padding:18px 22px;border-radius:8px;color:#fff;font-size:22px;font-weight:700;margin:16px 0}
#verdict.conformant{background:#1a7f37}#verdict.nonconformant{background:#b42318}
#verdict small{display:block;font-size:14px;font-weight:400;margin-top:4px}
table{border-collapse:collapse;width:100%;background:#fff;margin:6px 0 12px}
th,td{border:1px solid #d1d9e0;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#eef1f4;font-weight:600}
td.n{text-align:right;font-variant-numeric:tabular-nums}
code,.mono{font-family:ui-monospace,'DejaVu Sans Mono',monospace;font-size:13px;word-break:break-all}
details{background:#fff;border:1px solid #d1d9e0;border-radius:6px;margin:6px 0}
details>summary{cursor:pointer;padding:8px 12px;list-style-position:inside}
details[open]>summary{border-bottom:1px solid #d1d9e0}
details>div{padding:8px 14px}
.badge{display:inline-block;min-width:104px;text-align:center;border-radius:12px;padding:1px 8px;font-size:12px;font-weight:700;text-transform:uppercase;color:#fff;margin-right:8px}
.pass{background:#1a7f37}.fail{background:#b42318}.not-applicable{background:#6e7781}.attested{background:#0969da}
.met{color:#1a7f37;font-weight:600}.unmet{color:#b42318;font-weight:600}
.error{color:#b42318}.warning{color:#9a6700}.info{color:#0969da}
.note{color:#59636e;font-style:italic}
";

/// Renders the report page.
#[must_use]
pub fn render(report: &Report, claim: &Claim) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let title = format!("Conformance report: {} {}", claim.product.name, claim.product.version);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n",
        esc(&title)
    );
    let _ = writeln!(out, "<h1>{}</h1>", esc(&title));
    let _ = writeln!(
        out,
        "<p class=\"sub\">by {} · {} · against {}</p>",
        esc(&claim.vendor),
        esc(&claim.date),
        esc(&target(claim))
    );
    summary(&mut out, claim);
    provenance(&mut out, report, claim);
    let _ = writeln!(out, "<h2 id=\"requirements\">Requirements</h2>");
    for class in &claim.classes {
        let _ = writeln!(
            out,
            "<h3>Class {}{}</h3>",
            esc(&class.name),
            class.title.as_deref().map_or_else(String::new, |t| format!(": {}", esc(t)))
        );
        for r in claim.requirements.iter().filter(|r| r.class == class.name) {
            requirement(&mut out, r);
        }
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn summary(out: &mut String, claim: &Claim) {
    let (class, headline) =
        if claim.summary.conformant { ("conformant", "Conforms") } else { ("nonconformant", "Does not conform") };
    let (verdicts, findings) = tally(&claim.summary);
    let _ =
        writeln!(out, "<div id=\"verdict\" class=\"{class}\">{headline}<small>{verdicts} · {findings}</small></div>");
    let _ = writeln!(out, "<section id=\"summary\">\n<h2>Summary by conformance class</h2>");
    out.push_str("<table>\n<tr><th>Class</th><th>Required</th><th>Standards</th><th>Requirements</th><th>Pass</th><th>Fail</th><th>No evidence</th><th>Not applicable</th><th>Attested</th><th>Result</th></tr>\n");
    for c in &claim.classes {
        let n = class_counts(claim, c);
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td class=\"mono\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"{}\">{}</td></tr>",
            esc(&c.name),
            if c.mandatory { "mandatory" } else { "optional" },
            esc(&c.standards.join(", ")),
            n.total,
            n.pass,
            n.fail,
            n.no_evidence,
            n.not_applicable,
            n.attested,
            if c.met { "met" } else { "unmet" },
            if c.met { "met" } else { "not met" }
        );
    }
    out.push_str("</table>\n</section>\n");
}

fn provenance(out: &mut String, report: &Report, claim: &Claim) {
    out.push_str("<h2>What was checked</h2>\n<table>\n");
    let signers: Vec<&str> = report.signatures.iter().map(|s| s.keyid.as_str()).collect();
    let rows = [
        ("Product", format!("{} {}", claim.product.name, claim.product.version)),
        ("Vendor", claim.vendor.clone()),
        ("Date", claim.date.clone()),
        ("Tool", format!("{} {}", claim.tool.name, claim.tool.version)),
        ("Catalog", format!("{} {} ({})", claim.catalog.id, claim.catalog.version, claim.catalog.digest)),
        ("Claim digest", report.digest.clone()),
        ("Signed by", if signers.is_empty() { "not signed".to_owned() } else { signers.join(", ") }),
    ];
    for (name, value) in rows {
        let _ = writeln!(out, "<tr><th>{name}</th><td class=\"mono\">{}</td></tr>", esc(&value));
    }
    let how = esc(super::HOW_TO_VERIFY).replace('`', "");
    let _ = writeln!(out, "</table>\n<p><strong>How to verify.</strong> {how}</p>");
    out.push_str("<table>\n<tr><th>Input</th><th>Bytes</th><th>sha-256</th><th>Checked against</th></tr>\n");
    for input in &claim.inputs {
        let _ = writeln!(
            out,
            "<tr><td class=\"mono\">{}</td><td class=\"n\">{}</td><td class=\"mono\">{}</td><td class=\"mono\">{}</td></tr>",
            esc(&input.path),
            input.bytes,
            esc(&input.sha256),
            esc(&input.standards.join(", "))
        );
    }
    out.push_str("</table>\n");
}

fn requirement(out: &mut String, r: &RequirementResult) {
    let verdict = r.verdict.as_str();
    let open = if r.verdict == Verdict::Fail && r.findings.len() <= 20 { " open" } else { "" };
    let _ = writeln!(
        out,
        "<details id=\"{}\"{open}><summary><span class=\"badge {verdict}\">{}</span><b>{}</b> <span class=\"mono\">{}@{}</span> {} · {}{}</summary>\n<div>",
        esc(&format!("{}-{}", r.standard, r.id)),
        verdict.replace('-', " "),
        esc(&r.id),
        esc(&r.standard),
        esc(&r.version),
        esc(&r.level),
        esc(&r.title),
        if r.counts.total() > 0 { format!(" · <b>{} findings</b>", r.counts.total()) } else { String::new() }
    );
    let _ = writeln!(
        out,
        "<p><span class=\"{}\">{}</span>: {}</p>",
        if r.met { "met" } else { "unmet" },
        if r.met { "Met" } else { "Not met" },
        esc(&r.reason)
    );
    if !r.inputs.is_empty() {
        let _ = writeln!(out, "<p>Checked on: <span class=\"mono\">{}</span></p>", esc(&r.inputs.join(", ")));
    }
    if let Some(a) = &r.attestation {
        let _ = writeln!(
            out,
            "<p><b>Attestation</b>{}: {}</p>\n<p>Responsible: {}{}</p>",
            if a.applicable { "" } else { " (does not apply)" },
            esc(&a.statement),
            esc(&a.responsible),
            a.date.as_deref().map_or_else(String::new, |d| format!(" · {}", esc(d)))
        );
        if !a.evidence.is_empty() {
            out.push_str("<ul>\n");
            for e in &a.evidence {
                let reference = esc(&e.reference);
                let _ = match &e.sha256 {
                    None if e.reference.starts_with("https://") || e.reference.starts_with("http://") => {
                        writeln!(out, "<li><a href=\"{reference}\">{reference}</a></li>")
                    }
                    None => writeln!(out, "<li class=\"mono\">{reference}</li>"),
                    Some(digest) => writeln!(
                        out,
                        "<li><span class=\"mono\">{reference}</span> <span class=\"mono note\">{}</span></li>",
                        esc(digest)
                    ),
                };
            }
            out.push_str("</ul>\n");
        }
    }
    if !r.findings.is_empty() {
        out.push_str("<table>\n<tr><th>Location</th><th>Where</th><th>Severity</th><th>Message</th></tr>\n");
        for f in r.findings.iter().take(HTML_FINDINGS_PER_REQUIREMENT) {
            let _ = writeln!(
                out,
                "<tr><td class=\"mono\">{}</td><td class=\"mono\">{}</td><td class=\"{}\">{}</td><td>{}</td></tr>",
                esc(&position(f)),
                esc(&locator(f)),
                esc(&f.severity),
                esc(&f.severity),
                esc(&f.message)
            );
        }
        out.push_str("</table>\n");
        if r.findings.len() > HTML_FINDINGS_PER_REQUIREMENT {
            let _ = writeln!(
                out,
                "<p class=\"note\">… and {} more findings, listed in report.json.</p>",
                r.findings.len() - HTML_FINDINGS_PER_REQUIREMENT
            );
        }
    }
    out.push_str("</div>\n</details>\n");
}

/// Escapes text for HTML element content and double-quoted attributes.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::esc;

    #[test]
    fn escapes_markup() {
        assert_eq!(esc("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    }
}
