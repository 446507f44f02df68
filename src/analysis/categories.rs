//! Spend by category and by merchant (summed from the monthly grouping's month ×
//! merchant groups), after every transaction got its canonical merchant and category
//! from the rules and the dictionary.

use super::monthly::Group;
use crate::ledger::Entry;
use crate::month::Month;
use foldhash::{HashMap, HashMapExt};
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
        entries[i].tx.content().unwrap_or(self.merchant(i).content)
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
            let t = e.tx.at().time();
            let m = categorizer.classify(&Subject {
                merchant: &e.tx.merchant,
                item: e.tx.item.as_deref(),
                amount: Some(e.tx.amount.0),
                minute_of_day: e
                    .tx
                    .time_known()
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
/// merchant, largest first), summed from the ledger's month × merchant groups (which
/// attribute cancellations as the monthly figures do).
pub fn tables(groups: &[Group], who: &Classified) -> (Vec<CategoryMonth>, Vec<MerchantTotal>) {
    let mut by_category: BTreeMap<(i32, Category), i64> = BTreeMap::new();
    let mut by_merchant: BTreeMap<u32, (i64, i64)> = BTreeMap::new();
    for g in groups {
        let Some(merchant) = who.merchants.get(g.merchant as usize) else {
            continue;
        };
        let signed = if g.cancel { -g.amount } else { g.amount };
        *by_category
            .entry((g.month.index(), merchant.category))
            .or_default() += signed;
        let total = by_merchant.entry(g.merchant).or_default();
        total.0 += signed;
        if !g.cancel {
            total.1 += i64::from(g.rows);
        }
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
    (categories, merchants)
}
