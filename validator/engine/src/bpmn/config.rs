//! bpmnlint configuration (`.bpmnlintrc`): presets, rule severities and options.

use std::path::Path;
use std::sync::Arc;

use conform_diagnostics::{Level, RuleStamp, Severity};
use conform_formats::Format;
use serde_json::Value;

use super::BpmnCheck;
use super::lint::{self, LintSeverity};
use crate::plan::{PlannedCheck, PlannedStandard};
use crate::{CompileError, Compiled, Plan};

/// One enabled rule of a configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfiguredRule {
    /// bpmnlint rule name.
    pub name: &'static str,
    /// Its severity.
    pub severity: LintSeverity,
    /// Its options (`Null` for none).
    pub options: Value,
}

fn severity(value: &Value) -> Result<Option<LintSeverity>, String> {
    match value {
        Value::String(s) => match s.as_str() {
            "off" => Ok(None),
            "info" => Ok(Some(LintSeverity::Info)),
            "warn" | "warning" => Ok(Some(LintSeverity::Warn)),
            "error" => Ok(Some(LintSeverity::Error)),
            other => Err(format!("unknown severity `{other}` (expected off, info, warn or error)")),
        },
        Value::Number(n) => match n.as_u64() {
            Some(0) => Ok(None),
            Some(1) => Ok(Some(LintSeverity::Warn)),
            Some(2) => Ok(Some(LintSeverity::Error)),
            _ => Err(format!("unknown severity `{n}` (expected 0, 1 or 2)")),
        },
        other => Err(format!("a rule setting must be a severity or [severity, options], found {other}")),
    }
}

/// Parses a `.bpmnlintrc` (JSON): `extends` (a preset name or a list of them) and `rules`
/// (`"name": "off" | "info" | "warn" | "error" | 0 | 1 | 2 | [severity, options]`).
/// Returns the enabled rules in bpmnlint's rule order.
pub fn parse_config(text: &str) -> Result<Vec<ConfiguredRule>, String> {
    let value: Value = serde_json::from_str(text).map_err(|err| format!("not valid JSON: {err}"))?;
    let Value::Object(config) = value else { return Err("the configuration must be a JSON object".to_owned()) };
    let mut settings: Vec<(&'static str, Option<LintSeverity>, Value)> = Vec::new();
    let mut set = |name: &'static str, severity: Option<LintSeverity>, options: Option<Value>| match settings
        .iter_mut()
        .find(|(n, _, _)| *n == name)
    {
        Some(entry) => {
            entry.1 = severity;
            if let Some(options) = options {
                entry.2 = options;
            }
        }
        None => settings.push((name, severity, options.unwrap_or(Value::Null))),
    };
    for (key, value) in &config {
        match key.as_str() {
            "extends" => {
                let names: Vec<&Value> = match value {
                    Value::Array(items) => items.iter().collect(),
                    other => vec![other],
                };
                for name in names {
                    let Value::String(name) = name else {
                        return Err(format!("`extends` entries must be strings, found {name}"));
                    };
                    let preset = lint::preset(name).ok_or_else(|| {
                        format!("cannot extend `{name}`: only bpmnlint:recommended, bpmnlint:correctness and bpmnlint:all are built in (plugins are not supported)")
                    })?;
                    for (rule, severity) in preset {
                        set(rule, Some(severity), None);
                    }
                }
            }
            "rules" => {}
            other => return Err(format!("unknown configuration key `{other}` (expected extends, rules)")),
        }
    }
    if let Some(rules) = config.get("rules") {
        let Value::Object(rules) = rules else { return Err("`rules` must be an object".to_owned()) };
        for (name, setting) in rules {
            let rule =
                lint::rule(name).ok_or_else(|| format!("unknown rule `{name}` (plugin rules are not supported)"))?;
            let (severity, options) = match setting {
                Value::Array(items) => {
                    let first = items.first().ok_or_else(|| format!("rule `{name}`: empty setting"))?;
                    (severity(first).map_err(|e| format!("rule `{name}`: {e}"))?, items.get(1).cloned())
                }
                other => (severity(other).map_err(|e| format!("rule `{name}`: {e}"))?, None),
            };
            set(rule.name, severity, options);
        }
    }
    let mut enabled: Vec<ConfiguredRule> = settings
        .into_iter()
        .filter_map(|(name, severity, options)| severity.map(|severity| ConfiguredRule { name, severity, options }))
        .collect();
    enabled.sort_by_key(|r| lint::RULES.iter().position(|d| d.name == r.name));
    Ok(enabled)
}

/// A plan checking BPMN models against a user's own bpmnlint configuration file, without a
/// catalog. Severities map to levels: `error` → MUST, `warn` → SHOULD, `info` → MAY.
pub fn ad_hoc_plan(path: &Path) -> Result<Plan, CompileError> {
    let invalid = |message: String| CompileError::Artifact { artifact: path.display().to_string(), message };
    let text = std::fs::read_to_string(path).map_err(|err| invalid(err.to_string()))?;
    let rules = parse_config(&text).map_err(invalid)?;
    let mut checks = Vec::with_capacity(rules.len());
    for rule in rules {
        let def = lint::rule(rule.name).expect("configured rules are known");
        let check =
            (def.build)(&rule.options).map_err(|message| invalid(format!("rule `{}`: {message}", rule.name)))?;
        let (level, severity) = match rule.severity {
            LintSeverity::Error => (Level::Must, Severity::Error),
            LintSeverity::Warn => (Level::Should, Severity::Warning),
            LintSeverity::Info => (Level::May, Severity::Info),
        };
        let stamp = RuleStamp {
            severity,
            url: Some(Arc::from(format!("https://github.com/bpmn-io/bpmnlint/blob/main/docs/rules/{}.md", rule.name))),
            ..RuleStamp::ad_hoc(rule.name, level)
        };
        checks.push(PlannedCheck { stamp, check: Compiled::File(Arc::new(BpmnCheck { check })) });
    }
    let standard =
        PlannedStandard { label: path.display().to_string(), formats: vec![Format::Xml], files: None, checks };
    Ok(Plan { standards: vec![standard], explicit: true })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extends_and_overrides() {
        let rules = parse_config(
            r#"{ "extends": "bpmnlint:recommended",
                 "rules": { "label-required": "off", "fake-join": "error",
                            "standard-size": ["warn", { "bpmn:Task": { "width": 120, "height": 80 } }] } }"#,
        )
        .unwrap();
        assert!(!rules.iter().any(|r| r.name == "label-required"));
        assert_eq!(rules.iter().find(|r| r.name == "fake-join").unwrap().severity, LintSeverity::Error);
        let size = rules.iter().find(|r| r.name == "standard-size").unwrap();
        assert_eq!(size.severity, LintSeverity::Warn);
        assert!(size.options.is_object());
        assert_eq!(rules.len(), 25);
    }

    #[test]
    fn refuses_plugins_and_bad_severities() {
        assert!(parse_config(r#"{ "extends": "plugin:camunda-compat/camunda-platform-7-19" }"#).is_err());
        assert!(parse_config(r#"{ "rules": { "camunda/no-zeebe": "error" } }"#).is_err());
        assert!(parse_config(r#"{ "rules": { "fake-join": "loud" } }"#).is_err());
        assert_eq!(parse_config(r#"{ "rules": { "fake-join": 1 } }"#).unwrap()[0].severity, LintSeverity::Warn);
    }
}
