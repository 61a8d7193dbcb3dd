//! The W3C XML conformance suite (xmlconf, 2013-09-23) through the public XML reader.
//!
//! Counted: XML 1.0 tests of the fifth edition (no `EDITION`, or one that lists `5`),
//! namespace-aware (`NAMESPACE` not `no`), of `TYPE` `valid`, `invalid` or `not-wf`. A
//! `not-wf` test is right when the reader refuses it; a `valid` or `invalid` test (both are
//! well-formed) is right when it is read to the end, or, for a test that needs an external
//! DTD or entity (which the reader never fetches), when it is refused saying so.
//!
//! Failures must be exactly the ones in `xmlconf-expected-failures.txt` (one test id a line,
//! then `#` and the reason): a listed test that passes fails the harness, so the list
//! shrinks as the reader improves. `XMLCONF_BLESS=1` rewrites the list.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use conform_formats::xml::{XmlEvent, XmlReader};

/// The phrase every refusal of an external DTD or entity carries.
const NOT_FETCHED: &str = "never fetched";

const EXPECTED: &str = "tests/xmlconf-expected-failures.txt";

struct Test {
    id: String,
    kind: String,
    path: PathBuf,
    /// The expected canonical form of a valid document, when the suite gives one.
    output: Option<PathBuf>,
    /// The test needs an external DTD or entity.
    external: bool,
}

