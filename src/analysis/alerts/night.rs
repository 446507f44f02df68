//! `night`: paid from midnight to [`NIGHT_END_HOUR`] (00:00–05:59 KST), except a
//! subscription's regular charge.

use super::{Kind, Look, NIGHT_END_HOUR};
use chrono::Timelike;

pub(super) fn flag(look: &Look<'_>, out: &mut Vec<(usize, Kind)>) {
    for i in look.pays() {
        let tx = &look.entries[i].tx;
        if tx.time_known && tx.at.hour() < NIGHT_END_HOUR && !look.is_sub_charge[i] {
            out.push((i, Kind::Night));
        }
    }
}
