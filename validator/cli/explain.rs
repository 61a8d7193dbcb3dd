//! `conform explain RULE`: a requirement's statement, rationale and fix.

use std::io::Write;

use anyhow::bail;

use crate::args::ExplainArgs;
use crate::exit::Exit;

/// Runs `conform explain`.
pub fn run(args: &ExplainArgs) -> anyhow::Result<Exit> {
    let catalog = crate::load::catalog(&args.catalog)?;
    let (standard, requirement) = match args.rule.split_once(':') {
        Some((reference, rule)) => {
            let standard = catalog.resolve(reference)?.standard;
            match standard.requirements.iter().find(|r| r.id.eq_ignore_ascii_case(rule)) {
                Some(requirement) => (standard, requirement),
                None => bail!("{} has no requirement `{rule}`", standard.label()),
            }
        }
        None => match catalog.find_rule(&args.rule) {
            Some(found) => found,
            None => bail!("no requirement `{}` in the catalog (see `conform catalog show ID`)", args.rule),
        },
    };
    let mut out = std::io::stdout().lock();
    writeln!(out, "{} ({}) — {}", requirement.id, standard.label(), requirement.title)?;
    writeln!(out, "level: {} ({})", requirement.level, requirement.level.severity())?;
    writeln!(out, "check: {}", requirement.check.engine)?;
    if let Some(rationale) = &requirement.rationale {
        writeln!(out, "\nWhy:\n  {}", rationale.trim().replace('\n', "\n  "))?;
    }
    if let Some(fix) = &requirement.fix {
        writeln!(out, "\nHow to fix:\n  {}", fix.trim().replace('\n', "\n  "))?;
    }
    writeln!(out, "\nDocs: {}", catalog.docs_url(&standard.id, &standard.version.to_string(), &requirement.id))?;
    Ok(Exit::Success)
}
