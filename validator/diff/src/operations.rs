//! Paths, operations, parameters, request bodies and responses.

use serde_json::Value;

use crate::changes::{Cx, Side};
use crate::lifecycle::{
    ENDPOINT_DEPRECATION, ENDPOINT_SUNSET, PARAMETER_DEPRECATION, PARAMETER_SUNSET, deprecated, deprecation,
    invalid_stability, skipped_stability, stability, stability_change, sunset, sunset_change,
};
use crate::load::{At, Spec};
use crate::media;
use crate::schema::{self, Context};

/// The HTTP methods of a path item, in OpenAPI's order.
const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// A node of one side: where it is and its value (after `$ref`s).
pub(crate) type Node<'a> = (At, &'a Value);

/// The child `key` of the node at `at`.
pub(crate) fn child_at(at: &At, key: &str) -> At {
    let mut pointer = String::with_capacity(at.pointer.len() + key.len() + 1);
    pointer.push_str(&at.pointer);
    pointer.push('/');
    pointer.push_str(&conform_diagnostics::escape_pointer_token(key));
    At { file: at.file, pointer }
}

/// Where a change of the member `name` of an element kept in both versions is located, as
/// oasdiff locates it: at the revision's member, or the base's when only the base has it
/// (removed), or at the revision's element when neither has it.
pub(crate) fn field(base: &Node<'_>, rev: &Node<'_>, name: &str) -> (Side, At) {
    match (base.1.get(name), rev.1.get(name)) {
        (_, Some(_)) => (Side::Revision, child_at(&rev.0, name)),
        (Some(_), None) => (Side::Base, child_at(&base.0, name)),
        (None, None) => (Side::Revision, rev.0.clone()),
    }
}

/// The member `key` of `node`, with `$ref`s followed.
pub(crate) fn member<'a>(spec: &'a Spec, node: &Node<'a>, key: &str) -> Option<Node<'a>> {
    let value = node.1.get(key)?;
    spec.resolve(child_at(&node.0, key), value)
}

/// The members of the object `key` of `node`, each with `$ref`s followed.
pub(crate) fn members<'a>(spec: &'a Spec, node: &Node<'a>, key: &str) -> Vec<(&'a str, Node<'a>)> {
    let Some((at, Value::Object(map))) = member(spec, node, key) else { return Vec::new() };
    map.iter().filter_map(|(name, value)| Some((name.as_str(), spec.resolve(child_at(&at, name), value)?))).collect()
}

/// `/pets/{petId}` → `/pets/{}`: paths that differ only in parameter names are the same path.
fn normalize(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut depth = 0usize;
    for c in path.chars() {
        match c {
            '{' => {
                if depth == 0 {
                    out.push('{');
                }
                depth += 1;
            }
            '}' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    out.push('}');
                }
            }
            _ if depth > 0 => {}
            _ => out.push(c),
        }
    }
    out
}

/// Compares the paths of both sides.
pub(crate) fn compare(cx: &mut Cx<'_>) {
    let root = At { file: 0, pointer: String::new() };
    let base_root: Node<'_> = (root.clone(), &cx.base.files[0].value);
    let rev_root: Node<'_> = (root, &cx.revision.files[0].value);
    crate::misc::compare_document(cx, &base_root, &rev_root);
    let base_paths = members(cx.base, &base_root, "paths");
    let rev_paths = members(cx.revision, &rev_root, "paths");
    let rev_keys: Vec<String> = rev_paths.iter().map(|(p, _)| normalize(p)).collect();
    let base_keys: Vec<String> = base_paths.iter().map(|(p, _)| normalize(p)).collect();
    for (i, (path, base_item)) in base_paths.iter().enumerate() {
        match rev_keys.iter().position(|k| *k == base_keys[i]) {
            Some(j) => compare_path(cx, path, base_item, &rev_paths[j].1),
            None => {
                for (method, op) in operations(cx.base, base_item) {
                    invalid_stability(cx, Side::Base, &label(method, path), &op);
                    if !skipped_stability(op.1) && stability(op.1).is_ok() {
                        removal(cx, &label(method, path), &op, true);
                    }
                }
            }
        }
    }
    for (j, (path, rev_item)) in rev_paths.iter().enumerate() {
        if !base_keys.contains(&rev_keys[j]) {
            for (method, op) in operations(cx.revision, rev_item) {
                let label = label(method, path);
                cx.emit("endpoint-added", Side::Revision, &op.0, Some(&label), &[]);
            }
        }
    }
}

