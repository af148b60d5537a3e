//! The cross-project pages in `compare/`: the comparison table (pre-sorted by risk; a small script sorts by any
//! column, the page reads without it), KPIs matched by kind, and site-wide item lists with stable URLs.

use time::Date;

use super::project::{is_open as open, is_overdue as overdue, item_row, long_date, schedule_badge};
use super::views::*;
use super::{Page, theme};
use crate::analyze::Analysis;
use crate::analyze::forecast::Outlook;
use crate::analyze::portfolio;
use crate::model::{Item, Portfolio, format_date};
use crate::parse::{Priority, Status};

/// Projects per page of the comparison.
pub const COMPARE_PAGE: usize = 50;

const LISTS: [(&str, &str); 4] =
    [("critical", "Critical, open"), ("blocked", "Blocked"), ("overdue", "Overdue"), ("owners", "By owner")];

fn list_links(portfolio: &Portfolio, today: Date, current: &str) -> Vec<ViewLink> {
    let count = |f: &dyn Fn(&Item) -> bool| portfolio.projects.iter().flat_map(|p| &p.items).filter(|i| f(i)).count();
    LISTS
        .iter()
        .map(|(key, label)| ViewLink {
            label: label.to_string(),
            href: format!("{key}.html"),
            count: match *key {
                "critical" => count(&|i| open(i) && i.priority == Some(Priority::Critical)),
                "blocked" => count(&|i| i.status == Status::Blocked),
                "overdue" => count(&|i| overdue(i, today)),
                _ => count(&|i| i.owner.is_some()),
            },
            current: *key == current,
        })
        .collect()
}

