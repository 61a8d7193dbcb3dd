//! Reading both sides of a diff: a file or `git:REV:path`, JSON or YAML, and every file its
//! relative `$ref`s name (confined to the description's folder tree; never the network).

use std::path::{Component, Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use conform_diagnostics::{LineIndex, Location, Span, percent_decode};
use conform_formats::yaml::{self, YamlLimits};
use conform_formats::{Limits, SpanIndex, json, text};
use serde_json::Value;

/// Most files one description may pull in through `$ref`s.
const MAX_FILES: usize = 256;
/// Most `$ref` hops followed for one reference (longer chains are cycles).
pub const MAX_REF_HOPS: usize = 64;

/// Where a description comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A file on disk.
    File(PathBuf),
    /// `git:REV:path`: a file of a git revision, read with the system's `git show`.
    Git {
        /// The revision (`origin/main`, a tag, a commit).
        rev: String,
        /// The file's path in the revision, from the repository root.
        path: String,
    },
}

impl Source {
    /// Reads a command-line argument: `git:REV:path`, or a file path.
    #[must_use]
    pub fn parse(arg: &str) -> Self {
        if let Some(rest) = arg.strip_prefix("git:")
            && let Some((rev, path)) = rest.rsplit_once(':')
            && !rev.is_empty()
            && !path.is_empty()
        {
            return Self::Git { rev: rev.to_owned(), path: path.trim_start_matches("./").to_owned() };
        }
        Self::File(PathBuf::from(arg))
    }

    /// The name findings carry for the root file.
    fn display(&self) -> String {
        match self {
            Self::File(path) => path.display().to_string(),
            Self::Git { rev, path } => format!("{rev}:{path}"),
        }
    }
}

/// Why a side of the diff cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file cannot be read.
    #[error("cannot read `{name}`: {reason}")]
    Read {
        /// The file.
        name: String,
        /// Why.
        reason: String,
    },
    /// The file is not well-formed JSON or YAML.
    #[error("{name}:{line}:{column}: {message}")]
    Syntax {
        /// The file.
        name: String,
        /// 1-based line.
        line: u32,
        /// 1-based column.
        column: u32,
        /// What is wrong.
        message: String,
    },
    /// The description is not an OpenAPI description, or a `$ref` cannot be followed.
    #[error("{name}{at}: {message}", at = at.map_or_else(String::new, |(l, c)| format!(":{l}:{c}")))]
    Invalid {
        /// The file.
        name: String,
        /// Line and column, when known.
        at: Option<(u32, u32)>,
        /// What is wrong.
        message: String,
    },
}

/// One file of a description, with positions.
pub struct File {
    /// The name findings carry (as given, or relative to the root file's folder).
    pub name: Arc<str>,
    /// The file's path relative to the root file's folder (`None` for the root itself:
    /// its own name).
    rel: PathBuf,
    /// The parsed value.
    pub value: Value,
    spans: Option<SpanIndex>,
    text: Vec<u8>,
    offset: usize,
    lines: LineIndex,
}

impl File {
    /// The file's text (after any byte order mark) and that text's offset in the file.
    #[must_use]
    pub fn text(&self) -> (&[u8], usize) {
        (&self.text, self.offset)
    }

    /// The location of the node at `pointer`: from its key (when it is a member) to the
    /// end of its value's last token, like oasdiff's origins.
    #[must_use]
    pub fn locate(&self, pointer: &str) -> Option<(Span, Location)> {
        let node = match &self.spans {
            Some(spans) => spans.nearest(pointer),
            None => SpanIndex::from_json_for(&self.text, [pointer]).nearest(pointer),
        }?;
        let start = node.key.map_or(node.value.start, |k| k.start);
        // A block value ends at its last token, as oasdiff's origins end, not at the line
        // break and indentation before the next member.
        let mut end = node.value.end.max(start).min(self.text.len());
        while end > start && self.text[end - 1].is_ascii_whitespace() {
            end -= 1;
        }
        let span = Span::new(start, end).shifted(self.offset);
        Some((span, self.lines.location(&self.text, span)))
    }
}

