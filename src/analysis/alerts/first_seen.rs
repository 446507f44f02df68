//! `first_seen_large`: the first payment at a merchant, after a month of history, for
//! at least max([`FIRST_SEEN_FLOOR`], the user's 95th percentile).

use super::{Kind, Look};
use chrono::Duration;

/// The smallest amount that is "large" whatever the user's habits.
pub const FIRST_SEEN_FLOOR: i64 = 30_000;
/// Days of history before a merchant can be "new".
const LEARNING_DAYS: i64 = 30;

/// Flags the payments; returns the threshold used (for the alert's words).
pub(super) fn flag(look: &Look<'_>, spent: &[u32], out: &mut Vec<(usize, Kind)>) -> i64 {
    let tx = |i: u32| &look.facts[i as usize];
    let p95 = {
        let mut amounts: Vec<i64> = spent.iter().map(|&i| tx(i).amount).collect();
        let at = (amounts.len() * 95).div_ceil(100).saturating_sub(1);
        if at < amounts.len() {
            *amounts.select_nth_unstable(at).1
        } else {
            0
        }
    };
    let threshold = p95.max(FIRST_SEEN_FLOOR);
    if let Some(&first) = spent.first() {
        let learned_from = tx(first).at() + Duration::days(LEARNING_DAYS);
        // Merchants are numbered: whether each was seen, by its number.
        let mut seen = vec![false; look.who.merchants.len()];
        for i in spent.iter().map(|&i| i as usize) {
            let t = &look.facts[i];
            let first = seen
                .get_mut(look.who.of[i] as usize)
                .is_some_and(|s| !std::mem::replace(s, true));
            if first && t.at() >= learned_from && t.amount >= threshold {
                out.push((i, Kind::FirstSeenLarge));
            }
        }
    }
    threshold
}
