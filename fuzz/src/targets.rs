//! The fuzz targets and their invariants, shared by the fuzzer (`fuzz/src/main.rs`) and the
//! replay of `fuzz/regressions/` in `cargo test` (`tests/fuzz_regressions.rs`): both run an
//! input through the real `conform` binary with the same arguments and judge it by the same
//! rules.
//!
//! Invariants (issue #24): no panic, abort or signal; exit 0, 1 or 2; time bounded per input
//! byte; standard output and standard error keep the rules of docs/output-safety.md for
//! their medium (no raw control, C1 or bidi character on a terminal, no line that starts a
//! CI workflow command from input, only XML characters in XML, JSON text in JSON).

use std::time::Duration;

/// Where an output goes, which decides the rules it must keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Medium {
    /// Terminal text (`human`, `stylish`, commands without `--format`, standard error).
    Terminal,
    /// GitHub Actions annotations: workflow commands, but only annotations.
    Github,
    /// Markdown (job summaries).
    Markdown,
    /// JSON (`json`, `sarif`, `codequality`).
    Json,
    /// XML (`junit`, `svrl`).
    Xml,
}

/// One fuzz target: how an input is run through `conform`.
#[derive(Debug)]
pub struct Target {
    /// The target's name (`fuzz/regressions/<name>/`).
    pub name: &'static str,
    /// The file name the input is written to, in an empty folder.
    pub input: &'static str,
    /// Files written next to it (name, content).
    pub support: &'static [(&'static str, &'static str)],
    /// The arguments of `conform`, run in that folder.
    pub args: &'static [&'static str],
    /// The medium of standard output.
    pub output: Medium,
    /// Seed files and folders, relative to the repository (`../shared/...`: shared corpora).
    pub seeds: &'static [&'static str],
    /// File name endings a seed folder's files must have to be used.
    pub exts: &'static [&'static str],
}

/// A JSON Schema whose findings quote instance values and keys.
const QUOTING_SCHEMA: &str = r#"{"properties": {"id": {"type": "integer"}, "name": {"maxLength": 3, "pattern": "^[a-z]*$"}},
 "additionalProperties": {"enum": [1]}, "items": {"type": "integer"}}"#;
/// A Table Schema for the CSV target.
const TABLE_SCHEMA: &str = r#"{"fields": [{"name": "id", "type": "integer", "constraints": {"required": true, "unique": true}},
 {"name": "name", "type": "string", "constraints": {"maxLength": 5}}, {"name": "day", "type": "date"}], "primaryKey": ["id"]}"#;
/// An XML Schema accepting anything under `r`.
const LAX_XSD: &str = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="r"><xs:complexType>
<xs:sequence><xs:any processContents="lax" minOccurs="0" maxOccurs="unbounded"/></xs:sequence>
<xs:anyAttribute processContents="lax"/></xs:complexType></xs:element></xs:schema>"#;
/// Schematron rules whose messages quote the document's values and names, for `out-svrl`.
const QUOTING_SCH: &str = r#"<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">
<pattern id="p"><rule context="*"><assert id="A-1" flag="fatal" test="not(@*)">attribute <value-of select="@*[1]"/></assert>
<report id="A-2" flag="warning" test="text()[normalize-space()]"><name/> holds <value-of select="text()[1]"/></report></rule>
<rule context="@*"><assert id="A-3" flag="information" test="string-length(.) lt 3"><name/> = <value-of select="."/></assert></rule></pattern>
</schema>
"#;
/// An invoice-like document for the Schematron target's schemas to run on.
const SCHEMATRON_DOC: &str = r#"<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
 xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
 xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2">
<cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID><cbc:ID schemeID="0088">1</cbc:ID>
<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
<cac:InvoiceLine><cbc:ID>1</cbc:ID><cbc:LineExtensionAmount currencyID="EUR">10.00</cbc:LineExtensionAmount>
<cac:Item><cbc:Name>x</cbc:Name><cac:ClassifiedTaxCategory><cbc:ID>S</cbc:ID><cbc:Percent>25</cbc:Percent>
<cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:ClassifiedTaxCategory></cac:Item></cac:InvoiceLine>
<cac:LegalMonetaryTotal><cbc:LineExtensionAmount currencyID="EUR">10.00</cbc:LineExtensionAmount></cac:LegalMonetaryTotal>
</Invoice>
"#;
/// A small OpenAPI description for the ruleset target.
const OPENAPI: &str = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {type: integer}\n              example: x\n";