fn label(method: &str, path: &str) -> String {
    format!("{} {path}", method.to_ascii_uppercase())
}

/// The operations of a path item.
fn operations<'a>(spec: &'a Spec, item: &Node<'a>) -> Vec<(&'static str, Node<'a>)> {
    METHODS.iter().filter_map(|m| Some((*m, member(spec, item, m)?))).filter(|(_, op)| op.1.is_object()).collect()
}

/// A removed operation (or every operation of a removed path).
fn removal(cx: &mut Cx<'_>, label: &str, op: &Node<'_>, is_path: bool) {
    let (without, with, before) = if is_path {
        ("api-path-removed-without-deprecation", "api-path-removed-with-deprecation", "api-path-removed-before-sunset")
    } else {
        ("api-removed-without-deprecation", "api-removed-with-deprecation", "api-removed-before-sunset")
    };
    if !deprecated(op.1) {
        cx.emit(without, Side::Base, &op.0, Some(label), &[]);
        return;
    }
    match sunset(op.1) {
        None => cx.emit(with, Side::Base, &op.0, Some(label), &[]),
        Some(Err(err)) => cx.emit("api-path-sunset-parse", Side::Base, &op.0, Some(label), &[&err]),
        Some(Ok(date)) if cx.today < date => {
            cx.emit(before, Side::Base, &op.0, Some(label), &[&format!("`{date}`")]);
        }
        Some(Ok(_)) => {}
    }
}

/// Compares a path item (or a webhook) kept in both versions: its operations.
pub(crate) fn compare_path<'a>(cx: &mut Cx<'a>, path: &str, base_item: &Node<'a>, rev_item: &Node<'a>) {
    let base_ops = operations(cx.base, base_item);
    let rev_ops = operations(cx.revision, rev_item);
    for (method, base_op) in &base_ops {
        let label = label(method, path);
        match rev_ops.iter().find(|(m, _)| m == method) {
            // Alpha and draft endpoints may change without notice.
            Some((_, rev_op)) if skipped_stability(base_op.1) => stability_change(cx, &label, (base_op, rev_op)),
            Some((_, rev_op)) => {
                stability_change(cx, &label, (base_op, rev_op));
                let op = Operation { label: &label, base_item, rev_item, base: base_op, rev: rev_op };
                compare_operation(cx, &op);
            }
            None => {
                invalid_stability(cx, Side::Base, &label, base_op);
                if stability(base_op.1).is_ok() {
                    removal(cx, &label, base_op, false);
                }
            }
        }
    }
    for (method, rev_op) in &rev_ops {
        if !base_ops.iter().any(|(m, _)| m == method) {
            cx.emit("endpoint-added", Side::Revision, &rev_op.0, Some(&label(method, path)), &[]);
        }
    }
}

/// An operation present on both sides.
pub(crate) struct Operation<'o, 'a> {
    /// `GET /pets`.
    pub label: &'o str,
    base_item: &'o Node<'a>,
    rev_item: &'o Node<'a>,
    pub base: &'o Node<'a>,
    pub rev: &'o Node<'a>,
}

fn compare_operation(cx: &mut Cx<'_>, op: &Operation<'_, '_>) {
    // As oasdiff: an unreadable stability level (reported on its own) leaves the
    // deprecation of the operation and its parameters unjudged.
    if stability(op.rev.1).is_ok() {
        deprecation(cx, &ENDPOINT_DEPRECATION, op.label, (op.base, op.rev), op.rev.1, &[]);
    }
    sunset_change(cx, &ENDPOINT_SUNSET, op.label, (op.base, op.rev), &[]);
    crate::misc::compare_operation(cx, op);
    compare_parameters(cx, op);
    compare_request_body(cx, op);
    compare_responses(cx, op);
}

/// A parameter: location, name, and node.
struct Parameter<'a> {
    location: &'a str,
    name: &'a str,
    node: Node<'a>,
    /// Declared on the path item (for every operation of the path), not the operation.
    shared: bool,
}

/// The parameters of an operation: the path item's, overridden by the operation's.
fn parameters<'a>(spec: &'a Spec, item: &Node<'a>, op: &Node<'a>) -> Vec<Parameter<'a>> {
    let mut out: Vec<Parameter<'a>> = Vec::new();
    for (shared, owner) in [(true, item), (false, op)] {
        let Some((at, Value::Array(list))) = member(spec, owner, "parameters") else { continue };
        for (i, value) in list.iter().enumerate() {
            let Some((at, value)) = spec.resolve(child_at(&at, &i.to_string()), value) else { continue };
            let (Some(location), Some(name)) =
                (value.get("in").and_then(Value::as_str), value.get("name").and_then(Value::as_str))
            else {
                continue;
            };
            let name_key = |p: &Parameter<'_>| p.location == location && parameter_name_eq(location, p.name, name);
            out.retain(|p| !name_key(p));
            out.push(Parameter { location, name, node: (at, value), shared });
        }
    }
    out
}

