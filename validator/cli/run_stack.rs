//! The stacks a run works on. Schema validators, XML and JSON readers recurse within
//! documented bounds (docs/limits.md), but a validator recursing once per `$ref` hop for each
//! level of the instance multiplies two such bounds: the run's thread and every worker get
//! the same large stack, reserved and touched only as used, so a worker never has less room
//! than the main thread.

use anyhow::Context;

/// The stack of the run's thread and of each worker, in bytes.
const RUN_STACK: usize = 256 << 20;

/// Starts the worker pool (`jobs` threads, all cores when `None`) and runs `work` on a
/// thread of its own, every one of them with [`RUN_STACK`] bytes of stack.
pub fn run<T: Send>(jobs: Option<usize>, work: impl FnOnce() -> anyhow::Result<T> + Send) -> anyhow::Result<T> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.map_or(0, |jobs| jobs.max(1)))
        .stack_size(RUN_STACK)
        .build_global()
        .context("cannot start worker threads")?;
    std::thread::scope(|scope| {
        let run = std::thread::Builder::new().stack_size(RUN_STACK).spawn_scoped(scope, work);
        match run.context("cannot start the run's thread")?.join() {
            Ok(result) => result,
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}
