//! The OpenAPI 3.0/3.1 schemas behind `oas3-schema` (Spectral's, vendored) agree with the
//! official schemas in `../shared/corpora/schemas/`: the same valid/invalid verdict on real
//! descriptions and on each of them broken in typical ways.

use std::path::Path;

use conform_formats::yaml::{self, YamlLimits};
use jsonschema::{Draft, Registry, Validator};
use serde_json::{Value, json};

fn read_value(path: &Path) -> Value {
    let bytes = std::fs::read(path).unwrap();
    if path.extension().is_some_and(|e| e == "json") {
        serde_json::from_slice(&bytes).unwrap()
    } else {
        yaml::parse(&bytes, YamlLimits::default()).unwrap().value
    }
}

fn ours(v31: bool) -> Validator {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ruleset");
    let read =
        |file: &str| -> Value { serde_json::from_str(&std::fs::read_to_string(dir.join(file)).unwrap()).unwrap() };
    let mut registry = Registry::new();
    if v31 {
        for file in [
            "oas3.1.dialect.json",
            "oas3.1.meta.json",
            "json-schema-2020-12.json",
            "json-schema-2020-12-validation.json",
        ] {
            let schema = read(file);
            let id = schema["$id"].as_str().unwrap().to_owned();
            registry = registry.add(id, schema).unwrap();
        }
    }
    let registry = registry.prepare().unwrap();
    let root = read(if v31 { "oas3.1.schema.json" } else { "oas3.0.schema.json" });
    jsonschema::options()
        .with_draft(Draft::Draft202012)
        .with_registry(&registry)
        .should_validate_formats(false)
        .build(&root)
        .unwrap()
}

/// A named way to break a description.
type Mutation = (&'static str, fn(&mut Value));

/// Ways descriptions go wrong, each applied to a copy of a valid description.
fn mutations() -> Vec<Mutation> {
    fn first_operation(doc: &mut Value) -> Option<&mut serde_json::Map<String, Value>> {
        let paths = doc.get_mut("paths")?.as_object_mut()?;
        let item = paths.values_mut().find(|item| item.get("get").is_some())?;
        item.get_mut("get")?.as_object_mut()
    }
    vec![
        ("no info", |d| drop(d.as_object_mut().unwrap().remove("info"))),
        ("title not a string", |d| d["info"]["title"] = json!(42)),
        ("unknown top-level member", |d| d["foo"] = json!(1)),
        ("extension member", |d| d["x-foo"] = json!(1)),
        ("path without a slash", |d| d["paths"]["pets"] = json!({})),
        ("operation without responses", |d| {
            if let Some(op) = first_operation(d) {
                op.remove("responses");
            }
        }),
        ("response code 999", |d| {
            if let Some(op) = first_operation(d) {
                op.insert("responses".into(), json!({"999": {"description": "x"}}));
            }
        }),
        ("parameter in body", |d| {
            if let Some(op) = first_operation(d) {
                op.insert("parameters".into(), json!([{"name": "b", "in": "body"}]));
            }
        }),
        ("server without url", |d| d["servers"] = json!([{"description": "x"}])),
        ("servers not an array", |d| d["servers"] = json!({"url": "https://x"})),
        ("wrong version", |d| d["openapi"] = json!("2.0")),
        ("tag without name", |d| d["tags"] = json!([{"description": "x"}])),
    ]
}

#[test]
fn structural_schemas_agree_with_the_official_ones() {
    let Some(schemas) = conform_testing::corpus("schemas") else { return };
    let Some(large) = conform_testing::corpus("openapi-large") else { return };
    let Some(nl_adr) = conform_testing::corpus("nl-adr/testcases") else { return };

    let official_30 = jsonschema::options()
        .with_draft(Draft::Draft4)
        .should_validate_formats(false)
        .build(&read_value(&schemas.join("openapi-3.0.schema.yaml")))
        .unwrap();
    let registry = Registry::new()
        .add(
            "https://spec.openapis.org/oas/3.1/dialect/base",
            read_value(&schemas.join("openapi-3.1.dialect.schema.json")),
        )
        .unwrap()
        .add("https://spec.openapis.org/oas/3.1/meta/base", read_value(&schemas.join("openapi-3.1.meta.schema.json")))
        .unwrap()
        .add(
            "https://stoplight.io/json-schema/draft/2020-12",
            json!({"$schema": "https://json-schema.org/draft/2020-12/schema"}),
        )
        .unwrap()
        .prepare()
        .unwrap();
    let official_31 = jsonschema::options()
        .with_registry(&registry)
        .should_validate_formats(false)
        .build(&read_value(&schemas.join("openapi-3.1.schema.json")))
        .unwrap();
    let (ours_30, ours_31) = (ours(false), ours(true));

    let mut bases: Vec<(String, Value)> = ["api.github.com.yaml", "asana.yaml", "petstorev3.json", "stripe.yaml"]
        .iter()
        .map(|name| ((*name).to_owned(), read_value(&large.join(name))))
        .collect();
    let mut cases: Vec<_> = std::fs::read_dir(&nl_adr).unwrap().map(|e| e.unwrap().path()).collect();
    cases.sort();
    for case in cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        bases.push((format!("nl-adr/{name}"), read_value(&case.join("openapi.json"))));
    }
    // OpenAPI 3.1 documents, from the petstore.
    let mut petstore_31 = bases[2].1.clone();
    petstore_31["openapi"] = json!("3.1.0");
    bases.push(("petstore as 3.1".to_owned(), petstore_31));

    let mut checked = 0;
    let mut refused = 0;
    let mut disagreements = Vec::new();
    for (name, base) in &bases {
        let mut variants = vec![("as published", base.clone())];
        for (what, mutate) in mutations() {
            let mut doc = base.clone();
            mutate(&mut doc);
            variants.push((what, doc));
        }
        for (what, doc) in variants {
            let v31 = base["openapi"].as_str().is_some_and(|v| v.starts_with("3.1"));
            let (official, ours) = if v31 { (&official_31, &ours_31) } else { (&official_30, &ours_30) };
            let (expected, actual) = (official.is_valid(&doc), ours.is_valid(&doc));
            checked += 1;
            refused += usize::from(!expected);
            if expected != actual {
                disagreements.push(format!("{name}, {what}: official says valid={expected}, ours valid={actual}"));
            }
        }
    }
    eprintln!("oas3-schema: {checked} documents checked against the official schemas, {refused} invalid");
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
    // Every mutation but the extension member (and, in 3.1, the optional responses) breaks
    // every description.
    assert!(refused >= bases.len() * (mutations().len() - 2), "the mutations must break the descriptions");
}