/// Whether a parameter is serialized `style: form`, `explode: true` (OpenAPI's defaults:
/// `form` in query and cookie, and `explode` for `form`).
fn form_explode(p: &Parameter<'_>) -> bool {
    let default_style = if matches!(p.location, "query" | "cookie") { "form" } else { "simple" };
    let style = p.node.1.get("style").and_then(Value::as_str).unwrap_or(default_style);
    style == "form" && p.node.1.get("explode").and_then(Value::as_bool).unwrap_or(true)
}

/// Header names are case-insensitive.
fn parameter_name_eq(location: &str, a: &str, b: &str) -> bool {
    if location == "header" { a.eq_ignore_ascii_case(b) } else { a == b }
}

fn required(value: &Value) -> bool {
    value.get("required").and_then(Value::as_bool) == Some(true)
}

fn compare_parameters(cx: &mut Cx<'_>, op: &Operation<'_, '_>) {
    let base = parameters(cx.base, op.base_item, op.base);
    let rev = parameters(cx.revision, op.rev_item, op.rev);
    // Path parameters are matched by position: a renamed path parameter is the same one.
    let base_path: Vec<&Parameter<'_>> = base.iter().filter(|p| p.location == "path").collect();
    let rev_path: Vec<&Parameter<'_>> = rev.iter().filter(|p| p.location == "path").collect();
    let find = |list: &[Parameter<'_>], p: &Parameter<'_>| -> Option<usize> {
        list.iter().position(|q| q.location == p.location && parameter_name_eq(p.location, q.name, p.name))
    };
    for b in &base {
        let args = [&*format!("`{}`", b.location), &*format!("`{}`", b.name)];
        match find(&rev, b) {
            Some(j) => compare_parameter(cx, op, b, &rev[j]),
            None if b.location == "path" && base_path.len() == rev_path.len() => {
                if let Some(k) = base_path.iter().position(|q| std::ptr::eq(*q, b)) {
                    compare_parameter(cx, op, b, rev_path[k]);
                }
            }
            None => parameter_removal(cx, op, b, &args),
        }
    }
    for r in &rev {
        if find(&base, r).is_some() || (r.location == "path" && base_path.len() == rev_path.len()) {
            continue;
        }
        let args = [&*format!("`{}`", r.location), &*format!("`{}`", r.name)];
        let id = if r.location == "path" {
            "new-request-path-parameter"
        } else if r.shared && required(r.node.1) {
            "new-required-request-default-parameter-to-existing-path"
        } else if r.shared {
            "new-optional-request-default-parameter-to-existing-path"
        } else if required(r.node.1) {
            "new-required-request-parameter"
        } else {
            "new-optional-request-parameter"
        };
        let args: &[&str] = if r.location == "path" { &args[1..] } else { &args };
        cx.emit(id, Side::Revision, &r.node.0, Some(op.label), args);
    }
}

fn parameter_removal(cx: &mut Cx<'_>, op: &Operation<'_, '_>, p: &Parameter<'_>, args: &[&str; 2]) {
    let at = &p.node.0;
    if !deprecated(p.node.1) {
        cx.emit("request-parameter-removed", Side::Base, at, Some(op.label), args);
        return;
    }
    match sunset(p.node.1) {
        None => cx.emit("request-parameter-removed-with-deprecation", Side::Base, at, Some(op.label), args),
        Some(Err(err)) => {
            cx.emit("request-parameter-sunset-parse", Side::Base, at, Some(op.label), &[args[0], args[1], &err]);
        }
        Some(Ok(date)) if cx.today < date => {
            let date = format!("`{date}`");
            cx.emit(
                "request-parameter-removed-before-sunset",
                Side::Base,
                at,
                Some(op.label),
                &[args[0], args[1], &date],
            );
        }
        Some(Ok(_)) => {}
    }
}

fn compare_parameter(cx: &mut Cx<'_>, op: &Operation<'_, '_>, b: &Parameter<'_>, r: &Parameter<'_>) {
    // A renamed path parameter is named as in the base, as oasdiff names it.
    let args = [&*format!("`{}`", r.location), &*format!("`{}`", b.name)];
    if stability(op.rev.1).is_ok() {
        deprecation(cx, &PARAMETER_DEPRECATION, op.label, (&b.node, &r.node), op.rev.1, &args);
    }
    sunset_change(cx, &PARAMETER_SUNSET, op.label, (&b.node, &r.node), &args);
    let (side, at) = field(&b.node, &r.node, "required");
    match (required(b.node.1), required(r.node.1)) {
        (false, true) => cx.emit("request-parameter-became-required", side, &at, Some(op.label), &args),
        (true, false) => cx.emit("request-parameter-became-optional", side, &at, Some(op.label), &args),
        _ => {}
    }
    let (Some(bs), Some(rs)) = (member(cx.base, &b.node, "schema"), member(cx.revision, &r.node, "schema")) else {
        return;
    };
    let context = Context::Parameter { location: r.location, name: b.name, form_explode: form_explode(r) };
    schema::compare(cx, op.label, &context, &bs, &rs);
}

/// The media types of a `content` map.
fn content<'a>(spec: &'a Spec, node: &Node<'a>) -> Vec<(&'a str, Node<'a>)> {
    members(spec, node, "content")
}

