//! Suspicious payments: the traces real micropayment fraud leaves (smishing apps buying
//! gift certificates, the 2025 fake-base-station attack's night-time 상품권 and transit
//! top-ups, cash-out schemes maxing the limit). Each alert is a set of facts (kinds,
//! severity, cap, threshold); `words::alerts` says what they mean and what to do.
//!
//! One file per rule, each adding `(payment, kind)` flags:
//! - [`gift_card`]: a high-risk merchant, unless it is the user's daytime habit;
//! - [`night`]: paid 00:00–05:59 KST ([`NIGHT_END_HOUR`]);
//! - [`burst`]: 3 payments in 10 minutes, or 2 high-risk ones in 30; more at the hours
//!   when the user's ordinary pace is that fast ([`pace`]);
//! - [`duplicate`]: the same merchant and amount within [`DUPLICATE_WINDOW_MIN`]
//!   minutes, unless that pair comes so often that a repeat is ordinary;
//! - [`first_seen`]: a new merchant, at least max(30,000원, the user's 95th percentile);
//! - [`spike`]: the month's spend passes 2× its three-month average;
//! - [`maxout`]: a cap's spend this month reaches [`NEAR_LIMIT_PERCENT`]% of its limit.
//!
//! A subscription's regular charge is never alerted for its hour. A new rule is a new
//! file here, a [`Kind`], one line in [`find`] and its words in `words::alerts`.

mod burst;
mod duplicate;
mod first_seen;
mod gift_card;
mod maxout;
mod night;
mod pace;
pub mod rising;
mod spike;

use super::categories::Classified;
use super::kind::SpendKind;
use super::monthly::MonthFigures;
use super::subscriptions::Subscription;
use crate::ledger::{netting, Entry};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use serde::Serialize;

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
    /// Game or gift-card spending rising fast this month (`rising`).
    Rising,
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
    /// The merchant's category (what a `rising` alert is about).
    pub category: soaek_merchants::Category,
    /// On a child's line (rule 12): worded for the parent.
    pub child_line: bool,
    /// The line that paid (rule 12): its id from `find`, its name once the analysis
    /// has named the lines; `None` when the data holds one line.
    pub line: Option<String>,
}

impl Alert {
    /// The merchant, with the line that paid when the data holds several:
    /// `컬쳐랜드 (민준)`.
    pub fn merchant_on_line(&self) -> String {
        match &self.line {
            Some(line) => format!("{} ({line})", self.merchant),
            None => self.merchant.clone(),
        }
    }
}

/// What the alerts look at besides the ledger.
pub struct Context<'a> {
    pub subs: &'a [Subscription],
    /// The current limit of each cap: 소액결제, then 콘텐츠이용료.
    pub limits: [Option<i64>; 2],
    pub as_of: NaiveDate,
    /// The monthly figures of all spend (`monthly::by_kind`), for `spike`.
    pub months: &'a [MonthFigures],
    /// A child's line (rule 12): `rising` is looked for, and alerts speak to the parent.
    pub child: bool,
}

/// Night is from midnight to this hour (00:00–05:59): the same in alerts, charts and words.
pub const NIGHT_END_HOUR: u32 = 6;
/// A cap's spend this month at this share of its limit is near the limit.
pub const NEAR_LIMIT_PERCENT: i64 = 95;
/// The same merchant and amount again within this many minutes may be a double charge.
pub const DUPLICATE_WINDOW_MIN: i64 = 2;

/// What the rules read of each entry, side by side: 16 bytes, a fifth of an entry's, so
/// the rules' many passes over a large ledger read a fifth of the memory.
#[derive(Debug, Clone, Copy)]
struct Fact {
    amount: i64,
    date: NaiveDate,
    /// The second of the day (below [`Fact::TIME_KNOWN`]), and the two flags.
    time: u32,
}

impl Fact {
    /// The statement gave the time, not only the date.
    const TIME_KNOWN: u32 = 1 << 30;
    /// A payment (not a cancellation) up to the as-of date.
    const PAY: u32 = 1 << 31;

    fn new(amount: i64, at: NaiveDateTime, time_known: bool, pay: bool) -> Fact {
        let flag = |on: bool, bit: u32| if on { bit } else { 0 };
        Fact {
            amount,
            date: at.date(),
            time: at.num_seconds_from_midnight()
                | flag(time_known, Fact::TIME_KNOWN)
                | flag(pay, Fact::PAY),
        }
    }

    fn second_of_day(self) -> u32 {
        self.time & (Fact::TIME_KNOWN - 1)
    }

    /// The time, to the second.
    fn at(self) -> NaiveDateTime {
        let time = NaiveTime::from_num_seconds_from_midnight_opt(self.second_of_day(), 0);
        self.date.and_time(time.unwrap_or_default())
    }

    fn hour(self) -> u32 {
        self.second_of_day() / 3_600
    }

    /// Seconds since 1970 ([`pace::secs`] of [`Fact::at`]).
    fn secs(self) -> i64 {
        pace::secs(self.date.and_time(NaiveTime::MIN)) + i64::from(self.second_of_day())
    }

