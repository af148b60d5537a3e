//! Extraction on the patterns real roadmaps use (issue "Read real roadmaps right"). Every fixture is made up to show
//! one shape; every expected value was read off the fixture by hand.

use milepost::model::{Item, Project};
use milepost::parse::{ItemKind, Priority, Status};

use super::support::Site;

fn project(md: &str) -> (Project, Vec<String>) {
    let site = Site::new().file("content/p/roadmap.md", md);
    let (mut projects, d) = site.model();
    (projects.remove(0), d.iter().map(|d| d.to_string()).collect())
}

fn items(md: &str) -> Vec<Item> {
    project(md).0.items
}

/// `(title, status)` of every item.
fn statuses(md: &str) -> Vec<(String, Status)> {
    items(md).into_iter().map(|i| (i.title, i.status)).collect()
}

fn pairs(list: &[(&str, Status)]) -> Vec<(String, Status)> {
    list.iter().map(|(t, s)| (t.to_string(), *s)).collect()
}

#[test]
fn decimal_and_lettered_task_headings_with_effort_in_the_title() {
    let md = "# Plan\n\n## 2. Storage\n\n### 2.3 Cache warm-up (1 day) 🆕\nPreload the hot keys.\n- keys from the log\n\n### 2.4 Eviction policy (4h)\n- LRU first\n\n### b. Export to PDF (2-3 weeks)\n- layout\n";
    let got = items(md);
    let titles: Vec<&str> = got.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(titles, ["Cache warm-up", "Eviction policy", "Export to PDF"]);
    let efforts: Vec<(f64, f64)> = got.iter().map(|i| i.effort.map(|e| (e.min, e.max)).unwrap()).collect();
    assert_eq!(efforts, [(1.0, 1.0), (0.5, 0.5), (10.0, 15.0)]);
    assert!(got.iter().all(|i| i.kind == ItemKind::Heading && i.status == Status::Todo));
}

#[test]
fn a_heading_with_a_status_of_its_own_is_an_item() {
    let md = "# Plan\n\n## Features\n\n### Dark mode ✅ COMPLETED\nShipped in 2.1.\n\n### Offline sync — in progress\n- queue writes\n\n### Plugin API (done)\n\n### Search\n**Status**: blocked on the index rebuild\n";
    assert_eq!(
        statuses(md),
        pairs(&[
            ("Dark mode", Status::Done),
            ("Offline sync", Status::InProgress),
            ("Plugin API", Status::Done),
            ("Search", Status::Blocked),
        ])
    );
}

#[test]
fn short_checkboxes_under_a_heading_with_its_own_fields_are_its_tasks() {
    let md = "# Plan\n\n## Work\n\n### Billing export\n**Status**: In progress\n**Priority**: High\n- [x] CSV writer\n- [x] Column picker\n- [ ] Scheduled runs\n";
    let got = items(md);
    assert_eq!(got.len(), 1);
    let i = &got[0];
    assert_eq!((i.title.as_str(), i.status, i.priority), ("Billing export", Status::InProgress, Some(Priority::High)));
    assert_eq!((i.tasks_done, i.tasks_total), (2, 3));
    // without fields of its own the heading is a group and the boxes are items
    let md = "# Plan\n\n## Billing\n- [x] CSV writer\n- [ ] Scheduled runs\n";
    assert_eq!(statuses(md), pairs(&[("CSV writer", Status::Done), ("Scheduled runs", Status::Todo)]));
}

#[test]
fn milestone_sections_are_milestones_and_their_deliverables_are_not_done_items() {
    let md = "# Roadmap\n\n## Milestone 1 — Private beta\n**Goal**: ten teams using it daily\n**Target**: 2026-03-31\n**Deliverables**:\n- ✅ Invite flow\n- ✅ Usage dashboard\n- ✅ Billing stub\n\n## Milestone 2 — Public launch\n**Goal**: open sign-up\n**Deliverables**:\n- ✅ Pricing page\n- ✅ Status page\n";
    let got = items(md);
    let view: Vec<(&str, ItemKind, Status, usize)> =
        got.iter().map(|i| (i.title.as_str(), i.kind, i.status, i.tasks_total)).collect();
    assert_eq!(
        view,
        [
            ("Milestone 1 — Private beta", ItemKind::Milestone, Status::Todo, 3),
            ("Milestone 2 — Public launch", ItemKind::Milestone, Status::Todo, 2)
        ]
    );
    assert!(got.iter().all(|i| i.tasks_done == 0), "a ✅ bullet under Deliverables is a bullet style, not done");
    // its Target date is its due date
    assert_eq!(got[0].timeline.as_deref(), Some("2026-03-31"));
}

