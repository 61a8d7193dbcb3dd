//! Content digests of catalogs and standard versions.

use sha2::{Digest, Sha256};

use crate::{CatalogError, CatalogSource};

/// `sha256:<hex>` over the canonical content of `files` (sorted `/`-separated paths).
///
/// Each file contributes its path, its length and its bytes with CRLF normalised to LF,
/// so the digest is the same on every platform and checkout.
pub fn digest_files(source: &CatalogSource, files: &[String]) -> Result<String, CatalogError> {
    let mut hasher = Sha256::new();
    for file in files {
        let bytes = source.read(file)?;
        let content = normalise_newlines(&bytes);
        hasher.update(file.as_bytes());
        hasher.update([0]);
        hasher.update(content.len().to_string().as_bytes());
        hasher.update([0]);
        hasher.update(&content);
    }
    Ok(format!("sha256:{}", hex(&hasher.finalize())))
}

fn normalise_newlines(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut iter = bytes.iter().peekable();
    while let Some(&b) = iter.next() {
        if b == b'\r' && iter.peek() == Some(&&b'\n') {
            continue;
        }
        out.push(b);
    }
    out
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}
