//! `milepost init` (a new site that builds and publishes) and `milepost new` (a project folder in a site).

use std::path::Path;

use anyhow::{Context, Result};

use super::{Output, UsageError};

const ROADMAP: &str = include_str!("starter/roadmap.md");
const STATUS: &str = include_str!("starter/status.yaml");
const SITE: &str = include_str!("starter/site.yaml");
const GITIGNORE: &str = include_str!("starter/gitignore");
const WORKFLOW: &str = include_str!("starter/pages.yml");

/// The files `init` writes, relative to the new site.
pub fn starter_files() -> Vec<(&'static str, String)> {
    vec![
        ("site.yaml", SITE.to_string()),
        (".gitignore", GITIGNORE.to_string()),
        (".github/workflows/pages.yml", WORKFLOW.replace("{{VERSION}}", env!("CARGO_PKG_VERSION"))),
        ("content/sample/roadmap.md", ROADMAP.to_string()),
        ("content/sample/status.yaml", STATUS.to_string()),
    ]
}

pub fn init(args: super::InitArgs, out: &Output) -> Result<i32> {
    let dir = &args.dir;
    let shown = crate::diagnostics::printable(&dir.display().to_string());
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).with_context(|| format!("failed to read `{shown}`"))?;
        if entries.next().is_some() {
            return Err(UsageError(format!(
                "`{shown}` is not empty; milepost init writes a new site only into an empty or new folder\n  help: pick a new folder, e.g. `milepost init roadmaps`, or add a project to an existing site with `milepost new NAME`"
            ))
            .into());
        }
    }
    for (rel, text) in starter_files() {
        write_new(&dir.join(rel), &text)?;
    }
    out.info(format!(
        "created a site in {shown}: content/sample/ (a roadmap and its status.yaml), site.yaml, .gitignore, .github/workflows/pages.yml\n\nnext:\n  cd {shown}\n  milepost serve          # open http://127.0.0.1:1111/ and edit content/sample/roadmap.md\n  milepost new my-project # add a project\n\nto publish on GitHub Pages: push to GitHub, then Settings -> Pages -> Source: GitHub Actions (see the README)"
    ));
    Ok(0)
}

pub fn new(args: super::NewArgs, out: &Output) -> Result<i32> {
    let name = &args.project;
    let valid = !name.is_empty()
        && name.len() <= 64
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && !name.starts_with(['-', '_']);
    if !valid {
        return Err(UsageError(format!(
            "`{}` is not a project folder name\n  help: use letters, digits, `-` and `_` (it becomes the page's address), e.g. `checkout-revamp`",
            crate::diagnostics::printable(name)
        ))
        .into());
    }
    if crate::config::RESERVED_NAMES.iter().any(|r| r.eq_ignore_ascii_case(name)) {
        return Err(UsageError(format!(
            "`{name}` is a name the site uses for its own pages\n  help: pick another, e.g. `{name}-project`"
        ))
        .into());
    }
    let content = args.site.join("content");
    if !content.is_dir() {
        return Err(UsageError(format!(
            "no `content/` folder in `{}`\n  help: run this in a site folder (or pass --site), or start one with `milepost init`",
            crate::diagnostics::printable(&args.site.display().to_string())
        ))
        .into());
    }
    let dir = content.join(name);
    if dir.exists() {
        return Err(UsageError(format!("`content/{name}` already exists\n  help: pick another name")).into());
    }
    // the name the report gives a project folder without a title
    let title = crate::model::disambiguate("", name);
    let roadmap = format!(
        "# {title} Roadmap\n\n**Owner**: \n\n## Now\n\n- [ ] **First milestone** (P1)\n- [ ] **Second milestone** (P2)\n\n## Later\n\n- [ ] **An idea for later**\n"
    );
    let status = format!(
        "# Optional facts the roadmap does not say; see the README's status.yaml reference.\nname: {title}\n# owner: \n# start: YYYY-MM-DD\n# target: YYYY-MM-DD\n"
    );
    write_new(&dir.join("roadmap.md"), &roadmap)?;
    write_new(&dir.join("status.yaml"), &status)?;
    out.info(format!("created content/{name}/roadmap.md and content/{name}/status.yaml"));
    Ok(0)
}

fn write_new(path: &Path, text: &str) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).with_context(|| format!("failed to create `{}`", parent.display()))?;
    }
    std::fs::write(path, text).with_context(|| format!("failed to write `{}`", path.display()))
}