const CHECK_JSON: &[&str] = &["check", "--no-config", "--schema", "s.schema.json", "in.json"];
const JSON_SEEDS: &[&str] = &["fixtures/samples", "fixtures/hostile", "fuzz/seeds/out", "fixtures/standards"];

/// Every target.
pub const TARGETS: &[Target] = &[
    Target {
        name: "json",
        input: "in.json",
        support: &[("s.schema.json", QUOTING_SCHEMA)],
        args: CHECK_JSON,
        output: Medium::Terminal,
        seeds: JSON_SEEDS,
        exts: &[".json"],
    },
    Target {
        name: "ndjson",
        input: "in.ndjson",
        support: &[("s.schema.json", QUOTING_SCHEMA)],
        args: &["check", "--no-config", "--schema", "s.schema.json", "in.ndjson"],
        output: Medium::Terminal,
        seeds: &["fixtures/samples", "fixtures/hostile", "fixtures/standards"],
        exts: &[".ndjson"],
    },
    Target {
        name: "yaml",
        input: "in.yaml",
        support: &[("s.schema.json", QUOTING_SCHEMA)],
        args: &["check", "--no-config", "--schema", "s.schema.json", "in.yaml"],
        output: Medium::Terminal,
        seeds: &["standards", "fixtures", "../shared/corpora/nl-adr"],
        exts: &[".yaml", ".yml"],
    },
    Target {
        name: "csv",
        input: "in.csv",
        support: &[("t.schema.json", TABLE_SCHEMA)],
        args: &["check", "--no-config", "--schema", "t.schema.json", "in.csv"],
        output: Medium::Terminal,
        seeds: &["fixtures/samples", "fixtures/hostile/csv", "fixtures/table-schema"],
        exts: &[".csv"],
    },
    Target {
        name: "table-schema",
        input: "t.schema.json",
        support: &[("data.csv", "id,name,day\n1,ab,2024-01-01\n2,abcdefg,x\n1,,\n")],
        args: &["check", "--no-config", "--schema", "t.schema.json", "data.csv"],
        output: Medium::Terminal,
        seeds: &["fixtures/table-schema", "standards"],
        exts: &["schema.json"],
    },
    Target {
        name: "xml",
        input: "in.xml",
        support: &[("e.xsd", LAX_XSD)],
        args: &["check", "--no-config", "--schema", "e.xsd", "in.xml"],
        output: Medium::Terminal,
        seeds: &["fixtures/samples", "fixtures/hostile/xml", "fixtures/xsd-suite"],
        exts: &[".xml"],
    },
    Target {
        name: "xsd",
        input: "s.xsd",
        support: &[("in.xml", "<r a=\"1\"><b>x</b><c/></r>\n")],
        args: &["check", "--no-config", "--schema", "s.xsd", "in.xml"],
        output: Medium::Terminal,
        seeds: &["fixtures/xsd-suite", "standards"],
        exts: &[".xsd"],
    },
    Target {
        name: "openapi",
        input: "api.yaml",
        support: &[("ruleset.yaml", "extends: [\"spectral:oas\"]\n")],
        args: &["check", "--no-config", "--ruleset", "ruleset.yaml", "--input-format", "yaml", "api.yaml"],
        output: Medium::Terminal,
        seeds: &["../shared/corpora/oasdiff", "../shared/corpora/nl-adr", "standards/interface"],
        exts: &[".yaml", ".yml", ".json"],
    },
    Target {
        name: "ruleset",
        input: "ruleset.yaml",
        support: &[("api.yaml", OPENAPI)],
        args: &["check", "--no-config", "--ruleset", "ruleset.yaml", "api.yaml"],
        output: Medium::Terminal,
        seeds: &["standards", "../shared/corpora/nl-adr", "fixtures"],
        exts: &["ruleset.yaml", "spectral.yaml", ".spectral.yml", "ruleset.yml"],
    },
    Target {
        name: "bpmn",
        input: "in.bpmn",
        support: &[(".bpmnlintrc", "{\"extends\": \"bpmnlint:recommended\"}\n")],
        args: &["check", "--no-config", "--ruleset", ".bpmnlintrc", "in.bpmn"],
        output: Medium::Terminal,
        seeds: &["fixtures/samples", "fixtures/hostile/xml", "../shared/corpora/bpmnlint/fixtures"],
        exts: &[".bpmn"],
    },
    Target {
        name: "catalog",
        input: "catalog.toml",
        support: &[],
        args: &["catalog", "lint", "."],
        output: Medium::Terminal,
        seeds: &["standards/catalog.toml"],
        exts: &["catalog.toml"],
    },
    Target {
        name: "config",
        input: "conform.toml",
        support: &[("a.json", "{\"id\": 1}\n"), ("s.schema.json", QUOTING_SCHEMA)],
        args: &["check", "--schema", "s.schema.json"],
        output: Medium::Terminal,
        seeds: &["fixtures/certify", "fuzz/seeds/config"],
        exts: &["conform.toml"],
    },
    Target {
        name: "verify",
        input: "report.json",
        support: &[],
        args: &["verify", "--allow-unsigned", "report.json"],
        output: Medium::Terminal,
        seeds: &["fuzz/seeds/verify"],
        exts: &[".json"],
    },
    Target {
        name: "schematron",
        input: "rules.sch",
        support: &[("in.xml", SCHEMATRON_DOC)],
        args: &["check", "--no-config", "--schema", "rules.sch", "in.xml"],
        output: Medium::Terminal,
        seeds: &[
            "fuzz/seeds/schematron",
            "../shared/corpora/en16931/ubl/schematron/preprocessed",
            "../shared/corpora/en16931/cii/schematron/preprocessed",
        ],
        exts: &[".sch"],
    },
    output_target("out-human", "human", Medium::Terminal),
    output_target("out-json", "json", Medium::Json),
    output_target("out-sarif", "sarif", Medium::Json),
    output_target("out-junit", "junit", Medium::Xml),
    output_target("out-github", "github", Medium::Github),
    output_target("out-markdown", "markdown", Medium::Markdown),
    output_target("out-codequality", "codequality", Medium::Json),
    output_target("out-stylish", "stylish", Medium::Terminal),
    Target {
        name: "out-svrl",
        input: "in.xml",
        support: &[("rules.sch", QUOTING_SCH)],
        args: &["check", "--no-config", "--schema", "rules.sch", "--format", "svrl", "in.xml"],
        output: Medium::Xml,
        seeds: &["fuzz/seeds/out-svrl", "fixtures/hostile/xml"],
        exts: &[".xml", ".bpmn"],
    },
];

