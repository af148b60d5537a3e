//! `content/<project>/status.yaml`: the typed schema (unknown keys are errors) and where each key stands, so
//! the model can point at the line of an override that names no item.

use std::collections::BTreeMap;

use serde::Deserialize;

/// The whole file. Every key is optional.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct StatusFile {
    /// Display name; default: the first document's title.
    pub name: Option<String>,
    /// One line shown under the name.
    pub summary: Option<String>,
    /// Project start, `YYYY-MM-DD`: turns `Week 1-2` into dates.
    pub start: Option<String>,
    /// Target date, `YYYY-MM-DD`.
    pub target: Option<String>,
    /// Readiness 0..1 (or 0..100 %), overriding what the documents say.
    pub readiness: Option<f64>,
    /// Who to ask.
    pub owner: Option<String>,
    /// Per-item overrides keyed by item id (see `milepost inspect`).
    pub items: BTreeMap<String, ItemOverride>,
    /// Dated snapshots of progress, oldest first.
    pub history: Vec<Snapshot>,
    /// KPI actuals keyed by KPI id (see `milepost inspect`).
    pub kpis: BTreeMap<String, KpiActual>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct ItemOverride {
    pub status: Option<String>,
    pub priority: Option<String>,
    pub health: Option<String>,
    pub owner: Option<String>,
    /// Due date `YYYY-MM-DD`; shown as the item's timeline.
    pub due: Option<String>,
    /// Effort like `3d`, `2-3 days`, `2 weeks`.
    pub effort: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct Snapshot {
    pub date: String,
    pub done: u32,
    pub total: u32,
    pub effort_done: Option<f64>,
    pub effort_total: Option<f64>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct KpiActual {
    /// The measured value as text, e.g. `2.4 s`.
    pub current: Option<String>,
    /// When it was measured.
    pub date: Option<String>,
    /// Overrides the target found in the document.
    pub target: Option<String>,
}

/// Line and column (1-based) of `key:` at `indent` spaces under a top-level `section:` (or at top level when
/// `section` is empty); `(0, 0)` when not found.
pub fn key_location(text: &str, section: &str, key: &str) -> (usize, usize) {
    let mut inside = section.is_empty();
    for (i, line) in text.lines().enumerate() {
        let indent = line.len() - line.trim_start().len();
        let t = line.trim_start();
        if !section.is_empty() && indent == 0 && !t.is_empty() && !t.starts_with('#') {
            inside = t.starts_with(&format!("{section}:"));
            continue;
        }
        if inside {
            let unquoted = t.trim_start_matches(['"', '\'']);
            if unquoted.starts_with(key)
                && unquoted[key.len()..]
                    .trim_start_matches(['"', '\''])
                    .starts_with(':')
            {
                return (i + 1, indent + 1);
            }
        }
    }
    (0, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_keys_in_sections() {
        let text = "name: X\nitems:\n  auth:\n    status: done\n  \"db\":\n    owner: A\nkpis:\n  auth:\n    current: 1\n";
        assert_eq!(key_location(text, "items", "auth"), (3, 3));
        assert_eq!(key_location(text, "items", "db"), (5, 3));
        assert_eq!(key_location(text, "kpis", "auth"), (8, 3));
        assert_eq!(key_location(text, "", "name"), (1, 1));
        assert_eq!(key_location(text, "items", "nope"), (0, 0));
    }
}
