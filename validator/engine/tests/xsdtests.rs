//! The W3C XML Schema test suite (`../shared/corpora/xml-suites/xsdtests.tar.xz`, read its
//! README), XSD 1.0 expectations: every schema test (is the schema valid?) and instance test
//! (is the instance valid against the group's schema?) must get the expected verdict, except
//! the tests of `xsdtests-expected-failures.txt`, each named with the reason it fails. A
//! listed test that passes fails the harness too: fix, then shorten the list
//! (`XSDTESTS_BLESS=1 cargo test -p conform-engine --test xsdtests` rewrites it, keeping the
//! reasons of the tests still listed).
//!
//! What is run:
//! - every test set of `suite.xml`, skipping what is marked for XSD 1.1 only (a `version`
//!   on the test set, group or test without the token `1.0` and with `1.1` or a
//!   conditional-type-assignment token), and tests whose only expectations are for another
//!   version, or `indeterminate`;
//! - instance tests whose document is missing from the snapshot (the introspection test of
//!   the NIST metadata file) are skipped;
//! - groups without a `schemaTest` (their instances name the schema by
//!   `xsi:schemaLocation`, which conform does not follow) are skipped;
//! - the NIST datatype tests, whose metadata file is missing from the snapshot, from their
//!   file names: `NISTSchema-SV-*.xsd` is a valid schema, `NISTXML-SV-IV-<stem>-<n>.xml` a
//!   valid and `NISTXML-SV-II-<stem>-<n>.xml` an invalid instance of
//!   `NISTSchema-SV-I?-<stem>.xsd`. The NIST tests are many (23 000 files) and alike: the
//!   default run takes every fourth schema with its instances; `XSDTESTS_ALL=1` runs all.
//!
//! Three figures are printed: instance tests right, invalid schemas refused, valid schemas
//! accepted. `XSDTESTS_XMLLINT=1` prints xmllint's figures on the same tests beside them
//! (`xmllint --noout --nonet`, no catalog: the W3C schema documents the suite imports by
//! their remote address are not read), `XSDTESTS_XMLLINT=catalog` the same with an XML
//! catalog mapping those addresses to conform's bundled copies.

#[path = "xsdtests/xmllint.rs"]
mod xmllint;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use conform_engine::artifacts::ArtifactRoot;
use conform_engine::xsd::XsdCheck;
use rayon::prelude::*;

/// The checked-in list of tests known to fail, with reasons.
const EXPECTED_FAILURES: &str = "tests/xsdtests-expected-failures.txt";

/// One test of the suite.
#[derive(Debug)]
struct Test {
    /// `<test set>/<group>/<test>`.
    id: String,
    /// The instance document, for an instance test.
    instance: Option<String>,
    /// The expected verdict (XSD 1.0).
    valid: bool,
}

/// A group: its schema documents (paths relative to the suite root) and tests.
#[derive(Debug, Default)]
struct Group {
    schemas: Vec<String>,
    tests: Vec<Test>,
}

/// The verdict on one test.
struct Outcome {
    id: String,
    instance: bool,
    valid: bool,
    passed: bool,
    /// What conform said (its first finding or error), for a failure.
    said: String,
}

/// The unpacked suite, once per test binary.
fn suite() -> Option<&'static Path> {
    static DIR: OnceLock<Option<PathBuf>> = OnceLock::new();
    DIR.get_or_init(|| {
        conform_testing::unpack(
            "xml-suites/xsdtests.tar.xz",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("xsdtests-cbd5cad"),
        )
        .map(|dir| dir.join("xsdtests"))
    })
    .as_deref()
}

/// Whether a `version` attribute value keeps a test in an XSD 1.0 run.
fn for_xsd10(version: Option<&str>) -> bool {
    version.is_none_or(|v| {
        let tokens: Vec<&str> = v.split_whitespace().collect();
        tokens.contains(&"1.0") || !tokens.iter().any(|t| *t == "1.1" || t.ends_with("-CTA"))
    })
}

/// The XSD 1.0 expectation of a test: `Some(valid)`, or `None` when there is none.
fn expectation(test: roxmltree::Node<'_, '_>) -> Option<bool> {
    let expected: Vec<_> = test.children().filter(|c| c.has_tag_name((TS, "expected"))).collect();
    let chosen = expected
        .iter()
        .find(|e| e.attribute("version").is_some_and(|v| v.split_whitespace().any(|t| t == "1.0")))
        .or_else(|| expected.iter().find(|e| e.attribute("version").is_none()))?;
    match chosen.attribute("validity") {
        Some("valid") => Some(true),
        Some("invalid") => Some(false),
        _ => None,
    }
}

