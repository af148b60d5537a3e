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

    /// Working days per week (at least 1).
    fn per_week(&self) -> i64 {
        (self.days.iter().filter(|d| **d).count() as i64).max(1)
    }

    /// Working days in `(from, to]`; constant time (whole weeks at once, then at most six days).
    pub fn working_days_between(&self, from: Date, to: Date) -> i64 {
        let days = (to - from).whole_days();
        if days <= 0 {
            return 0;
        }
        let weeks = days / 7;
        let mut n = weeks * self.per_week();
        let mut d = from + Duration::days(weeks * 7);
        while d < to {
            d += Duration::days(1);
            if self.is_working(d) {
                n += 1;
            }
        }
        n
    }

    /// The `n`-th working day after `from` (n >= 1); `from` itself when n <= 0; `None` when that day is past
    /// the supported date range. Constant time.
    pub fn add_working_days(&self, from: Date, n: i64) -> Option<Date> {
        if n <= 0 {
            return Some(from);
        }
        if !self.days.iter().any(|d| *d) {
            return None;
        }
        let weeks = (n - 1) / self.per_week();
        let mut d = crate::dates::add_days(from, weeks.checked_mul(7)?)?;
        let mut left = n - weeks * self.per_week();
        while left > 0 {
            d = crate::dates::add_days(d, 1)?;
            if self.is_working(d) {
                left -= 1;
            }
        }
        Some(d)
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
        assert_eq!(c.add_working_days(date!(2026 - 11 - 20), 1), Some(date!(2026 - 11 - 23)));
        assert_eq!(c.add_working_days(date!(2026 - 11 - 20), 6), Some(date!(2026 - 11 - 30)));
        // Fri + 5 working days is the next Friday; + 10 the one after
        assert_eq!(c.add_working_days(date!(2026 - 11 - 20), 5), Some(date!(2026 - 11 - 27)));
        assert_eq!(c.add_working_days(date!(2026 - 11 - 20), 10), Some(date!(2026 - 12 - 04)));
        // a huge count (a tiny net rate) is no date, not a panic or a ten-billion-step walk
        assert_eq!(c.add_working_days(date!(2026 - 11 - 20), i64::MAX), None);
        assert_eq!(c.add_working_days(date!(2199 - 12 - 30), 3), None);
        // 2026-11-20 (Fri) to 2027-11-19 (Fri) is 52 weeks: 260 working days, the same as counting day by day
        assert_eq!(c.working_days_between(date!(2026 - 11 - 20), date!(2027 - 11 - 19)), 260);
        assert_eq!(c.working_days_between(date!(2026 - 11 - 23), date!(2026 - 11 - 20)), 0);
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

    proptest::proptest! {
        #[test]
        fn closed_forms_match_walking_day_by_day(start in 0i64..20_000, span in 0i64..800, mask in 1u8..128) {
            let days = std::array::from_fn(|i| mask & (1 << i) != 0);
            let c = Calendar { days };
            let from = date!(1990 - 01 - 01) + Duration::days(start);
            let to = from + Duration::days(span);
            let walked = (1..=span).filter(|k| c.is_working(from + Duration::days(*k))).count() as i64;
            proptest::prop_assert_eq!(c.working_days_between(from, to), walked);
            if walked > 0 {
                // the walked-th working day after `from` is the last working day in (from, to]
                let last = (1..=span).rev().map(|k| from + Duration::days(k)).find(|d| c.is_working(*d));
                proptest::prop_assert_eq!(c.add_working_days(from, walked), last);
            }
        }
    }
}
