//! Limits that keep hostile inputs from exhausting memory or time.

/// Size limits applied by the readers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest whole document read into memory (JSON, YAML, schemas), in bytes.
    pub max_document_bytes: u64,
    /// Longest single record of a streamed format (one NDJSON line), in bytes.
    pub max_record_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self { max_document_bytes: 512 * 1024 * 1024, max_record_bytes: 128 * 1024 * 1024 }
    }
}
