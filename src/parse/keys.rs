//! The one table of field keys: the names a `**Key**: value` line may use and the words a table column header
//! may contain, per field. Field lines, table columns and `inspect --explain` all read it; adding a field or a
//! synonym is one line here.

/// A field of an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Status,
    Priority,
    Impact,
    Effort,
    Timeline,
    Owner,
    Health,
    Current,
    Target,
    Score,
}

/// `(field, names in field lines, words in column headers)`.
pub const FIELD_KEYS: &[(Key, &[&str], &[&str])] = &[
    (Key::Status, &["status", "state"], &["status", "state", "progress"]),
    (Key::Priority, &["priority", "prio"], &["priority", "prio"]),
    (Key::Impact, &["impact"], &["impact"]),
    (
        Key::Effort,
        &["effort", "estimate", "estimated effort", "estimated time", "fix required", "size"],
        &["effort", "estimate", "size"],
    ),
    (
        Key::Timeline,
        &["timeline", "due", "due date", "deadline", "eta", "target date", "when"],
        &["timeline", "due", "deadline", "eta", "when", "date"],
    ),
    (Key::Owner, &["owner", "owners", "assignee", "lead"], &["owner", "assignee", "lead"]),
    (Key::Health, &["health"], &["health"]),
    (Key::Current, &["current"], &["current", "actual"]),
    (Key::Target, &["target"], &["target", "goal"]),
    (Key::Score, &[], &["score", "rating"]),
];

/// The field a `Key:` of a field line names.
pub fn field_of(key: &str) -> Option<Key> {
    let key = key.trim().to_lowercase();
    FIELD_KEYS.iter().find(|(_, names, _)| names.contains(&key.as_str())).map(|(k, _, _)| *k)
}

/// The column (index into lower-case `header`) that holds `key`.
pub fn column(header: &[String], key: Key) -> Option<usize> {
    let words = FIELD_KEYS.iter().find(|(k, _, _)| *k == key).map_or(&[][..], |(_, _, w)| *w);
    header.iter().position(|h| words.iter().any(|w| h == w || h.contains(w)))
}

/// Every name a field line may use, for the pattern that reads `Key: value` without bold.
pub fn line_names() -> impl Iterator<Item = &'static str> {
    FIELD_KEYS.iter().flat_map(|(_, names, _)| names.iter().copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_share_the_table() {
        assert_eq!(field_of("Fix Required"), Some(Key::Effort));
        assert_eq!(field_of("ETA"), Some(Key::Timeline));
        assert_eq!(field_of("Solution"), None);
        let header: Vec<String> = ["task category", "priority", "est. effort", "due date"].map(String::from).to_vec();
        assert_eq!(column(&header, Key::Priority), Some(1));
        assert_eq!(column(&header, Key::Effort), Some(2));
        assert_eq!(column(&header, Key::Timeline), Some(3));
        assert_eq!(column(&header, Key::Owner), None);
    }
}
