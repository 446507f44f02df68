//! Suspicious payments: the traces real micropayment fraud leaves (smishing apps buying
//! gift certificates, the 2025 fake-base-station attack's night-time 상품권 and transit
//! top-ups, cash-out schemes maxing the limit), each alert explained in words with what
//! to do.
//!
//! Kinds: `gift_card` (a high-risk merchant, unless it is the user's daytime habit),
//! `night` (00:00–05:59 KST), `burst` (3 payments in 10 minutes, or 2 high-risk ones in
//! 30; more at the hours when the user's ordinary pace is that fast, see
//! [`burst_counts`]), `duplicate` (same merchant and amount within 2 minutes, unless
//! that pair comes so often that a repeat is ordinary), `first_seen_large` (a new
//! merchant, at least max(30,000, the user's 95th percentile)), `spike` (the month's
//! net passes 2× its avg3) and `maxout` (the month reaches 95% of the current limit).
//! A subscription's regular charge is never alerted for its hour.

use super::categories::Classified;
use super::kind::SpendKind;
use super::subscriptions::Subscription;
use crate::ledger::{netting, Entry};
use crate::month::Month;
use chrono::{Duration, NaiveDate, NaiveDateTime, Timelike};
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    GiftCard,
    Night,
    Burst,
    Duplicate,
    FirstSeenLarge,
    Spike,
    Maxout,
}

/// How sure the pattern is. Also `alerts --min-severity` (낮음, 중간, 높음 too).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    #[value(alias = "낮음")]
    Low,
    #[value(alias = "중간")]
    Medium,
    #[value(alias = "높음")]
    High,
}

/// One suspicious payment and the facts its words are made of (`words::alerts`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alert {
    pub at: NaiveDateTime,
    pub merchant: String,
    pub amount: i64,
    pub kinds: Vec<Kind>,
    pub severity: Severity,
    /// The cap the payment counts against (named by a `maxout`).
    pub cap: SpendKind,
    /// What "large" meant for `first_seen_large`: max(30,000원, the 95th percentile).
    pub first_seen_threshold: i64,
    /// The statement's approval number, to quote when asking for a cancellation.
    pub approval_no: Option<String>,
    /// Already cancelled in full (still part of the pattern).
    pub cancelled: bool,
}

/// What the alerts look at besides the ledger.
pub struct Context<'a> {
    pub subs: &'a [Subscription],
    /// The current limit of each cap: 소액결제, then 콘텐츠이용료.
    pub limits: [Option<i64>; 2],
    pub as_of: NaiveDate,
}

/// Night is from midnight to this hour (00:00–05:59): the same in alerts, charts and words.
pub const NIGHT_END_HOUR: u32 = 6;
/// A cap's spend this month at this share of its limit is near the limit.
pub const NEAR_LIMIT_PERCENT: i64 = 95;
const BURST_WINDOW_MIN: i64 = 10;
const BURST_COUNT: usize = 3;
const RISKY_WINDOW_MIN: i64 = 30;
const RISKY_COUNT: usize = 2;
/// A repeat of the same merchant and amount is a possible double charge only when the
/// user's own pace for that pair makes one within the window less likely than this.
const DUPLICATE_CHANCE: f64 = 0.01;
pub const DUPLICATE_WINDOW_MIN: i64 = 2;
const FIRST_SEEN_FLOOR: i64 = 30_000;
/// Days of history before a merchant can be "new".
const LEARNING_DAYS: i64 = 30;

/// What both halves of [`find`] look at.
struct Look<'a> {
    entries: &'a [Entry],
    matches: &'a netting::Matches,
    who: &'a Classified,
    ctx: &'a Context<'a>,
    /// Approvals cancelled in full, by position.
    cancelled: &'a [bool],
    /// Charges of a found subscription, by position.
    is_sub_charge: &'a [bool],
}

