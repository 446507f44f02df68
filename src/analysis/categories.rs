//! Spend by category and by merchant (polars group-bys), after every transaction got
//! its canonical merchant and category from the rules and the dictionary.

use super::monthly::grouped_sums;
use crate::ledger::{netting, Entry};
use crate::month::Month;
use anyhow::Result;
use foldhash::{HashMap, HashMapExt};
use polars::prelude::*;
use rayon::prelude::*;
use serde::Serialize;
use soaek_merchants::{Categorizer, Category, Merchant, Subject};
use std::collections::BTreeMap;

/// Every entry's merchant: the distinct merchants, and for each entry an index into them.
#[derive(Debug, Clone, Default)]
pub struct Classified {
    pub merchants: Vec<Merchant>,
    pub of: Vec<u32>,
}

impl Classified {
    /// Entry `i`'s merchant.
    pub fn merchant(&self, i: usize) -> &Merchant {
        &self.merchants[self.of[i] as usize]
    }

    /// Whether entry `i` is billed as 콘텐츠이용료 (rule 10): as its statement says when
    /// it says, else as its merchant is (the app markets).
    pub fn is_content(&self, entries: &[Entry], i: usize) -> bool {
        entries[i].tx.content.unwrap_or(self.merchant(i).content)
    }
}

/// Classify every entry. Names are classified once each unless a rule looks at the item,
/// amount or time of a payment.
pub fn classify(entries: &[Entry], categorizer: &Categorizer) -> Classified {
    let per_payment = categorizer.rules.needs_details();
    let mut out = Classified {
        merchants: Vec::new(),
        of: Vec::with_capacity(entries.len()),
    };
    let mut by_raw: HashMap<&str, u32> = HashMap::new();
    let mut by_result: HashMap<(String, Category), u32> = HashMap::new();
    let mut intern = |out: &mut Classified, m: Merchant| -> u32 {
        *by_result
            .entry((m.name.clone(), m.category))
            .or_insert_with(|| {
                out.merchants.push(m);
                (out.merchants.len() - 1) as u32
            })
    };
    for e in entries {
        let idx = if per_payment {
            let t = e.tx.at.time();
            let m = categorizer.classify(&Subject {
                merchant: &e.tx.merchant,
                item: e.tx.item.as_deref(),
                amount: Some(e.tx.amount.0),
                minute_of_day: e
                    .tx
                    .time_known
                    .then(|| chrono::Timelike::hour(&t) * 60 + chrono::Timelike::minute(&t)),
                canonical: None,
            });
            intern(&mut out, m)
        } else if let Some(&i) = by_raw.get(&*e.tx.merchant) {
            i
        } else {
            let i = intern(&mut out, categorizer.classify_name(&e.tx.merchant));
            by_raw.insert(&*e.tx.merchant, i);
            i
        };
        out.of.push(idx);
    }
    out
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CategoryMonth {
    pub month: Month,
    pub category: Category,
    pub net: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MerchantTotal {
    pub merchant: String,
    pub category: Category,
    pub net: i64,
    pub payments: u32,
}

/// Net per category over all months, largest first (ties by category).
pub fn totals(by_month: &[CategoryMonth]) -> Vec<(Category, i64)> {
    let mut totals: Vec<(Category, i64)> = Vec::new();
    for c in by_month {
        match totals.iter_mut().find(|(k, _)| *k == c.category) {
            Some((_, t)) => *t += c.net,
            None => totals.push((c.category, c.net)),
        }
    }
    totals.sort_by_key(|&(c, t)| (std::cmp::Reverse(t), c));
    totals
}

/// `categories` (month × category net) and `merchants` (net and payments per canonical
/// merchant, largest first). `matches` attributes cancellations as in the monthly figures.
pub fn tables(
    entries: &[Entry],
    matches: &netting::Matches,
    who: &Classified,
) -> Result<(Vec<CategoryMonth>, Vec<MerchantTotal>)> {
    // One group-by of month × merchant (the merchant's category goes with it): the
    // signed amount and whether it is a payment, 16 bytes a row; both tables are summed
    // from its groups. The columns are made on both cores in one pass over the ledger.
    let key = |i: usize| {
        let at = matches
            .get(i)
            .map_or(entries[i].tx.at, |a| entries[a].tx.at);
        (i64::from(Month::of(at.date()).index()) << 32) | i64::from(who.of[i])
    };
    type Columns = (Vec<i64>, (Vec<i64>, Vec<i64>));
    let (keys, (signed, payment)): Columns = (0..entries.len())
        .into_par_iter()
        .map(|i| {
            let tx = &entries[i].tx;
            let payment = i64::from(!tx.status.is_cancellation());
            (key(i), (tx.signed_amount(), payment))
        })
        .unzip();
    let df = df!("key" => keys, "signed" => signed, "payment" => payment)?;
    let mut by_category: BTreeMap<(i32, Category), i64> = BTreeMap::new();
    let mut by_merchant: BTreeMap<u32, (i64, i64)> = BTreeMap::new();
    for (key, sums, _) in grouped_sums(&df, "key", &["signed", "payment"])? {
        let (month, m) = ((key >> 32) as i32, (key & 0xFFFF_FFFF) as u32);
        let Some(merchant) = who.merchants.get(m as usize) else {
            continue;
        };
        *by_category.entry((month, merchant.category)).or_default() += sums[0];
        let total = by_merchant.entry(m).or_default();
        total.0 += sums[0];
        total.1 += sums[1];
    }
    let categories = by_category
        .into_iter()
        .map(|((month, category), net)| CategoryMonth {
            month: Month::from_index(month),
            category,
            net,
        })
        .collect();
    let mut merchants: Vec<MerchantTotal> = by_merchant
        .into_iter()
        .map(|(m, (net, payments))| {
            let m = &who.merchants[m as usize];
            MerchantTotal {
                merchant: m.name.clone(),
                category: m.category,
                net,
                payments: payments as u32,
            }
        })
        .collect();
    merchants.sort_by(|a, b| b.net.cmp(&a.net).then_with(|| a.merchant.cmp(&b.merchant)));
    Ok((categories, merchants))
}
