//! Every output format, snapshot-tested on one shared set of diagnostics.
//!
//! The set covers each locator kind (JSON pointer, document root, element path, CSV cell,
//! none), each severity, a syntax error outside any standard, a diagnostic without a position,
//! and text that needs escaping in every format (`%`, `,`, `:`, `|`, `<`, `&`, line breaks,
//! quotes, spaces and non-ASCII in file names).

use std::sync::Arc;

use conform_diagnostics::{Diagnostic, Level, LineCol, Location, Locator, Severity, Span};
use conform_report::{
    CatalogInfo, CheckedFile, HumanOptions, NoSources, OutputFormat, Report, RuleInfo, RunDetails, SourceProvider,
    SourceWindow, Suppressed, render_with,
};

const PEOPLE: &str = "{\"id\": \"1\", \"birthDate\": \"1980-01-01\"}\n{\"id\": \"2\", \"birthDate\": \"1992-13-15\"}\n{\"id\": \"3\"}\n{\"id\": \"4\"\n";
const BUDGET: &str = "year,amount\n2025,100\n2026,\"12,5\"\n";
const PROCESS: &str = "<definitions>\n  <process id=\"p1\">\n    <task id=\"t:1\"/>\n  </process>\n</definitions>\n";

/// Serves the texts above.
struct Texts;

impl SourceProvider for Texts {
    fn window(&self, file: &str, _span: Span, _line: usize) -> Option<SourceWindow> {
        let text = match file {
            "exports/people.ndjson" => PEOPLE,
            "./budget 2026.csv" => BUDGET,
            "models/prozeß.bpmn" => PROCESS,
            _ => return None,
        };
        Some(SourceWindow { text: text.to_owned(), offset: 0, first_line: 1 })
    }
}

#[expect(clippy::unnecessary_wraps, reason = "diagnostics hold an optional location")]
fn at(line: u32, column: u32, end_line: u32, end_column: u32) -> Option<Location> {
    Some(Location { start: LineCol { line, column }, end: LineCol { line: end_line, column: end_column } })
}

struct Rule {
    id: &'static str,
    standard: Option<(&'static str, &'static str)>,
    level: Level,
    title: &'static str,
}

const PERSON_001: Rule = Rule {
    id: "PERSON-001",
    standard: Some(("person", "1.1.0")),
    level: Level::Must,
    title: "A record conforms to the person schema",
};
const PERSON_003: Rule = Rule {
    id: "PERSON-003",
    standard: Some(("person", "1.1.0")),
    level: Level::Should,
    title: "A record gives a contact e-mail address",
};
const BUDGET_002: Rule =
    Rule { id: "BUDGET-002", standard: Some(("budget", "1.0.0")), level: Level::Must, title: "Amounts are numbers" };
const PROCESS_004: Rule =
    Rule { id: "PROCESS-004", standard: Some(("process", "2.0.0")), level: Level::May, title: "Tasks are documented" };
const SYNTAX: Rule = Rule { id: "syntax", standard: None, level: Level::Must, title: "syntax" };

fn url(rule: &Rule) -> Option<String> {
    rule.standard
        .map(|(id, version)| format!("https://conform.dev/standards/{id}/{version}/{}", rule.id.to_lowercase()))
}

fn diagnostic(
    file: &str,
    rule: &Rule,
    span: (usize, usize),
    location: Option<Location>,
    locator: Locator,
    message: &str,
    help: Option<&str>,
) -> Diagnostic {
    Diagnostic {
        file: Arc::from(file),
        span: Span::new(span.0, span.1),
        location,
        locator,
        rule: Arc::from(rule.id),
        requirement: None,
        standard: rule.standard.map(|(id, _)| Arc::from(id)),
        version: rule.standard.map(|(_, version)| Arc::from(version)),
        level: rule.level,
        severity: rule.level.severity(),
        message: message.to_owned(),
        help: help.map(str::to_owned),
        url: url(rule).map(Arc::from),
    }
}

/// The shared diagnostics.
fn report() -> Report {
    let diagnostics = vec![
        diagnostic(
            "./budget 2026.csv",
            &BUDGET_002,
            (24, 30),
            at(3, 6, 3, 12),
            Locator::Cell { row: 3, field: Some("amount".to_owned()) },
            "`12,5` is not a number: use a point | not a comma (100% sure)",
            Some("Write 12.5."),
        ),
        diagnostic(
            "docs/read me.xml",
            &PROCESS_004,
            (0, 0),
            None,
            Locator::None,
            "the file documents no process",
            None,
        ),
        diagnostic(
            "exports/people.ndjson",
            &PERSON_001,
            (66, 78),
            at(2, 27, 2, 39),
            Locator::Pointer("/birthDate".to_owned()),
            "\"1992-13-15\" is not a \"date\"",
            Some("Correct the field named in the finding so the record matches person.schema.json."),
        ),
        diagnostic(
            "exports/people.ndjson",
            &PERSON_003,
            (81, 92),
            at(3, 1, 3, 12),
            Locator::Pointer(String::new()),
            "\"email\" is a required property",
            Some("Add the citizen's `email` when it is known to the agency."),
        ),
        diagnostic(
            "exports/people.ndjson",
            &SYNTAX,
            (104, 104),
            at(4, 12, 4, 12),
            Locator::None,
            "EOF while parsing an object",
            None,
        ),
        diagnostic(
            "models/prozeß.bpmn",
            &PROCESS_004,
            (53, 70),
            at(3, 5, 3, 22),
            Locator::Path("/definitions/process[@id='p1']/task[@id='t:1']".to_owned()),
            "task <t:1> has no documentation & no name\nsecond line",
            Some("Add a <documentation> element."),
        ),
    ];
    Report {
        tool_version: "0.1.0".to_owned(),
        catalog: Some(CatalogInfo {
            id: "conform-default".to_owned(),
            version: "2026.1".to_owned(),
            digest: "sha256:0123".to_owned(),
        }),
        files: 4,
        diagnostics,
        errors: Vec::new(),
        skipped: Vec::new(),
        dropped: 0,
        parameters: Vec::new(),
    }
}