const TS: &str = "http://www.w3.org/XML/2004/xml-schema-test-suite/";
const XLINK: &str = "http://www.w3.org/1999/xlink";

/// `href` resolved against the folder `base` (both relative to the suite root).
fn resolve(base: &str, href: &str) -> String {
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for part in href.split('/') {
        match part {
            "." | "" => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    parts.join("/")
}

/// The groups of one test set file (`rel`, relative to the suite root).
fn test_set(root: &Path, rel: &str, groups: &mut BTreeMap<String, Group>) {
    let Ok(text) = std::fs::read_to_string(root.join(rel)) else { return };
    let doc = roxmltree::Document::parse(&text).unwrap_or_else(|err| panic!("{rel}: {err}"));
    let set = doc.root_element();
    if !for_xsd10(set.attribute("version")) {
        return;
    }
    let base = rel.rsplit_once('/').map_or("", |(dir, _)| dir);
    let set_name = set.attribute("name").unwrap_or(rel);
    for group in set.children().filter(|c| c.has_tag_name((TS, "testGroup"))) {
        if !for_xsd10(group.attribute("version")) {
            continue;
        }
        let group_name = group.attribute("name").unwrap_or_default();
        let mut entry = Group::default();
        let Some(schema_test) = group.children().find(|c| c.has_tag_name((TS, "schemaTest"))) else { continue };
        for test in
            group.children().filter(|c| c.has_tag_name((TS, "schemaTest")) || c.has_tag_name((TS, "instanceTest")))
        {
            if !for_xsd10(test.attribute("version")) {
                continue;
            }
            let Some(valid) = expectation(test) else { continue };
            let name = test.attribute("name").unwrap_or_default();
            let id = format!("{set_name}/{group_name}/{name}");
            let instance = test
                .children()
                .find(|c| c.has_tag_name((TS, "instanceDocument")))
                .and_then(|d| d.attribute((XLINK, "href")))
                .map(|href| resolve(base, href));
            // An instance document missing from the snapshot (the NIST metadata file) is
            // not a test of a validator.
            if instance.as_ref().is_some_and(|i| !root.join(i).exists()) {
                continue;
            }
            entry.tests.push(Test { id, instance, valid });
        }
        entry.schemas = schema_test
            .children()
            .filter(|c| c.has_tag_name((TS, "schemaDocument")))
            .filter_map(|d| d.attribute((XLINK, "href")))
            .map(|href| resolve(base, href))
            .collect();
        if !entry.tests.is_empty() {
            groups.insert(format!("{set_name}/{group_name}"), entry);
        }
    }
}

/// The NIST datatype groups, from their file names.
fn nist(root: &Path, all: bool, groups: &mut BTreeMap<String, Group>) {
    let mut files = Vec::new();
    let mut stack = vec![root.join("nistData")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/"));
            }
        }
    }
    files.sort();
    let mut instances: BTreeMap<String, Vec<(String, bool)>> = BTreeMap::new();
    for file in &files {
        let name = file.rsplit('/').next().unwrap();
        let Some(rest) = name.strip_prefix("NISTXML-SV-").and_then(|n| n.strip_suffix(".xml")) else { continue };
        let (kind, rest) = rest.split_at(2);
        let Some((stem, _)) = rest.rsplit_once('-') else { continue };
        let dir = file.rsplit_once('/').unwrap().0;
        instances
            .entry(format!("{dir}/NISTSchema-SV-{kind}{stem}.xsd"))
            .or_default()
            .push((file.clone(), kind == "IV"));
    }
    let schemas: Vec<&String> =
        files.iter().filter(|f| f.rsplit('/').next().unwrap().starts_with("NISTSchema-SV-")).collect();
    for (n, schema) in schemas.into_iter().enumerate() {
        if !all && n % 4 != 0 {
            continue;
        }
        let stem = schema.rsplit('/').next().unwrap().trim_end_matches(".xsd");
        let mut group = Group { schemas: vec![schema.clone()], tests: Vec::new() };
        group.tests.push(Test { id: format!("NIST/{stem}/schema"), instance: None, valid: true });
        for (instance, valid) in instances.get(schema).into_iter().flatten() {
            let name = instance.rsplit('/').next().unwrap().trim_end_matches(".xml");
            group.tests.push(Test {
                id: format!("NIST/{stem}/{name}"),
                instance: Some(instance.clone()),
                valid: *valid,
            });
        }
        groups.insert(format!("NIST/{stem}"), group);
    }
}

