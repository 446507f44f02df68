//! Monthly figures (spec rules 1, 2 and 4): approved, cancelled, net and counts per KST
//! calendar month, grouped with a polars lazy frame; and the 3-month average.

use crate::ledger::{netting, Entry};
use crate::month::Month;
use anyhow::Result;
use polars::prelude::*;
use rust_decimal::prelude::*;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MonthFigures {
    pub month: Month,
    pub approved: i64,
    pub cancelled: i64,
    pub net: i64,
    /// Approvals made in the month.
    pub payments: u32,
    /// Cancellations that reduce the month.
    pub cancellations: u32,
}

/// Group the ledger by month. `matches` comes from
/// [`crate::ledger::netting::match_cancellations`]: a matched cancellation reduces the
/// month of its approval. Months without payments between the first and last month
/// are listed with zeros.
pub fn monthly(entries: &[Entry], matches: &[Option<usize>]) -> Result<Vec<MonthFigures>> {
    monthly_of(entries, matches, None)
}

/// [`monthly`] of the entries where `only` is true (e.g. one kind of spend).
pub fn monthly_of(
    entries: &[Entry],
    matches: &[Option<usize>],
    only: Option<&[bool]>,
) -> Result<Vec<MonthFigures>> {
    let n = entries.len();
    let (mut month, mut approved, mut cancelled) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    let (mut payments, mut cancellations) = (Vec::with_capacity(n), Vec::with_capacity(n));
    for (i, e) in entries.iter().enumerate() {
        if only.is_some_and(|o| !o.get(i).copied().unwrap_or(false)) {
            continue;
        }
        let at = netting::spend_time(entries, matches, i);
        month.push(Month::of(at.date()).index());
        let cancel = e.tx.status.is_cancellation();
        approved.push(if cancel { 0 } else { e.tx.amount.0 });
        cancelled.push(if cancel { e.tx.amount.0 } else { 0 });
        payments.push(u32::from(!cancel));
        cancellations.push(u32::from(cancel));
    }
    let df = df!(
        "month" => month,
        "approved" => approved,
        "cancelled" => cancelled,
        "payments" => payments,
        "cancellations" => cancellations
    )?;
    let grouped = df
        .lazy()
        .group_by([col("month")])
        .agg([
            col("approved").sum(),
            col("cancelled").sum(),
            col("payments").sum(),
            col("cancellations").sum(),
        ])
        .sort(["month"], SortMultipleOptions::default())
        .collect()?;
    let (m, a, c) = (
        grouped.column("month")?.i32()?,
        grouped.column("approved")?.i64()?,
        grouped.column("cancelled")?.i64()?,
    );
    let (p, k) = (
        grouped.column("payments")?.u32()?,
        grouped.column("cancellations")?.u32()?,
    );
    let mut out: Vec<MonthFigures> = Vec::new();
    for i in 0..grouped.height() {
        let idx = m.get(i).unwrap_or_default();
        while let Some(last) = out.last().map(|f| f.month.index()) {
            if last + 1 >= idx {
                break;
            }
            out.push(MonthFigures::zero(Month::from_index(last + 1)));
        }
        let (approved, cancelled) = (a.get(i).unwrap_or(0), c.get(i).unwrap_or(0));
        out.push(MonthFigures {
            month: Month::from_index(idx),
            approved,
            cancelled,
            net: approved - cancelled,
            payments: p.get(i).unwrap_or(0),
            cancellations: k.get(i).unwrap_or(0),
        });
    }
    Ok(out)
}

impl MonthFigures {
    pub fn zero(month: Month) -> MonthFigures {
        MonthFigures {
            month,
            approved: 0,
            cancelled: 0,
            net: 0,
            payments: 0,
            cancellations: 0,
        }
    }
}

/// avg3 (rule 4): the mean net of the three complete months before `as_of`, months
/// without payments counting as 0, rounded half-up to whole won.
pub fn three_month_average(months: &[MonthFigures], as_of: Month) -> (Vec<Month>, i64) {
    let used: Vec<Month> = (1..=3).rev().map(|k| as_of.plus(-k)).collect();
    let sum: i64 = used
        .iter()
        .map(|m| months.iter().find(|f| f.month == *m).map_or(0, |f| f.net))
        .sum();
    let avg = (Decimal::from(sum) / Decimal::from(3))
        .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
    (used, avg.to_i64().unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fig(m: &str, net: i64) -> MonthFigures {
        MonthFigures {
            net,
            ..MonthFigures::zero(Month::parse(m).unwrap())
        }
    }

    #[test]
    fn avg3_counts_empty_months_as_zero_and_rounds_half_up() {
        let months = [
            fig("2025-08", 99_999),
            fig("2025-09", 10_000),
            fig("2025-11", 20_001),
        ];
        let (used, avg) = three_month_average(&months, Month::parse("2025-12").unwrap());
        assert_eq!(
            used.iter().map(|m| m.to_string()).collect::<Vec<_>>(),
            ["2025-09", "2025-10", "2025-11"]
        );
        // (10,000 + 0 + 20,001) / 3 = 10,000.33 → 10,000
        assert_eq!(avg, 10_000);
        let months = [fig("2025-09", 1), fig("2025-10", 1), fig("2025-11", 0)];
        // 2 / 3 = 0.67 → 1
        assert_eq!(
            three_month_average(&months, Month::parse("2025-12").unwrap()).1,
            1
        );
    }
}
