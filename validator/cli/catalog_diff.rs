//! `conform catalog diff ID@A ID@B`: classified changes between two versions of a standard.

use std::io::Write;

use anyhow::{Context, bail};
use conform_catalog::diff::{Mode, StandardDiff, diff_standards};
use conform_catalog::{Catalog, Standard};
use serde::Serialize;

use crate::args::{CatalogArg, CatalogFormatArg, CompatMode, DiffArgs};
use crate::exit::Exit;

/// Runs `conform catalog diff`.
pub fn run(args: &DiffArgs) -> anyhow::Result<Exit> {
    let new_catalog = crate::load::announced(&args.catalog)?;
    let old_catalog = match &args.old_catalog {
        Some(dir) => Some(crate::load::catalog(&CatalogArg { catalog: Some(dir.clone()) })?),
        None => None,
    };
    let old = find(old_catalog.as_ref().unwrap_or(&new_catalog), &args.old)?;
    let new = find(&new_catalog, &args.new)?;
    if old.id != new.id {
        bail!("`{}` and `{}` are different standards", args.old, args.new);
    }
    let diff = diff_standards(old_catalog.as_ref().unwrap_or(&new_catalog), old, &new_catalog, new);
    let mode = match args.mode {
        CompatMode::Backward => Mode::Backward,
        CompatMode::Forward => Mode::Forward,
        CompatMode::Full => Mode::Full,
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match args.format {
        CatalogFormatArg::Json => {
            conform_report::json_text::to_writer_pretty(&mut out, &JsonDiff::new(&diff, mode))?;
            writeln!(out)?;
        }
        CatalogFormatArg::Human => human(&mut out, &diff, mode)?,
    }
    out.flush()?;
    if args.check_semver && !diff.semver_ok(mode) {
        return Ok(Exit::Findings);
    }
    Ok(Exit::Success)
}

/// `ID@VERSION`: exactly that version when the version is complete (drafts included),
/// otherwise resolved like `--standard`.
fn find<'a>(catalog: &'a Catalog, reference: &str) -> anyhow::Result<&'a Standard> {
    let (id, version) = reference.split_once('@').with_context(|| format!("`{reference}`: expected ID@VERSION"))?;
    if let Ok(version) = semver::Version::parse(version.trim_start_matches('=')) {
        return catalog
            .standards
            .iter()
            .find(|s| s.id == id && s.version == version)
            .with_context(|| format!("{id}@{version} is not in the catalog"));
    }
    Ok(catalog.resolve(reference)?.standard)
}

fn yes(flag: bool) -> &'static str {
    if flag { "yes" } else { "NO" }
}

fn human(out: &mut impl Write, diff: &StandardDiff, mode: Mode) -> std::io::Result<()> {
    writeln!(out, "{} → {} ({} change{})", diff.old, diff.new, diff.changes.len(), plural(diff.changes.len()))?;
    if !diff.changes.is_empty() {
        writeln!(out, "\n{:<8} {:<8} {:<8} CHANGE", "BACKWARD", "FORWARD", "FULL")?;
    }
    for c in &diff.changes {
        let place = if c.pointer.is_empty() { c.file.clone() } else { format!("{}#{}", c.file, c.pointer) };
        writeln!(out, "{:<8} {:<8} {:<8} {} {place}", yes(c.backward), yes(c.forward), yes(c.full), c.kind)?;
        writeln!(out, "{:<27}{}", "", c.message)?;
    }
    let required = diff.required_bump(mode);
    let actual = diff.actual_bump();
    let verdict = if diff.semver_ok(mode) { "ok" } else { "TOO SMALL" };
    writeln!(out, "\n{mode} compatibility requires a {required} release; {} is a {actual} release: {verdict}", diff.new)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[derive(Serialize)]
struct JsonDiff<'a> {
    old: &'a str,
    new: &'a str,
    mode: String,
    required_bump: conform_catalog::diff::Bump,
    actual_bump: conform_catalog::diff::Bump,
    semver_ok: bool,
    changes: &'a [conform_catalog::diff::Change],
}

impl<'a> JsonDiff<'a> {
    fn new(diff: &'a StandardDiff, mode: Mode) -> Self {
        Self {
            old: &diff.old,
            new: &diff.new,
            mode: mode.to_string(),
            required_bump: diff.required_bump(mode),
            actual_bump: diff.actual_bump(),
            semver_ok: diff.semver_ok(mode),
            changes: &diff.changes,
        }
    }
}
