//! Dates as milepost accepts them: `YYYY-MM-DD` between [`MIN_YEAR`] and [`MAX_YEAR`], so that every later
//! computation (windows, calendars, forecasts, chart axes) stays far from the limits of the date type, and
//! checked arithmetic that never panics.

use time::macros::format_description;
use time::{Date, Duration};

/// The earliest year a date may have.
pub const MIN_YEAR: i32 = 1900;
/// The latest year a date may have.
pub const MAX_YEAR: i32 = 2199;
/// Dates in `status.yaml` more than this many years from "today" are errors (a typo such as `1026-10-05`).
pub const PLAUSIBLE_YEARS: i64 = 50;

/// Why `s` is not a date milepost accepts: not `YYYY-MM-DD` at all, or outside the supported years.
pub fn why_not(s: &str) -> String {
    match Date::parse(s.trim(), format_description!("[year]-[month]-[day]")) {
        Ok(_) => format!("is outside the years {MIN_YEAR} to {MAX_YEAR} that milepost handles"),
        Err(_) => "is not a date".to_string(),
    }
}

/// `YYYY-MM-DD` in the supported range, else `None`.
pub fn parse_date(s: &str) -> Option<Date> {
    Date::parse(s.trim(), format_description!("[year]-[month]-[day]")).ok().filter(|d| in_range(*d))
}

/// A date as people write it in prose: `2025-06-08`, `2025/06/08`, `June 8, 2025`, `8 June 2025`, `Jun 8th 2025`,
/// `March 2026` (the first of the month). Leading text after the date is ignored; `None` for anything else.
pub fn parse_loose(s: &str) -> Option<Date> {
    let s = s.trim();
    let words: Vec<&str> = s.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty()).take(3).collect();
    let first = *words.first()?;
    let iso: Vec<&str> = first.split(['-', '/', '.']).collect();
    if iso.len() == 3 && iso[0].len() == 4 {
        let (y, m, d) = (iso[0].parse().ok()?, iso[1].parse::<u8>().ok()?, iso[2].parse::<u8>().ok()?);
        return Date::from_calendar_date(y, time::Month::try_from(m).ok()?, d).ok().filter(|d| in_range(*d));
    }
    let month = |w: &str| -> Option<time::Month> {
        let w = w.to_lowercase();
        let names = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
        let i = names.iter().position(|n| w.starts_with(n) && w.chars().all(char::is_alphabetic))?;
        time::Month::try_from(i as u8 + 1).ok()
    };
    let day = |w: &str| -> Option<u8> {
        let digits = w.trim_end_matches(|c: char| c.is_alphabetic());
        digits.parse().ok().filter(|d| (1..=31).contains(d))
    };
    let year =
        |w: &str| -> Option<i32> { w.trim_end_matches('.').parse().ok().filter(|y| (MIN_YEAR..=MAX_YEAR).contains(y)) };
    let (y, m, d) = if let Some(m) = month(first) {
        match (words.get(1).and_then(|w| day(w)), words.get(1).and_then(|w| year(w))) {
            (_, Some(y)) => (y, m, 1),
            (Some(d), None) => (year(words.get(2)?)?, m, d),
            _ => return None,
        }
    } else {
        let d = day(first)?;
        (year(words.get(2)?)?, month(words.get(1)?)?, d)
    };
    Date::from_calendar_date(y, m, d).ok()
}

pub fn format_date(d: Date) -> String {
    d.format(format_description!("[year]-[month]-[day]")).unwrap_or_default()
}

/// Within `MIN_YEAR..=MAX_YEAR`.
pub fn in_range(d: Date) -> bool {
    (MIN_YEAR..=MAX_YEAR).contains(&d.year())
}

/// Within `PLAUSIBLE_YEARS` of `today`.
pub fn plausible(d: Date, today: Date) -> bool {
    (d - today).whole_days().abs() <= PLAUSIBLE_YEARS * 366
}

/// `d + days`, or `None` past the supported range.
pub fn add_days(d: Date, days: i64) -> Option<Date> {
    // a larger span cannot land in range, and `Duration::days` would overflow near i64::MAX / 86,400
    if days.abs() > 200_000 {
        return None;
    }
    d.checked_add(Duration::days(days)).filter(|x| in_range(*x))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn range_and_arithmetic() {
        assert_eq!(parse_date("2026-11-22"), Some(date!(2026 - 11 - 22)));
        assert_eq!(parse_date("1026-10-05"), None);
        assert_eq!(parse_date("9999-12-31"), None);
        assert_eq!(parse_date("2026-02-30"), None);
        assert_eq!(add_days(date!(2199 - 12 - 30), 1), Some(date!(2199 - 12 - 31)));
        assert_eq!(add_days(date!(2199 - 12 - 31), 1), None);
        assert_eq!(add_days(date!(2026 - 01 - 01), i64::MAX), None);
        assert!(plausible(date!(2070 - 01 - 01), date!(2026 - 11 - 22)));
        assert!(!plausible(date!(1970 - 01 - 01), date!(2026 - 11 - 22)));
    }
}
