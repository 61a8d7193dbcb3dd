//! Reading Spectral rulesets (YAML or JSON): `extends`, `rules`, `aliases`, `formats`,
//! `overrides`, and the built-in `spectral:oas`.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use conform_formats::yaml::{self, YamlLimits};
use serde_json::Value;

use super::formats::DocFormat;
use super::functions::Function;
use super::js::JsEngine;
use super::jsonpath::JsonPath;
use super::keys::{self, Source};
use super::{Rule, Ruleset, Sev, Then};

/// The built-in `spectral:oas` ruleset, written for this project in Spectral's own syntax.
const OAS_RULESET: &str = include_str!("oas.yaml");

/// The built-in `spectral:asyncapi` ruleset, Spectral's rules in Spectral's own syntax.
const ASYNCAPI_RULESET: &str = include_str!("asyncapi.yaml");

/// How deep `extends` chains may go.
const MAX_EXTENDS_DEPTH: usize = 16;

/// Reads the ruleset file at `path` (local files only; `extends` are resolved next to it).
pub fn load_file(path: &Path) -> Result<Ruleset, String> {
    let mut loader = Loader::default();
    let rules = loader.file(path, 0, TOP)?;
    Ok(Ruleset::new(rules.rules, rules.overrides))
}

/// Reads a ruleset from its text; `base` is where its relative `extends` are.
pub fn load_text(text: &[u8], name: &str, base: Option<&Path>) -> Result<Ruleset, String> {
    let mut loader = Loader::default();
    let (value, source) = parse(text, name)?;
    let rules = loader.value(&value, Some(&source), base, 0, TOP)?;
    Ok(Ruleset::new(rules.rules, rules.overrides))
}

/// Severity changes for files matching globs.
#[derive(Debug, Clone)]
pub struct Override {
    /// Globs (relative paths), without `#pointer` parts.
    pub files: globset::GlobSet,
    /// Rule name → severity (`None`: off).
    pub rules: Vec<(String, Option<Sev>)>,
}

/// How a ruleset is extended: its mode (`off`, `recommended`, `all`) and whether the mode was
/// written (`[name, mode]`) rather than implied (`name`).
#[derive(Debug, Clone, Copy)]
struct Mode<'a> {
    mode: &'a str,
    explicit: bool,
}

/// The ruleset given to `conform` itself.
const TOP: Mode<'static> = Mode { mode: "recommended", explicit: false };

impl Mode<'_> {
    /// Spectral's `Rule.isEnabled`.
    fn enables(self, rule: &Rule) -> bool {
        self.mode == "all" || (self.mode == "recommended" && rule.recommended)
    }
}

struct Loaded {
    rules: Vec<Rule>,
    overrides: Vec<Override>,
}

#[derive(Default)]
struct Loader {
    stack: HashSet<PathBuf>,
    /// The JavaScript engine, started by the first custom function or JavaScript ruleset.
    engine: Option<Arc<JsEngine>>,
}

/// The custom functions a ruleset declares: name → handle in the engine.
struct Custom<'a> {
    engine: Option<&'a Arc<JsEngine>>,
    names: HashMap<String, i32>,
    /// The ruleset's folder, where its `functionOptions` `$ref`s to files are.
    base: Option<&'a Path>,
}

/// Whether `path` is a JavaScript ruleset.
fn is_script(path: &Path) -> bool {
    matches!(path.extension().and_then(|e| e.to_str()), Some("js" | "mjs" | "cjs"))
}

fn parse(text: &[u8], name: &str) -> Result<(Value, Source), String> {
    let (body, _) = conform_formats::text::strip_bom(text);
    let doc = yaml::parse(body, YamlLimits::default()).map_err(|e| format!("{name}: {}", e.message))?;
    Ok((doc.value, Source { name: name.to_owned(), text: body.to_vec(), spans: doc.spans }))
}

/// Spectral's core functions, for "did you mean".
const CORE: &[&str] = &[
    "alphabetical",
    "casing",
    "defined",
    "enumeration",
    "falsy",
    "length",
    "or",
    "pattern",
    "schema",
    "truthy",
    "typedEnum",
    "undefined",
    "unreferencedReusableObject",
    "xor",
];

/// Where a rule's error is: at the `function` it names when the error is about that function,
/// else at the rule.
fn rule_error_path(name: &str, def: &Value, error: &str) -> Vec<String> {
    let mut path = vec!["rules".to_owned(), name.to_owned()];
    if error.starts_with("`given`") {
        path.push("given".to_owned());
        return path;
    }
    let named =
        |t: &Value| t.get("function").and_then(Value::as_str).is_some_and(|f| error.contains(&format!("`{f}`")));
    match def.get("then") {
        Some(Value::Array(items)) => {
            if let Some(i) = items.iter().position(named) {
                path.extend(["then".to_owned(), i.to_string(), "function".to_owned()]);
            }
        }
        Some(one) if named(one) => path.extend(["then".to_owned(), "function".to_owned()]),
        _ => {}
    }
    path
}