/// A target rendering findings on a JSON document in one output format.
const fn output_target(name: &'static str, format: &'static str, output: Medium) -> Target {
    Target {
        name,
        input: "in.json",
        support: &[("s.schema.json", QUOTING_SCHEMA)],
        args: match format.as_bytes() {
            b"human" => &["check", "--no-config", "--schema", "s.schema.json", "--format", "human", "in.json"],
            b"json" => &["check", "--no-config", "--schema", "s.schema.json", "--format", "json", "in.json"],
            b"sarif" => &["check", "--no-config", "--schema", "s.schema.json", "--format", "sarif", "in.json"],
            b"junit" => &["check", "--no-config", "--schema", "s.schema.json", "--format", "junit", "in.json"],
            b"github" => &["check", "--no-config", "--schema", "s.schema.json", "--format", "github", "in.json"],
            b"markdown" => &["check", "--no-config", "--schema", "s.schema.json", "--format", "markdown", "in.json"],
            b"codequality" => {
                &["check", "--no-config", "--schema", "s.schema.json", "--format", "codequality", "in.json"]
            }
            _ => &["check", "--no-config", "--schema", "s.schema.json", "--format", "stylish", "in.json"],
        },
        output,
        seeds: JSON_SEEDS,
        exts: &[".json"],
    }
}

