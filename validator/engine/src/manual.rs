//! The `manual` engine: requirements no tool can check.
//!
//! ## What it does
//! Nothing at check time. A `manual` requirement (e.g. "backups are restored and tested
//! every quarter") is attested by the vendor, with evidence, in `conform certify`.
//!
//! ## Parameters
//! `evidence` (optional): what evidence the attestation must cite.
//!
//! ## Example
//! ```toml
//! check = { engine = "manual", evidence = "restore test log of the last quarter" }
//! ```

use serde::Deserialize;

use crate::registry::CompileContext;
use crate::{CompileError, Compiled};

/// Engine name in `check = { engine = "manual" }`.
pub const NAME: &str = "manual";

/// Parameters of a `manual` check.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// What evidence an attestation must cite.
    #[serde(default)]
    pub evidence: Option<String>,
}

/// Validates the parameters; nothing runs at check time.
pub fn compile(params: &toml::Table, _ctx: &mut CompileContext<'_>) -> Result<Compiled, CompileError> {
    let _: Params = crate::registry::parse_params(NAME, params)?;
    Ok(Compiled::Manual)
}
