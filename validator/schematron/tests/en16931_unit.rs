//! The 1 140 official EN 16931 unit tests (`../shared/corpora/en16931/test`): every test
//! document, run through the UBL or CII Schematron, must give the outcome the test asserts
//! (`success`: the rule does not fire; `error`: it fires with `flag="fatal"`; `warning`: it
//! fires with `flag="warning"`), and no rule may fail to evaluate, except the tests of
//! `en16931-expected-failures.txt`, each named with the reason. A listed test that passes
//! fails the harness, so the list only shrinks.

use std::collections::BTreeMap;
use std::path::Path;

use conform_schematron::{OutcomeKind, Validator, read_file};

const EXPECTED_FAILURES: &str = "tests/en16931-expected-failures.txt";
const VEFA: &str = "http://difi.no/xsd/vefa/validator/1.0";

/// Runs every test of the `.xml` files of `dir` through `schema`; returns id → failure.
fn run_dir(schema: &Path, dir: &Path, label: &str) -> (usize, BTreeMap<String, String>) {
    let schema = read_file(schema).unwrap_or_else(|e| panic!("{e}"));
    let validator = Validator::compile(&schema, None).unwrap_or_else(|e| panic!("{e}"));
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("test dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
        .collect();
    files.sort();
    let mut count = 0;
    let mut failures = BTreeMap::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read test");
        let doc = roxmltree::Document::parse(&text).expect("test file parses");
        let name = file.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let tests = doc.root_element().children().filter(|c| c.has_tag_name((VEFA, "test")));
        for (index, test) in tests.enumerate() {
            count += 1;
            let id = format!("{label}/{name}#{}", index + 1);
            if let Some(failure) = run_test(&validator, &text, test) {
                failures.insert(id, failure);
            }
        }
    }
    (count, failures)
}

/// Runs one `test`; `None` when it gives the asserted outcome.
fn run_test(validator: &Validator, source: &str, test: roxmltree::Node<'_, '_>) -> Option<String> {
    let assert = test.children().find(|c| c.has_tag_name((VEFA, "assert")))?;
    let Some(document) = test.children().find(|c| c.is_element() && !c.has_tag_name((VEFA, "assert"))) else {
        return Some("no test document".into());
    };
    let report = match validator.validate(&source[document.range()]) {
        Ok(report) => report,
        Err(err) => return Some(format!("document not read: {err}")),
    };
    if let Some(error) = report.outcomes().find(|o| o.kind == OutcomeKind::Error) {
        return Some(format!("evaluation error: {}", error.message));
    }
    let fired = |id: &str, flag: Option<&str>| {
        report.outcomes().any(|o| o.id.as_deref() == Some(id) && flag.is_none_or(|f| o.flag.as_deref() == Some(f)))
    };
    for expectation in assert.children().filter(roxmltree::Node::is_element) {
        let rule = expectation.text().unwrap_or_default().trim();
        let ok = match expectation.tag_name().name() {
            "success" => !fired(rule, None),
            "error" => fired(rule, Some("fatal")),
            "warning" => fired(rule, Some("warning")),
            _ => true,
        };
        if !ok {
            return Some(format!("expected {} {rule}", expectation.tag_name().name()));
        }
    }
    None
}

fn expected_failures() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(EXPECTED_FAILURES))
        .expect("expected-failures list");
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (id, reason) = l.split_once('\t').unwrap_or((l, ""));
            (id.trim().to_owned(), reason.trim().to_owned())
        })
        .collect()
}

#[test]
fn en16931_unit_tests_match_the_expected_failures_list() {
    let Some(root) = conform_testing::corpus("en16931") else { return };
    let ubl = root.join("ubl/schematron/EN16931-UBL-validation.sch");
    let cii = root.join("cii/schematron/EN16931-CII-validation.sch");
    let groups = [
        (ubl.clone(), root.join("test/Invoice-unit-UBL"), "Invoice-unit-UBL"),
        (ubl, root.join("test/CreditNote-unit-UBL"), "CreditNote-unit-UBL"),
        (cii, root.join("test/cii"), "cii"),
    ];
    let results: Vec<_> = std::thread::scope(|scope| {
        let handles: Vec<_> =
            groups.iter().map(|(schema, dir, label)| scope.spawn(move || run_dir(schema, dir, label))).collect();
        handles.into_iter().map(|h| h.join().expect("group thread")).collect()
    });
    let total: usize = results.iter().map(|(n, _)| n).sum();
    let failures: BTreeMap<String, String> = results.into_iter().flat_map(|(_, f)| f).collect();
    let known = expected_failures();
    let unexpected: Vec<String> =
        failures.iter().filter(|(id, _)| !known.contains_key(*id)).map(|(id, why)| format!("{id}\t{why}")).collect();
    let fixed: Vec<&String> = known.keys().filter(|id| !failures.contains_key(*id)).collect();
    eprintln!("EN 16931 unit tests: {} of {total} give the asserted outcome", total - failures.len());
    assert_eq!(total, 1140, "the corpus holds 1 140 unit tests");
    assert!(
        unexpected.is_empty(),
        "unexpected failures (add a fix, or a line with the reason):\n{}",
        unexpected.join("\n")
    );
    assert!(fixed.is_empty(), "listed tests now pass: remove them from {EXPECTED_FAILURES}:\n{fixed:?}");
}

#[test]
fn en16931_ubl_examples_raise_no_fatal_assert_and_no_error() {
    let Some(root) = conform_testing::corpus("en16931") else { return };
    let schema = read_file(&root.join("ubl/schematron/EN16931-UBL-validation.sch")).unwrap_or_else(|e| panic!("{e}"));
    let validator = Validator::compile(&schema, None).unwrap_or_else(|e| panic!("{e}"));
    // As conform's later evaluator threads compile it: the same reports.
    let lazy = Validator::compile_lazy(&schema, None, &validator.native_rules()).unwrap_or_else(|e| panic!("{e}"));
    let mut problems = Vec::new();
    let mut count = 0;
    for entry in std::fs::read_dir(root.join("ubl/examples")).expect("examples").filter_map(Result::ok) {
        let path = entry.path();
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        count += 1;
        let report = validator.validate(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let again = lazy.validate(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(format!("{:?}", again.events), format!("{:?}", report.events), "{}", path.display());
        for o in report.outcomes() {
            if o.kind == OutcomeKind::Error || o.flag.as_deref() == Some("fatal") {
                problems.push(format!("{}: {:?} {:?} {}", path.display(), o.kind, o.id, o.message));
            }
        }
    }
    assert!(count > 10, "examples found: {count}");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
