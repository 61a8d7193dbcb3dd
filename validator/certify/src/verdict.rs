//! Verdicts: one rule, used both to certify and to check a report's own consistency.

use crate::claim::{AttestationRecord, ClassResult, Counts, RequirementResult, Summary, Verdict};

/// The engine of requirements attested by the vendor.
pub const MANUAL_ENGINE: &str = "manual";

/// The verdict on a requirement, whether it is met, and why.
///
/// - Findings fail an automated requirement.
/// - A vendor's declaration that a requirement does not apply (`applicable = false`) makes
///   it `not-applicable` and met.
/// - Otherwise a manual requirement is `attested` (met) or `fail` (not attested); an
///   automated one is `pass` when it ran on at least one input, and `no-evidence` (*not
///   met*) when no declared input is covered by it: a product cannot conform to a standard
///   it showed nothing for.
#[must_use]
pub fn judge(
    engine: &str,
    inputs: &[String],
    counts: Counts,
    attestation: Option<&AttestationRecord>,
) -> (Verdict, bool, String) {
    let manual = engine == MANUAL_ENGINE;
    if !manual && counts.total() > 0 {
        let n = counts.total();
        return (Verdict::Fail, false, format!("{n} finding{} on the declared inputs", plural(n)));
    }
    match attestation {
        Some(a) if !a.applicable => {
            (Verdict::NotApplicable, true, format!("{} declares it does not apply", a.responsible))
        }
        Some(a) if manual => (Verdict::Attested, true, format!("attested by {}", a.responsible)),
        None if manual => (Verdict::Fail, false, "not attested".to_owned()),
        _ if inputs.is_empty() => (
            Verdict::NoEvidence,
            false,
            "no declared input is covered by it; declare one, or attest that it does not apply".to_owned(),
        ),
        _ => {
            let n = inputs.len() as u64;
            (Verdict::Pass, true, format!("no finding on {n} input{}", plural(n)))
        }
    }
}

/// Counts findings of `severities` (`error`, `warning`, `info`).
pub fn count<'a>(severities: impl IntoIterator<Item = &'a str>) -> Counts {
    let mut counts = Counts::default();
    for severity in severities {
        match severity {
            "error" => counts.errors += 1,
            "warning" => counts.warnings += 1,
            _ => counts.infos += 1,
        }
    }
    counts
}

/// Sets each class's `met` from its requirements, and returns the claim's summary.
pub fn summarise(classes: &mut [ClassResult], requirements: &[RequirementResult]) -> Summary {
    for class in classes.iter_mut() {
        class.met = requirements.iter().filter(|r| r.class == class.name).all(|r| r.met);
    }
    let mut summary = Summary { requirements: requirements.len() as u64, ..Summary::default() };
    for r in requirements {
        match r.verdict {
            Verdict::Pass => summary.pass += 1,
            Verdict::Fail => summary.fail += 1,
            Verdict::NotApplicable => summary.not_applicable += 1,
            Verdict::NoEvidence => summary.no_evidence += 1,
            Verdict::Attested => summary.attested += 1,
        }
        summary.findings.errors += r.counts.errors;
        summary.findings.warnings += r.counts.warnings;
        summary.findings.infos += r.counts.infos;
    }
    summary.conformant = classes.iter().filter(|c| c.mandatory).all(|c| c.met);
    summary
}

fn plural(n: u64) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attestation(applicable: bool) -> AttestationRecord {
        AttestationRecord {
            applicable,
            statement: "s".into(),
            responsible: "R".into(),
            date: None,
            evidence: Vec::new(),
        }
    }

    #[test]
    fn judges_every_case() {
        let one = vec!["a.json".to_owned()];
        let findings = Counts { errors: 0, warnings: 2, infos: 0 };
        assert_eq!(judge("json-schema", &one, Counts::default(), None).0, Verdict::Pass);
        assert_eq!(judge("json-schema", &one, findings, None).0, Verdict::Fail);
        assert_eq!(judge("json-schema", &one, findings, Some(&attestation(false))).0, Verdict::Fail);
        assert_eq!(
            judge("json-schema", &[], Counts::default(), None),
            (
                Verdict::NoEvidence,
                false,
                "no declared input is covered by it; declare one, or attest that it does not apply".to_owned()
            )
        );
        assert!(judge("json-schema", &[], Counts::default(), Some(&attestation(false))).1);
        assert_eq!(judge("manual", &[], Counts::default(), None).0, Verdict::Fail);
        assert_eq!(judge("manual", &[], Counts::default(), Some(&attestation(true))).0, Verdict::Attested);
        assert_eq!(judge("manual", &[], Counts::default(), Some(&attestation(false))).0, Verdict::NotApplicable);
    }

    #[test]
    fn only_mandatory_classes_decide_conformance() {
        let class = |name: &str, mandatory| ClassResult {
            name: name.into(),
            title: None,
            mandatory,
            standards: Vec::new(),
            met: false,
        };
        let requirement = |class: &str, verdict, met| RequirementResult {
            class: class.into(),
            standard: "s".into(),
            version: "1.0.0".into(),
            id: "R".into(),
            level: "MUST".into(),
            title: "t".into(),
            engine: "manual".into(),
            inputs: Vec::new(),
            verdict,
            met,
            reason: String::new(),
            counts: Counts::default(),
            findings: Vec::new(),
            attestation: None,
        };
        let mut classes = vec![class("core", true), class("extended", false)];
        let requirements =
            vec![requirement("core", Verdict::Attested, true), requirement("extended", Verdict::Fail, false)];
        let summary = summarise(&mut classes, &requirements);
        assert!(classes[0].met && !classes[1].met);
        assert!(summary.conformant);
        assert_eq!((summary.attested, summary.fail, summary.requirements), (1, 1, 2));
        classes[1].mandatory = true;
        assert!(!summarise(&mut classes, &requirements).conformant);
    }
}
