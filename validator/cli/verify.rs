//! `conform verify`: re-check a certification report and say which checks hold.

use anyhow::Context;
use conform_certify::verify::{self, Options, Status};
use conform_certify::{inputs, sign};

use crate::args::VerifyArgs;
use crate::exit::Exit;

/// Runs `conform verify`.
pub fn run(args: &VerifyArgs) -> anyhow::Result<Exit> {
    let catalog = crate::load::catalog(&args.catalog)?;
    let bytes = std::fs::read(&args.report).with_context(|| format!("cannot read `{}`", args.report.display()))?;
    let public_key = match &args.public_key {
        Some(path) => {
            let pem = std::fs::read_to_string(path).with_context(|| format!("cannot read `{}`", path.display()))?;
            Some(sign::read_public(&pem).with_context(|| format!("`{}`", path.display()))?)
        }
        None => None,
    };
    let given = if args.inputs.is_empty() { None } else { Some(inputs::collect(&args.inputs)?) };
    if let Some(dir) = &args.evidence
        && !dir.is_dir()
    {
        anyhow::bail!("the evidence folder `{}` is not a directory", dir.display());
    }
    let evidence = args.evidence.clone();
    let options = Options { public_key, inputs: given, evidence, ..Options::default() };
    let checks = verify::verify(&bytes, &catalog, &options);
    for check in &checks {
        println!("{:<4}  {:<10}  {}", check.status, check.name, conform_report::neutral::terminal(&check.detail));
    }
    let mut failed: Vec<&str> = checks.iter().filter(|c| c.status == Status::Fail).map(|c| c.name).collect();
    let signed = checks.iter().any(|c| c.name == "signature" && c.status == Status::Pass);
    let trust = match (signed, args.public_key.is_some()) {
        (true, true) => "SIGNED, key pinned",
        (true, false) => "SIGNED, KEY NOT PINNED (anyone could have signed it: give --public-key)",
        (false, _) => "UNSIGNED (anyone could have written it)",
    };
    println!("trust:  {trust}");
    println!("claim:  {}", claimed_verdict(&bytes));
    let pinned = signed && args.public_key.is_some();
    if !pinned && !args.allow_unsigned && failed.is_empty() {
        failed.push(if signed {
            "key pinning (--public-key, or --allow-unsigned)"
        } else {
            "signature (--allow-unsigned to accept)"
        });
    }
    if failed.is_empty() {
        // Verified means authentic, not conformant: the last line says which verdict holds.
        let claim = claimed_verdict(&bytes);
        let verdict = claim.split(" (").next().unwrap_or_default();
        println!("verified: {} (the report is authentic; it certifies: {verdict})", args.report.display());
        Ok(Exit::Success)
    } else {
        let verb = if failed.len() == 1 { "does" } else { "do" };
        println!("NOT verified: {} {verb} not hold", failed.join(", "));
        Ok(Exit::Findings)
    }
}

/// The verdict the report claims, restated so that a reader of the output sees it beside
/// the checks (`conformant` or `NOT conformant`, with the totals).
fn claimed_verdict(bytes: &[u8]) -> String {
    let Ok(report) = serde_json::from_slice::<serde_json::Value>(bytes) else {
        return "unreadable".to_owned();
    };
    let summary = report.pointer("/payload/claim/summary").or_else(|| report.pointer("/claim/summary"));
    let Some(summary) = summary else { return "not found in the report".to_owned() };
    let verdict = if summary["conformant"] == serde_json::Value::Bool(true) { "conformant" } else { "NOT conformant" };
    format!(
        "{verdict} ({} requirement(s): {} pass, {} fail, {} attested, {} not applicable, {} no evidence)",
        summary["requirements"],
        summary["pass"],
        summary["fail"],
        summary["attested"],
        summary["not_applicable"],
        summary["no_evidence"].as_u64().unwrap_or(0)
    )
}
