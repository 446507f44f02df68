//! The seasonal factor of a month (docs/RULES.md rule 7): at least 1.0, always with a reason.
//! With 13 months of history it is learned from the user's own spending a year before,
//! aligned on 설날 and 추석 rather than on calendar months, and shrunk toward 1; with
//! less, it comes from configurable priors for 명절, 가정의 달, 코리아세일페스타 and 연말.

use super::calendar::{self, Holiday, HolidaySpan, Season};
use super::monthly::{net, MonthFigures};
use crate::month::Month;
use chrono::{Datelike, NaiveDate};
use rust_decimal::prelude::*;
use serde::{Deserialize, Serialize};

/// The calendar priors (`[seasons]` in the config file).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Priors {
    /// A month holding 설날 or 추석 days.
    pub holiday: f64,
    /// May, 가정의 달.
    pub family_month: f64,
    /// November, 코리아세일페스타 and 수능.
    pub sale_festa: f64,
    /// December, 연말.
    pub year_end: f64,
}

impl Default for Priors {
    fn default() -> Priors {
        Priors {
            holiday: 1.3,
            family_month: 1.15,
            sale_festa: 1.1,
            year_end: 1.2,
        }
    }
}

/// Months of history needed before the factor is learned.
pub const LEARN_AFTER_MONTHS: i32 = 13;
/// The learned value is pulled toward 1 as years / (years + SHRINK).
const SHRINK: i32 = 1;
/// No month is planned above twice its usual spend.
const MAX_FACTOR: f64 = 2.0;

