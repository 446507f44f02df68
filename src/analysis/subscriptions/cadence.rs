//! The three cadences and where each expects its charges: monthly on an anchor day
//! (the month's end counted as 31), weekly every 7 days, yearly on the anniversary.

use crate::month::Month;
use chrono::{Datelike, NaiveDate};
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
    /// Every 7 days from the origin (in days from the common era: a week's slots are
    /// worked out without calendar arithmetic).
    Weekly(i32),
    /// On this day of every month (clamped to the month's end).
    Monthly(u32),
    /// On this month and day every year.
    Yearly(u32, u32),
}

impl Frame {
    pub(super) fn new(cadence: Cadence, d: NaiveDate) -> Frame {
        match cadence {
            Cadence::Weekly => Frame::Weekly(d.num_days_from_ce()),
            Cadence::Monthly => Frame::Monthly(effective_day(d)),
            Cadence::Yearly => Frame::Yearly(d.month(), effective_day(d)),
        }
    }

    /// [`Frame::new`] for a day from the common era.
    pub(super) fn on_day(cadence: Cadence, day: i32) -> Frame {
        match cadence {
            Cadence::Weekly => Frame::Weekly(day),
            _ => Frame::new(cadence, from_day(day)),
        }
    }

    pub(super) fn expected(self, slot: i32) -> NaiveDate {
        match self {
            Frame::Weekly(_) => from_day(self.expected_day(slot)),
            Frame::Monthly(day) => Month::from_index(slot).day_clamped(day),
            Frame::Yearly(month, day) => Month { year: slot, month }.day_clamped(day),
        }
    }

    /// [`Frame::expected`] in days from the common era.
    pub(super) fn expected_day(self, slot: i32) -> i32 {
        match self {
            Frame::Weekly(origin) => origin + 7 * slot,
            Frame::Monthly(day) => Month::from_index(slot).day_number_clamped(day),
            Frame::Yearly(month, day) => Month { year: slot, month }.day_number_clamped(day),
        }
    }

    /// The slot of the period `day` (days from the common era) falls in: the nearest
    /// slot, or one next to it. For a frame made from the day (`Frame::new`), its own
    /// slot.
    pub(super) fn period_of_day(self, day: i32) -> i32 {
        match self {
            // The nearest whole week (a day is never half a week from a slot).
            Frame::Weekly(origin) => (day - origin + 3).div_euclid(7),
            Frame::Monthly(_) => Month::of(from_day(day)).index(),
            Frame::Yearly(..) => from_day(day).year(),
        }
    }

    /// The nearest slot to `d` and the distance in days.
    pub(super) fn slot_of(self, d: NaiveDate) -> (i32, i64) {
        self.slot_of_day(d.num_days_from_ce())
    }

    /// [`Frame::slot_of`] for a day from the common era.
    pub(super) fn slot_of_day(self, day: i32) -> (i32, i64) {
        let guess = self.period_of_day(day);
        (guess - 1..=guess + 1)
            .map(|s| (s, i64::from((day - self.expected_day(s)).abs())))
            .min_by_key(|&(s, dist)| (dist, s))
            .unwrap_or((guess, i64::MAX))
    }
}

/// The date `day` days from the common era.
pub(super) fn from_day(day: i32) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(day).unwrap_or_default()
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
    use chrono::Duration;

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
                assert_eq!(
                    f.slot_of(d),
                    (f.period_of_day(d.num_days_from_ce()), 0),
                    "{cadence:?} {day}"
                );
                assert_eq!(
                    f.expected(f.period_of_day(d.num_days_from_ce())),
                    d,
                    "{cadence:?} {day}"
                );
            }
        }
    }

    /// A week's slots in day numbers are the calendar's: the nearest slot as rounding
    /// the days since the origin over 7 gives it, the expected date 7 days a slot on.
    #[test]
    fn weekly_slots_in_days_agree_with_the_calendar() {
        let origin = NaiveDate::from_ymd_opt(2024, 2, 27).unwrap();
        let f = Frame::new(Cadence::Weekly, origin);
        for offset in -400..400i64 {
            let d = origin + Duration::days(offset);
            let want = (offset as f64 / 7.0).round() as i32;
            assert_eq!(f.period_of_day(d.num_days_from_ce()), want, "{offset}");
            assert_eq!(
                f.expected(want),
                origin + Duration::days(7 * i64::from(want))
            );
            let (slot, dist) = f.slot_of(d);
            assert_eq!((slot, dist), (want, (offset - 7 * i64::from(want)).abs()));
        }
    }
}
