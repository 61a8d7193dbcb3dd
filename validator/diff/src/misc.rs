//! Security requirements and schemes, operation ids, tags and webhooks.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::changes::{Cx, Side};
use crate::load::{At, Spec};
use crate::operations::{Node, Operation, child_at, member, members};

/// One security requirement (an alternative of its list): scheme name → scopes, sorted.
#[derive(PartialEq, Eq)]
struct Requirement<'a>(BTreeMap<&'a str, BTreeSet<&'a str>>);

impl Requirement<'_> {
    /// Whether both require the same schemes (whatever their scopes).
    fn same_schemes(&self, other: &Self) -> bool {
        self.0.keys().eq(other.0.keys())
    }

    /// oasdiff's rendering: `oauth: [read, write] AND api_key`, `{}` for no requirement.
    fn render(&self) -> String {
        if self.0.is_empty() {
            return "{}".to_owned();
        }
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|(scheme, scopes)| {
                if scopes.is_empty() {
                    (*scheme).to_owned()
                } else {
                    format!("{scheme}: [{}]", scopes.iter().copied().collect::<Vec<_>>().join(", "))
                }
            })
            .collect();
        parts.join(" AND ")
    }
}

/// The `security` member of `owner` (located at its key, as oasdiff locates security
/// changes) and its requirements.
fn requirements<'a>(spec: &'a Spec, owner: &Node<'a>) -> Option<(At, Vec<Requirement<'a>>)> {
    let Some((at, Value::Array(list))) = member(spec, owner, "security") else { return None };
    let list = list
        .iter()
        .filter_map(|item| {
            let map = item.as_object()?;
            let schemes = map
                .iter()
                .map(|(name, scopes)| {
                    let scopes = scopes.as_array().map(|l| l.iter().filter_map(Value::as_str).collect());
                    (name.as_str(), scopes.unwrap_or_default())
                })
                .collect();
            Some(Requirement(schemes))
        })
        .collect();
    Some((at, list))
}