impl Look<'_> {
    /// Payments by position, up to the as-of date.
    fn pays(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.entries.len()).filter(|&i| {
            let tx = &self.entries[i].tx;
            !tx.status.is_cancellation() && tx.at.date() <= self.ctx.as_of
        })
    }

    fn risky(&self, i: usize) -> bool {
        self.who.merchants[self.who.of[i] as usize].high_risk
    }

    /// `gift_card`, `night`, `first_seen_large`, `spike` and `maxout`, payment by
    /// payment in time order; with the first-seen threshold (for the reason's text).
    fn one_by_one(&self) -> (Vec<(usize, Kind)>, i64) {
        let (entries, who, ctx) = (self.entries, self.who, self.ctx);
        let (matches, is_sub_charge) = (self.matches, self.is_sub_charge);
        let gone = |i: usize| self.cancelled[i];
        let risky = |i: usize| self.risky(i);
        let mut flags = Vec::new();
        let mut add = |i: usize, k: Kind| flags.push((i, k));
        // gift_card, unless a daytime habit: the merchant bought from in 3 earlier months,
        // in daytime, for at most this amount.
        let mut habit: HashMap<u32, (HashSet<Month>, i64)> = HashMap::new();
        for i in self.pays() {
            let tx = &entries[i].tx;
            let night = tx.time_known && tx.at.hour() < NIGHT_END_HOUR;
            if risky(i) {
                let h = habit
                    .entry(who.of[i])
                    .or_insert_with(|| (HashSet::new(), 0));
                // Payments come in time order: every month in the set is this one or earlier.
                let month = Month::of(tx.at.date());
                let earlier = h.0.len() - usize::from(h.0.contains(&month));
                let usual = earlier >= 3 && tx.amount.0 <= h.1;
                if night || !usual {
                    add(i, Kind::GiftCard);
                }
                if !night {
                    h.0.insert(Month::of(tx.at.date()));
                    h.1 = h.1.max(tx.amount.0);
                }
            }
            if night && !is_sub_charge[i] {
                add(i, Kind::Night);
            }
        }

        let spent: Vec<u32> = self
            .pays()
            .filter(|&i| !gone(i))
            .map(|i| i as u32)
            .collect();
        let tx = |i: u32| &entries[i as usize].tx;
        // first_seen_large: the user's 95th percentile of approvals.
        let p95 = {
            let mut amounts: Vec<i64> = spent.iter().map(|&i| tx(i).amount.0).collect();
            let at = (amounts.len() * 95).div_ceil(100).saturating_sub(1);
            if at < amounts.len() {
                *amounts.select_nth_unstable(at).1
            } else {
                0
            }
        };
        let threshold = p95.max(FIRST_SEEN_FLOOR);
        if let Some(&first) = spent.first() {
            let learned_from = tx(first).at + Duration::days(LEARNING_DAYS);
            let mut seen: HashSet<u32> = HashSet::new();
            for i in spent.iter().map(|&i| i as usize) {
                let tx = &entries[i].tx;
                if seen.insert(who.of[i]) && tx.at >= learned_from && tx.amount.0 >= threshold {
                    add(i, Kind::FirstSeenLarge);
                }
            }
        }

        // spike and maxout: the month's running net. Months are few: one sum per month
        // from the ledger's first to its last.
        let month_of = |e: &Entry| Month::of(e.tx.at.date()).index();
        let base = entries.first().map_or(0, month_of);
        let span = entries.last().map_or(0, |e| month_of(e) - base + 1);
        let mut by_month = vec![0i64; usize::try_from(span).unwrap_or(0)];
        for (i, e) in entries.iter().enumerate() {
            let at = netting::spend_time(entries, matches, i);
            let k = usize::try_from(Month::of(at.date()).index() - base).ok();
            if let (true, Some(sum)) = (
                e.tx.at.date() <= ctx.as_of,
                k.and_then(|k| by_month.get_mut(k)),
            ) {
                *sum += e.tx.signed_amount();
            }
        }
        let net_of = |m: Month| {
            usize::try_from(m.index() - base)
                .ok()
                .and_then(|k| by_month.get(k))
                .copied()
                .unwrap_or(0)
        };
        let first_month = spent.first().map(|&i| Month::of(tx(i).at.date()));
        let avg3 = |m: Month| -> Option<i64> {
            let first = first_month?;
            (m.plus(-3) >= first)
                .then(|| (1..=3).map(|k| net_of(m.plus(-k))).sum::<i64>() / 3)
                .filter(|a| *a > 0)
        };
        // Spent payments come in time order: one month after another.
        let mut month: Option<(Month, Option<i64>)> = None;
        let (mut running, mut spiked) = (0i64, false);
        // Near-limit: each cap against its own limit, in the as-of month only (today's
        // limits say nothing of past months).
        let this_month = Month::of(ctx.as_of);
        let (mut per_cap, mut maxed) = ([0i64; 2], [false; 2]);
        for i in spent.iter().map(|&i| i as usize) {
            let tx = &entries[i].tx;
            let m = Month::of(tx.at.date());
            let avg = match month {
                Some((current, avg)) if current == m => avg,
                _ => {
                    let avg = avg3(m);
                    month = Some((m, avg));
                    (running, spiked) = (0, false);
                    avg
                }
            };
            running += tx.amount.0;
            if avg.is_some_and(|a| running > 2 * a) && !spiked {
                spiked = true;
                add(i, Kind::Spike);
            }
            if m == this_month {
                let cap = usize::from(self.who.is_content(entries, i));
                per_cap[cap] += tx.amount.0;
                if let Some(limit) = ctx.limits[cap] {
                    if limit > 0 && per_cap[cap] * 100 >= limit * NEAR_LIMIT_PERCENT && !maxed[cap]
                    {
                        maxed[cap] = true;
                        add(i, Kind::Maxout);
                    }
                }
            }
        }

        (flags, threshold)
    }

    /// `burst` and `duplicate`: sliding windows over time (subscription charges excluded).
    fn in_windows(&self) -> Vec<(usize, Kind)> {
        let (entries, who) = (self.entries, self.who);
        let gone = |i: usize| self.cancelled[i];
        let risky = |i: usize| self.risky(i);
        let mut flags = Vec::new();
        let mut add = |i: usize, k: Kind| flags.push((i, k));
        let timed: Vec<u32> = self
            .pays()
            .filter(|&i| entries[i].tx.time_known && !self.is_sub_charge[i])
            .map(|i| i as u32)
            .collect();
        let tx = |i: u32| &entries[i as usize].tx;
        let times = |idx: &[u32]| -> Vec<i64> { idx.iter().map(|&i| secs(tx(i).at)).collect() };
        let days = match (timed.first(), timed.last()) {
            (Some(&a), Some(&b)) => (tx(b).at.date() - tx(a).at.date()).num_days() + 1,
            _ => 1,
        };
        let risky_timed: Vec<u32> = timed
            .iter()
            .copied()
            .filter(|&i| risky(i as usize))
            .collect();
        for (idx, window, base) in [
            (&timed, BURST_WINDOW_MIN, BURST_COUNT),
            (&risky_timed, RISKY_WINDOW_MIN, RISKY_COUNT),
        ] {
            let at = times(idx);
            let need = burst_counts(&at, days, window, base);
            for k in in_bursts(&at, window, &need) {
                add(idx[k] as usize, Kind::Burst);
            }
        }
        // duplicate: the same merchant and amount again within minutes, unless that pair
        // comes so often (a shop's daily order) that a repeat is ordinary.
        // Per pair: how many times it comes, then (second pass) when it was last seen.
        let mut pairs: HashMap<(u32, i64), (u64, Option<i64>)> = HashMap::new();
        for i in timed.iter().map(|&i| i as usize).filter(|&i| !gone(i)) {
            pairs
                .entry((who.of[i], entries[i].tx.amount.0))
                .or_default()
                .0 += 1;
        }
        let ordinary = |count: u64| {
            let per_minute = count as f64 / waking_minutes(days);
            1.0 - (-per_minute * DUPLICATE_WINDOW_MIN as f64).exp() >= DUPLICATE_CHANCE
        };
        let window = DUPLICATE_WINDOW_MIN * 60;
        for i in timed.iter().map(|&i| i as usize).filter(|&i| !gone(i)) {
            let tx = &entries[i].tx;
            if let Some((count, last)) = pairs.get_mut(&(who.of[i], tx.amount.0)) {
                let at = secs(tx.at);
                if last.is_some_and(|prev| at - prev <= window) && !ordinary(*count) {
                    add(i, Kind::Duplicate);
                }
                *last = Some(at);
            }
        }

        flags
    }
}

