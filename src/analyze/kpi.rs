//! KPIs judged: each target against its latest actual, in one unit, met / missed / unclear / no data, and by
//! how much. KPIs a project states twice (`Uptime: 99.9%` in two sections) are merged into one row; two different
//! targets for the same KPI are a conflict the report shows.
//!
//! Rules (documented in the README):
//! - the actual is the newest of: a `kpis:` entry in `status.yaml` (`current`, `date`), else the document's
//!   `(currently …)`; a range (`3-5s`) is met only when all of it meets the target and missed when none does;
//! - the direction comes from the comparator (`<`, `Sub-`, `under`, `at least`, `+`); a bare target (`99.9%`)
//!   takes it from the name (uptime, coverage, score, users… higher is better; time, latency, errors, cost…
//!   lower is better); with neither, the KPI is unclear rather than guessed;
//! - time units are compared in milliseconds; other units must match (`%` with `%`), else unclear.

use serde::Serialize;

use crate::model::{KpiEntry, Project};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Missed,
    Unclear,
    NoData,
    Met,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Met => "met",
            Verdict::Missed => "missed",
            Verdict::Unclear => "unclear",
            Verdict::NoData => "no data",
        }
    }
}

/// Which way is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    /// `<`, `<=`: lower is better.
    AtMost,
    /// `>`, `>=`: higher is better.
    AtLeast,
}

/// A measured amount: a value or a range, in a unit (time in milliseconds).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Quantity {
    pub low: f64,
    pub high: f64,
    pub unit: Unit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unit {
    /// Stored in milliseconds.
    Time,
    Percent,
    Money,
    /// A count or score with no unit, or a unit we do not convert (`stars`, `users`).
    Plain,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Judged {
    /// Indexes into `Project::kpis`: the first is the row's source, the rest were merged into it.
    pub entries: Vec<usize>,
    pub name: String,
    /// The target as written.
    pub target: String,
    pub direction: Option<Direction>,
    /// The actual as written, when there is one.
    pub actual: Option<String>,
    /// Where the actual comes from: `status.yaml` or `roadmap.md:154`.
    pub actual_source: Option<String>,
    /// When the actual was measured, as written in `status.yaml`.
    pub measured_on: Option<String>,
    pub verdict: Verdict,
    /// By how much, in words: `0.6 s over the target`, `0.7 points short`; or why it cannot be judged.
    pub gap: String,
    /// Two different targets for one KPI (merged rows): the other targets with their lines.
    pub conflict: Option<String>,
}

/// Judges every KPI of a project, merging restatements.
pub fn judge(project: &Project) -> Vec<Judged> {
    let mut rows: Vec<Judged> = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    for (i, k) in project.kpis.iter().enumerate() {
        let key = name_key(&k.kpi.name);
        // the same name, or one name ending the other (`Response time`, `API response time`) with the same target
        let restated = |(r, other): (&Judged, &String)| {
            let ends = |a: &str, b: &str| !b.is_empty() && a.ends_with(&format!(" {b}"));
            same_target(&r.target, &k.kpi.target) && (ends(other, &key) || ends(&key, other))
        };
        let at =
            keys.iter().position(|other| same_kpi(other, &key)).or_else(|| rows.iter().zip(&keys).position(restated));
        if let Some(at) = at {
            merge(&mut rows[at], project, i);
            continue;
        }
        keys.push(key);
        rows.push(judge_one(project, i));
    }
    rows
}

fn source_of(project: &Project, k: &KpiEntry) -> String {
    format!("{}:{}", project.documents.get(k.document).map_or("?", |d| d.name.as_str()), k.line)
}

fn judge_one(project: &Project, index: usize) -> Judged {
    let k = &project.kpis[index];
    let (actual, actual_source) = match (&k.measured, &k.kpi.current) {
        (Some(m), _) => (Some(m.clone()), Some("status.yaml".to_string())),
        (None, Some(c)) => (Some(c.clone()), Some(source_of(project, k))),
        _ => (None, None),
    };
    let direction = direction(k.kpi.comparator, &k.kpi.name, &k.kpi.target);
    let target = quantity(&k.kpi.target);
    let (verdict, gap) = match (&actual, target) {
        (None, _) => (Verdict::NoData, "no actual recorded".to_string()),
        (Some(_), None) => (Verdict::Unclear, "the target has no number".to_string()),
        (Some(a), Some(t)) => compare(a, t, direction),
    };
    Judged {
        entries: vec![index],
        name: k.kpi.name.clone(),
        target: k.kpi.target.clone(),
        direction,
        actual,
        actual_source,
        measured_on: k.measured_on.clone(),
        verdict,
        gap,
        conflict: None,
    }
}

/// Folds a restatement into an earlier row: an actual fills a row without one; a different target is a conflict.
fn merge(row: &mut Judged, project: &Project, index: usize) {
    let k = &project.kpis[index];
    row.entries.push(index);
    let first = &project.kpis[row.entries[0]];
    let same_target = match (quantity(&first.kpi.target), quantity(&k.kpi.target)) {
        (Some(a), Some(b)) => a == b && first.kpi.comparator == k.kpi.comparator,
        _ => first.kpi.target.eq_ignore_ascii_case(&k.kpi.target),
    };
    if !same_target {
        let note = format!("{} also says {}", source_of(project, k), k.kpi.target);
        row.conflict = Some(match row.conflict.take() {
            Some(c) => format!("{c}; {note}"),
            None => note,
        });
    }
    if row.actual.is_none() && (k.measured.is_some() || k.kpi.current.is_some()) {
        let again = judge_one(project, index);
        row.actual = again.actual;
        row.actual_source = again.actual_source;
        row.measured_on = again.measured_on;
        if same_target {
            row.verdict = again.verdict;
            row.gap = again.gap;
        }
    }
}

/// Lower-case words of a name without filler (`target`, `reliability`…): `Uptime` and `uptime target` match.
fn name_key(name: &str) -> String {
    const FILLER: [&str; 7] = ["target", "goal", "rate", "the", "our", "overall", "reliability"];
    let words: Vec<String> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase().trim_end_matches('s').to_string())
        .filter(|w| !FILLER.contains(&w.as_str()))
        .collect();
    words.join(" ")
}

