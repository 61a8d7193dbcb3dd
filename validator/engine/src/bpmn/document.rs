//! Reading an input into a [`Model`] once per file, however many rules run on it.

use std::cell::RefCell;
use std::io;
use std::sync::Arc;

use conform_diagnostics::{Finding, Locator};
use conform_formats::Limits;
use conform_formats::xml::Positions;

use super::model::Model;
use crate::check::Origin;
use crate::{Input, SyntaxFailure};

/// A parsed model with the bytes and positions its findings are located in.
pub struct Document {
    /// The model.
    pub model: Model,
    /// The input's bytes.
    pub bytes: Vec<u8>,
    /// Line/column resolution for `bytes`.
    pub positions: Positions,
}

impl Document {
    /// Reads `bytes` into a document, or a located syntax finding.
    #[expect(
        clippy::result_large_err,
        reason = "a Finding is 128 bytes (it may carry a Schematron sub-rule); a document fails to parse once, off the hot path"
    )]
    pub fn parse(bytes: Vec<u8>) -> Result<Self, Finding> {
        match Model::parse(&bytes) {
            Ok((model, positions)) => Ok(Self { model, bytes, positions }),
            Err(err) => {
                let positions = Positions::new(&bytes, conform_formats::xml::TextEncoding::Utf8);
                let mut finding = Finding::new(err.span, Locator::None, err.message);
                finding.location = Some(positions.location(&bytes, err.span));
                Err(finding)
            }
        }
    }

    /// A finding at element `index`'s start tag.
    #[must_use]
    pub fn finding(&self, index: usize, message: String) -> Finding {
        let span = self.model.get(index).span;
        let mut finding = Finding::new(span, Locator::Path(self.model.path(index)), message);
        finding.location = Some(self.positions.location(&self.bytes, span));
        finding
    }
}

type Key = (usize, Arc<str>, Option<(u64, Option<std::time::SystemTime>)>);

/// A parsed document, or the syntax finding that stopped it.
type Parsed = Arc<Result<Document, Finding>>;

thread_local! {
    /// The last input read on this thread: every rule of a run reads the same input in
    /// turn on one thread, so one parse serves them all.
    static LAST: RefCell<Option<(Key, Parsed)>> = const { RefCell::new(None) };
}

fn key(input: &Input) -> Key {
    let origin = match &input.origin {
        Origin::Path(path) => std::fs::metadata(path).ok().map(|m| (m.len(), m.modified().ok())),
        Origin::Bytes(bytes) => Some((bytes.len() as u64, None)),
    };
    (Arc::as_ptr(&input.name).cast::<u8>() as usize, Arc::clone(&input.name), origin)
}

/// The document of `input`, parsed once per thread and input. A syntax error comes back as
/// an `io::Error` carrying a [`SyntaxFailure`].
fn load(input: &Input) -> io::Result<Parsed> {
    let key = key(input);
    let cached = LAST.with_borrow(|last| last.as_ref().filter(|(k, _)| *k == key).map(|(_, doc)| Arc::clone(doc)));
    if let Some(doc) = cached {
        return Ok(doc);
    }
    let bytes = input.read_all(Limits::default().max_document_bytes)?;
    let doc = Arc::new(Document::parse(bytes));
    LAST.with_borrow_mut(|last| *last = Some((key, Arc::clone(&doc))));
    Ok(doc)
}

/// The document of `input`, or the syntax failure that stops every rule.
pub fn with_document<T>(input: &Input, f: impl FnOnce(&Document) -> T) -> io::Result<T> {
    let doc = load(input)?;
    match &*doc {
        Ok(doc) => Ok(f(doc)),
        Err(finding) => Err(SyntaxFailure(finding.clone()).into_io()),
    }
}