fn rule_info(rule: &Rule) -> RuleInfo {
    RuleInfo {
        id: rule.id.to_owned(),
        standard: rule.standard.map(|(id, _)| id.to_owned()),
        version: rule.standard.map(|(_, version)| version.to_owned()),
        title: rule.title.to_owned(),
        rationale: Some(format!("Why {} matters.", rule.id)),
        url: url(rule),
        level: rule.level,
        severity: rule.level.severity(),
    }
}

/// What the run knew: the rules (PERSON-002 passed everywhere) and the rules checked per file.
fn details() -> RunDetails {
    let person_002 = Rule {
        id: "PERSON-002",
        standard: Some(("person", "1.1.0")),
        level: Level::Must,
        title: "The identifier has a valid check character",
    };
    RunDetails {
        rules: [&PERSON_001, &person_002, &PERSON_003, &BUDGET_002, &PROCESS_004].into_iter().map(rule_info).collect(),
        checked: vec![
            CheckedFile { file: "./budget 2026.csv".to_owned(), rules: vec![3] },
            CheckedFile { file: "docs/read me.xml".to_owned(), rules: vec![4] },
            CheckedFile { file: "exports/people.ndjson".to_owned(), rules: vec![0, 1, 2] },
            CheckedFile { file: "models/prozeß.bpmn".to_owned(), rules: vec![4] },
        ],
        suppressed: Some(Suppressed { baseline: 3, fixed: 1 }),
    }
}

fn rendered(format: OutputFormat, details: &RunDetails) -> String {
    let mut out = Vec::new();
    let options = HumanOptions { color: false, width: 100, links: false, snippets: true };
    render_with(&report(), details, format, options, &Texts, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn sarif() {
    insta::assert_snapshot!(rendered(OutputFormat::Sarif, &details()));
}

#[test]
fn junit() {
    insta::assert_snapshot!(rendered(OutputFormat::Junit, &details()));
}

#[test]
fn github() {
    insta::assert_snapshot!(rendered(OutputFormat::Github, &details()));
}

#[test]
fn markdown() {
    insta::assert_snapshot!(rendered(OutputFormat::Markdown, &details()));
}

#[test]
fn codequality() {
    insta::assert_snapshot!(rendered(OutputFormat::Codequality, &details()));
}

#[test]
fn human() {
    insta::assert_snapshot!(rendered(OutputFormat::Human, &details()));
}

#[test]
fn json() {
    insta::assert_snapshot!(rendered(OutputFormat::Json, &details()));
}

/// Without run details, formats fall back to what the diagnostics say.
#[test]
fn sarif_and_junit_without_details() {
    let sarif: serde_json::Value =
        serde_json::from_str(&rendered(OutputFormat::Sarif, &RunDetails::default())).unwrap();
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["BUDGET-002", "PROCESS-004", "PERSON-001", "PERSON-003", "syntax"]);
    let junit =
        quick_junit::Report::deserialize_from_str(&rendered(OutputFormat::Junit, &RunDetails::default())).unwrap();
    assert_eq!(junit.test_suites.len(), 4);
    assert_eq!(junit.failures, 3);
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let Some(path) = conform_testing::corpus("schemas/sarif-schema-2.1.0.json") else { return };
    let schema: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let validator = jsonschema::options().should_validate_formats(true).build(&schema).unwrap();
    for details in [details(), RunDetails::default()] {
        let sarif: serde_json::Value = serde_json::from_str(&rendered(OutputFormat::Sarif, &details)).unwrap();
        let errors: Vec<String> =
            validator.iter_errors(&sarif).map(|e| format!("{e} at {}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{errors:#?}");
    }
}

#[test]
fn junit_parses_back() {
    let junit = quick_junit::Report::deserialize_from_str(&rendered(OutputFormat::Junit, &details())).unwrap();
    let suites: Vec<(&str, usize, usize)> =
        junit.test_suites.iter().map(|s| (s.name.as_str(), s.tests, s.failures)).collect();
    assert_eq!(
        suites,
        [
            ("budget 2026.csv", 1, 1),
            ("docs/read me.xml", 1, 0),
            ("exports/people.ndjson", 4, 2),
            ("models/prozeß.bpmn", 1, 0)
        ]
    );
}

#[test]
fn fingerprints_ignore_line_shifts() {
    struct Shifted;
    impl SourceProvider for Shifted {
        fn window(&self, _file: &str, _span: Span, _line: usize) -> Option<SourceWindow> {
            Some(SourceWindow { text: format!("{}{PEOPLE}", "x".repeat(499) + "\n"), offset: 0, first_line: 1 })
        }
    }
    let original = report().diagnostics[2].clone();
    let mut shifted = original.clone();
    shifted.location = at(12, 27, 12, 39);
    shifted.span = Span::new(original.span.start + 500, original.span.end + 500);
    let fingerprint = conform_report::fingerprint::fingerprint;
    assert_eq!(fingerprint(&original, &Texts), fingerprint(&shifted, &Shifted));
    let mut other = original.clone();
    other.rule = Arc::from("PERSON-002");
    assert_ne!(fingerprint(&original, &Texts), fingerprint(&other, &Texts));
    assert_ne!(fingerprint(&original, &Texts), fingerprint(&original, &NoSources));
    let _ = Severity::Error;
}
