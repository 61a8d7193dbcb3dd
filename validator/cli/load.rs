//! Loading the catalog for a command, rendering catalog problems with their locations.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use conform_catalog::{Catalog, CatalogError};
use conform_report::{HumanOptions, Report};

use crate::args::CatalogArg;
use crate::config::Config;
use crate::sources::MemorySources;

/// Where a command's catalog comes from.
pub enum Source {
    /// A catalog directory, and why it was chosen.
    Dir {
        /// The folder with `catalog.toml`.
        dir: PathBuf,
        /// What named it.
        why: &'static str,
    },
    /// The catalog built into the binary.
    Embedded,
}

/// The catalog folder found without being named.
const DEFAULT_DIR: &str = "standards";

/// The one rule every command follows: the directory named on the command line (`--catalog`
/// or a `catalog` subcommand's `DIR`), else `catalog` in the conform.toml found from the
/// current folder up, else `./standards` when it holds a `catalog.toml`, else the embedded
/// catalog.
pub fn choose(named: Option<&Path>) -> anyhow::Result<Source> {
    if let Some(dir) = named {
        return Ok(Source::Dir { dir: dir.to_path_buf(), why: "named on the command line" });
    }
    Ok(choose_in(None, crate::config::discover()?.as_ref()))
}

/// [`choose`] with the configuration already read (`conform check --config`, or none with
/// `--no-config`).
pub fn choose_in(named: Option<&Path>, config: Option<&Config>) -> Source {
    if let Some(dir) = named {
        return Source::Dir { dir: dir.to_path_buf(), why: "named on the command line" };
    }
    if let Some(dir) = config.and_then(|config| config.catalog.clone()) {
        return Source::Dir { dir, why: "`catalog` in conform.toml" };
    }
    if Path::new(DEFAULT_DIR).join("catalog.toml").is_file() {
        return Source::Dir { dir: PathBuf::from(DEFAULT_DIR), why: "./standards/catalog.toml found" };
    }
    Source::Embedded
}

/// The catalog [`choose`] picks, announced on stderr (`catalog: ...`), for the commands
/// that show or compare catalog content.
pub fn announced(arg: &CatalogArg) -> anyhow::Result<Catalog> {
    let source = choose(arg.catalog.as_deref())?;
    let embedded = matches!(source, Source::Embedded);
    if let Source::Dir { dir, why } = &source {
        eprintln!("catalog: {} ({why})", dir.display());
    }
    let catalog = load(source)?;
    if embedded {
        eprintln!("catalog: embedded {} {}", catalog.manifest.id, catalog.manifest.version);
    }
    Ok(catalog)
}

/// The catalog [`choose`] picks. Problems in it are printed with file, line and column,
/// and make the command fail (exit 2).
pub fn catalog(arg: &CatalogArg) -> anyhow::Result<Catalog> {
    load(choose(arg.catalog.as_deref())?)
}

/// Loads the catalog of `source`, printing its problems with file, line and column.
pub fn load(source: Source) -> anyhow::Result<Catalog> {
    let loaded = match source {
        Source::Dir { dir, .. } => Catalog::from_dir(&dir),
        Source::Embedded => Catalog::embedded(),
    };
    match loaded {
        Ok(catalog) => Ok(catalog),
        Err(CatalogError::Invalid { diagnostics, sources, .. }) => {
            let count = diagnostics.len();
            let report = Report {
                tool_version: String::new(),
                catalog: None,
                files: sources.len(),
                diagnostics,
                errors: Vec::new(),
                skipped: Vec::new(),
                dropped: 0,
                parameters: Vec::new(),
            };
            let mut stderr = std::io::stderr().lock();
            conform_report::human::render(&report, HumanOptions::default(), &MemorySources(sources), &mut stderr)?;
            stderr.flush()?;
            anyhow::bail!("the catalog has {count} problem(s); fix them and try again")
        }
        Err(err) => Err(err).context("cannot load the catalog"),
    }
}
