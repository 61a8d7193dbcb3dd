//! The engine's functions the prelude calls: Spectral's core functions (the engine's own
//! implementations), JSON Schema checks, and module resolution in the sandbox.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use conform_formats::Format;
use jsonschema::Validator;
use rquickjs::{Ctx, Exception, Function, Result};
use serde_json::Value;

use super::super::document::{Document, Seg};
use super::super::functions::{Fault, Function as Core};
use super::modules::{Kind, Sandbox};
use super::seg_value;

/// Installs the natives as `globalThis.__conform_*` (the prelude takes them away).
pub fn install(ctx: &Ctx<'_>, sandbox: Arc<Sandbox>) -> Result<()> {
    let globals = ctx.globals();
    let cores: Mutex<HashMap<(String, String), Arc<Core>>> = Mutex::new(HashMap::new());
    globals.set(
        "__conform_core",
        Function::new(
            ctx.clone(),
            move |ctx: Ctx<'_>,
                  name: String,
                  options: Option<String>,
                  target: Option<String>,
                  path: String|
                  -> Result<String> {
                let throw = |m: &str| Exception::throw_message(&ctx, m);
                let options = options.unwrap_or_else(|| "null".to_owned());
                let key = (name.clone(), options.clone());
                let function = {
                    let mut cache = cores.lock().unwrap_or_else(PoisonError::into_inner);
                    if let Some(f) = cache.get(&key) {
                        Arc::clone(f)
                    } else {
                        let parsed: Value = serde_json::from_str(&options).map_err(|e| throw(&e.to_string()))?;
                        let compiled = Arc::new(Core::compile(&name, &parsed).map_err(|e| throw(&e))?);
                        cache.insert(key, Arc::clone(&compiled));
                        compiled
                    }
                };
                let target: Option<Value> =
                    target.map(|t| serde_json::from_str(&t)).transpose().map_err(|e| throw(&e.to_string()))?;
                let path: Vec<Value> = serde_json::from_str(&path).map_err(|e| throw(&e.to_string()))?;
                let segs: Vec<Seg> = path
                    .iter()
                    .map(|v| match v {
                        Value::Number(n) => n
                            .as_u64()
                            .and_then(|i| usize::try_from(i).ok())
                            .map_or_else(|| Seg::Key(n.to_string()), Seg::Index),
                        Value::String(s) => Seg::Key(s.clone()),
                        other => Seg::Key(other.to_string()),
                    })
                    .collect();
                // The target alone, at its path, so messages name its property as Spectral's do.
                let mut nested = target.clone().unwrap_or(Value::Null);
                for seg in segs.iter().rev() {
                    nested = match seg {
                        Seg::Key(k) => Value::Object(std::iter::once((k.clone(), nested)).collect()),
                        Seg::Index(i) => {
                            let mut items = vec![Value::Null; (*i).min(1024)];
                            items.push(nested);
                            Value::Array(items)
                        }
                    };
                }
                let doc =
                    Document::parse(nested.to_string().as_bytes(), Format::Json).map_err(|(e, _)| throw(&e.message))?;
                let faults = function.run(target.as_ref(), &doc, &segs);
                let out: Vec<Value> = faults
                    .into_iter()
                    .map(|Fault { message, path: rel }| {
                        let full: Vec<Value> = path.iter().cloned().chain(rel.iter().map(seg_value)).collect();
                        serde_json::json!({ "message": message, "path": full })
                    })
                    .collect();
                Ok(Value::Array(out).to_string())
            },
        )?,
    )?;
    let validators: Mutex<HashMap<String, Arc<Validator>>> = Mutex::new(HashMap::new());
    globals.set(
        "__conform_valid",
        Function::new(ctx.clone(), move |ctx: Ctx<'_>, schema: String, value: Option<String>| -> Result<bool> {
            let throw = |m: &str| Exception::throw_message(&ctx, m);
            let validator = {
                let mut cache = validators.lock().unwrap_or_else(PoisonError::into_inner);
                if let Some(v) = cache.get(&schema) {
                    Arc::clone(v)
                } else {
                    let parsed: Value = serde_json::from_str(&schema).map_err(|e| throw(&e.to_string()))?;
                    let mut options = jsonschema::options();
                    if parsed.get("$schema").is_none() {
                        options = options.with_draft(jsonschema::Draft::Draft7);
                    }
                    let built = Arc::new(options.build(&parsed).map_err(|e| throw(&format!("invalid schema: {e}")))?);
                    cache.insert(schema, Arc::clone(&built));
                    built
                }
            };
            let Some(value) = value else { return Ok(false) };
            let value: Value = serde_json::from_str(&value).map_err(|e| throw(&e.to_string()))?;
            Ok(validator.is_valid(&value))
        })?,
    )?;
    globals.set(
        "__conform_resolve",
        Function::new(ctx.clone(), move |ctx: Ctx<'_>, from: String, spec: String| -> Result<String> {
            let (path, source) = sandbox.resolve(&from, &spec).map_err(|m| Exception::throw_message(&ctx, &m))?;
            let kind = Kind::of(&path, &source).name();
            Ok(serde_json::json!({ "kind": kind, "path": path.display().to_string(), "source": source }).to_string())
        })?,
    )?;
    Ok(())
}
