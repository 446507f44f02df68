//! The clean-up view of the active subscriptions: what they cost a month and a year,
//! services that overlap, recent price rises, and what cancelling would save.

use super::*;
use chrono::{Duration, NaiveDate};
use serde::Serialize;
use soaek_merchants::Category;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Overlap {
    pub category: Category,
    pub merchants: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PriceRise {
    pub merchant: String,
    pub item: Option<String>,
    pub date: NaiveDate,
    pub from: i64,
    pub to: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Saving {
    pub merchant: String,
    pub item: Option<String>,
    pub annual_saving: i64,
}

/// The clean-up view of the active subscriptions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub active: u32,
    pub monthly_cost: i64,
    pub annual_cost: i64,
    /// Two or more services in one category (two music services, two OTTs…).
    pub overlaps: Vec<Overlap>,
    /// Price rises in the 12 months up to the as-of date.
    pub price_rises: Vec<PriceRise>,
    /// What cancelling each one saves a year, largest first.
    pub savings: Vec<Saving>,
}

/// Categories that say what a service is (an app store does not: it bills many kinds).
pub(super) fn says_what_service(c: Category) -> bool {
    !matches!(c, Category::AppStore | Category::Other)
}

pub fn summary(subs: &[Subscription], as_of: NaiveDate) -> Summary {
    let active: Vec<&Subscription> = subs
        .iter()
        .filter(|s| s.status == SubStatus::Active)
        .collect();
    let mut overlaps = Vec::new();
    for c in Category::ALL.into_iter().filter(|&c| says_what_service(c)) {
        let mut names: Vec<String> = active
            .iter()
            .filter(|s| s.category == c)
            .map(|s| s.merchant.clone())
            .collect();
        names.sort();
        names.dedup();
        if names.len() >= 2 {
            overlaps.push(Overlap {
                category: c,
                merchants: names,
            });
        }
    }
    let since = as_of - Duration::days(365);
    let mut price_rises: Vec<PriceRise> = subs
        .iter()
        .flat_map(|s| {
            s.price_changes
                .iter()
                .filter(|p| p.to > p.from && p.date > since && p.date <= as_of)
                .map(|p| PriceRise {
                    merchant: s.merchant.clone(),
                    item: s.item.clone(),
                    date: p.date,
                    from: p.from,
                    to: p.to,
                })
        })
        .collect();
    price_rises.sort_by(|a, b| {
        a.date
            .cmp(&b.date)
            .then_with(|| a.merchant.cmp(&b.merchant))
    });
    let mut savings: Vec<Saving> = active
        .iter()
        .map(|s| Saving {
            merchant: s.merchant.clone(),
            item: s.item.clone(),
            annual_saving: s.annual_cost,
        })
        .collect();
    savings.sort_by(|a, b| {
        b.annual_saving
            .cmp(&a.annual_saving)
            .then_with(|| a.merchant.cmp(&b.merchant))
    });
    Summary {
        active: active.len() as u32,
        monthly_cost: active.iter().map(|s| s.monthly_cost).sum(),
        annual_cost: active.iter().map(|s| s.annual_cost).sum(),
        overlaps,
        price_rises,
        savings,
    }
}
