//! Access to input text for snippets, at render time.

use conform_diagnostics::Span;

/// Whole lines of a file around a span, for a source snippet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceWindow {
    /// The text: whole lines.
    pub text: String,
    /// File byte offset of `text`'s first byte.
    pub offset: usize,
    /// 1-based line number of `text`'s first line.
    pub first_line: usize,
}

/// Gives the renderer the text around a diagnostic (files are not kept in memory).
pub trait SourceProvider {
    /// The lines around `span` of `file`, whose start is at `line` (1-based).
    fn window(&self, file: &str, span: Span, line: usize) -> Option<SourceWindow>;
}

/// A provider that never has text (snippets are left out).
pub struct NoSources;

impl SourceProvider for NoSources {
    fn window(&self, _file: &str, _span: Span, _line: usize) -> Option<SourceWindow> {
        None
    }
}
