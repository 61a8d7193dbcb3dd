//! Small description pairs compared through the library: the check ids and levels of the
//! media type name, list-of-types, form/explode parameter and security requirement rules, and
//! the wording of type changes.

use std::fmt::Write as _;

use conform_diff::{Change, Date, Level, Side, Source, Spec};

const TODAY: Date = Date { year: 2026, month: 12, day: 6 };

/// The changes from `old` to `new`, two OpenAPI 3.1 `paths` bodies.
fn compare(old: &str, new: &str) -> Vec<Change> {
    let dir = tempfile::tempdir().unwrap();
    let load = |name: &str, paths: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, format!("openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths:\n{paths}")).unwrap();
        Spec::load(&Source::File(path)).unwrap()
    };
    let (base, revision) = (load("old.yaml", old), load("new.yaml", new));
    conform_diff::diff(&base, &revision, TODAY).unwrap()
}

/// (id, level) of the changes from `old` to `new`, sorted by id.
fn changes(old: &str, new: &str) -> Vec<(&'static str, Level)> {
    let mut found: Vec<_> = compare(old, new).into_iter().map(|c| (c.id, c.level)).collect();
    found.sort_unstable_by_key(|c| c.0);
    found
}

/// The messages of the changes from `old` to `new`.
fn messages(old: &str, new: &str) -> Vec<String> {
    compare(old, new).into_iter().map(|c| c.message).collect()
}

/// A `GET /x` whose 200 response has the media types `content` (YAML, indented for it).
fn response(content: &str) -> String {
    format!(
        "  /x:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n{content}"
    )
}

#[test]
fn response_media_type_names_are_matched_and_their_changes_named() {
    let json = response("            application/json:\n              schema: {type: object}\n");
    let problem = response("            application/problem+json:\n              schema: {type: object}\n");
    let charset = response("            application/json; charset=utf-8:\n              schema: {type: object}\n");
    let xml = response("            application/xml:\n              schema: {type: object}\n");
    assert_eq!(changes(&json, &problem), [("response-media-type-name-specialized", Level::Info)]);
    assert_eq!(changes(&problem, &json), [("response-media-type-name-generalized", Level::Err)]);
    assert_eq!(changes(&json, &charset), [("response-media-type-name-changed", Level::Info)]);
    // Unrelated media types are a removal and an addition.
    assert_eq!(
        changes(&json, &xml),
        [("response-media-type-added", Level::Info), ("response-media-type-removed", Level::Err)]
    );
    // A matched pair is compared as one: a property removed inside it is reported.
    let with_property = |media: &str| {
        response(&format!(
            "            {media}:\n              schema:\n                type: object\n                required: [id]\n                properties:\n                  id: {{type: string}}\n"
        ))
    };
    let found = changes(&with_property("application/problem+json"), &json);
    assert!(found.contains(&("response-required-property-removed", Level::Err)), "{found:?}");
    assert!(found.contains(&("response-media-type-name-generalized", Level::Err)), "{found:?}");
}

#[test]
fn request_media_types_pair_only_up_to_their_parameters() {
    let request = |media: &str| {
        format!(
            "  /x:\n    post:\n      requestBody:\n        content:\n          {media}:\n            schema: {{type: object}}\n      responses:\n        '200': {{description: ok}}\n"
        )
    };
    assert_eq!(changes(&request("application/json; charset=utf-8"), &request("application/json")), []);
    assert_eq!(
        changes(&request("application/json"), &request("application/merge-patch+json")),
        [("request-body-media-type-added", Level::Info), ("request-body-media-type-removed", Level::Err)]
    );
}

