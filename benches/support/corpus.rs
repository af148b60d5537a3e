//! Generated sites for the benchmarks.
//!
//! - [`generate`]: `n` projects, each a byte-for-byte copy of one of the three example projects (its Markdown
//!   documents, and its status.yaml when `with_status`). The build and serve benchmarks use it.
//! - [`varied`]: `n` projects made from the examples but each different: its own title, checkboxes ticked and
//!   unticked, numbers changed, a code block in one of four languages with its own identifiers, and (with
//!   `history`) a status.yaml whose history has eight weekly snapshots, so every report has a forecast and a
//!   backtest. The Hugo comparison uses it: Hugo builds the very same Markdown files.
//! - [`git_history`]: the varied Markdown committed over `commits` days into a git repository (one commit a day,
//!   each touching a few projects), for the git-history variant.

#![allow(dead_code)]

use std::path::Path;

const SEEDS: [&str; 3] = ["flutterbye", "rollingdrop", "timip"];

fn repo_content() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("content")
}

pub fn generate(root: &Path, n: usize, with_status: bool) {
    let repo = repo_content();
    for i in 0..n {
        let dir = root.join("content").join(format!("p{i:04}"));
        std::fs::create_dir_all(&dir).unwrap();
        for e in std::fs::read_dir(repo.join(SEEDS[i % 3])).unwrap() {
            let p = e.unwrap().path();
            if with_status || p.extension().is_some_and(|x| x == "md") {
                std::fs::copy(&p, dir.join(p.file_name().unwrap())).unwrap();
            }
        }
    }
}

/// A small deterministic generator (an LCG), so the corpus is the same on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407))
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

const ADJECTIVES: [&str; 12] = [
    "Amber", "Brisk", "Cobalt", "Distant", "Ember", "Frost", "Granite", "Harbor", "Indigo", "Juniper", "Kestrel",
    "Lumen",
];
const NOUNS: [&str; 10] =
    ["Bridge", "Compass", "Delta", "Engine", "Falcon", "Garden", "Horizon", "Lantern", "Meridian", "Orchard"];

/// The project's display name, e.g. "Cobalt Lantern 17".
pub fn title(i: usize) -> String {
    format!("{} {} {}", ADJECTIVES[i % ADJECTIVES.len()], NOUNS[(i / ADJECTIVES.len()) % NOUNS.len()], i)
}

/// One project's Markdown documents (file name, text) made from seed `i % 3`.
pub fn varied_documents(i: usize) -> Vec<(String, String)> {
    let repo = repo_content();
    let mut rng = Rng::new(i as u64);
    let mut names: Vec<_> = std::fs::read_dir(repo.join(SEEDS[i % 3]))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    names.sort();
    let mut docs = Vec::new();
    for (k, path) in names.iter().enumerate() {
        let bytes = std::fs::read(path).unwrap();
        // the seeds' broken encodings stay broken: only ASCII parts of lines are touched
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let mut out = String::with_capacity(text.len() + 1024);
        let mut titled = false;
        for line in text.lines() {
            if !titled && line.starts_with("# ") {
                out.push_str(&format!("# {}{}\n", title(i), if k > 0 { " assessment" } else { "" }));
                titled = true;
                continue;
            }
            out.push_str(&vary_line(line, &mut rng));
            out.push('\n');
        }
        if k == 0 {
            out.push_str(&code_section(i, &mut rng));
        }
        docs.push((path.file_name().unwrap().to_string_lossy().into_owned(), out));
    }
    docs
}

/// Ticks or unticks a checkbox now and then, and changes the small numbers in a line.
fn vary_line(line: &str, rng: &mut Rng) -> String {
    let mut s = line.to_string();
    if let Some(at) = s.find("- [ ]").or_else(|| s.find("- [x]"))
        && rng.below(4) == 0
    {
        let ticked = &s[at..at + 5] == "- [x]";
        s.replace_range(at..at + 5, if ticked { "- [ ]" } else { "- [x]" });
    }
    // single digits inside words of a line (counts, weeks, versions) change; dates and percentages keep their shape
    if rng.below(3) == 0 {
        let bytes: Vec<char> = s.chars().collect();
        let mut out = String::with_capacity(s.len());
        for (k, c) in bytes.iter().enumerate() {
            let lone = c.is_ascii_digit()
                && (k == 0 || !bytes[k - 1].is_ascii_digit())
                && bytes.get(k + 1).is_none_or(|n| !n.is_ascii_digit() && *n != '%' && *n != '-' && *n != '.');
            if lone && *c != '0' {
                out.push(char::from(b'1' + rng.below(9) as u8));
            } else {
                out.push(*c);
            }
        }
        s = out;
    }
    s
}

