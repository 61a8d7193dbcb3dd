/// The core of the interpreter: bytecodes and a way to run them. Bytecodes
/// are contained in functions, which together are composed into a program.
mod cancel;
pub mod instruction;
mod interpret;
mod program;
mod runnable;
mod state;

pub use cancel::{cancelled_error, set_cancel_flag, CANCELLED_NS};
pub use interpret::Interpreter;
pub use program::{FunctionInfo, Program};
pub use runnable::Runnable;
