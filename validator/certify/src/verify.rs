//! Verifying a report: every property it claims is re-checked, and each check is reported
//! on its own so an agency sees exactly what holds and what does not.

use std::collections::HashMap;
use std::fmt;
use std::path::{Component, Path, PathBuf};

use conform_catalog::Catalog;
use conform_formats::Limits;
use ed25519_dalek::VerifyingKey;

use crate::attest::{Attestation, Position};
use crate::canonical;
use crate::claim::{CLAIM_FORMAT, Claim, RequirementResult};
use crate::envelope::{PAYLOAD_TYPE, Report};
use crate::evaluate;
use crate::inputs::Declared;
use crate::select::Selection;
use crate::sign::{self, SignatureCheck};
use crate::verdict;

/// Whether a check holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// It holds.
    Pass,
    /// It does not hold.
    Fail,
    /// It could not be made (what it needs was not given).
    Skipped,
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(match self {
            Self::Pass => "ok",
            Self::Fail => "FAIL",
            Self::Skipped => "skip",
        })
    }
}

/// One verification check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// `report`, `digest`, `signature`, `catalog`, `verdicts`, `evidence`, `inputs` or
    /// `reproduced`.
    pub name: &'static str,
    /// Whether it holds.
    pub status: Status,
    /// What was found.
    pub detail: String,
}

impl Check {
    fn new(name: &'static str, status: Status, detail: impl Into<String>) -> Self {
        Self { name, status, detail: detail.into() }
    }
}

/// What verification may use besides the report.
#[derive(Debug, Default)]
pub struct Options {
    /// The vendor's public key, as the agency knows it.
    pub public_key: Option<VerifyingKey>,
    /// The inputs, as handed over by the vendor.
    pub inputs: Option<Vec<Declared>>,
    /// The folder the evidence files are in, as handed over: the attestations file's
    /// folder, which evidence references are relative to.
    pub evidence: Option<PathBuf>,
    /// Reading limits for the re-run.
    pub limits: Limits,
}

/// Checks a report file's bytes against `catalog`.
#[must_use]
pub fn verify(bytes: &[u8], catalog: &Catalog, options: &Options) -> Vec<Check> {
    let mut checks = Vec::new();
    let report: Report = match serde_json::from_slice(bytes) {
        Ok(report) => report,
        Err(err) => {
            checks.push(Check::new("report", Status::Fail, format!("not a conform certification report: {err}")));
            return checks;
        }
    };
    let claim: Option<Claim> = serde_json::from_value(report.claim.clone()).ok();
    let well_formed = report.payload_type == PAYLOAD_TYPE && claim.as_ref().is_some_and(|c| c.format == CLAIM_FORMAT);
    checks.push(if well_formed {
        Check::new("report", Status::Pass, format!("a {CLAIM_FORMAT} claim"))
    } else {
        Check::new("report", Status::Fail, format!("the claim is not a {CLAIM_FORMAT} claim of type {PAYLOAD_TYPE}"))
    });

    let body = report.claim_bytes();
    let digest = canonical::sha256(&body);
    checks.push(if digest == report.digest {
        Check::new("digest", Status::Pass, format!("the claim's digest is {digest}"))
    } else {
        Check::new(
            "digest",
            Status::Fail,
            format!("the claim was changed: its digest is {digest}, the report says {}", report.digest),
        )
    });
    checks.push(check_signatures(&report, &body, options.public_key.as_ref()));

    let Some(claim) = claim.filter(|_| well_formed) else { return checks };
    let catalog_matches = claim.catalog.digest == catalog.digest && claim.catalog.id == catalog.manifest.id;
    checks.push(if catalog_matches {
        Check::new("catalog", Status::Pass, format!("{} {} ({})", catalog.manifest.id, catalog.manifest.version, catalog.digest))
    } else {
        Check::new(
            "catalog",
            Status::Fail,
            format!(
                "the report was made with catalog {} {} ({}), not the one given: {} {} ({}); give it with --catalog DIR",
                claim.catalog.id,
                claim.catalog.version,
                claim.catalog.digest,
                catalog.manifest.id,
                catalog.manifest.version,
                catalog.digest
            ),
        )
    });
    checks.push(check_verdicts(&claim));
    checks.push(check_evidence(&claim, options.evidence.as_deref()));

    let Some(given) = &options.inputs else {
        let skip = "no inputs given: pass them with --inputs";
        checks.push(Check::new("inputs", Status::Skipped, skip));
        checks.push(Check::new("reproduced", Status::Skipped, skip));
        return checks;
    };
    let (inputs_check, matched) = check_inputs(&claim, given);
    checks.push(inputs_check);
    checks.push(if catalog_matches {
        reproduce(&claim, catalog, &matched, &options.limits)
    } else {
        Check::new("reproduced", Status::Skipped, "needs the catalog the report was made with")
    });
    checks
}

