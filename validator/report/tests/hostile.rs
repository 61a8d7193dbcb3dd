//! Output nobody can hijack: values that come from inputs (messages quoting them, file
//! names, locators, source snippets) carry terminal escapes, line breaks that would start a
//! CI workflow command, bidirectional overrides, Markdown links and characters XML
//! forbids. Every format must neutralise them for its medium, and a snippet of a very
//! long line must render (cut around the span) in every format.

use std::sync::Arc;

use conform_diagnostics::{Diagnostic, Level, LineCol, Location, Locator, Severity, Span};
use conform_report::{
    HumanOptions, OutputFormat, Report, RunDetails, Skipped, SourceProvider, SourceWindow, ToolError, render_with,
};

const EVIL: &str = "\u{1b}]8;;http://evil\u{7}x\u{1b}[2J\r\n::error::pwned\u{2028}::set-output name=a::b\u{202e}[link](http://evil) a\\|b \u{fffe}\u{1}\u{9b}31m\u{feff}";

/// One line of 300 000 characters with the hostile text in the middle.
fn long_line() -> String {
    format!("{}{EVIL}{}\n", "a".repeat(150_000), "b".repeat(150_000))
}

struct Hostile;

impl SourceProvider for Hostile {
    fn window(&self, _file: &str, _span: Span, _line: usize) -> Option<SourceWindow> {
        Some(SourceWindow { text: long_line(), offset: 0, first_line: 1 })
    }
}

fn report() -> Report {
    let start = 150_000;
    let location = Location {
        start: LineCol { line: 1, column: 150_001 },
        end: LineCol { line: 1, column: 150_001 + u32::try_from(EVIL.chars().count()).unwrap() },
    };
    let diagnostic = Diagnostic {
        file: Arc::from(format!("dir/{EVIL}.json").as_str()),
        span: Span::new(start, start + EVIL.len()),
        location: Some(location),
        locator: Locator::Pointer(format!("/{EVIL}")),
        // Rule ids and URLs come from rulesets: inputs too.
        rule: Arc::from(format!("rest-api:{EVIL}").as_str()),
        requirement: None,
        standard: None,
        version: None,
        level: Level::Must,
        severity: Severity::Error,
        message: format!("\"{EVIL}\" is not valid"),
        help: Some(format!("remove {EVIL}")),
        url: Some(Arc::from(format!("https://example.org/{EVIL}").as_str())),
    };
    Report {
        tool_version: "0.1.0".to_owned(),
        catalog: None,
        files: 1,
        diagnostics: vec![diagnostic],
        errors: vec![ToolError { file: Some(format!("{EVIL}.yaml")), message: format!("cannot read {EVIL}") }],
        skipped: vec![Skipped { file: format!("{EVIL}.txt"), reason: EVIL.to_owned() }],
        dropped: 0,
        parameters: Vec::new(),
    }
}

fn render(format: OutputFormat) -> String {
    let mut out = Vec::new();
    let options = HumanOptions { color: false, width: 100, links: false, snippets: true };
    render_with(&report(), &RunDetails::default(), format, options, &Hostile, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// Characters a terminal or CI runner acts on (line feed and tab excepted).
fn raw_hazard(c: char) -> bool {
    c != '\n' && c != '\t' && conform_report::neutral::is_hazard(c)
}

/// No line starts a workflow command unless the format is the GitHub one and the command
/// is its own annotation.
fn assert_no_injected_commands(format: OutputFormat, text: &str) {
    for line in text.lines() {
        let trimmed = line.trim_start();
        if format == OutputFormat::Github {
            assert!(
                ["::error ", "::warning ", "::notice "].iter().any(|p| trimmed.starts_with(p)),
                "{format:?}: unexpected line {line:?}"
            );
        } else {
            assert!(!trimmed.starts_with("::"), "{format:?}: a line starts a workflow command: {line:?}");
        }
    }
}

/// Text formats show hazards visibly; machine formats escape them.
#[test]
fn every_format_neutralises_input_text() {
    for format in [
        OutputFormat::Human,
        OutputFormat::Stylish,
        OutputFormat::Github,
        OutputFormat::Markdown,
        OutputFormat::Junit,
        OutputFormat::Json,
        OutputFormat::Sarif,
        OutputFormat::Codequality,
    ] {
        let text = render(format);
        if matches!(format, OutputFormat::Json | OutputFormat::Sarif | OutputFormat::Codequality) {
            // JSON keeps values faithful and writes every hazard as a `\uXXXX` escape.
            assert!(!text.chars().any(raw_hazard), "{format:?} writes a raw hazard");
            assert!(text.contains("\\u009b31m"), "{format:?} does not escape C1 controls");
        } else if format == OutputFormat::Junit {
            // Machine formats keep values faithful but never write a raw C0 control (JSON
            // escapes them; XML cannot carry them).
            let raw = |c: char| c.is_ascii_control() && !matches!(c, '\n' | '\r' | '\t');
            assert!(!text.chars().any(raw), "{format:?} writes a raw control");
        } else {
            assert!(!text.chars().any(raw_hazard), "{format:?} lets a control character through");
        }
        assert_no_injected_commands(format, &text);
        if format == OutputFormat::Markdown {
            assert!(!text.contains("[link](http"), "markdown renders a link from input");
            assert!(!text.contains("a\\|b"), "markdown lets `\\|` end a table cell");
        }
    }
}

#[test]
fn junit_with_hostile_text_is_well_formed_xml() {
    let text = render(OutputFormat::Junit);
    assert!(!text.contains('\u{fffe}'), "junit writes U+FFFE");
    quick_junit::Report::deserialize_from_str(&text).expect("well-formed JUnit XML");
}

#[test]
fn human_snippet_of_a_long_line_is_cut_around_the_value() {
    let text = render(OutputFormat::Human);
    assert!(text.len() < 20_000, "the snippet repeats the long line: {} bytes", text.len());
    assert!(text.contains(":1:150001]"), "header keeps the real column:\n{text}");
    assert!(text.contains("␛[2J"), "the escape is shown visibly:\n{text}");
    let snippet_lines = text.lines().filter(|line| line.trim_start().starts_with(|c: char| c.is_ascii_digit()));
    for line in snippet_lines {
        assert!(line.chars().count() <= 120, "snippet line not cut: {} chars", line.chars().count());
    }
}

#[test]
fn svrl_with_hostile_text_is_well_formed_xml_or_refused() {
    // The hostile report has a tool error and a skipped input: SVRL cannot say so.
    let mut out = Vec::new();
    let options = HumanOptions { color: false, width: 100, links: false, snippets: true };
    let refused = render_with(&report(), &RunDetails::default(), OutputFormat::Svrl, options, &Hostile, &mut out);
    assert!(refused.is_err() && out.is_empty(), "svrl wrote a failed run");
    let mut one = report();
    one.errors.clear();
    one.skipped.clear();
    render_with(&one, &RunDetails::default(), OutputFormat::Svrl, options, &Hostile, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    let raw = |c: char| c.is_control() && !matches!(c, '\n');
    assert!(!text.chars().any(raw), "svrl writes a raw control");
    assert!(!text.contains('\u{fffe}'), "svrl writes U+FFFE");
    let doc = roxmltree::Document::parse(&text).expect("well-formed SVRL");
    let text_of = doc.descendants().find(|n| n.has_tag_name("text")).and_then(|n| n.text()).unwrap();
    assert!(text_of.contains("::error::pwned"), "the message is kept: {text_of}");
}