/// Ids of the security checks: removed, added, scope added, scope removed.
type SecurityIds = [&'static str; 4];

const GLOBAL: SecurityIds = [
    "api-global-security-removed",
    "api-global-security-added",
    "api-global-security-scope-added",
    "api-global-security-scope-removed",
];
const ENDPOINT: SecurityIds =
    ["api-security-removed", "api-security-added", "api-security-scope-added", "api-security-scope-removed"];

/// Whether exactly one requirement of `list` not yet matched requires the schemes of `like`.
fn unique_unmatched(list: &[Requirement<'_>], matched: &[bool], like: &Requirement<'_>) -> bool {
    list.iter().zip(matched).filter(|(r, m)| !**m && r.same_schemes(like)).count() == 1
}

/// Security requirements compared as oasdiff does: an operation's own list against the
/// other version's own list (inheritance from the global list is not resolved). The list
/// is a set of alternatives: identical ones cancel out; a leftover whose schemes only one
/// leftover on each side has is compared scope by scope; the rest are removed or added.
fn compare_security(cx: &mut Cx<'_>, ids: SecurityIds, label: Option<&str>, (base, rev): (&Node<'_>, &Node<'_>)) {
    let (old_at, old) = requirements(cx.base, base).unwrap_or_else(|| (base.0.clone(), Vec::new()));
    let (new_at, new) = requirements(cx.revision, rev).unwrap_or_else(|| (rev.0.clone(), Vec::new()));
    let (mut old_matched, mut new_matched) = (vec![false; old.len()], vec![false; new.len()]);
    for (i, b) in old.iter().enumerate() {
        if let Some(j) = (0..new.len()).find(|&j| !new_matched[j] && new[j] == *b) {
            (old_matched[i], new_matched[j]) = (true, true);
        }
    }
    for (i, b) in old.iter().enumerate() {
        if old_matched[i] || !unique_unmatched(&old, &old_matched, b) {
            continue;
        }
        let Some(j) = (0..new.len()).find(|&j| !new_matched[j] && new[j].same_schemes(b)) else { continue };
        if !unique_unmatched(&new, &new_matched, &new[j]) {
            continue;
        }
        (old_matched[i], new_matched[j]) = (true, true);
        for (scheme, before) in &b.0 {
            let after = &new[j].0[scheme];
            for scope in after.difference(before) {
                cx.emit(ids[2], Side::Revision, &new_at, label, &[&format!("`{scope}`"), &format!("`{scheme}`")]);
            }
            for scope in before.difference(after) {
                cx.emit(ids[3], Side::Base, &old_at, label, &[&format!("`{scope}`"), &format!("`{scheme}`")]);
            }
        }
    }
    for (b, _) in old.iter().zip(&old_matched).filter(|(_, m)| !**m) {
        cx.emit(ids[0], Side::Base, &old_at, label, &[&format!("`{}`", b.render())]);
    }
    for (r, _) in new.iter().zip(&new_matched).filter(|(_, m)| !**m) {
        cx.emit(ids[1], Side::Revision, &new_at, label, &[&format!("`{}`", r.render())]);
    }
}

/// What the document as a whole changes: global security, security schemes, webhooks.
pub(crate) fn compare_document<'a>(cx: &mut Cx<'a>, base: &Node<'a>, rev: &Node<'a>) {
    compare_security(cx, GLOBAL, None, (base, rev));
    let schemes = |spec, node: &Node<'_>| -> Vec<(String, At, String)> {
        let Some(components) = member(spec, node, "components") else { return Vec::new() };
        members(spec, &components, "securitySchemes")
            .into_iter()
            .map(|(name, (at, value))| {
                (name.to_owned(), at, value.get("type").and_then(Value::as_str).unwrap_or_default().to_owned())
            })
            .collect()
    };
    let (old, new) = (schemes(cx.base, base), schemes(cx.revision, rev));
    for (name, at, kind) in &old {
        match new.iter().find(|(n, ..)| n == name) {
            None => cx.emit("api-security-component-removed", Side::Base, at, None, &[&format!("`{name}`")]),
            Some((_, rat, rkind)) if rkind != kind => {
                let args = [&*format!("`{name}`"), &*format!("`{kind}`"), &*format!("`{rkind}`")];
                cx.emit("api-security-component-type-changed", Side::Revision, &child_at(rat, "type"), None, &args);
            }
            Some((_, rat, _)) => implicit_flow(cx, name, (at, rat)),
        }
    }
    for (name, at, _) in new.iter().filter(|(n, ..)| !old.iter().any(|(o, ..)| o == n)) {
        cx.emit("api-security-component-added", Side::Revision, at, None, &[&format!("`{name}`")]);
    }
    let component_schemas = |spec, node: &Node<'_>| -> Vec<(String, At)> {
        let Some(components) = member(spec, node, "components") else { return Vec::new() };
        let Some((at, Value::Object(map))) = member(spec, &components, "schemas") else { return Vec::new() };
        map.keys().map(|name| (name.clone(), child_at(&at, name))).collect()
    };
    let new_schemas = component_schemas(cx.revision, rev);
    for (name, at) in component_schemas(cx.base, base) {
        if !new_schemas.iter().any(|(n, _)| *n == name) {
            cx.emit("api-schema-removed", Side::Base, &at, None, &[&format!("`{name}`")]);
        }
    }
    let (old_hooks, new_hooks) = (members(cx.base, base, "webhooks"), members(cx.revision, rev, "webhooks"));
    for (name, old_hook) in &old_hooks {
        match new_hooks.iter().find(|(n, _)| n == name) {
            // A webhook's operations are compared like a path's, as oasdiff does.
            Some((_, new_hook)) => crate::operations::compare_path(cx, &format!("webhook:{name}"), old_hook, new_hook),
            None => cx.emit("webhook-removed", Side::Base, &old_hook.0, None, &[&format!("`{name}`")]),
        }
    }
    for (name, (at, _)) in &new_hooks {
        if !old_hooks.iter().any(|(n, _)| n == name) {
            cx.emit("webhook-added", Side::Revision, at, None, &[&format!("`{name}`")]);
        }
    }
}

