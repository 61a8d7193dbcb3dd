//! A plan that checks inputs against a user's own Spectral ruleset (`--ruleset FILE`).

use std::path::Path;

use conform_formats::Format;

use super::{Shared, load};
use crate::{CompileError, Plan, PlannedCheck, PlannedStandard};

impl Plan {
    /// A plan running every enabled rule of the Spectral ruleset at `path`, without a catalog.
    /// Each rule is a requirement named by the rule.
    pub fn ad_hoc_ruleset(path: &Path) -> Result<Self, CompileError> {
        let ruleset = load::load_file(path)
            .map_err(|message| CompileError::Artifact { artifact: path.display().to_string(), message })?;
        let shared = Shared::new(ruleset);
        let checks = (0..shared.ruleset().rules.len())
            .filter(|&i| shared.ruleset().rules[i].enabled)
            .map(|i| {
                let (stamp, check) = shared.check(i);
                PlannedCheck { stamp, check }
            })
            .collect();
        let standard = PlannedStandard {
            label: path.display().to_string(),
            formats: vec![Format::Json, Format::Yaml],
            files: None,
            content: None,
            checks,
        };
        Ok(Self { standards: vec![standard], explicit: true })
    }
}
