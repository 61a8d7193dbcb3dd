//! The assertions of one oasdiff checker test, read statement by statement into what the
//! changes of the run must be. Every statement is counted under a kind, as read or not
//! read, so the harness can say exactly what it compares.

use std::collections::{BTreeMap, HashMap};

use conform_diff::Level;

use super::go::{self, Call};

/// A position oasdiff gives (`NewSource(file, line, column).WithEnd(line, column)`, or the
/// fields of a source compared one by one).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Pos {
    /// The file name (without its folders).
    pub file: Option<String>,
    pub line: Option<u32>,
    pub column: Option<u32>,
    /// Where the element ends (line, column).
    pub end: Option<(u32, u32)>,
}

/// What a test says of a change's source in one version.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub enum Loc {
    /// Nothing.
    #[default]
    Unsaid,
    /// It has none (`require.Empty(t, errs[0].GetBaseSource())`).
    Nowhere,
    /// It is there (what is known of it).
    At(Pos),
}

impl Loc {
    /// The position, made known (an empty one) if it was not.
    fn at(&mut self) -> &mut Pos {
        if !matches!(self, Self::At(_)) {
            *self = Self::At(Pos::default());
        }
        match self {
            Self::At(pos) => pos,
            _ => unreachable!("set just above"),
        }
    }
}

/// One change the run must have: a change satisfying every field that is set.
#[derive(Debug, Default, Clone)]
pub struct Want {
    pub id: Option<String>,
    pub level: Option<Level>,
    /// The operation's method (`GET`).
    pub method: Option<String>,
    /// The operation's path (`/pets/{id}`).
    pub path: Option<String>,
    /// oasdiff's message (`GetUncolorizedText`), or its `Args` rendered into its template.
    pub text: Option<String>,
    /// Parts the message must contain (`require.Contains`).
    pub contains: Vec<String>,
    /// The file of the operation (`Source: load.NewSource(file)`, `GetSource()`).
    pub operation_file: Option<String>,
    /// Where oasdiff locates the change in the base.
    pub base: Loc,
    /// Where oasdiff locates the change in the revision.
    pub revision: Loc,
    /// `ApiChange` (in an operation) or not (`ComponentChange`, `SecurityChange`).
    pub in_operation: Option<bool>,
}

/// What a test asserts.
#[derive(Debug, Default)]
pub struct Expect {
    /// Changes that must be among the run's (each matched by some change).
    pub wants: Vec<Want>,
    /// Ids that must not be.
    pub absent: Vec<String>,
    /// The exact number of changes, when the test says it.
    pub count: Option<usize>,
    /// At least one change (of an id not implemented, possibly).
    pub non_empty: bool,
    /// The level every change must have (`for _, err := range errs { ... GetLevel() }`).
    pub every_level: Option<Level>,
    /// Statements counted by kind: `(kind, read)` → how many.
    pub tally: BTreeMap<(String, bool), usize>,
}

impl Expect {
    /// The ids the test asserts present.
    pub fn present_ids(&self) -> impl Iterator<Item = &str> {
        self.wants.iter().filter_map(|w| w.id.as_deref())
    }

    fn count_as(&mut self, kind: &str, read: bool) {
        *self.tally.entry((kind.to_owned(), read)).or_default() += 1;
    }

    /// Whether the test asserts anything this harness reads.
    pub fn asserts_something(&self) -> bool {
        !self.wants.is_empty()
            || !self.absent.is_empty()
            || self.count.is_some()
            || self.non_empty
            || self.every_level.is_some()
    }
}

/// The callees that assert something.
fn asserting(name: &str) -> bool {
    name.starts_with("require.")
        || matches!(
            name,
            "requireChange"
                | "requireSingleChange"
                | "requireNoChange"
                | "requireApiChange"
                | "requireSingleApiChange"
                | "requireApiChanges"
                | "verifyNonBreakingChangeIsChangelogEntry"
        )
}

/// The change types whose literals are read: changes in an operation (first), of a
/// security requirement, of a component.
const LITERALS: [&str; 3] = ["checker.ApiChange", "checker.SecurityChange", "checker.ComponentChange"];

