//! When money goes out: the as-of month day by day (the burn chart) and the approvals
//! by weekday × hour (the heatmap where night payments stand out). Both are small
//! aggregates, so a million-row ledger still draws in no time.

use crate::ledger::{netting, Entry};
use crate::month::Month;
use chrono::{Datelike, NaiveDate, Timelike};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Burn {
    pub month: Month,
    /// Net spend up to the end of each day, from the 1st to the as-of date (rule 2:
    /// a matched cancellation counts on its approval's day).
    pub cumulative: Vec<i64>,
    /// The same for each cap: 휴대폰 소액결제, then 콘텐츠이용료.
    pub by_kind: [Vec<i64>; 2],
    /// Days in the month.
    pub days: u32,
    /// The month-end estimate ([`super::limit::projection`]).
    pub projected_month_end: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Activity {
    pub burn: Burn,
    /// Approvals per weekday (Monday first) and hour (KST), over the whole ledger.
    pub hours: [[u32; 24]; 7],
}

/// `content[i]`: entry `i` is 콘텐츠이용료; `month_entries`: the entries that may count in
/// the as-of month ([`super::this_months_entries`]).
pub fn activity(
    entries: &[Entry],
    month_entries: &[usize],
    matches: &netting::Matches,
    content: &[bool],
    as_of: NaiveDate,
    projected_month_end: i64,
) -> Activity {
    let month = Month::of(as_of);
    let mut daily = vec![0i64; as_of.day() as usize];
    let mut daily_kind = [daily.clone(), daily.clone()];
    let mut hours = [[0u32; 24]; 7];
    for e in entries.iter().filter(|e| !e.tx.status().is_cancellation()) {
        let at = e.tx.at();
        hours[at.weekday().num_days_from_monday() as usize][at.hour() as usize] += 1;
    }
    // The month's days: only its entries are read.
    for &i in month_entries {
        let e = &entries[i];
        let day = netting::spend_time(entries, matches, i).date();
        if e.tx.date() <= as_of && Month::of(day) == month {
            daily[day.day0() as usize] += e.tx.signed_amount();
            let k = usize::from(content.get(i).copied().unwrap_or(false));
            daily_kind[k][day.day0() as usize] += e.tx.signed_amount();
        }
    }
    let running = |days: &[i64]| -> Vec<i64> {
        days.iter()
            .scan(0i64, |sum, d| {
                *sum += d;
                Some(*sum)
            })
            .collect()
    };
    let cumulative = running(&daily);
    let by_kind = daily_kind.map(|d| running(&d));
    Activity {
        burn: Burn {
            month,
            cumulative,
            by_kind,
            days: month.days(),
            projected_month_end,
        },
        hours,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::dedup::keys_for_file;
    use soaek_import::{Status, Transaction};

    fn at(d: u32, h: u32) -> chrono::NaiveDateTime {
        NaiveDate::from_ymd_opt(2025, 11, d)
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap()
    }

    #[test]
    fn burn_is_cumulative_to_the_as_of_day_and_hours_count_approvals() {
        let mut old = Transaction::new(at(1, 3), "컬쳐랜드", 50_000, Status::Approved);
        old.approval_no = Some("A".into());
        let mut back = Transaction::new(at(4, 10), "컬쳐랜드", 50_000, Status::Cancelled);
        back.approval_no = Some("A".into());
        let entries = keys_for_file(vec![
            old,
            Transaction::new(at(2, 14), "쿠팡", 10_000, Status::Approved),
            back,
            // After the as-of date: not in the burn, but in the hours.
            Transaction::new(at(20, 14), "쿠팡", 7_000, Status::Approved),
        ]);
        let matches = netting::match_cancellations(&entries);
        // The 2nd's payment is 콘텐츠이용료 here.
        let content: Vec<bool> = entries.iter().map(|e| e.tx.at().day() == 2).collect();
        let november = Month::parse("2025-11").unwrap();
        let month_entries: Vec<usize> =
            crate::analysis::this_months_entries(&entries, &matches, november).collect();
        let a = activity(
            &entries,
            &month_entries,
            &matches,
            &content,
            NaiveDate::from_ymd_opt(2025, 11, 5).unwrap(),
            9,
        );
        // The cancellation on the 4th takes back the 1st's payment (rule 2).
        assert_eq!(a.burn.cumulative, [0, 10_000, 10_000, 10_000, 10_000]);
        assert_eq!(a.burn.by_kind[0], [0, 0, 0, 0, 0]);
        assert_eq!(a.burn.by_kind[1], [0, 10_000, 10_000, 10_000, 10_000]);
        assert_eq!(a.burn.days, 30);
        assert_eq!(a.burn.projected_month_end, 9);
        // 2025-11-01 was a Saturday, 11-02 a Sunday, 11-20 a Thursday.
        assert_eq!(a.hours[5][3], 1);
        assert_eq!(a.hours[6][14], 1);
        assert_eq!(a.hours[3][14], 1);
        assert_eq!(a.hours.iter().flatten().sum::<u32>(), 3);
    }
}
