//! Schematron semantics and fail-closed behaviour on small schemas.

use std::path::Path;

use conform_schematron::{OutcomeKind, Report, Schema, SchemaError, Validator, read};

fn schema(text: &str) -> Result<Schema, SchemaError> {
    let owned = text.to_owned();
    read(Path::new("test.sch"), &move |_: &Path| Ok(owned.clone()))
}

/// Validates `xml`, and checks that a lazily compiled validator (as conform's later
/// evaluator threads use) gives the same report.
fn run(sch: &str, xml: &str) -> Report {
    let schema = schema(sch).unwrap_or_else(|e| panic!("{e}"));
    let validator = Validator::compile(&schema, None).unwrap_or_else(|e| panic!("{e}"));
    let report = validator.validate(xml).unwrap_or_else(|e| panic!("{e}"));
    let lazy = Validator::compile_lazy(&schema, None, &validator.native_rules()).unwrap_or_else(|e| panic!("{e}"));
    let again = lazy.validate(xml).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(format!("{:?}", again.events), format!("{:?}", report.events), "lazy compile differs");
    report
}

const HEAD: &str = r#"<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">"#;

#[test]
fn first_matching_rule_wins_and_messages_are_evaluated() {
    let sch = format!(
        r#"{HEAD}<let name="limit" value="2"/><pattern id="p">
        <rule context="b[@x]"><assert id="A" flag="fatal" test="false()">first <value-of select="@x"/> in <name/></assert></rule>
        <rule context="b"><let name="n" value="count(../b)"/><report id="R" flag="warning" test="$n gt $limit">n=<value-of select="$n"/></report></rule>
        </pattern></schema>"#
    );
    let report = run(&sch, "<a><b x='1'/><b/><b/></a>");
    let outcomes: Vec<_> =
        report.outcomes().map(|o| (o.id.clone().unwrap_or_default(), o.message.clone(), o.line, o.column)).collect();
    assert_eq!(
        outcomes,
        vec![
            ("A".into(), "first 1 in b".into(), 1, 4),
            ("R".into(), "n=3".into(), 1, 14),
            ("R".into(), "n=3".into(), 1, 18),
        ]
    );
}

#[test]
fn abstract_patterns_are_instantiated_with_parameters() {
    let sch = format!(
        r#"{HEAD}<pattern abstract="true" id="t"><rule context="$ctx"><assert id="X" test="$ok">m</assert></rule></pattern>
        <pattern is-a="t" id="c"><param name="ctx" value="a"/><param name="ok" value="exists(b)"/></pattern></schema>"#
    );
    assert_eq!(run(&sch, "<a><c/></a>").outcomes().count(), 1);
    assert_eq!(run(&sch, "<a><b/></a>").outcomes().count(), 0);
}

#[test]
fn dynamic_errors_are_outcomes_never_passes() {
    let sch = format!(
        r#"{HEAD}<pattern><rule context="a"><assert id="E" test="xs:integer('x') = 1">m</assert></rule></pattern></schema>"#
    );
    let report = run(&sch, "<a/>");
    let kinds: Vec<_> = report.outcomes().map(|o| o.kind).collect();
    assert_eq!(kinds, vec![OutcomeKind::Error]);
}

#[test]
fn endless_recursion_ends_with_an_error_outcome() {
    let sch = format!(
        r#"{HEAD}<pattern><rule context="a"><assert id="E" test="let $f := function($f, $n) {{ $f($f, $n + 1) }} return $f($f, 0)">m</assert></rule></pattern></schema>"#
    );
    let report = run(&sch, "<a/>");
    assert!(report.outcomes().all(|o| o.kind == OutcomeKind::Error));
    assert_eq!(report.outcomes().count(), 1);
}

/// Nesting costs linear parse time (xee-xpath-ast's comparison level parsed each operand
/// twice: 2^40 parses for these, vendor/README.md): each compiles and runs.
#[test]
fn deeply_nested_expressions_compile() {
    let depth = 40;
    for (open, close) in [("(", ")"), ("not(not(", "))"), ("a[", "]")] {
        let test = format!("{}b{}", open.repeat(depth), close.repeat(depth));
        let sch = format!(
            r#"{HEAD}<pattern><rule context="a"><assert id="N" test="{test} or true()">m</assert></rule></pattern></schema>"#
        );
        let report = run(&sch, "<a><b/></a>");
        assert_eq!(report.outcomes().count(), 0, "{test}");
    }
}

/// Past the nesting and length bounds an expression is a schema error naming the bound,
/// before xee-xpath recurses into it.
#[test]
fn expressions_past_the_bounds_are_schema_errors() {
    for (test, needle) in [
        (format!("{}b{}", "(".repeat(300), ")".repeat(300)), "nested brackets"),
        (format!("{}b{}", "a[".repeat(300), "]".repeat(300)), "nested brackets"),
        (vec!["b"; 3000].join(" + "), "tokens"),
    ] {
        let sch = format!(
            r#"{HEAD}<pattern><rule context="a"><assert id="N" test="{test}">m</assert></rule></pattern></schema>"#
        );
        let err = Validator::compile(&schema(&sch).expect("reads"), None).err().expect("a schema error");
        assert!(err.to_string().contains(needle), "{err}");
        assert!(err.to_string().len() < 400, "the message quotes the start of the expression only: {err}");
    }
}

