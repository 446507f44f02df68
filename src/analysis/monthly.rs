//! Monthly figures (docs/RULES.md rules 1, 2 and 4): approved, cancelled, net and counts per KST
//! calendar month, grouped with polars; and the 3-month average.

use crate::coverage::{Coverage, MonthRange};
use crate::ledger::{netting, Entry};
use crate::month::{Month, MonthOf};
use anyhow::Result;
use polars::prelude::*;
use rayon::prelude::*;
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

/// The monthly figures of all spend and of each kind of spend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ByKind {
    pub all: Vec<MonthFigures>,
    /// 콘텐츠이용료: merchants whose category is content.
    pub content: Vec<MonthFigures>,
    /// 휴대폰 소액결제: everything else.
    pub micro: Vec<MonthFigures>,
}

/// One group of the ledger: its month (a matched cancellation in its approval's, rule
/// 2), merchant, kind (`content`: 콘텐츠이용료), whether it holds approvals or
/// cancellations, the sum of its amounts and its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Group {
    pub month: Month,
    pub merchant: u32,
    pub content: bool,
    pub cancel: bool,
    pub amount: i64,
    pub rows: u32,
}

/// The ledger grouped once, with polars, by month × merchant × kind ×
/// approval-or-cancellation (a key and the amount: 16 bytes a row), in that order. The
/// monthly figures ([`figures`]) and the category and merchant tables
/// ([`super::categories::tables`]) are all summed from its few groups.
pub fn groups(
    entries: &[Entry],
    matches: &netting::Matches,
    content: &[bool],
    merchant_of: &[u32],
) -> Result<Vec<Group>> {
    // The key: the month in the high half, then the merchant, the kind and the
    // cancellation bit (room for a billion merchants).
    if merchant_of.iter().any(|&m| m >= 1 << 30) {
        anyhow::bail!("more merchants than the grouping counts");
    }
    let key = |months: &mut MonthOf, i: usize| {
        let month = months
            .of(netting::spend_time(entries, matches, i).date())
            .index();
        let merchant = merchant_of.get(i).copied().unwrap_or(0);
        let kind = content.get(i).copied().unwrap_or(false);
        (i64::from(month) << 32)
            | (i64::from(merchant) << 2)
            | (i64::from(kind) << 1)
            | i64::from(entries[i].tx.status().is_cancellation())
    };
    // The columns are made on both cores, as polars groups them.
    let (keys, amounts): (Vec<i64>, Vec<i64>) = (0..entries.len())
        .into_par_iter()
        .map_init(MonthOf::default, |months, i| {
            (key(months, i), entries[i].tx.amount.0)
        })
        .unzip();
    let df = df!("key" => keys, "amount" => amounts)?;
    Ok(grouped_sums(&df, "key", &["amount"])?
        .into_iter()
        .map(|(key, sums, rows)| Group {
            month: Month::from_index((key >> 32) as i32),
            merchant: ((key & 0xFFFF_FFFF) >> 2) as u32,
            content: key & 2 != 0,
            cancel: key & 1 != 0,
            amount: sums[0],
            rows,
        })
        .collect())
}

/// The monthly figures of all spend and of each kind, from the ledger's [`groups`].
/// Every month `coverage` covers is listed, with zeros when it had no payment; a month
/// it does not cover is left out (unknown, not 0).
pub fn figures(groups: &[Group], coverage: &Coverage) -> ByKind {
    let mut kinds: [Vec<MonthFigures>; 2] = [Vec::new(), Vec::new()];
    let mut all: Vec<MonthFigures> = Vec::new();
    // Groups come in month order: each month's groups follow each other.
    for g in groups {
        for figures in [&mut kinds[usize::from(g.content)], &mut all] {
            if figures.last().is_none_or(|f| f.month != g.month) {
                figures.push(MonthFigures::zero(g.month));
            }
            if let Some(f) = figures.last_mut() {
                if g.cancel {
                    f.cancelled += g.amount;
                    f.cancellations += g.rows;
                } else {
                    f.approved += g.amount;
                    f.payments += g.rows;
                }
                f.net = f.approved - f.cancelled;
            }
        }
    }
    let [micro, content] = kinds.map(|k| with_covered_months(k, coverage));
    ByKind {
        all: with_covered_months(all, coverage),
        content,
        micro,
    }
}

/// Group the ledger by month, all spend and each kind (`content[i]`: entry `i` is
/// content): [`groups`] without merchants, then [`figures`]. `matches` comes from
/// [`crate::ledger::netting::match_cancellations`]: a matched cancellation reduces the
/// month of its approval.
pub fn by_kind(
    entries: &[Entry],
    matches: &netting::Matches,
    content: &[bool],
    coverage: &Coverage,
) -> Result<ByKind> {
    Ok(figures(&groups(entries, matches, content, &[])?, coverage))
}

