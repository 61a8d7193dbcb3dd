//! `conform certify`: check a product's declared inputs against a profile (or standards),
//! take in the vendor's attestations, and write a signed, reproducible report.

use std::path::Path;

use anyhow::Context;
use conform_certify::claim::{Claim, Product};
use conform_certify::envelope::Report;
use conform_certify::select::Selection;
use conform_certify::{Request, attest, evaluate, inputs, render, sign};
use conform_formats::Limits;

use crate::args::CertifyArgs;
use crate::exit::Exit;

/// Runs `conform certify`, on the stacks a check runs on (the inputs are checked).
pub fn run(args: &CertifyArgs) -> anyhow::Result<Exit> {
    crate::run_stack::run(None, || certify(args))
}

fn certify(args: &CertifyArgs) -> anyhow::Result<Exit> {
    let catalog = crate::load::catalog(&args.catalog)?;
    let selection = match &args.profile {
        Some(profile) => Selection::profile(&catalog, profile)?,
        None => Selection::standards(&catalog, &args.standards)?,
    };
    for notice in &selection.notices {
        eprintln!("warning: {notice}");
    }
    let key = match &args.sign_key {
        Some(path) => Some(sign::read_private(&read_text(path)?).with_context(|| format!("`{}`", path.display()))?),
        None => None,
    };
    let declared = inputs::collect(&args.inputs)?;
    let attestations = match &args.attestations {
        Some(path) => attest::read(path)?,
        None => Vec::new(),
    };
    let evaluation = evaluate::evaluate(&catalog, &selection, &declared, &attestations, &Limits::default())?;
    let request = Request {
        product: Product { name: args.product.clone(), version: args.product_version.clone() },
        vendor: args.vendor.clone(),
        date: now()?,
        tool_version: env!("CARGO_PKG_VERSION").to_owned(),
    };
    let claim = conform_certify::build_claim(&catalog, &selection, evaluation, request);
    let report = Report::seal(&claim, key.as_ref())?;

    std::fs::create_dir_all(&args.out).with_context(|| format!("cannot create `{}`", args.out.display()))?;
    write(&args.out.join("report.json"), &report.to_bytes()?)?;
    write(&args.out.join("report.html"), render::html::render(&report, &claim).as_bytes())?;
    write(&args.out.join("report.md"), render::markdown::render(&report, &claim).as_bytes())?;
    if !report.signatures.is_empty() {
        let mut dsse = serde_json::to_vec_pretty(&report.dsse())?;
        dsse.push(b'\n');
        write(&args.out.join("report.dsse.json"), &dsse)?;
    }
    print_summary(&claim, &report, &args.out);
    Ok(if claim.summary.conformant { Exit::Success } else { Exit::Findings })
}

/// The claim's date: `SOURCE_DATE_EPOCH` when set (reproducible builds), else now.
fn now() -> anyhow::Result<String> {
    let seconds = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(value) => value.trim().parse::<u64>().context("SOURCE_DATE_EPOCH is not a number of seconds")?,
        Err(_) => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .context("the system clock is before 1970")?
            .as_secs(),
    };
    Ok(conform_certify::rfc3339(seconds))
}

fn read_text(path: &Path) -> anyhow::Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read `{}`", path.display()))
}

fn write(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    std::fs::write(path, bytes).with_context(|| format!("cannot write `{}`", path.display()))
}

fn print_summary(claim: &Claim, report: &Report, out: &Path) {
    let against = claim.profile.as_ref().map_or_else(
        || "the named standards".to_owned(),
        |p| format!("{}{}", p.name, p.version.as_deref().map_or_else(String::new, |v| format!(" {v}"))),
    );
    println!("{} {} by {}, against {against}", claim.product.name, claim.product.version, claim.vendor);
    for class in &claim.classes {
        let requirements: Vec<_> = claim.requirements.iter().filter(|r| r.class == class.name).collect();
        println!(
            "  class {} ({}): {} ({} requirements)",
            class.name,
            if class.mandatory { "mandatory" } else { "optional" },
            if class.met { "met" } else { "NOT MET" },
            requirements.len()
        );
        // Unmet requirements of one standard with the same verdict and reason are one line.
        let unmet: Vec<_> = requirements.iter().filter(|r| !r.met).collect();
        let mut start = 0;
        while start < unmet.len() {
            let first = unmet[start];
            let same = unmet[start..]
                .iter()
                .take_while(|r| {
                    r.standard == first.standard
                        && r.version == first.version
                        && r.verdict == first.verdict
                        && r.reason == first.reason
                })
                .count();
            let ids = if same == 1 {
                first.id.clone()
            } else {
                format!("{} requirements ({}..{})", same, first.id, unmet[start + same - 1].id)
            };
            println!("    {:<14} {ids} {}@{}: {}", first.verdict.as_str(), first.standard, first.version, first.reason);
            start += same;
        }
    }
    let s = &claim.summary;
    println!(
        "{}: {} pass, {} fail, {} no evidence, {} not applicable, {} attested",
        if s.conformant { "conforms" } else { "does not conform" },
        s.pass,
        s.fail,
        s.no_evidence,
        s.not_applicable,
        s.attested
    );
    let signed = report.signatures.first().map_or_else(|| "unsigned".to_owned(), |s| format!("signed by {}", s.keyid));
    println!("wrote {} ({signed}, claim {}), report.html, report.md", out.join("report.json").display(), report.digest);
}