fn compare_request_body(cx: &mut Cx<'_>, op: &Operation<'_, '_>) {
    let base = member(cx.base, op.base, "requestBody");
    let rev = member(cx.revision, op.rev, "requestBody");
    match (base, rev) {
        (None, None) => {}
        (None, Some(r)) => {
            let id = if required(r.1) { "request-body-added-required" } else { "request-body-added-optional" };
            cx.emit(id, Side::Revision, &r.0, Some(op.label), &[]);
        }
        (Some(b), None) => cx.emit("request-body-removed", Side::Base, &b.0, Some(op.label), &[]),
        (Some(b), Some(r)) => {
            let (side, at) = field(&b, &r, "required");
            match (required(b.1), required(r.1)) {
                (false, true) => cx.emit("request-body-became-required", side, &at, Some(op.label), &[]),
                (true, false) => cx.emit("request-body-became-optional", side, &at, Some(op.label), &[]),
                _ => {}
            }
            let base_media = content(cx.base, &b);
            let rev_media = content(cx.revision, &r);
            // Names that differ in more than their parameters are not paired (docs/diff.md,
            // difference 6): a client still sends the old `Content-Type`.
            let matched = media::pair_by(&names(&base_media), &names(&rev_media), media::same_essence);
            for (i, j) in matched.pairs {
                let context = Context::Request { media: rev_media[j].0 };
                compare_media_schema(cx, op, &context, &base_media[i].1, &rev_media[j].1);
            }
            for i in matched.removed {
                let (name, bm) = &base_media[i];
                cx.emit("request-body-media-type-removed", Side::Base, &bm.0, Some(op.label), &[&format!("`{name}`")]);
            }
            for j in matched.added {
                let (name, rm) = &rev_media[j];
                cx.emit(
                    "request-body-media-type-added",
                    Side::Revision,
                    &rm.0,
                    Some(op.label),
                    &[&format!("`{name}`")],
                );
            }
        }
    }
}

fn compare_media_schema(cx: &mut Cx<'_>, op: &Operation<'_, '_>, context: &Context<'_>, bm: &Node<'_>, rm: &Node<'_>) {
    let (prefix, media, status) = match context {
        Context::Request { media } => ("request-body", *media, None),
        Context::Response { status, media } => ("response-body", *media, Some(format!("`{status}`"))),
        Context::Parameter { .. } => return,
    };
    let media = format!("`{media}`");
    let mut args = vec![media.as_str()];
    args.extend(status.as_deref());
    match (member(cx.base, bm, "schema"), member(cx.revision, rm, "schema")) {
        (Some(bs), Some(rs)) => schema::compare(cx, op.label, context, &bs, &rs),
        (None, Some(rs)) => {
            cx.emit(&format!("{prefix}-media-type-schema-added"), Side::Revision, &rs.0, Some(op.label), &args);
        }
        (Some(bs), None) => {
            cx.emit(&format!("{prefix}-media-type-schema-removed"), Side::Base, &bs.0, Some(op.label), &args);
        }
        (None, None) => {}
    }
}

/// Whether a status code is a success (2xx); `None` for `default` and ranges (`2XX`).
fn success(status: &str) -> Option<bool> {
    let code: u16 = status.parse().ok()?;
    Some((200..=299).contains(&code))
}

