//! Forecasts: Monte Carlo on daily throughput (seeded, so the output is deterministic), a net-rate line that counts
//! scope growth, the schedule verdict against the target date, and a backtest of earlier forecasts.

use serde::Serialize;
use time::Date;

use super::calendar::Calendar;
use super::history::Series;
use crate::model::Snapshot;

/// Trials per forecast. The 85th percentile of 5,000 trials is within about half a percentile point of the exact
/// one (standard error sqrt(0.85 x 0.15 / 5,000) = 0.5 points): far narrower than the spread it reports.
pub const TRIALS: usize = 5_000;
/// Each backtest row re-runs a past forecast; fewer trials suffice to judge whether its P85 date held (the 85th
/// percentile of 500 trials is within about 1.6 percentile points of the exact one).
pub const BACKTEST_TRIALS: usize = 500;
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
    NoFinishInSight { throughput: f64, scope_growth: f64, net_rate: f64 },
    Forecast {
        #[serde(serialize_with = "crate::analyze::ser_date")]
        p50: Date,
        #[serde(serialize_with = "crate::analyze::ser_date")]
        p85: Date,
        #[serde(serialize_with = "crate::analyze::ser_date")]
        p95: Date,
        /// Share of trials that finished within the horizon.
        finished_share: f64,
        /// Work done per working day over the history (items or effort days).
        throughput: f64,
        /// Scope added per working day over the history (negative when scope shrank).
        scope_growth: f64,
        /// Finish by the net rate (throughput minus scope growth), when positive.
        #[serde(serialize_with = "crate::analyze::ser_opt_date")]
        net_rate_finish: Option<Date>,
        schedule: Schedule,
    },
}

/// Working days per block in the simulation: history is resampled a week at a time, so a slow week stays slow.
pub const BLOCK: usize = 5;
/// The forecast looks at most this many working days back (26 weeks): a project's pace two years ago says little
/// about its next month, and a project that stalled recently should not get dates from its busy past.
pub const WINDOW: usize = 26 * BLOCK;

/// One working day of history: work done and scope added, each interval's change spread evenly over its
/// working days. Progress recorded on a non-working day (an interval with no working day) counts on the next
/// working days. When done and scope fall together, the fall is finished items leaving the document
/// (archived), not negative throughput: it changes neither the work done nor the work left.
pub fn daily_rates(snapshots: &[Snapshot], calendar: &Calendar, effort: bool) -> Vec<(f64, f64)> {
    let value = |s: &Snapshot| {
        if effort { s.effort_done.zip(s.effort_total) } else { Some((f64::from(s.done), f64::from(s.total))) }
    };
    let mut out = Vec::new();
    let mut carried = (0.0, 0.0);
    for pair in snapshots.windows(2) {
        let (Some((d0, t0)), Some((d1, t1))) = (value(&pair[0]), value(&pair[1])) else { continue };
        let (mut done, mut added) = (d1 - d0, t1 - t0);
        // finished items that left the document: counted by identity when both snapshots know their items,
        // else the part of a fall in done that scope fell with
        let archived = match (&pair[0].ids, &pair[1].ids, effort) {
            (Some((done_before, _)), Some((done_now, open_now)), false) => {
                let gone = |id: &u32| done_now.binary_search(id).is_err() && open_now.binary_search(id).is_err();
                done_before.iter().filter(|id| gone(id)).count() as f64
            }
            _ if done < 0.0 && added < 0.0 => (-done).min(-added),
            _ => 0.0,
        };
        done += archived;
        added += archived;
        let days = calendar.working_days_between(pair[0].date, pair[1].date);
        let (done, added) = (done + carried.0, added + carried.1);
        if days > 0 {
            let per = (done / days as f64, added / days as f64);
            out.extend(std::iter::repeat_n(per, days as usize));
            carried = (0.0, 0.0);
        } else {
            carried = (done, added);
        }
    }
    out
}

