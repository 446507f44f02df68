//! Spend by category and by merchant (polars lazy group-bys), after every transaction got
//! its canonical merchant and category from the rules and the dictionary.

use crate::ledger::Entry;
use crate::month::Month;
use anyhow::Result;
use foldhash::{HashMap, HashMapExt};
use polars::prelude::*;
use serde::Serialize;
use soaek_merchants::{Categorizer, Category, Merchant, Subject};

/// Every entry's merchant: the distinct merchants, and for each entry an index into them.
#[derive(Debug, Clone, Default)]
pub struct Classified {
    pub merchants: Vec<Merchant>,
    pub of: Vec<u32>,
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
    matches: &[Option<usize>],
    who: &Classified,
) -> Result<(Vec<CategoryMonth>, Vec<MerchantTotal>)> {
    let n = entries.len();
    let (mut month, mut category, mut signed, mut payment) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    for ((e, m), &idx) in entries.iter().zip(matches).zip(&who.of) {
        let at = m.map_or(e.tx.at, |a| entries[a].tx.at);
        month.push(Month::of(at.date()).index());
        category.push(who.merchants[idx as usize].category as u32);
        signed.push(e.tx.signed_amount());
        payment.push(u32::from(!e.tx.status.is_cancellation()));
    }
    let df = df!(
        "month" => month,
        "category" => category,
        "merchant" => who.of.clone(),
        "signed" => signed,
        "payment" => payment
    )?;
    let by_category = df
        .clone()
        .lazy()
        .group_by([col("month"), col("category")])
        .agg([col("signed").sum().alias("net")])
        .sort(["month", "category"], SortMultipleOptions::default())
        .collect()?;
    let by_merchant = df
        .lazy()
        .group_by([col("merchant")])
        .agg([
            col("signed").sum().alias("net"),
            col("payment").sum().alias("payments"),
        ])
        .collect()?;

    let (m, c, net) = (
        by_category.column("month")?.i32()?,
        by_category.column("category")?.u32()?,
        by_category.column("net")?.i64()?,
    );
    let categories = (0..by_category.height())
        .map(|i| CategoryMonth {
            month: Month::from_index(m.get(i).unwrap_or_default()),
            category: Category::ALL
                [c.get(i).unwrap_or(Category::Other as u32) as usize % Category::ALL.len()],
            net: net.get(i).unwrap_or(0),
        })
        .collect();
    let (idx, net, p) = (
        by_merchant.column("merchant")?.u32()?,
        by_merchant.column("net")?.i64()?,
        by_merchant.column("payments")?.u32()?,
    );
    let mut merchants: Vec<MerchantTotal> = (0..by_merchant.height())
        .filter_map(|i| {
            let m = who.merchants.get(idx.get(i)? as usize)?;
            Some(MerchantTotal {
                merchant: m.name.clone(),
                category: m.category,
                net: net.get(i).unwrap_or(0),
                payments: p.get(i).unwrap_or(0),
            })
        })
        .collect();
    merchants.sort_by(|a, b| b.net.cmp(&a.net).then_with(|| a.merchant.cmp(&b.merchant)));
    Ok((categories, merchants))
}