/// Two targets written the same way, spaces and case aside (`<200ms`, `< 200 ms`).
fn same_target(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect::<String>();
    !a.trim().is_empty() && norm(a) == norm(b)
}

fn same_kpi(a: &str, b: &str) -> bool {
    !a.is_empty() && a == b
}

/// The direction a target asks for: its comparator, else the KPI's kind (see the module rules).
pub fn direction(comparator: Option<&str>, name: &str, target: &str) -> Option<Direction> {
    match comparator {
        Some("<") | Some("<=") => return Some(Direction::AtMost),
        Some(">") | Some(">=") => return Some(Direction::AtLeast),
        _ => {}
    }
    let text = format!("{name} {target}").to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| text.contains(w));
    // higher-is-better words first: `uptime` contains `time`
    if has(&[
        "uptime",
        "availability",
        "coverage",
        "score",
        "satisfaction",
        "user",
        "growth",
        "conversion",
        "retention",
        "throughput",
        "transaction",
        "revenue",
        "accuracy",
        "adoption",
        "nps",
    ]) {
        Some(Direction::AtLeast)
    } else if has(&["time", "latency", "load", "error", "crash", "churn", "bounce", "cost", "downtime", "failure"]) {
        Some(Direction::AtMost)
    } else {
        None
    }
}

