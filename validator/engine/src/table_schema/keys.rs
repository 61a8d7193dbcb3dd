//! Integrity checks across rows: `unique` fields, the primary key, foreign keys and duplicate
//! rows. Only 128-bit hashes of key values are kept (with the row they were last seen on),
//! so memory grows with the number of keys, never with the size of the file.

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasher;
use std::sync::OnceLock;

use conform_diagnostics::Finding;

use super::errors::ErrorType;

/// A 128-bit hash of a key's canonical bytes.
pub type KeyHash = u128;

/// Hashes canonical key bytes with two independently seeded `SipHash` functions.
#[must_use]
pub fn hash_bytes(bytes: &[u8]) -> KeyHash {
    static SEEDS: OnceLock<(std::hash::RandomState, std::hash::RandomState)> = OnceLock::new();
    let (a, b) = SEEDS.get_or_init(|| (std::hash::RandomState::new(), std::hash::RandomState::new()));
    (u128::from(a.hash_one(bytes)) << 64) | u128::from(b.hash_one(bytes))
}

/// Where a foreign key's referenced values come from.
pub enum Lookup {
    /// A set known before the file is read (a code list, another file).
    Known {
        /// Hashes of the referenced keys.
        keys: std::sync::Arc<HashSet<KeyHash>>,
        /// How the target is named in messages.
        target: String,
    },
    /// This table: keys seen so far, and references not yet resolved.
    SameTable {
        /// Index into [`super::Layout::same_table`].
        index: usize,
        /// Referenced keys seen so far.
        seen: HashSet<KeyHash>,
        /// Findings to emit if their key never appears.
        pending: Vec<(KeyHash, Finding)>,
        /// How the target is named in messages.
        target: String,
    },
}

/// The state of the integrity checks while a file is read.
pub struct Integrity {
    /// Per `unique` field: value hash → last row.
    pub unique: Vec<HashMap<KeyHash, u64>>,
    /// Per `uniqueKeys` entry: key hash → last row.
    pub unique_keys: Vec<HashMap<KeyHash, u64>>,
    /// Primary key hash → last row.
    pub primary: HashMap<KeyHash, u64>,
    /// Row hash → first row (duplicate rows).
    pub rows: HashMap<KeyHash, u64>,
    /// Per foreign key.
    pub foreign: Vec<Lookup>,
}

impl Integrity {
    /// Records the same-table targets a row provides (before any row's references are judged).
    pub fn provide(&mut self, targets: &[Option<KeyHash>]) {
        for lookup in &mut self.foreign {
            if let Lookup::SameTable { index, seen, .. } = lookup
                && let Some(Some(hash)) = targets.get(*index)
            {
                seen.insert(*hash);
            }
        }
    }

    /// Findings still pending at the end of the file: references that never resolved.
    pub fn finish(self, out: &mut Vec<(ErrorType, Finding)>) {
        for lookup in self.foreign {
            if let Lookup::SameTable { seen, pending, .. } = lookup {
                out.extend(
                    pending
                        .into_iter()
                        .filter(|(hash, _)| !seen.contains(hash))
                        .map(|(_, finding)| (ErrorType::ForeignKey, finding)),
                );
            }
        }
    }
}
