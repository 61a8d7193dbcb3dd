//! `conform catalog test`: every requirement's fixtures, run through the engine.
//!
//! Fixtures live in `<fixtures>/<id>/<version>/<REQ>/{pass,fail}/`; the folder states the
//! expectation. A pass fixture must give no finding of its requirement (and no syntax
//! error); a fail fixture must give at least one finding of its requirement.
//!
//! A requirement with parameters may prove other values too: each folder
//! `<REQ>/with/<case>/` holds a `parameters.toml` (`max-days = 70`) and `pass`/`fail`
//! folders, run with those values in force.

use std::fmt;
use std::path::{Path, PathBuf};

use conform_catalog::{Catalog, Standard};
use conform_diagnostics::SYNTAX_RULE;
use conform_formats::Limits;

use crate::artifacts::error_chain;
use crate::run::check_input;
use crate::{Compiled, Input, Plan, PlannedStandard};

/// What a fixture folder expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// No finding of the requirement.
    Pass,
    /// At least one finding of the requirement.
    Fail,
}

impl fmt::Display for Expect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Pass => "pass",
            Self::Fail => "fail",
        })
    }
}

/// The fixture folder of `requirement` of `standard` for `expect`.
#[must_use]
pub fn folder(root: &Path, standard: &Standard, requirement: &str, expect: Expect) -> PathBuf {
    root.join(&standard.id).join(standard.version.to_string()).join(requirement).join(expect.to_string())
}

/// The fixture files of a folder (not hidden, not recursive), sorted; none when it is absent.
#[must_use]
pub fn fixture_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()) && !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.path())
        .collect();
    files.sort();
    files
}

/// One fixture's result.
#[derive(Debug, Clone)]
pub struct FixtureResult {
    /// The fixture file.
    pub file: PathBuf,
    /// What its folder expects.
    pub expect: Expect,
    /// Whether it met the expectation.
    pub ok: bool,
    /// What happened, when it did not.
    pub detail: Option<String>,
}

/// One requirement's results.
#[derive(Debug, Clone)]
pub struct RequirementResult {
    /// `id@version`.
    pub standard: String,
    /// Requirement id.
    pub requirement: String,
    /// Attested, not machine-checked: no fixtures run.
    pub manual: bool,
    /// Every fixture's result, pass folder first.
    pub fixtures: Vec<FixtureResult>,
    /// Why the requirement could not be tested at all (its check does not compile).
    pub error: Option<String>,
}

impl RequirementResult {
    /// `(ok, total)` of the fixtures expecting `expect`.
    #[must_use]
    pub fn count(&self, expect: Expect) -> (usize, usize) {
        let of: Vec<&FixtureResult> = self.fixtures.iter().filter(|f| f.expect == expect).collect();
        (of.iter().filter(|f| f.ok).count(), of.len())
    }

    /// Whether every fixture met its expectation (and there was something to run).
    #[must_use]
    pub fn ok(&self) -> bool {
        self.error.is_none() && (self.manual || self.fixtures.iter().all(|f| f.ok))
    }
}

/// Runs every requirement's fixtures of every standard of `catalog`.
#[must_use]
pub fn run(catalog: &Catalog, root: &Path) -> Vec<RequirementResult> {
    catalog.standards.iter().flat_map(|standard| run_standard(catalog, standard, root)).collect()
}

fn run_standard(catalog: &Catalog, standard: &Standard, root: &Path) -> Vec<RequirementResult> {
    let label = standard.label();
    let plan = Plan::compile(catalog, &[standard], true);
    let limits = Limits::default();
    standard
        .requirements
        .iter()
        .enumerate()
        .map(|(i, requirement)| {
            let mut result = RequirementResult {
                standard: label.clone(),
                requirement: requirement.id.clone(),
                manual: false,
                fixtures: Vec::new(),
                error: None,
            };
            let plan = match &plan {
                Ok(plan) => plan,
                Err(err) => {
                    result.error = Some(error_chain(err));
                    return result;
                }
            };
            let Some(planned) = plan.standards.first().and_then(|s| s.checks.get(i)) else {
                result.error = Some("the requirement was not compiled".to_owned());
                return result;
            };
            if matches!(planned.check, Compiled::Manual) {
                result.manual = true;
                return result;
            }
            // The requirement's check alone: every finding it gives is the requirement's,
            // also when it reports rules of its own (a Schematron requirement's asserts).
            let own = Plan {
                standards: vec![PlannedStandard {
                    label: label.clone(),
                    formats: Vec::new(),
                    files: None,
                    content: None,
                    checks: vec![planned.clone()],
                }],
                explicit: true,
            };
            for expect in [Expect::Pass, Expect::Fail] {
                for file in fixture_files(&folder(root, standard, &requirement.id, expect)) {
                    result.fixtures.push(run_fixture(&own, &requirement.id, file, expect, &limits));
                }
            }
            for case in parameter_cases(&folder(root, standard, &requirement.id, Expect::Pass)) {
                run_case(catalog, standard, i, &case, &limits, &mut result);
            }
            result
        })
        .collect()
}

