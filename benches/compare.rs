//! milepost against Hugo on the same Markdown: paired whole-process runs, medians, ratios, peak memory, files and
//! bytes written, plus milepost's no-op and one-edit rebuilds and (optionally) the git-history variant.
//!
//! Run: `cargo bench --bench compare` (needs `hugo` on the PATH; Debian: `apt-get install hugo`). Settings:
//! - `MILEPOST_BENCH_SIZES`   project counts, default `100,1000`
//! - `MILEPOST_BENCH_RUNS`    paired runs per size, default 5
//! - `MILEPOST_BENCH_HISTORY` `0` for Markdown only; default `1` (status.yaml with 8 weekly snapshots, so every
//!   report has a forecast and a backtest)
//! - `MILEPOST_BENCH_GIT`     `PROJECTSxCOMMITS`, e.g. `200x300`, adds the git-history variant (default: off)
//!
//! The corpus (`support/corpus.rs`, `varied`) is made from the three example projects, each copy with its own
//! title, ticked boxes, numbers and a code block. Hugo gets the very same `.md` files and a minimal theme (one
//! page per document, one list per project). Each run starts both tools with no output folder; the order
//! alternates between runs. The table goes to stdout and to `target/bench-compare.md`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[path = "support/corpus.rs"]
mod corpus;

const TODAY: &str = "2026-11-22";

/// One finished process: wall time and peak resident memory (from `wait4`).
#[derive(Clone, Copy)]
struct Run {
    wall: Duration,
    peak_kib: u64,
}

#[allow(clippy::zombie_processes)] // reaped by `wait4` below, which also gives the peak memory
fn run(cmd: &mut Command) -> Run {
    let started = Instant::now();
    let child = cmd.stdout(Stdio::null()).stderr(Stdio::piped()).spawn().expect("failed to start");
    let pid = child.id() as libc::pid_t;
    // drain stderr on a thread so a chatty build cannot block on a full pipe
    let mut stderr = child.stderr.unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut stderr, &mut s);
        s
    });
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own child, not yet waited for; `status` and `usage` are valid for writes
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = started.elapsed();
    let err = reader.join().unwrap_or_default();
    assert!(r == pid && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0, "{cmd:?} failed:\n{err}");
    Run { wall, peak_kib: usage.ru_maxrss as u64 }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    if v.is_empty() {
        return f64::NAN;
    }
    let m = v.len() / 2;
    if v.len() % 2 == 1 { v[m] } else { (v[m - 1] + v[m]) / 2.0 }
}

/// (files, bytes) under `dir`, dot-files left out.
fn tree_size(dir: &Path) -> (u64, u64) {
    let mut files = 0;
    let mut bytes = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            if e.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let t = e.file_type().unwrap();
            if t.is_dir() {
                stack.push(e.path());
            } else {
                files += 1;
                bytes += e.metadata().unwrap().len();
            }
        }
    }
    (files, bytes)
}

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_string())
}

fn hugo_site(dir: &Path, site: &Path) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir.join("layouts/_default")).unwrap();
    std::fs::write(
        dir.join("config.toml"),
        "baseURL = \"https://example.org/\"\ntitle = \"Bench\"\ndisableKinds = [\"taxonomy\", \"term\", \"RSS\", \"sitemap\", \"robotsTXT\"]\n",
    )
    .unwrap();
    let page = |body: &str| {
        format!(
            "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{{{{ .Title }}}}</title></head>\n<body>{body}</body></html>\n"
        )
    };
    std::fs::write(dir.join("layouts/_default/single.html"), page("<main>{{ .Content }}</main>")).unwrap();
    std::fs::write(
        dir.join("layouts/_default/list.html"),
        page("<ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>"),
    )
    .unwrap();
    std::fs::write(
        dir.join("layouts/index.html"),
        page("<ul>{{ range .Sections }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>"),
    )
    .unwrap();
    for e in std::fs::read_dir(site.join("content")).unwrap().flatten() {
        let to = dir.join("content").join(e.file_name());
        std::fs::create_dir_all(&to).unwrap();
        for f in std::fs::read_dir(e.path()).unwrap().flatten() {
            if f.path().extension().is_some_and(|x| x == "md") {
                std::fs::copy(f.path(), to.join(f.file_name())).unwrap();
            }
        }
    }
}

fn site_yaml(dir: &Path, git: bool) {
    std::fs::write(dir.join("site.yaml"), format!("title: Bench\ntoday: {TODAY}\ngit-history: {git}\n")).unwrap();
}

struct Row {
    label: String,
    n: usize,
    milepost: Vec<Run>,
    hugo: Vec<Run>,
    noop: Vec<Run>,
    edit: Vec<Run>,
    out: (u64, u64),
    hugo_out: (u64, u64),
    page: (f64, f64),
}