fn check_signatures(report: &Report, body: &[u8], pinned: Option<&VerifyingKey>) -> Check {
    if report.signatures.is_empty() {
        return match pinned {
            Some(_) => Check::new("signature", Status::Fail, "the report is not signed"),
            None => Check::new("signature", Status::Skipped, "the report is not signed"),
        };
    }
    let mut valid = Vec::new();
    for entry in &report.signatures {
        match sign::check(entry, &report.payload_type, body) {
            SignatureCheck::Valid(key) => valid.push(key),
            SignatureCheck::Invalid(why) => return Check::new("signature", Status::Fail, why),
        }
    }
    match pinned {
        Some(key) if valid.contains(key) => {
            Check::new("signature", Status::Pass, format!("signed by the given key {}", sign::key_id(key)))
        }
        Some(key) => Check::new(
            "signature",
            Status::Fail,
            format!(
                "the report is signed by {}, not by the given key {}",
                valid.iter().map(sign::key_id).collect::<Vec<_>>().join(", "),
                sign::key_id(key)
            ),
        ),
        None => Check::new(
            "signature",
            Status::Pass,
            format!(
                "valid signature by {}; give the vendor's key with --public-key to check who signed",
                valid.iter().map(sign::key_id).collect::<Vec<_>>().join(", ")
            ),
        ),
    }
}

fn label(r: &RequirementResult) -> String {
    format!("{} ({}@{})", r.id, r.standard, r.version)
}

/// Each verdict, class and total must follow from the findings and attestations the report holds.
fn check_verdicts(claim: &Claim) -> Check {
    let mut problems = Vec::new();
    for r in &claim.requirements {
        let counts = verdict::count(r.findings.iter().map(|f| f.severity.as_str()));
        if counts != r.counts {
            problems.push(format!("{}: its counts do not match its {} findings", label(r), r.findings.len()));
        }
        let (expected, met, _) = verdict::judge(&r.engine, &r.inputs, counts, r.attestation.as_ref());
        if expected != r.verdict || met != r.met {
            problems.push(format!(
                "{}: the report says {}, but its findings and attestation make it {}",
                label(r),
                r.verdict.as_str(),
                expected.as_str()
            ));
        }
    }
    let mut classes = claim.classes.clone();
    let summary = verdict::summarise(&mut classes, &claim.requirements);
    for (given, computed) in claim.classes.iter().zip(&classes) {
        if given.met != computed.met {
            problems.push(format!(
                "class `{}`: the report says met = {}, its requirements say {}",
                given.name, given.met, computed.met
            ));
        }
    }
    if summary != claim.summary {
        problems.push(format!(
            "the summary (conformant = {}) does not add up from the requirements (conformant = {})",
            claim.summary.conformant, summary.conformant
        ));
    }
    if problems.is_empty() {
        Check::new(
            "verdicts",
            Status::Pass,
            format!("{} requirement verdicts follow from their findings and attestations", claim.requirements.len()),
        )
    } else {
        Check::new("verdicts", Status::Fail, problems.join("; "))
    }
}

/// Re-hashes every evidence file the attestations cite, in `folder`.
fn check_evidence(claim: &Claim, folder: Option<&Path>) -> Check {
    let cited: Vec<(&str, &str, &str)> = claim
        .requirements
        .iter()
        .filter_map(|r| Some((r.id.as_str(), r.attestation.as_ref()?)))
        .flat_map(|(id, attestation)| {
            attestation.evidence.iter().filter_map(move |e| Some((id, e.reference.as_str(), e.sha256.as_deref()?)))
        })
        .collect();
    if cited.is_empty() {
        return Check::new("evidence", Status::Skipped, "the attestations cite no evidence files");
    }
    let Some(folder) = folder else {
        let skip = format!("{} evidence files cited: pass their folder with --evidence", cited.len());
        return Check::new("evidence", Status::Skipped, skip);
    };
    let mut problems = Vec::new();
    for (id, reference, recorded) in &cited {
        let Some(relative) = inside(reference) else {
            problems.push(format!("{id}: `{reference}` is not inside the evidence folder"));
            continue;
        };
        match std::fs::File::open(folder.join(relative)).and_then(canonical::sha256_reader) {
            Err(err) => problems.push(format!("{id}: cannot read `{reference}`: {err}")),
            Ok((digest, _)) if digest != *recorded => {
                problems.push(format!("{id}: `{reference}` changed (sha-256 {digest}, the report says {recorded})"));
            }
            Ok(_) => {}
        }
    }
    if problems.is_empty() {
        Check::new("evidence", Status::Pass, format!("{} evidence files match their sha-256", cited.len()))
    } else {
        Check::new("evidence", Status::Fail, problems.join("; "))
    }
}

