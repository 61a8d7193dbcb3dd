//! Requirement-level changes: added, removed, level changed, check changed.
//!
//! A new MUST requirement narrows what conforms (old inputs may now fail): it breaks backward
//! compatibility and keeps forward compatibility; removing one is the reverse. SHOULD and MAY
//! requirements only warn, so adding or removing them keeps conformance both ways. Raising a
//! level to MUST narrows, lowering it from MUST widens. A changed check (engine or parameters)
//! cannot be classified and breaks both ways; changes inside its artifacts are classified
//! file by file.
//!
//! Checks are compared with their parameters at their defaults: turning a hard-wired value
//! into a parameter whose default is that value changes no verdict. Adding a parameter,
//! or changing its doc, keeps conformance both ways; removing one, or changing its default
//! (which changes the check too), type, range or allowed values, cannot be classified and
//! breaks both ways, as configurations that set the parameter may no longer fit.

use conform_diagnostics::Level;

use super::{Change, Compat};
use crate::params::render;
use crate::{Requirement, Standard};

const FILE: &str = "standard.toml";

pub(super) fn diff(old: &Standard, new: &Standard) -> Vec<Change> {
    let mut out = Vec::new();
    let at = |id: &str, key: &str| {
        if key.is_empty() { format!("/requirement/{id}") } else { format!("/requirement/{id}/{key}") }
    };
    for r in &new.requirements {
        match old.requirements.iter().find(|o| o.id == r.id) {
            None => {
                let compat = if r.level == Level::Must { Compat::NARROWED } else { Compat::NONE };
                let message = format!("requirement {} ({}) added: {}", r.id, r.level, r.title);
                out.push(Change::new(FILE, at(&r.id, ""), "requirement-added", message, compat));
            }
            Some(o) => requirement(o, r, &at, &mut out),
        }
    }
    for o in old.requirements.iter().filter(|o| !new.requirements.iter().any(|r| r.id == o.id)) {
        let compat = if o.level == Level::Must { Compat::EXTENDED } else { Compat::NONE };
        let message = format!("requirement {} ({}) removed", o.id, o.level);
        out.push(Change::new(FILE, at(&o.id, ""), "requirement-removed", message, compat));
    }
    for (key, a, b) in [
        ("title", Some(&old.title), Some(&new.title)),
        ("description", old.description.as_ref(), new.description.as_ref()),
    ] {
        if a != b {
            out.push(Change::new(
                FILE,
                format!("/{key}"),
                "annotation-changed",
                format!("`{key}` changed"),
                Compat::NONE,
            ));
        }
    }
    if old.detect != new.detect {
        let message = "`detect` changed: other files may be matched to the standard".to_owned();
        out.push(Change::new(FILE, "/detect".to_owned(), "detect-changed", message, Compat::NONE));
    }
    out
}

fn requirement(old: &Requirement, new: &Requirement, at: &impl Fn(&str, &str) -> String, out: &mut Vec<Change>) {
    if old.level != new.level {
        let (kind, compat) = match (old.level, new.level) {
            (_, Level::Must) => ("level-raised", Compat::NARROWED),
            (Level::Must, _) => ("level-lowered", Compat::EXTENDED),
            _ => ("level-changed", Compat::NONE),
        };
        let message = format!("{} level {} → {}", new.id, old.level, new.level);
        out.push(Change::new(FILE, at(&new.id, "level"), kind, message, compat));
    }
    if old.check.engine != new.check.engine || old.check.params != new.check.params {
        let message = format!("{} check changed; conform cannot classify it, so it counts as breaking", new.id);
        out.push(Change::new(FILE, at(&new.id, "check"), "check-changed", message, Compat::CHANGED));
    }
    parameters(old, new, at, out);
    for (key, a, b) in [
        ("title", Some(&old.title), Some(&new.title)),
        ("rationale", old.rationale.as_ref(), new.rationale.as_ref()),
        ("fix", old.fix.as_ref(), new.fix.as_ref()),
    ] {
        if a != b {
            let message = format!("{} `{key}` changed", new.id);
            out.push(Change::new(FILE, at(&new.id, key), "annotation-changed", message, Compat::NONE));
        }
    }
}

fn parameters(old: &Requirement, new: &Requirement, at: &impl Fn(&str, &str) -> String, out: &mut Vec<Change>) {
    let id = &new.id;
    for p in &new.parameters {
        let pointer = at(id, &format!("parameters/{}", p.name));
        let Some(o) = old.parameters.iter().find(|o| o.name == p.name) else {
            let message = format!("{id} parameter `{}` added (default {})", p.name, render(&p.default));
            out.push(Change::new(FILE, pointer, "parameter-added", message, Compat::NONE));
            continue;
        };
        if o.default != p.default {
            let message =
                format!("{id} parameter `{}` default {} → {}", p.name, render(&o.default), render(&p.default));
            out.push(Change::new(FILE, pointer.clone(), "parameter-default-changed", message, Compat::CHANGED));
        }
        if (o.kind, o.minimum, o.maximum, &o.values) != (p.kind, p.minimum, p.maximum, &p.values) {
            let message = format!(
                "{id} parameter `{}` type, range or allowed values changed; configurations that set it may no longer fit",
                p.name
            );
            out.push(Change::new(FILE, pointer.clone(), "parameter-changed", message, Compat::CHANGED));
        }
        if o.doc != p.doc {
            let message = format!("{id} parameter `{}` doc changed", p.name);
            out.push(Change::new(FILE, pointer, "annotation-changed", message, Compat::NONE));
        }
    }
    for o in old.parameters.iter().filter(|o| !new.parameters.iter().any(|p| p.name == o.name)) {
        let message = format!(
            "{id} parameter `{}` removed: its value is fixed again, and configurations that set it fail",
            o.name
        );
        out.push(Change::new(
            FILE,
            at(id, &format!("parameters/{}", o.name)),
            "parameter-removed",
            message,
            Compat::CHANGED,
        ));
    }
}