impl Loader {
    fn engine(&mut self) -> Result<Arc<JsEngine>, String> {
        if let Some(engine) = &self.engine {
            return Ok(Arc::clone(engine));
        }
        let engine = JsEngine::new()?;
        self.engine = Some(Arc::clone(&engine));
        Ok(engine)
    }

    /// Loads the custom functions a ruleset declares (`functions`, from `functionsDir`).
    fn custom(
        &mut self,
        root: &serde_json::Map<String, Value>,
        base: Option<&Path>,
    ) -> Result<HashMap<String, i32>, String> {
        let mut names = HashMap::new();
        let Some(declared) = root.get("functions") else {
            if root.contains_key("functionsDir") {
                return Err("`functionsDir` is given without `functions`".to_owned());
            }
            return Ok(names);
        };
        let Value::Array(declared) = declared else { return Err("`functions` must be a list of names".to_owned()) };
        let Some(base) = base else {
            return Err("custom `functions` need the ruleset's folder (a ruleset given as text has none)".to_owned());
        };
        let dir = match root.get("functionsDir") {
            None => base.join("functions"),
            Some(Value::String(d)) => base.join(d),
            Some(other) => return Err(format!("`functionsDir` must be a path, not {other}")),
        };
        let engine = self.engine()?;
        for name in declared {
            let Value::String(name) = name else { return Err(format!("`functions`: {name} is not a name")) };
            let file = dir.join(format!("{name}.js"));
            if !file.is_file() {
                return Err(format!("function `{name}`: no file `{}`", file.display()));
            }
            let handle = engine.load_function(&file, &dir).map_err(|e| format!("function `{name}`: {e}"))?;
            names.insert(name.clone(), handle);
        }
        Ok(names)
    }

    fn file(&mut self, path: &Path, depth: usize, mode: Mode<'_>) -> Result<Loaded, String> {
        let canonical = path.canonicalize().map_err(|e| format!("cannot read ruleset `{}`: {e}", path.display()))?;
        if !self.stack.insert(canonical.clone()) {
            return Err(format!("ruleset `{}` extends itself (an `extends` cycle)", path.display()));
        }
        let (value, source) = if is_script(&canonical) {
            (self.engine()?.load_ruleset(&canonical).map_err(|e| format!("JavaScript ruleset {e}"))?, None)
        } else {
            let text =
                std::fs::read(&canonical).map_err(|e| format!("cannot read ruleset `{}`: {e}", path.display()))?;
            let (value, source) = parse(&text, &path.display().to_string())?;
            (value, Some(source))
        };
        let loaded = self.value(&value, source.as_ref(), canonical.parent(), depth, mode);
        self.stack.remove(&canonical);
        loaded
    }

