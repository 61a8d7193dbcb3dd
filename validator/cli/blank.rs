//! Inputs with nothing in them: a checked input that holds only white space (an NDJSON
//! export with no line, an empty standard input) is a `syntax` finding, not a pass: an
//! upstream step that failed and wrote nothing must not read as a conforming export.

use conform_diagnostics::{Diagnostic, Finding, Level, LineIndex, Locator, RuleStamp, Span};
use conform_engine::Input;

/// Inputs longer than this are not blank, whatever they hold (white space that long is
/// left to the reader): a clean input costs one small read.
const MAX_BLANK_BYTES: usize = 4096;

/// Whether `input` holds only white space (or a byte-order mark and white space).
pub fn is_blank(input: &Input) -> bool {
    let Ok(head) = input.head(MAX_BLANK_BYTES + 1) else { return false };
    let text = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&head);
    head.len() <= MAX_BLANK_BYTES && text.iter().all(u8::is_ascii_whitespace)
}

/// The finding of a blank input.
pub fn finding(input: &Input) -> Diagnostic {
    let span = Span::empty(0);
    let mut finding = Finding::new(span, Locator::None, "the input is empty: it holds no record to check");
    finding.location = Some(LineIndex::new(b"").location(b"", span));
    finding.help = Some(
        "An export with no record is not a conforming export: check that the step that wrote it succeeded.".to_owned(),
    );
    RuleStamp::ad_hoc(conform_diagnostics::SYNTAX_RULE, Level::Must).stamp(&input.name, finding)
}
