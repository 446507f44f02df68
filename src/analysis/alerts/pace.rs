//! The pace model the window rules share: how many payments in a window are unusual
//! at each hour for this user (a Poisson stream at their own pace), and the windows.

use chrono::NaiveDateTime;

/// Minutes awake over `days` days (16 hours a day): the time payments are spread over.
pub(super) fn waking_minutes(days: i64) -> f64 {
    days.max(1) as f64 * 16.0 * 60.0
}

/// How many payments within `window` minutes make a burst, for each hour of the day:
/// `base`, or more where the user's own pace makes `base` ordinary (a shop paying by
/// phone all day long). The pace at an hour is that of the payments in the five hours
/// around it over the `days` the history spans; the count is the smallest that a
/// Poisson stream at that pace reaches by chance about once in the whole history (in
/// less than 1 of `times.len()` windows, and never more often than 1 in 1,000).
pub(super) fn burst_counts(times: &[i64], days: i64, window: i64, base: usize) -> [usize; 24] {
    let mut per_hour = [0u64; 24];
    for &t in times {
        per_hour[hour_of(t)] += 1;
    }
    let rarity = 1.0 / times.len().max(1_000) as f64;
    std::array::from_fn(|h| {
        let around: u64 = (0..5).map(|d| per_hour[(h + 22 + d) % 24]).sum();
        let mean = around as f64 / (5.0 * 60.0 * days.max(1) as f64) * window as f64;
        poisson_count(mean, base, rarity)
    })
}

/// The smallest count ≥ `base` that a Poisson variable of this mean reaches with a
/// probability below `rarity`.
pub(super) fn poisson_count(mean: f64, base: usize, rarity: f64) -> usize {
    let mut p = (-mean).exp();
    if p == 0.0 {
        // A mean beyond ~700 a window: the normal approximation, far in the tail.
        return base.max((mean + 6.0 * mean.sqrt()).ceil() as usize);
    }
    // `below` is P(N < k), `p` is P(N = k).
    let (mut below, mut k) = (0.0, 0usize);
    loop {
        if k >= base && 1.0 - below < rarity {
            return k;
        }
        below += p;
        k += 1;
        p *= mean / k as f64;
    }
}

/// Seconds since 1970 of a local time: windows over a million payments compare and
/// subtract plain integers.
pub(super) fn secs(t: NaiveDateTime) -> i64 {
    t.and_utc().timestamp()
}

/// The hour of the day of [`secs`].
pub(super) fn hour_of(secs: i64) -> usize {
    (secs.rem_euclid(86_400) / 3_600) as usize
}

/// Indices of `times` (sorted, [`secs`]) that lie in some window of `window` minutes
/// holding at least the count `need` sets for the hour the window ends in.
pub(super) fn in_bursts(times: &[i64], window: i64, need: &[usize; 24]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut start = 0;
    // Everything before `flagged` is already in `out`.
    let mut flagged = 0;
    let window = window * 60;
    for end in 0..times.len() {
        while times[start] < times[end] - window {
            crate::work::add(1);
            start += 1;
        }
        crate::work::add(1);
        if end + 1 - start >= need[hour_of(times[end])].max(1) {
            crate::work::add(end + 1 - flagged.max(start));
            out.extend(flagged.max(start)..=end);
            flagged = end + 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Payments every 10 seconds, 360 in each hour's window, every one in a burst: the
    /// windows slide, each payment entering and leaving once, so 4× the payments cost
    /// 4× the steps, not 4× the payments times the window's.
    #[test]
    fn burst_windows_take_linear_work_however_full_they_are() {
        let run = |n: usize| {
            let times: Vec<i64> = (0..n as i64).map(|k| 1_700_000_000 + 10 * k).collect();
            crate::work::take();
            let flagged = in_bursts(&times, 60, &[2; 24]);
            assert_eq!(flagged.len(), n);
            crate::work::take()
        };
        crate::work::assert_linear("payments in burst windows", 20_000, run);
        // Each payment counted about three times: as a window's end, leaving, flagged.
        assert!(run(20_000) <= 3 * 20_000, "{}", run(20_000));
    }
}
