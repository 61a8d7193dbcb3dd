//! `conform catalog lint`: everything a committee must get right before publishing.
//!
//! Manifest checks come from [`conform_catalog::lint`]; this module adds the checks that need
//! engines: every requirement's check compiles with the engine it names (whatever engine that
//! is: artifacts, parameters, `JSONPaths`, regexes, rule names and code lists are validated by
//! the engine's own `compile`), JSON files parse and JSON Schemas are valid against their
//! meta-schema, and every machine-checked requirement has pass and fail fixtures. Last, the
//! lock ([`conform_catalog::lock`]) proves published versions unchanged.
//!
//! Every problem is a diagnostic whose rule names the check (`catalog/compile`, ...), with the
//! file, line and column to fix.

mod artifacts;
mod compile;
mod fixtures;
mod severity;

use std::path::Path;

use conform_catalog::Catalog;
use conform_catalog::lint::LintSink;

/// Every lint check's rule id, with what it verifies (for docs and `--help`).
pub const CHECKS: &[(&str, &str)] = &[
    ("catalog", "every manifest parses; versions are semver and live in `<kind>/<id>/<version>/`"),
    (
        "catalog/id",
        "standard ids are kebab-case and keep their kind; requirement ids are well-formed and owned by one standard",
    ),
    ("catalog/supersedes", "`supersedes` names an older version of the same standard that exists"),
    ("catalog/lifecycle", "dates are YYYY-MM-DD and in order; superseded versions are deprecated or retired"),
    ("catalog/documented", "every requirement has a rationale and a fix"),
    ("catalog/path", "artifact paths are relative and stay inside the catalog"),
    ("catalog/profile", "every standard a profile names resolves"),
    ("catalog/json", "every JSON file of the catalog parses"),
    ("catalog/meta-schema", "every JSON Schema is valid against its meta-schema"),
    ("catalog/compile", "every requirement's check compiles with the engine it names"),
    (
        "catalog/severity",
        "every ruleset rule's severity matches its requirement's level (MUST error, SHOULD warn, MAY info)",
    ),
    ("catalog/fixtures", "every machine-checked requirement has pass and fail fixtures; no fixture folder is orphaned"),
    ("catalog/frozen", "published versions are locked and unchanged since"),
];

/// Lints `catalog`; `fixtures` is the folder of requirement fixtures
/// (`<fixtures>/<id>/<version>/<REQ>/{pass,fail}/`), when there is one to check.
#[must_use]
pub fn lint(catalog: &Catalog, fixtures: Option<&Path>) -> LintSink {
    let mut sink = LintSink::default();
    conform_catalog::lint::lint_manifests(catalog, &mut sink);
    let broken_artifacts = artifacts::lint(catalog, &mut sink);
    let compiled = compile::lint(catalog, &broken_artifacts, &mut sink);
    severity::lint(catalog, &mut sink);
    if let Some(fixtures) = fixtures {
        fixtures::lint(catalog, fixtures, &compiled, &mut sink);
    }
    conform_catalog::lock::verify(catalog, &mut sink);
    sink.sort();
    sink
}