/// A "Technical notes" section with one code block (Rust, TypeScript, Bash or YAML) and its own identifiers.
fn code_section(i: usize, rng: &mut Rng) -> String {
    let id = format!("{}_{}", NOUNS[i % NOUNS.len()].to_lowercase(), i);
    let n = 3 + rng.below(5);
    let body = match i % 4 {
        0 => {
            let mut b = format!(
                "```rust\n/// Retries a {id} request with backoff.\npub fn retry_{id}(attempts: u32) -> Result<u64, String> {{\n"
            );
            for k in 0..n {
                b.push_str(&format!(
                    "    let delay_{k} = 2u64.pow({k}) * {};\n    if attempts > {k} {{ println!(\"attempt {k}: {{delay_{k}}} ms\"); }}\n",
                    10 + k
                ));
            }
            b.push_str("    Ok(attempts as u64)\n}\n```\n");
            b
        }
        1 => {
            let mut b = format!(
                "```typescript\nexport interface {}Config {{\n  endpoint: string;\n  retries: number;\n}}\n\nexport async function load_{id}(cfg: {}Config): Promise<number[]> {{\n  const out: number[] = [];\n",
                NOUNS[i % NOUNS.len()],
                NOUNS[i % NOUNS.len()]
            );
            for k in 0..n {
                b.push_str(&format!(
                    "  const r{k} = await fetch(`${{cfg.endpoint}}/page/{k}`, {{ method: \"GET\" }});\n  out.push(r{k}.status);\n"
                ));
            }
            b.push_str("  return out;\n}\n```\n");
            b
        }
        2 => {
            let mut b = format!("```bash\n#!/usr/bin/env bash\nset -euo pipefail\n# deploy {id}\n");
            for k in 0..n {
                b.push_str(&format!(
                    "if [ -f \"build/{id}-{k}.tar.gz\" ]; then\n  echo \"uploading part {k}\" && scp \"build/{id}-{k}.tar.gz\" deploy@host:/srv/\nfi\n"
                ));
            }
            b.push_str("```\n");
            b
        }
        _ => {
            let mut b = format!("```yaml\nname: {id}\non:\n  push:\n    branches: [main]\njobs:\n");
            for k in 0..n {
                b.push_str(&format!(
                    "  job_{k}:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: make test-{k} # {id}\n"
                ));
            }
            b.push_str("```\n");
            b
        }
    };
    format!("\n## Technical notes\n\nHow {} is wired up:\n\n{body}", title(i))
}

/// status.yaml for project `i`: the seed's own facts with eight weekly snapshots (2026-09-28 .. 2026-11-16) in place
/// of its history, the numbers ramping up at a rate of its own.
pub fn varied_status(i: usize) -> String {
    let seed = std::fs::read_to_string(repo_content().join(SEEDS[i % 3]).join("status.yaml")).unwrap();
    let mut out = String::new();
    let mut skipping = false;
    for line in seed.lines() {
        if line.starts_with("history:") {
            skipping = true;
            continue;
        }
        if skipping && (line.starts_with(' ') || line.starts_with('-')) {
            continue;
        }
        skipping = false;
        if line.starts_with("name:") {
            out.push_str(&format!("name: {}\n", title(i)));
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    let mut rng = Rng::new(i as u64 ^ 0x5eed);
    let total = 20 + rng.below(20);
    let mut done = rng.below(4);
    out.push_str("history:\n");
    for week in 0..8 {
        let date = crate_date(week);
        out.push_str(&format!("  - {{ date: {date}, done: {done}, total: {total} }}\n"));
        done = (done + rng.below(3)).min(total);
    }
    out
}

/// The Monday of week `week` counted from 2026-09-28.
fn crate_date(week: u64) -> String {
    const DATES: [&str; 8] = [
        "2026-09-28",
        "2026-10-05",
        "2026-10-12",
        "2026-10-19",
        "2026-10-26",
        "2026-11-02",
        "2026-11-09",
        "2026-11-16",
    ];
    DATES[week as usize].to_string()
}

/// Writes `n` varied projects into `root/content/pNNNNN/` (with status.yaml when `history`).
pub fn varied(root: &Path, n: usize, history: bool) {
    for i in 0..n {
        let dir = root.join("content").join(format!("p{i:05}"));
        std::fs::create_dir_all(&dir).unwrap();
        for (name, text) in varied_documents(i) {
            std::fs::write(dir.join(name), text).unwrap();
        }
        if history {
            std::fs::write(dir.join("status.yaml"), varied_status(i)).unwrap();
        }
    }
}

/// A git repository at `root` holding `n` varied projects, their roadmaps growing over `commits` daily commits
/// (each commit rewrites the roadmaps of a few projects with a few more items ticked), made with `git fast-import`.
pub fn git_history(root: &Path, n: usize, commits: usize) {
    use std::io::Write;
    use std::process::{Command, Stdio};
    std::fs::create_dir_all(root).unwrap();
    let git = |args: &[&str]| {
        let out = Command::new("git").args(args).current_dir(root).output().unwrap();
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    git(&["init", "-q", "-b", "main"]);
    let docs: Vec<Vec<(String, String)>> = (0..n).map(varied_documents).collect();
    let base = 1_767_225_600i64; // 2026-01-01
    let mut stream = Vec::new();
    for day in 0..commits {
        let when = base + day as i64 * 86_400;
        let msg = format!("day {day}\n");
        write!(stream, "commit refs/heads/main\ncommitter t <t@example.com> {when} +0000\ndata {}\n{msg}", msg.len())
            .unwrap();
        let touched: Vec<usize> =
            if day == 0 { (0..n).collect() } else { (0..4).map(|k| (day * 7 + k * 13) % n.max(1)).collect() };
        for p in touched {
            for (name, text) in &docs[p] {
                // the share of boxes ticked grows with the day: untick the later ones
                let keep = (day + 1) as f64 / commits as f64;
                let mut seen = 0usize;
                let body: String = text
                    .lines()
                    .map(|l| {
                        if l.contains("- [x]") {
                            seen += 1;
                            if (seen as f64) > keep * 40.0 {
                                return l.replacen("- [x]", "- [ ]", 1) + "\n";
                            }
                        }
                        format!("{l}\n")
                    })
                    .collect();
                write!(stream, "M 100644 inline content/p{p:05}/{name}\ndata {}\n{body}\n", body.len()).unwrap();
            }
        }
    }
    let mut child =
        Command::new("git").args(["fast-import", "--quiet"]).current_dir(root).stdin(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(&stream).unwrap();
    assert!(child.wait().unwrap().success());
    git(&["checkout", "-q", "-f", "main"]);
}
