//! The ledger: every payment and cancellation the user has imported, each once.
//!
//! Owns de-duplication (docs/RULES.md rule 3, [`dedup`]), cancellation matching (rule 2,
//! [`netting`]), the atomic, locked Parquet store ([`store`]) and what its folder may
//! hold ([`manifest`]: the list of month files with checksums, the writers' journal).

pub mod dedup;
pub mod manifest;
pub mod netting;
pub mod store;

use dedup::{hash_of, Key};
use hashbrown::HashTable;
use rayon::prelude::*;
use soaek_import::Transaction;
use std::cmp::Ordering;

/// A transaction in the ledger: its `repeat` is set, so [`Entry::key`] identifies it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[repr(transparent)]
pub struct Entry {
    pub tx: Transaction,
}

impl Entry {
    /// The de-duplication key (docs/RULES.md rule 3).
    pub fn key(&self) -> Key<'_> {
        Key::of(&self.tx)
    }
}

/// The canonical order: time, then key (keys are unique, so this is total).
fn canonical(a: &Entry, b: &Entry) -> Ordering {
    a.tx.at.cmp(&b.tx.at).then_with(|| a.key().cmp(&b.key()))
}

fn in_canonical_order(v: &[Entry]) -> bool {
    v.windows(2)
        .all(|w| canonical(&w[0], &w[1]) == Ordering::Less)
}

/// All entries, kept in canonical order (time, then key) so that the same set of
/// payments always gives the same ledger, whatever order the files came in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ledger {
    entries: Vec<Entry>,
}

/// `v` in canonical order. Entries are large: sort (time, position) pairs on both
/// cores, comparing keys only for equal times, then move each entry once, in place.
fn sorted(mut v: Vec<Entry>) -> Vec<Entry> {
    if in_canonical_order(&v) {
        return v;
    }
    let mut order: Vec<(chrono::NaiveDateTime, usize)> =
        v.iter().enumerate().map(|(i, e)| (e.tx.at, i)).collect();
    order.par_sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| v[a.1].key().cmp(&v[b.1].key())));
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

/// What merging one batch of files into the ledger did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MergeStats {
    pub added: usize,
    pub duplicates: usize,
}

/// For each entry of `batches`, whether its key is new: not in `old`, not earlier in
/// the batches. One table of positions (4 bytes an entry) over all of them; keys are
/// compared on the entries themselves.
fn new_keys(old: &[Entry], batches: &[Vec<Entry>]) -> Vec<Vec<bool>> {
    let segments: Vec<&[Entry]> = std::iter::once(old)
        .chain(batches.iter().map(Vec::as_slice))
        .collect();
    let starts: Vec<usize> = segments
        .iter()
        .scan(0, |at, s| {
            let start = *at;
            *at += s.len();
            Some(start)
        })
        .collect();
    // Positions fit in u32: four billion entries would not fit in memory.
    let entry = |g: u32| {
        let g = g as usize;
        let k = starts.partition_point(|&s| s <= g) - 1;
        &segments[k][g - starts[k]]
    };
    let total = starts.last().copied().unwrap_or(0) + segments.last().map_or(0, |s| s.len());
    // Keys are hashed on both cores first; the table is then filled in order.
    let hashes: Vec<u64> = segments
        .iter()
        .flat_map(|s| s.iter())
        .collect::<Vec<_>>()
        .par_iter()
        .map(|e| hash_of(e.key()))
        .collect();
    let mut table: HashTable<u32> = HashTable::with_capacity(total);
    let rehash = |&g: &u32| hashes[g as usize];
    for (g, &h) in hashes[..old.len()].iter().enumerate() {
        table.insert_unique(h, g as u32, rehash);
    }
    batches
        .iter()
        .zip(&starts[1..])
        .map(|(batch, &start)| {
            batch
                .iter()
                .enumerate()
                .map(|(i, e)| {
                    let (g, key) = (start + i, e.key());
                    // One probe: the key is found, or its empty slot is filled.
                    match table.entry(hashes[g], |&o| entry(o).key() == key, rehash) {
                        hashbrown::hash_table::Entry::Occupied(_) => false,
                        hashbrown::hash_table::Entry::Vacant(slot) => {
                            slot.insert(g as u32);
                            true
                        }
                    }
                })
                .collect()
        })
        .collect()
}

impl Ledger {
    pub fn from_entries(entries: Vec<Entry>) -> Ledger {
        let mut ledger = Ledger::default();
        ledger.merge(entries);
        ledger
    }

    /// Entries read back from the store, already in canonical order with unique keys
    /// (checked: anything else goes through [`Ledger::from_entries`]).
    pub fn from_sorted(entries: Vec<Entry>) -> Ledger {
        if in_canonical_order(&entries) {
            Ledger { entries }
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
    pub fn merge(&mut self, entries: Vec<Entry>) -> MergeStats {
        self.merge_all(vec![entries])
    }

    /// Add the transactions of each file (keys are per file: see
    /// [`dedup::keys_for_file`]), in one pass over the ledger.
    pub fn merge_files(&mut self, files: Vec<Vec<Transaction>>) -> MergeStats {
        self.merge_all(files.into_iter().map(dedup::keys_for_file).collect())
    }

    /// Add the entries of `batches` whose key is new; count the others as duplicates.
    fn merge_all(&mut self, mut batches: Vec<Vec<Entry>>) -> MergeStats {
        let fresh = new_keys(&self.entries, &batches);
        let given: usize = batches.iter().map(Vec::len).sum();
        // In place: a million entries are not copied to find the new ones.
        for (batch, fresh) in batches.iter_mut().zip(fresh) {
            let mut flags = fresh.into_iter();
            batch.retain(|_| flags.next().unwrap_or(false));
        }
        let mut entries = match batches.len() {
            1 => batches.pop().unwrap_or_default(),
            _ => {
                let mut all = Vec::with_capacity(batches.iter().map(Vec::len).sum());
                for mut b in batches {
                    all.append(&mut b);
                }
                all
            }
        };
        let stats = MergeStats {
            added: entries.len(),
            duplicates: given - entries.len(),
        };
        // Sort the new entries (usually in time order already), then merge the two runs.
        entries = sorted(entries);
        if self.entries.is_empty() {
            self.entries = entries;
            return stats;
        }
        let after_all = match (self.entries.last(), entries.first()) {
            (Some(last), Some(first)) => canonical(last, first) == Ordering::Less,
            _ => true,
        };
        if after_all {
            self.entries.append(&mut entries);
        } else {
            let old = std::mem::take(&mut self.entries);
            self.entries = Vec::with_capacity(old.len() + entries.len());
            let (mut a, mut b) = (old.into_iter().peekable(), entries.into_iter().peekable());
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
        self.merge_files(vec![txs])
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
                let mut tx = Transaction::new(at, "쿠팡", 1000 + i % 3, Status::Approved);
                if i % 2 == 0 {
                    // Unique, in an order unrelated to time.
                    tx.approval_no = Some(format!("k{:03}", (i * 7919) % 1000).into());
                } else {
                    // Identical rows of one file, told apart by their count.
                    tx.repeat = i as u32;
                }
                Entry { tx }
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
