//! Source text for snippets: read back from input files at render time (inputs are
//! streamed, not kept), or from memory.

use std::io::{Read, Seek, SeekFrom};
use std::sync::Arc;

use conform_diagnostics::Span;
use conform_report::{SourceProvider, SourceWindow};

/// Bytes of context read on each side of a span.
const CONTEXT_BYTES: usize = 4096;
/// Bytes kept before a span whose line began before the window.
const LEAD_BYTES: usize = 200;
/// The mark of a line cut at its start.
const CUT: &str = "…";
/// Longest span shown in full.
const MAX_SPAN_BYTES: usize = 16 * 1024;

/// Reads windows from the input files (and standard input, kept in memory).
pub struct FileSources {
    /// Standard input's bytes, if it was an input.
    pub stdin: Option<Arc<[u8]>>,
}

impl SourceProvider for FileSources {
    fn window(&self, file: &str, span: Span, line: usize) -> Option<SourceWindow> {
        let start = span.start.saturating_sub(CONTEXT_BYTES);
        let len = span.len().min(MAX_SPAN_BYTES) + (span.start - start) + CONTEXT_BYTES;
        let bytes = if file == "-" {
            let stdin = self.stdin.as_ref()?;
            stdin.get(start..(start + len).min(stdin.len()))?.to_vec()
        } else {
            let mut handle = std::fs::File::open(file).ok()?;
            handle.seek(SeekFrom::Start(start as u64)).ok()?;
            let mut bytes = Vec::with_capacity(len);
            handle.take(len as u64).read_to_end(&mut bytes).ok()?;
            bytes
        };
        window_of(&bytes, start, span, line)
    }
}

/// Cuts `bytes` (read from file offset `start`) to whole lines around `span`.
fn window_of(bytes: &[u8], start: usize, span: Span, line: usize) -> Option<SourceWindow> {
    let local = span.start.checked_sub(start)?;
    if local > bytes.len() {
        return None;
    }
    // Drop the partial first line unless the window starts the file; when the span's own
    // line began before the window, keep its end, marked `…` as cut.
    let line_start = memchr::memchr(b'\n', &bytes[..local]).map(|i| i + 1);
    let (cut_front, marked) = match line_start {
        _ if start == 0 => (0, false),
        Some(at) => (at, false),
        None => {
            let mut at = local.saturating_sub(LEAD_BYTES);
            while at < local && (bytes[at] & 0xC0) == 0x80 {
                at += 1;
            }
            (at, true)
        }
    };
    let tail = &bytes[local..];
    let cut_back = local + tail.iter().rposition(|&b| b == b'\n').unwrap_or(tail.len());
    let mut text = if marked { CUT.to_owned() } else { String::new() };
    push_decoded(&mut text, &bytes[cut_front..cut_back.max(cut_front)]);
    let lines_before = memchr::memchr_iter(b'\n', &bytes[cut_front..local]).count();
    // The mark sits just before the kept bytes, so file offsets still map one to one.
    let offset = start + cut_front - if marked { CUT.len() } else { 0 };
    Some(SourceWindow { text, offset, first_line: line.checked_sub(lines_before)?.max(1) })
}

/// Appends `bytes` as text, each byte that is not UTF-8 as one U+001A SUBSTITUTE, so that
/// file offsets still map one to one onto the text (U+FFFD takes three bytes, and every
/// span after it would point two bytes early). The snippet shows SUBSTITUTE as `␚`.
fn push_decoded(text: &mut String, bytes: &[u8]) {
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        text.extend(std::iter::repeat_n('\u{1a}', chunk.invalid().len()));
    }
}

/// Serves whole texts held in memory (catalog manifests).
pub struct MemorySources(pub Vec<(String, String)>);

impl SourceProvider for MemorySources {
    fn window(&self, file: &str, _span: Span, _line: usize) -> Option<SourceWindow> {
        let (_, text) = self.0.iter().find(|(name, _)| name == file)?;
        Some(SourceWindow { text: text.clone(), offset: 0, first_line: 1 })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_that_began_before_the_window_is_kept_marked_as_cut() {
        let bytes = format!("{}\"x\"]\n", "1,".repeat(3000));
        let start = 1000;
        let span = Span::new(6000, 6003);
        let window = window_of(&bytes.as_bytes()[start..], start, span, 1).unwrap();
        assert!(window.text.starts_with('…'), "{}", &window.text[..20]);
        let local = span.start - window.offset;
        assert_eq!(&window.text[local..local + 3], "\"x\"");
        assert_eq!(window.first_line, 1);
    }

    #[test]
    fn bytes_that_are_not_utf8_keep_the_offsets_of_what_follows() {
        let bytes = b"3,o\xe9,3\r\nx,\"\xc3\xa9\nz";
        let at = bytes.iter().position(|&b| b == b'x').unwrap();
        let window = window_of(bytes, 0, Span::new(at, at + 1), 2).unwrap();
        assert_eq!(&window.text[at..=at], "x");
        assert!(window.text.starts_with("3,o\u{1a},3"), "{:?}", window.text);
    }
}