/// A description: its root file (index 0) and the files its `$ref`s reach.
pub struct Spec {
    /// The files; 0 is the root.
    pub files: Vec<File>,
    source: Source,
}

/// A reference to a node: a file and a JSON pointer in it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct At {
    /// Index into [`Spec::files`].
    pub file: usize,
    /// RFC 6901 pointer.
    pub pointer: String,
}

impl Spec {
    /// Reads a description and every file its relative `$ref`s name.
    pub fn load(source: &Source) -> Result<Self, LoadError> {
        let root_bytes = read(source, None)?;
        let name = source.display();
        let root = parse_file(Arc::from(name.as_str()), PathBuf::new(), &root_bytes)?;
        check_openapi(&root)?;
        let mut spec = Self { files: vec![root], source: source.clone() };
        let mut next = 0;
        while next < spec.files.len() {
            let refs = collect_refs(&spec.files[next].value);
            for reference in refs {
                let (file_part, _) = split_ref(&reference);
                if file_part.is_empty() {
                    continue;
                }
                spec.file_index(next, file_part)?;
            }
            next += 1;
        }
        spec.check_refs()?;
        crate::shape::check(&spec)?;
        Ok(spec)
    }

    /// The index of the file `reference` (relative to file `from`) names, read on first use.
    fn file_index(&mut self, from: usize, reference: &str) -> Result<usize, LoadError> {
        let from_name = self.files[from].name.to_string();
        let invalid = |message: String| LoadError::Invalid { name: from_name.clone(), at: None, message };
        if reference.contains("://") {
            return Err(invalid(format!("`$ref: {reference}` names a remote document; only local files are read")));
        }
        let decoded = percent_decode(reference);
        let base = self.files[from].rel.parent().map(Path::to_path_buf).unwrap_or_default();
        let rel = confine(&base.join(&decoded))
            .ok_or_else(|| invalid(format!("`$ref: {reference}` leaves the description's folder")))?;
        if let Some(index) = self.files.iter().position(|f| f.rel == rel && !f.rel.as_os_str().is_empty()) {
            return Ok(index);
        }
        if self.files.len() >= MAX_FILES {
            return Err(invalid(format!("more than {MAX_FILES} files are referenced")));
        }
        let bytes = read(&self.source, Some(&rel))?;
        let name = match &self.source {
            Source::File(root) => root.parent().unwrap_or(Path::new("")).join(&rel).display().to_string(),
            Source::Git { rev, path } => {
                let dir = Path::new(path).parent().unwrap_or(Path::new(""));
                format!("{rev}:{}", dir.join(&rel).display())
            }
        };
        let file = parse_file(Arc::from(name.as_str()), rel, &bytes)?;
        self.files.push(file);
        Ok(self.files.len() - 1)
    }

    /// The node at `at`.
    #[must_use]
    pub fn get(&self, at: &At) -> Option<&Value> {
        self.files.get(at.file)?.value.pointer(&at.pointer)
    }