/// Find the alerts up to `ctx.as_of`, newest first.
pub fn find(
    entries: &[Entry],
    matches: &netting::Matches,
    who: &Classified,
    ctx: &Context<'_>,
) -> Vec<Alert> {
    // Fully cancelled approvals still show the fraud's trace (night, burst, gift cards)
    // and are alerted, marked as cancelled; they do not count as spend or duplicates.
    let cancelled = netting::fully_cancelled(entries, matches);
    let mut is_sub_charge = vec![false; entries.len()];
    for &i in ctx.subs.iter().flat_map(|s| &s.entries) {
        if let Some(flag) = is_sub_charge.get_mut(i) {
            *flag = true;
        }
    }
    let look = Look {
        entries,
        matches,
        who,
        ctx,
        cancelled: &cancelled,
        is_sub_charge: &is_sub_charge,
    };
    // Two halves that need nothing of each other, one core each.
    let ((mut flags, threshold), windows) = rayon::join(|| look.one_by_one(), || look.in_windows());
    flags.extend(windows);
    // By position: alerts at the same time and merchant keep the ledger's order.
    let mut kinds: BTreeMap<usize, Vec<Kind>> = BTreeMap::new();
    for (i, k) in flags {
        let v = kinds.entry(i).or_default();
        if !v.contains(&k) {
            v.push(k);
        }
    }
    let gone = |i: usize| cancelled[i];
    let merchant = |i: usize| &who.merchants[who.of[i] as usize];
    let mut out: Vec<Alert> = kinds
        .into_iter()
        .map(|(i, mut k)| {
            k.sort();
            let tx = &entries[i].tx;
            let m = merchant(i);
            let severity = severity(&k, m.high_risk);
            let amount = tx.amount.0;
            Alert {
                at: tx.at,
                merchant: m.name.clone(),
                amount,
                cancelled: gone(i),
                kinds: k,
                severity,
                cap: SpendKind::of(who.is_content(entries, i)),
                first_seen_threshold: threshold,
                approval_no: tx.approval_no.as_deref().map(str::to_string),
            }
        })
        .collect();
    out.sort_by(|a, b| b.at.cmp(&a.at).then_with(|| a.merchant.cmp(&b.merchant)));
    out
}

