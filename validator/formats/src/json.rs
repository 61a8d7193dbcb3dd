//! JSON documents: parsing with precise syntax-error positions.

use conform_diagnostics::Span;
use serde_json::Value;

use crate::SyntaxError;
use crate::text::ensure_utf8;

mod exact;
mod locate;

/// Deepest nesting of arrays and objects the reader accepts (`serde_json`'s recursion
/// limit, which keeps parsing, conversion and dropping of values off the call stack's edge).
pub const MAX_DEPTH: usize = 128;

/// Parses one JSON value from `text` (no BOM; see [`crate::text::strip_bom`]).
///
/// Invalid UTF-8, empty input, truncation, trailing characters and nesting deeper than
/// [`MAX_DEPTH`] levels are all [`SyntaxError`]s whose span points at the offending byte:
/// the first byte no JSON text can continue with (RFC 8259), or the end of a truncated text.
pub fn parse(text: &[u8]) -> Result<Value, SyntaxError> {
    let text = ensure_utf8(text)?;
    if text.trim_ascii().is_empty() {
        return Err(SyntaxError::new(Span::empty(text.len()), "empty input: expected a JSON value"));
    }
    let pending = exact::Pending::default();
    let mut reader = serde_json::Deserializer::from_str(text);
    serde::de::DeserializeSeed::deserialize(exact::Exact(&pending), &mut reader)
        .and_then(|value| reader.end().map(|()| value))
        .map_err(|err| syntax_error(text, &err))
}

/// Converts a `serde_json` error into a span-carrying syntax error.
fn syntax_error(text: &str, err: &serde_json::Error) -> SyntaxError {
    let full = err.to_string();
    let reason = full.rsplit_once(" at line ").map_or(full.as_str(), |(reason, _)| reason);
    // serde_json stopped at the nesting limit: that is the refusal, whatever follows.
    if reason.starts_with("recursion limit") {
        let at = locate::too_deep(text, MAX_DEPTH).unwrap_or(0);
        return SyntaxError::new(
            Span::new(at, next_char_boundary(text, at)),
            format!("JSON nesting is deeper than {MAX_DEPTH} levels (the reader's limit); the document is refused"),
        );
    }
    // A grammar error is located by the strict scanner (serde_json reports some late).
    if let Some(grammar) = locate::first_error(text) {
        let end = next_char_boundary(text, grammar.at);
        let message = if grammar.truncated {
            format!("unexpected end of input: {} (the document is truncated)", grammar.message)
        } else {
            format!("invalid JSON: {}", grammar.message)
        };
        return SyntaxError::new(Span::new(grammar.at, end), message);
    }
    if let Some(at) = locate::lone_surrogate(text) {
        return SyntaxError::new(
            Span::new(at, next_char_boundary(text, at)),
            "invalid JSON: this `\\u` escape is half of a surrogate pair without its other half: it names no character",
        );
    }
    // The grammar is right but a value cannot be read (a number out of range): serde_json's
    // position, a 1-based line and 1-based byte column.
    let line_start = nth_line_start(text.as_bytes(), err.line());
    let offset = (line_start + err.column().saturating_sub(1)).min(text.len());
    SyntaxError::new(Span::new(offset, next_char_boundary(text, offset)), format!("invalid JSON: {reason}"))
}

fn nth_line_start(bytes: &[u8], line: usize) -> usize {
    if line <= 1 {
        return 0;
    }
    memchr::memchr_iter(b'\n', bytes).nth(line - 2).map_or(bytes.len(), |i| i + 1)
}

fn next_char_boundary(text: &str, offset: usize) -> usize {
    text[offset..].chars().next().map_or(offset, |c| offset + c.len_utf8())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_span(text: &str) -> (Span, String) {
        let err = parse(text.as_bytes()).unwrap_err();
        (err.span, err.message)
    }

    #[test]
    fn points_at_the_offending_byte() {
        assert_eq!(error_span("{\"a\": x}").0, Span::new(6, 7));
        assert_eq!(error_span("{\"a\": 1,\n  \"b\" 2}").0, Span::new(15, 16));
    }

    #[test]
    fn truncation_points_at_the_end() {
        let (span, message) = error_span("{\"a\": [1, 2");
        assert_eq!(span, Span::empty(11));
        assert!(message.contains("truncated"), "{message}");
    }

    #[test]
    fn empty_and_deep_inputs_are_errors_not_panics() {
        assert!(error_span("  \n").1.contains("empty"));
        let deep = "[".repeat(100_000);
        assert_eq!(error_span(&deep).0, Span::new(128, 129));
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        let (span, message) = error_span(&deep);
        assert_eq!(span, Span::new(128, 129));
        assert!(message.contains("nesting is deeper than 128 levels"), "{message}");
    }

    #[test]
    fn trailing_characters_are_reported() {
        assert_eq!(error_span("{} {}").0, Span::new(3, 4));
    }

    #[test]
    fn errors_inside_strings_point_at_the_offending_byte() {
        assert_eq!(error_span("[\"\\uqqqq\"]").0, Span::new(4, 5));
        assert_eq!(error_span("[\"new\nline\"]").0, Span::new(5, 6));
        assert_eq!(error_span("[\"\\x\"]").0, Span::new(3, 4));
        let (span, message) = error_span("[\"\\uD800\"]");
        assert_eq!(span, Span::new(2, 3));
        assert!(message.contains("surrogate"), "{message}");
        assert!(parse(b"[\"\\uD834\\uDD1E\"]").is_ok());
    }

    #[test]
    fn messages_say_what_was_expected() {
        assert_eq!(error_span("[1 true]").1, "invalid JSON: expected `,` or `]` after an array item, found 't'");
        assert_eq!(error_span("{\"a\" 1}").1, "invalid JSON: expected `:` after the member name, found '1'");
        assert_eq!(error_span("[\u{1b}]").1, "invalid JSON: expected a value, found '\\u{1b}'");
        assert_eq!(error_span("[1,").1, "unexpected end of input: expected a value (the document is truncated)");
    }
}
