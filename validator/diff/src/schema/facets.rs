//! The facets of one schema compared with its counterpart: type and format, enum, limits,
//! pattern, nullability, default, deprecation, and the JSON Schema keywords whose adding or
//! removing is a change of its own.

use serde_json::Value;

use super::types::{self, Shape};
use super::{Context, Walk, flag};
use crate::Date;
use crate::changes::Side;
use crate::lifecycle::stability;
use crate::operations::{Node, child_at, member};

/// The types a schema allows (`type` as a string or a list), without `null`.
/// JSON media types are strongly typed: `1` and `"1"` differ there.
fn strongly_typed(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or_default().trim();
    essence == "application/json" || essence.ends_with("+json")
}

pub(super) fn type_names(schema: &Value) -> Vec<&str> {
    match schema.get("type") {
        Some(Value::String(t)) if t != "null" => vec![t.as_str()],
        Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).filter(|t| *t != "null").collect(),
        _ => Vec::new(),
    }
}

/// Whether a schema allows `null` (`nullable: true`, or `null` among its types).
pub(super) fn nullable(schema: &Value) -> bool {
    schema.get("nullable").and_then(Value::as_bool) == Some(true)
        || match schema.get("type") {
            Some(Value::Array(list)) => list.iter().any(|t| t == "null"),
            Some(Value::String(t)) => t == "null",
            _ => false,
        }
}

/// Whether two schemas validate alike apart from their type and nullability: every keyword
/// but annotations (title, description, default, examples, comments) is the same.
fn same_constraints(a: &Value, b: &Value) -> bool {
    const IGNORED: [&str; 9] =
        ["type", "nullable", "title", "description", "default", "example", "examples", "externalDocs", "$comment"];
    let strip = |v: &Value| -> Option<serde_json::Map<String, Value>> {
        let mut map = v.as_object()?.clone();
        map.retain(|k, _| !IGNORED.contains(&k.as_str()));
        Some(map)
    };
    matches!((strip(a), strip(b)), (Some(a), Some(b)) if a == b)
}

fn number(schema: &Value, key: &str) -> Option<f64> {
    schema.get(key).and_then(Value::as_f64)
}

fn show(value: &Value) -> String {
    match value {
        Value::String(s) => format!("`{s}`"),
        other => format!("`{other}`"),
    }
}

fn pattern(schema: &Value) -> Option<&str> {
    schema.get("pattern").and_then(Value::as_str).filter(|p| !p.is_empty())
}

/// Keywords whose adding or removing is a change of its own, and their names in check ids.
const PRESENCE: [(&str, &str); 10] = [
    ("const", "const"),
    ("contains", "contains"),
    ("if", "if"),
    ("then", "then"),
    ("else", "else"),
    ("prefixItems", "prefix-items"),
    ("propertyNames", "property-names"),
    ("unevaluatedItems", "unevaluated-items"),
    ("unevaluatedProperties", "unevaluated-properties"),
    ("contentSchema", "content-schema"),
];

/// Numeric limits: the keyword, and its name in check ids.
const LIMITS: [(&str, &str); 10] = [
    ("maxLength", "max-length"),
    ("minLength", "min-length"),
    ("maximum", "max"),
    ("minimum", "min"),
    ("maxItems", "max-items"),
    ("minItems", "min-items"),
    ("exclusiveMaximum", "exclusive-max"),
    ("exclusiveMinimum", "exclusive-min"),
    ("maxContains", "max-contains"),
    ("minContains", "min-contains"),
];

