//! Stage 5, render: model + analysis -> pages in memory (HTML from Tera templates fed with view structs,
//! highlighted code, the syntax stylesheet, the JSON export). Nothing here touches the disk.

pub mod charts;
pub mod compare;
pub mod highlight;
pub mod json;
pub mod markdown;
pub mod project;
pub mod report;
pub mod theme;
pub mod views;
pub mod watchdog;

use rayon::prelude::*;

use crate::analyze::{Analysis, ProjectAnalysis};
use crate::config::SiteConfig;
use crate::diagnostics::Diagnostic;
use crate::model::{Portfolio, Project, format_date};
use crate::parse::{Health, Priority, Status};
use views::*;

/// One output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// Path inside `output/`, with `/`.
    pub path: String,
    pub bytes: Vec<u8>,
}

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

pub fn generator() -> String {
    format!("milepost {}", env!("CARGO_PKG_VERSION"))
}

/// Renders the whole site. Template errors fail the build; code-language warnings go to `diagnostics`.
pub fn render_site(
    portfolio: &Portfolio,
    analysis: &Analysis,
    config: &SiteConfig,
    theme: &theme::Theme,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Vec<Page>, theme::ThemeError> {
    let rendered: Vec<Result<ProjectFiles, theme::ThemeError>> = portfolio
        .projects
        .par_iter()
        .zip(analysis.projects.par_iter())
        .map(|(p, a)| project_files(p, a, config, theme, analysis.today))
        .collect();
    let mut pages = Vec::new();
    let mut entries = Vec::with_capacity(rendered.len());
    for r in rendered {
        let r = r?;
        diagnostics.extend(r.diagnostics);
        pages.extend(r.pages);
        entries.push(r.entry);
    }
    let entries: Vec<&[u8]> = entries.iter().map(Vec::as_slice).collect();
    pages.extend(portfolio_files(portfolio, analysis, &entries, config, theme)?);
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(pages)
}

/// What one project contributes to the site: its pages (report, item views, documents, charts, data files) and
/// its entry of `api/projects.json`.
#[derive(Debug, Clone, Default)]
pub struct ProjectFiles {
    pub pages: Vec<Page>,
    pub entry: Vec<u8>,
    pub diagnostics: Vec<Diagnostic>,
}

fn site_view(config: &SiteConfig, today: time::Date, root: &str) -> SiteView {
    SiteView {
        title: config.title.clone(),
        generator: generator(),
        today: format_date(today),
        root: root.to_string(),
        base_url: config.base_url.clone(),
    }
}

/// Renders one project's own pages; they depend on nothing but the project, its analysis, the configuration,
/// the theme and the report date, so a rebuild can redo one project alone.
pub fn project_files(
    p: &Project,
    a: &ProjectAnalysis,
    config: &SiteConfig,
    theme: &theme::Theme,
    today: time::Date,
) -> Result<ProjectFiles, theme::ThemeError> {
    let site = |root: &str| site_view(config, today, root);
    let mut diagnostics = Vec::new();
    let mut files = Vec::new();
    let project::ProjectPages { report: view, views, documents: docs } =
        project::project_pages(p, a, &site, today, &mut files, &mut diagnostics);
    for (path, v) in &views {
        files.push(render_page(theme, "items.html", path, v)?);
    }
    for (path, v) in &docs {
        files.push(render_page(theme, "document.html", path, v)?);
    }
    files.push(render_page(theme, "project.html", &format!("{}/index.html", p.slug), &view)?);
    let entry = json::entry_bytes(p, a);
    files.push(Page {
        path: format!("api/{}.json", p.slug),
        bytes: json::file_bytes(&format_date(today), [entry.as_slice()]),
    });
    Ok(ProjectFiles { pages: files, entry, diagnostics })
}

/// The pages made from every project: the portfolio index, the 404 page, the priorities and comparison pages,
/// `api/projects.json` (from the projects' `entries`, in portfolio order) and the theme's static files.
pub fn portfolio_files(
    portfolio: &Portfolio,
    analysis: &Analysis,
    entries: &[&[u8]],
    config: &SiteConfig,
    theme: &theme::Theme,
) -> Result<Vec<Page>, theme::ThemeError> {
    let site = |root: &str| site_view(config, analysis.today, root);
    // the project that needs attention first comes first
    let cards: Vec<ProjectCard> = crate::analyze::portfolio::risk_order(portfolio, &analysis.projects)
        .into_iter()
        .map(|i| card(&portfolio.projects[i], &analysis.projects[i], ""))
        .collect();
    let mut pages = Vec::new();
    // pages of INDEX_PAGE cards, so a portfolio of a thousand projects stays a page a browser opens quickly
    let (items_done, items_total) =
        (cards.iter().map(|c| c.items_done).sum(), cards.iter().map(|c| c.items_total).sum());
    let project_count = cards.len();
    let chunks: Vec<Vec<ProjectCard>> = cards.chunks(INDEX_PAGE).map(<[ProjectCard]>::to_vec).collect();
    let chunks = if chunks.is_empty() { vec![Vec::new()] } else { chunks };
    let page_count = chunks.len();
    for (k, projects) in chunks.into_iter().enumerate() {
        let path = page_path("index", k);
        let index = IndexView {
            site: site(""),
            projects,
            project_count,
            items_done,
            items_total,
            pages: page_links("index", page_count, k, INDEX_PAGE, project_count),
        };
        pages.push(render_page(theme, "index.html", &path, &index)?);
    }
    let root_404 = root_for_404(config);
    let known: Vec<String> = portfolio.projects.iter().map(|p| crate::url::segment(&p.slug)).collect();
    let not_found = NotFoundView {
        // `</` cannot close the script from inside these strings
        known_json: serde_json::to_string(&known).unwrap_or_default().replace("</", "<\\/"),
        root_json: serde_json::to_string(&root_404).unwrap_or_default().replace("</", "<\\/"),
        site: site(&root_404),
        projects: portfolio
            .projects
            .iter()
            .map(|p| LinkedItem {
                title: p.name.clone(),
                href: format!("{}/index.html", crate::url::segment(&p.slug)),
                extra: String::new(),
            })
            .collect(),
        // served at any depth: the stylesheet travels inside the page
        inline_css: theme
            .statics
            .iter()
            .find(|(name, _)| name == "style.css")
            .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
            .unwrap_or_default(),
    };
    pages.push(render_page(theme, "404.html", "404.html", &not_found)?);
    // the two largest site-wide page sets render side by side
    let (priorities, compared) = rayon::join(
        || report::portfolio_priorities(portfolio, analysis, site("../"), theme),
        || compare::compare_pages(portfolio, analysis, site("../"), theme, &config.kpi_kinds),
    );
    pages.extend(priorities?);
    pages.extend(compared?);
    pages.push(Page {
        path: "api/projects.json".into(),
        bytes: json::file_bytes(&format_date(analysis.today), entries.iter().copied()),
    });
    pages.push(Page { path: "static/syntax.css".into(), bytes: highlight::stylesheet().into_bytes() });
    for (path, bytes) in &theme.statics {
        pages.push(Page { path: format!("static/{path}"), bytes: bytes.clone() });
    }
    pages.push(Page { path: ".nojekyll".into(), bytes: Vec::new() });
    Ok(pages)
}

/// Project cards per page of the portfolio index.
pub const INDEX_PAGE: usize = 50;

/// `index.html`, `index-2.html`, … for page `k` (from 0).
pub fn page_path(stem: &str, k: usize) -> String {
    if k == 0 { format!("{stem}.html") } else { format!("{stem}-{}.html", k + 1) }
}

/// Links to every page (`1–50`, `51–100`, …), none when there is one page.
pub fn page_links(stem: &str, count: usize, current: usize, per_page: usize, total: usize) -> Vec<ViewLink> {
    if count <= 1 {
        return Vec::new();
    }
    (0..count)
        .map(|k| ViewLink {
            label: format!("{}–{}", k * per_page + 1, ((k + 1) * per_page).min(total)),
            href: page_path(stem, k),
            count: ((k + 1) * per_page).min(total) - k * per_page,
            current: k == current,
        })
        .collect()
}

/// GitHub Pages serves 404.html at any depth, so relative links cannot work there: the base URL's path
/// (`https://owner.github.io/repo/` -> `/repo/`) works on the published site and on a local preview alike; without
/// a base URL, `/` (the page's script corrects it when it recognises a folder of the site in the address).
fn root_for_404(config: &SiteConfig) -> String {
    let url = config.base_url.trim();
    let path = match url.find("://") {
        Some(i) => url[i + 3..].find('/').map_or("/", |j| &url[i + 3 + j..]),
        None if url.starts_with('/') => url,
        None => "/",
    };
    format!("{}/", path.trim_end_matches('/'))
}

pub(crate) fn render_page<T: serde::Serialize>(
    theme: &theme::Theme,
    template: &str,
    path: &str,
    view: &T,
) -> Result<Page, theme::ThemeError> {
    let context = tera::Context::from_serialize(view).map_err(|e| theme::template_error(&e, template))?;
    watchdog::started(template);
    let html = theme.tera.render(template, &context).map_err(|e| theme::template_error(&e, template));
    watchdog::finished();
    let html = html?;
    Ok(Page { path: path.to_string(), bytes: html.into_bytes() })
}

pub fn status_badge(s: Status) -> Badge {
    let label = match s {
        Status::Done => "Done",
        Status::InProgress => "In progress",
        Status::Todo => "To do",
        Status::Blocked => "Blocked",
        Status::Cancelled => "Cancelled",
    };
    Badge { class: format!("status-{}", s.as_str().replace('_', "-")), label: label.into() }
}

pub fn priority_badge(p: Priority) -> Badge {
    let label = match p {
        Priority::Critical => "Critical",
        Priority::High => "High",
        Priority::Medium => "Medium",
        Priority::Low => "Low",
    };
    Badge { class: format!("prio-{}", p.as_str()), label: label.into() }
}

pub fn health_badge(h: Health) -> Badge {
    let label = match h {
        Health::Red => "Red",
        Health::Amber => "Amber",
        Health::Green => "Green",
    };
    Badge { class: format!("health-{}", h.as_str()), label: label.into() }
}

fn percent(x: f64) -> u32 {
    (x * 100.0).round().clamp(0.0, 100.0) as u32
}

fn card(p: &Project, a: &ProjectAnalysis, root: &str) -> ProjectCard {
    let readiness_label = match &p.readiness {
        Some(r) if (r.max - r.min).abs() > 1e-9 => {
            format!("{}–{}%", percent(r.min), percent(r.max))
        }
        Some(r) => format!("{}%", percent(r.value)),
        None => "not stated".into(),
    };
    let open: Vec<PriorityCount> = a
        .open_by_priority
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(p, n)| match p {
            Some(p) => {
                PriorityCount { class: format!("prio-{}", p.as_str()), label: priority_badge(*p).label, count: *n }
            }
            None => PriorityCount { class: "prio-none".into(), label: "No priority".into(), count: *n },
        })
        .collect();
    let schedule = match a.days_to_target {
        Some(d) if d > 1 => format!("{d} days to target"),
        Some(1) => "1 day to target".into(),
        Some(0) => "target is today".into(),
        Some(d) => format!("target passed {} days ago", -d),
        None => String::new(),
    };
    ProjectCard {
        slug: p.slug.clone(),
        name: p.name.clone(),
        summary: p.summary.clone().unwrap_or_default(),
        href: format!("{root}{}/index.html", crate::url::segment(&p.slug)),
        readiness: p.readiness.as_ref().map(|r| percent(r.value)),
        readiness_label,
        items_done: a.progress.items_done,
        items_total: a.progress.items_total,
        done_percent: percent(a.progress.ratio()),
        tasks_done: a.progress.tasks_done,
        tasks_total: a.progress.tasks_total,
        open_total: open.iter().map(|o| o.count).sum(),
        open,
        target: p.target.map(format_date).unwrap_or_default(),
        schedule,
        verdict: a.burn.as_ref().and_then(|b| project::schedule_badge(&b.outlook)),
        outlook: match a.burn.as_ref().map(|b| &b.outlook) {
            Some(crate::analyze::forecast::Outlook::Forecast { p85, .. }) => {
                let gap = p.target.map(|t| (*p85 - t).whole_days());
                format!(
                    "85% likely by {}{}",
                    project::long_date(*p85),
                    match gap {
                        Some(0) => ", the target date".to_string(),
                        Some(g) if g > 0 => format!(", {g} days after the target"),
                        Some(g) => format!(", {} days before the target", -g),
                        None => String::new(),
                    }
                )
            }
            Some(crate::analyze::forecast::Outlook::NoFinishInSight { .. }) => "no finish in sight".into(),
            Some(crate::analyze::forecast::Outlook::InsufficientData { .. }) => {
                "not enough history for a forecast".into()
            }
            Some(crate::analyze::forecast::Outlook::Done) => "all done".into(),
            None => "no history yet".into(),
        },
        cautions: {
            let c = &a.headline.cautions;
            let disagree = c.iter().any(|x| x.contains("disagree"));
            let stale = c.iter().filter(|x| x.contains("last updated")).count();
            let mut parts = Vec::new();
            if disagree {
                parts.push("the stated readiness disagrees with the item count".to_string());
            }
            if stale > 0 {
                parts.push(format!(
                    "{stale} document{} not updated for over 90 days",
                    if stale == 1 { " is" } else { "s are" }
                ));
            }
            if parts.is_empty() { String::new() } else { format!("{}.", parts.join("; ")) }
        },
        trend: a
            .burn
            .as_ref()
            .filter(|b| b.snapshots.len() >= 3)
            .map(|b| charts::sparkline(&b.items))
            .unwrap_or_default(),
        blocked: a.attention.blocked.len(),
        overdue: a.attention.overdue.len(),
        kpis: {
            use crate::analyze::kpi::Verdict;
            let measured = a.kpis.iter().filter(|k| k.actual.is_some()).count();
            let missed = a.kpis.iter().filter(|k| k.verdict == Verdict::Missed).count();
            if measured == 0 { String::new() } else { format!("{missed} of {measured} measured KPIs missed") }
        },
    }
}

/// `roadmap.md` -> `roadmap`: the prefix of line anchors in that document.
pub fn doc_prefix(name: &str) -> String {
    crate::model::slugify(name.trim_end_matches(".md"))
}

/// Effort as shown: `2–3 d`, `5 d`, or the words written.
pub fn effort_label(i: &crate::model::Item) -> String {
    let fmt_days = |x: f64| if x.fract() == 0.0 { format!("{x}") } else { format!("{x:.1}") };
    match (&i.effort, &i.effort_text) {
        (Some(e), _) if e.min == e.max => format!("{} d", fmt_days(e.min)),
        (Some(e), _) => format!("{}–{} d", fmt_days(e.min), fmt_days(e.max)),
        (None, Some(t)) => t.clone(),
        (None, None) => String::new(),
    }
}