fn compare_responses(cx: &mut Cx<'_>, op: &Operation<'_, '_>) {
    let base = members(cx.base, op.base, "responses");
    let rev = members(cx.revision, op.rev, "responses");
    for (status, b) in &base {
        if let Some((_, r)) = rev.iter().find(|(s, _)| s == status) {
            compare_response(cx, op, status, b, r);
        } else {
            let id = match success(status) {
                Some(true) => "response-success-status-removed",
                Some(false) => "response-non-success-status-removed",
                None => continue,
            };
            cx.emit(id, Side::Base, &b.0, Some(op.label), &[&format!("`{status}`")]);
        }
    }
    for (status, r) in &rev {
        if base.iter().any(|(s, _)| s == status) {
            continue;
        }
        let id = match success(status) {
            Some(true) => "response-success-status-added",
            Some(false) => "response-non-success-status-added",
            None => continue,
        };
        cx.emit(id, Side::Revision, &r.0, Some(op.label), &[&format!("`{status}`")]);
    }
}

/// The names of a `content` map's media types with their indexes.
fn names<'a>(media: &[(&'a str, Node<'_>)]) -> Vec<(&'a str, usize)> {
    media.iter().enumerate().map(|(i, (name, _))| (*name, i)).collect()
}

fn compare_response(cx: &mut Cx<'_>, op: &Operation<'_, '_>, status: &str, b: &Node<'_>, r: &Node<'_>) {
    let quoted = format!("`{status}`");
    let base_media = content(cx.base, b);
    let rev_media = content(cx.revision, r);
    let matched = media::pair(&names(&base_media), &names(&rev_media));
    for (i, j) in matched.pairs {
        let ((old, bm), (new, rm)) = (&base_media[i], &rev_media[j]);
        if old != new {
            let args = [&*format!("`{old}`"), &*format!("`{new}`"), &*quoted];
            cx.emit(media::name_change(old, new), Side::Revision, &rm.0, Some(op.label), &args);
        }
        let context = Context::Response { status, media: new };
        compare_media_schema(cx, op, &context, bm, rm);
    }
    for i in matched.removed {
        let (name, bm) = &base_media[i];
        cx.emit("response-media-type-removed", Side::Base, &bm.0, Some(op.label), &[&format!("`{name}`"), &quoted]);
    }
    for j in matched.added {
        let (name, rm) = &rev_media[j];
        cx.emit("response-media-type-added", Side::Revision, &rm.0, Some(op.label), &[&format!("`{name}`"), &quoted]);
    }
    compare_headers(cx, op, &quoted, b, r);
}

fn compare_headers(cx: &mut Cx<'_>, op: &Operation<'_, '_>, status: &str, b: &Node<'_>, r: &Node<'_>) {
    let base = members(cx.base, b, "headers");
    let rev = members(cx.revision, r, "headers");
    let same = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
    for (name, bh) in &base {
        let quoted = format!("`{name}`");
        if let Some((_, rh)) = rev.iter().find(|(n, _)| same(n, name)) {
            if required(bh.1) && !required(rh.1) {
                cx.emit("response-header-became-optional", Side::Revision, &rh.0, Some(op.label), &[&quoted, status]);
            }
            if let (Some(bs), Some(rs)) = (member(cx.base, bh, "schema"), member(cx.revision, rh, "schema")) {
                crate::schema::compare_header(cx, op.label, (&quoted, status), &bs, &rs);
            }
        } else {
            let id =
                if required(bh.1) { "required-response-header-removed" } else { "optional-response-header-removed" };
            cx.emit(id, Side::Base, &bh.0, Some(op.label), &[&quoted, status]);
        }
    }
    for (name, rh) in &rev {
        if !base.iter().any(|(n, _)| same(n, name)) {
            cx.emit("response-header-added", Side::Revision, &rh.0, Some(op.label), &[&format!("`{name}`"), status]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{normalize, parameter_name_eq, success};

    #[test]
    fn paths_match_whatever_their_parameter_names() {
        assert_eq!(normalize("/pets/{petId}/toys/{id}"), normalize("/pets/{id}/toys/{toy}"));
        assert_ne!(normalize("/pets/{id}"), normalize("/pets/{id}/"));
        assert_ne!(normalize("/pets"), normalize("/pet"));
    }

    #[test]
    fn header_names_are_case_insensitive() {
        assert!(parameter_name_eq("header", "X-Request-Id", "x-request-id"));
        assert!(!parameter_name_eq("query", "Id", "id"));
    }

    #[test]
    fn success_statuses() {
        assert_eq!(success("204"), Some(true));
        assert_eq!(success("404"), Some(false));
        assert_eq!(success("default"), None);
        assert_eq!(success("2XX"), None);
    }
}
