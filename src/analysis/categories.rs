//! Spend by category and by merchant (polars lazy group-bys), after every transaction got
//! its canonical merchant and category from the rules and the dictionary.

use crate::ledger::Entry;
use crate::month::Month;
use anyhow::Result;
use polars::prelude::*;
use serde::Serialize;
use soaek_merchants::{Categorizer, Category, Merchant, Subject};
use std::collections::HashMap;

/// Classify every entry. Names are classified once each unless a rule looks at the item,
/// amount or time of a payment.
pub fn classify(entries: &[Entry], categorizer: &Categorizer) -> Vec<Merchant> {
    let per_payment = categorizer.rules.needs_details();
    let mut cache: HashMap<&str, Merchant> = HashMap::new();
    entries
        .iter()
        .map(|e| {
            if per_payment {
                let t = e.tx.at.time();
                categorizer.classify(&Subject {
                    merchant: &e.tx.merchant,
                    item: e.tx.item.as_deref(),
                    amount: Some(e.tx.amount.0),
                    minute_of_day: e
                        .tx
                        .time_known
                        .then(|| chrono::Timelike::hour(&t) * 60 + chrono::Timelike::minute(&t)),
                    canonical: None,
                })
            } else {
                cache
                    .entry(e.tx.merchant.as_str())
                    .or_insert_with(|| categorizer.classify_name(&e.tx.merchant))
                    .clone()
            }
        })
        .collect()
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

/// `categories` (month × category net) and `merchants` (net and payments per canonical
/// merchant, largest first). `matches` attributes cancellations as in the monthly figures.
pub fn tables(
    entries: &[Entry],
    matches: &[Option<usize>],
    merchants: &[Merchant],
) -> Result<(Vec<CategoryMonth>, Vec<MerchantTotal>)> {
    let n = entries.len();
    let (mut month, mut category, mut merchant, mut signed, mut payment) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    for ((e, m), who) in entries.iter().zip(matches).zip(merchants) {
        let at = m.map_or(e.tx.at, |a| entries[a].tx.at);
        month.push(Month::of(at.date()).index());
        category.push(who.category as u32);
        merchant.push(who.name.as_str());
        signed.push(e.tx.signed_amount());
        payment.push(u32::from(!e.tx.status.is_cancellation()));
    }
    let df = df!("month" => month, "category" => category, "merchant" => merchant, "signed" => signed, "payment" => payment)?;
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
            col("category").first(),
            col("signed").sum().alias("net"),
            col("payment").sum().alias("payments"),
        ])
        .sort(
            ["net", "merchant"],
            SortMultipleOptions::default().with_order_descending_multi([true, false]),
        )
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
    let (name, c, net, p) = (
        by_merchant.column("merchant")?.str()?,
        by_merchant.column("category")?.u32()?,
        by_merchant.column("net")?.i64()?,
        by_merchant.column("payments")?.u32()?,
    );
    let merchants = (0..by_merchant.height())
        .map(|i| MerchantTotal {
            merchant: name.get(i).unwrap_or_default().to_string(),
            category: Category::ALL
                [c.get(i).unwrap_or(Category::Other as u32) as usize % Category::ALL.len()],
            net: net.get(i).unwrap_or(0),
            payments: p.get(i).unwrap_or(0),
        })
        .collect();
    Ok((categories, merchants))
}
