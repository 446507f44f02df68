//! Machine-readable output: the analysis JSON, and ledger rows as JSON or CSV.

use crate::analysis::Analysis;
use crate::ledger::Entry;
use anyhow::Result;
use serde::Serialize;

pub fn analysis(a: &Analysis) -> Result<String> {
    Ok(serde_json::to_string_pretty(a)?)
}

/// [`analysis`] written straight to `out` (a large ledger's JSON is not held whole).
pub fn write_analysis(a: &Analysis, mut out: impl std::io::Write) -> Result<()> {
    serde_json::to_writer_pretty(&mut out, a)?;
    writeln!(out)?;
    Ok(out.flush()?)
}

/// One ledger row as `soaek list --json` and `--csv` show it.
#[derive(Debug, Serialize)]
pub struct ListedRow<'a> {
    /// Local KST time, `YYYY-MM-DDTHH:MM:SS`.
    pub at: String,
    pub merchant: &'a str,
    pub item: Option<&'a str>,
    pub amount: i64,
    pub status: &'static str,
    pub approval_no: Option<&'a str>,
    pub pay_kind: Option<&'a str>,
}

impl<'a> From<&'a Entry> for ListedRow<'a> {
    fn from(e: &'a Entry) -> Self {
        ListedRow {
            at: e.tx.at.format("%Y-%m-%dT%H:%M:%S").to_string(),
            merchant: &e.tx.merchant,
            item: e.tx.item.as_deref(),
            amount: e.tx.amount.0,
            status: e.tx.status.id(),
            approval_no: e.tx.approval_no.as_deref(),
            pay_kind: e.tx.pay_kind.as_deref(),
        }
    }
}

pub fn rows_json(entries: &[&Entry]) -> Result<String> {
    let rows: Vec<ListedRow<'_>> = entries.iter().map(|e| ListedRow::from(*e)).collect();
    Ok(serde_json::to_string_pretty(&rows)?)
}

/// The rows as CSV, through the one CSV writer (BOM, formulas neutralized).
pub fn rows_csv(entries: &[&Entry]) -> Result<Vec<u8>> {
    use crate::report::export::{write_csv, Cell};
    let rows: Vec<ListedRow<'_>> = entries.iter().map(|e| ListedRow::from(*e)).collect();
    write_csv(
        &[
            "at",
            "merchant",
            "item",
            "amount",
            "status",
            "approval_no",
            "pay_kind",
        ],
        rows.iter().map(|r| {
            vec![
                Cell::Text(&r.at),
                Cell::Text(r.merchant),
                Cell::Text(r.item.unwrap_or_default()),
                Cell::Number(r.amount),
                Cell::Text(r.status),
                Cell::Text(r.approval_no.unwrap_or_default()),
                Cell::Text(r.pay_kind.unwrap_or_default()),
            ]
        }),
    )
}
