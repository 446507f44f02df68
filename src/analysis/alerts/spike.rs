//! `spike`: the payment that takes its month's spend past twice the average of the
//! three months before (when those three are known and their average is above 0).

use super::{Kind, Look};
use crate::analysis::monthly;
use crate::month::{Month, MonthOf};

pub(super) fn flag(look: &Look<'_>, spent: &[u32], out: &mut Vec<(usize, Kind)>) {
    let facts = look.facts;
    let first_month = spent.first().map(|&i| Month::of(facts[i as usize].date));
    let avg3 = |m: Month| -> Option<i64> {
        let first = first_month?;
        (m.plus(-3) >= first)
            .then(|| {
                (1..=3)
                    .map(|k| monthly::net(look.ctx.months, m.plus(-k)).unwrap_or(0))
                    .sum::<i64>()
                    / 3
            })
            .filter(|a| *a > 0)
    };
    // Spent payments come in time order: one month after another.
    let mut month: Option<(Month, Option<i64>)> = None;
    let (mut running, mut spiked) = (0i64, false);
    let mut months = MonthOf::default();
    for i in spent.iter().map(|&i| i as usize) {
        let tx = &facts[i];
        let m = months.of(tx.date);
        let avg = match month {
            Some((current, avg)) if current == m => avg,
            _ => {
                let avg = avg3(m);
                month = Some((m, avg));
                (running, spiked) = (0, false);
                avg
            }
        };
        running += tx.amount;
        if avg.is_some_and(|a| running > 2 * a) && !spiked {
            spiked = true;
            out.push((i, Kind::Spike));
        }
    }
}
