//! Spectral custom functions and JavaScript rulesets, run in an embedded QuickJS (`rquickjs`).
//!
//! One engine per loaded ruleset: its function files are compiled once, while the ruleset
//! loads, then called for every target. The sandbox has no files, network or processes (QuickJS
//! without its `std`/`os` modules; `require`/`import` reach only the ruleset's own files and
//! the Spectral packages of the prelude, and only while the ruleset loads). Each call runs
//! under a time limit (CPU time, see [`budget`]) and a memory limit; a throw, a timeout or
//! running out of memory is a finding at the rule's target, never a pass.

mod budget;
mod modules;
mod natives;

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

use rquickjs::{CatchResultExt, CaughtError, Context, Ctx, Function, Module, Object, Runtime, Value as JsValue};
use serde::Deserialize;
use serde_json::Value;

use super::document::{Document, Seg, child};
use budget::Budget;
use modules::{Kind, Modules, Sandbox};

/// CPU time one call may take, in milliseconds (ten times as much on the wall clock).
pub const CALL_TIME_MS: u64 = 1_000;
/// Memory one call may allocate beyond what the engine holds, in bytes.
pub const CALL_MEMORY: usize = 64 << 20;
/// CPU time loading the ruleset's code may take, in milliseconds (ten times as much on the
/// wall clock).
const LOAD_TIME_MS: u64 = 5_000;
/// Memory the engine may hold while it loads code or a document, in bytes.
const LOAD_MEMORY: usize = 1 << 30;
/// Native stack the JavaScript may use.
const STACK: usize = 512 << 10;

const PRELUDE: &str = include_str!("prelude.js");

/// The JavaScript engine of one ruleset.
pub struct JsEngine {
    runtime: Runtime,
    context: Context,
    sandbox: Arc<Sandbox>,
    /// When the running code is interrupted.
    budget: Arc<Budget>,
    state: Mutex<State>,
}

/// What the engine holds between calls.
#[derive(Default)]
struct State {
    /// The document loaded into the engine.
    document: Option<u64>,
    /// Rules registered with the prelude, by name.
    rules: HashMap<String, i32>,
}

impl std::fmt::Debug for JsEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JsEngine")
    }
}

/// Why a call did not give results.
fn failure(ctx: &Ctx<'_>, error: CaughtError<'_>, timed_out: bool) -> String {
    if timed_out {
        return format!(
            "ran past its time limit ({CALL_TIME_MS} ms of CPU time, {} ms on the wall clock)",
            CALL_TIME_MS * budget::WALL_FACTOR
        );
    }
    let _ = ctx;
    match error {
        CaughtError::Exception(e) => {
            let message = e.message().unwrap_or_default();
            if message.contains("out of memory") {
                format!("ran out of memory (limit {} MiB)", CALL_MEMORY >> 20)
            } else {
                let name = e.get::<_, String>("name").unwrap_or_else(|_| "Error".to_owned());
                format!("threw {name}: {message}")
            }
        }
        CaughtError::Value(v) => {
            let shown = v.as_string().and_then(|s| s.to_string().ok()).unwrap_or_else(|| format!("{:?}", v.type_of()));
            format!("threw {shown}")
        }
        CaughtError::Error(e) => {
            let text = e.to_string();
            if text.contains("out of memory") || text.contains("Allocation") {
                format!("ran out of memory (limit {} MiB)", CALL_MEMORY >> 20)
            } else {
                format!("failed: {text}")
            }
        }
    }
}

impl JsEngine {
    /// A fresh engine with the prelude loaded.
    pub fn new() -> Result<Arc<Self>, String> {
        let runtime = Runtime::new().map_err(|e| format!("cannot start the JavaScript engine: {e}"))?;
        let budget = Arc::new(Budget::default());
        let watched = Arc::clone(&budget);
        runtime.set_interrupt_handler(Some(Box::new(move || watched.expired())));
        runtime.set_max_stack_size(STACK);
        runtime.set_memory_limit(LOAD_MEMORY);
        let sandbox = Arc::new(Sandbox::default());
        runtime.set_loader(Modules(Arc::clone(&sandbox)), Modules(Arc::clone(&sandbox)));
        let context = Context::full(&runtime).map_err(|e| format!("cannot start the JavaScript engine: {e}"))?;
        let engine = Self { runtime, context, sandbox, budget, state: Mutex::new(State::default()) };
        engine.context.with(|ctx| -> Result<(), String> {
            natives::install(&ctx, Arc::clone(&engine.sandbox)).map_err(|e| e.to_string())?;
            ctx.eval::<(), _>(PRELUDE).catch(&ctx).map_err(|e| format!("the prelude failed: {e}"))
        })?;
        Ok(Arc::new(engine))
    }

