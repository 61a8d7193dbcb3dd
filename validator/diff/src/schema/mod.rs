//! Schemas: types, formats, enums, limits, patterns, nullability, defaults, properties and
//! their requiredness, `items`, `additionalProperties` and `allOf`/`anyOf`/`oneOf`, compared
//! in the direction that breaks clients (narrowing a request, widening a response).

mod facets;
mod list_of_types;
mod types;

use std::collections::HashSet;

use serde_json::Value;

use crate::changes::{Cx, MAX_CHANGES, MAX_VISITS, Side};
use crate::load::{At, Spec, ref_of};
use crate::operations::{Node, child_at, member};
use facets::{nullable, type_names};

/// Deepest schema nesting compared; a deeper pair stops the comparison ([`crate::TooComplex::TooDeep`]).
pub(crate) const MAX_DEPTH: usize = 128;

/// Where a schema sits: a parameter's, a request body's, or a response's.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Context<'s> {
    /// The schema of a parameter.
    Parameter {
        /// `path`, `query`, `header`, `cookie`.
        location: &'s str,
        /// Its name.
        name: &'s str,
        /// Serialized with `style: form` and `explode: true` (the default in query and
        /// cookie), where one value is also a one-element array.
        form_explode: bool,
    },
    /// The schema of a request body media type.
    Request {
        /// The media type.
        media: &'s str,
    },
    /// The schema of a response media type.
    Response {
        /// The status.
        status: &'s str,
        /// The media type.
        media: &'s str,
    },
}

impl Context<'_> {
    /// Whether the schema is a header parameter's.
    fn is_header(&self) -> bool {
        matches!(self, Self::Parameter { location: "header", .. })
    }

    fn is_response(&self) -> bool {
        matches!(self, Self::Response { .. })
    }

    /// The check id prefix of a finding at the root (`path` empty) or at a property.
    fn prefix(&self, path: &str) -> &'static str {
        match (self, path.is_empty()) {
            (Self::Parameter { .. }, true) => "request-parameter",
            (Self::Parameter { .. }, false) => "request-parameter-property",
            (Self::Request { .. }, true) => "request-body",
            (Self::Request { .. }, false) => "request-property",
            (Self::Response { .. }, true) => "response-body",
            (Self::Response { .. }, false) => "response-property",
        }
    }

    /// What a finding is about, in words.
    fn subject(&self, path: &str) -> String {
        let property = if path.is_empty() { String::new() } else { format!(" property `{path}`") };
        match self {
            Self::Parameter { location, name, .. } => format!("the `{location}` request parameter `{name}`{property}"),
            Self::Request { media } if path.is_empty() => format!("the request body (`{media}`)"),
            Self::Request { media } => format!("the request{property} (`{media}`)"),
            Self::Response { status, media } if path.is_empty() => {
                format!("the response body (status `{status}`, `{media}`)")
            }
            Self::Response { status, media } => format!("the response{property} (status `{status}`, `{media}`)"),
        }
    }

    /// A number standing for the kind of context, for memoising unchanged schema pairs.
    fn kind(&self) -> u8 {
        match self {
            Self::Parameter { .. } => 0,
            Self::Request { .. } => 1,
            Self::Response { .. } => 2,
        }
    }
}

/// Compares the schemas `base` and `rev` of one operation's `context`.
pub(crate) fn compare(cx: &mut Cx<'_>, op: &str, context: &Context<'_>, base: &Node<'_>, rev: &Node<'_>) {
    let mut walk = Walk { cx, op, context, stack: Vec::new(), claimed_type: false };
    walk.pair("", base, rev, 0);
}

