//! Working days: which weekdays count when drawing ideal lines and simulating throughput.

use time::{Date, Duration, Weekday};

/// The weekdays work happens on (default Monday to Friday).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    days: [bool; 7],
}

impl Default for Calendar {
    fn default() -> Self {
        Calendar { days: [true, true, true, true, true, false, false] }
    }
}

impl Calendar {
    /// From names such as `mon`, `Tuesday`; unknown names are returned as errors.
    pub fn from_names(names: &[String]) -> Result<Self, String> {
        let mut days = [false; 7];
        for n in names {
            let i = match n.to_lowercase().get(..3) {
                Some("mon") => 0,
                Some("tue") => 1,
                Some("wed") => 2,
                Some("thu") => 3,
                Some("fri") => 4,
                Some("sat") => 5,
                Some("sun") => 6,
                _ => return Err(n.clone()),
            };
            days[i] = true;
        }
        if days.iter().all(|d| !d) {
            return Err("(none)".into());
        }
        Ok(Calendar { days })
    }

    pub fn is_working(&self, d: Date) -> bool {
        let i = match d.weekday() {
            Weekday::Monday => 0,
            Weekday::Tuesday => 1,
            Weekday::Wednesday => 2,
            Weekday::Thursday => 3,
            Weekday::Friday => 4,
            Weekday::Saturday => 5,
            Weekday::Sunday => 6,
        };
        self.days[i]
    }

    /// Working days in `(from, to]`.
    pub fn working_days_between(&self, from: Date, to: Date) -> i64 {
        let mut n = 0;
        let mut d = from;
        while d < to {
            d += Duration::days(1);
            if self.is_working(d) {
                n += 1;
            }
        }
        n
    }

    /// The `n`-th working day after `from` (n >= 1); `from` itself when n == 0.
    pub fn add_working_days(&self, from: Date, n: i64) -> Date {
        let mut d = from;
        let mut left = n;
        while left > 0 {
            d += Duration::days(1);
            if self.is_working(d) {
                left -= 1;
            }
        }
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn weekends_do_not_count() {
        let c = Calendar::default();
        // Fri 2026-11-20 -> Mon 2026-11-23 is one working day
        assert_eq!(c.working_days_between(date!(2026 - 11 - 20), date!(2026 - 11 - 23)), 1);
        assert_eq!(c.add_working_days(date!(2026 - 11 - 20), 1), date!(2026 - 11 - 23));
        assert_eq!(c.add_working_days(date!(2026 - 11 - 20), 6), date!(2026 - 11 - 30));
        assert!(!c.is_working(date!(2026 - 11 - 22)));
        let six = Calendar::from_names(&[
            "mon".into(),
            "tue".into(),
            "wed".into(),
            "thu".into(),
            "fri".into(),
            "Saturday".into(),
        ])
        .unwrap();
        assert_eq!(six.working_days_between(date!(2026 - 11 - 20), date!(2026 - 11 - 23)), 2);
        assert!(Calendar::from_names(&["funday".into()]).is_err());
    }
}