    /// Runs `f` while the ruleset's files may be read (from `dir`), under the load limits.
    fn loading<T>(&self, dir: &Path, f: impl FnOnce(&Ctx<'_>) -> Result<T, String>) -> Result<T, String> {
        let _state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        self.sandbox.allow(dir);
        self.sandbox.set_open(true);
        self.budget.arm(LOAD_TIME_MS);
        let out = self.context.with(|ctx| f(&ctx));
        let timed_out = self.budget.disarm();
        self.sandbox.set_open(false);
        match out {
            Err(_) if timed_out => Err(format!(
                "ran past its time limit while loading ({LOAD_TIME_MS} ms of CPU time, {} ms on the wall clock)",
                LOAD_TIME_MS * budget::WALL_FACTOR
            )),
            other => other,
        }
    }

    /// Loads a module file and returns what it exports (`module.exports` or the ES namespace).
    fn import<'js>(ctx: &Ctx<'js>, path: &Path) -> Result<JsValue<'js>, String> {
        let source = std::fs::read_to_string(path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
        let name = path.display().to_string();
        let fail = |e: CaughtError<'_>| format!("`{name}`: {}", failure(ctx, e, false));
        if Kind::of(path, &source) == Kind::Esm {
            let promise = Module::import(ctx, name.clone()).catch(ctx).map_err(fail)?;
            let namespace: Object<'js> = promise.finish().catch(ctx).map_err(fail)?;
            return Ok(namespace.into_value());
        }
        let glue: Object<'js> = ctx.globals().get("__conform").map_err(|e| e.to_string())?;
        let require: Function<'js> = glue.get("require").map_err(|e| e.to_string())?;
        require.call((name.clone(),)).catch(ctx).map_err(fail)
    }

    /// Loads the custom function file at `path` (Spectral's `functionsDir/NAME.js`); returns
    /// its handle in the engine.
    pub fn load_function(&self, path: &Path, root: &Path) -> Result<i32, String> {
        self.loading(root, |ctx| {
            let exported = Self::import(ctx, path)?;
            let glue: Object<'_> = ctx.globals().get("__conform").map_err(|e| e.to_string())?;
            let register: Function<'_> = glue.get("register").map_err(|e| e.to_string())?;
            register
                .call((exported,))
                .catch(ctx)
                .map_err(|e| format!("`{}`: {}", path.display(), failure(ctx, e, false)))
        })
    }

    /// Loads a JavaScript ruleset (`.spectral.js`, `.mjs`, `.cjs`) as the JSON a YAML ruleset
    /// would be: its functions become `__conform_fn:N:NAME`, Spectral's core functions, formats
    /// and rulesets their names.
    pub fn load_ruleset(&self, path: &Path) -> Result<Value, String> {
        let root = path.parent().unwrap_or(path).to_path_buf();
        let json = self.loading(&root, |ctx| {
            let exported = Self::import(ctx, path)?;
            let value = match exported.as_object() {
                Some(o) if o.contains_key("default").unwrap_or(false) => {
                    o.get::<_, JsValue<'_>>("default").map_err(|e| e.to_string())?
                }
                _ => exported,
            };
            let glue: Object<'_> = ctx.globals().get("__conform").map_err(|e| e.to_string())?;
            let convert: Function<'_> = glue.get("ruleset").map_err(|e| e.to_string())?;
            convert
                .call::<_, String>((value,))
                .catch(ctx)
                .map_err(|e| format!("`{}`: {}", path.display(), failure(ctx, e, false)))
        })?;
        serde_json::from_str(&json).map_err(|e| format!("`{}`: {e}", path.display()))
    }

    /// A call site: function `handle` with its `functionOptions`.
    pub fn site(self: &Arc<Self>, handle: i32, name: &str, options: &Value) -> Result<JsFunction, String> {
        let _state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let site = self.context.with(|ctx| -> Result<i32, String> {
            let glue: Object<'_> = ctx.globals().get("__conform").map_err(|e| e.to_string())?;
            let site: Function<'_> = glue.get("site").map_err(|e| e.to_string())?;
            site.call((handle, options.to_string())).catch(&ctx).map_err(|e| failure(&ctx, e, false))
        })?;
        Ok(JsFunction { engine: Arc::clone(self), site, name: name.to_owned(), broken: Mutex::new(None) })
    }
}

/// A custom function at one `then`, ready to call.
pub struct JsFunction {
    engine: Arc<JsEngine>,
    site: i32,
    /// The function's name in the ruleset.
    pub name: String,
    /// Set when a call ran out of time or memory: later calls report it without running.
    broken: Mutex<Option<String>>,
}

impl std::fmt::Debug for JsFunction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "JsFunction({})", self.name)
    }
}

/// What a rule tells the function about itself (Spectral's `context.rule`).
pub struct RuleInfo<'a> {
    /// Name.
    pub name: &'a str,
    /// Severity (0 error … 3 hint).
    pub severity: u8,
    /// Whether it sees the resolved document.
    pub resolved: bool,
    /// `description`.
    pub description: Option<&'a str>,
    /// `message`.
    pub message: Option<&'a str>,
}

/// One result of a function: its message and, when it gave one, its path in the document.
#[derive(Debug, Deserialize)]
pub struct JsResult {
    /// `message`.
    pub message: String,
    /// `path` (absolute, in the document the rule sees).
    pub path: Option<Vec<Value>>,
}

