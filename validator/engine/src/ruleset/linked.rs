//! Multi-file descriptions: the files a description names in relative `$ref`s (YAML or JSON,
//! with or without a `#/pointer`), read once each and followed as Spectral follows them.
//!
//! Each referenced file keeps its own text and positions. A path into it starts with a marker
//! segment (`"\0"` and the file's number), so the rules' resolved view walks into it like into
//! the description itself and a finding there is placed in that file. References inside a
//! referenced file are rewritten, when it is read, to pointers in that marked space
//! (`#/\u{0}3/Pet`), or to plain local pointers when they point back into the description;
//! the description's own references are never rewritten (rules that do not resolve see it as
//! written). Files outside the description's folder, URLs and standard input are never read:
//! such a reference is an `invalid-ref` finding, as a file that does not exist is.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use conform_diagnostics::{Location, Span, percent_decode};
use conform_formats::Format;
use serde_json::Value;

use super::document::{Document, Seg, for_each_container, owned_path, parse_pointer, pointer};
use crate::Input;
use crate::check::Origin;

/// Most files one description may reference (directly or through other files).
const MAX_FILES: usize = 10_000;

/// Largest referenced file read, in bytes.
const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The rule of Spectral's findings on references that cannot be followed.
pub const INVALID_REF: &str = "invalid-ref";

/// The files a description references, and what could not be followed.
#[derive(Default)]
pub struct Linked {
    files: Vec<File>,
    /// The description's own references to other files, with the pointer each stands for.
    root_refs: HashMap<String, String>,
    /// References that cannot be followed, and referenced files that do not parse.
    pub problems: Vec<Problem>,
}

/// One referenced file.
struct File {
    name: Arc<String>,
    mark: String,
    doc: Document,
}

/// A finding of the loader, already placed.
pub struct Problem {
    /// `invalid-ref` or `parser`.
    pub rule: &'static str,
    /// The file it is in (`None`: the description).
    pub file: Option<Arc<String>>,
    /// Where.
    pub span: Span,
    /// Line and column.
    pub location: Location,
    /// The JSON pointer shown with it.
    pub pointer: String,
    /// What is wrong.
    pub message: String,
}

/// The marker segment of file `index`.
fn mark(index: usize) -> String {
    format!("\u{0}{index}")
}

/// The file a marked path is in, and the rest of the path.
fn split(path: &[Seg]) -> Option<(usize, &[Seg])> {
    match path.first() {
        Some(Seg::Key(k)) if k.starts_with('\u{0}') => Some((k[1..].parse().ok()?, &path[1..])),
        _ => None,
    }
}

/// Where a finding goes: its file (`None`: the description), span, location and pointer.
pub struct Placed {
    /// The file.
    pub file: Option<Arc<String>>,
    /// Byte span in that file.
    pub span: Span,
    /// Line and column in that file.
    pub location: Location,
    /// JSON pointer in that file.
    pub pointer: String,
}

impl Linked {
    /// The referenced file a marked path is in, and the rest of the path.
    pub(super) fn resolve<'p>(&self, path: &'p [Seg]) -> Option<(&Document, &'p [Seg])> {
        let (index, rest) = split(path)?;
        Some((&self.files.get(index)?.doc, rest))
    }

    /// The marker string and value of the file a marker segment names.
    pub(super) fn root_of(&self, seg: &Seg) -> Option<(&str, &Value)> {
        let (index, _) = split(std::slice::from_ref(seg))?;
        let file = self.files.get(index)?;
        Some((file.mark.as_str(), &file.doc.value))
    }

    /// The pointer a reference of the description to another file stands for.
    pub(super) fn target(&self, reference: &str) -> Option<&str> {
        self.root_refs.get(reference).map(String::as_str)
    }

    /// The values of the referenced files.
    pub(super) fn values(&self) -> impl Iterator<Item = &Value> {
        self.files.iter().map(|f| &f.doc.value)
    }

    /// The marker segment and value of each referenced file, in the order they were read.
    pub(super) fn roots(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.files.iter().map(|f| (f.mark.as_str(), &f.doc.value))
    }
}

