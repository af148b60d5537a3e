//! Across projects: which project needs attention first (risk order) and the KPIs of several projects matched by
//! kind, each target and actual in one unit. Pure, like the rest of `analyze`.

use serde::Serialize;

use super::ProjectAnalysis;
use super::forecast::{Outlook, Schedule};
use super::kpi::{self, Verdict};
use crate::model::Portfolio;

/// How urgently a project needs attention, most urgent first: off track, no finish in sight, at risk, not enough
/// data or no history, on track, done; then the later the P85 date against the target, the earlier; then by name.
pub fn risk_order(portfolio: &Portfolio, analyses: &[ProjectAnalysis]) -> Vec<usize> {
    let key = |i: usize| {
        let a = &analyses[i];
        let (rank, gap) = match a.burn.as_ref().map(|b| &b.outlook) {
            Some(Outlook::Forecast { schedule: Schedule::OffTrack, p85, .. }) => (0, gap(portfolio, i, *p85)),
            Some(Outlook::NoFinishInSight { .. }) => (1, 0),
            Some(Outlook::Forecast { schedule: Schedule::AtRisk, p85, .. }) => (2, gap(portfolio, i, *p85)),
            Some(Outlook::InsufficientData { .. }) | None => (3, 0),
            Some(Outlook::Forecast { schedule: Schedule::NoTarget, .. }) => (4, 0),
            Some(Outlook::Forecast { schedule: Schedule::OnTrack, p85, .. }) => (5, gap(portfolio, i, *p85)),
            Some(Outlook::Done) => (6, 0),
        };
        (rank, std::cmp::Reverse(gap), portfolio.projects[i].name.to_lowercase())
    };
    let mut order: Vec<usize> = (0..analyses.len()).collect();
    order.sort_by_key(|i| key(*i));
    order
}

/// Days from the target to the P85 date (positive: late).
fn gap(portfolio: &Portfolio, i: usize, p85: time::Date) -> i64 {
    portfolio.projects[i].target.map_or(0, |t| (p85 - t).whole_days())
}

/// One KPI kind across projects.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KpiKind {
    pub kind: String,
    /// Per project that states it: (project index, index into that project's judged KPIs).
    pub entries: Vec<(usize, usize)>,
}

/// KPIs matched by kind ([`kpi::KINDS`]); kinds stated by more projects first, then by name. KPIs no rule knows are
/// left out (they are on their project's page).
pub fn kpi_kinds(
    analyses: &[ProjectAnalysis],
    extra: &std::collections::BTreeMap<String, Vec<String>>,
) -> Vec<KpiKind> {
    let mut kinds: Vec<KpiKind> = Vec::new();
    for (p, a) in analyses.iter().enumerate() {
        for (j, judged) in a.kpis.iter().enumerate() {
            let Some(k) = kpi::kind_with(&judged.name, &judged.target, extra) else { continue };
            match kinds.iter_mut().find(|x| x.kind == k) {
                // one entry per project: the first KPI of that kind with an actual, else the first
                Some(x) if x.entries.iter().any(|(q, _)| *q == p) => {
                    if let Some(slot) = x.entries.iter_mut().find(|(q, _)| *q == p)
                        && a.kpis[slot.1].actual.is_none()
                        && judged.actual.is_some()
                    {
                        slot.1 = j;
                    }
                }
                Some(x) => x.entries.push((p, j)),
                None => kinds.push(KpiKind { kind: k.to_string(), entries: vec![(p, j)] }),
            }
        }
    }
    kinds.sort_by(|a, b| b.entries.len().cmp(&a.entries.len()).then(a.kind.cmp(&b.kind)));
    kinds
}

