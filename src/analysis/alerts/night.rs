//! `night`: paid from midnight to [`NIGHT_END_HOUR`] (00:00–05:59 KST), except a
//! subscription's regular charge. When night is the user's habit (at least
//! [`NIGHT_HABIT_PERCENT`]% of their timed payments), only high-risk merchants' night
//! payments are flagged: a statement where 3 a.m. is everyday does not alert every one.

use super::{Kind, Look, NIGHT_END_HOUR};

/// A user with this share of night payments pays at night as a habit (a day-shaped
/// household has a few percent; a quarter of the clock is night).
pub const NIGHT_HABIT_PERCENT: usize = 15;

pub(super) fn flag(look: &Look<'_>, out: &mut Vec<(usize, Kind)>) {
    let night = |i: usize| {
        let tx = &look.facts[i];
        tx.time_known() && tx.hour() < NIGHT_END_HOUR && !look.is_sub_charge[i]
    };
    let (mut timed, mut at_night) = (0usize, 0usize);
    for i in look.pays() {
        let tx = &look.facts[i];
        if tx.time_known() && !look.is_sub_charge[i] {
            timed += 1;
            at_night += usize::from(tx.hour() < NIGHT_END_HOUR);
        }
    }
    let habit = timed >= 100 && at_night * 100 >= timed * NIGHT_HABIT_PERCENT;
    for i in look.pays() {
        if night(i) && (!habit || look.risky(i)) {
            out.push((i, Kind::Night));
        }
    }
}
