//! The ledger: every payment and cancellation the user has imported, each once.
//!
//! Owns de-duplication (spec rule 3, [`dedup`]), cancellation matching (rule 2,
//! [`netting`]) and the atomic, locked Parquet store ([`store`]).

pub mod dedup;
pub mod netting;
pub mod store;

use foldhash::{HashSet, HashSetExt};
use rayon::slice::ParallelSliceMut;
use soaek_import::Transaction;
use std::cmp::Ordering;
use std::sync::Arc;

/// A transaction with its de-duplication key (shared with the ledger's key set).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub key: Arc<str>,
    pub tx: Transaction,
}

/// The canonical order: time, then key (keys are unique, so this is total).
fn canonical(a: &Entry, b: &Entry) -> Ordering {
    (a.tx.at, &a.key).cmp(&(b.tx.at, &b.key))
}

/// All entries, kept in canonical order (time, then key) so that the same set of
/// payments always gives the same ledger, whatever order the files came in.
#[derive(Debug, Clone, Default)]
pub struct Ledger {
    entries: Vec<Entry>,
    keys: HashSet<Arc<str>>,
}

/// `v` in canonical order. Entries are large: sort (time, position) pairs on both
/// cores, comparing keys only for equal times, then move each entry once, in place.
fn sorted(mut v: Vec<Entry>) -> Vec<Entry> {
    if v.windows(2)
        .all(|w| canonical(&w[0], &w[1]) == Ordering::Less)
    {
        return v;
    }
    let mut order: Vec<(chrono::NaiveDateTime, usize)> =
        v.iter().enumerate().map(|(i, e)| (e.tx.at, i)).collect();
    order.par_sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| v[a.1].key.cmp(&v[b.1].key)));
    // Position i takes the entry now at order[i].1: follow each cycle with swaps.
    let mut done = vec![false; v.len()];
    for start in 0..v.len() {
        let mut at = start;
        while !done[at] {
            done[at] = true;
            let from = order[at].1;
            if from == start {
                break;
            }
            v.swap(at, from);
            at = from;
        }
    }
    v
}

/// Two ledgers are equal when their entries are (the key set is only an index).
impl PartialEq for Ledger {
    fn eq(&self, other: &Ledger) -> bool {
        self.entries == other.entries
    }
}

impl Eq for Ledger {}

/// What merging one batch of files into the ledger did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MergeStats {
    pub added: usize,
    pub duplicates: usize,
}

impl Ledger {
    pub fn from_entries(entries: Vec<Entry>) -> Ledger {
        let mut ledger = Ledger::default();
        ledger.merge(entries);
        ledger
    }

    /// Entries read back from the store, already in canonical order with unique keys
    /// (checked: anything else goes through [`Ledger::from_entries`]). The key set is
    /// built only when something is merged in.
    pub fn from_sorted(entries: Vec<Entry>) -> Ledger {
        if entries
            .windows(2)
            .all(|w| canonical(&w[0], &w[1]) == Ordering::Less)
        {
            Ledger {
                entries,
                keys: HashSet::new(),
            }
        } else {
            Ledger::from_entries(entries)
        }
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Add entries whose key is new; count the others as duplicates.
    pub fn merge(&mut self, mut entries: Vec<Entry>) -> MergeStats {
        if self.keys.len() < self.entries.len() {
            self.keys = self.entries.iter().map(|e| Arc::clone(&e.key)).collect();
        }
        self.keys.reserve(entries.len());
        let given = entries.len();
        // In place: a million entries are not copied to find the new ones.
        entries.retain(|e| self.keys.insert(Arc::clone(&e.key)));
        let stats = MergeStats {
            added: entries.len(),
            duplicates: given - entries.len(),
        };
        // Sort the new entries (usually in time order already), then merge the two runs.
        let mut new = sorted(entries);
        if self.entries.is_empty() {
            self.entries = new;
            return stats;
        }
        let after_all = match (self.entries.last(), new.first()) {
            (Some(last), Some(first)) => canonical(last, first) == Ordering::Less,
            _ => true,
        };
        if after_all {
            self.entries.append(&mut new);
        } else {
            let old = std::mem::take(&mut self.entries);
            self.entries = Vec::with_capacity(old.len() + new.len());
            let (mut a, mut b) = (old.into_iter().peekable(), new.into_iter().peekable());
            loop {
                let take_a = match (a.peek(), b.peek()) {
                    (Some(x), Some(y)) => canonical(x, y) == Ordering::Less,
                    (Some(_), None) => true,
                    (None, Some(_)) => false,
                    (None, None) => break,
                };
                self.entries
                    .extend(if take_a { a.next() } else { b.next() });
            }
        }
        stats
    }

    /// Add the transactions of one file (keys are per file: see [`dedup::keys_for_file`]).
    pub fn merge_file(&mut self, txs: Vec<Transaction>) -> MergeStats {
        self.merge(dedup::keys_for_file(txs))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, NaiveDate};
    use soaek_import::Status;

    /// Three overlapping batches of keyed entries, times shuffled.
    fn batches() -> Vec<Vec<Entry>> {
        let t0 = NaiveDate::from_ymd_opt(2025, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        let mut x: u64 = 7;
        let all: Vec<Entry> = (0..300)
            .map(|i| {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                // Many ties in time, so the key decides the order.
                let at = t0 + Duration::hours((x >> 40) as i64 % 50);
                let tx = Transaction::new(at, "쿠팡", 1000 + i, Status::Approved);
                Entry {
                    // Unique, in an order unrelated to time.
                    key: format!("k{:03}", (i * 7919) % 1000).into(),
                    tx,
                }
            })
            .collect();
        vec![
            all[..150].to_vec(),
            all[100..250].iter().rev().cloned().collect(),
            all[200..].to_vec(),
        ]
    }

    #[test]
    fn merging_in_any_order_gives_one_canonical_ledger() {
        let orders = [[0, 1, 2], [2, 1, 0], [1, 2, 0], [2, 0, 1]];
        let ledgers: Vec<(Ledger, usize)> = orders
            .iter()
            .map(|order| {
                let b = batches();
                let mut ledger = Ledger::default();
                let dups: usize = order
                    .iter()
                    .map(|&k| ledger.merge(b[k].clone()).duplicates)
                    .sum();
                (ledger, dups)
            })
            .collect();
        let (first, dups) = &ledgers[0];
        assert_eq!((first.len(), *dups), (300, 100));
        assert!(first
            .entries()
            .windows(2)
            .all(|w| canonical(&w[0], &w[1]) == Ordering::Less));
        for (l, d) in &ledgers[1..] {
            assert_eq!(l.entries(), first.entries());
            assert_eq!(d, dups);
        }
    }
}
