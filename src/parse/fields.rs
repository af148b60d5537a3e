//! Small parsers for the values found in field lines: effort, timeline windows, readiness, KPIs.

use std::sync::OnceLock;

use regex::Regex;
use serde::Serialize;

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("built-in pattern"))
}

/// Effort as a range in working days (5 a week, 20 a month, 8 hours a day); story points apart.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Effort {
    pub min: f64,
    pub max: f64,
}

/// Larger efforts (about 40 years of working days) are not read as estimates.
pub const MAX_EFFORT_DAYS: f64 = 10_000.0;

/// `2-3 days`, `8d`, `2 weeks`, `1-2 Days`, `4h`; `None` for anything else.
pub fn parse_effort(text: &str) -> Option<Effort> {
    static R: OnceLock<Regex> = OnceLock::new();
    let r = re(
        &R,
        r"(?i)(\d+(?:\.\d+)?)\s*(?:(?:-|–|to)\s*(\d+(?:\.\d+)?))?\s*(days?|d|weeks?|wks?|w|months?|mo|hours?|hrs?|h)\b",
    );
    let c = r.captures(text)?;
    let a: f64 = c[1].parse().ok()?;
    let b: f64 = c.get(2).map_or(Some(a), |m| m.as_str().parse().ok())?;
    // `5-1 days` means 1 to 5; absurd sizes (a pasted number, 1e308) are not an estimate
    let (min, max) = (a.min(b), a.max(b));
    if !max.is_finite() || max > MAX_EFFORT_DAYS {
        return None;
    }
    let unit = c[3].to_lowercase();
    let factor = match unit.chars().next()? {
        'd' => 1.0,
        'w' => 5.0,
        'm' => 20.0,
        'h' => 0.125,
        _ => return None,
    };
    Some(Effort { min: min * factor, max: max * factor })
}

/// `3 story points`, `5 pts`.
pub fn parse_points(text: &str) -> Option<f64> {
    static R: OnceLock<Regex> = OnceLock::new();
    let r = re(&R, r"(?i)(\d+(?:\.\d+)?)\s*(?:story\s+)?(?:points?|pts?|sp)\b");
    r.captures(text)?[1].parse().ok().filter(|v: &f64| v.is_finite())
}

/// A time window as written: `Week 1-2`, `Day 3`, `Month 2-3`, `Q3 2026`, `2026-06-30`, `Now`/`Next`/`Later`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    /// The text as normalized for display, e.g. `Week 1-2`.
    pub label: String,
    pub unit: WindowUnit,
    pub from: u32,
    pub to: u32,
    /// For quarters: the year; for dates: `(year, month, day)` packed as from=yyyymmdd.
    pub year: Option<i32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowUnit {
    Day,
    Week,
    Month,
    Quarter,
    Date,
}