impl Walk<'_, '_> {
    pub(super) fn facets(&mut self, path: &str, base: &Node<'_>, rev: &Node<'_>) {
        let response = self.context.is_response();
        let nodes = (base, rev);
        // A request property the server writes, or a response property the client writes,
        // is reported by the read-only/write-only variants where oasdiff has them.
        let request_read_only = !response && !path.is_empty() && flag(rev.1, "readOnly");
        let response_write_only = response && !path.is_empty() && flag(rev.1, "writeOnly");
        if !path.is_empty() && !matches!(self.context, Context::Parameter { .. }) {
            self.deprecation(path, nodes);
            self.stability(path, nodes);
        }
        self.type_change(path, nodes);
        self.enum_change(path, nodes, request_read_only, response_write_only);
        if !response
            && let (Some(Value::Array(old)), Some(Value::Array(new))) =
                (base.1.get("x-extensible-enum"), rev.1.get("x-extensible-enum"))
        {
            for (i, value) in old.iter().enumerate().filter(|(_, v)| !new.contains(v)) {
                let what = format!("x-extensible-enum value {} removed", show(value));
                let id = format!("{}-x-extensible-enum-value-removed", self.context.prefix(path));
                self.at_item(&id, path, ("x-extensible-enum", i), (Side::Base, base), &what);
            }
        }
        for (keyword, name) in LIMITS {
            let (b, r) = (number(base.1, keyword), number(rev.1, keyword));
            let what = |change: &str| format!("`{keyword}` {change}");
            let fmt = |v: Option<f64>| v.map_or_else(|| "unset".to_owned(), |v| format!("`{v}`"));
            let suffix = match (b, r) {
                (Some(b), Some(r)) if r > b => "increased",
                (Some(b), Some(r)) if r < b => "decreased",
                (None, Some(_)) if !response => "set",
                (Some(_), None) if response => "unset",
                _ => continue,
            };
            // Requests break when narrowed, responses when widened; where oasdiff also has an
            // id for the other direction (e.g. `response-body-min-contains-increased`) it is
            // reported at that id's level, and where it has none nothing is.
            let text = what(&format!("{suffix} from {} to {}", fmt(b), fmt(r)));
            // A parameter's `maxItems` written on its `items` counts as the parameter's.
            let path = if matches!(self.context, Context::Parameter { .. }) && path == "items" && keyword == "maxItems"
            {
                ""
            } else {
                path
            };
            if request_read_only {
                let id = format!("request-read-only-property-{name}-{suffix}");
                self.at_field(&id, path, keyword, nodes, &text);
            } else {
                self.facet(path, &format!("{name}-{suffix}"), keyword, nodes, &text);
            }
        }
        self.pattern_change(path, nodes);
        self.keywords(path, nodes);
        match (nullable(base.1), nullable(rev.1)) {
            (false, true) => self.facet(path, "became-nullable", "nullable", nodes, "became nullable"),
            (true, false) => self.facet(path, "became-not-nullable", "nullable", nodes, "became not nullable"),
            _ => {}
        }
        match (base.1.get("default"), rev.1.get("default")) {
            (None, Some(r)) => {
                self.facet(path, "default-value-added", "default", nodes, &format!("default {} added", show(r)));
            }
            (Some(b), None) => {
                self.facet(path, "default-value-removed", "default", nodes, &format!("default {} removed", show(b)));
            }
            (Some(b), Some(r)) if b != r => {
                self.facet(
                    path,
                    "default-value-changed",
                    "default",
                    nodes,
                    &format!("default changed from {} to {}", show(b), show(r)),
                );
            }
            _ => {}
        }
    }

    /// A property deprecated or reactivated: a sunset must be readable and not past; with a
    /// sunset policy, present and at least its days of notice ahead.
    fn deprecation(&mut self, path: &str, nodes: (&Node<'_>, &Node<'_>)) {
        let (base, rev) = nodes;
        let (was, is) = (flag(base.1, "deprecated"), flag(rev.1, "deprecated"));
        if was == is {
            return;
        }
        let (suffix, what) = if is {
            match rev.1.get("x-sunset") {
                None if self.cx.policy.sunset_days.is_some() => {
                    ("deprecated-sunset-missing", "deprecated without a sunset".to_owned())
                }
                None => ("deprecated", "deprecated".to_owned()),
                Some(Value::String(text)) => match Date::parse(text) {
                    Err(err) => ("deprecated-sunset-invalid", format!("deprecated with an unreadable sunset: {err}")),
                    Ok(date) if date < self.cx.today => {
                        ("sunset-date-too-small", format!("deprecated with a past sunset `{date}`"))
                    }
                    Ok(date) if date < self.cx.earliest_sunset() => (
                        "sunset-date-too-small",
                        format!(
                            "deprecated with sunset `{date}`, less than the {} days of notice the policy requires",
                            self.cx.policy.notice_days()
                        ),
                    ),
                    Ok(date) => ("deprecated-with-sunset", format!("deprecated with sunset `{date}`")),
                },
                Some(_) => ("deprecated-sunset-invalid", "deprecated with a sunset that is not a date".to_owned()),
            }
        } else {
            ("reactivated", "reactivated".to_owned())
        };
        self.facet(path, suffix, "deprecated", nodes, &what);
    }

