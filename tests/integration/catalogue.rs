//! The bad-input catalogue: every case is one entry in `CASES`. Each case starts from a good build of a small
//! site (so there is a previous `output/` to lose), then writes its files, runs its setup, runs milepost and
//! checks:
//! - no panic (exit 101, "panicked") and no hang (a time limit per run);
//! - the exit code and every pinned piece of the message;
//! - after a failed run, the whole folder around the site (previous output, content, every other file) is
//!   byte-identical to what it was before the run; after a successful one, everything outside the output is;
//! - the case's own check on what was built (HTML, SVG, CSV, JSON).
//!
//! To add a case, add an entry: `Case { name, files, args, exit, stderr, ..BASE }`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::support::git_at;

struct Case {
    name: &'static str,
    /// Files written into the site folder after the good build (paths relative to the site; `../x` is beside it).
    files: &'static [(&'static str, &'static str)],
    /// Anything files cannot express: symlinks, FIFOs, git repositories.
    setup: Option<fn(&Path)>,
    /// Arguments; the site folder is the working directory.
    args: &'static [&'static str],
    env: &'static [(&'static str, &'static str)],
    exit: i32,
    /// Pieces of stderr that must be there.
    stderr: &'static [&'static str],
    /// Pieces of stderr that must not be.
    not_stderr: &'static [&'static str],
    /// More checks, given the site folder and stderr.
    check: Option<fn(&Path, &str)>,
}

const BUILD: &[&str] = &["build", "--today", "2026-11-22"];

const BASE: Case = Case {
    name: "",
    files: &[],
    setup: None,
    args: BUILD,
    env: &[],
    exit: 0,
    stderr: &[],
    not_stderr: &[],
    check: None,
};

/// The good site every case starts from.
const GOOD: &[(&str, &str)] = &[
    ("site.yaml", "title: Catalogue\n"),
    ("content/alpha/roadmap.md", "# Alpha\n\n## Now\n- [x] Login\n- [ ] Payments\n- [ ] Search\n"),
];

fn out(site: &Path, rel: &str) -> String {
    std::fs::read_to_string(site.join("output").join(rel)).unwrap_or_else(|e| panic!("output/{rel}: {e}"))
}

/// Every built file of the output, as text.
fn all_output(site: &Path) -> String {
    snapshot(&site.join("output")).into_values().map(|b| String::from_utf8_lossy(&b).into_owned()).collect()
}

