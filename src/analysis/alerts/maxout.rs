//! `maxout`: the payment that takes a cap's spend this month to [`NEAR_LIMIT_PERCENT`]%
//! of that cap's current limit. Only in the as-of month: today's limits say nothing of
//! past months.

use super::{Kind, Look, NEAR_LIMIT_PERCENT};
use crate::month::{Month, MonthOf};

pub(super) fn flag(look: &Look<'_>, spent: &[u32], out: &mut Vec<(usize, Kind)>) {
    let this_month = Month::of(look.ctx.as_of);
    let (mut per_cap, mut maxed) = ([0i64; 2], [false; 2]);
    let mut months = MonthOf::default();
    for i in spent.iter().map(|&i| i as usize) {
        let tx = &look.facts[i];
        if months.of(tx.date) != this_month {
            continue;
        }
        let cap = usize::from(look.who.is_content(look.entries, i));
        per_cap[cap] += tx.amount;
        if let Some(limit) = look.ctx.limits[cap] {
            if limit > 0 && per_cap[cap] * 100 >= limit * NEAR_LIMIT_PERCENT && !maxed[cap] {
                maxed[cap] = true;
                out.push((i, Kind::Maxout));
            }
        }
    }
}