    /// A property's `x-stability-level` that is unreadable, or changed from beta or stable.
    fn stability(&mut self, path: &str, nodes: (&Node<'_>, &Node<'_>)) {
        let (base, rev) = nodes;
        let (from, to) = match (stability(base.1), stability(rev.1)) {
            (Err(err), _) => {
                let text = format!("{}: {err}", self.context.subject(path));
                let at = child_at(&base.0, "x-stability-level");
                return self.cx.emit_text("api-invalid-stability-level", Side::Base, &at, Some(self.op), text);
            }
            (_, Err(err)) => {
                return self.at_field("api-invalid-stability-level", path, "x-stability-level", nodes, &err);
            }
            (Ok(from), Ok(to)) => (from, to),
        };
        if from == to || from < 3 {
            return;
        }
        let suffix = if to < from { "stability-decreased" } else { "stability-increased" };
        self.facet(
            path,
            suffix,
            "x-stability-level",
            nodes,
            &format!("stability level {}", suffix.trim_start_matches("stability-")),
        );
    }

    /// oasdiff's `isParameterScalarToFormExplodeArray`: a parameter serialized
    /// `form`/`explode` whose scalar (or union of scalars) became an array whose items accept
    /// every value it did, with the same constraints; one value is a one-element array on
    /// the wire, so old clients still send valid requests.
    fn scalar_to_form_explode_array(&self, path: &str, nodes: (&Node<'_>, &Node<'_>)) -> bool {
        if !path.is_empty() || !matches!(self.context, Context::Parameter { form_explode: true, .. }) {
            return false;
        }
        let (base, rev) = nodes;
        let (bt, rt) = (type_names(base.1), type_names(rev.1));
        let added: Vec<&str> = rt.iter().copied().filter(|t| !bt.contains(t)).collect();
        if added != ["array"] || bt.is_empty() {
            return false;
        }
        let Some((_, item)) = member(self.cx.revision, rev, "items") else { return false };
        types::type_contained(&type_names(item), &bt, false) && same_constraints(base.1, item)
    }

    fn type_change(&mut self, path: &str, nodes: (&Node<'_>, &Node<'_>)) {
        if self.claimed_type {
            return;
        }
        let (base, rev) = nodes;
        let (bt, rt) = (type_names(base.1), type_names(rev.1));
        let (bf, rf) = (base.1.get("format").and_then(Value::as_str), rev.1.get("format").and_then(Value::as_str));
        if bt == rt && bf == rf {
            return;
        }
        if bt.len() > 1 || rt.len() > 1 {
            if bt == rt {
                return;
            }
            let widened = bt.iter().all(|t| rt.contains(t));
            let narrowed = rt.iter().all(|t| bt.contains(t));
            let suffix = match (widened, narrowed) {
                (true, _) => "list-of-types-widened",
                (_, true) => "list-of-types-narrowed",
                _ if self.scalar_to_form_explode_array(path, nodes) => "type-generalized",
                _ => "type-changed",
            };
            let what = format!("types changed from `{}` to `{}`", bt.join(", "), rt.join(", "));
            self.facet(path, suffix, "type", nodes, &what);
            return;
        }
        let (base_shape, rev_shape) = (
            Shape { types: bt.clone(), format: bf.unwrap_or_default() },
            Shape { types: rt.clone(), format: rf.unwrap_or_default() },
        );
        let verdict = match self.context {
            Context::Parameter { .. } if path.is_empty() => types::parameter(&base_shape, &rev_shape),
            Context::Parameter { .. } => types::parameter_property(&base_shape, &rev_shape),
            Context::Request { media } => types::request(&base_shape, &rev_shape, strongly_typed(media)),
            Context::Response { media, .. } => types::response(&base_shape, &rev_shape, strongly_typed(media)),
        };
        let Some(mut verdict) = verdict else { return };
        if verdict == types::Verdict::Changed && self.scalar_to_form_explode_array(path, nodes) {
            verdict = types::Verdict::Generalized;
        }
        let dimension = types::dimension(bt != rt, bf != rf);
        let (from, to) =
            (types::render(self.cx.base, base, dimension), types::render(self.cx.revision, rev, dimension));
        let what = format!("{dimension} changed from `{from}` to `{to}`");
        self.facet(path, verdict.suffix(), "type", nodes, &what);
    }