/// Themes of work several projects share, and the words that put an item in one (checked against the item's title,
/// then its section, as whole words or word starts; the first theme that matches wins). `theme:` in `status.yaml`
/// overrides them.
pub const THEMES: &[(&str, &[&str])] = &[
    (
        "authentication",
        &[
            "auth",
            "authentication",
            "login",
            "log in",
            "sign-in",
            "sign in",
            "signin",
            "jwt",
            "oauth",
            "sso",
            "session",
            "password",
            "wallet connect",
        ],
    ),
    (
        "payments",
        &[
            "payment",
            "payments",
            "billing",
            "stripe",
            "checkout",
            "invoice",
            "subscription",
            "transaction",
            "transactions",
            "refund",
        ],
    ),
    (
        "monitoring",
        &[
            "monitoring",
            "observability",
            "logging",
            "alerting",
            "alerts",
            "sentry",
            "apm",
            "metrics",
            "tracing",
            "uptime",
        ],
    ),
    (
        "security",
        &[
            "security",
            "penetration",
            "pentest",
            "owasp",
            "encryption",
            "vulnerability",
            "rate limiting",
            "https",
            "csrf",
            "xss",
            "secrets",
            "audit",
        ],
    ),
    (
        "performance",
        &[
            "performance",
            "caching",
            "cache",
            "optimization",
            "optimisation",
            "latency",
            "load balancing",
            "scaling",
            "scalability",
            "cdn",
        ],
    ),
    (
        "data",
        &[
            "database",
            "schema",
            "migration",
            "migrations",
            "query",
            "supabase",
            "postgres",
            "postgresql",
            "backup",
            "persistence",
        ],
    ),
    ("testing", &["test", "tests", "testing", "qa", "coverage", "e2e"]),
    (
        "deployment",
        &[
            "deployment",
            "deploy",
            "ci/cd",
            "pipeline",
            "infrastructure",
            "environment",
            "docker",
            "kubernetes",
            "hosting",
        ],
    ),
    ("mobile", &["mobile", "responsive", "ios", "android", "pwa"]),
    ("compliance", &["compliance", "gdpr", "ccpa", "privacy", "legal", "terms"]),
];

/// The theme of an item: its `status.yaml` theme, else the first keyword theme its title matches, else its section.
pub fn theme_of(item: &crate::model::Item) -> Option<String> {
    if let Some(t) = &item.theme {
        return Some(t.clone());
    }
    let matches = |text: &str| {
        let lower = text.to_lowercase();
        let words: Vec<&str> =
            lower.split(|c: char| !c.is_alphanumeric() && c != '/' && c != '-').filter(|w| !w.is_empty()).collect();
        let joined = format!(" {} ", words.join(" "));
        THEMES
            .iter()
            // whole words; a keyword of five letters or more also starts a word (`payment` in `payments`)
            .find(|(_, keywords)| {
                keywords.iter().any(|k| {
                    if k.contains(' ') {
                        joined.contains(&format!(" {k}")) && (k.len() >= 5 || joined.contains(&format!(" {k} ")))
                    } else {
                        words.iter().any(|w| w == k || (k.len() >= 5 && w.starts_with(k)))
                    }
                })
            })
            .map(|(t, _)| t.to_string())
    };
    matches(&item.title).or_else(|| matches(&item.section))
}

/// A theme of work and its items per project (project index, item indexes), projects in portfolio order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SharedTheme {
    pub theme: String,
    pub projects: Vec<(usize, Vec<usize>)>,
}

/// Themes with open or blocked work in at least two projects, most projects first (done and cancelled items are
/// left out: shared *blockers* are work still to do).
pub fn shared_themes(portfolio: &Portfolio) -> Vec<SharedTheme> {
    let mut themes: Vec<SharedTheme> = Vec::new();
    for (pi, p) in portfolio.projects.iter().enumerate() {
        for (ii, item) in p.items.iter().enumerate() {
            if matches!(item.status, crate::parse::Status::Done | crate::parse::Status::Cancelled) {
                continue;
            }
            let Some(theme) = theme_of(item) else { continue };
            let t = match themes.iter_mut().position(|t| t.theme == theme) {
                Some(i) => &mut themes[i],
                None => {
                    themes.push(SharedTheme { theme, projects: Vec::new() });
                    themes.last_mut().expect("just pushed")
                }
            };
            match t.projects.iter_mut().find(|(q, _)| *q == pi) {
                Some((_, items)) => items.push(ii),
                None => t.projects.push((pi, vec![ii])),
            }
        }
    }
    themes.retain(|t| t.projects.len() >= 2);
    themes.sort_by(|a, b| b.projects.len().cmp(&a.projects.len()).then(a.theme.cmp(&b.theme)));
    themes
}

