//! `gift_card`: a high-risk merchant (상품권, transit top-ups: easy to cash out), unless
//! it is the user's daytime habit — bought from in 3 earlier months, in daytime, for at
//! most this amount. At night it is always flagged.

use super::{Kind, Look, NIGHT_END_HOUR};
use crate::month::{Month, MonthOf};
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

pub(super) fn flag(look: &Look<'_>, out: &mut Vec<(usize, Kind)>) {
    let mut habit: HashMap<u32, (HashSet<Month>, i64)> = HashMap::new();
    let mut months = MonthOf::default();
    for i in look.pays().filter(|&i| look.risky(i)) {
        let tx = &look.facts[i];
        let night = tx.time_known() && tx.hour() < NIGHT_END_HOUR;
        let h = habit
            .entry(look.who.of[i])
            .or_insert_with(|| (HashSet::new(), 0));
        // Payments come in time order: every month in the set is this one or earlier.
        let month = months.of(tx.date);
        let earlier = h.0.len() - usize::from(h.0.contains(&month));
        let usual = earlier >= 3 && tx.amount <= h.1;
        if night || !usual {
            out.push((i, Kind::GiftCard));
        }
        if !night {
            h.0.insert(month);
            h.1 = h.1.max(tx.amount);
        }
    }
}
