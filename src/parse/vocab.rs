//! Vocabularies: the words and emoji that mean a status, a priority or a health, matched case-insensitively on word
//! boundaries. Words beat emoji: in `⚠️ Missing endpoints` the word `missing` decides. The site config adds words.

use std::fmt;

use serde::Serialize;

use crate::config::VocabularyConfig;
use crate::diagnostics::Diagnostic;

macro_rules! vocabulary_enum {
    ($name:ident { $($variant:ident => $text:literal),* $(,)? }) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),* }
            }

            pub fn parse(s: &str) -> Option<Self> {
                match s { $($text => Some($name::$variant),)* _ => None }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary_enum!(Status {
    Done => "done",
    InProgress => "in_progress",
    Todo => "todo",
    Blocked => "blocked",
    Cancelled => "cancelled",
});

vocabulary_enum!(Priority {
    Critical => "critical",
    High => "high",
    Medium => "medium",
    Low => "low",
});

vocabulary_enum!(Health {
    Red => "red",
    Amber => "amber",
    Green => "green",
});

/// Built-in status words. A status field that holds none of them is a description: the item stays `todo`.
pub const STATUS_WORDS: &[(&str, Status)] = &[
    ("done", Status::Done),
    ("complete", Status::Done),
    ("completed", Status::Done),
    ("shipped", Status::Done),
    ("finished", Status::Done),
    ("resolved", Status::Done),
    ("released", Status::Done),
    ("launched", Status::Done),
    ("implemented", Status::Done),
    ("delivered", Status::Done),
    ("deployed", Status::Done),
    ("[x]", Status::Done),
    ("✅", Status::Done),
    ("✔️", Status::Done),
    ("✔", Status::Done),
    ("☑️", Status::Done),
    ("in progress", Status::InProgress),
    ("in-progress", Status::InProgress),
    ("wip", Status::InProgress),
    ("in review", Status::InProgress),
    ("ongoing", Status::InProgress),
    ("underway", Status::InProgress),
    ("started", Status::InProgress),
    ("partial", Status::InProgress),
    ("partially", Status::InProgress),
    ("incomplete", Status::InProgress),
    ("doing", Status::InProgress),
    ("now", Status::InProgress),
    ("🚧", Status::InProgress),
    ("🔄", Status::InProgress),
    ("⚠️", Status::InProgress),
    ("todo", Status::Todo),
    ("to do", Status::Todo),
    ("to-do", Status::Todo),
    ("not started", Status::Todo),
    ("missing", Status::Todo),
    ("planned", Status::Todo),
    ("pending", Status::Todo),
    ("open", Status::Todo),
    ("backlog", Status::Todo),
    ("next", Status::Todo),
    ("later", Status::Todo),
    ("[ ]", Status::Todo),
    ("❌", Status::Todo),
    ("⏳", Status::Todo),
    ("deferred", Status::Todo),
    ("postponed", Status::Todo),
    ("future", Status::Todo),
    ("proposed", Status::Todo),
    ("idea", Status::Todo),
    ("not yet started", Status::Todo),
    ("tracking", Status::InProgress),
    ("closed", Status::Done),
    ("fixed", Status::Done),
    ("merged", Status::Done),
    ("pr open", Status::InProgress),
    ("in pr", Status::InProgress),
    ("under review", Status::InProgress),
    ("mostly complete", Status::InProgress),
    ("mostly done", Status::InProgress),
    ("partly complete", Status::InProgress),
    ("partially complete", Status::InProgress),
    ("almost complete", Status::InProgress),
    ("almost done", Status::InProgress),
    ("nearly complete", Status::InProgress),
    ("nearly done", Status::InProgress),
    ("must complete", Status::Todo),
    ("not implemented", Status::Todo),
    ("not yet implemented", Status::Todo),
    ("not done", Status::Todo),
    ("not complete", Status::Todo),
    ("not completed", Status::Todo),
    ("not finished", Status::Todo),
    ("not shipped", Status::Todo),
    ("not deployed", Status::Todo),
    ("not released", Status::Todo),
    ("not fixed", Status::Todo),
    ("not yet", Status::Todo),
    ("need to complete", Status::Todo),
    ("needs to be completed", Status::Todo),
    ("to be completed", Status::Todo),
    ("won't fix", Status::Cancelled),
    ("rejected", Status::Cancelled),
    ("in development", Status::InProgress),
    ("in testing", Status::InProgress),
    ("⬜", Status::Todo),
    ("🔲", Status::Todo),
    ("blocked", Status::Blocked),
    ("waiting on", Status::Blocked),
    ("waiting for", Status::Blocked),
    ("on hold", Status::Blocked),
    ("stuck", Status::Blocked),
    ("⛔", Status::Blocked),
    ("🛑", Status::Blocked),
    ("cancelled", Status::Cancelled),
    ("canceled", Status::Cancelled),
    ("dropped", Status::Cancelled),
    ("won't do", Status::Cancelled),
    ("wontfix", Status::Cancelled),
    ("abandoned", Status::Cancelled),
    ("descoped", Status::Cancelled),
];

pub const PRIORITY_WORDS: &[(&str, Priority)] = &[
    ("critical", Priority::Critical),
    ("highest priority", Priority::Critical),
    ("highest", Priority::Critical),
    ("urgent", Priority::Critical),
    ("p0", Priority::Critical),
    ("must have", Priority::Critical),
    ("high", Priority::High),
    ("high priority", Priority::High),
    ("important", Priority::High),
    ("p1", Priority::High),
    ("medium", Priority::Medium),
    ("medium priority", Priority::Medium),
    ("moderate", Priority::Medium),
    ("normal", Priority::Medium),
    ("p2", Priority::Medium),
    ("low", Priority::Low),
    ("low priority", Priority::Low),
    ("minor", Priority::Low),
    ("nice to have", Priority::Low),
    ("p3", Priority::Low),
];

/// Words that name a priority in a heading or a status line (a bare `high` there would be too loose).
pub const PRIORITY_PHRASES: &[(&str, Priority)] = &[
    ("critical", Priority::Critical),
    ("must have", Priority::Critical),
    ("must-have", Priority::Critical),
    ("should have", Priority::High),
    ("should-have", Priority::High),
    ("could have", Priority::Low),
    ("could-have", Priority::Low),
    ("nice to have", Priority::Low),
    ("nice-to-have", Priority::Low),
    ("highest priority", Priority::Critical),
    ("urgent", Priority::Critical),
    ("p0", Priority::Critical),
    ("high priority", Priority::High),
    ("p1", Priority::High),
    ("medium priority", Priority::Medium),
    ("p2", Priority::Medium),
    ("low priority", Priority::Low),
    ("p3", Priority::Low),
];

pub const HEALTH_WORDS: &[(&str, Health)] = &[
    ("🔴", Health::Red),
    ("blocking", Health::Red),
    ("off track", Health::Red),
    ("🟡", Health::Amber),
    ("🟠", Health::Amber),
    ("at risk", Health::Amber),
    ("🟢", Health::Green),
    ("on track", Health::Green),
];

/// Status words that count only as a whole label or lane (`## Now`, `**Next**:`), never inside running text
/// ("semicolons now optional", "the next release", "open questions").
pub const LANE_WORDS: &[&str] = &["now", "next", "later", "open"];

/// A compiled vocabulary for one kind of value.
#[derive(Debug, Clone)]
pub struct Words<T> {
    /// (lower-case phrase, value, is made of word characters), user words first.
    entries: Vec<(String, T, bool)>,
    /// Every phrase at once (pattern `i` is `entries[i]`): one pass over a text instead of one per phrase.
    matcher: Option<aho_corasick::AhoCorasick>,
}

impl<T: Copy> Words<T> {
    fn new(user: Vec<(String, T)>, builtin: &[(&str, T)]) -> Self {
        let entries = user
            .into_iter()
            .chain(builtin.iter().map(|(w, v)| (w.to_string(), *v)))
            .map(|(w, v)| {
                let w = w.to_lowercase();
                let wordy = w.chars().any(|c| c.is_alphanumeric());
                (w, v, wordy)
            })
            .collect::<Vec<(String, T, bool)>>();
        let matcher = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::Standard)
            .build(entries.iter().map(|(w, _, _)| w.as_str()))
            .ok();
        Words { entries, matcher }
    }

    /// The value named in `text`: the earliest (then longest) word match, else the earliest emoji match.
    pub fn find(&self, text: &str) -> Option<T> {
        self.find_skipping(text, &[])
    }

    /// Like [`Words::find`], for running text: the lane words (`now`, `next`, …) do not count there.
    pub fn find_prose(&self, text: &str) -> Option<T> {
        self.find_skipping(text, LANE_WORDS)
    }

    fn find_skipping(&self, text: &str, skip: &[&str]) -> Option<T> {
        let lower = text.to_lowercase();
        // (position, phrase length, entry index) of the best word match, and (position, index) of the best emoji
        let mut best_word: Option<(usize, usize, usize)> = None;
        let mut best_emoji: Option<(usize, usize)> = None;
        let mut consider = |i: usize, pos: usize| {
            let (phrase, _, wordy) = &self.entries[i];
            if *wordy {
                if !skip.contains(&phrase.as_str())
                    && stands_alone(&lower, pos, pos + phrase.len())
                    && best_word.is_none_or(|(p, len, k)| {
                        (pos, std::cmp::Reverse(phrase.len()), i) < (p, std::cmp::Reverse(len), k)
                    })
                {
                    best_word = Some((pos, phrase.len(), i));
                }
            } else if best_emoji.is_none_or(|(p, k)| (pos, i) < (p, k)) {
                best_emoji = Some((pos, i));
            }
        };
        match &self.matcher {
            Some(m) => {
                for found in m.find_overlapping_iter(&lower) {
                    consider(found.pattern().as_usize(), found.start());
                }
            }
            None => {
                for (i, (phrase, _, _)) in self.entries.iter().enumerate() {
                    let mut from = 0;
                    while let Some(rel) = lower[from..].find(phrase.as_str()) {
                        consider(i, from + rel);
                        from += rel + lower[from + rel..].chars().next().map_or(1, char::len_utf8);
                    }
                }
            }
        }
        best_word.map(|(_, _, i)| self.entries[i].1).or(best_emoji.map(|(_, i)| self.entries[i].1))
    }

    /// Whether the whole `text` (ignoring emoji, markup and punctuation) is one of the phrases.
    pub fn exact(&self, text: &str) -> Option<T> {
        let cleaned = text
            .chars()
            .filter(|c| c.is_alphanumeric() || c.is_whitespace() || *c == '\'' || *c == '-')
            .collect::<String>()
            .to_lowercase();
        let cleaned = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
        self.entries.iter().find(|(p, _, wordy)| *wordy && *p == cleaned).map(|(_, v, _)| *v)
    }
}

