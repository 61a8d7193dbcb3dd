//! Which format an input is in, from its name and first bytes.

use std::fmt;
use std::path::Path;
use std::str::FromStr;

/// An input format `conform` can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// One JSON document.
    Json,
    /// Newline-delimited JSON: one record per line.
    Ndjson,
    /// YAML (API contracts).
    Yaml,
    /// Comma- (or otherwise) separated values.
    Csv,
    /// XML documents (including BPMN models).
    Xml,
}

impl Format {
    /// Every format, for listings and error messages.
    pub const ALL: [Format; 5] = [Self::Json, Self::Ndjson, Self::Yaml, Self::Csv, Self::Xml];

    /// The lower-case name used in the catalog (`detect = { formats = [...] }`).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Json => "json",
            Self::Ndjson => "ndjson",
            Self::Yaml => "yaml",
            Self::Csv => "csv",
            Self::Xml => "xml",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|f| f.as_str() == s).ok_or_else(|| {
            let names: Vec<_> = Self::ALL.iter().map(|f| f.as_str()).collect();
            format!("unknown format `{s}` (expected one of: {})", names.join(", "))
        })
    }
}

/// Detects the format of `path` from its extension, falling back to its first bytes.
///
/// Returns `None` when neither says anything recognisable.
#[must_use]
pub fn detect(path: &Path, head: &[u8]) -> Option<Format> {
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("json" | "geojson") => return Some(Format::Json),
        Some("ndjson" | "jsonl" | "jsonlines") => return Some(Format::Ndjson),
        Some("yaml" | "yml") => return Some(Format::Yaml),
        Some("csv" | "tsv") => return Some(Format::Csv),
        Some("xml" | "bpmn" | "xsd") => return Some(Format::Xml),
        _ => {}
    }
    sniff(head)
}

/// Guesses a format from content alone (stdin, files without a known extension).
fn sniff(head: &[u8]) -> Option<Format> {
    let (text, _) = crate::text::strip_bom(head);
    let start = text.iter().position(|b| !b.is_ascii_whitespace())?;
    let text = &text[start..];
    match text[0] {
        b'<' => Some(Format::Xml),
        b'{' | b'[' => {
            // Two complete top-level lines that both start a JSON value mean NDJSON.
            let mut lines = text.split(|&b| b == b'\n').filter(|l| !l.trim_ascii().is_empty());
            let first_line_closed = lines.next().is_some_and(|l| l.trim_ascii().ends_with(b"}"));
            let second_starts = lines.next().is_some_and(|l| l.trim_ascii_start().starts_with(b"{"));
            if first_line_closed && second_starts { Some(Format::Ndjson) } else { Some(Format::Json) }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extension_wins() {
        assert_eq!(detect(Path::new("a.JSONL"), b""), Some(Format::Ndjson));
        assert_eq!(detect(Path::new("m.bpmn"), b""), Some(Format::Xml));
    }

    #[test]
    fn sniffs_content_without_extension() {
        assert_eq!(detect(Path::new("-"), b"{\"a\":1}\n{\"a\":2}\n"), Some(Format::Ndjson));
        assert_eq!(detect(Path::new("-"), b"{\n \"a\": 1\n}\n"), Some(Format::Json));
        assert_eq!(detect(Path::new("-"), b"\xEF\xBB\xBF<?xml?>"), Some(Format::Xml));
        assert_eq!(detect(Path::new("-"), b"   "), None);
    }
}
