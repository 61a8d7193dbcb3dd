//! Loading the catalog for a command, rendering catalog problems with their locations.

use std::io::Write;

use anyhow::Context;
use conform_catalog::{Catalog, CatalogError};
use conform_report::{HumanOptions, Report};

use crate::args::CatalogArg;
use crate::sources::MemorySources;

/// The catalog chosen by `--catalog`, or the embedded one. Problems in it are printed with
/// file, line and column, and make the command fail (exit 2).
pub fn catalog(arg: &CatalogArg) -> anyhow::Result<Catalog> {
    let loaded = match &arg.catalog {
        Some(dir) => Catalog::from_dir(dir),
        None => Catalog::embedded(),
    };
    match loaded {
        Ok(catalog) => Ok(catalog),
        Err(CatalogError::Invalid { diagnostics, sources }) => {
            let count = diagnostics.len();
            let report = Report {
                tool_version: String::new(),
                catalog: None,
                files: sources.len(),
                diagnostics,
                errors: Vec::new(),
                skipped: Vec::new(),
                dropped: 0,
            };
            let mut stderr = std::io::stderr().lock();
            conform_report::human::render(&report, HumanOptions::default(), &MemorySources(sources), &mut stderr)?;
            stderr.flush()?;
            anyhow::bail!("the catalog has {count} problem(s); fix them and try again")
        }
        Err(err) => Err(err).context("cannot load the catalog"),
    }
}
