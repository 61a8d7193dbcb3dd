//! Changes (what the checks find) and their conversion to diagnostics.

use std::sync::Arc;

use conform_diagnostics::{Diagnostic, Finding, Locator, RuleStamp, Span};

use crate::Date;
use crate::load::{At, Spec};
use crate::rules::{Level, render, rule};

/// Which version a change is located in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Side {
    /// The old version (for what was removed).
    Base,
    /// The new version.
    Revision,
}

/// One change between the versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// oasdiff's check id.
    pub id: &'static str,
    /// Its level.
    pub level: Level,
    /// What changed, in oasdiff's words, prefixed with the operation.
    pub message: String,
    /// The version the change is located in.
    pub side: Side,
    /// Where, in that version.
    pub at: At,
    /// The operation (`GET /pets`), when the change concerns one.
    pub operation: Option<String>,
}

/// Most schema pairs one comparison visits: a description whose schemas fan out
/// exponentially (each level referring to the next several times) is refused instead of
/// compared for ever. (api.github.com.yaml takes about 12 000.)
pub const MAX_VISITS: usize = 1_000_000;

/// Most changes one comparison records before it is refused the same way.
pub const MAX_CHANGES: usize = 200_000;

/// The state of one comparison: both sides, and the changes found so far.
pub(crate) struct Cx<'a> {
    pub base: &'a Spec,
    pub revision: &'a Spec,
    pub today: Date,
    /// Schema pairs already compared without a change (see [`crate::schema`]).
    pub unchanged: crate::schema::Unchanged,
    /// Schema pairs compared so far, against [`MAX_VISITS`].
    pub visits: usize,
    changes: Vec<Change>,
}

impl<'a> Cx<'a> {
    pub fn new(base: &'a Spec, revision: &'a Spec, today: Date) -> Self {
        Self { base, revision, today, unchanged: crate::schema::Unchanged::default(), visits: 0, changes: Vec::new() }
    }

    /// Records a change of check `id` with its message arguments (oasdiff's template).
    pub fn emit(&mut self, id: &str, side: Side, at: &At, operation: Option<&str>, args: &[&str]) {
        if let Some(rule) = rule(id) {
            let text = render(rule.message, args);
            self.emit_text(id, side, at, operation, text);
        }
    }

    /// Records a change of check `id` with conform's own wording. Ids built from a family
    /// prefix may not exist in oasdiff's registry (no `request-body-max-items-set`): those
    /// are not reported.
    pub fn emit_text(&mut self, id: &str, side: Side, at: &At, operation: Option<&str>, text: String) {
        let Some(rule) = rule(id) else { return };
        if !rule.implemented {
            return;
        }
        let id = rule.id;
        let message = match operation {
            Some(op) => format!("{op}: {text}"),
            None => text,
        };
        self.changes.push(Change {
            id,
            level: rule.level,
            message,
            side,
            at: at.clone(),
            operation: operation.map(str::to_owned),
        });
    }

    /// The changes found so far.
    pub fn changes(&self) -> &[Change] {
        &self.changes
    }

    /// How many changes were found so far.
    pub fn len(&self) -> usize {
        self.changes.len()
    }

    pub fn into_changes(self) -> Vec<Change> {
        self.changes
    }
}

/// Turns changes into diagnostics (rule = check id; ERR error, WARN warning, INFO info),
/// located in the file of their side.
#[must_use]
pub fn to_diagnostics(changes: &[Change], base: &Spec, revision: &Spec) -> Vec<Diagnostic> {
    changes
        .iter()
        .map(|change| {
            let spec = match change.side {
                Side::Base => base,
                Side::Revision => revision,
            };
            let file = &spec.files[change.at.file];
            let located = file.locate(&change.at.pointer);
            let mut finding = Finding::new(
                located.map_or(Span::empty(0), |(span, _)| span),
                Locator::Pointer(change.at.pointer.clone()),
                change.message.clone(),
            );
            finding.location = located.map(|(_, location)| location);
            let mut stamp = RuleStamp::ad_hoc(change.id, change.level.rfc2119());
            stamp.severity = change.level.severity();
            let name: Arc<str> = Arc::clone(&file.name);
            stamp.stamp(&name, finding)
        })
        .collect()
}
