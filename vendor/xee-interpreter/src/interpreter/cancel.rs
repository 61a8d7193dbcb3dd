//! Cancellation of a running evaluation (added by conform, see vendor/README.md).
//!
//! A thread that evaluates expressions can register a flag with [`set_cancel_flag`]; once
//! the flag is set (from any thread), every evaluation running or started on that thread
//! stops within a few thousand instructions with [`cancelled_error`].

use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use crate::error;

thread_local! {
    static CANCEL: RefCell<Option<Arc<AtomicBool>>> = const { RefCell::new(None) };
}

/// How many instructions run between two looks at the flag.
pub(crate) const CHECK_EVERY: u32 = 4096;

/// Registers `flag` for the evaluations of the calling thread (`None`: none can be
/// cancelled).
pub fn set_cancel_flag(flag: Option<Arc<AtomicBool>>) {
    CANCEL.with(|cancel| *cancel.borrow_mut() = flag);
}

/// Whether the flag registered for the calling thread is set.
pub(crate) fn cancelled() -> bool {
    CANCEL.with(|cancel| cancel.borrow().as_ref().is_some_and(|f| f.load(Ordering::Relaxed)))
}

/// The error a cancelled evaluation ends with: an application error
/// `{urn:conform:xee}cancelled`.
pub fn cancelled_error() -> error::Error {
    error::Error::Application(Box::new(error::ApplicationError::new(
        xot::xmlname::OwnedName::new("cancelled".to_string(), CANCELLED_NS.to_string(), String::new()),
        "the evaluation was cancelled".to_string(),
    )))
}

/// The namespace of [`cancelled_error`]'s name.
pub const CANCELLED_NS: &str = "urn:conform:xee";
