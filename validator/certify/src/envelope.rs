//! The report file: the claim, its digest and its signatures, in one canonical JSON
//! document (DSSE-style, with the claim kept readable rather than base64-encoded).
//!
//! ```json
//! {"claim":{...},"digest":"sha256:...","payloadType":"application/vnd.conform.certification+json",
//!  "signatures":[{"keyid":"sha256:...","publicKey":"<base64>","sig":"<base64>"}]}
//! ```
//! `digest` is the sha-256 of the canonical claim; each `sig` is an Ed25519 signature over
//! DSSE's `PAE(payloadType, canonical claim)`, so [`Report::dsse`] gives a standard DSSE
//! envelope that any DSSE verifier accepts.

use ed25519_dalek::SigningKey;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::canonical;
use crate::claim::Claim;
use crate::sign::{self, SignatureEntry};

/// The DSSE payload type of certification claims.
pub const PAYLOAD_TYPE: &str = "application/vnd.conform.certification+json";

/// A report file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Report {
    /// [`PAYLOAD_TYPE`].
    pub payload_type: String,
    /// The claim, as JSON (kept as a value so verification digests exactly what was read).
    pub claim: Value,
    /// `sha256:` of the canonical claim.
    pub digest: String,
    /// Signatures over the claim; empty when unsigned.
    pub signatures: Vec<SignatureEntry>,
}

impl Report {
    /// Digests `claim` and signs it with `key`, when given.
    pub fn seal(claim: &Claim, key: Option<&SigningKey>) -> serde_json::Result<Self> {
        let claim = serde_json::to_value(claim)?;
        let body = canonical::to_canonical(&claim);
        Ok(Self {
            payload_type: PAYLOAD_TYPE.to_owned(),
            digest: canonical::sha256(&body),
            signatures: key.map(|key| sign::sign(key, PAYLOAD_TYPE, &body)).into_iter().collect(),
            claim,
        })
    }

    /// The file's bytes: the canonical form of the whole report, and a newline.
    pub fn to_bytes(&self) -> serde_json::Result<Vec<u8>> {
        let mut bytes = canonical::to_canonical(&serde_json::to_value(self)?);
        bytes.push(b'\n');
        Ok(bytes)
    }

    /// The canonical bytes of the claim, as signed.
    #[must_use]
    pub fn claim_bytes(&self) -> Vec<u8> {
        canonical::to_canonical(&self.claim)
    }

    /// The same claim and signatures as a standard DSSE envelope (base64 payload).
    #[must_use]
    pub fn dsse(&self) -> Value {
        let signatures: Vec<Value> = self.signatures.iter().map(|s| json!({"keyid": s.keyid, "sig": s.sig})).collect();
        json!({
            "payload": sign::base64(&self.claim_bytes()),
            "payloadType": self.payload_type,
            "signatures": signatures,
        })
    }
}
