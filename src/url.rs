//! URL safety: which link targets may appear in a published page, and slugs as URL path segments.
//!
//! Only `http:`, `https:`, `mailto:`, fragments (`#x`) and relative references survive; anything with another
//! scheme (`javascript:`, `data:`, `vbscript:`, `file:` …) is refused. The scheme is read the way a browser reads
//! it: entities already decoded by the Markdown parser, ASCII whitespace and control characters removed,
//! case-insensitive.

/// The schemes a link or image may use.
pub const ALLOWED_SCHEMES: [&str; 3] = ["http", "https", "mailto"];

/// Whether `url` is safe to publish as an `href` or `src`.
pub fn is_safe(url: &str) -> bool {
    // browsers drop these anywhere in a URL before they look for the scheme
    let cleaned: String = url.chars().filter(|c| !c.is_ascii_whitespace() && !c.is_control()).collect();
    match scheme(&cleaned) {
        None => true,
        Some(s) => ALLOWED_SCHEMES.iter().any(|a| a.eq_ignore_ascii_case(&s)),
    }
}

/// `base-url` must be an absolute http(s) address or a path.
pub fn is_safe_base(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    is_safe(url)
        && !url.chars().any(|c| c.is_control() || c == '"' || c == '<' || c == '>')
        && (lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with('/'))
}

/// The scheme of `url` (the part before the first `:` when that part looks like a scheme and comes before any
/// `/`, `?` or `#`).
fn scheme(url: &str) -> Option<String> {
    let end = url.find([':', '/', '?', '#'])?;
    if url.as_bytes()[end] != b':' || end == 0 {
        return None;
    }
    let s = &url[..end];
    let valid = s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    // anything else before a colon (e.g. `&#58;` left undecoded, or non-ASCII) is treated as a scheme too: refuse
    Some(if valid { s.to_string() } else { format!("invalid:{s}") })
}

/// A project folder name as one URL path segment: everything but unreserved characters percent-encoded.
pub fn segment(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_and_mail_schemes_survive() {
        for ok in ["https://x.org/a", "HTTP://x", "mailto:a@b.c", "#sec", "../a/b.html", "a.html?x=1:2", "/abs", ""] {
            assert!(is_safe(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " java\tscript:alert(1)",
            "jav\u{0}ascript:x",
            "data:text/html,<b>",
            "vbscript:msgbox",
            "file:///etc/passwd",
        ] {
            assert!(!is_safe(bad), "{bad}");
        }
    }

    #[test]
    fn base_urls() {
        assert!(is_safe_base("https://owner.github.io/repo/"));
        assert!(is_safe_base("/repo/"));
        assert!(!is_safe_base("javascript:alert(1)//"));
        assert!(!is_safe_base("repo\"><script>"));
        assert!(!is_safe_base("ftp://x/"));
    }

    #[test]
    fn segments_are_percent_encoded() {
        assert_eq!(segment("flutterbye"), "flutterbye");
        assert_eq!(segment("a b?c#d%e"), "a%20b%3Fc%23d%25e");
        assert_eq!(segment("café"), "caf%C3%A9");
    }
}
