//! yaml-test-suite (`../shared/corpora/parser-suites/yaml-test-suite.tar.xz`) through the
//! YAML reader the API and ruleset checks use (BOM stripped, then [`yaml::parse`]).
//!
//! - A case with an `error` file must be refused, by [`yaml::parse_stream`] and so by
//!   [`yaml::parse`].
//! - A case with `in.json` must be read to those values: one document by [`yaml::parse`];
//!   a stream of several documents by [`yaml::parse_stream`], while [`yaml::parse`] (which
//!   reads one document, like PyYAML's `yaml.load`) refuses it with a syntax error.
//!   Numbers compare by value (`1e3` equals `1000`).
//! - A valid case without `in.json` (its value has no JSON form: tags, complex keys) must
//!   be read without error.
//!
//! Failures not on `tests/data/yaml_test_suite.expected-failures` fail the harness, and so
//! do listed tests that pass.

mod parser_suites;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use conform_formats::text;
use conform_formats::yaml::{self, YamlLimits};
use parser_suites::ExpectedFailures;
use serde_json::Value;

/// Every test folder (`ID` or `ID/NN` for sub-tests) holding an `in.yaml`; the `name/`
/// and `tags/` folders of symbolic links to the same tests are left out.
fn cases(root: &Path) -> Vec<(String, PathBuf)> {
    let is_id = |p: &Path| {
        p.file_name().is_some_and(|n| n.to_string_lossy().bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()))
    };
    let mut out = Vec::new();
    let mut ids: Vec<_> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() && !p.is_symlink() && is_id(p))
        .collect();
    ids.sort();
    for dir in ids {
        let id = dir.file_name().unwrap().to_string_lossy().into_owned();
        if dir.join("in.yaml").exists() {
            out.push((id, dir));
            continue;
        }
        let mut subs: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.join("in.yaml").exists())
            .collect();
        subs.sort();
        for sub in subs {
            let name = sub.file_name().unwrap().to_string_lossy().into_owned();
            out.push((format!("{id}/{name}"), sub));
        }
    }
    out
}

/// JSON equality with numbers compared by value.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y || x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

fn outcome(dir: &Path) -> Result<(), String> {
    let bytes = std::fs::read(dir.join("in.yaml")).unwrap();
    let (body, _) = text::strip_bom(&bytes);
    let limits = YamlLimits::default();
    let stream = yaml::parse_stream(body, limits);
    let single = yaml::parse(body, limits);
    if dir.join("error").exists() {
        return match (stream, single) {
            (Err(_), Err(_)) => Ok(()),
            (Ok(docs), _) => Err(format!("error case read as {} document(s)", docs.len())),
            (Err(_), Ok(_)) => Err("error case read as one document by yaml::parse".into()),
        };
    }
    let docs = stream.map_err(|err| format!("refused at byte {}: {}", err.span.start, err.message))?;
    let json = dir.join("in.json");
    if !json.exists() {
        return Ok(());
    }
    let expected: Vec<Value> = serde_json::Deserializer::from_slice(&std::fs::read(json).unwrap())
        .into_iter::<Value>()
        .collect::<Result<_, _>>()
        .map_err(|err| format!("in.json: {err}"))?;
    let values: Vec<&Value> = docs.iter().map(|d| &d.value).collect();
    if values.len() != expected.len() || !values.iter().zip(&expected).all(|(a, b)| same(a, b)) {
        return Err(format!("read as {values:?}, expected {expected:?}"));
    }
    match (expected.len(), single) {
        (0 | 1, Ok(doc)) if same(&doc.value, expected.first().unwrap_or(&Value::Null)) => Ok(()),
        (0 | 1, Ok(doc)) => Err(format!("yaml::parse read {:?}", doc.value)),
        (0 | 1, Err(err)) => Err(format!("yaml::parse refused: {}", err.message)),
        (_, Ok(_)) => Err("yaml::parse read a stream of several documents".into()),
        (_, Err(_)) => Ok(()),
    }
}

#[test]
fn yaml_test_suite_through_the_yaml_reader() {
    let Some(root) = parser_suites::unpack("yaml-test-suite.tar.xz") else { return };
    let root = root.join("yaml-test-suite");
    let cases = cases(&root);
    assert_eq!(cases.len(), 402, "the suite has 402 cases");
    let outcomes: BTreeMap<String, Result<(), String>> =
        cases.iter().map(|(id, dir)| (id.clone(), outcome(dir))).collect();
    let errors = cases.iter().filter(|(_, dir)| dir.join("error").exists()).count();
    assert_eq!(errors, 94, "the suite has 94 error cases");
    ExpectedFailures::load("yaml_test_suite.expected-failures").check(&outcomes);
}