    fn time_known(self) -> bool {
        self.time & Fact::TIME_KNOWN != 0
    }

    fn pay(self) -> bool {
        self.time & Fact::PAY != 0
    }
}

/// The payments the window rules look at ([`Look::timed`]), by position, with their
/// times in seconds ([`pace::secs`]), worked out once for every rule.
struct Timed {
    idx: Vec<u32>,
    secs: Vec<i64>,
}

/// What every rule looks at.
struct Look<'a> {
    entries: &'a [Entry],
    /// Each entry's [`Fact`], by position.
    facts: &'a [Fact],
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
        (0..self.facts.len()).filter(|&i| self.facts[i].pay())
    }

    /// The payments that were spent (not cancelled in full), in time order.
    fn spent(&self) -> Vec<u32> {
        self.pays()
            .filter(|&i| !self.cancelled[i])
            .map(|i| i as u32)
            .collect()
    }

    /// The payments with a known time that are not a subscription's charge, in time
    /// order: what the window rules look at.
    fn timed(&self) -> Timed {
        let idx: Vec<u32> = self
            .pays()
            .filter(|&i| self.facts[i].time_known() && !self.is_sub_charge[i])
            .map(|i| i as u32)
            .collect();
        let secs = idx.iter().map(|&i| self.facts[i as usize].secs()).collect();
        Timed { idx, secs }
    }

    fn risky(&self, i: usize) -> bool {
        self.who.merchant(i).high_risk
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
    let cancelled = matches.fully_cancelled();
    let mut is_sub_charge = vec![false; entries.len()];
    for &i in ctx.subs.iter().flat_map(|s| &s.entries) {
        if let Some(flag) = is_sub_charge.get_mut(i) {
            *flag = true;
        }
    }
    let facts: Vec<Fact> = {
        use rayon::prelude::*;
        entries
            .par_iter()
            .map(|e| {
                let pay = !e.tx.status().is_cancellation() && e.tx.date() <= ctx.as_of;
                Fact::new(e.tx.amount.0, e.tx.at(), e.tx.time_known(), pay)
            })
            .collect()
    };
    let look = Look {
        entries,
        facts: &facts,
        who,
        ctx,
        cancelled,
        is_sub_charge: &is_sub_charge,
    };
    // Two halves that need nothing of each other, one core each.
    let ((mut flags, threshold), windows) = rayon::join(
        || {
            use crate::timing::side;
            let mut flags = Vec::new();
            side("gift_card", || gift_card::flag(&look, &mut flags));
            side("night", || night::flag(&look, &mut flags));
            let spent = side("spent", || look.spent());
            let threshold = side("first_seen", || first_seen::flag(&look, &spent, &mut flags));
            side("spike", || spike::flag(&look, &spent, &mut flags));
            if ctx.child {
                rising::flag(&look, &spent, &mut flags);
            }
            side("maxout", || maxout::flag(&look, &spent, &mut flags));
            (flags, threshold)
        },
        || {
            use crate::timing::side;
            let mut flags = Vec::new();
            let timed = side("timed", || look.timed());
            side("burst", || burst::flag(&look, &timed, &mut flags));
            side("duplicate", || duplicate::flag(&look, &timed, &mut flags));
            flags
        },
    );
    flags.extend(windows);
    crate::timing::mark("alerts: rules");
    // By position, each payment's kinds once and in order.
    flags.sort_unstable();
    flags.dedup();
    let groups: Vec<&[(usize, Kind)]> = flags.chunk_by(|a, b| a.0 == b.0).collect();
    let alert = |group: &&[(usize, Kind)]| {
        let i = group[0].0;
        let k: Vec<Kind> = group.iter().map(|&(_, k)| k).collect();
        let tx = &entries[i].tx;
        let m = who.merchant(i);
        (
            i,
            Alert {
                at: tx.at(),
                merchant: m.name.clone(),
                amount: tx.amount.0,
                cancelled: cancelled[i],
                severity: severity(&k, m.high_risk),
                kinds: k,
                cap: SpendKind::of(who.is_content(entries, i)),
                first_seen_threshold: threshold,
                approval_no: tx.approval_no.as_deref().map(str::to_string),
                category: m.category,
                child_line: ctx.child,
                line: tx.line().map(str::to_string),
            },
        )
    };
    // Made on both cores; newest first, alerts at the same time by merchant, then in the
    // ledger's order.
    use rayon::prelude::*;
    let mut out: Vec<(usize, Alert)> = groups.par_iter().map(alert).collect();
    out.par_sort_unstable_by(|(i, a), (j, b)| {
        b.at.cmp(&a.at)
            .then_with(|| a.merchant.cmp(&b.merchant))
            .then(i.cmp(j))
    });
    out.into_iter().map(|(_, a)| a).collect()
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
    use super::burst::*;
    use super::pace::*;
    use super::*;
    use crate::analysis::categories::classify;
    use crate::analysis::subscriptions;
    use crate::ledger::{dedup::keys_for_file, netting::match_cancellations, Ledger};
    use chrono::Duration;
    use soaek_import::{Status, Transaction};
    use soaek_merchants::Categorizer;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn pay(when: &str, merchant: &str, amount: i64) -> Transaction {
        Transaction::new(at(when), merchant, amount, Status::Approved)
    }

    #[test]
    fn a_fact_is_16_bytes_and_gives_back_what_it_was_made_of() {
        assert_eq!(std::mem::size_of::<Fact>(), 16);
        let last = at("2025-05-31 23:59") + Duration::seconds(59);
        let first = at("1969-12-31 00:00");
        for (when, hour) in [(last, 23), (first, 0)] {
            for (known, pay) in [(true, true), (true, false), (false, true), (false, false)] {
                let f = Fact::new(12_300, when, known, pay);
                let back = (f.amount, f.at(), f.date, f.hour(), f.time_known(), f.pay());
                assert_eq!(back, (12_300, when, when.date(), hour, known, pay));
                assert_eq!(f.secs(), pace::secs(when));
            }
        }
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
        alerts_on(txs, limits, as_of, false)
    }

    /// [`alerts_as_of`] on a child's line when `child`.
    fn alerts_on(
        txs: Vec<Transaction>,
        limits: [Option<i64>; 2],
        as_of: &str,
        child: bool,
    ) -> Vec<Alert> {
        let ledger = Ledger::from_entries(keys_for_file(txs));
        let who = classify(ledger.entries(), &Categorizer::default());
        let matches = match_cancellations(ledger.entries());
        let as_of = NaiveDate::parse_from_str(as_of, "%Y-%m-%d").unwrap();
        let coverage = crate::coverage::Coverage::of_dates(
            ledger.entries().iter().map(|e| e.tx.date()).chain([as_of]),
        );
        let subs = subscriptions::find(ledger.entries(), &matches, &who, as_of, &coverage);
        let content: Vec<bool> = (0..ledger.entries().len())
            .map(|i| who.is_content(ledger.entries(), i))
            .collect();
        let months =
            crate::analysis::monthly::by_kind(ledger.entries(), &matches, &content, &coverage)
                .unwrap()
                .all;
        let ctx = Context {
            subs: &subs,
            limits,
            as_of,
            months: &months,
            child,
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
    fn night_as_a_habit_alerts_only_high_risk_merchants() {
        // A night-shift household: 120 of 300 payments between 01:00 and 04:00.
        let mut txs = Vec::new();
        let start = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
        for k in 0..300 {
            let day = start + Duration::days(k / 2);
            let hour = if k % 5 < 2 { 2 } else { 14 };
            let at = day.and_hms_opt(hour, (k % 60) as u32, 0).unwrap();
            txs.push(Transaction::new(
                at,
                "쿠팡",
                10_000 + k * 10,
                Status::Approved,
            ));
        }
        txs.push(pay("2025-06-20 02:30", "컬쳐랜드", 50_000));
        let got = alerts_as_of(txs, [None, None], "2025-07-01");
        let night: Vec<&str> = got
            .iter()
            .filter(|a| a.kinds.contains(&Kind::Night))
            .map(|a| a.merchant.as_str())
            .collect();
        assert_eq!(night, ["컬쳐랜드"], "{got:?}");
        // The same gift card at night in a day-shaped household: also flagged, and the
        // household's rare night purchase too.
        let mut day = background();
        day.push(pay("2025-06-20 02:30", "컬쳐랜드", 50_000));
        day.push(pay("2025-06-21 03:10", "무신사", 21_000));
        let got = alerts_with(day, None);
        assert_eq!(
            got.iter()
                .filter(|a| a.kinds.contains(&Kind::Night))
                .count(),
            2,
            "{got:?}"
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
    fn game_spending_rising_fast() {
        // Games: 10,000 a month March–May (avg 10,000); June's third 10,000 takes the
        // month to 30,000: past twice the average and past 30,000.
        let mut extra = Vec::new();
        for m in ["03", "04", "05"] {
            extra.push(pay(&format!("2025-{m}-15 16:00"), "넥슨코리아", 10_000));
        }
        for d in ["02", "09", "16", "23"] {
            extra.push(pay(&format!("2025-06-{d} 16:00"), "넥슨코리아", 10_000));
        }
        let mut txs = background();
        txs.extend(extra.clone());
        let got = brief(&alerts_on(txs, [None, None], "2025-07-01", true));
        assert_eq!(got, [one("06-16 16:00", &[Kind::Rising], Severity::Low)]);
        // Looked for on a child's line only: an adult's seasonal gifts are no alarm.
        assert_eq!(alerts(extra), []);
        // Twice a small average is not enough under 30,000.
        let mut small = Vec::new();
        for m in ["03", "04", "05"] {
            small.push(pay(&format!("2025-{m}-15 16:00"), "넥슨코리아", 3_000));
        }
        for d in ["02", "09", "16"] {
            small.push(pay(&format!("2025-06-{d} 16:00"), "넥슨코리아", 9_000));
        }
        let mut txs = background();
        txs.extend(small);
        assert!(alerts_on(txs, [None, None], "2025-07-01", true).is_empty());
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
