//! The Progress and Priorities parts of a project report, and the site-level priorities pages: view structs
//! built from the analysis, plus each chart's CSV and JSON files.

use time::Date;

use super::charts::{self, BurnKind, Chart};
use super::views::*;
use super::{Page, effort_label, priority_badge, status_badge};
use crate::analyze::ProjectAnalysis;
use crate::analyze::forecast::Outlook;
use crate::model::{Portfolio, Project, format_date};
use crate::parse::{Priority, Status};

/// Turns a chart into its view and adds `<dir>charts/<id>.svg|csv` to `files` (`dir` is the page's folder). The
/// table's JSON is not written: the CSV holds the same table, and the project's `api/<slug>.json` its history and
/// forecast.
pub fn chart_view(chart: Chart, dir: &str, files: &mut Vec<Page>) -> ChartView {
    let csv = format!("charts/{}.csv", chart.id);
    let svg = format!("charts/{}.svg", chart.id);
    files.push(Page { path: format!("{dir}{svg}"), bytes: format!("{}\n", chart.svg).into_bytes() });
    files.push(Page { path: format!("{dir}{csv}"), bytes: chart.table.csv().into_bytes() });
    ChartView {
        id: chart.id,
        title: chart.title,
        desc: chart.desc,
        svg: chart.svg,
        headers: chart.table.headers,
        rows: chart.table.rows,
        csv_href: csv,
        svg_href: svg,
    }
}

pub fn progress_view(
    p: &Project,
    a: &ProjectAnalysis,
    today: Date,
    dir: &str,
    files: &mut Vec<Page>,
) -> Option<ProgressView> {
    let burn = a.burn.as_ref()?;
    // a chart needs a history to draw: with fewer than three snapshots, one line of text says so
    let enough = burn.snapshots.len() >= 3;
    let effort_points = burn.snapshots.iter().filter(|s| s.effort_done.is_some()).count();
    // items always; effort days when the snapshots give them
    let mut views = vec![("items", &burn.items, &burn.ideal, &burn.outlook)];
    if let (Some(effort), Some(outlook)) = (&burn.effort, &burn.outlook_effort)
        && effort_points >= 3
    {
        views.push(("effort", effort, &burn.ideal_effort, outlook));
    }
    if !enough {
        views.clear();
    }
    let mut out = Vec::new();
    for (unit, series, ideal, outlook) in views {
        for (kind, name) in [(BurnKind::Up, "burnup"), (BurnKind::Down, "burndown")] {
            let id = format!("{name}-{unit}");
            out.push(charts::burn_chart(kind, &id, series, ideal, outlook, p.target, today, &p.name));
        }
    }
    let effort_note = if burn.effort.is_some() {
        format!(
            "The effort view counts effort days from status.yaml; {} open item{} in the documents {} no effort estimate.",
            burn.unestimated,
            if burn.unestimated == 1 { "" } else { "s" },
            if burn.unestimated == 1 { "has" } else { "have" }
        )
    } else {
        String::new()
    };
    let said = |o: &Outlook| match o {
        Outlook::Forecast { p50, p85, .. } => format!("P50 {}, P85 {}", format_date(*p50), format_date(*p85)),
        Outlook::InsufficientData { .. } => "not enough history".into(),
        Outlook::NoFinishInSight { .. } => "no finish in sight".into(),
        Outlook::Done => "all done".into(),
    };
    let c = burn.calibration;
    let calibration = match c.checked {
        0 if burn.backtest.is_empty() => String::new(),
        0 => "None of the earlier forecasts can be checked yet: their P85 dates are still ahead or they gave no date."
            .into(),
        n => format!(
            "The P85 date held in {} of {n} earlier forecast{} that can be checked ({:.0}%); a well-calibrated forecast holds about 85% of the time.",
            c.held,
            if n == 1 { "" } else { "s" },
            c.held as f64 / n as f64 * 100.0
        ),
    };
    let first = burn.snapshots.first().map(|s| format_date(s.date)).unwrap_or_default();
    let no_chart = if enough {
        String::new()
    } else {
        format!(
            "Not enough history for a chart: {} so far (from {first}); charts and a forecast appear from 3 snapshots.",
            if burn.snapshots.len() == 1 {
                "1 snapshot".to_string()
            } else {
                format!("{} snapshots", burn.snapshots.len())
            }
        )
    };
    Some(ProgressView {
        calibration,
        no_chart,
        sentence: charts::outlook_sentence(&burn.outlook, p.target),
        schedule: super::project::schedule_badge(&burn.outlook),
        charts: out.into_iter().filter(|c| !c.svg.is_empty()).map(|c| chart_view(c, dir, files)).collect(),
        effort_note,
        backtest: burn
            .backtest
            .iter()
            .map(|b| BacktestRow {
                held: match b.held {
                    Some(true) => "yes".into(),
                    Some(false) => "no".into(),
                    None => "–".into(),
                },
                as_of: format_date(b.as_of),
                remaining: format!("{}", b.remaining),
                said: said(&b.said),
                reached: b.reached.map(format_date).unwrap_or_else(|| "not yet".into()),
                verdict: b.verdict.clone(),
            })
            .collect(),
    })
}

