//! `burst`: [`BURST_COUNT`] payments within [`BURST_WINDOW_MIN`] minutes, or
//! [`RISKY_COUNT`] high-risk ones within [`RISKY_WINDOW_MIN`]; more at the hours when
//! the user's own pace makes that many ordinary ([`pace::burst_counts`]).

use super::{pace, Kind, Look, Timed};

pub(super) const BURST_WINDOW_MIN: i64 = 10;
pub(super) const BURST_COUNT: usize = 3;
pub(super) const RISKY_WINDOW_MIN: i64 = 30;
pub(super) const RISKY_COUNT: usize = 2;

/// The days `timed` (payments in time order) spans, at least 1.
pub(super) fn days_spanned(look: &Look<'_>, timed: &[u32]) -> i64 {
    let date = |i: u32| look.facts[i as usize].date;
    match (timed.first(), timed.last()) {
        (Some(&a), Some(&b)) => (date(b) - date(a)).num_days() + 1,
        _ => 1,
    }
}

pub(super) fn flag(look: &Look<'_>, timed: &Timed, out: &mut Vec<(usize, Kind)>) {
    let days = days_spanned(look, &timed.idx);
    let (risky_idx, risky_secs): (Vec<u32>, Vec<i64>) = timed
        .idx
        .iter()
        .zip(&timed.secs)
        .filter(|(&i, _)| look.risky(i as usize))
        .unzip();
    for (idx, at, window, base) in [
        (
            &timed.idx[..],
            &timed.secs[..],
            BURST_WINDOW_MIN,
            BURST_COUNT,
        ),
        (
            &risky_idx[..],
            &risky_secs[..],
            RISKY_WINDOW_MIN,
            RISKY_COUNT,
        ),
    ] {
        let need = pace::burst_counts(at, days, window, base);
        for k in pace::in_bursts(at, window, &need) {
            out.push((idx[k] as usize, Kind::Burst));
        }
    }
}
