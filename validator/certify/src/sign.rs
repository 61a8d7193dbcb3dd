//! Ed25519 keys and DSSE signatures over canonical claims.
//!
//! Keys are stored as PEM (PKCS#8 private keys, SPKI public keys), the formats OpenSSL and
//! most signing tools read. A signature covers the DSSE pre-authentication encoding
//! (`PAE`) of the payload type and the canonical claim, so the claim can be re-wrapped in
//! a standard DSSE envelope and checked with any DSSE verifier.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use ed25519_dalek::pkcs8::spki::der::pem::LineEnding;
use ed25519_dalek::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};

use crate::canonical;

/// Why a key could not be made, read or used.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// The operating system gave no randomness.
    #[error("no randomness available to generate a key: {0}")]
    Random(String),
    /// A PEM file is not an Ed25519 key of the expected kind.
    #[error("not an Ed25519 {kind} key in PEM form ({message})")]
    Pem {
        /// `private` or `public`.
        kind: &'static str,
        /// The decoder's message.
        message: String,
    },
}

/// A signature entry of a report, DSSE-style.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SignatureEntry {
    /// `sha256:` digest of the raw 32-byte public key.
    pub keyid: String,
    /// The raw public key, base64, so a report can be checked before its key is trusted.
    pub public_key: String,
    /// The Ed25519 signature over `PAE(payloadType, canonical claim)`, base64.
    pub sig: String,
}

/// A new random signing key.
pub fn generate() -> Result<SigningKey, KeyError> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|err| KeyError::Random(err.to_string()))?;
    Ok(SigningKey::from_bytes(&seed))
}

/// The private key as PKCS#8 PEM.
pub fn private_pem(key: &SigningKey) -> Result<String, KeyError> {
    key.to_pkcs8_pem(LineEnding::LF)
        .map(|pem| pem.to_string())
        .map_err(|err| KeyError::Pem { kind: "private", message: err.to_string() })
}

/// The public key as SPKI PEM.
pub fn public_pem(key: &VerifyingKey) -> Result<String, KeyError> {
    key.to_public_key_pem(LineEnding::LF).map_err(|err| KeyError::Pem { kind: "public", message: err.to_string() })
}

/// Reads a PKCS#8 PEM private key.
pub fn read_private(pem: &str) -> Result<SigningKey, KeyError> {
    SigningKey::from_pkcs8_pem(pem).map_err(|err| KeyError::Pem { kind: "private", message: err.to_string() })
}

/// Reads an SPKI PEM public key.
pub fn read_public(pem: &str) -> Result<VerifyingKey, KeyError> {
    VerifyingKey::from_public_key_pem(pem).map_err(|err| KeyError::Pem { kind: "public", message: err.to_string() })
}

/// The key id of a public key: `sha256:` of its raw bytes.
#[must_use]
pub fn key_id(key: &VerifyingKey) -> String {
    canonical::sha256(key.as_bytes())
}

/// DSSE's pre-authentication encoding: `DSSEv1 SP LEN(type) SP type SP LEN(body) SP body`.
#[must_use]
pub fn pae(payload_type: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!("DSSEv1 {} {payload_type} {} ", payload_type.len(), body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// Signs `body` (a canonical claim) of `payload_type`.
#[must_use]
pub fn sign(key: &SigningKey, payload_type: &str, body: &[u8]) -> SignatureEntry {
    let signature = key.sign(&pae(payload_type, body));
    let public = key.verifying_key();
    SignatureEntry {
        keyid: key_id(&public),
        public_key: BASE64.encode(public.as_bytes()),
        sig: BASE64.encode(signature.to_bytes()),
    }
}

/// What checking one signature entry found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureCheck {
    /// The signature is valid for the key it names.
    Valid(VerifyingKey),
    /// The entry is malformed or the signature does not match.
    Invalid(String),
}

/// Checks one signature entry over `body`, with the public key the entry carries.
#[must_use]
pub fn check(entry: &SignatureEntry, payload_type: &str, body: &[u8]) -> SignatureCheck {
    let key = match BASE64.decode(&entry.public_key).ok().and_then(|b| <[u8; 32]>::try_from(b).ok()) {
        Some(bytes) => match VerifyingKey::from_bytes(&bytes) {
            Ok(key) => key,
            Err(err) => return SignatureCheck::Invalid(format!("the public key is not an Ed25519 point: {err}")),
        },
        None => return SignatureCheck::Invalid("the public key is not 32 base64-encoded bytes".to_owned()),
    };
    if key_id(&key) != entry.keyid {
        return SignatureCheck::Invalid(format!("the key id {} does not name the public key it carries", entry.keyid));
    }
    let Some(signature) = BASE64.decode(&entry.sig).ok().and_then(|b| <[u8; 64]>::try_from(b).ok()) else {
        return SignatureCheck::Invalid("the signature is not 64 base64-encoded bytes".to_owned());
    };
    match key.verify(&pae(payload_type, body), &Signature::from_bytes(&signature)) {
        Ok(()) => SignatureCheck::Valid(key),
        Err(_) => SignatureCheck::Invalid(format!("the signature by {} does not match the claim", entry.keyid)),
    }
}

/// Base64 of `bytes` (DSSE payloads).
#[must_use]
pub fn base64(bytes: &[u8]) -> String {
    BASE64.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pae_matches_the_dsse_specification() {
        assert_eq!(
            pae("http://example.com/HelloWorld", b"hello world"),
            b"DSSEv1 29 http://example.com/HelloWorld 11 hello world"
        );
    }

    #[test]
    fn keys_round_trip_through_pem_and_sign() {
        let key = generate().unwrap();
        let again = read_private(&private_pem(&key).unwrap()).unwrap();
        assert_eq!(key.to_bytes(), again.to_bytes());
        let public = read_public(&public_pem(&key.verifying_key()).unwrap()).unwrap();
        let entry = sign(&again, "t", b"{}");
        assert_eq!(check(&entry, "t", b"{}"), SignatureCheck::Valid(public));
        assert!(matches!(check(&entry, "t", b"{ }"), SignatureCheck::Invalid(_)));
        assert!(matches!(check(&entry, "u", b"{}"), SignatureCheck::Invalid(_)));
        assert!(read_public(&private_pem(&key).unwrap()).is_err());
    }
}