/// `reference` as a path inside the evidence folder: relative, and never climbing out of
/// it (a report is the vendor's word, and names no file elsewhere on the agency's disk).
fn inside(reference: &str) -> Option<&Path> {
    let path = Path::new(reference);
    path.components().all(|c| matches!(c, Component::Normal(_) | Component::CurDir)).then_some(path)
}

/// Matches the given inputs to the recorded ones (by path, else by content) and compares hashes.
fn check_inputs(claim: &Claim, given: &[Declared]) -> (Check, Vec<Declared>) {
    let mut hashed: Vec<(&Declared, Result<String, String>)> = Vec::with_capacity(given.len());
    for declared in given {
        let digest = std::fs::File::open(&declared.path)
            .and_then(canonical::sha256_reader)
            .map(|(digest, _)| digest)
            .map_err(|err| err.to_string());
        hashed.push((declared, digest));
    }
    let mut problems = Vec::new();
    let mut matched = Vec::new();
    for recorded in &claim.inputs {
        let by_name = hashed.iter().find(|(d, _)| d.name == recorded.path);
        let found = by_name.or_else(|| hashed.iter().find(|(_, h)| h.as_deref() == Ok(recorded.sha256.as_str())));
        match found {
            None => problems.push(format!("{}: not among the given inputs", recorded.path)),
            Some((declared, Err(err))) => problems.push(format!("{}: cannot read it: {err}", declared.name)),
            Some((declared, Ok(digest))) => {
                if *digest != recorded.sha256 {
                    problems.push(format!(
                        "{}: its content changed (sha-256 {digest}, the report says {})",
                        recorded.path, recorded.sha256
                    ));
                }
                matched.push(Declared { name: recorded.path.clone(), path: declared.path.clone(), named: true });
            }
        }
    }
    let check = if problems.is_empty() {
        Check::new("inputs", Status::Pass, format!("{} inputs match their sha-256", claim.inputs.len()))
    } else {
        Check::new("inputs", Status::Fail, problems.join("; "))
    };
    (check, matched)
}

/// Re-runs the automated requirements on the inputs and compares every result.
fn reproduce(claim: &Claim, catalog: &Catalog, inputs: &[Declared], limits: &Limits) -> Check {
    let fail = |message: String| Check::new("reproduced", Status::Fail, message);
    let selection = match Selection::of_claim(catalog, claim) {
        Ok(selection) => selection,
        Err(err) => return fail(err.to_string()),
    };
    let attestations: Vec<Attestation> = claim
        .requirements
        .iter()
        .filter_map(|r| {
            r.attestation.as_ref().map(|record| Attestation {
                requirement: Some(r.id.clone()),
                standard: Some(r.standard.clone()),
                at: Position { file: "report.json".to_owned(), line: 1, column: 1 },
                record: record.clone(),
            })
        })
        .collect();
    let evaluation = match evaluate::evaluate(catalog, &selection, inputs, &attestations, limits) {
        Ok(evaluation) => evaluation,
        Err(err) => return fail(format!("the checks cannot be re-run: {err}")),
    };
    let rerun: HashMap<(&str, &str, &str), &RequirementResult> =
        evaluation.requirements.iter().map(|r| ((r.standard.as_str(), r.version.as_str(), r.id.as_str()), r)).collect();
    let mut problems = Vec::new();
    for recorded in &claim.requirements {
        match rerun.get(&(recorded.standard.as_str(), recorded.version.as_str(), recorded.id.as_str())) {
            None => problems.push(format!("{}: not in the selected standards", label(recorded))),
            Some(again) if again.verdict != recorded.verdict || again.counts != recorded.counts => {
                problems.push(format!(
                    "{}: the report says {} with {} findings, the re-run gives {} with {}",
                    label(recorded),
                    recorded.verdict.as_str(),
                    recorded.counts.total(),
                    again.verdict.as_str(),
                    again.counts.total()
                ));
            }
            Some(again) if again.findings != recorded.findings || again.inputs != recorded.inputs => {
                problems.push(format!("{}: the re-run finds different findings", label(recorded)));
            }
            Some(_) => {}
        }
    }
    if rerun.len() != claim.requirements.len() {
        problems.push("the selected standards have requirements the report does not list".to_owned());
    }
    if problems.is_empty() {
        let automated = claim.requirements.iter().filter(|r| r.engine != verdict::MANUAL_ENGINE).count();
        Check::new(
            "reproduced",
            Status::Pass,
            format!("re-running {automated} automated requirements gives the same verdicts and findings"),
        )
    } else {
        fail(problems.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::inside;

    #[test]
    fn evidence_references_stay_inside_the_folder() {
        assert!(inside("evidence/restore.txt").is_some());
        assert!(inside("./log.txt").is_some());
        for outside in ["../secret.txt", "evidence/../../x", "/etc/passwd"] {
            assert!(inside(outside).is_none(), "{outside}");
        }
    }
}
