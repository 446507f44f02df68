//! The Korean calendar of spending seasons: 설날 and 추석 from the lunar calendar (KASI
//! data via `korean-lunar-calendar`, to 2050) with substitute (대체) and announced
//! temporary (임시) holidays, and the other seasons: 가정의 달 (May),
//! 코리아세일페스타 (November, with 수능 on its 3rd Thursday) and 연말 (December).

use crate::month::Month;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use korean_lunar_calendar::{lunar_to_gregorian, LunarDate};
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Holiday {
    Seollal,
    Chuseok,
}

impl Holiday {
    pub const ALL: [Holiday; 2] = [Holiday::Seollal, Holiday::Chuseok];

    /// The lunar month and day of the holiday itself.
    fn lunar(self) -> (u8, u8) {
        match self {
            Holiday::Seollal => (1, 1),
            Holiday::Chuseok => (8, 15),
        }
    }
}

/// Why an extra day off was added to a holiday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Extra {
    /// 대체공휴일: a day of the span fell on a Sunday or on another holiday.
    Substitute,
    /// 임시공휴일: announced by the government for that year.
    Temporary,
}

/// One 설날 or 추석: the three-day span and any substitute or temporary days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HolidaySpan {
    pub holiday: Holiday,
    /// The day before, the day, the day after.
    pub days: [NaiveDate; 3],
    pub extra: Vec<(NaiveDate, Extra)>,
}

impl HolidaySpan {
    /// Every day off, the span first.
    pub fn all_days(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.days
            .iter()
            .copied()
            .chain(self.extra.iter().map(|(d, _)| *d))
    }

    /// The holiday itself (설날 or 추석 day).
    pub fn main_day(&self) -> NaiveDate {
        self.days[1]
    }
}

/// Temporary holidays announced next to 설날 or 추석. Add a line when one is announced.
const TEMPORARY: &[(i32, u32, u32, Holiday)] = &[
    (2023, 10, 2, Holiday::Chuseok),
    (2025, 1, 27, Holiday::Seollal),
];

/// Fixed-date public holidays (a 설날/추석 day on one of them gets a substitute).
const FIXED: &[(u32, u32)] = &[
    (1, 1),
    (3, 1),
    (5, 5),
    (6, 6),
    (8, 15),
    (10, 3),
    (10, 9),
    (12, 25),
];

fn is_fixed_holiday(d: NaiveDate) -> bool {
    FIXED.contains(&(d.month(), d.day()))
}

/// The years the lunar data covers.
const LUNAR_YEARS: std::ops::RangeInclusive<i32> = 1583..=2050;

/// The solar date of 설날 or 추석 itself in `year`, worked out once per process: the
/// crate walks its table of lunar months from 1583 on every call (some 5,000 steps),
/// and the seasonal factors of every limit ask for the same few years again and again.
fn main_day(h: Holiday, year: i32) -> Option<NaiveDate> {
    const YEARS: usize = (*LUNAR_YEARS.end() - *LUNAR_YEARS.start() + 1) as usize;
    static DAYS: [[OnceLock<Option<NaiveDate>>; 2]; YEARS] =
        [const { [const { OnceLock::new() }; 2] }; YEARS];
    let slot = usize::try_from(year.checked_sub(*LUNAR_YEARS.start())?).ok()?;
    let which = Holiday::ALL.iter().position(|&x| x == h)?;
    *DAYS.get(slot)?[which].get_or_init(|| {
        let (month, day) = h.lunar();
        lunar_to_gregorian(&LunarDate {
            year,
            month: (month, false),
            day,
        })
    })
}

/// 설날 or 추석 of solar `year`; `None` outside the lunar data ([`LUNAR_YEARS`]).
pub fn holiday(h: Holiday, year: i32) -> Option<HolidaySpan> {
    let main = main_day(h, year)?;
    let days = [main - Duration::days(1), main, main + Duration::days(1)];
    // 대체공휴일 (since 2014): each span day on a Sunday or on another public holiday
    // gives the next day that is not a Sunday, a holiday or already off.
    let clashes = days
        .iter()
        .filter(|d| d.weekday() == Weekday::Sun || is_fixed_holiday(**d))
        .count();
    let mut extra = Vec::new();
    let mut next = days[2];
    for _ in 0..clashes {
        loop {
            next += Duration::days(1);
            if next.weekday() != Weekday::Sun && !is_fixed_holiday(next) {
                break;
            }
        }
        extra.push((next, Extra::Substitute));
    }
    if year < 2014 {
        extra.clear();
    }
    for &(y, m, d, which) in TEMPORARY {
        if which == h && y == year {
            if let Some(t) = NaiveDate::from_ymd_opt(y, m, d) {
                extra.push((t, Extra::Temporary));
            }
        }
    }
    extra.sort();
    Some(HolidaySpan {
        holiday: h,
        days,
        extra,
    })
}

/// 설날 and 추석 spans with at least one day off in `month`.
pub fn holidays_in(month: Month) -> Vec<HolidaySpan> {
    let mut out = Vec::new();
    for year in [month.year - 1, month.year, month.year + 1] {
        for h in Holiday::ALL {
            if let Some(span) = holiday(h, year) {
                if span.all_days().any(|d| Month::of(d) == month) {
                    out.push(span);
                }
            }
        }
    }
    out
}

/// 수능 dates as announced (they do not always follow the rule below).
const SUNEUNG: &[(i32, u32, u32)] = &[
    (2020, 12, 3),
    (2021, 11, 18),
    (2022, 11, 17),
    (2023, 11, 16),
    (2024, 11, 14),
    (2025, 11, 13),
    (2026, 11, 19),
];