/// The first amount in `text`: `2.6 s`, `300-800ms`, `<0.1%`, `99.9% over 30 days`, `$1M+`, `3–5 seconds`.
pub fn quantity(text: &str) -> Option<Quantity> {
    static Q: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let r = Q.get_or_init(|| {
        regex::Regex::new(
            r"(?i)(?P<cur>\$)?(?P<a>\d[\d,]*(?:\.\d+)?)\s*(?P<ua>ms|s|sec|%)?\s*(?:(?:-|–|to)\s*(?P<b>\d[\d,]*(?:\.\d+)?))?\s*(?P<mult>[kmb]\b)?\s*(?P<unit>%|ms\b|milliseconds?\b|s\b|secs?\b|seconds?\b|min\b|mins\b|minutes?\b|h\b|hours?\b)?",
        )
        .expect("valid regex")
    });
    let c = r.captures(text)?;
    let num = |s: &str| s.replace(',', "").parse::<f64>().ok().filter(|v| v.is_finite());
    let a = num(c.name("a")?.as_str())?;
    let b = c.name("b").and_then(|m| num(m.as_str())).unwrap_or(a);
    let mult = match c.name("mult").map(|m| m.as_str().to_lowercase()) {
        Some(m) if m == "k" => 1e3,
        Some(m) if m == "m" => 1e6,
        Some(m) if m == "b" => 1e9,
        _ => 1.0,
    };
    let unit_text = c.name("unit").or(c.name("ua")).map(|m| m.as_str().to_lowercase()).unwrap_or_default();
    let (unit, scale) = if c.name("cur").is_some() {
        (Unit::Money, mult)
    } else if unit_text == "%" {
        (Unit::Percent, 1.0)
    } else if unit_text.starts_with("ms") || unit_text.starts_with("milli") {
        (Unit::Time, 1.0)
    } else if unit_text == "s" || unit_text.starts_with("sec") {
        (Unit::Time, 1000.0)
    } else if unit_text.starts_with("min") {
        (Unit::Time, 60_000.0)
    } else if unit_text.starts_with('h') {
        (Unit::Time, 3_600_000.0)
    } else {
        (Unit::Plain, mult)
    };
    let (low, high) = if a <= b { (a, b) } else { (b, a) };
    Some(Quantity { low: low * scale, high: high * scale, unit })
}

/// Met when all of the actual meets the target, missed when none of it does, unclear otherwise.
fn compare(actual_text: &str, target: Quantity, direction: Option<Direction>) -> (Verdict, String) {
    let Some(actual) = quantity(actual_text) else {
        return (Verdict::Unclear, "the actual has no number".into());
    };
    if actual.unit != target.unit {
        return (Verdict::Unclear, "the actual and the target are in different units".into());
    }
    let Some(direction) = direction else {
        return (Verdict::Unclear, "the target does not say whether higher or lower is better".into());
    };
    let t = target.low.min(target.high);
    let (ok_all, ok_none) = match direction {
        Direction::AtMost => (actual.high <= target.high, actual.low > target.high),
        Direction::AtLeast => (actual.low >= t, actual.high < t),
    };
    if ok_all {
        let margin = match direction {
            Direction::AtMost => target.high - actual.high,
            Direction::AtLeast => actual.low - t,
        };
        let gap = if margin > 0.0 {
            format!("{} better than the target", amount(margin, target.unit))
        } else {
            "on the target".into()
        };
        (Verdict::Met, gap)
    } else if ok_none {
        let (miss, word) = match direction {
            Direction::AtMost => (actual.low - target.high, "over"),
            Direction::AtLeast => (t - actual.high, "short of"),
        };
        let rel = match (target.unit, direction) {
            (Unit::Percent, _) => String::new(),
            (_, Direction::AtMost) if target.high > 0.0 => format!(" ({:.0}% worse)", miss / target.high * 100.0),
            (_, Direction::AtLeast) if t > 0.0 => format!(" ({:.0}% short)", miss / t * 100.0),
            _ => String::new(),
        };
        (Verdict::Missed, format!("{} {word} the target{rel}", amount(miss, target.unit)))
    } else {
        (Verdict::Unclear, "the measured range straddles the target".into())
    }
}

/// An amount in its unit as people write it: `600 ms`, `1.4 s`, `0.7 points`, `$2,000`.
fn amount(v: f64, unit: Unit) -> String {
    let trim = |x: f64| {
        let s = format!("{:.2}", x);
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    };
    match unit {
        Unit::Time if v >= 1000.0 => format!("{} s", trim(v / 1000.0)),
        Unit::Time => format!("{} ms", trim(v)),
        Unit::Percent => format!("{} {}", trim(v), if (v - 1.0).abs() < 1e-9 { "point" } else { "points" }),
        Unit::Money => format!("${}", trim(v)),
        Unit::Plain => trim(v),
    }
}

