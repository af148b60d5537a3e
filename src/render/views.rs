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
    /// On track / at risk / off track / not enough data.
    pub verdict: Option<Badge>,
    /// `P85 3 Aug 2027, 116 days after the target`, or what stands in for it.
    pub outlook: String,
    pub blocked: usize,
    pub overdue: usize,
    /// `4 of 5 measured KPIs missed`, or empty.
    pub kpis: String,
    /// What the report warns about, in a few words (`figures disagree; a document is 532 days old`), or empty.
    pub cautions: String,
    /// A small inline SVG of the share done over the history, empty with fewer than 3 snapshots.
    pub trend: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndexView {
    pub site: SiteView,
    pub projects: Vec<ProjectCard>,
    /// Projects on all pages.
    pub project_count: usize,
    pub items_done: usize,
    pub items_total: usize,
    /// Links to every page of the index when there is more than one.
    pub pages: Vec<ViewLink>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemRow {
    pub id: String,
    /// The row's element id: `item-<id>` on a project's pages, `<slug>-item-<id>` on site-wide lists.
    pub anchor: String,
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
    /// The latest actual as written, empty without one.
    pub actual: String,
    /// `status.yaml, measured 2026-11-16` or `roadmap.md:154 (currently)`.
    pub actual_source: String,
    pub verdict: Badge,
    pub gap: String,
    /// Another target for the same KPI elsewhere in the documents.
    pub conflict: String,
    pub source: String,
    pub href: String,
    /// Other lines stating this KPI (merged into this row).
    pub also: String,
}

/// One progress figure with where it comes from and how old it is.
#[derive(Debug, Clone, Serialize)]
pub struct FigureView {
    pub kind: String,
    pub text: String,
    pub source: String,
    /// `as of 2025-06-08 (536 days before this report)`, or empty.
    pub age: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct HeadlineView {
    /// Whole percent for the bar.
    pub percent: u32,
    /// `35%`.
    pub figure: String,
    pub main: FigureView,
    pub others: Vec<FigureView>,
    pub cautions: Vec<String>,
}

/// The schedule at a glance: verdict, P85 against the target, and the spread.
#[derive(Debug, Clone, Serialize)]
pub struct OutlookView {
    pub badge: Option<Badge>,
    /// A P85 date was forecast (else `p85` says why not).
    pub dated: bool,
    /// `7 Apr 2027`; empty without a dated forecast (the badge says why).
    pub p85: String,
    /// `2 days before the target (9 Apr 2027)`.
    pub against_target: String,
    /// `50%: 12 Mar 2027 · 95%: 30 Apr 2027`.
    pub spread: String,
    /// `Scope grew 90% as fast as work was done.`
    pub scope: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AttentionRow {
    pub title: String,
    /// The item's row on the report.
    pub href: String,
    pub why: String,
    pub owner: String,
    pub source: String,
    pub source_href: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AttentionView {
    pub blocked: Vec<AttentionRow>,
    pub overdue: Vec<AttentionRow>,
    /// Overdue items not listed (the list shows the most overdue).
    pub overdue_more: usize,
    pub critical: Vec<AttentionRow>,
    /// Every open critical item (blocked and overdue ones included).
    pub critical_open: usize,
    pub moved: Vec<String>,
    /// `2 of 5 measured KPIs missed`, empty when no KPI was measured.
    pub kpis: String,
    pub kpis_measured: usize,
    pub kpis_missed: Vec<String>,
}

/// Items of one section (or one owner), collapsible.
#[derive(Debug, Clone, Serialize)]
pub struct ItemGroup {
    pub name: String,
    pub anchor: String,
    pub done: usize,
    pub total: usize,
    pub percent: u32,
    pub open: bool,
    /// A filtered list (open, blocked, overdue…): the count is of the rows shown, not progress.
    pub filtered: bool,
    pub items: Vec<ItemRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ViewLink {
    pub label: String,
    pub href: String,
    pub count: usize,
    pub current: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct DocLink {
    pub name: String,
    pub title: String,
    pub href: String,
    /// `last updated 2025-06-08` when the document says so.
    pub updated: String,
}

/// A pre-built item view on its own page: open, blocked, overdue, by owner.
#[derive(Debug, Clone, Serialize)]
pub struct ItemsPageView {
    pub site: SiteView,
    pub project: String,
    pub project_href: String,
    pub title: String,
    pub intro: String,
    pub views: Vec<ViewLink>,
    pub groups: Vec<ItemGroup>,
    pub csv_href: String,
}

/// A source document on its own page.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentPageView {
    pub site: SiteView,
    pub project: String,
    pub project_href: String,
    pub document: DocumentView,
    pub updated: String,
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
    pub status_counts: Vec<PriorityCount>,
    pub kpis: Vec<KpiRow>,
    pub json_href: String,
    pub progress: Option<ProgressView>,
    pub priorities: PrioritiesView,
    pub scores: Option<ChartView>,
    pub headline: HeadlineView,
    pub outlook: Option<OutlookView>,
    pub attention: AttentionView,
    /// Items grouped by section, in document order.
    pub groups: Vec<ItemGroup>,
    pub views: Vec<ViewLink>,
    pub items_csv_href: String,
    pub docs: Vec<DocLink>,
    /// In-progress items, critical and high first: what is being worked on next.
    pub next: Vec<LinkedItem>,
    /// `7 Apr 2027`-style date of the report.
    pub report_date: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct NotFoundView {
    pub site: SiteView,
    /// The theme's `style.css`, inlined: the page is served at any depth.
    pub inline_css: String,
    /// Top-level folders of the site (project slugs) as a JSON array, for the script that finds the site root.
    pub known_json: String,
    /// `site.root` as a JSON string.
    pub root_json: String,
    /// Every project's report, `href` relative to the site root.
    pub projects: Vec<LinkedItem>,
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
    pub svg_href: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct BacktestRow {
    pub held: String,
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
    /// `The P85 date held in 3 of 4 earlier forecasts that can be checked.`
    pub calibration: String,
    /// Why there is no chart: too little history.
    pub no_chart: String,
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

/// One project in the comparison table.
#[derive(Debug, Clone, Serialize)]
pub struct CompareRow {
    pub name: String,
    pub href: String,
    pub verdict: Option<Badge>,
    /// 1 for the project that needs attention first.
    pub risk: usize,
    pub p85: String,
    /// `YYYY-MM-DD` for sorting.
    pub p85_iso: String,
    pub target: String,
    /// `+116` days late, `-3` early, empty without both dates.
    pub gap: String,
    pub gap_days: Option<i64>,
    pub headline: u32,
    pub blocked: usize,
    pub overdue: usize,
    pub critical: usize,
    pub kpis: String,
    pub kpis_met: usize,
    pub owner: String,
    /// The newest data point: the last snapshot's date.
    /// `YYYY-MM-DD` of the target, for sorting (empty without one).
    pub target_iso: String,
    /// `YYYY-MM-DD` of `updated`, for sorting.
    pub updated_iso: String,
    /// Where `updated` comes from: a document's name or `last snapshot`.
    pub updated_from: String,
    pub updated: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct KpiCell {
    pub project: String,
    pub href: String,
    pub target: String,
    pub actual: String,
    pub verdict: Badge,
    pub gap: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct KpiCompare {
    pub kind: String,
    pub cells: Vec<KpiCell>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SharedItem {
    pub title: String,
    pub href: String,
    pub status: Badge,
    pub priority: Option<Badge>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SharedProject {
    pub name: String,
    pub href: String,
    /// The most pressing items (blocked first, then by priority), at most [`SHARED_SHOWN`].
    pub items: Vec<SharedItem>,
    /// Items of the theme not listed.
    pub more: usize,
}

/// Items listed per project and theme on the comparison page; the rest are counted (the report lists them).
pub const SHARED_SHOWN: usize = 5;

/// Work several projects have in common, by theme.
#[derive(Debug, Clone, Serialize)]
pub struct SharedView {
    pub theme: String,
    /// All the projects sharing the theme on this page.
    pub project_count: usize,
    /// The first [`SHARED_PROJECTS`] of them in risk order.
    pub projects: Vec<SharedProject>,
}

/// Projects listed per theme on the comparison page.
pub const SHARED_PROJECTS: usize = 8;

#[derive(Debug, Clone, Serialize)]
pub struct CompareView {
    pub site: SiteView,
    /// Links to every page of the comparison when there is more than one.
    pub pages: Vec<ViewLink>,
    pub project_count: usize,
    pub rows: Vec<CompareRow>,
    pub timeline: Option<ChartView>,
    /// Per project: a small burn-up on the shared axis, the status mix and the open items per priority.
    pub multiples: Vec<SmallMultiple>,
    pub shared: Vec<SharedView>,
    pub kpis: Vec<KpiCompare>,
    pub lists: Vec<ViewLink>,
}

/// A site-wide item list (critical, blocked, overdue, by owner), grouped by project or owner.
#[derive(Debug, Clone, Serialize)]
pub struct ItemIndexView {
    pub site: SiteView,
    pub title: String,
    pub intro: String,
    pub lists: Vec<ViewLink>,
    pub groups: Vec<ItemGroup>,
}

/// What changed in one project between its last two snapshots.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeEntry {
    pub project: String,
    pub href: String,
    pub since: String,
    pub until: String,
    pub lines: Vec<String>,
    /// Stable across builds of the same snapshots.
    pub id: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChangesView {
    pub site: SiteView,
    pub entries: Vec<ChangeEntry>,
    pub feed_href: String,
}

/// One project's executive summary on the print-all page.
#[derive(Debug, Clone, Serialize)]
pub struct SummaryView {
    pub name: String,
    pub href: String,
    pub owner: String,
    pub target: String,
    pub headline: HeadlineView,
    pub outlook: Option<OutlookView>,
    pub attention: AttentionView,
    pub kpis: Vec<KpiRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PrintAllView {
    pub site: SiteView,
    pub projects: Vec<SummaryView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SmallMultiple {
    pub name: String,
    pub href: String,
    pub burnup: Option<ChartView>,
    /// Share of items per status, for a stacked bar.
    pub statuses: Vec<Segment>,
    /// Open items per priority, for a stacked bar.
    pub priorities: Vec<Segment>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Segment {
    pub class: String,
    pub label: String,
    pub count: usize,
    pub percent: f64,
}
