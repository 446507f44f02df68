//! The as-of date (docs/RULES.md rule 9): `--as-of`, else today in KST; a stale export moves it to
//! the 1st of the month after the newest payment, and says so.

use crate::month::Month;
use chrono::{NaiveDate, NaiveDateTime};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AsOf {
    pub date: NaiveDate,
    /// Set when the date was moved because the newest payment is old: the day it would
    /// have been (today, KST).
    pub moved_from: Option<NaiveDate>,
}

impl AsOf {
    pub fn month(&self) -> Month {
        Month::of(self.date)
    }
}

pub fn resolve(
    explicit: Option<NaiveDate>,
    today: NaiveDate,
    newest: Option<NaiveDateTime>,
) -> AsOf {
    if let Some(date) = explicit {
        return AsOf {
            date,
            moved_from: None,
        };
    }
    let previous_month_start = Month::of(today).plus(-1).first_day();
    match newest {
        Some(newest) if newest.date() < previous_month_start => AsOf {
            date: Month::of(newest.date()).plus(1).first_day(),
            moved_from: Some(today),
        },
        _ => AsOf {
            date: today,
            moved_from: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn explicit_wins() {
        let a = resolve(
            Some(d(2025, 12, 3)),
            d(2026, 11, 23),
            Some(d(2024, 1, 1).and_hms_opt(0, 0, 0).unwrap()),
        );
        assert_eq!(
            a,
            AsOf {
                date: d(2025, 12, 3),
                moved_from: None
            }
        );
    }

    #[test]
    fn stale_export_moves_to_the_month_after_the_newest_payment() {
        let newest = d(2025, 11, 28).and_hms_opt(9, 0, 0).unwrap();
        let a = resolve(None, d(2026, 11, 23), Some(newest));
        assert_eq!(
            a,
            AsOf {
                date: d(2025, 12, 1),
                moved_from: Some(d(2026, 11, 23))
            }
        );
    }

    #[test]
    fn a_payment_last_month_is_fresh() {
        let newest = d(2026, 10, 1).and_hms_opt(0, 0, 0).unwrap();
        assert_eq!(
            resolve(None, d(2026, 11, 23), Some(newest)).date,
            d(2026, 11, 23)
        );
        let older = d(2026, 9, 30).and_hms_opt(23, 59, 59).unwrap();
        assert_eq!(
            resolve(None, d(2026, 11, 23), Some(older)).date,
            d(2026, 10, 1)
        );
    }
}
