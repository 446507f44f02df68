//! The evidence that makes a stream a subscription (월자동결제, a known service, a
//! yearly cadence, or three regular charges), and the subscription it makes: status,
//! next due date, costs, price changes.

use super::cadence::Cadence;
use super::chains::{usual_item, Buckets, Candidate, Dated, Stream};
use super::*;
use crate::coverage::Coverage;
use crate::month::Month;
use chrono::{Datelike, Duration, NaiveDate};
use soaek_merchants::Category;

/// Categories where the same amount at the same time of year is ordinary shopping, not
/// a yearly subscription.
pub(super) fn yearly_needs_statement(c: Category) -> bool {
    matches!(
        c,
        Category::Shopping
            | Category::Delivery
            | Category::GiftCard
            | Category::Transport
            | Category::Donation
            | Category::Other
    )
}

/// The stream as a subscription, if it has the evidence to be one.
pub(super) fn subscription(
    s: &Stream,
    cands: &[Candidate<'_>],
    buckets: &Buckets,
    merchant: &soaek_merchants::Merchant,
    as_of: NaiveDate,
    coverage: &Coverage,
    any_auto: bool,
) -> Option<Subscription> {
    let n: usize = s.chains.iter().map(|c| c.members.len()).sum();
    if n < 2 {
        return None;
    }
    let cadence = s.last().cadence;
    // (Most merchants have no 월자동결제 at all: then no member is read.)
    let auto = any_auto && s.members().any(|i| cands[i].auto);
    let evidence = if auto {
        Evidence::AutoPayment
    } else if merchant.subscription {
        Evidence::KnownService
    } else if cadence == Cadence::Yearly && !yearly_needs_statement(merchant.category) {
        Evidence::Yearly
    } else {
        Evidence::Regular
    };
    if n < if evidence == Evidence::Regular { 3 } else { 2 } {
        return None;
    }
    // The cheap tests first (what the stream's chains know), then what needs its
    // members one by one.
    let (Some(first_i), Some(&last_i)) = (s.members().next(), s.last().members.last()) else {
        return None;
    };
    let (first, last) = (cands[first_i].date, cands[last_i].date);
    // Other charges of the merchant: in the span, and at the stream's prices in the span
    // and over the whole history (candidates and buckets are in time order).
    let (first_day, last_day) = (first.num_days_from_ce(), last.num_days_from_ce());
    let count_in_span = |dates: &[Dated]| -> usize {
        let lo = dates.partition_point(|x| x.day < first_day);
        let hi = dates.partition_point(|x| x.day <= last_day);
        hi - lo
    };
    // The stream's prices, each with how many of its charges it has (a chain has one).
    let mut amounts: Vec<(i64, usize)> = s
        .chains
        .iter()
        .map(|c| (c.amount, c.members.len()))
        .collect();
    amounts.sort_unstable();
    let (mut same_in_span, mut same_ever) = (0, 0);
    for run in amounts.chunk_by(|a, b| a.0 == b.0) {
        let charges: usize = run.iter().map(|&(_, k)| k).sum();
        let bucket = buckets.at(run[0].0);
        same_in_span += count_in_span(bucket).saturating_sub(charges);
        same_ever += bucket.len().saturating_sub(charges);
        // Without 월자동결제, a stream drowned in same-price charges at other times is
        // irregular spending (the counts only grow: the first price may tell).
        if !auto && same_in_span * 4 > n {
            return None;
        }
    }
    // Most periods of the span have their charge (one skipped month is fine).
    let mut skipped: u32 = s.chains.iter().map(|c| c.skipped).sum();
    for w in s.chains.windows(2) {
        if let Some(&i) = w[1].members.first() {
            let step = w[0].frame.slot_of(cands[i].date).0 - w[0].last_slot();
            skipped += (step - 1).max(0) as u32;
        }
    }
    if skipped * 4 > n as u32 + skipped {
        return None;
    }
    let members: Vec<usize> = s.members().collect();
    let lo = cands.partition_point(|c| c.date < first);
    let hi = cands.partition_point(|c| c.date <= last);
    let others = (hi - lo).saturating_sub(n);
    // At a merchant that also sells other things (an app with in-app purchases), a
    // known service or a yearly charge needs the same proof as an unknown one.
    let busy = others * 2 >= n || cadence == Cadence::Weekly;
    if evidence == Evidence::Regular || (evidence != Evidence::AutoPayment && busy) {
        // Regular charges fall on their day (±1) at least two times in three, and are
        // most of the merchant's charges at that price. Weekly, or at a merchant with
        // other purchases in the span, it takes four, with at most one period skipped
        // (a refunded month) per twelve charges.
        if same_ever * 2 > n || (busy && (n < 4 || skipped as usize * 12 > n)) {
            return None;
        }
        let exact = s
            .chains
            .iter()
            .flat_map(|c| c.members.iter().map(|&i| c.frame.slot_of(cands[i].date).1))
            .filter(|&dist| dist <= 1)
            .count();
        if exact * 3 < n * 2 {
            return None;
        }
    }
    let mut price_changes = Vec::new();
    for w in s.chains.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        if let (Some(&x), Some(&y)) = (a.members.last(), b.members.first()) {
            price_changes.push(PriceChange {
                date: cands[y].date,
                from: cands[x].amount,
                to: cands[y].amount,
            });
        }
    }
    let tail = s.last();
    let amount = cands[members[n - 1]].amount;
    let due = tail.frame.expected(tail.last_slot() + 1);
    let grace = Duration::days(cadence.grace_days());
    // Rule 11: stopped only when an expected charge and its grace days fell inside the
    // span the statements cover and no charge came. After the data ends (or in a month
    // no statement covers) a missing charge is no evidence.
    let data_end = coverage.ends_on.map_or(as_of, |e| e.min(as_of));
    let stopped = (1..)
        .map(|k| tail.frame.expected(tail.last_slot() + k))
        .take_while(|d| *d + grace <= data_end)
        .take(1_000)
        .any(|d| coverage.covers(Month::of(d)) && coverage.covers(Month::of(d + grace)));
    let active = !stopped;
    let due_after_data = active && due + grace > data_end && data_end < as_of;
    let (monthly_cost, annual_cost) = cadence.costs(amount);
    Some(Subscription {
        merchant: merchant.name.clone(),
        item: usual_item(cands, &members).map(str::to_string),
        category: merchant.category,
        content: cands[members[n - 1]].content,
        cadence,
        amount,
        monthly_cost,
        annual_cost,
        occurrences: n as u32,
        first_seen: first,
        last_seen: last,
        next_due: active.then_some(due),
        status: if active {
            SubStatus::Active
        } else {
            SubStatus::Stopped
        },
        due_after_data,
        price_changes,
        evidence,
        charges: members
            .iter()
            .map(|&i| Charge {
                date: cands[i].date,
                amount: cands[i].amount,
            })
            .collect(),
        entries: members.iter().map(|&i| cands[i].entry).collect(),
    })
}
