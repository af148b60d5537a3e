//! Watch mode: partial rebuilds give exactly what a full build of the same files gives, after any sequence of
//! edits (property test), and `milepost serve` as a browser sees it: live reload, vim-style saves, the error
//! overlay and recovery, paths that try to leave the site, the themed 404, loopback only, and pages under load.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use milepost::build::{Options, run_pipeline};
use milepost::serve::rebuild::{Rebuilder, Work, classify, merge};
use proptest::prelude::*;

use super::support::TODAY;

fn options() -> Options {
    let today = milepost::model::parse_date(TODAY).unwrap();
    Options::at(Some(today), today)
}

const DOCS: [&str; 4] = [
    "# Alpha\n\n## Now\n- [x] **Login** (P1)\n- [ ] **Billing** (P2)\n  - Status: Blocked\n",
    "# Beta roadmap\n\n| Feature | Status | Priority |\n|---|---|---|\n| Search | Done | High |\n| Export | In progress | Low |\n| Import | Not started | Critical |\n",
    "# Gamma\n\n**Status**: 40% complete\n\n### Payments ✅\n### Monitoring 🟡 in progress\n### Audit 🔴 blocked\n\n- **Uptime**: 99.9%\n",
    "# Notes\n\nNothing to track here yet.\n",
];
const STATUS: [&str; 3] = [
    "target: 2027-01-29\nstart: 2026-10-01\nhistory:\n  - { date: 2026-10-05, done: 0, total: 3 }\n  - { date: 2026-10-19, done: 1, total: 3 }\n  - { date: 2026-11-02, done: 1, total: 4 }\n",
    "owner: Ana Lima\ntarget: 2026-12-18\n",
    // broken: an unclosed flow sequence
    "target: [2026-12-18\n",
];

/// One edit a person (or their editor, or git) makes to a site with project slots p0..p2.
#[derive(Debug, Clone)]
enum Edit {
    WriteDoc {
        project: usize,
        file: usize,
        text: usize,
    },
    /// vim: write a temporary file, rename it onto the document
    RenameSave {
        project: usize,
        text: usize,
    },
    DeleteDoc {
        project: usize,
        file: usize,
    },
    WriteStatus {
        project: usize,
        text: usize,
    },
    DeleteProject {
        project: usize,
    },
    RenameProject {
        from: usize,
        to: usize,
    },
    BreakTemplate,
    FixTemplate,
    Css {
        variant: usize,
    },
    SiteYaml {
        variant: usize,
    },
    TouchTemp {
        project: usize,
    },
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => (0..3usize, 0..2usize, 0..DOCS.len()).prop_map(|(project, file, text)| Edit::WriteDoc { project, file, text }),
        2 => (0..3usize, 0..DOCS.len()).prop_map(|(project, text)| Edit::RenameSave { project, text }),
        1 => (0..3usize, 0..2usize).prop_map(|(project, file)| Edit::DeleteDoc { project, file }),
        3 => (0..3usize, 0..STATUS.len()).prop_map(|(project, text)| Edit::WriteStatus { project, text }),
        1 => (0..3usize).prop_map(|project| Edit::DeleteProject { project }),
        1 => (0..3usize, 0..3usize).prop_map(|(from, to)| Edit::RenameProject { from, to }),
        1 => Just(Edit::BreakTemplate),
        1 => Just(Edit::FixTemplate),
        1 => (0..2usize).prop_map(|variant| Edit::Css { variant }),
        1 => (0..2usize).prop_map(|variant| Edit::SiteYaml { variant }),
        1 => (0..3usize).prop_map(|project| Edit::TouchTemp { project }),
    ]
}

const FILES: [&str; 2] = ["roadmap.md", "notes.md"];

