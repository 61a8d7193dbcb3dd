//! Test support shared by the workspace's tests: where the workspace and the external
//! test corpora (`../shared/corpora`, beside the checkout) are.

use std::path::PathBuf;

/// The workspace root (the folder of the root `Cargo.toml`).
#[must_use]
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("the workspace root exists")
}

/// `../shared/corpora/<rel>` beside the checkout, if present.
///
/// When it is absent the test should skip: this prints a visible message and returns
/// `None`, except under CI (`CI=true`), where a missing corpus fails the test so CI always
/// runs it.
#[must_use]
pub fn corpus(rel: &str) -> Option<PathBuf> {
    let path = workspace_root().join("../shared/corpora").join(rel);
    if path.exists() {
        return Some(path);
    }
    assert!(std::env::var("CI").as_deref() != Ok("true"), "corpus `{}` is missing under CI", path.display());
    eprintln!(
        "SKIPPED: corpus `{}` not found (clone with ../shared beside the checkout to run this test)",
        path.display()
    );
    None
}
