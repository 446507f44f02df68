//! Calendar months (`YYYY-MM`), the unit every figure is grouped by. KST throughout.

use chrono::{Datelike, NaiveDate, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    /// 1..=12
    pub month: u32,
}

impl Month {
    pub fn of(date: NaiveDate) -> Month {
        Month {
            year: date.year(),
            month: date.month(),
        }
    }

    /// `year * 12 + month - 1`: consecutive months are consecutive numbers.
    pub fn index(self) -> i32 {
        self.year * 12 + self.month as i32 - 1
    }

    pub fn from_index(i: i32) -> Month {
        Month {
            year: i.div_euclid(12),
            month: i.rem_euclid(12) as u32 + 1,
        }
    }

    pub fn plus(self, months: i32) -> Month {
        Month::from_index(self.index() + months)
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }

    /// Number of days in the month.
    pub fn days(self) -> u32 {
        match self.month {
            4 | 6 | 9 | 11 => 30,
            2 if self.year % 4 == 0 && (self.year % 100 != 0 || self.year % 400 == 0) => 29,
            2 => 28,
            _ => 31,
        }
    }

    /// Day `day` of the month, or its last day when the month is shorter (31 → 28 Feb).
    pub fn day_clamped(self, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, day.clamp(1, self.days()))
            .unwrap_or(NaiveDate::MIN)
    }

    /// [`Month::day_clamped`] as days from the common era (1 January of year 1 is day
    /// 1, as chrono's `num_days_from_ce`), worked out without building a date: the
    /// subscription search asks for it for every charge it chains.
    pub fn day_number_clamped(self, day: u32) -> i32 {
        // Howard Hinnant's days-from-civil: years begin on 1 March, so the leap day is
        // the last day of its year; eras are 400 years of 146,097 days.
        let (m, d) = (self.month as i32, day.clamp(1, self.days()) as i32);
        let y = self.year - i32::from(m <= 2);
        let era = y.div_euclid(400);
        let year_of_era = y - era * 400;
        let day_of_year = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        // Day 0 of this count is 1 March of year 0: day -305 of the common era's count.
        era * 146_097 + day_of_era - 305
    }

    pub fn parse(s: &str) -> Option<Month> {
        let (y, m) = s.split_once('-')?;
        let (year, month) = (y.parse().ok()?, m.parse().ok()?);
        (1..=12).contains(&month).then_some(Month { year, month })
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl Serialize for Month {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Month {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Month, D::Error> {
        let s = String::deserialize(d)?;
        Month::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("not a month: {s:?}")))
    }
}

/// [`Month::of`] for dates that come mostly in order (a ledger's): the last month
/// found is kept with its first and last day, so a date in it is placed by two
/// comparisons, not from the calendar.
#[derive(Debug, Clone, Copy, Default)]
pub struct MonthOf {
    last: Option<(NaiveDate, NaiveDate, Month)>,
}

impl MonthOf {
    pub fn of(&mut self, date: NaiveDate) -> Month {
        match self.last {
            Some((first, end, m)) if first <= date && date <= end => m,
            _ => {
                let m = Month::of(date);
                let end = m.day_clamped(31);
                self.last = Some((m.first_day(), end, m));
                m
            }
        }
    }
}

/// Today's date in Korea Standard Time (UTC+9, no daylight saving).
pub fn today_kst() -> NaiveDate {
    (Utc::now() + chrono::Duration::hours(9)).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_arithmetic() {
        let m = Month {
            year: 2025,
            month: 1,
        };
        assert_eq!(m.plus(-1).to_string(), "2024-12");
        assert_eq!(m.plus(11).to_string(), "2025-12");
        assert_eq!(m.plus(12).to_string(), "2026-01");
        assert_eq!(
            Month {
                year: 2024,
                month: 2
            }
            .days(),
            29
        );
        assert_eq!(Month::parse("2000-02").unwrap().days(), 29);
        assert_eq!(Month::parse("1900-02").unwrap().days(), 28);
        assert_eq!(Month::parse("2025-12").unwrap().days(), 31);
        assert_eq!(
            Month {
                year: 2025,
                month: 2
            }
            .days(),
            28
        );
        assert_eq!(
            Month::parse("2025-09"),
            Some(Month {
                year: 2025,
                month: 9
            })
        );
        assert_eq!(Month::parse("2025-13"), None);
        let feb = Month::parse("2025-02").unwrap();
        assert_eq!(feb.day_number_clamped(31), 739_310);
        assert_eq!(feb.day_clamped(31).to_string(), "2025-02-28");
        assert_eq!(feb.day_clamped(15).to_string(), "2025-02-15");
    }

    /// Dates in and out of order, across years and month ends, are placed as
    /// `Month::of` places them.
    #[test]
    fn month_of_dates_mostly_in_order() {
        let mut of = MonthOf::default();
        let start = NaiveDate::from_ymd_opt(2023, 12, 25).unwrap();
        for k in 0..800i64 {
            // Forward a day at a time, with a step back now and then.
            let d = start + chrono::Duration::days(if k % 7 == 3 { k - 40 } else { k });
            assert_eq!(of.of(d), Month::of(d), "{d}");
        }
    }

    /// Day numbers agree with chrono's for every day of every month (and a day past the
    /// month's end), over four centuries either side of now and before the common era.
    #[test]
    fn day_numbers_are_the_calendars() {
        for year in (-401..=-399).chain(1..=3).chain(1_599..=2_401) {
            for month in 1..=12 {
                let m = Month { year, month };
                for day in 1..=32 {
                    assert_eq!(
                        m.day_number_clamped(day),
                        m.day_clamped(day).num_days_from_ce(),
                        "{m} {day}"
                    );
                }
            }
        }
    }
}
