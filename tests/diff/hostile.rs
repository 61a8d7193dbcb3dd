//! Malformed, cyclic and hostile descriptions on either side of `conform diff`: each run
//! ends with findings (exit 0 or 1) or a refusal (exit 2) that says where, never a panic or
//! a hang. The kill after a generous time only guards the test run against a hang; it
//! judges no speed.

use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

use super::{conform, write};

/// A valid description, for the other side.
const VALID: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      responses:\n        '200':\n          description: ok\n";

/// `VALID` with `schema` as the schema of its response.
fn with_schema(schema: &str) -> String {
    format!(
        "{VALID}          content:\n            application/json:\n              schema: {schema}\ncomponents:\n  schemas:\n"
    )
}

/// Runs `conform diff` both ways between `VALID` and the file `name` of `dir`: the exit
/// codes (old = hostile, new = hostile) and the error output of the first.
fn both_ways(dir: &Path, name: &str) -> ([i32; 2], String) {
    write(dir, "valid.yaml", VALID);
    let mut codes = [0; 2];
    let mut first = String::new();
    for (i, (old, new)) in [(name, "valid.yaml"), ("valid.yaml", name)].into_iter().enumerate() {
        let output =
            conform(dir).args(["diff", old, new, "--format", "json"]).timeout(Duration::from_mins(5)).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        let code = output.status.code().unwrap_or_else(|| panic!("{name}: killed ({:?}): {stderr}", output.status));
        let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
        if code == 2 {
            // Every report still says the run failed.
            assert_eq!(report["summary"]["conformant"], serde_json::Value::Bool(false), "{name}");
        }
        codes[i] = code;
        if i == 0 {
            first = stderr;
        }
    }
    (codes, first)
}

/// Each hostile file is refused (exit 2) on either side with a message naming `needle`.
fn refused(dir: &Path, cases: &[(&str, &[u8], &str)]) {
    for (name, text, needle) in cases {
        std::fs::write(dir.join(name), text).unwrap();
        let (codes, stderr) = both_ways(dir, name);
        assert_eq!(codes, [2, 2], "{name}: {stderr}");
        assert!(stderr.contains(needle), "{name}: `{needle}` not in {stderr}");
    }
}

#[test]
fn expansion_bombs_and_deep_nesting_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut bomb =
        String::from("openapi: 3.0.3\ninfo: {title: t, version: '1'}\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let prev = i - 1;
        writeln!(bomb, "a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]").unwrap();
    }
    bomb.push_str("paths: {}\n");
    let deep_yaml = format!("openapi: 3.0.3\npaths: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let deep_json = format!("{{\"openapi\": \"3.0.3\", \"paths\": {}{}}}", "[".repeat(100_000), "]".repeat(100_000));
    refused(
        dir.path(),
        &[
            ("bomb.yaml", bomb.as_bytes(), "bomb.yaml"),
            ("deep.yaml", deep_yaml.as_bytes(), "deep.yaml:"),
            ("deep.json", deep_json.as_bytes(), "deep.json:"),
        ],
    );
}

#[test]
fn reference_loops_are_refused_and_recursive_schemas_compared() {
    let dir = tempfile::tempdir().unwrap();
    let mut chain = with_schema("{$ref: '#/components/schemas/A'}");
    chain.push_str("    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\n");
    let mut own = with_schema("{$ref: '#/components/schemas/A'}");
    own.push_str("    A: {$ref: '#/components/schemas/A'}\n");
    let across = with_schema("{$ref: 'a.yaml#/X'}");
    write(dir.path(), "a.yaml", "X: {$ref: 'b.yaml#/Y'}\n");
    write(dir.path(), "b.yaml", "Y: {$ref: 'a.yaml#/X'}\n");
    let mut long = with_schema("{$ref: '#/components/schemas/S0'}");
    for i in 0..100 {
        writeln!(long, "    S{i}: {{$ref: '#/components/schemas/S{}'}}", i + 1).unwrap();
    }
    long.push_str("    S100: {type: string}\n");
    refused(
        dir.path(),
        &[
            ("chain.yaml", chain.as_bytes(), "does not end"),
            ("own.yaml", own.as_bytes(), "does not end"),
            ("across.yaml", across.as_bytes(), "does not end"),
            ("long.yaml", long.as_bytes(), "does not end"),
        ],
    );
    // A schema that refers to itself through its properties is a contract, compared once.
    let mut tree = with_schema("{$ref: '#/components/schemas/Node'}");
    tree.push_str("    Node:\n      type: object\n      properties:\n        children: {type: array, items: {$ref: '#/components/schemas/Node'}}\n        parent: {$ref: '#/components/schemas/Node'}\n");
    write(dir.path(), "tree.yaml", &tree);
    let (codes, stderr) = both_ways(dir.path(), "tree.yaml");
    assert_eq!(codes, [1, 0], "the response schema removed, then added: {stderr}");
}

#[test]
fn deep_schemas_are_compared_to_the_end_or_refused() {
    let dir = tempfile::tempdir().unwrap();
    // Nested object properties in block YAML around a leaf whose type changes.
    let nested = |levels: usize, leaf: &str| {
        let mut text = format!("{VALID}          content:\n            application/json:\n              schema:\n");
        let mut indent = " ".repeat(16);
        for _ in 0..levels {
            write!(text, "{indent}type: object\n{indent}properties:\n{indent}  a:\n").unwrap();
            indent.push_str("    ");
        }
        writeln!(text, "{indent}type: {leaf}").unwrap();
        text
    };
    for (levels, code, needle) in [(100, 1, "response-property-type-changed"), (140, 2, "nests deeper than 128 levels")]
    {
        write(dir.path(), "old.yaml", &nested(levels, "string"));
        write(dir.path(), "new.yaml", &nested(levels, "integer"));
        let output = conform(dir.path())
            .args(["diff", "old.yaml", "new.yaml"])
            .timeout(Duration::from_mins(5))
            .output()
            .unwrap();
        let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
        assert_eq!(output.status.code(), Some(code), "{levels}: {text}");
        assert!(text.contains(needle), "{levels}: {text}");
    }
}

#[test]
fn references_cannot_leave_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let inner = dir.path().join("api");
    std::fs::create_dir(&inner).unwrap();
    write(dir.path(), "secret.yaml", "X: {type: string}\n");
    let referring = |target: &str| with_schema(&format!("{{$ref: '{target}'}}"));
    let cases: Vec<(&str, String, &str)> = vec![
        ("parent.yaml", referring("../secret.yaml#/X"), "leaves the description's folder"),
        ("encoded.yaml", referring("%2e%2e/secret.yaml#/X"), "leaves the description's folder"),
        ("absolute.yaml", referring("/etc/passwd#/X"), "leaves the description's folder"),
        ("url.yaml", referring("file:///etc/passwd#/X"), "remote"),
        ("remote.yaml", referring("https://example.org/s.yaml#/X"), "remote"),
    ];
    for (name, text, needle) in &cases {
        write(&inner, name, text);
        let (codes, stderr) = both_ways(&inner, name);
        assert_eq!(codes, [2, 2], "{name}: {stderr}");
        assert!(stderr.contains(needle), "{name}: {stderr}");
    }
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(dir.path().join("secret.yaml"), inner.join("link.yaml")).unwrap();
        write(&inner, "symlinked.yaml", &referring("link.yaml#/X"));
        let (codes, stderr) = both_ways(&inner, "symlinked.yaml");
        assert_eq!(codes, [2, 2], "{stderr}");
        assert!(stderr.contains("outside the description's folder"), "{stderr}");
    }
}

