//! Requirement levels (RFC 2119) and the severities they map to.

use std::fmt;

use serde::{Deserialize, Serialize};

/// How binding a requirement is, in RFC 2119 terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Level {
    /// An absolute requirement; a violation is an error.
    Must,
    /// A recommendation; a violation is a warning.
    Should,
    /// An option; a finding is informational.
    May,
}

impl Level {
    /// The severity a violation of this level carries by default.
    #[must_use]
    pub fn severity(self) -> Severity {
        match self {
            Self::Must => Severity::Error,
            Self::Should => Severity::Warning,
            Self::May => Severity::Info,
        }
    }

    /// The upper-case keyword (`MUST`, `SHOULD`, `MAY`).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Must => "MUST",
            Self::Should => "SHOULD",
            Self::May => "MAY",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How serious a diagnostic is. Ordered from least to most severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A hint (Spectral's `hint`): less than informational.
    Hint,
    /// Informational.
    Info,
    /// A recommendation is not followed.
    Warning,
    /// A requirement is violated.
    Error,
}

impl Severity {
    /// The lower-case name used in reports.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Hint => "hint",
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
