//! Forecasts: Monte Carlo on daily throughput (seeded, so the output is deterministic), a net-rate line that counts
//! scope growth, the schedule verdict against the target date, and a backtest of earlier forecasts.

use serde::Serialize;
use time::Date;

use super::calendar::Calendar;
use super::history::Series;
use crate::model::Snapshot;

pub const TRIALS: usize = 10_000;
/// Each backtest row re-runs a past forecast; fewer trials suffice to judge it (percentiles move < 1 day).
pub const BACKTEST_TRIALS: usize = 2_000;
/// At most this many backtest rows (a long history is sampled evenly).
pub const BACKTEST_ROWS: usize = 8;
/// A simulation that has not finished after this many working days (about three years) never finishes.
const HORIZON: u32 = 780;

/// A small, fast, seedable generator (SplitMix64); the same seed gives the same forecast on every machine.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }
}

/// FNV-1a, to seed each project's simulation from its slug.
pub fn seed_for(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Schedule {
    OnTrack,
    AtRisk,
    OffTrack,
    NoTarget,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Outlook {
    /// Too little history to say anything.
    InsufficientData { reason: String },
    /// Everything in scope is done.
    Done,
    /// Scope grows as fast as (or faster than) work gets done, or nothing gets done.
    NoFinishInSight { net_rate: f64 },
    Forecast {
        #[serde(serialize_with = "crate::analyze::ser_date")]
        p50: Date,
        #[serde(serialize_with = "crate::analyze::ser_date")]
        p85: Date,
        #[serde(serialize_with = "crate::analyze::ser_date")]
        p95: Date,
        /// Share of trials that finished within the horizon.
        finished_share: f64,
        /// Finish by the net rate (throughput minus scope growth), when positive.
        #[serde(serialize_with = "crate::analyze::ser_opt_date")]
        net_rate_finish: Option<Date>,
        schedule: Schedule,
    },
}

/// Daily throughput samples: each interval's progress spread evenly over its working days. Progress recorded on
/// a non-working day (an interval with no working day in it) counts on the next working days.
pub fn throughput_samples(snapshots: &[Snapshot], calendar: &Calendar, effort: bool) -> Vec<f64> {
    let value = |s: &Snapshot| if effort { s.effort_done } else { Some(f64::from(s.done)) };
    let mut samples = Vec::new();
    let mut carried = 0.0;
    for pair in snapshots.windows(2) {
        let (Some(a), Some(b)) = (value(&pair[0]), value(&pair[1])) else { continue };
        let days = calendar.working_days_between(pair[0].date, pair[1].date);
        if days > 0 {
            samples.extend(std::iter::repeat_n((b - a + carried) / days as f64, days as usize));
            carried = 0.0;
        } else {
            carried += b - a;
        }
    }
    samples
}

/// The forecast for `series` (whose snapshots are `snapshots`) from its last point, with `TRIALS` trials.
pub fn forecast(
    snapshots: &[Snapshot],
    series: &Series,
    calendar: &Calendar,
    target: Option<Date>,
    seed: u64,
    effort: bool,
) -> Outlook {
    forecast_with(snapshots, series, calendar, target, seed, effort, TRIALS)
}

#[allow(clippy::too_many_arguments)]
fn forecast_with(
    snapshots: &[Snapshot],
    series: &Series,
    calendar: &Calendar,
    target: Option<Date>,
    seed: u64,
    effort: bool,
    trials: usize,
) -> Outlook {
    let Some(last) = series.last() else {
        return Outlook::InsufficientData { reason: "no history".into() };
    };
    let remaining = last.scope - last.done;
    if remaining <= 1e-9 {
        return Outlook::Done;
    }
    let samples = throughput_samples(snapshots, calendar, effort);
    if snapshots.len() < 3 || samples.len() < 5 {
        return Outlook::InsufficientData {
            reason: format!(
                "{} snapshots over {} working days; a forecast needs at least 3 snapshots and 5 working days",
                snapshots.len(),
                samples.len()
            ),
        };
    }
    let first = &series.points[0];
    let days = calendar.working_days_between(first.date, last.date).max(1) as f64;
    let throughput = samples.iter().sum::<f64>() / samples.len() as f64;
    let growth = (last.scope - first.scope) / days;
    let net_rate = throughput - growth.max(0.0);
    if throughput <= 1e-9 || net_rate <= 1e-9 {
        return Outlook::NoFinishInSight { net_rate };
    }
    let finish = simulate(&samples, remaining, trials, seed);
    let finished = finish.iter().filter(|d| **d < HORIZON).count();
    let pick = |q: f64| {
        let i = ((q * finish.len() as f64).ceil() as usize).clamp(1, finish.len()) - 1;
        finish[i]
    };
    if pick(0.5) >= HORIZON {
        return Outlook::NoFinishInSight { net_rate };
    }
    let date = |d: u32| calendar.add_working_days(last.date, i64::from(d));
    let (Some(p50), Some(p85), Some(p95)) = (date(pick(0.5)), date(pick(0.85)), date(pick(0.95))) else {
        return Outlook::InsufficientData {
            reason: format!("the forecast dates fall after {}, the last date milepost handles", crate::dates::MAX_YEAR),
        };
    };
    let schedule = match target {
        None => Schedule::NoTarget,
        Some(t) if p85 <= t => Schedule::OnTrack,
        Some(t) if p50 <= t => Schedule::AtRisk,
        Some(_) => Schedule::OffTrack,
    };
    Outlook::Forecast {
        p50,
        p85,
        p95,
        finished_share: finished as f64 / finish.len() as f64,
        // `as` saturates; a finish further than the date range is no finish date at all
        net_rate_finish: calendar.add_working_days(last.date, (remaining / net_rate).ceil() as i64),
        schedule,
    }
}

/// Working days to finish `remaining` in each of `trials` runs, sorted (HORIZON for "not within three years").
pub fn simulate(samples: &[f64], remaining: f64, trials: usize, seed: u64) -> Vec<u32> {
    let mut rng = Rng::new(seed);
    let mut out: Vec<u32> = (0..trials)
        .map(|_| {
            let mut left = remaining;
            let mut day = 0;
            while left > 1e-9 && day < HORIZON {
                left -= samples[rng.below(samples.len())];
                day += 1;
            }
            day
        })
        .collect();
    out.sort_unstable();
    out
}

/// What the forecast said at an earlier snapshot, and what happened after.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Backtest {
    #[serde(serialize_with = "crate::analyze::ser_date")]
    pub as_of: Date,
    pub remaining: f64,
    pub said: Outlook,
    /// The first later snapshot on which the work known at `as_of` was done.
    #[serde(serialize_with = "crate::analyze::ser_opt_date")]
    pub reached: Option<Date>,
    pub verdict: String,
}

/// Forecasts made at each snapshot from the third on, checked against the later snapshots.
pub fn backtest(snapshots: &[Snapshot], calendar: &Calendar, today: Date, seed: u64) -> Vec<Backtest> {
    let mut out = Vec::new();
    // at most BACKTEST_ROWS as-of points, evenly spaced, the latest included
    let candidates: Vec<usize> = (2..snapshots.len().saturating_sub(1)).collect();
    let step = candidates.len().div_ceil(BACKTEST_ROWS).max(1);
    let picked: Vec<usize> = candidates.iter().rev().step_by(step).rev().copied().collect();
    for i in picked {
        let past = &snapshots[..=i];
        let as_of = past[i].date;
        let Some(series) = super::history::daily_series(past, as_of, false) else { continue };
        let said = forecast_with(past, &series, calendar, None, seed, false, BACKTEST_TRIALS);
        let scope_then = past[i].total;
        let reached = snapshots[i + 1..].iter().find(|s| s.done >= scope_then).map(|s| s.date);
        let verdict = match (&said, reached) {
            (Outlook::Forecast { p85, .. }, Some(r)) if r <= *p85 => "finished by the P85 date".to_string(),
            (Outlook::Forecast { .. }, Some(_)) => "finished after the P85 date".to_string(),
            (Outlook::Forecast { p85, .. }, None) if *p85 < today => "P85 date passed, not finished".to_string(),
            (Outlook::Forecast { .. }, None) => "not finished; P85 date still ahead".to_string(),
            (_, Some(_)) => "finished (no forecast was possible then)".to_string(),
            (_, None) => "no forecast was possible then".to_string(),
        };
        out.push(Backtest {
            as_of,
            remaining: f64::from(scope_then.saturating_sub(past[i].done)),
            said,
            reached,
            verdict,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::history::{daily_series, snap};
    use time::macros::date;

    /// Snapshots on the Mondays from 2026-11-02, one per (done, total), with their daily series.
    fn weekly(counts: &[(u32, u32)]) -> (Vec<Snapshot>, Series) {
        let s: Vec<Snapshot> = counts
            .iter()
            .enumerate()
            .map(|(i, (done, total))| snap(date!(2026 - 11 - 02) + time::Duration::weeks(i as i64), *done, *total))
            .collect();
        let series = daily_series(&s, s.last().unwrap().date, false).unwrap();
        (s, series)
    }

    #[test]
    fn constant_throughput_has_one_answer() {
        // 2 a day, 10 left: every trial takes exactly 5 working days
        let days = simulate(&[2.0], 10.0, 1000, 7);
        assert!(days.iter().all(|d| *d == 5));
    }

    #[test]
    fn percentiles_match_the_geometric_distribution() {
        // each day finishes the last 2 items with probability 1/2: P(done by day k) = 1 - 0.5^k = 0.5, 0.75,
        // 0.875, 0.9375, 0.969. Quantiles away from those steps: 40% -> day 1, 70% -> 2, 85% -> 3, 95% -> 5.
        // (The 50% quantile sits exactly on a step, where the sample can land on either side.)
        let days = simulate(&[0.0, 2.0], 2.0, TRIALS, 42);
        let pick = |q: f64| days[((q * days.len() as f64).ceil() as usize) - 1];
        assert_eq!((pick(0.4), pick(0.7), pick(0.85), pick(0.95)), (1, 2, 3, 5));
    }

    #[test]
    fn forecast_dates_skip_weekends_and_judge_the_target() {
        // Mondays 2026-11-02, -09, -16: 5 done a week = 1 per working day; 5 left on Mon 2026-11-16
        let (s, series) = weekly(&[(0, 15), (5, 15), (10, 15)]);
        let cal = Calendar::default();
        let out = forecast(&s, &series, &cal, Some(date!(2026 - 11 - 23)), 1, false);
        let Outlook::Forecast { p50, p85, p95, schedule, net_rate_finish, .. } = out else { panic!("{out:?}") };
        // five working days after Mon 16th is Mon 23rd
        assert_eq!((p50, p85, p95), (date!(2026 - 11 - 23), date!(2026 - 11 - 23), date!(2026 - 11 - 23)));
        assert_eq!(net_rate_finish, Some(date!(2026 - 11 - 23)));
        assert_eq!(schedule, Schedule::OnTrack);
        let late = forecast(&s, &series, &cal, Some(date!(2026 - 11 - 20)), 1, false);
        assert!(matches!(late, Outlook::Forecast { schedule: Schedule::OffTrack, .. }));
    }

    #[test]
    fn short_history_is_insufficient() {
        let (s, series) = weekly(&[(0, 15), (5, 15)]);
        assert!(matches!(
            forecast(&s, &series, &Calendar::default(), None, 1, false),
            Outlook::InsufficientData { .. }
        ));
    }

    #[test]
    fn scope_growing_faster_than_work_has_no_finish() {
        // 1 done a day, but 2 added a day
        let (s, series) = weekly(&[(0, 10), (5, 20), (10, 30)]);
        assert!(matches!(forecast(&s, &series, &Calendar::default(), None, 1, false), Outlook::NoFinishInSight { .. }));
    }

    #[test]
    fn a_target_between_p50_and_p85_is_at_risk() {
        // week 1: 10 done (2 a working day), week 2: none -> samples are 2 or 0 with even odds; 2 items left,
        // so, as in the geometric case above, P50 is 1 or 2 working days after Mon 16th (Tue 17th or Wed 18th)
        // and P85 is 3 (Thu 19th): a target on Wed 18th is at risk either way
        let (s, series) = weekly(&[(0, 12), (10, 12), (10, 12)]);
        let out = forecast(&s, &series, &Calendar::default(), Some(date!(2026 - 11 - 18)), 3, false);
        let Outlook::Forecast { p50, p85, schedule, .. } = out else { panic!("{out:?}") };
        assert!(p50 == date!(2026 - 11 - 17) || p50 == date!(2026 - 11 - 18), "{p50}");
        assert_eq!(p85, date!(2026 - 11 - 19));
        assert_eq!(schedule, Schedule::AtRisk);
    }

    #[test]
    fn long_histories_are_backtested_at_eight_points() {
        let start = date!(2026 - 01 - 05);
        let s: Vec<Snapshot> = (0..40).map(|i| snap(start + time::Duration::days(i * 7), i as u32, 50)).collect();
        let rows = backtest(&s, &Calendar::default(), date!(2026 - 12 - 31), 1);
        assert_eq!(rows.len(), 8);
        // the latest possible as-of point (the second to last snapshot) is always among them
        assert_eq!(rows.last().unwrap().as_of, s[38].date);
    }

    #[test]
    fn same_seed_same_forecast() {
        let a = simulate(&[0.0, 1.0, 3.0], 20.0, 500, 9);
        assert_eq!(a, simulate(&[0.0, 1.0, 3.0], 20.0, 500, 9));
        assert_ne!(seed_for("a"), seed_for("b"));
    }

    #[test]
    fn weekend_progress_counts_on_the_next_working_day() {
        // Fri 0 done, Sat 2 done (no working day between), Mon 4 done (one working day: Mon)
        let s = [
            snap(date!(2026 - 11 - 20), 0, 10),
            snap(date!(2026 - 11 - 21), 2, 10),
            snap(date!(2026 - 11 - 23), 4, 10),
        ];
        assert_eq!(throughput_samples(&s, &Calendar::default(), false), vec![4.0]);
    }
}
