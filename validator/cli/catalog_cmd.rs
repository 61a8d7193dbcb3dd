//! `conform catalog list | show`, and the dispatch of the authoring subcommands.

use std::io::Write;

use crate::args::CatalogCommand;
use crate::exit::Exit;

/// Runs a `conform catalog` subcommand.
pub fn run(command: &CatalogCommand) -> anyhow::Result<Exit> {
    match command {
        CatalogCommand::List(arg) => {
            let catalog = crate::load::announced(arg)?;
            let mut out = std::io::stdout().lock();
            writeln!(out, "{} {} ({})", catalog.manifest.id, catalog.manifest.version, catalog.digest)?;
            writeln!(out, "{:<28} {:<10} {:<10} {:<11} TITLE", "STANDARD", "VERSION", "KIND", "STATUS")?;
            for s in &catalog.standards {
                writeln!(
                    out,
                    "{:<28} {:<10} {:<10} {:<11} {}",
                    s.id,
                    s.version.to_string(),
                    s.kind.as_str(),
                    s.status.as_str(),
                    s.title
                )?;
            }
            Ok(Exit::Success)
        }
        CatalogCommand::Init(args) => crate::catalog_init::run(args),
        CatalogCommand::Lint(args) => crate::catalog_lint::lint(args),
        CatalogCommand::Lock(args) => crate::catalog_lint::lock(args),
        CatalogCommand::Test(args) => crate::catalog_test::run(args),
        CatalogCommand::Diff(args) => crate::catalog_diff::run(args),
        CatalogCommand::Docs(args) => crate::catalog_docs::run(args),
        CatalogCommand::New(args) => crate::catalog_new::new(args),
        CatalogCommand::NewVersion(args) => crate::catalog_new::new_version(args),
        CatalogCommand::Show(args) => {
            let catalog = crate::load::announced(&args.catalog)?;
            let resolved = catalog.resolve(&args.standard)?;
            let s = resolved.standard;
            let mut out = std::io::stdout().lock();
            for notice in &resolved.notices {
                eprintln!("warning: {notice}");
            }
            writeln!(out, "{} — {}", s.label(), s.title)?;
            writeln!(out, "kind: {}   status: {}", s.kind, s.status)?;
            if let Some(effective) = &s.effective {
                writeln!(out, "effective: {effective}")?;
            }
            if let Some(sunset) = &s.sunset {
                writeln!(out, "sunset: {sunset}")?;
            }
            if let Some(supersedes) = &s.supersedes {
                writeln!(out, "supersedes: {}@{supersedes}", s.id)?;
            }
            if !s.detect.formats.is_empty() {
                writeln!(out, "applies to: {}", s.detect.formats.join(", "))?;
            }
            if let Some(description) = &s.description {
                writeln!(out, "\n{}", description.trim())?;
            }
            writeln!(out, "\nrequirements:")?;
            for r in &s.requirements {
                writeln!(out, "  {:<14} {:<6} {} [{}]", r.id, r.level.as_str(), r.title, r.check.engine)?;
                for p in &r.parameters {
                    writeln!(out, "  {:<14} parameter {} ({}): {}", "", p.summary(), p.kind.as_str(), p.doc)?;
                }
            }
            Ok(Exit::Success)
        }
    }
}