/// No attribute in any built file holds a script-capable URL (the words may stay as text).
fn no_script_urls(site: &Path, _: &str) {
    let all = all_output(site).to_lowercase();
    for scheme in ["javascript:", "vbscript:", "data:"] {
        for quote in ['"', '\''] {
            let bad = format!("={quote}{scheme}");
            assert!(!all.contains(&bad), "output contains {bad}");
        }
    }
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) {
    std::fs::create_dir_all(link.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(target, link).unwrap();
}

fn git(dir: &Path, args: &[&str]) {
    git_at(dir, args, "2026-11-20T12:00:00Z");
}

/// A repository with two commits of the roadmap, on two days.
fn repo_with_history(site: &Path) {
    git(site, &["init", "-q"]);
    git(site, &["add", "content", "site.yaml"]);
    git_at(site, &["commit", "-qm", "one"], "2026-11-19T12:00:00Z");
    std::fs::write(
        site.join("content/alpha/roadmap.md"),
        "# Alpha\n\n## Now\n- [x] Login\n- [x] Payments\n- [ ] Search\n",
    )
    .unwrap();
    git_at(site, &["commit", "-qam", "two"], "2026-11-20T12:00:00Z");
}

static CASES: &[Case] = &[
    // ---------------------------------------------------------------- output safety
    Case {
        name: "output is the content folder",
        args: &["build", "--today", "2026-11-22", "--output", "content"],
        exit: 2,
        stderr: &["refusing to write to `content`: it is inside the site's `content/` folder", "help: pick a folder"],
        ..BASE
    },
    Case {
        name: "output is .git",
        files: &[(".git/HEAD", "ref: refs/heads/main\n")],
        args: &["build", "--today", "2026-11-22", "--output", ".git"],
        exit: 2,
        stderr: &["refusing to write to `.git`"],
        ..BASE
    },
    Case {
        name: "output is the site folder",
        args: &["build", "--today", "2026-11-22", "--output", "."],
        exit: 2,
        stderr: &["it is the site folder itself"],
        ..BASE
    },
    Case {
        name: "output holds the site",
        args: &["build", "--today", "2026-11-22", "--output", ".."],
        exit: 2,
        stderr: &["it holds the site folder"],
        ..BASE
    },
    Case {
        name: "output is a theme folder",
        files: &[("themes/mine/templates/index.html", "{{ site.title }}")],
        args: &["build", "--today", "2026-11-22", "--output", "themes/mine"],
        exit: 2,
        stderr: &["inside the site's `themes/` folder"],
        ..BASE
    },
    Case {
        name: "output is an unrelated folder with documents",
        files: &[("../documents/letter.txt", "Dear ..."), ("../documents/taxes/2026.csv", "1,2")],
        args: &["build", "--today", "2026-11-22", "--output", "../documents"],
        exit: 2,
        stderr: &["refusing to replace `../documents`: it is not empty and milepost did not make it", "help:"],
        ..BASE
    },
    Case {
        name: "output names a file",
        files: &[("../notes.txt", "keep me")],
        args: &["build", "--today", "2026-11-22", "--output", "../notes.txt"],
        exit: 2,
        stderr: &["it is a file, not a folder"],
        ..BASE
    },
    Case {
        name: "output inside content of a project",
        args: &["build", "--today", "2026-11-22", "--output", "content/alpha/site"],
        exit: 2,
        stderr: &["inside the site's `content/` folder"],
        ..BASE
    },
    Case {
        name: "user files in the output are kept",
        files: &[
            ("output/CNAME", "roadmaps.example.org\n"),
            ("output/.git/HEAD", "ref: refs/heads/gh-pages\n"),
            ("output/.well-known/security.txt", "Contact: x\n"),
            ("output/robots.txt", "User-agent: *\n"),
            ("output/stale.html", "old page"),
            ("site.yaml", "title: Catalogue\nkeep: [robots.txt]\n"),
        ],
        check: Some(|site, _| {
            assert_eq!(out(site, "CNAME"), "roadmaps.example.org\n");
            assert_eq!(out(site, ".git/HEAD"), "ref: refs/heads/gh-pages\n");
            assert_eq!(out(site, ".well-known/security.txt"), "Contact: x\n");
            assert_eq!(out(site, "robots.txt"), "User-agent: *\n");
            assert!(!site.join("output/stale.html").exists(), "stale page kept");
            assert!(site.join("output/.milepost-output").is_file());
        }),
        ..BASE
    },
    Case {
        name: "a new output folder holding only files listed under keep is fine",
        files: &[("site.yaml", "title: Catalogue\nkeep: [robots.txt]\n"), ("../public/robots.txt", "User-agent: *\n")],
        args: &["build", "--today", "2026-11-22", "--output", "../public"],
        check: Some(|site, _| {
            let public = site.parent().unwrap().join("public");
            assert_eq!(std::fs::read_to_string(public.join("robots.txt")).unwrap(), "User-agent: *\n");
            assert!(public.join("index.html").is_file());
        }),
        ..BASE
    },
    Case {
        name: "a new output folder holding only a gh-pages worktree is fine",
        files: &[("../pages/.git", "gitdir: /elsewhere\n"), ("../pages/CNAME", "x.example.org\n")],
        args: &["build", "--today", "2026-11-22", "--output", "../pages"],
        check: Some(|site, _| {
            let pages = site.parent().unwrap().join("pages");
            assert_eq!(std::fs::read_to_string(pages.join(".git")).unwrap(), "gitdir: /elsewhere\n");
            assert_eq!(std::fs::read_to_string(pages.join("CNAME")).unwrap(), "x.example.org\n");
            assert!(pages.join("alpha/index.html").is_file());
        }),
        ..BASE
    },
    #[cfg(unix)]
    Case {
        name: "a symlinked output is written through, the link kept",
        setup: Some(|site| {
            std::fs::create_dir_all(site.join("../real")).unwrap();
            symlink(&site.join("../real"), &site.join("../linked"));
        }),
        args: &["build", "--today", "2026-11-22", "--output", "../linked"],
        check: Some(|site, _| {
            let link = site.join("../linked");
            assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
            assert!(site.join("../real/alpha/index.html").is_file());
        }),
        ..BASE
    },
    #[cfg(unix)]
    Case {
        name: "a dangling output link is refused",
        setup: Some(|site| symlink(&site.join("../nowhere"), &site.join("../dangling"))),
        args: &["build", "--today", "2026-11-22", "--output", "../dangling"],
        exit: 2,
        stderr: &["is a symbolic link that points nowhere"],
        ..BASE
    },
    Case {
        name: "the history cache cannot be written: the build still succeeds",
        setup: Some(|site| {
            // the good build made the folder (it records what it built): a file takes its place
            let _ = std::fs::remove_dir_all(site.join(".milepost-cache"));
            std::fs::write(site.join(".milepost-cache"), "a file where the cache folder should be").unwrap();
            repo_with_history(site);
        }),
        stderr: &["warning: failed to create", "the next build replays git history again"],
        check: Some(|site, _| assert!(site.join("output/alpha/index.html").is_file())),
        ..BASE
    },
    // ---------------------------------------------------------------- URL safety
    Case {
        name: "javascript link",
        files: &[("content/alpha/roadmap.md", "# Alpha\n\n- [ ] Docs: [read](javascript:alert(1))\n")],
        stderr: &["warning: content/alpha/roadmap.md:3: link to `javascript:alert(1)` removed"],
        check: Some(|site, e| {
            no_script_urls(site, e);
            assert!(out(site, "alpha/docs/roadmap.html").contains("Docs: read"), "link text lost");
        }),
        ..BASE
    },
    Case {
        name: "upper-case javascript link",
        files: &[("content/alpha/roadmap.md", "# Alpha\n\n[x](JaVaScRiPt:alert(1))\n")],
        stderr: &["link to `JaVaScRiPt:alert(1)` removed"],
        check: Some(no_script_urls),
        ..BASE
    },
    Case {
        name: "entity-encoded javascript link",
        files: &[(
            "content/alpha/roadmap.md",
            "# Alpha\n\n[x](javascript&#58;alert(1))\n[y](&#106;avascript:alert(2))\n",
        )],
        stderr: &["link to `javascript:alert(1)` removed", "link to `javascript:alert(2)` removed"],
        check: Some(no_script_urls),
        ..BASE
    },
    Case {
        name: "javascript autolink",
        files: &[("content/alpha/roadmap.md", "# Alpha\n\nSee <javascript:alert(1)>\n")],
        stderr: &["removed"],
        check: Some(no_script_urls),
        ..BASE
    },
    Case {
        name: "javascript reference link",
        files: &[("content/alpha/roadmap.md", "# Alpha\n\nSee [the docs][d].\n\n[d]: javascript:alert(1)\n")],
        stderr: &["content/alpha/roadmap.md:3: link to `javascript:alert(1)` removed"],
        check: Some(no_script_urls),
        ..BASE
    },
    Case {
        name: "whitespace-obfuscated javascript link",
        files: &[(
            "content/alpha/roadmap.md",
            "# Alpha\n\n[x](<java\tscript:alert(1)>)\n[y](java&#9;script:alert(1))\n",
        )],
        stderr: &["removed"],
        check: Some(|site, _| {
            let html = out(site, "alpha/docs/roadmap.html").to_lowercase();
            assert!(html.contains(">x<") || html.contains("x\n"), "{html}");
            assert!(!html.contains("href=\"java"), "script link survived");
        }),
        ..BASE
    },
    Case {
        name: "data: image and link",
        files: &[(
            "content/alpha/roadmap.md",
            "# Alpha\n\n![chart](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)\n[x](data:text/html,<script>alert(1)</script>)\n",
        )],
        stderr: &["image to `data:text/html", "link to `data:text/html"],
        check: Some(no_script_urls),
        ..BASE
    },
    Case {
        name: "vbscript link",
        files: &[("content/alpha/roadmap.md", "# Alpha\n\n[x](vbscript:msgbox(1))\n")],
        stderr: &["link to `vbscript:msgbox(1)` removed"],
        check: Some(no_script_urls),
        ..BASE
    },
    Case {
        name: "raw HTML with script URLs",
        files: &[(
            "content/alpha/roadmap.md",
            "# Alpha\n\n<a href=\"javascript:alert(1)\">x</a>\n\n<div><img src=\"data:text/html,x\"><a href=\"vbscript:y\">y</a></div>\n",
        )],
        check: Some(no_script_urls),
        ..BASE
    },
    Case {
        name: "safe links survive",
        files: &[(
            "content/alpha/roadmap.md",
            "# Alpha\n\n[web](https://example.org/a) [mail](mailto:team@example.org) [rel](notes.md) [frag](#alpha)\n",
        )],
        not_stderr: &["removed"],
        check: Some(|site, _| {
            let html = out(site, "alpha/docs/roadmap.html");
            // documents are published one folder down: a sibling document's link goes to its page
            for href in ["https://example.org/a", "mailto:team@example.org", "notes.html", "#alpha"] {
                assert!(html.contains(&format!("href=\"{href}\"")), "{href} lost");
            }
        }),
        ..BASE
    },
    Case {
        name: "base-url with a script scheme",
        files: &[("site.yaml", "title: Catalogue\nbase-url: \"javascript:alert(1)//\"\n")],
        stderr: &[
            "warning: site.yaml:2:1: `base-url: javascript:alert(1)//` is not an http(s) address or a path; ignored",
        ],
        check: Some(no_script_urls),
        ..BASE
    },
    Case {
        name: "--base-url with a script scheme",
        args: &["build", "--today", "2026-11-22", "--base-url", "javascript:alert(1)//"],
        exit: 2,
        stderr: &["--base-url `javascript:alert(1)//` is not an http(s) address or a path"],
        ..BASE
    },
    // ---------------------------------------------------------------- stay inside the site
    #[cfg(unix)]
    Case {
        name: "a roadmap symlinked to /etc/passwd",
        setup: Some(|site| symlink(Path::new("/etc/passwd"), &site.join("content/alpha/passwd.md"))),
        stderr: &[
            "warning: content/alpha/passwd.md: symbolic link to `/etc/passwd`, outside the site folder; not followed",
        ],
        check: Some(|site, _| assert!(!all_output(site).contains("root:"), "/etc/passwd published")),
        ..BASE
    },
    #[cfg(unix)]
    Case {
        name: "a roadmap symlinked to the environment",
        env: &[("MILEPOST_CATALOGUE_SECRET", "s3cr3t-token")],
        setup: Some(|site| symlink(Path::new("/proc/self/environ"), &site.join("content/alpha/env.md"))),
        stderr: &["outside the site folder; not followed"],
        check: Some(|site, _| assert!(!all_output(site).contains("s3cr3t-token"), "environment published")),
        ..BASE
    },
    #[cfg(unix)]
    Case {
        name: "a project folder symlinked outside",
        files: &[("../private/roadmap.md", "# Private\n\n- [ ] Secret plan\n")],
        setup: Some(|site| symlink(&site.join("../private"), &site.join("content/private"))),
        stderr: &["warning: content/private: symbolic link to"],
        check: Some(|site, _| assert!(!all_output(site).contains("Secret plan"))),
        ..BASE
    },
    #[cfg(unix)]
    Case {
        name: "a theme static folder symlinked outside",
        files: &[
            ("site.yaml", "title: Catalogue\ntheme: mine\n"),
            ("themes/mine/templates/.keep", ""),
            ("../outside/secret.txt", "top secret"),
        ],
        setup: Some(|site| symlink(&site.join("../outside"), &site.join("themes/mine/static"))),
        stderr: &["warning: themes/mine/static: symbolic link to"],
        check: Some(|site, _| assert!(!site.join("output/static/secret.txt").exists())),
        ..BASE
    },
    #[cfg(unix)]
    Case {
        name: "a symlink inside the site is followed",
        files: &[("shared/plan.md", "# Alpha plan\n\n- [ ] Shared item\n")],
        setup: Some(|site| symlink(Path::new("../../shared/plan.md"), &site.join("content/alpha/plan.md"))),
        not_stderr: &["symbolic link"],
        check: Some(|site, _| assert!(out(site, "alpha/index.html").contains("Shared item"))),
        ..BASE
    },
    #[cfg(unix)]
    Case {
        name: "a FIFO named like a roadmap",
        setup: Some(|site| {
            let o = Command::new("mkfifo").arg(site.join("content/alpha/pipe.md")).output().unwrap();
            assert!(o.status.success());
        }),
        stderr: &["warning: content/alpha/pipe.md: not a regular file"],
        ..BASE
    },
    Case {
        name: "theme given as a relative path",
        files: &[("site.yaml", "title: Catalogue\ntheme: ../../x\n")],
        exit: 1,
        stderr: &["error: site.yaml:2:1: `theme: ../../x` is not a theme name", "2 | theme: ../../x", "help:"],
        ..BASE
    },
    Case {
        name: "theme given as an absolute path",
        files: &[("site.yaml", "theme: /etc\n")],
        exit: 1,
        stderr: &["error: site.yaml:1:1: `theme: /etc` is not a theme name"],
        ..BASE
    },
    Case {
        name: "theme that does not exist",
        files: &[("site.yaml", "title: T\n\ntheme: fancy\n")],
        exit: 1,
        stderr: &["error: site.yaml:3:1: theme `fancy` not found", "help: create the folder"],
        ..BASE
    },
    // ---------------------------------------------------------------- no panics
    Case {
        name: "--today at the end of time",
        args: &["build", "--today", "9999-12-31"],
        exit: 2,
        stderr: &["`9999-12-31` is not a date between 1900-01-01 and 2199-12-31"],
        ..BASE
    },
    Case {
        name: "SOURCE_DATE_EPOCH at the end of time",
        args: &["build"],
        env: &[("SOURCE_DATE_EPOCH", "253402300799")],
        exit: 2,
        stderr: &["SOURCE_DATE_EPOCH=`253402300799` is not a time between 1900 and 2199", "help:"],
        ..BASE
    },
    Case {
        name: "SOURCE_DATE_EPOCH not a number",
        args: &["build"],
        env: &[("SOURCE_DATE_EPOCH", "yesterday")],
        exit: 2,
        stderr: &["SOURCE_DATE_EPOCH=`yesterday` is not a number of seconds"],
        ..BASE
    },
    Case {
        name: "target near year 9999",
        files: &[("content/alpha/status.yaml", "start: 2026-10-01\ntarget: 9999-12-31\n")],
        exit: 1,
        stderr: &["error: content/alpha/status.yaml:2:1: `target: 9999-12-31` is outside the years 1900 to 2199"],
        ..BASE
    },
    Case {
        name: "huge week and day windows",
        files: &[
            ("content/alpha/status.yaml", "start: 2070-01-01\ntarget: 2070-06-01\n"),
            (
                "content/alpha/roadmap.md",
                "# Alpha\n\n### 1. Far (Week 4294967295)\n**Status**: todo\n\n### 2. Farther (Day 99999999)\n**Status**: todo\n\n### 3. Month (Month 4000000000)\n**Status**: todo\n",
            ),
        ],
        ..BASE
    },
    Case {
        name: "effort history with a tiny net rate",
        files: &[(
            "content/alpha/status.yaml",
            "start: 2026-10-01\ntarget: 2026-12-01\nhistory:\n  - { date: 2026-10-05, done: 0, total: 3, effort-done: 0, effort-total: 1000 }\n  - { date: 2026-10-19, done: 1, total: 3, effort-done: 500, effort-total: 1499.99999 }\n  - { date: 2026-11-02, done: 2, total: 3, effort-done: 1000, effort-total: 1999.99999 }\n",
        )],
        ..BASE
    },
    Case {
        name: "snapshot with done above total",
        files: &[(
            "content/alpha/status.yaml",
            "history:\n  - { date: 2026-10-05, done: 1, total: 3 }\n  - { date: 2026-10-12, done: 12, total: 10 }\n  - { date: 2026-10-19, done: 2, total: 3 }\n",
        )],
        exit: 1,
        stderr: &["content/alpha/status.yaml:3: snapshot 2026-10-12: done (12) is more than total (10)"],
        ..BASE
    },
    Case {
        name: "readiness line with Kelvin signs",
        files: &[(
            "content/alpha/roadmap.md",
            "# Alpha\n\n**Overall Readiness**: \u{212A}\u{212A}\u{212A}\u{212A}\u{212A}\u{212A} 50%\n- [ ] a\n",
        )],
        ..BASE
    },
    Case {
        name: "KPI bullet with a non-ASCII letter where `handle` is checked",
        files: &[(
            "content/alpha/roadmap.md",
            "# Alpha\n\n## KPIs\n- handleé 5 users\n- Handle 5,000+ concurrent users\n",
        )],
        ..BASE
    },
    Case {
        name: "a 400-digit score and effort",
        files: &[(
            "content/alpha/roadmap.md",
            "# Alpha\n\nOverall Score: 99999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999/99999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999\n\n### 1. Big\n**Effort**: 99999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999 days\n",
        )],
        check: Some(|site, _| {
            let all = all_output(site);
            assert!(!all.contains("NaN") && !all.contains("inf d"), "non-finite number published");
        }),
        ..BASE
    },
    // ---------------------------------------------------------------- no hangs
    Case {
        name: "infinite effort total",
        files: &[(
            "content/alpha/status.yaml",
            "history:\n  - { date: 2026-10-05, done: 0, total: 3, effort-done: 0, effort-total: .inf }\n",
        )],
        exit: 1,
        stderr: &["error: content/alpha/status.yaml:2:", "is not a finite number"],
        ..BASE
    },
    Case {
        name: "effort near the largest float",
        files: &[(
            "content/alpha/status.yaml",
            "history:\n  - { date: 2026-10-05, done: 0, total: 3, effort-done: 0, effort-total: 1.7e308 }\n",
        )],
        exit: 1,
        stderr: &["content/alpha/status.yaml:2:", "implausibly large"],
        ..BASE
    },
    Case {
        name: "snapshot dated year 1",
        files: &[("content/alpha/status.yaml", "history:\n  - { date: 0001-01-01, done: 0, total: 3 }\n")],
        exit: 1,
        stderr: &["content/alpha/status.yaml:2:", "history date `0001-01-01` is outside the years 1900 to 2199"],
        ..BASE
    },
    Case {
        name: "a one-digit year typo in the target",
        files: &[("content/alpha/status.yaml", "start: 2026-10-05\ntarget: 1926-10-05\n")],
        exit: 1,
        stderr: &["`target: 1926-10-05` is more than 50 years from the report date 2026-11-22", "help: check the year"],
        ..BASE
    },
    Case {
        name: "a theme template with runaway nested loops",
        files: &[
            ("site.yaml", "title: Catalogue\ntheme: slow\nrender-timeout: 1\n"),
            (
                "themes/slow/templates/index.html",
                "{% for a in range(end=100000) %}{% for b in range(end=100000) %}{% for c in range(end=100000) %}.{% endfor %}{% endfor %}{% endfor %}",
            ),
        ],
        exit: 1,
        stderr: &["error: templates/index.html: rendering one page took longer than 1 s", "nothing was written"],
        ..BASE
    },
    // ---------------------------------------------------------------- no silent wrong output
    Case {
        name: "unclosed HTML comment",
        files: &[(
            "content/alpha/roadmap.md",
            "# Alpha\n\n- [x] Login\n<!-- draft notes\n- [ ] Payments\n- [ ] Search\n",
        )],
        stderr: &[
            "warning: content/alpha/roadmap.md:4: HTML comment `<!--` is never closed: the 2 line(s) after it are hidden from the report, 2 of them",
        ],
        ..BASE
    },
    Case {
        name: "unclosed code fence",
        files: &[("content/alpha/roadmap.md", "# Alpha\n\n```bash\nmake\n\n- [ ] Payments\n")],
        stderr: &["warning: content/alpha/roadmap.md:3: code fence is never closed"],
        ..BASE
    },
    Case {
        name: "NaN effort done",
        files: &[(
            "content/alpha/status.yaml",
            "history:\n  - { date: 2026-10-05, done: 0, total: 3, effort-done: .nan, effort-total: 4 }\n",
        )],
        exit: 1,
        stderr: &["is not a finite number"],
        ..BASE
    },
    Case {
        name: "negative effort",
        files: &[(
            "content/alpha/status.yaml",
            "history:\n  - { date: 2026-10-05, done: 0, total: 3, effort-done: -4, effort-total: 4 }\n",
        )],
        exit: 1,
        stderr: &["is negative"],
        ..BASE
    },
    Case {
        name: "RICE with an infinite reach",
        files: &[(
            "content/alpha/status.yaml",
            "items:\n  payments:\n    rice: { reach: .inf, impact: 1, confidence: 50, effort: 1 }\n",
        )],
        exit: 1,
        stderr: &["content/alpha/status.yaml:3:", "is not a finite number"],
        ..BASE
    },
    Case {
        name: "RICE with zero effort shows no score",
        files: &[(
            "content/alpha/status.yaml",
            "items:\n  payments:\n    rice: { reach: 100, impact: 1, confidence: 50, effort: 0 }\n",
        )],
        check: Some(|site, _| {
            let html = out(site, "alpha/index.html");
            assert!(!html.contains("inf") && !html.contains("NaN"), "non-finite RICE shown");
        }),
        ..BASE
    },
    Case {
        name: "readiness out of range",
        files: &[("content/alpha/status.yaml", "readiness: 250\n")],
        exit: 1,
        stderr: &["content/alpha/status.yaml:1:1: readiness 250 is out of range"],
        ..BASE
    },
    Case {
        name: "an empty vocabulary word",
        files: &[("site.yaml", "vocabulary:\n  status:\n    done: [merged, \"\"]\n")],
        exit: 1,
        stderr: &["error: site.yaml:3:5: `vocabulary.status.done` has an empty word, which would match everything"],
        ..BASE
    },
    Case {
        name: "status.yml next to status.yaml",
        files: &[("content/alpha/status.yaml", "owner: A\n"), ("content/alpha/status.yml", "owner: B\n")],
        exit: 1,
        stderr: &[
            "error: content/alpha/status.yml: both `content/alpha/status.yaml` and `content/alpha/status.yml` exist",
        ],
        ..BASE
    },
    Case {
        name: "status.yml alone is read",
        files: &[("content/alpha/status.yml", "owner: Bea Example\n")],
        check: Some(|site, _| assert!(out(site, "alpha/index.html").contains("Bea Example"))),
        ..BASE
    },
    Case {
        name: "project named priorities",
        files: &[("content/priorities/roadmap.md", "# P\n\n- [ ] x\n")],
        exit: 1,
        stderr: &["error: content/priorities: project folder `priorities` has a name the site uses for its own pages"],
        ..BASE
    },
    Case {
        name: "project named api",
        files: &[("content/api/roadmap.md", "# API\n\n- [ ] x\n")],
        exit: 1,
        stderr: &["project folder `api` has a name the site uses"],
        ..BASE
    },
    Case {
        name: "project named static in capitals",
        files: &[("content/Static/roadmap.md", "# S\n\n- [ ] x\n")],
        exit: 1,
        stderr: &["project folder `Static`"],
        ..BASE
    },
    Case {
        name: "folder names with ? # % and a space",
        files: &[("content/a?b#c%d e/roadmap.md", "# Odd\n\n- [ ] x\n")],
        check: Some(|site, _| {
            assert!(site.join("output/a?b#c%d e/index.html").is_file());
            let index = out(site, "index.html");
            assert!(index.contains("href=\"a%3Fb%23c%25d%20e/index.html\""), "slug not percent-encoded");
        }),
        ..BASE
    },
    Case {
        name: "an empty project folder",
        setup: Some(|site| std::fs::create_dir_all(site.join("content/empty")).unwrap()),
        stderr: &["warning: content/empty: project folder has no Markdown documents; it is left out of the site"],
        check: Some(|site, _| {
            assert!(site.join("output/alpha/index.html").is_file());
            assert!(!site.join("output/empty").exists());
        }),
        ..BASE
    },
    Case {
        name: "a project folder with only status.yaml",
        files: &[("content/beta/status.yaml", "owner: B\n")],
        stderr: &["warning: content/beta: project folder has no Markdown documents (only a status file)"],
        ..BASE
    },
    Case {
        name: "a damaged git history",
        setup: Some(|site| {
            repo_with_history(site);
            // delete the first commit's tree object: the history is walked, with that day missing
            let o = Command::new("git").args(["rev-parse", "HEAD~1^{tree}"]).current_dir(site).output().unwrap();
            let tree = String::from_utf8(o.stdout).unwrap().trim().to_string();
            std::fs::remove_file(site.join(".git/objects").join(&tree[..2]).join(&tree[2..])).unwrap();
        }),
        stderr: &["warning: content/alpha: git history is damaged", "help: run `git fsck`"],
        ..BASE
    },
    Case {
        name: "a git history with a missing document blob",
        setup: Some(|site| {
            repo_with_history(site);
            let o = Command::new("git")
                .args(["rev-parse", "HEAD~1:content/alpha/roadmap.md"])
                .current_dir(site)
                .output()
                .unwrap();
            let blob = String::from_utf8(o.stdout).unwrap().trim().to_string();
            std::fs::remove_file(site.join(".git/objects").join(&blob[..2]).join(&blob[2..])).unwrap();
        }),
        stderr: &["warning: content/alpha: git history is damaged: 1 object could not be read", "roadmap.md in commit"],
        ..BASE
    },
    Case {
        name: "a shallow clone",
        setup: Some(|site| {
            let origin = site.parent().unwrap().join("origin");
            std::fs::create_dir_all(&origin).unwrap();
            for (rel, text) in GOOD {
                let p = origin.join(rel);
                std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                std::fs::write(p, text).unwrap();
            }
            repo_with_history(&origin);
            let url = format!("file://{}", origin.display());
            git(site, &["clone", "-q", "--depth", "1", &url, "clone"]);
            // make the clone the site: move its .git in
            std::fs::rename(site.join("clone/.git"), site.join(".git")).unwrap();
            std::fs::remove_dir_all(site.join("clone")).unwrap();
        }),
        stderr: &[
            "warning: .git: the git repository is a shallow clone: history is cut off, only 1 commit could be used",
        ],
        ..BASE
    },
    // ---------------------------------------------------------------- terminal safety
    Case {
        name: "escape sequences in a code-fence language",
        files: &[("content/alpha/roadmap.md", "# Alpha\n\n```\u{1b}[2J\u{1b}[31mevil\ncode\n```\n")],
        stderr: &["unknown code language `\\u{1b}[2J\\u{1b}[31mevil`"],
        check: Some(|_, stderr| assert!(!stderr.contains('\u{1b}'), "raw ESC reached the terminal")),
        ..BASE
    },
    Case {
        name: "a folder name with a newline forging an error line",
        files: &[("content/x\nerror: forged/roadmap.md", "# X\n\n[a](javascript:x)\n")],
        check: Some(|_, stderr| {
            assert!(!stderr.lines().any(|l| l.starts_with("error: forged")), "forged line: {stderr}");
            assert!(stderr.contains("x\\nerror: forged"), "{stderr}");
        }),
        ..BASE
    },
    Case {
        name: "escape sequences in a title shown by inspect",
        files: &[("content/alpha/roadmap.md", "# Al\u{1b}]0;owned\u{7}pha\n\n- [ ] Payments\n")],
        args: &["inspect", "content/alpha/roadmap.md"],
        check: Some(|site, _| {
            let out = Command::new(env!("CARGO_BIN_EXE_milepost"))
                .args(["inspect", "content/alpha/roadmap.md"])
                .current_dir(site)
                .output()
                .unwrap();
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(!text.contains('\u{1b}') && text.contains("\\u{1b}"), "{text}");
        }),
        ..BASE
    },
    // ---------------------------------------------------------------- messages
    Case {
        name: "site.yaml today not a date",
        files: &[("site.yaml", "title: T\ntoday: 22/11/2026\n")],
        args: &["build"],
        exit: 1,
        stderr: &["error: site.yaml:2:1: `today: 22/11/2026` is not a date", "help: write it as YYYY-MM-DD"],
        ..BASE
    },
    Case {
        name: "site.yaml working-days misspelt",
        files: &[("site.yaml", "working-days: [mon, tue, wendsday]\n")],
        exit: 1,
        stderr: &["error: site.yaml:1:1: `working-days` has `wendsday`", "help: list weekday names"],
        ..BASE
    },
    Case {
        name: "site.yaml unknown key",
        files: &[("site.yaml", "titel: T\n")],
        exit: 1,
        stderr: &["error: site.yaml:1:1: unknown field `titel`", "help: did you mean `title`?"],
        ..BASE
    },
    Case {
        name: "site.yaml keep naming a path",
        files: &[("site.yaml", "keep: [../../etc]\n")],
        exit: 1,
        stderr: &["error: site.yaml:1:1: `keep: ../../etc` is not a plain file or folder name"],
        ..BASE
    },
    Case {
        name: "broken status.yaml leaves the output alone",
        files: &[("content/alpha/status.yaml", "owner: A\n  target: [\n")],
        exit: 1,
        stderr: &["error: content/alpha/status.yaml:2:"],
        ..BASE
    },
    Case {
        name: "template syntax error",
        files: &[("site.yaml", "theme: bad\n"), ("themes/bad/templates/index.html", "{% for x in %}\n")],
        exit: 1,
        stderr: &["error: templates/index.html:1:13: the template has an error", "help: fix it in the theme's"],
        ..BASE
    },
    Case {
        name: "circular template include",
        files: &[
            ("site.yaml", "theme: loop\n"),
            ("themes/loop/templates/index.html", "{% include \"a.html\" %}"),
            ("themes/loop/templates/a.html", "{% include \"b.html\" %}"),
            ("themes/loop/templates/b.html", "{% include \"a.html\" %}"),
        ],
        exit: 1,
        stderr: &["error: templates/a.html: the template has an error", "Circular include", "help:"],
        ..BASE
    },
    Case {
        name: "CSV cells that a spreadsheet would run",
        files: &[(
            "content/alpha/roadmap.md",
            "# Alpha\n\n### 1. =HYPERLINK(\"http://x.example/\",\"ok\")\n**Priority**: High\n**Effort**: 2 days\n**Impact**: High\n",
        )],
        check: Some(|site, _| {
            let csv = out(site, "alpha/charts/matrix.csv");
            assert!(csv.contains("'=HYPERLINK"), "{csv}");
            assert!(!csv.lines().any(|l| l.starts_with('=') || l.contains(",=")), "{csv}");
        }),
        ..BASE
    },
    Case {
        name: "unknown subcommand is a usage error",
        args: &["publish"],
        exit: 2,
        stderr: &["unrecognized subcommand"],
        ..BASE
    },
    Case {
        name: "a site folder that does not exist",
        args: &["build", "no-such-site", "--today", "2026-11-22"],
        exit: 1,
        stderr: &["site folder `no-such-site` does not exist"],
        ..BASE
    },
];

/// Every file under `dir` (not following links: a link is recorded as its target), by relative path.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack: Vec<PathBuf> = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for e in entries {
            let p = e.unwrap().path();
            let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            let meta = std::fs::symlink_metadata(&p).unwrap();
            if meta.file_type().is_symlink() {
                out.insert(rel, format!("-> {}", std::fs::read_link(&p).unwrap().display()).into_bytes());
            } else if meta.is_dir() {
                out.insert(format!("{rel}/"), Vec::new());
                stack.push(p);
            } else if meta.is_file() {
                out.insert(rel, std::fs::read(&p).unwrap());
            } else {
                out.insert(rel, b"(special file)".to_vec());
            }
        }
    }
    out
}

