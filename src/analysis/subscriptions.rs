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

use super::categories::Classified;
use crate::coverage::Coverage;
use crate::ledger::{netting, Entry};
use crate::month::Month;
use chrono::{Datelike, Duration, NaiveDate};
use foldhash::{HashMap, HashMapExt};
use serde::Serialize;
use soaek_merchants::Category;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Cadence {
    Weekly,
    Monthly,
    Yearly,
}

impl Cadence {
    pub const ALL: [Cadence; 3] = [Cadence::Monthly, Cadence::Weekly, Cadence::Yearly];

    /// Days a charge may move from its expected date (weekends, holidays, retries).
    fn tolerance(self) -> i64 {
        match self {
            Cadence::Weekly => 1,
            Cadence::Monthly => 4,
            Cadence::Yearly => 7,
        }
    }

    /// Periods a chain may step at once: 2 allows one skipped week or month.
    fn max_step(self) -> i32 {
        match self {
            Cadence::Weekly | Cadence::Monthly => 2,
            Cadence::Yearly => 1,
        }
    }

    /// Days after the due date before a missing charge means the subscription stopped.
    pub fn grace_days(self) -> i64 {
        match self {
            Cadence::Weekly => 3,
            Cadence::Monthly => 7,
            Cadence::Yearly => 14,
        }
    }

    fn period_days(self) -> i64 {
        match self {
            Cadence::Weekly => 7,
            Cadence::Monthly => 30,
            Cadence::Yearly => 365,
        }
    }

    /// (monthly cost, annual cost) of one charge of `amount`, in whole won (half up).
    pub fn costs(self, amount: i64) -> (i64, i64) {
        match self {
            Cadence::Weekly => ((amount * 52 + 6) / 12, amount * 52),
            Cadence::Monthly => (amount, amount * 12),
            Cadence::Yearly => ((amount + 6) / 12, amount),
        }
    }
}

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

/// Where a cadence expects its charges: slots are consecutive periods.
#[derive(Debug, Clone, Copy)]
enum Frame {
    /// Every 7 days from the origin.
    Weekly(NaiveDate),
    /// On this day of every month (clamped to the month's end).
    Monthly(u32),
    /// On this month and day every year.
    Yearly(u32, u32),
}

impl Frame {
    fn new(cadence: Cadence, d: NaiveDate) -> Frame {
        match cadence {
            Cadence::Weekly => Frame::Weekly(d),
            Cadence::Monthly => Frame::Monthly(effective_day(d)),
            Cadence::Yearly => Frame::Yearly(d.month(), effective_day(d)),
        }
    }

    fn expected(self, slot: i32) -> NaiveDate {
        match self {
            Frame::Weekly(origin) => origin + Duration::days(7 * i64::from(slot)),
            Frame::Monthly(day) => Month::from_index(slot).day_clamped(day),
            Frame::Yearly(month, day) => Month { year: slot, month }.day_clamped(day),
        }
    }

    /// The nearest slot to `d` and the distance in days.
    fn slot_of(self, d: NaiveDate) -> (i32, i64) {
        let guess = match self {
            Frame::Weekly(origin) => ((d - origin).num_days() as f64 / 7.0).round() as i32,
            Frame::Monthly(_) => Month::of(d).index(),
            Frame::Yearly(..) => d.year(),
        };
        (guess - 1..=guess + 1)
            .map(|s| (s, (d - self.expected(s)).num_days().abs()))
            .min_by_key(|&(s, dist)| (dist, s))
            .unwrap_or((guess, i64::MAX))
    }
}

/// The day of the month, with the last day of a month counted as 31: a charge on
/// 31 January, 28 February and 30 April is one "month end" stream.
fn effective_day(d: NaiveDate) -> u32 {
    if d.day() == Month::of(d).days() {
        31
    } else {
        d.day()
    }
}

/// A charge that may belong to a stream.
#[derive(Debug, Clone)]
struct Candidate<'a> {
    entry: usize,
    /// Billed as 콘텐츠이용료.
    content: bool,
    date: NaiveDate,
    amount: i64,
    item: Option<&'a str>,
    auto: bool,
}

/// A run of regular charges at one amount.
#[derive(Debug, Clone)]
struct Chain {
    cadence: Cadence,
    frame: Frame,
    /// Indices into the merchant's candidates.
    members: Vec<usize>,
    slots: Vec<i32>,
    skipped: u32,
    /// A member carrying the chain's usual item text, once the chain is complete.
    item: Option<usize>,
}

impl Chain {
    fn last_slot(&self) -> i32 {
        self.slots.last().copied().unwrap_or_default()
    }