#[test]
fn criteria_are_never_done_items() {
    let md = "# Plan\n\n## 1. Payments\n**Status**: todo\n\n**Acceptance criteria**:\n- ✅ refunds within 5 days\n- [x] receipts by mail\n\n### Definition of done\n- ✅ documented\n- ✅ load tested\n";
    let got = items(md);
    assert_eq!(got.len(), 1, "{:?}", got.iter().map(|i| &i.title).collect::<Vec<_>>());
    assert_eq!((got[0].title.as_str(), got[0].status), ("Payments", Status::Todo));
    // the four criteria are its tasks; only the ticked box counts as a done task, never a ✅ bullet
    assert_eq!((got[0].tasks_done, got[0].tasks_total), (1, 4));
}

#[test]
fn status_written_in_the_title_beats_an_empty_box() {
    let md = "# Release\n\n## Checklist\n- [ ] Signed artifacts — in progress\n- [ ] Telemetry prompt (blocked on legal review)\n- [ ] Parse cache (already done ✅)\n- [ ] Changelog\n";
    assert_eq!(
        statuses(md),
        pairs(&[
            ("Signed artifacts — in progress", Status::InProgress),
            ("Telemetry prompt (blocked on legal review)", Status::Blocked),
            ("Parse cache (already done ✅)", Status::Done),
            ("Changelog", Status::Todo),
        ])
    );
}

#[test]
fn the_leading_marker_beats_words_deeper_in_the_prose() {
    let md = "# Editor\n\n## Features\n- 🚧 **Dark mode** — design done, build in progress\n- ✅ Semicolons now optional\n- ⏳ Offline mode\n- ⚠️ Missing endpoints for export\n- ⚠️ Mock data in the charts\n";
    assert_eq!(
        statuses(md),
        pairs(&[
            ("Dark mode", Status::InProgress),
            ("Semicolons now optional", Status::Done),
            ("Offline mode", Status::Todo),
            ("Missing endpoints for export", Status::Todo),
            ("Mock data in the charts", Status::InProgress),
        ])
    );
}

#[test]
fn success_metrics_are_kpis_not_work() {
    let md = "# Search\n\n## 1. Index rebuild\n**Status**: in progress\n\n## Success metrics\n- [ ] <200ms p95 search latency\n- [x] 99.95% uptime\n- Happy users\n\n## Performance targets\n| Metric | Target |\n|---|---|\n| User retention (30-day) | 40% |\n";
    let (p, _) = project(md);
    assert_eq!(p.items.len(), 1);
    let kpis: Vec<(&str, Option<f64>)> = p.kpis.iter().map(|k| (k.kpi.name.as_str(), k.kpi.value)).collect();
    assert_eq!(kpis.len(), 3, "{kpis:?}");
    assert_eq!(kpis[1].1, Some(99.95));
    assert_eq!(p.kpis[1].kpi.current.as_deref(), Some("met (ticked)"));
    assert_eq!(kpis[2], ("User retention (30-day)", Some(40.0)));
}

#[test]
fn pass_down_from_a_finished_section_and_status_labels() {
    let md = "# Plan\n\n## Phase 2 ✅ COMPLETE\n\n### 2.1 Import wizard\n- mapping step\n\n### 2.2 Undo\n- history stack\n\n## Now building\n\n✅ **Completed components:**\n- [ ] Theme tokens\n- Icon set\n\n**In progress**:\n- Layout grid\n";
    assert_eq!(
        statuses(md),
        pairs(&[
            ("Import wizard", Status::Done),
            ("Undo", Status::Done),
            ("Theme tokens", Status::Done),
            ("Icon set", Status::Done),
            ("Layout grid", Status::InProgress),
        ])
    );
}