/// Applies the edit; returns the paths a watcher would report.
fn apply(root: &Path, e: &Edit) -> Vec<PathBuf> {
    let write = |rel: &str, text: &str| {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        p
    };
    match e {
        Edit::WriteDoc { project, file, text } => {
            vec![write(&format!("content/p{project}/{}", FILES[*file]), DOCS[*text])]
        }
        Edit::RenameSave { project, text } => {
            let dir = root.join(format!("content/p{project}"));
            std::fs::create_dir_all(&dir).unwrap();
            let tmp = write(&format!("content/p{project}/4913"), "");
            std::fs::remove_file(&tmp).unwrap();
            let swap = write(&format!("content/p{project}/.roadmap.md.swp"), DOCS[*text]);
            std::fs::rename(&swap, dir.join("roadmap.md")).unwrap();
            vec![tmp, swap, dir.join("roadmap.md")]
        }
        Edit::DeleteDoc { project, file } => {
            let p = root.join(format!("content/p{project}/{}", FILES[*file]));
            let _ = std::fs::remove_file(&p);
            vec![p]
        }
        Edit::WriteStatus { project, text } => vec![write(&format!("content/p{project}/status.yaml"), STATUS[*text])],
        Edit::DeleteProject { project } => {
            let p = root.join(format!("content/p{project}"));
            let _ = std::fs::remove_dir_all(&p);
            vec![p]
        }
        Edit::RenameProject { from, to } => {
            let (a, b) = (root.join(format!("content/p{from}")), root.join(format!("content/p{to}")));
            if a.exists() && !b.exists() {
                std::fs::rename(&a, &b).unwrap();
            }
            vec![a, b]
        }
        Edit::BreakTemplate => vec![write("themes/mine/templates/items.html", "{% for x in %}broken")],
        Edit::FixTemplate => {
            let p = root.join("themes/mine/templates/items.html");
            let _ = std::fs::remove_file(&p);
            vec![p]
        }
        Edit::Css { variant } => {
            vec![write("themes/mine/static/extra.css", if *variant == 0 { "a{color:red}" } else { "a{color:blue}" })]
        }
        Edit::SiteYaml { variant } => {
            vec![write(
                "site.yaml",
                if *variant == 0 { "theme: mine\ntitle: One\n" } else { "theme: mine\ntitle: Two\n" },
            )]
        }
        Edit::TouchTemp { project } => vec![write(&format!("content/p{project}/roadmap.md~"), "backup")],
    }
}

fn full_build(root: &Path) -> Option<HashMap<String, Vec<u8>>> {
    let built = run_pipeline(root, &options()).ok()?;
    if built.diagnostics.has_errors() {
        return None;
    }
    Some(built.pages.into_iter().map(|p| (p.path, p.bytes)).collect())
}

fn served(r: &Rebuilder) -> HashMap<String, Vec<u8>> {
    r.pages.iter().map(|(k, v)| (k.clone(), v.as_ref().clone())).collect()
}

fn first_difference(a: &HashMap<String, Vec<u8>>, b: &HashMap<String, Vec<u8>>) -> String {
    let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    for k in keys {
        match (a.get(k), b.get(k)) {
            (Some(x), Some(y)) if x == y => {}
            (x, y) => {
                return format!("{k}: served {:?} bytes, full build {:?} bytes", x.map(Vec::len), y.map(Vec::len));
            }
        }
    }
    String::new()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// After every edit the served site is byte for byte the site a full build of the same files gives (or,
    /// while the files are broken, the last good one), whatever the order of edits.
    #[test]
    fn partial_rebuilds_equal_full_builds(edits in proptest::collection::vec(edit(), 1..10)) {
        run_sequence(&edits)?;
    }
}

/// A sequence the property test found: the early publication of a deleted project's pages was not undone when the
/// site-wide pages then failed on a broken template.
#[test]
fn a_failed_rebuild_leaves_the_last_good_site() {
    let edits = [Edit::DeleteDoc { project: 1, file: 0 }, Edit::BreakTemplate, Edit::DeleteProject { project: 0 }];
    run_sequence(&edits).unwrap();
}

