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
    a.tx.stamp
        .cmp_time(b.tx.stamp)
        .then_with(|| a.key().cmp(&b.key()))
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

/// `v` in canonical order. Statements are in time order but for a few rows (a
/// cancellation listed after later payments, a row a second early): each of those is
/// moved back to its place as it is met, in one pass, while that moves few entries (a
/// sixteenth of them in all). A statement in any other order is sorted by
/// [`sorted_by_runs`], from where this pass stopped.
fn sorted(mut v: Vec<Entry>) -> Vec<Entry> {
    let mut budget = v.len() / 16 + 64;
    for i in 1..v.len() {
        if canonical(&v[i - 1], &v[i]) == Ordering::Less {
            continue;
        }
        // Everything before `i` is in order: find its place there.
        let (before, rest) = v.split_at(i);
        let place = before.partition_point(|e| canonical(e, &rest[0]) == Ordering::Less);
        if i - place > budget {
            return sorted_by_runs(v);
        }
        budget -= i - place;
        v[place..=i].rotate_right(1);
    }
    v
}

/// `v` in canonical order, in any order it comes. Entries are large: their order is
/// found on positions, then each entry is moved once, in place. The rows that keep the
/// order are one run, the others are sorted alone and merged into it.
fn sorted_by_runs(mut v: Vec<Entry>) -> Vec<Entry> {
    if in_canonical_order(&v) {
        return v;
    }
    let less = |a: u32, b: u32| canonical(&v[a as usize], &v[b as usize]) == Ordering::Less;
    let (mut run, mut others): (Vec<u32>, Vec<u32>) = (Vec::with_capacity(v.len()), Vec::new());
    for i in 0..v.len() as u32 {
        match run.last() {
            Some(&last) if !less(last, i) => others.push(i),
            _ => run.push(i),
        }
    }
    others.par_sort_unstable_by(|&a, &b| canonical(&v[a as usize], &v[b as usize]));
    let order = merged(run, others, |&a, &b| less(a, b));
    // Position i takes the entry now at order[i]: follow each cycle with swaps.
    let mut done = vec![false; v.len()];
    for start in 0..v.len() {
        let mut at = start;
        while !done[at] {
            done[at] = true;
            let from = order[at] as usize;
            if from == start {
                break;
            }
            v.swap(at, from);
            at = from;
        }
    }
    v
}

/// Two runs in order merged into one; on a tie, `a`'s first.
fn merged<T>(a: Vec<T>, b: Vec<T>, less: impl Fn(&T, &T) -> bool) -> Vec<T> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    loop {
        let take_a = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) => !less(y, x),
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        out.extend(if take_a { a.next() } else { b.next() });
    }
    out
}

/// What merging one batch of files into the ledger did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MergeStats {
    pub added: usize,
    pub duplicates: usize,
}

/// For each entry of `batches`, whether its key is new: not in `old`, not earlier in
/// the batches. Tables of positions (4 bytes an entry) over all of them; keys are
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
    // Keys are hashed on both cores, and split by some bits of the hash (ones the
    // tables themselves do not use) into parts small enough for a core's cache: each core
    // splits its share of the keys, in order.
    let bits = (total / PART_ENTRIES)
        .max(1)
        .next_power_of_two()
        .trailing_zeros();
    let part_of = |h: u64| ((h >> 32) & ((1 << bits) - 1)) as usize;
    let share = total.div_ceil(rayon::current_num_threads().max(1)).max(1);
    let shares: Vec<Vec<Vec<(u64, u32)>>> = (0..total)
        .into_par_iter()
        .step_by(share)
        .map(|from| {
            let mut parts: Vec<Vec<(u64, u32)>> = vec![Vec::new(); 1 << bits];
            for g in from..(from + share).min(total) {
                let h = hash_of(entry(g as u32).key());
                parts[part_of(h)].push((h, g as u32));
            }
            parts
        })
        .collect();
    // Each part's table is filled in order on either core (the shares' pieces of it one
    // after the other): a key's copies share a part, so each part sees them in the order
    // given and keeps the first.
    let old_len = old.len() as u32;
    let repeated: Vec<u32> = (0..1usize << bits)
        .into_par_iter()
        .flat_map_iter(|p| {
            let part: Vec<(u64, u32)> = shares.iter().flat_map(|s| s[p].iter().copied()).collect();
            // The table holds indices into the part: its hashes are at hand.
            let mut table: HashTable<u32> = HashTable::with_capacity(part.len());
            let rehash = |&k: &u32| part[k as usize].0;
            let mut repeated = Vec::new();
            for (k, &(h, g)) in part.iter().enumerate() {
                if g < old_len {
                    // The ledger's own keys are unique.
                    table.insert_unique(h, k as u32, rehash);
                    continue;
                }
                // One probe: the key is found, or its empty slot is filled.
                let same = |&o: &u32| entry(part[o as usize].1).key() == entry(g).key();
                match table.entry(h, same, rehash) {
                    hashbrown::hash_table::Entry::Occupied(_) => repeated.push(g),
                    hashbrown::hash_table::Entry::Vacant(slot) => {
                        slot.insert(k as u32);
                    }
                }
            }
            repeated
        })
        .collect();
    let mut fresh: Vec<Vec<bool>> = batches.iter().map(|b| vec![true; b.len()]).collect();
    for g in repeated {
        let g = g as usize;
        let k = starts.partition_point(|&s| s <= g) - 1;
        fresh[k - 1][g - starts[k]] = false;
    }
    fresh
}

/// Keys per part of the de-duplication table (see [`new_keys`]): a part's table fits a
/// core's cache. (The unit tests' few hundred keys are split into parts too.)
#[cfg(not(test))]
const PART_ENTRIES: usize = 1 << 15;
#[cfg(test)]
const PART_ENTRIES: usize = 16;

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
        let keyed = crate::timing::side("keys", || {
            files.into_iter().map(dedup::keys_for_file).collect()
        });
        self.merge_all(keyed)
    }

    /// Add the entries of `batches` whose key is new; count the others as duplicates.
    fn merge_all(&mut self, mut batches: Vec<Vec<Entry>>) -> MergeStats {
        let fresh = crate::timing::side("new keys", || new_keys(&self.entries, &batches));
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
        entries = crate::timing::side("sort", || sorted(entries));
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
            self.entries = merged(old, entries, |x, y| canonical(x, y) == Ordering::Less);
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

    /// A batch in order but for a few rows, or in no order at all, is sorted the same by
    /// moving rows back one by one as by sorting it whole.
    #[test]
    fn a_few_rows_out_of_place_are_moved_back_as_a_sort_would_place_them() {
        let mut b = batches().concat();
        b.sort_by(canonical);
        b.dedup_by(|x, y| x.key() == y.key());
        let want = b.clone();
        assert!(in_canonical_order(&want));
        // Rows listed late, by one place and by many; the last row listed first.
        let mut few = want.clone();
        few.swap(10, 11);
        let late = few.remove(40);
        few.insert(90, late);
        few[150..].rotate_left(1);
        few.rotate_right(1);
        assert!(!in_canonical_order(&few));
        assert_eq!(sorted(few.clone()), want);
        assert_eq!(sorted_by_runs(few), want);
        // Reversed: far more moves than the pass allows, so it sorts by runs.
        let reversed: Vec<Entry> = want.iter().rev().cloned().collect();
        assert_eq!(sorted(reversed), want);
        assert_eq!(sorted(Vec::new()), Vec::new());
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
