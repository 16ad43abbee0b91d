//! Group 1, generation: load + check + lower + emit + format, in memory, for the real five-operation
//! spec and synthetic specs of 100, 1,000 and 5,000 operations (`sdk_benches::synthetic`).
//!
//! Times are the benchmark thread's CPU time (`sdk_benches::cpu_iter`): the machine is shared.
//!
//! `SDK_BENCH_GEN_SIZES=100,1000` limits the synthetic sizes (default `100,1000,5000`).
//! Whole-process times, the 5,000/1,000 ratio and peak memory: `scripts/bench-gen-process.sh`.

use std::time::Duration;

use codegen::{CrateConfig, load::LoadedDocument};
use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use sdk_benches::{cpu_iter, synthetic};

fn sizes() -> Vec<usize> {
    std::env::var("SDK_BENCH_GEN_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![100, 1000, 5000])
}

fn load(sources: &[(String, String)]) -> Vec<LoadedDocument> {
    sources
        .iter()
        .map(|(name, text)| LoadedDocument {
            name: name.clone(),
            document: codegen::load::parse(name, text.as_bytes()).expect("spec loads"),
        })
        .collect()
}

fn generate(sources: &[(String, String)]) -> codegen::Files {
    codegen::generate_from_sources(&synthetic::as_refs(sources), &CrateConfig::default())
        .expect("spec generates")
}

/// The whole pipeline, per size.
fn whole(c: &mut Criterion) {
    let mut group = c.benchmark_group("generate");
    group.warm_up_time(Duration::from_secs(1));
    let real = synthetic::real_sources();
    group.throughput(Throughput::Elements(5));
    group.bench_function(BenchmarkId::new("real", 5), |b| {
        b.iter_custom(|iters| cpu_iter(iters, || generate(&real)))
    });
    for n in sizes() {
        let sources = synthetic::sources(n);
        group.throughput(Throughput::Elements(n as u64));
        if n >= 1000 {
            // Seconds per iteration: the minimum of 10 samples, one iteration each.
            group.sample_size(10);
            group.sampling_mode(SamplingMode::Flat);
            group.measurement_time(Duration::from_secs(1));
        } else {
            group.sample_size(20);
            group.sampling_mode(SamplingMode::Auto);
            group.measurement_time(Duration::from_secs(8));
        }
        group.bench_function(BenchmarkId::new("synthetic", n), |b| {
            b.iter_custom(|iters| cpu_iter(iters, || generate(&sources)))
        });
    }
    group.finish();
}

/// The stages codegen exposes, at 100 operations: emit + format is `generate` minus these.
fn stages(c: &mut Criterion) {
    let mut group = c.benchmark_group("generate_stages_100");
    group.warm_up_time(Duration::from_secs(1));
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(5));
    group.throughput(Throughput::Elements(100));
    let sources = synthetic::sources(100);
    let documents = load(&sources);
    group.bench_function("load", |b| {
        b.iter_custom(|iters| cpu_iter(iters, || load(&sources)))
    });
    group.bench_function("check", |b| {
        b.iter_custom(|iters| {
            cpu_iter(iters, || {
                codegen::check::check_all(&documents).expect("checks pass")
            })
        })
    });
    group.bench_function("lower", |b| {
        b.iter_custom(|iters| {
            cpu_iter(iters, || {
                codegen::lower::lower_all(&documents).expect("lowers")
            })
        })
    });
    group.bench_function("all", |b| {
        b.iter_custom(|iters| cpu_iter(iters, || generate(&sources)))
    });
    group.finish();
}

criterion_group!(benches, stages, whole);
criterion_main!(benches);
