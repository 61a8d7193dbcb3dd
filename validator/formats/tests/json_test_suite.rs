//! JSONTestSuite (`../shared/corpora/parser-suites/json-test-suite.tar.xz`) through the JSON
//! reader and the NDJSON reader, as the engine runs them (BOM stripped, then parsed; NDJSON:
//! the line reader, then each record parsed).
//!
//! - `y_`: accepted. `n_`: refused with a syntax error whose span starts at the position
//!   the independent oracle of `parser_suites/json_oracle.rs` names (the first byte that no
//!   JSON text can continue with, the end for a truncated text; the bracket that crosses
//!   the nesting limit when that is the refusal).
//! - NDJSON: a file is a stream of lines. A file without a line break (but for one final
//!   one) is a one-record stream and gets the JSON verdict. A `y_` file whose value spans
//!   several lines is not NDJSON (its lines are fragments) and must be refused; a file of
//!   blanks only is an empty stream, valid NDJSON with no record.
//! - `i_`: the decision in [`I_DECISIONS`], mirrored in docs/parsers.md.
//!
//! Failures not on `tests/data/json_test_suite.expected-failures` fail the harness, and so
//! do listed tests that pass.

#[path = "parser_suites/json_oracle.rs"]
mod json_oracle;
mod parser_suites;

use std::collections::BTreeMap;
use std::path::Path;

use conform_formats::ndjson::{Line, NdjsonReader};
use conform_formats::{SyntaxError, json, text};
use json_oracle::Verdict;
use parser_suites::ExpectedFailures;

/// The JSON reader's nesting limit (serde_json's recursion limit).
const DEPTH_LIMIT: usize = 128;

/// Implementation-defined cases: `true` = accepted. The reasons are in docs/parsers.md.
const I_DECISIONS: &[(&str, bool)] = &[
    // Numbers: any magnitude a double holds is read as the nearest double (as JavaScript
    // tools do); a number that overflows to infinity cannot be represented and is refused.
    ("i_number_double_huge_neg_exp.json", true),
    ("i_number_huge_exp.json", false),
    ("i_number_neg_int_huge_exp.json", false),
    ("i_number_pos_double_huge_exp.json", false),
    ("i_number_real_neg_overflow.json", false),
    ("i_number_real_pos_overflow.json", false),
    ("i_number_real_underflow.json", true),
    ("i_number_too_big_neg_int.json", true),
    ("i_number_too_big_pos_int.json", true),
    ("i_number_very_big_negative_int.json", true),
    // Escaped lone surrogates name no character: refused.
    ("i_object_key_lone_2nd_surrogate.json", false),
    ("i_string_1st_surrogate_but_2nd_missing.json", false),
    ("i_string_1st_valid_surrogate_2nd_invalid.json", false),
    ("i_string_incomplete_surrogate_and_escape_valid.json", false),
    ("i_string_incomplete_surrogate_pair.json", false),
    ("i_string_incomplete_surrogates_escape_valid.json", false),
    ("i_string_invalid_lonely_surrogate.json", false),
    ("i_string_invalid_surrogate.json", false),
    ("i_string_inverted_surrogates_U+1D11E.json", false),
    ("i_string_lone_second_surrogate.json", false),
    // Only UTF-8 is JSON's encoding for exchange (RFC 8259 §8.1): anything else is refused.
    ("i_string_UTF-16LE_with_BOM.json", false),
    ("i_string_UTF-8_invalid_sequence.json", false),
    ("i_string_UTF8_surrogate_U+D800.json", false),
    ("i_string_invalid_utf-8.json", false),
    ("i_string_iso_latin_1.json", false),
    ("i_string_lone_utf8_continuation_byte.json", false),
    ("i_string_not_in_unicode_range.json", false),
    ("i_string_overlong_sequence_2_bytes.json", false),
    ("i_string_overlong_sequence_6_bytes.json", false),
    ("i_string_overlong_sequence_6_bytes_null.json", false),
    ("i_string_truncated-utf-8.json", false),
    ("i_string_utf16BE_no_BOM.json", false),
    ("i_string_utf16LE_no_BOM.json", false),
    // Nesting beyond 128 levels is refused with a finding naming the limit.
    ("i_structure_500_nested_arrays.json", false),
    // A leading UTF-8 byte order mark is skipped (RFC 8259 §8.1 allows ignoring it).
    ("i_structure_UTF-8_BOM_empty_object.json", true),
];

/// The JSON reader as the engine runs it: the file offset of the refusal, if refused.
fn read_json(bytes: &[u8]) -> Result<(), (usize, SyntaxError)> {
    let (body, bom) = text::strip_bom(bytes);
    json::parse(body).map(drop).map_err(|err| (err.span.start + bom, err))
}

/// The NDJSON reader as the engine runs it: the file offset of the first refused record.
fn read_ndjson(bytes: &[u8]) -> Result<usize, (usize, SyntaxError)> {
    let mut records = 0;
    for line in NdjsonReader::new(bytes, 1 << 20) {
        match line.expect("reading from memory cannot fail") {
            Line::Record(record) => {
                json::parse(&record.bytes).map_err(|err| (record.offset + err.span.start, err))?;
                records += 1;
            }
            Line::Oversized { .. } => panic!("no suite file is over 1 MiB"),
        }
    }
    Ok(records)
}

