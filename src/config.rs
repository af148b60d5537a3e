//! Site configuration: the optional `site.yaml` at the site root, with a documented default for every key.

use std::collections::BTreeMap;

use serde::Deserialize;

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
