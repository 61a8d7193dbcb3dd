//! Applying a configuration's parameter values (`[parameters.REQUIREMENT]` of
//! `conform.toml`) to the catalog: each value is checked against the parameter's declaration
//! in every version that declares it, and a value nothing can take is an error at its place.

use crate::{Catalog, Standard};

/// A parameter value set by a configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct ParameterSetting {
    /// Requirement id (`time-limit`).
    pub requirement: String,
    /// Where the requirement id is written, `file:line:column`.
    pub requirement_at: String,
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
            match self.set_one(setting) {
                Ok(()) => {}
                Err(Problem::Requirement(message)) => problems.push(format!("{}: {message}", setting.requirement_at)),
                Err(Problem::Value(message)) => problems.push(format!("{}: {message}", setting.at)),
            }
        }
        if problems.is_empty() { Ok(()) } else { Err(problems) }
    }

    fn set_one(&mut self, setting: &ParameterSetting) -> Result<(), Problem> {
        let (id, name) = (&setting.requirement, &setting.name);
        let holders: Vec<usize> =
            (0..self.standards.len()).filter(|&i| self.standards[i].requirements.iter().any(|r| r.id == *id)).collect();
        if holders.is_empty() {
            let known = self.standards.iter().flat_map(|s| &s.requirements).map(|r| r.id.as_str());
            let message = format!("`[parameters]` names unknown requirement `{id}`{}", did_you_mean(id, known));
            return Err(Problem::Requirement(message));
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
                .map_err(|message| Problem::Value(format!("{label} {id}: {message}")))?;
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
        let closest = did_you_mean(name, names.iter().copied());
        Err(Problem::Value(format!("requirement `{id}` has no parameter `{name}` ({known}){closest}")))
    }
}

/// What is wrong with a setting: its requirement, or its parameter name or value.
enum Problem {
    Requirement(String),
    Value(String),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn setting(requirement: &str, name: &str, value: toml::Value) -> ParameterSetting {
        ParameterSetting {
            requirement: requirement.into(),
            requirement_at: "conform.toml:1:13".into(),
            name: name.into(),
            value,
            at: "conform.toml:2:1".into(),
        }
    }

    #[test]
    fn a_setting_changes_the_check_and_texts_of_the_versions_that_declare_it() {
        let mut catalog = Catalog::embedded().unwrap();
        let settings = [setting("time-limit", "max-days", toml::Value::Integer(70))];
        catalog.set_parameters(&settings).unwrap();
        let version =
            |v: &str| catalog.versions("public-service-process").find(|s| s.version.to_string() == v).unwrap();
        let time_limit = |s: &Standard| s.requirements.iter().find(|r| r.id == "time-limit").unwrap().clone();
        let new = time_limit(version("2.0.0"));
        assert_eq!(new.check.params["options"]["max-days"], toml::Value::Integer(70));
        assert!(new.title.ends_with("at most 70 days") && new.fix.unwrap().contains("within 70 days"));
        assert!(unsupported(version("2.0.0"), &settings).is_empty());
        let old = unsupported(version("1.0.0"), &settings);
        assert!(old[0].starts_with("conform.toml:2:1: `max-days` is set for requirement time-limit"), "{old:?}");
        let in_force = in_force([version("1.0.0"), version("2.0.0")]);
        assert_eq!(in_force.len(), 1);
        assert_eq!((in_force[0].version.as_str(), &in_force[0].default), ("2.0.0", &toml::Value::Integer(56)));
    }

    #[test]
    fn settings_that_fit_nothing_are_errors_at_their_place() {
        let mut catalog = Catalog::embedded().unwrap();
        let errors = catalog
            .set_parameters(&[
                setting("time-limt", "max-days", toml::Value::Integer(70)),
                setting("time-limit", "max-days", toml::Value::Integer(0)),
            ])
            .unwrap_err();
        assert_eq!(
            errors,
            [
                "conform.toml:1:13: `[parameters]` names unknown requirement `time-limt` (did you mean `time-limit`?)",
                "conform.toml:2:1: public-service-process@2.0.0 time-limit: `max-days` = 0 is below its minimum 1",
            ]
        );
    }
}
