//! Attestations: the vendor's signed statements for requirements no tool can check.
//!
//! ```toml
//! [[attestation]]
//! requirement = "SEC-002"              # requirement id
//! standard = "security-baseline"       # optional: when two standards share an id
//! statement = "Daily backups; a full restore was tested on 2026-09-14."
//! responsible = "J. Jansen, CISO <ciso@example.com>"
//! date = "2026-09-14"                  # optional
//! evidence = ["https://example.com/restore-test-q3.pdf", "evidence/restore-q3.log"]
//!
//! [[attestation]]
//! requirement = "ORG-001"
//! applicable = false                   # the requirement does not apply; say why
//! statement = "The product exchanges no organisation records."
//! responsible = "J. Jansen, CISO <ciso@example.com>"
//!
//! [[attestation]]
//! standard = "public-service-process"  # no `requirement`: the whole standard
//! applicable = false                   # (only a declaration that it does not apply)
//! statement = "The product runs no service process."
//! responsible = "J. Jansen, CISO <ciso@example.com>"
//! ```
//! Evidence that is not a URL is a file relative to the attestations file; its sha-256
//! goes into the report.

use std::path::{Path, PathBuf};

use conform_diagnostics::{LineIndex, Span};
use serde::Deserialize;
use toml::Spanned;

use crate::canonical;
use crate::claim::{AttestationRecord, Evidence};

/// Why an attestations file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum AttestError {
    /// The file cannot be read.
    #[error("cannot read `{path}`: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is read but wrong at a position.
    #[error("{file}:{line}:{column}: {message}")]
    Invalid {
        /// The file.
        file: String,
        /// 1-based line.
        line: u32,
        /// 1-based column.
        column: u32,
        /// What is wrong.
        message: String,
    },
}

/// One attestation, as written.
#[derive(Debug, Clone)]
pub struct Attestation {
    /// The requirement id it is about; `None` for a declaration that a whole standard does
    /// not apply.
    pub requirement: Option<String>,
    /// The standard id, when given.
    pub standard: Option<String>,
    /// Where `requirement` (or `standard`) is written, for messages.
    pub at: Position,
    /// What goes into the report.
    pub record: AttestationRecord,
}

/// A position in the attestations file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    /// The file, as given.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
}

impl Position {
    /// An error at this position.
    #[must_use]
    pub fn error(&self, message: impl Into<String>) -> AttestError {
        AttestError::Invalid { file: self.file.clone(), line: self.line, column: self.column, message: message.into() }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default, rename = "attestation")]
    attestations: Vec<RawAttestation>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAttestation {
    #[serde(default)]
    requirement: Option<Spanned<String>>,
    #[serde(default)]
    standard: Option<Spanned<String>>,
    statement: Spanned<String>,
    responsible: Spanned<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    evidence: Vec<Spanned<String>>,
    #[serde(default = "applicable_by_default")]
    applicable: bool,
}

fn applicable_by_default() -> bool {
    true
}

