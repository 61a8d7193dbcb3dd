//! The keys a Spectral ruleset may have (as `@stoplight/spectral-core`'s ruleset and rule
//! schemas allow them, `x-` extensions aside), checked before the ruleset is read, and where a
//! part of a ruleset file is, for load errors (`file:line:column: ...`, with "did you mean").

use conform_diagnostics::{LineIndex, escape_pointer_token};
use conform_formats::SpanIndex;
use serde_json::Value;

/// Top-level keys of a ruleset.
const RULESET: &[&str] = &[
    "documentationUrl",
    "description",
    "rules",
    "functions",
    "functionsDir",
    "formats",
    "extends",
    "parserOptions",
    "overrides",
    "aliases",
];

/// Keys of a rule.
const RULE: &[&str] = &[
    "description",
    "documentationUrl",
    "recommended",
    "given",
    "resolved",
    "severity",
    "message",
    "tags",
    "formats",
    "then",
    "type",
    "extensions",
];

/// Keys of a `then` entry. Spectral's rule schema lets a `then` carry any other key and
/// ignores it; `message` is the one real rulesets write there (italia, adidas), so it is
/// accepted and ignored as Spectral ignores it; any other stays refused (a typo such as
/// `functionOption` would otherwise silently drop the options).
const THEN: &[&str] = &["field", "function", "functionOptions", "message"];

/// A load error and where it is in the ruleset (a path of keys and indices).
pub type Located = (Vec<String>, String);

/// ` (did you mean `x`?)` when one of `known` is close to `word`.
#[must_use]
pub fn suggest<'a>(word: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    known
        .into_iter()
        .map(|k| (strsim::jaro_winkler(word, k), k))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map_or_else(String::new, |(_, k)| format!(" (did you mean `{k}`?)"))
}

fn unknown(map: &serde_json::Map<String, Value>, known: &[&str], at: &[String], what: &str) -> Result<(), Located> {
    for key in map.keys() {
        if !key.starts_with("x-") && !known.contains(&key.as_str()) {
            let mut path = at.to_vec();
            path.push(key.clone());
            return Err((path, format!("unknown {what} key `{key}`{}", suggest(key, known.iter().copied()))));
        }
    }
    Ok(())
}

/// Checks the keys of a ruleset, its rules and their `then` entries.
pub fn check(root: &serde_json::Map<String, Value>) -> Result<(), Located> {
    unknown(root, RULESET, &[], "ruleset")?;
    let Some(Value::Object(rules)) = root.get("rules") else { return Ok(()) };
    for (name, rule) in rules {
        let Value::Object(rule) = rule else { continue };
        let at = vec!["rules".to_owned(), name.clone()];
        unknown(rule, RULE, &at, "rule")?;
        let thens: Vec<(Vec<String>, &Value)> = match rule.get("then") {
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, t)| ([at.as_slice(), &["then".to_owned(), i.to_string()]].concat(), t))
                .collect(),
            Some(one) => vec![([at.as_slice(), &["then".to_owned()]].concat(), one)],
            None => Vec::new(),
        };
        for (at, then) in thens {
            match then {
                Value::Object(then) => unknown(then, THEN, &at, "`then`")?,
                _ => return Err((at, "`then` must be a mapping with a `function`".to_owned())),
            }
        }
    }
    Ok(())
}

/// A ruleset file's text and spans, to place load errors.
pub struct Source {
    /// The file's name as shown.
    pub name: String,
    /// Its text.
    pub text: Vec<u8>,
    /// Where its nodes are.
    pub spans: SpanIndex,
}

impl Source {
    /// `name:line:column` of the node at `path` (its key when it has one), or of the nearest
    /// node that exists.
    #[must_use]
    pub fn at(&self, path: &[String]) -> String {
        let mut pointer = String::new();
        for segment in path {
            pointer.push('/');
            pointer.push_str(&escape_pointer_token(segment));
        }
        let node = self.spans.get(&pointer).or_else(|| self.spans.nearest(&pointer));
        let Some(node) = node else { return self.name.clone() };
        let offset = node.key.map_or(node.value.start, |k| k.start);
        let at = LineIndex::new(&self.text).line_col(&self.text, offset);
        format!("{}:{}:{}", self.name, at.line, at.column)
    }
}
