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
    #[serde(deserialize_with = "crate::yaml::non_negative_opt")]
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

#[cfg(test)]
mod score_tests {
    use super::*;

    #[test]
    fn rice_and_wsjf_by_hand() {
        // 1000 x 2 x 0.8 / 4 = 400
        let r = RiceInput { reach: 1000.0, impact: 2.0, confidence: 80.0, effort: 4.0 };
        assert_eq!(r.score(), Some(400.0));
        // (8 + 5 + 3) / 4 = 4
        let w = WsjfInput { value: 8.0, time_criticality: 5.0, risk_reduction: 3.0, job_size: 4.0 };
        assert_eq!(w.score(), Some(4.0));
        assert_eq!(WsjfInput { job_size: 0.0, ..w }.score(), None);
    }
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
    /// Impact in words (`high`, `medium`, `low`, or a phrase) for the impact x effort matrix.
    pub impact: Option<String>,
    /// RICE inputs: reach (people per period), impact (0.25-3), confidence (0-1 or %), effort (person-months).
    pub rice: Option<RiceInput>,
    /// WSJF inputs: user/business value, time criticality, risk reduction, job size.
    pub wsjf: Option<WsjfInput>,
    /// The theme the item belongs to across projects (`payments`, `authentication`, …), overriding the keywords.
    pub theme: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RiceInput {
    #[serde(deserialize_with = "crate::yaml::non_negative")]
    pub reach: f64,
    #[serde(deserialize_with = "crate::yaml::non_negative")]
    pub impact: f64,
    #[serde(deserialize_with = "crate::yaml::non_negative")]
    pub confidence: f64,
    #[serde(deserialize_with = "crate::yaml::non_negative")]
    pub effort: f64,
}

impl RiceInput {
    /// reach x impact x confidence / effort (confidence given as 80 means 80 %).
    pub fn score(&self) -> Option<f64> {
        let confidence = if self.confidence > 1.0 { self.confidence / 100.0 } else { self.confidence };
        (self.effort > 0.0).then(|| self.reach * self.impact * confidence / self.effort)
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct WsjfInput {
    #[serde(deserialize_with = "crate::yaml::non_negative")]
    pub value: f64,
    #[serde(deserialize_with = "crate::yaml::non_negative")]
    pub time_criticality: f64,
    #[serde(deserialize_with = "crate::yaml::non_negative")]
    pub risk_reduction: f64,
    #[serde(deserialize_with = "crate::yaml::non_negative")]
    pub job_size: f64,
}

impl WsjfInput {
    /// (value + time criticality + risk reduction) / job size.
    pub fn score(&self) -> Option<f64> {
        (self.job_size > 0.0).then(|| (self.value + self.time_criticality + self.risk_reduction) / self.job_size)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct Snapshot {
    pub date: String,
    pub done: u32,
    pub total: u32,
    #[serde(deserialize_with = "crate::yaml::non_negative_opt")]
    pub effort_done: Option<f64>,
    #[serde(deserialize_with = "crate::yaml::non_negative_opt")]
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

pub use crate::yaml::key_location;
