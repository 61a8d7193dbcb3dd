//! The shapes of compiled checks, and the inputs they run on.

use std::io::{self, BufRead, BufReader, Read};
use std::path::PathBuf;
use std::sync::Arc;

use conform_diagnostics::Finding;
use conform_formats::Format;
use serde_json::Value;

/// Whether a JSON value is a whole document or one record of a stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    /// A JSON document (which may hold many records).
    Document,
    /// One NDJSON line.
    Record,
}

/// A finding located by JSON pointer; the driver resolves the pointer to a span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PointerFinding {
    /// RFC 6901 pointer of the offending node.
    pub pointer: String,
    /// Point at the member's key rather than its value (unexpected or missing members).
    pub at_key: bool,
    /// What is wrong.
    pub message: String,
    /// How to fix it, when more specific than the requirement's `fix`.
    pub help: Option<String>,
}

/// A check over parsed JSON values (JSON documents and NDJSON records).
pub trait RecordCheck: Send + Sync {
    /// Checks one value, pushing findings located by pointer.
    fn check_value(&self, value: &Value, kind: DocumentKind, out: &mut Vec<PointerFinding>);
}

/// A check that reads a whole input itself (CSV, XML, API contracts, process models).
pub trait FileCheck: Send + Sync {
    /// Whether this check reads inputs of `format`.
    fn accepts(&self, format: Format) -> bool;

    /// Checks one input, pushing findings with spans and resolved locations.
    fn check_file(&self, input: &Input, format: Format, out: &mut Vec<Finding>) -> io::Result<()>;
}

/// A compiled requirement check.
#[derive(Clone)]
pub enum Compiled {
    /// Runs on the JSON values of JSON, NDJSON and YAML inputs.
    Record(Arc<dyn RecordCheck>),
    /// Reads whole inputs.
    File(Arc<dyn FileCheck>),
    /// Not machine-checkable: attested by the vendor (`conform certify`).
    Manual,
}

impl Compiled {
    /// Whether this check runs on inputs of `format`.
    #[must_use]
    pub fn accepts(&self, format: Format) -> bool {
        match self {
            Self::Record(_) => matches!(format, Format::Json | Format::Ndjson | Format::Yaml),
            Self::File(check) => check.accepts(format),
            Self::Manual => false,
        }
    }
}

/// One input to check: a file, or bytes read from standard input.
#[derive(Debug, Clone)]
pub struct Input {
    /// The name shown in diagnostics (the path as given, or `-`).
    pub name: Arc<str>,
    /// Where the bytes are.
    pub origin: Origin,
}

/// Where an input's bytes come from.
#[derive(Debug, Clone)]
pub enum Origin {
    /// A file on disk.
    Path(PathBuf),
    /// Bytes already in memory (standard input).
    Bytes(Arc<[u8]>),
}

impl Input {
    /// An input file.
    #[must_use]
    pub fn file(path: PathBuf) -> Self {
        Self { name: Arc::from(path.to_string_lossy().as_ref()), origin: Origin::Path(path) }
    }

    /// Standard input, already read.
    #[must_use]
    pub fn stdin(bytes: Vec<u8>) -> Self {
        Self { name: Arc::from("-"), origin: Origin::Bytes(bytes.into()) }
    }

    /// A buffered reader over the input's bytes.
    pub fn open(&self) -> io::Result<Box<dyn BufRead + Send>> {
        match &self.origin {
            Origin::Path(path) => Ok(Box::new(BufReader::with_capacity(256 * 1024, std::fs::File::open(path)?))),
            Origin::Bytes(bytes) => Ok(Box::new(io::Cursor::new(Arc::clone(bytes)))),
        }
    }

    /// An unbuffered reader over the input's bytes, for readers that read in large
    /// chunks of their own (a buffer in between would only copy).
    pub fn open_unbuffered(&self) -> io::Result<Box<dyn Read + Send>> {
        match &self.origin {
            Origin::Path(path) => Ok(Box::new(std::fs::File::open(path)?)),
            Origin::Bytes(bytes) => Ok(Box::new(io::Cursor::new(Arc::clone(bytes)))),
        }
    }

    /// Reads the whole input, refusing more than `limit` bytes.
    pub fn read_all(&self, limit: u64) -> io::Result<Vec<u8>> {
        let mut bytes = Vec::new();
        self.open()?.take(limit + 1).read_to_end(&mut bytes)?;
        if bytes.len() as u64 > limit {
            return Err(io::Error::other(format!(
                "input is larger than the {} MiB limit for whole documents",
                limit / (1024 * 1024)
            )));
        }
        Ok(bytes)
    }

    /// The first bytes of the input, for format detection.
    pub fn head(&self, len: usize) -> io::Result<Vec<u8>> {
        let mut bytes = Vec::with_capacity(len);
        self.open()?.take(len as u64).read_to_end(&mut bytes)?;
        Ok(bytes)
    }
}

/// A syntax error that stops a [`FileCheck`] from reading its input at all.
///
/// A file check returns it as the source of an `io::Error` ([`SyntaxFailure::into_io`]);
/// the driver reports it once, as a `syntax` diagnostic at the error's position, and runs no
/// further file check on that input.
#[derive(Debug, thiserror::Error)]
#[error("{}", .0.message)]
pub struct SyntaxFailure(pub Finding);

impl SyntaxFailure {
    /// Wraps the failure in an `io::Error` of kind `InvalidData`.
    #[must_use]
    pub fn into_io(self) -> io::Error {
        io::Error::new(io::ErrorKind::InvalidData, self)
    }

    /// The syntax finding inside `err`, or `err` itself when it is another I/O error.
    pub fn from_io(err: io::Error) -> Result<Finding, io::Error> {
        if !err.get_ref().is_some_and(<dyn std::error::Error + Send + Sync>::is::<Self>) {
            return Err(err);
        }
        match err.into_inner().map(<dyn std::error::Error + Send + Sync>::downcast::<Self>) {
            Some(Ok(failure)) => Ok(failure.0),
            _ => Err(io::Error::other("syntax failure lost its finding")),
        }
    }
}
