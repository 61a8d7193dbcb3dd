//! `conform catalog docs [DIR] --out OUT`: the Markdown reference of a catalog.

use anyhow::Context;

use crate::args::DocsArgs;
use crate::catalog_lint::{fixtures_dir, load};
use crate::exit::Exit;

/// Runs `conform catalog docs`.
pub fn run(args: &DocsArgs) -> anyhow::Result<Exit> {
    let dir = args.target.catalog.resolve()?;
    let catalog = match load(&dir)? {
        Ok(catalog) => catalog,
        Err(sink) => anyhow::bail!("the catalog has {} problem(s); run `conform catalog lint`", sink.diagnostics.len()),
    };
    let pages = conform_catalog::docs::reference(&catalog, &fixtures_dir(&args.target, &dir));
    for page in &pages {
        let path = args.out.join(&page.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("cannot create `{}`", parent.display()))?;
        }
        std::fs::write(&path, &page.content).with_context(|| format!("cannot write `{}`", path.display()))?;
    }
    println!("wrote {} pages to {}", pages.len(), args.out.display());
    Ok(Exit::Success)
}
