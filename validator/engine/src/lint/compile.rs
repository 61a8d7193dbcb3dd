//! `catalog/compile`: every requirement's check compiles with the engine it names.
//!
//! Nothing here knows any engine: each engine of [`crate::registry::ENGINES`] validates its
//! own parameters and artifacts in `compile` (schemas, rulesets and their `JSONPaths` and
//! regexes, rule names, code lists), so a new engine is linted the day it is registered.

use std::collections::HashSet;

use conform_catalog::Catalog;
use conform_catalog::lint::{LintSink, escaping_paths, manifests};

use crate::artifacts::{ArtifactRoot, error_chain};
use crate::registry::{self, CompileContext};
use crate::{CompileError, Compiled};

/// Whether a requirement is checked by a tool or attested by a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CheckKind {
    /// Its check runs on inputs (or failed to compile): it needs fixtures.
    Machine,
    /// Attested in `conform certify`: fixtures cannot prove it.
    Manual,
}

/// Compiles every requirement; returns (standard label, requirement id, kind).
pub(super) fn lint(
    catalog: &Catalog,
    broken_artifacts: &HashSet<String>,
    sink: &mut LintSink,
) -> Vec<(String, String, CheckKind)> {
    let mut kinds = Vec::new();
    for m in manifests(catalog) {
        let standard = m.standard;
        let escaping: Vec<&str> = escaping_paths(standard).into_iter().map(|(id, _, _)| id).collect();
        let root = ArtifactRoot::Catalog { source: catalog.source.clone(), dir: standard.dir.clone() };
        for requirement in &standard.requirements {
            let mut kind = CheckKind::Machine;
            let span = m.spans.check(&requirement.id);
            let result = match registry::engine(&requirement.check.engine) {
                None => Err(CompileError::UnknownEngine {
                    engine: requirement.check.engine.clone(),
                    known: registry::ENGINES.iter().map(|e| e.name).collect(),
                }),
                // Reported by `catalog/path`; compiling would only repeat it.
                Some(_) if escaping.contains(&requirement.id.as_str()) => Ok(None),
                Some(engine) => {
                    (engine.compile)(&requirement.check.params, &mut CompileContext { root: &root, phase: None })
                        .map(Some)
                }
            };
            match result {
                Ok(Some(Compiled::Manual)) => kind = CheckKind::Manual,
                Ok(_) => {}
                Err(CompileError::Artifact { artifact, .. } | CompileError::ArtifactAt { artifact, .. })
                    if broken_artifacts.contains(&artifact) => {}
                Err(err) => {
                    // An unknown parameter is reported at its key.
                    let at = registry::error_span(&m.text, span.start..span.end, &err);
                    sink.add(
                        "catalog/compile",
                        &m.file,
                        &m.text,
                        conform_diagnostics::Span::new(at.start, at.end),
                        format!("{} does not compile: {}", requirement.id, error_chain(&err)),
                    );
                }
            }
            kinds.push((standard.label(), requirement.id.clone(), kind));
        }
    }
    kinds
}
