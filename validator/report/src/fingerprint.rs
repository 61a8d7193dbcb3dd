//! Fingerprints: a finding's identity that survives unrelated edits to its file.
//!
//! A fingerprint hashes the rule (with its standard), the file, the logical locator and the
//! text of the lines the finding covers — never line numbers — so inserting or removing lines
//! elsewhere in the file leaves it unchanged, while editing the offending value changes it.
//! SARIF `partialFingerprints` and baselines both use it.

use std::fmt::Write as _;

use conform_diagnostics::{Diagnostic, Span};
use sha2::{Digest, Sha256};

use crate::SourceProvider;

/// Name of the fingerprint in SARIF `partialFingerprints`.
pub const SARIF_KEY: &str = "conform/v1";

/// The file name as reports show it: `/` separators, no leading `./`.
#[must_use]
pub fn normalized_file(file: &str) -> String {
    let file = file.replace('\\', "/");
    let mut rest = file.as_str();
    while let Some(stripped) = rest.strip_prefix("./") {
        rest = stripped.trim_start_matches('/');
    }
    rest.to_owned()
}

/// The fingerprint of `diagnostic`: 16 hex digits.
#[must_use]
pub fn fingerprint(diagnostic: &Diagnostic, sources: &dyn SourceProvider) -> String {
    let content = content(diagnostic, sources).unwrap_or_default();
    let mut hasher = Sha256::new();
    for part in [
        diagnostic.rule.as_ref(),
        diagnostic.standard.as_deref().unwrap_or(""),
        &normalized_file(&diagnostic.file),
        &diagnostic.locator.to_string(),
        content.trim(),
    ] {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    hasher.finalize()[..8].iter().fold(String::with_capacity(16), |mut hex, b| {
        let _ = write!(hex, "{b:02x}");
        hex
    })
}

/// The text of the whole lines the diagnostic's span covers, when its source can be read.
fn content(diagnostic: &Diagnostic, sources: &dyn SourceProvider) -> Option<String> {
    let location = diagnostic.location?;
    let window = sources.window(&diagnostic.file, diagnostic.span, location.start.line as usize)?;
    Some(lines_of(window.text.as_bytes(), window.offset, diagnostic.span))
}

/// The whole lines of `text` (starting at file offset `offset`) that `span` touches.
fn lines_of(text: &[u8], offset: usize, span: Span) -> String {
    let start = span.start.saturating_sub(offset).min(text.len());
    let end = span.end.saturating_sub(offset).clamp(start, text.len());
    let line_start = text[..start].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let line_end = text[end..].iter().position(|&b| b == b'\n').map_or(text.len(), |i| end + i);
    String::from_utf8_lossy(&text[line_start..line_end]).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_cover_the_span() {
        let text = b"a\nbc\"x\"d\ne\n";
        assert_eq!(lines_of(text, 0, Span::new(4, 7)), "bc\"x\"d");
        assert_eq!(lines_of(text, 10, Span::new(14, 17)), "bc\"x\"d");
        assert_eq!(lines_of(text, 0, Span::new(0, 4)), "a\nbc\"x\"d");
        assert_eq!(lines_of(text, 0, Span::new(99, 100)), "");
    }

    #[test]
    fn file_names_are_normalized() {
        assert_eq!(normalized_file("./a/./b.json"), "a/./b.json");
        assert_eq!(normalized_file(".//x\\y.csv"), "x/y.csv");
        assert_eq!(normalized_file("/abs/p.json"), "/abs/p.json");
    }
}
