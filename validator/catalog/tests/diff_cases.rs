//! The schema-change table: every case's verdict under BACKWARD, FORWARD and FULL, and the
//! kind and pointer of the change that decides it.

use conform_catalog::diff::{json_schema, table_schema};
use serde_json::Value;

#[test]
fn schema_change_table() {
    let text = include_str!("data/schema_changes.json");
    let cases: Vec<Value> = serde_json::from_str(text).expect("the table parses");
    assert!(cases.len() >= 40, "the table has at least 40 cases");
    let mut failures = Vec::new();
    for case in &cases {
        let name = case["name"].as_str().unwrap();
        let (old, new) = (&case["old"], &case["new"]);
        let changes = if case.get("table").is_some() {
            assert!(table_schema::is_table_schema(old) && table_schema::is_table_schema(new), "{name}: not a table");
            table_schema::diff(old, new)
        } else {
            json_schema::diff(old, new)
        };
        let backward = changes.iter().all(|c| c.compat.backward);
        let forward = changes.iter().all(|c| c.compat.forward);
        let expected = (case["backward"].as_bool().unwrap(), case["forward"].as_bool().unwrap());
        let full = case["full"].as_bool().unwrap();
        if (backward, forward) != expected || full != (backward && forward) {
            failures.push(format!(
                "{name}: expected backward/forward {expected:?}, got ({backward}, {forward}): {changes:#?}"
            ));
            continue;
        }
        if let Some(kind) = case.get("kind").and_then(Value::as_str) {
            let pointer = case.get("pointer").and_then(Value::as_str);
            let found = changes.iter().any(|c| c.kind == kind && pointer.is_none_or(|p| c.pointer == p));
            if !found {
                failures.push(format!("{name}: no `{kind}` change at {pointer:?}: {changes:#?}"));
            }
        }
        if expected == (true, true) && case.get("kind").is_none() {
            assert!(changes.iter().all(|c| c.compat.backward && c.compat.forward), "{name}");
        }
    }
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), cases.len(), failures.join("\n"));
}