/// Whether `text[start..end]` has no letter, digit, `-` or `_` touching either end (`non-blocking` is not
/// `blocking`).
fn stands_alone(text: &str, start: usize, end: usize) -> bool {
    let joins = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    text[..start].chars().next_back().is_none_or(|c| !joins(c)) && text[end..].chars().next().is_none_or(|c| !joins(c))
}

/// All vocabularies, built-in plus the site's words.
#[derive(Debug, Clone)]
pub struct Vocabulary {
    pub status: Words<Status>,
    pub priority: Words<Priority>,
    pub priority_phrases: Words<Priority>,
    pub health: Words<Health>,
}

impl Default for Vocabulary {
    fn default() -> Self {
        Vocabulary::from_config(&VocabularyConfig::default()).0
    }
}

impl Vocabulary {
    /// Builds the vocabularies; a key in the config that names no canonical value is reported.
    pub fn from_config(config: &VocabularyConfig) -> (Self, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        let status = user_words(&config.status, Status::parse, Status::ALL, "status", &mut problems);
        let priority = user_words(&config.priority, Priority::parse, Priority::ALL, "priority", &mut problems);
        let health = user_words(&config.health, Health::parse, Health::ALL, "health", &mut problems);
        let vocabulary = Vocabulary {
            status: Words::new(status, STATUS_WORDS),
            priority: Words::new(priority.clone(), PRIORITY_WORDS),
            priority_phrases: Words::new(priority, PRIORITY_PHRASES),
            health: Words::new(health, HEALTH_WORDS),
        };
        (vocabulary, problems)
    }
}

