//! The one place that decides an item's status from what its line says, in a fixed precedence, and records which
//! rule and which words decided (for `milepost inspect --explain`). The README's "Status precedence" lists the
//! same order.
//!
//! For a list item (checkbox or bullet):
//! 1. a ticked box `[x]` -> done;
//! 2. the leading marker: `✅ 🚧 🔄 ⏳ ⛔ ❌ ⬜ …` at the start decides over words deeper in the prose;
//! 3. struck through (`~~…~~`) -> cancelled (real roadmaps strike finished work too, but then tick or ✅ it);
//! 4. a status written into the title's tail: `— in progress`, `(blocked on legal review)`, `(already done ✅)`,
//!    a trailing ✅ -> that status (it beats an empty box); then, for the ambiguous ⚠️, the label's own words
//!    (`⚠️ Missing endpoints` is todo), else in progress;
//! 5. the label or heading the list sits under (`✅ **Completed**:`, `## Now`, `## Phase 2 ✅ COMPLETE`);
//! 6. an empty box `[ ]` -> todo. A plain bullet with none of these is not an item.

use super::vocab::{Status, Vocabulary};

/// A status and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub status: Status,
    /// The rule, in words, e.g. `leading marker`.
    pub rule: &'static str,
    /// The words or marker that decided, as written.
    pub evidence: String,
}

impl Decision {
    pub fn new(status: Status, rule: &'static str, evidence: impl Into<String>) -> Self {
        Decision { status, rule, evidence: evidence.into() }
    }

    /// `done (leading marker: ✅)`.
    pub fn explain(&self) -> String {
        if self.evidence.is_empty() {
            format!("{} ({})", self.status, self.rule)
        } else {
            format!("{} ({}: {})", self.status, self.rule, self.evidence)
        }
    }
}

/// What a leading emoji means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    Status(Status),
    /// ⚠️: a warning sign; the label's words decide.
    Ambiguous,
    /// 🔴 🟡 🟠 🟢: a health light, not a status.
    Light,
}

/// Leading emoji and their meaning as real roadmaps use them (⏳ is "pending", not "blocked").
pub const MARKERS: &[(&str, Marker)] = &[
    ("✅", Marker::Status(Status::Done)),
    ("☑️", Marker::Status(Status::Done)),
    ("✔️", Marker::Status(Status::Done)),
    ("✔", Marker::Status(Status::Done)),
    ("✓", Marker::Status(Status::Done)),
    ("◐", Marker::Status(Status::InProgress)),
    ("🟦", Marker::Status(Status::InProgress)),
    ("☐", Marker::Status(Status::Todo)),
    ("💡", Marker::Status(Status::Todo)),
    ("⏭", Marker::Status(Status::Todo)),
    ("⏸", Marker::Status(Status::Blocked)),
    ("✗", Marker::Status(Status::Cancelled)),
    ("🚧", Marker::Status(Status::InProgress)),
    ("🔄", Marker::Status(Status::InProgress)),
    ("🏗️", Marker::Status(Status::InProgress)),
    ("⏳", Marker::Status(Status::Todo)),
    ("📋", Marker::Status(Status::Todo)),
    ("🔜", Marker::Status(Status::Todo)),
    ("⬜", Marker::Status(Status::Todo)),
    ("🔲", Marker::Status(Status::Todo)),
    ("❌", Marker::Status(Status::Todo)),
    ("⛔", Marker::Status(Status::Blocked)),
    ("🛑", Marker::Status(Status::Blocked)),
    ("🚫", Marker::Status(Status::Blocked)),
    ("⚠️", Marker::Ambiguous),
    ("⚠", Marker::Ambiguous),
    ("🔴", Marker::Light),
    ("🟡", Marker::Light),
    ("🟠", Marker::Light),
    ("🟢", Marker::Light),
];

/// The emoji at the start of `raw` (after spaces and `**`), or right after a short bold label
/// (`**v2.1** ✅ — notes`), with its meaning.
pub fn leading_marker(raw: &str) -> Option<(&'static str, Marker)> {
    let t = raw.trim_start().trim_start_matches('*').trim_start();
    if let Some(m) = MARKERS.iter().copied().find(|(e, _)| t.starts_with(e)) {
        return Some(m);
    }
    let after_label = raw.trim_start().strip_prefix("**").and_then(|r| {
        let end = r.find("**")?;
        (r[..end].split_whitespace().count() <= 4).then(|| r[end + 2..].trim_start_matches([':', ' ']))
    })?;
    MARKERS.iter().copied().find(|(e, m)| after_label.starts_with(e) && !matches!(m, Marker::Light))
}