    /// Re-anchor a monthly chain on the day most of its charges fall on (a clear
    /// majority only: shifted or random days leave the anchor where it is).
    fn reanchor(&mut self, cands: &[Candidate<'_>]) {
        if let Frame::Monthly(current) = self.frame {
            let mut counts = [0u32; 32];
            for &i in &self.members {
                counts[effective_day(cands[i].date) as usize] += 1;
            }
            let best = (1..32).max_by_key(|&d| (counts[d], d == current as usize));
            if let Some(best) = best.filter(|&d| counts[d] > counts[current as usize]) {
                self.frame = Frame::Monthly(best as u32);
            }
        }
    }
}

/// Chain the charges of one merchant and amount (`idx`, in time order) for `cadence`.
fn chains(cands: &[Candidate<'_>], idx: &[usize], cadence: Cadence) -> Vec<Chain> {
    let (first, last) = match (idx.first(), idx.last()) {
        (Some(&f), Some(&l)) => (cands[f].date, cands[l].date),
        _ => return Vec::new(),
    };
    // Far more charges than periods: not a stream (and would make chaining quadratic).
    let periods = (last - first).num_days() / cadence.period_days() + 1;
    if idx.len() as i64 > 3 * periods {
        return Vec::new();
    }
    let tol = cadence.tolerance();
    let mut open: Vec<Chain> = Vec::new();
    let mut done: Vec<Chain> = Vec::new();
    for &i in idx {
        let d = cands[i].date;
        // Close chains whose next charge could no longer come.
        done.extend(open.extract_if(.., |c| {
            c.frame.expected(c.last_slot() + cadence.max_step()) + Duration::days(tol) < d
        }));
        let best = open
            .iter()
            .enumerate()
            .filter_map(|(k, c)| {
                let (slot, dist) = c.frame.slot_of(d);
                let step = slot - c.last_slot();
                (dist <= tol && (1..=cadence.max_step()).contains(&step)).then_some((dist, k, slot))
            })
            .min_by_key(|&(dist, k, _)| (dist, k));
        match best {
            Some((_, k, slot)) => {
                let c = &mut open[k];
                c.skipped += (slot - c.last_slot() - 1) as u32;
                c.members.push(i);
                c.slots.push(slot);
                c.reanchor(cands);
            }
            None => {
                let frame = Frame::new(cadence, d);
                open.push(Chain {
                    cadence,
                    frame,
                    members: vec![i],
                    slots: vec![frame.slot_of(d).0],
                    skipped: 0,
                    item: None,
                });
            }
        }
    }
    done.extend(open);
    done
}

/// The most common item text of `members`, if any has one.
fn usual_item<'a>(cands: &[Candidate<'a>], members: &[usize]) -> Option<&'a str> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for &i in members {
        if let Some(item) = cands[i].item {
            match counts.iter_mut().find(|(s, _)| *s == item) {
                Some(c) => c.1 += 1,
                None => counts.push((item, 1)),
            }
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))
        .map(|(s, _)| s)
}

/// One stream: chains joined across price changes.
#[derive(Debug, Clone)]
struct Stream {
    chains: Vec<Chain>,
}

impl Stream {
    fn members(&self) -> impl Iterator<Item = usize> + '_ {
        self.chains.iter().flat_map(|c| c.members.iter().copied())
    }
    fn last(&self) -> &Chain {
        &self.chains[self.chains.len() - 1]
    }
}