    fn enum_change(
        &mut self,
        path: &str,
        nodes: (&Node<'_>, &Node<'_>),
        request_read_only: bool,
        response_write_only: bool,
    ) {
        let (base, rev) = nodes;
        let (Some(be), Some(re)) =
            (base.1.get("enum").and_then(Value::as_array), rev.1.get("enum").and_then(Value::as_array))
        else {
            if base.1.get("enum").is_none() && rev.1.get("enum").is_some() && !self.context.is_response() {
                let what = "was restricted to a list of enum values";
                if self.context.is_header() && !path.is_empty() {
                    self.at_field("request-header-property-became-enum", path, "enum", nodes, what);
                } else {
                    self.facet(path, "became-enum", "enum", nodes, what);
                }
            }
            return;
        };
        let response = self.context.is_response();
        // As oasdiff locates them: a removed value at its item in the base, an added one at
        // its item in the revision.
        for (i, value) in be.iter().enumerate().filter(|(_, v)| !re.contains(v)) {
            let what = format!("enum value {} removed", show(value));
            let id = match (response, path.is_empty(), request_read_only) {
                (true, true, _) => "response-mediatype-enum-value-removed".to_owned(),
                (false, false, true) => "request-read-only-property-enum-value-removed".to_owned(),
                _ => format!("{}-enum-value-removed", self.context.prefix(path)),
            };
            self.at_item(&id, path, ("enum", i), (Side::Base, base), &what);
        }
        for (i, value) in re.iter().enumerate().filter(|(_, v)| !be.contains(v)) {
            let what = format!("enum value {} added", show(value));
            let id = if response_write_only {
                "response-write-only-property-enum-value-added".to_owned()
            } else {
                format!("{}-enum-value-added", self.context.prefix(path))
            };
            self.at_item(&id, path, ("enum", i), (Side::Revision, rev), &what);
        }
    }

