//! Oracle harness: oasdiff's checker tests (Go) run against `conform diff`.
//!
//! Each `func TestXxx` of `checker/*_test.go` that diffs two fixture files with a stock
//! configuration is read for what it asserts: the check ids that fire (with their level
//! and, where given, the line and column), the ones that must not, and how many changes
//! there are. Tests that build or edit specs in Go, or configure options, cannot be
//! replayed and are counted as skipped. Assertions about ids `conform diff` does not
//! implement are counted as not covered. Every other test must agree, or be listed with a
//! reason in `oasdiff-expected-failures.txt` (a listed test that agrees fails the harness:
//! the list only shrinks). `OASDIFF_HARNESS_LIST=1` lists the tests not replayed, with why.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use conform_diff::{Change, Date, Level, Policy, Source, Spec};
use std::sync::LazyLock;

use regex::Regex;

#[path = "oasdiff/asserts.rs"]
mod asserts;
#[path = "oasdiff/go.rs"]
mod go;
#[path = "oasdiff/matching.rs"]
mod matching;

use asserts::Expect;

static RULE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"newBackwardCompatibilityRule\((\w+), \w+, (\w+),").unwrap());
static TEST_FN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^func (Test\w+)\(t \*testing\.T\) \{$").unwrap());
static EDITS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\.Spec\.|openapi3\.New|\b(set|delete)[A-Z]\w*\(|\)\.[A-Z][\w.]* = |\b\w+\.[A-Z]\w* = ").unwrap()
});
static OPTIONS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"NewConfig\(\)\.With|checker\.With|Config\(checker\.\w+, |allChecksConfig\(\w|\bconfig\.|Exclude")
        .unwrap()
});
static SINGLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"singleCheckConfig\(checker\.(\w+)(?:, checker\.WithDeprecation\((\d+), (\d+)\))?\)").unwrap()
});
static UNTIL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)CheckBackwardCompatibilityUntilLevel\(.*?checker\.(ERR|WARN|INFO)\)").unwrap());

/// The versioning policy's ids, which the stock test configurations switch off.
const VERSIONING: [&str; 3] = ["api-version-not-bumped", "api-version-decreased", "api-major-version-not-bumped"];

/// A test that can be replayed.
#[derive(Debug)]
struct Case {
    base: PathBuf,
    revision: PathBuf,
    /// The check ids the test's configuration runs (`None`: all).
    scope: Option<BTreeSet<String>>,
    /// The lowest level returned.
    threshold: Level,
    /// The deprecation policy of `WithDeprecation(beta, stable)`: `stable` days (a policy
    /// of conform has one number; beta endpoints are held to it too).
    policy: Policy,
    expect: Expect,
}

fn level(name: &str) -> Option<Level> {
    match name {
        "ERR" => Some(Level::Err),
        "WARN" => Some(Level::Warn),
        "INFO" => Some(Level::Info),
        _ => None,
    }
}

struct Registry {
    /// Go constant → check id.
    ids: HashMap<String, String>,
    /// Go check function → its ids.
    checks: HashMap<String, BTreeSet<String>>,
}

fn registry(checker: &Path) -> Registry {
    let constant = Regex::new(r#"(?m)^\s*(\w+Id)\s*=\s*"([a-z0-9-]+)""#).unwrap();
    let rule = &*RULE;
    let mut ids = HashMap::new();
    let mut rules_go = String::new();
    // A check emits the ids rules.go registers for it, and any other its file names
    // (`api-path-sunset-parse` is registered with the removal check only).
    let mut sources: Vec<String> = Vec::new();
    for entry in std::fs::read_dir(checker).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let go = path.extension().is_some_and(|e| e == "go");
        if !go || name.ends_with("_test.go") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for c in constant.captures_iter(&text) {
            ids.insert(c[1].to_owned(), c[2].to_owned());
        }
        if name == "rules.go" {
            rules_go = text;
        } else {
            sources.push(text);
        }
    }
    let mut checks: HashMap<String, BTreeSet<String>> = HashMap::new();
    for c in rule.captures_iter(&rules_go) {
        if let Some(id) = ids.get(&c[1]) {
            checks.entry(c[2].to_owned()).or_default().insert(id.clone());
        }
    }
    let check_fn = Regex::new(r"(?m)^func (\w+Check)\(").unwrap();
    let id_use = Regex::new(r"\b(\w+Id)\b").unwrap();
    for text in &sources {
        let functions: Vec<String> = check_fn.captures_iter(text).map(|c| c[1].to_owned()).collect();
        if functions.is_empty() {
            continue;
        }
        let used: BTreeSet<String> = id_use.captures_iter(text).filter_map(|c| ids.get(&c[1]).cloned()).collect();
        for function in functions {
            checks.entry(function).or_default().extend(used.iter().cloned());
        }
    }
    Registry { ids, checks }
}