#[test]
fn moscow_headings_and_priority_tags_in_item_text() {
    let md = "# Backlog\n\n## Must have\n- [ ] Login\n\n## Should have\n- [ ] Export\n\n## Could have\n- [ ] Themes\n\n## Won't have (this time)\n- Plugins\n\n## Misc\n- [ ] Audit log [Critical]\n- [ ] Retry button (P1)\n- [ ] Review: no critical findings expected\n- [ ] Rate limits, Priority: high\n";
    let got = items(md);
    let view: Vec<(&str, Status, Option<Priority>)> =
        got.iter().map(|i| (i.title.as_str(), i.status, i.priority)).collect();
    assert_eq!(
        view,
        [
            ("Login", Status::Todo, Some(Priority::Critical)),
            ("Export", Status::Todo, Some(Priority::High)),
            ("Themes", Status::Todo, Some(Priority::Low)),
            ("Plugins", Status::Cancelled, None),
            ("Audit log [Critical]", Status::Todo, Some(Priority::Critical)),
            ("Retry button (P1)", Status::Todo, Some(Priority::High)),
            ("Review: no critical findings expected", Status::Todo, None),
            ("Rate limits, Priority: high", Status::Todo, Some(Priority::High)),
        ]
    );
}

#[test]
fn document_metadata_describes_the_project_not_the_items() {
    let md = "# Atlas roadmap\n\n**Status**: Active development\n**Timeline**: 6 phases, about 3 weeks\n**Owner**: Platform team\n\n## Current status (as of 2025-01-13)\n- [ ] Geocoder\n- [x] Tile cache\n";
    let got = items(md);
    assert_eq!(got.len(), 2);
    for i in &got {
        assert_eq!((i.timeline.as_deref(), i.owner.as_deref()), (None, None), "{} inherited metadata", i.title);
    }
    assert_eq!(got[1].status, Status::Done);
}

#[test]
fn tables_that_are_not_work_and_rows_that_restate_items() {
    let md = "# Plan\n\n## Legend\n| Priority | Meaning |\n|---|---|\n| P0 | drop everything |\n| P1 | this sprint |\n\n## Partners\n| Name | Status |\n|---|---|\n| Acme | Active |\n| Globex | Signed |\n\n## Work\n### 1. Backend sync\n**Status**: in progress\n### 2. Mobile shell\n**Status**: todo\n\n## Summary\n| Task | Priority | Effort |\n|---|---|---|\n| Backend sync | P0 | 3 days |\n| Mobile shell | P2 | 1 week |\n";
    let got = items(md);
    let view: Vec<(&str, Status, Option<Priority>, Option<f64>)> =
        got.iter().map(|i| (i.title.as_str(), i.status, i.priority, i.effort.map(|e| e.max))).collect();
    assert_eq!(
        view,
        [
            ("Backend sync", Status::InProgress, Some(Priority::Critical), Some(3.0)),
            ("Mobile shell", Status::Todo, Some(Priority::Medium), Some(5.0)),
        ]
    );
}

#[test]
fn word_boundaries_and_lane_words() {
    let md = "# Plan\n\n## Work\n- [ ] Make init non-blocking\n- [ ] Next release notes\n\n## Now\n- Search\n";
    let got = items(md);
    assert_eq!(got[0].health, None, "non-blocking is not blocking");
    assert_eq!(got[0].status, Status::Todo);
    assert_eq!(got[1].status, Status::Todo);
    assert_eq!((got[2].title.as_str(), got[2].status), ("Search", Status::InProgress));
}

#[test]
fn a_document_with_work_but_no_items_says_so() {
    let md = "# Ideas\n\n## Storage\n- tiered buckets\n- cold archive\n\n## Sync\n- CRDT merge\n\n## Sharing\n- public links\n";
    let (p, warnings) = project(md);
    assert!(p.items.is_empty());
    assert!(warnings.iter().any(|w| w.contains("no work items found in 3 headings and 4 list items")), "{warnings:?}");
    // a plain document with nothing that looks like work stays quiet
    let (_, warnings) = project("# Notes\n\nJust prose.\n");
    assert!(warnings.iter().all(|w| !w.contains("no work items")));
}

#[test]
fn legend_bullets_are_not_items_and_struck_ticked_lines_are_done() {
    let md = "# Plan\n\n## Key\n- ✅ **Done** – finished and shipped\n- 🚧 **In progress** – being built\n\n## Work\n- [x] ~~Old importer~~ (replaced)\n- [ ] ~~Fax support~~\n";
    assert_eq!(statuses(md), pairs(&[("Old importer", Status::Done), ("Fax support", Status::Cancelled)]));
}