#[test]
fn unsupported_constructs_are_schema_errors() {
    for (sch, needle) in [
        (r#"<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="foo"/>"#, "unknown queryBinding"),
        (&format!(r#"{HEAD}<pattern><rule context="a"><bogus/></rule></pattern></schema>"#) as &str, "`bogus`"),
        (&format!(r#"{HEAD}<pattern><rule context="a" visit-each="x"/></pattern></schema>"#), "visit-each"),
        (
            &format!(r#"{HEAD}<xsl:function xmlns:xsl="http://www.w3.org/1999/XSL/Transform" name="f"/></schema>"#),
            "XSLT",
        ),
    ] {
        let err = schema(sch).expect_err(sch);
        assert!(err.to_string().contains(needle), "{err}");
    }
    // Tests in the shapes decided without XPath too: an undeclared prefix, a wrong arity,
    // a malformed path are the schema's errors, as xee-xpath reports them.
    for test in ["unknown-fn()", "not(undeclared:x)", "exists(a, b)", "count(a) = ", "not(a//)", "contains(a)"] {
        let bad_xpath =
            format!(r#"{HEAD}<pattern><rule context="a"><assert test="{test}">m</assert></rule></pattern></schema>"#);
        assert!(Validator::compile(&schema(&bad_xpath).expect("reads"), None).is_err(), "{test}");
    }
}

#[test]
fn phases_select_patterns() {
    let sch = format!(
        r#"{HEAD}<phase id="one"><active pattern="p1"/></phase>
        <pattern id="p1"><rule context="a"><assert id="P1" test="false()">m</assert></rule></pattern>
        <pattern id="p2"><rule context="a"><assert id="P2" test="false()">m</assert></rule></pattern></schema>"#
    );
    let schema = schema(&sch).expect("reads");
    let one = Validator::compile(&schema, Some("one")).expect("compiles").validate("<a/>").expect("runs");
    assert_eq!(one.outcomes().count(), 1);
    let all = Validator::compile(&schema, Some("#ALL")).expect("compiles").validate("<a/>").expect("runs");
    assert_eq!(all.outcomes().count(), 2);
    assert!(Validator::compile(&schema, Some("nope")).is_err());
}

#[test]
fn svrl_lists_patterns_rules_and_failed_asserts() {
    let sch = format!(
        r#"{HEAD}<title>T &amp; U</title><pattern id="p"><rule context="a"><assert id="A" flag="fatal" test="false()">x &lt; y</assert></rule></pattern></schema>"#
    );
    let svrl = conform_schematron::svrl::to_svrl(&run(&sch, "<a/>"));
    assert!(svrl.contains(r#"title="T &amp; U""#), "{svrl}");
    assert!(svrl.contains(r#"<svrl:active-pattern id="p" name="p"/>"#), "{svrl}");
    assert!(svrl.contains(r#"<svrl:fired-rule context="a"/>"#), "{svrl}");
    assert!(
        svrl.contains(
            r#"<svrl:failed-assert test="false()" id="A" flag="fatal" location="/*:a[namespace-uri()=''][1]">"#
        ),
        "{svrl}"
    );
    assert!(svrl.contains("<svrl:text>x &lt; y</svrl:text>"), "{svrl}");
    assert!(roxmltree::Document::parse(&svrl).is_ok());
}

#[test]
fn a_cancelled_evaluation_ends_with_an_error_outcome() {
    let sch = format!(
        r#"{HEAD}<pattern><rule context="/*">
        <assert id="H" test="every $i in 1 to 100000, $j in 1 to 100000 satisfies $i + $j gt 0">x</assert>
        </rule></pattern></schema>"#
    );
    // Set before the run, so the first instruction stops it: without the flag this runs for minutes.
    conform_schematron::cancel_on(Some(std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true))));
    let report = run(&sch, "<a/>");
    conform_schematron::cancel_on(None);
    let outcomes: Vec<_> = report.outcomes().map(|o| (o.kind, o.id.clone(), o.message.clone())).collect();
    assert_eq!(outcomes.len(), 1, "{outcomes:?}");
    assert_eq!(outcomes[0].0, OutcomeKind::Error, "{outcomes:?}");
    assert_eq!(outcomes[0].1.as_deref(), Some("H"), "{outcomes:?}");
    assert!(outcomes[0].2.contains("XPath error: cancelled: the evaluation was cancelled"), "{outcomes:?}");

    // The flag taken away, the thread evaluates again.
    let report = run(&sch.replace("100000", "10"), "<a/>");
    assert_eq!(report.outcomes().count(), 0);
}