/// The kind of a KPI, to match KPIs across projects: the first rule whose words all appear in the name (or, failing
/// that, the target) wins. `None` for a KPI no rule knows; it is compared under its own name.
pub const KINDS: &[(&str, &[&str])] = &[
    ("Uptime", &["uptime"]),
    ("Uptime", &["availability"]),
    ("API response time", &["api", "response"]),
    ("API response time", &["api", "latency"]),
    ("Page load time", &["page", "load"]),
    ("Page load time", &["load", "time"]),
    ("Error rate", &["error", "rate"]),
    ("Error rate", &["errors"]),
    ("Database query time", &["query"]),
    ("Response time", &["response", "time"]),
    ("Concurrent users", &["concurrent"]),
    ("Throughput", &["transactions"]),
    ("Throughput", &["throughput"]),
    ("Throughput", &["requests", "per"]),
    ("Test coverage", &["coverage"]),
    ("Customer satisfaction", &["satisfaction"]),
    ("Performance score", &["lighthouse"]),
    ("Performance score", &["performance", "score"]),
];

/// The kind of a KPI with the site's own words first (`kpi-kinds:` in site.yaml: kind -> words found as whole words
/// in the name), then [`KINDS`].
pub fn kind_with(name: &str, target: &str, extra: &std::collections::BTreeMap<String, Vec<String>>) -> Option<String> {
    let words: Vec<String> =
        name.to_lowercase().split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(String::from).collect();
    let lower = format!(" {} ", words.join(" "));
    for (k, list) in extra {
        let hit = list.iter().any(|w| {
            let w: Vec<String> = w
                .to_lowercase()
                .split(|c: char| !c.is_alphanumeric())
                .filter(|x| !x.is_empty())
                .map(String::from)
                .collect();
            !w.is_empty() && lower.contains(&format!(" {} ", w.join(" ")))
        });
        if hit {
            return Some(k.clone());
        }
    }
    kind(name, target).map(String::from)
}

