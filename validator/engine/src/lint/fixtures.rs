//! `catalog/fixtures`: every machine-checked requirement is proven by at least one pass and
//! one fail fixture, in `<fixtures>/<id>/<version>/<REQ>/{pass,fail}/`; and every fixture
//! folder belongs to a requirement (a misspelt folder proves nothing).

use std::path::Path;

use conform_catalog::Catalog;
use conform_catalog::lint::{LintSink, manifests};

use super::compile::CheckKind;
use crate::fixtures::{Expect, fixture_files};

pub(super) fn lint(catalog: &Catalog, root: &Path, kinds: &[(String, String, CheckKind)], sink: &mut LintSink) {
    orphans(catalog, root, sink);
    for m in manifests(catalog) {
        let label = m.standard.label();
        for requirement in &m.standard.requirements {
            let manual =
                kinds.iter().any(|(l, id, kind)| *l == label && *id == requirement.id && *kind == CheckKind::Manual);
            if manual {
                continue;
            }
            for expect in [Expect::Pass, Expect::Fail] {
                let dir = crate::fixtures::folder(root, m.standard, &requirement.id, expect);
                if fixture_files(&dir).is_empty() {
                    sink.add(
                        "catalog/fixtures",
                        &m.file,
                        &m.text,
                        m.spans.requirement(&requirement.id),
                        format!(
                            "{} has no {expect} fixture: add at least one input under `{}`",
                            requirement.id,
                            dir.display()
                        ),
                    );
                }
            }
        }
    }
}

/// Sub-folders of `dir`, sorted.
fn folders(dir: &Path) -> Vec<(String, std::path::PathBuf)> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut out: Vec<(String, std::path::PathBuf)> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()) && !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
        .collect();
    out.sort();
    out
}

/// Fixture folders of no standard version or requirement of the catalog.
fn orphans(catalog: &Catalog, root: &Path, sink: &mut LintSink) {
    for (id, id_dir) in folders(root) {
        for (version, version_dir) in folders(&id_dir) {
            let standard = catalog.versions(&id).find(|s| s.version.to_string() == version);
            for (requirement, dir) in folders(&version_dir) {
                let known = standard.is_some_and(|s| s.requirements.iter().any(|r| r.id == requirement));
                if !known {
                    let owner = standard.map_or_else(
                        || format!("no standard {id}@{version}"),
                        |s| format!("{} has no requirement `{requirement}`", s.label()),
                    );
                    sink.add(
                        "catalog/fixtures",
                        &dir.display().to_string(),
                        "",
                        conform_diagnostics::Span::empty(0),
                        format!("fixture folder of nothing: {owner}"),
                    );
                }
            }
        }
    }
}