pub fn parse_window(text: &str) -> Option<Window> {
    static REL: OnceLock<Regex> = OnceLock::new();
    static QTR: OnceLock<Regex> = OnceLock::new();
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    static ISO: OnceLock<Regex> = OnceLock::new();
    if let Some(c) = re(&ISO, r"\b(\d{4})-(\d{2})-(\d{2})\b").captures(text) {
        let ymd = format!("{}{}{}", &c[1], &c[2], &c[3]).parse().ok()?;
        return Some(Window {
            label: format!("{}-{}-{}", &c[1], &c[2], &c[3]),
            unit: WindowUnit::Date,
            from: ymd,
            to: ymd,
            year: c[1].parse().ok(),
        });
    }
    if let Some(c) = re(&QTR, r"(?i)\bQ([1-4])\s*(?:-\s*Q([1-4]))?\s*(\d{4})?\b").captures(text) {
        let from: u32 = c[1].parse().ok()?;
        let to: u32 = c.get(2).map_or(Some(from), |m| m.as_str().parse().ok())?;
        let year = c.get(3).and_then(|m| m.as_str().parse().ok());
        let mut label = if from == to { format!("Q{from}") } else { format!("Q{from}-Q{to}") };
        if let Some(y) = year {
            label.push_str(&format!(" {y}"));
        }
        return Some(Window { label, unit: WindowUnit::Quarter, from, to, year });
    }
    let c = re(&REL, r"(?i)\b(day|week|month)s?\s+(\d{1,3})(?:\s*(?:-|–|to)\s*(\d{1,3}))?\b").captures(text)?;
    let unit = match c[1].to_lowercase().as_str() {
        "day" => WindowUnit::Day,
        "week" => WindowUnit::Week,
        _ => WindowUnit::Month,
    };
    let from: u32 = c[2].parse().ok()?;
    let to: u32 = c.get(3).map_or(Some(from), |m| m.as_str().parse().ok())?;
    if to < from || from == 0 {
        return None;
    }
    let name = match unit {
        WindowUnit::Day => "Day",
        WindowUnit::Week => "Week",
        _ => "Month",
    };
    let label = if from == to { format!("{name} {from}") } else { format!("{name} {from}-{to}") };
    Some(Window { label, unit, from, to, year: None })
}

/// Readiness found in a line, with how much to trust it (lower rank wins).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Readiness {
    pub value: f64,
    pub min: f64,
    pub max: f64,
    #[serde(skip)]
    pub rank: u8,
}

/// `Overall Score: 7.3/10` (rank 0), `**Overall Readiness**: 62%` (0), `Current Status: 85-90% Complete` (1),
/// `75% Production Ready` (2).
/// `*Last Updated: June 8, 2025*`, `**Updated**: 2025-06-08`, `Last revised 8 June 2025`, `As of 2026-01-13`: the
/// date a document says it was last brought up to date. A line that only mentions updating is not one.
pub fn parse_updated(line: &str) -> Option<time::Date> {
    static U: OnceLock<Regex> = OnceLock::new();
    let r = re(
        &U,
        r"(?i)^[\s>*_#-]*(?:last[\s-]+(?:updated?|revised|modified|reviewed)|updated(?:\s+on)?|revised|as\s+of|status\s+as\s+of)\s*[*_]*\s*[:\-–—]?\s*[*_]*\s*(?P<date>[^*_|()]{6,40})",
    );
    let c = r.captures(line)?;
    crate::dates::parse_loose(c.name("date")?.as_str())
}

