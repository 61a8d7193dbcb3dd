//! `conform catalog init [DIR]`: start a catalog from nothing.

use anyhow::Context;

use crate::args::CatalogInitArgs;
use crate::exit::Exit;

/// The starting `catalog.toml`, every key explained (docs/authoring.md).
const TEMPLATE: &str = r#"# The catalog: a versioned set of standards, published as one release.
# Reference: docs/authoring.md. Check it with `conform catalog lint`.

# Stable id of the catalog (kebab-case); reports name it with the release version.
id = "{id}"
# Release version of the catalog as a whole (semver); raise it on every publication.
version = "0.1.0"
title = "{id}"
# Where the generated reference is published: {standard}, {version} and {rule} are filled in.
# docs-url = "https://example.org/reference/{standard}/{version}/#{rule}"

# Standards live in <kind>/<id>/<version>/standard.toml, kind one of data, interface, process.
# Start one with `conform catalog new data <id>` (or interface, process).

# A profile bundles standards a product is certified against (`conform certify`):
# [[profile]]
# name = "service-portal"
# version = "1.0.0"
# title = "Service portal"
#
# [[profile.class]]
# name = "core"
# title = "What every portal must meet"
# mandatory = true
# standards = ["person@1"]
"#;

/// Runs `conform catalog init`.
pub fn run(args: &CatalogInitArgs) -> anyhow::Result<Exit> {
    let manifest = args.dir.join("catalog.toml");
    anyhow::ensure!(
        !manifest.exists(),
        "`{}` already exists: `conform catalog init` only starts a new catalog",
        manifest.display()
    );
    let id = match &args.id {
        Some(id) => id.clone(),
        None => default_id(&args.dir),
    };
    anyhow::ensure!(is_kebab(&id), "catalog id `{id}` is not kebab-case (lower-case letters, digits and `-`)");
    for kind in ["data", "interface", "process"] {
        let dir = args.dir.join(kind);
        std::fs::create_dir_all(&dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    }
    std::fs::write(&manifest, TEMPLATE.replace("{id}", &id))
        .with_context(|| format!("cannot write `{}`", manifest.display()))?;
    println!("created {} (catalog `{id}` 0.1.0)", manifest.display());
    println!("next: conform catalog new data my-standard {}", args.dir.display());
    Ok(Exit::Success)
}

/// The catalog id from the folder it is made in (`./standards` takes the current folder's
/// name), made kebab-case.
fn default_id(dir: &std::path::Path) -> String {
    let absolute = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let name = absolute
        .components()
        .rev()
        .map(|c| c.as_os_str().to_string_lossy().to_lowercase())
        .find(|name| name != "standards" && name != "." && !name.is_empty() && name != "/")
        .unwrap_or_else(|| "my-catalog".to_owned());
    let kebab: String = name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    let kebab = kebab.trim_matches('-').to_owned();
    if kebab.is_empty() || !kebab.starts_with(|c: char| c.is_ascii_lowercase()) {
        "my-catalog".to_owned()
    } else {
        kebab
    }
}

fn is_kebab(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_lowercase())
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.ends_with('-')
        && !id.contains("--")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_kebab_case() {
        assert!(is_kebab("nl-gov-2027"));
        assert!(!is_kebab("NL"));
        assert!(!is_kebab("a--b"));
        assert_eq!(default_id(std::path::Path::new("/tmp/My Agency/standards")), "my-agency");
    }
}