#[test]
fn xmlconf() {
    let Some(root) = conform_testing::unpack(
        "xml-suites/xmlts20130923.zip",
        Path::new(env!("CARGO_TARGET_TMPDIR")).join("xmlts20130923"),
    ) else {
        return;
    };
    let tests = catalogue(&root.join("xmlconf"));
    let mut failures = BTreeMap::new();
    let mut figures: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut not_fetched = 0;
    for test in &tests {
        let bytes = std::fs::read(&test.path).unwrap_or_else(|e| panic!("{}: {e}", test.path.display()));
        let outcome = read(&bytes);
        let right = match (test.kind.as_str(), &outcome) {
            ("not-wf", result) => result.is_err(),
            (_, Ok(())) => true,
            (_, Err(message)) => test.external && message.contains(NOT_FETCHED),
        };
        not_fetched += usize::from(right && test.kind != "not-wf" && outcome.is_err());
        let figure = figures.entry(test.kind.as_str()).or_default();
        figure.1 += 1;
        if right {
            figure.0 += 1;
        } else {
            let reason = match outcome {
                Ok(()) => "not well-formed, accepted".to_owned(),
                Err(message) => format!("refused: {}", message.chars().take(100).collect::<String>()),
            };
            failures.insert(test.id.clone(), reason);
        }
    }
    let (right, total) = figures.values().fold((0, 0), |(r, t), (a, b)| (r + a, t + b));
    for (kind, (r, t)) in &figures {
        eprintln!("xmlconf {kind}: {r} / {t} right");
    }
    #[expect(clippy::cast_precision_loss, reason = "test counts are small")]
    let percent = 100.0 * right as f64 / total as f64;
    eprintln!("xmlconf total: {right} / {total} right ({percent:.1} %)");
    eprintln!("xmlconf: {not_fetched} valid/invalid tests counted right as refused for an external DTD or entity");
    let list = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(EXPECTED);
    if std::env::var_os("XMLCONF_BLESS").is_some() {
        let mut text =
            String::from("# xmlconf tests the XML reader gets wrong, with the reason (see tests/xmlconf.rs).\n");
        for (id, reason) in &failures {
            let _ = writeln!(text, "{id} # {}", reason.replace('\n', " "));
        }
        std::fs::write(&list, text).expect("the list is written");
        return;
    }
    let listed = std::fs::read_to_string(&list).unwrap_or_default();
    let expected: BTreeMap<&str, &str> = listed
        .lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|line| line.split_once('#').map_or((line.trim(), ""), |(id, reason)| (id.trim(), reason.trim())))
        .collect();
    let mut problems = Vec::new();
    for (id, reason) in &failures {
        if !expected.contains_key(id.as_str()) {
            problems.push(format!("{id} fails and is not listed: {reason}"));
        }
    }
    for id in expected.keys() {
        if !failures.contains_key(*id) {
            problems.push(format!("{id} is listed but passes now: take it off {EXPECTED}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Tests whose canonical form (the suite's `OUTPUT`) differs from what the reader yields,
/// on purpose: default attribute values from the DTD are not added, nor are declarations
/// read from an external DTD.
const DEFAULTS_NOT_APPLIED: [&str; 11] = [
    "v-sgml01",
    "valid-sa-044",
    "valid-sa-045",
    "valid-sa-046",
    "valid-sa-080",
    "valid-sa-094",
    "valid-sa-096",
    "ibm-invalid-P32-ibm32i01.xml",
    // The declarations are in the external DTD of a `standalone="yes"` document.
    "ibm-invalid-P32-ibm32i03.xml",
    "ibm-invalid-P32-ibm32i04.xml",
    "ibm-invalid-P56-ibm56i03.xml",
];

/// Valid and invalid documents the reader accepts give the suite's canonical form (James Clark's:
/// sorted attributes, escaped text): entity expansion and normalisation are right. Outputs
/// with processing instructions, notations or namespace declarations, which events do not
/// carry, are not compared.
#[test]
fn xmlconf_outputs() {
    let Some(root) = conform_testing::unpack(
        "xml-suites/xmlts20130923.zip",
        Path::new(env!("CARGO_TARGET_TMPDIR")).join("xmlts20130923"),
    ) else {
        return;
    };
    let (mut compared, mut problems) = (0, Vec::new());
    for test in catalogue(&root.join("xmlconf")) {
        let Some(expected) = test.output.as_ref().and_then(|output| std::fs::read_to_string(output).ok()) else {
            continue;
        };
        if ["<?", "<!DOCTYPE", "xmlns"].iter().any(|skip| expected.contains(skip)) {
            continue;
        }
        let bytes = std::fs::read(&test.path).expect("a test document is read");
        let Ok(got) = canonical(&bytes) else { continue };
        compared += 1;
        let same = got == expected.trim_end_matches('\n');
        if same == DEFAULTS_NOT_APPLIED.contains(&test.id.as_str()) {
            problems.push(format!("{}: got {got:?}, expected {expected:?}", test.id));
        }
    }
    eprintln!("xmlconf outputs: {compared} compared");
    assert!(compared > 150, "only {compared} outputs compared");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The canonical form of the events of a document.
fn canonical(bytes: &[u8]) -> Result<String, String> {
    let mut reader = XmlReader::new(bytes);
    let mut out = String::new();
    loop {
        match reader.next_event() {
            Ok(Some((XmlEvent::Start(tag), _))) => {
                out.push('<');
                out.push_str(&tag.name.qualified);
                let mut attributes: Vec<_> = tag.attributes.iter().map(|a| (&a.name.qualified, &a.value)).collect();
                attributes.sort();
                for (name, value) in attributes {
                    let _ = write!(out, " {name}=\"{}\"", escaped(value));
                }
                out.push('>');
            }
            Ok(Some((XmlEvent::End(tag), _))) => {
                let _ = write!(out, "</{}>", tag.name.qualified);
            }
            Ok(Some((XmlEvent::Text(text), _))) => out.push_str(&escaped(&text.text)),
            Ok(None) => return Ok(out),
            Err(err) => return Err(err.message),
        }
    }
}

fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    out
}

/// Reads a document to its end: `Err` with the message of the syntax error that stopped it.
fn read(bytes: &[u8]) -> Result<(), String> {
    let mut reader = XmlReader::new(bytes);
    loop {
        match reader.next_event() {
            Ok(Some(_)) => {}
            Ok(None) => return Ok(()),
            Err(err) => return Err(err.message),
        }
    }
}

/// The counted tests of the catalogue `xmlconf.xml` in `dir` and the files its entities name.
fn catalogue(dir: &Path) -> Vec<Test> {
    let main = std::fs::read_to_string(dir.join("xmlconf.xml")).expect("the catalogue is read");
    let mut tests = Vec::new();
    for declaration in main.split("<!ENTITY").skip(1) {
        let Some(file) = declaration.split('"').nth(1) else { continue };
        let file = dir.join(file);
        let text = std::fs::read(&file).expect("a part of the catalogue is read");
        let text = without_comments(&String::from_utf8_lossy(&text));
        let base = file.parent().expect("a part of the catalogue is in a folder");
        for tag in text.split("<TEST").skip(1).filter(|t| t.starts_with(char::is_whitespace)) {
            let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
            let attrs = attributes(tag);
            let get = |name: &str| attrs.get(name).map(String::as_str);
            let counted = get("VERSION").is_none_or(|v| v == "1.0")
                && !get("RECOMMENDATION").is_some_and(|r| r.starts_with("XML1.1") || r.starts_with("NS1.1"))
                && get("EDITION").is_none_or(|e| e.split_whitespace().any(|e| e == "5"))
                && get("NAMESPACE") != Some("no")
                && matches!(get("TYPE"), Some("valid" | "invalid" | "not-wf"));
            if !counted {
                continue;
            }
            let path = base.join(get("URI").expect("a test has a URI"));
            let output = get("OUTPUT").map(|output| base.join(output));
            let head = std::fs::read(&path).unwrap_or_default();
            let external = get("ENTITIES").is_some_and(|e| e != "none") || external_dtd(&head);
            tests.push(Test {
                id: get("ID").expect("a test has an ID").to_owned(),
                kind: get("TYPE").unwrap_or_default().to_owned(),
                path,
                output,
                external,
            });
        }
    }
    assert!(tests.len() > 1500, "the catalogue lists {} tests", tests.len());
    tests
}

/// Whether the document's DOCTYPE names an external subset.
fn external_dtd(document: &[u8]) -> bool {
    let text = String::from_utf8_lossy(document);
    let Some(start) = text.find("<!DOCTYPE") else { return false };
    let head = &text[start..];
    let head = &head[..head.find(['[', '>']).unwrap_or(head.len())];
    head.contains("SYSTEM") || head.contains("PUBLIC")
}

fn without_comments(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        rest = rest[start..].find("-->").map_or("", |end| &rest[start + end + 3..]);
    }
    out.push_str(rest);
    out
}

/// The `name="value"` pairs of a tag's text.
fn attributes(tag: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut rest = tag;
    while let Some(eq) = rest.find('=') {
        let name = rest[..eq].split_whitespace().last().unwrap_or_default().to_owned();
        let after = rest[eq + 1..].trim_start();
        let Some(quote) = after.chars().next().filter(|q| matches!(q, '"' | '\'')) else { break };
        let Some(end) = after[1..].find(quote) else { break };
        out.insert(name, after[1..=end].to_owned());
        rest = &after[end + 2..];
    }
    out
}
