//! `named-steps`: labels of steps are names in the standard's language, not identifiers,
//! placeholders or text in another script.

use serde::Deserialize;
use serde_json::Value;

use super::{normalise, options};
use crate::CompileError;
use crate::artifacts::ArtifactRoot;
use crate::bpmn::kind::Kind;
use crate::bpmn::lint::{Check, Report};
use crate::bpmn::model::Model;

/// Options of `named-steps`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Options {
    /// The language labels are written in (BCP 47), shown in messages.
    #[serde(default = "default_language")]
    language: String,
    /// The script of that language: `latin`, `greek` or `cyrillic`.
    #[serde(default = "default_script")]
    script: String,
    /// Labels that are placeholders, not names (compared case-insensitively).
    #[serde(default = "default_placeholders")]
    placeholders: Vec<String>,
}

impl Default for Options {
    fn default() -> Self {
        Self { language: default_language(), script: default_script(), placeholders: default_placeholders() }
    }
}

fn default_language() -> String {
    "en".to_owned()
}

fn default_script() -> String {
    "latin".to_owned()
}

fn default_placeholders() -> Vec<String> {
    ["task", "activity", "step", "event", "gateway", "todo", "tbd", "xxx", "test", "untitled", "new task"]
        .map(str::to_owned)
        .to_vec()
}

type Script = fn(char) -> bool;

fn script(name: &str) -> Option<Script> {
    match name {
        "latin" => Some(|c| c.is_ascii_alphabetic() || matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}')),
        "greek" => Some(|c| matches!(c, '\u{0370}'..='\u{03FF}' | '\u{1F00}'..='\u{1FFF}')),
        "cyrillic" => Some(|c| matches!(c, '\u{0400}'..='\u{052F}')),
        _ => None,
    }
}

pub(super) fn build(value: &Value, _root: &ArtifactRoot) -> Result<Check, CompileError> {
    let options: Options = options("named-steps", value)?;
    let in_script = script(&options.script).ok_or_else(|| CompileError::Params {
        engine: crate::bpmn::NAME.to_owned(),
        message: format!("rule `named-steps`: unknown script `{}` (expected latin, greek or cyrillic)", options.script),
    })?;
    let placeholders: Vec<String> = options.placeholders.iter().map(|p| normalise(p)).collect();
    Ok(Box::new(move |model, out| check(model, &options, in_script, &placeholders, out)))
}

/// `Task_1`, `Activity_0x1y2z3`, `UserTask_12`: what modelling tools generate as ids.
fn looks_like_id(label: &str) -> bool {
    let Some((head, tail)) = label.split_once('_') else { return false };
    !head.is_empty()
        && head.chars().all(|c| c.is_ascii_alphanumeric())
        && !tail.is_empty()
        && tail.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && tail.chars().any(|c| c.is_ascii_digit())
}

fn check(model: &Model, options: &Options, in_script: Script, placeholders: &[String], out: &mut Vec<Report>) {
    for node in model.all(|k| k.is_flow_node() || matches!(k, Kind::Participant | Kind::Lane)) {
        let Some(label) = model.name(node).map(str::trim).filter(|n| !n.is_empty()) else { continue };
        let shown = || label.replace('\n', " ");
        let language = &options.language;
        if label == model.id(node) || looks_like_id(label) {
            out.push(Report::new(node, format!("label `{}` is an identifier, not a name in `{language}`", shown())));
        } else if placeholders.contains(&normalise(label)) {
            out.push(Report::new(node, format!("label `{}` is a placeholder, not a name of the step", shown())));
        } else if label.chars().any(|c| c.is_alphabetic() && !in_script(c)) {
            out.push(Report::new(
                node,
                format!("label `{}` is not written in the {} script of `{language}`", shown(), options.script),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::looks_like_id;

    #[test]
    fn generated_ids_are_recognised() {
        assert!(looks_like_id("Activity_0x1y2z3"));
        assert!(looks_like_id("Task_1"));
        assert!(!looks_like_id("Check_application"));
        assert!(!looks_like_id("Check application"));
    }
}
