//! The three cadences and where each expects its charges: monthly on an anchor day
//! (the month's end counted as 31), weekly every 7 days, yearly on the anniversary.

use crate::month::Month;
use chrono::{Datelike, Duration, NaiveDate};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Cadence {
    Weekly,
    Monthly,
    Yearly,
}

impl Cadence {
    pub const ALL: [Cadence; 3] = [Cadence::Monthly, Cadence::Weekly, Cadence::Yearly];

    /// Days a charge may move from its expected date (weekends, holidays, retries).
    pub(super) fn tolerance(self) -> i64 {
        match self {
            Cadence::Weekly => 1,
            Cadence::Monthly => 4,
            Cadence::Yearly => 7,
        }
    }

    /// Periods a chain may step at once: 2 allows one skipped week or month.
    pub(super) fn max_step(self) -> i32 {
        match self {
            Cadence::Weekly | Cadence::Monthly => 2,
            Cadence::Yearly => 1,
        }
    }

    /// Days after the due date before a missing charge means the subscription stopped.
    pub fn grace_days(self) -> i64 {
        match self {
            Cadence::Weekly => 3,
            Cadence::Monthly => 7,
            Cadence::Yearly => 14,
        }
    }

    pub(super) fn period_days(self) -> i64 {
        match self {
            Cadence::Weekly => 7,
            Cadence::Monthly => 30,
            Cadence::Yearly => 365,
        }
    }

    /// (monthly cost, annual cost) of one charge of `amount`, in whole won (half up).
    pub fn costs(self, amount: i64) -> (i64, i64) {
        match self {
            Cadence::Weekly => ((amount * 52 + 6) / 12, amount * 52),
            Cadence::Monthly => (amount, amount * 12),
            Cadence::Yearly => ((amount + 6) / 12, amount),
        }
    }
}

/// Where a cadence expects its charges: slots are consecutive periods.
#[derive(Debug, Clone, Copy)]
pub(super) enum Frame {
    /// Every 7 days from the origin.
    Weekly(NaiveDate),
    /// On this day of every month (clamped to the month's end).
    Monthly(u32),
    /// On this month and day every year.
    Yearly(u32, u32),
}

impl Frame {
    pub(super) fn new(cadence: Cadence, d: NaiveDate) -> Frame {
        match cadence {
            Cadence::Weekly => Frame::Weekly(d),
            Cadence::Monthly => Frame::Monthly(effective_day(d)),
            Cadence::Yearly => Frame::Yearly(d.month(), effective_day(d)),
        }
    }

    pub(super) fn expected(self, slot: i32) -> NaiveDate {
        match self {
            Frame::Weekly(origin) => origin + Duration::days(7 * i64::from(slot)),
            Frame::Monthly(day) => Month::from_index(slot).day_clamped(day),
            Frame::Yearly(month, day) => Month { year: slot, month }.day_clamped(day),
        }
    }

    /// The slot of the period `d` falls in: the nearest slot, or one next to it.
    /// For a frame made from `d` (`Frame::new`), `d`'s own slot.
    pub(super) fn period_of(self, d: NaiveDate) -> i32 {
        match self {
            Frame::Weekly(origin) => ((d - origin).num_days() as f64 / 7.0).round() as i32,
            Frame::Monthly(_) => Month::of(d).index(),
            Frame::Yearly(..) => d.year(),
        }
    }

    /// The nearest slot to `d` and the distance in days.
    pub(super) fn slot_of(self, d: NaiveDate) -> (i32, i64) {
        let guess = self.period_of(d);
        (guess - 1..=guess + 1)
            .map(|s| (s, (d - self.expected(s)).num_days().abs()))
            .min_by_key(|&(s, dist)| (dist, s))
            .unwrap_or((guess, i64::MAX))
    }
}

/// The day of the month, with the last day of a month counted as 31: a charge on
/// 31 January, 28 February and 30 April is one "month end" stream.
pub(super) fn effective_day(d: NaiveDate) -> u32 {
    if d.day() == Month::of(d).days() {
        31
    } else {
        d.day()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frame_made_from_a_day_expects_it_in_its_own_period() {
        for day in [
            "2024-01-31",
            "2024-02-29",
            "2025-02-28",
            "2025-03-15",
            "2025-12-31",
        ] {
            let d = NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
            for cadence in Cadence::ALL {
                let f = Frame::new(cadence, d);
                assert_eq!(f.slot_of(d), (f.period_of(d), 0), "{cadence:?} {day}");
                assert_eq!(f.expected(f.period_of(d)), d, "{cadence:?} {day}");
            }
        }
    }
}