    /// Loads a ruleset extended with `mode` (as Spectral's `Ruleset` does: the mode decides
    /// which of its own rules are enabled and, when written out, which inherited ones).
    fn value(
        &mut self,
        value: &Value,
        source: Option<&Source>,
        base: Option<&Path>,
        depth: usize,
        mode: Mode<'_>,
    ) -> Result<Loaded, String> {
        let placed = |path: &[String], message: String| match source {
            Some(source) => format!("{}: {message}", source.at(path)),
            None => message,
        };
        if depth > MAX_EXTENDS_DEPTH {
            return Err("`extends` chain is too deep".to_owned());
        }
        let Value::Object(root) = value else { return Err("a ruleset must be a mapping".to_owned()) };
        keys::check(root).map_err(|(path, message)| placed(&path, message))?;
        let mut rules: Vec<Rule> = Vec::new();
        let mut overrides = Vec::new();
        for (target, child_mode, explicit) in extends_list(root.get("extends"))? {
            let child = Mode { mode: &child_mode, explicit };
            let mut inherited = if target == "spectral:oas" {
                let (oas, source) = parse(OAS_RULESET.as_bytes(), "spectral:oas")?;
                self.value(&oas, Some(&source), None, depth + 1, child)?
            } else if target == "spectral:asyncapi" {
                let (asyncapi, source) = parse(ASYNCAPI_RULESET.as_bytes(), "spectral:asyncapi")?;
                self.value(&asyncapi, Some(&source), None, depth + 1, child)?
            } else if target.starts_with("spectral:") {
                return Err(format!(
                    "built-in ruleset `{target}` is not built into conform (`spectral:oas` and `spectral:asyncapi` are; \
                     `spectral:arazzo` is not)"
                ));
            } else if target.starts_with("http://") || target.starts_with("https://") {
                return Err(format!("ruleset `{target}` is remote; download it and extend the local file"));
            } else {
                let path = locate(&target, base)?;
                self.file(&path, depth + 1, child)?
            };
            if depth > 0 && mode.explicit {
                for rule in &mut inherited.rules {
                    rule.enabled = mode.enables(rule);
                }
            }
            merge_rules(&mut rules, inherited.rules);
            overrides.extend(inherited.overrides);
        }
        let names = self.custom(root, base).map_err(|e| placed(&["functions".to_owned()], e))?;
        let custom = Custom { engine: self.engine.as_ref(), names, base };
        let aliases = aliases(root.get("aliases"))?;
        let formats = root.get("formats").map(formats).transpose()?;
        if let Some(defs) = root.get("rules") {
            let Value::Object(defs) = defs else { return Err("`rules` must be a mapping".to_owned()) };
            for (name, def) in defs {
                let own = !rules.iter().any(|r| &r.name == name);
                apply_rule(&mut rules, name, def, &aliases, formats.as_ref(), &custom)
                    .map_err(|e| placed(&rule_error_path(name, def, &e), format!("rule `{name}`: {e}")))?;
                if (own || mode.explicit)
                    && let Some(rule) = rules.iter_mut().find(|r| &r.name == name)
                {
                    rule.enabled = rule.enabled && mode.enables(rule);
                }
            }
        }
        if let Some(Value::Array(items)) = root.get("overrides") {
            for item in items {
                overrides.push(override_of(item)?);
            }
        }
        Ok(Loaded { rules, overrides })
    }
}

fn merge_rules(rules: &mut Vec<Rule>, inherited: Vec<Rule>) {
    for rule in inherited {
        match rules.iter_mut().find(|r| r.name == rule.name) {
            Some(existing) => *existing = rule,
            None => rules.push(rule),
        }
    }
}

/// The file an `extends` entry names: a file next to the extending ruleset, else (for a
/// name npm accepts, as Spectral resolves it) an npm package already installed in a
/// `node_modules` folder above the ruleset or the working directory; never downloaded.
fn locate(target: &str, base: Option<&Path>) -> Result<PathBuf, String> {
    let relative = base.map_or_else(|| PathBuf::from(target), |b| b.join(target));
    let package_like = !target.starts_with('.') && !Path::new(target).is_absolute() && !target.contains('\\');
    if relative.exists() || !package_like {
        return script_free(relative);
    }
    // `@scope/name/sub/path` or `name/sub/path`: the package, then a file inside it.
    let segments = if target.starts_with('@') { 2 } else { 1 };
    let package: String = target.split('/').take(segments).collect::<Vec<_>>().join("/");
    let cwd = std::env::current_dir().ok();
    for start in base.into_iter().chain(cwd.as_deref()) {
        for dir in start.ancestors() {
            if !dir.join("node_modules").join(&package).is_dir() {
                continue;
            }
            let candidate = dir.join("node_modules").join(target);
            if candidate.is_file() {
                return script_free(candidate);
            }
            if candidate.is_dir() {
                let manifest = std::fs::read(candidate.join("package.json")).ok();
                let main = manifest
                    .and_then(|bytes| serde_json::from_slice::<Value>(&bytes).ok())
                    .and_then(|m| m.get("main").and_then(Value::as_str).map(str::to_owned))
                    .unwrap_or_else(|| "index.js".to_owned());
                return script_free(candidate.join(main));
            }
        }
    }
    Err(format!(
        "`extends: {target}`: no such file next to the ruleset, and no npm package `{target}` is installed in a \
         node_modules folder (conform never downloads rulesets: run `npm install {package}` first)"
    ))
}

/// Refuses a TypeScript ruleset by name (Spectral compiles it with a bundler; conform does not).
fn script_free(path: PathBuf) -> Result<PathBuf, String> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    if matches!(ext, "ts" | "mts" | "cts") {
        return Err(format!(
            "`{}` is a TypeScript ruleset: conform runs JavaScript (`.js`, `.mjs`, `.cjs`), YAML and JSON rulesets",
            path.display()
        ));
    }
    Ok(path)
}