fn secs(v: &[Run]) -> f64 {
    median(v.iter().map(|r| r.wall.as_secs_f64()).collect())
}

fn mib(v: &[Run]) -> f64 {
    median(v.iter().map(|r| r.peak_kib as f64 / 1024.0).collect())
}

/// Average size of the projects' main page: milepost's report `pN/index.html`, Hugo's `pN/roadmap/index.html`.
fn page_bytes(out: &Path, hugo: &Path, n: usize) -> (f64, f64) {
    let avg = |f: &dyn Fn(usize) -> PathBuf| {
        let sizes: Vec<u64> = (0..n).filter_map(|i| std::fs::metadata(f(i)).ok().map(|m| m.len())).collect();
        sizes.iter().sum::<u64>() as f64 / sizes.len().max(1) as f64
    };
    (avg(&|i| out.join(format!("p{i:05}/index.html"))), avg(&|i| hugo.join(format!("p{i:05}/roadmap/index.html"))))
}

fn compare(bin: &Path, work: &Path, n: usize, runs: usize, history: bool) -> Row {
    let site = work.join(format!("site-{n}"));
    let hugo = work.join(format!("hugo-{n}"));
    let _ = std::fs::remove_dir_all(&site);
    eprintln!("generating {n} projects in {}", site.display());
    corpus::varied(&site, n, history);
    site_yaml(&site, false);
    hugo_site(&hugo, &site);
    let out = site.join("output");
    let public = hugo.join("public");
    let milepost_cmd = || {
        let mut c = Command::new(bin);
        c.args(["build", "-q", "--today", TODAY]).arg(&site);
        c
    };
    let hugo_cmd = || {
        let mut c = Command::new("hugo");
        c.args(["--quiet", "-s"]).arg(&hugo);
        c
    };
    let (mut m, mut h, mut noop, mut edit) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let roadmap = site.join("content/p00000/roadmap.md");
    let original = std::fs::read(&roadmap).unwrap();
    for r in 0..runs + 1 {
        let _ = std::fs::remove_dir_all(&out);
        let _ = std::fs::remove_dir_all(&public);
        let _ = std::fs::remove_dir_all(hugo.join("resources"));
        let (a, b) = if r % 2 == 0 {
            let a = run(&mut milepost_cmd());
            (a, run(&mut hugo_cmd()))
        } else {
            let b = run(&mut hugo_cmd());
            (run(&mut milepost_cmd()), b)
        };
        let again = run(&mut milepost_cmd());
        let mut edited = original.clone();
        edited.extend_from_slice(format!("\n- [ ] Bench edit {r}\n").as_bytes());
        std::fs::write(&roadmap, &edited).unwrap();
        let one = run(&mut milepost_cmd());
        std::fs::write(&roadmap, &original).unwrap();
        if r == 0 {
            continue; // warm-up: the file cache, the first run of each binary
        }
        m.push(a);
        h.push(b);
        noop.push(again);
        edit.push(one);
        eprintln!(
            "  run {r}: milepost {:.3} s, hugo {:.3} s, no-op {:.3} s, one edit {:.3} s",
            a.wall.as_secs_f64(),
            b.wall.as_secs_f64(),
            again.wall.as_secs_f64(),
            one.wall.as_secs_f64()
        );
    }
    // sizes from a cold build of the unedited corpus
    let _ = std::fs::remove_dir_all(&out);
    run(&mut milepost_cmd());
    Row {
        label: format!("{n}"),
        n,
        milepost: m,
        hugo: h,
        noop,
        edit,
        out: tree_size(&out),
        hugo_out: tree_size(&public),
        page: page_bytes(&out, &public, n),
    }
}