/// Daily throughput alone (see [`daily_rates`]).
pub fn throughput_samples(snapshots: &[Snapshot], calendar: &Calendar, effort: bool) -> Vec<f64> {
    daily_rates(snapshots, calendar, effort).into_iter().map(|(d, _)| d).collect()
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
    if last.scope <= 1e-9 {
        // no items is not "everything done": a list removed or moved, or a document milepost could not read
        return Outlook::InsufficientData { reason: "nothing in scope to forecast (no items)".into() };
    }
    let remaining = last.scope - last.done;
    if remaining <= 1e-9 {
        return Outlook::Done;
    }
    let all_days = daily_rates(snapshots, calendar, effort);
    // the recent window, whole weeks counted back from the latest day: the days the simulation resamples and the
    // rates it reports are the same days
    let used = all_days.len().min(WINDOW) / BLOCK * BLOCK;
    let days = &all_days[all_days.len() - used..];
    if snapshots.len() < 3 || days.len() < 2 * BLOCK {
        return Outlook::InsufficientData {
            reason: format!(
                "{} over {}; a forecast needs at least 3 snapshots spanning {} working days (two weeks)",
                plural(snapshots.len(), "snapshot"),
                plural(all_days.len(), "working day"),
                2 * BLOCK
            ),
        };
    }
    let n = days.len() as f64;
    let throughput = days.iter().map(|d| d.0).sum::<f64>() / n;
    let scope_growth = days.iter().map(|d| d.1).sum::<f64>() / n;
    let net_rate = throughput - scope_growth;
    if throughput <= 1e-9 || net_rate <= 1e-9 {
        return Outlook::NoFinishInSight { throughput, scope_growth, net_rate };
    }
    // P85 is at the horizon once more than 15% of trials run to it: stop there, the answer is known
    let give_up = trials - (0.85 * trials as f64).ceil() as usize + 1;
    let Some(finish) = simulate_until(days, remaining, trials, seed, give_up) else {
        return Outlook::NoFinishInSight { throughput, scope_growth, net_rate };
    };
    let finished = finish.iter().filter(|d| **d < HORIZON).count();
    let pick = |q: f64| {
        let i = ((q * finish.len() as f64).ceil() as usize).clamp(1, finish.len()) - 1;
        finish[i]
    };
    // fewer than 85% of trials finish within the horizon: no date to promise
    if pick(0.85) >= HORIZON {
        return Outlook::NoFinishInSight { throughput, scope_growth, net_rate };
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
        throughput,
        scope_growth,
        // `as` saturates; a finish further than the date range is no finish date at all
        net_rate_finish: calendar.add_working_days(last.date, (remaining / net_rate).ceil() as i64),
        schedule,
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// Working days to finish `remaining` in each of `trials` runs, sorted (HORIZON for "not within three years").
///
/// A moving-block bootstrap with parameter uncertainty: history (`days`, done and scope added per working day)
/// is cut into weeks of [`BLOCK`] working days counted back from the latest day. Each trial first resamples as many
/// weeks as the history has (so a trial may see a faster or a slower past than the real one: a short history
/// gives wide forecasts), then walks forward a week at a time, each week drawn from its resampled past, day by
/// day, adding scope as it was added and stopping when no work is left.
pub fn simulate(days: &[(f64, f64)], remaining: f64, trials: usize, seed: u64) -> Vec<u32> {
    simulate_until(days, remaining, trials, seed, trials + 1).unwrap_or_default()
}

/// One resampled week: its days, and what they add up to.
struct Week<'a> {
    days: &'a [(f64, f64)],
    /// Work left after the week minus before it (scope added minus work done).
    net: f64,
    /// The lowest point of that running sum inside the week: a week can only finish the work when
    /// `left + low <= 0`; otherwise it is skipped whole.
    low: f64,
}

/// [`simulate`], stopping early with `None` once `give_up` trials have run to the horizon (the caller's answer
/// is then known: no date to promise). Each week that cannot finish the work is added whole, not day by day.
fn simulate_until(days: &[(f64, f64)], remaining: f64, trials: usize, seed: u64, give_up: usize) -> Option<Vec<u32>> {
    let weeks: Vec<Week> = days
        .rchunks_exact(BLOCK.min(days.len()).max(1))
        .map(|days| {
            let (mut net, mut low) = (0.0f64, f64::INFINITY);
            for (done, added) in days {
                net += added - done;
                low = low.min(net);
            }
            Week { days, net, low }
        })
        .collect();
    let mut rng = Rng::new(seed);
    let mut pool: Vec<usize> = Vec::with_capacity(weeks.len());
    let mut never = 0usize;
    let mut out: Vec<u32> = Vec::with_capacity(trials);
    for _ in 0..trials {
        pool.clear();
        pool.extend((0..weeks.len()).map(|_| rng.below(weeks.len())));
        // a past in which work never outpaces scope never finishes
        let net: f64 = pool.iter().map(|w| weeks[*w].net).sum();
        let mut day = 0;
        if net < -1e-9 {
            let mut left = remaining;
            'weeks: while day < HORIZON {
                let week = &weeks[pool[rng.below(pool.len())]];
                if left + week.low > 1e-9 {
                    left += week.net;
                    day += week.days.len() as u32;
                    continue;
                }
                for (done, added) in week.days {
                    left += added - done;
                    day += 1;
                    if left <= 1e-9 {
                        break 'weeks;
                    }
                }
            }
        } else {
            day = HORIZON;
        }
        let day = day.min(HORIZON);
        if day >= HORIZON {
            never += 1;
            if never >= give_up {
                return None;
            }
        }
        out.push(day);
    }
    out.sort_unstable();
    Some(out)
}