fn linked(p: &Project, i: usize, extra: String) -> LinkedItem {
    LinkedItem { title: p.items[i].title.clone(), href: format!("#item-{}", p.items[i].id), extra }
}

pub fn priorities_view(p: &Project, a: &ProjectAnalysis, dir: &str, files: &mut Vec<Page>) -> PrioritiesView {
    let placements: Vec<_> =
        a.matrix.iter().map(|pl| (pl.clone(), p.items[pl.item].title.clone(), p.items[pl.item].id.clone())).collect();
    let matrix = (!placements.is_empty()).then(|| {
        let chart = charts::matrix_chart("matrix", &format!("{}: impact × effort", p.name), &placements, "#");
        chart_view(chart, dir, files)
    });
    let max = a.heat_map.iter().flat_map(|(_, c)| c.iter().copied()).max().unwrap_or(0).max(1);
    let heat = a
        .heat_map
        .iter()
        .filter(|(_, cells)| cells.iter().any(|c| *c > 0))
        .map(|(prio, cells)| HeatRow {
            label: prio.map_or("No priority".to_string(), |p| priority_badge(p).label),
            cells: cells
                .iter()
                .map(|c| HeatCell { count: *c, level: if *c == 0 { 0 } else { (1 + (*c * 3) / max).min(4) as u8 } })
                .collect(),
        })
        .collect();
    let quadrant = |urgent: bool, important: bool, label: &str, hint: &str| Quadrant {
        label: label.into(),
        hint: hint.into(),
        items: a
            .eisenhower
            .iter()
            .filter(|e| e.urgent == urgent && e.important == important)
            .map(|e| linked(p, e.item, p.items[e.item].timeline.clone().unwrap_or_default()))
            .collect(),
    };
    let eisenhower = if a.eisenhower.is_empty() {
        Vec::new()
    } else {
        vec![
            quadrant(true, true, "Do first", "urgent and important"),
            quadrant(false, true, "Schedule", "important, not urgent"),
            quadrant(true, false, "Delegate", "urgent, not important"),
            quadrant(false, false, "Later", "neither"),
        ]
    };
    // items with scoring inputs, best score first
    let scored = |score: &dyn Fn(&crate::model::Item) -> Option<(f64, String)>, digits: usize| {
        let mut rows: Vec<(f64, ScoreRow)> = p
            .items
            .iter()
            .filter_map(|i| {
                let (value, inputs) = score(i)?;
                let row = ScoreRow {
                    title: i.title.clone(),
                    href: format!("#item-{}", i.id),
                    inputs,
                    score: format!("{value:.digits$}"),
                };
                Some((value, row))
            })
            .collect();
        rows.sort_by(|a, b| b.0.total_cmp(&a.0));
        rows.into_iter().map(|(_, r)| r).collect::<Vec<_>>()
    };
    let rice = scored(
        &|i| {
            let r = i.rice?;
            let inputs =
                format!("reach {} × impact {} × confidence {} ÷ effort {}", r.reach, r.impact, r.confidence, r.effort);
            Some((r.score()?, inputs))
        },
        1,
    );
    let wsjf = scored(
        &|i| {
            let w = i.wsjf?;
            let inputs = format!(
                "(value {} + time criticality {} + risk reduction {}) ÷ job size {}",
                w.value, w.time_criticality, w.risk_reduction, w.job_size
            );
            Some((w.score()?, inputs))
        },
        2,
    );
    PrioritiesView {
        matrix,
        unplaced: a.unplaced.iter().map(|i| linked(p, *i, String::new())).collect(),
        heat_headers: Status::ALL.iter().map(|s| status_badge(*s).label).collect(),
        heat,
        eisenhower,
        rice,
        wsjf,
    }
}

