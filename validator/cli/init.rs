//! `conform init`: writes a commented starter `conform.toml`.

use std::io::Write;
use std::path::Path;

use anyhow::Context;

use crate::args::InitArgs;
use crate::config::FILE_NAME;
use crate::exit::Exit;

/// The starter file. It parses as a valid configuration (a test makes sure).
pub const STARTER: &str = r#"# conform.toml: how `conform check` runs in this repository.
# `conform check` finds this file in the current directory or a parent; `--config FILE`
# names another. Paths and globs below are relative to this file.

# Catalog of standards: omit for the catalog built into conform, or name a directory.
# catalog = "standards"

# Lowest severity that fails the run (exit 1): "error" (default), "warning", "info", "never".
# `--fail-on` on the command line wins.
fail-on = "error"

# Paths never checked (globs). Files ignored by .gitignore are skipped as well.
ignore = [
  # "vendor/**",
  # "**/testdata/**",
]

# Which files are checked against which standards. `conform check` without paths checks
# every file under this folder matched by a glob; the first matching entry wins. Files no
# entry matches are checked against the standards the catalog detects for them.
# See `conform catalog list` for the standards and their versions.
#
# [[inputs]]
# glob = "exports/**/*.ndjson"
# standards = ["person@1"]
#
# [[inputs]]
# glob = "registry/**/*.json"
# standards = ["organization@1"]

# Per-rule severity: "error", "warning", "info", or "off" to stop reporting a rule.
[rules]
# PERSON-003 = "off"
"#;

/// Runs `conform init`.
pub fn run(args: &InitArgs) -> anyhow::Result<Exit> {
    let path = args.dir.join(FILE_NAME);
    write_starter(&path, args.force)?;
    eprintln!("wrote {}; edit its [[inputs]] and run `conform check`", path.display());
    Ok(Exit::Success)
}

fn write_starter(path: &Path, force: bool) -> anyhow::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if force {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    let mut file = options.open(path).map_err(|err| {
        if err.kind() == std::io::ErrorKind::AlreadyExists {
            anyhow::anyhow!("`{}` exists; pass --force to overwrite it", path.display())
        } else {
            anyhow::Error::new(err).context(format!("cannot write `{}`", path.display()))
        }
    })?;
    file.write_all(STARTER.as_bytes()).with_context(|| format!("cannot write `{}`", path.display()))
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    #[test]
    fn the_starter_file_is_a_valid_configuration() {
        let config = crate::config::parse(STARTER, Path::new(FILE_NAME), PathBuf::from(".")).unwrap();
        assert!(config.inputs.is_empty());
        assert!(config.rules.is_empty());
        let uncommented: String = STARTER
            .lines()
            .map(|line| line.strip_prefix("# ").filter(|l| l.contains(" = ") || l.starts_with('[')).unwrap_or(line))
            .fold(String::new(), |mut text, line| {
                text.push_str(line.trim_start_matches("  # "));
                text.push('\n');
                text
            });
        let config = crate::config::parse(&uncommented, Path::new(FILE_NAME), PathBuf::from(".")).unwrap();
        assert_eq!(config.inputs.len(), 2);
        assert_eq!(config.rules.len(), 1);
    }
}