#[test]
fn lists_of_types_widen_and_narrow() {
    let body = |schema: &str| response(&format!("            application/json:\n              schema: {schema}\n"));
    let one = body("{type: object, properties: {v: {type: string}}}");
    let list = body("{type: object, properties: {v: {oneOf: [{type: string}, {type: integer}]}}}");
    assert_eq!(changes(&one, &list), [("response-property-list-of-types-widened", Level::Err)]);
    assert_eq!(changes(&list, &one), [("response-property-list-of-types-narrowed", Level::Info)]);
    let request = |schema: &str| {
        format!(
            "  /x:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema: {schema}\n      responses:\n        '200': {{description: ok}}\n"
        )
    };
    let one = request("{type: string}");
    let list = request("{anyOf: [{type: string}, {type: number}]}");
    assert_eq!(changes(&list, &one), [("request-body-list-of-types-narrowed", Level::Err)]);
    assert_eq!(changes(&one, &list), [("request-body-list-of-types-widened", Level::Info)]);
    // The same alternatives in another order: no change.
    let swapped = request("{anyOf: [{type: number}, {type: string}]}");
    assert_eq!(changes(&list, &swapped), []);
}

#[test]
fn a_form_exploded_parameter_may_become_an_array_of_what_it_accepted() {
    let param = |extra: &str, schema: &str| {
        format!(
            "  /x:\n    get:\n      parameters:\n        - {{name: token, in: query{extra}, schema: {schema}}}\n      responses:\n        '200': {{description: ok}}\n"
        )
    };
    let scalar = param("", "{type: [string, integer]}");
    let array = param("", "{type: array, items: {type: string}}");
    assert_eq!(changes(&scalar, &array), [("request-parameter-type-generalized", Level::Info)]);
    // Items that refuse a value the scalar accepted, or no form/explode: breaking.
    let integers = param("", "{type: array, items: {type: integer}}");
    assert_eq!(changes(&scalar, &integers), [("request-parameter-type-changed", Level::Err)]);
    let not_exploded = param(", explode: false", "{type: array, items: {type: string}}");
    assert_eq!(
        changes(&param(", explode: false", "{type: [string, integer]}"), &not_exploded),
        [("request-parameter-type-changed", Level::Err)]
    );
    let pattern = param("", "{type: array, items: {type: string, pattern: '^a'}}");
    assert_eq!(changes(&param("", "{type: string}"), &pattern), [("request-parameter-type-changed", Level::Err)]);
}

/// `GET /x` responding with `levels` nested object properties around a `leaf` type, in
/// block YAML (the readers' nesting limits allow more than the comparison goes).
fn nested(levels: usize, leaf: &str) -> String {
    let mut text = String::from(
        "  /x:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n",
    );
    let mut indent = " ".repeat(16);
    for _ in 0..levels {
        write!(text, "{indent}type: object\n{indent}properties:\n{indent}  a:\n").unwrap();
        indent.push_str("    ");
    }
    writeln!(text, "{indent}type: {leaf}").unwrap();
    text
}

#[test]
fn deep_schemas_are_compared_to_the_end_or_refused() {
    assert_eq!(
        changes(&nested(100, "string"), &nested(100, "integer")),
        [("response-property-type-changed", Level::Err)]
    );
    let dir = tempfile::tempdir().unwrap();
    let load = |name: &str, leaf: &str| {
        let path = dir.path().join(name);
        let text = format!("openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths:\n{}", nested(140, leaf));
        std::fs::write(&path, text).unwrap();
        Spec::load(&Source::File(path)).unwrap()
    };
    let (base, revision) = (load("old.yaml", "string"), load("new.yaml", "integer"));
    // Deeper than the comparison goes: refused, not a pass that never looked.
    let result = conform_diff::diff(&base, &revision, TODAY);
    assert!(matches!(result, Err(conform_diff::TooComplex::TooDeep)), "{:?}", result.map(|c| c.len()));
}

