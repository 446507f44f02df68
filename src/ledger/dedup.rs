//! De-duplication keys (docs/RULES.md rule 3). The same row in two overlapping exports gets the
//! same key; two identical rows in one file get different keys.

use super::Entry;
use chrono::NaiveDateTime;
use hashbrown::HashTable;
use soaek_import::{Status, Transaction};
use std::fmt;
use std::hash::{BuildHasher, Hash};

/// Hashes of keys; fixed, so that a run is repeatable.
pub(crate) fn hash_of<T: Hash>(value: T) -> u64 {
    foldhash::fast::FixedState::with_seed(0x50AE_C0DE).hash_one(value)
}

/// What identifies a row. Borrowed from the transaction: nothing is allocated to compare
/// or hash it. Its text (`Display`) is what the ledger file stores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Key<'a> {
    /// A row with an approval number: number + status (+ amount for partial
    /// cancellations and refunds, of which one approval may have several).
    Approval {
        no: &'a str,
        status: Status,
        amount: Option<i64>,
    },
    /// A row without one: time, merchant, amount, status, line (when known: two lines'
    /// identical payments are two payments) and how many identical rows came before it
    /// in its file.
    Row {
        at: NaiveDateTime,
        merchant: &'a str,
        amount: i64,
        status: Status,
        line: Option<&'a str>,
        repeat: u32,
    },
}

impl Key<'_> {
    pub fn of(tx: &Transaction) -> Key<'_> {
        match tx.approval_no.as_deref() {
            Some(no) => Key::Approval {
                no,
                status: tx.status(),
                amount: matches!(tx.status(), Status::PartiallyCancelled | Status::Refunded)
                    .then_some(tx.amount.0),
            },
            None => Key::Row {
                at: tx.at(),
                merchant: &tx.merchant,
                amount: tx.amount.0,
                status: tx.status(),
                line: tx.line(),
                repeat: tx.repeat,
            },
        }
    }

    /// The repeat count written at the end of a stored key's text (`R|…|2` → 2); 0 for
    /// an approval key. `None` when the text is no key.
    pub fn repeat_in(text: &str) -> Option<u32> {
        match text.split_once('|')?.0 {
            "A" => Some(0),
            "R" => text.rsplit_once('|')?.1.parse().ok(),
            _ => None,
        }
    }
}

/// `A|number|status[|amount]` or `R|time|merchant|amount|status[|L:line]|repeat`.
impl fmt::Display for Key<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Key::Approval {
                no,
                status,
                amount: Some(amount),
            } => write!(f, "A|{no}|{}|{amount}", status.id()),
            Key::Approval { no, status, .. } => write!(f, "A|{no}|{}", status.id()),
            Key::Row {
                at,
                merchant,
                amount,
                status,
                line,
                repeat,
            } => {
                let at = at.format("%Y-%m-%dT%H:%M:%S");
                match line {
                    Some(line) => write!(
                        f,
                        "R|{at}|{merchant}|{amount}|{}|L:{line}|{repeat}",
                        status.id()
                    ),
                    None => write!(f, "R|{at}|{merchant}|{amount}|{}|{repeat}", status.id()),
                }
            }
        }
    }
}

