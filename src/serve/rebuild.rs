//! Rebuilding after a change, for `serve` and `watch`: the site kept in memory, one project or only the
//! rendering redone, and the result published only when it is good (no error in the input, no template error).
//! Until then the last good pages stay; what was redone meanwhile is remembered so the next good build publishes
//! all of it.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::build::{Change, Options, Site, SiteState};
use crate::diagnostics::{Diagnostics, Severity};

/// What a set of file events asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Work {
    /// site.yaml changed, or git history moved: open the site again and build everything.
    Full,
    /// Templates or static files changed; `css_only` when nothing but stylesheets did.
    Theme { css_only: bool },
    /// Files in these project folders changed.
    Projects(BTreeSet<String>),
}

/// The published site: path inside the site -> bytes.
pub type Pages = HashMap<String, Arc<Vec<u8>>>;

/// What one rebuild did.
pub struct Outcome {
    /// `Ok`: the site was published; `Err`: the problems that keep it from being published (each with its place).
    pub result: Result<Published, String>,
    /// Every diagnostic of the site as it stands (print them once per rebuild).
    pub diagnostics: Diagnostics,
    pub took: std::time::Duration,
}

/// What changed in the published site.
#[derive(Debug, Clone, Default)]
pub struct Published {
    /// Project folders whose pages changed (`None`: possibly all).
    pub projects: Option<BTreeSet<String>>,
    /// The project's slug when exactly one project changed (the browser is brought to its report).
    pub focus: Option<String>,
    /// Only stylesheets changed: swap them without a reload.
    pub css_only: bool,
}

/// The site kept in memory between rebuilds.
pub struct Rebuilder {
    root: PathBuf,
    options: Options,
    current: Option<(Site, SiteState)>,
    /// Projects redone since the last publication (`None`: all).
    unpublished: Option<BTreeSet<String>>,
    /// Which paths each project published, to remove them when the project's pages change.
    owned: HashMap<String, Vec<String>>,
    portfolio_paths: Vec<String>,
    pub pages: Pages,
}

impl Rebuilder {
    pub fn new(root: &Path, options: Options) -> Rebuilder {
        Rebuilder {
            root: root.to_path_buf(),
            options,
            current: None,
            unpublished: None,
            owned: HashMap::new(),
            portfolio_paths: Vec::new(),
            pages: HashMap::new(),
        }
    }

    /// The site context of the last build that got that far.
    pub fn site(&self) -> Option<&Site> {
        self.current.as_ref().map(|(s, _)| s)
    }

    pub fn state(&self) -> Option<&SiteState> {
        self.current.as_ref().map(|(_, s)| s)
    }

    /// Does `work` (everything when nothing is built yet) and publishes the result when it is good.
    pub fn run(&mut self, work: &Work) -> Outcome {
        self.run_with(work, &mut |_, _| {})
    }

