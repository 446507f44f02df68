//! Analysis of a ledger, as of a date: the figures behind the stable JSON of
//! `soaek analyze` (schema `soaek.analysis/1`, see SPEC.md).

pub mod asof;
pub mod categories;
pub mod monthly;
pub mod subscriptions;

use crate::ledger::{netting, Ledger};
use crate::month::Month;
use crate::sources::Batch;
use anyhow::Result;
use asof::AsOf;
use categories::{CategoryMonth, MerchantTotal};
use chrono::NaiveDate;
use monthly::MonthFigures;
use serde::Serialize;
use soaek_merchants::{Categorizer, Category, MatchedBy};

pub const SCHEMA: &str = "soaek.analysis/1";

#[derive(Debug, Clone, Serialize)]
pub struct RowErrorJson {
    pub row: u32,
    pub column: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SkippedRowJson {
    pub row: u32,
    pub reason: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct FileSummary {
    pub path: String,
    pub format: &'static str,
    pub encoding: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<String>,
    pub header_row: u32,
    pub rows: u32,
    pub transactions: usize,
    pub skipped_rows: Vec<SkippedRowJson>,
    pub errors: Vec<RowErrorJson>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SkippedFileJson {
    pub path: String,
    pub reason: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportSummary {
    pub files: Vec<FileSummary>,
    /// Rows found again in overlapping exports (rule 3).
    pub duplicates: usize,
    /// Files in a folder that are not statements.
    pub skipped_files: Vec<SkippedFileJson>,
    /// Transactions after de-duplication.
    pub transactions: usize,
    pub cancellations_matched: usize,
}

impl ImportSummary {
    /// The files' part of the summary; `duplicates` is counted while merging.
    pub fn from_batch(batch: &Batch, lang: soaek_import::Lang) -> ImportSummary {
        ImportSummary {
            files: batch
                .files
                .iter()
                .map(|f| FileSummary {
                    path: f.path.clone(),
                    format: f.import.format.id(),
                    encoding: f.import.encoding.id(),
                    delimiter: f.import.delimiter.map(|d| d.to_string()),
                    header_row: f.import.header_row,
                    rows: f.import.rows,
                    transactions: f.import.transactions.len(),
                    skipped_rows: f
                        .import
                        .skipped
                        .iter()
                        .map(|s| SkippedRowJson {
                            row: s.row,
                            reason: s.reason.id(),
                        })
                        .collect(),
                    errors: f
                        .import
                        .errors
                        .iter()
                        .map(|e| RowErrorJson {
                            row: e.row,
                            column: e.column.clone(),
                            reason: e.reason.message(lang),
                        })
                        .collect(),
                })
                .collect(),
            duplicates: 0,
            skipped_files: batch
                .skipped_files
                .iter()
                .map(|s| SkippedFileJson {
                    path: s.path.clone(),
                    reason: s.reason.clone(),
                })
                .collect(),
            transactions: 0,
            cancellations_matched: 0,
        }
    }
}

/// The limit recommendation. Only the 3-month average is computed so far; the rest
/// stays empty until the recommendation lands.
#[derive(Debug, Clone, Serialize)]
pub struct Recommendation {
    pub months_used: Vec<Month>,
    pub three_month_average: i64,
    pub target_month: Month,
    pub seasonal_factor: Option<f64>,
    pub recommended_limit: Option<i64>,
    pub tier: Option<String>,
    pub reasons: Vec<String>,
    pub adjustments: Vec<serde_json::Value>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    pub schema: &'static str,
    pub as_of: NaiveDate,
    /// Set when a stale export moved the as-of date (rule 9): the day it would have been.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of_moved_from: Option<NaiveDate>,
    pub import: ImportSummary,
    pub months: Vec<MonthFigures>,
    pub categories: Vec<CategoryMonth>,
    pub merchants: Vec<MerchantTotal>,
    /// Unknown merchants that fell to `other`, largest spend first: the ones to write rules for.
    pub uncategorized: Vec<MerchantTotal>,
    pub subscriptions: Vec<subscriptions::Subscription>,
    /// The clean-up view of the active subscriptions.
    pub subscription_summary: subscriptions::Summary,
    pub recommendation: Recommendation,
    pub limit_status: Option<serde_json::Value>,
    pub alerts: Vec<serde_json::Value>,
}

/// Analyze `ledger`. `as_of` is `--as-of` when given; `today` is today in KST.
pub fn analyze(
    ledger: &Ledger,
    mut import: ImportSummary,
    as_of: Option<NaiveDate>,
    today: NaiveDate,
    categorizer: &Categorizer,
) -> Result<Analysis> {
    let entries = ledger.entries();
    let newest = entries
        .iter()
        .filter(|e| !e.tx.status.is_cancellation())
        .map(|e| e.tx.at)
        .max();
    let as_of: AsOf = asof::resolve(as_of, today, newest);
    let matches = netting::match_cancellations(entries);
    import.transactions = entries.len();
    import.cancellations_matched = matches.iter().filter(|m| m.is_some()).count();
    let months = monthly::monthly(entries, &matches)?;
    let (months_used, avg3) = monthly::three_month_average(&months, as_of.month());
    let who = categories::classify(entries, categorizer);
    let (by_category, merchants) = categories::tables(entries, &matches, &who)?;
    let subs = subscriptions::find(entries, &matches, &who, as_of.date);
    let subscription_summary = subscriptions::summary(&subs, as_of.date);
    // Merchants nobody knows (no rule, no dictionary entry), left in `other`.
    let unknown: std::collections::HashSet<&str> = who
        .merchants
        .iter()
        .filter(|m| m.matched_by == MatchedBy::Unknown && m.category == Category::Other)
        .map(|m| m.name.as_str())
        .collect();
    let uncategorized = merchants
        .iter()
        .filter(|m| unknown.contains(m.merchant.as_str()))
        .cloned()
        .collect();
    Ok(Analysis {
        schema: SCHEMA,
        as_of: as_of.date,
        as_of_moved_from: as_of.moved_from,
        import,
        months,
        categories: by_category,
        merchants,
        uncategorized,
        subscriptions: subs,
        subscription_summary,
        recommendation: Recommendation {
            months_used,
            three_month_average: avg3,
            target_month: as_of.month(),
            seasonal_factor: None,
            recommended_limit: None,
            tier: None,
            reasons: Vec::new(),
            adjustments: Vec::new(),
        },
        limit_status: None,
        alerts: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::dedup::keys_for_file;
    use soaek_import::{Status, Transaction};

    fn tx(merchant: &str, amount: i64) -> Transaction {
        let at = NaiveDate::from_ymd_opt(2025, 5, 11)
            .unwrap()
            .and_hms_opt(14, 0, 0)
            .unwrap();
        Transaction::new(at, merchant, amount, Status::Approved)
    }

    #[test]
    fn only_unknown_merchants_are_uncategorized() {
        let ledger = Ledger::from_entries(keys_for_file(vec![
            tx("GS25 역삼점", 3000),
            tx("동네 꽃집", 20000),
            tx("COUPANG", 9900),
        ]));
        let today = NaiveDate::from_ymd_opt(2025, 6, 2).unwrap();
        let a = analyze(
            &ledger,
            ImportSummary::default(),
            None,
            today,
            &Categorizer::default(),
        )
        .unwrap();
        let names: Vec<(&str, Category, i64)> = a
            .merchants
            .iter()
            .map(|m| (m.merchant.as_str(), m.category, m.net))
            .collect();
        assert_eq!(
            names,
            [
                ("동네 꽃집", Category::Other, 20000),
                ("쿠팡", Category::Shopping, 9900),
                ("편의점", Category::Other, 3000)
            ]
        );
        assert_eq!(
            a.uncategorized
                .iter()
                .map(|m| m.merchant.as_str())
                .collect::<Vec<_>>(),
            ["동네 꽃집"]
        );
        let month = Month::parse("2025-05").unwrap();
        assert_eq!(
            a.categories,
            [
                CategoryMonth {
                    month,
                    category: Category::Shopping,
                    net: 9900
                },
                CategoryMonth {
                    month,
                    category: Category::Other,
                    net: 23000
                },
            ]
        );
    }
}