fn write_files(site: &Path, files: &[(&str, &str)]) {
    for (rel, text) in files {
        let p = site.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
}

/// Runs milepost in `site` with a time limit; `(exit code, stderr)`.
fn run(site: &Path, args: &[&str], env: &[(&str, &str)]) -> Result<(i32, String), String> {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_milepost"));
    cmd.args(args)
        .current_dir(site)
        .env_remove("SOURCE_DATE_EPOCH")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().map_err(|e| e.to_string())?;
    let mut stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = std::io::Read::read_to_end(&mut stderr, &mut s);
        s
    });
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().map_err(|e| e.to_string())? {
            break s;
        }
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            return Err("hang: still running after 60 s".into());
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let stderr = String::from_utf8_lossy(&reader.join().unwrap()).into_owned();
    Ok((status.code().unwrap_or(-1), stderr))
}

/// Runs one case; `Err` describes every way it failed.
fn run_case(case: &Case) -> Result<(), String> {
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let site = tmp.path().join("site");
    write_files(&site, GOOD);
    let (code, err) = run(&site, BUILD, &[])?;
    if code != 0 {
        return Err(format!("the good build failed: {err}"));
    }
    write_files(&site, case.files);
    if let Some(setup) = case.setup {
        setup(&site);
    }
    let before = snapshot(tmp.path());
    let (code, stderr) = run(&site, case.args, case.env)?;
    let mut problems = Vec::new();
    if code == 101 || stderr.contains("panicked") {
        problems.push("panicked".to_string());
    }
    if code != case.exit {
        problems.push(format!("exit code {code}, expected {}", case.exit));
    }
    for piece in case.stderr {
        if !stderr.contains(piece) {
            problems.push(format!("stderr lacks {piece:?}"));
        }
    }
    for piece in case.not_stderr {
        if stderr.contains(piece) {
            problems.push(format!("stderr has {piece:?}"));
        }
    }
    let after = snapshot(tmp.path());
    // a failed run changes nothing at all; a successful one only the output (wherever it was sent) and the cache
    let allowed = |k: &str| {
        code == 0 && ["site/output", "site/.milepost-cache", "real", "pages", "public"].iter().any(|p| k.starts_with(p))
    };
    let mut changed: Vec<&String> =
        before.keys().chain(after.keys()).filter(|k| before.get(*k) != after.get(*k) && !allowed(k)).collect();
    changed.sort();
    changed.dedup();
    if !changed.is_empty() {
        problems.push(format!("files changed that must not: {:?}", changed.iter().take(8).collect::<Vec<_>>()));
    }
    if problems.is_empty()
        && let Some(check) = case.check
    {
        let site_for_check = site.clone();
        let stderr_for_check = stderr.clone();
        if let Err(p) = std::panic::catch_unwind(move || check(&site_for_check, &stderr_for_check)) {
            let msg = p
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            problems.push(format!("check failed: {msg}"));
        }
    }
    if problems.is_empty() { Ok(()) } else { Err(format!("{}\n--- stderr ---\n{stderr}", problems.join("\n"))) }
}

