//! The claim a certification report makes: what was checked, with which tool and catalog,
//! on which exact inputs, with what result. It is serialised as canonical JSON, digested
//! and signed (see [`crate::envelope`]).

use serde::{Deserialize, Serialize};

/// The `format` of claims this version writes and reads.
pub const CLAIM_FORMAT: &str = "conform-certification/1";

/// A certification claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    /// [`CLAIM_FORMAT`].
    pub format: String,
    /// The tool that made the claim.
    pub tool: Tool,
    /// The catalog the requirements come from.
    pub catalog: CatalogRef,
    /// The profile certified against, when one was named.
    pub profile: Option<ProfileRef>,
    /// The product certified.
    pub product: Product,
    /// The organisation that certifies its product.
    pub vendor: String,
    /// When the claim was made (RFC 3339, UTC).
    pub date: String,
    /// Whether inputs were matched to standards by the catalog's detection rules (profiles),
    /// rather than every input being checked against every named standard.
    pub detection: bool,
    /// Every input checked, sorted by path.
    pub inputs: Vec<InputRecord>,
    /// Conformance classes, with their verdicts.
    pub classes: Vec<ClassResult>,
    /// Every requirement of every class, in class then catalog order.
    pub requirements: Vec<RequirementResult>,
    /// Totals and the overall verdict.
    pub summary: Summary,
}

/// The tool that made a claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tool {
    /// `conform`.
    pub name: String,
    /// Its version.
    pub version: String,
}

/// The catalog of a claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogRef {
    /// Catalog id.
    pub id: String,
    /// Catalog release version.
    pub version: String,
    /// `sha256:` content digest.
    pub digest: String,
}

/// The profile of a claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileRef {
    /// Profile name.
    pub name: String,
    /// Profile version.
    pub version: Option<String>,
    /// Human title.
    pub title: String,
}

/// The product certified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Product {
    /// Product name.
    pub name: String,
    /// Product version.
    pub version: String,
}

/// One input file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputRecord {
    /// Path as declared (relative paths keep reports portable).
    pub path: String,
    /// `sha256:` of its bytes.
    pub sha256: String,
    /// Its length in bytes.
    pub bytes: u64,
    /// The standards (`id@version`) it was checked against.
    pub standards: Vec<String>,
}

/// A conformance class and its verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassResult {
    /// Class name.
    pub name: String,
    /// Human title.
    pub title: Option<String>,
    /// Whether the profile requires it.
    pub mandatory: bool,
    /// Its standards (`id@version`).
    pub standards: Vec<String>,
    /// Whether every requirement of the class is met.
    pub met: bool,
}

/// The verdict on one requirement (after the VPAT / OGC CITE vocabulary).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Checked on at least one input, with no finding.
    Pass,
    /// Findings, or a manual requirement nobody attested.
    Fail,
    /// The vendor declares it does not apply (met).
    NotApplicable,
    /// An automated requirement no declared input was checked against: nothing shows it is
    /// met, so it is not (declare an input, or declare the requirement not applicable).
    NoEvidence,
    /// A manual requirement the vendor attests is met.
    Attested,
}

impl Verdict {
    /// The kebab-case name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pass => "pass",
            Self::Fail => "fail",
            Self::NotApplicable => "not-applicable",
            Self::NoEvidence => "no-evidence",
            Self::Attested => "attested",
        }
    }
}

/// Findings by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Counts {
    /// Errors (MUST).
    pub errors: u64,
    /// Warnings (SHOULD).
    pub warnings: u64,
    /// Infos (MAY).
    pub infos: u64,
}

impl Counts {
    /// All findings.
    #[must_use]
    pub fn total(&self) -> u64 {
        self.errors + self.warnings + self.infos
    }
}

/// The result of one requirement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequirementResult {
    /// The conformance class it belongs to.
    pub class: String,
    /// Standard id.
    pub standard: String,
    /// Standard version.
    pub version: String,
    /// Requirement id.
    pub id: String,
    /// `MUST`, `SHOULD` or `MAY`.
    pub level: String,
    /// One-line statement.
    pub title: String,
    /// Check engine (`manual` for attested requirements).
    pub engine: String,
    /// Inputs it was checked on.
    pub inputs: Vec<String>,
    /// The verdict.
    pub verdict: Verdict,
    /// Whether the verdict meets the requirement (pass, attested, or attested not applicable).
    pub met: bool,
    /// Why, in one sentence.
    pub reason: String,
    /// Findings by severity.
    pub counts: Counts,
    /// Every finding, in file order.
    pub findings: Vec<FindingRecord>,
    /// The vendor's attestation, for manual requirements (or a declaration that it does not apply).
    pub attestation: Option<AttestationRecord>,
}

/// One finding, located.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FindingRecord {
    /// Input path.
    pub file: String,
    /// 1-based line.
    pub line: Option<u32>,
    /// 1-based column, in Unicode characters.
    pub column: Option<u32>,
    /// End line.
    pub end_line: Option<u32>,
    /// End column.
    pub end_column: Option<u32>,
    /// JSON pointer or element path.
    pub pointer: Option<String>,
    /// CSV row (header = 1).
    pub row: Option<u64>,
    /// CSV field.
    pub field: Option<String>,
    /// Rule: the requirement id, or `syntax` when the input could not be read.
    pub rule: String,
    /// `error`, `warning` or `info`.
    pub severity: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

/// A vendor's attestation of one requirement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttestationRecord {
    /// Whether the requirement applies to the product.
    pub applicable: bool,
    /// What the vendor states.
    pub statement: String,
    /// Who answers for the statement.
    pub responsible: String,
    /// When the measure was last performed or reviewed, as given.
    pub date: Option<String>,
    /// Evidence: URLs, or files with their digests.
    pub evidence: Vec<Evidence>,
}

/// One piece of evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// A URL, or a file path relative to the attestations file.
    pub reference: String,
    /// `sha256:` of the file; `None` for URLs.
    pub sha256: Option<String>,
}

/// Totals of a claim.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Summary {
    /// Requirements in the claim.
    pub requirements: u64,
    /// Verdict `pass`.
    pub pass: u64,
    /// Verdict `fail`.
    pub fail: u64,
    /// Verdict `not-applicable`.
    pub not_applicable: u64,
    /// Verdict `no-evidence`.
    #[serde(default)]
    pub no_evidence: u64,
    /// Verdict `attested`.
    pub attested: u64,
    /// Findings by severity.
    pub findings: Counts,
    /// Whether every mandatory class is met: the product conforms.
    pub conformant: bool,
}
