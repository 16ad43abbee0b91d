//! Benchmark helpers (issue #5; figures and how to reproduce them in `BENCHMARKS.md`):
//! [`synthetic`] builds spec documents of any size from the real operations' shapes, and
//! [`fixtures`] builds the typical response bodies the client benchmarks decode.

pub mod fixtures;
pub mod synthetic;

/// Peak resident set size of this process so far (`VmHWM` in `/proc/self/status`), in KiB.
/// `None` where `/proc` is not available.
pub fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// CPU time consumed by the calling thread (`CLOCK_THREAD_CPUTIME_ID`). The benchmarks time with it
/// rather than the wall clock: the machine is shared, and time spent descheduled is not the code's
/// cost. On an idle machine the two agree for single-threaded code.
pub fn thread_cpu_time() -> std::time::Duration {
    cpu_clock(nix::time::ClockId::CLOCK_THREAD_CPUTIME_ID)
}

/// CPU time consumed by the whole process (`CLOCK_PROCESS_CPUTIME_ID`), all threads.
pub fn process_cpu_time() -> std::time::Duration {
    cpu_clock(nix::time::ClockId::CLOCK_PROCESS_CPUTIME_ID)
}

fn cpu_clock(clock: nix::time::ClockId) -> std::time::Duration {
    match nix::time::clock_gettime(clock) {
        Ok(ts) => std::time::Duration::new(
            u64::try_from(ts.tv_sec()).unwrap_or(0),
            u32::try_from(ts.tv_nsec()).unwrap_or(0),
        ),
        Err(_) => std::time::Duration::ZERO,
    }
}

/// `iters` runs of `f`, timed in this thread's CPU time (for criterion's `iter_custom`).
pub fn cpu_iter<T>(iters: u64, mut f: impl FnMut() -> T) -> std::time::Duration {
    let start = thread_cpu_time();
    for _ in 0..iters {
        std::hint::black_box(f());
    }
    thread_cpu_time().saturating_sub(start)
}
