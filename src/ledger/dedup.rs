//! De-duplication keys (spec rule 3). The same row in two overlapping exports gets the
//! same key; two identical rows in one file get different keys.

use super::Entry;
use foldhash::{HashMap, HashMapExt};
use soaek_import::{Status, Transaction};
use std::fmt::Write;
use std::sync::Arc;

/// Key of a row that has an approval number: number + status (+ amount for partial
/// cancellations and refunds, of which one approval may have several).
fn approval_key(buf: &mut String, no: &str, tx: &Transaction) {
    buf.clear();
    let _ = match tx.status {
        Status::PartiallyCancelled | Status::Refunded => {
            write!(buf, "A|{no}|{}|{}", tx.status.id(), tx.amount.0)
        }
        _ => write!(buf, "A|{no}|{}", tx.status.id()),
    };
}

/// Keys for the transactions of one file. Rows without an approval number are keyed by
/// time, merchant, amount, status and the ordinal of identical rows in that file.
pub fn keys_for_file(txs: Vec<Transaction>) -> Vec<Entry> {
    let mut seen: HashMap<String, u32> = HashMap::new();
    // One buffer for the text of every key; each key is then allocated once, shared.
    let mut buf = String::new();
    txs.into_iter()
        .map(|tx| {
            match tx.approval_no.as_deref() {
                Some(no) => approval_key(&mut buf, no, &tx),
                None => {
                    let base = format!(
                        "R|{}|{}|{}|{}",
                        tx.at.format("%Y-%m-%dT%H:%M:%S"),
                        tx.merchant,
                        tx.amount.0,
                        tx.status.id()
                    );
                    let ordinal = seen.entry(base.clone()).or_insert(0);
                    buf.clear();
                    let _ = write!(buf, "{base}|{ordinal}");
                    *ordinal += 1;
                }
            }
            Entry {
                key: Arc::from(buf.as_str()),
                tx,
            }
        })
        .collect()
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
        cancel.status = Status::Cancelled;
        let mut ledger = Ledger::default();
        ledger.merge_file(vec![tx("넷플릭스", 13500, Some("A1")), cancel.clone()]);
        let mut other_time = tx("넷플릭스", 13500, Some("A1"));
        other_time.at += chrono::Duration::seconds(1);
        let stats = ledger.merge_file(vec![other_time, cancel]);
        assert_eq!((stats.added, stats.duplicates), (0, 2));
        assert_eq!(ledger.len(), 2);
    }
}
