//! `duplicate`: the same merchant and amount again within [`DUPLICATE_WINDOW_MIN`]
//! minutes (a possible double charge), unless that pair comes so often (a shop's daily
//! order) that a repeat within the window is ordinary for this user.

use super::{burst::days_spanned, pace, Kind, Look, DUPLICATE_WINDOW_MIN};
use foldhash::{HashMap, HashMapExt};

/// A repeat is a possible double charge only when the user's own pace for that pair
/// makes one within the window less likely than this.
const DUPLICATE_CHANCE: f64 = 0.01;

pub(super) fn flag(look: &Look<'_>, timed: &[u32], out: &mut Vec<(usize, Kind)>) {
    let (facts, who) = (look.facts, look.who);
    let days = days_spanned(look, timed);
    let kept = || {
        timed
            .iter()
            .map(|&i| i as usize)
            .filter(|&i| !look.cancelled[i])
    };
    // Per pair: how many times it comes, then (second pass) when it was last seen.
    let mut pairs: HashMap<(u32, i64), (u64, Option<i64>)> = HashMap::new();
    for i in kept() {
        pairs.entry((who.of[i], facts[i].amount)).or_default().0 += 1;
    }
    let ordinary = |count: u64| {
        let per_minute = count as f64 / pace::waking_minutes(days);
        1.0 - (-per_minute * DUPLICATE_WINDOW_MIN as f64).exp() >= DUPLICATE_CHANCE
    };
    let window = DUPLICATE_WINDOW_MIN * 60;
    for i in kept() {
        let tx = &facts[i];
        if let Some((count, last)) = pairs.get_mut(&(who.of[i], tx.amount)) {
            let at = pace::secs(tx.at);
            if last.is_some_and(|prev| at - prev <= window) && !ordinary(*count) {
                out.push((i, Kind::Duplicate));
            }
            *last = Some(at);
        }
    }
}