/// The `with/<case>/` folders next to a requirement's `pass` folder, sorted.
fn parameter_cases(pass: &Path) -> Vec<PathBuf> {
    let Some(with) = pass.parent().map(|dir| dir.join("with")) else { return Vec::new() };
    let Ok(entries) = std::fs::read_dir(&with) else { return Vec::new() };
    let mut cases: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()) && !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.path())
        .collect();
    cases.sort();
    cases
}

/// Runs the fixtures of one `with/<case>/` folder with its parameter values in force. A
/// case whose `parameters.toml` is missing or does not fit the requirement, or that holds
/// no fixture, fails: it would prove nothing.
fn run_case(
    catalog: &Catalog,
    standard: &Standard,
    index: usize,
    case: &Path,
    limits: &Limits,
    result: &mut RequirementResult,
) {
    let settings = case.join("parameters.toml");
    let failed = |detail: String| FixtureResult {
        file: settings.clone(),
        expect: Expect::Pass,
        ok: false,
        detail: Some(detail),
    };
    let table = match std::fs::read_to_string(&settings)
        .map_err(|e| e.to_string())
        .and_then(|t| toml::from_str::<toml::Table>(&t).map_err(|e| e.message().trim_end().to_owned()))
    {
        Ok(table) => table,
        Err(err) => return result.fixtures.push(failed(format!("cannot read the case's parameters: {err}"))),
    };
    let mut with = standard.clone();
    let requirement = &mut with.requirements[index];
    for (name, value) in table {
        if let Err(err) = requirement.set_parameter(&name, value) {
            return result.fixtures.push(failed(err));
        }
    }
    let id = requirement.id.clone();
    let plan = match Plan::compile(catalog, &[&with], true) {
        Ok(plan) => plan,
        Err(err) => return result.fixtures.push(failed(error_chain(&err))),
    };
    let Some(planned) = plan.standards.first().and_then(|s| s.checks.get(index)) else {
        return result.fixtures.push(failed("the requirement was not compiled".to_owned()));
    };
    let own = Plan {
        standards: vec![PlannedStandard {
            label: with.label(),
            formats: Vec::new(),
            files: None,
            content: None,
            checks: vec![planned.clone()],
        }],
        explicit: true,
    };
    let before = result.fixtures.len();
    for expect in [Expect::Pass, Expect::Fail] {
        for file in fixture_files(&case.join(expect.to_string())) {
            result.fixtures.push(run_fixture(&own, &id, file, expect, limits));
        }
    }
    if result.fixtures.len() == before {
        result.fixtures.push(failed("the case holds no fixture under `pass/` or `fail/`".to_owned()));
    }
}

fn run_fixture(plan: &Plan, requirement: &str, file: PathBuf, expect: Expect, limits: &Limits) -> FixtureResult {
    let outcome = check_input(plan, &Input::file(file.clone()), None, limits);
    let (ok, detail) = match outcome {
        Err(err) => (false, Some(error_chain(&err))),
        Ok(outcome) => {
            let own: Vec<_> = outcome.diagnostics.iter().filter(|d| &*d.rule != SYNTAX_RULE).collect();
            let syntax = outcome.diagnostics.iter().find(|d| &*d.rule == SYNTAX_RULE);
            match expect {
                Expect::Pass if let Some(first) = own.first() => (
                    false,
                    Some(format!(
                        "expected no {requirement} finding, got {}; first at {}: {}",
                        own.len(),
                        position(first),
                        first.message
                    )),
                ),
                Expect::Pass if let Some(syntax) = syntax => {
                    (false, Some(format!("the fixture does not parse at {}: {}", position(syntax), syntax.message)))
                }
                Expect::Fail if own.is_empty() => {
                    (false, Some(format!("expected at least one {requirement} finding, got none")))
                }
                _ => (true, None),
            }
        }
    };
    FixtureResult { file, expect, ok, detail }
}

fn position(d: &conform_diagnostics::Diagnostic) -> String {
    d.location.map_or_else(|| "?".to_owned(), |l| format!("{}:{}", l.start.line, l.start.column))
}
