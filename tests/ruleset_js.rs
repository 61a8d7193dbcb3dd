//! Spectral custom JavaScript functions and JavaScript rulesets through `conform check
//! --ruleset`: the function contract against Spectral 6.16.3's own output (recorded below),
//! and hostile functions ending within their limits with a finding.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

/// `(line:col, severity, rule, message)` of each finding of a stylish report.
fn lint(ruleset: &Path, input: &Path) -> (Option<i32>, Vec<String>, String) {
    let output = Command::cargo_bin("conform")
        .unwrap()
        .args(["check", "--format", "stylish", "--ruleset"])
        .arg(ruleset)
        .arg(input)
        .output()
        .unwrap();
    let lines = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|l| l.starts_with(' ') && l.contains(':'))
        .map(|l| {
            let cols: Vec<&str> = l.split("  ").map(str::trim).filter(|c| !c.is_empty()).collect();
            cols[..cols.len().saturating_sub(1)].join(" | ")
        })
        .collect();
    (output.status.code(), lines, String::from_utf8_lossy(&output.stderr).into_owned())
}

const DESCRIPTION: &str = "openapi: 3.0.3
info:
  title: T
  version: '1'
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Pet'
    delete:
      operationId: Delete_pets
      responses:
        '204': {description: gone}
    post:
      operationId: addPet
      responses:
        '201': {description: made}
components:
  schemas:
    Pet:
      type: object
      properties:
        id: {type: integer}
        friend: {$ref: '#/components/schemas/Pet'}
    Other: {type: string}
";

/// Spectral 6.16.3's stylish output for the ruleset of [`custom_functions_match_spectral`].
const SPECTRAL: &[&str] = &[
    "2:6 | warning | core-still | \"info.contact\" property must be truthy",
    "16:12 | warning | no-delete | DELETE on /pets",
    "17:20 | error | op-id-case | operationId \"Delete_pets\" is not camelCase (rule op-id-case)",
    "21:20 | error | op-id-case | \"addPet\" must match the pattern \"^(get|list|create)\"",
    "25:11 | information | ref-count | 2 schemas; first has 2 props",
];

const OP_ID_CASE: &str = "const { pattern } = require('@stoplight/spectral-functions');
module.exports = function opIdCase(targetVal, opts, context) {
  if (typeof targetVal !== 'string') return;
  if (!/^[a-z][a-zA-Z0-9]*$/.test(targetVal)) {
    return [{ message: `operationId \"${targetVal}\" is not camelCase (rule ${context.rule.name})` }];
  }
  return pattern(targetVal, { match: opts.prefix }, context);
};
";

const NO_DELETE: &str = "import { createRulesetFunction } from '@stoplight/spectral-core';
export default createRulesetFunction({ input: { type: 'object' }, options: null }, (paths, _o, ctx) => {
  const out = [];
  for (const [p, item] of Object.entries(paths)) {
    if (item && item.delete) out.push({ message: `DELETE on ${p}`, path: [...ctx.path, p, 'delete'] });
  }
  return out;
});
";

const REF_COUNT: &str = "module.exports = async (target, _o, ctx) => {
  const schemas = ctx.documentInventory.resolved.components.schemas;
  const n = Object.keys(schemas).length;
  return n > 1 ? [{ message: `${n} schemas; first has ${Object.keys(schemas.Pet.properties).length} props`, path: ['components', 'schemas'] }] : [];
};
";