fn user_words<T: Copy + fmt::Display>(
    map: &std::collections::BTreeMap<String, Vec<String>>,
    parse: fn(&str) -> Option<T>,
    all: &[T],
    kind: &str,
    problems: &mut Vec<Diagnostic>,
) -> Vec<(String, T)> {
    let mut out = Vec::new();
    for (key, words) in map {
        match parse(key) {
            Some(v) => out.extend(words.iter().map(|w| (w.clone(), v))),
            None => {
                let allowed: Vec<String> = all.iter().map(|v| v.to_string()).collect();
                problems.push(
                    Diagnostic::error("site.yaml", 0, format!("unknown {kind} `{key}` in `vocabulary.{kind}`"))
                        .with_hint(format!("use one of: {}", allowed.join(", "))),
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one-phrase-at-a-time search the automaton replaced: each phrase's first stand-alone occurrence, the
    /// earliest (then longest, then first listed) word, else the earliest emoji.
    fn reference<T: Copy>(w: &Words<T>, text: &str, skip: &[&str]) -> Option<T> {
        let lower = text.to_lowercase();
        let mut best_word: Option<(usize, usize, T)> = None;
        let mut best_emoji: Option<(usize, T)> = None;
        for (phrase, value, wordy) in &w.entries {
            if *wordy {
                if skip.contains(&phrase.as_str()) {
                    continue;
                }
                let mut from = 0;
                while let Some(rel) = lower[from..].find(phrase.as_str()) {
                    let pos = from + rel;
                    if stands_alone(&lower, pos, pos + phrase.len()) {
                        if best_word.is_none_or(|(p, len, _)| pos < p || (pos == p && phrase.len() > len)) {
                            best_word = Some((pos, phrase.len(), *value));
                        }
                        break;
                    }
                    from = pos + lower[pos..].chars().next().map_or(1, char::len_utf8);
                }
            } else if let Some(pos) = lower.find(phrase.as_str())
                && best_emoji.is_none_or(|(p, _)| pos < p)
            {
                best_emoji = Some((pos, *value));
            }
        }
        best_word.map(|(_, _, v)| v).or(best_emoji.map(|(_, v)| v))
    }

    proptest::proptest! {
        #[test]
        fn one_pass_finds_what_phrase_by_phrase_found(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "done", "in progress", "blocked", "not started", "wip", "now", "next", "todo", "to do",
                    "non-blocking", "✅", "🚧", "❌", "🟢", "high", "p0", "critical", "-", "_", " ", ", ", "(", ")",
                    "Done", "BLOCKED", "undone", "doneness", "É", "ü",
                ]),
                0..12,
            ),
        ) {
            let text: String = parts.concat();
            let v = Vocabulary::default();
            proptest::prop_assert_eq!(v.status.find(&text), reference(&v.status, &text, &[]));
            proptest::prop_assert_eq!(v.status.find_prose(&text), reference(&v.status, &text, LANE_WORDS));
            proptest::prop_assert_eq!(v.priority.find(&text), reference(&v.priority, &text, &[]));
            proptest::prop_assert_eq!(v.health.find(&text), reference(&v.health, &text, &[]));
        }
    }

    #[test]
    fn words_beat_emoji_and_earliest_wins() {
        let v = Vocabulary::default();
        assert_eq!(v.status.find("⚠️ Missing Endpoints"), Some(Status::Todo));
        assert_eq!(v.status.find("⚠️ Mock Data"), Some(Status::InProgress));
        assert_eq!(v.status.find("✅ Complete"), Some(Status::Done));
        assert_eq!(v.status.find("not started yet"), Some(Status::Todo));
        assert_eq!(v.status.find("Unstable wallet connections"), None);
    }

    #[test]
    fn config_knows_the_canonical_values() {
        let names = |all: Vec<&'static str>| all;
        let canonical = crate::config::CANONICAL;
        assert_eq!(canonical[0].1, names(Status::ALL.iter().map(|s| s.as_str()).collect()).as_slice());
        assert_eq!(canonical[1].1, names(Priority::ALL.iter().map(|s| s.as_str()).collect()).as_slice());
        assert_eq!(canonical[2].1, names(Health::ALL.iter().map(|s| s.as_str()).collect()).as_slice());
    }

    #[test]
    fn word_boundaries_hold() {
        let v = Vocabulary::default();
        // "done" must not match inside "abandoned"? it does not: the longer word is its own entry
        assert_eq!(v.status.find("abandoned"), Some(Status::Cancelled));
        assert_eq!(v.status.find("reopened"), None);
        assert_eq!(v.priority.find("highlight"), None);
    }

    #[test]
    fn priority_phrases_and_health() {
        let v = Vocabulary::default();
        assert_eq!(v.priority_phrases.find("🟡 HIGH PRIORITY"), Some(Priority::High));
        assert_eq!(v.priority_phrases.find("Backend Integration - HIGHEST PRIORITY"), Some(Priority::Critical));
        assert_eq!(v.priority_phrases.find("High effort"), None);
        assert_eq!(v.health.find("🟢 BASIC IMPLEMENTED, 🟡 ENHANCEMENT NEEDED"), Some(Health::Green));
        assert_eq!(v.health.find("🔴 BLOCKING LAUNCH"), Some(Health::Red));
    }

    #[test]
    fn user_words_extend_and_bad_keys_are_reported() {
        let mut config = VocabularyConfig::default();
        config.status.insert("done".into(), vec!["merged".into()]);
        config.status.insert("finito".into(), vec!["x".into()]);
        let (v, problems) = Vocabulary::from_config(&config);
        assert_eq!(v.status.find("Merged last week"), Some(Status::Done));
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.contains("unknown status `finito`"));
    }
}
