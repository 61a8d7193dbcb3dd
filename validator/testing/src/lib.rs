//! Test support shared by the workspace's tests: where the workspace and the external
//! test corpora (`../shared/corpora`, beside the checkout) are.

use std::path::{Path, PathBuf};

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

/// Unpacks the corpus archive `rel` (a `.zip`, or a `.tar.xz` / `.tar.gz`) once into `dir`
/// (a test's `CARGO_TARGET_TMPDIR/<name>`) and returns it, or `None` when the corpus is absent.
///
/// Safe when several tests of one binary, or several binaries, ask at once: the archive is
/// unpacked into a folder of this process's own and renamed into place, under a lock that
/// serialises the tests of one process; a complete folder (marked by a `.complete` file) is
/// reused.
#[must_use]
pub fn unpack(rel: &str, dir: PathBuf) -> Option<PathBuf> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let archive = corpus(rel)?;
    let _guard = LOCK.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if dir.join(".complete").exists() {
        return Some(dir);
    }
    let partial = dir.with_extension(format!("partial-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&partial);
    std::fs::create_dir_all(&partial).expect("the unpack folder can be created");
    extract(&archive, &partial);
    std::fs::write(partial.join(".complete"), b"").expect("the unpack folder is writable");
    if !dir.join(".complete").exists() {
        let _ = std::fs::remove_dir_all(&dir);
        if std::fs::rename(&partial, &dir).is_ok() {
            return Some(dir);
        }
    }
    // Another process put a complete copy in place first.
    let _ = std::fs::remove_dir_all(&partial);
    assert!(dir.join(".complete").exists(), "{} could not be unpacked into {}", archive.display(), dir.display());
    Some(dir)
}

/// Extracts `archive` into the empty folder `into`: `tar` for tarballs; `unzip`, or Python's
/// `zipfile` where `unzip` is not installed, for a zip.
fn extract(archive: &Path, into: &Path) {
    use std::process::Command;
    let name = archive.to_string_lossy();
    let status = if name.ends_with(".zip") {
        match Command::new("unzip").arg("-q").arg(archive).arg("-d").arg(into).status() {
            Ok(status) => status,
            Err(_) => Command::new("python3")
                .args(["-m", "zipfile", "-e"])
                .arg(archive)
                .arg(into)
                .status()
                .expect("`unzip` or `python3` runs (to unpack a zip corpus)"),
        }
    } else {
        Command::new("tar").arg("-xf").arg(archive).arg("-C").arg(into).status().expect("`tar` runs")
    };
    assert!(status.success(), "unpacking {} failed ({status})", archive.display());
}
