#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Benchmarks on generated care systems of 1k, 10k and 50k resources:
//! load (parse with spans + schema), catalog, facts + plan, rules, and the
//! whole lint. `cargo bench -p caregov-core --bench lint`.
//! `CAREGOV_BENCH_SIZES=1000,10000` limits the sizes.
//!
//! Each phase's output is freed outside the timed part, as in the CLI, which
//! keeps them until it exits (and then does not free them at all). The
//! benches run with the system allocator; the CLI uses mimalloc, so the
//! whole process is faster than `whole` here (see the README).

use std::path::PathBuf;
use std::time::Duration;

use caregov_core::catalog;
use caregov_core::date;
use caregov_core::lint::{self, LintOptions};
use caregov_core::load::{self, LoadOptions};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

fn sizes() -> Vec<usize> {
    std::env::var("CAREGOV_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 10_000, 50_000])
}

fn fixture(size: usize) -> (tempfile::TempDir, Vec<PathBuf>) {
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("tempdir: {e}"),
    };
    let files = caregov_e2e::synth::generate(size, "synthetic");
    if let Err(e) = caregov_e2e::synth::write_to(dir.path(), &files) {
        panic!("write: {e}");
    }
    let paths = vec![dir.path().to_path_buf()];
    (dir, paths)
}

fn benches(c: &mut Criterion) {
    let today = date::parse("2026-11-24").unwrap_or_default();
    let options = LintOptions::new(today);
    let pack = match lint::pack(&options) {
        Ok(p) => p,
        Err(e) => panic!("pack: {e}"),
    };
    let mut group = c.benchmark_group("lint");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10))
        .warm_up_time(Duration::from_secs(1));
    for size in sizes() {
        let (_dir, paths) = fixture(size);
        group.throughput(Throughput::Elements(size as u64));
        group.bench_with_input(BenchmarkId::new("load", size), &paths, |b, p| {
            b.iter_with_large_drop(|| load::load_paths(p, &LoadOptions::default()));
        });
        let loaded = load::load_paths(&paths, &LoadOptions::default());
        group.bench_with_input(BenchmarkId::new("catalog", size), &loaded, |b, l| {
            b.iter_with_large_drop(|| catalog::build(l.clone()));
        });
        let (cat, _) = catalog::build(loaded.clone());
        group.bench_with_input(
            BenchmarkId::new("facts_plan_input", size),
            &cat,
            |b, cat| {
                b.iter_with_large_drop(|| {
                    cat.namespaces
                        .values()
                        .map(|ns| lint::evaluate_namespace(ns, today, None))
                        .collect::<Vec<_>>()
                });
            },
        );
        let evaluated: Vec<_> = cat
            .namespaces
            .values()
            .map(|ns| lint::evaluate_namespace(ns, today, None))
            .collect();
        group.bench_with_input(BenchmarkId::new("rules", size), &evaluated, |b, ev| {
            b.iter(|| {
                ev.iter()
                    .map(|e| pack.evaluate(&e.input).0.len())
                    .sum::<usize>()
            });
        });
        group.bench_with_input(BenchmarkId::new("whole", size), &paths, |b, p| {
            b.iter_with_large_drop(|| lint::lint_paths(p, &options));
        });
    }
    group.finish();
}

criterion_group!(lint_benches, benches);
criterion_main!(lint_benches);