pub fn parse_readiness(line: &str) -> Option<Readiness> {
    static SCORE: OnceLock<Regex> = OnceLock::new();
    static OVERALL: OnceLock<Regex> = OnceLock::new();
    static PCT: OnceLock<Regex> = OnceLock::new();
    // cheap guard: most lines hold neither a percentage nor a score
    if !line.contains('%') && !line.contains('/') {
        return None;
    }
    if let Some(c) = re(&SCORE, r"(?i)overall\s+(?:readiness\s+)?score\W*?(\d+(?:\.\d+)?)\s*/\s*(\d+)").captures(line) {
        let v: f64 = c[1].parse().ok()?;
        let of: f64 = c[2].parse().ok()?;
        if of.is_finite() && of > 0.0 && v <= of {
            let r = v / of;
            return Some(Readiness { value: r, min: r, max: r, rank: 0 });
        }
    }
    // `Progress: 3/8 phases`, `Completion: 12/40 tasks`
    static FRACTION: OnceLock<Regex> = OnceLock::new();
    if let Some(c) = re(
        &FRACTION,
        r"(?i)(?:progress|completion|completed|done)\W{0,6}(\d{1,4})\s*/\s*(\d{1,4})\s*(?:phases|milestones|tasks|items|steps|features|stories)\b",
    )
    .captures(line)
    {
        let (v, of): (f64, f64) = (c[1].parse().ok()?, c[2].parse().ok()?);
        if of > 0.0 && v <= of {
            let r = v / of;
            return Some(Readiness { value: r, min: r, max: r, rank: 1 });
        }
    }
    let c = re(&PCT, r"(\d{1,3}(?:\.\d+)?)\s*%?\s*(?:-|–|to)\s*(\d{1,3}(?:\.\d+)?)\s*%|(\d{1,3}(?:\.\d+)?)\s*%")
        .captures(line)?;
    let (min, max): (f64, f64) = match (c.get(1), c.get(2), c.get(3)) {
        (Some(a), Some(b), _) => (a.as_str().parse().ok()?, b.as_str().parse().ok()?),
        (_, _, Some(a)) => {
            let v = a.as_str().parse().ok()?;
            (v, v)
        }
        _ => return None,
    };
    if max > 100.0 || min > max {
        return None;
    }
    // lower-case the two sides separately: lower-casing can change byte lengths (the Kelvin sign), so offsets
    // into `line` are not offsets into a lower-cased copy of it
    let whole = c.get(0)?;
    let (after, before) = (line[whole.end()..].to_lowercase(), line[..whole.start()].to_lowercase());
    let (after, before) = (after.as_str(), before.as_str());
    let rank = if re(&OVERALL, r"overall\s+readiness|readiness\s*\**\s*:").is_match(before) {
        0
    } else if (before.contains("current status") || before.contains("current assessment"))
        && (after.trim_start().starts_with("complete") || after.contains("production ready") || after.contains("ready"))
    {
        1
    } else if ["completion", "progress:", "progress**:", "overall progress", "percent complete"]
        .iter()
        .any(|w| before.contains(w))
    {
        // `Current completion: **~75%**`, `**Progress**: 40%`
        1
    } else if after.trim_start().starts_with("production ready") || after.trim_start().starts_with("production-ready") {
        2
    } else {
        return None;
    };
    Some(Readiness { value: (min + max) / 200.0, min: min / 100.0, max: max / 100.0, rank })
}

/// A KPI: name, comparator, value and unit as normalized, with target and current as written.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Kpi {
    pub name: String,
    pub target: String,
    pub current: Option<String>,
    pub comparator: Option<&'static str>,
    pub value: Option<f64>,
    pub unit: Option<String>,
}

/// `**Page Load Time**: <2 seconds (currently 3-5s)` arrives as name `Page Load Time`, value `<2 seconds
/// (currently 3-5s)`.
pub fn parse_kpi_field(name: &str, value: &str) -> Kpi {
    static CUR: OnceLock<Regex> = OnceLock::new();
    let cur = re(&CUR, r"(?i)\(\s*(?:currently|current|now|today)\s*:?\s*([^)]+)\)");
    let (target, current) = match cur.captures(value) {
        Some(c) => (cur.replace(value, "").trim().to_string(), Some(c[1].trim().to_string())),
        None => (value.trim().to_string(), None),
    };
    let (comparator, number, unit, _) = measure(&target).unwrap_or((None, None, None, String::new()));
    Kpi { name: name.trim().to_string(), target, current, comparator, value: number, unit }
}

/// Free text with a number: `Sub-100ms API response times`, `99.9% uptime target`, `< 1% error rate`,
/// `Handle 5,000+ concurrent users`, `Page load time < 3 seconds`. `None` when there is no number.
pub fn parse_kpi_text(text: &str) -> Option<Kpi> {
    let (comparator, value, unit, name) = measure(text)?;
    value?;
    let text = text.trim();
    let quantity = measured_part(text);
    let name = kpi_name(text, &name, &quantity, unit.as_deref());
    let target = if quantity.is_empty() { text.to_string() } else { quantity };
    Some(Kpi { name, target, current: None, comparator, value, unit })
}