/// A status emoji closing the line (`- **CRM**: contacts and deals ✅`).
pub fn trailing_marker(raw: &str) -> Option<(Status, &'static str)> {
    let t = raw.trim().trim_end_matches(['*', '.', ' ', '\u{FE0F}']);
    MARKERS.iter().find_map(|(e, m)| match m {
        Marker::Status(s) if t.ends_with(e) && t.len() > e.len() => Some((*s, *e)),
        _ => None,
    })
}

/// `raw` without its leading marker.
pub fn without_marker(raw: &str) -> &str {
    let t = raw.trim_start();
    let bold = t.starts_with("**");
    let inner = t.trim_start_matches('*').trim_start();
    match leading_marker(t) {
        Some((e, _)) if !bold => inner[e.len()..].trim_start_matches('\u{FE0F}').trim_start(),
        _ => t,
    }
}

pub use super::vocab::LANE_WORDS;

/// The status written into the tail of a title: after a dash (`— in progress`), inside trailing parentheses
/// (`(blocked on legal review)`, `(already done ✅)`), or a trailing status emoji; with the words that said it.
pub fn title_status(text: &str, vocab: &Vocabulary) -> Option<(Status, String)> {
    let t = text.trim().trim_end_matches(['*', '.', ' ']);
    // a trailing emoji (not one after an arrow: `Checklist signed ← R2 ✓` is a note about something else)
    let arrow_note = t.rfind(['←', '→']).is_some_and(|i| t[i..].split_whitespace().count() <= 4);
    for (e, m) in MARKERS.iter().filter(|_| !arrow_note) {
        if let Marker::Status(s) = m
            && t.ends_with(e)
            && t.len() > e.len()
        {
            return Some((*s, (*e).to_string()));
        }
    }
    let mut tails: Vec<&str> = Vec::new();
    if t.ends_with(')')
        && let Some(open) = t.rfind('(')
    {
        tails.push(&t[open + 1..t.len() - 1]);
    }
    for sep in [" — ", " – ", " - ", " -- "] {
        if let Some(pos) = t.rfind(sep) {
            let tail = &t[pos + sep.len()..];
            if tail.split_whitespace().count() <= 6 {
                tails.push(tail);
            }
        }
    }
    for tail in tails {
        if let Some(s) = prose_status(tail, vocab) {
            return Some((s, tail.trim().to_string()));
        }
    }
    None
}

/// A status named by words in running text: lane words do not count there.
pub fn prose_status(text: &str, vocab: &Vocabulary) -> Option<Status> {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    if words.len() == 1 && LANE_WORDS.contains(&words[0]) {
        return None;
    }
    vocab.status.find_prose(text)
}

/// Decides a list item's status (see the module docs); `None` for a plain bullet that is not an item.
pub fn list_item(
    raw: &str,
    checked: Option<bool>,
    struck: bool,
    label: Option<&Decision>,
    vocab: &Vocabulary,
) -> Option<Decision> {
    if checked == Some(true) {
        return Some(Decision::new(Status::Done, "ticked box", "[x]"));
    }
    let body = without_marker(raw);
    let title = super::extract::split_title(body).0;
    let marker = leading_marker(raw);
    if let Some((e, Marker::Status(s))) = marker {
        // `✅ Reads prefs from cache - BLOCKED on API key`: a ✅ used as a bullet style; the words that say it is
        // not finished win
        if s == Status::Done
            && let Some((t, words)) = title_status(body, vocab)
            && t != Status::Done
        {
            return Some(Decision::new(t, "status in the title contradicts the ✅", words));
        }
        return Some(Decision::new(s, "leading marker", e));
    }
    // struck through with nothing else saying done: dropped (a ticked or ✅ struck line is done, above)
    if struck {
        return Some(Decision::new(Status::Cancelled, "struck through", "~~"));
    }
    if let Some((s, words)) = title_status(body, vocab).or_else(|| title_status(&title, vocab)) {
        return Some(Decision::new(s, "status in the title", words));
    }
    match marker {
        Some((e, Marker::Ambiguous)) => {
            let head: String = title.split_whitespace().take(3).collect::<Vec<_>>().join(" ");
            return Some(match vocab.status.find_prose(&head) {
                Some(s) => Decision::new(s, "the label's words after ⚠️", head),
                None => Decision::new(Status::InProgress, "leading marker", e),
            });
        }
        Some((e, Marker::Light)) => {
            return Some(match label {
                Some(l) => Decision::new(l.status, l.rule, l.evidence.clone()),
                None if checked == Some(false) => Decision::new(Status::Todo, "empty box", "[ ]"),
                None => Decision::new(Status::Todo, "traffic light (health only; no status)", e),
            });
        }
        _ => {}
    }
    if let Some(l) = label {
        return Some(l.clone());
    }
    (checked == Some(false)).then(|| Decision::new(Status::Todo, "empty box", "[ ]"))
}

