//! The `api-evolution` engine: the evolution policy of an interface standard.
//!
//! ## What it does
//! Declares what a new version of an API contract must do; `conform diff OLD NEW
//! --standard ID` judges it between two versions and reports the violations as findings of
//! the standard (rule = the check id, e.g. `api-major-version-not-bumped`). One file
//! cannot show how a contract evolved, so `conform check` does not run it and `conform
//! certify` treats it as attested (the evidence is the `conform diff --standard` report).
//!
//! ## Parameters
//! - `policy`: `major-version-for-breaking-changes` (a breaking change needs a higher major
//!   `info.version`, minor before 1.0.0: `api-version-not-bumped`, `api-version-decreased`,
//!   `api-major-version-not-bumped`) or `sunset-notice` (a deprecation needs an `x-sunset`
//!   at least `min-sunset-days` ahead: the `*-sunset-missing` and `*-sunset-date-too-small`
//!   ids, a sunset moved earlier or deleted).
//! - `min-sunset-days`: days of notice, with `sunset-notice` only (required there).
//!
//! Any other key, or a key that does not fit the policy, is a compile error.
//!
//! ## Example
//! ```toml
//! check = { engine = "api-evolution", policy = "sunset-notice", min-sunset-days = 180 }
//! ```

use serde::Deserialize;

use crate::registry::CompileContext;
use crate::{CompileError, Compiled};

/// Engine name in `check = { engine = "api-evolution" }`.
pub const NAME: &str = "api-evolution";

/// The rule of the evolution policy a requirement declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PolicyName {
    /// A breaking change needs a major `info.version` bump.
    MajorVersionForBreakingChanges,
    /// A deprecation needs a sunset at least `min-sunset-days` ahead.
    SunsetNotice,
}

/// Parameters of an `api-evolution` check.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {
    /// The rule declared.
    pub policy: PolicyName,
    /// Days of notice a sunset needs (`sunset-notice` only).
    #[serde(default)]
    pub min_sunset_days: Option<u32>,
}

/// Reads and validates the parameters of an `api-evolution` check.
pub fn params(table: &toml::Table) -> Result<Params, CompileError> {
    let params: Params = crate::registry::parse_params(NAME, table)?;
    let problem = match (params.policy, params.min_sunset_days) {
        (PolicyName::SunsetNotice, None) => Some("`sunset-notice` needs `min-sunset-days`"),
        (PolicyName::MajorVersionForBreakingChanges, Some(_)) => {
            Some("`min-sunset-days` belongs to `sunset-notice`, not `major-version-for-breaking-changes`")
        }
        _ => None,
    };
    match problem {
        Some(message) => Err(CompileError::Params { engine: NAME.to_owned(), message: message.to_owned() }),
        None => Ok(params),
    }
}

/// Validates the parameters; `conform check` has no second version to compare with.
pub fn compile(table: &toml::Table, _ctx: &mut CompileContext<'_>) -> Result<Compiled, CompileError> {
    params(table)?;
    Ok(Compiled::Manual)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Params, CompileError> {
        params(&text.parse::<toml::Table>().unwrap())
    }

    #[test]
    fn reads_both_policies() {
        assert_eq!(parse(r#"policy = "major-version-for-breaking-changes""#).unwrap().min_sunset_days, None);
        let sunset = parse("policy = \"sunset-notice\"\nmin-sunset-days = 90").unwrap();
        assert_eq!((sunset.policy, sunset.min_sunset_days), (PolicyName::SunsetNotice, Some(90)));
    }

    #[test]
    fn fails_closed_on_unknown_or_misplaced_keys() {
        let err = parse("policy = \"sunset-notice\"\nmin-sunset-days = 90\nmax-days = 3").unwrap_err().to_string();
        assert!(err.contains("max-days"), "{err}");
        assert!(parse(r#"policy = "no-breaking-changes""#).is_err());
        assert!(parse(r#"policy = "sunset-notice""#).is_err());
        assert!(parse("policy = \"major-version-for-breaking-changes\"\nmin-sunset-days = 1").is_err());
        assert!(parse("policy = \"sunset-notice\"\nmin-sunset-days = -1").is_err());
        assert!(parse("min-sunset-days = 1").is_err());
    }
}