pub fn compare_pages(
    portfolio: &Portfolio,
    analysis: &Analysis,
    site: SiteView,
    theme: &theme::Theme,
    kpi_words: &std::collections::BTreeMap<String, Vec<String>>,
) -> Result<Vec<Page>, theme::ThemeError> {
    let today = analysis.today;
    let a = &analysis.projects;
    let order = portfolio::risk_order(portfolio, a);
    let rows: Vec<CompareRow> = order
        .iter()
        .enumerate()
        .map(|(rank, &i)| {
            let p = &portfolio.projects[i];
            let x = &a[i];
            let p85 = match x.burn.as_ref().map(|b| &b.outlook) {
                Some(Outlook::Forecast { p85, .. }) => Some(*p85),
                _ => None,
            };
            let gap_days = p85.zip(p.target).map(|(d, t)| (d - t).whole_days());
            let (met, measured) = portfolio::kpis_met(x);
            CompareRow {
                name: p.name.clone(),
                href: format!("../{}/index.html", crate::url::segment(&p.slug)),
                verdict: x.burn.as_ref().and_then(|b| schedule_badge(&b.outlook)),
                risk: rank + 1,
                p85: p85.map(long_date).unwrap_or_else(|| "–".into()),
                p85_iso: p85.map(format_date).unwrap_or_default(),
                target: p.target.map(long_date).unwrap_or_else(|| "–".into()),
                gap: gap_days
                    .map(|g| {
                        if g > 0 {
                            format!("{g} days after the target")
                        } else {
                            format!("{} days before the target", -g)
                        }
                    })
                    .unwrap_or_default(),
                gap_days,
                headline: (x.headline.main.value * 100.0).round() as u32,
                blocked: x.attention.blocked.len(),
                overdue: x.attention.overdue.len(),
                critical: x.attention.critical_open,
                kpis: if measured == 0 { "none measured".into() } else { format!("{met} of {measured} met") },
                kpis_met: met,
                owner: p.owner.clone().unwrap_or_default(),
                target_iso: p.target.map(format_date).unwrap_or_default(),
                updated: data_as_of(p).map(|(d, _)| format_date(d)).unwrap_or_else(|| "–".into()),
                updated_from: data_as_of(p).map(|(_, from)| from).unwrap_or_default(),
                updated_iso: data_as_of(p).map(|(d, _)| format_date(d)).unwrap_or_default(),
            }
        })
        .collect();
    let kinds = portfolio::kpi_kinds(a, kpi_words);
    let kpis_for = |keep: &dyn Fn(usize) -> bool| -> Vec<KpiCompare> {
        kinds
            .iter()
            .filter(|k| k.entries.iter().any(|(pi, _)| keep(*pi)))
            .map(|k| KpiCompare {
                kind: k.kind.clone(),
                cells: k
                    .entries
                    .iter()
                    .filter(|(pi, _)| keep(*pi))
                    .map(|(pi, ji)| {
                        let p = &portfolio.projects[*pi];
                        let j = &a[*pi].kpis[*ji];
                        KpiCell {
                            project: p.name.clone(),
                            href: format!(
                                "../{}/index.html#kpi-{}",
                                crate::url::segment(&p.slug),
                                p.kpis[j.entries[0]].id
                            ),
                            target: j.target.clone(),
                            actual: j.actual.clone().unwrap_or_else(|| "–".into()),
                            verdict: super::project::verdict_badge(j.verdict),
                            gap: j.gap.clone(),
                        }
                    })
                    .collect(),
            })
            .collect()
    };
    let mut files = Vec::new();
    let timeline_rows: Vec<super::charts::TimelineRow> = order
        .iter()
        .map(|&i| {
            let p = &portfolio.projects[i];
            super::charts::TimelineRow {
                name: p.name.clone(),
                href: format!("../{}/index.html", crate::url::segment(&p.slug)),
                start: p.start,
                target: p.target,
                forecast: match a[i].burn.as_ref().map(|b| &b.outlook) {
                    Some(Outlook::Forecast { p50, p85, p95, .. }) => Some((*p50, *p85, *p95)),
                    _ => None,
                },
            }
        })
        .collect();
    // small multiples: every burn-up on the same dates, the status mix and the open items per priority
    let from = a.iter().filter_map(|x| x.burn.as_ref().and_then(|b| b.items.points.first()).map(|p| p.date)).min();
    let to = portfolio.projects.iter().filter_map(|p| p.target).chain(std::iter::once(today)).max();
    let multiples: Vec<SmallMultiple> = order
        .iter()
        .map(|&i| {
            let p = &portfolio.projects[i];
            let x = &a[i];
            let burnup = match (x.burn.as_ref(), from, to) {
                (Some(b), Some(from), Some(to)) if b.snapshots.len() >= 3 => {
                    let chart = super::charts::small_burnup(
                        &format!("multiple-{}", crate::model::slugify(&p.slug)),
                        &p.name,
                        &b.items,
                        from,
                        to,
                    );
                    Some(super::report::chart_view(chart, "compare/", &mut files))
                }
                _ => None,
            };
            let total: usize = x.by_status.values().sum();
            let statuses = Status::ALL
                .iter()
                .filter_map(|st| {
                    let n = x.by_status.get(st).copied().unwrap_or(0);
                    let b = super::status_badge(*st);
                    (n > 0).then(|| Segment {
                        class: b.class,
                        label: b.label,
                        count: n,
                        percent: (n as f64 / total.max(1) as f64 * 1000.0).round() / 10.0,
                    })
                })
                .collect();
            let open: usize = x.open_by_priority.iter().map(|(_, n)| n).sum();
            let priorities = x
                .open_by_priority
                .iter()
                .filter(|(_, n)| *n > 0)
                .map(|(pr, n)| {
                    let (class, label) = match pr {
                        Some(pr) => (format!("prio-{}", pr.as_str()), super::priority_badge(*pr).label),
                        None => ("prio-none".to_string(), "No priority".to_string()),
                    };
                    Segment {
                        class,
                        label,
                        count: *n,
                        percent: (*n as f64 / open.max(1) as f64 * 1000.0).round() / 10.0,
                    }
                })
                .collect();
            SmallMultiple {
                name: p.name.clone(),
                href: format!("../{}/index.html", crate::url::segment(&p.slug)),
                burnup,
                statuses,
                priorities,
            }
        })
        .collect();
    // pages of COMPARE_PAGE projects in risk order: each page compares its own projects (table, timeline, small
    // multiples, KPIs, shared work), so a thousand projects never make one huge page
    let page_count = order.len().div_ceil(COMPARE_PAGE).max(1);
    let mut pages = Vec::new();
    let lists = list_links(portfolio, today, "");
    let mut rows = rows.into_iter();
    let mut multiples = multiples.into_iter();
    let themes = portfolio::shared_themes(portfolio);
    for k in 0..page_count {
        let chunk: Vec<usize> = order.iter().skip(k * COMPARE_PAGE).take(COMPARE_PAGE).copied().collect();
        let keep = |i: usize| chunk.contains(&i);
        let id = if k == 0 { "timeline".to_string() } else { format!("timeline-{}", k + 1) };
        let lines = &timeline_rows
            [(k * COMPARE_PAGE).min(timeline_rows.len())..((k + 1) * COMPARE_PAGE).min(timeline_rows.len())];
        let timeline = super::charts::timeline_chart(&id, lines, today)
            .map(|c| super::report::chart_view(c, "compare/", &mut files));
        pages.push(super::render_page(
            theme,
            "compare.html",
            &format!("compare/{}", super::page_path("index", k)),
            &CompareView {
                site: site.clone(),
                pages: super::page_links("index", page_count, k, COMPARE_PAGE, order.len()),
                project_count: order.len(),
                rows: rows.by_ref().take(chunk.len()).collect(),
                timeline,
                multiples: multiples.by_ref().take(chunk.len()).collect(),
                shared: shared_view(portfolio, &themes, &chunk),
                kpis: kpis_for(&keep),
                lists: lists.clone(),
            },
        )?);
    }
    pages.extend(files);
    // every project's executive summary on one page, for printing
    let summaries = order
        .iter()
        .map(|&i| {
            let p = &portfolio.projects[i];
            let x = &a[i];
            let kpis = super::project::kpi_rows(p, x);
            SummaryView {
                name: p.name.clone(),
                href: format!("../{}/index.html", crate::url::segment(&p.slug)),
                owner: p.owner.clone().unwrap_or_default(),
                target: p.target.map(long_date).unwrap_or_default(),
                headline: super::project::headline_view(x),
                outlook: super::project::outlook_view(p, x),
                attention: super::project::attention_view(p, x, &kpis),
                kpis: kpis.into_iter().filter(|k| !k.actual.is_empty()).collect(),
            }
        })
        .collect();
    pages.push(super::render_page(
        theme,
        "print-all.html",
        "compare/print.html",
        &PrintAllView { site: site.clone(), projects: summaries },
    )?);
    pages.push(Page { path: "search.json".into(), bytes: search_index(portfolio, analysis).into_bytes() });
    // what changed, as a page and an Atom feed
    let entries = change_entries(portfolio, analysis, &order, &site.base_url);
    pages.push(super::render_page(
        theme,
        "changes.html",
        "compare/changes.html",
        &ChangesView { site: site.clone(), entries: entries.clone(), feed_href: "changes.xml".into() },
    )?);
    pages.push(Page { path: "compare/changes.xml".into(), bytes: atom_feed(&site, &entries, today).into_bytes() });
    // the site-wide item lists, grouped by project in risk order (owners: by owner)
    for (key, label) in LISTS {
        let keep = |i: &Item| match key {
            "critical" => open(i) && i.priority == Some(Priority::Critical),
            "blocked" => i.status == Status::Blocked,
            "overdue" => overdue(i, today),
            _ => i.owner.is_some(),
        };
        let mut anchors = super::markdown::Anchors::default();
        let groups: Vec<ItemGroup> = if key == "owners" {
            let mut owners: Vec<(String, usize, &Item)> = Vec::new();
            for (pi, p) in portfolio.projects.iter().enumerate() {
                for i in p.items.iter().filter(|i| keep(i)) {
                    owners.push((i.owner.clone().unwrap_or_default(), pi, i));
                }
            }
            owners.sort_by(|a, b| a.0.to_lowercase().cmp(&b.0.to_lowercase()).then(a.1.cmp(&b.1)));
            let mut groups: Vec<ItemGroup> = Vec::new();
            for (owner, pi, i) in owners {
                let p = &portfolio.projects[pi];
                let row = item_row(p, i, today, &format!("../{}/", crate::url::segment(&p.slug)));
                match groups.last_mut().filter(|g| g.name == owner) {
                    Some(g) => g.items.push(row),
                    None => groups.push(group(owner.clone(), anchors.make(&format!("owner {owner}")), vec![row])),
                }
            }
            groups
        } else {
            order
                .iter()
                .filter_map(|&pi| {
                    let p = &portfolio.projects[pi];
                    let up = format!("../{}/", crate::url::segment(&p.slug));
                    let rows: Vec<ItemRow> =
                        p.items.iter().filter(|i| keep(i)).map(|i| item_row(p, i, today, &up)).collect();
                    (!rows.is_empty()).then(|| group(p.name.clone(), anchors.make(&p.slug), rows))
                })
                .collect()
        };
        let intro = match key {
            "critical" => {
                "Open items marked critical, by project (the project that needs attention first comes first)."
            }
            "blocked" => "Items marked blocked, by project.",
            "overdue" => "Open items whose window or due date ended before the report date, by project.",
            _ => "Items with a named owner, by owner.",
        };
        pages.push(super::render_page(
            theme,
            "item-index.html",
            &format!("compare/{key}.html"),
            &ItemIndexView {
                site: site.clone(),
                title: label.to_string(),
                intro: intro.to_string(),
                lists: list_links(portfolio, today, key),
                groups,
            },
        )?);
    }
    Ok(pages)
}