    /// Like [`Rebuilder::run`]; when projects changed and their pages are good, they are published first and
    /// `early` is called with the published pages and the project to show, before the site-wide pages (which
    /// depend on every project and take longer on a large site) are rendered and published.
    pub fn run_with(&mut self, work: &Work, early: &mut dyn FnMut(&Pages, Option<&str>)) -> Outcome {
        let started = std::time::Instant::now();
        let css_only = matches!(work, Work::Theme { css_only: true });
        let step = match (&mut self.current, work) {
            (Some((site, state)), Work::Projects(names)) => {
                let step = state.update(site, &Change::Projects(names.iter().cloned().collect()));
                let mut undo = None;
                if step.is_ok() && names.len() == 1 && !state.has_errors(site) && state.render_error().is_none() {
                    let name = names.iter().next().expect("one");
                    let set: BTreeSet<String> = [name.clone()].into();
                    // what the early publication replaces, to put back if the site-wide pages then fail
                    let old_paths = self.owned.get(name).cloned().unwrap_or_default();
                    let new_pages = state.project_pages(name);
                    let paths = old_paths.iter().cloned().chain(new_pages.iter().map(|p| p.path.clone()));
                    let before: Vec<(String, Option<Arc<Vec<u8>>>)> =
                        paths.map(|p| (p.clone(), self.pages.get(&p).cloned())).collect();
                    undo = Some((name.clone(), old_paths, before));
                    publish_projects(&mut self.pages, &mut self.owned, state, &set);
                    let focus = state.project_names().any(|n| n == name).then_some(name.as_str());
                    early(&self.pages, focus);
                }
                state.finish(site);
                if let (Some((name, old_paths, before)), Some(_)) = (undo, state.render_error()) {
                    for (path, bytes) in before {
                        match bytes {
                            Some(b) => self.pages.insert(path, b),
                            None => self.pages.remove(&path),
                        };
                    }
                    if old_paths.is_empty() {
                        self.owned.remove(&name);
                    } else {
                        self.owned.insert(name, old_paths);
                    }
                }
                step
            }
            (Some((site, state)), Work::Theme { .. }) => {
                let mut d = Diagnostics::new();
                match site.reload_theme(&mut d) {
                    Ok(()) => {
                        site.replace_theme_diagnostics(d);
                        state.apply(site, &Change::Theme)
                    }
                    Err(e) => Err(e),
                }
            }
            _ => self.open(),
        };
        if let Err(e) = step {
            // the site could not be read at all (a missing content/ folder, an unreadable file): build it anew
            // next time
            self.current = None;
            self.unpublished = None;
            return Outcome { result: Err(format!("{e:#}")), diagnostics: Diagnostics::new(), took: started.elapsed() };
        }
        let Some((site, state)) = &mut self.current else { unreachable!("opened above") };
        let rendered = state.take_rendered();
        match (&mut self.unpublished, rendered) {
            (Some(set), Some(more)) => set.extend(more),
            (slot, _) => *slot = None,
        }
        let diagnostics = state.diagnostics(site);
        let errors: Vec<String> =
            diagnostics.iter().filter(|d| d.severity == Severity::Error).map(ToString::to_string).collect();
        if !errors.is_empty() {
            return Outcome { result: Err(errors.join("\n")), diagnostics, took: started.elapsed() };
        }
        if let Some(e) = state.render_error() {
            return Outcome { result: Err(e.to_string()), diagnostics, took: started.elapsed() };
        }
        let changed = self.unpublished.replace(BTreeSet::new());
        self.publish(changed.as_ref());
        let (_, state) = self.current.as_ref().expect("built");
        let focus = match &changed {
            Some(set) if set.len() == 1 => {
                let name = set.iter().next().expect("one");
                state.portfolio.projects.iter().find(|p| &p.slug == name).map(|p| p.slug.clone())
            }
            _ => None,
        };
        Outcome { result: Ok(Published { projects: changed, focus, css_only }), diagnostics, took: started.elapsed() }
    }

    fn open(&mut self) -> anyhow::Result<()> {
        self.current = None;
        self.unpublished = None;
        let site = Site::open(&self.root, &self.options)?;
        let state = SiteState::build(&site)?;
        self.current = Some((site, state));
        Ok(())
    }

    /// Swaps the changed pages into the published set.
    fn publish(&mut self, changed: Option<&BTreeSet<String>>) {
        let Some((_, state)) = &self.current else { return };
        let all: BTreeSet<String>;
        let names = match changed {
            Some(set) => set,
            None => {
                self.pages.clear();
                self.owned.clear();
                self.portfolio_paths.clear();
                all = state.project_names().map(str::to_string).collect();
                &all
            }
        };
        publish_projects(&mut self.pages, &mut self.owned, state, names);
        for path in self.portfolio_paths.drain(..) {
            self.pages.remove(&path);
        }
        for p in state.portfolio_pages() {
            self.portfolio_paths.push(p.path.clone());
            self.pages.insert(p.path.clone(), Arc::new(p.bytes.clone()));
        }
    }
}

/// Swaps the pages of the `names` projects into the published set.
fn publish_projects(
    pages: &mut Pages,
    owned: &mut HashMap<String, Vec<String>>,
    state: &SiteState,
    names: &BTreeSet<String>,
) {
    for name in names {
        for path in owned.remove(name).unwrap_or_default() {
            pages.remove(&path);
        }
        let new = state.project_pages(name);
        if !new.is_empty() {
            owned.insert(name.clone(), new.iter().map(|p| p.path.clone()).collect());
        }
        for p in new {
            pages.insert(p.path.clone(), Arc::new(p.bytes.clone()));
        }
    }
}

/// Editor temporaries and backups, never part of the site: `x~`, `.x.swp`, `.#x`, `#x#`, vim's `4913` probe.
pub fn is_editor_temp(name: &str) -> bool {
    name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
        || name == ".DS_Store"
}

