//! `duplicate`: the same merchant and amount again within [`DUPLICATE_WINDOW_MIN`]
//! minutes (a possible double charge), unless that pair comes so often (a shop's daily
//! order) that a repeat within the window is ordinary for this user.

use super::{burst::days_spanned, pace, Kind, Look, Timed, DUPLICATE_WINDOW_MIN};
use foldhash::{HashMap, HashMapExt};

/// A repeat is a possible double charge only when the user's own pace for that pair
/// makes one within the window less likely than this.
const DUPLICATE_CHANCE: f64 = 0.01;

pub(super) fn flag(look: &Look<'_>, timed: &Timed, out: &mut Vec<(usize, Kind)>) {
    let (facts, who) = (look.facts, look.who);
    let days = days_spanned(look, &timed.idx);
    let ordinary = |count: u64| {
        let per_minute = count as f64 / pace::waking_minutes(days);
        1.0 - (-per_minute * DUPLICATE_WINDOW_MIN as f64).exp() >= DUPLICATE_CHANCE
    };
    let window = DUPLICATE_WINDOW_MIN * 60;
    // One pass: per pair, how many times it comes and when it was last seen; each
    // repeat within the window is held until the pair's whole count is known.
    let mut pairs: HashMap<(u32, i64), (u64, Option<i64>)> = HashMap::new();
    let mut repeats: Vec<(usize, (u32, i64))> = Vec::new();
    for (&i, &at) in timed.idx.iter().zip(&timed.secs) {
        let i = i as usize;
        if look.cancelled[i] {
            continue;
        }
        let pair = (who.of[i], facts[i].amount);
        let (count, last) = pairs.entry(pair).or_default();
        *count += 1;
        if last.is_some_and(|prev| at - prev <= window) {
            repeats.push((i, pair));
        }
        *last = Some(at);
    }
    for (i, pair) in repeats {
        if pairs.get(&pair).is_some_and(|&(count, _)| !ordinary(count)) {
            out.push((i, Kind::Duplicate));
        }
    }
}
