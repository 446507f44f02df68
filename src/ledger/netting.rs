//! Cancellation matching (docs/RULES.md rule 2): a cancellation reduces the month of the approval
//! it cancels — found by approval number, or without one, the nearest earlier approval
//! of the same merchant and amount (and line, rule 12) within 31 days. Unmatched, it
//! reduces its own month.

use super::dedup::hash_of;
use super::Entry;
use chrono::Duration;
use foldhash::{HashMap, HashMapExt};
use rayon::prelude::*;

const WINDOW_DAYS: i64 = 31;

/// For each entry (in ledger order): the position of the approval a cancellation
/// cancels. Positions are stored in 4 bytes (four billion entries would not fit in
/// memory anyway), `u32::MAX` for none. With it, which approvals are cancelled in full,
/// worked out once with the matching (subscriptions and alerts both ask).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matches {
    to: Vec<u32>,
    gone: Vec<bool>,
}

const UNMATCHED: u32 = u32::MAX;

impl Matches {
    /// The approval entry `i` cancels: `None` for approvals and unmatched cancellations.
    pub fn get(&self, i: usize) -> Option<usize> {
        self.to
            .get(i)
            .filter(|&&a| a != UNMATCHED)
            .map(|&a| a as usize)
    }

    /// [`Matches::get`] of every entry, in order.
    pub fn iter(&self) -> impl Iterator<Item = Option<usize>> + '_ {
        self.to
            .iter()
            .map(|&a| (a != UNMATCHED).then_some(a as usize))
    }

    /// How many cancellations found their approval.
    pub fn matched(&self) -> usize {
        self.to.iter().filter(|&&a| a != UNMATCHED).count()
    }

    /// For each entry: an approval whose matched cancellations add up to its whole
    /// amount.
    pub fn fully_cancelled(&self) -> &[bool] {
        &self.gone
    }
}

/// For each entry (in ledger order): the approval a cancellation cancels.
pub fn match_cancellations(entries: &[Entry]) -> Matches {
    // Index only the approvals some cancellation may point at: by the approval numbers
    // cancellations carry, and by the merchant and amount of those that carry none.
    // The cancellations, found on both cores (a few in a hundred entries).
    let cancellations: Vec<usize> = entries
        .par_iter()
        .enumerate()
        .filter(|(_, e)| e.tx.status().is_cancellation())
        .map(|(i, _)| i)
        .collect();
    let mut by_no: HashMap<&str, Option<usize>> = HashMap::new();
    let mut by_merchant_amount: HashMap<(&str, i64, Option<&str>), Approvals> = HashMap::new();
    for e in cancellations.iter().map(|&i| &entries[i]) {
        match e.tx.approval_no.as_deref() {
            Some(no) => {
                by_no.insert(no, None);
            }
            None => {
                by_merchant_amount.insert(fallback_key(e), Approvals::default());
            }
        }
    }
    let numbers = NumberFilter::of(by_no.keys().copied());
    // Every approval looked up on both cores; the few some cancellation may point at
    // are listed in order.
    let wanted: Vec<usize> = entries
        .par_iter()
        .enumerate()
        .filter(|(_, e)| {
            !e.tx.status().is_cancellation()
                && (e
                    .tx
                    .approval_no
                    .as_deref()
                    .is_some_and(|no| numbers.may_hold(no) && by_no.contains_key(no))
                    || (!by_merchant_amount.is_empty()
                        && by_merchant_amount.contains_key(&fallback_key(e))))
        })
        .map(|(i, _)| i)
        .collect();
    for i in wanted {
        let e = &entries[i];
        if let Some(slot) = e.tx.approval_no.as_deref().and_then(|no| by_no.get_mut(no)) {
            slot.get_or_insert(i);
        }
        if let Some(v) = by_merchant_amount.get_mut(&fallback_key(e)) {
            v.at.push(i);
        }
    }
    for v in by_merchant_amount.values_mut() {
        v.up = (0..=v.at.len() as u32).collect();
    }
    let mut out = vec![UNMATCHED; entries.len()];
    for &i in &cancellations {
        let e = &entries[i];
        if let Some(no) = e.tx.approval_no.as_deref() {
            if let Some(&Some(a)) = by_no.get(no) {
                out[i] = a as u32;
                // Taken: no cancellation without a number matches it after this.
                if let Some(v) = by_merchant_amount.get_mut(&fallback_key(&entries[a])) {
                    if let Ok(k) = v.at.binary_search(&a) {
                        v.take(k);
                    }
                }
            }
            continue;
        }
        let Some(approvals) = by_merchant_amount.get_mut(&fallback_key(e)) else {
            continue;
        };
        let earliest = e.tx.at() - Duration::days(WINDOW_DAYS);
        // Approvals are in time order: the nearest untaken one not after the cancellation.
        let end = approvals
            .at
            .partition_point(|&a| entries[a].tx.at() <= e.tx.at());
        let found = end
            .checked_sub(1)
            .and_then(|last| approvals.untaken_at_or_before(last))
            .filter(|&k| entries[approvals.at[k]].tx.at() >= earliest);
        if let Some(k) = found {
            out[i] = approvals.at[k] as u32;
            approvals.take(k);
        }
    }
    let gone = fully_cancelled(entries, &out);
    Matches { to: out, gone }
}