/// polars' group-by of `df` on the integer column `key`: per key (in order) the sums of
/// the integer columns `sum`, and the rows. (Eager: polars' lazy engine is not built.)
pub fn grouped_sums(df: &DataFrame, key: &str, sum: &[&str]) -> Result<Vec<(i64, Vec<i64>, u32)>> {
    let by = df.group_by([key])?;
    let groups = by.get_groups();
    let keys = by.keys();
    let keys = keys
        .first()
        .ok_or_else(|| anyhow::anyhow!("group-by without its key"))?
        .cast(&DataType::Int64)?;
    let keys = keys.i64()?;
    // SAFETY: the groups are `df`'s own, made just above from its rows.
    let sums = sum
        .iter()
        .map(|c| {
            let summed = unsafe { df.column(c)?.agg_sum(groups) };
            Ok(summed.cast(&DataType::Int64)?.i64()?.clone())
        })
        .collect::<Result<Vec<Int64Chunked>>>()?;
    let counts = groups.group_count();
    let mut out: Vec<(i64, Vec<i64>, u32)> = (0..keys.len())
        .map(|g| {
            (
                keys.get(g).unwrap_or_default(),
                sums.iter().map(|s| s.get(g).unwrap_or(0)).collect(),
                counts.get(g).unwrap_or(0),
            )
        })
        .collect();
    out.sort_unstable_by_key(|(k, ..)| *k);
    Ok(out)
}

