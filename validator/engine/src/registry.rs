//! The table of check engines: name → compile function.
//!
//! Adding an engine is one file with `NAME`, a documented `Params` struct
//! (`deny_unknown_fields`) and a `compile` function, plus one line in [`ENGINES`].

use serde::de::DeserializeOwned;

use crate::artifacts::ArtifactRoot;
use crate::{CompileError, Compiled, api_evolution, bpmn, json_schema, manual, ruleset, schematron, table_schema, xsd};

/// A check engine.
pub struct EngineDef {
    /// Name used in `check = { engine = "..." }`.
    pub name: &'static str,
    /// One-line description.
    pub summary: &'static str,
    /// Parses parameters and compiles artifacts into a check.
    pub compile: fn(&toml::Table, &mut CompileContext<'_>) -> Result<Compiled, CompileError>,
}

/// Every engine, by name.
pub const ENGINES: &[EngineDef] = &[
    EngineDef {
        name: json_schema::NAME,
        summary: "JSON Schema (2020-12, 2019-09, draft 7) over JSON documents and NDJSON records",
        compile: json_schema::compile,
    },
    EngineDef {
        name: table_schema::NAME,
        summary: "Frictionless Table Schema over CSV files (types, constraints, keys, code lists)",
        compile: table_schema::compile,
    },
    EngineDef {
        name: bpmn::NAME,
        summary: "BPMN 2.0 process models: bpmnlint's rules and e-government process rules",
        compile: bpmn::compile,
    },
    EngineDef {
        name: ruleset::NAME,
        summary: "Spectral-compatible rulesets (JSONPath rules, core functions, spectral:oas) over JSON/YAML API descriptions",
        compile: ruleset::compile,
    },
    EngineDef {
        name: xsd::NAME,
        summary: "W3C XML Schema 1.0 over XML documents, with line, column and element path for every finding",
        compile: xsd::compile,
    },
    EngineDef {
        name: schematron::NAME,
        summary: "ISO Schematron business rules over XML documents; each assert reports under its own id and flag",
        compile: schematron::compile,
    },
    EngineDef {
        name: api_evolution::NAME,
        summary: "the evolution policy of an interface standard, judged between two versions by `conform diff --standard`",
        compile: api_evolution::compile,
    },
    EngineDef {
        name: manual::NAME,
        summary: "not machine-checkable; attested by the vendor in `conform certify`",
        compile: manual::compile,
    },
];

/// Looks an engine up by name.
#[must_use]
pub fn engine(name: &str) -> Option<&'static EngineDef> {
    ENGINES.iter().find(|e| e.name == name)
}

/// What an engine may use while compiling: where its artifacts are.
pub struct CompileContext<'a> {
    /// Root that artifact paths in the parameters are relative to.
    pub root: &'a ArtifactRoot,
    /// The Schematron phase chosen for the run (`conform check --phase`), replacing the
    /// phase a requirement names; engines without phases ignore it.
    pub phase: Option<&'a str>,
}

/// Deserialises an engine's parameters, reporting unknown or ill-typed keys.
pub fn parse_params<T: DeserializeOwned>(engine: &str, params: &toml::Table) -> Result<T, CompileError> {
    T::deserialize(toml::Value::Table(params.clone()))
        .map_err(|err| CompileError::Params { engine: engine.to_owned(), message: err.message().to_owned() })
}

/// The span of the key a parameter error names (`unknown field `x``) inside the `check`
/// table at `check` of the manifest `text`; the whole table when no key is named or found.
#[must_use]
pub fn error_span(text: &str, check: std::ops::Range<usize>, err: &CompileError) -> std::ops::Range<usize> {
    let CompileError::Params { message, .. } = err else { return check };
    let Some(key) = message.strip_prefix("unknown field `").and_then(|rest| rest.split('`').next()) else {
        return check;
    };
    let Some(table) = text.get(check.clone()) else { return check };
    let is_key = |at: usize| {
        let before = table[..at].chars().next_back();
        let after = table[at + key.len()..].trim_start();
        !before.is_some_and(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '"'))
            && (after.starts_with('=') || after.starts_with('.'))
    };
    table.match_indices(key).map(|(at, _)| at).find(|&at| is_key(at)).map_or(check.clone(), |at| {
        let start = check.start + at;
        start..start + key.len()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameter_errors_point_at_the_unknown_key() {
        let text = "check = { engine = \"x\", days = 1, ys = 2 }";
        let err = CompileError::Params { engine: "x".into(), message: "unknown field `ys`, expected `days`".into() };
        assert_eq!(&text[error_span(text, 8..text.len(), &err)], "ys");
        let other = CompileError::Params { engine: "x".into(), message: "missing field `z`".into() };
        assert_eq!(error_span(text, 8..text.len(), &other), 8..text.len());
    }
}
