//! Input formats: detection, and readers that keep byte positions.
//!
//! Every reader reports syntax problems as [`SyntaxError`]s with a byte span, never by
//! panicking, and every structural node it yields can be traced back to the bytes it came
//! from (a [`SpanIndex`] maps JSON pointers to key and value spans).

pub mod csv;
mod detect;
pub mod json;
pub mod limits;
pub mod ndjson;
mod span_index;
mod syntax;
pub mod text;
pub mod xml;
pub mod yaml;

pub use detect::{Format, detect};
pub use limits::Limits;
pub use span_index::{NodeSpan, SpanIndex};
pub use syntax::SyntaxError;