/// The call that filters the changes with an ignore file.
const IGNORE: &str = "ProcessIgnoredBackwardCompatibilityErrors(";

/// The tally's kind prefix of the fields of `ApiChange` literals.
pub const FIELD: &str = "change literal field";

/// How many assertion statements `body` has.
pub fn statements(body: &str) -> usize {
    go::statements(body, asserting).len()
}

/// Who a statement is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Subject {
    /// `errs[i]`.
    Index(usize),
    /// `requireChange(t, errs, checker.XId)`: the change with that id.
    Id(String),
    /// Every change (the variable of `for _, err := range errs`).
    Every,
}

/// Reads a test body. `id_of` maps a Go constant (`checker.XId` without `checker.`) to its
/// check id; `template` gives a check id's English template (`%s` slots).
pub fn read(
    body: &str,
    id_of: &dyn Fn(&str) -> Option<String>,
    template: &dyn Fn(&str) -> Option<&'static str>,
) -> Result<Expect, &'static str> {
    let mut reader =
        Reader { expect: Expect::default(), subjects: HashMap::new(), vars: HashMap::new(), id_of, template };
    // `for _, err := range errs { require.Equal(t, checker.ERR, err.GetLevel()) }`: every change.
    let every = regex::Regex::new(
        r"for _, (\w+) := range errs \{\s*require\.Equal\(t, checker\.\w+, (\w+)\.GetLevel\(\)\)\s*\}",
    )
    .unwrap();
    for c in every.captures_iter(body).filter(|c| c[1] == c[2]) {
        reader.vars.insert(c[1].to_owned(), Var::Change(Subject::Every));
    }
    // `for _, e := range errs { ids[e.GetId()] = true }`: the set of the run's ids.
    let id_set = regex::Regex::new(r"for _, (\w+) := range errs \{\s*(\w+)\[(\w+)\.GetId\(\)\] = true\s*\}").unwrap();
    for c in id_set.captures_iter(body).filter(|c| c[1] == c[3]) {
        reader.vars.insert(c[2].to_owned(), Var::IdSet);
    }
    // `if err.GetId() == checker.XId { list = append(list, err) }`: a list of the changes of one id.
    let filtered = regex::Regex::new(r"if \w+\.GetId\(\) == checker\.(\w+Id) \{\s*(\w+) = append\(").unwrap();
    for c in filtered.captures_iter(body) {
        if let Some(id) = id_of(&c[1]) {
            reader.vars.insert(c[2].to_owned(), Var::Filtered(id));
        }
    }
    // Bindings that are not assertions: `e0 := errs[0].(checker.ApiChange)`, `src := errs[0].GetRevisionSource()`.
    for line in body.lines() {
        let Some((var, value)) = line.trim().split_once(" := ") else { continue };
        if var.contains(',') {
            continue;
        }
        let value = value.trim();
        if let Some(subject) = reader.subject_of(value.trim_end_matches(".(checker.ApiChange)")) {
            reader.vars.insert(var.to_owned(), Var::Change(subject));
        } else if let Some(subject) =
            member(value).filter(|(_, m)| m.starts_with("GetUncolorizedText(")).and_then(|(s, _)| reader.subject_of(s))
        {
            reader.vars.insert(var.to_owned(), Var::Text(subject));
        } else if let Some((subject, side)) = member(value).and_then(|(s, m)| {
            let side = match m {
                "GetBaseSource()" => Side::Base,
                "GetRevisionSource()" => Side::Revision,
                _ => return None,
            };
            Some((reader.subject_of(s)?, side))
        }) {
            reader.vars.insert(var.to_owned(), Var::Source(subject, side));
        }
    }
    // What follows an ignore file's filtering is about oasdiff's ignore files, not the diff.
    let (body, ignored) = body.split_once(IGNORE).unwrap_or((body, ""));
    for call in go::statements(body, asserting) {
        reader.statement(&call);
    }
    for _ in go::statements(ignored, asserting) {
        reader.expect.count_as("after an ignore file filtered the changes", false);
    }
    let mut expect = reader.expect;
    let mut subjects: Vec<(Subject, Want)> = reader.subjects.into_iter().collect();
    subjects.sort_by_key(|(s, _)| format!("{s:?}"));
    if expect.count == Some(1) {
        // One change: everything said of `errs[0]` and of the change with an id is said of it.
        let mut one = Want::default();
        for (_, want) in subjects {
            merge(&mut one, want);
        }
        expect.wants.push(one);
    } else {
        expect.wants.extend(subjects.into_iter().map(|(_, w)| w));
    }
    if !expect.asserts_something() {
        return Err("asserts nothing this harness reads");
    }
    Ok(expect)
}