#[test]
fn unreadable_bytes_and_huge_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let latin1 = b"openapi: 3.0.3\ninfo: {title: \"Gemeente \xe9\", version: '1'}\npaths: {}\n".to_vec();
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend("openapi: 3.0.3\npaths: {}\n".encode_utf16().flat_map(u16::to_le_bytes));
    let binary: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8).collect();
    refused(
        dir.path(),
        &[
            ("latin1.yaml", &latin1, "latin1.yaml"),
            ("utf16.yaml", &utf16, "utf16.yaml"),
            ("binary.yaml", &binary, "binary.yaml"),
            ("empty.yaml", b"", "empty.yaml"),
            ("null.yaml", b"null\n", "not an OpenAPI description"),
            ("list.json", b"[1, 2]", "not an OpenAPI description"),
            ("two.yaml", b"openapi: 3.0.3\npaths: {}\n---\nopenapi: 3.1.0\n", "two.yaml"),
            ("duplicate.yaml", b"openapi: 3.0.3\npaths: {}\npaths: {}\n", "duplicate.yaml"),
        ],
    );
    // Larger than the reader's limit: refused before it is read (a sparse file).
    let huge = std::fs::File::create(dir.path().join("huge.yaml")).unwrap();
    huge.set_len(513 * 1024 * 1024).unwrap();
    let (codes, stderr) = both_ways(dir.path(), "huge.yaml");
    assert_eq!(codes, [2, 2], "{stderr}");
    assert!(stderr.contains("limit"), "{stderr}");
}

#[test]
fn members_of_the_wrong_type_are_refused_at_their_position() {
    let dir = tempfile::tempdir().unwrap();
    let get = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n";
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "responses.yaml",
            format!("{get}      responses: [ok]\n"),
            "6:7: `/paths/~1x/get/responses` must be an object",
        ),
        (
            "parameters.yaml",
            format!("{get}      parameters: {{limit: 1}}\n      responses: {{}}\n"),
            "must be an array",
        ),
        ("operation.yaml", format!("{get}      just text\n"), "must be an object"),
        (
            "required.yaml",
            format!("{get}      parameters: [{{name: q, in: query, required: 'yes'}}]\n"),
            "must be a boolean",
        ),
        ("properties.yaml", with_schema("{type: object, properties: [a, b]}"), "must be an object"),
        ("type.yaml", with_schema("{type: 5}"), "must be a string or an array of strings"),
        ("ref.yaml", with_schema("{$ref: 5}"), "must be a string"),
        ("limit.yaml", with_schema("{type: string, maxLength: -1}"), "must be a non-negative integer"),
        ("items.yaml", with_schema("{type: array, items: [{type: string}]}"), "must be a schema"),
        ("security.yaml", format!("{VALID}security: [read]\n"), "security requirements"),
        ("paths.yaml", "openapi: 3.0.3\npaths: [a]\n".to_owned(), "`paths` is not an object"),
        ("version.yaml", "openapi: 2.0.0\npaths: {}\n".to_owned(), "not supported"),
    ];
    for (name, text, needle) in &cases {
        write(dir.path(), name, text);
        let (codes, stderr) = both_ways(dir.path(), name);
        assert_eq!(codes, [2, 2], "{name}: {stderr}");
        assert!(stderr.contains(needle), "{name}: `{needle}` not in {stderr}");
    }
}
