//! Breaking changes between two versions of an OpenAPI description, with oasdiff's check
//! ids and levels.
//!
//! [`Spec::load`] reads each side (a file or `git:REV:path`, JSON or YAML, with the files
//! its relative `$ref`s name); [`diff`] compares them and returns [`Change`]s, each located
//! in the revision, or in the base for what was removed; [`to_diagnostics`] turns them into
//! the diagnostics every report format renders.

mod changes;
mod dates;
mod lifecycle;
mod load;
mod media;
mod misc;
mod operations;
mod policy;
pub mod rules;
mod schema;
mod shape;
mod versioning;

pub use changes::{Change, Side, to_diagnostics, to_diagnostics_with};
pub use dates::Date;
pub use load::{At, File, LoadError, Source, Spec};
pub use policy::{Policy, PolicyRule};
pub use rules::{IMPLEMENTED, Level, Rule};

/// A comparison that could not be completed (a partial one could miss a breaking change).
#[derive(Debug, thiserror::Error)]
pub enum TooComplex {
    /// Too many schema pairs to compare.
    #[error(
        "the descriptions' schemas fan out beyond {} schema comparisons; the comparison was not completed",
        changes::MAX_VISITS
    )]
    FanOut,
    /// Schemas nested too deeply.
    #[error("a schema nests deeper than {} levels; the comparison was not completed", schema::MAX_DEPTH)]
    TooDeep,
}

/// Compares `base` (the old version) with `revision` (the new one). `today` decides
/// whether a sunset date has passed.
pub fn diff(base: &Spec, revision: &Spec, today: Date) -> Result<Vec<Change>, TooComplex> {
    diff_with_policy(base, revision, today, Policy::default())
}

/// [`diff`], judged by a standard's evolution policy: the changes that violate it carry
/// the [`PolicyRule`] in [`Change::policy`].
pub fn diff_with_policy(base: &Spec, revision: &Spec, today: Date, policy: Policy) -> Result<Vec<Change>, TooComplex> {
    let mut cx = changes::Cx::new(base, revision, today, policy);
    operations::compare(&mut cx);
    if cx.too_deep {
        return Err(TooComplex::TooDeep);
    }
    if cx.visits >= changes::MAX_VISITS {
        return Err(TooComplex::FanOut);
    }
    let found = cx.changes().to_vec();
    versioning::apply(&mut cx, &found);
    Ok(cx.into_changes())
}