/// Every group to run.
fn groups(root: &Path, all: bool) -> BTreeMap<String, Group> {
    let text = std::fs::read_to_string(root.join("suite.xml")).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    let mut groups = BTreeMap::new();
    for set in doc.root_element().children().filter(|c| c.has_tag_name((TS, "testSetRef"))) {
        test_set(root, set.attribute((XLINK, "href")).unwrap(), &mut groups);
    }
    nist(root, all, &mut groups);
    groups
}

/// A message shortened to one line: for a schema with several problems, its first.
fn short(message: &str) -> String {
    let mut lines = message.lines();
    let mut line = lines.next().unwrap_or_default().to_owned();
    if line.ends_with(" problems:")
        && let Some(first) = lines.next()
    {
        line = format!("refused: {}", first.trim());
    }
    line.chars().take(400).collect()
}

/// Runs one group.
fn run_group(root: &Path, group: &Group) -> Vec<Outcome> {
    let started = std::time::Instant::now();
    let outcomes = run_group_timed(root, group);
    let elapsed = started.elapsed();
    if elapsed.as_secs() >= 2 {
        eprintln!("slow: {} took {elapsed:.1?}", group.schemas.join(" "));
    }
    outcomes
}

/// Runs one group (untimed).
fn run_group_timed(root: &Path, group: &Group) -> Vec<Outcome> {
    if std::env::var_os("XSDTESTS_TRACE").is_some() {
        eprintln!("group: {}", group.schemas.join(" "));
    }
    let entries: Vec<&str> = group.schemas.iter().map(String::as_str).collect();
    let compiled = std::panic::catch_unwind(|| {
        XsdCheck::compile_documents(&ArtifactRoot::Directory(root.to_path_buf()), &entries)
    });
    let compiled = match compiled {
        Ok(Ok(check)) => Ok(check),
        Ok(Err(err)) => Err(short(&format!("refused: {err}"))),
        Err(_) => Err("PANIC while compiling".to_owned()),
    };
    group
        .tests
        .iter()
        .map(|test| {
            let (accepted, said) = match (&test.instance, &compiled) {
                (None, Ok(_)) => (true, "accepted".to_owned()),
                (None | Some(_), Err(err)) => (false, err.clone()),
                (Some(instance), Ok(check)) => {
                    let bytes = std::fs::read(root.join(instance)).unwrap_or_default();
                    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check.validate(&bytes[..]))) {
                        Ok(findings) => {
                            let said = findings.first().map_or_else(|| "valid".to_owned(), |f| short(&f.message));
                            (findings.is_empty(), said)
                        }
                        Err(_) => (false, "PANIC while validating".to_owned()),
                    }
                }
            };
            Outcome {
                id: test.id.clone(),
                instance: test.instance.is_some(),
                valid: test.valid,
                passed: accepted == test.valid && !said.starts_with("PANIC"),
                said,
            }
        })
        .collect()
}

/// The expected-failures list: id → reason.
fn expected_failures() -> BTreeMap<String, String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(EXPECTED_FAILURES);
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (id, reason) = l.split_once('\t').unwrap_or((l, ""));
            (id.trim().to_owned(), reason.trim().to_owned())
        })
        .collect()
}

/// The reason recorded for a new failure: what conform did wrong, in general terms.
fn reason(outcome: &Outcome) -> String {
    let what = match (outcome.instance, outcome.valid) {
        (false, true) => "valid schema refused",
        (false, false) => "invalid schema accepted",
        (true, true) => "valid instance refused",
        (true, false) => "invalid instance accepted",
    };
    if outcome.said.starts_with("PANIC") {
        return format!("{what}: panic");
    }
    if outcome.instance && outcome.said.starts_with("refused") {
        return format!("schema refused: {}", generalise(&outcome.said));
    }
    if outcome.valid {
        format!("{what}: {}", generalise(&outcome.said))
    } else {
        let set = outcome.id.split('/').next().unwrap_or_default();
        format!("{what} ({set}: a constraint of this area is not checked)")
    }
}

