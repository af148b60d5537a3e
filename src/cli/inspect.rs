//! `milepost inspect`: what was extracted, readable (default) or as the JSON export (`--json`).

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, Result};

use super::{EXIT_INPUT, InspectArgs, Output, clock, today_override};
use crate::analyze::analyze;
use crate::diagnostics::Diagnostics;
use crate::load::{ProjectSource, source_file};
use crate::model::{Portfolio, build_project, format_date};
use crate::parse::{Vocabulary, parse_project};

pub fn run(args: InspectArgs, out: &Output) -> Result<i32> {
    let mut diagnostics = Diagnostics::new();
    let today = today_override(args.today)?;
    let (portfolio, analysis) = if args.path.is_file() {
        let today = today.unwrap_or_else(clock);
        let portfolio = single_file(&args.path, today, &mut diagnostics)?;
        let analysis = analyze(&portfolio, today, &crate::analyze::Calendar::default());
        (portfolio, analysis)
    } else {
        // the same site context as `build`: configuration, report date, calendar and vocabulary
        let m =
            crate::build::model_site_with(&args.path, &crate::build::Options::at(today, clock()), &mut diagnostics)?;
        (m.portfolio, m.analysis)
    };
    out.report(&diagnostics.clone().sorted());
    if args.json {
        // byte for byte the build's `api/projects.json`
        let entries: Vec<Vec<u8>> = portfolio
            .projects
            .iter()
            .zip(&analysis.projects)
            .map(|(p, a)| crate::render::json::entry_bytes(p, a))
            .collect();
        let bytes = crate::render::json::file_bytes(&format_date(analysis.today), entries.iter().map(Vec::as_slice));
        let mut stdout = std::io::stdout().lock();
        std::io::Write::write_all(&mut stdout, &bytes)?;
    } else {
        print!("{}", readable(&portfolio, args.explain));
    }
    Ok(if diagnostics.has_errors() { EXIT_INPUT } else { 0 })
}

fn single_file(path: &Path, today: time::Date, diagnostics: &mut Diagnostics) -> Result<Portfolio> {
    let bytes = std::fs::read(path).with_context(|| format!("failed to read `{}`", path.display()))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let slug = path
        .parent()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "project".into());
    let display = path.to_string_lossy().into_owned();
    let doc = source_file(&name, &display, &bytes, true, diagnostics);
    let source = ProjectSource {
        slug,
        documents: vec![doc],
        status: None,
        days: Vec::new(),
        known_counts: Default::default(),
        walk: None,
    };
    let (raw, mut d) = parse_project(source, &Vocabulary::default());
    let project = build_project(raw, today, &mut d);
    for x in d {
        diagnostics.push(x);
    }
    Ok(Portfolio { projects: vec![project] })
}

/// One block per project: readiness, then each item with its id, fields and source line.
pub fn readable(portfolio: &Portfolio, explain: bool) -> String {
    let mut s = String::new();
    for p in &portfolio.projects {
        let _ = writeln!(s, "{} ({})", p.name, p.slug);
        if let Some(r) = &p.readiness {
            let _ = writeln!(s, "  readiness {:.0}% from {}", r.value * 100.0, r.source);
        }
        if let (Some(a), Some(b)) = (p.start, p.target) {
            let _ = writeln!(s, "  {} -> {}", format_date(a), format_date(b));
        }
        let _ = writeln!(s, "  {} items:", p.items.len());
        for i in &p.items {
            let doc = &p.documents[i.document].name;
            let mut facts = vec![format!("status={}", i.status)];
            if let Some(x) = i.priority {
                facts.push(format!("priority={x}"));
            }
            if let Some(x) = i.health {
                facts.push(format!("health={x}"));
            }
            if let Some(e) = i.effort {
                facts.push(format!("effort={}-{}d", e.min, e.max));
            } else if let Some(t) = &i.effort_text {
                facts.push(format!("effort={t:?}"));
            }
            if let Some(t) = &i.timeline {
                facts.push(format!("timeline={t:?}"));
            }
            if i.tasks_total > 0 {
                facts.push(format!("tasks={}/{}", i.tasks_done, i.tasks_total));
            }
            if let Some(t) = &i.status_text {
                facts.push(format!("status-text={t:?}"));
            }
            if !i.overridden.is_empty() {
                facts.push(format!("overridden={}", i.overridden.join("+")));
            }
            let _ =
                writeln!(s, "    {doc}:{:<4} {:<11} {}  [{}]", i.line, format!("{:?}", i.kind), i.id, facts.join(" "));
            if explain {
                for why in &i.explain {
                    let _ = writeln!(s, "        {why}");
                }
            }
        }
        if !p.kpis.is_empty() {
            let _ = writeln!(s, "  {} KPIs:", p.kpis.len());
            for k in &p.kpis {
                let doc = &p.documents[k.document].name;
                let current = k.kpi.current.as_deref().map(|c| format!(" (currently {c})")).unwrap_or_default();
                let _ = writeln!(s, "    {doc}:{:<4} {}  target {:?}{current}", k.line, k.id, k.kpi.target);
            }
        }
        let _ = writeln!(s);
    }
    // names, titles and file names come from the input: no control character reaches the terminal
    s.lines().map(crate::diagnostics::printable).map(|l| l + "\n").collect()
}
