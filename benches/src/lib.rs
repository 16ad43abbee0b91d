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