/// A message with its names, values and positions taken out, so alike failures group.
fn generalise(message: &str) -> String {
    let message = message.strip_prefix("refused: ").unwrap_or(message);
    let message = message.split_once(": ").filter(|(head, _)| head.contains(".xsd")).map_or(message, |(_, m)| m);
    let mut out = String::new();
    let mut quoted = false;
    for c in message.chars() {
        if c == '`' {
            if !quoted {
                out.push_str("`…");
            }
            quoted = !quoted;
        }
        if !quoted && c != '`' {
            out.push(c);
        }
        if c == '`' && !quoted {
            out.push('`');
        }
    }
    let out = out.split(" (`").next().unwrap_or_default();
    out.chars().take(90).collect::<String>().trim_end().to_owned()
}

/// Writes the expected-failures list for the failures of this run.
fn bless(failures: &[&Outcome], known: &BTreeMap<String, String>) {
    let mut by_reason: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    for outcome in failures {
        let reason = known.get(&outcome.id).cloned().unwrap_or_else(|| reason(outcome));
        by_reason.entry(reason).or_default().insert(&outcome.id);
    }
    let mut text = String::from(
        "# W3C xsdtests (XSD 1.0) known failures: `<test id>\\t<reason>`, grouped by cause.\n\
         # A listed test that passes fails the harness: remove it (or rerun with XSDTESTS_BLESS=1).\n",
    );
    for (reason, ids) in &by_reason {
        let _ = writeln!(text, "\n# {reason} ({})", ids.len());
        for id in ids {
            let _ = writeln!(text, "{id}\t{reason}");
        }
    }
    std::fs::write(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(EXPECTED_FAILURES), text).unwrap();
}

#[test]
fn xsd10_tests_match_the_expected_failures_list() {
    let Some(root) = suite() else { return };
    let all = std::env::var_os("XSDTESTS_ALL").is_some();
    let groups = groups(root, all);
    let started = std::time::Instant::now();
    let outcomes: Vec<Outcome> = groups.par_iter().flat_map_iter(|(_, group)| run_group(root, group)).collect();
    let elapsed = started.elapsed();
    let count = |instance: bool, valid: Option<bool>| {
        let of: Vec<&Outcome> =
            outcomes.iter().filter(|o| o.instance == instance && valid.is_none_or(|v| o.valid == v)).collect();
        (of.iter().filter(|o| o.passed).count(), of.len())
    };
    let figure = |(right, total): (usize, usize)| {
        #[expect(clippy::cast_precision_loss, reason = "test counts are far below 2^52")]
        let percent = 100.0 * right as f64 / total.max(1) as f64;
        format!("{right} / {total} ({percent:.2} %)")
    };
    println!("xsdtests (XSD 1.0{}), {} tests in {:.1?}:", if all { ", all NIST" } else { "" }, outcomes.len(), elapsed);
    println!("  instance tests right:    {}", figure(count(true, None)));
    println!("  invalid schemas refused: {}", figure(count(false, Some(false))));
    println!("  valid schemas accepted:  {}", figure(count(false, Some(true))));
    if let Some(mode) = std::env::var_os("XSDTESTS_XMLLINT") {
        xmllint::compare(root, &groups, mode == "catalog");
    }
    let known = expected_failures();
    let failures: Vec<&Outcome> = outcomes.iter().filter(|o| !o.passed).collect();
    if std::env::var_os("XSDTESTS_BLESS").is_some() {
        bless(&failures, &known);
        return;
    }
    let ran: BTreeSet<&str> = outcomes.iter().map(|o| o.id.as_str()).collect();
    let mut problems = Vec::new();
    for outcome in &failures {
        if !known.contains_key(&outcome.id) {
            problems.push(format!("FAILS (not listed): {} — conform: {}", outcome.id, outcome.said));
        }
    }
    for outcome in outcomes.iter().filter(|o| o.passed) {
        if known.contains_key(&outcome.id) {
            problems.push(format!("PASSES (listed as failing, remove it): {}", outcome.id));
        }
    }
    if !all {
        let stale: Vec<&String> =
            known.keys().filter(|id| !ran.contains(id.as_str()) && !id.starts_with("NIST/")).collect();
        for id in stale {
            problems.push(format!("listed but not run: {id}"));
        }
    }
    assert!(problems.is_empty(), "{} differences from {EXPECTED_FAILURES}:\n{}", problems.len(), problems.join("\n"));
}