/// A response header's schema: its type (a response widens when it generalizes) and
/// whether it may be null.
pub(crate) fn compare_header(cx: &mut Cx<'_>, op: &str, (name, status): (&str, &str), base: &Node<'_>, rev: &Node<'_>) {
    let (bt, rt) = (type_names(base.1), type_names(rev.1));
    let format = |node: &Node<'_>| node.1.get("format").and_then(Value::as_str).unwrap_or_default().to_owned();
    let (bf, rf) = (format(base), format(rev));
    let verdict = types::response(
        &types::Shape { types: bt.clone(), format: &bf },
        &types::Shape { types: rt.clone(), format: &rf },
        false,
    );
    if let Some(verdict) = verdict {
        let id = format!("response-header-{}", verdict.suffix());
        let (from, to) = (format!("`{}`", bt.join(", ")), format!("`{}`", rt.join(", ")));
        cx.emit(&id, Side::Revision, &child_at(&rev.0, "type"), Some(op), &[name, "type", &from, &to, status]);
    }
    match (nullable(base.1), nullable(rev.1)) {
        (false, true) => cx.emit("response-header-became-nullable", Side::Revision, &rev.0, Some(op), &[name, status]),
        (true, false) => {
            cx.emit("response-header-became-not-nullable", Side::Revision, &rev.0, Some(op), &[name, status]);
        }
        _ => {}
    }
}

struct Walk<'w, 'a> {
    cx: &'w mut Cx<'a>,
    op: &'w str,
    context: &'w Context<'w>,
    /// The schema pairs being compared, outermost first (a pair met again is a cycle).
    stack: Vec<(At, At)>,
    /// The type change of the pair whose facets are being compared is reported as a change
    /// of its list of types.
    claimed_type: bool,
}

/// Whether the subschema at `at` only annotates (validates like the empty schema): an `allOf`
/// item of that kind changes no instance's validity.
fn annotation_only(spec: &crate::load::Spec, at: &At) -> bool {
    const ANNOTATIONS: [&str; 11] = [
        "description",
        "title",
        "example",
        "examples",
        "deprecated",
        "readOnly",
        "writeOnly",
        "default",
        "externalDocs",
        "xml",
        "$comment",
    ];
    let resolved = spec.get(at).and_then(|v| spec.resolve(at.clone(), v));
    resolved
        .and_then(|(_, v)| v.as_object())
        .is_some_and(|map| map.keys().all(|k| ANNOTATIONS.contains(&k.as_str()) || k.starts_with("x-")))
}

fn join(path: &str, segment: &str) -> String {
    if path.is_empty() { segment.to_owned() } else { format!("{path}/{segment}") }
}

fn flag(schema: &Value, key: &str) -> bool {
    schema.get(key).and_then(Value::as_bool) == Some(true)
}

