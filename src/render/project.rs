//! One project's pages: the report (`<slug>/index.html`) with its headline, outlook, needs-attention list, judged
//! KPIs and items grouped by section; the pre-built item views (`items/open.html`, …); the items CSV; and each
//! source document on its own page (`docs/<name>.html`), where the item source links point.

use std::collections::BTreeSet;

use time::Date;

use super::charts::DataTable;
use super::views::*;
use super::{Page, doc_prefix, effort_label, health_badge, markdown, priority_badge, status_badge};
use crate::analyze::ProjectAnalysis;
use crate::analyze::forecast::{Outlook, Schedule};
use crate::analyze::kpi::Verdict;
use crate::diagnostics::Diagnostic;
use crate::model::{Item, Project, format_date};
use crate::parse::{Priority, Status};

/// Reports with more items than this open only the sections that hold blocked, overdue or critical work.
const OPEN_ALL_UP_TO: usize = 60;
/// The needs-attention list shows this many overdue items (the most overdue); the overdue view has them all.
const OVERDUE_SHOWN: usize = 8;

/// `7 Apr 2027`.
pub fn long_date(d: Date) -> String {
    format!("{} {} {}", d.day(), &format!("{:?}", d.month())[..3], d.year())
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Where a document's page is, relative to the project folder.
pub fn doc_href(p: &Project, document: usize) -> String {
    format!("docs/{}.html", crate::url::segment(&doc_prefix(&p.documents[document].name)))
}

/// One item as a row; `up` is the path from the page to the project folder (`` or `../`).
pub fn item_row(p: &Project, i: &Item, today: Date, up: &str) -> ItemRow {
    let doc = &p.documents[i.document];
    ItemRow {
        milestone: i.kind == crate::parse::ItemKind::Milestone,
        id: i.id.clone(),
        anchor: if up.starts_with("../") && up.len() > 3 {
            // a site-wide list (`../<slug>/`): ids of different projects may collide
            format!("{}-item-{}", crate::model::slugify(&p.slug), i.id)
        } else {
            format!("item-{}", i.id)
        },
        title: i.title.clone(),
        section: clean_section(&i.section),
        status: status_badge(i.status),
        priority: i.priority.map(priority_badge),
        // a finished item's health is history (`🔴 BLOCKING` written before it was done)
        health: i.health.filter(|_| !matches!(i.status, Status::Done | Status::Cancelled)).map(health_badge),
        effort: effort_label(i),
        timeline: i.timeline.clone().unwrap_or_default(),
        overdue: !matches!(i.status, Status::Done | Status::Cancelled) && i.window.is_some_and(|(_, end)| end < today),
        dates: match i.window {
            Some((a, _)) if i.timeline.as_deref() == Some(format_date(a).as_str()) => String::new(),
            Some((a, b)) if a == b => format_date(a),
            Some((a, b)) => format!("{} – {}", format_date(a), format_date(b)),
            None => String::new(),
        },
        owner: i.owner.clone().unwrap_or_default(),
        tasks: if i.tasks_total > 0 { format!("{}/{}", i.tasks_done, i.tasks_total) } else { String::new() },
        note: i.note.clone().unwrap_or_default(),
        status_text: i.status_text.clone().unwrap_or_default(),
        source: format!("{}:{}", doc.name, i.line),
        href: format!("{up}{}#{}-L{}", doc_href(p, i.document), doc_prefix(&doc.name), i.line),
        overridden: i.overridden.join(", "),
    }
}

fn clean_section(s: &str) -> String {
    s.replace('\u{FFFD}', "").trim().to_string()
}

/// Items grouped by section in document order; `keep` filters them, `open` says which groups start open.
fn groups_by_section(
    p: &Project,
    today: Date,
    up: &str,
    keep: &dyn Fn(&Item) -> bool,
    open: &dyn Fn(&[&Item]) -> bool,
) -> Vec<ItemGroup> {
    let filtered = p.items.iter().any(|i| !keep(i));
    let mut order: Vec<String> = Vec::new();
    let mut members: std::collections::HashMap<String, Vec<&Item>> = Default::default();
    for i in p.items.iter().filter(|i| keep(i)) {
        let name = clean_section(&i.section);
        let name = if name.is_empty() { "(no section)".to_string() } else { name };
        if !members.contains_key(&name) {
            order.push(name.clone());
        }
        members.entry(name).or_default().push(i);
    }
    let mut anchors = markdown::Anchors::default();
    order
        .into_iter()
        .map(|name| {
            let items = &members[&name];
            let mut g = group(&name, items, anchors.make(&format!("section {name}")), open(items), p, today, up);
            g.filtered = filtered;
            g
        })
        .collect()
}

fn group(name: &str, items: &[&Item], anchor: String, open: bool, p: &Project, today: Date, up: &str) -> ItemGroup {
    let counted: Vec<_> = items.iter().filter(|i| i.status != Status::Cancelled).collect();
    let done = counted.iter().filter(|i| i.status == Status::Done).count();
    ItemGroup {
        name: name.to_string(),
        anchor,
        done,
        total: counted.len(),
        percent: ((done as f64 / counted.len().max(1) as f64) * 100.0).round() as u32,
        open,
        filtered: false,
        items: items.iter().map(|i| item_row(p, i, today, up)).collect(),
    }
}

pub(super) fn is_open(i: &Item) -> bool {
    !matches!(i.status, Status::Done | Status::Cancelled)
}

pub(super) fn is_overdue(i: &Item, today: Date) -> bool {
    is_open(i) && i.window.is_some_and(|(_, end)| end < today)
}

fn needs_look(i: &Item, today: Date) -> bool {
    i.status == Status::Blocked || is_overdue(i, today) || (is_open(i) && i.priority == Some(Priority::Critical))
}

/// The view links of a project: all (the report), open, blocked, overdue, by owner. `up` leads to the project.
fn view_links(p: &Project, today: Date, up: &str, current: &str) -> Vec<ViewLink> {
    let count = |f: &dyn Fn(&Item) -> bool| p.items.iter().filter(|i| f(i)).count();
    vec![
        ViewLink {
            label: "All, by section".into(),
            href: format!("{up}index.html#items-h"),
            count: p.items.len(),
            current: current == "all",
        },
        ViewLink {
            label: "Open".into(),
            href: format!("{up}items/open.html"),
            count: count(&is_open),
            current: current == "open",
        },
        ViewLink {
            label: "Blocked".into(),
            href: format!("{up}items/blocked.html"),
            count: count(&|i| i.status == Status::Blocked),
            current: current == "blocked",
        },
        ViewLink {
            label: "Overdue".into(),
            href: format!("{up}items/overdue.html"),
            count: count(&|i| is_overdue(i, today)),
            current: current == "overdue",
        },
        ViewLink {
            label: "By owner".into(),
            href: format!("{up}items/by-owner.html"),
            count: count(&|i| i.owner.is_some()),
            current: current == "by-owner",
        },
    ]
}

fn figure_view(f: &crate::analyze::headline::Figure) -> FigureView {
    FigureView {
        kind: f.kind.to_string(),
        text: f.text.clone(),
        source: f.source.clone(),
        age: match (f.as_of, f.age_days) {
            (Some(d), Some(days)) if days > 0 => {
                format!("as of {} ({} before this report)", format_date(d), plural(days as usize, "day", "days"))
            }
            (Some(d), _) => format!("as of {}", format_date(d)),
            _ => String::new(),
        },
    }
}

pub(super) fn headline_view(a: &ProjectAnalysis) -> HeadlineView {
    let h = &a.headline;
    HeadlineView {
        percent: (h.main.value * 100.0).round().clamp(0.0, 100.0) as u32,
        figure: if h.main.text == "no items found" { "–".into() } else { format!("{:.0}%", h.main.value * 100.0) },
        main: figure_view(&h.main),
        others: h.others.iter().map(figure_view).collect(),
        cautions: h.cautions.clone(),
    }
}

pub fn schedule_badge(outlook: &Outlook) -> Option<Badge> {
    let (class, label) = match outlook {
        Outlook::Forecast { schedule: Schedule::OnTrack, .. } => ("health-green", "On track"),
        Outlook::Forecast { schedule: Schedule::AtRisk, .. } => ("health-amber", "At risk"),
        Outlook::Forecast { schedule: Schedule::OffTrack, .. } => ("health-red", "Off track"),
        Outlook::Forecast { schedule: Schedule::NoTarget, .. } => ("status-todo", "No target date"),
        Outlook::NoFinishInSight { .. } => ("health-red", "No finish in sight"),
        Outlook::InsufficientData { .. } => ("status-todo", "Not enough data"),
        Outlook::Done => ("health-green", "Done"),
    };
    Some(Badge { class: class.into(), label: label.into() })
}

/// Scope growth in words, when scope grew.
pub fn scope_words(throughput: f64, growth: f64) -> String {
    if growth <= 1e-9 || throughput <= 1e-9 {
        return String::new();
    }
    format!(
        "Scope grew {:.0}% as fast as work was done ({:.1} added and {:.1} done per week).",
        growth / throughput * 100.0,
        growth * 5.0,
        throughput * 5.0
    )
}

pub(super) fn outlook_view(p: &Project, a: &ProjectAnalysis) -> Option<OutlookView> {
    let burn = a.burn.as_ref()?;
    let target = p.target;
    let (p85, against_target, spread, scope) = match &burn.outlook {
        Outlook::Forecast { p50, p85, p95, throughput, scope_growth, .. } => (
            long_date(*p85),
            match target {
                Some(t) => {
                    let gap = (*p85 - t).whole_days();
                    match gap {
                        0 => format!("on the target date ({})", long_date(t)),
                        g if g < 0 => {
                            format!("{} before the target ({})", plural((-g) as usize, "day", "days"), long_date(t))
                        }
                        g => format!("{} after the target ({})", plural(g as usize, "day", "days"), long_date(t)),
                    }
                }
                None => "no target date set".into(),
            },
            format!("50% chance by {}, 95% by {}", long_date(*p50), long_date(*p95)),
            {
                let pace = match burn.needed_rate {
                    Some(need) => {
                        format!("Done {:.1} items a week; the target needs {:.1} a week.", throughput * 5.0, need * 5.0)
                    }
                    None => String::new(),
                };
                format!("{pace} {}", scope_words(*throughput, *scope_growth)).trim().to_string()
            },
        ),
        Outlook::NoFinishInSight { throughput, scope_growth, .. } => (
            String::new(),
            target.map(|t| format!("target {}", long_date(t))).unwrap_or_default(),
            if *throughput <= 1e-9 {
                "Nothing was finished over the history.".into()
            } else {
                "At the rates so far, fewer than 85% of simulated futures finish within three years.".into()
            },
            scope_words(*throughput, *scope_growth),
        ),
        Outlook::InsufficientData { reason } => (
            String::new(),
            target.map(|t| format!("target {}", long_date(t))).unwrap_or_default(),
            format!("{reason}."),
            String::new(),
        ),
        Outlook::Done => (String::new(), String::new(), "Everything in scope is done.".into(), String::new()),
    };
    let dated = matches!(burn.outlook, Outlook::Forecast { .. });
    Some(OutlookView { badge: schedule_badge(&burn.outlook), dated, p85, against_target, spread, scope })
}

fn attention_row(p: &Project, f: &crate::analyze::attention::Flagged) -> AttentionRow {
    let i = &p.items[f.item];
    let doc = &p.documents[i.document];
    AttentionRow {
        title: i.title.clone(),
        href: format!("#item-{}", i.id),
        why: f.why.clone(),
        owner: i.owner.clone().unwrap_or_default(),
        source: format!("{}:{}", doc.name, i.line),
        source_href: format!("{}#{}-L{}", doc_href(p, i.document), doc_prefix(&doc.name), i.line),
    }
}

pub(super) fn attention_view(p: &Project, a: &ProjectAnalysis, kpis: &[KpiRow]) -> AttentionView {
    let t = &a.attention;
    let measured: Vec<&KpiRow> = kpis.iter().filter(|k| !k.actual.is_empty()).collect();
    let missed: Vec<String> = kpis
        .iter()
        .filter(|k| k.verdict.label == "Missed")
        .map(|k| format!("{}: {} against {} ({})", k.name, k.actual, k.target, k.gap))
        .collect();
    AttentionView {
        blocked: t.blocked.iter().map(|f| attention_row(p, f)).collect(),
        overdue: t.overdue.iter().take(OVERDUE_SHOWN).map(|f| attention_row(p, f)).collect(),
        overdue_more: t.overdue.len().saturating_sub(OVERDUE_SHOWN),
        critical: t.critical.iter().map(|f| attention_row(p, f)).collect(),
        critical_open: t.critical_open,
        moved: t.moved.clone(),
        kpis: if measured.is_empty() {
            String::new()
        } else {
            format!("{} of {} measured KPIs missed", missed.len(), measured.len())
        },
        kpis_measured: measured.len(),
        kpis_missed: missed,
    }
}

pub fn verdict_badge(v: Verdict) -> Badge {
    let (class, label) = match v {
        Verdict::Met => ("health-green", "Met"),
        Verdict::Missed => ("health-red", "Missed"),
        Verdict::Unclear => ("health-amber", "Unclear"),
        Verdict::NoData => ("status-todo", "No data"),
    };
    Badge { class: class.into(), label: label.into() }
}

pub(super) fn kpi_rows(p: &Project, a: &ProjectAnalysis) -> Vec<KpiRow> {
    let mut rows: Vec<(Verdict, usize, KpiRow)> = a
        .kpis
        .iter()
        .map(|j| {
            let k = &p.kpis[j.entries[0]];
            let doc = &p.documents[k.document];
            let src = |n: &usize| {
                let k = &p.kpis[*n];
                format!("{}:{}", p.documents[k.document].name, k.line)
            };
            let row = KpiRow {
                id: k.id.clone(),
                name: j.name.clone(),
                target: j.target.clone(),
                actual: j.actual.clone().unwrap_or_default(),
                actual_source: match (&j.actual_source, &j.measured_on) {
                    (Some(s), Some(d)) => format!("{s}, measured {d}"),
                    (Some(s), None) if s == "status.yaml" => "status.yaml, date not given".into(),
                    (Some(s), None) => format!("{s} (as the document states it)"),
                    _ => String::new(),
                },
                verdict: verdict_badge(j.verdict),
                gap: j.gap.clone(),
                conflict: j.conflict.clone().unwrap_or_default(),
                source: format!("{}:{}", doc.name, k.line),
                href: format!("{}#{}-L{}", doc_href(p, k.document), doc_prefix(&doc.name), k.line),
                also: j.entries[1..].iter().map(src).collect::<Vec<_>>().join(", "),
            };
            (j.verdict, j.entries[0], row)
        })
        .collect();
    // missed first, then unclear, no data, met; document order within each
    rows.sort_by_key(|(v, n, _)| (*v, *n));
    rows.into_iter().map(|(_, _, r)| r).collect()
}

/// In-progress items, critical and high priority first (at most five).
fn next_up(p: &Project) -> Vec<LinkedItem> {
    let mut doing: Vec<&Item> = p.items.iter().filter(|i| i.status == Status::InProgress).collect();
    doing.sort_by_key(|i| (i.priority.map_or(9, |p| p as u8), i.document, i.line));
    doing
        .into_iter()
        .take(5)
        .map(|i| LinkedItem {
            title: i.title.clone(),
            href: format!("#item-{}", i.id),
            extra: i.owner.clone().unwrap_or_default(),
        })
        .collect()
}

/// A project's report view and its other pages, each with its path in the output.
pub struct ProjectPages {
    pub report: ProjectView,
    pub views: Vec<(String, ItemsPageView)>,
    pub documents: Vec<(String, DocumentPageView)>,
}

/// The report page's view, the item view pages, the CSV and the document pages of one project.
pub fn project_pages(
    p: &Project,
    a: &ProjectAnalysis,
    site: &dyn Fn(&str) -> SiteView,
    today: Date,
    files: &mut Vec<Page>,
    diagnostics: &mut Vec<Diagnostic>,
) -> ProjectPages {
    let dir = format!("{}/", p.slug);
    let many = p.items.len() > OPEN_ALL_UP_TO;
    let groups =
        groups_by_section(p, today, "", &|_| true, &|items| !many || items.iter().any(|i| needs_look(i, today)));
    let kpis = kpi_rows(p, a);
    // the documents, each on its own page, with the lines items and KPIs come from marked
    let mut docs = Vec::new();
    let mut doc_pages = Vec::new();
    for (d, doc) in p.documents.iter().enumerate() {
        let mut anchors = markdown::Anchors::default();
        let mut lines: BTreeSet<usize> = p.items.iter().filter(|i| i.document == d).map(|i| i.line).collect();
        lines.extend(p.kpis.iter().filter(|k| k.document == d).map(|k| k.line));
        let anchor = anchors.make(&format!("doc {}", doc_prefix(&doc.name)));
        let overrides: std::collections::BTreeMap<usize, Status> = p
            .items
            .iter()
            .filter(|i| i.document == d && i.overridden.contains(&"status"))
            .map(|i| (i.line, i.status))
            .collect();
        let r = markdown::render_document(doc, &mut anchors, &lines, &overrides, &doc_prefix(&doc.name), diagnostics);
        let updated = doc.updated.map(|(u, _)| format!("last updated {}", format_date(u))).unwrap_or_default();
        docs.push(DocLink {
            name: doc.name.clone(),
            title: doc.title.clone(),
            href: doc_href(p, d),
            updated: updated.clone(),
        });
        doc_pages.push((
            format!("{dir}{}", doc_href(p, d)),
            DocumentPageView {
                site: site("../../"),
                project: p.name.clone(),
                project_href: "../index.html".into(),
                document: DocumentView {
                    name: doc.name.clone(),
                    title: doc.title.clone(),
                    anchor,
                    html: r.html,
                    toc: r.toc,
                },
                updated,
            },
        ));
    }
    // the items CSV
    let table = DataTable {
        headers: [
            "id", "title", "section", "status", "priority", "owner", "effort", "timeline", "due", "overdue", "source",
        ]
        .map(String::from)
        .to_vec(),
        rows: p
            .items
            .iter()
            .map(|i| {
                vec![
                    i.id.clone(),
                    i.title.clone(),
                    clean_section(&i.section),
                    i.status.as_str().into(),
                    i.priority.map(|p| p.as_str().to_string()).unwrap_or_default(),
                    i.owner.clone().unwrap_or_default(),
                    effort_label(i),
                    i.timeline.clone().unwrap_or_default(),
                    i.window.map(|(_, e)| format_date(e)).unwrap_or_default(),
                    if is_overdue(i, today) { "yes".into() } else { String::new() },
                    format!("{}:{}", p.documents[i.document].name, i.line),
                ]
            })
            .collect(),
    };
    files.push(Page { path: format!("{dir}items.csv"), bytes: table.csv().into_bytes() });
    // the pre-built views
    let mut views = Vec::new();
    let page = |key: &str, title: &str, intro: String, groups: Vec<ItemGroup>| {
        (
            format!("{dir}items/{key}.html"),
            ItemsPageView {
                site: site("../../"),
                project: p.name.clone(),
                project_href: "../index.html".into(),
                title: title.into(),
                intro,
                views: view_links(p, today, "../", key),
                groups,
                csv_href: "../items.csv".into(),
            },
        )
    };
    let all_open = |_: &[&Item]| true;
    views.push(page(
        "open",
        "Open items",
        "Items not done and not cancelled, by section.".into(),
        groups_by_section(p, today, "../", &is_open, &all_open),
    ));
    views.push(page(
        "blocked",
        "Blocked items",
        "Items marked blocked, with the reason where one is written.".into(),
        groups_by_section(p, today, "../", &|i| i.status == Status::Blocked, &all_open),
    ));
    views.push(page(
        "overdue",
        "Overdue items",
        format!("Open items whose window ended before the report date, {}.", format_date(today)),
        groups_by_section(p, today, "../", &|i| is_overdue(i, today), &all_open),
    ));
    let mut owners: Vec<String> = p.items.iter().filter_map(|i| i.owner.clone()).collect();
    owners.sort();
    owners.dedup();
    let mut anchors = markdown::Anchors::default();
    let mut by_owner: Vec<ItemGroup> = owners
        .iter()
        .map(|o| {
            let items: Vec<&Item> = p.items.iter().filter(|i| i.owner.as_ref() == Some(o)).collect();
            group(o, &items, anchors.make(&format!("owner {o}")), true, p, today, "../")
        })
        .collect();
    let unowned: Vec<&Item> = p.items.iter().filter(|i| i.owner.is_none() && is_open(i)).collect();
    if !unowned.is_empty() {
        by_owner.push(group(
            "No owner named (open items)",
            &unowned,
            anchors.make("owner none"),
            false,
            p,
            today,
            "../",
        ));
    }
    views.push(page(
        "by-owner",
        "Items by owner",
        "Owners as the documents or status.yaml name them.".into(),
        by_owner,
    ));
    let attention = attention_view(p, a, &kpis);
    let view = ProjectView {
        card: super::card(p, a, "../"),
        site: site("../"),
        owner: p.owner.clone().unwrap_or_default(),
        start: p.start.map(format_date).unwrap_or_default(),
        status_counts: Status::ALL
            .iter()
            .map(|s| {
                let b = status_badge(*s);
                PriorityCount { class: b.class, label: b.label, count: a.by_status.get(s).copied().unwrap_or(0) }
            })
            .filter(|c| c.count > 0)
            .collect(),
        kpis,
        json_href: format!("../api/{}.json", crate::url::segment(&p.slug)),
        progress: super::report::progress_view(p, a, today, &dir, files),
        priorities: super::report::priorities_view(p, a, &dir, files),
        scores: super::charts::score_chart("scores", p).map(|c| super::report::chart_view(c, &dir, files)),
        headline: headline_view(a),
        outlook: outlook_view(p, a),
        attention,
        groups,
        views: view_links(p, today, "", "all"),
        items_csv_href: "items.csv".into(),
        docs,
        next: next_up(p),
        report_date: long_date(today),
    };
    ProjectPages { report: view, views, documents: doc_pages }
}
