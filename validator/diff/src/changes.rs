//! Changes (what the checks find) and their conversion to diagnostics.

use std::sync::Arc;

use conform_diagnostics::{Diagnostic, Finding, Locator, RuleStamp, Span};

use crate::Date;
use crate::load::{At, Spec};
use crate::policy::{Policy, PolicyRule};
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
    /// The rule of the standard's evolution policy the change violates, if any.
    pub policy: Option<PolicyRule>,
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
    /// The evolution policy the changes are judged by.
    pub policy: Policy,
    /// Schema pairs already compared without a change (see [`crate::schema`]).
    pub unchanged: crate::schema::Unchanged,
    /// Schema pairs compared so far, against [`MAX_VISITS`].
    pub visits: usize,
    /// A schema pair nested deeper than the comparison goes: the result would be partial.
    pub too_deep: bool,
    changes: Vec<Change>,
}

impl<'a> Cx<'a> {
    pub fn new(base: &'a Spec, revision: &'a Spec, today: Date, policy: Policy) -> Self {
        Self {
            base,
            revision,
            today,
            policy,
            unchanged: crate::schema::Unchanged::default(),
            visits: 0,
            too_deep: false,
            changes: Vec::new(),
        }
    }

    /// Records a change of check `id` with its message arguments (oasdiff's template).
    pub fn emit(&mut self, id: &str, side: Side, at: &At, operation: Option<&str>, args: &[&str]) {
        if let Some(rule) = rule(id) {
            let text = render(rule.message, args);
            self.emit_text(id, side, at, operation, text);
        }
    }

    /// [`Cx::emit`], with oasdiff's details after the message (`(sunset: 2027-01-01)`).
    pub fn emit_detailed(
        &mut self,
        id: &str,
        side: Side,
        at: &At,
        operation: Option<&str>,
        args: &[&str],
        details: &str,
    ) {
        if let Some(rule) = rule(id) {
            let mut text = render(rule.message, args);
            if !details.is_empty() {
                text.push(' ');
                text.push_str(details);
            }
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
        let policy = self.policy.rule_of(id);
        let message = match operation {
            Some(op) => format!("{op}: {text}"),
            None => text,
        };
        self.changes.push(Change {
            id,
            // A violation of the standard's policy is breaking, whatever oasdiff's default.
            level: if policy.is_some() { Level::Err } else { rule.level },
            message,
            side,
            at: at.clone(),
            operation: operation.map(str::to_owned),
            policy,
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

    /// The earliest sunset the policy accepts for a deprecation judged today.
    pub fn earliest_sunset(&self) -> Date {
        self.today.plus_days(self.policy.notice_days())
    }
}

/// Turns changes into diagnostics (rule = check id; ERR error, WARN warning, INFO info),
/// located in the file of their side.
#[must_use]
pub fn to_diagnostics(changes: &[Change], base: &Spec, revision: &Spec) -> Vec<Diagnostic> {
    to_diagnostics_with(changes, base, revision, &[])
}

/// [`to_diagnostics`], with the changes that violate a rule of the evolution policy stamped
/// as findings of the standard that declares it: `stamps` gives, for each rule, the
/// standard, version, level, severity, URL and help (its `rule` is replaced by the check id).
#[must_use]
pub fn to_diagnostics_with(
    changes: &[Change],
    base: &Spec,
    revision: &Spec,
    stamps: &[(PolicyRule, RuleStamp)],
) -> Vec<Diagnostic> {
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
            let policy = change.policy.and_then(|rule| stamps.iter().find(|(r, _)| *r == rule));
            let stamp = if let Some((_, of_standard)) = policy {
                RuleStamp { rule: Arc::from(change.id), ..of_standard.clone() }
            } else {
                let mut stamp = RuleStamp::ad_hoc(change.id, change.level.rfc2119());
                stamp.severity = change.level.severity();
                stamp
            };
            let name: Arc<str> = Arc::clone(&file.name);
            stamp.stamp(&name, finding)
        })
        .collect()
}
