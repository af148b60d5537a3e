//! Builds a generated site of 1,000 projects made from the bundled seeds (each project a copy of one of the three
//! example projects; once with the seeds alone, once with status.yaml and its history), in memory (`run_pipeline`: load, parse, model, analyze, render) and
//! with the write to disk. Run: `cargo bench --bench build`. Sizes: MILEPOST_BENCH_PROJECTS (default 1000).

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use milepost::build::{Options, run_pipeline};

fn generate(root: &Path, n: usize, with_status: bool) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let sources = ["flutterbye", "rollingdrop", "timip"];
    for i in 0..n {
        let dir = root.join("content").join(format!("p{i:04}"));
        std::fs::create_dir_all(&dir).unwrap();
        for e in std::fs::read_dir(repo.join(sources[i % 3])).unwrap() {
            let p = e.unwrap().path();
            if with_status || p.extension().is_some_and(|x| x == "md") {
                std::fs::copy(&p, dir.join(p.file_name().unwrap())).unwrap();
            }
        }
    }
}

fn bench(c: &mut Criterion) {
    let n: usize = std::env::var("MILEPOST_BENCH_PROJECTS").ok().and_then(|v| v.parse().ok()).unwrap_or(1000);
    let tmp = tempfile::tempdir().unwrap();
    generate(tmp.path(), n, true);
    let seeds_only = tempfile::tempdir().unwrap();
    generate(seeds_only.path(), n, false);
    let today = milepost::model::parse_date("2026-11-22").unwrap();
    let options = Options { today: Some(today), clock: today, base_url: None };
    let mut group = c.benchmark_group("build");
    group.sample_size(10);
    group.bench_function(format!("{n} projects, seeds only (no status.yaml), in memory"), |b| {
        b.iter(|| run_pipeline(seeds_only.path(), &options).unwrap().pages.len())
    });
    group.bench_function(format!("{n} projects, in memory"), |b| {
        b.iter(|| run_pipeline(tmp.path(), &options).unwrap().pages.len())
    });
    group.bench_function(format!("{n} projects, written"), |b| {
        b.iter(|| {
            let built = run_pipeline(tmp.path(), &options).unwrap();
            milepost::write::write_site(&built.pages, &tmp.path().join("output")).unwrap();
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