/// See [`KINDS`].
pub fn kind(name: &str, target: &str) -> Option<&'static str> {
    let words = |t: &str| -> Vec<String> {
        t.to_lowercase().split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(String::from).collect()
    };
    let (n, t) = (words(name), words(target));
    let matches = |w: &[String], rule: &[&str]| rule.iter().all(|r| w.iter().any(|x| x == r || x == &format!("{r}s")));
    KINDS
        .iter()
        .find(|(_, rule)| matches(&n, rule))
        .or_else(|| KINDS.iter().find(|(_, rule)| matches(&t, rule)))
        .map(|(k, _)| *k)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(low: f64, high: f64, unit: Unit) -> Quantity {
        Quantity { low, high, unit }
    }

    #[test]
    fn quantities_in_one_unit() {
        assert_eq!(quantity("<2 seconds"), Some(q(2000.0, 2000.0, Unit::Time)));
        assert_eq!(quantity("Sub-100ms API response times"), Some(q(100.0, 100.0, Unit::Time)));
        assert_eq!(quantity("3-5s"), Some(q(3000.0, 5000.0, Unit::Time)));
        assert_eq!(quantity("300-800ms"), Some(q(300.0, 800.0, Unit::Time)));
        assert_eq!(quantity("2.6 s"), Some(q(2600.0, 2600.0, Unit::Time)));
        assert_eq!(quantity("99.9% over 30 days"), Some(q(99.9, 99.9, Unit::Percent)));
        assert_eq!(quantity("< 3 seconds"), Some(q(3000.0, 3000.0, Unit::Time)));
        assert_eq!(quantity("$1M+ monthly"), Some(q(1e6, 1e6, Unit::Money)));
        assert_eq!(quantity("2 min"), Some(q(120_000.0, 120_000.0, Unit::Time)));
        assert_eq!(quantity("fast"), None);
    }

    #[test]
    fn verdicts_worked_by_hand() {
        let at_most = Some(Direction::AtMost);
        let at_least = Some(Direction::AtLeast);
        // 2.6 s against < 2 s: 600 ms over, 30% worse
        assert_eq!(
            compare("2.6 s", quantity("<2 seconds").unwrap(), at_most),
            (Verdict::Missed, "600 ms over the target (30% worse)".into())
        );
        // 240 ms against < 200 ms: 40 ms over, 20% worse
        assert_eq!(
            compare("240 ms", quantity("<200ms").unwrap(), at_most),
            (Verdict::Missed, "40 ms over the target (20% worse)".into())
        );
        // 99.2% against 99.9%: 0.7 points short
        assert_eq!(
            compare("99.2%", quantity("99.9%").unwrap(), at_least),
            (Verdict::Missed, "0.7 points short of the target".into())
        );
        assert_eq!(
            compare("99.95%", quantity("99.9%").unwrap(), at_least),
            (Verdict::Met, "0.05 points better than the target".into())
        );
        // the whole range 3-5 s is above < 2 s
        assert_eq!(compare("3-5s", quantity("<2 seconds").unwrap(), at_most).0, Verdict::Missed);
        // 1.5-3 s straddles 2 s
        assert_eq!(compare("1.5-3 s", quantity("<2 s").unwrap(), at_most).0, Verdict::Unclear);
        // 1.8 s against < 3 s in seconds and milliseconds alike
        assert_eq!(compare("1800ms", quantity("< 3 seconds").unwrap(), at_most).0, Verdict::Met);
        assert_eq!(compare("2.6 s", quantity("99%").unwrap(), at_most).0, Verdict::Unclear);
        assert_eq!(compare("12", quantity("10").unwrap(), None).0, Verdict::Unclear);
    }

    #[test]
    fn a_shorter_name_with_the_same_target_is_a_restatement() {
        let entry = |name: &str, target: &str, measured: Option<&str>, line: usize| crate::model::KpiEntry {
            id: name.to_lowercase().replace(' ', "-"),
            kpi: crate::parse::fields::Kpi {
                name: name.into(),
                target: target.into(),
                current: None,
                comparator: None,
                value: None,
                unit: None,
            },
            document: 0,
            line,
            measured: measured.map(str::to_string),
            measured_on: None,
        };
        let mut p = crate::model::Project::for_tests();
        p.kpis = vec![
            entry("API Response Time", "<200ms", Some("240 ms"), 10),
            entry("Response Time", "< 200 ms", None, 40),
            // same ending, another target: a different KPI
            entry("Page Response Time", "<2 s", None, 41),
        ];
        let rows = judge(&p);
        assert_eq!(rows.len(), 2, "{rows:#?}");
        assert_eq!(rows[0].entries, vec![0, 1]);
        assert_eq!(rows[0].verdict, Verdict::Missed);
        assert_eq!(rows[1].entries, vec![2]);
    }

    #[test]
    fn direction_from_comparator_then_kind() {
        assert_eq!(direction(Some("<"), "Uptime", "x"), Some(Direction::AtMost));
        assert_eq!(direction(None, "Uptime", "99.9%"), Some(Direction::AtLeast));
        assert_eq!(direction(None, "Error Rate", "0.1%"), Some(Direction::AtMost));
        assert_eq!(direction(None, "Market Position", "#1"), None);
    }

    #[test]
    fn kinds_match_across_projects() {
        assert_eq!(kind("API Response Time", "<200ms"), Some("API response time"));
        assert_eq!(kind("API response times", "Sub-100ms"), Some("API response time"));
        assert_eq!(kind("Uptime reliability", "99.9%"), Some("Uptime"));
        assert_eq!(kind("uptime target", "99.9%"), Some("Uptime"));
        assert_eq!(kind("Page Load Time", "<2 seconds"), Some("Page load time"));
        assert_eq!(kind("Page load time", "< 3 seconds"), Some("Page load time"));
        assert_eq!(kind("Error rate in production", "< 1%"), Some("Error rate"));
        assert_eq!(kind("Reliability", "99.9% uptime, zero failed transactions"), Some("Uptime"));
        assert_eq!(kind("Market Position", "#1 in tokenized messaging"), None);
    }

    #[test]
    fn site_words_come_first() {
        let extra = std::collections::BTreeMap::from([("Checkout time".to_string(), vec!["checkout".to_string()])]);
        assert_eq!(kind_with("Checkout latency", "< 2 s", &extra).as_deref(), Some("Checkout time"));
        assert_eq!(kind_with("Uptime", "99.9%", &extra).as_deref(), Some("Uptime"));
        // whole words only: `checkouts` is not `checkout`
        assert_eq!(kind_with("Checkouts per day", "100", &extra), None);
    }

    #[test]
    fn restatements_share_a_key() {
        assert_eq!(name_key("Uptime"), name_key("uptime target"));
        assert_eq!(name_key("Error Rate"), name_key("error rates"));
        assert_ne!(name_key("API Response Time"), name_key("Response Time"));
    }
}
