//! The four bundled roadmaps, each checked against counts and facts read off the document by hand (no
//! status.yaml here: these are the extraction rules alone).

use std::collections::BTreeMap;

use milepost::model::Project;
use milepost::parse::{Health, ItemKind, Priority, Status};

use super::support::Site;

fn project(bundled: &str) -> Project {
    let site = Site::new().seed(bundled, "content/p/doc.md");
    let (mut projects, _) = site.model();
    projects.remove(0)
}

/// How many items have each value of `key`.
fn count_by<K: Ord>(p: &Project, key: impl Fn(&milepost::model::Item) -> K) -> BTreeMap<K, usize> {
    let mut m = BTreeMap::new();
    for i in &p.items {
        *m.entry(key(i)).or_insert(0) += 1;
    }
    m
}

fn by_status(p: &Project) -> BTreeMap<Status, usize> {
    count_by(p, |i| i.status)
}

fn by_priority(p: &Project) -> BTreeMap<Option<Priority>, usize> {
    count_by(p, |i| i.priority)
}

fn lines(p: &Project) -> Vec<usize> {
    p.items.iter().map(|i| i.line).collect()
}

#[test]
fn seed_000_flutterbye_roadmap() {
    let p = project("flutterbye/roadmap.md");
    // 12 numbered item headings (#### 1. .. #### 12.) and the 8 boxes of the security checklist
    assert_eq!(
        lines(&p),
        vec![15, 24, 33, 44, 53, 66, 75, 84, 97, 104, 111, 118, 142, 143, 144, 145, 146, 147, 148, 149]
    );
    // item 5's status says "Incomplete mobile optimization"; the others are descriptions or absent
    assert_eq!(by_status(&p), BTreeMap::from([(Status::InProgress, 1), (Status::Todo, 19)]));
    // 1-3 under "🔥 CRITICAL FIXES", 4-5 under "🟡 HIGH PRIORITY", the checklist under "Critical Security Items"
    assert_eq!(by_priority(&p), BTreeMap::from([(None, 7), (Some(Priority::Critical), 11), (Some(Priority::High), 2)]));
    let auth = &p.items[0];
    assert_eq!(auth.title, "Authentication & Security Foundation");
    assert_eq!(auth.id, "authentication-security-foundation");
    assert_eq!(auth.timeline.as_deref(), Some("Week 1"));
    assert_eq!(auth.status_text.as_deref(), Some("Missing proper authentication system"));
    assert_eq!((auth.tasks_done, auth.tasks_total), (0, 4));
    assert_eq!(p.items[3].health, Some(Health::Amber)); // the 🟡 in "### 🟡 HIGH PRIORITY - WEEK 2"
    assert_eq!(p.items[5].timeline.as_deref(), Some("Week 3-4")); // from "PHASE 2: ... (Week 3-4)"
    assert_eq!(p.items[5].current.as_deref(), Some("Basic in-memory caching"));
    assert_eq!(p.items[12].title, "Authentication System");
    assert_eq!(p.items[12].kind, ItemKind::Checkbox);
    let r = p.readiness.as_ref().unwrap();
    assert_eq!((r.value, r.source.as_str()), (0.75, "doc.md:6"));
    // 5 "Metrics Goals"; under "World-Class Targets" the 2 of 5 with a number (99.9% uptime, sub-2 second
    // load times); "Technical KPIs" but "Security Score: A+", which has no numeric target; 5 "Business KPIs"
    assert_eq!(p.kpis.len(), 16);
    let names: Vec<&str> = p.kpis.iter().map(|k| k.kpi.name.as_str()).collect();
    assert!(names.contains(&"Reliability") && !names.contains(&"Security Score"), "{names:?}");
    let load = &p.kpis[0];
    assert_eq!(
        (load.kpi.name.as_str(), load.kpi.target.as_str(), load.kpi.current.as_deref()),
        ("Page Load Time", "<2 seconds", Some("3-5s"))
    );
    assert_eq!(load.line, 154);
    assert!(p.documents[0].text.contains("### 🔥 CRITICAL FIXES - WEEK 1"));
}

#[test]
fn seed_001_flutterbye_assessment() {
    let p = project("flutterbye/assessment.md");
    // three blockers (### **1. ..**), the rows of the readiness score table but "Blockchain Integration" (line
    // 104), which restates blocker 2 and fills in its status and score, and the three "### **Phase N: ..**"
    // milestones of the deployment plan (their numbered steps are their tasks)
    assert_eq!(lines(&p), vec![33, 45, 59, 98, 99, 100, 101, 102, 103, 105, 106, 114, 119, 123]);
    // rows: 5 "✅ Complete"; "⚠️ Mock Data", "⚠️ No Persistence" and blocker 2's "⚠️ Incomplete" in progress;
    // "⚠️ Missing Endpoints", blockers 1 and 3 and the three phases todo
    assert_eq!(by_status(&p), BTreeMap::from([(Status::Done, 5), (Status::InProgress, 3), (Status::Todo, 6)]));
    // "(HIGH PRIORITY)" x2, "(MEDIUM PRIORITY)", and "Phase 1: Critical Fixes"
    assert_eq!(
        by_priority(&p),
        BTreeMap::from([
            (None, 10),
            (Some(Priority::Critical), 1),
            (Some(Priority::High), 2),
            (Some(Priority::Medium), 1)
        ])
    );
    let blockchain = &p.items[1];
    assert_eq!((blockchain.status, blockchain.score), (Status::InProgress, Some((4.0, 10.0))));
    let phase1 = &p.items[11];
    assert_eq!((phase1.title.as_str(), phase1.kind), ("Phase 1: Critical Fixes", ItemKind::Milestone));
    assert_eq!((phase1.tasks_done, phase1.tasks_total), (0, 3));
    let e = phase1.effort.unwrap();
    assert_eq!((e.min, e.max), (3.0, 4.0)); // "(3-4 days)"
    let auth = &p.items[0];
    assert_eq!(auth.title, "Authentication System");
    let e = auth.effort.unwrap();
    assert_eq!((e.min, e.max), (2.0, 3.0)); // "Fix Required: 2-3 days"
    assert_eq!((auth.tasks_done, auth.tasks_total), (0, 3));
    let e = p.items[1].effort.unwrap();
    assert_eq!((e.min, e.max), (1.0, 2.0));
    assert_eq!(p.items[3].score, Some((10.0, 10.0)));
    assert_eq!(p.items[8].title, "Authentication");
    assert_eq!(p.items[8].score, Some((3.0, 10.0)));
    // "**Overall Score: 7.3/10** (70% Production Ready)" on line 108
    let r = p.readiness.as_ref().unwrap();
    assert!((r.value - 0.73).abs() < 1e-9);
    assert_eq!(r.source, "doc.md:108");
    assert!(p.kpis.is_empty());
    assert_eq!(p.documents[0].code_languages.iter().filter(|(l, _)| l == "typescript").count(), 3);
}