/// `(met, measured)` KPIs of a project.
pub fn kpis_met(a: &ProjectAnalysis) -> (usize, usize) {
    let measured = a.kpis.iter().filter(|k| k.actual.is_some()).count();
    (a.kpis.iter().filter(|k| k.verdict == Verdict::Met).count(), measured)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::{Calendar, analyze};
    use crate::model::{Project, Snapshot, parse_date};

    fn project(name: &str, target: &str, weekly_done: &[u32], total: u32) -> Project {
        let start = parse_date("2026-11-02").unwrap();
        Project {
            slug: name.to_lowercase(),
            name: name.into(),
            summary: None,
            owner: None,
            documents: Vec::new(),
            items: Vec::new(),
            kpis: Vec::new(),
            readiness: None,
            start: Some(start),
            target: parse_date(target),
            history: weekly_done
                .iter()
                .enumerate()
                .map(|(w, d)| Snapshot {
                    date: start + time::Duration::weeks(w as i64),
                    done: *d,
                    total,
                    effort_done: None,
                    effort_total: None,
                    note: None,
                    origin: "status.yaml",
                    ids: None,
                })
                .collect(),
        }
    }

    #[test]
    fn items_get_themes_from_words_or_status_yaml() {
        let item = |title: &str, section: &str| crate::model::Item {
            title: title.into(),
            section: section.into(),
            ..crate::model::Item::for_tests()
        };
        assert_eq!(theme_of(&item("Authentication System", "")).as_deref(), Some("authentication"));
        assert_eq!(theme_of(&item("JWT sessions", "")).as_deref(), Some("authentication"));
        assert_eq!(theme_of(&item("Stripe checkout", "")).as_deref(), Some("payments"));
        assert_eq!(theme_of(&item("Security Headers", "")).as_deref(), Some("security"));
        assert_eq!(theme_of(&item("Error tracking (Sentry)", "")).as_deref(), Some("monitoring"));
        // the section decides when the title says nothing
        assert_eq!(theme_of(&item("Set up alerts page", "Payments")).as_deref(), Some("monitoring"));
        assert_eq!(theme_of(&item("Receipts", "Payments")).as_deref(), Some("payments"));
        // "author" is not "auth": words match at their start
        assert_eq!(theme_of(&item("Author bios", "")), None);
        let mut x = item("Receipts", "Payments");
        x.theme = Some("compliance".into());
        assert_eq!(theme_of(&x).as_deref(), Some("compliance"));
    }

    #[test]
    fn risk_order_puts_the_latest_off_track_project_first() {
        // 1 item a working day in every project, on Mon 2026-11-16 (the report date):
        // Late: 20 left -> P85 Mon 14 Dec, target 1 Dec: 13 days late, off track
        // Later: 30 left -> P85 Mon 28 Dec, target 1 Dec: 27 days late, off track
        // Fine: 10 left -> P85 Mon 30 Nov, target 31 Dec: on track
        // Stalled: nothing done -> no finish in sight
        let portfolio = Portfolio {
            projects: vec![
                project("Fine", "2026-12-31", &[0, 5, 10], 20),
                project("Late", "2026-12-01", &[0, 5, 10], 30),
                project("Stalled", "2026-12-01", &[0, 0, 0], 30),
                project("Later", "2026-12-01", &[0, 5, 10], 40),
            ],
        };
        let analysis = analyze(&portfolio, parse_date("2026-11-16").unwrap(), &Calendar::default());
        let names: Vec<&str> = risk_order(&portfolio, &analysis.projects)
            .into_iter()
            .map(|i| portfolio.projects[i].name.as_str())
            .collect();
        assert_eq!(names, ["Later", "Late", "Stalled", "Fine"]);
    }
}