#[test]
fn inspect_explain_names_the_rule_and_the_words() {
    let site = Site::new().file(
        "content/p/roadmap.md",
        "# P\n\n## Work\n- 🚧 **Dark mode** — design done\n- [ ] Parse cache (already done ✅)\n",
    );
    let out = site.run(&["inspect", "--explain", "content/p/roadmap.md"]);
    assert!(out.status.success());
    let text = super::support::stdout(&out);
    assert!(text.contains("status: in_progress (leading marker: 🚧)"), "{text}");
    assert!(text.contains("status: done (status in the title: already done ✅)"), "{text}");
}

#[test]
fn titles_keep_inline_code_and_drop_repeated_labels() {
    let md = "# Plan\n\n## Core\n- [ ] **api:** Implement the oracle\n- [x] **api:** Fix `parse<int>(5)` overflow\n- [ ] **docs:** Write the guide\n\n## Components\n- [ ] **Payments**: Stripe checkout\n";
    let titles: Vec<String> = items(md).into_iter().map(|i| i.title).collect();
    // `docs:` appears once: it is the title, as `Payments` is
    assert_eq!(titles, ["Implement the oracle", "Fix parse<int>(5) overflow", "docs", "Payments"]);
}

#[test]
fn readiness_phrasings() {
    let readiness = |md: &str| project(md).0.readiness.map(|r| (r.value * 100.0).round());
    assert_eq!(readiness("# A\n\nCurrent completion: **~75%**\n"), Some(75.0));
    assert_eq!(readiness("# A\n\n**Progress**: 3/8 phases\n"), Some(38.0));
    // a percentage in passing is not the project's readiness
    assert_eq!(readiness("# A\n\nCache hit rate went up 75% this week.\n"), None);
}

#[test]
fn diagram_blocks_are_known_languages() {
    let site = Site::new().file(
        "content/p/roadmap.md",
        "# P\n\n- [ ] a\n\n```mermaid\ngantt\n  a :done, 2026-01-01, 3d\n```\n\n```plantuml\n@startuml\n@enduml\n```\n\n```cobolx\nx\n```\n",
    );
    let out = site.build();
    let err = super::support::stderr(&out);
    assert!(!err.contains("mermaid") && !err.contains("plantuml"), "{err}");
    assert!(err.contains("unknown code language `cobolx`"), "{err}");
}

#[test]
fn nearly_all_done_items_from_one_list_are_flagged() {
    let md = "# Plan\n\n## Version 2 features\n- ✅ Sharing\n- ✅ Comments\n- ✅ Mentions\n- ✅ Export\n- ✅ Themes\n\n## Work\n- [ ] Billing\n";
    let (p, warnings) = project(md);
    assert_eq!(p.items.len(), 6);
    assert!(
        warnings.iter().any(|w| w.contains("5 of the 5 done items come from one list under `Version 2 features`")),
        "{warnings:?}"
    );
}

