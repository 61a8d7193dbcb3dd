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

use conform_diff::{Change, Date, Level, Policy, Side, Source, Spec};
use std::sync::LazyLock;

use regex::Regex;

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
static LITERAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?s)Id:\s*checker\.(\w+),\s*(?:Args:[^\n]*\n\s*)?(?:Level:\s*checker\.(\w+))?").unwrap()
});
static HELPER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(requireSingleChange|requireChange|requireNoChange)\(t, \w+, checker\.(\w+)\)").unwrap()
});
static GET_ID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"require\.Equal\(t, checker\.(\w+Id), \w+\[\d+\]\.GetId\(\)[,)]").unwrap());
static CONTAINS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"require\.(True|False)\(t, containsId\(\w+, checker\.(\w+)\)").unwrap());
static GET_ID_TEXT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"require\.Equal\(t, "([a-z0-9-]+)", \w+\[\d+\]\.GetId\(\)[,)]"#).unwrap());
static CHANGELOG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"verifyNonBreakingChangeIsChangelogEntry\(t, \w+, \w+, (?:"([a-z0-9-]+)"|checker\.(\w+))\)"#).unwrap()
});
static LEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"require\.Len\(t, (?:errs|changes|result), (\d+)\)").unwrap());
static GET_LEVEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"require\.Equal\(t, checker\.(ERR|WARN|INFO), \w+\[\d+\]\.GetLevel\(\)\)").unwrap());
/// `if err.GetId() == checker.XId { list = append(list, ...` (a filtered list a test asserts on).
static FILTERED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"if \w+\.GetId\(\) == checker\.(\w+Id) \{\s*(\w+) = append\(").unwrap());
static EMPTY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"require\.Empty\(t, (?:errs|changes|result)\)").unwrap());

/// The versioning policy's ids, which the stock test configurations switch off.
const VERSIONING: [&str; 3] = ["api-version-not-bumped", "api-version-decreased", "api-major-version-not-bumped"];

/// What a test asserts.
#[derive(Debug, Default)]
struct Expect {
    /// Ids (with their level, when the test gives it) that must be among the changes.
    present: Vec<(String, Option<Level>)>,
    /// Ids that must not be.
    absent: Vec<String>,
    /// The exact number of changes, when the test says it.
    count: Option<usize>,
    /// At least one change (of an id not implemented, possibly).
    non_empty: bool,
    /// `(file name, line, column)` that one of the asserted changes must be located at.
    sources: Vec<(String, u32, u32)>,
    /// Levels of `errs[i].GetLevel()`: each must be among the changes' levels (the level of
    /// the one change, when the test says there is one).
    levels: Vec<Level>,
}

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
        ids.extend(expect.present.iter().map(|(id, _)| id.clone()));
        ids
    });
    Ok(Case { base, revision, scope, threshold, policy, expect })
}

fn expectations(body: &str, registry: &Registry) -> Result<Expect, &'static str> {
    let id_of = |name: &str| registry.ids.get(name).cloned().ok_or("unknown id constant");
    let mut expect = Expect::default();
    // ApiChange literals: `Id: checker.XId,` followed by `Level: checker.ERR,`.
    let literal = &*LITERAL;
    for c in literal.captures_iter(body) {
        expect.present.push((id_of(&c[1])?, c.get(2).and_then(|l| level(l.as_str()))));
    }
    let helper = &*HELPER;
    for c in helper.captures_iter(body) {
        let id = id_of(&c[2])?;
        match &c[1] {
            "requireNoChange" => expect.absent.push(id),
            "requireSingleChange" => {
                expect.present.push((id, None));
                expect.count = Some(1);
            }
            _ => expect.present.push((id, None)),
        }
    }
    let get_id = &*GET_ID;
    for c in get_id.captures_iter(body) {
        expect.present.push((id_of(&c[1])?, None));
    }
    let contains = &*CONTAINS;
    for c in contains.captures_iter(body) {
        let id = id_of(&c[2])?;
        if &c[1] == "True" { expect.present.push((id, None)) } else { expect.absent.push(id) }
    }
    for c in GET_ID_TEXT.captures_iter(body) {
        expect.present.push((c[1].to_owned(), None));
    }
    if let Some(c) = CHANGELOG.captures(body) {
        // No breaking change, and exactly this one change at INFO.
        let id = match c.get(1) {
            Some(id) => id.as_str().to_owned(),
            None => id_of(&c[2])?,
        };
        expect.present.push((id, Some(Level::Info)));
        expect.count = Some(1);
    }
    for c in FILTERED.captures_iter(body) {
        let list = &c[2];
        if body.contains(&format!("require.NotEmpty(t, {list}")) {
            expect.present.push((id_of(&c[1])?, None));
        } else if body.contains(&format!("require.Empty(t, {list}")) {
            expect.absent.push(id_of(&c[1])?);
        }
    }
    expect.levels = GET_LEVEL.captures_iter(body).filter_map(|c| level(&c[1])).collect();
    expect.non_empty = body.contains("require.NotEmpty(t, errs)");
    if body.contains("requireSingleApiChange(") {
        expect.count = Some(1);
    }
    let len = &*LEN;
    if let Some(c) = len.captures(body) {
        expect.count = Some(c[1].parse().unwrap());
    }
    if (*EMPTY).is_match(body) {
        expect.count = Some(0);
    }
    let source = Regex::new(r#"checker\.NewSource\("([^"]+)", (\d+), (\d+)\)"#).unwrap();
    for c in source.captures_iter(body) {
        let (line, column): (u32, u32) = (c[2].parse().unwrap(), c[3].parse().unwrap());
        if line > 0 {
            let file = Path::new(&c[1]).file_name().unwrap().to_string_lossy().into_owned();
            expect.sources.push((file, line, column));
        }
    }
    if expect.present.is_empty()
        && expect.absent.is_empty()
        && expect.count.is_none()
        && !expect.non_empty
        && expect.levels.is_empty()
    {
        return Err("asserts nothing this harness reads");
    }
    Ok(expect)
}

