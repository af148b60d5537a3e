//! The generated site both benchmarks use: `n` projects, each a copy of one of the three example projects (its
//! Markdown documents, and its status.yaml when `with_status`).

use std::path::Path;

pub fn generate(root: &Path, n: usize, with_status: bool) {
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
