//! The diagnostic model shared by every part of `conform`.
//!
//! Checks produce [`Finding`]s (a span, a logical [`Locator`], a message and help); the
//! engine stamps them with a [`RuleStamp`] (rule id, standard, version, level, severity,
//! docs URL) to make a [`Diagnostic`]. Positions travel as byte [`Span`]s and are resolved
//! to 1-based line/column [`Location`]s with a [`LineIndex`] before they leave the reader
//! that still holds the text (streamed inputs do not keep whole files).

mod diagnostic;
mod level;
mod line_index;
mod locator;
mod span;

pub use diagnostic::{Diagnostic, Finding, RuleStamp, SYNTAX_RULE, SubRule};
pub use level::{Level, Severity};
pub use line_index::{LineCol, LineIndex, Location};
pub use locator::{Locator, escape_pointer_token, percent_decode};
pub use span::Span;