    /// Follows `value` (found in file `file`) through its `$ref` chain: the node it stands
    /// for and where that is. A value that is no reference stands for itself (at `here`).
    /// A reference that does not resolve, or a chain that loops, gives `None`.
    #[must_use]
    pub fn resolve<'a>(&'a self, here: At, value: &'a Value) -> Option<(At, &'a Value)> {
        let mut at = here;
        let mut current = value;
        for _ in 0..MAX_REF_HOPS {
            let Some(reference) = ref_of(current) else { return Some((at, current)) };
            at = self.target(at.file, reference)?;
            current = self.get(&at)?;
        }
        None
    }

    /// Where `reference`, written in file `file`, points.
    fn target(&self, file: usize, reference: &str) -> Option<At> {
        let (file_part, fragment) = split_ref(reference);
        let file = if file_part.is_empty() {
            file
        } else {
            let base = self.files[file].rel.parent().map(Path::to_path_buf).unwrap_or_default();
            let rel = confine(&base.join(percent_decode(file_part)))?;
            self.files.iter().position(|f| f.rel == rel && !f.rel.as_os_str().is_empty())?
        };
        Some(At { file, pointer: percent_decode(fragment) })
    }

    /// Checks that every `$ref` of every file resolves (fail closed: a dangling reference
    /// would hide whatever it stands for).
    fn check_refs(&self) -> Result<(), LoadError> {
        for (index, file) in self.files.iter().enumerate() {
            let mut bad = None;
            walk_refs(&file.value, &mut String::new(), 0, &mut |pointer, reference| {
                if bad.is_none() && self.target(index, reference).and_then(|at| self.get(&at)).is_none() {
                    bad = Some((pointer.to_owned(), reference.to_owned()));
                }
            });
            if let Some((pointer, reference)) = bad {
                let at = file.locate(&pointer).map(|(_, l)| (l.start.line, l.start.column));
                return Err(LoadError::Invalid {
                    name: file.name.to_string(),
                    at,
                    message: format!("`$ref: {reference}` does not resolve"),
                });
            }
        }
        Ok(())
    }
}

/// The `$ref` string of a reference object.
#[must_use]
pub fn ref_of(value: &Value) -> Option<&str> {
    value.as_object()?.get("$ref")?.as_str()
}

/// `file#fragment` → (`file`, `fragment`).
fn split_ref(reference: &str) -> (&str, &str) {
    reference.split_once('#').unwrap_or((reference, ""))
}

/// Normalises a relative path lexically; `None` when it climbs above its root or is absolute.
fn confine(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => out.push(part),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

/// Every `$ref` string of a value, except under examples and extensions (free-form data).
fn collect_refs(value: &Value) -> Vec<String> {
    let mut refs = Vec::new();
    walk_refs(value, &mut String::new(), 0, &mut |_, r| refs.push(r.to_owned()));
    refs
}

fn walk_refs(value: &Value, pointer: &mut String, depth: usize, found: &mut dyn FnMut(&str, &str)) {
    if depth > 512 {
        return;
    }
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                let at = pointer.len();
                pointer.push_str("/$ref");
                found(pointer, reference);
                pointer.truncate(at);
            }
            for (key, child) in map {
                if key == "example" || key == "examples" || key.starts_with("x-") || key == "$ref" {
                    continue;
                }
                let at = pointer.len();
                pointer.push('/');
                pointer.push_str(&conform_diagnostics::escape_pointer_token(key));
                walk_refs(child, pointer, depth + 1, found);
                pointer.truncate(at);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                let at = pointer.len();
                pointer.push('/');
                pointer.push_str(&i.to_string());
                walk_refs(child, pointer, depth + 1, found);
                pointer.truncate(at);
            }
        }
        _ => {}
    }
}

/// Reads the root file (`rel` = `None`) or a file relative to the root file's folder.
fn read(source: &Source, rel: Option<&Path>) -> Result<Vec<u8>, LoadError> {
    let limit = Limits::default().max_document_bytes;
    match source {
        Source::File(root) => {
            let path = match rel {
                None => root.clone(),
                Some(rel) => {
                    let dir = root.parent().unwrap_or(Path::new("")).join("");
                    let path = dir.join(rel);
                    // A symbolic link must not lead out of the folder either.
                    let inside = match (
                        std::fs::canonicalize(&path),
                        std::fs::canonicalize(if dir.as_os_str().is_empty() { Path::new(".") } else { &dir }),
                    ) {
                        (Ok(file), Ok(dir)) => file.starts_with(dir),
                        _ => true,
                    };
                    if !inside {
                        return Err(LoadError::Read {
                            name: path.display().to_string(),
                            reason: "it lies outside the description's folder".to_owned(),
                        });
                    }
                    path
                }
            };
            let read_error =
                |e: std::io::Error| LoadError::Read { name: path.display().to_string(), reason: e.to_string() };
            let meta = std::fs::metadata(&path).map_err(read_error)?;
            if meta.len() > limit {
                return Err(LoadError::Read {
                    name: path.display().to_string(),
                    reason: format!("larger than the {} MiB limit", limit / (1024 * 1024)),
                });
            }
            std::fs::read(&path).map_err(read_error)
        }
        Source::Git { rev, path } => {
            let full = match rel {
                None => PathBuf::from(path),
                Some(rel) => Path::new(path).parent().unwrap_or(Path::new("")).join(rel),
            };
            let spec = format!("{rev}:{}", full.display());
            let name = spec.clone();
            if rev.starts_with('-') {
                return Err(LoadError::Read { name, reason: "a revision cannot start with `-`".to_owned() });
            }
            let output = Command::new("git")
                .args(["--no-pager", "show", "--no-textconv", &spec])
                .env("GIT_TERMINAL_PROMPT", "0")
                .output()
                .map_err(|e| LoadError::Read { name: name.clone(), reason: format!("cannot run git: {e}") })?;
            if !output.status.success() {
                let reason = String::from_utf8_lossy(&output.stderr).trim().to_owned();
                return Err(LoadError::Read { name, reason: format!("`git show` failed: {reason}") });
            }
            if output.stdout.len() as u64 > limit {
                return Err(LoadError::Read {
                    name,
                    reason: format!("larger than the {} MiB limit", limit / (1024 * 1024)),
                });
            }
            Ok(output.stdout)
        }
    }
}