/// The implicit OAuth flow of a security scheme kept in both versions: its URLs and scopes
/// (the flow oasdiff compares).
fn implicit_flow(cx: &mut Cx<'_>, name: &str, (base, rev): (&At, &At)) {
    let flow = |spec: &Spec, at: &At| -> Option<(At, Value)> {
        let at = child_at(&child_at(at, "flows"), "implicit");
        let value = spec.get(&at)?.clone();
        Some((at, value))
    };
    let (Some((_, old)), Some((at, new))) = (flow(cx.base, base), flow(cx.revision, rev)) else { return };
    let quoted = format!("`{name}`");
    for (field, id) in [
        ("authorizationUrl", "api-security-component-oauth-url-changed"),
        ("tokenUrl", "api-security-component-oauth-token-url-changed"),
    ] {
        let (from, to) = (old.get(field).and_then(Value::as_str), new.get(field).and_then(Value::as_str));
        if from != to {
            let (from, to) = (format!("`{}`", from.unwrap_or_default()), format!("`{}`", to.unwrap_or_default()));
            cx.emit(id, Side::Revision, &child_at(&at, field), None, &[&quoted, &from, &to]);
        }
    }
    let scopes = |flow: &Value| flow.get("scopes").and_then(Value::as_object).cloned().unwrap_or_default();
    let (old_scopes, new_scopes) = (scopes(&old), scopes(&new));
    let scopes_at = child_at(&at, "scopes");
    for (scope, description) in &old_scopes {
        match new_scopes.get(scope) {
            None => cx.emit(
                "api-security-component-oauth-scope-removed",
                Side::Revision,
                &scopes_at,
                None,
                &[&quoted, &format!("`{scope}`")],
            ),
            Some(other) if other != description => {
                let (from, to) = (
                    format!("`{}`", description.as_str().unwrap_or_default()),
                    format!("`{}`", other.as_str().unwrap_or_default()),
                );
                cx.emit(
                    "api-security-component-oauth-scope-changed",
                    Side::Revision,
                    &child_at(&scopes_at, scope),
                    None,
                    &[&quoted, &format!("`{scope}`"), &from, &to],
                );
            }
            Some(_) => {}
        }
    }
    for scope in new_scopes.keys().filter(|s| !old_scopes.contains_key(*s)) {
        cx.emit(
            "api-security-component-oauth-scope-added",
            Side::Revision,
            &child_at(&scopes_at, scope),
            None,
            &[&quoted, &format!("`{scope}`")],
        );
    }
}

/// An operation's security, id and tags.
pub(crate) fn compare_operation(cx: &mut Cx<'_>, op: &Operation<'_, '_>) {
    compare_security(cx, ENDPOINT, Some(op.label), (op.base, op.rev));
    let id = |node: &Node<'_>| {
        node.1.get("operationId").and_then(Value::as_str).filter(|s| !s.is_empty()).map(str::to_owned)
    };
    match (id(op.base), id(op.rev)) {
        (Some(b), r) if r.as_deref() != Some(b.as_str()) => {
            // The id removed (or replaced) is located in the base, as oasdiff locates it.
            let at = child_at(&op.base.0, "operationId");
            let replaced = r.map_or_else(String::new, |r| format!("`{r}`"));
            cx.emit("api-operation-id-removed", Side::Base, &at, Some(op.label), &[&format!("`{b}`"), &replaced]);
        }
        (None, Some(r)) => {
            cx.emit(
                "api-operation-id-added",
                Side::Revision,
                &child_at(&op.rev.0, "operationId"),
                Some(op.label),
                &[&format!("`{r}`")],
            );
        }
        _ => {}
    }
    // A tag is located at its item of the list, as oasdiff locates it.
    let tags = |node: &Node<'_>| -> Vec<(String, At)> {
        let at = child_at(&node.0, "tags");
        node.1
            .get("tags")
            .and_then(Value::as_array)
            .map(|l| {
                let items = l.iter().enumerate();
                items.filter_map(|(i, t)| Some((t.as_str()?.to_owned(), child_at(&at, &i.to_string())))).collect()
            })
            .unwrap_or_default()
    };
    let (old, new) = (tags(op.base), tags(op.rev));
    for (tag, at) in old.iter().filter(|(t, _)| !new.iter().any(|(n, _)| n == t)) {
        cx.emit("api-tag-removed", Side::Base, at, Some(op.label), &[&format!("`{tag}`")]);
    }
    for (tag, at) in new.iter().filter(|(t, _)| !old.iter().any(|(o, _)| o == t)) {
        cx.emit("api-tag-added", Side::Revision, at, Some(op.label), &[&format!("`{tag}`")]);
    }
}
