//! `catalog/fixtures`: every machine-checked requirement is proven by at least one pass and
//! one fail fixture, in `<fixtures>/<id>/<version>/<REQ>/{pass,fail}/`.

use std::path::Path;

use conform_catalog::Catalog;
use conform_catalog::lint::{LintSink, manifests};

use super::compile::CheckKind;
use crate::fixtures::{Expect, fixture_files};

pub(super) fn lint(catalog: &Catalog, root: &Path, kinds: &[(String, String, CheckKind)], sink: &mut LintSink) {
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