    /// JSON Schema keywords added, removed or changed: `const`, `contains`, `if`/`then`/
    /// `else`, `prefixItems`, `propertyNames`, `unevaluated*`, `contentSchema`, content
    /// media type and encoding, `discriminator`, and the entries of `patternProperties`,
    /// `dependentSchemas` and `dependentRequired`.
    fn keywords(&mut self, path: &str, nodes: (&Node<'_>, &Node<'_>)) {
        let (base, rev) = nodes;
        for (keyword, stem) in PRESENCE {
            let (b, r) = (base.1.get(keyword), rev.1.get(keyword));
            let suffix = match (b, r) {
                (None, Some(_)) => "added",
                (Some(_), None) => "removed",
                (Some(b), Some(r)) if keyword == "const" && b != r => "changed",
                _ => continue,
            };
            let what = match (b, r) {
                (Some(b), Some(r)) if suffix == "changed" => {
                    format!("`{keyword}` changed from {} to {}", show(b), show(r))
                }
                _ => format!("`{keyword}` {suffix}"),
            };
            self.facet(path, &format!("{stem}-{suffix}"), keyword, nodes, &what);
        }
        for (keyword, stem) in [("contentMediaType", "content-media-type"), ("contentEncoding", "content-encoding")] {
            if base.1.get(keyword) != rev.1.get(keyword) {
                self.facet(path, &format!("{stem}-changed"), keyword, nodes, &format!("`{keyword}` changed"));
            }
        }
        for (keyword, stem) in [
            ("patternProperties", "pattern-property"),
            ("dependentSchemas", "dependent-schema"),
            ("dependentRequired", "dependent-required"),
        ] {
            let keys = |node: &Node<'_>| -> Vec<(String, Value)> {
                node.1
                    .get(keyword)
                    .and_then(Value::as_object)
                    .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                    .unwrap_or_default()
            };
            let (old, new) = (keys(base), keys(rev));
            for (key, value) in &old {
                match new.iter().find(|(k, _)| k == key) {
                    None => self.facet(
                        path,
                        &format!("{stem}-removed"),
                        keyword,
                        nodes,
                        &format!("`{keyword}` entry `{key}` removed"),
                    ),
                    Some((_, other)) if keyword == "dependentRequired" && other != value => {
                        self.facet(
                            path,
                            &format!("{stem}-changed"),
                            keyword,
                            nodes,
                            &format!("`{keyword}` entry `{key}` changed"),
                        );
                    }
                    Some(_) => {}
                }
            }
            for (key, _) in new.iter().filter(|(k, _)| !old.iter().any(|(o, _)| o == k)) {
                self.facet(path, &format!("{stem}-added"), keyword, nodes, &format!("`{keyword}` entry `{key}` added"));
            }
        }
        self.discriminator(path, nodes);
    }

    fn discriminator(&mut self, path: &str, nodes: (&Node<'_>, &Node<'_>)) {
        let (base, rev) = nodes;
        let (b, r) = match (base.1.get("discriminator"), rev.1.get("discriminator")) {
            (None, None) => return,
            (None, Some(_)) => {
                return self.facet(path, "discriminator-added", "discriminator", nodes, "`discriminator` added");
            }
            (Some(_), None) => {
                return self.facet(path, "discriminator-removed", "discriminator", nodes, "`discriminator` removed");
            }
            (Some(b), Some(r)) => (b, r),
        };
        if b.get("propertyName") != r.get("propertyName") {
            let name = |d: &Value| d.get("propertyName").map_or_else(|| "unset".to_owned(), show);
            let what = format!("`discriminator.propertyName` changed from {} to {}", name(b), name(r));
            self.facet(path, "discriminator-property-name-changed", "discriminator", nodes, &what);
        }
        let mapping = |d: &Value| -> Vec<(String, Value)> {
            d.get("mapping")
                .and_then(Value::as_object)
                .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                .unwrap_or_default()
        };
        let (old, new) = (mapping(b), mapping(r));
        for (key, value) in &old {
            match new.iter().find(|(k, _)| k == key) {
                None => self.facet(
                    path,
                    "discriminator-mapping-deleted",
                    "discriminator",
                    nodes,
                    &format!("discriminator mapping `{key}` deleted"),
                ),
                Some((_, other)) if other != value => {
                    self.facet(
                        path,
                        "discriminator-mapping-changed",
                        "discriminator",
                        nodes,
                        &format!("discriminator mapping `{key}` changed from {} to {}", show(value), show(other)),
                    );
                }
                Some(_) => {}
            }
        }
        for (key, _) in new.iter().filter(|(k, _)| !old.iter().any(|(o, _)| o == k)) {
            self.facet(
                path,
                "discriminator-mapping-added",
                "discriminator",
                nodes,
                &format!("discriminator mapping `{key}` added"),
            );
        }
    }

    fn pattern_change(&mut self, path: &str, nodes: (&Node<'_>, &Node<'_>)) {
        let (base, rev) = nodes;
        // An empty pattern is no pattern (oasdiff reads it as unset).
        let (bp, rp) = (pattern(base.1), pattern(rev.1));
        let (suffix, what) = match (bp, rp) {
            (None, Some(r)) => ("pattern-added", format!("pattern `{r}` added")),
            (Some(b), None) => ("pattern-removed", format!("pattern `{b}` removed")),
            (Some(b), Some(r)) if b != r => {
                let suffix =
                    if r == ".*" && !self.context.is_response() { "pattern-generalized" } else { "pattern-changed" };
                (suffix, format!("pattern changed from `{b}` to `{r}`"))
            }
            _ => return,
        };
        self.facet(path, suffix, "pattern", nodes, &what);
    }
}
