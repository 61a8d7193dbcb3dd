//! Applying a configuration's parameter values (`[parameters.REQUIREMENT]` of
//! `conform.toml`) to the catalog: each value is checked against the parameter's declaration
//! in every version that declares it, and a value nothing can take is an error at its place.

use crate::{Catalog, Standard};

/// A parameter value set by a configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct ParameterSetting {
    /// Requirement id (`time-limit`).
    pub requirement: String,
    /// Parameter name (`max-days`).
    pub name: String,
    /// The value.
    pub value: toml::Value,
    /// Where it is written, `file:line:column`.
    pub at: String,
}

/// A parameter whose value in force is not its default, as a report names it.
#[derive(Debug, Clone, PartialEq)]
pub struct ParameterInForce {
    /// Standard id.
    pub standard: String,
    /// Standard version.
    pub version: String,
    /// Requirement id.
    pub requirement: String,
    /// Parameter name.
    pub name: String,
    /// The value in force.
    pub value: toml::Value,
    /// The documented default.
    pub default: toml::Value,
}

impl Catalog {
    /// Sets every value of `settings` in each version whose requirement declares the
    /// parameter. Fails with one message per setting that names no requirement, no declared
    /// parameter, or a value of the wrong type or out of range, each starting with its place.
    pub fn set_parameters(&mut self, settings: &[ParameterSetting]) -> Result<(), Vec<String>> {
        let mut problems = Vec::new();
        for setting in settings {
            if let Err(message) = self.set_one(setting) {
                problems.push(format!("{}: {message}", setting.at));
            }
        }
        if problems.is_empty() { Ok(()) } else { Err(problems) }
    }

    fn set_one(&mut self, setting: &ParameterSetting) -> Result<(), String> {
        let (id, name) = (&setting.requirement, &setting.name);
        let holders: Vec<usize> =
            (0..self.standards.len()).filter(|&i| self.standards[i].requirements.iter().any(|r| r.id == *id)).collect();
        if holders.is_empty() {
            let known = self.standards.iter().flat_map(|s| &s.requirements).map(|r| r.id.as_str());
            return Err(format!("`[parameters]` names unknown requirement `{id}`{}", did_you_mean(id, known)));
        }
        let mut declared = false;
        for i in holders {
            let standard = &mut self.standards[i];
            let label = standard.label();
            let Some(requirement) = standard.requirements.iter_mut().find(|r| r.id == *id) else { continue };
            if requirement.parameters.iter().all(|p| p.name != *name) {
                continue;
            }
            declared = true;
            requirement
                .set_parameter(name, setting.value.clone())
                .map_err(|message| format!("{label} {id}: {message}"))?;
        }
        if declared {
            return Ok(());
        }
        let names: Vec<&str> = self
            .standards
            .iter()
            .flat_map(|s| &s.requirements)
            .filter(|r| r.id == *id)
            .flat_map(|r| &r.parameters)
            .map(|p| p.name.as_str())
            .collect();
        let known = if names.is_empty() {
            format!("no version of `{id}` declares a parameter")
        } else {
            format!("its parameters: {}", names.join(", "))
        };
        Err(format!(
            "requirement `{id}` has no parameter `{name}` ({known}){}",
            did_you_mean(name, names.iter().copied())
        ))
    }
}

/// The settings `standard` cannot take: those of its requirements that do not declare the
/// parameter (an older version that still hard-wires the value). Checking such a version
/// with the setting would silently ignore it, so each is an error, with its place.
#[must_use]
pub fn unsupported(standard: &Standard, settings: &[ParameterSetting]) -> Vec<String> {
    settings
        .iter()
        .filter_map(|setting| {
            let requirement = standard.requirements.iter().find(|r| r.id == setting.requirement)?;
            if requirement.parameters.iter().any(|p| p.name == setting.name) {
                return None;
            }
            Some(format!(
                "{}: `{}` is set for requirement {}, but {} does not declare that parameter (its value is \
                 fixed in this version); check against a version that declares it, or remove the setting",
                setting.at,
                setting.name,
                setting.requirement,
                standard.label()
            ))
        })
        .collect()
}

/// Every parameter of `standards` whose value in force is not its default.
#[must_use]
pub fn in_force<'a>(standards: impl IntoIterator<Item = &'a Standard>) -> Vec<ParameterInForce> {
    let mut out = Vec::new();
    for standard in standards {
        for requirement in &standard.requirements {
            for parameter in requirement.overridden() {
                out.push(ParameterInForce {
                    standard: standard.id.clone(),
                    version: standard.version.to_string(),
                    requirement: requirement.id.clone(),
                    name: parameter.name.clone(),
                    value: parameter.value.clone(),
                    default: parameter.default.clone(),
                });
            }
        }
    }
    out
}

fn did_you_mean<'a>(name: &str, known: impl Iterator<Item = &'a str>) -> String {
    known
        .map(|k| (strsim::jaro_winkler(k, name), k))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map_or_else(String::new, |(_, k)| format!(" (did you mean `{k}`?)"))
}