fn git_variant(bin: &Path, work: &Path, n: usize, commits: usize, runs: usize) -> String {
    let repo = work.join(format!("git-{n}x{commits}"));
    let plain = work.join(format!("plain-{n}x{commits}"));
    let _ = std::fs::remove_dir_all(&repo);
    let _ = std::fs::remove_dir_all(&plain);
    eprintln!("generating a git repository of {n} projects x {commits} commits in {}", repo.display());
    corpus::git_history(&repo, n, commits);
    site_yaml(&repo, true);
    std::fs::create_dir_all(plain.join("content")).unwrap();
    for e in std::fs::read_dir(repo.join("content")).unwrap().flatten() {
        let to = plain.join("content").join(e.file_name());
        std::fs::create_dir_all(&to).unwrap();
        for f in std::fs::read_dir(e.path()).unwrap().flatten() {
            std::fs::copy(f.path(), to.join(f.file_name())).unwrap();
        }
    }
    site_yaml(&plain, false);
    let cmd = |site: &Path| {
        let mut c = Command::new(bin);
        c.args(["build", "-q", "--today", TODAY]).arg(site);
        c
    };
    let (mut cold, mut cached, mut nogit) = (Vec::new(), Vec::new(), Vec::new());
    for r in 0..runs + 1 {
        let _ = std::fs::remove_dir_all(repo.join(".milepost-cache"));
        let _ = std::fs::remove_dir_all(repo.join("output"));
        let c = run(&mut cmd(&repo));
        let _ = std::fs::remove_dir_all(repo.join("output"));
        let w = run(&mut cmd(&repo));
        let _ = std::fs::remove_dir_all(plain.join("output"));
        let p = run(&mut cmd(&plain));
        if r > 0 {
            cold.push(c);
            cached.push(w);
            nogit.push(p);
        }
    }
    let (c, w, p) = (secs(&cold), secs(&cached), secs(&nogit));
    format!(
        "\nGit history, {n} projects x {commits} commits (output removed before each build), medians of {runs}:\n\n\
         | build | time | peak memory |\n|---|---:|---:|\n\
         | cold (no history cache) | {c:.2} s | {:.0} MiB |\n\
         | history cache warm | {w:.2} s | {:.0} MiB |\n\
         | same content, no git | {p:.2} s | {:.0} MiB |\n\n\
         cached / no git: **{:.2}x**\n",
        mib(&cold),
        mib(&cached),
        mib(&nogit),
        w / p
    )
}

fn main() {
    // `cargo bench` passes `--bench`; any other argument is a filter we do not use
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_milepost"));
    let work = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("compare");
    std::fs::create_dir_all(&work).unwrap();
    let sizes: Vec<usize> =
        env_or("MILEPOST_BENCH_SIZES", "100,1000").split(',').filter_map(|s| s.trim().parse().ok()).collect();
    let runs: usize = env_or("MILEPOST_BENCH_RUNS", "5").parse().unwrap_or(5).max(1);
    let history = env_or("MILEPOST_BENCH_HISTORY", "1") != "0";
    let hugo_version = Command::new("hugo").arg("version").output();
    let Ok(hugo_version) = hugo_version else {
        eprintln!("hugo is not installed (Debian: apt-get install hugo); the comparison needs it");
        std::process::exit(1);
    };
    let hugo_version = String::from_utf8_lossy(&hugo_version.stdout).trim().to_string();
    let rows: Vec<Row> = sizes.iter().map(|&n| compare(&bin, &work, n, runs, history)).collect();
    let mut table = format!(
        "milepost vs {hugo_version}\n{} cores; {runs} paired runs per size after one warm-up, medians; corpus: varied \
         copies of the example projects{}.\n\n\
         | projects | milepost | Hugo | milepost / Hugo | peak memory milepost / Hugo | files milepost / Hugo | \
         bytes per project milepost / Hugo | report page / Hugo page | no-op rebuild | one edit | per-project cost |\n\
         |---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        if history { " with status.yaml history (8 weekly snapshots)" } else { ", Markdown only" }
    );
    for r in &rows {
        let (m, h) = (secs(&r.milepost), secs(&r.hugo));
        table.push_str(&format!(
            "| {} | {m:.3} s | {h:.3} s | **{:.2}x** | {:.0} / {:.0} MiB | {} / {} | {:.1} / {:.1} KiB | {:.1} / {:.1} KiB | {:.3} s ({:.0}%) | {:.3} s ({:.0}%) | {:.2} ms |\n",
            r.label,
            m / h,
            mib(&r.milepost),
            mib(&r.hugo),
            r.out.0,
            r.hugo_out.0,
            r.out.1 as f64 / r.n as f64 / 1024.0,
            r.hugo_out.1 as f64 / r.n as f64 / 1024.0,
            r.page.0 / 1024.0,
            r.page.1 / 1024.0,
            secs(&r.noop),
            100.0 * secs(&r.noop) / m,
            secs(&r.edit),
            100.0 * secs(&r.edit) / m,
            1000.0 * m / r.n as f64,
        ));
    }
    if let Ok(spec) = std::env::var("MILEPOST_BENCH_GIT")
        && let Some((n, c)) = spec.split_once('x')
        && let (Ok(n), Ok(c)) = (n.parse::<usize>(), c.parse::<usize>())
        && n > 0
    {
        table.push_str(&git_variant(&bin, &work, n, c, runs));
    }
    println!("{table}");
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-compare.md");
    let _ = std::fs::write(&path, &table);
    eprintln!("written to {}", path.display());
}