/// Labels whose lists describe their parent (criteria, deliverables, goals), never work items of their own.
pub const CRITERIA_LABELS: &[&str] = &[
    "deliverables",
    "deliverable",
    "acceptance criteria",
    "acceptance",
    "success criteria",
    "definition of done",
    "dod",
    "release criteria",
    "exit criteria",
    "entry criteria",
    "completion criteria",
    "done when",
    "goals",
    "goal",
    "objectives",
    "objective",
    "outcomes",
    "expected outcomes",
    "outcome",
    "key results",
    "benefits",
    "impact",
    "why",
    "rationale",
    "notes",
    "risks",
    "dependencies",
];

/// Headings and labels whose lists are KPIs (a bullet with a numeric target), not work.
pub const KPI_LABELS: &[&str] = &[
    "kpi",
    "kpis",
    "metrics",
    "metric",
    "success metrics",
    "key metrics",
    "indicators",
    "targets",
    "performance targets",
    "performance goals",
    "slo",
    "slos",
    "sla",
];

/// The label's words, lower-case, without emoji, markup, numbering and a trailing colon.
fn label_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for w in text.split(|c: char| !(c.is_alphanumeric() || c == '\'')) {
        if w.is_empty() || w.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(w.chars().flat_map(char::to_lowercase));
    }
    out
}

/// Whether `text` (a heading or a `**Label**:` line) starts with one of `labels` and is short.
pub fn is_label(text: &str, labels: &[&str]) -> bool {
    let words = label_words(text);
    if words.split(' ').count() > 5 {
        return false;
    }
    labels.iter().any(|l| {
        words == *l
            || words.strip_prefix(l).is_some_and(|rest| rest.starts_with(' '))
            || words.strip_suffix(l).is_some_and(|rest| rest.ends_with(' '))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v() -> Vocabulary {
        Vocabulary::default()
    }

    fn status(raw: &str, checked: Option<bool>) -> Option<Status> {
        list_item(raw, checked, false, None, &v()).map(|d| d.status)
    }

    #[test]
    fn precedence() {
        // the title's tail beats an empty box
        assert_eq!(status("Signed artifacts — in progress", Some(false)), Some(Status::InProgress));
        assert_eq!(status("Telemetry prompt (blocked on legal review)", Some(false)), Some(Status::Blocked));
        assert_eq!(status("Parse cache (already done ✅)", Some(false)), Some(Status::Done));
        assert_eq!(status("Retry queue (2 days)", Some(false)), Some(Status::Todo));
        // the leading marker beats words deeper in the prose
        assert_eq!(status("🚧 **Dark mode** — design done, build in progress", None), Some(Status::InProgress));
        assert_eq!(status("✅ Semicolons now optional", None), Some(Status::Done));
        assert_eq!(status("⏳ Offline mode", None), Some(Status::Todo));
        // in a label the word decides
        assert_eq!(status("⚠️ Missing endpoints", None), Some(Status::Todo));
        assert_eq!(status("⚠️ Mock data in the dashboard", None), Some(Status::InProgress));
        // a plain bullet is no item; a ticked box is done whatever it says
        assert_eq!(status("Write the docs", None), None);
        assert_eq!(status("Ship it — in progress", Some(true)), Some(Status::Done));
        // struck through: dropped, unless it is also ticked or marked done
        assert_eq!(list_item("~~Old plan~~", Some(false), true, None, &v()).map(|d| d.status), Some(Status::Cancelled));
        assert_eq!(list_item("~~Old plan~~", Some(true), true, None, &v()).map(|d| d.status), Some(Status::Done));
        assert_eq!(list_item("✅ ~~Old plan~~", None, true, None, &v()).map(|d| d.status), Some(Status::Done));
    }

    #[test]
    fn labels() {
        assert!(is_label("**Deliverables**:", CRITERIA_LABELS));
        assert!(is_label("Acceptance Criteria", CRITERIA_LABELS));
        assert!(is_label("🎯 Success Metrics", KPI_LABELS));
        assert!(is_label("3.2 Performance Targets", KPI_LABELS));
        assert!(!is_label("Deliver the new billing pipeline to every customer", CRITERIA_LABELS));
        assert!(!is_label("Payments", CRITERIA_LABELS));
    }
}