/// Whether chain `b` continues stream `s` at a new price.
fn continues(s: &Stream, b: &Chain, cands: &[Candidate<'_>]) -> bool {
    let a = s.last();
    let (Some(&a_last), Some(&b_first)) = (a.members.last(), b.members.first()) else {
        return false;
    };
    let (pa, pb) = (cands[a_last].amount, cands[b_first].amount);
    let single = b.members.len() == 1;
    if (!single && a.cadence != b.cadence) || pa == pb || cands[a_last].date >= cands[b_first].date
    {
        return false;
    }
    // The cheap test first: a price change stays within half to double (a quarter
    // for a lone charge).
    let within = if single {
        pa * 4 <= pb * 5 && pb * 4 <= pa * 5
    } else {
        pa <= pb * 2 && pb <= pa * 2
    };
    let items_known = a.item.is_some_and(|i| cands[i].item.is_some())
        && b.item.is_some_and(|i| cands[i].item.is_some());
    if !(within || (single && items_known)) {
        return false;
    }
    let (slot, dist) = a.frame.slot_of(cands[b_first].date);
    let step = slot - a.last_slot();
    if dist > a.cadence.tolerance() || !(1..=a.cadence.max_step()).contains(&step) {
        return false;
    }
    let (ia, ib) = (
        a.item.and_then(|i| cands[i].item),
        b.item.and_then(|i| cands[i].item),
    );
    if single {
        // A single charge at a new price: only the next period, on the day (±1), and
        // only when it is plainly the same product.
        step == 1
            && dist <= 1
            && match (ia, ib) {
                (Some(x), Some(y)) => x == y,
                (None, None) => pa * 4 <= pb * 5 && pb * 4 <= pa * 5,
                _ => false,
            }
    } else {
        pa <= pb * 2 && pb <= pa * 2 && !matches!((ia, ib), (Some(x), Some(y)) if x != y)
    }
}

/// Categories where the same amount at the same time of year is ordinary shopping, not
/// a yearly subscription.
fn yearly_needs_statement(c: Category) -> bool {
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

/// Find the subscriptions in `entries` as of `as_of`. `matches` is the cancellation
/// matching of the ledger, `who` the classified merchants.
pub fn find(
    entries: &[Entry],
    matches: &netting::Matches,
    who: &Classified,
    as_of: NaiveDate,
    coverage: &Coverage,
) -> Vec<Subscription> {
    let gone = netting::fully_cancelled(entries, matches);
    // Each merchant's possible charges, as positions (4 bytes each); the candidates are
    // built one merchant at a time.
    let mut by_merchant: HashMap<u32, Vec<u32>> = HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        let tx = &e.tx;
        let one_off = tx.pay_kind.is_some() && !tx.is_auto_payment();
        if tx.status.is_cancellation() || one_off || tx.at.date() > as_of || gone[i] {
            continue;
        }
        by_merchant.entry(who.of[i]).or_default().push(i as u32);
    }
    let mut merchants: Vec<u32> = by_merchant.keys().copied().collect();
    merchants.sort_unstable();
    let mut out = Vec::new();
    for m in merchants {
        let cands: Vec<Candidate<'_>> = by_merchant[&m]
            .iter()
            .map(|&i| {
                let tx = &entries[i as usize].tx;
                Candidate {
                    entry: i as usize,
                    content: who.is_content(entries, i as usize),
                    date: tx.at.date(),
                    amount: tx.amount.0,
                    item: tx.item.as_deref(),
                    auto: tx.is_auto_payment(),
                }
            })
            .collect();
        let merchant = &who.merchants[m as usize];
        let buckets = by_amount(&cands);
        out.extend(
            streams(&cands, &buckets, as_of)
                .into_iter()
                .filter_map(|s| subscription(&s, &cands, &buckets, merchant, as_of, coverage)),
        );
    }
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

/// Each amount's charges, by index into the merchant's candidates (in time order).
fn by_amount(cands: &[Candidate<'_>]) -> HashMap<i64, Vec<usize>> {
    let mut by_amount: HashMap<i64, Vec<usize>> = HashMap::new();
    for (i, c) in cands.iter().enumerate() {
        by_amount.entry(c.amount).or_default().push(i);
    }
    by_amount
}

/// The streams of one merchant's charges (in time order).
fn streams(
    cands: &[Candidate<'_>],
    by_amount: &HashMap<i64, Vec<usize>>,
    as_of: NaiveDate,
) -> Vec<Stream> {
    let mut amounts: Vec<i64> = by_amount.keys().copied().collect();
    amounts.sort_unstable();
    let mut all: Vec<Chain> = Vec::new();
    for amount in amounts {
        for cadence in Cadence::ALL {
            all.extend(chains(cands, &by_amount[&amount], cadence));
        }
    }
    // Longest chains first; a charge belongs to one chain.
    all.sort_by(|a, b| {
        b.members
            .len()
            .cmp(&a.members.len())
            .then_with(|| a.cadence.cmp(&b.cadence).reverse())
            .then_with(|| a.members.cmp(&b.members))
    });
    let mut taken = vec![false; cands.len()];
    let mut kept: Vec<Chain> = Vec::new();
    // A lone charge matters only as a stream's newest price, seen once so far.
    let recent = as_of - Duration::days(62);
    for mut c in all {
        if c.members.iter().any(|&i| taken[i])
            || (c.members.len() == 1 && cands[c.members[0]].date < recent)
        {
            continue;
        }
        for &i in &c.members {
            taken[i] = true;
        }
        let usual = usual_item(cands, &c.members);
        c.item = c.members.iter().copied().find(|&i| cands[i].item == usual);
        kept.push(c);
    }
    // Join price changes: chains in time order, each continuing an earlier stream. Streams
    // are indexed by the days their next charge may come (one or two periods on).
    kept.sort_by_key(|c| c.members.first().copied());
    let mut streams: Vec<Stream> = Vec::new();
    let mut due: HashMap<i32, Vec<usize>> = HashMap::new();
    let index = |due: &mut HashMap<i32, Vec<usize>>, s: &Stream, k: usize| {
        let a = s.last();
        for step in 1..=a.cadence.max_step() {
            let day = a.frame.expected(a.last_slot() + step).num_days_from_ce();
            due.entry(day).or_default().push(k);
        }
    };
    let widest = Cadence::ALL
        .iter()
        .map(|c| c.tolerance())
        .max()
        .unwrap_or(0) as i32;
    for mut c in kept {
        let Some(d) = c.members.first().map(|&i| cands[i].date) else {
            continue;
        };
        let day = d.num_days_from_ce();
        let mut near: Vec<usize> = (day - widest..=day + widest)
            .filter_map(|x| due.get(&x))
            .flatten()
            .copied()
            .collect();
        near.sort_unstable();
        near.dedup();
        let open = near
            .into_iter()
            .filter(|&k| continues(&streams[k], &c, cands))
            .min_by_key(|&k| (streams[k].last().frame.slot_of(d).1, k));
        match open {
            Some(k) => {
                if c.members.len() == 1 {
                    // A lone charge takes the stream's cadence and anchor.
                    let a = streams[k].last();
                    c.cadence = a.cadence;
                    c.frame = a.frame;
                    c.slots = vec![a.frame.slot_of(d).0];
                }
                streams[k].chains.push(c);
                index(&mut due, &streams[k], k);
            }
            None if c.members.len() >= 2 => {
                streams.push(Stream { chains: vec![c] });
                let k = streams.len() - 1;
                index(&mut due, &streams[k], k);
            }
            None => {}
        }
    }
    streams
}

/// The stream as a subscription, if it has the evidence to be one.
fn subscription(
    s: &Stream,
    cands: &[Candidate<'_>],
    by_amount: &HashMap<i64, Vec<usize>>,
    merchant: &soaek_merchants::Merchant,
    as_of: NaiveDate,
    coverage: &Coverage,
) -> Option<Subscription> {
    let members: Vec<usize> = s.members().collect();
    let n = members.len();
    let cadence = s.last().cadence;
    let auto = members.iter().any(|&i| cands[i].auto);
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
    let (first, last) = (cands[members[0]].date, cands[members[n - 1]].date);
    // Other charges of the merchant: in the span, and at the stream's prices in the span
    // and over the whole history (candidates and buckets are in time order).
    let count_in_span = |dates: &[usize]| -> usize {
        let lo = dates.partition_point(|&i| cands[i].date < first);
        let hi = dates.partition_point(|&i| cands[i].date <= last);
        hi - lo
    };
    let lo = cands.partition_point(|c| c.date < first);
    let hi = cands.partition_point(|c| c.date <= last);
    let others = (hi - lo).saturating_sub(n);
    let mut amounts: Vec<i64> = members.iter().map(|&i| cands[i].amount).collect();
    amounts.sort_unstable();
    amounts.dedup();
    let (mut same_in_span, mut same_ever) = (0, 0);
    for a in &amounts {
        let bucket = by_amount.get(a).map_or(&[][..], Vec::as_slice);
        let mine = members.iter().filter(|&&i| cands[i].amount == *a).count();
        same_in_span += count_in_span(bucket).saturating_sub(mine);
        same_ever += bucket.len().saturating_sub(mine);
    }
    // Without 월자동결제, a stream drowned in same-price charges at other times is
    // irregular spending.
    if !auto && same_in_span * 4 > n {
        return None;
    }
    // At a merchant that also sells other things (an app with in-app purchases), a
    // known service or a yearly charge needs the same proof as an unknown one.
    let busy = others * 2 >= n || cadence == Cadence::Weekly;
    if evidence == Evidence::Regular || (evidence != Evidence::AutoPayment && busy) {
        // Regular charges fall on their day (±1) at least two times in three, and are
        // most of the merchant's charges at that price. Weekly, or at a merchant with
        // other purchases in the span, it takes four, with at most one period skipped
        // (a refunded month) per twelve charges.
        let exact = s
            .chains
            .iter()
            .flat_map(|c| c.members.iter().map(|&i| c.frame.slot_of(cands[i].date).1))
            .filter(|&dist| dist <= 1)
            .count();
        if exact * 3 < n * 2 || same_ever * 2 > n || (busy && (n < 4 || skipped as usize * 12 > n))
        {
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
fn says_what_service(c: Category) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::categories::classify;
    use crate::ledger::{dedup::keys_for_file, netting::match_cancellations, Ledger};
    use soaek_import::{Status, Transaction};
    use soaek_merchants::Categorizer;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// A charge on `date` at 09:00, with an optional 결제유형.
    fn pay(date: &str, merchant: &str, amount: i64, kind: Option<&str>) -> Transaction {
        let at = d(date).and_hms_opt(9, 0, 0).unwrap();
        Transaction {
            pay_kind: kind.map(Into::into),
            ..Transaction::new(at, merchant, amount, Status::Approved)
        }
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
        let mut coverage = Coverage::of_dates(ledger.entries().iter().map(|e| e.tx.at.date()));
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
                t.at -= Duration::days(365);
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
            t.pay_kind = Some("월자동결제".into());
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
            t.pay_kind = Some("일반결제".into());
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
