//! Calendar months (`YYYY-MM`), the unit every figure is grouped by. KST throughout.

use chrono::{Datelike, NaiveDate};
use serde::{Serialize, Serializer};
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
        (self.plus(1).first_day() - self.first_day()).num_days() as u32
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
    }
}