/// The `extends` entries: name, mode, and whether the mode is written out.
fn extends_list(value: Option<&Value>) -> Result<Vec<(String, String, bool)>, String> {
    let one = |v: &Value| -> Result<(String, String, bool), String> {
        match v {
            Value::String(s) => Ok((s.clone(), "recommended".to_owned(), false)),
            Value::Array(pair) => match (pair.first(), pair.get(1)) {
                (Some(Value::String(s)), Some(Value::String(mode)))
                    if ["off", "recommended", "all"].contains(&mode.as_str()) =>
                {
                    Ok((s.clone(), mode.clone(), true))
                }
                _ => Err(format!("invalid `extends` entry {v}: use NAME or [NAME, off|recommended|all]")),
            },
            other => Err(format!("invalid `extends` entry {other}")),
        }
    };
    match value {
        None => Ok(Vec::new()),
        Some(Value::Array(items))
            if items.len() == 2 && items[1].as_str().is_some_and(|m| ["off", "recommended", "all"].contains(&m)) =>
        {
            Ok(vec![one(&Value::Array(items.clone()))?])
        }
        Some(Value::Array(items)) => items.iter().map(one).collect(),
        Some(other) => Ok(vec![one(other)?]),
    }
}

fn aliases(value: Option<&Value>) -> Result<HashMap<String, Vec<String>>, String> {
    let mut out = HashMap::new();
    let Some(Value::Object(map)) = value else { return Ok(out) };
    for (name, def) in map {
        let given = match def {
            Value::String(s) => vec![s.clone()],
            Value::Array(items) => items.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect(),
            Value::Object(obj) => obj
                .get("targets")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .flat_map(|t| given_strings(t.get("given")))
                .collect(),
            _ => return Err(format!("alias `{name}` must be a path or a list of paths")),
        };
        out.insert(name.clone(), given);
    }
    Ok(out)
}

fn given_strings(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(items)) => items.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect(),
        _ => Vec::new(),
    }
}

/// Expands `#Alias` prefixes (recursively, bounded).
fn expand(given: &str, aliases: &HashMap<String, Vec<String>>, depth: usize) -> Result<Vec<String>, String> {
    let Some(rest) = given.strip_prefix('#') else { return Ok(vec![given.to_owned()]) };
    if depth > 8 {
        return Err(format!("alias `{given}` is circular"));
    }
    let end = rest.find(['.', '[']).unwrap_or(rest.len());
    let (name, tail) = rest.split_at(end);
    let targets = aliases.get(name).ok_or_else(|| format!("unknown alias `#{name}`"))?;
    let mut out = Vec::new();
    for target in targets {
        for expanded in expand(target, aliases, depth + 1)? {
            out.push(format!("{expanded}{tail}"));
        }
    }
    Ok(out)
}

fn formats(value: &Value) -> Result<Vec<DocFormat>, String> {
    let Value::Array(items) = value else { return Err("`formats` must be a list".to_owned()) };
    items
        .iter()
        .map(|v| v.as_str().ok_or("formats are names").map_err(str::to_owned).and_then(DocFormat::parse))
        .collect()
}

/// Parses a severity; `Ok(None)` is `off`; `true` keeps the default.
fn severity(value: &Value, default: Sev) -> Result<Option<Sev>, String> {
    Ok(match value {
        Value::Bool(true) => Some(default),
        Value::Bool(false) => None,
        Value::Number(n) => match n.as_i64() {
            Some(0) => Some(Sev::Error),
            Some(1) => Some(Sev::Warn),
            Some(2) => Some(Sev::Info),
            Some(3) => Some(Sev::Hint),
            Some(-1) => None,
            _ => return Err(format!("invalid severity {n}")),
        },
        Value::String(s) => match s.as_str() {
            "error" => Some(Sev::Error),
            "warn" | "warning" => Some(Sev::Warn),
            "info" | "information" => Some(Sev::Info),
            "hint" => Some(Sev::Hint),
            "off" => None,
            other => return Err(format!("invalid severity `{other}`")),
        },
        other => return Err(format!("invalid severity {other}")),
    })
}

fn set_severity(rule: &mut Rule, value: &Value) -> Result<(), String> {
    match severity(value, rule.severity)? {
        Some(sev) => {
            rule.severity = sev;
            rule.enabled = true;
        }
        None => rule.enabled = false,
    }
    Ok(())
}

