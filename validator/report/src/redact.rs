//! `--redact`: instance values kept out of every report, positions, pointers and rule ids
//! kept in.
//!
//! Findings quote the values they judge (`"440300197506200036" is not a valid ...`), and
//! reports travel into CI logs and pull-request comments. Redaction masks, in every message:
//! quoted text (`"…"`, `'…'`, and `` `…` `` when it holds a digit: backticks otherwise
//! name schema keywords and fields), JSON objects and arrays (`{…}`, `[…]`), and runs of
//! four or more digits (identifiers, phone numbers, dates); the human format also leaves
//! out source snippets. Help texts come from the catalog and are kept. It errs on the side
//! of masking.

use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use conform_diagnostics::Span;

use crate::Report;

/// The most bytes of an instance value read back from its input to be masked.
const MAX_VALUE_BYTES: usize = 4096;

/// What a masked value reads as.
pub const MASK: &str = "‹redacted›";

/// Masks the instance values in the message of every diagnostic of `report`.
pub fn redact(report: &mut Report) {
    for diagnostic in &mut report.diagnostics {
        diagnostic.message = mask(&diagnostic.message);
    }
}

/// `message` with every occurrence of the instance value `raw` (the text of the finding's
/// span in its input: a JSON string with its quotes, a number, a CSV cell) masked, quoted
/// or not, then masked as [`mask`] does: the value of a field a standard marks as personal
/// data is masked even where the heuristic would not see it (`17 is less than ...`).
#[must_use]
pub fn mask_value(message: &str, raw: &str) -> String {
    let raw = raw.trim();
    let unquoted = raw
        .strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .or_else(|| raw.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')))
        .unwrap_or(raw);
    let mut out = message.to_owned();
    for value in [raw, unquoted] {
        if !value.is_empty() {
            out = replace_bounded(&out, value);
        }
    }
    mask(&out)
}

/// `text` with each occurrence of `value` that is not part of a longer word replaced by
/// the mask.
fn replace_bounded(text: &str, value: &str) -> String {
    let is_word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut before: Option<char> = None;
    while let Some(at) = rest.find(value) {
        let after = rest[at + value.len()..].chars().next();
        let previous = rest[..at].chars().next_back().or(before);
        let starts_word = value.chars().next().is_some_and(char::is_alphanumeric);
        let ends_word = value.chars().next_back().is_some_and(char::is_alphanumeric);
        out.push_str(&rest[..at]);
        if (starts_word && is_word(previous)) || (ends_word && is_word(after)) {
            out.push_str(value);
        } else {
            out.push_str(MASK);
        }
        before = value.chars().next_back();
        rest = &rest[at + value.len()..];
    }
    out.push_str(rest);
    out
}

/// The text of `span` in the file at `path` (at most a few KiB), to be masked with
/// [`mask_value`]; `None` when it cannot be read.
#[must_use]
pub fn span_text(path: &Path, span: Span) -> Option<String> {
    let mut file = std::fs::File::open(path).ok()?;
    file.seek(SeekFrom::Start(span.start as u64)).ok()?;
    let mut bytes = Vec::with_capacity(span.len().min(MAX_VALUE_BYTES));
    file.take(span.len().min(MAX_VALUE_BYTES) as u64).read_to_end(&mut bytes).ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// `text` with quoted values, JSON objects and arrays and long digit runs masked.
///
/// Linear in the length of `text`: where each quote and bracket closes is found in one
/// pass before masking, so a message quoting a hostile value cannot make it quadratic.
#[must_use]
pub fn mask(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let closes = closing_positions(&chars);
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let previous_is_word = i > 0 && chars[i - 1].is_alphanumeric();
        let opens = match c {
            '"' | '`' | '{' | '[' => true,
            '\'' => !previous_is_word,
            _ => false,
        };
        if opens
            && let Some(end) = closes[i]
            && (c != '`' || chars[i + 1..end].iter().any(char::is_ascii_digit))
        {
            if c == '{' || c == '[' {
                out.push_str(MASK);
            } else {
                out.push(c);
                out.push_str(MASK);
                out.push(c);
            }
            i = end + 1;
            continue;
        }
        if c.is_ascii_digit() && !previous_is_word {
            let run = chars[i..].iter().take_while(|c| c.is_ascii_digit() || matches!(c, '-' | '.' | ' ')).count();
            let digits = chars[i..i + run].iter().filter(|c| c.is_ascii_digit()).count();
            if digits >= 4 {
                out.push_str(MASK);
                // Keep a trailing separator that belongs to the sentence.
                let kept = chars[i..i + run].iter().rev().take_while(|c| !c.is_ascii_digit()).count();
                out.extend(&chars[i + run - kept..i + run]);
                i += run;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

/// For each quote, the next occurrence of the same quote; for each `{` and `[`, its
/// matching close (brackets nest), in one forward pass.
fn closing_positions(chars: &[char]) -> Vec<Option<usize>> {
    let mut closes = vec![None; chars.len()];
    let mut open_quote: [Option<usize>; 3] = [None; 3];
    let mut stacks: [Vec<usize>; 2] = [Vec::new(), Vec::new()];
    for (i, &c) in chars.iter().enumerate() {
        if let Some(kind) = ['"', '`', '\''].iter().position(|&q| q == c) {
            // Each quote closes the one before it and may open the next.
            if let Some(open) = open_quote[kind] {
                closes[open] = Some(i);
            }
            open_quote[kind] = Some(i);
        }
        match c {
            '{' => stacks[0].push(i),
            '[' => stacks[1].push(i),
            '}' => {
                if let Some(open) = stacks[0].pop() {
                    closes[open] = Some(i);
                }
            }
            ']' => {
                if let Some(open) = stacks[1].pop() {
                    closes[open] = Some(i);
                }
            }
            _ => {}
        }
    }
    closes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_personal_value_is_masked_quoted_or_not() {
        assert_eq!(mask_value("17 is less than the minimum of 18", "17"), "‹redacted› is less than the minimum of 18");
        assert_eq!(mask_value("`Li` is shorter than 3", "\"Li\""), "`‹redacted›` is shorter than 3");
        assert_eq!(mask_value("id = Li has no match", "Li"), "id = ‹redacted› has no match");
        assert_eq!(mask_value("Lily and Li", "Li"), "Lily and ‹redacted›");
        assert_eq!(mask_value("217 and 17", "17"), "217 and ‹redacted›");
    }

    #[test]
    fn quoted_values_objects_and_long_numbers_are_masked() {
        assert_eq!(
            mask("\"440300197506200036\" is not a valid identifier"),
            "\"‹redacted›\" is not a valid identifier"
        );
        assert_eq!(mask("`12,5` is not a number"), "`‹redacted›` is not a number");
        assert_eq!(mask("{\"a\": [1, 2]} is not of type \"string\""), "‹redacted› is not of type \"‹redacted›\"");
        assert_eq!(mask("0612345678 is too long"), "‹redacted› is too long");
        assert_eq!(mask("-5 is less than the minimum of 0"), "-5 is less than the minimum of 0");
        assert_eq!(mask("the agency's value 'x' isn't valid"), "the agency's value '‹redacted›' isn't valid");
        assert_eq!(mask("born 1992-13-15, checked"), "born ‹redacted›, checked");
        assert_eq!(mask("an unclosed \"quote"), "an unclosed \"quote");
        assert_eq!(mask("missing required property `email`"), "missing required property `email`");
        assert_eq!(mask("a {b} c ["), "a ‹redacted› c [");
        let hostile = format!("\"{}", "{[".repeat(100_000));
        assert_eq!(mask(&hostile).len(), hostile.len(), "unmatched openers are kept, in linear time");
    }
}
