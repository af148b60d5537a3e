//! Roadmap checks: smells in a roadmap that make its report less trustworthy, each a warning with `file:line` and
//! a fix, each with a name that `lints:` in site.yaml can turn off. Two more checks live where their figures are
//! computed (`stale-document` and `readiness-disagrees`, in `headline`).

use time::Date;

use super::kpi::{Judged, Verdict};
use crate::diagnostics::Diagnostic;
use crate::model::Project;
use crate::parse::Status;

pub use crate::config::LINTS;

/// The checks of one project (those computed here).
pub fn lints(project: &Project, kpis: &[Judged], today: Date) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let path_of = |doc: usize| project.documents.get(doc).map(|d| d.path.clone()).unwrap_or_default();
    for item in &project.items {
        // `status:` lines of `explain` say what decided the status; none means the default
        let stated = item.explain.iter().any(|e| e.starts_with("status:") && !e.contains("no status written"));
        if !stated && !item.overridden.contains(&"status") {
            out.push(
                Diagnostic::warning(
                    path_of(item.document),
                    item.line,
                    format!("`{}` has no status; it is counted as not started", item.title),
                )
                .with_hint("add a checkbox, a status marker (✅ 🟡 🔴) or a `Status:` line, or set it in status.yaml")
                .lint("no-status"),
            );
        }
    }
    if let Some(target) = project.target
        && target < today
    {
        let open = project.items.iter().filter(|i| !matches!(i.status, Status::Done | Status::Cancelled)).count();
        if open > 0 {
            let (path, line) =
                project.items.first().map(|i| (path_of(i.document), 0)).unwrap_or_else(|| (path_of(0), 0));
            let days = (today - target).whole_days();
            out.push(
                Diagnostic::warning(
                    path,
                    line,
                    format!(
                        "the target date {} passed {days} day{} ago with {open} item{} open",
                        crate::dates::format_date(target),
                        if days == 1 { "" } else { "s" },
                        if open == 1 { "" } else { "s" }
                    ),
                )
                .with_hint("set a new `target:` in status.yaml, or mark the finished and dropped items")
                .lint("target-passed"),
            );
        }
    }
    // ids made unique with a -N suffix: two items share a title
    for item in &project.items {
        if let Some((base, n)) = item.id.rsplit_once('-')
            && n.parse::<u32>().is_ok_and(|n| n >= 2)
            && let Some(first) = project.items.iter().find(|i| i.id == base)
            && first.title.eq_ignore_ascii_case(&item.title)
        {
            out.push(
                Diagnostic::warning(
                    path_of(item.document),
                    item.line,
                    format!(
                        "`{}` is listed twice (also {}:{}); it is counted twice, as `{}` and `{}`",
                        item.title,
                        project.documents.get(first.document).map(|d| d.name.as_str()).unwrap_or_default(),
                        first.line,
                        first.id,
                        item.id
                    ),
                )
                .with_hint("remove one, or give them distinct titles")
                .lint("duplicate-id"),
            );
        }
    }
    for k in kpis {
        if k.verdict != Verdict::NoData {
            continue;
        }
        let Some(entry) = k.entries.first().and_then(|&e| project.kpis.get(e)) else { continue };
        out.push(
            Diagnostic::warning(
                path_of(entry.document),
                entry.line,
                format!("KPI `{}` has a target ({}) and no measured value", k.name, k.target),
            )
            .with_hint(format!("add `kpis: {{ {}: {{ current: ..., date: YYYY-MM-DD }} }}` to status.yaml", entry.id))
            .lint("kpi-no-actual"),
        );
    }
    let names: Vec<String> = project.documents.iter().map(|d| d.name.to_lowercase()).collect();
    for doc in &project.documents {
        for (line, target) in markdown_links(&doc.text) {
            let file = target.rsplit('/').next().unwrap_or(&target).to_lowercase();
            let local = !target.contains("://") && !target.starts_with('/') && !target.starts_with("..");
            if local && file.ends_with(".md") && !names.contains(&file) {
                out.push(
                    Diagnostic::warning(&doc.path, line, format!("link to `{target}`, which is not in this project"))
                        .with_hint("fix the file name, or add the document to the project folder")
                        .lint("broken-link"),
                );
            }
        }
    }
    out
}

/// `(line, target)` of inline Markdown links `[text](target)` whose target has no scheme-only form; fenced code is
/// skipped.
fn markdown_links(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut fenced = false;
    for (n, line) in text.lines().enumerate() {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        let mut rest = line;
        while let Some(i) = rest.find("](") {
            let after = &rest[i + 2..];
            let Some(end) = after.find(')') else { break };
            let target = after[..end].split_whitespace().next().unwrap_or_default();
            let target = target.split('#').next().unwrap_or_default();
            if !target.is_empty() {
                out.push((n + 1, target.to_string()));
            }
            rest = &after[end..];
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Item;

    fn item(id: &str, title: &str, line: usize, explain: &[&str], status: Status) -> Item {
        let mut i = Item::for_tests();
        i.id = id.into();
        i.title = title.into();
        i.line = line;
        i.status = status;
        i.explain = explain.iter().map(|s| s.to_string()).collect();
        i
    }

    #[test]
    fn links_are_found_outside_code() {
        let text =
            "See [plan](plan.md#goals) and [site](https://x.org/a.md).\n```\n[no](code.md)\n```\n[b](./b.md \"t\")\n";
        assert_eq!(
            markdown_links(text),
            vec![(1, "plan.md".into()), (1, "https://x.org/a.md".into()), (5, "./b.md".into())]
        );
    }

    #[test]
    fn each_check_finds_its_smell() {
        let mut p = crate::model::Project::for_tests();
        p.documents[0].text = "# P\n\nSee [the plan](plan.md) and [notes](roadmap.md).\n".into();
        p.items = vec![
            item("login", "Login", 4, &["item: checkbox at line 4", "status: done (ticked box: [x])"], Status::Done),
            item("search", "Search", 5, &["item: heading at line 5"], Status::Todo),
            item("login-2", "Login", 9, &["status: `Blocked`"], Status::Blocked),
        ];
        p.target = crate::model::parse_date("2026-11-01");
        let today = crate::model::parse_date("2026-11-22").unwrap();
        let found = lints(&p, &[], today);
        let names: Vec<(&str, usize)> = found.iter().map(|d| (d.lint.unwrap(), d.line)).collect();
        assert_eq!(
            names,
            vec![("no-status", 5), ("target-passed", 0), ("duplicate-id", 9), ("broken-link", 3)],
            "{found:#?}"
        );
        assert!(found[1].message.contains("passed 21 days ago with 2 items open"), "{}", found[1].message);
        // a target still ahead: no warning
        p.target = crate::model::parse_date("2026-12-01");
        assert!(lints(&p, &[], today).iter().all(|d| d.lint != Some("target-passed")));
    }
}