fn merge(into: &mut Want, from: Want) {
    macro_rules! take {
        ($($f:ident),*) => { $( if from.$f.is_some() { into.$f = from.$f; } )* };
    }
    take!(id, level, method, path, text, operation_file, in_operation);
    for (into, from) in [(&mut into.base, from.base), (&mut into.revision, from.revision)] {
        if from != Loc::Unsaid {
            *into = from;
        }
    }
    into.contains.extend(from.contains);
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Base,
    Revision,
}

#[derive(Debug, Clone)]
enum Var {
    Change(Subject),
    Source(Subject, Side),
    /// The changes of one id, filtered out of the run's.
    Filtered(String),
    /// The set of the run's ids (`ids[e.GetId()] = true`).
    IdSet,
    /// The message of a change (`msg := errs[0].GetUncolorizedText(...)`).
    Text(Subject),
}

struct Reader<'a> {
    expect: Expect,
    subjects: HashMap<Subject, Want>,
    vars: HashMap<String, Var>,
    id_of: &'a dyn Fn(&str) -> Option<String>,
    template: &'a dyn Fn(&str) -> Option<&'static str>,
}

impl Reader<'_> {
    /// The check id of `checker.XId` or of a literal `"x-id"`.
    fn id(&self, text: &str) -> Option<String> {
        let text = text.trim();
        match text.strip_prefix("checker.") {
            Some(constant) => (self.id_of)(constant),
            None => {
                go::string(text).filter(|s| s.chars().all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit()))
            }
        }
    }

    /// The change an expression denotes: `errs[0]`, `requireChange(t, errs, checker.XId)`, a variable.
    fn subject_of(&self, text: &str) -> Option<Subject> {
        let text = text.trim();
        if let Some(Var::Change(s)) = self.vars.get(text) {
            return Some(s.clone());
        }
        for helper in ["requireChange(", "requireSingleChange("] {
            if let Some(args) = text.strip_prefix(helper).and_then(|r| r.strip_suffix(')')) {
                return self.id(go::split(args).get(2)?).map(Subject::Id);
            }
        }
        let (list, index) = text.strip_suffix(']')?.split_once('[')?;
        if !["errs", "changes", "result", "r"].contains(&list) {
            return None;
        }
        index.parse().ok().map(Subject::Index)
    }

    /// The id of a list of changes filtered by id.
    fn filtered(&self, list: &str) -> Option<String> {
        match self.vars.get(list.trim()) {
            Some(Var::Filtered(id)) => Some(id.clone()),
            _ => None,
        }
    }

    /// The change with `id` is among the run's.
    fn want_id(&mut self, id: String) {
        self.want(Subject::Id(id));
    }

    /// What the test says of `subject` (the change with an id has that id).
    fn want(&mut self, subject: Subject) -> &mut Want {
        let id = match &subject {
            Subject::Id(id) => Some(id.clone()),
            _ => None,
        };
        let want = self.subjects.entry(subject).or_default();
        if want.id.is_none() {
            want.id = id;
        }
        want
    }

    fn statement(&mut self, call: &Call) {
        let args: Vec<&str> = call.args.iter().map(String::as_str).collect();
        let kind = match (call.name.as_str(), args.as_slice()) {
            ("require.NoError", _) => Some("both sides load (NoError)"),
            ("requireChange" | "requireSingleChange" | "requireNoChange", [_, _, id, ..]) => self.helper(call, id),
            ("requireApiChange", [_, literal, actual]) => self.subject_of(actual).and_then(|s| {
                self.literal(literal, s).then_some("change literal (ApiChange, SecurityChange, ComponentChange)")
            }),
            ("requireSingleApiChange", [_, literal, _]) => {
                self.expect.count = Some(1);
                self.literal(literal, Subject::Index(0)).then_some("change literal (the single change)")
            }
            ("requireApiChanges", [_, list, _]) => self.literals(list),
            ("require.ElementsMatch", [_, list, actual]) if is_changes(actual) => self.literals(list),
            ("verifyNonBreakingChangeIsChangelogEntry", [_, _, _, id]) => self.id(id).map(|id| {
                self.expect.count = Some(1);
                let want = self.want(Subject::Index(0));
                want.id = Some(id);
                want.level = Some(Level::Info);
                "changelog entry (the one INFO change)"
            }),
            ("require.Len", [_, list, n, ..]) if is_changes(list) => n.parse().ok().map(|n| {
                self.expect.count = Some(n);
                "number of changes"
            }),
            ("require.Empty", [_, list]) if is_changes(list) => {
                self.expect.count = Some(0);
                Some("number of changes")
            }
            ("require.NotEmpty" | "require.NotNil", [_, list]) if is_changes(list) => {
                self.expect.non_empty = true;
                Some("there are changes")
            }
            ("require.Empty" | "require.NotEmpty", [_, list]) if self.filtered(list).is_some() => {
                self.filtered(list).map(|id| {
                    if call.name == "require.Empty" {
                        self.expect.absent.push(id);
                        "id absent"
                    } else {
                        self.want_id(id);
                        "id present"
                    }
                })
            }
            ("require.True" | "require.False", [_, test, ..]) => self.contains_id(call.name == "require.True", test),
            (
                "require.Empty" | "require.NotEmpty" | "require.Nil" | "require.NotNil" | "require.NotZero",
                [_, source, ..],
            ) => self.source_presence(call.name != "require.Empty" && call.name != "require.Nil", source),
            ("require.IsType", [_, ty, actual]) => self.subject_of(actual).and_then(|s| {
                let in_operation = match ty.trim() {
                    "checker.ApiChange{}" => true,
                    "checker.ComponentChange{}" | "checker.SecurityChange{}" => false,
                    _ => return None,
                };
                self.want(s).in_operation = Some(in_operation);
                Some("type of change (in an operation or not)")
            }),
            ("require.Contains", [_, actual, part]) => self.text_part(actual, part),
            // Some tests give the actual value first.
            ("require.Equal", [_, expected, actual, ..]) => {
                self.equal(expected, actual).or_else(|| self.equal(actual, expected))
            }
            ("require.NotEqual", [_, expected, actual, ..]) if actual.ends_with(".GetId()") => {
                self.id(expected).map(|id| {
                    self.expect.absent.push(id);
                    "id absent"
                })
            }
            _ => None,
        };
        if let Some(kind) = kind {
            self.expect.count_as(kind, true);
        } else {
            // The actual value (`require.Equal(t, expected, actual)`), else the only one.
            let what = args.get(2).or(args.last()).map_or("", |a| accessor(a));
            if std::env::var_os("OASDIFF_HARNESS_LIST").is_some() {
                eprintln!("not read: {}({})", call.name, call.args.join(", "));
            }
            self.expect.count_as(&format!("{} {what}", call.name), false);
        }
    }

    fn helper(&mut self, call: &Call, id: &str) -> Option<&'static str> {
        let id = self.id(id)?;
        match call.name.as_str() {
            "requireNoChange" => {
                self.expect.absent.push(id);
                Some("id absent")
            }
            "requireSingleChange" => {
                self.expect.count = Some(1);
                self.want_id(id);
                Some("id (the single change)")
            }
            _ => {
                self.want_id(id);
                Some("id present")
            }
        }
    }

    /// `containsId(errs, checker.XId)`, or `ids[checker.XId]` of a set of the run's ids.
    fn contains_id(&mut self, present: bool, test: &str) -> Option<&'static str> {
        let id = if let Some(args) = test.strip_prefix("containsId(").and_then(|t| t.strip_suffix(')')) {
            let args = go::split(args);
            if !is_changes(args.first()?) {
                return None;
            }
            self.id(args.get(1)?)?
        } else {
            let (set, key) = test.strip_suffix(']')?.split_once('[')?;
            if !matches!(self.vars.get(set.trim()), Some(Var::IdSet)) {
                return None;
            }
            self.id(key)?
        };
        if present {
            self.want_id(id);
            Some("id present")
        } else {
            self.expect.absent.push(id);
            Some("id absent")
        }
    }

    /// `require.Empty(t, errs[0].GetRevisionSource())`, `require.NotNil(t, baseSource)`.
    fn source_presence(&mut self, present: bool, source: &str) -> Option<&'static str> {
        let (subject, side) = self.source_of(source)?;
        let want = self.want(subject);
        let slot = match side {
            Side::Base => &mut want.base,
            Side::Revision => &mut want.revision,
        };
        if present {
            slot.at();
        } else {
            *slot = Loc::Nowhere;
        }
        Some(if present {
            "located in that version (source not empty)"
        } else {
            "not located in that version (source empty)"
        })
    }

    /// `errs[0].GetBaseSource()` or a variable bound to one.
    fn source_of(&self, text: &str) -> Option<(Subject, Side)> {
        let text = text.trim();
        if let Some(Var::Source(s, side)) = self.vars.get(text) {
            return Some((s.clone(), *side));
        }
        let (subject, method) = member(text)?;
        let side = match method {
            "GetBaseSource()" => Side::Base,
            "GetRevisionSource()" => Side::Revision,
            _ => return None,
        };
        Some((self.subject_of(subject)?, side))
    }

    fn text_part(&mut self, actual: &str, part: &str) -> Option<&'static str> {
        let subject = if let Some(Var::Text(subject)) = self.vars.get(actual.trim()) {
            subject.clone()
        } else {
            let (subject, method) = member(actual.trim())?;
            if !method.starts_with("GetUncolorizedText(") {
                return None;
            }
            self.subject_of(subject)?
        };
        let part = go::string(part)?;
        self.want(subject).contains.push(part);
        Some("message contains")
    }

    fn equal(&mut self, expected: &str, actual: &str) -> Option<&'static str> {
        if actual.trim() == "len(errs)" {
            self.expect.count = Some(expected.parse().ok()?);
            return Some("number of changes");
        }
        if LITERALS.iter().any(|ty| expected.trim_start().starts_with(&format!("{ty}{{"))) {
            let subject = self.subject_of(actual.trim_end_matches(".(checker.ApiChange)"))?;
            return self
                .literal(expected, subject)
                .then_some("change literal (ApiChange, SecurityChange, ComponentChange)");
        }
        // `source.Line`, `errs[0].GetRevisionSource().File`.
        if let Some((source, field)) = member(actual.trim())
            && let Some((subject, side)) = self.source_of(source)
        {
            let pos = self.pos_slot(subject, side);
            match field {
                "File" => pos.file = Some(file_name(&file_arg(expected)?)),
                "Line" => pos.line = Some(expected.trim().parse().ok()?),
                "Column" => pos.column = Some(expected.trim().parse().ok()?),
                _ => return None,
            }
            return Some(match side {
                Side::Base => "base source (file, line, column, end)",
                Side::Revision => "revision source (file, line, column, end)",
            });
        }
        if let Some((subject, side)) = self.source_of(actual) {
            let pos = new_source(expected)?;
            *self.pos_slot(subject, side) = pos;
            return Some(match side {
                Side::Base => "base source (file, line, column, end)",
                Side::Revision => "revision source (file, line, column, end)",
            });
        }
        let (subject, name) = member(actual.trim())?;
        let subject = self.subject_of(subject)?;
        match name.split('(').next()? {
            "GetId" | "Id" => {
                let id = self.id(expected)?;
                self.want(subject).id = Some(id);
                Some("id present")
            }
            "GetLevel" | "Level" => {
                let level = level(expected.trim().strip_prefix("checker.")?)?;
                if subject == Subject::Every {
                    self.expect.every_level = Some(level);
                    Some("level of every change")
                } else {
                    self.want(subject).level = Some(level);
                    Some("level")
                }
            }
            "GetUncolorizedText" => {
                self.want(subject).text = Some(go::string(expected)?);
                Some("message text")
            }
            "GetOperation" | "Operation" => {
                self.want(subject).method = Some(go::string(expected)?);
                Some("operation (method)")
            }
            "GetPath" | "Path" => {
                self.want(subject).path = Some(go::string(expected)?);
                Some("path")
            }
            "GetSource" => {
                self.want(subject).operation_file = Some(file_name(&file_arg(expected)?));
                Some("the operation's file (GetSource)")
            }
            "GetArgs" => {
                let args = go::elements(expected)?.iter().map(|a| arg(a)).collect::<Option<Vec<_>>>()?;
                let want = self.want(subject);
                want.contains.extend(args.into_iter().map(|a| format!("`{a}`")));
                Some("message arguments (Args)")
            }
            _ => None,
        }
    }

    fn pos_slot(&mut self, subject: Subject, side: Side) -> &mut Pos {
        let want = self.want(subject);
        let slot = match side {
            Side::Base => &mut want.base,
            Side::Revision => &mut want.revision,
        };
        slot.at()
    }

    /// `[]checker.ApiChange{{...}, {...}}`: exactly these changes.
    fn literals(&mut self, list: &str) -> Option<&'static str> {
        let ty = list.trim().strip_prefix("[]")?.split('{').next()?.trim().to_owned();
        let items = go::elements(list)?;
        self.expect.count = Some(items.len());
        let mut all = true;
        for (i, item) in items.iter().enumerate() {
            // Elements of a typed slice may omit their type (`{Id: ...}`).
            let item = if item.starts_with('{') { format!("{ty}{item}") } else { item.clone() };
            all &= self.literal(&item, Subject::Index(1000 + i));
        }
        all.then_some("change literals (exactly these changes)")
    }

    /// An `ApiChange` literal: the change `subject` must be. False when a field is not read.
    fn literal(&mut self, literal: &str, subject: Subject) -> bool {
        let Some((ty, fields)) = go::composite(literal) else { return false };
        if !LITERALS.contains(&ty.as_str()) {
            return false;
        }
        let mut want = Want { in_operation: Some(ty == LITERALS[0]), ..Want::default() };
        let mut args = None;
        for (key, value) in &fields {
            let read = match key.as_str() {
                "Id" => self.id(value).map(|id| want.id = Some(id)).is_some(),
                "Level" => value.strip_prefix("checker.").and_then(level).map(|l| want.level = Some(l)).is_some(),
                "Operation" => go::string(value).map(|m| want.method = Some(m)).is_some(),
                "Path" => go::string(value).map(|p| want.path = Some(p)).is_some(),
                "Source" => value
                    .strip_prefix("load.NewSource(")
                    .and_then(|v| v.strip_suffix(')'))
                    .and_then(go::string)
                    .map(|f| want.operation_file = Some(file_name(&f)))
                    .is_some(),
                "Args" => go::elements(value)
                    .and_then(|items| items.iter().map(|a| arg(a)).collect::<Option<Vec<_>>>())
                    .map(|a| args = Some(a))
                    .is_some(),
                "BaseSource" => new_source(value).map(|p| want.base = Loc::At(p)).is_some(),
                "RevisionSource" => new_source(value).map(|p| want.revision = Loc::At(p)).is_some(),
                // The operation id only names the operation the method and path name.
                "OperationId" => go::string(value).is_some(),
                _ => false,
            };
            let kind = format!("{FIELD} {key}");
            self.expect.count_as(&kind, read);
        }
        if let (Some(args), Some(id)) = (args, &want.id) {
            match (self.template)(id) {
                // The message is the template with the arguments quoted, as oasdiff renders it.
                Some(template) => {
                    let quoted: Vec<String> = args.iter().map(|a| format!("`{a}`")).collect();
                    let quoted: Vec<&str> = quoted.iter().map(String::as_str).collect();
                    want.text = Some(conform_diff::rules::render(template, &quoted));
                }
                None => self.expect.count_as(&format!("{FIELD} Args (no template)"), false),
            }
        }
        // The statement is read when its change is identified; its fields are counted apart.
        let identified = want.id.is_some();
        merge(self.want(subject), want);
        identified
    }
}

