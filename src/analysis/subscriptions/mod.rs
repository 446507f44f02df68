//! Recurring subscriptions: streams of charges at one canonical merchant that repeat
//! weekly, monthly or yearly, found by amount and timing (so a regular stream inside a
//! noisy merchant is found, and random purchases are not); price changes joined into
//! one stream; status and next due date as of a date; and the clean-up view (cost,
//! overlaps, recent price rises, savings).
//!
//! How a stream is found, per merchant:
//! 1. Charges are the approvals up to the as-of date that were not fully cancelled. A
//!    charge the statement marks as a one-off (결제유형 일반결제) is never part of a stream.
//! 2. Per amount, charges are chained: each one joins the chain whose next expected date
//!    (monthly: the anchor day, clamped to the month's end; weekly: 7 days on; yearly:
//!    the anniversary) it is nearest, within a few days, allowing one skipped period.
//! 3. Chains of one merchant and cadence that follow each other with a new amount are
//!    one stream with a price change.
//! 4. A stream counts when it has 3 charges, or 2 with evidence (월자동결제 on the
//!    statement, a known subscription service in the dictionary, or a yearly cadence),
//!    covers most periods of its span, and, without 월자동결제, is not drowned in
//!    same-amount charges at other times (irregular spending is never a subscription).
//!
//! - [`cadence`]: weekly, monthly, yearly: where each expects its charges.
//! - [`chains`]: charges of one amount chained by cadence, chains joined across price
//!   changes into streams.
//! - [`evidence`]: what makes a stream a subscription, and its status and next charge.
//! - [`cleanup`]: the clean-up view of the active ones.

mod cadence;
mod chains;
mod cleanup;
mod evidence;

pub use cadence::Cadence;
pub use cleanup::{summary, Overlap, PriceRise, Saving, Summary};

use super::categories::Classified;
use crate::coverage::Coverage;
use crate::ledger::{netting, Entry};
use chains::{streams, Buckets, Candidate};
use chrono::NaiveDate;
use evidence::subscription;
use rayon::prelude::*;
use serde::Serialize;
use soaek_merchants::Category;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SubStatus {
    Active,
    Stopped,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PriceChange {
    pub date: NaiveDate,
    pub from: i64,
    pub to: i64,
}

/// One charge of a subscription, for the timeline chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Charge {
    pub date: NaiveDate,
    pub amount: i64,
}

/// Why a stream counts as a subscription.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Evidence {
    /// The statement marks the charges 월자동결제 / 정기결제.
    AutoPayment,
    /// The dictionary knows the merchant as a subscription service.
    KnownService,
    /// A yearly charge seen twice.
    Yearly,
    /// Three or more regular charges.
    Regular,
}

#[derive(Debug, Clone, Serialize)]
pub struct Subscription {
    pub merchant: String,
    /// The product, when the statements name one (YouTube Premium at Google Play).
    pub item: Option<String>,
    pub category: Category,
    /// Billed as 콘텐츠이용료 (app stores) rather than 소액결제.
    pub content: bool,
    pub cadence: Cadence,
    /// The latest price.
    pub amount: i64,
    pub monthly_cost: i64,
    pub annual_cost: i64,
    pub occurrences: u32,
    pub first_seen: NaiveDate,
    pub last_seen: NaiveDate,
    /// The next expected charge; only for active subscriptions.
    pub next_due: Option<NaiveDate>,
    pub status: SubStatus,
    /// The statements end before the next charge (and its grace days) could show: it
    /// stays active, unconfirmed, until a later statement says.
    pub due_after_data: bool,
    pub price_changes: Vec<PriceChange>,
    pub evidence: Evidence,
    pub charges: Vec<Charge>,
    /// Ledger indices of the charges (for alerts: a subscription's charge is expected).
    #[serde(skip)]
    pub entries: Vec<usize>,
}

impl Subscription {
    /// `merchant · item`, or the merchant alone.
    pub fn label(&self) -> String {
        match &self.item {
            Some(item) => format!("{} · {item}", self.merchant),
            None => self.merchant.clone(),
        }
    }
}

