//! Site configuration: the optional `site.yaml` at the site root, with a documented default for every key.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::diagnostics::Diagnostic;

/// `site.yaml`. Every key is optional.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct SiteConfig {
    /// Title of the portfolio index. Default: `Roadmaps`.
    pub title: String,
    /// Where the site is published, e.g. `https://owner.github.io/repo/`. Only used for canonical links and the
    /// JSON export; internal links are always relative. Default: empty.
    pub base_url: String,
    /// Theme folder under `themes/`; `default` is built in. Default: `default`.
    pub theme: String,
    /// The date reports are computed for, `YYYY-MM-DD`. Default: none (then `SOURCE_DATE_EPOCH`, then the clock).
    pub today: Option<String>,
    /// Repair UTF-8 that was misread as Windows-1252, Mac Roman or Johab. Default: `true`.
    pub repair_encoding: bool,
    /// Extra words for the status, priority and health vocabularies.
    pub vocabulary: VocabularyConfig,
    /// Weekdays work happens on, for ideal lines and forecasts. Default: `[mon, tue, wed, thu, fri]`.
    pub working_days: Vec<String>,
    /// When the site is in a git repository, derive history snapshots from the commits that touched each
    /// project. Default: `true`.
    pub git_history: bool,
    /// Top-level names in the output folder that a build keeps (moves into the new output) besides `CNAME` and
    /// dot-entries such as `.git`, e.g. `[robots.txt, downloads]`. Default: none.
    pub keep: Vec<String>,
    /// Seconds a theme template may spend on one page before the build is stopped (a runaway loop). Default: 30.
    pub render_timeout: u64,
    /// Extra words per KPI kind, to match KPIs across projects on the comparison page, e.g.
    /// `kpi-kinds: { Uptime: [SLA, availability], Checkout time: [checkout] }`: a KPI whose name holds one of the
    /// words (whole words, any case) gets that kind, before the built-in rules. Default: none.
    pub kpi_kinds: BTreeMap<String, Vec<String>>,
    /// Roadmap checks to turn on or off by name, e.g. `lints: { no-status: false }`. Default: all on.
    pub lints: BTreeMap<String, bool>,
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: "Roadmaps".to_string(),
            base_url: String::new(),
            theme: "default".to_string(),
            today: None,
            repair_encoding: true,
            vocabulary: VocabularyConfig::default(),
            working_days: ["mon", "tue", "wed", "thu", "fri"].map(String::from).to_vec(),
            git_history: true,
            keep: Vec::new(),
            render_timeout: 30,
            kpi_kinds: BTreeMap::new(),
            lints: BTreeMap::new(),
        }
    }
}

/// Extra words per canonical value, e.g. `status: { done: [merged, "🎉"] }`. Words are matched case-insensitively
/// on word boundaries and take precedence over the built-in words.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct VocabularyConfig {
    pub status: BTreeMap<String, Vec<String>>,
    pub priority: BTreeMap<String, Vec<String>>,
    pub health: BTreeMap<String, Vec<String>>,
}

/// The canonical values each vocabulary maps words to (the parse stage's enums; a test there keeps them equal).
pub const CANONICAL: [(&str, &[&str]); 3] = [
    ("status", &["done", "in_progress", "todo", "blocked", "cancelled"]),
    ("priority", &["critical", "high", "medium", "low"]),
    ("health", &["red", "amber", "green"]),
];

/// Top-level names of the output that the site itself writes; `keep:` cannot name them and no project folder may
/// be called like them.
pub const RESERVED_NAMES: [&str; 11] = [
    "api",
    "static",
    "priorities",
    "projects",
    "compare",
    "index.html",
    "404.html",
    ".nojekyll",
    "charts",
    "assets",
    "search.json",
];

/// Index of a weekday name (`mon`, `Tuesday`, case-insensitive; Monday is 0).
pub fn weekday_index(name: &str) -> Option<usize> {
    let lower = name.trim().to_lowercase();
    let full = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
    full.iter().position(|f| lower.len() >= 3 && f.starts_with(&lower))
}