/// The host of the base URL, for tag URIs (`tag:owner.github.io,2026-11-16:…`); a fixed name without one.
fn tag_authority(base_url: &str) -> String {
    base_url
        .split("://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .filter(|h| !h.is_empty())
        .unwrap_or("milepost.localhost")
        .to_string()
}

fn change_entries(portfolio: &Portfolio, analysis: &Analysis, order: &[usize], base_url: &str) -> Vec<ChangeEntry> {
    let host = tag_authority(base_url);
    order
        .iter()
        .filter_map(|&i| {
            let p = &portfolio.projects[i];
            let a = &analysis.projects[i];
            let burn = a.burn.as_ref()?;
            let [.., before, now] = burn.snapshots.as_slice() else { return None };
            if a.attention.moved.is_empty() {
                return None;
            }
            let (since, until) = (format_date(before.date), format_date(now.date));
            Some(ChangeEntry {
                project: p.name.clone(),
                href: format!("{}/index.html", crate::url::segment(&p.slug)),
                id: format!("tag:{host},{since}:{}/{since}/{until}", crate::url::segment(&p.slug)),
                since,
                until,
                lines: a.attention.moved.clone(),
            })
        })
        .collect()
}

/// The search index: `[kind, text, project, url]` per project, item, KPI and document heading; URLs relative to the
/// site root. Compact rows, no field names repeated.
fn search_index(portfolio: &Portfolio, analysis: &Analysis) -> String {
    let mut rows: Vec<[String; 4]> = Vec::new();
    for (pi, p) in portfolio.projects.iter().enumerate() {
        let slug = crate::url::segment(&p.slug);
        rows.push(["project".into(), p.name.clone(), p.name.clone(), format!("{slug}/index.html")]);
        for i in &p.items {
            rows.push(["item".into(), i.title.clone(), p.name.clone(), format!("{slug}/index.html#item-{}", i.id)]);
        }
        // one entry per KPI as the report shows it (restatements merged), linked to its row
        for j in analysis.projects.get(pi).map(|a| a.kpis.as_slice()).unwrap_or_default() {
            let Some(k) = j.entries.first().and_then(|&e| p.kpis.get(e)) else { continue };
            rows.push(["kpi".into(), j.name.clone(), p.name.clone(), format!("{slug}/index.html#kpi-{}", k.id)]);
        }
        for (d, doc) in p.documents.iter().enumerate() {
            // the same anchors the document page gets: its own first, then each heading in order
            let mut anchors = super::markdown::Anchors::default();
            anchors.make(&format!("doc {}", super::doc_prefix(&doc.name)));
            let page = super::project::doc_href(p, d);
            for h in &doc.headings {
                let anchor = anchors.make(&h.text);
                let text = h.text.replace('\u{FFFD}', "").trim().to_string();
                if !text.is_empty() {
                    rows.push(["heading".into(), text, p.name.clone(), format!("{slug}/{page}#{anchor}")]);
                }
            }
        }
    }
    let mut out = serde_json::to_string(&rows).unwrap_or_else(|_| "[]".into());
    out.push('\n');
    out
}

fn xml(s: &str) -> String {
    super::escape(s)
}

/// An Atom feed (RFC 4287) of the changes: one entry per project and pair of snapshots, ids stable across builds.
fn atom_feed(site: &SiteView, entries: &[ChangeEntry], today: Date) -> String {
    let base =
        if site.base_url.is_empty() { String::new() } else { format!("{}/", site.base_url.trim_end_matches('/')) };
    let updated = entries.iter().map(|e| e.until.as_str()).max().unwrap_or("").to_string();
    let updated = if updated.is_empty() { format_date(today) } else { updated };
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    out.push_str(&format!("  <title>{}: what changed</title>\n", xml(&site.title)));
    out.push_str(&format!(
        "  <id>tag:{},2000-01-01:{}/changes</id>\n",
        tag_authority(&site.base_url),
        xml(&crate::model::slugify(&site.title))
    ));
    out.push_str(&format!("  <updated>{updated}T00:00:00Z</updated>\n"));
    out.push_str(&format!("  <author><name>{}</name></author>\n", xml(&site.title)));
    out.push_str(&format!("  <generator>{}</generator>\n", xml(&site.generator)));
    if !base.is_empty() {
        out.push_str(&format!("  <link rel=\"self\" href=\"{}compare/changes.xml\"/>\n", xml(&base)));
    }
    out.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}compare/changes.html\"/>\n",
        xml(&base)
    ));
    for e in entries {
        out.push_str("  <entry>\n");
        out.push_str(&format!("    <title>{}: changes from {} to {}</title>\n", xml(&e.project), e.since, e.until));
        out.push_str(&format!("    <id>{}</id>\n", xml(&e.id)));
        out.push_str(&format!("    <updated>{}T00:00:00Z</updated>\n", e.until));
        out.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}{}\"/>\n",
            xml(&base),
            xml(&e.href)
        ));
        out.push_str(&format!("    <summary type=\"text\">{}</summary>\n", xml(&e.lines.join(" "))));
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

