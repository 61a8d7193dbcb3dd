//! The source snippet under a human-format diagnostic, made short and safe for a terminal.
//!
//! Lines as long as a minified JSON document or a one-line BPMN model are cut to the
//! terminal width around the offending value (the caret stays under it), and control,
//! C1 and bidirectional characters from the input are shown visibly instead of reaching
//! the terminal. Short, clean windows are passed through untouched, so multi-line spans
//! keep their full rendering.

use conform_diagnostics::{Location, Span};

use crate::SourceWindow;
use crate::neutral::{is_hazard, push_visible};

/// Text handed to the renderer, in its own coordinates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Snippet {
    /// Whole display lines.
    pub text: String,
    /// 1-based line number of `text`'s first line.
    pub first_line: usize,
    /// Byte offset of the labelled range in `text`.
    pub start: usize,
    /// Byte length of the labelled range in `text`.
    pub len: usize,
    /// The real 1-based line and column of the span start, for the header (the renderer's
    /// own count is off when the text was cut or starts mid-line).
    pub header: Option<(usize, usize)>,
}

/// Spans longer than this are labelled at their first character.
const LONG_SPAN: usize = 200;

/// The snippet of `span` in `window`, lines no wider than `max_chars` characters.
pub(crate) fn snippet(window: &SourceWindow, span: Span, location: Option<Location>, max_chars: usize) -> Snippet {
    let text = window.text.as_str();
    let start = floor_boundary(text, span.start.saturating_sub(window.offset));
    let end = floor_boundary(text, span.end.saturating_sub(window.offset)).max(start);
    let first = line_start(text, start);
    let last = line_end(text, end);
    let shown_from = if first == 0 { 0 } else { line_start(text, first - 1) };
    let shown_to = if last >= text.len() { text.len() } else { line_end(text, last + 1) };
    // The line end of the last line shown goes with it.
    let shown_to = if text.as_bytes().get(shown_to) == Some(&b'\n') { shown_to + 1 } else { shown_to };
    let shown = &text[shown_from..shown_to];
    let lines_before = text[..first].bytes().filter(|&b| b == b'\n').count();
    if clean(shown) && shown.split('\n').all(|l| l.chars().count() <= max_chars) {
        // Only the lines vetted here reach the renderer, which would otherwise pick its
        // own context lines from the rest of the window, unchecked.
        let len = if end - start > LONG_SPAN { 1 } else { end - start };
        let header = location.map(|l| (l.start.line as usize, l.start.column as usize));
        let first_line = window.first_line + text[..shown_from].bytes().filter(|&b| b == b'\n').count();
        return Snippet { text: shown.to_owned(), first_line, start: start - shown_from, len, header };
    }
    cut(text, start, end, first, window.first_line + lines_before, location, max_chars)
}

/// The cut rendering: the span's line cut around the span, one context line on each side
/// (cut at the end), hazards made visible; the label is kept on the span's line.
fn cut(
    text: &str,
    start: usize,
    end: usize,
    first: usize,
    line: usize,
    location: Option<Location>,
    max_chars: usize,
) -> Snippet {
    let line_to = line_end(text, start);
    let mut out = String::new();
    let mut first_line = line;
    if first > 0 {
        let prev_from = line_start(text, first - 1);
        push_cut_line(&mut out, &text[prev_from..first - 1], max_chars);
        out.push('\n');
        first_line -= 1;
    }
    let primary = &text[first..line_to];
    let before_chars = primary[..start - first].chars().count();
    let total_chars = primary.chars().count();
    let lead = max_chars / 3;
    let from_char = if total_chars <= max_chars { 0 } else { before_chars.saturating_sub(lead) };
    let to_char = (from_char + max_chars).min(total_chars);
    if from_char > 0 {
        out.push('…');
    }
    let mut label_start = None;
    let mut label_end = None;
    for (i, (offset, c)) in primary.char_indices().enumerate().skip(from_char).take(to_char - from_char) {
        let here = first + offset;
        if label_start.is_none() && here >= start {
            label_start = Some(out.len());
        }
        if label_end.is_none() && here >= end && label_start.is_some() {
            label_end = Some(out.len());
        }
        if c == '\r' && i + 1 == total_chars {
            break;
        }
        push_visible(&mut out, c);
    }
    let label_start = label_start.unwrap_or(out.len());
    let label_end = label_end.unwrap_or(out.len()).max(label_start);
    if to_char < total_chars {
        out.push('…');
    }
    if line_to < text.len() {
        let next_to = line_end(text, line_to + 1);
        out.push('\n');
        push_cut_line(&mut out, &text[line_to + 1..next_to], max_chars);
    }
    let len = label_end - label_start;
    let len = if len > LONG_SPAN || len == 0 { usize::from(label_start < out.len()) } else { len };
    let header = location.map_or((line, before_chars + 1), |l| (l.start.line as usize, l.start.column as usize));
    Snippet { text: out, first_line, start: label_start, len, header: Some(header) }
}