impl SiteConfig {
    /// Checks what the types cannot and returns located diagnostics (`path:line:col` of the key, a `help:`).
    /// Values that would be unsafe to use are reset to their defaults, so a later stage never sees them.
    pub fn validate(&mut self, path: &str, text: &str) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let at = |key: &str| crate::yaml::key_location(text, "", key);
        let located = |d: Diagnostic, key: &str| {
            let (line, col) = at(key);
            d.at_col(col).with_snippet(text, line, col).at_line(line)
        };
        if let Some(today) = &self.today
            && crate::dates::parse_date(today).is_none()
        {
            out.push(located(
                Diagnostic::error(path, 0, format!("`today: {today}` {}", crate::dates::why_not(today))).with_hint(
                    format!(
                        "write it as YYYY-MM-DD between {} and {}, e.g. 2026-06-30",
                        crate::dates::MIN_YEAR,
                        crate::dates::MAX_YEAR
                    ),
                ),
                "today",
            ));
            self.today = None;
        }
        let bad_days: Vec<&String> = self.working_days.iter().filter(|d| weekday_index(d).is_none()).collect();
        if !bad_days.is_empty() || self.working_days.is_empty() {
            let what = bad_days.first().map_or("no weekday".to_string(), |d| format!("`{d}`"));
            out.push(located(
                Diagnostic::error(path, 0, format!("`working-days` has {what}"))
                    .with_hint("list weekday names, e.g. working-days: [mon, tue, wed, thu, fri]"),
                "working-days",
            ));
            self.working_days = SiteConfig::default().working_days;
        }
        if !is_plain_name(&self.theme) {
            out.push(located(
                Diagnostic::error(path, 0, format!("`theme: {}` is not a theme name", self.theme))
                    .with_hint("a theme is a folder name under `themes/` (no `/`, `\\` or `..`); use `theme: default` for the built-in one"),
                "theme",
            ));
            self.theme = "default".into();
        }
        if !self.base_url.is_empty() && !crate::url::is_safe_base(&self.base_url) {
            out.push(located(
                Diagnostic::warning(
                    path,
                    0,
                    format!("`base-url: {}` is not an http(s) address or a path; ignored", self.base_url),
                )
                .with_hint("write it like https://owner.github.io/repo/ or /repo/"),
                "base-url",
            ));
            self.base_url.clear();
        }
        for (kind, map) in [
            ("status", &self.vocabulary.status),
            ("priority", &self.vocabulary.priority),
            ("health", &self.vocabulary.health),
        ] {
            let allowed = CANONICAL.iter().find(|(k, _)| *k == kind).map_or(&[][..], |(_, v)| *v);
            for (value, words) in map {
                if !allowed.contains(&value.as_str()) {
                    let (line, col) = crate::yaml::key_location(text, "vocabulary", value);
                    let near = crate::diagnostics::closest(value, allowed.iter().copied(), 1);
                    out.push(
                        Diagnostic::error(path, line, format!("unknown {kind} `{value}` in `vocabulary.{kind}`"))
                            .at_col(col)
                            .with_snippet(text, line, col)
                            .with_hint(match near.first() {
                                Some(n) => format!("did you mean `{n}`? the {kind} values are: {}", allowed.join(", ")),
                                None => format!("use one of: {}", allowed.join(", ")),
                            }),
                    );
                    continue;
                }
                if words.iter().any(|w| w.trim().is_empty()) {
                    let (line, col) = crate::yaml::key_location(text, "vocabulary", value);
                    out.push(
                        Diagnostic::error(
                            path,
                            line,
                            format!("`vocabulary.{kind}.{value}` has an empty word, which would match everything"),
                        )
                        .at_col(col)
                        .with_snippet(text, line, col)
                        .with_hint("remove the empty entry (\"\" or a blank list item)"),
                    );
                }
            }
        }
        let mut keep = Vec::new();
        for k in std::mem::take(&mut self.keep) {
            let reserved = RESERVED_NAMES.contains(&k.as_str());
            if !is_plain_name(&k) || reserved {
                let why =
                    if reserved { "is a name the site writes itself" } else { "is not a plain file or folder name" };
                out.push(located(
                    Diagnostic::error(path, 0, format!("`keep: {k}` {why}"))
                        .with_hint("list top-level names inside the output folder, e.g. keep: [CNAME, robots.txt]"),
                    "keep",
                ));
            } else {
                keep.push(k);
            }
        }
        self.keep = keep;
        for (kind, words) in &mut self.kpi_kinds {
            if kind.trim().is_empty() || words.iter().any(|w| w.trim().is_empty()) {
                let (line, col) = crate::yaml::key_location(text, "kpi-kinds", kind);
                out.push(
                    Diagnostic::error(path, line, format!("`kpi-kinds.{kind}` has an empty name or word"))
                        .at_col(col)
                        .with_snippet(text, line, col)
                        .with_hint("give each kind a name and at least one word, e.g. Uptime: [SLA]"),
                );
                words.retain(|w| !w.trim().is_empty());
            }
        }
        self.kpi_kinds.retain(|k, w| !k.trim().is_empty() && !w.is_empty());
        for name in self.lints.keys() {
            if !LINTS.iter().any(|(n, _)| n == name) {
                let (line, col) = crate::yaml::key_location(text, "lints", name);
                let names: Vec<&str> = LINTS.iter().map(|(n, _)| *n).collect();
                let close = crate::diagnostics::closest(name, names.iter().copied(), 2);
                let hint = if close.is_empty() {
                    format!("the checks are: {}", names.join(", "))
                } else {
                    format!("did you mean `{}`? the checks are: {}", close[0], names.join(", "))
                };
                out.push(
                    Diagnostic::error(path, line, format!("`lints.{name}` is not a check milepost has"))
                        .at_col(col)
                        .with_snippet(text, line, col)
                        .with_hint(hint),
                );
            }
        }
        if self.render_timeout == 0 {
            out.push(located(
                Diagnostic::error(path, 0, "`render-timeout: 0` would stop every build")
                    .with_hint("give seconds per page, e.g. render-timeout: 30"),
                "render-timeout",
            ));
            self.render_timeout = 30;
        }
        out
    }
}

