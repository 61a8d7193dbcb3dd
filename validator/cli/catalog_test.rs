//! `conform catalog test [DIR]`: every requirement's fixtures, as a table.

use std::io::Write;

use conform_engine::fixtures::{self, Expect};

use crate::args::FixtureArgs;
use crate::catalog_lint::{fixtures_dir, load};
use crate::exit::Exit;

/// Runs `conform catalog test`.
pub fn run(args: &FixtureArgs) -> anyhow::Result<Exit> {
    let dir = args.catalog.resolve()?;
    let catalog = match load(&dir)? {
        Ok(catalog) => catalog,
        Err(sink) => anyhow::bail!("the catalog has {} problem(s); run `conform catalog lint`", sink.diagnostics.len()),
    };
    let root = fixtures_dir(args, &dir);
    let results = fixtures::run(&catalog, &root);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    writeln!(out, "{:<28} {:<16} {:>6} {:>6}  RESULT", "STANDARD", "REQUIREMENT", "PASS", "FAIL")?;
    let mut failed = 0;
    for r in &results {
        let cell = |expect| {
            let (ok, total) = r.count(expect);
            format!("{ok}/{total}")
        };
        let verdict = if r.error.is_some() {
            "error"
        } else if r.manual {
            "manual"
        } else if r.fixtures.is_empty() {
            "no fixtures"
        } else if r.ok() {
            "ok"
        } else {
            "FAILED"
        };
        if !r.ok() || (!r.manual && r.fixtures.is_empty()) {
            failed += 1;
        }
        writeln!(
            out,
            "{:<28} {:<16} {:>6} {:>6}  {verdict}",
            r.standard,
            r.requirement,
            cell(Expect::Pass),
            cell(Expect::Fail)
        )?;
    }
    for r in results.iter().filter(|r| !r.ok()) {
        if let Some(error) = &r.error {
            writeln!(out, "\n{} {}: {error}", r.standard, r.requirement)?;
        }
        for f in r.fixtures.iter().filter(|f| !f.ok) {
            writeln!(out, "\n{} {} ({} fixture) {}", r.standard, r.requirement, f.expect, f.file.display())?;
            if let Some(detail) = &f.detail {
                writeln!(out, "  {detail}")?;
            }
        }
    }
    let total = results.len();
    writeln!(out, "\n{} of {total} requirements proven by their fixtures", total - failed)?;
    out.flush()?;
    Ok(if failed > 0 { Exit::Findings } else { Exit::Success })
}