/// The outcome of one replayed test.
enum Verdict {
    Agrees,
    /// Asserts on ids not implemented.
    NotCovered(Vec<String>),
    Disagrees(String),
}

fn located(change: &Change, base: &Spec, revision: &Spec) -> (String, u32, u32) {
    let spec = if change.side == Side::Base { base } else { revision };
    let file = &spec.files[change.at.file];
    let name = Path::new(&*file.name).file_name().unwrap().to_string_lossy().into_owned();
    let (line, column) = file.locate(&change.at.pointer).map_or((0, 0), |(_, l)| (l.start.line, l.start.column));
    (name, line, column)
}

fn replay(case: &Case, today: Date) -> Verdict {
    let implemented = |id: &str| conform_diff::IMPLEMENTED.contains(&id);
    let missing: Vec<String> =
        case.expect.present.iter().map(|(id, _)| id.clone()).filter(|id| !implemented(id)).collect();
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
    let changes: Vec<Change> = changes
        .into_iter()
        .filter(|c| c.level >= case.threshold)
        // The tests' configurations switch the versioning policy off (`withoutVersioningPolicy`).
        .filter(|c| !VERSIONING.contains(&c.id) || case.expect.present.iter().any(|(id, _)| id == c.id))
        .filter(|c| case.scope.as_ref().is_none_or(|s| s.contains(c.id)))
        .collect();
    let ours: Vec<&str> = changes.iter().map(|c| c.id).collect();
    if case.expect.non_empty && ours.is_empty() && case.expect.present.is_empty() {
        return Verdict::NotCovered(vec!["(a change of an id not implemented)".to_owned()]);
    }
    for (id, level) in &case.expect.present {
        let Some(found) = changes.iter().find(|c| c.id == id) else {
            return Verdict::Disagrees(format!("expected {id}, got {ours:?}"));
        };
        if let Some(level) = level
            && found.level != *level
        {
            return Verdict::Disagrees(format!("{id}: level {:?}, expected {level:?}", found.level));
        }
    }
    for id in &case.expect.absent {
        if ours.contains(&id.as_str()) {
            return Verdict::Disagrees(format!("{id} must not fire"));
        }
    }
    if let Some(count) = case.expect.count {
        // Only changes of implemented ids can be counted: with ids of the scope left out,
        // a shortfall is not a disagreement, an excess is.
        let scope_implemented = case.scope.as_ref().is_some_and(|s| s.iter().all(|id| implemented(id)));
        if ours.len() > count || (scope_implemented && ours.len() != count) {
            return Verdict::Disagrees(format!("expected {count} change(s), got {ours:?}"));
        }
    }
    for level in &case.expect.levels {
        if !changes.iter().any(|c| c.level == *level) {
            return Verdict::Disagrees(format!("no change at level {level:?}: {ours:?}"));
        }
    }
    for (file, line, column) in &case.expect.sources {
        let expected_ids: Vec<&str> = case.expect.present.iter().map(|(id, _)| id.as_str()).collect();
        let hit = changes
            .iter()
            .filter(|c| expected_ids.is_empty() || expected_ids.contains(&c.id))
            .any(|c| located(c, &base, &revision) == (file.clone(), *line, *column));
        if !hit {
            let at: Vec<_> = changes.iter().map(|c| located(c, &base, &revision)).collect();
            return Verdict::Disagrees(format!("no change at {file}:{line}:{column}; ours at {at:?}"));
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
                    continue;
                }
            };
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
    assert!(problems.is_empty(), "{} test(s) disagree:\n{}", problems.len(), problems.join("\n"));
}