/// `months` (in order) with every covered month that had no payment added as zeros.
fn with_covered_months(months: Vec<MonthFigures>, coverage: &Coverage) -> Vec<MonthFigures> {
    let mut out: Vec<MonthFigures> = Vec::with_capacity(months.len());
    let mut given = months.into_iter().peekable();
    for m in coverage.months() {
        while let Some(f) = given.next_if(|f| f.month < m) {
            out.push(f);
        }
        match given.next_if(|f| f.month == m) {
            Some(f) => out.push(f),
            None => out.push(MonthFigures::zero(m)),
        }
    }
    out.extend(given);
    out
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

/// The net of month `m` in `months` (sorted by month, as every figure list is):
/// `None` when the list does not hold it (no statement covers it).
pub fn net(months: &[MonthFigures], m: Month) -> Option<i64> {
    months
        .binary_search_by_key(&m, |f| f.month)
        .ok()
        .map(|k| months[k].net)
}

/// The three complete months before `as_of`.
pub fn last_three(as_of: Month) -> MonthRange {
    MonthRange {
        from: as_of.plus(-3),
        to: as_of.plus(-1),
    }
}

/// avg3 (rule 4): the mean net of those of the three complete months before `as_of`
/// that `coverage` covers (a covered month without payments counts as 0), rounded
/// half-up to whole won. `None` when none of the three is covered: there is nothing to
/// average, and 0 would advise blocking for want of data.
pub fn three_month_average(
    months: &[MonthFigures],
    as_of: Month,
    coverage: &Coverage,
) -> (Vec<Month>, Option<i64>) {
    let used: Vec<Month> = last_three(as_of)
        .months()
        .filter(|m| coverage.covers(*m))
        .collect();
    if used.is_empty() {
        return (used, None);
    }
    let sum: i64 = used.iter().map(|m| net(months, *m).unwrap_or(0)).sum();
    let avg = (Decimal::from(sum) / Decimal::from(used.len()))
        .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
    (used, avg.to_i64())
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
    fn one_grouping_gives_all_spend_and_each_kind() {
        use crate::ledger::{dedup::keys_for_file, netting, Ledger};
        use soaek_import::{Status, Transaction};
        let at = |m: u32, d: u32| {
            chrono::NaiveDate::from_ymd_opt(2025, m, d)
                .unwrap()
                .and_hms_opt(12, 0, 0)
                .unwrap()
        };
        let mut bought = Transaction::new(at(3, 30), "넷플릭스", 13_500, Status::Approved);
        bought.approval_no = Some("N1".into());
        let mut back = Transaction::new(at(4, 2), "넷플릭스", 13_500, Status::Cancelled);
        back.approval_no = Some("N1".into());
        let ledger = Ledger::from_entries(keys_for_file(vec![
            Transaction::new(at(1, 5), "쿠팡", 10_000, Status::Approved),
            Transaction::new(at(3, 1), "쿠팡", 20_000, Status::Approved),
            bought,
            back,
            Transaction::new(at(5, 9), "쿠팡", 5_000, Status::Cancelled),
        ]));
        let entries = ledger.entries();
        let content: Vec<bool> = entries
            .iter()
            .map(|e| &*e.tx.merchant == "넷플릭스")
            .collect();
        let matches = netting::match_cancellations(entries);
        let coverage = Coverage::of_dates(entries.iter().map(|e| e.tx.date()));
        let k = by_kind(entries, &matches, &content, &coverage).unwrap();
        let brief = |v: &[MonthFigures]| -> Vec<(String, i64, i64, u32, u32)> {
            v.iter()
                .map(|f| {
                    (
                        f.month.to_string(),
                        f.approved,
                        f.cancelled,
                        f.payments,
                        f.cancellations,
                    )
                })
                .collect()
        };
        // The April cancellation reduces March, its approval's month; February is empty.
        assert_eq!(
            brief(&k.all),
            [
                ("2025-01".into(), 10_000, 0, 1, 0),
                ("2025-02".into(), 0, 0, 0, 0),
                ("2025-03".into(), 33_500, 13_500, 2, 1),
                ("2025-04".into(), 0, 0, 0, 0),
                ("2025-05".into(), 0, 5_000, 0, 1),
            ]
        );
        assert_eq!(
            brief(&k.content)[2],
            ("2025-03".into(), 13_500, 13_500, 1, 1)
        );
        assert_eq!(k.content.len(), 5);
        assert_eq!(brief(&k.micro)[2], ("2025-03".into(), 20_000, 0, 1, 0));
        assert_eq!(k.micro.len(), 5);
        assert!(k.all.iter().all(|f| f.net == f.approved - f.cancelled));
        // Grouped by merchant too (쿠팡 0, 넷플릭스 1): the same monthly figures, and the
        // groups the category and merchant tables are summed from.
        let who = crate::analysis::categories::classify(
            entries,
            &soaek_merchants::Categorizer::default(),
        );
        let g = groups(entries, &matches, &content, &who.of).unwrap();
        assert_eq!(figures(&g, &coverage), k);
        let m = |name: &str| {
            who.of[entries
                .iter()
                .position(|e| &*e.tx.merchant == name)
                .unwrap()]
        };
        let brief = |g: &Group| {
            (
                g.month.to_string(),
                g.merchant,
                g.content,
                g.cancel,
                g.amount,
                g.rows,
            )
        };
        assert_eq!(
            g.iter().map(brief).collect::<Vec<_>>(),
            [
                ("2025-01".into(), m("쿠팡"), false, false, 10_000, 1),
                ("2025-03".into(), m("쿠팡"), false, false, 20_000, 1),
                ("2025-03".into(), m("넷플릭스"), true, false, 13_500, 1),
                ("2025-03".into(), m("넷플릭스"), true, true, 13_500, 1),
                ("2025-05".into(), m("쿠팡"), false, true, 5_000, 1),
            ]
        );
        let (_, merchants) = crate::analysis::categories::tables(&g, &who);
        let totals: Vec<(&str, i64, u32)> = merchants
            .iter()
            .map(|t| (t.merchant.as_str(), t.net, t.payments))
            .collect();
        assert_eq!(totals, [("쿠팡", 25_000, 2), ("넷플릭스", 0, 1)]);
    }

    fn covering(months: &[&str]) -> Coverage {
        let mut c = Coverage::default();
        for m in months {
            let m = Month::parse(m).unwrap();
            c.add(MonthRange { from: m, to: m }, m.first_day());
        }
        c
    }

    #[test]
    fn avg3_counts_empty_covered_months_as_zero_and_rounds_half_up() {
        let months = [
            fig("2025-08", 99_999),
            fig("2025-09", 10_000),
            fig("2025-10", 0),
            fig("2025-11", 20_001),
        ];
        let dec = Month::parse("2025-12").unwrap();
        let all = covering(&["2025-08", "2025-09", "2025-10", "2025-11"]);
        let (used, avg) = three_month_average(&months, dec, &all);
        assert_eq!(
            used.iter().map(|m| m.to_string()).collect::<Vec<_>>(),
            ["2025-09", "2025-10", "2025-11"]
        );
        // (10,000 + 0 + 20,001) / 3 = 10,000.33 → 10,000
        assert_eq!(avg, Some(10_000));
        let months = [fig("2025-09", 1), fig("2025-10", 1), fig("2025-11", 0)];
        // 2 / 3 = 0.67 → 1
        assert_eq!(three_month_average(&months, dec, &all).1, Some(1));
    }

    #[test]
    fn avg3_averages_only_the_covered_months_and_is_none_without_any() {
        // One statement holding May only, analyzed in June: May alone, not May / 3.
        let months = [fig("2025-05", 245_000)];
        let june = Month::parse("2025-06").unwrap();
        let (used, avg) = three_month_average(&months, june, &covering(&["2025-05"]));
        assert_eq!((used.len(), avg), (1, Some(245_000)));
        // October uncovered between September and November: (10,000 + 20,001) / 2.
        let months = [fig("2025-09", 10_000), fig("2025-11", 20_001)];
        let dec = Month::parse("2025-12").unwrap();
        let (used, avg) = three_month_average(&months, dec, &covering(&["2025-09", "2025-11"]));
        assert_eq!((used.len(), avg), (2, Some(15_001)));
        // Only the as-of month itself: nothing to average.
        let (used, avg) = three_month_average(&months, june, &covering(&["2025-06"]));
        assert_eq!((used.len(), avg), (0, None));
    }

    #[test]
    fn uncovered_months_are_left_out_not_zero() {
        let c = covering(&["2025-01", "2025-02", "2025-05"]);
        let out = with_covered_months(vec![fig("2025-02", 5), fig("2025-05", 7)], &c);
        assert_eq!(
            out.iter()
                .map(|f| (f.month.to_string(), f.net))
                .collect::<Vec<_>>(),
            [
                ("2025-01".into(), 0),
                ("2025-02".into(), 5),
                ("2025-05".into(), 7)
            ]
        );
    }
}
