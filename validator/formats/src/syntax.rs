//! Syntax errors found while reading an input.

use conform_diagnostics::Span;

/// A problem that stops an input (or one record of it) from being read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct SyntaxError {
    /// Where the problem is, in bytes of the text that was read.
    pub span: Span,
    /// What is wrong.
    pub message: String,
}

impl SyntaxError {
    /// A syntax error at `span`.
    #[must_use]
    pub fn new(span: Span, message: impl Into<String>) -> Self {
        Self { span, message: message.into() }
    }

    /// The same error with its span moved `by` bytes forward.
    #[must_use]
    pub fn shifted(self, by: usize) -> Self {
        Self { span: self.span.shifted(by), ..self }
    }
}
