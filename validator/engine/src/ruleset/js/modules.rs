//! The files a ruleset's JavaScript may load: its own `.js`/`.mjs`/`.cjs`/`.json` files under
//! the folders the engine opened (the ruleset's folder), read while the ruleset loads and never
//! after; Spectral's packages come from the prelude. Nothing else (`fs`, `http`, other npm
//! packages) exists in the sandbox.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use rquickjs::loader::{ImportAttributes, Loader, Resolver};
use rquickjs::module::Declared;
use rquickjs::{Ctx, Error, Module, Result};

/// Spectral's packages the prelude provides, with the names they export.
pub const BUILTINS: &[(&str, &[&str])] = &[
    (
        "@stoplight/spectral-functions",
        &[
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
        ],
    ),
    ("@stoplight/spectral-core", &["createRulesetFunction"]),
    (
        "@stoplight/spectral-formats",
        &["oas2", "oas3", "oas3_0", "oas3_1", "asyncapi2", "asyncapi3", "asyncApi2", "aas2", "jsonSchema"],
    ),
    ("@stoplight/spectral-rulesets", &["oas", "asyncapi", "arazzo"]),
    ("@stoplight/types", &["DiagnosticSeverity"]),
];

/// How a module file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// CommonJS (`module.exports`, `require`).
    CommonJs,
    /// An ES module (`import`, `export`).
    Esm,
    /// JSON data.
    Json,
}

impl Kind {
    /// The kind of `source` read from `path`.
    #[must_use]
    pub fn of(path: &Path, source: &str) -> Self {
        match path.extension().and_then(|e| e.to_str()) {
            Some("json") => Self::Json,
            Some("mjs") => Self::Esm,
            Some("cjs") => Self::CommonJs,
            _ if is_esm(source) => Self::Esm,
            _ => Self::CommonJs,
        }
    }

    /// Its name in the prelude.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::CommonJs => "cjs",
            Self::Esm => "esm",
            Self::Json => "json",
        }
    }
}

/// Whether a `.js` file is an ES module: a line starting with `import` or `export` (as a
/// bundler decides; `import(` is a dynamic import, allowed in CommonJS too).
fn is_esm(source: &str) -> bool {
    source.lines().any(|line| {
        let line = line.trim_start();
        ["import ", "import{", "export ", "export{"].iter().any(|p| line.starts_with(p))
    })
}

/// The folders a ruleset's code may be read from, open while the ruleset loads.
#[derive(Debug, Default)]
pub struct Sandbox {
    roots: Mutex<Vec<PathBuf>>,
    open: AtomicBool,
}

impl Sandbox {
    /// Lets files under `dir` be read (while the sandbox is open).
    pub fn allow(&self, dir: &Path) {
        if let Ok(dir) = dir.canonicalize() {
            let mut roots = self.roots.lock().unwrap_or_else(PoisonError::into_inner);
            if !roots.contains(&dir) {
                roots.push(dir);
            }
        }
    }

    /// Opens or closes reading.
    pub fn set_open(&self, open: bool) {
        self.open.store(open, Ordering::SeqCst);
    }

    /// The file `spec` names from the module at `from`, and its text; a builtin's name as is.
    pub fn resolve(&self, from: &str, spec: &str) -> std::result::Result<(PathBuf, String), String> {
        if !(spec.starts_with("./") || spec.starts_with("../") || Path::new(spec).is_absolute()) {
            let known: Vec<&str> = BUILTINS.iter().map(|(name, _)| *name).collect();
            return Err(format!(
                "module `{spec}` is not available: conform runs ruleset functions in a sandbox without files, \
                 network, processes or npm packages (available: {})",
                known.join(", ")
            ));
        }
        if !self.open.load(Ordering::SeqCst) {
            return Err(format!("cannot load `{spec}`: modules load with the ruleset, not while it runs"));
        }
        let from = Path::new(from);
        let dir = if from.is_dir() { from } else { from.parent().unwrap_or(from) };
        let base = dir.join(spec);
        let candidates = [
            base.clone(),
            base.with_extension("js"),
            PathBuf::from(format!("{}.js", base.display())),
            PathBuf::from(format!("{}.mjs", base.display())),
            PathBuf::from(format!("{}.cjs", base.display())),
            PathBuf::from(format!("{}.json", base.display())),
            base.join("index.js"),
        ];
        let path = candidates
            .iter()
            .find(|p| p.is_file())
            .ok_or_else(|| format!("cannot find module `{spec}` from `{}`", from.display()))?;
        let path = path.canonicalize().map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
        let allowed = self.roots.lock().unwrap_or_else(PoisonError::into_inner).iter().any(|r| path.starts_with(r));
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !allowed || !matches!(ext, "js" | "mjs" | "cjs" | "json") {
            return Err(format!(
                "module `{spec}` ({}) is outside the ruleset's folder or not JavaScript: the sandbox does not read it",
                path.display()
            ));
        }
        let source = std::fs::read_to_string(&path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
        Ok((path, source))
    }
}

/// The ES module resolver and loader over a [`Sandbox`].
pub struct Modules(pub Arc<Sandbox>);

impl Resolver for Modules {
    fn resolve<'js>(
        &mut self,
        ctx: &Ctx<'js>,
        base: &str,
        name: &str,
        _attributes: Option<ImportAttributes<'js>>,
    ) -> Result<String> {
        if BUILTINS.iter().any(|(b, _)| *b == name) {
            return Ok(name.to_owned());
        }
        match self.0.resolve(base, name) {
            Ok((path, _)) => Ok(path.display().to_string()),
            Err(message) => Err(rquickjs::Exception::throw_message(ctx, &message)),
        }
    }
}

impl Loader for Modules {
    fn load<'js>(
        &mut self,
        ctx: &Ctx<'js>,
        name: &str,
        _attributes: Option<ImportAttributes<'js>>,
    ) -> Result<Module<'js, Declared>> {
        if let Some((builtin, exports)) = BUILTINS.iter().find(|(b, _)| *b == name) {
            let mut source = format!("const m = globalThis.__conform_builtins[{builtin:?}];\nexport default m;\n");
            for export in *exports {
                let _ = writeln!(source, "export const {export} = m.{export};");
            }
            return Module::declare(ctx.clone(), name, source);
        }
        let (path, source) = self.0.resolve("/", name).map_err(|m| rquickjs::Exception::throw_message(ctx, &m))?;
        let source = match Kind::of(&path, &source) {
            Kind::Esm => source,
            Kind::Json => format!("export default {source};"),
            Kind::CommonJs => {
                format!("export default globalThis.__conform.require({:?});", path.display().to_string())
            }
        };
        Module::declare(ctx.clone(), name, source).map_err(|e| match e {
            Error::Exception => e,
            other => rquickjs::Exception::throw_message(ctx, &other.to_string()),
        })
    }
}