impl JsFunction {
    /// Calls the function on `input` (at `path` of `doc`); `Err` says why it gave no results.
    pub fn call(
        &self,
        rule: &RuleInfo<'_>,
        doc: &Document,
        input: Option<&Value>,
        path: &[Seg],
    ) -> Result<Vec<JsResult>, String> {
        if let Some(reason) = self.broken.lock().unwrap_or_else(PoisonError::into_inner).clone() {
            return Err(reason);
        }
        let engine = &*self.engine;
        let mut state = engine.state.lock().unwrap_or_else(PoisonError::into_inner);
        if state.document != Some(doc.id) {
            let json = serde_json::to_string(&doc.value).map_err(|e| e.to_string())?;
            let used = usize::try_from(engine.runtime.memory_usage().malloc_size).unwrap_or(0);
            engine.runtime.set_memory_limit(used.saturating_add(LOAD_MEMORY));
            engine.context.with(|ctx| -> Result<(), String> {
                let glue: Object<'_> = ctx.globals().get("__conform").map_err(|e| e.to_string())?;
                let load: Function<'_> = glue.get("document").map_err(|e| e.to_string())?;
                load.call::<_, ()>((json, doc.kept_refs_json())).catch(&ctx).map_err(|e| failure(&ctx, e, false))
            })?;
            state.document = Some(doc.id);
        }
        let rule_id = if let Some(id) = state.rules.get(rule.name) {
            *id
        } else {
            let info = serde_json::json!({
                "name": rule.name, "severity": rule.severity, "resolved": rule.resolved,
                "description": rule.description, "message": rule.message, "enabled": true,
            });
            let id = engine.context.with(|ctx| -> Result<i32, String> {
                let glue: Object<'_> = ctx.globals().get("__conform").map_err(|e| e.to_string())?;
                let register: Function<'_> = glue.get("rule").map_err(|e| e.to_string())?;
                register.call((info.to_string(),)).catch(&ctx).map_err(|e| failure(&ctx, e, false))
            })?;
            state.rules.insert(rule.name.to_owned(), id);
            id
        };
        let (kind, target) = match input {
            None => (0, String::new()),
            Some(v @ (Value::Object(_) | Value::Array(_)))
                if doc.get(path).is_some_and(|at| std::ptr::eq(at, v)) || rule.resolved =>
            {
                if rule.resolved {
                    (3, String::new())
                } else {
                    (2, String::new())
                }
            }
            Some(v) => (1, v.to_string()),
        };
        let path_json = Value::Array(path.iter().map(seg_value).collect()).to_string();
        let used = usize::try_from(engine.runtime.memory_usage().malloc_size).unwrap_or(0);
        engine.runtime.set_memory_limit(used.saturating_add(CALL_MEMORY));
        engine.budget.arm(CALL_TIME_MS);
        let out = engine.context.with(|ctx| -> Result<String, String> {
            let glue: Object<'_> = ctx.globals().get("__conform").map_err(|e| e.to_string())?;
            let call: Function<'_> = glue.get("call").map_err(|e| e.to_string())?;
            let finish: Function<'_> = glue.get("results").map_err(|e| e.to_string())?;
            let run = || -> rquickjs::CaughtResult<'_, String> {
                let mut value: JsValue<'_> = call.call((self.site, kind, target, path_json, rule_id)).catch(&ctx)?;
                if let Some(promise) = value.as_promise() {
                    value = promise.finish::<JsValue<'_>>().catch(&ctx)?;
                }
                finish.call((value,)).catch(&ctx)
            };
            run().map_err(|e| failure(&ctx, e, engine.budget.expired()))
        });
        engine.budget.disarm();
        engine.runtime.set_memory_limit(LOAD_MEMORY);
        drop(state);
        match out {
            Ok(json) => serde_json::from_str(&json).map_err(|e| format!("gave results conform cannot read: {e}")),
            Err(reason) => {
                if reason.starts_with("ran ") {
                    *self.broken.lock().unwrap_or_else(PoisonError::into_inner) = Some(reason.clone());
                    self.engine.runtime.run_gc();
                }
                Err(reason)
            }
        }
    }
}

fn seg_value(seg: &Seg) -> Value {
    match seg {
        Seg::Key(k) => Value::String(k.clone()),
        Seg::Index(i) => Value::from(*i),
    }
}

/// A path a function returned, as segments of `doc` (a number-like key of an array is an
/// index), following `$ref`s as the resolved document does.
#[must_use]
pub fn segments(doc: &Document, raw: &[Value]) -> Vec<Seg> {
    let mut node = Some(&doc.value);
    raw.iter()
        .map(|v| {
            let current = node.map(|n| doc.follow(n).map_or(n, |(t, _)| t));
            let seg = match (v, current) {
                (Value::Number(n), _) => {
                    n.as_u64().and_then(|i| usize::try_from(i).ok()).map_or_else(|| Seg::Key(n.to_string()), Seg::Index)
                }
                (Value::String(s), Some(Value::Array(_))) => s.parse().map_or_else(|_| Seg::Key(s.clone()), Seg::Index),
                (Value::String(s), _) => Seg::Key(s.clone()),
                (other, _) => Seg::Key(other.to_string()),
            };
            node = current.and_then(|c| child(c, &seg));
            seg
        })
        .collect()
}