/// A context line, cut at `max_chars` characters, hazards visible.
fn push_cut_line(out: &mut String, line: &str, max_chars: usize) {
    let line = line.strip_suffix('\r').unwrap_or(line);
    for c in line.chars().take(max_chars) {
        push_visible(out, c);
    }
    if line.chars().nth(max_chars).is_some() {
        out.push('…');
    }
}

/// Whether `shown` can go to the renderer as it is: no hazard, and no carriage return but
/// those ending a line or the lines shown (a lone one starts a new line on a terminal or CI
/// runner, where a value could forge a workflow command).
fn clean(shown: &str) -> bool {
    let bytes = shown.as_bytes();
    !shown.chars().any(|c| c != '\n' && c != '\r' && is_hazard(c))
        && memchr::memchr_iter(b'\r', bytes).all(|i| bytes.get(i + 1).is_none_or(|&b| b == b'\n'))
}

/// Start of the line holding byte `at`.
fn line_start(text: &str, at: usize) -> usize {
    memchr::memrchr(b'\n', &text.as_bytes()[..at]).map_or(0, |i| i + 1)
}

/// End (the newline's offset, or the text's end) of the line holding byte `at`.
fn line_end(text: &str, at: usize) -> usize {
    memchr::memchr(b'\n', &text.as_bytes()[at..]).map_or(text.len(), |i| at + i)
}

fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use conform_diagnostics::LineCol;

    use super::*;

    fn window(text: &str) -> SourceWindow {
        SourceWindow { text: text.to_owned(), offset: 0, first_line: 1 }
    }

    #[test]
    fn short_clean_windows_pass_through() {
        let w = window("a\nbb \"x\"\nc\n");
        let s = snippet(&w, Span::new(5, 8), None, 80);
        assert_eq!((s.text.as_str(), s.start, s.len, s.header), ("a\nbb \"x\"\nc\n", 5, 3, None));
        // Lines beyond the one of context on each side stay out of the snippet.
        let w = window("0\n\u{1b}]0;t\u{7}\na\nbb \"x\"\nc\n\u{4}\n");
        let at = w.text.find('"').unwrap();
        let s = snippet(&w, Span::new(at, at + 3), None, 80);
        assert_eq!(
            (s.text.as_str(), s.first_line, &s.text[s.start..s.start + s.len]),
            ("a\nbb \"x\"\nc\n", 3, "\"x\"")
        );
        let located = Location { start: LineCol { line: 2, column: 4 }, end: LineCol { line: 2, column: 7 } };
        assert_eq!(snippet(&w, Span::new(5, 8), Some(located), 80).header, Some((2, 4)));
    }

    #[test]
    fn long_lines_are_cut_around_the_span_with_the_real_column() {
        let line = format!("{}\"bad\"{}", "x".repeat(10_000), "y".repeat(70_000));
        let w = window(&format!("first\n{line}\nlast"));
        let start = 6 + 10_000;
        let s = snippet(&w, Span::new(start, start + 5), None, 60);
        let lines: Vec<&str> = s.text.lines().collect();
        assert_eq!(lines[0], "first");
        assert!(lines[1].starts_with('…') && lines[1].ends_with('…'), "{}", lines[1]);
        assert!(lines[1].chars().count() <= 62);
        assert_eq!(&s.text[s.start..s.start + s.len], "\"bad\"");
        assert_eq!(s.header, Some((2, 10_001)));
        assert_eq!(s.first_line, 1);
    }

    #[test]
    fn a_lone_carriage_return_is_shown_not_sent() {
        let text = "{\n  \"a\": 1,\r::error::x \"b\": 2\r\n}\r\n";
        let at = text.find("\"b\"").unwrap();
        let shown = snippet(&window(text), Span::new(at, at + 3), None, 100);
        assert!(!shown.text.contains("\r::"), "{:?}", shown.text);
        assert!(shown.text.contains("␍::error::x"), "{:?}", shown.text);
        // Line ends of CRLF files are not hazards.
        let at = text.find('1').unwrap();
        let clean = snippet(&window("{\r\n  \"a\": 1\r\n}\r\n"), Span::new(at, at + 1), None, 100);
        assert_eq!(clean.text, "{\r\n  \"a\": 1\r\n}\r\n");
    }

    #[test]
    fn control_characters_are_shown_not_sent() {
        let w = window("{\"\u{1b}[2J\": 1, \"k\": \u{202e}2}");
        let s = snippet(&w, Span::new(17, 21), None, 80);
        assert!(!s.text.chars().any(is_hazard), "{}", s.text);
        assert!(s.text.contains("␛[2J"));
        assert_eq!(s.header, Some((1, 18)));
    }
}