/// The target named `name`.
pub fn target(name: &str) -> Option<&'static Target> {
    TARGETS.iter().find(|t| t.name == name)
}

/// The longest a run may take on an input of `len` bytes.
pub fn time_limit(len: usize) -> Duration {
    Duration::from_secs(10) + Duration::from_millis(u64::try_from(len / 1000).unwrap_or(u64::MAX))
}

/// Judges one run: `code` is the exit code (`None`: killed by a signal).
pub fn judge(
    target: &Target,
    code: Option<i32>,
    elapsed: Duration,
    input_len: usize,
    stdout: &[u8],
    stderr: &[u8],
) -> Result<(), String> {
    let err_text = String::from_utf8_lossy(stderr);
    if err_text.contains("panicked at") || err_text.contains("overflowed its stack") {
        return Err(format!("panic or overflow: {}", first_line(&err_text)));
    }
    match code {
        None => return Err("killed by a signal".to_owned()),
        Some(0..=2) => {}
        Some(other) => return Err(format!("exit {other}: {}", first_line(&err_text))),
    }
    if elapsed > time_limit(input_len) {
        return Err(format!("took {elapsed:?} on {input_len} bytes"));
    }
    check_medium(Medium::Terminal, stderr).map_err(|e| format!("standard error: {e}"))?;
    check_medium(target.output, stdout).map_err(|e| format!("standard output: {e}"))
}

fn first_line(text: &str) -> &str {
    text.lines().find(|l| !l.trim().is_empty()).unwrap_or("")
}

/// Whether `c` changes what a terminal shows or does (C0 but tab and line feed, DEL, C1,
/// bidirectional controls, line and paragraph separators).
fn hazardous(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
}

/// The rules of `medium` on `bytes`.
pub fn check_medium(medium: Medium, bytes: &[u8]) -> Result<(), String> {
    let text = std::str::from_utf8(bytes).map_err(|e| format!("not UTF-8 at byte {}", e.valid_up_to()))?;
    let at = |offset: usize| {
        let line = text[..offset].matches('\n').count() + 1;
        format!("line {line}: {:?}", text[offset..].lines().next().unwrap_or("").chars().take(60).collect::<String>())
    };
    match medium {
        Medium::Terminal | Medium::Markdown | Medium::Github => {
            // A carriage return ending a line (CRLF, or the end of the text) starts nothing.
            let line_end = |i: usize| text.as_bytes().get(i + 1).is_none_or(|&b| b == b'\n');
            if let Some((i, c)) = text.char_indices().find(|&(i, c)| hazardous(c) && !(c == '\r' && line_end(i))) {
                return Err(format!("raw U+{:04X} at {}", u32::from(c), at(i)));
            }
        }
        Medium::Json => {
            // JSON escapes C0 controls; other characters are data and kept as the value holds them.
            if let Some((i, c)) = text.char_indices().find(|&(_, c)| c < ' ' && c != '\n') {
                return Err(format!("raw U+{:04X} in JSON at {}", u32::from(c), at(i)));
            }
            let trimmed = text.trim();
            let json_text = trimmed.starts_with(['{', '[']) && trimmed.ends_with(['}', ']']);
            if !trimmed.is_empty() && !json_text {
                return Err("not a JSON text".to_owned());
            }
        }
        Medium::Xml => {
            let bad = |c: char| {
                (c.is_control() && !matches!(c, '\n' | '\t' | '\r') && u32::from(c) < 0x20)
                    || matches!(c, '\u{fffe}' | '\u{ffff}')
            };
            if let Some((i, c)) = text.char_indices().find(|&(_, c)| bad(c)) {
                return Err(format!("U+{:04X} is not an XML character, at {}", u32::from(c), at(i)));
            }
        }
    }
    // No line may start a workflow command, except the annotations of the github format.
    for line in text.lines() {
        let start = line.trim_start();
        if start.starts_with("::") {
            let annotation = ["::error", "::warning", "::notice"].iter().any(|p| start.starts_with(p));
            if medium != Medium::Github || !annotation || line != start {
                return Err(format!("a line starts a workflow command: {:?}", &start[..start.len().min(60)]));
            }
        }
    }
    Ok(())
}