/// `priorities/index.html` (by priority), `by-effort.html`, `by-project.html`: every open item of every project.
pub fn portfolio_priorities(
    portfolio: &Portfolio,
    analysis: &crate::analyze::Analysis,
    site: SiteView,
    theme: &super::theme::Theme,
) -> Result<Vec<Page>, super::theme::ThemeError> {
    let mut files = Vec::new();
    let mut items = Vec::new();
    let mut placements = Vec::new();
    for (p, a) in portfolio.projects.iter().zip(&analysis.projects) {
        for (i, item) in
            p.items.iter().enumerate().filter(|(_, i)| !matches!(i.status, Status::Done | Status::Cancelled))
        {
            let placed = a.matrix.iter().find(|pl| pl.item == i);
            if let Some(pl) = placed {
                placements.push((
                    pl.clone(),
                    format!("{}: {}", p.name, item.title),
                    format!("{}-{}", crate::model::slugify(&p.slug), item.id),
                ));
            }
            items.push((
                item.priority,
                item.effort.map(|e| (e.min + e.max) / 2.0),
                PortfolioItem {
                    anchor: format!("{}-{}", crate::model::slugify(&p.slug), item.id),
                    project: p.name.clone(),
                    project_href: format!("../{}/index.html", crate::url::segment(&p.slug)),
                    title: item.title.clone(),
                    href: format!("../{}/index.html#item-{}", crate::url::segment(&p.slug), item.id),
                    status: status_badge(item.status),
                    priority: item.priority.map(priority_badge),
                    effort: effort_label(item),
                    quadrant: placed.map(|pl| pl.quadrant.label().to_string()).unwrap_or_default(),
                },
            ));
        }
    }
    // the site matrix links into the site table below, whose rows carry project-qualified ids
    let matrix = (!placements.is_empty()).then(|| {
        let chart = charts::matrix_chart("matrix", "All projects: impact × effort", &placements, "#");
        chart_view(chart, "priorities/", &mut files)
    });
    let rank = |p: Option<Priority>| p.map_or(9, |p| Priority::ALL.iter().position(|x| *x == p).unwrap_or(9));
    let sorts = [("priority", "index.html"), ("effort", "by-effort.html"), ("project", "by-project.html")];
    for (key, file) in sorts {
        let mut sorted: Vec<&(Option<Priority>, Option<f64>, PortfolioItem)> = items.iter().collect();
        match key {
            "priority" => sorted.sort_by_key(|(p, _, it)| (rank(*p), it.project.clone())),
            "effort" => sorted.sort_by(|a, b| {
                a.1.unwrap_or(f64::MAX).total_cmp(&b.1.unwrap_or(f64::MAX)).then(rank(a.0).cmp(&rank(b.0)))
            }),
            _ => sorted.sort_by_key(|(p, _, it)| (it.project.clone(), rank(*p))),
        }
        let view = PortfolioPrioritiesView {
            site: site.clone(),
            matrix: matrix.clone(),
            sorts: sorts
                .iter()
                .map(|(k, f)| SortLink { label: format!("by {k}"), href: f.to_string(), current: *k == key })
                .collect(),
            sorted_by: key.into(),
            items: sorted.into_iter().map(|(_, _, it)| it.clone()).collect(),
        };
        files.push(super::render_page(theme, "priorities.html", &format!("priorities/{file}"), &view)?);
    }
    Ok(files)
}
