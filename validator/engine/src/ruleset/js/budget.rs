//! The time limit of the JavaScript code: CPU time of the thread that runs it, so a loaded
//! machine does not make a normal function look slow, with a wall-clock limit
//! ([`WALL_FACTOR`] times longer) as a backstop for code that waits without computing.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

/// How much longer than its CPU-time limit code may take on the wall clock.
pub const WALL_FACTOR: u64 = 10;

/// The deadlines of the running code (`u64::MAX`: none).
pub struct Budget {
    /// Milliseconds of the running thread's CPU time after which the code is interrupted.
    cpu: AtomicU64,
    /// Milliseconds since `epoch` after which the code is interrupted.
    wall: AtomicU64,
    epoch: Instant,
}

impl Default for Budget {
    /// No deadline yet.
    fn default() -> Self {
        Self { cpu: AtomicU64::new(u64::MAX), wall: AtomicU64::new(u64::MAX), epoch: Instant::now() }
    }
}

impl Budget {
    /// Gives the code about to run on this thread `ms` milliseconds of CPU time.
    pub fn arm(&self, ms: u64) {
        self.cpu.store(thread_cpu_ms().saturating_add(ms), Ordering::Relaxed);
        self.wall.store(self.wall_ms().saturating_add(ms.saturating_mul(WALL_FACTOR)), Ordering::Relaxed);
    }

    /// Whether the code running on this thread is past a deadline (the interrupt handler).
    pub fn expired(&self) -> bool {
        let (cpu, wall) = (self.cpu.load(Ordering::Relaxed), self.wall.load(Ordering::Relaxed));
        (cpu != u64::MAX && thread_cpu_ms() > cpu) || (wall != u64::MAX && self.wall_ms() > wall)
    }

    /// Ends the deadlines; whether the code went past one.
    pub fn disarm(&self) -> bool {
        let passed = self.expired();
        self.cpu.store(u64::MAX, Ordering::Relaxed);
        self.wall.store(u64::MAX, Ordering::Relaxed);
        passed
    }

    fn wall_ms(&self) -> u64 {
        u64::try_from(self.epoch.elapsed().as_millis()).unwrap_or(u64::MAX)
    }
}

/// CPU time the calling thread has used, in milliseconds.
#[cfg(unix)]
fn thread_cpu_ms() -> u64 {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
    let secs = u64::try_from(t.tv_sec).unwrap_or(0);
    let nanos = u64::try_from(t.tv_nsec).unwrap_or(0);
    secs.saturating_mul(1000).saturating_add(nanos / 1_000_000)
}

/// Where the platform has no thread CPU clock, the wall clock stands in for it.
#[cfg(not(unix))]
fn thread_cpu_ms() -> u64 {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    u64::try_from(START.get_or_init(Instant::now).elapsed().as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadlines_arm_expire_and_disarm() {
        let budget = Budget::default();
        assert!(!budget.expired(), "no deadline before arming");
        budget.arm(0);
        // Spin until this thread has used more than a millisecond of CPU time.
        let start = thread_cpu_ms();
        let mut spins = 0u64;
        while thread_cpu_ms() <= start.saturating_add(1) {
            spins = spins.wrapping_add(1);
            std::hint::black_box(spins);
        }
        assert!(budget.expired());
        assert!(budget.disarm());
        assert!(!budget.expired() && !budget.disarm(), "disarmed");
        budget.arm(u64::MAX / WALL_FACTOR);
        assert!(!budget.expired(), "a far deadline");
    }
}