/// Why a month's factor is what it is (worded by `words::season`).
#[derive(Debug, Clone, PartialEq)]
pub enum Why {
    /// No 명절 or season in the month, or none above 1.0: the usual level.
    Usual,
    /// The calendar priors: the month's 명절 and its season (with the 수능 day in
    /// November), every one of them named although the largest sets the factor.
    Prior {
        holidays: Vec<HolidaySpan>,
        season: Option<(Season, Option<NaiveDate>)>,
    },
    /// Last year this month held a 명절 it does not hold now.
    HolidayMovedAway { last_year: Month },
    /// Learned: the aligned month of the latest year (`from`, the month of last
    /// year's `holiday` when aligned on one), the mean ratio to its three months before
    /// over `years` years.
    Learned {
        from: Month,
        holiday: Option<Holiday>,
        mean: f64,
        years: usize,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Factor {
    pub month: Month,
    /// Two decimals, ≥ 1.0.
    pub factor: Decimal,
    pub why: Why,
    /// Learned from the user's history (else a calendar prior).
    pub learned: bool,
    /// The months it was learned from (each aligned month and the three before it).
    pub learned_from: Vec<Month>,
}

/// A factor as shown: two decimals (`1.00`, `1.36`), never below 1.
fn two_dp(x: f64) -> Decimal {
    let mut d = Decimal::from_f64(x)
        .unwrap_or(Decimal::ONE)
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
        .max(Decimal::ONE);
    d.rescale(2);
    d
}

/// The factor of `month` from the priors alone.
pub fn prior(month: Month, priors: &Priors) -> Factor {
    let holidays = calendar::holidays_in(month);
    let season = Season::of(month);
    let mut best = if holidays.is_empty() {
        1.0
    } else {
        priors.holiday
    };
    if let Some(season) = season {
        best = best.max(match season {
            Season::FamilyMonth => priors.family_month,
            Season::SaleFesta => priors.sale_festa,
            Season::YearEnd => priors.year_end,
        });
    }
    let factor = two_dp(best);
    let why = if (holidays.is_empty() && season.is_none()) || factor == Decimal::ONE {
        Why::Usual
    } else {
        let suneung = |s: Season| {
            (s == Season::SaleFesta)
                .then(|| calendar::suneung(month.year))
                .flatten()
        };
        Why::Prior {
            holidays,
            season: season.map(|s| (s, suneung(s))),
        }
    };
    Factor {
        month,
        factor,
        why,
        learned: false,
        learned_from: Vec::new(),
    }
}

/// The month a year before `month` that played the same part: the month of last year's
/// 설날/추석 when `month` holds one, else the same calendar month. `None` when the same
/// calendar month last year held a 명절 that `month` does not (nothing to learn from).
fn aligned(month: Month, years_back: i32) -> Option<(Month, Option<Holiday>)> {
    let here = calendar::holidays_in(month);
    if let Some(span) = here.first() {
        let year = span.main_day().year() - years_back;
        let then = calendar::holiday(span.holiday, year)?;
        return Some((Month::of(then.main_day()), Some(span.holiday)));
    }
    let same = month.plus(-12 * years_back);
    if calendar::holidays_in(same).is_empty() {
        Some((same, None))
    } else {
        None
    }
}

/// The factor of `month`: learned from `months` (the monthly figures) when they span
/// at least 13 months before `month`, else from the priors.
pub fn factor(month: Month, months: &[MonthFigures], priors: &Priors) -> Factor {
    let first = months.iter().find(|m| m.payments > 0).map(|m| m.month);
    let history = first.map_or(0, |f| month.index() - f.index());
    if history < LEARN_AFTER_MONTHS {
        return prior(month, priors);
    }
    let Some(first) = first else {
        return prior(month, priors);
    };
    // Ratio of the aligned month to the three months before it, for each past year.
    let mut ratios: Vec<(Month, f64, Option<Holiday>)> = Vec::new();
    let mut shifted_away = None;
    for back in 1..=3 {
        match aligned(month, back) {
            Some((r, holiday)) if r.plus(-3) >= first => {
                let base: Option<i64> = (1..=3).map(|k| net(months, r.plus(-k))).sum();
                if let (Some(base), Some(then)) = (base.filter(|&b| b > 0), net(months, r)) {
                    ratios.push((r, then as f64 * 3.0 / base as f64, holiday));
                }
            }
            None if back == 1 => shifted_away = Some(month.plus(-12)),
            _ => {}
        }
    }
    if let Some(last_year) = shifted_away {
        // Last year this month held a 명절 it does not hold now: no uplift to learn.
        return Factor {
            month,
            factor: two_dp(1.0),
            why: Why::HolidayMovedAway { last_year },
            learned: true,
            learned_from: Vec::new(),
        };
    }
    if ratios.is_empty() {
        return prior(month, priors);
    }
    let years = ratios.len() as f64;
    let mean = ratios.iter().map(|r| r.1).sum::<f64>() / years;
    let weight = years / (years + f64::from(SHRINK));
    let learned = (1.0 + (mean - 1.0) * weight).clamp(1.0, MAX_FACTOR);
    let factor = two_dp(learned);
    let (from, _, holiday) = ratios[0];
    let why = Why::Learned {
        from,
        holiday,
        mean,
        years: ratios.len(),
    };
    let learned_from = ratios
        .iter()
        .flat_map(|(r, _, _)| (0..=3).map(move |k| r.plus(-k)))
        .collect();
    Factor {
        month,
        factor,
        why,
        learned: true,
        learned_from,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn history(from: &str, nets: &[(&str, i64)], until: &str) -> Vec<MonthFigures> {
        let (from, until) = (Month::parse(from).unwrap(), Month::parse(until).unwrap());
        (from.index()..=until.index())
            .map(|i| {
                let month = Month::from_index(i);
                let net = nets
                    .iter()
                    .find(|(m, _)| Month::parse(m) == Some(month))
                    .map_or(100_000, |x| x.1);
                MonthFigures {
                    net,
                    approved: net,
                    payments: 5,
                    ..MonthFigures::zero(month)
                }
            })
            .collect()
    }

    fn m(s: &str) -> Month {
        Month::parse(s).unwrap()
    }

    #[test]
    fn priors_for_holidays_and_seasons() {
        let p = Priors::default();
        let f = |s: &str| prior(m(s), &p);
        let holiday = |s: &str| match f(s).why {
            Why::Prior { holidays, .. } => holidays
                .iter()
                .map(|h| (h.holiday, h.days[0].to_string()))
                .collect::<Vec<_>>(),
            other => panic!("{other:?}"),
        };
        assert_eq!(f("2026-02").factor.to_string(), "1.30");
        assert_eq!(
            holiday("2026-02"),
            [(Holiday::Seollal, "2026-02-16".to_string())]
        );
        assert_eq!(f("2026-01").factor.to_string(), "1.00");
        assert_eq!(f("2025-05").factor.to_string(), "1.15");
        assert_eq!(f("2025-10").factor.to_string(), "1.30");
        assert_eq!(
            holiday("2025-10"),
            [(Holiday::Chuseok, "2025-10-05".to_string())]
        );
        assert_eq!(f("2025-11").factor.to_string(), "1.10");
        assert_eq!(f("2025-12").factor.to_string(), "1.20");
        assert_eq!(f("2025-07").factor.to_string(), "1.00");
        assert_eq!(f("2025-07").why, Why::Usual);
        assert!(matches!(
            f("2025-11").why,
            Why::Prior { season: Some((Season::SaleFesta, Some(d))), .. } if d.to_string() == "2025-11-13"
        ));
    }

    #[test]
    fn holidays_are_aligned_not_calendar_months() {
        // 설날 2025 was in January (spent 300,000 against 100,000 before); 설날 2026 is
        // in February. February 2026 learns from January 2025, not February 2025.
        let months = history("2024-09", &[("2025-01", 300_000)], "2026-01");
        let feb = factor(m("2026-02"), &months, &Priors::default());
        assert!(feb.learned);
        // ratio 3.0, one year → 1 + 2.0 × 1/2 = 2.0
        assert_eq!(feb.factor.to_string(), "2.00");
        assert!(
            matches!(feb.why, Why::Learned { from, holiday: Some(Holiday::Seollal), years: 1, .. } if from == m("2025-01")),
            "{:?}",
            feb.why
        );
        // January 2026 holds no 설날: last January's spike is not carried over.
        let jan = factor(m("2026-01"), &months, &Priors::default());
        assert_eq!(jan.factor, Decimal::ONE);
        assert_eq!(
            jan.why,
            Why::HolidayMovedAway {
                last_year: m("2025-01")
            }
        );
    }

    #[test]
    fn the_learned_factor_is_shrunk_and_never_below_one() {
        let months = history("2024-08", &[("2024-12", 160_000)], "2025-11");
        let dec = factor(m("2025-12"), &months, &Priors::default());
        // ratio 1.6 → 1.3
        assert_eq!(dec.factor.to_string(), "1.30");
        let months = history("2024-08", &[("2024-12", 40_000)], "2025-11");
        let dec = factor(m("2025-12"), &months, &Priors::default());
        assert_eq!(dec.factor, Decimal::ONE);
        assert!(matches!(dec.why, Why::Learned { mean, .. } if mean < 1.0));
    }

    #[test]
    fn a_year_with_an_uncovered_month_teaches_nothing() {
        // As above, but October 2024 (one of December's base months) was in no statement.
        let months: Vec<MonthFigures> = history("2024-08", &[("2024-12", 160_000)], "2025-11")
            .into_iter()
            .filter(|f| f.month != m("2024-10"))
            .collect();
        let dec = factor(m("2025-12"), &months, &Priors::default());
        assert!(!dec.learned, "{:?}", dec.why);
        assert_eq!(dec.factor.to_string(), "1.20");
        // The uncovered month itself (December 2024) likewise.
        let months: Vec<MonthFigures> = history("2024-08", &[], "2025-11")
            .into_iter()
            .filter(|f| f.month != m("2024-12"))
            .collect();
        assert!(!factor(m("2025-12"), &months, &Priors::default()).learned);
    }

    #[test]
    fn short_history_uses_the_priors() {
        let months = history("2025-01", &[], "2025-11");
        let dec = factor(m("2025-12"), &months, &Priors::default());
        assert!(!dec.learned);
        assert_eq!(dec.factor.to_string(), "1.20");
    }
}
