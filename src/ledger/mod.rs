//! The ledger: every payment and cancellation the user has imported, each once.
//!
//! Owns de-duplication (spec rule 3, [`dedup`]), cancellation matching (rule 2,
//! [`netting`]) and the atomic, locked Parquet store ([`store`]).

pub mod dedup;
pub mod netting;
pub mod store;

use foldhash::HashSet;
use soaek_import::Transaction;

/// A transaction with its de-duplication key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub key: String,
    pub tx: Transaction,
}

/// All entries, kept in canonical order (time, then key) so that the same set of
/// payments always gives the same ledger, whatever order the files came in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ledger {
    entries: Vec<Entry>,
    keys: HashSet<String>,
}

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
        let mut stats = MergeStats::default();
        for e in entries {
            if self.keys.contains(&e.key) {
                stats.duplicates += 1;
            } else {
                self.keys.insert(e.key.clone());
                self.entries.push(e);
                stats.added += 1;
            }
        }
        if stats.added > 0 {
            self.entries
                .sort_by(|a, b| (a.tx.at, &a.key).cmp(&(b.tx.at, &b.key)));
        }
        stats
    }

    /// Add the transactions of one file (keys are per file: see [`dedup::keys_for_file`]).
    pub fn merge_file(&mut self, txs: Vec<Transaction>) -> MergeStats {
        self.merge(dedup::keys_for_file(txs))
    }
}
