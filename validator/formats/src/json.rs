//! JSON documents: parsing with precise syntax-error positions.

use conform_diagnostics::Span;
use serde_json::Value;

use crate::SyntaxError;
use crate::text::ensure_utf8;

/// Parses one JSON value from `text` (no BOM; see [`crate::text::strip_bom`]).
///
/// Invalid UTF-8, empty input, truncation, trailing characters and nesting deeper than
/// 128 levels are all [`SyntaxError`]s whose span points at the offending byte.
pub fn parse(text: &[u8]) -> Result<Value, SyntaxError> {
    let text = ensure_utf8(text)?;
    if text.trim_ascii().is_empty() {
        return Err(SyntaxError::new(Span::empty(text.len()), "empty input: expected a JSON value"));
    }
    serde_json::from_str(text).map_err(|err| syntax_error(text, &err))
}

/// Converts a `serde_json` error into a span-carrying syntax error.
fn syntax_error(text: &str, err: &serde_json::Error) -> SyntaxError {
    let offset = if err.is_eof() {
        text.len()
    } else {
        // serde_json reports a 1-based line and a 1-based *byte* column of the offending byte.
        let line_start = nth_line_start(text.as_bytes(), err.line());
        (line_start + err.column().saturating_sub(1)).min(text.len())
    };
    let end = next_char_boundary(text, offset);
    let full = err.to_string();
    let reason = full.rsplit_once(" at line ").map_or(full.as_str(), |(reason, _)| reason);
    let message = if err.is_eof() {
        format!("unexpected end of input: {reason} (the document is truncated)")
    } else {
        format!("invalid JSON: {reason}")
    };
    SyntaxError::new(Span::new(offset, end), message)
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
        assert!(error_span(&deep).1.contains("recursion limit"));
    }

    #[test]
    fn trailing_characters_are_reported() {
        assert_eq!(error_span("{} {}").0, Span::new(3, 4));
    }
}