#[test]
fn seed_002_rollingdrop() {
    let p = project("rollingdrop/roadmap.md");
    // five critical issues, then 4 completed, 3 in progress, 5 missing
    assert_eq!(lines(&p), vec![5, 10, 15, 20, 25, 73, 74, 75, 76, 79, 80, 81, 84, 85, 86, 87, 88]);
    assert_eq!(by_status(&p), BTreeMap::from([(Status::Done, 4), (Status::InProgress, 3), (Status::Todo, 10)]));
    assert_eq!(
        by_priority(&p),
        BTreeMap::from([
            (None, 12),
            (Some(Priority::Critical), 2),
            (Some(Priority::High), 2),
            (Some(Priority::Medium), 1)
        ])
    );
    let db = &p.items[0];
    assert_eq!(db.title, "Database Performance & Scaling");
    assert_eq!(db.current.as_deref(), Some("In-memory storage limiting scalability"));
    assert_eq!(db.health, Some(Health::Red)); // "CRITICAL - Blocking production deployment"
    assert_eq!(p.items[5].title, "B2B widget integration");
    assert_eq!(p.items[5].kind, ItemKind::StatusList);
    assert!(p.readiness.is_none());
    // "Complete feature parity with top competitors" has no number and is not a KPI
    let names: Vec<&str> = p.kpis.iter().map(|k| k.kpi.name.as_str()).collect();
    assert_eq!(names, vec!["Concurrent users", "Daily transactions", "API response times", "Uptime reliability"]);
}

#[test]
fn seed_003_timip() {
    let p = project("timip/roadmap.md");
    // 28 bold checkbox items; nothing is checked. The PRIORITY MATRIX restates the sections above it (5 of its
    // 8 rows name a section exactly), so it adds no items; the launch checklist under SUCCESS METRICS holds
    // launch criteria (2 of them KPIs with numbers), not work
    assert_eq!(p.items.len(), 28);
    assert_eq!(by_status(&p), BTreeMap::from([(Status::Todo, 28)]));
    // own: 4 critical (Backend Integration: "HIGHEST PRIORITY"), 3 high ("🟡 HIGH PRIORITY" status lines);
    // from the matrix: Security Audit x2 critical, Performance Optimization x2 high, Native Mobile App x2 and
    // Advanced Analytics x1 medium, Enterprise Features x1 low
    assert_eq!(
        by_priority(&p),
        BTreeMap::from([
            (None, 13),
            (Some(Priority::Critical), 6),
            (Some(Priority::High), 5),
            (Some(Priority::Medium), 3),
            (Some(Priority::Low), 1)
        ])
    );
    assert_eq!(
        count_by(&p, |i| i.health),
        BTreeMap::from([(Some(Health::Red), 6), (Some(Health::Amber), 19), (Some(Health::Green), 3)])
    );
    let first = &p.items[0];
    assert_eq!((first.title.as_str(), first.line), ("Configure Production Supabase", 16));
    assert_eq!((first.priority, first.health), (Some(Priority::Critical), Some(Health::Red)));
    assert_eq!(first.timeline.as_deref(), Some("Week 1-2"));
    assert_eq!((first.tasks_done, first.tasks_total), (0, 4)); // four nested plain bullets
    // "**Status**: 🟡 HIGH PRIORITY" is a priority (and a light), not a progress state
    let payment = p.items.iter().find(|i| i.id == "payment-processing").unwrap();
    assert_eq!((payment.status, payment.priority), (Status::Todo, Some(Priority::High)));
    // "| **Enterprise Features** | 🟢 Low | High | Low | Month 3 |" fills in the section's one item
    let admin = p.items.iter().find(|i| i.line == 182).unwrap();
    assert_eq!(
        (admin.title.as_str(), admin.priority, admin.effort_text.as_deref()),
        ("Advanced Admin Tools", Some(Priority::Low), Some("High"))
    );
    let r = p.readiness.as_ref().unwrap();
    assert_eq!((r.min, r.max, r.source.as_str()), (0.85, 0.9, "doc.md:6"));
    // "Performance benchmarks met (< 3s load time)", "Error handling covers 95% of scenarios", and six KPIs
    assert_eq!(p.kpis.len(), 8);
    let text = &p.documents[0].text;
    assert!(text.contains("## 🎯 Executive Summary"));
    assert!(text.contains("## \u{FFFD} PRODUCTION READINESS"));
    assert!(text.contains("## \u{FFFD} IMMEDIATE ACTION ITEMS"));
}