fn required_names(schema: &Value) -> Vec<&str> {
    schema
        .get("required")
        .and_then(Value::as_array)
        .map(|l| l.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// Where `name` is listed in the `required` of the schema `node`.
fn required_item(node: &Node<'_>, name: &str) -> Option<At> {
    let list = node.1.get("required")?.as_array()?;
    let index = list.iter().position(|n| n.as_str() == Some(name))?;
    Some(child_at(&child_at(&node.0, "required"), &index.to_string()))
}

/// Keywords holding one subschema, compared pairwise.
const SUBSCHEMAS: [&str; 11] = [
    "items",
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
    "contentSchema",
];

impl Walk<'_, '_> {
    /// Records `id` (`{prefix}-{suffix}`) at the `field` of the revision's schema, or of the
    /// base's when the revision lacks it.
    fn facet(&mut self, path: &str, suffix: &str, field: &str, nodes: (&Node<'_>, &Node<'_>), what: &str) {
        let (base, rev) = nodes;
        let prefix = self.context.prefix(path);
        let id = format!("{prefix}-{suffix}");
        self.at_field(&id, path, field, (base, rev), what);
    }

    fn at_field(&mut self, id: &str, path: &str, field: &str, (base, rev): (&Node<'_>, &Node<'_>), what: &str) {
        let (side, at) = if rev.1.get(field).is_some() || base.1.get(field).is_none() {
            (Side::Revision, if rev.1.get(field).is_some() { child_at(&rev.0, field) } else { rev.0.clone() })
        } else {
            (Side::Base, child_at(&base.0, field))
        };
        let text = format!("{}: {what}", self.context.subject(path));
        self.cx.emit_text(id, side, &at, Some(self.op), text);
    }

    /// Records `id` at item `index` of the list `field` of the schema on `side`.
    fn at_item(
        &mut self,
        id: &str,
        path: &str,
        (field, index): (&str, usize),
        (side, node): (Side, &Node<'_>),
        what: &str,
    ) {
        let at = child_at(&child_at(&node.0, field), &index.to_string());
        let text = format!("{}: {what}", self.context.subject(path));
        self.cx.emit_text(id, side, &at, Some(self.op), text);
    }

    fn pair(&mut self, path: &str, base: &Node<'_>, rev: &Node<'_>, depth: usize) {
        let key = (base.0.clone(), rev.0.clone());
        if depth > MAX_DEPTH {
            // Fail closed: what lies deeper would go uncompared.
            self.cx.too_deep = true;
            return;
        }
        if self.stack.contains(&key) || self.cx.visits >= MAX_VISITS {
            return;
        }
        self.cx.visits += 1;
        if self.cx.len() >= MAX_CHANGES {
            self.cx.visits = MAX_VISITS;
        }
        let memo = (self.context.kind() * 2 + u8::from(path.is_empty()), key.0.clone(), key.1.clone());
        if self.cx.unchanged.contains(&memo) {
            return;
        }
        if path.is_empty() && self.wrapped_in_one_of(base, rev) {
            return;
        }
        let before = self.cx.len();
        self.stack.push(key);
        let list_of_types = self.list_of_types(path, base, rev);
        self.claimed_type = list_of_types;
        self.facets(path, base, rev);
        self.claimed_type = false;
        self.properties(path, base, rev, depth);
        for keyword in SUBSCHEMAS {
            let b = member(self.cx.base, base, keyword).filter(|n| n.1.is_object());
            let r = member(self.cx.revision, rev, keyword).filter(|n| n.1.is_object());
            if let (Some(b), Some(r)) = (b, r) {
                self.pair(&join(path, keyword), &b, &r, depth + 1);
            }
        }
        let compositions: &[&str] = if list_of_types { &["allOf"] } else { &["allOf", "anyOf", "oneOf"] };
        for keyword in compositions {
            self.composition(path, keyword, base, rev, depth);
        }
        for keyword in ["patternProperties", "dependentSchemas"] {
            let (old, new) = (
                crate::operations::members(self.cx.base, base, keyword),
                crate::operations::members(self.cx.revision, rev, keyword),
            );
            for (name, b) in &old {
                if let Some((_, r)) = new.iter().find(|(n, _)| n == name) {
                    self.pair(&join(path, &format!("{keyword}[{name}]")), b, r, depth + 1);
                }
            }
        }
        if let (Some(Value::Array(old)), Some(Value::Array(new))) =
            (base.1.get("prefixItems"), rev.1.get("prefixItems"))
        {
            let (old_at, new_at) = (child_at(&base.0, "prefixItems"), child_at(&rev.0, "prefixItems"));
            for (i, (b, r)) in old.iter().zip(new).enumerate() {
                let index = i.to_string();
                let b = self.cx.base.resolve(child_at(&old_at, &index), b);
                let r = self.cx.revision.resolve(child_at(&new_at, &index), r);
                if let (Some(b), Some(r)) = (b, r) {
                    self.pair(&join(path, &format!("prefixItems[{i}]")), &b, &r, depth + 1);
                }
            }
        }
        self.stack.pop();
        if self.cx.len() == before {
            self.cx.unchanged.insert(memo);
        }
    }

    /// A body whose properties moved into the alternatives of a new `oneOf` (oasdiff's
    /// #702): one breaking finding for the body, and the properties that did not move
    /// reported as removed; the mechanical rest (alternatives added, type gone) is not.
    fn wrapped_in_one_of(&mut self, base: &Node<'_>, rev: &Node<'_>) -> bool {
        if matches!(self.context, Context::Parameter { .. }) {
            return false;
        }
        let base_props = crate::operations::members(self.cx.base, base, "properties");
        if base_props.is_empty()
            || base.1.get("oneOf").is_some()
            || rev.1.get("properties").is_some()
            || !rev.1.get("oneOf").is_some_and(Value::is_array)
        {
            return false;
        }
        let alternatives: Vec<Node<'_>> = {
            let at = child_at(&rev.0, "oneOf");
            let items = rev.1.get("oneOf").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
            items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| self.cx.revision.resolve(child_at(&at, &i.to_string()), item))
                .collect()
        };
        let moved =
            |name: &str| alternatives.iter().any(|(_, v)| v.get("properties").and_then(|p| p.get(name)).is_some());
        if !base_props.iter().any(|(name, _)| moved(name)) {
            return false;
        }
        let id = if self.context.is_response() {
            "response-body-wrapped-in-one-of"
        } else {
            "request-body-wrapped-in-one-of"
        };
        let text = format!("{}: restructured into a `oneOf`", self.context.subject(""));
        self.cx.emit_text(id, Side::Revision, &child_at(&rev.0, "oneOf"), Some(self.op), text);
        let required = required_names(base.1);
        for (name, b) in base_props.iter().filter(|(name, _)| !moved(name)) {
            let id = match (self.context.is_response(), required.contains(name)) {
                (false, _) if flag(b.1, "readOnly") => continue,
                (false, _) => "request-property-removed",
                (true, true) => "response-required-property-removed",
                (true, false) => "response-optional-property-removed",
            };
            let text = format!("{}: removed", self.context.subject(name));
            self.cx.emit_text(id, Side::Base, &b.0, Some(self.op), text);
        }
        true
    }

    fn properties(&mut self, path: &str, base: &Node<'_>, rev: &Node<'_>, depth: usize) {
        let base_props = crate::operations::members(self.cx.base, base, "properties");
        let rev_props = crate::operations::members(self.cx.revision, rev, "properties");
        if base_props.is_empty() && rev_props.is_empty() {
            return;
        }
        let (base_required, rev_required) = (required_names(base.1), required_names(rev.1));
        let response = self.context.is_response();
        let parameter = matches!(self.context, Context::Parameter { .. });
        for (name, b) in &base_props {
            let full = join(path, name);
            let Some((_, r)) = rev_props.iter().find(|(n, _)| n == name) else {
                if parameter || (!response && flag(b.1, "readOnly")) {
                    continue;
                }
                let write_only = flag(b.1, "writeOnly");
                let id = match (response, base_required.contains(name), write_only) {
                    (false, ..) => "request-property-removed",
                    (true, true, false) => "response-required-property-removed",
                    (true, true, true) => "response-required-write-only-property-removed",
                    (true, false, false) => "response-optional-property-removed",
                    (true, false, true) => "response-optional-write-only-property-removed",
                };
                let text = format!("{}: removed", self.context.subject(&full));
                self.cx.emit_text(id, Side::Base, &b.0, Some(self.op), text);
                continue;
            };
            if !parameter {
                self.requiredness(&full, name, (b, r), (base, rev), (&base_required, &rev_required));
                self.access(&full, rev_required.contains(name), (b, r));
            } else if self.context.is_header() && rev_required.contains(name) && !base_required.contains(name) {
                let text = format!("{}: became required", self.context.subject(&full));
                let at = required_item(rev, name).unwrap_or_else(|| r.0.clone());
                self.cx.emit_text("request-header-property-became-required", Side::Revision, &at, Some(self.op), text);
            }
            self.pair(&full, b, r, depth + 1);
        }
        for (name, r) in &rev_props {
            if base_props.iter().any(|(n, _)| n == name) {
                continue;
            }
            let full = join(path, name);
            let required = rev_required.contains(name);
            if parameter {
                if self.context.is_header() && required {
                    let text = format!("{}: added as required", self.context.subject(&full));
                    self.cx.emit_text(
                        "new-required-request-header-property",
                        Side::Revision,
                        &r.0,
                        Some(self.op),
                        text,
                    );
                }
                continue;
            }
            let id = if response {
                match (required, flag(r.1, "writeOnly")) {
                    (true, false) => "response-required-property-added",
                    (true, true) => "response-required-write-only-property-added",
                    (false, false) => "response-optional-property-added",
                    (false, true) => "response-optional-write-only-property-added",
                }
            } else if flag(r.1, "readOnly") {
                continue;
            } else if required && r.1.get("default").is_some() {
                "new-required-request-property-with-default"
            } else if required {
                "new-required-request-property"
            } else {
                "new-optional-request-property"
            };
            let text = format!("{}: added{}", self.context.subject(&full), if required { " as required" } else { "" });
            self.cx.emit_text(id, Side::Revision, &r.0, Some(self.op), text);
        }
    }

    /// A property that became (or stopped being) read-only or write-only.
    fn access(&mut self, full: &str, required: bool, (b, r): (&Node<'_>, &Node<'_>)) {
        let direction = if self.context.is_response() { "response" } else { "request" };
        let kind = if required { "required" } else { "optional" };
        for (keyword, name) in [("readOnly", "read-only"), ("writeOnly", "write-only")] {
            let became = match (flag(b.1, keyword), flag(r.1, keyword)) {
                (false, true) => name.to_owned(),
                (true, false) => format!("not-{name}"),
                _ => continue,
            };
            let id = format!("{direction}-{kind}-property-became-{became}");
            let text = format!("{}: became {}", self.context.subject(full), became.replace('-', " "));
            let at = if r.1.get(keyword).is_some() { child_at(&r.0, keyword) } else { r.0.clone() };
            self.cx.emit_text(&id, Side::Revision, &at, Some(self.op), text);
        }
    }

    /// A property that became required or optional, located as oasdiff locates it: at its
    /// item of the revision's `required` (became required) or of the base's (optional).
    fn requiredness(
        &mut self,
        full: &str,
        name: &str,
        (b, r): (&Node<'_>, &Node<'_>),
        (base, rev): (&Node<'_>, &Node<'_>),
        (base_required, rev_required): (&[&str], &[&str]),
    ) {
        let response = self.context.is_response();
        let id = match (base_required.contains(&name), rev_required.contains(&name)) {
            (false, true) if response => {
                if flag(r.1, "writeOnly") {
                    "response-write-only-property-became-required"
                } else {
                    "response-property-became-required"
                }
            }
            (false, true) if flag(r.1, "readOnly") => return,
            (false, true) if r.1.get("default").is_some() => "request-property-became-required-with-default",
            (false, true) => "request-property-became-required",
            (true, false) if response => {
                if flag(r.1, "writeOnly") {
                    "response-write-only-property-became-optional"
                } else {
                    "response-property-became-optional"
                }
            }
            (true, false) if flag(b.1, "readOnly") => return,
            (true, false) => "request-property-became-optional",
            _ => return,
        };
        let required = rev_required.contains(&name);
        let became = if required { "became required" } else { "became optional" };
        let text = format!("{}: {became}", self.context.subject(full));
        let (side, at) = match (required, required_item(if required { rev } else { base }, name)) {
            (true, Some(at)) => (Side::Revision, at),
            (false, Some(at)) => (Side::Base, at),
            (_, None) => (Side::Revision, r.0.clone()),
        };
        self.cx.emit_text(id, side, &at, Some(self.op), text);
    }

    fn composition(&mut self, path: &str, keyword: &str, base: &Node<'_>, rev: &Node<'_>, depth: usize) {
        // (key matching the subschemas of both sides, where it is, its name in findings)
        let list = |spec: &Spec, node: &Node<'_>| -> Vec<(String, At, String)> {
            let Some(Value::Array(items)) = node.1.get(keyword) else { return Vec::new() };
            let at = child_at(&node.0, keyword);
            // Inline subschemas are matched in their order among the inline ones.
            let mut inline = 0;
            items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let key = ref_of(item).map_or_else(
                        || {
                            inline += 1;
                            format!("#{}", inline - 1)
                        },
                        str::to_owned,
                    );
                    let at = child_at(&at, &i.to_string());
                    let title = spec.resolve(at.clone(), item).and_then(|(_, v)| v.get("title")?.as_str());
                    let name = match (title, ref_of(item)) {
                        (Some(title), _) => format!("subschema #{}: {title}", i + 1),
                        (None, Some(reference)) => reference.to_owned(),
                        (None, None) => format!("subschema #{}", i + 1),
                    };
                    (key, at, name)
                })
                .collect()
        };
        let (bl, mut rl) = (list(self.cx.base, base), list(self.cx.revision, rev));
        if bl.is_empty() && rl.is_empty() {
            return;
        }
        // An inline subschema kept as it was, but moved, is the same subschema.
        let items = |node: &Node<'_>| node.1.get(keyword).and_then(Value::as_array).cloned().unwrap_or_default();
        let (base_items, rev_items) = (items(base), items(rev));
        let ordinal = |i: usize| base_items[..i].iter().filter(|v| ref_of(v).is_none()).count();
        for (j, item) in rev_items.iter().enumerate() {
            if ref_of(item).is_none()
                && let Some(i) = base_items.iter().position(|b| b == item)
                && rl[j].0 != format!("#{}", ordinal(i))
            {
                let key = format!("#{}", ordinal(i));
                // The item that held the key by position is another one.
                for (k, other) in rl.iter_mut().enumerate() {
                    if other.0 == key {
                        other.0 = format!("+{k}");
                    }
                }
                rl[j].0 = key;
            }
        }
        if bl.is_empty() && rl.is_empty() {
            return;
        }
        let name = match keyword {
            "allOf" => "all-of",
            "anyOf" => "any-of",
            _ => "one-of",
        };
        for (key, at, base_name) in &bl {
            if let Some((_, rat, rev_name)) = rl.iter().find(|(k, ..)| k == key) {
                let b = self.cx.base.get(at).and_then(|v| self.cx.base.resolve(at.clone(), v));
                let r = self.cx.revision.get(rat).and_then(|v| self.cx.revision.resolve(rat.clone(), v));
                // A subschema is named as oasdiff names it: by title, else by reference,
                // else by position; moved, by both positions.
                let name = if base_name == rev_name { base_name.clone() } else { format!("{base_name} -> {rev_name}") };
                if let (Some(b), Some(r)) = (b, r) {
                    self.pair(&join(path, &format!("{keyword}[{name}]")), &b, &r, depth + 1);
                }
            } else {
                let only =
                    if keyword == "allOf" && annotation_only(self.cx.base, at) { "-annotation-only" } else { "" };
                let id = format!("{}-{name}-removed{only}", self.context.prefix(path));
                let text = format!("{}: `{base_name}` removed from `{keyword}`", self.context.subject(path));
                self.cx.emit_text(&id, Side::Base, at, Some(self.op), text);
            }
        }
        for (key, at, rev_name) in &rl {
            if !bl.iter().any(|(k, ..)| k == key) {
                let only =
                    if keyword == "allOf" && annotation_only(self.cx.revision, at) { "-annotation-only" } else { "" };
                let id = format!("{}-{name}-added{only}", self.context.prefix(path));
                let text = format!("{}: `{rev_name}` added to `{keyword}`", self.context.subject(path));
                self.cx.emit_text(&id, Side::Revision, at, Some(self.op), text);
            }
        }
    }
}

/// Schema pairs compared without finding anything, per context kind.
pub(crate) type Unchanged = HashSet<(u8, At, At)>;
