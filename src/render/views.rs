//! What templates see: view structs designed for the pages, built from the model and the analysis. Templates
//! never see the model itself, so the model can change without breaking themes.

use serde::Serialize;

use super::markdown::TocEntry;

#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub title: String,
    pub generator: String,
    pub today: String,
    /// Relative path from the page to the site root: `` or `../`.
    pub root: String,
    pub base_url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Badge {
    pub class: String,
    pub label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PriorityCount {
    pub class: String,
    pub label: String,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProjectCard {
    pub slug: String,
    pub name: String,
    pub summary: String,
    pub href: String,
    /// Whole percent, when known.
    pub readiness: Option<u32>,
    pub readiness_label: String,
    pub items_done: usize,
    pub items_total: usize,
    pub done_percent: u32,
    pub tasks_done: usize,
    pub tasks_total: usize,
    pub open: Vec<PriorityCount>,
    pub open_total: usize,
    pub target: String,
    pub schedule: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndexView {
    pub site: SiteView,
    pub projects: Vec<ProjectCard>,
    pub items_done: usize,
    pub items_total: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemRow {
    pub id: String,
    pub title: String,
    pub section: String,
    pub status: Badge,
    pub priority: Option<Badge>,
    pub health: Option<Badge>,
    pub effort: String,
    pub timeline: String,
    pub dates: String,
    /// Not done and its window ended before today.
    pub overdue: bool,
    pub owner: String,
    pub tasks: String,
    pub note: String,
    pub status_text: String,
    /// `roadmap.md:42`.
    pub source: String,
    /// Link to the line in the rendered document below.
    pub href: String,
    pub overridden: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct KpiRow {
    pub id: String,
    pub name: String,
    pub target: String,
    pub current: String,
    pub measured: String,
    pub source: String,
    pub href: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    pub name: String,
    pub title: String,
    pub anchor: String,
    pub html: String,
    pub toc: Vec<TocEntry>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProjectView {
    pub site: SiteView,
    pub card: ProjectCard,
    pub owner: String,
    pub start: String,
    pub readiness_source: String,
    pub status_counts: Vec<PriorityCount>,
    pub items: Vec<ItemRow>,
    pub kpis: Vec<KpiRow>,
    pub documents: Vec<DocumentView>,
    pub json_href: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct NotFoundView {
    pub site: SiteView,
}