/// What the changed `paths` (absolute, or relative to the site) ask for; `None` when nothing the site reads
/// changed (output, cache, editor temporaries, other themes, git objects).
pub fn classify(root: &Path, theme: &str, paths: &[PathBuf]) -> Option<Work> {
    let real_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut projects = BTreeSet::new();
    let mut theme_files = 0;
    let mut css = 0;
    for path in paths {
        let rel = path
            .strip_prefix(&real_root)
            .or_else(|_| path.strip_prefix(root))
            .map(Path::to_path_buf)
            .unwrap_or_else(|_| path.clone());
        let parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
        let Some(first) = parts.first() else { continue };
        let name = parts.last().map(String::as_str).unwrap_or_default();
        if is_editor_temp(name) {
            continue;
        }
        match first.as_str() {
            "site.yaml" | "site.yml" => return Some(Work::Full),
            ".git" => {
                // a commit, a checkout or a fetch moves HEAD or a ref: history changed
                let what = parts.get(1).map(String::as_str).unwrap_or_default();
                if matches!(what, "HEAD" | "refs" | "packed-refs") && !name.ends_with(".lock") {
                    return Some(Work::Full);
                }
            }
            "content" => match parts.get(1) {
                Some(folder) if parts.len() >= 3 => {
                    projects.insert(folder.clone());
                }
                // a folder itself under content/ (created, removed, renamed)
                Some(folder) => {
                    projects.insert(folder.clone());
                }
                None => {}
            },
            "themes" if parts.get(1).map(String::as_str) == Some(theme) && parts.len() >= 3 => {
                theme_files += 1;
                if name.ends_with(".css") && parts.get(2).map(String::as_str) == Some("static") {
                    css += 1;
                }
            }
            "themes" if parts.len() <= 2 => theme_files += 1,
            _ => {}
        }
    }
    if theme_files > 0 {
        return Some(Work::Theme { css_only: css == theme_files && projects.is_empty() });
    }
    (!projects.is_empty()).then_some(Work::Projects(projects))
}

/// Merges work that arrived together.
pub fn merge(a: Option<Work>, b: Option<Work>) -> Option<Work> {
    match (a, b) {
        (None, x) | (x, None) => x,
        (Some(Work::Full), _) | (_, Some(Work::Full)) => Some(Work::Full),
        (Some(Work::Projects(mut x)), Some(Work::Projects(y))) => {
            x.extend(y);
            Some(Work::Projects(x))
        }
        // a theme change re-renders everything; changed projects must also be read again
        (Some(Work::Theme { .. }), Some(Work::Projects(_))) | (Some(Work::Projects(_)), Some(Work::Theme { .. })) => {
            Some(Work::Full)
        }
        (Some(Work::Theme { css_only: x }), Some(Work::Theme { css_only: y })) => {
            Some(Work::Theme { css_only: x && y })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn work(paths: &[&str]) -> Option<Work> {
        let root = Path::new("/nonexistent-site");
        classify(root, "default", &paths.iter().map(|p| root.join(p)).collect::<Vec<_>>())
    }

    #[test]
    fn events_map_to_the_work_they_need() {
        assert_eq!(work(&["content/a/roadmap.md"]), Some(Work::Projects(["a".to_string()].into())));
        assert_eq!(
            work(&["content/a/roadmap.md", "content/b/status.yaml", "content/a/.roadmap.md.swp"]),
            Some(Work::Projects(["a".to_string(), "b".to_string()].into()))
        );
        // vim's save: a probe file, a backup, then the rename onto the document
        assert_eq!(
            work(&["content/a/4913", "content/a/roadmap.md~", "content/a/roadmap.md"]),
            Some(Work::Projects(["a".to_string()].into()))
        );
        assert_eq!(work(&["content/a/roadmap.md~", "content/a/.#roadmap.md"]), None);
        assert_eq!(work(&["output/index.html", ".milepost-cache/history.json", ".git/objects/ab/cd"]), None);
        assert_eq!(work(&["site.yaml", "content/a/x.md"]), Some(Work::Full));
        assert_eq!(work(&[".git/refs/heads/main"]), Some(Work::Full));
        assert_eq!(work(&[".git/HEAD.lock"]), None);
        assert_eq!(work(&["themes/default/static/style.css"]), Some(Work::Theme { css_only: true }));
        assert_eq!(work(&["themes/default/templates/project.html"]), Some(Work::Theme { css_only: false }));
        assert_eq!(work(&["themes/other/templates/project.html"]), None);
    }

    #[test]
    fn merging_keeps_the_larger_work() {
        let p = |n: &str| Some(Work::Projects([n.to_string()].into()));
        assert_eq!(merge(p("a"), p("b")), Some(Work::Projects(["a".to_string(), "b".to_string()].into())));
        assert_eq!(merge(p("a"), Some(Work::Full)), Some(Work::Full));
        assert_eq!(merge(None, Some(Work::Theme { css_only: true })), Some(Work::Theme { css_only: true }));
        assert_eq!(merge(Some(Work::Theme { css_only: true }), p("a")), Some(Work::Full));
    }
}
