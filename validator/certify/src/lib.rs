//! Vendor self-certification: a signed, reproducible conformance report anyone can verify.
//!
//! `conform certify` [selects](select) a profile's conformance classes (or named standards),
//! [evaluates](evaluate) every automated requirement on the declared [inputs] with the
//! engine, matches the vendor's [attestations](attest) to manual requirements, and judges
//! each requirement ([verdict]). The result is a [`Claim`](claim::Claim), sealed in a
//! [`Report`](envelope::Report) as [canonical] JSON with its digest and Ed25519
//! [signatures](sign), and rendered for people as HTML and Markdown ([render]).
//! `conform verify` re-checks all of it ([verify]).

pub mod attest;
pub mod canonical;
pub mod claim;
mod date;
pub mod envelope;
pub mod evaluate;
pub mod inputs;
pub mod render;
pub mod select;
pub mod sign;
pub mod verdict;
pub mod verify;

pub use date::rfc3339;

use conform_catalog::Catalog;

use crate::claim::{CLAIM_FORMAT, CatalogRef, Claim, ClassResult, Product, Tool};
use crate::evaluate::Evaluation;
use crate::select::Selection;

/// Who certifies what, and when.
#[derive(Debug, Clone)]
pub struct Request {
    /// The product and its version.
    pub product: Product,
    /// The vendor.
    pub vendor: String,
    /// RFC 3339 date of the claim.
    pub date: String,
    /// `conform`'s version.
    pub tool_version: String,
}

/// Assembles the claim of an evaluation: classes judged, totals summed.
#[must_use]
pub fn build_claim(catalog: &Catalog, selection: &Selection<'_>, evaluation: Evaluation, request: Request) -> Claim {
    let mut classes: Vec<ClassResult> = selection
        .classes
        .iter()
        .map(|c| ClassResult {
            name: c.name.clone(),
            title: c.title.clone(),
            mandatory: c.mandatory,
            standards: c.standards.iter().map(|s| s.label()).collect(),
            met: false,
        })
        .collect();
    let summary = verdict::summarise(&mut classes, &evaluation.requirements);
    Claim {
        format: CLAIM_FORMAT.to_owned(),
        tool: Tool { name: "conform".to_owned(), version: request.tool_version },
        catalog: CatalogRef {
            id: catalog.manifest.id.clone(),
            version: catalog.manifest.version.clone(),
            digest: catalog.digest.clone(),
        },
        profile: selection.profile.clone(),
        product: request.product,
        vendor: request.vendor,
        date: request.date,
        detection: selection.detection,
        inputs: evaluation.inputs,
        classes,
        requirements: evaluation.requirements,
        summary,
    }
}