/// The test functions of a Go file: name and body.
fn functions(text: &str) -> Vec<(String, String)> {
    let head = &*TEST_FN;
    let starts: Vec<(usize, String)> =
        head.captures_iter(text).map(|c| (c.get(0).unwrap().start(), c[1].to_owned())).collect();
    let mut out = Vec::new();
    for (i, (start, name)) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(text.len(), |(s, _)| *s);
        let body = &text[*start..end];
        let body = body.find("\n}\n").map_or(body, |e| &body[..e]);
        out.push((name.clone(), body.to_owned()));
    }
    out
}

/// Why a test cannot be replayed, or the case it is.
fn case(body: &str, registry: &Registry, checker: &Path) -> Result<Case, &'static str> {
    let edits = &*EDITS;
    if edits.is_match(body) {
        return Err("edits specs in Go");
    }
    let single = &*SINGLE;
    let deprecation = single.captures(body).and_then(|c| Some((c.get(2)?.as_str(), c.get(3)?.as_str())));
    let policy = match deprecation {
        Some((_, stable)) => {
            let days: u32 = stable.parse().map_err(|_| "unreadable deprecation days")?;
            Policy { major_version: false, sunset_days: (days > 0).then_some(days) }
        }
        None => Policy::default(),
    };
    let stripped = single.replace_all(body, "singleCheckConfig(checker.$1)");
    let body = &*stripped;
    let options = &*OPTIONS;
    let non_default_stability = body.contains("stabilityChanges(") && !body.contains("checker.StabilityLevelBeta)");
    if options.is_match(body) || body.contains("t.Run(") || non_default_stability {
        return Err("configures options or runs sub-tests");
    }
    let changelog = body.contains("verifyNonBreakingChangeIsChangelogEntry(");
    let runs = body.matches("CheckBackwardCompatibility").count()
        + body.matches("verifyNonBreakingChangeIsChangelogEntry(").count()
        + body.matches("d(t, ").count()
        + body.matches("stabilityChanges(").count();
    if runs != 1 {
        return Err("not one diff run");
    }
    // Fixture files in the order they are loaded.
    let load = Regex::new(
        r#"open\((?:(\w+)\()?"([^"]+)"\)?|\bl\(t, (\d+)|\bd\(t, [^,]+, (\d+), (\d+)|stabilityChanges\(t, "([^"]+)", "([^"]+)""#,
    )
    .unwrap();
    let mut files: Vec<PathBuf> = Vec::new();
    for c in load.captures_iter(body) {
        if let Some(file) = c.get(2) {
            let file = match c.get(1).map(|m| m.as_str()) {
                None => file.as_str().to_owned(),
                Some("deprecationFile") => format!("../data/deprecation/{}", file.as_str()),
                Some("paramDeprecationFile") => format!("../data/param-deprecation/{}", file.as_str()),
                Some("requiredPropertyFile") => format!("../data/required-properties/{}", file.as_str()),
                Some("stabilityFile") => format!("../data/stability/{}", file.as_str()),
                Some(_) => return Err("unknown fixture helper"),
            };
            files.push(checker.join(file));
        } else if let Some(n) = c.get(3) {
            files.push(checker.join(format!("../data/openapi-test{}.yaml", n.as_str())));
        } else if let (Some(a), Some(b)) = (c.get(4), c.get(5)) {
            files.push(checker.join(format!("../data/openapi-test{}.yaml", a.as_str())));
            files.push(checker.join(format!("../data/openapi-test{}.yaml", b.as_str())));
        } else if let (Some(a), Some(b)) = (c.get(6), c.get(7)) {
            files.push(checker.join(format!("../data/stability/{}", a.as_str())));
            files.push(checker.join(format!("../data/stability/{}", b.as_str())));
        }
    }
    let [base, revision] = <[PathBuf; 2]>::try_from(files).map_err(|_| "not two fixture files")?;
    let scope = if let Some(c) = single.captures(body) {
        Some(registry.checks.get(&c[1]).cloned().ok_or("unknown check")?)
    } else if body.contains("allChecksConfig()")
        || body.contains("d(t, ")
        || body.contains("stabilityChanges(")
        || changelog
    {
        None
    } else {
        return Err("custom check list");
    };
    let threshold = if body.contains("stabilityChanges(") || changelog {
        Level::Info
    } else {
        let until = &*UNTIL;
        until.captures(body).and_then(|c| level(&c[1])).unwrap_or(Level::Warn)
    };
    let expect = expectations(body, registry)?;
    // The ids a test asserts its check emits are in its scope, whatever rules.go says.
    let scope = scope.map(|mut ids| {
        ids.extend(expect.present_ids().map(str::to_owned));
        ids
    });
    Ok(Case { base, revision, scope, threshold, policy, expect })
}