#[test]
fn bad_input_catalogue() {
    assert!(CASES.len() >= 60, "the catalogue has {} cases", CASES.len());
    let mut names: Vec<&str> = CASES.iter().map(|c| c.name).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), CASES.len(), "case names must be unique");
    let failures: Vec<String> =
        CASES.par_iter().filter_map(|case| run_case(case).err().map(|e| format!("=== {}\n{e}", case.name))).collect();
    assert!(failures.is_empty(), "{} of {} cases failed:\n\n{}", failures.len(), CASES.len(), failures.join("\n\n"));
}

/// Every input the fuzzers in `fuzz/` ever found crashing or hanging (`tests/fixtures/fuzz-regressions/`):
/// `status_yaml-*` as a project's `status.yaml`, `extract-*` as its roadmap. Each must build or fail cleanly.
#[test]
fn fuzz_crashers_stay_fixed() {
    let dir = super::support::repo().join("tests/fixtures/fuzz-regressions");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    assert!(names.len() >= 8, "{names:?}");
    let failures: Vec<String> = names
        .par_iter()
        .filter_map(|path| {
            let bytes = std::fs::read(path).unwrap();
            let tmp = tempfile::tempdir().unwrap();
            let site = tmp.path().join("site");
            write_files(&site, &[("content/p/roadmap.md", "# P\n\n## Now\n- [x] Login\n- [ ] Search (Week 2)\n")]);
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let target = if name.starts_with("status_yaml") { "content/p/status.yaml" } else { "content/p/roadmap.md" };
            std::fs::write(site.join(target), bytes).unwrap();
            match run(&site, BUILD, &[]) {
                Ok((code, err)) if (code == 0 || code == 1) && !err.contains("panicked") => None,
                Ok((code, err)) => Some(format!("{name}: exit {code}\n{err}")),
                Err(e) => Some(format!("{name}: {e}")),
            }
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