/// Minutes awake over `days` days (16 hours a day): the time payments are spread over.
fn waking_minutes(days: i64) -> f64 {
    days.max(1) as f64 * 16.0 * 60.0
}

/// How many payments within `window` minutes make a burst, for each hour of the day:
/// `base`, or more where the user's own pace makes `base` ordinary (a shop paying by
/// phone all day long). The pace at an hour is that of the payments in the five hours
/// around it over the `days` the history spans; the count is the smallest that a
/// Poisson stream at that pace reaches by chance about once in the whole history (in
/// less than 1 of `times.len()` windows, and never more often than 1 in 1,000).
fn burst_counts(times: &[i64], days: i64, window: i64, base: usize) -> [usize; 24] {
    let mut per_hour = [0u64; 24];
    for &t in times {
        per_hour[hour_of(t)] += 1;
    }
    let rarity = 1.0 / times.len().max(1_000) as f64;
    std::array::from_fn(|h| {
        let around: u64 = (0..5).map(|d| per_hour[(h + 22 + d) % 24]).sum();
        let mean = around as f64 / (5.0 * 60.0 * days.max(1) as f64) * window as f64;
        poisson_count(mean, base, rarity)
    })
}

/// The smallest count ≥ `base` that a Poisson variable of this mean reaches with a
/// probability below `rarity`.
fn poisson_count(mean: f64, base: usize, rarity: f64) -> usize {
    let mut p = (-mean).exp();
    if p == 0.0 {
        // A mean beyond ~700 a window: the normal approximation, far in the tail.
        return base.max((mean + 6.0 * mean.sqrt()).ceil() as usize);
    }
    // `below` is P(N < k), `p` is P(N = k).
    let (mut below, mut k) = (0.0, 0usize);
    loop {
        if k >= base && 1.0 - below < rarity {
            return k;
        }
        below += p;
        k += 1;
        p *= mean / k as f64;
    }
}

/// Seconds since 1970 of a local time: windows over a million payments compare and
/// subtract plain integers.
fn secs(t: NaiveDateTime) -> i64 {
    t.and_utc().timestamp()
}

/// The hour of the day of [`secs`].
fn hour_of(secs: i64) -> usize {
    (secs.rem_euclid(86_400) / 3_600) as usize
}