/// A bit per hash of the cancellations' approval numbers: most approvals' numbers are
/// ruled out by one bit in a table small enough for a core's cache, before the map of
/// numbers (far larger) is looked at. Sixteen bits or more a number: about one
/// approval in twenty that no cancellation names gets past it.
struct NumberFilter {
    bits: Vec<u64>,
    mask: u64,
}

impl NumberFilter {
    fn of<'a>(numbers: impl ExactSizeIterator<Item = &'a str>) -> NumberFilter {
        let size = (numbers.len() * 16).next_power_of_two().max(64);
        let mask = size as u64 - 1;
        let mut bits = vec![0u64; size / 64];
        for no in numbers {
            let b = hash_of(no) & mask;
            bits[(b / 64) as usize] |= 1 << (b % 64);
        }
        NumberFilter { bits, mask }
    }

    /// False when no number given is `no`; true when one may be.
    fn may_hold(&self, no: &str) -> bool {
        let b = hash_of(no) & self.mask;
        self.bits[(b / 64) as usize] >> (b % 64) & 1 == 1
    }
}

/// The approvals of one merchant, amount and line that a cancellation without a number
/// may cancel (ledger positions, in time order), and which are taken: the nearest
/// untaken one at or before a place in the list is found without walking over the
/// taken ones (a union-find whose sets are runs of taken approvals, each pointing to the
/// place before it), so that a run of such cancellations at one busy merchant and amount
/// costs about a step each, not a step for every approval the earlier ones took.
#[derive(Default)]
struct Approvals {
    at: Vec<usize>,
    /// `up[k + 1]` leads towards the nearest untaken approval at or before place `k`;
    /// `up[0]` (before the first) is none.
    up: Vec<u32>,
}

impl Approvals {
    /// The place of the nearest untaken approval at or before place `k`.
    fn untaken_at_or_before(&mut self, k: usize) -> Option<usize> {
        let mut x = k + 1;
        // Path halving: each step also shortens the way for the next search.
        while self.up[x] as usize != x {
            crate::work::add(1);
            let up = self.up[x] as usize;
            self.up[x] = self.up[up];
            x = self.up[x] as usize;
        }
        x.checked_sub(1)
    }

    /// Mark the approval at place `k` taken.
    fn take(&mut self, k: usize) {
        self.up[k + 1] = k as u32;
    }
}

/// What a cancellation without an approval number is matched by: merchant, amount and
/// line (one line's cancellation never cancels another line's payment).
fn fallback_key(e: &Entry) -> (&str, i64, Option<&str>) {
    (&e.tx.merchant, e.tx.amount.0, e.tx.line())
}

/// When entry `i` counts as spent (rule 2): a matched cancellation at its approval's
/// time, everything else at its own.
pub fn spend_time(entries: &[Entry], matches: &Matches, i: usize) -> chrono::NaiveDateTime {
    matches
        .get(i)
        .map_or(entries[i].tx.at(), |a| entries[a].tx.at())
}

