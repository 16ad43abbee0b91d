//! `gen-peak-mem [OPS|real]`: generates the crate for the real spec or a synthetic spec of OPS
//! operations, in memory, and prints the wall time of load+check+emit+format and the process's peak
//! resident memory (VmHWM). Run it once per size: peak memory is per process.
//!
//! Like `cargo xtask gen`, each document's text is freed once it is parsed, and each generated file is
//! let go as soon as it is formatted (`xtask` stages it on disk; here only its size is counted), so
//! the figure is the generator's own peak, not the benchmark's inputs or a copy of the output.
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
    let products = sources.len();
    let base = peak_rss_kib().unwrap_or(0);
    let start = Instant::now();
    let cpu = process_cpu_time();
    let mut documents = Vec::new();
    for (name, text) in sources {
        match codegen::load::parse(&name, text.as_bytes()) {
            Ok(document) => documents.push(codegen::load::LoadedDocument { name, document }),
            Err(d) => {
                eprintln!("{d}");
                std::process::exit(1);
            }
        }
    }
    let (mut files, mut bytes, mut operations) = (0usize, 0usize, 0usize);
    let generated = codegen::generate_into(
        documents,
        &codegen::CrateConfig::default(),
        &mut |path, text| {
            files += 1;
            bytes += text.len();
            operations += usize::from(synthetic::is_operation_file(&path));
            Ok(())
        },
    );
    if let Err(codegen::Stopped::Spec(d)) = generated {
        eprintln!("{d}");
        std::process::exit(1);
    }
    let elapsed = start.elapsed();
    let cpu = process_cpu_time().saturating_sub(cpu);
    let peak = peak_rss_kib().unwrap_or(0);
    println!(
        "ops={operations} products={products} files={files} bytes={bytes} gen_ms={:.1} cpu_ms={:.1} peak_rss_mib={:.1} base_rss_mib={:.1}",
        elapsed.as_secs_f64() * 1000.0,
        cpu.as_secs_f64() * 1000.0,
        peak as f64 / 1024.0,
        base as f64 / 1024.0,
    );
}