fn run_sequence(edits: &[Edit]) -> Result<(), TestCaseError> {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    std::fs::write(root.join("site.yaml"), "theme: mine\ntitle: One\n").unwrap();
    std::fs::create_dir_all(root.join("themes/mine/static")).unwrap();
    for k in 0..2 {
        apply(root, &Edit::WriteDoc { project: k, file: 0, text: k });
    }
    apply(root, &Edit::WriteStatus { project: 0, text: 0 });
    let mut rebuilder = Rebuilder::new(root, options());
    prop_assert!(rebuilder.run(&Work::Full).result.is_ok());
    let mut last_good = full_build(root).expect("the starting site builds");
    prop_assert_eq!(&served(&rebuilder), &last_good);
    for e in edits {
        let paths = apply(root, e);
        let work = classify(root, "mine", &paths);
        let ok = work.as_ref().map(|w| rebuilder.run(w).result.is_ok());
        let full = full_build(root);
        if let Some(pages) = &full {
            last_good = pages.clone();
        }
        if let Some(ok) = ok {
            prop_assert_eq!(ok, full.is_some(), "after {:?}", e);
        }
        let now = served(&rebuilder);
        prop_assert!(now == last_good, "after {:?}: {}", e, first_difference(&now, &last_good));
    }
    Ok(())
}

#[test]
fn merged_work_covers_both_changes() {
    let root = Path::new("/x");
    let a = classify(root, "default", &[root.join("content/a/roadmap.md")]);
    let b = classify(root, "default", &[root.join("themes/default/templates/project.html")]);
    assert_eq!(merge(a, b), Some(Work::Full));
}

/// A running `milepost serve` on an ephemeral loopback port.
struct Served {
    child: Child,
    addr: String,
    log: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `milepost ARGS` in `root`; every line it prints on stderr is kept in the log and sent on the channel.
fn spawn(
    root: &Path,
    args: &[&str],
) -> (Child, std::sync::mpsc::Receiver<String>, std::sync::Arc<std::sync::Mutex<String>>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_milepost"))
        .args(args)
        .current_dir(root)
        .env("NO_COLOR", "1")
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("start milepost");
    let stderr = child.stderr.take().unwrap();
    let log = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let (tx, rx) = std::sync::mpsc::channel();
    let sink = std::sync::Arc::clone(&log);
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            sink.lock().unwrap().push_str(&format!("{line}\n"));
            let _ = tx.send(line);
        }
    });
    (child, rx, log)
}

/// The next line `milepost` prints that starts with `prefix` (a minute at most).
fn line_starting(rx: &std::sync::mpsc::Receiver<String>, prefix: &str) -> String {
    loop {
        let line =
            rx.recv_timeout(Duration::from_secs(60)).unwrap_or_else(|_| panic!("no line starting with {prefix:?}"));
        if line.starts_with(prefix) {
            return line;
        }
    }
}

fn serve(root: &Path, extra: &[&str]) -> Served {
    let args: Vec<&str> = ["serve", "--port", "0", "--today", TODAY].into_iter().chain(extra.iter().copied()).collect();
    let (child, rx, log) = spawn(root, &args);
    let line = line_starting(&rx, "serving ");
    let addr = line.split("http://").nth(1).and_then(|r| r.split('/').next()).expect("an address").to_string();
    Served { child, addr, log }
}

/// A raw HTTP/1.1 GET: status code and body.
fn get(addr: &str, target: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(s, "GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    (status, body)
}

/// The live-reload stream: each call waits for the next event of one of `names`.
struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    fn open(addr: &str) -> Events {
        let mut s = TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        write!(s, "GET /__milepost/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n").unwrap();
        let mut events = Events { reader: BufReader::new(s) };
        // the greeting tells the page whether the site is broken right now
        events.next(&["hello", "problem"]);
        events
    }

    /// The event's name and data.
    fn next(&mut self, names: &[&str]) -> (String, String) {
        let mut name = String::new();
        let mut data = String::new();
        loop {
            let mut line = String::new();
            let n = self.reader.read_line(&mut line).expect("event stream open");
            assert!(n > 0, "event stream closed");
            let line = line.trim_end();
            if let Some(x) = line.strip_prefix("event: ").or_else(|| line.strip_prefix("event:")) {
                name = x.trim().to_string();
            } else if let Some(x) = line.strip_prefix("data:") {
                data.push_str(x.trim_start());
                data.push('\n');
            } else if line.is_empty() && !name.is_empty() {
                if names.contains(&name.as_str()) {
                    return (name, data);
                }
                name.clear();
                data.clear();
            }
        }
    }
}

