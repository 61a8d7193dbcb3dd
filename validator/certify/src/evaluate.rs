//! Running the selected standards on the declared inputs with the engine, and judging
//! every requirement.

use std::collections::HashMap;
use std::sync::Arc;

use conform_catalog::{Catalog, Standard};
use conform_diagnostics::{Diagnostic, Locator};
use conform_engine::check::Origin;
use conform_engine::run::{self, RunError};
use conform_engine::{CompileError, Input, Plan};
use conform_formats::Limits;

use crate::attest::{AttestError, Attestation};
use crate::canonical;
use crate::claim::{AttestationRecord, FindingRecord, InputRecord, RequirementResult};
use crate::inputs::Declared;
use crate::select::Selection;
use crate::verdict::{self, MANUAL_ENGINE};

/// Why the evaluation could not be done.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// A requirement's check does not compile.
    #[error(transparent)]
    Compile(#[from] CompileError),
    /// An input could not be checked.
    #[error("{}", display_run(.0))]
    Run(#[from] RunError),
    /// An input cannot be hashed.
    #[error("cannot read `{name}`: {source}")]
    Read {
        /// The input.
        name: String,
        /// Why.
        source: std::io::Error,
    },
    /// An attestation does not fit the selection.
    #[error(transparent)]
    Attest(#[from] AttestError),
}

fn display_run(err: &RunError) -> String {
    match std::error::Error::source(err) {
        Some(source) => format!("{err}: {source}"),
        None => err.to_string(),
    }
}

/// The inputs and requirement results of a certification.
#[derive(Debug)]
pub struct Evaluation {
    /// Every input checked, sorted by path.
    pub inputs: Vec<InputRecord>,
    /// Every requirement, in class then catalog order.
    pub requirements: Vec<RequirementResult>,
}

/// Results being gathered for one requirement.
#[derive(Default)]
struct Tally {
    inputs: Vec<String>,
    findings: Vec<FindingRecord>,
}

/// Runs every automated requirement of `selection` on `inputs`, matches `attestations` to
/// manual requirements, and judges each requirement.
pub fn evaluate(
    catalog: &Catalog,
    selection: &Selection<'_>,
    inputs: &[Declared],
    attestations: &[Attestation],
    limits: &Limits,
) -> Result<Evaluation, EvalError> {
    let standards = selection.all_standards();
    let plan = Plan::compile(catalog, &standards, !selection.detection)?;
    let attested = match_attestations(&standards, attestations)?;

    let mut tallies: HashMap<(String, String), Tally> = HashMap::new();
    let mut records = Vec::with_capacity(inputs.len());
    for declared in inputs {
        let input = Input { name: Arc::from(declared.name.as_str()), origin: Origin::Path(declared.path.clone()) };
        let read = |source| EvalError::Read { name: declared.name.clone(), source };
        let head = input.head(8192).map_err(read)?;
        let Some(format) = conform_formats::detect(&declared.path, &head) else {
            if declared.named {
                return Err(RunError::UnknownFormat(declared.name.clone()).into());
            }
            continue;
        };
        let outcome = match run::check_input(&plan, &input, Some(format), limits) {
            Ok(outcome) => outcome,
            Err(RunError::NotApplicable { .. }) if !declared.named => continue,
            Err(err) => return Err(err.into()),
        };
        let (sha256, bytes) =
            canonical::sha256_reader(std::fs::File::open(&declared.path).map_err(read)?).map_err(read)?;

        // The requirements that ran on this input: those of the applied standards that read its format.
        let mut ran: Vec<(String, String)> = Vec::new();
        for planned in plan.standards.iter().filter(|s| outcome.standards.contains(&s.label)) {
            let Some(standard) = standards.iter().find(|s| s.label() == planned.label) else { continue };
            for (requirement, check) in standard.requirements.iter().zip(&planned.checks) {
                if check.check.accepts(format) {
                    ran.push((standard.label(), requirement.id.clone()));
                }
            }
        }
        for key in &ran {
            tallies.entry(key.clone()).or_default().inputs.push(declared.name.clone());
        }
        for diagnostic in &outcome.diagnostics {
            let record = finding_record(diagnostic, &standards, &declared.path);
            match (&diagnostic.standard, &diagnostic.version) {
                (Some(id), Some(version)) => {
                    let key = (format!("{id}@{version}"), diagnostic.requirement_id().to_owned());
                    tallies.entry(key).or_default().findings.push(record);
                }
                // An input that cannot be read fails every requirement that should have run on it.
                _ => {
                    for key in &ran {
                        tallies.entry(key.clone()).or_default().findings.push(record.clone());
                    }
                }
            }
        }
        records.push(InputRecord { path: declared.name.clone(), sha256, bytes, standards: outcome.standards });
    }

    let mut requirements = Vec::new();
    for class in &selection.classes {
        for standard in &class.standards {
            for requirement in &standard.requirements {
                let key = (standard.label(), requirement.id.clone());
                let tally = tallies.remove(&key).unwrap_or_default();
                let attestation = attested.get(&key).cloned();
                let counts = verdict::count(tally.findings.iter().map(|f| f.severity.as_str()));
                let (verdict, met, reason) =
                    verdict::judge(&requirement.check.engine, &tally.inputs, counts, attestation.as_ref());
                requirements.push(RequirementResult {
                    class: class.name.clone(),
                    standard: standard.id.clone(),
                    version: standard.version.to_string(),
                    id: requirement.id.clone(),
                    level: requirement.level.as_str().to_owned(),
                    title: requirement.title.clone(),
                    engine: requirement.check.engine.clone(),
                    inputs: tally.inputs,
                    verdict,
                    met,
                    reason,
                    counts,
                    findings: tally.findings,
                    attestation,
                });
            }
        }
    }
    Ok(Evaluation { inputs: records, requirements })
}

/// Matches each attestation to one requirement of the selected standards.
fn match_attestations(
    standards: &[&Standard],
    attestations: &[Attestation],
) -> Result<HashMap<(String, String), AttestationRecord>, AttestError> {
    let mut out = HashMap::new();
    for attestation in attestations {
        let Some(requirement_id) = &attestation.requirement else {
            // A whole standard declared not applicable: every requirement of it.
            let id = attestation.standard.as_deref().unwrap_or_default();
            let matching: Vec<&&Standard> = standards.iter().filter(|s| s.id == id).collect();
            if matching.is_empty() {
                return Err(attestation.at.error(format!("no selected standard is `{id}`")));
            }
            for standard in matching {
                for requirement in &standard.requirements {
                    let key = (standard.label(), requirement.id.clone());
                    if out.insert(key, attestation.record.clone()).is_some() {
                        return Err(attestation.at.error(format!("`{}` is attested twice", requirement.id)));
                    }
                }
            }
            continue;
        };
        let candidates: Vec<(&Standard, &conform_catalog::Requirement)> = standards
            .iter()
            .filter(|s| attestation.standard.as_ref().is_none_or(|id| *id == s.id))
            .flat_map(|s| s.requirements.iter().filter(|r| r.id == *requirement_id).map(move |r| (*s, r)))
            .collect();
        let (standard, requirement) = match candidates.as_slice() {
            [one] => *one,
            [] => {
                return Err(attestation.at.error(format!(
                    "no selected standard has a requirement `{requirement_id}`{}",
                    attestation.standard.as_ref().map_or_else(String::new, |s| format!(" in `{s}`"))
                )));
            }
            several => {
                let labels: Vec<String> = several.iter().map(|(s, _)| s.id.clone()).collect();
                return Err(attestation.at.error(format!(
                    "`{requirement_id}` is a requirement of several standards ({}); name one with `standard = \"...\"`",
                    labels.join(", ")
                )));
            }
        };
        if requirement.check.engine != MANUAL_ENGINE && attestation.record.applicable {
            return Err(attestation.at.error(format!(
                "`{}` is checked automatically; an attestation can only declare that it does not apply (`applicable = false`)",
                requirement.id
            )));
        }
        let key = (standard.label(), requirement.id.clone());
        if out.insert(key, attestation.record.clone()).is_some() {
            return Err(attestation.at.error(format!("`{}` is attested twice", requirement.id)));
        }
    }
    Ok(out)
}

/// The message of `d` with its instance values masked: the value of a field its standard
/// marks as personal data (read back from the input at `path`) wherever it appears, and
/// whatever else looks like a value.
fn masked_message(d: &Diagnostic, standards: &[&conform_catalog::Standard], path: &std::path::Path) -> String {
    use conform_report::redact::{MASK, mask, mask_value, span_text};
    let personal = standards.iter().any(|s| {
        Some(s.id.as_str()) == d.standard.as_deref()
            && d.version.as_deref() == Some(s.version.to_string().as_str())
            && s.is_personal(&d.locator)
    });
    if !personal {
        return mask(&d.message);
    }
    match span_text(path, d.span) {
        Some(raw) => mask_value(&d.message, &raw),
        None => format!("{MASK} (personal data)"),
    }
}

/// A finding as the report records it: with its position, never with an instance value.
fn finding_record(d: &Diagnostic, standards: &[&conform_catalog::Standard], path: &std::path::Path) -> FindingRecord {
    let (row, field) = match &d.locator {
        Locator::Cell { row, field } => (Some(*row), field.clone()),
        _ => (None, None),
    };
    FindingRecord {
        file: d.file.to_string(),
        line: d.location.map(|l| l.start.line),
        column: d.location.map(|l| l.start.column),
        end_line: d.location.map(|l| l.end.line),
        end_column: d.location.map(|l| l.end.column),
        pointer: d.locator.pointer().map(str::to_owned),
        row,
        field,
        rule: d.rule.to_string(),
        severity: d.severity.as_str().to_owned(),
        // A certification report is shared with auditors and published: it never carries
        // the instance values a finding quotes, nor those of fields marked personal data.
        message: masked_message(d, standards, path),
        help: d.help.clone(),
    }
}