/// CommonJS and ES module functions, `createRulesetFunction`, a core function called from a
/// custom one, `context.rule`/`path`/`documentInventory.resolved`, an async function, result
/// paths: the same findings as Spectral.
#[test]
fn custom_functions_match_spectral() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "functions/opIdCase.js", OP_ID_CASE);
    write(root, "functions/noDelete.js", NO_DELETE);
    write(root, "functions/refCount.js", REF_COUNT);
    let ruleset = write(
        root,
        "rules.yaml",
        "functions: [opIdCase, noDelete, refCount]
rules:
  op-id-case:
    severity: error
    given: \"$.paths[*][*]\"
    then: { field: operationId, function: opIdCase, functionOptions: { prefix: \"^(get|list|create)\" } }
  no-delete:
    given: \"$.paths\"
    then: { function: noDelete }
  ref-count:
    severity: info
    given: \"$\"
    then: { function: refCount }
  core-still:
    given: \"$.info\"
    then: { field: contact, function: truthy }
",
    );
    let doc = write(root, "openapi.yaml", DESCRIPTION);
    let (code, lines, stderr) = lint(&ruleset, &doc);
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(lines, SPECTRAL, "{stderr}");
}

/// The same rules written as a JavaScript ruleset (`.spectral.js`, an ES module importing
/// Spectral's packages and its functions by value) give the same findings.
#[test]
fn javascript_ruleset_matches_its_yaml_twin() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "functions/opIdCase.js", OP_ID_CASE);
    write(root, "functions/noDelete.js", NO_DELETE);
    write(root, "functions/refCount.js", REF_COUNT);
    let ruleset = write(
        root,
        ".spectral.js",
        "import { truthy } from '@stoplight/spectral-functions';
import { oas3 } from '@stoplight/spectral-formats';
import { DiagnosticSeverity } from '@stoplight/types';
import opIdCase from './functions/opIdCase.js';
import noDelete from './functions/noDelete.js';
import refCount from './functions/refCount.js';
export default {
  formats: [oas3],
  rules: {
    'op-id-case': {
      severity: DiagnosticSeverity.Error,
      given: '$.paths[*][*]',
      then: { field: 'operationId', function: opIdCase, functionOptions: { prefix: '^(get|list|create)' } },
    },
    'no-delete': { given: '$.paths', then: { function: noDelete } },
    'ref-count': { severity: 'info', given: '$', then: { function: refCount } },
    'core-still': { given: '$.info', then: { field: 'contact', function: truthy } },
  },
};
",
    );
    let doc = write(root, "openapi.yaml", DESCRIPTION);
    let (code, lines, stderr) = lint(&ruleset, &doc);
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(lines, SPECTRAL, "{stderr}");
}

/// A function that loops, allocates without end, recurses without end, runs a catastrophic
/// regex, reads a file or returns garbage ends within its limits with a finding at the rule
/// that says so (also when the rule has its own `message`); a ruleset whose function file
/// requires `fs` does not load. The rules are `warn` or `hint`: a check that did not run is an
/// error all the same, so the run fails at the default `--fail-on error`.
#[test]
fn hostile_functions_end_with_a_finding() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for (name, body) in [
        ("loop", "module.exports = () => { for (;;) {} };"),
        ("hog", "module.exports = () => { const a = []; for (;;) a.push(new Array(1e6).fill('x')); };"),
        ("readfs", "module.exports = () => [{ message: require('fs').readFileSync('/etc/passwd', 'utf8') }];"),
        ("redos", "module.exports = () => { /^(a+)+$/.test('a'.repeat(40) + 'b'); return []; };"),
        ("deep", "module.exports = function f(n) { return f(n); };"),
        ("bad", "module.exports = () => 'not an array';"),
        ("top", "const fs = require('fs'); module.exports = () => [];"),
    ] {
        write(root, &format!("functions/{name}.js"), body);
    }
    let mut rules = String::from("functions: [loop, hog, readfs, redos, deep, bad]\nrules:\n");
    for name in ["loop", "hog", "readfs", "redos", "deep", "bad"] {
        let given = if name == "loop" { "$.paths[*][*]" } else { "$.info" };
        writeln!(rules, "  {name}: {{severity: warn, given: \"{given}\", then: {{function: {name}}}}}").unwrap();
    }
    // A rule with its own message and description: the failure still says what went wrong.
    rules.push_str(
        "  bad-worded: {severity: hint, message: All good, description: Fine, given: $.info, then: {function: bad}}\n",
    );
    let ruleset = write(root, "rules.yaml", &rules);
    let doc = write(root, "openapi.yaml", DESCRIPTION);
    let (code, lines, stderr) = lint(&ruleset, &doc);
    assert_eq!(code, Some(1), "{stderr}");
    for (rule, reason) in [
        ("bad-worded", "function \"bad\" threw TypeError: a function must return an array of results"),
        ("bad", "threw TypeError: a function must return an array of results"),
        ("deep", "threw RangeError: Maximum call stack size exceeded"),
        ("hog", "ran out of memory"),
        ("readfs", "module `fs` is not available"),
        ("redos", "ran past its time limit"),
        ("loop", "ran past its time limit"),
    ] {
        assert!(
            lines.iter().any(|l| l.contains(&format!("| error | {rule} |")) && l.contains(reason)),
            "{rule}: {lines:#?}"
        );
    }
    assert_eq!(lines.iter().filter(|l| l.contains("| loop |")).count(), 3, "{lines:#?}");
    let ruleset = write(root, "top.yaml", "functions: [top]\nrules: {}\n");
    let (code, _, stderr) = lint(&ruleset, &doc);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("function `top`") && stderr.contains("module `fs` is not available"), "{stderr}");
}