fn site() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    for (k, doc) in DOCS.iter().take(2).enumerate() {
        let dir = tmp.path().join(format!("content/p{k}"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("roadmap.md"), doc).unwrap();
    }
    std::fs::write(tmp.path().join("content/p0/status.yaml"), STATUS[0]).unwrap();
    tmp
}

#[test]
fn serve_reloads_on_edits_and_shows_problems_until_fixed() {
    let tmp = site();
    let root = tmp.path();
    let s = serve(root, &[]);
    assert!(s.addr.starts_with("127.0.0.1:"), "loopback by default: {}", s.addr);
    let (code, page) = get(&s.addr, "/p0/index.html");
    assert_eq!(code, 200);
    assert!(page.contains("/__milepost/live.js"), "the live-reload client is injected");
    assert!(!page.contains("Refunds"));

    // a vim-style save: probe file, swap file renamed onto the document
    let mut events = Events::open(&s.addr);
    let doc = root.join("content/p0/roadmap.md");
    let text = std::fs::read_to_string(&doc).unwrap() + "- [ ] **Refunds** (P1)\n";
    std::fs::write(root.join("content/p0/4913"), "").unwrap();
    std::fs::remove_file(root.join("content/p0/4913")).unwrap();
    std::fs::write(root.join("content/p0/.roadmap.md.swp"), &text).unwrap();
    std::fs::rename(root.join("content/p0/.roadmap.md.swp"), &doc).unwrap();
    let (_, data) = events.next(&["reload"]);
    assert!(data.contains("\"project\":\"p0\""), "{data}");
    assert!(get(&s.addr, "/p0/index.html").1.contains("Refunds"));
    // then the site-wide pages
    let (_, data) = events.next(&["site"]);
    assert!(data.contains("\"project\":\"p0\""), "{data}");
    assert!(get(&s.addr, "/index.html").1.contains("p0/index.html"));
    assert!(get(&s.addr, "/search.json").1.contains("Refunds"), "site-wide pages follow the edit");

    // a broken status.yaml: the problem with its place, the last good pages stay
    std::fs::write(root.join("content/p0/status.yaml"), "target: [2026-12-18\n").unwrap();
    let (_, problem) = events.next(&["problem"]);
    assert!(problem.contains("content/p0/status.yaml:"), "{problem}");
    let (code, page) = get(&s.addr, "/p0/index.html");
    assert_eq!(code, 200);
    assert!(page.contains("Refunds"));
    // a page opened now shows the problem at once
    let mut late = TcpStream::connect(&s.addr).unwrap();
    late.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(late, "GET /__milepost/events HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    let mut late = Events { reader: BufReader::new(late) };
    assert!(late.next(&["problem", "hello"]).0 == "problem");
    // fixed: the site recovers by itself
    std::fs::write(root.join("content/p0/status.yaml"), STATUS[1]).unwrap();
    events.next(&["site"]);
    assert!(get(&s.addr, "/p0/index.html").1.contains("Ana Lima"));
    let log = s.log.lock().unwrap().clone();
    assert_eq!(log.matches("content/p0/status.yaml:1").count(), 1, "each problem printed once: {log}");
}

#[test]
fn serve_answers_only_inside_the_site() {
    let tmp = site();
    let root = tmp.path();
    // a secret next to the site, and a link to it from inside content/
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.md"), "# Secret plans\n- [ ] **Hidden** (P1)\n").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(outside.path().join("secret.md"), root.join("content/p1/secret.md")).unwrap();
    let s = serve(root, &[]);
    for target in [
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/p0/%2E%2E/%2E%2E/secret.md",
        "//etc/passwd",
        "/p0/..%2f..%2fetc/passwd",
        "/content/p0/roadmap.md",
        "/site.yaml",
        "/p1/docs/secret.html",
    ] {
        let (code, body) = get(&s.addr, target);
        assert_eq!(code, 404, "{target}");
        assert!(!body.contains("root:") && !body.contains("Secret plans"), "{target}");
    }
    let (code, body) = get(&s.addr, "/no/such/page.html");
    assert_eq!(code, 404);
    assert!(body.contains("<html") && body.contains("p0/index.html"), "the themed 404 lists the projects");
    let (code, _) = get(&s.addr, "/p0");
    assert_eq!(code, 308, "a folder without its slash is redirected so relative links work");
}

/// A second process reads pages for 20 s while files change: no errors, and once edits settle every page is
/// the new one.
#[test]
fn serve_under_load_stays_correct() {
    let tmp = site();
    let root = tmp.path().to_path_buf();
    let s = serve(&root, &[]);
    let addr = s.addr.clone();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = std::sync::Arc::clone(&stop);
    let reader = std::thread::spawn(move || {
        let mut failures = Vec::new();
        let mut fetched = 0;
        while !flag.load(std::sync::atomic::Ordering::Relaxed) {
            for path in ["/index.html", "/p0/index.html", "/p1/index.html", "/compare/index.html", "/search.json"] {
                let (code, body) = get(&addr, path);
                fetched += 1;
                if code != 200 || body.is_empty() {
                    failures.push(format!("{path}: {code}"));
                }
            }
        }
        (fetched, failures)
    });
    let started = Instant::now();
    let mut k = 0;
    while started.elapsed() < Duration::from_secs(20) {
        k += 1;
        let text = format!("{}- [ ] **Edit {k}** (P2)\n", DOCS[0]);
        std::fs::write(root.join("content/p1/roadmap.md"), text).unwrap();
        std::thread::sleep(Duration::from_millis(150));
    }
    // settle: the last edit is served everywhere
    let mut events = Events::open(&s.addr);
    std::fs::write(root.join("content/p1/roadmap.md"), format!("{}- [ ] **Final edit** (P2)\n", DOCS[0])).unwrap();
    events.next(&["site"]);
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let (fetched, failures) = reader.join().unwrap();
    assert!(failures.is_empty(), "{failures:?}");
    assert!(fetched > 100, "only {fetched} pages fetched");
    assert!(get(&s.addr, "/p1/index.html").1.contains("Final edit"));
    assert!(get(&s.addr, "/search.json").1.contains("Final edit"));
    assert!(!get(&s.addr, "/p1/index.html").1.contains(&format!("Edit {k}<")));
}

/// `milepost watch` writes the site, then writes it again after an edit (atomically: the output folder is
/// replaced as a whole, so it always holds a complete site).
#[test]
fn watch_rebuilds_output_on_change() {
    let tmp = site();
    let root = tmp.path();
    let (mut child, rx, _) = spawn(root, &["watch", "--today", TODAY]);
    let wait = || line_starting(&rx, "wrote ");
    wait();
    assert!(!std::fs::read_to_string(root.join("output/p0/index.html")).unwrap().contains("Refunds"));
    std::fs::write(root.join("content/p0/roadmap.md"), format!("{}- [ ] **Refunds** (P1)\n", DOCS[0])).unwrap();
    wait();
    let _ = child.kill();
    let _ = child.wait();
    assert!(std::fs::read_to_string(root.join("output/p0/index.html")).unwrap().contains("Refunds"));
    assert!(std::fs::read_to_string(root.join("output/search.json")).unwrap().contains("Refunds"));
    assert!(root.join("output/.milepost-output").exists());
}
