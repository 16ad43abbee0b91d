//! `gen-peak-mem [OPS|real]`: generates the crate for the real spec or a synthetic spec of OPS
//! operations, in memory, and prints the wall time of load+check+emit+format and the process's peak
//! resident memory (VmHWM). Run it once per size: peak memory is per process.
//!
//! Output (one line): `ops=5000 products=5 files=5011 bytes=... gen_ms=... cpu_ms=... peak_rss_mib=... base_rss_mib=...`
//! (`gen_ms` wall clock, `cpu_ms` process CPU time: on a shared machine the second is the steadier).

use std::time::Instant;

use sdk_benches::{peak_rss_kib, process_cpu_time, synthetic};

fn main() {
    let arg = std::env::args().nth(1).unwrap_or_else(|| "real".into());
    let sources = if arg == "real" {
        synthetic::real_sources()
    } else {
        match arg.parse::<usize>() {
            Ok(n) if n > 0 => synthetic::sources(n),
            _ => {
                eprintln!("usage: gen-peak-mem [OPS|real]");
                std::process::exit(2);
            }
        }
    };
    let base = peak_rss_kib().unwrap_or(0);
    let start = Instant::now();
    let cpu = process_cpu_time();
    let files = match codegen::generate_from_sources(
        &synthetic::as_refs(&sources),
        &codegen::CrateConfig::default(),
    ) {
        Ok(files) => files,
        Err(d) => {
            eprintln!("{d}");
            std::process::exit(1);
        }
    };
    let elapsed = start.elapsed();
    let cpu = process_cpu_time().saturating_sub(cpu);
    let peak = peak_rss_kib().unwrap_or(0);
    let bytes: usize = files.values().map(String::len).sum();
    println!(
        "ops={} products={} files={} bytes={bytes} gen_ms={:.1} cpu_ms={:.1} peak_rss_mib={:.1} base_rss_mib={:.1}",
        synthetic::operation_files(&files),
        sources.len(),
        files.len(),
        elapsed.as_secs_f64() * 1000.0,
        cpu.as_secs_f64() * 1000.0,
        peak as f64 / 1024.0,
        base as f64 / 1024.0,
    );
}
