//! `catalog/severity`: a ruleset rule's severity says what the requirement's level says.
//!
//! A ruleset runs in Spectral too, where the rule's own severity decides the verdict; in
//! conform the requirement's level does. When they differ (a MUST whose rule is `warn`, a
//! SHOULD whose rule is `error`), the same file passes in one tool and fails in the other.
//! MUST is `error`, SHOULD is `warn`, MAY is `info` or `hint`. Versions in the lock are not
//! checked: they are frozen, so the fix is a corrected new version (the check runs on it
//! before it is locked).

use conform_catalog::Catalog;
use conform_catalog::lint::{LintSink, manifests};
use conform_diagnostics::Level;

use crate::artifacts::ArtifactRoot;
use crate::ruleset::{self, Sev};

/// The Spectral severity a level stands for, as written in a ruleset.
fn severity_of(level: Level) -> &'static str {
    match level {
        Level::Must => "error",
        Level::Should => "warn",
        Level::May => "info",
    }
}

fn name(sev: Sev) -> &'static str {
    match sev {
        Sev::Error => "error",
        Sev::Warn => "warn",
        Sev::Info => "info",
        Sev::Hint => "hint",
    }
}

/// Reports every ruleset rule whose severity contradicts its requirement's level.
pub(super) fn lint(catalog: &Catalog, sink: &mut LintSink) {
    // Problems of the lock itself are reported by `catalog/frozen`.
    let lock = conform_catalog::lock::read(catalog, &mut LintSink::default());
    for m in manifests(catalog) {
        if lock.get(&m.standard.id, &m.standard.version).is_some() {
            continue;
        }
        let root = ArtifactRoot::Catalog { source: catalog.source.clone(), dir: m.standard.dir.clone() };
        for requirement in &m.standard.requirements {
            if requirement.check.engine != ruleset::NAME {
                continue;
            }
            // A ruleset that does not load is reported by `catalog/compile`.
            let Ok(rules) = ruleset::rule_severities(&requirement.check.params, &root) else { continue };
            for (rule, sev) in rules {
                if sev.level() != requirement.level {
                    sink.add(
                        "catalog/severity",
                        &m.file,
                        &m.text,
                        m.spans.check(&requirement.id),
                        format!(
                            "{} is a {} requirement but its rule `{rule}` has severity `{}` in the ruleset: \
                             Spectral and conform would give different verdicts (use `{}`)",
                            requirement.id,
                            requirement.level,
                            name(sev),
                            severity_of(requirement.level)
                        ),
                    );
                }
            }
        }
    }
}
