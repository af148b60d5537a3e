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
    /// A `Milestone N` / `Phase N` section rather than a single piece of work.
    pub milestone: bool,
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
    pub progress: Option<ProgressView>,
    pub priorities: PrioritiesView,
    pub scores: Option<ChartView>,
    pub sections: Vec<SectionRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NotFoundView {
    pub site: SiteView,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChartView {
    pub id: String,
    pub title: String,
    pub desc: String,
    pub svg: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub csv_href: String,
    pub json_href: String,
    pub svg_href: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct BacktestRow {
    pub as_of: String,
    pub remaining: String,
    pub said: String,
    pub reached: String,
    pub verdict: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProgressView {
    pub sentence: String,
    pub schedule: Option<Badge>,
    pub charts: Vec<ChartView>,
    pub effort_note: String,
    pub backtest: Vec<BacktestRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HeatCell {
    pub count: usize,
    pub level: u8,
}

#[derive(Debug, Clone, Serialize)]
pub struct HeatRow {
    pub label: String,
    pub cells: Vec<HeatCell>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LinkedItem {
    pub title: String,
    pub href: String,
    pub extra: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Quadrant {
    pub label: String,
    pub hint: String,
    pub items: Vec<LinkedItem>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScoreRow {
    pub title: String,
    pub href: String,
    pub inputs: String,
    pub score: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionRow {
    pub name: String,
    pub done: usize,
    pub total: usize,
    pub percent: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct PrioritiesView {
    pub matrix: Option<ChartView>,
    pub unplaced: Vec<LinkedItem>,
    pub heat_headers: Vec<String>,
    pub heat: Vec<HeatRow>,
    pub eisenhower: Vec<Quadrant>,
    pub rice: Vec<ScoreRow>,
    pub wsjf: Vec<ScoreRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PortfolioItem {
    /// `<slug>-<item id>`: the row's id on the site priorities page.
    pub anchor: String,
    pub project: String,
    pub project_href: String,
    pub title: String,
    pub href: String,
    pub status: Badge,
    pub priority: Option<Badge>,
    pub effort: String,
    pub quadrant: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SortLink {
    pub label: String,
    pub href: String,
    pub current: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct PortfolioPrioritiesView {
    pub site: SiteView,
    pub matrix: Option<ChartView>,
    pub sorts: Vec<SortLink>,
    pub sorted_by: String,
    pub items: Vec<PortfolioItem>,
}