/// `text` split at its last `.` outside brackets: `a.B(c.D())` is `("a", "B(c.D())")`.
fn member(text: &str) -> Option<(&str, &str)> {
    let mut depth = 0i32;
    for (i, c) in text.char_indices().rev() {
        match c {
            ')' | ']' | '}' => depth += 1,
            '(' | '[' | '{' => depth -= 1,
            '.' if depth == 0 => return Some((&text[..i], &text[i + 1..])),
            _ => {}
        }
    }
    None
}

/// Whether `text` names the list of changes of the run.
fn is_changes(text: &str) -> bool {
    matches!(text.trim(), "errs" | "changes" | "result" | "r")
}

/// The method or field an expression ends with (`GetComment`, `Attributes`), for the tally.
fn accessor(text: &str) -> &str {
    let text = text.trim();
    let last = member(text).map_or(text, |(_, m)| m);
    let last = last.split('(').next().unwrap_or(last);
    if last.chars().all(|c| c.is_alphanumeric() || c == '_') { last } else { "(expression)" }
}

fn level(name: &str) -> Option<Level> {
    match name {
        "ERR" => Some(Level::Err),
        "WARN" => Some(Level::Warn),
        "INFO" => Some(Level::Info),
        _ => None,
    }
}

/// A file name given as a string literal, or through a helper (`deprecationFile("a.yaml")`).
fn file_arg(text: &str) -> Option<String> {
    let text = text.trim();
    go::string(text).or_else(|| {
        let (_, inner) = text.strip_suffix(')')?.split_once('(')?;
        go::string(inner)
    })
}