/// Parses JSON (a body that starts with `{` or `[`) or YAML.
fn parse_file(name: Arc<str>, rel: PathBuf, bytes: &[u8]) -> Result<File, LoadError> {
    let (body, offset) = text::strip_bom(bytes);
    let lines = LineIndex::for_window(body, 1, offset);
    let first = body.iter().find(|b| !b.is_ascii_whitespace());
    let parsed = if matches!(first, Some(b'{' | b'[')) {
        json::parse(body).map(|value| (value, None))
    } else {
        yaml::parse(body, YamlLimits::default()).map(|doc| (doc.value, Some(doc.spans)))
    };
    match parsed {
        Ok((value, spans)) => Ok(File { name, rel, value, spans, text: body.to_vec(), offset, lines }),
        Err(err) => {
            let at = lines.line_col(body, err.span.start + offset);
            Err(LoadError::Syntax { name: name.to_string(), line: at.line, column: at.column, message: err.message })
        }
    }
}

/// The root must be an OpenAPI 3.x description (Swagger 2.0 is refused with advice).
fn check_openapi(file: &File) -> Result<(), LoadError> {
    let invalid =
        |message: &str| LoadError::Invalid { name: file.name.to_string(), at: None, message: message.to_owned() };
    let Some(map) = file.value.as_object() else {
        return Err(invalid("not an OpenAPI description: the document is not an object"));
    };
    match map.get("openapi").and_then(Value::as_str) {
        Some(version) if version.starts_with("3.") => {}
        Some(version) => {
            return Err(invalid(&format!("OpenAPI version `{version}` is not supported (3.0 and 3.1 are)")));
        }
        None if map.contains_key("swagger") => {
            return Err(invalid(
                "Swagger 2.0 is not compared (docs/diff.md says why): convert both versions to OpenAPI 3 \
                 with the same converter (e.g. `swagger2openapi`), then compare the converted files",
            ));
        }
        None => return Err(invalid("not an OpenAPI description: no `openapi` field")),
    }
    if let Some(paths) = map.get("paths")
        && !paths.is_object()
    {
        return Err(invalid("`paths` is not an object"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn git_sources() {
        assert_eq!(
            Source::parse("git:origin/main:api/openapi.yaml"),
            Source::Git { rev: "origin/main".into(), path: "api/openapi.yaml".into() }
        );
        assert_eq!(Source::parse("openapi.yaml"), Source::File("openapi.yaml".into()));
    }

    #[test]
    fn confines_paths() {
        assert_eq!(confine(Path::new("a/../b.yaml")), Some(PathBuf::from("b.yaml")));
        assert_eq!(confine(Path::new("../b.yaml")), None);
        assert_eq!(confine(Path::new("/etc/passwd")), None);
    }
}