fn expectations(body: &str, registry: &Registry) -> Result<Expect, &'static str> {
    let id_of = |constant: &str| registry.ids.get(constant).cloned();
    let template = |id: &str| conform_diff::rules::rule(id).map(|r| r.message);
    asserts::read(body, &id_of, &template)
}

/// The outcome of one replayed test.
enum Verdict {
    Agrees,
    /// Asserts on ids not implemented.
    NotCovered(Vec<String>),
    Disagrees(String),
}

fn replay(case: &Case, today: Date) -> Verdict {
    let implemented = |id: &str| conform_diff::IMPLEMENTED.contains(&id);
    let missing: Vec<String> = case.expect.present_ids().filter(|id| !implemented(id)).map(str::to_owned).collect();
    if !missing.is_empty() {
        return Verdict::NotCovered(missing);
    }
    let load = |path: &Path| Spec::load(&Source::File(path.to_path_buf()));
    let (base, revision) = match (load(&case.base), load(&case.revision)) {
        (Ok(b), Ok(r)) => (b, r),
        (Err(e), _) | (_, Err(e)) => return Verdict::Disagrees(format!("cannot load: {e}")),
    };
    let Ok(changes) = conform_diff::diff_with_policy(&base, &revision, today, case.policy) else {
        return Verdict::Disagrees("too complex".to_owned());
    };
    let asserted: Vec<&str> = case.expect.present_ids().collect();
    let changes: Vec<Change> = changes
        .into_iter()
        .filter(|c| c.level >= case.threshold)
        // The tests' configurations switch the versioning policy off (`withoutVersioningPolicy`).
        .filter(|c| !VERSIONING.contains(&c.id) || asserted.contains(&c.id))
        .filter(|c| case.scope.as_ref().is_none_or(|s| s.contains(c.id)))
        .collect();
    let ours: Vec<&str> = changes.iter().map(|c| c.id).collect();
    if case.expect.non_empty && ours.is_empty() && asserted.is_empty() {
        return Verdict::NotCovered(vec!["(a change of an id not implemented)".to_owned()]);
    }
    let sides = matching::Sides::new(&base, &revision);
    for want in &case.expect.wants {
        if let Err(why) = sides.find(want, &changes) {
            return Verdict::Disagrees(why);
        }
    }
    for id in &case.expect.absent {
        if ours.contains(&id.as_str()) {
            return Verdict::Disagrees(format!("{id} must not fire"));
        }
    }
    if let Some(level) = case.expect.every_level
        && let Some(other) = changes.iter().find(|c| c.level != level)
    {
        return Verdict::Disagrees(format!("every change is {level:?}, but {} is {:?}", other.id, other.level));
    }
    if let Some(count) = case.expect.count {
        // Only changes of implemented ids can be counted: with ids of the scope left out,
        // a shortfall is not a disagreement, an excess is.
        let scope_implemented = case.scope.as_ref().is_some_and(|s| s.iter().all(|id| implemented(id)));
        if ours.len() > count || (scope_implemented && ours.len() != count) {
            return Verdict::Disagrees(format!("expected {count} change(s), got {ours:?}"));
        }
    }
    Verdict::Agrees
}

