//! Arbitrary bytes as `status.yaml` of a project with a small fixed roadmap: parse -> model -> analyze -> render.
#![no_main]

use std::collections::HashMap;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use milepost::analyze::{Analysis, Calendar, analyze_project};
use milepost::config::SiteConfig;
use milepost::diagnostics::Diagnostics;
use milepost::load::{ProjectSource, decode, source_file};
use milepost::model::{Portfolio, build_project};
use milepost::parse::{Vocabulary, parse_project};
use milepost::render::{render_site, theme};
use time::macros::date;

const ROADMAP: &str = "# Fuzz Roadmap
One line summary of the project.

**Readiness**: 60-70%

## 🚨 Critical Next Steps (Week 1-2)

### 1. **Payment Processing**
**Status**: 🔴 BLOCKING LAUNCH
**Priority**: Critical
**Effort**: 3-5 days
- [x] Configure Stripe
- [ ] Test real payments

### 2. **Security Review**
**Status**: In progress
**Timeline**: Week 3-4
- [ ] Audit RLS policies

## Phase 2 (Month 2)
- [x] **Database Performance Scaling**: 2 weeks
- [ ] **Statistics Dashboard** (high priority) - Q1 2027
- [ ] ~~**Old Idea**~~
- [ ] **Production Database Schema**: Week 1

## Success Metrics
- Page load time: under 2 s
- API response times: 100 ms
- Uptime reliability: 99.9%

| Item | Status | Owner | Effort |
|------|--------|-------|--------|
| Mobile app | todo | Ana | 2d |
| Real box opening mechanics | done | Rui | 1 week |
";

fn theme() -> &'static theme::Theme {
    static THEME: OnceLock<theme::Theme> = OnceLock::new();
    THEME.get_or_init(|| theme::load_theme(&[]).expect("built-in theme loads"))
}

/// Rendering (for inputs that parse) is on unless `MILEPOST_FUZZ_NO_RENDER` is set (it costs most of the time of an execution).
fn render() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("MILEPOST_FUZZ_NO_RENDER").is_none())
}

fuzz_target!(|data: &[u8]| {
    let mut diagnostics = Diagnostics::new();
    let doc = source_file("roadmap.md", "content/fuzz/roadmap.md", ROADMAP.as_bytes(), true, &mut diagnostics);
    let status = decode(data, "content/fuzz/status.yaml", &mut diagnostics);
    let source = ProjectSource {
        slug: "fuzz".into(),
        documents: vec![doc],
        status: Some(("content/fuzz/status.yaml".into(), status)),
        days: Vec::new(),
        known_counts: HashMap::new(),
    };
    let (raw, mut d) = parse_project(source, &Vocabulary::default());
    // an unparsable status.yaml changes nothing the renderer sees beyond the fixed roadmap: render valid ones only
    let parsed = matches!(raw.status, Some((_, _, Some(_))));
    let today = date!(2026 - 11 - 22);
    let project = build_project(raw, today, &mut d);
    let analysis = Analysis { today, projects: vec![analyze_project(&project, today, &Calendar::default())] };
    let portfolio = Portfolio { projects: vec![project] };
    if parsed && render() {
        let _ = render_site(&portfolio, &analysis, &SiteConfig::default(), theme(), &mut d);
    }
});
