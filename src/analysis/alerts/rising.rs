//! `rising`: game or gift-card spending that rises fast: the payment that takes this
//! month's spend in that category past twice its average of the three months before,
//! and past [`RISING_MIN`] (so that a first 30,000원 after months of nothing counts,
//! and a few thousand won more does not). The three months must be in the data.
//! On a child's line it is worded for the parent (`words::alerts`).

use super::{Kind, Look};
use crate::month::Month;
use foldhash::{HashMap, HashMapExt};
use soaek_merchants::Category;

/// A category's month under this is never "rising fast".
pub const RISING_MIN: i64 = 30_000;

/// The categories watched: where a child's spending grows and where fraud cashes out.
const WATCHED: [Category; 2] = [Category::Game, Category::GiftCard];

pub(super) fn flag(look: &Look<'_>, spent: &[u32], out: &mut Vec<(usize, Kind)>) {
    let facts = look.facts;
    let category = |i: usize| {
        let c = look.who.merchant(i).category;
        WATCHED.contains(&c).then_some(c)
    };
    let Some(first) = spent.first().map(|&i| Month::of(facts[i as usize].date)) else {
        return;
    };
    // Each watched category's spend per month.
    let mut per_month: HashMap<(Category, Month), i64> = HashMap::new();
    for i in spent.iter().map(|&i| i as usize) {
        if let Some(c) = category(i) {
            let tx = &facts[i];
            *per_month.entry((c, Month::of(tx.date))).or_default() += tx.amount;
        }
    }
    let mut running: HashMap<(Category, Month), (i64, bool)> = HashMap::new();
    for i in spent.iter().map(|&i| i as usize) {
        let Some(c) = category(i) else { continue };
        let tx = &facts[i];
        let m = Month::of(tx.date);
        if m.plus(-3) < first {
            continue;
        }
        let before: i64 = (1..=3)
            .map(|k| per_month.get(&(c, m.plus(-k))).copied().unwrap_or(0))
            .sum();
        let r = running.entry((c, m)).or_insert((0, false));
        r.0 += tx.amount;
        // running > 2 × (before / 3), in whole won without rounding.
        if !r.1 && r.0 >= RISING_MIN && 3 * r.0 > 2 * before {
            r.1 = true;
            out.push((i, Kind::Rising));
        }
    }
}