/// How old a project's figures are: the oldest "last updated" date its documents state, else its last recorded
/// snapshot (never the report date itself), with where the date comes from.
fn data_as_of(p: &crate::model::Project) -> Option<(Date, String)> {
    let stated = p.documents.iter().filter_map(|d| d.updated.map(|(date, _)| (date, d.name.clone()))).min();
    stated.or_else(|| p.history.last().map(|s| (s.date, "last snapshot".to_string())))
}

/// Shared themes among the projects of one page (`chunk`, in risk order): the first [`SHARED_PROJECTS`] projects of
/// each, the most pressing items of each project.
fn shared_view(portfolio: &Portfolio, themes: &[portfolio::SharedTheme], chunk: &[usize]) -> Vec<SharedView> {
    let rank: std::collections::HashMap<usize, usize> = chunk.iter().enumerate().map(|(k, pi)| (*pi, k)).collect();
    themes
        .iter()
        .cloned()
        .map(|mut t| {
            t.projects.retain(|(pi, _)| rank.contains_key(pi));
            t.projects.sort_by_key(|(pi, _)| rank.get(pi).copied());
            t
        })
        .filter(|t| t.projects.len() >= 2)
        .map(|mut t| SharedView {
            project_count: t.projects.len(),
            theme: {
                let mut c = t.theme.chars();
                c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
            },
            projects: std::mem::take(&mut t.projects)
                .iter()
                .take(SHARED_PROJECTS)
                .map(|(pi, items)| {
                    let p = &portfolio.projects[*pi];
                    // the most pressing first: blocked, then critical, high, … (document order within)
                    let mut items = items.clone();
                    items.sort_by_key(|ii| {
                        let i = &p.items[*ii];
                        (i.status != Status::Blocked, i.priority.map_or(9, |p| p as u8), *ii)
                    });
                    SharedProject {
                        name: p.name.clone(),
                        href: format!("../{}/index.html", crate::url::segment(&p.slug)),
                        more: items.len().saturating_sub(SHARED_SHOWN),
                        items: items
                            .iter()
                            .take(SHARED_SHOWN)
                            .map(|ii| {
                                let i = &p.items[*ii];
                                SharedItem {
                                    title: i.title.clone(),
                                    href: format!("../{}/index.html#item-{}", crate::url::segment(&p.slug), i.id),
                                    status: super::status_badge(i.status),
                                    priority: i.priority.map(super::priority_badge),
                                }
                            })
                            .collect(),
                    }
                })
                .collect(),
        })
        .collect()
}

fn group(name: String, anchor: String, items: Vec<ItemRow>) -> ItemGroup {
    let done = items.iter().filter(|i| i.status.label == "Done").count();
    let total = items.len();
    ItemGroup {
        name,
        anchor,
        done,
        total,
        percent: ((done as f64 / total.max(1) as f64) * 100.0).round() as u32,
        open: true,
        filtered: true,
        items,
    }
}