/// The offset where a refusal must point, per the oracle (in file offsets).
fn expected_position(bytes: &[u8], err: &SyntaxError) -> Option<usize> {
    let (body, bom) = text::strip_bom(bytes);
    let Verdict { error, too_deep } = json_oracle::judge(body, DEPTH_LIMIT);
    let at = if err.message.contains("nesting") { too_deep } else { error };
    at.map(|at| at + bom)
}

/// The oracle's position for an NDJSON stream: the first record the oracle refuses.
fn expected_ndjson_position(bytes: &[u8], err: &SyntaxError) -> Option<usize> {
    NdjsonReader::new(bytes, 1 << 20).find_map(|line| match line {
        Ok(Line::Record(record)) => expected_position(&record.bytes, err).map(|at| at + record.offset),
        _ => None,
    })
}

/// Checks a refusal points where the oracle says.
fn check_position(found: usize, expected: Option<usize>, err: &SyntaxError) -> Result<(), String> {
    match expected {
        Some(at) if at == found => Ok(()),
        Some(at) => Err(format!("refused at byte {found} ({}), expected byte {at}", err.message)),
        None => Err(format!("refused at byte {found} ({}) but the oracle finds no error", err.message)),
    }
}

fn json_outcome(name: &str, bytes: &[u8], decisions: &BTreeMap<&str, bool>) -> Result<(), String> {
    let result = read_json(bytes);
    let accepted = result.is_ok();
    match (&name[..2], result) {
        ("y_", Ok(())) => Ok(()),
        ("y_", Err((at, err))) => Err(format!("refused at byte {at}: {}", err.message)),
        ("n_", Ok(())) => Err("accepted".into()),
        ("n_", Err((at, err))) => check_position(at, expected_position(bytes, &err), &err),
        _ => decide(name, decisions, accepted),
    }
}

fn ndjson_outcome(name: &str, bytes: &[u8], decisions: &BTreeMap<&str, bool>) -> Result<(), String> {
    let body = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    let one_line = !body.contains(&b'\n');
    let blank = bytes.iter().all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'));
    let result = read_ndjson(bytes);
    let accept = match &name[..2] {
        "y_" => one_line,
        "n_" => blank,
        _ => return decide(name, decisions, result.is_ok()),
    };
    match (accept, result) {
        (true, Ok(_)) => Ok(()),
        (true, Err((at, err))) => Err(format!("refused at byte {at}: {}", err.message)),
        (false, Ok(records)) => Err(format!("accepted as {records} records")),
        (false, Err((at, err))) => check_position(at, expected_ndjson_position(bytes, &err), &err),
    }
}

fn decide(name: &str, decisions: &BTreeMap<&str, bool>, accepted: bool) -> Result<(), String> {
    match decisions.get(name) {
        None => Err("an i_ case without a documented decision (add it to I_DECISIONS and docs/parsers.md)".into()),
        Some(&accept) if accept == accepted => Ok(()),
        Some(&accept) => Err(format!("decided {}, but {}", verdict(accept), verdict(accepted))),
    }
}

fn verdict(accepted: bool) -> &'static str {
    if accepted { "accepted" } else { "refused" }
}

#[test]
fn json_test_suite_through_the_json_and_ndjson_readers() {
    let Some(dir) = parser_suites::unpack("json-test-suite.tar.xz") else { return };
    let dir = dir.join("JSONTestSuite/test_parsing");
    let decisions: BTreeMap<&str, bool> = I_DECISIONS.iter().copied().collect();
    let mut outcomes = BTreeMap::new();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| Path::new(name).extension().is_some_and(|e| e == "json"))
        .collect();
    names.sort();
    assert_eq!(names.len(), 318, "the suite has 318 files");
    for name in &names {
        let bytes = std::fs::read(dir.join(name)).unwrap();
        outcomes.insert(format!("json/{name}"), json_outcome(name, &bytes, &decisions));
        outcomes.insert(format!("ndjson/{name}"), ndjson_outcome(name, &bytes, &decisions));
    }
    let unknown: Vec<_> = decisions.keys().filter(|d| !names.iter().any(|n| n == *d)).collect();
    assert!(unknown.is_empty(), "I_DECISIONS names files the suite lacks: {unknown:?}");
    ExpectedFailures::load("json_test_suite.expected-failures").check(&outcomes);
}

#[test]
fn the_oracle_finds_the_first_offending_byte() {
    let at = |text: &str| json_oracle::judge(text.as_bytes(), DEPTH_LIMIT).error;
    assert_eq!(at("[1, 2]"), None);
    assert_eq!(at("[1 true]"), Some(3));
    assert_eq!(at("[01]"), Some(2));
    assert_eq!(at("[1."), Some(3));
    assert_eq!(at("{\"a\" 1}"), Some(5));
    assert_eq!(at("[\"\\x\"]"), Some(3));
    assert_eq!(at("[nul]"), Some(4));
    assert_eq!(at("[] x"), Some(3));
    assert_eq!(json_oracle::judge(&b"[".repeat(200), DEPTH_LIMIT).too_deep, Some(128));
}
