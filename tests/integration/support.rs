//! A fluent builder for fixture sites and helpers to run the `milepost` binary on them.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use milepost::diagnostics::Diagnostics;
use milepost::model::Project;

pub const TODAY: &str = "2026-11-22";

pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    pub fn new() -> Self {
        Site { dir: tempfile::tempdir().expect("temp dir") }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `content` at `rel` (creating folders).
    pub fn file(self, rel: &str, content: impl AsRef<[u8]>) -> Self {
        let p = self.dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, content).unwrap();
        self
    }

    /// Copies a seed from `../shared/seeds` (or the bundled copy in `content/`).
    pub fn seed(self, bundled: &str, rel: &str) -> Self {
        let bytes = std::fs::read(repo().join("content").join(bundled)).expect("bundled seed");
        self.file(rel, bytes)
    }

    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_milepost"))
            .args(args)
            .current_dir(self.path())
            .env_remove("SOURCE_DATE_EPOCH")
            .env("NO_COLOR", "1")
            .output()
            .expect("run milepost")
    }

    pub fn build(&self) -> Output {
        self.run(&["build", "--today", TODAY])
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path().join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    /// The modelled projects and the diagnostics, through the library.
    pub fn model(&self) -> (Vec<Project>, Diagnostics) {
        let mut d = Diagnostics::new();
        let (_, portfolio) =
            milepost::build::model_site(self.path(), milepost::model::parse_date(TODAY).unwrap(), &mut d)
                .expect("model");
        (portfolio.projects, d)
    }
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// All files under `dir` with their bytes, sorted by path.
pub fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.push((rel, std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// Runs git in `dir` with a fixed identity and `when` (RFC 3339) as both author and committer date.
pub fn git_at(dir: &Path, args: &[&str], when: &str) {
    let out = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "init.defaultBranch=main"])
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_DATE", when)
        .env("GIT_COMMITTER_DATE", when)
        .output()
        .expect("git");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}
