//! Security requirements and schemes, operation ids, tags and webhooks.

use serde_json::Value;

use crate::changes::{Cx, Side};
use crate::load::{At, Spec};
use crate::operations::{Node, Operation, child_at, member, members};

/// One security requirement: its scheme names (the requirement's identity) and scopes.
struct Requirement<'a> {
    key: String,
    at: At,
    scopes: Vec<(&'a str, Vec<&'a str>)>,
}

fn requirements<'a>(spec: &'a Spec, owner: &Node<'a>) -> Vec<Requirement<'a>> {
    let Some((at, Value::Array(list))) = member(spec, owner, "security") else { return Vec::new() };
    list.iter()
        .enumerate()
        .filter_map(|(i, item)| {
            let map = item.as_object()?;
            let mut names: Vec<&str> = map.keys().map(String::as_str).collect();
            names.sort_unstable();
            let scopes = map
                .iter()
                .map(|(name, scopes)| {
                    let list =
                        scopes.as_array().map(|l| l.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
                    (name.as_str(), list)
                })
                .collect();
            Some(Requirement { key: names.join(" AND "), at: child_at(&at, &i.to_string()), scopes })
        })
        .collect()
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

/// Security requirements compared as oasdiff does: an operation's own list against the
/// other version's own list (inheritance from the global list is not resolved).
fn compare_security(cx: &mut Cx<'_>, ids: SecurityIds, label: Option<&str>, (base, rev): (&Node<'_>, &Node<'_>)) {
    let (old, new) = (requirements(cx.base, base), requirements(cx.revision, rev));
    for b in &old {
        let Some(r) = new.iter().find(|r| r.key == b.key) else {
            cx.emit(ids[0], Side::Base, &b.at, label, &[&format!("`{}`", b.key)]);
            continue;
        };
        for (scheme, scopes) in &r.scopes {
            let before = b.scopes.iter().find(|(s, _)| s == scheme).map(|(_, l)| l.as_slice()).unwrap_or_default();
            for scope in scopes.iter().filter(|s| !before.contains(s)) {
                cx.emit(ids[2], Side::Revision, &r.at, label, &[&format!("`{scope}`"), &format!("`{scheme}`")]);
            }
            for scope in before.iter().filter(|s| !scopes.contains(s)) {
                cx.emit(ids[3], Side::Revision, &r.at, label, &[&format!("`{scope}`"), &format!("`{scheme}`")]);
            }
        }
    }
    for r in new.iter().filter(|r| !old.iter().any(|b| b.key == r.key)) {
        cx.emit(ids[1], Side::Revision, &r.at, label, &[&format!("`{}`", r.key)]);
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
            let (side, at) = if r.is_some() {
                (Side::Revision, child_at(&op.rev.0, "operationId"))
            } else {
                (Side::Base, child_at(&op.base.0, "operationId"))
            };
            let replaced = r.map_or_else(String::new, |r| format!("`{r}`"));
            cx.emit("api-operation-id-removed", side, &at, Some(op.label), &[&format!("`{b}`"), &replaced]);
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
    let tags = |node: &Node<'_>| -> Vec<String> {
        node.1
            .get("tags")
            .and_then(Value::as_array)
            .map(|l| l.iter().filter_map(Value::as_str).map(str::to_owned).collect())
            .unwrap_or_default()
    };
    let (old, new) = (tags(op.base), tags(op.rev));
    for tag in old.iter().filter(|t| !new.contains(t)) {
        cx.emit("api-tag-removed", Side::Base, &child_at(&op.base.0, "tags"), Some(op.label), &[&format!("`{tag}`")]);
    }
    for tag in new.iter().filter(|t| !old.contains(t)) {
        cx.emit("api-tag-added", Side::Revision, &child_at(&op.rev.0, "tags"), Some(op.label), &[&format!("`{tag}`")]);
    }
}