/// 수능: the announced date, else the third Thursday of November.
pub fn suneung(year: i32) -> Option<NaiveDate> {
    match SUNEUNG.iter().find(|x| x.0 == year) {
        Some(&(y, m, d)) => NaiveDate::from_ymd_opt(y, m, d),
        None => NaiveDate::from_weekday_of_month_opt(year, 11, Weekday::Thu, 3),
    }
}

/// The seasons of a month other than 설날 and 추석.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Season {
    /// 가정의 달: 어린이날, 어버이날, 스승의 날.
    FamilyMonth,
    /// 코리아세일페스타 and 수능.
    SaleFesta,
    /// 연말: Christmas and year-end.
    YearEnd,
}

impl Season {
    pub fn of(month: Month) -> Option<Season> {
        match month.month {
            5 => Some(Season::FamilyMonth),
            11 => Some(Season::SaleFesta),
            12 => Some(Season::YearEnd),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(d: NaiveDate) -> String {
        d.format("%m-%d").to_string()
    }

    /// A row of the holiday table below (설날 and 추석 2020–2030 with their substitute and
    /// temporary holidays, as published by the government), as text.
    fn row(h: Holiday, year: i32) -> String {
        let span = holiday(h, year).unwrap();
        let mut s = format!("{}..{}", md(span.days[0]), md(span.days[2]));
        for (d, kind) in &span.extra {
            s += &format!(
                ", +{} {}",
                md(*d),
                match kind {
                    Extra::Substitute => "대체",
                    Extra::Temporary => "임시",
                }
            );
        }
        s
    }

    #[test]
    fn seollal_and_chuseok_2020_to_2030() {
        let table = [
            (2020, "01-24..01-26, +01-27 대체", "09-30..10-02"),
            (2021, "02-11..02-13", "09-20..09-22"),
            (2022, "01-31..02-02", "09-09..09-11, +09-12 대체"),
            (
                2023,
                "01-21..01-23, +01-24 대체",
                "09-28..09-30, +10-02 임시",
            ),
            (2024, "02-09..02-11, +02-12 대체", "09-16..09-18"),
            (
                2025,
                "01-28..01-30, +01-27 임시",
                "10-05..10-07, +10-08 대체",
            ),
            (2026, "02-16..02-18", "09-24..09-26"),
            (2027, "02-06..02-08, +02-09 대체", "09-14..09-16"),
            (2028, "01-26..01-28", "10-02..10-04, +10-05 대체"),
            (2029, "02-12..02-14", "09-21..09-23, +09-24 대체"),
            (2030, "02-02..02-04, +02-05 대체", "09-11..09-13"),
        ];
        for (year, seollal, chuseok) in table {
            assert_eq!(row(Holiday::Seollal, year), seollal, "설날 {year}");
            assert_eq!(row(Holiday::Chuseok, year), chuseok, "추석 {year}");
        }
    }

    #[test]
    fn remembered_days_match_the_lunar_data() {
        for year in *LUNAR_YEARS.start() - 2..=*LUNAR_YEARS.end() + 2 {
            for h in Holiday::ALL {
                let (month, day) = h.lunar();
                let date = LunarDate {
                    year,
                    month: (month, false),
                    day,
                };
                // Asked twice: worked out, then remembered.
                assert_eq!(main_day(h, year), lunar_to_gregorian(&date), "{h:?} {year}");
                assert_eq!(main_day(h, year), lunar_to_gregorian(&date), "{h:?} {year}");
            }
        }
        assert_eq!(
            main_day(Holiday::Seollal, 1583),
            NaiveDate::from_ymd_opt(1583, 1, 24)
        );
        assert_eq!(
            main_day(Holiday::Chuseok, 2050),
            NaiveDate::from_ymd_opt(2050, 9, 30)
        );
        assert_eq!(main_day(Holiday::Seollal, 2051), None);
        assert_eq!(main_day(Holiday::Chuseok, 1582), None);
        assert_eq!(main_day(Holiday::Seollal, i32::MIN), None);
    }

    #[test]
    fn months_holding_holiday_days() {
        let names = |m: &str| -> Vec<Holiday> {
            holidays_in(Month::parse(m).unwrap())
                .iter()
                .map(|s| s.holiday)
                .collect()
        };
        const SEOLLAL: [Holiday; 1] = [Holiday::Seollal];
        const CHUSEOK: [Holiday; 1] = [Holiday::Chuseok];
        assert_eq!(names("2025-01"), SEOLLAL);
        assert!(names("2025-02").is_empty());
        assert_eq!(names("2026-02"), SEOLLAL);
        assert!(names("2026-01").is_empty());
        // 2022: 설날 runs from 31 January to 2 February, so both months hold it.
        assert_eq!(names("2022-01"), SEOLLAL);
        assert_eq!(names("2022-02"), SEOLLAL);
        // 2020: 추석 from 30 September to 2 October.
        assert_eq!(names("2020-09"), CHUSEOK);
        assert_eq!(names("2020-10"), CHUSEOK);
        assert!(names("2025-09").is_empty());
        assert_eq!(names("2025-10"), CHUSEOK);
    }

    #[test]
    fn suneung_as_announced_else_the_third_thursday() {
        assert_eq!(suneung(2024).unwrap().to_string(), "2024-11-14");
        assert_eq!(suneung(2025).unwrap().to_string(), "2025-11-13");
        assert_eq!(suneung(2026).unwrap().to_string(), "2026-11-19");
        assert_eq!(suneung(2027).unwrap().to_string(), "2027-11-18");
    }
}