fn apply_rule(
    rules: &mut Vec<Rule>,
    name: &str,
    def: &Value,
    aliases: &HashMap<String, Vec<String>>,
    formats: Option<&Vec<DocFormat>>,
    custom: &Custom<'_>,
) -> Result<(), String> {
    let Value::Object(obj) = def else {
        let rule = rules.iter_mut().find(|r| r.name == name).ok_or("is not defined in an extended ruleset")?;
        return set_severity(rule, def);
    };
    if !obj.contains_key("then") {
        let rule = rules.iter_mut().find(|r| r.name == name).ok_or("has no `then`")?;
        if let Some(sev) = obj.get("severity") {
            set_severity(rule, sev)?;
        }
        return Ok(());
    }
    let given_raw = given_strings(obj.get("given"));
    if given_raw.is_empty() {
        return Err("`given` must be a path or a list of paths".to_owned());
    }
    let mut given = Vec::new();
    for raw in &given_raw {
        for expanded in expand(raw, aliases, 0)? {
            given.push(JsonPath::parse(&expanded).map_err(|e| format!("`given`: {e}"))?);
        }
    }
    let then = match obj.get("then") {
        Some(Value::Array(items)) => items.iter().map(|t| then_of(t, custom)).collect::<Result<Vec<_>, _>>()?,
        Some(one) => vec![then_of(one, custom)?],
        None => Vec::new(),
    };
    let text = |key: &str| obj.get(key).and_then(Value::as_str).map(str::to_owned);
    let mut rule = Rule {
        name: name.to_owned(),
        enabled: true,
        severity: Sev::Warn,
        recommended: obj.get("recommended").and_then(Value::as_bool).unwrap_or(true),
        message: text("message"),
        description: text("description"),
        url: text("documentationUrl"),
        formats: obj.get("formats").map(self::formats).transpose()?.or_else(|| formats.cloned()),
        resolved: obj.get("resolved").and_then(Value::as_bool).unwrap_or(true),
        given,
        then,
    };
    if let Some(sev) = obj.get("severity") {
        set_severity(&mut rule, sev)?;
    }
    merge_rules(rules, vec![rule]);
    Ok(())
}

fn then_of(value: &Value, custom: &Custom<'_>) -> Result<Then, String> {
    let name = value.get("function").and_then(Value::as_str).ok_or("`then` needs a `function`")?;
    let mut options = value.get("functionOptions").cloned().unwrap_or(Value::Null);
    super::refs::inline_file_refs(&mut options, custom.base, 0)?;
    let field = value.get("field").and_then(Value::as_str).map(str::to_owned);
    // A `field` starting with `$` is a JSONPath from the `given` node (Spectral runs it with
    // jsonpath-plus).
    let field_query = match &field {
        Some(path) if path.starts_with('$') => {
            Some(JsonPath::parse(&field_jsonpath(path)).map_err(|e| format!("`field`: {e}"))?)
        }
        _ => None,
    };
    let function = if let Some(handle) = custom.names.get(name).copied().or_else(|| script_function(name)) {
        let engine = custom.engine.ok_or("custom functions need the JavaScript engine")?;
        let shown = name.rsplit(':').next().unwrap_or(name);
        Function::Js(Arc::new(engine.site(handle, shown, &options).map_err(|e| format!("function `{shown}`: {e}"))?))
    } else {
        Function::compile(name, &options).map_err(|e| {
            if e.starts_with("unknown function") {
                let known = CORE.iter().copied().chain(custom.names.keys().map(String::as_str));
                format!("{e}{}", keys::suggest(name, known))
            } else {
                e
            }
        })?
    };
    Ok(Then { field, field_query, function })
}

/// A `field` JSONPath as jsonpath-plus reads it: a first name that starts with `$` but is not
/// `$` (`$ref`, `$ref.x`) is a property of the node, not the root.
fn field_jsonpath(path: &str) -> std::borrow::Cow<'_, str> {
    let end = path.find(['.', '[']).unwrap_or(path.len());
    if end <= 1 {
        return std::borrow::Cow::Borrowed(path);
    }
    let (name, rest) = path.split_at(end);
    std::borrow::Cow::Owned(format!("$['{}']{rest}", name.replace('\\', "\\\\").replace('\'', "\\'")))
}

/// The handle of a function a JavaScript ruleset gave by value (`__conform_fn:N:NAME`).
fn script_function(name: &str) -> Option<i32> {
    name.strip_prefix("__conform_fn:")?.split(':').next()?.parse().ok()
}

fn override_of(item: &Value) -> Result<Override, String> {
    let mut builder = globset::GlobSetBuilder::new();
    for file in given_strings(item.get("files")) {
        let glob = file.split('#').next().unwrap_or("");
        builder.add(globset::Glob::new(glob).map_err(|e| format!("override glob `{file}`: {e}"))?);
    }
    let files = builder.build().map_err(|e| e.to_string())?;
    let mut rules = Vec::new();
    if let Some(Value::Object(map)) = item.get("rules") {
        for (name, sev) in map {
            rules.push((name.clone(), severity(sev, Sev::Warn)?));
        }
    }
    Ok(Override { files, rules })
}
