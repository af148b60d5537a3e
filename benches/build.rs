//! Builds a generated site of 1,000 projects made from the bundled seeds (each project a copy of one of the three
//! example projects; once with the seeds alone, once with status.yaml and its history), in memory (`run_pipeline`: load, parse, model, analyze, render) and
//! with the write to disk. Run: `cargo bench --bench build`. Sizes: MILEPOST_BENCH_PROJECTS (default 1000).

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use milepost::build::{Options, run_pipeline};

#[path = "support/corpus.rs"]
mod corpus;
use corpus::generate;

fn bench(c: &mut Criterion) {
    let n: usize = std::env::var("MILEPOST_BENCH_PROJECTS").ok().and_then(|v| v.parse().ok()).unwrap_or(1000);
    let tmp = tempfile::tempdir().unwrap();
    generate(tmp.path(), n, true);
    let seeds_only = tempfile::tempdir().unwrap();
    generate(seeds_only.path(), n, false);
    let today = milepost::model::parse_date("2026-11-22").unwrap();
    let options = Options { today: Some(today), clock: today, base_url: None, progress: false };
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
            let out = milepost::write::check_output(tmp.path(), &tmp.path().join("output"), &[]).unwrap();
            milepost::write::write_site(&built.pages, &out).unwrap();
        })
    });
    group.finish();
}

/// A repository with one project and `n` commits, one a day: items are added, checked and now and then reopened.
fn history_repo(root: &Path, n: usize) {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let git = |args: &[&str]| Command::new("git").args(args).current_dir(root).output().unwrap();
    git(&["init", "-q"]);
    let mut stream = String::new();
    let base = 1_700_000_000i64;
    for i in 0..n {
        let items = 10 + i / 20;
        let mut md = format!("# Big project\n\n*Updated on day {i}*\n\n## Now\n");
        for k in 0..items {
            let done = k < (i * 7 / 10) / 2 && !(i % 13 == 0 && k == 0);
            md.push_str(&format!("- [{}] Item {k}\n", if done { "x" } else { " " }));
        }
        let when = base + i as i64 * 86_400;
        stream.push_str("commit refs/heads/main\n");
        stream.push_str(&format!("committer t <t@example.com> {when} +0000\n"));
        stream.push_str(&format!("data {}\nday {i}\n", format!("day {i}\n").len()));
        stream.push_str(&format!("M 100644 inline content/big/roadmap.md\ndata {}\n{md}\n", md.len()));
    }
    let mut child =
        Command::new("git").args(["fast-import", "--quiet"]).current_dir(root).stdin(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(stream.as_bytes()).unwrap();
    assert!(child.wait().unwrap().success());
    git(&["checkout", "-q", "-f", "main"]);
}

fn bench_history(c: &mut Criterion) {
    let tmp = tempfile::tempdir().unwrap();
    history_repo(tmp.path(), 2000);
    let mut group = c.benchmark_group("history");
    group.sample_size(10);
    group.bench_function("2000 commits, cold cache", |b| {
        b.iter(|| {
            let mut d = milepost::diagnostics::Diagnostics::new();
            let m = milepost::build::model_site_with(tmp.path(), &history_options(), &mut d).unwrap();
            assert_eq!(m.portfolio.projects[0].history.len(), 2000);
            m.history_cache
        })
    });
    let mut d = milepost::diagnostics::Diagnostics::new();
    let m = milepost::build::model_site_with(tmp.path(), &history_options(), &mut d).unwrap();
    milepost::write::write_history_cache(tmp.path(), &m.history_cache).unwrap();
    group.bench_function("2000 commits, warm cache", |b| {
        b.iter(|| {
            let mut d = milepost::diagnostics::Diagnostics::new();
            milepost::build::model_site_with(tmp.path(), &history_options(), &mut d).unwrap().portfolio.projects.len()
        })
    });
    group.finish();
}

criterion_group!(benches, bench, bench_history);
criterion_main!(benches);

/// A fixed report date for the history benchmarks (after every generated commit).
fn history_options() -> milepost::build::Options {
    let today = milepost::model::parse_date("2030-01-01").unwrap();
    milepost::build::Options::at(Some(today), today)
}
