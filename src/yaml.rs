//! The one place YAML is read: serde-saphyr with typed structs and budgets, errors turned into located
//! diagnostics with the offending snippet and a "did you mean" for unknown keys.

use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, closest};

/// Deserializes `text` (the file at `path`, relative to the site) into `T`.
#[allow(clippy::result_large_err)] // one diagnostic, made once per file
pub fn from_str<T: DeserializeOwned>(path: &str, text: &str) -> Result<T, Diagnostic> {
    serde_saphyr::from_str::<T>(text).map_err(|err| {
        let (line, col) = err.location().map(|l| (l.line() as usize, l.column() as usize)).unwrap_or((0, 0));
        let full = err.to_string();
        let message = clean_message(full.lines().next().unwrap_or("invalid YAML"));
        let mut diagnostic = Diagnostic::error(path, line, message.clone()).at_col(col).with_snippet(text, line, col);
        if let Some(hint) = hint(&message) {
            diagnostic = diagnostic.with_hint(hint);
        }
        diagnostic
    })
}

/// The largest number `status.yaml` takes (a billion effort days or people is a typo, and larger values overflow
/// chart arithmetic).
pub const MAX_NUMBER: f64 = 1e9;

/// For `#[serde(deserialize_with)]`: a number that is finite and not negative (`.inf`, `.nan` and `-3` are
/// errors located at the value, so nothing downstream ever sees them).
pub fn non_negative<'de, D: serde::Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    let v = <f64 as serde::Deserialize>::deserialize(d)?;
    if !v.is_finite() {
        return Err(serde::de::Error::custom(format!(
            "`{v}` is not a finite number; give a plain number such as 12.5"
        )));
    }
    if v < 0.0 {
        return Err(serde::de::Error::custom(format!("`{v}` is negative; this number cannot be below 0")));
    }
    if v > MAX_NUMBER {
        return Err(serde::de::Error::custom(format!("`{v}` is implausibly large (more than {MAX_NUMBER})")));
    }
    Ok(v)
}

/// [`non_negative`] for optional fields.
pub fn non_negative_opt<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    non_negative(d).map(Some)
}

/// serde-saphyr starts its messages with `error: line 3 column 39: `; we print the location ourselves.
fn clean_message(message: &str) -> String {
    let mut m = message.trim();
    m = m.strip_prefix("error:").map_or(m, str::trim_start);
    if m.starts_with("line ")
        && let Some((_, rest)) = m.split_once(": ")
    {
        m = rest;
    }
    // the library's advice is about its own options, not the user's file
    if let Some((key, _)) =
        m.strip_prefix("duplicate mapping key: ").and_then(|k| k.split_once(", set DuplicateKeyPolicy"))
    {
        return format!("`{key}` is set twice in the same mapping");
    }
    m.to_string()
}

/// A fix for the common mistakes.
fn hint(message: &str) -> Option<String> {
    if message.contains("mapping values are not allowed") {
        return Some("a plain value cannot contain `: `; put the value in quotes: key: \"text: more text\"".into());
    }
    if message.contains("is set twice in the same mapping") {
        return Some("keep one of them: milepost would not know which one you meant".into());
    }
    if message.contains("did not find expected") || message.contains("while parsing") {
        return Some("check the indentation: nested keys need the same number of spaces".into());
    }
    unknown_field_hint(message)
}

/// serde's message for unknown keys is "unknown field `x`, expected one of `a`, `b`": suggest the closest.
fn unknown_field_hint(message: &str) -> Option<String> {
    let rest = message.split("unknown field `").nth(1)?;
    let (field, expected) = rest.split_once('`')?;
    let list = expected.split_once("one of").map_or(expected, |(_, l)| l);
    let candidates: Vec<&str> =
        list.split(',').map(|c| c.trim().trim_matches('`').trim()).filter(|c| !c.is_empty()).collect();
    match closest(field, candidates.iter().copied(), 1).first() {
        Some(best) => Some(format!("did you mean `{best}`?")),
        None => Some(format!("remove `{field}`; the keys allowed here are: {}", candidates.join(", "))),
    }
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
            if unquoted.starts_with(key) && unquoted[key.len()..].trim_start_matches(['"', '\'']).starts_with(':') {
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
    fn a_key_set_twice_is_explained_without_library_options() {
        let d =
            from_str::<std::collections::BTreeMap<String, String>>("status.yaml", "a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(d.message, "`a` is set twice in the same mapping");
        assert_eq!(d.line, 3);
        assert!(d.hint.as_deref().unwrap_or_default().contains("keep one of them"), "{d}");
    }

    #[test]
    fn finds_keys_in_sections() {
        let text =
            "name: X\nitems:\n  auth:\n    status: done\n  \"db\":\n    owner: A\nkpis:\n  auth:\n    current: 1\n";
        assert_eq!(key_location(text, "items", "auth"), (3, 3));
        assert_eq!(key_location(text, "items", "db"), (5, 3));
        assert_eq!(key_location(text, "kpis", "auth"), (8, 3));
        assert_eq!(key_location(text, "", "name"), (1, 1));
        assert_eq!(key_location(text, "items", "nope"), (0, 0));
    }
}
