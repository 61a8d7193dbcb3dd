//! `conform keygen`: an Ed25519 key pair for signing certification reports.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use conform_certify::sign;

use crate::args::KeygenArgs;
use crate::exit::Exit;

/// Runs `conform keygen`.
pub fn run(args: &KeygenArgs) -> anyhow::Result<Exit> {
    let private_path = with_suffix(&args.out, "key");
    let public_path = with_suffix(&args.out, "pub");
    for path in [&private_path, &public_path] {
        if path.exists() && !args.force {
            bail!("`{}` exists; choose another --out PREFIX or pass --force", path.display());
        }
    }
    let key = sign::generate()?;
    write_private(&private_path, &sign::private_pem(&key)?)?;
    std::fs::write(&public_path, sign::public_pem(&key.verifying_key())?)
        .with_context(|| format!("cannot write `{}`", public_path.display()))?;
    println!("wrote {} (keep it secret) and {}", private_path.display(), public_path.display());
    println!("key id {}", sign::key_id(&key.verifying_key()));
    Ok(Exit::Success)
}

fn with_suffix(prefix: &Path, suffix: &str) -> PathBuf {
    let mut name = prefix.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

/// Writes the private key readable by its owner only (on Unix).
fn write_private(path: &Path, pem: &str) -> anyhow::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).with_context(|| format!("cannot write `{}`", path.display()))?;
    file.write_all(pem.as_bytes()).with_context(|| format!("cannot write `{}`", path.display()))?;
    Ok(())
}