#[test]
fn shapes_found_in_real_roadmaps() {
    // a phase listed, then detailed, then summarised in a progress table: one item, not three
    let md = "# Plan\n\n## Phases\n- [x] **Phase 1: Import** – parsers\n- [ ] **Phase 2: Search** – index\n\n## Phase details\n\n### Phase 2: Search\n**Goal**: find anything\n- ranking\n\n## Progress\n| Phase | Plans | Status |\n|---|---|---|\n| 1. Import | 2/2 | Complete |\n| 2. Search | 0/3 | Not started |\n";
    assert_eq!(statuses(md), pairs(&[("Phase 1: Import", Status::Done), ("Phase 2: Search", Status::Todo)]));
    // hedged completion is not done; "must complete" is not a status
    let md = "# Plan\n\n| Task | Status |\n|---|---|\n| Sync | 🔄 60% Complete |\n| Export | mostly complete |\n| Import | ✅ Complete |\n\n## Work\n- [ ] ⚠️ **MUST COMPLETE:** billing import\n";
    assert_eq!(
        statuses(md),
        pairs(&[
            ("Sync", Status::InProgress),
            ("Export", Status::InProgress),
            ("Import", Status::Done),
            ("MUST COMPLETE", Status::Todo),
        ])
    );
    // a ✅ bullet whose words say it is blocked is blocked
    let md = "# Plan\n\n## Checks\n- ✅ Prefs load from cache - BLOCKED on API key\n- ✅ Theme switch\n";
    assert_eq!(
        statuses(md),
        pairs(&[("Prefs load from cache - BLOCKED on API key", Status::Blocked), ("Theme switch", Status::Done)])
    );
    // markers after a bold label or at the end of the line, and markers seen in real files
    let md = "# Plan\n\n## Versions\n- **v2.1** ✅ — offline mode\n- **CRM**: contacts and deals ✅\n- ◐ Sync engine\n- ☐ Plugin store\n- ⏸ Voice notes\n";
    assert_eq!(
        statuses(md),
        pairs(&[
            ("v2.1", Status::Done),
            ("CRM", Status::Done),
            ("Sync engine", Status::InProgress),
            ("Plugin store", Status::Todo),
            ("Voice notes", Status::Blocked),
        ])
    );
    // status headings by their leading words; a done status only passes one level down
    let md = "# Plan\n\n## What shipped in v2\n- Dark mode\n\n### ✅ Done (100%)\n- Themes\n\n## ✅ Phase 4\n\n### Method\n\n#### 1. Cache keys\n**Fix still required:** rotate\n- rotate weekly\n";
    assert_eq!(
        statuses(md),
        pairs(&[("Dark mode", Status::Done), ("Themes", Status::Done), ("Cache keys", Status::Todo)])
    );
    // numbered headings with prose are items, except under recommendations; `## Milestones` is no milestone
    let md = "# Plan\n\n## Milestones\n\n#### 1. Diff viewer\nSide-by-side view of two revisions.\n\n#### 2. Blame\nWho changed each line.\n\n## Recommendations\n\n### 1. Ship small\nRelease often.\n";
    assert_eq!(statuses(md), pairs(&[("Diff viewer", Status::Todo), ("Blame", Status::Todo)]));
    // a numbers-only work column: the title is the next text column; CLOSED is done
    let md = "# Plan\n\n| # | Item | Status |\n|---|---|---|\n| 1 | Parser | CLOSED |\n| 2 | Linter | open |\n";
    assert_eq!(statuses(md), pairs(&[("Parser", Status::Done), ("Linter", Status::Todo)]));
}

#[test]
fn the_same_work_with_two_statuses_is_flagged() {
    let md = "# Plan\n\n## Now\n- [x] Search index\n\n## Status table\n| Task | Priority |\n|---|---|\n| Billing | P1 |\n\n## Later\n- [ ] Search index\n";
    let (_, warnings) = project(md);
    assert!(warnings.iter().any(|w| w.contains("`Search index` is todo here but done at line 4")), "{warnings:?}");
    // a one-word title in two sections is two different things (`clone` of one crate, `clone` of another)
    let md = "# Plan\n\n## gix\n- [x] clone\n\n## gitoxide\n- [ ] clone\n";
    let (_, warnings) = project(md);
    assert!(!warnings.iter().any(|w| w.contains("is todo here")), "{warnings:?}");
}

#[test]
fn several_h1s_are_sections_and_milestones_may_be_prose() {
    let md = "# Todo\n* Fix the login crash\n* Rename the settings page\n\n# Known issues\n* Slow start\n";
    let (p, _) = project(md);
    // a generic title gets the folder name in front
    assert_eq!(p.name, "P Todo");
    assert_eq!(
        p.items.iter().map(|i| (i.title.as_str(), i.status)).collect::<Vec<_>>(),
        [
            ("Fix the login crash", Status::Todo),
            ("Rename the settings page", Status::Todo),
            ("Slow start", Status::Todo)
        ]
    );
    let md = "# Plan\n\n## Milestones\n\n### M0 — Skeleton\n**What gets built:** the transport and the CLI.\n\n### M1 — Sync\n**What gets built:** conflict-free merge.\n";
    let got = items(md);
    let view: Vec<(&str, ItemKind)> = got.iter().map(|i| (i.title.as_str(), i.kind)).collect();
    assert_eq!(view, [("M0 — Skeleton", ItemKind::Milestone), ("M1 — Sync", ItemKind::Milestone)]);
}

#[test]
fn a_section_below_a_table_row_details_it() {
    let md = "# Plan\n\n| # | Phase | Status |\n|---|---|---|\n| 1 | Audit | ✅ Complete |\n| 2 | Rebuild | 🔄 In progress |\n\n## Phase 1: Audit\n**Deliverables**:\n- [x] inventory\n- [x] report\n\n## Phase 2: Rebuild\n**Deliverables**:\n- [x] schema\n- [ ] screens\n";
    let got = items(md);
    let view: Vec<(&str, Status, usize, usize)> =
        got.iter().map(|i| (i.title.as_str(), i.status, i.tasks_done, i.tasks_total)).collect();
    assert_eq!(view, [("Audit", Status::Done, 2, 2), ("Rebuild", Status::InProgress, 1, 2)]);
}

