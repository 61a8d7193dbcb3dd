//! Frictionless Data Packages given as inputs: `conform check datapackage.json` checks every
//! CSV resource against its schema and dialect, with foreign keys across resources.

use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use conform_diagnostics::{Level, RuleStamp};
use conform_engine::check::Origin;
use conform_engine::{Compiled, Input, Plan, PlannedCheck, PlannedStandard};
use conform_formats::Format;

/// Whether `input` is a Data Package descriptor, by its name (`datapackage.json`, or
/// `NAME.datapackage.json`).
pub fn is_package(input: &Input) -> bool {
    let Origin::Path(path) = &input.origin else { return false };
    path.file_name().and_then(|n| n.to_str()).is_some_and(|name| {
        name.eq_ignore_ascii_case("datapackage.json") || name.to_ascii_lowercase().ends_with(".datapackage.json")
    })
}

/// One plan per tabular resource of the package at `path`, with the resource's file as the
/// input. A descriptor that cannot be read or is not understood is an error (exit 2).
pub fn resources(path: &Path) -> anyhow::Result<Vec<(Input, Plan)>> {
    let tables = conform_engine::table_schema::load_package(path)
        .map_err(anyhow::Error::msg)
        .with_context(|| format!("cannot use the data package `{}`", path.display()))?;
    anyhow::ensure!(!tables.is_empty(), "the data package `{}` has no tabular resource to check", path.display());
    let stamp = RuleStamp::ad_hoc("schema", Level::Must);
    Ok(tables
        .into_iter()
        .map(|table| {
            let standard = PlannedStandard {
                label: format!("{}#{}", path.display(), table.name),
                formats: vec![Format::Csv],
                files: None,
                content: None,
                checks: vec![PlannedCheck { stamp: stamp.clone(), check: Compiled::File(Arc::new(table.check)) }],
            };
            (Input::file(table.path), Plan { standards: vec![standard], explicit: true })
        })
        .collect())
}