/// What the forecast said at an earlier snapshot, and what happened after.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Backtest {
    #[serde(serialize_with = "crate::analyze::ser_date")]
    pub as_of: Date,
    /// Items left then.
    pub remaining: f64,
    pub said: Outlook,
    /// The first later snapshot on which everything in scope was done (the event the forecast predicts: it
    /// counts scope growth, so it forecasts the finish of the work, not of the work known then).
    #[serde(serialize_with = "crate::analyze::ser_opt_date")]
    pub reached: Option<Date>,
    /// Whether the P85 date held: `Some(true)` finished by it, `Some(false)` finished after it or it passed
    /// unfinished, `None` not checkable yet (or no dates were forecast).
    pub held: Option<bool>,
    pub verdict: String,
}

/// How often earlier P85 dates held.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Calibration {
    /// Backtest rows whose outcome is known.
    pub checked: usize,
    /// Of those, the rows whose P85 date held.
    pub held: usize,
}

impl Calibration {
    pub fn of(rows: &[Backtest]) -> Calibration {
        Calibration {
            checked: rows.iter().filter(|r| r.held.is_some()).count(),
            held: rows.iter().filter(|r| r.held == Some(true)).count(),
        }
    }
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
        // finished: everything in scope done, with something in scope (a removed list is not a finish)
        let reached = snapshots[i + 1..].iter().find(|s| s.total > 0 && s.done >= s.total).map(|s| s.date);
        let (held, verdict) = match (&said, reached) {
            (Outlook::Forecast { p85, .. }, Some(r)) if r <= *p85 => (Some(true), "finished by the P85 date".into()),
            (Outlook::Forecast { p85, .. }, Some(r)) => {
                (Some(false), format!("finished {} days after the P85 date", (r - *p85).whole_days()))
            }
            (Outlook::Forecast { p85, .. }, None) if *p85 < today => {
                (Some(false), "P85 date passed, not finished".into())
            }
            (Outlook::Forecast { .. }, None) => (None, "not finished; P85 date still ahead".into()),
            (Outlook::NoFinishInSight { .. }, Some(_)) => (None, "finished, though it said no finish in sight".into()),
            (Outlook::NoFinishInSight { .. }, None) => (None, "said no finish in sight; not finished".into()),
            (Outlook::Done, _) => (None, "everything was done then".into()),
            (Outlook::InsufficientData { .. }, _) => (None, "too little history then for a forecast".into()),
        };
        out.push(Backtest {
            as_of,
            remaining: f64::from(past[i].total.saturating_sub(past[i].done)),
            said,
            reached,
            held,
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
    fn stopping_early_gives_the_answer_the_full_simulation_gives() {
        // random histories (0-3 done a day, on half the days 0-4 added): whenever the simulation stops early, the full
        // one puts P85 at the horizon; whenever it does not, both give the same trials
        let mut rng = Rng::new(99);
        let mut stopped = 0;
        for case in 0..300 {
            let len = BLOCK * (2 + rng.below(6));
            let days: Vec<(f64, f64)> = (0..len)
                .map(|_| (rng.below(4) as f64, if rng.below(2) == 0 { rng.below(5) as f64 } else { 0.0 }))
                .collect();
            let remaining = 1.0 + rng.below(60) as f64;
            let trials = 500;
            let full = simulate(&days, remaining, trials, case);
            let p85 = full[(0.85 * trials as f64).ceil() as usize - 1];
            let give_up = trials - (0.85 * trials as f64).ceil() as usize + 1;
            match simulate_until(&days, remaining, trials, case, give_up) {
                None => {
                    stopped += 1;
                    assert_eq!(p85, HORIZON, "case {case}: stopped early but P85 is {p85}");
                }
                Some(v) => assert_eq!(v, full, "case {case}"),
            }
        }
        assert!(stopped > 10 && stopped < 290, "the cases should cover both outcomes: {stopped} stopped");
    }

    #[test]
    fn whole_weeks_are_skipped_only_when_they_cannot_finish() {
        // 3 done a day with 2 added on Mondays: 8 left finishes on day 4 of week 1 (left 8 -> 7 -> 4 -> 1 -> -2),
        // which the skip must not jump over although the week's net (-13) would
        let week = [(3.0, 2.0), (3.0, 0.0), (3.0, 0.0), (3.0, 0.0), (3.0, 0.0)];
        assert!(simulate(&week.repeat(2), 8.0, 50, 3).iter().all(|d| *d == 4));
        // 20 left: week 1 ends at 7 (20 -> 19 -> 16 -> 13 -> 10 -> 7), week 2 reaches 0 on its day 3: day 8
        assert!(simulate(&week.repeat(2), 20.0, 50, 3).iter().all(|d| *d == 8));
    }

    #[test]
    fn constant_throughput_has_one_answer() {
        // 2 a day, 10 left: every trial takes exactly 5 working days
        let days = simulate(&[(2.0, 0.0); 10], 10.0, 1000, 7);
        assert!(days.iter().all(|d| *d == 5));
    }

    #[test]
    fn weeks_are_resampled_whole_with_their_past() {
        // two weeks of history: a slow one (0 a day) then a fast one (2 a day, 10 a week); 10 left.
        // Each trial resamples two weeks: fast+fast (1/4) finishes on day 5; slow+slow (1/4) never; a mixed past
        // (1/2) draws fast or slow weeks with even odds and finishes at the end of the first fast week: day 5
        // with 1/2, 10 with 1/4, 15 with 1/8... Overall P(by day 5) = 1/2, by 10 = 5/8, by 15 = 11/16, and
        // 1/4 of trials never finish. Quantiles away from those steps: 40% -> 5, 55% -> 10, 65% -> 15,
        // 85% -> never.
        let mut history = vec![(0.0, 0.0); 5];
        history.extend([(2.0, 0.0); 5]);
        let days = simulate(&history, 10.0, TRIALS, 42);
        let pick = |q: f64| days[((q * days.len() as f64).ceil() as usize) - 1];
        assert_eq!((pick(0.4), pick(0.55), pick(0.65), pick(0.85)), (5, 10, 15, HORIZON));
    }

    #[test]
    fn scope_growth_moves_the_finish() {
        // 2 done and 1 added per working day: 10 left on Mon 2026-11-16 shrink by 1 a day -> 10 working days,
        // Mon 30th (without the growth it would be 5, Mon 23rd)
        let (s, series) = weekly(&[(0, 20), (10, 25), (20, 30)]);
        let out = forecast(&s, &series, &Calendar::default(), None, 1, false);
        let Outlook::Forecast { p50, p95, throughput, scope_growth, net_rate_finish, .. } = out else {
            panic!("{out:?}")
        };
        assert_eq!((p50, p95), (date!(2026 - 11 - 30), date!(2026 - 11 - 30)));
        assert_eq!((throughput, scope_growth), (2.0, 1.0));
        assert_eq!(net_rate_finish, Some(date!(2026 - 11 - 30)));
    }

    #[test]
    fn only_the_last_26_weeks_count() {
        // a busy year (5 a week) then 26 quiet weeks: the recent pace is zero, so no finish is in sight
        let mut counts: Vec<(u32, u32)> = (0..52).map(|w| (w * 5, 400)).collect();
        counts.extend((0..27).map(|_| (255, 400)));
        let (s, series) = weekly(&counts);
        let out = forecast(&s, &series, &Calendar::default(), None, 1, false);
        assert!(matches!(out, Outlook::NoFinishInSight { throughput, .. } if throughput == 0.0), "{out:?}");
    }

    #[test]
    fn no_items_is_not_done() {
        let (s, series) = weekly(&[(0, 0), (0, 0), (0, 0)]);
        assert!(matches!(
            forecast(&s, &series, &Calendar::default(), None, 1, false),
            Outlook::InsufficientData { .. }
        ));
        // a list removed at 84 of 101 is not a finish in the backtest
        let (s, _) = weekly(&[(10, 101), (30, 101), (50, 101), (84, 101), (0, 0)]);
        assert!(backtest(&s, &Calendar::default(), date!(2027 - 01 - 01), 1).iter().all(|r| r.reached.is_none()));
    }

    #[test]
    fn items_are_tracked_by_identity() {
        // Mon: A, B, C done, D open. Tue: A, B, C moved out (archived), E, F, G added open, D done.
        // Counts alone (3 of 4 -> 1 of 4) would read as two reopened items; by identity it is 1 item done, 3
        // archived (neither done nor scope lost) and 3 added: throughput +1, scope +3.
        let ids = |done: &[u32], open: &[u32]| Some((done.to_vec(), open.to_vec()));
        let mut a = snap(date!(2026 - 11 - 16), 3, 4);
        a.ids = ids(&[1, 2, 3], &[4]);
        let mut b = snap(date!(2026 - 11 - 17), 1, 4);
        b.ids = ids(&[4], &[5, 6, 7]);
        assert_eq!(daily_rates(&[a, b], &Calendar::default(), false), vec![(1.0, 3.0)]);
    }

    #[test]
    fn archived_done_items_are_not_negative_throughput() {
        // 5 of 10 done, then 3 done items removed from the document (2 of 7): nothing done, nothing added;
        // a reopened item (done falls, scope stays) is negative progress
        let s =
            [snap(date!(2026 - 11 - 16), 5, 10), snap(date!(2026 - 11 - 17), 2, 7), snap(date!(2026 - 11 - 18), 1, 7)];
        assert_eq!(daily_rates(&s, &Calendar::default(), false), vec![(0.0, 0.0), (-1.0, 0.0)]);
    }

    #[test]
    fn backtest_checks_the_p85_date_against_the_finish() {
        // 1 a day for three weeks, then slower: 15 of 20 on Mon 23 Nov, 18 on Mon 30 Nov, all 20 on Mon 7 Dec.
        // As of Mon 16 Nov (10 left at 1 a day) the P85 date was Mon 30 Nov: finished 7 days after it.
        // As of Mon 23 Nov (5 left) it was again Mon 30 Nov: 7 days late.
        let (s, _) = weekly(&[(0, 20), (5, 20), (10, 20), (15, 20), (18, 20), (20, 20)]);
        let rows = backtest(&s, &Calendar::default(), date!(2026 - 12 - 10), 1);
        assert_eq!(rows[0].as_of, date!(2026 - 11 - 16));
        assert_eq!(rows[0].reached, Some(date!(2026 - 12 - 07)));
        assert_eq!((rows[0].held, rows[0].verdict.as_str()), (Some(false), "finished 7 days after the P85 date"));
        assert_eq!(rows[1].held, Some(false));
        let c = Calibration::of(&rows);
        assert!(c.checked >= 2 && c.held <= c.checked - 2, "{c:?}");
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
        // a fast week (10 done, 2 a day) then a slow one (5, 1 a day); 15 left on Mon 2026-11-16.
        // Resampled pasts: fast+fast (1/4) -> day 8; slow+slow (1/4) -> day 15; mixed (1/2) draws weeks with even
        // odds: FF day 8, FS or SF day 10, SSF day 13, SSS day 15. P(by 8) = 3/8, by 10 = 5/8, by 13 = 11/16,
        // by 15 = 1: P50 is day 10 (Mon 30 Nov), P85 day 15 (Mon 7 Dec); a target on Fri 4 Dec is at risk.
        let (s, series) = weekly(&[(0, 30), (10, 30), (15, 30)]);
        let out = forecast(&s, &series, &Calendar::default(), Some(date!(2026 - 12 - 04)), 3, false);
        let Outlook::Forecast { p50, p85, schedule, .. } = out else { panic!("{out:?}") };
        assert_eq!((p50, p85), (date!(2026 - 11 - 30), date!(2026 - 12 - 07)));
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
        let h = [(0.0, 0.0), (1.0, 0.5), (3.0, 0.0), (2.0, 1.0), (0.0, 0.0), (1.0, 0.0)];
        let a = simulate(&h, 20.0, 500, 9);
        assert_eq!(a, simulate(&h, 20.0, 500, 9));
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