/// The quantity as written: `Sub-100ms`, `< 3 seconds`, `99.9%`, `5,000+`.
fn measured_part(text: &str) -> String {
    static Q: OnceLock<Regex> = OnceLock::new();
    let r = re(
        &Q,
        r"(?i)(?:<=|>=|≤|≥|<|>|\bsub-|\bunder\s+|\bbelow\s+|\bless than\s+|\bover\s+|\babove\s+|\bmore than\s+|\bat least\s+)?\s*\$?\d[\d,]*(?:\.\d+)?(?:[kmb]\b)?\+?\s*(?:%|ms\b|s\b|sec(?:ond)?s?\b|min(?:ute)?s?\b|hours?\b|days?\b|x\b|stars?\b|clicks?\b)?\+?",
    );
    r.find(text).map(|m| m.as_str().trim().to_string()).unwrap_or_default()
}

/// A KPI's name from its sentence, without sentence fragments: the words around the quantity when they name it
/// (`Sub-100ms API response times` -> `API response times`); `Time from signup to first value` for a quantity
/// followed by a preposition; `Performance benchmarks met (load time)` for a quantity in brackets; the whole
/// sentence when the quantity sits in its middle (`Error handling covers 95% of scenarios`).
fn kpi_name(text: &str, rest: &str, quantity: &str, unit: Option<&str>) -> String {
    let cap = |s: &str| {
        let mut c = s.chars();
        c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
    };
    let Some(at) = (!quantity.is_empty()).then(|| text.find(quantity)).flatten() else { return cap(rest) };
    let before = text[..at].trim();
    let after = text[at + quantity.len()..].trim();
    let words = |s: &str| s.chars().any(char::is_alphanumeric);
    if before.ends_with('(') {
        let head = before.trim_end_matches('(').trim();
        let inner = after.trim_end_matches(')').trim();
        return if words(inner) { format!("{} ({inner})", cap(head)) } else { cap(head) };
    }
    // the unit word may be part of the quantity (`2 clicks`): the name starts after it
    let first = after.split_whitespace().next().unwrap_or("").to_lowercase();
    let preposition = ["from", "to", "for", "of", "per", "in", "on"].contains(&first.as_str());
    if !words(before) && preposition {
        let noun = match unit {
            Some("ms" | "s" | "min" | "h" | "d") => "Time",
            Some("click") => "Clicks",
            Some("%") => "Share",
            _ => return cap(text),
        };
        return format!("{noun} {after}");
    }
    if words(before) && preposition {
        return cap(text);
    }
    cap(rest)
}