#[test]
fn decorative_heading_emoji_are_not_statuses() {
    // 🏗️, 📋 and 🔄 decorate headings in real files; only ✅ 🚧 ⛔ ❌ … give a heading a status
    let md = "# Plan\n\n## 🏗️ Architecture\n\n### 1. Storage layer\n- tiered buckets\n\n## 📋 Planning\n\n### 2. Sync engine\n- CRDTs\n";
    assert_eq!(statuses(md), pairs(&[("Storage layer", Status::Todo), ("Sync engine", Status::Todo)]));
}

#[test]
fn second_evaluation_shapes() {
    // a closed track's plan table, two headings down, with no status column: the track's status, or the cell's own
    let md = "# Plan\n\n## Tracks\n\n### Track Q — CLOSED\n\n#### Moved\n\n##### Plan\n| Step | Work | Effort |\n|---|---|---|\n| Q1 | **CLOSED 2026-01-05**: cache | 1 week |\n| Q2 | index rebuild | 2 weeks |\n";
    assert_eq!(statuses(md), pairs(&[("CLOSED 2026-01-05: cache", Status::Done), ("index rebuild", Status::Done)]));
    // report lines are not work
    let md = "# Plan\n\n## Results\n- Unit suite: 14 PASSED ✅\n- **Lint**: ✅ clean\n\n## Work\n- [ ] Checklist signed ← R2 ✓\n";
    assert_eq!(statuses(md), pairs(&[("Checklist signed ← R2 ✓", Status::Todo)]));
    // words that say blocked beat a ⏳ icon in a status cell
    let md = "# Plan\n\n| Phase | Status |\n|---|---|\n| Phase 1 | ⏳ Blocked |\n| Phase 2 | ⏳ |\n";
    assert_eq!(statuses(md), pairs(&[("Phase 1", Status::Blocked), ("Phase 2", Status::Todo)]));
    // principles are not work, legend lines are not items
    let md = "# Plan\n\n## 4. Principles\n\n### 4.1 Ship small\nRelease often.\n\n## Key\n- 💡 **IDEA** - under consideration\n\n## Work\n- [ ] Search\n";
    assert_eq!(statuses(md), pairs(&[("Search", Status::Todo)]));
}

#[test]
fn a_status_table_that_is_not_read_says_so() {
    let md = "# Plan\n\n| Feature | Status |\n|---|---|\n| Export CSV | 💭 |\n| Dark theme | 💭 |\n| Sync | 🧪 |\n\n- [ ] Search\n";
    let (p, warnings) = project(md);
    assert_eq!(p.items.len(), 1);
    assert!(
        warnings.iter().any(|w| w.contains("table with a status column not read as work: 3 of its 3 status values")),
        "{warnings:?}"
    );
}

#[test]
fn implemented_and_backlog_sections() {
    let md = "# P\n\n## Implemented\n- **Export**: CSV and PDF\n\n## Known issues\n- Crash on empty vault\n\n## Ideas\n- Plugins\n";
    assert_eq!(statuses(md), pairs(&[("Export", Status::Done), ("Crash on empty vault", Status::Todo)]));
    // negated status words are not that status
    let md =
        "# P\n\n## Work\n- [ ] Card order (designed but not implemented)\n\n### 2. Sharing\n**Status**: Not done yet\n";
    assert_eq!(
        statuses(md),
        pairs(&[("Card order (designed but not implemented)", Status::Todo), ("Sharing", Status::Todo)])
    );
}

#[test]
fn a_status_line_under_a_heading_is_its_status() {
    let md = "# P\n\n## Phase 1\n\n### Pattern recognition\n\n**File: `src/patterns.ts`** ✅ COMPLETED\n- weekly analysis\n- risk prediction\n\n### Insight feedback\n\nWe will collect ratings.\n- thumbs up\n";
    let got = items(md);
    let view: Vec<(&str, Status, usize, usize)> =
        got.iter().map(|i| (i.title.as_str(), i.status, i.tasks_done, i.tasks_total)).collect();
    assert_eq!(view, [("Pattern recognition", Status::Done, 2, 2)]);
}
