//! Watch-mode latency: a generated site of 1,000 projects (copies of the three example projects with their
//! status.yaml) served by the release binary (`milepost serve --port 0`); then, edit after edit, the time from
//! saving one project's roadmap to the live-reload event, to the new page being served, and to the site-wide
//! pages (index, comparison, priorities, search) being updated.
//! Run: `cargo bench --bench serve`. MILEPOST_BENCH_PROJECTS (default 1000), MILEPOST_BENCH_EDITS (default 40).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[path = "support/corpus.rs"]
mod corpus;
use corpus::generate;

fn get(addr: &str, target: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(s, "GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut body = String::new();
    s.read_to_string(&mut body).unwrap();
    body
}

fn wait_for(reader: &mut BufReader<TcpStream>, event: &str) {
    let mut line = String::new();
    loop {
        line.clear();
        assert!(reader.read_line(&mut line).unwrap() > 0, "event stream closed");
        if line.trim_end() == format!("event: {event}") || line.trim_end() == format!("event:{event}") {
            return;
        }
    }
}

fn stats(name: &str, mut xs: Vec<f64>) {
    xs.sort_by(f64::total_cmp);
    let q = |p: f64| xs[((xs.len() - 1) as f64 * p).round() as usize];
    println!(
        "{name:<34} median {:>7.1} ms   p10 {:>7.1}   p90 {:>7.1}   min {:>7.1}   max {:>7.1}   (n = {})",
        q(0.5),
        q(0.1),
        q(0.9),
        xs[0],
        xs[xs.len() - 1],
        xs.len()
    );
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` runs benches once as tests: keep that quick
    if std::env::args().any(|a| a == "--test") || !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let n: usize = std::env::var("MILEPOST_BENCH_PROJECTS").ok().and_then(|v| v.parse().ok()).unwrap_or(1000);
    let edits: usize = std::env::var("MILEPOST_BENCH_EDITS").ok().and_then(|v| v.parse().ok()).unwrap_or(40);
    let tmp = tempfile::tempdir().unwrap();
    generate(tmp.path(), n, true);
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_milepost"))
        .args(["serve", "--port", "0", "--today", "2026-11-22"])
        .current_dir(tmp.path())
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let addr = loop {
        let line = lines.next().expect("serve prints its address").unwrap();
        if let Some(rest) = line.split("http://").nth(1) {
            break rest.split('/').next().unwrap().to_string();
        }
    };
    std::thread::spawn(move || {
        for l in lines.map_while(Result::ok) {
            if std::env::var_os("MILEPOST_BENCH_LOG").is_some() {
                eprintln!("serve: {l}");
            }
        }
    });
    println!("{n} projects: first build and listening after {:.2} s", started.elapsed().as_secs_f64());
    let mut events = TcpStream::connect(&addr).unwrap();
    events.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    write!(events, "GET /__milepost/events HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut events = BufReader::new(events);
    wait_for(&mut events, "hello");
    let (mut to_event, mut to_page, mut to_site) = (Vec::new(), Vec::new(), Vec::new());
    for k in 0..edits {
        let marker = format!("Benchmark edit {k}");
        let project = format!("p{:04}", (k * 37) % n);
        let path = tmp.path().join("content").join(&project).join("roadmap.md");
        // the project's own roadmap with one more item (its status.yaml still matches it)
        let base = std::fs::read_to_string(&path).unwrap();
        let text = format!("{base}\n- [ ] **{marker}** (P1)\n");
        std::thread::sleep(Duration::from_millis(200));
        let t0 = Instant::now();
        std::fs::write(&path, text).unwrap();
        wait_for(&mut events, "reload");
        to_event.push(t0.elapsed().as_secs_f64() * 1000.0);
        let page = get(&addr, &format!("/{project}/docs/roadmap.html"));
        assert!(page.contains(&marker), "the new page is served right after the event");
        to_page.push(t0.elapsed().as_secs_f64() * 1000.0);
        wait_for(&mut events, "site");
        to_site.push(t0.elapsed().as_secs_f64() * 1000.0);
    }
    let _ = child.kill();
    let _ = child.wait();
    stats("save -> reload event", to_event);
    stats("save -> new page served", to_page);
    stats("save -> site-wide pages updated", to_site);
}