/// Reads an attestations file, hashing the evidence files it names.
pub fn read(path: &Path) -> Result<Vec<Attestation>, AttestError> {
    let bytes = std::fs::read(path).map_err(|source| AttestError::Read { path: path.to_owned(), source })?;
    let file = path.display().to_string();
    let text = String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes)).into_owned();
    let at = |range: std::ops::Range<usize>| {
        let span = Span::new(range.start, range.end);
        let location = LineIndex::new(text.as_bytes()).location(text.as_bytes(), span);
        Position { file: file.clone(), line: location.start.line, column: location.start.column }
    };
    let raw: RawFile = toml::from_str(&text).map_err(|err| {
        let position = at(err.span().unwrap_or(0..0));
        position.error(err.message().trim_end())
    })?;
    let base = path.parent().unwrap_or(Path::new("."));
    let mut out = Vec::with_capacity(raw.attestations.len());
    for (index, entry) in raw.attestations.into_iter().enumerate() {
        let position = match (&entry.requirement, &entry.standard) {
            (Some(requirement), _) => at(requirement.span()),
            (None, Some(standard)) => at(standard.span()),
            (None, None) => {
                return Err(at(entry.statement.span())
                    .error(format!("attestation {} names neither a `requirement` nor a `standard`", index + 1)));
            }
        };
        if entry.requirement.is_none() && entry.applicable {
            return Err(position.error(
                "an attestation for a whole standard can only declare that it does not apply (`applicable = false`); attest requirements one by one",
            ));
        }
        for (field, value) in [("statement", &entry.statement), ("responsible", &entry.responsible)] {
            if value.get_ref().trim().is_empty() {
                return Err(at(value.span()).error(format!("`{field}` must not be empty")));
            }
        }
        if entry.applicable && entry.evidence.is_empty() {
            return Err(position.error("an attestation must cite `evidence` (URLs or files)"));
        }
        let mut evidence = Vec::with_capacity(entry.evidence.len());
        for item in &entry.evidence {
            evidence.push(evidence_of(item.get_ref(), base).map_err(|message| at(item.span()).error(message))?);
        }
        out.push(Attestation {
            requirement: entry.requirement.map(Spanned::into_inner),
            standard: entry.standard.map(Spanned::into_inner),
            at: position,
            record: AttestationRecord {
                applicable: entry.applicable,
                statement: entry.statement.into_inner().trim().to_owned(),
                responsible: entry.responsible.into_inner().trim().to_owned(),
                date: entry.date,
                evidence,
            },
        });
    }
    Ok(out)
}

fn evidence_of(reference: &str, base: &Path) -> Result<Evidence, String> {
    if reference.contains("://") {
        return Ok(Evidence { reference: reference.to_owned(), sha256: None });
    }
    let path = base.join(reference);
    let file = std::fs::File::open(&path).map_err(|err| format!("cannot read evidence `{}`: {err}", path.display()))?;
    let (digest, _) =
        canonical::sha256_reader(file).map_err(|err| format!("cannot read evidence `{}`: {err}", path.display()))?;
    Ok(Evidence { reference: reference.to_owned(), sha256: Some(digest) })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, text: &str) -> PathBuf {
        let path = dir.join("attestations.toml");
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn reads_attestations_and_hashes_evidence_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("log.txt"), "abc").unwrap();
        let path = write(
            dir.path(),
            "[[attestation]]\nrequirement = \"SEC-001\"\nstatement = \" yes \"\nresponsible = \"R\"\nevidence = [\"log.txt\", \"https://e.example/x\"]\n",
        );
        let read = read(&path).unwrap();
        assert_eq!(read[0].record.statement, "yes");
        assert_eq!(read[0].at.line, 2);
        assert_eq!(read[0].record.evidence[0].sha256.as_deref(), Some(canonical::sha256(b"abc").as_str()));
        assert_eq!(read[0].record.evidence[1].sha256, None);
    }

    #[test]
    fn errors_carry_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            dir.path(),
            "[[attestation]]\nrequirement = \"SEC-001\"\nstatement = \"s\"\nresponsible = \"R\"\nevidence = [\"missing.pdf\"]\n",
        );
        let err = read(&path).unwrap_err().to_string();
        assert!(err.contains(":5:13: cannot read evidence"), "{err}");
        let path = write(dir.path(), "[[attestation]]\nrequirement = \"SEC-001\"\nstatment = \"s\"\n");
        let err = read(&path).unwrap_err().to_string();
        assert!(err.contains(":3:1:"), "{err}");
        let path = write(dir.path(), "[[attestation]]\nrequirement = \"X\"\nstatement = \"s\"\nresponsible = \"R\"\n");
        assert!(read(&path).unwrap_err().to_string().contains("must cite `evidence`"));
        let path = write(
            dir.path(),
            "[[attestation]]\nstandard = \"rest-api\"\nstatement = \"s\"\nresponsible = \"R\"\nevidence = []\n",
        );
        assert!(read(&path).unwrap_err().to_string().contains(":2:12: an attestation for a whole standard"));
        let path = write(dir.path(), "[[attestation]]\nstatement = \"s\"\nresponsible = \"R\"\n");
        assert!(read(&path).unwrap_err().to_string().contains("neither a `requirement` nor a `standard`"));
    }
}