impl Document {
    /// The JSON pointer of `path` in the file it is in.
    #[must_use]
    pub fn shown_pointer(&self, path: &[Seg]) -> String {
        pointer(split(path).map_or(path, |(_, rest)| rest))
    }

    /// Where a finding at `path` (at its key: `at_key`) is reported.
    #[must_use]
    pub fn place(&self, path: &[Seg], at_key: bool) -> Placed {
        if let Some((index, rest)) = split(path)
            && let Some(file) = self.linked.files.get(index)
        {
            let mut placed = file.doc.place(rest, at_key);
            placed.file = Some(Arc::clone(&file.name));
            return placed;
        }
        let span = if at_key { self.key_span_of(path) } else { self.span_of(path) };
        let (span, location) = self.locate(span);
        Placed { file: None, span, location, pointer: pointer(path) }
    }

    /// Spectral's `parser` findings of the description and of the files it references
    /// (duplicate and non-string keys), at marked paths for the latter.
    #[must_use]
    pub fn syntax_problems(&self) -> Vec<(Vec<Seg>, String)> {
        let mut out = self.problems.clone();
        for file in &self.linked.files {
            for (path, message) in &file.doc.problems {
                let mut at = vec![Seg::Key(file.mark.clone())];
                at.extend(path.iter().cloned());
                out.push((at, message.clone()));
            }
        }
        out
    }

    /// Reads the files `input` references (relative to its folder), each once.
    pub fn read_references(&mut self, input: &Input) {
        let mut loader = Loader {
            root: None,
            base: None,
            display: PathBuf::new(),
            known: HashMap::new(),
            dirs: Vec::new(),
            reported: std::collections::HashSet::new(),
        };
        if let Origin::Path(path) = &input.origin
            && let Ok(root) = path.canonicalize()
        {
            loader.base = root.parent().map(Path::to_path_buf);
            loader.root = Some(root);
            loader.display = Path::new(&*input.name).parent().map(Path::to_path_buf).unwrap_or_default();
        }
        if self.references_resolve() {
            return;
        }
        let refs = collect(&self.value);
        let mut linked = Linked::default();
        let mut work = Vec::new();
        for (at, reference) in refs {
            if let Some(target) = loader.follow(self, &mut linked, &mut work, None, &at, &reference) {
                linked.root_refs.insert(reference, target);
            }
        }
        // Referenced files, breadth first: their references rewritten to marked pointers.
        let mut next = 0;
        while next < work.len() {
            let index = work[next];
            next += 1;
            let mut rewrites = Vec::new();
            for (at, reference) in collect(&linked.files[index].doc.value) {
                if let Some(target) = loader.follow(self, &mut linked, &mut work, Some(index), &at, &reference) {
                    rewrites.push((at, target));
                }
            }
            for (at, target) in rewrites {
                if let Some(Value::Object(map)) = get_mut(&mut linked.files[index].doc.value, &at) {
                    map.insert("$ref".to_owned(), Value::String(target));
                }
            }
        }
        self.linked = linked;
    }
}

impl Document {
    /// Whether every `$ref` of the description is local and resolves (nothing to read or
    /// report: the common case, checked without building paths).
    fn references_resolve(&self) -> bool {
        let mut stack = vec![&self.value];
        while let Some(value) = stack.pop() {
            match value {
                Value::Object(map) => {
                    if let Some(Value::String(reference)) = map.get("$ref")
                        && parse_pointer(reference).is_none_or(|p| self.get(&p).is_none())
                    {
                        return false;
                    }
                    stack.extend(map.values());
                }
                Value::Array(items) => stack.extend(items),
                _ => {}
            }
        }
        true
    }
}

/// Every `$ref` string of a value: the path of its object and the reference.
fn collect(value: &Value) -> Vec<(Vec<Seg>, String)> {
    let mut out = Vec::new();
    for_each_container(value, |value, path| {
        if let Value::Object(map) = value
            && let Some(Value::String(reference)) = map.get("$ref")
        {
            out.push((owned_path(path), reference.clone()));
        }
    });
    out
}