#[test]
fn security_alternatives_are_a_set_and_scopes_are_compared_only_when_unambiguous() {
    let secured = |security: &str| {
        format!("  /x:\n    get:\n      security: {security}\n      responses:\n        '200': {{description: ok}}\n")
    };
    // An OR of scopes for one scheme is written as repeated schemes: unchanged, or in
    // another order, it is no change.
    let either = secured("[{oauth: [read]}, {oauth: [write]}]");
    assert_eq!(changes(&either, &either), []);
    assert_eq!(changes(&either, &secured("[{oauth: [write]}, {oauth: [read]}]")), []);
    // One alternative of a scheme on each side: its scopes are compared.
    assert_eq!(
        changes(&secured("[{oauth: [read]}]"), &secured("[{oauth: [read, write]}]")),
        [("api-security-scope-added", Level::Info)]
    );
    // The alternatives left after identical ones cancel out are what is compared.
    assert_eq!(
        changes(&either, &secured("[{oauth: [read]}, {oauth: [admin]}]")),
        [("api-security-scope-added", Level::Info), ("api-security-scope-removed", Level::Info)]
    );
    // Several left of one scheme: which changed is ambiguous, so they are removed and added.
    assert_eq!(
        changes(&either, &secured("[{oauth: [admin]}, {oauth: [audit]}]")),
        [
            ("api-security-added", Level::Info),
            ("api-security-added", Level::Info),
            ("api-security-removed", Level::Info),
            ("api-security-removed", Level::Info)
        ]
    );
}

#[test]
fn type_changes_name_the_dimension_that_changed_as_oasdiff_renders_it() {
    let body = |schema: &str| response(&format!("            application/json:\n              schema: {schema}\n"));
    let array = body("{type: array, items: {type: integer, format: int32}}");
    assert_eq!(
        messages(&array, &body("{type: object}")),
        [
            "GET /x: the response body (status `200`, `application/json`): type changed from `array<integer/int32>` to `object`"
        ]
    );
    assert_eq!(
        messages(&body("{type: string, format: date-time}"), &body("{type: string, format: date}")),
        ["GET /x: the response body (status `200`, `application/json`): format changed from `date-time` to `date`"]
    );
    assert_eq!(
        messages(&body("{type: string, format: uuid}"), &body("{type: integer}")),
        [
            "GET /x: the response body (status `200`, `application/json`): type/format changed from `string/uuid` to `integer`"
        ]
    );
}

/// (id, side, pointer) of the changes from `old` to `new`, sorted.
fn located(old: &str, new: &str) -> Vec<(&'static str, Side, String)> {
    let mut found: Vec<_> = compare(old, new).into_iter().map(|c| (c.id, c.side, c.at.pointer)).collect();
    found.sort_unstable();
    found
}

#[test]
fn members_and_list_items_are_located_as_oasdiff_locates_them() {
    let op = |extra: &str| {
        format!(
            "  /x:\n    get:\n{extra}      parameters:\n        - {{name: q, in: query, schema: {{type: string}}}}\n      responses:\n        '200': {{description: ok}}\n"
        )
    };
    let get = "/paths/~1x/get";
    // Tags at their item; an operation id removed or replaced at the base's.
    assert_eq!(
        located(
            &op("      operationId: a\n      tags: [t1, t2]\n"),
            &op("      operationId: b\n      tags: [t2, t3]\n")
        ),
        [
            ("api-operation-id-removed", Side::Base, format!("{get}/operationId")),
            ("api-tag-added", Side::Revision, format!("{get}/tags/1")),
            ("api-tag-removed", Side::Base, format!("{get}/tags/0")),
        ]
    );
    // Reactivated by deleting `deprecated`: the base's member.
    assert_eq!(
        located(&op("      deprecated: true\n"), &op("")),
        [("endpoint-reactivated", Side::Base, format!("{get}/deprecated"))]
    );
    // A parameter that became required: its `required`.
    let required = "      parameters:\n        - {name: q, in: query, required: true, schema: {type: string}}\n";
    let became = format!("  /x:\n    get:\n{required}      responses:\n        '200': {{description: ok}}\n");
    assert_eq!(
        located(&op(""), &became),
        [("request-parameter-became-required", Side::Revision, format!("{get}/parameters/0/required"))]
    );
}
