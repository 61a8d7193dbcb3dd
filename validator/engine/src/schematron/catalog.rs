//! `schematron`: the ISO Schematron rules of a catalog requirement over XML documents.
//!
//! ```toml
//! check = { engine = "schematron", schema = "schematron/EN16931-UBL-validation.sch" }
//! ```
//!
//! One requirement carries every rule of the schema: each failed assert (and successful
//! report) is a finding under the assert's own `@id` (`BR-CO-15`) and its flag's level
//! (`fatal`/`error` or no flag MUST, `warning` SHOULD, anything else MAY); the requirement's
//! standard, version and docs URL stay. An expression that cannot be evaluated is a MUST
//! finding (an error) at its rule: the rule did not run, which is never a pass. `include`s
//! resolve inside the catalog folder.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use conform_diagnostics::{Finding, SubRule};
use conform_formats::Format;
use conform_schematron::{CheckKind, Message, Part, Schema};
use serde::Deserialize;

use super::shared::Shared;
use crate::artifacts::ArtifactRoot;
use crate::registry::{CompileContext, parse_params};
use crate::{CompileError, Compiled, FileCheck, Input};

/// The engine's name in `check = { engine = ... }`.
pub const NAME: &str = "schematron";

/// Parameters of the `schematron` engine.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// The ISO Schematron schema, relative to the standard's folder.
    pub schema: String,
    /// The phase to run (`#ALL`, `#DEFAULT` or a phase id); the schema's default phase when
    /// absent. `conform check --phase` replaces it for a run.
    #[serde(default)]
    pub phase: Option<String>,
}

/// Compiles a `schematron` check: reads the schema and its includes from the catalog and
/// compiles every expression once.
pub fn compile(params: &toml::Table, ctx: &mut CompileContext<'_>) -> Result<Compiled, CompileError> {
    let params: Params = parse_params(NAME, params)?;
    let phase = ctx.phase.map(str::to_owned).or_else(|| params.phase.clone());
    let schema = read(ctx.root, &params.schema)?;
    let shared = Shared::new(schema, phase)
        .map_err(|err| CompileError::Artifact { artifact: params.schema.clone(), message: err.to_string() })?;
    Ok(Compiled::File(Arc::new(CatalogCheck { shared })))
}

/// Reads the schema `reference` and its includes below `root`.
pub fn read(root: &ArtifactRoot, reference: &str) -> Result<Schema, CompileError> {
    let load = |path: &Path| -> Result<String, String> {
        let key = path.to_string_lossy().replace('\\', "/");
        let artifact = root.read(&key).map_err(|err| err.to_string())?;
        String::from_utf8(artifact.bytes).map_err(|_| "not UTF-8".to_owned())
    };
    conform_schematron::read(&PathBuf::from(reference), &load)
        .map_err(|err| CompileError::Artifact { artifact: reference.to_owned(), message: err.to_string() })
}

/// The check of a catalog requirement: every rule of one schema.
struct CatalogCheck {
    shared: Arc<Shared>,
}

impl FileCheck for CatalogCheck {
    fn accepts(&self, format: Format) -> bool {
        format == Format::Xml
    }

    fn check_file(&self, input: &Input, _format: Format, out: &mut Vec<Finding>) -> io::Result<()> {
        for reported in self.shared.evaluate(input)? {
            let mut finding = reported.finding;
            finding.sub_rule = Some(Box::new(SubRule { id: Arc::from(reported.rule), level: reported.level }));
            out.push(finding);
        }
        Ok(())
    }
}

/// An assert (or report) of a schema, as `conform explain` shows it.
#[derive(Debug, Clone)]
pub struct AssertInfo {
    /// Its `@id`, as written.
    pub id: String,
    /// `assert` or `report`.
    pub kind: &'static str,
    /// Its `@flag` (or `@role`).
    pub flag: Option<String>,
    /// The pattern it is in.
    pub pattern: Option<String>,
    /// The rule context (the nodes it is checked on).
    pub context: String,
    /// The XPath test.
    pub test: String,
    /// Its message, with `value-of` shown as `{expr}`.
    pub text: String,
}

/// The asserts and reports of the schema `reference` below `root` whose `@id` is `id`.
pub fn find_asserts(root: &ArtifactRoot, reference: &str, id: &str) -> Result<Vec<AssertInfo>, CompileError> {
    let schema = read(root, reference)?;
    Ok(schema
        .checks()
        .filter(|(_, _, check)| check.id.as_deref().is_some_and(|c| c.eq_ignore_ascii_case(id)))
        .map(|(pattern, rule, check)| AssertInfo {
            id: check.id.clone().unwrap_or_default(),
            kind: if check.kind == CheckKind::Assert { "assert" } else { "report" },
            flag: check.flag.clone().or_else(|| check.role.clone()),
            pattern: pattern.id.clone(),
            context: collapse(&rule.context),
            test: collapse(&check.test),
            text: message_text(&check.message),
        })
        .collect())
}

fn message_text(message: &Message) -> String {
    let text: String = message
        .0
        .iter()
        .map(|part| match part {
            Part::Text(text) => text.clone(),
            Part::ValueOf { select, .. } => format!("{{{select}}}"),
            Part::Name { path, .. } => format!("{{name({})}}", path.as_deref().unwrap_or(".")),
        })
        .collect();
    collapse(&text)
}

/// `text` with runs of white space collapsed to one space, trimmed.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A Schematron rule found in a catalog: the standard and requirement that run it.
#[derive(Debug, Clone)]
pub struct CatalogAssert {
    /// `id@version` of the standard.
    pub standard: String,
    /// The requirement whose schema holds it.
    pub requirement: String,
    /// The docs URL of that requirement.
    pub url: String,
    /// The assert.
    pub assert: AssertInfo,
}

/// The asserts with `@id` `rule` in the Schematron requirements of the selectable version
/// of every standard of `catalog` (`conform explain BR-CO-15`).
#[must_use]
pub fn explain_rule(catalog: &conform_catalog::Catalog, rule: &str) -> Vec<CatalogAssert> {
    let mut ids: Vec<&str> = catalog.standards.iter().map(|s| s.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut found = Vec::new();
    for id in ids {
        let Ok(resolved) = catalog.resolve(id) else { continue };
        let standard = resolved.standard;
        let root = ArtifactRoot::Catalog { source: catalog.source.clone(), dir: standard.dir.clone() };
        for requirement in standard.requirements.iter().filter(|r| r.check.engine == NAME) {
            let Ok(params) = parse_params::<Params>(NAME, &requirement.check.params) else { continue };
            let Ok(asserts) = find_asserts(&root, &params.schema, rule) else { continue };
            for assert in asserts {
                found.push(CatalogAssert {
                    standard: standard.label(),
                    requirement: requirement.id.clone(),
                    url: catalog.docs_url(&standard.id, &standard.version.to_string(), &requirement.id),
                    assert,
                });
            }
        }
    }
    found
}