type Measure = (Option<&'static str>, Option<f64>, Option<String>, String);

/// Finds the first measured quantity in `text` and returns it with the rest of the text as the name.
fn measure(text: &str) -> Option<Measure> {
    static M: OnceLock<Regex> = OnceLock::new();
    let r = re(
        &M,
        r"(?i)(?P<cmp><=|>=|≤|≥|<|>|\bsub-|\bunder\s+|\bbelow\s+|\bless than\s+|\bover\s+|\babove\s+|\bmore than\s+|\bat least\s+)?\s*(?P<cur>\$)?(?P<num>\d[\d,]*(?:\.\d+)?)(?P<mult>[kmb]\b)?(?P<plus>\+)?\s*(?P<unit>%|ms\b|s\b|sec(?:ond)?s?\b|min(?:ute)?s?\b|hours?\b|days?\b|x\b|stars?\b|clicks?\b|users?\b|requests?\b)?(?P<plus2>\+)?",
    );
    let c = r.captures(text)?;
    let raw_num = c.name("num")?.as_str().replace(',', "");
    let mut value: f64 = raw_num.parse().ok().filter(|v: &f64| v.is_finite())?;
    if let Some(m) = c.name("mult") {
        value *= match m.as_str().to_lowercase().as_str() {
            "k" => 1e3,
            "m" => 1e6,
            _ => 1e9,
        };
    }
    let comparator = match c.name("cmp").map(|m| m.as_str().trim().to_lowercase()) {
        Some(s) if s == "<" || s == "sub-" || s == "under" || s == "below" || s == "less than" => Some("<"),
        Some(s) if s == "<=" || s == "≤" => Some("<="),
        Some(s) if s == ">" || s == "over" || s == "above" || s == "more than" => Some(">"),
        Some(s) if s == ">=" || s == "≥" || s == "at least" => Some(">="),
        _ if c.name("plus").is_some() || c.name("plus2").is_some() => Some(">="),
        _ => None,
    };
    let unit = match (c.name("cur"), c.name("unit")) {
        (Some(_), _) => Some("$".to_string()),
        (_, Some(u)) => Some(normalize_unit(u.as_str())),
        _ => None,
    };
    let whole = c.get(0)?;
    let name = format!("{} {}", &text[..whole.start()], &text[whole.end()..]);
    let name = name
        .trim()
        .trim_start_matches(|ch: char| !ch.is_alphanumeric())
        .trim_end_matches(|ch: char| !ch.is_alphanumeric())
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let name = strip_prefix_ci(&name, "handle ").or_else(|| strip_prefix_ci(&name, "process ")).unwrap_or(name);
    Some((comparator, Some(value), unit, name))
}

fn strip_prefix_ci(s: &str, prefix: &str) -> Option<String> {
    let head = s.get(..prefix.len())?;
    (s.len() > prefix.len() && head.eq_ignore_ascii_case(prefix)).then(|| s[prefix.len()..].to_string())
}

fn normalize_unit(u: &str) -> String {
    let l = u.to_lowercase();
    if l.starts_with("sec") || l == "s" {
        "s".into()
    } else if l.starts_with("min") {
        "min".into()
    } else if l.starts_with("hour") {
        "h".into()
    } else if l.starts_with("day") {
        "d".into()
    } else if l.ends_with('s') && l.len() > 2 {
        l[..l.len() - 1].to_string()
    } else {
        l
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn effort_ranges_in_days() {
        assert_eq!(parse_effort("2-3 days"), Some(Effort { min: 2.0, max: 3.0 }));
        assert_eq!(parse_effort("8d"), Some(Effort { min: 8.0, max: 8.0 }));
        assert_eq!(parse_effort("2 weeks"), Some(Effort { min: 10.0, max: 10.0 }));
        assert_eq!(parse_effort("1-2 Days"), Some(Effort { min: 1.0, max: 2.0 }));
        assert_eq!(parse_effort("4h"), Some(Effort { min: 0.5, max: 0.5 }));
        assert_eq!(parse_effort("High"), None);
        assert_eq!(parse_points("3 story points"), Some(3.0));
        assert_eq!(parse_effort("3 story points"), None);
    }

    #[test]
    fn windows() {
        let w = parse_window("PHASE 1: IMMEDIATE LAUNCH BLOCKERS (Week 1-2)").unwrap();
        assert_eq!((w.label.as_str(), w.unit, w.from, w.to), ("Week 1-2", WindowUnit::Week, 1, 2));
        assert_eq!(parse_window("🔥 CRITICAL FIXES - WEEK 1").unwrap().label, "Week 1");
        assert_eq!(parse_window("Day 3").unwrap().label, "Day 3");
        assert_eq!(parse_window("MOBILE EXPERIENCE (Month 2)").unwrap().label, "Month 2");
        assert_eq!(parse_window("Q3 2026").unwrap().label, "Q3 2026");
        assert_eq!(parse_window("v1.0 (target: 2026-06-30)").unwrap().label, "2026-06-30");
        assert_eq!(parse_window("4-6 weeks"), None);
    }

    #[test]
    fn updated_lines() {
        let d = |s: &str| crate::dates::parse_date(s);
        assert_eq!(parse_updated("*Last Updated: June 8, 2025*"), d("2025-06-08"));
        assert_eq!(parse_updated("**Last updated**: 2025-06-08"), d("2025-06-08"));
        assert_eq!(parse_updated("> Updated 8 June 2025 by the team"), d("2025-06-08"));
        assert_eq!(parse_updated("_As of: Jan 13, 2026_"), d("2026-01-13"));
        assert_eq!(parse_updated("Last updated: March 2026"), d("2026-03-01"));
        assert_eq!(parse_updated("- [ ] Updated the login page"), None);
        assert_eq!(parse_updated("We updated 5 screens"), None);
    }

    #[test]
    fn readiness_forms() {
        let r = parse_readiness("**Current Assessment**: 75% Production Ready").unwrap();
        assert_eq!((r.value, r.rank), (0.75, 1));
        let r = parse_readiness("**Current Status**: 85-90% Complete - Production MVP Ready").unwrap();
        assert_eq!((r.min, r.max, r.rank), (0.85, 0.9, 1));
        assert!((r.value - 0.875).abs() < 1e-9);
        let r = parse_readiness("**Overall Score: 7.3/10** (70% Production Ready)").unwrap();
        assert!((r.value - 0.73).abs() < 1e-9);
        assert_eq!(r.rank, 0);
        assert_eq!(parse_readiness("**Overall Readiness**: 62%").unwrap().value, 0.62);
        assert_eq!(parse_readiness("- **Add Testing Suite**: 0% coverage → 80% target"), None);
        assert_eq!(parse_readiness("## Production-Ready Components (90% Complete)"), None);
    }

    #[test]
    fn kpis() {
        let k = parse_kpi_field("Page Load Time", "<2 seconds (currently 3-5s)");
        assert_eq!(k.target, "<2 seconds");
        assert_eq!(k.current.as_deref(), Some("3-5s"));
        assert_eq!((k.comparator, k.value, k.unit.as_deref()), (Some("<"), Some(2.0), Some("s")));
        let k = parse_kpi_text("Sub-100ms API response times").unwrap();
        assert_eq!(
            (k.name.as_str(), k.target.as_str(), k.comparator, k.value, k.unit.as_deref()),
            ("API response times", "Sub-100ms", Some("<"), Some(100.0), Some("ms"))
        );
        // names without sentence fragments
        let name = |s: &str| parse_kpi_text(s).unwrap().name;
        assert_eq!(name("Performance benchmarks met (< 3s load time)"), "Performance benchmarks met (load time)");
        assert_eq!(name("< 5 seconds from signup to first value"), "Time from signup to first value");
        assert_eq!(name("< 2 clicks to complete primary actions"), "Clicks to complete primary actions");
        assert_eq!(name("Error handling covers 95% of scenarios"), "Error handling covers 95% of scenarios");
        assert_eq!(name("95%+ mobile usability score"), "Mobile usability score");
        let k = parse_kpi_text("99.9% uptime reliability").unwrap();
        assert_eq!((k.name.as_str(), k.value, k.unit.as_deref()), ("Uptime reliability", Some(99.9), Some("%")));
        let k = parse_kpi_text("Handle 5,000+ concurrent users").unwrap();
        assert_eq!((k.name.as_str(), k.comparator, k.value), ("Concurrent users", Some(">="), Some(5000.0)));
        let k = parse_kpi_text("Process 50M+ daily transactions").unwrap();
        assert_eq!((k.name.as_str(), k.comparator, k.value), ("Daily transactions", Some(">="), Some(50e6)));
        let k = parse_kpi_text("Page load time < 3 seconds").unwrap();
        assert_eq!(
            (k.name.as_str(), k.comparator, k.value, k.unit.as_deref()),
            ("Page load time", Some("<"), Some(3.0), Some("s"))
        );
        let k = parse_kpi_text("< 1% error rate in production").unwrap();
        assert_eq!((k.name.as_str(), k.comparator, k.value), ("Error rate in production", Some("<"), Some(1.0)));
        assert_eq!(parse_kpi_text("Complete feature parity with top competitors"), None);
    }
}