fn get_mut<'a>(value: &'a mut Value, path: &[Seg]) -> Option<&'a mut Value> {
    let mut current = value;
    for seg in path {
        current = match (current, seg) {
            (Value::Object(map), Seg::Key(k)) => map.get_mut(k)?,
            (Value::Array(items), Seg::Index(i)) => items.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(current)
}

/// Whether a reference names a URL (`https://...`, `//host/...`, `urn:...`), not a file.
fn is_url(reference: &str) -> bool {
    if reference.starts_with("//") {
        return true;
    }
    reference.split_once(':').is_some_and(|(scheme, _)| {
        scheme.len() > 1
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    })
}

struct Loader {
    /// The description, canonical.
    root: Option<PathBuf>,
    /// Its folder: nothing outside it is read.
    base: Option<PathBuf>,
    /// Its folder as its name shows it.
    display: PathBuf,
    /// Files read, by canonical path (`usize::MAX`: it does not parse).
    known: HashMap<PathBuf, usize>,
    /// The folder of each file read.
    dirs: Vec<PathBuf>,
    /// URLs and missing files already reported (Spectral reports each once, where it is first
    /// referenced).
    reported: std::collections::HashSet<PathBuf>,
}

impl Loader {
    /// The pointer reference `reference` (of the object at `at` in file `from`; `None`: the
    /// description) stands for, reading its file if needed; `None` (and a problem) when it
    /// cannot be followed. Local references of the description are left as they are.
    fn follow(
        &mut self,
        root: &Document,
        linked: &mut Linked,
        work: &mut Vec<usize>,
        from: Option<usize>,
        at: &[Seg],
        reference: &str,
    ) -> Option<String> {
        let mut ref_at = at.to_vec();
        ref_at.push(Seg::Key("$ref".to_owned()));
        let (file, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let fragment = format!("#{fragment}");
        if file.is_empty() {
            let exists = match from {
                None => root.get(&parse_pointer(&fragment)?).is_some(),
                Some(index) => parse_pointer(&fragment).is_some_and(|p| linked.files[index].doc.get(&p).is_some()),
            };
            if !exists {
                Self::problem(root, linked, from, &ref_at, format!("'{fragment}' does not exist"));
                return None;
            }
            return from.map(|index| marked(index, &fragment));
        }
        if is_url(reference) {
            if !self.reported.insert(PathBuf::from(file)) {
                return None;
            }
            let message = format!("'{reference}' is a remote reference: conform never fetches it");
            Self::problem(root, linked, from, &ref_at, message);
            return None;
        }
        let Some(base) = self.base.clone() else {
            let message = format!("'{reference}' cannot be followed: the description was read from standard input");
            Self::problem(root, linked, from, &ref_at, message);
            return None;
        };
        let dir = match from {
            None => base.clone(),
            Some(index) => self.dirs.get(index)?.clone(),
        };
        let relative = percent_decode(file);
        let wanted = dir.join(&relative);
        let display = self.display_of(&base, &wanted);
        let Ok(canonical) = wanted.canonicalize() else {
            if !self.reported.insert(wanted) {
                return None;
            }
            let message = format!("ENOENT: no such file or directory, open '{}'", display.display());
            Self::problem(root, linked, from, &ref_at, message);
            return None;
        };
        if !canonical.starts_with(&base) {
            let message = format!("'{reference}' is outside the description's folder: conform does not read it");
            Self::problem(root, linked, from, &ref_at, message);
            return None;
        }
        let target = if Some(&canonical) == self.root.as_ref() {
            None
        } else {
            Some(self.read(root, linked, work, from, &ref_at, canonical, &base)?)
        };
        let exists = parse_pointer(&fragment).is_some_and(|p| match target {
            None => root.get(&p).is_some(),
            Some(index) => linked.files[index].doc.get(&p).is_some(),
        });
        if !exists {
            let mut shown = parse_pointer(&fragment).unwrap_or_default();
            shown.push(Seg::Key("$ref".to_owned()));
            let message = format!("'{fragment}' does not exist @ '{}'", display.display());
            let (file, span, location) = Self::start_of(root, linked, from);
            linked.problems.push(Problem {
                rule: INVALID_REF,
                file,
                span,
                location,
                pointer: pointer(&shown),
                message,
            });
            return None;
        }
        Some(match target {
            None => fragment,
            Some(index) => marked(index, &fragment),
        })
    }

    /// Reads and parses a referenced file once; its number.
    #[expect(clippy::too_many_arguments, reason = "the loader state and the reference being followed")]
    fn read(
        &mut self,
        root: &Document,
        linked: &mut Linked,
        work: &mut Vec<usize>,
        from: Option<usize>,
        ref_at: &[Seg],
        canonical: PathBuf,
        base: &Path,
    ) -> Option<usize> {
        if let Some(&index) = self.known.get(&canonical) {
            return (index != usize::MAX).then_some(index);
        }
        if linked.files.len() >= MAX_FILES {
            let message = format!("more than {MAX_FILES} referenced files: the rest are not read");
            Self::problem(root, linked, from, ref_at, message);
            return None;
        }
        let display = self.display_of(base, &canonical);
        let name = Arc::new(display.to_string_lossy().into_owned());
        if !canonical.is_file() {
            // A folder, a device or a pipe (which could block the run) is never read.
            let message = format!("{}: not a regular file, not read", display.display());
            Self::problem(root, linked, from, ref_at, message);
            return None;
        }
        let input = Input::file(canonical.clone());
        let bytes = match input.read_all(MAX_FILE_BYTES) {
            Ok(bytes) => bytes,
            Err(err) => {
                Self::problem(root, linked, from, ref_at, format!("{}: {err}", display.display()));
                return None;
            }
        };
        let format = if canonical.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")) {
            Format::Json
        } else {
            Format::Yaml
        };
        let doc = match Document::parse(&bytes, format) {
            Ok(doc) => doc,
            Err((err, offset)) => {
                let span = Span::empty(err.span.start + offset);
                let location = conform_diagnostics::LineIndex::new(&bytes).location(&bytes, span);
                linked.problems.push(Problem {
                    rule: super::PARSER,
                    file: Some(name),
                    span,
                    location,
                    pointer: String::new(),
                    message: err.message,
                });
                // Known, so it is reported once; references to it lead nowhere.
                self.known.insert(canonical, usize::MAX);
                return None;
            }
        };
        let index = linked.files.len();
        self.dirs.push(canonical.parent().map(Path::to_path_buf).unwrap_or_default());
        self.known.insert(canonical, index);
        linked.files.push(File { name, mark: mark(index), doc });
        work.push(index);
        Some(index)
    }

    /// A path under the description's folder as the description's name shows that folder.
    fn display_of(&self, base: &Path, path: &Path) -> PathBuf {
        let relative = path.strip_prefix(base).map_or_else(|_| path.to_path_buf(), Path::to_path_buf);
        let mut out = self.display.clone();
        for part in relative.components() {
            match part {
                std::path::Component::ParentDir => {
                    out.pop();
                }
                std::path::Component::CurDir => {}
                other => out.push(other),
            }
        }
        out
    }

    /// The start of a file (where Spectral places `invalid-ref` findings of referenced files).
    fn start_of(root: &Document, linked: &Linked, from: Option<usize>) -> (Option<Arc<String>>, Span, Location) {
        let (file, doc) = match from {
            None => (None, root),
            Some(index) => (Some(Arc::clone(&linked.files[index].name)), &linked.files[index].doc),
        };
        let (span, location) = doc.locate(Span::empty(0));
        (file, span, location)
    }

    /// An `invalid-ref` finding for the reference at `ref_at` of file `from`: at the reference
    /// in the description, at the start of a referenced file (as Spectral places them).
    fn problem(root: &Document, linked: &mut Linked, from: Option<usize>, ref_at: &[Seg], message: String) {
        let (file, span, location) = match from {
            None => {
                let (span, location) = root.locate(root.span_of(ref_at));
                (None, span, location)
            }
            Some(_) => Self::start_of(root, linked, from),
        };
        linked.problems.push(Problem { rule: INVALID_REF, file, span, location, pointer: pointer(ref_at), message });
    }
}

/// `#/pointer` in file `index` as a pointer of the marked space.
fn marked(index: usize, fragment: &str) -> String {
    let rest = fragment.trim_start_matches('#');
    let rest = if rest == "/" { "" } else { rest };
    format!("#/{}{rest}", mark(index))
}