/// Every check, with what it finds (the README lists the same).
pub const LINTS: [(&str, &str); 7] = [
    ("no-status", "an item whose status nothing in the document states (no box, marker, column or Status line)"),
    ("stale-document", "a document whose \"Last updated\" date is more than 90 days before the report date"),
    ("target-passed", "the project's target date has passed and items are still open"),
    ("readiness-disagrees", "a stated readiness more than 25 points from the share of items done"),
    ("duplicate-id", "two items of a project with the same title (their ids get -2, -3, …)"),
    ("kpi-no-actual", "a KPI with a target and no measured value"),
    ("broken-link", "a link from one document to a Markdown file that is not in the project"),
];

impl SiteConfig {
    /// Whether the roadmap check `name` is on (all are, unless `lints:` turns one off).
    pub fn lint_on(&self, name: &str) -> bool {
        self.lints.get(name).copied().unwrap_or(true)
    }
}

/// A single path component that stays where it is put: not empty, no separators, not `.` or `..`.
pub fn is_plain_name(name: &str) -> bool {
    let bad = name.is_empty()
        || name == "."
        || name == ".."
        || name.contains(['/', '\\', '\0'])
        || name.chars().any(char::is_control)
        || (name.len() >= 2 && name.as_bytes()[1] == b':');
    !bad
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(yaml: &str) -> (SiteConfig, Vec<String>) {
        let mut c: SiteConfig = crate::yaml::from_str("site.yaml", yaml).unwrap();
        let d = c.validate("site.yaml", yaml);
        (c, d.iter().map(|d| d.to_string()).collect())
    }

    #[test]
    fn bad_values_are_located_and_reset() {
        let (c, d) = check("title: T\ntheme: ../../etc\n");
        assert_eq!(c.theme, "default");
        assert!(d[0].starts_with("error: site.yaml:2:1: `theme: ../../etc` is not a theme name"), "{d:?}");
        let (c, d) = check("today: 2026-13-01\nworking-days: [mon, funday]\n");
        assert_eq!(c.today, None);
        assert!(d[0].starts_with("error: site.yaml:1:1: `today: 2026-13-01` is not a date"), "{d:?}");
        assert!(d[1].starts_with("error: site.yaml:2:1: `working-days` has `funday`"), "{d:?}");
        let (c, d) = check("base-url: \"javascript:alert(1)//\"\n");
        assert_eq!(c.base_url, "");
        assert!(d[0].starts_with("warning: site.yaml:1:1:"), "{d:?}");
        let (_, d) = check("vocabulary:\n  status:\n    finished: [shipped]\n");
        assert!(d[0].starts_with("error: site.yaml:3:5: unknown status `finished` in `vocabulary.status`"), "{d:?}");
        let (_, d) = check("vocabulary:\n  status:\n    done: [\"\"]\n");
        assert!(d[0].starts_with("error: site.yaml:3:5: `vocabulary.status.done` has an empty word"), "{d:?}");
        let (c, d) = check("keep: [CNAME, robots.txt, ../x, api]\n");
        assert_eq!(c.keep, ["CNAME", "robots.txt"]);
        assert_eq!(d.len(), 2);
        assert!(check("theme: mine\nworking-days: [Monday, tue]\n").1.is_empty());
    }

    #[test]
    fn kpi_kinds_are_checked() {
        let (c, d) = check("kpi-kinds:\n  Uptime: [SLA, \"\"]\n  Checkout time: [checkout]\n");
        assert_eq!(c.kpi_kinds.get("Uptime").unwrap(), &vec!["SLA".to_string()]);
        assert_eq!(c.kpi_kinds.get("Checkout time").unwrap(), &vec!["checkout".to_string()]);
        assert!(d[0].starts_with("error: site.yaml:2:3: `kpi-kinds.Uptime` has an empty name or word"), "{d:?}");
    }

    #[test]
    fn weekday_names() {
        assert_eq!(weekday_index("mon"), Some(0));
        assert_eq!(weekday_index("Saturday"), Some(5));
        assert_eq!(weekday_index("su"), None);
        assert_eq!(weekday_index("funday"), None);
    }
}