/// Find the subscriptions in `entries` as of `as_of`. `matches` is the cancellation
/// matching of the ledger, `who` the classified merchants.
pub fn find(
    entries: &[Entry],
    matches: &netting::Matches,
    who: &Classified,
    as_of: NaiveDate,
    coverage: &Coverage,
) -> Vec<Subscription> {
    let gone = matches.fully_cancelled();
    // Each merchant's possible charges, in ledger (time) order. The ledger is read
    // once, in order, each core a part of it: a merchant's charges gathered from all
    // over the ledger would read far more memory than they hold.
    let part = entries
        .len()
        .div_ceil(rayon::current_num_threads().max(1))
        .max(1);
    let parts: Vec<Vec<Vec<Candidate<'_>>>> = entries
        .par_chunks(part)
        .enumerate()
        .map(|(p, chunk)| {
            // Room for each merchant's entries in the part, counted first from the
            // merchant column: no vector grows by copying (room a cancellation leaves
            // unused is never touched, so never resident).
            let mut room = vec![0usize; who.merchants.len()];
            for &m in &who.of[p * part..p * part + chunk.len()] {
                room[m as usize] += 1;
            }
            let mut by: Vec<Vec<Candidate<'_>>> =
                room.into_iter().map(Vec::with_capacity).collect();
            for (j, e) in chunk.iter().enumerate() {
                let i = p * part + j;
                let tx = &e.tx;
                let one_off = tx.pay_kind().is_some() && !tx.is_auto_payment();
                if tx.status().is_cancellation() || one_off || tx.date() > as_of || gone[i] {
                    continue;
                }
                by[who.of[i] as usize].push(Candidate {
                    entry: i,
                    content: who.is_content(entries, i),
                    date: tx.date(),
                    amount: tx.amount.0,
                    item: tx.item.as_deref(),
                    auto: tx.is_auto_payment(),
                });
            }
            by
        })
        .collect();
    // Per merchant (in the order of their numbers), its parts in ledger order.
    let mut by_merchant: Vec<Vec<Vec<Candidate<'_>>>> = Vec::new();
    by_merchant.resize_with(who.merchants.len(), Vec::new);
    for by in parts {
        for (m, cands) in by.into_iter().enumerate() {
            if !cands.is_empty() {
                by_merchant[m].push(cands);
            }
        }
    }
    let merchants: Vec<(usize, Vec<Vec<Candidate<'_>>>)> = by_merchant
        .into_iter()
        .enumerate()
        .filter(|(_, parts)| !parts.is_empty())
        .collect();
    // Merchants are searched side by side (in order: the same result as one by one).
    // The tests search them one by one, so that chaining's step counter
    // (`crate::work`, per thread) sees every step.
    let one = |(m, mut parts): (usize, Vec<Vec<Candidate<'_>>>)| -> Vec<Subscription> {
        // (The parts are freed as soon as they are joined, not after the search.)
        let cands = match parts.len() {
            1 => parts.pop().unwrap_or_default(),
            _ => std::mem::take(&mut parts).concat(),
        };
        let merchant = &who.merchants[m];
        let buckets = Buckets::of(&cands);
        let any_auto = cands.iter().any(|c| c.auto);
        streams(&cands, &buckets, as_of)
            .into_iter()
            .filter_map(|s| subscription(&s, &cands, &buckets, merchant, as_of, coverage, any_auto))
            .collect()
    };
    #[cfg(not(test))]
    let found: Vec<Vec<Subscription>> = merchants.into_par_iter().map(one).collect();
    #[cfg(test)]
    let found: Vec<Vec<Subscription>> = merchants.into_iter().map(one).collect();
    let mut out: Vec<Subscription> = found.into_iter().flatten().collect();
    out.sort_by(|a, b| {
        (a.status != SubStatus::Active)
            .cmp(&(b.status != SubStatus::Active))
            .then_with(|| b.annual_cost.cmp(&a.annual_cost))
            .then_with(|| a.merchant.cmp(&b.merchant))
            .then_with(|| a.item.cmp(&b.item))
            .then_with(|| a.first_seen.cmp(&b.first_seen))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::categories::classify;
    use crate::ledger::{dedup::keys_for_file, netting::match_cancellations, Ledger};
    use crate::month::Month;
    use chrono::Duration;
    use soaek_import::{Billing, Status, Transaction};
    use soaek_merchants::Categorizer;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// A charge on `date` at 09:00, with an optional 결제유형.
    fn pay(date: &str, merchant: &str, amount: i64, kind: Option<&str>) -> Transaction {
        let at = d(date).and_hms_opt(9, 0, 0).unwrap();
        let mut t = Transaction::new(at, merchant, amount, Status::Approved);
        t.set_billing(Billing {
            pay_kind: kind.map(Into::into),
            ..Billing::default()
        });
        t
    }

    fn monthly(merchant: &str, amount: i64, day: u32, months: &[&str]) -> Vec<Transaction> {
        months
            .iter()
            .map(|m| {
                let m = Month::parse(m).unwrap();
                let date = m.day_clamped(day).to_string();
                pay(&date, merchant, amount, None)
            })
            .collect()
    }

    fn subs(txs: Vec<Transaction>, as_of: &str) -> Vec<Subscription> {
        let ledger = Ledger::from_entries(keys_for_file(txs));
        let who = classify(ledger.entries(), &Categorizer::default());
        let matches = match_cancellations(ledger.entries());
        // The statements run up to the as-of day.
        let mut coverage = Coverage::of_dates(ledger.entries().iter().map(|e| e.tx.date()));
        let end = d(as_of);
        if let Some(first) = coverage.ranges.first().map(|r| r.from) {
            let to = Month::of(end);
            coverage.add(
                crate::coverage::MonthRange {
                    from: first.min(to),
                    to,
                },
                end,
            );
        }
        find(ledger.entries(), &matches, &who, end, &coverage)
    }

    /// (merchant, cadence, amount, occurrences, next_due, status)
    type Brief = (String, Cadence, i64, u32, Option<String>, SubStatus);

    fn brief(s: &[Subscription]) -> Vec<Brief> {
        s.iter()
            .map(|s| {
                (
                    s.merchant.clone(),
                    s.cadence,
                    s.amount,
                    s.occurrences,
                    s.next_due.map(|d| d.to_string()),
                    s.status,
                )
            })
            .collect()
    }

    fn one(merchant: &str, cadence: Cadence, amount: i64, n: u32, due: &str) -> Vec<Brief> {
        vec![(
            merchant.to_string(),
            cadence,
            amount,
            n,
            Some(due.to_string()),
            SubStatus::Active,
        )]
    }

    const MONTHS: [&str; 6] = [
        "2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06",
    ];

    #[test]
    fn month_end_charges_are_one_stream() {
        // 31 Jan, 28 Feb, 31 Mar, 30 Apr, 31 May, 30 Jun.
        let s = subs(monthly("헬스앱 프리미엄", 7_900, 31, &MONTHS), "2025-07-10");
        assert_eq!(
            brief(&s),
            one("헬스앱 프리미엄", Cadence::Monthly, 7_900, 6, "2025-07-31")
        );
        assert_eq!(s[0].evidence, Evidence::Regular);
        assert_eq!((s[0].monthly_cost, s[0].annual_cost), (7_900, 94_800));
        assert_eq!(s[0].first_seen, d("2025-01-31"));
        assert_eq!(s[0].last_seen, d("2025-06-30"));
    }

    #[test]
    fn weekend_and_holiday_shifts_stay_in_the_stream() {
        let dates = [
            "2025-01-10",
            "2025-02-10",
            "2025-03-10",
            "2025-04-14", // weekend + retry
            "2025-05-07", // moved early
            "2025-06-10",
            "2025-07-10",
            "2025-08-10",
            "2025-09-10",
            "2025-10-13", // 추석 연휴
        ];
        let txs = dates
            .iter()
            .map(|x| pay(x, "헬스앱 프리미엄", 5_500, None))
            .collect();
        let s = subs(txs, "2025-10-20");
        assert_eq!(
            brief(&s),
            one("헬스앱 프리미엄", Cadence::Monthly, 5_500, 10, "2025-11-10")
        );
    }

    #[test]
    fn a_skipped_month_does_not_break_the_stream() {
        let months = ["2025-01", "2025-02", "2025-04", "2025-05", "2025-06"];
        let s = subs(monthly("헬스앱 프리미엄", 5_500, 12, &months), "2025-06-20");
        assert_eq!(
            brief(&s),
            one("헬스앱 프리미엄", Cadence::Monthly, 5_500, 5, "2025-07-12")
        );
        // Every other month is not monthly.
        let months = ["2025-01", "2025-03", "2025-05", "2025-07"];
        assert!(subs(monthly("헬스앱 프리미엄", 5_500, 12, &months), "2025-07-20").is_empty());
    }

    #[test]
    fn a_price_change_is_a_change_not_a_new_subscription() {
        let mut txs = monthly("멜론", 10_900, 15, &MONTHS[..4]);
        txs.extend(monthly("멜론", 11_900, 15, &MONTHS[4..]));
        let s = subs(txs, "2025-07-01");
        assert_eq!(
            brief(&s),
            one("멜론", Cadence::Monthly, 11_900, 6, "2025-07-15")
        );
        assert_eq!(
            s[0].price_changes,
            [PriceChange {
                date: d("2025-05-15"),
                from: 10_900,
                to: 11_900
            }]
        );
        let sum = summary(&s, d("2025-07-01"));
        assert_eq!(sum.price_rises.len(), 1);
        assert_eq!((sum.monthly_cost, sum.annual_cost), (11_900, 142_800));
    }

    #[test]
    fn a_new_price_seen_once_continues_the_stream() {
        let mut txs = monthly("헬스앱 프리미엄", 10_000, 5, &MONTHS[..5]);
        txs.extend(monthly("헬스앱 프리미엄", 11_000, 5, &MONTHS[5..]));
        let s = subs(txs, "2025-07-01");
        assert_eq!(
            brief(&s),
            one("헬스앱 프리미엄", Cadence::Monthly, 11_000, 6, "2025-07-05")
        );
        assert_eq!(s[0].price_changes.len(), 1);
    }

    #[test]
    fn yearly_needs_only_two_charges() {
        let txs = vec![
            pay("2024-03-05", "알약", 33_000, None),
            pay("2025-03-07", "알약", 33_000, None),
            pay("2024-06-01", "넥슨", 55_000, None),
            pay("2025-05-30", "넥슨", 55_000, None),
            // Same gift at the same time of year is shopping, not a subscription.
            pay("2024-05-08", "쿠팡", 35_000, None),
            pay("2025-05-07", "쿠팡", 35_000, None),
        ];
        let s = subs(txs, "2025-07-01");
        let mut b = brief(&s);
        b.sort();
        assert_eq!(
            b,
            [
                (
                    "넥슨".to_string(),
                    Cadence::Yearly,
                    55_000,
                    2,
                    Some("2026-06-01".to_string()),
                    SubStatus::Active
                ),
                (
                    "알약".to_string(),
                    Cadence::Yearly,
                    33_000,
                    2,
                    Some("2026-03-05".to_string()),
                    SubStatus::Active
                ),
            ]
        );
        let nexon = s.iter().find(|s| s.merchant == "넥슨").unwrap();
        assert_eq!(nexon.evidence, Evidence::Yearly);
        assert_eq!((nexon.monthly_cost, nexon.annual_cost), (4_583, 55_000));
    }

    #[test]
    fn weekly_charges() {
        let start = d("2025-03-03");
        let mut txs: Vec<Transaction> = (0..8)
            .map(|k| {
                let day = start + Duration::days(7 * k + i64::from(k == 4));
                pay(&day.to_string(), "헬스앱 프리미엄", 1_500, None)
            })
            .collect();
        txs.push(pay("2025-03-20", "헬스앱 프리미엄", 9_900, None));
        let s = subs(txs, "2025-04-25");
        assert_eq!(
            brief(&s),
            one("헬스앱 프리미엄", Cadence::Weekly, 1_500, 8, "2025-04-28")
        );
        assert_eq!((s[0].monthly_cost, s[0].annual_cost), (6_500, 78_000));
    }

    /// Deterministic random numbers for the noisy cases.
    struct Lcg(u64);
    impl Lcg {
        fn below(&mut self, n: u64) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (self.0 >> 33) % n
        }
    }

    fn random_purchases(
        rng: &mut Lcg,
        merchant: &str,
        amounts: &[i64],
        per_month: u64,
        months: i32,
    ) -> Vec<Transaction> {
        let mut out = Vec::new();
        for k in 0..months {
            let m = Month::parse("2024-07").unwrap().plus(k);
            for _ in 0..1 + rng.below(per_month * 2) {
                let day = 1 + rng.below(u64::from(m.days())) as u32;
                let amount = amounts[rng.below(amounts.len() as u64) as usize];
                let date = m.day_clamped(day).to_string();
                out.push(pay(&date, merchant, amount, None));
            }
        }
        out
    }

    /// Chaining's work grows with the charges, not with their square: a merchant paid
    /// every two hours, day and night, any of 200 amounts (the dense statement of
    /// BENCHMARKS.md) costs four times the steps for four times the charges, give or take.
    #[test]
    fn chaining_work_is_linear_in_a_dense_merchant() {
        let dense = |n: usize| -> Vec<Transaction> {
            let mut rng = Lcg(11);
            let start = d("2020-01-01").and_hms_opt(0, 0, 0).unwrap();
            (0..n)
                .map(|k| {
                    let at = start + Duration::hours(2 * k as i64);
                    let amount = 100 * (1 + rng.below(200) as i64);
                    Transaction::new(at, "넥슨", amount, Status::Approved)
                })
                .collect()
        };
        let work = |n: usize| {
            crate::work::take();
            subs(dense(n), "2030-01-01");
            crate::work::take()
        };
        crate::work::assert_linear("charges", 8_000, work);
    }

    #[test]
    fn a_stream_inside_a_noisy_merchant() {
        let mut rng = Lcg(7);
        let months: Vec<String> = (0..12)
            .map(|k| Month::parse("2024-07").unwrap().plus(k).to_string())
            .collect();
        let months: Vec<&str> = months.iter().map(String::as_str).collect();
        let mut txs = monthly("Google Play", 14_900, 3, &months);
        // In-app purchases, some at the subscription's own price, no 결제유형 column.
        txs.extend(random_purchases(
            &mut rng,
            "구글플레이",
            &[1_100, 4_400, 11_000, 33_000, 3_300, 5_500],
            3,
            12,
        ));
        txs.push(pay("2024-11-21", "Google Play", 14_900, None));
        txs.push(pay("2025-03-27", "Google Play", 14_900, None));
        let s = subs(txs, "2025-06-20");
        assert_eq!(
            brief(&s),
            one("Google Play", Cadence::Monthly, 14_900, 12, "2025-07-03")
        );
    }

    #[test]
    fn a_refunded_month_does_not_hide_a_stream_at_a_busy_merchant() {
        let months: Vec<String> = (0..24)
            .map(|k| Month::parse("2023-07").unwrap().plus(k).to_string())
            .collect();
        // 와우 멤버십 on the 11th for two years, one month refunded (missing), at a
        // shop with a dozen other purchases a month.
        let with_gaps = |gaps: &[usize]| -> Vec<Transaction> {
            let kept: Vec<&str> = months
                .iter()
                .enumerate()
                .filter(|(k, _)| !gaps.contains(k))
                .map(|(_, m)| m.as_str())
                .collect();
            let mut txs = monthly("쿠팡", 7_890, 11, &kept);
            let mut shop = random_purchases(&mut Lcg(11), "쿠팡", &[9_900, 12_000, 23_500], 6, 24);
            for t in &mut shop {
                t.set_at(t.at() - Duration::days(365));
            }
            txs.extend(shop);
            txs
        };
        let s = subs(with_gaps(&[9]), "2025-06-20");
        assert_eq!(
            brief(&s),
            one("쿠팡", Cadence::Monthly, 7_890, 23, "2025-07-11")
        );
        // Three months missing in two years is no longer plainly regular there.
        assert!(subs(with_gaps(&[3, 9, 15]), "2025-06-20").is_empty());
    }

    #[test]
    fn irregular_spending_is_never_a_subscription() {
        for seed in 0..300 {
            let mut rng = Lcg(seed);
            let mut txs = random_purchases(&mut rng, "쿠팡", &[8_900, 12_800, 19_900], 3, 15);
            txs.extend(random_purchases(
                &mut rng,
                "동네 반찬가게",
                &[12_000],
                1,
                15,
            ));
            txs.extend(random_purchases(
                &mut rng,
                "Google Play",
                &[1_100, 4_400, 11_000],
                2,
                15,
            ));
            let s = subs(txs, "2025-10-01");
            assert!(
                s.is_empty(),
                "seed {seed}: {:?} {:?}",
                brief(&s),
                s.iter().map(|s| &s.charges).collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn a_stopped_subscription() {
        let s = subs(monthly("밀리의서재", 9_900, 25, &MONTHS[..4]), "2025-06-02");
        assert_eq!(
            brief(&s),
            [(
                "밀리의서재".to_string(),
                Cadence::Monthly,
                9_900,
                4,
                None,
                SubStatus::Stopped
            )]
        );
        assert_eq!(summary(&s, d("2025-06-02")).active, 0);
        // Within the grace period it is still active.
        let s = subs(monthly("밀리의서재", 9_900, 25, &MONTHS[..4]), "2025-05-31");
        assert_eq!(s[0].status, SubStatus::Active);
        assert_eq!(s[0].next_due, Some(d("2025-05-25")));
    }

    #[test]
    fn two_subscriptions_at_one_merchant() {
        let mut txs = monthly("Google Play", 14_900, 3, &MONTHS);
        txs.extend(monthly("Google Play", 2_400, 20, &MONTHS));
        let s = subs(txs, "2025-07-01");
        assert_eq!(
            brief(&s),
            [
                one("Google Play", Cadence::Monthly, 14_900, 6, "2025-07-03"),
                one("Google Play", Cadence::Monthly, 2_400, 6, "2025-07-20"),
            ]
            .concat()
        );
        assert!(s.iter().all(|s| s.price_changes.is_empty()));
    }

    #[test]
    fn evidence_lowers_the_count_to_two() {
        // Two charges: enough for 월자동결제 or a known service, not for an unknown shop.
        let mut auto = monthly("헬스앱 프리미엄", 5_500, 9, &MONTHS[4..]);
        for t in &mut auto {
            t.set_billing(Billing {
                pay_kind: Some("월자동결제".into()),
                ..Billing::default()
            });
        }
        assert_eq!(subs(auto, "2025-07-01")[0].evidence, Evidence::AutoPayment);
        let known = subs(monthly("넷플릭스", 13_500, 9, &MONTHS[4..]), "2025-07-01");
        assert_eq!(known[0].evidence, Evidence::KnownService);
        assert!(subs(
            monthly("헬스앱 프리미엄", 5_500, 9, &MONTHS[4..]),
            "2025-07-01"
        )
        .is_empty());
        // A charge the statement calls 일반결제 is a one-off, however regular.
        let mut one_off = monthly("헬스앱 프리미엄", 5_500, 9, &MONTHS);
        for t in &mut one_off {
            t.set_billing(Billing {
                pay_kind: Some("일반결제".into()),
                ..Billing::default()
            });
        }
        assert!(subs(one_off, "2025-07-01").is_empty());
    }

    #[test]
    fn cancelled_charges_and_future_charges_do_not_count() {
        let mut txs = monthly("헬스앱 프리미엄", 5_500, 9, &MONTHS[..3]);
        let refund = Transaction::new(
            d("2025-03-10").and_hms_opt(10, 0, 0).unwrap(),
            "헬스앱 프리미엄",
            5_500,
            Status::Cancelled,
        );
        txs.push(refund);
        assert!(subs(txs, "2025-04-01").is_empty(), "2 charges left");
        let s = subs(monthly("헬스앱 프리미엄", 5_500, 9, &MONTHS), "2025-03-20");
        assert_eq!(s[0].occurrences, 3);
        assert_eq!(s[0].last_seen, d("2025-03-09"));
    }

    #[test]
    fn overlaps_and_savings() {
        let mut txs = monthly("멜론", 11_900, 15, &MONTHS);
        txs.extend(monthly("지니뮤직", 10_900, 2, &MONTHS));
        txs.extend(monthly("넷플릭스", 13_500, 7, &MONTHS));
        let s = subs(txs, "2025-07-01");
        let sum = summary(&s, d("2025-07-01"));
        assert_eq!(
            sum.overlaps,
            [Overlap {
                category: Category::Music,
                merchants: vec!["멜론".into(), "지니뮤직".into()]
            }]
        );
        assert_eq!(
            sum.savings
                .iter()
                .map(|x| (x.merchant.as_str(), x.annual_saving))
                .collect::<Vec<_>>(),
            [
                ("넷플릭스", 162_000),
                ("멜론", 142_800),
                ("지니뮤직", 130_800)
            ]
        );
        assert_eq!((sum.active, sum.monthly_cost), (3, 36_300));
    }
}
