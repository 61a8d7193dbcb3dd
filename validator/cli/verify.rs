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
        println!("{:<4}  {:<10}  {}", check.status, check.name, check.detail);
    }
    let failed: Vec<&str> = checks.iter().filter(|c| c.status == Status::Fail).map(|c| c.name).collect();
    if failed.is_empty() {
        println!("verified: {}", args.report.display());
        Ok(Exit::Success)
    } else {
        let verb = if failed.len() == 1 { "does" } else { "do" };
        println!("NOT verified: {} {verb} not hold", failed.join(", "));
        Ok(Exit::Findings)
    }
}
