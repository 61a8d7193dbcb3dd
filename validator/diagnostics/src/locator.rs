//! Logical locations: where in the document's structure a finding is.

use std::fmt;

/// A format-specific logical location, reported beside the physical line and column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Locator {
    /// No logical location (e.g. a syntax error before any structure was read).
    #[default]
    None,
    /// An RFC 6901 JSON pointer (JSON, NDJSON, YAML), e.g. `/birthDate`.
    Pointer(String),
    /// An XPath-like element path with ids (XML, BPMN).
    Path(String),
    /// A CSV cell or row: `row` is 1-based with the header row being row 1.
    Cell {
        /// 1-based row number (header = 1).
        row: u64,
        /// Field name; `None` for row-level findings.
        field: Option<String>,
    },
}

impl Locator {
    /// The pointer/path text reported in the `pointer` field, if any.
    #[must_use]
    pub fn pointer(&self) -> Option<&str> {
        match self {
            Self::Pointer(p) | Self::Path(p) => Some(p),
            Self::None | Self::Cell { .. } => None,
        }
    }
}

impl fmt::Display for Locator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::None => Ok(()),
            Self::Pointer(p) if p.is_empty() => f.write_str("(document root)"),
            Self::Pointer(p) | Self::Path(p) => f.write_str(p),
            Self::Cell { row, field: Some(field) } => write!(f, "row {row}, field {field}"),
            Self::Cell { row, field: None } => write!(f, "row {row}"),
        }
    }
}

/// Decodes `%XX` escapes (a `$ref` is a URI reference: its fragment is a percent-encoded
/// JSON pointer); a `%` not followed by two hex digits is kept as written.
#[must_use]
pub fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = text.get(i + 1..i + 3)
            && let Ok(byte) = u8::from_str_radix(hex, 16)
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Escapes one reference token for a JSON pointer (RFC 6901: `~` → `~0`, `/` → `~1`).
#[must_use]
pub fn escape_pointer_token(token: &str) -> std::borrow::Cow<'_, str> {
    if token.contains(['~', '/']) { token.replace('~', "~0").replace('/', "~1").into() } else { token.into() }
}