/// The entries of one file: rows without an approval number are numbered among the
/// identical rows of that file (`repeat`), so both of two identical payments stay.
pub fn keys_for_file(mut txs: Vec<Transaction>) -> Vec<Entry> {
    // The latest row of each group of identical rows, found by the group's hash.
    let group = |t: &Transaction| hash_of((t.at(), &*t.merchant, t.amount, t.status(), t.line()));
    let mut latest: HashTable<u32> = HashTable::new();
    // The rows without an approval number, found on both cores (on most statements
    // every row has one).
    let unnumbered: Vec<usize> = {
        use rayon::prelude::*;
        txs.par_iter()
            .enumerate()
            .filter(|(_, t)| t.approval_no.is_none())
            .map(|(i, _)| i)
            .collect()
    };
    for i in unnumbered {
        let h = group(&txs[i]);
        let same = |&j: &u32| {
            let (a, b) = (&txs[j as usize], &txs[i]);
            (a.at(), &a.merchant, a.amount, a.status(), a.line())
                == (b.at(), &b.merchant, b.amount, b.status(), b.line())
        };
        let repeat = match latest.find_mut(h, same) {
            Some(j) => {
                let before = std::mem::replace(j, i as u32);
                txs[before as usize].repeat + 1
            }
            None => {
                latest.insert_unique(h, i as u32, |&j| group(&txs[j as usize]));
                0
            }
        };
        txs[i].repeat = repeat;
    }
    // Same layout: the vector is reused, not copied.
    txs.into_iter().map(|tx| Entry { tx }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::Ledger;
    use chrono::NaiveDate;

    fn tx(merchant: &str, amount: i64, approval: Option<&str>) -> Transaction {
        let at = NaiveDate::from_ymd_opt(2025, 5, 11)
            .unwrap()
            .and_hms_opt(14, 23, 1)
            .unwrap();
        Transaction {
            approval_no: approval.map(Into::into),
            ..Transaction::new(at, merchant, amount, Status::Approved)
        }
    }

    #[test]
    fn identical_rows_in_one_file_stay_two_payments() {
        let mut ledger = Ledger::default();
        let stats = ledger.merge_file(vec![tx("쿠팡", 5000, None), tx("쿠팡", 5000, None)]);
        assert_eq!((stats.added, stats.duplicates), (2, 0));
        // The same export again (or an overlapping one) adds nothing.
        let stats = ledger.merge_file(vec![tx("쿠팡", 5000, None), tx("쿠팡", 5000, None)]);
        assert_eq!((stats.added, stats.duplicates), (0, 2));
        // A file holding one of the two rows adds nothing either.
        let stats = ledger.merge_file(vec![tx("쿠팡", 5000, None)]);
        assert_eq!((stats.added, stats.duplicates), (0, 1));
        assert_eq!(ledger.len(), 2);
    }

    #[test]
    fn approval_number_and_status_identify_a_row() {
        let mut cancel = tx("넷플릭스", 13500, Some("A1"));
        cancel.set_status(Status::Cancelled);
        let mut ledger = Ledger::default();
        ledger.merge_file(vec![tx("넷플릭스", 13500, Some("A1")), cancel.clone()]);
        let mut other_time = tx("넷플릭스", 13500, Some("A1"));
        other_time.set_at(other_time.at() + chrono::Duration::seconds(1));
        let stats = ledger.merge_file(vec![other_time, cancel]);
        assert_eq!((stats.added, stats.duplicates), (0, 2));
        assert_eq!(ledger.len(), 2);
    }

    #[test]
    fn a_key_reads_as_the_ledger_file_stores_it() {
        let mut paid = tx("쿠팡", 5000, None);
        paid.repeat = 1;
        let mut part = tx("넷플릭스", 3000, Some("A1"));
        part.set_status(Status::PartiallyCancelled);
        let texts: Vec<String> = [paid, part, tx("넷플릭스", 13500, Some("A1"))]
            .iter()
            .map(|t| Key::of(t).to_string())
            .collect();
        assert_eq!(
            texts,
            [
                "R|2025-05-11T14:23:01|쿠팡|5000|approved|1",
                "A|A1|partially_cancelled|3000",
                "A|A1|approved",
            ]
        );
        let repeats: Vec<Option<u32>> = texts.iter().map(|t| Key::repeat_in(t)).collect();
        assert_eq!(repeats, [Some(1), Some(0), Some(0)]);
        assert_eq!(
            Key::repeat_in("R|2025-05-11T14:23:01|쿠팡|5000|approved|x"),
            None
        );
        assert_eq!(Key::repeat_in("k001"), None);
    }

    #[test]
    fn files_merged_together_count_as_files_merged_one_by_one() {
        let files = || {
            vec![
                vec![
                    tx("쿠팡", 5000, None),
                    tx("쿠팡", 5000, None),
                    tx("넷플릭스", 13500, Some("A1")),
                ],
                vec![
                    tx("쿠팡", 5000, None),
                    tx("넷플릭스", 13500, Some("A1")),
                    tx("멜론", 10900, Some("B7")),
                ],
            ]
        };
        let mut together = Ledger::default();
        let stats = together.merge_files(files());
        assert_eq!((stats.added, stats.duplicates), (4, 2));
        let mut one_by_one = Ledger::default();
        for f in files() {
            one_by_one.merge_file(f);
        }
        assert_eq!(together, one_by_one);
    }
}