/// Indices of `times` (sorted, [`secs`]) that lie in some window of `window` minutes
/// holding at least the count `need` sets for the hour the window ends in.
fn in_bursts(times: &[i64], window: i64, need: &[usize; 24]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut start = 0;
    // Everything before `flagged` is already in `out`.
    let mut flagged = 0;
    let window = window * 60;
    for end in 0..times.len() {
        while times[start] < times[end] - window {
            start += 1;
        }
        if end + 1 - start >= need[hour_of(times[end])].max(1) {
            out.extend(flagged.max(start)..=end);
            flagged = end + 1;
        }
    }
    out
}

/// `high`: a high-risk payment at night or in a burst (the fraud signature); `medium`:
/// any other combination; `low`: one weak signal.
fn severity(kinds: &[Kind], high_risk: bool) -> Severity {
    if high_risk && (kinds.contains(&Kind::Night) || kinds.contains(&Kind::Burst)) {
        Severity::High
    } else if kinds.len() >= 2 {
        Severity::Medium
    } else {
        Severity::Low
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::categories::classify;
    use crate::analysis::subscriptions;
    use crate::ledger::{dedup::keys_for_file, netting::match_cancellations, Ledger};
    use soaek_import::{Status, Transaction};
    use soaek_merchants::Categorizer;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn pay(when: &str, merchant: &str, amount: i64) -> Transaction {
        Transaction::new(at(when), merchant, amount, Status::Approved)
    }

    /// Some ordinary history first, so merchants and amounts have a baseline.
    fn background() -> Vec<Transaction> {
        let mut v = Vec::new();
        for (i, m) in ["2025-03", "2025-04", "2025-05"].iter().enumerate() {
            v.push(pay(
                &format!("{m}-05 12:00"),
                "쿠팡",
                20_000 + i as i64 * 1_000,
            ));
            v.push(pay(&format!("{m}-12 19:30"), "배달의민족", 18_000));
            v.push(pay(&format!("{m}-20 14:10"), "쿠팡", 25_000));
        }
        v
    }

    fn alerts_with(txs: Vec<Transaction>, limit: Option<i64>) -> Vec<Alert> {
        alerts_as_of(txs, [limit, None], "2025-07-01")
    }

    fn alerts_as_of(txs: Vec<Transaction>, limits: [Option<i64>; 2], as_of: &str) -> Vec<Alert> {
        let ledger = Ledger::from_entries(keys_for_file(txs));
        let who = classify(ledger.entries(), &Categorizer::default());
        let matches = match_cancellations(ledger.entries());
        let as_of = NaiveDate::parse_from_str(as_of, "%Y-%m-%d").unwrap();
        let coverage = crate::coverage::Coverage::of_dates(
            ledger
                .entries()
                .iter()
                .map(|e| e.tx.at.date())
                .chain([as_of]),
        );
        let subs = subscriptions::find(ledger.entries(), &matches, &who, as_of, &coverage);
        let ctx = Context {
            subs: &subs,
            limits,
            as_of,
        };
        find(ledger.entries(), &matches, &who, &ctx)
    }

    fn alerts(extra: Vec<Transaction>) -> Vec<(String, Vec<Kind>, Severity)> {
        let mut txs = background();
        txs.extend(extra);
        brief(&alerts_with(txs, None))
    }

    fn brief(a: &[Alert]) -> Vec<(String, Vec<Kind>, Severity)> {
        let mut v: Vec<_> = a
            .iter()
            .map(|a| {
                (
                    a.at.format("%m-%d %H:%M").to_string(),
                    a.kinds.clone(),
                    a.severity,
                )
            })
            .collect();
        v.sort();
        v
    }

    fn one(when: &str, kinds: &[Kind], s: Severity) -> (String, Vec<Kind>, Severity) {
        (when.to_string(), kinds.to_vec(), s)
    }

    #[test]
    fn alerts_at_the_same_time_and_merchant_come_in_ledger_order() {
        // Twenty night payments in one minute at one shop: the same alerts, the same
        // order, every run (approval numbers order them in the ledger).
        let mut txs = background();
        for i in 0..20 {
            let mut tx = pay("2025-06-10 03:00", "쿠팡", 1_000 + i);
            tx.approval_no = Some(format!("A{i:02}").into());
            txs.push(tx);
        }
        let got: Vec<i64> = alerts_with(txs, None).iter().map(|a| a.amount).collect();
        assert_eq!(got, (1_000..1_020).collect::<Vec<i64>>());
    }

    #[test]
    fn the_background_alone_raises_nothing() {
        assert!(alerts(vec![]).is_empty());
    }

    #[test]
    fn gift_certificates_at_night_are_all_high() {
        let got = alerts(vec![
            pay("2025-06-14 02:41", "컬쳐랜드", 50_000),
            pay("2025-06-14 02:47", "해피머니", 50_000),
            pay("2025-06-14 02:58", "컬쳐랜드", 50_000),
        ]);
        // The first at each merchant is also new and large (50,000 is the user's top 5%),
        // and the third takes June past twice its 3-month average (64,000).
        let new = [
            Kind::GiftCard,
            Kind::Night,
            Kind::Burst,
            Kind::FirstSeenLarge,
        ];
        let k = [Kind::GiftCard, Kind::Night, Kind::Burst, Kind::Spike];
        assert_eq!(
            got,
            [
                one("06-14 02:41", &new, Severity::High),
                one("06-14 02:47", &new, Severity::High),
                one("06-14 02:58", &k, Severity::High),
            ]
        );
    }

    #[test]
    fn gift_card_alone_is_low_and_a_daytime_habit_is_quiet() {
        let got = alerts(vec![pay("2025-06-14 15:00", "컬쳐랜드", 10_000)]);
        assert_eq!(got, [one("06-14 15:00", &[Kind::GiftCard], Severity::Low)]);
        // Near miss: a T-money top-up every month in daytime, same amount.
        let habit = (3..=6)
            .map(|m| pay(&format!("2025-{m:02}-10 08:30"), "티머니", 10_000))
            .collect();
        let got = alerts(habit);
        assert_eq!(
            got,
            [
                one("03-10 08:30", &[Kind::GiftCard], Severity::Low),
                one("04-10 08:30", &[Kind::GiftCard], Severity::Low),
                one("05-10 08:30", &[Kind::GiftCard], Severity::Low),
            ],
            "from the fourth month on it is a habit"
        );
    }

    #[test]
    fn night_and_its_near_miss() {
        let got = alerts(vec![
            pay("2025-06-03 05:59", "쿠팡", 20_000),
            pay("2025-06-04 06:00", "쿠팡", 20_000),
        ]);
        assert_eq!(got, [one("06-03 05:59", &[Kind::Night], Severity::Low)]);
    }

    #[test]
    fn a_subscription_renewing_at_five_is_not_a_night_alert() {
        let subs = (3..=6)
            .map(|m| pay(&format!("2025-{m:02}-09 05:00"), "넷플릭스", 13_500))
            .collect();
        assert!(alerts(subs).is_empty());
    }

    #[test]
    fn burst_and_its_near_miss() {
        let got = alerts(vec![
            pay("2025-06-10 13:00", "쿠팡", 9_900),
            pay("2025-06-10 13:04", "배달의민족", 15_000),
            pay("2025-06-10 13:10", "쿠팡", 12_800),
        ]);
        assert_eq!(
            got,
            [
                one("06-10 13:00", &[Kind::Burst], Severity::Low),
                one("06-10 13:04", &[Kind::Burst], Severity::Low),
                one("06-10 13:10", &[Kind::Burst], Severity::Low),
            ]
        );
        // 11 minutes from first to last: no burst.
        let got = alerts(vec![
            pay("2025-06-10 13:00", "쿠팡", 9_900),
            pay("2025-06-10 13:04", "배달의민족", 15_000),
            pay("2025-06-10 13:11", "쿠팡", 12_800),
        ]);
        assert!(got.is_empty(), "{got:?}");
        // Two high-risk payments within 30 minutes in daytime: burst + gift_card → high.
        let got = alerts(vec![
            pay("2025-06-10 13:00", "컬쳐랜드", 20_000),
            pay("2025-06-10 13:29", "북앤라이프", 20_000),
        ]);
        let k = [Kind::GiftCard, Kind::Burst];
        assert_eq!(
            got,
            [
                one("06-10 13:00", &k, Severity::High),
                one("06-10 13:29", &k, Severity::High)
            ]
        );
    }

    /// [`secs`] of payments at the times `per_day` on each of `days` days.
    fn days_of(days: i64, per_day: &[&str]) -> Vec<i64> {
        (0..days)
            .flat_map(|d| {
                per_day
                    .iter()
                    .map(move |hm| secs(at(&format!("2025-01-01 {hm}")) + Duration::days(d)))
            })
            .collect()
    }

    #[test]
    fn windows_count_in_seconds_and_hours_of_the_local_day() {
        let (a, b) = (at("2025-01-01 23:59"), at("2025-01-02 00:09"));
        assert_eq!(secs(b) - secs(a), 600);
        assert_eq!((hour_of(secs(a)), hour_of(secs(b))), (23, 0));
        // Before 1970 too (a typo'd year must not panic or land in hour -1).
        assert_eq!(hour_of(secs(at("1969-12-31 22:30"))), 22);
        assert_eq!(in_bursts(&[secs(a), secs(b)], 10, &[2; 24]), [0, 1]);
        assert!(in_bursts(&[secs(a), secs(b) + 1], 10, &[2; 24]).is_empty());
    }

    #[test]
    fn the_burst_count_follows_the_users_own_pace() {
        // A household paying three times a day: three in ten minutes is a burst at any hour.
        let household = days_of(60, &["09:10", "13:30", "20:45"]);
        assert_eq!(
            burst_counts(&household, 60, BURST_WINDOW_MIN, BURST_COUNT),
            [3; 24]
        );
        // A gift card every third day: two in half an hour stays a burst.
        let gifts = days_of(30, &["15:00"]);
        assert_eq!(
            burst_counts(&gifts, 90, RISKY_WINDOW_MIN, RISKY_COUNT),
            [2; 24]
        );
        // A shop paying once a minute from 10:00 to 21:59 for 60 days: 10 a window in the
        // afternoon, where Poisson(10) passes 25 less than once in its 43,200 windows;
        // fewer around opening time; at night three is still a burst.
        let minutes: Vec<String> = (600..1320)
            .map(|m| format!("{:02}:{:02}", m / 60, m % 60))
            .collect();
        let minutes: Vec<&str> = minutes.iter().map(String::as_str).collect();
        let shop = days_of(60, &minutes);
        let need = burst_counts(&shop, 60, BURST_WINDOW_MIN, BURST_COUNT);
        assert_eq!((need[15], need[10], need[3], need[0]), (26, 19, 3, 3));
    }

    #[test]
    fn a_busy_ledger_alerts_its_real_burst_only() {
        // A payment every 2 minutes from 10:00 to 22:00 for 30 days: 6 in any 10 minutes,
        // 5 a window on average in the afternoon, where a burst needs 16.
        let mut txs = Vec::new();
        for d in 1..=30 {
            for k in 0..360 {
                let when = at(&format!("2025-06-{d:02} 10:00")) + Duration::minutes(2 * k);
                txs.push(Transaction::new(when, "쿠팡", 1_000, Status::Approved));
            }
        }
        let extra = |n: i64, when: &str| -> Vec<Transaction> {
            (0..n)
                .map(|k| {
                    let when = at(when) + Duration::seconds(30 * k);
                    Transaction::new(when, "쿠팡", 30_000 + k * 10, Status::Approved)
                })
                .collect()
        };
        // Twenty at 3 a.m.: a burst (and night). Five more in a busy afternoon: not one.
        txs.extend(extra(20, "2025-06-12 03:00"));
        txs.extend(extra(5, "2025-06-20 15:00"));
        let got = alerts_with(txs, None);
        let bursts: Vec<_> = got
            .iter()
            .filter(|a| a.kinds.contains(&Kind::Burst))
            .collect();
        assert_eq!(bursts.len(), 20, "the 20 at night, not the shop's pace");
        assert!(bursts.iter().all(|a| a.kinds == [Kind::Night, Kind::Burst]));
        // The same order every 2 minutes all day is the shop's pace, not a double charge.
        assert!(!got.iter().any(|a| a.kinds.contains(&Kind::Duplicate)));
    }

    #[test]
    fn duplicate_and_its_near_miss() {
        let got = alerts(vec![
            pay("2025-06-10 20:00", "배달의민족", 23_000),
            pay("2025-06-10 20:02", "배달의민족", 23_000),
            pay("2025-06-11 20:00", "배달의민족", 23_000),
            pay("2025-06-11 20:03", "배달의민족", 23_000),
        ]);
        assert_eq!(got, [one("06-10 20:02", &[Kind::Duplicate], Severity::Low)]);
    }

    #[test]
    fn first_seen_large_and_its_near_misses() {
        let got = alerts(vec![
            pay("2025-06-10 15:00", "동네 전자상가", 120_000),
            // New merchant, below the threshold (30,000 here).
            pay("2025-06-12 15:00", "동네 꽃집", 5_000),
        ]);
        assert_eq!(
            got,
            [one("06-10 15:00", &[Kind::FirstSeenLarge], Severity::Low)]
        );
        // A known merchant, however large, is not new.
        assert!(alerts(vec![pay("2025-06-11 15:00", "쿠팡", 35_000)]).is_empty());
        // Nothing is new in the first 30 days of history.
        let early = vec![
            pay("2025-03-01 12:00", "쿠팡", 20_000),
            pay("2025-03-09 15:00", "동네 전자상가", 120_000),
        ];
        assert!(alerts_with(early, None).is_empty());
    }

    #[test]
    fn spike_and_maxout() {
        // avg3 of June = (March–May) ≈ 63,000 a month; June passes 126,000 with the
        // payment on the 20th.
        let got = alerts(vec![
            pay("2025-06-05 12:00", "쿠팡", 60_000),
            pay("2025-06-12 12:00", "쿠팡", 60_000),
            pay("2025-06-20 12:00", "쿠팡", 60_000),
        ]);
        assert_eq!(got, [one("06-20 12:00", &[Kind::Spike], Severity::Low)]);
        // Near miss: 120,000 stays under twice the average.
        let got = alerts(vec![
            pay("2025-06-05 12:00", "쿠팡", 60_000),
            pay("2025-06-12 12:00", "쿠팡", 60_000),
        ]);
        assert!(got.is_empty(), "{got:?}");
        // With a 100,000 소액결제 limit, the second payment reaches 95% in June.
        let mut txs = background();
        txs.push(pay("2025-06-05 12:00", "쿠팡", 60_000));
        txs.push(pay("2025-06-12 12:00", "쿠팡", 35_000));
        let june = |txs: &Vec<Transaction>, limits| alerts_as_of(txs.clone(), limits, "2025-06-30");
        let got = june(&txs, [Some(100_000), None]);
        assert_eq!(
            brief(&got),
            [one("06-12 12:00", &[Kind::Maxout], Severity::Low)]
        );
        assert_eq!(got[0].cap, SpendKind::Micropayment);
        // Today's limit says nothing of a past month: as of July, June is not near it.
        assert!(alerts_with(txs.clone(), Some(100_000)).is_empty());
        // Each cap against its own limit: 콘텐츠이용료 spend does not fill 소액결제.
        assert!(june(&txs, [None, Some(100_000)]).is_empty());
        let mut apps = background();
        apps.push(pay("2025-06-05 12:00", "Google Play", 25_000));
        apps.push(pay("2025-06-12 12:00", "Google Play", 24_000));
        let got = june(&apps, [Some(1_000_000), Some(50_000)]);
        assert_eq!(
            brief(&got),
            [one("06-12 12:00", &[Kind::Maxout], Severity::Low)]
        );
        assert_eq!(got[0].cap, SpendKind::Content);
        txs.pop();
        txs.push(pay("2025-06-12 12:00", "쿠팡", 34_000));
        assert!(june(&txs, [Some(100_000), None]).is_empty(), "94%");
    }

    #[test]
    fn a_cancelled_payment_still_shows_the_pattern() {
        let mut txs = background();
        txs.push(pay("2025-06-14 02:41", "컬쳐랜드", 20_000));
        txs.push(pay("2025-06-14 02:47", "컬쳐랜드", 20_000));
        txs.push(Transaction::new(
            at("2025-06-15 10:00"),
            "컬쳐랜드",
            20_000,
            Status::Cancelled,
        ));
        let a = alerts_with(txs, None);
        let got: Vec<(String, Severity, bool)> = a
            .iter()
            .map(|a| (a.at.format("%H:%M").to_string(), a.severity, a.cancelled))
            .collect();
        // The cancellation matches the nearest earlier approval (02:47).
        assert_eq!(
            got,
            [
                ("02:47".to_string(), Severity::High, true),
                ("02:41".to_string(), Severity::High, false)
            ]
        );
    }
}