/// [`Matches::fully_cancelled`] from the matching `to`.
fn fully_cancelled(entries: &[Entry], to: &[u32]) -> Vec<bool> {
    // Few entries are cancelled: sum per approval in a map, not a column.
    // The matching is read whole, the ledger only at the cancellations.
    let mut cancelled: HashMap<usize, i64> = HashMap::new();
    for (i, &a) in to.iter().enumerate() {
        if let (true, Some(e)) = (a != UNMATCHED, entries.get(i)) {
            *cancelled.entry(a as usize).or_default() += e.tx.amount.0;
        }
    }
    let mut out = vec![false; entries.len()];
    for (a, sum) in cancelled {
        if let Some(e) = entries.get(a) {
            out[a] = !e.tx.status().is_cancellation() && sum >= e.tx.amount.0;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::Ledger;
    use chrono::NaiveDate;
    use soaek_import::{Status, Transaction};

    fn tx(
        day: (i32, u32, u32),
        merchant: &str,
        amount: i64,
        status: Status,
        no: Option<&str>,
    ) -> Transaction {
        let at = NaiveDate::from_ymd_opt(day.0, day.1, day.2)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap();
        Transaction {
            approval_no: no.map(Into::into),
            ..Transaction::new(at, merchant, amount, status)
        }
    }

    fn matched(ledger: &Ledger) -> Vec<Option<(String, i64)>> {
        let m = match_cancellations(ledger.entries());
        m.iter()
            .map(|a: Option<usize>| {
                a.map(|a| {
                    (
                        ledger.entries()[a].tx.date().to_string(),
                        ledger.entries()[a].tx.amount.0,
                    )
                })
            })
            .collect()
    }

    /// Every number the filter was given is held; of many others, few get past it.
    #[test]
    fn the_number_filter_holds_every_number_and_few_others() {
        let given: Vec<String> = (0..1_000).map(|i| format!("{:012}", i * 7)).collect();
        let filter = NumberFilter::of(given.iter().map(String::as_str));
        assert!(given.iter().all(|no| filter.may_hold(no)));
        let others = (0..100_000)
            .map(|i| format!("{:012}", i * 7 + 3))
            .filter(|no| filter.may_hold(no))
            .count();
        assert!(others < 10_000, "{others}");
        assert!(!NumberFilter::of(std::iter::empty()).may_hold("010000000000"));
    }

    #[test]
    fn by_approval_number_even_across_months() {
        let ledger = Ledger::from_entries(crate::ledger::dedup::keys_for_file(vec![
            tx(
                (2025, 1, 30),
                "컬쳐랜드",
                50000,
                Status::Approved,
                Some("111"),
            ),
            tx(
                (2025, 1, 31),
                "컬쳐랜드",
                50000,
                Status::Approved,
                Some("222"),
            ),
            tx(
                (2025, 2, 2),
                "컬쳐랜드",
                50000,
                Status::Cancelled,
                Some("111"),
            ),
        ]));
        assert_eq!(matched(&ledger)[2], Some(("2025-01-30".into(), 50000)));
    }

    #[test]
    fn without_number_the_nearest_earlier_unmatched_approval() {
        let ledger = Ledger::from_entries(crate::ledger::dedup::keys_for_file(vec![
            tx((2025, 3, 1), "구글플레이", 4400, Status::Approved, None),
            tx((2025, 3, 5), "구글플레이", 4400, Status::Approved, None),
            tx((2025, 3, 6), "구글플레이", 4400, Status::Cancelled, None),
            tx((2025, 3, 7), "구글플레이", 4400, Status::Cancelled, None),
            tx((2025, 3, 8), "구글플레이", 4400, Status::Cancelled, None),
            tx((2025, 5, 1), "구글플레이", 9900, Status::Approved, None),
            tx((2025, 6, 10), "구글플레이", 9900, Status::Cancelled, None),
        ]));
        let m = matched(&ledger);
        assert_eq!(m[2], Some(("2025-03-05".into(), 4400)));
        assert_eq!(m[3], Some(("2025-03-01".into(), 4400)));
        assert_eq!(m[4], None, "both approvals already cancelled");
        assert_eq!(m[6], None, "more than 31 days after the approval");
        let matches = match_cancellations(ledger.entries());
        assert_eq!(
            matches.fully_cancelled(),
            [true, true, false, false, false, false, false]
        );
        assert_eq!(
            spend_time(ledger.entries(), &matches, 2).date().to_string(),
            "2025-03-05"
        );
    }

    /// `n` payments of one amount at one merchant a minute apart, then `n`
    /// cancellations without a number a minute apart: each takes the nearest earlier
    /// payment not yet taken, and matching them costs about a step each, not a step for
    /// every payment the ones before took (a refunded batch, or a dense merchant).
    #[test]
    fn a_run_of_cancellations_without_numbers_is_matched_in_linear_work() {
        let run = |n: usize| {
            let start = NaiveDate::from_ymd_opt(2025, 3, 1)
                .unwrap()
                .and_hms_opt(0, 0, 0)
                .unwrap();
            let minute = |k: usize| start + Duration::minutes(k as i64);
            let txs = (0..n)
                .map(|k| Transaction::new(minute(k), "넥슨", 1_100, Status::Approved))
                .chain(
                    (n..2 * n)
                        .map(|k| Transaction::new(minute(k), "넥슨", 1_100, Status::Cancelled)),
                )
                .collect();
            let ledger = Ledger::from_entries(crate::ledger::dedup::keys_for_file(txs));
            crate::work::take();
            let m = match_cancellations(ledger.entries());
            let steps = crate::work::take();
            let at = |i: usize| ledger.entries()[i].tx.at();
            // The k-th cancellation takes the k-th payment from the last.
            for k in 0..n {
                let a = m.get(n + k).expect("every cancellation is matched");
                assert_eq!(at(a), minute(n - 1 - k));
            }
            assert!(m.fully_cancelled()[..n].iter().all(|&x| x));
            steps
        };
        crate::work::assert_linear("cancellations", 2_000, run);
    }

    #[test]
    fn a_cancellation_stays_on_its_own_line() {
        let on = |line: &str, mut t: Transaction| {
            t.set_billing(soaek_import::Billing {
                line: Some(line.into()),
                ..Default::default()
            });
            t
        };
        let ledger = Ledger::from_entries(crate::ledger::dedup::keys_for_file(vec![
            on(
                "민준",
                tx((2025, 3, 1), "넥슨", 5500, Status::Approved, None),
            ),
            on(
                "서연",
                tx((2025, 3, 2), "넥슨", 5500, Status::Approved, None),
            ),
            on(
                "민준",
                tx((2025, 3, 3), "넥슨", 5500, Status::Cancelled, None),
            ),
        ]));
        // 서연's payment is nearer, but the cancellation is 민준's.
        assert_eq!(matched(&ledger)[2], Some(("2025-03-01".into(), 5500)));
    }
}