fn expected_failures() -> BTreeMap<String, String> {
    let text = include_str!("oasdiff-expected-failures.txt");
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (name, reason) = l.split_once(char::is_whitespace).unwrap_or((l, ""));
            (name.to_owned(), reason.trim().to_owned())
        })
        .collect()
}

#[test]
fn oasdiff_checker_tests() {
    let Some(corpus) = conform_testing::corpus("oasdiff") else { return };
    let checker = corpus.join("checker");
    let registry = registry(&checker);
    // The fixtures' sunsets are far past or far ahead: any date between works.
    let today = Date { year: 2026, month: 1, day: 1 };
    let listed = expected_failures();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&checker)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with("_test.go"))
        .collect();
    files.sort();
    let (mut agree, mut skipped, mut not_covered, mut listed_failing) = (0, 0, 0, 0);
    let mut uncovered_ids: BTreeMap<String, usize> = BTreeMap::new();
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    let mut skip_reasons: BTreeMap<&str, usize> = BTreeMap::new();
    // Assertion statements of the replayed tests by kind: (read, not read).
    let mut tally: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut unreplayed_statements = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for (name, body) in functions(&text) {
            let case = match case(&body, &registry, &checker) {
                Ok(case) => case,
                Err(why) => {
                    if std::env::var_os("OASDIFF_HARNESS_LIST").is_some() {
                        eprintln!("not replayable: {name}: {why}");
                    }
                    skipped += 1;
                    *skip_reasons.entry(why).or_default() += 1;
                    unreplayed_statements += asserts::statements(&body);
                    continue;
                }
            };
            for ((kind, read), n) in &case.expect.tally {
                let entry = tally.entry(kind.clone()).or_default();
                if *read { entry.0 += n } else { entry.1 += n }
            }
            seen.insert(name.clone());
            match (replay(&case, today), listed.get(&name)) {
                (Verdict::Agrees, None) => agree += 1,
                (Verdict::Agrees, Some(_)) => {
                    problems.push(format!("{name}: agrees now; remove it from the expected failures"));
                }
                (Verdict::NotCovered(_), Some(_)) => {
                    problems.push(format!("{name}: asserts ids not implemented; remove it from the expected failures"));
                }
                (Verdict::NotCovered(ids), None) => {
                    if std::env::var_os("OASDIFF_HARNESS_LIST").is_some() {
                        eprintln!("not covered: {name}: {ids:?}");
                    }
                    not_covered += 1;
                    for id in ids {
                        *uncovered_ids.entry(id).or_default() += 1;
                    }
                }
                (Verdict::Disagrees(_), Some(_)) => listed_failing += 1,
                (Verdict::Disagrees(why), None) => problems.push(format!("{name}: {why}")),
            }
        }
    }
    for name in listed.keys().filter(|n| !seen.contains(*n)) {
        problems.push(format!("{name}: listed as an expected failure but not replayed"));
    }
    eprintln!(
        "oasdiff checker tests: {agree} agree, {listed_failing} expected failures, {not_covered} not covered (ids not implemented), {skipped} not replayable"
    );
    eprintln!("not replayable: {skip_reasons:?}");
    eprintln!("not covered ids: {uncovered_ids:?}");
    // The fields of `ApiChange` literals are counted apart: a literal is one statement.
    let statements = tally.iter().filter(|(kind, _)| !kind.starts_with(asserts::FIELD));
    let (read, not_read) = statements.fold((0, 0), |(r, n), (_, (a, b))| (r + a, n + b));
    eprintln!(
        "assertion statements of the replayed tests: {read} read, {not_read} not read; {unreplayed_statements} in the tests not replayed"
    );
    for (kind, (r, n)) in &tally {
        eprintln!("  {kind}: {r} read, {n} not read");
    }
    assert!(problems.is_empty(), "{} test(s) disagree:\n{}", problems.len(), problems.join("\n"));
}