fn file_name(path: &str) -> String {
    path.rsplit('/').next().unwrap_or(path).to_owned()
}

/// `checker.NewSource("file", 3, 5).WithEnd(8, 9)`.
fn new_source(text: &str) -> Option<Pos> {
    let text = text.trim();
    let rest = text.strip_prefix("checker.NewSource(")?;
    let close = rest.find(')')?;
    let args = go::split(&rest[..close]);
    let [file, line, column] = args.as_slice() else { return None };
    let mut pos = Pos {
        file: Some(file_name(&go::string(file)?)),
        line: Some(line.parse().ok()?),
        column: Some(column.parse().ok()?),
        end: None,
    };
    let tail = &rest[close + 1..];
    if !tail.is_empty() {
        let end = go::split(tail.strip_prefix(".WithEnd(")?.strip_suffix(')')?);
        let [line, column] = end.as_slice() else { return None };
        pos.end = Some((line.parse().ok()?, column.parse().ok()?));
    }
    Some(pos)
}

/// One of `Args`, as oasdiff's `interfaceToString` renders it.
fn arg(text: &str) -> Option<String> {
    let text = text.trim();
    if let Some(s) = go::string(text) {
        return Some(s);
    }
    if let Some(items) = go::elements(text).filter(|_| text.starts_with("[]string{")) {
        return items.iter().map(|i| go::string(i)).collect::<Option<Vec<_>>>().map(|v| v.join(", "));
    }
    for (prefix, float) in [("uint64(", false), ("int(", false), ("int64(", false), ("float64(", true)] {
        if let Some(n) = text.strip_prefix(prefix).and_then(|t| t.strip_suffix(')')) {
            return if float {
                n.parse::<f64>().ok().map(|f| format!("{f:.2}"))
            } else {
                n.parse::<i64>().ok().map(|n| n.to_string())
            };
        }
    }
    match text {
        "true" | "false" => Some(text.to_owned()),
        "nil" => Some("undefined".to_owned()),
        _ => text.parse::<i64>().ok().map(|n| n.to_string()),
    }
}
