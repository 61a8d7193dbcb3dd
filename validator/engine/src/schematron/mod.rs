//! The Schematron adapter: ISO Schematron rules (`conform-schematron`) over XML documents,
//! in the catalog (`check = { engine = "schematron", schema = "rules.sch" }`, see
//! [`catalog`]) and ad hoc (`conform check --schema rules.sch`).
//!
//! Every failed assert, successful report and evaluation error is a finding. Its rule is the
//! assert's `@id` (else the pattern's `@id`, else `schematron`); its level comes from the
//! assert's `flag` (or, without one, its `role`): `fatal`/`error` and no flag at all are
//! MUST, `warning`/`warn` is SHOULD, any other value is MAY. An expression that cannot be
//! evaluated is a MUST finding at its rule, never a pass.
//!
//! xee-xpath's compiled queries are not `Send`: each worker thread compiles the schema once,
//! on its first document, and keeps it for the run.

pub mod catalog;
mod shared;

use std::collections::HashMap;
use std::io;
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

use conform_diagnostics::{Finding, Level, RuleStamp};
use conform_formats::Format;

pub use catalog::{NAME, Params, compile};
pub use shared::level as level_of_flag;
use shared::{FALLBACK_RULE, Shared};

use crate::plan::{Plan, PlannedCheck, PlannedStandard};
use crate::{CompileError, Compiled, FileCheck, Input};

/// Whether `path` is an ISO Schematron schema: a `.sch` file, or an XML file whose root is
/// the `schema` element of the ISO Schematron namespace.
#[must_use]
pub fn is_schematron(path: &Path) -> bool {
    if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("sch")) {
        return true;
    }
    let Ok(text) = std::fs::read_to_string(path) else { return false };
    let options = roxmltree::ParsingOptions { allow_dtd: false, ..roxmltree::ParsingOptions::default() };
    roxmltree::Document::parse_with_options(&text, options).is_ok_and(|doc| {
        let root = doc.root_element().tag_name();
        root.namespace() == Some(conform_schematron::SCH_NS) && root.name() == "schema"
    })
}

/// A plan checking XML inputs against the Schematron schema at `path` (`conform check
/// --schema rules.sch`), run in `phase` (`None`: the schema's default phase).
///
/// The plan holds one check per (rule, level) the schema can report; the first of them to
/// meet an input validates it once and hands the other checks their findings.
pub fn ad_hoc_plan(path: &Path, phase: Option<&str>) -> Result<Plan, CompileError> {
    let artifact = || path.display().to_string();
    let schema = conform_schematron::read_file(path)
        .map_err(|err| CompileError::Artifact { artifact: artifact(), message: err.to_string() })?;
    let shared = Shared::new(schema, phase.map(str::to_owned))
        .map_err(|err| CompileError::Artifact { artifact: artifact(), message: err.to_string() })?;
    let ad_hoc = AdHoc::new(shared);
    let checks = (0..ad_hoc.rules.len())
        .map(|index| {
            let (rule, level) = &ad_hoc.rules[index];
            PlannedCheck {
                stamp: RuleStamp::ad_hoc(rule, *level),
                check: Compiled::File(Arc::new(SchematronCheck { ad_hoc: Arc::clone(&ad_hoc), index })),
            }
        })
        .collect();
    let standard =
        PlannedStandard { label: artifact(), formats: vec![Format::Xml], files: None, content: None, checks };
    Ok(Plan { standards: vec![standard], explicit: true })
}

/// An ad-hoc schema with the findings of the inputs being handed out to its checks.
struct AdHoc {
    shared: Arc<Shared>,
    /// Every (rule, level) a finding can carry; the check of entry `i` reports those.
    rules: Vec<(String, Level)>,
    /// Findings of inputs not yet handed to every check, by input name.
    pending: Mutex<HashMap<Arc<str>, Pending>>,
}

struct Pending {
    findings: Vec<Vec<Finding>>,
    remaining: usize,
}

impl AdHoc {
    /// Lists the rules the findings of `shared` can carry.
    fn new(shared: Arc<Shared>) -> Arc<Self> {
        let mut rules: Vec<(String, Level)> = vec![(FALLBACK_RULE.to_owned(), Level::Must)];
        let mut add = |rule: &str, level: Level| {
            if !rules.iter().any(|(r, l)| r == rule && *l == level) {
                rules.push((rule.to_owned(), level));
            }
        };
        for pattern in &shared.schema.patterns {
            let pattern_rule = pattern.id.as_deref().unwrap_or(FALLBACK_RULE);
            add(pattern_rule, Level::Must);
            for rule in &pattern.rules {
                add(rule.id.as_deref().unwrap_or(pattern_rule), Level::Must);
                for check in &rule.checks {
                    let name = check.id.as_deref().unwrap_or(pattern_rule);
                    add(name, level_of_flag(check.flag.as_deref().or(check.role.as_deref())));
                    add(name, Level::Must);
                }
            }
        }
        Arc::new(Self { shared, rules, pending: Mutex::new(HashMap::new()) })
    }

    /// The index in [`Self::rules`] of `rule` at `level`; the fallback rule when the schema
    /// listing missed it, so that no finding is ever dropped.
    fn rule_index(&self, rule: &str, level: Level) -> usize {
        self.rules.iter().position(|(r, l)| r == rule && *l == level).unwrap_or(0)
    }

    /// Validates `input`: findings by rule index.
    fn evaluate(&self, input: &Input) -> io::Result<Vec<Vec<Finding>>> {
        let mut out = vec![Vec::new(); self.rules.len()];
        for mut reported in self.shared.evaluate(input)? {
            let index = self.rule_index(&reported.rule, reported.level);
            if index == 0 && reported.rule != FALLBACK_RULE {
                // Not listed (an error outside any assert, say): reported under the fallback rule.
                reported.finding.message = format!("{}: {}", reported.rule, reported.finding.message);
            }
            out[index].push(reported.finding);
        }
        Ok(out)
    }
}

/// The check of one (rule, level) of an ad-hoc schema.
struct SchematronCheck {
    ad_hoc: Arc<AdHoc>,
    index: usize,
}

impl FileCheck for SchematronCheck {
    fn accepts(&self, format: Format) -> bool {
        format == Format::Xml
    }

    fn check_file(&self, input: &Input, _format: Format, out: &mut Vec<Finding>) -> io::Result<()> {
        let lock = || self.ad_hoc.pending.lock().unwrap_or_else(PoisonError::into_inner);
        let taken = {
            let mut pending = lock();
            let taken = pending.get_mut(&input.name).map(|entry| {
                entry.remaining = entry.remaining.saturating_sub(1);
                (std::mem::take(&mut entry.findings[self.index]), entry.remaining == 0)
            });
            if let Some((_, true)) = taken {
                pending.remove(&input.name);
            }
            taken.map(|(findings, _)| findings)
        };
        let findings = if let Some(findings) = taken {
            findings
        } else {
            let mut all = self.ad_hoc.evaluate(input)?;
            let mine = std::mem::take(&mut all[self.index]);
            let remaining = all.len() - 1;
            if remaining > 0 {
                lock().insert(Arc::clone(&input.name), Pending { findings: all, remaining });
            }
            mine
        };
        out.extend(findings);
        Ok(())
    }
}
