//! bpmnlint configuration (`.bpmnlintrc`): presets, rule severities and options.

use std::path::Path;
use std::sync::Arc;

use conform_diagnostics::{Level, LineIndex, RuleStamp, Severity, Span, escape_pointer_token};
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
            other => Err(format!(
                "unknown severity `{other}` (expected off, info, warn or error){}",
                did_you_mean(other, ["off", "info", "warn", "error"])
            )),
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

/// A problem of a configuration, at the JSON pointer of the member it is about (its key
/// when `at_key`, else its value).
struct Problem {
    pointer: String,
    at_key: bool,
    message: String,
}

impl Problem {
    fn key(pointer: impl Into<String>, message: String) -> Self {
        Self { pointer: pointer.into(), at_key: true, message }
    }

    fn value(pointer: impl Into<String>, message: String) -> Self {
        Self { pointer: pointer.into(), at_key: false, message }
    }
}

/// ` (did you mean `x`?)` for the name of `known` closest to `name`, when one is close.
fn did_you_mean<'k>(name: &str, known: impl IntoIterator<Item = &'k str>) -> String {
    known
        .into_iter()
        .map(|k| (strsim::jaro_winkler(k, name), k))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map_or_else(String::new, |(_, k)| format!(" (did you mean `{k}`?)"))
}

/// The presets `extends` may name.
const PRESETS: [&str; 3] = ["bpmnlint:recommended", "bpmnlint:correctness", "bpmnlint:all"];

/// Parses a `.bpmnlintrc` (JSON): `extends` (a preset name or a list of them) and `rules`
/// (`"name": "off" | "info" | "warn" | "error" | 0 | 1 | 2 | [severity, options]`).
/// Returns the enabled rules in bpmnlint's rule order. An error starts with the
/// `line:column` of the mistake and names the closest known name where one fits.
pub fn parse_config(text: &str) -> Result<Vec<ConfiguredRule>, String> {
    let value: Value =
        serde_json::from_str(text).map_err(|err| format!("{}:{}: not valid JSON: {err}", err.line(), err.column()))?;
    parse_value(&value).map_err(|problem| {
        let spans = conform_formats::SpanIndex::from_json(text.as_bytes());
        let span = spans.get(&problem.pointer).or_else(|| spans.nearest(&problem.pointer)).map(|node| match node.key {
            Some(key) if problem.at_key => key,
            _ => node.value,
        });
        let span = span.unwrap_or(Span::empty(0));
        let at = LineIndex::new(text.as_bytes()).location(text.as_bytes(), span).start;
        format!("{}:{}: {}", at.line, at.column, problem.message)
    })
}

fn parse_value(value: &Value) -> Result<Vec<ConfiguredRule>, Problem> {
    let Value::Object(config) = value else {
        return Err(Problem::value("", "the configuration must be a JSON object".to_owned()));
    };
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
    for (key, value) in config {
        match key.as_str() {
            "extends" => {
                let names: Vec<(String, &Value)> = match value {
                    Value::Array(items) => {
                        items.iter().enumerate().map(|(i, v)| (format!("/extends/{i}"), v)).collect()
                    }
                    other => vec![("/extends".to_owned(), other)],
                };
                for (pointer, name) in names {
                    let Value::String(name) = name else {
                        return Err(Problem::value(
                            pointer,
                            format!("`extends` entries must be strings, found {name}"),
                        ));
                    };
                    let preset = lint::preset(name).ok_or_else(|| {
                        Problem::value(
                            &pointer,
                            format!(
                                "cannot extend `{name}`: only {} are built in (plugins are not supported){}",
                                PRESETS.join(", "),
                                did_you_mean(name, PRESETS)
                            ),
                        )
                    })?;
                    for (rule, severity) in preset {
                        set(rule, Some(severity), None);
                    }
                }
            }
            "rules" => {}
            other => {
                let pointer = format!("/{}", escape_pointer_token(other));
                return Err(Problem::key(
                    pointer,
                    format!(
                        "unknown configuration key `{other}` (expected extends, rules){}",
                        did_you_mean(other, ["extends", "rules"])
                    ),
                ));
            }
        }
    }
    if let Some(rules) = config.get("rules") {
        let Value::Object(rules) = rules else {
            return Err(Problem::value("/rules", "`rules` must be an object".to_owned()));
        };
        for (name, setting) in rules {
            let pointer = format!("/rules/{}", escape_pointer_token(name));
            let rule = lint::rule(name).ok_or_else(|| {
                Problem::key(
                    &pointer,
                    format!(
                        "unknown rule `{name}` (plugin rules are not supported){}",
                        did_you_mean(name, lint::RULES.iter().map(|r| r.name))
                    ),
                )
            })?;
            let (severity, options) = match setting {
                Value::Array(items) => {
                    let first = items
                        .first()
                        .ok_or_else(|| Problem::value(&pointer, format!("rule `{name}`: empty setting")))?;
                    let severity = severity(first)
                        .map_err(|e| Problem::value(format!("{pointer}/0"), format!("rule `{name}`: {e}")))?;
                    (severity, items.get(1).cloned())
                }
                other => (severity(other).map_err(|e| Problem::value(&pointer, format!("rule `{name}`: {e}")))?, None),
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
    // `line:column: message` becomes `path:line:column: message`.
    let rules = parse_config(&text).map_err(|message| CompileError::Artifact {
        artifact: format!("{}:{}", path.display(), message.split(": ").next().unwrap_or_default()),
        message: message.split_once(": ").map_or(message.clone(), |(_, rest)| rest.to_owned()),
    })?;
    if rules.is_empty() {
        return Err(invalid("the configuration enables no rule: it would check nothing".to_owned()));
    }
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
    let standard = PlannedStandard {
        label: path.display().to_string(),
        formats: vec![Format::Xml],
        files: None,
        content: None,
        checks,
    };
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
        assert_eq!(
            parse_config("{ \"extends\": \"bpmnlint:recommended\",\n  \"rules\": { \"label-requird\": \"error\" } }")
                .unwrap_err(),
            "2:14: unknown rule `label-requird` (plugin rules are not supported) (did you mean `label-required`?)"
        );
        assert_eq!(
            parse_config("{ \"rules\": { \"fake-join\": [\"eror\"] } }").unwrap_err(),
            "1:28: rule `fake-join`: unknown severity `eror` (expected off, info, warn or error) (did you mean `error`?)"
        );
        assert_eq!(parse_config(r#"{ "rules": { "fake-join": 1 } }"#).unwrap()[0].severity, LintSeverity::Warn);
    }
}
